"""The reads the custom pages share: rows as dicts, a statement's appearances, the pick-ups.

Why shared: the quote, speaker and statement pages list appearances the same
way (earliest publication first, undated last), and the outlet page and the
pick-up page read the very SQL of the ``pick_up`` canned query, so the page
and the query can never disagree.
"""
from __future__ import annotations

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


async def pick_ups(datasette, database: str, actor) -> list[dict]:
    """The ``pick_up`` canned query's rows: the page and the query share its SQL (metadata.yml)."""
    query = await datasette.get_canned_query(database, "pick_up", actor)
    if query is None:
        return []
    return await rows(datasette.get_database(database), query["sql"])
