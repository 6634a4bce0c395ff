"""Writing the appendix sheets (``appendix.AppendixSheet``) into a workbook, laid out for A4 landscape.

Printing is computed here rather than left to "fit to page": Excel ignores manual page breaks under fit-to-page,
and a total row must not fall alone onto a page. The column widths are chosen for the page (long headers wrap),
the print scale is the largest whole percentage at which the columns fit the page width (never below the scale
that keeps the 11-pt text at 9 pt or more; a table too wide for that prints over several pages, the TT and unit
columns repeated), and the row breaks fall between groups of units wherever that costs no extra page, never
just before the province total or the quota row, the header rows repeated on every page.

Also the shared cell styles of the workbook (``Styles``, ``font``, ``put``) and ``with_cached_values``, which
stores each formula's result in the file, since openpyxl writes formulas without one.
"""


from __future__ import annotations

import copy
import io
import math
import re
import textwrap
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break, RowBreak

from ..encode import ZIP_TIME, _cell_value
from .appendix import FIRST_VALUE_COLUMN, AppendixSheet, Row

FONT_NAME, FONT_SIZE, TITLE_SIZE = "Times New Roman", 11, 12  # the font of Vietnamese administrative documents
LINE_HEIGHT = 14.0  # points per line of wrapped 11-pt text
ROW_HEIGHT = 15.0  # a body row of one line
CELL_PADDING = 3.0  # points above and below a wrapped header's lines
SEAT_FORMAT = "#,##0;-#,##0;;@"  # a zero shows as an empty cell (the value stays the number 0), as in the plan
THIN = Side(style="thin")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHADE = PatternFill("solid", fgColor="F2F2F2")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)

# The page: A4 landscape in points, margins in inches.
PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.28
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.55, "header": 0.25, "footer": 0.25}
# Points of one unit of column width with an 11-pt Times New Roman default font: LibreOffice draws about 5.5,
# Excel about 5.25; the larger keeps the table on the page in both.
POINTS_PER_WIDTH = 5.6
# Average advance of a letter, in ems, for estimating how text wraps (Times New Roman; bold is wider).
EM_REGULAR, EM_BOLD = 0.5, 0.56
MIN_PRINTED_SIZE = 9.0  # points: no text prints smaller
# 83 %: one point above the bare minimum, since LibreOffice rounds 11 pt at 82 % down to 8.99 pt.
MIN_SCALE = math.ceil(100 * MIN_PRINTED_SIZE / FONT_SIZE) + 1
PAGE_SAFETY = 0.96  # of the printable height, for renderers that lay rows out a little taller
TT_WIDTH, NAME_WIDTH, NUMBER_WIDTH = 4.5, (22.0, 36.0), (6.0, 16.0)
FOOTER = {"vi": "&A – trang &P", "en": "&A – page &P"}


class Styles:
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


def font(bold: bool = False, italic: bool = False, size: int = FONT_SIZE) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def put(sheet, row: int, column: int, value: Any):
    """Write one cell: numbers as numbers, missing as empty, and text always as text (never a formula)."""
    cell = sheet.cell(row=row, column=column, value=_cell_value(value))
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def text_width(text: str, bold: bool = False, size: float = FONT_SIZE) -> float:
    """Column-width units that ``text`` takes on one line, with the cell's padding."""
    return round(len(text) * size * (EM_BOLD if bold else EM_REGULAR) / POINTS_PER_WIDTH + 1.0, 2)


def wrapped_lines(text: str, width: float, bold: bool = False, size: float = FONT_SIZE) -> int:
    """Lines ``text`` takes in a cell ``width`` units wide."""
    letters = max(1, int(((width - 1.0) * POINTS_PER_WIDTH) / (size * (EM_BOLD if bold else EM_REGULAR))))
    return max(1, len(textwrap.wrap(str(text), letters, break_long_words=True)))


# --- the layout ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row: int  # 0-based header row
    rows: int  # rows it spans
    first: int  # 1-based sheet column
    last: int


