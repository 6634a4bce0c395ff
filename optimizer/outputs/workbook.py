"""The allocation workbook laid out like the plan's appendices: for each appendix a sheet per year and one for
the period (``appendix``, ``appendix_sheet``), a coverage sheet, the explanations of short rows and the run's
settings (bytes, via ``encode``)."""


from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList

from .. import words
from ..encode import COLUMN_WIDTH, _plain, _sheet_title, _workbook_bytes
from ..inputs.dataset import Inputs
from ..inputs.schema import BLOCK_LABELS, MODE_LABELS
from ..model.explain import RULE_LABELS
from ..model.nominations import nominate
from . import appendix, report
from .appendix_sheet import (
    CENTRE,
    FONT_SIZE,
    GRID,
    LINE_HEIGHT,
    TITLE_SIZE,
    Styles,
    font,
    put,
    with_cached_values,
    wrapped_lines,
    write_appendix_sheet,
)

SHEET_TEXT = {
    "vi": {
        "coverage_sheet": "Mức đáp ứng", "explanations_sheet": "Giải thích", "settings_sheet": "Thông số",
        "nominations_sheet": "Danh sách cử đi học",
        "nominations_title": "DANH SÁCH CÁN BỘ CỬ ĐI HỌC GIAI ĐOẠN {period}",
        "nominations_note": "Trong mỗi dòng nhu cầu: chỗ năm sớm cho người hạn chót sớm, rồi người nhiều tuổi hơn",
        "coverage_title": "MỨC ĐÁP ỨNG NHU CẦU ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ GIAI ĐOẠN {period}",
        "explanations_title": "VÌ SAO CÁC DÒNG NHU CẦU CHƯA ĐƯỢC ĐÁP ỨNG ĐỦ",
        "coverage_note": "Tỷ lệ đáp ứng = số được phân bổ cả giai đoạn / nhu cầu",
        "explanations_note": "Mỗi dòng: một quy tắc đang chặn thêm chỗ cho một dòng nhu cầu còn thiếu",
        "yes": "Có", "no": "Không",
    },
    "en": {
        "coverage_sheet": "Coverage", "explanations_sheet": "Explanations", "settings_sheet": "Settings",
        "nominations_sheet": "Nominations",
        "nominations_title": "CADRES NOMINATED FOR TRAINING, {period}",
        "nominations_note": "Within each demand row: earlier seats to earlier deadlines, then to the older",
        "coverage_title": "COVERAGE OF TRAINING DEMAND, {period}",
        "explanations_title": "WHY DEMAND ROWS ARE LEFT SHORT",
        "coverage_note": "Share covered = seats over the whole period / demand",
        "explanations_note": "Each row: one rule that stops one more seat for a demand row left short",
        "yes": "Yes", "no": "No",
    },
}
SETTINGS_HEADERS = {
    "vi": {"setting": "Thông số", "value": "Giá trị", "stage": "Bước giải", "meaning": "Ý nghĩa",
           "bound": "Cận tốt nhất", "gap": "Khoảng cách tối ưu", "optimal": "Tối ưu"},
    "en": {"setting": "Setting", "value": "Value", "stage": "Stage", "meaning": "Meaning", "bound": "Bound",
           "gap": "Gap", "optimal": "Optimal"},
}
# The explanations sheet: explanations.csv's columns for people (names instead of ids, the demand row's block).
EXPLANATION_HEADERS = {
    "vi": {"unit_id": "Đơn vị", "family": "Loại hình", "tier": "Đối tượng", "block": "Khối", "count": "Số người",
           "allocated": "Được phân bổ", "short": "Còn thiếu", "year": "Năm", "course_id": "Khóa học",
           "rule": "Lý do", "detail": "Chi tiết", "binds": "Đang ở giới hạn"},
    "en": {"unit_id": "Unit", "family": "Programme", "tier": "Group of cadres", "block": "Block", "count": "Cadres",
           "allocated": "Allocated", "short": "Short", "year": "Year", "course_id": "Course", "rule": "Reason",
           "detail": "Detail", "binds": "Binds"},
}
NOMINATION_HEADERS = {
    "vi": {"number": "STT", "cadre_id": "Mã cán bộ", "name": "Họ và tên", "unit_id": "Đơn vị",
           "course_id": "Khóa học", "year": "Năm", "mode": "Hình thức"},
    "en": {"number": "No.", "cadre_id": "Cadre id", "name": "Name", "unit_id": "Unit", "course_id": "Course",
           "year": "Year", "mode": "Mode"},
}
NOMINATION_WIDTHS = {"number": 6, "cadre_id": 10, "name": 24, "unit_id": 30, "course_id": 34, "year": 7,
                     "mode": 16}
