"""People an article names outside any attribution, for pronouns to resolve to.

``She identified herself as Ana Ruiz`` gives a later ``she said`` a name even
though no quote attributes anything to Ana Ruiz; so does a sentence that opens
with a named person (``Nominee Joe Biden joined the calls on Thursday. He
said …``): without it, ``he`` went to the last person quoted, paragraphs before.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from quotes.engines.rules.opening import opening_subject
from quotes.extract import names, segment
from quotes.extract.speakers import PERSON, classify, make_speaker
from quotes.lang import LanguagePack
from quotes.model import Attribution, Speaker


def named_mentions(text: str, pack: LanguagePack) -> list[Speaker]:
    """People an article names outside an attribution, for pronouns to resolve to."""
    found = []
    for match in pack.self_introduction.finditer(text):
        speaker = Speaker(mention=match.group(0), start=match.start(), end=match.end(),
                          name=match.group("name"), kind=PERSON)
        found.append(speaker)
    return found


# How far into a sentence the two capitalised words of a name are looked for.
_NAME_REACH = 8


def subject_mentions(text: str, sentences: Iterable[segment.Sentence], pack: LanguagePack) -> list[Speaker]:
    """The full names (two words or more) of people who open a sentence as its subject."""
    found = []
    not_names = pack.noun_phrase_openers | set(pack.pronouns) | pack.opening_adjunct_words | pack.leading_words
    for sentence in sentences:
        tokens = sentence.tokens
        if not tokens or not tokens[0].value[:1].isupper() or tokens[0].value.lower() in not_names \
                or not any(a.value[:1].isupper() and b.value[:1].isupper() for a, b in zip(tokens[:_NAME_REACH],
                                                                                           tokens[1:_NAME_REACH])):
            continue  # most sentences: no name of two words opens them, nothing to read
        subject = opening_subject(tokens, pack)
        if subject is None:
            continue
        speaker = make_speaker(text[subject[0]:subject[1]], subject[0], subject[1], pack)
        if speaker.kind == PERSON and speaker.name and " " in speaker.name:
            found.append(speaker)
    return found


# How many capitalised words a nested speaker's name may have: "Prince Harry", "Ana Ruiz Lopez".
_NESTED_NAME = 3


def nested_mentions(text: str, quotes: list[Attribution], quoted: Callable[[int], bool],
                    pack: LanguagePack) -> list[Speaker]:
    """People a reported clause quotes in turn: ``Winfrey told CBS that Harry had said …``.

    The inner speaker is named after the outer one, so a ``he added`` that follows is the
    nearer of the two (Harry), as a reader takes it; the engine reports the outer statement only.
    """
    found = []
    for quote in quotes:
        if quote.kind == "direct" or quote.speaker is None:
            continue
        words = list(_WORD.finditer(text, quote.start, quote.end))
        for n, word in enumerate(words):
            if word.group().lower() not in pack.say_forms or quoted(word.start()):
                continue
            k = n - 1
            if k >= 0 and words[k].group().lower() in pack.finite_auxiliaries:
                k -= 1  # "Harry had said"
            first = k
            while first >= 0 and k - first < _NESTED_NAME and words[first].group()[:1].isupper():
                first -= 1
            if first == k:
                continue  # no name before the verb
            start, end = words[first + 1].start(), words[k].end()
            speaker = make_speaker(text[start:end], start, end, pack)
            if speaker.kind == PERSON and speaker.name and not quoted(start):
                found.append(speaker)
    return found


_WORD = re.compile(r"[\w’'.\-]+")


def named_for_pronouns(text: str, quotes: list[Attribution], quoted: Callable[[int], bool],
                       pack: LanguagePack) -> None:
    """Give a ``he`` or ``she`` that no earlier speaker fits the nearest person named before it.

    ``… warns PAHO Director Ana Ruiz as she urged countries to …``: when the attribution that
    names Ruiz is missed, ``she`` has no speaker to take, yet the text named her just before.
    Names inside quotation marks are someone else's words, not the article's, and are skipped.
    Read only for the articles that have such a pronoun.
    """
    gendered = pack.male_pronouns | pack.female_pronouns
    left = [q.speaker for q in quotes if q.speaker is not None and q.speaker.mention.lower() in gendered
            and not (q.speaker.name or q.speaker.description)]
    if not left:
        return
    people: list[tuple[int, str]] = []
    full: dict[str, str] = {}  # surname → the full name written before
    for start, phrase in names.capitalised_phrases(text, pack):
        if quoted(start) or _after_place_preposition(text, start, pack):
            continue  # "in Los Angeles", "to South Carolina", "of New Delhi": a place
        owner = phrase.strip()
        for ending in pack.possessive_endings:
            owner = owner.removesuffix(ending)
        if " " not in owner:  # "Ruiz’s explanations": the surname of a full name written before
            if names.fold(owner) in full:
                people.append((start, full[names.fold(owner)]))
            continue
        parsed = names.parse_person(owner, pack)
        if parsed is not None and parsed.complete and classify(owner, pack) == PERSON:
            people.append((start, owner))
            full.setdefault(parsed.surname, owner)
    for speaker in left:
        before = [(start, phrase) for start, phrase in people if start < speaker.start]
        if before:
            start, phrase = before[-1]
            named = make_speaker(phrase, start, start + len(phrase), pack)
            speaker.name, speaker.role, speaker.kind = named.name or phrase, named.role, PERSON


def _after_place_preposition(text: str, start: int, pack: LanguagePack) -> bool:
    """Whether the word before ``start`` is ``in``, ``at``, ``to``, ``from`` or ``of`` (``the slums of
    New Delhi``; not ``according to``)."""
    before = text[max(0, start - 16):start].lower().split()
    return bool(before) and before[-1] in pack.place_markers \
        and " ".join(before[-2:]) != pack.according_to
