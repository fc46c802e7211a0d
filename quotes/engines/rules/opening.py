"""The subject that opens a clause: a pronoun, a name with its role, ``The senator``.

Colon cues and participles (``…, saying``) have no subject next to their cue;
their speaker is whoever opens the clause, after any leading adjunct.
"""
from __future__ import annotations

from quotes.engines.rules.tokens import MAX_SUBJECT, abbreviation, is_time
from quotes.extract import segment
from quotes.lang import LanguagePack


# Words that open a noun phrase but are never a name, however capitalised.
_DETERMINERS = frozenset({"the", "a", "an", "each", "any", "every", "ever", "his", "her", "their", "its",
                          "some", "all", "many", "most", "this", "these", "those"})


def opening_subject(tokens: list[segment.Token], pack: LanguagePack) -> tuple[int, int] | None:
    """The subject opening a clause: a pronoun, a name with its role, or ``The senator`` before a verb.

    ``But on Monday, Democratic presidential candidate Sen. Bernie Sanders
    (I-Vt.) criticized …``: leading words and a comma-set adjunct are skipped;
    lower-case words belong to the subject only as part of a role before a name.
    """
    i = 0
    while i < len(tokens) and tokens[i].value.lower() in pack.leading_words:
        i += 1
    opener = tokens[i].value.lower() if i < len(tokens) else ""
    if opener in pack.clause_words | pack.adjunct_openers | pack.not_subject_openers | {"asked"} \
            or opener.endswith("ing") or \
            i < len(tokens) and is_time(tokens, i, pack) or i + 1 < len(tokens) and is_time(tokens, i + 1, pack):
        # "When his family moved back, his mother …", "This year, he …": an opening adjunct.
        comma = next((n for n in range(i, min(i + 20, len(tokens))) if tokens[n].value == ","), None)
        if comma is not None:
            i = comma + 1
        elif opener in pack.clause_words:
            return None
        while i < len(tokens) and (is_time(tokens, i, pack) or tokens[i].value.lower() in pack.leading_words):
            i += 1  # "On Sunday morning Mr. Trump made …"
    if i >= len(tokens):
        return None
    first = tokens[i]
    if first.value.lower() in pack.subject_pronouns:
        return first.start, first.end
    last = None
    n = i
    while n < len(tokens) and n - i < MAX_SUBJECT:
        value = tokens[n].value
        if value == "(":  # "Sen. Bernie Sanders (I-Vt.)"
            closing = next((m for m in range(n + 1, min(n + 8, len(tokens))) if tokens[m].value == ")"), None)
            if closing is None:
                break
            last, n = closing, closing + 1
            continue
        if value.lower() in _DETERMINERS or value.endswith("ing"):
            if n > i:
                break  # "Recalling …", "The …": not a name; a description is read below
        elif value[:1].isupper() or value == "." and n > i and abbreviation(tokens[n - 1], tokens[n]):
            last = n
        elif value.islower() and (value in pack.title_words or value.endswith(("al", "ial"))
                                  or value in {"of", "'s", "’s"}):
            pass  # presidential candidate, former, secretary of
        else:
            break
        n += 1
    if last == i and i == 0 and (first.value.endswith("s") and not first.value.endswith("ss")
                                 or first.value.lower() in {"asked", "according", "thanks"}):
        last = None  # "Pollsters found:", "Estimates show:", "Asked …": a capital opening the sentence
    if last is not None and n < len(tokens) and tokens[n].value == "," and n + 1 < len(tokens) \
            and tokens[n + 1].value.lower() in pack.appositive_openers:
        # "Brian Fallon, a spokesman for the campaign, called …": the name with its role
        closing = next((m for m in range(n + 2, min(n + 14, len(tokens))) if tokens[m].value == ","), None)
        if closing is not None and closing + 1 < len(tokens) and tokens[closing + 1].value.islower():
            return first.start, tokens[closing - 1].end
    if last is not None and n < len(tokens) and tokens[n].value.islower() and tokens[last].value[:1].isupper() \
            or last is not None and tokens[last].value == ")":
        return first.start, tokens[last].end
    if first.value.lower() in {"the", "a", "an", "his", "her", "their", "its"} and last is None:
        # "The billionaire businessman defended …": a description before a verb in -ed or -s.
        for m in range(i + 1, min(i + 5, len(tokens) - 1)):
            if not tokens[m].value.isalpha() or not tokens[m].value.islower():
                break
            verb = tokens[m + 1].value
            if verb.islower() and verb.endswith(("ed", "s")) and not verb.endswith("ss") and m > i:
                return first.start, tokens[m].end
    return None
