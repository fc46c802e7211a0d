"""The fact-checker's lens: misattributed and altered quotes, as a reader of the site sees them.

One statement carried by four outlets, built through the CLI into a real SQLite
file and read through Datasette's test client: the Harbour Wire has it first,
the Coastal Times copies it exactly (curly quotation marks), the Valley Herald
changes a word and the Lessa Gazette gives it to the mayor. A fifth article,
where one councillor repeats another's words, is one speaker quoting another,
not a misattribution.
"""
import asyncio
import json
import re
import shutil
import sqlite3
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from quotes.cli import cli
from quotes.web.factcheck import ADDED, CHANGED, INDIRECT, TRIMMED, _keys, change, diff, words
from quotes.web.serve import datasette_instance

DB = "checks"
SAID = "We will reopen the north quay as soon as the engineers say it is safe, and not a day before"
CHANGED_WORDS = SAID.replace("engineers say", "engineers tell us")
ECHO = "Every boat in this harbour deserves a safe berth this winter"


def article(source, outlet, published, text, title="The north quay"):
    return {"source": source, "outlet": outlet, "title": title, "published": published, "text": text}


FOUR_OUTLETS = [
    article("wire", "Harbour Wire", "2026-03-02T08:00:00Z",
            f'The port spoke on Monday.\n\n"{SAID}," harbour master Yusuf Haddad said.\n\nRepairs go on.'),
    article("copy", "Coastal Times", "2026-03-02T10:00:00Z",
            f"Velmora waits.\n\n\u201c{SAID},\u201d harbour master Yusuf Haddad said.\n\nMore later."),
    article("alter", "Valley Herald", "2026-03-02T12:00:00Z",
            f'Velmora waits.\n\n"{CHANGED_WORDS}," harbour master Yusuf Haddad said.\n\nMore later.'),
    article("misattribute", "Lessa Gazette", "2026-03-03T09:00:00Z",
            f'Lessa waits.\n\n"{SAID}," mayor Ana Lopez said.\n\nMore later.'),
    article("echo", "Northern Radio", "2026-03-04T09:00:00Z",
            f'The council met.\n\n"{ECHO}," councillor Mira Sand said.\n\n'
            f'Councillor Tom Reed repeated her words: "{ECHO}."\n\nThe vote is next week.',
            title="Council echoes"),
]
# Later appearances of the same statement, each changing it another way.
MORE_CHANGES = [
    article("trim", "Evening Post", "2026-03-05T08:00:00Z",
            'Lessa waits.\n\n"We will reopen the north quay as soon as the engineers say it is safe,"'
            " harbour master Yusuf Haddad said.\n\nMore later."),
    article("add", "Bay Courier", "2026-03-05T09:00:00Z",
            f'Lessa waits.\n\n"Frankly, {SAID[0].lower()}{SAID[1:]}," harbour master Yusuf Haddad said.'
            "\n\nMore later."),
    article("indirect", "Hill Radio", "2026-03-05T10:00:00Z",
            "Lessa waits.\n\nHarbour master Yusuf Haddad said they will reopen the north quay as soon as"
            " the engineers say it is safe, and not a day before.\n\nMore later."),
]


def build(folder, articles):
    db = folder / f"{DB}.db"
    path = folder / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--db", str(db), "--engine", "rules"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def four_db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("four"), FOUR_OUTLETS)


@pytest.fixture(scope="module")
def ds(four_db):
    return datasette_instance(four_db)


@pytest.fixture(scope="module")
def kinds_ds(tmp_path_factory):
    return datasette_instance(build(tmp_path_factory.mktemp("kinds"), FOUR_OUTLETS + MORE_CHANGES))


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def query(ds, name):
    response = get(ds, f"/{DB}/{name}.json?_shape=array")
    assert response.status_code == 200, response.text[:300]
    return response.json()


def sql(ds, text):
    return get(ds, f"/{DB}.json?_shape=array&sql=" + quote(text)).json()


def cluster_of(ds, outlet):
    return sql(ds, "select quotes.cluster_id from quotes join articles on articles.id = quotes.article_id"
                   f" join outlets on outlets.id = articles.outlet_id where outlets.name = '{outlet}'"
               )[0]["cluster_id"]


# Misattributions ---------------------------------------------------------------------------

def test_words_given_to_another_speaker_by_another_outlet_are_a_misattribution(ds):
    rows = query(ds, "misattributions")
    assert {row["statement"] for row in rows} == {cluster_of(ds, "Harbour Wire")}
    by_speaker = {row["speaker"]: row for row in rows}
    assert set(by_speaker) == {"Yusuf Haddad", "Ana Lopez"}
    haddad, lopez = by_speaker["Yusuf Haddad"], by_speaker["Ana Lopez"]
    # Each speaker with the outlets and times that gave the words to them, earliest first.
    assert haddad["given_by"] == ("Harbour Wire (2026-03-02T08:00:00Z); Coastal Times (2026-03-02T10:00:00Z);"
                                  " Valley Herald (2026-03-02T12:00:00Z)")
    assert (haddad["articles"], haddad["published"]) == (3, "2026-03-02T08:00:00Z")
    assert lopez["given_by"] == "Lessa Gazette (2026-03-03T09:00:00Z)"
    assert lopez["quote"] == SAID and haddad["quote"] == SAID
    assert [row["speaker"] for row in rows] == ["Yusuf Haddad", "Ana Lopez"]  # first given first


