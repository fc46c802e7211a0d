"""Choose the engine that turns article text into quotes.

``rules`` is model-free and always available. ``stanza`` needs stanza's
English models on disk; ``auto`` takes stanza when they are there and the
rules engine otherwise. Every engine is a name plus an ``extract(text)``
function returning :class:`~quotes.model.Quote` objects, so the steps after
it (speaker identity, clusters, store) never know which one ran.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import rules
from .model import Quote

ENGINE_CHOICES = ("auto", "rules", "stanza")


class EngineUnavailable(Exception):
    """The engine asked for cannot run here; the message says how to fix it."""


@dataclass
class Engine:
    name: str
    extract: Callable[[str], list[Quote]]


def stanza_model_dir(model_dir: str | Path | None = None) -> Path:
    """Where stanza's models live: ``--model-dir``, ``STANZA_RESOURCES_DIR`` or stanza's default."""
    if model_dir:
        return Path(model_dir)
    if os.environ.get("STANZA_RESOURCES_DIR"):
        return Path(os.environ["STANZA_RESOURCES_DIR"])
    return Path.home() / "stanza_resources"


def stanza_models_installed(model_dir: str | Path | None = None) -> bool:
    """True when stanza's English models are on disk (no network is touched)."""
    english = stanza_model_dir(model_dir) / "en"
    return all((english / processor).is_dir() for processor in ("tokenize", "pos", "lemma", "depparse"))


def get_engine(name: str = "auto", model_dir: str | Path | None = None) -> Engine:
    """The engine for ``name``; raises :class:`EngineUnavailable` for stanza without models."""
    if name == "rules" or (name == "auto" and not stanza_models_installed(model_dir)):
        return Engine(rules.NAME, rules.extract)
    if not stanza_models_installed(model_dir):
        raise EngineUnavailable(
            f"stanza's English models are not installed in {stanza_model_dir(model_dir)}; "
            "run `quotes models download` or use --engine rules"
        )
    from . import stanza_engine

    return stanza_engine.load(model_dir)
