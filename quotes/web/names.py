"""Speaker names folded and scored for the SQL look-ups, as :mod:`quotes.extract.names` does.

Why a copy: ``quotes publish`` ships this package alone into ``--plugins-dir``,
and a published Datasette has no ``quotes`` package to import them from. A test
holds :func:`fold`, :func:`lookup_keys` and :func:`name_score` to the same
answers as the indexing side's.
"""
from __future__ import annotations

import json
import re
import unicodedata

from anyascii import anyascii
from rapidfuzz import fuzz

# The most characters of a name the SQL functions read. SQLite's time limit cannot stop a
# Python function once called, so each call must be short: 600 kB arguments once held a
# page for 30 s. No name or alias is near this long.
MAX_NAME_CHARS = 200

_NON_WORD = re.compile(r"[^a-z0-9]+")
_DROPPED = re.compile(r"[’'`´ʼ‘.]")
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouyhw]")


# Greek and Cyrillic letters drawn like Latin ones, read as those in a word that also has Latin
# letters, and format characters (zero-width spaces, tag characters) dropped: as
# :func:`quotes.extract.names.unconfused` does, so a name that looks the same folds the same.
_LOOK_ALIKES = str.maketrans("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιρυνκАВЕКМНОРСТУХЅІЈаеорсухѕіјһԁԛԝ",
                             "ABEZHIKMNOPTYXoipuvkABEKMHOPCTYXSIJaeopcyxsijhdqw")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\S+")


def _unconfused(text: str) -> str:
    if text.isascii():
        return text
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return _WORD.sub(lambda word: word.group().translate(_LOOK_ALIKES)
                     if _LATIN.search(word.group()) else word.group(), text)


def fold(text: str | None) -> str:
    """Case, diacritics, transliteration and punctuation folded as :func:`quotes.extract.names.fold` does."""
    text = _DROPPED.sub("", anyascii(_unconfused((text or "")[:MAX_NAME_CHARS])).lower())
    return _NON_WORD.sub(" ", text).strip()


def name_score(candidate: str | None, query: str | None) -> int:
    """How well ``query`` names ``candidate`` (0-100), whatever the spelling.

    Both are folded and doubled letters squeezed (``Youssef Haddad`` reads
    ``yousef hadad``). A substring scores 100 (``haddad`` in ``harbour master
    yusuf haddad``); otherwise the best edit-distance ratio between the query
    and any run of as many words in the candidate, so a role before the name
    does not count against it (``Mustafa Bali`` against ``sdf spokesman mustefa bali``).
    Only the first :data:`MAX_NAME_CHARS` characters of each count, so one call is quick.
    """
    query = _DOUBLED.sub(r"\1", fold(query))
    candidate = _DOUBLED.sub(r"\1", fold(candidate))
    if len(query) < 2 or not candidate:
        return 0
    if query in candidate:
        return 100
    words = candidate.split()
    width = len(query.split())
    runs = [" ".join(words[i:i + width]) for i in range(max(1, len(words) - width + 1))]
    best = round(max(fuzz.ratio(query, run) for run in runs))
    if best < VOWELS_ONLY and width >= 2 and _frame(query) in {_frame(run) for run in runs}:
        return VOWELS_ONLY
    return best


# Transliterations vary a name's vowels and keep its consonants: ``Mustafa Baly`` and
# ``Mustefa Bali`` differ in two letters of twelve (ratio 83, under the look-up's bar of 84)
# yet both read ``m*st*f* b*l*``. A name of two words or more that differs from the
# candidate in its vowels only scores this; consonants still tell people apart (``John
# Smith`` is not ``Jane Smith``), and one word is too short a frame to trust.
VOWELS_ONLY = 90
_VOWEL_RUN = re.compile(r"[aeiouy]+")


def _frame(folded: str) -> str:
    """A folded name with each run of vowels one ``*``."""
    return _VOWEL_RUN.sub("*", folded)


def lookup_keys(name: str | None) -> str:
    """As a JSON list, the ``speaker_lookup`` keys a name is filed under (see
    :func:`quotes.extract.names.lookup_keys`): only names sharing one are scored."""
    keys = set()
    for word in _DOUBLED.sub(r"\1", fold(name)).split():
        if len(word) > 1:
            keys.add("w:" + word)
            keys.add("s:" + word[0] + _DOUBLED.sub(r"\1", _VOWELS.sub("", word[1:])))
    return json.dumps(sorted(keys))
