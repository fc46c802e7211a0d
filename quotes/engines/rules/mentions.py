"""People an article names outside any attribution, for pronouns to resolve to.

``She identified herself as Ana Ruiz`` gives a later ``she said`` a name even
though no quote attributes anything to Ana Ruiz; so does a sentence that opens
with a named person (``Nominee Joe Biden joined the calls on Thursday. He
said …``): without it, ``he`` went to the last person quoted, paragraphs before.
"""
from __future__ import annotations

from collections.abc import Iterable

from quotes.engines.rules.opening import opening_subject
from quotes.extract import segment
from quotes.extract.speakers import PERSON, make_speaker
from quotes.lang import LanguagePack
from quotes.model import Speaker


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
