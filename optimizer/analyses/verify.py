"""Verify a result folder from its own files: nothing changed, every rule holds, and the run can be redone.

A result folder carries the inputs as the run used them (``inputs/``), the resolved scenario pointing at them
(``scenario.yaml``) and the SHA-256 of every file (``checksums.sha256``). ``verify_folder``:

1. recomputes every checksum: a changed, missing or added file is named;
2. loads the folder's own scenario and inputs and re-checks the plan (``assignments.csv``, ``classes.csv``)
   with the solver-free checker, and recomputes every stage value against ``stages.csv``;
3. recomputes the tables, the workbook, explanations.csv and tom_tat.pdf from the plan;
4. optionally redoes the run (a solve, or a baseline with the same method) and compares the plan's CSV files
   byte for byte.

Reads only; returns every problem found (an empty list when the folder verifies).
"""


from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple

from .. import encode
from ..errors import InputError, OptimizerError, Place
from ..files import not_a_folder
from ..inputs.case import load_case
from ..messages import Message
from ..model import checks
from ..model.nominations import check_nominations
from ..model.plan import Result, StageResult, Status
from ..model.staged import solve
from ..outputs import workbook
from ..outputs.brief_pdf import render_brief
from ..outputs.folder import (
    ALLOCATION_FILE,
    ASSIGNMENTS_FILE,
    BENT_RULES_FILE,
    BRIEF_FILE,
    CLASSES_FILE,
    COVERAGE_FILE,
    CUMULATIVE_COVERAGE_FILE,
    EXPLANATIONS_FILE,
    NOMINATIONS_FILE,
    SCENARIO_FILE,
    SEATS_BY_COURSE_FILE,
    STAGES_FILE,
    VIOLATIONS_FILE,
    WORKBOOK_FILE,
    ResultFolder,
    checksum_problems,
    read_folder,
    read_plan,
)
from ..outputs.render import explanations, plan_files
from .baselines import baseline

__all__ = ["Problem", "Verification", "check_files", "derived_problems", "read_plan", "verify_folder"]

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


def check_files(folder: Path) -> tuple[list[Problem], int]:
    """Changed, missing and unlisted files (``timing.json`` and the checksum file itself are not listed)."""
    found, count = checksum_problems(folder)
    return [Problem(name, what) for name, what in found], count


