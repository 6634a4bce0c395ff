"""What steps 4–6 show, without Streamlit: numbers, folder labels, quota lines, progress, tables with names."""

from __future__ import annotations

import json

import pandas as pd

from optimizer import api
from optimizer.app import views


def test_numbers_read_the_vietnamese_way_in_vietnamese():
    assert views.number(12988, "vi") == "12.988" and views.number(12988, "en") == "12,988"
    assert views.percent(0.9491, "vi") == "94,9%" and views.percent(0.9491, "en") == "94.9%"
    assert views.number(None, "vi") == "–" and views.percent(float("nan"), "vi") == "–"


def test_a_result_folder_is_named_by_its_scenario_and_question(tmp_path):
    folder = tmp_path / "cut_2"
    folder.mkdir()
    (folder / "summary.json").write_text(json.dumps({"scenario": {"name": "cut", "question": "Nếu giảm?"}}))
    assert views.folder_label(folder) == "cut: Nếu giảm? [cut_2]"
    assert views.folder_label(tmp_path / "missing") == "missing"
    other = tmp_path / "other"
    assert views.ordered_results([other, folder], str(folder)) == [folder, other]


def test_quota_lines_are_named_with_their_bounds_and_lines_without_a_maximum_are_left_out():
    quotas = pd.DataFrame({"year": [2023, 2023, 2023], "target_name": ["Cao cấp TT", "Trung cấp", "Thạc sĩ"],
                           "block_name": ["Chung", "Chung", "Khối Đảng"],
                           "seats_min": pd.array([None, 250, 5], dtype="Int64"),
                           "seats_max": pd.array([40, None, None], dtype="Int64"),
                           "classes_min": pd.array([None, None, None], dtype="Int64"),
                           "classes_max": pd.array([None, 5, None], dtype="Int64"),
                           "target": ["cao_cap_tt", "trung_cap", "thac_si"], "block": ["all", "all", "party"]})
    lines = views.quota_lines(quotas, "vi")
    assert lines == {(2023, "cao_cap_tt", "all"): "2023 · Cao cấp TT · Chung (≤ 40 chỗ)",
                     (2023, "trung_cap", "all"): "2023 · Trung cấp · Chung (≤ 5 lớp)"}


def test_progress_is_the_last_done_of_total():
    assert views.progress_of([], "vi") == (0.0, "")
    fraction, text = views.progress_of([(0, 4, "start"), (3, 4, "x")], "en")
    assert fraction == 0.75 and text.startswith("3/4")


def test_the_sensitivity_table_names_courses_blocks_changes_and_tiers():
    words = api.vocabulary(api.load(api.SCENARIOS / "baseline.yaml")[1], "vi")
    table = pd.DataFrame({"year": [2023], "target": ["cao_cap_tt"], "block": ["all"], "change": ["one_more_seat"],
                          "quota_before": [40], "quota_after": pd.array([41], dtype="Int64"), "status": ["optimal"],
                          "note": [""], "delta[serving]": pd.array([0], dtype="Int64"),
                          "delta_total": pd.array([1], dtype="Int64")})
    shown = views.sensitivity_view(table, words, "vi")
    row = shown.iloc[0]
    assert row["Khóa học / loại hình"] == "Cao cấp LLCT hệ tập trung" and row["Thay đổi"] == "Thêm 1 chỗ"
    assert row["Khối"] == words.blocks["all"] and f"Đáp ứng thêm: {words.tiers['serving']}" in shown.columns
    assert row["Kết quả giải"] == api.status_words("optimal", "vi")


def test_reasons_take_the_unit_of_each_demand_row_in_order():
    table = pd.DataFrame({"demand_id": ["a.1", "a.1", "b.1"], "unit_id": ["a", "a", "b"]})
    rows = views.explanation_rows(table, ["câu a", "câu b"], {"a": "Đơn vị A", "b": "Đơn vị B"}, "vi")
    assert rows["Đơn vị"].tolist() == ["Đơn vị A", "Đơn vị B"] and rows["Lý do"].tolist() == ["câu a", "câu b"]


def test_mixed_columns_become_text_for_the_table():
    shown = views.as_text(pd.DataFrame({"v": [40, "có", None]}))
    assert shown["v"].tolist() == ["40", "có", ""]


def test_a_comparison_sheet_leads_with_the_short_name_and_drops_the_long_question():
    sheet = pd.DataFrame({"Câu hỏi": ["Nếu giảm?"], "Đơn vị": ["Huyện A"], "Năm": [2024], "Được thêm": [1234],
                          "Tỷ lệ": [0.5], "Tên ngắn": ["cut"]})
    shown = views.scenario_first(sheet, ["base", "cut"], ["Nếu giảm?", "Gốc"], "vi")
    assert shown.columns.tolist() == ["Tên ngắn", "Đơn vị", "Năm", "Được thêm", "Tỷ lệ"]
    assert shown.iloc[0].tolist() == ["cut", "Huyện A", 2024, "1.234", "50,0%"]
