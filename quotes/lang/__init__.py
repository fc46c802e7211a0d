"""Language packs: every word the engines and steps read, one module per language."""
from __future__ import annotations

import importlib

LANGUAGES = ("en",)


class UnknownLanguage(ValueError):
    """No pack for the language asked for."""


def get(code: str):
    if code not in LANGUAGES:
        raise UnknownLanguage(f"unknown language {code!r} (available: {', '.join(LANGUAGES)})")
    return importlib.import_module(f"{__name__}.{code}")
