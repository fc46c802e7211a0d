"""The five seed articles: every direct quote found once, with the right speaker; no scare quotes.

The expected quotes were read off the articles by hand: (article, start of the
quote's words, speaker's name or anonymous description).
"""
import pytest
from conftest import SEEDS, need

from quotes.engines import get_engine
from quotes.extract.article import find
from quotes.model import DIRECT, MIXED

DIRECT_QUOTES = [
    ("000", "They are all fatherless now", "Um Khaled"),
    ("000", "The progress is slow and methodical", "Sean Ryan"),
    ("000", "The coalition continues to strike at IS targets", "Sean Ryan"),
    ("000", "Six hours? In the cold?", "a wrinkled Iraqi woman"),
    ("000", "Soon it will be announced", "Donald Trump"),
    # a description, not its relative clause (issue #24)
    ("001", "I’m scared. There’s a lot of shelling", "a Ukrainian woman"),
    ("001", "I didn’t even know where was going", "one woman"),
    ("002", "A group of 600 civilians escaped", "Mustafa Bali"),
    ("002", "Most of those who got out are foreigners", "Rami Abdel Rahman"),
    ("002", "The progress is slow and methodical", "Sean Ryan"),
    ("002", "The coalition continues to strike at ISIS targets", "Sean Ryan"),
    ("002", "After Baghouz, clearing operations", "Sean Ryan"),
    ("002", "ISIS has purposely left IEDs", "Sean Ryan"),
    ("002", "Our brave warriors have liberated", "Donald Trump"),
    ("002", "Soon it will be announced", "Donald Trump"),
    ("003", "We have retaken positions", "Mustefa Bali"),
    ("003", "There are mines throughout the sector", "Rami Abdel Rahman"),
    ("003", "The SDF are firing rockets", "Rami Abdel Rahman"),
    # the bare surname takes the full name the article gave as a sentence's subject (issue #24)
    ("003", "It just did not come up.", "Patrick Shanahan"),
    ("003", "We think coalition members need to take responsibility", "A senior Pentagon official"),
    ("004", "A group of 600 civilians escaped", "Mustefa Bali"),
    ("004", "There was no food", "Umm Khaled"),
    ("004", "Most of those who got out are foreigners", "Rami Abdel Rahman"),
    ("004", "Dogs generally do what you ask them", "Weiss"),
    ("004", "The progress is slow and methodical", "Sean Ryan"),
    ("004", "After Baghouz, clearing operations", "Sean Ryan"),
]
SCARE_QUOTES = ["caliphate", "Baghouz pocket", "Mines", "storm of the decade", "catastrophe"]

RULES = get_engine("rules")


def seed_quotes(prefix):
    path = next(need(SEEDS).glob(f"{prefix}_*.txt"))
    return find(path.read_text(encoding="utf-8"), RULES)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_direct_quote_is_found_once_with_its_speaker(prefix):
    found = [q for q in seed_quotes(prefix) if q.kind == DIRECT]
    expected = [(start, who) for article, start, who in DIRECT_QUOTES if article == prefix]
    assert len(found) == len(expected), [q.text for q in found]
    for start, who in expected:
        quote = next((q for q in found if q.text.startswith(start)), None)
        assert quote is not None, f"missing direct quote {start!r}"
        assert quote.speaker.display_name == who, (start, quote.speaker)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_scare_quotes_are_not_direct_quotes(prefix):
    for quote in seed_quotes(prefix):
        if quote.kind == DIRECT:
            assert quote.text.strip(" .") not in SCARE_QUOTES


def test_a_quoted_phrase_in_reported_speech_is_a_mixed_quote():
    mixed = [q for q in seed_quotes("004") if q.kind == MIXED]
    assert [q.text.split('"')[1] for q in mixed] == ["slow and methodical"]
    assert "coalition" in mixed[0].speaker.display_name


def test_repeated_body_and_comment_policy_yield_nothing_twice():
    quotes = seed_quotes("001")
    texts = [q.text for q in quotes]
    assert len(texts) == len(set(texts))
    assert not any("comment" in q.text.lower() for q in quotes)
    assert next(q for q in quotes if q.cue == "told").told_to == "Rudaw"


def test_short_organisation_names_resolve_to_the_observatory():
    for prefix in ("000", "003"):
        names = {q.speaker.mention: q.speaker.name for q in seed_quotes(prefix) if q.speaker}
        short = [m for m in names if m in ("the Observatory", "the Britain-based monitor", "the monitor")]
        assert short, prefix
        assert {names[m] for m in short} == {"Syrian Observatory for Human Rights"}
