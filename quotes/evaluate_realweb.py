"""Score what a user gets from real web pages against a hand-made gold standard.

A folder such as ``../shared/realweb`` holds ``pages/`` (saved HTML) and
``gold.json`` (quotes, identities, not-quotes and each page's outlet and
date). :func:`evaluate_folder` runs the real pipeline on the pages, exactly as
``quotes extract pages/`` would (reader, cleaning, engine, commit into a
temporary SQLite database) and scores the database's export, so that a change
anywhere on that way (the HTML reader's outlet, the commit's speaker names)
moves the figures. :func:`score` is the yardstick alone, on exported records.

The definitions are the ones the gold's README gives (and the held-out pages
are scored with), restated here because the figures rest on them:

* Texts are compared after folding curly quotation marks to straight ones,
  collapsing whitespace, lower-casing and stripping quotation marks, commas
  and full stops at both ends.
* The pieces of one statement (exported records of one article sharing
  ``cue_start``, ``cue_end`` and ``speaker_id``) are joined, in order, into one.
  A record without a cue is a statement of its own.
* A gold quote is **found** when a joined quote of its article contains its
  snippet, or is at least 60% of the snippet's length and lies inside it.
* **Recall** per gold kind (direct, mixed, indirect, all) over required quotes.
* **Speaker accuracy**, over found gold quotes (optional ones included, as
  the README's baseline counts them): the speaker (canonical name) of the
  first matching joined quote contains one of the identity's accepted names,
  ignoring case.
* **Precision**: joined quotes that match no gold quote, optional ones
  included, are wrong; one that matches an optional quote is not.
* **Outlet**: the article's outlet is one of the accepted names (ignoring
  case). **Date**: the first ten characters of ``published`` are the page's
  date or an accepted one.
"""
from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("direct", "mixed", "indirect")
_QUOTE_FOLD = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                             "\u2018": "'", "\u2019": "'", "\u201a": "'"})
_ENDS = "\"'., "
# A joined quote shorter than this share of the snippet, lying inside it, is not a find.
INSIDE_SHARE = 0.6


class GoldError(ValueError):
    """The folder or its gold.json cannot be scored (one line for the user)."""


def normalise(text: str | None) -> str:
    """The form texts are compared in: straight marks, one space, lower case, no marks at the ends."""
    text = re.sub(r"\s+", " ", (text or "").translate(_QUOTE_FOLD)).lower()
    return text.strip(_ENDS)


def matches(quote: str, snippet: str) -> bool:
    """Both normalised: the quote holds the snippet, or is most of it and lies inside it."""
    if not quote or not snippet:
        return False
    return snippet in quote or (len(quote) >= INSIDE_SHARE * len(snippet) and quote in snippet)


@dataclass
class Statement:
    """The joined pieces of one exported statement."""

    source: str
    text: str  # normalised
    shown: str  # as exported, pieces joined with " … "
    kind: str
    cue: str | None
    speaker: str | None


@dataclass
class Report:
    """The figures, and per page what went wrong (when asked)."""

    pages: int = 0
    required: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    speaker_found: int = 0  # found gold quotes, optional ones included
    speaker_right: int = 0
    predicted: int = 0
    correct: int = 0
    outlet_right: int = 0
    date_right: int = 0
    engine: str = ""
    failed: list[str] = field(default_factory=list)  # "page: why" for each page the pipeline failed on
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def found_all(self) -> int:
        return sum(self.found.values())

    @property
    def required_all(self) -> int:
        return sum(self.required.values())

    def lines(self) -> list[str]:
        kinds = ", ".join(f"{kind} {_ratio(self.found[kind], self.required[kind])} "
                          f"({self.found[kind]}/{self.required[kind]})" for kind in KINDS)
        return [
            f"recall {_ratio(self.found_all, self.required_all)} ({self.found_all}/{self.required_all}): {kinds}",
            f"speaker accuracy {_ratio(self.speaker_right, self.speaker_found)} "
            f"({self.speaker_right}/{self.speaker_found})",
            f"precision {_ratio(self.correct, self.predicted)} ({self.correct}/{self.predicted})",
            f"outlet {self.outlet_right}/{self.pages}",
            f"date {self.date_right}/{self.pages}",
        ]


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "  n/a"


def read_gold(folder: str | Path) -> dict:
    """``gold.json`` of ``folder``, checked for the parts the scorer reads."""
    path = Path(folder) / "gold.json"
    if not (Path(folder) / "pages").is_dir() or not path.is_file():
        raise GoldError(f"{folder} must hold pages/ and gold.json")
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoldError(f"{path}: not readable JSON ({error})") from None
    if not isinstance(gold, dict) or not all(isinstance(gold.get(key), kind) for key, kind in
                                             (("quotes", list), ("identities", dict), ("pages", dict))):
        raise GoldError(f"{path}: needs 'quotes' (a list), 'identities' and 'pages' (objects)")
    for number, quote in enumerate(gold["quotes"], 1):
        if not all(quote.get(key) for key in ("seed", "kind", "snippet")):
            raise GoldError(f"{path}: quote {number} lacks a seed, kind or snippet")
        if quote["kind"] not in KINDS:
            raise GoldError(f"{path}: quote {number} has kind {quote['kind']!r}, not one of {', '.join(KINDS)}")
    return gold


