"""A web site on 127.0.0.1 for the fetching and watching tests: pages, feeds, robots.txt.

Each path is given an answer (a body and its type, a status, headers) or a
function that writes its own; a page with an ETag answers a matching
``If-None-Match`` with a 304. Every request is logged with its time, so a test
can check what was asked, how often and how far apart.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Answer:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict = field(default_factory=dict)
    etag: str | None = None


@dataclass
class Request:
    path: str
    at: float
    headers: dict


class LocalSite:
    def __init__(self, host: str = "127.0.0.1"):
        self.answers: dict[str, Answer | object] = {}
        self.log: list[Request] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's name)
                site._handle(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # a client that hung up (size cap, time-out)
        self.base = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
             etag: str | None = None, **headers) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.answers[path] = Answer(data, content_type, etag=etag, headers=headers)

    def asked(self, path: str) -> list[Request]:
        return [request for request in self.log if request.path == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = urlsplit(handler.path).path
        with self._lock:
            self.log.append(Request(path, time.monotonic(), dict(handler.headers)))
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            answer = self.answers.get(path)
            if callable(answer):
                answer(handler)
                return
            if answer is None:
                answer = Answer(b"not here", "text/plain", 404)
            if answer.etag and handler.headers.get("If-None-Match") == answer.etag:
                handler.send_response(304)
                handler.send_header("ETag", answer.etag)
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            handler.send_response(answer.status)
            handler.send_header("Content-Type", answer.content_type)
            handler.send_header("Content-Length", str(len(answer.body)))
            if answer.etag:
                handler.send_header("ETag", answer.etag)
            for name, value in answer.headers.items():
                handler.send_header(name.replace("_", "-"), value)
            handler.end_headers()
            handler.wfile.write(answer.body)
        finally:
            with self._lock:
                self.in_flight -= 1


def story(title: str, *paragraphs: str, canonical: str | None = None) -> str:
    """A news page: a title, a canonical link if given, and its paragraphs in an article."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{link}</head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


def rss(*links: str) -> str:
    items = "".join(f"<item><title>{link}</title><link>{link}</link></item>" for link in links)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title>'
            f"<link>http://127.0.0.1/</link>{items}</channel></rss>")


def atom(*links: str) -> str:
    entries = "".join(f'<entry><title>{link}</title><id>{link}</id><link href="{link}"/></entry>'
                      for link in links)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>News</title>{entries}</feed>")


def sitemap_index(*sitemaps: str) -> str:
    entries = "".join(f"<sitemap><loc>{url}</loc></sitemap>" for url in sitemaps)
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>')


def news_sitemap(*links: str) -> str:
    entries = "".join(f"<url><loc>{link}</loc><news:news><news:title>{link}</news:title></news:news></url>"
                      for link in links)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>')


def trickling(chunk: bytes, times: int):
    """An answer that promises a large body and sends ``chunk`` every 0.1 s, ``times`` times:
    a slow host, for the whole-request time limit."""
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        try:
            for _ in range(times):
                handler.wfile.write(chunk)
                handler.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    return trickle
