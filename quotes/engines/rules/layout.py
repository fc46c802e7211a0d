"""One article cut into sentences, tokens and quotations, indexed by offset.

The patterns ask the same questions of every article (which sentence holds
this offset, is this word quoted, which quotation closes next); answering
them by bisection keeps long articles linear.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort

from quotes.engines.rules.marks import Mark
from quotes.extract import segment
from quotes.lang import LanguagePack


class Layout:
    """One article's text cut into the pieces the patterns read, indexed by offset."""

    def __init__(self, text: str, sentences: list[segment.Sentence], marks: list[Mark], pack: LanguagePack):
        self.text = text
        self.pack = pack
        self.sentences = sentences
        self.marks = marks
        self._starts = [s.start for s in sentences]
        self._tokens = [t for s in sentences for t in s.tokens]
        self._token_starts = [t.start for t in self._tokens]
        self._inside = [(m.open, m.close) for m in marks]
        self._opens = [m.open for m in marks]
        self._closes = [m.close for m in marks]  # ascending too: quotations never overlap
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        self._stops = [m.start() for m in _STOP.finditer(text)]

    def sentence_at(self, offset: int) -> segment.Sentence | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def tokens_between(self, start: int, end: int) -> list[segment.Token]:
        i = bisect_left(self._token_starts, start)
        found = []
        while i < len(self._tokens) and self._tokens[i].end <= end:
            found.append(self._tokens[i])
            i += 1
        return found

    def quoted(self, offset: int) -> bool:
        i = bisect_left(self._opens, offset) - 1
        return i >= 0 and self._inside[i][0] < offset < self._inside[i][1]

    def unquoted(self, sentence: segment.Sentence) -> list[segment.Token]:
        """The sentence's tokens outside quotations; all of them when no quotation reaches
        into it (most sentences: one bisection instead of one a token)."""
        i = bisect_left(self._opens, sentence.end) - 1
        if i < 0 or self._closes[i] <= sentence.start:
            return list(sentence.tokens)
        return [t for t in sentence.tokens if not self.quoted(t.start)]

    def after_last_close(self, start: int, offset: int) -> int:
        """Just after the last quotation that closes in ``[start, offset)``, else ``start``.

        A bisection, not a scan of every quotation: once per quotation mark, a
        scan made an article's time grow with the square of its quotations.
        """
        i = bisect_left(self._closes, offset) - 1
        return self._closes[i] + 1 if i >= 0 and self._closes[i] >= start else start

    def in_quotation(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside one quotation (opening before ``start``)."""
        i = bisect_left(self._opens, start) - 1  # quotations never overlap: only this one can
        return i >= 0 and self._closes[i] >= end

    def closing_after(self, start: int, end: int) -> int | None:
        """Where the quotation that opens in ``[start, end)`` and runs past ``end`` closes, if one does."""
        i = bisect_left(self._opens, end) - 1  # quotations never overlap: only the last can run on
        return self._closes[i] if i >= 0 and self._opens[i] >= start and self._closes[i] >= end else None

    def marks_within(self, start: int, end: int) -> list[Mark]:
        """The quotations that open at or after ``start`` and close by ``end``."""
        i, found = bisect_left(self._opens, start), []
        while i < len(self.marks) and self._opens[i] <= end:
            if self._closes[i] <= end:
                found.append(self.marks[i])
            i += 1
        return found

    def newlines(self, start: int, end: int) -> int:
        """``text[start:end].count("\\n")`` by bisection: the span from a quote to a quotation
        far after it was searched once a quotation, quadratic in a long article."""
        return max(0, bisect_left(self._newlines, end) - bisect_left(self._newlines, start))

    def newline_between(self, start: int, end: int) -> bool:
        """Whether ``"\\n" in text[start:end]``."""
        return self.newlines(start, end) > 0

    def stop_between(self, start: int, end: int) -> bool:
        """Whether a sentence ends in ``text[start:end]`` (``re.search(r"[.!?]\\s", text[start:end])``)."""
        return bisect_left(self._stops, start) < bisect_left(self._stops, end - 1)

    def next_open(self, offset: int, default: int) -> int:
        i = bisect_left(self._opens, offset)
        return self._opens[i] if i < len(self._opens) else default


_STOP = re.compile(r"[.!?]\s")  # two characters, never overlapping: finditer finds every one


class Spans:
    """Character spans found so far, with an overlap test that looks only at spans nearby.

    Testing every span for every new one made long articles quadratic; a span
    that overlaps ``[start, end)`` starts no earlier than ``start`` minus the
    longest span, so a bisection finds all candidates.
    """

    def __init__(self, spans=()):
        self._spans: list[tuple[int, int]] = sorted(spans)
        self._longest = max((e - s for s, e in self._spans), default=0)

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._spans, (start - self._longest,))
        while i < len(self._spans) and self._spans[i][0] <= end:
            s, e = self._spans[i]
            if s <= start < e or s < end <= e or start <= s < end:
                return True
            i += 1
        return False
