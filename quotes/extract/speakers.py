"""Speaker mentions: split names from roles, type them, resolve them inside one article.

Both engines produce a raw mention (``SDF spokesman Mustefa Bali``, ``he``,
``a senior Pentagon official``); this module turns it into a
:class:`~quotes.model.Speaker` with a name, a role and a kind, and resolves
pronouns, surnames and short organisation names to the speaker introduced
earlier in the same article. Identity *across* articles is
:mod:`quotes.commit.identity`'s job. Titles, pronouns and the nouns that make a
mention a person, an organisation or an anonymous source come from a
:mod:`quotes.lang` pack, English unless the engine passes another.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from quotes.extract.names import starts_with_verb
from quotes.lang import LanguagePack, get
from quotes.model import ANONYMOUS, ORGANISATION, PERSON, Attribution, Speaker

_WORD = re.compile(r"[\w’'.\-]+")
_ROLE_DETERMINER = re.compile(r"^(the|a|an|who|which)\s+", re.I)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _words(mention: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(mention)]


def split_name(mention: str, pack: LanguagePack | None = None) -> tuple[str | None, str | None]:
    """Split a person mention into ``(name, role)``.

    ``SDF spokesman Mustefa Bali`` → (``Mustefa Bali``, ``SDF spokesman``);
    ``Bali, the SDF spokesman`` → (``Bali``, ``SDF spokesman``);
    ``The harbour master, Yusuf Haddad`` → (``Yusuf Haddad``, ``harbour master``);
    ``Acting US Defense Secretary Patrick Shanahan`` → (``Patrick Shanahan``,
    ``Acting US Defense Secretary``). A mention with no name gives ``(None, mention)``.
    """
    pack = pack or get("en")
    mention = mention.strip().strip(",").strip()
    if "," in mention:
        return _split_apposition(mention, pack)
    before, of, after = mention.partition(" of ")
    if of and after:
        name, role = split_name(before, pack)
        # "Supervisor Alfredo Pedroza of Napa County": the name before "of"; but "Chief Financial
        # Officer of Super Value Ana Ruiz" ends in a title, so the name comes after.
        if name and " " in name and name.split()[-1].lower() not in pack.title_words:
            return name, " ".join(part for part in (role, f"of {after}") if part)
    words = mention.split()
    end = len(words)
    while end > 0 and not _is_capitalised(words[end - 1]):
        end -= 1  # "Ryan himself", "Trump campaign" are handled by the caller; trim lowercase tails
    if end < len(words) and end > 0 and len(words) - end > 2:
        return None, mention or None
    start = _name_start(words, end, pack)
    if start >= end:
        return None, mention or None
    name = " ".join(words[start:end])
    role = _ROLE_DETERMINER.sub("", " ".join(words[:start])).strip() or None
    return name, role


def _split_apposition(mention: str, pack: LanguagePack) -> tuple[str | None, str | None]:
    """``Bali, the SDF spokesman`` or ``The harbour master, Yusuf Haddad``: the name on either side
    of the first comma, the rest the role."""
    head, _, tail = mention.partition(",")
    tail = tail.strip().strip(",").strip()
    name, role = split_name(head, pack)
    head_words = head.split()
    if name and head_words and (head_words[-1].lower() in pack.title_words
                                or head_words[-1].lower() in pack.person_nouns) and tail[:1].isupper():
        named, _ = split_name(tail, pack)  # "Finance Minister, Tom Berg": the title, then the name
        if named:
            return named, head.strip()
    if name:
        tail_role = _ROLE_DETERMINER.sub("", tail) if tail else ""
        return name, ", ".join(part for part in (role, tail_role) if part) or None
    name, tail_role = split_name(tail, pack)
    head_role = _ROLE_DETERMINER.sub("", head.strip())
    if head.split()[:1] and head.split()[0].lower() in pack.time_modifiers:
        head_role = tail_role or ""  # "Last night, senior MP Tom Berg": a time, then the mention
    return (name, head_role or None) if name else (None, mention)


def _name_start(words: list[str], end: int, pack: LanguagePack) -> int:
    """Where the name ending at ``end`` starts: back over capitalised words and particles
    (``al-``, ``bin``), then forward past titles, acronyms and possessives (``US``, ``Trump's``)."""
    start = end
    while start > 0 and (_is_capitalised(words[start - 1]) or words[start - 1].lower() in pack.particles
                         or words[start - 1].lower().startswith(("al-", "el-"))):
        start -= 1
    while start < end and (words[start].lower().strip(",") in pack.title_words
                           or words[start].lower() in pack.time_modifiers  # "Last night, …"
                           or words[start].isupper() and len(words[start]) > 1
                           or words[start].lower().endswith(("'s", "’s"))):
        start += 1
    return start


def classify(mention: str, pack: LanguagePack | None = None) -> str:
    """Guess whether a mention is a person, an organisation or an anonymous source.

    The checks run from the cheapest and surest (the first word) to the
    capitalised words of the mention's head, its part before any comma.
    """
    pack = pack or get("en")
    words = _words(mention)
    if not words or starts_with_verb(mention, pack):
        return ANONYMOUS  # "Calls Trump's Putin": a headline's clause, no one's name
    kind = _kind_of_pronoun(words, pack) or _kind_of_apposition(mention, pack)
    if kind:
        return kind
    head_part = mention.split(",")[0]
    head = (_words(head_part) or words)[-1]
    original = _WORD.findall(head_part)
    capitalised = [w for w in original if _is_capitalised(w) and w.lower() not in {"the", "a", "an"}]
    if _anonymous_description(words, head, capitalised, pack):
        return ANONYMOUS
    if not capitalised:
        return _kind_of_lower_case(mention, head, pack)
    return _kind_of_capitalised(mention, words, head, original, capitalised, pack)


def _kind_of_pronoun(words: list[str], pack: LanguagePack) -> str | None:
    """``he``, ``she``: a person; ``they``, ``we``: a group, taken as an organisation. ``her
    report`` is a thing of hers, no pronoun."""
    first = words[0]
    if first in pack.possessives and len(words) > 1:
        return None
    if first in pack.person_pronouns:
        return PERSON
    if first in pack.group_pronouns:
        return ORGANISATION
    return None


def _kind_of_apposition(mention: str, pack: LanguagePack) -> str | None:
    """``The harbour master, Yusuf Haddad``, ``Tomas Lind, a trawler captain``: a name beside a
    comma makes a person (an all-capitals one is an acronym, decided later)."""
    if "," not in mention:
        return None
    name, _ = split_name(mention, pack)
    head = _WORD.findall(mention.split(",")[0])
    tail = _WORD.findall(mention.partition(",")[2])
    if name and head[:1] in (["The"], ["the"]) and len(head) > 1 and _is_capitalised(head[1]) \
            and not any(_is_capitalised(w) for w in tail):
        return None  # "The Harbour Authority, the port's owner": a name with "the" is no person's
    return PERSON if name and not name.isupper() else None


def _anonymous_description(words: list[str], head: str, capitalised: list[str], pack: LanguagePack) -> bool:
    """``a senior Pentagon official``, ``the official``, ``the top US commander overseeing ...``:
    a description of someone unnamed."""
    if words[0] in pack.anonymous_determiners:
        return True
    if words[0] == "the" and _person_noun_before_preposition(words, pack):
        return True
    if head in pack.document_nouns and len(words) > 1 and head not in {w.lower() for w in capitalised} \
            and not any(w.endswith(tuple(pack.possessive_endings)) for w in words):
        return True  # "Online records", "Court filings": a text described, no name ("Ana's memo" is hers)
    return head in pack.person_nouns and (words[0] == "the" or not capitalised)


def _kind_of_lower_case(mention: str, head: str, pack: LanguagePack) -> str:
    """A mention with no capitalised word: a person only beside a name, else ``police``-like
    organisation words or an anonymous description."""
    if "," in mention:
        name, _ = split_name(mention, pack)
        if name:
            return PERSON
    return ORGANISATION if head in pack.organisation_words else ANONYMOUS


def _kind_of_capitalised(mention: str, words: list[str], head: str, original: list[str],
                         capitalised: list[str], pack: LanguagePack) -> str:
    """A mention with capitalised words: an organisation when they or its head say so,
    else whatever its name is."""
    if _person_of(mention, pack):
        return PERSON  # "Mayor Ana Ruiz of Napa County"
    if set(w.lower() for w in capitalised) & pack.organisation_words - pack.title_words - {"white", "house"} \
            and head not in pack.person_nouns and not _ends_in_name(original, pack):
        return ORGANISATION  # "the US Department of Defence"
    if head in pack.organisation_words or words[0] == "the" and head not in pack.title_words:
        name, _ = split_name(mention, pack)
        if "," in mention and name and head not in pack.organisation_words:
            return PERSON
        return ORGANISATION
    return _kind_of_name(mention, pack)


def _person_of(mention: str, pack: LanguagePack) -> bool:
    """``Mayor Ana Ruiz of Napa County``: a person's name before ``of``, whatever comes after."""
    before, of, _ = mention.partition(" of ")
    return bool(of) and classify(before, pack) == PERSON and " " in (split_name(before, pack)[0] or "")


def _kind_of_name(mention: str, pack: LanguagePack) -> str:
    """No name: anonymous; an all-capitals name (``AFP``, ``SDF``): an organisation; else a person."""
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


def make_speaker(mention: str, start: int, end: int, pack: LanguagePack | None = None) -> Speaker:
    """A speaker as one attribution site shows it, before in-article resolution.

    ``pack`` is the engine's language pack (English when none is given).
    """
    pack = pack or get("en")
    mention, start, end = trim_mention(mention, start, end, pack)
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


def trim_mention(mention: str, start: int, end: int, pack: LanguagePack) -> tuple[str, int, int]:
    """The words of ``mention`` that say who speaks, with their offsets: a speaker is a name, a
    role or a description, never a clause. ``Leigh Sears who is the marina manager`` → ``Leigh
    Sears``; ``Jim Dunham in an interview with the Globe`` → ``Jim Dunham``; ``Speaking on the
    radio he dodged the question`` → ``he`` (the clause's subject). A relative clause with a
    subject of its own stays (``a country that the nominee, Mitt Romney``: the speaker is in it).
    A modal verb ends the mention: ``a reporter can be heard`` → ``a reporter``."""
    words = list(_MENTION_WORD.finditer(mention))
    modal = next((w for w in words[1:] if w.group() in pack.modal_verbs), None)
    if modal is not None:  # "a reporter can be heard": the noun phrase before the verb
        cut = mention[:modal.start()].rstrip(" ,")
        mention, end, words = cut, start + len(cut), words[:words.index(modal)]
    pronoun = next((w for w in words[2:] if w.group() in pack.subject_pronouns and w.group() != "it"), None)
    if pronoun is not None and (not _is_capitalised(words[0].group()) or words[0].group().endswith("ing")):
        return pronoun.group(), start + pronoun.start(), start + pronoun.end()  # a clause: its subject
    for n, word in enumerate(words[1:], 1):
        value = word.group()
        following = words[n + 1].group() if n + 1 < len(words) else ""
        if value in pack.mention_relatives and following.islower() and following not in pack.determiners \
                or value in pack.mention_ending_prepositions \
                and _is_capitalised(words[n - 1].group()) \
                and not mention[:words[n - 1].start()].rstrip().endswith(",") \
                and not _only_titles(words[:n], pack):
            cut = mention[:word.start()].rstrip(" ,")
            return cut, start, start + len(cut)
    return mention, start, end


_MENTION_WORD = re.compile(r"[\w’'.\-]+")


def _only_titles(words: list[re.Match], pack: LanguagePack) -> bool:
    """``Minister`` of ``Minister in the Ministry of Finance Ana Ruiz``: a title alone is no
    speaker, so the preposition after it opens the rest of the role, not an adjunct."""
    return all(w.group().lower() in pack.title_words for w in words)


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


def gender(speaker: Speaker, pack: LanguagePack) -> str | None:
    """``female``/``male`` when the mention or role says so (``she``, ``spokeswoman``, ``Mrs.``)."""
    words = set(_words(" ".join(filter(None, (speaker.mention, speaker.role, speaker.description)))))
    if words & pack.female_words and not words & pack.male_words:
        return "female"
    if words & pack.male_words and not words & pack.female_words:
        return "male"
    return None


def plural(speaker: Speaker, pack: LanguagePack) -> bool:
    """``Two French women``, ``officials``, ``they``: a group, never ``he`` or ``she``."""
    words = _words(speaker.mention.split(",")[0])
    if not words:
        return False
    if words[0] in {"they", "we"} or words[0] in pack.number_words:
        return True
    head = words[-1]
    return speaker.kind == ANONYMOUS and head.endswith("s") and not head.endswith("ss") \
        and head not in {"news", "its", "his"} or head in {"people", "women", "men", "children"} \
        or head in pack.group_nouns


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


@dataclass
class _Earlier:
    """The speakers an article has introduced so far, and the genders it has fixed for them."""

    pack: LanguagePack
    history: list[Speaker] = field(default_factory=list)
    genders: dict[str, str] = field(default_factory=dict)

    def gender_of(self, speaker: Speaker) -> str | None:
        return self.genders.get(speaker.name or speaker.description or "") or gender(speaker, self.pack)

    def recent(self) -> Iterator[Speaker]:
        """Earlier speakers, the nearest first, as far back as :data:`LOOKBACK`."""
        return reversed(self.history[-LOOKBACK:])

    def remember(self, speaker: Speaker) -> None:
        """A speaker with a name or a description is someone later mentions can mean."""
        if not (speaker.name or speaker.description):
            return
        self.history.append(speaker)
        found = gender(speaker, self.pack)
        if found and (speaker.name or speaker.description) not in self.genders:
            self.genders[speaker.name or speaker.description] = found


def resolve_in_article(quotes: list[Attribution], mentions: Iterable[Speaker] = (),
                       pack: LanguagePack | None = None) -> None:
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
    earlier = _Earlier(pack or get("en"))
    for speaker in _in_text_order(quotes, mentions):
        _resolve(speaker, earlier)
        earlier.remember(speaker)


def _in_text_order(quotes: list[Attribution], mentions: Iterable[Speaker]) -> list[Speaker]:
    """Every speaker once, by offset; a mention outside any attribution before a quote's at the same offset."""
    sites = [(q.speaker.start, 1, q.speaker) for q in quotes if q.speaker is not None]
    sites += [(m.start, 0, m) for m in mentions]
    seen: set[int] = set()
    ordered = []
    for _, _, speaker in sorted(sites, key=lambda site: (site[0], site[1])):
        if id(speaker) not in seen:
            seen.add(id(speaker))
            ordered.append(speaker)
    return ordered


def _resolve(speaker: Speaker, earlier: _Earlier) -> None:
    lowered = speaker.mention.lower()
    if lowered in earlier.pack.pronouns:
        _resolve_pronoun(speaker, lowered, earlier)
    elif speaker.kind == PERSON and speaker.name and " " not in speaker.name:
        _resolve_surname(speaker, earlier)
    elif speaker.kind == ORGANISATION and speaker.name:
        _resolve_organisation(speaker, earlier)
    elif speaker.kind == ANONYMOUS and not speaker.name:
        _resolve_role(speaker, earlier)
        if not speaker.name:
            _resolve_document(speaker, earlier)


def _resolve_document(speaker: Speaker, earlier: _Earlier) -> None:
    """``another release``, ``the statement``, ``their study``: a text speaks for whoever issued
    it. An owner's pronoun (``their study``) stands for whom that pronoun would; a text with
    none for the organisation quoted last, when there is one (never a person: ``the letter``
    after a senator's words is not hers by being next)."""
    pack = earlier.pack
    words = _words(speaker.mention.split(",")[0])
    if len(words) < 2 or len(words) > 3 or words[-1] not in pack.document_nouns:
        return
    owner = pack.possessive_subjects.get(words[0])
    if owner:
        stand_in = Speaker(mention=owner, start=speaker.start, end=speaker.end)
        _resolve_pronoun(stand_in, owner, earlier)
        if stand_in.name:
            speaker.name, speaker.kind, speaker.role = stand_in.name, stand_in.kind, stand_in.role
            speaker.description = None
        return
    if words[0] not in pack.document_determiners:
        return
    for candidate in earlier.recent():
        if candidate.kind == ORGANISATION and candidate.name:
            speaker.name, speaker.kind, speaker.description = candidate.name, ORGANISATION, None
            return


def _resolve_role(speaker: Speaker, earlier: _Earlier) -> None:
    """``the Minister``, ``President``: a capitalised title with no name stands for the person
    the article last gave that title (``Finance Minister Ana Ruiz``); with none it stays a
    description."""
    words = _WORD.findall(speaker.mention.split(",")[0])
    if words and words[0].lower() == "the":
        words = words[1:]
    pack = earlier.pack
    if not words or len(words) > 3 or not all(_is_capitalised(w) and w.lower() in pack.title_words - {"the"}
                                             for w in words):
        return
    head = words[-1].lower()
    for known in earlier.recent():
        if known.kind == PERSON and known.name and " " in known.name \
                and head in _words(" ".join(filter(None, (known.role, known.mention)))):
            speaker.name, speaker.kind, speaker.description = known.name, PERSON, None
            speaker.role = known.role
            return


def _resolve_surname(speaker: Speaker, earlier: _Earlier) -> None:
    """``Ryan`` takes the full name introduced earlier, ``Sean Ryan``, and its role."""
    for known in earlier.recent():
        if known.kind == PERSON and known.name and " " in known.name \
                and _surname(known.name) == speaker.name.lower():
            speaker.name = known.name
            speaker.role = speaker.role or known.role
            return


def _resolve_organisation(speaker: Speaker, earlier: _Earlier) -> None:
    """``the Observatory``, ``the monitor``: the longer organisation name introduced earlier."""
    for known in earlier.recent():
        if known.kind == ORGANISATION and known.name and known.name != speaker.name \
                and len(known.name) > len(speaker.name) \
                and _same_organisation(speaker.name, known.name, earlier.pack) \
                and (speaker.mention.lower().startswith("the ") or speaker.name in known.name):
            speaker.name = known.name
            return


def _resolve_pronoun(speaker: Speaker, lowered: str, earlier: _Earlier) -> None:
    pack = earlier.pack
    if lowered in pack.male_pronouns | pack.female_pronouns:
        _resolve_he_or_she(speaker, "female" if lowered in pack.female_pronouns else "male", earlier)
    elif lowered in {"they", "it"}:
        _resolve_group(speaker, lowered, earlier)


def _resolve_he_or_she(speaker: Speaker, wanted: str, earlier: _Earlier) -> None:
    """The most recent singular person whose gender does not contradict the pronoun."""
    pack = earlier.pack
    recent = [e for e in earlier.history[-4:] if e.kind in (PERSON, ANONYMOUS) and not plural(e, pack)]
    known = [e for e in recent if earlier.gender_of(e) == wanted] if wanted == "female" else []
    # A woman named a few speakers back beats a nearer speaker of unknown gender for "she"
    # (news mentions mark women explicitly far more often than men).
    for candidate in reversed(known) if known else earlier.recent():
        if candidate.kind in (PERSON, ANONYMOUS) and not plural(candidate, pack) \
                and earlier.gender_of(candidate) in (None, wanted) and not _is_document(candidate, pack):
            speaker.name, speaker.kind = candidate.name, candidate.kind
            speaker.description = candidate.description
            speaker.role = speaker.role or candidate.role
            earlier.genders.setdefault(candidate.name or candidate.description or "", wanted)
            return


def _is_document(speaker: Speaker, pack: LanguagePack) -> bool:
    """``a separate story``, ``the letter``: a text, not a person (an unnamed one only)."""
    words = _words(speaker.mention.split(",")[0])
    return speaker.name is None and bool(words) and words[-1] in pack.document_nouns


def _resolve_group(speaker: Speaker, lowered: str, earlier: _Earlier) -> None:
    """``they``: the most recent organisation or group; ``it``: the most recent organisation."""
    pack = earlier.pack
    for candidate in earlier.recent():
        group = candidate.kind == ORGANISATION or (lowered == "they" and plural(candidate, pack))
        if group and not (lowered == "it" and plural(candidate, pack)):
            speaker.name, speaker.kind = candidate.name, candidate.kind
            speaker.description = candidate.description
            return
