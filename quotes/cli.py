"""The ``quotes`` command line: thin glue over the API, the store and speaker identity.

A command parses its options, calls :mod:`quotes.api` (``extract`` is a
stream of events that this module shows as a progress bar, error lines and
a summary line), :mod:`quotes.store` or :mod:`quotes.commit.curation` (speaker edits), and
prints. No SQL and no sqlite-utils here: what a command reads or writes lives there.
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path

import click

from quotes import api, lang, store
from quotes import export as exporting
from quotes.commit import curation, links
from quotes.commit import outlets as outlet_edits
from quotes.engines import ENGINE_CHOICES, get_engine, stanza_engine
from quotes.engines.registry import EngineUnavailable
from quotes.extract.article import find
from quotes.readers import fetch
from quotes.readers import inputs as read
from quotes.run import events, pipeline
from quotes.run.events import ExtractError
from quotes.engines.stanza_models import (
    LOCAL_LEAVES_OUT,
    LOCAL_MARKER,
    STANZA_PROCESSORS,
    is_local_set,
    missing_stanza_models,
    stanza_model_dir,
)

DB_KEY = "quotes.db_path"  # where --db is kept (ctx.meta), for the error line of a database fault


def _remember_db(ctx: click.Context, param, value):
    ctx.meta[DB_KEY] = value
    return value


DB_OPTION = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False), default=str(store.DEFAULT_DB),
    show_default=True, help="SQLite database file", callback=_remember_db,
)


def plural(n: int, word: str) -> str:
    """``1 quote``, ``2 quotes``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def fail(message: str) -> None:
    """Stop with one clear line on stderr and exit status 1."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _open_existing(db_path: str):
    if not Path(db_path).exists():
        fail(f"{db_path}: no such database; run `quotes extract` first")
    return store.open_db(db_path)


LANG_OPTION = click.option("--lang", "lang_code", default="en", show_default=True,
                           help=f"Language of the articles ({', '.join(lang.LANGUAGES)})")


def _engine(name: str, model_dir, lang_code: str, notify=None):
    """The engine asked for, or one ``Error:`` line saying why it cannot run."""
    try:
        return get_engine(name, model_dir, notify=notify, lang_code=lang_code)
    except (EngineUnavailable, lang.UnknownLanguage) as error:
        fail(str(error))


class _Commands(click.Group):
    """The command group, where a database fault in any command becomes one ``Error:`` line.

    A file that is not a quotes database, from a newer quotes, read-only, or a
    full disk is the file's or the disk's problem, not a bug: the user gets
    what is wrong and with which file (:func:`quotes.store.describe`), not a traceback.
    What was committed before stays committed (SQLite rolls back the rest).
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (store.DatabaseUnusable, *store.DATABASE_ERRORS) as error:
            fail(store.describe(error, ctx.meta.get(DB_KEY)))
        except KeyboardInterrupt:  # Ctrl-C: what was committed is kept (the run's batches)
            click.echo("\nInterrupted: what was stored is kept; run the command again to go on",
                       err=True)
            sys.exit(pipeline.INTERRUPTED)


@click.group(cls=_Commands)
@click.version_option(package_name="quotes")
def cli():
    """Find who said what in news articles, and where it appeared first."""


@cli.command()
@click.argument("paths", nargs=-1)
@DB_OPTION
@click.option("--urls", "url_list", type=click.Path(dir_okay=False, allow_dash=True),
              help="Text file of http(s):// URLs to fetch, one per line ('-' reads stdin)")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=fetch.TIMEOUT, show_default=True,
              help="Seconds to wait on a URL before giving up on it")
@click.option("--manifest", type=click.Path(dir_okay=False),
              help="CSV or JSONL mapping 'source' (file name or URL) to outlet, title, url, published")
@click.option("--outlet", help="Outlet for articles that name none")
@click.option("--engine", type=click.Choice(ENGINE_CHOICES), default="auto", show_default=True,
              help="NLP engine: stanza when its models are installed, else the model-free rules")
