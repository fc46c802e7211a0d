"""SQLite storage through sqlite-utils.

Tables: ``outlets``, ``articles``, ``speakers``, ``speaker_aliases``,
``speaker_roles``, ``speaker_overrides``, ``quotes``, ``clusters`` (with ``cluster_links``,
``cluster_variants``, ``cluster_shingles``); views ``quote_list`` (quotes with names,
for browsing), ``speaker_outlets`` (quotes per speaker and outlet) and
``cluster_appearances`` (where each statement appeared). Each article and everything
extracted from it is written in one transaction, so an interrupted run keeps
every article it finished and a re-run skips them by content hash.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from .model import Article, Quote

DEFAULT_DB = Path("db") / "quotes.db"
# The outlet of an article whose source names none, in the views people browse and facet
# (a facet leaves out empty values, so such quotes would go uncounted); the Datasette
# plugin shows it the same way everywhere (quotes.datasette_plugin.UNKNOWN_OUTLET).
UNKNOWN_OUTLET = "unknown outlet"

EXPORT_FIELDS = (
    "source", "outlet", "article_id", "kind", "text", "start", "end",
    "cue", "cue_start", "cue_end", "speaker", "speaker_id", "speaker_mention",
    "speaker_start", "speaker_end", "cluster_id",
)


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a quotes database with the full schema."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA foreign_keys = ON")
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, indexes, full-text search and views; idempotent."""
    if "outlets" not in db.table_names():
        db["outlets"].create({"id": int, "name": str}, pk="id")
        db["outlets"].create_index(["name"], unique=True)
    if "articles" not in db.table_names():
        db["articles"].create(
            {
                "id": int, "source": str, "outlet_id": int, "title": str, "url": str,
                "published": str, "text": str, "content_hash": str, "engine": str,
                "ingested_at": str,
            },
            pk="id",
            foreign_keys=[("outlet_id", "outlets", "id")],
        )
        db["articles"].create_index(["content_hash"], unique=True)
        db["articles"].create_index(["outlet_id"])
        db["articles"].create_index(["published"])
    if "speakers" not in db.table_names():
        db["speakers"].create(
            {"id": int, "name": str, "kind": str, "key": str, "quote_count": int},
            pk="id",
            defaults={"quote_count": 0},
        )
        db["speakers"].create_index(["key"])
        db["speakers"].create_index(["name"])
        db["speakers"].enable_fts(["name"], create_triggers=True)
    # Identity's blocking keys and scope (see quotes.identity); added to older databases too.
    for column in ("block", "skeleton", "scope_article_id"):
        if column not in db["speakers"].columns_dict:
            db["speakers"].add_column(column, int if column == "scope_article_id" else str)
            db["speakers"].create_index([column], if_not_exists=True)
    if "speaker_aliases" not in db.table_names():
        db["speaker_aliases"].create(
            {"id": int, "speaker_id": int, "alias": str, "key": str, "article_id": int},
            pk="id",
            foreign_keys=[("speaker_id", "speakers", "id"), ("article_id", "articles", "id")],
        )
        db["speaker_aliases"].create_index(["speaker_id"])
        db["speaker_aliases"].create_index(["key"])
        db["speaker_aliases"].enable_fts(["alias"], create_triggers=True)
    if "speaker_roles" not in db.table_names():
        db["speaker_roles"].create(
            {"id": int, "speaker_id": int, "role": str, "article_id": int},
            pk="id",
            foreign_keys=[("speaker_id", "speakers", "id"), ("article_id", "articles", "id")],
        )
        db["speaker_roles"].create_index(["speaker_id"])
    if "speaker_overrides" not in db.table_names():
        # Manual merge / split / rename, replayed by every later extract run.
        db["speaker_overrides"].create(
            {"id": int, "action": str, "key": str, "speaker_id": int, "value": str,
             "created_at": str},
            pk="id",
        )
        db["speaker_overrides"].create_index(["key"])
        db["speaker_overrides"].create_index(["speaker_id"])
    if "clusters" not in db.table_names():
        db["clusters"].create(
            {
                "id": int, "canonical_text": str, "key": str, "speaker_id": int,
                "article_count": int, "outlet_count": int, "first_article_id": int,
                "told_to": str,
            },
            pk="id",
            foreign_keys=[("speaker_id", "speakers", "id"), ("first_article_id", "articles", "id")],
        )
        db["clusters"].create_index(["key"])
        db["clusters"].create_index(["speaker_id"])
    if "quotes" not in db.table_names():
        db["quotes"].create(
            {
                "id": int, "article_id": int, "kind": str, "text": str, "start": int, "end": int,
                "cue": str, "cue_start": int, "cue_end": int, "speaker_id": int,
                "speaker_mention": str, "speaker_start": int, "speaker_end": int,
                "role": str, "told_to": str, "cluster_id": int,
            },
            pk="id",
            foreign_keys=[
                ("article_id", "articles", "id"),
                ("speaker_id", "speakers", "id"),
                ("cluster_id", "clusters", "id"),
            ],
        )
        for column in ("article_id", "speaker_id", "cluster_id", "kind"):
            db["quotes"].create_index([column])
        db["quotes"].enable_fts(["text", "speaker_mention"], create_triggers=True)
    if "quote_list" not in db.view_names():
        db.create_view("quote_list", QUOTE_LIST_SQL)
    if "speaker_outlets" not in db.view_names():
        db.create_view("speaker_outlets", """
            select quotes.speaker_id, speakers.name as speaker,
                   coalesce(outlets.name, '{UNKNOWN_OUTLET}') as outlet,
                   count(*) as quote_count, count(distinct quotes.article_id) as article_count
            from quotes
            join speakers on speakers.id = quotes.speaker_id
            join articles on articles.id = quotes.article_id
            left join outlets on outlets.id = articles.outlet_id
            group by quotes.speaker_id, outlets.name
        """.format(UNKNOWN_OUTLET=UNKNOWN_OUTLET))
    ensure_cluster_schema(db)


