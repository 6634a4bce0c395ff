"""Tests of optimizer/workbook.py: deterministic bytes for every format and an all-or-nothing result folder."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import matplotlib
import openpyxl
import pandas as pd
import pytest
import tiny
from openpyxl.utils import get_column_letter
from sample_plans import YEARS, bundled_inputs, greedy_allocation

from optimizer import encode, files
from optimizer import files as folders
from optimizer.errors import OutputError
from optimizer.model.staged import solve
from optimizer.outputs import report, result_charts, workbook


@pytest.fixture(scope="module")
def inputs():
    return bundled_inputs()


@pytest.fixture(scope="module")
def plan(inputs):
    return greedy_allocation(inputs)


@pytest.fixture(scope="module")
def workbook_bytes(inputs, plan):
    return workbook.allocation_workbook(plan, inputs, YEARS)


# --- csv and json --------------------------------------------------------------------------------------------


def test_csv_escapes_text_that_looks_like_a_formula_but_not_negative_numbers():
    """'=SUM(A1)', '+1', '-x' and '@x' get a leading apostrophe; the number -3 and plain text stay as they are."""
    frame = pd.DataFrame({"label": ["=SUM(A1)", "+1", "-x", "@x", "Tổng cộng", None], "value": [-3, 1, 2, 3, 4, 5],
                          "share": [-0.5, 0.0, 1.0, 0.25, 0.5, 0.75]})
    lines = encode.csv_bytes(frame).decode("utf-8-sig").split("\n")
    assert lines[:7] == ["label,value,share", "'=SUM(A1),-3,-0.5", "'+1,1,0.0", "'-x,2,1.0", "'@x,3,0.25",
                         "Tổng cộng,4,0.5", ",5,0.75"]


def test_csv_is_utf8_with_a_byte_order_mark_unix_line_endings_and_no_index():
    """Vietnamese letters are UTF-8 bytes after the mark Excel needs to read them as UTF-8, lines end in \\n only
    and the index is not written."""
    data = encode.csv_bytes(pd.DataFrame({"tên": ["Huyện ủy Ý Yên"]}, index=[7]))
    assert data == b"\xef\xbb\xbf" + "tên\nHuyện ủy Ý Yên\n".encode("utf-8")
    assert b"\r" not in data


def test_two_csvs_of_one_table_with_and_without_the_mark_hold_the_same_content():
    data = encode.csv_bytes(pd.DataFrame({"a": [1]}))
    assert encode.csv_content(data) == encode.csv_content(data.removeprefix(encode.CSV_BOM)) == b"a\n1\n"
    assert encode.csv_content(data) != encode.csv_content(encode.csv_bytes(pd.DataFrame({"a": [2]})))


def test_csv_of_a_report_table_keeps_ids_and_numbers(inputs, plan):
    """An allocation table round-trips through csv_bytes with the same values."""
    table = report.allocation_table(plan, inputs)
    back = pd.read_csv(io.BytesIO(encode.csv_bytes(table)))
    assert back["seats"].tolist() == table["seats"].tolist()
    assert back["unit_id"].tolist() == table["unit_id"].tolist()


def test_json_keeps_insertion_order_and_vietnamese_letters_and_ends_with_a_newline():
    """Keys are not sorted, text is not \\u-escaped, NaN becomes null, and the file ends with a newline."""
    data = encode.json_bytes({"zeta": 1, "alpha": "Năm", "gap": float("nan")})
    text = data.decode("utf-8")
    assert text == '{\n  "zeta": 1,\n  "alpha": "Năm",\n  "gap": null\n}\n'
    assert list(json.loads(text)) == ["zeta", "alpha", "gap"]


# --- figures -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def figure(inputs, plan):
    return result_charts.seats_chart(report.seats_by_course(plan, inputs, YEARS), inputs)


def test_png_bytes_are_identical_across_calls_and_carry_no_software_version(figure):
    """Two renderings give the same PNG, and the matplotlib version is not written into it."""
    first, second = encode.png_bytes(figure), encode.png_bytes(figure)
    assert first.startswith(b"\x89PNG") and first == second
    assert b"Software" not in first and matplotlib.__version__.encode() not in first


def test_svg_bytes_are_identical_across_calls_without_date_and_leave_rcparams_alone(figure):
    """Two renderings give the same SVG with no date, and svg.hashsalt is set only during the call."""
    salt = matplotlib.rcParams["svg.hashsalt"]
    first, second = encode.svg_bytes(figure), encode.svg_bytes(figure)
    assert first.startswith(b"<?xml") and first == second
    assert b"<dc:date>" not in first and matplotlib.__version__.encode() not in first
    assert matplotlib.rcParams["svg.hashsalt"] == salt


# --- xlsx ----------------------------------------------------------------------------------------------------


def test_xlsx_bytes_are_identical_across_calls(inputs, plan, workbook_bytes):
    """The allocation workbook is byte-identical when built twice."""
    assert workbook.allocation_workbook(plan, inputs, YEARS) == workbook_bytes


def test_xlsx_has_no_timestamps_that_vary(workbook_bytes):
    """Every zip entry is dated 1980-01-01 and the document properties carry a fixed date."""
    archive = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
    core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and core.count("2000-01-01") == 2


def test_allocation_workbook_of_the_bundled_plan_reads_back_with_appendix_sheets(inputs, plan, workbook_bytes):
    """Year sheets, the period, coverage; every unit listed; the province total row holds every seat of the year."""
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    assert book.sheetnames == ["Năm 2023", "Năm 2024", "Năm 2025", "Cả giai đoạn 2023–2025", "Mức đáp ứng"]
    sheet = book["Năm 2024"]
    assert sheet["A3"].value == "TT" and sheet["B3"].value == "Đơn vị"
    assert sheet["C3"].value == "Cao cấp lý luận chính trị" and sheet["C4"].value == "Tập trung"
    assert sheet["B6"].value == "Thành ủy Nam Định"
    rows = list(sheet.iter_rows(min_row=workbook.APPENDIX_FIRST_ROW, values_only=True))
    assert sum(isinstance(r[0], int) for r in rows) == len(inputs.units)
    total = next(r for r in rows if r[1] == "Tổng cộng toàn tỉnh")
    assert total[-1] == plan.loc[plan["year"] == 2024, "seats"].sum()
    # "Thạc sĩ" is both the family and the course: one header cell over both rows.
    column = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(3, c).value == "Thạc sĩ")
    assert f"{get_column_letter(column)}3:{get_column_letter(column)}4" in {str(r) for r in sheet.merged_cells.ranges}


def test_xlsx_stores_numbers_as_numbers_and_formula_like_text_as_text():
    """Negative numbers are numeric cells, missing values empty, and '=SUM(A1)' a text cell, not a formula."""
    frame = pd.DataFrame({"label": ["=SUM(A1)", "a"], "value": [-3, 4], "share": [0.5, float("nan")]})
    sheet = openpyxl.load_workbook(io.BytesIO(encode.xlsx_bytes({"t": frame}))).active
    assert sheet["A2"].value == "=SUM(A1)" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -3 and sheet["B2"].data_type == "n"
    assert sheet["C3"].value is None
    assert sheet.freeze_panes == "A2"  # a plain RangeIndex is not written


def test_xlsx_sheet_names_are_shortened_cleaned_and_unique():
    """Names longer than 31 characters are cut, forbidden characters replaced, and duplicates numbered."""
    frame = pd.DataFrame({"a": [1]})
    long_name = "Phân bổ chỉ tiêu theo đơn vị và khóa học"
    book = openpyxl.load_workbook(io.BytesIO(encode.xlsx_bytes({long_name: frame, long_name[:31] + "x": frame,
                                                                "a/b": frame})))
    assert book.sheetnames == [long_name[:31], long_name[:27] + " (2)", "a-b"]
    assert all(len(name) <= 31 for name in book.sheetnames)


def test_xlsx_columns_are_wide_enough_for_unit_names(inputs, workbook_bytes):
    """The unit-name column is as wide as the longest unit name; seat columns are narrow."""
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes))["Năm 2023"]
    assert sheet.column_dimensions["B"].width >= inputs.units["name"].str.len().max()
    assert all(sheet.column_dimensions[get_column_letter(c)].width <= workbook.NUMBER_WIDTH[1]
               for c in range(3, sheet.max_column + 1))


# --- allocation.xlsx on a solved tiny instance ----------------------------------------------------------------

# Units of three kinds listed out of kind order (d = district, s = department, m = mass organisation; m1 has no
# demand), two political-theory families with a full-time and a part-time course, and a degree course without a
# mode. Quotas per year: cc_tt 2, cc_ktt 3, Trung cấp 4 for the family only, Thạc sĩ party 1 + government 1.
TINY_UNITS = [tiny.unit("d1", "district"), tiny.unit("s1", "department"), tiny.unit("d2", "district"),
              tiny.unit("m1", "mass_org"), tiny.unit("s2", "department")]
TINY_KINDS = {"Huyện ủy, Thành ủy": ["Unit d1", "Unit d2"], "Sở, ban, ngành tỉnh": ["Unit s1", "Unit s2"],
              "MTTQ và các đoàn thể tỉnh": ["Unit m1"]}
TINY_FAMILIES = [
    {"family": "cc", "name": "Cao cấp lý luận chính trị", "name_en": "Advanced political theory",
     "group": "political_theory"},
    {"family": "tc", "name": "Trung cấp lý luận chính trị", "name_en": "Intermediate political theory",
     "group": "political_theory"},
    {"family": "ths", "name": "Thạc sĩ", "name_en": "Master's degree", "group": "degree"},
]
TINY_COURSES = [tiny.course("cc_ktt", "part_time"), tiny.course("cc_tt", "full_time"),
                tiny.course("ths_qlc", "none", family="ths"), tiny.course("tc_tt", "full_time", family="tc"),
                tiny.course("tc_ktt", "part_time", family="tc")]
TINY_CAPS = [row for y in tiny.YEARS for row in (
    tiny.cap(y, "cc_tt", seats_max=2), tiny.cap(y, "cc_ktt", seats_max=3), tiny.cap(y, "tc", seats_max=4),
    tiny.cap(y, "ths_qlc", block="party", seats_max=1), tiny.cap(y, "ths_qlc", block="government", seats_max=1))]
TINY_DEMAND = [row for u in ("d1", "s1", "d2", "s2") for row in (
    tiny.demand(f"{u}.cc", u, 3, family="cc"), tiny.demand(f"{u}.tc", u, 2, family="tc", tier="t2"),
    tiny.demand(f"{u}.ths.p", u, 1, family="ths"), tiny.demand(f"{u}.ths.g", u, 1, family="ths", block="government"))]
FIRST = workbook.APPENDIX_FIRST_ROW
SETTINGS = pd.DataFrame({"setting": ["Kịch bản", "Các năm", "Giới hạn thời gian (giây)"],
                         "value": ["tiny", "2023–2024", 30]})


@pytest.fixture(scope="module")
def tiny_result(tmp_path_factory):
    inputs, scenario = tiny.write_instance(tmp_path_factory.mktemp("appendix"), units=TINY_UNITS,
                                           families=TINY_FAMILIES, courses=TINY_COURSES, caps=TINY_CAPS,
                                           demand=TINY_DEMAND)
    return solve(inputs, scenario)


@pytest.fixture(scope="module")
def tiny_stages(tiny_result):
    return pd.DataFrame([{"stage": s.name, "value": s.value, "bound": s.bound, "gap": s.gap, "optimal": s.optimal}
                         for s in tiny_result.stages])


@pytest.fixture(scope="module")
def tiny_book(tiny_result, tiny_stages):
    data = workbook.allocation_workbook(tiny_result.allocation, tiny_result.inputs, tiny.YEARS, settings=SETTINGS,
                                      stages=tiny_stages)
    return openpyxl.load_workbook(io.BytesIO(data))


def body(sheet) -> list[tuple]:
    """The rows under the two header rows, as values."""
    return list(sheet.iter_rows(min_row=FIRST, max_row=sheet.max_row, values_only=True))


def labelled(sheet) -> dict[str, tuple]:
    """Rows by their label (the unit-name column)."""
    return {row[1]: row for row in body(sheet)}


def numbers(row: tuple) -> list:
    return [0 if v is None else v for v in row[2:]]


def test_allocation_workbook_names_its_sheets_in_vietnamese_and_in_english(tiny_result, tiny_stages):
    """Năm …, Cả giai đoạn 2023–2024, Mức đáp ứng, Thông số; Year …, Whole period …, Coverage, Settings; without
    settings or stages there is no settings sheet."""
    for lang, names in (("vi", ["Năm 2023", "Năm 2024", "Cả giai đoạn 2023–2024", "Mức đáp ứng", "Thông số"]),
                        ("en", ["Year 2023", "Year 2024", "Whole period 2023–2024", "Coverage", "Settings"])):
        data = workbook.allocation_workbook(tiny_result.allocation, tiny_result.inputs, tiny.YEARS, lang=lang,
                                          settings=SETTINGS, stages=tiny_stages)
        assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == names
    without = workbook.allocation_workbook(tiny_result.allocation, tiny_result.inputs, tiny.YEARS)
    assert openpyxl.load_workbook(io.BytesIO(without)).sheetnames[-1] == "Mức đáp ứng"  # no settings given


def test_year_sheet_has_a_title_and_two_header_rows_with_each_family_merged_over_its_modes(tiny_book):
    """Row 3 the family names (merged over their courses), row 4 the modes or the course name; TT, unit and
    total span both rows; the header is bold, wrapped and centred."""
    sheet = tiny_book["Năm 2023"]
    assert sheet["A1"].value.startswith("PHÂN BỔ CHỈ TIÊU") and "2023" in sheet["A1"].value
    assert [c.value for c in sheet[3]] == ["TT", "Đơn vị", "Cao cấp lý luận chính trị", None,
                                           "Trung cấp lý luận chính trị", None, "Thạc sĩ", "Tổng cộng"]
    assert [c.value for c in sheet[4]] == [None, None, "Tập trung", "Không tập trung", "Tập trung", "Không tập trung",
                                           "Course ths_qlc", None]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"C3:D3", "E3:F3", "A3:A4", "B3:B4", "H3:H4"} <= merged
    assert "G3" not in {str(r).split(":")[0] for r in merged}  # the degree course has a second header row
    for cell in (sheet["C3"], sheet["D4"], sheet["G4"], sheet["A3"]):
        assert cell.font.b and cell.alignment.wrap_text and cell.alignment.horizontal == "center"


def test_year_sheet_lists_every_unit_in_its_kind_group_in_file_order(tiny_book):
    """A group row (I, II, …) per kind with units, the units numbered 1, 2, … under it, and the kind's subtotal."""
    rows = body(tiny_book["Năm 2024"])
    groups: dict[str, list[str]] = {}
    current = None
    for number, label, *_ in rows:
        if isinstance(number, str):
            current = label
            groups[current] = []
        elif isinstance(number, int):
            groups[current].append(label)
    assert groups == TINY_KINDS
    assert [r[0] for r in rows[:4]] == ["I", 1, 2, None]
    assert rows[3][1] == "Cộng Huyện ủy, Thành ủy"


