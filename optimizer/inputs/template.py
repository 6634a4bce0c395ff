"""The submission template: an .xlsx for units or the province to fill in, one sheet per input table.

An instructions sheet first, then one sheet per table in ``schema.ALL_TABLES`` order (optionally pre-filled
from a data folder), and a hidden ``lists`` sheet that the drop-down lists point to. The header scheme and the
words are shared with the import (``submissions``).
"""


from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..encode import _workbook_bytes
from . import schema
from .data import load_inputs
from .reading import (
    TRUE_WORDS,
)
from .submissions import (
    BOLD,
    BOOL_WORDS,
    CHOICE_LABELS,
    COLUMN_NOTES,
    FIRST_DATA_ROW,
    HEADER_FILL,
    KEY_FILL,
    KEY_FONT,
    KEY_ROW,
    LISTS_SHEET,
    OPTIONAL_TABLES,
    REFERENCES,
    SHEET_TITLES,
    TABLE_NOTES,
    TEXT,
    WRAP_TOP,
    _check_lang,
    _is_year,
    column_label,
)

VALIDATION_LAST_ROW = 5000  # drop-down lists cover at least this many rows (more when the data need it)
VALIDATION_SPARE_ROWS = 1000
WIDTH = (8, 50)  # min, max characters of a table column


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
    places = fill_lists(lists_sheet, lists)
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
        if table.may_be_absent and not (folder / table.file).exists():
            continue
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


def fill_lists(sheet, lists: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
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
