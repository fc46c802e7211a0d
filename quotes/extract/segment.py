"""Paragraphs, sentences and tokens with offsets into the original text.

Sentence splitting and tokenisation come from syntok (a maintained rule-based
segmenter that keeps exact character offsets and handles abbreviations such as
``U.S.`` and ``Gen.``), so the rules engine never has to re-implement them.
The titles a sentence must not end after come from the :mod:`quotes.lang` pack.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from collections.abc import Iterator

from syntok import segmenter
from syntok.tokenizer import Token as SyntokToken, Tokenizer

from quotes.lang import LanguagePack

# Plain classes with slots, not frozen ones: an article has about a thousand tokens, and a
# frozen dataclass takes more than twice as long to build (it sets each field through
# object.__setattr__). Nothing changes a token after segmentation; they still hash.
@dataclass(slots=True, unsafe_hash=True)
class Span:
    start: int
    end: int


@dataclass(slots=True, unsafe_hash=True)
class Paragraph(Span):
    index: int


@dataclass(slots=True, unsafe_hash=True)
class Token(Span):
    value: str


@dataclass(slots=True, unsafe_hash=True)
class Sentence(Span):
    paragraph: int
    tokens: tuple[Token, ...] = ()


_LINE = re.compile(r"[^\n]+")


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


def sentences(text: str, paragraph: Paragraph, pack: LanguagePack) -> list[Sentence]:
    """Sentences of one paragraph with their tokens, offsets into the whole text.

    ``pack`` is the engine's language pack: its title abbreviations (``Rep.``) never end a sentence.
    """
    body = text[paragraph.start:paragraph.end]
    # Token lists, one a sentence; a sentence syntok ends after a title ("Rep. | Gwen Moore
    # said") is joined to the next one by extending its list in place. Joining tuples copied
    # every token joined so far, so a paragraph of many titles ("Mr.Smith said" repeated,
    # one long sentence) took time growing with the square of its length.
    pieces: list[list[Token]] = []
    for segmented in _analyze(body):
        for sentence in segmented:
            if not sentence:
                continue
            tokens = []
            for t in sentence:
                start, value = paragraph.start + t.offset, t.value
                if len(value) < 2 or _QUOTES.isdisjoint(value):
                    tokens.append(Token(start, start + len(value), value))
                else:
                    tokens += _unglue(start, value)
            if pieces and _ends_in_title(pieces[-1], pack):
                pieces[-1] += tokens
            else:
                pieces.append(tokens)
    return [Sentence(t[0].start, t[-1].end, paragraph.index, tuple(t)) for t in pieces]


class _Token(SyntokToken):
    """syntok's token with its value, spacing and offset in slots rather than behind
    properties: its segmenter reads a token's ``value`` about five times (3.8 million reads
    for PolNeAR train), and a slot is read several times faster than a property runs. The
    underscored names syntok's own methods use (equality, hashing, ``update``) still work."""

    __slots__ = ("value", "spacing", "offset")

    def __init__(self, spacing: str, value: str, offset: int) -> None:
        self.spacing, self.value, self.offset = spacing, value, offset

    _value = property(lambda self: self.value)
    _spacing = property(lambda self: self.spacing)

    @property
    def _offset(self) -> int:
        return self.offset

    @_offset.setter
    def _offset(self, offset: int) -> None:
        self.offset = offset


class _RememberingTokenizer(Tokenizer):
    """syntok's tokenizer (as its ``analyze`` sets it up), remembering each word it has split.

    syntok splits text at whitespace, then splits each run of non-space characters on its
    own: the tokens of ``U.S.-backed`` do not depend on what is around it, save the
    whitespace before it, which becomes the first token's spacing. Words recur (``said``,
    ``the``, ``Trump``), and splitting them was a third of the sentence split; a split
    already made is looked up, the tokens still made new (the segmenter reads their
    spacing, offsets differ). The pieces come from syntok's own ``tokenize`` run on the
    word alone, so the tokens are the ones it makes; at most ``REMEMBERED`` words are
    kept, then the memory starts again.
    """

    REMEMBERED = 50_000

    def __init__(self) -> None:
        super().__init__(replace_not_contraction=False)
        self.splits: dict[str, tuple[tuple[str, str, int], ...]] = {}

    def tokenize(self, text: str, base_offset: int = 0) -> Iterator[_Token]:
        if base_offset > 0:  # as syntok does: offsets count from the start of the document
            text = " " * base_offset + text
        offset, splits = base_offset, self.splits
        for match in Tokenizer._spaces.finditer(text):
            start = match.start()
            word = match.group()
            pieces = splits.get(word)
            if pieces is None:
                if len(splits) >= self.REMEMBERED:
                    splits.clear()
                pieces = splits[word] = tuple((t.spacing, t.value, t.offset)
                                              for t in Tokenizer.tokenize(self, word))
            spacing, value, at = pieces[0]
            yield _Token(text[offset:start] + spacing, value, start + at)
            for spacing, value, at in pieces[1:]:
                yield _Token(spacing, value, start + at)
            offset = match.end()
        if offset < len(text):
            yield _Token(text[offset:], "", len(text))


_TOKENIZER = _RememberingTokenizer()


def _analyze(body: str) -> Iterator[Iterator[list[SyntokToken]]]:
    """``syntok.segmenter.analyze`` with the remembering tokenizer: its paragraphs, each a
    stream of sentences."""
    for offset, part in segmenter.preprocess_with_offsets(body):
        yield segmenter.segment(_TOKENIZER.tokenize(part, offset))


_QUOTES = frozenset('\u201c\u201d"')
_GLUED = re.compile(r'[\u201c\u201d"]|,(?=[\u201c\u201d"])|[^\u201c\u201d",]+|,')


def _unglue(start: int, value: str) -> tuple[Token, ...]:
    """``him,”Clinton`` → ``him`` ``,`` ``”`` ``Clinton``: syntok keeps a double quotation mark
    typed with no space beside it inside the word, where no pattern would see it."""
    return tuple(Token(start + m.start(), start + m.end(), m.group()) for m in _GLUED.finditer(value))


def _ends_in_title(tokens: list[Token], pack: LanguagePack) -> bool:
    """``Rep.`` at a sentence's end: syntok sometimes ends one there although a name follows."""
    if len(tokens) < 2 or tokens[-1].value != ".":
        return False
    word = tokens[-2].value
    return word.lower() in pack.title_abbreviations or len(word) == 1 and word.isupper()