def test_one_speaker_quoting_another_in_one_article_is_not_a_misattribution(ds):
    # The store does link the councillors' words as the same words from two speakers ...
    linked = sql(ds, "select speakers.name from cluster_links join clusters"
                     " on clusters.id = cluster_links.cluster_id join speakers on speakers.id = clusters.speaker_id")
    assert any("Reed" in row["name"] for row in linked)
    # ... but one article gives them to both, so no one misattributed them.
    assert not any("Reed" in row["speaker"] or "Sand" in row["speaker"]
                   for row in query(ds, "misattributions"))


def test_misattributions_page_shows_each_speaker_with_the_outlets_that_gave_it(ds):
    page = get(ds, f"/{DB}/-/misattributions")
    assert page.status_code == 200
    text = page.text
    assert "1 statement given to more than one speaker" in text
    statement = cluster_of(ds, "Harbour Wire")
    assert f'href="/{DB}/clusters/{statement}">Statement {statement}</a>' in text
    for name in ("Yusuf Haddad", "Ana Lopez"):
        speaker_id = sql(ds, f"select id from speakers where name = '{name}'")[0]["id"]
        assert f'href="/{DB}/speakers/{speaker_id}">{name}</a>' in text
    lopez_part = text[text.index(">Ana Lopez</a>"):]
    assert "Lessa Gazette" in lopez_part and "2026-03-03 09:00 UTC" in lopez_part
    assert "Harbour Wire" not in lopez_part  # the wire gave the words to Haddad, not to her
    assert f'href="/{DB}/misattributions.json"' in text
    assert "Mira Sand" not in text


def test_database_page_counts_misattributions_and_links_the_page(ds):
    page = get(ds, f"/{DB}").text
    assert re.search(rf'<a href="/{DB}/-/misattributions">Misattributions</a>:\s*1 statement given', page)
    assert f'href="/{DB}/altered_quotes"' in page


def test_a_corpus_without_misattributions_says_so(tmp_path):
    ds = datasette_instance(build(tmp_path, FOUR_OUTLETS[:3]))
    assert query(ds, "misattributions") == []
    assert "None: no words here were given" in get(ds, f"/{DB}/-/misattributions").text
    assert re.search(r"Misattributions</a>:\s*0 statements", get(ds, f"/{DB}").text)


def test_misattributions_page_only_reads_and_knows_its_databases(ds):
    response = asyncio.run(ds.client.post(f"/{DB}/-/misattributions", data={"a": "b"}))
    assert response.status_code == 405 and "GET" in response.headers["allow"]
    assert get(ds, "/nowhere/-/misattributions").status_code == 404


# Altered quotes ----------------------------------------------------------------------------

def test_only_the_outlet_that_changed_the_words_is_listed_as_altered(ds):
    rows = query(ds, "altered_quotes")
    assert [(row["outlet"], row["change"]) for row in rows] == [("Valley Herald", CHANGED)]
    row = rows[0]
    assert (row["text"], row["first_wording"]) == (CHANGED_WORDS, SAID)
    assert (row["first_outlet"], row["first_published"]) == ("Harbour Wire", "2026-03-02T08:00:00Z")
    assert row["published"] == "2026-03-02T12:00:00Z" and row["speaker"] == "Yusuf Haddad"
    assert row["statement"] == cluster_of(ds, "Coastal Times")  # the exact copy is the same statement


def test_altered_quotes_page_links_the_statement_and_shows_both_dates_as_dates(ds):
    page = get(ds, f"/{DB}/altered_quotes").text
    statement = cluster_of(ds, "Valley Herald")
    assert f'<a href="/{DB}/clusters/{statement}">{statement}</a>' in page
    assert '<time datetime="2026-03-02T08:00:00Z">2026-03-02 08:00 UTC</time>' in page  # the first
    assert '<time datetime="2026-03-02T12:00:00Z">2026-03-02 12:00 UTC</time>' in page  # the change


def test_the_first_appearance_is_the_earliest_published_not_the_first_read(tmp_path):
    ds = datasette_instance(build(tmp_path, list(reversed(FOUR_OUTLETS[:3]))))
    rows = query(ds, "altered_quotes")
    assert [(row["outlet"], row["first_outlet"], row["change"]) for row in rows] == [
        ("Valley Herald", "Harbour Wire", CHANGED)]


def test_each_kind_of_change_is_named(kinds_ds):
    changes = {row["outlet"]: row["change"] for row in query(kinds_ds, "altered_quotes")}
    assert changes == {"Valley Herald": CHANGED, "Evening Post": TRIMMED, "Bay Courier": ADDED,
                       "Hill Radio": INDIRECT}


