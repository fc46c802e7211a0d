"""Reported speech: each cue verb outside quotation marks, read with its subject
before it (``X said (that) CLAUSE``, ``CLAUSE, X said``) or after it
(``CLAUSE, said X``); a quotation inside the clause makes the quote mixed.
"""
from __future__ import annotations

from bisect import bisect_left

from quotes.engines.rules.content import end_of_clause, has_words, make_quote, skip_that, strip_content, trim_connective
from quotes.engines.rules.cue import Cue, read_tail
from quotes.engines.rules.layout import Layout, Spans
from quotes.engines.rules.nouns import according_to, noun_cues
from quotes.engines.rules.reported_clause import noun_object_only, reported_at, verb_group
from quotes.engines.rules.subjects import clause_subject
from quotes.engines.rules.tokens import participle_cue, verb_case
from quotes.extract import segment
from quotes.lang import LanguagePack
from quotes.model import INDIRECT, MIXED, Attribution


def reported(article: Layout, used: set[int], quotes: list[Attribution]) -> list[Attribution]:
    """Indirect (and mixed) quotes, sentence by sentence; each quote's text is cut here, once
    it is kept (the readers leave it empty: see :func:`make_quote`)."""
    found = []
    text = article.text
    taken = _Taken((q.start, q.end) for q in quotes)
    cued = _ByCue(quotes)
    for sentence in article.sentences:
        for quote in _reported_in_sentence(article, sentence, used, cued.within(sentence)):
            if taken.overlaps(quote.start, quote.end) and not _cut_before(text, quote, taken, article.pack):
                continue
            if article.in_quotation(quote.start, quote.end):
                continue  # reported speech inside someone's quotation
            close = article.closing_after(quote.start, quote.end)
            if close is not None and text[quote.end:close].strip(" .!?,;"):  # 'said the tone "was set early. And it stayed."': the quotation runs on
                quote.end, quote.text = close + 1, text[quote.start:close + 1]
            quote.text = text[quote.start:quote.end]
            if any(has_words(text, m.open + 1, m.close, 3)
                   for m in article.marks_within(quote.start, quote.end + 1)):
                quote.kind = MIXED  # a quoted phrase; a quoted word or two is a scare quote
            found.append(quote)
            taken.add(quote.start, quote.end)
    return found


class _Taken(Spans):
    """The spans of the quotes kept so far, and where the first of them after a point begins."""

    def first_after(self, start: int, end: int) -> int | None:
        """Where the first span starting inside ``(start, end)`` begins; ``None`` when one
        holds ``start`` itself or none starts there."""
        i = bisect_left(self._spans, (start - self._longest,))
        first = None
        while i < len(self._spans) and self._spans[i][0] < end:
            s, e = self._spans[i]
            if s <= start < e:
                return None
            if s > start and (first is None or s < first):
                first = s
            i += 1
        return first


def _cut_before(text: str, quote: Attribution, taken: _Taken, pack: LanguagePack) -> bool:
    """Cut a reported clause where a quote found before begins inside it (``He said A, and when
    asked …, he said, "B."``): its first words are a statement of their own. Whether any is left
    (three words, ending before a quotation mark or a cue's comma)."""
    first = taken.first_after(quote.start, quote.end)
    if first is None:
        return False
    end = first
    while end > quote.start and (text[end - 1].isspace() or text[end - 1] in pack.quote_characters + ",:;\u2014-"):
        end -= 1
    end = trim_connective(text, quote.start, end, pack)
    if not has_words(text, quote.start, end, 3) or taken.overlaps(quote.start, end):
        return False
    last = text[max(quote.start, end - 30):end].split()[-1].lower().strip(".,;:")
    if last in pack.frame_forms or last.endswith("ing") or last in pack.cut_enders:
        return False  # "Frank Luntz, a Republican expert, said", "a message on Twitter reading": a cue's own words
    quote.end = end
    return True


