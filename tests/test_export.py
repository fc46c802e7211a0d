"""The export a researcher takes away, and the confidence each quote carries.

A small corpus built for these tests: the Harbour Wire has a statement first (cut in two
pieces by its cue, told to the paper by a harbour master), the Valley Herald carries one of
its quotes a day later under a headline that reads like a spreadsheet formula, and quotes
open with every character a spreadsheet takes for a formula.
"""
import asyncio
import csv
import importlib.util
import io
import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import POLNEAR, ROOT, need

from quotes import store
from quotes.cli import cli
from quotes.export import FORMULA_STARTS, spreadsheet_safe
from quotes.extract import confidence
from quotes.engines import get_engine
from quotes.extract.article import find, find_quotes
from quotes.lang import get as get_pack
from quotes.model import Attribution, Speaker
from quotes.web.serve import datasette_instance

pyarrow = pytest.importorskip("pyarrow", reason="--format parquet needs pyarrow (the parquet extra)")
import pyarrow.parquet as pq  # noqa: E402

WIRE = {
    "source": "wire-quay", "outlet": "Harbour Wire", "title": "Quay reopens after the attack",
    "url": "https://harbourwire.example/quay", "published": "2026-03-02T08:00:00Z",
    "text": "The port reopened on Monday.\n\n"
            "\"=cmd|' /C calc'!A0 is what the attackers typed,\" harbour master Yusuf Haddad told "
            "the Harbour Wire. \"We stopped them.\"\n\n"
            "\"+1 for the crews who worked all night,\" Haddad said.\n\n"
            "\"-5 degrees did not stop them,\" said Lena Ortiz, a dock worker.\n\n"
            "\"@everyone should thank them,\" Ortiz said.\n\n"
            "\"\uff1dSUM(A1) is not a word,\" she said.\n",
}
HERALD = {
    "source": "herald-crews", "outlet": "Valley Herald", "title": "@SUM(1+1) crews praised",
    "url": "https://valleyherald.example/crews", "published": "2026-03-03T10:00:00Z",
    "text": "Crews were praised on Tuesday.\n\n"
            "\"+1 for the crews who worked all night,\" harbour master Yusuf Haddad said.\n\n"
            "\"The repairs will cost more than planned,\" a port official said.\n",
}
FIRST_FIELDS = ("first_article_id", "first_outlet", "first_published", "first_url")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def harbour_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("harbour")
    path = folder / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in (WIRE, HERALD)), encoding="utf-8")
    db = folder / "harbour.db"
    result = run("extract", path, "--db", db, "--engine", "rules")
    assert result.exit_code == 0, result.output
    return db


def exported(db, fmt, tmp_path, *options):
    """The export in ``fmt`` read back as records, each value as the format holds it."""
    out = tmp_path / f"quotes.{fmt}"
    result = run("export", "--db", db, "--format", fmt, "--output", out, *options)
    assert result.exit_code == 0, result.output
    if fmt == "parquet":
        return pq.read_table(out).to_pylist()
    text = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    if fmt == "json":
        return json.loads(text)
    return list(csv.DictReader(io.StringIO(text, newline="")))


def typed(record):
    """A CSV record with its numbers and empty cells as JSON has them."""
    kinds = store.EXPORT_TYPES
    return {field: None if value == "" else kinds[field](value) for field, value in record.items()}


def unquoted(record):
    """A CSV record as JSON has it, the quote mark before a formula sign taken off."""
    return {field: value[1:] if isinstance(value, str) and value[:1] == "'"
            and value[1:].startswith(FORMULA_STARTS) else value for field, value in typed(record).items()}


def by_text(records):
    return {record["text"]: record for record in records}


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "parquet"])
def test_every_format_carries_the_article_the_speaker_the_statement_and_its_first_appearance(
        harbour_db, tmp_path, fmt):
    records = exported(harbour_db, fmt, tmp_path)
    assert [tuple(record) for record in records] == [store.EXPORT_FIELDS] * len(records)
    if fmt == "csv":
        records = [unquoted(record) for record in records]
    quotes = by_text(records)
    told = quotes["=cmd|' /C calc'!A0 is what the attackers typed"]
    assert (told["published"], told["url"], told["title"]) == (WIRE["published"], WIRE["url"], WIRE["title"])
    assert (told["role"], told["told_to"], told["speaker"]) == ("harbour master", "Harbour Wire", "Yusuf Haddad")
    second = quotes["We stopped them."]
    assert second["statement_id"] == told["statement_id"] != quotes["-5 degrees did not stop them"]["statement_id"]
    carried = [r for r in records if r["text"] == "+1 for the crews who worked all night"]
    assert {r["outlet"] for r in carried} == {"Harbour Wire", "Valley Herald"}
    assert len({r["cluster_id"] for r in carried}) == 1
    wire_copy = next(r for r in carried if r["outlet"] == "Harbour Wire")
    for record in carried:  # the Herald's copy names the Wire's article as the first
        assert (record["first_article_id"], record["first_outlet"], record["first_published"],
                record["first_url"]) == (wire_copy["article_id"], "Harbour Wire", WIRE["published"], WIRE["url"])
    assert all(0 < record["confidence"] <= 1 for record in records)


