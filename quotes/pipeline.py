"""Both stages for one article, for callers that run them in one process.

An article already stored is skipped before the engine runs, so a re-run
over the same files costs only the reading.
"""
from __future__ import annotations

import sqlite_utils

from . import store
from .commit import Outcome, commit_article
from .extraction import extract_article
from .model import Article
from .registry import Engine


def process_article(db: sqlite_utils.Database, engine: Engine, article: Article) -> Outcome:
    """Extract and commit one article, unless the database has it already."""
    if store.has_article(db, article):
        return Outcome("skipped")
    return commit_article(db, extract_article(article, engine))
