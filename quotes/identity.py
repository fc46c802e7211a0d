"""Speaker identity across articles: one person, one row.

Each resolved mention gets a normalisation key (case, diacritics and
transliteration folded by anyascii); mentions with the same key share a
``speakers`` row. Anonymous sources are never merged: each gets its own row.
"""
from __future__ import annotations

import re

import sqlite_utils
from anyascii import anyascii

from .model import ANONYMOUS, Quote

_NON_WORD = re.compile(r"[^a-z0-9]+")


def name_key(name: str) -> str:
    """A spelling-insensitive key: ``Mustéfa  BALI`` and ``mustefa bali`` agree."""
    return _NON_WORD.sub(" ", anyascii(name).lower()).strip()


def _speaker_for(db: sqlite_utils.Database, name: str, kind: str | None) -> int:
    key = name_key(name)
    row = db.execute("select id from speakers where key = ? limit 1", [key]).fetchone()
    if row:
        return row[0]
    return db["speakers"].insert({"name": name, "kind": kind, "key": key, "quote_count": 0}).last_pk


def assign_speakers(db: sqlite_utils.Database, article_id: int, quotes: list[Quote]) -> None:
    """Set ``speaker_id`` on each quote and record aliases and roles seen in this article."""
    anonymous: dict[str, int] = {}
    for quote in quotes:
        speaker = quote.speaker
        if speaker is None or not speaker.display_name:
            continue
        if speaker.kind == ANONYMOUS or not speaker.name:
            description = speaker.description or speaker.mention
            if description not in anonymous:
                anonymous[description] = db["speakers"].insert(
                    {"name": description, "kind": ANONYMOUS, "key": None, "quote_count": 0}
                ).last_pk
            quote.speaker_id = anonymous[description]
        else:
            quote.speaker_id = _speaker_for(db, speaker.name, speaker.kind)
        db["speaker_aliases"].insert(
            {"speaker_id": quote.speaker_id, "alias": speaker.mention,
             "key": name_key(speaker.mention), "article_id": article_id}
        )
        if speaker.role:
            db["speaker_roles"].insert(
                {"speaker_id": quote.speaker_id, "role": speaker.role, "article_id": article_id}
            )
        db.execute("update speakers set quote_count = quote_count + 1 where id = ?", [quote.speaker_id])
