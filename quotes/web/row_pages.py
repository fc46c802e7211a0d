"""The speaker, quote and statement pages on routes of the plugin's own (``register_routes``),
the same page as Datasette's row view with the plugin's sections, worked out with less.

Why: these are the row pages people visit most, and under twenty readers at once a
page's CPU time is what the queue is made of. Datasette's HTML row view renders its
templates in Jinja's async mode (every expression awaited), reads the row's column
details, keys and incoming links in a hand-over to a SQL thread each, checks the
table's permission again for the crumbs and, through this plugin's
``extra_template_vars``, reads the page's own rows in one more. Here one read
function does every read of a page in one hand-over (:func:`.reads.read`), with the
incoming foreign keys found once a schema version, and the same templates
(``row.html``, Datasette's ``default:row.html`` and ``base.html`` and this plugin's
``quotes/row-*.html``) are rendered by a synchronous overlay of Datasette's own Jinja
environment (same loader, filters and globals), with what is asynchronous in
Datasette's context (crumbs, menu links, the CSS and JavaScript of plugins, body
scripts, other plugins' template variables) worked out before. The page cache
(:mod:`.page_cache`) keeps these pages as it keeps any.

Permissions are Datasette's: the same ``view-table``, ``view-database`` and
``view-instance`` checks as its row view, in its order (a table denied stays denied; one
allowed to some is shown to them as Datasette shows it). Anything else on these paths (a method
other than GET, an id too large for SQLite, a database without a quotes table, a missing
table) is handed to Datasette's row view, so it answers as before; the ``.json`` forms never
come here.
"""
from __future__ import annotations

import threading
import time

from datasette import Forbidden, NotFound, Response
from datasette.utils import (add_cors_headers, await_me_maybe, call_with_supported_arguments,
                             detect_primary_keys, get_all_foreign_keys,
                             get_outbound_foreign_keys, path_with_format, table_column_details,
                             tilde_decode, to_css_class)
from datasette.utils.asgi import Request
from datasette.version import __version__


from .pages import READERS
from .reads import read
from .sync_render import render_template, sync_environment

ROUTE = r"^/(?P<database>[^/]+)/(?P<table>quotes|speakers|clusters)/(?P<pks>[0-9]+)$"
MAX_ID = 2**63 - 1  # SQLite's largest integer
# Marks a request answered here, so ``extra_template_vars`` does not read the page again.
OWN_PAGE = "quotes.own_row_page"


async def row_page(datasette, request, send):
    """A speaker's, quote's or statement's page; Datasette's row view for anything else."""
    table, pk = request.url_vars["table"], int(request.url_vars["pks"])
    try:
        db = datasette.get_database(route=tilde_decode(request.url_vars["database"]))
    except KeyError:
        raise NotFound("Database not found")
    if request.method != "GET" or pk > MAX_ID:  # (an id SQLite cannot hold finds no row there)
        return await datasette_row_view(datasette, request)
    visible, private, crumbs = await visibility(datasette, request.actor, db.name, table)
    if not visible:
        raise Forbidden("You do not have permission to view this table")
    started = time.perf_counter()
    found = await read(datasette, db, lambda conn: read_page(datasette, db, conn, table, pk))
    query_ms = (time.perf_counter() - started) * 1000
    if found is None:  # not a quotes database, or no such table: as Datasette would answer
        return await datasette_row_view(datasette, request)
    if not found["row"]:
        raise NotFound("Record not found")
    request.scope[OWN_PAGE] = True  # its page is read: extra_template_vars reads nothing more
    alternate = datasette.absolute_url(
        request, datasette.urls.path(path_with_format(request=request, format="json")))
    response = Response.html(await render(datasette, request, db.name, table, private, found, {
        "query_ms": query_ms, "alternate_url_json": alternate, "crumbs": crumbs}))
    # The headers Datasette's views answer with (DataView.render, BaseView.set_response_headers).
    response.headers["Link"] = f'{alternate}; rel="alternate"; type="application/json+datasette"'
    if datasette.cache_headers:
        ttl = request.args.get("_ttl")
        ttl = int(ttl if ttl is not None and ttl.isdigit() else datasette.setting("default_cache_ttl"))
        response.headers["Cache-Control"] = f"max-age={ttl}" if ttl else "no-cache"
    response.headers["Referrer-Policy"] = "no-referrer"
    if datasette.cors:
        add_cors_headers(response.headers)
    return response


