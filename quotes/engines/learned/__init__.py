"""The learned engine: the rules engine proposes, a model trained on PolNeAR disposes.

The rules engine (:mod:`quotes.engines.rules`) finds candidate quotes with
their cues and speakers, and :mod:`.candidates` adds one at every verb of
saying the rules left unread; a scorer trained on PolNeAR train
(:mod:`.scorer`, features in :mod:`.features`, trained by
``scripts/train_attribution.py`` through :mod:`.train`) gives each the
probability that an annotator would have marked it, keeps those at or above
the threshold chosen on PolNeAR dev, and records the probability as the
attribution's ``confidence``. Then a sequence tagger (:mod:`.tagger`, a CRF
trained on the same split) reads the paragraphs where a verb of saying is still
unread and adds the statements it tags there with its own probability. The
models ship inside the package (``attribution.npz`` and ``tagger.crfsuite``,
described by ``MODEL_CARD.md`` beside them); nothing is downloaded. Which model kind it is, and how it measures against the rules
alone, is in the card and docs/engines.md; ``--engine learned`` picks it.
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from quotes.engines import registry, rules
from quotes.engines.learned.candidates import loose
from quotes.engines.rules.mentions import named_mentions
from quotes.extract.speakers import resolve_in_article
from quotes.lang import LanguagePack, get
from quotes.model import Attribution

if TYPE_CHECKING:  # the scorer (and numpy) load with the model, not with the engine list
    from quotes.engines.learned.scorer import Scorer
    from quotes.engines.learned.tagger import Tagger

NAME = "learned"
MODEL = Path(__file__).with_name("attribution.npz")
TAGGER = Path(__file__).with_name("tagger.crfsuite")
# Below the rules engine (0), which always runs, so ``auto`` does not take it: on the real
# pages of ../shared/realweb it loses 2.8 points of precision and 0.7 of speaker accuracy for
# 1.8 of recall, though it wins 4.0 points of verb-of-saying recall on PolNeAR dev (docs/engines.md). Give it 5 (between rules and stanza) once it measures better.
PREFERENCE = -1

_LOADED: dict[str, Scorer] = {}
_TAGGERS: dict[str, Tagger] = {}


def shipped(path: str | Path = MODEL) -> Scorer:
    """The scorer at ``path``, read once per process."""
    from quotes.engines.learned.scorer import load

    key = str(path)
    if key not in _LOADED:
        _LOADED[key] = load(path)
    return _LOADED[key]


def shipped_tagger(path: str | Path = TAGGER) -> Tagger:
    """The sequence tagger at ``path``, read once per process."""
    from quotes.engines.learned.tagger import Tagger

    key = str(path)
    if key not in _TAGGERS:
        _TAGGERS[key] = Tagger.load(path)
    return _TAGGERS[key]


def scored(text: str, pack: LanguagePack, model: Scorer) -> list[Attribution]:
    """The candidates (the rules engine's quotes and the loose ones) that the scorer keeps,
    each with its probability as ``confidence``."""
    found = rules.extract(text, pack)
    kept = []
    for quote in found + loose(text, found, pack):
        quote.confidence = round(model.probability(text, quote), 4)
        if model.keeps(quote, quote.confidence):
            kept.append(quote)
    return kept


def extract(text: str, pack: LanguagePack | None = None, model: Scorer | None = None,
            tagger: Tagger | None = None) -> list[Attribution]:
    """The scored candidates, and the tagger's (:mod:`.tagger`) where they found nothing, in
    text order. The tagger runs when the model has a threshold for it (``tagged``): ``tagger``,
    or the shipped one."""
    model = model or shipped()
    pack = pack or get("en")
    kept = scored(text, pack, model)
    if "tagged" in model.thresholds:
        from quotes.engines.learned.tagger import with_tagged

        tagger = tagger or shipped_tagger()
        proposed = tagger.candidates(text, pack, frozenset(q.cue_start for q in kept))
        added = with_tagged(kept, proposed, model.thresholds["tagged"])
        if added:
            for quote in added:
                quote.confidence = round(quote.confidence, 4)
            known = [replace(q.speaker) for q in kept if q.speaker is not None]
            resolve_in_article(added, known + named_mentions(text, pack), pack)
            kept += added
    kept.sort(key=lambda q: q.start)
    return kept


def _why_not(model_dir=None, auto: bool = False) -> str | None:
    from quotes.engines.learned.scorer import BadModel

    try:
        shipped()
        shipped_tagger()
    except BadModel as error:
        return str(error)
    except ImportError:
        return "the learned engine needs python-crfsuite (pip install python-crfsuite)"
    except (OSError, ValueError) as error:
        return f"cannot read the attribution tagger {TAGGER}: {error}"
    return None


def _engine(model_dir=None, pack: LanguagePack | None = None) -> registry.Engine:
    pack = pack or get("en")
    reason = _why_not()
    if reason:
        raise registry.EngineUnavailable(reason)
    return registry.Engine(NAME, partial(extract, pack=pack, model=shipped(), tagger=shipped_tagger()), pack)


registry.register(NAME, _engine, check=_why_not, preference=PREFERENCE)
