"""Train the learned engine's scorer and write it where the package ships it.

    python scripts/train_attribution.py                      # ../shared/polnear, seed 0
    python scripts/train_attribution.py --out /tmp/model.npz --seed 1 --kinds logistic
    python scripts/train_attribution.py --tagger-kinds lbfgs ap   # compare CRFsuite's trainers

Reads PolNeAR train (examples) and dev (thresholds and model kinds only), trains
each kind of scorer, prints dev figures for each and writes the best to
quotes/engines/learned/attribution.npz (or --out); then trains the sequence
tagger (a CRF) on train, chooses its threshold on dev with that scorer and
writes it beside (tagger.crfsuite, or --tagger-out). CPU only; about ten
minutes on two cores. The model card (quotes/engines/learned/MODEL_CARD.md) gives the
figures of the shipped model; update it when you retrain.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from quotes.engines.learned import MODEL, TAGGER
from quotes.engines.learned.scorer import KINDS
from quotes.engines.learned.train import TAGGER_KINDS, train, train_tagger

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "polnear"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=POLNEAR / "train")
    parser.add_argument("--dev", type=Path, default=POLNEAR / "dev")
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--tagger-out", type=Path, default=TAGGER)
    parser.add_argument("--tagger-kinds", nargs="+", choices=sorted(TAGGER_KINDS), default=["lbfgs"])
    args = parser.parse_args()
    for folder in (args.train, args.dev):
        if not (folder / "text").is_dir():
            parser.error(f"{folder} is not a PolNeAR split (no text/ folder)")
    model = train(args.train, args.dev, seed=args.seed, kinds=tuple(args.kinds), epochs=args.epochs)
    model.thresholds["tagged"] = train_tagger(args.train, args.dev, model, args.tagger_out,
                                              kinds=tuple(args.tagger_kinds))
    model.save(args.out)
    for path in (args.out, args.tagger_out):
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
