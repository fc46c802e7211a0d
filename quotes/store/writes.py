"""Writing rows: plain INSERTs on the open connection, for the commit stage's hot path.

Every function here runs inside the caller's transaction (:func:`quotes.store.writing`);
none commits.
"""
from __future__ import annotations

import datetime

import sqlite_utils

from quotes.extract import names
from quotes.model import Article, Attribution
from quotes.store import counters, statements


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def add_row(db: sqlite_utils.Database, table: str, row: dict) -> int:
    """Insert one row into a table the migrations made; its id.

    A plain INSERT on the open connection rather than ``db[table].insert``: on the
    commit stage's path (thousands of rows a second) sqlite-utils' per-call schema
    look-up, savepoint and ``last_pk`` query cost more than the insert itself.
    """
    return db.conn.execute(_insert_sql(table, row), list(row.values())).lastrowid


def add_rows(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Insert rows that all have the same keys, as :func:`add_row` does one."""
    if rows:
        db.conn.executemany(_insert_sql(table, rows[0]), [list(row.values()) for row in rows])


def _insert_sql(table: str, row: dict) -> str:
    columns = ", ".join(f'"{column}"' for column in row)
    return f'insert into "{table}" ({columns}) values ({", ".join("?" * len(row))})'


def file_names(db: sqlite_utils.Database, written: list[str]) -> None:
    """File names and aliases in ``speaker_lookup`` under their keys (once each)."""
    db.conn.executemany("insert or ignore into speaker_lookup (key, written) values (?, ?)",
                        [(key, name) for name in written if name for key in names.lookup_keys(name)])


def add_speaker(db: sqlite_utils.Database, row: dict) -> int:
    """A new ``speakers`` row, its name filed for the fuzzy look-up; its id."""
    file_names(db, [row["name"]])
    return add_row(db, "speakers", row)


def add_alias(db: sqlite_utils.Database, row: dict) -> None:
    """A new ``speaker_aliases`` row, its spelling filed for the fuzzy look-up."""
    file_names(db, [row["alias"]])
    add_row(db, "speaker_aliases", row)


def outlet_id(db: sqlite_utils.Database, name: str | None) -> int | None:
    """The id of the outlet called ``name``, made if it is new; ``None`` for no name.

    A name that ``quotes outlets rename/merge`` sent elsewhere (``outlet_overrides``)
    goes where it was sent, so later articles follow the correction.
    """
    if not name:
        return None
    row = db.execute("select outlet_id from outlet_overrides join outlets"
                     " on outlets.id = outlet_overrides.outlet_id where outlet_overrides.name = ?",
                     [name]).fetchone() \
        or db.execute("select id from outlets where name = ?", [name]).fetchone()
    if row:
        return row[0]
    return add_row(db, "outlets", {"name": name})


def role_group(db: sqlite_utils.Database, role: str | None) -> str | None:
    """The name of the group a role as written belongs to, filed in ``role_groups`` if new:
    spellings with one :func:`quotes.extract.names.role_key` (``U.S. President``, ``US
    President``) are one group, named by the first of them stored."""
    if not role:
        return None
    found = db.execute("select name from role_groups where role = ?", [role]).fetchone()
    if found:
        return found[0]
    key = names.role_key(role)
    if not key:
        return None
    first = db.execute("select name from role_groups where key = ? limit 1", [key]).fetchone()
    name = first[0] if first else role
    db.execute("insert into role_groups (role, key, name) values (?, ?, ?)", [role, key, name])
    return name


def insert_article(db: sqlite_utils.Database, article: Article, engine: str) -> int:
    """Insert the article row and return its id; the caller holds the transaction."""
    return add_row(db, "articles", {
        "source": article.source,
        "outlet_id": outlet_id(db, article.outlet),
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "published_raw": article.published_raw,
        "text": article.text,
        "content_hash": article.content_hash,
        "engine": engine,
        "ingested_at": now(),
    })


def _quote_row(article_id: int, quote: Attribution) -> dict:
    speaker = quote.speaker
    return {
        "article_id": article_id,
        "kind": quote.kind,
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "cue": quote.cue,
        "cue_start": quote.cue_start,
        "cue_end": quote.cue_end,
        "speaker_id": quote.speaker_id,
        "speaker_mention": speaker.mention if speaker else None,
        "speaker_start": speaker.start if speaker else None,
        "speaker_end": speaker.end if speaker else None,
        "role": speaker.role if speaker else None,
        "told_to": quote.told_to,
        "cluster_id": quote.cluster_id,
        "confidence": quote.confidence,
    }


def insert_quotes(db: sqlite_utils.Database, article_id: int, quotes: list[Attribution]) -> None:
    """Insert an article's quotes, each marked with its statement; speaker and cluster ids
    must already be set."""
    for role in sorted({q.speaker.role for q in quotes if q.speaker and q.speaker.role}):
        role_group(db, role)  # filed, for the pages and views that group roles
    rows = [_quote_row(article_id, quote) for quote in quotes]
    add_rows(db, "quotes", rows)
    if rows:
        statements.fill_statements(db, article_id)
        counters.count_outlet_quotes(db, article_id, len(rows))
