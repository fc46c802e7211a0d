"""One name per speaker, outlet and role: Wikidata links, outlet names from pages and by
hand, roles folded.

Databases are real SQLite files built by the ``quotes`` command from small text
articles; pages are read through Datasette's own test client.
"""
import asyncio
import json
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import SHARED, need

from quotes import store
from quotes.cli import cli
from quotes.readers import outlets
from quotes.readers.html import read_page
from quotes.readers.inputs import apply_metadata
from quotes.web.serve import datasette_instance


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def extract(db, folder, outlet):
    result = run("extract", folder, "--outlet", outlet, "--db", db)
    assert result.exit_code == 0, result.output


def query(db, sql, *params):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def speaker_of(db, mention):
    """The speaker ids and names of the quotes whose speaker is written ``mention``."""
    return set(query(db, "select speakers.id, speakers.name from quotes join speakers on"
                         " speakers.id = quotes.speaker_id where speaker_mention = ?1"
                         " or speaker_mention like ?1 || ',%'", mention))


def dump(db):
    """Every row of every table (times of writing left out), to tell a no-op."""
    with sqlite3.connect(db) as conn:
        tables = [t for (t,) in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like '%fts%'"
            " and name not like 'sqlite_%' order by name")]
        return {t: sorted(map(repr, conn.execute(f"select * from [{t}]"))) for t in tables
                if t not in ("_quotes_migrations",)}


def page(db, path):
    ds = datasette_instance(db)
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text
    return response


# -- speakers linked to Wikidata ----------------------------------------------------------------

@pytest.fixture
def smiths(tmp_path):
    """John Smith (also written Jack Smith), Jane Smith, and a bare Smith, in three outlets."""
    db = tmp_path / "smiths.db"
    extract(db, write(tmp_path / "a", "a.txt",
                      '"The budget is ready," said John Smith, the finance minister.\n\n'
                      '"Schools open on Monday," said Jane Smith, the education minister.\n'),
            "Harbour Wire")
    extract(db, write(tmp_path / "b", "b.txt", '"Taxes stay where they are," said Jack Smith.\n'),
            "Valley Herald")
    extract(db, write(tmp_path / "c", "c.txt", '"Nothing changes," Smith said on Friday.\n'),
            "Coastal Times")
    return db


def test_a_link_file_gives_the_speaker_its_wikidata_id_and_merges_its_aliases(smiths, tmp_path):
    [(john, _)] = speaker_of(smiths, "John Smith")
    [(jack, _)] = speaker_of(smiths, "Jack Smith")
    [(jane, _)] = speaker_of(smiths, "Jane Smith")
    [(bare, _)] = speaker_of(smiths, "Smith")
    assert len({john, jack, jane, bare}) == 4
    links = tmp_path / "people.csv"
    links.write_text("name,aliases,qid,description\n"
                     "John Smith,Jack Smith; Smith,Q4000001,finance minister of Velmora\n",
                     encoding="utf-8")
    result = run("speakers", "link", links, "--db", smiths)
    assert result.exit_code == 0, result.output
    assert query(smiths, "select speaker_id, wikidata_id, description from speaker_links") == \
        [(john, "Q4000001", "finance minister of Velmora")]
    # Jack Smith's quotes are John Smith's now ...
    assert speaker_of(smiths, "Jack Smith") == {(john, "John Smith")}
    # ... but two people have the surname: the bare "Smith" may be either, and stays apart,
    # and so does Jane Smith.
    assert speaker_of(smiths, "Smith") == {(bare, "Smith")}
    assert speaker_of(smiths, "Jane Smith") == {(jane, "Jane Smith")}
    assert "'Smith' is also the surname of Jane Smith; not merged" in result.output

    # The speaker page shows the id, linked, with the description; the profile query has it.
    shown = page(smiths, f"/smiths/speakers/{john}").text
    assert 'href="https://www.wikidata.org/wiki/Q4000001"' in shown
    assert "finance minister of Velmora" in shown
    assert 'href="https://www.wikidata.org/' not in page(smiths, f"/smiths/speakers/{jane}").text
    shown = run("speakers", "show", "John Smith", "--db", smiths).output
    assert "Wikidata: Q4000001 (finance minister of Velmora)" in shown
    profile = page(smiths, "/smiths/speaker_profile.json?name=John+Smith&_shape=array").json()
    assert [p["wikidata_id"] for p in profile if p["speaker_id"] == john] == ["Q4000001"]
    # and its page shows it, linked (the speaker's own id is left off the page)
    shown = page(smiths, "/smiths/speaker_profile?name=John+Smith").text
    assert '<a href="https://www.wikidata.org/wiki/Q4000001" rel="external">Q4000001</a>' in shown
    assert 'class="col-wikidata_id"' in shown and 'class="col-speaker_id"' not in shown


