"""One statement across outlets: what a reader of the clusters table and its view would see."""
import json
import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner

from quotes.cli import cli
from quotes.extract.wording import normalise, shingles
from quotes.store import statements as cluster_index
from quotes.store.counters import refresh_cluster_stats

# The opening words of a statement, enough to find every seed article that carries it.
SEED_STATEMENTS = {
    "Sean Ryan": "The progress is slow and methodical",
    "Donald Trump": "Soon it will be announced",
    "Rami Abdel Rahman": "Most of those who got out are foreigners",
    "Mustafa Bali": "A group of 600 civilians escaped",
}


def rows(db_path, sql, params=()):
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def extract(db, *paths, manifest=None):
    args = ["extract", *map(str, paths), "--db", str(db)]
    if manifest:
        args += ["--manifest", str(manifest)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return db


def write_articles(folder, articles):
    """Write {source: text} as .txt files and return the folder."""
    folder.mkdir(exist_ok=True)
    for source, text in articles.items():
        (folder / source).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("speaker, opening", SEED_STATEMENTS.items())
def test_seed_statement_is_one_cluster_across_every_article_that_carries_it(seeds_db, seeds, speaker, opening):
    carrying = {p.name for p in seeds.glob("*.txt") if opening in p.read_text(encoding="utf-8")}
    assert len(carrying) >= 2
    found = rows(seeds_db, """select quotes.cluster_id, articles.source from quotes
                              join articles on articles.id = quotes.article_id
                              where quotes.text like ? || '%'""", [opening])
    assert {r["source"] for r in found} == carrying
    assert len({r["cluster_id"] for r in found}) == 1
    cluster_id = found[0]["cluster_id"]
    (stats,) = rows(seeds_db, "select * from clusters where id = ?", [cluster_id])
    assert stats["article_count"] == len(carrying)
    appearances = rows(seeds_db, "select source from cluster_appearances where cluster_id = ?", [cluster_id])
    assert {a["source"] for a in appearances} == carrying


def test_seed_ryan_copies_differ_only_by_is_and_isis(seeds_db):
    texts = {r["text"] for r in rows(
        seeds_db, "select text from quotes where text like 'The progress is slow%'")}
    assert any(" IS fighters" in t for t in texts) and any(" ISIS fighters" in t for t in texts)


# Statements in the seeds that share words, numbers or a speaker but are not the same statement.
DIFFERENT_STATEMENTS = [
    ("The progress is slow and methodical", "The SDF made"),  # mixed quote reusing three words
    ("The progress is slow and methodical", "The coalition continues to strike"),  # same speaker
    ("Soon it will be announced", "Our brave warriors"),
    ("A group of 600 civilians escaped", "600 civilians fled the combat zone"),
    ("Most of those who got out are foreigners", "There are mines throughout the sector"),
    ("That figure includes", "In the past two months"),
]


@pytest.mark.parametrize("one, other", DIFFERENT_STATEMENTS)
def test_seed_different_statements_are_different_clusters(seeds_db, one, other):
    find = "select distinct cluster_id from quotes where text like ? || '%'"
    ones, others = rows(seeds_db, find, [one]), rows(seeds_db, find, [other])
    assert ones and others
    assert not {r["cluster_id"] for r in ones} & {r["cluster_id"] for r in others}


def test_seed_cluster_members_share_their_words_with_the_canonical_wording(seeds_db):
    members = rows(seeds_db, """select clusters.canonical_text, quotes.text
                                from quotes join clusters on clusters.id = quotes.cluster_id""")
    for member in members:
        canonical, words = set(normalise(member["canonical_text"])), set(normalise(member["text"]))
        assert len(words & canonical) >= 0.75 * len(words), member


@pytest.mark.parametrize("one, other", [
    ("IS fighters continue", "ISIS fighters continue"),
    ("the Islamic State group holds", "Daesh holds"),
    ("“We are here,” he said", '"We are here", he said'),
    ("the U.S. troops", "US troops"),
    ("1,000 people", "1000 people"),
])
def test_normalise_folds_spellings_of_one_thing(one, other):
    assert normalise(one) == normalise(other)


def test_normalise_keeps_the_verb_is_and_the_pronoun_us():
    assert normalise("It is what it is, tell us") == ["it", "is", "what", "it", "is", "tell", "us"]
    assert normalise("IS told US") == ["isis", "told", "usa"]


def test_normalise_folds_the_aliases_of_the_pack_it_is_given():
    import dataclasses

    from quotes import lang

    pack = dataclasses.replace(lang.get("en"), quote_alias_patterns=((r"\bthe harbour\b", 2, "port"),))
    assert normalise("The harbour reopens", pack) == ["port", "reopens"]
    assert normalise("The harbour reopens") == ["the", "harbour", "reopens"]
    assert normalise("IS fighters", pack) == ["is", "fighters"]


BRIDGE = "The bridge will reopen in March after the repairs on both lanes are finished"


def test_near_copies_fragments_and_repeats_by_someone_else(tmp_path):
    folder = write_articles(tmp_path / "in", {
        "a.txt": f'"{BRIDGE}," Mayor Jane Doe told AFP on Monday. "Thank you," Doe said.',
        "b.txt": f'“{BRIDGE.replace("both ", "")},” Jane Doe said.',  # curly quotes, a word dropped
        "c.txt": '"The bridge will reopen in March," Jane Doe said.',  # a fragment
        "d.txt": f'"{BRIDGE}," said Tom Reed, a council member. "Thank you," said Tom Reed.',
        "e.txt": '"We hope the repairs are finished soon," Tom Reed said.',
        "f.txt": ('"Will reopen in March after the repairs," a spokesman said. '
                  '"The bridge will reopen," Jane Doe said. "Thank you," a resident said.'),
    })
    db = extract(tmp_path / "q.db", folder)
    by_source = {}
    for r in rows(db, """select articles.source, quotes.text, quotes.cluster_id from quotes
                         join articles on articles.id = quotes.article_id"""):
        by_source.setdefault(r["source"], {})[r["text"]] = r["cluster_id"]
    doe = by_source["a.txt"][BRIDGE]
    assert by_source["b.txt"][BRIDGE.replace("both ", "")] == doe
    assert by_source["c.txt"]["The bridge will reopen in March"] == doe
    reed = by_source["d.txt"][BRIDGE]
    assert reed != doe
    links = rows(db, "select cluster_id, related_cluster_id from cluster_links")
    assert {"cluster_id": doe, "related_cluster_id": reed} in links
    # Short generic quotes stay apart across speakers, and glue nothing.
    assert by_source["a.txt"]["Thank you"] != by_source["d.txt"]["Thank you"]
    # A fragment needs eight words from an unknown speaker, five from the same named speaker.
    assert by_source["f.txt"]["Will reopen in March after the repairs"] not in (doe, reed)
    assert by_source["f.txt"]["The bridge will reopen"] != doe
    assert by_source["f.txt"]["Thank you"] not in (by_source["a.txt"]["Thank you"], by_source["d.txt"]["Thank you"])
    assert by_source["e.txt"]["We hope the repairs are finished soon"] not in (doe, reed)
    (stats,) = rows(db, "select * from clusters where id = ?", [doe])
    assert stats["article_count"] == 3 and stats["told_to"] == "AFP"
    assert stats["canonical_text"] == BRIDGE


def test_first_appearance_is_the_earliest_published_and_later_runs_join_earlier_clusters(tmp_path):
    quote = '"Most of those who got out are foreigners," Rami Abdel Rahman said.'
    runs = [  # three runs, one article each, ingested in this order
        {"source": "late", "outlet": "Wire", "published": "2019-02-20T10:00:00Z", "text": quote},
        {"source": "early", "outlet": "Daily", "published": "2019-02-19", "text": "Earlier: " + quote},
        {"source": "later", "outlet": "Weekly", "published": "2019-02-21",
         "text": quote.replace("Most of", "most of")},
    ]
    db = tmp_path / "q.db"
    for n, article in enumerate(runs):
        path = tmp_path / f"run{n}.jsonl"
        path.write_text(json.dumps(article), encoding="utf-8")
        extract(db, path)
    (stats,) = rows(db, "select clusters.*, articles.source from clusters"
                        " join articles on articles.id = clusters.first_article_id")
    assert stats["article_count"] == 3 and stats["outlet_count"] == 3
    assert stats["source"] == "early"
    view = rows(db, "select outlet, published, first_appearance from cluster_appearances")
    assert [v["outlet"] for v in view] == ["Daily", "Wire", "Weekly"]
    assert [v["first_appearance"] for v in view] == [1, 0, 0]


def test_figures_counted_as_articles_arrive_equal_a_recount_of_the_statement(tmp_path):
    """Each run adds one article to a stored statement; its figures are kept up to date
    without re-reading it, and must come out as a recount of all its quotes would."""
    quote = '"The new bridge will carry twelve thousand cars a day," {cue}.'
    runs = [  # in the order they are read; publication times disagree with it
        ("a", "Wire", "2020-03-05T12:00:00Z", "Ana Ruiz said"),
        ("b", "Wire", "2020-03-06", "Ana Ruiz said"),
        ("c", None, None, "Ana Ruiz told Reuters"),
        ("d", "Daily", "2020-03-04", "Ana Ruiz told AFP"),
        ("e", "Weekly", "2020-03-03", "Ana Ruiz told the BBC"),
        ("f", "Daily", "2020-03-07", "Ana Ruiz told CNN"),
        ("g", None, "2020-03-02", "Ana Ruiz said"),
        ("h", "Weekly", "2020-03-02T12:00:00Z", "Ana Ruiz told NPR"),  # after g, before the BBC's
        ("i", "Wire", None, "Ana Ruiz told ABC"),  # undated: after every dated one
    ]
    db = tmp_path / "q.db"
    for source, outlet, published, cue in runs:
        article = {"source": source, "text": quote.format(cue=cue)}
        article.update({k: v for k, v in (("outlet", outlet), ("published", published)) if v})
        path = tmp_path / f"{source}.jsonl"
        path.write_text(json.dumps(article), encoding="utf-8")
        extract(db, path)
    (stats,) = rows(db, "select clusters.*, articles.source from clusters"
                        " join articles on articles.id = clusters.first_article_id")
    assert (stats["article_count"], stats["outlet_count"]) == (9, 3)
    assert stats["source"] == "g"  # the earliest, though it has no outlet
    assert stats["told_to"] == "NPR"  # the earliest article that says whom it was told to
    conn = sqlite3.connect(db)
    conn.execute("begin")
    refresh_cluster_stats(sqlite_utils.Database(conn), [stats["id"]])
    recounted = conn.execute("select * from clusters").fetchall()
    conn.rollback()
    assert recounted == sqlite3.connect(db).execute("select * from clusters").fetchall()


def test_a_stock_phrase_files_a_bounded_number_of_statements(tmp_path, monkeypatch):
    """Past ``POSTINGS`` clusters a shared 3-gram files no more, so a look-up never reads
    every statement that uses "we are going"; statements are still found by their other words."""
    monkeypatch.setattr(cluster_index, "POSTINGS", 3)
    plans = ["build a new school in the northern district this spring",
             "repair every road in the harbour quarter before the winter",
             "open two clinics for the families who lost their homes",
             "hire a hundred teachers for the schools of the eastern valley",
             "plant ten thousand trees along the river before the summer"]
    folder = write_articles(tmp_path / "in", {
        **{f"{n}.txt": f'"We are going to {plan}," said Minister Ana Ruiz.' for n, plan in enumerate(plans)},
        "9.txt": f'"We are going to {plans[-1]}," said Minister Ana Ruiz.',
    })
    db = extract(tmp_path / "q.db", *sorted(folder.glob("*.txt")))
    shared = rows(db, "select max(n) as n from (select count(*) as n from cluster_shingles group by hash)")
    assert shared == [{"n": 3}]
    counts = rows(db, "select article_count from clusters order by id")
    assert [c["article_count"] for c in counts] == [1, 1, 1, 1, 2]


def test_a_statement_files_the_3_grams_of_every_wording_once(tmp_path):
    """Quoted again word for word, a statement files no new postings; a new wording of it
    files the 3-grams it adds, so it is found by those words later."""
    said = "We will rebuild every school and every clinic in the valley before the winter comes"
    reworded = "We will rebuild every school and every clinic in the valley before the snow comes"
    folder = write_articles(tmp_path / "in", {
        "1.txt": f'"{said}," Ana Ruiz said.',
        "2.txt": f'"{said}," Ana Ruiz said on Monday.',
        "3.txt": f'"{reworded}," Ana Ruiz said.',
        "4.txt": '"We will rebuild the old bridge over the river by the end of next year," Tom Lee said.',
    })
    db = extract(tmp_path / "q.db", *sorted(folder.glob("*.txt")))
    filed = {}
    for row in rows(db, "select cluster_id, hash from cluster_shingles"):
        filed.setdefault(row["cluster_id"], []).append(row["hash"])
    wordings = {}
    for row in rows(db, "select cluster_id, key from cluster_variants"):
        wordings.setdefault(row["cluster_id"], set()).update(shingles(row["key"].split()))
    assert len(wordings) == 2  # Ruiz's statement in two wordings, and Lee's
    assert {k: sorted(v) for k, v in filed.items()} == {k: sorted(v) for k, v in wordings.items()}


def test_a_fuller_quote_merges_the_fragments_that_came_first(tmp_path):
    full = "We will rebuild every school and every clinic that the storm destroyed before winter"
    folder = write_articles(tmp_path / "in", {
        "1.txt": '"We will rebuild every school and every clinic," Ana Ruiz said.',
        "2.txt": '"every clinic that the storm destroyed before winter," Ana Ruiz said.',
        "3.txt": f'"{full}," Ana Ruiz said.',
    })
    db = extract(tmp_path / "q.db", *sorted(folder.glob("*.txt")))
    clusters = rows(db, "select id, canonical_text, article_count from clusters")
    assert clusters == [{"id": clusters[0]["id"], "canonical_text": full, "article_count": 3}]
    assert {r["cluster_id"] for r in rows(db, "select cluster_id from quotes")} == {clusters[0]["id"]}


def test_quotes_that_differ_in_a_number_are_different_statements(tmp_path):
    """An updated death toll, or a town's template with a road number in it, is a new
    statement; the same number carried by another outlet is the same one."""
    toll = '"The death toll has risen to {n} people in the two northern provinces," the ministry said.'
    road = '"We will fix road {n} before the end of the month," Mayor Ana Ruiz said.'
    folder = write_articles(tmp_path / "in", {
        "1.txt": toll.format(n=15), "2.txt": toll.format(n=230), "3.txt": toll.format(n=15),
        "4.txt": "\n\n".join(road.format(n=n) for n in range(1, 6)),
        "5.txt": road.format(n=3) + "\n",
    })
    db = extract(tmp_path / "q.db", *sorted(folder.glob("*.txt")))
    cluster_of = {r["text"]: r["cluster_id"] for r in rows(db, "select text, cluster_id from quotes")}
    said = rows(db, "select text, count(*) as n, count(distinct cluster_id) as clusters"
                    " from quotes group by text order by text")
    assert len(set(cluster_of.values())) == 7  # two tolls, five roads
    assert {r["text"]: (r["n"], r["clusters"]) for r in said}[
        "The death toll has risen to 15 people in the two northern provinces"] == (2, 1)
    assert rows(db, "select article_count from clusters where id = ?",
                [cluster_of["We will fix road 3 before the end of the month"]]) == [{"article_count": 2}]


def test_a_statement_in_many_wordings_costs_a_new_quote_a_bounded_check(tmp_path, monkeypatch):
    """A template quoted in many wordings (one street name changed each time) is one
    statement, and a new quote is checked against a bounded number of its wordings, not
    every one: the writer's time per quote does not grow with the statement."""
    import quotes
    from quotes.commit import statements as clustering

    streets = [f"{a}{b}" for a in ("North", "South", "East", "West", "Old", "New", "Upper", "Lower")
               for b in ("field", "gate", "brook", "wood", "ford", "mill", "bridge", "moor")]
    tracker = quotes.Tracker(tmp_path / "q.db", engine="rules")
    said = '"We will fix the road along {0} street before the end of the month," Ana Ruiz said.'
    for n, street in enumerate(streets):
        tracker.add(said.format(street), source=f"{n}.txt")
    calls = []
    checked = clustering.similarity
    monkeypatch.setattr(clustering, "similarity", lambda *a, **k: calls.append(1) or checked(*a, **k))
    (found,) = tracker.add(said.format("Cherry"), source="last.txt")
    assert len(calls) < len(streets) / 3  # 17 here: the canonical wording and its neighbours
    statements = tracker.db.execute("select count(*), sum(article_count) from clusters").fetchall()
    assert statements == [(1, len(streets) + 1)]


def test_datasette_answers_where_did_this_quote_appear(seeds_db):
    import asyncio

    from quotes.web.serve import datasette_instance

    (ryan,) = rows(seeds_db, "select distinct cluster_id from quotes where text like 'The progress is slow%'")
    ds = datasette_instance(seeds_db)
    response = asyncio.run(ds.client.get(
        f"/seeds/cluster_appearances.json?_shape=array&cluster_id={ryan['cluster_id']}"))
    assert response.status_code == 200
    appearances = response.json()
    assert len(appearances) == 3
    assert sum(a["first_appearance"] for a in appearances) == 1
    assert "Baghdad Post" in {a["outlet"] for a in appearances}
