"""``quotes watch``: poll feeds, sitemaps and home pages, and store their articles as they come.

Each poll reads every source's listings (:mod:`quotes.readers.discover`),
then fetches the article pages they list together with the pages the source
listed recently (checked again for edits), all through one polite
:class:`~quotes.readers.fetch.Fetcher`: hosts in parallel, one request at a time
per host, conditional requests from the validators kept in the database. An
unchanged page costs a 304 and stores nothing; a new page is extracted and
committed like any article, an edited one becomes a new revision of its article
(:func:`quotes.commit.commit_article`). The pages are fetched in threads; the
extracting and storing happen here, one article at a time, in one writer.

A poll ends with one log line per source (new articles, revisions, quotes,
unchanged pages, errors) and its record in ``watch_sources``. ``--every`` polls
until a SIGINT or SIGTERM: the first lets the article in hand finish and stops
before the next request; a second leaves at once.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlite_utils

from quotes import store
from quotes.commit import commit_article
from quotes.engines.registry import Engine
from quotes.extract.article import extract_article
from quotes.readers import discover, fetch
from quotes.readers import inputs as read
from quotes.readers.html import PageError
from quotes.store import watching

RECHECK_S = 2 * 86400.0  # a page first seen this recently is checked again for edits at each poll
INTERRUPTED = 130
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """Seconds in ``30s``, ``15m``, ``1h``, ``1d`` or a bare number of seconds; ValueError if none."""
    match = _EVERY.match(text or "")
    if not match or float(match[1]) <= 0:
        raise ValueError(f"--every {text!r}: give a time such as 30s, 15m, 1h or 1d")
    return float(match[1]) * _UNITS[(match[2] or "s").lower()]


@dataclass
class Report:
    """One source's poll, as its log line tells it."""

    url: str
    source_id: int
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    quotes: int = 0
    errors: list[str] = field(default_factory=list)
    listed: bool = False  # a listing answered (200 or 304)

    def line(self, took: float) -> str:
        at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
        return (f"{at} {self.url}: {self.new} new, {self.revised} revised, {self.quotes} quotes,"
                f" {self.unchanged} unchanged, {len(self.errors)} errors ({took:.1f} s)")


class Stop:
    """SIGINT and SIGTERM: the first asks the watch to stop between two articles, a second ends it."""

    def __init__(self):
        self.event = threading.Event()
        self._before: dict = {}

    def install(self) -> None:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._before[signum] = signal.signal(signum, self._first)

    def restore(self) -> None:
        """The handlers from before :meth:`install`, for a caller that goes on (a test, the API)."""
        for signum, handler in self._before.items():
            signal.signal(signum, handler)
        self._before.clear()

    def _first(self, signum, frame) -> None:
        self.event.set()
        for again in (signal.SIGINT, signal.SIGTERM):
            signal.signal(again, self._second)

    @staticmethod
    def _second(signum, frame) -> None:
        os._exit(INTERRUPTED)  # SQLite drops a transaction that never committed


def poll(db: sqlite_utils.Database, sources: list[dict], fetcher: fetch.Fetcher, engine: Engine,
         stop: threading.Event, recheck_s: float = RECHECK_S) -> list[Report]:
    """Poll each of ``sources`` (``watch_sources`` rows) once; a report for each."""
    reports = {source["id"]: Report(source["url"], source["id"]) for source in sources}
    known = watching.validators(db)

    def listings(source: dict):
        return _failing_as_page_error(discover.discover, fetcher, source["url"], known)

    pages: dict[str, int] = {}  # each page once a poll, for the first source that lists it
    for source, found in fetch.in_parallel(sources, listings, workers=fetch.WORKERS):
        if stop.is_set():  # what is left failed only for the stop: not worth a line each
            return list(reports.values())
        report = reports[source["id"]]
        if isinstance(found, PageError):
            report.errors.append(f"{source['url']}: {found}")
            continue
        report.errors += found.errors
        report.listed = bool(found.listings)
        with store.writing(db):
            for url, response in found.listings.items():
                watching.saw(db, url, source["id"], "listing", response.etag, response.last_modified,
                             changed=not response.unchanged)
        for url in found.pages + watching.recent_pages(db, source["id"], recheck_s):
            pages.setdefault(url, source["id"])

    def page(url: str):
        if stop.is_set():
            raise PageError("not fetched: the watch is stopping")
        etag, modified = known.get(url, (None, None))
        response = fetcher.get(url, etag=etag, last_modified=modified, accept=fetch.PAGE_ACCEPT)
        return response, None if response.unchanged else _failing_as_page_error(fetcher.page, url, response)

    hosts = len({fetch.host_of(url) for url in pages})
    results = fetch.in_parallel(fetch.round_robin(pages), page, workers=min(32, max(fetch.WORKERS, hosts)))
    try:
        for url, result in results:
            if stop.is_set():
                break
            report = reports[pages[url]]
            if isinstance(result, PageError):
                report.errors.append(f"{url}: {result}")
                continue
            response, article = result
            if article is None:  # a 304: the page as it was
                report.unchanged += 1
            changed = _store(db, article, engine, report) if article else False
            with store.writing(db):
                watching.saw(db, url, pages[url], "page", response.etag, response.last_modified, changed)
    finally:
        results.close()
    return list(reports.values())