def header_cells(sheet: AppendixSheet) -> list[HeaderCell]:
    """The header as merged cells: the group row (when there are several groups), family names over their
    columns, course or block labels under them; TT, unit and total span every header row, and so does a family
    shown in one column."""
    appendix, labels = sheet.appendix, sheet.labels
    depth = appendix.header_rows
    cells = [HeaderCell(labels["number"], 0, depth, 1, 1), HeaderCell(labels["unit"], 0, depth, 2, 2)]
    columns = appendix.columns
    top = depth - 2  # the family row
    if depth == 3:
        from_group = _runs([c.group for c in columns])
        cells += [HeaderCell(sheet.group_labels.get(g, g), 0, 1, FIRST_VALUE_COLUMN + a, FIRST_VALUE_COLUMN + b)
                  for g, a, b in from_group]
    for family, a, b in _runs([c.family for c in columns]):
        first, last = FIRST_VALUE_COLUMN + a, FIRST_VALUE_COLUMN + b
        if a == b and not columns[a].label:
            cells.append(HeaderCell(columns[a].family_label, top, 2, first, last))
            continue
        cells.append(HeaderCell(columns[a].family_label, top, 1, first, last))
        cells += [HeaderCell(columns[i].label, top + 1, 1, FIRST_VALUE_COLUMN + i, FIRST_VALUE_COLUMN + i)
                  for i in range(a, b + 1)]
    cells.append(HeaderCell(labels["total_column"], 0, depth, appendix.total_column, appendix.total_column))
    return cells


def _runs(keys: Sequence[str]) -> list[tuple[str, int, int]]:
    """(key, first, last) of each run of equal adjacent keys."""
    runs: list[tuple[str, int, int]] = []
    for position, key in enumerate(keys):
        if runs and runs[-1][0] == key:
            runs[-1] = (key, runs[-1][1], position)
        else:
            runs.append((key, position, position))
    return runs


def printable_width() -> float:
    return PAGE_WIDTH - 72 * (MARGINS["left"] + MARGINS["right"])


def printable_height() -> float:
    return PAGE_HEIGHT - 72 * (MARGINS["top"] + MARGINS["bottom"])


def column_widths(sheet: AppendixSheet, headers: list[HeaderCell]) -> list[float]:
    """Widths of every column: TT, unit names (longer ones wrap), numbers as wide as their largest value; the
    width left on the page at ``MIN_SCALE`` goes, half a unit at a time, to the header that takes most
    lines, then to the unit names. A column is not narrower than the longest word of its own header, so that no
    word is cut, unless the table would then not fit the page."""
    count = sheet.appendix.total_column
    bold_rows = [r.kind != "unit" for r in sheet.rows]
    names = max(text_width(r.label, bold) for r, bold in zip(sheet.rows, bold_rows))
    widths = [TT_WIDTH, max(NAME_WIDTH[0], min(NAME_WIDTH[1], names))]
    own = {h.first: h.text for h in headers if h.first == h.last}
    numbers = [max(NUMBER_WIDTH[0], max((text_width(f"{v[c]:,}", True) for v in sheet.values if v[c] is not None),
                                        default=0)) for c in range(count - 2)]
    words = [max([text_width(w, True) for w in own.get(FIRST_VALUE_COLUMN + c, "").split()] + [numbers[c]])
             for c in range(count - 2)]
    budget = printable_width() * 100 / MIN_SCALE / POINTS_PER_WIDTH
    # Long words (English headers) may be cut rather than push the table off the page.
    widths += words if sum(widths) + sum(words) <= budget else numbers
    wide_names = min(max(NAME_WIDTH[1], names), names)
    while sum(widths) + 0.5 <= budget:
        spans = [(wrapped_lines(h.text, sum(widths[h.first - 1:h.last]), bold=True) / h.rows, h) for h in headers
                 if h.first > 2]
        lines, tallest = max(spans, key=lambda s: (s[0], -s[1].first))
        narrowest = min(range(tallest.first - 1, tallest.last), key=lambda i: (widths[i], i))
        if lines > 2 and widths[narrowest] < NUMBER_WIDTH[1]:
            widths[narrowest] += 0.5
        elif widths[1] < wide_names:
            widths[1] += 0.5
        else:
            break
    return widths


def print_scale(widths: Sequence[float]) -> int:
    """The largest whole percentage at which the columns fit the printable width (at most 100, at least
    ``MIN_SCALE``)."""
    fits = math.floor(100 * printable_width() / (sum(widths) * POINTS_PER_WIDTH))
    return max(MIN_SCALE, min(100, fits))


