"""The Datasette plugin behind ``quotes serve`` and ``quotes publish``.

It adds the SQL functions the canned queries use (a speaker under any
spelling, a median for the pick-up delays), links names in query results to
their pages, shows an unknown outlet, date or headline the same way
everywhere, and gathers what the custom pages (``quotes/templates``) show: a
quote in its article with the quote and the speaker highlighted, a speaker's
profile, a quote's spread over outlets and time, an outlet's articles,
speakers and pick-ups, the pick-up page (``/DATABASE/-/pick-up``) and the
charts. Two small fixes put the data first on Datasette's own pages: column
descriptions go behind a toggle, and a ``_facet=`` repeating a table's own
facet is dropped instead of shown twice. And it keeps Datasette's counts,
facets and schema reads until the database changes (:class:`CountsUntilChanged`),
so a page of a million quotes is not counted again on every visit.

This module imports nothing from ``quotes``: ``quotes publish`` copies it alone
into ``--plugins-dir``, and a published Datasette has no ``quotes`` package.
"""
from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import sqlite3
import statistics
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from anyascii import anyascii
from datasette import hookimpl
from datasette.database import QueryInterrupted, Results
from datasette.utils import escape_fts, urlsafe_components
from datasette.utils.asgi import Response
from markupsafe import Markup, escape
from rapidfuzz import fuzz

ASSETS = "quotes-assets"  # the --static mount for quotes.css and the vendored Vega JS
# The most characters of a name the SQL functions read. SQLite's time limit cannot stop a
# Python function once called, so each call must be short: 600 kB arguments once held a
# page for 30 s. No name or alias is near this long.
MAX_NAME_CHARS = 200
MAX_QUERY_CHARS = 500  # of the words searched for

_NON_WORD = re.compile(r"[^a-z0-9]+")
_DROPPED = re.compile(r"[’'`´ʼ‘.]")
_DOUBLED = re.compile(r"(.)\1+")
ID_PAGES = {
    "quote_id": "quotes", "speaker_id": "speakers", "article_id": "articles",
    "cluster_id": "clusters", "outlet_id": "outlets", "first_article_id": "articles",
    "first_outlet_id": "outlets", "picked_up_by_id": "outlets", "statement_id": "quotes",
}
# A column of names or words in query results links to the page of the id column beside it
# (the id columns themselves are hidden on canned query pages, see quotes.css).
NAME_LINKS = {"speaker": "speaker_id", "outlet": "outlet_id", "title": "article_id",
              "text": "quote_id", "quote": "cluster_id", "first_outlet": "first_outlet_id",
              "picked_up_by": "picked_up_by_id"}


def fold(text: str | None) -> str:
    """Case, diacritics, transliteration and punctuation folded as :func:`quotes.names.fold` does.

    Kept here rather than imported because ``quotes publish`` ships this module alone;
    a test holds the two to the same results.
    """
    text = _DROPPED.sub("", anyascii((text or "")[:MAX_NAME_CHARS]).lower())
    return _NON_WORD.sub(" ", text).strip()


def name_score(candidate: str | None, query: str | None) -> int:
    """How well ``query`` names ``candidate`` (0-100), whatever the spelling.

    Both are folded and doubled letters squeezed (``Youssef Haddad`` reads
    ``yousef hadad``). A substring scores 100 (``haddad`` in ``harbour master
    yusuf haddad``); otherwise the best edit-distance ratio between the query
    and any run of as many words in the candidate, so a role before the name
    does not count against it (``Mustafa Bali`` against ``sdf spokesman mustefa bali``).
    Only the first :data:`MAX_NAME_CHARS` characters of each count, so one call is quick.
    """
    query = _DOUBLED.sub(r"\1", fold(query))
    candidate = _DOUBLED.sub(r"\1", fold(candidate))
    if len(query) < 2 or not candidate:
        return 0
    if query in candidate:
        return 100
    words = candidate.split()
    width = len(query.split())
    runs = [" ".join(words[i:i + width]) for i in range(max(1, len(words) - width + 1))]
    return round(max(fuzz.ratio(query, run) for run in runs))


_VOWELS = re.compile(r"[aeiouyhw]")


