"""Two fixes made to a request before Datasette sees it (an ``asgi_wrapper``).

Why: Datasette computes a ``_facet=`` that repeats a table's own facet twice
and shows both (``quote_list?_facet=outlet``), and a POST to a table, a view
or a canned query that only reads (in any of its forms: ``.txt``, ``.json``,
``.csv`` or none) ends in its 500 page. Here the repeat is dropped and the POST
answered 405. A POST to a canned query that writes, and to Datasette's own
``/-/`` pages (its write API, login forms), passes through.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from datasette.utils import tilde_decode
from datasette.utils.asgi import Response


def wrap(datasette, app):
    """``app`` behind the two fixes."""
    async def at_the_door(scope, receive, send):
        if scope.get("type") == "http" and scope.get("method") == "POST" \
                and read_only_page(datasette, scope.get("path", "")):
            await Response.text("This page only reads: use GET.", status=405,
                                headers={"Allow": "GET, HEAD"}).asgi_send(send)
            return
        if scope.get("type") == "http" and b"_facet=" in scope.get("query_string", b""):
            scope = dict(scope, query_string=unrepeated(datasette, scope["path"],
                                                        scope["query_string"]))
        await app(scope, receive, send)
    return at_the_door


def read_only_page(datasette, path: str) -> bool:
    """Whether ``path`` is a table, view or canned query page of a database, in any form
    (``/db/name``, ``/db/name.json``, ``.txt``, ``.csv``), that is not a canned query that
    writes. Row pages, the database page and ``/-/`` pages are left to Datasette (it
    answers their POST itself)."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or parts[1].startswith("-") or tilde_decode(parts[0]) not in datasette.databases:
        return False
    queries = datasette.metadata("queries", database=tilde_decode(parts[0])) or {}
    name = tilde_decode(parts[1])
    for candidate in (name, name.rsplit(".", 1)[0]):
        if candidate in queries:
            query = queries[candidate]
            return not (isinstance(query, dict) and query.get("write"))
    return True


def unrepeated(datasette, path: str, query: bytes) -> bytes:
    """``query`` without a ``_facet=`` the table configures already or the query repeats."""
    parts = path.strip("/").split("/")
    facets: list = []
    if len(parts) == 2:
        database, table = parts
        facets = (datasette.table_metadata(database, table).get("facets")
                  or datasette.table_metadata(database, table.rsplit(".", 1)[0]).get("facets") or [])
    # a facet configured as a column (``outlet``) or as one counted (``{counted: outlet}``)
    seen = {facet if isinstance(facet, str) else next(iter(facet.values()), None) for facet in facets}
    kept = []
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if name == "_facet":
            if value in seen:
                continue
            seen.add(value)
        kept.append((name, value))
    return urlencode(kept).encode("latin-1")
