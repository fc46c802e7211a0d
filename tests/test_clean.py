"""Page cleaning drops a site's furniture, never the article itself."""
import pytest

from quotes.extract import clean
from quotes.engines import get_engine
from quotes.extract.article import find

PARAGRAPHS = [
    '"The river will crest tonight," Mayor Ana Ruiz said on Monday.',
    "Fire chief Tom Becker said crews had moved 300 families to higher ground.",
    '"We have never seen water this high," said resident Leila Haddad.',
    'The weather service said more rain was expected. "Stay away from the banks," Becker said.',
]


@pytest.fixture(scope="module")
def rules():
    return get_engine("rules", None)


@pytest.mark.parametrize("notice", ["All rights reserved.", "Read our community guidelines."])
@pytest.mark.parametrize("joiner", [" ", "\r", "\r\n"])
def test_a_one_paragraph_article_with_a_notice_in_it_keeps_its_quotes(rules, notice, joiner):
    plain = joiner.join(PARAGRAPHS)
    flattened = joiner.join(PARAGRAPHS[:2] + [notice] + PARAGRAPHS[2:])
    expected = [q.text for q in find(plain, rules)]
    assert len(expected) >= 4
    assert [q.text for q in find(flattened, rules)] == expected


def test_a_notice_on_a_line_of_its_own_is_still_dropped(rules):
    page = "\n\n".join(PARAGRAPHS + ['"Comment below," the editors said. All rights reserved.'])
    texts = [q.text for q in find(page, rules)]
    assert len(texts) >= 4 and "Comment below" not in " ".join(texts)


def test_a_page_that_is_all_notice_is_kept_whole():
    text = '"We are ready," the mayor said. All rights reserved.'
    assert clean.dropped(text) == []
