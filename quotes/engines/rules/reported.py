"""Reported speech: each cue verb outside quotation marks, read with its subject
before it (``X said (that) CLAUSE``, ``CLAUSE, X said``) or after it
(``CLAUSE, said X``); a quotation inside the clause makes the quote mixed.
"""
from __future__ import annotations

import re

from quotes.engines.rules.content import end_of_clause, make_quote, skip_that, strip_content, trim_connective
from quotes.engines.rules.cue import Cue, read_tail
from quotes.engines.rules.layout import Layout, Spans
from quotes.engines.rules.nouns import according_to, noun_cues
from quotes.engines.rules.subjects import clause_subject, looks_like_subject, main_subject, subject_after, subject_before
from quotes.engines.rules.tokens import lexical_cue, participle_cue, verb_case
from quotes.extract import segment
from quotes.lang import LanguagePack
from quotes.model import INDIRECT, MIXED, Attribution


def reported(article: Layout, used: set[int], quotes: list[Attribution]) -> list[Attribution]:
    """Indirect (and mixed) quotes, sentence by sentence."""
    found = []
    text = article.text
    taken = Spans((q.start, q.end) for q in quotes)
    for sentence in article.sentences:
        for quote in _reported_in_sentence(article, sentence, used, quotes):
            if taken.overlaps(quote.start, quote.end):
                continue
            if article.in_quotation(quote.start, quote.end):
                continue  # reported speech inside someone's quotation
            close = article.closing_after(quote.start, quote.end)
            if close is not None and text[quote.end:close].strip(" .!?,;"):  # 'said the tone "was set early. And it stayed."': the quotation runs on
                quote.end, quote.text = close + 1, text[quote.start:close + 1]
            if any(len(text[m.open + 1:m.close].split()) >= 3
                   for m in article.marks_within(quote.start, quote.end + 1)):
                quote.kind = MIXED  # a quoted phrase; a quoted word or two is a scare quote
            found.append(quote)
            taken.add(quote.start, quote.end)
    return found


def _reported_in_sentence(article: Layout, sentence: segment.Sentence, used: set[int],
                          earlier: list[Attribution]) -> list[Attribution]:
    tokens = article.unquoted(sentence)
    if not tokens:
        return []
    pack = article.pack
    found: list[Attribution] = []
    according = according_to(article, sentence, tokens)
    if according:
        found.append(according)
    found.extend(noun_cues(article, sentence, tokens))
    cues = []
    for k, token in enumerate(tokens):
        lowered = token.value.lower()
        if lowered not in pack.say_forms or not verb_case(token, k):
            continue
        if token.start in used:  # the cue of a quotation; a clause before it still ends there
            if participle_cue(tokens, k, pack) or k > 1 and tokens[k - 1].value.lower() in pack.clause_conjunctions:
                cues.append(k)
            continue
        previous = tokens[k - 1].value.lower() if k else ""
        progressive = lowered.endswith("ing") and previous in pack.progressive_auxiliaries
        if lowered.endswith("ing") and not progressive and not participle_cue(tokens, k, pack):
            continue  # "the saying goes", "a warning"
        if previous == "to" and _verb_group(tokens, k, pack) is not None:
            cues.append(k)  # "went on to say", "tried to argue": the group's subject says it
            continue
        if not progressive and previous in pack.not_a_verb_after:
            continue  # "is said to", "was told", "the claim"
        cues.append(k)
    for n, k in enumerate(cues):
        following = cues[n + 1] if n + 1 < len(cues) else None
        if tokens[k].start in used:
            continue
        if participle_cue(tokens, k, pack):
            quote = _participle_at(article, sentence, tokens, k, following, found + earlier)
        else:
            quote = _reported_at(article, sentence, tokens, k, following)
        if isinstance(quote, list):
            found.extend(quote)  # the two parts of a statement around its cue
        elif quote is not None:
            found.append(quote)
    return found


