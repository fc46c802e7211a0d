"""The cue of a quotation: a verb of saying right after it (``"…," he said``)
or right before it (``Ryan said: "…"``), with its speaker.
"""
from __future__ import annotations

from quotes.engines.rules.cue import Cue, read_tail
from quotes.engines.rules.layout import Layout
from quotes.engines.rules.lines import colon_cue
from quotes.engines.rules.subjects import clause_subject, subject_after, subject_before
from quotes.engines.rules.tokens import (MAX_SUBJECT, abbreviation, joins_names, lexical_cue, participle_cue, verb_case,
                                         word_count)
from quotes.extract import segment
from quotes.lang import LanguagePack


def cue_in_previous_paragraph(article: Layout, offset: int) -> Cue | None:
    """``He said:`` closing the paragraph before a quotation that opens its own."""
    text = article.text
    # Only whitespace may stand between the colon and the quotation, so the colon is the last
    # other character: a look back over that whitespace, not a search (and a copy) back to the
    # last colon anywhere, once a quotation, which made a long line of them quadratic.
    colon = offset - 1
    while colon >= 0 and text[colon].isspace():
        colon -= 1
    if colon < 0 or text[colon] != ":" or "\n" not in text[colon:offset]:
        return None
    sentence = article.sentence_at(colon)
    if sentence is None:
        return None
    # "He said:", or a clause that introduces the quotation: "Cruz called them on it:"
    return cue_before(article, sentence.start, colon) or colon_cue(article, sentence.start, colon + 1)


# How many words before a quotation are searched, backwards, for its cue: "Ryan said on Monday:".
_LEAD_REACH = 7
# How many words after a quotation may stand before its cue: '"…," a longtime harbour worker said'.
_AFTER_REACH = MAX_SUBJECT + 20
# How many capitalised words a byline after a dash may have: '"…" ― Pamela Padilla'.
_BYLINE_WORDS = 6


def cue_after(article: Layout, start: int, end: int) -> Cue | None:
    """``, he said`` / ``, said Sean Ryan`` / ``shouted a wrinkled Iraqi woman`` after a quotation."""
    pack = article.pack
    tokens = [t for t in article.tokens_between(start, end) if t.value not in pack.quote_marks]
    if tokens and tokens[0].value in pack.byline_dashes:
        byline = _byline(article, tokens)
        if byline is not None:
            return byline
    tokens = _after_punctuation(tokens, pack)
    if not tokens:
        return None
    if tokens[0].value.lower() in pack.frame_forms:
        subject = subject_after(article.text, tokens, 1, pack)  # '"…," said Sean Ryan'
        return None if subject is None else Cue(tokens[0], subject, after=tokens[0].end)
    return _subject_then_cue(article, tokens, start)


def _byline(article: Layout, tokens: list[segment.Token]) -> Cue | None:
    """``"…" ― Pamela Padilla``: a byline-style attribution closing its paragraph."""
    text = article.text
    rest = tokens[1:]
    line_end = text.find("\n", tokens[0].end)
    if rest and len(rest) <= _BYLINE_WORDS and all(t.value[:1].isupper() or not t.value.isalpha() for t in rest) \
            and not text[rest[-1].end:line_end if line_end >= 0 else None].strip().strip("."):
        return Cue(tokens[0], (rest[0].start, rest[-1].end), after=rest[-1].end)
    return None


def _after_punctuation(tokens: list[segment.Token], pack: LanguagePack) -> list[segment.Token]:
    """The tokens after a quotation without the commas, colons and dashes that open them."""
    i = 0
    while i < len(tokens) and (tokens[i].value in {",", ":", "..."} or tokens[i].value in pack.dashes):
        i += 1
    return tokens[i:]


def _subject_then_cue(article: Layout, tokens: list[segment.Token], start: int) -> Cue | None:
    """``, Sean Ryan said``, ``the mayor, who chairs the board, added``: a subject opening the
    words after a quotation, then its cue, before the clause ends."""
    pack = article.pack
    relative = False  # inside "Ana Ruiz, who served as mayor during the strike,": no cue, no clause end
    for k, token in enumerate(tokens[:_AFTER_REACH]):
        lowered = token.value.lower()
        if token.value == "." and k > 0 and abbreviation(tokens[k - 1], token):
            continue
        if lowered in pack.person_relatives and k > 1 and tokens[k - 1].value == ",":
            relative = True
        if relative:
            relative = token.value != ","
            continue
        if lowered in pack.frame_forms and k > 0:
            if lowered in pack.weak_forms and not lexical_cue(lowered, tokens, k, pack):
                continue  # "the former secretary of state."
            subject = subject_before(article.text, tokens, k, pack)
            if subject is None or subject[0] != tokens[0].start:
                if lowered in pack.weak_forms:
                    continue  # "one of the states suing the EPA, said"
                return None
            return _cue_closing(article, tokens, k, subject, start)
        if _ends_clause(tokens, k, pack):
            return None
    return None


def _ends_clause(tokens: list[segment.Token], k: int, pack: LanguagePack) -> bool:
    """A full stop or a clause word at ``tokens[k]``; ``and`` only where it joins two clauses,
    not in ``an economist and tax expert,`` or ``Cummings and Conyers``."""
    value = tokens[k].value
    lowered = value.lower()
    return value in {".", "!", "?", ";"} or lowered in pack.clause_words_not_saying and not (
        lowered == "and" and (any(t.value == "," for t in tokens[:k]) or joins_names(tokens, k, pack)))


