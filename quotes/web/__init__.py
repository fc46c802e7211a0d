"""The web side: the Datasette plugin (:mod:`.plugin`, which gathers the hooks of the feature
modules beside it), its templates and static files, and serving or publishing a database
(:mod:`.serve`). Everything here but :mod:`.serve` imports only Datasette, its own modules
and two small libraries, so ``quotes publish`` can ship it as a package of its own."""