def _participle_at(article: Layout, sentence: segment.Sentence, tokens: list[segment.Token], k: int,
                   next_cue: int | None, earlier: list[Attribution]) -> Attribution | None:
    """``Ryan backed the bill, saying (that) CLAUSE``: the participle's subject is its clause's.

    That is the speaker of a quote earlier in the sentence (``"…," Ryan said,
    adding that …``) or else the subject opening the sentence.
    """
    text, pack = article.text, article.pack
    before = [q for q in earlier if q.speaker is not None and q.cue_start is not None
              and sentence.start <= q.cue_start < tokens[k].start]
    if before:
        speaker = max(before, key=lambda q: q.cue_start).speaker
        subject = speaker.start, speaker.end
    else:
        subject = clause_subject(article, tokens[k])
    if subject is None:
        return None
    cue = Cue(tokens[k], subject)
    rest = read_tail(text, tokens, k + 1, cue, pack)
    if tokens[k].value.lower() in pack.add_to_forms and rest < len(tokens) and tokens[rest].value == "to":
        return None  # "adding to her lead": no reported clause
    start = skip_that(text, tokens, rest, cue.after, pack)
    end = end_of_clause(text, sentence)
    if next_cue is not None:
        end = min(end, trim_connective(text, start, tokens[next_cue].start, pack))
    c_start, c_end = strip_content(text, start, end)
    if len(text[c_start:c_end].split()) < 3:
        return None
    return make_quote(text, INDIRECT, c_start, c_end, cue, pack)


def _reported_at(article: Layout, sentence: segment.Sentence, tokens: list[segment.Token], k: int,
                 next_cue: int | None) -> Attribution | list[Attribution] | None:
    text, pack = article.text, article.pack
    token = tokens[k]
    lowered = token.value.lower()
    clause_end = end_of_clause(text, sentence)
    subject = subject_before(text, tokens, k, pack)
    if subject is None and k > 1 and (tokens[k - 1].value.lower() in pack.clause_conjunctions or
                                      tokens[k - 2].value.lower() in pack.clause_conjunctions
                                      and tokens[k - 1].value.lower() in pack.cue_adverbs):
        subject = main_subject(tokens[:k], pack)  # "She identified herself ... and said ..."
    if not lexical_cue(lowered, tokens, k, pack):
        return None
    if lowered in pack.naming_forms and k + 1 < len(tokens) and \
            tokens[k + 1].value.lower() in pack.not_speech_after_naming:
        return None  # "called a meeting", "called off the vote": no one named, nothing said
    if lowered in pack.request_forms and _request(tokens, k + 1, pack):
        return None  # "asked voters to give him another term": a request, not a statement
    if lowered in pack.naming_forms and k > 1 and tokens[k - 1].value.islower() and any(
            t.value.lower() in pack.indefinite_articles for t in tokens[max(0, k - 4):k - 1]):
        return None  # "a new group called Black Votes Matter": the name of a thing, no speaker
    group = _verb_group(tokens, k, pack) if k > 1 and tokens[k - 1].value.lower() == "to" else None
    if group is not None:
        subject = subject_before(text, tokens, group, pack)
        if subject is None:
            return None
    cue = Cue(token, subject)
    rest = read_tail(text, tokens, k + 1, cue, pack)
    tail_words = [t for t in tokens[rest:] if t.end <= clause_end]
    if subject is not None:
        before = _content_before_subject(text, sentence, tokens, subject)
        if before is not None and (_no_clause_after(tail_words, pack) or
                                   _no_clause_after([t for t in tokens[k + 1:] if t.end <= clause_end], pack)):
            return make_quote(text, INDIRECT, *before, cue, pack)  # CLAUSE, X said.
        if before is not None and tail_words and tail_words[0].value == ",":
            # "The argument would be aided, Devine said, by the calendar": one statement around its cue
            after = strip_content(text, tail_words[0].end, clause_end)
            if len(text[after[0]:after[1]].split()) >= 2:
                return [make_quote(text, INDIRECT, *before, cue, pack), make_quote(text, INDIRECT, *after, cue, pack)]
        if lowered in pack.bare_add_forms and not tail_words:
            return None
        start = cue.after
        if lowered in pack.hearer_forms:  # "told reporters travelling with Shanahan that …"
            that = next((n for n in range(rest, min(rest + 8, len(tokens))) if tokens[n].value == "that"), None)
            if that is not None:
                rest, start = that, tokens[that].start
        start = skip_that(text, tokens, rest, start, pack)
        opening = re.match(r"\s*(\w*)", text[start:start + 20]).group(1).lower()
        that = next((n for n in range(rest, min(rest + 9, len(tokens))) if tokens[n].value.lower() == "that"), None)
        if opening in pack.adjunct_prepositions and that is not None and \
                not any(t.value in {",", ";"} for t in tokens[rest:that]):
            start = skip_that(text, tokens, that, tokens[that].start, pack)  # "insisted at a rally in Ohio that …"
        elif opening in pack.not_a_clause:
            return None  # "reported from Los Angeles": nothing reported
        if lowered in pack.noun_first_forms and not any(t.value.lower() == "that" for t in tokens[k + 1:rest + 1]):
            return None  # "Wisconsin state Rep. David Bowen", "Western states": a noun
        end = clause_end
        if next_cue is not None and (participle_cue(tokens, next_cue, pack)
                                     or tokens[next_cue - 1].value.lower() in pack.clause_conjunctions):
            # "X said A, adding that B", "X tweeted A and said B": B is a second quote
            end = min(end, trim_connective(text, start, tokens[next_cue - 1].start, pack))
        elif next_cue is not None:
            following = subject_before(text, tokens, next_cue, pack)
            if following is not None and following[0] > start:
                trimmed = trim_connective(text, start, following[0], pack)
                if trimmed < following[0] - 1:  # "A said X and B said Y": two attributions
                    end = min(end, trimmed)
        c_start, c_end = strip_content(text, start, end)
        if len(text[c_start:c_end].split()) < (2 if article.quoted(c_end - 1) else 3):
            return None  # 'called Trump "unhinged."': two words are enough when one is quoted
        return make_quote(text, INDIRECT, c_start, c_end, cue, pack)
    # CLAUSE, said X.
    if k > 0 and tokens[k - 1].value == ",":
        inverted = subject_after(text, tokens, k + 1, pack)
        relative = pack.relative_word.search(text[inverted[0]:inverted[1]]) if inverted else None
        if relative:  # "said Ana Ruiz, head of a union that has broken away": the speaker ends before it
            inverted = (inverted[0], inverted[0] + len(text[inverted[0]:inverted[0] + relative.start()].rstrip(" ,")))
        if inverted is not None and (not looks_like_subject(text[inverted[0]:inverted[1]].split(), pack) or
                                     any(w in pack.finite_auxiliaries
                                         for w in text[inverted[0]:inverted[1]].lower().split())):
            return None  # "…, said he had made 150 calls": a reported clause, not an inverted subject
        rest_of_clause = text[inverted[1]:clause_end] if inverted else ""
        if inverted is None or inverted[1] < clause_end - 2 and rest_of_clause.strip(" .,!?") \
                and not pack.relative_clause_start.match(rest_of_clause):  # "says Ana Ruiz, who chairs …"
            return None
        cue.subject = inverted
        content = strip_content(text, sentence.start, tokens[k - 1].start)
        if len(text[content[0]:content[1]].split()) < 3:
            return None
        return make_quote(text, INDIRECT, *content, cue, pack)
    return None


