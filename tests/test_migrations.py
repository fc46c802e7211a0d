"""Named migrations: an older database upgrades in place with nothing lost.

``tests/data/v0.1-seeds.db`` was made from the five seed articles by v0.1
(main at e6bebf5, before migrations were recorded); ``tests/data/bc7fcdb-seeds.db``
from the same articles by main at bc7fcdb (all ten migrations, before the store
became a package), with ``quotes extract ../shared/seeds --manifest
../shared/seeds/manifest.csv`` (the rules engine).
"""
import collections
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes import store
from quotes.cli import cli

DATA = Path(__file__).parent / "data"
OLD = DATA / "v0.1-seeds.db"
BC7 = DATA / "bc7fcdb-seeds.db"
TABLES = ("articles", "quotes", "speakers", "clusters", "speaker_aliases", "speaker_roles",
          "outlets", "cluster_links", "cluster_variants", "cluster_shingles", "cluster_outlets",
          "speaker_spellings", "speaker_lookup")


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


def schema(path):
    """Every table, index, trigger and view as SQLite keeps it, in the order they were made."""
    with sqlite3.connect(path) as conn:
        return conn.execute("select type, name, tbl_name, sql from sqlite_master").fetchall()


def shape(path):
    """Each table's and view's columns, and every index's and trigger's SQL."""
    with sqlite3.connect(path) as conn:
        objects = conn.execute("select type, name, sql from sqlite_master").fetchall()
        return {(kind, name): [row[1] for row in conn.execute(f"pragma table_info([{name}])")]
                if kind in ("table", "view") else sql for kind, name, sql in objects}


def only_added_to(before, after):
    """What ``before`` had that ``after`` lost or changed: a later migration may add objects,
    and columns at the end of a table or view, but take nothing away."""
    return [key for key, was in before.items()
            if key not in after or (after[key][:len(was)] != was if isinstance(was, list)
                                    else after[key] != was)]


def everything(path, columns_of=None):
    """Each table's rows but the times they were written, and what the views answer; only
    the columns ``columns_of`` lists for a table it names (those an older database had)."""
    with sqlite3.connect(path) as conn:
        tables = [name for (name,) in conn.execute(
            "select name from sqlite_master where type in ('table', 'view')"
            " and name not like 'sqlite_%' and name not like '%_fts_%' order by name")]
        found = {}
        for table in tables:
            columns = [row[1] for row in conn.execute(f"pragma table_info([{table}])")
                       if not row[1].endswith("_at")
                       and row[1] in (columns_of or {}).get(("table", table), [row[1]])]
            listed = ", ".join(f"[{column}]" for column in columns)
            found[table] = sorted(map(repr, conn.execute(f"select {listed} from [{table}]")))
        return found


def export(path):
    return CliRunner().invoke(cli, ["export", "--db", str(path)]).output


def test_a_database_written_at_bc7fcdb_opens_with_nothing_lost(tmp_path):
    db_path = tmp_path / "bc7.db"
    shutil.copy(BC7, db_path)
    before, rows, exported = shape(db_path), everything(db_path), export(db_path)
    counts = {table: len(rows[table]) for table in TABLES}
    db = store.open_db(db_path)
    assert store.applied_migrations(db) == [step.__name__ for step in store.MIGRATIONS]
    db.conn.close()
    assert only_added_to(before, shape(db_path)) == []  # later migrations may only add to it
    after = everything(db_path, before)
    assert {table: len(after[table]) for table in TABLES} == counts
    assert all(after[table] == rows[table] for table in TABLES)
    assert export(db_path) == exported


def test_a_database_written_at_bc7fcdb_has_the_schema_of_a_new_one(tmp_path):
    db_path = tmp_path / "bc7.db"
    shutil.copy(BC7, db_path)
    store.open_db(db_path).conn.close()
    store.open_db(tmp_path / "new.db").conn.close()
    assert schema(db_path) == schema(tmp_path / "new.db")


# What the commit stage decides differently on the seeds since bc7fcdb, on purpose (issue
# 28): a speaker is called the spelling most articles write, not the first one stored; and
# 004's "caliphate ... in 2014", whose speaker 004's referents resolve to the US-led
# coalition, is a statement of its own, linked to 000's and 002's by "the extremist group",
# as it is whichever article comes first.
RENAMED = {"Um Khaled": "Umm Khaled"}
OWN_STATEMENT = ("004_7f989379bfd92427.txt", 3007)
# What the rules engine finds differently since bc7fcdb, on purpose (issue 24): a verb of
# saying with only a noun phrase after it ("declared a caliphate", "screamed out for
# water") and "a long threatened attack" report nothing; a speaker's mention ends before its
# relative clause; a bare surname takes the full name given earlier. Everything else is as
# bc7fcdb stored it.
NOT_QUOTES_NOW = {("000_33ab1c6ddedbe5a9.txt", 687), ("000_33ab1c6ddedbe5a9.txt", 930),
                  ("000_33ab1c6ddedbe5a9.txt", 3961), ("002_d66406620a941cf8.txt", 554),
                  ("002_d66406620a941cf8.txt", 2744), ("003_2c838b6daa05d961.txt", 373),
                  ("004_7f989379bfd92427.txt", 3007),
                  # issue 24 item 3: 'declared the so-called "caliphate" in 2014, but …' and the
                  # relative clause of "according to the monitor, which relies on …"
                  ("002_d66406620a941cf8.txt", 311), ("000_33ab1c6ddedbe5a9.txt", 3574)}
