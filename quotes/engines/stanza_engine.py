"""The stanza engine: stanza parses the raw text, the tree rules attribute on its parse.

The rules themselves (cues, speakers, quotation marks on a dependency tree)
are :mod:`quotes.engines.trees`, shared with pre-parsed CoNLL-U
(:mod:`quotes.engines.conllu`); this module loads stanza's pipeline, once per
process and model folder, and registers the engine. Whether the models are
installed is worked out without importing stanza (:mod:`quotes.engines.stanza_models`),
so choosing an engine stays quick; ``auto`` prefers this engine over the
rules engine, but only with stanza's published models, since the rules engine
beats a small local set on PolNeAR (see docs/engines.md).
"""
from __future__ import annotations

from pathlib import Path

from quotes.engines import registry
from quotes.engines.conllu import NAME as CONLLU_NAME, engine as conllu_engine  # noqa: F401  (callers' old names)
from quotes.engines.registry import Engine, EngineUnavailable
from quotes.engines.stanza_models import stanza_model_dir, stanza_processors, why_not_usable
from quotes.engines.trees import _end, _start, attribute  # noqa: F401  (benchmarks and tests read them here)
from quotes.lang import LanguagePack, get

NAME = "stanza"
PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"
# Above the rules engine's 0: ``auto`` takes stanza whenever it can run.
PREFERENCE = 10

_PIPELINES: dict[str, object] = {}


def load(model_dir: str | Path | None = None, pack: LanguagePack | None = None) -> Engine:
    """The stanza engine, its pipeline built once per process and model folder."""
    nlp = pipeline(model_dir)
    pack = pack or get("en")

    def extract(text: str):
        return attribute(nlp(text), pack)

    return Engine(NAME, extract, pack)


def pipeline(model_dir: str | Path | None = None):
    """A ``stanza.Pipeline`` for English with the processors the folder has;
    never touches the network."""
    folder = str(stanza_model_dir(model_dir))
    if folder not in _PIPELINES:
        import stanza

        try:
            _PIPELINES[folder] = stanza.Pipeline(
                lang="en", processors=stanza_processors(folder), dir=folder, download_method=None,
                logging_level="WARN",
            )
        except Exception as error:  # stanza raises many kinds for a missing or broken model
            message = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise EngineUnavailable(
                f"stanza could not load its English models from {folder} "
                f"({error.__class__.__name__}: {message}); run `quotes models download --dir {folder}`"
            ) from None
    return _PIPELINES[folder]


registry.register(NAME, load, check=why_not_usable, preference=PREFERENCE)
