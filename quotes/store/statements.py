"""The SQL of statements: pieces of one statement in an article, and one statement across articles.

A quote in several pieces (``"A," she said. "B."``) is one statement: its pieces
share ``quotes.statement_id``. The same statement in several articles is a
cluster (``clusters``), found through a persistent n-gram index: the hashes of
each wording's word 3-grams are rows of ``cluster_shingles`` (indexed by hash),
each distinct wording a row of ``cluster_variants``, and clusters with the same
words from different speakers are joined by ``cluster_links``. The decisions
(which cluster a quote joins) are the commit stage's
(:mod:`quotes.commit.statements`); this module only reads and writes the rows.
"""
from __future__ import annotations

import json

import sqlite_utils

from quotes.model import ANONYMOUS

# Clusters filed under one 3-gram at most. A stock phrase ("one of the", "we are going")
# would otherwise be filed under every cluster that uses it, and each new quote with it
# would read them all: a cost growing with the corpus. Past this many, a cluster is found
# by its other 3-grams; PolNeAR train's most shared 3-gram is in 168 of 11,844 clusters.
POSTINGS = 500

# A quote's statement: the quotes of one article with the same cue and the same speaker
# are the pieces of one statement (``"A," she said. "B."``: the rules engine gives the
# continuation its first piece's cue), and the statement is named by its first piece in
# the text. A quote with no cue is a statement of its own.
_FILL_STATEMENTS = """
    update quotes set statement_id = coalesce((
        select piece.id from quotes as piece
        where piece.article_id = quotes.article_id and piece.cue_start = quotes.cue_start
              and piece.cue_end = quotes.cue_end and piece.speaker_id is quotes.speaker_id
        order by piece.start, piece.id limit 1), quotes.id)
"""


def fill_statements(db: sqlite_utils.Database, article_id: int) -> None:
    """Set ``statement_id`` on one article's quotes."""
    db.execute(_FILL_STATEMENTS + " where quotes.article_id = ?", [article_id])


def fill_all_statements(db: sqlite_utils.Database) -> None:
    """Set ``statement_id`` on every quote (a bulk load's, all at once)."""
    db.execute(_FILL_STATEMENTS)


def named_speakers(db: sqlite_utils.Database, speaker_ids: set[int]) -> dict[int, str]:
    """The names of those of ``speaker_ids`` that are named (not anonymous), by id: one
    query for an article's quotes, read from the rows a cluster's speaker is read from."""
    ids = sorted(speaker_ids)
    return dict(db.execute(
        f"select id, name from speakers where id in ({', '.join('?' * len(ids))})"
        " and kind != ? and name != ''", [*ids, ANONYMOUS]).fetchall()) if ids else {}


