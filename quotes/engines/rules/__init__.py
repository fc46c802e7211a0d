"""The model-free engine: quotation marks, a verb-of-saying lexicon and token patterns.

It needs no downloaded model, so it is the default wherever stanza's English
models are not installed. It works in three passes over one article:

1. **Quotations.** Quotation marks are paired paragraph by paragraph
   (:func:`find_marks`). Each quotation looks for a cue in the words right
   after it (``"…," he said`` / ``"…," said Sean Ryan``) or right before it
   (``Ryan said: "…"``). A quotation with no cue that opens a sentence right
   after an attributed quote continues that speaker (``"…," he said. "…"``).
   Anything else in quotation marks (scare quotes, titles) is left alone.
2. **Reported speech.** In every sentence, each cue verb outside quotation
   marks is read with its subject before it (``X said (that) CLAUSE``,
   ``CLAUSE, X said``), after it (``CLAUSE, said X``) or as the object of
   ``according to``. A quotation inside the reported clause makes it *mixed*.
3. **Speakers.** The subject phrase becomes a :class:`~quotes.model.Speaker`
   (:mod:`quotes.speakers` splits name from role and resolves pronouns and
   surnames inside the article).

The text it is given has been cleaned by :mod:`quotes.clean` (a repeated body
and the site's trailers blanked out), as for every engine. Every word the
patterns look for (cue verbs, quotation marks, the adverbs between a subject
and its cue) comes from a :mod:`quotes.lang` pack, English unless
:func:`extract` is given another.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from functools import partial

from quotes.engines import registry
from quotes.extract import segment
from quotes.lang import LanguagePack, get
from quotes.model import DIRECT, INDIRECT, MIXED, Attribution, Speaker
from quotes.extract.speakers import PERSON, make_speaker, resolve_in_article

NAME = "rules"
EN = get("en")

_MAX_SUBJECT = 14


@dataclass
class Mark:
    """A quotation: ``open``/``close`` are the offsets of the marks themselves.

    For a two-apostrophe mark (``''…''``) ``open`` is its second character and
    ``close`` its first, so the content is always ``open + 1`` to ``close``.
    """

    open: int
    close: int
    paragraph: int


@dataclass
class Cue:
    """A verb of saying with its speaker, as found by one of the patterns."""

    token: segment.Token
    subject: tuple[int, int] | None
    told_to: str | None = None
    after: int = 0  # where the words belonging to the cue (adjuncts, told X, that) end


def find_marks(text: str, paragraphs: list[segment.Paragraph], pack: LanguagePack = EN) -> list[Mark]:
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


# ---------------------------------------------------------------- the article


class Layout:
    """One article's text cut into the pieces the patterns read, indexed by offset."""

    def __init__(self, text: str, sentences: list[segment.Sentence], marks: list[Mark], pack: LanguagePack):
        self.text = text
        self.pack = pack
        self.sentences = sentences
        self.marks = marks
        self._starts = [s.start for s in sentences]
        self._tokens = [t for s in sentences for t in s.tokens]
        self._token_starts = [t.start for t in self._tokens]
        self._inside = [(m.open, m.close) for m in marks]
        self._opens = [m.open for m in marks]
        self._closes = [m.close for m in marks]  # ascending too: quotations never overlap

    def sentence_at(self, offset: int) -> segment.Sentence | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def tokens_between(self, start: int, end: int) -> list[segment.Token]:
        i = bisect_left(self._token_starts, start)
        found = []
        while i < len(self._tokens) and self._tokens[i].end <= end:
            found.append(self._tokens[i])
            i += 1
        return found

    def quoted(self, offset: int) -> bool:
        i = bisect_left(self._opens, offset) - 1
        return i >= 0 and self._inside[i][0] < offset < self._inside[i][1]

    def unquoted(self, sentence: segment.Sentence) -> list[segment.Token]:
        """The sentence's tokens outside quotations; all of them when no quotation reaches
        into it (most sentences: one bisection instead of one a token)."""
        i = bisect_left(self._opens, sentence.end) - 1
        if i < 0 or self._closes[i] <= sentence.start:
            return list(sentence.tokens)
        return [t for t in sentence.tokens if not self.quoted(t.start)]

    def after_last_close(self, start: int, offset: int) -> int:
        """Just after the last quotation that closes in ``[start, offset)``, else ``start``.

        A bisection, not a scan of every quotation: once per quotation mark, a
        scan made an article's time grow with the square of its quotations.
        """
        i = bisect_left(self._closes, offset) - 1
        return self._closes[i] + 1 if i >= 0 and self._closes[i] >= start else start

    def in_quotation(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside one quotation (opening before ``start``)."""
        i = bisect_left(self._opens, start) - 1  # quotations never overlap: only this one can
        return i >= 0 and self._closes[i] >= end

    def closing_after(self, start: int, end: int) -> int | None:
        """Where the quotation that opens in ``[start, end)`` and runs past ``end`` closes, if one does."""
        i = bisect_left(self._opens, end) - 1  # quotations never overlap: only the last can run on
        return self._closes[i] if i >= 0 and self._opens[i] >= start and self._closes[i] >= end else None

    def marks_within(self, start: int, end: int) -> list[Mark]:
        """The quotations that open at or after ``start`` and close by ``end``."""
        i, found = bisect_left(self._opens, start), []
        while i < len(self.marks) and self._opens[i] <= end:
            if self._closes[i] <= end:
                found.append(self.marks[i])
            i += 1
        return found

    def next_open(self, offset: int, default: int) -> int:
        i = bisect_left(self._opens, offset)
        return self._opens[i] if i < len(self._opens) else default


class Spans:
    """Character spans found so far, with an overlap test that looks only at spans nearby.

    Testing every span for every new one made long articles quadratic; a span
    that overlaps ``[start, end)`` starts no earlier than ``start`` minus the
    longest span, so a bisection finds all candidates.
    """

    def __init__(self, spans=()):
        self._spans: list[tuple[int, int]] = sorted(spans)
        self._longest = max((e - s for s, e in self._spans), default=0)

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._spans, (start - self._longest,))
        while i < len(self._spans) and self._spans[i][0] <= end:
            s, e = self._spans[i]
            if s <= start < e or s < end <= e or start <= s < end:
                return True
            i += 1
        return False


def extract(text: str, pack: LanguagePack = EN) -> list[Attribution]:
    """All quotes in one article's text, speakers resolved within the article."""
    paragraphs = segment.paragraphs(text)
    sentences = [s for p in paragraphs for s in segment.sentences(text, p, pack)]
    marks = find_marks(text, paragraphs, pack)
    article = Layout(text, sentences, marks, pack)
    quotes = _quotations(article)
    used = {q.cue_start for q in quotes if q.cue_start is not None}
    quotes += _reported(article, used, quotes)
    quotes = _continuations(article, quotes)
    quotes.sort(key=lambda q: q.start)
    resolve_in_article(quotes, _named_mentions(text), pack)
    return quotes


# ------------------------------------------------------------ direct quotes


def _quotations(article: Layout) -> list[Attribution]:
    """Quotations with a cue right after or right before them."""
    text = article.text
    found = []
    for mark in article.marks:
        start, end = _strip_content(text, mark.open + 1, mark.close)
        one_word = len(text[start:end].split()) < 2 and not text[start:end].endswith((".", "!", "?"))
        if end - start < 2 or one_word and not _one_word_answer(article, mark, end):
            continue
        if _title(text[start:end], article.pack) and _named_line_cue(
                article, [t for t in article.tokens_between(_sentence_lead(article, mark.open), mark.open)
                          if t.value not in article.pack.quote_marks]) is None:
            continue  # "Fox News Sunday", but not "Lind on the Strike: 'It Has to End This Week.'"
        frame_end = _frame_end(article, mark.close + 1)
        cue = _cue_after(article, mark.close + 1, frame_end)
        lead = _sentence_lead(article, mark.open)
        if cue is not None and article.sentence_at(cue.token.start) is not article.sentence_at(mark.close) \
                and text[start:end].endswith((".", "!", "?")) and _cue_before(article, lead, mark.open):
            cue = None  # 'Ortis said: "…rusting through." She added …': the cue before the sentence wins
        if cue is None and one_word:
            continue
        if cue is None:
            cue = _cue_before(article, lead, mark.open)
            if cue is None and not text[lead:mark.open].strip():
                cue = _cue_in_previous_paragraph(article, mark.open)
            if cue is None:
                cue = _colon_cue(article, lead, mark.open)
            lead_is_cue = cue is not None
        else:
            lead_is_cue = False
        if cue is None:
            continue
        kind = DIRECT
        if cue and not lead_is_cue and text[lead:mark.open].strip(" ,:\u2014-") and \
                not text[lead:mark.open].rstrip().endswith(":") and \
                not _ends_with_quote(text, lead, mark.open, article.pack) and _cue_before(article, lead, mark.open) is None:
            # Clinton "is dogged, resilient," the newspaper wrote: the words before belong to it.
            start, kind = lead, MIXED
        found.append(_make_quote(text, kind, start, end, cue, article.pack))
    return found


def _one_word_answer(article: Layout, mark: Mark, end: int) -> bool:
    """``"Absolutely," he said``: a one-word quotation that opens its sentence, a comma after it.

    A word in quotation marks inside a sentence (``a "caliphate," he said``) is a scare quote.
    """
    text = article.text
    sentence = article.sentence_at(mark.open) or article.sentence_at(mark.open + 1)
    opens = sentence is not None and not text[sentence.start:mark.open].strip()
    return opens and text[end:mark.close + 2].strip(" \"'\u201d\u2019") == ","


def _colon_cue(article: Layout, lead: int, open_mark: int) -> Cue | None:
    """``Clinton went even further: "…"``, ``Ash issued a statement: "…"``: a clause and a colon.

    The colon is the cue and the clause's subject the speaker; a clause with no
    subject opening it (``Here is the list:``) introduces no one's words.
    """
    tokens = [t for t in article.tokens_between(lead, open_mark) if t.value not in article.pack.quote_marks]
    if not tokens or tokens[-1].value != ":":
        return None
    named = _named_line_cue(article, tokens)
    if named is not None:
        return named
    if len(tokens) < 3:
        return None
    if not any(t.value.islower() for t in tokens[:-1]):
        return _roundup_cue(article, tokens)
    subject = _main_subject(tokens[:-1], article.pack)
    if subject is None or subject[1] >= tokens[-2].end or tokens[0].value.lower() in article.pack.line_labels:
        return None
    return Cue(tokens[-1], subject, after=tokens[-1].end)


def _roundup_cue(article: Layout, tokens: list[segment.Token]) -> Cue | None:
    """``Maria Vos, The Harbour Times: "…"``: a press roundup's line, the writer's name, then the outlet."""
    text = article.text
    commas = [n for n, t in enumerate(tokens) if t.value == ","]
    if len(commas) != 1 or not 2 <= commas[0] <= 4 or text[:tokens[0].start].rstrip(" \t")[-1:] not in {"", "\n"}:
        return None
    name = tokens[:commas[0]]
    if not all(t.value[:1].isupper() or t.value == "." for t in name):
        return None
    return Cue(tokens[-1], (name[0].start, name[-1].end), after=tokens[-1].end)


def _named_line_cue(article: Layout, tokens: list[segment.Token]) -> Cue | None:
    """``Kasich: 'We Are Going All the Way.'``, ``Pérez on the Budget: '…'``, ``POLLS WERE EARLY - Ana Ruiz: "…"``.

    A headline or a digest's item gives the quotation to the name that opens
    its line (or follows the item's dash) and stands right before the colon; a
    topic after ``on`` is not part of the name.
    """
    text = article.text
    if not tokens or tokens[-1].value != ":":
        return None
    tag = next((n for n, t in enumerate(tokens) if t.value == "("), None)
    if tag is not None and tokens[-2].value == ")" and _PARTY_TAG.match(
            "".join(t.value for t in tokens[tag + 1:-2])):
        tokens = tokens[:tag] + tokens[-1:]  # "Rep. Trey Gowdy (R-S.C.):": the party tag is no part of the line's words
    dashes = [n for n, t in enumerate(tokens[:-1]) if t.value in article.pack.dashes]
    first = dashes[-1] + 1 if dashes else 0
    if not dashes and text[:tokens[0].start].rstrip(" \t")[-1:] not in {"", "\n"}:
        return None  # not at the start of its line
    name = tokens[first:-1]
    cut = next((n for n, t in enumerate(name) if t.value in {"on", "On"}), None)
    if cut is not None and not dashes:
        name = name[:cut]
    if not name or _words(name) > 5 or not name[0].value[:1].isupper() \
            or not all(t.value[:1].isupper() or t.value in {".", "and", "'s", "\u2019s"} for t in name) \
            or name[0].value.lower() in article.pack.line_labels:
        return None
    return Cue(tokens[-1], (name[0].start, name[-1].end), after=tokens[-1].end)


def _cue_in_previous_paragraph(article: Layout, offset: int) -> Cue | None:
    """``He said:`` closing the paragraph before a quotation that opens its own."""
    text = article.text
    colon = text.rfind(":", 0, offset)
    if colon < 0 or text[colon + 1:offset].strip() or "\n" not in text[colon:offset]:
        return None
    sentence = article.sentence_at(colon)
    if sentence is None:
        return None
    # "He said:", or a clause that introduces the quotation: "Cruz called them on it:"
    return _cue_before(article, sentence.start, colon) or _colon_cue(article, sentence.start, colon + 1)


def _title(words: str, pack: LanguagePack) -> bool:
    """``"Fox News Sunday"``, ``"Make Your Kid a Millionaire"``: a title in quotation marks, not a quote."""
    split = words.strip(" ,.").split()
    return 0 < len(split) <= 6 and not any(c in words for c in "!?") and split[0][:1].isupper() and \
        not (len(split) > 1 and words.isupper()) and \
        all(w[:1].isupper() or w in pack.title_minor_words for w in split) \
        and any(w[:1].isupper() for w in split[1:])


def _ends_with_quote(text: str, start: int, end: int, pack: LanguagePack) -> bool:
    """True when the words before a quotation are an earlier quotation and its cue."""
    return any(c in pack.quote_marks for c in text[start:end])


def _frame_end(article: Layout, offset: int) -> int:
    """Where the words that may hold a quotation's cue end: its sentence, or the next quotation."""
    text = article.text
    paragraph_end = text.find("\n", offset)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    next_open = article.next_open(offset, paragraph_end)
    sentence = article.sentence_at(offset) or article.sentence_at(_skip_space(text, offset))
    end = sentence.end if sentence else paragraph_end
    if sentence and sentence.end <= offset + 2:
        following = article.sentence_at(_skip_space(text, sentence.end))
        end = following.end if following else end
    return min(end, next_open, paragraph_end)


def _skip_space(text: str, offset: int) -> int:
    while offset < len(text) and text[offset] in " \t":
        offset += 1
    return offset


def _sentence_lead(article: Layout, offset: int) -> int:
    """Start of the words before a quotation mark in its sentence (after any earlier quotation)."""
    text = article.text
    start = text.rfind("\n", 0, offset) + 1
    sentence = article.sentence_at(offset)
    if sentence is not None:
        start = max(start, sentence.start)
    return article.after_last_close(start, offset)


def _cue_after(article: Layout, start: int, end: int) -> Cue | None:
    """``, he said`` / ``, said Sean Ryan`` / ``shouted a wrinkled Iraqi woman`` after a quotation."""
    pack = article.pack
    tokens = [t for t in article.tokens_between(start, end) if t.value not in pack.quote_marks]
    if tokens and tokens[0].value in {"\u2015", "\u2014"}:
        # "…" ― Pamela Padilla: a byline-style attribution closing its paragraph.
        rest = tokens[1:]
        line_end = article.text.find("\n", tokens[0].end)
        if rest and len(rest) <= 6 and all(t.value[:1].isupper() or not t.value.isalpha() for t in rest) \
                and not article.text[rest[-1].end:line_end if line_end >= 0 else None].strip().strip("."):
            return Cue(tokens[0], (rest[0].start, rest[-1].end), after=rest[-1].end)
    i = 0
    while i < len(tokens) and (tokens[i].value in {",", ":", "..."} or tokens[i].value in pack.dashes):
        i += 1
    tokens = tokens[i:]
    if not tokens:
        return None
    first = tokens[0].value.lower()
    if first in pack.frame_forms:
        subject = _subject_after(article.text, tokens, 1, pack)
        if subject is None:
            return None
        return Cue(tokens[0], subject, after=tokens[0].end)
    relative = False  # inside "Ana Ruiz, who served as mayor during the strike,": no cue, no clause end
    for k, token in enumerate(tokens[:_MAX_SUBJECT + 20]):
        lowered = token.value.lower()
        if token.value == "." and k > 0 and _abbreviation(tokens[k - 1], token):
            continue
        if lowered in {"who", "whose"} and k > 1 and tokens[k - 1].value == ",":
            relative = True
        if relative:
            relative = token.value != ","
            continue
        if lowered in pack.frame_forms and k > 0:
            if lowered in pack.weak_forms and not _lexical_cue(lowered, tokens, k, pack):
                continue  # "the former secretary of state."
            subject = _subject_before(article.text, tokens, k, pack)
            if subject is None or subject[0] != tokens[0].start:
                if lowered in pack.weak_forms:
                    continue  # "one of the states suing the EPA, said"
                return None
            cue = Cue(token, subject)
            rest = _read_tail(article.text, tokens, k + 1, cue, pack)
            if rest < len(tokens) and tokens[rest].value == "of":  # "said of their time in office": what about
                while rest < len(tokens) and tokens[rest].value not in {".", "!", "?", ";", ","}:
                    rest += 1
            if rest < len(tokens) and (tokens[rest].value.lower() in {"that", "the", "his", "her", "their", "its", ":"}
                                       or tokens[rest].value.lower() in pack.subject_pronouns):
                return None  # 'She added that drivers …', '"Marco!," the senator said his campaign …'
            if rest < len(tokens) and tokens[rest].value not in {".", "!", "?", ",", ";"} | pack.dashes \
                    and tokens[rest].value.lower() not in pack.adjunct_prepositions \
                    and article.text[:start - 1].rstrip("'\"\u201d\u2019").endswith(".") \
                    and article.sentence_at(token.start) is not article.sentence_at(start - 1):
                return None  # '"…" He said Nunberg was bound …': the next sentence reports its own clause
            return cue
        if token.value in {".", "!", "?", ";"} or lowered in pack.clause_words - {"said", "says"} and not (
                lowered == "and" and (any(t.value == "," for t in tokens[:k])  # "an economist and tax expert,"
                                      or _joins_names(tokens, k, pack))):
            return None
    return None


def _cue_before(article: Layout, lead: int, open_mark: int) -> Cue | None:
    """``Ryan said: "…"`` / ``Weiss adds, "…"`` before a quotation."""
    pack = article.pack
    tokens = [t for t in article.tokens_between(lead, open_mark) if t.value not in pack.quote_marks]
    while tokens and tokens[-1].value in {",", ":", "..."} | pack.dashes:
        tokens = tokens[:-1]
    if not tokens:
        return None
    put_it = _as_x_put_it(article, tokens)
    if put_it is not None:
        return put_it
    if tokens[0].value.lower() in pack.frame_forms and len(tokens) <= 8 and tokens[0].value[:1].isupper():
        subject = _subject_after(article.text, tokens, 1, pack)  # Said Ellis: "…"
        opener = tokens[1].value if len(tokens) > 1 else ""
        if subject is not None and subject[1] == tokens[-1].end and (
                opener[:1].isupper() or opener.lower() in pack.appositive_openers):  # not "Estimates show …:"
            return Cue(tokens[0], subject, after=tokens[-1].end)
    for k in range(len(tokens) - 1, max(-1, len(tokens) - 8), -1):
        lowered = tokens[k].value.lower()
        if lowered in pack.frame_forms and _verb_case(tokens[k], k):  # not "Calls Mills Remarks 'Troubling'"
            if k and tokens[k - 1].value.lower() in _NOUN_MARKERS:
                continue  # 'that Ruiz's comments "show bias"': a noun, the cue is further back
            cue = Cue(tokens[k], None)
            rest = _read_tail(article.text, tokens, k + 1, cue, pack)
            if rest != len(tokens) and not (lowered in pack.hearer_forms and k + 1 < len(tokens)
                                            and _words(tokens[rest:]) <= 3
                                            and not any(t.value.lower() in pack.subject_pronouns
                                                        or t.value.lower() == "that" and t is not tokens[-1]
                                                        for t in tokens[rest:])):
                return None  # 'told reporters he thought Fields had "made up the story"': a partial quote
            participle = _participle_cue(tokens, k)
            cue.subject = None if participle else _subject_before(article.text, tokens, k, pack)
            if cue.subject is None and (lowered.endswith("ing") or k and tokens[k - 1].value.lower() in {"and", "but"}):
                cue.subject = _clause_subject(article, tokens[k])  # 'Ryan backed it, saying: "…"', 'and said, "…"' 
            return cue if cue.subject is not None else None
    return None


def _as_x_put_it(article: Layout, tokens: list[segment.Token]) -> Cue | None:
    """``As Ana Ruiz, the mayor, put it (in a memo): "…"``: the subject between ``as`` and ``put it``."""
    put = next((n for n in range(1, len(tokens) - 1) if tokens[n].value == "put"
                and tokens[n + 1].value == "it"), None)
    if put is None or len(tokens) - put > 12:
        return None
    opener = max((n for n in range(put) if tokens[n].value.lower() == "as"), default=None)
    if opener is None:
        return None
    subject = _subject_before(article.text, tokens, put, article.pack)
    if subject is None or subject[0] > tokens[opener + 1].start:
        return None  # the subject phrase may run back past "as": only what follows it is the speaker
    return Cue(tokens[put], (tokens[opener + 1].start, subject[1]), after=tokens[-1].end)


# ---------------------------------------------------------- subjects


def _subject_before(text: str, tokens: list[segment.Token], k: int, pack: LanguagePack) -> tuple[int, int] | None:
    """The subject phrase ending right before the cue at ``tokens[k]``.

    Walks back over adverbs and time phrases (``also``, ``on Monday``), then
    over the noun phrase, keeping appositives (``Bali, the SDF spokesman,``,
    ``Marta Kovač, who chairs the chamber,``) whole.
    """
    j = k - 1
    while j >= 0 and (tokens[j].value.lower() in pack.cue_adverbs or _is_time(tokens, j, pack)):
        j -= _time_length(tokens, j, pack) or 1
    if j < 0:
        return None
    if tokens[j].value.lower() == "who" and j > 0:
        # "Mr. Kamin, who emphasized that …": the speaker is the noun phrase "who" stands for.
        before = tokens[:j - 1] if tokens[j - 1].value == "," else tokens[:j]
        return _subject_before(text, before + [tokens[j]], len(before), pack) if before else None
    if tokens[j].value == "," and j > 0 and tokens[j - 1].value == ")":
        j -= 1  # "Gov. John Kasich (R-OH), said": the comma closes the party tag, not an appositive
    end = tokens[j].end
    if tokens[j].value == ",":
        appositive = _appositive(tokens, j, pack)
        if appositive is None:
            return None
        return appositive, tokens[j - 1].end
    i = j
    while i >= 0 and _words(tokens[i:j + 1]) < _MAX_SUBJECT:
        value = tokens[i].value
        lowered = value.lower()
        if value == "." and i > 0 and _abbreviation(tokens[i - 1], tokens[i]):
            i -= 1
            continue
        if value == ")":  # "Rep. Jason Chaffetz (R-Utah) said"
            opening = next((n for n in range(i - 1, max(-1, i - 8), -1) if tokens[n].value == "("), None)
            if opening is not None and opening > 0:
                i = opening - 1
                continue
        if lowered == "and" and _joins_names(tokens, i, pack):
            i -= 1  # "Cummings and Conyers wrote"
            continue
        if value in {",", ";", ":", "(", ")", ".", "!", "?"} | pack.quote_marks | pack.dashes \
                or lowered in pack.clause_words or lowered in pack.say_forms and i != j:
            break
        i -= 1
    start_index = i + 1
    while start_index <= j and tokens[start_index].value.lower() in pack.leading_words:
        start_index += 1
    if start_index > j:
        return None
    if _words(tokens[start_index:j + 1]) >= _MAX_SUBJECT:
        return None
    phrase = [t.value for t in tokens[start_index:j + 1]]
    if not _looks_like_subject(phrase, pack):
        return None
    return tokens[start_index].start, end


def _joins_names(tokens: list[segment.Token], i: int, pack: LanguagePack) -> bool:
    """``and`` at ``tokens[i]`` between two names that open the clause: ``Cummings and Conyers``.

    ``Sanders won Vermont and Trump said`` is two clauses: the name before ``and``
    must itself open the clause.
    """
    if i == 0 or i + 1 >= len(tokens) or not tokens[i + 1].value[:1].isupper() \
            or not tokens[i - 1].value[:1].isupper():
        return False
    m = i - 1
    while m >= 0 and (tokens[m].value[:1].isupper() or tokens[m].value == "."):
        m -= 1
    return m < 0 or tokens[m].value in {",", ";", ":", "(", "\u2014"} | pack.quote_marks \
        or tokens[m].value.lower() in pack.clause_words | pack.leading_words


def _words(tokens: list[segment.Token]) -> int:
    """Words in a phrase, leaving out punctuation: ``Sen. Marco Rubio (R-Fla.)`` has five."""
    return sum(1 for t in tokens if t.value[:1].isalnum())


def _abbreviation(word: segment.Token, dot: segment.Token) -> bool:
    """``Mr.``, ``Sen.``, ``D.`` in ``John D. Podesta``: a dot that does not end a clause."""
    return word.end == dot.start and word.value[:1].isupper() and len(word.value) <= 4 \
        and word.value.replace(".", "").isalpha()  # "N.Y" in "(D-N.Y.)" too


def _appositive(tokens: list[segment.Token], comma: int, pack: LanguagePack) -> int | None:
    """Start of ``NAME, the ROLE,`` / ``The ROLE, NAME,`` ending with the comma at ``comma``.

    Up to three comma-separated parts are read back (``Scott Pruitt, the
    attorney general of Oklahoma, one of the states suing the EPA,``).
    """
    commas = [comma]
    i = comma - 1
    while i >= 0 and comma - i < 40 and len(commas) < 4:
        value = tokens[i].value
        if value == ",":
            commas.append(i)
        elif value in {";", ":", "(", ")"} | pack.quote_marks or value == "." and not (
                i > 0 and _abbreviation(tokens[i - 1], tokens[i])):
            break
        i -= 1
    found = None
    for n in range(1, len(commas)):
        previous, following = commas[n], commas[n - 1]
        middle = [t.value for t in tokens[previous + 1:following]]
        if not middle:
            return None
        head_start = previous - 1
        while head_start > 0 and previous - head_start < 8 and \
                tokens[head_start - 1].value not in {",", ";", ":"} | pack.quote_marks | pack.dashes \
                and tokens[head_start - 1].value.lower() not in pack.clause_words:
            head_start -= 1
        while head_start < previous and tokens[head_start].value.lower() in pack.leading_words:
            head_start += 1
        head = [t.value for t in tokens[head_start:previous]]
        if not head:
            continue
        if (middle[0].lower() in pack.appositive_openers or _tag_or_adjunct(middle, pack) or middle[0].islower()
                and middle[0] not in pack.clause_words and middle[0] not in pack.say_forms
                and (not middle[0].endswith("ing") or n == 1 and head[-1][:1].isupper())) and _has_name(head):
            # "John Archer, wearing a Sanders T-shirt, said": an -ing part only right after a name
            found = tokens[head_start].start  # keep going: an earlier part may be the name
        elif n == 1 and _has_name(middle) and (head[0].lower() in {"the", "a", "an", "his", "her", "their", "its"}
                                                or any(w in {"'s", "\u2019s"} for w in head)):
            # "Ryan's spokeswoman, AshLee Strong,": a possessive role before the name
            found = tokens[head_start].start
        elif n == 1 and _possessive_role(tokens[previous + 1:following]) \
                and all(w[:1].isupper() or w == "." for w in head):
            # "Jeff Weaver, Sanders' campaign manager,": a name, then a role that is someone's
            found = tokens[head_start].start
        elif found is not None:
            break
    return found


def _possessive_role(part: list[segment.Token]) -> bool:
    """``Mrs. Obama's chief of staff``, ``Sanders' campaign manager``: an owner's name, then a lowercase role.

    The apostrophe of ``Sanders'`` is read as a quotation mark and left out of
    the tokens, so a gap between two tokens stands for it."""
    owner = 0
    while owner < len(part) and (part[owner].value[:1].isupper() or part[owner].value == "."):
        owner += 1
    if owner == 0 or owner == len(part):
        return False
    possessive = part[owner].value in {"'s", "\u2019s"} or part[owner - 1].value.endswith("s") \
        and part[owner - 1].end < part[owner].start - 1
    rest = part[owner + 1:] if part[owner].value in {"'s", "\u2019s"} else part[owner:]
    return possessive and bool(rest) and all(t.value.islower() for t in rest)


_POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my", "your"})
_PARTY_TAG = re.compile(r"^[RDI]-?[A-Z][A-Za-z.]*$|^\d{1,3}$")


def _tag_or_adjunct(words: list[str], pack: LanguagePack) -> bool:
    """``R-Ky.``, ``25``, ``at a later press gaggle``: a comma-set part that is not the speaker."""
    joined = "".join(words)
    return bool(_PARTY_TAG.match(joined)) or words[0].lower() in pack.adjunct_openers \
        or words[0].lower() in pack.party_members and words[1:2] == ["of"]  # "Democrat of Tennessee"


def _has_name(words: list[str]) -> bool:
    return any(w[:1].isupper() for w in words[1:]) or bool(words) and words[0][:1].isupper() \
        and words[0].lower() not in {"the", "a", "an"}


def _looks_like_subject(words: list[str], pack: LanguagePack) -> bool:
    """A noun phrase can be a speaker; a clause fragment (``the figure includes``) cannot."""
    lowered = [w.lower() for w in words]
    if len(words) == 1:
        word = words[0]
        return lowered[0] in pack.pronouns or word[:1].isupper() or lowered[0] in pack.group_subjects
    if lowered[0] in pack.pronouns and len(words) > 1 and not (lowered[0] in _POSSESSIVES and words[1][:1].isalpha()):
        return False  # "he and", but "his friend Ana Ruiz"
    if any(w in {"it", "there", "this"} for w in lowered[1:]):
        return False
    return lowered[0] not in pack.adjunct_prepositions | {"without", "within", "against"}  # "without reporters"


def _subject_after(text: str, tokens: list[segment.Token], i: int, pack: LanguagePack) -> tuple[int, int] | None:
    """The inverted subject after a cue: ``said Tomas Lind, a trawler captain.``"""
    k = i
    while k < len(tokens) and (_is_time(tokens, k, pack)):
        k += _time_length(tokens, k, pack) or 1
    start = k
    end = None
    while k < len(tokens) and k - start < 40:
        value = tokens[k].value
        if value == "." and k > start and _abbreviation(tokens[k - 1], tokens[k]) and k + 1 < len(tokens):
            k += 1
            continue
        if value in {".", "!", "?", ";", ":"} or value in pack.dashes or value == "(":
            break
        if value == ",":
            after = tokens[k + 1].value if k + 1 < len(tokens) else ""
            role_like = after.islower() and not after.endswith("ing") and after not in pack.clause_words \
                and after not in pack.say_forms or after.lower() in pack.appositive_openers or _PARTY_TAG.match(after)
            if not role_like or k == start or after.lower() in {"who", "whose", "which"}:  # says X, who …
                break
        if value.lower() in pack.say_forms and value.lower() != "told" and k > start or value.lower() in {"and", "adding", "but"}:
            break
        end = tokens[k].end
        k += 1
    if end is None:
        return None
    words = [t.value for t in tokens[start:k]]
    if words[0].lower() in {"that", "it", "to", "in", "on", "the"} and len(words) == 1:
        return None
    if words[0].lower() in pack.not_subject_openers:
        return None
    return tokens[start].start, end


def _is_time(tokens: list[segment.Token], j: int, pack: LanguagePack) -> bool:
    return _time_length(tokens, j, pack) > 0


def _time_length(tokens: list[segment.Token], j: int, pack: LanguagePack) -> int:
    """Length of a time or medium phrase ending (backwards) or starting at ``tokens[j]``."""
    word = tokens[j].value.lower()
    if word in pack.time_words and word not in {"may", "earlier", "later"}:
        if j > 0 and tokens[j - 1].value.lower() in {"on", "last", "this", "late", "early", "in", "next", "that"}:
            return 2
        return 1
    return 0


def _read_tail(text: str, tokens: list[segment.Token], i: int, cue: Cue, pack: LanguagePack) -> int:
    """Read ``told the Harbour Wire``, ``on Monday``, ``in a statement``, ``that`` after a cue."""
    lowered = cue.token.value.lower()
    if lowered in pack.hearer_forms and i < len(tokens):
        k = i
        object_tokens = []
        if tokens[k].value.lower() in {"the", "a", "an"}:
            object_tokens.append(tokens[k])
            k += 1
        if k < len(tokens) and tokens[k].value[:1].isupper():  # told the Harbour Wire, told AFP
            while k < len(tokens) and (tokens[k].value[:1].isupper() or tokens[k].value in {"of", "&"}):
                object_tokens.append(tokens[k])
                k += 1
            while object_tokens[-1].value in {"of", "&"}:  # "told The Associated Press of the talks"
                object_tokens.pop()
                k -= 1
        elif k < len(tokens) and tokens[k].value.isalpha() and tokens[k].value not in {"that", "of"}:
            object_tokens.append(tokens[k])  # told reporters, told me, told a rally
            k += 1
        else:
            object_tokens = []
            k = i
        if object_tokens:
            told = text[object_tokens[0].start:object_tokens[-1].end]
            cue.told_to = re.sub(r"^(?:the)\s+", "", told)
            i = k
    while i < len(tokens):
        value = tokens[i].value.lower()
        if value in pack.adjunct_prepositions and i + 1 < len(tokens):
            following = tokens[i + 1].value.lower()
            span = 2
            if following in {"a", "an", "the", "his", "her", "their", "its"} and i + 2 < len(tokens):
                following, span = tokens[i + 2].value.lower(), 3
            if following in pack.time_words or following in pack.media_words:
                i += span
                continue
            if value in {"at", "in"} and tokens[i + span - 1].value[:1].isupper():
                # "asks at Western High School", "told reporters in Des Moines": where it was said
                i += span
                while i < len(tokens) and (tokens[i].value[:1].isupper() or tokens[i].value == "."):
                    i += 1
                continue
        if value in {"also", "later", "earlier", "again", "then", "recently", "too", "publicly", "back"} \
                or value in pack.time_words:
            i += 1
            continue
        break
    cue.after = tokens[i - 1].end if i > 0 else cue.token.end
    return i


# ------------------------------------------------------------ reported speech


def _reported(article: Layout, used: set[int], quotes: list[Attribution]) -> list[Attribution]:
    """Indirect (and mixed) quotes, sentence by sentence."""
    found = []
    text = article.text
    taken = Spans((q.start, q.end) for q in quotes)
    for sentence in article.sentences:
        for quote in _reported_in_sentence(article, sentence, used, quotes):
            if taken.overlaps(quote.start, quote.end):
                continue
            if article.in_quotation(quote.start, quote.end):
                continue  # reported speech inside someone's quotation
            close = article.closing_after(quote.start, quote.end)
            if close is not None and text[quote.end:close].strip(" .!?,;"):  # 'said the tone "was set early. And it stayed."': the quotation runs on
                quote.end, quote.text = close + 1, text[quote.start:close + 1]
            if any(len(text[m.open + 1:m.close].split()) >= 3
                   for m in article.marks_within(quote.start, quote.end + 1)):
                quote.kind = MIXED  # a quoted phrase; a quoted word or two is a scare quote
            found.append(quote)
            taken.add(quote.start, quote.end)
    return found


def _reported_in_sentence(article: Layout, sentence: segment.Sentence, used: set[int],
                          earlier: list[Attribution]) -> list[Attribution]:
    tokens = article.unquoted(sentence)
    if not tokens:
        return []
    found: list[Attribution] = []
    according = _according(article, sentence, tokens)
    if according:
        found.append(according)
    found.extend(_noun_cues(article, sentence, tokens))
    cues = []
    for k, token in enumerate(tokens):
        lowered = token.value.lower()
        if lowered not in article.pack.say_forms or not _verb_case(token, k):
            continue
        if token.start in used:  # the cue of a quotation; a clause before it still ends there
            if _participle_cue(tokens, k) or k > 1 and tokens[k - 1].value.lower() in {"and", "but"}:
                cues.append(k)
            continue
        previous = tokens[k - 1].value.lower() if k else ""
        progressive = lowered.endswith("ing") and previous in {"is", "are", "was", "were", "been", "'s", "’s"}
        if lowered.endswith("ing") and not progressive and not _participle_cue(tokens, k):
            continue  # "the saying goes", "a warning"
        if previous == "to" and _verb_group(tokens, k) is not None:
            cues.append(k)  # "went on to say", "tried to argue": the group's subject says it
            continue
        if not progressive and previous in {"to", "be", "been", "being", "is", "was", "were", "are", "the",
                                            "a", "an", "his", "her", "their", "its", "of", "'s", "’s"}:
            continue  # "is said to", "was told", "the claim"
        cues.append(k)
    for n, k in enumerate(cues):
        following = cues[n + 1] if n + 1 < len(cues) else None
        if tokens[k].start in used:
            continue
        if _participle_cue(tokens, k):
            quote = _participle_at(article, sentence, tokens, k, following, found + earlier)
        else:
            quote = _reported_at(article, sentence, tokens, k, following)
        if isinstance(quote, list):
            found.extend(quote)  # the two parts of a statement around its cue
        elif quote is not None:
            found.append(quote)
    return found


def _participle_cue(tokens: list[segment.Token], k: int) -> bool:
    """``…, adding that``, ``…, saying``, ``while noting``: a participle set off from its clause."""
    return tokens[k].value.lower().endswith("ing") and k > 1 and \
        tokens[k - 1].value.lower() in {",", "while", "before", "after", "by"}


def _participle_at(article: Layout, sentence: segment.Sentence, tokens: list[segment.Token], k: int,
                   next_cue: int | None, earlier: list[Attribution]) -> Attribution | None:
    """``Ryan backed the bill, saying (that) CLAUSE``: the participle's subject is its clause's.

    That is the speaker of a quote earlier in the sentence (``"…," Ryan said,
    adding that …``) or else the subject opening the sentence.
    """
    text, pack = article.text, article.pack
    before = [q for q in earlier if q.speaker is not None and q.cue_start is not None
              and sentence.start <= q.cue_start < tokens[k].start]
    if before:
        speaker = max(before, key=lambda q: q.cue_start).speaker
        subject = speaker.start, speaker.end
    else:
        subject = _clause_subject(article, tokens[k])
    if subject is None:
        return None
    cue = Cue(tokens[k], subject)
    rest = _read_tail(text, tokens, k + 1, cue, pack)
    if tokens[k].value.lower() in {"adding", "adds"} and rest < len(tokens) and tokens[rest].value == "to":
        return None  # "adding to her lead": no reported clause
    start = _skip_that(text, tokens, rest, cue.after)
    end = _clause_end(text, sentence)
    if next_cue is not None:
        end = min(end, _trim_connective(text, start, tokens[next_cue].start))
    c_start, c_end = _strip_content(text, start, end)
    if len(text[c_start:c_end].split()) < 3:
        return None
    return _make_quote(text, INDIRECT, c_start, c_end, cue, pack)


# Words that open a noun phrase but are never a name, however capitalised.
_DETERMINERS = frozenset({"the", "a", "an", "each", "any", "every", "ever", "his", "her", "their", "its",
                          "some", "all", "many", "most", "this", "these", "those"})


def _clause_subject(article: Layout, participle: segment.Token) -> tuple[int, int] | None:
    """The subject a participle hangs on: that of a cue earlier in its sentence, or the one opening it.

    ``A top strategist said Clinton must choose, saying, "…"``: the strategist.
    """
    sentence = article.sentence_at(participle.start)
    if sentence is None:
        return None
    tokens = [t for t in sentence.tokens if t.start < participle.start and not article.quoted(t.start)]
    for k in range(len(tokens) - 1, 0, -1):
        lowered = tokens[k].value.lower()
        if lowered in article.pack.say_forms and not lowered.endswith("ing") and _verb_case(tokens[k], k):
            subject = _subject_before(article.text, tokens, k, article.pack)
            if subject is not None:
                return subject
    return _main_subject(tokens, article.pack)


def _main_subject(tokens: list[segment.Token], pack: LanguagePack) -> tuple[int, int] | None:
    """The subject opening a clause, or opening it after a comma-set adjunct (``A week later, …``)."""
    subject = _opening_subject(tokens, pack)
    if subject is None:
        comma = next((n for n in range(min(10, len(tokens))) if tokens[n].value == ","), None)
        if comma is not None:
            subject = _opening_subject(tokens[comma + 1:], pack)
    return subject


def _opening_subject(tokens: list[segment.Token], pack: LanguagePack) -> tuple[int, int] | None:
    """The subject opening a clause: a pronoun, a name with its role, or ``The senator`` before a verb.

    ``But on Monday, Democratic presidential candidate Sen. Bernie Sanders
    (I-Vt.) criticized …``: leading words and a comma-set adjunct are skipped;
    lower-case words belong to the subject only as part of a role before a name.
    """
    i = 0
    while i < len(tokens) and tokens[i].value.lower() in pack.leading_words:
        i += 1
    opener = tokens[i].value.lower() if i < len(tokens) else ""
    if opener in pack.clause_words | pack.adjunct_openers | pack.not_subject_openers | {"asked"} \
            or opener.endswith("ing") or \
            i < len(tokens) and _is_time(tokens, i, pack) or i + 1 < len(tokens) and _is_time(tokens, i + 1, pack):
        # "When his family moved back, his mother …", "This year, he …": an opening adjunct.
        comma = next((n for n in range(i, min(i + 20, len(tokens))) if tokens[n].value == ","), None)
        if comma is not None:
            i = comma + 1
        elif opener in pack.clause_words:
            return None
        while i < len(tokens) and (_is_time(tokens, i, pack) or tokens[i].value.lower() in pack.leading_words):
            i += 1  # "On Sunday morning Mr. Trump made …"
    if i >= len(tokens):
        return None
    first = tokens[i]
    if first.value.lower() in pack.subject_pronouns:
        return first.start, first.end
    last = None
    n = i
    while n < len(tokens) and n - i < _MAX_SUBJECT:
        value = tokens[n].value
        if value == "(":  # "Sen. Bernie Sanders (I-Vt.)"
            closing = next((m for m in range(n + 1, min(n + 8, len(tokens))) if tokens[m].value == ")"), None)
            if closing is None:
                break
            last, n = closing, closing + 1
            continue
        if value.lower() in _DETERMINERS or value.endswith("ing"):
            if n > i:
                break  # "Recalling …", "The …": not a name; a description is read below
        elif value[:1].isupper() or value == "." and n > i and _abbreviation(tokens[n - 1], tokens[n]):
            last = n
        elif value.islower() and (value in pack.title_words or value.endswith(("al", "ial"))
                                  or value in {"of", "'s", "’s"}):
            pass  # presidential candidate, former, secretary of
        else:
            break
        n += 1
    if last == i and i == 0 and (first.value.endswith("s") and not first.value.endswith("ss")
                                 or first.value.lower() in {"asked", "according", "thanks"}):
        last = None  # "Pollsters found:", "Estimates show:", "Asked …": a capital opening the sentence
    if last is not None and n < len(tokens) and tokens[n].value == "," and n + 1 < len(tokens) \
            and tokens[n + 1].value.lower() in pack.appositive_openers:
        # "Brian Fallon, a spokesman for the campaign, called …": the name with its role
        closing = next((m for m in range(n + 2, min(n + 14, len(tokens))) if tokens[m].value == ","), None)
        if closing is not None and closing + 1 < len(tokens) and tokens[closing + 1].value.islower():
            return first.start, tokens[closing - 1].end
    if last is not None and n < len(tokens) and tokens[n].value.islower() and tokens[last].value[:1].isupper() \
            or last is not None and tokens[last].value == ")":
        return first.start, tokens[last].end
    if first.value.lower() in {"the", "a", "an", "his", "her", "their", "its"} and last is None:
        # "The billionaire businessman defended …": a description before a verb in -ed or -s.
        for m in range(i + 1, min(i + 5, len(tokens) - 1)):
            if not tokens[m].value.isalpha() or not tokens[m].value.islower():
                break
            verb = tokens[m + 1].value
            if verb.islower() and verb.endswith(("ed", "s")) and not verb.endswith("ss") and m > i:
                return first.start, tokens[m].end
    return None


def _reported_at(article: Layout, sentence: segment.Sentence, tokens: list[segment.Token], k: int,
                 next_cue: int | None) -> Attribution | list[Attribution] | None:
    text, pack = article.text, article.pack
    token = tokens[k]
    lowered = token.value.lower()
    clause_end = _clause_end(text, sentence)
    subject = _subject_before(text, tokens, k, pack)
    if subject is None and k > 1 and (tokens[k - 1].value.lower() in {"and", "but"} or
                                      tokens[k - 2].value.lower() in {"and", "but"}
                                      and tokens[k - 1].value.lower() in pack.cue_adverbs):
        subject = _main_subject(tokens[:k], pack)  # "She identified herself ... and said ..."
    if not _lexical_cue(lowered, tokens, k, pack):
        return None
    if lowered in _CALL_FORMS and k + 1 < len(tokens) and \
            tokens[k + 1].value.lower() in {"a", "an", "off", "up", "in", "back"}:
        return None  # "called a meeting", "called off the vote": no one named, nothing said
    if lowered in _ASK_FORMS and _request(tokens, k + 1):
        return None  # "asked voters to give him another term": a request, not a statement
    if lowered in _CALL_FORMS and k > 1 and tokens[k - 1].value.islower() and any(
            t.value.lower() in {"a", "an"} for t in tokens[max(0, k - 4):k - 1]):
        return None  # "a new group called Black Votes Matter": the name of a thing, no speaker
    group = _verb_group(tokens, k) if k > 1 and tokens[k - 1].value.lower() == "to" else None
    if group is not None:
        subject = _subject_before(text, tokens, group, pack)
        if subject is None:
            return None
    cue = Cue(token, subject)
    rest = _read_tail(text, tokens, k + 1, cue, pack)
    tail_words = [t for t in tokens[rest:] if t.end <= clause_end]
    if subject is not None:
        before = _content_before_subject(text, sentence, tokens, subject)
        if before is not None and (_no_clause_after(tail_words, pack) or
                                   _no_clause_after([t for t in tokens[k + 1:] if t.end <= clause_end], pack)):
            return _make_quote(text, INDIRECT, *before, cue, pack)  # CLAUSE, X said.
        if before is not None and tail_words and tail_words[0].value == ",":
            # "The argument would be aided, Devine said, by the calendar": one statement around its cue
            after = _strip_content(text, tail_words[0].end, clause_end)
            if len(text[after[0]:after[1]].split()) >= 2:
                return [_make_quote(text, INDIRECT, *before, cue, pack), _make_quote(text, INDIRECT, *after, cue, pack)]
        if lowered in {"added", "adds"} and not tail_words:
            return None
        start = cue.after
        if lowered in pack.hearer_forms:  # "told reporters travelling with Shanahan that …"
            that = next((n for n in range(rest, min(rest + 8, len(tokens))) if tokens[n].value == "that"), None)
            if that is not None:
                rest, start = that, tokens[that].start
        start = _skip_that(text, tokens, rest, start)
        opening = re.match(r"\s*(\w*)", text[start:start + 20]).group(1).lower()
        that = next((n for n in range(rest, min(rest + 9, len(tokens))) if tokens[n].value.lower() == "that"), None)
        if opening in pack.adjunct_prepositions and that is not None and \
                not any(t.value in {",", ";"} for t in tokens[rest:that]):
            start = _skip_that(text, tokens, that, tokens[that].start)  # "insisted at a rally in Ohio that …"
        elif opening in _NOT_A_CLAUSE:
            return None  # "reported from Los Angeles": nothing reported
        if lowered in {"state", "states"} and not any(t.value.lower() == "that" for t in tokens[k + 1:rest + 1]):
            return None  # "Wisconsin state Rep. David Bowen", "Western states": a noun
        end = clause_end
        if next_cue is not None and (_participle_cue(tokens, next_cue)
                                     or tokens[next_cue - 1].value.lower() in {"and", "but"}):
            # "X said A, adding that B", "X tweeted A and said B": B is a second quote
            end = min(end, _trim_connective(text, start, tokens[next_cue - 1].start))
        elif next_cue is not None:
            following = _subject_before(text, tokens, next_cue, pack)
            if following is not None and following[0] > start:
                trimmed = _trim_connective(text, start, following[0])
                if trimmed < following[0] - 1:  # "A said X and B said Y": two attributions
                    end = min(end, trimmed)
        c_start, c_end = _strip_content(text, start, end)
        if len(text[c_start:c_end].split()) < (2 if article.quoted(c_end - 1) else 3):
            return None  # 'called Trump "unhinged."': two words are enough when one is quoted
        return _make_quote(text, INDIRECT, c_start, c_end, cue, pack)
    # CLAUSE, said X.
    if k > 0 and tokens[k - 1].value == ",":
        inverted = _subject_after(text, tokens, k + 1, pack)
        relative = re.search(r"\b(?:who|whose|which|that)\b", text[inverted[0]:inverted[1]]) if inverted else None
        if relative:  # "said Ana Ruiz, head of a union that has broken away": the speaker ends before it
            inverted = (inverted[0], inverted[0] + len(text[inverted[0]:inverted[0] + relative.start()].rstrip(" ,")))
        if inverted is not None and (not _looks_like_subject(text[inverted[0]:inverted[1]].split(), pack) or
                                     any(w in {"is", "was", "are", "were", "has", "have", "had"}
                                         for w in text[inverted[0]:inverted[1]].lower().split())):
            return None  # "…, said he had made 150 calls": a reported clause, not an inverted subject
        rest_of_clause = text[inverted[1]:clause_end] if inverted else ""
        if inverted is None or inverted[1] < clause_end - 2 and rest_of_clause.strip(" .,!?") \
                and not re.match(r",?\s*(?:who|whose|which|that)\b", rest_of_clause):  # "says Ana Ruiz, who chairs …"
            return None
        cue.subject = inverted
        content = _strip_content(text, sentence.start, tokens[k - 1].start)
        if len(text[content[0]:content[1]].split()) < 3:
            return None
        return _make_quote(text, INDIRECT, *content, cue, pack)
    return None


def _verb_group(tokens: list[segment.Token], k: int) -> int | None:
    """Where ``went on to say``, ``tried to argue``, ``managed to ask`` begins, the cue at ``tokens[k]``."""
    if k < 2 or tokens[k - 1].value.lower() != "to":
        return None
    verb = tokens[k - 2].value.lower()
    if verb == "on" and k > 2 and tokens[k - 3].value.lower() in {"went", "goes", "go"}:
        return k - 3
    return k - 2 if verb in _GROUP_VERBS else None


# Verbs that carry a cue after "to" and leave its subject theirs: "tried to argue".
_GROUP_VERBS = frozenset({"tried", "tries", "managed", "manages", "proceeded", "proceeds", "rushed", "hastened",
                          "sought", "seeks", "moved", "moves", "took", "decided", "decides", "began", "begins"})
_CALL_FORMS = frozenset({"call", "calls", "called", "calling"})
# Words before a cue form that make it a noun: "Ruiz's comments", "the claims", "his remarks".
_NOUN_MARKERS = frozenset({"'s", "\u2019s", "the", "a", "an", "his", "her", "their", "its", "our", "my", "your"})
# Words that cannot open what a cue reports: "reported from Los Angeles", "responded with a shrug".
# ("said of the plan", "responded to the letter", "called for an inquiry" do report something.)
_NOT_A_CLAUSE = frozenset({"from", "at", "with", "by"})
_ASK_FORMS = frozenset({"ask", "asks", "asked", "asking"})


def _request(tokens: list[segment.Token], i: int) -> bool:
    """``asked (the board | voters | him) to …``: an object, then an infinitive."""
    for n in range(i, min(i + 6, len(tokens))):
        value = tokens[n].value.lower()
        if value == "to":
            return n > i
        if not value.isalpha() or value in {"whether", "if", "why", "what", "how", "when", "who", "that", "about"}:
            return False
    return False


def _verb_case(token: segment.Token, k: int) -> bool:
    """A cue is lowercase unless it opens its clause: "Islamic State", "United States" are no cues."""
    return token.value.islower() or k == 0


def _lexical_cue(lowered: str, tokens: list[segment.Token], k: int, pack: LanguagePack) -> bool:
    """Weak forms (``reports``, ``post``) count only as finite verbs right after their subject."""
    if lowered not in pack.weak_forms:
        return True
    return k > 0 and (tokens[k - 1].value[:1].isupper() or tokens[k - 1].value.lower() in pack.pronouns
                      or tokens[k - 1].value.lower() in {"officials", "sources"})


def _no_clause_after(tail: list[segment.Token], pack: LanguagePack) -> bool:
    """Nothing reported after a cue: ``said.``, ``said in a video message to the convention``,
    ``said, adding that …`` (the participle reports a statement of its own)."""
    words = [t for t in tail if t.value not in {".", "!", "?"}]
    if len(words) <= 1 or words[0].value == "," and words[1].value.lower().endswith("ing"):
        return True
    return words[0].value.lower() in pack.adjunct_prepositions - {"to"} and \
        not any(t.value.lower() == "that" or t.value.lower() in pack.say_forms for t in words)


def _content_before_subject(text, sentence, tokens, subject) -> tuple[int, int] | None:
    """``CLAUSE, SUBJECT said``: the clause before the comma in front of the subject."""
    before = [t for t in tokens if t.end <= subject[0]]
    if len(before) < 4 or before[-1].value not in {",", "\u2014"}:
        return None
    c_start, c_end = _strip_content(text, sentence.start, before[-1].start)
    return (c_start, c_end) if len(text[c_start:c_end].split()) >= 3 else None


def _skip_that(text: str, tokens: list[segment.Token], rest: int, start: int) -> int:
    while rest < len(tokens) and tokens[rest].value.lower() in {",", "that", ":"}:
        start = tokens[rest].end
        rest += 1
    return start


def _trim_connective(text: str, start: int, end: int) -> int:
    chunk = text[start:end]
    trimmed = re.sub(r"(?:\s*[,;]?\s*\b(?:and|but|while|whereas)\s*)$", "", chunk)
    return start + len(trimmed)


def _clause_end(text: str, sentence: segment.Sentence) -> int:
    end = sentence.end
    while end > sentence.start and text[end - 1] in ".!?\"\u201d' ":
        end -= 1
    return end


_ACCORDING = re.compile(r"\baccording to\s+", re.I)


def _according(article: Layout, sentence: segment.Sentence, tokens: list[segment.Token]) -> Attribution | None:
    """``according to SOURCE, CLAUSE`` / ``CLAUSE, according to SOURCE``."""
    text, pack = article.text, article.pack
    match = _ACCORDING.search(text, sentence.start, sentence.end)
    if not match or article.quoted(match.start()):
        return None
    cue_start, cue_end = match.start(), match.start() + len("according to")
    source_end = match.end()
    while source_end < sentence.end and text[source_end] not in ",;.!?\u2014\u2013(" \
            and text[source_end - 1:source_end + 2] != " - ":  # "according to the center - half a point"
        source_end += 1
    s_start, s_end = match.end(), source_end
    while s_end > s_start and text[s_end - 1].isspace():
        s_end -= 1
    if s_end <= s_start or len(text[s_start:s_end].split()) > 12:
        return None
    before = text[sentence.start:cue_start].strip(" ,").split()
    after = _strip_content(text, source_end + 1, _clause_end(text, sentence))
    adjunct = not before or before[0].lower() in pack.adjunct_openers | pack.leading_words | pack.clause_words \
        or len(before) < 4  # "Since last November, according to …, CLAUSE"; "In addition, according to …"
    if adjunct and source_end < sentence.end and text[source_end] == "," and len(text[after[0]:after[1]].split()) >= 3:
        c_start, c_end = after
    elif before:
        c_start, c_end = _strip_content(text, sentence.start, cue_start)
    else:
        c_start, c_end = after
    if len(text[c_start:c_end].split()) < 3:
        return None
    quote = Attribution(INDIRECT, c_start, c_end, text[c_start:c_end], cue=text[cue_start:cue_end],
                  cue_start=cue_start, cue_end=cue_end)
    quote.speaker = make_speaker(text[s_start:s_end], s_start, s_end, article.pack)
    return quote


def _noun_cues(article: Layout, sentence: segment.Sentence, tokens: list[segment.Token]) -> list[Attribution]:
    """``Trump's claim that CLAUSE``, ``his warning that CLAUSE``: a speech noun with its owner.

    Only an owned noun followed by ``that`` counts (``the claim`` or ``a warning`` alone
    names no speaker); the clause runs to the next comma, dash or the sentence's end.
    """
    text, found = article.text, []
    for k in range(1, len(tokens) - 2):
        if tokens[k].value.lower() not in article.pack.speech_nouns or tokens[k + 1].value.lower() != "that":
            continue
        owner = tokens[k - 1]
        if owner.value.lower() in _POSSESSIVES:
            subject = (owner.start, owner.end)
        elif owner.value in {"'s", "\u2019s"}:
            first = k - 2
            while first > 0 and tokens[first - 1].value[:1].isupper() or first > 0 and tokens[first - 1].value == ".":
                first -= 1
            if first > k - 2 or not tokens[first].value[:1].isupper():
                continue
            subject = (tokens[first].start, tokens[k - 2].end)
        else:
            continue
        end = next((t.start for t in tokens[k + 2:] if t.value in {",", ";"} | article.pack.dashes),
                   _clause_end(text, sentence))
        c_start, c_end = _strip_content(text, tokens[k + 2].start, end)
        if len(text[c_start:c_end].split()) < 3:
            continue
        cue = Cue(tokens[k], subject)
        quote = _make_quote(text, INDIRECT, c_start, c_end, cue, article.pack)
        if owner.value.lower() in _POSSESSIVES:  # "his" stands for "he": the speaker, not the possessive
            quote.speaker = make_speaker({"his": "he", "her": "she", "their": "they", "its": "it"}.get(
                owner.value.lower(), owner.value), owner.start, owner.end, article.pack)
        found.append(quote)
    return found


# ------------------------------------------------------------ continuation


def _continuations(article: Layout, quotes: list[Attribution]) -> list[Attribution]:
    """A quotation with no cue that opens a sentence right after a quote takes its speaker."""
    text = article.text
    covered = Spans((q.start, q.end) for q in quotes)
    result = list(quotes)
    latest = _Latest(quotes)
    for mark in article.marks:
        start, end = _strip_content(text, mark.open + 1, mark.close)
        if covered.overlaps(start, end) or _title(text[start:end], article.pack) \
                and not text[:mark.open].rstrip().endswith((".", "!", "?")):
            continue  # 'told ABC's "Good Morning America."': a title inside a sentence, not the next piece
        previous = _previous_quote(article, latest.before(mark.open), mark.open)
        if previous is not None and previous.kind == DIRECT and previous.cue_start is not None \
                and previous.end < previous.cue_start < mark.open and "\n" not in text[previous.end:mark.open] \
                and not re.search(r"[.!?]\s", text[previous.cue_end:mark.open]):
            # "A," Tester said, referring to the excuse, "B.": the second part of one statement.
            result.append(latest.add(_continue(text, previous, start, end), len(result)))
            covered.add(start, end)
            continue
        if len(text[start:end].split()) < 3 or not text[start:start + 2].lstrip("([")[:1].isupper():
            continue  # "(Cruz) has those values …" opens a sentence too
        lead = text[text.rfind("\n", 0, mark.open) + 1:mark.open]
        sentence = article.sentence_at(mark.open + 1)
        if sentence is not None and text[sentence.start:mark.open].strip() and lead.strip():
            tail = text[sentence.start:mark.open].strip()
            if tail.strip("'") and not tail.endswith((".", "!", "?")) and not tail[-1] in article.pack.quote_marks:
                continue
        line_end = text.find("\n", mark.close)
        line_end = len(text) if line_end < 0 else line_end
        after = text[mark.close + 1:min(line_end, mark.close + 1 + _AFTER_WINDOW)]
        after = after.lstrip("'")
        if after.strip(" .,!?") and not re.match(r"^\s*[.!?]?\s*(?:[\"\u201c]|$)", after) and \
                not re.match(r"^[.!?,]?\s+[A-Z]", after) and not _ADJUNCT_AFTER.match(after):
            continue
        if previous is None:
            continue
        result.append(latest.add(_continue(text, previous, start, end), len(result)))
        covered.add(start, end)
    return result


# Words after a quotation that go on the sentence without making the quotation its subject:
# '"… to Marco Rubio" in the February debate', '"…," which Mozloom thinks …', '"…" - increasing …'.
_ADJUNCT_AFTER = re.compile(r"^,?\s*(?:(?:in|on|at|during|which|who|before|after)\b|[-\u2014]\s)")
# How much of the line after a quotation is read to see whether a sentence goes on there.
_AFTER_WINDOW = 1000


class _Latest:
    """The attributed quote that reaches furthest before an offset, for offsets in increasing
    order: a sweep, where looking through every quote for every quotation was quadratic.
    Of equal reach the earliest in the quote list wins, as ``max`` would pick it."""

    def __init__(self, quotes: list[Attribution]):
        self._waiting = sorted(((q.end, rank, q) for rank, q in enumerate(quotes)
                                if q.speaker is not None), key=lambda item: item[:2])
        self._next = 0
        self._best: tuple[int, int, Attribution] | None = None

    def add(self, quote: Attribution, rank: int) -> Attribution:
        """Count ``quote`` (at ``rank`` in the list) from now on; it ends before later offsets."""
        if quote.speaker is not None:
            self._consider(quote, rank)
        return quote

    def before(self, offset: int) -> Attribution | None:
        while self._next < len(self._waiting) and self._waiting[self._next][0] <= offset:
            _, rank, quote = self._waiting[self._next]
            self._consider(quote, rank)
            self._next += 1
        return self._best[2] if self._best else None

    def _consider(self, quote: Attribution, rank: int) -> None:
        reach = max(quote.end, quote.cue_end or 0)
        if self._best is None or (reach, -rank) > (self._best[0], -self._best[1]):
            self._best = (reach, rank, quote)


def _continue(text: str, previous: Attribution, start: int, end: int) -> Attribution:
    return Attribution(DIRECT, start, end, text[start:end], cue=previous.cue, cue_start=previous.cue_start,
                 cue_end=previous.cue_end, speaker=previous.speaker, told_to=previous.told_to)


def _previous_quote(article: Layout, previous: Attribution | None, offset: int) -> Attribution | None:
    """``previous``, the attributed quote reaching furthest before ``offset``, if it ends
    close enough to take the quotation at ``offset`` (same or previous paragraph)."""
    text = article.text
    if previous is None:
        return None
    last = max(previous.end, previous.cue_end or 0, previous.speaker.end)
    sentence = article.sentence_at(last - 1)
    if sentence is not None and sentence.end <= offset:
        last = max(last, sentence.end)
    gap = text[last:offset]
    if gap.count("\n") > 2 or len(gap.strip(" \n.,!?\"\u201d\u201c")) > 60:
        return None
    if gap.count("\n") and previous.kind != DIRECT:
        return None
    return previous


# ------------------------------------------------------------ mentions and output


_IDENTIFIED = re.compile(
    r"\b(?P<pronoun>[Ss]he|[Hh]e)\s+(?:identified|introduced|described)\s+(?:herself|himself)\s+as\s+"
    r"(?P<name>[A-Z][\w'’\-]+(?:\s+(?:al-|bin\s|ibn\s)?[A-Z][\w'’\-]+){0,3})")


def _named_mentions(text: str) -> list[Speaker]:
    """People an article names outside an attribution, for pronouns to resolve to."""
    found = []
    for match in _IDENTIFIED.finditer(text):
        speaker = Speaker(mention=match.group(0), start=match.start(), end=match.end(),
                          name=match.group("name"), kind=PERSON)
        found.append(speaker)
    return found


_DATELINE = re.compile(r"[A-Z][A-Z .,'\-]+\s[\u2013\u2014-]+\s")


def _strip_content(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",:\u2014"):
        start += 1
    dateline = _DATELINE.match(text, start, end)
    if dateline and (start == 0 or text[start - 1] == "\n"):
        start = dateline.end()  # "VELMORA – The port will close …"
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",\u2014:"):
        end -= 1
    return start, end


def _make_quote(text: str, kind: str, start: int, end: int, cue: Cue, pack: LanguagePack) -> Attribution:
    quote = Attribution(kind, start, end, text[start:end], cue=cue.token.value, cue_start=cue.token.start,
                  cue_end=cue.token.end, told_to=cue.told_to)
    if cue.subject is not None:
        s_start, s_end = cue.subject
        while s_end > s_start and text[s_end - 1] in " ,":
            s_end -= 1
        quote.speaker = make_speaker(text[s_start:s_end], s_start, s_end, pack)
    return quote


def _engine(model_dir=None, pack: LanguagePack | None = None) -> registry.Engine:
    """The rules engine for ``pack`` (English when none is given); it needs no model."""
    pack = pack or EN
    return registry.Engine(NAME, partial(extract, pack=pack), pack)


registry.register(NAME, _engine)