def test_year_sheet_subtotals_are_the_sums_of_their_units_and_the_total_of_the_subtotals(tiny_book, tiny_result):
    """Read back from the sheet: each subtotal adds its units, the province total adds the subtotals and holds the
    year's seats, and each unit's total column adds its row."""
    for year in tiny.YEARS:
        sheet = tiny_book[f"Năm {year}"]
        rows = body(sheet)
        units, subtotals = [], []
        for row in rows:
            if isinstance(row[0], int):
                units.append(numbers(row))
                assert sum(numbers(row)[:-1]) == numbers(row)[-1]
            elif str(row[1]).startswith("Cộng "):
                assert [sum(col) for col in zip(*units)] == numbers(row)
                subtotals.append(numbers(row))
                units = []
        total = labelled(sheet)["Tổng cộng toàn tỉnh"]
        assert [sum(col) for col in zip(*subtotals)] == numbers(total)
        seats = tiny_result.allocation
        assert total[-1] == seats.loc[seats["year"] == year, "seats"].sum()


def test_year_sheet_total_equals_the_quota_row_where_the_seats_fill_the_quota(tiny_book):
    """The plan fills cc_tt 2, cc_ktt 3 and Thạc sĩ 1 + 1 each year; Trung cấp has no course quota (blank)."""
    rows = labelled(tiny_book["Năm 2023"])
    total, quota = rows["Tổng cộng toàn tỉnh"], rows["Chỉ tiêu được giao"]
    assert list(quota[2:]) == [2, 3, None, None, 2, None]
    assert [total[i] for i in (2, 3, 6)] == [quota[i] for i in (2, 3, 6)]
    assert total[4] + total[5] == 4  # the family quota of Trung cấp, filled


