"""Cluster the same statement across articles.

Wire copy is republished with small edits: ``IS fighters`` becomes ``ISIS
fighters``, curly quotes become straight, a word is dropped, the quote is cut
short or only a fragment of it is quoted. A quote joins a cluster when its
words, after :func:`~quotes.extract.wording.normalise`, are

* equal to a wording the cluster already has,
* near-identical to one (few words dropped, added or changed, counted by
  rapidfuzz's Indel distance over words; or few characters, for spelling
  variants), or
* a fragment of one, or a fuller version of the cluster's longest wording.
  A fragment must be long enough not to be a stock phrase: five words when
  both quotes are attributed to the same named speaker, eight otherwise.

A quote of fewer than six words (``Thank you``, ``Absolutely not``) only
joins a cluster of exactly the same words by the same named speaker, so short
generic quotes never glue statements together. Quotes that differ in a number
(``the death toll has risen to 15``, ``... to 230``; a town's ``We will fix
road 12 soon`` and ``... road 13 soon``) are different statements however
alike the rest of their words: each has a number the other lacks.

Two named speakers who differ make the same words two clusters, joined by a
row in ``cluster_links``; an anonymous or missing speaker does not block a
match (one outlet's ``he said`` is often another outlet's ``Bali said``).

Candidates come from a persistent n-gram index, never from comparing all
pairs: the hashes of each wording's word 3-grams are rows of
``cluster_shingles`` (indexed by hash), so SQLite returns the few clusters
that share most 3-grams with a new quote, and only those get the precise
check. A 3-gram files at most ``POSTINGS`` clusters
(:data:`quotes.store.statements.POSTINGS`), so a look-up costs the same at a
million articles as at a thousand, and the precise check reads at most
``WORDINGS`` wordings of a cluster (its canonical one and those next to the
quote's in alphabetical order, :func:`quotes.store.statements.candidate_rows`),
so a statement carried in thousands of wordings costs each new quote what a
statement in a few does. An n-gram index rather than MinHash/LSH
because a fragment shares all its n-grams with the longer quote but has a low
Jaccard similarity to it,
which LSH would miss; and it lives in the database rather than in memory so
that adding one article to 100k stored quotes costs a few index look-ups,
not a rebuild, and is committed in the article's transaction.

This module decides; the rows are read and written by :mod:`quotes.store.statements`
(the index) and :mod:`quotes.store.counters` (each cluster's figures), and a
quote's words and 3-grams come from :mod:`quotes.extract.wording`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import sqlite_utils
from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from quotes.extract.wording import normalise, shingles
from quotes.lang import LanguagePack
from quotes.model import ANONYMOUS, Attribution
from quotes.store import counters
from quotes.store import statements as index

CANDIDATES = 20  # clusters per quote that get the precise check
WORDINGS = 16  # wordings of each candidate the precise check reads, besides the canonical one
NEAR_WORDS = 0.85  # word-level similarity (1 - words inserted or deleted / words in both)
NEAR_CHARS = 95  # character similarity (0-100), for spelling variants
NEAR_MIN_WORDS = 6  # shorter quotes must match exactly
CONTAINED = 95  # partial character similarity (0-100) for a fragment
FRAGMENT_SAME_SPEAKER = 5  # words a fragment needs when the named speaker is the same
FRAGMENT_OTHERWISE = 8  # ... and when it is not known to be

SAME, UNKNOWN, DIFFERENT = "same", "unknown", "different"

_NON_WORD = re.compile(r"[^a-z0-9]+")


def _contains(longer: list[str], shorter: list[str]) -> bool:
    """Is ``shorter`` a fragment of ``longer``, allowing a small edit inside it?"""
    present = set(longer)
    if sum(word in present for word in shorter) < 0.8 * len(shorter):
        return False
    long_text, short_text = " ".join(longer), " ".join(shorter)
    if f" {short_text} " in f" {long_text} ":
        return True
    return fuzz.partial_ratio(short_text, long_text, score_cutoff=CONTAINED) > 0


def _numbers_differ(words: list[str], wording: list[str]) -> bool:
    """Does each have a number the other lacks (``15 people``, ``230 people``)?

    A number dropped in a shorter copy is an edit; a number changed is news
    (an updated death toll) or another item of a template (``road 12``,
    ``road 13``), which one changed word would otherwise let through as a
    near-identical copy.
    """
    mine = {word for word in words if not word.isalpha()}  # normalised words: [a-z0-9]+
    theirs = {word for word in wording if not word.isalpha()}
    return bool(mine - theirs) and bool(theirs - mine)


def _near(words: list[str], wording: list[str]) -> float:
    """The edit similarity of two near-identical wordings (few words or characters apart,
    the same numbers); 0 when they are not."""
    if min(len(words), len(wording)) < NEAR_MIN_WORDS or _numbers_differ(words, wording):
        return 0.0
    near = Indel.normalized_similarity(words, wording)
    if near >= NEAR_WORDS:
        return near
    if fuzz.ratio(" ".join(words), " ".join(wording), score_cutoff=NEAR_CHARS):
        return NEAR_WORDS
    return 0.0


def similarity(words: list[str], wording: list[str], fragment_words: int,
               canonical: list[str] | None = None) -> float:
    """How surely ``words`` and ``wording`` are one statement: 0 (not) to 1 (equal).

    Near-identical wordings score their edit similarity; a fragment scores 0.8
    when it has at least ``fragment_words`` words. A quote may be a fragment of
    any wording, but contains a cluster only by containing its longest
    (``canonical``; ``None`` when ``wording`` is it) wording or a near-identical
    copy of that: otherwise two different long quotes that share one stored
    fragment would be glued together. Wordings whose numbers differ are never one
    statement.

    Containing a near copy of the canonical wording counts as containing it, so
    that the order quotes come in does not matter: ``A`` (canonical), ``B`` near
    ``A`` and ``L`` containing ``B`` are one statement whether ``L`` came first
    (``B`` a fragment of it, ``A`` near ``B``) or last.
    """
    if words == wording:
        return 1.0
    if _numbers_differ(words, wording):
        return 0.0
    near = _near(words, wording)
    if near:
        return near
    if fragment_words <= len(words) < len(wording) and _contains(wording, words):
        return 0.8
    if fragment_words <= len(wording) < len(words) and _contains(words, wording) and (
            canonical is None or wording == canonical or _near(wording, canonical)):
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


Named = tuple[int | None, str | None]  # a quote's named speaker: its row's id and name


def rejoin(db: sqlite_utils.Database, speaker_ids: set[int]) -> None:
    """Merge the statements kept apart as the same words from two speakers who are now one
    (a short form absorbed into its full name), and recount them: had the speakers been one
    from the start, the words would have been one statement. One query per speaker, one
    more per merge; speakers are absorbed rarely."""
    kept = set()
    for speaker_id in sorted(speaker_ids):
        while pair := index.linked_within(db, speaker_id):
            keep, drop = pair
            index.merge_clusters(db, keep, drop)
            kept.discard(drop)
            kept.add(keep)
    if kept:
        counters.recount_clusters(db, sorted(kept))


def _named_speakers(db: sqlite_utils.Database, quotes: list[Attribution]) -> list[Named]:
    """Each quote's named speaker as its ``speakers`` row has it, as a cluster's speaker is
    read: one query for the article, and the same name on both sides of a comparison
    whichever quote came first (a mention's own words, ``the extremist group``, are not
    what the speaker's row is called)."""
    named = index.named_speakers(db, {quote.speaker_id for quote in quotes} - {None})
    return [(quote.speaker_id, named[quote.speaker_id]) if quote.speaker_id in named
            else (None, None) for quote in quotes]


def _matches(words: list[str], speaker: Named, candidates: list[Candidate]) -> list[Candidate]:
    """Candidates that pass the precise check, with their score and speaker relation."""
    speaker_id, name = speaker
    matched = []
    for candidate in candidates:
        candidate.relation = speaker_relation(speaker_id, name, candidate.speaker_id,
                                              candidate.speaker_name)
        if len(words) < NEAR_MIN_WORDS and candidate.relation != SAME:
            continue  # "Thank you" from two unknown speakers is not one statement
        fragment = FRAGMENT_SAME_SPEAKER if candidate.relation == SAME else FRAGMENT_OTHERWISE
        canonical = candidate.key.split()
        candidate.score = max(
            similarity(words, wording, fragment, canonical)
            for wording in candidate.wordings
        )
        if candidate.score > 0:
            matched.append(candidate)
    return matched



def _candidates(db: sqlite_utils.Database, key: str, hashes: set[int]) -> list[Candidate]:
    """The clusters sharing most 3-grams with a quote, each with its canonical wording and
    the (at most :data:`WORDINGS`) wordings next to the quote's ``key``."""
    shared = 2 if len(hashes) >= 6 else 1  # one common 3-gram ("one of the") says nothing
    found: dict[int, Candidate] = {}
    for cluster_id, canonical, speaker_id, kind, name, wording in index.candidate_rows(
            db, hashes, shared, CANDIDATES, key, WORDINGS):
        if cluster_id not in found:
            named = kind is not None and kind != ANONYMOUS
            found[cluster_id] = Candidate(cluster_id, canonical, speaker_id if named else None,
                                          name if named else None, [canonical.split()])
        if wording != canonical:
            found[cluster_id].wordings.append(wording.split())
    return list(found.values())


def assign_clusters(db: sqlite_utils.Database, article_id: int, quotes: list[Attribution],
                    words: list[list[str]] | None = None,
                    hashes: list[list[int]] | None = None,
                    pack: LanguagePack | None = None) -> set[int]:
    """Set ``cluster_id`` on each quote, creating, growing, merging and linking clusters.

    ``speaker_id`` must already be set. Call inside the article's transaction:
    the index rows written here belong with the article. ``words`` and ``hashes``
    are each quote's :func:`~quotes.extract.wording.normalise` and
    :func:`~quotes.extract.wording.shingles` when the extract stage worked them
    out already; otherwise they are worked out here, with ``pack``'s aliases
    (English when none is given). Returns the clusters that absorbed another
    one, whose statistics must be recounted whole.
    """
    moved: dict[int, int] = {}
    wordings = words if words is not None else [normalise(quote.text, pack) for quote in quotes]
    grams = hashes if hashes is not None else [shingles(w) if w else set() for w in wordings]
    for quote, speaker, words, hashes in zip(quotes, _named_speakers(db, quotes), wordings, grams):
        quote.cluster_id = _assign(db, article_id, quote, speaker, words, hashes, moved) \
            if words else None
    for quote in quotes:  # an earlier quote of this article may be in a cluster merged since
        while quote.cluster_id in moved:
            quote.cluster_id = moved[quote.cluster_id]
    return {cluster_id for cluster_id in moved.values() if cluster_id not in moved}


def _assign(db: sqlite_utils.Database, article_id: int, quote: Attribution, speaker: Named,
            words: list[str], hashes: set[int], moved: dict[int, int]) -> int:
    """The cluster of one quote: the best fitting one (others that fit merged into it) or a
    new one, linked to those with the same words from a different speaker."""
    key = " ".join(words)
    matched = _matches(words, speaker, _candidates(db, key, hashes))
    fitting = sorted((c for c in matched if c.relation != DIFFERENT),
                     key=lambda c: (c.relation == SAME, c.score, -c.id), reverse=True)
    if fitting:
        cluster_id = _join(db, quote, speaker[0], words, key, fitting, moved)
    else:
        cluster_id = index.new_cluster(db, quote.text, key, quote.speaker_id, article_id,
                                       quote.told_to)
    for other in matched:
        if other.relation == DIFFERENT:
            index.link_clusters(db, cluster_id, other.id)
    index.file_wording(db, cluster_id, key, hashes)
    return cluster_id


def _join(db: sqlite_utils.Database, quote: Attribution, speaker_id: int | None, words: list[str],
          key: str, fitting: list[Candidate], moved: dict[int, int]) -> int:
    """Put a quote into the best of the ``fitting`` clusters, merging in the others that
    no named speaker keeps apart; the fullest wording becomes the canonical one."""
    target = fitting[0]
    cluster_id = target.id
    named = target.speaker_id or speaker_id
    for other in fitting[1:]:
        if other.speaker_id is None or named is None or other.relation == SAME:
            index.merge_clusters(db, cluster_id, other.id)
            moved[other.id] = cluster_id
            named = named or other.speaker_id
    if named and not target.speaker_id:
        index.set_speaker(db, cluster_id, named)
    if len(words) > len(index.cluster_key(db, cluster_id).split()):
        index.set_canonical(db, cluster_id, quote.text, key)
    return cluster_id
