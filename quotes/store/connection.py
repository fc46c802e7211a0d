"""Opening a quotes database: where it lives, how it is set up, whether it may be replaced."""
from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import sqlite_utils

from quotes.store.locking import BUSY_TIMEOUT_S, retrying
from quotes.store.migrations import MIGRATIONS, MIGRATIONS_TABLE, migrate

DEFAULT_DB = Path("db") / "quotes.db"
DEMO_DB = Path("db") / "demo.db"  # `quotes demo` keeps its invented articles apart


# What a database's fault raises: SQLite's errors (sqlite3.DatabaseError and its kinds).
DATABASE_ERRORS = (sqlite3.DatabaseError,)


class DatabaseUnusable(Exception):
    """A file :func:`open_db` will not write to; the message says why in one line."""


def check_db(path: str | Path) -> None:
    """Raise :class:`DatabaseUnusable` unless ``path`` is absent, empty, or a quotes database
    this version may write; it is read, never changed.

    Run before anything is written, so a refused file stays as it was: a file
    that is not SQLite, someone else's SQLite database (which would otherwise be
    given the whole schema and WAL mode), and a database from a newer quotes
    (whose schema steps this version does not know, so cannot keep up).
    """
    path = Path(path)
    if path.is_dir():
        raise DatabaseUnusable(f"{path} is a folder, not a database file")
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        # Not mode=ro: a read-only connection to a WAL database leaves its -wal and -shm
        # files behind, where this one, only reading, removes them again as it closes.
        with contextlib.closing(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)) as conn:
            tables = {name for (name,) in conn.execute(
                "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")}
            applied = [name for (name,) in conn.execute(f'select name from "{MIGRATIONS_TABLE}"')] \
                if MIGRATIONS_TABLE in tables else []
    except sqlite3.DatabaseError as error:
        raise DatabaseUnusable(describe(error, path)) from None
    if tables and MIGRATIONS_TABLE not in tables and "articles" not in tables:
        shown = ", ".join(sorted(tables)[:3]) + (", ..." if len(tables) > 3 else "")
        raise DatabaseUnusable(f"{path} is not a quotes database (it holds tables of its own: "
                               f"{shown}); name a new file with --db")
    known = {step.__name__ for step in MIGRATIONS}
    newer = [name for name in applied if name not in known]
    if newer:
        raise DatabaseUnusable(f"{path} was written by a newer quotes (schema {newer[-1]}; this "
                               f"quotes knows up to {MIGRATIONS[-1].__name__}); upgrade quotes")


# SQLite's own words for what is wrong with the file or the disk, not with one article:
# such an error stops a run (every later article would fail the same way).
_DISK_FULL = "database or disk is full"
_UNWRITABLE = ("readonly database",)
_CANNOT_OPEN = "unable to open database file"
_BROKEN = ("file is not a database", "database disk image is malformed", "disk i/o error")


def is_database_fault(error: BaseException) -> bool:
    """Whether ``error`` is the database's or the disk's fault (full, read-only, broken)."""
    message = str(error).lower()
    return isinstance(error, sqlite3.DatabaseError) and (
        _DISK_FULL in message or _CANNOT_OPEN in message
        or any(words in message for words in _UNWRITABLE + _BROKEN))


def describe(error: BaseException, path: str | Path | None = None) -> str:
    """One line for a user about a database error: what is wrong, with which file."""
    if isinstance(error, DatabaseUnusable):
        return str(error)
    where = str(path) if path else "the database"
    message = str(error).lower()
    if _DISK_FULL in message:
        return (f"the disk is full: {where} cannot grow; what was stored before is kept "
                "(free some space and run it again)")
    if any(words in message for words in _UNWRITABLE):
        return f"{where} is read-only (or its folder is): quotes cannot write to it"
    if _CANNOT_OPEN in message:
        return f"{where} cannot be opened (is its folder read-only, or missing?)"
    if "file is not a database" in message:
        return f"{where} is not a SQLite database"
    if "malformed" in message:
        return f"{where} is damaged (SQLite: {error})"
    return f"{where}: SQLite says: {error}"


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a quotes database in WAL mode, its schema brought up to date.

    A file that is not one (:func:`check_db`) raises :class:`DatabaseUnusable`, unchanged.
    """
    path = Path(path)
    check_db(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S))
    db.conn.execute("PRAGMA foreign_keys = ON")
    retrying(lambda: db.conn.execute("PRAGMA journal_mode = WAL"))
    # NORMAL syncs at checkpoints, not at every commit: durable against a crash of the
    # process, which is what a resumable run needs; a commit no longer waits for the disk.
    db.conn.execute("PRAGMA synchronous = NORMAL")
    db.conn.execute("PRAGMA cache_size = -262144")  # 256 MB: the indexes are written at random
    migrate(db)
    db.indexes_at_commit = True  # see quotes.store.fulltext
    return db


def holds_only(path: str | Path, content_hashes: set[str]) -> bool:
    """Whether the file at ``path`` is absent, empty, or a quotes database holding no article
    but these (by content hash); it is read, never changed."""
    path = Path(path)
    if not path.exists():
        return True
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            tables = {row[0] for row in conn.execute("select name from sqlite_master")}
            if "articles" not in tables:
                return not tables
            stored = {row[0] for row in conn.execute("select content_hash from articles")}
    except sqlite3.DatabaseError:
        return False  # not a database at all
    return stored <= content_hashes