def test_period_sheet_is_the_sum_of_the_year_sheets(tiny_book):
    """Every cell of the whole-period sheet, quotas included, is the sum of the same cell in the year sheets."""
    years = [tiny_book[f"Năm {y}"] for y in tiny.YEARS]
    period = tiny_book["Cả giai đoạn 2023–2024"]
    assert [c.value for c in period[3]] == [c.value for c in years[0][3]]
    assert period["A1"].value.endswith("2023–2024")
    rows = body(period)
    assert [r[:2] for r in rows] == [r[:2] for r in body(years[0])]
    for position, row in enumerate(rows):
        for column in range(2, len(row)):
            parts = [body(sheet)[position][column] for sheet in years]
            if all(p is None for p in parts):
                assert row[column] is None
            else:
                assert row[column] == sum(p or 0 for p in parts)
    assert list(labelled(period)["Chỉ tiêu được giao"][2:]) == [4, 6, None, None, 4, None]


def test_appendix_numbers_are_numeric_cells_with_an_integer_format(tiny_book):
    """Seats and quotas are numbers, not text; a zero stays the number 0 (the format shows it as an empty cell)."""
    sheet = tiny_book["Năm 2023"]
    for row in sheet.iter_rows(min_row=FIRST, min_col=3):
        for cell in row:
            if cell.value is not None:
                assert cell.data_type == "n" and isinstance(cell.value, int)
                assert cell.number_format in (workbook.SEAT_FORMAT, workbook.COUNT_FORMAT)
    m1 = next(r for r in sheet.iter_rows(min_row=FIRST) if r[1].value == "Unit m1")
    assert [c.value for c in m1[2:]] == [0] * 6 and m1[2].number_format == workbook.SEAT_FORMAT
    assert all(isinstance(r[0], int) for r in body(sheet) if r[1].startswith("Unit "))


