"""Serve a quotes database with Datasette and the project's metadata."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def metadata_path() -> Path:
    """``metadata.yml`` from the source tree, or the copy installed beside the package."""
    for candidate in (PACKAGE_DIR.parent / "metadata.yml",
                      Path(sys.prefix) / "share" / "quotes" / "metadata.yml"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError("metadata.yml is missing from this installation")


def datasette_args(db_path: str | Path) -> list[str]:
    """The arguments ``datasette serve`` needs for a quotes database."""
    return [str(db_path), "--metadata", str(metadata_path())]


def run_datasette(db_path: str | Path, port: int = 8001, host: str = "127.0.0.1") -> None:
    command = [sys.executable, "-m", "datasette", "serve", *datasette_args(db_path),
               "--port", str(port), "--host", host]
    print(f"Serving {db_path} at http://{host}:{port}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        subprocess.run(command, check=False)
    except KeyboardInterrupt:
        pass


def datasette_instance(db_path: str | Path):
    """An in-process Datasette configured as ``quotes serve`` configures it (for tests and scripts)."""
    import yaml
    from datasette.app import Datasette

    metadata = yaml.safe_load(metadata_path().read_text(encoding="utf-8"))
    return Datasette([str(db_path)], metadata=metadata)