@click.option("--model-dir", type=click.Path(file_okay=False), envvar="STANZA_RESOURCES_DIR",
              help="Where stanza's models are (default: STANZA_RESOURCES_DIR or stanza's cache folder)")
@LANG_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "conllu"]), default="text", show_default=True,
              help="text: .txt/.jsonl/.html/.warc(.gz) files and URLs; conllu: parsed CoNLL-U, one "
                   "article per # newdoc, attributed on its trees (or by --engine rules on its text)")
@click.option("--jobs", type=click.IntRange(min=1),
              help="Processes finding quotes while one writer stores them in input order "
                   "[default: one per core for the rules engine, 1 for stanza and CoNLL-U]")
@click.option("--batch", type=click.IntRange(min=1), default=pipeline.BATCH, show_default=True,
              help="Articles per transaction: an interrupted run loses at most one batch, "
                   "and a re-run redoes it")
@click.option("--max-chars", type=click.IntRange(min=1), default=read.MAX_CHARS, show_default=True,
              help="Skip (with one Error: line) any article longer than this many characters")
@click.option("--spark", "spark_master", metavar="MASTER",
              help="Run the extract stage as a Spark job on MASTER (local[2], spark://host:7077, "
                   "yarn); the database is written here, as by a local run. Needs quotes[spark]")
@click.option("--spark-output", metavar="DIR",
              help="With --spark: also write the inputs' quotes (the export's fields) as Parquet to "
                   "DIR, a new folder or URI")
@click.option("--spark-tables", metavar="DIR",
              help="With --spark: the commit stage on the cluster too (speakers by name key, "
                   "statements by exact wording; see docs/spark.md), its tables written as Parquet "
                   "to DIR (a new folder or URI), then loaded in bulk into the database (built new, or "
                   "appended to)")
def extract(paths, db_path, url_list, timeout, manifest, outlet, engine, model_dir, lang_code, fmt,
            jobs, batch, max_chars, spark_master, spark_output, spark_tables):
    """Extract quotes from articles in PATHS into the database.

    PATHS are .txt, .jsonl, .html/.htm and .warc/.warc.gz files, folders of
    them, and http(s):// URLs.
    """
    run = api.extract(paths, db_path, engine=engine, lang=lang_code, jobs=jobs, batch=batch,
                      max_chars=max_chars, manifest=manifest, outlet=outlet, urls=url_list,
                      timeout=timeout, fmt=fmt, spark=spark_master, spark_output=spark_output,
                      spark_tables=spark_tables,
                      model_dir=model_dir)
    with contextlib.closing(run):  # a Ctrl-C ends the run's workers here, before Python exits
        try:
            started = next(run)  # the options and the database checked, the engine chosen, Spark started
        except ExtractError as error:
            fail(str(error))
        summary = _show_run(started, run)
    click.echo(_summary_line(summary), err=True)
    if summary.failed:
        sys.exit(1)


@cli.command()
@click.argument("sources", nargs=-1)
@DB_OPTION
@click.option("--every", metavar="TIME", help="Poll again every TIME (30s, 15m, 1h, 1d) until stopped "
                                              "(SIGINT or SIGTERM)")
@click.option("--once", is_flag=True, help="Poll once and exit (for cron); the default without --every")
@click.option("--status", "show_status", is_flag=True,
              help="List the watched sources: last poll, next poll, errors; fetch nothing")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=fetch.TIMEOUT, show_default=True,
              help="Seconds one request may take, a slow body included")
@click.option("--delay", type=click.FloatRange(min=0.0), default=fetch.DELAY, show_default=True,
              help="Seconds between two requests to one host (robots.txt's Crawl-delay, if longer, wins)")
@click.option("--engine", type=click.Choice(ENGINE_CHOICES), default="auto", show_default=True,
              help="Quote extraction engine")
