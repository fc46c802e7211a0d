"""How long do templated quotes take to commit? Prints figures; asserts nothing.

    python benchmarks/templated.py                 # 200 and 400 articles
    python benchmarks/templated.py --articles 200 400 800

Each article is 25 paragraphs of ``"We will fix road N soon," Mayor Ana Ruiz
said.`` with N different in every quote: one speaker, many statements that
share all their words but a number (a city's press releases, a sports
results page). Such quotes are different statements, and each one should
cost the writer the same whatever number came before it, so the time
should grow linearly with the articles. Prints, per corpus: seconds by the
wall clock and of CPU (the steadier figure on a shared machine), articles a
second, quotes and statements stored.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import quotes  # noqa: E402

PARAGRAPHS = 25


def article(number: int) -> str:
    """One article of templated quotes, each with a road number of its own."""
    first = number * PARAGRAPHS
    return "\n\n".join(f'"We will fix road {first + i} soon," Mayor Ana Ruiz said.'
                       for i in range(PARAGRAPHS)) + "\n"


def run(articles: int) -> tuple[float, float, int, int]:
    """Wall and CPU seconds to store ``articles`` templated articles, quotes and statements
    stored."""
    with tempfile.TemporaryDirectory() as folder:
        tracker = quotes.Tracker(Path(folder) / "templated.db", engine="rules")
        start, cpu = time.perf_counter(), time.process_time()
        for number in range(articles):
            tracker.add(article(number), source=f"town-{number}.txt", outlet=f"Outlet {number % 7}")
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        stored = tracker.db.execute("select count(*) from quotes").fetchone()[0]
        statements = tracker.db.execute("select count(*) from clusters").fetchone()[0]
        tracker.db.close()
    return seconds, cpu, stored, statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[200, 400])
    for articles in parser.parse_args().articles:
        seconds, cpu, stored, statements = run(articles)
        print(f"{articles:5} articles: {seconds:7.1f} s  {cpu:7.1f} CPU s  "
              f"{articles / seconds:6.1f} articles/s"
              f"  {stored} quotes  {statements} statements", flush=True)


if __name__ == "__main__":
    main()
