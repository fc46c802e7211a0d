"""The reads the custom pages share: rows as dicts, a statement's appearances, the pick-ups.

Why shared: the quote, speaker and statement pages list appearances the same
way (earliest publication first, undated last), and the outlet page and the
pick-up page read the very SQL of the ``pick_up`` canned query, so the page
and the query can never disagree.
"""
from __future__ import annotations

import sqlite3
import time

from datasette.views.base import DatasetteError

APPEARANCES = """
    select quotes.id as quote_id, quotes.kind, quotes.text, quotes.speaker_mention,
           quotes.speaker_id, speakers.name as speaker, quotes.cluster_id,
           quotes.article_id, articles.title, articles.source, articles.url, articles.published,
           articles.outlet_id, outlets.name as outlet
    from quotes
    join articles on articles.id = quotes.article_id
    left join outlets on outlets.id = articles.outlet_id
    left join speakers on speakers.id = quotes.speaker_id
"""
# Earliest publication first; undated articles after dated ones, then in reading order.
FIRST_ORDER = "order by articles.published is null, articles.published, quotes.article_id, quotes.start"


async def rows(db, sql, params=None) -> list[dict]:
    """The rows of ``sql`` on Datasette's database ``db``, as dicts."""
    return [dict(row) for row in (await db.execute(sql, params or {})).rows]


async def read(datasette, db, work):
    """``work(conn)`` on one of Datasette's SQL threads (``db.execute_fn``: one hand-over),
    under the site's ``sql_time_limit_ms`` for all it asks.

    Why one hand-over for all of a page's reads: each ``db.execute`` hands its query to a SQL
    thread and the answer back, about 0.2 ms of CPU on this machine's Python; a speaker's page
    asks seven small queries, so that was over 1 ms of each page worked out (measured: six
    ``execute`` 1.4-1.7 ms, one ``execute_fn`` of the six 0.34 ms).
    """
    limit = float(datasette.setting("sql_time_limit_ms")) / 1000

    def timed(conn):
        deadline = time.perf_counter() + limit
        # Checked every 1,000 SQLite instructions (about 0.1 ms), as Datasette checks its own.
        conn.set_progress_handler(lambda: time.perf_counter() > deadline, 1000)
        try:
            return work(conn)
        except sqlite3.OperationalError as error:
            if time.perf_counter() > deadline and "interrupted" in str(error):
                raise OutOfTime() from None
            raise
        finally:
            conn.set_progress_handler(None, 1000)
    return await db.execute_fn(timed)


class OutOfTime(DatasetteError):
    """A page whose reads ran past ``sql_time_limit_ms`` (a crowded server, a huge database):
    Datasette's error page with 503 and a line saying so, not a server error with a traceback."""

    def __init__(self):
        super().__init__("This page took longer to read than the time limit "
                         "(sql_time_limit_ms); try again in a moment.",
                         title="Page took too long", status=503)


def fetch(conn, sql: str, params=None) -> list[dict]:
    """The rows of ``sql`` on a connection of Datasette's (rows by name), as dicts."""
    return [dict(row) for row in conn.execute(sql, params or {})]


async def pick_ups(datasette, database: str, actor) -> list[dict]:
    """The ``pick_up`` canned query's rows: the page and the query share its SQL (metadata.yml)."""
    query = await datasette.get_canned_query(database, "pick_up", actor)
    if query is None:
        return []
    return await rows(datasette.get_database(database), query["sql"])
