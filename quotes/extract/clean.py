"""Page cleaning: the parts of a scraped page that are not the article.

Scraped pages often carry the body twice and end in the site's furniture
(comment policies, "popular posts" lists). This runs in the extract stage
before any engine, so every engine sees the same article: the dropped
paragraphs are blanked out with spaces (line breaks kept), so every offset an
engine reports still points into the text exactly as read and stored. An
engine that reads pre-parsed trees instead of the text (CoNLL-U) has its
finds inside dropped paragraphs discarded instead. The trailer headings and
notices are the :mod:`quotes.lang` pack's (``TRAILER_PATTERNS``, ``NOTICE_PATTERNS``).
"""
from __future__ import annotations

import functools
import re

from quotes.extract.segment import Paragraph, paragraphs
from quotes.lang import LanguagePack, get

_SQUASH = re.compile(r"\W+")


def dropped(text: str, pack: LanguagePack | None = None) -> list[tuple[int, int]]:
    """Spans of the paragraphs that are not the article: a repeated body, the site's trailers.

    Never every paragraph: a page whose every paragraph looks like furniture is
    an article cleaning misread, and is kept whole. ``pack`` is the engine's
    language pack, whose trailers and notices are looked for (English when none is given).
    """
    pack = pack or get("en")
    found = paragraphs(text)
    furniture, tails = _boilerplate(text, found, pack)
    cut = repeated(text, found) | furniture
    tails = {index: start for index, start in tails.items() if index not in cut}
    if len(cut) == len(found):
        return []
    return [(tails.get(p.index, p.start), p.end) for p in found if p.index in cut or p.index in tails]


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with ``spans`` replaced by spaces: the same length, so offsets still hold."""
    pieces, at = [], 0
    for start, end in spans:
        pieces += [text[at:start], " " * (end - start)]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def repeated(text: str, found: list[Paragraph]) -> set[int]:
    """Indexes of paragraphs that repeat an earlier paragraph of the same article.

    Scraped pages often carry the body twice; a repeated paragraph must not
    yield its quotes twice.
    """
    seen: set[str] = set()
    repeats = set()
    for paragraph in found:
        key = _SQUASH.sub(" ", text[paragraph.start:paragraph.end]).strip().lower()
        if len(key) < 20:
            continue
        if key in seen:
            repeats.add(paragraph.index)
        seen.add(key)
    return repeats


# A notice is a short paragraph of its own; a longer one that mentions "all rights reserved"
# is article text (or a whole article flattened onto one line) and stays.
NOTICE_MAX_CHARS = 400


@functools.lru_cache(maxsize=8)
def _furniture(trailers: tuple[str, ...], notices: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """The pack's trailer headings as one whole-line pattern and its notices as one search."""
    trailer = re.compile(r"^(?:" + "|".join(trailers) + r")\s*:?$", re.I)
    notice = re.compile(r"\b(?:" + "|".join(notices) + r")\b", re.I)
    return trailer, notice


# Where a copyright notice begins: the sign, written or spelled out in brackets. What comes
# before it in the same paragraph is the article (a one-paragraph wire story often ends in
# "... Mayor Ana Ruiz said on Monday. (c) 2026 Harbour Wire. All rights reserved.").
_COPYRIGHT_SIGN = re.compile(r"©|\([cC]\)")


def boilerplate(text: str, found: list[Paragraph], pack: LanguagePack) -> set[int]:
    """Indexes of paragraphs that are the site's furniture, not the article.

    A trailer heading (``Comments``, ``Popular posts from this blog``,
    ``Recommended News``) ends the article: it and every paragraph after it
    are dropped. Comment policies and similar notices (short paragraphs,
    :data:`NOTICE_MAX_CHARS`) are dropped wherever they are.
    """
    dropped, tails = _boilerplate(text, found, pack)
    return dropped | set(tails)


def _boilerplate(text: str, found: list[Paragraph],
                 pack: LanguagePack) -> tuple[set[int], dict[int, int]]:
    """The paragraphs that are furniture through and through, and those that only end in it.

    A short paragraph with a notice is furniture, unless the notice follows a
    copyright sign (:data:`_COPYRIGHT_SIGN`) with article text before it: then
    only the copyright notice, from the sign to the paragraph's end, is (its
    start is given by paragraph index), and the quote before it is kept.
    """
    trailer, notice = _furniture(pack.trailer_patterns, pack.notice_patterns)
    dropped, tails = set(), {}
    trailing = False
    for paragraph in found:
        line = text[paragraph.start:paragraph.end]
        if not trailing and paragraph.index > 0 and trailer.match(line):
            trailing = True
        if trailing:
            dropped.add(paragraph.index)
        elif len(line) <= NOTICE_MAX_CHARS and notice.search(line):
            sign = _COPYRIGHT_SIGN.search(line)
            if sign and line[:sign.start()].strip() and notice.search(line, sign.end()):
                tails[paragraph.index] = paragraph.start + sign.start()
            else:
                dropped.add(paragraph.index)
    return dropped, tails
