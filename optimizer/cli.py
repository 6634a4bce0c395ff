"""Command line: parse, call the API, print. Errors become one line and an exit status (``errors.ExitStatus``).

No command reads or writes a file itself: every file goes through ``api``, which refuses to write over files
this program did not write.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import signal
import sys
import threading
from pathlib import Path

from .errors import (
    ExitStatus,
    InputError,
    OptimizerError,
    Place,
    Terminated,
    exit_label,
)


def _lazy(name: str):
    """The module ``name``, executed on first attribute access (the standard library's LazyLoader recipe)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


# The API pulls in pandas, OR-Tools and matplotlib (about 2 s): --help and a mistyped command answer without them.
api = _lazy("optimizer.api")


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return number


def _progress(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def _bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else width
    return "[" + "#" * filled + "." * (width - filled) + f"] {done}/{total}"


def _step(done: int, total: int, what: str) -> None:
    print(f"{_bar(done, total)} {what}", file=sys.stderr, flush=True)


def _load(scenario_path: str, args):
    return api.load(scenario_path, allow_outside_paths=getattr(args, "allow_outside_paths", False))


def cmd_validate(args) -> int:
    scenario, inputs = _load(args.scenario, args)
    for warning in inputs.warnings:
        print(warning)
    for change in scenario.changes:
        print(f"change {change.key} ({change.file}): {change.as_dict()['text']}")
    if scenario.frozen is not None:
        print(f"frozen: years {', '.join(map(str, scenario.frozen.years))} fixed at {scenario.frozen.file} "
              f"({len(inputs.actuals)} rows, {int(inputs.actuals['seats'].sum()):,} seats)")
    if scenario.reference is not None:
        print(f"reference: {scenario.reference} ({int(inputs.reference['seats'].sum()):,} seats); the plan moves as "
              f"few of them as the coverage and fairness stages allow")
    if scenario.plan_from_year is not None:
        kept = f"; {', '.join(map(str, inputs.past_years))} keep the reference plan" if inputs.past_years else ""
        print(f"plan_from_year: {scenario.plan_from_year}{kept}")
    if inputs.pins is not None:
        api.check_pins(scenario, inputs)
        print(f"pins: {len(inputs.pins)} decided cell(s), kept as written (rule pinned)")
    for line in api.replan_warnings(scenario):
        print(line)
    print(f"{args.scenario}: valid — {len(inputs.units)} units, {len(inputs.courses)} courses, "
          f"{len(inputs.caps)} quota lines, {len(inputs.demand)} demand rows ({int(inputs.demand['count'].sum()):,} "
          f"cadres), years {scenario.years[0]}–{scenario.years[-1]}, {len(inputs.warnings)} plan warnings")
    return ExitStatus.DONE


def cmd_solve(args) -> int:
    if len(args.scenario) > 1 or (Path(args.scenario[0]).is_dir() and not api.is_data_folder(args.scenario[0])):
        return _solve_batch(args)
    api.check_out(args.out)  # before the solve, so a refusal costs no waiting
    scenario, inputs = _load(args.scenario[0], args)
    print(f"solving {scenario.name}: {len(inputs.demand)} demand rows, {len(inputs.units)} units, "
          f"years {scenario.years[0]}–{scenario.years[-1]} ({len(inputs.warnings)} plan warnings; see 'validate')",
          file=sys.stderr, flush=True)
    # Large charts are drawn in a second process, started now so that its imports overlap the solve.
    with api.drawing_process() if api.draw_apart(inputs) else contextlib.nullcontext(False) as apart:
        result = api.solve((scenario, inputs), progress=_progress, workers=args.workers, elastic=args.elastic)
        out = api.write(result, args.out, lang=args.lang, html=args.report, apart=apart)
    if result.status is api.Status.ELASTIC:
        for row in result.bent.itertuples():
            print(f"  bent: {row.rule} {row.bound}: {row.value} (by {row.bent})", file=sys.stderr)
        print(f"{scenario.name}: infeasible as written; wrote {out}/ with a plan that bends {len(result.bent)} "
              f"rule(s) by {int(result.bent['bent'].sum())} in all (bent_rules.csv)")
        return ExitStatus.INFEASIBLE
    seats = int(result.allocation["seats"].sum())
    print(f"{scenario.name}: {result.status.value}, {seats:,} seats allocated, checked; wrote {out}/ "
          f"({result.seconds:.1f} s)")
    if result.status is api.Status.TIME_LIMITED:
        print(f"warning: the time limit ({scenario.solver.time_limit_seconds:g} s) was reached before every stage was "
              f"proven optimal; see summary.json for each stage's bound and gap", file=sys.stderr)
        return ExitStatus.TIME_LIMITED
    return ExitStatus.DONE


def _solve_batch(args) -> int:
    """Several scenarios (files or folders): one result folder each under --out; failures reported at the end."""
    found = api.scenario_files(args.scenario)
    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise InputError(Place(args.out, column="--out"), "is a file, not a folder",
                         "give a folder to hold one result folder per scenario")

    def progress(message: str) -> None:
        if args.verbose:
            _progress(message)

    outcomes = api.solve_many(found, args.out, lang=args.lang, progress=progress, step=_step, html=args.report,
                              workers=args.workers, allow_outside_paths=args.allow_outside_paths, apart=True)
    print(f"{'scenario':<32} {'status':<16} {'seconds':>8}  result")
    for outcome in outcomes:
        where = f"{outcome.folder}/" if outcome.folder else outcome.message
        print(f"{outcome.name:<32} {outcome.status:<16} {outcome.seconds:>8.1f}  {where}")
    failed = [o for o in outcomes if o.exit_status not in (ExitStatus.DONE, ExitStatus.TIME_LIMITED)]
    limited = [o for o in outcomes if o.exit_status == ExitStatus.TIME_LIMITED]
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} scenarios solved"
          + (f"; {len(limited)} stopped at the time limit" if limited else "")
          + (f"; failed: {', '.join(o.name for o in failed)}" if failed else ""))
    if failed:
        return failed[0].exit_status
    return ExitStatus.TIME_LIMITED if limited else ExitStatus.DONE


