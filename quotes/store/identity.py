"""The SQL of speaker identity: the look-ups the commit stage matches names with, and the
rows that manual corrections (``quotes speakers merge/split/rename``) change.

Every look-up is one indexed query (by key, by blocking key, by spelling), so
matching a speaker costs the same at a million articles as at ten.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from quotes import store

BLOCK_LIMIT = 2000  # candidates one fuzzy look-up reads at most


# -- matching (the commit stage) ---------------------------------------------

def has_overrides(db: sqlite_utils.Database) -> bool:
    """Whether any manual correction exists: most databases have none, so one look spares
    a query per mention."""
    return db.execute("select exists (select 1 from speaker_overrides)").fetchone()[0] == 1


def override(db: sqlite_utils.Database, local: str) -> int | None:
    """The speaker the latest correction for ``local`` sends it to, if that speaker still exists."""
    row = db.execute(
        """
        select speaker_overrides.speaker_id from speaker_overrides
        join speakers on speakers.id = speaker_overrides.speaker_id
        where speaker_overrides.key = ? order by speaker_overrides.id desc limit 1
        """,
        [local],
    ).fetchone()
    return row[0] if row else None


def named(db: sqlite_utils.Database, kind: str, key: str) -> list[tuple[int, str]]:
    """``(id, name)`` of the speakers of ``kind`` known beyond one article whose name or a
    spelling of it has ``key``, oldest first."""
    return db.execute(
        """
        select id, name from speakers
        where key = :key and kind = :kind and scope_article_id is null
        union
        select speakers.id, speakers.name from speaker_spellings
        join speakers on speakers.id = speaker_spellings.speaker_id
        where speaker_spellings.key = :key and speakers.kind = :kind
          and speakers.scope_article_id is null
        order by 1
        """,
        {"key": key, "kind": kind},
    ).fetchall()


def people_near(db: sqlite_utils.Database, block: str, skeleton: str) -> list[tuple[int, str, str]]:
    """``(id, name, key)`` of people known beyond one article who share the surname or its
    consonant skeleton: the candidates a fuzzy match is scored against."""
    return db.execute(
        """
        select id, name, key from speakers where id in (
            select id from speakers where block = :block
            union select id from speakers where skeleton = :skeleton)
        and kind = 'person' and +scope_article_id is null
        limit :limit
        """,
        {"block": block, "skeleton": skeleton, "limit": BLOCK_LIMIT},
    ).fetchall()


def organisations_near(db: sqlite_utils.Database, block: str) -> list[tuple[int, str]]:
    """``(id, key)`` of organisations known beyond one article with the same longest word."""
    return db.execute(
        "select id, key from speakers where block = ? and kind = 'organisation' "
        "and +scope_article_id is null limit ?", [block, BLOCK_LIMIT],
    ).fetchall()


def global_names(db: sqlite_utils.Database, speaker_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """``{id: (kind, name)}`` of those of ``speaker_ids`` known beyond one article."""
    ids = sorted(speaker_ids)
    if not ids:
        return {}
    return {speaker_id: (kind, name) for speaker_id, kind, name in db.execute(
        f"select id, kind, name from speakers where id in ({', '.join('?' * len(ids))})"
        " and scope_article_id is null", ids)}


def spelling_articles(db: sqlite_utils.Database, speaker_id: int, spellings: Iterable[str]) -> dict[str, int]:
    """How many articles wrote the speaker each of ``spellings`` (absent: none)."""
    spellings = sorted(spellings)
    return dict(db.execute(
        f"select alias, articles from speaker_spellings where speaker_id = ? and alias in"
        f" ({', '.join('?' * len(spellings))})", [speaker_id, *spellings]).fetchall())


def renamed_by_hand(db: sqlite_utils.Database, speaker_id: int) -> bool:
    return db.execute("select 1 from speaker_overrides where speaker_id = ? and action = 'rename'"
                      " limit 1", [speaker_id]).fetchone() is not None


def organisations_keyed(db: sqlite_utils.Database, key: str, other_than: int) -> dict[int, str]:
    """``{id: name}`` of the organisations known beyond one article whose own key is ``key``,
    but for ``other_than``; none when ``other_than`` is itself known in one article only."""
    return dict(db.execute(
        "select id, name from speakers where key = ? and kind = 'organisation'"
        " and scope_article_id is null and id != ?"
        " and (select scope_article_id from speakers where id = ?) is null",
        [key, other_than, other_than]).fetchall())


def absorb(db: sqlite_utils.Database, gone: int, speaker_id: int) -> None:
    """Fold speaker ``gone`` into ``speaker_id``: its quotes, spellings, roles, statements and
    corrections; ``speaker_id``'s quote count recounted from its stored quotes."""
    retarget_overrides(db, gone, speaker_id)
    move(db, gone, speaker_id)
    delete(db, gone)
    store.recount_speaker_quotes(db, speaker_id)


