"""The rules engine on hostile one-line articles (issue 28): a pattern repeated into one long
line or sentence gives what the pattern gives, repeated, and the bounded look-ups that keep
such articles linear answer as the copies and scans they replaced did.

How long they take is measured by ``benchmarks/hostile_rules.py``, not here.
"""
import re

import pytest

from quotes.engines.rules import extract
from quotes.engines.rules.content import blank_before, has_words, last_visible
from quotes.engines.rules.continuation import _gap_longer
from quotes.engines.rules.layout import Layout
from quotes.extract import segment
from quotes.lang import get

N = 400  # repetitions: a few kilobytes, enough for a quadratic step to show in the benchmark


def test_title_one_liner_gives_each_quotation_once():
    """The issue's ``Mr.Smith said"`` repeated: every pair of marks quotes ``Mr.Smith said``."""
    unit = 'Mr.Smith said"'
    found = extract(unit * N)
    assert [(q.kind, q.start, q.end, q.text) for q in found] == [
        ("direct", 14 + 2 * len(unit) * i, 27 + 2 * len(unit) * i, "Mr.Smith said") for i in range(N // 2)]
    assert {q.speaker.name for q in found} == {"Mr.Smith"}


def test_titles_do_not_end_a_long_sentence():
    """``Mr.`` never ends a sentence, however many follow one another: one sentence of every token."""
    unit = "Mr.Smith said Gov. Jones said "
    text = unit * N
    paragraph = segment.paragraphs(text)[0]
    sentences = segment.sentences(text, paragraph, get("en"))
    assert len(sentences) == 1
    assert len(sentences[0].tokens) == N * len(segment.sentences(unit, segment.paragraphs(unit)[0], get("en"))[0].tokens)
    assert (sentences[0].start, sentences[0].end) == (0, len(text.rstrip()))


def test_repeated_quote_and_cue_gives_one_quote_each():
    unit = '"We will win," Smith said. '
    found = extract(unit * N)
    assert [(q.start, q.text, q.speaker.name, q.speaker.start) for q in found] == [
        (1 + len(unit) * i, "We will win", "Smith", 15 + len(unit) * i) for i in range(N)]


def test_cue_after_cue_in_one_sentence_reports_one_clause_with_its_text():
    """Each cue reports the rest of the sentence; the first one's clause is kept, with its
    words (cut once kept), and the rest overlap it."""
    text = "Smith said Jones " * N
    found = extract(text)
    assert len(found) == 1
    quote = found[0]
    assert (quote.kind, quote.start, quote.speaker.name) == ("indirect", 11, "Smith")
    assert quote.text == text[quote.start:quote.end] == text[11:].rstrip()


@pytest.mark.parametrize("lead, unit", [
    ("", 'and "Yes sir now" '),          # quotations inside one sentence, no cue
    ('"We will win," Smith said. ', '"yes sir" and '),  # marks long after an attributed quote
    ("", "\u201cword "),                 # opening marks that never close
    ("", '" '),                          # nothing but quotation marks
    ("", "according to Smith "),
])
def test_hostile_line_adds_no_quotes(lead, unit):
    """Repeating a pattern that quotes nobody quotes nobody, however long the line."""
    assert len(extract(lead + unit * N)) == len(extract(lead + unit * 3))


TEXT = ('Ryan said: "Yes." \n\n  "No," he said. Fine!  Then\n"we go,\u201d she said .  \' \'  '
        '"It ... is" - x.\n')


def test_layout_bisections_answer_as_the_scans_did():
    layout = Layout(TEXT, [], [], get("en"))
    for start in range(len(TEXT) + 1):
        for end in range(max(0, start - 2), len(TEXT) + 2):  # offsets, never negative
            span = TEXT[start:end]
            assert layout.newlines(start, end) == span.count("\n")
            assert layout.newline_between(start, end) == ("\n" in span)
            assert layout.stop_between(start, end) == bool(re.search(r"[.!?]\s", span)), (start, end)


def test_bounded_text_helpers_answer_as_the_copies_did():
    for start in range(len(TEXT) + 1):
        for end in range(start, len(TEXT) + 1):
            span = TEXT[start:end]
            for n in (1, 2, 3):
                assert has_words(TEXT, start, end, n) == (len(span.split()) >= n)
            assert blank_before(TEXT, start, end) == (not span.strip())
            visible = last_visible(TEXT, start, end)
            assert TEXT[start:visible + 1] == span.rstrip()
            for reach in (0, 3, 10):
                assert _gap_longer(TEXT, start, end, reach) == (len(span.strip(' \n.,!?"\u201d\u201c')) > reach)