def cmd_verify(args) -> int:
    exit_status = ExitStatus.DONE
    for folder in args.results:
        found = api.verify(folder, redo=not args.no_resolve, progress=_progress)
        for problem in found.problems:
            print(f"{folder}/{problem}")
        if found.note:
            print(f"note: {found.note}", file=sys.stderr)
        done = "; run redone and compared" if found.redone else ""
        if found.ok:
            print(f"{folder}: verified — {found.files_checked} files unchanged, {len(found.rules_checked)} rules hold, "
                  f"stage values recompute{done}")
        else:
            print(f"{folder}: does NOT verify — {len(found.problems)} problem(s) listed above", file=sys.stderr)
            exit_status = ExitStatus.NOT_VERIFIED
    return exit_status


def cmd_explain(args) -> int:
    table, sentences = api.explain_folder(args.result, unit=args.unit, lang=args.lang)
    for sentence in sentences:
        print(sentence)
    units = table["unit_id"].nunique()
    print(f"{table['demand_id'].nunique()} demand rows short in {units} unit(s); every reason names the rule that "
          f"binds, checked against the plan ({int(table['binds'].sum())} of {len(table)} reasons bind)",
          file=sys.stderr)
    return ExitStatus.DONE


def cmd_report(args) -> int:
    for folder in args.results:
        print(f"wrote {api.report(folder, lang=args.lang)}")
    return ExitStatus.DONE


def cmd_compare(args) -> int:
    api.check_out(args.out)
    comparison = api.compare(args.results)
    out = api.write_comparison(comparison, args.out, lang=args.lang)
    print(comparison.stages.to_string(index=False))
    print(f"compared {len(args.results)} results; wrote {out}/")
    return ExitStatus.DONE


def cmd_baseline(args) -> int:
    methods = list(api.METHODS) if args.method == "all" else [api.check_method(args.method)]
    outs = [Path(args.out) / method if args.method == "all" else Path(args.out) for method in methods]
    for out in outs:
        api.check_out(out)
    case = _load(args.scenario, args)
    for number, (method, out) in enumerate(zip(methods, outs), start=1):
        plan = api.baseline(method, case)
        api.write_baseline(plan, out, lang=args.lang, html=args.report, apart=api.draw_apart(plan.result.inputs))
        counts = plan.violations["rule"].value_counts()
        broken = ", ".join(f"{rule} {n}" for rule, n in counts.items()) or "none"
        prefix = f"[{number}/{len(methods)}] " if len(methods) > 1 else ""
        print(f"{prefix}{plan.result.scenario.name}: {int(plan.result.allocation['seats'].sum()):,} seats; "
              f"rules broken: {broken}; wrote {out}/ ({plan.result.seconds:.1f} s)", flush=True)
    return ExitStatus.DONE


