"""What the learned engine costs beside the rules engine. Prints figures; asserts nothing.

    python benchmarks/learned_cost.py                     # PolNeAR train, 2 passes each
    python benchmarks/learned_cost.py ../shared/polnear/dev --passes 3

Runs ``rules`` and ``learned`` over the texts of one PolNeAR split in turns (rules, learned,
rules, learned, ...) so both meet the same load on a shared machine, and prints the CPU
seconds of each pass, the minimum of each engine and their ratio. The issue's budget for the
learned engine is at most twice the rules engine's time.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes.engines import choose  # noqa: E402

SPLIT = ROOT.parent / "shared" / "polnear" / "train"


@click.command()
@click.argument("split", type=click.Path(exists=True, file_okay=False, path_type=Path), default=SPLIT)
@click.option("--passes", default=2, show_default=True, help="passes of each engine, in turns")
def main(split: Path, passes: int) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((split / "text").glob("*.txt"))]
    engines = {name: choose.get_engine(name) for name in ("rules", "learned")}
    for engine in engines.values():  # load models and lexicons before timing
        engine.extract(texts[0])
    seconds: dict[str, list[float]] = {name: [] for name in engines}
    for n in range(passes):
        for name, engine in engines.items():
            began = time.process_time()
            for text in texts:
                engine.extract(text)
            seconds[name].append(time.process_time() - began)
            click.echo(f"pass {n + 1} {name:8} {seconds[name][-1]:6.1f} CPU s for {len(texts)} articles")
    best = {name: min(values) for name, values in seconds.items()}
    click.echo(f"minimum: rules {best['rules']:.1f} s, learned {best['learned']:.1f} s, "
               f"ratio {best['learned'] / best['rules']:.2f}")


if __name__ == "__main__":
    main()
