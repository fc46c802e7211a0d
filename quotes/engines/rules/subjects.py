"""The speaker of a cue: the subject phrase before it, the inverted one after it,
or the subject of the clause a participle hangs on.
"""
from __future__ import annotations

from quotes.engines.rules.appositives import appositive_start
from quotes.engines.rules.layout import Layout
from quotes.engines.rules.opening import opening_subject
from quotes.engines.rules.tokens import MAX_SUBJECT, abbreviation, is_time, joins_names, time_length, verb_case, word_count
from quotes.extract import segment
from quotes.lang import LanguagePack


# How far back a party tag's opening parenthesis may be: "Rep. Jason Chaffetz (R-Utah) said".
_TAG_REACH = 8
# How many tokens an inverted subject may have: "said Tomas Lind, a trawler captain, …".
_MAX_INVERTED = 40


def subject_before(text: str, tokens: list[segment.Token], k: int, pack: LanguagePack) -> tuple[int, int] | None:
    """The subject phrase ending right before the cue at ``tokens[k]``.

    Walks back over adverbs and time phrases (``also``, ``on Monday``), then
    over the noun phrase, keeping appositives (``Bali, the SDF spokesman,``,
    ``Marta Kovač, who chairs the chamber,``) whole.
    """
    j = _before_adverbs(tokens, k, pack)
    if j < 0:
        return None
    if tokens[j].value.lower() == "who" and j > 0:
        # "Mr. Kamin, who emphasized that …": the speaker is the noun phrase "who" stands for.
        before = tokens[:j - 1] if tokens[j - 1].value == "," else tokens[:j]
        return subject_before(text, before + [tokens[j]], len(before), pack) if before else None
    if tokens[j].value == "," and j > 0 and tokens[j - 1].value == ")":
        j -= 1  # "Gov. John Kasich (R-OH), said": the comma closes the party tag, not an appositive
    if tokens[j].value == ",":
        appositive = appositive_start(tokens, j, pack)
        return None if appositive is None else (appositive, tokens[j - 1].end)
    return _phrase_ending_at(tokens, j, pack)


def _before_adverbs(tokens: list[segment.Token], k: int, pack: LanguagePack) -> int:
    """The last token before ``tokens[k]`` that is no adverb or time phrase (``also``, ``on Monday``)."""
    j = k - 1
    while j >= 0 and (tokens[j].value.lower() in pack.cue_adverbs or is_time(tokens, j, pack)):
        j -= time_length(tokens, j, pack) or 1
    return j


def _phrase_ending_at(tokens: list[segment.Token], j: int, pack: LanguagePack) -> tuple[int, int] | None:
    """The noun phrase ending at ``tokens[j]``, leading words (``But``) left out, if it can be a speaker."""
    start = _phrase_start(tokens, j, pack)
    while start <= j and tokens[start].value.lower() in pack.leading_words:
        start += 1
    if start > j or word_count(tokens[start:j + 1]) >= MAX_SUBJECT:
        return None
    if not looks_like_subject([t.value for t in tokens[start:j + 1]], pack):
        return None
    return tokens[start].start, tokens[j].end


def _phrase_start(tokens: list[segment.Token], j: int, pack: LanguagePack) -> int:
    """Where the phrase ending at ``tokens[j]`` starts: after the punctuation, clause word or
    other cue before it, abbreviations, party tags and joined names (``Cummings and Conyers``) kept."""
    breaks = {",", ";", ":", "(", ")", ".", "!", "?"} | pack.quote_marks | pack.dashes
    i = j
    while i >= 0 and word_count(tokens[i:j + 1]) < MAX_SUBJECT:
        value = tokens[i].value
        lowered = value.lower()
        if value == "." and i > 0 and abbreviation(tokens[i - 1], tokens[i]):
            i -= 1
            continue
        if value == ")":  # "Rep. Jason Chaffetz (R-Utah) said"
            before_tag = _before_party_tag(tokens, i)
            if before_tag is not None:
                i = before_tag
                continue
        if lowered == "and" and joins_names(tokens, i, pack):
            i -= 1  # "Cummings and Conyers wrote"
            continue
        if value in breaks or lowered in pack.clause_words or lowered in pack.say_forms and i != j \
                and not _inside_name(tokens, i, j):
            break
        i -= 1
    return i + 1


def _inside_name(tokens: list[segment.Token], i: int, j: int) -> bool:
    """``the State Department said``: a capitalised form of a cue verb with a capitalised word
    after it, inside the subject and not opening the sentence, is part of a name."""
    return 0 < i < j and tokens[i].value[:1].isupper() and tokens[i + 1].value[:1].isupper()


def _before_party_tag(tokens: list[segment.Token], close: int) -> int | None:
    """The token before the parenthesis that the one at ``tokens[close]`` closes, if it is near."""
    opening = next((n for n in range(close - 1, max(-1, close - _TAG_REACH), -1) if tokens[n].value == "("), None)
    return opening - 1 if opening is not None and opening > 0 else None


