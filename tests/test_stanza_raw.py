"""The stanza engine on raw text, through ``quotes extract``, with the small models in tests/data.

stanza's published models cannot be downloaded where these tests run, so
``scripts/train_stanza_models.py`` trained a small English set on UD English EWT
(tests/data/stanza-en-small). These tests run a real ``stanza.Pipeline`` on the
seed articles and a few PolNeAR dev articles, store them through the CLI, and
check what a user would: exact offsets, the same page cleaning and the same
store as the rules engine, and what ``quotes models status`` and ``--engine
auto`` say about a local set.
"""
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import POLNEAR, SEEDS, need
from test_seeds import DIRECT_QUOTES

from quotes.extract import clean
from quotes.cli import cli
from quotes.engines import get_engine
from quotes.model import DIRECT
from quotes.engines.stanza_models import stanza_processors

MODELS = Path(__file__).resolve().parent / "data" / "stanza-en-small"
# Three short PolNeAR dev articles (1.7k, 3.8k, 2.5k characters) with reported speech in each.
POLNEAR_ARTICLES = ["breitbart_2016-09-26_green-party-candidate-jill-stein.txt",
                    "breitbart_2016-10-02_washington-post-hit-piece-exploi.txt",
                    "breitbart_2016-10-04_bill-clinton-calls-obamacare-cra.txt"]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def export(db):
    return [json.loads(line) for line in run("export", "--db", db).output.splitlines()]


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """Seeds and a few PolNeAR dev articles stored by each engine: {engine: database}."""
    seeds = need(SEEDS)
    articles = [need(POLNEAR / "dev" / "text" / name) for name in POLNEAR_ARTICLES]
    folder = tmp_path_factory.mktemp("raw")
    databases = {}
    for engine in ("stanza", "rules"):
        db = folder / f"{engine}.db"
        result = run("extract", seeds, *articles, "--manifest", seeds / "manifest.csv", "--db", db,
                     "--engine", engine, "--model-dir", MODELS)
        assert result.exit_code == 0, result.output
        assert "8 articles read: 8 stored" in result.output and f"({engine} engine)" in result.output
        databases[engine] = db
    return databases


def test_every_quote_points_at_its_words_in_the_stored_text(stored):
    db = stored["stanza"]
    texts = dict(sqlite3.connect(db).execute("select source, text from articles"))
    records = export(db)
    assert len(records) > 20
    assert len({r["source"] for r in records}) == 8  # quotes in every article
    for record in records:
        assert texts[record["source"]][record["start"]:record["end"]] == record["text"]


def test_the_small_models_find_hand_read_direct_quotes_between_their_marks(stored):
    """The small models parse badly (see their README), so this asks for a third of the
    hand-read direct quotes of the seeds, each found between its quotation marks."""
    db = stored["stanza"]
    texts = dict(sqlite3.connect(db).execute("select source, text from articles"))
    records = [r for r in export(db) if r["kind"] == DIRECT]
    found = [next((r for r in records if r["source"].startswith(prefix) and r["text"].startswith(start)), None)
             for prefix, start, _ in DIRECT_QUOTES]
    found = [r for r in found if r]
    assert len(found) >= len(DIRECT_QUOTES) // 3, [r["text"] for r in found]
    for record in found:
        text = texts[record["source"]]
        assert text[record["start"] - 1] in "\"\u201c", record
        assert set(text[record["end"]:record["end"] + 2]) & set("\"\u201d"), record


def test_same_store_as_the_rules_engine(stored):
    schemas = {}
    for engine, db in stored.items():
        con = sqlite3.connect(db)
        schemas[engine] = con.execute("select type, name, sql from sqlite_master order by name").fetchall()
        assert con.execute("select distinct engine from articles").fetchall() == [(engine,)]
    assert schemas["stanza"] == schemas["rules"]
    stanza_records, rules_records = export(stored["stanza"]), export(stored["rules"])
    assert stanza_records[0].keys() == rules_records[0].keys()


def test_page_furniture_is_dropped_as_the_rules_engine_drops_it(stored):
    # seed 001 carries its body twice and a comment policy; neither may yield quotes
    quotes = [r for r in export(stored["stanza"]) if r["source"].startswith("001")]
    assert quotes
    assert len({q["text"] for q in quotes}) == len(quotes)
    assert not any("comment" in q["text"].lower() for q in quotes)


def test_blanking_page_furniture_keeps_every_offset():
    text = need(SEEDS / "001_589ebbf89fc57978.txt").read_text(encoding="utf-8")
    cleaned = clean.blank(text, clean.dropped(text))
    assert len(cleaned) == len(text) and cleaned != text
    assert "moderates all comments" in text.lower() and "moderates all comments" not in cleaned.lower()
    kept = [i for i, (a, b) in enumerate(zip(text, cleaned)) if a == b]
    assert len(kept) > len(text) // 3  # the article itself is untouched


def test_a_local_set_loads_only_the_processors_it_has():
    assert stanza_processors(MODELS) == "tokenize,pos,lemma,depparse"


def test_models_status_says_the_folder_holds_a_small_local_set():
    result = run("models", "status", "--dir", MODELS)
    assert result.exit_code == 0
    assert "a small local set for tests" in result.output
    assert "mwt             not in this set" in result.output
    assert "ner             not in this set" in result.output
    assert "depparse        ewt_small.pt" in result.output
    assert "Ready for --engine stanza; --engine auto keeps the rules engine" in result.output
    assert "Missing" not in result.output


def test_auto_keeps_the_rules_engine_for_a_local_set_and_says_why():
    heard = []
    engine = get_engine("auto", MODELS, notify=heard.append)
    assert engine.name == "rules"
    assert heard == [] or "small local set" in heard[0]  # said once per process
    assert get_engine("stanza", MODELS).name == "stanza"
