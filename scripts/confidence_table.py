"""Measure each class of quote's precision on PolNeAR and ship it as the quotes' confidence.

    python scripts/confidence_table.py                                 # train → the table
    python scripts/confidence_table.py --calibrate ../shared/polnear/dev

Runs the rules engine over a PolNeAR split, scores every quote it finds with
``quotes.evaluate``'s yardstick and counts, per class of
:mod:`quotes.extract.confidence` (kind × cue × speaker), how many were right.
A quote is right when it is a real attribution (it matched a gold attribution
or lies inside one, as ``quotes eval polnear`` counts precision) and its speaker
is the gold source (``quotes eval``'s source accuracy; a gold attribution
without a source asks nothing of the speaker). Each piece of a statement cut in
pieces counts, as each is a stored quote.

A class's confidence is its precision pulled toward its kind's by ``--prior``
quotes (an m-estimate), and a kind's toward all quotes': a class of five quotes
says little by itself. Written to ``quotes/extract/confidence.json`` (shipped
in the package). ``--calibrate DEV`` reads the shipped table instead and prints,
per band of confidence, the confidence given against the precision observed.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's quotes package, not an installed one

from quotes.engines import get_engine  # noqa: E402
from quotes.evaluate import coverage, read_polnear, right_source  # noqa: E402
from quotes.extract import confidence  # noqa: E402
from quotes.extract.article import find  # noqa: E402
from quotes.model import Attribution  # noqa: E402

ENGINE = "rules"
PRIOR = 10
BANDS = (0.0, 0.7, 0.8, 0.9, 0.95, 1.0001)


def _shared(spans, others) -> int:
    return sum(max(0, min(end, e) - max(start, s)) for start, end in spans for s, e in others)


def judged(text: str, gold: list, found: list[Attribution]) -> list[tuple[Attribution, bool]]:
    """Each quote of ``found`` with whether it is right, matched as ``quotes eval polnear``
    matches: pieces sharing a cue are one attribution, each gold takes the unused
    attribution covering at least half of it best, in text order."""
    joined: list[Attribution] = []
    owner: dict[int, int] = {}  # id of a piece → its joined attribution
    by_cue: dict[int, int] = {}
    for quote in sorted(found, key=lambda q: q.start):
        index = by_cue.get(quote.cue_start) if quote.cue_start is not None else None
        if index is None:
            index = len(joined)
            joined.append(Attribution(**{**quote.__dict__, "extra": {"spans": [(quote.start, quote.end)]}}))
            if quote.cue_start is not None:
                by_cue[quote.cue_start] = index
        else:
            joined[index].extra["spans"].append((quote.start, quote.end))
        owner[id(quote)] = index
    used: dict[int, object] = {}
    for one in sorted(gold, key=lambda g: g.content[0]):
        best, best_cover = None, 0.5
        for index, quote in enumerate(joined):
            if index not in used and (cover := coverage(quote, one)) >= best_cover:
                best, best_cover = index, cover
        if best is not None:
            used[best] = one
    right = []
    for index, quote in enumerate(joined):
        match = used.get(index)
        if match is None:  # a piece of one gold content (annotated as one span) is not spurious
            spans = quote.extra["spans"]
            size = sum(e - s for s, e in spans)
            inside = [g for g in gold if size and _shared(g.content, spans) * 2 >= size]
            match = inside[0] if inside else None
        right.append(match is not None and (not match.source or right_source(text, quote, match)))
    return [(quote, right[owner[id(quote)]]) for quote in found]


def measure(folder: Path) -> list[tuple[Attribution, bool]]:
    """Every quote the rules engine finds in the split, with whether it is right."""
    engine = get_engine(ENGINE)
    out = []
    for document in read_polnear(folder):
        out += judged(document.text, document.gold, find(document.text, engine))
    return out


def table(results: list[tuple[Attribution, bool]], prior: int, pack) -> dict:
    """The classes', kinds' and all quotes' counts and confidences."""
    classes, kinds = collections.Counter(), collections.Counter()
    rights, kind_rights = collections.Counter(), collections.Counter()
    for quote, right in results:
        name = confidence.quote_class(quote, pack)
        classes[name] += 1
        rights[name] += right
        kinds[quote.kind] += 1
        kind_rights[quote.kind] += right
    total, total_right = len(results), sum(right for _, right in results)
    overall = total_right / total if total else 0.0

    def entry(n, r, parent):
        return {"quotes": n, "right": r, "confidence": round((r + prior * parent) / (n + prior), 3)}

    all_entry = {"quotes": total, "right": total_right, "confidence": round(overall, 3)}
    kind_entries = {kind: entry(n, kind_rights[kind], overall) for kind, n in sorted(kinds.items())}
    class_entries = {name: entry(n, rights[name], kind_entries[name.split("|")[0]]["confidence"])
                     for name, n in sorted(classes.items())}
    return {"classes": class_entries, "kinds": kind_entries, "all": all_entry}


