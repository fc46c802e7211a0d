"""Both stages over a stream of articles: extract in a process pool, commit in order.

The extract stage is pure, so ``jobs`` worker processes can run it side by
side; the commit stage has one writer (this process) that stores each
article's results in input order, whatever order the workers finish in, so
the database comes out the same for any ``jobs``. The writer commits a
transaction every ``batch`` articles, or every few seconds when articles come
slowly (each article inside its own savepoint):
one sync per batch instead of one per article, and an interrupted run loses
at most the batch in flight, which a re-run redoes. An article already
stored is skipped before the engine runs, so a re-run costs only the reading.
"""
from __future__ import annotations

import collections
import contextlib
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

import sqlite_utils

from quotes import store
from quotes.commit import Outcome, commit_article
from quotes.extract.article import extract_article
from quotes.model import Article, Extracted
from quotes.engines.registry import Engine

BATCH = 200  # articles per transaction
BATCH_SECONDS = 5.0  # ... or fewer, when they come slowly (URLs fetched politely)
CHUNK = 8  # articles per task sent to a worker process
AHEAD = 4  # tasks in flight per worker: enough to keep them busy, bounded memory


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def process_article(db: sqlite_utils.Database, engine: Engine, article: Article) -> Outcome:
    """Extract and commit one article, unless the database has it already."""
    if store.has_article(db, article):
        return Outcome("skipped")
    return commit_article(db, extract_article(article, engine))


class Opened:
    """A database opened when the first article needs it: a run that reads nothing writes nothing."""

    def __init__(self, opener: Callable[[], sqlite_utils.Database]):
        self.opener, self.db = opener, None

    def __call__(self) -> sqlite_utils.Database:
        if self.db is None:
            self.db = self.opener()
        return self.db


def run(db: sqlite_utils.Database | Opened, items: Iterable, engine: Engine, jobs: int = 1,
        batch: int = BATCH, build: Callable[[], Engine] | None = None) -> Iterator[tuple]:
    """``(item, Outcome)`` for each :class:`Article` in ``items``, in input order.

    Anything in ``items`` that is not an article (a reading problem) comes
    back as ``(item, None)`` in its place. An ``(article, engine)`` pair is an
    article with its own engine (a CoNLL-U document's trees); those run in
    this process, so they need ``jobs`` = 1; an :class:`Extracted` (found elsewhere,
    by Spark) goes straight to the writer. ``db`` may be an :class:`Opened`, opened at
    the first article. With ``jobs`` > 1, each worker
    process gets its engine from ``build``, a picklable zero-argument
    callable (an engine holding models does not travel between processes).
    """
    database = db if isinstance(db, Opened) else Opened(lambda: db)
    # closing(): the workers end when this does, not when the garbage collector gets to them
    # (an interrupt's traceback keeps this frame alive until the process exits)
    with (_second_interrupt_exits(), _Writer(database, batch) as writer,
          contextlib.closing(_extracted(database, items, engine, jobs, build)) as found):
        for item, extracted in found:
            if isinstance(extracted, Extracted):
                yield item, writer.commit(extracted)
            else:  # an Outcome (skipped, failed), or None for what is not an article
                yield item, extracted


INTERRUPTED = 130  # a shell's exit status for a process ended by Ctrl-C (128 + SIGINT)


@contextlib.contextmanager
def _second_interrupt_exits() -> Iterator[None]:
    """Ctrl-C once: an orderly stop; twice: out at once, whatever the first one is doing.

    The first raises :class:`KeyboardInterrupt` as usual: the batch in flight
    rolls back, the workers are ended (:func:`_extracted`), what was committed
    stays. A second one during that shutdown used to land inside it (joining
    the pool's threads) and hang the run for good; now it kills the workers
    and leaves with status 130 at once. The database needs nothing more:
    SQLite drops a transaction that never committed when the file is next opened.
    Only in the main thread, and only where Ctrl-C has Python's default handler.
    """
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield
        return
    signal.signal(signal.SIGINT, _first_interrupt)
    try:
        yield
    finally:  # once interrupted, the next Ctrl-C still leaves at once, right to the process's end
        if signal.getsignal(signal.SIGINT) is _first_interrupt:
            signal.signal(signal.SIGINT, signal.default_int_handler)


def _first_interrupt(signum, frame) -> None:
    signal.signal(signal.SIGINT, _second_interrupt)
    raise KeyboardInterrupt


def _second_interrupt(signum, frame) -> None:
    for child in multiprocessing.active_children():
        child.kill()
    os._exit(INTERRUPTED)


