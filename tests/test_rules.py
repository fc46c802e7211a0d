"""The rules engine on the constructions a newsroom meets every day."""
import pytest

from quotes.engines import get_engine
from quotes.extract.article import find
from quotes.model import DIRECT, INDIRECT, MIXED


def quotes(text):
    """What the extract stage finds with the rules engine (page cleaning included)."""
    return find(text, get_engine("rules"))


def only(text):
    found = quotes(text)
    assert len(found) == 1, [(q.kind, q.text) for q in found]
    return found[0]


@pytest.mark.parametrize("text, content, speaker", [
    ('"We are ready," the mayor said.', "We are ready", "the mayor"),
    ('\u201cWe are ready,\u201d said Sean Ryan.', "We are ready", "Sean Ryan"),
    ("\u2018We are ready,\u2019 said Sean Ryan.", "We are ready", "Sean Ryan"),
    ('Ryan said: \u201cWe are ready.\u201d', "We are ready.", "Ryan"),
    ('\u00abWe are ready,\u00bb Ryan said.', "We are ready", "Ryan"),
    ("''We are ready,'' Mr. Ryan said.", "We are ready", "Mr. Ryan"),
    ('"Six hours? In the cold?" shouted a wrinkled Iraqi woman.', "Six hours? In the cold?",
     "a wrinkled Iraqi woman"),
    ('"It is over," Rep. John Mica (R-Fla.) said Friday.', "It is over", "Rep. John Mica (R-Fla.)"),
])
def test_direct_quote_with_cue_before_or_after(text, content, speaker):
    quote = only(text)
    assert (quote.kind, quote.text, quote.speaker.mention) == (DIRECT, content, speaker)


def test_quote_split_by_its_cue_and_continued_in_next_paragraph():
    text = ('"The progress is slow," he said. "The coalition continues to strike."\n\n'
            '"We will go on."\n\nThe weather was cold.\n\n"Not a quote of his."')
    found = quotes(text)
    assert [q.text for q in found] == ["The progress is slow", "The coalition continues to strike.",
                                       "We will go on."]
    assert {q.cue_start for q in found} == {found[0].cue_start}


def test_multi_paragraph_quote_opens_each_paragraph_and_closes_once():
    text = 'Ryan said:\n\n"First part of it.\n\n"Second part of it," he added.'
    quote = quotes(text)[0]
    assert quote.text.startswith("First part") and quote.text.endswith("Second part of it")


def test_quote_with_its_own_cue_is_not_a_continuation():
    text = ('"Soon it will be over," he said.\n\n"Six hours? In the cold?" shouted a wrinkled Iraqi woman.')
    found = quotes(text)
    assert [q.speaker.mention for q in found] == ["he", "a wrinkled Iraqi woman"]


def test_scare_quotes_and_titles_are_not_quotes():
    text = ('The group set up a cross-border "caliphate" in 2014. Forces pressed into the '
            '"Baghouz pocket" on Saturday. Residents still speak of a "storm of the decade".')
    assert quotes(text) == []


def test_a_title_in_quotation_marks_is_not_a_quote_but_its_sentence_still_is():
    quote = only('On "Fox News Sunday," Mike Pence said his running mate would win.')
    assert quote.kind == INDIRECT and quote.text == "his running mate would win"


def test_partial_quote_inside_reported_speech_is_mixed():
    quote = only('Clinton "is dogged, resilient, purposeful and smart," the newspaper wrote.')
    assert quote.kind == MIXED and quote.text.startswith("Clinton")
    assert quote.speaker.name == "newspaper"  # a description stays lower-case: no proper name


@pytest.mark.parametrize("text, content, speaker", [
    ("SDF spokesman Mustefa Bali said 600 civilians fled the combat zone at night.",
     "600 civilians fled the combat zone at night", "Mustefa Bali"),
    ("Hundreds of people fled the holdout overnight, SDF spokesman Mustefa Bali said.",
     "Hundreds of people fled the holdout overnight", "Mustefa Bali"),
    ("Hundreds of people fled the holdout overnight, said Mustefa Bali.",
     "Hundreds of people fled the holdout overnight", "Mustefa Bali"),
    ("That figure includes 3,400 suspected jihadists, according to the Syrian Observatory.",
     "That figure includes 3,400 suspected jihadists", "Syrian Observatory"),
    ("The United Nations estimates there are 14,000 militants left.",
     "there are 14,000 militants left", "United Nations"),
    ("The Pentagon warned that the group could resurge within months.",
     "the group could resurge within months", "Pentagon"),
])
def test_indirect_quote_content_is_the_reported_clause(text, content, speaker):
    quote = only(text)
    assert (quote.kind, quote.text, quote.speaker.name) == (INDIRECT, content, speaker)


