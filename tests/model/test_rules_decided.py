"""The rules that hold what is decided: a pin holds and the rest of the plan is the best one that keeps it (proved
by enumerating every plan of a tiny instance), an impossible pin is refused or diagnosed naming it, explain cites
it; years before plan_from_year keep the reference plan."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
import yaml
from tiny import cap, course, demand, seats_of, unit, write_instance

from optimizer import api
from optimizer.errors import InfeasibleError, InputError
from optimizer.model import checks
from optimizer.model.explain import explain
from optimizer.model.objectives import stage_specs

COURSES = [course("cc_tt", "full_time")]
UNITS = [unit("u1", "district"), unit("u2", "district")]
CAPS = [cap(2023, "cc_tt", seats_max=2), cap(2024, "cc_tt", seats_max=2)]
DEMAND = [demand("u1.a", "u1", 3), demand("u2.a", "u2", 2, tier="t2")]


def case(tmp_path, extra: dict, **tables):
    """The tiny instance (two units, one course, two seats a year) with scenario keys ``extra``."""
    write_instance(tmp_path, **{"units": UNITS, "courses": COURSES, "caps": CAPS, "demand": DEMAND, **tables})
    path = tmp_path / "decided.yaml"
    path.write_text(yaml.safe_dump({"extends": "scenario.yaml", **extra}), encoding="utf-8")
    return api.load(path)


def best_by_enumeration(inputs, scenario) -> dict[str, int]:
    """The stage values of the lexicographically best plan among every allocation the checker accepts."""
    cells = [(d, y, "cc_tt") for d in inputs.demand.index for y in scenario.years]
    specs = stage_specs(list(inputs.tiers.index))
    no_classes = pd.DataFrame(columns=["course_id", "year", "classes", "seats"])
    best, best_key = None, None
    for seats in itertools.product(*[range(int(inputs.demand.at[d, "count"]) + 1) for d, _, _ in cells]):
        plan = pd.DataFrame([(*cell, n) for cell, n in zip(cells, seats) if n],
                            columns=["demand_id", "year", "course_id", "seats"]).astype({"year": "int64",
                                                                                       "seats": "int64"})
        if len(checks.check_allocation(plan, no_classes, inputs, scenario)):
            continue
        values = checks.recomputed_stage_values(plan, inputs, scenario, no_classes)
        key = tuple(-values[s.name] if s.maximise else values[s.name] for s in specs if s.name != "canonical")
        if best_key is None or key < best_key:
            best, best_key = values, key
    return best


def test_a_pin_holds_and_the_rest_is_the_best_plan_that_keeps_it(tmp_path):
    """Unpinned, tier t1 (u1) takes both 2023 seats; pinned, u2 has exactly 2 of them, u1 gets 2024's, and every
    stage value equals that of the best plan found by trying every plan that keeps the pin."""
    scenario, inputs = case(tmp_path, {"pins": [{"unit": "u2", "course": "cc_tt", "year": 2023, "seats": 2,
                                                 "note": "already nominated"}]})
    result = api.solve((scenario, inputs))
    assert seats_of(result.allocation, demand_id="u2.a", year=2023) == 2
    assert seats_of(result.allocation, demand_id="u1.a") == 2
    found = {s.name: s.value for s in result.stages}
    best = best_by_enumeration(inputs, scenario)
    assert {name: found[name] for name in best if name != "canonical"} == {
        name: value for name, value in best.items() if name != "canonical"}
    unpinned = api.solve(api.load(tmp_path / "scenario.yaml"))
    assert seats_of(unpinned.allocation, demand_id="u1.a", year=2023) == 2


def test_a_family_pin_with_bounds_holds_over_every_course_of_the_family(tmp_path):
    """at_least 1 and at_most 1 of family cc for u2 in 2024, over a full-time and a part-time course."""
    scenario, inputs = case(tmp_path, {"pins": [{"unit": "u2", "course": "cc", "year": 2024, "at_least": 1,
                                                 "at_most": 1}]},
                            courses=[course("cc_tt", "full_time"), course("cc_pt", "part_time")],
                            caps=[*CAPS, cap(2024, "cc_pt", seats_max=5)])
    result = api.solve((scenario, inputs))
    assert seats_of(result.allocation, demand_id="u2.a", year=2024) == 1


def test_a_pin_beyond_what_the_units_eligible_cadres_can_take_is_refused_naming_it(tmp_path):
    """u1's row may start only in 2024 (timing): a pin of one seat in 2023 names pins[0].seats."""
    scenario, inputs = case(tmp_path, {"pins": [{"unit": "u1", "course": "cc_tt", "year": 2023, "seats": 1}]},
                            demand=[demand("u1.a", "u1", 3, earliest=2024), DEMAND[1]])
    with pytest.raises(InputError, match=r"decided\.yaml, key pins\[0\]\.seats: u1 can have at most 0 seats"):
        api.solve((scenario, inputs))