class _ByCue:
    """The quotes found before, by where their cue is: a participle looks for the latest
    cue of its own sentence, and looking through every quote of the article for each one was
    quadratic in a long article."""

    def __init__(self, quotes: list[Attribution]):
        self._quotes = quotes
        ranked = sorted((q.cue_start, n) for n, q in enumerate(quotes) if q.cue_start is not None)
        self._starts = [start for start, _ in ranked]
        self._ranks = [n for _, n in ranked]

    def within(self, sentence: segment.Sentence) -> list[Attribution]:
        """The quotes whose cue lies in ``sentence``, in their order in the list."""
        i, j = bisect_left(self._starts, sentence.start), bisect_left(self._starts, sentence.end)
        return [self._quotes[n] for n in sorted(self._ranks[i:j])]


def _reported_in_sentence(article: Layout, sentence: segment.Sentence, used: set[int],
                          earlier: list[Attribution]) -> list[Attribution]:
    """The reported speech of one sentence: ``according to``, owned speech nouns, then each cue verb."""
    tokens = article.unquoted(sentence)
    if not tokens:
        return []
    pack = article.pack
    found: list[Attribution] = []
    according = according_to(article, sentence, tokens)
    if according:
        found.append(according)
    found.extend(noun_cues(article, sentence, tokens))
    cues = _cue_verbs(tokens, used, pack)
    for n, k in enumerate(cues):
        following = cues[n + 1] if n + 1 < len(cues) else None
        if tokens[k].start in used:
            continue
        quoted_as = _quoted_as(tokens, k, pack)
        if quoted_as is not None:
            quote = _participle_at(article, sentence, tokens, k, following, [], subject=quoted_as)
        elif participle_cue(tokens, k, pack) or _statement_participle(tokens, k, pack):
            quote = _participle_at(article, sentence, tokens, k, following, found + earlier)
        else:
            quote = reported_at(article, sentence, tokens, k, following)
        if isinstance(quote, list):
            found.extend(quote)  # the two parts of a statement around its cue
        elif quote is not None:
            found.append(quote)
    return found


def _cue_verbs(tokens: list[segment.Token], used: set[int], pack: LanguagePack) -> list[int]:
    """Where the sentence's cue verbs are; the cues of quotations found before only where a
    clause before them ends there (``…, adding``, ``and said``)."""
    cues = []
    for k, token in enumerate(tokens):
        lowered = token.value.lower()
        if lowered not in pack.say_forms or not verb_case(token, k):
            continue
        if token.start in used:  # the cue of a quotation; a clause before it still ends there
            if participle_cue(tokens, k, pack) or k > 1 and tokens[k - 1].value.lower() in pack.clause_conjunctions:
                cues.append(k)
            continue
        if (_finite_here(tokens, k, pack) or _statement_participle(tokens, k, pack)
                or _quoted_as(tokens, k, pack) is not None) and not _not_a_report(tokens, k, pack):
            cues.append(k)
    return cues


def _statement_participle(tokens: list[segment.Token], k: int, pack: LanguagePack) -> bool:
    """``issued a statement saying``, ``posted a message on Facebook saying``: a participle
    after the statement that carries it; its subject is the clause's."""
    return tokens[k].value.lower().endswith("ing") and k > 1 and tokens[k - 1].value.lower() in pack.statement_nouns


def _quoted_as(tokens: list[segment.Token], k: int, pack: LanguagePack) -> tuple[int, int] | None:
    """``The Times quoted Ana Ruiz as saying``: the one quoted, between the quoting verb and ``as``."""
    if k < 3 or not tokens[k].value.lower().endswith("ing") or tokens[k - 1].value.lower() != "as":
        return None
    quoting = next((n for n in range(k - 2, max(0, k - 2 - _QUOTED_REACH), -1)
                    if tokens[n].value.lower() in pack.quoting_forms), None)
    if quoting is None or quoting + 1 > k - 2:
        return None
    return tokens[quoting + 1].start, tokens[k - 2].end


# How many words the one quoted may have: "quoted a senior official in the ministry as saying".
_QUOTED_REACH = 10