@click.option("--model-dir", type=click.Path(file_okay=False), envvar="STANZA_RESOURCES_DIR",
              help="Where stanza's models are (else stanza's default)")
@LANG_OPTION
def watch(sources, db_path, every, once, show_status, timeout, delay, engine, model_dir, lang_code):
    """Follow news SOURCES: RSS or Atom feeds, sitemaps (indexes and news sitemaps included)
    or home pages (their feeds are found), storing new and edited articles.

    SOURCES are remembered in the database: without any, the watched ones are polled.
    One line per source and poll: new articles, revisions, quotes, unchanged pages, errors.
    """
    from quotes.run import watch as watching

    if show_status:
        _open_existing(db_path).conn.close()
        _show_status(watching.status(db_path))
        return
    if every and once:
        fail("--every and --once: choose one")
    try:
        every_s = watching.parse_every(every) if every else None
    except ValueError as error:
        fail(str(error))
    bad = [source for source in sources if not fetch.is_url(source)]
    if bad:
        fail(f"{bad[0]}: not an http(s):// URL")
    if not sources:
        _open_existing(db_path).conn.close()
        if not watching.status(db_path):
            fail("no source to watch: name a feed, a sitemap or a home page")
    chosen = _engine(engine, model_dir, lang_code)
    code = watching.watch(db_path, list(sources), chosen, every_s,
                          log=lambda line: click.echo(line), timeout=timeout, delay=delay)
    sys.exit(code)


def _show_status(rows: list[dict]) -> None:
    if not rows:
        click.echo("No source watched yet: quotes watch FEED-OR-SITEMAP --db DB")
        return
    for row in rows:
        last = (f"last poll {row['last_poll_at']}: {row['last_new']} new, {row['last_revised']} revised,"
                f" {row['last_quotes']} quotes, {row['last_errors']} errors"
                if row["last_poll_at"] else "never polled")
        due = f"; next poll {row['next_poll_at']}" if row["next_poll_at"] else ""
        click.echo(f"{row['url']}\n  {plural(row['polls'], 'poll')}; {last}{due}")
        if row["last_error"]:
            click.echo(f"  last error: {row['last_error']}")


def _show_run(started: events.Started, run) -> events.Summary:
    """A progress bar on stderr while the run goes, and one line per problem; the summary.

    Text input: the bar counts input files, known up front even for 100k articles (a .jsonl
    file advances it once however many articles it holds), with the article rate beside it.
    CoNLL-U: it counts documents.
    """
    progress = _Progress(by_file=started.inputs is not None)
    with contextlib.ExitStack() as stack:
        # A total to count up to, or (a generator having no length) a count without one.
        bar = stack.enter_context(click.progressbar(
            None if progress.by_file else (item for item in ()), length=started.inputs,
            label="Extracting", file=sys.stderr, show_pos=True, item_show_func=progress.shown))
        for event in run:
            if isinstance(event, events.AllRead):
                progress.done(bar)
                stack.close()  # the bar ends before the Parquet copy and the summary
            elif isinstance(event, events.Summary):
                return event
            else:
                progress.show(event, bar)
    raise RuntimeError("the run ended without its summary")


class _Progress:
    """What the bar and the error lines show of each event."""

    def __init__(self, by_file: bool):
        self.by_file, self.read, self.started = by_file, 0, time.monotonic()
        # On a terminal a line first wipes the bar's line (the bar redraws below it); elsewhere
        # the bar draws nothing after its label, so a newline first would only add blank lines.
        self.lead = "\r\033[K" if sys.stderr.isatty() else ""

    def shown(self, source) -> str:
        """Articles a second so far, and the end of the article source being read."""
        seconds = time.monotonic() - self.started
        rate = f"{self.read} articles, {self.read / seconds:.0f}/s" if seconds else ""
        return f"{rate}  {source[-50:]}" if isinstance(source, str) else rate

    def done(self, bar) -> None:
        """A bar without a total fills up when the documents run out (as an iterated one does)."""
        if not self.by_file:
            bar.finish()
            bar.render_progress()

    def show(self, event, bar) -> None:
        if isinstance(event, events.InputsRead):
            bar.update(event.count)
        elif isinstance(event, events.Notice):
            click.echo(f"{self.lead}{event}", err=True)
        elif isinstance(event, events.Problem):
            click.echo(f"{self.lead}Error: {event}", err=True)
        elif isinstance(event, events.ArticleDone):
            self.read += 1
            if self.by_file:  # a web archive is one input of thousands of pages: name each
                bar.update(0, event.source)
            if event.error:  # one bad article must not stop the run
                click.echo(f"{self.lead}Error: {event}", err=True)


