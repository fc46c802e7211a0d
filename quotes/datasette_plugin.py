"""The Datasette plugin behind ``quotes serve`` and ``quotes publish``.

It adds two SQL functions the canned queries use to find a speaker under any
spelling, links the ids in query results to their pages, and gathers what the
custom row pages (``quotes/templates``) show: a quote in its article with the
quote and the speaker highlighted, a speaker's profile, a quote's spread over
outlets and time, an outlet's speakers, and the charts.

This module imports nothing from ``quotes``: ``quotes publish`` copies it alone
into ``--plugins-dir``, and a published Datasette has no ``quotes`` package.
"""
from __future__ import annotations

import re

from anyascii import anyascii
from datasette import hookimpl
from datasette.utils import urlsafe_components
from datasette.utils.asgi import Response
from markupsafe import Markup, escape
from rapidfuzz import fuzz

ASSETS = "quotes-assets"  # the --static mount for quotes.css and the vendored Vega JS
# The most characters of a name the SQL functions read. SQLite's time limit cannot stop a
# Python function once called, so each call must be short: 600 kB arguments once held a
# page for 30 s. No name or alias is near this long.
MAX_NAME_CHARS = 200

_NON_WORD = re.compile(r"[^a-z0-9]+")
_DROPPED = re.compile(r"[’'`´ʼ‘.]")
_DOUBLED = re.compile(r"(.)\1+")
ID_PAGES = {
    "quote_id": "quotes", "speaker_id": "speakers", "article_id": "articles",
    "cluster_id": "clusters", "outlet_id": "outlets", "first_article_id": "articles",
}
NAME_LINKS = {"speaker": "speaker_id", "outlet": "outlet_id", "title": "article_id"}


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


@hookimpl
def prepare_connection(conn):
    conn.create_function("quotes_fold", 1, fold, deterministic=True)
    conn.create_function("quotes_name_score", 2, name_score, deterministic=True)


@hookimpl
def asgi_wrapper(datasette):
    """A POST to a read-only canned query gets 405, not Datasette's 500."""
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method") == "POST" \
                    and _read_only_query(datasette, scope.get("path", "")):
                await Response.text("This query only reads: use GET.", status=405,
                                    headers={"Allow": "GET, HEAD"}).asgi_send(send)
                return
            await app(scope, receive, send)
        return guarded
    return wrap


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


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """In query results and the quote_list view, ids and names link to their pages."""
    if table not in (None, "quote_list") or value is None:
        return None
    if column in ID_PAGES and isinstance(value, int):
        return _link(datasette, database, ID_PAGES[column], value, value)
    id_column = NAME_LINKS.get(column)
    if id_column and id_column in row.keys() and isinstance(row[id_column], int):
        return _link(datasette, database, ID_PAGES[id_column], row[id_column], value)
    return None


def _link(datasette, database, table, pk, text):
    href = datasette.urls.table(database, table) + f"/{pk}"
    return Markup('<a href="{}">{}</a>').format(href, text)


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    async def inner():
        if not database or database not in datasette.databases:
            return {}
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


# Pages -------------------------------------------------------------------------------------

async def rows(db, sql, params=None) -> list[dict]:
    return [dict(row) for row in (await db.execute(sql, params or {})).rows]


APPEARANCES = """
    select quotes.id as quote_id, quotes.kind, quotes.text, quotes.speaker_mention,
           quotes.speaker_id, speakers.name as speaker, quotes.cluster_id,
           quotes.article_id, articles.title, articles.url, articles.published,
           articles.outlet_id, coalesce(outlets.name, '(no outlet)') as outlet
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
               articles.title, articles.url, articles.published, articles.outlet_id,
               outlets.name as outlet
        from quotes join articles on articles.id = quotes.article_id
        left join outlets on outlets.id = articles.outlet_id
        left join speakers on speakers.id = quotes.speaker_id
        where quotes.id = :id""", {"id": pk})
    if not found:
        return None
    quote = found[0]
    text = quote.pop("article_text") or ""
    spans = [(quote["start"], quote["end"], "quote", None)]
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
    }


async def article_page(datasette, db, pk: int) -> dict | None:
    found = await rows(db, "select text from articles where id = :id", {"id": pk})
    if not found:
        return None
    text = found[0]["text"] or ""
    quotes = await rows(db, "select * from quotes where article_id = :id order by start", {"id": pk})
    spans = [(q["start"], q["end"], "quote", q["id"]) for q in quotes]
    spans += [(q["speaker_start"], q["speaker_end"], "speaker", q["speaker_id"])
              for q in quotes if q["speaker_start"] is not None]
    pages = {"quote": datasette.urls.table(db.name, "quotes"),
             "speaker": datasette.urls.table(db.name, "speakers")}
    return {"passage": highlight(text, spans, 0, len(text), pages), "quote_count": len(quotes)}


async def speaker_page(datasette, db, pk: int) -> dict | None:
    found = await rows(db, "select * from speakers where id = :id", {"id": pk})
    if not found:
        return None
    quotes = await rows(db, APPEARANCES + f" where quotes.speaker_id = :id {FIRST_ORDER}", {"id": pk})
    aliases = await rows(db, """
        select alias, count(*) as times from speaker_aliases where speaker_id = :id
        group by alias order by times desc, alias""", {"id": pk})
    roles = await rows(db, """
        select role, count(*) as times from speaker_roles where speaker_id = :id
        group by role order by times desc, role""", {"id": pk})
    outlets = tally(quotes, "outlet", "outlet_id")
    return {
        "speaker": found[0], "quotes": quotes, "aliases": aliases, "roles": roles,
        "outlets": outlets,
        "chart": bar_chart(outlets, "outlet", "Quotes by outlet"),
        "spread": spread_chart(quotes) if quotes else None,
    }