def test_the_formats_agree_record_for_record(harbour_db, tmp_path):
    """JSON, JSON lines and Parquet hold the same records; CSV too, but for the quote marks it
    puts in front of cells that would run as formulas."""
    jsonl = exported(harbour_db, "jsonl", tmp_path)
    assert exported(harbour_db, "json", tmp_path) == jsonl
    assert exported(harbour_db, "parquet", tmp_path) == jsonl
    assert [unquoted(record) for record in exported(harbour_db, "csv", tmp_path)] == jsonl


def test_csv_cells_that_would_start_a_formula_are_neutralised_and_the_rest_kept_exact(harbour_db, tmp_path):
    raw = exported(harbour_db, "csv", tmp_path)
    exact = exported(harbour_db, "jsonl", tmp_path)
    formulas = 0
    for cells, record in zip(raw, exact):
        for field, value in record.items():
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                formulas += 1
                assert cells[field] == "'" + value, (field, value)
            elif value is not None:
                assert cells[field] == str(value)
    texts = {record["text"][:1] for record in exact} | {record["title"][:1] for record in exact}
    assert {"=", "+", "-", "@", "\uff1d"} <= texts, "the corpus opens quotes with formula signs"
    assert formulas >= 6
    assert "'@SUM(1+1) crews praised" in {cells["title"] for cells in raw}


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_each_formula_sign_is_neutralised_and_numbers_are_not(start):
    assert spreadsheet_safe(start + "1+1") == "'" + start + "1+1"
    assert spreadsheet_safe("said " + start) == "said " + start
    assert spreadsheet_safe(-5) == -5 and spreadsheet_safe(0.5) == 0.5 and spreadsheet_safe(None) is None


def test_min_confidence_keeps_the_quotes_at_least_that_sure(harbour_db, tmp_path):
    everything = exported(harbour_db, "jsonl", tmp_path)
    levels = sorted({record["confidence"] for record in everything})
    assert len(levels) > 1, "the corpus has quotes of more than one class"
    cut = levels[-1]
    kept = exported(harbour_db, "jsonl", tmp_path, "--min-confidence", cut)
    assert kept == [record for record in everything if record["confidence"] >= cut]
    assert 0 < len(kept) < len(everything)
    bad = run("export", "--db", harbour_db, "--min-confidence", "1.5")
    assert bad.exit_code != 0 and "--min-confidence" in bad.output


