"""Cluster the same statement across articles.

A quote joins the cluster whose key (its text with case, punctuation and
quotation marks folded) it shares; otherwise it starts a cluster of its own.
"""
from __future__ import annotations

import re

import sqlite_utils
from anyascii import anyascii

from .model import Quote

_NON_WORD = re.compile(r"[^a-z0-9]+")


def text_key(text: str) -> str:
    return _NON_WORD.sub(" ", anyascii(text).lower()).strip()


def assign_clusters(db: sqlite_utils.Database, article_id: int, quotes: list[Quote]) -> None:
    """Set ``cluster_id`` on each quote, creating or updating cluster rows."""
    for quote in quotes:
        key = text_key(quote.text)
        row = db.execute("select id from clusters where key = ? limit 1", [key]).fetchone()
        if row:
            quote.cluster_id = row[0]
        else:
            quote.cluster_id = db["clusters"].insert(
                {"canonical_text": quote.text, "key": key, "speaker_id": quote.speaker_id,
                 "article_count": 0, "outlet_count": 0, "first_article_id": article_id,
                 "told_to": quote.told_to}
            ).last_pk


def refresh_cluster_stats(db: sqlite_utils.Database, cluster_ids: set[int]) -> None:
    """Recount articles and outlets for the clusters an article touched."""
    for cluster_id in cluster_ids:
        db.execute(
            """
            update clusters set
              article_count = (select count(distinct article_id) from quotes where cluster_id = :id),
              outlet_count = (select count(distinct articles.outlet_id) from quotes
                              join articles on articles.id = quotes.article_id
                              where cluster_id = :id)
            where id = :id
            """,
            {"id": cluster_id},
        )
