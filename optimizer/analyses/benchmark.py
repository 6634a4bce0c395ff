"""Benchmark: the bundled scenario end to end, and the solve side by side with the integer-program route and with
a plain PuLP + CBC peer, on the bundled data and on synthetic instances of growing size.

Every run is a fresh child process, so that its time includes loading and building, and its peak memory is its
own; the routes of one instance run one after another in the same call, so a noisy machine affects them alike.
``python -m optimizer.analyses.benchmark SCENARIO METHOD TIME_LIMIT`` is the child of one route: it prints one
JSON line (seconds, peak memory, stage values).
"""


from __future__ import annotations

import dataclasses
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .. import encode
from ..files import write_result_folder
from ..inputs import synth
from ..inputs.case import load_case
from ..model.staged import TimeLimitError, solve
from ..outputs import charts
from . import peer
from .peer import peak_mb

ROOT = Path(__file__).resolve().parent.parent.parent
SIZES = (200, 1000, 2000, 5000)
ROUTES = ("lp_chain", "mip", "pulp")


def solve_by_route(scenario_path: str, method: str, time_limit: float) -> dict:
    """The staged solve by ``method`` (lp_chain or mip), without writing files: seconds, peak MB, stage values."""
    started = time.perf_counter()
    scenario, inputs = load_case(scenario_path, allow_outside_paths=True)
    scenario = dataclasses.replace(scenario, solver=dataclasses.replace(
        scenario.solver, method=method, time_limit_seconds=time_limit))
    try:
        result = solve(inputs, scenario)
        stages = [{"name": s.name, "value": s.value, "proven": s.optimal} for s in result.stages]
        finished = result.status.value == "optimal"
    except TimeLimitError:
        stages, finished = [], False
    return {"seconds": time.perf_counter() - started, "stages": stages, "finished": finished,
            "peak_mb": peak_mb()}


def _child(route: str, scenario: Path, time_limit: float) -> dict:
    module = "optimizer.analyses.peer" if route == "pulp" else "optimizer.analyses.benchmark"
    arguments = [str(scenario), str(time_limit)] if route == "pulp" else [str(scenario), route, str(time_limit)]
    completed = subprocess.run([sys.executable, "-m", module, *arguments], capture_output=True, text=True,
                               cwd=ROOT, timeout=time_limit * 3 + 120)
    if completed.returncode != 0:
        raise RuntimeError(f"benchmark run {route} on {scenario} failed: {completed.stderr.strip()[-500:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _end_to_end(scenario: Path, out: Path) -> tuple[float, float, dict]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, "-m", "optimizer", "solve", str(scenario), "--out", str(out)],
                               capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    if completed.returncode not in (0, 4):
        raise RuntimeError(f"benchmark run failed ({completed.returncode}): {completed.stderr.strip()}")
    return wall, peak_mb, json.loads((out / "summary.json").read_text(encoding="utf-8"))


def _proven(run: dict) -> str:
    stages = run["stages"]
    return f"{sum(s['proven'] for s in stages)}/{len(stages)} stages proven" + ("" if run["finished"] else
                                                                               ", not finished")


class Report(NamedTuple):
    """One line of the benchmark's report; ``run`` holds the figures of a timed run (RUN_COLUMNS), else None."""

    line: str
    run: dict | None = None


RUN_COLUMNS = ["instance", "units", "route", "seconds", "peak_mb", "stages", "proven", "finished"]


def _compare(label: str, units: int | None, scenario: Path, routes: tuple[str, ...], time_limit: float):
    runs = {}
    for route in routes:
        if route == "pulp" and peer.pulp is None:
            yield Report(f"  {label}: pulp not installed (pip install -e '.[bench]'), the peer is left out")
            continue
        runs[route] = run = _child(route, scenario, time_limit)
        record = {"instance": label, "units": units, "route": route, "seconds": round(run["seconds"], 2),
                  "peak_mb": round(run["peak_mb"]), "stages": len(run["stages"]),
                  "proven": sum(s["proven"] for s in run["stages"]), "finished": run["finished"]}
        yield Report(f"  {label}: {route:8s} {run['seconds']:8.1f} s  peak {run['peak_mb']:6.0f} MB  {_proven(run)}",
                     record)
    fast = runs.get("lp_chain")
    for route, run in runs.items():
        if route == "lp_chain" or fast is None:
            continue
        values = [(s["name"], s["value"]) for s in run["stages"] if s["proven"]]
        same = values == [(s["name"], s["value"]) for s in fast["stages"]][: len(values)]
        ratio = run["seconds"] / fast["seconds"]
        yield Report(f"  {label}: {route} / lp_chain = {ratio:.1f}×{'' if run['finished'] else ' at least'}; "
                     f"the {len(values)} stage values it proved {'equal' if same else 'DIFFER FROM'} the LP chain's")


def run_benchmark(sizes: tuple[int, ...] = SIZES, compare_at: tuple[int, ...] = (1000,), years: int = 5,
                  seed: int = 2023, time_limit: float = 300.0, routes: tuple[str, ...] = ROUTES):
    """Yield the report (``Report`` lines, with the figures of each timed run) as each run finishes."""
    yield Report(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                 f"{platform.system()}; time limit {time_limit:g} s per run")
    baseline = ROOT / "scenarios" / "baseline.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        wall, peak, summary = _end_to_end(baseline, tmp / "baseline")
        size = summary["model_size"]
        yield Report(f"bundled baseline, end to end (solve and every file): {wall:.1f} s wall, peak {peak:.0f} MB, "
                     f"status {summary['status']}, {size['seat_variables']:,} seat variables, "
                     f"{size['constraints']:,} constraints, {size['parts']} parts",
                     {"instance": "bundled, end to end", "units": None, "route": "lp_chain",
                      "seconds": round(wall, 2), "peak_mb": round(peak), "stages": len(summary["stages"]),
                      "proven": sum(bool(s["optimal"]) for s in summary["stages"]),
                      "finished": summary["status"] == "optimal"})
        yield Report("solve only (load, build, every stage, check), by route:")
        yield from _compare("bundled", None, baseline, routes, time_limit)
        for units in sizes:
            folder = tmp / f"synthetic_{units}"
            files = synth.synthetic_instance(units, years=years, seed=seed)
            write_result_folder(folder, files)
            chosen = routes if units in compare_at else ("lp_chain",)
            yield from _compare(f"{units:,} units × {years} years", units, folder / "scenario.yaml", chosen,
                                time_limit)


def benchmark_files(runs: list[dict]) -> dict[str, bytes]:
    """benchmark.csv (one row per timed run, RUN_COLUMNS) and growth.png/.svg (``charts.growth_chart``)."""
    table = pd.DataFrame(runs, columns=RUN_COLUMNS).astype({"units": "Int64"})
    figure = charts.growth_chart(table)
    return {"benchmark.csv": encode.csv_bytes(table), "growth.png": encode.png_bytes(figure),
            "growth.svg": encode.svg_bytes(figure)}


if __name__ == "__main__":
    print(json.dumps(solve_by_route(sys.argv[1], sys.argv[2], float(sys.argv[3]))))
