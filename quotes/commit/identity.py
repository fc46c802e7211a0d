"""Speaker identity across articles: one person, one row, however outlets spell them.

The extract stage hands over who each speaker is inside its article
(:class:`~quotes.model.Referent`, from :mod:`quotes.extract.referents`); this
step gives each one a ``speakers`` row, incrementally, with indexed look-ups
only (:mod:`quotes.store.identity`):

1. A manual correction (``quotes speakers merge/split/rename``) for the exact
   spelling, then for the name's key, wins over everything else.
2. A full name joins the speaker with the same key (:mod:`quotes.extract.names`)
   unless middle initials disagree; failing that, the best fuzzy match
   (rapidfuzz) among speakers with the same surname or surname skeleton, with
   the same suffix and given name; a weaker match needs a shared role word.
   An organisation joins the one with its key, or a spelling of it a word apart.
   A short form an article spells out (``State`` for its ``State Department``,
   ``SDF`` for the ``Syrian Democratic Forces (SDF)``) becomes a spelling of the
   full name, and a speaker stored under that short form alone by an earlier
   article is merged into it (:func:`_absorb_short_forms`), so the short form
   names one speaker whichever article came first.
3. What cannot be identified beyond its article (a surname that no full name
   explains, an anonymous source, ``the monitor`` with nothing before it) gets a
   row scoped to that article (``scope_article_id``) and never merges with
   anything outside it.

A speaker known across articles is named by the spelling most articles write
(for an organisation, the one of most words first: ``State Department``, not
``State``), ties going to the spelling without brackets (``(SDF)``), then
without look-alike letters, then the longer, then the last in code-point order: whichever article came first, the
same name (:func:`_settle_names`). A name given by hand (``quotes speakers
rename``) stays.
"""
from __future__ import annotations

import collections
from dataclasses import dataclass, field

import sqlite_utils
from rapidfuzz import fuzz

from quotes import store
from quotes.extract import names
from quotes.lang import LanguagePack
from quotes.model import ANONYMOUS, ORGANISATION, PERSON, Attribution, Referent
from quotes.store import identity as lookups

FUZZY_ACCEPT = 90  # rapidfuzz ratio of two name keys that merge on their own
FUZZY_WITH_ROLE = 82  # ... or that merge when they share a role word
GIVEN_NAME_MIN = 80  # given names must be this close (Bill/Hillary are not)


@dataclass
class _Rows:
    """The rows one article's referents have found or made so far, by their in-article key."""

    db: sqlite_utils.Database
    article_id: int
    pack: LanguagePack
    by_local: dict[str, int] = field(default_factory=dict)
    # (speaker id, key): the article spells the key out as the speaker's full name
    short_forms: set[tuple[int, str]] = field(default_factory=set)
    _has_overrides: bool | None = None

    def override(self, local: str | None) -> int | None:
        """The speaker a manual correction sends ``local`` to, if one does."""
        if local is None:
            return None
        if self._has_overrides is None:
            self._has_overrides = lookups.has_overrides(self.db)
        return lookups.override(self.db, local) if self._has_overrides else None

    def renamed_by_hand(self, speaker_id: int) -> bool:
        """Whether ``quotes speakers rename`` named the speaker (its name then stays)."""
        if self._has_overrides is None:
            self._has_overrides = lookups.has_overrides(self.db)
        return self._has_overrides and lookups.renamed_by_hand(self.db, speaker_id)

    def scoped(self, local: str, name: str, kind: str) -> int:
        """A speaker known only inside this article."""
        if local not in self.by_local:
            key = local.partition(":")[2] if kind != ANONYMOUS else None
            self.by_local[local] = store.add_speaker(self.db, {
                "name": names.visible(name), "kind": kind, "key": key, "quote_count": 0, "block": None,
                "skeleton": None, "scope_article_id": self.article_id})
        return self.by_local[local]


