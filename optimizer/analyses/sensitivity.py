"""What one more seat is worth: each quota line re-solved with one seat more, one seat fewer and one class more.

For every quota line of the scenario's years that caps seats (a course or family, a block, a year), three
variants are built with the what-if machinery of ``overrides`` (a ``caps`` change: ``set`` the line's
``seats_max`` one up or down, or ``add_classes: 1`` on the course's and its family's class lines), and each is
solved again through the coverage stages only. The table reports, per tier, how many more (or fewer) cadres are
covered than in the scenario itself. It is exact: re-solved to proven optimality, not estimated from duals.

A variant moves only the numbers of quota lines, so it is solved from the scenario's own model and plan
(``staged.resolve``): the changed lines' rows get their new bounds and only the independent parts they reach are
solved again; every variant's whole plan still passes the solver-free checker. Variants run in parallel worker
processes (``workers``), each of which solves the scenario once; a variant whose change the data refuses (e.g. one
seat fewer below a line's ``seats_min``) or that is infeasible is reported with its reason instead of numbers.
"""


from __future__ import annotations

import functools
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from .. import encode
from ..errors import ExitStatus, OptimizerError
from ..inputs.case import load_case
from ..inputs.scenario import variant_scenario
from ..messages import Message
from ..model.staged import Solved, resolve, solve_keeping_parts
from ..outputs import charts
from ..words import check_lang, names
from .batch import run_parallel

CHANGES = ("one_more_seat", "one_seat_fewer", "one_more_class")
CHUNKS_PER_WORKER = 4
COLUMNS = ["year", "target", "block", "change", "quota_before", "quota_after", "status", "note"]


@dataclass(frozen=True)
class Variant:
    year: int
    target: str
    block: str
    change: str
    quota_before: int
    quota_after: int | None
    caps: tuple  # the scenario file's caps changes, as plain dicts


def variants(inputs, scenario, changes: tuple[str, ...] = CHANGES, only=None) -> list[Variant]:
    """Every (quota line, change) to try, in the order of caps.csv; with ``lines`` (year, target, block) only
    those lines'."""
    caps = inputs.caps[inputs.caps["year"].isin(scenario.years)]
    lines = caps[caps["seats_max"].notna()].groupby(["year", "target", "block"], sort=False)["seats_max"].min()
    class_lines = caps[caps["classes_max"].notna()]
    family = inputs.courses["family"]
    found = []
    for (year, target, block), seats in lines.items():
        where = {"target": target, "block": block, "years": [int(year)]}
        seats = int(seats)
        if "one_more_seat" in changes:
            found.append(Variant(int(year), target, block, "one_more_seat", seats, seats + 1,
                                 ({**where, "set": {"seats_max": seats + 1}},)))
        if "one_seat_fewer" in changes and seats > 0:
            found.append(Variant(int(year), target, block, "one_seat_fewer", seats, seats - 1,
                                 ({**where, "set": {"seats_max": seats - 1}},)))
        if "one_more_class" in changes and block == "all" and target in inputs.courses.index:
            targets = [t for t in (target, family[target]) if
                       ((class_lines["year"] == year) & (class_lines["target"] == t)).any()]
            if targets:
                found.append(Variant(int(year), target, block, "one_more_class", seats, None,
                                     tuple({"target": t, "years": [int(year)], "add_classes": 1} for t in targets)))
    # Courses limited by classes only (no seat line of their own): one more class.
    if "one_more_class" in changes:
        for (year, target), _ in class_lines.groupby(["year", "target"], sort=False):
            if target in inputs.courses.index and not ((lines.index.get_level_values(0) == year)
                                                       & (lines.index.get_level_values(1) == target)).any():
                targets = [t for t in (target, family[target])
                           if ((class_lines["year"] == year) & (class_lines["target"] == t)).any()]
                found.append(Variant(int(year), target, "all", "one_more_class", 0, None,
                                     tuple({"target": t, "years": [int(year)], "add_classes": 1} for t in targets)))
    if only is not None:
        chosen = {(int(year), str(target), str(block)) for year, target, block in only}
        found = [v for v in found if (v.year, v.target, v.block) in chosen]
    return found