class _Writer:
    """Commits extracted articles, one transaction per ``batch`` of them."""

    def __init__(self, database: Opened, batch: int):
        self.database, self.batch, self.pending, self.began = database, max(1, batch), 0, 0.0
        self.transaction: contextlib.ExitStack | None = None

    def commit(self, extracted: Extracted) -> Outcome:
        db = self.database()
        if self.transaction is None:  # the write lock, taken as any writer takes it
            self.transaction = contextlib.ExitStack()
            self.transaction.enter_context(store.writing(db))
            self.began = time.monotonic()
        try:
            outcome = commit_article(db, extracted)  # a savepoint inside the batch
        except Exception as error:  # one bad article must not stop the run ...
            if store.is_database_fault(error):  # ... but a full disk or a read-only file does:
                raise  # every later article would fail alike; the batch in flight rolls back
            outcome = Outcome.failed(error)
        self.pending += 1
        if self.pending >= self.batch or time.monotonic() - self.began > BATCH_SECONDS:
            self.flush()
        return outcome

    def flush(self) -> None:
        if self.transaction is not None:
            transaction, self.transaction = self.transaction, None
            transaction.close()  # commits
        self.pending = 0

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None or kind is GeneratorExit:
            self.flush()
        elif self.transaction is not None:  # interrupted: the batch in flight is lost, and redone
            transaction, self.transaction = self.transaction, None
            transaction.__exit__(kind, error, trace)  # rolls back


def _extracted(database: Opened, items, engine, jobs, build) -> Iterator[tuple]:
    """Each item with what the extract stage made of it, in input order."""
    if jobs <= 1:
        for item in items:
            own = item if isinstance(item, tuple) else (item, engine)
            yield own[0], _extract_one(database, *own)
        return
    if build is None:
        raise ValueError("jobs > 1 needs build, to make each worker's engine")
    window: collections.deque[tuple[list, list[bool], Future | None]] = collections.deque()
    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(build,))
    try:
        for chunk in _chunks(items, CHUNK):
            todo = [isinstance(item, Article) and not store.has_article(database(), item)
                    for item in chunk]
            articles = [item for item, needed in zip(chunk, todo) if needed]
            window.append((chunk, todo, pool.submit(_extract_chunk, articles) if articles else None))
            if len(window) >= AHEAD * jobs:
                yield from _finished(*window.popleft())
        while window:
            yield from _finished(*window.popleft())
    except BaseException:
        _end_now(pool)  # interrupted, or the writer stopped: waiting for the queued work is no stop
        raise
    pool.shutdown()


def _end_now(pool: ProcessPoolExecutor) -> None:
    """The pool's queued work dropped and its workers killed, without waiting for their work
    (only for the pool's own thread to see them gone, moments)."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)  # shutdown() forgets it
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.kill()
    # The pool's own thread sees its workers die and ends within moments. Left running, it
    # could close its wake-up pipe while Python's exit hook writes to it (a race in
    # CPython 3.11), which printed a traceback after "Interrupted". A second Ctrl-C still
    # leaves at once (_second_interrupt).
    if manager is not None:
        manager.join(timeout=5)


def _finished(chunk: list, todo: list[bool], future: Future | None) -> Iterator[tuple]:
    """A chunk's items with the workers' results (an article stored before: skipped)."""
    done = iter(future.result() if future else ())
    for item, needed in zip(chunk, todo):
        if needed:
            yield item, next(done)  # the writer skips it too if this run stored it meanwhile
        else:
            yield item, _as_is(item)


def _as_is(item) -> Extracted | Outcome | None:
    """What an item the workers do not extract stands for: itself when extracted already,
    a skip for an article stored before, nothing for a reading problem or notice."""
    if isinstance(item, Extracted):
        return item
    return Outcome("skipped") if isinstance(item, Article) else None


def _extract_one(database: Opened, item, engine: Engine):
    if not isinstance(item, Article):
        return _as_is(item)
    if store.has_article(database(), item):
        return Outcome("skipped")
    try:
        return extract_article(item, engine)
    except Exception as error:
        return Outcome.failed(error)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_engine: Engine | None = None  # each worker process's own engine


def _start_worker(build: Callable[[], Engine]) -> None:
    global _engine
    # Ctrl-C reaches the whole process group; the writer decides what it means and ends the
    # workers itself, rather than each worker dying mid-task with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _leave_with_the_writer(os.getppid())
    _engine = build()
    # The engine, its word lists and the modules live as long as the worker: out of the
    # garbage collector's sight, its full passes no longer walk them (1.5% of the engine).
    gc.freeze()


def _leave_with_the_writer(writer: int) -> None:
    """End this worker once the process that started it is gone.

    A writer killed outright (kill -9, the machine's memory killer) cannot end
    its pool, and a worker that ignores Ctrl-C would then wait for work for ever,
    holding its memory. A daemon thread looks at the parent once a second.
    """
    def watch() -> None:
        while os.getppid() == writer:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="quotes-writer-watch", daemon=True).start()


def _extract_chunk(articles: list[Article]) -> list[Extracted | Outcome]:
    found = []
    for article in articles:
        try:
            found.append(extract_article(article, _engine))
        except Exception as error:
            found.append(Outcome.failed(error))
    return found
