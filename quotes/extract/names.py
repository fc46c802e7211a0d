"""Normalisation keys for speaker names, so that outlets' spellings agree.

A person name is parsed into given name, middle names, surname and suffix,
with titles (``President``, ``Acting``, ``Dr.``, ``Gen.``) split off and kept
as the role. Each part is folded: case, diacritics and other scripts
(``anyascii``), apostrophes, hyphens, the Arabic article (``al-``, ``el-``),
particles glued to the word they introduce (``de Blasio`` → ``deblasio``,
``Abdel Rahman`` → ``abdrahman``) and the common transliteration variants of
Arabic names (``Mustefa``/``Moustafa`` → ``mustafa``, ``Mohamed`` →
``muhammad``). The key keeps the suffix, so ``Donald Trump`` and
``Donald Trump Jr.`` never share one, and it keeps the given name, so
``Bill Clinton`` and ``Hillary Clinton`` do not either. The titles,
particles, suffixes and variants are the English :mod:`quotes.lang` pack's.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from anyascii import anyascii
from rapidfuzz import fuzz

from quotes.lang import LanguagePack, get
from quotes.model import ORGANISATION, PERSON


def _pack(pack: LanguagePack | None) -> LanguagePack:
    """The pack a caller passed; English when it passed none (tests, one-off calls)."""
    return pack if pack is not None else get("en")

_ABD = re.compile(r"^abd(?:el|ul|al|ol|u|e|i)?(?=[a-z]{3,})")

_APOSTROPHES = re.compile(r"[’'`´ʼ‘]")
_NON_WORD = re.compile(r"[^a-z0-9\s-]+")
_SENTENCE_END = re.compile(r"(?<=[a-z]{2}[.!?])\s+|(?<=[a-z][!?])\s+|[:;\n]+|\s+[-–—―]+\s+")
_PARENS = re.compile(r"\s*\([^)]*\)")
_THE = re.compile(r"^[Tt]he\s+")
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z.&-]{1,12})\)")


# Capitalised phrases in running text, joined by the small words names contain.
CAP_PHRASE = re.compile(
    r"\b[A-Z][\w’'.&-]*(?:[ \t]+(?:(?:for|of|on|and|the|de|du|del|da|van|von|bin|al|el)[ \t]+)*"
    r"(?:[A-Z][\w’'.&-]*|al-\w+|el-\w+))*"
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_LOWERCASE = re.compile(r"\b[a-z][a-z]+\b")


def starts_with_verb(mention: str, pack: LanguagePack | None = None) -> bool:
    """``Calls Trump's Putin``: a headline clause the engine took for a name."""
    words = mention.split()
    return bool(words) and words[0][:1].isupper() and words[0].lower() in _pack(pack).headline_verbs


def sentence_initial(text: str, offset: int, pack: LanguagePack | None = None) -> bool:
    """Whether ``offset`` starts a sentence or paragraph (opening quotes and brackets skipped)."""
    i = offset - 1
    marks = _pack(pack).quote_characters
    while i >= 0 and (text[i] in " \t(["  or text[i] in marks and (i == 0 or not text[i - 1].isalnum())):
        i -= 1
    if i < 0 or text[i] in ".!?:\n":
        return True
    # ``... troubling.” Clinton``: a closing quote after a full stop.
    return text[i] in marks and i > 0 and text[i - 1] in ".!?"


