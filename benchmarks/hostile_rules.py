"""Does the rules engine stay linear on hostile one-line articles? Prints figures; asserts nothing.

    python benchmarks/hostile_rules.py                        # every pattern, 30 to 240 KB
    python benchmarks/hostile_rules.py --sizes 60,120 --runs 5 --pattern title

Each pattern is a short piece repeated into one paragraph of the given size
(no line breaks: the engine pairs marks and splits sentences paragraph by
paragraph, so one paragraph is the worst case) and run through
``quotes.engines.rules.extract`` alone, the stage the issue timed. The
``s/100KB`` column should stay flat as the size doubles; one that doubles
with it means a step that grows with the square of the article.
The ``title`` pattern is the issue's ``Mr.Smith said"`` (0.24 MB took 5.8 s,
0.98 MB 117 s): every ``Mr.`` made syntok end a sentence that segmentation
then joined to the next, copying all the tokens joined so far.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes.engines.rules import extract  # noqa: E402
from quotes.lang import get  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "polnear" / "train" / "text"

PATTERNS = {
    "title": 'Mr.Smith said"',                       # the one-liner
    "titles": "Rep. Gwen Moore said Gov. ",            # titles that never end a sentence
    "said": "said ",                                   # many cue verbs, no subject
    "subject-said": "Smith said Jones ",               # cue after cue in one sentence
    "quoted": '"Yes," said Smith and ',                # many quotations in one sentence
    "unmatched": "\u201cword ",                        # opening marks that never close
    "straight-open": '"word ',                         # straight marks, every other one opens
    "apostrophes": "'word ",                           # single marks that may open
    "according": "according to Smith ",                # many `according to`
    "commas": '"Yes," ',                               # quotations with no cue at all
    "scare": 'and "Yes sir now" ',                     # quotations inside one sentence, no cue
    "titled": 'on "Fox News Sunday" and ',             # titles in quotation marks
    "after-quote": ('"We will win," Smith said. ', '"yes sir" and '),  # marks long after a quote
    "marks-only": '" ',                                # nothing but quotation marks
    "news": None,                                      # real news text, newlines removed
}


def hostile(name: str, chars: int) -> str:
    """``chars`` characters of the pattern, on one line."""
    piece, lead = PATTERNS[name], ""
    if isinstance(piece, tuple):
        lead, piece = piece
    if piece is None:
        files = sorted(POLNEAR.glob("*.txt"))
        if not files:
            return ""
        text = ""
        while len(text) < chars:
            for path in files:
                text += " " + " ".join(path.read_text(encoding="utf-8").split())
                if len(text) >= chars:
                    break
        return text[:chars]
    return (lead + piece * (chars // len(piece) + 1))[:chars]


def seconds(text: str, runs: int, pack) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        extract(text, pack)
        times.append(time.perf_counter() - start)
    return times


@click.command()
@click.option("--sizes", default="30,60,120,240", show_default=True, help="KB, comma-separated")
@click.option("--runs", default=3, show_default=True, help="runs a size (min and median printed)")
@click.option("--pattern", "names", multiple=True, type=click.Choice(list(PATTERNS)),
              help="only these patterns (repeatable); every one by default")
def main(sizes: str, runs: int, names: tuple[str, ...]) -> None:
    pack = get("en")
    extract("Warm-up, he said.", pack)
    print(f"{'pattern':<14} {'KB':>6} {'min s':>8} {'median s':>9} {'s/100KB':>8} {'quotes':>7}")
    for name in names or PATTERNS:
        for kb in (float(s) for s in sizes.split(",")):
            text = hostile(name, int(kb * 1000))
            if not text:
                print(f"{name:<14} (no PolNeAR texts under {POLNEAR})")
                break
            times = seconds(text, runs, pack)
            found = len(extract(text, pack))
            print(f"{name:<14} {kb:>6g} {min(times):>8.2f} {statistics.median(times):>9.2f} "
                  f"{min(times) / kb * 100:>8.2f} {found:>7}", flush=True)


if __name__ == "__main__":
    main()
