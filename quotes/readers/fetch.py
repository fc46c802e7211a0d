"""Fetch news pages from ``http(s)://`` URLs, politely.

Politely means: a user agent that says what is asking, a time limit on every
request, at most one request a second to the same host, and one line per
URL that fails (time-out, refused, 404, not a web page) while the run goes on.
requests does the HTTP (redirects, encodings, connection reuse).

The time limit bounds the whole request, connection, headers and body
together. requests' own ``timeout`` is per read, so a server that sends a byte
a second would hold a run forever; a watchdog timer shuts the request's socket
when the limit is up (:class:`_Deadline`), which ends any read in progress.
"""
from __future__ import annotations

import socket
import threading
import time
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

from quotes.model import Article
from quotes.readers.warc import HTML_TYPES
from quotes.readers.html import MAX_PAGE_BYTES, PageError, read_page

TIMEOUT = 10.0  # seconds for a whole request: connecting, the headers and the page
DELAY = 1.0  # seconds between two requests to the same host


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def user_agent() -> str:
    try:
        release = version("quotes")
    except PackageNotFoundError:
        release = "dev"
    return f"quotes/{release} (news quote research; one request a second per host)"


_requests = threading.local()  # the connections the current request of this thread uses


class _Deadline:
    """Shut the sockets of one request when its time is up, from a timer thread.

    A connection is recorded as the pool hands it out (:func:`_watched_pools`);
    shutting its socket makes a blocked ``recv`` return at once, so the request
    fails with a connection error that :meth:`Fetcher.fetch` reports as a time-out.
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
    """One HTTP session for a run, remembering when it last asked each host."""

    def __init__(self, timeout: float = TIMEOUT, delay: float | None = None):
        import requests

        self.timeout = timeout
        self.delay = DELAY if delay is None else delay
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent()
        self.session.headers["Accept"] = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
        pools = _watched_pools()
        for adapter in self.session.adapters.values():
            adapter.poolmanager.pool_classes_by_scheme = pools
        self._last: dict[str, float] = {}

    def _wait_for(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def fetch(self, url: str) -> Article:
        """The article at ``url``; raises :class:`PageError` saying why there is none."""
        import requests

        if not is_url(url):
            raise PageError("not an http:// or https:// URL")
        self._wait_for(urlsplit(url).netloc.lower())
        timed_out = PageError(f"timed out after {self.timeout:g} s")
        with _Deadline(self.timeout) as deadline:
            try:
                data, charset, final_url = self._get(url)
            except requests.Timeout:
                raise timed_out from None
            except requests.ConnectionError as error:
                if deadline.expired or "timed out" in str(error).lower():  # a read time-out mid-body
                    raise timed_out from None
                raise PageError(f"cannot connect ({_reason(error)})") from None
            except requests.RequestException as error:
                if deadline.expired:
                    raise timed_out from None
                raise PageError(f"request failed ({error.__class__.__name__})") from None
            if deadline.expired:  # the body ended because its socket was shut: it is cut short
                raise timed_out
        return read_page(data, source=url, url=final_url, header_charset=charset)

    def _get(self, url: str) -> tuple[bytes, str | None, str]:
        """The page's bytes (at most one more than a page may have), its charset and final URL."""
        with self.session.get(url, timeout=self.timeout, stream=True) as response:
            if response.status_code >= 400:
                raise PageError(f"HTTP {response.status_code} {response.reason or ''}".strip())
            content_type = response.headers.get("Content-Type", "")
            if content_type and content_type.split(";")[0].strip().lower() not in HTML_TYPES:
                raise PageError(f"not a web page ({content_type.split(';')[0].strip()})")
            data = bytearray()
            for chunk in response.iter_content(65536):
                data += chunk
                if len(data) > MAX_PAGE_BYTES:
                    break
            charset = response.encoding if "charset" in content_type.lower() else None
            return bytes(data), charset, response.url


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
