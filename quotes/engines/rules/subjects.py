"""The speaker of a cue: the subject phrase before it, the inverted one after it,
or the subject of the clause a participle hangs on.
"""
from __future__ import annotations

from quotes.engines.rules.appositives import appositive_start
from quotes.engines.rules.layout import Layout
from quotes.engines.rules.opening import opening_subject
from quotes.engines.rules.tokens import MAX_SUBJECT, PARTY_TAG, abbreviation, is_time, joins_names, time_length, verb_case, word_count
from quotes.extract import segment
from quotes.lang import LanguagePack


def subject_before(text: str, tokens: list[segment.Token], k: int, pack: LanguagePack) -> tuple[int, int] | None:
    """The subject phrase ending right before the cue at ``tokens[k]``.

    Walks back over adverbs and time phrases (``also``, ``on Monday``), then
    over the noun phrase, keeping appositives (``Bali, the SDF spokesman,``,
    ``Marta Kovač, who chairs the chamber,``) whole.
    """
    j = k - 1
    while j >= 0 and (tokens[j].value.lower() in pack.cue_adverbs or is_time(tokens, j, pack)):
        j -= time_length(tokens, j, pack) or 1
    if j < 0:
        return None
    if tokens[j].value.lower() == "who" and j > 0:
        # "Mr. Kamin, who emphasized that …": the speaker is the noun phrase "who" stands for.
        before = tokens[:j - 1] if tokens[j - 1].value == "," else tokens[:j]
        return subject_before(text, before + [tokens[j]], len(before), pack) if before else None
    if tokens[j].value == "," and j > 0 and tokens[j - 1].value == ")":
        j -= 1  # "Gov. John Kasich (R-OH), said": the comma closes the party tag, not an appositive
    end = tokens[j].end
    if tokens[j].value == ",":
        appositive = appositive_start(tokens, j, pack)
        if appositive is None:
            return None
        return appositive, tokens[j - 1].end
    i = j
    while i >= 0 and word_count(tokens[i:j + 1]) < MAX_SUBJECT:
        value = tokens[i].value
        lowered = value.lower()
        if value == "." and i > 0 and abbreviation(tokens[i - 1], tokens[i]):
            i -= 1
            continue
        if value == ")":  # "Rep. Jason Chaffetz (R-Utah) said"
            opening = next((n for n in range(i - 1, max(-1, i - 8), -1) if tokens[n].value == "("), None)
            if opening is not None and opening > 0:
                i = opening - 1
                continue
        if lowered == "and" and joins_names(tokens, i, pack):
            i -= 1  # "Cummings and Conyers wrote"
            continue
        if value in {",", ";", ":", "(", ")", ".", "!", "?"} | pack.quote_marks | pack.dashes \
                or lowered in pack.clause_words or lowered in pack.say_forms and i != j:
            break
        i -= 1
    start_index = i + 1
    while start_index <= j and tokens[start_index].value.lower() in pack.leading_words:
        start_index += 1
    if start_index > j:
        return None
    if word_count(tokens[start_index:j + 1]) >= MAX_SUBJECT:
        return None
    phrase = [t.value for t in tokens[start_index:j + 1]]
    if not looks_like_subject(phrase, pack):
        return None
    return tokens[start_index].start, end


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
    return lowered[0] not in pack.subject_breaking_prepositions  # "without reporters"


def subject_after(text: str, tokens: list[segment.Token], i: int, pack: LanguagePack) -> tuple[int, int] | None:
    """The inverted subject after a cue: ``said Tomas Lind, a trawler captain.``"""
    k = i
    while k < len(tokens) and (is_time(tokens, k, pack)):
        k += time_length(tokens, k, pack) or 1
    start = k
    end = None
    while k < len(tokens) and k - start < 40:
        value = tokens[k].value
        if value == "." and k > start and abbreviation(tokens[k - 1], tokens[k]) and k + 1 < len(tokens):
            k += 1
            continue
        if value in {".", "!", "?", ";", ":"} or value in pack.dashes or value == "(":
            break
        if value == ",":
            after = tokens[k + 1].value if k + 1 < len(tokens) else ""
            role_like = after.islower() and not after.endswith("ing") and after not in pack.clause_words \
                and after not in pack.say_forms or after.lower() in pack.appositive_openers or PARTY_TAG.match(after)
            if not role_like or k == start or after.lower() in pack.appositive_relatives:  # says X, who …
                break
        if value.lower() in pack.say_forms and value.lower() != "told" and k > start or value.lower() in pack.inverted_subject_stops:
            break
        end = tokens[k].end
        k += 1
    if end is None:
        return None
    words = [t.value for t in tokens[start:k]]
    if words[0].lower() in pack.not_alone_subjects and len(words) == 1:
        return None
    if words[0].lower() in pack.not_subject_openers:
        return None
    return tokens[start].start, end


def clause_subject(article: Layout, participle: segment.Token) -> tuple[int, int] | None:
    """The subject a participle hangs on: that of a cue earlier in its sentence, or the one opening it.

    ``A top strategist said Clinton must choose, saying, "…"``: the strategist.
    """
    sentence = article.sentence_at(participle.start)
    if sentence is None:
        return None
    tokens = [t for t in sentence.tokens if t.start < participle.start and not article.quoted(t.start)]
    for k in range(len(tokens) - 1, 0, -1):
        lowered = tokens[k].value.lower()
        if lowered in article.pack.say_forms and not lowered.endswith("ing") and verb_case(tokens[k], k):
            subject = subject_before(article.text, tokens, k, article.pack)
            if subject is not None:
                return subject
    return main_subject(tokens, article.pack)


def main_subject(tokens: list[segment.Token], pack: LanguagePack) -> tuple[int, int] | None:
    """The subject opening a clause, or opening it after a comma-set adjunct (``A week later, …``)."""
    subject = opening_subject(tokens, pack)
    if subject is None:
        comma = next((n for n in range(min(10, len(tokens))) if tokens[n].value == ","), None)
        if comma is not None:
            subject = opening_subject(tokens[comma + 1:], pack)
    return subject
