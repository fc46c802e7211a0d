"""Reading back: what the CLI, the API, exports and tests ask of a database."""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

import sqlite_utils

from quotes.model import Article, Quote

# One record per quote, in this order (docs/export.md says what each means). Fields are only
# ever added at the end, so a reader that takes CSV columns by position keeps working.
EXPORT_TYPES = {
    "source": str, "outlet": str, "article_id": int, "kind": str, "text": str, "start": int,
    "end": int, "cue": str, "cue_start": int, "cue_end": int, "speaker": str, "speaker_id": int,
    "speaker_mention": str, "speaker_start": int, "speaker_end": int, "cluster_id": int,
    "published": str, "url": str, "title": str, "role": str, "told_to": str, "statement_id": int,
    "first_article_id": int, "first_outlet": str, "first_published": str, "first_url": str,
    "confidence": float,
}
EXPORT_FIELDS = tuple(EXPORT_TYPES)

# The outlet of an article whose source names none, in the views people browse and facet:
# a facet leaves out empty values, so such quotes went uncounted. The Datasette plugin
# shows it the same way everywhere (quotes.web.plugin.UNKNOWN_OUTLET); the views'
# migrations spell it out in their own SQL.
UNKNOWN_OUTLET = "unknown outlet"


def has_article(db: sqlite_utils.Database, article: Article) -> bool:
    return article_id(db, article) is not None


def article_id(db: sqlite_utils.Database, article: Article) -> int | None:
    row = db.execute("select id from articles where content_hash = ?",
                     [article.content_hash]).fetchone()
    return row[0] if row else None


def content_hashes(db: sqlite_utils.Database) -> Iterator[str]:
    """The content hash of every stored article (see :attr:`Article.content_hash`)."""
    for (content_hash,) in db.execute("select content_hash from articles"):
        yield content_hash


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Rows per main table, for the end-of-run summary and for tests."""
    return {name: db[name].count for name in ("articles", "quotes", "speakers", "clusters")}


def export_rows(db: sqlite_utils.Database, article_ids: Iterable[int] | None = None,
                min_confidence: float | None = None) -> Iterator[dict]:
    """One record per quote with exactly :data:`EXPORT_FIELDS`; all, or those of ``article_ids``.

    ``article_ids`` (in that order) lets ``extract --spark-output`` write the
    quotes of one run's inputs, however many, a thousand articles at a time.
    ``min_confidence`` keeps the quotes whose confidence is at least that; a quote
    stored before confidences were (``NULL``) is left out then, as nobody knows it.
    """
    where, params = [], []
    if min_confidence is not None:
        where.append("quotes.confidence >= ?")
        params.append(min_confidence)
    if article_ids is None:
        yield from _export_rows(db, where, params)
        return
    ids = iter(dict.fromkeys(article_ids))  # an article read twice is exported once
    while chunk := list(itertools.islice(ids, 1000)):
        place = {article_id: n for n, article_id in enumerate(chunk)}
        chosen = [*where, f"quotes.article_id in ({', '.join('?' * len(chunk))})"]
        yield from sorted(_export_rows(db, chosen, [*params, *chunk]),
                          key=lambda row: place[row["article_id"]])


def _export_rows(db: sqlite_utils.Database, where: list[str], params=()) -> Iterator[dict]:
    # The statement's first appearance is its cluster's first article (the earliest dated,
    # see quotes.commit.statements), with that article's outlet, time and address.
    sql = f"""
        select articles.source, outlets.name as outlet, quotes.article_id, quotes.kind,
               quotes.text, quotes.start, quotes."end", quotes.cue, quotes.cue_start,
               quotes.cue_end, speakers.name as speaker, quotes.speaker_id,
               quotes.speaker_mention, quotes.speaker_start, quotes.speaker_end,
               quotes.cluster_id, articles.published, articles.url, articles.title,
               quotes.role, quotes.told_to, quotes.statement_id,
               clusters.first_article_id, first_outlets.name as first_outlet,
               firsts.published as first_published, firsts.url as first_url, quotes.confidence
        from quotes
        join articles on articles.id = quotes.article_id
        left join outlets on outlets.id = articles.outlet_id
        left join speakers on speakers.id = quotes.speaker_id
        left join clusters on clusters.id = quotes.cluster_id
        left join articles as firsts on firsts.id = clusters.first_article_id
        left join outlets as first_outlets on first_outlets.id = firsts.outlet_id
        {"where " + " and ".join(where) if where else ""}
        order by quotes.article_id, quotes.start
    """
    for row in db.query(sql, params):
        yield {field: row[field] for field in EXPORT_FIELDS}


_QUOTE_ROWS = """
    select quotes.kind, quotes.text, quotes.start, quotes."end", quotes.cue, quotes.cue_start,
           quotes.cue_end, speakers.name as speaker, quotes.speaker_mention, quotes.speaker_start,
           quotes.speaker_end, quotes.told_to, quotes.speaker_id, quotes.cluster_id,
           quotes.confidence
    from quotes left join speakers on speakers.id = quotes.speaker_id
