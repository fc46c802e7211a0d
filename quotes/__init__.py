"""quotes: find who said what in news articles, and where it appeared first.

The Python API: :func:`find_quotes` for one text, no database; :class:`Tracker`
for a database that grows article by article.
"""
from quotes.api import Tracker, find_quotes
from quotes.model import Quote

__all__ = ["Quote", "Tracker", "find_quotes"]
