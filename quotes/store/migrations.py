"""The schema, grown by named steps: any older database upgrades in place when opened.

Each step is applied once, in order, and recorded in ``_quotes_migrations``
(the pattern of sqlite-migrate and llm); a step and its record are written
together, all missing steps in one write transaction under the write lock, so
two processes opening an old database at once upgrade it once.

A step that shipped never changes, and neither does what it runs: each holds
its own literal SQL (a view is written out in the step that creates it, and a
later step that changes it drops it and creates it again with its own text),
and the little Python logic a step needs (reading dates in
:func:`m002_published_as_utc_instant`, filing names in :func:`m005_speaker_lookup`)
is a frozen copy at the end of this module, not the live code, which may move
on. A new column, table, view or index is a new step at the end of
:data:`MIGRATIONS`.
"""
from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Callable

import sqlite_utils
from anyascii import anyascii
from dateutil import parser as dateutil_parser
from dateutil import tz

from quotes.store.locking import writing

MIGRATIONS_TABLE = "_quotes_migrations"
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = []


def migration(step: Callable[[sqlite_utils.Database], None]):
    """Register ``step`` as the next migration, under its function name."""
    MIGRATIONS.append(step)
    return step


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this database lacks, in one write transaction; their names."""
    if set(applied_migrations(db)) >= {step.__name__ for step in MIGRATIONS}:
        return []  # up to date: no write lock needed
    applied = []
    with writing(db):  # two processes opening a new database: one migrates, the other waits
        db.execute(f'CREATE TABLE IF NOT EXISTS "{MIGRATIONS_TABLE}" (\n'
                   '   "name" TEXT PRIMARY KEY,\n   "applied_at" TEXT\n)')
        done = set(applied_migrations(db))
        for step in MIGRATIONS:
            if step.__name__ in done:
                continue
            with db.atomic():
                step(db)
                db.execute(f'INSERT INTO "{MIGRATIONS_TABLE}" ("applied_at", "name") VALUES (?, ?)',
                           [_now(), step.__name__])
            applied.append(step.__name__)
    return applied


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    """The names of the steps this database has had, in the order they were applied."""
    if not db.execute("select 1 from sqlite_master where type = 'table' and name = ?",
                      [MIGRATIONS_TABLE]).fetchone():
        return []
    return [name for (name,) in db.execute(f"select name from {MIGRATIONS_TABLE} order by rowid")]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _run(db: sqlite_utils.Database, statements: list[str]) -> None:
    for statement in statements:
        db.execute(statement)


def _columns_of(db: sqlite_utils.Database, table: str) -> set[str]:
    return {name for (name,) in db.execute("select name from pragma_table_info(?)", [table])}


def _add_missing(db: sqlite_utils.Database, table: str, columns: list[tuple[str, str]]) -> None:
    """``ALTER TABLE ... ADD COLUMN`` each ``(name, definition)`` the table lacks, in order."""
    present = _columns_of(db, table)
    for name, alter in columns:
        if name not in present:
            db.execute(alter)


def _has_view(db: sqlite_utils.Database, name: str) -> bool:
    return bool(db.execute("select 1 from sqlite_master where type = 'view' and name = ?",
                           [name]).fetchone())


def _has_fts(db: sqlite_utils.Database, table: str) -> bool:
    """Whether ``table`` has a full-text index already (as sqlite-utils 3.x and 4.x detect one)."""
    return bool(db.execute(
        "select name from sqlite_master where rootpage = 0 and ("
        " sql like '%VIRTUAL TABLE%USING FTS%content=[' || ?1 || ']%'"
        " or sql like '%VIRTUAL TABLE%USING FTS%content=\"' || ?1 || '\"%'"
        " or (tbl_name = ?1 and sql like '%VIRTUAL TABLE%USING FTS%'))", [table]).fetchone())


def _create_view(db: sqlite_utils.Database, name: str, select: str) -> None:
    """``CREATE VIEW``, spelled as sqlite-utils spells it (the text SQLite keeps)."""
    db.execute(f'CREATE VIEW "{name}" AS {select}')


def _recreate_view(db: sqlite_utils.Database, name: str, select: str) -> None:
    db.execute(f"drop view if exists {name}")
    _create_view(db, name, select)


# ---------------------------------------------------------------- m001: v0.1

_V0_1_TABLES = ['''CREATE TABLE IF NOT EXISTS "outlets" (
   "id" INTEGER PRIMARY KEY,
   "name" TEXT
)''', '''CREATE UNIQUE INDEX IF NOT EXISTS "idx_outlets_name"
    ON "outlets" ("name");''', '''CREATE TABLE IF NOT EXISTS "articles" (
   "id" INTEGER PRIMARY KEY,
   "source" TEXT,
   "outlet_id" INTEGER REFERENCES "outlets"("id"),
   "title" TEXT,
   "url" TEXT,
   "published" TEXT,
   "text" TEXT,
   "content_hash" TEXT,
   "engine" TEXT,
   "ingested_at" TEXT
)''', '''CREATE UNIQUE INDEX IF NOT EXISTS "idx_articles_content_hash"
    ON "articles" ("content_hash");''', '''CREATE INDEX IF NOT EXISTS "idx_articles_outlet_id"
    ON "articles" ("outlet_id");''', '''CREATE INDEX IF NOT EXISTS "idx_articles_published"
    ON "articles" ("published");''', '''CREATE TABLE IF NOT EXISTS "speakers" (
   "id" INTEGER PRIMARY KEY,
   "name" TEXT,
   "kind" TEXT,
   "key" TEXT,
   "quote_count" INTEGER DEFAULT 0
)''']

# Identity's blocking keys and scope, which early v0.1 databases lack.
_SPEAKER_BLOCKING = [
    ("block", 'ALTER TABLE "speakers" ADD COLUMN "block" TEXT;'),
    ("skeleton", 'ALTER TABLE "speakers" ADD COLUMN "skeleton" TEXT;'),
    ("scope_article_id", 'ALTER TABLE "speakers" ADD COLUMN "scope_article_id" INTEGER;'),
]

_V0_1_SPEAKERS_ON = ['''CREATE INDEX IF NOT EXISTS "idx_speakers_key"
    ON "speakers" ("key");''', '''CREATE INDEX IF NOT EXISTS "idx_speakers_name"
    ON "speakers" ("name");''', '''CREATE INDEX IF NOT EXISTS "idx_speakers_block"
    ON "speakers" ("block");''', '''CREATE INDEX IF NOT EXISTS "idx_speakers_skeleton"
    ON "speakers" ("skeleton");''', '''CREATE INDEX IF NOT EXISTS "idx_speakers_scope_article_id"
    ON "speakers" ("scope_article_id");''', '''CREATE TABLE IF NOT EXISTS "speaker_aliases" (
   "id" INTEGER PRIMARY KEY,
   "speaker_id" INTEGER REFERENCES "speakers"("id"),
   "alias" TEXT,
   "key" TEXT,
   "article_id" INTEGER REFERENCES "articles"("id")
)''', '''CREATE INDEX IF NOT EXISTS "idx_speaker_aliases_speaker_id"
    ON "speaker_aliases" ("speaker_id");''', '''CREATE INDEX IF NOT EXISTS "idx_speaker_aliases_key"
    ON "speaker_aliases" ("key");''', '''CREATE TABLE IF NOT EXISTS "speaker_roles" (
   "id" INTEGER PRIMARY KEY,
   "speaker_id" INTEGER REFERENCES "speakers"("id"),
   "role" TEXT,
   "article_id" INTEGER REFERENCES "articles"("id")
)''', '''CREATE INDEX IF NOT EXISTS "idx_speaker_roles_speaker_id"
    ON "speaker_roles" ("speaker_id");''', '''CREATE TABLE IF NOT EXISTS "speaker_overrides" (
   "id" INTEGER PRIMARY KEY,
   "action" TEXT,
   "key" TEXT,
   "speaker_id" INTEGER,
   "value" TEXT,
   "created_at" TEXT
)''', '''CREATE INDEX IF NOT EXISTS "idx_speaker_overrides_key"
    ON "speaker_overrides" ("key");''', '''CREATE INDEX IF NOT EXISTS "idx_speaker_overrides_speaker_id"
    ON "speaker_overrides" ("speaker_id");''', '''CREATE TABLE IF NOT EXISTS "clusters" (
   "id" INTEGER PRIMARY KEY,
   "canonical_text" TEXT,
   "key" TEXT,
   "speaker_id" INTEGER REFERENCES "speakers"("id"),
   "article_count" INTEGER,
   "outlet_count" INTEGER,
   "first_article_id" INTEGER REFERENCES "articles"("id"),
   "told_to" TEXT
)''', '''CREATE INDEX IF NOT EXISTS "idx_clusters_key"
    ON "clusters" ("key");''', '''CREATE INDEX IF NOT EXISTS "idx_clusters_speaker_id"
    ON "clusters" ("speaker_id");''', '''CREATE TABLE IF NOT EXISTS "quotes" (
   "id" INTEGER PRIMARY KEY,
   "article_id" INTEGER REFERENCES "articles"("id"),
   "kind" TEXT,
   "text" TEXT,
   "start" INTEGER,
   "end" INTEGER,
   "cue" TEXT,
   "cue_start" INTEGER,
   "cue_end" INTEGER,
   "speaker_id" INTEGER REFERENCES "speakers"("id"),
   "speaker_mention" TEXT,
   "speaker_start" INTEGER,
   "speaker_end" INTEGER,
   "role" TEXT,
   "told_to" TEXT,
   "cluster_id" INTEGER REFERENCES "clusters"("id")
)''', '''CREATE INDEX IF NOT EXISTS "idx_quotes_article_id"
    ON "quotes" ("article_id");''', '''CREATE INDEX IF NOT EXISTS "idx_quotes_speaker_id"
    ON "quotes" ("speaker_id");''', '''CREATE INDEX IF NOT EXISTS "idx_quotes_cluster_id"
    ON "quotes" ("cluster_id");''', '''CREATE INDEX IF NOT EXISTS "idx_quotes_kind"
    ON "quotes" ("kind");''',
    # The clustering index: hashes of word 3-grams per cluster, each distinct normalised
    # wording, and clusters with the same words from different speakers.
    "create table if not exists cluster_shingles (hash integer not null, cluster_id integer"
    " not null references clusters(id), primary key (hash, cluster_id)) without rowid",
    "create index if not exists cluster_shingles_cluster_id on cluster_shingles(cluster_id)",
    "create table if not exists cluster_variants (cluster_id integer not null references"
    " clusters(id), key text not null, primary key (cluster_id, key)) without rowid",
    '''CREATE TABLE IF NOT EXISTS "cluster_links" (
   "cluster_id" INTEGER REFERENCES "clusters"("id"),
   "related_cluster_id" INTEGER REFERENCES "clusters"("id"),
   "reason" TEXT,
   PRIMARY KEY ("cluster_id", "related_cluster_id")
)''', '''CREATE INDEX IF NOT EXISTS "idx_cluster_links_related_cluster_id"
    ON "cluster_links" ("related_cluster_id");''']

# Full-text search on speakers' names, aliases, and quotes with their mentions, as
# sqlite-utils' enable_fts(create_triggers=True) made it.
_V0_1_FTS = {"speakers": ['''CREATE VIRTUAL TABLE "speakers_fts" USING FTS5 (
    "name",
    content="speakers"
)''', '''INSERT INTO "speakers_fts" (rowid, "name")
    SELECT rowid, "name" FROM "speakers";''', '''CREATE TRIGGER "speakers_ai" AFTER INSERT ON "speakers" BEGIN
  INSERT INTO "speakers_fts" (rowid, "name") VALUES (new.rowid, new."name");
END;''', '''CREATE TRIGGER "speakers_ad" AFTER DELETE ON "speakers" BEGIN
  INSERT INTO "speakers_fts" ("speakers_fts", rowid, "name") VALUES('delete', old.rowid, old."name");
END;''', '''CREATE TRIGGER "speakers_au" AFTER UPDATE ON "speakers" BEGIN
  INSERT INTO "speakers_fts" ("speakers_fts", rowid, "name") VALUES('delete', old.rowid, old."name");
  INSERT INTO "speakers_fts" (rowid, "name") VALUES (new.rowid, new."name");
END;'''], "speaker_aliases": ['''CREATE VIRTUAL TABLE "speaker_aliases_fts" USING FTS5 (
    "alias",
    content="speaker_aliases"
)''', '''INSERT INTO "speaker_aliases_fts" (rowid, "alias")
    SELECT rowid, "alias" FROM "speaker_aliases";''', '''CREATE TRIGGER "speaker_aliases_ai" AFTER INSERT ON "speaker_aliases" BEGIN
  INSERT INTO "speaker_aliases_fts" (rowid, "alias") VALUES (new.rowid, new."alias");
END;''', '''CREATE TRIGGER "speaker_aliases_ad" AFTER DELETE ON "speaker_aliases" BEGIN
  INSERT INTO "speaker_aliases_fts" ("speaker_aliases_fts", rowid, "alias") VALUES('delete', old.rowid, old."alias");
END;''', '''CREATE TRIGGER "speaker_aliases_au" AFTER UPDATE ON "speaker_aliases" BEGIN
  INSERT INTO "speaker_aliases_fts" ("speaker_aliases_fts", rowid, "alias") VALUES('delete', old.rowid, old."alias");
  INSERT INTO "speaker_aliases_fts" (rowid, "alias") VALUES (new.rowid, new."alias");
END;'''], "quotes": ['''CREATE VIRTUAL TABLE "quotes_fts" USING FTS5 (
    "text", "speaker_mention",
    content="quotes"
)''', '''INSERT INTO "quotes_fts" (rowid, "text", "speaker_mention")
    SELECT rowid, "text", "speaker_mention" FROM "quotes";''', '''CREATE TRIGGER "quotes_ai" AFTER INSERT ON "quotes" BEGIN
  INSERT INTO "quotes_fts" (rowid, "text", "speaker_mention") VALUES (new.rowid, new."text", new."speaker_mention");
END;''', '''CREATE TRIGGER "quotes_ad" AFTER DELETE ON "quotes" BEGIN
  INSERT INTO "quotes_fts" ("quotes_fts", rowid, "text", "speaker_mention") VALUES('delete', old.rowid, old."text", old."speaker_mention");
END;''', '''CREATE TRIGGER "quotes_au" AFTER UPDATE ON "quotes" BEGIN
  INSERT INTO "quotes_fts" ("quotes_fts", rowid, "text", "speaker_mention") VALUES('delete', old.rowid, old."text", old."speaker_mention");
  INSERT INTO "quotes_fts" (rowid, "text", "speaker_mention") VALUES (new.rowid, new."text", new."speaker_mention");
END;''']}

# The views of v0.1, as v0.1 wrote them: quotes with names (Datasette facets only work on a
# table's or view's own columns), quotes per speaker and outlet, and where each statement appeared.
_V0_1_VIEWS = {"quote_list": """
select quotes.id as quote_id, articles.published, outlets.name as outlet, speakers.name as speaker,
       quotes.kind, quotes.role, quotes.text, quotes.speaker_mention, quotes.cue,
       articles.title, quotes.article_id, quotes.speaker_id, articles.outlet_id, quotes.cluster_id
