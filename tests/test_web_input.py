"""Real news in: web pages, web archives and URLs, with their outlet and UTC time.

The pages under tests/data/html are written by hand in the shapes CMSs emit
(WordPress, JSON-LD-heavy, AMP, a page with comments and related stories);
tests/data/text holds the same articles as plain text. Every test goes
through the command line into a real SQLite file.
"""
from __future__ import annotations

import io
import shutil
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.readers import fetch
from quotes.cli import cli

DATA = Path(__file__).parent / "data"
PAGES = DATA / "html"
TEXTS = DATA / "text"

# What each page must give: title, outlet, canonical URL, publication instant, quotes.
EXPECTED = {
    "wordpress": {
        "title": "Old Mill Bridge to close for repairs in May",
        "outlet": "Riverton Ledger",
        "url": "https://rivertonledger.example/2026/03/02/old-mill-bridge-to-close/",
        "published": "2026-03-02T05:00:00Z",  # article:published_time +00:00
        "quotes": {
            ("the work would start in May", "Rafael Gomez"),
            ("The frame is older than any of us, and we cannot keep patching it", "Rafael Gomez"),
            ("We will keep one footpath open for as long as we safely can", "Anita Okafor"),
        },
    },
    "jsonld": {
        "title": "Riverton bridge shuts for eight weeks",
        "outlet": "Valley Herald",  # JSON-LD publisher; no og:site_name
        "url": "https://www.valleyherald.example/news/riverton-bridge-shuts-1.88231",
        "published": "2026-03-02T03:00:00Z",  # datePublished 08:00+05:00
        "quotes": {
            ("the work would start in May", "Rafael Gomez"),
            ("The frame is older than any of us, and we cannot keep patching it", "Rafael Gomez"),
            ("We will keep one footpath open for as long as we safely can", "Anita Okafor"),
        },
    },
    "amp": {
        "title": "Bridge closure: what drivers need to know",
        "outlet": "Coastal Times",
        "url": "https://coastaltimes.example/local/bridge-closure-drivers",
        "published": "2026-03-03T06:05:00Z",  # no zone on the page: taken as UTC
        "quotes": {
            ("the work would start in May", "Rafael Gomez"),
            ("The frame is older than any of us, and we cannot keep patching it", "Rafael Gomez"),
            ("a footpath would stay open, and buses would use the North Road crossing", "Anita Okafor"),
        },
    },
    "comments": {
        "title": "Shops fear bridge closure",
        "outlet": "Mill Street Gazette",  # no site name anywhere: the domain, in the page's words
        "url": "https://millstreetgazette.example/2026/shops-fear-bridge-closure",
        "published": "2026-03-02T13:30:00Z",  # 08:30-05:00
        "quotes": {
            ("Half my customers walk over that bridge", "Nadia Salem"),
            ("she would open a stall on the north bank while the bridge was shut", "Nadia Salem"),
        },
    },
}

# Words said only in navigation, teasers, comments, cookie banners, newsletters and footers.
NOT_ARTICLE = ("ferry is finished", "library", "fixed it years ago", "Typical council",
               "Local news matters", "cookies", "Accept", "said it first", "Roads are flooded",
               "best five minutes", "privacy matters", "usual small print", "pupils", "I doubt it",
               "believe it when")


def run(tmp_path, *args, db_name="q.db"):
    db = tmp_path / db_name
    result = CliRunner().invoke(cli, ["extract", *map(str, args), "--db", str(db)])
    return result, db


def rows(db, sql, params=()):
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    return [dict(row) for row in connection.execute(sql, params)]


def articles(db):
    return {row["source"]: row for row in rows(db, """
        select articles.*, outlets.name as outlet from articles
        left join outlets on outlets.id = articles.outlet_id""")}


