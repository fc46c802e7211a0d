"""People an article names outside any attribution, for pronouns to resolve to.
"""
from __future__ import annotations

import re

from quotes.extract.speakers import PERSON
from quotes.model import Speaker


_IDENTIFIED = re.compile(
    r"\b(?P<pronoun>[Ss]he|[Hh]e)\s+(?:identified|introduced|described)\s+(?:herself|himself)\s+as\s+"
    r"(?P<name>[A-Z][\w'’\-]+(?:\s+(?:al-|bin\s|ibn\s)?[A-Z][\w'’\-]+){0,3})")


def named_mentions(text: str) -> list[Speaker]:
    """People an article names outside an attribution, for pronouns to resolve to."""
    found = []
    for match in _IDENTIFIED.finditer(text):
        speaker = Speaker(mention=match.group(0), start=match.start(), end=match.end(),
                          name=match.group("name"), kind=PERSON)
        found.append(speaker)
    return found