EXPLANATION_WIDTHS = {"unit_id": 20, "family": 16, "tier": 16, "block": 9, "count": 7, "allocated": 8,
                      "short": 7, "year": 6, "course_id": 16, "rule": 18, "detail": 60, "binds": 8}
NUMBER_WIDTH = (8, 14)  # min, max characters of a number column; longer headers wrap
NAME_WIDTH = (20, 60)
COUNT_FORMAT = "#,##0"
SHARE_FORMAT = "0.0%"
GAP_FORMAT = "0.00%"
TITLE_ROW, NOTE_ROW = 1, 2


def _period_text(years: tuple[int, ...]) -> str:
    first, last = min(years), max(years)
    return f"{first}–{last}" if first != last else f"{first}"


def _wrapped_lines(text: str, width: float) -> int:
    """Lines that ``text`` takes in a cell ``width`` characters wide (bold text is about a tenth wider)."""
    return max(1, len(textwrap.wrap(str(text), max(1, int(width * 0.9) - 1))))


def _title_rows(sheet, columns: int, title: str, note: str) -> None:
    """The sheet's title, centred over the table, and a note under it at the right (e.g. the unit: persons)."""
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=columns)
    cell = put(sheet, TITLE_ROW, 1, title)
    cell.font = font(bold=True, size=TITLE_SIZE)
    cell.alignment = CENTRE
    sheet.merge_cells(start_row=NOTE_ROW, start_column=1, end_row=NOTE_ROW, end_column=columns)
    cell = put(sheet, NOTE_ROW, 1, note)
    cell.font = font(italic=True)
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


def _text_width(values) -> int:
    return max((len(f"{v:,}" if isinstance(v, (int, np.integer)) and not isinstance(v, bool) else str(v))
                for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))), default=0)


def _coverage_sheet(sheet, frame: pd.DataFrame, title: str, note: str, styles: Styles) -> None:
    """The coverage table: names, demand, allocated and the share as a percentage (the value stays a fraction)."""
    header_row, first = 3, 4
    _title_rows(sheet, frame.shape[1], title, note)
    for position, name in enumerate(frame.columns, start=1):
        cell = put(sheet, header_row, position, name)
        cell.font, cell.alignment, cell.border = font(bold=True), CENTRE, GRID
    formats = {3: COUNT_FORMAT, 4: COUNT_FORMAT, 5: SHARE_FORMAT}  # demand, allocated, share (0-based)
    def body_style(position: int) -> dict[str, Any]:
        if position - 1 in formats:
            return {"font": font(), "border": GRID, "number_format": formats[position - 1],
                    "alignment": Alignment(horizontal="right", vertical="center")}
        return {"font": font(), "border": GRID, "alignment": Alignment(vertical="center")}

    for offset, record in enumerate(frame.itertuples(index=False, name=None)):
        for position, value in enumerate(record, start=1):
            cell = put(sheet, first + offset, position, value)
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
    sheet.row_dimensions[header_row].height = LINE_HEIGHT * lines
    sheet.row_dimensions[TITLE_ROW].height = LINE_HEIGHT * 1.5
    sheet.freeze_panes = f"B{first}"
    if len(frame):
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(frame.shape[1])}{first + len(frame) - 1}"
    _print_setup(sheet, f"{header_row}:{header_row}", landscape=False)


