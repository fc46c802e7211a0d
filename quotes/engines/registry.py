"""The engines that turn article text into attributions, by name.

A leaf module: engines register themselves here (``rules`` always, ``stanza``
when its module is imported), and the extract stage asks for one by name, so
no engine module imports another or the code that chooses between them.
An engine is a name plus an ``extract(text)`` function returning
:class:`~quotes.model.Attribution` objects with their speakers resolved inside
the article; the steps after it never know which one ran.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from quotes.model import Attribution


class EngineUnavailable(Exception):
    """The engine asked for cannot run here; the message says how to fix it."""


@dataclass
class Engine:
    name: str
    extract: Callable[[str], list[Attribution]]
    pack: object = None  # the quotes.lang pack it reads; page cleaning reads the same one


# name -> factory(model_dir, pack) returning a ready Engine or raising EngineUnavailable
_FACTORIES: dict[str, Callable[..., Engine]] = {}


def register(name: str, factory: Callable[..., Engine]) -> None:
    """Make ``name`` available; ``factory(model_dir=..., pack=...)`` builds the engine."""
    _FACTORIES[name] = factory


def names() -> tuple[str, ...]:
    return tuple(_FACTORIES)


def build(name: str, model_dir: str | Path | None = None, pack=None) -> Engine:
    """The registered engine ``name``; raises :class:`EngineUnavailable` when it cannot run."""
    if name not in _FACTORIES:
        raise EngineUnavailable(f"no engine named {name!r} (available: {', '.join(_FACTORIES)})")
    return _FACTORIES[name](model_dir=model_dir, pack=pack)
