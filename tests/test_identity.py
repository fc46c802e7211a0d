"""Speaker identity: one person, one row, however outlets spell them.

The identity step is fed Speaker/Attribution objects as the engine hands them over
and writes to a real SQLite file, so these tests do not depend on how well the
detection engine finds speakers; one end-to-end test on the seeds does.
"""
import json
import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner

from quotes.commit import identity
from quotes.extract import names
from quotes import store
from quotes.cli import cli
from quotes.engines import get_engine
from quotes.extract.article import find
from quotes.model import ANONYMOUS, ORGANISATION, PERSON, Article, Attribution, Speaker
from quotes.extract.speakers import make_speaker
from quotes.extract.referents import referents
from quotes.lang import get

RULES = get_engine("rules")
EN = get("en")


def assign(db, article_id, text, quotes):
    """Both halves of speaker identity, as the two stages run them: who each speaker is
    inside the article (extract), then which row that is across articles (commit)."""
    identity.assign_speakers(db, article_id, quotes, referents(text, quotes, EN), EN)


def article(db, text, source=None, outlet=None):
    """A stored article; identity reads its text to resolve short forms."""
    source = source or f"a{db['articles'].count}.txt"
    return store.insert_article(db, Article(source, text, outlet=outlet), "test")


def quote(name, kind=PERSON, start=0, role=None, description=None, mention=None):
    speaker = Speaker(mention=mention or name or description, start=start, end=start + 1,
                      name=name, kind=kind, role=role, description=description)
    return Attribution("direct", start, start + 1, "words", speaker=speaker)


def speaker_of(db, text, name, kind=PERSON, **extra):
    """The speaker id one mention gets in a new article with ``text``."""
    q = quote(name, kind, **extra)
    assign(db, article(db, text), text, [q])
    return q.speaker_id


@pytest.fixture
def db():
    database = sqlite_utils.Database(memory=True)
    store.migrate(database)
    return database


SAME = [
    ("Mustefa Bali", "Mustafa Bali", PERSON),  # AFP vs Rudaw / Baghdad Post
    ("Moustafa Bali", "Mostafa Bali", PERSON),
    ("Um Khaled", "Umm Khaled", PERSON),  # a kunya is a full name
    ("Rami Abdel Rahman", "Rami Abdulrahman", PERSON),
    ("Rami Abdel Rahman", "Rami Abd al-Rahman", PERSON),
    ("Rami Abdel Rahman", "Rami Abdel-Rahman", PERSON),
    ("Mohammed bin Salman", "Muhammad bin Salman", PERSON),
    ("Mohamed Salah", "Mohammad Salah", PERSON),
    ("Abu Bakr al-Baghdadi", "Abu Bakr Al Baghdadi", PERSON),
    ("Bashar al-Assad", "Bashar el-Assad", PERSON),
    ("Youssef Haddad", "Yusuf Haddad", PERSON),
    ("Donald Trump", "Donald J. Trump", PERSON),
    ("Donald Trump", "US President Donald Trump", PERSON),  # titles are not the name
    ("Ted Cruz", "Texas Sen. Ted Cruz", PERSON),
    ("Hillary Clinton", "Hillary Rodham Clinton", PERSON),
    ("James Comey", "James B. Comey", PERSON),
    ("Bill de Blasio", "Bill De Blasio", PERSON),
    ("José Ángel Pérez", "Jose Angel Perez", PERSON),
    ("Reince Priebus", "Rence Priebus", PERSON),  # a typo: fuzzy within the surname's block
    ("Syrian Observatory for Human Rights", "The Syrian Observatory for Human Rights",
     ORGANISATION),
    ("Syrian Democratic Forces (SDF)", "SDF", ORGANISATION),  # the acronym it introduced
    ("Mustafa Bali", "Mustafa \u0392ali", PERSON),  # a Greek capital beta that looks like B
    ("Mustafa Bali", "Must\u0430fa B\u0430li", PERSON),  # Cyrillic a
    ("Mustafa Bali", "Mustafa\u200b Bali\u200d", PERSON),  # zero-width space and joiner
    ("Syrian Observatory", "Syrian \u041ebservatory", ORGANISATION),  # Cyrillic O
]

