"""The Python API: find_quotes without a database, Tracker over one."""
import csv
import json
import pickle
import re

import pytest
import sqlite_utils

import quotes
from quotes.engines import get_engine
from quotes.extract.article import extract_article
from quotes.lang import UnknownLanguage
from quotes.model import DIRECT, Article, Attribution, Extracted
from quotes.engines.registry import Engine

from conftest import SEEDS, need

TEXT = ('"The bridge is rusting through," Mayor Helen Ortis said on Wednesday.\n'
        'Ortis said the work would start in May.')


def test_find_quotes_returns_flat_quotes_with_offsets_into_the_text():
    found = quotes.find_quotes(TEXT, engine="rules")
    assert [q.kind for q in found] == ["direct", "indirect"]
    first = found[0]
    assert first.speaker == "Helen Ortis"
    assert TEXT[first.start:first.end] == first.text == "The bridge is rusting through"
    assert TEXT[first.cue_start:first.cue_end] == first.cue == "said"
    assert TEXT[first.speaker_start:first.speaker_end] == first.speaker_mention
    assert found[1].speaker == "Helen Ortis"  # the surname resolves inside the article


def test_an_unknown_language_is_one_clear_error():
    with pytest.raises(UnknownLanguage, match="unknown language 'xx'"):
        quotes.find_quotes(TEXT, lang="xx")


def test_tracker_stores_once_and_finds_a_speaker_under_another_spelling(tmp_path):
    tracker = quotes.Tracker(tmp_path / "t.db", engine="rules")
    afp = tracker.add('"A group of 600 civilians escaped," SDF spokesman Mustefa Bali said.',
                      source="afp.txt", outlet="AFP")
    rudaw = tracker.add('"We are advancing slowly," SDF official Mustafa Bali told Rudaw.',
                        source="rudaw.txt", outlet="Rudaw")
    assert afp[0].speaker == rudaw[0].speaker == "Mustefa Bali"  # one person, one row
    assert afp[0].speaker_id == rudaw[0].speaker_id
    again = tracker.add('"A group of 600 civilians escaped," SDF spokesman Mustefa Bali said.',
                        source="afp.txt", outlet="AFP")
    assert again == afp and tracker.db["articles"].count == 2
    said = tracker.quotes_by("Mustafa Baly")
    assert {q.text for q in said} == {"A group of 600 civilians escaped", "We are advancing slowly"}
    assert tracker.quotes_by("Nobody Atall") == []


def test_tracker_reopens_an_existing_database(tmp_path):
    path = tmp_path / "t.db"
    quotes.Tracker(path, engine="rules").add(TEXT, source="a.txt")
    assert [q.speaker for q in quotes.Tracker(path, engine="rules").quotes_by("Ortis")] == \
        ["Helen Ortis", "Helen Ortis"]


def test_the_extract_stage_result_pickles_and_round_trips_through_json():
    extracted = extract_article(Article("a.txt", TEXT, outlet="AFP"), get_engine("rules"))
    assert pickle.loads(pickle.dumps(extracted)) == extracted
    assert Extracted.from_dict(json.loads(json.dumps(extracted.to_dict()))) == extracted


def test_page_cleaning_runs_in_the_extract_stage_for_every_engine():
    """A duplicated body and a comments trailer yield nothing, whichever engine ran:
    one reading the cleaned text, and one reading its own parse of the raw page (as
    the CoNLL-U engine reads its trees and ignores the text it is given)."""
    body = '"We are ready to leave now," the mayor said.'
    text = f"{body}\n{body}\n\nComments\n\n\"We welcome comments,\" the editors said."

    def every_quotation_of_the_raw_page(_cleaned):
        return [Attribution(DIRECT, m.start() + 1, m.end() - 2, m.group()[1:-2])
                for m in re.finditer(r'"[^"\n]+,"', text)]

    for engine in (get_engine("rules"), Engine("trees", every_quotation_of_the_raw_page)):
        found = extract_article(Article("a.txt", text), engine).attributions
        assert [(q.start, q.end) for q in found] == [(1, 26)], engine.name


def test_seeds_through_the_api_match_the_cli(seeds_db, tmp_path):
    tracker = quotes.Tracker(tmp_path / "api.db", engine="rules")
    manifest = {row["source"]: row for row in csv.DictReader(open(need(SEEDS) / "manifest.csv"))}
    total = 0
    for path in sorted(SEEDS.glob("*.txt")):
        meta = manifest.get(path.name, {})
        total += len(tracker.add(path.read_text(encoding="utf-8"), source=path.name,
                                 outlet=meta.get("outlet") or None, title=meta.get("title")))
    assert total == sqlite_utils.Database(seeds_db)["quotes"].count


def test_extract_is_a_stream_of_events_ending_in_the_summary(tmp_path):
    from quotes.run import events
    from quotes.sample import sample_dir

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("  \n")
    run = list(quotes.api.extract([sample_dir(), tmp_path / "in"], tmp_path / "q.db",
                                  engine="rules", outlet="Wire", jobs=1))
    assert run[0] == events.Started(inputs=9)  # eight articles and the empty file
    assert sum(e.count for e in run if isinstance(e, events.InputsRead)) == 9
    done = [e for e in run if isinstance(e, events.ArticleDone)]
    assert [e.status for e in done] == ["stored"] * 8
    assert [str(e) for e in run if isinstance(e, events.Problem)] == [
        f"{tmp_path / 'in' / 'empty.txt'}: empty file"]
    assert isinstance(run[-2], events.AllRead)
    summary = run[-1]
    assert (summary.read, summary.stored, summary.failed, summary.engine) == (8, 8, 1, "rules")
    assert summary.quotes == sum(e.quotes for e in done) == summary.totals["quotes"]
    again = list(quotes.api.extract([sample_dir()], tmp_path / "q.db", engine="rules", jobs=1))
    assert (again[-1].read, again[-1].skipped) == (8, 8)


def test_extract_options_that_cannot_work_raise_before_anything_is_written(tmp_path):
    from quotes.run import events

    for options, message in (({}, "name the articles to read"),
                             ({"manifest": tmp_path / "none.csv"}, "manifest not found"),
                             ({"spark_output": "out"}, "--spark-output needs --spark"),
                             ({"lang": "xx"}, "unknown language 'xx'")):
        run = quotes.api.extract([] if not options else [tmp_path], tmp_path / "q.db", **options)
        with pytest.raises(events.ExtractError, match=message):
            next(run)
    assert not (tmp_path / "q.db").exists()
