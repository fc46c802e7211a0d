"""Appositives around a name: ``Bali, the SDF spokesman,``, ``Ryan's spokeswoman, AshLee Strong,``.

A subject that ends in a comma is a name with its role set off by commas; the
parts are read back comma by comma to find where the whole phrase starts.
"""
from __future__ import annotations

from quotes.engines.rules.tokens import PARTY_TAG, abbreviation
from quotes.extract import segment
from quotes.lang import LanguagePack


def appositive_start(tokens: list[segment.Token], comma: int, pack: LanguagePack) -> int | None:
    """Start of ``NAME, the ROLE,`` / ``The ROLE, NAME,`` ending with the comma at ``comma``.

    Up to three comma-separated parts are read back (``Scott Pruitt, the
    attorney general of Oklahoma, one of the states suing the EPA,``).
    """
    commas = [comma]
    i = comma - 1
    while i >= 0 and comma - i < 40 and len(commas) < 4:
        value = tokens[i].value
        if value == ",":
            commas.append(i)
        elif value in {";", ":", "(", ")"} | pack.quote_marks or value == "." and not (
                i > 0 and abbreviation(tokens[i - 1], tokens[i])):
            break
        i -= 1
    found = None
    for n in range(1, len(commas)):
        previous, following = commas[n], commas[n - 1]
        middle = [t.value for t in tokens[previous + 1:following]]
        if not middle:
            return None
        head_start = previous - 1
        while head_start > 0 and previous - head_start < 8 and \
                tokens[head_start - 1].value not in {",", ";", ":"} | pack.quote_marks | pack.dashes \
                and tokens[head_start - 1].value.lower() not in pack.clause_words:
            head_start -= 1
        while head_start < previous and tokens[head_start].value.lower() in pack.leading_words:
            head_start += 1
        head = [t.value for t in tokens[head_start:previous]]
        if not head:
            continue
        if (middle[0].lower() in pack.appositive_openers or _tag_or_adjunct(middle, pack) or middle[0].islower()
                and middle[0] not in pack.clause_words and middle[0] not in pack.say_forms
                and (not middle[0].endswith("ing") or n == 1 and head[-1][:1].isupper())) and _has_name(head):
            # "John Archer, wearing a Sanders T-shirt, said": an -ing part only right after a name
            found = tokens[head_start].start  # keep going: an earlier part may be the name
        elif n == 1 and _has_name(middle) and (head[0].lower() in {"the", "a", "an", "his", "her", "their", "its"}
                                                or any(w in {"'s", "\u2019s"} for w in head)):
            # "Ryan's spokeswoman, AshLee Strong,": a possessive role before the name
            found = tokens[head_start].start
        elif n == 1 and _possessive_role(tokens[previous + 1:following]) \
                and all(w[:1].isupper() or w == "." for w in head):
            # "Jeff Weaver, Sanders' campaign manager,": a name, then a role that is someone's
            found = tokens[head_start].start
        elif found is not None:
            break
    return found


def _possessive_role(part: list[segment.Token]) -> bool:
    """``Mrs. Obama's chief of staff``, ``Sanders' campaign manager``: an owner's name, then a lowercase role.

    The apostrophe of ``Sanders'`` is read as a quotation mark and left out of
    the tokens, so a gap between two tokens stands for it."""
    owner = 0
    while owner < len(part) and (part[owner].value[:1].isupper() or part[owner].value == "."):
        owner += 1
    if owner == 0 or owner == len(part):
        return False
    possessive = part[owner].value in {"'s", "\u2019s"} or part[owner - 1].value.endswith("s") \
        and part[owner - 1].end < part[owner].start - 1
    rest = part[owner + 1:] if part[owner].value in {"'s", "\u2019s"} else part[owner:]
    return possessive and bool(rest) and all(t.value.islower() for t in rest)


def _tag_or_adjunct(words: list[str], pack: LanguagePack) -> bool:
    """``R-Ky.``, ``25``, ``at a later press gaggle``: a comma-set part that is not the speaker."""
    joined = "".join(words)
    return bool(PARTY_TAG.match(joined)) or words[0].lower() in pack.adjunct_openers \
        or words[0].lower() in pack.party_members and words[1:2] == ["of"]  # "Democrat of Tennessee"


def _has_name(words: list[str]) -> bool:
    return any(w[:1].isupper() for w in words[1:]) or bool(words) and words[0][:1].isupper() \
        and words[0].lower() not in {"the", "a", "an"}