def test_appendix_group_and_total_rows_are_bold_and_unit_rows_are_not(tiny_book):
    sheet = tiny_book["Năm 2023"]
    fonts = {row[1].value: row[1].font.b for row in sheet.iter_rows(min_row=FIRST)}
    assert fonts["Huyện ủy, Thành ủy"] and fonts["Cộng Huyện ủy, Thành ủy"]
    assert fonts["Tổng cộng toàn tỉnh"] and fonts["Chỉ tiêu được giao"]
    assert not fonts["Unit d1"]


def test_appendix_panes_are_frozen_below_the_header_and_right_of_the_unit_names(tiny_book):
    """Every appendix sheet freezes at C5; the coverage sheet below its header and right of the unit names."""
    for name in ("Năm 2023", "Năm 2024", "Cả giai đoạn 2023–2024"):
        assert tiny_book[name].freeze_panes == "C5"
    assert tiny_book["Mức đáp ứng"].freeze_panes == "B4"


def test_appendix_columns_fit_the_unit_names_and_seat_columns_stay_narrow(tiny_book):
    sheet = tiny_book["Năm 2023"]
    assert sheet.column_dimensions["B"].width >= len("Cộng MTTQ và các đoàn thể tỉnh")
    widths = [sheet.column_dimensions[get_column_letter(c)].width for c in range(3, 9)]
    assert all(workbook.NUMBER_WIDTH[0] <= w <= workbook.NUMBER_WIDTH[1] for w in widths)


