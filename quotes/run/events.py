"""What an extract run reports as it goes: the events :func:`quotes.api.extract` yields.

Why events: the run (reading, both stages, Spark) belongs to the API, and the
command line only shows it: a progress bar, one ``Error:`` line per problem
and one summary line. A notebook or a service gets the same facts as plain
values, without parsing the command's text. Nothing here imports the stages.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union


class ExtractError(Exception):
    """The run cannot start (its options do not work); the message is one line that says why.

    Raised at the first ``next()`` of :func:`quotes.api.extract`, before anything is read.
    """


@dataclass
class Started:
    """Reading begins: ``inputs`` files and URLs to read, or None when they are counted as
    they come (CoNLL-U documents)."""

    inputs: int | None


@dataclass
class InputsRead:
    """``count`` more inputs (files, URLs, CoNLL-U documents) were opened."""

    count: int = 1


@dataclass
class ArticleDone:
    """One article read, and what became of it: ``stored``, ``skipped`` (already
    stored) or ``failed``, with ``error`` saying why."""

    source: str
    status: str
    quotes: int = 0
    error: str | None = None

    def __str__(self) -> str:
        return f"{self.source}: {self.error}"


@dataclass
class Problem:
    """An input, or a part of one, that could not be read; the run goes on without it."""

    line: str

    def __str__(self) -> str:
        return self.line


@dataclass
class Notice:
    """Something passed over on purpose (files of unknown type): said once, not a failure."""

    line: str

    def __str__(self) -> str:
        return self.line


@dataclass
class AllRead:
    """Every input read and every article committed; the Parquet copy and the summary follow."""


@dataclass
class Summary:
    """The run's last event: what it read and stored, with which engine, in how long.

    ``fallback`` says why the model-free engine ran when it was not asked for;
    ``totals`` are the database's quotes, speakers and articles after the run,
    or None when nothing was read and so no database was written.
    """

    engine: str
    fallback: str | None = None
    read: int = 0
    stored: int = 0
    revised: int = 0
    skipped: int = 0
    failed: int = 0
    quotes: int = 0
    totals: dict[str, int] | None = None
    seconds: float = 0.0

    def count(self, event: object) -> None:
        """Add one event's article or problem to the tallies."""
        if isinstance(event, Problem):
            self.failed += 1
        elif isinstance(event, ArticleDone):
            self.read += 1
            setattr(self, event.status, getattr(self, event.status) + 1)
            self.quotes += event.quotes


Event = Union[Started, InputsRead, ArticleDone, Problem, Notice, AllRead, Summary]
