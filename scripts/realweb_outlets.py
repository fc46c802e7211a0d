"""How many realweb pages get an accepted outlet name from the HTML reader.

    python scripts/realweb_outlets.py                # ../shared beside the clone
    python scripts/realweb_outlets.py --shared PATH [--all]

Each page of ``realweb/pages`` is read as ``quotes extract`` reads it (the page's
own metadata, then the domain for a page that names no outlet) and its outlet
compared with the accepted names in ``realweb/gold.json`` (case-insensitive), as
``realweb/README.md`` defines the figure. Prints each miss (each page with
``--all``) and the count.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from quotes.readers.html import PageError, read_page
from quotes.readers.inputs import apply_metadata

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--all", action="store_true", help="print every page, not only misses")
    options = parser.parse_args()
    folder = options.shared / "realweb"
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["pages"]
    right = 0
    for name, page in sorted(gold.items()):
        try:
            article = read_page((folder / "pages" / name).read_bytes(), name)
        except PageError as error:
            print(f"unread  {name}: {error}")
            continue
        apply_metadata(article, {}, None)
        ok = (article.outlet or "").lower() in {o.lower() for o in page["outlet"]}
        right += ok
        if options.all or not ok:
            print(f"{'right' if ok else 'wrong':<7} {name}: {article.outlet!r}"
                  + ("" if ok else f" (accepted: {', '.join(page['outlet'])})"))
    print(f"outlet {right}/{len(gold)}")


if __name__ == "__main__":
    main()
