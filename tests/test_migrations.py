"""Named migrations: a database written by v0.1 upgrades in place with nothing lost.

``tests/data/v0.1-seeds.db`` was made from the five seed articles by v0.1
(main at e6bebf5, before migrations were recorded).
"""
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from quotes import store
from quotes.cli import cli

OLD = Path(__file__).parent / "data" / "v0.1-seeds.db"


def table_rows(path, table, columns="*"):
    with sqlite3.connect(path) as conn:
        return conn.execute(f"select {columns} from {table} order by 1").fetchall()


def column_names(path, table):
    with sqlite3.connect(path) as conn:
        return ", ".join(f'"{row[1]}"' for row in conn.execute(f"pragma table_info({table})"))


def test_v0_1_database_upgrades_in_place_with_nothing_lost(tmp_path):
    db_path = tmp_path / "old.db"
    shutil.copy(OLD, db_path)
    tables = ("articles", "quotes", "speakers", "clusters", "speaker_aliases", "outlets")
    columns = {t: column_names(db_path, t) for t in tables}  # later migrations may add columns
    before = {t: table_rows(db_path, t) for t in tables}
    exported_before = CliRunner().invoke(cli, ["export", "--db", str(db_path)]).output
    db = store.open_db(db_path)
    assert store.applied_migrations(db) == [step.__name__ for step in store.MIGRATIONS]
    db.conn.close()
    for table, rows in before.items():
        assert table_rows(db_path, table, columns[table]) == rows, table
    assert CliRunner().invoke(cli, ["export", "--db", str(db_path)]).output == exported_before
    # ... and it keeps working: a re-run skips what it has, the views answer.
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select count(*) from quote_list").fetchone()[0] == len(before["quotes"])


def test_migrations_run_once_and_a_new_database_records_them(tmp_path):
    db = store.open_db(tmp_path / "new.db")
    names = store.applied_migrations(db)
    assert names and names == [step.__name__ for step in store.MIGRATIONS]
    assert store.migrate(db) == []  # nothing left to apply
    assert store.applied_migrations(db) == names


def test_a_new_migration_is_applied_to_an_existing_database(tmp_path, monkeypatch):
    db = store.open_db(tmp_path / "grow.db")

    def m999_add_a_column(database):
        database["articles"].add_column("section", str)

    monkeypatch.setattr(store.migrations, "MIGRATIONS", [*store.MIGRATIONS, m999_add_a_column])
    assert store.migrate(db) == ["m999_add_a_column"]
    assert "section" in db["articles"].columns_dict
    assert store.migrate(db) == []