DIFFERENT = [
    ("Donald Trump", "Donald Trump Jr.", PERSON),
    ("Donald Trump", "Eric Trump", PERSON),
    ("Bill Clinton", "Hillary Clinton", PERSON),
    ("Hillary Clinton", "Clinton", PERSON),  # a bare surname never crosses articles
    ("Clinton", "Clinton", PERSON),
    ("George W. Bush", "George H. W. Bush", PERSON),
    ("Jeb Bush", "George Bush", PERSON),
    ("Paul Ryan", "Sean Ryan", PERSON),
    ("John Kerry", "John Kelly", PERSON),
    ("Al Gore", "Gore", PERSON),
    ("Mustafa Bali", "Mustafa Bali", ORGANISATION),  # a person is not an organisation
    ("the ministry", "the ministry", ORGANISATION),  # a description, not a name
]


@pytest.mark.parametrize("first,second,kind", SAME)
def test_spellings_of_one_speaker_merge_across_articles(db, first, second, kind):
    other_kind = kind
    assert speaker_of(db, f"{first} spoke.", first, kind) == \
        speaker_of(db, f"{second} spoke.", second, other_kind)


@pytest.mark.parametrize("first,second,kind", DIFFERENT)
def test_different_speakers_stay_apart_across_articles(db, first, second, kind):
    second_kind = PERSON if kind == ORGANISATION and first == "Mustafa Bali" else kind
    assert speaker_of(db, f"{first} spoke.", first, kind) != \
        speaker_of(db, f"{second} spoke.", second, second_kind)


def test_a_name_in_greek_or_cyrillic_letters_keeps_its_own_key():
    """Look-alikes fold only inside Latin words: Путин is Putin, not the Latin-looking ``Pytin``."""
    assert names.person_key("Владимир Путин") == "vladimir putin"
    assert names.person_key("Αλέξης Τσίπρας") == "alexis tsipras"


def test_invisible_characters_never_reach_a_stored_name(db):
    first = speaker_of(db, "Mus\u200btafa Bali spoke.", "Mus\u200btafa Bali")
    org = speaker_of(db, "Syrian\u2060 Observatory spoke.", "Syrian\u2060 Observatory", ORGANISATION)
    assert name_of(db, first) == "Mustafa Bali"
    assert name_of(db, org) == "Syrian Observatory"
    assert [a for (a,) in db.execute("select alias from speaker_aliases")] == \
        ["Mustafa Bali", "Syrian Observatory"]


def test_a_speaker_is_called_what_most_articles_write_unless_renamed_by_hand(db):
    from quotes.commit import curation

    ids = {speaker_of(db, f"{name} spoke.", name)
           for name in ("Mustefa Bali", "Mustafa Bali", "Mustafa Bali")}
    assert len(ids) == 1
    (speaker_id,) = ids
    assert name_of(db, speaker_id) == "Mustafa Bali"  # two articles to one, though it came later
    curation.rename(db, db["speakers"].get(speaker_id), "Mustefa Bali")
    for _ in range(3):
        assert speaker_of(db, "Mustafa Bali spoke.", "Mustafa Bali") == speaker_id
    assert name_of(db, speaker_id) == "Mustefa Bali"


def test_anonymous_sources_are_never_merged(db):
    a = speaker_of(db, "An official spoke.", None, ANONYMOUS, description="a senior official")
    b = speaker_of(db, "An official spoke.", None, ANONYMOUS, description="a senior official")
    c = speaker_of(db, "Mustafa Bali spoke.", "Mustafa Bali")
    assert len({a, b, c}) == 3
    assert db["speakers"].get(a)["scope_article_id"] is not None