def candidate_rows(db: sqlite_utils.Database, hashes: set[int], shared: int,
                   limit: int, key: str, wordings: int) -> list[tuple]:
    """The ``limit`` clusters sharing most (at least ``shared``) 3-grams with a quote: one row
    per wording read, ``(cluster id, key, speaker id, speaker kind, speaker name, wording)``.

    Of each cluster's wordings only the ``wordings`` next to the quote's ``key`` in
    alphabetical order (half before, half after, read off the primary key) come back,
    besides the canonical one in ``key``: a template quoted in thousands of wordings
    would otherwise be read whole by every new quote. A near-identical copy mostly
    shares its opening words, so it sorts next to the quote.

    The 3-grams go in as one JSON array (``json_each``), not one SQL variable each: a
    long quote has more 3-grams than SQLite allows variables (32,766).
    """
    half = max(1, int(wordings) // 2)
    return db.execute(
        f"""with sharing as (
                select cluster_id from cluster_shingles where hash in (select value from json_each(?1))
                group by cluster_id having count(*) >= {int(shared)}
                order by count(*) desc, cluster_id limit {int(limit)})
            select clusters.id, clusters.key, clusters.speaker_id, speakers.kind,
                   speakers.name, cluster_variants.key
            from sharing join clusters on clusters.id = sharing.cluster_id
            join cluster_variants on cluster_variants.cluster_id = clusters.id
            and cluster_variants.key in (
                select * from (select key from cluster_variants as near
                    where near.cluster_id = clusters.id and near.key >= ?2 order by near.key limit {half})
                union all
                select * from (select key from cluster_variants as near
                    where near.cluster_id = clusters.id and near.key < ?2
                    order by near.key desc limit {half}))
            left join speakers on speakers.id = clusters.speaker_id""",
        [json.dumps(sorted(hashes)), key],
    ).fetchall()


def new_cluster(db: sqlite_utils.Database, text: str, key: str, speaker_id: int | None,
                article_id: int, told_to: str | None) -> int:
    """A cluster first seen in ``article_id``, its statistics still to count; its id."""
    return db.execute(
        """insert into clusters (canonical_text, key, speaker_id, article_count,
           outlet_count, first_article_id, told_to) values (?, ?, ?, 0, 0, ?, ?)""",
        [text, key, speaker_id, article_id, told_to],
    ).lastrowid


def cluster_key(db: sqlite_utils.Database, cluster_id: int) -> str:
    """The key of a cluster's canonical (longest) wording."""
    return db.execute("select key from clusters where id = ?", [cluster_id]).fetchone()[0]


def set_canonical(db: sqlite_utils.Database, cluster_id: int, text: str, key: str) -> None:
    db.execute("update clusters set canonical_text = ?, key = ? where id = ?", [text, key, cluster_id])


def set_speaker(db: sqlite_utils.Database, cluster_id: int, speaker_id: int) -> None:
    db.execute("update clusters set speaker_id = ? where id = ?", [speaker_id, cluster_id])


def merge_clusters(db: sqlite_utils.Database, keep: int, drop: int) -> None:
    """Fold cluster ``drop`` into ``keep``: its quotes, wordings, n-grams and links."""
    db.execute("update quotes set cluster_id = ? where cluster_id = ?", [keep, drop])
    for table in ("cluster_variants", "cluster_shingles", "cluster_outlets"):
        db.execute(f"update or ignore {table} set cluster_id = ? where cluster_id = ?", [keep, drop])
        db.execute(f"delete from {table} where cluster_id = ?", [drop])
    for column in ("cluster_id", "related_cluster_id"):
        db.execute(f"update or ignore cluster_links set {column} = ? where {column} = ?", [keep, drop])
        db.execute(f"delete from cluster_links where {column} = ?", [drop])
    db.execute("delete from cluster_links where cluster_id = related_cluster_id")
    longer = db.execute(
        "select canonical_text, key from clusters where id = ? and"
        " length(key) > (select length(key) from clusters where id = ?)", [drop, keep]).fetchone()
    if longer:
        db.execute("update clusters set canonical_text = ?, key = ? where id = ?", [*longer, keep])
    db.execute("delete from clusters where id = ?", [drop])


def linked_within(db: sqlite_utils.Database, speaker_id: int) -> tuple[int, int] | None:
    """Two clusters of ``speaker_id`` linked as the same words from different speakers, the
    older first; ``None`` when there are none."""
    return db.execute(
        """select cluster_links.cluster_id, cluster_links.related_cluster_id from cluster_links
           join clusters as one on one.id = cluster_links.cluster_id
           join clusters as other on other.id = cluster_links.related_cluster_id
           where one.speaker_id = ?1 and other.speaker_id = ?1
             and cluster_links.cluster_id < cluster_links.related_cluster_id limit 1""",
        [speaker_id]).fetchone()


def link_clusters(db: sqlite_utils.Database, one: int, other: int) -> None:
    """Mark two clusters as the same words from different speakers, both ways."""
    for a, b in ((one, other), (other, one)):
        db.execute(
            "insert or ignore into cluster_links (cluster_id, related_cluster_id, reason)"
            " values (?, ?, 'same words, different speaker')", [a, b])


def file_wording(db: sqlite_utils.Database, cluster_id: int, key: str, hashes: set[int]) -> None:
    """File a wording and its 3-grams under a cluster, each once.

    A posting already there is skipped before its 3-gram's postings are counted: a
    statement quoted again (wire copy) files nothing new, and counting up to
    :data:`POSTINGS` rows for each of its 3-grams was a tenth of the writer's time.
    """
    db.execute("insert or ignore into cluster_variants (cluster_id, key) values (?, ?)",
               [cluster_id, key])
    db.execute(
        "insert or ignore into cluster_shingles (hash, cluster_id) select value, ?1 from json_each(?2)"
        " where not exists (select 1 from cluster_shingles where hash = value and cluster_id = ?1)"
        " and (select count(*) from (select 1 from cluster_shingles where hash = value"
        f" limit {POSTINGS})) < {POSTINGS}", [cluster_id, json.dumps(sorted(hashes))])
