"""The Datasette an editor uses, through Datasette's own test client.

The database is the demo corpus under a name other than ``quotes`` (the
metadata must follow the file name). Assertions hold whether or not the
speaker-identity and clustering steps fold spelling variants and near-identical
quotes together: they check quotes and outlets, not row counts of speakers.
"""
import asyncio
import html
import json
import re
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import demo_database
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from quotes.web import plugin as datasette_plugin
from quotes import store
from quotes.cli import cli
from quotes.extract.names import fold as identity_fold
from quotes.web.serve import (datasette_instance, metadata_for, metadata_path, prepare_publish,
                              published_serve_args)

DB = "newsroom"


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def rows(ds, path):
    response = get(ds, path + ("&" if "?" in path else "?") + "_shape=array")
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    return demo_database(tmp_path_factory, DB)


@pytest.fixture(scope="module")
def ds(demo_db):
    return datasette_instance(demo_db)


def one(ds, sql, database=DB, **params):
    return rows(ds, f"/{database}.json?sql=" + sql.replace(" ", "+") + "".join(
        f"&{key}={value}" for key, value in params.items()))[0]


def quote_where(ds, outlet, text):
    """The id, article and cluster of the quote from ``outlet`` whose text starts with ``text``."""
    return one(ds, "select quotes.id, quotes.article_id, quotes.cluster_id, quotes.speaker_id "
                   "from quotes join articles on articles.id = article_id join outlets on "
                   "outlets.id = outlet_id where outlets.name = :o and quotes.text like :t",
               o=outlet.replace(" ", "+"), t=text.replace(" ", "+") + "%25")


# Metadata ------------------------------------------------------------------------------------

def test_metadata_follows_the_database_file_name(ds):
    metadata = get(ds, "/-/metadata.json").json()
    assert set(metadata["databases"]) == {DB}
    assert metadata["title"] and metadata["license"] and metadata["source"]
    page = get(ds, f"/{DB}/quotes").text
    assert "Open a quote to read it in its article" in page


def test_every_column_of_every_described_table_is_described(demo_db):
    tables = metadata_for(demo_db)["databases"][DB]["tables"]
    db = store.open_db(demo_db)
    assert {"outlets", "articles", "speakers", "speaker_aliases", "speaker_roles", "quotes",
            "clusters", "quote_list"} <= set(tables)
    for name, table in tables.items():
        assert table.get("description"), name
        columns = db[name].columns_dict
        assert set(columns) <= set(table["columns"]), f"{name}: undescribed columns"


def test_foreign_keys_show_names(ds):
    row = rows(ds, f"/{DB}/quotes.json?_labels=on&_size=1")[0]
    assert row["speaker_id"]["label"] and row["article_id"]["label"]
    page = get(ds, f"/{DB}/quotes").text
    assert "Yusuf Haddad</a>" in page and "Velmora north quay shut for repairs</a>" in page


def test_quote_list_facets_by_outlet_speaker_kind_and_role(ds):
    data = get(ds, f"/{DB}/quote_list.json").json()
    facets = data["facet_results"]
    assert {"outlet", "speaker", "kind", "role"} <= set(facets)
    outlets = {item["value"] for item in facets["outlet"]["results"]}
    assert outlets == {"Harbour Wire", "Coastal Times", "Valley Herald", "Lessa Gazette",
                       "Velmora Evening Post", "Northern Radio"}


def test_quote_text_is_searchable(ds):
    found = rows(ds, f"/{DB}/quote_list.json?_search=reopen")
    assert found and all("reopen" in row["text"] for row in found)
    assert {row["outlet"] for row in found} == {"Harbour Wire", "Coastal Times", "Lessa Gazette"}


# Canned queries ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Youssef Haddad", "Yusuf Haddad", "yusuf hadad", "HADDAD"])
def test_quotes_by_speaker_finds_every_spelling(ds, name):
    found = rows(ds, f"/{DB}/quotes_by_speaker.json?name={name.replace(' ', '+')}")
    written = {row["written_as"] for row in found}
    # Coastal Times spells him Youssef, Harbour Wire Yusuf: one lookup finds both.
    assert {"harbour master Youssef Haddad", "harbour master Yusuf Haddad"} <= written
    assert {row["outlet"] for row in found} >= {"Coastal Times", "Harbour Wire"}
    assert "Tomas Lind" not in {row["speaker"] for row in found}


def test_quotes_by_speaker_does_not_match_other_names(ds):
    found = rows(ds, f"/{DB}/quotes_by_speaker.json?name=Tomas+Lind")
    assert {row["speaker"] for row in found} == {"Tomas Lind"}
    assert rows(ds, f"/{DB}/quotes_by_speaker.json?name=Zbigniew+Quist") == []


def test_a_transliterated_name_finds_its_speaker(tmp_path):
    articles = tmp_path / "a.jsonl"
    articles.write_text(json.dumps({
        "source": "r1", "outlet": "Rudaw", "published": "2019-03-10",
        "text": '"We have taken the last houses," SDF spokesman Mustefa Bali said on Sunday.'}),
        encoding="utf-8")
    db = tmp_path / "bali.db"
    assert CliRunner().invoke(cli, ["extract", str(articles), "--db", str(db)]).exit_code == 0
    found = rows(datasette_instance(db), "/bali/quotes_by_speaker.json?name=Mustafa+Bali")
    assert [row["text"] for row in found] == ["We have taken the last houses"]
    assert found[0]["written_as"] == "SDF spokesman Mustefa Bali"


