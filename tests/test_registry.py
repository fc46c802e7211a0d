"""Engines live in a registry; no two modules of the package import each other."""
import ast
from pathlib import Path

import pytest

from quotes.engines import registry
from quotes.engines import get_engine
from quotes.extract.article import find
from quotes.model import DIRECT, Attribution

PACKAGE = Path(__file__).resolve().parent.parent / "quotes"


def test_an_unknown_engine_is_one_clear_error():
    with pytest.raises(registry.EngineUnavailable, match=r"no engine named 'nope' \(available: .*rules"):
        registry.build("nope")


def test_a_registered_engine_is_chosen_by_name_and_runs_in_the_extract_stage(monkeypatch):
    monkeypatch.setattr(registry, "_FACTORIES", dict(registry._FACTORIES))

    def shouting(model_dir=None, pack=None):
        return registry.Engine("shouting", lambda text: [
            Attribution(DIRECT, 0, len(text.split("!")[0]), text.split("!")[0])])

    registry.register("shouting", shouting)
    assert "shouting" in registry.names()
    engine = get_engine("shouting")
    assert engine.name == "shouting"
    assert [q.text for q in find("Stop! he said", engine)] == ["Stop"]


def _imports(path: Path) -> set[str]:
    """Modules of the package that ``path`` imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            base = "" if node.module is None else node.module
            if base:
                found.add(base.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names
                         if a.name.startswith("quotes.") and a.name.count(".") >= 1)
    return found


def test_no_import_cycle_between_modules():
    modules = {p.stem: p for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "__main__"}}
    modules["lang"] = PACKAGE / "lang" / "__init__.py"
    graph = {name: _imports(path) & set(modules) - {name} for name, path in modules.items()}

    def cycle_from(start, node, path):
        for nxt in graph[node]:
            if nxt == start:
                return path + [nxt]
            if nxt not in path:
                found = cycle_from(start, nxt, path + [nxt])
                if found:
                    return found
        return None

    cycles = [c for name in graph if (c := cycle_from(name, name, [name]))]
    assert not cycles, cycles[0]
