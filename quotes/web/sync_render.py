"""Every page's templates rendered in Jinja's synchronous mode (installed at ``startup``).

Why: Datasette renders with its Jinja environment in async mode, where every
expression and every call in a template is awaited whether or not it needs to
be. On ``quote_list`` (fifty rows of sixteen cells, each cell a few
expressions) that made rendering half of a first visit's CPU, and under twenty
readers at once a page's CPU is what the queue is made of. A synchronous
overlay of the same environment (same loader, filters, globals and compiled
templates) gives the same bytes at about half the cost.

:func:`render_template` takes Datasette's own ``render_template``'s place on the
instance (:func:`install`): the same plugin hooks in the same order, the same
context, the same template, rendered synchronously. What a template would
await is worked out first: a context value that is an ``async`` function of no
arguments (the menu's, the table's and the database's action links) is called
once and its answer given to the template; the crumbs (``crumb_items``, which
the templates call with the page's database, table, both or neither) are worked
out as each template was seen to call them (a template calling it otherwise is
rendered once more). A page whose context holds anything else
asynchronous (an ``async`` function that takes arguments, which another plugin
might put there) is rendered by Datasette's own ``render_template`` (its hooks
then asked twice), as is one asked for with ``?_context=1`` (the template debug
view).
"""
from __future__ import annotations

import inspect

from datasette.utils import await_me_maybe, display_actor, format_bytes
from jinja2 import Template
from markupsafe import Markup

# Template name: how it was seen to call crumb_items, as (with the page's database, with its
# table): the crumbs for those are worked out before it is rendered.
_CRUMB_CALLS: dict[str, set] = {}


def install(datasette) -> None:
    """Render ``datasette``'s pages with :func:`render_template` (once an instance)."""
    if getattr(datasette, "_quotes_async_render", None) is not None:
        return
    datasette._quotes_async_render = datasette.render_template

    async def render(templates, context=None, request=None, view_name=None):
        return await render_template(datasette, templates, context, request, view_name)
    datasette.render_template = render


def sync_environment(datasette):
    """A synchronous overlay of Datasette's Jinja environment (made once an instance)."""
    env = getattr(datasette, "_quotes_sync_jinja", None)
    if env is None or env.loader is not datasette.jinja_env.loader:
        env = datasette.jinja_env.overlay(enable_async=False)
        datasette._quotes_sync_jinja = env
    return env


async def render_template(datasette, templates, context=None, request=None, view_name=None,
                          crumbs: dict | None = None) -> str:
    """What Datasette's ``render_template`` gives, rendered synchronously; ``crumbs``: crumb
    items already worked out, by (database, table)."""
    from datasette.plugins import pm  # (here: importing it loads the plugins, this one among them)

    original = getattr(datasette, "_quotes_async_render", None) or datasette.render_template
    if (request is not None and request.args.get("_context")
            and datasette.setting("template_debug")):
        return await original(templates, context, request=request, view_name=view_name)
    context = context or {}
    env = sync_environment(datasette)
    if isinstance(templates, Template):
        template = env.get_template(templates.name)
    else:
        template = env.select_template([templates] if isinstance(templates, str) else templates)
    hook_args = dict(template=template.name, database=context.get("database"), table=context.get("table"),
                     columns=context.get("columns"), view_name=view_name, request=request,
                     datasette=datasette)
    body_scripts = []
    for script in pm.hook.extra_body_script(**hook_args):
        script = await await_me_maybe(script)
        if isinstance(script, dict):
            body_scripts.append({"script": Markup(script["script"]), "module": bool(script.get("module"))})
        else:
            body_scripts.append({"script": Markup(script), "module": False})
    extra_vars = {}
    for found in pm.hook.extra_template_vars(**hook_args):
        found = await await_me_maybe(found)
        assert isinstance(found, dict), f"extra_vars is of type {type(found)}"
        extra_vars.update(found)
    actor = request.actor if request else None

    async def menu_links():
        links = []
        for hook in pm.hook.menu_links(datasette=datasette, actor=actor, request=request or None):
            links.extend(await await_me_maybe(hook) or [])
        return links

    messages = []

    def show_messages():  # read once: a second rendering shows the same messages
        if not messages:
            messages.append(datasette._show_messages(request))
        return messages[0]

    template_context = {
        **context,
        "request": request, "crumb_items": None, "urls": datasette.urls, "actor": actor,
        "menu_links": menu_links, "display_actor": display_actor,
        "show_logout": request is not None and "ds_actor" in request.cookies and request.actor,
        "app_css_hash": datasette.app_css_hash(), "zip": zip, "body_scripts": body_scripts,
        "format_bytes": format_bytes, "show_messages": show_messages,
        "extra_css_urls": await datasette._asset_urls("extra_css_urls", template, context, request, view_name),
        "extra_js_urls": await datasette._asset_urls("extra_js_urls", template, context, request, view_name),
        "base_url": datasette.setting("base_url"),
        "csrftoken": request.scope["csrftoken"] if request else lambda: "",
        **extra_vars,
    }
    for name, value in template_context.items():
        if name == "crumb_items":
            continue
        if inspect.iscoroutinefunction(value):
            if any(p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                   for p in inspect.signature(value).parameters.values()):
                return await original(templates, context, request=request, view_name=view_name)
            template_context[name] = _answer(await value())
        elif inspect.isawaitable(value):
            template_context[name] = await value
    known = dict(crumbs or {})
    database, table = context.get("database"), context.get("table")
    shapes = _CRUMB_CALLS.setdefault(template.name, set())
    for key in {(database if with_database else None, table if with_table else None)
                for with_database, with_table in shapes} - set(known):
        known[key] = await datasette._crumb_items(request, table=key[1], database=key[0])
    missed = set()

    def crumb_items(request=None, database=None, table=None):
        if (database, table) not in known:
            missed.add((database, table))
            return []
        return known[(database, table)]
    template_context["crumb_items"] = crumb_items
    html = template.render(template_context)
    if missed:  # called with arguments not seen before: worked out, and rendered again
        for key in missed:
            if key[0] in (None, database) and key[1] in (None, table):  # the page's own: kept
                shapes.add((key[0] is not None, key[1] is not None))
            known[key] = await datasette._crumb_items(request, table=key[1], database=key[0])
        missed.clear()
        html = template.render(template_context)
    return html


def _answer(value):
    """A function of any arguments that returns ``value``."""
    return lambda *args, **kwargs: value
