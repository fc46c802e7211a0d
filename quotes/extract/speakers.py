"""Speaker mentions: split names from roles, type them, resolve them inside one article.

Both engines produce a raw mention (``SDF spokesman Mustefa Bali``, ``he``,
``a senior Pentagon official``); this module turns it into a
:class:`~quotes.model.Speaker` with a name, a role and a kind, and resolves
pronouns, surnames and short organisation names to the speaker introduced
earlier in the same article. Identity *across* articles is
:mod:`quotes.identity`'s job. Titles, pronouns and the nouns that make a
mention a person, an organisation or an anonymous source come from a
:mod:`quotes.lang` pack, English unless the engine passes another.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from quotes.lang import LanguagePack, get
from quotes.model import ANONYMOUS, ORGANISATION, PERSON, Attribution, Speaker
from quotes.extract.names import starts_with_verb

EN = get("en")

_WORD = re.compile(r"[\w’'.\-]+")
_ROLE_DETERMINER = re.compile(r"^(the|a|an|who|which)\s+", re.I)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _words(mention: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(mention)]


def split_name(mention: str, pack: LanguagePack = EN) -> tuple[str | None, str | None]:
    """Split a person mention into ``(name, role)``.

    ``SDF spokesman Mustefa Bali`` → (``Mustefa Bali``, ``SDF spokesman``);
    ``Bali, the SDF spokesman`` → (``Bali``, ``SDF spokesman``);
    ``The harbour master, Yusuf Haddad`` → (``Yusuf Haddad``, ``harbour master``);
    ``Acting US Defense Secretary Patrick Shanahan`` → (``Patrick Shanahan``,
    ``Acting US Defense Secretary``). A mention with no name gives ``(None, mention)``.
    """
    mention = mention.strip().strip(",").strip()
    if "," in mention:
        head, _, tail = mention.partition(",")
        tail = tail.strip().strip(",").strip()
        name, role = split_name(head, pack)
        if name:
            tail_role = _ROLE_DETERMINER.sub("", tail) if tail else ""
            return name, ", ".join(part for part in (role, tail_role) if part) or None
        name, _ = split_name(tail, pack)
        head_role = _ROLE_DETERMINER.sub("", head.strip())
        return (name, head_role or None) if name else (None, mention)
    words = mention.split()
    end = len(words)
    while end > 0 and not _is_capitalised(words[end - 1]):
        end -= 1  # "Ryan himself", "Trump campaign" are handled by the caller; trim lowercase tails
    if end < len(words) and end > 0 and len(words) - end > 2:
        return None, mention or None
    start = end
    while start > 0 and (_is_capitalised(words[start - 1]) or words[start - 1].lower() in pack.particles
                         or words[start - 1].lower().startswith(("al-", "el-"))):
        start -= 1
    while start < end and (words[start].lower().strip(",") in pack.title_words
                           or words[start].isupper() and len(words[start]) > 1
                           or words[start].lower().endswith(("'s", "’s"))):
        start += 1
    if start >= end:
        return None, mention or None
    name = " ".join(words[start:end])
    role = _ROLE_DETERMINER.sub("", " ".join(words[:start])).strip() or None
    return name, role


def classify(mention: str, pack: LanguagePack = EN) -> str:
    """Guess whether a mention is a person, an organisation or an anonymous source."""
    words = _words(mention)
    if not words or starts_with_verb(mention, pack):
        return ANONYMOUS  # "Calls Trump's Putin": a headline's clause, no one's name
    if words[0] in pack.person_pronouns:
        return PERSON
    if words[0] in pack.group_pronouns:
        return ORGANISATION
    if "," in mention:
        name, _ = split_name(mention, pack)
        if name and not name.isupper():
            return PERSON  # "The harbour master, Yusuf Haddad", "Tomas Lind, a trawler captain"
    head_part = mention.split(",")[0]
    head_words = _words(head_part) or words
    head = head_words[-1]
    original = _WORD.findall(head_part)
    capitalised = [w for w in original if _is_capitalised(w) and w.lower() not in {"the", "a", "an"}]
    if words[0] in pack.anonymous_determiners:
        return ANONYMOUS
    if words[0] == "the" and _person_noun_before_preposition(words, pack):
        return ANONYMOUS  # "the top US commander overseeing American forces"
    if head in pack.person_nouns and (words[0] == "the" or not capitalised):
        return ANONYMOUS
    if not capitalised:
        if "," in mention:
            name, _ = split_name(mention, pack)
            if name:
                return PERSON
        return ORGANISATION if head in pack.organisation_words else ANONYMOUS
    if set(w.lower() for w in capitalised) & pack.organisation_words - pack.title_words - {"white", "house"} \
            and head not in pack.person_nouns and not _ends_in_name(original, pack):
        return ORGANISATION  # "the US Department of Defence"
    if head in pack.organisation_words or words[0] == "the" and head not in pack.title_words:
        name, _ = split_name(mention, pack)
        if "," in mention and name and head not in pack.organisation_words:
            return PERSON
        return ORGANISATION
    name, _ = split_name(mention, pack)
    if name is None:
        return ANONYMOUS
    if all(w.isupper() and len(w) > 1 for w in name.split()):
        return ORGANISATION  # "AFP", "SDF"
    return PERSON


def _person_noun_before_preposition(words: list[str], pack: LanguagePack) -> bool:
    for word in words[1:]:
        if word in {"of", "for", "at", "in", "from", "with", "on", "to"} or word.endswith("ing"):
            return False
        if word in pack.person_nouns:
            return True
    return False


def _ends_in_name(words: list[str], pack: LanguagePack) -> bool:
    """``Observatory chief Rami Abdel Rahman``: the last capitalised words are not organisation words."""
    return bool(words) and words[-1][:1].isupper() and words[-1].lower() not in pack.organisation_words \
        and words[-1].lower() not in pack.title_words and not words[-1].isupper()


def make_speaker(mention: str, start: int, end: int, pack: LanguagePack = EN) -> Speaker:
    """A speaker as one attribution site shows it, before in-article resolution."""
    kind = classify(mention, pack)
    speaker = Speaker(mention=mention, start=start, end=end, kind=kind)
    if mention.lower() in pack.pronouns:
        return speaker
    if kind == PERSON:
        speaker.name, speaker.role = split_name(mention, pack)
    elif kind == ORGANISATION:
        name = _proper_part(_ROLE_DETERMINER.sub("", mention.split(",")[0].strip()), pack)
        if name and any(_is_capitalised(w) for w in name.split()):
            name = name[0].upper() + name[1:]
        speaker.name = name or None  # "police", "social media company": a description, lower-case
    else:
        speaker.description = mention
    return speaker


def _proper_part(name: str, pack: LanguagePack) -> str:
    """``website GunBroker.com`` → ``GunBroker.com``: lower-case words before a name describe it."""
    words = name.split()
    lead = 0
    while lead < len(words) and not _is_capitalised(words[lead]):
        lead += 1
    rest = words[lead:]
    if 0 < lead and rest and (all(_is_capitalised(w) or w in pack.name_joiners for w in rest)
                              or len(rest) > 2 and _is_capitalised(rest[1])):
        return " ".join(rest)  # "nationalist Global Times tabloid" → "Global Times tabloid"
    return name


def gender(speaker: Speaker, pack: LanguagePack = EN) -> str | None:
    """``female``/``male`` when the mention or role says so (``she``, ``spokeswoman``, ``Mrs.``)."""
    words = set(_words(" ".join(filter(None, (speaker.mention, speaker.role, speaker.description)))))
    if words & pack.female_words and not words & pack.male_words:
        return "female"
    if words & pack.male_words and not words & pack.female_words:
        return "male"
    return None


def plural(speaker: Speaker, pack: LanguagePack = EN) -> bool:
    """``Two French women``, ``officials``, ``they``: a group, never ``he`` or ``she``."""
    words = _words(speaker.mention.split(",")[0])
    if not words:
        return False
    if words[0] in {"they", "we"} or words[0] in pack.number_words:
        return True
    head = words[-1]
    return speaker.kind == ANONYMOUS and head.endswith("s") and not head.endswith("ss") \
        and head not in {"news", "its", "his"} or head in {"people", "women", "men", "children"}


def _surname(name: str) -> str:
    return name.split()[-1].lower()


def _head(name: str) -> str:
    words = _words(name)
    return words[-1] if words else ""


def _same_organisation(short: str, earlier: str, pack: LanguagePack) -> bool:
    short, earlier = short.lower(), earlier.lower()
    if short in earlier:
        return True
    head = _head(short)
    earlier_words = set(_words(earlier))
    if head in earlier_words:
        return True
    return any(head in group and group & earlier_words for group in pack.organisation_synonyms)


# How many earlier speakers a pronoun or short name looks back through. A news article has
# far fewer; the bound keeps a huge article (or files joined into one) linear in its length.
LOOKBACK = 500


def resolve_in_article(quotes: list[Attribution], mentions: Iterable[Speaker] = (),
                       pack: LanguagePack = EN) -> None:
    """Resolve pronouns and short names against earlier speakers of the same article.

    ``he``/``she`` take the most recent singular person (named or anonymous)
    whose gender does not contradict the pronoun; once resolved, the pronoun
    fixes that person's gender for the rest of the article. ``they`` takes the
    most recent group or organisation, ``it`` the most recent organisation. A
    bare surname (``Bali``) takes the full name introduced earlier (``Mustefa
    Bali``); a short or generic organisation name (``the Observatory``, ``the
    monitor``) the organisation named earlier. Anonymous sources are never
    given a name. ``mentions`` are people the article names outside any
    attribution (``She identified herself as Um Khaled``), in the same form.
    """
    sites = [(q.speaker.start, 1, q.speaker) for q in quotes if q.speaker is not None]
    sites += [(m.start, 0, m) for m in mentions]
    history: list[Speaker] = []
    genders: dict[str, str] = {}

    def gender_of(speaker: Speaker) -> str | None:
        key = speaker.name or speaker.description or ""
        return genders.get(key) or gender(speaker, pack)

    seen: set[int] = set()
    for _, _, speaker in sorted(sites, key=lambda site: (site[0], site[1])):
        if id(speaker) in seen:
            continue
        seen.add(id(speaker))
        lowered = speaker.mention.lower()
        if lowered in pack.pronouns:
            _resolve_pronoun(speaker, lowered, history, gender_of, genders, pack)
        elif speaker.kind == PERSON and speaker.name and " " not in speaker.name:
            for earlier in reversed(history[-LOOKBACK:]):
                if earlier.kind == PERSON and earlier.name and " " in earlier.name \
                        and _surname(earlier.name) == speaker.name.lower():
                    speaker.name = earlier.name
                    speaker.role = speaker.role or earlier.role
                    break
        elif speaker.kind == ORGANISATION and speaker.name:
            for earlier in reversed(history[-LOOKBACK:]):
                if earlier.kind == ORGANISATION and earlier.name and earlier.name != speaker.name \
                        and len(earlier.name) > len(speaker.name) \
                        and _same_organisation(speaker.name, earlier.name, pack) \
                        and (speaker.mention.lower().startswith("the ") or speaker.name in earlier.name):
                    speaker.name = earlier.name
                    break
        if speaker.name or speaker.description:
            history.append(speaker)
            found = gender(speaker, pack)
            if found and (speaker.name or speaker.description) not in genders:
                genders[speaker.name or speaker.description] = found


def _resolve_pronoun(speaker, lowered, history, gender_of, genders, pack: LanguagePack) -> None:
    if lowered in pack.male_pronouns | pack.female_pronouns:
        wanted = "female" if lowered in pack.female_pronouns else "male"
        recent = [e for e in history[-4:] if e.kind in (PERSON, ANONYMOUS) and not plural(e, pack)]
        known = [e for e in recent if gender_of(e) == wanted] if wanted == "female" else []
        # A woman named a few speakers back beats a nearer speaker of unknown gender for "she"
        # (news mentions mark women explicitly far more often than men).
        for earlier in reversed(known) if known else reversed(history[-LOOKBACK:]):
            if earlier.kind in (PERSON, ANONYMOUS) and not plural(earlier, pack) \
                    and gender_of(earlier) in (None, wanted):
                speaker.name, speaker.kind = earlier.name, earlier.kind
                speaker.description = earlier.description
                speaker.role = speaker.role or earlier.role
                genders.setdefault(earlier.name or earlier.description or "", wanted)
                return
    elif lowered in {"they", "it"}:
        for earlier in reversed(history[-LOOKBACK:]):
            group = earlier.kind == ORGANISATION or (lowered == "they" and plural(earlier, pack))
            if group and not (lowered == "it" and plural(earlier, pack)):
                speaker.name, speaker.kind = earlier.name, earlier.kind
                speaker.description = earlier.description
                return