def header_heights(headers: list[HeaderCell], widths: Sequence[float], depth: int) -> list[float]:
    """Heights of the header rows: each row as tall as its wrapped labels; a label over several rows adds to the
    first of them what the rows lack."""
    heights = [ROW_HEIGHT] * depth
    need = [(h, wrapped_lines(h.text, sum(widths[h.first - 1:h.last]), bold=True) * LINE_HEIGHT + 2 * CELL_PADDING)
            for h in headers]
    for cell, points in need:
        if cell.rows == 1:
            heights[cell.row] = max(heights[cell.row], points)
    for cell, points in need:
        if cell.rows > 1:
            lacking = points - sum(heights[cell.row:cell.row + cell.rows])
            if lacking > 0:
                heights[cell.row] += lacking
    return heights


def body_heights(sheet: AppendixSheet, widths: Sequence[float]) -> list[float]:
    return [max(ROW_HEIGHT, wrapped_lines(r.label, widths[1], bold=r.kind != "unit") * LINE_HEIGHT + 1)
            for r in sheet.rows]


def page_breaks(rows: Sequence[Row], body: Sequence[float], header: float, title: float, scale: int) -> list[int]:
    """Body rows (0-based) that start a new page: the fewest pages, then the fewest breaks inside a group of
    units, then the earlier pages as full as possible. No page starts with the total or quota row, and none ends with a group's own row. ``body``: the rows'
    heights; ``header``: the header rows' height (on every page); ``title``: the title rows' (first page only)."""
    capacity = printable_height() * PAGE_SAFETY * 100 / scale - header

    def may_start(k: int) -> bool:
        return k == 0 or (rows[k].kind in ("group", "unit") and rows[k - 1].kind != "group")

    # best[k]: (pages, breaks inside groups, minus the previous page's start) for rows[:k] with a page starting
    # at k; the least is best, so of two equal ways the one whose last page starts later wins.
    best: dict[int, tuple[int, int, int]] = {0: (0, 0, 1)}
    for k in range(1, len(rows) + 1):
        if k < len(rows) and not may_start(k):
            continue
        candidates = []
        used = 0.0
        for j in range(k - 1, -1, -1):  # the page holds rows[j:k]; stop once it no longer fits
            used += body[j]
            if used > capacity - (title if j == 0 else 0.0):
                break
            if j in best:
                pages, inner, _ = best[j]
                candidates.append((pages + 1, inner + (j > 0 and rows[j].kind != "group"), -j))
        if candidates:
            best[k] = min(candidates)
    if len(rows) not in best:
        return []  # a row taller than a page: leave the breaks to the program that prints
    starts, k = [], len(rows)
    while k > 0:
        k = -best[k][2]
        if k > 0:
            starts.append(k)
    return sorted(starts)


# --- writing ---------------------------------------------------------------------------------------------------


def _body_style(row_kind: str, position: int) -> dict[str, Any]:
    style: dict[str, Any] = {"border": GRID, "font": font(bold=row_kind != "unit", italic=row_kind == "quota")}
    if position == 1:
        style["alignment"] = Alignment(horizontal="center", vertical="center")
    elif position == 2:
        style["alignment"] = Alignment(horizontal="center" if row_kind in ("total", "quota") else "left",
                                       vertical="center", wrap_text=True)
    else:
        style["number_format"] = SEAT_FORMAT
        style["alignment"] = Alignment(horizontal="right", vertical="center")
    if row_kind in ("total", "quota"):
        style["fill"] = SHADE
    return style


