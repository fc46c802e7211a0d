"""Several writers on one database: nothing lost, nothing stored twice, no error.

Two ``extract`` processes read overlapping halves of one corpus into one
database while a ``speakers rename`` runs, a long read holds its snapshot open
and Datasette pages are read over and over; afterwards every article is there exactly once and no speaker or
statement exists twice.
"""
import asyncio
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from click.testing import CliRunner

from quotes import store
from test_order import groups
from quotes.cli import cli
from quotes.web.serve import datasette_instance

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = ["Ana Ruiz", "Mustefa Bali", "Rami Abdel Rahman", "Leila Haddad", "Tom Becker",
          "Grace Osei", "Ivan Petrov", "Mei Lin"]
TOPICS = ["the flood", "the strike", "the budget", "the harbour", "the election", "the bridge"]


def corpus(folder: Path, count: int) -> list[Path]:
    """``count`` small articles, each quoting two people about one topic, as ``.txt`` files."""
    folder.mkdir()
    paths = []
    for n in range(count):
        a, b = PEOPLE[n % len(PEOPLE)], PEOPLE[(3 * n + 1) % len(PEOPLE)]
        topic = TOPICS[n % len(TOPICS)]
        text = (f"Report {n} on {topic}.\n\n"
                f'"We will rebuild after {topic} number {n}," {a} said on Monday.\n\n'
                f"{b} told reporters that {topic} had cost the town {n + 2} million dollars.\n\n"
                f'"Nobody expected {topic} to last {n % 7 + 2} weeks," said {b.split()[-1]}.\n')
        path = folder / f"article-{n:03}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def extract_process(db: Path, paths: list[Path]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "quotes", "extract", *map(str, paths), "--db", str(db),
         "--engine", "rules"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})


def hammer(db: Path, stop: threading.Event, statuses: list[int]) -> None:
    """Read Datasette pages (a table, a view, rows, the database page) until told to stop."""
    ds = datasette_instance(db)
    name = db.stem
    paths = [f"/{name}/quote_list?_facet=outlet&_facet=speaker", f"/{name}/speakers/1",
             f"/{name}/quotes/1", f"/{name}", f"/{name}/articles.json?_size=max"]

    async def loop():
        while not stop.is_set():
            for path in paths:
                statuses.append((await ds.client.get(path)).status_code)

    asyncio.run(loop())


def test_two_extracts_a_rename_and_a_reader_lose_nothing(tmp_path):
    paths = corpus(tmp_path / "articles", 60)
    db = tmp_path / "shared.db"
    # A database with a speaker in it, so a rename can run while the extracts do.
    seeded = CliRunner().invoke(cli, ["extract", str(paths[0]), "--db", str(db), "--engine", "rules"])
    assert seeded.exit_code == 0, seeded.output
    stop, statuses = threading.Event(), []
    reader = threading.Thread(target=hammer, args=(db, stop, statuses))
    reader.start()
    # One long read held open the whole time (it once failed every article of an extract).
    long_read = sqlite3.connect(db)
    long_read.execute("begin")
    assert long_read.execute("select count(*) from quotes").fetchone()[0] > 0
    try:
        first = extract_process(db, paths[:40])
        second = extract_process(db, paths[20:])
        renamed = CliRunner().invoke(cli, ["speakers", "rename", "Ana Ruiz", "Ana María Ruiz",
                                           "--db", str(db)])
        outputs = [process.communicate(timeout=300) for process in (first, second)]
    finally:
        stop.set()
        reader.join()
        long_read.rollback()
        long_read.close()
    assert renamed.exit_code == 0, renamed.output
    for process, (_, err) in zip((first, second), outputs):
        assert process.returncode == 0, err
        assert "Error" not in err and "locked" not in err, err
    assert statuses and set(statuses) == {200}
    conn = sqlite3.connect(db)
    sources = [s for (s,) in conn.execute("select source from articles order by source")]
    assert sources == sorted(p.name for p in paths)  # every article, each once
    assert conn.execute("select count(*) from speakers group by key, scope_article_id "
                        "having count(*) > 1").fetchall() == []
    assert conn.execute("select count(*) from clusters group by key, speaker_id "
                        "having count(*) > 1").fetchall() == []
    assert conn.execute("select count(*) from speakers where name = 'Ana María Ruiz'").fetchone()[0] == 1
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    quotes_per_article = conn.execute(
        "select count(*) from quotes group by article_id").fetchall()
    assert len(quotes_per_article) == len(paths)  # no article stored without its quotes
    # The same speakers and statements as one writer reading the files in order.
    alone = tmp_path / "alone.db"
    result = CliRunner().invoke(cli, ["extract", *map(str, paths), "--db", str(alone), "--engine", "rules"])
    assert result.exit_code == 0, result.output
    together, one_writer = (list(store.export_rows(store.open_db(path))) for path in (db, alone))
    for column in ("speaker_id", "cluster_id"):
        assert groups(together, column) == groups(one_writer, column)


def test_two_processes_opening_a_new_database_migrate_it_once(tmp_path):
    db = tmp_path / "new.db"
    script = f"from quotes import store; store.open_db({str(db)!r})"
    runs = [subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stderr=subprocess.PIPE,
                             text=True) for _ in range(4)]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read()
    names = store.applied_migrations(store.open_db(db))
    assert names == [step.__name__ for step in store.MIGRATIONS]
