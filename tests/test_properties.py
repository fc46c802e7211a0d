"""Property-based tests (Hypothesis): whatever the input, no traceback, offsets true, time bounded.

For the readers (arbitrary bytes and JSON Lines), the rules engine (text built
from the pieces quotes are made of: names, verbs of saying, quotation marks of
every kind, line breaks), the stanza engine on real trees (documents stitched
from UD English sentences, read through stanza's CoNLL reader) and the whole
extract → commit → export path: every offset lies inside the article, and
``text[start:end]`` is exactly what is stored and exported.
"""
import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import UD, need
from quotes.readers import inputs as read
from quotes import store
from quotes.commit import commit_article
from quotes.readers.conllu import parse_document
from quotes.engines import get_engine
from quotes.extract.article import extract_article, find
from quotes.model import Article
from quotes.engines.stanza_engine import attribute

FAST = settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
RULES = get_engine("rules", None)

PIECES = ["said", "says", "told reporters", "according to", "he", "she", "they", "it", "Mr.",
          "Ana Ruiz", "Mustefa Bali", "the ministry", "the Syrian Observatory", "(SDF)", "a source",
          '"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "''", "``", "\u00ab", "\u00bb", ",", ".",
          ":", "\u2014", "-", "\n", "\n\n", "\r", "\r\n", "\u2028", "\u00a0", "\t", "that", "We",
          "will", "rebuild", "the", "bridge", "Monday", "U.S.", "All rights reserved", "Comments",
          "\u0645\u0631\u062d\u0628\u0627", "\U0001f600", "\x00", "\ufeff"]
article_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=80).map(
    lambda parts: " ".join(parts))


def check_offsets(text: str, found) -> None:
    for quote in found:
        assert 0 <= quote.start <= quote.end <= len(text)
        assert text[quote.start:quote.end] == quote.text
        if quote.cue_start is not None:
            assert 0 <= quote.cue_start <= quote.cue_end <= len(text)
            assert text[quote.cue_start:quote.cue_end] == quote.cue
        if quote.speaker is not None:
            assert 0 <= quote.speaker.start <= quote.speaker.end <= len(text)
            assert text[quote.speaker.start:quote.speaker.end] == quote.speaker.mention


# Readers -------------------------------------------------------------------------------------

def read_all(path: Path) -> list:
    return list(read.read_articles([path], max_chars=5000))


@FAST
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".jsonl"]))
def test_any_bytes_are_read_or_reported(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        for item in read_all(path):
            assert isinstance(item, (Article, read.Problem))
            if isinstance(item, Article):
                assert item.text.strip() and len(item.text) <= 5000


json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                          | st.text(max_size=20), lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)
record = st.fixed_dictionaries({}, optional={
    "text": st.one_of(article_text, json_value), "source": json_value, "outlet": json_value,
    "title": json_value, "url": json_value, "published": json_value})


@FAST
@given(records=st.lists(record, max_size=6), encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_json_lines_give_one_article_or_one_problem_per_record(records, encoding):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.jsonl"
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        path.write_bytes("\n".join(lines).encode(encoding))
        # (a notice, such as a url that is no link, is said beside the article it kept, not for it)
        items = [item for item in read_all(path) if not isinstance(item, read.Notice)]
        # Every record answers once, in order: an article exactly when it is usable.
        assert [isinstance(item, Article) for item in items] == [usable(r) for r in records]
        for item, given_record in zip(items, records):
            if isinstance(item, Article):
                assert item.text == given_record["text"]
                for field in ("source", *read.METADATA_FIELDS):
                    assert getattr(item, field) is None or isinstance(getattr(item, field), str)


def usable(record: dict) -> bool:
    """A text of at most 5,000 characters, and metadata that is text, a number or nothing."""
    text = record.get("text")
    return isinstance(text, str) and bool(text.strip()) and len(text) <= 5000 and all(
        value is None or value == "" or isinstance(value, str)
        or isinstance(value, (int, float)) and not isinstance(value, bool)
        for key, value in record.items() if key != "text")


# Rules engine --------------------------------------------------------------------------------

@FAST
@given(text=article_text)
def test_rules_engine_offsets_hold_for_any_text(text):
    check_offsets(text, find(text, RULES))


# Stanza engine on real trees -----------------------------------------------------------------

@pytest.fixture(scope="module")
def ud_sentences():
    """CoNLL-U blocks of the first 400 sentences of UD English EWT dev (quotes among them)."""
    text = need(UD / "en_ewt-ud-dev.conllu").read_text(encoding="utf-8")
    blocks = [b.strip("\n") for b in text.split("\n\n") if b.strip()]
    blocks = [b for b in blocks if any(not line.startswith("#") for line in b.splitlines())]
    quoted = [b for b in blocks if '"' in b or "said" in b]
    parse_document(blocks[0] + "\n\n")  # stanza's reader raises the recursion limit on first use
    return [_without_doc_comments(b) for b in (quoted[:200] + blocks[:200])]


def _without_doc_comments(block: str) -> str:
    return "\n".join(line for line in block.splitlines()
                     if not line.startswith(("# newdoc", "# newpar")))


@settings(max_examples=30, deadline=5000, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_stanza_engine_offsets_hold_on_any_stitched_document(ud_sentences, data):
    chosen = data.draw(st.lists(st.sampled_from(ud_sentences), min_size=1, max_size=10))
    breaks = data.draw(st.lists(st.booleans(), min_size=len(chosen), max_size=len(chosen)))
    blocks = [("# newpar\n" if new else "") + block for block, new in zip(chosen, breaks)]
    doc = parse_document("# newdoc id = stitched\n" + "\n\n".join(blocks) + "\n\n")
    check_offsets(doc.text, attribute(doc))


# Extract → commit → export ---------------------------------------------------------------------

@settings(max_examples=25, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(article_text.filter(str.strip), min_size=1, max_size=4))
def test_what_is_exported_is_exactly_the_article_text_at_its_offsets(texts):
    with tempfile.TemporaryDirectory() as folder:
        db = store.open_db(Path(folder) / "p.db")
        for n, text in enumerate(texts):
            commit_article(db, extract_article(Article(f"a{n}", text), RULES))
        stored = dict(db.execute("select id, text from articles").fetchall())
        for row in store.export_rows(db):
            assert stored[row["article_id"]][row["start"]:row["end"]] == row["text"]
        db.conn.close()
        assert sqlite3.connect(Path(folder) / "p.db").execute(
            "pragma integrity_check").fetchone()[0] == "ok"
