"""The allocation workbook laid out like the plan's appendix: one sheet per year and one for the period,
units grouped by kind with subtotals, a coverage sheet and the run's settings (bytes, via ``encode``)."""


from __future__ import annotations

import copy
import json
import math
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .. import words
from ..encode import COLUMN_WIDTH, _cell_value, _plain, _sheet_title, _workbook_bytes
from ..inputs.dataset import Inputs
from . import report

YEAR_SHEET = {"vi": "Năm {year}", "en": "Year {year}"}




# --- allocation.xlsx: the plan's appendix tables ---------------------------------------------------------------

APPENDIX_TEXT = {
    "vi": {
        "year_sheet": YEAR_SHEET["vi"], "period_sheet": "Cả giai đoạn {period}", "coverage_sheet": "Mức đáp ứng",
        "settings_sheet": "Thông số",
        "year_title": "PHÂN BỔ CHỈ TIÊU ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ NĂM {year}",
        "period_title": "PHÂN BỔ CHỈ TIÊU ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ GIAI ĐOẠN {period}",
        "coverage_title": "MỨC ĐÁP ỨNG NHU CẦU ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ GIAI ĐOẠN {period}",
        "unit_note": "Đơn vị tính: người",
        "coverage_note": "Tỷ lệ đáp ứng = số được phân bổ cả giai đoạn / nhu cầu",
        "yes": "Có", "no": "Không",
    },
    "en": {
        "year_sheet": YEAR_SHEET["en"], "period_sheet": "Whole period {period}", "coverage_sheet": "Coverage",
        "settings_sheet": "Settings",
        "year_title": "TRAINING QUOTA ALLOCATION, {year}",
        "period_title": "TRAINING QUOTA ALLOCATION, {period}",
        "coverage_title": "COVERAGE OF TRAINING DEMAND, {period}",
        "unit_note": "Unit: persons",
        "coverage_note": "Share covered = seats over the whole period / demand",
        "yes": "Yes", "no": "No",
    },
}
SETTINGS_HEADERS = {
    "vi": {"setting": "Thông số", "value": "Giá trị", "stage": "Bước giải", "meaning": "Ý nghĩa",
           "bound": "Cận tốt nhất", "gap": "Khoảng cách tối ưu", "optimal": "Tối ưu"},
    "en": {"setting": "Setting", "value": "Value", "stage": "Stage", "meaning": "Meaning", "bound": "Bound",
           "gap": "Gap", "optimal": "Optimal"},
}
FONT_NAME, FONT_SIZE, TITLE_SIZE = "Times New Roman", 12, 13  # the font of Vietnamese administrative documents
APPENDIX_LINE_HEIGHT = 16  # points per line of 12-pt text
TITLE_ROW, NOTE_ROW = 1, 2
APPENDIX_HEADER_ROWS = (3, 4)  # family row, mode/course row
APPENDIX_FIRST_ROW = 5
APPENDIX_FREEZE = "C5"  # below the header, right of the unit names
NUMBER_WIDTH = (8, 14)  # min, max characters of a seat column; longer headers wrap
HEADER_LINES = 4  # a seat column widens (up to NUMBER_WIDTH's max) until its header fits in this many lines
NAME_WIDTH = (20, 60)
SEAT_FORMAT = "#,##0;-#,##0;;@"  # a zero shows as an empty cell (the value stays the number 0), as in the plan
COUNT_FORMAT = "#,##0"
SHARE_FORMAT = "0.0%"
GAP_FORMAT = "0.00%"
THIN = Side(style="thin")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHADE = PatternFill("solid", fgColor="F2F2F2")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


class _Styles:
    """The cell styles of one workbook, each built once: openpyxl hashes every style object assigned to a cell,
    which made styling cell by cell most of the workbook's time. A style is set in full on the first cell that
    needs it, so the workbook's style tables come out the same; later cells copy that cell's style indices."""

    def __init__(self) -> None:
        self._known: dict[tuple, Any] = {}

    def apply(self, cell, key: tuple, make: Callable[[], dict[str, Any]]) -> None:
        """Give ``cell`` the style named ``key``; ``make`` returns its attributes (font, border, …) when new."""
        known = self._known.get(key)
        if known is None:
            for name, value in make().items():
                setattr(cell, name, value)
            self._known[key] = copy.copy(cell._style)
        else:
            cell._style = copy.copy(known)


def _font(bold: bool = False, italic: bool = False, size: int = FONT_SIZE) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def _put(sheet, row: int, column: int, value: Any):
    """Write one cell: numbers as numbers, missing as empty, and text always as text (never a formula)."""
    cell = sheet.cell(row=row, column=column, value=_cell_value(value))
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _period_text(years: tuple[int, ...]) -> str:
    first, last = min(years), max(years)
    return f"{first}–{last}" if first != last else f"{first}"


