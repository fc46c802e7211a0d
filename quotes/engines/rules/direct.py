"""Direct quotes: quotations with a cue right after or before them.

Anything else in quotation marks (a scare quote, a title) is left alone here;
a quotation that continues an attributed one is found later
(:mod:`quotes.engines.rules.continuation`).
"""
from __future__ import annotations

from quotes.engines.rules.content import blank_before, make_quote, strip_content
from quotes.engines.rules.cues import cue_after, cue_before, cue_in_previous_paragraph
from quotes.engines.rules.layout import Layout
from quotes.engines.rules.lines import colon_cue, named_line_cue, signature_cue
from quotes.engines.rules.marks import Mark
from quotes.lang import LanguagePack
from quotes.model import DIRECT, MIXED, Attribution


def quotations(article: Layout) -> list[Attribution]:
    """Quotations with a cue right after or right before them."""
    text = article.text
    found = []
    for mark in article.marks:
        start, end = strip_content(text, mark.open + 1, mark.close)
        one_word = len(text[start:end].split()) < 2 and not text[start:end].endswith((".", "!", "?"))
        if end - start < 2 or one_word and not _one_word_answer(article, mark, end):
            continue
        if is_title(text[start:end], article.pack) and named_line_cue(
                article, [t for t in article.tokens_between(_sentence_lead(article, mark.open), mark.open)
                          if t.value not in article.pack.quote_marks]) is None:
            continue  # "Fox News Sunday", but not "Lind on the Strike: 'It Has to End This Week.'"
        frame_end = _frame_end(article, mark.close + 1)
        cue = cue_after(article, mark.close + 1, frame_end)
        lead = _sentence_lead(article, mark.open)
        if cue is not None and article.sentence_at(cue.token.start) is not article.sentence_at(mark.close) \
                and text[start:end].endswith((".", "!", "?")) and cue_before(article, lead, mark.open):
            cue = None  # 'Ortis said: "…rusting through." She added …': the cue before the sentence wins
        if cue is None and one_word:
            continue
        if cue is None:
            cue = cue_before(article, lead, mark.open)
            if cue is None and not text[lead:mark.open].strip():
                cue = cue_in_previous_paragraph(article, mark.open)
            if cue is None:
                cue = colon_cue(article, lead, mark.open)
            if cue is None and not one_word:
                cue = signature_cue(article, mark.open, mark.close)
            lead_is_cue = cue is not None
        else:
            lead_is_cue = False
        if cue is None or lead_is_cue and _not_a_statement(article, cue, mark, start, end):
            continue
        kind = DIRECT
        if cue and not lead_is_cue and text[lead:mark.open].strip(" ,:\u2014-") and \
                not text[lead:mark.open].rstrip().endswith(":") and \
                not _ends_with_quote(text, lead, mark.open, article.pack) and cue_before(article, lead, mark.open) is None:
            # Clinton "is dogged, resilient," the newspaper wrote: the words before belong to it.
            start, kind = lead, MIXED
        found.append(make_quote(text, kind, start, end, cue, article.pack))
    return found


# How many words a quotation may have and still be a phrase a clause goes on from.
_PHRASE_WORDS = 4


def _one_word_answer(article: Layout, mark: Mark, end: int) -> bool:
    """``"Absolutely," he said``: a one-word quotation that opens its sentence, a comma after it.

    A word in quotation marks inside a sentence (``a "caliphate," he said``) is a scare quote.
    """
    text = article.text
    sentence = article.sentence_at(mark.open) or article.sentence_at(mark.open + 1)
    opens = sentence is not None and blank_before(text, sentence.start, mark.open)
    return opens and text[end:mark.close + 2].strip(" \"'\u201d\u2019") == ","


def is_title(words: str, pack: LanguagePack) -> bool:
    """``"Fox News Sunday"``, ``"Make Your Kid a Millionaire"``: a title in quotation marks, not a quote."""
    split = words.strip(" ,.").split()
    return 0 < len(split) <= 6 and not any(c in words for c in "!?") and split[0][:1].isupper() and \
        not (len(split) > 1 and words.isupper()) and \
        all(w[:1].isupper() or w in pack.title_minor_words for w in split) \
        and any(w[:1].isupper() for w in split[1:])


def _ends_with_quote(text: str, start: int, end: int, pack: LanguagePack) -> bool:
    """True when the words before a quotation are an earlier quotation and its cue. An
    apostrophe inside a word (``Bennett’s announcement raises "great suspicion," Woodard
    said``) is none where the words are one clause of the paragraph with no cue of their own."""
    marks = [i for i, c in enumerate(text[start:end], start) if c in pack.quote_marks]
    if not marks:
        return False
    if any(not (start < i < end - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()) for i in marks):
        return True
    return "\n" in text[start:end] or any(w.lower().strip(".,;:") in pack.frame_forms for w in text[start:end].split())


def _not_a_statement(article: Layout, cue, mark: Mark, start: int, end: int) -> bool:
    """A quotation right after its lead cue that is no statement: the name a naming verb gives
    (``the technique called "mental chronometry"``), or a short phrase a clause goes on from
    (``after saying "the virus" would be responsible``: reported speech quoting two words, an
    auxiliary or a subject pronoun right after them)."""
    text, pack = article.text, article.pack
    if not blank_before(text, cue.token.end, mark.open):
        return False
    if cue.token.value.lower() in pack.naming_forms:
        first = text[start:end].split()[:1]
        return not (first and first[0].lower() in pack.indefinite_articles)  # called "a perception problem"
    if text[start:end].endswith((".", "!", "?", ",")) or len(text[start:end].split()) > _PHRASE_WORDS:
        return False
    after = text[mark.close + 1:mark.close + 40].split()
    return bool(after) and after[0] in pack.clause_markers  # "the virus" would be …; not "… likely" and 14 percent said


def _frame_end(article: Layout, offset: int) -> int:
    """Where the words that may hold a quotation's cue end: its sentence, or the next quotation."""
    text = article.text
    next_open = article.next_open(offset, len(text))
    sentence = article.sentence_at(offset) or article.sentence_at(_skip_space(text, offset))
    end = sentence.end if sentence else len(text)
    if sentence and sentence.end <= offset + 2:
        following = article.sentence_at(_skip_space(text, sentence.end))
        end = following.end if following else end
    # The paragraph's end only where it comes first: searched for up to the other two, not to
    # the end of the line once a quotation (quadratic in a one-line article of many).
    end = min(end, next_open)
    paragraph_end = text.find("\n", offset, end)
    return end if paragraph_end < 0 else paragraph_end


def _skip_space(text: str, offset: int) -> int:
    while offset < len(text) and text[offset] in " \t":
        offset += 1
    return offset


def _sentence_lead(article: Layout, offset: int) -> int:
    """Start of the words before a quotation mark in its sentence (after any earlier quotation)."""
    sentence = article.sentence_at(offset)
    # A sentence lies within its line, so the line's start is looked for only outside one:
    # searching back to it once a quotation was quadratic in a long line.
    start = sentence.start if sentence is not None else article.text.rfind("\n", 0, offset) + 1
    return article.after_last_close(start, offset)