def lookup_keys(name: str | None) -> str:
    """As a JSON list, the ``speaker_lookup`` keys a name is filed under (see
    :func:`quotes.names.lookup_keys`): only names sharing one are scored."""
    keys = set()
    for word in _DOUBLED.sub(r"\1", fold(name)).split():
        if len(word) > 1:
            keys.add("w:" + word)
            keys.add("s:" + word[0] + _DOUBLED.sub(r"\1", _VOWELS.sub("", word[1:])))
    return json.dumps(sorted(keys))


def fts_query(words: str | None) -> str:
    """``words`` as a full-text query for each of them (Datasette's ``escape_fts``); ``''`` for none.

    At most :data:`MAX_QUERY_CHARS` are read, and a NUL becomes a space (fts5 stops
    reading a query at one and answers "unterminated string"). Registered as
    deterministic, so ``quotes_fts_query(:text) != ''`` is settled once, before
    fts5 ever sees an empty query.
    """
    return escape_fts(str(words or "")[:MAX_QUERY_CHARS].replace("\0", " "))


@hookimpl
def prepare_connection(conn):
    conn.create_function("quotes_fold", 1, fold, deterministic=True)
    conn.create_function("quotes_name_score", 2, name_score, deterministic=True)
    conn.create_function("quotes_lookup_keys", 1, lookup_keys, deterministic=True)
    conn.create_function("quotes_fts_query", 1, fts_query, deterministic=True)
    conn.create_aggregate("quotes_median", 1, Median)


class Median:
    """``quotes_median(x)``: the median of the non-null values (SQLite has none built in)."""

    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


def _read_only_query(datasette, path: str) -> bool:
    parts = path.strip("/").split("/")
    if len(parts) != 2 or parts[0] not in datasette.databases:
        return False
    name = parts[1].rsplit(".", 1)[0] if parts[1].endswith((".json", ".csv")) else parts[1]
    query = (datasette.metadata("queries", database=parts[0]) or {}).get(name)
    return query is not None and not (isinstance(query, dict) and query.get("write"))


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path(f"/{ASSETS}/quotes.css")]


UNKNOWN_OUTLET = "unknown outlet"  # how an article with no outlet is shown, faceted and counted
UNDATED = "undated"  # how an article with no date is shown
UNTITLED = "untitled"  # how an article with no headline is shown (with its source)
# Columns holding an outlet's name: no value there is the unknown outlet, never a link.
OUTLET_COLUMNS = {"outlet", "first_outlet", "picked_up_by"}


def unknown(label: str) -> Markup:
    """An unknown outlet, date or headline, shown the same way on every page."""
    return Markup('<span class="q-unknown">{}</span>').format(label)


_INSTANT = re.compile(r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]00:?00)?$")


def show_date(published: str | None) -> Markup:
    """A publication date for reading: ``2026-03-02T08:15:00Z`` is ``2026-03-02 08:15 UTC``.

    The stored value stays in the ``datetime`` attribute; no date (or a canned query's
    ``'undated'``) is shown as undated.
    """
    if not published or published == UNDATED:
        return unknown(UNDATED)
    match = _INSTANT.match(published)
    shown = published
    if match:
        shown = f"{match[1]} {match[2]}" + (" UTC" if match[3] else "")
    return Markup('<time datetime="{}">{}</time>').format(published, shown)


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["quotes_date"] = show_date


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """In query results and the quote_list view, names link to their pages; unknowns say so."""
    if table not in (None, "quote_list"):
        return None
    if column in OUTLET_COLUMNS and value in (None, UNKNOWN_OUTLET):
        return unknown(UNKNOWN_OUTLET)
    if column == "published":
        return show_date(value)
    if column == "title" and value is None:
        value = unknown(UNTITLED)
    if value is None:
        return None
    if column in ID_PAGES and isinstance(value, int):
        return _link(datasette, database, ID_PAGES[column], value, value)
    id_column = NAME_LINKS.get(column)
    if id_column and id_column in row.keys() and isinstance(row[id_column], int):
        return _link(datasette, database, ID_PAGES[id_column], row[id_column], value)
    return value if isinstance(value, Markup) else None