def _coverage(result) -> dict[str, int]:
    return {s.name[len("coverage["):-1]: s.value for s in result.stages if s.name.startswith("coverage[")}


def _solve_variant(base: Solved, path: str, variant: Variant) -> tuple[str, dict[str, int], str]:
    """(status, coverage per tier, note) of one variant, solved from the scenario's solved ``base``."""
    try:
        scenario = variant_scenario(path, f"sensitivity {variant.change}", caps=list(variant.caps))
        inputs = base.result.inputs
        # The variant's own changes come last in its file and are all quota-line changes, which later kinds of
        # change neither read nor write: applied to the scenario's inputs they give what loading the variant gives.
        for change in scenario.changes[len(base.result.scenario.changes):]:
            inputs = change.kind.apply(inputs, change)
        result = resolve(base, inputs, scenario)
        return result.status.value, _coverage(result), ""
    except OptimizerError as error:
        status = {ExitStatus.BAD_INPUT: "refused", ExitStatus.INFEASIBLE: "infeasible", ExitStatus.TIME_LIMITED: "time limit"}.get(error.exit_status, "error")
        return status, {}, str(error).split(";")[0][-200:]


def _solved_base(path: str) -> Solved:
    scenario, inputs = load_case(path)
    return solve_keeping_parts(inputs, scenario, kinds=("coverage",))


@functools.lru_cache(maxsize=1)
def _solved_in_worker(path: str, run: str) -> Solved:
    """The scenario solved once per worker and run, for all the variants the worker is given. Workers outlive a
    run (joblib keeps its processes, a Dask cluster its workers), so the run's own token is part of the key: a
    file edited between two runs is solved again."""
    return _solved_base(path)


def _solve_in_worker(path: str, run: str, chunk: list[Variant]) -> list[tuple[str, dict[str, int], str]]:
    base = _solved_in_worker(path, run)
    return [_solve_variant(base, path, variant) for variant in chunk]


def _change_words(change: str) -> dict[str, str]:
    """A variant's change in both languages, for a progress message."""
    return {lang: CHANGE_LABELS[lang][change] for lang in CHANGE_LABELS}


