"""End to end on the bundled scenario: an optimal, checked plan that uses the plan's political-theory quotas, and
result files that are identical from run to run. The bundled solve takes about 20 s, so it runs once per module
(and once more for the determinism test)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from optimizer.inputs.data import load_inputs
from optimizer.inputs.scenario import load_scenario
from optimizer.model import checks
from optimizer.model.plan import Status
from optimizer.model.staged import solve
from optimizer.outputs.folder import TIMING_FILE
from optimizer.outputs.render import result_files

BASELINE = Path(__file__).resolve().parents[2] / "scenarios" / "baseline.yaml"
YEARS = (2023, 2024, 2025)


def solve_baseline():
    scenario = load_scenario(BASELINE)
    return solve(load_inputs(scenario.data_dir), scenario)


@pytest.fixture(scope="module")
def baseline():
    return solve_baseline()


@pytest.fixture(scope="module")
def files(baseline):
    return result_files(baseline)


def csv_table(files: dict[str, bytes], name: str) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(files[name]), dtype={"unit_id": str, "course_id": str})


def family_seats(result, family: str) -> pd.Series:
    """Seats per year in the courses of one family."""
    courses = result.inputs.courses
    rows = result.allocation[result.allocation["course_id"].map(courses["family"]) == family]
    return rows.groupby("year")["seats"].sum().reindex(YEARS, fill_value=0)


def test_baseline_is_solved_to_optimality_in_every_stage(baseline):
    """The bundled scenario is optimal and every one of its stages is proven optimal."""
    assert baseline.status is Status.OPTIMAL
    assert [s.name for s in baseline.stages if not s.optimal] == []
    assert all(s.gap == 0 for s in baseline.stages)


def test_baseline_plan_passes_the_solver_free_checker(baseline):
    """The checker finds no violated rule and every stage value recomputes."""
    assert checks.check_allocation(baseline.allocation, baseline.classes, baseline.inputs, baseline.scenario).empty
    checks.check_result(baseline)


def test_baseline_total_seats_equal_the_allocation_table_and_coverage_stages(baseline, files):
    """summary.json's seat total, the allocation.csv total and the sum of the coverage stages all agree."""
    total = int(baseline.allocation["seats"].sum())
    assert total > 0
    assert json.loads(files["summary.json"])["seats"] == total
    assert int(csv_table(files, "allocation.csv")["seats"].sum()) == total
    assert sum(s.value for s in baseline.stages if s.name.startswith("coverage[")) == total


def test_baseline_uses_the_political_theory_quotas(baseline):
    """Advanced political theory stays within 90 a year; intermediate fills exactly 250 a year (text 250 ∩ 250–300)."""
    cao_cap = family_seats(baseline, "cao_cap")
    assert (cao_cap <= 90).all() and (cao_cap > 0).all(), cao_cap.to_dict()
    assert family_seats(baseline, "trung_cap").to_dict() == {2023: 250, 2024: 250, 2025: 250}


def test_baseline_opens_two_full_time_and_three_part_time_intermediate_classes_a_year(baseline):
    """Plan 98-KH/TU II.1: five intermediate classes a year, two of them full-time."""
    classes = baseline.classes.set_index(["course_id", "year"])["classes"]
    assert {y: int(classes[("trung_cap_tt", y)]) for y in YEARS} == {y: 2 for y in YEARS}
    assert {y: int(classes[("trung_cap_ktt", y)]) for y in YEARS} == {y: 3 for y in YEARS}


def test_baseline_class_table_counts_the_seats_of_each_course(baseline):
    """classes.seats is the allocation's seats per course and year, for every course with classes."""
    per_course = baseline.allocation.groupby(["course_id", "year"])["seats"].sum()
    for row in baseline.classes.itertuples():
        assert row.seats == per_course.get((row.course_id, row.year), 0), (row.course_id, row.year)


def test_output_csvs_have_the_documented_columns(files):
    """allocation.csv, coverage.csv, classes.csv and assignments.csv have exactly their documented headers."""
    header = {name: files[name].decode("utf-8-sig").splitlines()[0] for name in
              ("allocation.csv", "coverage.csv", "classes.csv", "assignments.csv")}
    assert header == {
        "allocation.csv": "year,unit_id,course_id,tier,block,seats",
        "coverage.csv": "unit_id,family,tier,demand,allocated,share",
        "classes.csv": "year,course_id,classes,seats",
        "assignments.csv": "demand_id,year,course_id,seats",
    }


def test_result_files_are_byte_identical_across_two_solves_except_timing(baseline, files):
    """A second, separate solve renders every file byte for byte as the first, except timing.json."""
    again = result_files(solve_baseline())
    assert set(again) == set(files)
    differing = sorted(name for name in files if files[name] != again[name])
    assert differing in ([], [TIMING_FILE])
    assert TIMING_FILE in files


def test_a_stage_not_proven_optimal_reports_its_relative_gap_to_the_bound_and_a_proven_one_none():
    from optimizer.model.plan import StageResult

    assert StageResult("coverage[t1]", 90, 100.0, False, 1.0).gap == pytest.approx(0.1)
    assert StageResult("coverage[t1]", 100, 100.0, True, 1.0).gap == 0.0
