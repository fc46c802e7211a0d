"""The extract stage as a Spark job; the commit stage stays one writer.

Why Spark: extraction is pure and per article (:mod:`quotes.extract.article`), so
it scales out on any cluster that runs Python; Spark is the engine news-crawl
pipelines already use (Common Crawl's Python examples, Quotebank), and it
brings the reading of big inputs, scheduling, retries and shuffles that a
home-made pool would have to re-invent.

What runs where:

- driver: lists the input files (names and sizes, never their contents),
  starts the job, then takes the results back in input order and commits them
  through :func:`quotes.commit.commit_article` (identity, clusters, store);
- executors: read the files' bytes (Spark's ``binaryFile`` source), turn them
  into articles with the package's own reader (:func:`quotes.readers.inputs.read_file`)
  and run :func:`quotes.extract.article.extract_article`; results go through one
  shuffle, keyed and sorted by (file, record), so that ``toLocalIterator``
  hands the driver the articles in the order a local run reads them, which
  makes the database the same as a local run's. The inputs go in waves, so
  that the executors extract the next wave while the driver commits this one.

The executors import this module and what the job's functions name: the
extract side only (readers, extract, engines, lang, model), never the store or
the commit stage, so a worker's Python needs no sqlite-utils. What the driver
does around the job with the database lives in :mod:`quotes.run.sources`.
"""
from __future__ import annotations

import bisect
import contextlib
import functools
import io
import os
import re
import shutil
import socket
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from quotes.readers import fetch
from quotes.readers import inputs as read
from quotes.extract.article import extract_article
from quotes.model import Article, Extracted
from quotes.engines.registry import Engine

# A reduce partition is what the driver holds at once while committing: about this much input.
PARTITION_BYTES = 64 * 1024 * 1024
# A wave (one Spark job) is an eighth of the input, but no less and no more than these.
WAVE_BYTES = (1024 * 1024, 1024 * 1024 * 1024)
LOG_CONFIG = Path(__file__).with_name("spark-log4j2.properties")
_GLOB_CHARACTERS = "\\{}[]*?"
# What Spark itself accepts (``spark-submit --master``); anything else fails here, before a JVM starts.
MASTER = re.compile(r"local(\[(\d+|\*)(,\d+)?\])?|local-cluster\[[\d, ]+\]|yarn|(spark|k8s)://\S+")


class SparkFailure(Exception):
    """Spark could not start or the job died; the message is one line that says why."""


@dataclass
class Failed:
    """An article the executors read but could not extract; the run goes on without it."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass
class InputFile:
    """One file for the job: ``uri`` as Spark reads it, ``path`` as the user named it."""

    uri: str
    path: str
    size: int


# ---------------------------------------------------------------- the session


def start(master: str) -> tuple[object, bool]:
    """A Spark session on ``master`` and whether this call started it.

    A session already running in this process (a notebook's, a test's) is
    used as it is; the caller stops only one it started. A local master gets
    1 GB: its executors hold one file at a time and the driver one partition
    of results; a cluster's memory settings are left to ``spark-submit``. The
    executors start :func:`executor_python`, which must be there on this machine.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkFailure("pyspark is not installed; pip install 'quotes[spark]'") from None
    if not MASTER.fullmatch(master):
        raise SparkFailure(f"Spark has no master {master!r}: give local[N], spark://HOST:PORT, "
                           "yarn or k8s://URL")
    running = SparkSession.getActiveSession()
    if running is not None:
        return running, False
    here = str(Path(__file__).resolve().parents[2])
    builder = (
        SparkSession.builder.master(master).appName("quotes extract")
        .config("spark.ui.showConsoleProgress", "true")
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}")
    )
    if master.startswith("local"):  # on a cluster, memory is spark-submit's to set
        builder = builder.config("spark.driver.memory", "1g")
    python = executor_python(master)
    if python == sys.executable:
        # The driver's own Python imports this copy of the package, not another one
        # installed elsewhere.
        builder = builder.config("spark.executorEnv.PYTHONPATH", here)
    if python and on_this_machine(master) and (os.path.isabs(python) or os.sep not in python) \
            and not shutil.which(python):  # "./env/bin/python" is in an archive the executors unpack
        raise SparkFailure(f"the executors' Python {python!r} (PYSPARK_PYTHON) is not a program "
                           "on this machine")
    _check_answers(master)
    try:
        with _python_for_workers(python):
            return builder.getOrCreate(), True
    except Exception as error:  # Py4J, Java missing, a master that does not answer
        reason = _reason(error).lstrip(": ")
        if "stopped SparkContext" in reason:  # what a standalone master that never answered leaves
            reason = "no master answered there"
        elif "JAVA_GATEWAY_EXITED" in reason:
            reason += " (is Java 17 or later installed? see `java -version`)"
        raise SparkFailure(f"Spark could not start on master {master!r}: {reason}") from None


