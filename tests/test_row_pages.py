"""The speaker, quote and statement pages on the plugin's own route show what Datasette's row
view showed, to whom it showed it (issue 28, under load).

Each page is compared with Datasette's own row view of the same request on a real
run's database: the same HTML (the heading, the row's fields folded away, the links
from other tables, the plugin's sections, the page chrome), apart from the time
the queries took, and the same headers. A table denied stays denied; a page worth
less of the server's time is measured by ``benchmarks/serve_cpu.py``, not here.
"""
import asyncio
import re
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest
from datasette import Forbidden

from quotes.web import row_pages, serve
from quotes.web.serve import datasette_instance

KINDS = ("speakers", "quotes", "clusters")



def ids(db_path, table: str, count: int = 6) -> list[int]:
    """The first, the last and a few between of ``table``'s ids."""
    with sqlite3.connect(db_path) as conn:
        found = [row[0] for row in conn.execute(f"select id from {table} order by id")]
    return sorted({*found[:: max(1, len(found) // count)], found[-1]})


def with_metadata(monkeypatch, **extra):
    """``metadata_for`` with ``extra`` merged into the database's own block."""
    def metadata(db_path, original=serve.metadata_for):
        found = original(db_path)
        name = Path(db_path).stem
        found["databases"][name] = {**found["databases"][name], **extra}
        return found
    monkeypatch.setattr(serve, "metadata_for", metadata)


def datasette_s(datasette, path: str, cookies: dict | None = None):
    """Datasette's own row view of ``path`` (the page as it was before the route)."""
    from datasette.utils.asgi import Request
    from datasette.views.row import RowView

    _, database, table, pk = path.split("/")
    cookie = "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())
    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
             "query_string": b"", "scheme": "http", "csrftoken": lambda: "",
             "headers": [(b"host", b"localhost")] + ([(b"cookie", cookie.encode())] if cookie else []),
             "url_route": {"kwargs": {"database": database, "table": table, "pks": pk, "format": None}}}
    if cookies and "ds_actor" in cookies:
        scope["actor"] = datasette.unsign(cookies["ds_actor"], "actor")["a"]

    async def receive():
        return {"type": "http.request", "body": b""}
    return RowView.as_view(datasette)(Request(scope, receive), None)


def without_query_time(html: str) -> str:
    """The page without what differs from one answer to the next: the time the queries took,
    a signed-in visitor's CSRF token (``datasette_s`` gives none)."""
    html = re.sub(r'name="csrftoken" value="[^"]*"', 'name="csrftoken"', html)
    return re.sub(r"Queries took [0-9.]+ms", "Queries took", html)


def compare(datasette, paths, cookies=None) -> list[tuple]:
    """(path, ours, Datasette's) for each path: the responses' status, headers and HTML."""
    async def go():
        await datasette.invoke_startup()
        found = []
        for path in paths:
            ours = await datasette.client.get(path, cookies=cookies)
            try:
                theirs = await datasette_s(datasette, path, cookies)
            except Forbidden:  # (Datasette's app turns it into a 403 page)
                theirs = SimpleNamespace(status=403, body="", headers={})
            found.append((path, ours, theirs))
        return found
    return asyncio.run(go())


def headers(response) -> dict:
    return {name.lower(): value for name, value in dict(response.headers).items()
            if name.lower() in ("link", "cache-control", "referrer-policy", "content-type")}


@pytest.mark.parametrize("table", KINDS)
def test_each_page_shows_what_datasette_s_row_view_showed(bc7, table, monkeypatch):
    read = []
    monkeypatch.setattr(row_pages, "read_page", lambda *args, original=row_pages.read_page: (
        read.append(args[3:]) or original(*args)))
    datasette = datasette_instance(bc7)
    pages = compare(datasette, [f"/bc7/{table}/{pk}" for pk in ids(bc7, table)])
    assert {pk for _, pk in read} == set(ids(bc7, table))  # answered by the route, not Datasette
    for path, ours, theirs in pages:
        assert ours.status_code == theirs.status == 200, path
        html = ours.text
        assert without_query_time(html) == without_query_time(theirs.body), path
        assert headers(ours) == {k.lower(): v for k, v in theirs.headers.items()
                                 if k.lower() in ("link", "cache-control", "referrer-policy")} | {
            "content-type": "text/html; charset=utf-8"}
        # What a reader looks for on it: the plugin's section, the stored row, the crumbs.
        assert 'class="q-page' in html and "The stored row" in html
        assert f'<a href="/bc7/{table}">{table}</a>' in html and '<a href="/bc7">bc7</a>' in html


def test_the_pages_show_their_rows_fields_links_and_sections(bc7):
    with sqlite3.connect(bc7) as conn:
        speaker, name, count = conn.execute(
            "select speakers.id, speakers.name, count(*) from quotes join speakers on speakers.id = speaker_id"
            " group by speakers.id order by 3 desc limit 1").fetchone()
        quote, cluster = conn.execute("select id, cluster_id from quotes where speaker_id = ? limit 1",
                                      [speaker]).fetchone()
    datasette = datasette_instance(bc7)
    (_, speaker_page, _), (_, quote_page, _), (_, cluster_page, _) = compare(
        datasette, [f"/bc7/speakers/{speaker}", f"/bc7/quotes/{quote}", f"/bc7/clusters/{cluster}"])
    page = speaker_page.text
    assert f"<title>{name} &middot; speaker &middot; bc7</title>" in page
    assert f"{count} quotes" in page and f'href="/bc7/quotes/{quote}"' in page
    assert f'<a href="/bc7/quotes?speaker_id={speaker}">' in page  # a link from another table
    assert '<td class="col-name type-str">' in page  # the row's own fields, folded away
    page = quote_page.text
    assert "In its article" in page and f'href="/bc7/speakers/{speaker}"' in page
    assert f'href="/bc7/clusters/{cluster}"' in page and '<mark class="q-quote">' in page
    assert "Where this quote appeared" in cluster_page.text and "<th>said by</th>" in cluster_page.text


def test_a_denied_table_stays_denied_and_an_allowed_actor_sees_what_datasette_showed(bc7, monkeypatch):
    with_metadata(monkeypatch, tables={"speakers": {"allow": False}, "clusters": {"allow": {"id": "editor"}}})
    datasette = datasette_instance(bc7)
    speaker, cluster, quote = ids(bc7, "speakers")[0], ids(bc7, "clusters")[0], ids(bc7, "quotes")[0]
    anonymous = compare(datasette, [f"/bc7/speakers/{speaker}", f"/bc7/clusters/{cluster}",
                                    f"/bc7/quotes/{quote}"])
    assert [ours.status_code for _, ours, _ in anonymous] == [403, 403, 200]
    assert [theirs.status for _, _, theirs in anonymous] == [403, 403, 200]
    assert '<a href="/bc7/quotes">quotes</a>' in anonymous[2][1].text
    editor = {"ds_actor": datasette.sign({"a": {"id": "editor"}}, "actor")}
    (_, speakers, _), (path, clusters, theirs) = compare(
        datasette, [f"/bc7/speakers/{speaker}", f"/bc7/clusters/{cluster}"], cookies=editor)
    assert speakers.status_code == 403
    assert clusters.status_code == 200 and "Where this quote appeared" in clusters.text
    assert without_query_time(clusters.text) == without_query_time(theirs.body)


def test_a_database_denied_denies_its_pages(bc7, monkeypatch):
    with_metadata(monkeypatch, allow=False)
    datasette = datasette_instance(bc7)
    (_, ours, theirs), = compare(datasette, [f"/bc7/quotes/{ids(bc7, 'quotes')[0]}"])
    assert ours.status_code == theirs.status == 403


def test_what_is_not_a_page_is_answered_as_before(bc7):
    datasette = datasette_instance(bc7)
    quote = ids(bc7, "quotes")[0]

    async def go():
        await datasette.invoke_startup()
        client = datasette.client
        return (await client.get("/bc7/quotes/99999999"), await client.get(f"/bc7/quotes/{quote}.json?_shape=array"),
                await client.post(f"/bc7/quotes/{quote}"), await client.get("/nodb/quotes/1"),
                await client.get("/bc7/speakers/99999999999999999999"))
    missing, json_form, post, no_database, huge = asyncio.run(go())
    assert missing.status_code == 404 and "Record not found" in missing.text
    assert huge.status_code == 404 and "Record not found" in huge.text  # not a server error
    assert json_form.status_code == 200 and json_form.json()[0]["id"] == quote
    assert post.status_code == 405
    assert no_database.status_code == 404


def test_a_page_shows_a_commit_made_after_it_was_shown(bc7):
    """Fresh after a commit: a statement's page counts an appearance added by another process."""
    with sqlite3.connect(bc7) as conn:
        cluster, = conn.execute("select cluster_id from quotes group by cluster_id order by count(*) desc"
                                " limit 1").fetchone()
    datasette = datasette_instance(bc7)

    def articles() -> int:
        (_, page, _), = compare(datasette, [f"/bc7/clusters/{cluster}"])
        return int(re.search(r"Carried in (\d+) articles?", page.text).group(1))
    before = articles()
    with sqlite3.connect(bc7) as conn:
        article = conn.execute("insert into articles (source, text) values ('later.txt', 'x')").lastrowid
        conn.execute("insert into quotes (article_id, start, \"end\", text, kind, cluster_id)"
                     " select ?, 0, 1, text, kind, cluster_id from quotes where cluster_id = ? limit 1",
                     [article, cluster])
    assert articles() == before + 1


@pytest.mark.parametrize("refresh_ms, counted", [(5000, 1), (0, 2)])
def test_the_database_page_counts_misattributions_once_a_data_version(bc7, monkeypatch, refresh_ms, counted):
    """Counted again only after a commit, and then at most once every slow_refresh_ms."""
    from quotes.web import pages

    with_metadata(monkeypatch, plugins={"quotes": {"slow_refresh_ms": refresh_ms}})
    calls = []

    async def counting(datasette, db, original=pages.misattribution_count):
        calls.append(db.name)
        return await original(datasette, db)
    monkeypatch.setattr(pages, "misattribution_count", counting)
    datasette = datasette_instance(bc7)

    async def visit(query):
        response = await datasette.client.get(f"/bc7?{query}")  # a page not kept yet
        assert response.status_code == 200 and "misattribut" in response.text
    asyncio.run(visit("a=1"))
    asyncio.run(visit("a=2"))  # the same data version: the count kept
    assert len(calls) == 1
    with sqlite3.connect(bc7) as conn:  # another process commits
        conn.execute("update outlets set name = name")
    asyncio.run(visit("a=3"))
    assert len(calls) == counted


def test_a_page_that_runs_out_of_time_says_so_without_a_traceback(bc7, monkeypatch, capsys):
    """A page whose reads pass sql_time_limit_ms answers 503 with one line, not a server error."""
    original = row_pages.read_page

    def slow(datasette, db, conn, table, pk):
        conn.execute("with recursive n(x) as (select 1 union all select x + 1 from n)"
                     " select count(*) from n").fetchone()  # never ends on its own
        return original(datasette, db, conn, table, pk)
    monkeypatch.setattr(row_pages, "read_page", slow)
    datasette = datasette_instance(bc7)
    datasette._settings["sql_time_limit_ms"] = 50
    response = asyncio.run(datasette.client.get(f"/bc7/speakers/{ids(bc7, 'speakers')[0]}"))
    assert response.status_code == 503
    assert "took longer to read than the time limit" in response.text
    assert "Traceback" not in capsys.readouterr().err