def sensitivity(path: str | Path, workers: int = 2, changes: tuple[str, ...] = CHANGES,
                step: Callable[[int, int, str], None] | None = None, lines=None,
                scheduler: str | None = None) -> pd.DataFrame:
    """The sensitivity table of the scenario file ``path`` (see the module docstring): COLUMNS plus one
    ``delta[<tier>]`` column per tier (cadres covered more than in the scenario) and ``delta_total``. ``lines``:
    only these quota lines, as (year, target, block) (None: every line). The variants are solved in ``workers``
    local processes, or on the Dask cluster at ``scheduler``, through ``batch.run_parallel`` (as batches of
    scenarios and the national run are)."""
    tell = step or (lambda done, total, what: None)
    base = _solved_base(str(path))
    scenario, inputs = base.result.scenario, base.result.inputs
    tiers = list(inputs.tiers.index)
    base_coverage = _coverage(base.result)
    todo = variants(inputs, scenario, changes, lines)
    outcomes: dict[int, tuple[str, dict[str, int], str]] = {}
    started = time.perf_counter()
    tell(0, len(todo), Message("variants_start"))
    if workers <= 1 and scheduler is None:
        for index, variant in enumerate(todo):
            outcomes[index] = _solve_variant(base, str(path), variant)
            tell(index + 1, len(todo), Message("variant_done", what=f"{variant.target}/{variant.block}/{variant.year}",
                                               change=_change_words(variant.change)))
    else:
        # A few chunks per worker: progress as chunks finish, and the chunks of a slow part spread over workers.
        size = max(1, -(-len(todo) // (workers * CHUNKS_PER_WORKER)))
        chunks = [list(range(start, min(start + size, len(todo)))) for start in range(0, len(todo), size)]

        def finished(number: int, found) -> None:
            for index, outcome in zip(chunks[number], found):
                outcomes[index] = outcome
            v = todo[chunks[number][-1]]
            tell(len(outcomes), len(todo), Message("variant_timed", what=f"{v.target}/{v.block}/{v.year}",
                                                   change=_change_words(v.change),
                                                   seconds=time.perf_counter() - started))

        run = f"{os.getpid()}-{time.time_ns()}"
        run_parallel(_solve_in_worker, [(str(path), run, [todo[i] for i in chunk]) for chunk in chunks],
                     jobs=workers, scheduler=scheduler, on_done=finished)
    rows = []
    for index, variant in enumerate(todo):
        status, coverage, note = outcomes[index]
        row = {"year": variant.year, "target": variant.target, "block": variant.block, "change": variant.change,
               "quota_before": variant.quota_before, "quota_after": variant.quota_after, "status": status,
               "note": note}
        for tier in tiers:
            row[f"delta[{tier}]"] = coverage[tier] - base_coverage[tier] if coverage else None
        row["delta_total"] = sum(coverage[t] - base_coverage[t] for t in tiers) if coverage else None
        rows.append(row)
    table = pd.DataFrame(rows, columns=COLUMNS + [f"delta[{t}]" for t in tiers] + ["delta_total"])
    for column in [f"delta[{t}]" for t in tiers] + ["delta_total", "quota_after"]:
        table[column] = table[column].astype("Int64")
    return table


HEADERS = {"vi": {"year": "Năm", "target": "Khóa học / loại hình", "block": "Khối", "change": "Thay đổi",
                  "quota_before": "Chỉ tiêu hiện tại", "quota_after": "Chỉ tiêu mới", "status": "Kết quả giải",
                  "note": "Ghi chú", "delta_total": "Tổng số cán bộ đáp ứng thêm", "delta": "Đáp ứng thêm: {tier}"},
           "en": {"year": "Year", "target": "Course / family", "block": "Block", "change": "Change",
                  "quota_before": "Quota now", "quota_after": "New quota", "status": "Solve status", "note": "Note",
                  "delta_total": "More cadres covered in all", "delta": "More covered: {tier}"}}
CHANGE_LABELS = {"vi": {"one_more_seat": "thêm 1 chỗ", "one_seat_fewer": "bớt 1 chỗ", "one_more_class": "thêm 1 lớp"},
                 "en": {"one_more_seat": "one more seat", "one_seat_fewer": "one seat fewer", "one_more_class": "one more class"}}


def sensitivity_files(table: pd.DataFrame, tiers: pd.DataFrame, lang: str = "vi",
                      targets: dict[str, str] | None = None) -> dict[str, bytes]:
    """sensitivity.csv (English columns), sensitivity.xlsx (``lang``) and sensitivity.png/.svg."""
    lang = check_lang(lang)
    words = HEADERS[lang]
    tier_names = names(tiers, lang)
    sheet = table.copy()
    sheet["change"] = sheet["change"].map(CHANGE_LABELS[lang])
    sheet.columns = [words["delta"].format(tier=tier_names.get(c[6:-1], c[6:-1])) if c.startswith("delta[")
                     else words.get(c, c) for c in sheet.columns]
    figure = charts.sensitivity_chart(table, tiers, lang=lang, targets=targets)
    return {"sensitivity.csv": encode.csv_bytes(table),
            "sensitivity.xlsx": encode.xlsx_bytes({"Độ nhạy" if lang == "vi" else "Sensitivity": sheet}, index=False),
            "sensitivity.png": encode.png_bytes(figure), "sensitivity.svg": encode.svg_bytes(figure)}
