"""An extract run carried out: its articles through both stages, told as events.

:func:`run` takes a :class:`~quotes.run.plan.Plan` and yields
:class:`~quotes.run.events.Started`, then per input and article what became
of it, then :class:`~quotes.run.events.AllRead` and the
:class:`~quotes.run.events.Summary`. The database is created with the first
article read: a run that reads nothing writes nothing.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

from quotes import store
from quotes.engines import stanza_engine
from quotes.model import Article, Extracted
from quotes.readers import inputs as read
from quotes.run import bulk, events, pipeline, spark, sources
from quotes.run.plan import Plan


def run(plan: Plan) -> Iterator[events.Event]:
    """The plan's articles extracted and committed, in input order, as events."""
    started = time.monotonic()
    if plan.spark and plan.spark.tables:
        yield from _bulk(plan, started)
        return
    database = pipeline.Opened(lambda: store.open_db(plan.db_path))
    summary = events.Summary(_engine_name(plan), plan.fallback)
    opened: list[int] = []  # inputs the readers opened since the last event
    article_ids: list[int] = []  # what --spark-output copies to Parquet
    yield events.Started(_inputs(plan.files))
    items = _items(plan, opened.append)
    options = plan.options
    stored = pipeline.run(database, items, plan.engine, plan.jobs, options.batch, plan.build)
    with contextlib.closing(stored):  # stopped early (Ctrl-C): its workers end now
        for item, outcome in stored:
            yield from _opened(opened)
            event = _event(item, outcome)
            summary.count(event)
            yield event
            if plan.spark and plan.spark.output and _article(item) and not outcome.error:
                article_ids.append(store.article_id(database.db, _article(item)))
    yield from _opened(opened)
    yield events.AllRead()
    if plan.spark:
        sources.finish_spark(plan.spark, database.db, article_ids)
    summary.totals = _close(database.db)
    summary.seconds = time.monotonic() - started
    yield summary


def _bulk(plan: Plan, started: float) -> Iterator[events.Event]:
    """``--spark-tables``: both stages on the cluster, then the tables loaded in bulk
    (:mod:`quotes.run.bulk`); the same events, the stored articles counted at the end."""
    summary = events.Summary(_engine_name(plan), plan.fallback)
    job = plan.spark
    yield events.Started(_inputs(plan.files))
    for item in plan.files:
        if isinstance(item, (read.Problem, read.Notice)):
            event = _event(item, None)
            summary.count(event)
            yield event
    try:
        outcome = bulk.run(job.session, plan.files, job.factory, plan.manifest, plan.options.outlet,
                           job.tables, plan.db_path, plan.options.max_chars)
    except spark.SparkFailure as error:
        outcome = None
        event = events.Problem(f"--spark: {error}; {_untouched(plan.db_path)}, and the same command "
                               "with a new --spark-tables folder runs it again")
        summary.count(event)
        yield event
    except bulk.LoadFailure as error:
        outcome = None
        event = events.Problem(f"--spark-tables: loading the tables into {plan.db_path} failed: "
                               f"{error}; {_untouched(plan.db_path)}, and the tables stay in "
                               f"{job.tables}")
        summary.count(event)
        yield event
    if outcome:
        yield events.InputsRead(sum(isinstance(item, spark.InputFile) for item in plan.files))
        for line in outcome.problems:
            event = events.Problem(line)
            summary.count(event)
            yield event
        for source, why in outcome.failed:
            event = events.ArticleDone(source, "failed", error=why)
            summary.count(event)
            yield event
        summary.read += outcome.articles
        summary.stored += outcome.articles
        summary.quotes += outcome.quotes
    yield events.AllRead()
    if job.started:
        job.session.stop()
    summary.totals = _close(store.open_db(plan.db_path)) if outcome and outcome.articles else None
    summary.seconds = time.monotonic() - started
    yield summary


def _untouched(db_path: str) -> str:
    """What a bulk run that failed left of the database: nothing, as it was before."""
    return "the database is as it was" if Path(db_path).exists() else "no database was written"


def _engine_name(plan: Plan) -> str:
    return plan.engine.name if plan.engine else stanza_engine.CONLLU_NAME


def _inputs(files: list | None) -> int | None:
    """How many files and URLs the run will read; None for CoNLL-U, counted as they come."""
    if files is None:
        return None
    return sum(not isinstance(item, (read.Problem, read.Notice)) for item in files)


def _items(plan: Plan, on_input) -> Iterator[object]:
    """The stream the stages take: from Spark, from the readers, or CoNLL-U documents."""
    options = plan.options
    if plan.spark:
        return sources.on_spark(plan.spark, plan.files, plan.manifest, options.outlet, on_input,
                                plan.db_path, options.max_chars)
    if plan.files is not None:
        return sources.from_files(plan.files, plan.manifest, options.outlet, on_input,
                                  options.timeout, options.max_chars)
    return plan.documents(on_input)


def _opened(opened: list[int]) -> Iterator[events.InputsRead]:
    """One event for the inputs opened since the last one, if any."""
    if opened:
        yield events.InputsRead(sum(opened))
        opened.clear()


def _event(item, outcome) -> events.Event:
    """What the stream's item and the commit stage's outcome come to."""
    if isinstance(item, read.Notice):
        return events.Notice(str(item))
    if isinstance(item, read.Problem):
        return events.Problem(str(item))
    if isinstance(item, spark.Failed):  # read, as locally, but not extracted
        return events.ArticleDone(item.source, "failed", error=item.message)
    return events.ArticleDone(_article(item).source, outcome.status, outcome.quotes, outcome.error)


def _article(item) -> Article | None:
    if isinstance(item, Extracted):
        return item.article
    return item if isinstance(item, Article) else None


def _close(db) -> dict[str, int] | None:
    """The database's totals, and the database closed; None when none was written."""
    if db is None:
        return None
    totals = store.counts(db)
    db.conn.close()  # folds the write-ahead log into the file now, not when Python collects it
    return totals
