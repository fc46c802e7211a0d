"""Counts kept beside the rows they count, so pages read a number instead of grouping.

``outlets.quote_count``, ``speakers.quote_count`` and each cluster's
``article_count``, ``outlet_count``, first appearance and ``told_to`` (with
``cluster_outlets``, the outlets it is known in); each cluster's ``quote_count`` and
``first_published`` are kept by migration m016's triggers, whoever writes. The commit stage adds each
stored article to them in a few index look-ups; whatever changes them any other
way (a merge of clusters or speakers) recounts the rows affected. Either way the
result equals a recount from scratch.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlite_utils

from quotes.model import Attribution


def count_outlet_quotes(db: sqlite_utils.Database, article_id: int, quotes: int) -> None:
    """Add an article's ``quotes`` to its outlet's ``quote_count``."""
    db.execute("update outlets set quote_count = quote_count + ? where id ="
               " (select outlet_id from articles where id = ?)", [quotes, article_id])


def add_speaker_quotes(db: sqlite_utils.Database, counted: Mapping[int, int]) -> None:
    """Add ``counted[speaker_id]`` quotes to each speaker's ``quote_count``."""
    db.conn.executemany("update speakers set quote_count = quote_count + ? where id = ?",
                        [(count, speaker_id) for speaker_id, count in counted.items()])


def recount_speaker_quotes(db: sqlite_utils.Database, *speaker_ids: int) -> None:
    """Count the quotes of each speaker given again, from the quotes themselves."""
    for speaker_id in speaker_ids:
        db.execute("update speakers set quote_count = (select count(*) from quotes "
                   "where speaker_id = :id) where id = :id", {"id": speaker_id})


def _hearer(told_to: str | None) -> str | None:
    """Whom a quote was told to as a cluster keeps it: without the punctuation around it."""
    return (told_to or "").strip(" .,;:") or None


def refresh_cluster_stats(db: sqlite_utils.Database, cluster_ids: Iterable[int]) -> dict[int, set[int]]:
    """Recount articles and outlets, and find the first appearance, for the clusters given.

    The first article is the earliest by ``published``, a UTC instant (see
    :mod:`quotes.readers.dates`), so comparing the stored strings compares times;
    undated articles come after dated ones, in the order they were read: the
    same order as the views, pages and canned queries. ``told_to`` is the one
    the earliest article that names it gives (``she told AFP``). Returns each
    recounted cluster's known outlets.
    """
    outlets = {}
    for cluster_id in set(cluster_ids):
        rows = db.execute(
            """select articles.id, articles.published, articles.outlet_id, quotes.told_to
               from quotes join articles on articles.id = quotes.article_id
               where quotes.cluster_id = ?
               order by articles.published is null, articles.published, articles.id, quotes.id""",
            [cluster_id],
        ).fetchall()
        if not rows:
            continue
        first = rows[0][0]
        told_to = next((hearer for r in rows if (hearer := _hearer(r[3]))), None)
        outlets[cluster_id] = {r[2] for r in rows if r[2] is not None}
        db.execute(
            """update clusters set article_count = ?, outlet_count = ?, first_article_id = ?,
                      told_to = ? where id = ?""",
            [len({r[0] for r in rows}), len(outlets[cluster_id]), first, told_to, cluster_id],
        )
    return outlets


def recount_statement_spread(db: sqlite_utils.Database) -> None:
    """Count every cluster's ``quote_count`` and date its ``first_published`` again.

    Migration m016's triggers keep both as rows change; a database loaded whole,
    with its triggers made after its rows (:mod:`quotes.store.bulk`), counts them
    here once, as m016 counted an old database's.
    """
    db.execute(STATEMENT_SPREAD)


# Every statement's quote count and first date from its rows (one SQL for both callers:
# this module's, and the bulk loader's on its own connection).
STATEMENT_SPREAD = ("update clusters set quote_count = (select count(*) from quotes"
                    " where quotes.cluster_id = clusters.id), first_published = (select published"
                    " from articles where articles.id = clusters.first_article_id)")


def recount_clusters(db: sqlite_utils.Database, cluster_ids: list[int]) -> None:
    """:func:`refresh_cluster_stats`, and each cluster's ``cluster_outlets`` listed again."""
    outlets = refresh_cluster_stats(db, cluster_ids)
    for cluster_id in cluster_ids:
        db.execute("delete from cluster_outlets where cluster_id = ?", [cluster_id])
        db.conn.executemany("insert into cluster_outlets (cluster_id, outlet_id) values (?, ?)",
                            [(cluster_id, outlet) for outlet in sorted(outlets.get(cluster_id, ()))])


@dataclass
class _Arrival:
    """The article being counted into its clusters."""

    article_id: int
    published: str | None
    outlet_id: int | None
    quotes: list[Attribution]

    def said_to(self, cluster_id: int) -> str | None:
        """The hearer this article's first quote in the cluster that names one gives."""
        return next((hearer for q in self.quotes
                     if q.cluster_id == cluster_id and (hearer := _hearer(q.told_to))), None)