# What it finds now that bc7fcdb did not: the clause before "according to the monitor, which …".
NEW_QUOTES_NOW = {("000_33ab1c6ddedbe5a9.txt", 3461)}
SPEAKER_NOW = {("001_589ebbf89fc57978.txt", 385): {"speaker": "a Ukrainian woman", "speaker_end": 458,
                                                   "speaker_mention": "a Ukrainian woman"},
               ("003_2c838b6daa05d961.txt", 2629): {"speaker": "Patrick Shanahan",
                                                    "role": "Acting Pentagon chief"}}
# Numbers given in the order rows were made: fewer quotes found make them differ.
NUMBERS = ("speaker_id", "statement_id", "first_article_id", "article_id")


def decided(path, renamed=None, own=None, now=False, moved=frozenset(), new=frozenset()):
    """The export keyed by (source, start) without row numbers, each quote's statement as
    the set of quotes in it, names ``renamed`` and the quote ``own`` made a statement of its
    own; ``now``: as the rules engine reads the seeds today (NOT_QUOTES_NOW, SPEAKER_NOW);
    ``moved``: quotes whose statement's first appearance is elsewhere now; ``new``: quotes
    left out as found only now."""
    rows = [json.loads(line) for line in export(path).splitlines()]
    rows = [row for row in rows if (row["source"], row["start"]) not in new]
    if now:
        rows = [row for row in rows if (row["source"], row["start"]) not in NOT_QUOTES_NOW]
    groups = collections.defaultdict(set)
    for row in rows:
        row["speaker"] = (renamed or {}).get(row["speaker"], row["speaker"])
        key, cluster_id = (row["source"], row["start"]), row.pop("cluster_id")
        if now:
            row.update(SPEAKER_NOW.get(key, {}))
        row.pop("confidence")  # a quote stored before m011 has none; a fresh one has its class's
        for field in NUMBERS:
            row.pop(field)
        groups[cluster_id if key != own else key].add(key)
    statement = {key: frozenset(group - NOT_QUOTES_NOW - new) for group in groups.values() for key in group}
    for row in rows:
        key = (row["source"], row["start"])
        if key == OWN_STATEMENT or key in moved:  # its statement's first appearance moved
            for field in ("first_outlet", "first_published", "first_url"):
                row.pop(field)
    return sorted((json.dumps(row, sort_keys=True), statement[row["source"], row["start"]])
                  for row in rows)


def statements(path) -> dict[int, set]:
    """Each statement's quotes, as (source, start)."""
    groups = collections.defaultdict(set)
    for line in export(path).splitlines():
        row = json.loads(line)
        groups[row["cluster_id"]].add((row["source"], row["start"]))
    return groups


def test_a_database_written_at_bc7fcdb_holds_what_a_fresh_extraction_does(tmp_path, seeds):
    db_path = tmp_path / "bc7.db"
    shutil.copy(BC7, db_path)
    fresh = tmp_path / "fresh.db"
    result = CliRunner().invoke(cli, ["extract", str(seeds), "--manifest", str(seeds / "manifest.csv"),
                                      "--db", str(fresh), "--engine", "rules"])
    assert result.exit_code == 0, result.output
    # A statement whose earlier appearance is no quote now starts at a later one.
    moved = {key for group in statements(db_path).values() if group & NOT_QUOTES_NOW for key in group} | {
        key for group in statements(fresh).values() if group & NEW_QUOTES_NOW for key in group}
    assert decided(db_path, RENAMED, OWN_STATEMENT, now=True, moved=moved) == \
        decided(fresh, moved=moved, new=NEW_QUOTES_NOW)
    old = everything(db_path)
    # ... and a re-run over it stores nothing twice.
    again = CliRunner().invoke(cli, ["extract", str(seeds), "--manifest", str(seeds / "manifest.csv"),
                                     "--db", str(db_path), "--engine", "rules"])
    assert again.exit_code == 0 and "0 stored, 5 skipped" in again.output
    assert everything(db_path) == old


@pytest.mark.parametrize("applied", range(len(store.MIGRATIONS)))
def test_a_database_stopped_after_any_step_upgrades_as_a_new_one_is_made(tmp_path, monkeypatch, applied):
    """The steps are literal: whenever a database stopped, the rest of them bring it to the
    schema a new database gets, and an old one to the same rows as upgrading it at once."""
    steps = list(store.MIGRATIONS)
    stopped, old = tmp_path / "stopped.db", tmp_path / "old.db"
    shutil.copy(OLD, old)
    monkeypatch.setattr(store.migrations, "MIGRATIONS", steps[:applied])
    for path in (stopped, old):
        store.open_db(path).conn.close()
    monkeypatch.setattr(store.migrations, "MIGRATIONS", steps)
    for path in (stopped, old):
        store.open_db(path).conn.close()
    store.open_db(tmp_path / "new.db").conn.close()
    assert schema(stopped) == schema(tmp_path / "new.db")
    at_once = tmp_path / "at-once.db"
    shutil.copy(OLD, at_once)
    store.open_db(at_once).conn.close()
    assert schema(old) == schema(at_once)
    assert everything(old) == everything(at_once)
