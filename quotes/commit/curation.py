"""Speaker edits by hand: ``quotes speakers merge / split / rename``, and finding a speaker.

A correction changes the rows now and records an override keyed like the
commit stage keys mentions (:func:`quotes.extract.referents.spelling_key`, the
name keys of :mod:`quotes.extract.names`), so later articles follow it and a
re-extraction keeps it. The SQL is :mod:`quotes.store.identity`'s.
"""
from __future__ import annotations

import sqlite_utils

from quotes import store
from quotes.extract import names
from quotes.extract.referents import spelling_key
from quotes.model import ORGANISATION, PERSON
from quotes.store import identity as rows

# The score a name or alias needs to count as the speaker asked for: the web look-up's.
LOOKUP_MIN_SCORE = 84


# The largest id SQLite can store: a longer number is nobody's id (and no SQL parameter).
MAX_ID = 2 ** 63 - 1


class IdentityError(Exception):
    """A speakers command that cannot be done as asked; the message says why."""


def find_speaker(db: sqlite_utils.Database, ref: str, near: bool = False) -> dict:
    """One speaker by id, exact name or name key; ambiguous or unknown names raise.

    A name that matches none of those is looked up as the web look-up does
    (:func:`speakers_called`): with ``near`` the best match is the speaker
    (``Mustafa Baly`` is Mustefa Bali), without it the error names the matches,
    so that merge, split and rename never act on a guess.
    """
    if ref.isascii() and ref.isdigit():  # "²" is a digit to Python, not an id
        found = rows.speaker(db, int(ref)) if len(ref.lstrip("0")) <= 19 and int(ref) <= MAX_ID \
            else None
        if not found:
            raise IdentityError(f"no speaker with id {ref if len(ref) <= 24 else ref[:20] + '...'}")
        return found
    candidates = rows.called_exactly(db, ref) \
        or rows.with_keys(db, {names.org_key(ref), names.person_key(ref)} - {None, ""})
    if not candidates:
        return _nearest(db, ref, near)
    known_beyond = [r for r in candidates if r["scope_article_id"] is None]
    if len(known_beyond) == 1:
        return known_beyond[0]
    if len(candidates) == 1:
        return candidates[0]
    ids = ", ".join(f"{r['id']} ({r['quote_count']} quotes)" for r in candidates[:10])
    raise IdentityError(f"{len(candidates)} speakers are called {ref!r}; name one by id: {ids}")


def _nearest(db: sqlite_utils.Database, ref: str, near: bool) -> dict:
    matches = sorted(speakers_called(db, ref), key=lambda r: (-r["score"],
                     r["scope_article_id"] is not None, -r["quote_count"], r["id"]))
    if near and matches:
        return matches[0]
    hint = ("; did you mean " + ", ".join(f"{r['name']} (id {r['id']})" for r in matches[:3])
            + "?") if matches else "; try `quotes speakers list`"
    raise IdentityError(f"no speaker called {ref!r}{hint}")


def speakers_called(db: sqlite_utils.Database, name: str) -> list[dict]:
    """Speakers whose name or an alias ``name`` spells, best match first, as the web finds them.

    The same folding and near-spelling score as the ``quotes_by_speaker`` query
    (:func:`quotes.extract.names.name_score`, which the web plugin's copy
    equals), over the same candidates (the names filed in ``speaker_lookup``), so
    the CLI and the Python API find whom the web pages find. A name that differs
    from a stored one in its vowels only counts as near too, so ``Mustafa Baly``
    finds Mustefa Bali when that is the only spelling stored.
    """
    best: dict[int, int] = {}
    for speaker_id, written in rows.filed_under(db, names.lookup_keys(name)):
        score = names.name_score(written, name)
        if score >= LOOKUP_MIN_SCORE and score > best.get(speaker_id, 0):
            best[speaker_id] = score
    ranked = sorted(best, key=lambda sid: -best[sid])
    return [dict(rows.speaker(db, sid), score=best[sid]) for sid in ranked]


