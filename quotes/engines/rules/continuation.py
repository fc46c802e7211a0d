"""Quotations with no cue of their own that continue an attributed quote:
``"…," he said. "…"`` gives the second quotation the same speaker.
"""
from __future__ import annotations

import re

from quotes.engines.rules.content import blank_before, last_visible, strip_content
from quotes.engines.rules.direct import is_title
from quotes.engines.rules.layout import Layout, Spans
from quotes.lang import LanguagePack
from quotes.model import DIRECT, Attribution


def continuations(article: Layout, quotes: list[Attribution]) -> list[Attribution]:
    """A quotation with no cue that opens a sentence right after a quote takes its speaker."""
    text = article.text
    covered = Spans((q.start, q.end) for q in quotes)
    result = list(quotes)
    latest = _Latest(quotes)
    for mark in article.marks:
        start, end = strip_content(text, mark.open + 1, mark.close)
        if covered.overlaps(start, end) or is_title(text[start:end], article.pack) \
                and not _after_stop(text, mark.open):
            continue  # 'told ABC's "Good Morning America."': a title inside a sentence, not the next piece
        previous = _previous_quote(article, latest.before(mark.open), mark.open)
        if previous is not None and previous.kind == DIRECT and previous.cue_start is not None \
                and previous.end < previous.cue_start < mark.open \
                and not article.newline_between(previous.end, mark.open) \
                and not article.stop_between(previous.cue_end, mark.open):
            # "A," Tester said, referring to the excuse, "B.": the second part of one statement.
            result.append(latest.add(_continue(text, previous, start, end), len(result)))
            covered.add(start, end)
            continue
        if len(text[start:end].split()) < 3 or not text[start:start + 2].lstrip("([")[:1].isupper():
            continue  # "(Cruz) has those values …" opens a sentence too
        sentence = article.sentence_at(mark.open + 1)
        if sentence is not None and _words_before(text, sentence.start, mark.open, article.pack):
            continue
        line_end = text.find("\n", mark.close)
        line_end = len(text) if line_end < 0 else line_end
        after = text[mark.close + 1:min(line_end, mark.close + 1 + _AFTER_WINDOW)]
        after = after.lstrip("'")
        if after.strip(" .,!?") and not re.match(r"^\s*[.!?]?\s*(?:[\"\u201c]|$)", after) and \
                not re.match(r"^[.!?,]?\s+[A-Z]", after) and not article.pack.adjunct_after.match(after):
            continue
        if previous is None:
            continue
        result.append(latest.add(_continue(text, previous, start, end), len(result)))
        covered.add(start, end)
    return result


def _after_stop(text: str, offset: int) -> bool:
    """Whether the last character before ``offset`` that is not whitespace ends a sentence
    (``text[:offset].rstrip().endswith((".", "!", "?"))`` without copying the text before it)."""
    last = last_visible(text, 0, offset)
    return last >= 0 and text[last] in ".!?"


def _words_before(text: str, start: int, offset: int, pack: LanguagePack) -> bool:
    """Whether the quotation at ``offset`` stands inside a sentence that began at ``start``:
    words before it on its line, not ending a sentence, a quotation or an apostrophe-only run.

    Read back from ``offset`` over whitespace and apostrophes only; copying the sentence up to
    the mark once a quotation was quadratic in a long sentence of them.
    """
    last = last_visible(text, start, offset)
    if last < start or text[last] in ".!?" or text[last] in pack.quote_marks:
        return False  # nothing before it, or a sentence or a quotation ends there
    i = last
    while i >= start and text[i] == "'":
        i -= 1
    if blank_before(text, start, i + 1):
        return False  # only apostrophes before it
    return True  # a sentence within one line: the line holds those words too


# How much of the line after a quotation is read to see whether a sentence goes on there.
_AFTER_WINDOW = 1000


class _Latest:
    """The attributed quote that reaches furthest before an offset, for offsets in increasing
    order: a sweep, where looking through every quote for every quotation was quadratic.
    Of equal reach the earliest in the quote list wins, as ``max`` would pick it."""

    def __init__(self, quotes: list[Attribution]):
        self._waiting = sorted(((q.end, rank, q) for rank, q in enumerate(quotes)
                                if q.speaker is not None), key=lambda item: item[:2])
        self._next = 0
        self._best: tuple[int, int, Attribution] | None = None

    def add(self, quote: Attribution, rank: int) -> Attribution:
        """Count ``quote`` (at ``rank`` in the list) from now on; it ends before later offsets."""
        if quote.speaker is not None:
            self._consider(quote, rank)
        return quote

    def before(self, offset: int) -> Attribution | None:
        while self._next < len(self._waiting) and self._waiting[self._next][0] <= offset:
            _, rank, quote = self._waiting[self._next]
            self._consider(quote, rank)
            self._next += 1
        return self._best[2] if self._best else None

    def _consider(self, quote: Attribution, rank: int) -> None:
        reach = max(quote.end, quote.cue_end or 0)
        if self._best is None or (reach, -rank) > (self._best[0], -self._best[1]):
            self._best = (reach, rank, quote)


def _continue(text: str, previous: Attribution, start: int, end: int) -> Attribution:
    return Attribution(DIRECT, start, end, text[start:end], cue=previous.cue, cue_start=previous.cue_start,
                 cue_end=previous.cue_end, speaker=previous.speaker, told_to=previous.told_to)


def _previous_quote(article: Layout, previous: Attribution | None, offset: int) -> Attribution | None:
    """``previous``, the attributed quote reaching furthest before ``offset``, if it ends
    close enough to take the quotation at ``offset`` (same or previous paragraph)."""
    text = article.text
    if previous is None:
        return None
    last = max(previous.end, previous.cue_end or 0, previous.speaker.end)
    sentence = article.sentence_at(last - 1)
    if sentence is not None and sentence.end <= offset:
        last = max(last, sentence.end)
    newlines = article.newlines(last, offset)
    if newlines > 2 or _gap_longer(text, last, offset, 60):
        return None
    if newlines and previous.kind != DIRECT:
        return None
    return previous


_GAP_WORD = re.compile('[^ \n.,!?"\u201d\u201c]')  # what a gap between quotes is stripped of


def _gap_longer(text: str, start: int, end: int, reach: int) -> bool:
    """``len(text[start:end].strip(" \\n.,!?\"”“")) > reach``: whether two characters the strip
    keeps lie ``reach`` or more apart, found by two searches that stop at the first such
    character instead of a copy of a gap that can span most of a long article."""
    first = _GAP_WORD.search(text, start, end)
    return first is not None and _GAP_WORD.search(text, first.start() + reach, end) is not None
