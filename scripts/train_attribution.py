"""Train the learned engine's scorer and write it where the package ships it.

    python scripts/train_attribution.py                      # ../shared/polnear, seed 0
    python scripts/train_attribution.py --out /tmp/model.npz --seed 1 --kinds logistic

Reads PolNeAR train (examples) and dev (threshold and model kind only), trains
each kind, prints dev figures for each and writes the best to
quotes/engines/learned/attribution.npz (or --out). CPU only; a few minutes on
two cores. The model card (quotes/engines/learned/MODEL_CARD.md) gives the
figures of the shipped model; update it when you retrain.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from quotes.engines.learned import MODEL
from quotes.engines.learned.scorer import KINDS
from quotes.engines.learned.train import train

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
    args = parser.parse_args()
    for folder in (args.train, args.dev):
        if not (folder / "text").is_dir():
            parser.error(f"{folder} is not a PolNeAR split (no text/ folder)")
    model = train(args.train, args.dev, seed=args.seed, kinds=tuple(args.kinds), epochs=args.epochs)
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
