"""Datasette, configured as `quotes serve` configures it."""
import asyncio

from quotes.web.serve import datasette_instance


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def test_quotes_table_answers_json(seeds_db):
    ds = datasette_instance(seeds_db)
    response = get(ds, "/seeds/quotes.json?_shape=array")
    assert response.status_code == 200
    rows = response.json()
    assert rows and {"text", "kind", "speaker_id", "cluster_id"} <= set(rows[0])


def test_index_page_shows_metadata_title(seeds_db):
    ds = datasette_instance(seeds_db)
    response = get(ds, "/")
    assert response.status_code == 200
    assert "<title>quotes" in response.text
    assert "Who said what in the news" in response.text
