"""The commit stage alone as the database grows: CPU milliseconds an article, copy by copy.

    python benchmarks/commit_stage.py                       # 4 copies of PolNeAR train
    python benchmarks/commit_stage.py --copies 121 --show 1 30 60 90 120
    python benchmarks/commit_stage.py --pragma wal_autocheckpoint=20000

PolNeAR train is extracted once (the rules engine); then copy after copy of
what came out, each with its own sources and outlet as in ``throughput.py``,
is committed into one database by the one writer (``pipeline.run``, default
batches). No engine and no worker processes run while it is timed, so a line
is the writer's own cost at that database size: what ``throughput.py`` cannot
separate from the engine's. Printed per copy shown: the database's articles
before it, CPU ms an article (this process, user + system) and the database size.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quotes import engines  # noqa: E402
from quotes.run import pipeline
from quotes import store
from quotes.extract.article import extract_article  # noqa: E402
from quotes.model import Article, Extracted  # noqa: E402

TRAIN = Path(__file__).resolve().parent.parent.parent / "shared" / "polnear" / "train" / "text"


def copy_of(found: list[dict], copy: int) -> list[Extracted]:
    """Copy ``copy`` of the extracted articles: new sources and a new outlet, the same quotes."""
    extracted = []
    for data in found:
        article = dict(data["article"], source=f"copy{copy}/{data['article']['source']}",
                       outlet=f"Outlet {copy}")
        extracted.append(Extracted.from_dict(dict(data, article=article)))
    return extracted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=4, help="copies of PolNeAR train to commit")
    parser.add_argument("--show", type=int, nargs="*", help="copies to print (default: all)")
    parser.add_argument("--pragma", action="append", default=[],
                        help="a PRAGMA to set after opening, e.g. wal_autocheckpoint=20000")
    args = parser.parse_args()
    if not TRAIN.is_dir():
        print(f"{TRAIN} is not here; this benchmark needs PolNeAR train", file=sys.stderr)
        return 1
    engine = engines.get_engine("rules")
    found = [extract_article(Article(text=path.read_text(encoding="utf-8"), source=path.name), engine)
             .to_dict() for path in sorted(TRAIN.glob("*.txt"))]
    shown = set(args.show) if args.show else set(range(args.copies))
    print(f"{'copy':>5}  {'articles before':>15}  {'CPU ms/article':>14}  {'db MB':>7}")
    with tempfile.TemporaryDirectory(prefix="quotes-commit-") as tmp:
        path = Path(tmp) / "commit.db"
        db = store.open_db(path)
        for pragma in args.pragma:
            db.execute(f"PRAGMA {pragma}")
        for copy in range(args.copies):
            articles = copy_of(found, copy)
            before = os.times()
            for _ in pipeline.run(db, articles, engine):
                pass
            after = os.times()
            if copy in shown:
                cpu = (after.user - before.user) + (after.system - before.system)
                size = sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal")
                           if Path(f"{path}{s}").exists())
                print(f"{copy:>5}  {copy * len(found):>15,}  {1000 * cpu / len(found):>14.2f}  "
                      f"{size / 1e6:>7.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