# One row per quote with its speaker, outlet and date by name, so Datasette can facet and
# search quotes by outlet and speaker (facets only work on a table's or view's own columns).
QUOTE_LIST_SQL = """
select quotes.id as quote_id, articles.published,
       coalesce(outlets.name, '{UNKNOWN_OUTLET}') as outlet, speakers.name as speaker,
       quotes.kind, quotes.role, quotes.text, quotes.speaker_mention, quotes.cue,
       articles.title, quotes.article_id, quotes.speaker_id, articles.outlet_id, quotes.cluster_id
from quotes
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
""".format(UNKNOWN_OUTLET=UNKNOWN_OUTLET)


def ensure_cluster_schema(db: sqlite_utils.Database) -> None:
    """The clustering index and the "where did this quote appear?" view.

    ``cluster_shingles`` is the persistent n-gram index the clusterer looks
    candidates up in (hashes of word 3-grams, one row per hash and cluster), so
    a later run finds clusters from earlier runs without rebuilding anything;
    ``cluster_variants`` keeps each distinct normalised wording of a cluster
    for the precise check; ``cluster_links`` ties clusters with the same words
    said by different speakers.
    """
    tables = set(db.table_names())
    if "cluster_shingles" not in tables:
        db.execute(
            "create table cluster_shingles (hash integer not null, cluster_id integer not null"
            " references clusters(id), primary key (hash, cluster_id)) without rowid"
        )
        db.execute("create index cluster_shingles_cluster_id on cluster_shingles(cluster_id)")
    if "cluster_variants" not in tables:
        db.execute(
            "create table cluster_variants (cluster_id integer not null references clusters(id),"
            " key text not null, primary key (cluster_id, key)) without rowid"
        )
    if "cluster_links" not in tables:
        db["cluster_links"].create(
            {"cluster_id": int, "related_cluster_id": int, "reason": str},
            pk=("cluster_id", "related_cluster_id"),
            foreign_keys=[("cluster_id", "clusters", "id"), ("related_cluster_id", "clusters", "id")],
        )
        db["cluster_links"].create_index(["related_cluster_id"])
    if "cluster_appearances" not in db.view_names():
        db.create_view("cluster_appearances", CLUSTER_APPEARANCES)


