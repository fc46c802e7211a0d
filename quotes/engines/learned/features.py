"""What the learned scorer reads of one candidate quote: short strings, hashed to numbers.

A candidate is an :class:`~quotes.model.Attribution` the rules engine proposed,
read in its article's text. The scorer never sees a parse: it reads the words
a reader's eye would (the cue, the words around the cue and at both ends of
the content, the speaker's shape, quotation marks, lengths, where the quote
sits in its paragraph), so it costs microseconds a candidate and needs no
model beyond its own weights. Each feature is a string (``cue=said``,
``c0=that``) hashed with CRC-32, which is the same in every process (Python's
own ``hash`` of a string is not), into a fixed number of buckets.
"""
from __future__ import annotations

import re
import zlib

from quotes.model import Attribution

BUCKETS = 1 << 18

_WORD = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_DOUBLE = "\"\u201c\u201d\u201e\u00ab\u00bb"
_PRONOUNS = frozenset("he she they it we i you who which".split())


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _shape(word: str) -> str:
    if not word:
        return "none"
    if word[0].isupper():
        return "Cap" if not word.isupper() or len(word) == 1 else "UP"
    if word[0].isdigit():
        return "num"
    if word.isalpha():
        return "low"
    return "punct"


def _bucket(n: int, edges=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89)) -> int:
    for i, edge in enumerate(edges):
        if n <= edge:
            return i
    return len(edges)


def names(text: str, quote: Attribution) -> list[str]:
    """The feature strings of ``quote`` in ``text`` (its article)."""
    content = text[quote.start:quote.end]
    words = _words(content)
    lowered = [w.lower() for w in words]
    before = [w.lower() for w in _words(text[max(0, quote.start - 40):quote.start])][-3:]
    after = [w.lower() for w in _words(text[quote.end:quote.end + 40])][:3]
    line_start = text.rfind("\n", 0, quote.start) + 1
    line_end = text.find("\n", quote.end)
    line_end = len(text) if line_end < 0 else line_end
    marks = sum(content.count(m) for m in _DOUBLE)
    found = [
        "bias", f"kind={quote.kind}", f"nwords={_bucket(len(words))}", f"marks={min(marks, 6)}",
        f"c0={lowered[0] if lowered else ''}", f"c01={' '.join(lowered[:2])}",
        f"clast={lowered[-1] if lowered else ''}", f"c0shape={_shape(words[0] if words else '')}",
        f"b1={before[-1] if before else '^'}", f"b2={' '.join(before[-2:])}",
        f"a1={after[0] if after else '$'}", f"a2={' '.join(after[:2])}",
        f"linestart={quote.start - line_start < 3}", f"lineend={line_end - quote.end < 3}",
        f"parawords={_bucket(len(_words(text[line_start:line_end])) - len(words))}",
        f"told={quote.told_to is not None}", f"kind_marks={quote.kind}:{min(marks, 3)}",
    ]
    found += [f"w={w}" for w in set(lowered[:12])]
    if quote.extra.get("rule"):
        found.append(f"rule={quote.extra['rule']}")
    cue = (quote.cue or "").lower()
    found.append(f"cue={cue}")
    if quote.cue_start is not None:
        cue_words = cue.split()
        found += [f"cuew={w}" for w in cue_words]
        around = _words(text[max(0, quote.cue_start - 30):quote.cue_start])[-2:]
        follow = _words(text[quote.cue_end:quote.cue_end + 30])[:2]
        found += [f"cb1={around[-1].lower() if around else '^'}",
                  f"cb2={' '.join(around).lower()}",
                  f"ca1={follow[0].lower() if follow else '$'}",
                  f"ca2={' '.join(follow).lower()}",
                  f"cue_ca1={cue}:{follow[0].lower() if follow else '$'}",
                  f"cue_c0={cue}:{lowered[0] if lowered else ''}",
                  f"cueside={'before' if quote.cue_start < quote.start else 'after'}",
                  f"cuegap={_bucket(abs(quote.cue_start - quote.start) // 10 if quote.cue_start < quote.start else (quote.cue_start - quote.end) // 10)}",
                  f"cue_kind={cue}:{quote.kind}"]
    else:
        found.append("nocue")
    speaker = quote.speaker
    if speaker is None:
        found.append("nospeaker")
    else:
        mention = _words(speaker.mention)
        low = [w.lower() for w in mention]
        found += [f"skind={speaker.kind}", f"slen={_bucket(len(mention))}",
                  f"s0={low[0] if low else ''}", f"slast={low[-1] if low else ''}",
                  f"s0shape={_shape(mention[0] if mention else '')}",
                  f"slastshape={_shape(mention[-1] if mention else '')}",
                  f"spron={bool(low) and low[-1] in _PRONOUNS}",
                  f"sname={speaker.name is not None}", f"srole={speaker.role is not None}",
                  f"sdesc={speaker.description is not None}",
                  f"sinside={quote.start <= speaker.start < quote.end}",
                  f"skind_cue={speaker.kind}:{cue}"]
    return found


def hashed(text: str, quote: Attribution) -> list[int]:
    """The bucket of each of ``quote``'s features, without repeats. A loose candidate
    (:mod:`.candidates`) has each feature twice, once as is and once marked as loose, so the
    model learns what the two kinds share and where a loose one differs."""
    found = names(text, quote)
    if quote.extra.get("rule") == "loose":
        found += ["L:" + name for name in found]
    return sorted({zlib.crc32(name.encode("utf-8")) % BUCKETS for name in found})
