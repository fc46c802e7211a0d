"""The web side: the Datasette plugin (:mod:`.plugin`), its templates and static files,
and serving or publishing a database (:mod:`.serve`)."""
