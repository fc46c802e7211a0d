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

After a commit, a page kept from before is shown while the new one is worked
out, once the new one has taken longer than ``stale_after_ms`` (a setting;
200 ms by default): with ``quotes extract`` committing every few seconds
while editors read, the database page (seconds of counting at 100,000
quotes) otherwise made every visit after each commit wait, p99 16.5 s. A
cheap page (a row, a look-up) is ready within the wait and always current;
the new page is kept when ready, in the background, so the next visit sees
it. A page kept keeps only its newest version (one entry a request). (On a
Datasette that runs SQL on its serving thread, ``num_sql_threads`` 0, working
a page out seldom lets other visits in before it is done, so this applies to
Datasette's SQL threads, which ``quotes serve`` keeps; the two rules below
bound how often a page is worked out again.)

A slow page (one whose last working out took longer than :data:`SLOW_SECONDS`)
is not worked out again for each commit: for ``slow_refresh_ms`` (a setting;
5,000 by default) after it was started, it is shown as kept, at once, however
many commits came meanwhile; the first visit after that works it out again as
above. With a writer committing every second, the database page (a third of a
second of counting at 100,000 quotes, more under load) was otherwise worked
out again every second, by every serving process, and each visit waited
``stale_after_ms`` first. So a slow page shows the database as it was at most
``slow_refresh_ms`` plus its own working-out time before the visit (and, as
any page, the one from before on the visit that starts its working out); a
cheap page is always current while the server keeps up.

A busy server (:data:`BUSY_VISITS` or more visits in flight when one comes)
shows any kept page as kept, at once, for ``busy_refresh_ms`` (a setting;
30,000 by default) after it was started, however many commits came: a page
is then at most ``busy_refresh_ms`` plus its working-out time behind the
database. Why: with twenty readers at once and a writer committing every
second, every commit made every kept page old, so nearly every visit worked
its page out again (at 100,000 quotes ``quote_list`` of one outlet, 0.1-0.2 s,
was worked out for 73 of 100 visits against 34 without the writer, and the
server's CPU a request was 23 ms against 15). A server that keeps up (fewer
visits at once: one reader, the tests) shows a cheap page current.

At most :data:`AT_ONCE` pages are worked out at the same time; a visit whose page is
not kept (or is being worked out by another) waits its turn, first come first served.

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
# What Datasette writes on a page when a count or facet ran out of time: these words, or a
# title left without its count. Looked for one by one (``bytes`` finds a word at memory speed):
# one regular expression of all of them took 1.5 ms a page on average, 10 ms on a 0.5 MB page.
INCOMPLETE_MARKS = (b'class="facets-timed-out"', b"<p>Many rows</p>", b'"facets_timed_out": ["',
                    b'"filtered_table_rows_count": null', b'"count": null')
TITLE_WITHOUT_COUNT = re.compile(rb"<title>[^<]*: </title>")
INCOMPLETE_SECONDS = 60
# A page that took longer than this to work out is worked out again at most once every
# slow_refresh_ms while commits come (a first visit, which reads the schema, can take 0.4 s).
SLOW_SECONDS = 1.0
# With this many visits in flight (this one included) the server is behind: a kept page is shown
# as kept, without working it out again, until busy_refresh_ms old.
BUSY_VISITS = 3
# Set by ``quotes serve`` (:func:`.serve.serving`) to the host its address is visited by
# (``127.0.0.1:8001``): before the server takes its first visit, the pages visitors land on (each
# database's page and its quote_list) are worked out for visits to that host. Why: the database
# page is a fifth of a second of CPU and every visit to it waits for its first working out;
# under twenty readers at once that first one waited behind everything else at the start, p99
# 1.7-2.9 s. ``None`` (tests and scripts): nothing worked out before it is asked for.
WARM_FOR_HOST: str | None = None
# Pages worked out at once (as many as Datasette's SQL threads); a visit whose page is not kept
# waits for a turn. Why: each working out hands its SQL to a thread and waits to be resumed, so
# with twenty at once every one of them waited for the others' Python between its reads, and a
# 50 ms page took a second (20 readers at 100,000 quotes: p99 0.71-0.73 s against 0.35 s with
# three at once, p95 0.29-0.31 against 0.28, and a fifth less CPU a request).
AT_ONCE = 3


_PROBES: dict[str, sqlite3.Connection] = {}  # database path: a read-only connection of this module's


def pragma_now(db, name: str, probes: dict | None = None) -> int | None:
    """``PRAGMA name`` of ``db`` now (``data_version``, ``schema_version``), read on a read-only
    connection of this module's own, one a database file: 0 for a database that cannot
    change, ``None`` when the file cannot be read."""
    if not db.is_mutable:
        return 0
    probes = _PROBES if probes is None else probes
    try:
        probe = probes.get(db.path)
        if probe is None:
            uri = Path(db.path).resolve().as_uri() + "?mode=ro"
            probe = probes[db.path] = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return probe.execute(f"pragma {name}").fetchone()[0]
    except sqlite3.Error:
        return None


