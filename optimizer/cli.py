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

from . import cli_parallel
from .app import launch
from .errors import (
    ExitStatus,
    InputError,
    OptimizerError,
    Place,
    Terminated,
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


def _say(args, key: str, /, **values) -> str:
    """The phrase ``key`` in the language the person asked for (``--lang``)."""
    return api.phrase(key, getattr(args, "lang", "vi"), **values)


def _progress_in(lang: str):
    """A progress callback that prints each message indented, in ``lang``."""
    def progress(message) -> None:
        print(f"  {api.in_language(message, lang)}", file=sys.stderr, flush=True)
    return progress


def _bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else width
    return "[" + "#" * filled + "." * (width - filled) + f"] {done}/{total}"


def _step_in(lang: str):
    """A step callback that prints a progress bar and what was done, in ``lang``."""
    def step(done: int, total: int, what) -> None:
        print(f"{_bar(done, total)} {api.in_language(what, lang)}", file=sys.stderr, flush=True)
    return step


def _load(scenario_path: str, args):
    return api.load(scenario_path, allow_outside_paths=getattr(args, "allow_outside_paths", False))


def cmd_validate(args) -> int:
    scenario, inputs = _load(args.scenario, args)
    if inputs.pins is not None:
        api.check_pins(scenario, inputs)
    for line in api.validation_lines(scenario, inputs, args.lang):  # the lines the planner's page shows too
        print(line)
    print(_say(args, "valid", file=args.scenario, units=len(inputs.units), courses=len(inputs.courses),
               caps=len(inputs.caps), rows=len(inputs.demand), cadres=int(inputs.demand["count"].sum()),
               first=scenario.years[0], last=scenario.years[-1], warnings=len(inputs.warnings)))
    return ExitStatus.DONE


def cmd_solve(args) -> int:
    if all(api.holds_workbooks(path) for path in args.scenario):
        return _solve_workbooks(args)
    if len(args.scenario) > 1 or (Path(args.scenario[0]).is_dir() and not api.is_data_folder(args.scenario[0])):
        return _solve_batch(args)
    api.check_out(args.out)  # before the solve, so a refusal costs no waiting
    scenario, inputs = _load(args.scenario[0], args)
    print(_say(args, "solving", name=scenario.name, rows=len(inputs.demand), units=len(inputs.units),
               first=scenario.years[0], last=scenario.years[-1], warnings=len(inputs.warnings)),
          file=sys.stderr, flush=True)
    # Large charts are drawn in a second process, started now so that its imports overlap the solve.
    with api.drawing_process() if api.draw_apart(inputs) else contextlib.nullcontext(False) as apart:
        result = api.solve((scenario, inputs), progress=_progress_in(args.lang), workers=args.workers,
                           elastic=args.elastic)
        out = api.write(result, args.out, lang=args.lang, html=args.report, apart=apart)
    return _solved(args, scenario, result, out)


def _solved(args, scenario, result, out) -> int:
    """Say how a solve ended; its exit status."""
    if result.status is api.Status.ELASTIC:
        for row in result.bent.itertuples():
            print("  " + _say(args, "bent", rule=row.rule, bound=row.bound, value=row.value, by=row.bent),
                  file=sys.stderr)
        print(_say(args, "elastic", name=scenario.name, out=out, rules=len(result.bent),
                   total=int(result.bent["bent"].sum())))
        return ExitStatus.INFEASIBLE
    status = _say(args, "status_time_limited" if result.status is api.Status.TIME_LIMITED else "status_optimal")
    print(_say(args, "solved", name=scenario.name, status=status, seats=int(result.allocation["seats"].sum()),
               out=out, seconds=result.seconds))
    if result.status is api.Status.TIME_LIMITED:
        print(_say(args, "time_limit_warning", limit=scenario.solver.time_limit_seconds), file=sys.stderr)
        return ExitStatus.TIME_LIMITED
    return ExitStatus.DONE


def _print_problems(args, intake, report=None) -> int:
    """Every problem of an import, one line each, then the count; the exit status of bad input."""
    for problem in intake.problems:
        print(problem.line(intake.lang))
    missing = {r.unit_id for r in intake.received if r.workbook is None}
    books = len({p.workbook for p in intake.errors if p.unit_id not in missing})
    where = _say(args, "import_report_at", path=report) if report else ""
    print(_say(args, "import_problems", errors=len(intake.errors), books=books, missing=len(missing),
               warnings=len(intake.problems) - len(intake.errors), where=where), file=sys.stderr)
    return ExitStatus.BAD_INPUT


def _received(args, intake) -> str:
    sent = [r for r in intake.received if r.workbook]
    return _say(args, "received", sent=len(sent), total=len(intake.received), rows=sum(r.rows for r in sent),
                cadres=sum(r.cadres for r in sent))


def _solve_workbooks(args) -> int:
    """Units' demand workbooks (a folder of .xlsx, or the files): imported in memory, then solved like a data
    folder with the defaults."""
    api.check_out(args.out)
    intake, case = api.load_workbooks(args.scenario, data=args.data, lang=args.lang,
                                      allow_missing=args.allow_missing)
    if case is None:
        return _print_problems(args, intake)
    for problem in intake.problems:
        print(problem.line(intake.lang), file=sys.stderr)
    print(_say(args, "read_received", what=_received(args, intake)), file=sys.stderr)
    scenario, inputs = case
    with api.drawing_process() if api.draw_apart(inputs) else contextlib.nullcontext(False) as apart:
        result = api.solve(case, progress=_progress_in(args.lang), workers=args.workers, elastic=args.elastic)
        out = api.write(result, args.out, lang=args.lang, html=args.report, apart=apart)
    return _solved(args, scenario, result, out)


def _solve_batch(args) -> int:
    """Several scenarios (files or folders): one result folder each under --out; failures reported at the end."""
    found = api.scenario_files(args.scenario)
    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise InputError(Place(args.out, column="--out"), "is a file, not a folder",
                         "give a folder to hold one result folder per scenario")

    shown = _progress_in(args.lang)

    def progress(message) -> None:
        if args.verbose:
            shown(message)

    outcomes = api.solve_many(found, args.out, lang=args.lang, progress=progress, step=_step_in(args.lang),
                              html=args.report, workers=args.workers, allow_outside_paths=args.allow_outside_paths,
                              apart=True)
    vi = args.lang == "vi"
    print(_say(args, "batch_header", scenario="kịch bản" if vi else "scenario",
               status="trạng thái" if vi else "status", seconds="giây" if vi else "seconds"))
    for outcome in outcomes:
        where = f"{outcome.folder}/" if outcome.folder else api.in_language(outcome.message, args.lang)
        print(f"{outcome.name:<32} {api.status_words(outcome.status, args.lang):<16} {outcome.seconds:>8.1f}  {where}")
    failed = [o for o in outcomes if o.exit_status not in (ExitStatus.DONE, ExitStatus.TIME_LIMITED)]
    limited = [o for o in outcomes if o.exit_status == ExitStatus.TIME_LIMITED]
    print(_say(args, "batch_done", solved=len(outcomes) - len(failed), total=len(outcomes))
          + (_say(args, "batch_limited", count=len(limited)) if limited else "")
          + (_say(args, "batch_failed", names=", ".join(o.name for o in failed)) if failed else ""))
    if failed:
        return failed[0].exit_status
    return ExitStatus.TIME_LIMITED if limited else ExitStatus.DONE


def cmd_verify(args) -> int:
    exit_status = ExitStatus.DONE
    for folder in args.results:
        found = api.verify(folder, redo=not args.no_resolve, progress=_progress_in(args.lang))
        for problem in found.problems:
            print(f"{folder}/{problem}")
        if found.note:
            print(_say(args, "note", text=found.note), file=sys.stderr)
        if found.ok:
            print(_say(args, "verified", folder=folder, files=found.files_checked, rules=len(found.rules_checked),
                       redone=_say(args, "verified_redone") if found.redone else ""))
        else:
            print(_say(args, "not_verified", folder=folder, problems=len(found.problems)), file=sys.stderr)
            exit_status = ExitStatus.NOT_VERIFIED
    return exit_status


def cmd_explain(args) -> int:
    table, sentences = api.explain_folder(args.result, unit=args.unit, lang=args.lang)
    for sentence in sentences:
        print(sentence)
    print(_say(args, "explained", rows=table["demand_id"].nunique(), units=table["unit_id"].nunique(),
               binding=int(table["binds"].sum()), reasons=len(table)), file=sys.stderr)
    return ExitStatus.DONE


def cmd_report(args) -> int:
    for folder in args.results:
        print(_say(args, "wrote", path=api.report(folder, lang=args.lang)))
    return ExitStatus.DONE


def cmd_brief(args) -> int:
    path = api.brief(args.result, args.out, compare=args.compare, lang=args.lang)
    print(_say(args, "brief_written", path=path))
    return ExitStatus.DONE


def cmd_notices(args) -> int:
    api.check_out(args.out)
    files = api.notices(args.result, args.out, lang=args.lang, province=args.province, step=_step_in(args.lang))
    print(_say(args, "notices_written", count=max(len(files) - 1, 0), out=args.out))
    return ExitStatus.DONE


def cmd_compare(args) -> int:
    api.check_out(args.out)
    comparison = api.compare(args.results)
    out = api.write_comparison(comparison, args.out, lang=args.lang)
    print(api.comparison_sheet(comparison, "stages", lang=args.lang).to_string(index=False))
    print(_say(args, "compared", count=len(args.results), out=out))
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
        broken = ", ".join(f"{rule} {n}" for rule, n in counts.items()) or _say(args, "none")
        prefix = f"[{number}/{len(methods)}] " if len(methods) > 1 else ""
        print(_say(args, "baseline_done", prefix=prefix, name=plan.result.scenario.name,
                   seats=int(plan.result.allocation["seats"].sum()), broken=broken, out=out,
                   seconds=plan.result.seconds), flush=True)
    return ExitStatus.DONE


def cmd_properties(args) -> int:
    api.check_out(args.out)
    found = api.properties(args.scenario, args.plan, methods=args.methods, span=args.span,
                           progress=_progress_in(args.lang),
                           allow_outside_paths=args.allow_outside_paths)
    api.write_properties(found, args.out, args.span, lang=args.lang)
    print(found.summary.to_string(index=False))
    if len(found.population):
        print(_say(args, "population", plan=found.summary["plan"].iloc[0], units=len(found.population)))
    print(_say(args, "wrote", path=f"{args.out}/"))
    return ExitStatus.DONE


def cmd_template(args) -> int:
    if args.per_unit:
        if args.blank or args.name:
            raise InputError(Place("template", column="--per-unit"), "--blank and --name are for the one workbook "
                             "of every table", "leave them out: each unit's workbook is named after the unit")
        paths = api.write_unit_templates(args.out, data=args.data, lang=args.lang, send_to=args.send_to)
        print(_say(args, "unit_templates", count=len(paths), out=args.out, example=paths[0].name if paths else "-"))
        return ExitStatus.DONE
    if args.data is None:
        print(_say(args, "template_note"), file=sys.stderr)
    blank = tuple(t.strip() for t in args.blank.split(",") if t.strip()) if args.blank else ()
    path = api.write_template(args.out, name=args.name, data=args.data, lang=args.lang, blank=blank)
    blanks = _say(args, "template_blank", tables=", ".join(blank)) if blank else ""
    print(_say(args, "wrote", path=path) + (_say(args, "template_prefilled", data=Path(args.data), blank=blanks)
                                            if args.data else ""))
    return ExitStatus.DONE


def cmd_import(args) -> int:
    units_options = args.data or args.report or args.allow_missing
    if len(args.workbook) == 1 and Path(args.workbook[0]).is_file() and not units_options \
            and not api.is_unit_form(args.workbook[0]):
        tables = api.import_workbook(args.workbook[0], args.out)  # one workbook of every table
        print(_say(args, "imported_one", file=args.workbook[0], tables=len(tables), out=args.out))
        return ExitStatus.DONE
    intake, report = api.import_workbooks(args.workbook, args.out, data=args.data, report=args.report,
                                          lang=args.lang, allow_missing=args.allow_missing)
    if not intake.ok:
        return _print_problems(args, intake, report)
    for problem in intake.problems:
        print(problem.line(intake.lang))
    print(_say(args, "imported_many", count=len(intake.workbooks), received=_received(args, intake), out=args.out,
               report=report.name))
    return ExitStatus.DONE


def cmd_sensitivity(args) -> int:
    changes = tuple(c.strip() for c in args.changes.split(",")) if args.changes else api.SENSITIVITY_CHANGES
    api.check_out(args.out)
    table = api.sensitivity(args.scenario, workers=args.workers, changes=changes, step=_step_in(args.lang),
                            scheduler=args.scheduler)
    api.write_sensitivity(table, args.scenario, args.out, lang=args.lang)
    best = table[table["delta_total"].fillna(0) > 0].sort_values("delta_total", ascending=False).head(10)
    print(best[["year", "target", "block", "change", "delta_total"]].to_string(index=False) if len(best)
          else _say(args, "sensitivity_none"))
    print(_say(args, "sensitivity_done", count=len(table), out=args.out))
    return ExitStatus.DONE


def cmd_generate(args) -> int:
    if args.country:
        print(_say(args, "wrote", path=api.write_country(args.out, years=args.years or 5, seed=args.seed)))
        return ExitStatus.DONE
    if args.units:
        path = api.write_demand(args.units, args.out, seed=args.seed, first_year=args.first_year,
                                years=args.years or 3)
        print(_say(args, "wrote", path=path))
        return ExitStatus.DONE
    folder = api.write_synthetic(args.synthetic, args.out, years=args.years or 5, seed=args.seed,
                                 first_year=args.first_year)
    print(_say(args, "synthetic", units=args.synthetic, years=args.years or 5, out=folder))
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
        written = api.write_benchmark(runs, args.out)
        print(_say(args, "wrote", path=f"{written}/ (benchmark.csv, growth.png, growth.svg)"))
    return ExitStatus.DONE


def cmd_app(args) -> int:
    return launch.serve(args.port, headless=args.headless, workspace=args.workspace, lang=args.lang)


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
    solve.add_argument("--verbose", action="store_true", help="in a batch, also show each solve's progress")
    solve.add_argument("--report", action="store_true", help="also write report.html, a self-contained page")
    solve.add_argument("--elastic", action="store_true", help="if the rules cannot all hold, let quotas, classes "
                       "and release limits bend at a cost per seat and write that plan (exit 3) with bent_rules.csv")
    solve.add_argument("--workers", type=_positive, default=1, help="independent parts solved at once, in worker "
                       "processes (default 1); the plan is byte-identical for any number")
    solve.add_argument("--allow-outside-paths", action="store_true", help="let the scenario read files (replace:, "
                       "actuals:, reference:) outside its own folder and the data folder")
    solve.add_argument("--data", help="with units' workbooks (a folder of .xlsx and no .yaml, or .xlsx files): the "
                       "data folder of the other tables (default: the bundled one)")
    solve.add_argument("--allow-missing", action="store_true", help="with units' workbooks: solve even if some "
                       "units sent none (they are listed as warnings)")
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
    why.set_defaults(run=cmd_explain)

    page = commands.add_parser("report", help="write report.html into result folders (opens offline in a browser)")
    page.add_argument("results", nargs="+", help="result folders written by solve")
    page.set_defaults(run=cmd_report)

    brief = commands.add_parser("brief", help="one A4 page for the Standing Committee: coverage against target, "
                                "what changed, units furthest below target, decisions needed")
    brief.add_argument("result", help="a result folder written by solve")
    brief.add_argument("--compare", metavar="DIR_B", help="another result folder: say what changed against it")
    brief.add_argument("--out", required=True, help="the PDF file to write (never over an existing file)")
    brief.set_defaults(run=cmd_brief)

    notice = commands.add_parser("notices", help="one notice per unit (A4, official-letter layout): its seats by "
                                 "year and course and why listed cadres are not covered")
    notice.add_argument("result", help="a result folder written by solve")
    notice.add_argument("--out", required=True, help="a new folder for the PDFs (replaced only when complete)")
    notice.add_argument("--province", help="the province's name for the letterhead (default: left blank to fill in)")
    notice.set_defaults(run=cmd_notices)

    compare = commands.add_parser("compare", help="compare result folders side by side (the first is the base)")
    compare.add_argument("results", nargs="+", help="two or more result folders written by solve")
    compare.add_argument("--out", required=True, help="folder for the comparison tables, workbook and charts")
    compare.set_defaults(run=cmd_compare)

    base = commands.add_parser("baseline", help="share the quotas in proportion to need by a classic "
                               "apportionment method, for comparison with solve")
    base.add_argument("method", help="hamilton, jefferson, webster, huntington_hill, adams, dean, or 'all' (one "
                      "folder per method under --out)")
    base.add_argument("scenario", help="scenario YAML file")
    base.add_argument("--out", required=True, help="result folder (same files as solve, plus baseline_*.csv)")
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
    template.add_argument("--per-unit", action="store_true", help="write one demand workbook per sending unit "
                          "into the new folder OUT, named after the unit (default data: the bundled folder)")
    template.add_argument("--send-to", help="with --per-unit: who the units send the workbook to (default: Ban Tổ "
                          "chức Tỉnh ủy)")
    template.set_defaults(run=cmd_template)

    intake = commands.add_parser("import", help="read a filled Excel workbook back into a data folder's CSV "
                                 "tables, validated like CSV input")
    intake.add_argument("workbook", nargs="+", help="the filled .xlsx of every table; or the units' workbooks "
                        "(template --per-unit): a folder of them, or the files")
    intake.add_argument("--out", required=True, help="data folder to write (replaced only when complete)")
    intake.add_argument("--data", help="units' workbooks: the data folder of the other tables and of the units, "
                        "families and tiers they name (default: the bundled one)")
    intake.add_argument("--report", help="units' workbooks with problems: where the report goes (default "
                        "OUT_import_report.xlsx beside OUT); a clean import puts it in OUT")
    intake.add_argument("--allow-missing", action="store_true", help="units' workbooks: a unit that sent none is a "
                        "warning, not a problem (its demand is then empty)")
    intake.set_defaults(run=cmd_import)

    sens = commands.add_parser("sensitivity", help="what one more seat, one seat fewer or one more class of each "
                               "quota would change, re-solved exactly, in parallel")
    sens.add_argument("scenario", help="scenario YAML file")
    sens.add_argument("--out", required=True, help="folder for sensitivity.csv/.xlsx/.png/.svg")
    sens.add_argument("--workers", type=_positive, default=2, help="variants solved at once (default 2)")
    sens.add_argument("--changes", help="comma-separated subset of: one_more_seat, one_seat_fewer, "
                      "one_more_class (default all)")
    sens.add_argument("--scheduler", metavar="ADDRESS", help="solve the variants on a Dask cluster, as country "
                      "and batch do (needs the extra: pip install 'optimizer[cluster]')")
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
    group.add_argument("--country", action="store_true", help="every province on the 2025 map, 2026 on (folders)")
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
    app = commands.add_parser("app", help="the planner's web page on this computer: every task by pointing and "
                              "clicking (opens the browser)")
    app.add_argument("--port", type=int, default=launch.DEFAULT_PORT, help="the port to serve on (default 8501)")
    app.add_argument("--headless", action="store_true", help="serve without opening a browser (servers, tests)")
    app.add_argument("--workspace", default="workspace",
                     help="the folder the page keeps its scenarios, imports and results in (default workspace/)")
    app.set_defaults(run=cmd_app)
    cli_parallel.add_commands(commands, lambda: api, _positive)
    # Every command speaks the planner's language: its messages, and the files it writes.
    for command in commands.choices.values():
        command.add_argument("--lang", choices=("vi", "en"), default="vi",
                             help="language of the messages and of the files written: vi (default) or en")
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
        print(api.failure_text(error, error.exit_status, args.lang), file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt as interrupt:
        terminated = isinstance(interrupt, Terminated)
        print(_say(args, "terminated" if terminated else "interrupted"), file=sys.stderr)
        return ExitStatus.TERMINATED if terminated else ExitStatus.INTERRUPTED
    except OSError as error:  # reading failed (writing errors arrive as OutputError, with their folder)
        where = f" {error.filename}" if error.filename else ""
        print(_say(args, "file_error", where=where, problem=error.strerror or error), file=sys.stderr)
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