def quotes_by_source(db):
    """source → {(quote text, speaker name)}, with a check that offsets point into the stored text."""
    found: dict[str, set] = {}
    for row in rows(db, """
            select articles.source, articles.text as body, quotes.text, quotes.start, quotes."end",
                   quotes.kind, speakers.name as speaker
            from quotes join articles on articles.id = quotes.article_id
            left join speakers on speakers.id = quotes.speaker_id"""):
        assert row["body"][row["start"]:row["end"]] == row["text"]
        found.setdefault(row["source"], set()).add((row["text"], row["speaker"]))
    return found


def stem(source: str) -> str:
    """The fixture an article came from: ``jsonld.txt``, ``jsonld.html`` or its URL → ``jsonld``."""
    by_url = {expected["url"]: name for name, expected in EXPECTED.items()}
    return by_url.get(source) or source.rsplit("/", 1)[-1].split(".")[0]


def test_pages_give_their_quotes_and_metadata_and_nothing_from_outside_the_article(tmp_path):
    result, db = run(tmp_path, PAGES)
    assert result.exit_code == 0, result.output
    stored = articles(db)
    assert sorted(stored) == sorted(f"{name}.html" for name in EXPECTED)
    found = quotes_by_source(db)
    for name, expected in EXPECTED.items():
        article = stored[f"{name}.html"]
        for field in ("title", "outlet", "url", "published"):
            assert article[field] == expected[field], (name, field)
        assert expected["quotes"] <= found[f"{name}.html"], name
        assert "<" not in article["text"] and "&ldquo;" not in article["text"]
    said = " ".join(text for quotes in found.values() for text, _ in quotes)
    speakers = " ".join(speaker or "" for quotes in found.values() for _, speaker in quotes)
    for words in NOT_ARTICLE:
        assert words not in said, words
    for name in ("Lee Marsh", "Tom Reyes", "Paul Hart", "Bill Tanner", "Ruth Hale", "Priya Nair",
                 "Dan Wise", "Carla Mendes", "Ian Cole", "Joan Pike"):
        assert name not in speakers


def test_markup_inside_a_quote_does_not_break_it(tmp_path):
    # wordpress.html: "&ldquo;The frame is <em>older than any of us</em>, and ...&rdquo;"
    result, db = run(tmp_path, PAGES / "wordpress.html")
    assert result.exit_code == 0, result.output
    assert ("The frame is older than any of us, and we cannot keep patching it",
            "Rafael Gomez") in quotes_by_source(db)["wordpress.html"]


