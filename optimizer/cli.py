"""Command line: parse, call one library function, print. Errors become one line and an exit status.

Exit statuses: 0 done (optimal), 1 unexpected error, 2 bad input, 3 infeasible scenario, 4 time limit reached
(a checked plan is written but not proven optimal, or no plan was found), 5 checker failure (a bug).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import OptimizerError

EXIT_TIME_LIMITED = 4


def _progress(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def _load(scenario_path: str):
    from .data import load_inputs
    from .scenario import check_scenario_against, load_scenario

    scenario = load_scenario(scenario_path)
    inputs = load_inputs(scenario.data_dir)
    check_scenario_against(scenario, inputs.plan_years, set(inputs.units["kind"]))
    return scenario, inputs


def cmd_validate(args) -> int:
    scenario, inputs = _load(args.scenario)
    for warning in inputs.warnings:
        print(warning)
    print(f"{args.scenario}: valid — {len(inputs.units)} units, {len(inputs.courses)} courses, "
          f"{len(inputs.caps)} quota lines, {len(inputs.demand)} demand rows ({int(inputs.demand['count'].sum()):,} "
          f"cadres), years {scenario.years[0]}–{scenario.years[-1]}, {len(inputs.warnings)} plan warnings")
    return 0


def cmd_solve(args) -> int:
    from . import export
    from .results import result_files
    from .solve import Status, solve

    scenario, inputs = _load(args.scenario)
    print(f"solving {scenario.name}: {len(inputs.demand)} demand rows, {len(inputs.units)} units, "
          f"years {scenario.years[0]}–{scenario.years[-1]} ({len(inputs.warnings)} plan warnings; see 'validate')",
          file=sys.stderr, flush=True)
    result = solve(inputs, scenario, progress=_progress)
    out = Path(args.out)
    export.write_result_folder(out, result_files(result, lang=args.lang))
    seats = int(result.allocation["seats"].sum())
    print(f"{scenario.name}: {result.status.value}, {seats:,} seats allocated, checked; wrote {out}/ "
          f"({result.seconds:.1f} s)")
    if result.status is Status.TIME_LIMITED:
        print(f"warning: the time limit ({scenario.solver.time_limit_seconds:g} s) was reached before every stage was "
              f"proven optimal; see summary.json for each stage's bound and gap", file=sys.stderr)
        return EXIT_TIME_LIMITED
    return 0


def cmd_generate(args) -> int:
    import pandas as pd

    from . import export, synth

    folder = Path(args.out)
    if args.units:
        units = pd.read_csv(args.units, dtype=str).set_index("unit_id")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "demand.csv").write_bytes(export.csv_bytes(synth.nam_dinh_demand(units, seed=args.seed)))
        print(f"wrote {folder / 'demand.csv'}")
        return 0
    files = synth.synthetic_instance(args.synthetic, years=args.years, seed=args.seed)
    export.write_result_folder(folder, files)
    print(f"wrote a synthetic instance of {args.synthetic} units × {args.years} years to {folder}/")
    return 0


def cmd_benchmark(args) -> int:
    from .benchmark import run_benchmark

    for line in run_benchmark(units=args.units, years=args.years, seed=args.seed, time_limit=args.time_limit):
        print(line, flush=True)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m optimizer", description=(
        "Share a province's training quotas among its sending units: an OR-Tools integer program, checked."))
    commands = main.add_subparsers(dest="command", required=True)

    solve = commands.add_parser("solve", help="solve a scenario and write its result folder")
    solve.add_argument("scenario", help="scenario YAML file, e.g. scenarios/baseline.yaml")
    solve.add_argument("--out", required=True, help="result folder (replaced only when complete)")
    solve.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of workbook and chart labels")
    solve.set_defaults(run=cmd_solve)

    validate = commands.add_parser("validate", help="load and check a scenario and its data; solve nothing")
    validate.add_argument("scenario")
    validate.set_defaults(run=cmd_validate)

    generate = commands.add_parser("generate", help="make illustrative demand or a large synthetic instance")
    generate.add_argument("--out", required=True, help="folder to write")
    group = generate.add_mutually_exclusive_group(required=True)
    group.add_argument("--units", help="units.csv: write the illustrative demand.csv for these units")
    group.add_argument("--synthetic", type=int, metavar="N", help="write a synthetic instance with N units")
    generate.add_argument("--years", type=int, default=5)
    generate.add_argument("--seed", type=int, default=2023)
    generate.set_defaults(run=cmd_generate)

    bench = commands.add_parser("benchmark", help="time the bundled scenario and a large synthetic instance")
    bench.add_argument("--units", type=int, default=1000)
    bench.add_argument("--years", type=int, default=5)
    bench.add_argument("--seed", type=int, default=2023)
    bench.add_argument("--time-limit", type=float, default=300.0)
    bench.set_defaults(run=cmd_benchmark)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except OptimizerError as error:
        kind = {2: "bad input", 3: "infeasible", 4: "time limit", 5: "checker failure"}.get(error.exit_status, "error")
        print(f"{kind}: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print("interrupted; no result folder was changed", file=sys.stderr)
        return 130
