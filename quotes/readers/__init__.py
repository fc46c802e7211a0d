"""Readers: every kind of input turned into :class:`~quotes.model.Article` objects.

Text and JSON Lines files, saved web pages, web archives, URLs and URL lists
(:mod:`.inputs` walks paths and manifests), parsed CoNLL-U (:mod:`.conllu`),
fetching (:mod:`.fetch`), HTML pages (:mod:`.html`), WARC records (:mod:`.warc`)
and publication dates (:mod:`.dates`). Part of the extract side: nothing here
touches a database.
"""
