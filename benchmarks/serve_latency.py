"""Datasette page latency and size on a large synthetic quotes database.

    python benchmarks/serve_latency.py                     # 100,000 quotes, 20 requests a page
    python benchmarks/serve_latency.py --quotes 1000000 --db /tmp/q1m.db --requests 10

The database is synthesized straight into the real schema (store.open_db, so
every migration, index, full-text trigger and the speaker look-up are there),
not made by running the engine: 12 quotes an article, 40 outlets, a speaker
for every 8 quotes with a few speakers quoted very often (as a head of state
is), an alias per speaker and a misspelt one for every fifth, and three quotes
a cluster. An existing --db of the right size is reused. Pages are requested
through Datasette's own client, configured as ``quotes serve`` configures it;
printed per page: the first visit's milliseconds (counts and facets worked out,
as after each commit), p50 and p95 of the visits after that (answered from the
plugin's page cache when the first visit's page was complete), and the size.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quotes import store  # noqa: E402
from quotes.web.serve import datasette_instance  # noqa: E402

WORDS = ("the we will not government said people country would new year must our this "
         "security forces attack city border talks peace deal vote law court police "
         "economy tax jobs health school war support plan rights water oil price").split()
SYLLABLES = ("ba bi bo da de di ka ke ko la li lo ma me mi na ne no ra re ri sa se so ta te "
             "ti va ve vo za ze zo").split()


def name(rng: random.Random) -> str:
    word = lambda: "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title()  # noqa: E731
    return f"{word()} {word()}"


def misspell(written: str, rng: random.Random) -> str:
    given, surname = written.split()
    i = rng.randrange(1, len(surname) - 1)
    vowel = rng.choice([v for v in "aeiou" if v != surname[i]])
    return f"{given} {surname[:i]}{vowel}{surname[i + 1:]}" if surname[i] in "aeiou" else \
        f"{given} {surname[:i]}{surname[i + 1:]}"


# Each statement's first appearance, as the commit stage keeps it (who_said_it_first reads it).
FIRST_APPEARANCES = """
update clusters set first_article_id = (
    select quotes.article_id from quotes join articles on articles.id = quotes.article_id
    where quotes.cluster_id = clusters.id
    order by articles.published is null, articles.published, articles.id, quotes.id limit 1)
"""


def synthesize(path: Path, quotes: int, seed: int = 13) -> None:
    """Fill a fresh quotes database with ``quotes`` synthetic quotes (see the module docstring)."""
    rng = random.Random(seed)
    db = store.open_db(path)
    articles, speakers, clusters = -(-quotes // 12), quotes // 8, -(-quotes // 3)
    with store.writing(db):  # which indexes the new rows for full-text search as it commits
        store.add_rows(db, "outlets", [{"name": f"Outlet {i}"} for i in range(1, 41)])
        store.add_rows(db, "articles", [
            {"source": f"a{i}", "outlet_id": rng.randint(1, 40), "title": f"Article {i}",
             "published": f"2019-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}T12:00:00+00:00",
             "text": "", "content_hash": f"h{i}", "engine": "rules", "ingested_at": store.now()}
            for i in range(1, articles + 1)])
        names = [name(rng) for _ in range(speakers)]
        for i, written in enumerate(names, 1):
            store.add_speaker(db, {"name": written, "kind": "person", "key": written.lower(),
                                   "quote_count": 0, "scope_article_id": None})
            store.add_alias(db, {"speaker_id": i, "alias": f"spokesman {written}",
                                 "key": written.lower(), "article_id": rng.randint(1, articles)})
            if i % 5 == 0:
                store.add_alias(db, {"speaker_id": i, "alias": misspell(written, rng),
                                     "key": written.lower(), "article_id": rng.randint(1, articles)})
        store.add_rows(db, "clusters", [
            {"canonical_text": f"statement {i}", "key": f"statement {i}", "speaker_id": None,
             "article_count": 3, "outlet_count": 3, "first_article_id": 1}
            for i in range(1, clusters + 1)])
        rows = []
        for i in range(quotes):
            speaker = 1 + int(speakers * rng.random() ** 3)  # a heavy head: speaker 1 most often
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
            rows.append({"article_id": 1 + i // 12, "kind": "direct", "text": text, "start": i % 12,
                         "end": i % 12 + len(text), "speaker_id": speaker,
                         "speaker_mention": names[speaker - 1], "cluster_id": 1 + i // 3})
        store.add_rows(db, "quotes", rows)
        db.execute("update speakers set quote_count = (select count(*) from quotes"
                   " where quotes.speaker_id = speakers.id)")
        db.execute(FIRST_APPEARANCES)
    db.execute("analyze")
    db.close()


async def measure(ds, path: str, requests: int) -> tuple[float, float, float, int, int]:
    times, size, status = [], 0, 0
    for _ in range(requests + 1):
        started = time.perf_counter()
        response = await ds.client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        size, status = len(response.content), response.status_code
    first, times = times[0], sorted(times[1:])  # the first visit fills the caches
    return first, statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)], size, status


async def measure_all(ds, pages: dict, requests: int) -> None:
    """Each page in turn, in one event loop as a server runs them."""
    for label, url in pages.items():
        first, p50, p95, size, status = await measure(ds, url, requests)
        flag = "" if status == 200 else f"  (HTTP {status})"
        print(f"{label:<52} {first:>8.1f} {p50:>7.1f} {p95:>7.1f} "
              f"{size / 1000:>5.0f}{flag}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20, help="requests per page")
    parser.add_argument("--db", help="database file to build or reuse (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quotes-serve-") as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "bench.db"
        if not (path.exists() and store.counts(store.open_db(path))["quotes"] == args.quotes):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            started = time.perf_counter()
            synthesize(path, args.quotes)
            print(f"synthesized {args.quotes:,} quotes in {time.perf_counter() - started:.0f} s")
        db = store.open_db(path)
        top = db.execute("select id, name, quote_count from speakers order by quote_count desc"
                         " limit 1").fetchone()
        typo = db.execute("select alias from speaker_aliases where speaker_id = 5 and alias"
                          " not like 'spokesman %'").fetchone()[0]
        db.close()
        name = path.stem
        pages = {
            f"speaker page (top speaker, {top[2]:,} quotes)": f"/{name}/speakers/{top[0]}",
            f"quotes_by_speaker, misspelt ({typo})":
                f"/{name}/quotes_by_speaker?name={typo.replace(' ', '+')}",
            "quote_list faceted by outlet": f"/{name}/quote_list?_facet=outlet",
            "quote_list of one outlet, three facets": (f"/{name}/quote_list?_facet=outlet&_facet=speaker"
                                                      f"&_facet=kind&outlet=Outlet+7"),
            "quote page": f"/{name}/quotes/{args.quotes // 2}",
            "cluster page": f"/{name}/clusters/2",
            "who_said_it_first (peace talks)": f"/{name}/who_said_it_first?text=peace+talks",
            "database index": f"/{name}",
        }
        ds = datasette_instance(path)
        print(f"{args.quotes:,} quotes, {args.requests} requests a page after a first visit")
        print(f"{'page':<52} {'first ms':>8} {'p50 ms':>7} {'p95 ms':>7} {'kB':>5}")
        asyncio.run(measure_all(ds, pages, args.requests))
    return 0


if __name__ == "__main__":
    sys.exit(main())
