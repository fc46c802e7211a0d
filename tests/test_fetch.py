"""Polite and bounded fetching (quotes.readers.fetch) against a site on 127.0.0.1."""
from __future__ import annotations

import threading
import time

import pytest
from click.testing import CliRunner

from local_site import LocalSite, story, trickling
from quotes.cli import cli
from quotes.readers import fetch
from quotes.readers.html import PageError

PAGE = story("Council votes", "The council voted on Tuesday to rebuild the harbour wall.",
             '"We have waited long enough," said Mayor Ana Reyes.')


@pytest.fixture
def site():
    site = LocalSite()
    yield site
    site.close()


def test_robots_txt_is_obeyed_with_its_crawl_delay(site):
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n", "text/plain")
    for name in ("a", "b"):
        site.page(f"/news/{name}", PAGE)
    site.page("/private/x", PAGE)
    fetcher = fetch.Fetcher(delay=0.0)
    with pytest.raises(PageError, match="disallowed by the site's robots.txt"):
        fetcher.fetch(site.url("/private/x"))
    for name in ("a", "b"):
        assert "Ana Reyes" in fetcher.fetch(site.url(f"/news/{name}")).text
    assert not site.asked("/private/x")
    assert len(site.asked("/robots.txt")) == 1  # read once for the host
    times = [request.at for request in site.log]
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.95  # whole seconds: what urllib.robotparser reads


def test_a_site_that_forbids_robots_txt_is_not_fetched(site):
    site.page("/robots.txt", "no", "text/plain")
    site.answers["/robots.txt"].status = 403
    site.page("/news/a", PAGE)
    with pytest.raises(PageError, match="robots.txt"):
        fetch.Fetcher(delay=0.0).fetch(site.url("/news/a"))
    assert not site.asked("/news/a")


def test_a_429_is_retried_after_the_wait_it_asks_for(site):
    site.page("/news/a", PAGE)
    busy = {"left": 1}

    def answer(handler):
        if busy["left"]:
            busy["left"] -= 1
            handler.send_response(429)
            handler.send_header("Retry-After", "1")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        site.answers["/news/a"] = site.answers.pop("/later")
        handler.send_response(307)
        handler.send_header("Location", "/news/a")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    site.answers["/later"] = site.answers["/news/a"]
    site.answers["/news/a"] = answer
    article = fetch.Fetcher(delay=0.0).fetch(site.url("/news/a"))
    assert "Ana Reyes" in article.text
    tries = site.asked("/news/a")
    assert len(tries) == 3  # the 429, the redirect, the page
    assert tries[1].at - tries[0].at >= 0.95


def test_a_wait_too_long_fails_at_once_with_one_line(site):
    site.page("/news/a", "busy", "text/plain", Retry_After="86400")
    site.answers["/news/a"].status = 503
    started = time.monotonic()
    with pytest.raises(PageError, match=r"HTTP 503; asked to wait 86400 s, gave up after 1 tries"):
        fetch.Fetcher(delay=0.0).fetch(site.url("/news/a"))
    assert time.monotonic() - started < 2


def test_an_unchanged_page_costs_one_304(site):
    site.page("/news/a", PAGE, etag='"v1"', Last_Modified="Tue, 01 Dec 2026 10:00:00 GMT")
    fetcher = fetch.Fetcher(delay=0.0)
    first = fetcher.get(site.url("/news/a"))
    assert (first.status, first.etag, first.last_modified) == (
        200, '"v1"', "Tue, 01 Dec 2026 10:00:00 GMT")
    again = fetcher.get(site.url("/news/a"), etag=first.etag, last_modified=first.last_modified)
    assert again.unchanged and again.body == b""
    request = site.asked("/news/a")[-1]
    assert request.headers["If-None-Match"] == '"v1"'
    assert request.headers["If-Modified-Since"] == "Tue, 01 Dec 2026 10:00:00 GMT"


def test_the_time_limit_holds_for_a_body_that_trickles(site):
    site.answers["/slow"] = trickling(b"<p>a</p>", 100)
    started = time.monotonic()
    with pytest.raises(PageError, match=r"timed out after 1 s"):
        fetch.Fetcher(timeout=1.0, delay=0.0).fetch(site.url("/slow"))
    assert time.monotonic() - started < 5  # the body would take 10 s


