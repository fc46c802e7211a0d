"""Every page rendered in Jinja's synchronous mode shows what Datasette's own (async)
rendering showed (issues 28 and 29: a page's CPU under load, pages at speed).

Each page of a real run's database is fetched twice, from a Datasette rendering
through :mod:`quotes.web.sync_render` and from one given back Datasette's own
``render_template``: the HTML must be the same, apart from the time the queries took.
"""
import asyncio
import types

import pytest
from datasette import hookimpl
from datasette.plugins import pm
from jinja2.environment import Template

from quotes.web import sync_render
from quotes.web.serve import datasette_instance

from test_row_pages import without_query_time

PAGES = [
    "/", "/bc7", "/bc7/quote_list", "/bc7/quote_list?_facet=outlet&_facet=speaker&outlet=Reuters",
    "/bc7/quote_list?_search=Bali", "/bc7/quote_list?_col=text&_col=speaker&_sort=speaker",
    "/bc7/speakers", "/bc7/articles/1", "/bc7/outlets/1", "/bc7/speakers/2", "/bc7/quotes/3",
    "/bc7/clusters/2", "/bc7/quotes_by_speaker?name=Mustafa+Baly", "/bc7/speaker_profile?name=Bali",
    "/bc7/who_said_it_first?text=caliphate", "/bc7/pick_up", "/bc7/misattributions",
    "/bc7/-/pick-up", "/bc7/-/misattributions", "/bc7?sql=select+1+as+one", "/bc7/no_such_table",
    "/-/plugins", "/bc7/articles?_sort_desc=published&_size=5",
]


def fetch_all(datasette, paths, own_render: bool) -> dict:
    async def go():
        await datasette.invoke_startup()
        if not own_render:  # Datasette's own rendering, in Jinja's async mode
            datasette.render_template = datasette._quotes_async_render
        return {path: await datasette.client.get(path) for path in paths}
    return asyncio.run(go())


def test_every_page_is_what_datasettes_own_rendering_gave(bc7, monkeypatch):
    rendered = []
    monkeypatch.setattr(Template, "render_async", lambda self, *a, original=Template.render_async, **k: (
        rendered.append(self.name) or original(self, *a, **k)))
    ours = fetch_all(datasette_instance(bc7), PAGES, own_render=True)
    assert set(rendered) <= {"error.html"}  # no page but the error page (Datasette's own hook's)
    theirs = fetch_all(datasette_instance(bc7), PAGES, own_render=False)
    assert rendered  # (the other one did)
    for path in PAGES:
        assert ours[path].status_code == theirs[path].status_code, path
        assert without_query_time(ours[path].text) == without_query_time(theirs[path].text), path
    assert {ours[path].status_code for path in PAGES} == {200, 404}
    assert 'class="crumbs"' in ours["/bc7/quote_list"].text  # the crumbs are there, worked out first


@hookimpl
def extra_template_vars():
    """A plugin's: an ``async`` function of an argument in every page's context."""
    async def shout(word):
        return word.upper()
    return {"shout": shout}


def test_a_context_this_cannot_render_is_rendered_by_datasette(bc7):
    plugin = types.ModuleType("async_with_arguments")
    plugin.extra_template_vars = extra_template_vars
    pm.register(plugin, name="async-with-arguments")
    try:
        datasette = datasette_instance(bc7)
        original = []

        async def go():
            await datasette.invoke_startup()
            own = datasette._quotes_async_render

            async def counted(*args, **kwargs):
                original.append(args[0])
                return await own(*args, **kwargs)
            datasette._quotes_async_render = counted
            return await datasette.client.get("/bc7/quote_list")
        response = asyncio.run(go())
    finally:
        pm.unregister(plugin)
    assert response.status_code == 200 and "Every quote" in response.text
    assert original  # handed to Datasette's own render_template


@pytest.mark.parametrize("path", ["/bc7/quote_list", "/bc7"])
def test_a_second_visit_works_its_crumbs_out_before_rendering_once(bc7, path, monkeypatch):
    datasette = datasette_instance(bc7)
    renders = []
    sync_env = None

    async def go():
        nonlocal sync_env
        await datasette.invoke_startup()
        sync_render._CRUMB_CALLS.clear()
        await datasette.client.get(path)
        sync_env = sync_render.sync_environment(datasette)
        monkeypatch.setattr(Template, "render", lambda self, *a, original=Template.render, **k: (
            renders.append(self.name) or original(self, *a, **k)))
        second = await datasette.client.get(path + "?_x=1")
        return second
    second = asyncio.run(go())
    assert second.status_code == 200 and 'class="crumbs"' in second.text
    assert len(renders) == 1  # once: the crumbs its template asks for were known
