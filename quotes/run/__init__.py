"""Running the two stages over many articles, as :func:`quotes.api.extract` does.

:mod:`.plan` settles a run's options (every mistake in them found before
anything is read), :mod:`.sources` streams its articles (readers, CoNLL-U
documents, a Spark job), :mod:`.job` carries it out and tells it as
:mod:`.events`; the stages run in processes on one machine (:mod:`.pipeline`)
or on Spark's executors (:mod:`.spark`).
"""