def _link(datasette, database, table, pk, text):
    href = datasette.urls.table(database, table) + f"/{pk}"
    return Markup('<a href="{}">{}</a>').format(href, text)


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    async def inner():
        if not database or database not in datasette.databases:
            return {}
        if view_name == "table" and table:
            return columns_behind_a_toggle(datasette.table_metadata(database, table))
        db = datasette.get_database(database)
        if not await db.table_exists("quotes"):
            return {}
        if view_name == "database":
            return {"quotes_page": await overview(db)}
        if view_name == "row" and table in PAGES:
            pks = urlsafe_components(request.url_vars["pks"])
            if len(pks) == 1 and pks[0].isdigit():
                return {"quotes_page": await PAGES[table](datasette, db, int(pks[0]))}
        return {}

    return inner


def columns_behind_a_toggle(metadata: dict) -> dict:
    """Move a table's column descriptions out of Datasette's list above the rows.

    Datasette prints every description between the heading and the data; the
    table template (``templates/table.html``) shows them in a closed
    ``<details>`` instead, so the rows come first.
    """
    if not metadata.get("columns"):
        return {}
    return {"metadata": {k: v for k, v in metadata.items() if k != "columns"},
            "quotes_columns": metadata["columns"]}


@hookimpl
def startup(datasette):
    """Count once per change of the database, not once per visit (see :class:`CountsUntilChanged`)."""
    for db in datasette.databases.values():
        if db.path and not db.is_memory:
            CountsUntilChanged(db)


async def counted(datasette) -> None:
    """Wait until the counts that timed out on pages are worked out (for benchmarks and tests)."""
    for db in datasette.databases.values():
        counts = getattr(db, "quotes_counts", None)
        if counts is not None and counts.filling and counts.task is not None:
            await counts.task


# Datasette's own counting queries: ``select count(*) from ...`` (a table page's total) and
# a column facet's ``select COL as value, count(*) as count from (...) group by ...``.
_COUNTING = re.compile(r"\s*select (count\(\*\) |\S+ as value, count\(\*\) as count from \()",
                       re.IGNORECASE)
# Its reads of the schema: a database page asks them 230 times, each a turn on one of its
# three SQL threads, so under load the page queued behind other pages' queries for seconds.
_SCHEMA = re.compile(r"\s*(select [^;]* from sqlite_master\b[^;]*|pragma \w+;?)\s*$", re.IGNORECASE)
SCHEMA_LOOK_UPS = ("table_columns", "primary_keys", "fts_table", "get_all_foreign_keys",
                   "hidden_table_names")
CACHED_RESULTS = 512  # counting results kept, the least recently used dropped first
# A count that timed out on a page is worked out behind it with this limit, one at a time on
# a connection of its own; at most this many wait their turn (others wait for a later visit).
BACKGROUND_LIMIT_MS = 30_000
PENDING_COUNTS = 64  # a database page alone may time out on thirty tables


