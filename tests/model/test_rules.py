"""Each rule binds in the solver: on a tiny instance where the rule is the only thing in the way, the plan obeys it;
and rules that cannot all hold give an InfeasibleError naming the rule that must bend."""

from __future__ import annotations

import pytest
from tiny import cap, course, demand, seats_of, unit, write_instance

from optimizer.errors import InfeasibleError
from optimizer.model.plan import Status
from optimizer.model.staged import solve

ONE_YEAR = (2023,)


def solved(tmp_path, **tables):
    inputs, scenario = write_instance(tmp_path, **tables)
    result = solve(inputs, scenario)
    assert result.status is Status.OPTIMAL
    return result


# --- seat_cap ---------------------------------------------------------------------------------------------------


def test_seat_cap_limits_seats_to_the_quota(tmp_path):
    """Three seats for ten cadres: exactly three are allocated."""
    result = solved(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_tt", seats_max=3)],
                    demand=[demand("u1.a", "u1", 10, deadline=2023)])
    assert seats_of(result.allocation) == 3


def test_seat_cap_gives_no_seats_where_no_quota_line_exists(tmp_path):
    """With a quota line for the full-time course only, nobody is placed in the part-time course."""
    result = solved(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_tt", seats_max=5)],
                    demand=[demand("u1.a", "u1", 100, deadline=2023)])
    assert seats_of(result.allocation, course_id="cc_pt") == 0
    assert seats_of(result.allocation, course_id="cc_tt") == 5


def test_seat_cap_per_block_limits_each_block_separately(tmp_path):
    """A party line of 2 and a government line of 4 give 2 and 4 seats, though demand is 10 in each block."""
    result = solved(tmp_path, years=ONE_YEAR,
                    caps=[cap(2023, "cc_tt", block="party", seats_max=2),
                          cap(2023, "cc_tt", block="government", seats_max=4)],
                    demand=[demand("u1.p", "u1", 10, deadline=2023),
                            demand("u1.g", "u1", 10, block="government", deadline=2023)])
    assert seats_of(result.allocation, demand_id="u1.p") == 2
    assert seats_of(result.allocation, demand_id="u1.g") == 4


def test_seats_min_forces_seats_into_a_later_year(tmp_path):
    """seats_min 2 in 2024 moves two seats out of 2023, where early training would otherwise put all five."""
    result = solved(tmp_path, caps=[cap(2023, "cc_tt", seats_max=10), cap(2024, "cc_tt", seats_min=2, seats_max=10)],
                    demand=[demand("u1.a", "u1", 5)])
    assert seats_of(result.allocation, year=2023) == 3
    assert seats_of(result.allocation, year=2024) == 2


# --- class_size -------------------------------------------------------------------------------------------------


def test_class_size_keeps_a_class_closed_when_too_few_are_eligible(tmp_path):
    """30 eligible cadres cannot fill a class of 40–60: the part-time course gets no seats and no class."""
    result = solved(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_pt", seats_max=100)],
                    demand=[demand("u1.a", "u1", 30, deadline=2023)])
    assert seats_of(result.allocation) == 0
    assert result.classes.set_index(["course_id", "year"]).loc[("cc_pt", 2023), "classes"] == 0


def test_class_size_opens_a_class_once_enough_are_eligible(tmp_path):
    """45 eligible cadres fill one class of 40–60: all 45 get seats in one class."""
    result = solved(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_pt", seats_max=100)],
                    demand=[demand("u1.a", "u1", 45, deadline=2023)])
    assert seats_of(result.allocation, course_id="cc_pt") == 45
    assert result.classes.set_index(["course_id", "year"]).loc[("cc_pt", 2023), "classes"] == 1


def test_classes_max_limits_seats_to_the_size_of_the_allowed_classes(tmp_path):
    """One class of at most 50 for 80 cadres: exactly 50 seats, in one class."""
    result = solved(tmp_path, years=ONE_YEAR,
                    courses=[course("cc_tt", "full_time"), course("cc_pt", "part_time", size=(40, 50))],
                    caps=[cap(2023, "cc_pt", seats_max=200, classes_max=1)],
                    demand=[demand("u1.a", "u1", 80, deadline=2023)])
    assert seats_of(result.allocation, course_id="cc_pt") == 50
    assert result.classes.set_index(["course_id", "year"]).loc[("cc_pt", 2023), "classes"] == 1


# --- demand_limit -----------------------------------------------------------------------------------------------


def test_demand_limit_counts_seats_over_all_years(tmp_path):
    """A row of four cadres gets four seats over two years, though each year alone has room for all four."""
    result = solved(tmp_path, caps=[cap(y, "cc_tt", seats_max=100) for y in (2023, 2024)],
                    demand=[demand("u1.a", "u1", 4)])
    assert seats_of(result.allocation, demand_id="u1.a") == 4


