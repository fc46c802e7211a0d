"""Where stanza's English models live and which of them are installed.

Worked out without importing stanza (slow to import) and without touching the
network, so ``--engine auto`` can decide quickly and ``quotes models status``
can say what is missing.
"""
from __future__ import annotations

import os
from importlib.metadata import version
from pathlib import Path

# What the stanza engine's pipeline loads (tokenize,mwt,pos,lemma,depparse,ner) and what they need.
STANZA_PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner", "pretrain")
# A local set (scripts/train_stanza_models.py) needs only these ...
LOCAL_PROCESSORS = ("tokenize", "pos", "lemma", "depparse")
# ... and does without the others, for these reasons.
LOCAL_LEAVES_OUT = {
    "mwt": "the tokenizer splits contractions itself, every word keeping its offsets",
    "ner": "speaker kinds come from the tree and the name rules",
    "pretrain": "trained without word vectors",
}
# The file that marks a folder as a local set, with what made it; stanza's published sets lack it.
LOCAL_MARKER = "quotes-local-models.json"


def stanza_model_dir(model_dir: str | Path | None = None) -> Path:
    """Where stanza's models live: ``--model-dir``, ``STANZA_RESOURCES_DIR`` or stanza's own default.

    stanza's default is a per-version cache folder (``~/.cache/stanza/<version>/resources``
    on Linux); it is worked out here without importing stanza, which is slow to import.
    """
    if model_dir:
        return Path(model_dir)
    if os.environ.get("STANZA_RESOURCES_DIR"):
        return Path(os.environ["STANZA_RESOURCES_DIR"])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("stanza", "StanfordNLP", version("stanza"))) / "resources"


def is_local_set(model_dir: str | Path | None = None) -> bool:
    """True for a small set trained here (for tests), False for stanza's published one."""
    return (stanza_model_dir(model_dir) / LOCAL_MARKER).is_file()


def _installed(folder: Path, processor: str) -> bool:
    return any((folder / "en" / processor).glob("*.pt"))


def missing_stanza_models(model_dir: str | Path | None = None) -> list[str]:
    """What the stanza engine needs and the folder lacks (no network is touched)."""
    folder = stanza_model_dir(model_dir)
    missing = [] if (folder / "resources.json").is_file() else ["resources.json"]
    needed = LOCAL_PROCESSORS if is_local_set(model_dir) else STANZA_PROCESSORS
    return missing + [f"en/{processor}" for processor in needed if not _installed(folder, processor)]


def stanza_processors(model_dir: str | Path | None = None) -> str:
    """The processors the engine's pipeline loads from this folder: every pipeline
    processor the folder has (a local set has no mwt or ner)."""
    folder = stanza_model_dir(model_dir)
    return ",".join(p for p in STANZA_PROCESSORS if p != "pretrain" and _installed(folder, p))


def stanza_models_installed(model_dir: str | Path | None = None) -> bool:
    """True when stanza's English models are on disk."""
    return not missing_stanza_models(model_dir)


def missing_models_message(model_dir: str | Path | None = None, fallback: bool = False) -> str:
    """One line naming what is missing and the command that fetches it."""
    folder = stanza_model_dir(model_dir)
    missing = missing_stanza_models(model_dir)
    if len(missing) == len(STANZA_PROCESSORS) + 1 and not is_local_set(model_dir):
        line = f"no stanza models are installed in {folder}"
    else:
        line = f"stanza's English models in {folder} lack {', '.join(missing)}"
    return (f"{line}; run `quotes models download --dir {folder}` to fetch them"
            + ("" if fallback else " or use --engine rules"))


def why_not_usable(model_dir: str | Path | None = None, auto: bool = False) -> str | None:
    """Why the stanza engine cannot run from this folder, or None when it can.

    Asked for by name (``--engine stanza``) it runs on any installed set; for
    ``auto`` only on stanza's published one, since the rules engine beats a
    small local set (see docs/engines.md).
    """
    if not stanza_models_installed(model_dir):
        return missing_models_message(model_dir, fallback=auto)
    if auto and is_local_set(model_dir):
        return (f"the stanza models in {stanza_model_dir(model_dir)} are a small local set "
                f"({LOCAL_MARKER}), made for tests; --engine stanza uses them anyway")
    return None
