"""Hostile inputs to the readers (issue 28): each costs at most one line, nothing else is lost.

A charset that is not a text encoding, a server that trickles bytes, inputs of
unbounded size, article URLs that are not web links, the same file name in two
folders, broken WARC lengths, FIFOs, ``NaN`` metadata and deeply nested HTML.
"""
from __future__ import annotations

import io
import json
import os
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.readers import fetch

DATA = Path(__file__).parent / "data"
PAGES = DATA / "html"
TEXTS = DATA / "text"


def run(tmp_path, *args):
    db = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["extract", *map(str, args), "--db", str(db)])
    return result, db


def errors(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("Error:")]


def stored(db, column="source") -> list:
    connection = sqlite3.connect(db)
    try:
        return [row[0] for row in connection.execute(f"select {column} from articles order by id")]
    finally:
        connection.close()


def page_with_charset(label: str) -> bytes:
    return (PAGES / "wordpress.html").read_bytes().replace(b'charset="UTF-8"', f'charset="{label}"'.encode())


def write_warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    """A gzipped WARC of HTTP responses, one gzip member per record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, body, content_type in pages:
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", content_type)],
                                              protocol="HTTP/1.1")))


# -- 1. a charset label that is not a text encoding ------------------------------------------

@pytest.mark.parametrize("label", ["hex", "rot13", "base64", "zlib", "uu"])
def test_a_page_declaring_a_codec_that_is_not_a_text_encoding_is_read(tmp_path, label):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_bytes(page_with_charset(label))
    (folder / "b.txt").write_text((TEXTS / "jsonld.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result, db = run(tmp_path, folder)
    assert "Traceback" not in result.output and not errors(result), result.output
    assert result.exit_code == 0
    assert stored(db) == ["a.html", "b.txt"]


def test_a_warc_record_whose_header_names_a_codec_keeps_the_rest_of_the_archive(tmp_path):
    body = (PAGES / "wordpress.html").read_bytes()
    pages = [("https://a.example/1", body, "text/html; charset=hex"),
             ("https://b.example/2", (PAGES / "jsonld.html").read_bytes(), "text/html")]
    write_warc(tmp_path / "pages.warc.gz", pages)
    result, db = run(tmp_path, tmp_path / "pages.warc.gz")
    assert "Traceback" not in result.output and not errors(result), result.output
    assert stored(db) == ["https://a.example/1", "https://b.example/2"]


# -- 7. inputs read whole before their size is checked ---------------------------------------

def test_a_huge_page_is_refused_after_reading_no_more_than_the_limit(tmp_path):
    import tracemalloc

    from quotes.readers import html, inputs

    page = tmp_path / "huge.html"
    with page.open("wb") as out:  # sparse: 60 MB on no disk
        out.truncate(60_000_000)
    tracemalloc.start()
    try:
        items = list(inputs.read_file(page))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [str(item) for item in items] == [f"{page}: page larger than 10 MB, not an article"]
    assert peak < 2 * html.MAX_PAGE_BYTES, peak  # never the whole 60 MB


def test_a_list_of_urls_with_an_endless_line_is_one_error_line(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_bytes(b"http://127.0.0.1/" + b"a" * 200_000 + b"\n")
    result, db = run(tmp_path, "--urls", listing)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert errors(result) == [f"Error: {listing}: list of URLs, line 1 is longer than 65,536 "
                              "characters; is it the right file?"], result.output


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_manifest_with_an_endless_line_is_one_error_line(tmp_path, suffix):
    manifest = tmp_path / f"manifest{suffix}"
    manifest.write_bytes(b"source,outlet\n" + b"x" * 200_000 + b"\n" if suffix == ".csv"
                         else b'{"source": "' + b"x" * 200_000 + b'"}\n')
    result, db = run(tmp_path, TEXTS / "amp.txt", "--manifest", manifest)
    assert result.exit_code == 1 and "Traceback" not in result.output
    line = 2 if suffix == ".csv" else 1
    assert errors(result) == [f"Error: {manifest}: manifest line {line} is longer than 65,536 "
                              "characters; is it the right file?"], result.output


@pytest.mark.parametrize("option", ["--urls", "--manifest"])
def test_dev_zero_as_a_list_is_one_error_line_within_little_memory(tmp_path, option):
    """The command itself, in a process allowed 1.5 GB: reading /dev/zero whole would be a
    MemoryError traceback."""
    import resource
    import subprocess
    import sys

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))

    done = subprocess.run(
        [sys.executable, "-m", "quotes", "extract", str(TEXTS / "amp.txt"), option, "/dev/zero", "--db", str(tmp_path / "q.db")],
        capture_output=True, text=True, timeout=120, preexec_fn=limit, env={**os.environ})
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert [line for line in done.stderr.splitlines() if line.startswith("Error:")] == [
        f"Error: /dev/zero: {'list of URLs,' if option == '--urls' else 'manifest'} line 1 is longer "
        "than 65,536 characters; is it the right file?"], done.stderr


# -- 15. NaN metadata, FIFOs -------------------------------------------------------------------

def test_nan_metadata_in_jsonl_is_no_outlet_named_nan(tmp_path):
    text = (TEXTS / "amp.txt").read_text(encoding="utf-8")
    articles = tmp_path / "a.jsonl"
    articles.write_text(f'{{"source": "one", "outlet": NaN, "text": {json.dumps(text)}}}\n'
                        f'{{"source": "two", "outlet": "Herald", "text": {json.dumps(text + " More.")}}}\n',
                        encoding="utf-8")
    result, db = run(tmp_path, articles)
    assert "Traceback" not in result.output
    assert errors(result) == [f"Error: {articles}:1: 'outlet' must be a string, not NaN"], result.output
    connection = sqlite3.connect(db)
    assert [row[0] for row in connection.execute("select name from outlets")] == ["Herald"]


def test_nan_in_a_manifest_is_ignored(tmp_path):
    from quotes.readers import inputs

    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"source": "a.txt", "outlet": NaN, "title": Infinity, "url": "https://a.example/"}\n',
                        encoding="utf-8")
    assert inputs.read_manifest(manifest) == {"a.txt": {"url": "https://a.example/"}}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_not_a_regular_file_and_not_missing(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result, db = run(tmp_path, fifo, TEXTS / "amp.txt")
    assert "Traceback" not in result.output
    assert errors(result) == [f"Error: {fifo}: not a regular file (a pipe, socket or device); save its "
                              "contents to a file and read that"], result.output
    assert stored(db) == ["amp.txt"]


# -- 8. article URLs that are not web links ----------------------------------------------------

def test_an_article_url_that_is_not_http_is_not_kept(tmp_path):
    text = (TEXTS / "amp.txt").read_text(encoding="utf-8")
    articles = tmp_path / "a.jsonl"
    articles.write_text(json.dumps({"source": "one", "url": "javascript:alert(document.cookie)", "text": text})
                        + "\n" + json.dumps({"source": "two", "url": "https://b.example/two",
                                             "text": text + " More."}) + "\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "c.txt").write_text(text + " Again.", encoding="utf-8")
    manifest = tmp_path / "m.csv"
    manifest.write_text("source,url\nc.txt,\" data:text/html,<script>alert(1)</script>\"\n", encoding="utf-8")
    result, db = run(tmp_path, articles, folder, "--manifest", manifest)
    assert result.exit_code == 0 and not errors(result), result.output
    assert dict(zip(stored(db), stored(db, "url"))) == {"one": None, "two": "https://b.example/two",
                                                        "c.txt": None}
    assert "one: url 'javascript:alert(document.cookie)' is not an http(s):// link" in result.output
    assert "c.txt: url 'data:text/html,<script>alert(1)</script>' is not an http(s):// link" in result.output


# -- 6. a server that trickles its answer ------------------------------------------------------

class Trickle:
    """A local server answering a byte every 0.2 s: its headers (``/headers``) or, after quick
    headers, its page (``/body``); any other path gets a whole page at once."""

    def __init__(self):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        page = (PAGES / "jsonld.html").read_bytes()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(page)
                slow = head if self.path == "/headers" else page if self.path == "/body" else b""
                try:
                    if self.path == "/body" or not slow:
                        self.wfile.write(head)
                        self.wfile.flush()
                    for byte in slow[:300]:  # 60 s at most
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.2)
                    if not slow:
                        self.wfile.write(page)
                except OSError:  # the client gave up
                    pass
                self.close_connection = True

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def trickle(monkeypatch):
    monkeypatch.setattr(fetch, "DELAY", 0.0)
    server = Trickle()
    yield server.url
    server.close()


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_server_sending_a_byte_at_a_time_is_given_up_on_at_the_timeout(tmp_path, trickle, part):
    started = time.monotonic()
    result, db = run(tmp_path, f"{trickle}/{part}", f"{trickle}/whole.html", "--timeout", "1")
    took = time.monotonic() - started
    assert "Traceback" not in result.output
    assert errors(result) == [f"Error: {trickle}/{part}: timed out after 1 s"], result.output
    assert stored(db) == [f"{trickle}/whole.html"]
    assert took < 5, took  # 60 s of trickle before the fix; ~1 s and the run's start-up now


# -- 11. the same file name in two folders -----------------------------------------------------

def test_the_same_file_name_in_two_folders_is_two_sources_each_with_its_manifest_row(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "story.txt").write_text((TEXTS / "amp.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "sub" / "story.txt").write_text((TEXTS / "jsonld.txt").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    manifest = tmp_path / "m.csv"
    manifest.write_text("source,outlet\nstory.txt,Top Times\nsub/story.txt,Sub Herald\n", encoding="utf-8")
    result, db = run(tmp_path, folder, "--manifest", manifest)
    assert result.exit_code == 0 and not errors(result), result.output
    connection = sqlite3.connect(db)
    assert connection.execute("""select articles.source, outlets.name from articles
                                 join outlets on outlets.id = articles.outlet_id
                                 order by articles.source""").fetchall() == [
        ("story.txt", "Top Times"), ("sub/story.txt", "Sub Herald")]


# -- 15. a WARC record with a broken Content-Length --------------------------------------------

@pytest.mark.parametrize("length", [b"-5", b"abc"])
def test_a_warc_content_length_that_is_no_length_is_one_error_line(tmp_path, length):
    import re

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    archive = tmp_path / "pages.warc"
    with archive.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        writer.write_record(writer.create_warc_record(
            "https://a.example/1", "response", payload=io.BytesIO((PAGES / "jsonld.html").read_bytes()),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")))
    archive.write_bytes(re.sub(rb"Content-Length: \d+", b"Content-Length: " + length,
                               archive.read_bytes(), count=1))
    result, db = run(tmp_path, archive, TEXTS / "amp.txt")
    assert "WARNING" not in result.output and "Traceback" not in result.output, result.output
    lines = errors(result)
    assert len(lines) == 1 and lines[0].startswith(f"Error: {archive}: archive breaks off after 0 pages "
                                                   "(ArchiveLoadFailed: a record's Content-Length does not match it"), lines
    assert stored(db) == ["amp.txt"]


# -- 15. an article nested deeper than the HTML parser goes ------------------------------------

@pytest.mark.parametrize("depth", [300, 5000])
def test_an_article_nested_hundreds_of_levels_deep_is_still_read(tmp_path, depth):
    text = (TEXTS / "amp.txt").read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    page = tmp_path / "deep.html"
    page.write_text("<html><head><title>Deep</title></head><body>" + "<div>" * depth + paragraphs
                    + "</div>" * depth + "</body></html>", encoding="utf-8")
    result, db = run(tmp_path, page)
    assert result.exit_code == 0 and not errors(result), result.output
    assert stored(db) == ["deep.html"]
    body = stored(db, "text")[0]
    assert "Rafael Gomez" in body and len(body.split()) > 30
