"""SQLite storage through sqlite-utils: one package, a module per concern.

Tables: ``outlets``, ``articles``, ``speakers``, ``speaker_aliases``,
``speaker_roles``, ``speaker_overrides``, ``speaker_links`` (Wikidata ids),
``outlet_overrides``, ``role_groups`` (spellings of one role), ``quotes``, ``clusters``
(with ``cluster_links``, ``cluster_variants``, ``cluster_shingles``); views ``quote_list``
(quotes with names, for browsing), ``quote_roles`` (quotes by role, spellings folded),
``speaker_outlets`` (quotes per speaker and outlet) and ``cluster_appearances`` (where
each statement appeared). A quote in several pieces
(``"A," she said. "B."``) is one statement: its pieces share ``quotes.statement_id``.

- :mod:`~quotes.store.connection`: opening a database (WAL, pragmas, schema up to date);
- :mod:`~quotes.store.locking`: the write lock, taken up front, with retries;
- :mod:`~quotes.store.migrations`: the schema as named steps of literal SQL, so any
  older database upgrades in place when it is opened;
- :mod:`~quotes.store.writes`: the commit stage's inserts;
- :mod:`~quotes.store.statements`: the clustering index's reads and writes;
- :mod:`~quotes.store.counters`: counts kept beside the rows they count;
- :mod:`~quotes.store.fulltext`: full-text indexing once a transaction;
- :mod:`~quotes.store.queries`: reading back (exports, speakers, quotes, counts);
- :mod:`~quotes.store.identity` and :mod:`~quotes.store.outlets`: what speaker and outlet
  edits by hand read and change;
- :mod:`~quotes.store.revisions`: an article found by its URL, edited in place, its revisions;
- :mod:`~quotes.store.watching`: ``quotes watch``'s sources, polls and URLs seen;
- :mod:`~quotes.store.bulk`: a database loaded whole, or appended to (``extract --spark-tables``).

The commit stage writes each article and everything extracted from it in one
transaction, so an interrupted run keeps every article it finished and a re-run
skips them by content hash. Callers use the names below (``store.open_db``,
``store.writing``, ``store.export_rows``, ...).
"""
from quotes.store.connection import (
    DATABASE_ERRORS,
    DEFAULT_DB,
    DEMO_DB,
    DatabaseUnusable,
    check_db,
    describe,
    holds_only,
    is_database_fault,
    open_db,
)
from quotes.store.counters import (
    add_speaker_quotes,
    count_article,
    count_outlet_quotes,
    recount_speaker_quotes,
    refresh_cluster_stats,
)
from quotes.store.fulltext import FTS_COLUMNS, index_new_rows
from quotes.store.locking import BUSY_TIMEOUT_S, WRITE_ATTEMPTS, checkpoint, writing
from quotes.store.migrations import MIGRATIONS, MIGRATIONS_TABLE, applied_migrations, migrate
from quotes.store.queries import (
    EXPORT_FIELDS,
    EXPORT_TYPES,
    UNKNOWN_OUTLET,
    article_id,
    article_quotes,
    content_hashes,
    counts,
    export_rows,
    has_article,
    speaker_aliases,
    speaker_outlet_counts,
    speaker_quotes,
    speaker_role_names,
    speaker_row,
    speaker_rows,
)
from quotes.store.writes import (
    add_alias,
    add_row,
    add_rows,
    add_speaker,
    file_names,
    insert_article,
    insert_quotes,
    now,
    outlet_id,
    role_group,
)

__all__ = [
    "BUSY_TIMEOUT_S", "DATABASE_ERRORS", "DEFAULT_DB", "DEMO_DB", "DatabaseUnusable", "EXPORT_FIELDS", "EXPORT_TYPES", "FTS_COLUMNS",
    "MIGRATIONS",
    "MIGRATIONS_TABLE", "UNKNOWN_OUTLET", "WRITE_ATTEMPTS", "add_alias", "add_row", "add_rows",
    "add_speaker_quotes", "check_db", "count_outlet_quotes", "describe",
    "is_database_fault", "recount_speaker_quotes",
    "add_speaker", "applied_migrations", "article_id", "article_quotes", "checkpoint",
    "content_hashes", "count_article", "counts", "export_rows", "file_names", "has_article",
    "holds_only", "index_new_rows", "insert_article", "insert_quotes", "migrate", "now",
    "open_db", "outlet_id", "refresh_cluster_stats", "role_group", "speaker_aliases",
    "speaker_outlet_counts", "speaker_quotes", "speaker_role_names", "speaker_row",
    "speaker_rows", "writing",
]
