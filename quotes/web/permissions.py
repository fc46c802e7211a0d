"""Each table's ``allow`` blocks worked out once, not at every permission check (``startup``).

Why: Datasette 0.65 answers each ``view-table`` check (its default permission hook's) by
merging every source of metadata afresh, a deep copy of the whole site's metadata each
time; this site's metadata describes every table, column and canned query, so a check
cost about 1.5 ms of CPU. A table page asks three or four, and the database page one for
each of its sixty tables and views: a third of a second of the database page's CPU at any
size. The blocks depend only on the metadata, which ``quotes serve`` reads once at start;
so :func:`install` keeps Datasette's answer per (database, table) for as long as the
metadata it came from is the same object, and only on a Datasette whose metadata no plugin
supplies (a ``get_metadata`` hook could change it at any time). The answer is Datasette's
own, so a table denied stays denied (``tests/test_row_pages.py``, ``tests/test_permissions_kept.py``).
"""
from __future__ import annotations


def install(datasette) -> None:
    """Keep ``datasette``'s table permission blocks (once an instance)."""
    if getattr(datasette, "_quotes_table_allows", None) is not None:
        return
    from datasette.plugins import pm  # (here: importing it loads the plugins, this one among them)

    if pm.hook.get_metadata.get_hookimpls():
        return
    original = datasette._table_permission_allows
    kept: dict = {}
    datasette._quotes_table_allows = kept

    def table_permission_allows(database, table):
        key = (id(datasette._metadata_local), database, table)
        if key not in kept:
            if len(kept) > 4096:  # (table names come from requests; a bound, however many)
                kept.clear()
            kept[key] = original(database, table)
        return kept[key]
    datasette._table_permission_allows = table_permission_allows
