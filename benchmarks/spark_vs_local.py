"""Local runs against Spark runs (``local[2]`` and a two-worker standalone cluster), with
the commit stage on the driver and on the cluster (``--spark-tables``, the bulk load timed apart).

    python benchmarks/spark_vs_local.py                    # PolNeAR train x10 and x30, ../shared
    python benchmarks/spark_vs_local.py --times 1 --times 10
    python benchmarks/spark_vs_local.py --skip local       # leave out a kind of run

The inputs are PolNeAR train's 840 articles copied ``--times`` times (each copy its own
JSON Lines file, its sources prefixed ``copyN/``, so every article is new to the
database). For each size, on a fresh database each:

- ``local``: ``quotes extract`` in a fresh process (``--jobs`` worker processes, one writer);
- ``local[2]`` and ``standalone`` (a master and two one-core workers on 127.0.0.1 started
  from pyspark's ``spark-class``, ``scripts/spark_standalone.py``): ``extract --spark``
  with the commit stage on the driver (JVM start not included: the session is started
  first), whose database must export the local run's rows; then ``--spark-tables``:
  extraction and the tables on the cluster, and the bulk load into SQLite on the driver,
  timed apart.

Articles a second, and per core (every run here has two cores), for each; then what
100 million articles would cost on a 50-node cluster at the measured per-core rates.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from quotes import api, store  # noqa: E402
from quotes.readers import inputs as read  # noqa: E402
from quotes.model import Article  # noqa: E402
from quotes.run import bulk, events, spark  # noqa: E402
from spark_standalone import Standalone  # noqa: E402

ENGINE = "rules"
CORES = 2  # local[2], two workers of one core, --jobs 2
NODES, CORES_PER_NODE, TARGET = 50, 16, 100_000_000


def copies(source: Path, times: int, folder: Path) -> int:
    """PolNeAR train ``times`` over as JSON Lines files in ``folder``; how many articles."""
    articles = [a for a in read.read_articles([source]) if isinstance(a, Article)]
    folder.mkdir(parents=True)
    for copy in range(times):
        with open(folder / f"copy{copy:03d}.jsonl", "w") as out:
            for article in articles:
                out.write(json.dumps({"source": f"copy{copy}/{article.source}", "text": article.text})
                          + "\n")
    return len(articles) * times


def local_run(folder: Path, db: Path) -> float:
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "quotes", "extract", str(folder), "--db", str(db),
                           "--engine", ENGINE, "--jobs", str(CORES)],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode:
        sys.exit(f"the local run failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - began


def spark_runs(master: str, folder: Path, tmp: Path, name: str, driver: bool) -> dict[str, float]:
    """The commit stage on the driver (unless not ``driver``), then on the cluster (tables,
    and the load apart)."""
    session, started = spark.start(master)
    try:
        session.range(4).count()  # the executors up before the clock starts
        began = time.perf_counter()
        for event in api.extract([str(folder)], tmp / f"{name}.db", engine=ENGINE, spark=master) \
                if driver else ():
            if isinstance(event, events.Problem):
                sys.exit(f"{name}: {event}")
        driver = time.perf_counter() - began if driver else None
        files = list(spark.list_inputs(session, [str(folder)]))
        factory = functools.partial(spark.build_engine, ENGINE, None, "en")
        outcome = bulk.run(session, files, factory, None, None, str(tmp / f"{name}-tables"),
                           str(tmp / f"{name}-bulk.db"), read.MAX_CHARS)
    finally:
        if started:
            session.stop()
    return {"driver": driver, "cluster": outcome.cluster_seconds, "load": outcome.load_seconds,
            "load cpu": outcome.load_cpu_seconds, "articles": outcome.articles}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared/polnear/train/text"))
    parser.add_argument("--times", type=int, action="append", help="copies of the inputs (10 and 30)")
    parser.add_argument("--keep", help="a folder to keep the inputs, tables and databases in "
                        "(to time the bulk load again); by default a temporary one")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["local", "local[2]", "standalone", "driver"],
                        help="leave out a kind of run (driver: --spark with the commit stage on the driver)")
    args = parser.parse_args()
    source = Path(args.folder)
    if not source.is_dir():
        print(f"{source} is not here (the ../shared data sets are needed)", file=sys.stderr)
        return 1
    rates = {}
    for times in args.times or [10, 30]:
        with (contextlib.nullcontext(args.keep) if args.keep else tempfile.TemporaryDirectory()) as tmp:
            tmp = Path(tmp) / f"x{times}" if args.keep else Path(tmp)
            n = copies(source, times, tmp / "in")
            print(f"\nPolNeAR train x{times}: {n} articles, engine {ENGINE}, {CORES} cores each run "
                  f"(a 2-core machine shared with other work: figures move by a third)", flush=True)
            print(f"  {'run':<44} {'seconds':>8} {'articles/s':>11} {'per core':>9}")

            def show(label, seconds, articles=n):
                print(f"  {label:<44} {seconds:8.1f} {articles / seconds:11.1f} "
                      f"{articles / seconds / CORES:9.1f}", flush=True)

            if "local" not in args.skip:
                seconds = local_run(tmp / "in", tmp / "local.db")
                show(f"local: extract --jobs {CORES}, one writer", seconds)
            masters = []
            if "local[2]" not in args.skip:
                masters.append(("local2", "local[2]", None))
            if "standalone" not in args.skip:
                masters.append(("standalone", None, Standalone(tmp / "standalone", workers=2, cores=1)))
            for name, master, cluster in masters:
                if cluster:
                    cluster.__enter__()
                    master = cluster.master
                try:
                    got = spark_runs(master, tmp / "in", tmp, name, "driver" not in args.skip)
                finally:
                    if cluster:
                        cluster.stop()
                if got["driver"]:
                    show(f"{name}: --spark, commit on the driver", got["driver"])
                    if (tmp / "local.db").exists():
                        print("    the same exported rows as the local run: " + str(
                            list(store.export_rows(store.open_db(tmp / "local.db")))
                            == list(store.export_rows(store.open_db(tmp / f"{name}.db")))))
                show(f"{name}: --spark-tables, on the cluster", got["cluster"])
                show(f"{name}: --spark-tables, bulk load (driver)", got["load"])
                show(f"{name}:   the bulk load, its own CPU time", got["load cpu"])
                show(f"{name}: --spark-tables, both", got["cluster"] + got["load"])
                rates[name] = (n / got["cluster"] / CORES, n / got["load"],
                               n / got["driver"] if got["driver"] else None)
    if "standalone" in rates or "local2" in rates:
        per_core, load, driver = rates.get("standalone") or rates["local2"]
        cores = NODES * CORES_PER_NODE
        cluster_hours = TARGET / (per_core * cores) / 3600
        load_hours = TARGET / load / 3600
        print(f"\n{TARGET / 1e6:.0f} M articles on {NODES} nodes of {CORES_PER_NODE} cores ({cores} cores), "
              f"at the largest run's rates:")
        print(f"  extraction and tables on the cluster: {per_core:.1f} articles/s a core -> "
              f"{cluster_hours:.1f} h")
        print(f"  bulk load into SQLite, one driver: {load:.0f} articles/s -> {load_hours:.1f} h")
        if driver:
            print(f"  commit stage on the driver instead (extract --spark): {driver:.0f} articles/s -> "
                  f"{TARGET / driver / 86400:.0f} days")
        print(f"  the limit is the {'bulk load' if load_hours > cluster_hours else 'cluster'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
