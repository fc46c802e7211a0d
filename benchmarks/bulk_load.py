"""The bulk load alone: a new database built from kept ``--spark-tables`` tables, timed.

    python benchmarks/bulk_load.py TABLES_DIR                       # three runs
    python benchmarks/bulk_load.py TABLES_DIR --runs 5 --against 053ea88

``TABLES_DIR`` is what ``extract --spark-tables DIR`` (or ``spark_vs_local.py --keep``)
left: one Parquet folder per table. Each run builds a new database in a temporary folder
with :func:`quotes.run.bulk.load` and prints its wall time, this process's CPU time (all
its threads) and articles a second of each. ``--against REV`` also times the loader as it
was at the git revision ``REV`` (its ``quotes/store/bulk.py``, fed as that revision fed it:
Python tuples, 20,000 rows at a time, before the loader read Arrow), alternately with today's, run for run, so that
both see the same minutes of a busy machine; the ratio of each pair is printed, and the
two databases are compared table by table (every row; the full-text indexes by a search
for each of a few hundred words).
"""
from __future__ import annotations

import argparse
import functools
import inspect
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyarrow.dataset as dataset  # noqa: E402 (imported before any clock starts)
import adbc_driver_sqlite.dbapi  # noqa: E402,F401

from quotes.run import bulk, spark_tables  # noqa: E402
from quotes.store import bulk as bulk_store  # noqa: E402

THREADS: dict[str, float] = {}  # CPU seconds of the last load's threads


def _measured(function, thread: str):
    """``function``, its thread's CPU time noted in :data:`THREADS` as ``thread``."""
    def measured(*args):
        began = time.thread_time()
        try:
            return function(*args)
        finally:
            THREADS[thread] = time.thread_time() - began
    return measured


bulk_store._aside = _measured(bulk_store._aside, "quotes")
bulk_store._fulltext = _measured(bulk_store._fulltext, "full text")
bulk_store._counted = _measured(bulk_store._counted, "counts")


def old_loader(revision: str):
    """A function ``(directory, db_path)`` that loads as ``quotes/store/bulk.py`` at
    ``revision`` did, with Python tuples read as that revision's ``quotes/run/bulk.py`` read them."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:quotes/store/bulk.py"],
                            capture_output=True, text=True, check=True).stdout
    module = types.ModuleType(f"bulk_at_{revision}")
    exec(compile(source, f"{revision}:quotes/store/bulk.py", "exec"), module.__dict__)

    def batches(directory, table, columns):
        for batch in dataset.dataset(f"{directory}/{table}", format="parquet").to_batches(
                columns=list(columns), batch_size=bulk.BATCH_ROWS):
            yield list(zip(*(column.to_pylist() for column in batch.columns)))

    def load(directory, db_path):
        if "read" in inspect.signature(module.load).parameters:  # a revision that reads Arrow
            module.load(db_path, spark_tables.TABLES, functools.partial(bulk.parquet_table, directory))
            return
        module.load(db_path, ((table, columns, batches(directory, table, columns))
                              for table, columns in spark_tables.TABLES.items()))
    return load


def timed(load, directory: str, db_path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one load into a new ``db_path``."""
    for path in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        path.unlink(missing_ok=True)
    THREADS.clear()
    began, cpu, own = time.perf_counter(), time.process_time(), time.thread_time()
    load(directory, str(db_path))
    THREADS["main thread"] = time.thread_time() - own
    return time.perf_counter() - began, time.process_time() - cpu


