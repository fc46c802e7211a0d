"""The bulk loader (``quotes/store/bulk.py``) on its own, no Spark: a database the commit
stage built, read back as the Spark tables would hold it and loaded whole, is that database
again: every row, every full-text search, SQLite's and FTS5's integrity checks."""
import re
import sqlite3
from pathlib import Path

import pytest

from quotes.run import spark_tables
from quotes.run.bulk import LoadFailure
from quotes.store import bulk

from conftest import demo_database

pa = pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install -e '.[spark]')")
pytest.importorskip("adbc_driver_sqlite", reason="adbc-driver-sqlite is not installed (pip install -e '.[spark]')")

FULLTEXT = ("quotes_fts", "speakers_fts", "speaker_aliases_fts")


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """``quotes demo``'s database: outlets, statements across outlets, spellings."""
    return demo_database(tmp_path_factory, "stored")


def tables_of(db: Path):
    """``read(table, columns)`` over the rows of ``db``, as Arrow tables typed as the Spark
    tables are (integers as int64, the rest strings), in the order of their primary key
    (their row ids where they have them: the loader numbers the rows that come without)."""
    def read(table, columns):
        with sqlite3.connect(db) as conn:
            plain = "without rowid" not in conn.execute(
                "select lower(sql) from sqlite_master where name = ?", [table]).fetchone()[0]
            order = "rowid" if plain else ", ".join(spark_tables.ORDER[table])
            listed = ", ".join(f'"{column}"' for column in columns)
            rows = conn.execute(f'select {listed} from "{table}" order by {order}').fetchall()
        schema = pa.schema([(c, pa.int64() if c in spark_tables.INTEGERS else pa.string()) for c in columns])
        return pa.Table.from_pylist([dict(zip(columns, row)) for row in rows], schema=schema)
    return read


LOADED = (*spark_tables.TABLES, "speaker_spellings")  # the rest the commit stage alone fills


def rows(db: Path, names=LOADED) -> dict[str, list]:
    """The rows of the tables ``names``: the columns the Spark tables carry (not, for
    one, ``quotes.confidence``: the commit stage's alone), all of the others'."""
    with sqlite3.connect(db) as conn:
        return {name: conn.execute(f'select {columns(name)} from "{name}"').fetchall() for name in names}


def columns(table: str) -> str:
    """The columns of ``table`` the Spark tables carry, or all."""
    return ", ".join(f'"{column}"' for column in spark_tables.TABLES[table]) \
        if table in spark_tables.TABLES else "*"


def others(db: Path) -> list[str]:
    """The tables beside those loaded, but the full-text indexes' storage (compared by
    searching) and the migrations' record."""
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like '%_fts%' "
            "and name != '_quotes_migrations' order by name") if row[0] not in LOADED]


def searches(db: Path, words: list[str]) -> dict:
    """The hits of each word in each full-text index, with their ranks."""
    with sqlite3.connect(db) as conn:
        return {(index, word): conn.execute(
            f"select rowid, bm25({index}) from {index} where {index} match ? order by rowid", [word]).fetchall()
            for index in FULLTEXT for word in words}


def test_a_stored_database_loaded_in_bulk_is_the_same_database(tmp_path, stored):
    loaded = tmp_path / "loaded.db"
    bulk.load(loaded, spark_tables.TABLES, tables_of(stored))
    assert [path.name for path in tmp_path.iterdir()] == ["loaded.db"]  # nothing left beside it
    assert rows(loaded) == rows(stored)
    assert all(rows(loaded).values())  # no table left out of the comparison by being empty
    assert rows(loaded, ["role_groups"]) == rows(stored, ["role_groups"])  # filed as the commit stage files them
    assert rows(loaded, ["role_groups"])["role_groups"]
    # quote_list's facets, counted as a commit counts them (a 0 once counted is kept)
    facets = [sorted(row for row in rows(db, ["quote_facets"])["quote_facets"] if row[-1])
              for db in (loaded, stored)]
    assert facets[0] == facets[1] and facets[0]
    assert rows(loaded, ["quote_facets_counted"])["quote_facets_counted"][0][0] > 0
    # each statement's quote count and first date (migration m016), as the commit stage keeps them
    spread = [sqlite3.connect(db).execute("select id, quote_count, first_published from clusters"
                                          " order by id").fetchall() for db in (loaded, stored)]
    assert spread[0] == spread[1] and any(count > 1 for _, count, _ in spread[0])
    # the schema's other tables, empty
    filled = ["quote_facets", "quote_facets_counted", "role_groups"]
    assert not any(rows(loaded, [name for name in others(loaded) if name not in filled]).values())
    with sqlite3.connect(stored) as conn:
        text = " ".join(row[0] for row in conn.execute(
            "select text || ' ' || coalesce(speaker_mention, '') from quotes union all "
            "select name from speakers union all select alias from speaker_aliases where alias is not null"))
    words = sorted({word.lower() for word in re.findall(r"\w{2,}", text)})
    assert len(words) > 200
    hits = searches(stored, words)
    assert sum(bool(found) for found in hits.values()) > 200
    assert searches(loaded, words) == hits
    with sqlite3.connect(loaded) as conn:
        assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        for index in FULLTEXT:
            conn.execute(f"insert into {index} ({index}) values ('integrity-check')")
            # the load's settings (its larger pending-terms buffer) were not kept
            assert conn.execute(f"select * from {index}_config").fetchall() == [("version", 4)]
        assert conn.execute("pragma journal_mode").fetchone() == ("wal",)
        assert conn.execute("pragma page_size").fetchone() == (bulk.PAGE_BYTES,)


