"""More candidates than the rules engine keeps: every verb of saying it left unread.

The rules engine drops a cue verb when its patterns cannot read a subject and
a clause around it (a subject far from the cue, ``went on to say``, a
participle in a long sentence); most of PolNeAR's missed verb-of-saying
attributions are such cues. Here each cue form of the language pack outside
quotation marks that no rules quote uses or covers proposes one candidate:
the clause after it (``that`` and the cue's adjuncts skipped) or, when
nothing follows, the clause before its subject; the speaker is the subject
before the cue, the inverted one after it, or the subject of the clause the
cue hangs on, read by the rules engine's own subject finders. The scorer
decides which to keep; these candidates carry ``extra["rule"] = "loose"``.
"""
from __future__ import annotations

import re
from dataclasses import replace

from quotes.engines.rules.content import end_of_clause, has_words, make_quote, skip_that, strip_content
from quotes.engines.rules.cue import Cue, read_tail
from quotes.engines.rules.layout import Layout, Spans
from quotes.engines.rules.marks import find_marks
from quotes.engines.rules.mentions import named_mentions
from quotes.engines.rules.subjects import clause_subject, looks_like_subject, subject_after, subject_before
from quotes.engines.rules.tokens import verb_case
from quotes.extract import segment
from quotes.extract.speakers import resolve_in_article
from quotes.lang import LanguagePack
from quotes.model import INDIRECT, MIXED, Attribution

LOOSE = "loose"


def loose(text: str, found: list[Attribution], pack: LanguagePack) -> list[Attribution]:
    """Candidates at the cue verbs the rules quotes ``found`` in ``text`` neither use nor cover."""
    used = {q.cue_start for q in found if q.cue_start is not None}
    taken = Spans((q.start, q.end) for q in found)
    paragraphs = _with_open_cues(text, segment.paragraphs(text), used, taken, pack)
    if not paragraphs:
        return []
    sentences = [s for p in paragraphs for s in segment.sentences(text, p, pack)]
    article = Layout(text, sentences, find_marks(text, paragraphs, pack), pack)
    extra: list[Attribution] = []
    for sentence in sentences:
        tokens = article.unquoted(sentence)
        for k, token in enumerate(tokens):
            if token.value.lower() not in pack.say_forms or token.start in used or not _a_verb(tokens, k, pack):
                continue
            if taken.overlaps(token.start, token.end):
                continue
            quote = _read(article, sentence, tokens, k)
            if quote is None or taken.overlaps(quote.start, quote.end):
                continue
            quote.text = text[quote.start:quote.end]
            if any(has_words(text, m.open + 1, m.close, 3) for m in article.marks_within(quote.start, quote.end + 1)):
                quote.kind = MIXED
            quote.extra["rule"] = LOOSE
            extra.append(quote)
            taken.add(quote.start, quote.end)
    if extra:
        known = [replace(q.speaker) for q in found if q.speaker is not None]
        resolve_in_article(extra, known + named_mentions(text, pack), pack)
    return extra


_WORD = re.compile(r"[\w'’-]+")


def _with_open_cues(text: str, paragraphs: list[segment.Paragraph], used: set[int], taken: Spans,
                    pack: LanguagePack) -> list[segment.Paragraph]:
    """The paragraphs holding a cue form that no rules quote uses or covers: only they are cut
    into sentences again (cutting is most of the rules engine's time; most paragraphs have none)."""
    forms = pack.say_forms
    kept = []
    for paragraph in paragraphs:
        for word in _WORD.finditer(text, paragraph.start, paragraph.end):
            if word.group().lower() in forms and word.start() not in used \
                    and not taken.overlaps(word.start(), word.end()):
                kept.append(paragraph)
                break
    return kept


def _a_verb(tokens: list[segment.Token], k: int, pack: LanguagePack) -> bool:
    """Whether the cue form at ``tokens[k]`` can be a verb: in lower case (``EMAIL``, ``Islamic
    State`` are none) and not after an article or a possessive (``the state``, ``his claims``).
    The scorer judges the rest (``was told``, ``reports``)."""
    if not verb_case(tokens[k], k):
        return False
    previous = tokens[k - 1].value.lower() if k else ""
    return previous not in pack.articles and previous not in pack.possessives


def _speaker_like(words: list[str], pack: LanguagePack) -> bool:
    """A phrase that can be a speaker: the rules engine's test, and not ending in an article,
    a determiner, a preposition or a time word (``The``, ``To``, ``Thursday``, ``refuse to``)."""
    if not words or not looks_like_subject(words, pack):
        return False
    last = words[-1].lower().strip(",.")
    return not (last in pack.articles or last in pack.determiners or last in pack.time_words
                or last in pack.adjunct_prepositions or last == "to")


def _object_only(text: str, start: int, end: int, pack: LanguagePack) -> bool:
    """Whether what follows a cue is a prepositional object, not a statement: it opens with a
    preposition (``with the murder``, ``about stories``, ``to a hospital``)."""
    first = _WORD.search(text, start, end)
    word = first.group().lower() if first else ""
    return word != "this" and word in pack.subject_breaking_prepositions


def _read(article: Layout, sentence: segment.Sentence, tokens: list[segment.Token], k: int) -> Attribution | None:
    """The candidate the cue at ``tokens[k]`` proposes: its speaker and the clause it reports."""
    text, pack = article.text, article.pack
    subject = subject_before(text, tokens, k, pack)
    cue = Cue(tokens[k], subject)
    rest = read_tail(text, tokens, k + 1, cue, pack)
    start = skip_that(text, tokens, rest, cue.after, pack)
    c_start, c_end = strip_content(text, start, end_of_clause(text, sentence))
    if not has_words(text, c_start, c_end, 3):  # nothing after the cue: "CLAUSE, X said"
        if subject is None:
            subject = subject_after(text, tokens, k + 1, pack)
            cue.subject = subject
        first = subject[0] if subject is not None and subject[0] < tokens[k].start else tokens[k].start
        if not text[:first].rstrip().endswith(","):
            return None  # no comma closing a clause before "X said": "… anti-government protests"
        c_start, c_end = strip_content(text, sentence.start, first)
        if not has_words(text, c_start, c_end, 3):
            return None
    elif start == cue.after and tokens[k].value.lower() in pack.noun_object_forms:
        return None  # "declared a last push": a noun-object verb reports a statement only with "that"
    if _object_only(text, c_start, c_end, pack):
        return None  # "charged with …", "asked about …", "calls for …": no statement reported
    if cue.subject is None:
        cue.subject = clause_subject(article, tokens[k])
    if cue.subject is None or not _speaker_like(text[cue.subject[0]:cue.subject[1]].split(), pack):
        return None  # no speaker, or a phrase that cannot be one ("To", "The", "Thursday")
    return make_quote(text, INDIRECT, c_start, c_end, cue, pack)
