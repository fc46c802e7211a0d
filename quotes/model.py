"""The records that flow between the pipeline's steps.

Every step takes and returns these plain dataclasses, so an engine, the
speaker resolver, the clusterer and the store can be swapped or tested alone.
All offsets are character offsets into ``Article.text`` exactly as read.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

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
    :mod:`quotes.published`) once the reader has settled the metadata;
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
class Quote:
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
