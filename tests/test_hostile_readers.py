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