class CountsUntilChanged:
    """Keep Datasette's counts of a database until the database changes.

    On a writable database Datasette counts every table on each visit of the
    database page and counts and facets a table or view on each visit of its
    page: at a million quotes that is a second or more a visit, though the
    answers change only when an ``extract`` run commits. ``PRAGMA
    data_version`` on a connection of its own tells when any process has
    committed since; until then a count or facet that finished is answered from
    memory. A count or facet that hits its time limit shows as timed out on
    that visit (as in Datasette; the database page leaves a table's count out)
    and is then worked out once in the background, one at a time and with a
    longer limit, so later visits show it.
    """

    def __init__(self, db):
        self.db, self.lock, self.version, self.filling = db, threading.Lock(), None, False
        self.pending: dict = {}  # counts that timed out, to work out behind the pages
        self.results: OrderedDict = OrderedDict()
        mode = "immutable=1" if not db.is_mutable else "mode=ro"
        self.probe_uri, self.behind = f"file:{db.path}?{mode}", None
        self.probe = sqlite3.connect(self.probe_uri, uri=True, check_same_thread=False)
        self.execute, db.execute = db.execute, self.cached_execute  # table_counts uses it too
        for name in SCHEMA_LOOK_UPS:
            setattr(db, name, self.remembering(name, getattr(db, name)))
        db.quotes_counts, self.task = self, None

    def current_version(self) -> int:
        """The database's version now; every result is forgotten when a commit changed it."""
        with self.lock:
            version = self.probe.execute("pragma data_version").fetchone()[0]
            if version != self.version:
                self.version = version
                self.results.clear()
            return version

    def remember(self, version, key, result) -> None:
        with self.lock:
            if version == self.version:  # else a commit landed meanwhile: it may be stale
                self.results[key] = result
                while len(self.results) > CACHED_RESULTS:
                    self.results.popitem(last=False)

    async def remembered(self, key, compute):
        version = self.current_version()
        with self.lock:
            if key in self.results:
                self.results.move_to_end(key)
                return self.results[key]
        result = await compute()
        self.remember(version, key, result)
        return result

    def remembering(self, name, look_up):
        """``look_up`` (a schema method of Datasette's Database) answered from memory."""
        async def remembered_look_up(*args):
            return copy.deepcopy(await self.remembered((name, args), lambda: look_up(*args)))
        return remembered_look_up

    async def cached_execute(self, sql, params=None, **kwargs):
        if kwargs.get("truncate"):  # SQL someone wrote (Datasette truncates only that): as it is
            return await self.execute(sql, params, **kwargs)
        if _SCHEMA.match(sql):
            key = (sql, json.dumps(params, sort_keys=True, default=str))
            return await self.remembered(key, lambda: self.execute(sql, params, **kwargs))
        if not _COUNTING.match(sql):
            return await self.execute(sql, params, **kwargs)
        key = (sql, json.dumps(params, sort_keys=True, default=str), repr(sorted(kwargs.items())))
        try:
            return await self.remembered(key, lambda: self.execute(sql, params, **kwargs))
        except QueryInterrupted:
            with self.lock:
                if len(self.pending) < PENDING_COUNTS:
                    self.pending.setdefault(key, (sql, params, kwargs))
                start, self.filling = not self.filling, True
            if start:  # kept, so the loop does not drop the task before it ends
                self.task = asyncio.get_running_loop().create_task(self.fill())
            raise

    async def fill(self) -> None:
        """Work out the counts that timed out, one at a time with a longer limit, for the next visits."""
        try:
            while True:
                with self.lock:
                    if not self.pending:
                        self.filling = False
                        return
                    key, (sql, params, kwargs) = self.pending.popitem()
                version = self.current_version()
                with contextlib.suppress(sqlite3.Error):
                    self.remember(version, key, await asyncio.to_thread(self.count_behind, sql, params))
        except BaseException:  # cancelled when the server stops: a later timeout starts anew
            with self.lock:
                self.filling = False
            raise

    def count_behind(self, sql, params) -> Results:
        """Run a count on a connection of its own, not one of Datasette's threads, and past
        Datasette's time limit (a custom limit can only shorten it) up to BACKGROUND_LIMIT_MS."""
        if self.behind is None:
            self.behind = sqlite3.connect(self.probe_uri, uri=True, check_same_thread=False)
            self.behind.row_factory = sqlite3.Row
        deadline = time.monotonic() + BACKGROUND_LIMIT_MS / 1000
        self.behind.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
        cursor = self.behind.execute(sql, params or {})
        return Results(cursor.fetchall(), False, cursor.description)


@hookimpl
def asgi_wrapper(datasette):
    """Drop a ``_facet=`` that repeats one of the table's own facets, and answer a POST to a
    read-only canned query with 405.

    Datasette computes such a facet twice and shows both (``quote_list?_facet=outlet``),
    and a POST to a canned query that only reads ends in its 500 page.
    """
    def wrap(app):
        async def at_the_door(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method") == "POST" \
                    and _read_only_query(datasette, scope.get("path", "")):
                await Response.text("This query only reads: use GET.", status=405,
                                    headers={"Allow": "GET, HEAD"}).asgi_send(send)
                return
            if scope.get("type") == "http" and b"_facet=" in scope.get("query_string", b""):
                scope = dict(scope, query_string=_unrepeated(datasette, scope["path"],
                                                             scope["query_string"]))
            await app(scope, receive, send)
        return at_the_door
    return wrap


def _unrepeated(datasette, path: str, query: bytes) -> bytes:
    parts = path.strip("/").split("/")
    facets: list = []
    if len(parts) == 2:
        database, table = parts
        facets = (datasette.table_metadata(database, table).get("facets")
                  or datasette.table_metadata(database, table.rsplit(".", 1)[0]).get("facets") or [])
    seen = {facet for facet in facets if isinstance(facet, str)}
    kept = []
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if name == "_facet":
            if value in seen:
                continue
            seen.add(value)
        kept.append((name, value))
    return urlencode(kept).encode("latin-1")


@hookimpl
def register_routes():
    return [(r"^/(?P<database>[^/]+)/-/pick-up$", pick_up_view)]


async def pick_up_view(datasette, request):
    """The pick-up page: per pair of outlets, how often and how soon one carried the other's quotes."""
    from datasette import NotFound, Response

    database = request.url_vars["database"]
    if database not in datasette.databases:
        raise NotFound(f"Database not found: {database}")
    await datasette.ensure_permissions(request.actor, [("view-database", database), "view-instance"])
    pairs = await pick_ups(datasette, database, request.actor)
    return Response.html(await datasette.render_template(
        "quotes/pick-up.html", {"database": database, "pairs": pairs,
                                "chart": pick_up_chart(pairs) if pairs else None},
        request=request))


# Pages -------------------------------------------------------------------------------------

async def rows(db, sql, params=None) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params or {})).rows]


