"""The model-free engine: quotation marks, a verb-of-saying lexicon and surface patterns.

It needs no downloaded model, so it is the default wherever stanza's English
models are not installed. Direct quotes are found from quotation marks and an
adjacent cue; indirect quotes from a cue verb with a subject on one side and a
reported clause on the other; a quotation inside reported speech makes the
quote *mixed*. Quoted words with no cue and no speaker (scare quotes, titles)
are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import text as nlp
from .model import DIRECT, INDIRECT, MIXED, Quote
from .speakers import make_speaker, resolve_in_article

NAME = "rules"

SAY_LEMMAS = (
    "say", "tell", "add", "warn", "estimate", "claim", "announce", "explain", "note",
    "insist", "argue", "write", "tweet", "confirm", "deny", "admit",
    "acknowledge", "suggest", "shout", "ask", "reply", "respond", "predict",
    "allege", "assert", "contend", "maintain", "recall", "stress", "emphasise", "emphasize",
    "point out", "remark", "observe", "concede", "caution", "urge",
    "complain", "boast", "scream", "yell", "whisper", "cry", "conclude",
)
_IRREGULAR = {"say": ["say", "says", "said", "saying"], "tell": ["tell", "tells", "told", "telling"],
              "write": ["write", "writes", "wrote", "written", "writing"],
              "think": ["think", "thinks", "thought"], "cry": ["cry", "cries", "cried"],
              "deny": ["deny", "denies", "denied"], "reply": ["reply", "replies", "replied"]}


def _inflect(lemma: str) -> list[str]:
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if " " in lemma:
        verb, rest = lemma.split(" ", 1)
        return [f"{form} {rest}" for form in _inflect(verb)]
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s")
    return [lemma, third, stem + "ed", stem + "ing"]


CUE_FORMS = sorted({form for lemma in SAY_LEMMAS for form in _inflect(lemma)}, key=len, reverse=True)
_CUE = "(?:" + "|".join(re.escape(form) for form in CUE_FORMS) + ")"
CUE_RE = re.compile(rf"\b{_CUE}\b")
ACCORDING_RE = re.compile(r"\baccording to\b", re.I)

OPENERS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d", '"': '"', "\u2018": "\u2019", "'": "'"}
SINGLE = {"\u2018", "'"}

# A speaker phrase: up to ~12 words without clause punctuation.
_NP = r"[^\s,;:.!?\"\u201c\u201d][^,;:!?\"\u201c\u201d\n]{0,120}?"
_NP_APPOS = r"[A-Z][\w.\-’']*(?: [A-Z][\w.\-’']*)*, (?:the|a|an) [^,;\"\u201c\u201d\n]{2,80}?,"
_ADJUNCT = r"(?:\s+(?:on|in|at|last|this|late|early)\s+(?:[A-Z]\w+|\w+day|week|month|year|night|morning|evening|afternoon|a statement|an interview|Twitter|Facebook))*"
_TRAILING_ADJUNCT = re.compile(
    r"(?:\s+(?:also|has|have|had|would|will|previously|later|again|then|earlier|"
    r"(?:on|in|at|last|this|late|early)\s+(?:[A-Z]\w+|\w+day|week|month|year|night|morning|evening|afternoon)))+$"
)
_LEADING_CONNECTIVE = re.compile(r"^(?:but|and|however|meanwhile|still|yet|so|also|then|now)\b\s*,?\s*", re.I)

AFTER_CUE = re.compile(
    rf"\s*[,\u2014\u2013-]?\s*(?:(?P<subj>{_NP_APPOS}|(?:{_NP}))\s+(?P<cue>{_CUE})\b|(?P<cue2>{_CUE})\s+(?P<subj2>{_NP})(?=\s*(?:[.,;!?]|$)))"
    rf"(?P<rest>{_ADJUNCT}(?:\s+(?P<told>[A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*)*|reporters|journalists))?)",
)
BEFORE_CUE = re.compile(rf"(?P<subj>{_NP_APPOS}|{_NP})\s+(?P<cue>{_CUE})(?P<rest>{_ADJUNCT}(?:\s+\w+)?)\s*[:,]?\s*$")


@dataclass
class Mark:
    """A quotation: ``open``/``close`` are the offsets of the marks themselves."""

    open: int
    close: int
    paragraph: int


def find_marks(text: str, paragraphs: list[nlp.Paragraph]) -> list[Mark]:
    """Pair quotation marks paragraph by paragraph, following news-style continuation.

    A paragraph that opens a quotation and never closes it continues into the
    next paragraph when that one opens with a quotation mark too.
    """
    marks: list[Mark] = []
    pending: tuple[int, str, int] | None = None  # (open offset, closer, paragraph index)
    for paragraph in paragraphs:
        i = paragraph.start
        if pending and text[i] in OPENERS:
            i += 1  # the continuation mark at the new paragraph's start
        elif pending:
            pending = None
        while i < paragraph.end:
            char = text[i]
            if pending is None and char in OPENERS:
                if char in SINGLE and not _opens_single(text, i):
                    i += 1
                    continue
                pending = (i, OPENERS[char], paragraph.index)
            elif pending is not None and char == pending[1]:
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
    return (before.isspace() or before in "([") and after.isalnum()


def _clean_subject(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim connectives and adverbials off a subject span; None if nothing is left."""
    while end > start and text[end - 1].isspace():
        end -= 1
    phrase = text[start:end]
    lead = _LEADING_CONNECTIVE.match(phrase)
    if lead:
        start += lead.end()
    phrase = text[start:end]
    trail = _TRAILING_ADJUNCT.search(phrase)
    if trail:
        end = start + trail.start()
    while end > start and text[end - 1] in " ,":
        end -= 1
    if end <= start or len(text[start:end].split()) > 12:
        return None
    return start, end


