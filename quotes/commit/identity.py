"""Speaker identity across articles: one person, one row, however outlets spell them.

The engine hands over speakers resolved inside their article; this step gives
each one a ``speakers`` row, incrementally, with indexed lookups only:

1. A manual override (``quotes speakers merge/split/rename``) for the name's
   key wins over everything else.
2. Inside the article, a bare surname (``Bali``) or first name goes to the one
   full name of the article it fits, first among the article's speakers, then
   among the names its text introduces; an organisation's short form (``the
   Observatory``) goes to the one longer name that contains it; a definite
   description (``the Britain-based monitor``) goes to the latest organisation
   quoted before it that is of its sort (``ORGANISATION_FAMILIES`` in
   :mod:`quotes.lang.en`) or that the text calls so, and otherwise stays an
   unnamed organisation of its article.
3. Across articles, a full name joins the speaker with the same key
   (:mod:`quotes.names`) unless middle initials disagree; failing that, the
   best fuzzy match (rapidfuzz) among speakers with the same surname or
   surname skeleton, with the same suffix and given name; a weaker match
   needs a shared role word. Blocking keeps this to one indexed query.
4. What cannot be identified beyond its article (a surname that no full name
   explains, an anonymous source, ``the monitor`` with nothing before it)
   gets a row scoped to that article (``scope_article_id``) and never merges
   with anything outside it.
"""
from __future__ import annotations

import collections
import functools
import re
from bisect import bisect_left
from dataclasses import dataclass, field

import sqlite_utils
from rapidfuzz import fuzz

from quotes.extract import names
from quotes import store
from quotes.lang import get
from quotes.model import ANONYMOUS, ORGANISATION, PERSON, Attribution, Speaker

FUZZY_ACCEPT = 90  # rapidfuzz ratio of two name keys that merge on their own
FUZZY_WITH_ROLE = 82  # ... or that merge when they share a role word
GIVEN_NAME_MIN = 80  # given names must be this close (Bill/Hillary are not)
BLOCK_LIMIT = 2000
DOMINANCE = 3  # a bare surname takes a full name written this many times as often as any other
EN = get("en")  # descriptors, organisation families, role stopwords, pronouns

_THE = re.compile(r"^[Tt]he\s+")


def _role_words(role: str | None) -> set[str]:
    return {w for w in names.fold(role or "").replace("-", " ").split() if w not in EN.role_stopwords}


