"""Fetch from ``http(s)://`` URLs, politely and within bounds.

Politely means what a site's owner would ask of a crawler:

- a user agent that says what is asking;
- robots.txt obeyed, its ``Crawl-delay`` included (read once a day a host, with
  :mod:`urllib.robotparser`); a URL it disallows is never asked for;
- one request at a time to a host, at least ``delay`` seconds apart (or the
  crawl delay, if longer); different hosts are asked in parallel by whoever calls
  from several threads (:meth:`Fetcher.fetch_all`);
- a ``429 Too Many Requests`` or ``503`` is retried after the wait its
  ``Retry-After`` asks for (else a growing back-off), a few times at most;
- a conditional request (``If-None-Match``, ``If-Modified-Since``) when the
  caller kept the validators of the last answer, so an unchanged page costs a 304.

Within bounds means: a time limit on the whole of each request (connection,
headers and a body however slowly it comes), a size cap, redirects followed
only to ``http(s)://`` (never ``file://`` or anything else) and a few at most,
and one line per URL that fails while the run goes on.

requests does the HTTP (encodings, connection reuse). Its own ``timeout`` is
per read, so a server that sends a byte a second would hold a run for ever; a
watchdog timer shuts the request's socket when the limit is up
(:class:`_Deadline`), which ends any read in progress.
"""
from __future__ import annotations

import socket
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from quotes.model import Article
from quotes.readers.warc import HTML_TYPES
from quotes.readers.html import MAX_PAGE_BYTES, PageError, read_page

TIMEOUT = 10.0  # seconds for a whole request: connecting, the headers and the page
DELAY = 1.0  # seconds between two requests to the same host
RETRIES = 2  # more tries after a 429 or 503
MAX_WAIT = 120.0  # seconds a Retry-After may ask for; longer, and the URL fails for now
MAX_REDIRECTS = 5
MAX_ROBOTS_BYTES = 512_000  # Google reads the first 500 KiB of a robots.txt
ROBOTS_TTL = 86400.0  # seconds a host's robots.txt is trusted before it is read again (a watch runs for days)
WORKERS = 8  # hosts asked at the same time by fetch_all
ROBOTS_AGENT = "quotes"  # the name robots.txt rules for this tool are written under
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
_RETRIED = (429, 503)
_REDIRECTS = (301, 302, 303, 307, 308)


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def user_agent() -> str:
    try:
        release = version("quotes")
    except PackageNotFoundError:
        release = "dev"
    return f"quotes/{release} (news quote research; obeys robots.txt, one request at a time per host)"


@dataclass
class Response:
    """One answer: ``status`` 200 with its ``body``, or 304 (unchanged since the validators sent)."""

    url: str  # where the answer came from, after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None  # only when the Content-Type header names one
    etag: str | None = None
    last_modified: str | None = None
    reason: str = ""

    @property
    def unchanged(self) -> bool:
        return self.status == 304


@dataclass
class _Host:
    """What the fetcher knows of one host: its turn, its last request, its robots.txt."""

    lock: threading.Lock = field(default_factory=threading.Lock)  # held for a whole request
    last: float | None = None
    robots: RobotFileParser | None = None  # read on the first request
    crawl_delay: float = 0.0


_requests = threading.local()  # the connections the current request of this thread uses


class _Deadline:
    """Shut the sockets of one request when its time is up, from a timer thread.

    A connection is recorded as the pool hands it out (:func:`_watched_pools`);
    shutting its socket makes a blocked ``recv`` return at once, so the request
    fails with a connection error that :meth:`Fetcher.get` reports as a time-out.
    """

    def __init__(self, seconds: float):
        self.connections: list = []
        self.expired = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        _requests.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        _requests.deadline = None

    def watch(self, connection) -> None:
        with self._lock:
            self.connections.append(connection)
            if self.expired:
                _shut(connection)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for connection in self.connections:
                _shut(connection)


