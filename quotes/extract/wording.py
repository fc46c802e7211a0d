"""A quote's wording as clustering compares it: folded words and their 3-gram hashes.

Pure functions of the text, kept apart from the commit stage's clustering
(:mod:`quotes.commit.statements`) so that the extract stage can work them out
in its own processes (:func:`quotes.extract.article.extract_article`) and the
one writer only looks them up. Nothing here reads the database.
"""
from __future__ import annotations

import functools
import hashlib
import re

from anyascii import anyascii

from quotes import lang
from quotes.lang import LanguagePack

SHINGLE = 3  # words per n-gram in the candidate index
_NON_WORD = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=8)
def _aliases(pack: LanguagePack) -> list[tuple[re.Pattern, str]]:
    """The pack's spellings of one name (IS/ISIS/Daesh, U.S./US/United States), compiled once."""
    return [(re.compile(pattern, flags), replacement)
            for pattern, flags, replacement in pack.quote_alias_patterns]


def normalise(text: str, pack: LanguagePack | None = None) -> list[str]:
    """The words of a quote with quotation marks, punctuation, case and aliases folded.

    ``pack`` names the aliases folded; English when none is given.
    """
    text = anyascii(text)
    for pattern, replacement in _aliases(pack or lang.get("en")):
        text = pattern.sub(replacement, text)
    return _NON_WORD.sub(" ", text.lower()).split()


def text_key(text: str, pack: LanguagePack | None = None) -> str:
    """One string per wording: equal keys mean equal after normalisation."""
    return " ".join(normalise(text, pack))


def shingles(words: list[str]) -> set[int]:
    """Stable 64-bit hashes of the word 3-grams (the whole quote when it is shorter)."""
    grams = [words[i:i + SHINGLE] for i in range(len(words) - SHINGLE + 1)] or [words]
    return {
        int.from_bytes(hashlib.blake2b(" ".join(g).encode(), digest_size=8).digest(), "big", signed=True)
        for g in grams
    }
