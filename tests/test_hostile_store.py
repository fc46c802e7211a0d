"""Hostile inputs to the store and the run (issue 28): each ends in one ``Error:`` line or
a prompt exit, never a traceback, a hang or a database half-written."""
from __future__ import annotations

import quotes
from quotes.extract import clean

HARBOUR = ('Harbour to reopen\n\n"We will reopen the port next week," Mayor Ana Ruiz said on '
           'Monday. (c) 2026 Harbour Wire. All rights reserved.')


def test_a_copyright_notice_ending_a_short_article_leaves_its_quote():
    found = quotes.find_quotes(HARBOUR)
    assert [(q.text, q.speaker) for q in found] == [("We will reopen the port next week", "Ana Ruiz")]
    # the notice itself is still furniture, blanked from the sign on
    assert clean.dropped(HARBOUR) == [(HARBOUR.index("(c)"), len(HARBOUR))]


def test_a_copyright_sign_alone_at_the_start_is_a_notice_paragraph():
    text = HARBOUR.replace("(c) 2026 Harbour Wire. All rights reserved.", "") \
        + "\n\n© 2026 Harbour Wire. All rights reserved."
    notice = text.index("©")
    assert clean.dropped(text) == [(notice, len(text))]


# ---------------------------------------------------------------- the database file

import hashlib
import os
import shutil
import sqlite3
import subprocess

import pytest
from click.testing import CliRunner

from quotes import store
from quotes.cli import cli

ARTICLE = '"We will reopen the port next week," Mayor Ana Ruiz said on Monday.\n'


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _side_files(path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(path.name + "-*"))


@pytest.fixture
def stored(tmp_path):
    """A quotes database holding one article, and an article it does not hold yet."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text('"We will close," Mayor Bo Lin said.\n', encoding="utf-8")
    db = tmp_path / "q.db"
    assert CliRunner().invoke(cli, ["extract", str(tmp_path / "a.txt"), "--db", str(db)]).exit_code == 0
    return db


def _one_error_line(result, *words):
    """The user's view: exit status 1, one ``Error:`` line naming ``words``, no traceback."""
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


COMMANDS = [["extract", "{b}"], ["export"], ["speakers", "list"], ["speakers", "show", "Ana Ruiz"],
            ["speakers", "rename", "Ana Ruiz", "Ana R"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_database_from_a_newer_quotes_is_refused_and_left_as_it_was(stored, command):
    with sqlite3.connect(stored) as conn:
        conn.execute(f"insert into {store.MIGRATIONS_TABLE} values ('m999_from_the_future', 'x')")
    conn.close()
    before, side = _digest(stored), _side_files(stored)
    args = [arg.format(b=stored.parent / "b.txt") for arg in command]
    result = CliRunner().invoke(cli, [*args, "--db", str(stored)])
    line = _one_error_line(result, "m999_from_the_future", store.MIGRATIONS[-1].__name__,
                           "newer quotes", "upgrade quotes")
    assert str(stored) in line
    assert _digest(stored) == before and _side_files(stored) == side


def test_the_python_api_refuses_a_newer_database_too(stored):
    with sqlite3.connect(stored) as conn:
        conn.execute(f"insert into {store.MIGRATIONS_TABLE} values ('m999_from_the_future', 'x')")
    conn.close()
    with pytest.raises(store.DatabaseUnusable, match="newer quotes"):
        quotes.Tracker(stored)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_an_unrelated_sqlite_database_is_not_given_our_schema(tmp_path, command):
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    other = tmp_path / "budget.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table lines (item text, amount real)")
        conn.execute("insert into lines values ('paper', 12.5)")
    conn.close()
    before = _digest(other)
    args = [arg.format(b=tmp_path / "b.txt") for arg in command]
    result = CliRunner().invoke(cli, [*args, "--db", str(other)])
    _one_error_line(result, "not a quotes database", "lines")
    assert _digest(other) == before and _side_files(other) == []
    with sqlite3.connect(other) as conn:
        assert conn.execute("pragma journal_mode").fetchone()[0] != "wal"
    conn.close()


def test_an_empty_sqlite_database_becomes_a_quotes_database(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "a.txt"), "--db", str(empty)])
    assert result.exit_code == 0, result.stderr
    assert "1 stored" in result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_file_that_is_not_sqlite_is_one_error_line(tmp_path, command):
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    notes = tmp_path / "notes.db"
    notes.write_text("shopping: bread, milk, eggs\n" * 40, encoding="utf-8")
    before = _digest(notes)
    args = [arg.format(b=tmp_path / "b.txt") for arg in command]
    _one_error_line(CliRunner().invoke(cli, [*args, "--db", str(notes)]), "not a SQLite database")
    assert _digest(notes) == before


@pytest.fixture
def read_only(stored):
    """``stored``, made read-only: by its mode, and (as root ignores modes) immutable."""
    stored.chmod(0o444)
    if os.geteuid() == 0:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(stored)],
                                                        capture_output=True).returncode:
            pytest.skip("root, and no chattr +i here to make a file read-only")
    yield stored
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(stored)], check=True)
    stored.chmod(0o644)


@pytest.mark.parametrize("command", [["extract", "{b}"], ["speakers", "rename", "Ana Ruiz", "Ana R"]],
                         ids=["extract", "rename"])
