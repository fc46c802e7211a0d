"""`quotes extract --spark spark://127.0.0.1:PORT` on a real standalone cluster.

A master and two workers of one core each, started from pyspark's own ``spark-class``
(``scripts/spark_standalone.py``) once for the module and always stopped: executors in
JVMs of their own, started by the workers, as on a cluster of machines. The run on it
stores the local run's quotes, speakers and statements; a worker killed mid-job costs
nothing; the README's packed environment (an archive shipped with ``--archives``) is
what the executors run.
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes import store
from quotes.cli import cli
from quotes.run import spark

from conftest import POLNEAR, ROOT, SEEDS, need

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
sys.path.insert(0, str(ROOT / "scripts"))
from spark_standalone import Standalone  # noqa: E402

# What the executors import for text inputs and the rules engine, besides the package
# (lxml: the readers name outlets from page metadata at import).
EXECUTOR_DISTRIBUTIONS = ("anyascii", "rapidfuzz", "regex", "syntok", "python-dateutil", "six", "lxml")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not shutil.which("java"):
        pytest.skip("no java on PATH: Spark needs Java 17 (apt-get install default-jre-headless)")
    with Standalone(tmp_path_factory.mktemp("standalone"), workers=2, cores=1) as running:
        yield running


@pytest.fixture(scope="module")
def session(cluster):
    """This process's Spark session on the cluster, which ``extract --spark`` then uses."""
    running, started = spark.start(cluster.master)
    assert started
    yield running
    running.stop()


@pytest.fixture(scope="module")
def dev_local(tmp_path_factory):
    """PolNeAR dev extracted by a local run: what every cluster run must store."""
    folder = need(POLNEAR / "dev" / "text")
    db = tmp_path_factory.mktemp("local") / "local.db"
    assert extract(folder, "--db", db).exit_code == 0
    return db


def extract(*args):
    return CliRunner().invoke(cli, ["extract", *map(str, args)])


def stored(db) -> dict:
    """What a user sees of a database: every quote as exported, every speaker known across
    or within articles (name, kind, key, quotes) and every statement with its figures."""
    with sqlite3.connect(db) as conn:
        return {
            "quotes": list(store.export_rows(store.open_db(db))),
            "speakers": conn.execute("select id, name, kind, key, quote_count, scope_article_id "
                                     "from speakers order by id").fetchall(),
            "statements": conn.execute("select id, canonical_text, speaker_id, article_count, "
                                       "outlet_count, first_article_id from clusters order by id").fetchall(),
            "links": conn.execute("select * from cluster_links order by 1, 2").fetchall(),
        }


# ---------------------------------------------------------------- before this process's session


def packed_environment(folder: Path, mark: Path) -> Path:
    """An archive of a virtual environment with this package and what the executors
    import, as the README's recipe packs one (venv-pack makes the same layout: the
    environment's own ``bin/python`` and its ``site-packages``). A ``.pth`` file in it
    notes each interpreter that starts from it in ``mark``, to show whose Python ran."""
    env = folder / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    [site] = env.glob("lib/python*/site-packages")
    # The package as its wheel installs it (the README builds one with `pip wheel`).
    shutil.copytree(ROOT / "quotes", site / "quotes", ignore=shutil.ignore_patterns("__pycache__"))
    for name in EXECUTOR_DISTRIBUTIONS:
        for file in metadata.distribution(name).files or ():
            source = Path(file.locate())
            if source.is_file() and "__pycache__" not in file.parts and not str(file).startswith(".."):
                (site / file).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, site / file)
    (site / "zz_packed_mark.pth").write_text(
        f"import sys; open({str(mark)!r}, 'a').write(sys.prefix + '\\n')\n")
    archive = folder / "env.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(env, arcname=".")
    return archive