CLUSTER_APPEARANCES = """
select quotes.cluster_id, clusters.canonical_text,
       coalesce(outlets.name, '{UNKNOWN_OUTLET}') as outlet,
       articles.published, articles.id as article_id, articles.title, articles.url,
       articles.source, min(quotes.id) as quote_id, quotes.text as quote_text,
       speakers.name as speaker, quotes.told_to,
       articles.id = clusters.first_article_id as first_appearance
from quotes
join clusters on clusters.id = quotes.cluster_id
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
group by quotes.cluster_id, articles.id
order by quotes.cluster_id, articles.published is null, articles.published, articles.id
""".format(UNKNOWN_OUTLET=UNKNOWN_OUTLET)


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def has_article(db: sqlite_utils.Database, article: Article) -> bool:
    return bool(
        db.execute(
            "select 1 from articles where content_hash = ?", [article.content_hash]
        ).fetchone()
    )


def outlet_id(db: sqlite_utils.Database, name: str | None) -> int | None:
    if not name:
        return None
    row = db.execute("select id from outlets where name = ?", [name]).fetchone()
    if row:
        return row[0]
    return db["outlets"].insert({"name": name}).last_pk


def insert_article(db: sqlite_utils.Database, article: Article, engine: str) -> int:
    """Insert the article row and return its id; the caller holds the transaction."""
    return db["articles"].insert(
        {
            "source": article.source,
            "outlet_id": outlet_id(db, article.outlet),
            "title": article.title,
            "url": article.url,
            "published": article.published,
            "text": article.text,
            "content_hash": article.content_hash,
            "engine": engine,
            "ingested_at": now(),
        }
    ).last_pk


def insert_quotes(db: sqlite_utils.Database, article_id: int, quotes: list[Quote]) -> None:
    """Insert an article's quotes; speaker and cluster ids must already be set."""
    rows = []
    for quote in quotes:
        speaker = quote.speaker
        rows.append(
            {
                "article_id": article_id,
                "kind": quote.kind,
                "text": quote.text,
                "start": quote.start,
                "end": quote.end,
                "cue": quote.cue,
                "cue_start": quote.cue_start,
                "cue_end": quote.cue_end,
                "speaker_id": quote.speaker_id,
                "speaker_mention": speaker.mention if speaker else None,
                "speaker_start": speaker.start if speaker else None,
                "speaker_end": speaker.end if speaker else None,
                "role": speaker.role if speaker else None,
                "told_to": quote.told_to,
                "cluster_id": quote.cluster_id,
            }
        )
    if rows:
        db["quotes"].insert_all(rows)


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Rows per main table, for the end-of-run summary and for tests."""
    return {name: db[name].count for name in ("articles", "quotes", "speakers", "clusters")}


def export_rows(db: sqlite_utils.Database) -> Iterator[dict]:
    """One record per quote with exactly :data:`EXPORT_FIELDS`."""
    sql = """
        select articles.source, outlets.name as outlet, quotes.article_id, quotes.kind,
               quotes.text, quotes.start, quotes."end", quotes.cue, quotes.cue_start,
               quotes.cue_end, speakers.name as speaker, quotes.speaker_id,
               quotes.speaker_mention, quotes.speaker_start, quotes.speaker_end,
               quotes.cluster_id
        from quotes
        join articles on articles.id = quotes.article_id
        left join outlets on outlets.id = articles.outlet_id
        left join speakers on speakers.id = quotes.speaker_id
        order by quotes.article_id, quotes.start
    """
    for row in db.query(sql):
        yield {field: row[field] for field in EXPORT_FIELDS}
