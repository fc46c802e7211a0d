"""The commit stage: one writer stores what the extract stage found.

speaker identity across articles → clusters of the same statement across
outlets → store, all for one article inside one transaction, so an
interrupted run keeps every article it finished and nothing of the one it
was in. The transaction takes the write lock before it reads anything
(:func:`quotes.store.writing`), and the "already stored?" check is made again
under the lock, so several writers on one database store each article once.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from quotes.commit import statements as cluster
from quotes.commit import identity
from quotes import lang, store
from quotes.store import revisions
from quotes.model import Extracted


@dataclass
class Outcome:
    """What happened to one article: ``stored``, ``revised`` (an article at its URL edited: a
    new revision), ``skipped`` (already there) or ``failed``."""

    status: str
    quotes: int = 0
    article_id: int | None = None
    error: str | None = None  # why it failed: ``TypeError: ...``

    @classmethod
    def failed(cls, error: BaseException) -> Outcome:
        return cls("failed", error=f"{error.__class__.__name__}: {error}")


def commit_article(db: sqlite_utils.Database, extracted: Extracted) -> Outcome:
    """Store one extracted article; nothing is written unless everything succeeds."""
    article, found = extracted.article, extracted.attributions
    if store.has_article(db, article):  # cheap check without the lock first
        return Outcome("skipped")
    with store.writing(db):
        if store.has_article(db, article):  # another writer stored it meanwhile
            return Outcome("skipped")
        article_id = revisions.article_at(db, article)
        if article_id is not None and revisions.holds_text(db, article_id, article):
            return Outcome("skipped")
        if article_id is None:
            status, article_id = "stored", store.insert_article(db, article, extracted.engine)
        else:  # the same URL and outlet with other words: the article edited
            status = "revised"
            if not revisions.revisions(db, article_id):
                revisions.keep_revision(db, article_id)  # the first version, on file before it goes
            revisions.retract(db, article_id)
            revisions.replace_article(db, article_id, article, extracted.engine)
        pack = lang.get(extracted.lang)
        absorbed = identity.assign_speakers(db, article_id, found, extracted.referents, pack)
        cluster.rejoin(db, absorbed)
        merged = cluster.assign_clusters(db, article_id, found, extracted.words, extracted.shingles, pack)
        store.insert_quotes(db, article_id, found)
        if status == "revised":
            revisions.count_revision(db, article_id)
            revisions.keep_revision(db, article_id)
        else:
            store.count_article(db, article_id, found, merged)
    return Outcome(status, quotes=len(found), article_id=article_id)