def _not_a_report(tokens: list[segment.Token], k: int, pack: LanguagePack) -> bool:
    """A cue form that reports nothing where it stands: ``the final say``, ``a far cry``, ``written
    documents``, ``made Meghan cry``, ``28 questions asked last June``,
    ``the hottest temperature observed on Earth`` (a participle after a thing that cannot speak,
    an adjunct after it)."""
    lowered = tokens[k].value.lower()
    previous = tokens[k - 1].value.lower() if k else ""
    if previous in pack.noun_cue_modifiers:
        return True
    if lowered in pack.participle_only_forms and not any(
            t.value.lower() in pack.perfect_auxiliaries for t in tokens[max(0, k - 3):k]):
        return True
    if k > 1 and tokens[k - 2].value.lower() in pack.causative_verbs and tokens[k - 1].value[:1].isupper() \
            and lowered in pack.say_lemmas:
        return True  # "made Meghan cry" ("let me just say that" says it)
    following = tokens[k + 1].value.lower() if k + 1 < len(tokens) else ""
    return lowered.endswith("ed") and lowered not in pack.naming_forms and previous.isalpha() and tokens[k - 1].value.islower() and not previous.endswith("ly") \
        and (following in pack.participle_adjuncts or following in pack.time_words) \
        and previous not in pack.speaking_nouns and _object_of_preposition(tokens, k - 1, pack)


def _object_of_preposition(tokens: list[segment.Token], i: int, pack: LanguagePack) -> bool:
    """Whether the lower-case noun phrase ending at ``tokens[i]`` follows a preposition: ``set for
    the hottest temperature``, ``responses to 28 questions`` (not ``the Global Times tabloid``)."""
    n = i
    while n > 0 and (tokens[n].value.islower() or tokens[n].value.isdigit()) and tokens[n].value not in pack.participle_adjuncts:
        n -= 1
        if tokens[n].value.lower() in pack.adjunct_prepositions and tokens[n].value.islower():
            return n < i
    return False


def _finite_here(tokens: list[segment.Token], k: int, pack: LanguagePack) -> bool:
    """Whether the cue form at ``tokens[k]`` is a verb that reports: not ``the saying goes``,
    ``a warning``, ``is said to``, ``was told``, ``the claim``."""
    lowered = tokens[k].value.lower()
    previous = tokens[k - 1].value.lower() if k else ""
    progressive = lowered.endswith("ing") and previous in pack.progressive_auxiliaries
    if lowered.endswith("ing") and not progressive and not participle_cue(tokens, k, pack):
        return False  # "the saying goes", "a warning"
    if previous == "to" and verb_group(tokens, k, pack) is not None:
        return True  # "went on to say", "tried to argue": the group's subject says it
    if lowered.endswith("ed") and k > 1 and (previous.endswith("ly") or previous in pack.degree_adverbs) \
            and tokens[k - 2].value.lower() in pack.articles:
        return False  # "a long threatened attack", "the widely reported plan": an adjective
    return progressive or previous not in pack.not_a_verb_after  # "is said to", "was told", "the claim"


def _participle_at(article: Layout, sentence: segment.Sentence, tokens: list[segment.Token], k: int,
                   next_cue: int | None, earlier: list[Attribution],
                   subject: tuple[int, int] | None = None) -> Attribution | None:
    """``Ryan backed the bill, saying (that) CLAUSE``: the participle's subject is its clause's.

    That is the speaker of a quote earlier in the sentence (``"…," Ryan said,
    adding that …``) or else the subject opening the sentence; ``subject`` when the caller
    knows it (``quoted Ana Ruiz as saying``).
    """
    text, pack = article.text, article.pack
    before = [q for q in earlier if q.speaker is not None and q.cue_start is not None
              and sentence.start <= q.cue_start < tokens[k].start]
    if subject is not None:
        pass  # "quoted Ana Ruiz as saying": the one quoted
    elif before:
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
    if next_cue is not None and tokens[next_cue - 1].value.lower() not in pack.negations:  # "could not comment"
        end = min(end, trim_connective(text, start, tokens[next_cue].start, pack))
    c_start, c_end = strip_content(text, start, end)
    if not has_words(text, c_start, c_end, 3):
        return None
    quoting = article.marks_within(c_start, c_end) or article.closing_after(c_start, c_end) is not None
    if not quoting and noun_object_only(article, sentence, tokens, k, cue, rest,
                                                                      c_start, c_end):
        return None  # "recalling the events", "advising a total lockdown"
    return make_quote(text, INDIRECT, c_start, c_end, cue, pack, cut=False)
