"""Who each speaker is inside one article: which mentions are one person or organisation.

Pure work on one article's text, so it runs in the extract stage (many
processes, Spark executors) and the one writer only matches what comes out
across articles (:mod:`quotes.commit.identity`). For each attribution with a
speaker it gives a :class:`~quotes.model.Referent`:

- a full person name, keyed as :mod:`quotes.extract.names` keys it;
- a bare surname (``Bali``) or first name: the one full name of the article it
  fits, first among the article's quoted people, then among the names its text
  writes; with none, a speaker known only inside the article;
- an organisation's short form (``the Observatory``): the one longer name of the
  article that contains it (a name quoted earlier, the name the text introduces
  an acronym with, the one capitalised phrase that contains it);
- a definite description (``the Britain-based monitor``): the latest organisation
  quoted before it that is of its sort (``ORGANISATION_FAMILIES`` in the pack) or
  that the text calls so; with none, an unnamed organisation of its article;
- anything else (an anonymous source, a headline clause): known only inside the
  article.

Speakers are taken full names and organisations first, so short forms anywhere
in the article can use them; the commit stage matches them in that order.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from quotes.extract import names
from quotes.lang import LanguagePack
from quotes.model import ANONYMOUS, ORGANISATION, PERSON, Attribution, Referent, Speaker

DOMINANCE = 3  # a bare surname takes a full name written this many times as often as any other

_WORD_RUN = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


def spelling_key(kind: str, written: str) -> str:
    """An override key for one exact spelling, for when a key is shared (``Donald J. Trump``)."""
    return f"{kind}:={names.fold(written)}"


@dataclass
class _Article:
    """What one article has settled so far, so that its mentions agree with each other."""

    text: str
    pack: LanguagePack
    phrases: list[tuple[int, str]]
    # The article's quoted people by surname and by given name.
    by_surname: dict[str, list[names.PersonName]] = field(default_factory=dict)
    by_given: dict[str, list[names.PersonName]] = field(default_factory=dict)
    people: set[str] = field(default_factory=set)  # their keys
    # Named organisations so far: (start, key, referent index, (name as written, full name)).
    orgs: list[tuple[int, str, int, tuple[str, str]]] = field(default_factory=list)
    # Indexes over the text built once, so each organisation costs a look-up, not a scan
    # of the whole article (which made long articles quadratic).
    _names: list[names.PersonName] | None = None
    _org_phrases: dict[str, list[tuple[str, str]]] | None = None
    _phrase_ends: dict[int, list[str]] | None = None
    _phrase_starts: list[tuple[int, str]] | None = None
    _longest_phrase: int = 0
    _fitting: dict[tuple[str, str], bool] = field(default_factory=dict)
    _full_by_surname: dict[str, list[names.PersonName]] | None = None
    _words_at: dict[str, list[int]] | None = None

    @property
    def full_names(self) -> list[names.PersonName]:
        """Every full person name the text writes, parsed once when a bare surname needs them."""
        if self._names is None:
            parsed = (names.parse_person(phrase, self.pack) for _, phrase in self.phrases)
            self._names = [p for p in parsed if p is not None and p.complete]
        return self._names

    def add_person(self, parsed: names.PersonName) -> None:
        if parsed.key not in self.people:
            self.people.add(parsed.key)
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
            excluded = self.pack.name_titles | self.pack.noise - self.pack.name_joiners
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


def referents(text: str, quotes: list[Attribution], pack: LanguagePack,
              phrases: list[tuple[int, str]] | None = None) -> list[Referent]:
    """One :class:`Referent` per attribution with a speaker, in the order they are matched.

    ``phrases`` are the text's capitalised phrases (:func:`quotes.extract.names.capitalised_phrases`)
    when the caller found them already.
    """
    if phrases is None:
        phrases = names.capitalised_phrases(text, pack)
    article = _Article(text, pack, phrases)

    def order(index: int) -> tuple[int, int]:
        # Full names and organisations first, so short forms anywhere in the article can use them.
        speaker = quotes[index].speaker
        return (_pass(speaker, pack), speaker.start)

    found: list[Referent] = []
    speaking = [i for i, q in enumerate(quotes) if q.speaker is not None]
    for index in sorted(speaking, key=order):
        speaker = quotes[index].speaker
        if speaker.name or speaker.description or speaker.mention:
            found.append(_resolve(article, index, speaker, len(found)))
    return found


def _pass(speaker: Speaker, pack: LanguagePack) -> int:
    if speaker.kind == ANONYMOUS or not speaker.name:
        return 3
    if speaker.kind == ORGANISATION:  # a one-word short form ("State") after the longer names
        return 2 if _descriptor(speaker, pack) else 0 if " " in speaker.name.strip() else 1
    parsed = names.parse_person(speaker.name, pack)
    return 0 if parsed and parsed.complete else 1


def _scoped(index: int, local: str, name: str, kind: str, alias: str | None,
            alias_key: str | None = None) -> Referent:
    """A speaker known only inside this article."""
    return Referent(index, local, kind, name, alias, alias_key, scoped=True)


def _resolve(article: _Article, index: int, speaker: Speaker, position: int) -> Referent:
    """The referent of one mention; ``position`` is the index it will have among the referents."""
    pack = article.pack
    if names.starts_with_verb(speaker.mention, pack):
        # "Calls Trump’s Putin" (a headline's clause): whatever an engine made of it, no name.
        return _scoped(index, "anonymous:" + speaker.mention, speaker.mention, ANONYMOUS,
                       speaker.mention)
    if speaker.kind == ORGANISATION and speaker.name:
        return _resolve_org(article, index, speaker, position)
    if speaker.kind != ANONYMOUS and speaker.name:
        parsed = names.parse_person(speaker.name, pack)
        if parsed is not None:
            return _resolve_person(article, index, parsed)
    if _descriptor(speaker, pack):
        return _resolve_org(article, index, speaker, position)
    description = speaker.description or speaker.name or speaker.mention
    return _scoped(index, "anonymous:" + description, description, ANONYMOUS, description)


# -- people ---------------------------------------------------------------

def _resolve_person(article: _Article, index: int, parsed: names.PersonName) -> Referent:
    alias, alias_key = parsed.written, parsed.key
    if not parsed.complete:
        full = _full_name_for(article, parsed)
        if full is None:
            return _scoped(index, "person:" + parsed.key, parsed.written, PERSON, alias, alias_key)
        parsed = full
    article.add_person(parsed)
    return Referent(index, "person:" + parsed.key, PERSON, parsed.written, alias, alias_key,
                    key=parsed.key, spelling=spelling_key(PERSON, parsed.written),
                    person=parsed.parts())


def _full_name_for(article: _Article, bare: names.PersonName) -> names.PersonName | None:
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


# -- organisations ----------------------------------------------------------

def _descriptor(speaker: Speaker, pack: LanguagePack) -> bool:
    """``the Britain-based monitor``, ``police``: a description, not a name.

    Either the mention is a definite description or the name is all lower-case
    (the engine keeps descriptions so, also for ``it`` resolved to one).
    """
    words = _described(speaker, pack).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    # Modifiers describe too ("Britain-based"); "the Clinton campaign" is a name.
    return bool(words) and names.fold(words[-1]) in pack.descriptors \
        and all(w.split("-")[-1].islower() for w in words)


def _described(speaker: Speaker, pack: LanguagePack) -> str:
    first = speaker.mention.split(",")[0].strip()
    if first.lower() in pack.pronouns and speaker.name:
        return speaker.name  # "it", resolved in its article to "social media company"
    return first


def _description(speaker: Speaker, pack: LanguagePack) -> str:
    """``the agency`` as written, lower-case: a description is no proper name."""
    first = _described(speaker, pack)
    return first[:1].lower() + first[1:]


def _resolve_org(article: _Article, index: int, speaker: Speaker, position: int) -> Referent:
    if _descriptor(speaker, article.pack):
        return _resolve_description(article, index, speaker)
    # A name that runs over a sentence end ("Pentagon.\n\nThe New York Times") is its last part.
    written = name = names.without_the(_written_whole(article, speaker, names.last_sentence(speaker.name)))
    written_key = key = names.org_key(name)
    if not key:
        return _scoped(index, "anonymous:" + name, name, ANONYMOUS, name)
    full = _full_org_for(article, key, written)
    if full is not None:
        name, key = full
    common = key in article.pack.descriptors  # "police said", "the Agency": a common noun, no name
    article.orgs.append((speaker.start, key, position, (written, name)))
    return Referent(
        index, "organisation:" + key, ORGANISATION,
        _description(speaker, article.pack) if common else name, written, written_key, key=key,
        # "statement", "lawsuit": the engine keeps descriptions lower-case; one per article
        scoped_if_new=common or _not_a_name(written, article.pack) or written.islower(),
        spelling=spelling_key(ORGANISATION, written), acronym=names.org_acronym(name))


def _resolve_description(article: _Article, index: int, speaker: Speaker) -> Referent:
    """``the monitor``: the latest organisation quoted before it that fits, else its article's own."""
    description = _description(speaker, article.pack)
    head = names.fold(description.split()[-1])
    earlier = [(start, position) for start, key, position, forms in article.orgs
               if start < speaker.start and not _not_a_name(key, article.pack)
               and _fits(article, head, key, forms)]
    if earlier:
        latest = max(start for start, _ in earlier)
        return Referent(index, "", ORGANISATION, description, re.sub(r"^the\s+", "", description),
                        same_as=[position for start, position in earlier if start == latest])
    key = names.org_key(description)
    return _scoped(index, "organisation:" + key, description, ORGANISATION, description, key)


