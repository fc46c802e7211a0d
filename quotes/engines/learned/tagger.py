"""A sequence tagger that proposes what the rules never do: spans read word by word.

The rules engine, and the loose candidates of :mod:`.candidates`, propose a
quote only where a pattern reads a subject and a clause around a cue; most of
PolNeAR's missed attributions are statements no pattern reaches (a subject far
from its cue, a cue that is a noun or a phrase, a content ahead of a layout
break). A linear-chain CRF (CRFsuite, through ``python-crfsuite``) tags each
word of a paragraph that holds a cue form as the beginning or inside of a
Source, a Cue or a Content, or none (BIO), from the word, its shape, its
neighbours, the language pack's lexicons and the quotation marks around it.
Each Content span it finds becomes a candidate with the nearest Cue and that
cue's nearest Source, and it is kept when the tagger's own marginal
probability for its words reaches the threshold chosen on PolNeAR dev
(:mod:`.train`). The model file (``tagger.crfsuite``) ships beside the scorer.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from quotes.engines.learned.candidates import _object_only, _speaker_like
from quotes.engines.rules.content import has_words
from quotes.engines.rules.layout import Spans
from quotes.lang import LanguagePack
from quotes.model import DIRECT, INDIRECT, MIXED, Attribution

TAGGED = "tagged"
LABELS = ("O", "B-S", "I-S", "B-Q", "I-Q", "B-C", "I-C")
_KIND = {"S": "Source", "Q": "Cue", "C": "Content"}
_TOKEN = re.compile(r"\w+(?:['’.-]\w+)*|[^\w\s]")
_LINE = re.compile(r"[^\n]+")
_LETTERS = re.compile(r"[A-Za-z]+")
_DOUBLE = frozenset("\"“”„«»")
_OPENING = frozenset("“„«")
_CLOSING = frozenset("”»")


@dataclass(slots=True)
class Word:
    start: int
    end: int
    value: str


def words(text: str, start: int, end: int) -> list[Word]:
    """The words and punctuation marks of ``text[start:end]`` with their offsets."""
    return [Word(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def paragraphs(text: str, pack: LanguagePack, used: frozenset[int] = frozenset()) -> Iterator[tuple[int, int]]:
    """The non-blank lines of ``text`` that hold a cue form (``said``, ``according``) whose
    offset is not in ``used`` (the cues other candidates already read): the tagger reads only
    those (an attribution without one is outside the verb-of-saying slice)."""
    forms = pack.say_forms
    for match in _LINE.finditer(text):
        if any((w.group().lower() in forms or w.group() == "according") and w.start() not in used
               for w in _LETTERS.finditer(text, match.start(), match.end())):
            yield match.span()


def _shape(value: str) -> str:
    if value[0].isupper():
        return "UP" if value.isupper() and len(value) > 1 else "Cap"
    if value[0].isdigit():
        return "num"
    if value[0].isalpha():
        return "low"
    if value in _DOUBLE:
        return "q"
    return value if value in ",.:;?!-—()'’‘" else "p"


def features(tokens: list[Word], pack: LanguagePack) -> list[list[str]]:
    """The CRF's attributes of each token: the word and its shape, its neighbours within two,
    whether it is a cue form, a speech noun, a pronoun or a title, whether it is inside double
    quotation marks, and how far the nearest cue form is on each side (bucketed)."""
    forms, nouns, pronouns, titles = pack.say_forms, pack.speech_nouns, pack.pronouns, pack.name_titles
    low = [t.value.lower() for t in tokens]
    shapes = [_shape(t.value) for t in tokens]
    n = len(tokens)
    cue = [w in forms or (w == "according" and i + 1 < n and low[i + 1] == "to") for i, w in enumerate(low)]
    inside, quoted = [], False
    for t in tokens:
        if t.value in _DOUBLE:
            quoted = (t.value in _OPENING) or (t.value == '"' and not quoted)
            inside.append("mark")
        else:
            inside.append(str(quoted))
    last_cue, before = None, []
    for i in range(n):
        before.append(None if last_cue is None else i - last_cue)
        if cue[i]:
            last_cue = i
    next_cue, after = None, [None] * n
    for i in range(n - 1, -1, -1):
        after[i] = None if next_cue is None else next_cue - i
        if cue[i]:
            next_cue = i
    rows = []
    for i in range(n):
        w = low[i]
        row = [f"w={w}", f"sh={shapes[i]}", f"suf={w[-3:]}", f"q={inside[i]}",
               f"cue={cue[i]}", f"pos={min(i, 6)}", f"end={min(n - 1 - i, 3)}",
               f"cb={_distance(before[i])}", f"ca={_distance(after[i])}"]
        if w in nouns:
            row.append("noun")
        if w in pronouns:
            row.append("pron")
        if w in titles:
            row.append("title")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                row += [f"w{d}={low[j]}", f"sh{d}={shapes[j]}"]
                if cue[j]:
                    row.append(f"cue{d}")
            else:
                row.append(f"edge{d}")
        if 0 < i:
            row.append(f"ww-1={low[i - 1]}|{w}")
        if i + 1 < n:
            row.append(f"ww+1={w}|{low[i + 1]}")
        rows.append(row)
    return rows


def _distance(d: int | None) -> str:
    if d is None:
        return "none"
    return str(d) if d <= 3 else ("near" if d <= 8 else ("mid" if d <= 20 else "far"))


def labels(text: str, tokens: list[Word], gold) -> list[str]:
    """The BIO label of each token from PolNeAR gold attributions (:class:`quotes.evaluate.Gold`),
    read at the token's middle character: inside a cue Cue, else inside a source Source, else
    inside a content Content; a span begins where the annotated span under the token changes."""
    kinds = [""] * len(text)
    ids = [-1] * len(text)
    piece = 0
    for kind, attribute in (("C", "content"), ("S", "source"), ("Q", "cue")):  # the later wins
        for g in gold:
            for s, e in getattr(g, attribute):
                kinds[s:e] = [kind] * (e - s)
                ids[s:e] = [piece] * (e - s)
                piece += 1
    found, previous = [], -1
    for t in tokens:
        mid = (t.start + t.end) // 2
        if not kinds[mid]:
            found.append("O")
            previous = -1
            continue
        found.append(("I-" if ids[mid] == previous else "B-") + kinds[mid])
        previous = ids[mid]
    return found


@dataclass
class Span:
    kind: str  # S, Q or C
    first: int  # token indices, inclusive
    last: int


def spans(tags: list[str]) -> list[Span]:
    """The runs of one kind in a tag sequence (an I- after another kind begins a run too)."""
    found: list[Span] = []
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        kind = tag[2:]
        if tag[0] == "I" and found and found[-1].kind == kind and found[-1].last == i - 1:
            found[-1].last = i
        else:
            found.append(Span(kind, i, i))
    return found


class Tagger:
    """A trained CRF read from its file's bytes (no path needed once loaded)."""

    def __init__(self, data: bytes, threshold: float = 0.5):
        import pycrfsuite

        self._data = data  # CRFsuite reads the model from this buffer: it must outlive the tagger
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(data)
        self.threshold = threshold

    @classmethod
    def load(cls, path: str | Path, threshold: float = 0.5) -> Tagger:
        return cls(Path(path).read_bytes(), threshold)

    def candidates(self, text: str, pack: LanguagePack, used: frozenset[int] = frozenset()) -> list[Attribution]:
        """Every Content span the CRF tags in the paragraphs of ``text`` with a cue form whose
        offset is not in ``used``, that passes the checks of :func:`reports` and whose speaker can be one, as a candidate with its cue
        and source and the mean marginal of its words' labels as ``confidence``."""
        from quotes.extract.speakers import make_speaker

        found = []
        for start, end in paragraphs(text, pack, used):
            tokens = words(text, start, end)
            if not tokens:
                continue
            tags = self._tagger.tag(features(tokens, pack))
            runs = spans(tags)
            cues = [r for r in runs if r.kind == "Q"]
            sources = [r for r in runs if r.kind == "S"]
            for run in runs:
                if run.kind != "C" or not cues or not sources:
                    continue
                cue = min(cues, key=lambda c: _gap(c, run))
                q_start, q_end = tokens[cue.first].start, tokens[cue.last].end
                verb = saying(text, q_start, q_end, used, pack)
                if verb is None:
                    continue
                c_start, c_end = tokens[run.first].start, tokens[run.last].end
                if not reports(text, c_start, c_end, q_end, verb, pack):
                    continue
                source = min(sources, key=lambda s: _gap(s, cue))
                s_start, s_end = tokens[source.first].start, tokens[source.last].end
                speaker = make_speaker(text[s_start:s_end], s_start, s_end, pack)
                if not _speaker_like(speaker.mention.split(), pack):
                    continue
                sure = sum(self._tagger.marginal(tags[i], i) for i in range(run.first, run.last + 1))
                quote = Attribution(_kind(text, c_start, c_end), c_start, c_end, text[c_start:c_end],
                                    cue=text[q_start:q_end], cue_start=q_start, cue_end=q_end, speaker=speaker,
                                    confidence=sure / (run.last - run.first + 1))
                quote.extra["rule"] = TAGGED
                found.append(quote)
        return found


