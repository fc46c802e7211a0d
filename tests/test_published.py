"""Every publication time becomes a UTC instant, so "first" means the same everywhere."""
import json

import pytest
from click.testing import CliRunner

from quotes.cli import cli
from quotes.readers.dates import to_utc


@pytest.mark.parametrize("raw, instant", [
    ("2026-03-02T08:00:00+05:00", "2026-03-02T03:00:00Z"),
    ("2026-03-02T05:00Z", "2026-03-02T05:00:00Z"),
    ("2019-03-05T09:00", "2019-03-05T09:00:00Z"),  # no zone: taken as UTC
    ("Mar 1, 2019", "2019-03-01T00:00:00Z"),  # a day: its midnight UTC
    ("2026-03-02", "2026-03-02T00:00:00Z"),
    ("Tue, 03 Mar 2026 06:05:00 GMT", "2026-03-03T06:05:00Z"),
    ("March 2, 2026, 8:30 a.m. EST", "2026-03-02T13:30:00Z"),
    ("July 2, 2026, 8:30 a.m. ET", "2026-07-02T12:30:00Z"),  # US Eastern in summer is UTC-4
    ("2019-03-01T09:00:00.250+01:00", "2019-03-01T08:00:00Z"),
])
def test_times_become_utc_instants(raw, instant):
    assert to_utc(raw) == instant


@pytest.mark.parametrize("raw", ["", "Mar 1", "last Tuesday", "2026-13-45", "soon"])
def test_what_names_no_day_gives_no_instant(raw):
    assert to_utc(raw) is None


def test_first_by_instant_not_by_string():
    # As strings "05:00Z" sorts before "08:00+05:00"; as instants it is the other way round.
    assert to_utc("2026-03-02T08:00:00+05:00") < to_utc("2026-03-02T05:00:00Z")
    assert to_utc("Mar 1, 2019") < to_utc("2019-03-05T09:00")


def test_every_input_is_stored_as_utc_with_what_it_said(tmp_path):
    import sqlite3

    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text("\n".join(json.dumps(record) for record in [
        {"source": "a", "text": '"We are ready," Mayor Ana Ruiz said.', "published": "2026-03-02T08:00:00+05:00"},
        {"source": "b", "text": '"We are not," Governor Tom Ames said.', "published": "someday"},
    ]) + "\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text('"Maybe," Senator Lee Park said.\n', encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text('source,published\nc.txt,"Mar 1, 2019"\n', encoding="utf-8")
    db = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["extract", str(jsonl), str(tmp_path / "c.txt"),
                                      "--manifest", str(manifest), "--db", str(db)])
    assert result.exit_code == 0, result.output
    stored = dict((source, (published, raw)) for source, published, raw in sqlite3.connect(db).execute(
        "select source, published, published_raw from articles"))
    assert stored == {
        "a": ("2026-03-02T03:00:00Z", "2026-03-02T08:00:00+05:00"),
        "b": (None, "someday"),  # undated, what it said kept
        "c.txt": ("2019-03-01T00:00:00Z", "Mar 1, 2019"),
    }


