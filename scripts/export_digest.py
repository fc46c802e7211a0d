"""Fingerprints of what `quotes extract` stores for the seeds, PolNeAR train and PolNeAR dev.

    python scripts/export_digest.py                 # ../shared beside the clone
    python scripts/export_digest.py --shared PATH

Each corpus goes into a fresh database by the `quotes` command of this checkout;
printed per corpus: the md5 of `quotes export` as JSON lines and as CSV, and of
every table's rows (columns ending in "_at", times of storing, left out). Run it
on two checkouts to tell whether a change altered the output: a refactor must
leave all nine the same.
"""
from __future__ import annotations

import argparse
import hashlib
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quotes(*args: str) -> bytes:
    return subprocess.run([sys.executable, "-m", "quotes", *args], cwd=ROOT, check=True,
                          capture_output=True).stdout


def tables_digest(db: Path) -> str:
    digest = hashlib.md5()
    conn = sqlite3.connect(db)
    names = [n for (n,) in conn.execute(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' "
        "and name not like '%_fts%' order by name")]
    for name in names:
        columns = [r[1] for r in conn.execute(f"pragma table_info([{name}])") if not r[1].endswith("at")]
        rows = sorted(map(repr, conn.execute(f"select {', '.join(f'[{c}]' for c in columns)} from [{name}]")))
        digest.update(repr((name, columns, rows)).encode())
    conn.close()
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    shared = parser.parse_args().shared
    corpora = {
        "seeds": [str(shared / "seeds"), "--manifest", str(shared / "seeds" / "manifest.csv")],
        "train": [str(shared / "polnear" / "train" / "text")],
        "dev": [str(shared / "polnear" / "dev" / "text")],
    }
    with tempfile.TemporaryDirectory() as folder:
        for name, inputs in corpora.items():
            db = Path(folder) / f"{name}.db"
            quotes("extract", *inputs, "--db", str(db))
            jsonl = hashlib.md5(quotes("export", "--db", str(db))).hexdigest()
            csv = hashlib.md5(quotes("export", "--db", str(db), "--format", "csv")).hexdigest()
            print(f"{name:6} export.jsonl {jsonl}  export.csv {csv}  tables {tables_digest(db)}")


if __name__ == "__main__":
    main()