def test_statement_page_shows_each_change_word_by_word(ds):
    page = get(ds, f"/{DB}/clusters/{cluster_of(ds, 'Valley Herald')}").text
    section = page[page.index('class="q-alterations"'):]
    assert "1 appearance changed it, 1 copy kept its words" in section
    assert "<del>say</del> <ins>tell us</ins>" in section
    assert "words changed" in section and "Valley Herald" in section
    assert "Coastal Times" not in section  # its identical copy is counted, not listed


def test_a_statement_first_reported_indirectly_has_no_alterations(tmp_path):
    indirect_first = [MORE_CHANGES[2], FOUR_OUTLETS[0]]
    indirect_first[0] = dict(indirect_first[0], published="2026-03-01T08:00:00Z")
    ds = datasette_instance(build(tmp_path, indirect_first))
    assert query(ds, "altered_quotes") == []
    page = get(ds, f"/{DB}/clusters/{cluster_of(ds, 'Hill Radio')}").text
    assert "q-alterations" not in page


@pytest.mark.parametrize("first, other, expected", [
    (SAID, SAID.upper(), None),  # case
    (SAID, f"\u201c{SAID}.\u201d", None),  # quotation marks, a full stop
    (SAID, SAID.replace(",", " \u2014"), None),  # a dash for a comma
    (SAID, SAID.replace(" and not a day before", ""), TRIMMED),
    (SAID, SAID.replace("We will", "We will not"), ADDED),
    (SAID, SAID.replace("north", "south"), CHANGED),
    (SAID, SAID.replace("north ", "").replace("before", "after"), CHANGED),  # left out and changed
])
def test_the_kind_of_change_is_read_from_the_words(first, other, expected):
    assert change(first, "direct", other, "direct") == expected


def test_a_reported_statement_has_no_first_wording_to_alter():
    assert change(SAID, "indirect", SAID.replace("north", "south"), "direct") is None
    assert change(SAID, "direct", SAID, "indirect") == INDIRECT


@given(st.text(alphabet=st.characters(max_codepoint=0x7f), max_size=80)
       | st.text(alphabet="aB1 ,.'\u2019\u201c\u2014\u00e9\x1c\t\n", max_size=40))
def test_the_quick_fold_finds_the_words_the_diff_shows(text):
    """The kind of change and the diff read the same words, whichever way they are folded."""
    assert list(_keys(text)) == [folded for _, folded in words(text)]


def test_the_diff_keeps_the_words_as_each_appearance_wrote_them():
    assert diff("We will reopen the quay.", "we will REOPEN the north quay") == [
        ("same", "we will REOPEN the"), ("added", "north"), ("same", "quay")]


def test_the_change_function_takes_anything_sqlite_hands_it(ds):
    # A number or a blob is no words: nothing to compare, and no error page.
    rows = sql(ds, "select quotes_change(1, 'direct', x'00ff', 'direct') as a,"
                   " quotes_change(null, null, null, null) as b, quotes_change(x'00', 'direct', 'a', 'direct') as c")
    assert rows == [{"a": None, "b": None, "c": ADDED}]


# Hostile data: every name and word is shown as text ---------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def hostile_ds(four_db, tmp_path_factory):
    """The four outlets with a speaker, an outlet and a wording rewritten as markup, as a source
    may send them."""
    db = tmp_path_factory.mktemp("hostile") / f"{DB}.db"
    shutil.copy(four_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("update speakers set name = ? where name = 'Ana Lopez'", (IMG,))
        conn.execute("update outlets set name = ? where name = 'Lessa Gazette'", (SCRIPT,))
        conn.execute("update outlets set name = ? where name = 'Valley Herald'", (IMG,))
        conn.execute("update quotes set text = ? where text = ?", (f"{CHANGED_WORDS} {SCRIPT}", CHANGED_WORDS))
    return datasette_instance(db)


@pytest.mark.parametrize("path, shown", [("/-/misattributions", 2), ("/misattributions", 2),
                                         ("/altered_quotes", 2), ("", 0)])
def test_markup_in_names_and_words_is_shown_as_text(hostile_ds, path, shown):
    page = get(hostile_ds, f"/{DB}{path}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    # Both pieces of markup on the pages that list them (the database page only counts).
    assert ("&lt;script&gt;alert(1)" in page.text) + ("&lt;img src=x" in page.text) == shown


def test_markup_in_an_altered_wording_is_shown_as_text_in_its_diff(hostile_ds):
    clusters = sql(hostile_ds, "select cluster_id from quotes where text like '%<script>%'")
    page = get(hostile_ds, f"/{DB}/clusters/{clusters[0]['cluster_id']}").text
    section = page[page.index('class="q-alterations"'):]
    assert "<script>alert" not in section and "<img src=x" not in section
    assert "<ins>tell us</ins>" in section and "&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in section
