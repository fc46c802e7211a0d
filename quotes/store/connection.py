"""Opening a quotes database: where it lives, how it is set up, whether it may be replaced."""
from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import sqlite_utils

from quotes.store.locking import BUSY_TIMEOUT_S, retrying
from quotes.store.migrations import migrate

DEFAULT_DB = Path("db") / "quotes.db"
DEMO_DB = Path("db") / "demo.db"  # `quotes demo` keeps its invented articles apart


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a quotes database in WAL mode, its schema brought up to date."""
    path = Path(path)
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
