"""One demand workbook per sending unit: its name and demand rows pre-filled, names in drop-downs, codes nowhere.

``unit_forms`` renders, for each unit of a data folder's units.csv, an .xlsx the unit fills in and sends back:
an instructions sheet (what to fill, what each column means, who to send it to), the demand sheet and a hidden
sheet of the drop-down lists. ``unit_intake`` reads the filled workbooks back.

Layout of the demand sheet: the title in row 1, the unit's name in ``UNIT_CELL`` (B2, read back to tell which
unit sent the workbook), a hint in row 3, the column labels in ``HEADER_ROW`` (4) and the data from
``FIRST_ROW`` (5). The unit, family, tier, block and yes/no columns take names from drop-down lists (the unit's
own name only); counts and years are whole numbers checked by Excel's data validation, with Vietnamese messages.
The sheets are protected without a password and the workbook's structure is locked, so only the cells to fill
(the data rows and ``SPARE_ROWS`` empty rows below them) can be changed; the protection keeps the layout from
slipping by accident, it is no security: Review > Unprotect Sheet lifts it.

Demand ids are not asked for: ``derived_ids`` gives each row ``unit.family.tier.block`` with ``.ft`` for
full-time-only cadres, and ``.2``, ``.3``... for the second and later rows with the same five values in the
unit's order of rows. The bytes of a workbook are the same on every call for the same data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from ..encode import _workbook_bytes
from ..words import folded, names
from . import schema
from .data import load_inputs
from .dataset import Inputs
from .submissions import LISTS_SHEET
from .template import fill_lists

LANGS = ("vi", "en")
BUNDLED_DATA = Path(__file__).resolve().parents[2] / "data" / "nam_dinh_2023_2025"  # the default data folder
HEADER_ROW = 4
FIRST_ROW = 5
UNIT_CELL = "B2"
SPARE_ROWS = 200  # empty unlocked rows under the pre-filled ones, for rows the unit adds
MAX_STEM = 60  # characters of a file name's stem

SHEETS = {"vi": {"instructions": "Hướng dẫn", "demand": "Nhu cầu"},
          "en": {"instructions": "Instructions", "demand": "Demand"}}

# (key, Vietnamese label, English label, width)
COLUMNS = (
    ("unit", "Đơn vị", "Unit", 34),
    ("family", "Loại hình đào tạo, bồi dưỡng", "Training family", 44),
    ("tier", "Đối tượng", "Priority tier", 34),
    ("block", "Khối", "Block", 18),
    ("count", "Số lượng (người)", "Count (cadres)", 12),
    ("earliest_year", "Năm sớm nhất được cử học", "Earliest year", 14),
    ("deadline_year", "Năm phải học xong", "Deadline year", 14),
    ("full_time_only", "Chỉ học tập trung", "Full-time only", 12),
)
KEYS = tuple(key for key, *_ in COLUMNS)
YES_NO = {"vi": ("có", "không"), "en": ("yes", "no")}
SEND_TO = {"vi": "Ban Tổ chức Tỉnh ủy", "en": "the Provincial Organisation Commission (Ban Tổ chức Tỉnh ủy)"}

TEXT = {
    "vi": {
        "title": "NHU CẦU ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ — KẾ HOẠCH {first}–{last}",
        "unit": "Đơn vị:",
        "hint": "Điền hoặc sửa từ hàng {row}, mỗi hàng một nhóm cán bộ; chọn tên trong danh sách. Xem trang "
                "'Hướng dẫn'.",
        "guide_title": "HƯỚNG DẪN ĐIỀN NHU CẦU ĐÀO TẠO, BỒI DƯỠNG",
        "for_unit": "Tệp của đơn vị: {name}",
        "rules": (
            ("1. Trang 'Nhu cầu' đã ghi sẵn nhu cầu hiện có của đơn vị (nếu có). Kiểm tra từng hàng, sửa số liệu "
            "nếu cần, thêm hàng mới vào các hàng trống bên dưới."),
            ("2. Mỗi hàng là một nhóm cán bộ của đơn vị cùng loại hình đào tạo, cùng đối tượng, cùng khối và "
            "cùng khoảng năm."),
            ("3. Các cột Đơn vị, Loại hình, Đối tượng, Khối, Chỉ học tập trung: bấm vào ô rồi chọn tên trong danh "
            "sách; không ghi mã. Cột Đơn vị để trống được hiểu là đơn vị mình."),
            ("4. Số lượng là số nguyên từ 0 trở lên. Năm sớm nhất được cử học là một năm của kế hoạch "
            "({first}–{last}); năm phải học xong không trước năm sớm nhất."),
            ("5. Không cần ghi mã dòng: chương trình tự đặt mã cho mỗi hàng theo đơn vị, loại hình, đối tượng, "
            "khối (và 'ft' nếu chỉ học tập trung)."),
            ("6. Bỏ một hàng: xóa nội dung cả hàng (hàng trống được bỏ qua) hoặc ghi số lượng 0. Không ghi hai "
            "hàng giống hệt nhau; cần thêm người thì cộng vào số lượng."),
            ("7. Trang tính được khóa (không có mật khẩu) để giữ nguyên mẫu: chỉ các ô cần điền được mở. Không đổi "
            "tên trang, không thêm hoặc xóa cột."),
            ("8. Lưu dạng Excel Workbook (.xlsx), giữ nguyên tên tệp, gửi về {send_to}. Nếu có lỗi, đơn vị sẽ "
            "nhận lại bảng kê từng lỗi (trang, ô, lỗi gì, cách sửa)."),
        ),
        "headers": ("Cột", "Ý nghĩa", "Cách ghi"),
        "meanings": {
            "unit": ("Đơn vị cử cán bộ đi học.", "Chọn tên đơn vị mình trong danh sách, hoặc để trống."),
            "family": ("Loại hình đào tạo, bồi dưỡng cần cử học.", "Chọn trong danh sách."),
            "tier": ("Đối tượng ưu tiên của nhóm cán bộ (xem bảng dưới).", "Chọn trong danh sách."),
            "block": ("Khối Đảng hay khối Chính quyền.", "Chọn trong danh sách."),
            "count": ("Số cán bộ của nhóm cần cử đi học.", "Số nguyên từ 0 trở lên."),
            "earliest_year": ("Năm sớm nhất có thể cử nhóm cán bộ này đi học.",
                              "Năm của kế hoạch: {first}–{last}."),
            "deadline_year": ("Năm nhóm cán bộ này phải học xong.", "Số năm, không trước năm sớm nhất."),
            "full_time_only": ("'có' nếu nhóm chỉ được học hệ tập trung (ví dụ: quá tuổi học không tập trung).",
                               "Chọn có hoặc không; để trống là không."),
        },
        "tiers_title": "Các đối tượng ưu tiên (1 là cấp bách nhất)",
        "families_title": "Các loại hình đào tạo, bồi dưỡng",
        "list_title": "Chọn trong danh sách",
        "list_error": "Giá trị không có trong danh sách: bấm mũi tên bên phải ô và chọn một tên.",
        "unit_error": "Chỉ ghi tên đơn vị mình ({name}) hoặc để trống.",
        "count_title": "Số lượng", "count_error": "Số lượng là số nguyên từ 0 trở lên (số cán bộ), không có phần "
                                                  "thập phân.",
        "earliest_title": "Năm sớm nhất", "earliest_error": "Năm sớm nhất được cử học phải là năm của kế hoạch, "
                                                            "từ {first} đến {last}.",
        "deadline_title": "Năm phải học xong", "deadline_error": "Năm phải học xong là số năm từ {first} đến "
                                                                 "{max}, không trước năm sớm nhất.",
    },
    "en": {
        "title": "TRAINING DEMAND OF CADRES — PLAN {first}–{last}",
        "unit": "Unit:",
        "hint": "Fill in or correct from row {row}, one group of cadres per row; pick names from the lists. See "
                "the sheet 'Instructions'.",
        "guide_title": "HOW TO FILL IN THE TRAINING DEMAND",
        "for_unit": "Workbook of the unit: {name}",
        "rules": (
            ("1. The sheet 'Demand' holds the unit's current demand (if any). Check each row, correct it if needed, "
            "and add new rows in the empty rows below."),
            "2. Each row is a group of the unit's cadres with the same training family, tier, block and years.",
            ("3. Unit, family, tier, block and full-time only: click the cell and pick a name from the list; no "
            "codes. A blank unit cell means your own unit."),
            ("4. Counts are whole numbers of at least 0. The earliest year is a year of the plan ({first}–{last}); "
            "the deadline is not before the earliest year."),
            ("5. No row ids are needed: each row's id is made from its unit, family, tier and block (and 'ft' for "
            "full-time only)."),
            ("6. To drop a row, clear the whole row (blank rows are skipped) or write a count of 0. Do not repeat a "
            "row exactly; add the cadres to its count instead."),
            ("7. The sheets are protected (no password) to keep the layout: only the cells to fill are open. Do not "
            "rename sheets or add or delete columns."),
            ("8. Save as an Excel Workbook (.xlsx), keep the file name, and send it to {send_to}. If anything is "
            "wrong the unit gets back a list of each problem (sheet, cell, what, how to fix it)."),
        ),
        "headers": ("Column", "Meaning", "How to fill in"),
        "meanings": {
            "unit": ("The unit sending the cadres.", "Pick your unit's name, or leave blank."),
            "family": ("The training family needed.", "Pick from the list."),
            "tier": ("The priority tier of the group (see below).", "Pick from the list."),
            "block": ("Party block or government block.", "Pick from the list."),
            "count": ("Number of cadres of the group to be trained.", "A whole number of at least 0."),
            "earliest_year": ("The first year the group can be sent.", "A year of the plan: {first}–{last}."),
            "deadline_year": ("The year the group's training must be finished.", "A year, not before the earliest."),
            "full_time_only": ("'yes' if the group may only study full-time.", "Pick yes or no; blank means no."),
        },
        "tiers_title": "The priority tiers (1 is the most urgent)",
        "families_title": "The training families",
        "list_title": "Pick from the list",
        "list_error": "The value is not in the list: click the arrow beside the cell and pick a name.",
        "unit_error": "Only your own unit ({name}), or leave blank.",
        "count_title": "Count", "count_error": "The count is a whole number of at least 0 (cadres), no decimals.",
        "earliest_title": "Earliest year", "earliest_error": "The earliest year must be a year of the plan, "
                                                             "{first} to {last}.",
        "deadline_title": "Deadline year", "deadline_error": "The deadline is a year from {first} to {max}, not "
                                                             "before the earliest year.",
    },
}

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")  # the cells to fill, so they show before a click
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
OPEN = Protection(locked=False)


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


def label(key: str, lang: str) -> str:
    """The column's header in ``lang``."""
    _, vi, en, _ = next(c for c in COLUMNS if c[0] == key)
    return vi if lang == "vi" else en


