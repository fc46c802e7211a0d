"""The subject that opens a clause: a pronoun, a name with its role, ``The senator``.

Colon cues and participles (``…, saying``) have no subject next to their cue;
their speaker is whoever opens the clause, after any leading adjunct.
"""
from __future__ import annotations

from quotes.engines.rules.tokens import MAX_SUBJECT, abbreviation, is_time
from quotes.extract import segment
from quotes.lang import LanguagePack


# How far an opening adjunct may run before the comma that ends it, in tokens.
_ADJUNCT_REACH = 20
# How far a comma-set role after a name may run: "Brian Fallon, a spokesman for the campaign,".
_ROLE_REACH = 14
# How far a party tag may run: "Sen. Bernie Sanders (I-Vt.)".
_TAG_REACH = 8
# How many lower-case words a description may have before its verb: "The billionaire businessman".
_DESCRIPTION_WORDS = 4


def opening_subject(tokens: list[segment.Token], pack: LanguagePack) -> tuple[int, int] | None:
    """The subject opening a clause: a pronoun, a name with its role, or ``The senator`` before a verb.

    ``But on Monday, Democratic presidential candidate Sen. Bernie Sanders
    (I-Vt.) criticized …``: leading words and a comma-set adjunct are skipped;
    lower-case words belong to the subject only as part of a role before a name.
    """
    i = _subject_index(tokens, pack)
    if i is None or i >= len(tokens):
        return None
    first = tokens[i]
    if first.value.lower() in pack.subject_pronouns:
        return first.start, first.end
    last, n = _name_end(tokens, i, pack)
    if last == i and i == 0 and _capital_not_name(first.value, pack):
        last = None  # "Pollsters found:", "Estimates show:", "Asked …": a capital opening the sentence
    if last is not None:
        return _named_subject(tokens, i, last, n, pack)
    if first.value.lower() in pack.determiners:
        return _described_subject(tokens, i, pack)
    return None


def _subject_index(tokens: list[segment.Token], pack: LanguagePack) -> int | None:
    """Where the subject starts, past leading words and an opening adjunct; ``None`` when a
    subordinate clause opens the tokens and no comma ends it."""
    i = 0
    while i < len(tokens) and tokens[i].value.lower() in pack.leading_words:
        i += 1
    opener = tokens[i].value.lower() if i < len(tokens) else ""
    if not _opens_adjunct(tokens, i, opener, pack):
        return i
    # "When his family moved back, his mother …", "This year, he …": an opening adjunct.
    comma = next((n for n in range(i, min(i + _ADJUNCT_REACH, len(tokens))) if tokens[n].value == ","), None)
    if comma is not None:
        i = comma + 1
    elif opener in pack.clause_words:
        return None
    elif opener in pack.time_modifiers and i + 1 < len(tokens) and is_time(tokens, i + 1, pack):
        i += 2  # "Last night Tanaiste Ana Ruiz made …": a two-word time with no comma after it
    while i < len(tokens) and (is_time(tokens, i, pack) or tokens[i].value.lower() in pack.leading_words):
        i += 1  # "On Sunday morning Mr. Trump made …"
    return i


def _opens_adjunct(tokens: list[segment.Token], i: int, opener: str, pack: LanguagePack) -> bool:
    """``When …``, ``Recalling …``, ``This year …``: the clause opens with an adjunct, not its subject."""
    return opener in pack.opening_adjunct_words or opener.endswith("ing") \
        or i < len(tokens) and is_time(tokens, i, pack) or i + 1 < len(tokens) and is_time(tokens, i + 1, pack)


def _name_end(tokens: list[segment.Token], i: int, pack: LanguagePack) -> tuple[int | None, int]:
    """The last token of the name starting at ``tokens[i]`` (``None`` if there is none) and
    the index of the first token after the words read."""
    last = None
    n = i
    while n < len(tokens) and n - i < MAX_SUBJECT:
        value = tokens[n].value
        if value == "(":  # "Sen. Bernie Sanders (I-Vt.)"
            closing = next((m for m in range(n + 1, min(n + _TAG_REACH, len(tokens))) if tokens[m].value == ")"), None)
            if closing is None:
                break
            last, n = closing, closing + 1
            continue
        if value.lower() in pack.noun_phrase_openers or value.endswith("ing"):
            if n > i:
                break  # "Recalling …", "The …": not a name; a description is read below
        elif value[:1].isupper() or value == "." and n > i and abbreviation(tokens[n - 1], tokens[n]):
            last = n
        elif not _role_word(value, pack):
            break
        n += 1
    return last, n


def _role_word(value: str, pack: LanguagePack) -> bool:
    """A lower-case word of a role before a name: presidential candidate, former, secretary of."""
    return value.islower() and (value in pack.title_words or value.endswith(pack.role_adjective_endings)
                                or value in pack.role_joiners)


def _capital_not_name(word: str, pack: LanguagePack) -> bool:
    """``Pollsters``, ``Estimates``, ``Asked``: a capital that opens a sentence, not a name."""
    return word.endswith("s") and not word.endswith("ss") or word.lower() in pack.capitals_not_names


def _named_subject(tokens: list[segment.Token], i: int, last: int, n: int,
                   pack: LanguagePack) -> tuple[int, int] | None:
    """The name ending at ``tokens[last]``, with its comma-set role, if a verb follows."""
    first = tokens[i]
    if n < len(tokens) and tokens[n].value == "," and n + 1 < len(tokens) \
            and tokens[n + 1].value.lower() in pack.appositive_openers:
        # "Brian Fallon, a spokesman for the campaign, called …": the name with its role
        closing = next((m for m in range(n + 2, min(n + _ROLE_REACH, len(tokens))) if tokens[m].value == ","), None)
        if closing is not None and closing + 1 < len(tokens) and tokens[closing + 1].value.islower():
            return first.start, tokens[closing - 1].end
    if n < len(tokens) and tokens[n].value.islower() and tokens[last].value[:1].isupper() \
            or tokens[last].value == ")":
        return first.start, tokens[last].end
    return None


def _described_subject(tokens: list[segment.Token], i: int, pack: LanguagePack) -> tuple[int, int] | None:
    """``The billionaire businessman defended …``: a description before a verb in -ed or -s."""
    for m in range(i + 1, min(i + 1 + _DESCRIPTION_WORDS, len(tokens) - 1)):
        if not tokens[m].value.isalpha() or not tokens[m].value.islower():
            break
        verb = tokens[m + 1].value
        if verb.islower() and verb.endswith(pack.description_verb_endings) and not verb.endswith("ss") and m > i:
            return tokens[i].start, tokens[m].end
    return None
