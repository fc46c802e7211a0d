"""The extract stage: pure, one article at a time, no database.

read → clean the page → find quotes (the engine) → speakers inside the
article. What comes out is an :class:`~quotes.model.Extracted`: plain data
that pickles and turns into JSON, so this stage can run in many processes or
on other machines while one writer commits the results
(:mod:`quotes.commit`).
"""
from __future__ import annotations

from quotes.extract import clean
from quotes.commit import statements as cluster
from quotes.extract import names
from quotes.model import Article, Attribution, Extracted
from quotes.engines.registry import Engine


def extract_article(article: Article, engine: Engine) -> Extracted:
    """Clean the page and find its quotes, every offset pointing into ``article.text``;
    with what the commit stage would otherwise work out from the text alone (the
    capitalised phrases speaker identity reads, the words and 3-gram hashes clustering
    compares), so that the one writer does only what needs the database."""
    found = find(article.text, engine)
    words = [cluster.normalise(item.text) for item in found]
    return Extracted(article, engine.name, found, names.capitalised_phrases(article.text),
                     words, [sorted(cluster.shingles(w)) if w else [] for w in words])


def find(text: str, engine: Engine) -> list[Attribution]:
    """The attributions ``engine`` finds in the article part of a page's ``text``; the page
    is cleaned with the engine's language pack (English for an engine that has none)."""
    furniture = clean.dropped(text, engine.pack)
    found = engine.extract(clean.blank(text, furniture))
    return [item for item in found if not clean.inside(item.start, furniture)]
