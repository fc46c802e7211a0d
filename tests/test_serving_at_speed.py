"""Pages at speed without a change in what they show (issues 28 and 29).

``quote_list`` filtered by an outlet or a speaker answers what it answered
before m013 made the filter start from an index; ``quotes serve --workers 2``
answers from two processes, and neither shows a page from before a commit;
a busy server shows kept pages for at most ``busy_refresh_ms``, a quiet one
current pages; twenty readers while a writer commits get every page.
Speed itself is measured by ``benchmarks/serve_load.py`` and
``benchmarks/serve_latency.py``, not here.
"""
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import quotes
from quotes import store

ROOT = Path(__file__).resolve().parent.parent
BC7 = Path(__file__).parent / "data" / "bc7fcdb-seeds.db"  # m008's quote_list, from a real run


def filtered(path, column, value) -> list:
    with sqlite3.connect(path) as conn:
        return sorted(map(repr, conn.execute(f"select * from quote_list where {column} is ?", [value])))


def test_quote_list_filtered_by_outlet_or_speaker_gives_the_rows_it_gave_before_m013(tmp_path, monkeypatch):
    db_path = tmp_path / "bc7.db"
    shutil.copy(BC7, db_path)
    steps = list(store.MIGRATIONS)
    m013 = [step.__name__ for step in steps].index("m013_quote_list_filters_by_index")
    monkeypatch.setattr(store.migrations, "MIGRATIONS", steps[:m013])
    store.open_db(db_path).conn.close()  # every step before m013
    monkeypatch.setattr(store.migrations, "MIGRATIONS", steps)
    with sqlite3.connect(db_path) as conn:  # and a quote of no one, as an unresolved one is
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute("select * from quotes order by id limit 1").fetchone())
        row.update(id=None, speaker_id=None, text="Nobody is named as saying this.")
        conn.execute(f"insert into quotes ({', '.join(row)}) values ({', '.join('?' * len(row))})",
                     list(row.values()))
        conn.row_factory = None
        outlets = [v for (v,) in conn.execute("select distinct outlet from quote_list")]
        speakers = [v for (v,) in conn.execute("select distinct speaker from quote_list")]
    assert "unknown outlet" in outlets and len(outlets) > 1 and None in speakers
    before = {(column, value): filtered(db_path, column, value)
              for column, values in (("outlet", outlets), ("speaker", speakers)) for value in values}
    whole = filtered(db_path, "1", 1)
    store.open_db(db_path).conn.close()  # applies m013
    assert "m013_quote_list_filters_by_index" in store.applied_migrations(store.open_db(db_path))
    after = {key: filtered(db_path, *key) for key in before}
    assert after == before
    assert filtered(db_path, "1", 1) == whole
    assert sum(map(len, (before["outlet", value] for value in outlets))) == len(whole)


def test_a_filter_by_outlet_or_speaker_starts_from_the_name_index(tmp_path):
    db = store.open_db(tmp_path / "new.db")

    def plan(column):
        return " ".join(row[3] for row in db.execute(
            f"explain query plan select count(*) from quote_list where {column} = 'x'"))
    assert "idx_outlets_name" in plan("outlet") and "SCAN quotes" not in plan("outlet")
    assert "idx_speakers_name" in plan("speaker") and "SCAN quotes" not in plan("speaker")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=20) as response:
        assert response.status == 200
        return response.read().decode()


def test_two_serving_processes_answer_and_none_shows_a_page_from_before_a_commit(tmp_path):
    db = tmp_path / "news.db"
    tracker = quotes.Tracker(db, engine="rules")
    tracker.add('"The bridge opens on Monday," Mayor Ana Ruiz said.', source="a.txt")
    tracker.db.conn.close()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "quotes", "serve", "--db", str(db),
                               "--port", str(port), "--workers", "2"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/news"
    try:
        for _ in range(150):  # up to 30 seconds for both processes to start
            try:
                get(f"http://127.0.0.1:{port}/-/versions.json")
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"quotes serve exited: {server.stderr.read().decode()}")
                time.sleep(0.2)
        else:
            pytest.fail("quotes serve did not answer within 30 seconds")
        pages = [get(f"{base}/speakers/1") for _ in range(12)]  # kept, by each process
        assert all("Ana Ruiz" in page for page in pages)
        with sqlite3.connect(db) as conn:
            conn.execute("update speakers set name = 'Ana Ruiz-Ortega' where id = 1")
        # Current at once, or, when the page was slow to work out (on a busy machine), once
        # slow_refresh_ms (5 s) and its working out are past: then on every visit, to either.
        deadline = time.monotonic() + 15
        while not all("Ana Ruiz-Ortega" in get(f"{base}/speakers/1") for _ in range(12)):
            assert time.monotonic() < deadline, "a page from before the commit, 15 s after it"
            time.sleep(0.5)
    finally:
        server.terminate()
        assert server.wait(timeout=30) is not None
    log = server.stderr.read().decode()
    assert "with 2 processes" in log and log.count("Started server process") == 2


