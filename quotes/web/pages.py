"""What each row page shows beyond Datasette's row: a quote in its article, an article with
every quote marked, a speaker's profile, a statement's spread, an outlet's articles.

Why gathered in Python: each page needs several queries and some arithmetic
(the passage around a quote, who had a statement first); the templates in
``templates/quotes/row-*.html`` only lay out the dict a function here returns.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from difflib import SequenceMatcher

from .atom import feed_path
from .charts import bar_chart, spread_chart
from .config import setting
from .factcheck import alterations, misattribution_count
from .page_cache import data_version
from .passages import highlight, piece_titles
from .reads import APPEARANCES, FIRST_ORDER, fetch, pick_ups, read, rows
from .rendering import UNKNOWN_OUTLET, wikidata_url


async def quote_page(datasette, db, pk: int) -> dict | None:
    return await read(datasette, db, lambda conn: quote_read(datasette, db.name, conn, pk))


def quote_read(datasette, database: str, conn, pk: int) -> dict | None:
    """A quote's page, read on ``conn`` (a SQL thread's: :func:`.reads.read`)."""
    found = fetch(conn, """
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
    # The statement's appearances and its pieces (just itself when whole, or in a database from
    # before statements were stored).
    appearances = fetch(conn, APPEARANCES + f" where quotes.cluster_id = :c {FIRST_ORDER}",
                        {"c": quote["cluster_id"]})
    if quote.get("statement_id") is not None:
        pieces = fetch(conn, 'select id, start, "end", text from quotes where statement_id = :s order by start',
                       {"s": quote["statement_id"]})
    else:
        pieces = [{"id": quote["id"], "start": quote["start"], "end": quote["end"], "text": quote["text"]}]
    spans = quote_spans(quote, pieces)
    low, high = passage_bounds(text, spans)
    return {
        "heading": quoted(quote["text"]) + (f" \u2014 {quote['speaker']}" if quote["speaker"] else ""),
        "quote": quote,
        "passage": highlight(text, spans, low, high),
        "before": low > 0,
        "after": high < len(text),
        "appearances": appearances,
        "first": appearances[0] if appearances else None,
        "pieces": pieces,
    }


def quote_spans(quote: dict, pieces: list[dict]) -> list[tuple]:
    """The marks of a quote page: each piece of the statement, then the speaker and the cue."""
    spans = [(piece["start"], piece["end"], "quote", None) for piece in pieces]
    if quote["speaker_start"] is not None:
        spans.append((quote["speaker_start"], quote["speaker_end"], "speaker", None))
    if quote["cue_start"] is not None:
        spans.append((quote["cue_start"], quote["cue_end"], "cue", None))
    return spans


def passage_bounds(text: str, spans: list[tuple]) -> tuple[int, int]:
    """The paragraphs of ``text`` that hold every span: from the line start before the first
    to the line end after the last."""
    low = text.rfind("\n", 0, min(span[0] for span in spans)) + 1
    high = max(span[1] for span in spans)
    high = text.find("\n", high) if text.find("\n", high) >= 0 else len(text)
    return low, high


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
    return {"heading": article["title"] or f"untitled {article['source']}",
            "article": article, "passage": highlight(text, spans, 0, len(text), pages, titles),
            "revisions": revision_changes(await revisions_of(db, pk)),
            "quote_count": len(quotes),
            "statement_count": sum(1 for q in quotes if q.get("statement_id") in (None, q["id"])),
            "in_pieces": bool(titles)}


async def revisions_of(db, pk: int) -> list[dict]:
    """An article's revisions, oldest first (none if it was never edited, or the database
    is from before revisions were kept)."""
    if not await db.table_exists("article_revisions"):
        return []
    found = await rows(db, "select revision, title, stored_at, quotes from article_revisions"
                           " where article_id = :id order by revision", {"id": pk})
    return [dict(row, quotes=json.loads(row["quotes"])) for row in found]


def revision_changes(revisions: list[dict]) -> list[dict]:
    """Each revision with the quotes it added, removed and changed against the one before.

    A quote is the same when its speaker and words are; one removed and one added
    for the same speaker with mostly the same words (difflib's ratio at least
    :data:`CHANGED`) is a quote changed, shown as before and after.
    """
    shown, before = [], None
    for revision in revisions:
        quotes = revision["quotes"]
        added, removed, changed = ([], [], []) if before is None else quote_changes(before, quotes)
        shown.append(dict(revision, first=before is None, added=added, removed=removed, changed=changed))
        before = quotes
    return shown


