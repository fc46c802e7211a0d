"""Appositives around a name: ``Bali, the SDF spokesman,``, ``Ryan's spokeswoman, AshLee Strong,``.

A subject that ends in a comma is a name with its role set off by commas; the
parts are read back comma by comma to find where the whole phrase starts.
"""
from __future__ import annotations

from quotes.engines.rules.tokens import abbreviation
from quotes.extract import segment
from quotes.lang import LanguagePack

# How far back from the closing comma the parts of an appositive are looked for, in tokens.
_REACH = 40
# How many parts are read back: ``NAME, ROLE, ROLE,`` at most.
_MAX_PARTS = 3
# How long the phrase before a part may be, in tokens.
_MAX_HEAD = 8


def appositive_start(tokens: list[segment.Token], comma: int, pack: LanguagePack) -> int | None:
    """Start of ``NAME, the ROLE,`` / ``The ROLE, NAME,`` ending with the comma at ``comma``.

    Up to three comma-separated parts are read back (``Scott Pruitt, the
    attorney general of Oklahoma, one of the states suing the EPA,``).
    """
    commas = _commas_before(tokens, comma, pack)
    found = None
    for n in range(1, len(commas)):
        previous, following = commas[n], commas[n - 1]
        middle = [t.value for t in tokens[previous + 1:following]]
        if not middle:
            return None
        head_start = _head_start(tokens, previous, pack)
        head = [t.value for t in tokens[head_start:previous]]
        if not head:
            continue
        if _sets_off(middle, head, tokens[previous + 1:following], n, pack):
            found = tokens[head_start].start  # keep going: an earlier part may be the name
        elif found is not None:
            break
    return found


def _commas_before(tokens: list[segment.Token], comma: int, pack: LanguagePack) -> list[int]:
    """The comma at ``comma`` and the ones before it in its clause, nearest first."""
    stops = {";", ":", "(", ")"} | pack.quote_marks
    commas = [comma]
    i = comma - 1
    while i >= 0 and comma - i < _REACH and len(commas) <= _MAX_PARTS:
        value = tokens[i].value
        if value == ",":
            commas.append(i)
        elif value in stops or value == "." and not (i > 0 and abbreviation(tokens[i - 1], tokens[i])):
            break
        i -= 1
    return commas


def _head_start(tokens: list[segment.Token], comma: int, pack: LanguagePack) -> int:
    """Where the phrase before the comma at ``comma`` starts, leading words (``But``) left out."""
    stops = {",", ";", ":"} | pack.quote_marks | pack.dashes
    start = comma - 1
    while start > 0 and comma - start < _MAX_HEAD and tokens[start - 1].value not in stops \
            and tokens[start - 1].value.lower() not in pack.clause_words:
        start -= 1
    while start < comma and tokens[start].value.lower() in pack.leading_words:
        start += 1
    return start


def _sets_off(middle: list[str], head: list[str], part: list[segment.Token], n: int,
              pack: LanguagePack) -> bool:
    """Whether ``HEAD, MIDDLE,`` is a name with its role: the ``n``-th part read back."""
    if _role_after_name(middle, head, n, pack):
        return True
    if n != 1:
        return False
    # "Ryan's spokeswoman, AshLee Strong,": a possessive role before the name
    if _has_name(middle, pack) and (head[0].lower() in pack.determiners
                                    or any(w in pack.possessive_endings for w in head)):
        return True
    # "VFI Chief Executive, Padraig Cribben,": a capitalised title, then the name
    if head[-1].lower() in pack.title_words and 2 <= len(middle) <= 4 \
            and all(w[:1].isupper() or w == "." for w in middle + head):
        return True
    # "Jeff Weaver, Sanders' campaign manager,": a name, then a role that is someone's
    return _possessive_role(part, pack) and all(w[:1].isupper() or w == "." for w in head)


def _role_after_name(middle: list[str], head: list[str], n: int, pack: LanguagePack) -> bool:
    """``Bali, the SDF spokesman,``, ``Trump, at a rally,``: a name, then a part set off after it.

    An -ing part only right after a name: ``John Archer, wearing a Sanders T-shirt, said``.
    """
    first = middle[0]
    lower_role = first.islower() and first not in pack.clause_words and first not in pack.say_forms \
        and (not first.endswith("ing") or n == 1 and head[-1][:1].isupper() or _ing_role(middle, pack))
    return (first.lower() in pack.appositive_openers or _tag_or_adjunct(middle, pack) or lower_role) \
        and _has_name(head, pack)


def _ing_role(middle: list[str], pack: LanguagePack) -> bool:
    """``managing director of …``, ``acting head of …``: an -ing word that is part of a role
    (a title or a person's noun right after it), not a participle clause."""
    return len(middle) > 1 and (middle[1].lower() in pack.title_words or middle[1].lower() in pack.person_nouns)


def _possessive_role(part: list[segment.Token], pack: LanguagePack) -> bool:
    """``Mrs. Obama's chief of staff``, ``Sanders' campaign manager``: an owner's name, then a lowercase role.

    The apostrophe of ``Sanders'`` is read as a quotation mark and left out of
    the tokens, so a gap between two tokens stands for it."""
    owner = 0
    while owner < len(part) and (part[owner].value[:1].isupper() or part[owner].value == "."):
        owner += 1
    if owner == 0 or owner == len(part):
        return False
    ending = part[owner].value in pack.possessive_endings
    possessive = ending or part[owner - 1].value.endswith("s") and part[owner - 1].end < part[owner].start - 1
    rest = part[owner + 1:] if ending else part[owner:]
    return possessive and bool(rest) and all(t.value.islower() for t in rest)


def _tag_or_adjunct(words: list[str], pack: LanguagePack) -> bool:
    """``R-Ky.``, ``25``, ``at a later press gaggle``: a comma-set part that is not the speaker."""
    joined = "".join(words)
    return bool(pack.party_tag.match(joined)) or words[0].lower() in pack.adjunct_openers \
        or words[0].lower() in pack.party_members and words[1:2] == ["of"]  # "Democrat of Tennessee"


def _has_name(words: list[str], pack: LanguagePack) -> bool:
    """A capitalised word that is no article: ``the SDF spokesman``, ``Sen. Rubio``."""
    return any(w[:1].isupper() for w in words[1:]) or bool(words) and words[0][:1].isupper() \
        and words[0].lower() not in pack.articles
