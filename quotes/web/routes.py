"""The pick-up page, ``/DATABASE/-/pick-up``, the misattributions page,
``/DATABASE/-/misattributions``, the Atom feeds of :mod:`.atom` and the speaker, quote and
statement pages of :mod:`.row_pages` (``register_routes``).

Why a page of its own: who picked up whom is a table and a chart over every
pair of outlets, which no row or table page holds; it reads the ``pick_up``
canned query's SQL, so the page and the query agree. The misattributions
page groups the ``misattributions`` query's rows by statement and lists each
speaker's articles under it, which a table of rows cannot.
"""
from __future__ import annotations

from datasette import NotFound, Response, hookimpl

from .atom import atom_routes
from .charts import pick_up_chart
from .factcheck import misattribution_groups
from .reads import pick_ups
from .row_pages import ROUTE, row_page


@hookimpl
def register_routes():
    return [(r"^/(?P<database>[^/]+)/-/pick-up$", pick_up_view),
            (r"^/(?P<database>[^/]+)/-/misattributions$", misattributions_view), *atom_routes(),
            (ROUTE, row_page)]


async def _readable(datasette, request) -> str | Response:
    """The database a page reads, or the answer to a request it cannot have."""
    if request.method not in ("GET", "HEAD"):  # it only reads, as every other page
        return Response.text("This page only reads: use GET.", status=405, headers={"Allow": "GET, HEAD"})
    database = request.url_vars["database"]
    if database not in datasette.databases:
        raise NotFound(f"Database not found: {database}")
    await datasette.ensure_permissions(request.actor, [("view-database", database), "view-instance"])
    return database


async def pick_up_view(datasette, request):
    """The pick-up page: per pair of outlets, how often and how soon one carried the other's quotes."""
    database = await _readable(datasette, request)
    if isinstance(database, Response):
        return database
    pairs = await pick_ups(datasette, database, request.actor)
    return Response.html(await datasette.render_template(
        "quotes/pick-up.html", {"database": database, "pairs": pairs,
                                "chart": pick_up_chart(pairs) if pairs else None},
        request=request))


async def misattributions_view(datasette, request):
    """The misattributions page: each statement given to different speakers in different
    articles, with the outlets and times that gave it to each."""
    database = await _readable(datasette, request)
    if isinstance(database, Response):
        return database
    groups, total = await misattribution_groups(datasette, database, request.actor)
    return Response.html(await datasette.render_template(
        "quotes/misattributions.html", {"database": database, "groups": groups, "total": total},
        request=request))