from quotes
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
""", "speaker_outlets": """
            select quotes.speaker_id, speakers.name as speaker, outlets.name as outlet,
                   count(*) as quote_count, count(distinct quotes.article_id) as article_count
            from quotes
            join speakers on speakers.id = quotes.speaker_id
            join articles on articles.id = quotes.article_id
            left join outlets on outlets.id = articles.outlet_id
            group by quotes.speaker_id, outlets.name
""", "cluster_appearances": """
select quotes.cluster_id, clusters.canonical_text, outlets.name as outlet,
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
"""}


@migration
def m001_schema_of_v0_1(db: sqlite_utils.Database) -> None:
    """The tables, indexes, full-text search and views of v0.1.

    A database written by v0.1 (before migrations were recorded) already has
    them and is adopted as it is; one from early v0.1 gains identity's
    blocking columns.
    """
    _run(db, _V0_1_TABLES)
    _add_missing(db, "speakers", _SPEAKER_BLOCKING)
    _run(db, _V0_1_SPEAKERS_ON)
    for table, statements in _V0_1_FTS.items():
        if not _has_fts(db, table):
            _run(db, statements)
    for name, select in _V0_1_VIEWS.items():
        if not _has_view(db, name):
            _create_view(db, name, select)


# ---------------------------------------------------------------- m002: dates as instants

_QUOTE_LIST_WITH_RAW_DATE = """
select quotes.id as quote_id, articles.published, outlets.name as outlet, speakers.name as speaker,
       quotes.kind, quotes.role, quotes.text, quotes.speaker_mention, quotes.cue,
       articles.title, quotes.article_id, quotes.speaker_id, articles.outlet_id, quotes.cluster_id,
       articles.published_raw