def _strip_content(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",\u2014"):
        end -= 1
    return start, end


def extract(text: str) -> list[Quote]:
    """All quotes in one article's text, speakers resolved within the article."""
    paragraphs = nlp.paragraphs(text)
    skip = nlp.repeated(text, paragraphs)
    marks = [m for m in find_marks(text, paragraphs) if m.paragraph not in skip]
    quotes: list[Quote] = []
    used_cues: set[int] = set()
    last_direct: Quote | None = None
    by_paragraph = {p.index: p for p in paragraphs}
    for mark in marks:
        paragraph = by_paragraph[mark.paragraph]
        end_paragraph = next(p for p in paragraphs if p.start <= mark.close < p.end + 1)
        start, end = _strip_content(text, mark.open + 1, mark.close)
        content = text[start:end]
        quote = Quote(kind=DIRECT, start=start, end=end, text=content)
        after = AFTER_CUE.match(text, mark.close + 1, end_paragraph.end)
        before = BEFORE_CUE.search(text, paragraph.start, mark.open)
        if after and (after.group("cue") or after.group("cue2")):
            group = "cue" if after.group("cue") else "cue2"
            subject = "subj" if group == "cue" else "subj2"
            _attach(quote, text, after, group, subject)
        elif before and before.end() == mark.open - (len(text[before.end():mark.open])):
            _attach(quote, text, before, "cue", "subj")
        elif last_direct is not None and last_direct.speaker and _continues(text, last_direct, mark, paragraphs):
            quote.speaker = last_direct.speaker
            quote.cue, quote.cue_start, quote.cue_end = last_direct.cue, last_direct.cue_start, last_direct.cue_end
        if quote.speaker is None or len(content.split()) < 2:
            continue
        if quote.cue_start is not None:
            used_cues.add(quote.cue_start)
        quotes.append(quote)
        last_direct = quote
    quotes.extend(_indirect(text, paragraphs, skip, marks, used_cues))
    quotes.sort(key=lambda q: q.start)
    resolve_in_article(quotes)
    return quotes


def _continues(text: str, previous: Quote, mark: Mark, paragraphs: list[nlp.Paragraph]) -> bool:
    """A cue-less quotation right after a quote (same or next paragraph) continues it."""
    gap = text[previous.end:mark.open]
    return gap.count("\n") <= 2 and len(gap) < 160 and text[mark.open + 1:mark.open + 2].isupper()


def _attach(quote: Quote, text: str, match: re.Match, cue_group: str, subject_group: str) -> None:
    cue_start, cue_end = match.span(cue_group)
    span = _clean_subject(text, *match.span(subject_group))
    quote.cue, quote.cue_start, quote.cue_end = text[cue_start:cue_end], cue_start, cue_end
    if span:
        quote.speaker = make_speaker(text[span[0]:span[1]], *span)
    told = match.groupdict().get("told")
    if told and quote.cue.lower().startswith("tel") or told and quote.cue.lower() == "told":
        quote.told_to = told


