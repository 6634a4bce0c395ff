"""Submission workbooks: the template units fill in, and reading a filled one back into a data folder's CSVs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import time
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from optimizer.errors import InputError
from optimizer.inputs import schema
from optimizer.inputs.data import load_inputs
from optimizer.inputs.intake import import_workbook
from optimizer.inputs.submissions import COLUMN_LABELS, SHEET_TITLES
from optimizer.inputs.template import template_workbook

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "nam_dinh_2023_2025"
TABLES = ("units", "families", "courses", "caps", "demand", "tiers", "targets", "plan_figures")
DEMAND = SHEET_TITLES["vi"]["demand"]  # "Nhu cầu"
SMALL_DEMAND_ROWS = 40


# --- fixtures and helpers ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    """The bundled data with only the first demand rows, so each import takes about a second."""
    folder = tmp_path_factory.mktemp("small") / "data"
    shutil.copytree(BUNDLED, folder)
    lines = (BUNDLED / "demand.csv").read_text(encoding="utf-8").split("\n")
    (folder / "demand.csv").write_text("\n".join(lines[: SMALL_DEMAND_ROWS + 1]) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def small_template(small_data) -> bytes:
    return template_workbook(small_data)


@pytest.fixture(scope="module")
def plain_demand(small_template, tmp_path_factory) -> bytes:
    """demand.csv of the unchanged small template."""
    path = tmp_path_factory.mktemp("plain") / "submission.xlsx"
    path.write_bytes(small_template)
    return import_workbook(path)["demand.csv"]


@pytest.fixture(scope="module")
def bundled_round_trip(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    path = tmp_path_factory.mktemp("round_trip") / "submission.xlsx"
    path.write_bytes(template_workbook(BUNDLED))
    return path, import_workbook(path)


def edited(template: bytes, folder: Path, change, name: str = "submission.xlsx") -> Path:
    """The template changed by ``change(workbook)`` and saved as ``folder/name``, as a unit would send it."""
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    change(workbook)
    path = folder / name
    workbook.save(path)
    return path


def records(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def column_of(sheet, key: str) -> int:
    """The 1-based position of the column whose key (row 2) is ``key``."""
    return next(cell.column for cell in sheet[2] if cell.value == key)


def set_cell(workbook, key: str, row: int, value, table: str = "demand") -> None:
    sheet = workbook[SHEET_TITLES["vi"][table]]
    sheet.cell(row, column_of(sheet, key), value)


def refused(path: Path, *parts: str) -> str:
    """Import ``path``, expect a one-line InputError naming every part, and check the file was not changed."""
    before = path.read_bytes()
    with pytest.raises(InputError) as info:
        import_workbook(path)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"
    assert path.read_bytes() == before
    return message


def imported(path: Path) -> dict[str, bytes]:
    before = path.read_bytes()
    files = import_workbook(path)
    assert path.read_bytes() == before
    return files


# --- round trip ----------------------------------------------------------------------------------------------


def test_round_trip_of_the_bundled_data_loads_to_equal_tables_and_the_same_csv_records(bundled_round_trip, tmp_path):
    path, files = bundled_round_trip
    assert list(files) == [t.file for t in schema.ALL_TABLES if not t.may_be_absent]  # no pins: no pins.csv
    for name, data in files.items():
        original = (BUNDLED / name).read_bytes()
        original_records = list(csv.reader(io.StringIO(original.decode("utf-8"), newline="")))
        assert list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""))) == original_records, name
        # Byte for byte wherever the original is quoted as the csv module quotes (plan_figures.csv quotes some
        # cells that need no quotes; its records are still the same).
        canonical = io.StringIO()
        csv.writer(canonical, lineterminator="\n").writerows(original_records)
        if canonical.getvalue().encode("utf-8") == original:
            assert data == original, name
    folder = tmp_path / "imported"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    before, after = load_inputs(BUNDLED), load_inputs(folder)
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(after, table), getattr(before, table), obj=table)
    assert after.warnings == before.warnings


def test_round_trip_csv_files_are_utf8_with_unix_line_endings(bundled_round_trip):
    _, files = bundled_round_trip
    for data in files.values():
        text = data.decode("utf-8")
        assert "\r" not in text and text.endswith("\n") and not text.startswith("\ufeff")


# --- template ------------------------------------------------------------------------------------------------


def test_template_bytes_are_identical_on_every_call(small_data, small_template):
    assert template_workbook(small_data) == small_template
    assert template_workbook(None, lang="en") == template_workbook(None, lang="en")


def test_template_has_the_instructions_first_then_one_sheet_per_table_and_a_hidden_lists_sheet(small_template):
    workbook = openpyxl.load_workbook(io.BytesIO(small_template))
    titles = SHEET_TITLES["vi"]
    assert workbook.sheetnames == ["Hướng dẫn", *(titles[t.name] for t in schema.ALL_TABLES), "lists"]
    assert [s.sheet_state for s in workbook.worksheets][:-1] == ["visible"] * (len(schema.ALL_TABLES) + 1)
    assert workbook["lists"].sheet_state == "hidden"
    instructions = "\n".join(str(v) for row in workbook["Hướng dẫn"].iter_rows(values_only=True) for v in row if v)
    for words in ("Bắt buộc", "import", ".xlsx", "có", "không", "chữ thường không dấu", "số nguyên"):
        assert words in instructions
    for table in schema.ALL_TABLES:
        for column in table.columns:
            assert column.name in instructions


def test_template_sheets_have_bold_frozen_labels_over_a_key_row_of_machine_names(small_template):
    workbook = openpyxl.load_workbook(io.BytesIO(small_template))
    for table in schema.ALL_TABLES:
        sheet = workbook[SHEET_TITLES["vi"][table.name]]
        assert [c.value for c in sheet[1]] == [COLUMN_LABELS[table.name][c.name][0] for c in table.columns]
        assert [c.value for c in sheet[2]] == [c.name for c in table.columns]
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A3"
        assert all(sheet.column_dimensions[get_column_letter(i)].width >= 8 for i in range(1, len(table.columns) + 1))
    demand = workbook[DEMAND]
    assert demand.max_row == 2 + SMALL_DEMAND_ROWS
    assert [c.value for c in demand[3]][:9] == ["tp_nam_dinh.cao_cap.serving.party", "tp_nam_dinh", "cao_cap",
                                                "serving", "party", 2, 2023, 2025, "không"]


def test_column_labels_are_unique_within_each_table_in_both_languages():
    for table in schema.ALL_TABLES:
        labels = COLUMN_LABELS[table.name]
        assert list(labels) == [c.name for c in table.columns]
        for position in (0, 1):
            names = [pair[position].casefold() for pair in labels.values()]
            assert len(set(names)) == len(names), table.name


def _validations(sheet) -> dict[str, str]:
    """Key of each validated column -> the list's formula."""
    keys = {cell.column_letter: cell.value for cell in sheet[2]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        for cell_range in validation.sqref.ranges:
            assert cell_range.min_row == 3 and cell_range.max_row >= 5000
            found[keys[get_column_letter(cell_range.min_col)]] = validation.formula1
    return found


def _list_values(workbook, formula: str) -> list[str]:
    sheet_name, cells = formula.split("!")
    return [c.value for row in workbook[sheet_name][cells.replace("$", "")] for c in row]


def test_template_has_drop_down_lists_of_the_folders_ids_and_the_fixed_choices(small_template, small_data):
    workbook = openpyxl.load_workbook(io.BytesIO(small_template))
    demand = _validations(workbook[DEMAND])
    assert set(demand) == {"unit_id", "family", "tier", "block", "full_time_only", "former_unit"}
    inputs = load_inputs(small_data)
    assert _list_values(workbook, demand["unit_id"]) == list(inputs.units.index)
    assert _list_values(workbook, demand["former_unit"]) == list(inputs.units.index)
    assert _list_values(workbook, demand["family"]) == list(inputs.families.index)
    assert sorted(_list_values(workbook, demand["tier"])) == sorted(inputs.tiers.index)
    assert _list_values(workbook, demand["block"]) == ["party", "government"]
    assert _list_values(workbook, demand["full_time_only"])[:2] == ["có", "không"]
    assert _list_values(workbook, _validations(workbook["Chỉ tiêu"])["block"]) == ["all", "party", "government"]
    assert _list_values(workbook, _validations(workbook["Đơn vị"])["kind"]) == list(schema.UNIT_KINDS)
    assert _list_values(workbook, _validations(workbook["Khóa học"])["mode"]) == list(schema.MODES)
    assert set(_validations(workbook["Mục tiêu"])) == {"family", "tier"}


def test_template_without_a_folder_is_empty_and_lists_only_the_fixed_choices():
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook(None)))
    demand = workbook[DEMAND]
    assert demand.max_row == 2
    assert set(_validations(demand)) == {"block", "full_time_only"}
    assert set(_validations(workbook["Đơn vị"])) == {"kind", "division_type"}