def test_a_loads_facet_counts_are_the_commit_stages_with_no_outlet_and_no_speaker(tmp_path, stored):
    """The load counts quote_list's facets from the Arrow columns, not with the commit
    stage's SQL: with articles that have no outlet ("unknown outlet" in quote_list) and
    quotes that have no speaker, its counts are still what that SQL counts over the same rows."""
    import pyarrow.compute as pc

    from quotes.store.connection import open_db
    from quotes.store.counters import recount_quote_facets

    read = tables_of(stored)

    def blanked(table, columns):  # every other article without an outlet, every third quote without a speaker
        column, every = {"articles": ("outlet_id", 2), "quotes": ("speaker_id", 3)}.get(table, (None, 0))
        if column not in columns:
            return read(table, columns)
        rows = read(table, tuple(dict.fromkeys(("id", *columns))))
        kept = pc.not_equal(pc.subtract(rows["id"], pc.multiply(pc.divide(rows["id"], every), every)), 0)
        blank = pc.if_else(kept, rows[column], pa.scalar(None, pa.int64()))
        return rows.set_column(rows.schema.get_field_index(column), column, blank).select(list(columns))

    loaded = tmp_path / "loaded.db"
    bulk.load(loaded, spark_tables.TABLES, blanked)
    with sqlite3.connect(loaded) as conn:
        assert conn.execute("select count(*) from articles where outlet_id is null").fetchone()[0] >= 3
        assert conn.execute("select count(*) from quotes where speaker_id is null").fetchone()[0] >= 10
    counted = rows(loaded, ["quote_facets"])["quote_facets"]
    db = open_db(loaded)
    with db.conn:
        recount_quote_facets(db)
    db.conn.close()
    assert sorted(counted) == sorted(rows(loaded, ["quote_facets"])["quote_facets"])
    assert ("outlet", "unknown outlet", "", "", ) in {row[:4] for row in counted}
    total = {row[:4]: row[4] for row in counted}
    assert total[("", "", "", "")] == 39  # the demo's quotes, each counted once
    assert sum(n for (f, _, facet, _), n in total.items() if f == "" and facet == "speaker") < 39


def test_a_load_whose_full_text_fails_leaves_no_database(tmp_path, stored, monkeypatch):
    def fails(*args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(bulk, "_fulltext", fails)
    with pytest.raises(sqlite3.OperationalError, match="disk is full"):
        bulk.load(tmp_path / "loaded.db", spark_tables.TABLES, tables_of(stored))
    assert list(tmp_path.iterdir()) == []  # nor the new file, nor the full-text one


def test_a_load_whose_rows_do_not_fit_leaves_no_database(tmp_path, stored):
    read = tables_of(stored)

    def twice(table, columns):  # every article twice: the content hashes' unique index refuses
        rows = read(table, columns)
        return pa.concat_tables([rows, rows]) if table == "articles" else rows

    with pytest.raises(Exception, match="UNIQUE") as refused:
        bulk.load(tmp_path / "loaded.db", spark_tables.TABLES, twice)
    assert list(tmp_path.iterdir()) == []
    # what `extract --spark-tables` says of it: one line
    said = str(LoadFailure.of(refused.value))
    assert "UNIQUE constraint failed: articles" in said and "\n" not in said, said


def test_datasette_searches_a_loaded_database_as_the_stored_one(tmp_path, stored):
    """The new file's larger pages and copied full-text index, served: Datasette's search
    box (``_search`` on the quotes table) finds the same quotes in both."""
    import asyncio

    from datasette.app import Datasette

    loaded = tmp_path / "loaded.db"
    bulk.load(loaded, spark_tables.TABLES, tables_of(stored))

    async def found(db: Path, word: str):
        response = await Datasette([str(db)]).client.get(
            f"/{db.stem}/quotes.json?_search={word}&_shape=array&_col=text&_size=max")
        assert response.status_code == 200, response.text
        return response.json()

    for word in ("harbour", "port", "quay", "ship"):
        hits = asyncio.run(found(stored, word))
        assert hits and asyncio.run(found(loaded, word)) == hits
