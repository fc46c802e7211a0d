"""SQLite storage through sqlite-utils.

Tables: ``outlets``, ``articles``, ``speakers``, ``speaker_aliases``,
``speaker_roles``, ``speaker_overrides``, ``quotes``, ``clusters`` (with ``cluster_links``,
``cluster_variants``, ``cluster_shingles``); views ``quote_list`` (quotes with names,
for browsing), ``speaker_outlets`` (quotes per speaker and outlet) and
``cluster_appearances`` (where each statement appeared). A quote in several pieces
(``"A," she said. "B."``) is one statement: its pieces share ``quotes.statement_id``.
The schema comes from
named migrations (:data:`MIGRATIONS`, recorded in ``_quotes_migrations``), so any
older database upgrades in place when it is opened. The commit stage writes each
article and everything extracted from it in one transaction, so an interrupted
run keeps every article it finished and a re-run skips them by content hash.

Several processes may write one database at once (two ``extract`` runs, a
``speakers`` command, ``quotes serve`` reading): the database is in WAL mode
(readers never block the writer), every write transaction takes the write lock
up front (``BEGIN IMMEDIATE``, see :func:`writing`), and a writer that finds
the lock held waits (the busy timeout) and then retries with back-off.
"""
from __future__ import annotations

import contextlib
import datetime
import itertools
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import sqlite_utils

from quotes.extract import names
from quotes.model import Article, Attribution, Quote

DEFAULT_DB = Path("db") / "quotes.db"
DEMO_DB = Path("db") / "demo.db"  # `quotes demo` keeps its invented articles apart

EXPORT_FIELDS = (
    "source", "outlet", "article_id", "kind", "text", "start", "end",
    "cue", "cue_start", "cue_end", "speaker", "speaker_id", "speaker_mention",
    "speaker_start", "speaker_end", "cluster_id",
)


def holds_only(path: str | Path, content_hashes: set[str]) -> bool:
    """Whether the file at ``path`` is absent, empty, or a quotes database holding no article
    but these (by content hash); it is read, never changed."""
    path = Path(path)
    if not path.exists():
        return True
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            tables = {row[0] for row in conn.execute("select name from sqlite_master")}
            if "articles" not in tables:
                return not tables
            stored = {row[0] for row in conn.execute("select content_hash from articles")}
    except sqlite3.DatabaseError:
        return False  # not a database at all
    return stored <= content_hashes


# How long one attempt waits for another process's write lock, and how many attempts
# (with doubling back-off between them) a write makes before it gives up.
BUSY_TIMEOUT_S = 20.0
WRITE_ATTEMPTS = 6


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a quotes database in WAL mode, its schema brought up to date."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S))
    db.conn.execute("PRAGMA foreign_keys = ON")
    _retrying(lambda: db.conn.execute("PRAGMA journal_mode = WAL"))
    # NORMAL syncs at checkpoints, not at every commit: durable against a crash of the
    # process, which is what a resumable run needs; a commit no longer waits for the disk.
    db.conn.execute("PRAGMA synchronous = NORMAL")
    db.conn.execute("PRAGMA cache_size = -262144")  # 256 MB: the indexes are written at random
    migrate(db)
    db.indexes_at_commit = True  # see m010_full_text_indexed_once_a_transaction
    return db