def test_english_template_has_english_sheet_names_labels_and_yes_no_words(small_data):
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook(small_data, lang="en")))
    assert workbook.sheetnames == ["Instructions", "Units", "Training families", "Courses", "Quotas", "Demand",
                                   "Priority tiers", "Targets", "Plan figures", "Decided seats", "lists"]
    demand = workbook["Demand"]
    assert demand["F1"].value == "Count" and demand["F2"].value == "count"
    assert demand["I3"].value == "false"
    instructions = " ".join(str(v) for row in workbook["Instructions"].iter_rows(values_only=True) for v in row if v)
    assert "Required" in instructions and "lowercase" in instructions


def test_template_refuses_an_unknown_language_or_table_name(small_data):
    with pytest.raises(ValueError, match="language"):
        template_workbook(None, lang="fr")
    with pytest.raises(ValueError, match="nhu_cau"):
        template_workbook(small_data, blank=("nhu_cau",))


def test_blank_demand_sheet_filled_with_two_rows_imports_as_those_two_rows(small_data, tmp_path):
    template = template_workbook(small_data, blank=("demand",))
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    assert workbook[DEMAND].max_row == 2
    assert workbook["Đơn vị"].max_row > 2  # only the named table is left blank
    rows = [["my_loc.trung_cap.serving", "my_loc", "trung_cap", "serving", "party", 7, 2023, 2025, "không"],
            ["my_loc.trung_cap.key_post", "my_loc", "trung_cap", "key_post", "government", 3, 2024, 2025, "có"]]

    def fill(book):
        for row in rows:
            book[DEMAND].append(row)

    files = imported(edited(template, tmp_path, fill))
    assert files["demand.csv"].decode() == (
        "demand_id,unit_id,family,tier,block,count,earliest_year,deadline_year,full_time_only\n"
        "my_loc.trung_cap.serving,my_loc,trung_cap,serving,party,7,2023,2025,false\n"
        "my_loc.trung_cap.key_post,my_loc,trung_cap,key_post,government,3,2024,2025,true\n"
    )


