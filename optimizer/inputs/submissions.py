"""Excel workbooks for the units' submissions: a template to fill in, and a filled one read back as a data folder.

``template_workbook`` renders an .xlsx: an instructions sheet, then one sheet per input table in
``schema.ALL_TABLES`` order (optionally pre-filled from a data folder), and a hidden ``lists`` sheet that the
drop-down lists point to. ``import_workbook`` reads a filled workbook back into the CSV files of a data folder and
checks them with ``data.load_inputs``. Both return bytes; neither writes a file (the CLI does).

Header scheme
-------------
Row 1 of a table sheet holds each column's label in the workbook's language (bold, e.g. "Mã đơn vị"); row 2,
the *key row*, holds the machine column name from ``schema`` (small grey text, e.g. ``unit_id``); data start in
row 3, and both header rows are frozen. On import a column is named by its key when the row under the header is
a key row (every filled cell in it is a column name of the table), and otherwise by its header, which may be the
Vietnamese label, the English label or the machine name (case, spacing and Unicode form do not matter). So a
sheet whose key row was deleted, or one built by hand with either kind of header, reads the same; a header
merged over two columns still reads because the key row names each column. When a column has both a known
label and a key and they disagree, the import refuses rather than guess. A few title rows above the header are
skipped (the header is the first of the first ten rows with at least two known headers).

What import forgives and what it refuses
----------------------------------------
Forgiven, because Excel does it without changing the meaning: numbers stored as text, whole floats (12.0),
leading/trailing and non-breaking spaces, decomposed Vietnamese letters (NFD), blank rows and empty columns
anywhere, merged header cells, a year typed as a date (or the year 2024 shown as the date 16/07/1905), Excel
TRUE/FALSE in yes/no columns, the Vietnamese or English label of a fixed choice ("Khối Đảng" for ``party``),
a missing or emptied optional sheet (``targets``, ``plan_figures``: written as a header-only CSV). Formulas count by the
value Excel saved with them. Optional columns that are blank in every row are left out of the CSV, as in the
bundled data. Refused, as a one-line ``InputError`` naming the workbook, sheet, Excel row and column header and
the fix: anything that ``load_inputs`` refuses (a fractional count, text in a number column, an unknown id...),
an unknown or repeated header, a missing required sheet or column, values under no header, and a file that is
not an .xlsx workbook. The input file is only read.

Drop-down lists (list validations) point to the hidden ``lists`` sheet. Fixed choices (block, kind of unit,
mode, family group, kind of figure) stop a wrong entry; ids (units, families, tiers, quota targets, taken from
the data folder) and yes/no columns only warn, so a new id can be typed and is checked on import.
"""


from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import tempfile
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation

from ..encode import _workbook_bytes
from ..errors import InputError, Place
from ..files import MISSING, not_a_file
from . import schema
from .data import load_inputs
from .reading import (
    FALSE_WORDS,
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    TRUE_WORDS,
    NotWholeNumber,
    parse_whole_number,
    without_invisible,
)

LANGS = ("vi", "en")
KEY_ROW = 2  # row of the machine column names under the labels
FIRST_DATA_ROW = 3
VALIDATION_LAST_ROW = 5000  # drop-down lists cover at least this many rows (more when the data need it)
VALIDATION_SPARE_ROWS = 1000
HEADER_SEARCH_ROWS = 10  # the header may sit under a few title rows
LISTS_SHEET = "lists"
OPTIONAL_TABLES = ("targets", "plan_figures")
WIDTH = (8, 50)  # min, max characters of a table column
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted (password-protected) .xlsx
# Invisible format characters (U+200B, U+FEFF...) are not removed from cells: load_inputs refuses them in ids
# and drops them from free text, as it does for a CSV file. Headers are matched without them (see _norm).
SPACES = {"\xa0": " ", "\u2007": " ", "\u202f": " ", "\r\n": "\n", "\r": "\n"}
# An .xlsx is a zip of XML: its unpacked size bounds what openpyxl will parse and hold (shared strings are held
# whole). A province's workbook unpacks to a few MB; a zip bomb unpacks to far more than it weighs.
MAX_UNPACKED_BYTES = 500_000_000
# Rows a table sheet may have: the rows of a table, a few title rows and the two header rows.
MAX_SHEET_ROWS = MAX_ROWS + HEADER_SEARCH_ROWS + 2

SHEET_TITLES = {
    "vi": {
        "instructions": "Hướng dẫn", "units": "Đơn vị", "families": "Loại hình đào tạo", "courses": "Khóa học",
        "caps": "Chỉ tiêu", "demand": "Nhu cầu", "tiers": "Đối tượng ưu tiên", "targets": "Mục tiêu",
        "plan_figures": "Số liệu kế hoạch",
    },
    "en": {
        "instructions": "Instructions", "units": "Units", "families": "Training families", "courses": "Courses",
        "caps": "Quotas", "demand": "Demand", "tiers": "Priority tiers", "targets": "Targets",
        "plan_figures": "Plan figures",
    },
}

