"""`quotes extract --spark local[2]`: the same database as a local run, Parquet out, failures.

One Spark session serves the whole module (starting the JVM is the slow part);
`extract --spark` finds it running and uses it.
"""
import collections
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes import lang
from quotes.engines import registry
from quotes.run import spark
from quotes import store
from quotes.cli import cli
from quotes.store import bulk as bulk_store
from quotes.store.statements import fill_all_statements
from quotes.engines.registry import Engine

from conftest import POLNEAR, ROOT, SEEDS, need

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
MASTER = "local[2]"
BUILD = spark.build_engine
DIES = "This article kills the Python worker that reads it."
FAILS = "This article makes the engine raise."


@pytest.fixture(scope="module")
def session():
    if not shutil.which("java"):
        pytest.skip("no java on PATH: Spark needs Java 17 (apt-get install default-jre-headless)")
    running, _ = spark.start(MASTER)
    # Engines that this module defines go to the Python workers by value.
    pyspark.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield running
    running.stop()


def extract(*args):
    return CliRunner().invoke(cli, ["extract", *map(str, args)])


def exported(db):
    return list(store.export_rows(store.open_db(db)))


def both(tmp_path, session, *inputs, on_spark=None):
    """Export rows of a local run and of a `--spark local[2]` run over the same inputs.

    ``on_spark`` names the inputs differently for Spark (as a URI that Spark lists).
    """
    rows = []
    for name, given, extra in (("local", inputs, []), ("spark", on_spark or inputs, ["--spark", MASTER])):
        db = tmp_path / f"{name}.db"
        result = extract(*given, "--db", db, *extra)
        assert result.exit_code == 0, result.output
        rows.append(exported(db))
    return rows


def test_polnear_dev_is_the_same_on_spark(tmp_path, session, monkeypatch):
    folder = need(POLNEAR / "dev" / "text")
    # Several waves of several partitions each, as a big input has, to be put back in order.
    monkeypatch.setattr(spark, "WAVE_BYTES", (64 * 1024, 64 * 1024))
    monkeypatch.setattr(spark, "PARTITION_BYTES", 16 * 1024)
    local, on_spark = both(tmp_path, session, folder, on_spark=[folder.resolve().as_uri()])
    assert len(local) > 500
    assert on_spark == local


def test_seeds_are_the_same_on_spark_and_in_parquet(tmp_path, session):
    need(SEEDS)
    local, on_spark = both(tmp_path, session, SEEDS, "--manifest", SEEDS / "manifest.csv")
    assert on_spark == local
    assert {row["outlet"] for row in local} > {None}  # the manifest reached the Spark run

    out = tmp_path / "lake"
    result = extract(SEEDS, "--manifest", SEEDS / "manifest.csv", "--db", tmp_path / "again.db",
                     "--spark", MASTER, "--spark-output", out)
    assert result.exit_code == 0, result.output
    parquet = session.read.parquet(str(out)).orderBy("article_id", "start").collect()
    assert [row.asDict() for row in parquet] == local

    again = extract(SEEDS, "--db", tmp_path / "again.db", "--spark", MASTER, "--spark-output", out)
    assert again.exit_code == 1
    assert f"Error: {out} already exists" in again.output


def test_a_second_run_on_spark_reads_but_does_not_extract_again(tmp_path, session, monkeypatch):
    need(SEEDS)
    folder = with_article(tmp_path, FAILS)
    (folder / "zz-trouble.txt").unlink()
    db = tmp_path / "spark.db"
    assert extract(folder, "--db", db, "--spark", MASTER).exit_code == 0
    before = exported(db)
    # Were any article extracted again, this engine would fail on it.
    (folder / "zz-trouble.txt").write_text(f"{FAILS} All of them.\n")
    monkeypatch.setattr(spark, "build_engine", troubled_engine)
    again = extract(folder, "--db", db, "--spark", MASTER)
    assert "6 articles read: 0 stored, 5 skipped (already stored), 1 failed" in again.output
    assert "Error: zz-trouble.txt: ValueError: cannot attribute this" in again.output
    assert exported(db) == before


