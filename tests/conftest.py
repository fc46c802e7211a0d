import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUOTES_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
POLNEAR = SHARED / "polnear"
UD = SHARED / "ud"
BC7 = Path(__file__).parent / "data" / "bc7fcdb-seeds.db"  # a real run's database (in the repo)


def need(path: Path) -> Path:
    """Skip the calling test, with the reason, when shared data is absent."""
    if not path.exists():
        pytest.skip(f"{path} is not here (the ../shared data sets are needed for this test)")
    return path


def demo_database(tmp_path_factory, name: str) -> Path:
    """``quotes demo``'s database, built once by the command as a user builds it, as ``name.db``
    (Datasette names a database after its file)."""
    from click.testing import CliRunner

    from quotes.cli import cli

    db = tmp_path_factory.mktemp(name) / f"{name}.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def bc7(tmp_path) -> Path:
    """A copy of a real run's database, upgraded by every migration as ``quotes serve`` upgrades it."""
    from quotes import store

    db_path = tmp_path / "bc7.db"
    shutil.copy(BC7, db_path)
    store.open_db(db_path).conn.close()
    return db_path


@pytest.fixture
def seeds() -> Path:
    return need(SEEDS)


@pytest.fixture
def seeds_db(tmp_path, seeds):
    """A database built from the five seed articles through the CLI."""
    from click.testing import CliRunner

    from quotes.cli import cli

    db = tmp_path / "seeds.db"
    result = CliRunner().invoke(
        cli, ["extract", str(seeds), "--manifest", str(seeds / "manifest.csv"), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="session")
def unknowns_db(tmp_path_factory):
    """The demo corpus plus articles that name no outlet or no date, built through the CLI.

    ``wire-copy`` is the Harbour Wire story again with no outlet, date or title;
    ``market`` has no outlet and no date and a quote no other article carries;
    ``herald-late`` is a Valley Herald article with no date carrying the Harbour Wire quote.
    """
    import json

    from click.testing import CliRunner

    from quotes.cli import cli
    from quotes.sample import sample_dir

    folder = tmp_path_factory.mktemp("unknowns")
    db = folder / "unknowns.db"
    assert CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"]).exit_code == 0
    wire = (sample_dir() / "harbour-wire.txt").read_text(encoding="utf-8")
    articles = [
        {"source": "wire-copy", "text": wire},
        {"source": "market", "text": '"The fish market will open again on Friday morning," '
                                     'market manager Lena Ortiz said.'},
        {"source": "herald-late", "outlet": "Valley Herald", "title": "Quay repairs begin",
         "text": 'Repairs began at the north quay. "We will reopen as soon as it is safe, '
                 'and not a day before," harbour master Yusuf Haddad said.'},
    ]
    path = folder / "more.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--db", str(db), "--engine", "rules"])
    assert result.exit_code == 0, result.output
    return db


# A statement in two pieces, split by its attribution ("A," he said. "B."), after the demo.
STATEMENT_IN_PIECES = {
    "source": "quay-statement", "outlet": "Harbour Wire", "title": "The quay stays shut",
    "published": "2026-03-04T09:00:00Z",
    "text": "The harbour board met on Tuesday.\n\n\"The north quay will stay shut until the survey"
            " is done,\" harbour master Yusuf Haddad said. \"Nobody wants to hear it, but the wall"
            " is not safe.\"\n\nThe survey starts next week.",
}


@pytest.fixture(scope="session")
def pieces_db(tmp_path_factory):
    """The demo corpus plus :data:`STATEMENT_IN_PIECES`, built through the CLI."""
    import json

    from click.testing import CliRunner

    from quotes.cli import cli

    folder = tmp_path_factory.mktemp("pieces")
    db = folder / "pieces.db"
    assert CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"]).exit_code == 0
    path = folder / "statement.jsonl"
    path.write_text(json.dumps(STATEMENT_IN_PIECES) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--db", str(db), "--engine", "rules"])
    assert result.exit_code == 0, result.output
    return db
