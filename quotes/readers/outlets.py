"""One readable name per outlet, from what a web page says about itself.

Pages name their publisher in many places, and most of them carry more than
the name: ``og:site_name`` holds taglines (``The Tico Times | Costa Rica News |
Travel | Real Estate``) or a section (reuters.com's ``U.S.``) or the domain
(``DW.COM``); the ``<title>`` ends with the name after the headline; a copyright
line names the company (``The New York Times Company``). This module gathers the
names a page gives (:func:`page_names`, read before the extractor prunes the
tree) and picks one (:func:`choose`):

1. each candidate is cut at its separators (``|``, `` - ``, `` — ``, ...) and
   cleaned of a domain in brackets and a company's legal ending (``Inc.``,
   ``Company``); a piece that is a web address, or that mentions one (``... on
   www.breakingbelizenews.com``), is a tagline, not a name;
2. the first piece, in the order og:site_name, JSON-LD publisher, the
   application-name and publisher ``<meta>`` tags, the title's pieces after
   the headline, the copyright line, that *fits the domain* (shares a word
   with it, spells it, or is it in initials: ``Deutsche Welle`` for dw.com) is
   the outlet's name;
3. failing that, a site name that fits no domain (a publisher whose name is
   not its address: ``Quartz`` on qz.com), unless it is two letters or fewer or
   a part of the URL's path (a section: ``U.S.`` of ``/world/us/``);
4. failing that, the domain made readable: as the page spells it
   (``BreakingBelizeNews.com`` → ``Breaking Belize News``), else cut into
   words the page uses (``millstreetgazette`` → ``Mill Street Gazette``), else
   capitalised (``Axios``), short ones as initials (``CNN``).

General rules only: no table of outlets, so a page from an outlet never seen
gets the same treatment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from anyascii import anyascii
from lxml import etree

from quotes.extract.names import fold

# Where a site name, a tagline and a headline part in titles and site names.
_SEPARATORS = re.compile(r"\s+[|•·»–—:]+\s+|\s*\|\s*|\s+[-~/]+\s+|\s*::\s*")
# A web address; bounded, so that a page's long runs of letters cost linear time.
_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?\b[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){0,4}"
                     r"\.[a-z]{2,24}\b/?", re.I)
_BRACKETED_DOMAIN = re.compile(r"\s*[(\[][^()\[\]]*\.[a-z]{2,}[^()\[\]]*[)\]]", re.I)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|&copy;|\bcopyright\b)\s*(?:©\s*)?(?:\d{4}\s*(?:[-–]\s*\d{0,4})?\s*,?\s*)?"
                        r"([^.,;|\n©]{2,80}(?:\.[a-z]{2,4})?)", re.I)
_LEGAL_ENDINGS = re.compile(
    r"(?:[,\s]+(?:inc|ltd|llc|plc|co|corp|corporation|company|limited|group|media|holdings"
    r"|publishing|publications|all rights reserved)\.?)+\s*$", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_SMALL_WORDS = {"the", "of", "and", "a", "an", "on", "in", "for", "de", "la", "le", "el", "&"}
MAX_NAME = 60  # longer is a sentence, not a name
MAX_TEXT = 200_000  # of a page's text read for its copyright line and words
MAX_FIELD = 1000  # of one <meta>, title or JSON-LD name: a name is far shorter


@dataclass
class PageNames:
    """The names a page gives itself, in the order they are trusted, and its words."""

    site_names: list[str] = field(default_factory=list)  # og:site_name, JSON-LD: whole names
    titles: list[str] = field(default_factory=list)  # application-name, publisher <meta>s
    title: str = ""  # the <title>: the name after the headline
    copyrights: list[str] = field(default_factory=list)
    text: str = ""  # what the page says, where it may spell its address or the words in it

    def spellings(self) -> list[str]:
        """Web addresses as the page writes them, when not all in lower case
        (``BreakingBelizeNews.com``, ``DW.COM``)."""
        return [m.group(0) for m in _DOMAIN.finditer(self.text) if not m.group(0).islower()]

    def words(self) -> set[str]:
        """Every word on the page, folded (not through the cached :func:`fold`: a page's
        text is no name to keep)."""
        return set(re.findall(r"[a-z0-9]+", anyascii(self.text).lower().replace("'", "")))


# -- reading the page -------------------------------------------------------------------------

def page_names(tree, json_ld: list[dict]) -> PageNames:
    """What the page says its name is, from an lxml tree and its JSON-LD objects."""
    found = PageNames()
    metas: dict[str, list[str]] = {}
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        value = " ".join((meta.get("content") or "")[:MAX_FIELD].split())
        if key and value:
            metas.setdefault(key, []).append(value)
    found.site_names += metas.get("og:site_name", [])[:1]
    found.site_names += _json_ld_publishers(json_ld)
    for key in ("application-name", "apple-mobile-web-app-title", "publisher", "dc.publisher"):
        found.titles += metas.get(key, [])[:1]
    found.title = " ".join((tree.findtext(".//title") or "")[:MAX_FIELD].split())
    body = tree.find(".//body")
    # lxml's own text serialisation: a hundredth of the time of gathering text nodes in Python
    body = etree.tostring(body if body is not None else tree, method="text", encoding="unicode")
    if len(body) > MAX_TEXT:  # its top and its foot, where the copyright line is
        body = body[:MAX_TEXT // 2] + "\n" + body[-MAX_TEXT // 2:]
    found.copyrights += metas.get("copyright", [])[:1]
    found.copyrights += [m.group(1).strip() for m in _COPYRIGHT.finditer(body)][-3:]
    found.text = " ".join([*found.site_names, *found.titles, found.title, *found.copyrights, body])
    return found


def _json_ld_publishers(items: list[dict]) -> list[str]:
    """The publisher's name as JSON-LD gives it, following ``@id`` references, then the
    name of a news organisation or web site described on the page."""
    by_id = {item["@id"]: item for item in items if isinstance(item.get("@id"), str)}
    names = []
    for item in items:
        owner = item.get("publisher")
        owner = owner[0] if isinstance(owner, list) and owner else owner
        if isinstance(owner, dict) and not isinstance(owner.get("name"), str):
            owner = by_id.get(owner.get("@id"), owner)
        if isinstance(owner, dict) and isinstance(owner.get("name"), str) and owner["name"].strip():
            names.append(" ".join(owner["name"][:MAX_FIELD].split()))
    for item in items:
        kinds = item.get("@type")
        kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else []
        if any(k in ("NewsMediaOrganization", "Organization", "WebSite") for k in kinds
               if isinstance(k, str)) and isinstance(item.get("name"), str) and item["name"].strip():
            names.append(" ".join(item["name"][:MAX_FIELD].split()))
    return list(dict.fromkeys(names))


# -- choosing -------------------------------------------------------------------------------

def choose(found: PageNames, url: str | None) -> str | None:
    """The outlet's name (see the module's steps), or ``None`` for a page with neither a
    name nor an address."""
    label = domain_label(url)
    ordered = [(piece, "site") for name in found.site_names for piece in _pieces(name)]
    ordered += [(piece, "title") for name in found.titles for piece in _pieces(name, True)]
    ordered += [(piece, "title") for piece in _pieces(found.title, True, headline=True)]
    ordered += [(piece, "copyright") for name in found.copyrights
                for piece in _pieces(_LEGAL_ENDINGS.sub("", _YEAR.sub("", name)))]
    if label is None:
        return next((piece for piece, source in ordered if source != "copyright"), None)
    for piece, _ in ordered:
        if fits(piece, label):
            return piece
    sections = _sections(url)
    for piece, source in ordered:
        if source == "site" and len(fold(piece).replace(" ", "")) > 2 \
                and fold(piece).replace("-", " ") not in sections:
            return piece
    return readable_domain(url, found.words(), found.spellings())


def _sections(url: str | None) -> set[str]:
    """The folded parts of a URL's path (``/world/us/`` → ``world``, ``us``): a site name
    that is one of them names a section, not the outlet."""
    from urllib.parse import urlsplit

    path = urlsplit(url or "").path
    return {fold(part.replace("-", " ")) for part in path.split("/") if part}


def _pieces(name: str, last_first: bool = False, headline: bool = False) -> list[str]:
    """The parts of a site name or title that may be a name, most likely first: a site name's
    first part, a title's last (``Headline - The New York Times``); a ``<title>``'s first
    part is its headline, never a name."""
    name = _BRACKETED_DOMAIN.sub("", " ".join(name.split()))
    parts = [p.strip(" ,;:-–—|") for p in _SEPARATORS.split(name)]
    parts = [p for p in parts if p and len(p) <= MAX_NAME and not _DOMAIN.search(p)
             and re.search(r"[^\W\d_]", p)]
    if last_first and len(parts) > 1:
        parts = parts[1:][::-1] if headline else parts[::-1]
    elif headline:
        parts = []
    return parts


def domain_label(url: str | None) -> str | None:
    """The name part of a URL's registered domain: ``nytimes`` for ``https://www.nytimes.com/x``,
    ``independent`` for ``independent.co.uk``."""
    if not url:
        return None
    from courlan import extract_domain

    domain = extract_domain(url) or extract_domain(url, fast=True)
    if not domain:
        return None
    label = fold(domain.split(".")[0]).replace(" ", "")
    return label or None


def fits(name: str, label: str) -> bool:
    """Whether a name fits a domain: the domain spells it (``dominicantoday``), holds one of
    its words (``times`` of nytimes), or is its initials (``dw``, ``aclu``)."""
    words = fold(name).replace("-", " ").split()
    compact = "".join(words)
    if not compact:
        return False
    if len(compact) >= 3 and (compact in label or label in compact):
        return True
    if any(len(w) >= 4 and w not in _SMALL_WORDS and w in label for w in words):
        return True
    initials = "".join(w[0] for w in words if w not in _SMALL_WORDS)
    every = "".join(w[0] for w in words)
    return len(label) >= 2 and label in (initials, every)


def readable_domain(url: str | None, words: set[str] = frozenset(),
                    spellings: list[str] = ()) -> str | None:
    """A name made of the domain: as the page spells it, in the page's words, or capitalised."""
    label = domain_label(url)
    if not label:
        return None
    for spelled in spellings:  # "BreakingBelizeNews.com", "DW.COM"
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", spelled, flags=re.I).split(".")[0]
        if host.lower() == label:
            if host.isupper():
                return host
            parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", host)
            if len(parts) > 1:
                return " ".join(p if p.isupper() else p[:1].upper() + p[1:] for p in parts)
    pieces = _segment(label, words)
    if pieces and len(pieces) > 1:
        return " ".join(p if p in _SMALL_WORDS and i else p.capitalize() for i, p in enumerate(pieces))
    letters = re.sub(r"\d", "", label)
    return label.upper() if len(letters) <= 3 else label.capitalize()


def _segment(label: str, words: set[str]) -> list[str] | None:
    """``label`` as the fewest of the page's words (numbers as they are), or ``None``."""
    best: list[list[str] | None] = [[]] + [None] * len(label)
    for end in range(1, len(label) + 1):
        for start in range(max(0, end - 20), end):
            piece, before = label[start:end], best[start]
            if before is None or not (piece.isdigit() or (len(piece) >= 2 and piece in words)):
                continue
            if best[end] is None or len(before) + 1 < len(best[end]):
                best[end] = before + [piece]
    return best[-1]
