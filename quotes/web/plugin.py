"""The Datasette plugin behind ``quotes serve`` and ``quotes publish``: every hook, in one place.

Datasette loads this module (the ``datasette`` entry point ``quotes``, or the
loader ``quotes publish`` writes into ``--plugins-dir``) and registers the
hooks it finds here; each comes from the module of its feature:

- :mod:`.sql_functions` (``prepare_connection``): the SQL functions the canned
  queries use, a speaker under any spelling (:mod:`.names`), a safe full-text
  query and a median;
- :mod:`.rendering` (``render_cell``, ``prepare_jinja2_environment``,
  ``extra_css_urls``): names linked to their pages, dates as dates, an unknown
  outlet, date or headline shown one way everywhere, templates read once a process;
- ``startup`` below: every page rendered in Jinja's synchronous mode (:mod:`.sync_render`),
  each table's permission blocks worked out once (:mod:`.permissions`), what Datasette reads
  of the schema read once a schema version (:mod:`.schema_reads`), quote_list's row
  count read from the counts (:mod:`.facets`) and, in ``quotes serve``, every template
  compiled before the first visit (:mod:`.rendering`);
- :mod:`.template_vars` (``extra_template_vars``): what the row pages
  (:mod:`.pages`) and the database page's charts (:mod:`.charts`) show, and the
  column descriptions behind a toggle;
- :mod:`.routes` (``register_routes``): the pick-up page, the Atom feeds (:mod:`.atom`) and
  the speaker, quote and statement pages (:mod:`.row_pages`);
- :mod:`.facets` (``register_facet_classes``, and ``startup``): quote_list's facets and row
  count read from the counts the store keeps, where they cover the page's filter;
- ``asgi_wrapper`` below: :mod:`.door` (a repeated ``_facet=`` dropped, a POST to
  a read-only query refused) in front of :mod:`.page_cache` (pages kept until
  the database changes).

Settings a site may change go under ``plugins: quotes:`` in ``metadata.yml``
(:mod:`.config`). The package imports nothing from ``quotes`` outside
``quotes.web`` and only relatively, so ``quotes publish`` can ship it alone.
"""
from __future__ import annotations

from datasette import hookimpl

from . import door, facets, page_cache, permissions, rendering, schema_reads, sync_render
from .facets import register_facet_classes  # noqa: F401
from .names import MAX_NAME_CHARS, fold, lookup_keys, name_score  # noqa: F401 (the plugin's API)
from .rendering import (ASSETS, UNKNOWN_OUTLET, extra_css_urls, prepare_jinja2_environment,  # noqa: F401
                        render_cell, show_date)
from .routes import register_routes  # noqa: F401
from .sql_functions import prepare_connection  # noqa: F401
from .template_vars import extra_template_vars  # noqa: F401

HOOKS = ("prepare_connection", "render_cell", "prepare_jinja2_environment", "extra_css_urls", "startup",
         "extra_template_vars", "register_routes", "register_facet_classes", "asgi_wrapper")


@hookimpl
def asgi_wrapper(datasette):
    """Requests fixed at the door first, then answered from the page cache or by Datasette."""
    def wrap(app):
        return door.wrap(datasette, page_cache.wrap(datasette, app))
    return wrap


@hookimpl
def startup(datasette):
    """Pages rendered synchronously, table permissions and schema reads worked out once,
    quote_list's row count read from the counts kept, templates compiled."""
    sync_render.install(datasette)
    permissions.install(datasette)
    schema_reads.install(datasette)
    facets.install(datasette)
    return rendering.compile_at_start(datasette)
