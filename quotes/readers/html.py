"""Turn one web page (HTML bytes) into an :class:`~quotes.model.Article`.

The article body comes out through trafilatura, the maintained extractor
that scores best on news pages: it drops navigation, teasers for related
stories, reader comments, cookie banners and footers, and flattens inline
markup (``<em>``, ``<a>``, entities) so a quote that runs through a link is
still one quote. The stored article text is trafilatura's text, so every
quote's offsets point into what the pages show.

Metadata comes from the page too: title, outlet (one readable name out of
``og:site_name``, JSON-LD ``publisher``, the title and the copyright line, by
:mod:`quotes.readers.outlets`), canonical URL, and the publication time *with its zone*,
which trafilatura cuts down to a day: it is read here from JSON-LD
``datePublished``, ``article:published_time`` and ``<time datetime>``.
Whatever the page says is marked as coming from the page (``Article.from_page``)
so that explicit metadata (a manifest) wins over it.
"""
from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator

from quotes.model import Article
from quotes.readers import outlets

MAX_PAGE_BYTES = 10_000_000  # a news page is far smaller; bigger is not an article
MIN_WORDS = 10  # fewer words than the shortest news brief
PAGE_FIELDS = ("title", "outlet", "url", "published")


class PageError(Exception):
    """The page holds no article this reader can take; the message says why."""


# -- bytes to text ----------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# The HTML standard reads these labels as windows-1252, as browsers do.
_AS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"}