from quotes
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
"""

_CLUSTER_APPEARANCES_WITH_RAW_DATE = """
select quotes.cluster_id, clusters.canonical_text, outlets.name as outlet,
       articles.published, articles.id as article_id, articles.title, articles.url,
       articles.source, min(quotes.id) as quote_id, quotes.text as quote_text,
       speakers.name as speaker, quotes.told_to,
       articles.id = clusters.first_article_id as first_appearance, articles.published_raw
from quotes
join clusters on clusters.id = quotes.cluster_id
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
group by quotes.cluster_id, articles.id
order by quotes.cluster_id, articles.published is null, articles.published, articles.id
"""

# Every cluster's figures counted again, now that ``published`` orders by time: its
# articles, its outlets, its first appearance (the earliest dated article, undated ones
# after, by id) and ``told_to`` (the first hearer named in that order, without the
# punctuation around it). A cluster without quotes keeps what it had.
_CLUSTER_OF = ("from quotes join articles on articles.id = quotes.article_id"
               " where quotes.cluster_id = clusters.id")
_IN_ORDER = "order by articles.published is null, articles.published, articles.id, quotes.id"
_HEARER = "nullif(trim(quotes.told_to, ' .,;:'), '')"
_RECOUNT_CLUSTERS = f"""
update clusters set
    article_count = (select count(distinct articles.id) {_CLUSTER_OF}),
    outlet_count = (select count(distinct articles.outlet_id) {_CLUSTER_OF}),
    first_article_id = (select articles.id {_CLUSTER_OF} {_IN_ORDER} limit 1),
    told_to = (select {_HEARER} {_CLUSTER_OF} and {_HEARER} is not null {_IN_ORDER} limit 1)
where exists (select 1 {_CLUSTER_OF})
"""


@migration
def m002_published_as_utc_instant(db: sqlite_utils.Database) -> None:
    """``articles.published`` becomes a UTC instant; what the source wrote moves to ``published_raw``.

    Compared as written, ``Mar 1, 2019`` sorts after ``2019-03-05T09:00`` and
    ``08:00+05:00`` after ``05:00Z``; as instants (see :mod:`quotes.readers.dates`)
    every ordering by ``published`` (first appearance, views, pages, canned
    queries) is by time. The clusters' first appearances are worked out again,
    and the views gain ``published_raw``.
    """
    for name in ("quote_list", "cluster_appearances"):  # dropped first: they name the new column
        db.execute(f"drop view if exists {name}")
    _add_missing(db, "articles", [("published_raw",
                                   'ALTER TABLE "articles" ADD COLUMN "published_raw" TEXT;')])
    rows = db.execute("select id, published from articles where published is not null"
                      " and published_raw is null").fetchall()
    db.conn.executemany("update articles set published_raw = ?, published = ? where id = ?",
                        [(raw, _frozen_to_utc(raw), article_id) for article_id, raw in rows])
    db.execute(_RECOUNT_CLUSTERS)
    _create_view(db, "quote_list", _QUOTE_LIST_WITH_RAW_DATE)
    _create_view(db, "cluster_appearances", _CLUSTER_APPEARANCES_WITH_RAW_DATE)


# ---------------------------------------------------------------- m003: "unknown outlet"

_QUOTE_LIST_UNKNOWN_OUTLET = """
select quotes.id as quote_id, articles.published, coalesce(outlets.name, 'unknown outlet') as outlet, speakers.name as speaker,
       quotes.kind, quotes.role, quotes.text, quotes.speaker_mention, quotes.cue,
       articles.title, quotes.article_id, quotes.speaker_id, articles.outlet_id, quotes.cluster_id,
       articles.published_raw
from quotes
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
"""

_SPEAKER_OUTLETS_UNKNOWN_OUTLET = """
select quotes.speaker_id, speakers.name as speaker, coalesce(outlets.name, 'unknown outlet') as outlet,
       count(*) as quote_count, count(distinct quotes.article_id) as article_count
from quotes
join speakers on speakers.id = quotes.speaker_id
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
group by quotes.speaker_id, outlets.name
"""

_CLUSTER_APPEARANCES_UNKNOWN_OUTLET = """
select quotes.cluster_id, clusters.canonical_text, coalesce(outlets.name, 'unknown outlet') as outlet,
       articles.published, articles.id as article_id, articles.title, articles.url,
       articles.source, min(quotes.id) as quote_id, quotes.text as quote_text,
       speakers.name as speaker, quotes.told_to,
       articles.id = clusters.first_article_id as first_appearance, articles.published_raw