def roles(db: sqlite_utils.Database, speaker_id: int) -> list[str]:
    """Every role a speaker was given, as written."""
    return [role for (role,) in db.execute(
        "select role from speaker_roles where speaker_id = ?", [speaker_id])]


def add_role(db: sqlite_utils.Database, speaker_id: int, role: str, article_id: int) -> None:
    store.add_row(db, "speaker_roles", {"speaker_id": speaker_id, "role": role,
                                        "article_id": article_id})


# -- reading one speaker ------------------------------------------------------

def speaker(db: sqlite_utils.Database, speaker_id: int) -> dict | None:
    row = db.execute("select * from speakers where id = ?", [speaker_id])
    found = row.fetchone()
    return dict(zip([c[0] for c in row.description], found)) if found else None


def called_exactly(db: sqlite_utils.Database, name: str) -> list[dict]:
    """Speakers whose canonical name is ``name`` (any case), most quoted first."""
    return list(db.query(
        "select * from speakers where name = ? collate nocase order by quote_count desc", [name]))


def with_keys(db: sqlite_utils.Database, keys: Iterable[str]) -> list[dict]:
    """Speakers with one of the name ``keys``, most quoted first."""
    keys = sorted(keys)
    if not keys:
        return []
    return list(db.query(f"select * from speakers where key in ({','.join('?' * len(keys))}) "
                         "order by quote_count desc", keys))


def filed_under(db: sqlite_utils.Database, keys: list[str]) -> list[tuple[int, str]]:
    """``(speaker id, name or spelling)`` filed in ``speaker_lookup`` under a word or skeleton
    of a one-word name, under two of a longer one's (see :func:`quotes.extract.names.lookup_keys`)."""
    need = min(2, len(keys) - 1)  # a name of two words or more shares a word, or two skeletons
    filed = (f"(select written from speaker_lookup where key in ({', '.join('?' * len(keys))})"
             f" group by written having count(*) >= {need})")
    return db.execute(
        f"select id, name from speakers where name in {filed} union all "
        f"select speaker_id, alias from speaker_spellings where alias in {filed}", keys * 2).fetchall()


def alias_keys(db: sqlite_utils.Database, speaker_id: int) -> list[str]:
    """The distinct keys of a speaker's recorded spellings."""
    return [key for (key,) in db.execute(
        "select distinct key from speaker_aliases where speaker_id = ? and key is not null",
        [speaker_id])]


def articles_calling(db: sqlite_utils.Database, speaker_id: int, alias: str) -> list[int]:
    """The articles in which the speaker was written ``alias`` (any case)."""
    return [a for (a,) in db.execute(
        "select distinct article_id from speaker_aliases where speaker_id = ? "
        "and alias = ? collate nocase order by 1", [speaker_id, alias])]


def articles_quoting(db: sqlite_utils.Database, speaker_id: int) -> set[int]:
    return {a for (a,) in db.execute(
        "select distinct article_id from quotes where speaker_id = ?", [speaker_id])}


def key_used_elsewhere(db: sqlite_utils.Database, speaker_id: int, key: str, alias: str,
                       articles: list[int]) -> bool:
    """Whether another spelling with ``key`` names the speaker outside ``articles``."""
    return db.execute(
        f"select 1 from speaker_aliases where speaker_id = ? and key = ? and alias != ? collate nocase "
        f"and article_id not in ({','.join('?' * len(articles))}) limit 1",
        [speaker_id, key, alias, *articles]).fetchone() is not None


