"""The learned scorer: the probability that a candidate quote is a real attribution.

Two kinds share one file format (``numpy.savez``, no pickles) and one
``probability`` function, so the trainer can compare them and the engine
loads whichever won: ``logistic`` (one weight a feature bucket) and ``mlp``
(a bag of feature embeddings, a ReLU layer, one output). Inference is plain
numpy over the few dozen buckets a candidate has, so the engine never imports
torch (the trainer does).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from quotes.engines.learned.features import BUCKETS, hashed
from quotes.model import Attribution

KINDS = ("logistic", "mlp")


@dataclass
class Scorer:
    """Weights and the thresholds chosen on PolNeAR dev, one for the rules engine's own quotes
    and one for the loose candidates (:mod:`.candidates`); ``meta`` is what the model card reports."""

    kind: str
    weights: dict[str, np.ndarray]
    thresholds: dict[str, float] = field(default_factory=lambda: {"rules": 0.5, "loose": 0.5})
    meta: dict = field(default_factory=dict)

    def keeps(self, quote: Attribution, probability: float) -> bool:
        return probability >= self.thresholds[origin(quote)]

    def logit(self, buckets: list[int]) -> float:
        w = self.weights
        if self.kind == "logistic":
            return float(w["w"][buckets].sum() + w["b"][0])
        hidden = w["emb"][buckets].astype(np.float32).sum(axis=0) + w["b1"]
        np.maximum(hidden, 0, out=hidden)
        return float(hidden @ w["w2"] + w["b2"][0])

    def probability(self, text: str, quote: Attribution) -> float:
        z = self.logit(hashed(text, quote))
        return float(1.0 / (1.0 + np.exp(-max(-30.0, min(30.0, z)))))

    def save(self, path: str | Path) -> None:
        meta = {**self.meta, "kind": self.kind, "thresholds": self.thresholds, "buckets": BUCKETS}
        arrays = {k: (v.astype(np.float16) if v.ndim == 2 else v.astype(np.float32))
                  for k, v in self.weights.items()}
        with open(path, "wb") as out:
            np.savez_compressed(out, meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
                                **arrays)


class BadModel(Exception):
    """The model file is missing, damaged or made for other features."""


def load(path: str | Path) -> Scorer:
    """The scorer saved at ``path``; raises :class:`BadModel` with a one-line reason."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            weights = {k: data[k] for k in data.files if k != "meta"}
    except (OSError, ValueError, KeyError, EOFError) as error:
        raise BadModel(f"cannot read the attribution model {path}: {error}") from None
    if meta.get("kind") not in KINDS or meta.get("buckets") != BUCKETS:
        raise BadModel(f"{path} is not an attribution model for these features "
                       f"(kind {meta.get('kind')!r}, {meta.get('buckets')} buckets)")
    return Scorer(meta["kind"], weights, {k: float(v) for k, v in meta["thresholds"].items()}, meta)


def origin(quote: Attribution) -> str:
    """Which threshold a candidate meets: ``loose``, ``tagged`` (the sequence tagger's, whose
    confidence is the tagger's own) or the rules engine's own (``rules``)."""
    rule = quote.extra.get("rule")
    return rule if rule in ("loose", "tagged") else "rules"
