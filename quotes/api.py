"""The Python API: what the command line is a thin wrapper over.

    >>> import quotes
    >>> [q.speaker for q in quotes.find_quotes('"We will reopen," Mayor Helen Ortis said.')]
    ['Helen Ortis']
    >>> tracker = quotes.Tracker("quotes.db")
    >>> found = tracker.add(text, source="afp-1.txt", outlet="AFP", published="2019-02-19")
    >>> tracker.quotes_by("Mustafa Bali")
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from quotes.commit import curation
from quotes.readers import inputs as read
from quotes import store
from quotes.engines import get_engine
from quotes.extract.article import find_quotes  # noqa: F401  (the API's, defined on the extract side)
from quotes.model import Article, Quote
from quotes.run.pipeline import process_article


class Tracker:
    """A quotes database: opened, created or upgraded in place by ``Tracker(path)``.

    Articles added here go through both stages, so their speakers join the ones
    already stored (one person, one row) and their quotes the statements other
    outlets carried.
    """

    def __init__(self, path: str | Path, engine: str = "auto", lang: str = "en",
                 model_dir: str | Path | None = None):
        self.db = store.open_db(path)
        self.engine = get_engine(engine, model_dir, lang_code=lang)

    def add(self, text: str, source: str | None = None, outlet: str | None = None,
            url: str | None = None, title: str | None = None,
            published: str | None = None) -> list[Quote]:
        """Store one article (once: adding it again changes nothing) and return its quotes."""
        source = source or url or "text:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        article = Article(source, text, outlet=outlet, title=title, url=url, published=published)
        read.apply_metadata(article, {}, None)  # published as a UTC instant, as every reader does
        outcome = process_article(self.db, self.engine, article)
        article_id = outcome.article_id or store.article_id(self.db, article)
        return store.article_quotes(self.db, article_id)

    def quotes_by(self, name: str) -> list[Quote]:
        """What the speaker ``name`` said, under any spelling the web look-up accepts."""
        found = curation.speakers_called(self.db, name)
        return store.speaker_quotes(self.db, found[0]["id"]) if found else []
