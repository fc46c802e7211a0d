"""`quotes eval polnear`: reading brat gold, scoring, and the command itself."""
from click.testing import CliRunner
from conftest import POLNEAR, need

from quotes import evaluate
from quotes.cli import cli
from quotes.engines import get_engine
from quotes.extraction import find
from quotes.model import DIRECT, Attribution, Speaker

TEXT = 'Intro line.\n"We will win," Smith said. Jones said taxes would rise next year.\n'


def write_split(folder, annotations):
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "a1.txt").write_text(TEXT, encoding="utf-8")
    for annotator, lines in annotations.items():
        (folder / "attributions" / f"a1_{annotator}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


def span(text, words):
    start = TEXT.index(text)
    return f"{start} {start + len(text)}\t{text}" if words is None else f"{start} {start + len(text)}"


GOLD = [
    f"T1\tContent {span(chr(34) + 'We will win,' + chr(34), None)}",
    f"T2\tCue {span('said', None)}",
    f"T3\tSource {span('Smith', None)}",
    "T4\tAttribution 0 1\tI",
    "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3",
    f"T5\tContent {span('taxes would rise next year', None)}",
    f"T6\tCue {TEXT.index('said taxes')} {TEXT.index('said taxes') + 4}\tsaid",
    f"T7\tSource {span('Jones', None)}",
    "E2\tAttribution:T4 Content:T5 Cue:T6 Source:T7",
]


def test_gold_is_read_with_direct_and_saying_marked(tmp_path):
    write_split(tmp_path, {"b2": GOLD, "a1": GOLD[:5]})
    [document] = evaluate.read_polnear(tmp_path)
    assert document.annotator == "a1"  # the first annotator in sort order is the gold
    [gold] = document.gold
    assert gold.direct and gold.saying


def test_scores_count_matches_precision_and_sources(tmp_path):
    write_split(tmp_path, {"x": GOLD})

    def extract(text):
        start = text.index("We will")
        right = Attribution(DIRECT, start, start + 11, "We will win", cue="said",
                      speaker=Speaker("Jones", text.index("Jones"), text.index("Jones") + 5, name="Jones"))
        spurious = Attribution("indirect", 0, 10, "Intro line", cue="said")
        return [right, spurious]

    report = evaluate.evaluate(tmp_path, extract, errors=True)
    everything = report.tallies["all"]
    assert (everything.gold, everything.found, everything.predicted, everything.correct) == (2, 1, 2, 1)
    assert (everything.sourced, everything.right_source) == (1, 0)  # Jones is not the gold Smith
    assert report.tallies["direct"].found == 1
    problems = "\n".join(report.errors["a1 (annotator x)"])
    assert "wrong source" in problems and "missed saying" in problems and "spurious" in problems


def test_eval_command_prints_the_three_rows(tmp_path):
    write_split(tmp_path, {"x": GOLD})
    result = CliRunner().invoke(cli, ["eval", "polnear", str(tmp_path), "--engine", "rules"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("1 articles, rules engine")
    assert [line.split()[0] for line in lines[1:]] == ["all", "verb", "direct"]
    assert "recall 1.000 (2/2)" in lines[1]


def test_eval_command_refuses_a_folder_without_the_split(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "polnear", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "Traceback" not in result.output


def test_polnear_dev_meets_the_targets():
    """The issue's targets on the dev split (about two seconds)."""
    report = evaluate.evaluate(need(POLNEAR / "dev"), lambda text: find(text, get_engine("rules")))
    direct, saying = report.tallies["direct"], report.tallies["verb of saying"]
    assert direct.found / direct.gold >= 0.90
    assert direct.right_source / direct.sourced >= 0.90
    assert saying.found / saying.gold >= 0.75
    assert saying.correct / saying.predicted >= 0.80
