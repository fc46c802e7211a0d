"""Worker processes and batched commits: the same database for any --jobs, and a killed run resumes."""
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli import cli

from conftest import POLNEAR, ROOT, need

ARTICLES = 80


@pytest.fixture(scope="module")
def articles():
    folder = need(POLNEAR / "train" / "text")
    return [str(path) for path in sorted(folder.glob("*.txt"))[:ARTICLES]]


def _export(db_path) -> str:
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def one_job(articles, tmp_path_factory):
    """The export of a run with one process, as the reference."""
    db_path = tmp_path_factory.mktemp("one") / "q.db"
    result = CliRunner().invoke(cli, ["extract", *articles, "--db", str(db_path), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return _export(db_path)


def test_two_jobs_store_exactly_what_one_job_stores(articles, one_job, tmp_path):
    db_path = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["extract", *articles, "--db", str(db_path), "--jobs", "2",
                                      "--batch", "7"])
    assert result.exit_code == 0, result.output
    assert f"{ARTICLES} stored" in result.output
    assert one_job.count("\n") > 500  # quotes, speakers and clusters to compare
    assert _export(db_path) == one_job


def _processes_naming(path) -> list[int]:
    """Processes whose command line names ``path`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(path).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:  # ended meanwhile, or not ours to read
            pass
    return found


def test_a_killed_parallel_run_resumes_with_nothing_lost_or_doubled(articles, one_job, tmp_path):
    db_path = tmp_path / "q.db"
    command = [sys.executable, "-m", "quotes", "extract", *articles, "--db", str(db_path),
               "--jobs", "2", "--batch", "4"]
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    try:
        deadline = time.monotonic() + 120
        while stored < 8 and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.01)
            if db_path.exists():
                try:
                    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
                        stored = conn.execute("select count(*) from articles").fetchone()[0]
                except sqlite3.OperationalError:  # the schema is still being made
                    pass
        assert run.poll() is None, "the run finished before it could be killed"
        run.send_signal(signal.SIGKILL)  # no clean-up at all: as if the machine went down
    finally:
        run.wait()
    with sqlite3.connect(db_path) as conn:
        kept = conn.execute("select count(*) from articles").fetchone()[0]
    assert 8 <= kept < ARTICLES  # the batches committed before the kill
    # Its workers do not linger, waiting for work from a writer that is gone.
    deadline = time.monotonic() + 10
    while _processes_naming(db_path) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _processes_naming(db_path)

    result = CliRunner().invoke(cli, ["extract", *articles, "--db", str(db_path), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert f"{ARTICLES - kept} stored, {kept} skipped" in result.output
    assert _export(db_path) == one_job