def test_who_said_it_first_shows_the_100_statements_that_spread_furthest(tmp_path):
    import asyncio

    from benchmarks.serve_latency import FIRST_APPEARANCES, synthesize
    from quotes.web.serve import datasette_instance

    path = tmp_path / "many.db"
    synthesize(path, 1200)  # 400 statements of three quotes, words from a small vocabulary
    with sqlite3.connect(path) as conn:  # statement 7 carried ten times, 9 five times
        conn.execute("update quotes set cluster_id = 7 where id between 301 and 307")
        conn.execute("update quotes set cluster_id = 9 where id between 401 and 402")
        conn.execute(FIRST_APPEARANCES)  # as the commit stage keeps them
        matching = conn.execute("select count(distinct quotes.cluster_id) from quotes_fts"
                                " join quotes on quotes.id = quotes_fts.rowid"
                                " where quotes_fts match 'the' and quotes.cluster_id is not null"
                                ).fetchone()[0]
    assert matching > 150
    response = asyncio.run(datasette_instance(path).client.get(
        "/many/who_said_it_first.json?text=the&_shape=array"))
    rows = response.json()
    assert len(rows) == 100
    appearances = [row["appearances"] for row in rows]
    assert appearances == sorted(appearances, reverse=True)
    assert (rows[0]["cluster_id"], rows[0]["appearances"]) == (7, 10)
    assert (rows[1]["cluster_id"], rows[1]["appearances"]) == (9, 5)
    with sqlite3.connect(path) as conn:  # each statement shown by its first appearance
        for row in rows:
            first = conn.execute(
                "select quotes.id from quotes join articles on articles.id = quotes.article_id"
                " where cluster_id = ? order by articles.published is null, articles.published,"
                " quotes.article_id, quotes.start limit 1", [row["cluster_id"]]).fetchone()[0]
            assert row["quote_id"] == first


class OneDatabase:
    """What the page cache reads of Datasette: its databases and the plugin's settings."""

    def __init__(self, path, **settings):
        database = type("Database", (), {"path": str(path), "is_mutable": True, "is_memory": False})
        self.databases, self.settings = {"news": database}, settings

    def plugin_config(self, name, database=None):
        return self.settings


def test_a_slow_page_is_worked_out_again_at_most_once_in_slow_refresh_ms_and_a_fast_one_at_once(tmp_path):
    import asyncio

    from quotes.web import page_cache

    path = tmp_path / "news.db"
    sqlite3.connect(path).execute("create table t (x)")
    calls, delay = [], {"/news": page_cache.SLOW_SECONDS + 0.1, "/news/t": 0.0}

    async def app(scope, receive, send):
        calls.append(scope["path"])
        made = len(calls)
        await asyncio.sleep(delay[scope["path"]])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"page %d" % made})
    cached = page_cache.wrap(OneDatabase(path, stale_after_ms=100, slow_refresh_ms=2500), app)

    def commit():
        with sqlite3.connect(path) as conn:
            conn.execute("insert into t values (1)")

    async def visit(page="/news"):
        started = time.monotonic()
        return await _get(cached, page), time.monotonic() - started

    async def story():
        seen = [(await visit())[0]]  # page 1, slow
        for _ in range(3):  # commits meanwhile: page 1 at once, not worked out again
            commit()
            body, seconds = await visit()
            seen.append(body)
            assert seconds < 0.1
        fast = (await visit("/news/t"))[0]
        commit()
        seen.append((await visit("/news/t"))[0] != fast)  # a fast page: current at once
        await asyncio.sleep(2.0)  # page 1 is older than slow_refresh_ms now
        commit()
        seen.append((await visit())[0])  # shown from before while page 4 is worked out
        await asyncio.sleep(page_cache.SLOW_SECONDS + 0.2)
        seen.append((await visit())[0])
        return seen
    assert asyncio.run(story()) == ["page 1"] * 4 + [True, "page 1", "page 4"]
    assert calls == ["/news", "/news/t", "/news/t", "/news"]


