"""The solver-free checker: each rule's function finds exactly the violation of a hand-made allocation, no more."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from tiny import allocation, cap, classes, course, demand, unit, write_instance

from optimizer.errors import CheckFailure
from optimizer.inputs import pins
from optimizer.inputs.pins import Pin
from optimizer.model import checks
from optimizer.model.rules import Rule
from optimizer.model.staged import solve

EMPTY_CLASSES = [("cc_pt", 2023, 0), ("cc_pt", 2024, 0)]


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """Two units, family cc (12- and 24-month full-time, part-time with classes) and family dd without classes."""
    folder = tmp_path_factory.mktemp("checks")
    return write_instance(
        folder,
        units=[unit("u1", "district"), unit("u2", "department")],
        families=[{"family": "cc", "name": "CC", "group": "political_theory"},
                  {"family": "dd", "name": "DD", "group": "degree"}],
        courses=[course("cc_tt", "full_time"), course("cc_long", "full_time", months=24),
                 course("cc_pt", "part_time", size=(40, 60)), course("dd_x", "none", family="dd")],
        caps=[*[cap(y, "cc_tt", seats_max=4) for y in (2023, 2024)],
              *[cap(y, "cc_long", seats_max=10) for y in (2023, 2024)],
              cap(2023, "cc_pt", seats_max=120), cap(2024, "cc_pt", seats_max=120, classes_max=1),
              cap(2023, "dd_x", block="party", seats_min=2, seats_max=10),
              cap(2024, "dd_x", block="party", seats_max=10)],
        demand=[demand("u1.cc", "u1", 5), demand("u1.ft", "u1", 3, full_time_only=True),
                demand("u2.cc", "u2", 100, tier="t2", block="government", earliest=2024),
                demand("u1.dd", "u1", 4, family="dd"), demand("u2.dd", "u2", 2, family="dd", block="government")],
        release_limits={"district": 3, "department": 2},
    )


def run(rule: str, instance, rows, class_rows=EMPTY_CLASSES) -> pd.DataFrame:
    """The violations one checker function finds in an allocation given as (demand_id, year, course_id, seats)."""
    inputs, scenario = instance
    enriched = checks.enrich(allocation(rows), inputs)
    return checks.CHECKING[Rule(rule)](enriched, classes(class_rows), inputs, scenario)


def as_records(violations: pd.DataFrame) -> list[tuple[str, str, str]]:
    assert list(violations.columns) == checks.VIOLATION_COLUMNS
    return [tuple(r) for r in violations.itertuples(index=False)]


# --- seat_cap ---------------------------------------------------------------------------------------------------


def test_seat_cap_accepts_seats_within_every_quota_line(instance):
    """Seats up to seats_max, and at least seats_min where one is set, give no violation."""
    assert as_records(run("seat_cap", instance, [("u1.cc", 2023, "cc_tt", 4), ("u1.dd", 2023, "dd_x", 2)])) == []


def test_seat_cap_flags_seats_above_seats_max(instance):
    """Five seats on a line with seats_max 4 is one violation of that line."""
    found = run("seat_cap", instance, [("u1.cc", 2023, "cc_tt", 5), ("u1.dd", 2023, "dd_x", 2)])
    assert as_records(found) == [("seat_cap", "cc_tt/all/2023", "5 seats > seats_max 4 (test)")]


def test_seat_cap_flags_seats_where_no_quota_line_exists(instance):
    """A government seat in a course whose only quota line is for the party block has no quota to come from."""
    found = run("seat_cap", instance, [("u1.dd", 2023, "dd_x", 2), ("u2.dd", 2023, "dd_x", 1)])
    assert as_records(found) == [("seat_cap", "dd_x/government/2023",
                                  "1 seats for u2.dd where no quota line gives seats")]


def test_seat_cap_flags_seats_below_seats_min(instance):
    """One seat on a line with seats_min 2 is one violation of that line."""
    found = run("seat_cap", instance, [("u1.dd", 2023, "dd_x", 1)])
    assert as_records(found) == [("seat_cap", "dd_x/party/2023", "1 seats < seats_min 2 (test)")]


@pytest.fixture(scope="module")
def family_line(tmp_path_factory):
    """A family-wide quota line (cc, all blocks) over two courses that have lines of their own."""
    return write_instance(
        tmp_path_factory.mktemp("family_line"),
        units=[unit("u1", "district"), unit("u2", "department")],
        families=[{"family": "cc", "name": "CC", "group": "political_theory"}],
        courses=[course("cc_tt", "full_time"), course("cc_long", "full_time", months=24)],
        caps=[cap(2023, "cc_tt", seats_max=4), cap(2023, "cc_long", seats_max=4), cap(2023, "cc", seats_max=6)],
        demand=[demand("u1.cc", "u1", 5), demand("u2.cc", "u2", 5, block="government")],
        release_limits={"district": 9, "department": 9},
    )


def test_seat_cap_counts_every_course_of_the_family_on_a_family_line(family_line):
    rows = [("u1.cc", 2023, "cc_tt", 4), ("u2.cc", 2023, "cc_long", 2)]
    assert as_records(run("seat_cap", family_line, rows, class_rows=[])) == []
    found = run("seat_cap", family_line, [("u1.cc", 2023, "cc_tt", 4), ("u2.cc", 2023, "cc_long", 3)], class_rows=[])
    assert as_records(found) == [("seat_cap", "cc/all/2023", "7 seats > seats_max 6 (test)")]


# --- class_size -------------------------------------------------------------------------------------------------


def test_class_size_accepts_seats_that_fill_the_declared_classes(instance):
    """45 seats in one class of 40–60 give no violation."""
    found = run("class_size", instance, [("u2.cc", 2024, "cc_pt", 45)], [("cc_pt", 2023, 0), ("cc_pt", 2024, 1)])
    assert as_records(found) == []


def test_class_size_flags_seats_that_do_not_fit_the_declared_classes(instance):
    """45 seats with no class declared do not fit."""
    found = run("class_size", instance, [("u2.cc", 2024, "cc_pt", 45)], [("cc_pt", 2023, 0), ("cc_pt", 2024, 0)])
    assert as_records(found) == [("class_size", "cc_pt/2024", "45 seats do not fit 0 classes of 40–60 (0–0)")]


def test_class_size_flags_classes_above_classes_max(instance):
    """Two full classes where the quota line allows one is one violation of the class limit."""
    found = run("class_size", instance, [("u2.cc", 2024, "cc_pt", 90)], [("cc_pt", 2023, 0), ("cc_pt", 2024, 2)])
    assert as_records(found) == [("class_size", "cc_pt/2024", "2 classes > classes_max 1")]


def test_class_size_flags_a_missing_class_count(instance):
    """A course with classes needs a class count for every plan year."""
    found = run("class_size", instance, [], [("cc_pt", 2023, 0)])
    assert as_records(found) == [("class_size", "cc_pt/2024", "no class count given for a course with classes")]


# --- demand_limit -----------------------------------------------------------------------------------------------


def test_demand_limit_accepts_exactly_count_seats_over_the_years(instance):
    """Three seats in 2023 and two in 2024 for a row of five give no violation."""
    found = run("demand_limit", instance, [("u1.cc", 2023, "cc_tt", 3), ("u1.cc", 2024, "cc_tt", 2)])
    assert as_records(found) == []


def test_demand_limit_flags_more_seats_than_count_over_the_years(instance):
    """Three seats in each of two years for a row of five is one violation of that row."""
    found = run("demand_limit", instance, [("u1.cc", 2023, "cc_tt", 3), ("u1.cc", 2024, "cc_tt", 3)])
    assert as_records(found) == [("demand_limit", "u1.cc", "6 seats > count 5")]


# --- timing -----------------------------------------------------------------------------------------------------


def test_timing_accepts_courses_finishing_by_the_deadline(instance):
    """A 24-month course starting in 2023 ends in 2024, the deadline; a row starting at its earliest year is fine."""
    found = run("timing", instance, [("u1.cc", 2023, "cc_long", 1), ("u2.cc", 2024, "cc_tt", 1)])
    assert as_records(found) == []


def test_timing_flags_a_two_year_course_ending_after_the_deadline(instance):
    """A 24-month course starting in 2024 ends in 2025, after the row's 2024 deadline."""
    found = run("timing", instance, [("u1.cc", 2024, "cc_long", 1)])
    assert as_records(found) == [("timing", "u1.cc/2024/cc_long",
                                  "course starting 2024 ends 2025; row allows 2023–2024 within plan years")]


