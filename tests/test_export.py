"""Tests of optimizer/export.py: deterministic bytes for every format and an all-or-nothing result folder."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import matplotlib
import openpyxl
import pandas as pd
import pytest

from optimizer import charts, export, report
from sample_plans import YEARS, bundled_inputs, greedy_allocation


@pytest.fixture(scope="module")
def inputs():
    return bundled_inputs()


@pytest.fixture(scope="module")
def plan(inputs):
    return greedy_allocation(inputs)


@pytest.fixture(scope="module")
def workbook_bytes(inputs, plan):
    return export.allocation_workbook(plan, inputs, YEARS)


# --- csv and json --------------------------------------------------------------------------------------------


def test_csv_escapes_text_that_looks_like_a_formula_but_not_negative_numbers():
    """'=SUM(A1)', '+1', '-x' and '@x' get a leading apostrophe; the number -3 and plain text stay as they are."""
    frame = pd.DataFrame({"label": ["=SUM(A1)", "+1", "-x", "@x", "Tổng cộng", None], "value": [-3, 1, 2, 3, 4, 5],
                          "share": [-0.5, 0.0, 1.0, 0.25, 0.5, 0.75]})
    lines = export.csv_bytes(frame).decode("utf-8").split("\n")
    assert lines[:7] == ["label,value,share", "'=SUM(A1),-3,-0.5", "'+1,1,0.0", "'-x,2,1.0", "'@x,3,0.25",
                         "Tổng cộng,4,0.5", ",5,0.75"]


def test_csv_is_utf8_with_unix_line_endings_and_no_index():
    """Vietnamese letters are UTF-8 bytes, lines end in \\n only and the index is not written."""
    data = export.csv_bytes(pd.DataFrame({"tên": ["Huyện ủy Ý Yên"]}, index=[7]))
    assert data == "tên\nHuyện ủy Ý Yên\n".encode("utf-8")
    assert b"\r" not in data


def test_csv_of_a_report_table_keeps_ids_and_numbers(inputs, plan):
    """An allocation table round-trips through csv_bytes with the same values."""
    table = report.allocation_table(plan, inputs)
    back = pd.read_csv(io.BytesIO(export.csv_bytes(table)))
    assert back["seats"].tolist() == table["seats"].tolist()
    assert back["unit_id"].tolist() == table["unit_id"].tolist()


def test_json_keeps_insertion_order_and_vietnamese_letters_and_ends_with_a_newline():
    """Keys are not sorted, text is not \\u-escaped, NaN becomes null, and the file ends with a newline."""
    data = export.json_bytes({"zeta": 1, "alpha": "Năm", "gap": float("nan")})
    text = data.decode("utf-8")
    assert text == '{\n  "zeta": 1,\n  "alpha": "Năm",\n  "gap": null\n}\n'
    assert list(json.loads(text)) == ["zeta", "alpha", "gap"]


# --- figures -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def figure(inputs, plan):
    return charts.seats_chart(report.seats_by_course(plan, inputs, YEARS), inputs)


def test_png_bytes_are_identical_across_calls_and_carry_no_software_version(figure):
    """Two renderings give the same PNG, and the matplotlib version is not written into it."""
    first, second = export.png_bytes(figure), export.png_bytes(figure)
    assert first.startswith(b"\x89PNG") and first == second
    assert b"Software" not in first and matplotlib.__version__.encode() not in first


def test_svg_bytes_are_identical_across_calls_without_date_and_leave_rcparams_alone(figure):
    """Two renderings give the same SVG with no date, and svg.hashsalt is set only during the call."""
    salt = matplotlib.rcParams["svg.hashsalt"]
    first, second = export.svg_bytes(figure), export.svg_bytes(figure)
    assert first.startswith(b"<?xml") and first == second
    assert b"<dc:date>" not in first and matplotlib.__version__.encode() not in first
    assert matplotlib.rcParams["svg.hashsalt"] == salt


# --- xlsx ----------------------------------------------------------------------------------------------------


def test_xlsx_bytes_are_identical_across_calls(inputs, plan, workbook_bytes):
    """The allocation workbook is byte-identical when built twice."""
    assert export.allocation_workbook(plan, inputs, YEARS) == workbook_bytes


def test_xlsx_has_no_timestamps_that_vary(workbook_bytes):
    """Every zip entry is dated 1980-01-01 and the document properties carry a fixed date."""
    archive = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
    core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and core.count("2000-01-01") == 2


def test_allocation_workbook_reads_back_with_year_sheets_header_and_totals(inputs, plan, workbook_bytes):
    """openpyxl reads one sheet per year with a bold frozen header and a bold total row equal to the seats."""
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    assert book.sheetnames == ["Năm 2023", "Năm 2024", "Năm 2025"]
    sheet = book["Năm 2024"]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Đơn vị" and header[1] == "Cao cấp LLCT hệ tập trung" and header[-1] == "Tổng cộng"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "B2"
    last = [cell.value for cell in sheet[sheet.max_row]]
    assert last[0] == "Tổng cộng" and all(cell.font.b for cell in sheet[sheet.max_row])
    assert last[-1] == plan.loc[plan["year"] == 2024, "seats"].sum()
    assert sheet.max_row == len(inputs.units) + 2  # header, one row per unit, total
    assert sheet.cell(row=2, column=1).value == "Thành ủy Nam Định"
    assert all(isinstance(v, int) for v in last[1:])


def test_allocation_workbook_in_english_names_sheets_by_year(inputs, plan):
    """lang='en' gives sheets 'Year 2023', … and an English total row."""
    book = openpyxl.load_workbook(io.BytesIO(export.allocation_workbook(plan, inputs, YEARS, lang="en")))
    assert book.sheetnames == ["Year 2023", "Year 2024", "Year 2025"]
    sheet = book["Year 2023"]
    assert sheet.cell(row=sheet.max_row, column=1).value == "Total"


def test_xlsx_stores_numbers_as_numbers_and_formula_like_text_as_text():
    """Negative numbers are numeric cells, missing values empty, and '=SUM(A1)' a text cell, not a formula."""
    frame = pd.DataFrame({"label": ["=SUM(A1)", "a"], "value": [-3, 4], "share": [0.5, float("nan")]})
    sheet = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"t": frame}))).active
    assert sheet["A2"].value == "=SUM(A1)" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -3 and sheet["B2"].data_type == "n"
    assert sheet["C3"].value is None
    assert sheet.freeze_panes == "A2"  # a plain RangeIndex is not written


def test_xlsx_sheet_names_are_shortened_cleaned_and_unique():
    """Names longer than 31 characters are cut, forbidden characters replaced, and duplicates numbered."""
    frame = pd.DataFrame({"a": [1]})
    long_name = "Phân bổ chỉ tiêu theo đơn vị và khóa học"
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({long_name: frame, long_name[:31] + "x": frame,
                                                                "a/b": frame})))
    assert book.sheetnames == [long_name[:31], long_name[:27] + " (2)", "a-b"]
    assert all(len(name) <= 31 for name in book.sheetnames)


def test_xlsx_columns_are_wide_enough_for_unit_names(workbook_bytes):
    """The unit-name column is wider than the default so names are readable."""
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes))["Năm 2023"]
    assert sheet.column_dimensions["A"].width >= len("Thành ủy Nam Định")


# --- result folder -------------------------------------------------------------------------------------------


def siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir())


def test_write_result_folder_writes_every_file_including_subfolders(tmp_path):
    """All files land under out_dir with their bytes, and no temporary folder is left beside it."""
    out = tmp_path / "results" / "baseline"
    export.write_result_folder(out, {"summary.json": b"{}\n", "charts/coverage.png": b"png"})
    assert (out / "summary.json").read_bytes() == b"{}\n"
    assert (out / "charts" / "coverage.png").read_bytes() == b"png"
    assert siblings(out) == ["baseline"]


def test_write_result_folder_replaces_an_existing_folder_entirely(tmp_path):
    """A second write replaces the folder: new contents, and files of the old run are gone."""
    out = tmp_path / "baseline"
    export.write_result_folder(out, {"old.csv": b"old", "same.csv": b"1"})
    export.write_result_folder(out, {"same.csv": b"2"})
    assert sorted(p.name for p in out.iterdir()) == ["same.csv"]
    assert (out / "same.csv").read_bytes() == b"2"
    assert siblings(out) == ["baseline"]


def test_write_result_folder_leaves_the_previous_folder_intact_when_a_write_fails_midway(tmp_path, monkeypatch):
    """If the second file cannot be written, out_dir keeps the previous run and the half-written copy is removed."""
    out = tmp_path / "baseline"
    export.write_result_folder(out, {"allocation.csv": b"previous"})
    real_write = export._write_file
    calls = []

    def failing_write(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        real_write(path, data)

    monkeypatch.setattr(export, "_write_file", failing_write)
    with pytest.raises(OSError, match="disk full"):
        export.write_result_folder(out, {"allocation.csv": b"new", "coverage.csv": b"new"})
    assert len(calls) == 2  # the failure happened after one new file had been written
    assert sorted(p.name for p in out.iterdir()) == ["allocation.csv"]
    assert (out / "allocation.csv").read_bytes() == b"previous"
    assert siblings(out) == ["baseline"]


def test_write_result_folder_refuses_a_value_that_is_not_bytes_before_touching_the_disk(tmp_path):
    """A non-bytes value raises TypeError and neither creates out_dir nor leaves a temporary folder."""
    out = tmp_path / "baseline"
    with pytest.raises(TypeError, match="b.csv"):
        export.write_result_folder(out, {"a.csv": b"ok", "b.csv": "text, not bytes"})
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["../escape.csv", "/etc/passwd", "", "a\\b.csv"])
def test_write_result_folder_refuses_paths_outside_the_folder(tmp_path, name):
    """Absolute paths, '..' and backslashes are refused so nothing is written outside out_dir."""
    with pytest.raises(ValueError):
        export.write_result_folder(tmp_path / "out", {name: b"x"})
    assert list(tmp_path.iterdir()) == []