# --- header scheme ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["vi", "en", "machine"])
def test_a_sheet_without_the_key_row_reads_by_vietnamese_english_or_machine_headers(small_template, tmp_path,
                                                                                    plain_demand, header):
    def relabel(book):
        sheet = book[DEMAND]
        for cell in sheet[1]:
            name = sheet.cell(2, cell.column).value
            vi, en = COLUMN_LABELS["demand"][name]
            cell.value = {"vi": vi, "en": en, "machine": name}[header].upper()
        sheet.delete_rows(2)

    files = imported(edited(small_template, tmp_path, relabel))
    assert files["demand.csv"] == plain_demand


def test_title_rows_above_the_header_are_skipped(small_template, tmp_path):
    def add_title(book):
        book[DEMAND].insert_rows(1, 2)
        book[DEMAND]["A1"] = "NHU CẦU ĐÀO TẠO — Huyện ủy Mỹ Lộc"

    files = imported(edited(small_template, tmp_path, add_title))
    assert len(records(files["demand.csv"])) == SMALL_DEMAND_ROWS


def test_a_label_that_disagrees_with_its_key_is_refused(small_template, tmp_path):
    def swap(book):
        book[DEMAND]["F1"] = "Mã đơn vị"  # over the key 'count'

    refused(edited(small_template, tmp_path, swap), "submission.xlsx, sheet Nhu cầu, row 1, column Mã đơn vị (F)",
            "count")


