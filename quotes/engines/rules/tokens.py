"""Small tests on tokens that every pattern shares: word counts, abbreviations,
time phrases, whether a verb form can be a cue where it stands.

They read nothing but the tokens and the pack, so subjects, cues and reported
speech can all use them without importing one another.
"""
from __future__ import annotations

from quotes.extract import segment
from quotes.lang import LanguagePack


MAX_SUBJECT = 14


def joins_names(tokens: list[segment.Token], i: int, pack: LanguagePack) -> bool:
    """``and`` at ``tokens[i]`` between two names that open the clause: ``Cummings and Conyers``.

    ``Sanders won Vermont and Trump said`` is two clauses: the name before ``and``
    must itself open the clause.
    """
    if i == 0 or i + 1 >= len(tokens) or not tokens[i + 1].value[:1].isupper() \
            or not tokens[i - 1].value[:1].isupper():
        return False
    m = i - 1
    while m >= 0 and (tokens[m].value[:1].isupper() or tokens[m].value == "."):
        m -= 1
    return m < 0 or tokens[m].value in {",", ";", ":", "(", "\u2014"} | pack.quote_marks \
        or tokens[m].value.lower() in pack.clause_or_leading_words


def word_count(tokens: list[segment.Token]) -> int:
    """Words in a phrase, leaving out punctuation: ``Sen. Marco Rubio (R-Fla.)`` has five."""
    return sum(1 for t in tokens if t.value[:1].isalnum())


def abbreviation(word: segment.Token, dot: segment.Token) -> bool:
    """``Mr.``, ``Sen.``, ``D.`` in ``John D. Podesta``: a dot that does not end a clause."""
    return word.end == dot.start and word.value[:1].isupper() and len(word.value) <= 4 \
        and word.value.replace(".", "").isalpha()  # "N.Y" in "(D-N.Y.)" too


def is_time(tokens: list[segment.Token], j: int, pack: LanguagePack) -> bool:
    return time_length(tokens, j, pack) > 0


def time_length(tokens: list[segment.Token], j: int, pack: LanguagePack) -> int:
    """Length of a time or medium phrase ending (backwards) or starting at ``tokens[j]``."""
    word = tokens[j].value.lower()
    if word in pack.time_words and word not in pack.ambiguous_time_words:
        if j > 0 and tokens[j - 1].value.lower() in pack.time_modifiers:
            return 2
        return 1
    return 0


def participle_cue(tokens: list[segment.Token], k: int, pack: LanguagePack) -> bool:
    """``…, adding that``, ``…, saying``, ``while noting``: a participle set off from its clause."""
    return tokens[k].value.lower().endswith("ing") and k > 1 and \
        tokens[k - 1].value.lower() in pack.participle_openers


def verb_case(token: segment.Token, k: int) -> bool:
    """A cue is lowercase unless it opens its clause: "Islamic State", "United States" are no cues."""
    return token.value.islower() or k == 0


def lexical_cue(lowered: str, tokens: list[segment.Token], k: int, pack: LanguagePack) -> bool:
    """Weak forms (``reports``, ``post``) count only as finite verbs right after their subject."""
    if lowered not in pack.weak_forms:
        return True
    return k > 0 and (tokens[k - 1].value[:1].isupper() or tokens[k - 1].value.lower() in pack.pronouns
                      or tokens[k - 1].value.lower() in pack.weak_cue_subjects)