def verify_folder(folder: str | Path, redo: bool = True, progress: Progress | None = None) -> Verification:
    """Every problem of the result folder (see the module docstring); ``redo`` also redoes the run."""
    say = progress or (lambda message: None)
    folder = Path(folder)
    if (problem := not_a_folder(folder)) is not None:
        raise InputError(Place(str(folder)), f"the result folder {problem}", "check the path")
    problems, count = check_files(folder)
    say(Message("verify_checksums", files=count, problems=len(problems)))
    content = read_folder(folder)
    summary = content.summary
    try:
        scenario, inputs = load_case(folder / SCENARIO_FILE)
    except OptimizerError as error:
        problems.append(Problem(SCENARIO_FILE, f"cannot be loaded again: {error}"))
        return Verification(folder, tuple(problems), count, (), False)
    assignments, classes = content.plan()
    violations = checks.check_allocation(assignments, classes, inputs, scenario)
    status = summary.get("status")
    if status in ("baseline", "elastic"):  # plans that break rules on purpose list them in violations.csv
        recorded = content.table(VIOLATIONS_FILE)
        if len(recorded) != len(violations):
            problems.append(Problem(VIOLATIONS_FILE, f"lists {len(recorded)} broken rule(s); the checker finds "
                                                     f"{len(violations)}"))
    else:
        for v in violations.itertuples():
            problems.append(Problem(ASSIGNMENTS_FILE, f"breaks {v.rule}[{v.subject}]: {v.detail}"))
    recorded_stages = content.table(STAGES_FILE)
    values = checks.recomputed_stage_values(assignments, inputs, scenario, classes)
    for stage in recorded_stages.itertuples():
        if stage.stage in values and values[stage.stage] != stage.value:
            problems.append(Problem(STAGES_FILE, f"{stage.stage} is {stage.value}, the plan gives "
                                                 f"{values[stage.stage]}"))
    written = content.optional_table(NOMINATIONS_FILE)
    if written is not None and inputs.cadres is not None:  # the names as written, not only as re-derived
        for v in check_nominations(written, assignments, inputs).itertuples():
            problems.append(Problem(NOMINATIONS_FILE, f"breaks {v.rule}[{v.subject}]: {v.detail}"))
    say(Message("verify_rules", rules=len(checks.CHECKS), seats=int(assignments["seats"].sum())))
    derived = derived_problems(content, _folder_result(content, summary, scenario, inputs, assignments, classes,
                                                       recorded_stages))
    say(Message("verify_tables", problems=len(derived)))
    problems += derived
    note = ""
    if redo:
        solver = str(summary.get("solver") or "")
        if status == "baseline":
            method = solver.split(":", 1)[-1].strip()
            say(Message("verify_redo_baseline", method=method))
            again = baseline(method, inputs, scenario).result
        else:
            say(Message("verify_redo"))
            again = solve(inputs, scenario, progress=say, elastic=status == "elastic")
        differ = [Problem(name, "differs from the plan the same inputs give again")
                  for name, data in plan_files(again).items()
                  if encode.csv_content(content.files.get(name, data)) != encode.csv_content(data)]
        if status == "time_limited":
            # A run cut short by its time limit keeps the best plan it had; another run may get further.
            note = (f"the run had stopped at its time limit; solved again, {len(differ)} plan file(s) differ, "
                    "which a time limit allows") if differ else ""
        else:
            problems += differ
    return Verification(folder, tuple(problems), count, checks.CHECKS, redo, note)


# Files a planner reads that follow from the plan alone: recomputed from assignments.csv and classes.csv, so a
# number changed by hand in any of them is found even when the checksums were updated too.
DERIVED_CSV = (ALLOCATION_FILE, COVERAGE_FILE, CUMULATIVE_COVERAGE_FILE, SEATS_BY_COURSE_FILE, CLASSES_FILE,
               NOMINATIONS_FILE)
SETTINGS_SHEETS = ("Thông số", "Settings")  # the run's settings: paths and versions, not the plan
MAX_LISTED_CELLS = 3


def _folder_result(content: ResultFolder, summary: dict, scenario, inputs, assignments: pd.DataFrame,
                   classes: pd.DataFrame, stages: pd.DataFrame) -> Result:
    """The folder's own plan as a ``Result``, to render its files again without solving."""
    return Result(
        scenario=scenario, inputs=inputs, status=Status(summary.get("status", "optimal")),
        allocation=assignments, classes=classes,
        stages=tuple(StageResult(str(s.stage), int(s.value), float(s.bound), bool(s.optimal), 0.0)
                     for s in stages.itertuples()),
        solver=str(summary.get("solver") or ""), model_size=dict(summary.get("model_size") or {}),
        build_seconds=0.0, seconds=0.0,
        bent=content.optional_table(BENT_RULES_FILE))


def _lang_of(sheet_names: list[str]) -> str:
    return "vi" if any(name.startswith(("PL", "Mức đáp ứng", "Giải thích")) for name in sheet_names) else "en"


def derived_problems(content: ResultFolder, result: Result) -> list[Problem]:
    """The tables and workbook sheets of a result folder that do not follow from its plan."""
    problems = []
    expected = plan_files(result)
    for name in DERIVED_CSV:
        if name not in expected:  # nominations.csv: only when the data names its cadres
            continue
        if encode.csv_content(content.files.get(name, expected[name])) != encode.csv_content(expected[name]):
            problems.append(Problem(name, "does not follow from the plan in assignments.csv and classes.csv"))
    present = _workbook_cells(content.files.get(WORKBOOK_FILE))
    if isinstance(present, Problem):
        return problems + [present]
    lang = _lang_of(list(present[0] if present else {}))
    explained = explanations(result, lang) if result.status is not Status.BASELINE else None
    if present is not None:
        problems += _workbook_problems(present, result, lang, explained)
    problems += _brief_problems(content, lang)
    written = content.files.get(EXPLANATIONS_FILE)
    if (written is not None and explained is not None
            and encode.csv_content(written) != encode.csv_content(encode.csv_bytes(explained))):
        problems.append(Problem(EXPLANATIONS_FILE, "does not follow from the plan in assignments.csv"))
    return problems