from quotes
join clusters on clusters.id = quotes.cluster_id
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
group by quotes.cluster_id, articles.id
order by quotes.cluster_id, articles.published is null, articles.published, articles.id
"""


@migration
def m003_views_name_the_unknown_outlet(db: sqlite_utils.Database) -> None:
    """``quote_list``, ``speaker_outlets`` and ``cluster_appearances`` say "unknown outlet".

    A facet leaves out empty values, so the quotes of an article whose source
    names no outlet went uncounted.
    """
    _recreate_view(db, "quote_list", _QUOTE_LIST_UNKNOWN_OUTLET)
    _recreate_view(db, "speaker_outlets", _SPEAKER_OUTLETS_UNKNOWN_OUTLET)
    _recreate_view(db, "cluster_appearances", _CLUSTER_APPEARANCES_UNKNOWN_OUTLET)


# ---------------------------------------------------------------- m004: fewer re-indexings

_FTS_UPDATE_OF_SEARCHED_COLUMNS = ['drop trigger if exists "speakers_au"',
                                   '''create trigger "speakers_au" after update of "name" on "speakers" begin
  insert into "speakers_fts" ("speakers_fts", rowid, "name") values ('delete', old.rowid, old."name");
  insert into "speakers_fts" (rowid, "name") values (new.rowid, new."name");
end''', 'drop trigger if exists "speaker_aliases_au"',
                                   '''create trigger "speaker_aliases_au" after update of "alias" on "speaker_aliases" begin
  insert into "speaker_aliases_fts" ("speaker_aliases_fts", rowid, "alias") values ('delete', old.rowid, old."alias");
  insert into "speaker_aliases_fts" (rowid, "alias") values (new.rowid, new."alias");
end''', 'drop trigger if exists "quotes_au"',
                                   '''create trigger "quotes_au" after update of "text", "speaker_mention" on "quotes" begin
  insert into "quotes_fts" ("quotes_fts", rowid, "text", "speaker_mention") values ('delete', old.rowid, old."text", old."speaker_mention");
  insert into "quotes_fts" (rowid, "text", "speaker_mention") values (new.rowid, new."text", new."speaker_mention");
end''']


@migration
def m004_fts_updates_only_for_searched_columns(db: sqlite_utils.Database) -> None:
    """Re-index a row's full text only when a searched column changes.

    sqlite-utils' update triggers fire on any column, so each quote counted to a
    speaker (``quote_count``) and each quote moved to another cluster deleted and
    re-inserted its full-text entry: a fifth of the commit stage's SQL time.
    """
    _run(db, _FTS_UPDATE_OF_SEARCHED_COLUMNS)


# ---------------------------------------------------------------- m005: speaker look-up


@migration
def m005_speaker_lookup(db: sqlite_utils.Database) -> None:
    """An index of speakers' names and aliases by folded word and consonant skeleton.

    The fuzzy look-up (``quotes_by_speaker``, :func:`quotes.commit.curation.speakers_called`)
    scores only the names filed under a key of the name asked for, instead of
    running a Python function over every name and alias: at a million quotes that
    is the difference between milliseconds and seconds.
    """
    db.execute("create table if not exists speaker_lookup (key text not null, written text not null,"
               " primary key (key, written)) without rowid")
    db.execute('CREATE INDEX IF NOT EXISTS "idx_speaker_aliases_alias"\n'
               '    ON "speaker_aliases" ("alias");')
    written = [name for (name,) in db.execute(
        "select name from speakers union select alias from speaker_aliases") if name]
    db.conn.executemany("insert or ignore into speaker_lookup (key, written) values (?, ?)",
                        [(key, name) for name in written for key in _frozen_lookup_keys(name)])


# ---------------------------------------------------------------- m006: counts for pages


@migration
def m006_counts_and_covering_indexes_for_pages(db: sqlite_utils.Database) -> None:
    """What keeps the busiest pages fast at a million quotes.

    ``outlets.quote_count``, kept by the commit stage as ``speakers.quote_count``
    is, and an index on ``speakers.quote_count``: the database page's charts read
    counts instead of grouping every quote. An index on ``quotes(article_id,
    speaker_id)`` covers ``quote_list``'s joins, so counting and faceting the view
    never reads a quote's row; one on ``quotes(speaker_id, article_id, start)`` lets a
    speaker's page pick its first quotes and count them per outlet the same way.
    Each wider index does the work of the one-column index it starts with, which
    goes: the commit stage maintains as many indexes on quotes as before.
    """
    _add_missing(db, "outlets", [("quote_count", 'ALTER TABLE "outlets" ADD COLUMN "quote_count"'
                                                 ' INTEGER NOT NULL DEFAULT 0;')])
    _run(db, [
        "update outlets set quote_count = (select count(*) from quotes join articles"
        " on articles.id = quotes.article_id where articles.outlet_id = outlets.id)",
        'CREATE INDEX IF NOT EXISTS "idx_speakers_quote_count"\n    ON "speakers" ("quote_count");',
        'CREATE INDEX IF NOT EXISTS "idx_quotes_article_id_speaker_id"\n'
        '    ON "quotes" ("article_id", "speaker_id");',
        'CREATE INDEX IF NOT EXISTS "idx_quotes_speaker_id_article_id_start"\n'
        '    ON "quotes" ("speaker_id", "article_id", "start");',
        "drop index if exists idx_quotes_article_id",
        "drop index if exists idx_quotes_speaker_id",
    ])


# ---------------------------------------------------------------- m007: statements


@migration
def m007_statements(db: sqlite_utils.Database) -> None:
    """``quotes.statement_id``: the statement a quote is a piece of, by its first piece's id.

    A column rather than a ``statements`` table: a statement has nothing of its own
    beyond its pieces (speaker, cue, article and cluster are the pieces'), so a table
    would only repeat them. The quotes of one article with the same cue and the same
    speaker are the pieces of one statement, named by its first piece in the text; a
    quote with no cue is a statement of its own. Existing quotes are grouped as the
    commit stage groups new ones.
    """
    _add_missing(db, "quotes", [("statement_id", 'ALTER TABLE "quotes" ADD COLUMN "statement_id" INTEGER;')])
    _run(db, ["""
    update quotes set statement_id = coalesce((
        select piece.id from quotes as piece
        where piece.article_id = quotes.article_id and piece.cue_start = quotes.cue_start
              and piece.cue_end = quotes.cue_end and piece.speaker_id is quotes.speaker_id
        order by piece.start, piece.id limit 1), quotes.id)
""", 'CREATE INDEX IF NOT EXISTS "idx_quotes_statement_id"\n    ON "quotes" ("statement_id");'])


# ---------------------------------------------------------------- m008: quote_list by look-up

_QUOTE_LIST_LOOKED_UP = """
select quotes.id as quote_id, articles.published,
       coalesce((select name from outlets where outlets.id = articles.outlet_id),
                'unknown outlet') as outlet,
       (select name from speakers where speakers.id = quotes.speaker_id) as speaker,
       quotes.kind, quotes.role, quotes.text, quotes.speaker_mention, quotes.cue,
       articles.title, quotes.article_id, quotes.speaker_id, articles.outlet_id, quotes.cluster_id,
       articles.published_raw
from quotes
join articles on articles.id = quotes.article_id
"""


@migration
def m008_quote_list_looks_names_up(db: sqlite_utils.Database) -> None:
    """``quote_list`` names outlets and speakers by look-up: counting it costs a third.

    The same rows, but a count or a facet on another column never reads the
    names (SQLite 3.40 does not drop an unused LEFT JOIN from an aggregate), and a
    filter on the outlet stops early. At 100,000 quotes counting the view took
    150 ms and faceting it by kind 260 ms through the joins, 50 and 95 ms this
    way; Datasette counts it on every visit of a changed database.
    """
    _recreate_view(db, "quote_list", _QUOTE_LIST_LOOKED_UP)


# ---------------------------------------------------------------- m009: distinct spellings

# One row per speaker and spelling, counted by triggers on ``speaker_aliases`` (which has a
# row per article), so every writer (the commit stage, merge, split) keeps it true.
_SPELLINGS = [
    "create table if not exists speaker_spellings (speaker_id integer not null"
    " references speakers(id), alias text not null, key text, articles integer not null,"
    " primary key (speaker_id, alias)) without rowid",
    "create index if not exists speaker_spellings_key on speaker_spellings(key, speaker_id)",
    "create index if not exists speaker_spellings_alias on speaker_spellings(alias, speaker_id)",
    "delete from speaker_spellings",
    "insert into speaker_spellings (speaker_id, alias, key, articles)"
    " select speaker_id, alias, min(key), count(*) from speaker_aliases"
    " where alias is not null and speaker_id is not null group by speaker_id, alias",
    """
create trigger if not exists speaker_aliases_spelled after insert on speaker_aliases
when new.alias is not null and new.speaker_id is not null begin
  insert into speaker_spellings (speaker_id, alias, key, articles)
  values (new.speaker_id, new.alias, new.key, 1)
  on conflict (speaker_id, alias) do update set articles = articles + 1;
end""", """
create trigger if not exists speaker_aliases_unspelled after delete on speaker_aliases
when old.alias is not null begin
  update speaker_spellings set articles = articles - 1
  where speaker_id = old.speaker_id and alias = old.alias;
  delete from speaker_spellings
  where speaker_id = old.speaker_id and alias = old.alias and articles <= 0;
end""", """
create trigger if not exists speaker_aliases_respelled
after update of speaker_id, alias, key on speaker_aliases begin
  update speaker_spellings set articles = articles - 1
  where speaker_id = old.speaker_id and alias = old.alias;
  delete from speaker_spellings
  where speaker_id = old.speaker_id and alias = old.alias and articles <= 0;
  insert into speaker_spellings (speaker_id, alias, key, articles)
  select new.speaker_id, new.alias, new.key, 1
  where new.alias is not null and new.speaker_id is not null
  on conflict (speaker_id, alias) do update set articles = articles + 1;
end""",
    "create table if not exists cluster_outlets (cluster_id integer not null"
    " references clusters(id), outlet_id integer not null references outlets(id),"
    " primary key (cluster_id, outlet_id)) without rowid",
    "insert or ignore into cluster_outlets (cluster_id, outlet_id)"
    " select distinct quotes.cluster_id, articles.outlet_id from quotes"
    " join articles on articles.id = quotes.article_id"
    " where quotes.cluster_id is not null and articles.outlet_id is not null",
]


@migration
def m009_distinct_spellings_and_cluster_outlets(db: sqlite_utils.Database) -> None:
    """``speaker_spellings`` and ``cluster_outlets``: look-ups that do not grow with the corpus.

    ``speaker_aliases`` gains a row each time an article names a speaker, so finding
    the speakers spelled some way read every article's row of the spelling: at
    34,000 articles identity's exact look-up cost 16 times what it did at 840.
    ``speaker_spellings`` holds each speaker's spelling once, with the number of
    articles that used it. ``cluster_outlets`` holds each statement's outlets once,
    so adding an appearance counts a new outlet with one index look-up instead of
    re-reading every quote of the statement.
    """
    _run(db, _SPELLINGS)


# ---------------------------------------------------------------- m010: full text once a transaction

_FTS_ONCE_A_TRANSACTION = [
    'drop trigger if exists "speakers_ai"',
    'drop trigger if exists "speakers_au"',
    'drop trigger if exists "speakers_ad"',
    '''create trigger "speakers_au" after update of "name" on "speakers" when old.rowid <= (select coalesce(max(id), 0) from "speakers_fts_docsize") begin
  insert into "speakers_fts" ("speakers_fts", rowid, "name") values ('delete', old.rowid, old."name");
  insert into "speakers_fts" (rowid, "name") values (new.rowid, new."name");
end''',
    '''create trigger "speakers_ad" after delete on "speakers" when old.rowid <= (select coalesce(max(id), 0) from "speakers_fts_docsize") begin
  insert into "speakers_fts" ("speakers_fts", rowid, "name") values ('delete', old.rowid, old."name");
end''',
    'drop trigger if exists "speaker_aliases_ai"',
    'drop trigger if exists "speaker_aliases_au"',
    'drop trigger if exists "speaker_aliases_ad"',
    '''create trigger "speaker_aliases_au" after update of "alias" on "speaker_aliases" when old.rowid <= (select coalesce(max(id), 0) from "speaker_aliases_fts_docsize") begin
  insert into "speaker_aliases_fts" ("speaker_aliases_fts", rowid, "alias") values ('delete', old.rowid, old."alias");
  insert into "speaker_aliases_fts" (rowid, "alias") values (new.rowid, new."alias");
end''',
    '''create trigger "speaker_aliases_ad" after delete on "speaker_aliases" when old.rowid <= (select coalesce(max(id), 0) from "speaker_aliases_fts_docsize") begin
  insert into "speaker_aliases_fts" ("speaker_aliases_fts", rowid, "alias") values ('delete', old.rowid, old."alias");
end''',
    'drop trigger if exists "quotes_ai"',
    'drop trigger if exists "quotes_au"',
    'drop trigger if exists "quotes_ad"',
    '''create trigger "quotes_au" after update of "text", "speaker_mention" on "quotes" when old.rowid <= (select coalesce(max(id), 0) from "quotes_fts_docsize") begin
  insert into "quotes_fts" ("quotes_fts", rowid, "text", "speaker_mention") values ('delete', old.rowid, old."text", old."speaker_mention");
  insert into "quotes_fts" (rowid, "text", "speaker_mention") values (new.rowid, new."text", new."speaker_mention");
end''',
    '''create trigger "quotes_ad" after delete on "quotes" when old.rowid <= (select coalesce(max(id), 0) from "quotes_fts_docsize") begin
  insert into "quotes_fts" ("quotes_fts", rowid, "text", "speaker_mention") values ('delete', old.rowid, old."text", old."speaker_mention");
end''',
    # The rows the dropped insert triggers would have indexed.
    'insert into "speakers_fts" (rowid, "name") select rowid, "name" from "speakers"'
    ' where rowid > (select coalesce(max(id), 0) from "speakers_fts_docsize")',
    'insert into "speaker_aliases_fts" (rowid, "alias") select rowid, "alias" from "speaker_aliases"'
    ' where rowid > (select coalesce(max(id), 0) from "speaker_aliases_fts_docsize")',
    'insert into "quotes_fts" (rowid, "text", "speaker_mention") select rowid, "text", "speaker_mention"'
    ' from "quotes" where rowid > (select coalesce(max(id), 0) from "quotes_fts_docsize")',
]


@migration
def m010_full_text_indexed_once_a_transaction(db: sqlite_utils.Database) -> None:
    """Index new quotes, speakers and aliases for full-text search once a transaction.

    An insert trigger indexed each row as it came, and FTS5 writes its pending
    terms out as a new segment at every savepoint: the commit stage, which wraps
    each article of a batch in one, wrote a segment (and merged segments) per
    article, a fifth of its time. :func:`quotes.store.fulltext.index_new_rows` now
    indexes a transaction's new rows before it commits. The update and delete
    triggers stay, for rows indexed already; a row inserted in the same
    transaction is indexed as it is at the commit.
    """
    _run(db, _FTS_ONCE_A_TRANSACTION)


# ---------------------------------------------------------------- m011: confidence

_QUOTE_LIST_WITH_CONFIDENCE = """
select quotes.id as quote_id, articles.published,
       coalesce((select name from outlets where outlets.id = articles.outlet_id),
                'unknown outlet') as outlet,
       (select name from speakers where speakers.id = quotes.speaker_id) as speaker,
       quotes.kind, quotes.role, quotes.text, quotes.speaker_mention, quotes.cue,
       articles.title, quotes.article_id, quotes.speaker_id, articles.outlet_id, quotes.cluster_id,
       articles.published_raw, quotes.confidence
from quotes
join articles on articles.id = quotes.article_id
"""


@migration
def m011_quote_confidence(db: sqlite_utils.Database) -> None:
    """``quotes.confidence``: how likely the quote and its speaker are right, 0 to 1.

    The engine's probability, or the precision measured for the quote's class
    (:mod:`quotes.extract.confidence`). Quotes stored before it have none (NULL):
    their confidence was never worked out, and a guess made now would pass for a
    measurement. ``quote_list`` gains the column at its end, so a reader can filter
    (``?confidence__gte=0.9``) without it taking room among the columns shown.
    """
    _add_missing(db, "quotes", [("confidence", 'ALTER TABLE "quotes" ADD COLUMN "confidence" REAL;')])
    _recreate_view(db, "quote_list", _QUOTE_LIST_WITH_CONFIDENCE)


# ---------------------------------------------------------------- m012: links, outlets, roles

# New tables and a view only: a database written before keeps every table, view and
# index exactly as it was (tests/test_migrations.py holds older steps to that).
_LINKS_OUTLETS_ROLES = [
    "create table if not exists speaker_links (speaker_id integer primary key"
    " references speakers(id), wikidata_id text not null, description text)",
    "create index if not exists speaker_links_wikidata_id on speaker_links(wikidata_id)",
    "create table if not exists outlet_overrides (name text primary key, outlet_id integer"
    " not null references outlets(id), action text, created_at text) without rowid",
    "create index if not exists outlet_overrides_outlet_id on outlet_overrides(outlet_id)",
    "create table if not exists role_groups (role text primary key, key text not null,"
    " name text not null) without rowid",
    "create index if not exists role_groups_key on role_groups(key)",
]

_QUOTE_ROLES = """
select quote_list.quote_id, quote_list.published, quote_list.outlet, quote_list.speaker,
       (select name from role_groups where role_groups.role = quote_list.role) as role_group,
       quote_list.role, quote_list.kind, quote_list.text, quote_list.title,
       quote_list.article_id, quote_list.speaker_id, quote_list.outlet_id, quote_list.cluster_id
from quote_list where quote_list.role is not null
"""


@migration
def m012_wikidata_links_outlet_curation_role_groups(db: sqlite_utils.Database) -> None:
    """Speakers linked to Wikidata, outlets renamed and merged by hand, roles folded.

    ``speaker_links``: a speaker's Wikidata item and description (``quotes speakers
    link``). ``outlet_overrides``: an outlet's name as pages write it, and the outlet
    ``quotes outlets rename/merge`` sent it to, which later articles follow.
    ``role_groups``: each role as written, its folded key and the group's name (the
    first spelling stored with that key), so ``US President`` and ``U.S. President``
    are one role while each quote keeps its spelling; the view ``quote_roles`` lists
    quotes with a role by group, to facet on. Existing roles are grouped in the
    order they were stored.
    """
    _run(db, _LINKS_OUTLETS_ROLES)
    written = [role for table in ("quotes", "speaker_roles") for (role,) in db.execute(
        f"select role from {table} where role is not null group by role order by min(id)")]
    for role in written:
        key = _frozen_role_key(role)
        if key and not db.execute("select 1 from role_groups where role = ?", [role]).fetchone():
            first = db.execute("select name from role_groups where key = ? limit 1", [key]).fetchone()
            db.execute("insert into role_groups (role, key, name) values (?, ?, ?)",
                       [role, key, first[0] if first else role])
    if not _has_view(db, "quote_roles"):
        _create_view(db, "quote_roles", _QUOTE_ROLES)


# ---------------------------------------------------------------- m013: quote_list filtered by index

# Each article's outlet name, "unknown outlet" for none, as a join a filter on the name can
# drive: outlet_names(id, name) is the outlets plus one row (null, 'unknown outlet'), joined
# with IS so the null row meets the articles without an outlet.
_QUOTE_LIST_BY_INDEX = """
select quotes.id as quote_id, articles.published, outlet_names.name as outlet,
       speakers.name as speaker,
       quotes.kind, quotes.role, quotes.text, quotes.speaker_mention, quotes.cue,
       articles.title, quotes.article_id, quotes.speaker_id, articles.outlet_id, quotes.cluster_id,
       articles.published_raw{kept}
