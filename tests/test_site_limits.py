"""The site cannot be stalled, and its small defects stay fixed (issue 18).

The database is the demo corpus, served as ``quotes serve`` serves it and as
the published bundle serves it.
"""
import asyncio
import json
import re
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from quotes import datasette_plugin
from quotes.cli import cli
from quotes.serve import datasette_instance, prepare_publish, published_serve_args

DB = "site"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("site") / f"{DB}.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def ds(demo_db):
    return datasette_instance(demo_db)


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def test_huge_arguments_to_the_name_functions_return_quickly(ds):
    # Two 630 kB names ("Haddad " 90,000 times, built in SQL): once 30 s per call.
    big = "replace(hex(zeroblob(90000)),'00','Haddad+')"
    started = time.perf_counter()
    response = get(ds, f"/{DB}.json?sql=select+quotes_name_score({big},{big})+as+score,"
                       f"+length(quotes_fold({big}))+as+folded&_shape=array")
    assert response.status_code == 200, response.text[:300]
    assert time.perf_counter() - started < 3
    assert response.json()[0]["score"] == 100
    assert 0 < response.json()[0]["folded"] <= datasette_plugin.MAX_NAME_CHARS


def test_the_look_ups_still_find_names_written_any_way(ds):
    assert datasette_plugin.name_score("harbour master Yusuf Haddad", "Youssef Hadad") >= 84
    rows = get(ds, f"/{DB}/quotes_by_speaker.json?name=Youssef+Hadad&_shape=array").json()
    assert rows and {r["speaker"] for r in rows} == {"Youssef Haddad"}


@pytest.mark.parametrize("text", ["", "   ", '"', "\u00a0", "NEAR(", "*"])
def test_who_said_it_first_with_blank_or_odd_words_finds_nothing_without_an_error(ds, text):
    response = get(ds, f"/{DB}/who_said_it_first.json?_shape=array&text=" + text)
    assert response.status_code == 200, response.text[:300]
    assert response.json() == []


def test_who_said_it_first_still_finds_a_quote(ds):
    rows = get(ds, f"/{DB}/who_said_it_first.json?_shape=array&text=wall+moved").json()
    assert rows and rows[0]["outlet"] == "Harbour Wire"


def test_a_post_to_a_canned_query_is_refused_not_a_server_error(ds):
    response = asyncio.run(ds.client.post(f"/{DB}/quotes_by_speaker", data={"name": "Haddad"}))
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


def test_canned_query_pages_are_titled_by_title_not_sql(ds):
    for name, title in (("quotes_by_speaker", "Quotes by a speaker"),
                        ("who_said_it_first", "Who said it first")):
        page = get(ds, f"/{DB}/{name}?name=x&text=x").text
        assert re.search(r"<title>(.*?)</title>", page, re.S).group(1) == f"{DB}: {title}"
        assert "select" not in page.split("<body")[0].lower()


def test_the_published_site_runs_no_arbitrary_sql_but_its_queries(demo_db, tmp_path):
    args = published_serve_args(demo_db, prepare_publish(demo_db, tmp_path / "bundle"))
    served = {}
    for path in (f"/{DB}.json?sql=select+1", f"/{DB}/quotes_by_speaker.json?name=Haddad&_shape=array"):
        done = subprocess.run([sys.executable, "-m", "datasette", "serve", *args, "--get", path],
                              capture_output=True, text=True, timeout=60, cwd=tmp_path)
        served[path] = done
    arbitrary, canned = served.values()
    assert arbitrary.returncode != 0 or "Forbidden" in arbitrary.stdout or "403" in arbitrary.stdout
    assert canned.returncode == 0, canned.stderr
    assert json.loads(canned.stdout)