def test_pins_that_fight_the_quota_are_diagnosed_naming_pinned(tmp_path):
    """Both units pinned to 2 seats of a 2-seat year: the infeasibility diagnosis names the pins' rows."""
    scenario, inputs = case(tmp_path, {"pins": [{"unit": "u1", "course": "cc_tt", "year": 2023, "seats": 2},
                                                {"unit": "u2", "course": "cc_tt", "year": 2023, "at_least": 1}]})
    with pytest.raises(InfeasibleError, match=r"pinned\[u1,cc_tt,2023\]: = 2.*or the pins named") as raised:
        api.solve((scenario, inputs))
    assert "seat_cap[cc_tt,all,2023]" in str(raised.value)


def test_explain_cites_the_pin_that_stops_one_more_seat(tmp_path):
    """u1 pinned to at most 1 seat in 2023 though the quota has room: its short row names the pin and its note."""
    scenario, inputs = case(tmp_path, {"pins": [{"unit": "u1", "course": "cc_tt", "year": 2023, "at_most": 1,
                                                 "note": "the district needs its staff"}]},
                            caps=[cap(2023, "cc_tt", seats_max=5), cap(2024, "cc_tt", seats_max=1)])
    result = api.solve((scenario, inputs))
    table = explain(result.allocation, result.classes, inputs, scenario, lang="en")
    pinned = table[(table["demand_id"] == "u1.a") & (table["rule"] == "pinned")]
    assert list(pinned["year"]) == [2023] and pinned["binds"].all()
    assert "at most 1 seats of Course cc_tt 2023 for Unit u1 (the district needs its staff), and they are used" in \
        pinned["detail"].iloc[0]
    unpinned = explain(result.allocation, result.classes, *api.load(tmp_path / "scenario.yaml")[::-1])
    assert "pinned" not in set(unpinned["rule"])


def test_explain_cites_a_pin_that_gave_another_unit_the_seats_of_a_full_quota(tmp_path):
    """u2 (tier t2) is pinned to both 2023 seats: u1, of the more urgent tier, is short there because of it."""
    scenario, inputs = case(tmp_path, {"pins": [{"unit": "u2", "course": "cc_tt", "year": 2023, "at_least": 2}]},
                            caps=[cap(2023, "cc_tt", seats_max=2), cap(2024, "cc_tt", seats_max=1)])
    result = api.solve((scenario, inputs))
    table = explain(result.allocation, result.classes, inputs, scenario, lang="en")
    pinned = table[(table["demand_id"] == "u1.a") & (table["rule"] == "pinned")]
    assert list(pinned["year"]) == [2023] and pinned["binds"].all()
    assert pinned["detail"].iloc[0].startswith("2 seats of Course cc_tt 2023 are decided for Unit u2 (at least 2 "
                                               "seats), and the quota Course cc_tt is used up that year")


def test_a_pin_from_the_data_folder_holds_and_is_cited(tmp_path):
    """pins.csv in the data folder: u1 gets no seat in 2024 (at_most 0); explain names the pin and its note."""
    inputs, scenario = write_instance(tmp_path, units=UNITS, courses=COURSES, caps=CAPS, demand=DEMAND,
                                      pins=[{"unit_id": "u1", "course": "cc_tt", "year": 2024, "at_most": 0,
                                             "note": "Đã cử đi học nơi khác"}])
    result = api.solve((scenario, inputs))
    assert seats_of(result.allocation, demand_id="u1.a", year=2024) == 0
    table = explain(result.allocation, result.classes, inputs, scenario, lang="en")
    assert table.loc[table["rule"] == "pinned", "detail"].iloc[0] == (
        "The planner decided at most 0 seats of Course cc_tt 2024 for Unit u1 (Đã cử đi học nơi khác), and they are "
        "used.")


# --- past years: frozen at the reference plan before plan_from_year -------------------------------------------


def test_years_before_plan_from_year_keep_the_reference_plan_and_explain_says_they_are_past(tmp_path):
    """The reference gave u2 both 2023 seats; from 2024 on the plan is made again, so 2023 stays as it was."""
    (tmp_path / "plan.csv").write_text("demand_id,year,course_id,seats\nu2.a,2023,cc_tt,2\nu2.a,2024,cc_tt,0\n",
                                       encoding="utf-8")
    scenario, inputs = case(tmp_path, {"reference": "plan.csv", "plan_from_year": 2024})
    assert inputs.past_years == (2023,)
    result = api.solve((scenario, inputs))
    assert seats_of(result.allocation, year=2023, demand_id="u2.a") == 2
    assert seats_of(result.allocation, year=2024, demand_id="u1.a") == 2
    table = explain(result.allocation, result.classes, inputs, scenario, lang="en")
    past = table[(table["rule"] == "frozen_years") & (table["demand_id"] == "u1.a")]
    assert list(past["year"]) == [2023] and "2023 is past (the plan is made again from 2024)" in past["detail"].iloc[0]
