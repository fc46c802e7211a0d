"""How fast, how big and how right is clustering? Prints figures; asserts nothing.

    python benchmarks/cluster_bench.py synthetic --quotes 100000
    python benchmarks/cluster_bench.py polnear ../shared/polnear/train

``synthetic`` writes quotes through the real pipeline (identity, clusters,
store; one transaction per article) into a fresh SQLite file. Its statements
are sentences from a word-trigram chain trained on real news text (so they
share the stock phrases real quotes share), and some get planted copies with
the edits wire copy gets: a word dropped or swapped, an alias (IS/ISIS/Islamic
State/Daesh, US/U.S.), curly quotes, truncation, a fragment. A copy has the
same speaker, an anonymous one, or (a repeat by someone else) another named
speaker, which should give a separate but linked cluster. Figures: time, peak
memory, and precision/recall over pairs of quotes planted as one statement.

``polnear`` extracts PolNeAR articles with the rules engine (publisher as
outlet, publication date as published) and prints cluster counts and time.
"""
from __future__ import annotations

import collections
import csv
import itertools
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes.commit import statements as cluster  # noqa: E402
from quotes.extract import wording  # noqa: E402
from quotes.readers import inputs as read
from quotes import store
from quotes.engines import Engine, get_engine  # noqa: E402
from quotes.model import ANONYMOUS, PERSON, Article, Attribution, Speaker  # noqa: E402
from quotes.run.pipeline import process_article  # noqa: E402

SHARED = ROOT.parent / "shared"
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*|\d[\d,.]*|[.?!,;:]")
_END = {".", "?", "!"}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


class Timer:
    """Time spent inside the clusterer, as the pipeline calls it."""

    def __init__(self):
        self.seconds = 0.0

    def wrap(self, function):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
        return timed

    def install(self):
        cluster.assign_clusters = self.wrap(cluster.assign_clusters)
        store.count_article = self.wrap(store.count_article)


# --- synthetic corpus ---------------------------------------------------------------------

def trigram_chain(texts: list[str]) -> dict[tuple[str, str], list[str]]:
    chain = collections.defaultdict(list)
    for text in texts:
        words = ["<s>", "<s>"] + _TOKEN.findall(text)
        for a, b, c in zip(words, words[1:], words[2:]):
            chain[(a, b)].append(c)
            if c in _END:
                chain[(b, c)].append("<e>")
    return chain


def sentence(chain, rng: random.Random, shortest: int, longest: int) -> list[str]:
    while True:
        words, a, b = [], "<s>", "<s>"
        while len(words) <= longest:
            options = chain.get((a, b))
            if not options:
                break
            c = rng.choice(options)
            if c == "<e>" or c in _END:
                break
            words.append(c)
            a, b = b, c
            if a in _END:
                a = "<s>"
        words = [w for w in words if w not in _END]
        if shortest <= len(words) <= longest:
            return words


def as_text(words: list[str]) -> str:
    text = " ".join(words)
    return re.sub(r" ([,;:])", r"\1", text)


def names(rng: random.Random, n: int) -> list[str]:
    syllables = ["ka", "ro", "mi", "ta", "len", "dor", "sa", "vi", "bel", "mar", "no", "ri",
                 "gan", "tel", "lu", "per", "zo", "han", "fi", "dre", "os", "wen", "cal", "im"]
    def word(parts):
        return "".join(rng.choice(syllables) for _ in range(parts)).capitalize()
    made = set()
    while len(made) < n:
        made.add(f"{word(2)} {word(rng.choice((2, 3)))}")
    return sorted(made)


ALIASES = [("IS", ["ISIS", "Islamic State", "Daesh"]), ("US", ["U.S.", "United States"])]


def edit(words: list[str], kind: str, rng: random.Random) -> list[str] | None:
    """A planted copy of ``words``, or None when the statement is too short for this edit."""
    n = len(words)
    if kind == "exact":
        return list(words)
    if kind == "drop" and n >= 8:
        i = rng.randrange(1, n - 1)
        return words[:i] + words[i + 1:]
    if kind == "drop2" and n >= 14:
        i, j = sorted(rng.sample(range(1, n - 1), 2))
        return [w for k, w in enumerate(words) if k not in (i, j)]
    if kind == "swap" and n >= 8:
        i = rng.randrange(n)
        return words[:i] + [rng.choice(["some", "around", "nearly", "about", "very"])] + words[i + 1:]
    if kind == "truncate" and n >= 10:
        return words[:max(8, int(n * rng.uniform(0.6, 0.9)))]
    if kind == "fragment" and n >= 14:
        length = rng.randint(8, min(15, n - 4))
        start = rng.randint(1, n - length)
        return words[start:start + length]
    return None


