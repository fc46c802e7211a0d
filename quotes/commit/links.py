"""Speakers linked to Wikidata by hand: ``quotes speakers link FILE``.

A row names a speaker, the Wikidata item that is that person or organisation
(``qid``: ``Q`` and digits), a description, and other spellings of the name
(``aliases``). The speaker called ``name`` gets the id, and keeps that name as a
``quotes speakers rename`` keeps one (however later articles spell it); a speaker stored under one
of the spellings is merged into it, with the same override a ``quotes speakers
merge`` records (:mod:`quotes.commit.curation`), so later articles that write
the spelling follow. What a row cannot settle without a guess is left alone and
said: a name several speakers answer to, or a bare surname (``Smith``) that
another person known to the store or the file also has, which may be
either of them. Running the same file again changes nothing.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from quotes import store
from quotes.commit import curation
from quotes.extract import names
from quotes.model import PERSON
from quotes.store import identity as rows

QID = re.compile(r"Q[1-9][0-9]{0,11}")
FIELDS = ("name", "aliases", "qid", "description")
ALIAS_SEPARATORS = re.compile(r"\s*[;|]\s*")  # a CSV cell holds several: "J. Smith; Smith"
MAX_FILE_BYTES = 50_000_000


class LinkError(Exception):
    """A link file that cannot be used as it is; the message names the file and line."""


@dataclass
class Link:
    line: int
    name: str
    qid: str
    description: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Report:
    """What one run of a link file did, row by row."""

    linked: list[str] = field(default_factory=list)  # "John Smith (id 3) → Q42"
    unchanged: int = 0
    merged: list[str] = field(default_factory=list)  # "Jack Smith (id 5) into John Smith (id 3)"
    skipped: list[str] = field(default_factory=list)  # "line 4: no speaker called 'X'"


# -- reading the file -------------------------------------------------------------------------

def read_links(path: str | Path) -> list[Link]:
    """The rows of a CSV (``.csv``) or JSON Lines (``.jsonl``, ``.ndjson``, ``.json``) file,
    checked: every row needs a name and a Wikidata item id; raises :class:`LinkError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson", ".json"):
        raise LinkError(f"{path.name}: a link file is .csv or .jsonl, not {suffix or 'no suffix'!r}")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise LinkError(f"{path.name}: larger than {MAX_FILE_BYTES // 1_000_000} MB")
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise LinkError(f"{path.name}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise LinkError(f"{path.name}: cannot be read ({error.strerror or error})") from None
    raw = _csv_rows(path.name, text) if suffix == ".csv" else _jsonl_rows(path.name, text)
    links = [_link(path.name, line, row) for line, row in raw]
    if not links:
        raise LinkError(f"{path.name}: no rows to link")
    _check_consistent(path.name, links)
    return links


def _csv_rows(name: str, text: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(text.splitlines())
    columns = {(c or "").strip().lower() for c in reader.fieldnames or []}
    if not {"name", "qid"} <= columns:
        raise LinkError(f"{name}: needs a header row with the columns name and qid "
                        f"(and optionally aliases, description)")
    out = []
    for row in reader:
        clean = {(k or "").strip().lower(): v for k, v in row.items() if k is not None}
        if any((v or "").strip() for v in clean.values() if isinstance(v, str)):
            out.append((reader.line_num, clean))
    return out


def _jsonl_rows(name: str, text: str) -> list[tuple[int, dict]]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise LinkError(f"{name} line {number}: not a JSON object") from None
        if not isinstance(row, dict):
            raise LinkError(f"{name} line {number}: not a JSON object")
        out.append((number, {str(k).strip().lower(): v for k, v in row.items()}))
    return out


def _text(value) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _link(file: str, line: int, row: dict) -> Link:
    where = f"{file} line {line}"
    name, qid = _text(row.get("name")), row.get("qid")
    if not name:
        raise LinkError(f"{where}: no name")
    if not isinstance(qid, str) or not QID.fullmatch(qid.strip()):
        shown = repr(qid)[:30] if qid not in (None, "") else "none"
        raise LinkError(f"{where}: qid {shown} is not a Wikidata item id (Q and digits, e.g. Q42)")
    aliases = row.get("aliases") or []
    if isinstance(aliases, str):
        aliases = ALIAS_SEPARATORS.split(aliases)
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise LinkError(f"{where}: aliases must be text (a list in JSON, ';'-separated in CSV)")
    description = row.get("description")
    if description is not None and not isinstance(description, str):
        raise LinkError(f"{where}: description must be text")
    spellings = [a for a in dict.fromkeys(_text(a) for a in aliases) if a and a != name]
    return Link(line, name, qid.strip(), _text(description), spellings)


def _check_consistent(file: str, links: list[Link]) -> None:
    """One item per name and one name per item: the file must not contradict itself."""
    by_qid: dict[str, Link] = {}
    by_name: dict[str, Link] = {}
    for link in links:
        seen = by_qid.setdefault(link.qid, link)
        if names.fold(seen.name) != names.fold(link.name):
            raise LinkError(f"{file} line {link.line}: {link.qid} is {seen.name!r} on line {seen.line}")
        seen = by_name.setdefault(names.fold(link.name), link)
        if seen.qid != link.qid:
            raise LinkError(f"{file} line {link.line}: {link.name!r} is {seen.qid} on line {seen.line}")


def link_of(db: sqlite_utils.Database, speaker_id: int) -> tuple[str, str | None] | None:
    """``(Wikidata id, description)`` of a linked speaker, else ``None``."""
    return rows.link_of(db, speaker_id)


# -- linking ------------------------------------------------------------------------------------

def link_speakers(db: sqlite_utils.Database, links: list[Link]) -> Report:
    """Give each row's speaker its Wikidata id and description, and merge its spellings into it,
    in one transaction."""
    report = Report()
    surnames = _file_surnames(links)
    with store.writing(db):
        for link in links:
            _link_one(db, link, surnames, report)
    return report


def _file_surnames(links: list[Link]) -> dict[str, dict[str, str]]:
    """Each surname of the file's people: ``{surname: {qid: name}}``."""
    out: dict[str, dict[str, str]] = {}
    for link in links:
        for spelling in [link.name, *link.aliases]:
            parsed = names.parse_person(spelling)
            if parsed and parsed.complete:
                out.setdefault(parsed.surname, {})[link.qid] = link.name
    return out


def _link_one(db: sqlite_utils.Database, link: Link, surnames: dict[str, dict[str, str]],
              report: Report) -> None:
    target = rows.linked_to(db, link.qid) or _called(db, link, report)
    if target is None:
        return
    changed = False
    had = rows.link_of(db, target["id"])
    wanted = (link.qid, link.description if link.description is not None else
              (had[1] if had and had[0] == link.qid else None))
    if had != wanted:
        rows.set_link(db, target["id"], *wanted)
        report.linked.append(f"{target['name']} (id {target['id']}) → {link.qid}")
        changed = True
    if target["name"] != link.name or not rows.renamed_by_hand(db, target["id"]):
        curation.rename(db, target, link.name)  # the linked name stays, whatever articles write
        target = rows.speaker(db, target["id"])
        changed = True
    for spelling in [link.name, *link.aliases]:
        changed |= _merge_spelling(db, target, spelling, link, surnames, report)
    if not changed:
        report.unchanged += 1


def _called(db: sqlite_utils.Database, link: Link, report: Report) -> dict | None:
    """The one speaker known across articles that the row's name names, else ``None``, said."""
    found = _known_as(db, link.name)
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(f"{r['name']} (id {r['id']})" for r in found[:5])
        report.skipped.append(f"line {link.line}: {len(found)} speakers are called "
                              f"{link.name!r} ({ids}); link one by merging or renaming it first")
    else:
        report.skipped.append(f"line {link.line}: no speaker called {link.name!r} "
                              f"known beyond one article")
    return None


def _known_as(db: sqlite_utils.Database, name: str) -> list[dict]:
    """Speakers known across articles whose name is ``name``, or has its name key."""
    exact = [r for r in rows.called_exactly(db, name) if r["scope_article_id"] is None]
    if exact:
        return exact
    keys = {names.person_key(name), names.org_key(name)} - {None, ""}
    return [r for r in rows.with_keys(db, keys) if r["scope_article_id"] is None
            and r["key"] == (names.person_key(name) if r["kind"] == PERSON else names.org_key(name))]


def _merge_spelling(db: sqlite_utils.Database, target: dict, spelling: str, link: Link,
                    surnames: dict[str, dict[str, str]], report: Report) -> bool:
    """Fold the speakers stored under ``spelling`` into ``target``, and send later mentions
    spelled so there; whether anything changed."""
    kind = target["kind"]
    key = curation.alias_key(kind, spelling)
    if not key:
        return False
    bare = kind == PERSON and " " not in key  # a bare surname
    if bare:
        sharers = _others_with_surname(db, target, key) | {
            name for qid, name in surnames.get(key, {}).items() if qid != link.qid}
        if sharers:
            report.skipped.append(f"line {link.line}: {spelling!r} is also the surname of "
                                  f"{', '.join(sorted(sharers)[:3])}; not merged")
            return False
        others = [r for r in rows.with_keys(db, {key}) if r["id"] != target["id"]
                  and r["kind"] == kind]
    else:
        others = [r for r in _known_as(db, spelling) if r["id"] != target["id"] and r["kind"] == kind]
    changed = False
    for other in others:
        theirs = rows.link_of(db, other["id"])
        if theirs and theirs[0] != link.qid:
            report.skipped.append(f"line {link.line}: {other['name']} (id {other['id']}) is "
                                  f"{theirs[0]}; not merged")
            continue
        curation.merge(db, target, other)
        report.merged.append(f"{other['name']} (id {other['id']}) into {target['name']} "
                             f"(id {target['id']})")
        changed = True
    if not bare and key != target["key"]:
        changed |= rows.ensure_override(db, "merge", f"{kind}:{key}", target["id"], spelling)
    return changed


def _others_with_surname(db: sqlite_utils.Database, target: dict, surname: str) -> set[str]:
    """The names of the other people known across articles with this surname."""
    parsed = names.parse_person(target["name"])
    return {name for speaker_id, name in rows.people_with_surname(db, surname)
            if speaker_id != target["id"] and (other := names.parse_person(name)) is not None
            and other.surname == surname and other.complete
            and not (parsed and parsed.key == other.key)}