def test_coverage_sheet_lists_demand_allocated_and_a_percentage_share(tiny_book, tiny_result):
    """One row per (unit, family, tier) with demand, values as in report.coverage_table, share formatted as %."""
    sheet = tiny_book["Mức đáp ứng"]
    assert [c.value for c in sheet[3]] == ["Đơn vị", "Loại hình đào tạo", "Đối tượng", "Nhu cầu", "Được phân bổ",
                                           "Tỷ lệ đáp ứng"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    expected = report.coverage_table(tiny_result.allocation, tiny_result.inputs)
    assert len(rows) == len(expected)
    assert [r[3:] for r in rows] == list(zip(expected["demand"], expected["allocated"], expected["share"]))
    assert rows[0][:3] == ("Unit d1", "Cao cấp lý luận chính trị", "Tier one")
    share = sheet.cell(row=4, column=6)
    assert share.data_type == "n" and "%" in share.number_format


def test_settings_sheet_holds_the_settings_then_the_stage_values(tiny_book, tiny_result):
    """The settings table from row 1, an empty row, then stage, value, bound, gap and optimal (Có/Không)."""
    rows = list(tiny_book["Thông số"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Thông số", "Giá trị")
    assert rows[1][:2] == ("Kịch bản", "tiny") and rows[3][:2] == ("Giới hạn thời gian (giây)", 30)
    assert all(v is None for v in rows[4])
    assert rows[5] == ("Bước giải", "Giá trị", "Cận tốt nhất", "Khoảng cách tối ưu", "Tối ưu")
    stages = rows[6:6 + len(tiny_result.stages)]
    assert [r[0] for r in stages] == [s.name for s in tiny_result.stages]
    assert [r[1] for r in stages] == [s.value for s in tiny_result.stages]
    assert {r[4] for r in stages} == {"Có"}


def test_allocation_workbook_in_english_labels_rows_and_headers_in_english(tiny_result):
    book = openpyxl.load_workbook(io.BytesIO(workbook.allocation_workbook(tiny_result.allocation, tiny_result.inputs,
                                                                        tiny.YEARS, lang="en")))
    sheet = book["Year 2023"]
    assert [c.value for c in sheet[3]][:3] == ["No.", "Unit", "Advanced political theory"]
    assert sheet["C4"].value == "Full-time" and sheet["D4"].value == "Part-time"
    labels = [row[1] for row in body(sheet)]
    assert labels[0] == "District and city party committees" and labels[-2:] == ["Province total", "Quota"]
    assert book["Coverage"]["F3"].value == "Share covered"


def test_allocation_workbook_bytes_are_identical_on_two_calls_with_settings_and_stages(tiny_result, tiny_stages):
    def make() -> bytes:
        return workbook.allocation_workbook(tiny_result.allocation, tiny_result.inputs, tiny.YEARS, settings=SETTINGS,
                                          stages=tiny_stages)

    assert make() == make()


# --- result folder -------------------------------------------------------------------------------------------


def siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir())


def test_write_result_folder_writes_every_file_including_subfolders(tmp_path):
    """All files land under out_dir with their bytes, and no temporary folder is left beside it."""
    out = tmp_path / "results" / "baseline"
    files.write_result_folder(out, {"summary.json": b"{}\n", "charts/coverage.png": b"png"})
    assert (out / "summary.json").read_bytes() == b"{}\n"
    assert (out / "charts" / "coverage.png").read_bytes() == b"png"
    assert siblings(out) == ["baseline"]


def test_write_result_folder_replaces_an_existing_folder_entirely(tmp_path):
    """A second write replaces the folder: new contents, and files of the old run are gone."""
    out = tmp_path / "baseline"
    files.write_result_folder(out, {"old.csv": b"old", "same.csv": b"1"})
    files.write_result_folder(out, {"same.csv": b"2"})
    assert sorted(p.name for p in out.iterdir()) == [folders.MANIFEST, "same.csv"]
    assert (out / "same.csv").read_bytes() == b"2"
    assert siblings(out) == ["baseline"]


def test_write_result_folder_leaves_the_previous_folder_intact_when_a_write_fails_midway(tmp_path, monkeypatch):
    """If the second file cannot be written, out_dir keeps the previous run and the half-written copy is removed."""
    out = tmp_path / "baseline"
    files.write_result_folder(out, {"allocation.csv": b"previous"})
    real_write = files._write_file
    calls = []

    def failing_write(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        real_write(path, data)

    monkeypatch.setattr(files, "_write_file", failing_write)
    with pytest.raises(OutputError, match=f"{out}: could not write the output \\(disk full\\)"):
        files.write_result_folder(out, {"allocation.csv": b"new", "coverage.csv": b"new"})
    assert len(calls) == 2  # the failure happened after one new file had been written
    assert sorted(p.name for p in out.iterdir()) == [folders.MANIFEST, "allocation.csv"]
    assert (out / "allocation.csv").read_bytes() == b"previous"
    assert siblings(out) == ["baseline"]


def test_write_result_folder_refuses_a_value_that_is_not_bytes_before_touching_the_disk(tmp_path):
    """A non-bytes value raises TypeError and neither creates out_dir nor leaves a temporary folder."""
    out = tmp_path / "baseline"
    with pytest.raises(TypeError, match="b.csv"):
        files.write_result_folder(out, {"a.csv": b"ok", "b.csv": "text, not bytes"})
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["../escape.csv", "/etc/passwd", "", "a\\b.csv"])
def test_write_result_folder_refuses_paths_outside_the_folder(tmp_path, name):
    """Absolute paths, '..' and backslashes are refused so nothing is written outside out_dir."""
    with pytest.raises(ValueError):
        files.write_result_folder(tmp_path / "out", {name: b"x"})
    assert list(tmp_path.iterdir()) == []


def test_a_sheet_shows_years_as_years_shares_as_percentages_and_counts_with_separators():
    frame = pd.DataFrame({"Năm": [2023, 2024], "Số chỗ": [1200, 5], "baseline: tỷ lệ": [0.5, 0.875],
                          "Year of the change": [2025, 2026], "ratio": [0.5, 1.5]})
    book = openpyxl.load_workbook(io.BytesIO(encode.xlsx_bytes({"s": frame}, index=False)))
    formats = [cell.number_format for cell in book["s"][2]]
    assert formats == ["0", "#,##0", "0.0%", "0", "General"]