def _verb_group(tokens: list[segment.Token], k: int, pack: LanguagePack) -> int | None:
    """Where ``went on to say``, ``tried to argue``, ``managed to ask`` begins, the cue at ``tokens[k]``."""
    if k < 2 or tokens[k - 1].value.lower() != "to":
        return None
    verb = tokens[k - 2].value.lower()
    if verb == "on" and k > 2 and tokens[k - 3].value.lower() in pack.go_on_forms:
        return k - 3
    return k - 2 if verb in pack.group_verbs else None






def _request(tokens: list[segment.Token], i: int, pack: LanguagePack) -> bool:
    """``asked (the board | voters | him) to …``: an object, then an infinitive."""
    for n in range(i, min(i + 6, len(tokens))):
        value = tokens[n].value.lower()
        if value == "to":
            return n > i
        if not value.isalpha() or value in pack.question_words:
            return False
    return False


def _no_clause_after(tail: list[segment.Token], pack: LanguagePack) -> bool:
    """Nothing reported after a cue: ``said.``, ``said in a video message to the convention``,
    ``said, adding that …`` (the participle reports a statement of its own)."""
    words = [t for t in tail if t.value not in {".", "!", "?"}]
    if len(words) <= 1 or words[0].value == "," and words[1].value.lower().endswith("ing"):
        return True
    return words[0].value.lower() in pack.adjunct_only_prepositions and \
        not any(t.value.lower() == "that" or t.value.lower() in pack.say_forms for t in words)


def _content_before_subject(text, sentence, tokens, subject) -> tuple[int, int] | None:
    """``CLAUSE, SUBJECT said``: the clause before the comma in front of the subject."""
    before = [t for t in tokens if t.end <= subject[0]]
    if len(before) < 4 or before[-1].value not in {",", "\u2014"}:
        return None
    c_start, c_end = strip_content(text, sentence.start, before[-1].start)
    return (c_start, c_end) if len(text[c_start:c_end].split()) >= 3 else None
