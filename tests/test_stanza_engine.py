"""The stanza engine on real gold trees (UD English GUM and EWT), read through stanza's CoNLL reader.

No stanza model can be downloaded where these tests run, so the tree rules are
exercised on gold trees; the judgements are in tests/data (word positions only).
"""
import pytest
from conftest import UD, need

from benchmarks.ud_attribution import (
    GOLD_FILES,
    gold_items,
    load_documents,
    matches,
    read_gold,
    score,
    speaker_right,
)
from quotes.engines import rules
from quotes.engines import stanza_engine
from quotes.model import DIRECT, INDIRECT, MIXED, ORGANISATION, PERSON


@pytest.fixture(scope="module")
def gum():
    need(UD / "en_gum-ud-dev.conllu")
    rows = read_gold(GOLD_FILES["GUM news"])
    documents = load_documents(UD.parent, rows)
    return documents, gold_items(rows, documents)


def quotes_of(documents, name):
    document = next(d for s, d in documents.items() if s.endswith(name))
    return document.text, stanza_engine.attribute(document.doc)


def find(quotes, text, starting):
    return next(q for q in quotes if q.text.startswith(starting))


def test_speaker_is_the_subject_of_the_verb_of_saying_however_long(gum):
    text, quotes = quotes_of(gum[0], "GUM_news_iodine")
    quote = find(quotes, text, "it is crucial that children")
    assert quote.kind == INDIRECT and quote.cue == "says"
    assert quote.speaker.mention.startswith("Professor Cres Eastman, Director of")
    assert quote.speaker.mention.endswith("Iodine Deficiency Disorders")
    assert (quote.speaker.name, quote.speaker.kind) == ("Cres Eastman", PERSON)
    assert quote.text.endswith("an adequate intake of iodine")


def test_direct_quotes_take_the_cue_after_them_and_pronouns_resolve(gum):
    text, quotes = quotes_of(gum[0], "GUM_news_iodine")
    quote = find(quotes, text, "I suspect they won't do that")
    assert quote.kind == DIRECT and quote.speaker.mention == "he" and quote.speaker.name == "Cres Eastman"
    assert text[quote.start - 1] == '"' and text[quote.end:quote.end + 2] == ',"'
    # a quotation spanning two sentences and, with no cue of its own, its continuation
    spanning = find(quotes, text, "The effects of iodine deficiency")
    assert spanning.text.endswith("other neurological problems") and spanning.speaker.mention == "Professor Eastman"
    following = find(quotes, text, "If an infant's not getting enough iodine")
    assert following.speaker is spanning.speaker


def test_reported_speech_around_a_quotation_is_mixed(gum):
    text, quotes = quotes_of(gum[0], "GUM_news_iodine")
    quote = find(quotes, text, "iodine deficiency is \"the sleeper health issue")
    assert quote.kind == MIXED and quote.speaker.mention == "The report's authors"


def test_according_to_and_told(gum):
    text, quotes = quotes_of(gum[0], "GUM_news_homeopathic")
    quote = find(quotes, text, "her skin was weeping")
    assert quote.cue == "according to" and quote.speaker.mention == "the Sydney Morning Herald"
    assert quote.speaker.kind == ORGANISATION
    text, quotes = quotes_of(gum[0], "GUM_news_sensitive")
    quote = find(quotes, text, "the department will look into the incident")
    assert quote.told_to == "CBC News" and quote.speaker.name == "Sujata Raisinghani"
    assert find(quotes, text, "We take document security seriously").speaker.name == "Sujata Raisinghani"


def test_offsets_slice_the_rebuilt_text(gum):
    for document in gum[0].values():
        for quote in stanza_engine.attribute(document.doc):
            assert document.text[quote.start:quote.end] == quote.text
            assert document.text[quote.cue_start:quote.cue_end] == quote.cue
            assert document.text[quote.speaker.start:quote.speaker.end] == quote.speaker.mention


def test_gum_news_judgements(gum):
    documents, items = gum
    tally = score(items, documents, lambda d: stanza_engine.attribute(d.doc))
    assert tally["matched"] >= 0.8 * tally["judged"], "the tree rules find most attributions"
    assert tally["speaker"] == tally["matched"], [
        (g.sent_id, q.speaker.mention) for g, q in tally["outcomes"] if g and q and not speaker_right(g, q)]
    assert tally["predicted"] - tally["matched"] <= 2


def test_ewt_sentences_with_verbs_of_saying():
    need(UD / "en_ewt-ud-test.conllu")
    rows = read_gold(GOLD_FILES["EWT sample"])
    documents = load_documents(UD.parent, rows)
    items = gold_items(rows, documents)
    tally = score(items, documents, lambda d: stanza_engine.attribute(d.doc))
    wrong = [(g.sent_id if g else None, q.text if q else None) for g, q in tally["outcomes"]
             if g is None or (g.kind != "none" and (q is None or not speaker_right(g, q)))]
    assert not wrong  # negated says, "said to be", "let me say", "add a template" report nothing


def test_both_engines_agree_on_clear_cases(gum):
    """Where both find a judged quote, they pick the same speaker and overlapping content."""
    documents, items = gum
    agreed = 0
    for source, document in documents.items():
        tree = stanza_engine.attribute(document.doc)
        surface = rules.extract(document.text)
        for gold in (g for g in items if g.source == source):
            a = next((q for q in tree if matches(gold, q)), None)
            b = next((q for q in surface if matches(gold, q)), None)
            if a and b:
                agreed += 1
                # the same speaker mention, though the surface rules may cut it longer or shorter
                assert max(a.speaker.start, b.speaker.start) < min(a.speaker.end, b.speaker.end), gold.sent_id
                assert max(a.start, b.start) < min(a.end, b.end)
    assert agreed >= 25