def write_appendix_sheet(worksheet, sheet: AppendixSheet, styles: Styles, lang: str) -> dict[str, int]:
    """Write ``sheet`` into the empty ``worksheet`` with its print setup; returns the value of every formula
    cell by coordinate (for ``with_cached_values``)."""
    appendix = sheet.appendix
    headers = header_cells(sheet)
    widths = column_widths(sheet, headers)
    scale = print_scale(widths)
    columns = appendix.total_column
    top = 3  # the header's first row, under the title and the note
    for row, text, italic, size in ((1, sheet.heading, False, TITLE_SIZE), (2, sheet.note, True, FONT_SIZE)):
        worksheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        cell = put(worksheet, row, 1, text)
        cell.font = font(bold=not italic, italic=italic, size=size)
        cell.alignment = CENTRE if row == 1 else Alignment(horizontal="right", vertical="center")
    for header in headers:
        first_row, last_row = top + header.row, top + header.row + header.rows - 1
        if header.rows > 1 or header.last > header.first:
            worksheet.merge_cells(start_row=first_row, start_column=header.first, end_row=last_row,
                                  end_column=header.last)
        put(worksheet, first_row, header.first, header.text)
    for row in range(top, top + appendix.header_rows):
        for column in range(1, columns + 1):
            styles.apply(worksheet.cell(row=row, column=column), ("appendix", "header"),
                         lambda: {"font": font(bold=True), "alignment": CENTRE, "border": GRID})
    cached: dict[str, int] = {}
    for index, (row, values, formulas) in enumerate(zip(sheet.rows, sheet.values, sheet.formulas)):
        at = appendix.first_row + index
        for position, value in ((1, row.number), (2, row.label)):
            cell = put(worksheet, at, position, value)
            styles.apply(cell, ("appendix", row.kind, position), lambda k=row.kind, p=position: _body_style(k, p))
        for offset, (value, formula) in enumerate(zip(values, formulas)):
            column = FIRST_VALUE_COLUMN + offset
            cell = worksheet.cell(row=at, column=column, value=formula if formula is not None else value)
            if formula is not None and value is not None:
                cached[cell.coordinate] = value
            styles.apply(cell, ("appendix", row.kind, 3), lambda k=row.kind: _body_style(k, 3))
    for position, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(position)].width = round(width, 2)
    title_lines = wrapped_lines(sheet.heading, sum(widths), bold=True, size=TITLE_SIZE)
    title = [title_lines * LINE_HEIGHT * TITLE_SIZE / FONT_SIZE + CELL_PADDING, ROW_HEIGHT]
    head = header_heights(headers, widths, appendix.header_rows)
    body = body_heights(sheet, widths)
    for row, height in enumerate([*title, *head, *body], start=1):
        worksheet.row_dimensions[row].height = round(height, 2)
    worksheet.freeze_panes = f"{get_column_letter(FIRST_VALUE_COLUMN)}{appendix.first_row}"
    _page_setup(worksheet, scale, f"{top}:{top + appendix.header_rows - 1}", lang,
                columns_repeat=sum(widths) * POINTS_PER_WIDTH * scale / 100 > printable_width())
    for start in page_breaks(sheet.rows, body, sum(head), sum(title), scale):
        worksheet.row_breaks.append(Break(id=appendix.first_row + start - 1))
    return cached


def _page_setup(worksheet, scale: int, header_rows: str, lang: str, columns_repeat: bool) -> None:
    setup = worksheet.page_setup
    setup.paperSize = worksheet.PAPERSIZE_A4
    setup.orientation = "landscape"
    setup.scale = scale
    worksheet.sheet_properties.pageSetUpPr.fitToPage = False  # Excel ignores manual breaks when fitting
    for side, inches in MARGINS.items():
        setattr(worksheet.page_margins, side, inches)
    worksheet.print_options.horizontalCentered = True
    worksheet.print_title_rows = header_rows
    if columns_repeat:
        worksheet.print_title_cols = "A:B"
    worksheet.oddFooter.center.text = FOOTER[lang]
    worksheet.row_breaks = RowBreak()


def effective_font_sizes(worksheet) -> list[float]:
    """The printed size of every non-empty cell's font: its size times the sheet's print scale."""
    scale = (worksheet.page_setup.scale or 100) / 100
    return sorted({(cell.font.sz or FONT_SIZE) * scale for row in worksheet.iter_rows() for cell in row
                   if cell.value is not None})


# --- cached results of formulas --------------------------------------------------------------------------------

_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v\s*/>|<c r="([A-Z]+[0-9]+)"([^>]*)>'
                           rb'<f>([^<]*)</f><v></v>')


def with_cached_values(data: bytes, sheets: Mapping[int, Mapping[str, int]]) -> bytes:
    """The .xlsx ``data`` with the given results stored in its formula cells (``sheets``: 0-based worksheet
    position → coordinate → value), so that a reader that does not calculate sees the right numbers. The zip
    entries keep their fixed dates and order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", entry.filename)
            if match and int(match.group(1)) - 1 in sheets:
                values = sheets[int(match.group(1)) - 1]

                def fill(found: re.Match, values=values) -> bytes:
                    coordinate = (found.group(1) or found.group(4)).decode()
                    attributes, formula = found.group(2) or found.group(5) or b"", found.group(3) or found.group(6)
                    value = values.get(coordinate)
                    result = b"<v />" if value is None else f"<v>{value}</v>".encode()
                    return b'<c r="' + coordinate.encode() + b'"' + attributes + b"><f>" + formula + b"</f>" + result

                content = _FORMULA_CELL.sub(fill, content)
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = entry.create_system
            info.external_attr = entry.external_attr
            target.writestr(info, content)
    return out.getvalue()
