"""Baselines on plan data: the houses, tier-by-tier apportionment, rows, classes, and the rules a baseline breaks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tiny import cap, course, demand, seats_of, unit, write_instance

from optimizer import api
from optimizer.analyses.baselines import baseline, quota_cells
from optimizer.errors import InputError

REPO = Path(__file__).resolve().parents[2]
FAMILY_ONLY = [course("cc_tt", "full_time", size=(40, 60)), course("cc_pt", "part_time", size=(40, 60))]


def houses(inputs, scenario) -> dict:
    cells = quota_cells(inputs, tuple(scenario.years))
    return {(r.year, r.course_id, r.block): r.house for r in cells.itertuples()}


def test_courses_without_their_own_seat_line_share_the_family_line_by_their_class_limits(tmp_path):
    caps = [cap(2023, "cc", seats_max=10), cap(2023, "cc_tt", classes_max=2), cap(2023, "cc_pt", classes_max=3)]
    inputs, scenario = write_instance(tmp_path, courses=FAMILY_ONLY, caps=caps, years=(2023,))
    assert houses(inputs, scenario) == {(2023, "cc_tt", "all"): 4, (2023, "cc_pt", "all"): 6}


def test_a_course_with_its_own_line_keeps_it_and_its_sibling_gets_the_rest_of_the_family_line(tmp_path):
    caps = [cap(2023, "cc", seats_max=10), cap(2023, "cc_tt", seats_max=7), cap(2023, "cc_tt", seats_max=9)]
    inputs, scenario = write_instance(tmp_path, courses=FAMILY_ONLY, caps=caps, years=(2023,))
    assert houses(inputs, scenario) == {(2023, "cc_tt", "all"): 7, (2023, "cc_pt", "all"): 3}


def test_block_lines_give_one_house_per_block(tmp_path):
    caps = [cap(2023, "cc_tt", block="party", seats_max=2), cap(2023, "cc_tt", block="government", seats_max=5)]
    inputs, scenario = write_instance(tmp_path, caps=caps, years=(2023,))
    assert houses(inputs, scenario) == {(2023, "cc_tt", "government"): 5, (2023, "cc_tt", "party"): 2}


def three_units(tmp_path, house: int, weights=(10, 6, 4), **extra):
    units = [unit("u1"), unit("u2"), unit("u3")]
    rows = [demand(f"u{i}.a", f"u{i}", w) for i, w in enumerate(weights, start=1)] + extra.pop("more", [])
    return write_instance(tmp_path, units=units, courses=[course("cc_tt", "full_time")],
                          caps=[cap(2023, "cc_tt", seats_max=house)], demand=rows, years=(2023,), **extra)


@pytest.mark.parametrize("method, expected", [
    ("webster", [4, 2, 2]),     # divisor 2.5: 4, 2.4 → 2, 1.6 → 2
    ("hamilton", [4, 2, 2]),    # quotas 4, 2.4, 1.6; the spare seat to the larger remainder .6
    ("adams", [4, 2, 2]),       # divisor 3 rounding up: 3.33 → 4, 2, 1.33 → 2
    ("jefferson", [5, 2, 1]),   # 10/5 = 6/3 = 4/2: a tie for the last seat, won by the unit listed first
])
def test_seats_are_shared_in_proportion_to_listed_demand_by_the_chosen_method(tmp_path, method, expected):
    inputs, scenario = three_units(tmp_path, house=8)
    plan = baseline(method, inputs, scenario)
    assert [seats_of(plan.result.allocation, demand_id=f"u{i}.a") for i in (1, 2, 3)] == expected
    assert plan.rounds[["unit_id", "weight", "seats"]].values.tolist() == [
        ["u1", 10, expected[0]], ["u2", 6, expected[1]], ["u3", 4, expected[2]]]


def test_tiers_are_served_in_rank_order_and_the_rest_goes_to_the_next_tier(tmp_path):
    more = [demand("u1.b", "u1", 2, tier="t2"), demand("u3.b", "u3", 4, tier="t2")]
    inputs, scenario = three_units(tmp_path, house=5, weights=(3, 1), more=more)
    plan = baseline("webster", inputs, scenario)
    # Tier 1 asks for 4 of the 5 seats and gets them all; Webster's one seat left of tier 2 goes to 4 over 2.
    assert plan.rounds.query("tier == 't1'")["seats"].tolist() == [3, 1]
    assert plan.rounds.query("tier == 't2'")[["unit_id", "seats"]].values.tolist() == [["u1", 0], ["u3", 1]]


def test_no_unit_gets_more_than_it_asked_and_spare_seats_stay_empty(tmp_path):
    inputs, scenario = three_units(tmp_path, house=50)
    plan = baseline("jefferson", inputs, scenario)
    assert plan.result.allocation["seats"].tolist() == [10, 6, 4]
    assert plan.violations.empty


def test_a_cadre_trained_in_one_year_is_off_the_list_the_next(tmp_path):
    inputs, scenario = write_instance(tmp_path, courses=[course("cc_tt", "full_time")],
                                      caps=[cap(y, "cc_tt", seats_max=2) for y in (2023, 2024)],
                                      demand=[demand("u1.a", "u1", 3), demand("u2.a", "u2", 1)])
    plan = baseline("hamilton", inputs, scenario)
    # 2023: quotas 1.5 and 0.5, the tie between remainders goes to u1 (listed first); 2024: u1's last cadre and u2.
    assert plan.result.allocation.values.tolist() == [["u1.a", 2023, "cc_tt", 2], ["u1.a", 2024, "cc_tt", 1],
                                                       ["u2.a", 2024, "cc_tt", 1]]


def test_the_checker_counts_the_rules_a_baseline_breaks(tmp_path):
    """A unit's part-time seats spill onto its full-time-only row; 3 seats open a class of 40–60; 3 full-time
    seats exceed a release limit of 1."""
    courses = [course("cc_tt", "full_time"), course("cc_pt", "part_time", size=(40, 60))]
    caps = [cap(2023, "cc_tt", seats_max=3), cap(2023, "cc_pt", seats_max=3)]
    rows = [demand("u1.ft", "u1", 5, full_time_only=True), demand("u1.any", "u1", 1)]
    inputs, scenario = write_instance(tmp_path, courses=courses, caps=caps, demand=rows, years=(2023,),
                                      release_limits={"district": 1})
    plan = baseline("webster", inputs, scenario)
    assert seats_of(plan.result.allocation, demand_id="u1.ft", course_id="cc_pt") == 2
    assert seats_of(plan.result.allocation, demand_id="u1.any", course_id="cc_pt") == 1  # the row that suits first
    assert plan.result.classes.query("course_id == 'cc_pt'")["classes"].tolist() == [1]
    assert sorted(plan.violations["rule"]) == ["class_size", "full_time_only", "release_limit"]
    assert plan.violations.set_index("rule").loc["release_limit", "subject"] == "u1/2023"


def test_a_plan_that_obeys_every_rule_has_no_violations_and_its_stage_values_recompute(tmp_path):
    inputs, scenario = three_units(tmp_path, house=8)
    plan = baseline("webster", inputs, scenario)
    assert plan.violations.empty
    stages = {s.name: s.value for s in plan.result.stages}
    assert stages["coverage[t1]"] == 8 and not any(s.optimal for s in plan.result.stages)


def test_an_unknown_method_is_bad_input_naming_the_methods(tmp_path):
    inputs, scenario = three_units(tmp_path, house=8)
    with pytest.raises(InputError, match="unknown method 'sainte_lague'.*webster"):
        baseline("sainte_lague", inputs, scenario)


# --- the bundled data ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    return api.load(REPO / "scenarios" / "baseline.yaml")


@pytest.mark.parametrize("method", ["hamilton", "jefferson", "webster", "huntington_hill", "adams", "dean"])
def test_on_the_bundled_plan_every_cell_fills_up_to_its_house_or_its_demand(bundled, method):
    scenario, inputs = bundled
    plan = baseline(method, inputs, scenario)
    given = plan.rounds.groupby(["year", "course_id", "block"])["seats"].sum()
    asked = plan.rounds.groupby(["year", "course_id", "block"])["weight"].sum()
    house = plan.cells.set_index(["year", "course_id", "block"])["house"]
    expected = pd.concat([house, asked.reindex(house.index, fill_value=0)], axis=1).min(axis=1)
    assert given.reindex(house.index, fill_value=0).equals(expected.astype("int64"))
    assert not {"demand_limit", "seat_cap", "timing"} & set(plan.violations["rule"])
    assert int(plan.result.allocation["seats"].sum()) == int(given.sum())


def test_a_baseline_folder_has_the_files_of_solve_and_compares_with_a_solve(bundled, tmp_path):
    scenario, inputs = bundled
    plan = baseline("webster", inputs, scenario)
    folder = api.write_baseline(plan, tmp_path / "webster")
    names = {p.name for p in folder.iterdir()}
    assert {"allocation.csv", "assignments.csv", "coverage.csv", "violations.csv", "summary.json",
            "allocation.xlsx", "baseline_cells.csv", "baseline_rounds.csv", "inputs"} <= names
    violations = pd.read_csv(folder / "violations.csv")
    assert len(violations) == len(plan.violations) > 0
    twin = api.write_baseline(baseline("jefferson", inputs, scenario), tmp_path / "jefferson")
    comparison = api.compare([folder, twin])
    assert comparison.names == ("baseline-webster", "baseline-jefferson")
    table = comparison.rule_violations.set_index("rule")
    assert table.loc["full_time_only", "baseline-webster"] == violations["rule"].eq("full_time_only").sum()


def test_frozen_years_keep_their_actuals_and_merged_units_count_as_the_old_unit_before_the_merge():
    scenario, inputs = api.load(REPO / "scenarios" / "replan_2024.yaml")
    plan = baseline("webster", inputs, scenario)
    frozen = plan.result.allocation[plan.result.allocation["year"] == 2023].reset_index(drop=True)
    actuals = inputs.actuals[inputs.actuals["year"] == 2023][frozen.columns].reset_index(drop=True)
    assert frozen.sort_values(list(frozen.columns)).values.tolist() == \
        actuals.sort_values(list(actuals.columns)).values.tolist()
    assert "frozen_years" not in set(plan.violations["rule"]) and 2023 not in set(plan.rounds["year"])

    scenario, inputs = api.load(REPO / "scenarios" / "my_loc_merge.yaml")
    rounds = baseline("webster", inputs, scenario).rounds
    assert "my_loc" in set(rounds.query("year == 2023")["unit_id"])
    assert "my_loc" not in set(rounds.query("year == 2025")["unit_id"])
