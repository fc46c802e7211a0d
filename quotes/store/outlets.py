"""The SQL of outlets renamed and merged by hand (``quotes outlets rename/merge``).

A correction changes the rows now and records the name as pages wrote it in
``outlet_overrides``, which :func:`quotes.store.writes.outlet_id` reads, so
articles stored later under the old name go to the outlet it was sent to.
"""
from __future__ import annotations

import sqlite_utils

from quotes.store import counters
from quotes.store.writes import now


def outlets(db: sqlite_utils.Database, limit: int = -1) -> list[dict]:
    """Outlets, most quoted first, with their articles."""
    return list(db.query(
        "select outlets.id, outlets.name, outlets.quote_count,"
        " (select count(*) from articles where articles.outlet_id = outlets.id) as articles"
        " from outlets order by quote_count desc, name limit ?", [limit]))


def outlet(db: sqlite_utils.Database, ref: str) -> list[dict]:
    """The outlets ``ref`` names: an id, else the exact name, else the name in any case."""
    if ref.isascii() and ref.isdigit() and len(ref) <= 18:
        found = list(db.query("select * from outlets where id = ?", [int(ref)]))
        if found:
            return found
    return list(db.query("select * from outlets where name = ?", [ref])) \
        or list(db.query("select * from outlets where name = ? collate nocase order by id", [ref]))


def send(db: sqlite_utils.Database, name: str, outlet_id: int, action: str) -> None:
    """Send later articles whose outlet is written ``name`` to ``outlet_id``."""
    db.execute("insert into outlet_overrides (name, outlet_id, action, created_at) values (?, ?, ?, ?)"
               " on conflict (name) do update set outlet_id = excluded.outlet_id,"
               " action = excluded.action, created_at = excluded.created_at",
               [name, outlet_id, action, now()])


def set_name(db: sqlite_utils.Database, outlet_id: int, name: str) -> None:
    db.execute("update outlets set name = ? where id = ?", [name, outlet_id])


def fold_into(db: sqlite_utils.Database, keep: int, other: int) -> None:
    """Move ``other``'s articles, statements and corrections to ``keep``, recount, and
    delete ``other``."""
    clusters = [c for (c,) in db.execute(
        "select cluster_id from cluster_outlets where outlet_id = ?", [other])]
    db.execute("delete from cluster_outlets where outlet_id = ?", [other])  # listed again below
    db.execute("update articles set outlet_id = ? where outlet_id = ?", [keep, other])
    db.execute("update outlet_overrides set outlet_id = ? where outlet_id = ?", [keep, other])
    db.execute("update outlets set quote_count = quote_count"
               " + (select quote_count from outlets where id = ?) where id = ?", [other, keep])
    db.execute("delete from outlets where id = ?", [other])
    counters.recount_clusters(db, clusters)
