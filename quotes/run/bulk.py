"""``extract --spark MASTER --spark-tables DIR``: both stages on the cluster, then a bulk load.

The executors extract every article (:mod:`quotes.run.spark`), settle its metadata
(the manifest travels to them), and the cluster works out the store's tables
(:mod:`quotes.run.spark_tables`) as Parquet under ``DIR``; only then does the driver
open the database and load them (:mod:`quotes.store.bulk`): a new one is built
whole, an existing one gets the new rows in one transaction, matched to its stored
speakers and statements there. A job that dies leaves the database untouched (or
none at all); ``DIR`` keeps the tables written, to read with any Parquet reader.
The articles the database holds already are read but not extracted, as with
``--spark`` alone.

Runs on the driver; the executors import :mod:`quotes.run.spark` and
:mod:`quotes.run.spark_tables` only.
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from pathlib import Path

from quotes.model import Extracted
from quotes.readers import inputs as read
from quotes.run import spark, spark_tables
from quotes import store
from quotes.store import bulk as loading

BATCH_ROWS = 20_000  # rows read from Parquet and inserted at once


class LoadFailure(Exception):
    """The tables were written but loading them failed; the database is as it was."""

    @classmethod
    def of(cls, error: Exception) -> "LoadFailure":
        """The failure, worded in one line: the error's kind and its first line (ADBC's
        add the statement that failed on the lines after)."""
        return cls(f"{error.__class__.__name__}: {(str(error).splitlines() or [''])[0]}")


@dataclass
class Outcome:
    """What a bulk run did: problems and failed articles to report, counts and times."""

    problems: list[str] = field(default_factory=list)  # one line each, as a local run words them
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, why)
    articles: int = 0
    quotes: int = 0
    tables: dict[str, int] = field(default_factory=dict)
    cluster_seconds: float = 0.0  # extraction and the tables, on the cluster
    load_seconds: float = 0.0  # the bulk load into SQLite, on the driver
    load_cpu_seconds: float = 0.0  # ... of which this process's own CPU time


def run(session, files: list, factory, manifest: dict | None, outlet: str | None, directory: str,
        db_path: str, max_chars: int) -> Outcome:
    """Extract ``files`` on the cluster, write the tables under ``directory``, load them into
    ``db_path``. Raises :class:`quotes.run.spark.SparkFailure` when the job dies, before
    the database is touched, and :class:`LoadFailure` when the load fails (rolled back)."""
    outcome = Outcome()
    began = time.perf_counter()
    inputs = [item for item in files if isinstance(item, spark.InputFile)]
    try:
        stored = store.content_hashes(store.open_db(db_path)) if Path(db_path).exists() else ()
        used = _tables(session, inputs, factory, manifest or {}, outlet, directory, max_chars, outcome,
                       stored)
    except Exception as error:
        raise spark.job_failure(error, session.sparkContext) from None
    outcome.problems += [str(p) for p in read.unused_manifest_entries(manifest or {}, used)]
    outcome.cluster_seconds = time.perf_counter() - began
    if not outcome.tables.get("articles"):
        return outcome  # nothing read: no database, as a local run writes none
    import pyarrow.dataset  # noqa: F401 (a fixed second or so, before the load's clock starts)

    began, cpu = time.perf_counter(), time.process_time()
    try:
        load(directory, db_path)
    except Exception as error:  # SQLite's, or the Parquet reader's: the load left nothing
        raise LoadFailure.of(error) from None
    outcome.load_seconds = time.perf_counter() - began
    outcome.load_cpu_seconds = time.process_time() - cpu
    outcome.articles = outcome.tables.get("articles", 0)
    outcome.quotes = outcome.tables.get("quotes", 0)
    return outcome


def _tables(session, inputs, factory, manifest, outlet, directory, max_chars, outcome, stored) -> set[str]:
    """The job: extraction, metadata, the tables. Returns the manifest entries used. The
    articles whose content hash is among ``stored`` are left out (the database has them)."""
    from pyspark import StorageLevel

    if not inputs:
        return set()
    context = session.sparkContext
    numbers = context.broadcast({spark._same_file(f.uri): (n, f.path) for n, f in enumerate(inputs)})
    known = context.broadcast({spark._short(content_hash) for content_hash in stored})
    metadata = context.broadcast(manifest)
    for key, value in spark._reading(context.defaultParallelism, inputs).items():
        session.conf.set(key, value)
    raw = spark.extracted_unordered(session, inputs, numbers, known, factory, max_chars)
    raw.persist(StorageLevel.MEMORY_AND_DISK)

    def settle(pair):
        key, (_, value) = pair
        extracted = Extracted.from_dict(value)
        matched = read.apply_metadata(extracted.article, metadata.value, outlet)
        return key, extracted.to_dict(), matched

    settled = raw.filter(lambda pair: pair[1][0] == "extracted").map(settle)
    settled.persist(StorageLevel.MEMORY_AND_DISK)
    used = set(settled.map(lambda t: t[2]).filter(bool).distinct().collect())
    for (number, _), (kind, *value) in sorted(raw.filter(lambda p: p[1][0] in ("failed", "problem")).collect()):
        if kind == "failed":
            outcome.failed.append((value[0], value[1]))
        else:
            outcome.problems.append(str(read.Problem(*value)))
    ordered = settled.map(lambda t: (t[0], t[1])).sortByKey().zipWithIndex() \
        .map(lambda pair: (pair[1] + 1, pair[0][1]))
    outcome.tables = spark_tables.build(session, ordered, directory)
    for rdd in (raw, settled):
        rdd.unpersist()
    for variable in (numbers, known, metadata):
        variable.unpersist()
    return used


def load(directory: str, db_path: str) -> None:
    """Load the Parquet tables under ``directory`` into the database ``db_path``: a new one
    built whole, or an existing one appended to."""
    loading.load(db_path, spark_tables.TABLES, functools.partial(parquet_table, directory))


def parquet_table(directory: str, table: str, columns: tuple[str, ...]):
    """The rows of the Parquet table ``table`` under ``directory``, those columns, as an Arrow
    record batch reader: read :data:`BATCH_ROWS` at a time, in the order written."""
    import pyarrow.dataset as dataset

    return dataset.dataset(f"{directory}/{table}", format="parquet").scanner(
        columns=list(columns), batch_size=BATCH_ROWS).to_reader()