from quotes
join articles on articles.id = quotes.article_id
join (select id, name from outlets union all select null, 'unknown outlet') as outlet_names
  on outlet_names.id is articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
"""
# The columns m008's quote_list had; any other (a later quotes column a migration before this
# one added to the view) is kept as it was.
_QUOTE_LIST_M008_COLUMNS = ("quote_id", "published", "outlet", "speaker", "kind", "role", "text",
                            "speaker_mention", "cue", "title", "article_id", "speaker_id",
                            "outlet_id", "cluster_id", "published_raw")


@migration
def m013_quote_list_filters_by_index(db: sqlite_utils.Database) -> None:
    """``quote_list`` finds a filtered outlet's or speaker's quotes by index.

    m008 named the outlet and the speaker by a subquery per row, so ``outlet =
    ?`` (every facet link, and the outlet pages' "all quotes") computed the name
    of every quote to compare it: at 100,000 quotes its count, rows and four
    facets took 340 ms a page, 3 s at a million. Joined, SQLite starts from the
    name's index (outlet, then its articles, then their quotes): 13-50 ms, and a
    speaker filter 2 ms; the rows are the same, "unknown outlet" included. The
    count of the whole view reads one more small join. A column another
    migration added to the view (from ``quotes``) stays in it.
    """
    kept = [column for column in _columns_of(db, "quote_list")
            if column not in _QUOTE_LIST_M008_COLUMNS and column in _columns_of(db, "quotes")]
    _recreate_view(db, "quote_list", _QUOTE_LIST_BY_INDEX.format(
        kept="".join(f", quotes.{column}" for column in kept)))


# ---------------------------------------------------------------- m014: watching, revisions

_WATCH_AND_REVISIONS = [
    "create index if not exists articles_url on articles (url)",
    """create table if not exists article_revisions (
        id integer primary key,
        article_id integer not null references articles (id),
        revision integer not null,
        content_hash text not null,
        title text,
        text text not null,
        stored_at text not null,
        quotes text not null,
        unique (article_id, revision))""",
    """create table if not exists watch_sources (
        id integer primary key,
        url text not null unique,
        every_s real,
        added_at text not null,
        last_poll_at text,
        next_poll_at text,
        polls integer not null default 0,
        last_new integer,
        last_revised integer,
        last_quotes integer,
        last_errors integer,
        last_error text)""",
    """create table if not exists watch_urls (
        url text primary key,
        source_id integer references watch_sources (id),
        kind text not null,
        etag text,
        last_modified text,
        first_seen text not null,
        last_checked text,
        last_changed text)""",
    "create index if not exists watch_urls_by_source on watch_urls (source_id, kind, first_seen)",
]


@migration
def m014_watch_state_and_article_revisions(db: sqlite_utils.Database) -> None:
    """What ``quotes watch`` keeps between polls, and the revisions of an article edited in place.

    ``article_revisions`` keeps each version of an article's text and quotes once
    there is more than one (the ``articles`` row is the latest; the tables
    stored already are left as they are); ``articles(url)`` is indexed because an article is found by its URL.
    ``watch_sources`` holds each watched feed, sitemap or home page and its last
    poll; ``watch_urls`` each listing and page seen, with the validators (ETag,
    Last-Modified) its next request sends.
    """
    _run(db, _WATCH_AND_REVISIONS)


# ---------------------------------------------------------------- m015: facet counts

# What a quote_list row counts for: for each column a page may filter on ('' for none: the
# whole view) and that column's value, the number of rows (facet '', value '') and, per
# column faceted, the rows of each value. A filter's own column is only counted for the
# whole view (filtered, it has one value: the filter's, with the filter's count).
_FACET_FILTERS = "(values (''), ('outlet'), ('speaker'), ('kind'))"
_FACET_COLUMNS = "(values (''), ('outlet'), ('speaker'), ('kind'), ('role'))"

# Add ``sign`` times the rows of ``source`` (a select of outlet, speaker, kind, role and n,
# the number of quote_list rows with those four values) to quote_facets.
_ADD_FACET_ROWS = """insert into quote_facets (filter, filter_value, facet, value, n)
  select filter, filter_value, facet, value, sum(n) from (
    select f.column1 as filter,
           case f.column1 when '' then '' when 'outlet' then r.outlet
                when 'speaker' then r.speaker else r.kind end as filter_value,
           c.column1 as facet,
           case c.column1 when '' then '' when 'outlet' then r.outlet when 'speaker' then r.speaker
                when 'kind' then r.kind else r.role end as value,
           {sign} * r.n as n
    from ({source}) as r, {filters} as f, {columns} as c
    where f.column1 = '' or f.column1 != c.column1)
  where filter_value is not null and value is not null
  group by filter, filter_value, facet, value
  on conflict (filter, filter_value, facet, value) do update set n = n + excluded.n;"""

# Quotes up to this id are counted (the commit counts the ones after it, all at once).
_COUNTED = "(select quote_id from quote_facets_counted)"
# An article's outlet as quote_list names it, and whether the article is in quote_list at all
# (m013 joins its outlet: none is "unknown outlet", an outlet_id with no outlet row drops it).
_OUTLET_NAME = ("case when {id} is null then 'unknown outlet'"
                " else (select name from outlets where outlets.id = {id}) end")
_OUTLET_PRESENT = "({id} is null or exists (select 1 from outlets where outlets.id = {id}))"
_SPEAKER_NAME = "(select name from speakers where speakers.id = {id})"


def _facet_rows(sign: str, *, outlet: str, speaker: str, kind: str, role: str, rest: str) -> str:
    """The statement adding ``sign`` times the rows of ``select outlet, speaker, kind, role rest``."""
    source = (f"select {outlet} as outlet, {speaker} as speaker, {kind} as kind, {role} as role,"
              f" count(*) as n {rest} group by 1, 2, 3, 4")
    return _ADD_FACET_ROWS.format(sign=sign, source=source, filters=_FACET_FILTERS,
                                  columns=_FACET_COLUMNS)


def _quote_rows(sign: str, q: str) -> str:
    """The quote ``q`` (``new`` or ``old``) as quote_list shows it, with its article, if counted."""
    return _facet_rows(sign, outlet=_OUTLET_NAME.format(id="a.outlet_id"),
                       speaker=_SPEAKER_NAME.format(id=f"{q}.speaker_id"), kind=f"{q}.kind",
                       role=f"{q}.role", rest=f"from articles as a where {q}.id <= {_COUNTED}"
                       f" and a.id = {q}.article_id and {_OUTLET_PRESENT.format(id='a.outlet_id')}")


def _article_rows(sign: str, a: str) -> str:
    """The counted quotes of article ``a`` (``new`` or ``old``) as quote_list shows them."""
    return _facet_rows(sign, outlet=_OUTLET_NAME.format(id=f"{a}.outlet_id"),
                       speaker=_SPEAKER_NAME.format(id="q.speaker_id"), kind="q.kind", role="q.role",
                       rest=f"from quotes as q where q.article_id = {a}.id and q.id <= {_COUNTED}"
                       f" and {_OUTLET_PRESENT.format(id=f'{a}.outlet_id')}")


def _speaker_rows(sign: str, name: str, s: str) -> str:
    """The counted quotes of speaker ``s`` as quote_list shows them, the speaker named ``name``."""
    return _facet_rows(sign, outlet=_OUTLET_NAME.format(id="a.outlet_id"), speaker=name,
                       kind="q.kind", role="q.role",
                       rest=f"from quotes as q join articles as a on a.id = q.article_id"
                       f" where q.speaker_id = {s}.id and q.id <= {_COUNTED}"
                       f" and {_OUTLET_PRESENT.format(id='a.outlet_id')}")


def _outlet_rows(sign: str, name: str, o: str) -> str:
    """The counted quotes of outlet ``o``'s articles as quote_list shows them, named ``name``."""
    return _facet_rows(sign, outlet=name, speaker=_SPEAKER_NAME.format(id="q.speaker_id"),
                       kind="q.kind", role="q.role",
                       rest=f"from articles as a join quotes as q on q.article_id = a.id"
                       f" where a.outlet_id = {o}.id and q.id <= {_COUNTED}")


_HAS_QUOTES = {  # a trigger on a row that no counted quote is of does nothing
    "article": "exists (select 1 from quotes where quotes.article_id = {r}.id and quotes.id <= " + _COUNTED + ")",
    "speaker": "exists (select 1 from quotes where quotes.speaker_id = {r}.id and quotes.id <= " + _COUNTED + ")",
    "outlet": "exists (select 1 from articles where articles.outlet_id = {r}.id)",
}

_FACET_TRIGGERS = {
    "quote_facets_quote_added": ("after insert on quotes", f"new.id <= {_COUNTED}",
                                 [_quote_rows("1", "new")]),
    "quote_facets_quote_removed": ("after delete on quotes", f"old.id <= {_COUNTED}",
                                   [_quote_rows("-1", "old")]),
    "quote_facets_quote_moved": ("after update of id, article_id, speaker_id, kind, role on quotes",
                                 f"old.id <= {_COUNTED} or new.id <= {_COUNTED}",
                                 [_quote_rows("-1", "old"), _quote_rows("1", "new")]),
    "quote_facets_article_added": ("after insert on articles", _HAS_QUOTES["article"].format(r="new"),
                                   [_article_rows("1", "new")]),
    "quote_facets_article_removed": ("after delete on articles", _HAS_QUOTES["article"].format(r="old"),
                                     [_article_rows("-1", "old")]),
    "quote_facets_article_moved": ("after update of outlet_id on articles",
                                   _HAS_QUOTES["article"].format(r="new"),
                                   [_article_rows("-1", "old"), _article_rows("1", "new")]),
    "quote_facets_speaker_added": ("after insert on speakers", _HAS_QUOTES["speaker"].format(r="new"),
                                   [_speaker_rows("-1", "null", "new"), _speaker_rows("1", "new.name", "new")]),
    "quote_facets_speaker_removed": ("after delete on speakers", _HAS_QUOTES["speaker"].format(r="old"),
                                     [_speaker_rows("-1", "old.name", "old"), _speaker_rows("1", "null", "old")]),
    "quote_facets_speaker_renamed": ("after update of name on speakers", _HAS_QUOTES["speaker"].format(r="new"),
                                     [_speaker_rows("-1", "old.name", "old"), _speaker_rows("1", "new.name", "new")]),
    "quote_facets_outlet_added": ("after insert on outlets", _HAS_QUOTES["outlet"].format(r="new"),
                                  [_outlet_rows("1", "new.name", "new")]),
    "quote_facets_outlet_removed": ("after delete on outlets", _HAS_QUOTES["outlet"].format(r="old"),
                                    [_outlet_rows("-1", "old.name", "old")]),
    "quote_facets_outlet_renamed": ("after update of name on outlets", _HAS_QUOTES["outlet"].format(r="new"),
                                    [_outlet_rows("-1", "old.name", "old"), _outlet_rows("1", "new.name", "new")]),
}

_QUOTE_FACETS = [
    "create table if not exists quote_facets (filter text not null, filter_value text not null,"
    " facet text not null, value text not null, n integer not null,"
    " primary key (filter, filter_value, facet, value)) without rowid",
    "create index if not exists quote_facets_by_count"
    " on quote_facets (filter, filter_value, facet, n desc, value)",
    "create table if not exists quote_facets_counted (quote_id integer not null)",
    "delete from quote_facets",
    "delete from quote_facets_counted",
    # every row of quote_list as it is now, grouped first by its four values (fewer rows to expand)
    _ADD_FACET_ROWS.format(sign="1", filters=_FACET_FILTERS, columns=_FACET_COLUMNS, source=
        "select outlet, speaker, kind, role, count(*) as n from quote_list"
        " group by outlet, speaker, kind, role"),
    "insert into quote_facets_counted (quote_id) select coalesce(max(id), 0) from quotes",
    *[f"create trigger if not exists {name} {event} when {when} begin\n" + "\n".join(body) + "\nend"
      for name, (event, when, body) in _FACET_TRIGGERS.items()],
]


@migration
def m015_facet_counts(db: sqlite_utils.Database) -> None:
    """``quote_facets``: quote_list's row count and facet counts, per outlet, speaker and kind.

    quote_list's page counts its rows and facets them by outlet, speaker, kind and
    role, over the rows its filter leaves: at a million quotes an outlet's page read
    its 25,000 quotes five times, 450 ms. ``quote_facets`` holds those counts for
    the whole view and for each outlet, speaker and kind, by the names quote_list
    shows ("unknown outlet" included), so the plugin's facets read the largest few
    by index. New quotes are counted once a transaction, all together, before it
    commits (:func:`quotes.store.counters.count_new_quotes`, past the id in
    ``quote_facets_counted``); triggers keep the counted ones right whoever
    changes them: a quote moved or deleted, an article's outlet changed, a speaker
    or outlet renamed, added or removed. A count that falls to 0 stays, as 0.
    Filled here from quote_list as it is.
    """
    _run(db, _QUOTE_FACETS)


# ---------------------------------------------------------------- m016: statements by spread

# A quote counts into its statement's quote_count; its statement's first article's
# publication is copied beside first_article_id (who_said_it_first sorts statements by them).
_SPREAD_TRIGGERS = {
    "cluster_quote_added": ("after insert on quotes", "new.cluster_id is not null", [
        "update clusters set quote_count = quote_count + 1 where id = new.cluster_id;"]),
    "cluster_quote_removed": ("after delete on quotes", "old.cluster_id is not null", [
        "update clusters set quote_count = quote_count - 1 where id = old.cluster_id;"]),
    "cluster_quote_moved": ("after update of cluster_id on quotes",
                            "old.cluster_id is not new.cluster_id", [
        "update clusters set quote_count = quote_count - 1 where id = old.cluster_id;",
        "update clusters set quote_count = quote_count + 1 where id = new.cluster_id;"]),
    "cluster_first_added": ("after insert on clusters", "new.first_article_id is not null", [
        "update clusters set first_published = (select published from articles"
        " where articles.id = new.first_article_id) where id = new.id;"]),
    "cluster_first_moved": ("after update of first_article_id on clusters",
                            "new.first_article_id is not old.first_article_id", [
        "update clusters set first_published = (select published from articles"
        " where articles.id = new.first_article_id) where id = new.id;"]),
    "cluster_first_redated": ("after update of published on articles",
                              "new.published is not old.published", [
        "update clusters set first_published = new.published where first_article_id = new.id;"]),
}

_STATEMENT_SPREAD = [
    "update clusters set quote_count = (select count(*) from quotes where quotes.cluster_id = clusters.id)",
    "update clusters set first_published = (select published from articles"
    " where articles.id = clusters.first_article_id)",
    'CREATE INDEX IF NOT EXISTS "idx_clusters_spread"\n'
    '    ON "clusters" ("quote_count" desc, "first_published" is null, "first_published", "first_article_id");',
    'CREATE INDEX IF NOT EXISTS "idx_clusters_first_article_id"\n    ON "clusters" ("first_article_id");',
    *[f"create trigger if not exists {name} {event} when {when} begin\n" + "\n".join(body) + "\nend"
      for name, (event, when, body) in _SPREAD_TRIGGERS.items()],
]


@migration
def m016_statements_by_spread(db: sqlite_utils.Database) -> None:
    """``clusters.quote_count`` and ``clusters.first_published``, and an index in their order.

    who_said_it_first lists the statements some words occur in, the 100 that spread
    furthest (most quotes, then earliest first appearance): at a million quotes,
    common words occur in 250,000 statements, and counting each one's quotes and
    dating its first article took 0.5-1 s. With both kept on the statement and an
    index in that order, the page walks the statements in the order it shows them
    and stops at the 100th the words occur in. Triggers keep them right whoever
    changes a quote or a statement's first article (the commit stage, merges,
    splits, revisions, a bulk append); a database loaded whole is counted at the
    end (:func:`quotes.store.counters.recount_statement_spread`). The index on
    ``first_article_id`` is the one an article's new date finds its statements by.
    """
    _add_missing(db, "clusters", [
        ("quote_count", 'ALTER TABLE "clusters" ADD COLUMN "quote_count" INTEGER NOT NULL DEFAULT 0;'),
        ("first_published", 'ALTER TABLE "clusters" ADD COLUMN "first_published" TEXT;'),
    ])
    _run(db, _STATEMENT_SPREAD)


@migration
def m017_outlet_articles_by_date(db: sqlite_utils.Database) -> None:
    """An index of each outlet's articles by publication time.

    quote_list of one outlet lists its newest quotes first; at a million quotes an
    outlet has 25,000, and finding its newest 50 sorted all of them (55-80 ms a page).
    With this index the plugin reads the page by walking the outlet's articles newest
    first and stops at the 50th quote (:mod:`quotes.web.facets`).
    """
    db.execute('CREATE INDEX IF NOT EXISTS "idx_articles_outlet_id_published"'
               ' ON "articles" ("outlet_id", "published")')


# ---------------------------------------------------------------- frozen copies
#
# FROZEN: what the steps above need of the domain code, copied as it was when they
# shipped (quotes.published.to_utc of m002; quotes.names.fold and lookup_keys of
# m005). The live code may change; these must not, or an old database would
# upgrade differently from how it did before.

_UTC = dt.timezone.utc
_HOUR = 3600
_ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0,
    "EST": -5 * _HOUR, "EDT": -4 * _HOUR, "CST": -6 * _HOUR, "CDT": -5 * _HOUR,
    "MST": -7 * _HOUR, "MDT": -6 * _HOUR, "PST": -8 * _HOUR, "PDT": -7 * _HOUR,
    "BST": 1 * _HOUR, "CET": 1 * _HOUR, "CEST": 2 * _HOUR, "EET": 2 * _HOUR, "EEST": 3 * _HOUR,
    "ET": tz.gettz("America/New_York"), "CT": tz.gettz("America/Chicago"),
    "MT": tz.gettz("America/Denver"), "PT": tz.gettz("America/Los_Angeles"),
}
_DATE_ONLY = re.compile(r"\d{4}-?\d{2}-?\d{2}")
_DEFAULTS = (dt.datetime(2000, 1, 1, 0, 0, 0), dt.datetime(2001, 2, 2, 1, 1, 1))


