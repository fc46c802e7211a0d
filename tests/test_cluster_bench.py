"""The clustering benchmark runs end to end on a tiny corpus (its figures are for people, not asserts)."""
import subprocess
import sys
from pathlib import Path

from quotes.sample import sample_dir

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "cluster_bench.py"


def test_synthetic_benchmark_prints_its_figures(tmp_path):
    result = subprocess.run(
        [sys.executable, str(BENCH), "synthetic", "--quotes", "300", "--corpus", str(sample_dir()),
         "--db", str(tmp_path / "b.db")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for figure in ("quotes/s", "peak RSS", "precision", "recall", "by edit", "repeats by another speaker"):
        assert figure in result.stdout