def _setting_value(value: Any, lang: str) -> Any:
    """A settings or stage value for a cell: yes/no for booleans, lists and mappings as JSON text."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return SHEET_TEXT[lang]["yes" if value else "no"]
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
        cell = put(sheet, first_row, position, headers.get(str(name), str(name)))
        cell.font, cell.alignment, cell.border = font(bold=True), CENTRE, GRID
        widths[position] = max(widths.get(position, 0), len(str(cell.value)))
    for offset, record in enumerate(frame.itertuples(index=False, name=None), start=1):
        for position, (name, value) in enumerate(zip(frame.columns, record), start=1):
            cell = put(sheet, first_row + offset, position, _setting_value(value, lang))
            cell.font, cell.border = font(), GRID
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
            sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * lines


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


def explanation_rows(explanations: pd.DataFrame, inputs: Inputs, lang: str) -> pd.DataFrame:
    """explanations.csv for people: unit, family, tier, course and rule by name, the demand row's block, and
    yes/no for whether the rule binds; headers in ``lang``."""
    text = SHEET_TEXT[lang]
    block = inputs.demand["block"].reindex(explanations["demand_id"]).to_numpy()
    out = pd.DataFrame({
        "unit_id": explanations["unit_id"].map(words.names(inputs.units, lang)).fillna(explanations["unit_id"]),
        "family": explanations["family"].map(words.names(inputs.families, lang)).fillna(explanations["family"]),
        "tier": explanations["tier"].map(words.names(inputs.tiers, lang)).fillna(explanations["tier"]),
        "block": pd.Series(block, index=explanations.index).map(BLOCK_LABELS[lang]).fillna(""),
        "count": explanations["count"], "allocated": explanations["allocated"], "short": explanations["short"],
        "year": explanations["year"],
        "course_id": explanations["course_id"].map(words.names(inputs.courses, lang)).fillna(
            explanations["course_id"]),
        "rule": explanations["rule"].map(RULE_LABELS[lang]).fillna(explanations["rule"]),
        "detail": explanations["detail"],
        "binds": explanations["binds"].map(lambda b: text["yes"] if bool(b) else text["no"]),
    })
    return out


def _explanations_sheet(sheet, frame: pd.DataFrame, lang: str, styles: Styles) -> None:
    """The explanations, one rule per row, the detail wrapped in a wide column and each row as tall as it needs."""
    text = SHEET_TEXT[lang]
    header_row, first = 3, 4
    headers = EXPLANATION_HEADERS[lang]
    _title_rows(sheet, frame.shape[1], text["explanations_title"], text["explanations_note"])
    widths = [EXPLANATION_WIDTHS[name] for name in frame.columns]
    numbers = {"count", "allocated", "short", "year"}
    for position, name in enumerate(frame.columns, start=1):
        cell = put(sheet, header_row, position, headers[name])
        cell.font, cell.alignment, cell.border = font(bold=True), CENTRE, GRID
        sheet.column_dimensions[get_column_letter(position)].width = widths[position - 1]

    def body_style(number: bool) -> dict[str, Any]:
        return {"font": font(), "border": GRID, "number_format": "0" if number else "General",
                "alignment": Alignment(horizontal="right" if number else "left", vertical="top", wrap_text=True)}

    wrapped = [(i, widths[i]) for i, name in enumerate(frame.columns) if name not in numbers]
    for offset, record in enumerate(frame.itertuples(index=False, name=None)):
        row = first + offset
        for position, (name, value) in enumerate(zip(frame.columns, record), start=1):
            cell = put(sheet, row, position, value)
            styles.apply(cell, ("explanation", name in numbers), lambda n=name in numbers: body_style(n))
        lines = max(wrapped_lines(str(record[i]), width) for i, width in wrapped)
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines + 2
    sheet.row_dimensions[header_row].height = LINE_HEIGHT * max(
        _wrapped_lines(headers[name], widths[i]) for i, name in enumerate(frame.columns)) + 4
    sheet.row_dimensions[TITLE_ROW].height = LINE_HEIGHT * 1.5
    sheet.freeze_panes = f"B{first}"
    if len(frame):
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(frame.shape[1])}{first + len(frame) - 1}"
    _print_setup(sheet, f"{header_row}:{header_row}", landscape=True)


def nomination_rows(nominations: pd.DataFrame, inputs: Inputs, lang: str) -> pd.DataFrame:
    """nominations.csv for people: a running number, unit and course by name, the mode in words."""
    return pd.DataFrame({
        "number": np.arange(1, len(nominations) + 1), "cadre_id": nominations["cadre_id"],
        "name": nominations["name"],
        "unit_id": nominations["unit_id"].map(words.names(inputs.units, lang)).fillna(nominations["unit_id"]),
        "course_id": nominations["course_id"].map(words.names(inputs.courses, lang)).fillna(
            nominations["course_id"]),
        "year": nominations["year"], "mode": nominations["mode"].map(MODE_LABELS[lang]).fillna(""),
    })


def _nominations_sheet(sheet, frame: pd.DataFrame, title: str, note: str, lang: str, styles: Styles) -> None:
    """One named seat per row, printed on A4 portrait with the header on every page."""
    header_row, first = 3, 4
    headers = NOMINATION_HEADERS[lang]
    _title_rows(sheet, frame.shape[1], title, note)
    for position, name in enumerate(frame.columns, start=1):
        cell = put(sheet, header_row, position, headers[name])
        cell.font, cell.alignment, cell.border = font(bold=True), CENTRE, GRID
        sheet.column_dimensions[get_column_letter(position)].width = NOMINATION_WIDTHS[name]
    numbers = {"number", "year"}

    def body_style(number: bool) -> dict[str, Any]:
        return {"font": font(), "border": GRID, "number_format": "0" if number else "General",
                "alignment": Alignment(horizontal="right" if number else "left", vertical="center")}

    for offset, record in enumerate(frame.itertuples(index=False, name=None)):
        for position, (name, value) in enumerate(zip(frame.columns, record), start=1):
            cell = put(sheet, first + offset, position, value)
            styles.apply(cell, ("nomination", name in numbers), lambda n=name in numbers: body_style(n))
    sheet.row_dimensions[TITLE_ROW].height = LINE_HEIGHT * 1.5
    sheet.freeze_panes = f"C{first}"
    if len(frame):
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(frame.shape[1])}{first + len(frame) - 1}"
    _print_setup(sheet, f"{header_row}:{header_row}", landscape=False)


def new_workbook() -> Workbook:
    """An empty workbook whose default font is the sheets' font: column widths are counted in its characters, so
    the widths computed for printing hold in Excel and LibreOffice alike."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook._fonts = IndexedList([font(size=FONT_SIZE)])
    workbook._fonts[0].family = 1  # a serif font (Times New Roman)
    return workbook


