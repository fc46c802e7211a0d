"""Engines: what turns an article's text into attributions.

Each engine registers itself in :mod:`quotes.engines.registry` with what
choosing needs (whether it can run here, how much ``auto`` prefers it);
:mod:`quotes.engines.choose` picks one by name (``auto`` prefers stanza when
its published models are installed). The tree rules (:mod:`quotes.engines.trees`)
serve both stanza on raw text and pre-parsed CoNLL-U (:mod:`quotes.engines.conllu`).
"""
from quotes.engines.choose import ENGINE_CHOICES, get_engine
from quotes.engines.registry import Engine, EngineUnavailable

__all__ = ["ENGINE_CHOICES", "Engine", "EngineUnavailable", "get_engine"]