def looks_like_subject(words: list[str], pack: LanguagePack) -> bool:
    """A noun phrase can be a speaker; a clause fragment (``the figure includes``) cannot."""
    lowered = [w.lower() for w in words]
    if len(words) == 1:
        word = words[0]
        return lowered[0] in pack.pronouns or word[:1].isupper() or lowered[0] in pack.group_subjects
    if lowered[0] in pack.pronouns and len(words) > 1 and not (lowered[0] in pack.possessives and words[1][:1].isalpha()):
        return False  # "he and", but "his friend Ana Ruiz"
    if any(w in pack.not_in_subject for w in lowered[1:]):
        return False
    auxiliary = next((n for n, w in enumerate(lowered[1:], 1) if w in pack.finite_auxiliaries), None)
    if auxiliary is not None and len(words) - auxiliary > 4 and any(w[:1].isupper() for w in words[auxiliary + 1:]) \
            and not any(w in pack.relative_words for w in lowered[:auxiliary]):
        # "The decision has left Syria's Kurds scrambling for protection against a": a clause with
        # an object, no one's name ("Trump has not yet", "allies have in the past" stay)
        return False
    return lowered[0] not in pack.subject_breaking_prepositions  # "without reporters"


def subject_after(text: str, tokens: list[segment.Token], i: int, pack: LanguagePack) -> tuple[int, int] | None:
    """The inverted subject after a cue: ``said Tomas Lind, a trawler captain.``"""
    start = i
    while start < len(tokens) and is_time(tokens, start, pack):
        start += time_length(tokens, start, pack) or 1
    k, end = _inverted_end(tokens, start, pack)
    if end is None:
        return None
    words = [t.value for t in tokens[start:k]]
    if words[0].lower() in pack.not_alone_subjects and len(words) == 1:
        return None
    if words[0].lower() in pack.not_subject_openers:
        return None
    return tokens[start].start, end


def _inverted_end(tokens: list[segment.Token], start: int, pack: LanguagePack) -> tuple[int, int | None]:
    """The index after an inverted subject starting at ``tokens[start]`` and the offset where
    its words end (``None`` when it has none)."""
    k, end = start, None
    while k < len(tokens) and k - start < _MAX_INVERTED:
        if tokens[k].value == "." and k > start and abbreviation(tokens[k - 1], tokens[k]) and k + 1 < len(tokens):
            k += 1
            continue
        if _ends_inverted(tokens, k, start, pack):
            break
        end = tokens[k].end
        k += 1
    return k, end


def _ends_inverted(tokens: list[segment.Token], k: int, start: int, pack: LanguagePack) -> bool:
    """Whether the inverted subject stops before ``tokens[k]``: at a full stop, a dash, another
    cue, ``and``, or a comma that sets off no role."""
    value = tokens[k].value
    lowered = value.lower()
    if value in {".", "!", "?", ";", ":"} or value in pack.dashes or value == "(":
        return True
    if value == "," and _comma_ends_inverted(tokens, k, start, pack):
        return True
    return lowered in pack.say_forms and lowered != "told" and k > start or lowered in pack.inverted_subject_stops


def _comma_ends_inverted(tokens: list[segment.Token], k: int, start: int, pack: LanguagePack) -> bool:
    """A comma after an inverted subject ends it unless a role follows: ``said Lind, a captain``,
    ``said Ruiz, R-Ky.``; never before ``who``: ``says X, who …``."""
    after = tokens[k + 1].value if k + 1 < len(tokens) else ""
    role_like = after.islower() and not after.endswith("ing") and after not in pack.clause_words \
        and after not in pack.say_forms or after.lower() in pack.appositive_openers or pack.party_tag.match(after)
    return not role_like or k == start or after.lower() in pack.appositive_relatives


def clause_subject(article: Layout, participle: segment.Token) -> tuple[int, int] | None:
    """The subject a participle hangs on: that of a cue earlier in its sentence, or the one opening it.

    ``A top strategist said Clinton must choose, saying, "…"``: the strategist.
    """
    sentence = article.sentence_at(participle.start)
    if sentence is None:
        return None
    tokens = [t for t in sentence.tokens if t.start < participle.start and not article.quoted(t.start)]
    subordinate = _subordinate_end(tokens, article.pack)
    for k in range(len(tokens) - 1, subordinate, -1):
        lowered = tokens[k].value.lower()
        if lowered in article.pack.say_forms and not lowered.endswith("ing") and verb_case(tokens[k], k):
            subject = subject_before(article.text, tokens, k, article.pack)
            if subject is not None:
                return subject
    return main_subject(tokens, article.pack)


def _subordinate_end(tokens: list[segment.Token], pack: LanguagePack) -> int:
    """The comma closing a subordinate clause that opens the sentence (``When Ruiz asked about
    it, he declined, saying …``), 0 when none: a cue inside it is not the participle's clause,
    whose subject follows the comma."""
    first = next((t.value.lower() for t in tokens if t.value.lower() not in pack.leading_words), "")
    if first not in pack.opening_subordinators:
        return 0
    return next((n for n, t in enumerate(tokens) if t.value == ","), 0)


def main_subject(tokens: list[segment.Token], pack: LanguagePack) -> tuple[int, int] | None:
    """The subject opening a clause, or opening it after a comma-set adjunct (``A week later, …``)."""
    subject = opening_subject(tokens, pack)
    if subject is None:
        comma = next((n for n in range(min(10, len(tokens))) if tokens[n].value == ","), None)
        if comma is not None:
            subject = opening_subject(tokens[comma + 1:], pack)
    return subject