def assign_speakers(db: sqlite_utils.Database, article_id: int, quotes: list[Attribution],
                    referents: list[Referent], pack: LanguagePack) -> set[int]:
    """Set ``speaker_id`` on each quote of an article from its referents, in their order;
    record spellings, roles and counts. Returns the speakers that absorbed another one
    (:func:`_absorb_short_forms`), whose statements may now be one."""
    rows = _Rows(db, article_id, pack)
    recorded: set[tuple] = set()
    counted: collections.Counter[int] = collections.Counter()
    offered: dict[int, set[str]] = collections.defaultdict(set)
    found: list[int] = []
    for referent in referents:
        quote = quotes[referent.quote]
        speaker_id = _speaker_id(rows, referent, quote.speaker.role, found)
        found.append(speaker_id)
        quote.speaker_id = speaker_id
        offered[speaker_id] |= names.offered(referent)
        alias = referent.alias and names.visible(referent.alias)
        if alias and (speaker_id, alias) not in recorded:
            recorded.add((speaker_id, alias))
            store.add_alias(db, {"speaker_id": speaker_id, "alias": alias,
                                 "key": referent.alias_key, "article_id": article_id})
        role = quote.speaker.role
        if role and (speaker_id, "role", role) not in recorded:
            recorded.add((speaker_id, "role", role))
            lookups.add_role(db, speaker_id, role, article_id)
        counted[speaker_id] += 1
    absorbed = _absorb_short_forms(rows)
    _follow(absorbed, quotes, counted, offered)
    store.add_speaker_quotes(db, counted)
    _settle_names(rows, {sid: spellings for sid, spellings in offered.items() if spellings})
    return {speaker_id for speaker_id, _ in absorbed.values()}


def _follow(absorbed: dict[int, tuple[int, str]], quotes: list[Attribution],
            counted: collections.Counter[int], offered: dict[int, set[str]]) -> None:
    """Send this article's quotes, counts and offered names of each absorbed speaker to
    the one that absorbed it; its name is offered there too."""
    for gone, (speaker_id, name) in absorbed.items():
        for quote in quotes:
            if quote.speaker_id == gone:
                quote.speaker_id = speaker_id
        counted[speaker_id] += counted.pop(gone, 0)
        offered[speaker_id] |= offered.pop(gone, set()) | {name}


def _settle_names(rows: _Rows, offered: dict[int, set[str]]) -> None:
    """Give each speaker this article offered spellings for the best name it has been given.

    Runs after the article's spellings are counted. A speaker's name is the best of
    every spelling ever offered for it, so only a speaker offered a spelling other than
    its name can change, and only to one of those: one query for the article's names,
    one more per such speaker.
    """
    current = lookups.global_names(rows.db, offered)
    for speaker_id, (kind, name) in current.items():
        if offered[speaker_id] <= {name} or rows.renamed_by_hand(speaker_id):
            continue
        spellings = offered[speaker_id] | {name}
        articles = lookups.spelling_articles(rows.db, speaker_id, spellings)
        best = max(spellings, key=lambda spelling: names.name_rank(kind, spelling, articles.get(spelling, 0)))
        if best != name:
            lookups.set_name(rows.db, speaker_id, best)


def _speaker_id(rows: _Rows, referent: Referent, role: str | None, found: list[int]) -> int:
    if referent.same_as:
        return max(found[position] for position in referent.same_as)
    if referent.scoped:
        return rows.scoped(referent.local, referent.name, referent.kind)
    if referent.kind == PERSON:
        return _person_id(rows, referent, role)
    return _organisation_id(rows, referent)


# -- people ---------------------------------------------------------------

def _person_id(rows: _Rows, referent: Referent, role: str | None) -> int:
    spelled = rows.override(referent.spelling)
    if spelled:
        return spelled
    local = referent.local
    if local in rows.by_local:
        return rows.by_local[local]
    parsed = names.PersonName.from_parts(referent.person)
    speaker_id = (rows.override(local)
                  or _exact_person(rows, parsed)
                  or _fuzzy_person(rows, parsed, role))
    if speaker_id is None:
        speaker_id = store.add_speaker(rows.db, {
            "name": names.visible(parsed.written), "kind": PERSON, "key": parsed.key, "quote_count": 0,
            "block": parsed.block, "skeleton": parsed.skeleton, "scope_article_id": None})
    rows.by_local[local] = speaker_id
    return speaker_id


def _exact_person(rows: _Rows, parsed: names.PersonName) -> int | None:
    for speaker_id, name in lookups.named(rows.db, PERSON, parsed.key):
        other = names.parse_person(name, rows.pack)
        if other is None or names.middles_agree(parsed, other):
            return speaker_id
    return None


