"""The SQL of ``quotes watch``: the watched sources, their polls, and every URL seen.

A source is a feed, a sitemap or a home page (``watch_sources``); every listing
read for it and every article page it listed is a ``watch_urls`` row, with the
validators (ETag, Last-Modified) of its last answer, so the next request is
conditional, and the time it was first seen, so a page is checked again for
edits while it is recent. State lives in the database, so a stopped watch goes
on where it was, and ``quotes watch --status`` reads it from any process.
"""
from __future__ import annotations

import datetime as dt

import sqlite_utils

from quotes.store.writes import now


def add_sources(db: sqlite_utils.Database, urls: list[str], every_s: float | None) -> None:
    """Record each URL as a watched source (once), polled every ``every_s`` seconds."""
    for url in urls:
        db.execute("insert into watch_sources (url, every_s, added_at) values (?, ?, ?)"
                   " on conflict (url) do update set every_s = coalesce(excluded.every_s, every_s)",
                   [url, every_s, now()])


def sources(db: sqlite_utils.Database, urls: list[str] | None = None) -> list[dict]:
    """The watched sources (those of ``urls``, or all), oldest first."""
    rows = list(db.query("select * from watch_sources order by id"))
    return rows if urls is None else [row for row in rows if row["url"] in set(urls)]


def record_poll(db: sqlite_utils.Database, source_id: int, every_s: float | None, new: int,
                revised: int, quotes: int, errors: list[str]) -> None:
    """One poll of a source: its figures, its first error, and when the next poll is due."""
    at = dt.datetime.now(dt.timezone.utc)
    due = (at + dt.timedelta(seconds=every_s)).isoformat(timespec="seconds") if every_s else None
    db.execute(
        "update watch_sources set last_poll_at = ?, next_poll_at = ?, polls = polls + 1,"
        " last_new = ?, last_revised = ?, last_quotes = ?, last_errors = ?, last_error = ?"
        " where id = ?",
        [at.isoformat(timespec="seconds"), due, new, revised, quotes, len(errors),
         errors[0] if errors else None, source_id])


def validators(db: sqlite_utils.Database) -> dict[str, tuple[str | None, str | None]]:
    """``{url: (etag, last_modified)}`` of every URL whose last answer gave one."""
    return {url: (etag, modified) for url, etag, modified in db.execute(
        "select url, etag, last_modified from watch_urls"
        " where etag is not null or last_modified is not null")}


def saw(db: sqlite_utils.Database, url: str, source_id: int, kind: str, etag: str | None,
        last_modified: str | None, changed: bool) -> None:
    """Record an answer for ``url`` (a ``listing`` or a ``page``): its validators, when checked."""
    at = now()
    db.execute(
        """insert into watch_urls (url, source_id, kind, etag, last_modified, first_seen,
                                   last_checked, last_changed)
           values (:url, :source, :kind, :etag, :modified, :at, :at, :at)
           on conflict (url) do update set
               etag = coalesce(:etag, etag), last_modified = coalesce(:modified, last_modified),
               last_checked = :at, last_changed = case when :changed then :at else last_changed end""",
        {"url": url, "source": source_id, "kind": kind, "etag": etag, "modified": last_modified,
         "at": at, "changed": changed})


def recent_pages(db: sqlite_utils.Database, source_id: int, seconds: float) -> list[str]:
    """The source's pages first seen within ``seconds``: checked again for edits at each poll."""
    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=seconds)).isoformat(timespec="seconds")
    return [url for (url,) in db.execute(
        "select url from watch_urls where source_id = ? and kind = 'page' and first_seen >= ?"
        " order by first_seen, url", [source_id, since])]
