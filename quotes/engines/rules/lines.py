"""Cues a line gives with a colon: ``Kasich: "…"``, ``Clinton went further: "…"``,
a press roundup's ``Maria Vos, The Harbour Times: "…"``; and a round-up's quotation
paragraph signed on the line after it (``"…"`` then ``Ana Ruiz, Ph.D.``).

Headlines and digests attribute quotations by layout, not by a verb.
"""
from __future__ import annotations

from quotes.engines.rules.cue import Cue
from quotes.engines.rules.layout import Layout
from quotes.engines.rules.subjects import main_subject
from quotes.engines.rules.tokens import word_count
from quotes.extract import segment
from quotes.lang import LanguagePack


def colon_cue(article: Layout, lead: int, open_mark: int) -> Cue | None:
    """``Clinton went even further: "…"``, ``Ash issued a statement: "…"``: a clause and a colon.

    The colon is the cue and the clause's subject the speaker; a clause with no
    subject opening it (``Here is the list:``) introduces no one's words.
    """
    tokens = [t for t in article.tokens_between(lead, open_mark) if t.value not in article.pack.quote_marks]
    if not tokens or tokens[-1].value != ":":
        return None
    named = named_line_cue(article, tokens)
    if named is not None:
        return named
    if len(tokens) < 3:
        return None
    if not any(t.value.islower() for t in tokens[:-1]):
        return _roundup_cue(article, tokens)
    subject = main_subject(tokens[:-1], article.pack)
    if subject is None:
        return _role_line_cue(article, tokens)
    if subject[1] >= tokens[-2].end or tokens[0].value.lower() in article.pack.line_labels:
        return None
    return Cue(tokens[-1], subject, after=tokens[-1].end)


# How many tokens the role of a round-up line may have: "Ana Ruiz, owner of the Blue Cafe in Cobh:".
_ROLE_TOKENS = 10


def _role_line_cue(article: Layout, tokens: list[segment.Token]) -> Cue | None:
    """``Ana Ruiz, owner of the Blue Cafe: "…"``: a round-up's or interview's line, a name
    opening it, its role after a comma, then the colon. A role with a verb (``Ana Ruiz, who
    runs the cafe, says:``) is a clause, read as one elsewhere; the name with its role is the speaker."""
    pack = article.pack
    commas = [n for n, t in enumerate(tokens) if t.value == ","]
    if not commas or not 2 <= commas[0] <= 5 or not _opens_line(article.text, tokens[0]):
        return None
    name, role = tokens[:commas[0]], tokens[commas[0] + 1:-1]
    if not _line_name(name, pack) or not name[-1].value[:1].isupper() or not role \
            or word_count(role) > _ROLE_TOKENS or len(commas) > 2:
        return None
    if any(t.value.lower() in pack.say_forms or t.value.lower() in pack.finite_auxiliaries
           or t.value.lower() in pack.clause_words for t in role):
        return None
    return Cue(tokens[-1], (name[0].start, role[-1].end), after=tokens[-1].end)


def _roundup_cue(article: Layout, tokens: list[segment.Token]) -> Cue | None:
    """``Maria Vos, The Harbour Times: "…"``: a press roundup's line, the writer's name, then the outlet."""
    commas = [n for n, t in enumerate(tokens) if t.value == ","]
    if len(commas) != 1 or not 2 <= commas[0] <= 4 or not _opens_line(article.text, tokens[0]):
        return None
    name = tokens[:commas[0]]
    if not all(t.value[:1].isupper() or t.value == "." for t in name):
        return None
    return Cue(tokens[-1], (name[0].start, name[-1].end), after=tokens[-1].end)