# -- manual corrections (quotes speakers merge / split / rename) --------------

def set_override(db: sqlite_utils.Database, action: str, local: str, speaker_id: int,
                 value: str | None = None) -> None:
    """Send later mentions keyed ``local`` to ``speaker_id``, replacing an earlier correction."""
    db.execute("delete from speaker_overrides where key = ?", [local])
    db["speaker_overrides"].insert({"action": action, "key": local, "speaker_id": speaker_id,
                                    "value": value, "created_at": store.now()})


def ensure_override(db: sqlite_utils.Database, action: str, local: str, speaker_id: int,
                    value: str | None = None) -> bool:
    """:func:`set_override` unless the latest correction for ``local`` already sends it to
    ``speaker_id``: whether it wrote, so that running a link file again writes nothing."""
    if override(db, local) == speaker_id:
        return False
    set_override(db, action, local, speaker_id, value)
    return True


def retarget_overrides(db: sqlite_utils.Database, source: int, target: int) -> None:
    db.execute("update speaker_overrides set speaker_id = ? where speaker_id = ?", [target, source])


def move(db: sqlite_utils.Database, source: int, target: int,
         articles: list[int] | None = None) -> None:
    """Give ``source``'s quotes, spellings and roles (in ``articles``, or all) to ``target``."""
    where = "speaker_id = ?"
    params: list = [source]
    if articles is not None:
        where += f" and article_id in ({','.join('?' * len(articles))})"
        params += articles
    for table in ("quotes", "speaker_aliases", "speaker_roles"):
        db.execute(f"update {table} set speaker_id = ? where {where}", [target, *params])
    if articles is None and "speaker_id" in db["clusters"].columns_dict:
        db.execute("update clusters set speaker_id = ? where speaker_id = ?", [target, source])
    if articles is None:  # a Wikidata link goes with the speaker it named, unless one is there
        db.execute("update or ignore speaker_links set speaker_id = ? where speaker_id = ?",
                   [target, source])


def make_global(db: sqlite_utils.Database, speaker_id: int) -> None:
    """A speaker known in one article becomes known across articles."""
    db.execute("update speakers set scope_article_id = null where id = ?", [speaker_id])


def delete(db: sqlite_utils.Database, speaker_id: int) -> None:
    db.execute("delete from speaker_links where speaker_id = ?", [speaker_id])
    db.execute("delete from speakers where id = ?", [speaker_id])


def insert(db: sqlite_utils.Database, row: dict) -> int:
    """A new speaker made by hand (a split), its name not filed for the look-up."""
    return db["speakers"].insert(row).last_pk


def linked_to(db: sqlite_utils.Database, qid: str) -> dict | None:
    """The speaker ``quotes speakers link`` gave the Wikidata id ``qid``, if any."""
    found = db.execute("select speaker_id from speaker_links where wikidata_id = ?"
                       " order by speaker_id limit 1", [qid]).fetchone()
    return speaker(db, found[0]) if found else None


def link_of(db: sqlite_utils.Database, speaker_id: int) -> tuple[str, str | None] | None:
    """``(Wikidata id, description)`` of a linked speaker, else ``None``."""
    found = db.execute("select wikidata_id, description from speaker_links where speaker_id = ?",
                       [speaker_id]).fetchone()
    return tuple(found) if found else None


def set_link(db: sqlite_utils.Database, speaker_id: int, qid: str, description: str | None) -> None:
    db.execute("insert into speaker_links (speaker_id, wikidata_id, description) values (?, ?, ?)"
               " on conflict (speaker_id) do update set wikidata_id = excluded.wikidata_id,"
               " description = excluded.description", [speaker_id, qid, description])


def people_with_surname(db: sqlite_utils.Database, surname: str) -> list[tuple[int, str]]:
    """``(id, name)`` of the people known beyond one article filed under ``surname``."""
    return db.execute("select id, name from speakers where block = ? and kind = 'person'"
                      " and scope_article_id is null limit ?", [surname, BLOCK_LIMIT]).fetchall()


def set_name(db: sqlite_utils.Database, speaker_id: int, name: str) -> None:
    db.execute("update speakers set name = ? where id = ?", [name, speaker_id])
    store.file_names(db, [name])
