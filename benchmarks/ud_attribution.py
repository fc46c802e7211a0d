"""How well each engine attributes quotes on gold UD trees, against hand-made judgements.

    python -m benchmarks.ud_attribution [--shared ../shared] [--verbose]

The judgements (tests/data/gum_news_attributions.tsv: every attribution in the
four GUM news documents; tests/data/ewt_said_sample.tsv: 45 EWT test sentences
with verbs of saying, and 26 more held out) give word positions only, so the treebank text stays in
../shared. Both engines read the same text, rebuilt from the CoNLL-U: the stanza
engine attributes on the gold trees (an upper bound for what a stanza parse
would give), the rules engine on the text alone. A prediction matches a
judgement when their content spans overlap by half of either; the speaker is
right when the predicted mention overlaps the judged one (exact: same span).
"""
from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path

from quotes.engines import rules
from quotes.engines import stanza_engine
from quotes.readers.conllu import read_conllu
from quotes.model import Attribution

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
GOLD_FILES = {
    "GUM news": DATA / "gum_news_attributions.tsv",
    "EWT sample": DATA / "ewt_said_sample.tsv",  # the stanza rules were refined on its misses
    "EWT held out": DATA / "ewt_said_heldout.tsv",  # judged after the last change, never tuned on
}


@dataclass
class Gold:
    source: str
    sent_id: str
    kind: str  # direct, indirect, mixed, or none (the sentence reports nothing)
    scope: tuple[int, int]  # the sentences the judgement covers
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    content: tuple[int, int] | None


@dataclass
class Document:
    source: str
    text: str
    doc: object
    words: dict  # sent_id -> {word id -> (start, end)}


def load_documents(shared: Path, gold_rows: list[dict]) -> dict[str, Document]:
    """The CoNLL-U documents the judgements refer to, by source (``file#doc id``)."""
    wanted = {row["file"] for row in gold_rows}
    sentences = {row["sent_id"] for row in gold_rows}
    found = {}
    for name in sorted(wanted):
        for item in read_conllu([shared / "ud" / name]):
            words, keep = {}, False
            for sentence in item.doc.sentences:
                sent_id = sentence.sent_id or next(
                    (c.split("=", 1)[1].strip() for c in sentence.comments if c.startswith("# sent_id")), None)
                words[sent_id] = {w.id: (stanza_engine._start(w), stanza_engine._end(w)) for w in sentence.words}
                keep = keep or sent_id in sentences
            if keep:
                found[item.article.source] = Document(item.article.source, item.article.text, item.doc, words)
    return found


def read_gold(path: Path) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def gold_items(rows: list[dict], documents: dict[str, Document]) -> list[Gold]:
    by_sentence = {(doc.source, sid): doc for doc in documents.values() for sid in doc.words}
    index = {sid: doc for (_, sid), doc in by_sentence.items()}
    items = []
    for row in rows:
        doc = index[row["sent_id"]]

        def position(ref: str) -> tuple[int, int]:
            sent_id, _, word = ref.rpartition(":")
            return doc.words[sent_id or row["sent_id"]][int(word)]

        def span(ref: str) -> tuple[int, int] | None:
            if ref == "-":
                return None
            first, _, last = ref.partition("..")
            return position(first)[0], position(last or first)[1]

        sentence = doc.words[row["sent_id"]]
        scope = [min(s for s, _ in sentence.values()), max(e for _, e in sentence.values())]
        content = span(row["content"])
        if content:
            scope = [min(scope[0], content[0]), max(scope[1], content[1])]
        items.append(Gold(doc.source, row["sent_id"], row["kind"], tuple(scope),
                          span(row["cue"]), span(row["speaker"]), content))
    return items


def overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def matches(gold: Gold, quote: Attribution) -> bool:
    shared = overlap(gold.content, (quote.start, quote.end))
    shortest = min(gold.content[1] - gold.content[0], quote.end - quote.start)
    return shared * 2 >= shortest > 0


def speaker_right(gold: Gold, quote: Attribution) -> bool:
    return quote.speaker is not None and overlap(gold.speaker, (quote.speaker.start, quote.speaker.end)) > 0


ENGINES = {
    "stanza (gold trees)": lambda document: stanza_engine.attribute(document.doc),
    "rules": lambda document: rules.extract(document.text),
}


def score(items: list[Gold], documents: dict[str, Document], engine) -> dict:
    """quotes judged, predicted, matched, speakers right; with the per-judgement outcome."""
    tally = {"judged": 0, "predicted": 0, "matched": 0, "speaker": 0, "exact": 0, "outcomes": []}
    for source, document in documents.items():
        mine = [g for g in items if g.source == source]
        scopes = [g.scope for g in mine]
        predicted = [q for q in engine(document) if any(overlap(s, (q.start, q.end)) for s in scopes)]
        tally["predicted"] += len(predicted)
        unmatched = list(predicted)
        for gold in mine:
            if gold.kind == "none":
                tally["outcomes"].append((gold, None))
                continue
            tally["judged"] += 1
            best = next((q for q in unmatched if matches(gold, q)), None)
            if best is not None:
                unmatched.remove(best)
                tally["matched"] += 1
                tally["speaker"] += speaker_right(gold, best)
                tally["exact"] += best.speaker is not None and (best.speaker.start, best.speaker.end) == gold.speaker
            tally["outcomes"].append((gold, best))
        tally["outcomes"].extend((None, q) for q in unmatched)
    return tally


def report(shared: Path, verbose: bool = False) -> None:
    for label, path in GOLD_FILES.items():
        rows = read_gold(path)
        documents = load_documents(shared, rows)
        items = gold_items(rows, documents)
        print(f"{label}: {sum(g.kind != 'none' for g in items)} attributions judged by hand "
              f"in {len(documents)} documents ({sum(g.kind == 'none' for g in items)} sentences that report nothing)")
        for name, engine in ENGINES.items():
            t = score(items, documents, engine)
            precision = t["matched"] / t["predicted"] if t["predicted"] else 0.0
            print(f"  {name:<20} found {t['matched']:>2}/{t['judged']} (recall {t['matched'] / t['judged']:.2f}), "
                  f"{t['predicted']:>2} predicted (precision {precision:.2f}), speaker right "
                  f"{t['speaker']}/{t['matched']} matched ({t['speaker'] / max(t['matched'], 1):.2f}), "
                  f"end to end {t['speaker'] / t['judged']:.2f}; speaker span exact {t['exact']}/{t['matched']}")
            if verbose:
                for gold, quote in t["outcomes"]:
                    text = documents[gold.source].text if gold else None
                    if gold is None:
                        print(f"      extra  {quote.kind:<8} {quote.speaker.mention if quote.speaker else None!r}: {quote.text[:70]!r}")
                    elif gold.kind == "none":
                        continue
                    elif quote is None:
                        print(f"      missed {gold.sent_id} {gold.kind}: {text[gold.content[0]:gold.content[1]][:70]!r}")
                    elif not speaker_right(gold, quote):
                        print(f"      wrong speaker {gold.sent_id}: {quote.speaker.mention if quote.speaker else None!r} "
                              f"for {text[gold.speaker[0]:gold.speaker[1]] if gold.speaker else None!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared")
    parser.add_argument("--verbose", action="store_true", help="list every miss, extra and wrong speaker")
    args = parser.parse_args()
    if not (args.shared / "ud").is_dir():
        raise SystemExit(f"Error: {args.shared / 'ud'} is not here; pass --shared")
    report(args.shared, args.verbose)


if __name__ == "__main__":
    main()