def test_speaker_profile_lists_aliases_roles_and_outlets(ds):
    profiles = rows(ds, f"/{DB}/speaker_profile.json?name=Yusuf+Haddad")
    harbour = [p for p in profiles if "Harbour Wire" in p["quoted_by"]]
    assert harbour, profiles
    profile = harbour[0]
    # Both outlets' spellings are one speaker, quoted by both outlets.
    assert {"Youssef Haddad", "Yusuf Haddad"} <= set(profile["written_as"].split(","))
    assert "Harbour Wire" in profile["quoted_by"] and "Coastal Times" in profile["quoted_by"]
    assert profile["roles"] == "harbour master"
    assert profile["quotes"] >= 4 and profile["first_quoted"] == "2026-03-02T08:15:00Z"


def with_plugin_settings(monkeypatch, **settings):
    """``metadata_for`` with ``settings`` under ``plugins: quotes:``, as a site would set them."""
    from quotes.web import serve

    def metadata(db_path, original=serve.metadata_for):
        return dict(original(db_path), plugins={"quotes": settings})
    monkeypatch.setattr(serve, "metadata_for", metadata)


def test_metadata_sets_the_plugin_settings_and_leaves_out_none():
    from quotes.web import config

    metadata = yaml.safe_load(open(metadata_path(), encoding="utf-8"))
    assert metadata["plugins"]["quotes"] == config.DEFAULTS


def test_speaker_page_lists_the_first_quotes_and_links_to_all(demo_db, monkeypatch):
    with_plugin_settings(monkeypatch, speaker_page_quotes=2)
    ds = datasette_instance(demo_db)
    haddad = one(ds, "select id, quote_count from speakers where name = 'Yusuf Haddad'")
    assert haddad["quote_count"] >= 4
    page = get(ds, f"/{DB}/speakers/{haddad['id']}").text
    listed = page.split("Quotes, earliest first")[1]
    assert listed.count('class="q-spread"') == 2  # one row per quote shown
    link = f"/{DB}/quote_list?speaker_id={haddad['id']}"
    assert f'<a href="{link}">All {haddad["quote_count"]} quotes</a>' in page
    assert len(rows(ds, link.replace("quote_list?", "quote_list.json?"))) == haddad["quote_count"]


def test_database_page_charts_count_every_quote(ds):
    page = get(ds, f"/{DB}").text
    # The per-outlet chart reads the counts the commit stage keeps; they must be every quote's.
    chart = json.loads(re.search(r'vegaEmbed\("#q-chart-outlets", (.*?), \{actions', page).group(1))
    per_outlet = {row["outlet"] or "(no outlet)": row["n"] for row in rows(
        ds, f"/{DB}.json?sql=select+outlet,+count(*)+as+n+from+quote_list+group+by+outlet")}
    assert {v["outlet"]: v["quotes"] for v in chart["data"]["values"]} == per_outlet


def test_quote_spread_puts_the_earliest_publication_first(ds):
    # Coastal Times was read first, but Harbour Wire published it three hours earlier.
    quote = quote_where(ds, "Coastal Times", "The wall moved by almost a metre in places. We")
    spread = rows(ds, f"/{DB}/quote_spread.json?cluster_id={quote['cluster_id']}")
    assert spread[0]["first"] == "first" and spread[0]["outlet"] == "Harbour Wire"
    assert [row["first"] for row in spread[1:]] == [""] * (len(spread) - 1)
    assert {"Harbour Wire", "Coastal Times"} <= {row["outlet"] for row in spread}
    published = [row["published"] for row in spread]
    assert published == sorted(published)


def test_outlet_quoted_counts_speakers(ds):
    found = rows(ds, f"/{DB}/outlet_quoted.json?outlet=coastal+times")
    assert {row["outlet"] for row in found} == {"Coastal Times"}
    youssef = next(row for row in found if row["speaker"] == "Yusuf Haddad")
    assert youssef["quotes"] == youssef["direct"] + youssef["indirect"] + youssef["mixed"] >= 2
    assert [row["quotes"] for row in found] == sorted((row["quotes"] for row in found), reverse=True)


def test_who_said_it_first(ds):
    found = rows(ds, f"/{DB}/who_said_it_first.json?text=reopen+as+soon")
    assert found[0]["outlet"] == "Harbour Wire"
    assert found[0]["published"] == "2026-03-02T08:15:00Z"
    assert "reopen as soon" in found[0]["quote"]
    assert rows(ds, f"/{DB}/who_said_it_first.json?text=nothing+like+this") == []


def test_query_results_link_names_and_ids_to_their_pages(ds):
    page = get(ds, f"/{DB}/quotes_by_speaker?name=Yusuf+Haddad").text
    quote = quote_where(ds, "Harbour Wire", "The wall moved")
    name = one(ds, "select name from speakers where id = :s", s=quote["speaker_id"])["name"]
    assert f'<a href="/{DB}/speakers/{quote["speaker_id"]}">{name}</a>' in page
    # a query of one's own shows the ids, each a link (a canned query's page leaves them out)
    own = get(ds, f"/{DB}?sql=select+id+as+quote_id,+speaker_id+from+quotes+where+id+=+{quote['id']}").text
    assert f'<a href="/{DB}/quotes/{quote["id"]}">{quote["id"]}</a>' in own
    assert f'<a href="/{DB}/speakers/{quote["speaker_id"]}">{quote["speaker_id"]}</a>' in own


# Pages ---------------------------------------------------------------------------------------

