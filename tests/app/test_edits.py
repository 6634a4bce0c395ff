"""The scenario page's tables turned into scenario keys and back (``optimizer.app.edits``), without Streamlit."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from optimizer import api
from optimizer.app import edits


@pytest.fixture(scope="module")
def case():
    return api.load(api.SCENARIOS / "baseline.yaml")


@pytest.fixture(scope="module")
def quota(case):
    return api.quota_table(case[1], "vi")


@pytest.fixture(scope="module")
def words(case):
    return api.vocabulary(case[1], "vi")


def row_of(table, year, target, filled="seats_max"):
    chosen = (table["year"] == year) & (table["target"] == target) & table[filled].notna()
    return table.index[chosen][0]


def test_an_edited_quota_cell_becomes_one_caps_set_for_its_year_course_and_block(quota):
    edited = quota.copy()
    edited.loc[row_of(edited, 2024, "cao_cap_tt"), "seats_max"] = 30
    assert edits.caps_changes(quota, edited) == [
        {"target": "cao_cap_tt", "block": "all", "years": [2024], "set": {"seats_max": 30}}]


def test_an_unedited_table_makes_no_change_and_a_blanked_cell_sets_no_bound(quota):
    assert edits.caps_changes(quota, quota.copy()) == []
    edited = quota.copy()
    edited.loc[row_of(edited, 2023, "thac_si"), "seats_max"] = pd.NA
    assert edits.caps_changes(quota, edited)[0]["set"] == {"seats_max": None}


def test_lines_sharing_year_course_and_block_must_end_equal_in_an_edited_column(quota):
    # can_bo_cap_xa 2023 has a seat line (1200) and a class line (10-15): one set would give both 1000 seats
    edited = quota.copy()
    edited.loc[row_of(edited, 2023, "can_bo_cap_xa"), "seats_max"] = 1000
    with pytest.raises(api.InputError) as refused:
        edits.caps_changes(quota, edited)
    line = api.one_line(refused.value, "vi")
    assert "bảng chỉ tiêu" in line and "seats_max" in line and "cả hai dòng" in line
    # the same value on both lines is one change that moves nothing the planner did not ask for
    rows = edited.index[(edited["year"] == 2023) & (edited["target"] == "can_bo_cap_xa")]
    edited.loc[rows, "seats_max"] = 1000
    changes = edits.caps_changes(quota, edited)
    assert changes == [{"target": "can_bo_cap_xa", "block": "all", "years": [2023], "set": {"seats_max": 1000}}]
    assert edits.unexpected_cells(edited, edits.apply_caps(quota, changes)).empty


def test_keys_back_to_the_quota_table_give_the_edited_table_and_a_spill_is_seen(quota):
    edited = quota.copy()
    edited.loc[row_of(edited, 2025, "cao_cap_tt"), "seats_max"] = 25
    changes = edits.caps_changes(quota, edited)
    assert edits.unexpected_cells(edited, edits.apply_caps(quota, changes)).empty
    # a change written by hand for the whole group moves the class line too: the check names that cell
    spill = [{"target": "can_bo_cap_xa", "block": "all", "years": [2023], "set": {"seats_max": 900}}]
    wrong = edits.unexpected_cells(quota, edits.apply_caps(quota, spill))
    assert len(wrong) == 2 and set(wrong["column"]) == {"seats_max"}


def test_release_limits_keep_only_the_kinds_changed(case, words):
    table = edits.release_table(case[0].release_limits, words.kinds)
    assert set(table["kind_name"]) == set(words.kinds.values())
    assert edits.release_changes(case[0].release_limits, table) == {}
    table.loc[table["kind"] == "district", "limit"] = 10
    assert edits.release_changes(case[0].release_limits, table) == {"district": 10}


def test_tier_order_from_ranks_and_refused_when_two_tiers_share_a_rank(words):
    order = list(words.tiers)
    table = edits.tier_table(order, words.tiers)
    assert edits.tier_order(table, order) is None
    table["rank"] = [2, 1, 3, 4]
    assert edits.tier_order(table, order) == [order[1], order[0], *order[2:]]
    table["rank"] = [1, 1, 3, 4]
    with pytest.raises(api.InputError, match="own rank"):
        edits.tier_order(table, order, "en")


def test_years_kept_and_new_years_copy_a_years_quotas():
    assert edits.years_keys([2023, 2024, 2025], [2023, 2024, 2025], [], None) == {}
    assert edits.years_keys([2023, 2024, 2025], [2024, 2025], [], None) == {"years": [2024, 2025]}
    assert edits.years_keys([2023, 2024, 2025], [2025], edits.parse_years("2026-2027"), 2025) == {
        "add_years": [{"copy_caps_from": 2025, "years": [2026, 2027]}], "years": [2025, 2026, 2027]}
    with pytest.raises(api.InputError):
        edits.years_keys([2023], [], [], None)
    with pytest.raises(api.InputError, match="not a year"):
        edits.parse_years("hai nghìn", "en")


def test_pins_by_name_to_keys_and_back(words):
    table = pd.DataFrame([{"unit_name": "Huyện ủy Mỹ Lộc", "course_name": "Cao cấp LLCT hệ tập trung", "year": 2024,
                           "seats": 2, "at_least": None, "at_most": None, "note": "đã cử"},
                          {"unit_name": "Sở Y tế", "course_name": "Thạc sĩ", "year": 2025, "seats": None,
                           "at_least": 1, "at_most": 3, "note": None},
                          dict.fromkeys(edits.PIN_COLUMNS)])  # a row added and left empty
    pins = edits.pins_list(table, words.units, words.targets)
    assert pins == [{"unit": "my_loc", "course": "cao_cap_tt", "year": 2024, "seats": 2, "note": "đã cử"},
                    {"unit": "so_y_te", "course": "thac_si", "year": 2025, "at_least": 1, "at_most": 3}]
    assert edits.pins_list(edits.pins_table(pins, words.units, words.targets), words.units, words.targets) == pins


def test_a_pin_without_a_known_unit_or_a_number_is_refused_with_its_row(words):
    table = pd.DataFrame([{"unit_name": "Huyện ủy Không Có", "course_name": "Thạc sĩ", "year": 2024, "seats": 1}])
    with pytest.raises(api.InputError) as refused:
        edits.pins_list(table, words.units, words.targets)
    assert "dòng 1, cột unit_name" in api.one_line(refused.value, "vi")
    table = pd.DataFrame([{"unit_name": "Sở Y tế", "course_name": "Thạc sĩ", "year": 2024}])
    with pytest.raises(api.InputError, match="no number of seats"):
        edits.pins_list(table, words.units, words.targets, "en")


def test_merge_and_split_tables_to_units_keys_and_back(words):
    merges = pd.DataFrame([{"unit_name": "Huyện ủy Mỹ Lộc", "into_name": "Thành ủy Nam Định",
                            "date": datetime.date(2024, 9, 1)}])
    splits = pd.DataFrame([{"unit_name": "Sở Y tế", "date": datetime.date(2025, 1, 1), "new_name": "Sở Y tế A",
                            "share": 0.6},
                           {"unit_name": "Sở Y tế", "date": datetime.date(2025, 1, 1), "new_name": "Sở Y tế B",
                            "share": 0.4}])
    units = edits.units_list(merges, splits, words.units)
    assert units == [{"merge": "my_loc", "into": "tp_nam_dinh", "date": "2024-09-01"},
                     {"split": "so_y_te", "date": "2025-01-01",
                      "into": [{"unit_id": "so_y_te_a", "name": "Sở Y tế A", "share": 0.6},
                               {"unit_id": "so_y_te_b", "name": "Sở Y tế B", "share": 0.4}]}]
    back = edits.units_tables(units, words.units)
    assert edits.units_list(*back, words.units) == units
    api.variant(api.SCENARIOS / "baseline.yaml", "merged_and_split", units=units)  # the library takes them


def test_a_merge_without_a_date_is_refused(words):
    merges = pd.DataFrame([{"unit_name": "Huyện ủy Mỹ Lộc", "into_name": "Thành ủy Nam Định", "date": None}])
    with pytest.raises(api.InputError, match="date is missing"):
        edits.units_list(merges, pd.DataFrame(columns=edits.SPLIT_COLUMNS), words.units, "en")


def test_scenario_keys_leave_out_empty_edits_and_paths_are_relative(tmp_path):
    raw = edits.scenario_keys("../baseline.yaml", "x", "q?", caps=[], pins=None, release_limits={"district": 9})
    assert raw == {"extends": "../baseline.yaml", "name": "x", "question": "q?", "release_limits": {"district": 9}}
    assert edits.relative(tmp_path / "a" / "b.yaml", tmp_path / "c") == "../a/b.yaml"