def data_version(db, probes: dict | None = None) -> int | None:
    """``db``'s data version now (``PRAGMA data_version`` changes on a connection when any
    other commits; :func:`pragma_now`)."""
    return pragma_now(db, "data_version", probes)


class PageCache:
    """Responses by request, each with the database versions it was made at; the least
    recently used dropped first."""

    def __init__(self, max_bytes: int):
        self.max_bytes, self.size = max_bytes, 0
        # request: (versions, messages, size, expires, started, seconds it took to work out)
        self.pages: OrderedDict = OrderedDict()
        self.probes: dict[str, sqlite3.Connection] = {}
        self.working: dict = {}  # request: the Job working it out now
        self.tasks: set = set()  # the jobs' tasks, held until done (asyncio keeps only weak ones)
        self.visits = 0  # visits in flight (answered from here or worked out)
        self.turns: asyncio.Semaphore | None = None  # pages worked out at once (AT_ONCE)

    def version(self, db) -> int | None:
        """``db``'s data version now (:func:`data_version`)."""
        return data_version(db, self.probes)

    def get(self, request, versions) -> tuple[list[dict] | None, list[dict] | None]:
        """(the page kept for ``request`` at ``versions``, or else the one kept at older
        versions); ``None`` for none, or for one that expired."""
        page = self.pages.get(request)
        if page is None:
            return None, None
        kept_at, messages, _, expires, _, _ = page
        if expires is not None and time.monotonic() > expires:
            self.drop(request)
            return None, None
        self.pages.move_to_end(request)
        return (messages, None) if kept_at == versions else (None, messages)

    def recent_and_slow(self, request, slow: float, within: float) -> bool:
        """Whether the page kept for ``request`` took longer than ``slow`` seconds to work out
        and was started less than ``within`` seconds ago."""
        page = self.pages.get(request)
        return page is not None and page[5] > slow and time.monotonic() - page[4] < within

    def put(self, request, versions, messages: list[dict], started: float) -> None:
        """Keep a whole response (until the databases change, or briefly when incomplete),
        unless the page kept was worked out later (from a later version)."""
        body = b"".join(m.get("body", b"") for m in messages[1:])
        kept = self.pages.get(request)
        if len(body) > self.max_bytes // 8 or (kept is not None and kept[4] > started):
            return
        expires = time.monotonic() + INCOMPLETE_SECONDS if incomplete(body) else None
        self.drop(request)
        self.pages[request] = (versions, messages, len(body), expires, started,
                               time.monotonic() - started)
        self.size += len(body)
        while self.size > self.max_bytes:
            self.drop(next(iter(self.pages)))

    def drop(self, request) -> None:
        page = self.pages.pop(request, None)
        if page is not None:
            self.size -= page[2]


class Job:
    """One working out of a page by the app, in a task of its own, so that it goes on (and
    the page is kept) after the visit that started it was shown the page from before."""

    def __init__(self, versions, listener):
        self.versions, self.started = versions, time.monotonic()
        self.messages: list[dict] = []
        self.listener = listener  # the starting visit's send, while it is still waiting
        self.done: asyncio.Future = asyncio.get_running_loop().create_future()  # keepable?

    async def send(self, message) -> None:
        self.messages.append(message)
        if self.listener is not None:
            try:
                await self.listener(message)
            except Exception:  # that visitor left: the page is still worked out and kept
                self.listener = None

    def detach(self) -> bool:
        """Stop passing the response on to the starting visit, unless some of it went already."""
        if self.messages:
            return False
        self.listener = None
        return True


