"""The Python API: what the command line is a thin wrapper over.

    >>> import quotes
    >>> [q.speaker for q in quotes.find_quotes('"We will reopen," Mayor Helen Ortis said.')]
    ['Helen Ortis']
    >>> tracker = quotes.Tracker("quotes.db")
    >>> found = tracker.add(text, source="afp-1.txt", outlet="AFP", published="2019-02-19")
    >>> tracker.quotes_by("Mustafa Bali")
    >>> for event in quotes.api.extract(["articles/"], "quotes.db"):
    ...     print(event)

Importing this module loads the extract side only; the commit side and the
database (sqlite-utils) are imported where a database is first used.
``import quotes`` does not import it at all until ``quotes.Tracker`` is asked
for, so finding quotes works where only the extract side is installed.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from quotes.engines import get_engine
from quotes.extract.article import find_quotes  # noqa: F401  (the API's, defined on the extract side)
from quotes.model import Article, Quote
from quotes.readers import inputs as read
from quotes.run.events import ExtractError

__all__ = ["DemoRefused", "ExtractError", "Tracker", "build_demo", "extract", "find_quotes"]


def extract(inputs: Iterable[str], db_path: str | Path, **options) -> Iterator[object]:
    """Extract the articles in ``inputs`` (files, folders, URLs) into the database ``db_path``.

    A generator of :mod:`quotes.run.events`: ``Started``, then per input and
    article what became of it (``InputsRead``, ``ArticleDone``, ``Problem``,
    ``Notice``), then ``AllRead`` and last the ``Summary``. ``options`` are
    :class:`quotes.run.plan.Options`' fields: ``engine``, ``lang``, ``jobs``,
    ``batch``, ``max_chars``, ``manifest``, ``outlet``, ``urls`` (a file of
    URLs), ``timeout``, ``fmt`` (``text`` or ``conllu``), ``spark`` (a
    master), ``spark_output``, ``spark_tables`` and ``model_dir``. Options that cannot work raise
    :class:`ExtractError` at the first ``next()``, before
    anything is read or written.
    """
    from quotes.run import job, plan

    yield from job.run(plan.plan(inputs, str(db_path), plan.Options(**options)))


class Tracker:
    """A quotes database: opened, created or upgraded in place by ``Tracker(path)``.

    Articles added here go through both stages, so their speakers join the ones
    already stored (one person, one row) and their quotes the statements other
    outlets carried.
    """

    def __init__(self, path: str | Path, engine: str = "auto", lang: str = "en",
                 model_dir: str | Path | None = None):
        from quotes import store

        self.db = store.open_db(path)
        self.engine = get_engine(engine, model_dir, lang_code=lang)

    def add(self, text: str, source: str | None = None, outlet: str | None = None,
            url: str | None = None, title: str | None = None,
            published: str | None = None) -> list[Quote]:
        """Store one article (once: adding it again changes nothing) and return its quotes."""
        from quotes import store
        from quotes.run.pipeline import process_article

        source = source or url or "text:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        article = read.given_article(source, text, outlet=outlet, title=title, url=url,
                                     published=published)
        outcome = process_article(self.db, self.engine, article)
        article_id = outcome.article_id or store.article_id(self.db, article)
        return store.article_quotes(self.db, article_id)

    def quotes_by(self, name: str) -> list[Quote]:
        """What the speaker ``name`` said, under any spelling the web look-up accepts."""
        from quotes import store
        from quotes.commit import curation

        found = curation.speakers_called(self.db, name)
        return store.speaker_quotes(self.db, found[0]["id"]) if found else []


class DemoRefused(Exception):
    """The demo's database holds articles of its own; the message says so in one line."""


def build_demo(db_path: str | Path) -> dict[str, int]:
    """The bundled sample articles extracted into ``db_path``; the database's totals.

    The demo keeps to a database of its own: one that holds any other article
    raises :class:`DemoRefused` and is left as it was.
    """
    from quotes import store
    from quotes.run.pipeline import process_article
    from quotes.sample import sample_dir

    folder = sample_dir()
    manifest = read.read_manifest(folder / "manifest.csv")
    articles = [item for item in read.read_articles([folder], manifest) if isinstance(item, Article)]
    if not store.holds_only(db_path, {article.content_hash for article in articles}):
        raise DemoRefused(f"{db_path} holds articles of its own; the demo writes only to a database "
                          f"of its own (default {store.DEMO_DB})")
    db = store.open_db(db_path)
    engine = get_engine("rules", None, lang_code="en")
    for article in articles:
        process_article(db, engine, article)
    totals = store.counts(db)
    db.conn.close()  # folds the write-ahead log into the file now, not when Python collects it
    return totals
