"""People an article names outside any attribution, for pronouns to resolve to.

``She identified herself as Ana Ruiz`` gives a later ``she said`` a name even
though no quote attributes anything to Ana Ruiz.
"""
from __future__ import annotations

from quotes.extract.speakers import PERSON
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
