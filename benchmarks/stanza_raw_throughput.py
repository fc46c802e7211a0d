"""Throughput of the stanza engine on raw text: ``stanza.Pipeline`` plus the tree rules.

    python -m benchmarks.stanza_raw_throughput [--model-dir DIR] [--articles N] [FOLDER]

Runs the stanza engine (pipeline load excluded) and, for comparison, the rules
engine over the first N ``.txt`` articles of FOLDER (default: the PolNeAR dev
texts in ../shared), one CPU thread as on the test machines, and prints tokens
(stanza's count) and articles per second. Defaults to the small local models in
tests/data/stanza-en-small; point --model-dir at stanza's published set to time
that instead.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from quotes.engines import rules
from quotes.engines import stanza_engine
from quotes.extract import clean
from quotes.lang import get

ROOT = Path(__file__).resolve().parent.parent
SMALL_MODELS = ROOT / "tests" / "data" / "stanza-en-small"
POLNEAR_DEV = ROOT.parent / "shared" / "polnear" / "dev" / "text"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=POLNEAR_DEV)
    parser.add_argument("--model-dir", type=Path, default=SMALL_MODELS)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    args = parser.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.txt"))[:args.articles]]
    if not texts:
        raise SystemExit(f"Error: no .txt articles in {args.folder}")
    import torch

    torch.set_num_threads(args.threads)
    started = time.perf_counter()
    nlp = stanza_engine.pipeline(args.model_dir)
    load_s = time.perf_counter() - started

    started = time.perf_counter()
    pack = get("en")
    # The text the pipeline would parse: the page's furniture blanked out, as extract/article.py does.
    docs = [nlp(clean.blank(text, clean.dropped(text, pack))) for text in texts]
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    quotes = sum(len(stanza_engine.attribute(doc)) for doc in docs)
    attribute_s = time.perf_counter() - started
    started = time.perf_counter()
    rule_quotes = sum(len(rules.extract(text)) for text in texts)
    rules_s = time.perf_counter() - started

    tokens = sum(doc.num_tokens for doc in docs)
    n = len(texts)
    stanza_s = parse_s + attribute_s
    print(f"{n} articles, {sum(map(len, texts))} characters, {tokens} tokens; models {args.model_dir}; "
          f"{args.threads} torch thread(s); pipeline load {load_s:.1f} s")
    print(f"stanza.Pipeline ({','.join(nlp.processors)}): "
          f"{parse_s:7.2f} s {tokens / parse_s:8.0f} tokens/s {n / parse_s:7.2f} articles/s")
    print(f"stanza engine (pipeline + tree rules, {quotes} quotes): {stanza_s:7.2f} s "
          f"{tokens / stanza_s:8.0f} tokens/s {n / stanza_s:7.2f} articles/s")
    print(f"rules engine ({rule_quotes} quotes): {rules_s:7.2f} s {tokens / rules_s:8.0f} tokens/s "
          f"{n / rules_s:7.2f} articles/s")


if __name__ == "__main__":
    main()