@dataclass
class _InArticle:
    """What one article has resolved so far, so its mentions agree with each other."""

    db: sqlite_utils.Database
    article_id: int
    text: str
    # The article's quoted people by surname and by given name.
    by_surname: dict[str, list[names.PersonName]] = field(default_factory=dict)
    by_given: dict[str, list[names.PersonName]] = field(default_factory=dict)
    # (start, key, speaker id, (name as written, canonical name))
    orgs: list[tuple[int, str, int, tuple[str, str]]] = field(default_factory=list)
    by_key: dict[str, int] = field(default_factory=dict)
    _names: list[names.PersonName] | None = None
    _phrases: list[tuple[int, str]] | None = None
    # Indexes over the text built once, so each organisation costs a look-up, not a scan
    # of the whole article (which made long articles quadratic).
    _org_phrases: dict[str, list[tuple[str, str]]] | None = None
    _phrase_ends: dict[int, list[str]] | None = None
    _phrase_starts: list[tuple[int, str]] | None = None
    _longest_phrase: int = 0
    _fitting: dict[tuple[str, str], bool] = field(default_factory=dict)
    _full_by_surname: dict[str, list[names.PersonName]] | None = None
    _words_at: dict[str, list[int]] | None = None
    _has_overrides: bool | None = None

    def override(self, local: str) -> int | None:
        """The speaker a manual correction sends ``local`` to, if one does. Most databases
        have none, so one look at the table per article spares a query per mention."""
        if self._has_overrides is None:
            self._has_overrides = self.db.execute(
                "select exists (select 1 from speaker_overrides)").fetchone()[0] == 1
        return _override(self.db, local) if self._has_overrides else None

    @property
    def phrases(self) -> list[tuple[int, str]]:
        """Capitalised phrases with their offsets, cut to what can be a name (see :mod:`quotes.names`)."""
        if self._phrases is None:
            self._phrases = names.capitalised_phrases(self.text)
        return self._phrases

    @property
    def full_names(self) -> list[names.PersonName]:
        """Every full person name the text writes, parsed once when a bare surname needs them."""
        if self._names is None:
            parsed = (names.parse_person(phrase) for _, phrase in self.phrases)
            self._names = [p for p in parsed if p is not None and p.complete]
        return self._names

    def add_person(self, parsed: names.PersonName) -> None:
        self.by_surname.setdefault(parsed.surname, []).append(parsed)
        self.by_given.setdefault(parsed.given, []).append(parsed)

    def full_names_called(self, surname: str) -> list[names.PersonName]:
        """The full names the text writes with this surname, in text order."""
        if self._full_by_surname is None:
            self._full_by_surname = {}
            for parsed in self.full_names:
                self._full_by_surname.setdefault(parsed.surname, []).append(parsed)
        return self._full_by_surname.get(surname, [])

    def occurrences(self, form: str) -> list[int]:
        """Where ``form`` is written in the text, found through an index of where each word
        starts (built once), not by scanning the whole text for every name."""
        first = _WORD_RUN.search(form)
        if first is None:
            return [m.start() for m in re.finditer(re.escape(form), self.text)]
        if self._words_at is None:
            self._words_at = {}
            for match in _WORD_RUN.finditer(self.text):
                self._words_at.setdefault(match.group(), []).append(match.start())
        lead = first.start()
        return [at - lead for at in self._words_at.get(first.group(), [])
                if at >= lead and self.text.startswith(form, at - lead)]

    def org_phrases(self, word: str) -> list[tuple[str, str]]:
        """``(key, phrase)`` of the capitalised phrases with ``word`` in their key that can
        name an organisation: at most 8 words, no ``and``, no title, outside Title Case lines."""
        if self._org_phrases is None:
            self._org_phrases = {}
            title_case: dict[int, bool] = {}
            excluded = EN.name_titles | EN.noise - EN.name_joiners
            for start, phrase in self.phrases:
                line = self.text.rfind("\n", 0, start) + 1
                if line not in title_case:
                    title_case[line] = names.title_case_line(self.text, start)
                if title_case[line]:
                    continue
                phrase_key = names.org_key(phrase)
                words = phrase_key.split()
                if len(words) <= 8 and "and" not in words and not set(words) & excluded:
                    for each in set(words):
                        self._org_phrases.setdefault(each, []).append((phrase_key, phrase))
        return self._org_phrases.get(word, [])

    def phrases_around(self, offset: int) -> list[tuple[int, str]]:
        """The phrases that can contain ``offset``, in text order: those starting at most the
        longest phrase's length before it."""
        if self._phrase_starts is None:
            self._phrase_starts = sorted(self.phrases)
            self._longest_phrase = max((len(p) for _, p in self.phrases), default=0)
        i = bisect_left(self._phrase_starts, (offset - self._longest_phrase,))
        j = bisect_left(self._phrase_starts, (offset + 1,))
        return self._phrase_starts[i:j]

    def phrases_ending_at(self, offset: int) -> list[str]:
        if self._phrase_ends is None:
            self._phrase_ends = {}
            for start, phrase in self.phrases:
                self._phrase_ends.setdefault(start + len(phrase), []).append(phrase)
        return self._phrase_ends.get(offset, [])


def assign_speakers(db: sqlite_utils.Database, article_id: int, text: str,
                    quotes: list[Attribution], phrases: list[tuple[int, str]] | None = None) -> None:
    """Set ``speaker_id`` on each quote of the article ``text``; record aliases, roles and counts.

    ``phrases`` are the text's capitalised phrases when the extract stage found them
    already (:func:`quotes.names.capitalised_phrases`); otherwise they are found here.
    """
    article = _InArticle(db, article_id, text, _phrases=phrases)
    recorded: set[tuple] = set()
    counted: collections.Counter[int] = collections.Counter()

    def order(quote: Attribution) -> tuple[int, int]:
        # Full names and organisations first, so short forms anywhere in the article can use them.
        return (_pass(quote.speaker), quote.speaker.start)

    for quote in sorted((q for q in quotes if q.speaker is not None), key=order):
        speaker = quote.speaker
        if not (speaker.name or speaker.description or speaker.mention):
            continue
        speaker_id, alias, key = _resolve(article, speaker)
        quote.speaker_id = speaker_id
        if (speaker_id, alias) not in recorded and alias:
            recorded.add((speaker_id, alias))
            store.add_alias(db, {"speaker_id": speaker_id, "alias": alias, "key": key,
                                 "article_id": article_id})
        role = speaker.role
        if role and (speaker_id, "role", role) not in recorded:
            recorded.add((speaker_id, "role", role))
            store.add_row(db, "speaker_roles", {"speaker_id": speaker_id, "role": role,
                                                "article_id": article_id})
        counted[speaker_id] += 1
    db.conn.executemany("update speakers set quote_count = quote_count + ? where id = ?",
                        [(count, speaker_id) for speaker_id, count in counted.items()])


