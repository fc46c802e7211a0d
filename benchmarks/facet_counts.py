"""quote_list's facets worked out live (as Datasette does) against read from ``quote_facets``.

    python benchmarks/facet_counts.py /tmp/copy-of-a-big.db --outlets 10

Opens the database with this tree's code (so a copy of an older database gets
migration m015's counts; the migration's time is printed), then for each of
``--outlets`` outlets times, in this process, the SQL of the page
``quote_list?outlet=NAME``: its count (Datasette's, either way), its four facets
as Datasette groups them over the filtered rows, and as the counted facets read
them (the freshness check and four look-ups by index); then the same for the whole list. Prints min / median milliseconds a page for
each, and the counts' rows and share of the file. Asserts nothing.
"""
from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quotes import store  # noqa: E402

COLUMNS = ("outlet", "speaker", "kind", "role")
LIVE_FACET = ("select {col} as value, count(*) as count from (select * from quote_list {where})"
              " where {col} is not null group by {col} order by count desc, value limit 9")
COUNTED = ("select value, n from quote_facets where filter = ? and filter_value = ? and facet = ?"
           " and n > 0 order by n desc, value limit 9")
OWN = ("select filter_value, n from quote_facets where filter = ? and filter_value = ? and facet = ''"
       " and value = '' and n > 0")
FRESH = ("select coalesce((select max(id) from quotes), 0) <= (select quote_id from quote_facets_counted)")


def timed(conn, statements) -> float:
    started = time.perf_counter()
    for sql, params in statements:
        conn.execute(sql, params).fetchall()
    return time.perf_counter() - started


def page(filter_column: str, value: str) -> tuple[list, list, list]:
    """Datasette's count, Datasette's four facets and the counted facets' SQL for
    quote_list filtered on ``filter_column`` (the count stays Datasette's either way)."""
    where, params = (f'where "{filter_column}" = :p0', {"p0": value}) if filter_column else ("", {})
    count = [(f"select count(*) from quote_list {where}", params)]
    live = [(LIVE_FACET.format(col=col, where=where), params) for col in COLUMNS]
    counted = [(FRESH, [])] + [(COUNTED, [filter_column, value, col]) if col != filter_column
                               else (OWN, [filter_column, value]) for col in COLUMNS]
    return count, live, counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--outlets", type=int, default=10)
    args = parser.parse_args()
    started = time.perf_counter()
    store.open_db(args.db).conn.close()
    print(f"opened (and migrated where needed) in {time.perf_counter() - started:.1f} s")
    conn = sqlite3.connect(args.db)
    quotes = conn.execute("select count(*) from quotes").fetchone()[0]
    rows = conn.execute("select count(*) from quote_facets").fetchone()[0]
    pages = conn.execute("select count(*), sum(pgsize) from dbstat where name in ('quote_facets',"
                         " 'quote_facets_by_count')").fetchone() if _has_dbstat(conn) else None
    size = Path(args.db).stat().st_size
    share = f", {pages[1] / 2**20:.0f} MB of {size / 2**20:.0f} MB" if pages and pages[1] else ""
    print(f"{quotes:,} quotes; quote_facets {rows:,} rows{share}")
    outlets = [name for (name,) in conn.execute("select name from outlets order by random() limit ?",
                                                 [args.outlets])]
    for label, pages_ in (("one outlet", [("outlet", name) for name in outlets]), ("whole list", [("", "")])):
        times: dict[str, list[float]] = {"count": [], "4 facets live": [], "4 facets counted": []}
        for filter_column, value in pages_:
            for kind, statements in zip(times, page(filter_column, value)):
                times[kind].append(timed(conn, statements))
        print(f"{label:<11} " + "; ".join(f"{kind} min {min(t) * 1000:.1f} median {statistics.median(t) * 1000:.1f} ms"
                                           for kind, t in times.items()))


def _has_dbstat(conn) -> bool:
    try:
        conn.execute("select 1 from dbstat limit 1")
        return True
    except sqlite3.OperationalError:
        return False


if __name__ == "__main__":
    main()