def differences(one: Path, other: Path) -> list[str]:
    """What differs between two loaded databases: each table's columns, and its rows in the
    columns both have (the full-text
    indexes' own tables left out, the migrations' timestamps too), and the hits and ranks of
    a search for each of 300 words of the quotes in each full-text index."""
    a, b = sqlite3.connect(one), sqlite3.connect(other)
    found = []
    names = [row[0] for row in a.execute("select name from sqlite_master where type = 'table' "
                                         "and name not like '%_fts_%' and name != '_quotes_migrations'")]
    for name in names:
        columns = [[row[1] for row in db.execute(f'pragma table_info("{name}")')] for db in (a, b)]
        shared = [column for column in columns[0] if column in columns[1]]
        if shared != columns[0] or shared != columns[1]:  # one loader's migrations added some
            found.append(f"{name}'s columns (" + ", ".join(
                f"only in {path.stem}: {', '.join(sorted(set(mine) - set(shared))) or 'none'}"
                for path, mine in ((one, columns[0]), (other, columns[1]))) + ")")
        query = f'select {", ".join(chr(34) + column + chr(34) for column in shared)} from "{name}"'
        rows = [db.execute(query).fetchall() for db in (a, b)]
        if rows[0] != rows[1]:  # which columns: an old loader under newer migrations leaves
            # their new columns as the migration made them on an empty database
            differing = [column for number, column in enumerate(shared)
                         if [row[number] for row in rows[0]] != [row[number] for row in rows[1]]]
            found.append(f"rows of {name} ({', '.join(differing) or 'their number'})")
    texts = " ".join(row[0] for row in a.execute("select text from quotes order by id limit 5000"))
    words = sorted({word.lower() for word in re.findall(r"[A-Za-z]{3,}", texts)})
    for word in random.Random(1).sample(words, min(300, len(words))):
        for index in ("quotes_fts", "speakers_fts", "speaker_aliases_fts"):
            query = f"select rowid, bm25({index}) from {index} where {index} match ? order by rowid"
            if a.execute(query, [word]).fetchall() != b.execute(query, [word]).fetchall():
                found.append(f"{index} on {word!r}")
    for db, path in ((a, one), (b, other)):
        if db.execute("pragma integrity_check").fetchall() != [("ok",)]:
            found.append(f"{path}: integrity_check")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", help="a --spark-tables folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="also time the loader at this git revision")
    args = parser.parse_args()
    if not (Path(args.tables) / "articles").is_dir():
        print(f"{args.tables} holds no Parquet tables (no articles/ folder)", file=sys.stderr)
        return 1
    articles = dataset.dataset(f"{args.tables}/articles", format="parquet").count_rows()
    quotes = dataset.dataset(f"{args.tables}/quotes", format="parquet").count_rows()
    loaders = [("new", bulk.load)] + ([(f"at {args.against}", old_loader(args.against))]
                                      if args.against else [])
    print(f"{args.tables}: {articles:,} articles, {quotes:,} quotes; {args.runs} runs each, alternately")
    print(f"  {'loader':<14} {'wall s':>7} {'cpu s':>7} {'articles/s':>11} {'per cpu s':>10}")
    seen: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in loaders}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            for name, load in loaders if run % 2 == 0 else loaders[::-1]:
                wall, cpu = timed(load, args.tables, Path(tmp) / f"{name.split()[0]}.db")
                seen[name].append((wall, cpu))
                threads = ", ".join(f"{thread} {seconds:.2f}" for thread, seconds in THREADS.items()
                                    if len(THREADS) > 1)
                print(f"  {name:<14} {wall:7.2f} {cpu:7.2f} {articles / wall:11.0f} {articles / cpu:10.0f}"
                      + (f"   cpu s: {threads}, Arrow's readers and the rest "
                         f"{cpu - sum(THREADS.values()):.2f}" if threads else ""), flush=True)
        print("\n  median (min)")
        for name, times in seen.items():
            walls, cpus = [w for w, _ in times], [c for _, c in times]
            print(f"  {name:<14} wall {statistics.median(walls):5.2f} s ({min(walls):.2f}): "
                  f"{articles / statistics.median(walls):5.0f} articles/s ({articles / min(walls):.0f}); "
                  f"cpu {statistics.median(cpus):5.2f} s ({min(cpus):.2f}): "
                  f"{articles / statistics.median(cpus):5.0f} articles a cpu second")
        if args.against:
            old = seen[loaders[1][0]]
            ratios = [(o[0] / n[0], o[1] / n[1]) for o, n in zip(old, seen["new"])]
            print("  old/new, run by run: wall " + ", ".join(f"{w:.2f}" for w, _ in ratios)
                  + "; cpu " + ", ".join(f"{c:.2f}" for _, c in ratios))
            found = differences(Path(tmp) / "at.db", Path(tmp) / "new.db")
            print("  the two databases: " + ("the same rows, searches and integrity" if not found
                                             else "DIFFER: " + "; ".join(found[:10])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
