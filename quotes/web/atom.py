"""Alerts as Atom feeds: a speaker's new quotes, a search's, a statement's new appearances.

``/DATABASE/-/atom/speaker/ID``, ``/DATABASE/-/atom/search?q=WORDS`` and
``/DATABASE/-/atom/statement/ID``: the newest quotes first, newest by when they
were stored (a quote from an edit of an article counts from the edit), so a
feed reader polling one hears of each quote as ``quotes extract`` or ``quotes
watch`` stores it. Plain reads of the database, so they work on the published,
read-only site as well; the speaker and statement pages point to theirs with
``<link rel="alternate" type="application/atom+xml">``. The XML is written by
the standard library's ElementTree, which escapes what a quote may hold.
"""
from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

from datasette import NotFound, Response

from .reads import rows

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50
CONTENT_TYPE = "application/atom+xml; charset=utf-8"

_QUOTES = """
    select quotes.id as quote_id, quotes.text, quotes.kind, quotes.speaker_id, quotes.cluster_id,
           coalesce(speakers.name, quotes.speaker_mention) as speaker, articles.id as article_id,
           articles.title, articles.url, articles.published, outlets.name as outlet,
           {stored} as stored
    from quotes join articles on articles.id = quotes.article_id
    left join outlets on outlets.id = articles.outlet_id
    left join speakers on speakers.id = quotes.speaker_id
    where {where}
    order by stored desc, quotes.id desc limit {limit}
"""
_STORED = "coalesce((select max(stored_at) from article_revisions where article_id = articles.id), articles.ingested_at)"


def atom_routes() -> list[tuple]:
    return [(r"^/(?P<database>[^/]+)/-/atom/(?P<kind>speaker|statement)/(?P<id>\d+)$", atom_view),
            (r"^/(?P<database>[^/]+)/-/atom/(?P<kind>search)$", atom_view)]


def feed_path(datasette, database: str, kind: str, pk: int) -> str:
    """Where a speaker's or a statement's feed is, for the row pages' ``<link rel="alternate">``."""
    return datasette.urls.database(database) + f"/-/atom/{kind}/{pk}"


async def atom_view(datasette, request):
    if request.method not in ("GET", "HEAD"):
        return Response.text("This feed only reads: use GET.", status=405, headers={"Allow": "GET, HEAD"})
    database = request.url_vars["database"]
    if database not in datasette.databases:
        raise NotFound(f"Database not found: {database}")
    await datasette.ensure_permissions(request.actor, [("view-database", database), "view-instance"])
    db = datasette.get_database(database)
    kind = request.url_vars["kind"]
    if kind == "search":
        words = (request.args.get("q") or "").strip()
        if not words:
            return Response.text("Give the words to follow: ?q=harbour+wall", status=400)
        title = f"Quotes with \u201c{words}\u201d"
        where, params = ("quotes.id in (select rowid from quotes_fts"
                         " where quotes_fts match quotes_fts_query(:q))"), {"q": words}
        page = datasette.urls.table(database, "quote_list") + "?_search=" + _quoted(words)
    else:
        pk = int(request.url_vars["id"])
        if kind == "speaker":
            found = await rows(db, "select name from speakers where id = :id", {"id": pk})
            title, where = (f"Quotes by {found[0]['name']}" if found else None), "quotes.speaker_id = :id"
            page = datasette.urls.row(database, "speakers", pk)
        else:
            found = await rows(db, "select canonical_text from clusters where id = :id", {"id": pk})
            title = f"Where \u201c{_short(found[0]['canonical_text'])}\u201d appears" if found else None
            where, page = "quotes.cluster_id = :id", datasette.urls.row(database, "clusters", pk)
        if title is None:
            raise NotFound(f"No {kind} {pk} in {database}")
        params = {"id": pk}
    stored = _STORED if await db.table_exists("article_revisions") else "articles.ingested_at"
    quotes = await rows(db, _QUOTES.format(stored=stored, where=where, limit=ENTRIES), params)
    xml = feed(datasette, request, database, title, datasette.absolute_url(request, page), quotes)
    return Response(xml, content_type=CONTENT_TYPE)


def feed(datasette, request, database: str, title: str, page: str, quotes: list[dict]) -> str:
    """An Atom document: the feed's title and links, then one entry per quote."""
    ElementTree.register_namespace("", ATOM)
    root = ElementTree.Element(f"{{{ATOM}}}feed")
    self_url = datasette.absolute_url(request, request.full_path)
    _add(root, "id", self_url)
    _add(root, "title", title)
    _add(root, "updated", _instant(quotes[0]["stored"]) if quotes else _now())
    _add(root, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(root, "link", rel="alternate", type="text/html", href=page)
    _add(root, "generator", "quotes")
    for quote in quotes:
        url = datasette.absolute_url(request, datasette.urls.row(database, "quotes", quote["quote_id"]))
        entry = _add(root, "entry")
        _add(entry, "id", url)
        speaker = quote["speaker"] or "unattributed"
        _add(entry, "title", f"{speaker}: \u201c{_short(quote['text'])}\u201d")
        _add(entry, "updated", _instant(quote["stored"]))
        if quote["published"]:
            _add(entry, "published", _instant(quote["published"]))
        _add(_add(entry, "author"), "name", speaker)
        _add(entry, "link", rel="alternate", type="text/html", href=url)
        if quote["url"]:
            _add(entry, "link", rel="related", type="text/html", href=quote["url"])
        where = ", ".join(part for part in (quote["outlet"], quote["title"]) if part)
        _add(entry, "summary", f"\u201c{quote['text']}\u201d ({quote['kind']} quote{': ' + where if where else ''})")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, encoding="unicode")


def _add(parent, tag: str, text: str | None = None, **attributes) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _instant(value: str | None) -> str:
    """An RFC 3339 time, as Atom wants: a stored instant with its zone (UTC when it names none)."""
    if not value:
        return _now()
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return _now()
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _short(text: str | None, limit: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "\u2026"


def _quoted(words: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(words)
