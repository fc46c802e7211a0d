"""Each table's permission blocks are worked out once and answer as Datasette's do
(issue 28: the database page's CPU under load went to copying the site's metadata).
"""
import asyncio

from datasette.app import Datasette

from quotes.web.serve import datasette_instance

from test_row_pages import with_metadata


def visit(datasette, paths, cookies=None) -> list:
    async def go():
        await datasette.invoke_startup()
        return [await datasette.client.get(path, cookies=cookies) for path in paths]
    return asyncio.run(go())


def test_denied_tables_stay_denied_and_their_blocks_are_read_once(bc7, monkeypatch):
    with_metadata(monkeypatch, tables={"speakers": {"allow": False}, "clusters": {"allow": {"id": "editor"}}})
    worked_out = []
    monkeypatch.setattr(Datasette, "_table_permission_allows", lambda self, database, table, original=(
        Datasette._table_permission_allows): worked_out.append((database, table)) or original(self, database, table))
    datasette = datasette_instance(bc7)
    pages = ["/bc7", "/bc7/speakers", "/bc7/clusters", "/bc7/quotes", "/bc7?_x=2", "/bc7/speakers?_x=2"]
    anonymous = visit(datasette, pages)
    assert [page.status_code for page in anonymous] == [200, 403, 403, 200, 200, 403]
    for database_page in (anonymous[0], anonymous[4]):
        assert 'href="/bc7/quotes"' in database_page.text
        assert 'href="/bc7/speakers"' not in database_page.text and 'href="/bc7/clusters"' not in database_page.text
    editor = visit(datasette, ["/bc7/clusters", "/bc7/speakers"],
                   cookies={"ds_actor": datasette.sign({"a": {"id": "editor"}}, "actor")})
    assert [page.status_code for page in editor] == [200, 403]
    assert worked_out and len(worked_out) == len(set(worked_out))  # each table's once, for everyone
