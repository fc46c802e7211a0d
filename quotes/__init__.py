"""quotes: find who said what in news articles, and where it appeared first.

The Python API: :func:`find_quotes` for one text, no database; :class:`Tracker`
for a database that grows article by article.
"""
from quotes.extract.article import find_quotes
from quotes.model import Quote

__all__ = ["Quote", "Tracker", "find_quotes"]


def __getattr__(name: str):
    """``quotes.Tracker`` imports the store only when asked for, so that finding quotes
    works where only the extract side is installed (a Spark executor, a slim worker)."""
    if name == "Tracker":
        from quotes.api import Tracker

        return Tracker
    raise AttributeError(f"module 'quotes' has no attribute {name!r}")