def marks(page, kind):
    """The texts marked ``kind`` in the page's article passage."""
    passage = re.search(r'<blockquote class="q-passage">(.*?)</blockquote>', page, re.S).group(1)
    return [html.unescape(m) for m in re.findall(rf'<mark class="q-{kind}">(.*?)</mark>', passage, re.S)]


def test_quote_page_highlights_quote_and_speaker_in_the_article(ds):
    quote = quote_where(ds, "Harbour Wire", "The wall moved")
    page = get(ds, f"/{DB}/quotes/{quote['id']}").text
    assert marks(page, "quote")[0].startswith("The wall moved by almost a metre in places. We")
    assert marks(page, "speaker")[0] == "Haddad"
    assert marks(page, "cue")[0] == "told"
    for link in (f"/{DB}/articles/{quote['article_id']}", f"/{DB}/speakers/{quote['speaker_id']}",
                 f"/{DB}/clusters/{quote['cluster_id']}"):
        assert f'href="{link}"' in page
    assert "first: here" in page  # Harbour Wire had it first


def test_quote_page_links_to_the_earlier_outlet(ds):
    quote = quote_where(ds, "Coastal Times", "The wall moved by almost a metre in places. We")
    page = get(ds, f"/{DB}/quotes/{quote['id']}").text
    first = quote_where(ds, "Harbour Wire", "The wall moved")
    assert re.search(rf'first: <a href="/{DB}/outlets/\d+">Harbour Wire</a> '
                     rf'\(<a href="/{DB}/quotes/{first["id"]}">its quote</a>\)', page)


def test_article_page_marks_every_quote(ds):
    quote = quote_where(ds, "Harbour Wire", "The wall moved")
    page = get(ds, f"/{DB}/articles/{quote['article_id']}").text
    stored = rows(ds, f"/{DB}/quotes.json?article_id={quote['article_id']}")
    assert sorted(marks(page, "quote")) == sorted(row["text"] for row in stored)
    for row in stored:
        assert f'href="/{DB}/quotes/{row["id"]}"' in page


def test_speaker_page_shows_profile_and_chart(ds):
    quote = quote_where(ds, "Harbour Wire", "The wall moved")
    page = get(ds, f"/{DB}/speakers/{quote['speaker_id']}").text
    assert "Written as" in page
    assert "&ldquo;Yusuf Haddad&rdquo;" in page and "&ldquo;Youssef Haddad&rdquo;" in page
    assert "harbour master &times;" in page
    assert "Quotes by outlet" in page and "vegaEmbed(" in page
    assert f'href="/{DB}/clusters/{quote["cluster_id"]}">spread</a>' in page


def test_cluster_page_shows_spread_first_appearance_and_chart(ds):
    quote = quote_where(ds, "Coastal Times", "The wall moved by almost a metre in places. We")
    page = get(ds, f"/{DB}/clusters/{quote['cluster_id']}").text
    assert re.search(r'First: <a href="[^"]+">Harbour Wire</a>, '
                     r'<time datetime="2026-03-02T08:15:00Z">2026-03-02 08:15 UTC</time>', page)
    spec = json.loads(html.unescape(re.search(r'vegaEmbed\("#q-chart-spread", (.*?), \{actions',
                                              page).group(1)))
    assert {"Harbour Wire", "Coastal Times"} <= {v["outlet"] for v in spec["data"]["values"]}


def test_outlet_page_lists_speakers(ds):
    quote = quote_where(ds, "Coastal Times", "The wall moved")
    outlet_id = one(ds, "select outlet_id from articles where id = :a", a=quote["article_id"])["outlet_id"]
    page = get(ds, f"/{DB}/outlets/{outlet_id}").text
    assert "Who it quoted" in page and "Yusuf Haddad</a>" in page


def test_database_page_has_lookups_and_charts_that_work_offline(ds):
    page = get(ds, f"/{DB}").text
    assert f'action="/{DB}/quotes_by_speaker"' in page and f'action="/{DB}/who_said_it_first"' in page
    assert "Quotes per outlet" in page and "Quotes per speaker" in page
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert "/quotes-assets/vendor/vega-lite.min.js" in scripts
    assert not [src for src in scripts if "//" in src], "pages must not load scripts from elsewhere"
    for src in scripts:
        assert get(ds, src).status_code == 200, src


def test_sql_time_limit_is_set(ds):
    assert ds.setting("sql_time_limit_ms") == 3000


def test_plugin_folds_names_as_identity_does():
    for name in ("Mustéfa  BALI", "Marta Kovač", "Ahmad al Sharaa", "Рустам Минниханов", "O'Neill",
                 "U.S. Sen. Ted Cruz", "Mustafa \u0392ali", "Mus\u200btafa Bali"):
        assert datasette_plugin.fold(name) == identity_fold(name)


def test_plugin_files_names_under_the_keys_identity_files_them_under():
    from quotes.extract.names import lookup_keys

    for name in ("Mustéfa  BALI", "Youssef Haddad", "Ahmad al-Sharaa", "J. R. R. Tolkien", "O'Neill"):
        assert json.loads(datasette_plugin.lookup_keys(name)) == lookup_keys(name)
    # A near spelling shares a key with the name it is near to.
    assert set(lookup_keys("Mustafa Baly")) & set(lookup_keys("SDF spokesman Mustefa Bali"))