def _cue_closing(article: Layout, tokens: list[segment.Token], k: int, subject: tuple[int, int],
                 start: int) -> Cue | None:
    """The cue at ``tokens[k]`` after a quotation, unless what follows it is a clause of its own."""
    text, pack = article.text, article.pack
    token = tokens[k]
    cue = Cue(token, subject)
    rest = read_tail(text, tokens, k + 1, cue, pack)
    if rest < len(tokens) and tokens[rest].value == "of":  # "said of their time in office": what about
        while rest < len(tokens) and tokens[rest].value not in {".", "!", "?", ";", ","}:
            rest += 1
    if rest >= len(tokens):
        return cue
    following = tokens[rest].value
    if following.lower() in pack.own_clause_openers or following.lower() in pack.subject_pronouns:
        return None  # 'She added that drivers …', '"Marco!," the senator said his campaign …'
    if following not in {".", "!", "?", ",", ";"} | pack.dashes \
            and following.lower() not in pack.adjunct_prepositions \
            and text[:start - 1].rstrip("'\"\u201d\u2019").endswith(".") \
            and article.sentence_at(token.start) is not article.sentence_at(start - 1):
        return None  # '"…" He said Nunberg was bound …': the next sentence reports its own clause
    return cue


def cue_before(article: Layout, lead: int, open_mark: int) -> Cue | None:
    """``Ryan said: "…"`` / ``Weiss adds, "…"`` before a quotation."""
    pack = article.pack
    tokens = [t for t in article.tokens_between(lead, open_mark) if t.value not in pack.quote_marks]
    trailing = {",", ":", "..."} | pack.dashes
    while tokens and tokens[-1].value in trailing:
        tokens = tokens[:-1]
    if not tokens:
        return None
    put_it = _as_x_put_it(article, tokens)
    if put_it is not None:
        return put_it
    inverted = _inverted_lead(article, tokens)
    if inverted is not None:
        return inverted
    for k in range(len(tokens) - 1, max(-1, len(tokens) - 1 - _LEAD_REACH), -1):
        if tokens[k].value.lower() in pack.frame_forms and verb_case(tokens[k], k):  # not "Calls Mills Remarks 'Troubling'"
            if k and tokens[k - 1].value.lower() in pack.noun_markers:
                continue  # 'that Ruiz's comments "show bias"': a noun, the cue is further back
            return _cue_ending_lead(article, tokens, k)
    return None


def _inverted_lead(article: Layout, tokens: list[segment.Token]) -> Cue | None:
    """``Said Ellis: "…"``: a capitalised cue opening the words before a quotation, its subject after it."""
    pack = article.pack
    if tokens[0].value.lower() not in pack.frame_forms or len(tokens) > 8 or not tokens[0].value[:1].isupper():
        return None
    subject = subject_after(article.text, tokens, 1, pack)
    opener = tokens[1].value if len(tokens) > 1 else ""
    if subject is not None and subject[1] == tokens[-1].end and (
            opener[:1].isupper() or opener.lower() in pack.appositive_openers):  # not "Estimates show …:"
        return Cue(tokens[0], subject, after=tokens[-1].end)
    return None


def _cue_ending_lead(article: Layout, tokens: list[segment.Token], k: int) -> Cue | None:
    """The cue at ``tokens[k]``, the last of the words before a quotation, with its subject."""
    pack = article.pack
    lowered = tokens[k].value.lower()
    cue = Cue(tokens[k], None)
    rest = read_tail(article.text, tokens, k + 1, cue, pack)
    if rest != len(tokens) and not _hearer_ends_lead(tokens, k, rest, pack):
        return None  # 'told reporters he thought Fields had "made up the story"': a partial quote
    participle = participle_cue(tokens, k, pack)
    cue.subject = None if participle else subject_before(article.text, tokens, k, pack)
    if cue.subject is None and (lowered.endswith("ing") or k and tokens[k - 1].value.lower() in pack.clause_conjunctions):
        cue.subject = clause_subject(article, tokens[k])  # 'Ryan backed it, saying: "…"', 'and said, "…"'
    return cue if cue.subject is not None else None


def _hearer_ends_lead(tokens: list[segment.Token], k: int, rest: int, pack: LanguagePack) -> bool:
    """``told the Harbour Wire: "…"``: no more than the hearer between the cue and the quotation."""
    return tokens[k].value.lower() in pack.hearer_forms and k + 1 < len(tokens) \
        and word_count(tokens[rest:]) <= 3 \
        and not any(t.value.lower() in pack.subject_pronouns or t.value.lower() == "that" and t is not tokens[-1]
                    for t in tokens[rest:])


def _as_x_put_it(article: Layout, tokens: list[segment.Token]) -> Cue | None:
    """``As Ana Ruiz, the mayor, put it (in a memo): "…"``: the subject between ``as`` and ``put it``."""
    as_, put_, it_ = article.pack.as_put_it
    put = next((n for n in range(1, len(tokens) - 1) if tokens[n].value == put_
                and tokens[n + 1].value == it_), None)
    if put is None or len(tokens) - put > 12:
        return None
    opener = max((n for n in range(put) if tokens[n].value.lower() == as_), default=None)
    if opener is None:
        return None
    subject = subject_before(article.text, tokens, put, article.pack)
    if subject is None or subject[0] > tokens[opener + 1].start:
        return None  # the subject phrase may run back past "as": only what follows it is the speaker
    return Cue(tokens[put], (tokens[opener + 1].start, subject[1]), after=tokens[-1].end)
