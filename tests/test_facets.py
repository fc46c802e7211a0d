"""quote_list's facets from the counts the store keeps (migration m015, quotes/web/facets.py).

The page must show what Datasette's own facets show: the same values, counts and
links, on a database made by the CLI, and again after every way the counted
rows change (more articles extracted, speakers merged or renamed, outlets merged
or renamed, an article edited in place). Datasette's own facets are the
reference: the same database served with quote_list's facets configured as plain
columns.
"""
import asyncio
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import demo_database
from quotes import store
from quotes.cli import cli
from quotes.web.serve import datasette_instance

DB = "facets"
DATA = Path(__file__).parent / "data"
FILTERS = ("", "outlet", "speaker", "kind")
COLUMNS = ("", "outlet", "speaker", "kind", "role")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return demo_database(tmp_path_factory, DB)


@pytest.fixture
def path(built, tmp_path):
    copy = tmp_path / built.name
    shutil.copy(built, copy)
    return copy


def recounted(path) -> dict:
    """What quote_facets should hold, counted from quote_list itself."""
    counts = {}
    with sqlite3.connect(path) as conn:
        for where in FILTERS:
            for column in COLUMNS:
                if where and where == column:
                    continue
                by, of = where or "''", column or "''"
                counts.update({(where, value, column, facet_value): n for value, facet_value, n in conn.execute(
                    f"select {by}, {of}, count(*) from quote_list where {by} is not null"
                    f" and {of} is not null group by 1, 2")})
    return counts


def stored(path) -> dict:
    with sqlite3.connect(path) as conn:
        return {tuple(row[:4]): row[4] for row in conn.execute(
            "select filter, filter_value, facet, value, n from quote_facets where n != 0")}


def served_both_ways(path):
    """The project's Datasette, and the same with quote_list's facets left to Datasette."""
    counted, live = datasette_instance(path), datasette_instance(path)
    table = live._metadata_local["databases"][DB]["tables"]["quote_list"]
    table["facets"] = ["outlet", "speaker", "kind", "role"]
    for db in live.databases.values():  # and its rows counted by Datasette (facets.install skips it)
        db._quotes_counted = True
    return counted, live


def facets_of(ds, query: str) -> tuple:
    response = asyncio.run(ds.client.get(f"/{DB}/quote_list.json?{query}"))
    assert response.status_code == 200, response.text
    data = response.json()
    return data["facet_results"], data["filtered_table_rows_count"]


def pages(path) -> list[str]:
    """The page of every outlet, speaker and kind, the whole list, and pages the counts do not cover."""
    with sqlite3.connect(path) as conn:
        values = {column: [v for (v,) in conn.execute(
            f"select distinct {column} from quote_list where {column} is not null")] for column in FILTERS[1:]}
    from urllib.parse import urlencode
    queries = ["", "_facet_size=max", "outlet=nowhere"]
    queries += [urlencode({column: value}) for column, found in values.items() for value in found]
    queries += [urlencode({"outlet": values["outlet"][0], "kind": values["kind"][0]}),  # two filters: live
                "_search=said"]
    return queries


def assert_pages_as_datasette_facets_them(path):
    assert stored(path) == recounted(path)
    counted, live = served_both_ways(path)
    for query in pages(path):
        mine, theirs = facets_of(counted, query), facets_of(live, query)
        assert json.dumps(mine, sort_keys=True) == json.dumps(theirs, sort_keys=True), query


def test_an_extracted_database_facets_as_datasette_does(path):
    with sqlite3.connect(path) as conn:
        assert conn.execute("select count(distinct outlet) from quote_list").fetchone()[0] > 1
    assert_pages_as_datasette_facets_them(path)


def test_the_page_reads_the_kept_counts(path):
    """Not Datasette counting behind its back: a changed count shows on the page."""
    with sqlite3.connect(path) as conn:
        outlet, speaker, n = conn.execute(
            "select filter_value, value, n from quote_facets where filter = 'outlet'"
            " and facet = 'speaker' order by n desc limit 1").fetchone()
        conn.execute("update quote_facets set n = n + 1000 where filter = 'outlet' and filter_value = ?"
                     " and facet = 'speaker' and value = ?", [outlet, speaker])
    counted, _ = served_both_ways(path)
    facets, _ = facets_of(counted, f"outlet={outlet}")
    assert {r["value"]: r["count"] for r in facets["speaker"]["results"]}[speaker] == n + 1000


@pytest.mark.parametrize("where", ["outlet", ""])
def test_the_row_count_reads_the_kept_counts(path, where):
    """The "N rows" of the whole list, or of one outlet, is the kept count, not a count(*)."""
    with sqlite3.connect(path) as conn:
        value, n = conn.execute("select filter_value, n from quote_facets where filter = ? and facet = ''"
                                " order by n desc limit 1", [where]).fetchone()
        conn.execute("update quote_facets set n = n + 1000 where filter = ? and filter_value = ?"
                     " and facet = ''", [where, value])
    counted, live = served_both_ways(path)
    query = f"outlet={value}" if where else ""
    assert facets_of(counted, query)[1] == n + 1000 and facets_of(live, query)[1] == n
    page = asyncio.run(counted.client.get(f"/{DB}/quote_list?{query}")).text
    assert f"{n + 1000:,} rows" in page