def test_bare_surname_takes_the_full_name_its_article_introduces(db):
    bali = speaker_of(db, "SDF spokesman Mustefa Bali said so.", "Mustefa Bali")
    text = "SDF media officer Mustafa Bali spoke on Monday. Later, Bali said more."
    assert speaker_of(db, text, "Bali") == bali
    # Without a full name in its article, "Bali" stays there.
    assert speaker_of(db, "Bali said it.", "Bali") != bali


def test_bare_surname_picks_the_article_own_clinton_or_none(db):
    hillary = speaker_of(db, "Hillary Clinton spoke.", "Hillary Clinton")
    bill = speaker_of(db, "Bill Clinton spoke.", "Bill Clinton")
    assert speaker_of(db, "Hillary Clinton won Iowa. Clinton said...", "Clinton") == hillary
    assert speaker_of(db, "Bill Clinton campaigned. Clinton said...", "Clinton") == bill
    text = "Hillary Clinton and Bill Clinton spoke. Clinton said..."
    both = article(db, text)
    quotes = [quote("Hillary Clinton", start=0), quote("Bill Clinton", start=20),
              quote("Clinton", start=40)]
    assign(db, both, text, quotes)
    assert quotes[2].speaker_id not in {hillary, bill}  # ambiguous: kept to its article
    assert db["speakers"].get(quotes[2].speaker_id)["scope_article_id"] == both


def test_organisation_short_forms_resolve_within_the_article(db):
    text = ("The Syrian Observatory for Human Rights said 350 fled. The Observatory says "
            "37,000 fled, according to the Britain-based monitor.")
    quotes = [quote("Observatory", ORGANISATION, start=60, mention="the Observatory"),
              quote("Britain-based monitor", ORGANISATION, start=100,
                    mention="the Britain-based monitor")]
    assign(db, article(db, text), text, quotes)
    assert quotes[0].speaker_id == quotes[1].speaker_id
    assert db["speakers"].get(quotes[0].speaker_id)["name"] == "Syrian Observatory for Human Rights"
    # The monitor with no organisation before it in its own article stays there.
    alone = speaker_of(db, "The monitor said so.", None, ANONYMOUS, mention="the monitor",
                       description="the monitor")
    assert alone != quotes[0].speaker_id


def name_of(db, speaker_id):
    return db["speakers"].get(speaker_id)["name"]


def test_a_description_goes_only_to_an_organisation_of_its_sort(db):
    text = ("Widgetco said sales fell. The Daily Ledger reported the cuts. The company said "
            "more would follow. The paper said so too.")
    quotes = [quote("Widgetco", ORGANISATION, start=0), quote("Daily Ledger", ORGANISATION, start=30,
                                                              mention="The Daily Ledger"),
              quote(None, ANONYMOUS, start=60, mention="The company", description="The company"),
              quote(None, ANONYMOUS, start=95, mention="The paper", description="The paper")]
    assign(db, article(db, text), text, quotes)
    ledger = quotes[1].speaker_id
    # A newspaper quoted last is no company; Widgetco is not called one: "the company" stays here.
    assert quotes[2].speaker_id not in {quotes[0].speaker_id, ledger}
    assert name_of(db, quotes[2].speaker_id) == "the company"
    assert db["speakers"].get(quotes[2].speaker_id)["scope_article_id"] is not None
    assert quotes[3].speaker_id == ledger  # a paper is what the Ledger is


def test_a_description_goes_to_the_organisation_the_text_calls_so(db):
    text = ("Bids opened on the website ShopBay.com on Friday. The Daily Ledger covered it. "
            "The company said bids were user generated.")
    quotes = [quote("ShopBay.com", ORGANISATION, start=20, mention="the website ShopBay.com"),
              quote("Daily Ledger", ORGANISATION, start=55, mention="The Daily Ledger"),
              quote(None, ANONYMOUS, start=80, mention="The company", description="The company")]
    assign(db, article(db, text), text, quotes)
    assert quotes[2].speaker_id == quotes[0].speaker_id
    assert name_of(db, quotes[0].speaker_id) == "ShopBay.com"