# --- tolerance: what Excel does to data without changing its meaning ------------------------------------------


def test_numbers_stored_as_text_and_whole_floats_import_as_whole_numbers(small_template, tmp_path):
    def retype(book):
        set_cell(book, "count", 3, " 12 ")
        set_cell(book, "count", 4, 12.0)
        set_cell(book, "earliest_year", 5, "2024.0")
        set_cell(book, "value", 3, "1000", table="plan_figures")

    files = imported(edited(small_template, tmp_path, retype))
    demand = records(files["demand.csv"])
    assert [demand[0]["count"], demand[1]["count"], demand[2]["earliest_year"]] == ["12", "12", "2024"]
    assert records(files["plan_figures.csv"])[0]["value"] == "1000"


def test_a_fractional_count_is_refused_at_its_sheet_row_and_column(small_template, tmp_path):
    path = edited(small_template, tmp_path, lambda book: set_cell(book, "count", 14, 12.5))
    refused(path, f"{path}, sheet Nhu cầu, row 14, column Số lượng (F): '12.5' is not a whole number",
            "whole numbers")


def test_text_in_a_count_column_is_refused(small_template, tmp_path):
    path = edited(small_template, tmp_path, lambda book: set_cell(book, "count", 7, "mười hai"))
    refused(path, "sheet Nhu cầu, row 7, column Số lượng (F)", "'mười hai' is not a number")


def test_spaces_non_breaking_spaces_and_decomposed_letters_are_cleaned(small_template, tmp_path):
    name = unicodedata.normalize("NFD", "Huyện\u00a0ủy Mỹ Lộc")

    def messy(book):
        set_cell(book, "unit_id", 3, "\u00a0tp_nam_dinh  ")
        set_cell(book, "name", 4, f"  {name}\u00a0", table="units")

    files = imported(edited(small_template, tmp_path, messy))
    assert records(files["demand.csv"])[0]["unit_id"] == "tp_nam_dinh"
    assert records(files["units.csv"])[1]["name"] == "Huyện ủy Mỹ Lộc"
    assert files["units.csv"] == (BUNDLED / "units.csv").read_bytes()


def test_a_space_inside_an_id_is_refused(small_template, tmp_path):
    path = edited(small_template, tmp_path, lambda book: set_cell(book, "tier", 9, "key post"))
    refused(path, "sheet Nhu cầu, row 9, column Mã đối tượng (D)", "'key post' is not a valid id")


def test_blank_rows_and_empty_columns_anywhere_are_skipped(small_template, tmp_path, plain_demand):
    def gaps(book):
        sheet = book[DEMAND]
        sheet.insert_rows(5, 3)
        sheet.insert_rows(3)
        sheet.insert_cols(3)
        sheet.cell(sheet.max_row + 4, 1, "   ")  # a cell with spaces only, far below the data

    files = imported(edited(small_template, tmp_path, gaps))
    assert files["demand.csv"] == plain_demand


def test_errors_after_blank_rows_name_the_excel_row_the_user_sees(small_template, tmp_path):
    def gaps(book):
        book[DEMAND].insert_rows(4, 5)  # data row 4 moves to row 9
        set_cell(book, "unit_id", 10, "huyen_khong_co")

    refused(edited(small_template, tmp_path, gaps), "sheet Nhu cầu, row 10, column Mã đơn vị (B)",
            "unknown unit_id 'huyen_khong_co'", "sheet 'Đơn vị'")