async def counted_rows(db, sql, params=None) -> list[dict]:
    """:func:`rows` of a count over many rows (a speaker's quotes by outlet), kept like
    Datasette's own counts until the database changes (see :class:`CountsUntilChanged`)."""
    counts = getattr(db, "quotes_counts", None)
    if counts is None:
        return await rows(db, sql, params)
    key = ("rows", sql, json.dumps(params, sort_keys=True, default=str))
    return copy.deepcopy(await counts.remembered(key, lambda: rows(db, sql, params)))


APPEARANCES = """
    select quotes.id as quote_id, quotes.kind, quotes.text, quotes.speaker_mention,
           quotes.speaker_id, speakers.name as speaker, quotes.cluster_id,
           quotes.article_id, articles.title, articles.source, articles.url, articles.published,
           articles.outlet_id, outlets.name as outlet
    from quotes
    join articles on articles.id = quotes.article_id
    left join outlets on outlets.id = articles.outlet_id
    left join speakers on speakers.id = quotes.speaker_id
"""
# Earliest publication first; undated articles after dated ones, then in reading order.
FIRST_ORDER = "order by articles.published is null, articles.published, quotes.article_id, quotes.start"


async def quote_page(datasette, db, pk: int) -> dict | None:
    found = await rows(db, """
        select quotes.*, speakers.name as speaker, articles.text as article_text,
               articles.title, articles.source, articles.url, articles.published,
               articles.outlet_id, outlets.name as outlet
        from quotes join articles on articles.id = quotes.article_id
        left join outlets on outlets.id = articles.outlet_id
        left join speakers on speakers.id = quotes.speaker_id
        where quotes.id = :id""", {"id": pk})
    if not found:
        return None
    quote = found[0]
    text = quote.pop("article_text") or ""
    pieces = await statement_pieces(db, quote)
    spans = [(piece["start"], piece["end"], "quote", None) for piece in pieces]
    if quote["speaker_start"] is not None:
        spans.append((quote["speaker_start"], quote["speaker_end"], "speaker", None))
    if quote["cue_start"] is not None:
        spans.append((quote["cue_start"], quote["cue_end"], "cue", None))
    low = min(span[0] for span in spans)
    high = max(span[1] for span in spans)
    low = text.rfind("\n", 0, low) + 1
    high = text.find("\n", high) if text.find("\n", high) >= 0 else len(text)
    appearances = []
    if quote["cluster_id"] is not None:
        appearances = await rows(db, APPEARANCES + f" where quotes.cluster_id = :c {FIRST_ORDER}",
                                 {"c": quote["cluster_id"]})
    return {
        "quote": quote,
        "passage": highlight(text, spans, low, high),
        "before": low > 0,
        "after": high < len(text),
        "appearances": appearances,
        "first": appearances[0] if appearances else None,
        "pieces": pieces,
    }


async def statement_pieces(db, quote: dict) -> list[dict]:
    """The pieces of the statement ``quote`` belongs to, in text order (just itself when it
    is whole, or in a database from before statements were stored)."""
    if quote.get("statement_id") is None:
        return [{"id": quote["id"], "start": quote["start"], "end": quote["end"], "text": quote["text"]}]
    return await rows(db, 'select id, start, "end", text from quotes where statement_id = :s'
                      " order by start", {"s": quote["statement_id"]})