def title_case_line(text: str, offset: int) -> bool:
    """Whether ``offset`` lies in a headline written in Title Case, where verbs are capitalised
    too (``Washington Post Assembles ‘A Sizable Army’``), so names there run into other words."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    words = [w for w in text[start:end if end >= 0 else len(text)].split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


def capitalised_phrases(text: str, pack: LanguagePack | None = None) -> list[tuple[int, str]]:
    """The capitalised phrases a text writes, with their offsets, cut to what can be a name.

    A phrase never runs over a sentence end (``FBI. Later`` is two; ``U.S. Army``
    and ``Mr. Smith`` are one), a possessive owner is not part of what follows it
    (``Obama’s DOJ`` gives ``Obama’s`` and ``DOJ``), a capitalised ``The``
    starts a new name (``Enter The Washington Post``), and a sentence's first
    word is dropped when it is a function word or is only capitalised at the
    starts of sentences (``Outside Carrier's plant``, with ``outside`` written
    lowercase elsewhere and never capitalised mid-sentence).
    """
    pack = _pack(pack)
    lowercase = set(_LOWERCASE.findall(text))
    mid_sentence = {m.group() for m in _CAPITALISED.finditer(text)
                    if not sentence_initial(text, m.start(), pack)}
    found = []
    for match in CAP_PHRASE.finditer(text):
        for start, words in _pieces(text, match, pack):
            if len(words) > 1 and sentence_initial(text, start, pack):
                first = words[0].strip(pack.quote_characters)
                if not first.isupper() and (fold(first) in pack.noise or first.lower() in lowercase
                                            and first not in mid_sentence):
                    start = text.index(words[1], start + len(words[0]))
                    words = words[1:]
            found.append((start, " ".join(words)))
    return found


def _pieces(text: str, match: re.Match, pack: LanguagePack) -> list[tuple[int, list[str]]]:
    """One capitalised phrase cut at sentence ends, possessives, ``The`` and a stray ``the``."""
    pieces: list[tuple[int, list[str]]] = []
    words: list[str] = []
    start = match.start()
    for token in re.finditer(r"\S+", match.group()):
        word, offset = token.group(), match.start() + token.start()
        if words and (word == "The" or word == "the" and words[-1] not in pack.name_joiners):
            pieces.append((start, words))
            words = []
            if word == "the":
                continue
        if not words:
            start = offset
        words.append(word)
        bare = word.rstrip(pack.quote_characters)
        if bare.endswith(".") and "." not in bare[:-1] and len(bare) > 2 \
                and fold(bare) not in pack.abbreviations:  # "FBI. Later": the sentence ended
            words[-1] = bare[:-1]
            pieces.append((start, words))
            words = []
        elif re.search(r"(?:['’]s|s['’])$", word):  # "Obama’s DOJ": the owner is a name of its own
            words[-1] = re.sub(r"['’]s?$", "", word)
            pieces.append((start, words))
            words = []
    if words:
        pieces.append((start, words))
    # A joiner cannot end a name (``Monday the``).
    joiners = pack.name_joiners
    return [(s, w[:-1] if w[-1] in joiners else w) for s, w in pieces if w and w[0] not in joiners]


# Greek and Cyrillic letters drawn like Latin ones. In a word that also has Latin letters
# they are a look-alike (a typo, an OCR slip, a spoof: ``Mustafa Βali`` with a Greek
# capital beta), and transliterating them (Β → ``V``) would make a second name that looks
# the same as the first; a word written wholly in Greek or Cyrillic keeps its letters.
_LOOK_ALIKES = str.maketrans(
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιρυνκ"  # Greek
    "АВЕКМНОРСТУХЅІЈаеорсухѕіјһԁԛԝ",  # Cyrillic
    "ABEZHIKMNOPTYXoipuvk"
    "ABEKMHOPCTYXSIJaeopcyxsijhdqw")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\S+")


def visible(text: str) -> str:
    """``text`` without zero-width and other format characters (Unicode category Cf).

    A zero-width space, joiner or soft hyphen copied in from a web page is not
    seen on screen, so a name that has one looks like the name without it; a
    speaker is stored and keyed without them.
    """
    if text.isascii():
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def unconfused(text: str) -> str:
    """Greek and Cyrillic look-alikes in words that are otherwise Latin read as the Latin
    letters they look like: ``Mustafa Βali`` (Greek Β) → ``Mustafa Bali``."""
    if text.isascii():
        return text
    return _WORD.sub(lambda word: word.group().translate(_LOOK_ALIKES)
                     if _LATIN.search(word.group()) else word.group(), visible(text))


@functools.lru_cache(maxsize=1 << 16)  # names and phrases repeat across articles
def fold(text: str) -> str:
    """Lower-case ASCII with dots and apostrophes dropped: ``Mustéfa`` → ``mustefa``, ``U.S.`` → ``us``.

    Look-alike letters and invisible characters are folded first (:func:`unconfused`),
    so a name that looks the same has the same key.
    """
    text = anyascii(unconfused(text)).lower()
    text = _APOSTROPHES.sub("", text).replace(".", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def role_key(role: str | None) -> str:
    """What two spellings of one role share: ``US President``, ``U.S. President`` and
    ``U.S. president`` are ``us president``, ``vice-president`` is ``vice president``;
    roles are grouped by it and each quote keeps the role as written."""
    return " ".join(fold(role or "").replace("-", " ").split())


def _canonical(token: str, pack: LanguagePack) -> str:
    token = pack.name_variant_of.get(token, token)
    match = _ABD.match(token)
    if match and token not in pack.name_variant_of.values():
        rest = token[match.end():]
        return "abd" + pack.name_variant_of.get(rest, rest)
    return token


def _tokens(words: list[str], pack: LanguagePack) -> tuple[list[str], bool]:
    """Fold, drop the Arabic article, glue particles; say whether a kunya made the name."""
    parts: list[str] = []
    for index, word in enumerate(words):
        pieces = [p for p in fold(word).split("-") if p]
        kept = [
            piece for i, piece in enumerate(pieces)
            # al-Baghdadi, Bashar Al Assad, el-Sisi: the article is spelling (Al Gore keeps his)
            if not (piece in pack.arabic_article and (i < len(pieces) - 1
                                                 or (len(pieces) == 1 and index > 0 and piece in {"al", "el"})))
        ]
        if kept:
            parts.append("".join(kept))  # Abdel-Rahman, Ocasio-Cortez: one word
    tokens: list[str] = []
    kunya = False
    pending = ""
    for part in parts:
        canonical = _canonical(part, pack)
        if canonical in pack.particles:
            kunya = kunya or canonical in pack.kunya
            pending += canonical
            continue
        tokens.append(_canonical(pending + canonical, pack) if pending else canonical)
        pending = ""
    if pending:
        tokens.append(pending)
    return tokens, kunya


@dataclass(frozen=True)
class PersonName:
    """A person's name in parts; ``key`` is what two spellings of one person share."""

    given: str | None
    surname: str
    middles: tuple[str, ...] = ()
    initials: str = ""
    suffix: str | None = None
    titles: tuple[str, ...] = field(default=())
    complete: bool = True  # False for a bare surname (``Clinton``): article-local only
    written: str = field(default="", compare=False)  # the name as written, titles stripped

    @property
    def key(self) -> str:
        return " ".join(p for p in (self.given, self.surname, self.suffix) if p)

    def parts(self) -> dict:
        """Plain data, as a :class:`~quotes.model.Referent` carries it between the stages
        (lists, not tuples, so that it reads back from JSON as it was)."""
        return {key: list(value) if isinstance(value, tuple) else value
                for key, value in dataclasses.asdict(self).items()}

    @classmethod
    def from_parts(cls, parts: dict) -> PersonName:
        return cls(**{**parts, "middles": tuple(parts["middles"]), "titles": tuple(parts["titles"])})

    @property
    def block(self) -> str:
        """Blocking key for fuzzy matching: the surname."""
        return self.surname

    @property
    def skeleton(self) -> str:
        """Second blocking key that survives vowel spelling: ``Mustafa Bali``/``Moustafa Baly`` → ``m:bl``."""
        return f"{(self.given or '')[:1]}:{skeleton(self.surname)}"


