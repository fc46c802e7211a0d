"""Serve and publish a quotes database with Datasette, configured one way.

Everything Datasette needs for a quotes database (metadata, templates, the
static assets, the plugin in :mod:`quotes.web.plugin`, the SQL time
limit) is gathered here as ``datasette serve`` arguments: ``quotes serve`` runs
Datasette with them, :func:`datasette_instance` parses the very same arguments
for tests and scripts, and :func:`prepare_publish` copies the same files into a
folder that ``datasette publish`` / ``datasette package`` can ship.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from quotes.web import plugin as datasette_plugin
from quotes.web import page_cache, rendering

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES = PACKAGE_DIR / "templates"
STATIC = PACKAGE_DIR / "static"
# The plugin's modules: every module of this package but this one (which needs `quotes`).
PLUGIN_FILES = tuple(sorted(path for path in PACKAGE_DIR.glob("*.py") if path.name != "serve.py"))
PLUGIN_PACKAGE = "quotes_web"  # what the plugin package is called in a published --plugins-dir
# The one file Datasette loads from --plugins-dir: it imports the package beside it.
PLUGIN_LOADER = f'''"""The quotes Datasette plugin, from the {PLUGIN_PACKAGE} package beside this file.

Written by `quotes publish`: Datasette loads each .py file of --plugins-dir as a module and
registers the hooks it holds; the plugin is a package, so this file imports its hooks.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from {PLUGIN_PACKAGE}.plugin import *  # noqa: E402,F401,F403
'''
# A fuzzy speaker lookup runs a Python function per candidate alias: allow it more than the
# default 1s. A facet gets 1s, not 200 ms: the plugin keeps a page until the database changes,
# so a facet worked out once shows on every visit (quote_list's four facets over 100,000
# quotes took 0.3-1s each on a busy machine). Facet suggestions run a GROUP BY per column of
# every table page: on a million quotes that is seconds a page, so they are off (the useful
# facets are configured). SQL stays on Datasette's own threads: running it on the serving
# thread (num_sql_threads 0) cut p95 under 20 readers from about 2.0 to 1.3 s, but then one
# slow query (up to the 3 s limit) holds every other visit, the stall issue 28 counts as a
# hostile finding; with threads SQLite lets the others run while it works.
SETTINGS = {"sql_time_limit_ms": 3000, "facet_time_limit_ms": 1000, "suggest_facets": "off",
            "num_sql_threads": 3}
# The published site runs only its pages and canned queries: arbitrary SQL from anyone on
# the internet could hold its threads with queries that are slow in ways a time limit misses.
PUBLISHED_SETTINGS = {**SETTINGS, "default_allow_sql": "off"}
# What a published Datasette must pip-install for the plugin (it needs no `quotes` package).
PUBLISH_INSTALL = ("anyascii", "rapidfuzz")


def metadata_path() -> Path:
    """``metadata.yml`` from the source tree, or the copy installed beside the package."""
    for candidate in (PACKAGE_DIR.parents[1] / "metadata.yml",
                      Path(sys.prefix) / "share" / "quotes" / "metadata.yml"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError("metadata.yml is missing from this installation")


def metadata_for(db_path: str | Path) -> dict:
    """The project's metadata with its ``quotes`` database settings under ``db_path``'s name.

    Datasette names a database after its file's stem, so ``demo.db`` is ``demo``.
    """
    import yaml

    metadata = yaml.safe_load(metadata_path().read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    databases[Path(db_path).stem] = databases.pop("quotes")
    return metadata


def datasette_args(db_path: str | Path, metadata_file: str | Path, *, templates: Path = TEMPLATES,
                   static: Path = STATIC, plugins_dir: Path | None = None,
                   immutable: bool = False, settings: dict = SETTINGS) -> list[str]:
    """The ``datasette serve`` arguments for a quotes database."""
    args = ["-i", str(db_path)] if immutable else [str(db_path)]
    args += ["--metadata", str(metadata_file), "--template-dir", str(templates),
             "--static", f"{datasette_plugin.ASSETS}:{static}"]
    if plugins_dir:
        args += ["--plugins-dir", str(plugins_dir)]
    for name, value in settings.items():
        args += ["--setting", name, str(value)]
    return args


@contextlib.contextmanager
def configured(db_path: str | Path) -> Iterator[list[str]]:
    """``datasette serve`` arguments for ``db_path``, with its metadata in a temporary file."""
    register_plugin()
    with tempfile.TemporaryDirectory(prefix="quotes-datasette-") as folder:
        metadata_file = Path(folder) / "metadata.json"
        metadata_file.write_text(json.dumps(metadata_for(db_path)), encoding="utf-8")
        yield datasette_args(db_path, metadata_file)


def register_plugin() -> None:
    """Load the plugin into Datasette without relying on an installed entry point.

    If an installed ``quotes`` entry point registered another copy, this one
    replaces it, so the plugin always matches the templates beside it.
    """
    from datasette.plugins import pm

    if pm.is_registered(datasette_plugin):
        return
    installed = pm.get_plugin("quotes")
    if installed is not None:
        pm.unregister(installed)
    pm.register(datasette_plugin, name="quotes")


class PortInUse(Exception):
    """The port asked for is taken; the message names it and the way out, in one line."""


def check_port(host: str, port: int) -> None:
    """Raise :class:`PortInUse` unless ``host:port`` can be listened on now.

    Datasette finds out only once it has started, after "Serving ... at" has
    been printed, and then logs five lines and exits 3; a bind first lets the
    command say no before it claims to serve. ``SO_REUSEADDR`` as the server
    sets it, so a port a stopped server left in TIME_WAIT still counts as free.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return  # an unknown host: Datasette's own error says so
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise PortInUse(f"port {port} on {host} is not free ({error.strerror or error}); "
                            f"another server holds it: stop it, or choose a free port with "
                            f"--port {port + 1}") from None


# Where a serving process started by uvicorn (``--workers`` above 1) finds the database.
WORKER_DB_ENV = "QUOTES_SERVE_DB"
WORKER_ADDRESS_ENV = "QUOTES_SERVE_ADDRESS"  # and the host and port it listens on


def run_datasette(db_path: str | Path, port: int = 8001, host: str = "127.0.0.1",
                  workers: int = 1) -> None:
    """Serve ``db_path`` until Ctrl-C; :class:`PortInUse` if the port is taken.

    With ``workers`` above 1, uvicorn's own supervisor runs that many serving
    processes on one listening socket (a request goes to whichever is free; one
    that dies is started again), each a Datasette configured as
    :func:`datasette_instance` configures it. Why: Datasette renders pages in one
    Python thread, so one process uses one CPU; under twenty readers at once
    the requests queued behind each other's rendering. Each process keeps pages
    of its own, each until the database changes, so none is older than one kept
    by a single process would be; but each works a page out for itself, so a
    second process pays only where a CPU is idle (on a shared 2-core machine at
    load average 11 one process served 85 requests/s at 7.1 ms of CPU each, two
    56 at 7.9 ms): one is the default.
    """
    from datasette.cli import cli as datasette_cli

    check_port(host, port)
    serving(host, port)  # in this process (the workers it starts read WORKER_ADDRESS_ENV)
    print(f"Serving {db_path} at http://{host}:{port}/ with {workers} "
          f"process{'es' if workers > 1 else ''} (Ctrl-C stops)", file=sys.stderr)
    if workers > 1:
        import uvicorn

        os.environ[WORKER_DB_ENV] = str(Path(db_path).resolve())
        os.environ[WORKER_ADDRESS_ENV] = f"{host} {port}"
        uvicorn.run(f"{__name__}:worker_app", factory=True, host=host, port=port,
                    workers=workers, log_level="info", lifespan="on")
        return
    with configured(db_path) as args:
        datasette_cli.main(["serve", *args, "--port", str(port), "--host", host],
                           prog_name="datasette", standalone_mode=False)


def serving(host: str, port: int) -> None:
    """Mark this process as one serving visitors at ``host:port``: its templates compiled at
    start (:data:`.rendering.COMPILE_AT_START`) and the pages visitors land on worked out before
    the first visit, for visits to the address ``quotes serve`` prints
    (:data:`.page_cache.WARM_FOR_HOST`). Tests and scripts leave both off."""
    rendering.COMPILE_AT_START = True
    page_cache.WARM_FOR_HOST = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def worker_app():
    """The ASGI app of one serving process: uvicorn calls it in each (see :func:`run_datasette`)."""
    host, port = os.environ[WORKER_ADDRESS_ENV].rsplit(" ", 1)
    serving(host, int(port))
    return datasette_instance(os.environ[WORKER_DB_ENV]).app()


def datasette_instance(db_path: str | Path):
    """An in-process Datasette configured as ``quotes serve`` configures it (for tests and scripts)."""
    from datasette.cli import serve

    with configured(db_path) as args:
        with serve.make_context("serve", args) as ctx:
            return serve.callback(**ctx.params, return_instance=True)


def publish_targets() -> list[str]:
    """``package`` and every ``datasette publish`` target (cloudrun, heroku, plugins' own)."""
    from datasette.cli import publish

    return ["package", *sorted(publish.commands)]


def prepare_publish(db_path: str | Path, out: str | Path) -> dict[str, Path]:
    """Copy what a published quotes Datasette needs into ``out``; return the paths.

    The plugin goes in as a ``--plugins-dir`` package of its own (:data:`PLUGIN_PACKAGE`,
    with :data:`PLUGIN_LOADER` for Datasette to load), since the published image installs
    Datasette and :data:`PUBLISH_INSTALL`, not ``quotes``.
    """
    from quotes import store

    # The shipped file alone must hold every article: fold the write-ahead log into it.
    db = store.open_db(db_path)
    store.checkpoint(db)
    db.conn.close()
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    paths = {"metadata": out / "metadata.json", "templates": out / "templates",
             "static": out / "static", "plugins": out / "plugins"}
    out.mkdir(parents=True)
    paths["metadata"].write_text(json.dumps(metadata_for(db_path), indent=2), encoding="utf-8")
    shutil.copytree(TEMPLATES, paths["templates"])
    shutil.copytree(STATIC, paths["static"])
    (paths["plugins"] / PLUGIN_PACKAGE).mkdir(parents=True)
    for module in PLUGIN_FILES:
        shutil.copy(module, paths["plugins"] / PLUGIN_PACKAGE / module.name)
    (paths["plugins"] / "quotes_datasette.py").write_text(PLUGIN_LOADER, encoding="utf-8")
    return paths


def publish_command(target: str, db_path: str | Path, paths: dict[str, Path],
                    extra: tuple[str, ...] = ()) -> list[str]:
    """The ``datasette publish TARGET`` (or ``datasette package``) command for a prepared folder.

    Published databases are served immutable (``-i``) by Datasette's own Dockerfile; the
    SQL time limit and arbitrary SQL turned off go in through ``--extra-options``.
    """
    command = ["datasette", "package"] if target == "package" else ["datasette", "publish", target]
    command += [str(db_path), "--metadata", str(paths["metadata"]),
                "--template-dir", str(paths["templates"]),
                "--plugins-dir", str(paths["plugins"]),
                "--static", f"{datasette_plugin.ASSETS}:{paths['static']}"]
    for name in PUBLISH_INSTALL:
        command += ["--install", name]
    options = " ".join(f"--setting {name} {value}" for name, value in PUBLISHED_SETTINGS.items())
    command += ["--extra-options", options, *extra]
    return command


def published_serve_args(db_path: str | Path, paths: dict[str, Path]) -> list[str]:
    """The ``datasette serve`` arguments the published image runs with (to try a bundle here)."""
    return datasette_args(db_path, paths["metadata"], templates=paths["templates"],
                          static=paths["static"], plugins_dir=paths["plugins"], immutable=True,
                          settings=PUBLISHED_SETTINGS)
