"""The pick-up page, ``/DATABASE/-/pick-up``, and the Atom feeds of :mod:`.atom` (``register_routes``).

Why a page of its own: who picked up whom is a table and a chart over every
pair of outlets, which no row or table page holds; it reads the ``pick_up``
canned query's SQL, so the page and the query agree.
"""
from __future__ import annotations

from datasette import NotFound, Response, hookimpl

from .atom import atom_routes
from .charts import pick_up_chart
from .reads import pick_ups


@hookimpl
def register_routes():
    return [(r"^/(?P<database>[^/]+)/-/pick-up$", pick_up_view), *atom_routes()]


async def pick_up_view(datasette, request):
    """The pick-up page: per pair of outlets, how often and how soon one carried the other's quotes."""
    if request.method not in ("GET", "HEAD"):  # it only reads, as every other page
        return Response.text("This page only reads: use GET.", status=405, headers={"Allow": "GET, HEAD"})
    database = request.url_vars["database"]
    if database not in datasette.databases:
        raise NotFound(f"Database not found: {database}")
    await datasette.ensure_permissions(request.actor, [("view-database", database), "view-instance"])
    pairs = await pick_ups(datasette, database, request.actor)
    return Response.html(await datasette.render_template(
        "quotes/pick-up.html", {"database": database, "pairs": pairs,
                                "chart": pick_up_chart(pairs) if pairs else None},
        request=request))
