"""One demand workbook per unit: names in drop-downs, protection, validations, derived ids, stable bytes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from optimizer.inputs.data import load_inputs
from optimizer.inputs.unit_forms import (
    FIRST_ROW,
    HEADER_ROW,
    KEYS,
    LISTS_SHEET,
    UNIT_CELL,
    derived_ids,
    form_file_names,
    unit_form,
    unit_forms,
)

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "nam_dinh_2023_2025"
DEMAND = "Nhu cầu"


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(BUNDLED)


@pytest.fixture(scope="module")
def forms() -> dict[str, bytes]:
    return unit_forms(BUNDLED)


@pytest.fixture(scope="module")
def y_yen(forms):
    return openpyxl.load_workbook(io.BytesIO(forms["huyen_uy_y_yen.xlsx"]))


def test_every_unit_gets_one_workbook_named_after_the_unit_in_plain_ascii(forms, inputs):
    assert len(forms) == len(inputs.units) == 45
    assert list(forms)[:4] == ["thanh_uy_nam_dinh.xlsx", "huyen_uy_my_loc.xlsx", "huyen_uy_vu_ban.xlsx",
                               "huyen_uy_y_yen.xlsx"]
    assert all(re.fullmatch(r"[a-z0-9_]+\.xlsx", name) for name in forms)


def test_two_units_of_the_same_name_get_distinct_file_names():
    units = pd.DataFrame({"name": ["Sở Nội vụ", "Sở  nội vụ", "Ban Dân vận"]}, index=["a", "b", "c"])
    assert form_file_names(units) == {"a": "so_noi_vu.xlsx", "b": "so_noi_vu_2.xlsx", "c": "ban_dan_van.xlsx"}


def test_the_workbook_is_byte_identical_on_every_call(forms, inputs):
    assert unit_form(inputs, "y_yen") == forms["huyen_uy_y_yen.xlsx"]
    assert unit_form(inputs, "y_yen") == unit_form(inputs, "y_yen")
    assert unit_form(inputs, "y_yen", lang="en") != forms["huyen_uy_y_yen.xlsx"]


def test_the_demand_sheet_is_prefilled_with_the_units_rows_as_names_never_codes(y_yen, inputs):
    sheet = y_yen[DEMAND]
    assert sheet[UNIT_CELL].value == "Huyện ủy Ý Yên"
    rows = inputs.demand[inputs.demand["unit_id"] == "y_yen"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=FIRST_ROW, max_col=len(KEYS))
              if row[1].value is not None]
    assert len(values) == len(rows)
    first = rows.iloc[0]
    assert values[0] == ["Huyện ủy Ý Yên", inputs.families.loc[first["family"], "name"],
                         inputs.tiers.loc[first["tier"], "name"], "Khối Đảng" if first["block"] == "party"
                         else "Khối Chính quyền", int(first["count"]), int(first["earliest_year"]),
                         int(first["deadline_year"]), "có" if first["full_time_only"] else "không"]
    codes = set(inputs.units.index) | set(inputs.families.index) | set(inputs.tiers.index) | {"party", "government"}
    shown = {v for row in values for v in row if isinstance(v, str)}
    assert not shown & codes


def test_the_drop_down_lists_hold_names_and_the_unit_only_its_own(y_yen, inputs):
    sheet, lists = y_yen[DEMAND], y_yen[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    by_column = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type == "list":
            letter = str(validation.sqref).split(":")[0].rstrip("0123456789")
            ref = re.fullmatch(r"lists!\$([A-Z])\$2:\$[A-Z]\$(\d+)", validation.formula1)
            by_column[letter] = [lists[f"{ref[1]}{row}"].value for row in range(2, int(ref[2]) + 1)]
            assert validation.errorStyle == "stop" and validation.showErrorMessage
    assert set(by_column) == {"A", "B", "C", "D", "H"}
    assert by_column["A"] == ["Huyện ủy Ý Yên"]
    assert by_column["B"] == list(inputs.families["name"])
    assert by_column["C"] == list(inputs.tiers["name"])
    assert by_column["D"] == ["Khối Đảng", "Khối Chính quyền"]
    assert by_column["H"] == ["có", "không"]


def test_every_number_cell_is_validated_as_a_whole_number_with_a_vietnamese_message(y_yen):
    sheet = y_yen[DEMAND]
    whole = {str(v.sqref).split(":")[0].rstrip("0123456789"): v for v in sheet.data_validations.dataValidation
             if v.type == "whole"}
    assert set(whole) == {"E", "F", "G"}
    assert (whole["E"].formula1, whole["F"].formula1, whole["F"].formula2) == ("0", "2023", "2025")
    assert whole["G"].formula1 == "2023"
    assert "số nguyên" in whole["E"].error and "2023 đến 2025" in whole["F"].error
    for letter, validation in whole.items():
        assert str(validation.sqref) == f"{letter}{FIRST_ROW}:{letter}{sheet.max_row}"


def test_only_the_cells_to_fill_are_unlocked_and_the_structure_is_protected(y_yen):
    assert y_yen.security.lockStructure
    sheet = y_yen[DEMAND]
    assert sheet.protection.sheet and not sheet.protection.password
    assert not sheet.protection.insertRows and not sheet.protection.deleteRows  # allowed
    assert sheet.cell(HEADER_ROW, 2).protection.locked and sheet[UNIT_CELL].protection.locked
    assert not sheet.cell(FIRST_ROW, 2).protection.locked
    assert not sheet.cell(sheet.max_row, len(KEYS)).protection.locked  # the empty rows left for additions
    assert y_yen["Hướng dẫn"].protection.sheet


def test_the_instructions_say_what_to_fill_and_who_to_send_it_to(y_yen, inputs):
    text = " ".join(str(c.value) for row in y_yen["Hướng dẫn"].iter_rows() for c in row if c.value is not None)
    assert "Huyện ủy Ý Yên" in text and "Ban Tổ chức Tỉnh ủy" in text and "2023–2025" in text
    assert all(name in text for name in inputs.tiers["name"])
    sent = openpyxl.load_workbook(io.BytesIO(unit_form(inputs, "y_yen", send_to="Văn phòng Tỉnh ủy")))
    assert "Văn phòng Tỉnh ủy" in " ".join(str(c.value) for row in sent["Hướng dẫn"].iter_rows() for c in row)


def test_ids_come_from_the_row_with_ft_for_full_time_only_and_a_number_for_repeats():
    rows = pd.DataFrame({"unit_id": ["u", "u", "u", "u"], "family": ["cc"] * 4, "tier": ["t1"] * 4,
                         "block": ["party"] * 4, "full_time_only": [False, True, False, False]})
    assert list(derived_ids(rows)) == ["u.cc.t1.party", "u.cc.t1.party.ft", "u.cc.t1.party.2", "u.cc.t1.party.3"]


def test_derived_ids_match_the_bundled_ids_but_for_the_full_time_key_post_rows(inputs):
    demand = inputs.demand.reset_index()
    ours = derived_ids(demand)
    differ = demand[ours.values != demand["demand_id"].values]
    assert len(differ) == 109  # data/README.md: the bundled key-post rows are all full-time and carry no .ft
    assert set(differ["tier"]) == {"key_post"} and differ["full_time_only"].all()
    assert (ours[differ.index] == differ["demand_id"] + ".ft").all()
