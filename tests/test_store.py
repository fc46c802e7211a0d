"""The store: idempotent re-runs, and an interrupted run that loses nothing committed."""
import sqlite3

from click.testing import CliRunner

from quotes import store
from quotes.cli import cli
from quotes.model import Article


def test_same_article_twice_is_a_no_op(tmp_path):
    from quotes.engines import get_engine
    from quotes.run.pipeline import process_article

    db = store.open_db(tmp_path / "q.db")
    article = Article("a.txt", '"It rained," said Tom Hale.')
    assert process_article(db, get_engine("rules"), article).status == "stored"
    assert process_article(db, get_engine("rules"), article).status == "skipped"
    assert store.counts(db)["articles"] == 1
    assert store.counts(db)["quotes"] == 1


def test_interrupted_run_keeps_finished_articles_and_resumes(tmp_path, seeds, monkeypatch):
    db_path = tmp_path / "q.db"
    real_insert = store.insert_quotes
    calls = []

    def interrupt_on_third(db, article_id, quotes):
        calls.append(article_id)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real_insert(db, article_id, quotes)

    monkeypatch.setattr(store, "insert_quotes", interrupt_on_third)
    # Batches of two: the first two articles are committed, the third's batch is lost.
    interrupted = CliRunner().invoke(cli, ["extract", str(seeds), "--db", str(db_path), "--batch", "2"])
    assert interrupted.exit_code == 130 and "Interrupted: what was stored is kept" in interrupted.output
    conn = sqlite3.connect(db_path)
    assert conn.execute("select count(*) from articles").fetchone()[0] == 2
    # Nothing from the interrupted article leaked: every quote, alias and role belongs to a stored article.
    for table in ("quotes", "speaker_aliases", "speaker_roles"):
        orphans = conn.execute(
            f"select count(*) from {table} where article_id not in (select id from articles)").fetchone()[0]
        assert orphans == 0, table
    orphan_speakers = conn.execute(
        "select count(*) from speakers where id not in (select speaker_id from quotes where speaker_id is not null)"
    ).fetchone()[0]
    assert orphan_speakers == 0
    conn.close()

    monkeypatch.setattr(store, "insert_quotes", real_insert)
    result = CliRunner().invoke(cli, ["extract", str(seeds), "--db", str(db_path)])
    assert result.exit_code == 0
    assert "3 stored, 2 skipped" in result.output
    assert store.counts(store.open_db(db_path))["articles"] == 5


def test_schema_has_full_text_search_and_foreign_keys(tmp_path):
    db = store.open_db(tmp_path / "q.db")
    tables = set(db.table_names())
    assert {"quotes_fts", "speakers_fts", "speaker_aliases_fts"} <= tables
    fks = {(fk.column, fk.other_table) for fk in db["quotes"].foreign_keys}
    assert {("article_id", "articles"), ("speaker_id", "speakers"), ("cluster_id", "clusters")} <= fks


def fts_intact(db, table):
    """FTS5's own check of an index against its table: raises if they disagree."""
    db.execute(f"insert into {table}_fts ({table}_fts) values ('integrity-check')")
    return True


def test_full_text_search_finds_what_each_transaction_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text('"The harbour reopens on Monday," said Yusuf Haddad.', encoding="utf-8")
    (folder / "b.txt").write_text('"The harbour stays closed," said Ana Diaz.', encoding="utf-8")
    db_path = tmp_path / "q.db"
    assert CliRunner().invoke(cli, ["extract", str(folder), "--db", str(db_path)]).exit_code == 0
    db = store.open_db(db_path)
    found = db.execute("select quotes.text from quotes_fts join quotes on quotes.id = quotes_fts.rowid"
                       " where quotes_fts match 'harbour' order by quotes.id").fetchall()
    assert found == [("The harbour reopens on Monday",), ("The harbour stays closed",)]
    # A row inserted and changed in one transaction is indexed as it is at the commit.
    with store.writing(db):
        earlier_id = store.add_speaker(db, {"name": "Lea Moreau", "kind": "person"})
        speaker_id = store.add_speaker(db, {"name": "Jon Smyth", "kind": "person"})
        db.execute("update speakers set name = 'Jon Smith' where id = ?", [speaker_id])
    assert db.execute("select rowid from speakers_fts where speakers_fts match 'smith'").fetchall() == \
        [(speaker_id,)]
    assert db.execute("select rowid from speakers_fts where speakers_fts match 'moreau'").fetchall() == \
        [(earlier_id,)]
    assert db.execute("select rowid from speakers_fts where speakers_fts match 'smyth'").fetchall() == []
    # ... and one changed or deleted in a later transaction is re-indexed or dropped.
    with store.writing(db):
        db.execute("update speakers set name = 'John Smith' where id = ?", [speaker_id])
    assert db.execute("select rowid from speakers_fts where speakers_fts match 'john'").fetchall() == \
        [(speaker_id,)]
    with store.writing(db):
        db.execute("delete from speakers where id = ?", [speaker_id])
    assert db.execute("select rowid from speakers_fts where speakers_fts match 'smith'").fetchall() == []
    assert all(fts_intact(db, table) for table in store.FTS_COLUMNS)


def test_speaker_row_is_the_whole_row_or_none(tmp_path):
    db = store.open_db(tmp_path / "q.db")
    with store.writing(db):
        speaker_id = store.add_speaker(db, {"name": "Lea Moreau", "kind": "person", "key": "lea moreau"})
    row = store.speaker_row(db, speaker_id)
    assert row == db["speakers"].get(speaker_id)
    assert (row["name"], row["quote_count"]) == ("Lea Moreau", 0)
    assert store.speaker_row(db, speaker_id + 1) is None


def test_the_store_keeps_its_sql_to_itself():
    """The commit stage decides and the store reads and writes: no SQL in the clusterer,
    and the words a quote is compared by come without the store."""
    import ast
    from pathlib import Path

    import quotes.commit.statements as clusterer
    import quotes.extract.wording as wording

    source = Path(clusterer.__file__).read_text(encoding="utf-8").lower()
    assert not any(word in source for word in ("select ", "insert ", "update ", "delete from"))
    tree = ast.parse(Path(wording.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
    assert not {name for name in imported if name.startswith(("quotes.store", "quotes.commit",
                                                               "sqlite_utils"))}
