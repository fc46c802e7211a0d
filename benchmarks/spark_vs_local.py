"""`quotes extract --spark local[2]` against the local run, and where the one writer binds.

    python benchmarks/spark_vs_local.py                       # PolNeAR train, ../shared
    python benchmarks/spark_vs_local.py FOLDER --master 'local[2]'

Three measurements on the same inputs and a fresh database each:

1. end to end, as a user runs them: ``quotes extract FOLDER`` (with ``--jobs 2``
   when this checkout's extract has it) against ``quotes extract FOLDER --spark
   MASTER``, JVM start included; the two databases must export the same rows;
2. the Spark run taken apart, in this process: starting the session, the job
   until its first result reaches the driver (the first wave's reading,
   extraction and ordering shuffle on the executors), the commit stage on the
   driver, and the time the driver waited for later waves;
3. the extract stage alone on one core, no database, to say how many executor
   cores one writer can keep up with.
"""
from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes.readers import inputs as read  # noqa: E402
from quotes.run import spark
from quotes import store
from quotes.commit import commit_article  # noqa: E402
from quotes.extract.article import extract_article  # noqa: E402
from quotes.model import Extracted  # noqa: E402

ENGINE = "rules"


def run_cli(*args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "quotes", "extract", *args, "--engine", ENGINE],
                          cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"quotes extract {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return elapsed


def local_flags() -> list[str]:
    """``--jobs 2`` where the speed work gave extract that option; the plain run otherwise."""
    help_text = subprocess.run([sys.executable, "-m", "quotes", "extract", "--help"], cwd=ROOT,
                               capture_output=True, text=True).stdout
    return ["--jobs", "2"] if "--jobs" in help_text else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared/polnear/train/text"))
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"{folder} is not here (the ../shared data sets are needed)", file=sys.stderr)
        return 1
    articles = [a for a in read.read_articles([folder]) if not isinstance(a, (read.Problem, read.Notice))]
    size = sum(len(a.text) for a in articles)
    print(f"inputs: {folder}: {len(articles)} articles, {size / 1e6:.1f} M characters; engine {ENGINE}")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        flags = local_flags()
        local = run_cli(str(folder), "--db", str(tmp / "local.db"), *flags)
        on_spark = run_cli(str(folder), "--db", str(tmp / "spark.db"), "--spark", args.master)
        same = (list(store.export_rows(store.open_db(tmp / "local.db")))
                == list(store.export_rows(store.open_db(tmp / "spark.db"))))
        label = "local run" + (" --jobs 2" if flags else " (one process; this extract has no --jobs)")
        print("\n1. end to end (each command in a fresh process)")
        print(f"   {label:<52} {local:7.1f} s  {len(articles) / local:6.1f} articles/s")
        print(f"   {'--spark ' + args.master + ', JVM start included':<52} {on_spark:7.1f} s  "
              f"{len(articles) / on_spark:6.1f} articles/s")
        print(f"   overhead of Spark: {on_spark - local:+.1f} s ({on_spark / local:.2f}x the local run); "
              f"same exported rows: {same}")

        started = time.perf_counter()
        session, _ = spark.start(args.master)
        up = time.perf_counter()
        files = [f for f in spark.list_inputs(session, [folder]) if isinstance(f, spark.InputFile)]
        factory = functools.partial(spark.build_engine, ENGINE, None, "en")
        db = store.open_db(tmp / "parts.db")
        first = committing = None
        for item in spark.read_on_spark(session, files, factory):
            if first is None:
                first = time.perf_counter()
            if isinstance(item, Extracted):
                begin = time.perf_counter()
                commit_article(db, item)
                committing = (committing or 0) + time.perf_counter() - begin
        done = time.perf_counter()
        session.stop()
        print(f"\n2. the Spark run taken apart ({args.master})")
        print(f"   start the session (JVM, Python workers)     {up - started:7.1f} s")
        print(f"   job until the first result on the driver    {first - up:7.1f} s  "
              f"(the first wave read, extracted and ordered)")
        print(f"   commit stage on the driver                  {committing:7.1f} s  "
              f"({len(articles) / committing:.1f} articles/s, "
              f"{1000 * committing / len(articles):.1f} ms per article)")
        print(f"   waiting for later waves, streaming them back {done - first - committing:6.1f} s")

    engine = factory()
    begin = time.perf_counter()
    for article in articles:
        extract_article(article, engine)
    alone = time.perf_counter() - begin
    cores = alone / committing  # the writer's articles per second over one core's
    print(f"\n3. the extract stage alone, one core, no database: {alone:.1f} s "
          f"({1000 * alone / len(articles):.1f} ms per article)")
    print(f"   one writer keeps up with about {cores:.1f} executor cores of extraction "
          f"({ENGINE} engine); beyond that the commit stage sets the pace: "
          f"{3600 * len(articles) / committing / 1e3:.0f}k articles an hour, "
          f"{24 * 3600 * len(articles) / committing / 1e6:.1f} M a day")
    return 0


if __name__ == "__main__":
    sys.exit(main())
