import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUOTES_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
POLNEAR = SHARED / "polnear"
UD = SHARED / "ud"


def need(path: Path) -> Path:
    """Skip the calling test, with the reason, when shared data is absent."""
    if not path.exists():
        pytest.skip(f"{path} is not here (the ../shared data sets are needed for this test)")
    return path


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
