"""The extract stage: pure, one article at a time, no database.

clean the page (:mod:`.clean`) → run an engine (:mod:`quotes.engines`) →
speakers and names inside the article (:mod:`.speakers`, :mod:`.names`);
:func:`.article.extract_article` ties them together. Nothing here imports the
commit stage, the store or the web package, so it runs in many processes or on
Spark executors that have none of them installed.
"""
