"""Balinski–Young properties of plans and methods: the quota rule, Alabama and population paradoxes, the files."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from tiny import cap, course, demand, unit, write_instance

from optimizer import api
from optimizer.analyses.baselines import baseline
from optimizer.analyses.properties import (
    Plan,
    house_paradoxes,
    population_paradoxes,
    properties,
    properties_files,
    quota_table,
    quota_violations,
)


def plan(name: str, seats: dict[str, int], counts: dict[str, int], kind: str = "solve") -> Plan:
    """One family "f", one tier, a demand row per unit; ``seats`` per unit in 2023."""
    rows = pd.DataFrame({"unit_id": list(counts), "family": "f", "tier": "t1", "count": list(counts.values())},
                        index=pd.Index([f"{u}.a" for u in counts], name="demand_id"))
    assignments = pd.DataFrame({"demand_id": [f"{u}.a" for u in seats], "year": 2023, "course_id": "c",
                                "seats": list(seats.values())})
    return Plan(name, kind, assignments, rows)


def test_quota_table_gives_each_unit_its_exact_share_of_the_family_seats():
    table = quota_table(plan("p", {"A": 6, "B": 3, "C": 1}, {"A": 12, "B": 5, "C": 3}))
    family = table[table["level"] == "family"]
    assert family[["unit_id", "demand", "seats", "quota", "floor", "ceiling"]].values.tolist() == [
        ["A", 12, 6, 6.0, 6, 6], ["B", 5, 3, 2.5, 2, 3], ["C", 3, 1, 1.5, 1, 2]]
    assert set(table["level"]) == {"family", "family_tier"}


def test_a_plan_within_floor_and_ceiling_of_every_quota_has_no_quota_violation():
    assert quota_violations(plan("p", {"A": 6, "B": 3, "C": 1}, {"A": 6, "B": 3, "C": 1})).empty


def test_a_plan_that_gives_one_unit_more_than_its_ceiling_violates_quota_for_it_and_the_unit_short_of_its_floor():
    found = quota_violations(plan("p", {"A": 8, "B": 1, "C": 1}, {"A": 6, "B": 3, "C": 1}))
    assert found[found["level"] == "family"][["unit_id", "seats", "floor", "ceiling"]].values.tolist() == [
        ["A", 8, 6, 6], ["B", 1, 3, 3]]


def test_population_paradox_a_unit_whose_demand_doubled_loses_a_seat_to_one_whose_demand_barely_grew():
    before = plan("before", {"A": 5, "B": 5}, {"A": 10, "B": 10})
    after = plan("after", {"A": 4, "B": 6}, {"A": 20, "B": 11})
    found = population_paradoxes(before, after)
    assert found[["unit_id", "seats_before", "seats_after", "gainers", "example_gainer"]].values.tolist() == [
        ["A", 5, 4, 1, "B"]]


def test_no_population_paradox_when_the_faster_growing_unit_gains_or_the_house_changes():
    before = plan("before", {"A": 5, "B": 5}, {"A": 10, "B": 10})
    assert population_paradoxes(before, plan("after", {"A": 6, "B": 4}, {"A": 20, "B": 11})).empty
    assert population_paradoxes(before, plan("after", {"A": 4, "B": 7}, {"A": 20, "B": 11})).empty  # 11 seats


def alabama(tmp_path, house: int = 10):
    """Weights 6, 6, 2: at 10 seats Hamilton gives 4, 4, 2; at 11 seats 5, 5, 1 (the Alabama paradox)."""
    units = [unit("u1"), unit("u2"), unit("u3")]
    rows = [demand("u1.a", "u1", 6), demand("u2.a", "u2", 6), demand("u3.a", "u3", 2)]
    return write_instance(tmp_path, units=units, courses=[course("cc_tt", "full_time")],
                          caps=[cap(2023, "cc_tt", seats_max=house)], demand=rows, years=(2023,))


def test_hamilton_shows_the_alabama_paradox_on_a_quota_cell_and_webster_does_not(tmp_path):
    inputs, scenario = alabama(tmp_path)
    tiers = list(inputs.tiers.index)
    found, cells, houses = house_paradoxes(baseline("hamilton", inputs, scenario), tiers, span=1)
    assert found[["house", "unit_id", "seats_before", "seats_after"]].values.tolist() == [[10, "u3", 2, 1]]
    assert (cells, houses) == (1, 3)
    assert house_paradoxes(baseline("webster", inputs, scenario), tiers, span=1)[0].empty


def test_properties_summarises_plans_and_methods_and_renders_files_identically(tmp_path):
    inputs, scenario = alabama(tmp_path)
    solved = api.solve((scenario, inputs))
    measured = Plan("tiny", "solve", solved.allocation, inputs.demand)
    report = properties([measured], inputs, scenario, methods=("hamilton", "webster"), span=1)
    assert report.summary["plan"].tolist() == ["tiny", "tiny-hamilton", "tiny-webster"]
    assert report.summary["house_paradoxes"].tolist()[1:] == [1, 0] and pd.isna(report.summary.loc[0, "house_paradoxes"])
    files = properties_files(report, span=1, lang="en")
    assert set(files) == {"properties_summary.csv", "quota_rule.csv", "house_paradoxes.csv",
                          "population_paradoxes.csv", "properties.xlsx", "properties.png", "properties.svg"}
    assert properties_files(report, span=1, lang="en") == files
    book = openpyxl.load_workbook(io.BytesIO(properties_files(report, span=1)["properties.xlsx"]))
    assert book.sheetnames == ["Tổng hợp", "Quy tắc phần chia", "Nghịch lý Alabama", "Nghịch lý nhu cầu"]
    assert [c.value for c in book["Nghịch lý Alabama"][1]][5:7] == ["Mã đơn vị", "Đơn vị"]
    assert book["Tổng hợp"]["B2"].value == "tối ưu hóa" and book["Tổng hợp"]["B3"].value == "phương pháp hamilton"


@pytest.mark.parametrize("bad", ["webster,condorcet", "all,webster"])
def test_cli_properties_refuses_an_unknown_method_with_exit_2(tmp_path, capsys, bad):
    from optimizer.cli import main

    alabama(tmp_path / "in")
    status = main(["properties", str(tmp_path / "in" / "scenario.yaml"), "--methods", bad, "--out",
                   str(tmp_path / "out")])
    assert status == 2 and "unknown method" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