def _check_answers(master: str, timeout: float = 10) -> None:
    """Fail at once, before a JVM starts, when nothing listens at a ``spark://`` master's
    address (Spark itself retries for a minute, then says only that its context stopped)."""
    if not master.startswith("spark://"):
        return
    for address in master[len("spark://"):].split(","):  # spark://host1:port1,host2:port2 (HA)
        host, _, port = address.rpartition(":")
        try:
            socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
            return
        except (OSError, ValueError):
            continue
    raise SparkFailure(f"Spark could not start on master {master!r}: no master answers there")


_THIS_MACHINE = re.compile(r"spark://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?")


def on_this_machine(master: str) -> bool:
    """Whether ``master``'s executors run on this machine (``local[N]``, a standalone
    master on 127.0.0.1), and so can start the driver's own Python."""
    return master.startswith("local") or bool(_THIS_MACHINE.fullmatch(master))


def executor_python(master: str) -> str | None:
    """The Python the executors start: the user's (``PYSPARK_PYTHON``, which ``spark-submit``
    also sets from ``spark.pyspark.python``) if given; else, on this machine, the driver's
    own interpreter; else ``None`` (a remote cluster's ``python3``, or the packed environment
    of the README's recipe, which sets ``PYSPARK_PYTHON``).

    Why: PySpark's default is ``python3`` from the workers' ``PATH``, which is the system
    Python, not the virtual environment or pyenv version that has this package, whenever
    the ``quotes`` command is run without its environment activated.
    """
    given = os.environ.get("PYSPARK_PYTHON")
    if given:
        return given
    return sys.executable if on_this_machine(master) and sys.executable else None


@contextlib.contextmanager
def _python_for_workers(python: str | None) -> Iterator[None]:
    """``PYSPARK_PYTHON`` set to ``python`` while the context starts (PySpark reads it there,
    once), and as it was afterwards."""
    before = os.environ.get("PYSPARK_PYTHON")
    if python:
        os.environ["PYSPARK_PYTHON"] = python
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PYSPARK_PYTHON", None)
        else:
            os.environ["PYSPARK_PYTHON"] = before


_PYTHON_ERROR = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Unavailable): ")
# What a job says when the executors' Python cannot run it: not there, or without the package.
_WRONG_PYTHON = re.compile(r"No module named|Cannot run program")
_STAGE_FAILURE = re.compile(r"Job aborted due to stage failure: (.*?), most recent failure: .*?\): (.*)")


def _reason(error: BaseException) -> str:
    """The one line of a Spark (Java) or Python worker error that says what went wrong.

    A Python worker's own exception comes last in Java's message; a lost task
    (a worker that died) is named in the stage failure; else the first
    exception Java names.
    """
    lines = [line.strip() for line in str(error).splitlines()]
    python = [line for line in lines if _PYTHON_ERROR.match(line)
              and not line.startswith(("org.apache.", "java.", "py4j."))]
    if python:
        return python[-1]
    for line in lines:
        failure = _STAGE_FAILURE.search(line)
        if failure:
            cause = failure.group(2).split("Exception: ")[-1].split(". Consider ")[0]
            return f"{failure.group(1)}; {cause}"
    named = [line.split("Exception: ", 1)[1] for line in lines if "Exception: " in line]
    return (named[0] if named and named[0] else lines[0] if lines else error.__class__.__name__).strip()


