"""What a newcomer meets first: the README's examples, `quotes demo`, the first errors.

Each test follows a step the README tells a newcomer to take, on invented text,
and checks what they would see.
"""
from __future__ import annotations

from click.testing import CliRunner

import quotes
from quotes.cli import cli

# An invented article in which one outlet spells the spokesman one way only.
ONE_SPELLING = ('"A group of 600 civilians reached the camp overnight," SDF spokesman Mustefa Bali '
                'said on Tuesday.\n\nBali said the convoy would move again at dawn.\n')


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_the_readme_api_example_finds_the_one_stored_spelling(tmp_path):
    """The README's `quotes_by("Mustafa Baly")` finds Mustefa Bali with no other spelling stored."""
    tracker = quotes.Tracker(tmp_path / "q.db", engine="rules")
    tracker.add(ONE_SPELLING, source="afp-1.txt", outlet="AFP")
    said = tracker.quotes_by("Mustafa Baly")
    assert {q.speaker for q in said} == {"Mustefa Bali"}
    assert "A group of 600 civilians reached the camp overnight" in {q.text for q in said}
    # A consonant of difference is another name, not a near spelling.
    assert tracker.quotes_by("Mustafa Bakr") == []


def test_the_web_look_up_finds_the_one_stored_spelling_too(tmp_path):
    """The speaker look-up page agrees with the API: same score, same bar."""
    import asyncio

    from quotes.web.serve import datasette_instance

    db = tmp_path / "q.db"
    quotes.Tracker(db, engine="rules").add(ONE_SPELLING, source="afp-1.txt", outlet="AFP")

    async def look_up(name):
        response = await datasette_instance(db).client.get(
            f"/q/quotes_by_speaker.json?_shape=array&name={name.replace(' ', '+')}")
        assert response.status_code == 200, response.text
        return {row["speaker"] for row in response.json()}

    assert asyncio.run(look_up("Mustafa Baly")) == {"Mustefa Bali"}
    assert asyncio.run(look_up("Mustafa Bakr")) == set()


def test_speakers_show_finds_the_one_stored_spelling(tmp_path):
    db = tmp_path / "q.db"
    quotes.Tracker(db, engine="rules").add(ONE_SPELLING, source="afp-1.txt", outlet="AFP")
    shown = run("speakers", "show", "Mustafa Baly", "--db", db)
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("Mustefa Bali (id ")


def test_a_busy_port_is_one_error_line_naming_it(tmp_path):
    """`quotes serve` on a taken port says so in one line, before claiming to serve."""
    import socket

    db = tmp_path / "q.db"
    quotes.Tracker(db, engine="rules").add(ONE_SPELLING, source="afp-1.txt")
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run("serve", "--db", db, "--port", port)
    assert result.exit_code == 1
    assert "Serving" not in result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: port {port} on 127.0.0.1 ")
    assert "--port" in lines[0]


def test_the_demo_fills_every_page(tmp_path):
    """`quotes demo` holds what each page shows: outlets, dates, pick-ups, spellings, kinds.

    The pick-up page and the timelines draw only dated articles of known outlets,
    the look-up shines on a speaker spelt two ways, and the quote pages on every
    kind of quote and speaker: the demo corpus has them all.
    """
    import sqlite3

    db = tmp_path / "demo.db"
    assert run("demo", "--db", db, "--no-serve").exit_code == 0
    conn = sqlite3.connect(db)

    def values(sql):
        return [row[0] for row in conn.execute(sql)]

    assert len(values("select id from outlets")) >= 6
    assert values("select count(*) from articles where published is null or outlet_id is null") == [0]
    assert set(values("select kind from quotes")) == {"direct", "indirect", "mixed"}
    assert "organisation" in values("select kind from speakers where quote_count > 0")
    # The harbour master, spelt Youssef by some outlets and Yusuf by others, is one speaker.
    haddad = values("select distinct speaker_id from quotes where speaker_mention like '%Haddad'")
    assert len(haddad) == 1
    assert {"Youssef Haddad", "Yusuf Haddad"} <= set(values(
        f"select alias from speaker_spellings where speaker_id = {haddad[0]}"))
    # A statement carried by several outlets, later and trimmed by one of them.
    carried = values("select cluster_id from quotes join articles on articles.id = article_id "
                     "group by cluster_id having count(distinct outlet_id) >= 3")
    assert carried
    texts = values(f"select distinct text from quotes where cluster_id in ({','.join(map(str, carried))})")
    assert any(a != b and b.startswith(a) for a in texts for b in texts)


def test_speakers_list_says_how_many_it_leaves_out(tmp_path):
    """The list's last line squares it with the demo's count of speakers, and names the option."""
    db = tmp_path / "demo.db"
    built = run("demo", "--db", db, "--no-serve").output  # "... 13 speakers"
    total = int(built.split(", ")[-1].split()[0])
    listed = run("speakers", "list", "--db", db)
    *rows, last = listed.output.splitlines()[1:]
    left_out = int(last.split()[0])
    assert last == f"{left_out} more speakers: --all shows them"
    assert len(rows) + left_out == total
    everyone = run("speakers", "list", "--db", db, "--all").output.splitlines()
    assert len(everyone) == 1 + total and "more speaker" not in everyone[-1]
    few = run("speakers", "list", "--db", db, "--limit", 2).output.splitlines()
    assert few[-1] == f"{total - 2} more speakers: --all --limit {total} shows them"


def test_extract_prints_one_line_per_problem_with_no_blank_lines(tmp_path):
    """A photo named on the command line is of unknown type, as it is in a folder."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text(ONE_SPELLING, encoding="utf-8")
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
    (folder / "photo.jpg").write_bytes(jpeg)
    (tmp_path / "photo.jpg").write_bytes(jpeg)
    result = run("extract", folder, tmp_path / "photo.jpg", "--db", tmp_path / "q.db")
    lines = result.output.splitlines()
    assert "" not in lines
    assert f"Error: {tmp_path / 'photo.jpg'}: unknown type (.jpg); extract reads .txt" in result.output
    assert f"{folder}: skipped 1 file of unknown type (.jpg)" in result.output
    assert "UTF-8" not in result.output
