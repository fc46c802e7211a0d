"""The house keeps its shape: the extract side stands alone, and no module fixes a language.

The extract side (readers, extract, engines, lang) runs in worker processes and on
Spark executors that may have only it installed; the commit stage reads each
article's language from what the extract stage hands over.
"""
import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import quotes
from quotes.lang import LanguagePack

PACKAGE = Path(quotes.__file__).resolve().parent
EXTRACT_SIDE = ("readers", "extract", "engines", "lang")
COMMIT_SIDE = ("quotes.commit", "quotes.store", "quotes.web", "quotes.run", "quotes.api",
               "quotes.cli", "sqlite_utils", "datasette")


def _imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside functions, as absolute names."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _outside(module: str) -> bool:
    return any(module == banned or module.startswith(banned + ".") for banned in COMMIT_SIDE)


@pytest.mark.parametrize("side", EXTRACT_SIDE)
def test_the_extract_side_imports_nothing_of_the_commit_side(side):
    files = sorted((PACKAGE / side).rglob("*.py"))
    assert files
    leaks = {f"{path.relative_to(PACKAGE)} imports {module}"
             for path in files for module in _imported(path) if _outside(module)}
    assert not leaks, sorted(leaks)


def test_the_import_check_sees_a_leak(tmp_path):
    """The check above would notice ``from quotes import store`` or a relative climb to it."""
    leaky = PACKAGE / "extract" / "_leak_probe.py"
    leaky.write_text("def f():\n    from .. import store\n    import sqlite_utils\n")
    try:
        assert {"quotes.store", "sqlite_utils"} <= {m for m in _imported(leaky) if _outside(m)}
    finally:
        leaky.unlink()


# Run in a process of its own in which the commit side cannot be imported at all.
_BLOCKED = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"sqlite_utils", "datasette"} or name.startswith(
                ("quotes.commit", "quotes.store", "quotes.web", "quotes.run")):
            raise ImportError(f"{name} is blocked: the extract side must not need it")
        return None
sys.meta_path.insert(0, Block())
import pkgutil, importlib, quotes
for side in ("readers", "extract", "engines", "lang"):
    package = importlib.import_module("quotes." + side)
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
found = quotes.find_quotes('"We will reopen the harbour on Monday," Mayor Helen Ortis said.')
print([(q.kind, q.speaker) for q in found])
"""


def test_finding_quotes_works_without_sqlite_utils_or_the_store():
    result = subprocess.run([sys.executable, "-c", _BLOCKED], capture_output=True, text=True,
                            cwd=PACKAGE.parent)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[('direct', 'Helen Ortis')]"


def _modules():
    for info in pkgutil.walk_packages(quotes.__path__, "quotes."):
        if info.name.startswith("quotes.lang") or info.name.endswith("__main__"):
            continue
        try:
            yield importlib.import_module(info.name)
        except ImportError as error:  # an optional extra (pyspark) that is not installed
            if "pyspark" not in str(error):
                raise


def _functions(module):
    for _, value in vars(module).items():
        if inspect.isfunction(value) and value.__module__ == module.__name__:
            yield value
        elif inspect.isclass(value) and value.__module__ == module.__name__:
            yield from (f for f in vars(value).values() if inspect.isfunction(f))


def _bound_packs() -> list[str]:
    """Module attributes and default arguments that hold a language pack."""
    bound = []
    for module in _modules():
        bound += [f"{module.__name__}.{name}" for name, value in vars(module).items()
                  if isinstance(value, LanguagePack)]
        for function in _functions(module):
            defaults = list(function.__defaults__ or ()) + list((function.__kwdefaults__ or {}).values())
            if any(isinstance(value, LanguagePack) for value in defaults):
                bound.append(f"{module.__name__}.{function.__qualname__} (default argument)")
    return bound


def test_no_module_binds_a_language_pack_at_import():
    """A pack held by a module or a default argument would be English whatever ``--lang`` says."""
    assert not _bound_packs(), _bound_packs()


def test_the_pack_check_sees_a_bound_pack(monkeypatch):
    from quotes.extract import names
    from quotes.lang import get

    def parse(name, pack=get("en")):
        return name

    monkeypatch.setattr(names, "EN", get("en"), raising=False)
    monkeypatch.setattr(names, "parse", parse, raising=False)
    parse.__module__ = names.__name__
    assert {"quotes.extract.names.EN", f"quotes.extract.names.{parse.__qualname__} (default argument)"} \
        <= set(_bound_packs())


def _modules_by_name() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _top_level_imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports when it is imported (not inside functions,
    where an import waits until the function runs)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = list(tree.body)
    found = set()
    while nodes:
        node = nodes.pop()
        if isinstance(node, (ast.If, ast.Try)):
            nodes += node.body + node.orelse + getattr(node, "handlers", []) + getattr(node, "finalbody", [])
        elif isinstance(node, ast.ExceptHandler):
            nodes += node.body
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package
                for _ in range(node.level - 1):
                    parent = parent.rpartition(".")[0]
                base = f"{parent}.{base}" if base else parent
            submodules = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules]
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(base)
    resolved = set()
    for module in found:
        while module and module not in modules:
            module = module.rpartition(".")[0]
        if module and module != name:
            resolved.add(module)
    return resolved


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other in a ring (strongly connected, more than one)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            ring = []
            while not ring or ring[-1] != node:
                ring.append(stack.pop())
            if len(ring) > 1:
                found.append(sorted(ring))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_modules():
    """Each module can be understood (and imported) after the ones it uses."""
    modules = _modules_by_name()
    graph = {name: _top_level_imports(name, path, modules) for name, path in modules.items()}
    assert "quotes.store" in graph["quotes.commit.identity"]  # the graph sees package imports
    assert not _cycles(graph), _cycles(graph)


def test_the_cycle_check_sees_a_ring():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
