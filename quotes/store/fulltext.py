"""Full-text search: new rows are indexed once a transaction, just before it commits.

An insert trigger indexed each row as it came, and FTS5 writes its pending
terms out as a new segment at every savepoint: the commit stage, which wraps
each article of a batch in one, wrote a segment per article, a fifth of its
time. The update and delete triggers (made by the migrations) still keep rows
indexed already in step.
"""
from __future__ import annotations

import sqlite_utils

# The full-text columns of each table that sqlite-utils' enable_fts indexes.
FTS_COLUMNS = {"speakers": ("name",), "speaker_aliases": ("alias",),
               "quotes": ("text", "speaker_mention")}


def _columns(columns: tuple[str, ...]) -> str:
    """``"text", "speaker_mention"``."""
    return ", ".join(f'"{column}"' for column in columns)


def index_new_rows(db: sqlite_utils.Database) -> None:
    """Add the rows inserted since the last call to the full-text indexes, in one statement each.

    Rows get ever larger ids and are indexed in id order, so the rows past the
    index's largest id are exactly the new ones. :func:`quotes.store.writing`
    calls this before each commit.
    """
    for table, columns in FTS_COLUMNS.items():
        names = _columns(columns)
        indexed_up_to = f'(select coalesce(max(id), 0) from "{table}_fts_docsize")'
        db.execute(f'insert into "{table}_fts" (rowid, {names}) select rowid, {names} from "{table}"'
                   f" where rowid > {indexed_up_to}")
