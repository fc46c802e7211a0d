"""Bad input: one clear line each, the rest still processed, non-zero exit, no traceback."""
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
