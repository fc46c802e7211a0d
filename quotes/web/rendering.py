"""How values read on every page: names linked to their pages, dates as dates, unknowns said.

Why a plugin does it: Datasette prints query results and the ``quote_list``
view as stored, so an id is a bare number, a missing outlet an empty cell and
a date an ISO string. ``render_cell`` links a name to the page of the id
column beside it and shows an unknown outlet, date or headline one way
everywhere; the templates use the same :func:`show_date` (``quotes_date``).
"""
from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from datasette import hookimpl
from jinja2 import BaseLoader, TemplateError, TemplateNotFound
from markupsafe import Markup, escape

ASSETS = "quotes-assets"  # the --static mount for quotes.css and the vendored Vega JS
UNKNOWN_OUTLET = "unknown outlet"  # how an article with no outlet is shown, faceted and counted
UNDATED = "undated"  # how an article with no date is shown
UNTITLED = "untitled"  # how an article with no headline is shown (with its source)
# Columns holding an outlet's name: no value there is the unknown outlet, never a link.
OUTLET_COLUMNS = {"outlet", "first_outlet", "picked_up_by"}
ID_PAGES = {
    "quote_id": "quotes", "speaker_id": "speakers", "article_id": "articles",
    "cluster_id": "clusters", "outlet_id": "outlets", "first_article_id": "articles",
    "first_outlet_id": "outlets", "picked_up_by_id": "outlets", "statement_id": "quotes",
    "statement": "clusters",  # the misattributions and altered_quotes queries' statement
}
# A column of names or words in query results links to the page of the id column beside it
# (the id columns themselves are left off canned query pages, see without_id_columns).
NAME_LINKS = {"speaker": "speaker_id", "outlet": "outlet_id", "title": "article_id",
              "text": "quote_id", "quote": "cluster_id", "first_outlet": "first_outlet_id",
              "picked_up_by": "picked_up_by_id"}

# What a reader needs of a wide view, shown by default (templates/table.html): only these
# columns' cells are written (the others, ids for links, the raw date, the cue, stay in the
# view, its JSON and CSV, and on the page with "all columns" or any ?_col=).
BRIEF_COLUMNS = {"quote_list": ("published", "outlet", "speaker", "kind", "text", "title")}

_INSTANT = re.compile(r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]00:?00)?$")


@functools.lru_cache(maxsize=16)
def unknown(label: str) -> Markup:
    """An unknown outlet, date or headline, shown the same way on every page (made once a label:
    a ``quote_list`` page shows dozens)."""
    return Markup(f'<span class="q-unknown">{escape(label)}</span>')


def show_date(published: str | None) -> Markup:
    """A publication date for reading: ``2026-03-02T08:15:00Z`` is ``2026-03-02 08:15 UTC``.

    The stored value stays in the ``datetime`` attribute; no date (or a canned query's
    ``'undated'``) is shown as undated.
    """
    if not published or published == UNDATED:
        return unknown(UNDATED)
    match = _INSTANT.match(published)
    if match:  # digits, a space and "UTC": nothing to escape
        return Markup(f'<time datetime="{escape(published)}">{match[1]} {match[2]}'
                      f'{" UTC" if match[3] else ""}</time>')
    shown = escape(published)
    return Markup(f'<time datetime="{shown}">{shown}</time>')


def web_link(url: str | None) -> Markup:
    """An article's address as a link only when it is an http(s) URL, else as plain text.

    Why: ``articles.url`` is whatever a JSONL line or a manifest said; a
    ``javascript:`` or ``data:`` address made a link would run a script on this
    site for any editor who clicks it. Escaping cannot help (the scheme is the
    attack), so any other scheme, or a value with spaces or control characters,
    is shown as text. Datasette's own table cells make links the same way.
    """
    if not url:
        return Markup("")
    text = str(url)
    scheme = urlsplit(text.strip()).scheme.lower() if not re.search(r"[\s\x00-\x1f\x7f]", text) else ""
    if scheme in ("http", "https"):
        return Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(text, text)
    return Markup('<span class="q-url">{}</span>').format(text)


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path(f"/{ASSETS}/quotes.css")]


_QID = re.compile(r"Q[1-9][0-9]{0,11}")


def wikidata_url(qid: str | None) -> str | None:
    """The Wikidata page of an item id, or ``None`` for none (or a value that is no id:
    only what ``quotes speakers link`` would have stored is linked)."""
    return f"https://www.wikidata.org/wiki/{qid}" if qid and _QID.fullmatch(qid) else None


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["quotes_date"] = show_date
    env.filters["quotes_web_link"] = web_link
    env.filters["quotes_without_columns"] = without_columns
    env.filters["quotes_without_id_columns"] = without_id_columns
    # Templates are read once a process, as the code is (``datasette serve --reload`` restarts the
    # process when a file changes): with auto_reload on, each of the fifteen or so templates a page
    # uses is checked on disk at every visit, and every name Datasette tries first for a page
    # (``row-DATABASE-TABLE.html`` and the like, which this site has none of) is looked for in
    # each template folder again, 3-5% of a page's time under load.
    env.auto_reload = False
    if not isinstance(env.loader, KnownMissing):
        env.loader = KnownMissing(env.loader)


