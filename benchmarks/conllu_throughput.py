"""Throughput of the stanza engine's CoNLL-U path: reading trees and attributing on them.

    python -m benchmarks.conllu_throughput [FILE.conllu ...]

No stanza model can be had where this was written, so the stanza Pipeline
(tokenize ... ner on raw text) is not timed here; this measures what runs
after parsing: stanza's CoNLL reader with text rebuilding (quotes.conllu) and
the tree rules (quotes.stanza_engine.attribute), then the same articles
through the whole pipeline into a scratch SQLite file. Defaults to the UD files
in ../shared/ud.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from quotes.engines import stanza_engine
from quotes import store
from quotes.readers.conllu import read_conllu
from quotes.run.pipeline import process_article

SHARED_UD = Path(__file__).resolve().parent.parent.parent / "shared" / "ud"


def main(paths: list[str]) -> None:
    files = [Path(p) for p in paths] or sorted(SHARED_UD.glob("*.conllu"))
    if not files:
        raise SystemExit(f"Error: no CoNLL-U files given and none in {SHARED_UD}")
    import stanza.utils.conll  # noqa: F401  (import time is not reading time)

    started = time.perf_counter()
    parsed = [item for item in read_conllu(files) if hasattr(item, "doc")]
    read_s = time.perf_counter() - started
    tokens = sum(len(s.tokens) for item in parsed for s in item.doc.sentences)
    started = time.perf_counter()
    quotes = sum(len(stanza_engine.attribute(item.doc)) for item in parsed)
    attribute_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        db = store.open_db(Path(folder) / "bench.db")
        started = time.perf_counter()
        for item in parsed:
            process_article(db, stanza_engine.conllu_engine(item.doc), item.article)
        pipeline_s = time.perf_counter() - started
    n = len(parsed)
    print(f"{n} articles, {tokens} tokens, {quotes} quotes from {len(files)} files")
    print(f"read CoNLL-U + rebuild text: {read_s:6.2f} s  {tokens / read_s:9.0f} tokens/s  {n / read_s:7.1f} articles/s")
    print(f"attribute on the trees:      {attribute_s:6.2f} s  {tokens / attribute_s:9.0f} tokens/s  {n / attribute_s:7.1f} articles/s")
    print(f"attribute + identity + clusters + store: {pipeline_s:6.2f} s  {tokens / pipeline_s:9.0f} tokens/s  "
          f"{n / pipeline_s:7.1f} articles/s")
    total = read_s + pipeline_s
    print(f"end to end (read + pipeline): {tokens / total:9.0f} tokens/s  {n / total:7.1f} articles/s")


if __name__ == "__main__":
    main(sys.argv[1:])
