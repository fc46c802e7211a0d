"""Reported speech without a verb of saying: ``according to SOURCE``, ``Trump's claim that …``.
"""
from __future__ import annotations


from quotes.engines.rules.content import end_of_clause, make_quote, strip_content
from quotes.engines.rules.cue import Cue
from quotes.engines.rules.layout import Layout
from quotes.extract import segment
from quotes.extract.speakers import make_speaker
from quotes.model import INDIRECT, Attribution


def according_to(article: Layout, sentence: segment.Sentence, tokens: list[segment.Token]) -> Attribution | None:
    """``according to SOURCE, CLAUSE`` / ``CLAUSE, according to SOURCE`` (``, which relies on
    …`` after the source is a relative clause about it, not what it says)."""
    text, pack = article.text, article.pack
    match = pack.according_to_pattern.search(text, sentence.start, sentence.end)
    if not match or article.quoted(match.start()):
        return None
    cue_start, cue_end = match.start(), match.start() + len(pack.according_to)
    source_end = match.end()
    while source_end < sentence.end and (text[source_end] not in ",;.!?\u2014\u2013(" or _title_dot(text, source_end, pack)) \
            and text[source_end - 1:source_end + 2] != " - ":  # "according to the center - half a point"
        source_end += 1
    s_start, s_end = match.end(), source_end
    while s_end > s_start and text[s_end - 1].isspace():
        s_end -= 1
    if s_end <= s_start or len(text[s_start:s_end].split()) > 12:
        return None
    before = text[sentence.start:cue_start].strip(" ,").split()
    after = strip_content(text, source_end + 1, end_of_clause(text, sentence))
    adjunct = not before or before[0].lower() in pack.sentence_adjunct_openers \
        or len(before) < 4  # "Since last November, according to …, CLAUSE"; "In addition, according to …"
    relative = text[after[0]:after[1]].split()[:1]
    relative = bool(relative) and relative[0].lower() in pack.appositive_relatives  # "…, which relies on …"
    if adjunct and not relative and source_end < sentence.end and text[source_end] == "," \
            and len(text[after[0]:after[1]].split()) >= 3:
        c_start, c_end = after
    elif before:
        c_start, c_end = strip_content(text, sentence.start, cue_start)
    else:
        c_start, c_end = after
    if len(text[c_start:c_end].split()) < 3:
        return None
    quote = Attribution(INDIRECT, c_start, c_end, text[c_start:c_end], cue=text[cue_start:cue_end],
                  cue_start=cue_start, cue_end=cue_end)
    quote.speaker = make_speaker(text[s_start:s_end], s_start, s_end, article.pack)
    return quote


def _title_dot(text: str, offset: int, pack) -> bool:
    """The dot of ``Mr.`` in ``according to Mr. Marcus``: a title's, not the source's end."""
    if text[offset] != ".":
        return False
    word = text[max(0, offset - 6):offset].split()[-1:] if not text[offset - 1:offset].isspace() else []
    return bool(word) and word[0].lower() in pack.title_abbreviations


def noun_cues(article: Layout, sentence: segment.Sentence, tokens: list[segment.Token]) -> list[Attribution]:
    """``Trump's claim that CLAUSE``, ``his warning that CLAUSE``: a speech noun with its owner.

    Only an owned noun followed by ``that`` counts (``the claim`` or ``a warning`` alone
    names no speaker); the clause runs to the next comma, dash or the sentence's end.
    """
    text, pack, found = article.text, article.pack, []
    for k in range(1, len(tokens) - 2):
        if tokens[k].value.lower() not in pack.speech_nouns or tokens[k + 1].value.lower() != "that":
            continue
        owner = tokens[k - 1]
        if owner.value.lower() in pack.possessives:
            subject = (owner.start, owner.end)
        elif owner.value in pack.possessive_endings:
            first = k - 2
            while first > 0 and tokens[first - 1].value[:1].isupper() or first > 0 and tokens[first - 1].value == ".":
                first -= 1
            if first > k - 2 or not tokens[first].value[:1].isupper():
                continue
            subject = (tokens[first].start, tokens[k - 2].end)
        else:
            continue
        end = next((t.start for t in tokens[k + 2:] if t.value in {",", ";"} | pack.dashes),
                   end_of_clause(text, sentence))
        c_start, c_end = strip_content(text, tokens[k + 2].start, end)
        if len(text[c_start:c_end].split()) < 3:
            continue
        cue = Cue(tokens[k], subject)
        quote = make_quote(text, INDIRECT, c_start, c_end, cue, article.pack)
        if owner.value.lower() in pack.possessives:  # "his" stands for "he": the speaker, not the possessive
            quote.speaker = make_speaker(pack.possessive_subjects.get(
                owner.value.lower(), owner.value), owner.start, owner.end, pack)
        found.append(quote)
    return found