def write_warc(path: Path, pages: list[tuple[str, bytes, str]], extra_records: bool = True) -> None:
    """A gzipped WARC, one gzip member per record, as Common Crawl writes them."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for uri, body, content_type in pages:
            request = writer.create_warc_record(
                uri, "request", payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "x")], is_http_request=True))
            writer.write_record(request)
            response = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", content_type)],
                                              protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": "2026-03-09T12:00:00Z"})
            writer.write_record(response)
        if extra_records:
            image = writer.create_warc_record(
                "https://rivertonledger.example/logo.png", "response",
                payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(2000)),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", "image/png")],
                                              protocol="HTTP/1.1"))
            writer.write_record(image)


def page_records():
    return [(EXPECTED[name]["url"], (PAGES / f"{name}.html").read_bytes(), "text/html; charset=utf-8")
            for name in EXPECTED]


def test_the_same_articles_as_text_html_and_warc_give_the_same_quotes(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, page_records())
    by_format = {}
    for label, inputs in (("txt", [TEXTS]), ("html", [PAGES]), ("warc", [archive])):
        result, db = run(tmp_path, *inputs, db_name=f"{label}.db")
        assert result.exit_code == 0, result.output
        by_format[label] = {stem(source): quotes for source, quotes in quotes_by_source(db).items()}
    assert by_format["txt"] == by_format["html"] == by_format["warc"]
    assert set(by_format["warc"]) == set(EXPECTED)


def test_warc_records_carry_their_uri_metadata_and_skip_what_is_not_a_page(tmp_path):
    undated = (b"<html><head><title>Quay reopens</title></head><body><article><h1>Quay reopens</h1>"
               b"<p>The north quay reopened to ships on Friday after six weeks of repairs to the wall."
               b"</p><p>&ldquo;We are open for business again,&rdquo; harbour master Yusuf Haddad "
               b"said on the quay.</p></article></body></html>")
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, page_records() + [("https://harbourwire.example/quay", undated, "text/html")])
    result, db = run(tmp_path, archive)
    assert result.exit_code == 0, result.output
    stored = articles(db)
    assert set(stored) == {EXPECTED[name]["url"] for name in EXPECTED} | {"https://harbourwire.example/quay"}
    for name, expected in EXPECTED.items():
        article = stored[expected["url"]]
        assert (article["outlet"], article["title"], article["published"]) == (
            expected["outlet"], expected["title"], expected["published"])
    # No time on the page: the capture time, WARC-Date, stands in.
    assert stored["https://harbourwire.example/quay"]["published"] == "2026-03-09T12:00:00Z"
    # No name on the page either: its domain, capitalised (never the bare domain).
    assert stored["https://harbourwire.example/quay"]["outlet"] == "Harbourwire"


def test_truncated_warc_keeps_the_records_before_the_break(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, page_records(), extra_records=False)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    last = data.rfind(b"\x1f\x8b\x08")  # the last record's gzip member
    cut.write_bytes(data[:last + (len(data) - last) // 2])
    result, db = run(tmp_path, cut)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "cut.warc.gz" in errors[0] and "breaks off" in errors[0], result.output
    assert "Traceback" not in result.output
    assert len(articles(db)) == len(EXPECTED) - 1


ARABIC = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>الجسر يغلق في مايو</title></head><body><article><h1>الجسر يغلق في مايو</h1>
<p>قال كبير المهندسين رافائيل غوميز إن أعمال إصلاح الجسر القديم ستبدأ في شهر مايو المقبل.</p>
<p>وأضاف أن الجسر سيبقى مغلقا أمام السيارات لمدة ثمانية أسابيع على الأقل.</p>
</article></body></html>"""


def test_a_page_in_a_charset_other_than_utf8_is_read_as_it_declares(tmp_path):
    (tmp_path / "ar.html").write_bytes(ARABIC.encode("windows-1256"))
    english = (PAGES / "wordpress.html").read_text(encoding="utf-8").replace(
        '<meta charset="UTF-8">', '<meta charset="windows-1252">')
    (tmp_path / "en.html").write_bytes(english.encode("windows-1252"))  # “ ” are bytes 0x93 0x94
    result, db = run(tmp_path, tmp_path / "ar.html", tmp_path / "en.html")
    assert result.exit_code == 0, result.output
    stored = articles(db)
    assert "رافائيل غوميز" in stored["ar.html"]["text"]
    assert stored["ar.html"]["title"] == "الجسر يغلق في مايو"
    assert EXPECTED["wordpress"]["quotes"] <= quotes_by_source(db)["en.html"]


@pytest.mark.parametrize("name, content, fragment", [
    ("broken.html", b"<html><body><div class='nav'><a href='/'>Home</a><p", "no article text"),
    ("empty-page.html", b"<html><head><title>Gallery</title></head><body><img src='a.jpg'></body></html>",
     "no article text"),
    ("lying.html", '<meta charset="utf-8"><p>Le maire a dit « très bien ».</p>'.encode("latin-1"),
     "says it is utf-8"),
    ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
])
def test_a_bad_page_costs_one_error_line_and_the_run_goes_on(tmp_path, name, content, fragment):
    (tmp_path / name).write_bytes(content)
    result, db = run(tmp_path, tmp_path / name, PAGES / "jsonld.html")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and name in errors[0] and fragment in errors[0], result.output
    assert "Traceback" not in result.output
    assert list(articles(db)) == ["jsonld.html"]