def _shut(connection) -> None:
    sock = getattr(connection, "sock", None)
    if sock is None:
        return
    try:  # the plain socket's shutdown: an SSL socket's would drop its state under a reader
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def _watched_pools():
    """urllib3's connection pools, each handing its connections to the running :class:`_Deadline`."""
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class Watched:
        def _get_conn(self, timeout=None):
            connection = super()._get_conn(timeout)
            deadline = getattr(_requests, "deadline", None)
            if deadline is not None:
                deadline.watch(connection)
            return connection

    return {"http": type("WatchedHTTPPool", (Watched, HTTPConnectionPool), {}),
            "https": type("WatchedHTTPSPool", (Watched, HTTPSConnectionPool), {})}


class Fetcher:
    """One HTTP session for a run, with what it knows of each host; safe to share between threads."""

    def __init__(self, timeout: float = TIMEOUT, delay: float | None = None,
                 retries: int = RETRIES, max_wait: float = MAX_WAIT, max_bytes: int = MAX_PAGE_BYTES,
                 stop: threading.Event | None = None):
        """``stop``, once set, cuts short any wait for a host's turn (the request fails)."""
        import requests
        from requests.adapters import HTTPAdapter

        self.timeout = timeout
        self.delay = DELAY if delay is None else delay
        self.retries, self.max_wait, self.max_bytes = retries, max_wait, max_bytes
        self.stop = stop or threading.Event()
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent()
        pools = _watched_pools()
        for scheme in ("http://", "https://"):  # room for every thread's connection to a host
            adapter = HTTPAdapter(pool_connections=64, pool_maxsize=WORKERS * 2)
            adapter.poolmanager.pool_classes_by_scheme = pools
            self.session.mount(scheme, adapter)
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    # -- pages ---------------------------------------------------------------

    def fetch(self, url: str) -> Article:
        """The article at ``url``; raises :class:`PageError` saying why there is none."""
        return self.page(url, self.get(url, accept=PAGE_ACCEPT))

    def page(self, url: str, response: Response) -> Article:
        """The article in a 200 answer for ``url``; raises :class:`PageError`."""
        kind = response.content_type.split(";")[0].strip().lower()
        if kind and kind not in HTML_TYPES:
            raise PageError(f"not a web page ({kind})")
        return read_page(response.body, source=url, url=response.url, header_charset=response.charset)

    # -- any resource ----------------------------------------------------------

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            accept: str = "*/*") -> Response:
        """A polite GET of ``url`` (see the module's docstring); raises :class:`PageError`.

        With ``etag`` or ``last_modified`` (from an earlier :class:`Response`) the
        request is conditional, and a 304 comes back as an unchanged response.
        """
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _ in range(MAX_REDIRECTS + 1):
            if not is_url(url):
                raise PageError(f"redirected to {url.split(':')[0]}:, not an http(s):// URL")
            host = self._host(url)
            with host.lock:
                if not self._allowed(host, url):
                    raise PageError("disallowed by the site's robots.txt")
                response = self._tries(host, url, headers)
            if response.status in _REDIRECTS:
                url = response.url  # where the redirect points, see _send
                continue
            if response.status not in (200, 304):
                raise PageError(f"HTTP {response.status} {response.reason}".strip())
            return response
        raise PageError(f"more than {MAX_REDIRECTS} redirects")

    def _host(self, url: str) -> _Host:
        with self._hosts_lock:
            return self._hosts.setdefault(host_of(url), _Host())

    def _wait_turn(self, host: _Host) -> None:
        """Sleep until the host's delay since its last request has passed; the caller holds its lock."""
        if host.last is not None:
            pause = max(self.delay, host.crawl_delay) - (time.monotonic() - host.last)
            if pause > 0 and self.stop.wait(pause):
                raise PageError("not fetched: stopping")
        if self.stop.is_set():
            raise PageError("not fetched: stopping")
        host.last = time.monotonic()

    def _allowed(self, host: _Host, url: str) -> bool:
        """Whether the host's robots.txt lets this tool ask for ``url``, read it if not yet read."""
        if host.robots is None or time.time() - host.robots.mtime() > ROBOTS_TTL:
            host.robots = self._read_robots(host, url)
            delay = host.robots.crawl_delay(ROBOTS_AGENT)
            host.crawl_delay = float(delay) if delay else 0.0
        return host.robots.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, host: _Host, url: str) -> RobotFileParser:
        """The host's rules: a 401 or 403 forbids everything; a missing or unreadable file, nothing."""
        parts = urlsplit(url)
        robots = RobotFileParser(f"{parts.scheme}://{parts.netloc}/robots.txt")
        response, where = Response(robots.url, 404), robots.url
        try:
            for _ in range(MAX_REDIRECTS + 1):  # http:// to https://, or to www.: followed
                response = self._tries(host, where, {"Accept": "text/plain"}, MAX_ROBOTS_BYTES)
                if response.status not in _REDIRECTS or not is_url(response.url):
                    break
                where = response.url
        except PageError:
            response = Response(robots.url, 404)
        if response.status in (401, 403):
            robots.disallow_all = True
        elif response.status == 200:
            robots.parse(response.body.decode("utf-8", "replace").splitlines())
        else:  # 404, a server error, no answer in time: no rules
            robots.allow_all = True
        robots.modified()
        return robots

    def _tries(self, host: _Host, url: str, headers: dict, max_bytes: int | None = None) -> Response:
        """One request, tried again after a 429 or 503 as its ``Retry-After`` asks."""
        for attempt in range(self.retries + 1):
            self._wait_turn(host)
            response, retry_after = self._once(url, headers, max_bytes or self.max_bytes)
            if response.status not in _RETRIED:
                return response
            wait = retry_after if retry_after is not None else max(self.delay, 1.0) * 2 ** attempt
            if attempt == self.retries or wait > self.max_wait:
                asked = f"; asked to wait {wait:g} s" if retry_after is not None else ""
                raise PageError(f"HTTP {response.status}{asked}, gave up after {attempt + 1} tries")
            host.last = time.monotonic() + wait - max(self.delay, host.crawl_delay)
        raise AssertionError("unreachable")

    def _once(self, url: str, headers: dict, max_bytes: int) -> tuple[Response, float | None]:
        """One request within the time limit: its response, and the wait a 429 or 503 asks for."""
        import requests

        timed_out = PageError(f"timed out after {self.timeout:g} s")
        with _Deadline(self.timeout) as deadline:
            for attempt in (1, 2):
                try:
                    result = self._send(url, headers, max_bytes)
                    break
                except requests.Timeout:
                    raise timed_out from None
                except requests.ConnectionError as error:
                    if deadline.expired or "timed out" in str(error).lower():  # a read time-out mid-body
                        raise timed_out from None
                    # A kept-alive connection the server closed just as it was used again ends
                    # before any answer: asked once more, on a new connection, as browsers do.
                    if attempt == 1 and _reason(error) == "Remote end closed":
                        continue
                    raise PageError(f"cannot connect ({_reason(error)})") from None
                except requests.RequestException as error:
                    if deadline.expired:
                        raise timed_out from None
                    raise PageError(f"request failed ({error.__class__.__name__})") from None
            if deadline.expired:  # the body ended because its socket was shut: it is cut short
                raise timed_out
        return result

    def _send(self, url: str, headers: dict, max_bytes: int) -> tuple[Response, float | None]:
        with self.session.get(url, headers=headers, timeout=self.timeout, stream=True,
                              allow_redirects=False) as answer:
            status = answer.status_code
            if status in _REDIRECTS:
                location = answer.headers.get("Location")
                if not location:
                    raise PageError(f"HTTP {status} redirect without a Location")
                return Response(urljoin(url, location), status), None
            if status in _RETRIED:
                return Response(url, status), retry_after(answer.headers.get("Retry-After"))
            if status == 304:
                return Response(url, 304, etag=answer.headers.get("ETag"),
                                last_modified=answer.headers.get("Last-Modified")), None
            if status != 200:
                return Response(url, status, reason=answer.reason or ""), None
            length = answer.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise PageError(f"larger than {_size(max_bytes)} ({_size(int(length))})")
            data = bytearray()
            for chunk in answer.iter_content(65536):
                data += chunk
                if len(data) > max_bytes:
                    raise PageError(f"larger than {_size(max_bytes)}")
            content_type = answer.headers.get("Content-Type", "")
            charset = answer.encoding if "charset" in content_type.lower() else None
            return Response(url, 200, _gunzipped(bytes(data), max_bytes), content_type, charset,
                            answer.headers.get("ETag"), answer.headers.get("Last-Modified")), None