def test_lower_case_descriptions_never_merge_across_articles(db):
    first = speaker_of(db, "A statement said so.", "statement", ORGANISATION, mention="a statement")
    second = speaker_of(db, "A statement said so.", "statement", ORGANISATION, mention="a statement")
    agency = speaker_of(db, "The Agency said so.", "Agency", ORGANISATION, mention="The Agency")
    assert first != second
    assert name_of(db, agency) == "the Agency"  # a common noun, not made into a name


@pytest.mark.parametrize("text, mention, name, kind", [
    # a name found in the text never runs over a sentence end
    ("Agents wrote to the FBI. Later the FBI said it had the emails.", "the FBI", "FBI",
     ORGANISATION),
    # a capitalised "The" starts the name: the word before it is the sentence's
    ("Enter The Washington Post. The Post said the plan was radical.", "The Post",
     "Washington Post", ORGANISATION),
    # a possessive owner is not part of the organisation
    ("Critics said Ann Lee’s DOJ sent a letter. The DOJ said it would sue.", "The DOJ", "DOJ",
     ORGANISATION),
    # a Title Case headline glues its verb to the name; the body writes it plainly
    ("Daily Ledger Assembles Big Team Of Diggers\nThe Daily Ledger hired ten. The Ledger said so.",
     "The Ledger", "Daily Ledger", ORGANISATION),
])
def test_short_forms_take_clean_names_from_the_text(db, text, mention, name, kind):
    short = mention.split()[-1]
    speaker_id = speaker_of(db, text, short, kind, mention=mention, start=text.rindex(mention))
    assert name_of(db, speaker_id) == name


def test_an_organisation_cut_short_takes_the_name_written_around_it(db):
    text = "The Justice Department wrote. The State Department has said it would comply."
    start = text.rindex("Department")
    speaker_id = speaker_of(db, text, "Department", ORGANISATION, mention="Department", start=start)
    assert name_of(db, speaker_id) == "State Department"


def test_a_sentence_initial_word_is_no_given_name(db):
    text = ("Outside Zorbix's plant, pickets waited outside the gate. Zorbix said it would return "
            "the money.")
    assert name_of(db, speaker_of(db, text, "Zorbix")) == "Zorbix"


def test_phrases_are_cut_to_what_can_be_a_name():
    text = ("Agents wrote to the FBI. Later, Enter The Washington Post. Outside Zorbix's plant "
            "they waited outside. President Ann Lee’s DOJ wrote. The New York Times cited the U.S. "
            "Army. On Monday the DOJ spoke.")
    assert [p for _, p in names.capitalised_phrases(text)] == [
        "Agents", "FBI", "Later", "Enter", "The Washington Post", "Zorbix", "President Ann Lee",
        "DOJ", "New York Times", "U.S. Army", "Monday", "DOJ"]


def test_a_headline_clause_is_nobodys_name(db):
    text = ("Lee Says Budget Is Sound, Calls Park’s Mills Remarks ‘Troubling.’\n"
            "Mayor Ann Lee spoke on Sunday. Governor Tom Mills said the budget was short.")
    # The rules engine no longer reads "Remarks" as a cue here; an engine that does hands over
    # the headline's clause as the mention, as this attribution does.
    clause = "Calls Park’s Mills"
    start = text.index(clause)
    quoted = text.index("Troubling")
    misread = Attribution("direct", quoted, quoted + 10, "Troubling.", cue="Remarks",
                          speaker=make_speaker(clause, start, start + len(clause)))
    quotes = [misread] + find(text, RULES)
    headline = [q for q in quotes if q.speaker.mention.startswith("Calls")]
    assert headline and headline[0].speaker.kind == ANONYMOUS
    assign(db, article(db, text), text, quotes)
    mills = [q.speaker_id for q in quotes if q.speaker.mention.endswith("Tom Mills")]
    assert headline[0].speaker_id not in mills
    assert db["speakers"].get(headline[0].speaker_id)["kind"] == ANONYMOUS


