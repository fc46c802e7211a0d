"""Speaker statistics after extracting a corpus: how many speakers, what merged.

    python scripts/speaker_stats.py                      # ../shared/polnear/train
    python scripts/speaker_stats.py ../shared/polnear/dev --db /tmp/dev.db --sample 30

Extracts the ``text/`` folder into a fresh database (outlets from PolNeAR's
``metadata.tsv``), then prints: speakers by kind and scope, the largest merged
groups, and a random sample of non-trivial merges (a spelling, surname, first
name or short form that landed on a speaker named otherwise) with the words
around the mention and, for surnames, where the article gave the full name:
enough to check each one by hand.
"""
from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's quotes package, not an installed one

from quotes.readers import inputs as read  # noqa: E402
from quotes import store
from quotes.engines import get_engine  # noqa: E402
from quotes.run.pipeline import process_article  # noqa: E402


def outlets(corpus: Path) -> dict[str, dict[str, str]]:
    """``source`` → outlet from PolNeAR's metadata.tsv, for the files that are here."""
    metadata = corpus.parent / "metadata.tsv"
    present = {p.name for p in (corpus / "text").glob("*.txt")}
    if not metadata.exists():
        return {}
    with metadata.open(encoding="utf-8") as handle:
        return {f"{row['filename']}.txt": {"outlet": row["publisher"]}
                for row in csv.DictReader(handle, delimiter="\t")
                if f"{row['filename']}.txt" in present}


def extract(corpus: Path, db_path: Path) -> None:
    db = store.open_db(db_path)
    engine = get_engine("rules")
    started = time.perf_counter()
    stored = 0
    for item in read.read_articles([corpus / "text"], outlets(corpus)):
        if isinstance(item, read.Article):
            stored += process_article(db, engine, item).status == "stored"
    print(f"extracted {stored} articles in {time.perf_counter() - started:.1f}s into {db_path}")


def report(db_path: Path, sample: int, seed: int) -> None:
    db = store.open_db(db_path)
    one = lambda sql, *p: db.execute(sql, p).fetchone()[0]  # noqa: E731
    print(f"\nquotes: {one('select count(*) from quotes')}, "
          f"with a speaker: {one('select count(*) from quotes where speaker_id is not null')}")
    print(f"speakers: {one('select count(*) from speakers')}")
    for kind, scope, count in db.execute(
            "select kind, scope_article_id is null, count(*) from speakers group by 1, 2 order by 1, 2"):
        print(f"  {kind:<13} {'across articles' if scope else 'one article only':<17} {count}")
    merged = one("""select count(*) from (select speaker_id from quotes join speakers on
                    speakers.id = speaker_id where scope_article_id is null group by speaker_id
                    having count(distinct article_id) > 1)""")
    print(f"speakers quoted in more than one article: {merged}")

    print("\nlargest merged groups (by articles):")
    print(f"  {'articles':>8} {'quotes':>6} {'outlets':>7}  name  [spellings]")
    for row in db.query("""
            select speakers.id, speakers.name, count(distinct quotes.article_id) as articles,
                   count(*) as quotes, count(distinct articles.outlet_id) as outlets
            from quotes join speakers on speakers.id = quotes.speaker_id
            join articles on articles.id = quotes.article_id
            where speakers.scope_article_id is null
            group by speakers.id order by articles desc, quotes desc limit 15"""):
        spellings = [r[0] for r in db.execute(
            "select alias from speaker_aliases where speaker_id = ? group by alias "
            "order by count(*) desc", [row["id"]])]
        print(f"  {row['articles']:>8} {row['quotes']:>6} {row['outlets']:>7}  {row['name']}  "
              f"{spellings}")

    # A merge is an alias row that joined a speaker under another key (a surname, a
    # spelling, a short form) or in an article after the speaker's first.
    rows = list(db.query("""
        select speaker_aliases.alias, speaker_aliases.key as alias_key,
               speaker_aliases.article_id, speakers.id as speaker_id, speakers.name,
               speakers.kind, speakers.key,
               (select min(article_id) from speaker_aliases as first
                where first.speaker_id = speakers.id) as first_article,
               articles.source, articles.text,
               (select speaker_mention from quotes where quotes.speaker_id = speakers.id
                and quotes.article_id = speaker_aliases.article_id order by start limit 1)
                 as mention,
               (select speaker_start from quotes where quotes.speaker_id = speakers.id
                and quotes.article_id = speaker_aliases.article_id order by start limit 1)
                 as mention_start
        from speaker_aliases join speakers on speakers.id = speaker_aliases.speaker_id
        join articles on articles.id = speaker_aliases.article_id
        where speakers.kind != 'anonymous'"""))
    by_kind: dict[str, list] = {}
    for row in rows:
        kind = _merge_kind(row)
        if kind:
            by_kind.setdefault(kind, []).append(row)
    total = sum(len(found) for found in by_kind.values())
    print(f"\nmerges (alias rows that joined a speaker): {total}: "
          + ", ".join(f"{kind} {len(found)}" for kind, found in sorted(by_kind.items())))
    # Every kind of merge in the sample, surnames (the most common) filling the rest.
    rng = random.Random(seed)
    picked = []
    for kind, found in sorted(by_kind.items()):
        if kind != "surname in its article":
            picked += rng.sample(found, min(len(found), max(1, sample // 6)))
    surnames = by_kind.get("surname in its article", [])
    picked += rng.sample(surnames, min(len(surnames), max(0, sample - len(picked))))
    print(f"a sample of {len(picked)}:")
    for number, row in enumerate(picked, 1):
        text = row["text"]
        start = row["mention_start"] or 0
        context = " ".join(text[max(0, start - 90):start + 90].split())
        first, last = row["name"].split()[0], row["name"].split()[-1]
        full = re.search(re.escape(first) + r"\W+(?:\w+\W+){0,3}?" + re.escape(last), text) \
            if first != last else None
        where = (" ".join(text[max(0, full.start() - 60):full.end() + 20].split())
                 if full else "(not written out in this article)")
        print(f"{number:>2}. [{_merge_kind(row)}] {row['alias']!r} -> {row['name']} "
              f"(id {row['speaker_id']}) in {row['source']}\n"
              f"    mention {row['mention']!r}: ...{context}...\n    full name here: {where}")


def _merge_kind(row) -> str | None:
    """What identity did to put this alias on its speaker, or None for its first sighting."""
    if row["alias_key"] is None:
        return "description" if row["kind"] == "organisation" else None
    if row["alias_key"] != row["key"]:
        if row["kind"] == "organisation":
            return "short form or acronym"
        if " " not in row["alias_key"] and " " in (row["key"] or ""):
            return "surname in its article"
        return "spelling across articles"
    if row["article_id"] != row["first_article"]:
        return "same key, other article" if row["alias"] == row["name"] else \
            "variant across articles"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path,
                        default=ROOT.parent / "shared" / "polnear" / "train",
                        help="a PolNeAR split folder (with text/)")
    parser.add_argument("--db", type=Path, help="database to build (default: a temporary file)")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--report-only", action="store_true",
                        help="report on --db as it is, without extracting")
    args = parser.parse_args(argv)
    if args.report_only:
        if not args.db or not args.db.exists():
            print("Error: --report-only needs an existing --db", file=sys.stderr)
            return 1
        report(args.db, args.sample, args.seed)
        return 0
    if not (args.corpus / "text").is_dir():
        print(f"Error: {args.corpus}/text is not here", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.db or Path(tmp) / "speakers.db"
        if db_path.exists():
            db_path.unlink()
        extract(args.corpus, db_path)
        report(db_path, args.sample, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