def _summary_line(summary: events.Summary) -> str:
    """What was read and stored, what the database holds now, and the engine that ran."""
    # The engine, and why it is the model-free one when stanza was not found, on this one line.
    engine_note = f"{summary.engine} engine" + ("; stanza models missing, see `quotes models status`"
                                               if summary.fallback else "")
    revised = f"{summary.revised} revised (edited at their URL), " if summary.revised else ""
    line = (f"{plural(summary.read, 'article')} read: {summary.stored} stored, {revised}"
            f"{summary.skipped} skipped (already stored), {summary.failed} failed; "
            f"{plural(summary.quotes, 'quote')} found")
    if summary.totals is None:
        return f"{line}; no database written ({engine_note})"
    totals = summary.totals
    return (f"{line}; database now holds {plural(totals['quotes'], 'quote')} by "
            f"{plural(totals['speakers'], 'speaker')} in "
            f"{plural(totals['articles'], 'article')} ({engine_note})")


@cli.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(exporting.FORMATS), default="jsonl",
              show_default=True, help="JSON lines, one JSON array, CSV (formula-safe) or Parquet")
@click.option("--output", "-o", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write (default: standard output)")
@click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="X",
              help="Only quotes whose confidence is at least X (0 to 1); quotes without one are left out")
def export(db_path, fmt, output, min_confidence):
    """Print one record per quote: its article, speaker, statement and confidence."""
    binary = fmt in exporting.BINARY_FORMATS
    if binary and output == "-" and sys.stdout.isatty():
        fail(f"--format {fmt} is binary: give --output FILE or send it to a file (> quotes.{fmt})")
    db = _open_existing(db_path)
    try:
        if fmt == "parquet":
            exporting.parquet_schema()  # pyarrow missing: say so before making the file
        with click.open_file(output, "wb" if binary else "w", encoding=None if binary else "utf-8") as out:
            exporting.write(store.export_rows(db, min_confidence=min_confidence), fmt, out)
    except exporting.ExportUnavailable as error:
        fail(str(error))
    except BrokenPipeError:  # the reader stopped reading (`| head`): what it took was written
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error at exit
    except OSError as error:
        fail(f"{output}: {error.strerror or error}")