def _pass(speaker: Speaker) -> int:
    if speaker.kind == ANONYMOUS or not speaker.name:
        return 3
    if speaker.kind == ORGANISATION:
        return 2 if _descriptor(speaker) else 0
    parsed = names.parse_person(speaker.name)
    return 0 if parsed and parsed.complete else 1


def _resolve(article: _InArticle, speaker: Speaker) -> tuple[int, str, str | None]:
    """The speaker id for one mention, with the alias and alias key to record."""
    if names.starts_with_verb(speaker.mention):
        # "Calls Trump’s Putin" (a headline's clause): whatever an engine made of it, no name.
        return _scoped(article, "anonymous:" + speaker.mention, speaker.mention, ANONYMOUS), \
            speaker.mention, None
    if speaker.kind == ORGANISATION and speaker.name:
        return _resolve_org(article, speaker)
    if speaker.kind != ANONYMOUS and speaker.name:
        parsed = names.parse_person(speaker.name)
        if parsed is not None:
            return _resolve_person(article, speaker, parsed)
    if _descriptor(speaker):
        return _resolve_org(article, speaker)
    description = speaker.description or speaker.name or speaker.mention
    return _scoped(article, "anonymous:" + description, description, ANONYMOUS), description, None


# -- people ---------------------------------------------------------------

def _resolve_person(article: _InArticle, speaker: Speaker,
                    parsed: names.PersonName) -> tuple[int, str, str]:
    alias, alias_key = parsed.written, parsed.key
    if not parsed.complete:
        full = _full_name_for(article, parsed)
        if full is None:
            return _scoped(article, "person:" + parsed.key, parsed.written, PERSON), alias, alias_key
        parsed = full
    return _person_id(article, parsed, speaker.role), alias, alias_key


def _full_name_for(article: _InArticle, bare: names.PersonName) -> names.PersonName | None:
    """The full name in this article that a bare surname (or first name) stands for.

    A full name quoted in the article wins when it is the only one that fits;
    otherwise the full name the text writes, when it is the only one or
    written at least three times as often as any other (so a stray ``Iowa Clinton``
    does not stop ``Clinton`` from finding ``Hillary Clinton``).
    """
    quoted = {p.key: p for p in article.by_surname.get(bare.surname, [])}
    if len(quoted) == 1:
        return next(iter(quoted.values()))
    if quoted:
        return None  # Bill and Hillary Clinton both quoted: "Clinton" stays ambiguous
    found: dict[str, list[names.PersonName]] = {}
    for candidate in article.full_names_called(bare.surname):
        found.setdefault(candidate.key, []).append(candidate)
    if not found:
        # A first name ("Hillary", "Donald") for the one quoted person who has it; never
        # after a title ("Mr. Trump" is no first name, whatever "Trump Revealed" says).
        first = {p.key: p for p in article.by_given.get(bare.surname, [])}
        return next(iter(first.values())) if len(first) == 1 and not bare.titles else None
    ranked = sorted(found.values(), key=len, reverse=True)
    if len(ranked) == 1 or len(ranked[0]) >= DOMINANCE * len(ranked[1]):
        return ranked[0][0]
    return None


def _person_id(article: _InArticle, parsed: names.PersonName, role: str | None) -> int:
    local = "person:" + parsed.key
    spelled = article.override(spelling_key(PERSON, parsed.written))
    if spelled:
        return spelled
    if local in article.by_key:
        return article.by_key[local]
    speaker_id = (article.override(local)
                  or _exact_person(article.db, parsed)
                  or _fuzzy_person(article.db, parsed, role))
    if speaker_id is None:
        speaker_id = store.add_speaker(article.db, {
            "name": parsed.written, "kind": PERSON, "key": parsed.key, "quote_count": 0,
            "block": parsed.block, "skeleton": parsed.skeleton, "scope_article_id": None})
    article.by_key[local] = speaker_id
    article.add_person(parsed)
    return speaker_id