# (Vietnamese, English) label of every column of every input table.
COLUMN_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "units": {
        "unit_id": ("Mã đơn vị", "Unit id"), "name": ("Tên đơn vị", "Unit name"),
        "name_en": ("Tên tiếng Anh", "English name"), "kind": ("Loại đơn vị", "Kind of unit"),
    },
    "families": {
        "family": ("Mã loại hình", "Family id"), "name": ("Tên loại hình đào tạo", "Family name"),
        "name_en": ("Tên tiếng Anh", "English name"), "group": ("Nhóm", "Group"),
    },
    "courses": {
        "course_id": ("Mã khóa học", "Course id"), "name": ("Tên khóa học", "Course name"),
        "name_en": ("Tên tiếng Anh", "English name"), "family": ("Mã loại hình", "Family id"),
        "mode": ("Hình thức học", "Mode"), "duration_months": ("Thời gian học (tháng)", "Duration (months)"),
        "class_size_min": ("Sĩ số lớp tối thiểu", "Minimum class size"),
        "class_size_max": ("Sĩ số lớp tối đa", "Maximum class size"),
    },
    "caps": {
        "year": ("Năm", "Year"), "target": ("Khóa học hoặc loại hình", "Course or family"),
        "block": ("Khối", "Block"), "seats_min": ("Chỉ tiêu tối thiểu", "Minimum seats"),
        "seats_max": ("Chỉ tiêu tối đa", "Maximum seats"), "classes_min": ("Số lớp tối thiểu", "Minimum classes"),
        "classes_max": ("Số lớp tối đa", "Maximum classes"), "provisional": ("Tạm giao", "Provisional"),
        "source": ("Căn cứ", "Source"),
    },
    "demand": {
        "demand_id": ("Mã dòng nhu cầu", "Demand id"), "unit_id": ("Mã đơn vị", "Unit id"),
        "family": ("Mã loại hình", "Family id"), "tier": ("Mã đối tượng", "Tier id"), "block": ("Khối", "Block"),
        "count": ("Số lượng", "Count"), "earliest_year": ("Năm sớm nhất được cử học", "Earliest year"),
        "deadline_year": ("Năm phải học xong", "Deadline year"),
        "full_time_only": ("Chỉ học tập trung", "Full-time only"),
        "former_unit": ("Mã đơn vị cũ", "Former unit id"), "change_year": ("Năm đổi đơn vị", "Year of the change"),
    },
    "tiers": {
        "tier": ("Mã đối tượng", "Tier id"), "rank": ("Thứ tự ưu tiên", "Rank"),
        "name": ("Tên đối tượng", "Tier name"), "name_en": ("Tên tiếng Anh", "English name"),
    },
    "targets": {
        "family": ("Mã loại hình", "Family id"), "tier": ("Mã đối tượng", "Tier id"), "year": ("Năm", "Year"),
        "target_share": ("Tỷ lệ mục tiêu", "Target share"), "source": ("Căn cứ", "Source"),
    },
    "plan_figures": {
        "figure_id": ("Mã số liệu", "Figure id"), "kind": ("Loại số liệu", "Kind of figure"),
        "target": ("Khóa học, loại hình hoặc nhóm", "Course, family or group"), "block": ("Khối", "Block"),
        "value": ("Giá trị", "Value"), "classes": ("Số lớp", "Classes"), "audience": ("Đối tượng học", "Audience"),
        "source": ("Căn cứ", "Source"),
    },
}

TABLE_NOTES = {
    "vi": {
        "units": "Các đơn vị cử cán bộ đi học, mỗi hàng một đơn vị.",
        "families": "Các loại hình đào tạo, bồi dưỡng của kế hoạch.",
        "courses": "Các khóa học (hệ tập trung, không tập trung) của từng loại hình, thời gian học và sĩ số lớp.",
        "caps": "Chỉ tiêu kế hoạch giao mỗi năm cho một khóa học hoặc loại hình.",
        "demand": "Nhu cầu của đơn vị: mỗi hàng là số cán bộ của một đơn vị, loại hình, đối tượng, khối cần đi học "
                  "trong cùng khoảng năm.",
        "tiers": "Các đối tượng ưu tiên; thứ tự 1 là cấp bách nhất.",
        "targets": "Tỷ lệ nhu cầu cần đáp ứng luỹ kế đến mỗi năm (chỉ dùng cho biểu đồ). Trang này có thể để trống "
                   "hoặc xóa.",
        "plan_figures": "Các số liệu khác kế hoạch nêu (tổng cả giai đoạn, số lớp, đối tượng). Trang này có thể để "
                        "trống hoặc xóa.",
    },
    "en": {
        "units": "The units that send cadres to training, one row per unit.",
        "families": "The kinds of training of the plan.",
        "courses": "The courses (full-time, part-time) of each family, their duration and class sizes.",
        "caps": "The plan's quota for a course or family in one year.",
        "demand": "Each row is the number of cadres of one unit, family, tier and block who must be trained within "
                  "the same years.",
        "tiers": "The priority tiers; rank 1 is the most urgent.",
        "targets": "The share of demand to be covered by each year, cumulative (used for charts only). This sheet "
                   "may be left empty or deleted.",
        "plan_figures": "Other figures the plan states (period totals, classes, audiences). This sheet may be left "
                        "empty or deleted.",
    },
}

