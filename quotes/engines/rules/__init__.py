"""The model-free engine: quotation marks, a verb-of-saying lexicon and token patterns.

It needs no downloaded model, so it is the default wherever stanza's English
models are not installed. It works in three passes over one article:

1. **Quotations.** Quotation marks are paired paragraph by paragraph
   (:func:`find_marks`). Each quotation looks for a cue in the words right
   after it (``"…," he said`` / ``"…," said Sean Ryan``) or right before it
   (``Ryan said: "…"``). A quotation with no cue that opens a sentence right
   after an attributed quote continues that speaker (``"…," he said. "…"``).
   Anything else in quotation marks (scare quotes, titles) is left alone.
2. **Reported speech.** In every sentence, each cue verb outside quotation
   marks is read with its subject before it (``X said (that) CLAUSE``,
   ``CLAUSE, X said``), after it (``CLAUSE, said X``) or as the object of
   ``according to``. A quotation inside the reported clause makes it *mixed*.
3. **Speakers.** The subject phrase becomes a :class:`~quotes.model.Speaker`
   (:mod:`quotes.extract.speakers` splits name from role and resolves pronouns and
   surnames inside the article).

The text it is given has been cleaned by :mod:`quotes.extract.clean` (a repeated body
and the site's trailers blanked out), as for every engine. Every word the
patterns look for (cue verbs, quotation marks, the adverbs between a subject
and its cue) comes from a :mod:`quotes.lang` pack, English unless
:func:`extract` is given another.

The patterns live in modules by concern: :mod:`.marks` pairs quotation marks,
:mod:`.layout` indexes the article, :mod:`.direct` and :mod:`.cues` find
quotations and their cues, :mod:`.subjects` (with :mod:`.appositives` and
:mod:`.opening`) the speakers, :mod:`.reported` (with :mod:`.reported_clause`)
and :mod:`.nouns` reported speech, :mod:`.continuation` the quotations that
carry on an attributed one.
This module runs them in order and registers the engine.
"""
from __future__ import annotations

from functools import partial

from quotes.engines import registry
from quotes.engines.rules.continuation import continuations
from quotes.engines.rules.cue import Cue
from quotes.engines.rules.direct import quotations
from quotes.engines.rules.layout import Layout, Spans
from quotes.engines.rules.marks import Mark, find_marks
from quotes.engines.rules.mentions import named_for_pronouns, named_mentions, nested_mentions, subject_mentions
from quotes.engines.rules.reported import reported
from quotes.extract import segment
from quotes.extract.speakers import resolve_in_article
from quotes.lang import LanguagePack, get
from quotes.model import Attribution

__all__ = ["NAME", "Cue", "Layout", "Mark", "Spans", "extract", "find_marks"]

NAME = "rules"


def extract(text: str, pack: LanguagePack | None = None) -> list[Attribution]:
    """All quotes in one article's text, speakers resolved within the article.

    ``pack`` is the language the patterns read (English when none is given),
    looked up here at call time so a pack changed after import is the one used.
    """
    if pack is None:
        pack = get("en")
    paragraphs = segment.paragraphs(text)
    sentences = [s for p in paragraphs for s in segment.sentences(text, p, pack)]
    marks = find_marks(text, paragraphs, pack)
    article = Layout(text, sentences, marks, pack)
    quotes = quotations(article)
    used = {q.cue_start for q in quotes if q.cue_start is not None}
    quotes += reported(article, used, quotes)
    quotes = continuations(article, quotes)
    quotes.sort(key=lambda q: q.start)
    mentions = named_mentions(text, pack)
    # Only a pronoun or a one-word speaker looks back to a sentence's named subject: reading
    # every sentence's subject for the articles with none cost a fifth of the engine's time.
    last = max((q.speaker.start for q in quotes if q.speaker is not None
                and (q.speaker.mention.lower() in pack.pronouns or " " not in q.speaker.mention.strip())),
               default=None)
    if last is not None:
        mentions += subject_mentions(text, (s for s in sentences if s.start < last), pack)
        mentions += nested_mentions(text, quotes, article.quoted, pack)
    resolve_in_article(quotes, mentions, pack)
    named_for_pronouns(text, quotes, article.quoted, pack)
    return quotes


def _engine(model_dir=None, pack: LanguagePack | None = None) -> registry.Engine:
    """The rules engine for ``pack`` (English when none is given); it needs no model."""
    pack = pack or get("en")
    return registry.Engine(NAME, partial(extract, pack=pack), pack)


registry.register(NAME, _engine)
