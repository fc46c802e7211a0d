"""Whole pages kept until the database changes (an ``asgi_wrapper``).

Why: on every visit Datasette counts each table on the database page and
counts and facets a table or view on its page; at a million quotes that is a
second or more a visit, though the answers change only when ``quotes
extract`` (or a speaker correction) commits. So a GET answered 200 is kept,
keyed by its path, query and the request headers a page may depend on (host,
cookie, authorization), and by ``PRAGMA data_version`` of every database file
read on a connection of this module's own: any commit by any process changes
it, and every page kept before is then left behind. Only documented parts of
Datasette are used: the ``asgi_wrapper`` hook, ``datasette.databases`` and a
database's ``path``, ``is_mutable`` and ``is_memory``.

Visits asking for a page while another visit works it out wait for that
one's answer instead of working it out too: after a commit, ten readers of
the database page cost one database page, not ten.

A page on which a count or a facet ran out of time (Datasette then shows it
without them) is kept only :data:`INCOMPLETE_SECONDS`, so a later visit tries
again (a time-out under load may not recur) while a burst of visits is still
answered at once. A response is passed on as it is produced; one larger than
an eighth of the cache, or one that sets a cookie, is not kept.
"""
from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from pathlib import Path
from collections import OrderedDict

from .config import setting

# Request headers a page may differ by: the host (absolute URLs in JSON), who asks.
KEYED_HEADERS = (b"host", b"cookie", b"authorization")
# What Datasette writes on a page when a count or facet ran out of time.
INCOMPLETE = re.compile(rb'class="facets-timed-out"|<p>Many rows</p>|"facets_timed_out": \["'
                        rb'|"filtered_table_rows_count": null|"count": null|<title>[^<]*: </title>')
INCOMPLETE_SECONDS = 60


class PageCache:
    """Responses by request and database versions, the least recently used dropped first."""

    def __init__(self, max_bytes: int):
        self.max_bytes, self.size = max_bytes, 0
        self.pages: OrderedDict = OrderedDict()
        self.probes: dict[str, sqlite3.Connection] = {}
        self.working: dict = {}  # key: the future page of a visit working it out now

    def version(self, db) -> int | None:
        """``db``'s data version now (0 for a database that cannot change; ``None`` when the
        file cannot be read, and then no page is kept)."""
        if not db.is_mutable:
            return 0
        try:
            probe = self.probes.get(db.path)
            if probe is None:
                uri = Path(db.path).resolve().as_uri() + "?mode=ro"
                probe = self.probes[db.path] = sqlite3.connect(uri, uri=True, check_same_thread=False)
            return probe.execute("pragma data_version").fetchone()[0]
        except sqlite3.Error:
            return None

    def get(self, key) -> list[dict] | None:
        """The messages of the page kept under ``key``, unless there is none or it expired."""
        page = self.pages.get(key)
        if page is None:
            return None
        messages, _, expires = page
        if expires is not None and time.monotonic() > expires:
            self.drop(key)
            return None
        self.pages.move_to_end(key)
        return messages

    def put(self, key, messages: list[dict]) -> None:
        """Keep a whole response (until the databases change, or briefly when incomplete)."""
        body = b"".join(m.get("body", b"") for m in messages[1:])
        if len(body) > self.max_bytes // 8:
            return
        expires = time.monotonic() + INCOMPLETE_SECONDS if INCOMPLETE.search(body) else None
        self.drop(key)
        self.pages[key] = (messages, len(body), expires)
        self.size += len(body)
        while self.size > self.max_bytes:
            self.drop(next(iter(self.pages)))

    def drop(self, key) -> None:
        page = self.pages.pop(key, None)
        if page is not None:
            self.size -= page[1]


def wrap(datasette, app):
    """``app`` with its pages kept until a database changes (none kept when the cache is 0 MB)."""
    megabytes = float(setting(datasette, "cache_megabytes"))
    if megabytes <= 0:
        return app
    cache = PageCache(int(megabytes * 1024 * 1024))

    async def cached(scope, receive, send):
        key = request_key(datasette, cache, scope)
        if key is None:
            return await app(scope, receive, send)
        page = cache.get(key)
        if page is None and key in cache.working:  # the same page is being worked out: wait
            page = await asyncio.shield(cache.working[key])
            if page is None:  # it could not be kept: ask for it anew
                return await app(scope, receive, send)
        if page is not None:
            for message in page:
                await send(message)
            return
        await work_out(datasette, app, cache, key, scope, receive, send)
    return cached


async def work_out(datasette, app, cache: PageCache, key, scope, receive, send) -> None:
    """Answer with ``app``, keeping the page, and hand it to the visits that wait for it."""
    sent: list[dict] = []
    waiting = cache.working.setdefault(key, asyncio.get_running_loop().create_future())

    async def keep(message):
        sent.append(message)
        await send(message)

    try:
        await app(scope, receive, keep)
    finally:
        whole = keepable(sent)
        if whole and request_key(datasette, cache, scope) == key:  # no commit meanwhile
            cache.put(key, sent)
        if cache.working.get(key) is waiting:
            del cache.working[key]
            waiting.set_result(sent if whole else None)  # None: each waiting visit asks the app


def request_key(datasette, cache: PageCache, scope) -> tuple | None:
    """What a kept page is found by, or ``None`` for a request that is not kept: not a GET, or
    not a page of a database file."""
    if scope.get("type") != "http" or scope.get("method") != "GET":
        return None
    first = scope.get("path", "").lstrip("/").split("/", 1)[0]
    databases = {name: db for name, db in datasette.databases.items() if not db.is_memory}
    if first not in databases and first.rsplit(".", 1)[0] not in databases:
        return None
    headers = tuple(value for name, value in scope.get("headers", []) if name in KEYED_HEADERS)
    versions = tuple((name, cache.version(db)) for name, db in databases.items())
    if any(version is None for _, version in versions):
        return None
    return scope["path"], scope.get("query_string", b""), headers, versions


def keepable(messages: list[dict]) -> bool:
    """A whole 200 response that sets no cookie."""
    if not messages or messages[0].get("type") != "http.response.start" or messages[0].get("status") != 200:
        return False
    if any(name.lower() == b"set-cookie" for name, _ in messages[0].get("headers", [])):
        return False
    return not messages[-1].get("more_body", False)
