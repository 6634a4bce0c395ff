"""Demand rows derived from named cadres under the eligibility table of the regulation in force."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from optimizer.errors import InputError
from optimizer.inputs import schema
from optimizer.inputs.cadres import PACKAGE_FOLDER, read_eligibility
from optimizer.inputs.data import load_inputs

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "scenarios" / "inputs" / "nam_dinh_cadres"
HEADER = [c.name for c in schema.CADRES.columns]


def person(cadre_id, sex, birth_year, family="trung_cap", tier="leader_pool", earliest=2023, deadline=2027,
           unit="y_yen", block="party"):
    return [cadre_id, unit, f"Cán bộ mẫu {cadre_id}", sex, birth_year, tier, family, block, earliest, deadline, ""]


@pytest.fixture
def folder(tmp_path) -> Path:
    copy = tmp_path / "cadres_folder"
    shutil.copytree(EXAMPLE, copy)
    return copy


def write_people(folder: Path, rows: list[list]) -> None:
    pd.DataFrame(rows, columns=HEADER).to_csv(folder / "cadres.csv", index=False)


def test_the_package_table_holds_both_regulations_and_flags_350s_advanced_floor_pending():
    table, (name, _) = read_eligibility(PACKAGE_FOLDER / "nowhere")
    assert name.startswith("(package)")
    floors = table[table["mode"] == "part_time"].set_index(["regulation", "family", "sex"])
    assert floors.loc[("57-QĐ/TW", "trung_cap", "female"), "min_age"] == 33
    assert floors.loc[("57-QĐ/TW", "trung_cap", "male"), "min_age"] == 35
    assert floors.loc[("57-QĐ/TW", "cao_cap", "female"), "min_age"] == 38
    assert floors.loc[("57-QĐ/TW", "cao_cap", "male"), "min_age"] == 40
    assert floors.loc[("350-QĐ/TW", "trung_cap", "female"), "min_age"] == 28
    assert floors.loc[("350-QĐ/TW", "trung_cap", "male"), "min_age"] == 30
    pending = floors[floors["status"] == "pending"]
    assert sorted(pending.index) == [("350-QĐ/TW", "cao_cap", "female"), ("350-QĐ/TW", "cao_cap", "male")]
    assert list(pending["min_age"]) == [38, 40]


def test_a_cadre_below_the_part_time_floor_in_the_earliest_year_is_full_time_only(folder):
    write_people(folder, [person("a", "male", 2023 - 34), person("b", "male", 2023 - 35),
                          person("c", "female", 2023 - 33)])
    inputs = load_inputs(folder)
    assert inputs.cadres.loc["a", "full_time_only"] and not inputs.cadres.loc["b", "full_time_only"]
    assert not inputs.cadres.loc["c", "full_time_only"]
    demand = inputs.demand
    assert demand.loc["y_yen.trung_cap.leader_pool.party.ft.2023-2027", "count"] == 1
    assert demand.loc["y_yen.trung_cap.leader_pool.party.2023-2027", "count"] == 2
    assert inputs.cadres.loc["a", "demand_id"] == "y_yen.trung_cap.leader_pool.party.ft.2023-2027"


def test_350_lowers_the_intermediate_floor_so_the_same_man_may_study_part_time(folder):
    write_people(folder, [person("a", "male", 2023 - 31)])
    assert load_inputs(folder).cadres.loc["a", "full_time_only"]
    assert not load_inputs(folder, regulation="350-QĐ/TW").cadres.loc["a", "full_time_only"]


def test_a_folders_own_eligibility_table_replaces_the_packages(folder):
    write_people(folder, [person("a", "male", 2023 - 31)])
    own = pd.read_csv(PACKAGE_FOLDER / "eligibility.csv", dtype=str, keep_default_na=False)
    own.loc[(own["regulation"] == "57-QĐ/TW") & (own["family"] == "trung_cap") & (own["mode"] == "part_time"),
            "min_age"] = "30"
    own.to_csv(folder / "eligibility.csv", index=False)
    inputs = load_inputs(folder)
    assert not inputs.cadres.loc["a", "full_time_only"]
    assert ("eligibility.csv", inputs.file_hashes[-1][1]) in inputs.file_hashes


def test_a_cadre_who_can_take_neither_mode_is_refused_naming_the_row(folder):
    courses = pd.read_csv(folder / "courses.csv", dtype=str, keep_default_na=False)
    courses[courses["course_id"] != "trung_cap_tt"].to_csv(folder / "courses.csv", index=False)
    caps = pd.read_csv(folder / "caps.csv", dtype=str, keep_default_na=False)
    caps[caps["target"] != "trung_cap_tt"].to_csv(folder / "caps.csv", index=False)
    write_people(folder, [person("old", "male", 1970), person("young", "male", 2023 - 25)])
    with pytest.raises(InputError) as caught:
        load_inputs(folder)
    text = str(caught.value)
    assert "cadres.csv, row 3, column birth_year" in text and "young" in text and "part-time floor 35" in text


def test_both_demand_and_cadres_are_refused_when_they_disagree_and_read_when_they_agree(folder):
    write_people(folder, [person("a", "male", 1970), person("b", "male", 1971)])
    derived = load_inputs(folder).demand.reset_index()
    derived[[c.name for c in schema.DEMAND.columns]].to_csv(folder / "demand.csv", index=False)
    assert load_inputs(folder).demand["count"].sum() == 2
    derived.loc[0, "count"] = 3
    derived[[c.name for c in schema.DEMAND.columns]].to_csv(folder / "demand.csv", index=False)
    with pytest.raises(InputError, match="both demand.csv and cadres.csv"):
        load_inputs(folder)


def test_an_unknown_unit_in_cadres_is_refused_at_its_line(folder):
    write_people(folder, [person("a", "male", 1970), person("b", "male", 1970, unit="atlantis")])
    with pytest.raises(InputError, match=r"cadres.csv, row 3, column unit_id.*unknown unit_id 'atlantis'"):
        load_inputs(folder)