@cli.command()
@DB_OPTION
@click.option("--port", type=int, default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Serving processes; more help where CPUs are idle")
def serve(db_path, port, host, workers):
    """Browse the database in Datasette."""
    if not Path(db_path).exists():
        fail(f"{db_path}: no such database; run `quotes extract` or `quotes demo` first")
    store.open_db(db_path)  # brings an older database's schema up to date (adds views)
    _serve(db_path, port, host, workers)


def _serve(db_path, port, host, workers=1):
    """Run Datasette, or one ``Error:`` line when the port is taken."""
    from quotes.web.serve import PortInUse, run_datasette

    try:
        run_datasette(db_path, port=port, host=host, workers=workers)
    except PortInUse as error:
        fail(str(error))


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("target")
@DB_OPTION
@click.option("--out", type=click.Path(file_okay=False), default="build/publish", show_default=True,
              help="Folder for the metadata, templates, plugin and static files to publish")
@click.option("--run", "run_it", is_flag=True, help="Run the command instead of printing it")
@click.argument("extra", nargs=-1, type=click.UNPROCESSED)
def publish(target, db_path, out, run_it, extra):
    """Prepare the database for `datasette publish TARGET` (or `datasette package`).

    TARGET is package, cloudrun, heroku or one a publish plugin adds; EXTRA
    options go to Datasette (e.g. --service quotes). Prints the command; --run
    runs it. The published database is read-only, with a SQL time limit.
    """
    import shlex
    import subprocess

    from quotes.web.serve import prepare_publish, publish_command, publish_targets

    if not Path(db_path).exists():
        fail(f"{db_path}: no such database; run `quotes extract` or `quotes demo` first")
    if target not in publish_targets():
        fail(f"no publish target {target!r}; choose from {', '.join(publish_targets())}")
    store.open_db(db_path)  # brings an older database's schema up to date (adds views)
    command = publish_command(target, db_path, prepare_publish(db_path, out), extra)
    if not run_it:
        click.echo(f"Prepared {out}; publish with:", err=True)
        click.echo(shlex.join(command))
        return
    try:
        done = subprocess.run([sys.executable, "-m", *command], check=False)
    except OSError as error:
        fail(f"could not run datasette: {error}")
    if done.returncode:
        fail(f"`{shlex.join(command)}` failed (exit status {done.returncode})")


@cli.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=str(store.DEMO_DB),
              show_default=True, help="The demo's own database file (never one with other articles)")
@click.option("--port", type=int, default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--no-serve", is_flag=True, help="Build the demo database and stop")
def demo(db_path, port, host, no_serve):
    """Build a database from the bundled sample articles and serve it.

    The demo keeps to a database of its own: it refuses one that holds any other article.
    """
    try:
        totals = api.build_demo(db_path)
    except api.DemoRefused as error:
        fail(str(error))
    click.echo(f"Demo database {db_path}: {plural(totals['articles'], 'article')}, "
               f"{plural(totals['quotes'], 'quote')}, {plural(totals['speakers'], 'speaker')}",
               err=True)
    if not no_serve:
        _serve(db_path, port, host)


@cli.group(name="eval")
def eval_group():
    """Measure extraction against hand-annotated corpora."""


@eval_group.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--engine", type=click.Choice(ENGINE_CHOICES), default="auto", show_default=True,
              help="NLP engine to measure")
@click.option("--model-dir", type=click.Path(file_okay=False), envvar="STANZA_RESOURCES_DIR",
              help="Where stanza's models are")
@LANG_OPTION
@click.option("--errors", is_flag=True, help="List every miss, spurious quote and wrong source per article")
def polnear(folder, engine, model_dir, lang_code, errors):
    """Score the engine on a PolNeAR split: FOLDER holds text/ and attributions/."""
    from quotes.evaluate import evaluate

    chosen = _engine(engine, model_dir, lang_code)
    try:
        report = evaluate(folder, lambda text: find(text, chosen), errors=errors)
    except FileNotFoundError as error:
        fail(str(error))
    if errors:
        for name, problems in report.errors.items():
            click.echo(name)
            for problem in problems:
                click.echo(problem)
        click.echo()
    rate = report.documents / report.seconds if report.seconds else 0.0
    click.echo(f"{report.documents} articles, {chosen.name} engine, {rate:.1f} articles/second")
    for line in report.lines():
        click.echo(line)


@eval_group.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--engine", type=click.Choice(ENGINE_CHOICES), default="auto", show_default=True,
              help="NLP engine to measure")
@click.option("--model-dir", type=click.Path(file_okay=False), envvar="STANZA_RESOURCES_DIR",
              help="Where stanza's models are")
@LANG_OPTION
@click.option("--errors", is_flag=True,
              help="List every miss, spurious quote, wrong speaker, outlet and date per page")
