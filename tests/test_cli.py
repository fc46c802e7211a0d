"""The CLI as a data journalist uses it: extract, re-run, export, bad input."""
import csv
import io
import json
import sqlite3

from click.testing import CliRunner

from quotes.readers import inputs as read
from quotes import store
from quotes.cli import cli
from quotes.sample import sample_dir


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def export(db, fmt="jsonl"):
    result = run("export", "--db", db, "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        return [json.loads(line) for line in result.output.splitlines()]
    return list(csv.DictReader(io.StringIO(result.output)))


def test_export_records_have_every_field_and_offsets_slice_the_text(seeds_db, seeds):
    records = export(seeds_db)
    assert records, "the seeds hold quotes"
    for record in records:
        assert tuple(record) == store.EXPORT_FIELDS
        article = (seeds / record["source"]).read_text(encoding="utf-8")
        assert article[record["start"]:record["end"]] == record["text"]
        assert article[record["cue_start"]:record["cue_end"]] == record["cue"]
        if record["speaker_start"] is not None:
            assert article[record["speaker_start"]:record["speaker_end"]] == record["speaker_mention"]
    assert {r["kind"] for r in records} >= {"direct", "indirect"}
    assert {r["outlet"] for r in records} >= {"Rudaw", "Baghdad Post"}


def test_csv_export_has_the_same_records(seeds_db):
    assert len(export(seeds_db, "csv")) == len(export(seeds_db))


def test_extracting_twice_changes_nothing(seeds_db, seeds):
    before = store.counts(store.open_db(seeds_db))
    result = run("extract", seeds, "--manifest", seeds / "manifest.csv", "--db", seeds_db)
    assert result.exit_code == 0
    assert "0 stored, 5 skipped" in result.output
    assert store.counts(store.open_db(seeds_db)) == before


def test_summary_line_counts_articles_and_quotes(tmp_path):
    result = run("extract", sample_dir(), "--db", tmp_path / "d.db", "--outlet", "Wire")
    assert result.exit_code == 0
    assert "8 articles read: 8 stored, 0 skipped" in result.output
    db = sqlite3.connect(tmp_path / "d.db")
    assert db.execute("select count(*) from quotes").fetchone()[0] > 5
    assert db.execute("select distinct engine from articles").fetchall() == [("rules",)]
    assert db.execute("select name from outlets").fetchall() == [("Wire",)]


def test_jsonl_articles_carry_their_metadata(tmp_path):
    lines = [
        {"text": '"We are ready," the mayor said on Friday.', "source": "a1", "outlet": "Daily",
         "url": "https://x.example/a1", "published": "2026-01-02", "title": "Ready"},
        {"text": 'Ana Diaz said the bridge would open in May. "It is finished," she said.'},
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    db = tmp_path / "j.db"
    assert run("extract", path, "--db", db).exit_code == 0
    records = export(db)
    # A record without a source is keyed by its text, not by its line.
    assert {r["source"] for r in records} == {"a1", f"articles.jsonl#{read.text_key(lines[1]['text'])}"}
    assert {r["outlet"] for r in records if r["source"] == "a1"} == {"Daily"}
    she = next(r for r in records if r["speaker_mention"] == "she")
    assert she["speaker"] == "Ana Diaz"
    row = sqlite3.connect(db).execute("select url, published, title from articles where source='a1'").fetchone()
    assert row == ("https://x.example/a1", "2026-01-02T00:00:00Z", "Ready")  # a day: its midnight UTC


def test_manifest_fills_outlet_and_title(seeds_db):
    db = sqlite3.connect(seeds_db)
    rows = dict(db.execute(
        "select source, outlets.name from articles left join outlets on outlets.id = outlet_id"))
    assert rows["001_589ebbf89fc57978.txt"] == "Rudaw"
    assert rows["000_33ab1c6ddedbe5a9.txt"] is None
    title = db.execute("select title from articles where source = '002_d66406620a941cf8.txt'").fetchone()[0]
    assert title == "Hundreds flee US-backed Syria battle for last ISIS holdout"


def test_demo_builds_a_database_without_serving(tmp_path):
    result = run("demo", "--db", tmp_path / "demo.db", "--no-serve")
    assert result.exit_code == 0, result.output
    assert "8 articles" in result.output


def test_demo_keeps_to_its_own_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text('"We are ready," the mayor said.', encoding="utf-8")
    assert run("extract", "mine.txt", "--outlet", "Mine").exit_code == 0
    real = tmp_path / "db" / "quotes.db"
    before = real.read_bytes()
    result = run("demo", "--no-serve")
    assert result.exit_code == 0, result.output
    assert "Demo database db/demo.db: 8 articles" in result.output
    assert real.read_bytes() == before  # extract's default database is left alone
    # Pointed at a database with articles of its own, the demo refuses and changes nothing.
    refused = run("demo", "--no-serve", "--db", real)
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: ") and len(refused.output.splitlines()) == 1
    assert real.read_bytes() == before
    assert run("demo", "--no-serve").exit_code == 0  # its own database again: fine


def test_nothing_read_writes_no_database(tmp_path):
    result = run("extract", tmp_path / "no-such-dir", "--db", tmp_path / "q.db")
    assert result.exit_code == 1
    assert "Error: " in result.output and "no database written" in result.output
    assert not (tmp_path / "q.db").exists()


def test_counts_are_pluralised(tmp_path):
    article = tmp_path / "one.txt"
    article.write_text('"The quay is shut," harbour master Yusuf Haddad said.', encoding="utf-8")
    result = run("extract", article, "--db", tmp_path / "q.db")
    assert "1 article read" in result.output and "1 quote found" in result.output
    assert "holds 1 quote by 1 speaker in 1 article " in result.output
    shown = run("speakers", "show", "Yusuf Haddad", "--db", tmp_path / "q.db").output
    assert ": 1 quote\n" in shown and "1 quote in 1 article" in shown
    assert "1 quotes" not in shown and "1 articles" not in shown


def test_the_engine_is_named_on_the_summary_line_only(tmp_path, monkeypatch):
    from quotes.engines import choose as engines

    monkeypatch.setattr(engines, "_told", False)  # as in a fresh process
    result = run("extract", sample_dir(), "--db", tmp_path / "q.db",
                 "--model-dir", tmp_path / "no-models")
    lines = [line for line in result.output.splitlines() if "stanza" in line or "engine" in line]
    assert len(lines) == 1 and lines[0].startswith("8 articles read")
    assert lines[0].endswith("(rules engine; stanza models missing, see `quotes models status`)")
