"""The fact-checker's lens: who really said it (misattributions) and who changed it (altered quotes).

Why here and not in the commit stage: both are readings of what the store
already holds. A *misattribution* is a pair of statements the commit stage
kept apart and linked in ``cluster_links`` (the same words, two named
speakers who differ), where no article carries both: one article giving the
words to two people is one speaker quoting another, not a misattribution. An
*altered quote* is an appearance of a direct statement (a cluster whose
earliest appearance is in quotation marks) whose words differ from that
earliest appearance; only the words count, so a copy that differs in case,
punctuation or quotation marks is identical, not altered.

The ``misattributions`` and ``altered_quotes`` canned queries in
``metadata.yml`` hold the SQL; the misattributions page
(``/DATABASE/-/misattributions``) and the database page's count read that very
SQL, and ``altered_quotes`` calls :func:`change` as ``quotes_change``, the
function that names each change on the statement page, so pages and queries agree.
The kind of change is read from the words in order (kept, left out, put in); the
page's word-level diff is :mod:`difflib`'s ``SequenceMatcher``.
"""
from __future__ import annotations

import difflib
import functools
import re

from anyascii import anyascii

from .reads import APPEARANCES, FIRST_ORDER, rows

TRIMMED = "trimmed"  # words left out, none added or changed
ADDED = "words added"  # words put in, none left out or changed
CHANGED = "words changed"  # anything else that changes the words
INDIRECT = "turned into indirect speech"  # reported, no longer in quotation marks
# The words of a wording compared at most: SQLite's time limit cannot stop a Python function
# once called, and difflib's worst case grows with the product of the two lengths. A quote
# longer than this (no real quote is) is compared on its first words only.
MAX_WORDS = 400
MAX_CHARS = 20 * MAX_WORDS  # read at most, so a megabyte argument costs no more than a quote
MISATTRIBUTIONS_SHOWN = 200  # statements the page lists; the query's JSON and CSV have all

_NON_WORD = re.compile(r"[^a-z0-9]+")
_NON_SPACE_OR_WORD = re.compile(r"[^a-z0-9\s\x1c-\x1f]+")  # str.split() also splits at \x1c-\x1f


def words(text: str | None) -> list[tuple[str, str]]:
    """The words of ``text`` as written and as compared (case, accents, punctuation folded);
    what folds to nothing (a dash, a lone quotation mark) is no word."""
    found = []
    for written in (text[:MAX_CHARS] if isinstance(text, str) else "").split():
        folded = _NON_WORD.sub("", anyascii(written).lower())
        if folded:
            found.append((written, folded))
        if len(found) >= MAX_WORDS:
            break
    return found


def _opcodes(first: list[tuple[str, str]], other: list[tuple[str, str]]) -> list[tuple]:
    matcher = difflib.SequenceMatcher(None, [f for _, f in first], [f for _, f in other],
                                      autojunk=False)
    return matcher.get_opcodes()


@functools.lru_cache(maxsize=2048)
def _keys(text: str | None) -> tuple[str, ...]:
    """The compared words of ``text``, as :func:`words` folds them (cached: every appearance
    of a statement is compared with the same first one). An ASCII text, nearly every one,
    is folded in one pass: the same words, without a Python step per word."""
    if isinstance(text, str) and text.isascii():
        return tuple(_NON_SPACE_OR_WORD.sub("", text[:MAX_CHARS].lower()).split()[:MAX_WORDS])
    return tuple(folded for _, folded in words(text))


def _within(shorter: tuple[str, ...], longer: tuple[str, ...]) -> bool:
    """Are ``shorter``'s words all in ``longer``, in order (only words left out between)?"""
    remaining = iter(longer)
    return all(word in remaining for word in shorter)


def change(first_text: str | None, first_kind: str | None, text: str | None,
           kind: str | None) -> str | None:
    """How an appearance changed the earliest appearance of its statement; ``None`` when it did
    not (the same words) or when the statement is not a direct one.

    ``turned into indirect speech`` when the first is direct and this one reported;
    otherwise, by the words: ``trimmed`` (only words left out: its words are the first's, in
    order, with some missing), ``words added`` (only put in), ``words changed`` (any other
    difference).
    """
    if first_kind != "direct":
        return None
    if kind == "indirect":
        return INDIRECT
    if first_text == text:
        return None
    first, other = _keys(first_text), _keys(text)
    if first == other:
        return None
    if len(other) < len(first) and _within(other, first):
        return TRIMMED
    if len(other) > len(first) and _within(first, other):
        return ADDED
    return CHANGED


