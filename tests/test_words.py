"""Words people read and type: names by language, and names matched the way people type them."""

from __future__ import annotations

import pandas as pd

from optimizer.words import folded, matching_rows, said

UNITS = pd.DataFrame({"name": ["Huyện ủy Ý Yên", "Đảng ủy Công an tỉnh", "Sở Y tế", "Sở y tế"],
                      "name_en": ["Y Yen district", "", "Department of Health", ""]},
                     index=pd.Index(["y_yen", "cong_an", "so_y_te", "so_y_te_2"], name="unit_id"))


def test_folding_drops_accents_case_and_extra_spaces_and_reads_d_for_the_crossed_d():
    assert folded("  Đảng ủy   Công an TỈNH ") == "dang uy cong an tinh"
    assert folded("Huyện ủy Ý Yên") == folded("huyen uy y yen")


def test_a_unit_is_found_by_its_id_or_its_name_typed_with_or_without_accents():
    assert matching_rows(UNITS, "cong_an") == ["cong_an"]
    assert matching_rows(UNITS, "huyen uy y yen") == ["y_yen"]
    assert matching_rows(UNITS, "ĐẢNG ỦY CÔNG AN TỈNH") == ["cong_an"]
    assert matching_rows(UNITS, "y yen district") == ["y_yen"]


def test_a_name_two_units_share_gives_both_and_an_unknown_one_none():
    assert matching_rows(UNITS, "so y te") == ["so_y_te", "so_y_te_2"]
    assert matching_rows(UNITS, "Sở Tư pháp") == []


def test_a_recorded_text_is_said_in_vietnamese_where_the_folder_has_it_and_in_english_otherwise():
    warning = {"code": "x", "message": "the plan counts", "message_vi": "kế hoạch ghi"}
    assert said(warning, "message", "vi") == "kế hoạch ghi"
    assert said(warning, "message", "en") == "the plan counts"
    assert said({"message": "the plan counts"}, "message", "vi") == "the plan counts"  # a folder of an older version
    assert said({}, "text", "vi") == ""
