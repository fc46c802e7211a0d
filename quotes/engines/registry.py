"""The engines that turn article text into attributions, by name, with what choosing needs.

A leaf module: engines register themselves here (``rules`` and ``stanza`` when
their modules are imported), and the extract stage asks for one by name, so no
engine module imports another or the code that chooses between them
(:mod:`quotes.engines.choose`). Each registration carries the facts choosing
reads, so choosing is data, not a special case per engine: whether the engine
can run here (``check``), how much ``auto`` prefers it, and whether ``auto``
and ``--engine`` may pick it at all. An engine is a name plus an
``extract(text)`` function returning :class:`~quotes.model.Attribution`
objects with their speakers resolved inside the article; the steps after it
never know which one ran.
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


@dataclass(frozen=True)
class Registration:
    """One engine as choosing sees it.

    ``factory(model_dir=..., pack=...)`` builds the engine or raises
    :class:`EngineUnavailable`. ``check(model_dir, auto)`` says in one line why
    the engine cannot run here (None when it can; ``auto`` is true when
    ``--engine auto`` asks, which may be stricter); an engine without one needs
    no models. ``auto`` takes the runnable engine of highest ``preference``
    (the earliest registered among equals) when ``auto`` is true, and
    ``choosable`` engines are the names a user may give ``--engine``.
    """

    name: str
    factory: Callable[..., Engine]
    check: Callable[..., str | None] | None = None
    preference: int = 0
    auto: bool = True
    choosable: bool = True

    def why_not(self, model_dir: str | Path | None, auto: bool = False) -> str | None:
        return self.check(model_dir, auto) if self.check else None

    def describe(self) -> str:
        """How the notice that ``auto`` fell back to this engine names it."""
        return f"{'model-free ' if self.check is None else ''}{self.name} engine"


_ENGINES: dict[str, Registration] = {}


def register(name: str, factory: Callable[..., Engine], *, check: Callable[..., str | None] | None = None,
             preference: int = 0, auto: bool = True, choosable: bool = True) -> None:
    """Make ``name`` available; ``factory(model_dir=..., pack=...)`` builds the engine.
    The keywords are what choosing reads (see :class:`Registration`)."""
    _ENGINES[name] = Registration(name, factory, check, preference, auto, choosable)


def names() -> tuple[str, ...]:
    return tuple(_ENGINES)


def registration(name: str) -> Registration:
    """The registration of ``name``; raises :class:`EngineUnavailable` for a name never registered."""
    if name not in _ENGINES:
        raise EngineUnavailable(f"no engine named {name!r} (available: {', '.join(_ENGINES)})")
    return _ENGINES[name]


def by_preference() -> list[Registration]:
    """The engines ``auto`` may take, most preferred first (registration order among equals)."""
    return sorted((r for r in _ENGINES.values() if r.auto), key=lambda r: -r.preference)


def build(name: str, model_dir: str | Path | None = None, pack=None) -> Engine:
    """The registered engine ``name``; raises :class:`EngineUnavailable` when it cannot run."""
    return registration(name).factory(model_dir=model_dir, pack=pack)
