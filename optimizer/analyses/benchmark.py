"""Benchmark: the bundled scenario end to end, and a large synthetic instance, each in a fresh process.

Each run is the real command line (`python -m optimizer solve`) in a child process, so the wall time includes
start-up, loading, every stage, the checker and writing every file, and the peak memory is that process's own.
"""


from __future__ import annotations

import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..inputs import synth

ROOT = Path(__file__).resolve().parent.parent


def _run(scenario: Path, out: Path, time_limit: float | None = None) -> tuple[float, float, dict]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, "-m", "optimizer", "solve", str(scenario), "--out", str(out)],
                               capture_output=True, text=True)
    wall = time.perf_counter() - started
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    if completed.returncode not in (0, 4):
        raise RuntimeError(f"benchmark run failed ({completed.returncode}): {completed.stderr.strip()}")
    return wall, peak_mb, json.loads((out / "summary.json").read_text(encoding="utf-8"))


def run_benchmark(units: int, years: int, seed: int, time_limit: float):
    """Yield report lines as each run finishes."""
    yield f"machine: {platform.machine()}, Python {platform.python_version()}, {platform.system()}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        wall, peak, summary = _run(ROOT / "scenarios" / "baseline.yaml", tmp / "baseline")
        size = summary["model_size"]
        yield (f"bundled baseline: {wall:.1f} s wall end to end, peak {peak:.0f} MB, status {summary['status']}, "
               f"{size['seat_variables']:,} seat variables, {size['constraints']:,} constraints, "
               f"{size['parts']} parts")
        folder = tmp / "synthetic"
        files = synth.synthetic_instance(units, years=years, seed=seed)
        files["scenario.yaml"] = files["scenario.yaml"].replace(
            b"time_limit_seconds: 600", f"time_limit_seconds: {time_limit:g}".encode())
        files.write_result_folder(folder, files)
        wall, peak, summary = _run(folder / "scenario.yaml", tmp / "synthetic_out")
        size = summary["model_size"]
        proven = sum(stage["optimal"] for stage in summary["stages"])
        yield (f"synthetic {units} units × {years} years: {wall:.1f} s wall end to end, peak {peak:.0f} MB, "
               f"status {summary['status']} ({proven}/{len(summary['stages'])} stages proven optimal), "
               f"{size['seat_variables']:,} seat variables, {size['constraints']:,} constraints, "
               f"{size['parts']} parts")