# --- timing -----------------------------------------------------------------------------------------------------


def test_timing_keeps_a_two_year_course_from_starting_in_the_deadline_year(tmp_path):
    """A 24-month course must start in 2023 for a 2024 deadline, so only the 2 seats of 2023 can be used."""
    result = solved(tmp_path, courses=[course("cc_tt", "full_time", months=24)],
                    caps=[cap(2023, "cc_tt", seats_max=2), cap(2024, "cc_tt", seats_max=10)],
                    demand=[demand("u1.a", "u1", 5, deadline=2024)])
    assert seats_of(result.allocation) == 2
    assert seats_of(result.allocation, year=2024) == 0


def test_timing_gives_no_seats_before_the_earliest_year(tmp_path):
    """A row that may start in 2024 gets none of the spare 2023 seats."""
    result = solved(tmp_path, caps=[cap(2023, "cc_tt", seats_max=10), cap(2024, "cc_tt", seats_max=1)],
                    demand=[demand("u1.a", "u1", 5, earliest=2024)])
    assert seats_of(result.allocation, year=2023) == 0
    assert seats_of(result.allocation, year=2024) == 1


# --- full_time_only ---------------------------------------------------------------------------------------------


def test_full_time_only_rows_never_get_part_time_seats(tmp_path):
    """With two full-time seats and a part-time class with room to spare, the full-time-only row gets the two only."""
    result = solved(tmp_path, years=ONE_YEAR,
                    caps=[cap(2023, "cc_tt", seats_max=2), cap(2023, "cc_pt", seats_max=100)],
                    demand=[demand("u1.ft", "u1", 10, deadline=2023, full_time_only=True),
                            demand("u2.a", "u2", 40, deadline=2023)])
    assert seats_of(result.allocation, demand_id="u1.ft", course_id="cc_pt") == 0
    assert seats_of(result.allocation, demand_id="u1.ft", course_id="cc_tt") == 2
    assert seats_of(result.allocation, demand_id="u2.a", course_id="cc_pt") == 40


# --- release_limit ----------------------------------------------------------------------------------------------


def test_release_limit_caps_full_time_seats_per_unit_and_year(tmp_path):
    """A district with limit 2 sends two cadres to full-time study a year, though seats and demand allow more."""
    result = solved(tmp_path, caps=[cap(y, "cc_tt", seats_max=100) for y in (2023, 2024)],
                    demand=[demand("u1.a", "u1", 10)], release_limits={"district": 2})
    assert seats_of(result.allocation, year=2023) == 2
    assert seats_of(result.allocation, year=2024) == 2


def test_release_limit_counts_a_two_year_course_in_both_years(tmp_path):
    """Two cadres in a 24-month full-time course from 2023 fill the limit of 2 in 2024 as well: no one starts then."""
    result = solved(tmp_path, courses=[course("cc_tt", "full_time", months=24)],
                    caps=[cap(y, "cc_tt", seats_max=100) for y in (2023, 2024)],
                    demand=[demand("u1.a", "u1", 10, deadline=2025)], release_limits={"district": 2})
    assert seats_of(result.allocation) == 2


def test_release_limit_does_not_limit_part_time_seats(tmp_path):
    """A release limit of 0 leaves part-time seats free: 45 cadres fill one part-time class."""
    result = solved(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_pt", seats_max=100)],
                    demand=[demand("u1.a", "u1", 45, deadline=2023)], release_limits={"district": 0})
    assert seats_of(result.allocation) == 45


def test_release_limit_follows_the_kind_of_unit(tmp_path):
    """A district (limit 3) and a department (limit 1) with equal demand get 3 and 1 full-time seats."""
    result = solved(tmp_path, years=ONE_YEAR, units=[unit("u1", "district"), unit("u2", "department")],
                    caps=[cap(2023, "cc_tt", seats_max=100)],
                    demand=[demand("u1.a", "u1", 5, deadline=2023), demand("u2.a", "u2", 5, deadline=2023)],
                    release_limits={"district": 3, "department": 1})
    assert seats_of(result.allocation, demand_id="u1.a") == 3
    assert seats_of(result.allocation, demand_id="u2.a") == 1


# --- infeasible -------------------------------------------------------------------------------------------------


def test_seats_min_above_eligible_demand_is_infeasible_and_names_seat_cap(tmp_path):
    """A minimum of 5 seats for 3 eligible cadres cannot hold; the message names the seat_cap line and its bound."""
    inputs, scenario = write_instance(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_tt", seats_min=5, seats_max=10)],
                                      demand=[demand("u1.a", "u1", 3, deadline=2023)])
    with pytest.raises(InfeasibleError, match=r"seat_cap\[cc_tt,all,2023\] 5…10, bent by 2"):
        solve(inputs, scenario)