class Shared:
    """One object for every thread, made by the first that asks (a fetcher only if a URL comes)."""

    def __init__(self, make: Callable[[], object]):
        self._make, self._made, self._lock = make, None, threading.Lock()

    def __call__(self):
        with self._lock:
            if self._made is None:
                self._made = self._make()
            return self._made


def in_parallel(items: Iterable, work: Callable, workers: int = WORKERS,
                wanted: Callable[[object], bool] | None = None) -> Iterator[tuple]:
    """``(item, work(item))`` for each item, in their order, ``workers`` threads at a time.

    The threads share one :class:`Fetcher`, whose host locks keep each host to one
    request at a time: only requests to different hosts run side by side. ``work``'s
    :class:`PageError` comes back in place of its result. Items are taken a window
    ahead, not all at once, so a long list starts at once and holds little. An item
    ``wanted`` refuses comes back with ``None``, and no thread starts for it (a run of
    files alone starts none).
    """
    def attempt(item):
        try:
            return work(item)
        except PageError as error:
            return error

    pending: deque = deque()
    pool = None
    try:
        for item in items:
            if wanted is None or wanted(item):
                pool = pool or ThreadPoolExecutor(max_workers=workers)
                pending.append((item, pool.submit(attempt, item)))
            else:
                pending.append((item, None))
            if len(pending) >= workers * 8:
                item, future = pending.popleft()
                yield item, future.result() if future else None
        while pending:
            item, future = pending.popleft()
            yield item, future.result() if future else None
    finally:  # a consumer that stops early leaves nothing queued behind it
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def round_robin(urls: Iterable[str]) -> list[str]:
    """``urls`` taken one host at a time in turn, so that the threads of :func:`in_parallel`
    find different hosts side by side instead of queueing behind one host's turn."""
    by_host: dict[str, deque] = {}
    for url in urls:
        by_host.setdefault(host_of(url), deque()).append(url)
    order = []
    while by_host:
        for host in list(by_host):
            order.append(by_host[host].popleft())
            if not by_host[host]:
                del by_host[host]
    return order


def retry_after(value: str | None) -> float | None:
    """The seconds a ``Retry-After`` header asks for (a number or an HTTP date); ``None`` if none."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _gunzipped(data: bytes, max_bytes: int) -> bytes:
    """A gzipped file (``sitemap.xml.gz``) unpacked, at most ``max_bytes`` of it; else as it is."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        unpacked = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, max_bytes + 1)
    except zlib.error:
        raise PageError("a broken gzip file") from None
    if len(unpacked) > max_bytes:
        raise PageError(f"larger than {_size(max_bytes)} unpacked")
    return unpacked


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


def _reason(error: Exception) -> str:
    """The innermost cause of a connection error, in a few words."""
    while error.__context__ is not None and not str(error).strip():
        error = error.__context__
    text = str(error)
    for marker in ("Connection refused", "Name or service not known", "No route to host",
                   "Temporary failure in name resolution", "Read timed out", "Remote end closed"):
        if marker in text:
            return marker
    return error.__class__.__name__