def _exact_person(db: sqlite_utils.Database, parsed: names.PersonName) -> int | None:
    rows = db.execute(
        """
        select id, name from speakers
        where key = :key and kind = 'person' and scope_article_id is null
        union
        select speakers.id, speakers.name from speaker_spellings
        join speakers on speakers.id = speaker_spellings.speaker_id
        where speaker_spellings.key = :key and speakers.kind = 'person'
          and speakers.scope_article_id is null
        order by 1
        """,
        {"key": parsed.key},
    ).fetchall()
    for speaker_id, name in rows:
        other = names.parse_person(name)
        if other is None or names.middles_agree(parsed, other):
            return speaker_id
    return None


def _fuzzy_person(db: sqlite_utils.Database, parsed: names.PersonName,
                  role: str | None) -> int | None:
    """The closest speaker sharing the surname or its skeleton, if close enough."""
    rows = db.execute(
        """
        select id, name, key from speakers where id in (
            select id from speakers where block = :block
            union select id from speakers where skeleton = :skeleton)
        and kind = 'person' and +scope_article_id is null
        limit :limit
        """,
        {"block": parsed.block, "skeleton": parsed.skeleton, "limit": BLOCK_LIMIT},
    ).fetchall()
    best, best_score = None, 0.0
    words = _role_words(role)
    for speaker_id, name, key in rows:
        other = names.parse_person(name)
        if other is None or not other.complete or other.suffix != parsed.suffix \
                or not names.middles_agree(parsed, other) or not _given_agree(parsed, other):
            continue
        score = fuzz.ratio(parsed.key, key)
        if score < FUZZY_ACCEPT:
            if score < FUZZY_WITH_ROLE or not words or not words & _speaker_role_words(db, speaker_id):
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


def _speaker_role_words(db: sqlite_utils.Database, speaker_id: int) -> set[str]:
    words: set[str] = set()
    for (role,) in db.execute("select role from speaker_roles where speaker_id = ?", [speaker_id]):
        words |= _role_words(role)
    return words


# -- organisations ----------------------------------------------------------

def _descriptor(speaker: Speaker) -> bool:
    """``the Britain-based monitor``, ``police``: a description, not a name.

    Either the mention is a definite description or the name is all lower-case
    (the engine keeps descriptions so, also for ``it`` resolved to one).
    """
    words = _described(speaker).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    # Modifiers describe too ("Britain-based"); "the Clinton campaign" is a name.
    return bool(words) and names.fold(words[-1]) in EN.descriptors \
        and all(w.split("-")[-1].islower() for w in words)


def _described(speaker: Speaker) -> str:
    first = speaker.mention.split(",")[0].strip()
    if first.lower() in EN.pronouns and speaker.name:
        return speaker.name  # "it", resolved in its article to "social media company"
    return first


def _written_whole(article: _InArticle, speaker: Speaker, name: str) -> str:
    """``State Department`` where the engine took ``Department`` out of ``The State Department``."""
    for start, phrase in article.phrases_around(speaker.start):
        if start < speaker.start < start + len(phrase) and phrase.endswith(" " + name):
            return phrase
    return name


def _family(head: str) -> set[str]:
    found = {head}
    for family in EN.organisation_families:
        if head in family:
            found |= family
    return found


def _fits(article: _InArticle, head: str, key: str, forms: tuple[str, ...]) -> bool:
    """Whether an organisation can be what ``the <head>`` describes (``ORGANISATION_FAMILIES``)."""
    family = _family(head)
    if family & set(key.split()):
        return True
    words = "|".join(sorted(map(re.escape, family)))
    for form in {f for f in forms if f}:
        if (words, form) not in article._fitting:
            article._fitting[words, form] = _called(article, form, words)
        if article._fitting[words, form]:
            return True
    return False


def _called(article: _InArticle, form: str, words: str) -> bool:
    """Whether the text calls ``form`` one of ``words``: "GunBroker.com, the website that ..."
    or "the website GunBroker.com". Looked for only where ``form`` is written."""
    after, before = _family_patterns(words)
    text = article.text
    for at in article.occurrences(form):
        end = at + len(form)
        if _boundary(text, at) and after.match(text, end, end + 400):
            return True
        if _boundary(text, end) and before.search(text, max(0, at - 80), at):
            return True
    return False