def realweb(folder, engine, model_dir, lang_code, errors):
    """Score real web pages: FOLDER holds pages/ and gold.json (see ../shared/realweb/README.md).

    The pages go the way `quotes extract` takes them (reader, engine, a temporary database)
    and the export is scored: a statement's pieces joined, recall per kind, speaker accuracy,
    precision, outlet and date.
    """
    from quotes.evaluate_realweb import GoldError, evaluate_folder

    _engine(engine, model_dir, lang_code)  # an engine that cannot run says so in one line
    try:
        report = evaluate_folder(folder, engine=engine, lang=lang_code, model_dir=model_dir, errors=errors)
    except (GoldError, api.ExtractError) as error:
        fail(str(error))
    if errors:
        for page, problems in report.errors.items():
            click.echo(page)
            for problem in problems:
                click.echo(problem)
        click.echo()
    failed = f", {len(report.failed)} failed (scored as finding nothing): {report.failed[0]}" if report.failed else ""
    click.echo(f"{report.pages} pages, {report.engine} engine{failed}")
    for line in report.lines():
        click.echo(line)


@cli.group()
def models():
    """Install stanza's English models and see what is installed where."""


MODEL_DIR_OPTION = click.option(
    "--dir", "model_dir", type=click.Path(file_okay=False), envvar="STANZA_RESOURCES_DIR",
    help="Model folder (default: STANZA_RESOURCES_DIR or stanza's cache folder)",
)


@models.command()
@MODEL_DIR_OPTION
def download(model_dir):
    """Download the English models the stanza engine needs, with progress bars."""
    import stanza

    folder = stanza_model_dir(model_dir)
    click.echo(f"Downloading stanza's English models ({stanza_engine.PROCESSORS}) into {folder}", err=True)
    try:
        stanza.download("en", model_dir=str(folder), processors=stanza_engine.PROCESSORS,
                        logging_level="INFO")
    except Exception as error:  # requests, huggingface_hub and OS errors all end the same way
        reason = (str(error).strip().splitlines() or [""])[0].split(": Max retries")[0][:200]
        fail(f"could not download stanza's English models into {folder} "
             f"({error.__class__.__name__}: {reason}); the model hub must be reachable, "
             f"or copy a stanza resources folder made elsewhere into {folder}")
    click.echo(f"stanza's English models are installed in {folder}", err=True)


@models.command()
@MODEL_DIR_OPTION
def status(model_dir):
    """Say which of stanza's English models are installed, where, and what is missing."""
    folder = stanza_model_dir(model_dir)
    local = is_local_set(model_dir)
    click.echo(f"Model folder: {folder}{'' if folder.is_dir() else ' (does not exist)'}")
    if local:
        click.echo(f"  a small local set for tests ({LOCAL_MARKER}: made by "
                   "scripts/train_stanza_models.py), not stanza's published models")
    click.echo(f"  resources.json  {'installed' if (folder / 'resources.json').is_file() else 'missing'}")
    for processor in STANZA_PROCESSORS:
        files = sorted((folder / "en" / processor).glob("*.pt"))
        found = ", ".join(f"{f.name} ({f.stat().st_size / 1e6:.1f} MB)" for f in files)
        if not found and local and processor in LOCAL_LEAVES_OUT:
            found = f"not in this set: {LOCAL_LEAVES_OUT[processor]}"
        click.echo(f"  {processor:<15} {found or 'missing'}")
    missing = missing_stanza_models(model_dir)
    if missing:
        click.echo(f"Missing: {', '.join(missing)}; run `quotes models download --dir {folder}` "
                   "(the rules engine runs meanwhile)")
    elif local:
        click.echo("Ready for --engine stanza; --engine auto keeps the rules engine, which scores "
                   "better than a small local set")
    else:
        click.echo("Ready: --engine stanza (and auto) will use these models")


@cli.group()
def speakers():
    """List speakers, and merge, split, rename or link them for every later run too."""


