"""What Datasette reads of the schema is read once a schema version (quotes/web/schema_reads.py,
issue 28: a page's waits for the SQL threads under load), and a change of schema shows at once.
"""
import asyncio
import sqlite3

from quotes.web.serve import datasette_instance


def test_a_page_reads_the_schema_once_and_sees_a_change_at_once(bc7):
    datasette = datasette_instance(bc7)

    async def story():
        await datasette.invoke_startup()
        db = datasette.get_database("bc7")
        handed_over = []
        original = db.execute_fn

        async def counted(fn, *args, **kwargs):
            handed_over.append(fn)
            return await original(fn, *args, **kwargs)
        db.execute_fn = counted
        first = await datasette.client.get("/bc7/articles")
        reads_first = len(handed_over)
        handed_over.clear()
        again = await datasette.client.get("/bc7/articles?_x=1")  # (another page: not kept whole)
        reads_again = len(handed_over)
        with sqlite3.connect(bc7) as conn:  # a migration by another process
            conn.execute("alter table articles add column section text")
            conn.execute("create table newsletters (id integer primary key, name text)")
        changed = await datasette.client.get("/bc7/articles?_x=2")
        database_page = await datasette.client.get("/bc7")
        columns = await db.table_columns("articles")
        columns.append("not a column")  # an answer is the caller's own copy
        return first, again, changed, database_page, reads_first, reads_again, await db.table_columns("articles")
    first, again, changed, database_page, reads_first, reads_again, columns = asyncio.run(story())
    assert first.status_code == again.status_code == changed.status_code == 200
    assert reads_again <= reads_first - 5  # the schema's answers were kept
    assert 'data-column="section"' not in again.text and 'data-column="section"' in changed.text
    assert 'href="/bc7/newsletters"' in database_page.text
    assert "section" in columns and "not a column" not in columns
