"""plan_from_year: written, or the year of the date the scenario is planned on when it has a reference plan (the
date passed in, never read from a global); the years before it keep the reference plan; validate's warnings when
a what-if would re-plan a year already past."""

from __future__ import annotations

import datetime

import pytest
import yaml
from tiny import write_instance

from optimizer import api
from optimizer.errors import InputError
from optimizer.inputs.past import replan_warnings
from optimizer.inputs.scenario import load_scenario

PLAN = "demand_id,year,course_id,seats\nu1.a,2023,cc_tt,1\n"
SPRING_2024 = datetime.date(2024, 5, 1)


def scenario_file(tmp_path, years=(2023, 2024), **keys):
    write_instance(tmp_path, years=years)
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8")
    path = tmp_path / "what_if.yaml"
    path.write_text(yaml.safe_dump({"extends": "scenario.yaml", **keys}), encoding="utf-8")
    return path


@pytest.mark.parametrize(("today", "first", "past"), [
    (datetime.date(2022, 12, 31), 2023, ()), (SPRING_2024, 2024, (2023,)), (datetime.date(2031, 1, 1), 2024, (2023,))],
    ids=["before the plan", "during it", "after it (clamped)"])
def test_with_a_reference_plan_from_year_defaults_to_the_year_of_the_date_passed_in(tmp_path, today, first, past):
    path = scenario_file(tmp_path, reference="plan.csv")
    scenario, inputs = api.load(path, today=today)
    assert scenario.plan_from_year == first and inputs.past_years == past
    assert scenario.as_dict()["plan_from_year"] == first


def test_the_scenarios_own_today_wins_over_the_date_passed_in(tmp_path):
    path = scenario_file(tmp_path, reference="plan.csv", today="2024-02-01")
    scenario = load_scenario(path, today=datetime.date(2030, 1, 1))
    assert (scenario.plan_from_year, scenario.today) == (2024, datetime.date(2024, 2, 1))
    assert scenario.as_dict()["today"] == "2024-02-01"


def test_a_written_plan_from_year_is_kept_whatever_the_date(tmp_path):
    path = scenario_file(tmp_path, reference="plan.csv", plan_from_year=2023)
    assert load_scenario(path, today=datetime.date(2030, 1, 1)).plan_from_year == 2023


def test_without_a_reference_plan_there_is_no_plan_from_year_and_no_record_of_it(tmp_path):
    scenario = load_scenario(scenario_file(tmp_path), today=datetime.date(2030, 1, 1))
    assert scenario.plan_from_year is None and "plan_from_year" not in scenario.as_dict()


def test_years_frozen_at_actuals_are_not_kept_at_the_reference_as_well(tmp_path):
    (tmp_path / "actuals.csv").write_text(PLAN, encoding="utf-8")
    path = scenario_file(tmp_path, reference="plan.csv", plan_from_year=2024,
                         frozen={"actuals": "actuals.csv", "years": [2023]})
    _scenario, inputs = api.load(path)
    assert inputs.frozen_years == (2023,) and inputs.past_years == ()
    assert [w.code for w in inputs.warnings] == []


def test_years_kept_at_the_reference_are_a_plan_warning(tmp_path):
    _, inputs = api.load(scenario_file(tmp_path, reference="plan.csv", plan_from_year=2024))
    assert [(w.code, w.subject) for w in inputs.warnings] == [("past_years_kept", "2023")]
    assert "keep the 1 seats of the reference plan" in inputs.warnings[0].message


@pytest.mark.parametrize(("keys", "message"), [
    ({"plan_from_year": 2024}, (r"key plan_from_year: the years before 2024 \(2023\) need the adopted plan .*add "
                               r"'reference:'")),
    ({"reference": "plan.csv", "plan_from_year": 2025}, (r"key plan_from_year: 2025 is not one of the scenario's "
                                                        r"years 2023–2024")),
    ({"reference": "plan.csv", "today": "next spring"}, r"key today: 'next spring' is not a date"),
], ids=["no reference", "outside the years", "not a date"])
def test_a_bad_plan_from_year_or_today_is_refused_naming_the_key(tmp_path, keys, message):
    with pytest.raises(InputError, match=message):
        load_scenario(scenario_file(tmp_path, **keys))


def test_plan_from_year_without_a_reference_is_accepted_when_actuals_freeze_every_earlier_year(tmp_path):
    (tmp_path / "actuals.csv").write_text(PLAN, encoding="utf-8")
    path = scenario_file(tmp_path, plan_from_year=2024, frozen={"actuals": "actuals.csv", "years": [2023]})
    assert load_scenario(path).past_years == (2023,)


# --- validate's warnings ---------------------------------------------------------------------------------------


def test_a_what_if_without_a_reference_whose_years_are_all_past_is_warned_once_in_vietnamese(tmp_path):
    path = scenario_file(tmp_path, caps=[{"target": "cc_tt", "set": {"seats_max": 3}}])
    found = replan_warnings(load_scenario(path), today=datetime.date(2026, 1, 5))
    assert found == [("cảnh báo: mọi năm của kịch bản (2023–2024) đều đã qua (ngày lập 2026-01-05) nhưng kịch bản "
                     "không có kế hoạch tham chiếu, nên các thay đổi lập lại cả các năm đã thực hiện; thêm "
                     "'reference:' (kế hoạch đã giao) và 'plan_from_year:' (năm bắt đầu lập lại)")]


def test_a_change_reaching_a_past_year_that_nothing_fixes_is_warned_naming_the_change(tmp_path):
    path = scenario_file(tmp_path, caps=[{"target": "cc_tt", "years": [2024], "set": {"seats_max": 3}},
                                         {"target": "cc_tt", "years": [2023], "set": {"seats_max": 3}}])
    found = replan_warnings(load_scenario(path), today=SPRING_2024)
    assert len(found) == 1 and found[0].startswith("cảnh báo: thay đổi caps[1] (")
    assert "năm 2023, là năm đã qua (ngày lập 2024-05-01)" in found[0] and "'plan_from_year: 2024'" in found[0]


def test_no_warning_when_the_past_years_are_kept_or_there_is_no_change(tmp_path):
    kept = scenario_file(tmp_path, reference="plan.csv", caps=[{"target": "cc_tt", "set": {"seats_max": 3}}])
    assert replan_warnings(load_scenario(kept, today=SPRING_2024), today=SPRING_2024) == []
    assert replan_warnings(load_scenario(tmp_path / "scenario.yaml"), today=datetime.date(2030, 1, 1)) == []
    future = scenario_file(tmp_path, caps=[{"target": "cc_tt", "set": {"seats_max": 3}}])
    assert replan_warnings(load_scenario(future), today=datetime.date(2022, 6, 1)) == []


def test_the_shipped_replan_says_plan_from_year_2024_so_its_result_does_not_depend_on_the_date():
    """replan_2024 re-plans in 2024 with 2023 frozen at the actuals, whenever it is solved."""
    for today in (datetime.date(2024, 3, 1), datetime.date(2031, 1, 1)):
        scenario, inputs = api.load("scenarios/replan_2024.yaml", today=today)
        assert scenario.plan_from_year == 2024 and inputs.frozen_years == (2023,) and inputs.past_years == ()
