"""What Datasette reads of a database's schema, read once a schema version (``startup``).

Why: Datasette 0.65 reads a table's columns, keys, full-text table, definition
and permissions' spelling again on every visit, each in a hand-over to a SQL
thread: 24 hand-overs for a quote_list page, about 300 for the database page.
Alone each is a fraction of a millisecond; under twenty readers at once each
is a wait for the serving thread to come round again, and a quote_list page
worked out under load took 1.2-1.4 s of such waits for its 50 ms of work. The
schema changes only when a migration runs, and SQLite counts every change in
``PRAGMA schema_version``; so :func:`install` keeps the answers of the
``Database`` methods that read only the schema, and of any ``execute`` that reads
only ``sqlite_master``, per database, schema version and arguments, reading the
version on the page cache's read-only connection (no hand-over, a few microseconds).
Each answer is handed out as a copy, so a caller changing it changes nothing kept.
The methods are the running instance's (Datasette's class is not touched).
"""
from __future__ import annotations

import copy
import functools
import re

from .page_cache import pragma_now

# Database methods whose answer depends only on the schema (and the site's metadata, which
# ``quotes serve`` reads once).
SCHEMA_METHODS = ("table_exists", "table_names", "view_names", "hidden_table_names", "table_columns",
                  "table_column_details", "primary_keys", "fts_table", "foreign_keys_for_table",
                  "get_all_foreign_keys", "get_table_definition", "get_view_definition",
                  "attached_databases")
# SQL that reads sqlite_master and nothing else (the permission checks' spelling of a table).
_MASTER_ONLY = re.compile(r"\s*select\s[^;]*?\sfrom\s+sqlite_master\b(?![^;]*\b(?:from|join)\b)[^;]*",
                          re.IGNORECASE | re.DOTALL)
MAX_KEPT = 2048  # answers a database (table names come from requests: a bound, however many)


def install(datasette) -> None:
    """Keep the schema reads of each of ``datasette``'s database files (once a database)."""
    for db in datasette.databases.values():
        if db.is_memory or getattr(db, "_quotes_schema_kept", None) is not None:
            continue
        version, kept = functools.partial(pragma_now, db, "schema_version"), {}
        db._quotes_schema_kept = kept
        for name in SCHEMA_METHODS:
            setattr(db, name, _kept(getattr(db, name), name, version, kept, datasette))
        db.execute = _kept_master_reads(db.execute, version, kept)


def _kept(method, name: str, version, kept: dict, datasette):
    """``method``, answering from ``kept`` while the schema version is the one it was read at."""
    async def answer(*args, **kwargs):
        now = version()
        if now is None:
            return await method(*args, **kwargs)
        key = (now, id(datasette._metadata_local), name, args, tuple(sorted(kwargs.items())))
        if key not in kept:
            found = await method(*args, **kwargs)
            if version() != now:  # changed meanwhile: not kept
                return found
            if len(kept) >= MAX_KEPT:
                kept.clear()
            kept[key] = found
        return copy.deepcopy(kept[key])
    return answer


def _kept_master_reads(execute, version, kept: dict):
    """``execute``, answering SQL that reads only ``sqlite_master`` from ``kept``."""
    async def answer(sql, params=None, *args, **kwargs):
        now = version() if isinstance(sql, str) and "sqlite_master" in sql else None
        if now is None or args or kwargs or not _MASTER_ONLY.fullmatch(sql):
            return await execute(sql, params, *args, **kwargs)
        try:
            key = (now, "execute", sql, tuple(sorted(params.items())) if isinstance(params, dict)
                   else tuple(params or ()))
            hash(key)
        except TypeError:  # parameters that cannot be a key
            return await execute(sql, params)
        if key not in kept:
            found = await execute(sql, params)
            if version() != now:
                return found
            if len(kept) >= MAX_KEPT:
                kept.clear()
            kept[key] = found
        found = kept[key]
        return type(found)(list(found.rows), found.truncated, found.description)
    return answer
