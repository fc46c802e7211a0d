"""Pre-parsed CoNLL-U input and model management, as a user of the CLI meets them."""
import json
import sqlite3

from click.testing import CliRunner
from conftest import UD, need

from quotes.cli import cli
from quotes.readers.conllu import read_conllu
from quotes.readers.inputs import Problem


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def test_one_article_per_newdoc_with_offsets_into_the_rebuilt_text():
    path = need(UD / "en_gum-ud-dev.conllu")
    articles = [item for item in read_conllu([path])]
    assert len(articles) == 30 and not any(isinstance(a, Problem) for a in articles)
    iodine = next(a for a in articles if a.article.source == "en_gum-ud-dev.conllu#GUM_news_iodine")
    assert iodine.article.title == "Australian children suffering from iodine deficiency"
    text = iodine.article.text
    assert text.startswith("Australian children suffering from iodine deficiency\nThursday, February 23, 2006\n")
    for sentence in iodine.doc.sentences:
        for word in sentence.words:
            assert text[word.start_char:word.end_char] == word.text


def test_a_file_without_newdoc_is_one_article_and_bad_input_is_one_problem(tmp_path):
    plain = tmp_path / "mine.conllu"
    plain.write_text("# text = Hi there.\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n"
                     "2\tthere\tthere\tADV\tRB\t_\t1\tadvmod\t_\tSpaceAfter=No\n"
                     "3\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n", encoding="utf-8")
    broken = tmp_path / "broken.conllu"
    broken.write_text("1\tonly three\tfields\n\n", encoding="utf-8")
    items = list(read_conllu([plain, broken, tmp_path / "absent.conllu"]))
    assert items[0].article.source == "mine.conllu" and items[0].article.text == "Hi there."
    assert [str(i).split(":")[0] for i in items[1:]] == [str(broken), str(tmp_path / "absent.conllu")]
    assert all(isinstance(i, Problem) for i in items[1:])


def test_extract_conllu_stores_articles_attributed_on_their_trees(tmp_path):
    path = need(UD / "en_gum-ud-test.conllu")
    db = tmp_path / "g.db"
    result = run("extract", "--format", "conllu", path, "--db", db)
    assert result.exit_code == 0, result.output
    assert "30 articles read: 30 stored" in result.output and "(stanza-conllu engine)" in result.output
    con = sqlite3.connect(db)
    assert con.execute("select distinct engine from articles").fetchall() == [("stanza-conllu",)]
    records = [json.loads(line) for line in run("export", "--db", db).output.splitlines()]
    texts = dict(con.execute("select source, text from articles"))
    said = [r for r in records if r["source"].endswith("GUM_news_sensitive")]
    assert {r["speaker"] for r in said} >= {"Julie Hahn", "John Baird", "Paul Dewar", "Sujata Raisinghani"}
    for record in records:
        assert texts[record["source"]][record["start"]:record["end"]] == record["text"]
    again = run("extract", "--format", "conllu", path, "--db", db)
    assert "0 stored, 30 skipped" in again.output


def test_stanza_without_models_fails_with_one_line_naming_the_folder_and_the_fix(tmp_path):
    result = run("extract", UD, "--engine", "stanza", "--model-dir", tmp_path / "models", "--db", tmp_path / "x.db")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert str(tmp_path / "models") in lines[0] and "quotes models download" in lines[0]
    assert "Traceback" not in result.output


def test_auto_falls_back_to_the_rules_engine_and_says_so_once(tmp_path, monkeypatch):
    from quotes.engines import choose
    from quotes.sample import sample_dir

    monkeypatch.setattr(choose, "_told", False)  # as in a fresh process, whatever ran before
    first, again = (run("extract", sample_dir(), "--model-dir", tmp_path / "none", "--db", tmp_path / db)
                    for db in ("x.db", "y.db"))
    assert first.exit_code == again.exit_code == 0
    assert "(rules engine; stanza models missing, see `quotes models status`)" in first.output
    assert "(rules engine)" in again.output  # said once per process


def test_models_status_lists_what_is_missing_and_how_to_fetch_it(tmp_path):
    folder = tmp_path / "res"
    (folder / "en" / "pos").mkdir(parents=True)
    (folder / "en" / "pos" / "combined_charlm.pt").write_bytes(b"0" * 10)
    result = run("models", "status", "--dir", folder)
    assert result.exit_code == 0
    assert "pos             combined_charlm.pt" in result.output
    assert "depparse        missing" in result.output
    assert f"run `quotes models download --dir {folder}`" in result.output