def test_the_readme_packed_environment_runs_on_the_cluster(tmp_path, cluster):
    """``spark-submit --archives env.tar.gz#env`` with ``PYSPARK_PYTHON=./env/bin/python``:
    the executors run the shipped environment's Python, and the database is the local run's."""
    need(SEEDS)
    mark = tmp_path / "mark"
    archive = packed_environment(tmp_path, mark)
    job = tmp_path / "quotes_job.py"
    job.write_text('from quotes.cli import cli; cli(prog_name="quotes")\n')
    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    env = {**os.environ, "PYSPARK_DRIVER_PYTHON": sys.executable, "PYSPARK_PYTHON": "./env/bin/python",
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [str(submit), "--master", cluster.master, "--deploy-mode", "client",
         "--archives", f"{archive}#env", "--executor-memory", "512m", str(job),
         "extract", str(SEEDS), "--db", str(tmp_path / "spark.db"), "--spark", cluster.master],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    prefixes = set(mark.read_text().split())
    assert prefixes and all(prefix.endswith("/env") and str(tmp_path) not in prefix
                            for prefix in prefixes), prefixes  # unpacked in the executors' folders
    assert extract(SEEDS, "--db", tmp_path / "local.db").exit_code == 0
    assert stored(tmp_path / "spark.db") == stored(tmp_path / "local.db")


# ---------------------------------------------------------------- this process's session


def test_polnear_dev_on_the_cluster_is_the_local_run(tmp_path, session, dev_local, monkeypatch):
    folder = need(POLNEAR / "dev" / "text")
    monkeypatch.setattr(spark, "WAVE_BYTES", (64 * 1024, 64 * 1024))  # several waves, in order
    monkeypatch.setattr(spark, "PARTITION_BYTES", 16 * 1024)
    result = extract(folder, "--db", tmp_path / "cluster.db", "--spark", session.sparkContext.master)
    assert result.exit_code == 0, result.output
    on_cluster = stored(tmp_path / "cluster.db")
    assert len(on_cluster["quotes"]) > 500 and on_cluster["statements"]
    assert on_cluster == stored(dev_local)


def test_spark_tables_on_the_cluster_are_within_their_bounds(tmp_path, session, dev_local):
    """The commit stage's matching as jobs on the cluster, its tables loaded in bulk: the
    bounds docs/spark.md states against the local run."""
    from test_spark import within_bounds

    folder = need(POLNEAR / "dev" / "text")
    result = extract(folder, "--db", tmp_path / "bulk.db", "--spark", session.sparkContext.master,
                     "--spark-tables", tmp_path / "tables")
    assert result.exit_code == 0, result.output
    assert within_bounds(dev_local, tmp_path / "bulk.db") > 500


def test_a_worker_killed_mid_job_costs_nothing(tmp_path, cluster, session, dev_local, monkeypatch):
    """Its tasks and lost shuffle files are done again on the other worker; the driver
    commits each article once, in order, so the database is the local run's."""
    folder = need(POLNEAR / "dev" / "text")
    monkeypatch.setattr(spark, "WAVE_BYTES", (64 * 1024, 64 * 1024))
    monkeypatch.setattr(spark, "PARTITION_BYTES", 16 * 1024)
    tracker = session.sparkContext.statusTracker()
    killed = threading.Event()

    def kill_when_busy():
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            stages = [tracker.getStageInfo(s) for s in tracker.getActiveStageIds()]
            if any(stage and stage.numActiveTasks and stage.numCompletedTasks for stage in stages):
                cluster.kill_worker(2)
                killed.set()
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=kill_when_busy, daemon=True)
    watcher.start()
    try:
        result = extract(folder, "--db", tmp_path / "cluster.db", "--spark", session.sparkContext.master)
    finally:
        watcher.join(timeout=5)
    assert killed.is_set(), "the job ended before a worker could be killed"
    assert result.exit_code == 0, result.output
    assert cluster.alive() == 1
    assert stored(tmp_path / "cluster.db") == stored(dev_local)
    cluster.start_worker(2)  # for whatever runs next
