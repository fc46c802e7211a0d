"""Each statement's quote count and first date, kept (migration m016), and who_said_it_first on them.

who_said_it_first lists the 100 statements some words occur in that spread
furthest; it reads ``clusters.quote_count`` and ``clusters.first_published``
instead of counting and dating every statement the words occur in. The kept
figures must equal a recount from the quotes after every way quotes and
articles change, and the page must list what a count from the quotes lists:
the same statements, in the same order, each shown by its first appearance.
Speed is measured by ``benchmarks/serve_load.py``, not here.
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
from quotes.store.counters import recount_statement_spread
from quotes.web.serve import datasette_instance
from quotes.web.sql_functions import fts_query

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return demo_database(tmp_path_factory, "spread")


@pytest.fixture
def path(built, tmp_path):
    copy = tmp_path / built.name
    shutil.copy(built, copy)
    return copy


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output


def kept(path) -> dict:
    with sqlite3.connect(path) as conn:
        return {row[0]: row[1:] for row in conn.execute(
            "select id, quote_count, first_published from clusters")}


def recounted(path) -> dict:
    with sqlite3.connect(path) as conn:
        return {row[0]: row[1:] for row in conn.execute(
            "select clusters.id, (select count(*) from quotes where quotes.cluster_id = clusters.id),"
            " (select published from articles where articles.id = clusters.first_article_id)"
            " from clusters")}


def listed(path, text: str) -> list[tuple]:
    """who_said_it_first for ``text`` as the served page lists it (JSON)."""
    name = Path(path).stem
    response = asyncio.run(datasette_instance(path).client.get(
        f"/{name}/who_said_it_first.json", params={"text": text, "_shape": "array"}))
    assert response.status_code == 200, response.text
    return [shown(row) for row in response.json()]


def shown(row) -> tuple:
    """What is compared of a listed statement: its id, quotes, first article and quote, date."""
    return row["cluster_id"], row["appearances"], row["article_id"], row["quote_id"], row["published"]


def walked_alone(path, text: str) -> list[tuple]:
    """who_said_it_first's SQL with its listing of every statement the words occur in left out:
    what the walk through the statements alone lists (nothing where it found fewer than 100)."""
    from benchmarks.who_said_it_first_sql import query_of
    from quotes.web.sql_functions import prepare_connection

    sql = query_of((Path(__file__).parent.parent / "metadata.yml").read_text(encoding="utf-8"))
    fallback = "(select count(*) from walked) < 100"
    assert sql.count(fallback) == 1
    with sqlite3.connect(path) as conn:
        prepare_connection(conn)
        conn.row_factory = sqlite3.Row
        rows = conn.execute(sql.replace(fallback, "0"), {"text": text}).fetchall()
    return [shown(row) for row in rows]


def counted(path, text: str) -> list[tuple]:
    """What the page should list, counted from the quotes: every statement the words occur in,
    by most quotes, then first appearance (undated last, then the article stored first), then
    the statement stored first; each shown by its first appearance's earliest quote."""
    query = fts_query(text)
    if not query:
        return []
    with sqlite3.connect(path) as conn:
        found = {c for (c,) in conn.execute(
            "select quotes.cluster_id from quotes_fts join quotes on quotes.id = quotes_fts.rowid"
            " where quotes_fts match ? and quotes.cluster_id is not null", [query])}
        rows = []
        for cluster in found:
            quotes = conn.execute(
                "select quotes.id, quotes.article_id, articles.published, quotes.start from quotes"
                " join articles on articles.id = quotes.article_id where quotes.cluster_id = ?"
                " order by articles.published is null, articles.published, articles.id, quotes.id",
                [cluster]).fetchall()
            article, published = quotes[0][1], quotes[0][2]
            first = min((q for q in quotes if q[1] == article), key=lambda q: (q[3], q[0]))[0]
            rows.append((cluster, len(quotes), article, first, published or "undated"))
    rows.sort(key=lambda r: (-r[1], r[4] == "undated", r[4], r[2], r[0]))
    return rows[:100]