EDITS = ["exact", "alias", "curly", "drop", "drop2", "swap", "truncate", "fragment"]


def planted_corpus(total: int, texts: list[str], seed: int):
    """Quotes as (group, text, speaker name or None, speaker kind, edit) and the speaker pool."""
    rng = random.Random(seed)
    lines = {line.strip() for text in texts for line in text.splitlines()}  # headlines repeat
    chain = trigram_chain(sorted(lines))
    seen = set()
    speakers = names(rng, max(50, total // 25))
    quotes = []
    group = 0
    while len(quotes) < total:
        words = sentence(chain, rng, 4, 45)
        key = wording.text_key(as_text(words))
        if key in seen:
            continue  # one statement, one group: the chain repeats short common sentences
        seen.add(key)
        speaker = rng.choice(speakers)
        group += 1
        copies = rng.choice((1, 2, 3)) if rng.random() < 0.25 else 0
        kinds = [rng.choice(EDITS) for _ in range(copies)]
        short = None
        if "alias" in kinds and len(words) >= 6:  # give the statement a name to spell two ways
            short, long_forms = rng.choice(ALIASES)
            i = rng.randrange(len(words))
            words = words[:i] + [short] + words[i + 1:]
        quotes.append((group, as_text(words), speaker, PERSON, "base"))
        for kind in kinds:
            if kind == "alias":
                if short is None:
                    continue
                copy = as_text([rng.choice(long_forms) if w == short else w for w in words])
            elif kind == "curly":
                copy = "\u2018" + as_text(words).replace("'", "\u2019") + "\u2019"
            else:
                edited = edit(words, kind, rng)
                if edited is None:
                    continue
                copy = as_text(edited)
            who = rng.random()
            if who < 0.7:
                quotes.append((group, copy, speaker, PERSON, kind))
            elif who < 0.9:
                quotes.append((group, copy, "a senior official", ANONYMOUS, kind))
            else:
                other = rng.choice([s for s in rng.sample(speakers, 2) if s != speaker])
                quotes.append((group, copy, other, PERSON, "other-speaker"))
    quotes = quotes[:total]
    rng.shuffle(quotes)  # fragments may arrive before the full quote
    return quotes


def quote_objects(chunk):
    found = []
    for _, text, speaker, kind, _ in chunk:
        if kind == ANONYMOUS:
            who = Speaker(speaker, 0, len(speaker), None, ANONYMOUS, None, speaker)
        else:
            who = Speaker(speaker, 0, len(speaker), speaker, PERSON)
        found.append(Attribution("direct", 0, len(text), text, "said", speaker=who))
    return found


def pairs(labels: dict[int, object]) -> set[tuple[int, int]]:
    members = collections.defaultdict(list)
    for item, label in labels.items():
        members[label].append(item)
    return {pair for items in members.values() for pair in itertools.combinations(sorted(items), 2)}


@click.group()
def cli():
    """Clustering benchmarks."""


@cli.command()
@click.option("--quotes", "total", type=int, default=100_000, show_default=True)
@click.option("--per-article", type=int, default=8, show_default=True)
@click.option("--corpus", type=click.Path(exists=True, file_okay=False),
              default=str(SHARED / "polnear" / "train" / "text"), show_default=True,
              help="Folder of .txt news articles to learn sentences from")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="Keep the database here")
@click.option("--seed", type=int, default=7, show_default=True)
def synthetic(total, per_article, corpus, db_path, seed):
    """Cluster TOTAL synthetic quotes with planted near-duplicates; print time, memory, P/R."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(corpus).glob("*.txt"))]
    start = time.perf_counter()
    quotes = planted_corpus(total, texts, seed)
    print(f"corpus: {len(quotes)} quotes, {len({q[0] for q in quotes})} statements, "
          f"made in {time.perf_counter() - start:.1f}s; peak RSS so far {peak_rss_mb():.0f} MB")
    folder = tempfile.TemporaryDirectory()
    db = store.open_db(db_path or Path(folder.name) / "bench.db")
    # Measure the work, not 12,500 disk flushes: commits stay one per article, without fsync each.
    db.execute("pragma journal_mode = wal")
    db.execute("pragma synchronous = normal")
    timer = Timer()
    timer.install()
    chunks = [quotes[i:i + per_article] for i in range(0, len(quotes), per_article)]
    start = time.perf_counter()
    for n, chunk in enumerate(chunks):
        found = quote_objects(chunk)
        engine = Engine("synthetic", lambda text, found=found: found)
        article = Article(f"a{n}", "\n".join(q[1] for q in chunk), outlet=f"Outlet {n % 40}",
                          published=f"2019-{1 + n % 12:02d}-{1 + n % 28:02d}")
        process_article(db, engine, article)
        if (n + 1) % 2000 == 0:
            print(f"  {(n + 1) * per_article} quotes, {time.perf_counter() - start:.0f}s", flush=True)
    elapsed = time.perf_counter() - start
    ids = [row[0] for row in db.execute("select cluster_id from quotes order by article_id, id")]
    predicted = dict(enumerate(ids))
    # Planted truth: copies of one statement with the same or an anonymous speaker belong together;
    # a repeat by another named speaker is its own statement (expected as a link instead).
    truth = {i: (q[0], i if q[4] == "other-speaker" else -1) for i, q in enumerate(quotes)}
    got, want = pairs(predicted), pairs(truth)
    hit = len(got & want)
    precision = hit / len(got) if got else 1.0
    recall = hit / len(want) if want else 1.0
    print(f"pipeline: {len(chunks)} articles, {len(quotes)} quotes in {elapsed:.1f}s "
          f"({len(quotes) / elapsed:.0f} quotes/s); clustering itself {timer.seconds:.1f}s")
    print(f"peak RSS {peak_rss_mb():.0f} MB; database {Path(db.conn.execute('pragma database_list').fetchone()[2]).stat().st_size / 2**20:.0f} MB; "
          f"{db['clusters'].count} clusters, {db['cluster_shingles'].count} index rows, "
          f"{db['cluster_links'].count // 2} links")
    print(f"pairs: planted {len(want)}, predicted {len(got)}, correct {hit}; "
          f"precision {precision:.4f}, recall {recall:.4f}")
    base = {q[0]: predicted[i] for i, q in enumerate(quotes) if q[4] == "base"}
    by_edit = collections.defaultdict(lambda: [0, 0])
    for i, q in enumerate(quotes):
        if q[4] not in ("base", "other-speaker") and q[0] in base:
            by_edit[q[4]][0] += predicted[i] == base[q[0]]
            by_edit[q[4]][1] += 1
    print("copy joined its original, by edit: " + ", ".join(
        f"{kind} {ok}/{n} ({ok / n:.1%})" for kind, (ok, n) in sorted(by_edit.items())))
    links = {tuple(r) for r in db.execute("select cluster_id, related_cluster_id from cluster_links")}
    repeats = [(predicted[i], base[q[0]]) for i, q in enumerate(quotes)
               if q[4] == "other-speaker" and q[0] in base]
    apart = sum(a != b for a, b in repeats)
    linked = sum((a, b) in links for a, b in repeats)
    print(f"repeats by another speaker: {len(repeats)}, kept apart {apart}, linked {linked}")


@cli.command()
@click.argument("split", type=click.Path(exists=True, file_okay=False),
                default=str(SHARED / "polnear" / "train"))
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="Keep the database here")
def polnear(split, db_path):
    """Extract a PolNeAR split with the rules engine and print what clustering made of it."""
    split = Path(split)
    meta = {}
    metadata = split.parent / "metadata.tsv"
    if metadata.exists():
        with metadata.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                meta[row["filename"] + ".txt"] = {"outlet": row["publisher"],
                                                  "published": row["publication_date"],
                                                  "title": row["title"]}
    folder = tempfile.TemporaryDirectory()
    db = store.open_db(db_path or Path(folder.name) / "polnear.db")
    engine = get_engine("rules")
    timer = Timer()
    timer.install()
    start = time.perf_counter()
    articles = 0
    for item in read.read_articles([split / "text"], None):
        if isinstance(item, Article):
            item.outlet, item.published, item.title = (meta.get(item.source, {}).get(k)
                                                        for k in ("outlet", "published", "title"))
            process_article(db, engine, item)
            articles += 1
    elapsed = time.perf_counter() - start
    sizes = collections.Counter(r[0] for r in db.execute("select article_count from clusters"))
    multi = db.execute("select count(*) from clusters where article_count > 1").fetchone()[0]
    outlets = db.execute("select count(*) from clusters where outlet_count > 1").fetchone()[0]
    print(f"polnear {split.name}: {articles} articles, {db['quotes'].count} quotes, "
          f"{db['clusters'].count} clusters in {elapsed:.1f}s (clustering itself {timer.seconds:.1f}s); "
          f"peak RSS {peak_rss_mb():.0f} MB")
    print(f"clusters in more than one article: {multi}, in more than one outlet: {outlets}, "
          f"links: {db['cluster_links'].count // 2}; articles per cluster: "
          + ", ".join(f"{k}: {v}" for k, v in sorted(sizes.items())))
    for row in db.execute("""select article_count, outlet_count, canonical_text from clusters
                             where article_count > 1 order by article_count desc, id limit 8"""):
        print(f"  {row[0]} articles, {row[1]} outlets: {row[2][:100]}")


if __name__ == "__main__":
    cli()
