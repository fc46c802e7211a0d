"""A confidence per quote: how often quotes like it were right, as measured.

An engine that has no probability of its own (the rules engine) gets one from
a small table of measurements: each quote falls in a class (its kind, what
kind of cue it has, and whether its speaker is a name, a pronoun or a
description), and its confidence is the share of that class's quotes that
were right on PolNeAR train, a quote being right when it is a real
attribution and its speaker the annotated source (see
``scripts/confidence_table.py``, which writes ``confidence.json`` next to this
module, and docs/export.md). A measured figure rather than one set by hand, so
``--min-confidence 0.9`` means what it says on news like PolNeAR's, and a new
rule moves it when the table is measured again.

The classes stay few (3 kinds x 4 cues x 3 speakers) so each has enough
quotes to measure; a rare class leans on its kind's figure (see the script).
A quote that already has a confidence (an engine's own probability) keeps it.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from quotes.lang import LanguagePack
from quotes.model import Attribution

TABLE_PATH = Path(__file__).with_name("confidence.json")

# The cue classes: the plainest verbs of saying, the other verbs, "according to", and a quote
# framed by layout alone (a dash or colon after a name, or no cue at all).
SAY = "say"
OTHER_VERB = "other verb"
ACCORDING_TO = "according to"
NO_VERB = "no verb"
PLAIN_VERBS = ("say", "tell")

# The speaker classes.
NAME = "name"
PRONOUN = "pronoun"
DESCRIPTION = "description"


def cue_class(quote: Attribution, pack: LanguagePack) -> str:
    """What kind of cue attributes ``quote``."""
    words = (quote.cue or "").lower().split()
    if not any(word.isalpha() for word in words):
        return NO_VERB
    if words[:2] == ["according", "to"]:
        return ACCORDING_TO
    plain = _plain_forms(pack.code, pack.inflect)
    return SAY if any(word in plain for word in words) else OTHER_VERB


@cache
def _plain_forms(code: str, inflect) -> frozenset[str]:
    """Every form of :data:`PLAIN_VERBS` in a language (``said``, ``tells``), worked out once."""
    return frozenset(form for lemma in PLAIN_VERBS for form in inflect(lemma))


def speaker_class(quote: Attribution, pack: LanguagePack) -> str:
    """Whether the speaker is named where the quote stands, a pronoun, or only described."""
    speaker = quote.speaker
    if speaker is None:
        return DESCRIPTION
    if speaker.mention.strip().lower() in pack.pronouns:
        return PRONOUN
    return NAME if speaker.name else DESCRIPTION


def quote_class(quote: Attribution, pack: LanguagePack) -> str:
    """The class a quote's confidence is measured for: ``kind|cue|speaker``."""
    return f"{quote.kind}|{cue_class(quote, pack)}|{speaker_class(quote, pack)}"


@cache
def table(engine: str) -> dict | None:
    """The measured table of ``engine`` (``classes``, ``kinds``, ``all``), or ``None``."""
    if not TABLE_PATH.exists():
        return None
    return json.loads(TABLE_PATH.read_text(encoding="utf-8")).get("engines", {}).get(engine)


def confidence_of(quote: Attribution, measured: dict, pack: LanguagePack) -> float:
    """The measured confidence of ``quote``'s class, else of its kind, else of every quote."""
    found = measured["classes"].get(quote_class(quote, pack))
    if found is None:
        found = measured["kinds"].get(quote.kind, measured["all"])
    return found["confidence"]


def apply(found: Iterable[Attribution], engine: str, pack: LanguagePack) -> None:
    """Give each of ``found`` without a confidence the one measured for ``engine``'s quotes
    of its class; an engine with no table leaves them without."""
    measured = table(engine)
    if measured is None:
        return
    for quote in found:
        if quote.confidence is None:
            quote.confidence = confidence_of(quote, measured, pack)