def test_quotes_stored_by_hand_are_faceted_live_until_counted(path):
    with sqlite3.connect(path) as conn:
        conn.execute("insert into quotes (article_id, kind, text, start, end, speaker_id)"
                     " select article_id, 'direct', 'Added by hand.', 0, 14, speaker_id from quotes limit 1")
    counted, live = served_both_ways(path)
    assert facets_of(counted, "") == facets_of(live, "")
    with store.writing(store.open_db(path)):  # the next commit counts it
        pass
    assert_pages_as_datasette_facets_them(path)


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_counts_follow_speakers_merged_and_renamed(path):
    with sqlite3.connect(path) as conn:
        (keep, _), (other, _) = conn.execute(
            "select speaker_id, count(*) from quotes where speaker_id is not null"
            " group by speaker_id order by 2 desc limit 2").fetchall()
    run("speakers", "merge", str(keep), str(other), "--db", str(path))
    run("speakers", "rename", str(keep), "Somebody Else Entirely", "--db", str(path))
    assert_pages_as_datasette_facets_them(path)


def test_counts_follow_outlets_merged_and_renamed(path):
    with sqlite3.connect(path) as conn:
        (keep,), (other,), *_ = conn.execute("select name from outlets order by quote_count desc").fetchall()
    run("outlets", "merge", keep, other, "--db", str(path))
    run("outlets", "rename", keep, "The Renamed Gazette", "--db", str(path))
    assert_pages_as_datasette_facets_them(path)


def test_counts_follow_a_run_that_adds_quotes_and_an_article_edited_in_place(path, tmp_path):
    with sqlite3.connect(path) as conn:
        source, title, text = conn.execute(
            "select source, title, text from articles where outlet_id is not null limit 1").fetchone()
        speaker = conn.execute("select name from speakers where kind = 'person' limit 1").fetchone()[0]
    story = tmp_path / "more.txt"  # no outlet: "unknown outlet" gains quotes
    story.write_text(f'"We will open the harbour on Monday," {speaker} said on Friday.\n\n'
                     '"Nobody told us anything," a fisherman said.\n')
    run("extract", str(story), "--db", str(path))
    edited = tmp_path / "edited.jsonl"  # the same source again with other words: a revision
    edited.write_text(json.dumps({"source": source, "title": title, "text": text + (
        '\n\n"The inquiry will report in May," the harbour master said.\n')}) + "\n")
    run("extract", str(edited), "--db", str(path))
    with sqlite3.connect(path) as conn:
        assert conn.execute("select count(*) from quote_list where outlet = 'unknown outlet'").fetchone()[0] >= 2
    assert_pages_as_datasette_facets_them(path)


@pytest.mark.parametrize("old", ["v0.1-seeds.db", "bc7fcdb-seeds.db"])
def test_an_old_database_upgraded_gets_its_counts(tmp_path, old):
    path = tmp_path / f"{DB}.db"
    shutil.copy(DATA / old, path)
    store.open_db(path).conn.close()
    assert stored(path) and stored(path) == recounted(path)
    assert_pages_as_datasette_facets_them(path)


def test_an_outlets_pages_list_its_quotes_newest_first_as_the_view_orders_them(path, monkeypatch):
    """Each page of one outlet (read by its articles newest first, facets.outlet_page_sql) holds
    the view's rows of that outlet in order of publication, quotes of one moment by article
    and id, every quote on exactly one page, and the HTML page shows the first of them."""
    from quotes.web import facets

    store.open_db(path).conn.close()  # m017's index
    used = []
    monkeypatch.setattr(facets, "outlet_page_sql", lambda *args, original=facets.outlet_page_sql: (
        used.append(original(*args)) or used[-1]))
    counted, _ = served_both_ways(path)
    with sqlite3.connect(path) as conn:
        outlets = [v for (v,) in conn.execute("select distinct outlet from quote_list where outlet != 'unknown outlet'")]
        assert outlets
        sizes = {}
        for outlet in outlets:
            expected = [row[0] for row in conn.execute(
                "select quote_id from quote_list where outlet = ?"
                " order by published desc, article_id desc, quote_id", [outlet])]
            listed, offset = [], 0
            while True:
                response = asyncio.run(counted.client.get(
                    f"/{DB}/quote_list.json?_shape=array&_size=3&outlet={outlet}" + (f"&_next={offset}" if offset else "")))
                page = [row["quote_id"] for row in response.json()]
                listed += page
                if len(page) < 3:
                    break
                offset += 3
            assert listed == expected, outlet
            sizes[outlet] = len(expected)
    assert any(used)  # read by the outlet's articles, not by Datasette's statement
    html = asyncio.run(counted.client.get(f"/{DB}/quote_list?outlet={outlets[0]}")).text
    assert html.count('<td class="col-text ') == min(50, sizes[outlets[0]]) > 0