def test_a_folder_says_once_what_it_skipped(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(PAGES, folder)
    for name in ("scan.pdf", "photo.jpg", "notes.docx"):
        (folder / name).write_bytes(b"x")
    result, db = run(tmp_path, folder)
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "skipped" in line and "unknown type" in line]
    assert len(notes) == 1 and "skipped 3 files" in notes[0] and ".pdf" in notes[0], result.output
    assert len(articles(db)) == len(EXPECTED)


def test_the_manifest_beside_the_articles_is_not_called_unknown(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(PAGES, folder)
    manifest = folder / "manifest.csv"
    manifest.write_text("source,outlet\nwordpress.html,The Ledger\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(folder), "--manifest", str(manifest),
                                      "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 0, result.output
    assert "unknown type" not in result.output


def test_explicit_metadata_wins_over_the_page(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("source,outlet,published\n"
                        "wordpress.html,The Ledger,\"Mar 1, 2026\"\n", encoding="utf-8")
    db = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["extract", str(PAGES / "wordpress.html"), "--manifest",
                                      str(manifest), "--outlet", "Ignored", "--db", str(db)])
    assert result.exit_code == 0, result.output
    article = articles(db)["wordpress.html"]
    assert article["outlet"] == "The Ledger"
    assert article["published"] == "2026-03-01T00:00:00Z"
    assert article["title"] == EXPECTED["wordpress"]["title"]  # the page still fills the rest


# -- URLs, from a server the test starts ------------------------------------------------------

class Site(BaseHTTPRequestHandler):
    """Serves tests/data/html; /slow answers too late, anything else unknown is a 404."""

    agents: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        Site.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(3)  # the client has given up by now: nothing to answer
            return
        page = PAGES / self.path.lstrip("/")
        if self.path.endswith(".html") and page.is_file():
            body = page.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_error(404, "Not Found")

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture
def site(monkeypatch):
    monkeypatch.setattr(fetch, "DELAY", 0.0)  # one local server: no need to wait between requests
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Site.agents.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_urls_on_the_command_line_and_in_a_file(tmp_path, site):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# the morning's pages\n{site}/jsonld.html\n\n{site}/amp.html\n", encoding="utf-8")
    db = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["extract", f"{site}/wordpress.html", "--urls", str(listing),
                                      "--db", str(db)])
    assert result.exit_code == 0, result.output
    stored = articles(db)
    assert set(stored) == {f"{site}/{name}.html" for name in ("wordpress", "jsonld", "amp")}
    for name in ("wordpress", "jsonld", "amp"):
        article = stored[f"{site}/{name}.html"]
        assert (article["outlet"], article["url"], article["published"]) == (
            EXPECTED[name]["outlet"], EXPECTED[name]["url"], EXPECTED[name]["published"])
        assert EXPECTED[name]["quotes"] <= quotes_by_source(db)[f"{site}/{name}.html"]
    assert Site.agents and all(agent.startswith("quotes/") for agent in Site.agents)


def test_a_url_that_fails_costs_one_line_each(tmp_path, site):
    db = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["extract", f"{site}/gone.html", f"{site}/slow",
                                      f"{site}/jsonld.html", "--timeout", "0.5", "--db", str(db)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2, result.output
    assert f"{site}/gone.html" in errors[0] and "HTTP 404" in errors[0]
    assert f"{site}/slow" in errors[1] and "timed out after 0.5 s" in errors[1]
    assert "Traceback" not in result.output
    assert list(articles(db)) == [f"{site}/jsonld.html"]


def test_a_line_of_the_list_that_is_not_a_url_is_named(tmp_path, site):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{site}/amp.html\nwww.example.com/story\n", encoding="utf-8")
    db = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["extract", "--urls", str(listing), "--db", str(db)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: {listing}:2: not an http(s):// URL"], result.output
    assert list(articles(db)) == [f"{site}/amp.html"]


def test_a_missing_list_of_urls_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["extract", "--urls", str(tmp_path / "none.txt"),
                                      "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == f"Error: {tmp_path / 'none.txt'}: list of URLs not found"