@functools.lru_cache(maxsize=64)
def _family_patterns(words: str) -> tuple[re.Pattern, re.Pattern]:
    """What follows a name that the text calls one of ``words``, and what precedes it."""
    after = re.compile(rf"(?:\s*\([^)]*\))?,\s+(?i:a|an|the)\s+(?:[\w’'-]+\s+){{0,5}}?"
                       rf"(?i:{words})\b")
    before = re.compile(rf"\b(?i:{words})\s+(?:the\s+)?\Z")
    return after, before


_WORD_RUN = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


def _boundary(text: str, at: int) -> bool:
    """Whether regular expressions' ``\\b`` holds at ``at``."""
    before = at > 0 and bool(_WORD_CHAR.match(text[at - 1]))
    after = at < len(text) and bool(_WORD_CHAR.match(text[at]))
    return before != after


def _description(speaker: Speaker) -> str:
    """``the agency`` as written, lower-case: a description is no proper name."""
    first = _described(speaker)
    return first[:1].lower() + first[1:]


def _resolve_org(article: _InArticle, speaker: Speaker) -> tuple[int, str, str | None]:
    if _descriptor(speaker):
        description = _description(speaker)
        head = names.fold(description.split()[-1])
        earlier = [(start, sid) for start, key, sid, forms in article.orgs
                   if start < speaker.start and not _not_a_name(key)
                   and _fits(article, head, key, forms)]
        if earlier:
            return max(earlier)[1], re.sub(r"^the\s+", "", description), None
        key = names.org_key(description)
        return _scoped(article, "organisation:" + key, description, ORGANISATION), description, key
    # A name that runs over a sentence end ("Pentagon.\n\nThe New York Times") is its last part.
    written = name = _without_the(_written_whole(article, speaker, names.last_sentence(speaker.name)))
    written_key = key = names.org_key(name)
    if not key:
        return _scoped(article, "anonymous:" + name, name, ANONYMOUS), name, None
    full = _full_org_for(article, key, written)
    if full is not None:
        name, key = full
    local = "organisation:" + key
    speaker_id = article.override(spelling_key(ORGANISATION, written)) \
        or article.by_key.get(local)
    if speaker_id is None:
        if key in EN.descriptors:  # "police said", "the Agency": a common noun, no name
            speaker_id = _scoped(article, local, _description(speaker), ORGANISATION)
        elif _not_a_name(written) or written.islower():
            # "statement", "lawsuit": the engine keeps descriptions lower-case; one per article
            speaker_id = _scoped(article, local, name, ORGANISATION)
        else:
            speaker_id = (article.override(local) or _exact_org(article.db, key)
                          or _fuzzy_org(article.db, key)
                          or _new_org(article.db, name, key))
        article.by_key[local] = speaker_id
    acronym = names.org_acronym(name)
    if acronym:
        article.by_key.setdefault("organisation:" + acronym, speaker_id)
        if not _exact_org(article.db, acronym):
            store.add_alias(article.db, {"speaker_id": speaker_id, "alias": acronym.upper(),
                                         "key": acronym, "article_id": article.article_id})
    article.orgs.append((speaker.start, key, speaker_id, (written, name)))
    return speaker_id, written, written_key


def _without_the(name: str) -> str:
    """``The New York Times`` → ``New York Times``: an organisation's name without its article."""
    return _THE.sub("", name)


def _not_a_name(written: str) -> bool:
    """``It doesn't``, ``While one company``: words the engine took for a name (``US Army`` is one)."""
    first = written.split()[0]
    return names.fold(first) in EN.noise and not first.isupper() and "." not in first


