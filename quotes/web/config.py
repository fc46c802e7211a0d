"""What a site may set under ``plugins: quotes:`` in ``metadata.yml``, and the defaults.

Why here: page sizes and the response cache are choices of whoever runs the
site, not of the code; Datasette hands a plugin its block of the metadata
(``datasette.plugin_config``), per database when ``databases: NAME: plugins:``
overrides it. A value left out keeps the default below, which is what the
pages always did.
"""
from __future__ import annotations

DEFAULTS = {
    "speaker_page_quotes": 100,  # a speaker page lists this many quotes and links to the full list
    "top_speakers": 20,  # speakers in the "top" charts of the database and outlet pages
    "cache_megabytes": 64,  # whole pages kept until the database changes (0: none kept)
    "stale_after_ms": 200,  # after a commit, the page from before is shown if the new one takes longer
    "slow_refresh_ms": 5000,  # a page slower than a second is worked out again at most this often
    "busy_refresh_ms": 30000,  # with 3 or more visits at once, any page is worked out again at most this often
}


def setting(datasette, name: str, database: str | None = None):
    """The site's value of ``name`` (one of :data:`DEFAULTS`), for ``database`` when given."""
    config = datasette.plugin_config("quotes", database=database) or {}
    return config.get(name, DEFAULTS[name])
