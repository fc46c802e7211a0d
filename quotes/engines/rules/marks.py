"""Quotation marks paired into quotations, paragraph by paragraph.

Pairing is the first thing the engine does and everything else reads its
result: which words are quoted, where a quotation opens and closes. It needs
only the text and the pack's marks, so it lives apart from the patterns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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
    marks: list[Mark] = []
    pending: tuple[int, str, int] | None = None  # (open offset, closer, paragraph index)
    depth = 0  # curly quotation marks nested inside the pending one: “… he calls “hell” …”
    # Only these characters change anything below: the search jumps from one to the next
    # instead of stepping through every character in Python.
    relevant = re.compile("[" + re.escape("".join(
        {*pack.quote_openers, *pack.quote_openers.values(), *pack.interchangeable_closers,
         "'", "\u201c", "\u201d"})) + "]")
    for paragraph in paragraphs:
        i = paragraph.start
        depth = 0
        if pending and text[i] in pack.quote_openers and (pending[1] in pack.single_quotes | {"\u2019"}) == (
                text[i] in pack.single_quotes and text[i:i + 2] != "''"):
            # the continuation mark at the new paragraph's start, of the kind that opened the quotation
            # (not the double mark after "In 't Veld", an apostrophe taken for an opening single mark)
            i += 2 if text[i:i + 2] == "''" else 1
        elif pending:
            pending = None
        while i < paragraph.end:
            found = relevant.search(text, i, paragraph.end)
            if found is None:
                break
            i = found.start()
            char = text[i]
            if char == "'" and text[i + 1:i + 2] == "'":
                char = "''"  # typewriter-style double quote (two apostrophes)
            if pending is None and char == "''":
                pending = (i + 1, "''", paragraph.index)
                i += 2
                continue
            if pending is not None and pending[1] == "''" and char == "''":
                marks.append(Mark(pending[0], i, pending[2]))
                pending = None
                i += 2
                continue
            if pending is not None and pending[1] == "\u201d" and char == "\u201c" and not depth \
                    and text[i - 1] in ",.!?" and text[i + 1:i + 2] in {"", " ", "\n"}:
                marks.append(Mark(pending[0], i, pending[2]))  # 'here,“ said Ana Ruiz': an opener typed as the closer
                pending = None
            elif pending is not None and pending[1] == "\u201d" and char == "\u201c" and _opens_single(text, i):
                depth += 1
            elif pending is not None and pending[1] == "\u201d" and char == "\u201d" and depth:
                depth -= 1
            elif pending is None and char in pack.quote_openers:
                if char in pack.single_quotes and not _opens_single(text, i):
                    i += 1
                    continue
                pending = (i, pack.quote_openers[char], paragraph.index)
            elif pending is not None and pending[1] != "''" and (
                    char == pending[1] or {char, pending[1]} <= pack.interchangeable_closers):
                if pending[1] in {"\u2019", "'"} and i + 1 < len(text) and text[i + 1].isalpha():
                    i += 1  # an apostrophe, not a closing mark
                    continue
                marks.append(Mark(pending[0], i, pending[2]))
                pending = None
            i += 1
    return marks


def _opens_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([-\u2014") and after.isalnum()
