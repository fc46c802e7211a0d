"""Speakers: names apart from roles, kinds, and who a pronoun or short name means in one article."""
import re

import pytest

from quotes.engines import get_engine
from quotes.extract.article import find
from quotes.model import ANONYMOUS, ORGANISATION, PERSON
from quotes.sample import sample_dir
from quotes.extract.speakers import make_speaker

RULES = get_engine("rules")


@pytest.mark.parametrize("mention, name, role, kind", [
    ("SDF spokesman Mustefa Bali", "Mustefa Bali", "SDF spokesman", PERSON),
    ("Bali, the SDF spokesman", "Bali", "SDF spokesman", PERSON),
    ("Acting US Defense Secretary Patrick Shanahan", "Patrick Shanahan", "Acting US Defense Secretary", PERSON),
    ("The harbour master, Yusuf Haddad", "Yusuf Haddad", "harbour master", PERSON),
    ("Tomas Lind, a trawler captain", "Tomas Lind", "trawler captain", PERSON),
    ("Rami Abdel Rahman, the head of the Britain-based war monitor", "Rami Abdel Rahman",
     "head of the Britain-based war monitor", PERSON),
    ("the Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights", None, ORGANISATION),
    ("the US Department of Defence", "US Department of Defence", None, ORGANISATION),
    ("a senior Pentagon official", None, None, ANONYMOUS),
    ("the official", None, None, ANONYMOUS),
    ("Two French women", None, None, ANONYMOUS),
    # a description before a name is not part of it; a description alone stays lower-case
    ("the website ShopBay.com", "ShopBay.com", None, ORGANISATION),
    ("the nonpartisan Congressional Budget Office", "Congressional Budget Office", None, ORGANISATION),
    ("the social media company", "social media company", None, ORGANISATION),
    # a headline clause ("Lee Says ..., Calls Park’s Mills Remarks ‘Troubling’") is nobody's name
    ("Calls Park’s Mills", None, None, ANONYMOUS),
])
def test_mentions_split_into_name_role_and_kind(mention, name, role, kind):
    speaker = make_speaker(mention, 0, len(mention))
    assert (speaker.name, speaker.role, speaker.kind) == (name, role, kind)
    if kind == ANONYMOUS:
        assert speaker.description == mention


def speakers(text):
    return [(q.speaker.mention, q.speaker.display_name) for q in find(text, RULES)]


def test_she_takes_the_woman_not_the_nearer_man():
    text = ('Marta Kovac said the closure came at a bad time. Youssef Haddad said the wall moved. '
            '"It will take weeks," he said. "Our hotels are already taking bookings for June," she said.')
    assert speakers(text)[-1] == ("she", "Marta Kovac")


def test_a_woman_who_names_herself_is_who_she_refers_to():
    text = ("A 34-year-old woman from Crimea tore pieces of bread. She identified herself as Um Khaled "
            'and said she came to Syria five years ago. "They are all fatherless now," she told AFP.')
    assert speakers(text) == [("She", "Um Khaled"), ("she", "Um Khaled")]


def test_he_skips_plural_speakers():
    text = ("SDF spokesman Mustefa Bali said 600 civilians fled. Two French women told AFP they paid "
            'smugglers to leave. "A group of 600 civilians escaped," he said.')
    assert speakers(text)[-1] == ("he", "Mustefa Bali")


def test_anonymous_sources_keep_their_description():
    text = ('Mustefa Bali said the fight went on. A senior Pentagon official told reporters that '
            'allies must act. "We think members need to take responsibility," he said.')
    assert speakers(text)[-1] == ("he", "A senior Pentagon official")


def test_surnames_and_short_organisation_names_resolve_in_the_article():
    text = ("The Syrian Observatory for Human Rights said 16 civilians were killed. "
            "More than 37,000 people have fled, the Observatory says. That includes 3,400 "
            "suspected jihadists, according to the Britain-based monitor. Coalition spokesperson "
            'Sean Ryan said forces faced a fightback. "It will take time," Ryan said.')
    names = [name for _, name in speakers(text)]
    assert names == ["Syrian Observatory for Human Rights"] * 3 + ["Sean Ryan"] * 2


def test_sample_articles_attribute_every_quote():
    for path in sample_dir().glob("*.txt"):
        for quote in find(path.read_text(encoding="utf-8"), RULES):
            assert quote.speaker is not None and quote.speaker.display_name, quote.text


@pytest.mark.parametrize("mention, said, name", [
    # a speaker is a name, a role or a description, never a clause (issue #24)
    ("Leigh Sears who is the marina's concessions manager", "Leigh Sears", "Leigh Sears"),
    ("Transportation chief Ana Ruiz, who was suspended by the mayor", "Transportation chief Ana Ruiz", "Ana Ruiz"),
    ("product liability lawyer Tom Berg in an interview with the Herald", "product liability lawyer Tom Berg",
     "Tom Berg"),
    ("Speaking on the morning show he dodged the question for a second", "he", None),
    # a relative clause with a subject of its own holds the speaker: it stays
    ("a country that the previous nominee, Mitt Romney", "a country that the previous nominee, Mitt Romney",
     "Mitt Romney"),
])
def test_a_mention_keeps_the_words_that_say_who_speaks(mention, said, name):
    speaker = make_speaker(mention, 10, 10 + len(mention))
    start = 10 + re.search(rf"\b{re.escape(said)}\b", mention).start()  # the offsets of the words kept
    assert (speaker.mention, speaker.start, speaker.end, speaker.name) == (said, start, start + len(said), name)


@pytest.mark.parametrize("mention, name, role", [
    ("Mayor Alfredo Pedroza of Napa County", "Alfredo Pedroza", "Mayor of Napa County"),
    ("Sen. Ana Ruiz of Ohio", "Ana Ruiz", "Sen. of Ohio"),
    ("Secretary of State John Kerry", "John Kerry", "Secretary of State"),
    ("Last night, senior MP Tom Berg", "Tom Berg", "senior MP"),
])
def test_the_name_before_of_is_the_persons(mention, name, role):
    speaker = make_speaker(mention, 0, len(mention))
    assert (speaker.name, speaker.role) == (name, role)


def test_he_takes_the_person_who_opens_the_sentence_before():
    text = ('"The port will reopen on Monday," said harbour master Tom Berg.\n'
            "Opposition leader Ana Ruiz joined the calls on Thursday for an inquiry into the closure.\n"
            "She said the council had ignored the warnings for years.")
    [first, second] = find(text, RULES)
    assert (first.speaker.name, second.speaker.name) == ("Tom Berg", "Ana Ruiz")


@pytest.mark.parametrize("between", [
    "A separate report said the talks had stalled.",  # a text is not who "she" is
    "The pair said the talks had stalled.",  # two people are not "she"
])
def test_she_skips_a_text_and_a_pair(between):
    text = f'"The talks went well," Ana Ruiz said.\n{between}\n"We will meet again," she said.'
    found = find(text, RULES)
    assert found[-1].speaker.mention == "she" and found[-1].speaker.name == "Ana Ruiz"
