"""End-to-end throughput of `quotes extract` as the corpus (and the database) grows.

    python benchmarks/throughput.py                       # PolNeAR train ×1 and ×10, 3 runs of ×1
    python benchmarks/throughput.py --copies 1 10 20 --runs 1 --jobs 2
    python benchmarks/throughput.py --copies 10 120 --then 5  # and the rate at 8,400 and 100,800

Corpus ×N is N copies of PolNeAR train (840 articles), each copy with its own
sources and outlet and a line of its own at the end of every article, so every
article is new and the same quotes recur across outlets as wire copy does.
Each copy is one .jsonl file. Every run starts from a fresh database and runs
`python -m quotes extract` as a user would (default settings unless --jobs or
--batch are given), printing per run: articles a second by the wall clock,
articles per CPU second (all processes; on a shared machine this is the
steadier figure), the peak resident memory of the whole process tree (writer
plus workers, sampled every 50 ms), and the database size. With --then N, N
more copies then go into the database each corpus made, and their line
(+840×N) is the rate at that size, which is what an extrapolation to a larger
corpus needs (a new process starts with a cold cache, so N of 5 or more).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "polnear" / "train" / "text"


def write_corpus(folder: Path, copies: int) -> tuple[list[Path], int]:
    """``copies`` .jsonl files of PolNeAR train, each copy new articles from a new outlet."""
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in sorted(TRAIN.glob("*.txt"))]
    files = []
    for copy in range(copies):
        path = folder / f"copy{copy:03}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for name, text in texts:
                record = {"source": f"copy{copy}/{name}", "outlet": f"Outlet {copy}",
                          "text": f"{text.rstrip()}\n\nReporting by desk {copy}.\n"}
                out.write(json.dumps(record) + "\n")
        files.append(path)
    return files, copies * len(texts)


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def run_once(files: list[Path], db: Path, options: list[str], fresh: bool = True) -> dict:
    for suffix in ("", "-wal", "-shm") if fresh else ():
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    before = os.times()
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "quotes", "extract", *map(str, files),
                                "--db", str(db), *options],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - started
    after = os.times()
    summary = process.stderr.read().decode().strip().splitlines()
    if process.returncode:
        raise SystemExit(f"extract failed: {summary[-3:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    size = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())
    return {"wall": wall, "cpu": cpu, "peak": peak, "mb": size / 1e6, "summary": summary[-1]}


def print_row(label: str, run: int, count: int, result: dict) -> None:
    print(f"{label}  {run:>3}  {result['wall']:>7.1f}  {count / result['wall']:>6.1f}  "
          f"{count / result['cpu']:>9.1f}  {result['peak'] / 1e6:>11.0f}  "
          f"{result['mb']:>6.1f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10],
                        help="corpus sizes, in copies of PolNeAR train")
    parser.add_argument("--runs", type=int, default=3, help="runs of the ×1 corpus (larger: one)")
    parser.add_argument("--jobs", help="passed to extract --jobs (default: extract's own)")
    parser.add_argument("--batch", help="passed to extract --batch")
    parser.add_argument("--then", type=int, default=0, metavar="COPIES",
                        help="after each corpus, extract this many more copies (840 new articles "
                             "each) into the database it made: the rate at that size, not the "
                             "average from empty")
    parser.add_argument("--extrapolate", type=int, default=1_000_000, metavar="ARTICLES",
                        help="with --then and two corpus sizes or more: how long this many "
                             "articles would take (default: a million)")
    args = parser.parse_args()
    if not TRAIN.is_dir():
        print(f"{TRAIN} is not here; this benchmark needs PolNeAR train", file=sys.stderr)
        return 1
    options = [*(["--jobs", args.jobs] if args.jobs else []),
               *(["--batch", args.batch] if args.batch else [])]
    print(f"cores: {len(os.sched_getaffinity(0))}, load average: {os.getloadavg()[0]:.1f}, "
          f"options: {' '.join(options) or '(defaults)'}")
    print(f"{'articles':>8}  {'run':>3}  {'wall s':>7}  {'art/s':>6}  {'art/CPU s':>9}  "
          f"{'peak RSS MB':>11}  {'db MB':>6}")
    at_size: list[tuple[int, float]] = []  # (articles in the database, the rate into it)
    whole = (0, 0.0)  # the largest corpus: articles and wall seconds from empty
    with tempfile.TemporaryDirectory(prefix="quotes-throughput-") as tmp:
        for copies in args.copies:
            folder = Path(tmp) / f"x{copies}"
            folder.mkdir()
            files, written = write_corpus(folder, copies + args.then)
            per_copy = written // len(files)
            count = per_copy * copies
            rates = []
            for run in range(args.runs if copies == 1 else 1):
                result = run_once(files[:copies], Path(tmp) / "bench.db", options)
                rates.append(count / result["wall"])
                print_row(f"{count:>8}", run + 1, count, result)
            if len(rates) > 1:
                print(f"{count:>8}  min/median/max articles/s: {min(rates):.1f} / "
                      f"{statistics.median(rates):.1f} / {max(rates):.1f}")
            print(f"          {result['summary']}")
            whole = (count, result["wall"])
            if args.then:
                more = per_copy * args.then
                result = run_once(files[copies:], Path(tmp) / "bench.db", options, fresh=False)
                print_row(f"+{more:>7}", 1, more, result)
                print(f"          the next {more} articles into the {count}-article database")
                at_size.append((count, more / result["wall"]))
    if len(at_size) >= 2 and args.extrapolate > whole[0]:
        print_extrapolation(at_size[-2:], whole, args.extrapolate)
    return 0


def print_extrapolation(at_size: list[tuple[int, float]], whole: tuple[int, float], target: int) -> None:
    """How long ``target`` articles would take: the largest corpus as measured, then the rest at
    the rate measured into its database, either held (flat) or falling on as between the two
    database sizes measured, an article's time growing with the logarithm of the size."""
    (small, small_rate), (large, large_rate) = at_size
    measured, wall = whole
    per_decade = (1 / large_rate - 1 / small_rate) / math.log10(large / small)
    steps, log_time = 1000, 0.0
    for step in range(steps):  # midpoint rule over the articles still to come
        size = measured + (step + 0.5) * (target - measured) / steps
        log_time += (1 / large_rate + per_decade * math.log10(size / large)) * (target - measured) / steps
    flat_time = (target - measured) / large_rate
    print(f"{target:,} articles: {(wall + log_time) / 3600:.2f} h if an article's time keeps growing "
          f"with log(size) as from {small:,} to {large:,} articles "
          f"({large_rate / small_rate:.0%} of the rate); {(wall + flat_time) / 3600:.2f} h at the "
          f"rate into the {large:,}-article database held; both after the {measured:,} measured "
          f"({wall:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())