def named_line_cue(article: Layout, tokens: list[segment.Token]) -> Cue | None:
    """``Kasich: 'We Are Going All the Way.'``, ``Pérez on the Budget: '…'``, ``POLLS WERE EARLY - Ana Ruiz: "…"``.

    A headline or a digest's item gives the quotation to the name that opens
    its line (or follows the item's dash) and stands right before the colon; a
    topic after ``on`` is not part of the name.
    """
    pack = article.pack
    if not tokens or tokens[-1].value != ":":
        return None
    tokens = _without_party_tag(tokens, pack)
    dashes = [n for n, t in enumerate(tokens[:-1]) if t.value in pack.dashes]
    if not dashes and not _opens_line(article.text, tokens[0]):
        return None  # not at the start of its line
    name = tokens[dashes[-1] + 1 if dashes else 0:-1]
    cut = next((n for n, t in enumerate(name) if _uncapitalised(t.value) in pack.topic_words), None)
    if cut is not None and not dashes:
        name = name[:cut]
    if not _line_name(name, pack):
        return None
    return Cue(tokens[-1], (name[0].start, name[-1].end), after=tokens[-1].end)


def _without_party_tag(tokens: list[segment.Token], pack: LanguagePack) -> list[segment.Token]:
    """``Rep. Trey Gowdy (R-S.C.):``: the party tag is no part of the line's words."""
    tag = next((n for n, t in enumerate(tokens) if t.value == "("), None)
    if tag is not None and tokens[-2].value == ")" and pack.party_tag.match(
            "".join(t.value for t in tokens[tag + 1:-2])):
        return tokens[:tag] + tokens[-1:]
    return tokens


def _line_name(name: list[segment.Token], pack: LanguagePack) -> bool:
    """Up to five capitalised words (``Kasich and Rubio``, ``Ruiz's``) that are no label (``Update``)."""
    return bool(name) and word_count(name) <= 5 and name[0].value[:1].isupper() \
        and all(t.value[:1].isupper() or t.value == "." or t.value in pack.line_name_joiners
                or t.value in pack.possessive_endings for t in name) \
        and name[0].value.lower() not in pack.line_labels


def _opens_line(text: str, token: segment.Token) -> bool:
    """Whether only spaces stand between ``token`` and the start of its line."""
    return text[:token.start].rstrip(" \t")[-1:] in {"", "\n"}


def _uncapitalised(word: str) -> str:
    """``On`` → ``on``: the word as it stands inside a sentence (``ON`` stays shouted)."""
    return word[:1].lower() + word[1:]


# How many tokens a signature line under a quotation may have: "Ana Ruiz, Ph.D., Harbour University."
_SIGNATURE_TOKENS = 12


def signature_cue(article: Layout, open_mark: int, close_mark: int) -> Cue | None:
    """A quotation that is its whole paragraph, signed on the next line: ``"…"`` then
    ``Michael Shadlen, Ph.D.`` or ``Ana Ruiz, harbour master``. The name (two to five
    capitalised words opening the line, before any comma) is the speaker; the line's
    last token stands for the cue. A line with a verb, or one that is no name, is no
    signature."""
    text = article.text
    line_start = text.rfind("\n", 0, open_mark) + 1
    line_end = text.find("\n", close_mark)
    if text[line_start:open_mark].strip() or line_end < 0 or text[close_mark + 1:line_end].strip(" .,\u201d\"'"):
        return None
    next_end = text.find("\n", line_end + 1)
    next_end = len(text) if next_end < 0 else next_end
    tokens = article.tokens_between(line_end + 1, next_end)
    if not tokens or len(tokens) > _SIGNATURE_TOKENS or any(t.value in article.pack.quote_marks for t in tokens):
        return None
    comma = next((n for n, t in enumerate(tokens) if t.value == ","), len(tokens))
    name = [t for t in tokens[:comma] if t.value != "."]
    if not 2 <= len(name) <= 5 or not all(t.value[:1].isupper() for t in name) \
            or name[0].value.lower() in article.pack.line_labels | article.pack.adjunct_prepositions:  # "By …"
        return None
    if any(t.value.lower() in article.pack.say_forms or t.value.lower() in article.pack.finite_auxiliaries
           for t in tokens):
        return None
    return Cue(tokens[-1], (tokens[0].start, tokens[comma - 1].end), after=tokens[-1].end)