def test_timing_flags_a_year_before_the_earliest_year(instance):
    """A row that may start in 2024 gets no seat in 2023."""
    found = run("timing", instance, [("u2.cc", 2023, "cc_tt", 1)])
    assert as_records(found) == [("timing", "u2.cc/2023/cc_tt",
                                  "course starting 2023 ends 2023; row allows 2024–2024 within plan years")]


# --- full_time_only ---------------------------------------------------------------------------------------------


def test_full_time_only_accepts_full_time_rows_in_full_time_courses(instance):
    """A full-time-only row in a full-time course and an ordinary row in a part-time course give no violation."""
    found = run("full_time_only", instance, [("u1.ft", 2023, "cc_tt", 2), ("u1.cc", 2023, "cc_pt", 1)])
    assert as_records(found) == []


def test_full_time_only_flags_a_full_time_only_row_in_a_part_time_course(instance):
    """A full-time-only row placed in the part-time course is one violation."""
    found = run("full_time_only", instance, [("u1.ft", 2023, "cc_pt", 1)])
    assert as_records(found) == [("full_time_only", "u1.ft/cc_pt",
                                  "a full-time-only row placed in a course that is not full-time")]


def test_full_time_only_flags_a_row_in_a_course_of_another_family(instance):
    """A row of family cc placed in a course of family dd is one violation."""
    found = run("full_time_only", instance, [("u1.cc", 2023, "dd_x", 1)])
    assert as_records(found) == [("full_time_only", "u1.cc/dd_x", "row of family cc placed in a course of family dd")]