def _codec(label: str | None) -> str | None:
    """The text encoding a charset label names, or ``None`` for one that names none.

    ``codecs.lookup`` also knows bytes-to-bytes codecs (``hex``, ``base64``, ``zlib``,
    ``rot13``, ``uu``) that ``bytes.decode`` refuses with a ``LookupError``: a page that
    declares one has declared no text encoding, so it is read as if it declared nothing.
    """
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_1252:
        return "cp1252"
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    name = info.name
    return "utf-8" if name.startswith("utf-16") else name  # a page in UTF-16 cannot say so in ASCII


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` near the top of the page declares, as written."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def decode(data: bytes, header_charset: str | None = None) -> str:
    """The page's text, decoded as a browser would: BOM, then HTTP header, then ``<meta>``.

    Arabic outlets often declare ``windows-1256``, older English ones
    ``iso-8859-1`` (read as windows-1252); a page that declares nothing is
    tried as UTF-8, then windows-1252. Raises :class:`PageError` when the
    declared charset does not fit the bytes.
    """
    if b"\0" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PageError("binary file, not a web page")
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace")
    meta = declared_charset(data)
    declared = _codec(header_charset) or _codec(meta)
    for name in (declared,) if declared else ("utf-8", "cp1252"):
        try:
            return data.decode(name)
        except UnicodeDecodeError as error:
            failure = error
    label = header_charset or meta
    if label:
        raise PageError(f"the page says it is {label} but byte {failure.start} does not fit it")
    raise PageError(f"not UTF-8 and no charset declared (byte {failure.start})")


# -- metadata ---------------------------------------------------------------------------------

_TIME_METAS = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "parsely-pub-date", "sailthru.date", "dc.date.issued",
    "dcterms.created", "date",
)


def _json_ld(tree) -> Iterator[dict]:
    """Every JSON-LD object on the page, ``@graph`` members and nested lists included."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "null")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                stack.extend(v for k, v in item.items() if k == "@graph")


def _is_article(item: dict) -> bool:
    kinds = item.get("@type") or []
    kinds = [kinds] if isinstance(kinds, str) else kinds
    return any(isinstance(k, str) and ("Article" in k or k in ("BlogPosting", "Report"))
               for k in kinds)


def published_time(tree) -> str | None:
    """The page's publication time as it writes it, zone included, or ``None``.

    In order: JSON-LD ``datePublished`` of the article, the publication
    ``<meta>`` tags, then ``<time datetime>`` marked as the publication time or,
    failing that, the first one outside the reader comments.
    """
    ld = list(_json_ld(tree))
    for item in sorted(ld, key=lambda i: not _is_article(i)):
        value = item.get("datePublished") or item.get("dateCreated")
        if isinstance(value, str) and value.strip():
            return value.strip()
    metas = {}
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _TIME_METAS and key not in metas and meta.get("content").strip():
            metas[key] = meta.get("content").strip()
    for key in _TIME_METAS:
        if key in metas:
            return metas[key]
    marked = tree.xpath('//time[@datetime][@itemprop="datePublished" or @pubdate or '
                        'contains(concat(" ", @class, " "), " published ")]')
    others = tree.xpath('//time[@datetime][not(ancestor::*[contains(@class, "comment") or '
                       'contains(@id, "comment")])]')
    for time in marked + others:
        if time.get("datetime").strip():
            return time.get("datetime").strip()
    return None


def publisher_names(tree) -> outlets.PageNames:
    """The names the page gives its publisher (site name, JSON-LD, title, copyright line),
    for :func:`quotes.readers.outlets.choose` to pick one once the page's URL is known."""
    return outlets.page_names(tree, list(_json_ld(tree)))


def outlet_from_url(url: str | None) -> str | None:
    """A readable outlet name from a URL alone: its domain's name capitalised
    (``edition.cnn.com`` → ``CNN``, ``axios.com`` → ``Axios``), never the bare domain."""
    return outlets.readable_domain(url)


# -- the page ---------------------------------------------------------------------------------

def read_page(data: bytes, source: str, url: str | None = None, header_charset: str | None = None,
              fallback_time: str | None = None) -> Article:
    """The article in one page's bytes, with the page's metadata; raises :class:`PageError`.

    ``url`` is where the page came from (a canonical link on the page wins);
    ``fallback_time`` is used when the page names no publication time (a
    WARC record's capture date).
    """
    from trafilatura.utils import load_html

    if len(data) > MAX_PAGE_BYTES:
        raise PageError(f"page larger than {MAX_PAGE_BYTES // 1_000_000} MB, not an article")
    text = decode(data, header_charset)
    tree = load_html(_without_declaration(text))
    if tree is None:
        raise PageError("not HTML that can be parsed")
    when = published_time(tree)  # read before trafilatura prunes the tree
    names = publisher_names(tree)
    document, body = _extract(tree, url)
    for deeper in () if len(body.split()) >= MIN_WORDS else _deep_trees(text):
        document, body = _extract(deeper, url)
        if len(body.split()) >= MIN_WORDS:
            break
    if len(body.split()) < MIN_WORDS:  # a menu or a caption is what is left of a page without one
        raise PageError("no article text found on the page")
    article = Article(
        source=source,
        text=body,
        title=document.title or None,
        url=document.url or url,
        outlet=outlets.choose(names, document.url or url),
        published=when or document.date or fallback_time,  # trafilatura's date is a day only
    )
    article.from_page = tuple(f for f in PAGE_FIELDS if getattr(article, f))
    return article


def _extract(tree, url: str | None):
    """trafilatura's document for the tree, and its text ("" for none)."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
        )
    except Exception as error:  # a page that trips the extractor is one bad page, not a crash
        raise PageError(f"the extractor failed on this page ({error.__class__.__name__})") from None
    return document, (document.text if document else "") or ""


# Tags that only group other elements: a page nested thousands deep nests these.
_CONTAINERS = re.compile(r"</?(?:div|span|section|article|main|aside|font|center|header|footer)\b[^>]*>",
                         re.I)


def _deep_trees(text: str) -> Iterator:
    """The page parsed again for when its article was lost to nesting: libxml2 stops at 256
    levels and drops what is deeper. First without that limit (to 2048 levels), then with
    its grouping tags taken out, which flattens any depth of ``<div>``s."""
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
    for page in (text, _CONTAINERS.sub("", text)):
        try:
            yield lxml.html.document_fromstring(_without_declaration(page), parser=parser)
        except (ValueError, lxml.etree.ParserError):
            continue


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _without_declaration(text: str) -> str:
    """lxml refuses a str that still declares an encoding; the text is decoded already."""
    return _XML_DECLARATION.sub("", text, count=1)