def _full_org_for(article: _InArticle, key: str, written: str) -> tuple[str, str] | None:
    """The one longer organisation name in the article that a one-word short form stands for.

    ``the Observatory`` → ``Syrian Observatory for Human Rights``: a name quoted
    earlier, a name the text introduces the acronym with (``... Forces (SDF)``),
    or the one capitalised phrase of the text containing the word (with no title
    in it, so ``Pentagon Press Secretary Peter Cook`` is no organisation).
    """
    if len(key.split()) != 1:
        return None
    pattern = re.compile(rf"(?:^|\s){re.escape(key)}(?:\s|$)")
    # "F.B.I. and the San Bernardino County Sheriff's Department" is not the F.B.I.
    found = {k: k for _, k, _, _ in article.orgs
             if k != key and pattern.search(k) and " and " not in k}
    if not found:
        introduced = _introduces(article, written)
        if introduced:
            return _without_the(introduced), names.org_key(introduced)
        for phrase_key, phrase in article.org_phrases(key):
            if phrase_key != key:
                found.setdefault(phrase_key, _without_the(phrase))
    if not found:
        return None
    longest = max(found, key=len)
    if all(k in longest for k in found):  # "Syrian Observatory" inside the full name
        name = found[longest] if found[longest] != longest else _org_name(article, longest)
        return name, longest
    return None


def _introduces(article: _InArticle, acronym: str) -> str | None:
    """The phrase written just before ``(SDF)``: ``Syrian Democratic Forces``."""
    for match in re.finditer(rf"\(\s*{re.escape(acronym)}\s*\)", article.text):
        at = match.start()
        while at > 0 and article.text[at - 1].isspace():
            at -= 1
        for phrase in article.phrases_ending_at(at):
            if phrase != acronym:
                return phrase
    return None


def _org_name(article: _InArticle, key: str) -> str:
    row = article.db.execute(
        "select name from speakers where key = ? and kind = 'organisation' order by id limit 1",
        [key]).fetchone()
    return row[0] if row else key


def _exact_org(db: sqlite_utils.Database, key: str) -> int | None:
    row = db.execute(
        """
        select id from speakers
        where key = :key and kind = 'organisation' and scope_article_id is null
        union
        select speakers.id from speaker_spellings
        join speakers on speakers.id = speaker_spellings.speaker_id
        where speaker_spellings.key = :key and speakers.kind = 'organisation'
          and speakers.scope_article_id is null
        order by 1 limit 1
        """,
        {"key": key},
    ).fetchone()
    return row[0] if row else None


def _fuzzy_org(db: sqlite_utils.Database, key: str) -> int | None:
    """Organisation names differ by a word's spelling at most (``of``/``for``)."""
    best, best_score = None, 0.0
    for speaker_id, other in db.execute(
        "select id, key from speakers where block = ? and kind = 'organisation' "
        "and +scope_article_id is null limit ?", [names.org_block(key), BLOCK_LIMIT],
    ):
        score = fuzz.token_sort_ratio(key, other)
        if score >= 95 and score > best_score:
            best, best_score = speaker_id, score
    return best


def _new_org(db: sqlite_utils.Database, name: str, key: str) -> int:
    return store.add_speaker(db, {
        "name": _without_the(name), "kind": ORGANISATION, "key": key,
        "quote_count": 0, "block": names.org_block(key), "skeleton": None,
        "scope_article_id": None})


# -- shared -----------------------------------------------------------------

def _scoped(article: _InArticle, local: str, name: str, kind: str) -> int:
    """A speaker known only inside this article."""
    if local not in article.by_key:
        key = local.partition(":")[2] if kind != ANONYMOUS else None
        article.by_key[local] = store.add_speaker(article.db, {
            "name": name, "kind": kind, "key": key, "quote_count": 0, "block": None,
            "skeleton": None, "scope_article_id": article.article_id})
    return article.by_key[local]


def spelling_key(kind: str, written: str) -> str:
    """An override key for one exact spelling, for when a key is shared (``Donald J. Trump``)."""
    return f"{kind}:={names.fold(written)}"


def _override(db: sqlite_utils.Database, local: str) -> int | None:
    row = db.execute(
        """
        select speaker_overrides.speaker_id from speaker_overrides
        join speakers on speakers.id = speaker_overrides.speaker_id
        where speaker_overrides.key = ? order by speaker_overrides.id desc limit 1
        """,
        [local],
    ).fetchone()
    return row[0] if row else None


# -- manual control: quotes speakers merge / split / rename -------------------

class IdentityError(Exception):
    """A speakers command that cannot be done as asked; the message says why."""


