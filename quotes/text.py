"""Model-free NLP: paragraphs, sentences and tokens with offsets into the original text.

Sentence splitting and tokenisation come from syntok (a maintained rule-based
segmenter that keeps exact character offsets and handles abbreviations such as
``U.S.`` and ``Gen.``), so the rules engine never has to re-implement them.
This module also recognises the parts of a scraped page that are not the
article: a repeated body and the site's trailers (comment policies, "popular
posts" lists).
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


def sentences(text: str, paragraph: Paragraph) -> list[Sentence]:
    """Sentences of one paragraph with their tokens, offsets into the whole text."""
    body = text[paragraph.start:paragraph.end]
    found = []
    for segmented in segmenter.analyze(body):
        for sentence in segmented:
            if not sentence:
                continue
            tokens = tuple(Token(paragraph.start + t.offset, paragraph.start + t.offset + len(t.value),
                                 t.value) for t in sentence)
            if found and _ends_in_title(found[-1].tokens):
                previous = found.pop()  # "Rep. | Gwen Moore said": one sentence, not two
                tokens = previous.tokens + tokens
            found.append(Sentence(tokens[0].start, tokens[-1].end, paragraph.index, tokens))
    return found


# Abbreviations after which syntok sometimes ends a sentence although a name follows.
_TITLES = {"rep", "sen", "gov", "gen", "dr", "mr", "mrs", "ms", "st", "lt", "col", "sgt", "capt",
           "adm", "maj", "rev", "prof", "del", "amb", "supt", "cmdr", "insp", "det", "pres"}


def _ends_in_title(tokens: tuple[Token, ...]) -> bool:
    if len(tokens) < 2 or tokens[-1].value != ".":
        return False
    word = tokens[-2].value
    return word.lower() in _TITLES or len(word) == 1 and word.isupper()


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


# A line that starts a site's trailer: everything from it on is not the article.
_TRAILER = re.compile(
    r"^(?:comments?(?: \(?\d+\)?)?|post a comment|leave a (?:comment|reply)|popular posts.*|"
    r"recommended(?: news| stories| for you)?|related (?:articles|stories|news|posts)|"
    r"more from .{0,40}|read more|you may also like|trending now|most read)\s*:?$",
    re.I,
)
# Site notices that can sit anywhere on the page.
_NOTICE = re.compile(
    r"\b(?:moderates all comments|comments (?:which|that) (?:are|do)|community guidelines|"
    r"share (?:information|your thoughts)|offer your thoughts|reprinted elsewhere|"
    r"all rights reserved|subscribe to our newsletter|sign up for our)\b",
    re.I,
)


def boilerplate(text: str, found: list[Paragraph]) -> set[int]:
    """Indexes of paragraphs that are the site's furniture, not the article.

    A trailer heading (``Comments``, ``Popular posts from this blog``,
    ``Recommended News``) ends the article: it and every paragraph after it
    are dropped. Comment policies and similar notices are dropped wherever
    they are.
    """
    dropped = set()
    trailing = False
    for paragraph in found:
        line = text[paragraph.start:paragraph.end]
        if not trailing and paragraph.index > 0 and _TRAILER.match(line):
            trailing = True
        if trailing or _NOTICE.search(line):
            dropped.add(paragraph.index)
    return dropped
