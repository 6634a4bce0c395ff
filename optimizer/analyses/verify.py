"""Verify a result folder from its own files: nothing changed, every rule holds, and the run can be redone.

A result folder carries the inputs as the run used them (``inputs/``), the resolved scenario pointing at them
(``scenario.yaml``) and the SHA-256 of every file (``checksums.sha256``). ``verify_folder``:

1. recomputes every checksum: a changed, missing or added file is named;
2. loads the folder's own scenario and inputs and re-checks the plan (``assignments.csv``, ``classes.csv``)
   with the solver-free checker, and recomputes every stage value against ``stages.csv``;
3. optionally redoes the run (a solve, or a baseline with the same method) and compares the plan's CSV files
   byte for byte.

Reads only; returns every problem found (an empty list when the folder verifies).
"""


from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from .. import encode
from ..errors import InputError, OptimizerError, Place
from ..files import not_a_folder
from ..inputs.case import load_case
from ..model import checks
from ..model.plan import Result, StageResult, Status
from ..model.solve import solve
from ..outputs import result_files, workbook
from ..outputs.folder import CHECKSUM_FILE, SCENARIO_FILE, UNCHECKED
from .baselines import baseline

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Problem:
    file: str  # relative to the folder
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


@dataclass(frozen=True)
class Verification:
    folder: Path
    problems: tuple[Problem, ...]
    files_checked: int
    rules_checked: tuple[str, ...]
    redone: bool  # the run was redone and compared
    note: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def _listed(folder: Path) -> dict[str, str]:
    path = folder / CHECKSUM_FILE
    if not path.is_file():
        raise InputError(Place(str(path)), "the result folder has no checksums",
                         "it was written by an older version or by hand: solve the scenario again")
    listed = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name:
            raise InputError(Place(str(path), number), "the line is not '<sha256>  <file>'",
                             "the checksum file itself was changed: solve the scenario again")
        listed[name] = digest
    return listed


def check_files(folder: Path) -> tuple[list[Problem], int]:
    """Changed, missing and unlisted files (``timing.json`` and the checksum file itself are not listed)."""
    listed = _listed(folder)
    problems = []
    for name, digest in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            problems.append(Problem(name, "missing"))
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(Problem(name, "changed since the run wrote it (its SHA-256 differs)"))
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    for name in sorted(present - set(listed) - set(UNCHECKED)):
        problems.append(Problem(name, "not written by the run (not in checksums.sha256)"))
    return problems, len(listed)