COLUMN_NOTES = {
    "vi": {
        ("demand", "count"): "Số cán bộ.",
        ("demand", "earliest_year"): "Năm sớm nhất có thể cử đi học.",
        ("demand", "deadline_year"): "Năm phải học xong.",
        ("demand", "full_time_only"): "'có' nếu chỉ được học hệ tập trung.",
        ("demand", "former_unit"): "Chỉ điền khi đơn vị sáp nhập hoặc chia tách; điền cùng năm đổi đơn vị.",
        ("demand", "change_year"): "Từ năm này cán bộ thuộc đơn vị mới; điền cùng mã đơn vị cũ.",
        ("courses", "class_size_min"): "Để trống cả hai cột sĩ số nếu học theo suất cá nhân, không theo lớp.",
        ("caps", "target"): "Mã khóa học hoặc mã loại hình.",
        ("caps", "provisional"): "'có' nếu chỉ tiêu còn phụ thuộc Trung ương.",
        ("tiers", "rank"): "1 là cấp bách nhất; mỗi đối tượng một thứ tự.",
    },
    "en": {
        ("demand", "count"): "Number of cadres.",
        ("demand", "earliest_year"): "The first year they can start.",
        ("demand", "deadline_year"): "The year their training must be finished.",
        ("demand", "full_time_only"): "true for cadres who may only study full-time.",
        ("demand", "former_unit"): "Only for a merged or split unit; fill in with the year of the change.",
        ("demand", "change_year"): "From this year the cadres belong to the new unit; fill in with the former unit.",
        ("courses", "class_size_min"): "Leave both class sizes blank for individual seats (no classes).",
        ("caps", "target"): "A course id or a family id.",
        ("caps", "provisional"): "true when the quota depends on the centre.",
        ("tiers", "rank"): "1 is the most urgent; one rank per tier.",
    },
}

# Id columns whose values must be ids of another table: (table, column) -> the tables that list them.
REFERENCES = {
    ("demand", "unit_id"): ("units",), ("demand", "former_unit"): ("units",),
    ("demand", "family"): ("families",), ("courses", "family"): ("families",), ("targets", "family"): ("families",),
    ("demand", "tier"): ("tiers",), ("targets", "tier"): ("tiers",),
    ("caps", "target"): ("courses", "families"),
}
CHOICE_LABELS = {
    lang: {**schema.KIND_LABELS[lang], **schema.MODE_LABELS[lang], **schema.BLOCK_LABELS[lang]} for lang in LANGS
}
BOOL_WORDS = {"vi": ("có", "không"), "en": ("true", "false")}

TEXT = {
    "vi": {
        "title": "HƯỚNG DẪN ĐIỀN VÀ GỬI SỐ LIỆU",
        "rules": (
            "1. Mỗi trang tính là một bảng số liệu; các trang và các cột được mô tả trong bảng dưới đây.",
            "2. Hàng 1 là tên cột. Hàng 2 (chữ nhỏ màu xám) là mã cột để chương trình đọc: không sửa, không xóa "
            "hàng 2. Số liệu điền từ hàng 3, mỗi hàng một dòng số liệu; hàng trống được bỏ qua.",
            "3. Không đổi tên trang tính, không thêm cột. Cột không bắt buộc có thể để trống.",
            "4. Mã (các cột 'Mã ...') chỉ gồm chữ thường không dấu a–z, chữ số, dấu '_', '-' hoặc '.', không có "
            "dấu cách; ví dụ: tp_nam_dinh.",
            "5. Năm và số lượng là số nguyên (ví dụ 2024, 12): không có phần thập phân, không có dấu chấm hay "
            "dấu phẩy phân cách hàng nghìn.",
            "6. Cột có/không: ghi 'có' hoặc 'không' (hoặc true/false); ô để trống được hiểu là 'không'.",
            "7. Cột có danh sách chọn: bấm vào ô và chọn trong danh sách.",
            "8. Gửi lại: lưu tệp dạng Excel Workbook (.xlsx), không lưu thành .xls hay .csv, và gửi về cơ quan "
            "tổng hợp. Tệp được nhập bằng lệnh 'import' của chương trình; nếu có lỗi, chương trình báo tên trang, "
            "số hàng và tên cột cần sửa.",
        ),
        "headers": ("Trang tính", "Cột", "Mã cột", "Bắt buộc", "Cách ghi, giá trị hợp lệ"),
        "yes": "Có", "no": "Không",
        "optional_sheet": "(không bắt buộc)",
        "id": "Mã: chữ thường không dấu a–z, chữ số, '_', '-', '.'; không có dấu cách",
        "ref": "phải có trong trang {sheets}", "or": " hoặc ",
        "text": "Chữ (có dấu); không bắt đầu bằng =, + hoặc @",
        "int": "Số nguyên từ {low} đến {high}", "int_low": "Số nguyên từ {low} trở lên",
        "year": "Năm: số nguyên 4 chữ số ({low}–{high})",
        "share": "Tỷ lệ từ 0 đến 1, ví dụ 0,8 là 80%",
        "bool": "có/không (hoặc true/false); để trống là không",
        "choice": "Một trong: {choices}",
        "blank": "có thể để trống",
        "list_title": "Chọn trong danh sách", "list_stop": "Giá trị không có trong danh sách.",
        "list_warn": "Giá trị không có trong danh sách; vẫn giữ nếu chắc chắn là mã mới.",
    },
    "en": {
        "title": "HOW TO FILL IN AND SEND BACK THIS WORKBOOK",
        "rules": (
            "1. Each sheet is one table; the sheets and their columns are described in the table below.",
            "2. Row 1 holds the column names. Row 2 (small grey text) holds the column keys the program reads: do "
            "not change or delete row 2. Data start in row 3, one record per row; blank rows are skipped.",
            "3. Do not rename the sheets or add columns. Optional columns may be left blank.",
            "4. Ids (the '... id' columns) use plain ASCII lowercase letters a–z, digits, '_', '-' or '.', without "
            "spaces; for example tp_nam_dinh.",
            "5. Years and counts are whole numbers (e.g. 2024, 12): no decimals, no thousands separators.",
            "6. Yes/no columns: write true or false (or có/không); a blank cell means false.",
            "7. Columns with a drop-down list: click the cell and pick a value from the list.",
            "8. Sending it back: save the file as an Excel Workbook (.xlsx), not .xls or .csv, and send it to the "
            "province. It is read with the program's 'import' command, which names the sheet, row and column of any "
            "problem.",
        ),
        "headers": ("Sheet", "Column", "Key", "Required", "How to fill in, allowed values"),
        "yes": "Yes", "no": "No",
        "optional_sheet": "(optional)",
        "id": "Id: plain ASCII lowercase letters a–z, digits, '_', '-', '.'; no spaces",
        "ref": "must be listed in the sheet {sheets}", "or": " or ",
        "text": "Text; must not start with =, + or @",
        "int": "Whole number from {low} to {high}", "int_low": "Whole number of at least {low}",
        "year": "Year: a four-digit whole number ({low}–{high})",
        "share": "Share between 0 and 1, e.g. 0.8 for 80%",
        "bool": "true/false (or có/không); blank means false",
        "choice": "One of: {choices}",
        "blank": "may be left blank",
        "list_title": "Pick from the list", "list_stop": "The value is not in the list.",
        "list_warn": "The value is not in the list; keep it only if it is a new id.",
    },
}

