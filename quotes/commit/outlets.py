"""Outlet edits by hand: ``quotes outlets rename / merge``.

Pages name one outlet many ways (``The Tico Times``, ``Tico Times - Costa Rica
News``) and the reader cleans what it can (:mod:`quotes.readers.outlets`); the
rest is put right here. As with speakers (:mod:`quotes.commit.curation`), a
correction changes the rows now and records the name it replaced, so articles
read later under that name go to the corrected outlet. The SQL is
:mod:`quotes.store.outlets`'s.
"""
from __future__ import annotations

import sqlite_utils

from quotes import store
from quotes.store import outlets as rows


class OutletError(Exception):
    """An outlets command that cannot be done as asked; the message says why."""


def listed(db: sqlite_utils.Database, limit: int = 50) -> list[dict]:
    """Outlets, most quoted first, with their articles."""
    return rows.outlets(db, limit)


def find_outlet(db: sqlite_utils.Database, ref: str) -> dict:
    """One outlet by id or name (any case); unknown or ambiguous names raise."""
    found = rows.outlet(db, ref.strip())
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(f"{r['name']} (id {r['id']})" for r in found[:5])
        raise OutletError(f"{len(found)} outlets are called {ref!r}; name one by id: {ids}")
    shown = ref if len(ref) <= 60 else ref[:57] + "..."
    raise OutletError(f"no outlet called {shown!r}; see `quotes outlets list`")


def rename(db: sqlite_utils.Database, outlet: dict, name: str) -> None:
    """Call the outlet ``name``; articles read later under its old name come here too."""
    name = " ".join(name.split())
    if not name:
        raise OutletError("an outlet needs a name")
    taken = [r for r in rows.outlet(db, name) if r["id"] != outlet["id"] and r["name"] == name]
    if taken:
        raise OutletError(f"an outlet is already called {name!r} (id {taken[0]['id']}); "
                          f"use `quotes outlets merge` to make them one")
    with store.writing(db):
        if outlet["name"] != name:
            rows.send(db, outlet["name"], outlet["id"], "rename")
        rows.set_name(db, outlet["id"], name)


def merge(db: sqlite_utils.Database, keep: dict, other: dict) -> None:
    """Fold outlet ``other`` into ``keep``, now and for articles read later under its name."""
    if keep["id"] == other["id"]:
        raise OutletError("an outlet cannot be merged with itself")
    with store.writing(db):
        rows.send(db, other["name"], keep["id"], "merge")
        rows.fold_into(db, keep["id"], other["id"])
