"""The CoNLL-U path: the tree rules on trees parsed elsewhere, no parser loaded.

Users who parse elsewhere (stanza on a GPU machine, UDPipe, any UD parser)
hand us CoNLL-U (:mod:`quotes.readers.conllu` reads it); every document then
carries its own trees, so its engine is made per document rather than chosen
by name, and is not in the registry. Its name, ``stanza-conllu``, is what the
database records as the engine of such articles.
"""
from __future__ import annotations

from quotes.engines.registry import Engine
from quotes.engines.trees import attribute
from quotes.lang import LanguagePack, get

NAME = "stanza-conllu"


def engine(doc, pack: LanguagePack | None = None) -> Engine:
    """An engine for one pre-parsed document (a stanza ``Document``), read with ``pack``
    (English when none is given): ``extract`` ignores the text it is given, which is the
    document's own rebuilt text, and attributes on its trees."""
    pack = pack or get("en")
    return Engine(NAME, lambda text: attribute(doc, pack), pack)
