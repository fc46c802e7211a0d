"""The write lock: every write transaction takes it up front, and waits its turn.

Several processes may write one database at once (two ``extract`` runs, a
``speakers`` command, ``quotes serve`` reading): the database is in WAL mode
(readers never block the writer), every write transaction takes the write lock
before it reads (``BEGIN IMMEDIATE``, see :func:`writing`), and a writer that
finds the lock held waits (the busy timeout) and then retries with back-off.
"""
from __future__ import annotations

import contextlib
import random
import sqlite3
import time
from collections.abc import Callable, Iterator

import sqlite_utils

from quotes.store.counters import count_new_quotes
from quotes.store.fulltext import index_new_rows

# How long one attempt waits for another process's write lock, and how many attempts
# (with doubling back-off between them) a write makes before it gives up.
BUSY_TIMEOUT_S = 20.0
WRITE_ATTEMPTS = 6


def _locked(error: sqlite3.OperationalError) -> bool:
    message = str(error).lower()
    return "locked" in message or "busy" in message


def retrying(step: Callable[[], object]):
    """Run ``step``; while SQLite says the database is locked, wait longer and run it again."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return step()
        except sqlite3.OperationalError as error:
            if not _locked(error) or attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(min(0.05 * 2 ** attempt, 2.0) * (0.5 + random.random()))


@contextlib.contextmanager
def writing(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction that holds the write lock from its first statement.

    A plain ``BEGIN`` reads first and asks for the lock at its first write; two
    such writers that both read deadlock, and SQLite fails one of them at once
    instead of waiting. ``BEGIN IMMEDIATE`` takes the lock before reading, so a
    second writer waits (busy timeout, then retries with back-off). Inside an
    open transaction this is a savepoint, so a batching caller can wrap many
    ``writing`` blocks in one.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    retrying(lambda: db.conn.execute("BEGIN IMMEDIATE"))
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    try:
        if getattr(db, "indexes_at_commit", False):
            index_new_rows(db)
            count_new_quotes(db)
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.rollback()
        raise


def checkpoint(db: sqlite_utils.Database) -> None:
    """Copy everything in the write-ahead log into the database file itself.

    A copy of the file alone (``datasette publish``, an immutable ``-i`` open)
    does not read the log, so it must hold every committed article.
    """
    busy, _, _ = retrying(lambda: db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
    if busy:  # a reader still needs the log: copy what it can
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
