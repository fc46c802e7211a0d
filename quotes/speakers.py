"""Speaker mentions: split names from roles, type them, resolve them inside one article.

Both engines produce a raw mention (``SDF spokesman Mustefa Bali``, ``he``,
``a senior Pentagon official``); this module turns it into a
:class:`~quotes.model.Speaker` with a name, a role and a kind, and resolves
pronouns and surnames to the person introduced earlier in the same article.
Identity *across* articles is :mod:`quotes.identity`'s job.
"""
from __future__ import annotations

import re

from .model import ANONYMOUS, ORGANISATION, PERSON, Quote, Speaker

PERSON_PRONOUNS = {"he", "she", "him", "her", "i", "we"}
GROUP_PRONOUNS = {"they", "it"}
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS

# Capitalised words that introduce a name rather than belong to it.
TITLE_WORDS = {
    "acting", "former", "deputy", "vice", "president", "president-elect", "prime", "minister",
    "secretary", "defense", "defence", "foreign", "interior", "state", "senator", "sen.",
    "rep.", "representative", "congressman", "congresswoman", "governor", "gov.", "mayor",
    "gen.", "general", "lt.", "col.", "colonel", "maj.", "major", "capt.", "captain", "adm.",
    "admiral", "sgt.", "dr.", "mr.", "mrs.", "ms.", "miss", "prof.", "professor", "judge",
    "justice", "chief", "chairman", "chairwoman", "chair", "director", "ambassador",
    "commander", "spokesman", "spokeswoman", "spokesperson", "speaker", "leader", "house",
    "senate", "white", "press", "attorney", "pope", "king", "queen", "prince", "princess",
    "sheikh", "emir", "democratic", "republican", "gop", "candidate", "nominee", "the",
    "pentagon", "us", "u.s.", "uk", "un", "eu", "federal", "national", "security", "adviser",
    "advisor", "campaign", "manager", "chairperson", "executive", "officer", "ceo", "founder",
    "majority", "minority", "whip", "reverend", "rev.", "sir", "lord", "lady", "first",
}

ORGANISATION_WORDS = {
    "observatory", "ministry", "forces", "force", "council", "department", "agency", "party",
    "committee", "commission", "campaign", "institute", "university", "nations", "union",
    "group", "police", "army", "military", "government", "coalition", "office", "bureau",
    "company", "corporation", "corp.", "inc.", "foundation", "association", "court",
    "administration", "monitor", "organisation", "organization", "network", "alliance",
    "post", "times", "news", "journal", "newspaper", "network", "fund", "bank", "center",
    "centre", "service", "services", "board", "team", "church", "embassy", "house", "senate",
    "congress", "parliament", "cabinet", "white", "state", "states", "sdf", "un", "afp",
    "reuters", "cnn", "fbi", "cia", "nato", "pentagon", "kremlin", "regime", "rangers",
}

ANONYMOUS_DETERMINERS = {
    "a", "an", "one", "another", "some", "two", "three", "several", "many", "other",
    "others", "officials", "sources", "witnesses", "residents", "people", "analysts",
    "experts", "critics", "supporters",
}

_WORD = re.compile(r"[\w’'.\-]+")
_ROLE_DETERMINER = re.compile(r"^(the|a|an)\s+", re.I)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def split_name(mention: str) -> tuple[str | None, str | None]:
    """Split a person mention into ``(name, role)``.

    ``SDF spokesman Mustefa Bali`` → (``Mustefa Bali``, ``SDF spokesman``);
    ``Bali, the SDF spokesman`` → (``Bali``, ``SDF spokesman``);
    ``Acting US Defense Secretary Patrick Shanahan`` → (``Patrick Shanahan``,
    ``Acting US Defense Secretary``). A mention with no name gives ``(None, mention)``.
    """
    mention = mention.strip().strip(",")
    if "," in mention:
        head, _, tail = mention.partition(",")
        name, role = split_name(head)
        tail_role = _ROLE_DETERMINER.sub("", tail.strip().strip(","))
        if name:
            return name, ", ".join(part for part in (role, tail_role) if part) or None
        name, _ = split_name(tail)
        return (name, head.strip()) if name else (None, mention)
    words = mention.split()
    end = len(words)
    start = end
    while start > 0 and (_is_capitalised(words[start - 1]) or words[start - 1].lower() in
                         {"al-", "bin", "ibn", "de", "van", "von", "abu", "abd", "el-", "da"}
                         or words[start - 1].lower().startswith(("al-", "el-"))):
        start -= 1
    while start < end and (words[start].lower() in TITLE_WORDS or words[start].isupper()
                           and len(words[start]) > 1):
        start += 1
    if start >= end:
        return None, mention or None
    name = " ".join(words[start:end])
    role = _ROLE_DETERMINER.sub("", " ".join(words[:start])).strip() or None
    return name, role