def test_two_attributions_in_one_sentence():
    found = quotes("Mustefa Bali said 600 civilians fled at night and the Syrian Observatory "
                   "for Human Rights said another 350 made it out during the day.")
    assert [(q.text, q.speaker.name) for q in found] == [
        ("600 civilians fled at night", "Mustefa Bali"),
        ("another 350 made it out during the day", "Syrian Observatory for Human Rights")]


@pytest.mark.parametrize("text, told_to", [
    ('"The wall moved," harbour master Youssef Haddad told the Harbour Wire.', "Harbour Wire"),
    ("About 500 fighters are holed up, SDF media officer Mustafa Bali told Rudaw.", "Rudaw"),
    ("Two French women told AFP they paid smugglers to take them out.", "AFP"),
    ("A senior official told reporters travelling with him that talks had stalled.", "reporters"),
])
def test_told_keeps_whom_the_statement_was_given_to(text, told_to):
    quote = only(text)
    assert quote.told_to == told_to
    assert "AFP" not in quote.text and "reporters" not in quote.text


def test_proper_names_that_contain_cue_words_are_not_cues():
    assert quotes("The Islamic State lost ground. The United States is weeks away from leaving.") == []


def test_repeated_paragraph_and_site_trailers_yield_nothing_more():
    body = '"We are ready to leave now," the mayor said.'
    text = f"{body}\n{body}\n\nComments\n\n\"We welcome comments that are relevant,\" the editors said."
    assert len(quotes(text)) == 1
    trailer = '\n\nPopular posts from this blog\n\n"Buy this now," the advert said.'
    assert len(quotes(body + trailer)) == 1


def test_the_words_outside_quotations_are_found_for_every_sentence():
    """The reported-speech patterns read a sentence's words outside quotations; the quick
    answer for a sentence no quotation reaches must equal the word-by-word one."""
    from quotes.engines import rules
    from quotes.extract import segment
    text = ('Ryan said the plan "works. It is cheap." Critics disagree. "Not so," '
            'Lee said, adding that "the costs\nare hidden." Later that day the mayor said the '
            'vote would wait.\n"It will pass," he said. Nobody replied.')
    pack = get_engine("rules").pack
    paragraphs = segment.paragraphs(text)
    layout = rules.Layout(text, [s for p in paragraphs for s in segment.sentences(text, p, pack)],
                          rules.find_marks(text, paragraphs, pack), pack)
    seen = set()
    for sentence in layout.sentences:
        outside = layout.unquoted(sentence)
        assert outside == [t for t in sentence.tokens if not layout.quoted(t.start)]
        seen.add(len(outside) == len(sentence.tokens))
    assert seen == {True, False}  # both kinds of sentence were checked


def test_sentence_split_is_syntoks_own():
    """The tokenizer that remembers words it has split makes syntok's tokens, spacing and
    offsets included, the second time a word comes as the first (a contraction, a glued
    quotation mark, hyphens, brackets, a paragraph after leading spaces)."""
    from syntok.tokenizer import Tokenizer

    from quotes.extract.segment import _RememberingTokenizer

    text = ("U.S. Rep. Gwen Moore didn't say: \u201cIt\u2019s fine,\u201dMoore said (twice). "
            "e-mail co-operate foo_bar x--y ... wait...what?! [it] 3.5 1,000 12:30 p.m. "
            "iPhone O'Neill rock'n'roll\u00a0\u200bodd\u2009thin\t tab  ")
    mine = _RememberingTokenizer()
    syntok = Tokenizer(replace_not_contraction=False)
    for base in (0, 5, 0):  # the last time every word is remembered
        assert ([(t.spacing, t.value, t.offset) for t in mine.tokenize(text, base)]
                == [(t.spacing, t.value, t.offset) for t in syntok.tokenize(text, base)])
    assert "didn't" in mine.splits