def test_first_appearance_is_the_same_in_clusters_views_pages_and_queries(tmp_path):
    """05:00Z was read first, but 08:00+05:00 (03:00Z) was published first; the undated one is last."""
    import asyncio
    import re
    import sqlite3

    from quotes.web.serve import datasette_instance

    said = '"We will keep one footpath open for as long as we safely can," Mayor Anita Okafor said.'
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(record) for record in [
        {"source": "ledger", "outlet": "Riverton Ledger", "published": "2026-03-02T05:00:00Z", "text": said},
        {"source": "herald", "outlet": "Valley Herald", "published": "2026-03-02T08:00:00+05:00",
         "text": "In Riverton: " + said},
        {"source": "blog", "outlet": "Mill Blog", "text": "Overheard: " + said},
    ]) + "\n", encoding="utf-8")
    db = tmp_path / "first.db"
    result = CliRunner().invoke(cli, ["extract", str(batch), "--db", str(db)])
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(db)
    (cluster_id, first), = connection.execute(
        "select clusters.id, outlets.name from clusters join articles on articles.id = first_article_id"
        " join outlets on outlets.id = articles.outlet_id").fetchall()
    assert first == "Valley Herald"
    view = [row[0] for row in connection.execute(
        "select outlet from cluster_appearances where cluster_id = ?", [cluster_id])]
    assert view == ["Valley Herald", "Riverton Ledger", "Mill Blog"]

    ds = datasette_instance(db)

    def get(path):
        response = asyncio.run(ds.client.get(path))
        assert response.status_code == 200, response.text
        return response

    spread = get(f"/first/quote_spread.json?cluster_id={cluster_id}&_shape=array").json()
    assert [(row["first"], row["outlet"], row["published"]) for row in spread] == [
        ("first", "Valley Herald", "2026-03-02T03:00:00Z"),
        ("", "Riverton Ledger", "2026-03-02T05:00:00Z"),
        ("", "Mill Blog", "undated"),
    ]
    who = get("/first/who_said_it_first.json?text=footpath&_shape=array").json()
    assert [(row["outlet"], row["published"]) for row in who] == [("Valley Herald", "2026-03-02T03:00:00Z")]
    page = get(f"/first/clusters/{cluster_id}").text
    shown = r'<time datetime="2026-03-02T03:00:00Z">2026-03-02 03:00 UTC</time>'
    assert re.search(r'First: <a href="[^"]+">Valley Herald</a>, ' + shown, page)
    assert page.index("Valley Herald") < page.index("Riverton Ledger") < page.index("undated")
    ledger_quote = connection.execute(
        "select quotes.id from quotes join articles on articles.id = article_id"
        " where articles.source = 'ledger'").fetchone()[0]
    quote_page = get(f"/first/quotes/{ledger_quote}").text
    assert re.search(r'first: <a href="[^"]+">Valley Herald</a> \(<a href="[^"]+">its quote</a>\), '
                     + shown, quote_page)


def test_an_older_database_gets_utc_instants_and_first_appearances_again(tmp_path):
    """A v0.1 database with times as sources wrote them: the migration converts and re-ranks."""
    import shutil
    import sqlite3
    from pathlib import Path

    from quotes import store

    db_path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "data" / "v0.1-seeds.db", db_path)
    written = {1: "Mar 5, 2019", 2: "2019-03-01T08:00:00+05:00", 3: "2019-03-01T05:00:00Z"}
    with sqlite3.connect(db_path) as connection:
        connection.executemany("update articles set published = ? where id = ?",
                               [(raw, article_id) for article_id, raw in written.items()])
    store.open_db(db_path).conn.close()
    connection = sqlite3.connect(db_path)
    stored = {row[0]: row[1:] for row in connection.execute(
        "select id, published, published_raw from articles where id in (1, 2, 3)")}
    assert stored == {1: ("2019-03-05T00:00:00Z", "Mar 5, 2019"),
                      2: ("2019-03-01T03:00:00Z", "2019-03-01T08:00:00+05:00"),
                      3: ("2019-03-01T05:00:00Z", "2019-03-01T05:00:00Z")}
    clusters = connection.execute("select id, first_article_id from clusters").fetchall()
    assert clusters
    for cluster_id, first in clusters:
        view_first = connection.execute(
            "select article_id from cluster_appearances where cluster_id = ? limit 1", [cluster_id]
        ).fetchone()[0]
        assert first == view_first
    carried_by_2 = {row[0] for row in connection.execute(
        "select distinct cluster_id from quotes where article_id = 2 and cluster_id is not null")}
    assert carried_by_2 and all(first == 2 for cluster_id, first in clusters if cluster_id in carried_by_2)