# --- release_limit ----------------------------------------------------------------------------------------------


def test_release_limit_accepts_full_time_seats_up_to_the_limit(instance):
    """Three full-time seats a year for a district (limit 3) give no violation; part-time seats do not count."""
    rows = [("u1.cc", 2023, "cc_tt", 3), ("u1.ft", 2024, "cc_tt", 3), ("u1.cc", 2023, "cc_pt", 2)]
    assert as_records(run("release_limit", instance, rows)) == []


def test_release_limit_flags_full_time_seats_over_the_limit_of_the_unit_kind(instance):
    """Four full-time seats in one year for a district (limit 3) is one violation."""
    found = run("release_limit", instance, [("u1.cc", 2023, "cc_tt", 2), ("u1.ft", 2023, "cc_tt", 2)])
    assert as_records(found) == [("release_limit", "u1/2023", "4 full-time seats > limit 3")]


def test_release_limit_counts_a_two_year_course_in_both_years(instance):
    """Two seats of a 24-month course started in 2023 still count in 2024, where two more seats break the limit."""
    found = run("release_limit", instance, [("u1.cc", 2023, "cc_long", 2), ("u1.ft", 2024, "cc_tt", 2)])
    assert as_records(found) == [("release_limit", "u1/2024", "4 full-time seats > limit 3")]


def test_release_limit_uses_the_limit_of_each_unit_kind(instance):
    """Three full-time seats are within a district's limit (3) but over a department's (2)."""
    found = run("release_limit", instance, [("u1.cc", 2023, "cc_tt", 3), ("u2.cc", 2024, "cc_tt", 3)])
    assert as_records(found) == [("release_limit", "u2/2024", "3 full-time seats > limit 2")]


# --- all rules together, and the check of a solver's Result -----------------------------------------------------


def test_check_allocation_collects_the_violations_of_every_rule(instance):
    """A zero-seat row without a quota line and a row placed too early yield seat_cap, demand_limit and timing rows."""
    inputs, scenario = instance
    rows = [("u1.dd", 2023, "dd_x", 2), ("u2.cc", 2023, "cc_tt", 1), ("u2.dd", 2024, "dd_x", 0)]
    found = checks.check_allocation(allocation(rows), classes(EMPTY_CLASSES), inputs, scenario)
    assert [(r.rule, r.subject) for r in found.itertuples()] == [
        ("seat_cap", "dd_x/government/2024"), ("demand_limit", "u2.dd"), ("timing", "u2.cc/2023/cc_tt")]


def test_check_allocation_finds_nothing_in_an_allocation_obeying_every_rule(instance):
    """An allocation within every quota, class, count, timing, mode and release limit has no violation."""
    inputs, scenario = instance
    rows = [("u1.dd", 2023, "dd_x", 2), ("u1.cc", 2023, "cc_long", 2), ("u1.ft", 2024, "cc_tt", 1),
            ("u2.cc", 2024, "cc_pt", 45), ("u2.cc", 2024, "cc_tt", 2)]
    found = checks.check_allocation(allocation(rows), classes([("cc_pt", 2023, 0), ("cc_pt", 2024, 1)]), inputs,
                                    scenario)
    assert as_records(found) == []


@pytest.fixture(scope="module")
def tiny_result(tmp_path_factory):
    inputs, scenario = write_instance(tmp_path_factory.mktemp("result"))
    return solve(inputs, scenario)


def test_check_result_accepts_the_solvers_own_result(tiny_result):
    """A result straight from the solver passes the check (the baseline for the failure tests below)."""
    checks.check_result(tiny_result)