def block_names(lang: str) -> dict[str, str]:
    """The block codes' names people pick: {"party": "Khối Đảng", ...}."""
    return {block: schema.BLOCK_LABELS[lang][block] for block in schema.BLOCKS}


# --- ids and file names ------------------------------------------------------------------------------------------


def derived_ids(demand: pd.DataFrame) -> pd.Series:
    """Each demand row's id from its contents: ``unit.family.tier.block``, ``.ft`` for full-time only, and
    ``.2``, ``.3``... for the later rows with the same five values (in the order of ``demand``)."""
    base = (demand["unit_id"] + "." + demand["family"] + "." + demand["tier"] + "." + demand["block"]
            + demand["full_time_only"].map({True: ".ft", False: ""}))
    repeat = base.groupby(base).cumcount() + 1
    return base.where(repeat == 1, base + "." + repeat.astype(str))


def form_file_names(units: pd.DataFrame) -> dict[str, str]:
    """{unit_id: file name} from the units' names, ASCII-folded ("Huyện ủy Ý Yên" -> huyen_uy_y_yen.xlsx); a
    name two units would share gets _2, _3... in the order of units.csv."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for unit_id, name in units["name"].items():
        stem = re.sub(r"[^a-z0-9]+", "_", folded(name)).strip("_")[:MAX_STEM].strip("_") or str(unit_id)
        candidate, number = stem, 1
        while candidate in taken:
            number += 1
            candidate = f"{stem}_{number}"
        taken.add(candidate)
        found[unit_id] = candidate + ".xlsx"
    return found


# --- the workbooks --------------------------------------------------------------------------------------------


def unit_forms(folder: str | Path, lang: str = "vi", send_to: str | None = None) -> dict[str, bytes]:
    """{file name: .xlsx bytes}: one demand workbook per unit of the data folder, in units.csv order."""
    check_lang(lang)
    inputs = load_inputs(Path(folder))
    files = form_file_names(inputs.units)
    return {files[unit_id]: unit_form(inputs, unit_id, lang, send_to) for unit_id in inputs.units.index}


def unit_form(inputs: Inputs, unit_id: str, lang: str = "vi", send_to: str | None = None) -> bytes:
    """The demand workbook of one unit, pre-filled with its rows of ``inputs.demand``."""
    check_lang(lang)
    text = TEXT[lang]
    years = inputs.plan_years
    first, last = years[0], years[-1]
    unit_name = names(inputs.units, lang)[unit_id]
    workbook = Workbook()
    workbook.remove(workbook.active)
    _guide(workbook.create_sheet(SHEETS[lang]["instructions"]), inputs, unit_name, lang, send_to, first, last)
    demand = workbook.create_sheet(SHEETS[lang]["demand"])
    hidden = workbook.create_sheet(LISTS_SHEET)
    places = fill_lists(hidden, {"unit": (unit_name,), "family": tuple(names(inputs.families, lang)),
                                  "tier": tuple(names(inputs.tiers, lang)), "block": tuple(block_names(lang).values()),
                                  "full_time_only": YES_NO[lang]})
    hidden.sheet_state = "hidden"
    hidden.protection.sheet = True
    rows = _rows(inputs, unit_id, lang)
    _demand_sheet(demand, rows, unit_name, places, text, first, last)
    workbook.active = 0
    # Sheets cannot be renamed, moved, deleted or unhidden; no password, so nobody is locked out.
    workbook.security = WorkbookProtection(lockStructure=True)
    return _workbook_bytes(workbook)


def _rows(inputs: Inputs, unit_id: str, lang: str) -> list[tuple]:
    """The unit's demand rows as the sheet shows them: names, numbers, yes/no."""
    demand = inputs.demand[inputs.demand["unit_id"] == unit_id]
    family = names(inputs.families, lang)
    tier = names(inputs.tiers, lang)
    block = block_names(lang)
    unit = names(inputs.units, lang)[unit_id]
    yes, no = YES_NO[lang]
    return [(unit, family[r.family], tier[r.tier], block[r.block], int(r.count), int(r.earliest_year),
             int(r.deadline_year), yes if r.full_time_only else no) for r in demand.itertuples()]