def _written_whole(article: _Article, speaker: Speaker, name: str) -> str:
    """``State Department`` where the engine took ``Department`` out of ``The State Department``."""
    for start, phrase in article.phrases_around(speaker.start):
        if start < speaker.start < start + len(phrase) and phrase.endswith(" " + name):
            return phrase
    return name


def _family(head: str, pack: LanguagePack) -> set[str]:
    found = {head}
    for family in pack.organisation_families:
        if head in family:
            found |= family
    return found


def _fits(article: _Article, head: str, key: str, forms: tuple[str, ...]) -> bool:
    """Whether an organisation can be what ``the <head>`` describes (``ORGANISATION_FAMILIES``)."""
    family = _family(head, article.pack)
    if family & set(key.split()):
        return True
    words = "|".join(sorted(map(re.escape, family)))
    for form in {f for f in forms if f}:
        if (words, form) not in article._fitting:
            article._fitting[words, form] = _called(article, form, words)
        if article._fitting[words, form]:
            return True
    return False


def _called(article: _Article, form: str, words: str) -> bool:
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


def _boundary(text: str, at: int) -> bool:
    """Whether regular expressions' ``\\b`` holds at ``at``."""
    before = at > 0 and bool(_WORD_CHAR.match(text[at - 1]))
    after = at < len(text) and bool(_WORD_CHAR.match(text[at]))
    return before != after