BOLD = Font(bold=True)
KEY_FONT = Font(size=8, italic=True, color="808080")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
KEY_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


def _table(name: str) -> schema.Table:
    return next(t for t in schema.ALL_TABLES if t.name == name)


def column_label(table: str, column: str, lang: str = "vi") -> str:
    """The header people read for a column of an input table (the machine name for a column not yet labelled)."""
    vi, en = COLUMN_LABELS.get(table, {}).get(column, (column, column))
    return vi if _check_lang(lang) == "vi" else en


def _is_year(column: schema.Column) -> bool:
    return column.kind == "int" and (column.name == "year" or column.name.endswith("_year"))


# --- template ------------------------------------------------------------------------------------------------


def template_workbook(folder: Path | None, lang: str = "vi", blank: tuple[str, ...] = ()) -> bytes:
    """The submission template as .xlsx bytes, identical on every call for the same arguments.

    With ``folder`` (a data folder that ``load_inputs`` accepts) every table sheet is pre-filled with the folder's
    rows, except the tables named in ``blank``, and the id columns get drop-down lists of the folder's units,
    families, tiers and courses; without it the sheets are empty and only the fixed choices have lists.
    """
    _check_lang(lang)
    names = [t.name for t in schema.ALL_TABLES]
    unknown = sorted(set(blank) - set(names))
    if unknown:
        raise ValueError(f"unknown table(s) in blank: {', '.join(unknown)}; the tables are {', '.join(names)}")
    rows = _folder_records(Path(folder)) if folder is not None else {}
    lists = _lists(rows, lang)

    workbook = Workbook()
    workbook.remove(workbook.active)
    _instructions_sheet(workbook.create_sheet(SHEET_TITLES[lang]["instructions"]), lang)
    lists_sheet = workbook.create_sheet(LISTS_SHEET)
    places = _fill_lists(lists_sheet, lists)
    for table in schema.ALL_TABLES:
        sheet = workbook.create_sheet(SHEET_TITLES[lang][table.name])
        records = [] if table.name in blank else rows.get(table.name, [])
        _table_sheet(sheet, table, records, lang, places)
    workbook.move_sheet(lists_sheet, offset=len(workbook.sheetnames) - 1 - workbook.index(lists_sheet))
    lists_sheet.sheet_state = "hidden"
    workbook.active = 0
    return _workbook_bytes(workbook)


def _folder_records(folder: Path) -> dict[str, list[dict[str, str]]]:
    """The rows of every table of a data folder as text, in file order, after ``load_inputs`` accepted them."""
    load_inputs(folder)
    records: dict[str, list[dict[str, str]]] = {}
    for table in schema.ALL_TABLES:
        text = (folder / table.file).read_bytes().decode("utf-8-sig")
        reader = csv.reader(io.StringIO(text, newline=""))
        header: list[str] | None = None
        rows = []
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [cell.strip() for cell in record]
                continue
            rows.append({name: cell.strip() for name, cell in zip(header, record)})
        records[table.name] = rows
    return records


def _lists(rows: Mapping[str, list[dict[str, str]]], lang: str) -> dict[str, tuple[str, ...]]:
    """The drop-down lists by name: ids from the folder's tables (if any) and the fixed choices of the schema."""
    def ids(table: str, column: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r[column] for r in rows.get(table, []) if r.get(column)))

    lists = {
        "units": ids("units", "unit_id"),
        "families": ids("families", "family"),
        "tiers": ids("tiers", "tier"),
        "courses+families": ids("courses", "course_id") + ids("families", "family"),
        "bool": BOOL_WORDS[lang] + BOOL_WORDS["en" if lang == "vi" else "vi"],
    }
    for table in schema.ALL_TABLES:
        for column in table.columns:
            if column.kind == "choice":
                lists.setdefault("|".join(column.choices), column.choices)
    return {name: values for name, values in lists.items() if values}


