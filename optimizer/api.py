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

Only ``write``, ``write_baseline``, ``solve_many`` and ``write_comparison`` touch the file system, and only under
the folder given.
"""


from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pandas as pd

from . import encode, files
from .errors import InputError, OptimizerError, Place
from .files import not_a_folder
from .inputs.case import load_case, load_variant
from .inputs.dataset import Inputs
from .inputs.scenario import (
    Scenario,
)
from .model.plan import Result, Status
from .model.solve import solve as _solve
from .outputs import report as tables_for_people

Progress = Callable[[str], None]


def load(scenario: str | Path | Scenario, allow_outside_paths: bool = False) -> tuple[Scenario, Inputs]:
    """The scenario after ``extends``, and its data after the scenario's changes, validated together.
    ``allow_outside_paths`` lets a scenario file name files to read outside its folder and the data folder."""
    return load_case(scenario, allow_outside_paths=allow_outside_paths)


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


def write(result: Result, out: str | Path, lang: str = "vi", html: bool = False) -> Path:
    """Write the result folder (all files or none; an older folder there is replaced only when complete);
    ``html`` adds the self-contained report.html."""
    from .outputs.result_files import result_files

    out = Path(out)
    files.write_result_folder(out, result_files(result, lang=lang, html=html))
    return out


def report(folder: str | Path, lang: str = "vi") -> Path:
    """Write ``folder``/report.html from a result folder's files (replacing an older one in one step)."""
    from .analyses.verify import check_files
    from .outputs.folder import CHECKSUM_FILE, REPORT_FILE
    from .outputs.html_report import read_folder, render_report

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
        lines = [line for line in sums.read_text(encoding="utf-8").splitlines(keepends=True)
                 if not line.endswith(f"  {REPORT_FILE}\n")]
        lines.append(f"{hashlib.sha256(page).hexdigest()}  {REPORT_FILE}\n")
        updated[CHECKSUM_FILE] = "".join(sorted(lines, key=lambda entry: entry.split("  ", 1)[1])).encode("utf-8")
    files.update_folder(folder, updated)
    return folder / REPORT_FILE


def verify(folder: str | Path, redo: bool = True, progress: Progress | None = None):
    """Check a result folder from its own files (``verify.Verification``): checksums, every rule, the stage
    values, and with ``redo`` the run done again and compared byte for byte."""
    from .analyses.verify import verify_folder

    return verify_folder(folder, redo=redo, progress=progress)


def explain_folder(folder: str | Path, unit: str | None = None, lang: str = "vi") -> tuple[pd.DataFrame, list[str]]:
    """Why each short demand row of a result folder got no more seats: the explanation table and one sentence
    per row (``explain.explain``), from the folder's own scenario, inputs and plan."""
    from .analyses.verify import read_plan
    from .model.explain import explain, summary_sentences
    from .outputs.folder import SCENARIO_FILE

    folder = Path(folder)
    if (problem := not_a_folder(folder)) is not None:
        raise InputError(Place(str(folder)), f"the result folder {problem}", "check the path, or run solve to write it")
    scenario, inputs = load(folder / SCENARIO_FILE)
    if unit is not None and unit not in inputs.units.index:
        raise InputError(Place("explain", column="--unit"), f"unknown unit '{unit}'",
                         f"use a unit_id of {folder / 'inputs' / 'units.csv'}")
    assignments, classes = read_plan(folder)
    classes = classes[["course_id", "year", "classes", "seats"]]
    table = explain(assignments, classes, inputs, scenario, unit=unit, lang=lang)
    return table, summary_sentences(table, inputs, lang=lang)


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
               workers: int = 1, allow_outside_paths: bool = False) -> list[Outcome]:
    """Solve each scenario into ``out/<scenario name>/``. A failing scenario is recorded and the batch goes on.

    ``step`` hears of each scenario as it starts and ends (for a progress bar); ``progress`` hears each solve's
    own messages.
    """
    import time

    say = progress or (lambda message: None)
    tell = step or (lambda done, total, what: None)
    files = scenario_files(paths)
    out = Path(out)
    outcomes, names = [], {}
    for number, file in enumerate(files, start=1):
        started = time.perf_counter()
        tell(number - 1, len(files), f"solving {file}")
        try:
            case = load(file, allow_outside_paths=allow_outside_paths)
            name = case[0].name
            if name in names:
                raise InputError(Place(str(file), column="name"), f"the name '{name}' is also used by {names[name]}",
                                 "give each scenario of a batch its own name")
            names[name] = file
            result = solve(case, progress=say, workers=workers)
            folder = write(result, out / name, lang=lang, html=html)
            status = result.status.value
            exit_status = 0 if result.status is Status.OPTIMAL else 4
            message = f"{int(result.allocation['seats'].sum()):,} seats"
        except OptimizerError as error:
            name, folder, exit_status, message = file.stem, None, error.exit_status, str(error)
            status = {2: "bad input", 3: "infeasible", 4: "time limit", 5: "checker failure"}.get(exit_status, "error")
        seconds = time.perf_counter() - started
        outcomes.append(Outcome(str(file), name, folder, status, exit_status, message, seconds))
        tell(number, len(files), f"{name}: {status} ({seconds:.1f} s)")
    return outcomes


def baseline(method: str, case: str | Path | tuple[Scenario, Inputs]):
    """The plan a classic apportionment method gives on a scenario's data (``baselines.Baseline``): seats in
    proportion to listed demand, tier by tier; ``.result`` works with ``tables``, ``write`` and ``compare``, and
    ``.violations`` lists the model's rules it breaks."""
    from .analyses.baselines import baseline as _baseline

    scenario, inputs = load(case) if isinstance(case, (str, Path)) else case
    return _baseline(method, inputs, scenario)


def write_baseline(plan, out: str | Path, lang: str = "vi", html: bool = False) -> Path:
    """Write a baseline's result folder: the files of ``write`` plus baseline_cells.csv (the house of each
    year and course) and baseline_rounds.csv (every apportionment: tier, unit, weight, seats)."""
    from .outputs.folder import CHECKSUM_FILE, checksums
    from .outputs.result_files import result_files

    out = Path(out)
    files = result_files(plan.result, lang=lang, html=html)
    files["baseline_cells.csv"] = encode.csv_bytes(plan.cells)
    files["baseline_rounds.csv"] = encode.csv_bytes(plan.rounds)
    files[CHECKSUM_FILE] = checksums(files)
    files.write_result_folder(out, files)
    return out


def plan_of_folder(folder: str | Path):
    """A result folder (of ``solve`` or ``baseline``) as a ``properties.Plan``: its assignments and demand."""
    from .analyses.compare import read_result
    from .analyses.properties import Plan

    tables = read_result(Path(folder))
    solver = str(tables.summary.get("solver") or "")
    kind = (f"method:{solver.split(':', 1)[1].strip()}" if tables.summary.get("status") == "baseline"
            and ":" in solver else "solve")
    return Plan(tables.name, kind, tables.assignments, tables.inputs["demand"].set_index("demand_id"))


def compare(folders: Sequence[str | Path]):
    """Compare result folders (the first is the reference for differences); see ``compare.Comparison``."""
    from .analyses.compare import compare as _compare
    from .analyses.compare import read_result

    return _compare([read_result(Path(folder)) for folder in folders])


def write_comparison(comparison, out: str | Path, lang: str = "vi") -> Path:
    from .analyses.compare import comparison_files

    out = Path(out)
    files.write_result_folder(out, comparison_files(comparison, lang=lang))
    return out
