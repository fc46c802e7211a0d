"""The records that flow between the two stages and their steps.

Every step takes and returns these plain dataclasses, so an engine, the
speaker resolver, the clusterer and the store can be swapped or tested alone.
All offsets are character offsets into ``Article.text`` exactly as read.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

DIRECT = "direct"
INDIRECT = "indirect"
MIXED = "mixed"
KINDS = (DIRECT, INDIRECT, MIXED)

PERSON = "person"
ORGANISATION = "organisation"
ANONYMOUS = "anonymous"
SPEAKER_KINDS = (PERSON, ORGANISATION, ANONYMOUS)


@dataclass
class Article:
    """One news article as read, with whatever metadata came with it.

    ``published`` is a UTC instant (``2026-03-02T03:00:00Z``, see
    :mod:`quotes.readers.dates`) once the reader has settled the metadata;
    ``published_raw`` keeps what the source wrote. ``from_page`` names the
    fields a web page supplied itself, which explicit metadata overrides.
    """

    source: str
    text: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    published_raw: str | None = None
    from_page: tuple[str, ...] = ()

    def __post_init__(self):
        self.from_page = tuple(self.from_page)  # a list after a trip through JSON

    @property
    def content_hash(self) -> str:
        """Same source and same text means the same article: re-reading it is a no-op."""
        digest = hashlib.sha256()
        digest.update(self.source.encode("utf-8"))
        digest.update(b"\0")
        digest.update(self.text.encode("utf-8"))
        return digest.hexdigest()


@dataclass
class Speaker:
    """Who a quote is attributed to, as far as one article can tell.

    ``mention`` is the words at the attribution site (``he``, ``SDF spokesman
    Mustefa Bali``); ``name`` is the person or organisation they resolve to
    inside the article, roles stripped; ``description`` keeps an anonymous
    source's words (``a senior Pentagon official``).
    """

    mention: str
    start: int
    end: int
    name: str | None = None
    kind: str | None = None  # one of SPEAKER_KINDS
    role: str | None = None
    description: str | None = None

    @property
    def display_name(self) -> str | None:
        """What a reader would call this speaker: the name, else the description."""
        return self.name or self.description


@dataclass
class Attribution:
    """One attribution: content span, cue and (maybe) speaker."""

    kind: str  # one of KINDS
    start: int
    end: int
    text: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: Speaker | None = None
    told_to: str | None = None
    # Filled by later steps:
    speaker_id: int | None = None
    cluster_id: int | None = None
    extra: dict = field(default_factory=dict)
    confidence: float | None = None


@dataclass
class Referent:
    """Who one attribution's speaker is inside its article, as the extract stage settles it.

    :mod:`quotes.extract.referents` decides which mentions of an article are one
    speaker (``Bali`` is the ``Mustefa Bali`` quoted above, ``the monitor`` the
    ``Syrian Observatory`` before it) and what each is called; the commit stage
    only finds or makes the ``speakers`` row each one is across articles
    (:mod:`quotes.commit.identity`). ``local`` is the in-article identity
    (``person:<key>``, ``organisation:<key>``, ``anonymous:<words>``): mentions
    with one ``local`` are one speaker.
    """

    quote: int  # index into Extracted.attributions
    local: str
    kind: str  # one of SPEAKER_KINDS
    name: str  # what a new speakers row is called
    alias: str | None = None  # the spelling this mention records, and its key
    alias_key: str | None = None
    key: str | None = None  # the name key matched across articles
    scoped: bool = False  # known only inside this article: never matched outside it
    # Organisations: a common noun or non-name ("police", "statement") gets a row of its
    # article when no correction or earlier mention names it.
    scoped_if_new: bool = False
    same_as: list[int] | None = None  # earlier referents (indexes) a description stands for
    spelling: str | None = None  # the override key of this exact spelling
    acronym: str | None = None  # an organisation that introduces one: ``(SDF)``
    person: dict | None = None  # the parsed name's parts (quotes.extract.names.PersonName)


@dataclass
class Extracted:
    """What the extract stage hands the commit stage for one article.

    Plain data with no database handle: picklable, and JSON-able through
    :meth:`to_dict` / :meth:`from_dict`, so extraction can run in other
    processes or on other machines and one writer commits the results.
    ``lang`` is the language the article was read in: the commit stage reads
    the same language pack (name titles, role words, quote spellings).
    """

    article: Article
    engine: str
    attributions: list[Attribution]
    # Each attribution's words as clustering compares them, and the hashes of their word
    # 3-grams (quotes.commit.statements): pure work, done here rather than by the one writer.
    words: list[list[str]] | None = None
    shingles: list[list[int]] | None = None
    # Who each speaker is inside the article, in the order the commit stage matches them.
    referents: list[Referent] = field(default_factory=list)
    lang: str = "en"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Extracted:
        attributions = []
        for item in data["attributions"]:
            item = dict(item)
            speaker = item.pop("speaker")
            attributions.append(Attribution(**item, speaker=Speaker(**speaker) if speaker else None))
        referents = [Referent(**item) for item in data.get("referents") or ()]
        return cls(Article(**data["article"]), data["engine"], attributions,
                   data.get("words"), data.get("shingles"), referents, data.get("lang", "en"))


@dataclass
class Quote:
    """A quote as the Python API returns it: flat, its speaker by name.

    ``speaker`` is the name the speaker resolved to (canonical across articles
    once stored) or an anonymous source's description; ``speaker_mention`` is
    the words in the text. Offsets point into the article text as given.
    """

    kind: str
    text: str
    start: int
    end: int
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker: str | None
    speaker_mention: str | None
    speaker_start: int | None
    speaker_end: int | None
    told_to: str | None = None
    speaker_id: int | None = None
    cluster_id: int | None = None

    @classmethod
    def from_attribution(cls, found: Attribution, speaker: str | None = None) -> Quote:
        """``speaker`` overrides the in-article name (the stored canonical name)."""
        who = found.speaker
        return cls(
            kind=found.kind, text=found.text, start=found.start, end=found.end, cue=found.cue,
            cue_start=found.cue_start, cue_end=found.cue_end,
            speaker=speaker or (who.display_name if who else None),
            speaker_mention=who.mention if who else None,
            speaker_start=who.start if who else None, speaker_end=who.end if who else None,
            told_to=found.told_to, speaker_id=found.speaker_id, cluster_id=found.cluster_id,
        )