# ---------------------------------------------------------------- the inputs


def list_inputs(spark, paths: Iterable[str | read.Problem],
                known: Iterable[str] = ()) -> Iterator[InputFile | read.Problem | read.Notice]:
    """The files to read, in the order a local run reads them; missing ones as problems.

    Local paths are expanded by the package's own reader (:func:`quotes.readers.inputs.expand_paths`,
    which passes over the ``known`` manifest); a URI Spark knows (``hdfs://``, ``s3a://``,
    ``file://``) is listed by Spark, its readable files in name order. Web pages by URL
    are fetched by a local run only: the driver would do all the fetching.
    """
    local = []
    for given in paths:
        if isinstance(given, str) and fetch.is_url(given):
            yield read.Problem(given, "URLs are fetched without --spark; --spark reads files")
        elif isinstance(given, str) and "://" in given:
            yield from _flush(local, known)
            yield from _list_by_spark(spark, given)
        else:
            local.append(given)
    yield from _flush(local, known)


def _flush(local: list, known) -> Iterator[InputFile | read.Problem | read.Notice]:
    for item in read.expand_paths(local, known=known):
        if isinstance(item, (read.Problem, read.Notice)):
            yield item
        else:
            yield InputFile(_uri_of(item), str(item), item.stat().st_size)
    local.clear()


def _uri_of(path: Path) -> str:
    return "file://" + os.path.abspath(path)  # normalised as Spark reports it: no "..", no "."


def _list_by_spark(spark, uri: str) -> Iterator[InputFile | read.Problem]:
    try:  # names and sizes only: the content column is never read
        rows = (spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(uri)
                .select("path", "length").collect())
    except Exception as error:
        yield read.Problem(uri, _reason(error))
        return
    for row in sorted(rows, key=lambda row: row.path):
        if read.readable(Path(row.path)):
            yield InputFile(row.path, row.path, row.length)


def _escape(uri: str) -> str:
    """``uri`` as one file, not a glob pattern, for Spark's reader."""
    return "".join("\\" + c if c in _GLOB_CHARACTERS else c for c in uri)


def _same_file(uri: str) -> str:
    """One spelling for a file URI as given and as Spark reports it (``file:/x`` / ``file:///x``)."""
    return "file:/" + uri[len("file:"):].lstrip("/") if uri.startswith("file:") else uri


# ---------------------------------------------------------------- the job


def _reading(cores: int, files: list[InputFile]) -> dict[str, str]:
    """How Spark's file source splits ``files`` into tasks.

    Extraction costs CPU per byte, not per file opened: a file counts as 8 KB
    on top of its size (Spark's default, 4 MB, made one task of every four
    small articles), a task is at most 32 MB of input, and there are at least
    four per core, so small inputs spread over every core too. Files on this
    machine's disks were listed here already: Spark looks them up here too,
    not in a listing job of one task per file; remote ones keep that job.
    """
    local = all(f.uri.startswith("file:") for f in files)
    return {
        "spark.sql.files.openCostInBytes": str(8 * 1024),
        "spark.sql.files.maxPartitionBytes": str(32 * 1024 * 1024),
        "spark.sql.files.minPartitionNum": str(cores * 4),
        "spark.sql.sources.parallelPartitionDiscovery.threshold": str(2**31 - 1 if local else 32),
    }


@functools.lru_cache(maxsize=None)
def build_engine(name: str, model_dir: str | None, lang_code: str) -> Engine:
    """The engine ``name``, built once per Python worker (stanza's models load once)."""
    from quotes import engines  # noqa: F401  (importing engines registers them)
    from quotes import lang
    from quotes.engines import registry

    return registry.build(name, model_dir, lang.get(lang_code))


