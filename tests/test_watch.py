"""quotes watch on a local site (127.0.0.1): feeds, a sitemap index, robots.txt, 304s, an edited
page, a 429, a slow host, a redirect to file://, and an --every run stopped by a signal."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from local_site import LocalSite, atom, news_sitemap, rss, sitemap_index, story, trickling
from quotes.cli import cli

ROOT = Path(__file__).resolve().parent.parent

HARBOUR = ("Harbour wall", "The council met on Tuesday night in the town hall.",
           '"We have waited long enough," said Mayor Ana Reyes.', "The vote was close.")
HARBOUR_EDITED = ("Harbour wall", "The council met on Tuesday night in the town hall.",
                  '"We will build it by spring," said Mayor Ana Reyes.', "The vote was close.")
BRIDGE = ("Bridge shuts", "The old bridge closed on Monday for repairs.",
          '"It is not safe for lorries," said engineer Tom Hale.', "Traffic was diverted.")
FERRY = ("Ferry returns", "The ferry sails again from Friday after a long winter.",
         '"Demand has come back," said Lena Ortiz, who runs the line.', "Fares stay the same.")
MARKET = ("Market moves", "The Saturday market moves to the quay next month.",
          '"There is more room by the water," said trader Sam Okafor.', "Stalls are free in May.")


@pytest.fixture
def site():
    site = LocalSite()
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.page("/feed.xml", rss(site.url("/news/harbour"), site.url("/news/bridge"),
                               site.url("/private/memo")), "application/rss+xml", etag='"feed-1"')
    site.page("/news/harbour", story(*HARBOUR), etag='"harbour-1"')
    site.page("/news/bridge", story(*BRIDGE), etag='"bridge-1"')
    site.page("/private/memo", story(*FERRY))
    site.page("/sitemap.xml", sitemap_index(site.url("/sitemaps/news.xml"), site.url("/sitemaps/old.xml")),
              "application/xml")
    site.page("/sitemaps/news.xml", news_sitemap(site.url("/news/ferry")), "application/xml")
    site.page("/sitemaps/old.xml", news_sitemap(site.url("/news/bridge")), "application/xml")
    site.page("/news/ferry", story(*FERRY), Last_Modified="Tue, 01 Dec 2026 10:00:00 GMT")
    yield site
    site.close()


def watch(db, *args):
    result = CliRunner().invoke(cli, ["watch", *args, "--db", str(db), "--delay", "0",
                                      "--engine", "rules", "--timeout", "2"])
    assert "Traceback" not in result.output
    return result


def rows(db, sql, params=()):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_feeds_and_a_sitemap_index_store_each_article_once(tmp_path, site):
    db = tmp_path / "q.db"
    result = watch(db, site.url("/feed.xml"), site.url("/sitemap.xml"), "--once")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"{site.url('/feed.xml')}: 2 new, 0 revised, 2 quotes, 0 unchanged, 1 errors" in lines[0]
    assert lines[1] == f"  error: {site.url('/private/memo')}: disallowed by the site's robots.txt"
    assert f"{site.url('/sitemap.xml')}: 1 new, 0 revised, 1 quotes, 0 unchanged, 0 errors" in lines[2]
    assert sorted(rows(db, "select url from articles")) == [
        (site.url(f"/news/{name}"),) for name in ("bridge", "ferry", "harbour")]
    assert not site.asked("/private/memo")  # disallowed: never asked for
    assert sorted(rows(db, "select speakers.name from quotes join speakers on speakers.id = speaker_id")) == [
        ("Ana Reyes",), ("Lena Ortiz",), ("Tom Hale",)]


def test_an_unchanged_site_costs_304s_and_stores_nothing(tmp_path, site):
    db = tmp_path / "q.db"
    watch(db, site.url("/feed.xml"), site.url("/sitemap.xml"), "--once")
    before = rows(db, "select * from articles"), rows(db, "select * from quotes")
    asked = len(site.log)
    result = watch(db, "--once")  # the sources are remembered
    assert result.exit_code == 0, result.output
    assert "0 new, 0 revised, 0 quotes, 2 unchanged, 0 errors" in result.output  # the feed's two pages
    assert (rows(db, "select * from articles"), rows(db, "select * from quotes")) == before
    again = site.log[asked:]
    feed = [r for r in again if r.path == "/feed.xml"]
    assert feed[0].headers["If-None-Match"] == '"feed-1"'  # a 304, so its links were not re-read
    ferry = [r for r in again if r.path == "/news/ferry"]
    assert ferry[0].headers["If-Modified-Since"] == "Tue, 01 Dec 2026 10:00:00 GMT"
    assert not rows(db, "select * from article_revisions")


def test_an_edited_page_is_a_new_revision_of_the_same_article(tmp_path, site):
    db = tmp_path / "q.db"
    watch(db, site.url("/feed.xml"), "--once")
    (harbour_id,) = rows(db, "select id from articles where url = ?", [site.url("/news/harbour")])[0]
    site.page("/news/harbour", story(*HARBOUR_EDITED), etag='"harbour-2"')
    result = watch(db, "--once")
    assert "0 new, 1 revised, 1 quotes, 1 unchanged, 0 errors" in result.output
    assert rows(db, "select count(*) from articles") == [(2,)]
    assert rows(db, "select text from quotes where article_id = ?", [harbour_id]) == [
        ("We will build it by spring",)]
    assert rows(db, "select quote_count from speakers where name = 'Ana Reyes'") == [(1,)]
    assert rows(db, "select count(*) from quotes_fts where quotes_fts match 'waited'") == [(0,)]
    revisions = rows(db, "select revision, quotes from article_revisions where article_id = ?"
                         " order by revision", [harbour_id])
    assert [(n, [q["text"] for q in json.loads(quotes)]) for n, quotes in revisions] == [
        (1, ["We have waited long enough"]), (2, ["We will build it by spring"])]
    exported = CliRunner().invoke(cli, ["export", "--db", str(db)]).output
    assert "We will build it by spring" in exported and "waited long enough" not in exported
    assert "1 revised" not in watch(db, "--once").output  # and then it is unchanged again


def test_copies_of_one_text_from_different_outlets_stay_separate(tmp_path):
    text = 'The port reopened on Monday. "Ships are moving again," said harbourmaster Ines Duarte.'
    records = tmp_path / "wire.jsonl"
    records.write_text("".join(json.dumps({"text": text, "outlet": outlet}) + "\n"
                               for outlet in ("Coastal Times", "Harbour Wire", "Evening Post")))
    db = tmp_path / "q.db"
    for _ in range(2):  # and a second run stores nothing more
        result = CliRunner().invoke(cli, ["extract", str(records), "--db", str(db), "--engine", "rules"])
        assert result.exit_code == 0, result.output
    assert sorted(rows(db, "select outlets.name from articles join outlets on outlets.id = outlet_id")) == [
        ("Coastal Times",), ("Evening Post",), ("Harbour Wire",)]
    assert rows(db, "select article_count, outlet_count from clusters") == [(3, 3)]


def test_a_429_a_slow_host_and_a_redirect_to_a_file_cost_a_line_each(tmp_path, site):
    busy = {"left": 1}

    def limited(handler):
        if busy["left"]:
            busy["left"] -= 1
            handler.send_response(429)
            handler.send_header("Retry-After", "1")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        body = story(*MARKET).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    site.answers["/news/market"] = limited
    site.answers["/news/slow"] = trickling(b"<p>slow</p>", 200)
    site.page("/news/moved", "", Location="file:///etc/passwd")
    site.answers["/news/moved"].status = 301
    site.page("/more.xml", atom(site.url("/news/market"), site.url("/news/slow"), site.url("/news/moved")),
              "application/atom+xml")
    db = tmp_path / "q.db"
    started = time.monotonic()
    result = watch(db, site.url("/more.xml"), "--once")
    assert time.monotonic() - started < 15  # the slow page alone would take 20 s
    assert "1 new, 0 revised, 1 quotes, 0 unchanged, 2 errors" in result.output
    assert f"  error: {site.url('/news/slow')}: timed out after 2 s" in result.output
    assert f"  error: {site.url('/news/moved')}: redirected to file:, not an http(s):// URL" in result.output
    assert rows(db, "select url from articles") == [(site.url("/news/market"),)]
    tries = site.asked("/news/market")
    assert len(tries) == 2 and tries[1].at - tries[0].at >= 0.95


def test_a_home_page_leads_to_its_feed_and_status_shows_the_sources(tmp_path, site):
    site.page("/", "<!doctype html><html><head><title>Valley News</title>"
                   "<link rel='alternate' type='application/rss+xml' href='/feed.xml'></head>"
                   "<body><p>Today's news from the valley.</p></body></html>")
    db = tmp_path / "q.db"
    assert "2 new" in watch(db, site.url("/"), "--once").output
    site.page("/gone.xml", "", "application/xml")
    site.answers["/gone.xml"].status = 404
    assert watch(db, site.url("/gone.xml"), "--once").exit_code == 1
    status = CliRunner().invoke(cli, ["watch", "--status", "--db", str(db)])
    assert status.exit_code == 0
    assert f"{site.url('/')}\n  1 poll; last poll " in status.output
    assert "2 new, 0 revised, 2 quotes, 1 errors" in status.output
    assert f"last error: {site.url('/gone.xml')}: HTTP 404" in status.output


def test_the_signal_handlers_are_given_back(tmp_path, site):
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    watch(tmp_path / "q.db", site.url("/feed.xml"), "--once")
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_bad_options_are_one_line(tmp_path):
    for args, message in ((["--every", "soon"], "--every 'soon': give a time such as 30s"),
                          (["www.example.com/feed"], "www.example.com/feed: not an http(s):// URL"),
                          (["--status"], "no such database"),
                          (["--once"], "no such database"),
                          (["--every", "1h", "--once"], "--every and --once: choose one")):
        result = CliRunner().invoke(cli, ["watch", *args, "--db", str(tmp_path / "none.db")])
        assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def _start(site, db, *extra):
    process = subprocess.Popen(
        [sys.executable, "-m", "quotes", "watch", site.url("/feed.xml"), "--db", str(db), "--every", "1s",
         "--delay", "0", "--engine", "rules", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    first = process.stdout.readline()  # the first poll's line: the watch is running
    assert "2 new" in first, first
    return process


def test_an_every_run_stops_cleanly_on_sigterm(tmp_path, site):
    db = tmp_path / "q.db"
    process = _start(site, db)
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=20)
    assert process.returncode == 0, output
    assert "stopped: every article fetched so far is stored" in output and "Traceback" not in output
    assert rows(db, "select count(*) from articles") == [(2,)]
    assert rows(db, "select polls >= 1, next_poll_at is not null from watch_sources") == [(1, 1)]


def test_a_second_signal_never_hangs(tmp_path, site):
    def hang(handler):  # a host that never answers, so the watch is inside a request
        time.sleep(30)

    db = tmp_path / "q.db"
    process = _start(site, db, "--timeout", "30")
    site.answers["/feed.xml"] = hang
    time.sleep(1.5)  # the next poll is waiting on the feed now
    process.send_signal(signal.SIGINT)
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=5)
    assert process.returncode == 130, output
    assert "Traceback" not in output


def test_a_statement_counts_an_edited_article_once(tmp_path, site):
    copy = ("Wall vote", "Councillors spoke for two hours before the vote on the wall.",
            '"We have waited long enough," said Mayor Ana Reyes.', "The wall will cost four million.")
    site.page("/news/copy", story(*copy))
    site.page("/feed.xml", rss(site.url("/news/harbour"), site.url("/news/copy")), "application/rss+xml")
    db = tmp_path / "q.db"
    watch(db, site.url("/feed.xml"), "--once")
    assert rows(db, "select article_count from clusters") == [(2,)]
    site.page("/news/harbour", story(*HARBOUR[:3], "The vote was close, and the mayor smiled."))
    assert "1 revised" in watch(db, "--once").output  # the quote is still there, the text changed
    assert rows(db, "select article_count from clusters") == [(2,)]
    assert rows(db, "select count(*), sum(quote_count) from speakers where name = 'Ana Reyes'") == [(1, 2)]


def test_counts_after_edits_equal_a_recount(tmp_path):
    """Edits add, drop and move quotes between speakers and statements; every count kept
    beside the rows (outlets, speakers, statements) then equals a recount from the quotes."""
    import sqlite_utils

    from quotes.store.counters import refresh_cluster_stats

    said = {"reyes": '"The wall will be built by spring," said Mayor Ana Reyes.',
            "hale": '"The wall is not safe yet," said engineer Tom Hale.',
            "ortiz": '"Ferries will wait for the wall," said Lena Ortiz.'}
    versions = [("reyes", "hale"), ("hale",), ("hale", "ortiz", "reyes"), ("ortiz",)]
    db = tmp_path / "q.db"
    for n, version in enumerate(versions):
        records = [{"source": f"wire-{n}", "outlet": "Wire", "url": "https://wire.example/news/wall",
                    "text": " ".join(["The council met on the wall."] + [said[k] for k in version])},
                   {"source": "daily", "outlet": "Daily", "url": "https://daily.example/news/wall",
                    "text": "The council met again. " + said["reyes"] + " " + said["ortiz"]}]
        path = tmp_path / f"run{n}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        result = CliRunner().invoke(cli, ["extract", str(path), "--db", str(db), "--engine", "rules"])
        assert result.exit_code == 0, result.output
        assert (n > 0) == ("1 revised (edited at their URL)" in result.output), result.output
    assert rows(db, "select count(*) from articles") == [(2,)]
    assert rows(db, "select revision from article_revisions order by revision") == [(1,), (2,), (3,), (4,)]
    assert rows(db, "select name, quote_count from outlets order by name") == rows(
        db, "select outlets.name, count(*) from quotes join articles on articles.id = article_id"
            " join outlets on outlets.id = outlet_id group by outlets.name order by outlets.name")
    assert rows(db, "select id, quote_count from speakers where quote_count > 0 order by id") == rows(
        db, "select speaker_id, count(*) from quotes group by speaker_id order by speaker_id")
    assert not rows(db, "select id from clusters where id not in (select cluster_id from quotes)")
    conn = sqlite3.connect(db)
    conn.execute("begin")
    refresh_cluster_stats(sqlite_utils.Database(conn), [c for (c,) in conn.execute("select id from clusters")])
    recounted = conn.execute("select * from clusters order by id").fetchall()
    conn.rollback()
    assert recounted == rows(db, "select * from clusters order by id")


def test_a_feed_is_read_in_the_encoding_its_xml_declares():
    from quotes.readers.discover import read_listing
    from quotes.readers.fetch import Response

    body = ('<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><item>'
            "<title>Caf\u00e9</title><link>https://news.example/caf\u00e9-reopens</link></item>"
            "</channel></rss>").encode("latin-1")
    assert read_listing(Response("https://news.example/feed", 200, body, "application/rss+xml")) == (
        "feed", ["https://news.example/caf\u00e9-reopens"], [])


def test_one_page_at_two_addresses_is_one_article_with_no_revision(tmp_path, site):
    canonical = site.url("/news/harbour")
    site.page("/news/harbour", story(*HARBOUR, canonical=canonical))
    site.page("/news/harbour-amp", story(*HARBOUR, canonical=canonical))
    site.page("/feed.xml", rss(canonical, site.url("/news/harbour-amp")), "application/rss+xml")
    db = tmp_path / "q.db"
    for _ in range(2):
        assert "0 revised" in watch(db, site.url("/feed.xml"), "--once").output
    assert rows(db, "select url from articles") == [(canonical,)]
    assert not rows(db, "select * from article_revisions")
