"""Tests of analyses/compare_sheets.py: the sheets of comparison.xlsx name every unit, family, course, tier,
stage and rule (ids only in columns at the right), name scenarios by their question, split each unit's change into
seats gained and lost per year, and show years as years and shares as percentages. The result folders are
test_compare's hand-made ones."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from test_compare import COURSES, FAMILIES, TIERS, UNITS, baseline, more_tc, read_result, tight, write_result

from optimizer import encode
from optimizer.analyses.compare import compare, comparison_files


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    root = tmp_path_factory.mktemp("results")
    return compare([read_result(f) for f in (baseline(root), more_tc(root), tight(root))])


@pytest.fixture(scope="module")
def files(comparison) -> dict[str, dict[str, bytes]]:
    return {lang: comparison_files(comparison, lang=lang) for lang in ("vi", "en")}


# Every id of the hand-made inputs: a visible cell of the workbook names these, never shows them.
IDS = {row[0] for row in UNITS} | {row[0] for row in FAMILIES} | {row[0] for row in COURSES} | {row[0] for row in TIERS}
# The columns that carry ids (and scenarios' short names), kept at the right of each sheet.
ID_HEADERS = {"vi": {"Mã đơn vị", "Mã loại hình", "Mã nhóm", "Mã bước", "Mã quy tắc", "Mã đối tượng", "Mã cột",
                     "Tên ngắn của kịch bản"},
              "en": {"Unit id", "Family id", "Tier id", "Stage id", "Rule id", "Subject id", "Column id",
                     "Short name of the scenario"}}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_sheet_names_units_families_courses_and_tiers_and_keeps_their_ids_only_in_columns_at_the_right(
        files, lang):
    book = openpyxl.load_workbook(io.BytesIO(files[lang]["comparison.xlsx"]))
    for sheet in book.worksheets:
        headers = [c.value for c in sheet[1]]
        is_id = [h in ID_HEADERS[lang] for h in headers]
        if sheet.title not in ("Kịch bản", "Scenarios"):  # there the short name stands beside the question
            assert is_id == sorted(is_id), f"{sheet.title}: an id column stands left of a name column: {headers}"
        for row in sheet.iter_rows(min_row=2):
            for cell, hidden in zip(row, is_id):
                words = set(re.split(r"[\s·,:;()\[\]=]+", str(cell.value or "")))
                assert not hidden and not words & IDS or hidden, f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
    assert book.worksheets[0]["A3"].value == "Nếu tăng chỉ tiêu Trung cấp năm 2024?"  # a scenario by its question
    assert book.worksheets[0]["A2"].value == "baseline"  # ... or by its name when it has none


def test_the_id_scan_finds_an_id_left_in_a_visible_column(comparison):
    """The scan above can fail: the seats table as it was before names (ids in the first columns) is caught."""
    sheet = comparison.seats.rename(columns={"unit_id": "Đơn vị"})
    book = openpyxl.load_workbook(io.BytesIO(encode.xlsx_bytes({"Số chỗ học": sheet}, index=False)))
    cells = [c.value for c in book.worksheets[0]["A"][1:]]
    assert set(cells) & IDS == {"u1", "u2", "u3"}


def test_input_changes_sheet_says_each_subject_and_column_in_words(files):
    book = openpyxl.load_workbook(io.BytesIO(files["vi"]["comparison.xlsx"]))
    rows_ = [[c.value for c in row] for row in book["Thay đổi đầu vào"].iter_rows(min_row=2)]
    question = "Nếu tăng chỉ tiêu Trung cấp năm 2024?"
    assert rows_[2] == [question, "Thay đổi khai báo trong kịch bản", "Khai báo ở units.csv", None, None,
                        "bỏ đơn vị Đảng ủy Khối Các cơ quan tỉnh", "more_tc", "u3", "units.csv"]
    assert rows_[3][1:6] == ["Thiết lập", "Giới hạn cử đi học tập trung", "Huyện ủy, Thành ủy", 8, 4]
    assert rows_[5][2:4] == ["2023 · Cao cấp lý luận chính trị · Chung · dòng 2", "Số lớp tối đa"]
    assert rows_[7][2:4] == ["Huyện ủy Mỹ Lộc · Trung cấp lý luận chính trị · Quy hoạch chức danh chủ chốt",
                             "Số cán bộ"]


def test_stage_and_rule_sheets_say_what_each_stage_and_rule_is(tmp_path):
    solved = write_result(tmp_path / "solved", "solved", [("u1.cc", 2023, "cc_tt", 2)],
                          rule_violations={"class_size": 0})
    naive = write_result(tmp_path / "naive", "naive", [("u1.cc", 2023, "cc_tt", 2)], rule_violations={"class_size": 3})
    book = openpyxl.load_workbook(io.BytesIO(comparison_files(compare([read_result(solved), read_result(naive)]))[
        "comparison.xlsx"]))
    assert [c.value for c in book["Các bước tối ưu"]["A"][1:]] == [
        "Số chỗ cho nhóm: Đương chức chưa đạt chuẩn", "Số chỗ cho nhóm: Quy hoạch chức danh chủ chốt",
        "Công bằng giữa các đơn vị: Đương chức chưa đạt chuẩn"]
    assert [c.value for c in book["Vi phạm quy tắc"][2]] == ["Sĩ số và số lớp", 0, 3, "class_size"]


def test_gains_losses_sheet_has_a_row_per_unit_and_year_whose_gains_minus_losses_are_the_net_and_the_families(files):
    book = openpyxl.load_workbook(io.BytesIO(files["vi"]["comparison.xlsx"]))
    sheet = book["Được thêm – Bị bớt theo năm"]
    assert [c.value for c in sheet[1]] == [
        "Câu hỏi của kịch bản", "Đơn vị", "Năm", "Được thêm (chỗ)", "Bị bớt (chỗ)", "Thay đổi ròng (thêm − bớt)",
        "Cao cấp lý luận chính trị: thay đổi", "Trung cấp lý luận chính trị: thay đổi", "Tên ngắn của kịch bản",
        "Mã đơn vị"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    question = "Nếu tăng chỉ tiêu Trung cấp năm 2024?"
    assert values[:4] == [[question, "Huyện ủy Mỹ Lộc", 2023, 5, 0, 5, None, 5, "more_tc", "u1"],
                          [question, "Huyện ủy Mỹ Lộc", 2024, 1, 0, 1, None, 1, "more_tc", "u1"],
                          [question, "Sở Nội vụ", 2023, 0, 2, -2, -2, None, "more_tc", "u2"],
                          [question, "Sở Nội vụ", 2024, 4, 0, 4, 2, 2, "more_tc", "u2"]]
    for row in values:
        assert row[3] - row[4] == row[5] == sum(v or 0 for v in row[6:8])
    assert len(values) == 4 + 1 + 3  # more_tc: u1 twice, u2 twice, u3 once; tight: three units once each


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_workbook_shows_years_as_years_and_shares_as_percentages(files, lang):
    book = openpyxl.load_workbook(io.BytesIO(files[lang]["comparison.xlsx"]))
    year = {"vi": "Năm", "en": "Year"}[lang]
    for title in (("Số chỗ học", "Được thêm – Bị bớt theo năm") if lang == "vi"
                  else ("Seats", "Gains and losses by year")):
        sheet = book[title]
        column = [c.value for c in sheet[1]].index(year)
        cells = [row[column] for row in sheet.iter_rows(min_row=2)]
        assert cells and all(c.number_format == "0" and 2023 <= c.value <= 2024 for c in cells)
    for title in ("Đáp ứng theo nhóm", "Đáp ứng theo loại hình") if lang == "vi" else ("Coverage by tier",
                                                                                      "Coverage by family"):
        sheet = book[title]
        shares = [i for i, c in enumerate(sheet[1]) if c.value.endswith(("tỷ lệ", "share"))]
        assert len(shares) == 3
        for row in sheet.iter_rows(min_row=2):
            assert all(row[i].number_format == "0.0%" for i in shares)
    assert book[{"vi": "Đáp ứng theo nhóm", "en": "Coverage by tier"}[lang]]["B2"].number_format == "#,##0"