CHANGED = 0.6


def quote_changes(old: list[dict], new: list[dict]) -> tuple[list, list, list]:
    """``(added, removed, changed)`` from ``old`` quotes to ``new`` ones; changed are pairs."""
    def key(quote):
        return quote.get("speaker"), quote.get("text")

    left = Counter(key(q) for q in new)
    removed = []
    for quote in old:
        if left[key(quote)]:
            left[key(quote)] -= 1
        else:
            removed.append(quote)
    kept = Counter(key(q) for q in old)
    added = []
    for quote in new:
        if kept[key(quote)]:
            kept[key(quote)] -= 1
        else:
            added.append(quote)
    changed = []
    for quote in list(removed):
        match = max((q for q in added if q.get("speaker") == quote.get("speaker")),
                    key=lambda q: SequenceMatcher(None, quote["text"], q["text"]).ratio(), default=None)
        if match and SequenceMatcher(None, quote["text"], match["text"]).ratio() >= CHANGED:
            changed.append((quote, match))
            removed.remove(quote)
            added.remove(match)
    return added, removed, changed


async def speaker_page(datasette, db, pk: int) -> dict | None:
    return await read(datasette, db, lambda conn: speaker_read(datasette, db.name, conn, pk))


def speaker_read(datasette, database: str, conn, pk: int) -> dict | None:
    """A speaker's page, read on ``conn`` (a SQL thread's: :func:`.reads.read`)."""
    found = fetch(conn, "select * from speakers where id = :id", {"id": pk})
    if not found:
        return None
    # The page's quotes are picked on the index first, so only they are read whole.
    limit = int(setting(datasette, "speaker_page_quotes", database))
    quotes = fetch(conn, APPEARANCES + f""" where quotes.id in (
        select quotes.id from quotes join articles on articles.id = quotes.article_id
        where quotes.speaker_id = :id {FIRST_ORDER} limit {limit}) {FIRST_ORDER}""", {"id": pk})
    count = fetch(conn, "select count(*) as n from quotes where speaker_id = :id", {"id": pk})
    aliases = fetch(conn, """select alias, articles as times from speaker_spellings where speaker_id = :id
        order by times desc, alias""", {"id": pk})
    roles = fetch(conn, """select coalesce(role_groups.name, speaker_roles.role) as role, count(*) as times
        from speaker_roles left join role_groups on role_groups.role = speaker_roles.role
        where speaker_id = :id group by 1 order by times desc, 1""", {"id": pk})
    link = fetch(conn, "select wikidata_id, description from speaker_links where speaker_id = :id", {"id": pk})
    by_outlet = fetch(conn, """select outlets.name as outlet, articles.outlet_id, count(*) as quotes
        from quotes join articles on articles.id = quotes.article_id
        left join outlets on outlets.id = articles.outlet_id
        where quotes.speaker_id = :id
        group by articles.outlet_id
        order by articles.outlet_id is null, quotes desc, outlet""", {"id": pk})
    outlets = [dict(row, outlet=row["outlet"] or UNKNOWN_OUTLET) for row in by_outlet]
    return {
        "heading": found[0]["name"],
        "wikidata": wikidata_url(link[0]["wikidata_id"]) if link else None,
        "link": link[0] if link else None,
        "atom": feed_path(datasette, database, "speaker", pk),
        "speaker": found[0], "quotes": quotes, "aliases": aliases, "roles": roles,
        "outlets": outlets, "quote_count": count[0]["n"],
        "all_quotes": datasette.urls.table(database, "quote_list") + f"?speaker_id={pk}",
        "chart": bar_chart(outlets, "outlet", "Quotes by outlet"),
        "spread": spread_chart(quotes),
        "undated": sum(1 for q in quotes if not q["published"]),  # of those the chart shows
    }


async def cluster_page(datasette, db, pk: int) -> dict | None:
    return await read(datasette, db, lambda conn: cluster_read(datasette, db.name, conn, pk))