def test_linking_again_changes_nothing_and_later_articles_follow(smiths, tmp_path):
    links = tmp_path / "people.jsonl"
    links.write_text(json.dumps({"name": "John Smith", "aliases": ["Jack Smith"],
                                 "qid": "Q4000001", "description": "finance minister"}) + "\n"
                     + json.dumps({"name": "Jane Smith", "qid": "Q4000002"}) + "\n",
                     encoding="utf-8")
    assert run("speakers", "link", links, "--db", smiths).exit_code == 0
    before = dump(smiths)
    again = run("speakers", "link", links, "--db", smiths)
    assert again.exit_code == 0, again.output
    assert dump(smiths) == before
    assert "0 linked, 0 speakers merged, 2 unchanged" in again.output

    # A later article that writes the alias lands on the linked speaker, as merges do.
    [(john, _)] = speaker_of(smiths, "John Smith")
    extract(smiths, write(tmp_path / "d", "d.txt", '"Spending falls," said Jack Smith.\n'), "Lessa Gazette")
    assert speaker_of(smiths, "Jack Smith") == {(john, "John Smith")}
    # The link goes with the speaker when it is merged by hand into another.
    [(jane, _)] = speaker_of(smiths, "Jane Smith")
    refused = run("speakers", "merge", "John Smith", "Jane Smith", "--db", smiths)
    assert refused.exit_code == 1 and "two, not merged" in refused.output


def test_a_surname_two_rows_share_merges_nobody(smiths, tmp_path):
    links = tmp_path / "two.csv"
    links.write_text("name,aliases,qid\nJohn Smith,Smith,Q4000001\nAnna Smith,,Q4000009\n",
                     encoding="utf-8")
    result = run("speakers", "link", links, "--db", smiths)
    [skipped] = [line for line in result.output.splitlines() if "'Smith' is also" in line]
    assert "Anna Smith" in skipped and "Jane Smith" in skipped and skipped.endswith("not merged")
    assert "line 3: no speaker called 'Anna Smith'" in result.output
    [(bare, _)] = speaker_of(smiths, "Smith")
    assert speaker_of(smiths, "Smith") == {(bare, "Smith")}


def test_a_bare_surname_links_to_nobody(smiths, tmp_path):
    links = tmp_path / "bare.csv"
    links.write_text("name,qid\nSmith,Q4000003\n", encoding="utf-8")
    result = run("speakers", "link", links, "--db", smiths)
    assert result.exit_code == 0, result.output
    assert "no speaker called 'Smith' known beyond one article" in result.output
    assert query(smiths, "select count(*) from speaker_links") == [(0,)]


@pytest.mark.parametrize("name, text, message", [
    ("people.csv", "name,qid\nJohn Smith,X42\n", "people.csv line 2: qid 'X42' is not a Wikidata item id"),
    ("people.csv", "name,qid\nJohn Smith,\n", "people.csv line 2: qid none is not a Wikidata item id"),
    ("people.csv", "who,id\nJohn Smith,Q1\n", "people.csv: needs a header row with the columns name and qid"),
    ("people.csv", "name,qid\n,Q1\n", "people.csv line 2: no name"),
    ("people.csv", "name,qid\nJohn Smith,Q1\nJane Smith,Q1\n", "people.csv line 3: Q1 is 'John Smith' on line 2"),
    ("people.csv", "name,qid\n", "people.csv: no rows to link"),
    ("people.jsonl", '{"name": "John Smith", "qid": "Q1"}\n[1, 2]\n', "people.jsonl line 2: not a JSON object"),
    ("people.jsonl", '{"name": "John Smith", "qid": 42}\n', "people.jsonl line 1: qid 42 is not"),
    ("people.txt", "John Smith Q1\n", "people.txt: a link file is .csv or .jsonl"),
])
def test_a_bad_link_file_costs_one_line_and_changes_nothing(smiths, tmp_path, name, text, message):
    links = tmp_path / name
    links.write_text(text, encoding="utf-8")
    before = dump(smiths)
    result = run("speakers", "link", links, "--db", smiths)
    assert result.exit_code == 1
    assert result.output.startswith("Error: " + message), result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert dump(smiths) == before


# -- one name per outlet: read from the page ----------------------------------------------------

def html_page(head, body_extra=""):
    body = ("<p>The north quay reopened to ships on Friday after six weeks of repairs to the"
            " harbour wall, the port authority said in a statement.</p>"
            "<p>&ldquo;We are open for business again,&rdquo; harbour master Yusuf Haddad said.</p>")
    return (f"<html><head>{head}</head><body><article>{body}</article>{body_extra}</body></html>"
            ).encode()