NAME_PAIRS = [("harbour master Yusuf Haddad", "Youssef Hadad"), ("SDF spokesman Mustefa Bali", "Mustafa Baly"),
              ("Ahmad al-Sharaa", "ahmad al sharaa"), ("Рустам Минниханов", "Rustam Minnikhanov"),
              ("O'Neill", "oneil"), ("Tomas Lind", "Zbigniew Quist"), ("", "x"), (None, "Haddad"),
              ("Haddad " * 60, "Haddad"), ("U.S. Sen. Ted Cruz", "Senator Ted Cruz"),
              ("0", "0\U000e0041")]


@pytest.mark.parametrize("candidate, query", NAME_PAIRS)
def test_plugin_scores_names_as_identity_does(candidate, query):
    from quotes.extract.names import name_score

    assert datasette_plugin.name_score(candidate, query) == name_score(candidate, query)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=30))
def test_plugin_scores_any_text_as_identity_does(candidate, query):
    from quotes.extract.names import name_score

    assert datasette_plugin.name_score(candidate, query) == name_score(candidate, query)


# Publishing ----------------------------------------------------------------------------------

def test_publish_prepares_a_bundle_that_serves_read_only(demo_db, tmp_path):
    out = tmp_path / "bundle"
    result = CliRunner().invoke(cli, ["publish", "cloudrun", "--db", str(demo_db), "--out", str(out),
                                      "--service", "quotes"])
    assert result.exit_code == 0, result.output
    command = result.stdout.strip()
    assert command.startswith(f"datasette publish cloudrun {demo_db} --metadata")
    for part in ("--install anyascii", "--install rapidfuzz", "--plugins-dir", "--template-dir",
                 "--static quotes-assets:", "sql_time_limit_ms 3000", "--service quotes"):
        assert part in command
    assert set(json.loads((out / "metadata.json").read_text())["databases"]) == {DB}
    # Serve the bundle as the published image does (-i, plugin from --plugins-dir).
    from quotes.web.serve import prepare_publish, published_serve_args

    args = published_serve_args(demo_db, prepare_publish(demo_db, out))
    assert args[:2] == ["-i", str(demo_db)]
    served = subprocess.run(
        [sys.executable, "-m", "datasette", "serve", *args,
         "--get", f"/{DB}/quotes_by_speaker.json?name=Youssef+Hadad&_shape=array"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert served.returncode == 0, served.stderr
    assert "harbour master Yusuf Haddad" in served.stdout


def test_publish_needs_a_database(tmp_path):
    result = CliRunner().invoke(cli, ["publish", "package", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "Traceback" not in result.output


def test_publish_names_the_targets_it_knows(demo_db):
    result = CliRunner().invoke(cli, ["publish", "nowhere", "--db", str(demo_db)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no publish target 'nowhere'; choose from package, ")
    assert "cloudrun" in result.output and len(result.output.splitlines()) == 1


# The site cannot be stalled, and its small defects stay fixed (issue 18) -------------------

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
    assert rows and {r["speaker"] for r in rows} == {"Yusuf Haddad"}


@pytest.mark.parametrize("text", ["", "   ", '"', "\u00a0", "\x00", "NEAR(", "*"])
def test_who_said_it_first_with_blank_or_odd_words_finds_nothing_without_an_error(ds, text):
    response = asyncio.run(ds.client.get(f"/{DB}/who_said_it_first.json",
                                         params={"_shape": "array", "text": text}))
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


@settings(max_examples=40, deadline=3000,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(words=st.text(max_size=40))
def test_the_look_ups_answer_any_words_without_an_error(ds, words):
    for query, field in (("who_said_it_first", "text"), ("quotes_by_speaker", "name"),
                         ("outlet_quoted", "outlet")):
        response = asyncio.run(ds.client.get(f"/{DB}/{query}.json", params={field: words}))
        assert response.status_code == 200, (query, words, response.text[:300])
# Unknown outlets and dates, pick-up, pages that show the data first ---------------------------

U = "unknowns"  # the database of conftest's unknowns_db: the demo plus articles with no outlet/date


@pytest.fixture(scope="module")
def uds(unknowns_db):
    return datasette_instance(unknowns_db)


def test_unknown_outlet_is_named_the_same_everywhere():
    assert datasette_plugin.UNKNOWN_OUTLET == store.UNKNOWN_OUTLET


def test_the_outlet_facet_counts_every_quote(uds):
    data = get(uds, f"/{U}/quote_list.json").json()
    outlets = {item["value"]: item["count"] for item in data["facet_results"]["outlet"]["results"]}
    assert "unknown outlet" in outlets
    assert sum(outlets.values()) == data["filtered_table_rows_count"]


def test_a_database_from_before_counts_unknown_outlets_too(tmp_path):
    import shutil
    from pathlib import Path

    old = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "data" / "v0.1-seeds.db", old)
    store.open_db(old).conn.close()  # as `quotes serve` does: migrations bring the views up to date
    data = get(datasette_instance(old), "/old/quote_list.json").json()
    outlets = {item["value"]: item["count"] for item in data["facet_results"]["outlet"]["results"]}
    assert sum(outlets.values()) == data["filtered_table_rows_count"] > outlets["unknown outlet"] > 0


@pytest.mark.parametrize("query", ["_facet=outlet", "_facet=outlet&_facet=outlet",
                                   "_facet=cue&_facet=cue"])
def test_a_facet_asked_for_again_is_shown_once(uds, query):
    facets = get(uds, f"/{U}/quote_list.json?{query}").json()["facet_results"]
    assert {"outlet", "speaker", "kind", "role"} <= set(facets)
    assert not [name for name in facets if name.endswith("_2")], list(facets)
    page = get(uds, f"/{U}/quote_list?{query}").text
    assert page.count('data-column="outlet"') <= 2  # the facet and the column heading


def test_the_database_page_leads_with_the_quotes_tables(uds):
    page = get(uds, f"/{U}").text
    assert "_quotes_migrations</a>" not in page  # bookkeeping is hidden
    assert "select * from articles" in page


def test_column_descriptions_wait_behind_a_toggle(uds):
    page = get(uds, f"/{U}/quote_list").text
    assert page.count('class="column-descriptions"') == 1
    toggle = page.index('<details class="q-columns">')
    assert toggle < page.index('class="column-descriptions"') < page.index("</details>", toggle)
    assert "The quoted content, without quotation marks." in page


def test_canned_queries_link_names_and_hide_ids(uds):
    page = get(uds, f"/{U}/quotes_by_speaker?name=Yusuf+Haddad").text
    assert re.search(r'<body class="[^"]*\bq-canned\b', page)
    quote = rows(uds, f"/{U}/quotes_by_speaker.json?name=Yusuf+Haddad")[0]
    assert f'<a href="/{U}/quotes/{quote["quote_id"]}">{escape(quote["text"])}</a>' in page
    assert quote["speaker_id"] and quote["article_id"]  # the JSON keeps the ids
    # the page has no cell of them (not written and hidden: a cell a row less to write and send)
    assert set(re.findall(r'class="col-([\w-]+)"', page)) == {
        column for column in quote if not column.endswith("_id")}


def unknown_links(page):
    return re.findall(r'<a [^>]*>\s*<span class="q-unknown">(unknown outlet|undated)', page)


def test_unknown_outlet_and_date_are_shown_never_linked(uds):
    for path in ("", "/quote_list", "/quotes_by_speaker?name=Haddad", "/who_said_it_first?text=reopen",
                 *(f"/{table}/{row['id']}" for table in ("speakers", "clusters", "quotes", "articles",
                                                         "outlets")
                   for row in rows(uds, f"/{U}/{table}.json?_size=max"))):
        page = get(uds, f"/{U}{path}").text
        assert not unknown_links(page), path
        assert "(no outlet)" not in page and "article None" not in page
    speaker = get(uds, f"/{U}/speakers/1").text
    assert '<span class="q-unknown">unknown outlet</span> &times;' in speaker


def test_cluster_page_counts_as_its_row_counts(uds):
    for cluster in rows(uds, f"/{U}/clusters.json?_size=max"):
        page = get(uds, f"/{U}/clusters/{cluster['id']}").text
        said = re.search(r'Carried in (\d+) articles? by (no known outlet|(\d+) outlets?)', page)
        assert int(said[1]) == cluster["article_count"], cluster
        assert int(said[3] or 0) == cluster["outlet_count"], cluster


def test_a_chart_with_nothing_dated_is_not_drawn(uds):
    market = one(uds, "select cluster_id from quotes where text like :t", database=U, t="The+fish+market%25")
    page = get(uds, f"/{U}/clusters/{market['cluster_id']}").text
    assert "vegaEmbed" not in page and "No timeline: its one appearance is undated." in page
    reopen = one(uds, "select cluster_id from quotes where text like :t", database=U, t="We+will+reopen%25")
    page = get(uds, f"/{U}/clusters/{reopen['cluster_id']}").text
    assert 'vegaEmbed("#q-chart-spread"' in page and "2 undated appearances not on the timeline" in page


def hours_between(earlier, later):
    import datetime

    parse = datetime.datetime.fromisoformat
    return (parse(later) - parse(earlier)).total_seconds() / 3600


def test_pick_up_counts_statements_and_median_delay_per_pair(uds):
    import csv as csv_module

    from quotes.sample import sample_dir

    with open(sample_dir() / "manifest.csv", encoding="utf-8") as handle:
        published = {row["source"]: row["published"] for row in csv_module.DictReader(handle)}
    pairs = {(p["first_outlet"], p["picked_up_by"]): p for p in rows(uds, f"/{U}/pick_up.json")}
    # Harbour Wire had three of Haddad's quotes first; Coastal Times carried all three, dated:
    # two the same morning (3.4 hours later) and one from the reopening story (6.4 hours).
    coastal = pairs[("Harbour Wire", "Coastal Times")]
    assert (coastal["statements"], coastal["dated"]) == (3, 3)
    assert coastal["median_delay_hours"] == round(
        hours_between(published["harbour-wire.txt"], published["coastal-times.txt"]), 1)
    # Valley Herald carried two, one in an undated article: it counts, but has no delay.
    herald = pairs[("Harbour Wire", "Valley Herald")]
    assert (herald["statements"], herald["dated"]) == (2, 1)
    assert herald["median_delay_hours"] == round(
        hours_between(published["harbour-wire.txt"], published["valley-herald.txt"]), 1)
    # Outlets pick up from one another, not only from the wire.
    assert pairs[("Lessa Gazette", "Coastal Times")]["statements"] == 1
    assert pairs[("Coastal Times", "Velmora Evening Post")]["statements"] == 1
    # An article with no outlet is no one's pick-up, and no outlet picks up from itself.
    assert all(first and by and first != by for first, by in pairs)


def test_pick_up_page_has_its_chart_and_the_query_behind_it(uds):
    page = get(uds, f"/{U}/-/pick-up").text
    assert 'vegaEmbed("#q-chart-pick-up"' in page and f'href="/{U}/pick_up.json"' in page
    assert "Harbour Wire</a>" in page and "3.4 h" in page
    assert get(uds, "/nowhere/-/pick-up").status_code == 404


def test_outlet_page_lists_its_articles_dates_and_pick_ups(uds):
    herald = one(uds, "select id from outlets where name = :n", database=U, n="Valley+Herald")["id"]
    page = get(uds, f"/{U}/outlets/{herald}").text
    assert '<span class="q-name">Valley Herald</span></h1>' in page and "2 articles" in page
    articles = page[page.index("Articles, latest first"):page.index("Who it quoted")]
    assert "Storm closes Velmora quay" in articles and "Quay repairs begin" in articles
    assert '<time datetime="2026-03-03T06:05:00Z">2026-03-03 06:05 UTC</time>' in articles
    assert '<span class="q-unknown">undated</span>' in articles
    picked = page[page.index("Whose quotes it picked up"):]
    assert "Harbour Wire</a>" in picked and "21.8 h" in picked


def test_row_pages_fold_the_stored_row_away(uds):
    for table in ("quotes", "articles", "speakers", "clusters", "outlets"):
        page = get(uds, f"/{U}/{table}/1").text
        fold = page.index('<details class="q-raw">')
        assert fold < page.index('class="rows-and-columns"') < page.index("</details>", fold), table
    assert '<details class="q-raw">' not in get(uds, f"/{U}/speaker_roles/1").text


@pytest.mark.parametrize("stored, shown", [
    ("2026-03-02T08:15:00Z", "2026-03-02 08:15 UTC"), ("2026-03-02T08:15:00", "2026-03-02 08:15"),
    ("2019-03-10", "2019-03-10"), ("Tuesday", "Tuesday")])
def test_dates_read_as_dates(stored, shown):
    assert datasette_plugin.show_date(stored) == f'<time datetime="{stored}">{shown}</time>'
    assert datasette_plugin.show_date(None) == '<span class="q-unknown">undated</span>'


def test_counts_are_kept_until_the_database_changes_then_counted_again(demo_db, tmp_path, monkeypatch):
    """Counts and facets are remembered between visits, never past a commit by another process
    (for a site that waits for the new page however long it takes; each visit here runs in an
    event loop of its own, which ends the work of a page shown from before)."""
    path = tmp_path / demo_db.name
    path.write_bytes(demo_db.read_bytes())
    with_plugin_settings(monkeypatch, stale_after_ms=600_000)
    served = datasette_instance(path)

    def seen():
        listing = get(served, f"/{DB}/quote_list.json?_facet=kind").json()
        kinds = {f["value"]: f["count"] for f in listing["facet_results"]["kind"]["results"]}
        tables = {t["name"]: t["count"] for t in get(served, f"/{DB}.json").json()["tables"]}
        return listing["filtered_table_rows_count"], kinds.get("direct", 0), tables["quotes"]

    def on_speaker_page():  # the speaker's quotes by outlet: "Harbour Wire ×2, ..."
        return sorted(int(n) for n in re.findall(r"&times;(\d+)", get(served, f"/{DB}/speakers/{speaker}").text))

    db = store.open_db(path)
    article, speaker = db.execute("select article_id, speaker_id from quotes"
                                  " where speaker_id is not null limit 1").fetchone()
    before, before_page = seen(), on_speaker_page()
    assert seen() == before and on_speaker_page() == before_page
    with db.atomic():
        db.execute("insert into quotes (article_id, kind, text, start, end, speaker_id) values"
                   " (?, 'direct', 'A quote added meanwhile.', 0, 24, ?)", [article, speaker])
    db.close()
    assert seen() == tuple(count + 1 for count in before)
    assert sum(on_speaker_page()) == sum(before_page) + 1


# The page cache (quotes/web/page_cache.py) -------------------------------------------------

class FakeDatabase:
    def __init__(self, path, mutable=True):
        self.path, self.is_mutable, self.is_memory = str(path), mutable, False


class FakeDatasette:
    """What the page cache reads of Datasette: its databases and the plugin's settings."""

    def __init__(self, path, **settings):
        self.databases, self.settings = {"news": FakeDatabase(path)}, settings

    def plugin_config(self, name, database=None):
        return self.settings


def counting_app(body=b"a page", status=200, headers=()):
    calls = []

    async def app(scope, receive, send):
        calls.append(scope["path"])
        await send({"type": "http.response.start", "status": status, "headers": list(headers)})
        await send({"type": "http.response.body", "body": body + b" %d" % len(calls)})
    return app, calls


def visit(app, path, method="GET", query=b""):
    sent = []

    async def send(message):
        sent.append(message)
    scope = {"type": "http", "method": method, "path": path, "query_string": query,
             "headers": [(b"host", b"localhost")]}
    asyncio.run(app(scope, None, send))
    return b"".join(m.get("body", b"") for m in sent)


def test_a_page_is_kept_byte_for_byte_until_another_connection_commits(tmp_path):
    import sqlite3

    from quotes.web import page_cache

    path = tmp_path / "news.db"
    sqlite3.connect(path).execute("create table t (x)")
    app, calls = counting_app()
    cached = page_cache.wrap(FakeDatasette(path), app)
    assert visit(cached, "/news/t") == visit(cached, "/news/t") == b"a page 1"
    assert visit(cached, "/news/t", query=b"x=1") == b"a page 2"  # another query, another page
    with sqlite3.connect(path) as conn:
        conn.execute("insert into t values (1)")
    assert visit(cached, "/news/t") == b"a page 3"
    # Not kept: other methods, and pages of no database (Datasette's own, static files).
    for path_, method in (("/news/t", "POST"), ("/-/versions", "GET"), ("/quotes-assets/q.css", "GET")):
        assert visit(cached, path_, method) != visit(cached, path_, method)


def test_no_page_is_kept_that_failed_sets_a_cookie_or_cannot_be_versioned_or_when_off(tmp_path):
    from quotes.web import page_cache

    path = tmp_path / "news.db"
    store.open_db(path).close()
    for app, settings in ((counting_app(status=500)[0], {}),
                          (counting_app(headers=[(b"set-cookie", b"a=b")])[0], {}),
                          (counting_app()[0], {"cache_megabytes": 0})):
        cached = page_cache.wrap(FakeDatasette(path, **settings), app)
        assert visit(cached, "/news") != visit(cached, "/news")
    # A database file that cannot be read keeps nothing, and fails no page.
    cached = page_cache.wrap(FakeDatasette(tmp_path / "gone" / "news.db"), counting_app()[0])
    assert visit(cached, "/news") != visit(cached, "/news")


def test_a_page_with_a_time_out_is_kept_only_briefly(tmp_path, monkeypatch):
    from quotes.web import page_cache

    store.open_db(tmp_path / "news.db").close()
    app, calls = counting_app(b'<p class="facets-timed-out">These facets timed out: speaker</p>')
    cached = page_cache.wrap(FakeDatasette(tmp_path / "news.db"), app)
    assert visit(cached, "/news/quote_list") == visit(cached, "/news/quote_list")  # within a minute
    monkeypatch.setattr(page_cache, "INCOMPLETE_SECONDS", -1)  # and once it is past
    assert visit(cached, "/news/quote_list.json") != visit(cached, "/news/quote_list.json")


def test_after_a_commit_a_slow_page_is_shown_from_before_while_the_new_one_is_worked_out(tmp_path):
    """A visitor after a commit waits at most ``stale_after_ms`` for a slow page; then the page
    from before is shown, the new one is worked out once in the background and shown next."""
    import sqlite3

    from quotes.web import page_cache

    path = tmp_path / "news.db"
    sqlite3.connect(path).execute("create table t (x)")
    calls, delay = [], {"seconds": 0.0}

    async def app(scope, receive, send):
        calls.append(scope["path"])
        made = len(calls)
        await asyncio.sleep(delay["seconds"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"page %d" % made})
    cached = page_cache.wrap(FakeDatasette(path, stale_after_ms=50, slow_refresh_ms=0), app)

    async def visit_once():
        sent = []

        async def send(message):
            sent.append(message)
        started = time.monotonic()
        await cached({"type": "http", "method": "GET", "path": "/news", "query_string": b"",
                      "headers": []}, None, send)
        return b"".join(m.get("body", b"") for m in sent), time.monotonic() - started

    async def story():
        seen = [await visit_once()]  # worked out: page 1
        with sqlite3.connect(path) as conn:
            conn.execute("insert into t values (1)")
        delay["seconds"] = 0.5  # the new page is slow
        seen += await asyncio.gather(*(visit_once() for _ in range(5)))  # page 1, at once
        await asyncio.sleep(0.7)
        seen.append(await visit_once())  # page 2, kept meanwhile
        delay["seconds"] = 0.0
        with sqlite3.connect(path) as conn:
            conn.execute("insert into t values (2)")
        seen.append(await visit_once())  # a fast page is never shown from before: page 3
        return seen
    seen = asyncio.run(story())
    assert [body for body, _ in seen] == [b"page 1"] * 6 + [b"page 2", b"page 3"]
    assert all(seconds < 0.4 for _, seconds in seen[1:6])
    assert len(calls) == 3


def test_the_published_plugin_is_the_package_without_what_needs_quotes(demo_db, tmp_path):
    from quotes.web import serve

    plugins = prepare_publish(demo_db, tmp_path / "bundle")["plugins"]
    shipped = {p.name for p in (plugins / serve.PLUGIN_PACKAGE).glob("*.py")}
    assert "plugin.py" in shipped and "serve.py" not in shipped
    for module in (plugins / serve.PLUGIN_PACKAGE).glob("*.py"):
        assert not re.search(r"^[ \t]*(from quotes(\.\w+)* import|import quotes)\b", module.read_text(), re.M), module.name
    assert sorted(p.name for p in plugins.glob("*.py")) == ["quotes_datasette.py"]


def test_the_plugin_module_holds_every_hook_of_the_feature_modules():
    hooks = {name for name in dir(datasette_plugin) if hasattr(getattr(datasette_plugin, name), "datasette_impl")}
    assert hooks == set(datasette_plugin.HOOKS)
    from datasette.plugins import pm

    assert set(datasette_plugin.HOOKS) <= {hook for hook in dir(pm.hook) if not hook.startswith("_")}


def test_visits_at_once_to_one_page_work_it_out_once(tmp_path):
    from quotes.web import page_cache

    store.open_db(tmp_path / "news.db").close()
    calls = []

    async def slow_app(scope, receive, send):
        calls.append(scope["path"])
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"the page"})
    cached = page_cache.wrap(FakeDatasette(tmp_path / "news.db"), slow_app)

    async def ten_visits():
        bodies = []

        async def one_visit():
            sent = []

            async def send(message):
                sent.append(message)
            await cached({"type": "http", "method": "GET", "path": "/news", "query_string": b"",
                          "headers": []}, None, send)
            bodies.append(b"".join(m.get("body", b"") for m in sent))
        await asyncio.gather(*(one_visit() for _ in range(10)))
        return bodies
    assert asyncio.run(ten_visits()) == [b"the page"] * 10
    assert calls == ["/news"]


# What a newcomer meets (issue 29): readable columns, pages named by what they show ----------------

QUOTE_LIST_SHOWN = {"published", "outlet", "speaker", "kind", "text", "title"}


def quote_list_width(path):
    """How many columns the quote_list view has (ids, raw date and confidence among them)."""
    with sqlite3.connect(path) as conn:
        return len(conn.execute("select * from pragma_table_info('quote_list')").fetchall())


def shown_columns(page) -> set[str]:
    """The columns a table page writes of its rows."""
    heads = set(re.findall(r'<th [^>]*data-column="(\w+)"', page))
    cells = set(re.findall(r'<td class="col-(\w+) ', page))
    assert cells <= heads
    return heads


@pytest.mark.parametrize("query", ["", "?_search=reopen", "?outlet=Harbour+Wire&_facet=kind"])
def test_quote_list_shows_a_reader_what_they_need_and_the_json_keeps_every_column(ds, demo_db, query):
    page = get(ds, f"/{DB}/quote_list{query}").text
    width = quote_list_width(demo_db)
    assert shown_columns(page) == QUOTE_LIST_SHOWN  # no ids, raw date, cue or mention
    # On a phone each cell is labelled by its place in the row: the labels are the columns shown.
    heads = re.findall(r'<th [^>]*data-column="(\w+)"', page)
    labels = re.findall(r'nth-of-type\((\d+)\):before \{ content: "(\w+)"', page)
    assert labels == [(str(n), name) for n, name in enumerate(heads, 1)]
    assert len(re.findall(r'<td class="col-', page)) == len(QUOTE_LIST_SHOWN) * page.count("<tr>") - 6
    assert f"Showing 6 of {width} columns" in page and '<h1>Every quote (view)</h1>' in page
    data = rows(ds, f"/{DB}/quote_list.json{query}")
    assert data and {"quote_id", "article_id", "speaker_id", "outlet_id", "cluster_id"} <= set(data[0])


def test_quote_list_shows_all_its_columns_when_asked(ds, demo_db):
    width = quote_list_width(demo_db)
    page = get(ds, f"/{DB}/quote_list?_search=reopen").text
    show_all = html.unescape(re.search(rf'<a href="([^"]+)">show all {width}</a>', page).group(1))
    assert "_search=reopen" in show_all  # the search is kept
    everything = get(ds, show_all).text
    assert len(re.findall(r"<th ", everything)) == width == len(shown_columns(everything))
    assert "q-brief" not in everything and "Showing 6 of" not in everything
    # Another table is shown whole, as Datasette shows it.
    assert len(shown_columns(get(ds, f"/{DB}/quotes").text)) > 10


def test_facets_sit_behind_a_toggle_that_names_them(ds):
    page = get(ds, f"/{DB}/quote_list").text
    summary = re.search(r'<details class="q-facets" open>\s*<summary>(.*?)</summary>', page, re.S)
    assert summary and all(name in summary.group(1) for name in ("outlet", "speaker", "kind", "role"))


def test_row_pages_are_headed_and_titled_by_what_the_row_is_not_its_id(ds):
    """A speaker's page reads "Yusuf Haddad", not "speakers: 2"; a statement's its words."""
    speaker = one(ds, "select id from speakers where name = :n", n="Yusuf+Haddad")["id"]
    outlet = one(ds, "select id from outlets where name = :n", n="Coastal+Times")["id"]
    article = one(ds, "select id, title from articles where title is not null order by id")
    cluster = one(ds, "select id, canonical_text from clusters where canonical_text like :t",
                  t="The+wall+moved%25")
    quote = one(ds, "select id from quotes where cluster_id = :c order by id", c=cluster["id"])["id"]
    words = "\u201cThe wall moved by almost a metre in places. We cannot let a single ship tie up there\u2026\u201d"
    for table, pk, kind, name in (("speakers", speaker, "speaker", "Yusuf Haddad"),
                                  ("outlets", outlet, "outlet", "Coastal Times"),
                                  ("articles", article["id"], "article", article["title"]),
                                  ("clusters", cluster["id"], "statement", words),
                                  ("quotes", quote, "quote", words + " \u2014 Yusuf Haddad")):
        page = get(ds, f"/{DB}/{table}/{pk}").text
        title = html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1))
        assert title == f"{name} \u00b7 {kind} \u00b7 {DB}", table
        heading = html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1))
        assert re.sub(r"<[^>]+>", "", heading).strip() == f"{kind} {name}", table
        assert f"{table}: {pk}" not in page, table


def test_canned_query_results_are_headed_by_their_count_not_as_custom_sql(ds):
    found = get(ds, f"/{DB}/who_said_it_first?text=reopen").text
    assert "<h1" in found and ">Who said it first</h1>" in found
    assert "Custom SQL query" not in found
    assert re.search(r"<h3>\d+ rows?\s*<span class=\"show-hide-sql\">\(<a [^>]*>show SQL</a>\)", found)
    assert "Custom SQL query" not in get(ds, f"/{DB}/who_said_it_first?text=zzzz").text
    # An arbitrary query is still Datasette's own.
    assert "Custom SQL query returning" in get(ds, f"/{DB}?sql=select+1").text
