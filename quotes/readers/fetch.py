"""Fetch news pages from ``http(s)://`` URLs, politely.

Politely means: a user agent that says what is asking, a time limit on every
request, at most one request a second to the same host, and one line per
URL that fails (time-out, refused, 404, not a web page) while the run goes on.
requests does the HTTP (redirects, encodings, connection reuse).
"""
from __future__ import annotations

import time
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

from quotes.model import Article
from quotes.readers.warc import HTML_TYPES
from quotes.readers.html import MAX_PAGE_BYTES, PageError, read_page

TIMEOUT = 10.0  # seconds to connect, and between bytes once connected
DELAY = 1.0  # seconds between two requests to the same host


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def user_agent() -> str:
    try:
        release = version("quotes")
    except PackageNotFoundError:
        release = "dev"
    return f"quotes/{release} (news quote research; one request a second per host)"


class Fetcher:
    """One HTTP session for a run, remembering when it last asked each host."""

    def __init__(self, timeout: float = TIMEOUT, delay: float | None = None):
        import requests

        self.timeout = timeout
        self.delay = DELAY if delay is None else delay
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent()
        self.session.headers["Accept"] = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
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
        try:
            with self.session.get(url, timeout=self.timeout, stream=True) as response:
                if response.status_code >= 400:
                    raise PageError(f"HTTP {response.status_code} {response.reason or ''}".strip())
                content_type = response.headers.get("Content-Type", "")
                if content_type and content_type.split(";")[0].strip().lower() not in HTML_TYPES:
                    raise PageError(f"not a web page ({content_type.split(';')[0].strip()})")
                data = b""
                for chunk in response.iter_content(65536):
                    data += chunk
                    if len(data) > MAX_PAGE_BYTES:
                        break
                charset = response.encoding if "charset" in content_type.lower() else None
                final_url = response.url
        except requests.Timeout:
            raise PageError(f"timed out after {self.timeout:g} s") from None
        except requests.ConnectionError as error:
            if "timed out" in str(error).lower():  # a read time-out while the body came in
                raise PageError(f"timed out after {self.timeout:g} s") from None
            raise PageError(f"cannot connect ({_reason(error)})") from None
        except requests.RequestException as error:
            raise PageError(f"request failed ({error.__class__.__name__})") from None
        return read_page(data, source=url, url=final_url, header_charset=charset)


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