def test_a_redirect_goes_only_to_http(site):
    site.page("/news/a", "", Location="file:///etc/passwd")
    site.answers["/news/a"].status = 302
    with pytest.raises(PageError, match=r"redirected to file:, not an http\(s\):// URL"):
        fetch.Fetcher(delay=0.0).fetch(site.url("/news/a"))


def test_a_body_over_the_size_cap_is_refused(site):
    site.page("/big", "<p>" + "word " * 5000 + "</p>")
    with pytest.raises(PageError, match="larger than 0.01 MB"):
        fetch.Fetcher(delay=0.0, max_bytes=10_000).fetch(site.url("/big"))


def test_hosts_are_asked_in_parallel_and_each_one_at_a_time():
    sites = [LocalSite() for _ in range(3)]
    busy = {"now": 0, "most": 0}
    lock = threading.Lock()

    def slow(handler):
        with lock:
            busy["now"] += 1
            busy["most"] = max(busy["most"], busy["now"])
        time.sleep(0.3)
        with lock:
            busy["now"] -= 1
        body = PAGE.encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    try:
        for site in sites:
            for n in range(3):
                site.answers[f"/news/{n}"] = slow
        urls = [site.url(f"/news/{n}") for n in range(3) for site in sites]
        fetcher = fetch.Fetcher(delay=0.0)
        results = list(fetch.in_parallel(urls, fetcher.fetch))
        assert [url for url, _ in results] == urls  # in their order
        assert all("Ana Reyes" in article.text for _, article in results)
        assert all(site.most_in_flight == 1 for site in sites)  # never two at once on one host
        assert busy["most"] > 1  # but different hosts side by side
    finally:
        for site in sites:
            site.close()


def test_extract_url_names_a_disallowed_url_in_one_line(tmp_path, site):
    site.page("/robots.txt", "User-agent: quotes\nDisallow: /\n", "text/plain")
    site.page("/news/a", PAGE)
    result = CliRunner().invoke(cli, ["extract", site.url("/news/a"), "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 1
    assert f"Error: {site.url('/news/a')}: disallowed by the site's robots.txt" in result.output
    assert "Traceback" not in result.output and not site.asked("/news/a")


def test_a_gzipped_sitemap_comes_unpacked_within_the_cap(site):
    import gzip

    sitemap = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'
    site.page("/sitemap.xml.gz", gzip.compress(sitemap), "application/x-gzip")
    site.page("/bomb.xml.gz", gzip.compress(b" " * 50_000), "application/x-gzip")
    fetcher = fetch.Fetcher(delay=0.0, max_bytes=20_000)
    assert fetcher.get(site.url("/sitemap.xml.gz")).body == sitemap
    with pytest.raises(PageError, match="larger than 0.02 MB unpacked"):
        fetcher.get(site.url("/bomb.xml.gz"))


def test_robots_txt_is_read_through_a_redirect(site):
    site.page("/robots.txt", "", Location="/real-robots.txt")
    site.answers["/robots.txt"].status = 301
    site.page("/real-robots.txt", "User-agent: *\nDisallow: /news/\n", "text/plain")
    site.page("/news/a", PAGE)
    with pytest.raises(PageError, match="robots.txt"):
        fetch.Fetcher(delay=0.0).fetch(site.url("/news/a"))
    assert not site.asked("/news/a")


def test_a_kept_alive_connection_the_server_drops_on_reuse_is_asked_again_on_a_new_one():
    """A server that closes each connection after one answer, without saying so (no
    ``Connection: close``), drops the next request sent on it before answering: the fetch asks
    again once on a new connection rather than failing with "Remote end closed"."""
    import socket

    body = PAGE.encode()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    connections = []

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            connections.append(conn)
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                request += chunk
            path = request.split(b" ", 2)[1] if request.count(b" ") >= 2 else b"/"
            answer = b"User-agent: *\n" if path == b"/robots.txt" else body
            kind = b"text/plain" if path == b"/robots.txt" else b"text/html"
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s"
                         % (kind, len(answer), answer))
            conn.recv(4096)  # the next request on this connection: dropped unanswered
            conn.close()
    threading.Thread(target=serve, daemon=True).start()
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        fetcher = fetch.Fetcher(timeout=5.0, delay=0.0)
        articles = [fetcher.fetch(f"{base}/news/{n}") for n in range(3)]
    finally:
        listener.close()
    assert all("harbour wall" in article.text for article in articles)
    assert len(connections) >= 4  # robots.txt and three pages, each on a connection of its own