def test_values_in_a_column_without_a_header_are_refused(small_template, tmp_path):
    path = edited(small_template, tmp_path, lambda book: book[DEMAND].cell(6, 15, "ghi chú"))
    refused(path, "sheet Nhu cầu, row 6, column O", "has values but no header")


def test_years_typed_as_dates_import_as_years(small_template, tmp_path):
    def dates(book):
        set_cell(book, "earliest_year", 3, dt.datetime(2024, 1, 1))
        set_cell(book, "deadline_year", 3, dt.datetime(1905, 7, 17))  # 2025 typed into a date-formatted cell
        set_cell(book, "year", 3, dt.date(2023, 1, 1), table="caps")

    files = imported(edited(small_template, tmp_path, dates))
    first = records(files["demand.csv"])[0]
    assert (first["earliest_year"], first["deadline_year"]) == ("2024", "2025")
    assert records(files["caps.csv"])[0]["year"] == "2023"


def test_a_date_in_a_count_column_is_refused(small_template, tmp_path):
    path = edited(small_template, tmp_path, lambda book: set_cell(book, "count", 5, dt.datetime(2024, 3, 1)))
    refused(path, "sheet Nhu cầu, row 5, column Số lượng (F)", "'2024-03-01' is not a number")


def test_merged_header_cells_read_by_the_key_row(small_template, tmp_path, plain_demand):
    def merge(book):
        book[DEMAND].merge_cells("A1:B1")  # label of unit_id lost under the merge
        book[DEMAND].merge_cells("F1:F2")  # label over its own key

    files = imported(edited(small_template, tmp_path, merge))
    assert files["demand.csv"] == plain_demand


def test_merged_header_cells_without_a_key_row_leave_a_column_without_header_and_are_refused(small_template, tmp_path):
    def merge(book):
        book[DEMAND].delete_rows(2)
        book[DEMAND].merge_cells("A1:B1")

    refused(edited(small_template, tmp_path, merge), "sheet Nhu cầu, row 2, column B", "has values but no header")


def test_excel_true_false_and_choice_labels_import_as_their_values(small_template, tmp_path):
    def typed(book):
        set_cell(book, "full_time_only", 3, True)
        set_cell(book, "full_time_only", 4, False)
        set_cell(book, "full_time_only", 5, "Có")
        set_cell(book, "block", 6, "Khối Đảng")
        set_cell(book, "block", 7, "GOVERNMENT")

    demand = records(imported(edited(small_template, tmp_path, typed))["demand.csv"])
    assert [r["full_time_only"] for r in demand[:3]] == ["true", "false", "true"]
    assert [demand[3]["block"], demand[4]["block"]] == ["party", "government"]


def test_a_word_that_is_not_yes_or_no_is_refused(small_template, tmp_path):
    path = edited(small_template, tmp_path, lambda book: set_cell(book, "full_time_only", 8, "có lẽ"))
    refused(path, "sheet Nhu cầu, row 8, column Chỉ học tập trung (I)", "'có lẽ' is not true or false")


def test_missing_optional_sheets_import_as_header_only_files(small_template, tmp_path):
    def drop(book):
        del book["Mục tiêu"]
        del book["Số liệu kế hoạch"]

    files = imported(edited(small_template, tmp_path, drop))
    assert files["targets.csv"] == b"family,tier,year,target_share\n"
    assert files["plan_figures.csv"] == b"figure_id,kind,target,block,value,classes,audience,source\n"


def test_an_emptied_optional_sheet_imports_as_a_header_only_file(small_template, tmp_path):
    def empty(book):
        book["Mục tiêu"].delete_rows(1, book["Mục tiêu"].max_row)

    assert imported(edited(small_template, tmp_path, empty))["targets.csv"] == b"family,tier,year,target_share\n"


def test_an_emptied_required_sheet_is_refused(small_template, tmp_path):
    def empty(book):
        book[DEMAND].delete_rows(1, book[DEMAND].max_row)

    refused(edited(small_template, tmp_path, empty), "sheet Nhu cầu, row 1", "no header row found")


