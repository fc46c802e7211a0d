"""The SQL of articles edited in place: one article per URL and outlet, with its revisions.

An article is found by its (canonical) URL and outlet: the same story fetched
again with other words is the same article, edited. The ``articles`` row and
its quotes are always the latest revision, so pages, the export and the
statements read them as before and count the article once. Each earlier
revision is kept in ``article_revisions``: its text, title, content hash and the
quotes it had (speaker, words, kind), so the article page can say which quotes
an edit added, removed or changed. A site's root (``/``) is never an article's
key: a page whose canonical link is the home page would make every story one.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import sqlite_utils

from quotes.model import Article
from quotes.store import counters
from quotes.store.writes import now, outlet_id


def keyed_by(url: str | None) -> bool:
    """Whether ``url`` can name one article: an http(s) URL with a path beyond the site's root."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return False
    return urlsplit(url).path not in ("", "/")


def article_at(db: sqlite_utils.Database, article: Article) -> int | None:
    """The stored article with ``article``'s URL and outlet, if any (the latest, should there be two)."""
    if not keyed_by(article.url):
        return None
    row = db.execute(
        "select articles.id from articles left join outlets on outlets.id = articles.outlet_id"
        " where articles.url = ? and outlets.name is ? order by articles.id desc limit 1",
        [article.url, article.outlet]).fetchone()
    return row[0] if row else None


def holds_text(db: sqlite_utils.Database, article_id: int, article: Article) -> bool:
    """Whether the stored article already reads as ``article`` does (the same page reached by
    another address, ``?utm_source=rss``, with the same canonical link): no edit, nothing to store."""
    row = db.execute("select text, title from articles where id = ?", [article_id]).fetchone()
    return row is not None and (row[0], row[1]) == (article.text, article.title)


def quotes_of(db: sqlite_utils.Database, article_id: int) -> list[dict]:
    """An article's quotes as a revision keeps them: speaker, words, kind, in text order."""
    return [{"speaker": speaker, "text": text, "kind": kind} for speaker, text, kind in db.execute(
        "select speakers.name, quotes.text, quotes.kind from quotes"
        " left join speakers on speakers.id = quotes.speaker_id"
        " where quotes.article_id = ? order by quotes.start, quotes.id", [article_id])]


def keep_revision(db: sqlite_utils.Database, article_id: int) -> int:
    """File the article as it stands (row and quotes) as its latest revision; its number."""
    number = db.execute("select coalesce(max(revision), 0) + 1 from article_revisions"
                        " where article_id = ?", [article_id]).fetchone()[0]
    title, text, content_hash, stored_at = db.execute(
        "select title, text, content_hash, ingested_at from articles where id = ?",
        [article_id]).fetchone()
    db.execute("insert into article_revisions (article_id, revision, content_hash, title, text,"
               " stored_at, quotes) values (?, ?, ?, ?, ?, ?, ?)",
               [article_id, number, content_hash, title, text, stored_at if number == 1 else now(),
                json.dumps(quotes_of(db, article_id), ensure_ascii=False)])
    return number


def retract(db: sqlite_utils.Database, article_id: int) -> None:
    """Take an article's quotes out of the database, and out of every count they were in.

    Its speakers' and outlet's quote counts and its statements' figures are
    recounted; a statement or a speaker known only from these quotes goes. The
    full-text index and the spellings follow by their delete triggers.
    """
    speakers = [s for (s,) in db.execute("select distinct speaker_id from quotes where article_id = ?"
                                         " and speaker_id is not null", [article_id])]
    clusters = [c for (c,) in db.execute("select distinct cluster_id from quotes where article_id = ?"
                                         " and cluster_id is not null", [article_id])]
    count = db.execute("select count(*) from quotes where article_id = ?", [article_id]).fetchone()[0]
    counters.count_outlet_quotes(db, article_id, -count)
    db.execute("delete from quotes where article_id = ?", [article_id])
    db.execute("delete from speaker_aliases where article_id = ?", [article_id])
    db.execute("delete from speaker_roles where article_id = ?", [article_id])
    empty = [c for c in clusters if not db.execute(
        "select 1 from quotes where cluster_id = ? limit 1", [c]).fetchone()]
    for cluster_id in empty:
        for table in ("cluster_variants", "cluster_shingles", "cluster_outlets"):
            db.execute(f"delete from {table} where cluster_id = ?", [cluster_id])
        db.execute("delete from cluster_links where cluster_id = ?1 or related_cluster_id = ?1", [cluster_id])
        db.execute("delete from clusters where id = ?", [cluster_id])
    counters.recount_clusters(db, [c for c in clusters if c not in empty])
    db.execute(  # the speakers known in this article alone, unless something still points to them
        "delete from speakers where scope_article_id = ?"
        " and not exists (select 1 from quotes where speaker_id = speakers.id)"
        " and not exists (select 1 from clusters where speaker_id = speakers.id)"
        " and not exists (select 1 from speaker_overrides where speaker_id = speakers.id)", [article_id])
    counters.recount_speaker_quotes(db, *[s for s in speakers if db.execute(
        "select 1 from speakers where id = ?", [s]).fetchone()])


def count_revision(db: sqlite_utils.Database, article_id: int) -> None:
    """Recount the statements the new revision's quotes are in, whole: the article keeps its
    place in reading order (its id), which the counting of a newly read article assumes is last."""
    counters.recount_clusters(db, [c for (c,) in db.execute(
        "select distinct cluster_id from quotes where article_id = ? and cluster_id is not null",
        [article_id])])


def replace_article(db: sqlite_utils.Database, article_id: int, article: Article, engine: str) -> None:
    """The article row becomes ``article`` (its first ingestion time kept)."""
    db.execute(
        "update articles set source = ?, outlet_id = ?, title = ?, url = ?, published = ?,"
        " published_raw = ?, text = ?, content_hash = ?, engine = ? where id = ?",
        [article.source, outlet_id(db, article.outlet), article.title, article.url, article.published,
         article.published_raw, article.text, article.content_hash, engine, article_id])


def revisions(db: sqlite_utils.Database, article_id: int) -> list[dict]:
    """An article's revisions, oldest first, each with its quotes (none when never edited)."""
    rows = list(db.query("select * from article_revisions where article_id = ? order by revision",
                         [article_id]))
    for row in rows:
        row["quotes"] = json.loads(row["quotes"])
    return rows