def extracted_in_order(
    spark, files: list[InputFile], engine_factory: Callable[[], Engine], stored: Iterable[str] = (),
    limit: int = read.MAX_CHARS,
) -> Iterator[tuple[int, Extracted | Article | Failed | read.Problem]]:
    """``(file number, result)`` for every record of ``files``, in input order.

    ``engine_factory`` runs on the executors (it must pickle): use
    ``functools.partial(build_engine, name, model_dir, lang_code)``. An article
    whose extraction raises comes back as :class:`Failed`; a job that dies
    (a worker lost for good) raises :class:`SparkFailure`. An article whose
    content hash is among ``stored`` (the database's) comes back as it was
    read, not extracted: a re-run, or one going on after a failure, costs the
    reading only, as locally. (The executors compare the hashes' first 64
    bits, 8 bytes an article; the commit stage checks the whole hash.) An
    article over ``limit`` characters is a problem, as in a local run.

    The files go in waves (:func:`_waves`), one Spark job each: while the
    driver commits one wave's results, the executors extract the next, and a
    job that dies costs the wave it was in, not the whole run.
    """
    if not files:
        return
    context = spark.sparkContext
    numbers = context.broadcast({_same_file(f.uri): (n, f.path) for n, f in enumerate(files)})
    known = context.broadcast({_short(content_hash) for content_hash in stored})
    for key, value in _reading(context.defaultParallelism, files).items():
        spark.conf.set(key, value)
    waves = [_ordered(spark, files[first:last], numbers, known, engine_factory, limit)
             for first, last in _waves(files)]
    pool = ThreadPoolExecutor(max_workers=1)
    ahead = pool.submit(waves[0].count)  # a wave's extraction, all of its tasks at once
    try:
        for number, wave in enumerate(waves):
            ahead.result()
            if number + 1 < len(waves):
                ahead = pool.submit(waves[number + 1].count)
            for (file_number, _), (kind, *value) in wave.toLocalIterator():
                if kind == "extracted":
                    yield file_number, Extracted.from_dict(value[0])
                elif kind == "stored":
                    yield file_number, Article(**value[0])
                elif kind == "failed":
                    yield file_number, Failed(*value)
                else:
                    yield file_number, read.Problem(*value)
    except Exception as error:
        raise job_failure(error, context) from None
    finally:
        if not ahead.done():  # the caller stopped early, or a wave failed: stop the next one
            context.cancelAllJobs()
        pool.shutdown(wait=True)
        numbers.unpersist()
        known.unpersist()


def job_failure(error: BaseException, context) -> BaseException:
    """A :class:`SparkFailure` saying in one line why a job died, for Spark's own errors
    (with the executors' Python, when that is the likely cause); ``error`` itself otherwise."""
    if not error.__class__.__module__.startswith(("py4j", "pyspark")):
        return error
    reason = _reason(error)
    if _WRONG_PYTHON.search(reason):
        reason += (f" (the executors ran {context.pythonExec!r}; give them a Python with "
                   "this package: PYSPARK_PYTHON, see docs/spark.md)")
    return SparkFailure(f"the job failed: {reason}")