def statements(rows: Iterable[dict]) -> list[Statement]:
    """Exported records, the pieces of one statement joined in order (see the module's note)."""
    groups: dict[tuple, list[dict]] = {}
    for number, row in enumerate(rows):
        key = (row["article_id"], row["cue_start"], row["cue_end"], row["speaker_id"])
        if row["cue_start"] is None:
            key = (row["article_id"], "alone", number)
        groups.setdefault(key, []).append(row)
    joined = []
    for pieces in groups.values():
        pieces.sort(key=lambda row: row["start"])
        first = pieces[0]
        kinds = {row["kind"] for row in pieces}
        joined.append(Statement(
            source=first["source"], text=normalise(" ".join(row["text"] for row in pieces)),
            shown=" … ".join(row["text"] for row in pieces),
            kind=first["kind"] if len(kinds) == 1 else "mixed", cue=first["cue"], speaker=first["speaker"]))
    return joined


def score(gold: dict, rows: Iterable[dict], articles: Iterable[dict], errors: bool = False) -> Report:
    """Figures for exported ``rows`` and stored ``articles`` (source, outlet, published)."""
    report = Report(pages=len(gold["pages"]))
    by_page: dict[str, list[Statement]] = {}
    for statement in statements(rows):
        by_page.setdefault(statement.source, []).append(statement)
    problems: dict[str, list[str]] = {}
    identities = gold["identities"]
    for quote in gold["quotes"]:
        kind, seed, required = quote["kind"], quote["seed"], not quote.get("optional")
        snippet = normalise(quote["snippet"])
        report.required[kind] += required
        hit = next((s for s in by_page.get(seed, []) if matches(s.text, snippet)), None)
        if hit is None:
            if errors and required:
                problems.setdefault(seed, []).append(
                    f"  missed {kind}: {_short(quote['snippet'])!r}  speaker {quote.get('speaker')!r}")
            continue
        report.found[kind] += required
        report.speaker_found += 1
        names = identities.get(quote.get("speaker"), {}).get("names", [])
        said = (hit.speaker or "").lower()
        if said and any(name.lower() in said for name in names):
            report.speaker_right += 1
        elif errors:
            problems.setdefault(seed, []).append(
                f"  wrong speaker: {_short(quote['snippet'])!r}  got {hit.speaker!r} "
                f"(cue {hit.cue!r}), gold {quote.get('speaker')!r}")
    snippets: dict[str, list[str]] = {}
    for quote in gold["quotes"]:
        snippets.setdefault(quote["seed"], []).append(normalise(quote["snippet"]))
    not_quotes: dict[str, list[tuple[str, str]]] = {}
    for item in gold.get("not_quotes", []):
        not_quotes.setdefault(item.get("seed"), []).append((normalise(item.get("snippet")), item.get("why", "")))
    for seed, found in by_page.items():
        if seed not in gold["pages"]:
            continue  # a page the gold does not annotate is not scored
        for statement in found:
            report.predicted += 1
            if any(matches(statement.text, snippet) for snippet in snippets.get(seed, [])):
                report.correct += 1
                continue
            if errors:
                why = next((why for text, why in not_quotes.get(seed, [])
                            if text and (text in statement.text or statement.text in text)), None)
                problems.setdefault(seed, []).append(
                    f"  spurious [{statement.kind}]: {_short(statement.shown)!r}  cue {statement.cue!r}  "
                    f"speaker {statement.speaker!r}" + (f"  (gold not-quote: {why})" if why else ""))
    stored = {row["source"]: row for row in articles}
    for seed, page in gold["pages"].items():
        article = stored.get(seed)
        outlet = (article or {}).get("outlet")
        accepted = [name.lower() for name in _as_list(page.get("outlet"))]
        if outlet and outlet.lower() in accepted:
            report.outlet_right += 1
        elif errors:
            problems.setdefault(seed, []).append(
                f"  wrong outlet: {outlet!r}, gold {' / '.join(_as_list(page.get('outlet')))!r}")
        published = ((article or {}).get("published") or "")[:10]
        dates = _as_list(page.get("published")) + _as_list(page.get("published_also_ok"))
        if published and published in dates:
            report.date_right += 1
        elif errors:
            problems.setdefault(seed, []).append(f"  wrong date: {published or None!r}, gold {' / '.join(dates)!r}")
        if article is None and errors:
            problems.setdefault(seed, []).append("  page not stored")
    if errors:
        report.errors = {seed: problems[seed] for seed in sorted(problems)}
    return report


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _short(text: str, limit: int = 100) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= limit else text[:limit] + "…"


def evaluate_folder(folder: str | Path, engine: str = "auto", lang: str = "en",
                    model_dir: str | None = None, errors: bool = False) -> Report:
    """Extract ``folder/pages`` into a temporary database as ``quotes extract`` does, and score it.

    Raises :class:`GoldError` for an unusable folder and
    :class:`quotes.api.ExtractError` where the extraction cannot start.
    """
    from quotes import api, store
    from quotes.run import events

    gold = read_gold(folder)
    with tempfile.TemporaryDirectory(prefix="quotes-realweb-") as scratch:
        db_path = Path(scratch) / "realweb.db"
        summary, failed = None, []
        for event in api.extract([str(Path(folder) / "pages")], db_path, engine=engine, lang=lang,
                                 model_dir=model_dir):
            if isinstance(event, events.Summary):
                summary = event
            elif isinstance(event, events.ArticleDone) and event.error:
                failed.append(f"{event.source}: {event.error}")  # scored as found nothing: said so
            elif isinstance(event, events.Problem):
                failed.append(str(event))
        db = store.open_db(db_path)
        try:
            rows = list(store.export_rows(db))
            articles = list(db.query(
                "select articles.source, outlets.name as outlet, articles.published from articles "
                "left join outlets on outlets.id = articles.outlet_id"))
        finally:
            db.close()
    report = score(gold, rows, articles, errors=errors)
    report.engine = summary.engine if summary else engine
    report.failed = failed
    return report
