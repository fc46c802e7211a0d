"""Attribution classes the rules engine once got wrong, in sentences written for these tests.

Each test is one class of error from issue #15, fixed where it arises rather than for one article.
"""
import pytest

from quotes.engines import get_engine
from quotes.extraction import find
from quotes.model import INDIRECT


def quotes(text):
    return find(text, get_engine("rules"))


@pytest.mark.parametrize("text, content, speaker", [
    # a participle reports the speech of its clause's subject
    ("Governor Ana Ruiz defended the budget on Monday, saying the cuts would protect the schools.",
     "the cuts would protect the schools", "Governor Ana Ruiz"),
    ("On Tuesday, the union rejected the offer, arguing that the raise would not cover inflation.",
     "the raise would not cover inflation", "the union"),
    ("She praised the volunteers while noting that the shelter still needs blankets.",
     "the shelter still needs blankets", "She"),
])
def test_a_participle_after_a_clause_is_a_second_cue(text, content, speaker):
    [quote] = quotes(text)
    assert (quote.kind, quote.text, quote.speaker.mention) == (INDIRECT, content, speaker)


def test_the_participle_takes_the_speaker_of_the_quote_before_it():
    found = quotes("Council leader Tom Berg said the depot would close, adding that forty jobs would move to Leeds.")
    assert [(q.text, q.speaker.name) for q in found] == [
        ("the depot would close", "Tom Berg"), ("forty jobs would move to Leeds", "Tom Berg")]


def test_a_participle_with_an_object_reports_nothing():
    assert quotes("The mayor won a third term, adding to her majority in the council.") == []