# Set by ``quotes serve`` (:func:`.serve.run_datasette`): every template compiled before the first
# visit. Why: a process compiles each template at its first use, 0.4 s for all of them in
# Jinja's async mode and 0.45 s again in the synchronous one the pages are rendered in
# (:mod:`.sync_render`); under twenty readers at once that fell on the first visits of each kind of
# page, all at the start (the database page's first working out took 3-4 s then). Tests and
# scripts that make a Datasette of their own leave it off and compile as pages are visited.
COMPILE_AT_START = False


def compile_at_start(datasette):
    """The ``startup`` hook's coroutine compiling every template (``None`` where it is off)."""
    if not COMPILE_AT_START:
        return None

    async def inner():
        compile_templates(datasette)
    return inner


def compile_templates(datasette) -> int:
    """Compile every HTML template Datasette's environment finds, in both modes; the number."""
    from .sync_render import sync_environment

    compiled = 0
    for env in (datasette.jinja_env, sync_environment(datasette)):
        for name in env.list_templates(extensions=["html"]):
            try:
                env.get_template(name)
                compiled += 1
            except TemplateError:  # a template of another plugin's that does not compile: its page says so
                continue
    return compiled


class KnownMissing(BaseLoader):
    """``loader``, remembering the template names it did not find (at most :data:`MISSING_NAMES`;
    they come from table and query names, which a site has a bounded number of)."""

    def __init__(self, loader: BaseLoader):
        self.loader, self.missing = loader, set()

    def get_source(self, environment, template):
        return self._found(template, lambda: self.loader.get_source(environment, template))

    def load(self, environment, name, globals=None):
        return self._found(name, lambda: self.loader.load(environment, name, globals))

    def list_templates(self):
        return self.loader.list_templates()

    def _found(self, name, find):
        if name in self.missing:
            raise TemplateNotFound(name)
        try:
            return find()
        except TemplateNotFound as error:
            if error.name != name:  # another template, which a found one asked for
                raise
            if len(self.missing) >= MISSING_NAMES:
                self.missing.clear()
            self.missing.add(name)
            raise


MISSING_NAMES = 1000


def without_columns(rows, names) -> list[list[dict]]:
    """Each of Datasette's display rows without the cells of the columns ``names``
    (``quotes_without_columns``, for a page of :func:`brief_columns`)."""
    names = set(names)
    return [[cell for cell in row if cell["column"] not in names] for row in rows]


def without_id_columns(columns, rows) -> tuple[list[str], list[list]]:
    """A canned query's columns and display rows without the ids of this database's rows
    (the ``*_id`` columns of :data:`ID_PAGES`; ``quotes_without_id_columns``, for
    ``templates/query.html``). A Wikidata id stays: it is the reader's, linked to Wikidata.

    Why: the row ids are in a canned query's results for the links on the names beside them
    (:func:`render_cell`) and for its JSON and CSV; a reader has no use for them. Leaving their
    cells out of the page (rather than writing them and hiding them with CSS, which hid the
    Wikidata id too) is less to write and to send: five of who_said_it_first's eleven
    columns, 500 cells a page.
    """
    keep = [i for i, column in enumerate(columns) if not (column.endswith("_id") and column in ID_PAGES)]
    return [columns[i] for i in keep], [[row[i] for i in keep] for row in rows]


def brief_columns(table: str | None, request) -> tuple[str, ...] | None:
    """The columns ``table``'s page shows of its rows (:data:`BRIEF_COLUMNS`), or ``None`` for
    all of them (any table not listed, or a page that names its columns with ``?_col=``)."""
    shown = BRIEF_COLUMNS.get(table)
    if shown is None or request is None or "_col" in request.args:
        return None
    return shown


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """In query results and the quote_list and quote_roles views, names link to their pages,
    Wikidata ids to Wikidata; unknowns say so."""
    if column == "wikidata_id" and isinstance(value, str) and table in (None, "speaker_links"):
        url = wikidata_url(value)
        return Markup('<a href="{}" rel="external">{}</a>').format(url, value) if url else None
    if table not in (None, "quote_list", "quote_roles"):
        return None
    if column in OUTLET_COLUMNS and value in (None, UNKNOWN_OUTLET):
        return unknown(UNKNOWN_OUTLET)
    if column in ("published", "first_published"):
        return show_date(value)
    if column == "title" and value is None:
        value = unknown(UNTITLED)
    if value is None:
        return None
    if column in ID_PAGES and isinstance(value, int):
        return link(datasette, database, ID_PAGES[column], value, value)
    id_column = NAME_LINKS.get(column)
    if id_column and id_column in row.keys() and isinstance(row[id_column], int):
        return link(datasette, database, ID_PAGES[id_column], row[id_column], value)
    return value if isinstance(value, Markup) else None


def link(datasette, database, table, pk, text) -> Markup:
    """``text`` linked to row ``pk`` of ``table``.

    Why escape and an f-string rather than ``Markup.format``: ``quote_list`` makes nine
    links a row, 450 a page, and formatting them took a third of the page's time.
    """
    return Markup(f'<a href="{table_url(datasette, database, table)}/{escape(pk)}">{escape(text)}</a>')


@functools.lru_cache(maxsize=256)
def table_url(datasette, database: str, table: str) -> Markup:
    """The path of ``table``'s page, escaped for an attribute (the same for the life of a
    Datasette instance)."""
    return escape(datasette.urls.table(database, table))