def _waves(files: list[InputFile]) -> list[tuple[int, int]]:
    """``(first, last)`` file numbers of each wave: an eighth of the input, within :data:`WAVE_BYTES`."""
    smallest, largest = WAVE_BYTES
    size = min(max(sum(f.size for f in files) // 8, smallest), largest)
    waves, first, total = [], 0, 0
    for number, item in enumerate(files):
        total += item.size
        if total >= size:
            waves.append((first, number + 1))
            first, total = number + 1, 0
    if first < len(files):
        waves.append((first, len(files)))
    return waves


def _short(content_hash: str) -> int:
    return int(content_hash[:16], 16)


def _ordered(spark, files: list[InputFile], numbers, known, engine_factory, limit):
    """The RDD of ``((file number, record), result)`` for ``files``, in that order.

    The executors read and extract in whatever order Spark packs the files;
    one shuffle, by ranges of file numbers and sorted inside each, puts the
    results back in input order, about :data:`PARTITION_BYTES` of input a
    partition, which is what the driver holds at a time.
    """
    first = numbers.value[_same_file(files[0].uri)][0]
    bounds, total = [], 0
    for number, item in enumerate(files, first):
        total += item.size
        if total >= PARTITION_BYTES * (len(bounds) + 1):
            bounds.append(number + 1)
    return extracted_unordered(spark, files, numbers, known, engine_factory, limit) \
        .repartitionAndSortWithinPartitions(
            len(bounds) + 1, partitionFunc=lambda key: bisect.bisect_right(bounds, key[0]))


def extracted_unordered(spark, files: list[InputFile], numbers, known, engine_factory, limit):
    """The RDD of ``((file number, record), (kind, ...))`` for ``files``, in whatever order
    the executors read them: ``extracted`` with the :class:`Extracted` as a dict, ``stored``
    (its content hash among ``known``) with the article's, ``failed`` or ``problem``."""

    def extract_partition(rows):
        engine = None
        for row in rows:
            number, path = numbers.value[_same_file(row.path)]
            articles = read.read_file(Path(path), limit, io.BytesIO(row.content))
            for record, item in enumerate(read.within(articles, limit)):
                key = (number, record)
                if isinstance(item, read.Problem):
                    yield key, ("problem", item.where, item.message)
                    continue
                if _short(item.content_hash) in known.value:
                    yield key, ("stored", asdict(item))
                    continue
                engine = engine or engine_factory()
                try:
                    yield key, ("extracted", extract_article(item, engine).to_dict())
                except Exception as error:  # one bad article must not stop the job
                    yield key, ("failed", item.source, f"{error.__class__.__name__}: {error}")

    frame = spark.read.format("binaryFile").load([_escape(f.uri) for f in files])
    return frame.select("path", "content").rdd.mapPartitions(extract_partition)


def read_on_spark(
    spark, files: list[InputFile], engine_factory: Callable[[], Engine],
    manifest: dict[str, dict[str, str]] | None = None, outlet: str | None = None,
    on_file: Callable[[int], None] | None = None, stored: Iterable[str] = (),
    limit: int = read.MAX_CHARS,
) -> Iterator[Extracted | Article | Failed | read.Problem]:
    """The Spark counterpart of :func:`quotes.readers.inputs.read_articles`, extracted as well.

    Metadata is settled on the driver (:func:`quotes.readers.inputs.apply_metadata`), so
    the manifest never travels; ``on_file(n)`` hears each time the stream moves
    on by ``n`` input files. Articles among ``stored`` come as read (see
    :func:`extracted_in_order`).
    """
    manifest = manifest or {}
    used, done = set(), 0
    for number, item in extracted_in_order(spark, files, engine_factory, stored, limit):
        if on_file and number + 1 > done:
            on_file(number + 1 - done)
            done = number + 1
        if isinstance(item, (Extracted, Article)):
            matched = read.apply_metadata(getattr(item, "article", item), manifest, outlet)
            if matched:
                used.add(matched)
        yield item
    if on_file and len(files) > done:
        on_file(len(files) - done)
    yield from read.unused_manifest_entries(manifest, used)


# ---------------------------------------------------------------- Parquet


def output_exists(spark, directory: str) -> bool:
    """Whether ``directory`` (a local path or a URI Spark can write) is already there."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(directory)
    return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).exists(path)


def write_parquet(spark, rows: Iterable[dict], directory: str, fields: dict[str, type],
                  batch: int = 100_000) -> int:
    """Write ``rows`` (the export's records) to Parquet under ``directory``; how many.

    ``fields`` names each field with its Python type (``store.EXPORT_TYPES``). The rows
    come from the driver's database, so they go in batches of ``batch`` to keep the
    driver's memory flat.
    """
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

    spark_types = {int: LongType, float: DoubleType, str: StringType}
    schema = StructType([StructField(f, spark_types[kind]()) for f, kind in fields.items()])
    written, pending, mode = 0, [], "errorifexists"

    def flush():
        nonlocal mode
        spark.createDataFrame([tuple(r[f] for f in fields) for r in pending], schema) \
            .write.mode(mode).parquet(directory)
        mode = "append"
        pending.clear()

    for row in rows:
        pending.append(row)
        written += 1
        if len(pending) >= batch:
            flush()
    if pending or mode == "errorifexists":
        flush()
    return written
