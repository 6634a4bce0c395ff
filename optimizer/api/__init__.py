"""The public API: everything the command line does, one function call away, returning pandas objects.

    from optimizer import api
    scenario, inputs = api.load("scenarios/baseline.yaml")
    cut = api.variant("scenarios/baseline.yaml", "cut", caps=[{"target": "cao_cap_tt", "set": {"seats_max": 30}}])
    result = api.solve("scenarios/baseline.yaml")          # or api.solve((scenario, inputs)), api.solve(cut)
    tables = api.tables(result)                            # allocation, coverage, ... as DataFrames
    api.write(result, "results/baseline")
    batch = api.solve_many(["scenarios"], "results")       # one folder per scenario; failures are collected
    plan = api.baseline("webster", "scenarios/baseline.yaml")  # seats in proportion to need, for comparison
    api.write_baseline(plan, "results/baseline-webster")
    comparison = api.compare(["results/baseline", "results/cut_full_time_advanced"])

Glue only: each function joins the subpackages' entry points. The functions named ``write_*``, ``report``,
``solve_many``, ``import_workbook`` and ``import_workbooks`` touch the file system, and only under the folder or
file given (never over files this program did not write); every other function only reads.
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import pandas as pd
from matplotlib.figure import Figure

from .. import encode
from ..analyses import benchmark as _benchmark
from ..analyses import properties as _properties
from ..analyses import sensitivity as _sensitivity
from ..analyses.apportionment import METHODS
from ..analyses.baselines import Baseline, check_method
from ..analyses.baselines import baseline as _baseline
from ..analyses.brief_compare import compared_lines
from ..analyses.compare import Comparison, comparison_files, read_result, sheet
from ..analyses.compare import compare as _compare
from ..analyses.verify import Verification, check_files, verify_folder
from ..background import Apart
from ..errors import ExitStatus, InputError, OptimizerError, Place, exit_label
from ..files import (
    check_replaceable,
    not_a_folder,
    update_folder,
    write_file,
    write_result_folder,
)
from ..inputs import synth
from ..inputs.case import is_data_folder, load_case, load_variant  # noqa: F401  (is_data_folder: for the CLI)
from ..inputs.changes import describe as describe_change  # noqa: F401  (for the CLI)
from ..inputs.dataset import Inputs
from ..inputs.intake import import_workbook as _import_workbook
from ..inputs.past import replan_warnings as _replan_warnings
from ..inputs.scenario import Scenario
from ..inputs.template import template_workbook
from ..inputs.unit_forms import BUNDLED_DATA, unit_forms
from ..inputs.unit_intake import Intake, holds_workbooks, intake_case, is_unit_form, read_unit_workbooks  # noqa: F401
from ..messages import Message, failure_text, in_language, phrase, status_words  # noqa: F401  (the CLI's words)
from ..model.build import candidate_table
from ..model.explain import explain, summary_sentences
from ..model.plan import Result, Status
from ..model.rules_decided import check_reach
from ..model.staged import solve as _solve
from ..outputs import report as tables_for_people
from ..outputs.brief_pdf import render_brief
from ..outputs.folder import (
    BASELINE_CELLS_FILE,
    BASELINE_ROUNDS_FILE,
    CHECKSUM_FILE,
    REPORT_FILE,
    SCENARIO_FILE,
    checksums,
    read_plan,
    with_checksum,
)
from ..outputs.folder import read_folder as read_result_folder
from ..outputs.html_report import read_folder, render_report
from ..outputs.intake_report import intake_report, is_intake_report
from ..outputs.notices import notice_files
from ..outputs.render import draw_apart, drawing_process, result_files
from ..outputs.result_charts import result_charts
from ..words import LANGS, folded, matching_rows, names

Progress = Callable[[str], None]
SENSITIVITY_CHANGES = _sensitivity.CHANGES


def check_out(out: str | Path) -> None:
    """Refuse, before any work, an output folder holding files this program did not write (``files``)."""
    check_replaceable(out)


def load(scenario: str | Path | Scenario, allow_outside_paths: bool = False,
         today: datetime.date | None = None) -> tuple[Scenario, Inputs]:
    """The scenario after ``extends``, and its data after the scenario's changes, validated together.
    ``allow_outside_paths`` lets a scenario file name files to read outside its folder and the data folder. A data
    folder (``is_data_folder``) is loaded with the default settings: the years of its quota lines and the bundled
    baseline's release limits and solver settings. ``today``: the date a scenario with a reference plan and no
    ``plan_from_year`` is re-planned on (None: the computer's date)."""
    return load_case(scenario, allow_outside_paths=allow_outside_paths, today=today)


def replan_warnings(scenario: Scenario, today: datetime.date | None = None, lang: str = "vi") -> list[str]:
    """One line for each way a what-if would re-plan a year already past (a change reaching a past year that
    nothing fixes; every year past and no reference plan); ``today``: the date to judge by (None: the computer's,
    unless the scenario says ``today:``)."""
    return _replan_warnings(scenario, today, lang)


def check_pins(scenario: Scenario, inputs: Inputs) -> None:
    """Raise ``InputError`` naming the first pin that asks for more seats than its unit's eligible cadres could
    take (what ``solve`` refuses when it builds the model), without solving."""
    check_reach(candidate_table(inputs, scenario), inputs.pins)


def variant(base: str | Path, name: str, question: str = "", **keys) -> tuple[Scenario, Inputs]:
    """A what-if built in Python, loaded like a file that extends ``base`` with ``keys``, e.g.
    ``api.variant("scenarios/baseline.yaml", "cut", caps=[{"target": "cao_cap_tt", "set": {"seats_max": 30}}])``.
    """
    return load_variant(base, name, question, **keys)


def solve(case: str | Path | tuple[Scenario, Inputs], progress: Progress | None = None,
          workers: int = 1, elastic: bool = False) -> Result:
    """Solve a scenario file (or a loaded ``(scenario, inputs)`` pair); the result is already checked.
    ``workers`` independent parts are solved at once in worker processes; the plan is the same for any number.
    ``elastic`` lets quotas, classes and release limits bend at a cost per seat, so an infeasible scenario still
    gets a plan: ``result.bent`` lists what bent and by how much (status ``elastic``)."""
    scenario, inputs = load(case) if isinstance(case, (str, Path)) else case
    return _solve(inputs, scenario, progress=progress, workers=workers, elastic=elastic)


def tables(result: Result) -> dict[str, pd.DataFrame]:
    """The result's tables as DataFrames (the CSV files of a result folder, before they become bytes)."""

    inputs = result.inputs
    return {
        "allocation": tables_for_people.allocation_table(result.allocation, inputs),
        "assignments": result.allocation,
        "coverage": tables_for_people.coverage_table(result.allocation, inputs),
        "cumulative_coverage": tables_for_people.cumulative_coverage(result.allocation, inputs, result.scenario.years),
        "seats_by_course": tables_for_people.seats_by_course(result.allocation, inputs, result.scenario.years),
        "classes": result.classes,
        "stages": pd.DataFrame([{"stage": s.name, "value": s.value, "bound": s.bound, "optimal": s.optimal}
                                for s in result.stages]),
    }


def charts(result: Result, lang: str = "vi") -> dict[str, Figure]:
    """The result's charts as matplotlib figures, by the file stem they are written under (``RESULT_CHARTS``)."""
    return result_charts(tables(result), result.inputs, lang=lang)


def write(result: Result, out: str | Path, lang: str = "vi", html: bool = False,
          apart: bool | Apart = False) -> Path:
    """Write the result folder (all files or none; an older folder there is replaced only when complete);
    ``html`` adds the self-contained report.html. ``apart`` (True, or a ``drawing_process()`` started early):
    large charts are drawn in a second process meanwhile (``draw_apart`` says when that pays); a script that asks
    for it must guard its top level with ``if __name__ == "__main__":``, as with any process pool."""

    out = Path(out)
    write_result_folder(out, result_files(result, lang=lang, html=html, apart=apart))
    return out


def report(folder: str | Path, lang: str = "vi") -> Path:
    """Write ``folder``/report.html from a result folder's files (replacing an older one in one step)."""

    folder = Path(folder)
    sums = folder / CHECKSUM_FILE
    if sums.is_file():
        # The page joins the checked files, but only of a folder that still verifies: a changed file must not
        # get a fresh checksum by the back door.
        problems = [p for p in check_files(folder)[0] if p.file != REPORT_FILE]
        if problems:
            raise InputError(Place(str(folder / problems[0].file)), problems[0].what,
                             "run verify on the folder, or solve the scenario again")
    page = render_report(read_folder(folder), lang=lang)
    updated = {REPORT_FILE: page}
    if sums.is_file():
        updated[CHECKSUM_FILE] = with_checksum(sums.read_bytes(), REPORT_FILE, page)
    update_folder(folder, updated)
    return folder / REPORT_FILE


def brief(folder: str | Path, out: str | Path, compare: str | Path | None = None, lang: str = "vi") -> Path:
    """Write the one-page brief of a result folder (tom_tat.pdf's page) to the file ``out`` (never over an existing
    file). With ``compare`` (another result folder) its second part says what changed against that scenario."""
    content = read_result_folder(folder)
    compared = None
    if compare is not None:
        compared = compared_lines(_compare([read_result(Path(compare)), read_result(Path(folder))]), lang)
    path = Path(out)
    write_file(path, render_brief(content, lang=lang, compared=compared))
    return path


def notices(folder: str | Path, out: str | Path, lang: str = "vi", province: str | None = None,
            step: Step | None = None) -> dict[str, bytes]:
    """Write the notices to units of a result folder into the new folder ``out``: one single-page PDF per unit
    (named from the unit's name) and one with them all; all or nothing, never over files this program did not
    write. ``province`` fills the letterhead ("Nam Định"); without it the name is left blank to fill in."""
    check_replaceable(out)
    files = notice_files(read_result_folder(folder), lang=lang, province=province, step=step)
    write_result_folder(Path(out), files)
    return files


def verify(folder: str | Path, redo: bool = True, progress: Progress | None = None) -> Verification:
    """Check a result folder from its own files (``verify.Verification``): checksums, every rule, the stage
    values, and with ``redo`` the run done again and compared byte for byte."""

    return verify_folder(folder, redo=redo, progress=progress)


def explain_folder(folder: str | Path, unit: str | None = None, lang: str = "vi") -> tuple[pd.DataFrame, list[str]]:
    """Why each short demand row of a result folder got no more seats: the explanation table and one sentence
    per row (``explain.explain``), from the folder's own scenario, inputs and plan."""

    folder = Path(folder)
    if (problem := not_a_folder(folder)) is not None:
        raise InputError(Place(str(folder)), f"the result folder {problem}", "check the path, or run solve to write it")
    scenario, inputs = load(folder / SCENARIO_FILE)
    if unit is not None:
        unit = _one_unit(inputs, unit, folder)
    assignments, classes = read_plan(folder)
    classes = classes[["course_id", "year", "classes", "seats"]]
    table = explain(assignments, classes, inputs, scenario, unit=unit, lang=lang)
    return table, summary_sentences(table, inputs, lang=lang)


def _one_unit(inputs: Inputs, text: str, folder: Path) -> str:
    """The unit_id that ``text`` names (an id, or a name typed with or without accents)."""
    found = matching_rows(inputs.units, text)
    if len(found) == 1:
        return found[0]
    units = folder / "inputs" / "units.csv"
    if found:
        raise InputError(Place("explain", column="--unit"), f"'{text}' names {len(found)} units: {', '.join(found)}",
                         "give the unit_id")
    by_folded = {folded(name): name for name in inputs.units["name"]}
    close = difflib.get_close_matches(folded(text), list(by_folded), n=1)
    hint = f"did you mean '{by_folded[close[0]]}'? " if close else ""
    raise InputError(Place("explain", column="--unit"), f"unknown unit '{text}'",
                     f"{hint}give a unit's name or unit_id as in {units}")


def scenario_files(paths: Iterable[str | Path]) -> list[Path]:
    """Scenario files from files and folders (a folder gives its *.yaml files, in name order)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
            if not inside:
                raise InputError(Place(str(path)), "the folder has no scenario files (*.yaml)", "name a scenario file")
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(Place(str(path)), "no such scenario file or folder", "check the path")
    return found


@dataclass(frozen=True)
class Outcome:
    """What became of one scenario of a batch."""

    scenario: str  # the file
    name: str
    folder: Path | None  # None when it failed
    status: str  # optimal | time_limited | bad input | infeasible | time limit | checker failure | error
    exit_status: int
    message: str
    seconds: float


Step = Callable[[int, int, str], None]  # (scenarios done, scenarios in all, what is happening)


def solve_many(paths: Sequence[str | Path], out: str | Path, lang: str = "vi",
               progress: Progress | None = None, step: Step | None = None, html: bool = False,
               workers: int = 1, allow_outside_paths: bool = False, apart: bool = False) -> list[Outcome]:
    """Solve each scenario into ``out/<scenario name>/``. A failing scenario is recorded and the batch goes on.

    ``step`` hears of each scenario as it starts and ends (for a progress bar); ``progress`` hears each solve's
    own messages. ``apart``: each scenario's large charts are drawn in a second process where that pays
    (``draw_apart``), started before its solve (see ``write``).
    """
    say = progress or (lambda message: None)
    tell = step or (lambda done, total, what: None)
    found = scenario_files(paths)
    out = Path(out)
    outcomes, taken = [], {}
    with contextlib.ExitStack() as stack:
        started: list[Apart] = []

        def drawing(inputs: Inputs) -> Apart | bool:
            """The batch's drawing process, started for the first scenario large enough to need it."""
            if not (apart and draw_apart(inputs)):
                return False
            if not started:
                started.append(stack.enter_context(drawing_process()))
            return started[0]

        for number, file in enumerate(found, start=1):
            outcomes.append(_solve_one(file, number, len(found), out, taken, drawing, lang, say, tell, html, workers,
                                       allow_outside_paths))
    return outcomes


def _solve_one(file: Path, number: int, total: int, out: Path, taken: dict, drawing: Callable[[Inputs], Apart | bool],
               lang: str, say: Progress, tell: Step, html: bool, workers: int, allow_outside_paths: bool) -> Outcome:
    """One scenario of ``solve_many``."""
    started = time.perf_counter()
    tell(number - 1, total, Message("batch_solving", file=file))
    try:
        case = load(file, allow_outside_paths=allow_outside_paths)
        name = case[0].name
        if name in taken:
            raise InputError(Place(str(file), column="name"), f"the name '{name}' is also used by {taken[name]}",
                             "give each scenario of a batch its own name")
        taken[name] = file
        apart = drawing(case[1])  # before the solve, so that a new process imports meanwhile
        result = solve(case, progress=say, workers=workers)
        folder = write(result, out / name, lang=lang, html=html, apart=apart)
        status = result.status.value
        exit_status = ExitStatus.DONE if result.status is Status.OPTIMAL else ExitStatus.TIME_LIMITED
        message = Message("seats_count", seats=int(result.allocation["seats"].sum()))
    except OptimizerError as error:
        name, folder, exit_status, message = file.stem, None, error.exit_status, str(error)
        status = exit_label(exit_status)
    seconds = time.perf_counter() - started
    outcome = Outcome(str(file), name, folder, status, exit_status, message, seconds)
    tell(number, total, Message("batch_outcome", name=name, status={lang: status_words(status, lang) for lang in LANGS},
                                seconds=seconds))
    return outcome


def baseline(method: str, case: str | Path | tuple[Scenario, Inputs]) -> Baseline:
    """The plan a classic apportionment method gives on a scenario's data (``baselines.Baseline``): seats in
    proportion to listed demand, tier by tier; ``.result`` works with ``tables``, ``write`` and ``compare``, and
    ``.violations`` lists the model's rules it breaks."""

    scenario, inputs = load(case) if isinstance(case, (str, Path)) else case
    return _baseline(method, inputs, scenario)


def write_baseline(plan: Baseline, out: str | Path, lang: str = "vi", html: bool = False,
                   apart: bool | Apart = False) -> Path:
    """Write a baseline's result folder: the files of ``write`` plus baseline_cells.csv (the house of each
    year and course) and baseline_rounds.csv (every apportionment: tier, unit, weight, seats)."""

    out = Path(out)
    written = result_files(plan.result, lang=lang, html=html, apart=apart)
    written[BASELINE_CELLS_FILE] = encode.csv_bytes(plan.cells)
    written[BASELINE_ROUNDS_FILE] = encode.csv_bytes(plan.rounds)
    written[CHECKSUM_FILE] = checksums(written)
    write_result_folder(out, written)
    return out


def plan_of_folder(folder: str | Path) -> _properties.Plan:
    """A result folder (of ``solve`` or ``baseline``) as a ``properties.Plan``: its assignments and demand."""
    return _properties.plan_of_folder(folder)


def compare(folders: Sequence[str | Path]) -> Comparison:
    """Compare result folders (the first is the reference for differences); see ``compare.Comparison``."""
    return _compare([read_result(Path(folder)) for folder in folders])


def comparison_sheet(comparison: Comparison, table: str = "stages", lang: str = "vi") -> pd.DataFrame:
    """One table of the comparison as comparison.xlsx shows it: names, not ids (``compare_sheets.TABLES``)."""
    return sheet(comparison, table, lang)


def write_comparison(comparison: Comparison, out: str | Path, lang: str = "vi") -> Path:

    out = Path(out)
    write_result_folder(out, comparison_files(comparison, lang=lang))
    return out


def properties(scenario_path: str | Path, plan_folders: Sequence[str | Path] = (), methods: str = "all",
               span: int = 10, progress: Progress | None = None,
               allow_outside_paths: bool = False) -> _properties.Properties:
    """Quota rule and paradoxes (``properties``) of the plans in ``plan_folders`` and of the apportionment
    ``methods`` ("all" or comma-separated names) on the data of ``scenario_path``."""
    chosen = METHODS if methods == "all" else tuple(check_method(m.strip()) for m in methods.split(",") if m.strip())
    scenario, inputs = load(scenario_path, allow_outside_paths=allow_outside_paths)
    plans = [plan_of_folder(folder) for folder in plan_folders]
    return _properties.properties(plans, inputs, scenario, methods=chosen, span=span, progress=progress)


def write_properties(found: _properties.Properties, out: str | Path, span: int, lang: str = "vi") -> Path:
    out = Path(out)
    write_result_folder(out, _properties.properties_files(found, span, lang=lang))
    return out


def write_template(out: str | Path, name: str | None = None, data: str | Path | None = None, lang: str = "vi",
                   blank: Sequence[str] = ()) -> Path:
    """Write the Excel submission template into the folder ``out`` (never over an existing file); with
    ``data`` its sheets are pre-filled from that data folder, except the tables named in ``blank``."""
    path = Path(out) / (name or ("mau_nhap_lieu.xlsx" if lang == "vi" else "data_template.xlsx"))
    if path.exists() or path.is_symlink():
        raise InputError(Place(str(path)), "the file already exists and this program will not overwrite it",
                         "give --name another file name, or another folder; nothing was written",
                         problem_vi="tệp đã có và chương trình sẽ không ghi đè lên",
                         fix_vi="hãy đặt tên khác bằng --name hoặc chọn thư mục khác; chưa ghi gì")
    try:
        data_bytes = template_workbook(Path(data) if data else None, lang=lang, blank=tuple(blank))
    except ValueError as error:
        raise InputError(Place("template", column="--blank"), str(error), "write e.g. --blank demand") from None
    write_file(path, data_bytes)
    return path


def import_workbook(workbook: str | Path, out: str | Path) -> dict[str, bytes]:
    """Read a filled submission workbook and write its tables as the data folder ``out``; return the files."""
    check_replaceable(out)
    tables = _import_workbook(Path(workbook))
    write_result_folder(Path(out), tables)
    return tables


INTAKE_REPORT = "import_report.xlsx"


def write_unit_templates(out: str | Path, data: str | Path | None = None, lang: str = "vi",
                         send_to: str | None = None) -> list[Path]:
    """Write one demand workbook per sending unit of ``data`` (default: the bundled data folder) as the folder
    ``out``, all or nothing (``unit_forms``); return the workbooks' paths in the order of units.csv."""
    check_replaceable(out)
    try:
        forms = unit_forms(Path(data) if data else BUNDLED_DATA, lang=lang, send_to=send_to)
    except ValueError as error:
        raise InputError(Place("template", column="--lang"), str(error), "use vi or en") from None
    write_result_folder(Path(out), forms)
    return [Path(out) / name for name in forms]


def read_workbooks(workbooks: Sequence[str | Path], data: str | Path | None = None, lang: str = "vi",
                   allow_missing: bool = False) -> Intake:
    """Read the units' filled workbooks (files, or folders of .xlsx) against the data folder ``data`` (default:
    the bundled one): every problem of every workbook, and the merged data folder's files when there is none
    (``unit_intake``). Reads only."""
    return read_unit_workbooks(workbooks, Path(data) if data else BUNDLED_DATA, lang=lang, allow_missing=allow_missing)


def intake_report_path(out: str | Path, report: str | Path | None = None) -> Path:
    """Where an import with problems writes its report: ``report``, or ``<out>_import_report.xlsx`` beside
    ``out``, so that nothing is written into the data folder until every workbook is valid."""
    out = Path(out)
    return Path(report) if report else out.parent / f"{out.name}_{INTAKE_REPORT}"


def import_workbooks(workbooks: Sequence[str | Path], out: str | Path, data: str | Path | None = None,
                     report: str | Path | None = None, lang: str = "vi",
                     allow_missing: bool = False) -> tuple[Intake, Path]:
    """Import the units' workbooks (``read_workbooks``). Clean: write the data folder ``out`` (the base
    folder's tables, the merged demand.csv and import_report.xlsx listing who sent what). With problems: write
    only the report, at ``intake_report_path`` (replacing a report of an earlier import, never another file),
    and leave ``out`` untouched. Returns the intake and the report's path."""
    check_replaceable(out)
    elsewhere = intake_report_path(out, report)
    _check_report_path(elsewhere)
    intake = read_workbooks(workbooks, data, lang=lang, allow_missing=allow_missing)
    sheet = intake_report(intake)
    if intake.ok:
        write_result_folder(Path(out), {**intake.files, INTAKE_REPORT: sheet})
        return intake, Path(out) / INTAKE_REPORT
    write_file(elsewhere, sheet, own_file=elsewhere.exists())
    return intake, elsewhere


def _check_report_path(path: Path) -> None:
    if path.is_symlink() or (path.exists() and (not path.is_file() or not is_intake_report(path.read_bytes()))):
        raise InputError(Place(str(path), column="--report"), "the file exists and is not a report of an earlier "
                         "import, so this program will not overwrite it",
                         "give --report another file name, or move the file away; nothing was written",
                         problem_vi="tệp đã có và không phải báo cáo của lần nhập trước, nên chương trình sẽ không "
                                    "ghi đè lên",
                         fix_vi="hãy đặt tên khác bằng --report hoặc chuyển tệp đó đi; chưa ghi gì")


def load_workbooks(workbooks: Sequence[str | Path], data: str | Path | None = None, lang: str = "vi",
                   allow_missing: bool = False) -> tuple[Intake, tuple[Scenario, Inputs] | None]:
    """The units' workbooks read (``read_workbooks``) and, when clean, loaded as a data folder with its defaults
    (as ``solve`` does with a data folder), named after the first folder given, or the first workbook's folder."""
    intake = read_workbooks(workbooks, data, lang=lang, allow_missing=allow_missing)
    if not intake.ok:
        return intake, None
    first = Path(workbooks[0])
    return intake, intake_case(intake, first.parent if first.is_file() else first)


def sensitivity(scenario_path: str | Path, workers: int = 2, changes: Sequence[str] = SENSITIVITY_CHANGES,
                step: Callable[[int, int, str], None] | None = None, lines=None,
                scheduler: str | None = None) -> pd.DataFrame:
    """What one more seat, one seat fewer or one more class of each quota changes (``sensitivity``); ``lines``:
    only these quota lines, as (year, target, block) (None: all); ``scheduler``: a Dask cluster's address."""
    unknown = [c for c in changes if c not in SENSITIVITY_CHANGES]
    if unknown:
        raise InputError(Place("sensitivity", column="--changes"), f"unknown change '{unknown[0]}'",
                         f"use some of: {', '.join(SENSITIVITY_CHANGES)}")
    return _sensitivity.sensitivity(scenario_path, workers=workers, changes=tuple(changes), step=step, lines=lines,
                                    scheduler=scheduler)


def write_benchmark(runs: list[dict], out: str | Path) -> Path:
    """Write benchmark.csv and the growth chart (growth.png/.svg) of the ``benchmark`` runs into ``out``."""
    out = Path(out)
    write_result_folder(out, _benchmark.benchmark_files(runs))
    return out


def write_sensitivity(table: pd.DataFrame, scenario_path: str | Path, out: str | Path, lang: str = "vi") -> Path:
    """Write the sensitivity table, workbook and chart, labelled with the scenario's names in ``lang``."""
    _, inputs = load(scenario_path)
    targets = {**names(inputs.families, lang).to_dict(), **names(inputs.courses, lang).to_dict()}
    out = Path(out)
    write_result_folder(out, _sensitivity.sensitivity_files(table, inputs.tiers, lang=lang, targets=targets))
    return out


def write_demand(units_csv: str | Path, out: str | Path, seed: int = 2023, first_year: int = 2023,
                 years: int = 3) -> Path:
    """Write the illustrative demand.csv for the units of ``units_csv`` into the folder ``out`` (never over an
    existing file)."""
    path = Path(out) / "demand.csv"
    if path.exists() or path.is_symlink():
        raise InputError(Place(str(path)), "the file already exists and this program will not overwrite it",
                         "give --out a new folder and copy the new demand.csv over the old one yourself; nothing "
                         "was written", problem_vi="tệp đã có và chương trình sẽ không ghi đè lên",
                         fix_vi="hãy chọn thư mục mới cho --out rồi tự chép demand.csv mới đè lên tệp cũ; chưa ghi gì")
    units = pd.read_csv(units_csv, dtype=str).set_index("unit_id")
    write_file(path, encode.csv_bytes(synth.nam_dinh_demand(units, seed=seed, first_year=first_year, years=years)))
    return path


def write_synthetic(n_units: int, out: str | Path, years: int = 5, seed: int = 2023, first_year: int = 2023) -> Path:
    """Write a synthetic data folder of ``n_units`` units (for timing and scale tests) as ``out``."""
    check_replaceable(out)
    write_result_folder(Path(out), synth.synthetic_instance(n_units, years=years, seed=seed, first_year=first_year))
    return Path(out)


def benchmark(sizes: tuple[int, ...] = _benchmark.SIZES, compare_at: tuple[int, ...] = (1000,), years: int = 5,
              seed: int = 2023, time_limit: float = 300.0,
              routes: tuple[str, ...] = _benchmark.ROUTES) -> Iterator[_benchmark.Report]:
    """Time the bundled scenario end to end and the solve by route on it and on synthetic instances of ``sizes``
    units (every route at ``compare_at``); yields each report line (``.line``, and ``.run``: the figures of a
    timed run, for ``write_benchmark``) as each run finishes."""
    return _benchmark.run_benchmark(sizes=sizes, compare_at=compare_at, years=years, seed=seed,
                                    time_limit=time_limit, routes=routes)


# What the planner's web page reads besides (``planning``).
# The scenario page's edits (``editing``).
from .editing import copy_reference, one_line, own_keys, preview, selected_caps, validation_lines  # noqa: E402,F401
from .geography import country_files, write_country  # noqa: E402,F401  (the map since 2025, by province)
# Many plans at once: a batch, a country (``parallel``).
from .parallel import BatchFailure, Country, country, run_batch  # noqa: F401  (many plans at once)
from .planning import (  # noqa: E402,F401
    PAGE_MARK,
    QUOTA_COLUMNS,
    SCENARIOS,
    Vocabulary,
    data_folders,
    headline,
    quota_table,
    scenario_text,
    scenario_title,
    shipped_scenarios,
    vocabulary,
    write_scenario,
    zip_folder,
)

# The results, comparison and sensitivity pages' reads (``viewing``).
from .viewing import (  # noqa: E402,F401
    AppendixTable,
    appendix_tables,
    brief_picture,
    chart_files,
    result_overview,
    result_years,
    short_units,
    target_coverage,
)
