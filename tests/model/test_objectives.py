"""The lexicographic stages on hand-computed tiny cases, and ``stage_value`` on a hand-made allocation."""

from __future__ import annotations

import pandas as pd
import pytest
from tiny import allocation, cap, course, demand, seats_of, unit, write_instance

from optimizer.model.objectives import (
    StageSpec,
    canonical_weights,
    seats_moved,
    stage_specs,
    stage_value,
)
from optimizer.model.staged import solve

ONE_YEAR = (2023,)


def stage(result, name: str) -> int:
    return {s.name: s.value for s in result.stages}[name]


def test_stage_order_puts_coverage_by_rank_then_fairness_then_early_then_canonical():
    """The stages run coverage and fairness tier by tier in rank order, then early_training, canonical and
    fewest_classes."""
    assert [s.name for s in stage_specs(["t1", "t2"])] == [
        "coverage[t1]", "coverage[t2]", "fairness[t1]", "fairness[t2]", "early_training", "canonical",
        "fewest_classes"]


def test_scarce_seats_go_to_the_most_urgent_tier_first(tmp_path):
    """Five seats, tier 1 demand 3 and tier 2 demand 10: tier 1 gets its 3, tier 2 the remaining 2."""
    inputs, scenario = write_instance(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_tt", seats_max=5)],
                                      demand=[demand("u2.b", "u2", 10, tier="t2", deadline=2023),
                                              demand("u1.a", "u1", 3, tier="t1", deadline=2023)])
    result = solve(inputs, scenario)
    assert seats_of(result.allocation, demand_id="u1.a") == 3
    assert seats_of(result.allocation, demand_id="u2.b") == 2
    assert (stage(result, "coverage[t1]"), stage(result, "coverage[t2]")) == (3, 2)


def test_fairness_shares_the_shortage_in_proportion_to_demand(tmp_path):
    """Two units with demand 10 and 30 share 20 seats as 5 and 15: each unit gets half, per-mille level 500."""
    inputs, scenario = write_instance(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_tt", seats_max=20)],
                                      demand=[demand("u1.a", "u1", 10, deadline=2023),
                                              demand("u2.a", "u2", 30, deadline=2023)])
    result = solve(inputs, scenario)
    assert seats_of(result.allocation, demand_id="u1.a") == 5
    assert seats_of(result.allocation, demand_id="u2.a") == 15
    assert stage(result, "fairness[t1]") == 500


def test_fairness_level_is_the_floor_of_the_worst_served_units_per_mille_share(tmp_path):
    """Five seats for demand 3 and 7 split as 2 and 3: the worst share 3/7 gives level floor(428.57) = 428."""
    inputs, scenario = write_instance(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_tt", seats_max=5)],
                                      demand=[demand("u1.a", "u1", 3, deadline=2023),
                                              demand("u2.a", "u2", 7, deadline=2023)])
    result = solve(inputs, scenario)
    # Splits of 5: (1, 4) -> min(333, 571) = 333; (2, 3) -> min(666, 428) = 428; (3, 2) -> min(1000, 285) = 285.
    assert seats_of(result.allocation, demand_id="u1.a") == 2
    assert seats_of(result.allocation, demand_id="u2.a") == 3
    assert stage(result, "fairness[t1]") == 428


def test_early_training_prefers_the_first_year_when_both_are_free(tmp_path):
    """With room in both years, every seat goes to 2023 and the early_training stage is 0."""
    inputs, scenario = write_instance(tmp_path, caps=[cap(y, "cc_tt", seats_max=10) for y in (2023, 2024)],
                                      demand=[demand("u1.a", "u1", 2), demand("u2.a", "u2", 2),
                                              demand("u3.a", "u3", 2)])
    result = solve(inputs, scenario)
    assert seats_of(result.allocation, year=2023) == 6
    assert seats_of(result.allocation, year=2024) == 0
    assert stage(result, "early_training") == 0


