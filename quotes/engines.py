"""Choose the engine that turns article text into attributions.

``rules`` is model-free and always available. ``stanza`` needs stanza's
English models on disk; ``auto`` takes stanza when they are there and the
rules engine otherwise, and says so once. The engines live in
:mod:`quotes.registry`; this module only imports them (so they register) and
picks one, for a language pack from :mod:`quotes.lang`.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import lang, registry, rules, stanza_engine  # noqa: F401  (importing registers them)
from .registry import Engine, EngineUnavailable
from .stanza_models import missing_models_message, stanza_models_installed

ENGINE_CHOICES = ("auto", "rules", "stanza")

_told = False


def get_engine(name: str = "auto", model_dir: str | Path | None = None,
               notify: Callable[[str], None] | None = None, lang_code: str = "en") -> Engine:
    """The engine for ``name`` and language ``lang_code``.

    Raises :class:`EngineUnavailable` for stanza without models and
    :class:`~quotes.lang.UnknownLanguage` for a language with no pack. With
    ``auto`` and no usable models, ``notify`` hears once per process why the
    model-free engine runs instead.
    """
    global _told
    pack = lang.get(lang_code)
    if name != "auto":
        if name == "stanza" and not stanza_models_installed(model_dir):
            raise EngineUnavailable(missing_models_message(model_dir))
        return registry.build(name, model_dir, pack)
    try:
        if not stanza_models_installed(model_dir):
            raise EngineUnavailable(missing_models_message(model_dir, fallback=True))
        return registry.build("stanza", model_dir, pack)
    except EngineUnavailable as error:
        if notify and not _told:
            notify(f"using the model-free rules engine: {error}")
            _told = True
        return registry.build("rules", model_dir, pack)