def _not_a_name(written: str, pack: LanguagePack) -> bool:
    """``It doesn't``, ``While one company``: words the engine took for a name (``US Army`` is one)."""
    first = written.split()[0]
    return names.fold(first) in pack.noise and not first.isupper() and "." not in first


def _full_org_for(article: _Article, key: str, written: str) -> tuple[str, str] | None:
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
    # A name quoted earlier is called as it was resolved there.
    found: dict[str, str] = {}
    for _, other, _, forms in article.orgs:
        if other != key and pattern.search(other) and " and " not in other:
            found.setdefault(other, forms[1])
    if not found:
        introduced = _introduces(article, written)
        if introduced:
            return names.without_the(introduced), names.org_key(introduced)
        for phrase_key, phrase in article.org_phrases(key):
            if phrase_key != key:
                found.setdefault(phrase_key, names.without_the(phrase))
    if not found:
        return None
    longest = max(found, key=len)
    if all(k in longest for k in found):  # "Syrian Observatory" inside the full name
        return names.without_the(found[longest]), longest
    return None


def _introduces(article: _Article, acronym: str) -> str | None:
    """The phrase written just before ``(SDF)``: ``Syrian Democratic Forces``."""
    for match in re.finditer(rf"\(\s*{re.escape(acronym)}\s*\)", article.text):
        at = match.start()
        while at > 0 and article.text[at - 1].isspace():
            at -= 1
        for phrase in article.phrases_ending_at(at):
            if phrase != acronym:
                return phrase
    return None
