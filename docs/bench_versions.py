#!/usr/bin/env python3
"""Time the shipped scenarios with an earlier commit and with this checkout, side by side in one run.

    .venv/bin/python docs/bench_versions.py d621208                 # every scenario both versions ship, twice
    .venv/bin/python docs/bench_versions.py d621208 --runs 3 baseline replan_2024

The earlier commit is checked out into a temporary git worktree (removed at the end) and run with this
checkout's virtual environment, its own package first on the path. Every run is ``python -m optimizer solve
SCENARIO --out DIR`` in a fresh process, each version with its own scenario files; the two versions alternate
scenario by scenario, so that a noisy machine weighs on both alike. Printed as a Markdown table for the README:
the median end-to-end wall time and the median solve (``timing.json``: load, build, every stage, the checker)
of each version, and whether the plan (allocation.csv, assignments.csv) and every stage value (stages.csv) are
the same bytes. Exits 1 when any differ.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMPARED = ("allocation.csv", "assignments.csv", "stages.csv")


def solve(root: Path, scenario: str, out: Path) -> tuple[float, float]:
    """(wall seconds of the command, solve seconds of its timing.json)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "optimizer", "solve", f"scenarios/{scenario}.yaml", "--out", str(out)],
                   cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - started
    return wall, json.loads((out / "timing.json").read_text(encoding="utf-8"))["total_seconds"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="the earlier commit")
    parser.add_argument("scenarios", nargs="*", help="scenario names (default: every one both versions ship)")
    parser.add_argument("--runs", type=int, default=2, help="runs of each scenario and version")
    args = parser.parse_intermixed_args()
    with tempfile.TemporaryDirectory(prefix="versions-") as work:
        work = Path(work)
        before = work / "before"
        subprocess.run(["git", "worktree", "add", "--detach", str(before), args.before], cwd=REPO,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        try:
            names = args.scenarios or sorted(
                {p.stem for p in (REPO / "scenarios").glob("*.yaml")} & {p.stem for p in
                                                                          (before / "scenarios").glob("*.yaml")})
            print(f"{args.before} against this checkout, {args.runs} runs each, alternating\n")
            print("| scenario | end to end: before / now | solve: before / now | same plan and stage values |\n"
                  "|---|---|---|---|")
            all_same, sums = True, {"before": [0.0, 0.0], "now": [0.0, 0.0]}
            for name in names:
                measured = {"before": [], "now": []}
                for run in range(args.runs):
                    for version, root in (("before", before), ("now", REPO)):
                        measured[version].append(solve(root, name, work / version / str(run) / name))
                same = all((work / "before" / "0" / name / f).read_bytes() == (work / "now" / str(run) / name / f)
                           .read_bytes() for f in COMPARED for run in range(args.runs))
                all_same &= same
                medians = {v: (statistics.median(w for w, _ in m), statistics.median(s for _, s in m))
                           for v, m in measured.items()}
                for version, (wall, solved) in medians.items():
                    sums[version][0] += wall
                    sums[version][1] += solved
                print(f"| {name} | {medians['before'][0]:.1f} / {medians['now'][0]:.1f} s | "
                      f"{medians['before'][1]:.1f} / {medians['now'][1]:.1f} s | {'yes' if same else 'NO'} |",
                      flush=True)
            print(f"| all {len(names)} | {sums['before'][0]:.1f} / {sums['now'][0]:.1f} s | "
                  f"{sums['before'][1]:.1f} / {sums['now'][1]:.1f} s | {'yes' if all_same else 'NO'} |")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=REPO, check=False)
        return 0 if all_same else 1


if __name__ == "__main__":
    sys.exit(main())