def bad_inputs(folder):
    """Inputs with every kind of reading problem, and three good articles."""
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, folder / seed.name)
    (folder / "empty.txt").write_text("  \n")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02")
    (folder / "latin1.txt").write_bytes("Caf\xe9".encode("latin-1"))
    (folder / "long.txt").write_text("word " * 220_000)  # over --max-chars' 1,000,000
    lines = [json.dumps({"text": '"We will rebuild," Mayor Helen Ortis said.', "outlet": "Wire"}),
             "{not json", json.dumps({"source": "no-text"})]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def test_bad_inputs_cost_the_same_error_lines_on_spark(tmp_path, session):
    need(SEEDS)
    folder = bad_inputs(tmp_path / "in")
    outputs, rows = [], []
    for name, extra in (("local", []), ("spark", ["--spark", MASTER])):
        db = tmp_path / f"{name}.db"
        result = extract(folder, tmp_path / "missing.txt", "--db", db, *extra)
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        lines = result.output.splitlines()
        # The summary, but for its engine note (which says once per process why stanza did not run).
        summary = lines[-1].rsplit(" (", 1)[0]
        outputs.append(sorted(line for line in lines if line.startswith("Error:")) + [summary])
        rows.append(exported(db))
    assert len(outputs[0]) == 8 and outputs[0][-1].startswith("3 articles read: 3 stored")
    assert outputs[1] == outputs[0]
    assert rows[1] == rows[0] and len({row["source"] for row in rows[0]}) == 3


def test_web_pages_and_archives_are_the_same_on_spark(tmp_path, session):
    from test_web_input import PAGES, page_records, write_warc

    archive, cut = tmp_path / "crawl.warc.gz", tmp_path / "cut.warc.gz"
    write_warc(archive, page_records())
    data = archive.read_bytes()
    cut.write_bytes(data[:len(data) - 700])  # breaks off inside the last record
    outputs, rows = [], []
    for name, extra in (("local", []), ("spark", ["--spark", MASTER])):
        db = tmp_path / f"{name}.db"
        result = extract(PAGES, archive, cut, "--db", db, *extra)
        outputs.append([line for line in result.output.splitlines() if line.startswith("Error:")])
        rows.append(exported(db))
        # The archive holds the folder's pages at their own addresses: one article a page (issue 25).
        assert store.counts(store.open_db(db))["articles"] == len(page_records())
    assert len(outputs[0]) == 1 and "breaks off" in outputs[0][0]
    assert outputs[1] == outputs[0]
    assert rows[1] == rows[0] and rows[0]


def test_a_master_spark_does_not_know_is_one_error_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "quotes", "extract", str(ROOT / "quotes" / "sample"),
         "--db", str(tmp_path / "q.db"), "--spark", "nonsense"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Spark has no master 'nonsense': give local[N], spark://HOST:PORT, yarn or k8s://URL")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "q.db").exists()


