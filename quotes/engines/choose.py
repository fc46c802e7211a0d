"""Choose the engine that turns article text into attributions.

``rules`` is model-free and always available. ``stanza`` needs stanza's
English models on disk: the published set (``quotes models download``) or a
small local one trained by ``scripts/train_stanza_models.py``. ``auto`` takes
stanza only with the published set, since the rules engine beats a small local
set on PolNeAR (see the README), and says once why it runs the rules engine.
The engines live in :mod:`quotes.registry`; this module only imports them (so
they register) and picks one, for a language pack from :mod:`quotes.lang`.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from quotes import lang
from quotes.engines import registry
from quotes.engines import rules, stanza_engine  # noqa: F401  (importing registers them)
from quotes.engines.registry import Engine, EngineUnavailable
from quotes.engines.stanza_models import (
    LOCAL_MARKER,
    is_local_set,
    missing_models_message,
    stanza_model_dir,
    stanza_models_installed,
)

ENGINE_CHOICES = ("auto", "rules", "stanza")

_told = False


def get_engine(name: str = "auto", model_dir: str | Path | None = None,
               notify: Callable[[str], None] | None = None, lang_code: str = "en") -> Engine:
    """The engine for ``name`` and language ``lang_code``.

    Raises :class:`EngineUnavailable` for stanza without models and
    :class:`~quotes.lang.UnknownLanguage` for a language with no pack. With
    ``auto`` and no published models, ``notify`` hears once per process why the
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
        if is_local_set(model_dir):
            raise EngineUnavailable(
                f"the stanza models in {stanza_model_dir(model_dir)} are a small local set "
                f"({LOCAL_MARKER}), made for tests; --engine stanza uses them anyway")
        return registry.build("stanza", model_dir, pack)
    except EngineUnavailable as error:
        if notify and not _told:
            notify(f"using the model-free rules engine: {error}")
            _told = True
        return registry.build("rules", model_dir, pack)