def test_early_training_counts_seats_pushed_to_a_later_year(tmp_path):
    """With one seat in 2023, the other three wait a year: early_training = 3 seats × 1 year."""
    inputs, scenario = write_instance(tmp_path, caps=[cap(2023, "cc_tt", seats_max=1), cap(2024, "cc_tt", seats_max=10)],
                                      demand=[demand("u1.a", "u1", 4)])
    result = solve(inputs, scenario)
    assert seats_of(result.allocation, year=2023) == 1
    assert stage(result, "early_training") == 3


# --- canonical -----------------------------------------------------------------------------------------------

TIED = [demand("u1.r1", "u1", 3, deadline=2023), demand("u1.r2", "u1", 3, deadline=2023),
        demand("u1.r3", "u1", 3, deadline=2023)]


def _tied(folder, rows):
    """Three rows of one unit, tier and family sharing 5 seats: every split is equal on all stages but canonical."""
    return solve(*write_instance(folder, years=ONE_YEAR, caps=[cap(2023, "cc_tt", seats_max=5)], demand=rows))


def test_canonical_stage_fills_the_rows_with_the_smallest_weights(tmp_path):
    """Among equal plans, the seats go to the rows of smallest canonical weight: 3 to the smallest, 2 to the next."""
    result = _tied(tmp_path, TIED)
    weights = canonical_weights(["u1.r1", "u1.r2", "u1.r3"], [2023] * 3, ["cc_tt"] * 3)
    lightest, second, heaviest = (f"u1.r{i + 1}" for i in weights.argsort())
    assert len(set(weights)) == 3
    assert seats_of(result.allocation, demand_id=lightest) == 3
    assert seats_of(result.allocation, demand_id=second) == 2
    assert seats_of(result.allocation, demand_id=heaviest) == 0


def test_canonical_stage_makes_two_solves_identical(tmp_path):
    """Two solves of the same tied instance give the same allocation and classes, row for row."""
    first, second = _tied(tmp_path / "a", TIED), _tied(tmp_path / "b", TIED)
    pd.testing.assert_frame_equal(first.allocation, second.allocation)
    pd.testing.assert_frame_equal(first.classes, second.classes)


def test_canonical_stage_ignores_the_order_of_demand_rows_in_the_file(tmp_path):
    """Demand rows given in reverse file order give the identical allocation."""
    forward, backward = _tied(tmp_path / "a", TIED), _tied(tmp_path / "b", TIED[::-1])
    pd.testing.assert_frame_equal(forward.allocation, backward.allocation)
    assert [s.value for s in forward.stages] == [s.value for s in backward.stages]


# --- stage_value -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hand_made(tmp_path_factory):
    """u1 has tier-1 demand 4 and tier-2 demand 5, u2 tier-1 demand 9; an allocation of 3, 1 and 6 seats."""
    inputs, scenario = write_instance(
        tmp_path_factory.mktemp("stage_value"), units=[unit("u1"), unit("u2")],
        demand=[demand("u1.a", "u1", 4), demand("u2.a", "u2", 9), demand("u1.b", "u1", 5, tier="t2")])
    rows = allocation([("u1.a", 2023, "cc_tt", 3), ("u2.a", 2024, "cc_tt", 6), ("u1.b", 2024, "cc_pt", 1)])
    return inputs, rows


@pytest.mark.parametrize(("name", "expected"), [
    ("coverage[t1]", 3 + 6),
    ("coverage[t2]", 1),
    ("fairness[t1]", 666),  # min(floor(1000·3/4) = 750, floor(1000·6/9) = 666)
    ("fairness[t2]", 200),  # floor(1000·1/5)
    ("early_training", 6 * 1 + 1 * 1),  # seats × years after 2023
    ("canonical", 18338 * 3 + 6880 * 6 + 16372 * 1),  # SHA-256 weights of the three triples, fixed forever
])
def test_stage_value_recomputes_each_stage_from_an_allocation(hand_made, name, expected):
    """Each stage's value, recomputed from a hand-made allocation, equals the hand-computed number."""
    inputs, rows = hand_made
    spec = {s.name: s for s in stage_specs(list(inputs.tiers.index))}[name]
    assert stage_value(spec, rows, inputs.demand, 2023) == expected