async def article_page(datasette, db, pk: int) -> dict | None:
    found = await rows(db, """
        select articles.*, outlets.name as outlet from articles
        left join outlets on outlets.id = articles.outlet_id where articles.id = :id""", {"id": pk})
    if not found:
        return None
    article = found[0]
    text = article.pop("text") or ""
    quotes = await rows(db, "select * from quotes where article_id = :id order by start", {"id": pk})
    titles = piece_titles(quotes)
    # A piece of a statement in several pieces is marked as such; each still links to its page.
    spans = [(q["start"], q["end"], "statement" if ("statement", q["id"]) in titles else "quote",
              q["id"]) for q in quotes]
    spans += [(q["speaker_start"], q["speaker_end"], "speaker", q["speaker_id"])
              for q in quotes if q["speaker_start"] is not None]
    pages = {"quote": datasette.urls.table(db.name, "quotes"),
             "statement": datasette.urls.table(db.name, "quotes"),
             "speaker": datasette.urls.table(db.name, "speakers")}
    return {"article": article, "passage": highlight(text, spans, 0, len(text), pages, titles),
            "quote_count": len(quotes),
            "statement_count": sum(1 for q in quotes if q.get("statement_id") in (None, q["id"])),
            "in_pieces": bool(titles)}


def piece_titles(quotes: list[dict]) -> dict:
    """``("statement", id)`` → "piece 1 of 2 of one statement", for each of ``quotes`` (in text
    order) that is a piece of a statement in several pieces."""
    pieces: dict = {}
    for q in quotes:
        if q.get("statement_id") is not None:
            pieces.setdefault(q["statement_id"], []).append(q["id"])
    return {("statement", ident): f"piece {n} of {len(ids)} of one statement"
            for ids in pieces.values() if len(ids) > 1 for n, ident in enumerate(ids, 1)}


PAGE_QUOTES = 100  # a speaker page lists this many quotes and links to the full list


async def speaker_page(datasette, db, pk: int) -> dict | None:
    found = await rows(db, "select * from speakers where id = :id", {"id": pk})
    if not found:
        return None
    # The page's quotes are picked on the index first, so only they are read whole.
    quotes = await rows(db, APPEARANCES + f""" where quotes.id in (
        select quotes.id from quotes join articles on articles.id = quotes.article_id
        where quotes.speaker_id = :id {FIRST_ORDER} limit {PAGE_QUOTES}) {FIRST_ORDER}""",
                        {"id": pk})
    count = await counted_rows(db, "select count(*) as n from quotes where speaker_id = :id", {"id": pk})
    aliases = await rows(db, """
        select alias, articles as times from speaker_spellings where speaker_id = :id
        order by times desc, alias""", {"id": pk})
    roles = await counted_rows(db, """
        select role, count(*) as times from speaker_roles where speaker_id = :id
        group by role order by times desc, role""", {"id": pk})
    outlets = [dict(row, outlet=row["outlet"] or UNKNOWN_OUTLET) for row in await counted_rows(db, """
        select outlets.name as outlet, articles.outlet_id, count(*) as quotes
        from quotes join articles on articles.id = quotes.article_id
        left join outlets on outlets.id = articles.outlet_id
        where quotes.speaker_id = :id
        group by articles.outlet_id
        order by articles.outlet_id is null, quotes desc, outlet""", {"id": pk})]
    return {
        "speaker": found[0], "quotes": quotes, "aliases": aliases, "roles": roles,
        "outlets": outlets, "quote_count": count[0]["n"],
        "all_quotes": datasette.urls.table(db.name, "quote_list") + f"?speaker_id={pk}",
        "chart": bar_chart(outlets, "outlet", "Quotes by outlet"),
        "spread": spread_chart(quotes),
        "undated": sum(1 for q in quotes if not q["published"]),  # of those the chart shows
    }


async def cluster_page(datasette, db, pk: int) -> dict | None:
    appearances = await rows(db, APPEARANCES + f" where quotes.cluster_id = :id {FIRST_ORDER}",
                             {"id": pk})
    if not appearances:
        return None
    articles = {a["article_id"]: a["outlet_id"] for a in appearances}
    return {
        "appearances": appearances,
        "first": appearances[0],
        # Counted as the clusters row counts them: articles, and outlets that are known.
        "articles": len(articles),
        "outlets": len({outlet for outlet in articles.values() if outlet is not None}),
        "unknown_outlet": sum(1 for outlet in articles.values() if outlet is None),
        "spread": spread_chart(appearances),
        "undated": sum(1 for a in appearances if not a["published"]),
    }