def test_a_busy_server_shows_a_kept_page_until_busy_refresh_ms_and_a_quiet_one_at_once(tmp_path):
    import asyncio

    from quotes.web import page_cache

    path = tmp_path / "news.db"
    sqlite3.connect(path).execute("create table t (x)")
    calls = []

    async def app(scope, receive, send):
        calls.append(scope["path"])
        made = len(calls)
        await asyncio.sleep(0.4 if scope["path"].startswith("/news/other") else 0.0)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"page %d" % made})
    cached = page_cache.wrap(OneDatabase(path, stale_after_ms=100, slow_refresh_ms=5000,
                                         busy_refresh_ms=1500), app)

    def commit():
        with sqlite3.connect(path) as conn:
            conn.execute("insert into t values (1)")

    async def visit(page="/news/t"):
        return await _get(cached, page)

    async def busy_visit():  # two other visits in flight while this one is answered
        others = [asyncio.ensure_future(visit(f"/news/other{n}")) for n in range(2)]
        await asyncio.sleep(0.05)
        body = await visit()
        await asyncio.gather(*others)
        return body

    async def story():
        seen = [await visit()]  # page 1, worked out at once
        commit()
        seen.append(await busy_visit())  # busy: page 1 as kept, though a commit came
        seen.append(await visit())  # quiet: current at once, worked out again
        commit()
        await asyncio.sleep(1.6)  # the kept page is older than busy_refresh_ms now
        seen.append(await busy_visit())  # busy, but too old: worked out again
        return seen
    seen = asyncio.run(story())
    assert seen[:2] == ["page 1", "page 1"]
    assert seen[2] not in seen[:2] and seen[3] not in seen[:3]
    assert calls.count("/news/t") == 3


def test_twenty_readers_while_a_writer_commits_get_every_page_and_then_the_current_one(tmp_path):
    import asyncio
    import threading

    from quotes.web.serve import datasette_instance

    db = tmp_path / "news.db"
    tracker = quotes.Tracker(db, engine="rules")
    tracker.add('"The bridge opens on Monday," Mayor Ana Ruiz said.', source="a.txt")
    tracker.add('"Trains run again on Friday," said Ana Ruiz, the mayor.', source="b.txt")
    tracker.db.conn.close()
    datasette = datasette_instance(db)
    pages = ["/news", "/news/speakers/1", "/news/quotes/1", "/news/quote_list?_facet=speaker",
             "/news/quotes_by_speaker?name=Ana+Ruiz", "/news/articles/1", "/news/-/pick-up"]
    stop = threading.Event()

    def writer():
        conn = sqlite3.connect(db, timeout=30)
        while not stop.wait(0.05):
            with conn:
                conn.execute("update speakers set name = name where id = 1")
        with conn:
            conn.execute("update speakers set name = 'Ana Ruiz-Ortega' where id = 1")
        conn.close()

    async def readers():
        statuses = []

        async def reader(n):
            for i in range(10):
                statuses.append((await datasette.client.get(pages[(n + i) % len(pages)])).status_code)
        await asyncio.gather(*(reader(n) for n in range(20)))
        return statuses
    thread = threading.Thread(target=writer)
    thread.start()
    try:
        statuses = asyncio.run(readers())
    finally:
        stop.set()
        thread.join()
    assert statuses == [200] * 200
    # One reader: current at once, or, when the page was slow to work out (over a second, on a
    # busy machine), once slow_refresh_ms (5 s) and its working out are past.
    deadline = time.monotonic() + 15
    while "Ana Ruiz-Ortega" not in asyncio.run(datasette.client.get("/news/speakers/1")).text:
        assert time.monotonic() < deadline, "a page from before the commit, 15 s after it"
        time.sleep(0.5)


