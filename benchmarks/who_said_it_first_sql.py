"""who_said_it_first's SQL alone, this tree's against another revision's: time and rows.
Prints figures; asserts nothing.

    python benchmarks/who_said_it_first_sql.py /tmp/q1m.db --against 0b18549

Runs the canned query of ``metadata.yml`` (this tree's, and the one ``git show
REV:metadata.yml`` gives) in turns on a read-only connection with the plugin's SQL
functions, for the first one to three words of random quotes and a few fixed texts
(very common words, blank, a lone quotation mark, a word in no quote), and prints each
text's time both ways, how many give different rows, and the medians.
"""
from __future__ import annotations

import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import click
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes.web.sql_functions import prepare_connection  # noqa: E402


def query_of(text: str) -> str:
    return yaml.safe_load(text)["databases"]["quotes"]["queries"]["who_said_it_first"]["sql"]


@click.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--against", "rev", default="HEAD", show_default=True, help="The revision to compare with")
@click.option("--texts", default=12, show_default=True, help="Random quotes, each cut to 1, 2 and 3 words")
@click.option("--seed", default=1, show_default=True)
def main(db_path, rev, texts, seed):
    ours = query_of((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    theirs = query_of(subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:metadata.yml"],
                                     capture_output=True, text=True, check=True).stdout)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    prepare_connection(conn)
    quotes = [row[0] for row in conn.execute("select text from quotes order by id")]
    rng = random.Random(seed)
    sample = [" ".join(rng.choice(quotes).split()[:n]) for n in (1, 2, 3) for _ in range(texts)]
    sample += ["the", "said", "we will", "", '"', "zzzqqq"]
    differ, times = 0, {"ours": [], "theirs": []}
    print(f"{'ours ms':>8} {'theirs ms':>9} same  text")
    for text in sample:
        found = {}
        for side, sql in (("theirs", theirs), ("ours", ours)):
            started = time.perf_counter()
            found[side] = conn.execute(sql, {"text": text}).fetchall()
            times[side].append((time.perf_counter() - started) * 1000)
        same = found["ours"] == found["theirs"]
        differ += not same
        print(f"{times['ours'][-1]:>8.1f} {times['theirs'][-1]:>9.1f} {'yes ' if same else 'NO  '}  {text!r}")
    print(f"{len(sample)} texts, {differ} give different rows")
    for words in (1, 2, 3):  # the random texts of that many words
        part = slice((words - 1) * texts, words * texts)
        print(f"{words} word{'s' if words > 1 else ' '}: median ms ours {statistics.median(times['ours'][part]):.1f},"
              f" {rev}'s {statistics.median(times['theirs'][part]):.1f}")


if __name__ == "__main__":
    main()
