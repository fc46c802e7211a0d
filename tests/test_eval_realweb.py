"""`quotes eval realweb`: the real-page yardstick on hand-made gold, and the command on ../shared/realweb."""
import json

from click.testing import CliRunner
from conftest import SHARED, need

from quotes import evaluate_realweb
from quotes.cli import cli

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{published}">
</head><body><article><h1>{title}</h1>
{paragraphs}
</article></body></html>
"""
HARBOUR = [
    "The harbour at Port Ellis reopened on Tuesday, a week after the storm closed it to shipping.",
    '"We cleared the channel in five days and the cranes are working again," said Mayor Helen Ortis. '
    '"The fishing fleet goes out tomorrow morning."',
    "Ortis said the town would ask the government for help with the repairs to the sea wall.",
    "The harbour master, Tom Reyes, told reporters that two ships had been damaged beyond repair.",
]
FERRY = [
    "The ferry between Port Ellis and the islands was cancelled for a week because of the storm.",
    '"The ferry runs again on Friday," the harbour master said.',
    '"Tickets bought for the cancelled crossings stay valid," said Anna Berg, who runs the ferry company.',
]


def write_folder(folder):
    (folder / "pages").mkdir(parents=True)
    for name, title, outlet, paragraphs in (("harbour.html", "Harbour reopens", "Harbour Wire", HARBOUR),
                                            ("ferry.html", "Ferry back on Friday", "Island Post", FERRY)):
        (folder / "pages" / name).write_text(PAGE.format(
            title=title, outlet=outlet, published="2024-03-05T09:30:00Z",
            paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs)), encoding="utf-8")
    gold = {
        "identities": {
            "Helen Ortis": {"names": ["Helen Ortis", "Ortis"], "kind": "person"},
            "Port council": {"names": ["council"], "kind": "organization"},
            "Tom Reyes": {"names": ["Tom Reyes", "Reyes"], "kind": "person"},
            "Anna Berg": {"names": ["Anna Berg", "Berg"], "kind": "person"},
        },
        "quotes": [
            # Across the two pieces of one statement: found only when they are joined (with a space).
            {"seed": "harbour.html", "kind": "direct", "speaker": "Helen Ortis",
             "snippet": "the cranes are working again The fishing fleet goes out"},
            # Found, but the gold (deliberately) names another speaker.
            {"seed": "harbour.html", "kind": "indirect", "speaker": "Port council",
             "snippet": "the town would ask the government for help"},
            # Not a quote the engine can find: a miss.
            {"seed": "harbour.html", "kind": "indirect", "speaker": "Helen Ortis",
             "snippet": "the storm closed it to shipping"},
            # Optional: neither required nor counted against precision.
            {"seed": "harbour.html", "kind": "indirect", "speaker": "Tom Reyes", "optional": True,
             "snippet": "two ships had been damaged beyond repair"},
            {"seed": "ferry.html", "kind": "direct", "speaker": "Anna Berg",
             "snippet": "Tickets bought for the cancelled crossings stay valid"},
        ],
        # The harbour master's ferry quote is in no gold entry: spurious.
        "not_quotes": [],
        "pages": {
            "harbour.html": {"outlet": ["Harbour Wire"], "published": "2024-03-05"},
            "ferry.html": {"outlet": ["The Island Post"], "published": "2024-03-04",
                           "published_also_ok": ["2024-03-05"]},
        },
    }
    (folder / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder


def row(article_id, source, text, start, cue_start, speaker_id, speaker, kind="direct"):
    return {"article_id": article_id, "source": source, "text": text, "start": start, "kind": kind,
            "cue": "said", "cue_start": cue_start, "cue_end": None if cue_start is None else cue_start + 4,
            "speaker_id": speaker_id, "speaker": speaker}


def test_the_yardstick_on_exported_records():
    """Joined pieces, an optional quote, a spurious quote and a wrong speaker, counted as the README says."""
    gold = {"identities": {"A": {"names": ["Ann Lee", "Lee"]}, "B": {"names": ["Bo Chan"]}},
            "quotes": [{"seed": "p", "kind": "direct", "snippet": "one two, three four", "speaker": "A"},
                       {"seed": "p", "kind": "mixed", "snippet": "five six seven", "speaker": "B"},
                       {"seed": "p", "kind": "indirect", "snippet": "eight nine", "speaker": "A",
                        "optional": True}],
            "pages": {"p": {"outlet": ["Paper"], "published": "2020-01-02"}}}
    rows = [row(1, "p", "\u201cOne two,", 0, 50, 7, "Ann Lee"),
            row(1, "p", "three four.\u201d", 20, 50, 7, "Ann Lee"),  # same cue and speaker: joined
            row(1, "p", "five six seven", 30, 60, 8, "Ann Lee", "mixed"),  # another speaker's words
            row(1, "p", "eight nine", 40, 70, 7, "Ann Lee"),  # matches the optional quote
            row(1, "p", "ten eleven", 45, None, None, None)]  # matches nothing
    articles = [{"source": "p", "outlet": "paper", "published": "2020-01-02T23:00:00Z"}]
    report = evaluate_realweb.score(gold, rows, articles, errors=True)
    assert (report.required_all, report.found_all, report.found["direct"], report.found["mixed"]) == (2, 2, 1, 1)
    assert (report.speaker_found, report.speaker_right) == (3, 2)  # the optional quote's speaker counts
    assert (report.predicted, report.correct) == (4, 3)
    assert (report.outlet_right, report.date_right) == (1, 1)
    problems = "\n".join(report.errors["p"])
    assert "wrong speaker" in problems and "spurious" in problems and "ten eleven" in problems


def test_a_short_piece_inside_the_snippet_counts_only_above_sixty_percent():
    assert evaluate_realweb.matches("we will win the vote", "we will win the vote today")
    assert not evaluate_realweb.matches("we will", "we will win the vote today")
    assert evaluate_realweb.normalise(" \u201cWe  will\nwin,\u201d ") == "we will win"


def test_the_command_scores_pages_through_the_pipeline(tmp_path):
    folder = write_folder(tmp_path / "gold")
    result = CliRunner().invoke(cli, ["eval", "realweb", str(folder), "--engine", "rules", "--errors"])
    assert result.exit_code == 0, result.output
    assert "2 pages, rules engine" in result.output
    assert "recall 0.750 (3/4): direct 1.000 (2/2), mixed   n/a (0/0), indirect 0.500 (1/2)" in result.output
    assert "speaker accuracy 0.750 (3/4)" in result.output
    assert "precision 0.800 (4/5)" in result.output  # the optional Reyes quote is not wrong
    assert "outlet 1/2" in result.output and "date 2/2" in result.output
    assert "missed indirect: 'the storm closed it to shipping'" in result.output
    assert "spurious [direct]: 'The ferry runs again on Friday'" in result.output
    assert "wrong outlet: 'Island Post'" in result.output


def test_a_page_the_pipeline_fails_on_is_named_and_one_without_gold_is_not_scored(tmp_path):
    folder = write_folder(tmp_path / "gold")
    (folder / "pages" / "broken.html").write_bytes(b"\x00\xff\xfe not a page")
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    gold["pages"]["broken.html"] = {"outlet": ["Broken"], "published": "2024-01-01"}
    del gold["pages"]["ferry.html"]  # its quotes are no longer scored
    gold["quotes"] = [q for q in gold["quotes"] if q["seed"] != "ferry.html"]
    (folder / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "realweb", str(folder), "--engine", "rules"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 pages, rules engine, 1 failed (scored as finding nothing): ")
    assert "broken.html" in result.output.splitlines()[0]
    assert "precision 1.000 (3/3)" in result.output  # the ferry page's spurious quote is not counted


def test_the_command_refuses_a_folder_without_gold(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "realweb", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "gold.json" in result.output and "Traceback" not in result.output


def test_the_command_on_the_development_pages():
    """Every figure is printed for ../shared/realweb (about ten seconds)."""
    folder = need(SHARED / "realweb")
    result = CliRunner().invoke(cli, ["eval", "realweb", str(folder), "--engine", "rules"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "39 pages, rules engine"
    assert lines[1].startswith("recall ") and all(f"{kind} 0." in lines[1] for kind in ("direct", "mixed", "indirect"))
    assert [line.split(" 0.")[0].split(" ")[0] for line in lines[2:4]] == ["speaker", "precision"]
    assert lines[4].startswith("outlet ") and lines[4].endswith("/39")
    assert lines[5].startswith("date ") and lines[5].endswith("/39")
