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
from sample_plans import YEARS, bundled_inputs, greedy_allocation

from optimizer import encode, files
from optimizer import files as folders
from optimizer.errors import OutputError
from optimizer.model.explain import RULE_LABELS
from optimizer.model.staged import solve
from optimizer.outputs import render, report, result_charts, workbook


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
    """Both appendices a sheet per year and the period, then coverage; every unit listed; the province total row
    holds every seat of the year (as the formula's stored result)."""
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes), data_only=True)
    assert book.sheetnames == ["PL1 2023", "PL1 2024", "PL1 2025", "PL1 2023–2025", "PL2 2023", "PL2 2024",
                               "PL2 2025", "PL2 2023–2025", "Mức đáp ứng"]
    first, second = book["PL1 2024"], book["PL2 2024"]
    assert first["A3"].value == "TT" and first["B3"].value == "Đơn vị" and first["C3"].value == "Chuyên môn"
    assert first["C4"].value == "Thạc sĩ" and first["C5"].value == "Khối Đảng" and first["D5"].value == "Khối Chính quyền"
    assert first["B7"].value == "Thành ủy Nam Định" and second["B6"].value == "Thành ủy Nam Định"
    seats = plan[plan["year"] == 2024]
    for sheet, first_row in ((first, 6), (second, 5)):
        rows = list(sheet.iter_rows(min_row=first_row, values_only=True))
        assert sum(isinstance(r[0], int) for r in rows) == len(inputs.units)
        total = next(r for r in rows if r[1] == "Tổng cộng toàn tỉnh")
        groups = set(inputs.families.index[inputs.families["group"].isin(
            ["degree", "political_theory"] if sheet is first else ["refresher"])])
        assert total[-1] == seats.loc[seats["course_id"].map(inputs.courses["family"]).isin(groups), "seats"].sum()


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


def test_allocation_workbook_names_its_sheets_in_vietnamese_and_in_english(tiny_result, tiny_stages):
    """PL1 …, PL1 2023–2024 (no refresher families: no PL2), Mức đáp ứng, Thông số; App1 …, Coverage, Settings;
    without settings or stages there is no settings sheet."""
    for lang, names in (("vi", ["PL1 2023", "PL1 2024", "PL1 2023–2024", "Mức đáp ứng", "Thông số"]),
                        ("en", ["App1 2023", "App1 2024", "App1 2023–2024", "Coverage", "Settings"])):
        data = workbook.allocation_workbook(tiny_result.allocation, tiny_result.inputs, tiny.YEARS, lang=lang,
                                          settings=SETTINGS, stages=tiny_stages)
        assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == names
    without = workbook.allocation_workbook(tiny_result.allocation, tiny_result.inputs, tiny.YEARS)
    assert openpyxl.load_workbook(io.BytesIO(without)).sheetnames[-1] == "Mức đáp ứng"  # no settings given


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
    sheet = book["App1 2023"]
    assert [c.value for c in sheet[3]][:3] == ["No.", "Unit", "Degrees"]
    assert sheet["C5"].value == "Party block" and sheet["D5"].value == "Government block"
    labels = [row[1] for row in sheet.iter_rows(min_row=6, values_only=True)]
    assert labels[0] == "District and city party committees" and labels[-2:] == ["Province total", "Quota"]
    assert book["Coverage"]["F3"].value == "Share covered"


def test_explanations_sheet_names_units_courses_and_rules_and_wraps_the_detail(tiny_result):
    """One row per row of explanations.csv, ids replaced by names, the block of the demand row, the rule's words,
    the detail in a wide wrapped column with a row tall enough, yes/no for binds; filter and frozen header."""
    explained = render.explanations(tiny_result)
    assert len(explained) > 0
    data = workbook.allocation_workbook(tiny_result.allocation, tiny_result.inputs, tiny.YEARS,
                                        explanations=explained)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Giải thích"]
    assert [c.value for c in sheet[3]] == list(workbook.EXPLANATION_HEADERS["vi"].values())
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == len(explained)
    first = explained.iloc[0]
    assert rows[0][0] == f"Unit {first['unit_id']}" and rows[0][3] in ("Khối Đảng", "Khối Chính quyền")
    assert rows[0][10] == first["detail"] and rows[0][11] in ("Có", "Không")
    assert rows[0][9] == RULE_LABELS["vi"][first["rule"]]
    detail = sheet.cell(row=4, column=11)
    assert detail.alignment.wrap_text and sheet.column_dimensions["K"].width >= 60
    assert sheet.row_dimensions[4].height >= workbook.LINE_HEIGHT * (len(first["detail"]) // 60)
    assert sheet.freeze_panes == "B4" and sheet.auto_filter.ref.startswith("A3:L")
    english = openpyxl.load_workbook(io.BytesIO(workbook.allocation_workbook(
        tiny_result.allocation, tiny_result.inputs, tiny.YEARS, lang="en", explanations=explained)))
    assert "Explanations" in english.sheetnames


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
