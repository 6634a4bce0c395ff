#!/usr/bin/env python3
"""Time a national run serially and in parallel, end to end, on the country since 1 July 2025 or a fake one.

    .venv/bin/python docs/bench_national.py                              # the 34 provinces, jobs 1 and 2
    .venv/bin/python docs/bench_national.py --synthetic 4 --jobs 1,2     # 4 fake provinces of 100 units

The real country is ``python -m optimizer generate --country --years 5`` (3,321 communes and each province's
own units, data/vietnam_2025); the fake one is N synthetic provinces of ``--units`` units each.

Each run is ``python -m optimizer country COUNTRY --out OUT --jobs N`` in a fresh process; its wall time and the
peak memory of its largest process (the parent or one worker: getrusage of the children) are printed as a
Markdown table for the README. The outputs of all runs are compared byte for byte (timing.json aside).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from optimizer.inputs.synth import synthetic_instance

# The command's output goes to a log file, not to a pipe of ours: a worker process that outlived its parent would
# hold a pipe open and keep the benchmark waiting.
MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
with open(sys.argv[1], "w") as log:
    status = subprocess.run(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT).returncode
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, status)
"""


def fake_country(root: Path, provinces: int, units: int, years: int) -> None:
    rows = ["province_code,province,scenario"]
    for number in range(1, provinces + 1):
        folder = root / f"tinh_{number:02d}"
        folder.mkdir(parents=True)
        for name, data in synthetic_instance(units, years=years, seed=2023 + number).items():
            (folder / name).write_bytes(data)
        rows.append(f"{number:02d},Tỉnh {number},{folder.name}/scenario.yaml")
    (root / "provinces.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "timing.json"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, metavar="N", help="N fake provinces instead of the real country")
    parser.add_argument("--units", type=int, default=100, help="units per fake province")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--jobs", default="1,2", help="comma-separated numbers of jobs, one run each")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="national-") as work:
        work = Path(work)
        if args.synthetic:
            fake_country(work / "country", args.synthetic, args.units, args.years)
            print(f"{args.synthetic} synthetic provinces × {args.units} units × {args.years} years\n")
        else:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "optimizer", "generate", "--country", "--years", str(args.years),
                            "--out", str(work / "country")], cwd=REPO, stdout=subprocess.DEVNULL, check=True)
            print(f"the country since 1 July 2025, {args.years} years, generated in "
                  f"{time.perf_counter() - started:.1f} s\n")
        print("| jobs | wall time (s) | peak memory of one process (MB) |\n|---:|---:|---:|")
        outputs = []
        for jobs in (int(j) for j in args.jobs.split(",")):
            out = work / f"out_{jobs}"
            command = [sys.executable, "-m", "optimizer", "country", str(work / "country"), "--out", str(out),
                       "--jobs", str(jobs)]
            log = work / f"out_{jobs}.log"
            measured = subprocess.run([sys.executable, "-c", MEASURE, str(log), *command], cwd=REPO,
                                      capture_output=True, text=True, check=True).stdout.split()
            seconds, peak_kb, status = float(measured[0]), int(measured[1]), int(measured[2])
            if status != 0:
                tail = log.read_text(encoding="utf-8").strip().splitlines()[-3:]
                raise SystemExit(f"the run with --jobs {jobs} ended with status {status}: " + " / ".join(tail))
            print(f"| {jobs} | {seconds:.1f} | {peak_kb / 1024:.0f} |", flush=True)
            outputs.append(files(out))
        same = all(o == outputs[0] for o in outputs)
        print(f"\nsame bytes for every number of jobs: {json.dumps(same)}")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