def _fuzzy_person(rows: _Rows, parsed: names.PersonName, role: str | None) -> int | None:
    """The closest speaker sharing the surname or its skeleton, if close enough."""
    best, best_score = None, 0.0
    words = _role_words(role, rows.pack)
    for speaker_id, name, key in lookups.people_near(rows.db, parsed.block, parsed.skeleton):
        other = names.parse_person(name, rows.pack)
        if other is None or not other.complete or other.suffix != parsed.suffix \
                or not names.middles_agree(parsed, other) or not _given_agree(parsed, other):
            continue
        score = fuzz.ratio(parsed.key, key)
        if score < FUZZY_ACCEPT:
            if score < FUZZY_WITH_ROLE or not words or not words & _speaker_role_words(rows, speaker_id):
                continue
        if score > best_score:
            best, best_score = speaker_id, score
    return best


def _given_agree(a: names.PersonName, b: names.PersonName) -> bool:
    if a.given == b.given:
        return True
    if not a.given or not b.given or a.given[0] != b.given[0]:
        return False
    return fuzz.ratio(a.given, b.given) >= GIVEN_NAME_MIN


def _role_words(role: str | None, pack: LanguagePack) -> set[str]:
    return {w for w in names.fold(role or "").replace("-", " ").split() if w not in pack.role_stopwords}


def _speaker_role_words(rows: _Rows, speaker_id: int) -> set[str]:
    words: set[str] = set()
    for role in lookups.roles(rows.db, speaker_id):
        words |= _role_words(role, rows.pack)
    return words


# -- organisations ----------------------------------------------------------

def _organisation_id(rows: _Rows, referent: Referent) -> int:
    local, key = referent.local, referent.key
    speaker_id = rows.override(referent.spelling) or rows.by_local.get(local)
    if speaker_id is None:
        if referent.scoped_if_new:
            speaker_id = rows.scoped(local, referent.name, ORGANISATION)
        else:
            speaker_id = (rows.override(local) or _exact_organisation(rows.db, key)
                          or _fuzzy_organisation(rows.db, key)
                          or _new_organisation(rows.db, referent.name, key))
        rows.by_local[local] = speaker_id
    if referent.alias_key and referent.alias_key != key:  # "State", spelt out as "State Department"
        rows.short_forms.add((speaker_id, referent.alias_key))
    acronym = referent.acronym
    if acronym:
        rows.by_local.setdefault("organisation:" + acronym, speaker_id)
        holder = _exact_organisation(rows.db, acronym)
        if holder and holder in lookups.organisations_keyed(rows.db, acronym, speaker_id):
            rows.short_forms.add((speaker_id, acronym))  # "SDF" alone, stored before
            holder = None
        if not holder:
            store.add_alias(rows.db, {"speaker_id": speaker_id, "alias": acronym.upper(),
                                      "key": acronym, "article_id": rows.article_id})
    return speaker_id


def _absorb_short_forms(rows: _Rows) -> dict[int, tuple[int, str]]:
    """Merge each organisation stored under a short form alone (``State``) into the one
    this article spells it out as (``State Department``); ``{absorbed id: (id, its name)}``.

    Without this the short form would be one speaker if its spelling-out came
    first (later mentions find it as a spelling) and two if it came last. Two full
    names spelling out one short form (``Post``) keep it with the first stored.
    """
    absorbed: dict[int, tuple[int, str]] = {}
    for speaker_id, short in sorted(rows.short_forms):
        speaker_id = absorbed.get(speaker_id, (speaker_id,))[0]
        for other, name in lookups.organisations_keyed(rows.db, short, speaker_id).items():
            lookups.absorb(rows.db, other, speaker_id)
            absorbed[other] = (speaker_id, name)
    return absorbed


def _exact_organisation(db: sqlite_utils.Database, key: str) -> int | None:
    found = lookups.named(db, ORGANISATION, key)
    return found[0][0] if found else None


def _fuzzy_organisation(db: sqlite_utils.Database, key: str) -> int | None:
    """Organisation names differ by a word's spelling at most (``of``/``for``)."""
    best, best_score = None, 0.0
    for speaker_id, other in lookups.organisations_near(db, names.org_block(key)):
        score = fuzz.token_sort_ratio(key, other)
        if score >= 95 and score > best_score:
            best, best_score = speaker_id, score
    return best


def _new_organisation(db: sqlite_utils.Database, name: str, key: str) -> int:
    return store.add_speaker(db, {
        "name": names.visible(names.without_the(name)), "kind": ORGANISATION, "key": key,
        "quote_count": 0, "block": names.org_block(key), "skeleton": None,
        "scope_article_id": None})