# --- strictness: what would change the meaning ---------------------------------------------------------------


def test_a_missing_required_sheet_is_refused(small_template, tmp_path):
    def drop(book):
        book[DEMAND].title = "Nhu cau 2024"

    refused(edited(small_template, tmp_path, drop), "submission.xlsx, sheet Nhu cầu: the sheet is missing",
            "Nhu cau 2024", "add the sheet 'Nhu cầu' (or 'Demand')")


def test_a_missing_required_column_is_refused(small_template, tmp_path):
    path = edited(small_template, tmp_path, lambda book: book[DEMAND].delete_cols(6))
    refused(path, "sheet Nhu cầu, row 1, column Số lượng: required column is missing", "count")


def test_a_missing_optional_column_is_accepted(small_template, tmp_path):
    files = imported(edited(small_template, tmp_path, lambda book: book[DEMAND].delete_cols(10, 2)))
    assert len(records(files["demand.csv"])) == SMALL_DEMAND_ROWS


def test_an_unknown_header_is_refused_with_the_closest_known_one(small_template, tmp_path):
    def rename(book):
        book[DEMAND]["L1"] = "Số luong"

    refused(edited(small_template, tmp_path, rename), "sheet Nhu cầu, row 1, column Số luong (L)",
            "unknown column header", "did you mean 'Số lượng'?")


def test_a_column_given_twice_is_refused(small_template, tmp_path):
    def twice(book):
        sheet = book[DEMAND]
        sheet["L1"], sheet["L2"] = "Số lượng", "count"

    refused(edited(small_template, tmp_path, twice), "sheet Nhu cầu, row 1, column Số lượng (L)", "appears twice")


def test_an_unknown_unit_in_demand_is_refused_at_its_row(small_template, tmp_path):
    path = edited(small_template, tmp_path, lambda book: set_cell(book, "unit_id", 20, "xa_moi"))
    refused(path, "submission.xlsx, sheet Nhu cầu, row 20, column Mã đơn vị (B): unknown unit_id 'xa_moi'")


def test_a_duplicate_key_names_the_key_columns_by_their_labels(small_template, tmp_path):
    def duplicate(book):
        set_cell(book, "unit_id", 4, "tp_nam_dinh", table="units")

    refused(edited(small_template, tmp_path, duplicate), "sheet Đơn vị, row 4, column Mã đơn vị (A)",
            "'tp_nam_dinh' appears more than once")


def _xlsx_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


SAVE_AS_XLSX = "save it as 'Excel Workbook (.xlsx)'"