def test_speaker_row_keeps_aliases_roles_and_outlet_counts(db):
    first = article(db, "SDF spokesman Mustefa Bali spoke.", outlet="AFP")
    second = article(db, "SDF media officer Mustafa Bali spoke.", outlet="Rudaw")
    assign(db, first, "SDF spokesman Mustefa Bali spoke.",
                             [quote("Mustefa Bali", role="SDF spokesman")])
    q = quote("Mustafa Bali", role="SDF media officer")
    assign(db, second, "SDF media officer Mustafa Bali spoke.", [q])
    store.insert_quotes(db, second, [q])
    sid = q.speaker_id
    aliases = {(r["alias"], r["article_id"]) for r in db["speaker_aliases"].rows_where(
        "speaker_id = ?", [sid])}
    assert aliases == {("Mustefa Bali", first), ("Mustafa Bali", second)}
    assert {r["role"] for r in db["speaker_roles"].rows_where("speaker_id = ?", [sid])} == \
        {"SDF spokesman", "SDF media officer"}
    assert db["speakers"].get(sid)["quote_count"] == 2
    assert [(r["outlet"], r["quote_count"]) for r in db["speaker_outlets"].rows_where(
        "speaker_id = ?", [sid])] == [("Rudaw", 1)]


def test_titles_are_split_off_and_kept(db):
    parsed = names.parse_person("Acting US Defense Secretary Patrick Shanahan")
    assert (parsed.written, parsed.titles) == (
        "Patrick Shanahan", ("Acting", "US", "Defense", "Secretary"))
    assert names.parse_person("Dr. Gen. Mustéfa BALI").key == names.parse_person("Mustafa Bali").key


# -- end to end -------------------------------------------------------------------

def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def speaker_ids(db_path, sql):
    return {row[0] for row in sqlite3.connect(db_path).execute(sql)}


def test_seeds_give_each_recurring_speaker_one_id(seeds_db):
    """What the current engine lets identity do on the five seeds."""
    sql = ("select distinct quotes.speaker_id from quotes join speakers "
           "on speakers.id = quotes.speaker_id where {}")
    for who in ("speakers.name like '%Bali'", "speakers.name = 'Sean Ryan'",
                "speakers.name = 'Donald Trump'", "speakers.name = 'Rami Abdel Rahman'",
                "speakers.name like '%Observatory%'",
                "quotes.speaker_mention in ('the Observatory', 'the Britain-based monitor')"):
        assert len(speaker_ids(seeds_db, sql.format(who))) == 1, who
    assert len(speaker_ids(seeds_db, sql.format("speakers.name like '%Bali'"))
               | speaker_ids(seeds_db, sql.format("quotes.speaker_mention like '%Bali'"))) == 1
    # Anonymous sources keep a row each, inside their own article.
    conn = sqlite3.connect(seeds_db)
    assert conn.execute("select count(*) from speakers where kind = 'anonymous' "
                        "and scope_article_id is null").fetchone()[0] == 0
    assert conn.execute("select max(n) from (select count(distinct article_id) as n from quotes "
                        "join speakers on speakers.id = speaker_id where speakers.kind = 'anonymous' "
                        "group by speaker_id)").fetchone()[0] == 1


def write(folder, name, text):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def by_mention(db_path, mention):
    return speaker_ids(db_path, "select speaker_id from quotes where speaker_mention like "
                                f"'%{mention}'")


