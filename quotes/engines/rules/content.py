"""Where a quote's words start and end, and the attribution made from them.

Every pattern trims its content the same way (commas, datelines, a trailing
``and``), so the trimming lives here once.
"""
from __future__ import annotations

import re
from itertools import islice

from quotes.engines.rules.cue import Cue
from quotes.extract import segment
from quotes.extract.speakers import make_speaker
from quotes.lang import LanguagePack
from quotes.model import Attribution


def skip_that(text: str, tokens: list[segment.Token], rest: int, start: int, pack: LanguagePack) -> int:
    """Past ``that``, a comma or a colon between a cue and what it reports."""
    while rest < len(tokens) and tokens[rest].value.lower() in pack.clause_introducers:
        start = tokens[rest].end
        rest += 1
    return start


def trim_connective(text: str, start: int, end: int, pack: LanguagePack) -> int:
    """The end of ``text[start:end]`` without the connective closing it: ``A said X, and``."""
    chunk = text[start:end]
    trimmed = pack.trailing_connective.sub("", chunk)
    return start + len(trimmed)


def end_of_clause(text: str, sentence: segment.Sentence) -> int:
    end = sentence.end
    while end > sentence.start and text[end - 1] in ".!?\"\u201d' ":
        end -= 1
    return end


_WORD = re.compile(r"\S+")


def has_words(text: str, start: int, end: int, n: int) -> bool:
    """Whether ``text[start:end]`` holds at least ``n`` words: ``len(text[start:end].split()) >= n``
    without splitting the whole span. The patterns ask it once a cue, of spans that can run
    to the sentence's end; splitting them made a long sentence of many cues quadratic."""
    return sum(1 for _ in islice(_WORD.finditer(text, start, end), n)) >= n


def last_visible(text: str, start: int, end: int) -> int:
    """The offset of the last character of ``text[start:end]`` that is not whitespace, else
    ``start - 1``: what ``text[start:end].rstrip()`` ends with, read back from ``end`` instead of
    copying a span that can reach back to the start of a long line once a quotation."""
    i = end - 1
    while i >= start and text[i].isspace():
        i -= 1
    return i


def blank_before(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is only whitespace (``not text[start:end].strip()``)."""
    return last_visible(text, start, end) < start


_DATELINE = re.compile(r"[A-Z][A-Z .,'\-]+\s[\u2013\u2014-]+\s")


def strip_content(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",:\u2014"):
        start += 1
    dateline = _DATELINE.match(text, start, end)
    if dateline and (start == 0 or text[start - 1] == "\n"):
        start = dateline.end()  # "VELMORA – The port will close …"
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",\u2014:"):
        end -= 1
    return start, end


def make_quote(text: str, kind: str, start: int, end: int, cue: Cue, pack: LanguagePack,
               cut: bool = True) -> Attribution:
    """The attribution of ``text[start:end]`` to the cue and its subject.

    ``cut=False`` leaves its ``text`` empty for the caller to cut once it keeps the quote:
    each cue of a long sentence reports a clause running to the sentence's end, and all but
    the first overlap it and are dropped, so copying each one made such a sentence quadratic.
    """
    quote = Attribution(kind, start, end, text[start:end] if cut else "", cue=cue.token.value, cue_start=cue.token.start,
                  cue_end=cue.token.end, told_to=cue.told_to)
    if cue.subject is not None:
        s_start, s_end = cue.subject
        while s_end > s_start and text[s_end - 1] in " ,":
            s_end -= 1
        quote.speaker = make_speaker(text[s_start:s_end], s_start, s_end, pack)
    return quote
