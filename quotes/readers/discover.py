"""Which article pages a watched source lists: an RSS or Atom feed, a sitemap, a home page.

trafilatura's feeds and sitemaps modules do the reading (RSS, Atom and JSON
feeds; sitemaps, sitemap indexes, news sitemaps, plain-text sitemaps; a home
page's ``<link rel="alternate">`` feeds). Their link filters are left out: they
drop any host that is not a registered domain (``127.0.0.1``, an intranet name),
and a source the user named is trusted to list its own pages. Every request
goes through the polite :class:`~quotes.readers.fetch.Fetcher`, conditionally
when the last answer's validators are known, so an unchanged feed costs one 304.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from quotes.readers.fetch import Fetcher, Response, is_url
from quotes.readers.html import PageError

MAX_LISTINGS = 50  # sitemaps (an index's children) or feeds read for one source in one poll
MAX_PAGES = 2000  # article pages one source may list in one poll; the rest wait for the next
LISTING_ACCEPT = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                  "text/xml;q=0.9, application/feed+json;q=0.8, text/html;q=0.5, */*;q=0.1")

_SITEMAP = re.compile(r"<(?:[\w.-]+:)?(?:sitemapindex|urlset)\b")
_FEED = re.compile(r"<(?:[\w.-]+:)?(?:rss|feed|RDF)\b|^\s*\{")
_HTML = re.compile(r"<html\b|<!doctype html", re.IGNORECASE)
_DECLARED = re.compile(rb"\s*<\?xml[^>]*\bencoding=[\"']([A-Za-z0-9._-]+)[\"']")


@dataclass
class Found:
    """What one poll of a source found."""

    pages: list[str] = field(default_factory=list)  # article URLs, as listed, each once
    listings: dict[str, Response] = field(default_factory=dict)  # each listing read: its answer
    unchanged: int = 0  # listings that answered 304
    errors: list[str] = field(default_factory=list)  # ``URL: reason``, one per failure


def discover(fetcher: Fetcher, source: str, validators: Mapping[str, tuple]) -> Found:
    """The article pages ``source`` lists now, reading sitemap indexes and a home page's feeds.

    ``validators`` maps a URL to the ``(etag, last_modified)`` of its last answer.
    """
    found = Found()
    todo, seen = [source], set()
    while todo and len(seen) < MAX_LISTINGS:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.add(url)
        etag, modified = validators.get(url, (None, None))
        try:
            response = fetcher.get(url, etag=etag, last_modified=modified, accept=LISTING_ACCEPT)
        except PageError as error:
            found.errors.append(f"{url}: {error}")
            continue
        found.listings[url] = response
        if response.unchanged:
            found.unchanged += 1
            continue
        kind, pages, more = read_listing(response, home=url == source)
        if kind == "page" and url == source and not more:
            found.errors.append(f"{url}: a web page that names no feed")
        elif kind == "page" and url != source:
            found.errors.append(f"{url}: a web page, not the feed or sitemap it was named as")
        elif kind == "unknown":
            found.errors.append(f"{url}: neither a feed, a sitemap nor a web page")
        todo.extend(more)
        for page in pages:
            if page not in found.pages and len(found.pages) < MAX_PAGES:
                found.pages.append(page)
    return found


def read_listing(response: Response, home: bool = True) -> tuple[str, list[str], list[str]]:
    """``(kind, pages, listings)``: what an answer is (``feed``, ``sitemap``, ``page``,
    ``unknown``), the article pages it lists, and the feeds or sitemaps it points to.

    A web page is read for its feeds only when it is the source itself (``home``).
    """
    text = response.body.decode(_charset(response), "replace").lstrip("\ufeff")
    head = text[:4096]
    if _SITEMAP.search(head):
        pages, sitemaps = sitemap_links(text, response.url)
        return "sitemap", pages, sitemaps
    if _FEED.search(head):
        return "feed", feed_links(text, response.url), []
    if _HTML.search(head):
        return "page", [], page_feeds(text, response.url) if home else []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and all(is_url(line) for line in lines):  # a plain-text sitemap: one URL a line
        pages, sitemaps = sitemap_links(text, response.url)
        return "sitemap", pages, sitemaps
    return "unknown", [], []


def _charset(response: Response) -> str:
    """The header's charset, else the XML declaration's (``encoding="iso-8859-1"``), else UTF-8."""
    declared = _DECLARED.match(response.body[:200])
    for name in (response.charset, declared and declared[1].decode("ascii")):
        if name:
            try:
                return codecs.lookup(name).name
            except LookupError:
                continue
    return "utf-8"


def feed_links(text: str, url: str) -> list[str]:
    """The article links of an RSS, Atom or JSON feed, made absolute."""
    from trafilatura.feeds import find_links

    return _absolute(find_links(text.strip(), _parameters(url)), url)


def sitemap_links(text: str, url: str) -> tuple[list[str], list[str]]:
    """``(pages, sitemaps)`` a sitemap lists: an index lists sitemaps, a urlset pages."""
    from trafilatura.sitemaps import SitemapObject

    class Sitemap(SitemapObject):
        """trafilatura's sitemap reader, keeping every http(s) link of the source's own listing."""

        def handle_link(self, link: str) -> None:
            link = urljoin(self.current_url, link.strip())
            if link != self.current_url and is_url(link):
                (self.sitemap_urls if index else self.urls).append(link)

    index = bool(re.search(r"<(?:[\w.-]+:)?sitemapindex\b", text[:4096]))
    parts = urlsplit(url)
    sitemap = Sitemap(f"{parts.scheme}://{parts.netloc}", parts.netloc, [])
    sitemap.current_url, sitemap.content = url, text
    sitemap.process()
    return list(dict.fromkeys(sitemap.urls)), list(dict.fromkeys(sitemap.sitemap_urls))


def page_feeds(text: str, url: str) -> list[str]:
    """The feeds a home page links to (``<link rel="alternate" type="application/rss+xml">``)."""
    from trafilatura.feeds import determine_feed

    return _absolute(determine_feed(text, _parameters(url)), url)


def _parameters(url: str):
    from trafilatura.feeds import FeedParameters

    parts = urlsplit(url)
    return FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.netloc, url)


def _absolute(links: list[str], base: str) -> list[str]:
    """Each link once, absolute, http(s) only; a site's root (an RSS channel's own link) is no article."""
    absolute = (urljoin(base, link.strip()) for link in links if link and link.strip())
    return list(dict.fromkeys(link for link in absolute
                              if is_url(link) and link != base and urlsplit(link).path not in ("", "/")))