def test_check_result_raises_when_a_reported_stage_value_does_not_recompute(tiny_result):
    """A coverage value one seat higher than the allocation gives is a CheckFailure naming the stage."""
    stages = tuple(dataclasses.replace(s, value=s.value + 1) if s.name == "coverage[t1]" else s
                   for s in tiny_result.stages)
    with pytest.raises(CheckFailure, match=r"coverage\[t1\]: solver reports 4, allocation gives 3"):
        checks.check_result(dataclasses.replace(tiny_result, stages=stages))


def test_check_result_raises_when_the_allocation_breaks_a_rule(tiny_result):
    """An allocation with more seats than a row's count is a CheckFailure naming demand_limit."""
    broken = tiny_result.allocation.assign(seats=tiny_result.allocation["seats"] + 5)
    with pytest.raises(CheckFailure, match=r"demand_limit\[u1\.a\]"):
        checks.check_result(dataclasses.replace(tiny_result, allocation=broken))


# --- frozen_years and units that change hands -----------------------------------------------------------------


def with_actuals(instance, rows):
    inputs, scenario = instance
    actuals = allocation(rows)
    return dataclasses.replace(inputs, actuals=actuals, frozen_years=(2023,)), scenario


def test_frozen_years_accepts_a_frozen_year_equal_to_the_actuals(instance):
    """2023 seats exactly as the actuals say, and free choices in 2024, give no violation."""
    frozen = with_actuals(instance, [("u1.cc", 2023, "cc_tt", 2)])
    rows = [("u1.cc", 2023, "cc_tt", 2), ("u1.cc", 2024, "cc_tt", 3)]
    assert as_records(run("frozen_years", frozen, rows)) == []


def test_frozen_years_flags_seats_that_differ_from_the_actuals(instance):
    """One seat too few for an actual row, and a seat where the actuals have none, are two violations."""
    frozen = with_actuals(instance, [("u1.cc", 2023, "cc_tt", 2)])
    rows = [("u1.cc", 2023, "cc_tt", 1), ("u1.ft", 2023, "cc_tt", 1)]
    assert as_records(run("frozen_years", frozen, rows)) == [
        ("frozen_years", "u1.cc/2023/cc_tt", "1 seats, but the actuals say 2"),
        ("frozen_years", "u1.ft/2023/cc_tt", "1 seats, but the actuals say 0"),
    ]


# --- pinned -----------------------------------------------------------------------------------------------------


def with_pins(instance, *written):
    """The instance with pins written as in a scenario: (unit, course, year, {seats | at_least, at_most})."""
    inputs, scenario = instance
    entries = tuple(Pin(file="what_if.yaml", key=f"pins[{i}]", unit=u, course=c, year=y, **bounds)
                    for i, (u, c, y, bounds) in enumerate(written))
    return dataclasses.replace(inputs, pins=pins.entries_table(entries)), scenario


def test_pinned_accepts_seats_as_the_pins_say(instance):
    """Exactly 2 of cc_tt 2023 for u1 (over its two rows), and 1–3 of the family cc in 2024, give no violation."""
    pinned = with_pins(instance, ("u1", "cc_tt", 2023, {"seats": 2}), ("u1", "cc", 2024, {"at_least": 1, "at_most": 3}))
    rows = [("u1.cc", 2023, "cc_tt", 1), ("u1.ft", 2023, "cc_tt", 1), ("u1.cc", 2024, "cc_tt", 1),
            ("u1.ft", 2024, "cc_long", 2), ("u2.cc", 2024, "cc_tt", 4)]
    assert as_records(run("pinned", pinned, rows)) == []


def test_pinned_flags_seats_other_than_the_pins_say(instance):
    """Three seats where the pin says exactly 2, and none of the family where it says at least 1."""
    pinned = with_pins(instance, ("u1", "cc_tt", 2023, {"seats": 2}), ("u1", "cc", 2024, {"at_least": 1}))
    rows = [("u1.cc", 2023, "cc_tt", 3), ("u2.cc", 2024, "cc_tt", 1)]
    assert as_records(run("pinned", pinned, rows)) == [
        ("pinned", "u1/cc_tt/2023", "3 seats, but the pin (pins[0]) says exactly 2"),
        ("pinned", "u1/cc/2024", "0 seats, but the pin (pins[1]) says at least 1"),
    ]


