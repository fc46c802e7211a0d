"""quote_list's facets and row count from the counts the store keeps; an outlet's page newest first.

Why: quote_list's page facets its rows by outlet, speaker, kind and role. Datasette
groups the rows its filter leaves for each facet, so an outlet's page at a
million quotes read that outlet's 25,000 quotes once a facet (450 ms on the
first visit after each commit). The store keeps those counts in ``quote_facets``
(migration m015): for the whole view and for each outlet, speaker and kind, the
number of rows of each value of each of the four columns, by the names the view
shows. A page filtered on one of those (``?outlet=...``) or on nothing reads its
largest few counts by index.

Datasette's own column facet (``ColumnFacet``) answers every other page, so the
facets look the same whatever the filter: :class:`CountedFacet` is a column
facet that reads the counts when they cover the query, which it knows from the
SQL Datasette hands it (the view with no filter, or with one ``column = :p0``
filter; a search, a second filter or any other condition changes that SQL).
``metadata.yml`` configures quote_list's facets as ``{counted: outlet}``;
the results say ``"type": "column"``, as the same facets always did.

The page's row count ("2,500 rows where outlet = ...") is read from the same counts
(:func:`install`): Datasette counts the rows its filter leaves with a ``select
count(*)`` of its own, 55 ms for one outlet at a million quotes and 1.8 s for the
whole view, and has no hook for it, so at ``startup`` each database's ``execute``
(the instance's method, not Datasette's class) answers exactly that statement, for
the view with no filter or one the counts cover, from ``quote_facets`` while they
hold every quote stored; any other SQL, and that one when they do not, goes to
Datasette's own. The same ``execute`` reads one outlet's page of rows, newest first,
by walking the outlet's articles newest first (migration m017's index) and stopping at
the page's last quote, where Datasette's statement sorted every quote of the outlet
(25,000 at a million quotes, 55-80 ms): the same rows in the same order of publication
(quotes published at the same moment in the order of their article and their id), for
a page and the next (``_next``). An outlet named "unknown outlet" (whose page also lists
the quotes of no outlet) is left to Datasette's statement.
"""
from __future__ import annotations

import re

from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args

from .rendering import UNKNOWN_OUTLET

COUNTED_VIEW = "quote_list"
COUNTED_FILTERS = ("outlet", "speaker", "kind")
COUNTED_COLUMNS = ("outlet", "speaker", "kind", "role")
# The SQL Datasette facets for quote_list with no filter, or with one exact filter.
_COUNTED_SQL = re.compile(r'select .* from (?:quote_list|\[quote_list\]|"quote_list")\s*'
                          r'(?:where "(?P<column>\w+)" = :p0\s*)?', re.DOTALL)


# The SQL Datasette counts quote_list's rows with, with no filter or one exact filter.
_COUNT_SQL = re.compile(r'select count\(\*\) from (?:quote_list|\[quote_list\]|"quote_list")\s*'
                        r'(?:where "(?P<column>\w+)" = :p0\s*)?', re.DOTALL)


def counted_filter(pattern: re.Pattern, sql: str, params) -> tuple[str, str] | None:
    """The (column, value) ``sql`` (matching ``pattern``) filters quote_list on, ``("", "")``
    for none, or ``None`` when the counts do not cover its rows."""
    match = pattern.fullmatch(sql.strip())
    if match is None:
        return None
    if params and not isinstance(params, dict):  # (positional parameters: not Datasette's)
        return None
    column, params = match["column"], dict(params or {})
    if column is None:
        return ("", "") if not params else None
    if column not in COUNTED_FILTERS or set(params) != {"p0"} or not isinstance(params["p0"], str):
        return None
    return column, params["p0"]


def counts_current(conn) -> bool:
    """Whether the database on ``conn`` keeps the counts and they hold every quote stored.

    A writer counts its new quotes as it commits (:mod:`quotes.store.locking`); one
    that wrote by hand, without it, leaves quotes past ``quote_facets_counted``
    until the next commit that counts: till then Datasette counts live.
    """
    if not conn.execute("select 1 from sqlite_master where name = 'quote_facets_counted'").fetchone():
        return False
    return bool(conn.execute("select coalesce((select max(id) from quotes), 0)"
                             " <= (select quote_id from quote_facets_counted)").fetchone()[0])


def read_row_count(conn, column: str, value: str) -> int | None:
    """quote_list's rows where ``column`` is ``value`` (all of them for ``""``), from the
    counts; ``None`` when they do not hold every quote."""
    if not counts_current(conn):
        return None
    found = conn.execute("select n from quote_facets where filter = ? and filter_value = ?"
                         " and facet = '' and value = ''", [column, value]).fetchone()
    return found[0] if found else 0


