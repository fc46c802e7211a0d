"""The extract stage: pure, one article at a time, no database.

read → clean the page → find quotes (the engine) → who each speaker is inside
the article (:mod:`quotes.extract.referents`). What comes out is an :class:`~quotes.model.Extracted`: plain data
that pickles and turns into JSON, so this stage can run in many processes or
on other machines while one writer commits the results
(:mod:`quotes.commit`).
"""
from __future__ import annotations

from pathlib import Path

from quotes.extract import clean, confidence
from quotes.extract import names, wording
from quotes.extract.referents import referents
from quotes.lang import get
from quotes.model import Article, Attribution, Extracted, Quote
from quotes.engines import get_engine
from quotes.engines.registry import Engine


def extract_article(article: Article, engine: Engine) -> Extracted:
    """Clean the page and find its quotes, every offset pointing into ``article.text``;
    settle who each speaker is inside the article, and work out the words and 3-gram
    hashes clustering compares, so that the one writer does only what needs the database."""
    pack = engine.pack or get("en")
    found = find(article.text, engine)
    words = [wording.normalise(item.text, pack) for item in found]
    phrases = names.capitalised_phrases(article.text, pack)
    return Extracted(article, engine.name, found, words,
                     [sorted(wording.shingles(w)) if w else [] for w in words],
                     referents(article.text, found, pack, phrases), pack.code)


def find(text: str, engine: Engine) -> list[Attribution]:
    """The attributions ``engine`` finds in the article part of a page's ``text``; the page
    is cleaned with the engine's language pack (English for an engine that has none). Each
    has a confidence: the engine's own, else the one measured for its class
    (:mod:`quotes.extract.confidence`)."""
    furniture = clean.dropped(text, engine.pack)
    found = engine.extract(clean.blank(text, furniture))
    kept = [item for item in found if not clean.inside(item.start, furniture)]
    confidence.apply(kept, engine.name, engine.pack or get("en"))
    return kept


def find_quotes(text: str, engine: str = "auto", lang: str = "en",
                model_dir: str | Path | None = None) -> list[Quote]:
    """Every quote in one article's ``text``, speakers resolved inside it; no database.

    The Python API's :func:`quotes.find_quotes`: it lives on the extract side, so it
    works where only that side is installed (no sqlite-utils, no Datasette).
    """
    chosen = get_engine(engine, model_dir, lang_code=lang)
    return [Quote.from_attribution(found) for found in find(text, chosen)]