def _demand_sheet(sheet, rows: list[tuple], unit_name: str, places: Mapping[str, str], text: Mapping,
                  first: int, last: int) -> None:
    lang = "vi" if text is TEXT["vi"] else "en"
    sheet.cell(1, 1, text["title"].format(first=first, last=last)).font = TITLE
    sheet.cell(2, 1, text["unit"]).font = BOLD
    unit_cell = sheet[UNIT_CELL]
    unit_cell.value, unit_cell.font, unit_cell.data_type = unit_name, TITLE, "s"
    sheet.cell(3, 1, text["hint"].format(row=FIRST_ROW)).font = Font(italic=True)
    for position, key in enumerate(KEYS, start=1):
        cell = sheet.cell(HEADER_ROW, position, label(key, lang))
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP_TOP
        sheet.column_dimensions[get_column_letter(position)].width = COLUMNS[position - 1][3]
    sheet.row_dimensions[HEADER_ROW].height = 32
    last_row = FIRST_ROW + len(rows) + SPARE_ROWS - 1
    for row in range(FIRST_ROW, last_row + 1):
        values = rows[row - FIRST_ROW] if row - FIRST_ROW < len(rows) else (None,) * len(KEYS)
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(row, position, value)
            if isinstance(value, str):
                cell.data_type = "s"
            cell.protection, cell.fill = OPEN, INPUT_FILL
    sheet.freeze_panes = sheet.cell(FIRST_ROW, 2).coordinate
    for key, validation in _validations(places, text, unit_name, first, last):
        sheet.add_data_validation(validation)
        letter = get_column_letter(KEYS.index(key) + 1)
        validation.add(f"{letter}{FIRST_ROW}:{letter}{last_row}")
    # Formatting columns and rows stays allowed (widths, heights); rows may be inserted and deleted, since
    # every cell of a data row is open.
    _fit_width(sheet, f"A1:{get_column_letter(len(KEYS))}{FIRST_ROW + len(rows) + 9}")
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = False
    protection.insertRows = protection.deleteRows = False


