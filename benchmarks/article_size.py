"""Does one long article cost time in proportion to its length? Prints figures; asserts nothing.

    python benchmarks/article_size.py                 # 0.5, 1, 2 and 4 MB
    python benchmarks/article_size.py --sizes 0.25,0.5 --engine rules

Each article is news text joined into one file (PolNeAR's articles from
../shared when present, else the bundled samples), cut to the size, and run
through both stages (extract, then commit into a fresh SQLite file) as
``quotes extract`` runs it. A flat "s/MB" column means no step is super-linear
in article length. Also times the pathological one-liner ``Mr.Smith said"``
repeated, which once took 32 s at 70,000 repetitions.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes import store  # noqa: E402
from quotes.commit import commit_article  # noqa: E402
from quotes.engines import get_engine  # noqa: E402
from quotes.extract.article import extract_article  # noqa: E402
from quotes.model import Article  # noqa: E402
from quotes.sample import sample_dir  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "polnear" / "train" / "text"


def news_text(chars: int) -> str:
    """At least ``chars`` characters of real news articles, joined by blank lines."""
    files = sorted(POLNEAR.glob("*.txt")) if POLNEAR.is_dir() else []
    files = files or sorted(sample_dir().glob("*.txt"))
    pieces, total = [], 0
    while total < chars:
        for path in files:
            piece = path.read_text(encoding="utf-8")
            pieces.append(piece)
            total += len(piece) + 2
            if total >= chars:
                break
    return "\n\n".join(pieces)[:chars]


def run_once(engine, text: str, name: str) -> tuple[float, float, int]:
    """Seconds to extract, seconds to commit, quotes found."""
    with tempfile.TemporaryDirectory() as folder:
        db = store.open_db(Path(folder) / "size.db")
        start = time.perf_counter()
        extracted = extract_article(Article(source=name, text=text), engine)
        middle = time.perf_counter()
        commit_article(db, extracted)
        end = time.perf_counter()
        db.conn.close()
    return middle - start, end - middle, len(extracted.attributions)


@click.command()
@click.option("--sizes", default="0.5,1,2,4", show_default=True, help="Article sizes in MB")
@click.option("--engine", "engine_name", default="rules", show_default=True)
@click.option("--repeats", default=70_000, show_default=True,
              help="Repetitions of the one-line 'Mr.Smith said\"' article")
def main(sizes, engine_name, repeats):
    engine = get_engine(engine_name, None)
    sizes = [float(s) for s in sizes.split(",")]
    corpus = news_text(int(max(sizes) * 1_000_000))
    print(f"{engine.name} engine; one article of joined news text per size")
    print(f"{'MB':>5} {'quotes':>7} {'extract s':>10} {'commit s':>9} {'total s':>8} {'s/MB':>6}")
    for size in sizes:
        extract_s, commit_s, found = run_once(engine, corpus[:int(size * 1_000_000)], f"{size}MB")
        total = extract_s + commit_s
        print(f"{size:>5} {found:>7} {extract_s:>10.2f} {commit_s:>9.2f} {total:>8.2f} "
              f"{total / size:>6.2f}", flush=True)
    line = 'Mr.Smith said"' * repeats
    extract_s, commit_s, found = run_once(engine, line, "one-line")
    print(f"'Mr.Smith said\"' x {repeats:,} ({len(line) / 1e6:.2f} MB, one line): "
          f"{found} quotes, extract {extract_s:.2f} s, commit {commit_s:.2f} s")


if __name__ == "__main__":
    main()