async def outlet_page(datasette, db, pk: int) -> dict | None:
    found = await rows(db, "select * from outlets where id = :id", {"id": pk})
    if not found:
        return None
    articles = await rows(db, """
        select articles.id as article_id, articles.title, articles.source, articles.published,
               articles.url, count(quotes.id) as quotes
        from articles left join quotes on quotes.article_id = articles.id
        where articles.outlet_id = :id
        group by articles.id order by articles.published is null, articles.published desc,
                 articles.id""", {"id": pk})
    speakers = await rows(db, """
        select quotes.speaker_id, coalesce(speakers.name, '(unattributed)') as speaker,
               count(*) as quotes,
               sum(quotes.kind = 'direct') as direct, sum(quotes.kind = 'indirect') as indirect,
               sum(quotes.kind = 'mixed') as mixed
        from quotes join articles on articles.id = quotes.article_id
        left join speakers on speakers.id = quotes.speaker_id
        where articles.outlet_id = :id
        group by quotes.speaker_id order by quotes desc, speaker""", {"id": pk})
    pairs = await pick_ups(datasette, db.name, None)
    return {
        "outlet": found[0],
        "articles": articles,
        "speakers": speakers,
        "chart": bar_chart(speakers[:20], "speaker", "Quotes by speaker (top 20)"),
        "picked_up_by": [p for p in pairs if p["first_outlet_id"] == pk],
        "picked_up_from": [p for p in pairs if p["picked_up_by_id"] == pk],
    }


async def overview(db) -> dict:
    """The database page's charts, from the counts the commit stage keeps (no scan of quotes)."""
    by_outlet = await rows(db, """
        select name as outlet, quote_count as quotes from outlets where quote_count > 0
        union all
        select null, (select count(*) from quotes) - (select coalesce(sum(quote_count), 0) from outlets)
        order by quotes desc, outlet""")
    by_speaker = await rows(db, """
        select name as speaker, quote_count as quotes from speakers
        where kind != 'anonymous' and quote_count > 0
        order by quote_count desc, name limit 20""")
    return {
        "outlet_chart": bar_chart([r for r in by_outlet if r["quotes"]], "outlet", "Quotes per outlet"),
        "speaker_chart": bar_chart(by_speaker, "speaker", "Quotes per speaker (top 20 named)"),
    }


async def pick_ups(datasette, database: str, actor) -> list[dict]:
    """The ``pick_up`` canned query's rows: the page and the query share its SQL (metadata.yml)."""
    query = await datasette.get_canned_query(database, "pick_up", actor)
    if query is None:
        return []
    return await rows(datasette.get_database(database), query["sql"])


PAGES = {
    "quotes": quote_page, "articles": article_page, "speakers": speaker_page,
    "clusters": cluster_page, "outlets": outlet_page,
}


# Text and charts ---------------------------------------------------------------------------

def highlight(text: str, spans, low: int, high: int, pages: dict | None = None,
              titles: dict | None = None) -> Markup:
    """``text[low:high]`` as HTML with each span in a ``<mark>`` of its kind.

    ``spans`` are ``(start, end, kind, id)``; where spans overlap the later one
    in ``spans`` wins (speaker over quote), character by character. A kind
    found in ``pages`` (kind to table URL) links its mark to the row ``id``; a
    ``(kind, id)`` found in ``titles`` gets that tooltip.
    """
    marks: list[tuple[str, int | None] | None] = [None] * (high - low)
    for start, end, kind, ident in spans:
        for i in range(max(start, low), min(end, high)):
            marks[i - low] = (kind, ident)
    out, i = [], 0
    while i < len(marks):
        j = i
        while j < len(marks) and marks[j] == marks[i]:
            j += 1
        piece = escape(text[low + i:low + j])
        if marks[i] is None:
            out.append(piece)
        else:
            kind, ident = marks[i]
            title = (titles or {}).get((kind, ident))
            mark = Markup('<mark class="q-{}"{}>{}</mark>').format(
                kind, Markup(' title="{}"').format(title) if title else "", piece)
            if pages and kind in pages and ident is not None:
                mark = Markup('<a href="{}/{}">{}</a>').format(pages[kind], ident, mark)
            out.append(mark)
        i = j
    return Markup("").join(out).replace("\n", Markup("<br>"))