def test_parquet_without_pyarrow_is_one_clear_line_and_no_file(harbour_db, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # what a missing package looks like to import
    out = tmp_path / "quotes.parquet"
    result = run("export", "--db", harbour_db, "--format", "parquet", "--output", out)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: --format parquet needs pyarrow: pip install 'quotes[parquet]'"]
    assert not out.exists()


def test_an_unwritable_output_is_one_clear_line(harbour_db, tmp_path):
    result = run("export", "--db", harbour_db, "--output", tmp_path / "no-such-folder" / "q.jsonl")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1


# Confidence ---------------------------------------------------------------------------------

def test_a_database_from_before_m011_keeps_its_quotes_and_gains_confidence_for_new_ones(tmp_path):
    """The database written at bc7fcdb has the ten migrations before m011."""
    db_path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "data" / "bc7fcdb-seeds.db", db_path)
    with sqlite3.connect(db_path) as conn:
        before = conn.execute("select * from quotes order by id").fetchall()
    with sqlite3.connect(db_path) as conn:
        assert "m011_quote_confidence" not in {n for (n,) in conn.execute("select name from _quotes_migrations")}
    old = exported(db_path, "jsonl", tmp_path)
    assert old and all(record["confidence"] is None for record in old)
    with sqlite3.connect(db_path) as conn:
        after = conn.execute("select * from quotes order by id").fetchall()
    assert [row[:-1] for row in after] == before and {row[-1] for row in after} == {None}
    assert exported(db_path, "jsonl", tmp_path, "--min-confidence", 0) == []
    path = tmp_path / "new.jsonl"
    path.write_text(json.dumps(HERALD) + "\n", encoding="utf-8")
    assert run("extract", path, "--db", db_path, "--engine", "rules").exit_code == 0
    new = exported(db_path, "jsonl", tmp_path, "--min-confidence", 0)
    assert new and {record["source"] for record in new} == {HERALD["source"]}
    assert len(exported(db_path, "jsonl", tmp_path)) == len(old) + len(new)


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def test_the_quote_page_shows_the_confidence_and_quote_list_filters_on_it(harbour_db):
    ds = datasette_instance(harbour_db)
    db = harbour_db.stem
    with sqlite3.connect(harbour_db) as conn:
        rows = conn.execute("select id, confidence from quotes order by confidence").fetchall()
    low, high = rows[0], rows[-1]
    assert low[1] < high[1]
    for quote_id, value in (low, high):
        page = get(ds, f"/{db}/quotes/{quote_id}").text
        assert "<dt>Confidence</dt>" in page
        assert f"{round(value * 100)}%" in page
        assert f"quote_list?confidence__gte={value}" in page
    listed = get(ds, f"/{db}/quote_list.json?_shape=array&confidence__gte={high[1]}").json()
    assert listed and {row["quote_id"] for row in listed} == {i for i, v in rows if v >= high[1]}
    page = get(ds, f"/{db}/quote_list?confidence__gte={high[1]}").text
    assert "Showing 6 of" in page  # the column is there to filter on, not among those shown


def test_a_quote_without_a_confidence_says_it_is_not_known(tmp_path):
    db_path = tmp_path / "older.db"
    shutil.copy(Path(__file__).parent / "data" / "bc7fcdb-seeds.db", db_path)
    store.open_db(db_path).conn.close()
    page = get(datasette_instance(db_path), f"/{db_path.stem}/quotes/1").text
    assert "<dt>Confidence</dt>" in page and "not known" in page


def test_rules_quotes_get_the_confidence_measured_for_their_class():
    engine = get_engine("rules")
    measured = confidence.table("rules")
    found = find(WIRE["text"] + HERALD["text"], engine)
    classes = {confidence.quote_class(quote, engine.pack) for quote in found}
    assert len(classes) > 1, "quotes of more than one class"
    for quote in found:
        assert quote.confidence == measured["classes"][confidence.quote_class(quote, engine.pack)]["confidence"]
    # ... and the Python API gives the same figures
    api = find_quotes(WIRE["text"] + HERALD["text"], engine="rules")
    assert [q.confidence for q in api] == [q.confidence for q in found]


def test_an_engines_own_confidence_is_kept_and_an_unmeasured_engine_gives_none():
    pack = get_pack("en")
    own = Attribution("direct", 0, 5, "words", "said", 6, 10, Speaker("she", 11, 14), confidence=0.42)
    plain = Attribution("direct", 0, 5, "words", "said", 6, 10, Speaker("she", 11, 14))
    confidence.apply([own, plain], "rules", pack)
    assert own.confidence == 0.42 and plain.confidence is not None
    unmeasured = Attribution("direct", 0, 5, "words", "said", 6, 10, Speaker("she", 11, 14))
    confidence.apply([unmeasured], "no-such-engine", pack)
    assert unmeasured.confidence is None


def test_the_table_script_measures_a_few_polnear_articles(tmp_path):
    train = need(POLNEAR / "train")
    spec = importlib.util.spec_from_file_location("confidence_table", ROOT / "scripts" / "confidence_table.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    folder = tmp_path / "few"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for text in sorted((train / "text").glob("*.txt"))[:3]:
        shutil.copy(text, folder / "text")
        for ann in (train / "attributions").glob(f"{text.stem}_*.ann"):
            shutil.copy(ann, folder / "attributions")
    results = script.measure(folder)
    assert results and any(right for _, right in results)
    measured = script.table(results, script.PRIOR, get_pack("en"))
    assert sum(entry["quotes"] for entry in measured["classes"].values()) == len(results)
    assert measured["all"]["right"] == sum(right for _, right in results)
    assert all(0 <= entry["confidence"] <= 1 for entry in measured["classes"].values())