def cluster_read(datasette, database: str, conn, pk: int) -> dict | None:
    """A statement's page, read on ``conn`` (a SQL thread's: :func:`.reads.read`)."""
    appearances = fetch(conn, APPEARANCES + f" where quotes.cluster_id = :id {FIRST_ORDER}", {"id": pk})
    if not appearances:
        return None
    statement = fetch(conn, "select canonical_text from clusters where id = :id", {"id": pk})
    articles = {a["article_id"]: a["outlet_id"] for a in appearances}
    return {
        "heading": quoted(statement[0]["canonical_text"] if statement else appearances[0]["text"]),
        "atom": feed_path(datasette, database, "statement", pk),
        "appearances": appearances,
        "first": appearances[0],
        # Counted as the clusters row counts them: articles, and outlets that are known.
        "articles": len(articles),
        "outlets": len({outlet for outlet in articles.values() if outlet is not None}),
        "unknown_outlet": sum(1 for outlet in articles.values() if outlet is None),
        "spread": spread_chart(appearances),
        "undated": sum(1 for a in appearances if not a["published"]),
        "alterations": alterations(appearances),
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
    top = int(setting(datasette, "top_speakers", db.name))
    return {
        "heading": found[0]["name"],
        "outlet": found[0],
        "articles": articles,
        "speakers": speakers,
        "chart": bar_chart(speakers[:top], "speaker", f"Quotes by speaker (top {top})"),
        "picked_up_by": [p for p in pairs if p["first_outlet_id"] == pk],
        "picked_up_from": [p for p in pairs if p["picked_up_by_id"] == pk],
    }


async def overview(datasette, db) -> dict:
    """The database page's charts, from the counts the commit stage keeps (no scan of quotes)."""
    by_outlet = await rows(db, """
        select name as outlet, quote_count as quotes from outlets where quote_count > 0
        union all
        select null, (select count(*) from quotes) - (select coalesce(sum(quote_count), 0) from outlets)
        order by quotes desc, outlet""")
    top = int(setting(datasette, "top_speakers", db.name))
    by_speaker = await rows(db, f"""
        select name as speaker, quote_count as quotes from speakers
        where kind != 'anonymous' and quote_count > 0
        order by quote_count desc, name limit {top}""")
    return {
        "outlet_chart": bar_chart([r for r in by_outlet if r["quotes"]], "outlet", "Quotes per outlet"),
        "speaker_chart": bar_chart(by_speaker, "speaker", f"Quotes per speaker (top {top} named)"),
        "misattributions": await kept_misattribution_count(datasette, db),
    }


_COUNTS: dict = {}  # database path: (data version, when counted, misattributions)


async def kept_misattribution_count(datasette, db) -> int | None:
    """The database page's count of misattributions, counted again only when the database
    changed, and then at most once every ``slow_refresh_ms``.

    Why: the count runs the ``misattributions`` query's statement groups over every quote
    (0.08 s at 100,000 quotes, seconds at a million), the most of the database page's own
    reads; with ``quotes extract`` committing every second it was counted again at every
    working out of the page. The page itself is shown as kept for as long
    (:mod:`.page_cache`), so the count is no older than the page around it.
    """
    version = data_version(db)
    kept = _COUNTS.get(db.path)
    refresh = float(setting(datasette, "slow_refresh_ms", db.name)) / 1000
    if kept is not None and version is not None and (
            kept[0] == version or time.monotonic() - kept[1] < refresh):
        return kept[2]
    count = await misattribution_count(datasette, db)
    if version is not None:
        _COUNTS[db.path] = (version, time.monotonic(), count)
    return count


def quoted(text: str | None, limit: int = 90) -> str:
    """Words of a quote for a page's heading and tab: in quotation marks, cut at a word
    boundary after at most ``limit`` characters (a heading of a whole paragraph reads badly)."""
    text = " ".join((text or "").split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "\u2026"
    return f"\u201c{text}\u201d"


# The pages read in one hand-over on a SQL thread (:mod:`.row_pages` serves them on routes of
# its own): ``reader(datasette, database, conn, pk)``.
READERS = {"quotes": quote_read, "speakers": speaker_read, "clusters": cluster_read}

ROW_PAGES = {
    "quotes": quote_page, "articles": article_page, "speakers": speaker_page,
    "clusters": cluster_page, "outlets": outlet_page,
}