def test_a_standalone_master_that_does_not_answer_is_one_error_line(tmp_path):
    """Nothing listens there: said at once, not after Spark's minute of retries."""
    result = subprocess.run(
        [sys.executable, "-m", "quotes", "extract", str(ROOT / "quotes" / "sample"),
         "--db", str(tmp_path / "q.db"), "--spark", "spark://127.0.0.1:1"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Spark could not start on master 'spark://127.0.0.1:1': no master answers there")
    assert not (tmp_path / "q.db").exists()


def test_what_the_executors_import_needs_no_database():
    """The executors unpickle the job's functions, so they import quotes.run.spark and what
    it names, and build the engine: none of it may need sqlite-utils or the commit side
    (the Python on a cluster's workers may not have sqlite-utils)."""
    code = ("import sys\n"
            "sys.modules['sqlite_utils'] = None  # as if it were not installed\n"
            "try:\n    import quotes.extract.article\nexcept ImportError:\n    sys.exit(2)\n"
            "from quotes.run import spark\n"
            "spark.build_engine('rules', None, 'en')\n"
            "loaded = [m for m in sys.modules if m.startswith(('quotes.store', 'quotes.commit'))]\n"
            "assert not loaded, loaded\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    if done.returncode == 2:
        pytest.skip("quotes.extract.article still imports the commit side (see issue 23)")
    assert done.returncode == 0, done.stderr


def troubled_engine(name, model_dir, lang_code):
    """The real engine, except that it dies on one article and raises on another."""
    real = registry.build(name, model_dir, lang.get(lang_code))

    def extract(text):
        if DIES in text:
            os._exit(3)  # the Python worker is gone, as when the kernel kills it
        if FAILS in text:
            raise ValueError("cannot attribute this")
        return real.extract(text)

    return Engine(real.name, extract)


def with_article(tmp_path, text):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    (folder / "zz-trouble.txt").write_text(f"{text} \"We will stay,\" the mayor said.\n")
    return folder


def test_an_article_the_engine_fails_on_is_skipped_with_its_reason(tmp_path, session, monkeypatch):
    need(SEEDS)
    folder = with_article(tmp_path, FAILS)
    monkeypatch.setattr(spark, "build_engine", troubled_engine)
    result = extract(folder, "--db", tmp_path / "spark.db", "--spark", MASTER)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == ["Error: zz-trouble.txt: ValueError: cannot attribute this"]
    # Everything else is stored, exactly as a local run without the article stores it.
    (folder / "zz-trouble.txt").unlink()
    assert extract(folder, "--db", tmp_path / "local.db").exit_code == 0
    assert exported(tmp_path / "spark.db") == exported(tmp_path / "local.db")


def test_a_worker_dying_is_one_error_line_and_nothing_half_written(tmp_path, session, monkeypatch):
    need(SEEDS)
    folder = with_article(tmp_path, DIES)
    db = tmp_path / "spark.db"
    monkeypatch.setattr(spark, "build_engine", troubled_engine)
    result = extract(folder, "--db", db, "--spark", MASTER)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [error] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert error.startswith("Error: --spark: the job failed: "), error
    assert "Python worker exited unexpectedly" in error
    assert "the same command goes on from there" in error
    stored = store.counts(store.open_db(db))
    assert stored["articles"] == stored["quotes"] == 0  # no article's results reached the writer

    # Once the article no longer kills its worker, the same command finishes the job.
    monkeypatch.setattr(spark, "build_engine", BUILD)
    (folder / "zz-trouble.txt").write_text('"We will stay," the mayor said.\n')
    assert extract(folder, "--db", db, "--spark", MASTER).exit_code == 0
    assert extract(folder, "--db", tmp_path / "local.db").exit_code == 0
    assert exported(db) == exported(tmp_path / "local.db")


# ---------------------------------------------------------------- the executors' Python


def without_environment(tmp_path, **extra):
    """The environment of a shell where this package's Python is not activated: ``python3``
    and ``python`` on ``PATH`` are another program (here one that fails), as a system
    Python without the package would be; Java stays reachable."""
    decoy = tmp_path / "decoy-bin"
    decoy.mkdir()
    for name in ("python3", "python"):
        (decoy / name).write_text("#!/bin/sh\necho 'this is not the Python of quotes' >&2\nexit 3\n")
        (decoy / name).chmod(0o755)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "VIRTUAL_ENV", "PYTHONHOME")}
    java = os.path.dirname(os.path.realpath(shutil.which("java") or "/usr/bin/java"))
    env["PATH"] = os.pathsep.join([str(decoy), java, "/usr/bin", "/bin"])
    env["PYTHONPATH"] = str(ROOT)  # this checkout, as an installed package would be found
    env.update(extra)
    return env


def quotes_command() -> list[str]:
    """The installed console script, run by path as a user whose shell finds it; else
    ``python -m quotes``."""
    script = Path(sysconfig.get_path("scripts")) / "quotes"
    return [str(script)] if script.exists() else [sys.executable, "-m", "quotes"]


def run_quotes(args, env, timeout=600):
    return subprocess.run([*quotes_command(), *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_the_installed_command_runs_spark_without_its_environment_activated(tmp_path):
    """The executors start the driver's own Python, not the ``python3`` first on ``PATH``."""
    need(SEEDS)
    if not shutil.which("java"):
        pytest.skip("no java on PATH: Spark needs Java 17 (apt-get install default-jre-headless)")
    env = without_environment(tmp_path)
    assert subprocess.run(["python3", "-c", ""], env=env, capture_output=True).returncode == 3
    done = run_quotes(["extract", SEEDS, "--db", tmp_path / "spark.db", "--spark", MASTER], env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert extract(SEEDS, "--db", tmp_path / "local.db").exit_code == 0
    assert exported(tmp_path / "spark.db") == exported(tmp_path / "local.db")


def test_an_executor_python_that_is_not_there_is_one_error_line(tmp_path):
    env = without_environment(tmp_path, PYSPARK_PYTHON=str(tmp_path / "no" / "python"))
    done = run_quotes(["extract", ROOT / "quotes" / "sample", "--db", tmp_path / "q.db",
                       "--spark", MASTER], env, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        f"Error: the executors' Python '{tmp_path / 'no' / 'python'}' (PYSPARK_PYTHON) is not a "
        "program on this machine")
    assert not (tmp_path / "q.db").exists()


def test_an_executor_python_without_the_package_is_one_error_line(tmp_path):
    """A Python that runs but cannot import what the job needs: the job fails at once,
    with the module it missed and the Python it ran, and no article is half-stored."""
    need(SEEDS)
    if not shutil.which("java"):
        pytest.skip("no java on PATH: Spark needs Java 17 (apt-get install default-jre-headless)")
    bare = tmp_path / "bare-python"  # this interpreter without its site-packages
    bare.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S "$@"\n')
    bare.chmod(0o755)
    db = tmp_path / "q.db"
    done = run_quotes(["extract", SEEDS, "--db", db, "--spark", MASTER],
                      without_environment(tmp_path, PYSPARK_PYTHON=str(bare)))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [error] = [line for line in done.stderr.splitlines() if "Error:" in line]
    assert "the job failed: ModuleNotFoundError: No module named" in error, error
    assert f"the executors ran '{bare}'" in error
    assert not db.exists() or store.counts(store.open_db(db))["articles"] == 0


# ---------------------------------------------------------------- the commit stage on the cluster


def quote_rows(db, columns):
    with sqlite3.connect(db) as conn:
        return conn.execute(f"select {columns} from quotes join articles on articles.id = quotes.article_id "
                            "left join speakers on speakers.id = quotes.speaker_id order by quotes.id").fetchall()


def statements_as_sets(db):
    """Each statement as the set of its quotes' ids (ids, not the numbering, are compared)."""
    members = collections.defaultdict(set)
    for quote_id, cluster_id in quote_rows(db, "quotes.id, quotes.cluster_id"):
        if cluster_id:
            members[cluster_id].add(quote_id)
    return {frozenset(quotes) for quotes in members.values()}


def within_bounds(local, bulk_db):
    """What docs/spark.md promises of a ``--spark-tables`` database against the local run's
    on PolNeAR dev."""
    extracted = ("articles.source, articles.text, quotes.kind, quotes.text, quotes.start, quotes.end, "
                 "quotes.cue_start, quotes.speaker_mention, quotes.speaker_start, quotes.role, "
                 "quotes.told_to")
    assert quote_rows(bulk_db, extracted) == quote_rows(local, extracted)
    pieces = "quotes.id - quotes.statement_id"  # the pieces of one quote in an article
    assert quote_rows(bulk_db, pieces) == quote_rows(local, pieces)

    names = list(zip(quote_rows(local, "speakers.name"), quote_rows(bulk_db, "speakers.name")))
    differ = sum(a != b for a, b in names)
    assert differ <= 0.01 * len(names), differ  # fuzzy matches only: 1 of 1,329 on dev
    speakers = [store.counts(store.open_db(db))["speakers"] for db in (local, bulk_db)]
    assert abs(speakers[1] - speakers[0]) <= 0.01 * speakers[0], speakers

    mine, theirs = statements_as_sets(bulk_db), statements_as_sets(local)
    assert len(mine & theirs) >= 0.99 * len(theirs)  # the same statements, bar near copies
    together = {(a, b) for group in mine for a in group for b in group if a < b}
    assert together <= {(a, b) for group in theirs for a in group for b in group if a < b}

    # The figures beside the rows are what a recount of the rows gives.
    db = store.open_db(bulk_db)
    loaded = db.execute("select id, article_count, outlet_count, first_article_id, told_to "
                        "from clusters order by id").fetchall()
    counted = db.execute("select id, quote_count from speakers order by id").fetchall()
    with store.writing(db):
        store.refresh_cluster_stats(db, [row[0] for row in loaded])
        store.recount_speaker_quotes(db, *[row[0] for row in counted])
    assert db.execute("select id, article_count, outlet_count, first_article_id, told_to "
                      "from clusters order by id").fetchall() == loaded
    assert db.execute("select id, quote_count from speakers order by id").fetchall() == counted
    search = "select rowid from quotes_fts where quotes_fts match ? order by rowid"
    for term in ("president", "trump", "border"):  # full-text search finds the same quotes
        found = db.execute(search, [term]).fetchall()
        assert found and found == store.open_db(local).execute(search, [term]).fetchall()
    assert db.execute("pragma foreign_key_check").fetchall() == []  # every id names a row
    assert db.execute("pragma integrity_check").fetchall() == [("ok",)]
    for index in ("quotes_fts", "speakers_fts", "speaker_aliases_fts"):  # each agrees with its rows
        db.execute(f"insert into {index} ({index}) values ('integrity-check')")
    return len(names)


def test_spark_tables_load_what_the_local_run_stores_within_its_bounds(tmp_path, session):
    """``--spark-tables`` on PolNeAR dev against the local run. What the extract stage decides
    is the same; speakers (name keys, no fuzzy match) and statements (exact wordings, no near
    copies or fragments) differ only as docs/spark.md says, by at most these bounds."""
    folder = need(POLNEAR / "dev" / "text")
    local, bulk_db, tables = tmp_path / "local.db", tmp_path / "bulk.db", tmp_path / "tables"
    assert extract(folder, "--db", local).exit_code == 0
    result = extract(folder, "--db", bulk_db, "--spark", MASTER, "--spark-tables", tables)
    assert result.exit_code == 0, result.output
    assert "84 articles read: 84 stored" in result.output

    quotes = within_bounds(local, bulk_db)
    # The Parquet tables hold exactly the rows loaded.
    assert session.read.parquet(str(tables / "quotes")).count() == quotes

    # What the loader writes beside the rows is what the store's own rules give: each
    # quote's statement (the pieces of one quote) and the spellings' counts.
    db = store.open_db(bulk_db)
    pieces = db.execute("select id, statement_id from quotes order by id").fetchall()
    spellings = db.execute("select * from speaker_spellings order by 1, 2").fetchall()
    with store.writing(db):
        db.execute("update quotes set statement_id = null")
        fill_all_statements(db)
        db.execute("delete from speaker_spellings")
        rows = db.execute("select speaker_id, alias, key, article_id from speaker_aliases order by id").fetchall()
        db.execute("delete from speaker_aliases")  # the trigger counts them again as they come back
        db.conn.executemany("insert into speaker_aliases (speaker_id, alias, key, article_id) "
                            "values (?, ?, ?, ?)", rows)
    assert db.execute("select id, statement_id from quotes order by id").fetchall() == pieces
    assert len({p for _, p in pieces}) < len(pieces)  # some quotes are in pieces
    assert db.execute("select * from speaker_spellings order by 1, 2").fetchall() == spellings

    # The same inputs again: every article is stored already, and nothing is doubled.
    before = exported(bulk_db)
    again = extract(folder, "--db", bulk_db, "--spark", MASTER, "--spark-tables", tmp_path / "more")
    assert again.exit_code == 0, again.output
    assert exported(bulk_db) == before


def halves(tmp_path, folder):
    """PolNeAR dev's files in two folders, the first half and the second (the same names);
    the second also has the first article again with a line added, so that its quotes are
    statements stored already."""
    files = sorted(folder.glob("*.txt"))
    parts = []
    for name, chosen in (("first", files[:len(files) // 2]), ("second", files[len(files) // 2:])):
        (tmp_path / name).mkdir()
        for file in chosen:
            shutil.copy(file, tmp_path / name / file.name)
        parts.append(tmp_path / name)
    (parts[1] / "zz-again.txt").write_text("Updated.\n\n" + files[0].read_text())
    return parts


def stored_rows(db):
    """What must survive an append untouched: the articles, quotes and speakers' names."""
    with sqlite3.connect(db) as conn:
        return {table: conn.execute(f"select {columns} from {table} order by id").fetchall()
                for table, columns in (("articles", "*"), ("speakers", "id, name, kind, key"),
                                       ("quotes", "id, article_id, text, speaker_id, statement_id"))}


def test_spark_tables_append_to_a_stored_database_within_the_bounds(tmp_path, session):
    """Half of PolNeAR dev stored by a local run, the other half (and a copy of a stored
    article) appended by ``--spark-tables``: every stored row kept, speakers and statements
    matched to the stored ones, and the whole within the bounds docs/spark.md states against
    a local run of the same inputs."""
    folder = need(POLNEAR / "dev" / "text")
    first, second = halves(tmp_path, folder)
    local, db = tmp_path / "local.db", tmp_path / "appended.db"
    assert extract(first, second, "--db", local).exit_code == 0
    assert extract(first, "--db", db).exit_code == 0
    kept = stored_rows(db)
    result = extract(second, "--db", db, "--spark", MASTER, "--spark-tables", tmp_path / "tables")
    assert result.exit_code == 0, result.output
    assert "43 articles read: 43 stored" in result.output
    after = stored_rows(db)
    for table, rows in kept.items():
        assert after[table][:len(rows)] == rows, table
    # Speakers and statements of the second half that the first has are the stored rows.
    with sqlite3.connect(db) as conn:
        shared = conn.execute("select count(distinct quotes.speaker_id) from quotes where article_id > 42 "
                              "and speaker_id <= ?", [len(kept["speakers"])]).fetchone()[0]
        joined = conn.execute("select count(distinct cluster_id) from quotes where article_id > 42 and "
                              "cluster_id in (select cluster_id from quotes where article_id <= 42)"
                              ).fetchone()[0]
    assert shared > 10 and joined > 0, (shared, joined)  # the copied article's quotes
    within_bounds(local, db)


def test_spark_tables_an_append_that_fails_leaves_the_database_as_it_was(tmp_path, session, monkeypatch):
    folder = need(POLNEAR / "dev" / "text")
    first, second = halves(tmp_path, folder)
    db = tmp_path / "appended.db"
    assert extract(first, "--db", db).exit_code == 0
    before = exported(db)

    def full(*args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(bulk_store, "refresh_cluster_stats", full)  # after every insert, before the commit
    result = extract(second, "--db", db, "--spark", MASTER, "--spark-tables", tmp_path / "tables")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [error] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert error.startswith(f"Error: --spark-tables: loading the tables into {db} failed: "
                            "OperationalError: database or disk is full; the database is as it was"), error
    assert exported(db) == before
    assert store.counts(store.open_db(db))["articles"] == 42
    assert not Path(str(db) + ".loading").exists()


def test_spark_tables_a_job_that_dies_writes_no_database(tmp_path, session, monkeypatch):
    need(SEEDS)
    folder = with_article(tmp_path, DIES)
    db = tmp_path / "bulk.db"
    monkeypatch.setattr(spark, "build_engine", troubled_engine)
    result = extract(folder, "--db", db, "--spark", MASTER, "--spark-tables", tmp_path / "tables")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    [error] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert error.startswith("Error: --spark: the job failed: "), error
    assert "no database was written" in error
    assert not db.exists()