def tally(appearances: list[dict]) -> list[dict]:
    """Quotes per outlet, most first; articles with no outlet count as the unknown outlet."""
    counts: dict = {}
    for a in appearances:
        key = (a["outlet"] or UNKNOWN_OUTLET, a["outlet_id"])
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (item[0][1] is None, -item[1], item[0][0]))
    return [{"outlet": name, "outlet_id": ident, "quotes": n} for (name, ident), n in ordered]


CHART = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json",
         # As wide as its box (see .q-chart): readable on a phone and on a desktop. The
         # title ("description") goes above it in HTML, where a long one wraps.
         "width": "container", "autosize": {"type": "fit-x", "contains": "padding"}}


def bar_chart(data: list[dict], field: str, title: str) -> dict:
    """A Vega-Lite horizontal bar chart of ``quotes`` per ``field`` (``None`` is the unknown outlet)."""
    return {
        **CHART,
        "description": title,
        "data": {"values": [{field: d[field] or UNKNOWN_OUTLET, "quotes": d["quotes"]} for d in data]},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": field, "type": "nominal", "sort": "-x", "title": None,
                  "axis": {"labelLimit": 140}},
            "x": {"field": "quotes", "type": "quantitative", "title": "quotes",
                  "axis": {"tickMinStep": 1}},
            # The unknown outlet's bar is grey, as its name is everywhere else.
            "color": {"condition": {"test": f"datum[{field!r}] === {UNKNOWN_OUTLET!r}",
                                    "value": "#b0b0b0"}, "value": "#4c78a8"},
        },
    }


def spread_chart(appearances: list[dict]) -> dict | None:
    """A Vega-Lite timeline, one point per dated appearance; ``None`` when nothing is dated."""
    dated = [a for a in appearances if a["published"]]
    if not dated:
        return None
    rank: dict[str, int] = {}
    for appearance in dated:  # outlets top to bottom in order of first appearance
        rank.setdefault(appearance["outlet"] or UNKNOWN_OUTLET, len(rank))
    values = [
        {"outlet": a["outlet"] or UNKNOWN_OUTLET, "published": a["published"],
         "when": show_date(a["published"]).striptags(), "title": a["title"] or a["source"] or "",
         "speaker": a["speaker_mention"] or "",
         "kind": a["kind"], "rank": rank[a["outlet"] or UNKNOWN_OUTLET]}
        for a in dated
    ]
    return {
        **CHART,
        "description": "Where and when it appeared",
        "data": {"values": values},
        "mark": {"type": "point", "filled": True, "size": 140, "tooltip": True},
        "encoding": {
            "x": {"field": "published", "type": "temporal", "title": "published (UTC)",
                  # UTC, as the dates are written on the page, whatever the reader's zone.
                  "scale": {"type": "utc", "padding": 16},
                  "axis": {"labelFlush": True, "tickCount": {"expr": "ceil(width / 90)"}}},
            "y": {"field": "outlet", "type": "nominal", "title": None,
                  "sort": {"field": "rank", "op": "min"}, "axis": {"labelLimit": 140}},
            "color": {"field": "kind", "type": "nominal", "legend": {"orient": "bottom"}},
            "tooltip": [{"field": "outlet"}, {"field": "when", "title": "published"},
                        {"field": "title"}, {"field": "speaker"}, {"field": "kind"}],
        },
    }


def pick_up_chart(pairs: list[dict]) -> dict:
    """Statements each outlet carried after another had them first: a bar per pair, labelled
    with the median delay."""
    values = [{"pair": f"{p['first_outlet']} \u2192 {p['picked_up_by']}",
               "statements": p["statements"],
               "delay": "undated" if p["median_delay_hours"] is None
               else f"median {p['median_delay_hours']:g} h later"}
              for p in pairs]
    bars = {"y": {"field": "pair", "type": "nominal", "sort": "-x", "title": None,
                  "axis": {"labelLimit": 220}},
            "x": {"field": "statements", "type": "quantitative", "axis": {"tickMinStep": 1}}}
    return {
        **CHART,
        "description": "Statements picked up, per pair of outlets",
        "data": {"values": values},
        "encoding": bars,
        "layer": [
            {"mark": {"type": "bar", "tooltip": True}},
            {"mark": {"type": "text", "align": "right", "dx": -4, "color": "white"},
             "encoding": {"text": {"field": "delay"}}},
        ],
    }