def classify(mention: str) -> str:
    """Guess whether a mention is a person, an organisation or an anonymous source."""
    lowered = mention.lower().strip()
    words = _WORD.findall(lowered)
    if not words:
        return ANONYMOUS
    if words[0] in {"he", "she", "i"}:
        return PERSON
    if words[0] in {"it", "they", "we"}:
        return ORGANISATION
    original = _WORD.findall(mention)
    if words[0] in ANONYMOUS_DETERMINERS or not any(_is_capitalised(w) for w in original[1:] + original[:1] if w.lower() not in {"the"}):
        return ANONYMOUS
    head = words[-1] if "," not in mention else _WORD.findall(mention.split(",")[0].lower())[-1]
    if head in ORGANISATION_WORDS or words[0] == "the" and head not in TITLE_WORDS:
        return ORGANISATION
    name, _ = split_name(mention)
    if name is None:
        return ANONYMOUS
    return PERSON


def make_speaker(mention: str, start: int, end: int) -> Speaker:
    """A speaker as one attribution site shows it, before in-article resolution."""
    kind = classify(mention)
    speaker = Speaker(mention=mention, start=start, end=end, kind=kind)
    lowered = mention.lower()
    if lowered in PRONOUNS:
        return speaker
    if kind == PERSON:
        speaker.name, speaker.role = split_name(mention)
    elif kind == ORGANISATION:
        speaker.name = _ROLE_DETERMINER.sub("", mention.split(",")[0].strip())
        if speaker.name[:1].islower():
            speaker.name = speaker.name[0].upper() + speaker.name[1:]
    else:
        speaker.description = mention
    return speaker


def _surname(name: str) -> str:
    return name.split()[-1].lower()


def resolve_in_article(quotes: list[Quote]) -> None:
    """Resolve pronouns and short names against earlier speakers of the same article.

    ``he``/``she`` take the most recent person (named or anonymous) speaker,
    ``they``/``it`` the most recent organisation; a bare surname (``Bali``)
    takes the full name introduced earlier (``Mustefa Bali``). Anonymous
    sources are never given a name.
    """
    history: list[Speaker] = []
    for quote in sorted(quotes, key=lambda q: (q.speaker.start if q.speaker else q.start)):
        speaker = quote.speaker
        if speaker is None:
            continue
        lowered = speaker.mention.lower()
        if lowered in PRONOUNS:
            wanted = PERSON if lowered in PERSON_PRONOUNS else ORGANISATION
            for earlier in reversed(history):
                if earlier.kind == wanted or (wanted == PERSON and earlier.kind == ANONYMOUS):
                    speaker.name = earlier.name
                    speaker.kind = earlier.kind
                    speaker.description = earlier.description
                    speaker.role = speaker.role or earlier.role
                    break
        elif speaker.kind == PERSON and speaker.name and " " not in speaker.name:
            for earlier in reversed(history):
                if earlier.kind == PERSON and earlier.name and " " in earlier.name \
                        and _surname(earlier.name) == speaker.name.lower():
                    speaker.name = earlier.name
                    break
        elif speaker.kind == ORGANISATION and speaker.name:
            short = speaker.name.lower()
            for earlier in reversed(history):
                if earlier.kind == ORGANISATION and earlier.name and earlier.name.lower() != short \
                        and short in earlier.name.lower():
                    speaker.name = earlier.name
                    break
        if speaker.name or speaker.description:
            history.append(speaker)
