"""An article's text as HTML with quotes, speakers and cues marked.

Why on its own: the quote page shows the passage around one quote and the
article page the whole text; both mark spans that may overlap (a speaker
inside a quote), which plain string replacement cannot do.
"""
from __future__ import annotations

from markupsafe import Markup, escape


def highlight(text: str, spans, low: int, high: int, pages: dict | None = None,
              titles: dict | None = None) -> Markup:
    """``text[low:high]`` as HTML with each span in a ``<mark>`` of its kind.

    ``spans`` are ``(start, end, kind, id)``; where spans overlap the later one
    in ``spans`` wins (speaker over quote), character by character. A kind
    found in ``pages`` (kind to table URL) links its mark to the row ``id``; a
    ``(kind, id)`` found in ``titles`` gets that tooltip.
    """
    marks = _marks(spans, low, high)
    out, i = [], 0
    while i < len(marks):
        j = i
        while j < len(marks) and marks[j] == marks[i]:
            j += 1
        piece = escape(text[low + i:low + j])
        out.append(piece if marks[i] is None else _mark(piece, *marks[i], pages, titles))
        i = j
    return Markup("").join(out).replace("\n", Markup("<br>"))


def _marks(spans, low: int, high: int) -> list[tuple[str, int | None] | None]:
    """Per character of ``low:high``, the ``(kind, id)`` of the last span over it, or ``None``."""
    marks: list[tuple[str, int | None] | None] = [None] * (high - low)
    for start, end, kind, ident in spans:
        for i in range(max(start, low), min(end, high)):
            marks[i - low] = (kind, ident)
    return marks


def _mark(piece: Markup, kind: str, ident: int | None, pages: dict | None,
          titles: dict | None) -> Markup:
    title = (titles or {}).get((kind, ident))
    mark = Markup('<mark class="q-{}"{}>{}</mark>').format(
        kind, Markup(' title="{}"').format(title) if title else "", piece)
    if pages and kind in pages and ident is not None:
        mark = Markup('<a href="{}/{}">{}</a>').format(pages[kind], ident, mark)
    return mark


def piece_titles(quotes: list[dict]) -> dict:
    """``("statement", id)`` → "piece 1 of 2 of one statement", for each of ``quotes`` (in text
    order) that is a piece of a statement in several pieces."""
    pieces: dict = {}
    for q in quotes:
        if q.get("statement_id") is not None:
            pieces.setdefault(q["statement_id"], []).append(q["id"])
    return {("statement", ident): f"piece {n} of {len(ids)} of one statement"
            for ids in pieces.values() if len(ids) > 1 for n, ident in enumerate(ids, 1)}