def wrap(datasette, app):
    """``app`` with its pages kept until a database changes (none kept when the cache is 0 MB)."""
    megabytes = float(setting(datasette, "cache_megabytes"))
    if megabytes <= 0:
        return app
    cache = PageCache(int(megabytes * 1024 * 1024))
    stale_after = float(setting(datasette, "stale_after_ms")) / 1000
    slow_refresh = float(setting(datasette, "slow_refresh_ms")) / 1000
    busy_refresh = float(setting(datasette, "busy_refresh_ms")) / 1000

    async def cached(scope, receive, send):
        if scope.get("type") == "lifespan" and WARM_FOR_HOST:  # (the server is starting)
            return await app(scope, receive, warming(datasette, app, cache, WARM_FOR_HOST, send))
        found = request_key(datasette, cache, scope)
        if found is None:
            return await app(scope, receive, send)
        cache.visits += 1
        try:
            await answer(found, scope, receive, send)
        finally:
            cache.visits -= 1

    async def answer(found, scope, receive, send):
        request, versions = found
        page, before = cache.get(request, versions)
        if page is None and before is not None and (
                cache.recent_and_slow(request, SLOW_SECONDS, slow_refresh)
                or (cache.visits >= BUSY_VISITS and cache.recent_and_slow(request, 0.0, busy_refresh))):
            page = before  # a slow page (or any, when busy) worked out a moment ago: not again now
        if page is None:
            job = cache.working.get(request)
            if job is None:  # this visit works it out, and is shown it as it comes
                job = start(datasette, app, cache, found, scope, send)
                if before is None or not await late(job, stale_after):
                    await asyncio.shield(job.done)
                    return
                page = before
            else:  # another visit works it out (for an older version, perhaps): never twice
                page = await shared(job, versions, before, stale_after)
                if page is None:  # it could not be kept: ask for it anew
                    return await app(scope, receive, send)
        for message in page:
            await send(message)
    return cached


async def shared(job: "Job", versions, before, stale_after: float) -> list[dict] | None:
    """The page to show a visit while ``job`` (another visit's) works one out: the page from
    before when there is one and the job is for an older version or takes too long, else
    the job's page (``None`` when it could not be kept)."""
    if before is not None and (job.versions != versions or await late(job, stale_after, shared=True)):
        return before
    return job.messages if await asyncio.shield(job.done) else None


async def late(job: Job, seconds: float, shared: bool = False) -> bool:
    """Whether ``job`` took longer than ``seconds`` (and the page from before is to be shown)."""
    try:
        await asyncio.wait_for(asyncio.shield(job.done), seconds)
        return False
    except asyncio.TimeoutError:
        return shared or job.detach()


def start(datasette, app, cache: PageCache, found, scope, send) -> Job:
    """A :class:`Job` working out the page of ``scope``, keeping it when whole and current."""
    request, versions = found
    job = cache.working[request] = Job(versions, send)

    async def receive():  # a GET has no body to read
        return {"type": "http.request", "body": b"", "more_body": False}

    async def work():
        try:
            if cache.turns is None:
                cache.turns = asyncio.Semaphore(AT_ONCE)
            async with cache.turns:
                await app(dict(scope), receive, job.send)
        finally:
            whole = keepable(job.messages)
            if whole:  # kept even if a commit came meanwhile: shown until a later one is ready
                cache.put(request, versions, job.messages, job.started)
            if cache.working.get(request) is job:
                del cache.working[request]
            job.done.set_result(whole)
    task = asyncio.get_running_loop().create_task(work())
    cache.tasks.add(task)
    task.add_done_callback(cache.tasks.discard)
    return job


def warming(datasette, app, cache: PageCache, host: str, send):
    """``send`` of a server's lifespan, working the landing pages out (:func:`warm`) before it
    says the server has started (uvicorn takes visits only then)."""
    async def starting(message):
        if message.get("type") == "lifespan.startup.complete":
            await warm(datasette, app, cache, host)
        await send(message)
    return starting


async def warm(datasette, app, cache: PageCache, host: str) -> None:
    """Work out each database's page and its quote_list, as a visit to ``host`` with no cookie
    would be shown them, one after another."""
    for name, db in datasette.databases.items():
        if db.is_memory:
            continue
        for path in (datasette.urls.database(name), datasette.urls.table(name, "quote_list")):
            scope = {"type": "http", "http_version": "1.1", "scheme": "http", "method": "GET",
                     "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
                     "headers": [(b"host", host.encode("latin-1"))], "client": None, "server": None}
            found = request_key(datasette, cache, scope)
            if found is not None and found[0] not in cache.pages:
                await asyncio.shield(start(datasette, app, cache, found, scope, None).done)


def request_key(datasette, cache: PageCache, scope) -> tuple | None:
    """(what a kept page is found by, the database versions now), or ``None`` for a request
    that is not kept: not a GET, or not a page of a database file."""
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
    return (scope["path"], scope.get("query_string", b""), headers), versions


def incomplete(body: bytes) -> bool:
    """Whether a page shows that a count or a facet ran out of time."""
    if any(mark in body for mark in INCOMPLETE_MARKS):
        return True
    start = body.find(b"<title>")
    while start >= 0:
        if TITLE_WITHOUT_COUNT.match(body, start):
            return True
        start = body.find(b"<title>", start + 1)
    return False


def keepable(messages: list[dict]) -> bool:
    """A whole 200 response that sets no cookie."""
    if not messages or messages[0].get("type") != "http.response.start" or messages[0].get("status") != 200:
        return False
    if any(name.lower() == b"set-cookie" for name, _ in messages[0].get("headers", [])):
        return False
    return not messages[-1].get("more_body", False)