_SCHEMA_LOCK = threading.Lock()
_SCHEMAS: dict = {}  # (database path, name, schema version): what the pages need of its schema


def schema(conn, key: tuple) -> dict | None:
    """Of the database on ``conn`` at ``key``'s schema version: each table's incoming foreign
    keys, and of the three tables their columns, primary keys and outgoing foreign keys (read by
    Datasette's own functions, as its ``Database`` methods read them); ``None`` for a database
    without quotes."""
    found = _SCHEMAS.get(key)
    if found is None:
        names = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        if "quotes" not in names:
            return None
        found = {"incoming": {name: keys["incoming"] for name, keys in get_all_foreign_keys(conn).items()},
                 "tables": {table: (table_column_details(conn, table), detect_primary_keys(conn, table),
                                    get_outbound_foreign_keys(conn, table))
                            for table in READERS if table in names}}
        with _SCHEMA_LOCK:
            if len(_SCHEMAS) > 16:
                _SCHEMAS.clear()
            _SCHEMAS[key] = found
    return found


def read_page(datasette, db, conn, table: str, pk: int) -> dict | None:
    """Everything the page shows, read on ``conn`` (a SQL thread's): the row (with its cursor's
    description and its table's schema, for its table), the incoming links counted, and the
    plugin's page; ``None`` for a database or table this page is not for."""
    found = schema(conn, (db.path, db.name, conn.execute("pragma schema_version").fetchone()[0]))
    if found is None or table not in found["tables"]:
        return None
    cursor = conn.execute(f'select * from [{table}] where "id" = :id', {"id": pk})
    row = cursor.fetchall()
    keys = found["incoming"].get(table, [])
    counts = []
    if row and keys:  # as Datasette's row view counts them, in one select
        counts = list(conn.execute("select " + ", ".join(
            f'(select count(*) from [{fk["other_table"]}] where [{fk["other_column"]}] = :id)'
            for fk in keys), {"id": str(pk)}).fetchone())
    return {"row": row, "description": cursor.description, "keys": keys, "counts": counts,
            "schema": found["tables"][table],
            "page": READERS[table](datasette, db.name, conn, pk) if row else None}


class SchemaRead:
    """What ``display_columns_and_rows`` asks a database for, answered from what
    :func:`read_page` read in its hand-over instead of three more."""

    def __init__(self, details, pks, foreign_keys):
        self.details, self.pks, self.foreign_keys = details, pks, foreign_keys

    async def table_column_details(self, table):
        return self.details

    async def primary_keys(self, table):
        return self.pks

    async def foreign_keys_for_table(self, table):
        return self.foreign_keys


class WithSchemaRead:
    """``datasette``, its database ``name`` answering from a :class:`SchemaRead`."""

    def __init__(self, datasette, name: str, read: SchemaRead):
        self._datasette, self.databases = datasette, {**datasette.databases, name: read}

    def __getattr__(self, attribute):
        return getattr(self._datasette, attribute)


async def datasette_row_view(datasette, request):
    """Datasette's own row view of the request (its route's variables, no format: the page)."""
    from datasette.views.row import RowView  # (imported when Datasette is: a plugin is loaded first)
    scope = dict(request.scope, url_route={"kwargs": {**request.url_vars, "format": None}})
    return await RowView.as_view(datasette)(Request(scope, request.receive), None)


