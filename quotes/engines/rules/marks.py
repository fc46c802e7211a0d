"""Quotation marks paired into quotations, paragraph by paragraph.

Pairing is the first thing the engine does and everything else reads its
result: which words are quoted, where a quotation opens and closes. It needs
only the text and the pack's marks, so it lives apart from the patterns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from quotes.extract import segment
from quotes.lang import LanguagePack


@dataclass
class Mark:
    """A quotation: ``open``/``close`` are the offsets of the marks themselves.

    For a two-apostrophe mark (``''…''``) ``open`` is its second character and
    ``close`` its first, so the content is always ``open + 1`` to ``close``.
    """

    open: int
    close: int
    paragraph: int


def find_marks(text: str, paragraphs: list[segment.Paragraph], pack: LanguagePack) -> list[Mark]:
    """Pair quotation marks paragraph by paragraph, following news-style continuation.

    A paragraph that opens a quotation and never closes it continues into the
    next paragraph when that one opens with a quotation mark too.
    """
    # Only these characters change anything below: the search jumps from one to the next
    # instead of stepping through every character in Python.
    relevant = re.compile("[" + re.escape("".join(
        {*pack.quote_openers, *pack.quote_openers.values(), *pack.interchangeable_closers,
         "'", _CURLY_OPEN, _CURLY_CLOSE})) + "]")
    pairing = _Pairing(text, pack)
    for paragraph in paragraphs:
        i = pairing.start(paragraph)
        while i < paragraph.end:
            found = relevant.search(text, i, paragraph.end)
            if found is None:
                break
            i = pairing.step(found.start(), paragraph.index)
    return pairing.marks


_CURLY_OPEN, _CURLY_CLOSE = "\u201c", "\u201d"
_TWO_APOSTROPHES = "''"  # typewriter-style double quote


@dataclass
class _Pairing:
    """The marks paired so far and the quotation still open, as the search moves through the text."""

    text: str
    pack: LanguagePack
    marks: list[Mark] = field(default_factory=list)
    pending: tuple[int, str, int] | None = None  # (open offset, closer, paragraph index)
    depth: int = 0  # curly quotation marks nested inside the pending one: “… he calls “hell” …”

    def start(self, paragraph: segment.Paragraph) -> int:
        """Where the search in ``paragraph`` begins: past the mark that continues the open
        quotation, else at its start, the open quotation dropped."""
        text, pack, pending = self.text, self.pack, self.pending
        i = paragraph.start
        self.depth = 0
        if pending and text[i] in pack.quote_openers and (pending[1] in pack.single_quotes | {"\u2019"}) == (
                text[i] in pack.single_quotes and text[i:i + 2] != _TWO_APOSTROPHES):
            # the continuation mark at the new paragraph's start, of the kind that opened the quotation
            # (not the double mark after "In 't Veld", an apostrophe taken for an opening single mark)
            return i + (2 if text[i:i + 2] == _TWO_APOSTROPHES else 1)
        self.pending = None
        return i

    def step(self, i: int, paragraph: int) -> int:
        """Read the mark at ``text[i]``; the offset to search from next."""
        char = self.text[i]
        if char == "'" and self.text[i + 1:i + 2] == "'":
            char = _TWO_APOSTROPHES
        if char == _TWO_APOSTROPHES and (self.pending is None or self.pending[1] == _TWO_APOSTROPHES):
            if self.pending is None:
                self.pending = (i + 1, _TWO_APOSTROPHES, paragraph)
            else:
                self._close(i)
            return i + 2
        if self.pending is None:
            self._open(i, char, paragraph)
        elif not (self.pending[1] == _CURLY_CLOSE and self._curly(i, char)):
            self._close_with(i, char)
        return i + 1

    def _open(self, i: int, char: str, paragraph: int) -> None:
        """An opening mark; a single one only where it opens a word (not an apostrophe)."""
        openers = self.pack.quote_openers
        if char in openers and not (char in self.pack.single_quotes and not _opens_single(self.text, i)):
            self.pending = (i, openers[char], paragraph)

    def _curly(self, i: int, char: str) -> bool:
        """A curly mark inside a curly quotation: nested (“… “hell” …”) or an opener typed as
        the closer ('here,“ said Ana Ruiz'). Whether it was either."""
        text = self.text
        if char == _CURLY_OPEN and not self.depth and text[i - 1] in ",.!?" and text[i + 1:i + 2] in {"", " ", "\n"}:
            self._close(i)
            return True
        if char == _CURLY_OPEN and _opens_single(text, i):
            self.depth += 1
            return True
        if char == _CURLY_CLOSE and self.depth:
            self.depth -= 1
            return True
        return False

    def _close_with(self, i: int, char: str) -> None:
        """The closing mark of the open quotation (or one scraped text mixes up with it),
        unless it is an apostrophe inside a word."""
        closer = self.pending[1]
        if closer == _TWO_APOSTROPHES or not (
                char == closer or {char, closer} <= self.pack.interchangeable_closers):
            return
        if closer in {"\u2019", "'"} and i + 1 < len(self.text) and self.text[i + 1].isalpha():
            return  # an apostrophe, not a closing mark
        self._close(i)

    def _close(self, i: int) -> None:
        opened, _, paragraph = self.pending
        self.marks.append(Mark(opened, i, paragraph))
        self.pending = None


def _opens_single(text: str, i: int) -> bool:
    """A single mark opens a quotation after a space or bracket and before a word: `` 'Yes``."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([-\u2014") and after.isalnum()
