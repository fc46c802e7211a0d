"""A new database loaded whole from tables worked out elsewhere (the Spark tables).

Why: the commit stage stores one article at a time, with look-ups, at about 20 ms
an article; when a cluster has already numbered every row
(:mod:`quotes.run.spark_tables`), storing them is plain bulk inserts, many
thousands of articles a second. The rows go in one transaction, so a load that
fails leaves the database as it was (empty); the full-text indexes, the
spellings' counts (the ``speaker_aliases`` trigger) and each quote's statement
(pieces of one quote) are filled as the commit stage fills them.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from quotes.store.locking import writing
from quotes.store.statements import fill_all_statements


class NotEmpty(Exception):
    """The database already holds articles; a bulk load builds a new one."""


def check_empty(db: sqlite_utils.Database) -> None:
    held = db.execute("select count(*) from articles").fetchone()[0]
    if held:
        raise NotEmpty(f"holds {held} articles already; a bulk load builds a new database")


def load(db: sqlite_utils.Database, tables: Iterable[tuple[str, tuple[str, ...], Iterable[list[tuple]]]]) -> None:
    """Insert each ``(table, columns, batches of rows)`` in one transaction, then fill
    what the commit stage fills beside the rows."""
    check_empty(db)
    with writing(db):
        for table, columns, batches in tables:
            names = ", ".join(f'"{column}"' for column in columns)
            sql = f'insert into "{table}" ({names}) values ({", ".join("?" * len(columns))})'
            for rows in batches:
                db.conn.executemany(sql, rows)
        fill_all_statements(db)  # the full-text indexes are filled as the transaction commits
