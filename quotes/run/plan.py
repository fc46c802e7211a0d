"""An extract run settled before anything is read: its inputs, engine, workers and Spark.

Why a plan apart from the run: every mistake in the options (no inputs, a bad
manifest, stanza without models, a Spark master that does not answer) is found
here and costs one :class:`ExtractError` line before a database is opened or a
progress bar drawn; once the plan exists, problems belong to single inputs
and the run goes on past them.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from quotes import lang as languages
from quotes import store
from quotes.engines import get_engine
from quotes.engines.registry import Engine, EngineUnavailable
from quotes.readers import fetch
from quotes.readers import inputs as read
from quotes.run import pipeline, spark
from quotes.run.events import ExtractError
from quotes.run.sources import SparkJob, conllu_documents


@dataclass
class Options:
    """What :func:`quotes.api.extract` was asked to do (its keyword arguments)."""

    engine: str = "auto"
    lang: str = "en"
    jobs: int | None = None
    batch: int = pipeline.BATCH
    max_chars: int = read.MAX_CHARS
    manifest: str | None = None
    outlet: str | None = None
    urls: str | None = None
    timeout: float = fetch.TIMEOUT
    fmt: str = "text"
    spark: str | None = None
    spark_output: str | None = None
    spark_tables: str | None = None
    model_dir: str | None = None


@dataclass
class Plan:
    """A run ready to go: see :func:`quotes.run.job.run`."""

    db_path: str
    options: Options
    engine: Engine | None  # None: each CoNLL-U document brings its own
    jobs: int
    build: Callable[[], Engine] | None  # each worker process's engine
    manifest: dict[str, dict[str, str]] | None
    files: list | None  # paths, URLs (or Spark's input files) and listing problems
    paths: list = field(default_factory=list)  # as given, for CoNLL-U
    fallback: str | None = None  # why the model-free engine runs, when it was not asked for
    spark: SparkJob | None = None

    def documents(self, on_input: Callable[[int], None]):
        """The CoNLL-U documents of the inputs, each with its engine."""
        return conllu_documents(self.paths, self.manifest, self.options.outlet, self.engine, on_input,
                                languages.get(self.options.lang))


def plan(inputs: Iterable[str], db_path: str, options: Options) -> Plan:
    """Check the options, read the manifest and URL list, choose the engine, start Spark."""
    inputs = list(inputs)
    if not inputs and not options.urls:
        raise ExtractError("name the articles to read: files, folders or URLs, or --urls FILE")
    manifest, inputs = _lists(inputs, options)
    _check(options)
    try:  # a file that is not a quotes database is refused before anything is read
        store.check_db(db_path)
    except store.DatabaseUnusable as error:
        raise ExtractError(str(error)) from None
    notes: list[str] = []  # why the model-free engine runs, if it was not asked for
    chosen = _engine(options, notes.append)
    known = [options.manifest] if options.manifest else []
    files = None
    if options.fmt != "conllu" and not options.spark:
        files = list(read.expand_paths(inputs, known=known))
    job = None
    if options.spark:
        job, files = _start_spark(options, chosen, inputs, known)
    return Plan(str(db_path), options, chosen, _jobs(options, chosen, files, job), _build(options, chosen),
                manifest, files, inputs, notes[0] if notes else None, job)


def _lists(inputs: list, options: Options) -> tuple[dict | None, list]:
    """The manifest, and the inputs with the URL list's URLs after them."""
    try:
        manifest = read.read_manifest(options.manifest) if options.manifest else None
        if options.urls:
            inputs = [*inputs, *read.read_url_list(options.urls)]
    except (read.ManifestError, read.UrlListError) as error:
        raise ExtractError(str(error)) from None
    return manifest, inputs


def _check(options: Options) -> None:
    """Options that do not go together."""
    if options.spark_output and not options.spark:
        raise ExtractError("--spark-output needs --spark MASTER")
    if options.spark_tables and not options.spark:
        raise ExtractError("--spark-tables needs --spark MASTER")
    if options.spark_tables and options.spark_output:
        raise ExtractError("--spark-tables and --spark-output go separately: the tables hold the quotes")
    if options.spark and options.fmt == "conllu":
        raise ExtractError("--spark reads text, JSONL, HTML and WARC files; extract CoNLL-U "
                           "without --spark")


def _engine(options: Options, notify: Callable[[str], None]) -> Engine | None:
    """The engine asked for; for CoNLL-U, None (each document's trees) unless it is ``rules``."""
    if options.fmt == "conllu" and options.engine != "rules":
        return None
    try:
        return get_engine(options.engine, options.model_dir, lang_code=options.lang,
                          notify=None if options.fmt == "conllu" else notify)
    except (EngineUnavailable, languages.UnknownLanguage) as error:
        raise ExtractError(str(error)) from None


def _jobs(options: Options, engine: Engine | None, files: list | None, job: SparkJob | None) -> int:
    """Worker processes: one per core for the rules engine and the learned one over it (plain
    Python; stanza uses every core itself); one where CoNLL-U documents carry their own engines
    or Spark extracts on its workers."""
    if files is None or job:
        return 1
    if options.jobs is None:
        return pipeline.default_jobs() if engine.name in ("rules", "learned") else 1
    return options.jobs


def _build(options: Options, engine: Engine | None) -> Callable[[], Engine] | None:
    """How a worker process makes its own engine (an engine holding models does not travel)."""
    if engine is None:
        return None
    return functools.partial(get_engine, engine.name, options.model_dir, lang_code=options.lang)


def _start_spark(options: Options, engine: Engine, inputs: list, known: list) -> tuple[SparkJob, list]:
    """A Spark session on the master asked for, and the inputs it will read."""
    try:
        session, started = spark.start(options.spark)
        for given, option in ((options.spark_output, "--spark-output"), (options.spark_tables, "--spark-tables")):
            if given and spark.output_exists(session, given):
                if started:
                    session.stop()
                raise ExtractError(f"{given} already exists; {option} writes a new folder")
        files = list(spark.list_inputs(session, inputs, known))
    except spark.SparkFailure as error:
        raise ExtractError(str(error)) from None
    factory = functools.partial(spark.build_engine, engine.name, options.model_dir, options.lang)
    return SparkJob(session, started, factory, options.spark_output, tables=options.spark_tables), files