@pytest.mark.parametrize("head, extra, url, expected", [
    # a section as site name (reuters.com's "U.S."): the name in the title instead
    ('<meta property="og:site_name" content="U.S."><title>Quay reopens | Reuters</title>', "",
     "https://www.reuters.com/world/us/quay-reopens", "Reuters"),
    # ... and a section the URL names, with no name elsewhere: the domain
    ('<meta property="og:site_name" content="World">', "", "https://www.reuters.com/world/quay",
     "Reuters"),
    # a publisher whose name is not its address
    ('<meta property="og:site_name" content="Quartz">', "", "https://qz.com/1234/quay", "Quartz"),
    # a tagline after the name
    ('<meta property="og:site_name" content="The Tico Times | Costa Rica News | Travel">'
     "<title>Quay reopens</title>", "", "https://ticotimes.net/2022/quay", "The Tico Times"),
    # the domain as site name, the publisher by JSON-LD reference
    ('<meta property="og:site_name" content="nytimes.com"><script type="application/ld+json">'
     '{"@graph": [{"@type": "NewsArticle", "publisher": {"@id": "#pub"}},'
     ' {"@id": "#pub", "@type": "NewsMediaOrganization", "name": "The New York Times"}]}</script>',
     "", "https://www.nytimes.com/2020/quay.html", "The New York Times"),
    # a tagline naming the address: the address as the page spells it in its copyright line
    ('<meta property="og:site_name" content="Belize News and Opinion on www.breakingbelizenews.com">',
     "<footer>&copy; 2022, BreakingBelizeNews.com. All rights reserved.</footer>",
     "https://www.breakingbelizenews.com/2022/quay", "Breaking Belize News"),
    # initials: the publisher <meta> over the domain site name
    ('<meta property="og:site_name" content="DW.COM">'
     '<meta name="publisher" content="Deutsche Welle (www.dw.com)">', "",
     "https://www.dw.com/en/quay/a-1", "Deutsche Welle"),
    # the company in the copyright line, its legal ending cut
    ("<title>Quay reopens</title>", "<footer>Copyright Axios Media, 2020</footer>",
     "https://www.axios.com/quay", "Axios"),
    # nothing on the page: the domain in the page's own words, or capitalised
    ("<title>Quay reopens</title>", "<p>Read the Harbour Wire every day.</p>",
     "https://harbourwire.example/quay", "Harbour Wire"),
    ("<title>Quay reopens</title>", "", "https://www.cnn.com/quay", "CNN"),
])
def test_a_page_gives_one_readable_outlet_name(head, extra, url, expected):
    article = read_page(html_page(head, extra), "page.html", url=url)
    apply_metadata(article, {}, None)
    assert article.outlet == expected


def test_a_name_fits_its_domain_by_words_spelling_or_initials():
    assert outlets.fits("The Times of Israel", "timesofisrael")
    assert outlets.fits("American Civil Liberties Union", "aclu")
    assert outlets.fits("Mail Online", "dailymail")
    assert not outlets.fits("U.S.", "reuters")
    assert not outlets.fits("World", "reuters")


def test_realweb_pages_named_in_the_issue_get_an_accepted_outlet():
    folder = need(SHARED / "realweb")
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["pages"]
    for name in ("ticotimes.net-migration.html", "breakingbelizenews.com-paho.html",
                 "nytimes.com.blackouts.html", "dw.com-elephants.html"):
        article = read_page((folder / "pages" / name).read_bytes(), name)
        apply_metadata(article, {}, None)
        assert article.outlet.lower() in {o.lower() for o in gold[name]["outlet"]}, name


# -- one name per outlet: by hand ---------------------------------------------------------------

def test_outlets_merge_and_rename_hold_for_later_articles(tmp_path):
    db = tmp_path / "outlets.db"
    said = '"The quay reopens on Friday after six weeks of repairs," said Yusuf Haddad.\n'
    extract(db, write(tmp_path / "a", "a.txt", said), "The Tico Times")
    extract(db, write(tmp_path / "b", "b.txt", said + "\nMore soon.\n"), "Tico Times")
    extract(db, write(tmp_path / "c", "c.txt", said + "\nAnd more.\n"), "DW.COM")
    [(statement, carried_by)] = query(db, "select id, outlet_count from clusters")
    assert carried_by == 3

    merged = run("outlets", "merge", "The Tico Times", "Tico Times", "--db", db)
    assert merged.exit_code == 0, merged.output
    renamed = run("outlets", "rename", "DW.COM", "Deutsche Welle", "--db", db)
    assert renamed.exit_code == 0, renamed.output
    assert query(db, "select name, quote_count from outlets order by name") == \
        [("Deutsche Welle", 1), ("The Tico Times", 2)]
    assert query(db, "select outlet_count from clusters where id = ?", statement) == [(2,)]
    assert query(db, "select count(*) from cluster_outlets") == [(2,)]

    # Articles read later under the old names go where the corrections sent them.
    extract(db, write(tmp_path / "d", "d.txt", said + "\nLater.\n"), "Tico Times")
    extract(db, write(tmp_path / "e", "e.txt", said + "\nLater still.\n"), "DW.COM")
    assert query(db, "select name, quote_count from outlets order by name") == \
        [("Deutsche Welle", 2), ("The Tico Times", 3)]
    listed = run("outlets", "list", "--db", db).output.splitlines()
    assert [line.split(None, 3)[3] for line in listed[1:]] == ["The Tico Times", "Deutsche Welle"]
    outlet_id = query(db, "select id from outlets where name = 'The Tico Times'")[0][0]
    assert "The Tico Times" in page(db, f"/outlets/outlets/{outlet_id}").text


