"""Run the whole flow for one article and store it in one transaction.

read → engine (NLP, detection, attribution) → speaker identity → clusters → store.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from . import cluster, identity, store
from .engines import Engine
from .model import Article


@dataclass
class Outcome:
    """What happened to one article: ``stored``, or ``skipped`` (already there)."""

    status: str
    quotes: int = 0


def process_article(db: sqlite_utils.Database, engine: Engine, article: Article) -> Outcome:
    """Extract and store one article; nothing is written unless everything succeeds."""
    if store.has_article(db, article):
        return Outcome("skipped")
    quotes = engine.extract(article.text)
    with db.atomic():
        article_id = store.insert_article(db, article, engine.name)
        identity.assign_speakers(db, article_id, quotes)
        cluster.assign_clusters(db, article_id, quotes)
        store.insert_quotes(db, article_id, quotes)
        cluster.refresh_cluster_stats(db, {q.cluster_id for q in quotes if q.cluster_id})
    return Outcome("stored", quotes=len(quotes))