def _validations(places: Mapping[str, str], text: Mapping, unit_name: str, first: int,
                 last: int) -> list[tuple[str, DataValidation]]:
    found = []
    for key in ("unit", "family", "tier", "block", "full_time_only"):
        error = text["unit_error"].format(name=unit_name) if key == "unit" else text["list_error"]
        validation = DataValidation(type="list", formula1=places[key], allow_blank=True, showErrorMessage=True,
                                    errorStyle="stop", errorTitle=text["list_title"], error=error)
        found.append((key, validation))
    numbers = (("count", 0, schema.MAX_COUNT, "count"), ("earliest_year", first, last, "earliest"),
               ("deadline_year", first, schema.MAX_YEAR, "deadline"))
    for key, low, high, word in numbers:
        validation = DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high),
                                    allow_blank=True, showErrorMessage=True, errorStyle="stop",
                                    errorTitle=text[f"{word}_title"],
                                    error=text[f"{word}_error"].format(first=first, last=last, max=schema.MAX_YEAR))
        found.append((key, validation))
    return found


def _guide(sheet, inputs: Inputs, unit_name: str, lang: str, send_to: str | None, first: int, last: int) -> None:
    text = TEXT[lang]
    sheet.cell(1, 1, text["guide_title"]).font = TITLE
    sheet.cell(2, 1, text["for_unit"].format(name=unit_name)).font = BOLD
    row = 4
    for rule in text["rules"]:
        cell = sheet.cell(row, 1, rule.format(first=first, last=last, send_to=send_to or SEND_TO[lang]))
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        cell.alignment = WRAP_TOP
        sheet.row_dimensions[row].height = 32
        row += 1
    row += 1
    for position, head in enumerate(text["headers"], start=1):
        cell = sheet.cell(row, position, head)
        cell.font, cell.fill = BOLD, HEADER_FILL
    for key in KEYS:
        row += 1
        meaning, how = text["meanings"][key]
        sheet.cell(row, 1, label(key, lang)).font = BOLD
        sheet.cell(row, 2, meaning).alignment = WRAP_TOP
        sheet.cell(row, 3, how.format(first=first, last=last)).alignment = WRAP_TOP
    row += 2
    sheet.cell(row, 1, text["tiers_title"]).font = BOLD
    for rank, name in zip(inputs.tiers["rank"], names(inputs.tiers, lang)):
        row += 1
        sheet.cell(row, 1, int(rank)).alignment = Alignment(horizontal="left")
        sheet.cell(row, 2, name)
    row += 2
    sheet.cell(row, 1, text["families_title"]).font = BOLD
    for name in names(inputs.families, lang):
        row += 1
        sheet.cell(row, 2, name)
    for letter, width in zip("ABC", (30, 62, 52)):
        sheet.column_dimensions[letter].width = width
    _fit_width(sheet, f"A1:C{row}")
    sheet.protection.sheet = True


def _fit_width(sheet, area: str) -> None:
    """Print landscape, one page wide, the filled part only (not the empty rows left open for additions)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_area = area
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}" if sheet.title in (SHEETS["vi"]["demand"],
                                                                            SHEETS["en"]["demand"]) else None
