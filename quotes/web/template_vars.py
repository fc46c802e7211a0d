"""What the templates get beyond Datasette's own context (``extra_template_vars``).

Why: the row pages (``templates/quotes/row-*.html``) and the database page's
charts need what :mod:`.pages` gathers (the speaker, quote and statement pages
on the plugin's own route, :mod:`.row_pages`, read theirs there and get nothing
here), and the table page shows the column descriptions in a closed toggle
instead of Datasette's list above the rows, so the data comes first, and of a wide
view the columns a reader needs (:func:`.rendering.brief_columns`).
"""
from __future__ import annotations

from datasette import hookimpl
from datasette.utils import urlsafe_components

from .pages import ROW_PAGES, overview
from .rendering import brief_columns
from .row_pages import OWN_PAGE


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    async def inner():
        if not database or database not in datasette.databases:
            return {}
        if request is not None and request.scope.get(OWN_PAGE):  # a page of .row_pages: read there
            return {}
        if view_name == "table" and table:
            return {**columns_behind_a_toggle(datasette.table_metadata(database, table)),
                    "quotes_brief": brief_columns(table, request)}
        db = datasette.get_database(database)
        if not await db.table_exists("quotes"):
            return {}
        if view_name == "database":
            return {"quotes_page": await overview(datasette, db)}
        if view_name == "row" and table in ROW_PAGES:
            pks = urlsafe_components(request.url_vars["pks"])
            if len(pks) == 1 and pks[0].isdigit():
                return {"quotes_page": await ROW_PAGES[table](datasette, db, int(pks[0]))}
        return {}

    return inner


def columns_behind_a_toggle(metadata: dict) -> dict:
    """Move a table's column descriptions out of Datasette's list above the rows.

    Datasette prints every description between the heading and the data; the
    table template (``templates/table.html``) shows them in a closed
    ``<details>`` instead, so the rows come first.
    """
    if not metadata.get("columns"):
        return {}
    return {"metadata": {k: v for k, v in metadata.items() if k != "columns"},
            "quotes_columns": metadata["columns"]}