def test_overrides_survive_extracting_new_articles(tmp_path):
    db = tmp_path / "q.db"
    first = write(tmp_path / "first", "a.txt",
                  '"The port is closed," said harbour master Yusuf Haddad.\n\n'
                  '"We expect rain," said Ana Diaz.')
    write(first, "b.txt", '"Ships wait outside," said Joe Haddad.')
    assert run("extract", first, "--db", db).exit_code == 0
    [yusuf] = by_mention(db, "Yusuf Haddad")
    [joe] = by_mention(db, "Joe Haddad")
    [ana] = by_mention(db, "Ana Diaz")
    assert yusuf != joe

    # Joe Haddad was the harbour master all along; Ana Diaz is to be called by her full name.
    merged = run("speakers", "merge", "Yusuf Haddad", "Joe Haddad", "--db", db)
    assert merged.exit_code == 0, merged.output
    assert "Merged Joe Haddad" in merged.output
    assert run("speakers", "rename", "Ana Diaz", "Ana María Díaz", "--db", db).exit_code == 0

    later = write(tmp_path / "later", "c.txt",
                  '"The quay reopens," said Joe Haddad.\n\n'
                  '"Rain stopped," said Ana María Díaz.')
    assert run("extract", later, "--db", db).exit_code == 0
    assert by_mention(db, "Joe Haddad") == {yusuf}
    assert by_mention(db, "Díaz") == {ana}
    shown = run("speakers", "show", "Yusuf Haddad", "--db", db)
    assert "Joe Haddad  (2 articles" in shown.output

    # Split the spelling off again: old and new quotes under it move, and later ones follow.
    split = run("speakers", "split", "Yusuf Haddad", "Joe Haddad", "--db", db)
    assert split.exit_code == 0, split.output
    [joe_again] = by_mention(db, "Joe Haddad")
    assert joe_again != yusuf
    write(tmp_path / "last", "d.txt", '"Fish are back," said Joe Haddad.')
    assert run("extract", tmp_path / "last", "--db", db).exit_code == 0
    assert by_mention(db, "Joe Haddad") == {joe_again}
    assert by_mention(db, "Yusuf Haddad") == {yusuf}
    # Each speaker's spellings, which identity and the speaker page read, followed every move.
    conn = sqlite3.connect(db)
    assert sorted(conn.execute("select speaker_id, alias, articles from speaker_spellings")) == \
        sorted(conn.execute("select speaker_id, alias, count(*) from speaker_aliases group by 1, 2"))
    for table in ("quotes", "speakers", "speaker_aliases"):  # the search indexes followed too
        conn.execute(f"insert into {table}_fts ({table}_fts) values ('integrity-check')")
    assert [("Joe Haddad", 3)] == conn.execute(
        "select alias, articles from speaker_spellings where speaker_id = ?", [joe_again]).fetchall()


def test_speakers_commands_report_and_fail_cleanly(seeds_db):
    listed = run("speakers", "list", "--db", seeds_db, "--kind", "person")
    assert listed.exit_code == 0
    assert "Donald Trump" in listed.output and "a colleague" not in listed.output
    shown = run("speakers", "show", "Mustafa Bali", "--db", seeds_db)
    assert "Mustefa Bali" in shown.output and "Mustafa Bali" in shown.output
    assert "SDF spokesman" in shown.output and "Rudaw" in shown.output
    # Looked up as the web looks up: a near spelling finds Mustefa Bali, as quotes_by_speaker does.
    near = run("speakers", "show", "Mustafa Baly", "--db", seeds_db)
    assert near.exit_code == 0 and near.output.startswith("Mustefa Bali (id ")
    assert "unknown outlet: " in near.output and "(no outlet)" not in near.output
    # ... but merge, split and rename never act on a guess: they name the match instead.
    guess = run("speakers", "rename", "Mustafa Baly", "M. Bali", "--db", seeds_db)
    assert guess.exit_code == 1
    assert guess.output.startswith("Error: no speaker called 'Mustafa Baly'; did you mean Mustefa Bali")
    missing = run("speakers", "show", "Nobody Atall", "--db", seeds_db)
    assert missing.exit_code == 1 and missing.output.startswith("Error: no speaker")
    assert "Traceback" not in missing.output
    itself = run("speakers", "merge", "Sean Ryan", "Sean Ryan", "--db", seeds_db)
    assert itself.exit_code == 1 and "Error:" in itself.output
    no_db = run("speakers", "list", "--db", seeds_db.parent / "none.db")
    assert no_db.exit_code == 1 and "no such database" in no_db.output


def test_export_names_the_merged_speaker(seeds_db):
    records = [json.loads(line) for line in
               run("export", "--db", seeds_db).output.splitlines()]
    bali = {r["speaker"] for r in records if "Bali" in (r["speaker_mention"] or "")}
    assert len(bali) == 1