def diff(first_text: str | None, text: str | None) -> list[tuple[str, str]]:
    """A word-level diff of ``text`` against ``first_text``: ``(how, words)`` runs, ``how`` being
    ``same``, ``removed`` (in the first, not here) or ``added`` (here, not in the first); the
    words as this appearance (or, when removed, the first) wrote them."""
    first, other = words(first_text), words(text)
    runs = []
    for tag, i1, i2, j1, j2 in _opcodes(first, other):
        if tag == "equal":
            runs.append(("same", " ".join(w for w, _ in other[j1:j2])))
            continue
        if i2 > i1:
            runs.append(("removed", " ".join(w for w, _ in first[i1:i2])))
        if j2 > j1:
            runs.append(("added", " ".join(w for w, _ in other[j1:j2])))
    return runs


def alterations(appearances: list[dict]) -> dict:
    """What a statement page shows of its alterations: each appearance after the first that
    changed it, with the kind of change and its diff, and how many copied it exactly.

    ``appearances`` are :data:`~.reads.APPEARANCES` rows, earliest first.
    """
    if not appearances or appearances[0]["kind"] != "direct":
        return {"direct": False, "altered": [], "identical": 0}
    first = appearances[0]
    altered = []
    for appearance in appearances[1:]:
        how = change(first["text"], first["kind"], appearance["text"], appearance["kind"])
        if how:
            altered.append({"appearance": appearance, "change": how,
                            "diff": diff(first["text"], appearance["text"])})
    return {"direct": True, "altered": altered,
            "identical": len(appearances) - 1 - len(altered)}


async def misattributions(datasette, database: str, actor) -> list[dict]:
    """The ``misattributions`` canned query's rows: one per statement and speaker given it."""
    query = await datasette.get_canned_query(database, "misattributions", actor)
    if query is None:
        return []
    return await rows(datasette.get_database(database), query["sql"])


async def misattribution_count(datasette, db) -> int | None:
    """How many statements were given to different speakers in different articles (the
    database page's count); ``None`` when the query is not configured."""
    query = await datasette.get_canned_query(db.name, "misattributions", None)
    if query is None:
        return None
    # Only the query's common table expressions are needed: its final select (the first
    # line at the start of a line that begins "select") reads each speaker's articles.
    ctes, final, _ = query["sql"].rpartition("\nselect ")
    if final and ctes.lstrip().lower().startswith("with ") and "misattributed as" in ctes:
        count = f"{ctes}\nselect count(distinct statement) as n from misattributed"
    else:  # a query rewritten another way: count its rows' statements
        count = f"select count(distinct statement) as n from ({query['sql']})"
    found = await rows(db, count)
    return found[0]["n"]


async def misattribution_groups(datasette, database: str, actor) -> tuple[list[dict], int]:
    """The misattributions page: per statement (at most :data:`MISATTRIBUTIONS_SHOWN`, earliest
    first), each speaker with the articles that gave them the words; and how many statements
    there are in all."""
    found = await misattributions(datasette, database, actor)
    groups: dict[int, dict] = {}
    for row in found:
        groups.setdefault(row["statement"], {"statement": row["statement"], "speakers": []})
        groups[row["statement"]]["speakers"].append(dict(row, appearances=[]))
    shown = list(groups.values())[:MISATTRIBUTIONS_SHOWN]
    wanted = {(s["cluster_id"], s["speaker_id"]): s for g in shown for s in g["speakers"]}
    if wanted:
        clusters = sorted({cluster for cluster, _ in wanted})
        for appearance in await rows(
                datasette.get_database(database),
                APPEARANCES + " where quotes.cluster_id in (select value from json_each(:ids)) "
                + FIRST_ORDER, {"ids": "[" + ",".join(map(str, clusters)) + "]"}):
            speaker = wanted.get((appearance["cluster_id"], appearance["speaker_id"]))
            if speaker is not None:
                speaker["appearances"].append(appearance)
    for group in shown:
        group["first"] = min(
            (a for s in group["speakers"] for a in s["appearances"]),
            key=lambda a: (a["published"] is None, a["published"] or "", a["article_id"]),
            default=None)
    return shown, len(groups)
