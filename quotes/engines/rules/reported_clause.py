"""The clause one cue verb reports, and who reports it.

``X said (that) CLAUSE``, ``CLAUSE, X said``, ``X said A, adding that B``,
``CLAUSE, said X``: a cue verb outside quotation marks read with its subject
before or after it. :mod:`quotes.engines.rules.reported` finds the cue verbs
of a sentence and calls :func:`reported_at` for each.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import chain, islice
from dataclasses import dataclass

from quotes.engines.rules.content import end_of_clause, has_words, make_quote, skip_that, strip_content, trim_connective
from quotes.engines.rules.cue import Cue, read_tail
from quotes.engines.rules.layout import Layout
from quotes.engines.rules.subjects import looks_like_subject, main_subject, subject_after, subject_before
from quotes.engines.rules.tokens import lexical_cue, participle_cue
from quotes.extract import segment
from quotes.lang import LanguagePack
from quotes.model import INDIRECT, Attribution

# A colon, or a quotation of three words or more, inside what follows a cue.
_INTRODUCED = re.compile(r":|[\"\u201c\u2018\u00ab]\S+\s+\S+\s+\S+[^\"\u201d\u2019\u00bb]*[\"\u201d\u2019\u00bb]")
# How many words after a cue are searched for what makes them a clause (an auxiliary, ...).
_CLAUSE_MARKER_REACH = 12
# How far after a hearer (``told reporters travelling with Shanahan that``) ``that`` is looked for.
_HEARER_REACH = 8
# How far after a cue ``that`` is looked for past an adjunct (``insisted at a rally in Ohio that``).
_ADJUNCT_REACH = 9
# How far after a statement's participle ``that`` is looked for (``in a statement sent to … that``).
_PARTICIPLE_REACH = 16
# How far after ``called on`` or ``urged`` the infinitive of what is asked is looked for.
_ASK_REACH = 14
# How many words a hearer before ``of`` may have: ``informed (the) police of what had happened``
# (``confirmed the credit card information of several customers was compromised`` reports a clause).
_TOPIC_REACH = 2


@dataclass
class _Reading:
    """One cue verb of a sentence, read with its subject, for the clause it reports."""

    article: Layout
    sentence: segment.Sentence
    tokens: list[segment.Token]
    k: int  # the cue verb is tokens[k]
    cue: Cue
    rest: int  # the first token after the words that belong to the cue (told X, on Monday)
    clause_end: int

    @property
    def lowered(self) -> str:
        return self.tokens[self.k].value.lower()


def reported_at(article: Layout, sentence: segment.Sentence, tokens: list[segment.Token], k: int,
                next_cue: int | None) -> Attribution | list[Attribution] | None:
    """The quote the cue verb at ``tokens[k]`` reports, or its two parts around the cue
    (``The argument would be aided, Devine said, by the calendar``); ``next_cue`` is the
    next cue verb of the sentence, where a second statement may begin."""
    text, pack = article.text, article.pack
    lowered = tokens[k].value.lower()
    if not lexical_cue(lowered, tokens, k, pack) or _no_statement(text, tokens, k, pack):
        return None
    group = verb_group(tokens, k, pack) if k > 1 and tokens[k - 1].value.lower() == "to" else None
    if group is not None:
        subject = subject_before(text, tokens, group, pack)  # "tried to argue": the group's subject
        if subject is None:
            return None
    else:
        subject = _subject_at(text, tokens, k, pack)
    cue = Cue(tokens[k], subject)
    rest = read_tail(text, tokens, k + 1, cue, pack)
    reading = _Reading(article, sentence, tokens, k, cue, rest, end_of_clause(text, sentence))
    if subject is not None:
        return _reported_after_subject(reading, next_cue)
    if k > 0 and tokens[k - 1].value == ",":
        return _reported_before_inverted(reading)  # CLAUSE, said X.
    return None


def verb_group(tokens: list[segment.Token], k: int, pack: LanguagePack) -> int | None:
    """Where ``went on to say``, ``tried to argue``, ``managed to ask`` begins, the cue at ``tokens[k]``."""
    if k < 2 or tokens[k - 1].value.lower() != "to":
        return None
    verb = tokens[k - 2].value.lower()
    if verb == "on" and k > 2 and tokens[k - 3].value.lower() in pack.go_on_forms:
        return k - 3
    return k - 2 if verb in pack.group_verbs else None


def _no_statement(text: str, tokens: list[segment.Token], k: int, pack: LanguagePack) -> bool:
    """``called a meeting``, ``asked voters to give him another term``, ``a new group called
    Black Votes Matter``, ``called for calm``, ``asked that the county provide``, ``the
    candidate he calls "Mini Mike"``, ``called the Queen about Prince Philip``: a form of
    naming, phoning or asking that reports no statement."""
    lowered = tokens[k].value.lower()
    after = k + 2 if k + 2 < len(tokens) and tokens[k + 1].value.lower() == "the" else k + 1
    if lowered in pack.naming_forms and after < len(tokens) and \
            tokens[after].value.lower() in pack.not_speech_after_naming - pack.articles and \
            (after + 1 >= len(tokens) or not tokens[after + 1].value.isalpha()
             or tokens[after + 1].value.lower() in pack.adjunct_prepositions | pack.clause_conjunctions):
        return True  # "called the police while …", "called into the show": nothing said
        # ("called the police shootings a tragedy" names something: it goes on)
    if lowered in pack.naming_forms and k + 1 < len(tokens) and \
            tokens[k + 1].value.lower() in pack.not_speech_after_naming:
        return True
    if lowered in pack.request_forms and _request(tokens, k + 1, pack):
        return True  # "asked voters to give him another term": a request, not a statement
    if k + 1 < len(tokens) and tokens[k + 1].value.lower() in pack.preposition_object_forms.get(lowered, ()) \
            and not _asks_to(tokens, k + 2, pack) and not _INTRODUCED.search(text, tokens[k].end, tokens[-1].end):
        return True  # "called for calm" ("called on X to act", 'called for "boots on the ground"' ask something)
    if lowered in pack.that_request_forms and k + 1 < len(tokens) and tokens[k + 1].value.lower() == "that":
        return True  # "asked that the county provide the video": a request
    if lowered in pack.naming_forms and (_names_quotation(text, tokens, k, pack) or _calls_name(text, tokens, k, pack)):
        return True
    return lowered in pack.naming_forms and k > 1 and tokens[k - 1].value.islower() and any(
        t.value.lower() in pack.indefinite_articles for t in tokens[max(0, k - 4):k - 1])  # the name of a thing


def _names_quotation(text: str, tokens: list[segment.Token], k: int, pack: LanguagePack) -> bool:
    """``the candidate he calls "Mini Mike."``: a quotation right after the naming verb is the
    name given (a quoted statement has its object first: ``called Trump "unhinged"``, or an
    indefinite article: ``what Gilbert called "a perception problem"``)."""
    following = text[tokens[k].end:tokens[k].end + 12].lstrip()
    if not following or following[0] not in pack.quote_marks:
        return False
    first = following[1:].split()[:1]
    return not (first and first[0].lower() in pack.indefinite_articles)  # what Gilbert called "a perception problem"


def _calls_name(text: str, tokens: list[segment.Token], k: int, pack: LanguagePack) -> bool:
    """``called the Queen about Prince Philip``, ``called the Harris County Sheriff's Office
    asking questions``, ``called the Youth Accountability Team (YAT)``: a name after ``called``
    with nothing said of it (a preposition, a participle, a bracket or the clause's end after it)
    is someone phoned or something named. ``called Trump a liar`` and ``called Trump
    "unhinged"`` go on to say what."""
    n = k + 1
    if n < len(tokens) and tokens[n].value.lower() in pack.articles:
        n += 1
    first = n
    while n < len(tokens) and (tokens[n].value[:1].isupper() or tokens[n].value.lower() in pack.possessive_endings
                               or n > first and tokens[n].value in pack.hearer_name_joiners):
        n += 1
    if n == first or tokens[n - 1].value[:1].islower() and tokens[n - 1].value not in pack.possessive_endings:
        return False
    if text[tokens[n - 1].end:tokens[n - 1].end + 3].lstrip()[:1] in pack.quote_marks:
        return False  # 'called Clinton "crooked"'
    if n >= len(tokens):
        return True
    following = tokens[n].value.lower()
    return following in {".", "(", ";", "!", "?"} or following in pack.topic_prepositions \
        or following in pack.adjunct_only_prepositions or following.endswith("ing") and following.isalpha()


def _asks_to(tokens: list[segment.Token], i: int, pack: LanguagePack) -> bool:
    """``on Michigan Gov. Rick Snyder (R) to resign``: ``to`` before a verb within the clause."""
    for n in range(i, min(i + _ASK_REACH, len(tokens) - 1)):
        value = tokens[n].value.lower()
        if value in {".", ";", ":", "!", "?"}:
            return False
        if value == "to" and tokens[n + 1].value.isalpha() and tokens[n + 1].value.islower() \
                and tokens[n + 1].value.lower() not in _INFINITIVE_NOT_BEFORE:
            return True
    return False


def _request(tokens: list[segment.Token], i: int, pack: LanguagePack) -> bool:
    """``asked (the board | voters | him) to …``: an object, then an infinitive."""
    for n in range(i, min(i + 6, len(tokens))):
        value = tokens[n].value.lower()
        if value == "to":
            return n > i
        if not value.isalpha() or value in pack.question_words:
            return False
    return False


def _subject_at(text: str, tokens: list[segment.Token], k: int, pack: LanguagePack) -> tuple[int, int] | None:
    """The subject before the cue at ``tokens[k]``, or, after ``and``/``but``, the one opening
    the sentence: ``She identified herself ... and said ...``."""
    subject = subject_before(text, tokens, k, pack)
    conjunctions = pack.clause_conjunctions
    if subject is None and k > 1 and (tokens[k - 1].value.lower() in conjunctions or
                                      tokens[k - 2].value.lower() in conjunctions
                                      and tokens[k - 1].value.lower() in pack.cue_adverbs):
        subject = main_subject(tokens[:k], pack)
    return subject


def _reported_after_subject(r: _Reading, next_cue: int | None) -> Attribution | list[Attribution] | None:
    """``X said (that) CLAUSE`` or ``CLAUSE, X said``: the cue has its subject before it."""
    text, pack, tokens = r.article.text, r.article.pack, r.tokens
    before = _content_before_subject(text, r.sentence, tokens, r.cue.subject)
    if before is not None:
        around = _content_around_subject(r, before)
        if around is not None:
            return around
    if r.lowered in pack.bare_add_forms and next(_words_to(tokens, r.rest, r.clause_end), None) is None:
        return None
    if _adjunct_cue(r):
        return None
    opened = _content_start(r)
    if opened is None:
        return None
    rest, start = opened
    if r.lowered in pack.noun_first_forms and not any(t.value.lower() == "that" for t in tokens[r.k + 1:rest + 1]):
        return None  # "Wisconsin state Rep. David Bowen", "Western states": a noun
    end = _content_end(r, start, next_cue)
    c_start, c_end = strip_content(text, start, end)
    if not has_words(text, c_start, c_end, 2 if r.article.quoted(c_end - 1) else 3):
        return None  # 'called Trump "unhinged."': two words are enough when one is quoted
    if _noun_object_only(r, rest, c_start, c_end):
        return None
    return make_quote(text, INDIRECT, c_start, c_end, r.cue, pack, cut=False)


_INFINITIVE_NOT_BEFORE = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this"})


def noun_object_only(article: Layout, sentence: segment.Sentence, tokens: list[segment.Token], k: int, cue: Cue,
                     rest: int, c_start: int, c_end: int) -> bool:
    """:func:`_noun_object_only` for a participle's cue: ``recalling the events``, ``advising a lockdown``."""
    return _noun_object_only(_Reading(article, sentence, tokens, k, cue, rest, c_end), rest, c_start, c_end)


def _noun_object_only(r: _Reading, rest: int, c_start: int, c_end: int) -> bool:
    """``declared a state of emergency``, ``added a week``, ``wrote a memoir``: a cue verb of
    ``NOUN_OBJECT_LEMMAS`` with only a noun phrase after it and no ``that``: no statement. What
    reads as a clause stays: an auxiliary, a modal, a subject pronoun or a past tense among the
    first words, ``to`` before a verb right after the object (``advised the board to act``, not
    ``declared a last push to retake``) or a question word; so does a quotation a colon
    introduces or one of three words or more. A shorter one is a scare quote: ``declared a
    cross-border "caliphate"``. The object ends at a comma before a new clause (``concluded the
    debate, Berg proposed``), a topic after the hearer (``informed police of what had
    happened``), an adjunct clause (``revealed her fears to her brother as they walked``) or a
    second verb of the subject (``declared a bid and then persuaded``); a verb that asks
    (``urged``) reports an infinitive anywhere after its object."""
    pack, tokens = r.article.pack, r.tokens
    if r.lowered not in pack.noun_object_forms:
        return False
    if any(t.value.lower() in pack.clause_introducers for t in tokens[r.k + 1:rest + 1]):
        return False
    if _INTRODUCED.search(r.article.text, c_start, c_end):
        return False  # 'added a caveat: "…"', 'emailed a link with one line: "…"', a quotation of 3 words
    words = list(islice(_words_to(tokens, rest, c_end), _CLAUSE_MARKER_REACH))
    if not words or words[0].value.lower() in pack.question_words:
        return False
    for n, token in enumerate(words):
        value = token.value.lower()
        if value == "that":
            return False  # "informed my husband that …"
        if 0 < n <= _TOPIC_REACH and value in pack.topic_prepositions and r.lowered in pack.hearer_object_forms:
            return True  # "informed police of what had happened" ("posted a cache of cables" goes on)
        if n > 0 and value == "," and n + 1 < len(words) and (words[n + 1].value[:1].isupper() or
                                                              words[n + 1].value.lower() in pack.subject_pronouns
                                                              or words[n + 1].value.lower() in pack.clause_conjunctions):
            return True  # "concluded the debate, Deonarine proposed …", 'declared a "caliphate" in 2014, but …':
            # a new clause ("confirmed X, which …" goes on)
        if r.lowered in pack.request_object_forms and value == "to" and n + 1 < len(words) and \
                words[n + 1].value.isalpha() and words[n + 1].value.islower() and \
                words[n + 1].value.lower() not in _INFINITIVE_NOT_BEFORE:
            return False  # "urged the Vermont senator to apologize"
        if n > 0 and value in pack.adverbial_openers and n + 1 < len(words) and \
                words[n + 1].value.lower() in pack.subject_pronouns | pack.determiners:
            return True  # "revealed her thoughts to her husband as they sat …": an adjunct clause ("as president" goes on)
        if n > 0 and value == "and" and n + 1 < len(words) and (
                words[n + 1].value.lower() == "then" or words[n + 1].value.lower().endswith("ed")):
            return True  # "announced a resignation and then persuaded …": a second verb of the subject
        if value in pack.clause_markers or value.endswith("n't"):
            return False
        if n > 0 and value.endswith("ed") and len(value) > 4 and token.value.islower() and words[n - 1].value.isalpha() and \
                words[n - 1].value.lower() not in _INFINITIVE_NOT_BEFORE and \
                r.article.text[words[n - 1].end:token.start] != "-":  # not "so-called"
            return False  # "confirmed a cyber attack led to …": a clause without "that"
        if value == "to" and n <= 2 and n + 1 < len(words) and words[n + 1].value.isalpha() and \
                words[n + 1].value.islower() and words[n + 1].value not in _INFINITIVE_NOT_BEFORE:
            return False
    return True


def _adjunct_cue(r: _Reading) -> bool:
    """``about five hours before Meadows announced — Bennett posted photos``: a cue whose subject
    follows a subordinating word, with a dash or comma right after it, ends an adjunct clause."""
    pack, tokens = r.article.pack, r.tokens
    if r.rest >= len(tokens) or not (tokens[r.rest].value in pack.dashes or tokens[r.rest].value == ","):
        return False
    first = bisect_right(tokens, r.cue.subject[0], key=lambda t: t.start) - 1
    return first > 0 and tokens[first - 1].value.lower() in pack.subordinators


def _content_around_subject(r: _Reading, before: tuple[int, int]) -> Attribution | list[Attribution] | None:
    """``CLAUSE, X said.``: the clause before the subject when nothing is reported after the
    cue; ``A, X said, B``: both parts of one statement around its cue."""
    text, pack = r.article.text, r.article.pack
    if _no_clause_after(_words_to(r.tokens, r.rest, r.clause_end), pack) or \
            _no_clause_after(_words_to(r.tokens, r.k + 1, r.clause_end), pack):
        return make_quote(text, INDIRECT, *before, r.cue, pack, cut=False)  # CLAUSE, X said.
    first = next(_words_to(r.tokens, r.rest, r.clause_end), None)
    if first is not None and first.value == ",":
        # "The argument would be aided, Devine said, by the calendar": one statement around its cue
        after = strip_content(text, first.end, r.clause_end)
        if has_words(text, *after, 2):
            return [make_quote(text, INDIRECT, *before, r.cue, pack, cut=False),
                    make_quote(text, INDIRECT, *after, r.cue, pack, cut=False)]
    return None


def _content_start(r: _Reading) -> tuple[int, int] | None:
    """Where the reported clause starts (with the index of its first token), past the hearer,
    ``that`` and an adjunct before ``that``; ``None`` when what follows reports nothing
    (``reported from Los Angeles``)."""
    text, pack, tokens, rest = r.article.text, r.article.pack, r.tokens, r.rest
    start = r.cue.after
    if r.lowered in pack.hearer_forms:  # "told reporters travelling with Shanahan that …"
        that = next((n for n in range(rest, min(rest + _HEARER_REACH, len(tokens))) if tokens[n].value == "that"), None)
        if that is not None:
            rest, start = that, tokens[that].start
    if rest < len(tokens) and tokens[rest].value.lower() in pack.statement_participles and rest > r.k + 1 \
            and tokens[rest - 1].value.lower() in pack.media_words:
        # "confirmed in a statement sent to both media and posted online that …": the clause is after "that"
        that = next((n for n in range(rest, min(rest + _PARTICIPLE_REACH, len(tokens)))
                     if tokens[n].value.lower() == "that" or tokens[n].value in {",", ";", ":"}), None)
        if that is not None and tokens[that].value == "that":
            rest, start = that, tokens[that].start
    start = skip_that(text, tokens, rest, start, pack)
    opening = re.match(r"\s*(\w*)", text[start:start + 20]).group(1).lower()
    that = next((n for n in range(rest, min(rest + _ADJUNCT_REACH, len(tokens)))
                 if tokens[n].value.lower() == "that"), None)
    if opening in pack.adjunct_prepositions and that is not None and \
            not any(t.value in {",", ";"} for t in tokens[rest:that]):
        start = skip_that(text, tokens, that, tokens[that].start, pack)  # "insisted at a rally in Ohio that …"
    elif opening in pack.not_a_clause:
        return None  # "reported from Los Angeles": nothing reported
    return rest, start


def _content_end(r: _Reading, start: int, next_cue: int | None) -> int:
    """Where the reported clause ends: the sentence's end, or where a second statement begins
    (``X said A, adding that B``, ``X tweeted A and said B``, ``A said X and B said Y``)."""
    text, pack, tokens = r.article.text, r.article.pack, r.tokens
    end = r.clause_end
    if next_cue is None or tokens[next_cue].start < start:
        return end  # "confirmed in a statement sent to both papers and posted online that …": before the clause
    if tokens[next_cue - 1].value.lower() in pack.negations:
        return end  # "saying he could not comment further on the case": no second statement
    if participle_cue(tokens, next_cue, pack) or tokens[next_cue - 1].value.lower() in pack.clause_conjunctions:
        return min(end, trim_connective(text, start, tokens[next_cue - 1].start, pack))
    following = subject_before(text, tokens, next_cue, pack)
    if following is not None and following[0] > start and _new_subject(text[following[0]:following[1]].split(), pack):
        trimmed = trim_connective(text, start, following[0], pack)
        if trimmed < following[0] - 1:  # "A said X and B said Y": two attributions
            return min(end, trimmed)
    # "He said A, and when asked whether B, he said …": the first statement ends at the comma
    # before the clause that holds the next cue ("liked the way she responded" is no new subject).
    joint = next((n for n in range(next_cue - 1, r.k, -1) if tokens[n].start >= start and (
        tokens[n].value == ";" or tokens[n].value == "," and n + 1 < next_cue
        and tokens[n + 1].value.lower() in pack.clause_conjunctions)), None)
    if joint is not None and has_words(text, start, tokens[joint].start, 3):
        end = min(end, tokens[joint].start)
    return end


def _new_subject(words: list[str], pack: LanguagePack) -> bool:
    """Whether the subject found before a later cue opens a clause of its own: a name, a pronoun,
    a noun phrase (``liked the way she`` ends a verb phrase of the clause before)."""
    first = words[0].lower() if words else ""
    return looks_like_subject(words, pack) and (words[0][:1].isupper() or first in pack.pronouns or first in
                                                 pack.noun_phrase_openers or first in pack.number_words)


def _reported_before_inverted(r: _Reading) -> Attribution | None:
    """``CLAUSE, said X.``: the subject after the cue, the clause before the comma."""
    text, pack, tokens, k = r.article.text, r.article.pack, r.tokens, r.k
    inverted = _inverted_speaker(text, tokens, k, pack)
    if inverted is None or not _speaker_ends_clause(text, inverted, r.clause_end, pack):
        return None
    r.cue.subject = inverted
    content = strip_content(text, r.sentence.start, tokens[k - 1].start)
    if not has_words(text, *content, 3):
        return None
    return make_quote(text, INDIRECT, *content, r.cue, pack, cut=False)


def _inverted_speaker(text: str, tokens: list[segment.Token], k: int, pack: LanguagePack) -> tuple[int, int] | None:
    """The subject after the cue at ``tokens[k]``, up to any relative clause in it: ``said Ana
    Ruiz, head of a union that has broken away`` gives Ana Ruiz, head of a union."""
    inverted = subject_after(text, tokens, k + 1, pack)
    relative = pack.relative_word.search(text[inverted[0]:inverted[1]]) if inverted else None
    if relative:
        inverted = (inverted[0], inverted[0] + len(text[inverted[0]:inverted[0] + relative.start()].rstrip(" ,")))
    return inverted


def _speaker_ends_clause(text: str, inverted: tuple[int, int], clause_end: int, pack: LanguagePack) -> bool:
    """Whether the inverted subject is a speaker that ends its clause (or a relative clause
    follows it: ``says Ana Ruiz, who chairs …``), not a reported clause (``…, said he had made
    150 calls``)."""
    words = text[inverted[0]:inverted[1]]
    if not looks_like_subject(words.split(), pack) or any(w in pack.finite_auxiliaries for w in words.lower().split()):
        return False
    rest_of_clause = text[inverted[1]:clause_end]
    return not (inverted[1] < clause_end - 2 and rest_of_clause.strip(" .,!?")
                and not pack.relative_clause_start.match(rest_of_clause))


def _words_to(tokens: list[segment.Token], i: int, end: int) -> Iterator[segment.Token]:
    """``tokens[i:]`` up to ``end``, one at a time: the readers of a cue's tail look at its first
    few words, and copying the rest of a long sentence once a cue made it quadratic (a
    sentence's tokens are in order, so the first past ``end`` ends the tail)."""
    for n in range(i, len(tokens)):
        if tokens[n].end > end:
            return
        yield tokens[n]


def _no_clause_after(tail: Iterator[segment.Token], pack: LanguagePack) -> bool:
    """Nothing reported after a cue: ``said.``, ``said in a video message to the convention``,
    ``said, adding that …`` (the participle reports a statement of its own)."""
    words = (t for t in tail if t.value not in {".", "!", "?"})
    first, second = next(words, None), next(words, None)
    if second is None or first.value == "," and second.value.lower().endswith("ing"):
        return True
    return first.value.lower() in pack.adjunct_only_prepositions and not any(
        t.value.lower() == "that" or t.value.lower() in pack.say_forms for t in chain((first, second), words))


def _content_before_subject(text, sentence, tokens, subject) -> tuple[int, int] | None:
    """``CLAUSE, SUBJECT said``: the clause before the comma in front of the subject."""
    before = bisect_right(tokens, subject[0], key=lambda t: t.end)  # tokens[:before] end by it
    if before < 4 or tokens[before - 1].value not in {",", "\u2014"}:
        return None
    c_start, c_end = strip_content(text, sentence.start, tokens[before - 1].start)
    return (c_start, c_end) if has_words(text, c_start, c_end, 3) else None
