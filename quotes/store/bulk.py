"""A new database loaded whole from tables worked out elsewhere (the Spark tables).

Why: the commit stage stores one article at a time, with look-ups, at about 20 ms
an article; when a cluster has already numbered every row
(:mod:`quotes.run.spark_tables`), storing them is plain bulk inserts. Three things
make those fast, as SQLite's own advice for bulk loading has it:

- the load goes into a new file beside the database, with no rollback journal and
  no syncing, and the finished file is moved into place: a load that fails leaves
  no database (nor a half-written one), and nothing had to be journalled;
- the secondary indexes are dropped first and made again at the end (one sort
  each, rather than a random B-tree insert per row), with the SQL they had, so the
  schema comes out exactly as the migrations made it;
- the rows come in primary-key order (the Spark tables are written so), and the
  foreign keys are not looked up at each row: the tables were numbered to fit
  (``tests/test_spark.py`` checks them with ``pragma foreign_key_check``).

The full-text indexes, the spellings' counts (the ``speaker_aliases`` trigger) and
each quote's statement (the pieces of one quote) are filled as the commit stage
fills them.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from quotes.store.connection import open_db
from quotes.store.fulltext import index_new_rows
from quotes.store.statements import fill_all_statements


class NotEmpty(Exception):
    """The database already holds articles; a bulk load builds a new one."""


def check_empty(db: sqlite_utils.Database) -> None:
    held = db.execute("select count(*) from articles").fetchone()[0]
    if held:
        raise NotEmpty(f"holds {held} articles already; a bulk load builds a new database")


def load(db_path: str | Path, tables: Iterable[tuple[str, tuple[str, ...], Iterable[list[tuple]]]]) -> None:
    """Build the database ``db_path`` (new, or holding no article) from each
    ``(table, columns, batches of rows)``, rows in primary-key order."""
    db_path = Path(db_path)
    if db_path.exists():
        held = open_db(db_path)
        try:
            check_empty(held)
        finally:
            held.conn.close()
    loading = db_path.with_name(db_path.name + ".loading")
    _remove(loading)
    db = open_db(loading)  # the schema, by the migrations
    try:
        _fill(db, list(tables))
        db.conn.execute("pragma journal_mode = wal")
        db.conn.close()
        for suffix in ("-wal", "-shm"):
            _remove(Path(str(db_path) + suffix))
        os.replace(loading, db_path)
    except BaseException:
        db.conn.close()
        _remove(loading)
        raise


def _fill(db: sqlite_utils.Database, tables: list) -> None:
    conn = db.conn
    conn.execute("pragma journal_mode = off")
    conn.execute("pragma synchronous = off")
    conn.execute("pragma foreign_keys = off")  # the tables were made to fit (the tests check)
    names = [table for table, _, _ in tables]
    indexes = conn.execute(
        f"select name, sql from sqlite_master where type = 'index' and sql is not null "
        f"and tbl_name in ({', '.join('?' * len(names))})", names).fetchall()
    conn.execute("begin")
    for name, _ in indexes:
        conn.execute(f'drop index "{name}"')
    for table, columns, batches in tables:
        listed = ", ".join(f'"{column}"' for column in columns)
        sql = f'insert into "{table}" ({listed}) values ({", ".join("?" * len(columns))})'
        for rows in batches:
            conn.executemany(sql, rows)
    for _, sql in indexes:
        conn.execute(sql)
    fill_all_statements(db)
    index_new_rows(db)
    conn.execute("commit")


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