def _apply(action, *args):
    """Run an identity action; what it cannot do costs one ``Error:`` line."""
    try:
        return action(*args)
    except curation.IdentityError as error:
        fail(str(error))


def _find(db, ref: str) -> dict:
    return _apply(curation.find_speaker, db, ref)


@speakers.command("list")
@DB_OPTION
@click.option("--kind", type=click.Choice(["person", "organisation", "anonymous"]))
@click.option("--search", help="Only speakers whose name or an alias contains this")
@click.option("--all", "show_all", is_flag=True,
              help="Include speakers known only inside one article (bare surnames, anonymous)")
@click.option("--limit", type=int, default=50, show_default=True)
def list_speakers(db_path, kind, search, show_all, limit):
    """Print speakers, most quoted first: id, quotes, articles, outlets, kind, name."""
    db = _open_existing(db_path)
    click.echo(f"{'id':>6}  {'quotes':>6}  {'articles':>8}  {'outlets':>7}  {'kind':<12}  name")
    shown = 0
    for row in store.speaker_rows(db, kind, search, show_all, limit):
        shown += 1
        click.echo(f"{row['id']:>6}  {row['quote_count']:>6}  {row['articles']:>8}  "
                   f"{row['outlets']:>7}  {row['kind'] or '':<12}  {row['name']}")
    # Say what the list leaves out, so that it squares with the summary's count of speakers.
    every = sum(1 for _ in store.speaker_rows(db, kind, search, True, -1))
    if every > shown:
        options = ([] if show_all else ["--all"]) + ([f"--limit {every}"] if shown == limit else [])
        click.echo(f"{plural(every - shown, 'more speaker')}: {' '.join(options)} shows them")


@speakers.command("show")
@click.argument("name")
@DB_OPTION
def show_speaker(name, db_path):
    """Print one speaker (NAME, any spelling, or id): spellings seen, roles, quotes per outlet.

    NAME is matched as the web look-up matches it (case, accents, transliteration
    and near spellings); the closest speaker is shown.
    """
    db = _open_existing(db_path)
    speaker = _apply(curation.find_speaker, db, name, True)
    scope = (f", only in article {speaker['scope_article_id']}"
             if speaker["scope_article_id"] is not None else "")
    click.echo(f"{speaker['name']} (id {speaker['id']}, {speaker['kind']}{scope}): "
               f"{plural(speaker['quote_count'], 'quote')}")
    link = links.link_of(db, speaker["id"])
    if link:
        click.echo(f"Wikidata: {link[0]}" + (f" ({link[1]})" if link[1] else ""))
    click.echo("Called:")
    for row in store.speaker_aliases(db, speaker["id"]):
        click.echo(f"  {row['alias']}  ({plural(row['articles'], 'article')}: {row['ids']})")
    roles = store.speaker_role_names(db, speaker["id"])
    if roles:
        click.echo("Roles: " + "; ".join(roles))
    click.echo("Quotes per outlet:")
    for row in store.speaker_outlet_counts(db, speaker["id"]):
        click.echo(f"  {row['outlet']}: {plural(row['quote_count'], 'quote')} in "
                   f"{plural(row['article_count'], 'article')}")


@speakers.command("merge")
@click.argument("keep")
@click.argument("other")
@DB_OPTION
def merge_speakers(keep, other, db_path):
    """Fold speaker OTHER into KEEP (names or ids), now and in every later run."""
    db = _open_existing(db_path)
    kept, merged = _find(db, keep), _find(db, other)
    _apply(curation.merge, db, kept, merged)
    count = store.speaker_row(db, kept["id"])["quote_count"]
    click.echo(f"Merged {merged['name']} (id {merged['id']}) into {kept['name']} "
               f"(id {kept['id']}): {plural(count, 'quote')}")