@pytest.mark.parametrize("args, message", [
    (("rename", "Nowhere News", "X"), "no outlet called 'Nowhere News'"),
    (("rename", "Harbour Wire", "Valley Herald"), "an outlet is already called 'Valley Herald'"),
    (("merge", "Harbour Wire", "Harbour Wire"), "an outlet cannot be merged with itself"),
])
def test_outlet_edits_that_cannot_be_done_cost_one_line(tmp_path, args, message):
    db = tmp_path / "o.db"
    extract(db, write(tmp_path / "a", "a.txt", '"Ships wait outside," said Yusuf Haddad.\n'), "Harbour Wire")
    extract(db, write(tmp_path / "b", "b.txt", '"Rain stopped," said Ana Diaz.\n'), "Valley Herald")
    before = dump(db)
    result = run("outlets", *args, "--db", db)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {message}") and result.output.count("\n") == 1
    assert dump(db) == before


# -- roles folded ---------------------------------------------------------------------------------

def test_spellings_of_one_role_are_one_role_and_each_quote_keeps_its_own(tmp_path):
    db = tmp_path / "roles.db"
    extract(db, write(tmp_path / "a", "a.txt",
                      '"We will rebuild the bridge," US President Joe Biden said on Monday.\n'),
            "Harbour Wire")
    extract(db, write(tmp_path / "b", "b.txt",
                      '"The bridge comes first," U.S. President Joe Biden said on Tuesday.\n'),
            "Valley Herald")
    assert sorted(r for (r,) in query(db, "select role from quotes")) == \
        ["U.S. President", "US President"]
    facet = page(db, "/roles/quote_roles.json?_facet=role_group").json()["facet_results"]
    assert [(f["value"], f["count"]) for f in facet["role_group"]["results"]] == [("US President", 2)]
    shown = run("speakers", "show", "Joe Biden", "--db", db)
    assert "Roles: US President\n" in shown.output
    [(biden,)] = query(db, "select distinct speaker_id from quotes")
    assert "US President &times;2" in page(db, f"/roles/speakers/{biden}").text


def test_an_older_database_gets_its_roles_grouped(tmp_path, monkeypatch):
    db_path = tmp_path / "old.db"
    steps = list(store.MIGRATIONS)
    before = [s for s in steps if s.__name__ < "m012"]
    monkeypatch.setattr(store.migrations, "MIGRATIONS", before)
    db = store.open_db(db_path)
    article = db["articles"].insert({"source": "a.txt", "text": "x"}).last_pk
    for role in ("U.S. President", "US President", "harbour master"):
        db["quotes"].insert({"article_id": article, "text": "x", "role": role})
    db.conn.close()
    monkeypatch.setattr(store.migrations, "MIGRATIONS", steps)
    db = store.open_db(db_path)
    assert sorted(db.execute("select role, name from role_groups").fetchall()) == [
        ("U.S. President", "U.S. President"), ("US President", "U.S. President"),
        ("harbour master", "harbour master")]


def test_an_organisation_links_and_its_short_form_follows(tmp_path):
    db = tmp_path / "org.db"
    extract(db, write(tmp_path / "a", "a.txt", '"Fighting went on all night," the Syrian '
                                               'Observatory for Human Rights said.\n'), "Rudaw")
    extract(db, write(tmp_path / "b", "b.txt", '"Three villages were shelled," said the SOHR.\n'),
            "Baghdad Post")
    links = tmp_path / "orgs.jsonl"
    links.write_text('{"name": "Syrian Observatory for Human Rights", "aliases": ["SOHR"],'
                     ' "qid": "Q1365212"}\n', encoding="utf-8")
    result = run("speakers", "link", links, "--db", db)
    assert result.exit_code == 0 and "1 speaker merged" in result.output, result.output
    extract(db, write(tmp_path / "c", "c.txt", '"More shelling came at dawn," the SOHR said.\n'),
            "Rudaw")
    [(linked,)] = query(db, "select speaker_id from speaker_links where wikidata_id = 'Q1365212'")
    assert query(db, "select distinct speaker_id from quotes") == [(linked,)]
