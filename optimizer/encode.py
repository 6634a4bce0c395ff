"""Deterministic bytes: tables, figures and workbooks rendered to CSV, JSON, PNG, SVG and XLSX.

Every renderer gives the same bytes for the same input on every run (fixed timestamps, salts and zip entry
times), so a result folder can be compared with ``diff`` or a checksum. Nothing here writes a file.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import textwrap
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from . import words

# Spreadsheets run a cell that starts with one of these as a formula (CSV/formula injection, OWASP); tab and
# carriage return are on OWASP's list too because some spreadsheets strip them and then see the formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DPI = 150
SVG_SALT = "optimizer"
FIXED_TIME = dt.datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = str.maketrans({c: "-" for c in "[]:*?/\\"})
COLUMN_WIDTH = (6, 60)  # min, max characters
HEADER_WRAP = 16  # longer headers wrap onto several lines instead of widening the column
LINE_HEIGHT = 15  # points per line of 11-pt text


# --- text formats --------------------------------------------------------------------------------------------


def _escape_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _is_text_column(column: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)
                or pd.api.types.is_datetime64_any_dtype(column))


# Excel on Windows opens a CSV by double-click as UTF-8 only when it starts with this byte-order mark; without it the
# Vietnamese letters of names and explanations come out garbled. Every reader here decodes "utf-8-sig".
CSV_BOM = b"\xef\xbb\xbf"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with a byte-order mark, "\\n" line endings and no index; text cells that look like formulas
    get a leading '. Only text columns are escaped, so a negative number stays a number.
    """
    safe = frame.copy()
    for name in safe.columns:
        if _is_text_column(safe[name]):
            safe[name] = safe[name].map(_escape_cell, na_action="ignore")
    return CSV_BOM + safe.to_csv(index=False, lineterminator="\n").encode("utf-8")


def csv_content(data: bytes) -> bytes:
    """A CSV file's bytes without a leading byte-order mark: what two CSVs must share to hold the same table
    (folders written before the mark was added have none)."""
    return data.removeprefix(CSV_BOM)


def _plain(value: Any) -> Any:
    """JSON-ready: NumPy scalars to Python, NaN/inf to null (JSON has no NaN), paths to text."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, Path):
        return str(value)
    return value


def json_bytes(obj: Any) -> bytes:
    """JSON in insertion order, indented by 2, Vietnamese letters as themselves, with a final newline."""
    return (json.dumps(_plain(obj), indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


# --- figures -------------------------------------------------------------------------------------------------


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG at 150 dpi, without the matplotlib version, so the bytes are the same on every run."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def svg_bytes(fig: Figure) -> bytes:
    """The figure as SVG without date or creator, and with fixed element ids (svg.hashsalt, set only here)."""
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": SVG_SALT}):
        fig.savefig(buffer, format="svg", dpi=DPI, bbox_inches="tight", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


# --- spreadsheets --------------------------------------------------------------------------------------------


def _sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name: no []:*?/\\ and at most 31 characters."""
    base = (name.translate(SHEET_NAME_FORBIDDEN).strip("'") or "Sheet")[:SHEET_NAME_MAX]
    title, number = base, 1
    while title.lower() in taken:
        number += 1
        suffix = f" ({number})"
        title = base[: SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(title.lower())
    return title


def _cell_value(value: Any) -> Any:
    """Python scalars for openpyxl: numbers stay numbers, missing values become empty cells."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _writes_index(frame: pd.DataFrame, index: bool | None) -> bool:
    if index is not None:
        return index
    return not (isinstance(frame.index, pd.RangeIndex) and frame.index.name is None)


# Words that mark a column of years or of shares in a header, in the languages of the workbooks.
YEAR_WORDS = ("year", "năm")
SHARE_WORDS = ("share", "tỷ lệ")


def _number_format(header: str, column: pd.Series) -> str | None:
    """How a column's numbers show: years as years (2023, not 2,023), shares of 0–1 as percentages, other whole
    numbers with thousands separators; None to leave the cell's default."""
    words = header.casefold()
    numbers = pd.to_numeric(column, errors="coerce").dropna()
    if pd.api.types.is_integer_dtype(column):
        if any(w in words for w in YEAR_WORDS) and numbers.between(1900, 2200).all():
            return "0"
        return "#,##0"
    if pd.api.types.is_float_dtype(column) and any(w in words for w in SHARE_WORDS) and numbers.between(0, 1).all():
        return "0.0%"
    return None


def _fill_sheet(sheet, frame: pd.DataFrame, index: bool) -> None:
    table = frame.reset_index() if index else frame
    header = [str(c) if c is not None else "" for c in table.columns]
    sheet.append(header)
    for record in table.itertuples(index=False, name=None):
        sheet.append([_cell_value(v) for v in record])
    # openpyxl stores any text starting with "=" as a formula; in a workbook the cell can simply be typed as
    # text (no apostrophe needed, unlike CSV), so the label shows exactly as written and never runs.
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    totals = set(words.TOTAL_LABELS.values())
    if len(table) and str(table.iloc[-1, 0]) in totals:
        for cell in sheet[sheet.max_row]:
            cell.font = bold
    if header and header[-1] in totals:
        for row in sheet.iter_rows(min_row=2, min_col=len(header), max_col=len(header)):
            row[0].font = bold
    for position, name in enumerate(table.columns, start=1):
        number_format = _number_format(str(name), table[name])
        if number_format is not None:
            for row in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                row[0].number_format = number_format
    sheet.freeze_panes = "B2" if index else "A2"
    _set_widths(sheet, table, header)


def _set_widths(sheet, table: pd.DataFrame, header: list[str]) -> None:
    """Column widths from the longest value, with long headers wrapped rather than widening the column."""
    low, high = COLUMN_WIDTH
    lines = 1
    for position, name in enumerate(table.columns, start=1):
        values = table[name].map(lambda v: "" if pd.isna(v) else f"{v:,}" if isinstance(v, (int, np.integer))
                                 else str(v))
        longest = int(values.str.len().max()) if len(values) else 0
        head = header[position - 1]
        head_width = max(min(len(head), HEADER_WRAP), max((len(word) for word in head.split()), default=0))
        width = max(low, min(high, max(longest, head_width) + 2))
        sheet.column_dimensions[get_column_letter(position)].width = width
        lines = max(lines, len(textwrap.wrap(head, width - 2)) or 1)
    # Not every spreadsheet grows a row for wrapped text by itself, so the header row gets an explicit height.
    sheet.row_dimensions[1].height = LINE_HEIGHT * lines


def _repack(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01 and fixed attributes, so the bytes do not depend on time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # the default differs between Windows and Unix
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame], *, index: bool | None = None) -> bytes:
    """An .xlsx with one sheet per entry, in order, identical bytes on every run.

    The header row is bold, wrapped and frozen; numbers are stored as numbers; a last row labelled "Tổng cộng"
    or "Total" (and a last column so named) is bold. The index is written as the first column when it carries
    labels (``index=None``: any index other than an unnamed RangeIndex); pass ``index`` to decide explicitly.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for name, frame in sheets.items():
        sheet = workbook.create_sheet(_sheet_title(str(name), taken))
        _fill_sheet(sheet, frame, _writes_index(frame, index))
    return _workbook_bytes(workbook)


def _workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes with fixed document dates and zip entry times: the same bytes on every run."""
    if not workbook.worksheets:
        workbook.create_sheet("Sheet")  # a workbook must have a sheet to open
    workbook.properties.creator = "optimizer"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps the current time into docProps/core.xml.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _repack(buffer.getvalue())