def _local_key(speaker: dict, key: str | None = None) -> str:
    key = key if key is not None else speaker["key"]
    local = f"{speaker['kind']}:{key}"
    if speaker["scope_article_id"] is not None:
        local += f"@{speaker['scope_article_id']}"  # a bare surname's merge stays in its article
    return local


def alias_key(kind: str, alias: str) -> str | None:
    """The name key a spelling of a speaker of ``kind`` is filed under (``None``: no name)."""
    if kind == PERSON:
        return names.person_key(alias)
    if kind == ORGANISATION:
        return names.org_key(alias)
    return None


def merge(db: sqlite_utils.Database, keep: dict, other: dict) -> None:
    """Fold ``other`` into ``keep`` now, and send every later mention keyed like ``other`` to ``keep``."""
    if keep["id"] == other["id"]:
        raise IdentityError("a speaker cannot be merged with itself")
    kept, merged = rows.link_of(db, keep["id"]), rows.link_of(db, other["id"])
    if kept and merged and kept[0] != merged[0]:
        raise IdentityError(f"{keep['name']} is {kept[0]} and {other['name']} is {merged[0]}"
                            f" on Wikidata: two, not merged")
    with store.writing(db):
        keys = {_local_key(other)} if other["key"] else set()
        keys.update(_local_key(other, spelled) for spelled in rows.alias_keys(db, other["id"]))
        for local in sorted(keys):
            rows.set_override(db, "merge", local, keep["id"], other["name"])
        rows.retarget_overrides(db, other["id"], keep["id"])
        rows.move(db, other["id"], keep["id"])
        if other["scope_article_id"] is None and keep["scope_article_id"] is not None:
            rows.make_global(db, keep["id"])
        rows.delete(db, other["id"])
        store.recount_speaker_quotes(db, keep["id"])


def split(db: sqlite_utils.Database, speaker: dict, alias: str) -> int:
    """Give the spelling ``alias`` (and the speaker's quotes in the articles it was seen in)
    a speaker of its own, and send later mentions spelled that way there too."""
    articles = rows.articles_calling(db, speaker["id"], alias)
    if not articles:
        raise IdentityError(f"{speaker['name']!r} (id {speaker['id']}) was never called {alias!r}; "
                            f"see `quotes speakers show {speaker['id']}`")
    if rows.articles_quoting(db, speaker["id"]) <= set(articles):
        raise IdentityError(f"every quote of {speaker['name']!r} is in an article that calls them "
                            f"{alias!r}; use `quotes speakers rename` instead")
    key = alias_key(speaker["kind"], alias)
    shared = key and rows.key_used_elsewhere(db, speaker["id"], key, alias, articles)
    parsed = names.parse_person(alias) if speaker["kind"] == PERSON else None
    with store.writing(db):
        new_id = rows.insert(db, {
            "name": alias, "kind": speaker["kind"], "key": key, "quote_count": 0,
            "block": parsed.block if parsed else names.org_block(key or ""),
            "skeleton": parsed.skeleton if parsed else None,
            "scope_article_id": speaker["scope_article_id"]})
        rows.move(db, speaker["id"], new_id, articles)
        if speaker["scope_article_id"] is None:
            # A key the old speaker still answers to overrides only this exact spelling.
            local = spelling_key(speaker["kind"], alias) if shared or not key \
                else _local_key(rows.speaker(db, new_id))
            rows.set_override(db, "split", local, new_id, speaker["name"])
        store.recount_speaker_quotes(db, speaker["id"], new_id)
    return new_id


def rename(db: sqlite_utils.Database, speaker: dict, name: str) -> None:
    """Change the canonical name; later mentions spelled ``name`` land on this speaker too."""
    key = alias_key(speaker["kind"], name) or speaker["key"]
    with store.writing(db):
        rows.set_name(db, speaker["id"], name)
        if key:
            rows.set_override(db, "rename", _local_key(speaker, key), speaker["id"], speaker["name"])