def calibrate(results: list[tuple[Attribution, bool]]) -> None:
    """Per band of confidence given: quotes, mean confidence given, precision observed."""
    print(f"{'confidence band':<16} {'quotes':>6} {'given':>6} {'observed':>8}")
    for low, high in zip(BANDS, BANDS[1:]):
        band = [(q.confidence, right) for q, right in results if low <= q.confidence < high]
        if band:
            given = sum(c for c, _ in band) / len(band)
            observed = sum(right for _, right in band) / len(band)
            print(f"{low:.2f}-{min(high, 1):.2f}{'':<7} {len(band):>6} {given:>6.3f} {observed:>8.3f}")
    brier = sum((q.confidence - right) ** 2 for q, right in results) / len(results)
    base = sum(right for _, right in results) / len(results)
    flat = sum((base - right) ** 2 for _, right in results) / len(results)
    print(f"all{'':<13} {len(results):>6} {sum(q.confidence for q, _ in results) / len(results):>6.3f} "
          f"{base:>8.3f}")
    print(f"Brier score {brier:.4f} (one confidence for every quote: {flat:.4f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "polnear" / "train"),
                        help="a PolNeAR split (text/ and attributions/); default ../shared/polnear/train")
    parser.add_argument("--calibrate", action="store_true",
                        help="print the shipped table's calibration on FOLDER instead of writing it")
    parser.add_argument("--prior", type=int, default=PRIOR,
                        help="quotes of the kind's precision each class's figure is pulled toward")
    args = parser.parse_args()
    folder = Path(args.folder)
    if not (folder / "text").is_dir():
        sys.exit(f"{folder}: no PolNeAR split here (text/ and attributions/)")
    began = time.perf_counter()
    results = measure(folder)
    print(f"{len(results)} quotes from {folder} in {time.perf_counter() - began:.1f} s")
    if args.calibrate:
        calibrate(results)
        return
    pack = get_engine(ENGINE).pack
    measured = table(results, args.prior, pack)
    measured["measured_on"] = f"PolNeAR {folder.name}, {len(results)} quotes, prior {args.prior}"
    shipped = json.loads(confidence.TABLE_PATH.read_text()) if confidence.TABLE_PATH.exists() else {}
    shipped.setdefault("engines", {})[ENGINE] = measured
    confidence.TABLE_PATH.write_text(json.dumps(shipped, indent=1, sort_keys=True) + "\n")
    print(f"{'class':<34} {'quotes':>6} {'right':>6} {'confidence':>10}")
    for name, entry in sorted(measured["classes"].items(), key=lambda item: -item[1]["quotes"]):
        print(f"{name:<34} {entry['quotes']:>6} {entry['right']:>6} {entry['confidence']:>10.3f}")
    for kind, entry in measured["kinds"].items():
        print(f"{kind:<34} {entry['quotes']:>6} {entry['right']:>6} {entry['confidence']:>10.3f}")
    print(f"wrote {confidence.TABLE_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