def _list_of(table: schema.Table, column: schema.Column) -> str | None:
    """The name of the drop-down list of a column, or None."""
    if column.kind == "choice":
        return "|".join(column.choices)
    if column.kind == "bool":
        return "bool"
    references = REFERENCES.get((table.name, column.name))
    if references:
        return "+".join(references)
    return None


def _fill_lists(sheet, lists: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Write each list as a column of the lists sheet; return each list's absolute range for a validation."""
    places = {}
    for position, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(position)
        sheet.cell(1, position, name)
        for row, value in enumerate(values, start=2):
            sheet.cell(row, position, value).data_type = "s"
        places[name] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
    return places


def _excel_value(column: schema.Column, text: str, lang: str) -> Any:
    """A data folder's cell text as the value the template shows: numbers as numbers, yes/no in words."""
    if text == "":
        return None
    if column.kind == "int":
        return int(float(text))
    if column.kind == "share":
        return float(text)
    if column.kind == "bool":
        yes, no = BOOL_WORDS[lang]
        return yes if text.lower() in TRUE_WORDS else no
    return text


def _table_sheet(sheet, table: schema.Table, records: list[dict[str, str]], lang: str,
                 places: Mapping[str, str]) -> None:
    columns = table.columns
    for position, column in enumerate(columns, start=1):
        label = sheet.cell(1, position, column_label(table.name, column.name, lang))
        label.font, label.fill, label.alignment = BOLD, HEADER_FILL, WRAP_TOP
        key = sheet.cell(KEY_ROW, position, column.name)
        key.font, key.fill = KEY_FONT, KEY_FILL
    for row, record in enumerate(records, start=FIRST_DATA_ROW):
        for position, column in enumerate(columns, start=1):
            value = _excel_value(column, record.get(column.name, ""), lang)
            if value is not None:
                cell = sheet.cell(row, position, value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, never a formula, even if it starts with "="
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 1).coordinate

    last = max(VALIDATION_LAST_ROW, FIRST_DATA_ROW + len(records) + VALIDATION_SPARE_ROWS)
    text = TEXT[lang]
    for position, column in enumerate(columns, start=1):
        name = _list_of(table, column)
        if name is None or name not in places:
            continue
        strict = column.kind == "choice"
        validation = DataValidation(
            type="list", formula1=places[name], allow_blank=True, showErrorMessage=True,
            errorStyle="stop" if strict else "warning", errorTitle=text["list_title"],
            error=text["list_stop"] if strict else text["list_warn"],
        )
        letter = get_column_letter(position)
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
        sheet.add_data_validation(validation)

    for position, column in enumerate(columns, start=1):
        label = column_label(table.name, column.name, lang)
        longest = max((len(str(r.get(column.name, ""))) for r in records), default=0)
        head = max(min(len(label), 24), len(column.name))
        width = max(WIDTH[0], min(WIDTH[1], max(longest, head) + 2))
        sheet.column_dimensions[get_column_letter(position)].width = width


def _allowed(table: schema.Table, column: schema.Column, lang: str) -> str:
    """How to fill in a column, in words."""
    text = TEXT[lang]
    if column.kind == "id":
        words = text["id"]
        references = REFERENCES.get((table.name, column.name))
        if references:
            sheets = text["or"].join(f"'{SHEET_TITLES[lang][r]}'" for r in references)
            words += "; " + text["ref"].format(sheets=sheets)
    elif column.kind == "text":
        words = text["text"]
    elif column.kind == "share":
        words = text["share"]
    elif column.kind == "bool":
        words = text["bool"]
    elif column.kind == "choice":
        labels = CHOICE_LABELS[lang]
        words = text["choice"].format(choices=", ".join(
            f"{c} ({labels[c]})" if labels.get(c) else c for c in column.choices))
    elif _is_year(column):
        words = text["year"].format(low=column.minimum, high=column.maximum)
    elif column.maximum is not None:
        high = f"{column.maximum:,}".replace(",", "." if lang == "vi" else ",")  # 1.000.000 in Vietnamese
        words = text["int"].format(low=column.minimum, high=high)
    else:
        words = text["int_low"].format(low=column.minimum)
    if column.nullable or not column.required:
        if column.kind != "bool":
            words += "; " + text["blank"]
    note = COLUMN_NOTES[lang].get((table.name, column.name))
    return f"{words}. {note}" if note else words + "."


def _instructions_sheet(sheet, lang: str) -> None:
    text = TEXT[lang]
    sheet.cell(1, 1, text["title"]).font = Font(bold=True, size=13)
    row = 3
    for rule in text["rules"]:
        sheet.cell(row, 1, rule)
        row += 1
    row += 1
    for position, head in enumerate(text["headers"], start=1):
        cell = sheet.cell(row, position, head)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP_TOP
    header_row = row
    for table in schema.ALL_TABLES:
        row += 1
        title = SHEET_TITLES[lang][table.name]
        if table.name in OPTIONAL_TABLES:
            title += " " + text["optional_sheet"]
        sheet.cell(row, 1, title).font = BOLD
        note = sheet.cell(row, 5, TABLE_NOTES[lang][table.name])
        note.font, note.alignment = Font(italic=True), WRAP_TOP
        for column in table.columns:
            row += 1
            sheet.cell(row, 1, SHEET_TITLES[lang][table.name])
            sheet.cell(row, 2, column_label(table.name, column.name, lang))
            sheet.cell(row, 3, column.name).font = KEY_FONT
            required = column.required and not column.nullable
            sheet.cell(row, 4, text["yes"] if required else text["no"])
            sheet.cell(row, 5, _allowed(table, column, lang)).alignment = WRAP_TOP
    for letter, width in zip("ABCDE", (22, 30, 18, 10, 90)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1).coordinate


# --- import --------------------------------------------------------------------------------------------------


@dataclass
class _Sheet:
    """One table as read from its sheet: the records as CSV text and where each came from."""

    table: schema.Table
    title: str  # the sheet title the user sees (or the expected one, when the sheet is missing)
    lang: str
    header_row: int | None  # Excel row of the header, None when the sheet is missing
    labels: dict[str, str]  # machine column name -> the header the user sees
    records: list[dict[str, str]]
    rows: list[int]  # Excel row of each record


def import_workbook(path: Path) -> dict[str, bytes]:
    """Read a filled submission workbook into the CSV files of a data folder: {"units.csv": bytes, ...}.

    The files are checked together with ``load_inputs``; any problem is an ``InputError`` that names the
    workbook, the sheet, the Excel row and the column header. The workbook itself is only read.
    """
    path = Path(path)
    workbook = _open_workbook(path)
    try:
        sheets = _read_sheets(workbook, path)
    finally:
        workbook.close()
    files = {sheet.table.file: _csv_text(sheet)[0].encode("utf-8") for sheet in sheets.values()}
    _validate(files, sheets, path)
    return files


def _where(path: Path, title: str) -> str:
    return f"{path}, sheet {_one_line(title)}"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _open_workbook(path: Path):
    """The workbook, read-only with the values Excel saved for formulas; one-line errors for what is not .xlsx."""
    place = Place(str(path))
    fix = "open it in Excel and save it as 'Excel Workbook (.xlsx)'"
    problem = not_a_file(path)  # from stat: a named pipe is never opened
    if problem == MISSING:
        raise InputError(place, "the workbook does not exist", "check the file name")
    if problem is not None:
        raise InputError(place, problem, "give the path of an .xlsx workbook")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(place, f"the file is {size / 1e6:,.0f} MB, more than the limit of {MAX_FILE_BYTES / 1e6:,.0f} "
                                "MB for a workbook", "check that it is the right file: a province's workbook is a few MB")
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)  # never more, whatever the file grew to since stat
    if not data:
        raise InputError(place, "the file is empty", "send the filled workbook again")
    if data.startswith(OLE2_MAGIC):
        raise InputError(place, "the file is an old Excel 97–2003 workbook (.xls) or a password-protected one, "
                                "not an .xlsx workbook", fix + " without a password")
    if not data.startswith(b"PK"):
        looks = " (it looks like a CSV or text file)" if _is_text(data) else ""
        raise InputError(place, f"the file is not an .xlsx workbook{looks}", fix)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(place, "the file is damaged: it is not a complete .xlsx (zip) file", fix)
    _check_unpacked_size(data, place, fix)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a zip that is not a workbook
        raise InputError(place, f"the file cannot be read as an .xlsx workbook ({type(err).__name__})", fix) from None