def saying(text: str, start: int, end: int, used: frozenset[int], pack: LanguagePack) -> str | None:
    """The verb of saying in the tagged cue ``text[start:end]`` (``according`` for ``according
    to``), or None when it has none or another candidate reads it already (its offset in ``used``)."""
    verb = None
    for match in _LETTERS.finditer(text, start, end):
        word = match.group().lower()
        if word in pack.say_forms:
            if match.start() in used:
                return None
            verb = word
        elif word == "according" and text[match.end():match.end() + 3] == " to":
            verb = verb or word
    return verb


def reports(text: str, start: int, end: int, cue_end: int, verb: str, pack: LanguagePack) -> bool:
    """Whether a tagged content ``text[start:end]`` passes the checks a loose candidate's does
    (:mod:`.candidates`): it has three words and is no prepositional object (``on the Prime
    Minister``), and after a cue that takes a noun object (``declared``, ``called``) it reports
    a statement only with ``that``. (Its speaker must also be a phrase that can be one, not
    ``Thursday``, ``To`` or ``the stark``: :func:`.candidates._speaker_like`.)"""
    if not has_words(text, start, end, 3) or _object_only(text, start, end, pack):
        return False
    if cue_end <= start and (verb in pack.noun_object_forms or verb in pack.naming_forms):
        return "that" in text[cue_end:start].lower().split()
    return True


def _gap(a: Span, b: Span) -> int:
    return max(a.first - b.last, b.first - a.last, 0)


def _kind(text: str, start: int, end: int) -> str:
    inner = text[start:end]
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    opens = inner[:1] in _DOUBLE or any(c in _DOUBLE for c in before)
    closes = inner[-1:] in _DOUBLE or any(c in _DOUBLE for c in after) or \
        (len(inner) > 1 and inner[-1] in ",.?!" and inner[-2] in _DOUBLE)
    if opens and closes and sum(c in _DOUBLE for c in inner.strip("\"“”„«» ,.")) == 0:
        return DIRECT
    return MIXED if sum(c in _DOUBLE for c in inner) >= 2 else INDIRECT


def with_tagged(kept: list[Attribution], tagged: list[Attribution], threshold: float) -> list[Attribution]:
    """``kept`` and the tagged candidates at or above ``threshold`` that have a speaker and
    overlap none of them (nor each other), as the engine adds them."""
    taken = Spans((q.start, q.end) for q in kept)
    added = []
    for quote in tagged:
        if quote.confidence >= threshold and quote.speaker is not None and not taken.overlaps(quote.start, quote.end):
            added.append(quote)
            taken.add(quote.start, quote.end)
    return added
