"""Bad input: one clear line each, the rest still processed, non-zero exit, no traceback."""
import json
import sqlite3

from click.testing import CliRunner

from quotes.cli import cli

GOOD = 'Officials said the river had burst its banks. "Leave now," Mayor Ana Ruiz said.\n'


def extract(tmp_path, *paths, extra=()):
    db = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["extract", *map(str, paths), "--db", str(db), *extra])
    return result, db


def stored(db):
    return sqlite3.connect(db).execute("select source from articles").fetchall()


def assert_reported(result, fragment):
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    assert fragment in errors[0]


def good_file(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_missing_path(tmp_path):
    result, db = extract(tmp_path, tmp_path / "nope.txt", good_file(tmp_path))
    assert_reported(result, "nope.txt: no such file or folder")
    assert stored(db) == [("good.txt",)]


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    result, db = extract(tmp_path, tmp_path / "empty.txt", good_file(tmp_path))
    assert_reported(result, "empty.txt: empty file")
    assert stored(db) == [("good.txt",)]


def test_binary_file(tmp_path):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result, db = extract(tmp_path, tmp_path / "photo.txt", good_file(tmp_path))
    assert_reported(result, "photo.txt: binary file")
    assert stored(db) == [("good.txt",)]


def test_invalid_utf8(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Le maire a dit « très bien ».".encode("latin-1"))
    result, db = extract(tmp_path, tmp_path / "latin1.txt", good_file(tmp_path))
    assert_reported(result, "latin1.txt: not valid UTF-8")
    assert stored(db) == [("good.txt",)]


def test_malformed_jsonl_line_names_file_and_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"text": "A said B.", "source": "one"}\n{"text": oops}\n{"text": "' +
                    GOOD.strip().replace('"', '\\"') + '", "source": "three"}\n', encoding="utf-8")
    result, db = extract(tmp_path, path)
    assert_reported(result, "batch.jsonl:2: malformed JSON")
    assert sorted(stored(db)) == [("one",), ("three",)]


def test_manifest_naming_unknown_files(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("source,outlet\ngood.txt,Daily\nghost.txt,Nowhere\n", encoding="utf-8")
    result, db = extract(tmp_path, good_file(tmp_path), extra=["--manifest", str(manifest)])
    assert_reported(result, "ghost.txt: named in the manifest but not among the inputs")
    assert stored(db) == [("good.txt",)]


def test_missing_manifest_is_one_line(tmp_path):
    result, _ = extract(tmp_path, good_file(tmp_path), extra=["--manifest", str(tmp_path / "m.csv")])
    assert result.exit_code == 1
    assert "manifest not found" in result.output
    assert "Traceback" not in result.output


def test_export_without_database(tmp_path):
    result = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no such database" in result.output


# Hostile but valid input (issue 18) ------------------------------------------------------------

def jsonl(path, *records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def test_jsonl_line_separators_inside_strings_are_text(tmp_path):
    text = "Flood warning.\u2028\u2029\u0085" + GOOD
    path = jsonl(tmp_path / "a.jsonl", {"text": text, "source": "one"}, {"text": GOOD, "source": "two"})
    result, db = extract(tmp_path, path)
    assert result.exit_code == 0, result.output
    assert sorted(stored(db)) == [("one",), ("two",)]
    assert sqlite3.connect(db).execute("select text from articles where source='one'").fetchone()[0] == text


def test_a_line_inserted_ahead_does_not_store_the_others_again(tmp_path):
    texts = [GOOD.replace("Ana Ruiz", name) for name in ("Ana Ruiz", "Leo Park", "Ida Moss")]
    path = jsonl(tmp_path / "a.jsonl", *({"text": t} for t in texts))
    result, db = extract(tmp_path, path)
    assert result.exit_code == 0, result.output
    quotes = sqlite3.connect(db).execute("select count(*) from quotes").fetchone()[0]
    jsonl(path, {"text": GOOD.replace("Ana Ruiz", "New Comer")}, *({"text": t} for t in texts))
    result, db = extract(tmp_path, path)
    assert "1 stored, 3 skipped" in result.output
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from articles").fetchone()[0] == 4
    assert conn.execute("select count(*) from quotes").fetchone()[0] == quotes * 4 // 3


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    (tmp_path / "wide.txt").write_bytes(GOOD.encode("utf-16"))
    jsonl_path = tmp_path / "wide.jsonl"
    jsonl_path.write_bytes((json.dumps({"text": GOOD, "source": "w"}) + "\n").encode("utf-16"))
    result, db = extract(tmp_path, tmp_path / "wide.txt", jsonl_path)
    assert result.exit_code == 0, result.output
    assert sorted(stored(db)) == [("w",), ("wide.txt",)]


def test_a_field_that_is_not_a_string_is_reported_not_stored_as_python(tmp_path):
    path = jsonl(tmp_path / "a.jsonl", {"text": GOOD, "source": ["x", "y"]},
                 {"text": GOOD.replace("Ana", "Eva"), "source": 7, "outlet": {"name": "Wire"}},
                 {"text": GOOD.replace("Ana", "Ida"), "source": 8, "outlet": "Wire"})
    result, db = extract(tmp_path, path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == ["Error: " + str(tmp_path / "a.jsonl") + ":1: 'source' must be a string, not list",
                      "Error: " + str(tmp_path / "a.jsonl") + ":2: 'outlet' must be a string, not dict"]
    assert stored(db) == [("8",)]


def test_a_manifest_naming_one_source_twice_differently_is_refused(tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("source,outlet\ngood.txt,Wire\ngood.txt,Herald\n", encoding="utf-8")
    result, db = extract(tmp_path, good_file(tmp_path), extra=["--manifest", str(manifest)])
    assert_reported(result, "rows 1 and 2 both describe 'good.txt', differently")
    manifest.write_text("source,outlet\ngood.txt,Wire\ngood.txt,Wire\n", encoding="utf-8")
    result, db = extract(tmp_path, good_file(tmp_path), extra=["--manifest", str(manifest)])
    assert result.exit_code == 0, result.output


def test_an_article_over_the_size_cap_is_skipped_with_one_line(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(GOOD * 50, encoding="utf-8")
    path = jsonl(tmp_path / "b.jsonl", {"text": GOOD * 50, "source": "big"}, {"text": GOOD, "source": "ok"})
    result, db = extract(tmp_path, big, path, good_file(tmp_path), extra=["--max-chars", "1000"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 2 and all("longer than 1,000 characters" in e for e in errors)
    assert sorted(stored(db)) == [("good.txt",), ("ok",)]


def test_a_quote_with_more_3_grams_than_sqlite_has_variables_is_stored(tmp_path):
    """Stock SQLite allows 32,766 variables per statement, builds before 3.32 only 999."""
    from quotes import store
    from quotes.engines import get_engine
    from quotes.model import Article
    from quotes.run.pipeline import process_article

    db = store.open_db(tmp_path / "q.db")
    db.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    letters = "abcdefghijklmnopqrstuvwxyz"
    quote = " ".join(letters[i // 26 % 26] + letters[i % 26] + "o" + letters[i // 676] for i in range(1500))
    engine = get_engine("rules", None)
    # Two articles: the second's quote is looked up among the clusters by all its 3-grams.
    for name in ("first", "second"):
        outcome = process_article(db, engine, Article(name, f'"{quote}," Mayor Ana Ruiz said.\n'))
        assert outcome.status == "stored" and outcome.quotes == 1
    assert db.execute("select count(distinct cluster_id) from quotes").fetchone()[0] == 1


def test_an_article_within_the_cap_is_read_however_json_escapes_it(tmp_path):
    text = GOOD + "\U0001f600" * 800  # each written \ud83d\ude00: 12 characters of JSON
    path = tmp_path / "escaped.jsonl"
    path.write_text(json.dumps({"text": text, "source": "smiles"}) + "\n", encoding="utf-8")
    result, db = extract(tmp_path, path, extra=["--max-chars", "1000"])
    assert result.exit_code == 0, result.output
    assert stored(db) == [("smiles",)]