def allocation_workbook(allocation: pd.DataFrame, inputs: Inputs, years: tuple[int, ...], lang: str = "vi",
                        settings: pd.DataFrame | None = None, stages: pd.DataFrame | None = None,
                        explanations: pd.DataFrame | None = None) -> bytes:
    """allocation.xlsx laid out like the plan's appendices, identical bytes on every run.

    Sheets: for each appendix (``appendix.appendix_sheets``) one per year ("PL1 2023" / "App1 2023") and one for
    the whole period ("PL1 2023–2025"), totals as formulas with their values stored, printed on A4 landscape;
    the coverage per unit, family and tier ("Mức đáp ứng" / "Coverage"); when the data names its cadres, who
takes each seat ("Danh sách cử đi học" / "Nominations", ``nominations.nominate``); when given, the ``explanations`` of
    short rows (explanations.csv; "Giải thích" / "Explanations") and the run's ``settings`` (setting, value) and
    ``stages`` (stage, meaning, value, bound, gap, optimal) ("Thông số" / "Settings").
    """
    lang = words.check_lang(lang)
    text = SHEET_TEXT[lang]
    years = tuple(sorted(int(y) for y in years))
    workbook = new_workbook()
    styles = Styles()
    taken: set[str] = set()
    cached: dict[int, dict[str, int]] = {}
    for sheet in appendix.appendix_sheets(allocation, inputs, years, lang):
        worksheet = workbook.create_sheet(_sheet_title(sheet.name, taken))
        if worksheet.title != sheet.name:
            raise ValueError(f"sheet name {sheet.name!r} cannot be used as it is in formulas")
        cached[len(workbook.worksheets) - 1] = write_appendix_sheet(worksheet, sheet, styles, lang)
    if years:
        period = _period_text(years)
        sheet = workbook.create_sheet(_sheet_title(text["coverage_sheet"], taken))
        _coverage_sheet(sheet, report.coverage_sheet(allocation, inputs, lang),
                        text["coverage_title"].format(period=period), text["coverage_note"], styles)
    if inputs.cadres is not None:
        sheet = workbook.create_sheet(_sheet_title(text["nominations_sheet"], taken))
        _nominations_sheet(sheet, nomination_rows(nominate(allocation, inputs), inputs, lang),
                           text["nominations_title"].format(period=_period_text(years) if years else ""),
                           text["nominations_note"], lang, styles)
    if explanations is not None:
        sheet = workbook.create_sheet(_sheet_title(text["explanations_sheet"], taken))
        _explanations_sheet(sheet, explanation_rows(explanations, inputs, lang), lang, styles)
    if settings is not None or stages is not None:
        sheet = workbook.create_sheet(_sheet_title(text["settings_sheet"], taken))
        _settings_sheet(sheet, settings, stages, lang)
    return with_cached_values(_workbook_bytes(workbook), cached)