def _failing_as_page_error(work: Callable, *args):
    """``work(*args)``, any error of a page's or a listing's reading one :class:`PageError`: a
    watch that runs for days outlives a page that trips a parser."""
    try:
        return work(*args)
    except PageError:
        raise
    except Exception as error:  # noqa: BLE001 (one page's problem, told in one line)
        raise PageError(f"could not be read ({error.__class__.__name__}: {error})") from None


def _store(db: sqlite_utils.Database, article, engine: Engine, report: Report) -> bool:
    """Store a fetched article; whether it was new or edited."""
    read.apply_metadata(article, {}, None)
    if store.has_article(db, article):
        report.unchanged += 1
        return False
    try:
        extracted = extract_article(article, engine)
    except Exception as error:  # noqa: BLE001 (an engine's failure on one article)
        report.errors.append(f"{article.source}: {error.__class__.__name__}: {error}")
        return False
    try:
        outcome = commit_article(db, extracted)
    except store.DATABASE_ERRORS:
        raise  # the database's fault (full disk, read-only): the watch stops with one line
    except Exception as error:  # noqa: BLE001 (one article's failure; its transaction rolled back)
        report.errors.append(f"{article.source}: {error.__class__.__name__}: {error}")
        return False
    if outcome.status == "stored":
        report.new += 1
    elif outcome.status == "revised":
        report.revised += 1
    else:
        report.unchanged += 1
        return False
    report.quotes += outcome.quotes
    return True


def watch(db_path: str, urls: list[str], engine: Engine, every_s: float | None,
          log: Callable[[str], None], timeout: float = fetch.TIMEOUT,
          delay: float | None = None, stop: Stop | None = None) -> int:
    """Poll ``urls`` (or every watched source when none is given): once, or every ``every_s``
    seconds until stopped; ``log`` hears a line per source and poll. The exit status: 0, or,
    polling once, 1 when a source could not be read at all."""
    stop = stop or Stop()
    stop.install()
    try:
        return _watch(db_path, urls, engine, every_s, log, timeout, delay, stop)
    finally:
        stop.restore()


def _watch(db_path, urls, engine, every_s, log, timeout, delay, stop: Stop) -> int:
    db = store.open_db(db_path)
    try:
        return _polls(db, urls, engine, every_s, log, timeout, delay, stop)
    finally:
        db.conn.close()


def _polls(db, urls, engine, every_s, log, timeout, delay, stop: Stop) -> int:
    if urls:
        with store.writing(db):
            watching.add_sources(db, urls, every_s)
    sources = watching.sources(db, urls or None)
    if not sources:
        log("Error: no source to watch: name a feed, a sitemap or a home page")
        return 1
    fetcher = fetch.Fetcher(timeout=timeout, delay=delay, stop=stop.event)
    while True:
        started = time.monotonic()
        reports = poll(db, sources, fetcher, engine, stop.event)
        took = time.monotonic() - started
        with store.writing(db):
            for report in reports:
                watching.record_poll(db, report.source_id, every_s, report.new, report.revised,
                                     report.quotes, report.errors)
        for report in reports:
            log(report.line(took))
            for error in report.errors:
                log(f"  error: {error}")
        if stop.event.is_set():
            log("stopped: every article fetched so far is stored")
            return 0
        if every_s is None:
            return 1 if any(not report.listed for report in reports) else 0
        if stop.event.wait(max(0.0, every_s - took)):
            log("stopped: every article fetched so far is stored")
            return 0


def status(db_path: str) -> list[dict]:
    """Every watched source with its last poll, for ``quotes watch --status``."""
    return watching.sources(store.open_db(db_path))