def test_pinned_counts_a_merged_rows_seats_for_the_unit_of_that_year(instance):
    """u2 merged into u1 from 2024: u2.cc's 2024 seats are u1's, so a pin of u1 at most 1 breaks with 2."""
    inputs, scenario = merged(instance)
    pinned = with_pins((inputs, scenario), ("u1", "cc_tt", 2024, {"at_most": 1}))
    assert as_records(run("pinned", pinned, [("u2.cc", 2024, "cc_tt", 2)])) == [
        ("pinned", "u1/cc_tt/2024", "2 seats, but the pin (pins[0]) says at most 1")]


def test_the_checker_after_a_solve_refuses_a_plan_that_breaks_a_pin(tmp_path):
    """check_result on a solved plan with a pin added afterwards that the plan does not keep raises CheckFailure."""
    inputs, scenario = write_instance(tmp_path, caps=[cap(y, "cc_tt", seats_max=5) for y in (2023, 2024)],
                                      courses=[course("cc_tt", "full_time")], demand=[demand("u1.a", "u1", 3)])
    result = solve(inputs, scenario)
    kept = with_pins((inputs, scenario), ("u1", "cc_tt", 2023, {"seats": 3}))[0]
    broken = with_pins((inputs, scenario), ("u1", "cc_tt", 2023, {"seats": 0}))[0]
    checks.check_result(dataclasses.replace(result, inputs=kept))
    with pytest.raises(CheckFailure, match=r"pinned\[u1/cc_tt/2023\]: 3 seats, but the pin"):
        checks.check_result(dataclasses.replace(result, inputs=broken))


def merged(instance):
    """u2's row u2.cc belongs to u1 from 2024 (u2 merged into u1); in 2023 it is still u2's."""
    inputs, scenario = instance
    demand = inputs.demand.copy()
    demand.loc["u2.cc", ["unit_id", "former_unit", "change_year"]] = ["u1", "u2", 2024]
    return dataclasses.replace(inputs, demand=demand), scenario


def test_release_limit_counts_a_merged_rows_seats_for_the_unit_it_joined(instance):
    """From 2024 the merged row's full-time seats count against u1's limit (3): 2 + 2 break it."""
    found = run("release_limit", merged(instance), [("u2.cc", 2024, "cc_tt", 2), ("u1.cc", 2024, "cc_tt", 2)])
    assert as_records(found) == [("release_limit", "u1/2024", "4 full-time seats > limit 3")]


def test_release_limit_counts_a_merged_rows_earlier_seats_for_its_former_unit(instance):
    """In 2023 the same seats are u2's (a department, limit 2), so 2 + 2 break neither unit's limit."""
    found = run("release_limit", merged(instance), [("u2.cc", 2024, "cc_tt", 0), ("u1.cc", 2023, "cc_tt", 2),
                                                    ("u2.cc", 2023, "cc_tt", 2)])
    assert as_records(found) == []


# --- separate_quotas --------------------------------------------------------------------------------------------


def by_area(instance):
    """u1 came from former province "Hà Nam"; u2 has none (a provincial unit); quotas kept separate by area.

    cc_tt's 4 seats in 2024 split 0 / 4 (u1 lists 8 cadres who could take it, u2 100); in 2023 only u1's are due."""
    inputs, scenario = instance
    units = inputs.units.assign(former_province=["Hà Nam", None])
    return (dataclasses.replace(inputs, units=units),
            dataclasses.replace(scenario, separate_quotas_by="former_province"))


def test_separate_quotas_accepts_each_area_within_its_part(instance):
    """All of 2023's cc_tt to u1's area (its part is the line), all of 2024's to u2's: no violation."""
    rows = [("u1.cc", 2023, "cc_tt", 4), ("u2.cc", 2024, "cc_tt", 4)]
    assert as_records(run("separate_quotas", by_area(instance), rows)) == []


def test_separate_quotas_flags_an_area_over_its_part_although_the_line_holds(instance):
    """One 2024 cc_tt seat for u1 breaks its area's part (0), though the line's 4 seats are not all used."""
    rows = [("u1.cc", 2024, "cc_tt", 1), ("u2.cc", 2024, "cc_tt", 2), ("u1.dd", 2023, "dd_x", 2)]
    assert as_records(run("separate_quotas", by_area(instance), rows)) == [
        ("separate_quotas", "cc_tt/all/2024/Hà Nam", "1 seats > the area's part 0 of 4")]
    assert as_records(run("seat_cap", by_area(instance), rows)) == []


def test_separate_quotas_checks_nothing_where_quotas_are_pooled(instance):
    """Without the setting the same seats break no rule of areas."""
    inputs, scenario = by_area(instance)
    pooled = (inputs, dataclasses.replace(scenario, separate_quotas_by=None))
    assert as_records(run("separate_quotas", pooled, [("u1.cc", 2024, "cc_tt", 1)])) == []
