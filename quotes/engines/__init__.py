"""Engines: what turns an article's text into attributions.

Each engine registers itself in :mod:`quotes.engines.registry`; :mod:`quotes.engines.choose`
picks one by name (``auto`` prefers stanza when its models are installed).
"""
from quotes.engines.choose import ENGINE_CHOICES, get_engine
from quotes.engines.registry import Engine, EngineUnavailable

__all__ = ["ENGINE_CHOICES", "Engine", "EngineUnavailable", "get_engine"]
