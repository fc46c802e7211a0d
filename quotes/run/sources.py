"""Where a run's articles come from: the readers, CoNLL-U documents, or a Spark job.

Each source is a stream of what :func:`quotes.run.pipeline.run` takes:
articles, ``(article, engine)`` pairs (a CoNLL-U document attributed on its
own trees), articles extracted already (by Spark), and the readers' problems
and notices in their places. ``on_input(n)`` hears as the stream opens inputs,
so that a run can count its progress in files, the one unit known before
reading (a JSON Lines file of 100k articles is one input).

This runs on the driver, beside the writer: the Spark executors import
:mod:`quotes.run.spark` only, never this module.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from quotes import store
from quotes.engines.conllu import engine as conllu_engine
from quotes.engines.registry import Engine
from quotes.lang import LanguagePack
from quotes.readers import inputs as read
from quotes.run import spark

Manifest = dict[str, dict[str, str]]


def from_files(files: list, manifest: Manifest | None, outlet: str | None,
               on_input: Callable[[int], None], timeout: float,
               max_chars: int) -> Iterator[object]:
    """The articles of ``files`` (paths, URLs and listing problems), their metadata settled."""
    return read.read_articles(files, manifest, outlet, on_file=lambda _: on_input(1),
                              timeout=timeout, max_chars=max_chars)


def conllu_documents(paths: Iterable[str], manifest: Manifest | None, outlet: str | None,
                     engine: Engine | None, on_input: Callable[[int], None],
                     pack: LanguagePack) -> Iterator[object]:
    """``(article, engine)`` per CoNLL-U document, and each reading problem; each counts
    as one input once the run has taken it. A document's own trees are read in ``pack``'s
    language."""
    for item in _conllu_articles(paths, manifest or {}, outlet, engine, pack):
        yield item
        on_input(1)


def _conllu_articles(paths, manifest: Manifest, outlet, engine, pack) -> Iterator[object]:
    """Each document with its own trees' engine (unless ``engine`` is given), and each problem."""
    from quotes.readers import conllu  # stanza's reader, loaded only for CoNLL-U

    used = set()
    for item in conllu.read_conllu(paths):
        if isinstance(item, read.Problem):
            yield item
            continue
        article = item.article
        matched = read.apply_metadata(article, manifest, outlet)
        if matched:
            used.add(matched)
        yield article, engine or conllu_engine(item.doc, pack)
    yield from read.unused_manifest_entries(manifest, used)


@dataclass
class SparkJob:
    """The Spark side of a run: its session, the executors' engine, and where Parquet goes."""

    session: object
    started: bool  # this run started the session, so this run stops it
    factory: Callable[[], Engine]  # builds the engine on each executor (it must pickle)
    output: str | None = None  # --spark-output: a new folder for the quotes as Parquet
    failed: bool = False  # the job died: the run ends without a Parquet copy
    tables: str | None = None  # --spark-tables: both stages on the cluster, then a bulk load


def on_spark(job: SparkJob, files: list, manifest: Manifest | None, outlet: str | None,
             on_input: Callable[[int], None], db_path: str, max_chars: int) -> Iterator[object]:
    """Listing problems and notices, then each input's articles extracted by Spark, in order.

    Articles the database holds already come back unextracted, to be skipped.
    A job that dies ends the stream with one problem, and marks ``job`` failed.
    """
    yield from (item for item in files if not isinstance(item, spark.InputFile))
    inputs = [item for item in files if isinstance(item, spark.InputFile)]
    stored = store.content_hashes(store.open_db(db_path)) if Path(db_path).exists() else ()
    try:
        yield from spark.read_on_spark(job.session, inputs, job.factory, manifest, outlet, on_input,
                                       stored, max_chars)
    except spark.SparkFailure as error:
        job.failed = True
        yield read.Problem("--spark", f"{error}; the database keeps every article stored before "
                                      "it, and the same command goes on from there")


def finish_spark(job: SparkJob, db, article_ids: list[int]) -> None:
    """Copy the run's quotes to Parquet (unless the job died), and stop a session we started."""
    if job.output and not job.failed:
        rows = store.export_rows(db, article_ids) if db else []
        spark.write_parquet(job.session, rows, job.output, store.EXPORT_TYPES)
    if job.started:
        job.session.stop()