def _wrapped_lines(text: str, width: float) -> int:
    """Lines that ``text`` takes in a cell ``width`` characters wide (bold text is about a tenth wider)."""
    return max(1, len(textwrap.wrap(str(text), max(1, int(width * 0.9) - 1))))


def _title_rows(sheet, columns: int, title: str, note: str) -> None:
    """The sheet's title, centred over the table, and a note under it at the right (e.g. the unit: persons)."""
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=columns)
    cell = _put(sheet, TITLE_ROW, 1, title)
    cell.font = _font(bold=True, size=TITLE_SIZE)
    cell.alignment = CENTRE
    sheet.merge_cells(start_row=NOTE_ROW, start_column=1, end_row=NOTE_ROW, end_column=columns)
    cell = _put(sheet, NOTE_ROW, 1, note)
    cell.font = _font(italic=True)
    cell.alignment = Alignment(horizontal="right", vertical="center")


def _print_setup(sheet, header_rows: str, landscape: bool) -> None:
    """A4, fitted to the page width, the header repeated on every printed page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    if header_rows:
        sheet.print_title_rows = header_rows


def _appendix_widths(body: pd.DataFrame) -> list[float]:
    """Column widths: TT narrow, unit names as wide as the longest label, seat columns narrow (headers wrap)."""
    top = [c[0] for c in body.columns]
    second = [c[1] for c in body.columns]
    texts = [["" if pd.isna(v) else f"{v:,}" if isinstance(v, (int, np.integer)) else str(v) for v in body.iloc[:, i]]
             for i in range(body.shape[1])]
    widths = [max(5.0, max((len(t) for t in texts[0]), default=0) + 2.0),
              float(min(NAME_WIDTH[1], max(NAME_WIDTH[0], max((len(t) for t in texts[1]), default=0) + 2)))]
    low, high = NUMBER_WIDTH
    for i in range(2, body.shape[1]):
        labels = [second[i]]
        if top.count(top[i]) == 1 or not second[i]:  # the family header sits over this column only
            labels.append(top[i])
        words = [len(w) for label in labels for w in label.split()]
        # Wide enough for the longest word and for each header in at most HEADER_LINES lines.
        needed = max(words + [-(-len(label) // HEADER_LINES) for label in labels] + [len(t) for t in texts[i]],
                     default=0)
        widths.append(float(max(low, min(high, needed + 2))))
    return widths


def _appendix_header(sheet, body: pd.DataFrame, widths: list[float]) -> None:
    """Two header rows: a family's name merged over its courses, modes (or course names) under it; the TT, unit
    and total headers span both rows."""
    first, second_row = APPENDIX_HEADER_ROWS
    top = [c[0] for c in body.columns]
    second = [c[1] for c in body.columns]
    lines = {first: 1, second_row: 1}
    column = 1
    while column <= len(top):
        label = top[column - 1]
        alone = column == len(top) or top[column] != label
        if not second[column - 1] or (alone and second[column - 1].casefold() == label.casefold()):
            # A header without a second row (TT, unit, total), or a course named like its family (Thạc sĩ):
            # one cell over both rows.
            sheet.merge_cells(start_row=first, start_column=column, end_row=second_row, end_column=column)
            _put(sheet, first, column, label)
            column += 1
            continue
        end = column
        while end < len(top) and top[end] == label and second[end]:
            end += 1
        if end > column:
            sheet.merge_cells(start_row=first, start_column=column, end_row=first, end_column=end)
        _put(sheet, first, column, label)
        lines[first] = max(lines[first], _wrapped_lines(label, sum(widths[column - 1:end])))
        for position in range(column, end + 1):
            _put(sheet, second_row, position, second[position - 1])
            lines[second_row] = max(lines[second_row], _wrapped_lines(second[position - 1], widths[position - 1]))
        column = end + 1
    for row in APPENDIX_HEADER_ROWS:
        for position in range(1, len(top) + 1):
            cell = sheet.cell(row=row, column=position)
            cell.font = _font(bold=True)
            cell.alignment = CENTRE
            cell.border = GRID
        # Not every spreadsheet grows a row for wrapped text by itself, so the header rows get explicit heights.
        sheet.row_dimensions[row].height = APPENDIX_LINE_HEIGHT * lines[row]


def _appendix_sheet(sheet, table: pd.DataFrame, title: str, note: str, styles: _Styles) -> None:
    """One appendix table (``report.appendix_table``) as a formatted sheet."""
    body = table.drop(columns=list(report.APPENDIX_META))
    row_types = table[report.ROW_TYPE].tolist()
    columns = body.shape[1]
    widths = _appendix_widths(body)
    _title_rows(sheet, columns, title, note)
    _appendix_header(sheet, body, widths)
    def body_style(row_type: str, position: int) -> dict[str, Any]:
        style: dict[str, Any] = {"border": GRID, "font": _font(bold=row_type != "unit", italic=row_type == "quota")}
        if position == 1:
            style["alignment"] = Alignment(horizontal="center", vertical="center")
        elif position == 2:
            style["alignment"] = Alignment(horizontal="center" if row_type in ("total", "quota") else "left",
                                           vertical="center")
        else:
            style["number_format"] = COUNT_FORMAT if row_type == "quota" else SEAT_FORMAT
            style["alignment"] = Alignment(horizontal="right", vertical="center")
        if row_type in ("total", "quota"):
            style["fill"] = SHADE
        return style

    for offset, (record, row_type) in enumerate(zip(body.itertuples(index=False, name=None), row_types)):
        row = APPENDIX_FIRST_ROW + offset
        for position, value in enumerate(record, start=1):
            cell = _put(sheet, row, position, value)
            kind = min(position, 3)  # TT, unit name, seats
            styles.apply(cell, ("appendix", row_type, kind), lambda t=row_type, k=kind: body_style(t, k))
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.row_dimensions[TITLE_ROW].height = APPENDIX_LINE_HEIGHT * 1.5
    sheet.freeze_panes = APPENDIX_FREEZE
    _print_setup(sheet, f"{APPENDIX_HEADER_ROWS[0]}:{APPENDIX_HEADER_ROWS[-1]}", landscape=True)


def _text_width(values) -> int:
    return max((len(f"{v:,}" if isinstance(v, (int, np.integer)) and not isinstance(v, bool) else str(v))
                for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))), default=0)


def _coverage_sheet(sheet, frame: pd.DataFrame, title: str, note: str, styles: _Styles) -> None:
    """The coverage table: names, demand, allocated and the share as a percentage (the value stays a fraction)."""
    header_row, first = 3, 4
    _title_rows(sheet, frame.shape[1], title, note)
    for position, name in enumerate(frame.columns, start=1):
        cell = _put(sheet, header_row, position, name)
        cell.font, cell.alignment, cell.border = _font(bold=True), CENTRE, GRID
    formats = {3: COUNT_FORMAT, 4: COUNT_FORMAT, 5: SHARE_FORMAT}  # demand, allocated, share (0-based)
    def body_style(position: int) -> dict[str, Any]:
        if position - 1 in formats:
            return {"font": _font(), "border": GRID, "number_format": formats[position - 1],
                    "alignment": Alignment(horizontal="right", vertical="center")}
        return {"font": _font(), "border": GRID, "alignment": Alignment(vertical="center")}

    for offset, record in enumerate(frame.itertuples(index=False, name=None)):
        for position, value in enumerate(record, start=1):
            cell = _put(sheet, first + offset, position, value)
            kind = position if position - 1 in formats else 0
            styles.apply(cell, ("coverage", kind), lambda p=position: body_style(p))
    lines = 1
    for position, name in enumerate(frame.columns, start=1):
        longest = _text_width(frame.iloc[:, position - 1].tolist())
        if position - 1 in formats:  # numbers: the header may take two lines
            needed = max([longest, -(-len(str(name)) // 2)] + [len(w) for w in str(name).split()])
            width = max(NUMBER_WIDTH[0], min(NUMBER_WIDTH[1], needed + 2))
        else:  # names: one line each
            width = max(NAME_WIDTH[0], min(NAME_WIDTH[1], max(longest, len(str(name))) + 2))
        sheet.column_dimensions[get_column_letter(position)].width = width
        lines = max(lines, _wrapped_lines(name, width))
    sheet.row_dimensions[header_row].height = APPENDIX_LINE_HEIGHT * lines
    sheet.row_dimensions[TITLE_ROW].height = APPENDIX_LINE_HEIGHT * 1.5
    sheet.freeze_panes = f"B{first}"
    if len(frame):
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(frame.shape[1])}{first + len(frame) - 1}"
    _print_setup(sheet, f"{header_row}:{header_row}", landscape=False)


def _setting_value(value: Any, lang: str) -> Any:
    """A settings or stage value for a cell: yes/no for booleans, lists and mappings as JSON text."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return APPENDIX_TEXT[lang]["yes" if value else "no"]
    if isinstance(value, (list, tuple, Mapping)):
        return json.dumps(_plain(value), ensure_ascii=False)
    if isinstance(value, Path):
        return value.as_posix()
    return value


