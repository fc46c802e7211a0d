"""A statement cut in pieces by its attribution (``"A," she said. "B."``) is one statement:
its pieces are stored as quotes sharing ``statement_id``, and the pages show them together."""
import asyncio
import html
import re
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from quotes import store
from quotes.cli import cli
from quotes.web.serve import datasette_instance

OLD = Path(__file__).parent / "data" / "v0.1-seeds.db"


def quotes_of(db_path, where="1", params=()):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(
            f"select * from quotes where {where} order by article_id, start", params)]


def test_the_pieces_of_one_statement_share_its_first_piece_id(tmp_path):
    article = tmp_path / "vote.txt"
    article.write_text('The council met late on Monday.\n\n"We will vote on it in June," Mayor Ana'
                       ' Lopez said. "Until then the old rules stand."\n\n"Nothing changes this'
                       ' week," a clerk told reporters.\n', encoding="utf-8")
    db = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["extract", str(article), "--db", str(db), "--engine", "rules"])
    assert result.exit_code == 0, result.output
    quotes = quotes_of(db)
    texts = [q["text"] for q in quotes]
    assert texts == ["We will vote on it in June", "Until then the old rules stand.",
                     "Nothing changes this week"]
    first, second, other = quotes
    assert first["statement_id"] == second["statement_id"] == first["id"]
    assert other["statement_id"] == other["id"]  # another speaker, another cue: its own statement


def test_upgrading_a_v0_1_database_groups_its_stored_pieces(tmp_path):
    db_path = tmp_path / "old.db"
    shutil.copy(OLD, db_path)
    db = store.open_db(db_path)
    db.conn.close()
    quotes = quotes_of(db_path)
    assert all(q["statement_id"] is not None for q in quotes)
    statements: dict = {}
    for q in quotes:
        statements.setdefault(q["statement_id"], []).append(q)
    in_pieces = [pieces for pieces in statements.values() if len(pieces) > 1]
    assert in_pieces  # the seeds hold statements in pieces
    for pieces in statements.values():
        first = pieces[0]
        assert first["id"] == first["statement_id"]  # the first piece in the text names it
        assert {(q["article_id"], q["cue_start"], q["cue_end"], q["speaker_id"]) for q in pieces} \
            == {(first["article_id"], first["cue_start"], first["cue_end"], first["speaker_id"])}


def get(ds, path):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, path
    return response.text


def passage_marks(page, kind):
    passage = re.search(r'<blockquote class="q-passage">(.*?)</blockquote>', page, re.S).group(1)
    return [html.unescape(m) for m in re.findall(rf'<mark class="q-{kind}">(.*?)</mark>', passage, re.S)]


def statement(db_path):
    first, second = quotes_of(db_path, "article_id = (select id from articles where source = ?)",
                              ["quay-statement"])
    return first, second


def test_the_quote_page_of_a_later_piece_shows_the_whole_statement(pieces_db):
    first, second = statement(pieces_db)
    page = get(datasette_instance(pieces_db), f"/pieces/quotes/{second['id']}")
    assert passage_marks(page, "quote") == [first["text"], second["text"]]
    assert "One statement in 2 pieces" in page
    assert f'href="/pieces/quotes/{first["id"]}">piece 1</a>' in page
    assert "piece 2 (this one)" in page


def test_the_article_page_marks_the_pieces_as_one_statement(pieces_db):
    first, second = statement(pieces_db)
    page = get(datasette_instance(pieces_db), f"/pieces/articles/{first['article_id']}")
    pieces = re.findall(r'<mark class="q-statement" title="([^"]*)">(.*?)</mark>', page)
    assert [(title, html.unescape(text)) for title, text in pieces] == [
        ("piece 1 of 2 of one statement", first["text"]),
        ("piece 2 of 2 of one statement", second["text"])]
    assert "2 quotes marked (1 statement)" in page
    for piece in (first, second):
        assert f'href="/pieces/quotes/{piece["id"]}"' in page


def test_a_quote_in_one_piece_shows_no_pieces(pieces_db):
    with sqlite3.connect(pieces_db) as conn:
        (quote_id,) = conn.execute("select id from quotes where text like 'The wall moved%'").fetchone()
    page = get(datasette_instance(pieces_db), f"/pieces/quotes/{quote_id}")
    assert len(passage_marks(page, "quote")) == 1
    assert "One statement in" not in page and "The whole statement" not in page
