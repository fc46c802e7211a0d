"""Atom alerts and an edited article's revisions, through Datasette's test client and the
published (read-only) site; the database is made by quotes watch from a site on 127.0.0.1."""
from __future__ import annotations

import asyncio
import subprocess
import sys
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from local_site import LocalSite, rss, story
from quotes.cli import cli
from quotes.web.serve import datasette_instance, prepare_publish, published_serve_args
from test_watch import BRIDGE, rows

ATOM = "{http://www.w3.org/2005/Atom}"
DB = "watched"
HARBOUR = ("Harbour wall", "The council met on Tuesday night in the town hall.",
           '"We have waited long enough," said Mayor Ana Reyes.',
           '"The money is not there," said treasurer Omar Haddad.', "The vote was close.")
EDITED = ("Harbour wall", "The council met on Tuesday night in the town hall.",
          '"We have waited far too long," said Mayor Ana Reyes.', "The vote was close.",
          '"Spring is too soon for the work," said engineer Tom Hale.')


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    """Two stories from one feed, one of them edited between two polls."""
    site = LocalSite()
    site.page("/feed.xml", rss(site.url("/news/harbour"), site.url("/news/bridge")), "application/rss+xml")
    site.page("/news/harbour", story(*HARBOUR))
    site.page("/news/bridge", story(*BRIDGE))
    db = tmp_path_factory.mktemp("alerts") / f"{DB}.db"
    options = ["--db", str(db), "--delay", "0", "--engine", "rules", "--once"]
    try:
        assert CliRunner().invoke(cli, ["watch", site.url("/feed.xml"), *options]).exit_code == 0
        site.page("/news/harbour", story(*EDITED))
        assert "1 revised" in CliRunner().invoke(cli, ["watch", *options]).output
    finally:
        site.close()
    return db


@pytest.fixture(scope="module")
def ds(watched):
    return datasette_instance(watched)


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def entries(xml: str) -> list[tuple[str, str]]:
    feed = ElementTree.fromstring(xml)
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}updated").text.endswith("Z")
    return [(e.find(f"{ATOM}author/{ATOM}name").text, e.find(f"{ATOM}summary").text)
            for e in feed.findall(f"{ATOM}entry")]


def test_the_speaker_page_links_its_feed_of_new_quotes(ds, watched):
    [(reyes,)] = rows(watched, "select id from speakers where name = 'Ana Reyes'")
    page = get(ds, f"/{DB}/speakers/{reyes}")
    link = f'<link rel="alternate" type="application/atom+xml" title="Ana Reyes: new quotes" href="/{DB}/-/atom/speaker/{reyes}">'
    assert link in page.text
    feed = get(ds, f"/{DB}/-/atom/speaker/{reyes}")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert entries(feed.text) == [("Ana Reyes", "\u201cWe have waited far too long\u201d (direct quote: "
                                                "Harbour wall)")]  # the removed one is gone


def test_a_search_feed_and_a_statement_feed(ds, watched):
    found = entries(get(ds, f"/{DB}/-/atom/search?q=too").text)
    assert sorted(author for author, _ in found) == ["Ana Reyes", "Tom Hale"]
    assert entries(get(ds, f"/{DB}/-/atom/search?q=money").text) == []  # removed by the edit
    assert get(ds, f"/{DB}/-/atom/search?q=").status_code == 400
    [(cluster,)] = rows(watched, "select cluster_id from quotes where text like 'It is not safe%'")
    assert [a for a, _ in entries(get(ds, f"/{DB}/-/atom/statement/{cluster}").text)] == ["Tom Hale"]
    assert f'href="/{DB}/-/atom/statement/{cluster}"' in get(ds, f"/{DB}/clusters/{cluster}").text
    assert get(ds, f"/{DB}/-/atom/speaker/99999").status_code == 404


def test_the_article_page_lists_its_revisions_with_quotes_changed_and_added(ds, watched):
    [(harbour,)] = rows(watched, "select id from articles where title = 'Harbour wall'")
    page = get(ds, f"/{DB}/articles/{harbour}").text
    assert "Edited: 2 revisions" in page
    assert ("changed: Ana Reyes, <del>&ldquo;We have waited long enough&rdquo;</del> &rarr; "
            "&ldquo;We have waited far too long&rdquo;") in page
    assert "removed: Omar Haddad, <del>&ldquo;The money is not there&rdquo;</del>" in page
    assert "added: Tom Hale, &ldquo;Spring is too soon for the work&rdquo;" in page
    [(other,)] = rows(watched, "select id from articles where title = 'Bridge shuts'")
    assert "Edited:" not in get(ds, f"/{DB}/articles/{other}").text


def test_the_feeds_work_on_the_published_read_only_site(watched, tmp_path):
    args = published_serve_args(watched, prepare_publish(watched, tmp_path / "bundle"))
    served = subprocess.run([sys.executable, "-m", "datasette", "serve", *args,
                             "--get", f"/{DB}/-/atom/search?q=safe"],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert served.returncode == 0, served.stderr
    assert [a for a, _ in entries(served.stdout)] == ["Tom Hale"]


def test_a_feed_served_while_the_watch_stores_shows_each_new_quote_first(tmp_path):
    site = LocalSite()
    try:
        site.page("/feed.xml", rss(site.url("/news/one")), "application/rss+xml")
        site.page("/news/one", story("Quay", "The quay reopened on Monday morning.",
                                     '"It is a good day for the town," said Mayor Ana Reyes.'))
        db = tmp_path / f"{DB}.db"
        options = ["--db", str(db), "--delay", "0", "--engine", "rules", "--once"]
        assert CliRunner().invoke(cli, ["watch", site.url("/feed.xml"), *options]).exit_code == 0
        ds = datasette_instance(db)
        [(reyes,)] = rows(db, "select id from speakers where name = 'Ana Reyes'")
        path = f"/{DB}/-/atom/speaker/{reyes}"
        assert len(entries(get(ds, path).text)) == 1
        site.page("/feed.xml", rss(site.url("/news/one"), site.url("/news/two")), "application/rss+xml")
        site.page("/news/two", story("Budget", "The budget passed on Thursday evening.",
                                     '"Every penny is spent on the harbour," said Mayor Ana Reyes.'))
        assert "1 new" in CliRunner().invoke(cli, ["watch", *options]).output
        assert [summary.split("\u201d")[0] for _, summary in entries(get(ds, path).text)] == [
            "\u201cEvery penny is spent on the harbour", "\u201cIt is a good day for the town"]
    finally:
        site.close()
