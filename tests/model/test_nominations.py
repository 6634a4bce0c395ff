"""Named nominations: the fixed order within a demand row, and the solver-free check of every name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from optimizer.inputs import schema
from optimizer.inputs.data import load_inputs
from optimizer.model.nominations import check_nominations, nominate

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "scenarios" / "inputs" / "nam_dinh_cadres"
HEADER = [c.name for c in schema.CADRES.columns]
ROW = "y_yen.trung_cap.leader_pool.party.2023-2027"
YOUNG_ROW = "y_yen.trung_cap.leader_pool.party.ft.2023-2027"


def person(cadre_id, sex, birth_year, deadline=2027):
    return [cadre_id, "y_yen", f"Cán bộ mẫu {cadre_id}", sex, birth_year, "leader_pool", "trung_cap", "party",
            2023, deadline, ""]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nominations") / "data"
    shutil.copytree(EXAMPLE, folder)
    people = [person("p3", "male", 1970), person("p1", "female", 1980), person("p2", "male", 1970),
              person("young", "male", 2000)]
    pd.DataFrame(people, columns=HEADER).to_csv(folder / "cadres.csv", index=False)
    return load_inputs(folder)


def plan(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["demand_id", "year", "course_id", "seats"])


def test_earlier_seats_go_to_the_oldest_then_by_cadre_id(inputs):
    named = nominate(plan((ROW, 2023, "trung_cap_ktt", 1), (ROW, 2024, "trung_cap_ktt", 2)), inputs)
    by_person = named.set_index("cadre_id")["year"].to_dict()
    assert by_person == {"p2": 2023, "p3": 2024, "p1": 2024}  # 1970 twice: p2 before p3; then the 1980 woman
    assert list(named.columns) == ["cadre_id", "name", "unit_id", "course_id", "year", "mode"]
    assert set(named["mode"]) == {"part_time"}


def test_a_plan_the_rules_allow_names_people_who_all_qualify(inputs):
    allocation = plan((ROW, 2023, "trung_cap_ktt", 3), (YOUNG_ROW, 2023, "trung_cap_tt", 1))
    assert check_nominations(nominate(allocation, inputs), allocation, inputs).empty


def test_a_cadre_below_the_floor_named_for_a_part_time_course_is_found(inputs):
    allocation = plan((YOUNG_ROW, 2023, "trung_cap_tt", 1))
    named = nominate(allocation, inputs).assign(course_id="trung_cap_ktt", mode="part_time")
    found = check_nominations(named, allocation, inputs)
    assert list(found["subject"]) == ["young"] and "below the part-time floor 35 of 57-QĐ/TW" in found["detail"][0]


def test_a_cadre_named_twice_or_for_another_family_or_seats_without_people_are_found(inputs):
    allocation = plan((ROW, 2023, "trung_cap_ktt", 3))
    named = nominate(allocation, inputs)
    twice = pd.concat([named, named.iloc[[0]]], ignore_index=True)
    assert "named for more than one seat" in set(check_nominations(twice, allocation, inputs)["detail"])
    other = named.assign(course_id=["cao_cap_ktt"] + list(named["course_id"][1:]))
    assert any("not of the cadre's family" in d for d in check_nominations(other, allocation, inputs)["detail"])
    too_many = plan((ROW, 2023, "trung_cap_ktt", 4))
    found = check_nominations(nominate(too_many, inputs), too_many, inputs)
    assert list(found["subject"]) == [ROW] and "name nobody" in found["detail"][0]


def test_without_cadres_there_is_nothing_to_name(inputs):
    bundled = load_inputs(REPO / "data" / "nam_dinh_2023_2025")
    assert nominate(plan(), bundled).empty