def find_speaker(db: sqlite_utils.Database, ref: str, near: bool = False) -> dict:
    """One speaker by id, exact name or name key; ambiguous or unknown names raise.

    A name that matches none of those is looked up as the web look-up does
    (:func:`speakers_called`): with ``near`` the best match is the speaker
    (``Mustafa Baly`` is Mustefa Bali), without it the error names the matches,
    so that merge, split and rename never act on a guess.
    """
    if ref.isdigit():
        row = db.execute("select id from speakers where id = ?", [int(ref)]).fetchone()
        if not row:
            raise IdentityError(f"no speaker with id {ref}")
        return db["speakers"].get(row[0])
    rows = [r for r in db.query(
        "select * from speakers where name = ? collate nocase order by quote_count desc", [ref])]
    if not rows:
        keys = {names.org_key(ref), names.person_key(ref)} - {None, ""}
        rows = [r for r in db.query(
            f"select * from speakers where key in ({','.join('?' * len(keys))}) "
            "order by quote_count desc", list(keys))] if keys else []
    if not rows:
        matches = sorted(speakers_called(db, ref), key=lambda r: (-r["score"],
                         r["scope_article_id"] is not None, -r["quote_count"], r["id"]))
        if near and matches:
            return matches[0]
        hint = ("; did you mean " + ", ".join(f"{r['name']} (id {r['id']})" for r in matches[:3])
                + "?") if matches else "; try `quotes speakers list`"
        raise IdentityError(f"no speaker called {ref!r}{hint}")
    global_rows = [r for r in rows if r["scope_article_id"] is None]
    if len(global_rows) == 1:
        return global_rows[0]
    if len(rows) == 1:
        return rows[0]
    ids = ", ".join(f"{r['id']} ({r['quote_count']} quotes)" for r in rows[:10])
    raise IdentityError(f"{len(rows)} speakers are called {ref!r}; name one by id: {ids}")


def _local_key(speaker: dict, key: str | None = None) -> str:
    key = key if key is not None else speaker["key"]
    local = f"{speaker['kind']}:{key}"
    if speaker["scope_article_id"] is not None:
        local += f"@{speaker['scope_article_id']}"  # a bare surname's merge stays in its article
    return local


def _alias_key(kind: str, alias: str) -> str | None:
    if kind == PERSON:
        return names.person_key(alias)
    if kind == ORGANISATION:
        return names.org_key(alias)
    return None


def _override_row(db, action: str, local: str, speaker_id: int, value: str | None = None):
    db["speaker_overrides"].insert({"action": action, "key": local, "speaker_id": speaker_id,
                                    "value": value, "created_at": store.now()})


def _move(db: sqlite_utils.Database, source: int, target: int,
          articles: list[int] | None = None) -> None:
    where = "speaker_id = ?"
    params: list = [source]
    if articles is not None:
        where += f" and article_id in ({','.join('?' * len(articles))})"
        params += articles
    for table in ("quotes", "speaker_aliases", "speaker_roles"):
        db.execute(f"update {table} set speaker_id = ? where {where}", [target, *params])
    if articles is None and "speaker_id" in db["clusters"].columns_dict:
        db.execute("update clusters set speaker_id = ? where speaker_id = ?", [target, source])


def recount(db: sqlite_utils.Database, *speaker_ids: int) -> None:
    for speaker_id in speaker_ids:
        db.execute("update speakers set quote_count = (select count(*) from quotes "
                   "where speaker_id = :id) where id = :id", {"id": speaker_id})


def merge(db: sqlite_utils.Database, keep: dict, other: dict) -> None:
    """Fold ``other`` into ``keep`` now, and send every later mention keyed like ``other`` to ``keep``."""
    if keep["id"] == other["id"]:
        raise IdentityError("a speaker cannot be merged with itself")
    with store.writing(db):
        keys = {_local_key(other)} if other["key"] else set()
        for (alias_key,) in db.execute(
                "select distinct key from speaker_aliases where speaker_id = ? and key is not null",
                [other["id"]]):
            keys.add(_local_key(other, alias_key))
        for local in sorted(keys):
            db.execute("delete from speaker_overrides where key = ?", [local])
            _override_row(db, "merge", local, keep["id"], other["name"])
        db.execute("update speaker_overrides set speaker_id = ? where speaker_id = ?",
                   [keep["id"], other["id"]])
        _move(db, other["id"], keep["id"])
        if other["scope_article_id"] is None and keep["scope_article_id"] is not None:
            db.execute("update speakers set scope_article_id = null where id = ?", [keep["id"]])
        db.execute("delete from speakers where id = ?", [other["id"]])
        recount(db, keep["id"])


