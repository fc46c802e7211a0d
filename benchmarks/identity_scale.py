"""How speaker identity scales: lookups against a database of many speakers.

    python benchmarks/identity_scale.py             # 100,000 speakers, 2,000 new mentions
    python benchmarks/identity_scale.py --speakers 20000 --mentions 500

Fills a real SQLite database with synthetic people (random given names and
surnames, so surname blocks are as small or large as the name pools make
them), then times :func:`quotes.identity.assign_speakers` for new mentions:
half spelling variants of stored names (fuzzy path), half new people. With
blocking, time per mention stays flat as the table grows; an all-pairs
comparison would grow with it.
"""
from __future__ import annotations

import argparse
import random
import string
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quotes.commit import identity  # noqa: E402
from quotes.extract.referents import referents  # noqa: E402
from quotes.lang import get  # noqa: E402
from quotes.extract import names  # noqa: E402
from quotes import store  # noqa: E402
from quotes.model import PERSON, Article, Attribution, Speaker  # noqa: E402

EN = get("en")


def word(rng: random.Random) -> str:
    return rng.choice(string.ascii_uppercase) + "".join(
        rng.choice("aeiou" if i % 2 else "bcdfghklmnprstvz") for i in range(rng.randint(3, 7)))


def typo(name: str, rng: random.Random) -> str:
    given, surname = name.split()
    i = rng.randrange(1, len(surname))
    return f"{given} {surname[:i]}{rng.choice('aeiou')}{surname[i + 1:]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speakers", type=int, default=100_000)
    parser.add_argument("--mentions", type=int, default=2_000)
    args = parser.parse_args()
    rng = random.Random(1)
    givens = [word(rng) for _ in range(3_000)]
    surnames = [word(rng) for _ in range(30_000)]
    people = [f"{rng.choice(givens)} {rng.choice(surnames)}" for _ in range(args.speakers)]
    with tempfile.TemporaryDirectory() as tmp:
        db = store.open_db(Path(tmp) / "scale.db")
        started = time.perf_counter()
        rows = []
        for name in people:
            parsed = names.parse_person(name)
            rows.append({"name": name, "kind": PERSON, "key": parsed.key, "quote_count": 1,
                         "block": parsed.block, "skeleton": parsed.skeleton})
        db["speakers"].insert_all(rows, batch_size=5_000)
        print(f"{args.speakers} speakers stored in {time.perf_counter() - started:.1f}s")
        largest = db.execute("select max(n) from (select count(*) as n from speakers "
                             "group by block)").fetchone()[0]
        print(f"largest surname block: {largest} speakers")
        article_id = store.insert_article(db, Article("bench.txt", "Benchmark text."), "bench")
        mentions = [typo(rng.choice(people), rng) if i % 2 else f"{word(rng)} {word(rng)}"
                    for i in range(args.mentions)]
        started = time.perf_counter()
        for name in mentions:
            quote = Attribution("direct", 0, 1, "x", speaker=Speaker(name, 0, 1, name=name, kind=PERSON))
            identity.assign_speakers(db, article_id, [quote], referents("Benchmark text.", [quote], EN), EN)
        elapsed = time.perf_counter() - started
        print(f"{args.mentions} mentions identified in {elapsed:.2f}s: "
              f"{1000 * elapsed / args.mentions:.2f} ms per mention")
    return 0


if __name__ == "__main__":
    sys.exit(main())