def words_of(path, count: int) -> list[str]:
    with sqlite3.connect(path) as conn:
        texts = [t for (t,) in conn.execute("select text from quotes order by id")]
    step = max(1, len(texts) // count)
    return [" ".join(t.split()[:1 + i % 3]) for i, t in enumerate(texts[::step][:count])]


def test_an_extracted_database_keeps_each_statements_count_and_first_date(path):
    figures = kept(path)
    assert figures == recounted(path)
    assert any(n > 1 for n, _ in figures.values()) and any(d for _, d in figures.values())


def test_the_kept_figures_follow_runs_revisions_and_merges(path, tmp_path):
    with sqlite3.connect(path) as conn:
        source, title, text = conn.execute(
            "select source, title, text from articles where outlet_id is not null limit 1").fetchone()
        speaker = conn.execute("select name from speakers where kind = 'person' limit 1").fetchone()[0]
        (keep, _), (other, _) = conn.execute(
            "select speaker_id, count(*) from quotes where speaker_id is not null"
            " group by speaker_id order by 2 desc limit 2").fetchall()
        (outlet,), (merged,), *_ = conn.execute("select name from outlets order by quote_count desc").fetchall()
    story = tmp_path / "more.txt"
    story.write_text(f'"We will open the harbour on Monday," {speaker} said on Friday.\n')
    run("extract", str(story), "--db", str(path))
    edited = tmp_path / "edited.jsonl"  # the same source again with other words: a revision
    edited.write_text(json.dumps({"source": source, "title": title, "text": text + (
        '\n\n"The inquiry will report in May," the harbour master said.\n')}) + "\n")
    run("extract", str(edited), "--db", str(path))
    run("speakers", "merge", str(keep), str(other), "--db", str(path))
    run("outlets", "merge", outlet, merged, "--db", str(path))
    assert kept(path) == recounted(path)


def test_the_kept_figures_follow_any_writer(path):
    with sqlite3.connect(path) as conn:  # by hand: a quote moved, one deleted, an article redated
        (big,), (small,) = conn.execute(
            "select id from clusters order by quote_count desc, id limit 2").fetchall()
        moved = conn.execute("select id from quotes where cluster_id = ? limit 1", [big]).fetchone()[0]
        conn.execute("update quotes set cluster_id = ? where id = ?", [small, moved])
        conn.execute("delete from quotes where id = (select max(id) from quotes where cluster_id = ?)", [small])
        conn.execute("update articles set published = '1999-01-01T00:00:00Z'"
                     " where id = (select first_article_id from clusters where id = ?)", [big])
        conn.execute("update clusters set first_article_id = (select min(article_id) from quotes"
                     " where cluster_id = ?) where id = ?", [small, small])
    assert kept(path) == recounted(path)
    assert kept(path)[big][1] == "1999-01-01T00:00:00Z"


def test_a_database_loaded_whole_is_counted_at_the_end(path):
    with sqlite3.connect(path) as conn:  # as a bulk load leaves clusters: the columns' defaults
        conn.execute("update clusters set quote_count = 0, first_published = null")
    db = store.open_db(path)
    with db.conn:
        recount_statement_spread(db)
    db.conn.close()
    assert kept(path) == recounted(path)


@pytest.mark.parametrize("old", ["v0.1-seeds.db", "bc7fcdb-seeds.db"])
def test_an_old_database_upgraded_gets_the_figures(tmp_path, old):
    path = tmp_path / "old.db"
    shutil.copy(DATA / old, path)
    store.open_db(path).conn.close()
    assert kept(path) == recounted(path)
    assert any(n for n, _ in kept(path).values())


def test_who_said_it_first_lists_what_a_count_from_the_quotes_lists(path):
    texts = words_of(path, 12) + ["the", "said", "zzzq", "", '"']
    assert sum(bool(counted(path, text)) for text in texts) >= 10
    for text in texts:
        assert listed(path, text) == counted(path, text), text


def test_words_in_many_quotes_walk_the_statements_and_list_the_same(tmp_path):
    from benchmarks.serve_latency import FIRST_APPEARANCES, synthesize

    path = tmp_path / "many.db"
    synthesize(path, 9000)  # 3,000 statements of three quotes, words from a small vocabulary
    with sqlite3.connect(path) as conn:  # one statement carried ten times, one five times
        conn.execute("update quotes set cluster_id = 7 where id between 301 and 307")
        conn.execute("update quotes set cluster_id = 9 where id between 401 and 402")
        conn.execute("update articles set published = null where id % 17 = 0")  # some undated
        conn.execute(FIRST_APPEARANCES)
        # "often" in every statement but each tenth: the page walks the statements when the
        # 200th hit comes within 2.5 x the square root of the number of quotes
        conn.execute("update quotes set text = 'often ' || text where cluster_id % 10 != 0")
        span = conn.execute("select rowid from quotes_fts where quotes_fts match 'often'"
                            " order by rowid limit 1 offset 199").fetchone()[0]
    assert span * span <= 6 * 9000
    assert kept(path) == recounted(path)
    for text in ["often", "often the", "often we will", "the", "peace deal", "zzzq"]:
        assert listed(path, text) == counted(path, text), text
    assert [row[:2] for row in listed(path, "often")[:2]] == [(7, 10), (9, 5)]
    assert walked_alone(path, "often") == counted(path, "often")  # found by the walk itself


def test_words_in_some_quotes_walk_the_statements_through_their_hits_and_list_the_same(tmp_path):
    """Words too thin for the look-up walk, within 20,000 quotes and in 1 quote in 25 or more of
    them (in 9,000 quotes: 2 in 3): the walk looks each statement's quotes up among the hits,
    listed once, and lists what a count lists."""
    from benchmarks.serve_latency import FIRST_APPEARANCES, synthesize

    path = tmp_path / "some.db"
    synthesize(path, 9000)
    with sqlite3.connect(path) as conn:
        conn.execute("update quotes set cluster_id = 7 where id between 301 and 307")
        conn.execute("update articles set published = null where id % 17 = 0")
        conn.execute(FIRST_APPEARANCES)
        conn.execute("update quotes set text = 'sometimes ' || text where cluster_id % 3 != 0")
        span = conn.execute("select rowid from quotes_fts where quotes_fts match 'sometimes'"
                            " order by rowid limit 1 offset 199").fetchone()[0]
    assert 6 * 9000 < span * span and span <= 20000 and span * 25 <= 9000  # the walk through the hits
    assert kept(path) == recounted(path)
    for text in ["sometimes", "sometimes the", "sometimes we will", "sometimes zzzq"]:
        assert listed(path, text) == counted(path, text), text
    assert len(listed(path, "sometimes")) == 100 and listed(path, "sometimes")[0][:2] == (7, 10)
    assert walked_alone(path, "sometimes") == counted(path, "sometimes")  # found by the walk itself