def skeleton(word: str) -> str:
    """Consonants with repeats collapsed: ``Moustafa`` → ``mstf``, ``Gaddafi`` → ``gdf``."""
    consonants = re.sub(r"[aeiouyhw\s]", "", word)
    return re.sub(r"(.)\1+", r"\1", consonants) or word[:2]


def _is_title(word: str, pack: LanguagePack) -> bool:
    folded = fold(word).replace("-", "")
    return (folded in pack.name_titles or folded in pack.noise or folded in pack.places
            or (word.isupper() and len(word.strip(".")) > 1 and "." not in word))


def parse_person(name: str, pack: LanguagePack | None = None) -> PersonName | None:
    """Parse a person's name; ``None`` when nothing name-like is left after the titles.

    ``Acting US Defense Secretary Patrick Shanahan`` → given ``patrick``,
    surname ``shanahan``, titles ``(Acting, US, Defense, Secretary)``;
    ``Donald J. Trump Jr.`` → ``donald``/``trump``, initials ``j``, suffix ``jr``.
    """
    return _parse_person(name, _pack(pack).code)


@functools.lru_cache(maxsize=1 << 16)  # each capitalised phrase of an article may be parsed
def _parse_person(name: str, code: str) -> PersonName | None:
    """:func:`parse_person`, remembered by name and language code (a pack is no cache key)."""
    pack = get(code)
    # A mention that runs over a sentence end names whoever is in its last sentence.
    segments = [seg for seg in _SENTENCE_END.split(_PARENS.sub("", name)) if seg.strip()]
    for segment in reversed(segments[1:]):
        parsed = _parse_segment(segment, pack)
        if parsed is not None:
            return parsed
    return _parse_segment(segments[0], pack) if segments else None


