"""Choose the engine that turns article text into attributions.

Choosing is data: each engine registers with what choosing needs
(:mod:`quotes.engines.registry`: whether it can run here, how much ``auto``
prefers it). ``rules`` is model-free and always available. ``stanza`` needs
stanza's English models on disk: the published set (``quotes models
download``) or a small local one trained by ``scripts/train_stanza_models.py``,
which ``auto`` passes over (the rules engine beats it on PolNeAR, see the
README). ``auto`` takes the most preferred engine that can run and says once
per process why it took a less preferred one. This module only imports the
engines (so they register) and picks one, for a language pack from
:mod:`quotes.lang`.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from quotes import lang
from quotes.engines import registry
from quotes.engines import learned, rules, stanza_engine  # noqa: F401  (importing registers them)
from quotes.engines.registry import Engine, EngineUnavailable


def choices() -> tuple[str, ...]:
    """What ``--engine`` accepts: ``auto`` and every engine a user may pick, by name."""
    return ("auto", *sorted(r.name for r in map(registry.registration, registry.names()) if r.choosable))


ENGINE_CHOICES = choices()

_told = False  # whether this process has said why auto fell back


def get_engine(name: str = "auto", model_dir: str | Path | None = None,
               notify: Callable[[str], None] | None = None, lang_code: str = "en") -> Engine:
    """The engine for ``name`` and language ``lang_code``.

    Raises :class:`EngineUnavailable` for an engine that cannot run here (stanza
    without models) and :class:`~quotes.lang.UnknownLanguage` for a language with
    no pack. With ``auto`` and a more preferred engine unable to run, ``notify``
    hears once per process why a less preferred one runs instead.
    """
    pack = lang.get(lang_code)
    if name == "auto":
        return _auto(model_dir, pack, notify)
    reason = registry.registration(name).why_not(model_dir)
    if reason:
        raise EngineUnavailable(reason)
    return registry.build(name, model_dir, pack)


def _auto(model_dir: str | Path | None, pack, notify: Callable[[str], None] | None) -> Engine:
    """The most preferred engine that can run; the first reason one could not, told once."""
    reasons: list[str] = []
    for candidate in registry.by_preference():
        try:
            reason = candidate.why_not(model_dir, auto=True)
            if reason:
                raise EngineUnavailable(reason)
            engine = registry.build(candidate.name, model_dir, pack)
        except EngineUnavailable as error:
            reasons.append(str(error))
            continue
        if reasons:
            _tell(notify, f"using the {candidate.describe()}: {reasons[0]}")
        return engine
    raise EngineUnavailable("no engine can run here: " + "; ".join(reasons))


def _tell(notify: Callable[[str], None] | None, message: str) -> None:
    global _told
    if notify and not _told:
        notify(message)
        _told = True
