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
    speech_nouns: frozenset[str]
    # pronouns and speakers
    pronouns: Mapping[str, tuple[str, bool]]
    title_words: frozenset[str]
    organisation_words: frozenset[str]
    person_nouns: frozenset[str]
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