def test_seats_min_without_any_eligible_row_is_infeasible_and_names_seat_cap(tmp_path):
    """A minimum in a year where nobody may start has no variable at all; the message still names seat_cap."""
    inputs, scenario = write_instance(tmp_path, caps=[cap(2023, "cc_tt", seats_max=10),
                                                      cap(2024, "cc_tt", seats_min=1, seats_max=10)],
                                      demand=[demand("u1.a", "u1", 3, deadline=2023)])
    with pytest.raises(InfeasibleError, match=r"seat_cap\[cc_tt,all,2024\]"):
        solve(inputs, scenario)


def test_classes_min_that_cannot_be_filled_is_infeasible_and_names_class_size(tmp_path):
    """At least one class of 40–60 for 30 eligible cadres cannot hold; the message names class_size."""
    inputs, scenario = write_instance(tmp_path, years=ONE_YEAR,
                                      caps=[cap(2023, "cc_pt", seats_max=100, classes_min=1)],
                                      demand=[demand("u1.a", "u1", 30, deadline=2023)])
    with pytest.raises(InfeasibleError, match=r"class_size\[cc_pt,2023\]") as caught:
        solve(inputs, scenario)
    assert "seat_cap" not in str(caught.value)


# --- frozen_years, and units that change hands ----------------------------------------------------------------


def scenario_with(tmp_path, extra: dict, **tables):
    """A tiny instance whose scenario also carries ``extra`` keys (frozen, units, …), loaded through the API."""
    import yaml

    from optimizer import api

    write_instance(tmp_path, **tables)
    path = tmp_path / "what_if.yaml"
    path.write_text(yaml.safe_dump({"extends": "scenario.yaml", **extra}), encoding="utf-8")
    return api.load(path)


def test_frozen_years_fixes_the_frozen_year_at_the_actuals(tmp_path):
    """Early training would put all five seats in 2023; the actuals say 1, so 2023 has 1 and 2024 the other 4."""
    (tmp_path / "actuals.csv").write_text("demand_id,year,course_id,seats\nu1.a,2023,cc_tt,1\n", encoding="utf-8")
    scenario, inputs = scenario_with(tmp_path, {"frozen": {"actuals": "actuals.csv", "years": [2023]}},
                                     caps=[cap(y, "cc_tt", seats_max=10) for y in (2023, 2024)],
                                     demand=[demand("u1.a", "u1", 5)])
    result = solve(inputs, scenario)
    assert seats_of(result.allocation, year=2023) == 1 and seats_of(result.allocation, year=2024) == 4


def test_frozen_actuals_the_rules_forbid_are_infeasible_and_name_frozen_years(tmp_path):
    """An actual seat in a course without a quota line cannot be kept: the conflict names frozen_years."""
    (tmp_path / "actuals.csv").write_text("demand_id,year,course_id,seats\nu1.a,2023,cc_pt,1\n", encoding="utf-8")
    scenario, inputs = scenario_with(tmp_path, {"frozen": {"actuals": "actuals.csv", "years": [2023]}},
                                     caps=[cap(y, "cc_tt", seats_max=10) for y in (2023, 2024)],
                                     demand=[demand("u1.a", "u1", 5)])
    with pytest.raises(InfeasibleError, match=r"frozen_years\[u1.a,2023,cc_pt\]"):
        solve(inputs, scenario)


def test_actuals_above_the_quota_are_infeasible(tmp_path):
    """Actuals of 4 seats where the quota is 3 conflict with seat_cap."""
    (tmp_path / "actuals.csv").write_text("demand_id,year,course_id,seats\nu1.a,2023,cc_tt,4\n", encoding="utf-8")
    scenario, inputs = scenario_with(tmp_path, {"frozen": {"actuals": "actuals.csv", "years": [2023]}},
                                     caps=[cap(y, "cc_tt", seats_max=3) for y in (2023, 2024)],
                                     demand=[demand("u1.a", "u1", 5)])
    with pytest.raises(InfeasibleError, match="seat_cap|frozen_years"):
        solve(inputs, scenario)


def test_release_limit_after_a_merge_counts_both_units_against_the_joined_one(tmp_path):
    """Two districts with limit 1 each: before the merge year both send one full-time cadre, after it only one."""
    scenario, inputs = scenario_with(
        tmp_path, {"units": [{"merge": "u2", "into": "u1", "date": 2024}]},
        units=[unit("u1", "district"), unit("u2", "district")], release_limits={"district": 1},
        caps=[cap(y, "cc_tt", seats_max=10) for y in (2023, 2024)],
        demand=[demand("u1.a", "u1", 5), demand("u2.a", "u2", 5)])
    result = solve(inputs, scenario)
    assert seats_of(result.allocation, year=2023) == 2
    assert seats_of(result.allocation, year=2024) == 1