def _indirect(text, paragraphs, skip, marks, used_cues) -> list[Quote]:
    """Reported speech: ``X said (that) CLAUSE``, ``CLAUSE, X said``, ``according to X``."""
    found = []
    for paragraph in paragraphs:
        if paragraph.index in skip:
            continue
        for sentence in nlp.sentences(text, paragraph):
            quote = _indirect_in_sentence(text, sentence, used_cues)
            if quote is None:
                continue
            inside = [m for m in marks if quote.start <= m.open and m.close <= quote.end]
            if inside:
                quote.kind = MIXED
            found.append(quote)
    return found


def _indirect_in_sentence(text: str, sentence: nlp.Sentence, used_cues: set[int]) -> Quote | None:
    body = text[sentence.start:sentence.end]
    according = ACCORDING_RE.search(body)
    if according:
        a_start = sentence.start + according.start()
        after = sentence.start + according.end()
        np = re.match(r"\s*([^,.;]+)", text[after:sentence.end])
        if np:
            s_start = after + np.start(1)
            s_end = s_start + len(np.group(1).rstrip())
            if a_start > sentence.start + 10:
                c_start, c_end = _strip_content(text, sentence.start, a_start)
            else:
                c_start, c_end = _strip_content(text, s_end + 1, sentence.end - 1)
            quote = Quote(INDIRECT, c_start, c_end, text[c_start:c_end], cue="according to",
                          cue_start=a_start, cue_end=a_start + len("according to"))
            quote.speaker = make_speaker(text[s_start:s_end], s_start, s_end)
            return quote if c_end - c_start > 10 else None
    for cue in CUE_RE.finditer(body):
        cue_start, cue_end = sentence.start + cue.start(), sentence.start + cue.end()
        if cue_start in used_cues or _inside_quotation(body, cue.start()):
            continue
        left = text[sentence.start:cue_start]
        right_end = sentence.end
        while right_end > cue_end and text[right_end - 1] in ".!?\"\u201d ":
            right_end -= 1
        # CLAUSE, SUBJECT said.  /  CLAUSE, said SUBJECT.
        comma = left.rfind(", ")
        tail = text[cue_end:right_end]
        if comma > 10 and len(tail.split()) <= 6:
            subject_span = _clean_subject(text, sentence.start + comma + 2, cue_start)
            if subject_span is None and tail.strip():
                subject_span = (cue_end + 1, right_end)
            if subject_span:
                c_start, c_end = _strip_content(text, sentence.start, sentence.start + comma)
                return _indirect_quote(text, c_start, c_end, cue_start, cue_end, subject_span, tail)
        # SUBJECT said (that) CLAUSE.
        boundary = max((left.rfind(sep) + len(sep), sep) for sep in (", ", "; ", " and ", " but ", "\u201d ", '" '))
        subject_start = sentence.start + (boundary[0] if boundary[0] >= len(boundary[1]) else 0)
        subject_span = _clean_subject(text, subject_start, cue_start)
        if subject_span is None:
            continue
        told = re.match(r"\s+([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*)*|reporters|journalists)\b", text[cue_end:right_end])
        c_start = cue_end + (told.end() if told and cue.group(0).lower().startswith(("told", "tell")) else 0)
        lead = re.match(r"\s*(?:,\s*)?(?:on (?:\w+day|Twitter|Facebook)\s*)?(?:that\s+)?", text[c_start:right_end])
        c_start += lead.end()
        c_start, c_end = _strip_content(text, c_start, right_end)
        if len(text[c_start:c_end].split()) < 3:
            continue
        return _indirect_quote(text, c_start, c_end, cue_start, cue_end, subject_span,
                               told.group(1) if told and cue.group(0).lower().startswith(("told", "tell")) else None)
    return None


def _indirect_quote(text, c_start, c_end, cue_start, cue_end, subject_span, told) -> Quote:
    quote = Quote(INDIRECT, c_start, c_end, text[c_start:c_end], cue=text[cue_start:cue_end],
                  cue_start=cue_start, cue_end=cue_end)
    quote.speaker = make_speaker(text[subject_span[0]:subject_span[1]], *subject_span)
    if isinstance(told, str):
        match = re.search(r"\btold\s+([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*)*)", text[cue_start:cue_end + len(told) + 1])
        if match:
            quote.told_to = match.group(1)
    return quote


def _inside_quotation(body: str, offset: int) -> bool:
    before = body[:offset]
    return (before.count("\u201c") > before.count("\u201d")) or before.count('"') % 2 == 1
