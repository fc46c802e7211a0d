"""Reading a big JSON Lines file keeps memory flat, however big the file. Prints figures.

    python benchmarks/jsonl_memory.py                # files of 64 and 256 MB
    python benchmarks/jsonl_memory.py --mb 32 128

Writes a JSONL file of news-sized records (a 226 MB file once took 712 MB of
memory, read whole), then reads it through :func:`quotes.read.read_articles`
in a fresh process, counting articles, and prints the time and that process's
peak resident memory. Streaming means the peak is about the same for every size.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = ('"We will rebuild the harbour wall before the winter storms," Mayor Ana Ruiz said on '
             "Monday, adding that engineers had checked every block. ")

READER = """
import resource, sys, time
sys.path.insert(0, {root!r})
from quotes.readers import inputs as read
started = time.perf_counter()
articles = sum(1 for item in read.read_articles([{path!r}]) if isinstance(item, read.Article))
print(articles, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def write_jsonl(path: Path, megabytes: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        written, n = 0, 0
        while written < megabytes * 1_000_000:
            line = json.dumps({"text": f"Story {n}.\n\n" + PARAGRAPH * 30, "outlet": "Wire"}) + "\n"
            out.write(line)
            written += len(line)
            n += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, nargs="+", default=[64, 256])
    args = parser.parse_args()
    print(f"{'file MB':>8} {'articles':>9} {'seconds':>8} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in args.mb:
            path = Path(folder) / f"big-{megabytes}.jsonl"
            write_jsonl(path, megabytes)
            done = subprocess.run([sys.executable, "-c", READER.format(root=str(ROOT), path=str(path))],
                                  capture_output=True, text=True, check=True)
            articles, seconds, peak = done.stdout.split()
            print(f"{path.stat().st_size / 1e6:>8.0f} {int(articles):>9} {float(seconds):>8.1f} "
                  f"{float(peak):>12.0f}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