def count_article(db: sqlite_utils.Database, article_id: int, quotes: list[Attribution],
                  merged: set[int]) -> None:
    """Count a newly stored article into the statistics of the clusters its quotes are in.

    A cluster made for this article has it alone. One that existed before
    gains one article, an outlet if ``cluster_outlets`` did not list the
    article's, and perhaps an earlier first appearance: a few index look-ups
    however many articles carry it, where :func:`refresh_cluster_stats`
    re-reads all of them. Clusters merged while storing this article are
    recounted whole, and so is the rare one
    whose ``told_to`` a dated article may change without being its first appearance.
    The result equals a whole recount's.
    """
    ids = sorted({q.cluster_id for q in quotes if q.cluster_id})
    if not ids:
        return
    arrival = _Arrival(article_id, *db.execute(
        "select published, outlet_id from articles where id = ?", [article_id]).fetchone(), quotes)
    recount = []
    for cluster in db.execute(
            f"""select clusters.id, clusters.first_article_id, clusters.told_to, first.published
                from clusters left join articles as first on first.id = clusters.first_article_id
                where clusters.id in ({", ".join("?" * len(ids))}) order by clusters.id""",
            ids).fetchall():
        if cluster[0] in merged or not _counted_into(db, arrival, *cluster):
            recount.append(cluster[0])
    recount_clusters(db, recount)


def _counted_into(db: sqlite_utils.Database, arrival: _Arrival, cluster_id: int,
                  first_id: int | None, told_to: str | None, first_published: str | None) -> bool:
    """Count ``arrival`` into one cluster's figures; ``False`` when only a recount can."""
    if first_id is None:
        return False
    said_to = arrival.said_to(cluster_id)
    if first_id == arrival.article_id:  # made for this article: it is all there is
        _count_first(db, cluster_id, arrival.outlet_id, said_to)
        return True
    published = arrival.published
    earlier = published is not None and (first_published is None or published < first_published)
    if said_to and told_to and not earlier and published is not None:
        # An undated article comes after every other; a dated one may come before the
        # article that named the hearer: finding that one needs the whole cluster.
        return False
    new_outlet = arrival.outlet_id is not None and db.execute(
        "insert or ignore into cluster_outlets (cluster_id, outlet_id) values (?, ?)",
        [cluster_id, arrival.outlet_id]).rowcount == 1
    db.execute(
        """update clusters set article_count = article_count + 1,
                  outlet_count = outlet_count + ?, first_article_id = ?, told_to = ?
           where id = ?""",
        [int(new_outlet), arrival.article_id if earlier else first_id,
         said_to if said_to and (earlier or not told_to) else told_to, cluster_id])
    return True


def _count_first(db: sqlite_utils.Database, cluster_id: int, outlet_id: int | None,
                 said_to: str | None) -> None:
    """The figures of a cluster made for the article just stored: that article alone."""
    db.execute("update clusters set article_count = 1, outlet_count = ?, told_to = ?"
               " where id = ?", [int(outlet_id is not None), said_to, cluster_id])
    if outlet_id is not None:
        db.execute("insert or ignore into cluster_outlets (cluster_id, outlet_id) values (?, ?)",
                   [cluster_id, outlet_id])


# Each quote_list row counts, per column a page filters on ('' for none) and its value, into
# the row count (facet '') and the count of its value in each other column (migration m015).
_FACET_PAIRS = ", ".join(f"('{f}', '{c}')" for f in ("", "outlet", "speaker", "kind")
                         for c in ("", "outlet", "speaker", "kind", "role") if not f or f != c)
_NAMED = {"": "''", "outlet": "r.outlet", "speaker": "r.speaker", "kind": "r.kind", "role": "r.role"}


def _by_name(column: str) -> str:
    """The value of ``column`` in the row ``r``, picked by the pair's column name ``column``."""
    return "case " + column + " " + " ".join(f"when '{name}' then {value}" for name, value in _NAMED.items()) + " end"


def count_new_quotes(db: sqlite_utils.Database) -> None:
    """Count the quotes stored since the last call into ``quote_facets``, in one statement.

    Each quote as quote_list shows it: its article's outlet by name ("unknown outlet"
    for none; an article whose outlet row is missing is not in the view), its
    speaker's name. Why once a transaction: grouped, an article's dozen quotes add to a few dozen
    counts (their outlet's, kind's, each speaker's) where a trigger a quote would
    make 17 updates each, ten times the cost of storing the quote. Quotes past
    ``quote_facets_counted`` are the new ones; the triggers of migration m015
    keep the counted ones right when anything about them changes. A database
    migrated only part way (no ``quote_facets``) is left as it is.
    """
    if not db.execute("select 1 from sqlite_master where name = 'quote_facets_counted'").fetchone():
        return
    counted = db.execute("select quote_id from quote_facets_counted").fetchone()[0]
    newest = db.execute("select max(id) from quotes").fetchone()[0]
    if newest is None or newest <= counted:
        return
    db.execute(f"""
        insert into quote_facets (filter, filter_value, facet, value, n)
        select filter, filter_value, facet, value, sum(n) from (
            select p.column1 as filter, {_by_name("p.column1")} as filter_value,
                   p.column2 as facet, {_by_name("p.column2")} as value, r.n
            from (select case when a.outlet_id is null then 'unknown outlet'
                              else (select name from outlets where outlets.id = a.outlet_id) end
                              as outlet,
                         (select name from speakers where speakers.id = q.speaker_id) as speaker,
                         q.kind, q.role, count(*) as n
                  from quotes as q join articles as a on a.id = q.article_id
                  where q.id > :counted and (a.outlet_id is null
                        or exists (select 1 from outlets where outlets.id = a.outlet_id))
                  group by 1, 2, 3, 4) as r,
                 (values {_FACET_PAIRS}) as p)
        where filter_value is not null and value is not null
        group by filter, filter_value, facet, value
        on conflict (filter, filter_value, facet, value) do update set n = n + excluded.n""",
               {"counted": counted})
    db.execute("update quote_facets_counted set quote_id = ?", [newest])


def recount_quote_facets(db: sqlite_utils.Database) -> None:
    """Count every quote into ``quote_facets`` again (a database loaded whole)."""
    db.execute("delete from quote_facets")
    db.execute("update quote_facets_counted set quote_id = 0")
    count_new_quotes(db)
