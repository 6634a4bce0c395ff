"""import_report.xlsx: what each unit sent and every problem found, one sheet per unit to send back to it.

The summary sheet lists every unit of units.csv: its workbook, whether it was received and valid, its rows and
cadres, and the sheet of its problems. Each unit with problems gets a sheet of its own (named after the unit)
with the problems in the order of its workbook: sheet, cell, what is wrong, how to fix it, so that the sheet can
be copied into a workbook of its own and sent back. Problems of workbooks whose unit cannot be told are on the
last sheet. Deterministic bytes (``encode``).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ..encode import _sheet_title, _workbook_bytes
from ..inputs.unit_intake import Intake, Problem

TEXT = {
    "vi": {
        "summary": "Tổng hợp", "others": "Không rõ đơn vị",
        "title": "KẾT QUẢ NHẬP NHU CẦU ĐÀO TẠO, BỒI DƯỠNG CỦA CÁC ĐƠN VỊ",
        "counts": "{received}/{units} đơn vị đã gửi tệp; {bad} đơn vị có lỗi; {errors} lỗi, {warnings} cảnh báo.",
        "clean": "Tất cả tệp hợp lệ: đã gộp nhu cầu của các đơn vị ({rows} hàng, {cadres} cán bộ).",
        "not_clean": "Có lỗi: chưa gộp nhu cầu. Mỗi đơn vị có lỗi có một trang riêng để gửi lại đơn vị sửa.",
        "headers": ("STT", "Đơn vị", "Tệp", "Tình trạng", "Số hàng", "Số cán bộ", "Trang lỗi"),
        "ok": "Hợp lệ", "missing": "Chưa gửi", "bad": "Có {n} lỗi",
        "unit_title": "CÁC LỖI TRONG TỆP NHU CẦU CỦA ĐƠN VỊ: {unit}",
        "unit_note": "Tệp: {workbook}. Sửa từng lỗi dưới đây trong tệp rồi gửi lại.",
        "others_title": "CÁC LỖI CỦA TỆP KHÔNG RÕ ĐƠN VỊ",
        "problem_headers": ("STT", "Tệp", "Trang", "Ô", "Lỗi", "Cách sửa"),
        "warning": "cảnh báo: ",
    },
    "en": {
        "summary": "Summary", "others": "Unit unknown",
        "title": "IMPORT OF THE UNITS' TRAINING DEMAND",
        "counts": "{received}/{units} units sent a workbook; {bad} units with problems; {errors} problems, "
                  "{warnings} warnings.",
        "clean": "Every workbook is valid: the units' demand is merged ({rows} rows, {cadres} cadres).",
        "not_clean": "Problems found: nothing merged. Each unit with problems has its own sheet to send back.",
        "headers": ("No.", "Unit", "Workbook", "Status", "Rows", "Cadres", "Problems sheet"),
        "ok": "Valid", "missing": "Not received", "bad": "{n} problems",
        "unit_title": "PROBLEMS IN THE DEMAND WORKBOOK OF: {unit}",
        "unit_note": "Workbook: {workbook}. Fix each problem below in the workbook and send it again.",
        "others_title": "PROBLEMS OF WORKBOOKS WHOSE UNIT IS UNKNOWN",
        "problem_headers": ("No.", "Workbook", "Sheet", "Cell", "Problem", "Fix"),
        "warning": "warning: ",
    },
}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BAD_FILL = PatternFill("solid", fgColor="FCE4D6")
MISSING_FILL = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")


def intake_report(intake: Intake) -> bytes:
    """The report workbook of an import (``unit_intake.Intake``) as .xlsx bytes."""
    text = TEXT[intake.lang]
    workbook = Workbook()
    summary = workbook.active
    summary.title = text["summary"]
    taken = {summary.title.lower()}
    sheets: dict[str, str] = {}  # unit_id -> its problems' sheet
    by_unit: dict[str | None, list[Problem]] = {}
    for problem in intake.problems:
        by_unit.setdefault(problem.unit_id, []).append(problem)
    for received in intake.received:
        if received.unit_id in by_unit:
            sheets[received.unit_id] = _sheet_title(received.unit, taken)
            _problems_sheet(workbook.create_sheet(sheets[received.unit_id]), by_unit[received.unit_id],
                            text["unit_title"].format(unit=received.unit),
                            text["unit_note"].format(workbook=Path(received.workbook or by_unit[received.unit_id][0]
                                                                   .workbook).name), text)
    if None in by_unit:
        _problems_sheet(workbook.create_sheet(_sheet_title(text["others"], taken)), by_unit[None],
                        text["others_title"], "", text)
    _summary(summary, intake, sheets, text)
    return _workbook_bytes(workbook)


def _summary(sheet, intake: Intake, sheets: dict[str, str], text: dict) -> None:
    sheet.cell(1, 1, text["title"]).font = TITLE
    errors = len(intake.errors)
    bad = sum(1 for r in intake.received if r.problems)
    received = sum(1 for r in intake.received if r.workbook)
    sheet.cell(2, 1, text["counts"].format(received=received, units=len(intake.received), bad=bad, errors=errors,
                                           warnings=len(intake.problems) - errors))
    rows = sum(r.rows for r in intake.received)
    cadres = sum(r.cadres for r in intake.received)
    sheet.cell(3, 1, text["clean"].format(rows=f"{rows:,}", cadres=f"{cadres:,}") if intake.ok
               else text["not_clean"]).font = BOLD
    for position, head in enumerate(text["headers"], start=1):
        cell = sheet.cell(5, position, head)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
    for number, unit in enumerate(intake.received, start=1):
        row = 5 + number
        status = (text["missing"] if unit.workbook is None else text["bad"].format(n=unit.problems)
                  if unit.problems else text["ok"])
        values = (number, unit.unit, Path(unit.workbook).name if unit.workbook else "", status, unit.rows,
                  unit.cadres, sheets.get(unit.unit_id, ""))
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(row, position, value)
            if unit.workbook is None:
                cell.fill = MISSING_FILL
            elif unit.problems:
                cell.fill = BAD_FILL
        if unit.unit_id in sheets:
            link = sheet.cell(row, 7)
            link.hyperlink = f"#'{sheets[unit.unit_id]}'!A1"
            link.font = Font(color="0563C1", underline="single")
    for letter, width in zip("ABCDEFG", (6, 44, 40, 16, 10, 10, 32)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A6"
    _print_setup(sheet, f"A1:G{5 + len(intake.received)}")


def _problems_sheet(sheet, problems: list[Problem], title: str, note: str, text: dict) -> None:
    sheet.cell(1, 1, title).font = TITLE
    sheet.cell(2, 1, note).font = Font(italic=True)
    for position, head in enumerate(text["problem_headers"], start=1):
        cell = sheet.cell(4, position, head)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
    for number, problem in enumerate(problems, start=1):
        what = (text["warning"] if problem.warning else "") + problem.what
        values = (number, Path(problem.workbook).name, problem.sheet or "", problem.cell or "", _sentence(what),
                  _sentence(problem.fix))
        for position, value in enumerate(values, start=1):
            sheet.cell(4 + number, position, value).alignment = WRAP
    for letter, width in zip("ABCDEF", (6, 30, 14, 8, 60, 60)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"
    _print_setup(sheet, f"A1:F{4 + len(problems)}")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _print_setup(sheet, area: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_area = area


def is_intake_report(data: bytes) -> bool:
    """Whether ``data`` is a report this module wrote (so a later import may replace it): an .xlsx by this
    program whose first sheet is the summary."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8")
            book = archive.read("xl/workbook.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, OSError, UnicodeDecodeError):
        return False
    first = book.partition("<sheet ")[2].partition('name="')[2].partition('"')[0]
    return "<dc:creator>optimizer</dc:creator>" in core and first in (TEXT["vi"]["summary"], TEXT["en"]["summary"])
