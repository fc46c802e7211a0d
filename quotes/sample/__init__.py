"""A small invented corpus that ships with the package, for ``quotes demo``."""
from pathlib import Path


def sample_dir() -> Path:
    return Path(__file__).resolve().parent
