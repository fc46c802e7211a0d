"""Model-free NLP: paragraphs, sentences and tokens with offsets into the original text.

Sentence splitting and tokenisation come from syntok (a maintained rule-based
segmenter that keeps exact character offsets and handles abbreviations such as
``U.S.`` and ``Gen.``), so the rules engine never has to re-implement them.
This module also recognises the parts of a scraped page that are not the
article: a repeated body and the site's trailers (comment policies, "popular
posts" lists), whose phrases, like the titles sentences must not end after,
come from the :mod:`quotes.lang` pack.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from syntok import segmenter

from .lang import LanguagePack, get

EN = get("en")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph(Span):
    index: int


@dataclass(frozen=True)
class Token(Span):
    value: str


@dataclass(frozen=True)
class Sentence(Span):
    paragraph: int
    tokens: tuple[Token, ...] = ()


_LINE = re.compile(r"[^\n]+")
_SQUASH = re.compile(r"\W+")


def paragraphs(text: str) -> list[Paragraph]:
    """Non-blank lines, trimmed of surrounding whitespace, with their offsets."""
    found = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            found.append(Paragraph(start, end, len(found)))
    return found


def sentences(text: str, paragraph: Paragraph, pack: LanguagePack = EN) -> list[Sentence]:
    """Sentences of one paragraph with their tokens, offsets into the whole text."""
    body = text[paragraph.start:paragraph.end]
    found = []
    for segmented in segmenter.analyze(body):
        for sentence in segmented:
            if not sentence:
                continue
            tokens = tuple(Token(paragraph.start + t.offset, paragraph.start + t.offset + len(t.value),
                                 t.value) for t in sentence)
            if found and _ends_in_title(found[-1].tokens, pack):
                previous = found.pop()  # "Rep. | Gwen Moore said": one sentence, not two
                tokens = previous.tokens + tokens
            found.append(Sentence(tokens[0].start, tokens[-1].end, paragraph.index, tokens))
    return found


def _ends_in_title(tokens: tuple[Token, ...], pack: LanguagePack) -> bool:
    """``Rep.`` at a sentence's end: syntok sometimes ends one there although a name follows."""
    if len(tokens) < 2 or tokens[-1].value != ".":
        return False
    word = tokens[-2].value
    return word.lower() in pack.title_abbreviations or len(word) == 1 and word.isupper()


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


@functools.lru_cache(maxsize=8)
def _furniture(trailers: tuple[str, ...], notices: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """The pack's trailer headings as one whole-line pattern and its notices as one search."""
    trailer = re.compile(r"^(?:" + "|".join(trailers) + r")\s*:?$", re.I)
    notice = re.compile(r"\b(?:" + "|".join(notices) + r")\b", re.I)
    return trailer, notice


def boilerplate(text: str, found: list[Paragraph], pack: LanguagePack = EN) -> set[int]:
    """Indexes of paragraphs that are the site's furniture, not the article.

    A trailer heading (``Comments``, ``Popular posts from this blog``,
    ``Recommended News``) ends the article: it and every paragraph after it
    are dropped. Comment policies and similar notices are dropped wherever
    they are.
    """
    trailer, notice = _furniture(pack.trailer_patterns, pack.notice_patterns)
    dropped = set()
    trailing = False
    for paragraph in found:
        line = text[paragraph.start:paragraph.end]
        if not trailing and paragraph.index > 0 and trailer.match(line):
            trailing = True
        if trailing or notice.search(line):
            dropped.add(paragraph.index)
    return dropped