async def render(datasette, request, database: str, table: str, private: bool, found: dict,
                 extra: dict) -> str:
    """The page's HTML: ``row.html`` rendered synchronously with the context Datasette's row
    view gives it."""
    from datasette.views.table import display_columns_and_rows
    from datasette.views.row import RowView

    pk = request.url_vars["pks"]
    answering = WithSchemaRead(datasette, database, SchemaRead(*found["schema"]))
    display_columns, display_rows = await display_columns_and_rows(
        answering, database, table, found["description"], found["row"], link_column=False,
        truncate_cells=0)
    for column in display_columns:
        column["sortable"] = False
    foreign_key_tables = []
    for fk, count in zip(found["keys"], found["counts"]):
        column = fk["other_column"] + ("__exact" if fk["other_column"].startswith("_") else "")
        foreign_key_tables.append({**fk, "count": count or 0,
                                   "link": f"{datasette.urls.table(database, fk['other_table'])}?{column}={pk}"})
    renderers = {}
    for key, (_, can_render) in datasette.renderers.items():
        if await await_me_maybe(call_with_supported_arguments(
                can_render, datasette=datasette, columns=[d[0] for d in found["description"]],
                rows=found["row"], sql=None, query_name=None, database=database, table=table,
                request=request, view_name="row")):
            renderers[key] = datasette.urls.path(path_with_format(request=request, format=key))
    templates = [f"row-{to_css_class(database)}-{to_css_class(table)}.html", "row.html"]
    context = {
        "database": database, "table": table, "rows": found["row"],
        "columns": [d[0] for d in found["description"]], "primary_keys": ["id"],
        "primary_key_values": [pk], "units": datasette.table_metadata(database, table).get("units", {}),
        "private": private, "foreign_key_tables": foreign_key_tables,
        "display_columns": display_columns, "display_rows": display_rows,
        "custom_table_templates": [f"_table-{to_css_class(database)}-{to_css_class(table)}.html",
                                   f"_table-row-{to_css_class(database)}-{to_css_class(table)}.html", "_table.html"],
        "metadata": (datasette.metadata("databases") or {}).get(database, {}).get("tables", {}).get(table, {}),
        "renderers": renderers, "quotes_page": found["page"],
        "database_color": RowView(datasette).database_color,
        "datasette_version": __version__, "settings": datasette.settings_dict(), **extra,
    }
    crumbs = context.pop("crumbs")
    chosen = sync_environment(datasette).select_template(templates).name  # (as Datasette's views say)
    context["select_templates"] = [f"{'*' if name == chosen else ''}{name}" for name in templates]
    return await render_template(datasette, templates, context, request, "row",
                                 crumbs={(database, table): crumbs})


PERMISSIONS = ("view-table", "view-database", "view-instance")  # in the order Datasette asks


async def visibility(datasette, actor, database: str, table: str) -> tuple[bool, bool, list[dict]]:
    """(whether ``actor`` may see the table, whether it is private: hidden from the anonymous,
    the crumbs: home, the database and the table, each shown where the actor may see it).

    The answers of Datasette's ``check_visibility`` and ``_crumb_items``, from one
    ``permission_allowed`` a permission (two for a signed-in actor, who may see what the
    anonymous cannot) instead of up to nine: each ``view-table`` check is a SQL hand-over and a
    deep copy of the site's metadata. As Datasette decides, the first of table, database and
    instance that a permission hook answers for decides whether the page may be seen, and
    none answering lets it be seen; a crumb is shown unless a hook denies it.
    """
    mine = await answers(datasette, actor, database, table)
    visible = next((answer for answer in mine if answer is not None), True)
    if actor is None or not visible:
        private = False
    else:
        private = not next((answer for answer in await answers(datasette, None, database, table)
                            if answer is not None), True)
    table_answer, database_answer, instance_answer = mine
    crumbs = []
    if instance_answer is None or instance_answer:
        crumbs.append({"href": datasette.urls.instance(), "label": "home"})
    if database_answer is None or database_answer:
        crumbs.append({"href": datasette.urls.database(database), "label": database})
    if table_answer is None or table_answer:
        crumbs.append({"href": datasette.urls.table(database, table), "label": table})
    return bool(visible), private, crumbs


async def answers(datasette, actor, database: str, table: str) -> list:
    """Each of :data:`PERMISSIONS` as the hooks answer it for ``actor``: ``None`` for no answer."""
    resources = {"view-table": (database, table), "view-database": database, "view-instance": None}
    return [await datasette.permission_allowed(actor, action, resource=resources[action], default=None)
            for action in PERMISSIONS]