async def cluster_page(datasette, db, pk: int) -> dict | None:
    appearances = await rows(db, APPEARANCES + f" where quotes.cluster_id = :id {FIRST_ORDER}",
                             {"id": pk})
    if not appearances:
        return None
    return {
        "appearances": appearances,
        "first": appearances[0],
        "outlets": tally(appearances, "outlet", "outlet_id"),
        "spread": spread_chart(appearances),
    }


async def outlet_page(datasette, db, pk: int) -> dict | None:
    speakers = await rows(db, """
        select quotes.speaker_id, coalesce(speakers.name, '(unattributed)') as speaker,
               count(*) as quotes,
               sum(quotes.kind = 'direct') as direct, sum(quotes.kind = 'indirect') as indirect,
               sum(quotes.kind = 'mixed') as mixed
        from quotes join articles on articles.id = quotes.article_id
        left join speakers on speakers.id = quotes.speaker_id
        where articles.outlet_id = :id
        group by quotes.speaker_id order by quotes desc, speaker""", {"id": pk})
    return {
        "speakers": speakers,
        "chart": bar_chart(speakers[:20], "speaker", "Quotes by speaker (top 20)"),
    }


async def overview(db) -> dict:
    by_outlet = await rows(db, """
        select coalesce(outlets.name, '(no outlet)') as outlet, count(*) as quotes
        from quotes join articles on articles.id = quotes.article_id
        left join outlets on outlets.id = articles.outlet_id
        group by articles.outlet_id order by quotes desc, outlet""")
    by_speaker = await rows(db, """
        select speakers.name as speaker, count(*) as quotes
        from quotes join speakers on speakers.id = quotes.speaker_id
        where speakers.kind != 'anonymous'
        group by quotes.speaker_id order by quotes desc, speaker limit 20""")
    return {
        "outlet_chart": bar_chart(by_outlet, "outlet", "Quotes per outlet"),
        "speaker_chart": bar_chart(by_speaker, "speaker", "Quotes per speaker (top 20 named)"),
    }


PAGES = {
    "quotes": quote_page, "articles": article_page, "speakers": speaker_page,
    "clusters": cluster_page, "outlets": outlet_page,
}


# Text and charts ---------------------------------------------------------------------------

def highlight(text: str, spans, low: int, high: int, pages: dict | None = None) -> Markup:
    """``text[low:high]`` as HTML with each span in a ``<mark>`` of its kind.

    ``spans`` are ``(start, end, kind, id)``; where spans overlap the later one
    in ``spans`` wins (speaker over quote), character by character. A kind
    found in ``pages`` (kind to table URL) links its mark to the row ``id``.
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
            mark = Markup('<mark class="q-{}">{}</mark>').format(kind, piece)
            if pages and kind in pages and ident is not None:
                mark = Markup('<a href="{}/{}">{}</a>').format(pages[kind], ident, mark)
            out.append(mark)
        i = j
    return Markup("").join(out).replace("\n", Markup("<br>"))


def tally(records: list[dict], name: str, id_column: str) -> list[dict]:
    counts: dict = {}
    for record in records:
        key = (record[name], record[id_column])
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0][0])))
    return [{name: key[0], id_column: key[1], "quotes": n} for key, n in ordered]


def bar_chart(data: list[dict], field: str, title: str) -> dict:
    """A Vega-Lite horizontal bar chart of ``quotes`` per ``field``."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": title,
        "width": 360,
        "data": {"values": [{field: d[field], "quotes": d["quotes"]} for d in data]},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": field, "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "quotes", "type": "quantitative", "title": "quotes",
                  "axis": {"tickMinStep": 1}},
        },
    }


def spread_chart(appearances: list[dict]) -> dict:
    """A Vega-Lite timeline: one point per appearance, outlets down, publication time across."""
    rank: dict[str, int] = {}
    for appearance in appearances:  # outlets top to bottom in order of first appearance
        rank.setdefault(appearance["outlet"], len(rank))
    values = [
        {"outlet": a["outlet"], "published": a["published"], "title": a["title"] or "",
         "speaker": a["speaker_mention"] or "", "kind": a["kind"], "rank": rank[a["outlet"]]}
        for a in appearances if a["published"]
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": "Where and when it appeared",
        "width": 360,
        "data": {"values": values},
        "mark": {"type": "point", "filled": True, "size": 140, "tooltip": True},
        "encoding": {
            "x": {"field": "published", "type": "temporal", "title": "published",
                  "scale": {"padding": 16}},
            "y": {"field": "outlet", "type": "nominal", "title": None, "sort": {"field": "rank", "op": "min"}},
            "color": {"field": "kind", "type": "nominal"},
            "tooltip": [{"field": "outlet"}, {"field": "published", "type": "temporal",
                                               "format": "%Y-%m-%d %H:%M"},
                        {"field": "title"}, {"field": "speaker"}, {"field": "kind"}],
        },
    }