def _check_unpacked_size(data: bytes, place: Place, fix: str) -> None:
    """Refuse a workbook that would unpack to more than MAX_UNPACKED_BYTES, from the zip's directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise InputError(place, f"the file is damaged ({type(err).__name__})", fix) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(place, f"the workbook unpacks to {unpacked / 1e6:,.0f} MB, more than the limit of "
                                f"{MAX_UNPACKED_BYTES / 1e6:,.0f} MB", "check that it is the right file; delete "
                                "what is not the tables (pictures, empty rows formatted to the bottom) and save again")


def _is_text(data: bytes) -> bool:
    """Whether the file looks like text (a CSV saved under an .xlsx name): binary formats have NUL bytes early."""
    return b"\x00" not in data[:4096]


def _norm(value: Any) -> str:
    """A header or sheet title as compared: one-line, NFC, no invisible characters, spaces collapsed, case-folded."""
    if value is None:
        return ""
    return " ".join(without_invisible(_clean(str(value))).split()).casefold()


def _clean(text: str) -> str:
    """Text as typed, without what Excel or copy-paste adds: NFD letters, non-breaking spaces, outer spaces."""
    text = unicodedata.normalize("NFC", text)
    for old, new in SPACES.items():
        text = text.replace(old, new)
    return text.strip()


def _read_sheets(workbook, path: Path) -> dict[str, _Sheet]:
    by_title: dict[str, tuple[str, str]] = {}  # normalized title -> (table, lang)
    for lang in LANGS:
        for table in schema.ALL_TABLES:
            by_title[_norm(SHEET_TITLES[lang][table.name])] = (table.name, lang)
    for table in schema.ALL_TABLES:
        by_title.setdefault(_norm(table.name), (table.name, "vi"))
        by_title.setdefault(_norm(table.file), (table.name, "vi"))

    found: dict[str, tuple[Any, str]] = {}
    langs = []
    for sheet in workbook.worksheets:
        match = by_title.get(_norm(sheet.title))
        if match is None:
            continue
        name, lang = match
        if name in found:
            raise InputError(Place(_where(path, sheet.title)), f"two sheets hold the table '{name}' "
                             f"(also '{found[name][0].title}')", "delete or rename one of them")
        found[name] = (sheet, lang)
        langs.append(lang)
    book_lang = "en" if langs and langs.count("en") > langs.count("vi") else "vi"

    sheets = {}
    for table in schema.ALL_TABLES:
        if table.name not in found:
            title = SHEET_TITLES[book_lang][table.name]
            if table.name in OPTIONAL_TABLES:
                labels = {c.name: column_label(table.name, c.name, book_lang) for c in table.columns}
                sheets[table.name] = _Sheet(table, title, book_lang, None, labels, [], [])
                continue
            ours = {_norm(LISTS_SHEET)} | {_norm(titles["instructions"]) for titles in SHEET_TITLES.values()}
            others = [s.title for s in workbook.worksheets if _norm(s.title) not in by_title.keys() | ours]
            seen = f" (the workbook has: {', '.join(others)})" if others else ""
            other = SHEET_TITLES["en" if book_lang == "vi" else "vi"][table.name]
            raise InputError(Place(_where(path, title)), f"the sheet is missing{seen}",
                             f"add the sheet '{title}' (or '{other}') as in the template")
        sheet, lang = found[table.name]
        sheets[table.name] = _read_sheet(sheet, table, lang, workbook.epoch, path)
    return sheets


def _sheet_rows(sheet, path: Path) -> list[list[Any]]:
    """The sheet's rows as lists without trailing empty cells, within the limits on rows and cell length."""
    declared = sheet.max_row  # the size the sheet's <dimension> states (Excel writes it), known before any row
    if declared is not None and declared > MAX_SHEET_ROWS:
        raise _too_many_rows(sheet, path, f"has {declared:,} rows, more")
    try:
        sheet.reset_dimensions()  # some writers store a wrong size; read every row there is
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_SHEET_ROWS:  # rows are counted as they stream, so a wrong size cannot hide them
                raise _too_many_rows(sheet, path, "has more rows")
            rows.append(_trimmed(row, sheet, path, number))
        return rows
    except InputError:
        raise
    except Exception as err:
        raise InputError(Place(_where(path, sheet.title)), f"the sheet cannot be read ({type(err).__name__}): "
                         "the file is damaged", "open it in Excel and save it again as .xlsx") from None