@speakers.command("split")
@click.argument("name")
@click.argument("alias")
@DB_OPTION
def split_speaker(name, alias, db_path):
    """Give speaker NAME's spelling ALIAS a speaker of its own, now and in every later run.

    The quotes that move are NAME's quotes in the articles that spell it ALIAS.
    """
    db = _open_existing(db_path)
    speaker = _find(db, name)
    new_id = _apply(curation.split, db, speaker, alias)
    new = store.speaker_row(db, new_id)
    click.echo(f"Split {alias} (id {new_id}, {plural(new['quote_count'], 'quote')}) from "
               f"{speaker['name']} (id {speaker['id']})")


@speakers.command("rename")
@click.argument("name")
@click.argument("new_name")
@DB_OPTION
def rename_speaker(name, new_name, db_path):
    """Call speaker NAME (or id) NEW_NAME from now on."""
    db = _open_existing(db_path)
    speaker = _find(db, name)
    curation.rename(db, speaker, new_name)
    click.echo(f"Renamed {speaker['name']} (id {speaker['id']}) to {new_name}")


@speakers.command("link")
@click.argument("file", type=click.Path(dir_okay=False))
@DB_OPTION
def link_speakers(file, db_path):
    """Link speakers to Wikidata from FILE (CSV or JSONL: name, aliases, qid, description).

    The speaker called NAME gets the Wikidata id and description, shown and linked
    on its page; speakers stored under an alias are merged into it, and later
    articles that write an alias follow. A name several speakers answer to, or a
    bare surname another known person shares, is left alone and listed. Running
    the same file again changes nothing.
    """
    try:
        rows = links.read_links(file)
    except links.LinkError as error:
        fail(str(error))
    db = _open_existing(db_path)
    report = _apply(links.link_speakers, db, rows)
    for line in report.linked:
        click.echo(f"Linked {line}")
    for line in report.merged:
        click.echo(f"Merged {line}")
    for line in report.skipped:
        click.echo(f"Skipped {line}")
    click.echo(f"{plural(len(rows), 'row')}: {len(report.linked)} linked, "
               f"{plural(len(report.merged), 'speaker')} merged, {report.unchanged} unchanged, "
               f"{len(report.skipped)} left alone")


@cli.group()
def outlets():
    """List outlets, and rename or merge them for every later run too."""


def _outlet(db, ref: str) -> dict:
    return _edit_outlet(outlet_edits.find_outlet, db, ref)


def _edit_outlet(action, *args):
    try:
        return action(*args)
    except outlet_edits.OutletError as error:
        fail(str(error))


@outlets.command("list")
@DB_OPTION
@click.option("--limit", type=int, default=50, show_default=True)
def list_outlets(db_path, limit):
    """Print outlets, most quoted first: id, quotes, articles, name."""
    db = _open_existing(db_path)
    click.echo(f"{'id':>6}  {'quotes':>6}  {'articles':>8}  name")
    for row in outlet_edits.listed(db, limit):
        click.echo(f"{row['id']:>6}  {row['quote_count']:>6}  {row['articles']:>8}  {row['name']}")


@outlets.command("rename")
@click.argument("old")
@click.argument("new")
@DB_OPTION
def rename_outlet(old, new, db_path):
    """Call outlet OLD (name or id) NEW; articles read later as OLD go there too."""
    db = _open_existing(db_path)
    outlet = _outlet(db, old)
    _edit_outlet(outlet_edits.rename, db, outlet, new)
    click.echo(f"Renamed {outlet['name']} (id {outlet['id']}) to {' '.join(new.split())}")


@outlets.command("merge")
@click.argument("keep")
@click.argument("other")
@DB_OPTION
def merge_outlets(keep, other, db_path):
    """Fold outlet OTHER into KEEP (names or ids), now and in every later run."""
    db = _open_existing(db_path)
    kept, merged = _outlet(db, keep), _outlet(db, other)
    _edit_outlet(outlet_edits.merge, db, kept, merged)
    click.echo(f"Merged {merged['name']} (id {merged['id']}) into {kept['name']} (id {kept['id']})")