def test_stage_value_fairness_is_zero_when_a_unit_with_demand_gets_nothing(hand_made):
    """A unit with tier-1 demand and no seat holds the tier's fairness level at 0."""
    inputs, rows = hand_made
    spec = StageSpec("fairness[t1]", "fairness", "t1", True)
    assert stage_value(spec, rows[rows["demand_id"] != "u2.a"], inputs.demand, 2023) == 0


def test_fewest_classes_opens_one_class_when_overlapping_sizes_allow_one_or_two(tmp_path):
    """45 seats fit one class or two classes of 20–50; the last stage opens one."""
    inputs, scenario = write_instance(
        tmp_path, years=ONE_YEAR, courses=[course("cc_pt", "part_time", size=(20, 50)), course("cc_tt", "full_time")],
        caps=[cap(2023, "cc_pt", seats_max=45), cap(2023, "cc_tt", seats_max=0)],
        demand=[demand("u1.a", "u1", 45, deadline=2023)])
    result = solve(inputs, scenario)
    assert result.classes.set_index("course_id").loc["cc_pt", "classes"] == 1
    assert stage(result, "fewest_classes") == 1


# --- reference ----------------------------------------------------------------------------------------------


def reference_case(tmp_path, plan: str):
    """One row of 2 cadres, 2 seats a year in 2023 and 2024: every split of the 2 seats over the years is as good
    on coverage and fairness; early training alone would take 2023."""
    import yaml

    from optimizer import api

    write_instance(tmp_path, caps=[cap(y, "cc_tt", seats_max=2) for y in (2023, 2024)],
                   demand=[demand("u1.a", "u1", 2)])
    (tmp_path / "plan.csv").write_text("demand_id,year,course_id,seats\n" + plan, encoding="utf-8")
    path = tmp_path / "replan.yaml"
    # plan_from_year 2023: every year is planned again, whatever today's date (a later one would keep 2023).
    path.write_text(yaml.safe_dump({"extends": "scenario.yaml", "reference": "plan.csv", "plan_from_year": 2023}),
                    encoding="utf-8")
    return api.load(path)


def test_reference_stage_keeps_the_previous_plan_over_training_earlier(tmp_path):
    """The reference put both seats in 2024; nothing above the reference stage forbids it, so none move."""
    scenario, inputs = reference_case(tmp_path, "u1.a,2024,cc_tt,2\n")
    result = solve(inputs, scenario)
    assert seats_of(result.allocation, year=2024) == 2
    assert {s.name: s.value for s in result.stages}["reference"] == 0


def test_reference_stage_moves_the_fewest_seats_the_higher_stages_allow(tmp_path):
    """A reference of 3 seats in 2024 (one more than the quota) and a seat in an unknown-to-quota course: the
    best plan keeps 2 in 2024 and moves 1 + 1 = 2 seats, the minimum."""
    scenario, inputs = reference_case(tmp_path, "u1.a,2024,cc_tt,3\nu1.a,2023,cc_pt,1\n")
    result = solve(inputs, scenario)
    assert seats_of(result.allocation, year=2024) == 2
    assert {s.name: s.value for s in result.stages}["reference"] == 2


def test_reference_stage_comes_after_fairness_and_before_the_tie_breakers():
    names = [s.name for s in stage_specs(["t1"], reference=True)]
    assert names == ["coverage[t1]", "fairness[t1]", "reference", "early_training", "canonical", "fewest_classes"]


def test_seats_moved_counts_every_seat_that_differs():
    plan = allocation([("a", 2023, "x", 2), ("b", 2024, "x", 1)])
    reference = allocation([("a", 2023, "x", 1), ("c", 2024, "x", 3)])
    assert seats_moved(plan, reference) == 1 + 1 + 3