def _frozen_to_utc(raw: str | None) -> str | None:
    """FROZEN copy of ``to_utc`` as m002 shipped it: ``YYYY-MM-DDTHH:MM:SSZ`` or ``None``."""
    text = (raw or "").strip()
    if not text:
        return None
    moment = _frozen_parse(text)
    if moment is None or not 1800 <= moment.year <= 2200:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_UTC)
    return moment.astimezone(_UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _frozen_parse(text: str) -> dt.datetime | None:
    """FROZEN: a date with a year, month and day; a day alone is midnight, a missing zone UTC."""
    if _DATE_ONLY.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None
        return dt.datetime(day.year, day.month, day.day)
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            first, second = (dateutil_parser.parse(text, default=default, tzinfos=_ZONES)
                             for default in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # no year, month or day in the text
    if first.hour != second.hour:
        return first.replace(hour=0, minute=0, second=0, microsecond=0)  # a day only
    return first.replace(minute=first.minute if first.minute == second.minute else 0,
                         second=first.second if first.second == second.second else 0)


_APOSTROPHES = re.compile(r"[’'`´ʼ‘]")
_NON_NAME = re.compile(r"[^a-z0-9\s-]+")
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouyhw]")


def _frozen_lookup_keys(name: str) -> list[str]:
    """FROZEN copy of ``lookup_keys`` as m005 shipped it: ``w:`` folded words, ``s:`` skeletons."""
    folded = " ".join(_NON_NAME.sub(" ", _APOSTROPHES.sub("", anyascii(name).lower())
                                    .replace(".", "")).split())
    keys = set()
    for word in _DOUBLED.sub(r"\1", folded.replace("-", " ")).split():
        if len(word) > 1:
            keys.add("w:" + word)
            keys.add("s:" + word[0] + _DOUBLED.sub(r"\1", _VOWELS.sub("", word[1:])))
    return sorted(keys)


def _frozen_role_key(role: str | None) -> str:
    """FROZEN: the key m012 groups stored roles by: folded to lower-case ASCII, without dots,
    apostrophes and other punctuation (``U.S. President`` and ``US president`` are
    ``us president``); the live ``role_key`` folds look-alike letters first, too."""
    folded = _APOSTROPHES.sub("", anyascii(role or "").lower()).replace(".", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())