def read_plan(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A result folder's plan: assignments.csv and classes.csv, parsed as compare reads them."""
    from .compare import RESULT_FILES, _read_csv

    tables = {key: _read_csv(folder / file, columns) for key, (file, columns) in RESULT_FILES.items()
              if key in ("assignments", "classes")}
    return tables["assignments"], tables["classes"]


def verify_folder(folder: str | Path, redo: bool = True, progress: Progress | None = None) -> Verification:
    """Every problem of the result folder (see the module docstring); ``redo`` also redoes the run."""
    from .compare import _read_summary

    say = progress or (lambda message: None)
    folder = Path(folder)
    if (problem := not_a_folder(folder)) is not None:
        raise InputError(Place(str(folder)), f"the result folder {problem}", "check the path")
    problems, count = check_files(folder)
    say(f"checksums: {count} files, {len(problems)} problem(s)")
    summary = _read_summary(folder / "summary.json")
    try:
        scenario, inputs = load_case(folder / SCENARIO_FILE)
    except OptimizerError as error:
        problems.append(Problem(SCENARIO_FILE, f"cannot be loaded again: {error}"))
        return Verification(folder, tuple(problems), count, (), False)
    assignments, classes = read_plan(folder)
    violations = checks.check_allocation(assignments, classes, inputs, scenario)
    status = summary.get("status")
    if status in ("baseline", "elastic"):  # plans that break rules on purpose list them in violations.csv
        recorded = pd.read_csv(folder / "violations.csv", dtype=str, keep_default_na=False)
        if len(recorded) != len(violations):
            problems.append(Problem("violations.csv", f"lists {len(recorded)} broken rule(s); the checker finds "
                                                      f"{len(violations)}"))
    else:
        for v in violations.itertuples():
            problems.append(Problem("assignments.csv", f"breaks {v.rule}[{v.subject}]: {v.detail}"))
    recorded_stages = pd.read_csv(folder / "stages.csv")
    values = checks.recomputed_stage_values(assignments, inputs, scenario, classes)
    for stage in recorded_stages.itertuples():
        if stage.stage in values and values[stage.stage] != stage.value:
            problems.append(Problem("stages.csv", f"{stage.stage} is {stage.value}, the plan gives "
                                                  f"{values[stage.stage]}"))
    say(f"rules: {len(checks.CHECKS)} checked on {int(assignments['seats'].sum()):,} seats; stage values recomputed")
    derived = derived_problems(folder, _folder_result(folder, summary, scenario, inputs, assignments, classes,
                                                      recorded_stages))
    say(f"tables and workbook: recomputed from the plan, {len(derived)} problem(s)")
    problems += derived
    note = ""
    if redo:
        solver = str(summary.get("solver") or "")
        if status == "baseline":
            method = solver.split(":", 1)[-1].strip()
            say(f"redoing the baseline ({method})")
            again = baseline(method, inputs, scenario).result
        else:
            say("solving again (this takes as long as the original solve)")
            again = solve(inputs, scenario, progress=say, elastic=status == "elastic")
        differ = [Problem(name, "differs from the plan the same inputs give again")
                  for name, data in result_files.plan_files(again).items()
                  if (folder / name).is_file() and (folder / name).read_bytes() != data]
        if status == "time_limited":
            # A run cut short by its time limit keeps the best plan it had; another run may get further.
            note = (f"the run had stopped at its time limit; solved again, {len(differ)} plan file(s) differ, "
                    "which a time limit allows") if differ else ""
        else:
            problems += differ
    return Verification(folder, tuple(problems), count, checks.CHECKS, redo, note)


# Files a planner reads that follow from the plan alone: recomputed from assignments.csv and classes.csv, so a
# number changed by hand in any of them is found even when the checksums were updated too.
DERIVED_CSV = ("allocation.csv", "coverage.csv", "cumulative_coverage.csv", "seats_by_course.csv", "classes.csv")
WORKBOOK = "allocation.xlsx"
SETTINGS_SHEETS = ("Thông số", "Settings")  # the run's settings: paths and versions, not the plan
MAX_LISTED_CELLS = 3


def _folder_result(folder: Path, summary: dict, scenario, inputs, assignments: pd.DataFrame, classes: pd.DataFrame,
                   stages: pd.DataFrame) -> Result:
    """The folder's own plan as a ``Result``, to render its files again without solving."""
    bent = folder / "bent_rules.csv"
    return Result(
        scenario=scenario, inputs=inputs, status=Status(summary.get("status", "optimal")),
        allocation=assignments, classes=classes,
        stages=tuple(StageResult(str(s.stage), int(s.value), float(s.bound), bool(s.optimal), 0.0)
                     for s in stages.itertuples()),
        solver=str(summary.get("solver") or ""), model_size=dict(summary.get("model_size") or {}),
        build_seconds=0.0, seconds=0.0,
        bent=pd.read_csv(bent) if bent.is_file() else None)


def _lang_of(sheet_names: list[str]) -> str:
    return "vi" if any(name.startswith(("Năm", "Cả giai đoạn", "Mức đáp ứng")) for name in sheet_names) else "en"


def derived_problems(folder: Path, result: Result) -> list[Problem]:
    """The tables and workbook sheets of ``folder`` that do not follow from its plan."""
    problems = []
    expected = result_files.plan_files(result)
    for name in DERIVED_CSV:
        path = folder / name
        if path.is_file() and path.read_bytes() != expected[name]:
            problems.append(Problem(name, "does not follow from the plan in assignments.csv and classes.csv"))
    present = _workbook_cells(folder / WORKBOOK)
    if isinstance(present, Problem):
        return problems + [present]
    lang = _lang_of(list(present or {}))
    if present is not None:
        problems += _workbook_problems(present, result, lang)
    explained = folder / "explanations.csv"
    if explained.is_file() and result.status is not Status.BASELINE:
        if explained.read_bytes() != encode.csv_bytes(result_files.explanations(result, lang)):
            problems.append(Problem("explanations.csv", "does not follow from the plan in assignments.csv"))
    return problems


def _cells(data) -> dict[str, dict[str, object]]:
    """Every non-empty cell value by sheet and coordinate."""
    from openpyxl import load_workbook

    book = load_workbook(data, read_only=True, data_only=False)
    found = {}
    for sheet in book.worksheets:
        found[sheet.title] = {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row
                              if getattr(cell, "value", None) is not None}
    return found


def _workbook_cells(path: Path) -> dict[str, dict[str, object]] | Problem | None:
    """The folder's workbook cells (None without a workbook), or the problem that it cannot be read."""
    import zipfile

    if not path.is_file():
        return None
    try:
        return _cells(path)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return Problem(WORKBOOK, "is not a readable .xlsx workbook")


def _workbook_problems(present: dict[str, dict[str, object]], result: Result, lang: str) -> list[Problem]:
    """Cell by cell, the plan's sheets of allocation.xlsx against the same sheets rendered from the plan."""
    import io

    wanted = _cells(io.BytesIO(workbook.allocation_workbook(result.allocation, result.inputs, result.scenario.years,
                                                          lang=lang)))
    problems = []
    for sheet, cells in wanted.items():
        if sheet not in present:
            problems.append(Problem(WORKBOOK, f"sheet '{sheet}' is missing"))
            continue
        have = present[sheet]
        differ = [c for c in sorted(set(cells) | set(have), key=_cell_order) if cells.get(c) != have.get(c)]
        if differ:
            shown = "; ".join(f"{c} is {have.get(c)!r}, the plan gives {cells.get(c)!r}"
                              for c in differ[:MAX_LISTED_CELLS])
            more = f" (and {len(differ) - MAX_LISTED_CELLS} more cells)" if len(differ) > MAX_LISTED_CELLS else ""
            problems.append(Problem(WORKBOOK, f"sheet '{sheet}': {shown}{more}"))
    for sheet in sorted(set(present) - set(wanted) - set(SETTINGS_SHEETS)):
        problems.append(Problem(WORKBOOK, f"sheet '{sheet}' was not written by the run"))
    return problems


def _cell_order(coordinate: str) -> tuple[int, int]:
    from openpyxl.utils.cell import coordinate_to_tuple

    return coordinate_to_tuple(coordinate)