def _plain_table(sheet, frame: pd.DataFrame, first_row: int, lang: str, widths: dict[int, int],
                 formats: Mapping[str, str]) -> int:
    """A small table with a bold header at ``first_row``; returns the row after it."""
    headers = SETTINGS_HEADERS[lang]
    for position, name in enumerate(frame.columns, start=1):
        cell = _put(sheet, first_row, position, headers.get(str(name), str(name)))
        cell.font, cell.alignment, cell.border = _font(bold=True), CENTRE, GRID
        widths[position] = max(widths.get(position, 0), len(str(cell.value)))
    for offset, record in enumerate(frame.itertuples(index=False, name=None), start=1):
        for position, (name, value) in enumerate(zip(frame.columns, record), start=1):
            cell = _put(sheet, first_row + offset, position, _setting_value(value, lang))
            cell.font, cell.border = _font(), GRID
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if str(name) in formats and cell.data_type == "n":
                cell.number_format = formats[str(name)]
            widths[position] = max(widths.get(position, 0), _text_width([cell.value]))
    return first_row + len(frame) + 1


def _fit_rows(sheet, widths: Mapping[int, float]) -> None:
    """Explicit heights for rows whose text wraps in its column (not every spreadsheet grows them by itself)."""
    for row in sheet.iter_rows():
        lines = max((len(textwrap.wrap(str(cell.value), max(1, int(widths.get(cell.column, 10)) - 1))) or 1
                     for cell in row if isinstance(cell.value, str)), default=1)
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = APPENDIX_LINE_HEIGHT * lines


