"""Language packs: the words each part of the tool reads, one module per language.

``get("en")`` gives the :class:`LanguagePack` built from :mod:`quotes.lang.en`:
its word lists as written there (``SAY_LEMMAS`` → ``pack.say_lemmas``) and the
sets derived from them (every form of every verb of saying, the quotation
marks as each engine pairs them, pronouns by gender). Keeping the lists in one
place means a new cue verb is one edit that both engines see, and a second
language is a second module with the same names.
"""
from __future__ import annotations

import dataclasses
import functools
import importlib
import re
from collections.abc import Callable, Mapping

LANGUAGES = ("en",)


class UnknownLanguage(ValueError):
    """A language code with no pack; the message names the ones there are."""

    def __init__(self, code: str):
        super().__init__(f"unknown language {code!r} (available: {', '.join(LANGUAGES)})")
        self.code = code


@dataclasses.dataclass(frozen=True, eq=False)
class LanguagePack:
    """One language's word lists. Build a variant with :func:`dataclasses.replace`."""

    code: str
    # verbs of saying
    say_lemmas: frozenset[str]
    say_forms_written: Mapping[str, tuple[str, ...]]
    frame_lemmas: frozenset[str]
    weak_forms: frozenset[str]
    hearer_lemmas: frozenset[str]
    tree_hearer_lemmas: frozenset[str]
    tree_unchecked_lemmas: frozenset[str]
    tree_extra_lemmas: frozenset[str]
    headline_verbs: frozenset[str]
    inflect: Callable[[str], tuple[str, ...]]
    # quotation marks
    quote_pairs: Mapping[str, str]
    single_quotes: frozenset[str]
    interchangeable_closers: frozenset[str]
    dashes: frozenset[str]
    byline_dashes: frozenset[str]
    # words around a cue
    cue_adverbs: frozenset[str]
    time_words: frozenset[str]
    adjunct_prepositions: frozenset[str]
    media_words: frozenset[str]
    clause_words: frozenset[str]
    leading_words: frozenset[str]
    appositive_openers: frozenset[str]
    adjunct_openers: frozenset[str]
    title_minor_words: frozenset[str]
    group_subjects: frozenset[str]
    not_subject_openers: frozenset[str]
    line_labels: frozenset[str]
    party_members: frozenset[str]
    party_tag_pattern: str
    speech_nouns: frozenset[str]
    # the rules engine's token patterns (see the comments in quotes.lang.en)
    articles: frozenset[str]
    indefinite_articles: frozenset[str]
    determiners: frozenset[str]
    possessives: frozenset[str]
    possessive_subjects: Mapping[str, str]
    possessive_endings: frozenset[str]
    noun_markers: frozenset[str]
    noun_phrase_openers: frozenset[str]
    clause_conjunctions: frozenset[str]
    connectives: tuple[str, ...]
    person_relatives: frozenset[str]
    appositive_relatives: frozenset[str]
    relative_words: tuple[str, ...]
    finite_auxiliaries: frozenset[str]
    progressive_auxiliaries: frozenset[str]
    not_a_verb_after: frozenset[str]
    degree_adverbs: frozenset[str]
    participle_openers: frozenset[str]
    own_clause_openers: frozenset[str]
    clause_introducers: frozenset[str]
    clause_prepositions: frozenset[str]
    not_a_clause: frozenset[str]
    adjunct_after_words: tuple[str, ...]
    not_in_subject: frozenset[str]
    not_subject_prepositions: frozenset[str]
    not_alone_subjects: frozenset[str]
    inverted_subject_stops: frozenset[str]
    weak_cue_subjects: frozenset[str]
    adjunct_participles: frozenset[str]
    capitals_not_names: frozenset[str]
    role_joiners: frozenset[str]
    role_adjective_endings: tuple[str, ...]
    description_verb_endings: tuple[str, ...]
    line_name_joiners: frozenset[str]
    topic_words: frozenset[str]
    ambiguous_time_words: frozenset[str]
    time_modifiers: frozenset[str]
    place_prepositions: frozenset[str]
    tail_adverbs: frozenset[str]
    hearer_name_joiners: frozenset[str]
    not_hearers: frozenset[str]
    hearer_articles: tuple[str, ...]
    naming_lemmas: frozenset[str]
    not_speech_after_naming: frozenset[str]
    request_lemmas: frozenset[str]
    question_words: frozenset[str]
    add_to_forms: frozenset[str]
    bare_add_forms: frozenset[str]
    noun_first_forms: frozenset[str]
    noun_object_lemmas: frozenset[str]
    clause_markers: frozenset[str]
    group_verbs: frozenset[str]
    go_on_forms: frozenset[str]
    as_put_it: tuple[str, str, str]
    according_to: str
    self_introduction_pattern: str
    # pronouns and speakers
    mention_ending_prepositions: frozenset[str]
    mention_relatives: frozenset[str]
    pronouns: Mapping[str, tuple[str, bool]]
    title_words: frozenset[str]
    organisation_words: frozenset[str]
    person_nouns: frozenset[str]
    document_nouns: frozenset[str]
    group_nouns: frozenset[str]
    female_nouns: frozenset[str]
    male_nouns: frozenset[str]
    not_gendering: frozenset[str]
    number_words: frozenset[str]
    anonymous_determiners: frozenset[str]
    organisation_synonyms: tuple[frozenset[str], ...]
    # names
    particles: frozenset[str]
    kunya: frozenset[str]
    arabic_article: frozenset[str]
    suffixes: frozenset[str]
    suffix_canonical: Mapping[str, str]
    name_joiners: frozenset[str]
    name_titles: frozenset[str]
    noise: frozenset[str]
    places: frozenset[str]
    abbreviations: frozenset[str]
    title_abbreviations: frozenset[str]
    name_variants: Mapping[str, str]
    # organisations across articles
    descriptors: frozenset[str]
    organisation_families: tuple[frozenset[str], ...]
    role_stopwords: frozenset[str]
    # page furniture and clustering
    trailer_patterns: tuple[str, ...]
    notice_patterns: tuple[str, ...]
    quote_alias_patterns: tuple[tuple[str, int, str], ...]
    # precision (issue 24 item 3)
    more_noun_object_lemmas: frozenset[str]
    request_object_lemmas: frozenset[str]
    topic_prepositions: frozenset[str]
    preposition_objects: Mapping[str, tuple[str, ...]]
    that_request_lemmas: frozenset[str]
    noun_cue_modifiers: frozenset[str]
    participle_only_forms: frozenset[str]
    perfect_auxiliaries: frozenset[str]
    causative_verbs: frozenset[str]
    negations: frozenset[str]
    statement_participles: frozenset[str]
    participle_adjuncts: frozenset[str]
    adverbial_openers: frozenset[str]
    hearer_object_lemmas: frozenset[str]
    cut_enders: frozenset[str]
    quoting_forms: frozenset[str]
    statement_nouns: frozenset[str]
    subordinators: frozenset[str]
    # speakers (issue 24 item 2)
    modal_verbs: frozenset[str]
    opening_subordinators: frozenset[str]
    place_markers: frozenset[str]
    document_determiners: frozenset[str]

    # -- verbs of saying, every form

    @functools.cached_property
    def say_forms(self) -> frozenset[str]:
        """Every form of every verb of saying: ``warn`` → warn, warns, warned, warning."""
        return frozenset(form for lemma in self.say_lemmas for form in self.inflect(lemma))

    @functools.cached_property
    def frame_forms(self) -> frozenset[str]:
        """Forms that can frame a quotation: the verbs of saying and ``chanted``, ``reads``."""
        return self.say_forms | {form for lemma in self.frame_lemmas for form in self.inflect(lemma)}

    @functools.cached_property
    def hearer_forms(self) -> frozenset[str]:
        """``told``, ``informs``: forms after which the hearer comes (``told reporters``)."""
        return frozenset(form for lemma in self.hearer_lemmas for form in self.inflect(lemma))

    @functools.cached_property
    def tree_say_lemmas(self) -> frozenset[str]:
        """The lemmas the stanza engine takes for cues (see ``TREE_UNCHECKED_LEMMAS``)."""
        return (self.say_lemmas - self.tree_unchecked_lemmas) | self.tree_extra_lemmas

    @functools.cached_property
    def noun_object_forms(self) -> frozenset[str]:
        """Cue forms that report nothing with only a noun phrase after them (``NOUN_OBJECT_LEMMAS``)."""
        return frozenset(form for lemma in self.noun_object_lemmas | self.more_noun_object_lemmas
                         for form in self.inflect(lemma))

    @functools.cached_property
    def hearer_object_forms(self) -> frozenset[str]:
        """``informed``: noun-object forms whose object is the hearer (``HEARER_OBJECT_LEMMAS``)."""
        return frozenset(form for lemma in self.hearer_object_lemmas for form in self.inflect(lemma))

    @functools.cached_property
    def request_object_forms(self) -> frozenset[str]:
        """``urged``: forms whose object is asked to do something (``REQUEST_OBJECT_LEMMAS``)."""
        return frozenset(form for lemma in self.request_object_lemmas for form in self.inflect(lemma))

    @functools.cached_property
    def preposition_object_forms(self) -> Mapping[str, tuple[str, ...]]:
        """``called`` → (for, on): each form with the prepositions that make its object no statement."""
        return {form: prepositions for lemma, prepositions in self.preposition_objects.items()
                for form in self.inflect(lemma)}

    @functools.cached_property
    def speaking_nouns(self) -> frozenset[str]:
        """Lower-case words a cue may follow as its subject or its subject's last word: ``the
        official said``, ``the ministry announced``, ``he added``, ``also said``, ``has said``."""
        return (self.person_nouns | self.group_subjects | self.group_nouns | self.document_nouns | self.descriptors
                | self.organisation_words | frozenset(self.pronouns) | self.cue_adverbs | self.clause_words
                | self.weak_cue_subjects | self.finite_auxiliaries | self.appositive_relatives)

    @functools.cached_property
    def that_request_forms(self) -> frozenset[str]:
        """``asked``: forms that make a that-clause a request (``THAT_REQUEST_LEMMAS``)."""
        return frozenset(form for lemma in self.that_request_lemmas for form in self.inflect(lemma))

    @functools.cached_property
    def naming_forms(self) -> frozenset[str]:
        """``call``, ``called``: forms of the verbs that name as often as they say."""
        return frozenset(form for lemma in self.naming_lemmas for form in self.inflect(lemma))

    @functools.cached_property
    def request_forms(self) -> frozenset[str]:
        """``ask``, ``asked``: forms of the verbs that request as often as they say."""
        return frozenset(form for lemma in self.request_lemmas for form in self.inflect(lemma))

    # -- the rules engine's word classes combined, made once per pack rather than once a token

    @functools.cached_property
    def clause_words_not_saying(self) -> frozenset[str]:
        """Clause words that are no verb of saying: a cue after a quotation may follow ``said``."""
        return self.clause_words - self.say_forms

    @functools.cached_property
    def adjunct_only_prepositions(self) -> frozenset[str]:
        """Prepositions after a cue that open an adjunct and never what it reports."""
        return self.adjunct_prepositions - self.clause_prepositions

    @functools.cached_property
    def subject_breaking_prepositions(self) -> frozenset[str]:
        """Prepositions that cannot open a speaker: ``in a statement``, ``without reporters``."""
        return self.adjunct_prepositions | self.not_subject_prepositions

    @functools.cached_property
    def clause_or_leading_words(self) -> frozenset[str]:
        """Words a name opening its clause may follow: ``but``, ``that``, ``when``."""
        return self.clause_words | self.leading_words

    @functools.cached_property
    def sentence_adjunct_openers(self) -> frozenset[str]:
        """First words of a sentence that make ``according to X`` an adjunct: ``Since``, ``But``."""
        return self.adjunct_openers | self.leading_words | self.clause_words

    @functools.cached_property
    def opening_adjunct_words(self) -> frozenset[str]:
        """First words of a clause that open an adjunct before its subject: ``When``, ``Asked``."""
        return self.clause_words | self.adjunct_openers | self.not_subject_openers | self.adjunct_participles

    # -- the rules engine's regular expressions, compiled once per pack

    @functools.cached_property
    def trailing_connective(self) -> re.Pattern[str]:
        """A connective ending a clause, with the comma before it: ``…, and``."""
        return re.compile(r"(?:\s*[,;]?\s*\b(?:" + _alternatives(self.connectives) + r")\s*)$")

    @functools.cached_property
    def relative_word(self) -> re.Pattern[str]:
        """A relative pronoun anywhere: ``who``, ``that``."""
        return re.compile(r"\b(?:" + _alternatives(self.relative_words) + r")\b")

    @functools.cached_property
    def relative_clause_start(self) -> re.Pattern[str]:
        """A relative clause opening the text, a comma before it: ``, who chairs …``."""
        return re.compile(r",?\s*(?:" + _alternatives(self.relative_words) + r")\b")

    @functools.cached_property
    def hearer_article(self) -> re.Pattern[str]:
        """The article opening a hearer's name: ``the`` in ``told the Harbour Wire``."""
        return re.compile(r"^(?:" + _alternatives(self.hearer_articles) + r")\s+")

    @functools.cached_property
    def according_to_pattern(self) -> re.Pattern[str]:
        """``according to`` with the space after it, in any case."""
        return re.compile(r"\b" + re.escape(self.according_to) + r"\s+", re.I)

    @functools.cached_property
    def adjunct_after(self) -> re.Pattern[str]:
        """Words after a quotation that go on its sentence: ``in the debate``, ``- increasing``."""
        return re.compile(r"^,?\s*(?:(?:" + _alternatives(self.adjunct_after_words) + r")\b|[-\u2014]\s)")

    @functools.cached_property
    def party_tag(self) -> re.Pattern[str]:
        """A party tag or district number: ``R-Ky.``, ``25``."""
        return re.compile(self.party_tag_pattern)

    @functools.cached_property
    def self_introduction(self) -> re.Pattern[str]:
        return re.compile(self.self_introduction_pattern)

    # -- quotation marks

    @functools.cached_property
    def quote_openers(self) -> dict[str, str]:
        """Single-character openers with their closers, as the rules engine pairs them."""
        return {o: c for o, c in self.quote_pairs.items() if len(o) == 1}

    @functools.cached_property
    def double_quote_pairs(self) -> dict[str, str]:
        """Pairs without the single marks, which a tokenizer cannot tell from apostrophes."""
        return {o: c for o, c in self.quote_pairs.items() if o not in self.single_quotes}

    @functools.cached_property
    def quote_marks(self) -> frozenset[str]:
        """Every opening and closing mark (``''`` and ``\\`\\``` included)."""
        return frozenset(self.quote_pairs) | frozenset(self.quote_pairs.values())

    @functools.cached_property
    def quote_characters(self) -> str:
        """The characters quotation marks are made of, for ``str.strip``."""
        return "".join(sorted(set("".join(self.quote_marks))))

    # -- pronouns

    def _pronouns(self, *refers_to: str) -> frozenset[str]:
        return frozenset(p for p, (who, _) in self.pronouns.items() if who in refers_to)

    @functools.cached_property
    def male_pronouns(self) -> frozenset[str]:
        return self._pronouns("male")

    @functools.cached_property
    def female_pronouns(self) -> frozenset[str]:
        return self._pronouns("female")

    @functools.cached_property
    def person_pronouns(self) -> frozenset[str]:
        return self._pronouns("male", "female", "person")

    @functools.cached_property
    def group_pronouns(self) -> frozenset[str]:
        return self._pronouns("group")

    @functools.cached_property
    def subject_pronouns(self) -> frozenset[str]:
        return frozenset(p for p, (_, subject) in self.pronouns.items() if subject)

    @functools.cached_property
    def female_words(self) -> frozenset[str]:
        """Words that make a speaker a woman: pronouns (not possessives) and nouns."""
        return (self.female_pronouns - self.not_gendering) | self.female_nouns

    @functools.cached_property
    def male_words(self) -> frozenset[str]:
        return (self.male_pronouns - self.not_gendering) | self.male_nouns

    # -- names

    @functools.cached_property
    def name_variant_of(self) -> dict[str, str]:
        """Each transliteration variant with the one spelling it folds to."""
        return {variant: canonical for canonical, variants in self.name_variants.items()
                for variant in variants.split()}


def _alternatives(words) -> str:
    """``a|b|c`` for a regular expression, each word escaped, in the order given."""
    return "|".join(re.escape(w) for w in words)


_PACKS: dict[str, LanguagePack] = {}


def get(code: str) -> LanguagePack:
    """The pack for ``code`` (``en``); :class:`UnknownLanguage` for a code with none."""
    if code not in LANGUAGES:
        raise UnknownLanguage(code)
    if code not in _PACKS:
        module = importlib.import_module(f"{__name__}.{code}")
        values = {f.name: getattr(module, f.name.upper() if hasattr(module, f.name.upper()) else f.name)
                  for f in dataclasses.fields(LanguagePack)}
        _PACKS[code] = LanguagePack(**values)
    return _PACKS[code]