def sentence_pieces(text: str) -> list[str]:
    """A mention or phrase cut at sentence ends: ``Pentagon. The Times`` → ``Pentagon``, ``The Times``."""
    return [seg.strip().rstrip(".") for seg in _SENTENCE_END.split(text) if seg.strip(" .")]


def last_sentence(name: str) -> str:
    """The part of a mention after its last sentence end: ``Pentagon. The Times`` → ``The Times``."""
    return (sentence_pieces(name) or [name])[-1]


def _parse_segment(name: str, pack: LanguagePack) -> PersonName | None:
    name = re.sub(r"[’']s?$", "", name.strip())  # Trump's, Clintons'
    words = [w for w in re.split(r"[\s,]+", name) if w.strip(".-")]
    suffix = original_suffix = None
    while words and fold(words[-1]) in pack.suffixes:
        original_suffix = words[-1]
        suffix = pack.suffix_canonical.get(fold(words[-1]), fold(words[-1]))
        words.pop()
    # Everything up to the last title, lowercase or possessive word (``Purple PAC's``)
    # before the final word is the role.
    start = 0
    for i, word in enumerate(words[:-1]):
        if _is_title(word, pack) or re.search(r"(?:['’]s|s['’])$", word) or (word[:1].islower() and fold(word) not in pack.particles | pack.arabic_article
                               and not fold(word).startswith(("al-", "el-"))):
            start = i + 1
    titles = tuple(words[:start])
    if not words[start:]:
        return None
    written = " ".join(words[start:]).rstrip(".,;:’'")
    if original_suffix:
        written += " " + original_suffix
    # Dotted initials count letter by letter: H.W. and H. W. agree.
    words = [part for w in words[start:]
             for part in (list(fold(w)) if "." in w and 1 < len(fold(w)) <= 3 else [w])]
    tokens, kunya = _tokens(words, pack)
    if not tokens or len(tokens) == 1 and (tokens[0] in pack.noise | pack.name_titles or not tokens[0].isalpha()):
        return None
    if len(tokens) == 1:
        return PersonName(None, tokens[0], suffix=suffix, titles=titles,
                          complete=kunya or suffix is not None, written=written)
    initials = "".join(token[0] for token in tokens[1:-1])
    return PersonName(tokens[0], tokens[-1], tuple(tokens[1:-1]), initials, suffix, titles,
                      written=written)


def middles_agree(a: PersonName, b: PersonName) -> bool:
    """``George W. Bush`` and ``George H. W. Bush`` disagree; a name without middles agrees with any."""
    return not a.initials or not b.initials or a.initials == b.initials


def person_key(name: str, pack: LanguagePack | None = None) -> str | None:
    parsed = parse_person(name, pack)
    return parsed.key if parsed else None


def org_key(name: str) -> str:
    """``The Syrian Democratic Forces (SDF)`` → ``syrian democratic forces``."""
    words = fold(_PARENS.sub("", name)).replace("-", " ").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def without_the(name: str) -> str:
    """``The New York Times`` → ``New York Times``: an organisation's name without its article."""
    return _THE.sub("", name)


def org_acronym(name: str) -> str | None:
    """The acronym an organisation's name introduces in brackets: ``(SDF)`` → ``sdf``."""
    match = _ACRONYM.search(name)
    return fold(match.group(1)) if match else None


def org_block(key: str) -> str:
    """Blocking key for organisations: their longest word."""
    return max(key.split(), key=len, default="")


_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouyhw]")