def test_sql_on_the_serving_thread_answers_what_three_sql_threads_answered(tmp_path, monkeypatch):
    import asyncio

    from quotes.web import serve

    db_path = tmp_path / "bc7.db"
    shutil.copy(BC7, db_path)
    store.open_db(db_path).conn.close()  # every migration, as quotes serve applies them
    with sqlite3.connect(db_path) as conn:
        outlet, speaker = conn.execute("select outlet, speaker from quote_list"
                                       " where speaker is not null limit 1").fetchone()
        word = conn.execute("select text from quotes limit 1").fetchone()[0].split()[0]
    pages = [f"/bc7/quote_list.json?_facet=outlet&_facet=speaker&_facet=kind&outlet={outlet}",
             f"/bc7/quote_list.json?_facet=role&speaker={speaker}",
             f"/bc7/quotes_by_speaker.json?_shape=array&name={speaker}",
             f"/bc7/who_said_it_first.json?_shape=array&text={word}",
             "/bc7/speakers/1.json", "/bc7/quotes/1.json", "/bc7.json"]

    def answers():
        datasette = serve.datasette_instance(db_path)

        async def visit():
            found = []
            for page in pages:
                response = await datasette.client.get(page)
                assert response.status_code == 200, page
                body = response.json()
                if isinstance(body, dict):  # what differs between any two visits
                    for timing in ("query_ms", "facets_timed_out", "suggested_facets"):
                        body.pop(timing, None)
                    for table in body.get("tables", []):  # a count may run out of time under load
                        table.pop("count", None)
                found.append(body)
            return found
        assert (datasette.executor is None) == (serve.SETTINGS["num_sql_threads"] == 0)
        return asyncio.run(visit())
    now = answers()
    monkeypatch.setitem(serve.SETTINGS, "num_sql_threads", 0)
    on_serving_thread = answers()
    assert now == on_serving_thread
    assert now[0]["rows"] and now[2] and len(now[0]["facet_results"]) >= 3


async def _get(app, path: str) -> str:
    """The body ``app`` (an ASGI app) answers a GET of ``path`` with."""
    sent = []

    async def send(message):
        sent.append(message)
    await app({"type": "http", "method": "GET", "path": path, "query_string": b"",
               "headers": []}, None, send)
    return b"".join(m.get("body", b"") for m in sent).decode()


def test_a_server_works_out_the_pages_visitors_land_on_before_its_first_visit(bc7, monkeypatch):
    """``quotes serve`` (page_cache.WARM_FOR_HOST): while the server starts (its ASGI lifespan),
    the database page and quote_list are worked out, so their first visitor to the address
    ``quotes serve`` prints is answered from what was kept."""
    import asyncio

    import httpx

    from quotes.web import page_cache
    from quotes.web.serve import datasette_instance

    monkeypatch.setattr(page_cache, "WARM_FOR_HOST", "127.0.0.1:8001")
    events = []
    monkeypatch.setattr(page_cache, "start", lambda *args, original=page_cache.start: (
        events.append(args[4]["path"]) or original(*args)))
    datasette = datasette_instance(bc7)

    async def story():
        await datasette.invoke_startup()
        app = datasette.app()
        inbox = asyncio.Queue()
        inbox.put_nowait({"type": "lifespan.startup"})

        async def send(message):
            events.append(message["type"])
        lifespan = asyncio.create_task(app({"type": "lifespan", "asgi": {"version": "3.0"}}, inbox.get, send))
        while "lifespan.startup.complete" not in events:
            await asyncio.sleep(0.01)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://127.0.0.1:8001") as client:
            landed = [await client.get(path) for path in ("/bc7", "/bc7/quote_list", "/bc7/speakers")]
        inbox.put_nowait({"type": "lifespan.shutdown"})
        await lifespan
        return landed
    landed = asyncio.run(story())
    assert events[:3] == ["/bc7", "/bc7/quote_list", "lifespan.startup.complete"]
    assert [page.status_code for page in landed] == [200, 200, 200]
    assert "Every quote" in landed[1].text and 'href="http://127.0.0.1:8001/bc7' in landed[0].text
    assert events[3:5] == ["/bc7/speakers", "lifespan.shutdown.complete"]  # the two not again


def test_twenty_first_visits_at_once_are_worked_out_a_few_at_a_time_and_all_answered(tmp_path):
    import asyncio

    from quotes.web import page_cache

    path = tmp_path / "news.db"
    sqlite3.connect(path).execute("create table t (x)")
    now, most = [0], [0]

    async def app(scope, receive, send):
        now[0] += 1
        most[0] = max(most[0], now[0])
        await asyncio.sleep(0.02)  # (a hand-over to a SQL thread)
        now[0] -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["path"].encode()})
    cached = page_cache.wrap(OneDatabase(path), app)

    async def story():
        return await asyncio.gather(*(_get(cached, f"/news/t{n}") for n in range(20)))
    assert asyncio.run(story()) == [f"/news/t{n}" for n in range(20)]
    assert most[0] == page_cache.AT_ONCE
