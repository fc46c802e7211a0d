"""Cluster the same statement across articles.

Wire copy is republished with small edits: ``IS fighters`` becomes ``ISIS
fighters``, curly quotes become straight, a word is dropped, the quote is cut
short or only a fragment of it is quoted. A quote joins a cluster when its
words, after :func:`normalise`, are

* equal to a wording the cluster already has,
* near-identical to one (few words dropped, added or changed, counted by
  rapidfuzz's Indel distance over words; or few characters, for spelling
  variants), or
* a fragment of one, or a fuller version of the cluster's longest wording.
  A fragment must be long enough not to be a stock phrase: five words when
  both quotes are attributed to the same named speaker, eight otherwise.

A quote of fewer than six words (``Thank you``, ``Absolutely not``) only
joins a cluster of exactly the same words by the same named speaker, so short
generic quotes never glue statements together.

Two named speakers who differ make the same words two clusters, joined by a
row in ``cluster_links``; an anonymous or missing speaker does not block a
match (one outlet's ``he said`` is often another outlet's ``Bali said``).

Candidates come from a persistent n-gram index, never from comparing all
pairs: the hashes of each wording's word 3-grams are rows of
``cluster_shingles`` (indexed by hash), so SQLite returns the few clusters
that share most 3-grams with a new quote, and only those get the precise
check. A 3-gram files at most ``POSTINGS`` clusters, so a look-up costs the
same at a million articles as at a thousand. An n-gram index rather than MinHash/LSH because a fragment shares all
its n-grams with the longer quote but has a low Jaccard similarity to it,
which LSH would miss; and it lives in the database rather than in memory so
that adding one article to 100k stored quotes costs a few index look-ups,
not a rebuild, and is committed in the article's transaction.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils
from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from quotes.lang import get
from quotes.model import ANONYMOUS, Attribution

SHINGLE = 3  # words per n-gram in the candidate index
CANDIDATES = 20  # clusters per quote that get the precise check
# Clusters filed under one 3-gram at most. A stock phrase ("one of the", "we are going")
# would otherwise be filed under every cluster that uses it, and each new quote with it
# would read them all: a cost growing with the corpus. Past this many, a cluster is found
# by its other 3-grams; PolNeAR train's most shared 3-gram is in 168 of 11,844 clusters.
POSTINGS = 500
NEAR_WORDS = 0.85  # word-level similarity (1 - words inserted or deleted / words in both)
NEAR_CHARS = 95  # character similarity (0-100), for spelling variants
NEAR_MIN_WORDS = 6  # shorter quotes must match exactly
CONTAINED = 95  # partial character similarity (0-100) for a fragment
FRAGMENT_SAME_SPEAKER = 5  # words a fragment needs when the named speaker is the same
FRAGMENT_OTHERWISE = 8  # ... and when it is not known to be

SAME, UNKNOWN, DIFFERENT = "same", "unknown", "different"

# Spellings of one name, folded before comparing (IS/ISIS/Daesh, U.S./US/United States).
_ALIASES = [(re.compile(pattern, flags), replacement)
            for pattern, flags, replacement in get("en").quote_alias_patterns]
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> list[str]:
    """The words of a quote with quotation marks, punctuation, case and aliases folded."""
    text = anyascii(text)
    for pattern, replacement in _ALIASES:
        text = pattern.sub(replacement, text)
    return _NON_WORD.sub(" ", text.lower()).split()


def text_key(text: str) -> str:
    """One string per wording: equal keys mean equal after normalisation."""
    return " ".join(normalise(text))


def shingles(words: list[str]) -> set[int]:
    """Stable 64-bit hashes of the word 3-grams (the whole quote when it is shorter)."""
    grams = [words[i:i + SHINGLE] for i in range(len(words) - SHINGLE + 1)] or [words]
    return {
        int.from_bytes(hashlib.blake2b(" ".join(g).encode(), digest_size=8).digest(), "big", signed=True)
        for g in grams
    }


def _contains(longer: list[str], shorter: list[str]) -> bool:
    """Is ``shorter`` a fragment of ``longer``, allowing a small edit inside it?"""
    present = set(longer)
    if sum(word in present for word in shorter) < 0.8 * len(shorter):
        return False
    long_text, short_text = " ".join(longer), " ".join(shorter)
    if f" {short_text} " in f" {long_text} ":
        return True
    return fuzz.partial_ratio(short_text, long_text, score_cutoff=CONTAINED) > 0


def similarity(words: list[str], wording: list[str], fragment_words: int,
               canonical: bool = True) -> float:
    """How surely ``words`` and ``wording`` are one statement: 0 (not) to 1 (equal).

    Near-identical wordings score their edit similarity; a fragment scores 0.8
    when it has at least ``fragment_words`` words. A quote may be a fragment of
    any wording, but contains a cluster only by containing its longest
    (``canonical``) wording: otherwise two different long quotes that share one
    stored fragment would be glued together.
    """
    if words == wording:
        return 1.0
    if min(len(words), len(wording)) >= NEAR_MIN_WORDS:
        near = Indel.normalized_similarity(words, wording)
        if near >= NEAR_WORDS:
            return near
        if fuzz.ratio(" ".join(words), " ".join(wording), score_cutoff=NEAR_CHARS):
            return NEAR_WORDS
    if fragment_words <= len(words) < len(wording) and _contains(wording, words):
        return 0.8
    if canonical and fragment_words <= len(wording) < len(words) and _contains(words, wording):
        return 0.8
    return 0.0


@functools.lru_cache(maxsize=4096)
def _name_words(name: str | None) -> list[str]:
    return _NON_WORD.sub(" ", anyascii(name or "").lower()).split()


def speaker_relation(speaker_id: int | None, name: str | None,
                     other_id: int | None, other_name: str | None) -> str:
    """``same``, ``different`` or ``unknown`` (either speaker unnamed) for two named speakers.

    Spelling variants (Mustefa/Mustafa Bali) and a surname alone (Ryan, Sean
    Ryan) count as the same person even where speaker identity kept two rows.
    """
    if speaker_id is None or other_id is None:
        return UNKNOWN
    if speaker_id == other_id:
        return SAME
    mine, theirs = _name_words(name), _name_words(other_name)
    if mine and theirs:
        if set(mine) <= set(theirs) or set(theirs) <= set(mine):
            return SAME
        if fuzz.ratio(" ".join(mine), " ".join(theirs)) >= 88:
            return SAME
    return DIFFERENT


@dataclass
class Candidate:
    """A stored cluster as the precise check sees it."""

    id: int
    key: str
    speaker_id: int | None  # the cluster's named speaker, if it has one
    speaker_name: str | None
    wordings: list[list[str]]
    score: float = 0.0
    relation: str = UNKNOWN


def _named_speaker(quote: Attribution) -> tuple[int | None, str | None]:
    speaker = quote.speaker
    if quote.speaker_id is None or speaker is None or speaker.kind == ANONYMOUS or not speaker.name:
        return None, None
    return quote.speaker_id, speaker.name


def _candidates(db: sqlite_utils.Database, hashes: set[int]) -> list[Candidate]:
    """The clusters sharing most 3-grams with a quote, with their wordings.

    The 3-grams go in as one JSON array (``json_each``), not one SQL variable each: a
    long quote has more 3-grams than SQLite allows variables (32,766).
    """
    shared = 2 if len(hashes) >= 6 else 1  # one common 3-gram ("one of the") says nothing
    found: dict[int, Candidate] = {}
    for cluster_id, key, speaker_id, kind, name, wording in db.execute(
        f"""with sharing as (
                select cluster_id from cluster_shingles where hash in (select value from json_each(?))
                group by cluster_id having count(*) >= {shared}
                order by count(*) desc, cluster_id limit {CANDIDATES})
            select clusters.id, clusters.key, clusters.speaker_id, speakers.kind,
                   speakers.name, cluster_variants.key
            from sharing join clusters on clusters.id = sharing.cluster_id
            join cluster_variants on cluster_variants.cluster_id = clusters.id
            left join speakers on speakers.id = clusters.speaker_id""",
        [json.dumps(sorted(hashes))],
    ):
        if cluster_id not in found:
            named = kind is not None and kind != ANONYMOUS
            found[cluster_id] = Candidate(cluster_id, key, speaker_id if named else None,
                                          name if named else None, [])
        found[cluster_id].wordings.append(wording.split())
    return list(found.values())


def _matches(words: list[str], quote: Attribution, candidates: list[Candidate]) -> list[Candidate]:
    """Candidates that pass the precise check, with their score and speaker relation."""
    speaker_id, name = _named_speaker(quote)
    matched = []
    for candidate in candidates:
        candidate.relation = speaker_relation(speaker_id, name, candidate.speaker_id,
                                              candidate.speaker_name)
        if len(words) < NEAR_MIN_WORDS and candidate.relation != SAME:
            continue  # "Thank you" from two unknown speakers is not one statement
        fragment = FRAGMENT_SAME_SPEAKER if candidate.relation == SAME else FRAGMENT_OTHERWISE
        canonical = candidate.key.split()
        candidate.score = max(
            similarity(words, wording, fragment, canonical=wording == canonical)
            for wording in candidate.wordings
        )
        if candidate.score > 0:
            matched.append(candidate)
    return matched


def _merge(db: sqlite_utils.Database, keep: int, drop: int) -> None:
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


def _link(db: sqlite_utils.Database, one: int, other: int) -> None:
    for a, b in ((one, other), (other, one)):
        db.execute(
            "insert or ignore into cluster_links (cluster_id, related_cluster_id, reason)"
            " values (?, ?, 'same words, different speaker')", [a, b])


def assign_clusters(db: sqlite_utils.Database, article_id: int, quotes: list[Attribution],
                    words: list[list[str]] | None = None,
                    hashes: list[list[int]] | None = None) -> set[int]:
    """Set ``cluster_id`` on each quote, creating, growing, merging and linking clusters.

    ``speaker_id`` must already be set. Call inside the article's transaction:
    the index rows written here belong with the article. ``words`` and ``hashes``
    are each quote's :func:`normalise` and :func:`shingles` when the extract stage
    worked them out already. Returns the clusters that absorbed another one, whose
    statistics must be recounted whole.
    """
    moved: dict[int, int] = {}
    wordings = words if words is not None else [normalise(quote.text) for quote in quotes]
    grams = hashes if hashes is not None else [shingles(w) if w else set() for w in wordings]
    for quote, words, hashes in zip(quotes, wordings, grams):
        if not words:
            quote.cluster_id = None
            continue
        key = " ".join(words)
        matched = _matches(words, quote, _candidates(db, hashes))
        fitting = sorted((c for c in matched if c.relation != DIFFERENT),
                         key=lambda c: (c.relation == SAME, c.score, -c.id), reverse=True)
        speaker_id, _ = _named_speaker(quote)
        if fitting:
            target = fitting[0]
            cluster_id = target.id
            named = target.speaker_id or speaker_id
            for other in fitting[1:]:
                if other.speaker_id is None or named is None or other.relation == SAME:
                    _merge(db, cluster_id, other.id)
                    moved[other.id] = cluster_id
                    named = named or other.speaker_id
            if named and not target.speaker_id:
                db.execute("update clusters set speaker_id = ? where id = ?", [named, cluster_id])
            canonical = db.execute("select key from clusters where id = ?", [cluster_id]).fetchone()[0]
            if len(words) > len(canonical.split()):  # the fullest wording is the canonical one
                db.execute("update clusters set canonical_text = ?, key = ? where id = ?",
                           [quote.text, key, cluster_id])
        else:
            cluster_id = db.execute(
                """insert into clusters (canonical_text, key, speaker_id, article_count,
                   outlet_count, first_article_id, told_to) values (?, ?, ?, 0, 0, ?, ?)""",
                [quote.text, key, quote.speaker_id, article_id, quote.told_to],
            ).lastrowid
        for other in matched:
            if other.relation == DIFFERENT:
                _link(db, cluster_id, other.id)
        db.execute("insert or ignore into cluster_variants (cluster_id, key) values (?, ?)",
                   [cluster_id, key])
        # A posting already there is skipped before its 3-gram's postings are counted: a
        # statement quoted again (wire copy) files nothing new, and counting up to POSTINGS
        # rows for each of its 3-grams was a tenth of the writer's time.
        db.execute(
            "insert or ignore into cluster_shingles (hash, cluster_id) select value, ?1 from json_each(?2)"
            " where not exists (select 1 from cluster_shingles where hash = value and cluster_id = ?1)"
            " and (select count(*) from (select 1 from cluster_shingles where hash = value"
            f" limit {POSTINGS})) < {POSTINGS}", [cluster_id, json.dumps(sorted(hashes))])
        quote.cluster_id = cluster_id
    for quote in quotes:  # an earlier quote of this article may be in a cluster merged since
        while quote.cluster_id in moved:
            quote.cluster_id = moved[quote.cluster_id]
    return {cluster_id for cluster_id in moved.values() if cluster_id not in moved}


def _hearer(told_to: str | None) -> str | None:
    """Whom a quote was told to as a cluster keeps it: without the punctuation around it."""
    return (told_to or "").strip(" .,;:") or None


def refresh_cluster_stats(db: sqlite_utils.Database, cluster_ids: Iterable[int]) -> dict[int, set[int]]:
    """Recount articles and outlets, and find the first appearance, for the clusters given.

    The first article is the earliest by ``published``, a UTC instant (see
    :mod:`quotes.published`), so comparing the stored strings compares times;
    undated articles come after dated ones, in the order they were read: the
    same order as the views, pages and canned queries. ``told_to`` is the one
    the earliest article that names it gives (``she told AFP``). Returns each
    recounted cluster's known outlets.
    """
    outlets = {}
    for cluster_id in set(cluster_ids):
        rows = db.execute(
            """select articles.id, articles.published, articles.outlet_id, quotes.told_to
               from quotes join articles on articles.id = quotes.article_id
               where quotes.cluster_id = ?
               order by articles.published is null, articles.published, articles.id, quotes.id""",
            [cluster_id],
        ).fetchall()
        if not rows:
            continue
        first = rows[0][0]
        told_to = next((hearer for r in rows if (hearer := _hearer(r[3]))), None)
        outlets[cluster_id] = {r[2] for r in rows if r[2] is not None}
        db.execute(
            """update clusters set article_count = ?, outlet_count = ?, first_article_id = ?,
                      told_to = ? where id = ?""",
            [len({r[0] for r in rows}), len(outlets[cluster_id]), first, told_to, cluster_id],
        )
    return outlets


def count_article(db: sqlite_utils.Database, article_id: int, quotes: list[Attribution],
                  merged: set[int]) -> None:
    """Count a newly stored article into the statistics of the clusters its quotes are in.

    A cluster made for this article has it alone. One that existed before
    gains one article, an outlet if ``cluster_outlets`` did not list the
    article's, and perhaps an earlier first appearance: a few index look-ups
    however many articles carry it, where :func:`refresh_cluster_stats`
    re-reads all of them. Clusters merged while storing this article are
    recounted whole, and so is the rare one
    whose ``told_to`` a dated article may change without being its first appearance.
    The result equals a whole recount's.
    """
    ids = sorted({q.cluster_id for q in quotes if q.cluster_id})
    if not ids:
        return
    published, outlet_id = db.execute(
        "select published, outlet_id from articles where id = ?", [article_id]).fetchone()
    recount = []
    for cluster_id, first_id, told_to, first_published in db.execute(
            f"""select clusters.id, clusters.first_article_id, clusters.told_to, first.published
                from clusters left join articles as first on first.id = clusters.first_article_id
                where clusters.id in ({", ".join("?" * len(ids))}) order by clusters.id""",
            ids).fetchall():
        if cluster_id in merged or first_id is None:
            recount.append(cluster_id)
            continue
        said_to = next((hearer for q in quotes
                        if q.cluster_id == cluster_id and (hearer := _hearer(q.told_to))), None)
        if first_id == article_id:  # made for this article: it is all there is
            db.execute("update clusters set article_count = 1, outlet_count = ?, told_to = ?"
                       " where id = ?", [int(outlet_id is not None), said_to, cluster_id])
            if outlet_id is not None:
                db.execute("insert or ignore into cluster_outlets (cluster_id, outlet_id) values (?, ?)",
                           [cluster_id, outlet_id])
            continue
        earlier = published is not None and (first_published is None or published < first_published)
        if said_to and told_to and not earlier and published is not None:
            # An undated article comes after every other; a dated one may come before the
            # article that named the hearer: finding that one needs the whole cluster.
            recount.append(cluster_id)
            continue
        new_outlet = outlet_id is not None and db.execute(
            "insert or ignore into cluster_outlets (cluster_id, outlet_id) values (?, ?)",
            [cluster_id, outlet_id]).rowcount == 1
        db.execute(
            """update clusters set article_count = article_count + 1,
                      outlet_count = outlet_count + ?, first_article_id = ?, told_to = ?
               where id = ?""",
            [int(new_outlet), article_id if earlier else first_id,
             said_to if said_to and (earlier or not told_to) else told_to, cluster_id])
    outlets = refresh_cluster_stats(db, recount)
    for cluster_id in recount:
        db.execute("delete from cluster_outlets where cluster_id = ?", [cluster_id])
        db.conn.executemany("insert into cluster_outlets (cluster_id, outlet_id) values (?, ?)",
                            [(cluster_id, outlet) for outlet in sorted(outlets.get(cluster_id, ()))])