def test_writing_to_a_read_only_database_is_one_error_line(read_only, command):
    before = _digest(read_only)
    args = [arg.format(b=read_only.parent / "b.txt") for arg in command]
    _one_error_line(CliRunner().invoke(cli, [*args, "--db", str(read_only)]), "read-only",
                    str(read_only))
    assert _digest(read_only) == before


def test_reading_a_read_only_database_still_works(read_only):
    result = CliRunner().invoke(cli, ["speakers", "list", "--db", str(read_only)])
    assert result.exit_code == 0 and "Ana Ruiz" in result.output


def test_a_full_disk_stops_the_run_in_one_line_and_keeps_what_was_committed(tmp_path, monkeypatch):
    """SQLITE_FULL, as a full disk gives it, by capping the database's pages (max_page_count)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    filler = "The council met on Tuesday to talk about the harbour. " * 60
    for n in range(120):
        (folder / f"{n:03}.txt").write_text(
            f'Harbour {n}\n\n"We will reopen pier {n} next week," Mayor Ana Ruiz said. {filler}\n',
            encoding="utf-8")
    db = tmp_path / "q.db"
    first = CliRunner().invoke(cli, ["extract", str(folder / "000.txt"), "--db", str(db)])
    assert first.exit_code == 0
    with sqlite3.connect(db) as conn:
        pages = conn.execute("pragma page_count").fetchone()[0]
    conn.close()
    opened = store.open_db

    def on_a_small_disk(path):
        db = opened(path)
        db.conn.execute(f"pragma max_page_count = {pages + 40}")
        return db

    monkeypatch.setattr(store, "open_db", on_a_small_disk)
    result = CliRunner().invoke(cli, ["extract", str(folder), "--db", str(db), "--jobs", "1",
                                      "--batch", "5"])
    _one_error_line(result, "disk is full", str(db))
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
        kept = conn.execute("select count(*) from articles").fetchone()[0]
        quoted = conn.execute("select count(distinct article_id) from quotes").fetchone()[0]
    conn.close()
    assert 1 < kept < 120 and kept % 5 == 1  # the first article, then whole batches of 5
    assert quoted == kept  # every stored article has its quote: none half-written


# ---------------------------------------------------------------- the speakers commands

@pytest.mark.parametrize("ref", ["²", "99999999999999999999999", "9" * 5000])
def test_speakers_show_an_id_that_cannot_be_one_says_so(stored, ref):
    line = _one_error_line(CliRunner().invoke(cli, ["speakers", "show", ref, "--db", str(stored)]),
                           "no speaker")
    assert len(line) < 200


def test_speakers_list_search_takes_percent_and_underscore_literally(stored):
    def names(search):
        result = CliRunner().invoke(cli, ["speakers", "list", "--search", search, "--db", str(stored)])
        assert result.exit_code == 0
        return result.output.splitlines()[1:]

    assert len(names("Ruiz")) == 1
    assert names("%") == [] and names("_") == [] and names("A%z") == []


# ---------------------------------------------------------------- Ctrl-C, twice

import random
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _many_articles(folder: Path, count: int) -> None:
    rng = random.Random(28)
    words = "council harbour budget water road school police union minister report".split()
    folder.mkdir()
    for n in range(count):
        body = " ".join(rng.choice(words) for _ in range(300))
        (folder / f"{n:05}.txt").write_text(
            f'Story {n}\n\n"We will fix the {rng.choice(words)} {n} soon," Mayor Ana Ruiz{n % 50} '
            f'said. {body}.\n\n"It is {n} days late," said union leader Tom Becker{n % 30}.\n',
            encoding="utf-8")


def _group_gone(group: int, seconds: float = 5.0) -> bool:
    """Whether every process of the run's group (its workers too) has ended."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT are POSIX")
def test_two_quick_ctrl_cs_end_the_run_at_once_and_lose_nothing_stored(tmp_path):
    """Ctrl-C reaches the whole process group (the writer and its --jobs workers); a second
    one 0.03-0.13 s later, during the orderly stop, used to hang the run for good."""
    folder = tmp_path / "articles"
    _many_articles(folder, 1500)
    rng = random.Random(10)
    for trial in range(5):
        db = tmp_path / f"run{trial}.db"
        run = subprocess.Popen(
            [sys.executable, "-m", "quotes", "extract", str(folder), "--db", str(db), "--jobs", "2",
             "--batch", "20", "--engine", "rules"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while not db.exists() and time.monotonic() < deadline and run.poll() is None:
                time.sleep(0.05)  # the database is created with the first article written
            time.sleep(rng.uniform(0.2, 1.0))
            assert run.poll() is None, "the run ended before it was interrupted: more articles"
            os.killpg(run.pid, signal.SIGINT)
            time.sleep(rng.uniform(0.03, 0.13))
            os.killpg(run.pid, signal.SIGINT)
            try:
                status = run.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pytest.fail(f"trial {trial}: the run hung after two Ctrl-Cs")
        finally:
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
                run.wait()
            stderr = run.stderr.read()
            run.stderr.close()
        assert status in (130, -signal.SIGINT), (status, stderr)  # the shell shows both as 130
        assert _group_gone(run.pid), f"trial {trial}: worker processes outlived the run"
        assert "Traceback" not in stderr, stderr
        with sqlite3.connect(db) as conn:
            assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
            articles, quoted, found = conn.execute(
                "select count(*), (select count(distinct article_id) from quotes),"
                " (select count(*) from quotes) from articles").fetchone()
        conn.close()
        assert quoted == articles and found == 2 * articles  # no article half-written
