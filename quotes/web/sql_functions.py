"""The SQL functions the canned queries call (``prepare_connection``).

SQLite has no spelling-proof name match, no safe full-text query from free
words, no median and no word-level comparison; the ``quotes_by_speaker``,
``who_said_it_first``, ``pick_up`` and ``altered_quotes`` queries in
``metadata.yml`` need them, on every connection Datasette opens.
"""
from __future__ import annotations

import statistics

from datasette import hookimpl
from datasette.utils import escape_fts

from .factcheck import change
from .names import fold, lookup_keys, name_score

MAX_QUERY_CHARS = 500  # of the words searched for
# Numbers one quotes_median group keeps (about 6 MB; far above any pair of outlets' statements).
MAX_MEDIAN_VALUES = 200_000


def fts_query(words: str | None) -> str:
    """``words`` as a full-text query for each of them (Datasette's ``escape_fts``); ``''`` for none.

    At most :data:`MAX_QUERY_CHARS` are read, and a NUL becomes a space (fts5 stops
    reading a query at one and answers "unterminated string"). Registered as
    deterministic, so ``quotes_fts_query(:text) != ''`` is settled once, before
    fts5 ever sees an empty query.
    """
    return escape_fts(str(words or "")[:MAX_QUERY_CHARS].replace("\0", " "))


class Median:
    """``quotes_median(x)``: the median of the non-null numbers (SQLite has none built in).

    Why bounded: a median needs every value kept until the end and sorted in
    ``finalize``, which SQLite runs as one step, past the reach of Datasette's
    SQL time limit (its progress handler only interrupts between steps). Over
    an unbounded series (``select quotes_median(random()) from`` a recursive
    CTE) one request grew the server by gigabytes and sorted for seconds
    holding the GIL, stalling every other page. So a group keeps at most
    :data:`MAX_MEDIAN_VALUES` numbers (a few MB, sorted in a tenth of a second)
    and a query that feeds one more fails at once with an error saying so,
    rather than answering an approximate median silently. Text and blobs are
    refused for the same reason (a median of megabyte strings is no number).
    """

    def __init__(self):
        self.values = []

    def step(self, value):
        if value is None:
            return
        if not isinstance(value, (int, float)):
            raise ValueError("quotes_median takes numbers")
        if len(self.values) >= MAX_MEDIAN_VALUES:
            raise ValueError(f"quotes_median keeps at most {MAX_MEDIAN_VALUES:,} values a group")
        self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


@hookimpl
def prepare_connection(conn):
    conn.create_function("quotes_fold", 1, fold, deterministic=True)
    conn.create_function("quotes_name_score", 2, name_score, deterministic=True)
    conn.create_function("quotes_lookup_keys", 1, lookup_keys, deterministic=True)
    conn.create_function("quotes_fts_query", 1, fts_query, deterministic=True)
    conn.create_aggregate("quotes_median", 1, Median)
    conn.create_function("quotes_change", 4, change, deterministic=True)