def split(db: sqlite_utils.Database, speaker: dict, alias: str) -> int:
    """Give the spelling ``alias`` (and the speaker's quotes in the articles it was seen in)
    a speaker of its own, and send later mentions spelled that way there too."""
    articles = [a for (a,) in db.execute(
        "select distinct article_id from speaker_aliases where speaker_id = ? "
        "and alias = ? collate nocase order by 1", [speaker["id"], alias])]
    if not articles:
        raise IdentityError(f"{speaker['name']!r} (id {speaker['id']}) was never called {alias!r}; "
                            f"see `quotes speakers show {speaker['id']}`")
    seen = {a for (a,) in db.execute(
        "select distinct article_id from quotes where speaker_id = ?", [speaker["id"]])}
    if seen <= set(articles):
        raise IdentityError(f"every quote of {speaker['name']!r} is in an article that calls them "
                            f"{alias!r}; use `quotes speakers rename` instead")
    key = _alias_key(speaker["kind"], alias)
    shared = key and db.execute(
        f"select 1 from speaker_aliases where speaker_id = ? and key = ? and alias != ? collate nocase "
        f"and article_id not in ({','.join('?' * len(articles))}) limit 1",
        [speaker["id"], key, alias, *articles]).fetchone()
    parsed = names.parse_person(alias) if speaker["kind"] == PERSON else None
    with store.writing(db):
        new_id = db["speakers"].insert(
            {"name": alias, "kind": speaker["kind"], "key": key, "quote_count": 0,
             "block": parsed.block if parsed else names.org_block(key or ""),
             "skeleton": parsed.skeleton if parsed else None,
             "scope_article_id": speaker["scope_article_id"]}).last_pk
        _move(db, speaker["id"], new_id, articles)
        if speaker["scope_article_id"] is None:
            # A key the old speaker still answers to overrides only this exact spelling.
            local = spelling_key(speaker["kind"], alias) if shared or not key \
                else _local_key(db["speakers"].get(new_id))
            db.execute("delete from speaker_overrides where key = ?", [local])
            _override_row(db, "split", local, new_id, speaker["name"])
        recount(db, speaker["id"], new_id)
    return new_id


def rename(db: sqlite_utils.Database, speaker: dict, name: str) -> None:
    """Change the canonical name; later mentions spelled ``name`` land on this speaker too."""
    key = _alias_key(speaker["kind"], name) or speaker["key"]
    with store.writing(db):
        db.execute("update speakers set name = ? where id = ?", [name, speaker["id"]])
        store.file_names(db, [name])
        if key:
            local = _local_key(speaker, key)
            db.execute("delete from speaker_overrides where key = ?", [local])
            _override_row(db, "rename", local, speaker["id"], speaker["name"])


# The score a name or alias needs to count as the speaker asked for: the web look-up's.
LOOKUP_MIN_SCORE = 84


def speakers_called(db: sqlite_utils.Database, name: str) -> list[dict]:
    """Speakers whose name or an alias ``name`` spells, best match first, as the web finds them.

    The same folding and near-spelling score as the ``quotes_by_speaker`` query
    (:func:`quotes.datasette_plugin.name_score`), over the same candidates (the
    names filed in ``speaker_lookup`` under a word or skeleton of a one-word ``name``,
    under two of a longer one's), so
    the CLI and the Python API find whom the web pages find: ``Mustafa Baly``
    finds Mustefa Bali.
    """
    from quotes.web.plugin import name_score

    best: dict[int, int] = {}
    keys = names.lookup_keys(name)
    need = min(2, len(keys) - 1)  # a name of two words or more shares a word, or two skeletons
    filed = (f"(select written from speaker_lookup where key in ({', '.join('?' * len(keys))})"
             f" group by written having count(*) >= {need})")
    for speaker_id, written in db.execute(
            f"select id, name from speakers where name in {filed} union all "
            f"select speaker_id, alias from speaker_spellings where alias in {filed}", keys * 2):
        score = name_score(written, name)
        if score >= LOOKUP_MIN_SCORE and score > best.get(speaker_id, 0):
            best[speaker_id] = score
    ranked = sorted(best, key=lambda sid: -best[sid])
    return [dict(db["speakers"].get(sid), score=best[sid]) for sid in ranked]