"""


def article_quotes(db: sqlite_utils.Database, article_id: int) -> list[Quote]:
    """An article's stored quotes in text order, speakers by their canonical names."""
    rows = db.query(_QUOTE_ROWS + " where quotes.article_id = ? order by quotes.start", [article_id])
    return [Quote(**row) for row in rows]


def speaker_quotes(db: sqlite_utils.Database, speaker_id: int) -> list[Quote]:
    """Everything one speaker said, in the order the articles were stored."""
    rows = db.query(_QUOTE_ROWS + " where quotes.speaker_id = ? order by quotes.article_id, "
                    "quotes.start", [speaker_id])
    return [Quote(**row) for row in rows]


def speaker_row(db: sqlite_utils.Database, speaker_id: int) -> dict | None:
    """The ``speakers`` row with this id, every column; ``None`` when there is none."""
    return next(db.query("select * from speakers where id = ?", [speaker_id]), None)


def speaker_rows(db: sqlite_utils.Database, kind: str | None = None, search: str | None = None,
                 include_scoped: bool = False, limit: int = 50) -> Iterator[dict]:
    """Speakers, most quoted first, with how many articles and outlets quote them."""
    where, params = [], []
    if kind:
        where.append("speakers.kind = ?")
        params.append(kind)
    if not include_scoped:
        where.append("speakers.scope_article_id is null")
    if search:
        where.append("(speakers.name like ? escape '\\' or speakers.id in "
                     "(select speaker_id from speaker_aliases where alias like ? escape '\\'))")
        params += [f"%{_like_escaped(search)}%"] * 2
    sql = f"""
        select speakers.id, speakers.name, speakers.kind, speakers.quote_count,
               count(distinct quotes.article_id) as articles,
               count(distinct articles.outlet_id) as outlets
        from speakers
        left join quotes on quotes.speaker_id = speakers.id
        left join articles on articles.id = quotes.article_id
        {"where " + " and ".join(where) if where else ""}
        group by speakers.id order by speakers.quote_count desc, speakers.id limit ?
    """
    yield from db.query(sql, params + [limit])


def _like_escaped(text: str) -> str:
    """``text`` matched as written by ``LIKE ... ESCAPE '\\'``: ``%`` and ``_`` are characters
    a name may hold (``--search %`` finds names with a percent sign, not everyone)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def speaker_aliases(db: sqlite_utils.Database, speaker_id: int) -> list[dict]:
    """Each spelling of a speaker with the articles that use it, most used first."""
    return list(db.query(
        "select alias, count(distinct article_id) as articles, group_concat(distinct article_id)"
        " as ids from speaker_aliases where speaker_id = ? group by alias order by 2 desc",
        [speaker_id]))


def speaker_role_names(db: sqlite_utils.Database, speaker_id: int) -> list[str]:
    """A speaker's roles, most given first, spellings of one role (``U.S. President``,
    ``US President``) counted as one under its group's name."""
    return [row["role"] for row in db.query(
        "select coalesce(role_groups.name, speaker_roles.role) as role, count(*) from speaker_roles"
        " left join role_groups on role_groups.role = speaker_roles.role"
        " where speaker_id = ? group by 1 order by 2 desc, 1", [speaker_id])]


def speaker_outlet_counts(db: sqlite_utils.Database, speaker_id: int) -> list[dict]:
    return list(db.query("select outlet, quote_count, article_count from speaker_outlets "
                         "where speaker_id = ? order by quote_count desc", [speaker_id]))
