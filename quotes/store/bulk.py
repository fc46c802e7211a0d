"""A database loaded whole from tables worked out elsewhere (the Spark tables): built new,
or appended to one that holds articles already.

Why: the commit stage stores one article at a time, with look-ups, at about 20 ms
an article; when a cluster has already numbered every row
(:mod:`quotes.run.spark_tables`), storing them is plain bulk inserts. What makes
those fast, as SQLite's own advice for bulk loading has it, and what was measured
(docs/spark.md, ``benchmarks/bulk_load.py``):

- the load goes into a new file beside the database, with no rollback journal, no
  syncing, an exclusive lock, a large page cache and 16 KiB pages (a quarter of the
  pages to write and link as at the default 4 KiB; SQLite and Datasette read any page
  size), and the finished file is moved into place: a load that fails leaves no
  database (nor a half-written one), and nothing had to be journalled;
- the rows go in as Arrow columns through ADBC's SQLite driver (``adbc-driver-sqlite``,
  the Arrow project's): each value is bound in C, with no Python object made per row
  and no Python lock held: the quotes went in three times as fast as by ``executemany``
  over tuples, all the rows about twice;
- the secondary indexes and the triggers are dropped first and made again at the
  end, with the SQL they had (one sort per index rather than a random B-tree insert
  per row; the spellings' counts, which a trigger keeps row by row, filled by one
  ``insert ... select``), so the schema comes out exactly as the migrations made it;
- the work is spread over three threads at a time, SQLite and Arrow letting go of
  Python's lock while they work. The quotes, the largest table, are built whole on a
  second thread in a file of their own (:func:`_aside`), their indexes too, and copied
  in by SQLite's transfer (``insert into ... select *`` into an empty table with the
  same definition and indexes copies records and index entries as they are, in order,
  without decoding or sorting them again). Once they are built, the full-text indexes
  are made from them (:func:`_fulltext`, on a thread that waits for them), the largest
  single cost (tokenising every quote), into a second file while the main thread copies
  the quotes in, with FTS5's pending-terms buffer at 64 MiB rather than 1 MiB, so that
  the quotes' index (of 113,720 quotes) is written out as one segment, not flushed and
  merged into eight, in a third less time; their storage tables are then copied into
  the new file as they are (the same definitions give the same index: the tests compare
  the searches and run FTS5's ``integrity-check``). A third thread counts quote_list's
  facets and files the roles from Arrow columns (:func:`_counted`), while the main
  thread loads the other tables and makes their indexes;
- the next table's Parquet reader is opened before the rows of this one are inserted, so
  Arrow decodes it meanwhile;
- the rows come in primary-key order (the Spark tables are written so), each
  quote's statement id worked out already, and the foreign keys are not looked up
  at each row: the tables were numbered to fit (``tests/test_spark.py`` checks them
  with ``pragma foreign_key_check``).

**Appending** (a database that exists already): the tables are first loaded as
above into a new file, without indexes, and then merged into the database in
one transaction, in SQL (:func:`_merge`): new rows get ids after the stored ones,
a speaker known beyond one article is matched to the stored speaker of its kind
and name key (its name or one of its spellings, as the commit stage's exact
look-up), a statement to the stored one with its exact wording (and, under six
words, its speaker), outlets by name; the stored rows keep what they hold, and
matched statements and speakers get their figures recounted. A failure rolls the
transaction back: the database is as it was.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import sqlite_utils

from quotes.store.connection import open_db
from quotes.store.counters import STATEMENT_SPREAD, recount_speaker_quotes, refresh_cluster_stats
from quotes.store.fulltext import FTS_COLUMNS, index_new_rows
from quotes.store.locking import writing
from quotes.store.writes import role_group

CACHE_KIB = 256 * 1024  # the new file's page cache: the index sorts stay in memory up to this
PAGE_BYTES = 16 * 1024  # a new database's page size
FULLTEXT_HASH_BYTES = 64 * 1024 * 1024  # FTS5's pending terms, kept in memory up to this, while loading
_FAST = ("journal_mode = off", "synchronous = off", "locking_mode = exclusive",
         f"cache_size = -{CACHE_KIB}",
         "foreign_keys = off")  # the tables were made to fit (the tests check)
# The tables built whole on another thread, in a file of their own, indexes and all, while
# this one builds the rest, then copied in as they are (SQLite's transfer: records and
# index entries copied, not decoded nor sorted again); the quotes, whose rows and five
# indexes were the main thread's largest part, and whose words the full-text indexes read.
ASIDE = ("quotes",)
_SHADOWS = ("data", "idx", "docsize")  # an FTS5 index's own tables (its "config" is the schema's)

# The spellings' counts, as the ``speaker_aliases_spelled`` trigger (migration m009) keeps them.
_SPELLINGS = ("insert into speaker_spellings (speaker_id, alias, key, articles)"
              " select speaker_id, alias, min(key), count(*) from speaker_aliases"
              " where alias is not null and speaker_id is not null group by speaker_id, alias")

# ``read(table, columns)``: that table's rows, those columns, as an Arrow record batch
# reader (or anything ADBC binds: a table, a batch), in primary-key order.
Reader = Callable[[str, tuple[str, ...]], object]


def load(db_path: str | Path, tables: dict[str, tuple[str, ...]], read: Reader) -> None:
    """Build the database ``db_path``, or append to it when it exists, from ``tables``
    (each table's columns), whose rows ``read`` gives, numbered from 1."""
    db_path = Path(db_path)
    loading = db_path.with_name(db_path.name + ".loading")
    sides = (db_path.with_name(db_path.name + ".loading-aside"),
             db_path.with_name(db_path.name + ".loading-fulltext"))
    for path in (loading, *sides):
        _remove(path)
    try:
        if db_path.exists():
            _build(loading, tables, read, finish=False)
            _append(db_path, loading)
            _remove(loading)
            return
        _new_file(loading)
        _build(loading, tables, read, finish=True, sides=sides)
        for suffix in ("-wal", "-shm"):
            _remove(Path(str(db_path) + suffix))
        os.replace(loading, db_path)
    except BaseException:
        _remove(loading)
        raise
    finally:
        for path in sides:
            _remove(path)


def _new_file(path: Path) -> None:
    """An empty database file of :data:`PAGE_BYTES` pages (a page size holds from the
    first write on)."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"pragma page_size = {PAGE_BYTES}")
        conn.execute("vacuum")


def _build(path: Path, tables: dict, read: Reader, finish: bool, sides: tuple[Path, Path] = ()) -> None:
    """Insert the rows into the file at ``path`` (its schema made by the migrations first);
    when ``finish``, make the indexes, triggers, spellings and full-text indexes too (a
    file to append from needs none of them), the tables of :data:`ASIDE` and the
    full-text indexes in the two files ``sides`` meanwhile, on other threads."""
    adbc = _adbc()
    db = open_db(path)
    with closing(db.conn) as conn:
        names = [*tables, "speaker_spellings"]
        dropped = conn.execute(
            f"select type, name, sql, tbl_name from sqlite_master where type in ('index', 'trigger') "
            f"and sql is not null and tbl_name in ({', '.join('?' * len(names))})", names).fetchall()
        made = {name: sql for name, sql in conn.execute(
            "select name, sql from sqlite_master where type in ('table', 'index') and sql is not null")}
        aside = {table: [made[table]] + [sql for kind, _, sql, of in dropped if kind == "index" and of == table]
                 for table in ASIDE if finish}
        fulltext = {table: made[f"{table}_fts"] for table in FTS_COLUMNS}
        for kind, name, *_ in dropped:
            conn.execute(f'drop {kind} "{name}"')
        conn.commit()
        conn.execute("pragma journal_mode = delete")  # one file, for the other library to open
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="bulk") as others, \
            closing(adbc.connect(str(path), autocommit=True)) as connection, \
            closing(connection.cursor()) as cursor:  # the threads waited for on the way out
        if finish:
            built = others.submit(_aside, sides[0], aside, tables, read)
            indexed = others.submit(_fulltext, sides, built, fulltext, tables, aside)
            counted = others.submit(_counted, read, made["role_groups"])
        for pragma in _FAST:
            cursor.execute(f"pragma {pragma}")
        cursor.execute("begin")
        for table, rows in _ahead(read, {t: c for t, c in tables.items() if t not in aside}):
            cursor.adbc_ingest(table, rows, mode="append")
        if finish:
            cursor.execute(_SPELLINGS)
            for kind, _, sql, table in dropped:
                if kind == "index" and table not in aside:
                    cursor.execute(sql)
            facets, roles = counted.result()
            cursor.adbc_ingest("quote_facets", facets, mode="append")
            cursor.adbc_ingest("role_groups", roles, mode="append")
            built.result()  # raises what the thread raised; the full-text one reads it meanwhile
            cursor.execute("attach database ? as aside", [str(sides[0])])
            for table, (_, *indexes) in aside.items():
                for sql in indexes:  # on the empty table: SQLite then copies them as they are
                    cursor.execute(sql)
                cursor.execute(f'insert into main."{table}" select * from aside."{table}"')
            indexed.result()
            cursor.execute("attach database ? as fulltext", [str(sides[1])])
            for table in FTS_COLUMNS:
                for shadow in _SHADOWS:  # the new file's are as the migrations made them
                    cursor.execute(f'delete from main."{table}_fts_{shadow}"')
                    cursor.execute(f'insert into main."{table}_fts_{shadow}" '
                                   f'select * from fulltext."{table}_fts_{shadow}"')
            cursor.execute("update quote_facets_counted set quote_id = (select coalesce(max(id), 0) from quotes)")
            cursor.execute(STATEMENT_SPREAD)  # m016's kept figures, before its triggers are back
            for kind, _, sql, _ in dropped:
                if kind == "trigger":  # after the copies (SQLite copies into a table with none)
                    cursor.execute(sql)
        cursor.execute("commit")
        if finish:
            for name in ("aside", "fulltext"):
                cursor.execute(f"detach database {name}")
            cursor.execute("pragma journal_mode = wal")  # as open_db leaves a database


def _ahead(read: Reader, tables: dict[str, tuple[str, ...]]):
    """Each table's name and its rows, the next table's reader opened before this one's
    rows are taken: Arrow reads it meanwhile (a few batches ahead, no more), so
    SQLite seldom waits for Parquet to be decoded."""
    names = list(tables)
    following = read(names[0], tables[names[0]]) if names else None
    for number, table in enumerate(names):
        rows = following
        if number + 1 < len(names):
            following = read(names[number + 1], tables[names[number + 1]])
        yield table, rows


def _aside(side: Path, aside: dict[str, list[str]], tables: dict, read: Reader) -> None:
    """Build, in the new file ``side``, the tables ``aside`` (each one's ``create table``
    then its ``create index`` statements) whole, and copy in the indexed columns of the
    full-text indexes' other tables (``words_<table>``), as Arrow columns through ADBC."""
    with closing(_adbc().connect(str(side), autocommit=True)) as connection, \
            closing(connection.cursor()) as cursor:
        for pragma in _FAST:
            cursor.execute(f"pragma {pragma}")
        cursor.execute("begin")
        for table, (made, *indexes) in aside.items():
            cursor.execute(made)
            cursor.adbc_ingest(table, read(table, tables[table]), mode="append")
            for sql in indexes:
                cursor.execute(sql)
        for table, columns in FTS_COLUMNS.items():
            if table not in aside:
                numbered = ("id",) if "id" in tables[table] else ()  # else numbered as inserted
                cursor.adbc_ingest(f"words_{table}", read(table, numbered + columns), mode="create")
        cursor.execute("commit")


def _fulltext(sides: tuple[Path, Path], built, definitions: dict[str, str], tables: dict,
              aside: dict) -> None:
    """Once ``built`` (the future of :func:`_aside`) is done, build the full-text indexes
    (``definitions``: each one's ``create virtual table``) into the new file ``sides[1]``
    from the words in ``sides[0]``, each filled by one ``insert ... select`` with Python's
    own SQLite, the one that reads it later. A file apart from the rows, so that the main
    thread copies those in while this one works."""
    built.result()
    with closing(sqlite3.connect(sides[1], isolation_level=None)) as conn:
        for pragma in _FAST:
            conn.execute(f"pragma {pragma}")
        conn.execute("attach database ? as words", [str(sides[0])])
        conn.execute("begin")
        for table, columns in FTS_COLUMNS.items():
            index = f"{table}_fts"
            listed = ", ".join(f'"{column}"' for column in columns)
            conn.execute(definitions[table])
            conn.execute(f'insert into "{index}" ("{index}", rank) values (\'hashsize\', ?)',
                         [FULLTEXT_HASH_BYTES])
            rowid = "id" if "id" in tables[table] else "rowid"
            words = table if table in aside else f"words_{table}"
            conn.execute(f'insert into "{index}" (rowid, {listed}) '
                         f'select {rowid}, {listed} from words."{words}"')  # in the order read
        conn.execute("commit")
        conn.execute("detach database words")


def _counted(read: Reader, role_groups: str):
    """quote_list's facet counts (``quote_facets``, migration m015) and the role groups
    (``role_groups``; the argument is its ``create table``) of all the rows ``read``
    gives, as two Arrow tables in their primary keys' order, worked out on a thread of
    their own while the others load. Why: in SQL (:func:`quotes.store.counters.count_new_quotes`)
    the counts took a third of the main thread's time; Arrow's joins and group-bys,
    in C, from the few columns needed, a fifth of that. Those columns are held in memory
    whole, with the joins' copies: about 41 bytes a quote (4.7 MB for the x10 tables'
    113,720 quotes), tens of GB for 100 million articles loaded at once, a few for a month.

    The counts are those that function's SQL gives: each quote as quote_list shows it,
    its article's outlet by name ("unknown outlet" for none; an article whose outlet row
    is missing left out), its speaker's name, counted for the whole view ('') and per
    outlet, speaker and kind. The roles are filed as :func:`_file_roles` files them (by
    the commit stage's :func:`quotes.store.writes.role_group`, into a database in memory).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    def table(name, columns, *renamed):
        found = read(name, columns)
        found = found.read_all() if hasattr(found, "read_all") else pa.table(found)
        return found.rename_columns(list(renamed or columns))

    quotes = table("quotes", ("article_id", "speaker_id", "kind", "role"))
    rows = quotes.join(table("articles", ("id", "outlet_id"), "article_id", "outlet_id"), "article_id")
    outlets = table("outlets", ("id", "name"), "outlet_id", "outlet")
    outlets = outlets.append_column("present", pa.array([True] * len(outlets), pa.bool_()))
    rows = rows.join(outlets, "outlet_id", join_type="left outer")
    rows = rows.filter(pc.or_(pc.is_null(rows["outlet_id"]), pc.is_valid(rows["present"])))
    rows = rows.set_column(rows.schema.get_field_index("outlet"), "outlet",
                           pc.if_else(pc.is_null(rows["outlet_id"]), "unknown outlet", rows["outlet"]))
    rows = rows.join(table("speakers", ("id", "name"), "speaker_id", "speaker"), "speaker_id",
                     join_type="left outer")
    grouped = rows.group_by(["outlet", "speaker", "kind", "role"]).aggregate([([], "count_all")])

    def constant(text):
        return pa.array([text] * len(grouped), pa.string())

    pairs = []
    for filtered in ("", "outlet", "speaker", "kind"):
        for facet in ("", "outlet", "speaker", "kind", "role"):
            if filtered and filtered == facet:
                continue
            pairs.append(pa.table({
                "filter": constant(filtered),
                "filter_value": grouped[filtered] if filtered else constant(""),
                "facet": constant(facet), "value": grouped[facet] if facet else constant(""),
                "n": grouped["count_all"]}))
    counts = pa.concat_tables(pairs)
    counts = counts.filter(pc.and_(pc.is_valid(counts["filter_value"]), pc.is_valid(counts["value"])))
    keys = ["filter", "filter_value", "facet", "value"]
    summed = counts.group_by(keys).aggregate([("n", "sum")])
    facets = pa.table({**{key: summed[key] for key in keys}, "n": summed["n_sum"]}) \
        .sort_by([(key, "ascending") for key in keys])  # bytewise, as SQLite's binary collation

    roles = quotes.filter(pc.is_valid(quotes["role"])).group_by("role") \
        .aggregate([("article_id", "min")]).sort_by([("article_id_min", "ascending"), ("role", "ascending")])
    filed = sqlite_utils.Database(memory=True)
    filed.execute(role_groups)
    _file_roles(filed, roles["role"].to_pylist())
    grouped_roles = filed.execute("select role, key, name from role_groups order by role").fetchall()
    filed.close()
    return facets, pa.table({name: pa.array([row[n] for row in grouped_roles], pa.string())
                             for n, name in enumerate(("role", "key", "name"))})


def _adbc():
    """ADBC's SQLite driver (the ``spark`` extra installs it)."""
    try:
        import adbc_driver_sqlite.dbapi as adbc
    except ImportError:
        raise ImportError("the bulk load needs adbc-driver-sqlite: pip install -e '.[spark]'") from None
    return adbc


def _append(db_path: Path, loaded: Path) -> None:
    """Merge the rows of the file ``loaded`` (numbered from 1) into the database at
    ``db_path``, in one transaction."""
    db = open_db(db_path)
    try:
        db.conn.execute("attach database ? as loaded", [str(loaded)])
        try:
            with writing(db):  # a failure rolls it all back
                stored = db.execute("select coalesce(max(id), 0) from quotes").fetchone()[0]
                _merge(db)
                _file_roles(db, _appended_roles(db, stored))
                index_new_rows(db)
        finally:
            db.conn.execute("detach database loaded")
    finally:
        db.conn.close()


def _file_roles(db: sqlite_utils.Database, roles: list[str]) -> None:
    """Each role as written filed in ``role_groups`` (spellings of one role grouped), given
    in the order the commit stage files them: article by article, an article's roles
    sorted. The Spark tables do not carry it; a few thousand roles at most, so one
    look-up each."""
    for role in roles:
        role_group(db, role)


def _appended_roles(db: sqlite_utils.Database, after: int) -> list[str]:
    """The roles of the quotes numbered past ``after`` (those just appended), in the order
    :func:`_file_roles` takes them."""
    return [role for (role,) in db.execute(
        "select role from quotes where id > ? and role is not null group by role"
        " order by min(article_id), role", [after]).fetchall()]


def _merge(db: sqlite_utils.Database) -> None:
    """The loaded rows into the main database (inside the caller's transaction)."""
    run = db.conn.execute
    top = {table: run(f"select coalesce(max(id), 0) from main.{table}").fetchone()[0]
           for table in ("articles", "quotes", "speakers", "clusters", "outlets")}
    run("create temp table outlet_ids (loaded integer primary key, id integer not null)")
    run("insert into main.outlets (name, quote_count) select name, 0 from loaded.outlets"
        " where name not in (select name from main.outlets where name is not null) order by id")
    run("insert into outlet_ids select loaded.outlets.id, main.outlets.id from loaded.outlets"
        " join main.outlets on main.outlets.name = loaded.outlets.name")
    run("update main.outlets set quote_count = quote_count + (select loaded.outlets.quote_count"
        " from loaded.outlets join outlet_ids on outlet_ids.loaded = loaded.outlets.id"
        " where outlet_ids.id = main.outlets.id) where id in (select id from outlet_ids)")
    article = top["articles"]
    run(f"""insert into main.articles (id, source, outlet_id, title, url, published, published_raw,
            text, content_hash, engine, ingested_at)
        select loaded.articles.id + {article}, source, outlet_ids.id, title, url, published,
            published_raw, text, content_hash, engine, ingested_at
        from loaded.articles left join outlet_ids on outlet_ids.loaded = loaded.articles.outlet_id
        order by loaded.articles.id""")

    # speakers known beyond one article: the stored one of that kind and name key, if any
    run("create temp table speaker_ids (loaded integer primary key, id integer, matched integer)")
    run("""insert into speaker_ids (loaded, id, matched)
        select loaded.speakers.id, (select min(id) from (
                select id from main.speakers as stored where stored.key = loaded.speakers.key
                    and stored.kind = loaded.speakers.kind and stored.scope_article_id is null
                union all
                select stored.id from main.speaker_spellings as spelled
                    join main.speakers as stored on stored.id = spelled.speaker_id
                where spelled.key = loaded.speakers.key and stored.kind = loaded.speakers.kind
                    and stored.scope_article_id is null)), 1
        from loaded.speakers
        where loaded.speakers.scope_article_id is null and loaded.speakers.key is not null
            and loaded.speakers.kind in ('person', 'organisation')""")
    run("delete from speaker_ids where id is null")
    run(f"""insert into speaker_ids (loaded, id, matched)
        select id, {top["speakers"]} + row_number() over (order by id), 0 from loaded.speakers
        where id not in (select loaded from speaker_ids)""")
    run("""insert into main.speakers (id, name, kind, key, quote_count, block, skeleton,
            scope_article_id)
        select speaker_ids.id, name, kind, key, quote_count, block, skeleton,
            scope_article_id + ?
        from loaded.speakers join speaker_ids on speaker_ids.loaded = loaded.speakers.id
        where not speaker_ids.matched order by speaker_ids.id""", [article])
    for table, columns in (("speaker_aliases", "alias, key"), ("speaker_roles", "role")):
        run(f"""insert into main.{table} (speaker_id, {columns}, article_id)
            select speaker_ids.id, {columns}, article_id + ? from loaded.{table}
            join speaker_ids on speaker_ids.loaded = loaded.{table}.speaker_id
            order by loaded.{table}.rowid""", [article])
    run("insert or ignore into main.speaker_lookup (key, written)"
        " select key, written from loaded.speaker_lookup")

    # statements: the stored one with the same words (under six words, and the same speaker)
    run("create temp table cluster_ids (loaded integer primary key, id integer, matched integer)")
    run("""insert into cluster_ids (loaded, id, matched)
        select loaded.clusters.id, (select min(stored.id) from main.clusters as stored
                where stored.key = loaded.clusters.key and (
                    length(loaded.clusters.key) - length(replace(loaded.clusters.key, ' ', '')) >= 5
                    or (stored.speaker_id = speaker_ids.id and named.scope_article_id is null
                        and named.kind in ('person', 'organisation')))), 1
        from loaded.clusters
        left join loaded.speakers as named on named.id = loaded.clusters.speaker_id
        left join speaker_ids on speaker_ids.loaded = loaded.clusters.speaker_id""")
    run("delete from cluster_ids where id is null")
    run(f"""insert into cluster_ids (loaded, id, matched)
        select id, {top["clusters"]} + row_number() over (order by id), 0 from loaded.clusters
        where id not in (select loaded from cluster_ids)""")
    run("""insert into main.clusters (id, canonical_text, key, speaker_id, article_count,
            outlet_count, first_article_id, told_to)
        select cluster_ids.id, canonical_text, key, speaker_ids.id, article_count, outlet_count,
            first_article_id + ?, told_to
        from loaded.clusters join cluster_ids on cluster_ids.loaded = loaded.clusters.id
        left join speaker_ids on speaker_ids.loaded = loaded.clusters.speaker_id
        where not cluster_ids.matched order by cluster_ids.id""", [article])
    run("""insert or ignore into main.cluster_variants (cluster_id, key)
        select cluster_ids.id, key from loaded.cluster_variants
        join cluster_ids on cluster_ids.loaded = loaded.cluster_variants.cluster_id""")
    run("""insert or ignore into main.cluster_shingles (hash, cluster_id)
        select hash, cluster_ids.id from loaded.cluster_shingles
        join cluster_ids on cluster_ids.loaded = loaded.cluster_shingles.cluster_id""")
    run("""insert or ignore into main.cluster_outlets (cluster_id, outlet_id)
        select cluster_ids.id, outlet_ids.id from loaded.cluster_outlets
        join cluster_ids on cluster_ids.loaded = loaded.cluster_outlets.cluster_id
        join outlet_ids on outlet_ids.loaded = loaded.cluster_outlets.outlet_id""")

    quote = top["quotes"]
    run(f"""insert into main.quotes (id, article_id, kind, text, start, "end", cue, cue_start,
            cue_end, speaker_id, speaker_mention, speaker_start, speaker_end, role, told_to,
            cluster_id, statement_id)
        select loaded.quotes.id + {quote}, article_id + {article}, kind, text, start, "end", cue,
            cue_start, cue_end, speaker_ids.id, speaker_mention, speaker_start, speaker_end, role,
            told_to, cluster_ids.id, statement_id + {quote}
        from loaded.quotes
        left join speaker_ids on speaker_ids.loaded = loaded.quotes.speaker_id
        left join cluster_ids on cluster_ids.loaded = loaded.quotes.cluster_id
        order by loaded.quotes.id""")

    # the stored rows that gained quotes: their figures counted again
    matched = [row[0] for row in run("select id from cluster_ids where matched")]
    refresh_cluster_stats(db, matched)
    recount_speaker_quotes(db, *[row[0] for row in run("select id from speaker_ids where matched")])
    for table in ("outlet_ids", "speaker_ids", "cluster_ids"):
        run(f"drop table temp.{table}")


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
