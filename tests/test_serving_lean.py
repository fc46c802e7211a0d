"""A page worked out with less of the server's time shows what it showed before (issue 28, under load).

The speaker, statement and quote pages read their own rows in one hand-over to
Datasette's SQL threads, under the site's SQL time limit; the appearances table
makes its links once a page, not once a cell, and shows an outlet, an article and
a date as the shared macros of ``quotes/_show.html`` do; templates are read once a
process and names that are not there are remembered; a page on which a count ran
out of time is still found to be incomplete. How much time this saves is measured
by ``benchmarks/serve_cpu.py`` and ``benchmarks/serve_load.py``, not here.
"""
import asyncio
import re
import sqlite3

import pytest

from quotes.web import page_cache, reads
from quotes.web.serve import datasette_instance




def visit(datasette, *paths) -> list[str]:
    async def go():
        found = []
        for path in paths:
            response = await datasette.client.get(path)
            assert response.status_code == 200, path
            found.append(response.text)
        return found
    return asyncio.run(go())


def test_a_speaker_page_counts_a_quote_committed_after_it_was_shown(bc7):
    with sqlite3.connect(bc7) as conn:
        speaker, count = conn.execute("select speaker_id, count(*) from quotes where speaker_id is not null"
                                      " group by speaker_id order by 2 desc limit 1").fetchone()
    datasette = datasette_instance(bc7)
    before, = visit(datasette, f"/bc7/speakers/{speaker}")
    assert shown_count(before) == count
    with sqlite3.connect(bc7) as conn:  # another process's commit: a second quote of one of them
        conn.execute("insert into quotes (article_id, start, \"end\", text, kind, speaker_id)"
                     " select article_id, start, \"end\", text || ' again', kind, speaker_id from quotes"
                     " where speaker_id = ? limit 1", [speaker])
    after, = visit(datasette, f"/bc7/speakers/{speaker}")
    assert shown_count(after) == count + 1


def shown_count(page: str) -> int:
    """The number of quotes a speaker's page says the speaker has."""
    return int(re.search(r'<p class="q-meta">[^<]*&middot; (\d+) quotes?', page).group(1))


def test_a_page_s_own_reads_stop_at_the_site_s_sql_time_limit_and_leave_the_connection_as_it_was(
        bc7, monkeypatch):
    from quotes.web import serve

    monkeypatch.setitem(serve.SETTINGS, "sql_time_limit_ms", 50)  # --setting sql_time_limit_ms 50
    datasette = datasette_instance(bc7)
    db = datasette.get_database("bc7")
    endless = ("with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n", {})

    def each(queries):  # a page's reads, in one hand-over
        return reads.read(datasette, db, lambda conn: [reads.fetch(conn, sql, params) for sql, params in queries])

    async def go():
        with pytest.raises(reads.OutOfTime) as out_of_time:  # Datasette shows it as a 503 page
            await each([("select 1 as one", {}), endless])
        assert out_of_time.value.status == 503
        quick = await each([("select 1 as one", {}), ("select 2 as two", {})])
        counted = [r[0] for r in (await db.execute("select count(*) from quotes")).rows]
        return quick, counted
    quick, counted = asyncio.run(go())
    assert quick == [[{"one": 1}], [{"two": 2}]]
    assert counted and counted[0] > 0


CELL = re.compile(r'<td data-label="(published|outlet|article)">(.*?)</td>', re.S)


def test_the_appearances_table_shows_outlets_articles_and_dates_as_the_shared_macros_do(bc7):
    """One way to show an outlet, an article and a date on every quotes page: the table spells
    its cells out for speed, so they are checked against ``quotes/_show.html``'s macros, for
    known and unknown values and for words that must be escaped."""
    datasette = datasette_instance(bc7)
    visit(datasette, "/bc7")  # Datasette's templates set up, as for a visit
    rows = [{"published": "2026-03-02T08:15:00Z", "outlet": "Wire <b>", "outlet_id": 3,
             "title": 'A "headline" & more', "source": "a.txt", "article_id": 7},
            {"published": None, "outlet": None, "outlet_id": None, "title": None,
             "source": "<script>x</script>.txt", "article_id": 8},
            {"published": "sometime <i>", "outlet": "Plain", "outlet_id": 4, "title": "",
             "source": "c.txt", "article_id": 9}]
    appearances = [dict(row, quote_id=i, kind="direct", text="words", speaker_mention=None, speaker_id=None,
                        speaker=None, cluster_id=None) for i, row in enumerate(rows, 1)]
    env = datasette.jinja_env
    context = {"urls": datasette.urls, "database": "bc7"}

    async def render():
        table = await env.get_template("quotes/_appearances.html").render_async(
            appearances=appearances, show_spread=True, **context)
        macros = env.from_string(
            '{% import "quotes/_show.html" as show with context %}'
            "{% for a in appearances %}<td data-label=\"published\">{{ show.date(a.published) }}</td>"
            '<td data-label="outlet">{{ show.outlet(a.outlet, a.outlet_id) }}</td>'
            '<td data-label="article">{{ show.article(a.title, a.source, a.article_id) }}</td>{% endfor %}')
        return table, await macros.render_async(appearances=appearances, **context)
    table, shared = asyncio.run(render())
    cells = CELL.findall(table)
    assert len(cells) == 9 and cells == CELL.findall(shared)
    assert "<script>" not in table and "&lt;script&gt;" in table


def test_a_page_on_which_a_count_ran_out_of_time_is_found_incomplete_and_a_whole_one_is_not(bc7):
    datasette = datasette_instance(bc7)
    pages = visit(datasette, "/bc7", "/bc7/quote_list?_facet=outlet", "/bc7/speakers/1", "/bc7/quotes.json")
    whole = [page.encode() for page in pages]
    assert not any(page_cache.incomplete(page) for page in whole)
    html = whole[1]
    # What Datasette writes when a count or facet ran out of time, each put into a whole page.
    for shown in (b'<p class="facets-timed-out">These facets timed out: speaker</p>', b"<p>Many rows</p>",
                  b'"facets_timed_out": ["speaker"]', b'"filtered_table_rows_count": null', b'"count": null'):
        assert page_cache.incomplete(html.replace(b"</body>", shown + b"</body>")), shown
    title = re.search(rb"<title>[^<]*</title>", html).group()
    assert page_cache.incomplete(html.replace(title, b"<title>quote_list: </title>"))
    assert not page_cache.incomplete(html.replace(title, b"<title>quote_list: 5 rows</title>"))


def test_a_template_name_that_is_not_there_is_looked_for_once_and_pages_still_find_theirs(bc7):
    datasette = datasette_instance(bc7)
    visit(datasette, "/bc7/speakers/1")
    env = datasette.jinja_env
    looked_for = []
    inner = env.loader.loader
    original = inner.load

    def load(environment, name, globals=None):
        looked_for.append(name)
        return original(environment, name, globals)
    inner.load = load
    first, second = visit(datasette, "/bc7/speakers/2", "/bc7/speakers/3")
    assert "row-bc7-speakers.html" not in looked_for  # not found on the first visit: remembered
    assert 'class="q-page q-speaker"' in first and 'class="q-page q-speaker"' in second
    assert not env.auto_reload