# The SQL Datasette reads a page of quote_list's rows of one outlet with, newest first.
_OUTLET_PAGE_SQL = re.compile(r'select (?P<columns>[\w, ]+) from quote_list where "outlet" = :p0 '
                              r'order by published desc limit (?P<limit>\d+)(?: offset (?P<offset>\d+))?')
_NEWEST_OF_AN_OUTLET = """select {columns} from quote_list where quote_id in (
  select quotes.id from articles join quotes on quotes.article_id = articles.id
  where articles.outlet_id = (select id from outlets where name = :p0)
  order by articles.published desc, articles.id desc, quotes.id limit {limit} offset {offset})
order by published desc, article_id desc, quote_id"""


def outlet_page_sql(sql: str, params) -> str | None:
    """The statement reading the same page as ``sql`` (Datasette's page of one outlet's rows,
    newest first) by the outlet's articles newest first; ``None`` for any other SQL."""
    match = _OUTLET_PAGE_SQL.fullmatch(sql.strip())
    params = params if isinstance(params, dict) else {}
    if match is None or set(params) != {"p0"} or not isinstance(params["p0"], str) \
            or params["p0"] == UNKNOWN_OUTLET:
        return None
    return _NEWEST_OF_AN_OUTLET.format(columns=match["columns"], limit=match["limit"],
                                       offset=match["offset"] or 0)


def install(datasette) -> None:
    """Answer Datasette's row count of quote_list from the counts, and an outlet's page of rows
    by its articles newest first, on each database."""
    from datasette.database import Results

    for db in datasette.databases.values():
        if getattr(db, "_quotes_counted", False) or db.is_memory:
            continue
        original = db.execute

        async def execute(sql, params=None, *args, original=original, db=db, **kwargs):
            counted = counted_filter(_COUNT_SQL, sql, params) if isinstance(sql, str) else None
            if counted is not None:
                count = await db.execute_fn(lambda conn: read_row_count(conn, *counted))
                if count is not None:
                    return Results([(count,)], False, [("count(*)",)])
            newest = outlet_page_sql(sql, params) if isinstance(sql, str) else None
            return await original(newest or sql, params, *args, **kwargs)
        db.execute, db._quotes_counted = execute, True


class CountedFacet(ColumnFacet):
    """A column facet of quote_list, read from ``quote_facets`` where those counts cover it."""

    type = "counted"

    async def suggest(self):
        return []  # what it facets is configured; Datasette's own facet suggests the rest

    async def facet_results(self):
        counted = counted_filter(_COUNTED_SQL, self.sql, self.params) if self.table == COUNTED_VIEW else None
        configs = self.get_configs()
        if counted is None or any((c["config"].get("column") or c["config"]["simple"]) not in COUNTED_COLUMNS
                                  for c in configs) or not await self._counts_current():
            results, timed_out = await super().facet_results()
        else:
            results, timed_out = [await self._counted(counted, c) for c in configs], []
        for result in results:
            result["type"] = "column"  # the same facets as before, whoever counted them
        return results, timed_out

    async def _counts_current(self) -> bool:
        """Whether the database keeps the counts and they hold every quote stored."""
        return await self.ds.databases[self.database].execute_fn(counts_current)

    async def _counted(self, counted: tuple[str, str], source_and_config: dict) -> dict:
        """One facet as :class:`ColumnFacet` would give it, from the counts."""
        config, source = source_and_config["config"], source_and_config["source"]
        column = config.get("column") or config["simple"]
        size = self.get_facet_size()
        where, value = counted
        if column == where:  # filtered on this column: its one value, with the page's count
            sql = ("select filter_value, n from quote_facets where filter = ? and filter_value = ?"
                   " and facet = '' and value = '' and n > 0")
            params = [where, value]
        else:
            sql = ("select value, n from quote_facets where filter = ? and filter_value = ?"
                   " and facet = ? and n > 0 order by n desc, value limit ?")
            params = [where, value, column, size + 1]
        rows = (await self.ds.execute(self.database, sql, params)).rows
        pairs = self.get_querystring_pairs()
        values = []
        for value, count in rows[:size]:
            selected = (column, str(value)) in pairs
            toggle = (path_with_removed_args(self.request, {column: str(value)}) if selected
                      else path_with_added_args(self.request, {column: value}))
            values.append({"value": value, "label": value, "count": count, "selected": selected,
                           "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle))})
        return {"name": column, "type": "column", "hideable": source != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_counted": column})),
                "results": values, "truncated": len(rows) > size}


@hookimpl
def register_facet_classes():
    return [CountedFacet]