def lookup_keys(name: str) -> list[str]:
    """The keys ``speaker_lookup`` files a name or alias under, for the fuzzy speaker look-up.

    Each folded word with doubled letters squeezed (``w:hadad``) and its first
    letter plus consonant skeleton (``s:hdd`` → ``s:hd``), so ``Mustafa Baly``
    finds ``Mustefa Bali`` through an index instead of scoring every name. Single
    letters (initials) file nothing. The Datasette plugin computes the same keys.
    """
    keys = set()
    for word in _DOUBLED.sub(r"\1", fold(name).replace("-", " ")).split():  # as the plugin folds
        if len(word) > 1:
            keys.add("w:" + word)
            keys.add("s:" + word[0] + _DOUBLED.sub(r"\1", _VOWELS.sub("", word[1:])))
    return sorted(keys)


NAME_SCORE_CHARS = 200  # of a name or query read, as the web's SQL function reads them


def _score_fold(text: str | None) -> str:
    """``text`` folded as the web look-up folds it: hyphens split words, doubled letters squeezed."""
    folded = " ".join(fold((text or "")[:NAME_SCORE_CHARS]).replace("-", " ").split())
    return _DOUBLED.sub(r"\1", folded)


def name_score(candidate: str | None, query: str | None) -> int:
    """How well ``query`` names ``candidate`` (0-100), whatever the spelling.

    The score the web look-up (``quotes_name_score`` in the ``quotes_by_speaker``
    query) gives, so the CLI and the Python API find whom the pages find. A
    substring scores 100 (``haddad`` in ``harbour master yusuf haddad``);
    otherwise the best edit-distance ratio between the query and any run of as
    many words in the candidate, so a role before the name does not count
    against it (``Mustafa Bali`` against ``SDF spokesman Mustefa Bali``). The
    web plugin keeps its own copy (a published site has no ``quotes`` package);
    a test holds the two to the same scores.
    """
    query, candidate = _score_fold(query), _score_fold(candidate)
    if len(query) < 2 or not candidate:
        return 0
    if query in candidate:
        return 100
    words = candidate.split()
    width = len(query.split())
    runs = [" ".join(words[i:i + width]) for i in range(max(1, len(words) - width + 1))]
    best = round(max(fuzz.ratio(query, run) for run in runs))
    if best < VOWELS_ONLY and width >= 2 and _frame(query) in {_frame(run) for run in runs}:
        return VOWELS_ONLY
    return best


# Transliterations vary a name's vowels and keep its consonants: ``Mustafa Baly`` and
# ``Mustefa Bali`` differ in two letters of twelve (ratio 83, under the look-up's bar of 84)
# yet both read ``m*st*f* b*l*``. A name of two words or more that differs from the
# candidate in its vowels only scores this; consonants still tell people apart (``John
# Smith`` is not ``Jane Smith``), and one word is too short a frame to trust.
VOWELS_ONLY = 90
_VOWEL_RUN = re.compile(r"[aeiouy]+")


def _frame(folded: str) -> str:
    """A folded name with each run of vowels one ``*``."""
    return _VOWEL_RUN.sub("*", folded)


# -- a speaker's name across articles (the commit stage's and the Spark tables')

def offered(referent) -> set[str]:
    """The spellings a mention (a :class:`~quotes.model.Referent`) offers as the name of a
    speaker known across articles.

    A person offers its full name (a full name mention is its own alias; a bare
    surname's alias is no name). An organisation offers the name it resolved to
    and the spelling written, which may be a short form, so that every spelling
    counted in ``speaker_spellings`` is weighed when its count grows.
    """
    if referent.scoped or referent.scoped_if_new or referent.same_as \
            or referent.kind not in (PERSON, ORGANISATION):
        return set()  # a description or a common noun is nobody's name
    if referent.kind == PERSON:
        return {visible(referent.name)}
    return {visible(without_the(spelling))
            for spelling in (referent.name, referent.alias) if spelling}


def name_rank(kind: str, name: str, articles: int) -> tuple:
    """How good a name ``name`` is for a speaker, written in ``articles`` articles: a total
    order, so the best of a set of spellings does not depend on which was seen first."""
    words = len(org_key(name).split()) if kind == ORGANISATION else 0
    return words, articles, "(" not in name, unconfused(name) == name, len(name), name