STAGE_FORMATS = {"value": COUNT_FORMAT, "gap": GAP_FORMAT}


def _settings_sheet(sheet, settings: pd.DataFrame | None, stages: pd.DataFrame | None, lang: str) -> None:
    """The run's settings, then (after an empty row) the value, bound and gap of every stage."""
    widths: dict[int, int] = {}
    row = 1
    for frame, formats in ((settings, {}), (stages, STAGE_FORMATS)):
        if frame is not None:
            row = _plain_table(sheet, frame, row, lang, widths, formats) + 1
    low, high = COLUMN_WIDTH
    fitted = {position: max(low, min(high, width + 2)) for position, width in widths.items()}
    for position, width in fitted.items():
        sheet.column_dimensions[get_column_letter(position)].width = width
    _fit_rows(sheet, fitted)
    sheet.freeze_panes = "A2"
    _print_setup(sheet, "", landscape=False)


def allocation_workbook(allocation: pd.DataFrame, inputs: Inputs, years: tuple[int, ...], lang: str = "vi",
                        settings: pd.DataFrame | None = None, stages: pd.DataFrame | None = None) -> bytes:
    """allocation.xlsx laid out like the plan's appendices, identical bytes on every run.

    Sheets: one per year ("Năm 2023" / "Year 2023") and one for the whole period ("Cả giai đoạn 2023–2025" /
    "Whole period 2023–2025"), each ``report.appendix_table`` under a title (units grouped by kind with
    subtotals, the province total and the quota row; families over their modes in a two-row header); the
    coverage per unit, family and tier ("Mức đáp ứng" / "Coverage"); and, when given, the run's ``settings``
    (setting, value) and ``stages`` (stage, meaning, value, bound, gap, optimal) ("Thông số" / "Settings").
    """
    text = APPENDIX_TEXT[words.check_lang(lang)]
    years = tuple(sorted(int(y) for y in years))
    workbook = Workbook()
    workbook.remove(workbook.active)
    styles = _Styles()
    taken: set[str] = set()
    for year in years:
        sheet = workbook.create_sheet(_sheet_title(text["year_sheet"].format(year=year), taken))
        table = report.appendix_table(allocation, inputs, year, lang, years=years)
        _appendix_sheet(sheet, table, text["year_title"].format(year=year), text["unit_note"], styles)
    if years:
        period = _period_text(years)
        sheet = workbook.create_sheet(_sheet_title(text["period_sheet"].format(period=period), taken))
        table = report.appendix_table(allocation, inputs, None, lang, years=years)
        _appendix_sheet(sheet, table, text["period_title"].format(period=period), text["unit_note"], styles)
        sheet = workbook.create_sheet(_sheet_title(text["coverage_sheet"], taken))
        _coverage_sheet(sheet, report.coverage_sheet(allocation, inputs, lang),
                        text["coverage_title"].format(period=period), text["coverage_note"], styles)
    if settings is not None or stages is not None:
        sheet = workbook.create_sheet(_sheet_title(text["settings_sheet"], taken))
        _settings_sheet(sheet, settings, stages, lang)
    return _workbook_bytes(workbook)