def checkpoint(db: sqlite_utils.Database) -> None:
    """Copy everything in the write-ahead log into the database file itself.

    A copy of the file alone (``datasette publish``, an immutable ``-i`` open)
    does not read the log, so it must hold every committed article.
    """
    busy, _, _ = _retrying(lambda: db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
    if busy:  # a reader still needs the log: copy what it can
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _locked(error: sqlite3.OperationalError) -> bool:
    message = str(error).lower()
    return "locked" in message or "busy" in message


def _retrying(step: Callable[[], object]):
    """Run ``step``; while SQLite says the database is locked, wait longer and run it again."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return step()
        except sqlite3.OperationalError as error:
            if not _locked(error) or attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(min(0.05 * 2 ** attempt, 2.0) * (0.5 + random.random()))


@contextlib.contextmanager
def writing(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction that holds the write lock from its first statement.

    A plain ``BEGIN`` reads first and asks for the lock at its first write; two
    such writers that both read deadlock, and SQLite fails one of them at once
    instead of waiting. ``BEGIN IMMEDIATE`` takes the lock before reading, so a
    second writer waits (busy timeout, then retries with back-off). Inside an
    open transaction this is a savepoint, so a batching caller can wrap many
    ``writing`` blocks in one.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    _retrying(lambda: db.conn.execute("BEGIN IMMEDIATE"))
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    try:
        if getattr(db, "indexes_at_commit", False):
            index_new_rows(db)
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.rollback()
        raise


# ---------------------------------------------------------------- named migrations
#
# The schema grows by named steps, applied once each in order and recorded in
# ``_quotes_migrations`` (the pattern of sqlite-migrate and llm). A new column or
# table is a new function at the end of MIGRATIONS; never edit one that shipped.

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
        db[MIGRATIONS_TABLE].create({"name": str, "applied_at": str}, pk="name",
                                    if_not_exists=True)
        done = {row["name"] for row in db[MIGRATIONS_TABLE].rows}
        for step in MIGRATIONS:
            if step.__name__ in done:
                continue
            with db.atomic():
                step(db)
                db[MIGRATIONS_TABLE].insert({"name": step.__name__, "applied_at": now()})
            applied.append(step.__name__)
    return applied


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    if MIGRATIONS_TABLE not in db.table_names():
        return []
    return [row["name"] for row in db.query(f"select name from {MIGRATIONS_TABLE} order by rowid")]


@migration
def m001_schema_of_v0_1(db: sqlite_utils.Database) -> None:
    """The tables, indexes, full-text search and views of v0.1.

    A database written by v0.1 (before migrations were recorded) already has
    them and is adopted as it is; one from early v0.1 gains identity's
    blocking columns.
    """
    db["outlets"].create({"id": int, "name": str}, pk="id", if_not_exists=True)
    db["outlets"].create_index(["name"], unique=True, if_not_exists=True)
    db["articles"].create(
        {
            "id": int, "source": str, "outlet_id": int, "title": str, "url": str,
            "published": str, "text": str, "content_hash": str, "engine": str,
            "ingested_at": str,
        },
        pk="id", foreign_keys=[("outlet_id", "outlets", "id")], if_not_exists=True,
    )
    db["articles"].create_index(["content_hash"], unique=True, if_not_exists=True)
    db["articles"].create_index(["outlet_id"], if_not_exists=True)
    db["articles"].create_index(["published"], if_not_exists=True)
    db["speakers"].create(
        {"id": int, "name": str, "kind": str, "key": str, "quote_count": int},
        pk="id", defaults={"quote_count": 0}, if_not_exists=True,
    )
    # Identity's blocking keys and scope (see quotes.identity).
    for column in ("block", "skeleton", "scope_article_id"):
        if column not in db["speakers"].columns_dict:
            db["speakers"].add_column(column, int if column == "scope_article_id" else str)
    for column in ("key", "name", "block", "skeleton", "scope_article_id"):
        db["speakers"].create_index([column], if_not_exists=True)
    db["speaker_aliases"].create(
        {"id": int, "speaker_id": int, "alias": str, "key": str, "article_id": int},
        pk="id", if_not_exists=True,
        foreign_keys=[("speaker_id", "speakers", "id"), ("article_id", "articles", "id")],
    )
    db["speaker_aliases"].create_index(["speaker_id"], if_not_exists=True)
    db["speaker_aliases"].create_index(["key"], if_not_exists=True)
    db["speaker_roles"].create(
        {"id": int, "speaker_id": int, "role": str, "article_id": int},
        pk="id", if_not_exists=True,
        foreign_keys=[("speaker_id", "speakers", "id"), ("article_id", "articles", "id")],
    )
    db["speaker_roles"].create_index(["speaker_id"], if_not_exists=True)
    # Manual merge / split / rename, replayed by every later extract run.
    db["speaker_overrides"].create(
        {"id": int, "action": str, "key": str, "speaker_id": int, "value": str, "created_at": str},
        pk="id", if_not_exists=True,
    )
    db["speaker_overrides"].create_index(["key"], if_not_exists=True)
    db["speaker_overrides"].create_index(["speaker_id"], if_not_exists=True)
    db["clusters"].create(
        {
            "id": int, "canonical_text": str, "key": str, "speaker_id": int,
            "article_count": int, "outlet_count": int, "first_article_id": int, "told_to": str,
        },
        pk="id", if_not_exists=True,
        foreign_keys=[("speaker_id", "speakers", "id"), ("first_article_id", "articles", "id")],
    )
    db["clusters"].create_index(["key"], if_not_exists=True)
    db["clusters"].create_index(["speaker_id"], if_not_exists=True)
    db["quotes"].create(
        {
            "id": int, "article_id": int, "kind": str, "text": str, "start": int, "end": int,
            "cue": str, "cue_start": int, "cue_end": int, "speaker_id": int,
            "speaker_mention": str, "speaker_start": int, "speaker_end": int,
            "role": str, "told_to": str, "cluster_id": int,
        },
        pk="id", if_not_exists=True,
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("speaker_id", "speakers", "id"),
            ("cluster_id", "clusters", "id"),
        ],
    )
    for column in ("article_id", "speaker_id", "cluster_id", "kind"):
        db["quotes"].create_index([column], if_not_exists=True)
    # The clustering index (see quotes.cluster): hashes of word 3-grams per cluster, each
    # distinct normalised wording, and clusters with the same words from different speakers.
    db.execute(
        "create table if not exists cluster_shingles (hash integer not null, cluster_id integer"
        " not null references clusters(id), primary key (hash, cluster_id)) without rowid"
    )
    db.execute("create index if not exists cluster_shingles_cluster_id on cluster_shingles(cluster_id)")
    db.execute(
        "create table if not exists cluster_variants (cluster_id integer not null references"
        " clusters(id), key text not null, primary key (cluster_id, key)) without rowid"
    )
    db["cluster_links"].create(
        {"cluster_id": int, "related_cluster_id": int, "reason": str},
        pk=("cluster_id", "related_cluster_id"), if_not_exists=True,
        foreign_keys=[("cluster_id", "clusters", "id"), ("related_cluster_id", "clusters", "id")],
    )
    db["cluster_links"].create_index(["related_cluster_id"], if_not_exists=True)
    for table, columns in (("speakers", ["name"]), ("speaker_aliases", ["alias"]),
                           ("quotes", ["text", "speaker_mention"])):
        if not db[table].detect_fts():
            db[table].enable_fts(columns, create_triggers=True)
    db.create_view("quote_list", QUOTE_LIST_SQL, ignore=True)
    db.create_view("speaker_outlets", SPEAKER_OUTLETS_SQL, ignore=True)
    db.create_view("cluster_appearances", CLUSTER_APPEARANCES, ignore=True)



@migration
def m002_published_as_utc_instant(db: sqlite_utils.Database) -> None:
    """``articles.published`` becomes a UTC instant; what the source wrote moves to ``published_raw``.

    Compared as written, ``Mar 1, 2019`` sorts after ``2019-03-05T09:00`` and
    ``08:00+05:00`` after ``05:00Z``; as instants (see :mod:`quotes.published`)
    every ordering by ``published`` (first appearance, views, pages, canned
    queries) is by time. The clusters' first appearances are worked out again,
    and the views gain ``published_raw``.
    """
    from quotes.commit import statements as cluster
    from quotes.readers.dates import to_utc

    views = (("quote_list", QUOTE_LIST_SQL), ("cluster_appearances", CLUSTER_APPEARANCES))
    for name, _ in views:  # dropped first: they name the new column (m001 made them from the same SQL)
        db.execute(f"drop view if exists {name}")
    if "published_raw" not in db["articles"].columns_dict:
        db["articles"].add_column("published_raw", str)
    rows = db.execute("select id, published from articles where published is not null"
                      " and published_raw is null").fetchall()
    db.conn.executemany("update articles set published_raw = ?, published = ? where id = ?",
                        [(raw, to_utc(raw), article_id) for article_id, raw in rows])
    cluster.refresh_cluster_stats(db, [row[0] for row in db.execute("select id from clusters")])
    for name, sql in views:
        db.create_view(name, sql)


# One row per quote with its speaker, outlet and date by name, so Datasette can facet and
# search quotes by outlet and speaker (facets only work on a table's or view's own columns).
QUOTE_LIST_SQL = """
select quotes.id as quote_id, articles.published, outlets.name as outlet, speakers.name as speaker,
       quotes.kind, quotes.role, quotes.text, quotes.speaker_mention, quotes.cue,
       articles.title, quotes.article_id, quotes.speaker_id, articles.outlet_id, quotes.cluster_id,
       articles.published_raw
from quotes
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
left join speakers on speakers.id = quotes.speaker_id
"""

SPEAKER_OUTLETS_SQL = """
select quotes.speaker_id, speakers.name as speaker, outlets.name as outlet,
       count(*) as quote_count, count(distinct quotes.article_id) as article_count
from quotes
join speakers on speakers.id = quotes.speaker_id
join articles on articles.id = quotes.article_id
left join outlets on outlets.id = articles.outlet_id
group by quotes.speaker_id, outlets.name
"""

CLUSTER_APPEARANCES = """
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


# The outlet of an article whose source names none, in the views people browse and facet:
# a facet leaves out empty values, so such quotes went uncounted. The Datasette plugin
# shows it the same way everywhere (quotes.datasette_plugin.UNKNOWN_OUTLET).
UNKNOWN_OUTLET = "unknown outlet"
_OUTLET_NAME = "outlets.name as outlet,"
_OUTLET_OR_UNKNOWN = f"coalesce(outlets.name, '{UNKNOWN_OUTLET}') as outlet,"


@migration
def m003_views_name_the_unknown_outlet(db: sqlite_utils.Database) -> None:
    """``quote_list``, ``speaker_outlets`` and ``cluster_appearances`` say "unknown outlet"."""
    for name, sql in (("quote_list", QUOTE_LIST_SQL), ("speaker_outlets", SPEAKER_OUTLETS_SQL),
                      ("cluster_appearances", CLUSTER_APPEARANCES)):
        db.create_view(name, sql.replace(_OUTLET_NAME, _OUTLET_OR_UNKNOWN), replace=True)


# The full-text columns of each table that sqlite-utils' enable_fts indexes.
FTS_COLUMNS = {"speakers": ("name",), "speaker_aliases": ("alias",),
               "quotes": ("text", "speaker_mention")}


@migration
def m004_fts_updates_only_for_searched_columns(db: sqlite_utils.Database) -> None:
    """Re-index a row's full text only when a searched column changes.

    sqlite-utils' update triggers fire on any column, so each quote counted to a
    speaker (``quote_count``) and each quote moved to another cluster deleted and
    re-inserted its full-text entry: a fifth of the commit stage's SQL time.
    """
    for table, columns in FTS_COLUMNS.items():
        db.execute(f'drop trigger if exists "{table}_au"')
        db.execute(_fts_triggers(table, columns)["au"])


def _columns(columns: tuple[str, ...], row: str = "") -> str:
    """``"text", "speaker_mention"``, or ``new."text", new."speaker_mention"`` for ``row="new."``."""
    return ", ".join(f'{row}"{column}"' for column in columns)


def _fts_triggers(table: str, columns: tuple[str, ...], guard: str = "") -> dict[str, str]:
    """The update (``au``) and delete (``ad``) triggers that keep ``table``'s full-text index
    in step, each only ``when`` the ``guard`` holds if one is given."""
    names = _columns(columns)
    forget = (f'insert into "{table}_fts" ("{table}_fts", rowid, {names})'
              f" values ('delete', old.rowid, {_columns(columns, 'old.')});")
    when = f"when {guard} " if guard else ""
    return {
        "au": f'create trigger "{table}_au" after update of {names} on "{table}" {when}begin\n'
              f'  {forget}\n'
              f'  insert into "{table}_fts" (rowid, {names}) values (new.rowid, {_columns(columns, "new.")});\nend',
        "ad": f'create trigger "{table}_ad" after delete on "{table}" {when}begin\n  {forget}\nend',
    }

@migration
def m005_speaker_lookup(db: sqlite_utils.Database) -> None:
    """An index of speakers' names and aliases by folded word and consonant skeleton.

    The fuzzy look-up (``quotes_by_speaker``, :func:`quotes.identity.speakers_called`)
    scores only the names filed under a key of the name asked for, instead of
    running a Python function over every name and alias: at a million quotes that
    is the difference between milliseconds and seconds.
    """
    db.execute("create table if not exists speaker_lookup (key text not null, written text not null,"
               " primary key (key, written)) without rowid")
    db["speaker_aliases"].create_index(["alias"], if_not_exists=True)
    file_names(db, [name for (name,) in db.execute(
        "select name from speakers union select alias from speaker_aliases")])


@migration
def m006_counts_and_covering_indexes_for_pages(db: sqlite_utils.Database) -> None:
    """What keeps the busiest pages fast at a million quotes.

    ``outlets.quote_count``, kept by the commit stage as ``speakers.quote_count``
    is, and an index on ``speakers.quote_count``: the database page's charts read
    counts instead of grouping every quote. An index on ``quotes(article_id,
    speaker_id)`` covers ``quote_list``'s joins, so counting and faceting the view
    never reads a quote's row; one on ``quotes(speaker_id, article_id, start)`` lets a
    speaker's page pick its first quotes and count them per outlet the same way.
    """
    if "quote_count" not in db["outlets"].columns_dict:
        db["outlets"].add_column("quote_count", int, not_null_default=0)
    db.execute("update outlets set quote_count = (select count(*) from quotes join articles"
               " on articles.id = quotes.article_id where articles.outlet_id = outlets.id)")
    db["speakers"].create_index(["quote_count"], if_not_exists=True)
    # Each wider index does the work of the one-column index it starts with, which goes:
    # the commit stage maintains as many indexes on quotes as before.
    db["quotes"].create_index(["article_id", "speaker_id"], if_not_exists=True)
    db["quotes"].create_index(["speaker_id", "article_id", "start"], if_not_exists=True)
    db.execute("drop index if exists idx_quotes_article_id")
    db.execute("drop index if exists idx_quotes_speaker_id")


# A quote's statement: the quotes of one article with the same cue and the same speaker
# are the pieces of one statement (``"A," she said. "B."``: the rules engine gives the
# continuation its first piece's cue), and the statement is named by its first piece in
# the text. A quote with no cue is a statement of its own.
_FILL_STATEMENTS = """
    update quotes set statement_id = coalesce((
        select piece.id from quotes as piece
        where piece.article_id = quotes.article_id and piece.cue_start = quotes.cue_start
              and piece.cue_end = quotes.cue_end and piece.speaker_id is quotes.speaker_id
        order by piece.start, piece.id limit 1), quotes.id)
"""


@migration
def m007_statements(db: sqlite_utils.Database) -> None:
    """``quotes.statement_id``: the statement a quote is a piece of, by its first piece's id.

    A column rather than a ``statements`` table: a statement has nothing of its own
    beyond its pieces (speaker, cue, article and cluster are the pieces'), so a table
    would only repeat them. Existing quotes are grouped as the commit stage groups new ones.
    """
    if "statement_id" not in db["quotes"].columns_dict:
        db["quotes"].add_column("statement_id", int)
    db.execute(_FILL_STATEMENTS)
    db["quotes"].create_index(["statement_id"], if_not_exists=True)


def fill_statements(db: sqlite_utils.Database, article_id: int) -> None:
    """Set ``statement_id`` on one article's quotes (see :func:`m007_statements`)."""
    db.execute(_FILL_STATEMENTS + " where quotes.article_id = ?", [article_id])


# quote_list with the outlet's and the speaker's names looked up per row instead of joined:
# the same rows, but a count or a facet on another column never reads them (SQLite 3.40 does
# not drop an unused LEFT JOIN from an aggregate), and a filter on the outlet stops early.
QUOTE_LIST_LOOKED_UP = f"""
select quotes.id as quote_id, articles.published,
       coalesce((select name from outlets where outlets.id = articles.outlet_id),
                '{UNKNOWN_OUTLET}') as outlet,
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

    At 100,000 quotes counting the view took 150 ms and faceting it by kind 260 ms
    through the joins, 50 and 95 ms this way; Datasette counts it on every visit of
    a changed database.
    """
    db.create_view("quote_list", QUOTE_LIST_LOOKED_UP, replace=True)


# One row per speaker and spelling, counted by triggers on ``speaker_aliases`` (which has a
# row per article), so every writer (the commit stage, merge, split) keeps it true.
_SPELLINGS_TRIGGERS = ["""
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
end"""]


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
    db.execute("create table if not exists speaker_spellings (speaker_id integer not null"
               " references speakers(id), alias text not null, key text, articles integer not null,"
               " primary key (speaker_id, alias)) without rowid")
    db.execute("create index if not exists speaker_spellings_key on speaker_spellings(key, speaker_id)")
    db.execute("create index if not exists speaker_spellings_alias on speaker_spellings(alias, speaker_id)")
    db.execute("delete from speaker_spellings")
    db.execute("insert into speaker_spellings (speaker_id, alias, key, articles)"
               " select speaker_id, alias, min(key), count(*) from speaker_aliases"
               " where alias is not null and speaker_id is not null group by speaker_id, alias")
    for trigger in _SPELLINGS_TRIGGERS:
        db.execute(trigger)
    db.execute("create table if not exists cluster_outlets (cluster_id integer not null"
               " references clusters(id), outlet_id integer not null references outlets(id),"
               " primary key (cluster_id, outlet_id)) without rowid")
    db.execute("insert or ignore into cluster_outlets (cluster_id, outlet_id)"
               " select distinct quotes.cluster_id, articles.outlet_id from quotes"
               " join articles on articles.id = quotes.article_id"
               " where quotes.cluster_id is not null and articles.outlet_id is not null")


def _indexed_up_to(table: str) -> str:
    return f'(select coalesce(max(id), 0) from "{table}_fts_docsize")'


def index_new_rows(db: sqlite_utils.Database) -> None:
    """Add the rows inserted since the last call to the full-text indexes, in one statement each.

    Rows get ever larger ids and are indexed in id order, so the rows past the
    index's largest id are exactly the new ones. :func:`writing` calls this
    before each commit.
    """
    for table, columns in FTS_COLUMNS.items():
        names = _columns(columns)
        db.execute(f'insert into "{table}_fts" (rowid, {names}) select rowid, {names} from "{table}"'
                   f" where rowid > {_indexed_up_to(table)}")


@migration
def m010_full_text_indexed_once_a_transaction(db: sqlite_utils.Database) -> None:
    """Index new quotes, speakers and aliases for full-text search once a transaction.

    An insert trigger indexed each row as it came, and FTS5 writes its pending
    terms out as a new segment at every savepoint: the commit stage, which wraps
    each article of a batch in one, wrote a segment (and merged segments) per
    article, a fifth of its time. :func:`index_new_rows` now indexes a
    transaction's new rows before it commits. The update and delete triggers
    stay, for rows indexed already; a row inserted in the same transaction is
    indexed as it is at the commit.
    """
    for table, columns in FTS_COLUMNS.items():
        for suffix in ("ai", "au", "ad"):
            db.execute(f'drop trigger if exists "{table}_{suffix}"')
        for trigger in _fts_triggers(table, columns, f"old.rowid <= {_indexed_up_to(table)}").values():
            db.execute(trigger)
    index_new_rows(db)


def file_names(db: sqlite_utils.Database, written: list[str]) -> None:
    """File names and aliases in ``speaker_lookup`` under their keys (once each)."""
    db.conn.executemany("insert or ignore into speaker_lookup (key, written) values (?, ?)",
                        [(key, name) for name in written if name for key in names.lookup_keys(name)])


def add_speaker(db: sqlite_utils.Database, row: dict) -> int:
    """A new ``speakers`` row, its name filed for the fuzzy look-up; its id."""
    file_names(db, [row["name"]])
    return add_row(db, "speakers", row)


def add_alias(db: sqlite_utils.Database, row: dict) -> None:
    """A new ``speaker_aliases`` row, its spelling filed for the fuzzy look-up."""
    file_names(db, [row["alias"]])
    add_row(db, "speaker_aliases", row)


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def add_row(db: sqlite_utils.Database, table: str, row: dict) -> int:
    """Insert one row into a table the migrations made; its id.

    A plain INSERT on the open connection rather than ``db[table].insert``: on the
    commit stage's path (thousands of rows a second) sqlite-utils' per-call schema
    look-up, savepoint and ``last_pk`` query cost more than the insert itself.
    """
    return db.conn.execute(_insert_sql(table, row), list(row.values())).lastrowid


def add_rows(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Insert rows that all have the same keys, as :func:`add_row` does one."""
    if rows:
        db.conn.executemany(_insert_sql(table, rows[0]), [list(row.values()) for row in rows])


def _insert_sql(table: str, row: dict) -> str:
    columns = ", ".join(f'"{column}"' for column in row)
    return f'insert into "{table}" ({columns}) values ({", ".join("?" * len(row))})'


def has_article(db: sqlite_utils.Database, article: Article) -> bool:
    return bool(
        db.execute(
            "select 1 from articles where content_hash = ?", [article.content_hash]
        ).fetchone()
    )


def content_hashes(db: sqlite_utils.Database) -> Iterator[str]:
    """The content hash of every stored article (see :attr:`Article.content_hash`)."""
    for (content_hash,) in db.execute("select content_hash from articles"):
        yield content_hash


def outlet_id(db: sqlite_utils.Database, name: str | None) -> int | None:
    if not name:
        return None
    row = db.execute("select id from outlets where name = ?", [name]).fetchone()
    if row:
        return row[0]
    return add_row(db, "outlets", {"name": name})


def insert_article(db: sqlite_utils.Database, article: Article, engine: str) -> int:
    """Insert the article row and return its id; the caller holds the transaction."""
    return add_row(db, "articles", {
        "source": article.source,
        "outlet_id": outlet_id(db, article.outlet),
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "published_raw": article.published_raw,
        "text": article.text,
        "content_hash": article.content_hash,
        "engine": engine,
        "ingested_at": now(),
    })


def insert_quotes(db: sqlite_utils.Database, article_id: int, quotes: list[Attribution]) -> None:
    """Insert an article's quotes, each marked with its statement; speaker and cluster ids
    must already be set."""
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
    add_rows(db, "quotes", rows)
    if rows:
        fill_statements(db, article_id)
        db.execute("update outlets set quote_count = quote_count + ? where id ="
                   " (select outlet_id from articles where id = ?)", [len(rows), article_id])


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Rows per main table, for the end-of-run summary and for tests."""
    return {name: db[name].count for name in ("articles", "quotes", "speakers", "clusters")}


def export_rows(db: sqlite_utils.Database, article_ids: Iterable[int] | None = None) -> Iterator[dict]:
    """One record per quote with exactly :data:`EXPORT_FIELDS`; all, or those of ``article_ids``.

    ``article_ids`` (in that order) lets ``extract --spark-output`` write the
    quotes of one run's inputs, however many, a thousand articles at a time.
    """
    if article_ids is None:
        yield from _export_rows(db, "")
        return
    ids = iter(dict.fromkeys(article_ids))  # an article read twice is exported once
    while chunk := list(itertools.islice(ids, 1000)):
        place = {article_id: n for n, article_id in enumerate(chunk)}
        where = f"where quotes.article_id in ({', '.join('?' * len(chunk))})"
        yield from sorted(_export_rows(db, where, chunk), key=lambda row: place[row["article_id"]])


def _export_rows(db: sqlite_utils.Database, where: str, params=()) -> Iterator[dict]:
    sql = f"""
        select articles.source, outlets.name as outlet, quotes.article_id, quotes.kind,
               quotes.text, quotes.start, quotes."end", quotes.cue, quotes.cue_start,
               quotes.cue_end, speakers.name as speaker, quotes.speaker_id,
               quotes.speaker_mention, quotes.speaker_start, quotes.speaker_end,
               quotes.cluster_id
        from quotes
        join articles on articles.id = quotes.article_id
        left join outlets on outlets.id = articles.outlet_id
        left join speakers on speakers.id = quotes.speaker_id
        {where}
        order by quotes.article_id, quotes.start
    """
    for row in db.query(sql, params):
        yield {field: row[field] for field in EXPORT_FIELDS}


# ---------------------------------------------------------------- reading back

_QUOTE_ROWS = """
    select quotes.kind, quotes.text, quotes.start, quotes."end", quotes.cue, quotes.cue_start,
           quotes.cue_end, speakers.name as speaker, quotes.speaker_mention, quotes.speaker_start,
           quotes.speaker_end, quotes.told_to, quotes.speaker_id, quotes.cluster_id
    from quotes left join speakers on speakers.id = quotes.speaker_id
"""


def article_id(db: sqlite_utils.Database, article: Article) -> int | None:
    row = db.execute("select id from articles where content_hash = ?",
                     [article.content_hash]).fetchone()
    return row[0] if row else None


def article_quotes(db: sqlite_utils.Database, article_id: int) -> list[Quote]:
    """An article's stored quotes in text order, speakers by their canonical names."""
    rows = db.query(_QUOTE_ROWS + " where quotes.article_id = ? order by quotes.start", [article_id])
    return [Quote(**row) for row in rows]


def speaker_quotes(db: sqlite_utils.Database, speaker_id: int) -> list[Quote]:
    """Everything one speaker said, in the order the articles were stored."""
    rows = db.query(_QUOTE_ROWS + " where quotes.speaker_id = ? order by quotes.article_id, "
                    "quotes.start", [speaker_id])
    return [Quote(**row) for row in rows]


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
        where.append("(speakers.name like ? or speakers.id in "
                     "(select speaker_id from speaker_aliases where alias like ?))")
        params += [f"%{search}%"] * 2
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


def speaker_aliases(db: sqlite_utils.Database, speaker_id: int) -> list[dict]:
    """Each spelling of a speaker with the articles that use it, most used first."""
    return list(db.query(
        "select alias, count(distinct article_id) as articles, group_concat(distinct article_id)"
        " as ids from speaker_aliases where speaker_id = ? group by alias order by 2 desc",
        [speaker_id]))


def speaker_role_names(db: sqlite_utils.Database, speaker_id: int) -> list[str]:
    return [row["role"] for row in db.query(
        "select role, count(*) from speaker_roles where speaker_id = ? group by role "
        "order by 2 desc", [speaker_id])]


def speaker_outlet_counts(db: sqlite_utils.Database, speaker_id: int) -> list[dict]:
    return list(db.query("select outlet, quote_count, article_count from speaker_outlets "
                         "where speaker_id = ? order by quote_count desc", [speaker_id]))


def speaker_row(db: sqlite_utils.Database, speaker_id: int) -> dict | None:
    """One speaker's row (name, kind, quote_count...), or None when there is no such speaker."""
    rows = list(db.query("select * from speakers where id = ?", [speaker_id]))
    return rows[0] if rows else None