def _brief_problems(content: ResultFolder, lang: str) -> list[Problem]:
    """tom_tat.pdf against the page its folder's tables give, in either language."""
    brief = content.files.get(BRIEF_FILE)
    if brief is None:
        return []
    try:
        for language in (lang, "en" if lang == "vi" else "vi"):
            if bytes(brief) == render_brief(content, lang=language):
                return []
    except InputError as error:  # a table it reads is missing or broken: that file is named on its own too
        return [Problem(BRIEF_FILE, f"cannot be drawn again from the folder ({error})")]
    return [Problem(BRIEF_FILE, "does not follow from the folder's tables (coverage, explanations, summary)")]


Cells = dict[str, dict[str, object]]


def _cells(data: bytes, values: bool = False) -> Cells:
    """Every non-empty cell by sheet and coordinate: as written (a formula's text), or with ``values`` each
    formula's stored result."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=values)
    found = {}
    for sheet in book.worksheets:
        found[sheet.title] = {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row
                              if getattr(cell, "value", None) is not None}
    return found


def _workbook_cells(data: bytes | None) -> tuple[Cells, Cells] | Problem | None:
    """The folder's workbook cells, as written and as stored results (None without a workbook), or the problem
    that it cannot be read."""
    if data is None:
        return None
    try:
        return _cells(data), _cells(data, values=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return Problem(WORKBOOK_FILE, "is not a readable .xlsx workbook")


def _workbook_problems(present: tuple[Cells, Cells], result: Result, lang: str,
                       explained: pd.DataFrame | None) -> list[Problem]:
    """Cell by cell, the plan's sheets of allocation.xlsx against the same sheets rendered from the plan: every
    number, label and formula (so a total that no longer adds up its range is found), and every result stored
    with a formula (what a program that does not calculate shows; a formula stored without one, as some programs
    save them, is left to the formula's check)."""
    data = workbook.allocation_workbook(result.allocation, result.inputs, result.scenario.years, lang=lang,
                                        explanations=explained)
    wanted, results = _cells(data), _cells(data, values=True)
    written, stored = present
    problems = []
    for sheet, cells in wanted.items():
        if sheet not in written:
            problems.append(Problem(WORKBOOK_FILE, f"sheet '{sheet}' is missing"))
            continue
        have = written[sheet]
        differ = [(c, have.get(c), cells.get(c)) for c in sorted(set(cells) | set(have), key=coordinate_to_tuple)
                  if cells.get(c) != have.get(c)]
        kept = stored.get(sheet, {})
        differ += [(f"{c} (stored result)", kept[c], results[sheet].get(c)) for c in sorted(
            (c for c in kept if isinstance(have.get(c), str) and have[c].startswith("=")), key=coordinate_to_tuple)
            if kept[c] != results[sheet].get(c)]
        if differ:
            shown = "; ".join(f"{c} is {mine!r}, the plan gives {theirs!r}"
                              for c, mine, theirs in differ[:MAX_LISTED_CELLS])
            more = f" (and {len(differ) - MAX_LISTED_CELLS} more cells)" if len(differ) > MAX_LISTED_CELLS else ""
            problems.append(Problem(WORKBOOK_FILE, f"sheet '{sheet}': {shown}{more}"))
    for sheet in sorted(set(written) - set(wanted) - set(SETTINGS_SHEETS)):
        problems.append(Problem(WORKBOOK_FILE, f"sheet '{sheet}' was not written by the run"))
    return problems