def _too_many_rows(sheet, path: Path, rows: str) -> InputError:
    return InputError(Place(_where(path, sheet.title)), f"the sheet {rows} than the limit of {MAX_ROWS:,} rows for "
                      "one table (perhaps rows formatted down to the bottom of the sheet)",
                      "delete the rows below the data (select them, then Delete Sheet Rows) and save again")


def _trimmed(row: tuple, sheet, path: Path, number: int) -> list[Any]:
    """A row without its trailing empty cells (a cell far right must not make every row that wide), each text
    cell within MAX_CELL_CHARS."""
    values = list(row)
    while values and values[-1] is None:
        values.pop()
    for position, value in enumerate(values):
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise InputError(Place(_where(path, sheet.title), number, get_column_letter(position + 1)),
                             f"a cell is {len(value):,} characters long, more than the limit of {MAX_CELL_CHARS:,}",
                             "shorten it")
    return values


def _read_sheet(sheet, table: schema.Table, lang: str, epoch, path: Path) -> _Sheet:
    where = _where(path, sheet.title)
    rows = _sheet_rows(sheet, path)
    names = {c.name: c for c in table.columns}
    known: dict[str, str] = {}
    for column in table.columns:
        for header in (column_label(table.name, column.name, "vi"), column_label(table.name, column.name, "en"),
                       column.name):
            known[_norm(header)] = column.name
    keys = {_norm(name): name for name in names}

    header_index = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        filled = [_norm(v) for v in row if _norm(v)]
        hits = sum(h in known for h in filled)
        if hits >= 2 or (hits and hits == len(filled)):
            header_index = index
            break
    if header_index is None:
        if table.name in OPTIONAL_TABLES and not any(_text(v) for row in rows for v in row):
            labels = {c.name: column_label(table.name, c.name, lang) for c in table.columns}
            return _Sheet(table, sheet.title, lang, None, labels, [], [])  # an emptied optional sheet
        raise InputError(Place(where, 1), "no header row found",
                         "copy the header rows (1 and 2) from the template back into the sheet")

    header = rows[header_index]
    key_row = rows[header_index + 1] if header_index + 1 < len(rows) else []
    key_cells = [_norm(v) for v in key_row if _norm(v)]
    has_keys = bool(key_cells) and all(k in keys for k in key_cells)
    first_data = header_index + (2 if has_keys else 1)
    header_row = header_index + 1  # Excel rows are 1-based
    width = max((len(r) for r in rows), default=0)

    mapping: dict[int, str] = {}  # position -> machine column name
    labels: dict[str, str] = {}
    for position in range(width):
        letter = get_column_letter(position + 1)
        raw = header[position] if position < len(header) else None
        label = _norm(raw)
        key = _norm(key_row[position]) if has_keys and position < len(key_row) else ""
        shown = _one_line(_clean(str(raw))) if label else (keys[key] if key else "")
        display = f"{shown} ({letter})" if shown else letter
        if key:
            name = keys[key]
            if label and label in known and known[label] != name:
                raise InputError(Place(where, header_row, display),
                                 f"the header says '{shown}' but the key under it says '{name}'",
                                 "restore the template's header and key for this column")
        elif label:
            if label not in known:
                choices = [column_label(table.name, c.name, lang) for c in table.columns]
                close = difflib.get_close_matches(shown, choices + list(names), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"the columns are: {', '.join(choices)}"
                raise InputError(Place(where, header_row, display), "unknown column header",
                                 f"{hint} (rename it as in the template, or delete the column)")
            name = known[label]
        else:
            filled = next((i for i, r in enumerate(rows[first_data:], start=first_data)
                           if position < len(r) and _text(r[position])), None)
            if filled is not None:
                raise InputError(Place(where, filled + 1, letter), "the column has values but no header",
                                 "give it a header from the template, or delete the values")
            continue
        if name in labels:
            raise InputError(Place(where, header_row, display),
                             f"the column appears twice (also {labels[name]})", "keep one of them")
        mapping[position] = name
        labels[name] = display
    for column in table.columns:
        if column.name not in labels:
            if column.required:
                label = column_label(table.name, column.name, lang)
                raise InputError(Place(where, header_row, label), "required column is missing",
                                 f"add a column headed '{label}' with the key '{column.name}' under it")
            labels[column.name] = column_label(table.name, column.name, lang)

    records, excel_rows = [], []
    for index in range(first_data, len(rows)):
        row = rows[index]
        if not any(_text(v) for v in row):
            continue
        record = {c.name: "" for c in table.columns}
        for position, name in mapping.items():
            if position < len(row):
                record[name] = _cell_text(row[position], names[name], epoch)
        records.append(record)
        excel_rows.append(index + 1)
    return _Sheet(table, sheet.title, lang, header_row, labels, records, excel_rows)


def _text(value: Any) -> str:
    """A cell as tested for being empty: a cell holding only invisible characters looks empty, and is."""
    return "" if value is None else without_invisible(_clean(str(value)))


def _number_text(value: int | float) -> str:
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def _cell_text(value: Any, column: schema.Column, epoch) -> str:
    """A cell's value as the CSV text ``load_inputs`` reads, undoing what Excel does without changing meaning."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before numbers: bool is an int
        if column.kind == "bool":
            return "true" if value else "false"
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):
        if _is_year(column):
            # A year typed as a date; or a year typed into a date-formatted cell, which Excel shows as the
            # date with that serial number (2024 as 16/07/1905).
            return str(value.year) if value.year >= 1950 else _number_text(float(to_excel(value, epoch)))
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            value = value.date()
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if column.kind == "share":
            return repr(float(value))
        if column.kind == "bool" and value in (0, 1):
            return "true" if value else "false"
        return _number_text(value)
    text = _clean(str(value))
    if column.kind == "int" and text:
        try:  # the loader's rule for whole numbers as text (1.234.567, 12,0...); what it refuses stays as typed,
            return str(parse_whole_number(text))  # so load_inputs reports it at its sheet, row and column
        except NotWholeNumber:
            return text
    if column.kind == "bool":
        lowered = text.casefold()
        return "true" if lowered in TRUE_WORDS else "false" if lowered in FALSE_WORDS and lowered else text
    if column.kind == "choice" and text not in column.choices:
        lowered = _norm(text)
        for choice in column.choices:
            if lowered == choice.casefold() or any(_norm(CHOICE_LABELS[lang].get(choice, "")) == lowered
                                                    for lang in LANGS):
                return choice
    return text


def _csv_text(sheet: _Sheet) -> tuple[str, dict[int, int]]:
    """The sheet as CSV text, and the Excel row of each CSV line that starts a record (header = line 1).

    Optional columns that are blank in every row are left out, as in the bundled data.
    """
    columns = [c.name for c in sheet.table.columns
               if c.required or any(record[c.name] for record in sheet.records)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    lines: dict[int, int] = {}
    line = 2
    for record, row in zip(sheet.records, sheet.rows):
        values = [record[name] for name in columns]
        writer.writerow(values)
        lines[line] = row
        line += 1 + sum(value.count("\n") for value in values)
    return buffer.getvalue(), lines


def _validate(files: Mapping[str, bytes], sheets: Mapping[str, _Sheet], path: Path) -> None:
    """Load the CSV files as a data folder; report a problem at the workbook's sheet, row and column."""
    with tempfile.TemporaryDirectory(prefix="submission-") as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        try:
            load_inputs(folder)
        except InputError as err:
            raise _relocated(err, sheets, path) from None


def _relocated(err: InputError, sheets: Mapping[str, _Sheet], path: Path) -> InputError:
    """The same problem, placed in the workbook instead of the temporary CSV file."""
    by_file = {sheet.table.file: sheet for sheet in sheets.values()}
    sheet = by_file.get(Path(err.place.file).name)
    problem, fix = err.problem, err.fix
    for other in sheets.values():
        title = f"sheet '{other.title}'"
        problem, fix = problem.replace(other.table.file, title), fix.replace(other.table.file, title)
    if sheet is None:
        return InputError(Place(str(path)), problem, fix)
    row = err.place.row
    if row is not None:
        row = sheet.header_row if row == 1 else _csv_text(sheet)[1].get(row)
    column = err.place.column
    if column is not None:
        column = "/".join(sheet.labels.get(part, part) for part in column.split("/"))
    return InputError(Place(_where(path, sheet.title), row, column), problem, fix)