@pytest.mark.parametrize("content, problem, fix", [
    ((BUNDLED / "demand.csv").read_bytes()[:2000], "not an .xlsx workbook (it looks like a CSV or text file)",
     SAVE_AS_XLSX),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "old Excel 97–2003 workbook (.xls)", SAVE_AS_XLSX),
    ("truncated", "damaged", SAVE_AS_XLSX),
    (_xlsx_without_workbook(), "cannot be read as an .xlsx workbook", SAVE_AS_XLSX),
    (b"", "the file is empty", "send the filled workbook again"),
], ids=["csv", "xls", "truncated", "zip", "empty"])
def test_a_file_that_is_not_an_xlsx_workbook_is_refused(small_template, tmp_path, content, problem, fix):
    if content == "truncated":
        content = small_template[: len(small_template) // 2]
    path = tmp_path / "submission.xlsx"
    path.write_bytes(content)
    refused(path, f"{path}: ", problem, fix)


def test_a_workbook_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        import_workbook(tmp_path / "missing.xlsx")


# --- hard cells and workbooks: the loader's number rule, invisible characters, limits -------------------------


def test_numbers_as_text_follow_the_loaders_whole_number_rule(small_template, tmp_path):
    """Text cells in count and year columns are read by the same rule as a CSV file: unambiguous separators."""
    def retype(book):
        set_cell(book, "count", 3, "1.000.000")
        set_cell(book, "count", 4, "12,0")
        set_cell(book, "count", 5, "1\u00a0000")
        set_cell(book, "earliest_year", 6, "2.024,0".replace(".", ""))  # "2024,0"

    demand = records(imported(edited(small_template, tmp_path, retype))["demand.csv"])
    assert [demand[0]["count"], demand[1]["count"], demand[2]["count"]] == ["1000000", "12", "1000"]
    assert demand[3]["earliest_year"] == "2024"


@pytest.mark.parametrize(("text", "phrase"), [
    ("1.000", "'1.000' reads as 1000 (Vietnamese thousands separator) or as 1 (decimal point); "
              "write 1000 or 1 without separators"),
    ("1,000", "'1,000' reads as 1000 (thousands separator) or as 1 (Vietnamese decimal comma)"),
    ("1,5", "'1,5' is 1.5, not a whole number"),
])
def test_ambiguous_or_fractional_number_text_is_refused_at_its_cell(small_template, tmp_path, text, phrase):
    path = edited(small_template, tmp_path, lambda book: set_cell(book, "count", 11, text))
    refused(path, f"{path}, sheet Nhu cầu, row 11, column Số lượng (F): {phrase}")


def test_an_invisible_character_in_an_id_is_refused_naming_it(small_template, tmp_path):
    path = edited(small_template, tmp_path, lambda book: set_cell(book, "unit_id", 12, "my_loc\u200b"))
    refused(path, "sheet Nhu cầu, row 12, column Mã đơn vị (B)", "invisible character U+200B ZERO WIDTH SPACE")


def test_a_gigantic_cell_is_refused(small_template, tmp_path):
    path = edited(small_template, tmp_path, lambda book: set_cell(book, "name", 4, "x" * 20_000, table="units"))
    refused(path, "sheet Đơn vị, row 4, column B", "a cell is 20,000 characters long, more than the limit of 10,000")


def _with_demand_sheet(template: bytes, path: Path, change) -> Path:
    """The template with the XML of its demand sheet (sheet6) changed by ``change(xml)``, written raw to ``path``."""
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet6.xml":
                content = change(content.decode("utf-8")).encode("utf-8")
            out.writestr(info, content)
    return path


def test_a_sheet_that_declares_a_million_rows_is_refused_at_once(small_template, tmp_path):
    """A sheet sized down to Excel's last row (1,048,576) is refused from its stated size, before any row."""
    path = _with_demand_sheet(small_template, tmp_path / "submission.xlsx",
                              lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:K1048576"', xml))
    started = time.monotonic()
    refused(path, "sheet Nhu cầu: the sheet has 1,048,576 rows, more than the limit of 500,000 rows")
    assert time.monotonic() - started < 30


def test_a_sheet_with_a_cell_in_its_last_row_is_refused_within_seconds(small_template, tmp_path):
    """A sheet whose stated size is wrong but which has a cell in row 1,048,576 is refused while it streams."""
    last = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    path = _with_demand_sheet(small_template, tmp_path / "submission.xlsx",
                              lambda xml: xml.replace("</sheetData>", last))
    started = time.monotonic()
    refused(path, "sheet Nhu cầu: the sheet has more rows than the limit of 500,000 rows")
    assert time.monotonic() - started < 30


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_opened(small_template, tmp_path):
    """A zip bomb: a member that unpacks to 501 MiB of zeros (a few hundred kB packed) is refused from the zip's
    directory, before openpyxl reads anything."""
    path = tmp_path / "submission.xlsx"
    path.write_bytes(small_template)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(501):
                member.write(block)
    refused(path, f"{path}: the workbook unpacks to ", "MB, more than the limit of 500 MB")


def test_a_named_pipe_is_named_and_never_opened(tmp_path):
    path = tmp_path / "submission.xlsx"
    os.mkfifo(path)
    with pytest.raises(InputError, match="is a named pipe \\(FIFO\\), not a file"):
        import_workbook(path)