def cmd_properties(args) -> int:
    api.check_out(args.out)
    found = api.properties(args.scenario, args.plan, methods=args.methods, span=args.span, progress=_progress,
                           allow_outside_paths=args.allow_outside_paths)
    api.write_properties(found, args.out, args.span, lang=args.lang)
    print(found.summary.to_string(index=False))
    if len(found.population):
        print(f"population paradoxes between {found.summary['plan'].iloc[0]} and the other plans: "
              f"{len(found.population)} units")
    print(f"wrote {args.out}/")
    return ExitStatus.DONE


def cmd_template(args) -> int:
    if args.data is None:
        print("note: without --data the sheets are empty and only fixed choices (block, kind, mode, yes/no) have "
              "drop-down lists; give --data FOLDER for lists of its units, families and tiers", file=sys.stderr)
    blank = tuple(t.strip() for t in args.blank.split(",") if t.strip()) if args.blank else ()
    path = api.write_template(args.out, name=args.name, data=args.data, lang=args.lang, blank=blank)
    print(f"wrote {path}" + (f" (pre-filled from {Path(args.data)}" + (f"; blank: {', '.join(blank)})" if blank
                                                                        else ")") if args.data else ""))
    return ExitStatus.DONE


def cmd_import(args) -> int:
    tables = api.import_workbook(args.workbook, args.out)
    print(f"read {args.workbook}: {len(tables)} tables, valid; wrote {args.out}/")
    return ExitStatus.DONE


def cmd_sensitivity(args) -> int:
    changes = tuple(c.strip() for c in args.changes.split(",")) if args.changes else api.SENSITIVITY_CHANGES
    api.check_out(args.out)
    table = api.sensitivity(args.scenario, workers=args.workers, changes=changes, step=_step)
    api.write_sensitivity(table, args.scenario, args.out, lang=args.lang)
    best = table[table["delta_total"].fillna(0) > 0].sort_values("delta_total", ascending=False).head(10)
    print(best[["year", "target", "block", "change", "delta_total"]].to_string(index=False) if len(best)
          else "no single extra seat or class covers anyone more")
    print(f"{len(table)} variants solved; wrote {args.out}/")
    return ExitStatus.DONE


def cmd_generate(args) -> int:
    if args.units:
        path = api.write_demand(args.units, args.out, seed=args.seed, first_year=args.first_year,
                                years=args.years or 3)
        print(f"wrote {path}")
        return ExitStatus.DONE
    folder = api.write_synthetic(args.synthetic, args.out, years=args.years or 5, seed=args.seed,
                                 first_year=args.first_year)
    print(f"wrote a synthetic instance of {args.synthetic} units × {args.years or 5} years to {folder}/")
    return ExitStatus.DONE


def _whole_numbers(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(",") if part)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: write whole numbers separated by commas, e.g. 200,1000")


