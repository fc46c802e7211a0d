"""Model-free NLP: paragraphs and sentences with offsets into the original text.

Sentence splitting comes from syntok (a maintained rule-based segmenter that
keeps exact character offsets and handles abbreviations such as ``U.S.`` and
``Gen.``), so the rules engine never has to re-implement it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from syntok import segmenter


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph(Span):
    index: int


@dataclass(frozen=True)
class Sentence(Span):
    paragraph: int


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


def sentences(text: str, paragraph: Paragraph) -> list[Sentence]:
    """Sentences of one paragraph, offsets into the whole text."""
    body = text[paragraph.start:paragraph.end]
    found = []
    for segmented in segmenter.analyze(body):
        for sentence in segmented:
            if not sentence:
                continue
            start = sentence[0].offset
            last = sentence[-1]
            found.append(
                Sentence(paragraph.start + start, paragraph.start + last.offset + len(last.value),
                         paragraph.index)
            )
    return found


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
