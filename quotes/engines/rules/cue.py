"""A cue (the verb of saying with its speaker) and the words that belong to it.

``told the Harbour Wire``, ``on Monday``, ``in a statement`` after a cue are
neither speaker nor content; every pattern skips them the same way.
"""
from __future__ import annotations

from dataclasses import dataclass

from quotes.extract import segment
from quotes.lang import LanguagePack


@dataclass
class Cue:
    """A verb of saying with its speaker, as found by one of the patterns."""

    token: segment.Token
    subject: tuple[int, int] | None
    told_to: str | None = None
    after: int = 0  # where the words belonging to the cue (adjuncts, told X, that) end


def read_tail(text: str, tokens: list[segment.Token], i: int, cue: Cue, pack: LanguagePack) -> int:
    """Read ``told the Harbour Wire``, ``on Monday``, ``in a statement``, ``that`` after a cue.

    Sets the cue's hearer (``told_to``) and where its words end (``after``);
    returns the index of the first token that is none of them.
    """
    if cue.token.value.lower() in pack.hearer_forms and i < len(tokens):
        i = _read_hearer(text, tokens, i, cue, pack)
    while i < len(tokens):
        length = _adjunct_length(tokens, i, pack)
        if not length:
            break
        i += length
    cue.after = tokens[i - 1].end if i > 0 else cue.token.end
    return i


def _read_hearer(text: str, tokens: list[segment.Token], i: int, cue: Cue, pack: LanguagePack) -> int:
    """The hearer right after ``told`` (``the Harbour Wire``, ``AFP``, ``reporters``) as the
    cue's ``told_to``; the index after it (``i`` when there is none)."""
    k = i
    object_tokens = []
    if tokens[k].value.lower() in pack.articles:
        object_tokens.append(tokens[k])
        k += 1
    if k < len(tokens) and tokens[k].value[:1].isupper():  # told the Harbour Wire, told AFP
        while k < len(tokens) and (tokens[k].value[:1].isupper() or tokens[k].value in pack.hearer_name_joiners):
            object_tokens.append(tokens[k])
            k += 1
        while object_tokens[-1].value in pack.hearer_name_joiners:  # "told The Associated Press of the talks"
            object_tokens.pop()
            k -= 1
    elif k < len(tokens) and tokens[k].value.isalpha() and tokens[k].value not in pack.not_hearers:
        object_tokens.append(tokens[k])  # told reporters, told me, told a rally
        k += 1
    else:
        return i
    told = text[object_tokens[0].start:object_tokens[-1].end]
    cue.told_to = pack.hearer_article.sub("", told)
    return k


def _adjunct_length(tokens: list[segment.Token], i: int, pack: LanguagePack) -> int:
    """How many tokens from ``tokens[i]`` say when, where or how it was said (``on Monday``,
    ``in a statement``, ``at Western High School``, ``later``); 0 when none do."""
    value = tokens[i].value.lower()
    if value in pack.adjunct_prepositions and i + 1 < len(tokens):
        following = tokens[i + 1].value.lower()
        span = 2
        if following in pack.determiners and i + 2 < len(tokens):
            following, span = tokens[i + 2].value.lower(), 3
        if following in pack.time_words or following in pack.media_words:
            return span
        if value in pack.place_prepositions and tokens[i + span - 1].value[:1].isupper():
            # "asks at Western High School", "told reporters in Des Moines": where it was said
            n = i + span
            while n < len(tokens) and (tokens[n].value[:1].isupper() or tokens[n].value == "."):
                n += 1
            return n - i
    if value in pack.tail_adverbs or value in pack.time_words:
        return 1
    return 0