def cmd_benchmark(args) -> int:
    if args.out:
        api.check_out(args.out)
    runs = []
    for report in api.benchmark(sizes=args.units, compare_at=args.compare_at, years=args.years, seed=args.seed,
                                time_limit=args.time_limit, routes=args.routes):
        print(report.line, flush=True)
        if report.run is not None:
            runs.append(report.run)
    if args.out:
        print(f"wrote {api.write_benchmark(runs, args.out)}/ (benchmark.csv, growth.png, growth.svg)")
    return ExitStatus.DONE


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m optimizer", description=(
        "Share a province's training quotas among its sending units: an OR-Tools integer program, checked."))
    commands = main.add_subparsers(dest="command", required=True)

    solve = commands.add_parser("solve", help="solve scenarios and write their result folders")
    solve.add_argument("scenario", nargs="+", help="scenario YAML file(s) or folder(s) of them, e.g. "
                       "scenarios/baseline.yaml; or one data folder, solved with the baseline's settings and the "
                       "years of its quotas (written into the result's scenario.yaml, to edit and solve again)")
    solve.add_argument("--out", required=True, help="result folder (replaced only when complete); with several "
                       "scenarios, the folder that gets one result folder per scenario name")
    solve.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of workbook and chart labels")
    solve.add_argument("--verbose", action="store_true", help="in a batch, also show each solve's progress")
    solve.add_argument("--report", action="store_true", help="also write report.html, a self-contained page")
    solve.add_argument("--elastic", action="store_true", help="if the rules cannot all hold, let quotas, classes "
                       "and release limits bend at a cost per seat and write that plan (exit 3) with bent_rules.csv")
    solve.add_argument("--workers", type=_positive, default=1, help="independent parts solved at once, in worker "
                       "processes (default 1); the plan is byte-identical for any number")
    solve.add_argument("--allow-outside-paths", action="store_true", help="let the scenario read files (replace:, "
                       "actuals:, reference:) outside its own folder and the data folder")
    solve.set_defaults(run=cmd_solve)

    check = commands.add_parser("verify", help="check result folders from their own files: checksums, every rule, "
                                "stage values, and the run redone and compared")
    check.add_argument("results", nargs="+", help="result folders written by solve or baseline")
    check.add_argument("--no-resolve", action="store_true", help="skip redoing the run (checksums and rules only)")
    check.set_defaults(run=cmd_verify)

    why = commands.add_parser("explain", help="why each unit's rows got no more seats: the rules that bind, with "
                              "their numbers")
    why.add_argument("result", help="a result folder written by solve")
    why.add_argument("--unit", help="only this unit: its name (accents and case optional, e.g. \"huyen uy y yen\") or "
                     "its unit_id")
    why.add_argument("--lang", choices=("vi", "en"), default="vi")
    why.set_defaults(run=cmd_explain)

    page = commands.add_parser("report", help="write report.html into result folders (opens offline in a browser)")
    page.add_argument("results", nargs="+", help="result folders written by solve")
    page.add_argument("--lang", choices=("vi", "en"), default="vi")
    page.set_defaults(run=cmd_report)

    compare = commands.add_parser("compare", help="compare result folders side by side (the first is the base)")
    compare.add_argument("results", nargs="+", help="two or more result folders written by solve")
    compare.add_argument("--out", required=True, help="folder for the comparison tables, workbook and charts")
    compare.add_argument("--lang", choices=("vi", "en"), default="vi")
    compare.set_defaults(run=cmd_compare)

    base = commands.add_parser("baseline", help="share the quotas in proportion to need by a classic "
                               "apportionment method, for comparison with solve")
    base.add_argument("method", help="hamilton, jefferson, webster, huntington_hill, adams, dean, or 'all' (one "
                      "folder per method under --out)")
    base.add_argument("scenario", help="scenario YAML file")
    base.add_argument("--out", required=True, help="result folder (same files as solve, plus baseline_*.csv)")
    base.add_argument("--lang", choices=("vi", "en"), default="vi")
    base.add_argument("--report", action="store_true", help="also write report.html")
    base.add_argument("--allow-outside-paths", action="store_true", help="let the scenario read files (replace:, "
                       "actuals:, reference:) outside its own folder and the data folder")
    base.set_defaults(run=cmd_baseline)

    props = commands.add_parser("properties", help="quota rule and paradoxes (Balinski–Young) of plans and of "
                                "the apportionment methods on a scenario's data")
    props.add_argument("scenario", help="scenario YAML file: the data the methods are run on")
    props.add_argument("--plan", action="append", default=[], metavar="DIR",
                       help="a result folder of solve or baseline to measure (repeatable; with two or more, "
                       "population monotonicity is checked from the first to each other)")
    props.add_argument("--methods", default="all", help="comma-separated methods, or 'all' (default)")
    props.add_argument("--span", type=int, default=10, help="try each quota cell at ±SPAN seats (default 10)")
    props.add_argument("--out", required=True, help="folder for the tables, properties.xlsx and the chart")
    props.add_argument("--lang", choices=("vi", "en"), default="vi")
    props.add_argument("--allow-outside-paths", action="store_true", help="let the scenario read files (replace:, "
                       "actuals:, reference:) outside its own folder and the data folder")
    props.set_defaults(run=cmd_properties)

    template = commands.add_parser("template", help="write an Excel template (one sheet per input table, "
                                   "drop-down lists, instructions) for units or the province to fill in")
    template.add_argument("out", help="folder to write the .xlsx into")
    template.add_argument("--data", help="pre-fill from this data folder (its units, families and tiers also "
                          "feed the drop-down lists)")
    template.add_argument("--blank", help="comma-separated tables to leave empty, e.g. demand")
    template.add_argument("--name", help="file name (default mau_nhap_lieu.xlsx, or data_template.xlsx in English)")
    template.add_argument("--lang", choices=("vi", "en"), default="vi")
    template.set_defaults(run=cmd_template)

    intake = commands.add_parser("import", help="read a filled Excel workbook back into a data folder's CSV "
                                 "tables, validated like CSV input")
    intake.add_argument("workbook", help="the filled .xlsx")
    intake.add_argument("--out", required=True, help="data folder to write (replaced only when complete)")
    intake.set_defaults(run=cmd_import)

    sens = commands.add_parser("sensitivity", help="what one more seat, one seat fewer or one more class of each "
                               "quota would change, re-solved exactly, in parallel")
    sens.add_argument("scenario", help="scenario YAML file")
    sens.add_argument("--out", required=True, help="folder for sensitivity.csv/.xlsx/.png/.svg")
    sens.add_argument("--workers", type=_positive, default=2, help="variants solved at once (default 2)")
    sens.add_argument("--changes", help="comma-separated subset of: one_more_seat, one_seat_fewer, "
                      "one_more_class (default all)")
    sens.add_argument("--lang", choices=("vi", "en"), default="vi")
    sens.set_defaults(run=cmd_sensitivity)

    validate = commands.add_parser("validate", help="load and check a scenario and its data; solve nothing")
    validate.add_argument("scenario", help="scenario YAML file, or a data folder (checked with the defaults)")
    validate.add_argument("--allow-outside-paths", action="store_true", help="let the scenario read files (replace:, "
                       "actuals:, reference:) outside its own folder and the data folder")
    validate.set_defaults(run=cmd_validate)

    generate = commands.add_parser("generate", help="make illustrative demand or a large synthetic instance")
    generate.add_argument("--out", required=True, help="folder to write")
    group = generate.add_mutually_exclusive_group(required=True)
    group.add_argument("--units", help="units.csv: write the illustrative demand.csv for these units")
    group.add_argument("--synthetic", type=int, metavar="N", help="write a synthetic instance with N units")
    generate.add_argument("--years", type=int, help="years of the horizon (default 3 with --units, 5 with --synthetic)")
    generate.add_argument("--first-year", type=int, default=2023, help="first year of the horizon")
    generate.add_argument("--seed", type=int, default=2023)
    generate.set_defaults(run=cmd_generate)

    bench = commands.add_parser("benchmark", help="time the solve side by side with the integer-program route and "
                                "a PuLP + CBC peer, on the bundled data and synthetic instances of growing size")
    bench.add_argument("--units", type=_whole_numbers, default=(200, 1000, 2000, 5000), metavar="N,N,…",
                       help="synthetic instance sizes (default 200,1000,2000,5000)")
    bench.add_argument("--compare-at", type=_whole_numbers, default=(1000,), metavar="N,…",
                       help="the sizes at which every route runs (default 1000; the others: the LP chain only)")
    bench.add_argument("--routes", type=lambda text: tuple(text.split(",")), default=("lp_chain", "mip", "pulp"),
                       metavar="R,…", help="lp_chain, mip, pulp (default all three)")
    bench.add_argument("--years", type=int, default=5)
    bench.add_argument("--seed", type=int, default=2023)
    bench.add_argument("--time-limit", type=float, default=300.0)
    bench.add_argument("--out", help="a new folder for benchmark.csv and the growth chart (growth.png, growth.svg)")
    bench.set_defaults(run=cmd_benchmark)
    return main


def _raise_terminated(signum, frame) -> None:
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # SIGTERM (a service manager, `kill`) stops a run the way Ctrl-C does: nothing half written, exit 143.
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_terminated) if in_main_thread else None
    try:
        return args.run(args)
    except OptimizerError as error:
        print(f"{exit_label(error.exit_status)}: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt as interrupt:
        terminated = isinstance(interrupt, Terminated)
        print(f"{'terminated' if terminated else 'interrupted'}; no result folder was changed", file=sys.stderr)
        return ExitStatus.TERMINATED if terminated else ExitStatus.INTERRUPTED
    except OSError as error:  # reading failed (writing errors arrive as OutputError, with their folder)
        where = f" {error.filename}" if error.filename else ""
        print(f"file error:{where}: {error.strerror or error}; check the file and its permissions (no result "
              f"folder was changed)", file=sys.stderr)
        return ExitStatus.FILE_ERROR
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


def run() -> None:
    """The console script: ``main``, then end the process without waiting for a solver thread an interrupt left
    running (see ``background``)."""
    status = int(main())
    sys.stdout.flush()
    sys.stderr.flush()
    if threading.active_count() > 1:
        os._exit(status)
    sys.exit(status)
