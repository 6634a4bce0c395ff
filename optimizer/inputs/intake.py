"""A filled submission workbook read back into the CSV files of a data folder, checked like CSV input.

What the import forgives and what it refuses is described in ``submissions``; the workbook is only read.
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

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from ..errors import InputError, Place
from ..files import MISSING, not_a_file, path_problem_vi
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
    vi_number,
    without_invisible,
)
from .submissions import (
    CHOICE_LABELS,
    LANGS,
    LISTS_SHEET,
    OLE2_MAGIC,
    OPTIONAL_TABLES,
    SHEET_TITLES,
    _is_year,
    column_label,
)

HEADER_SEARCH_ROWS = 10  # the header may sit under a few title rows
# Invisible format characters (U+200B, U+FEFF...) are not removed from cells: load_inputs refuses them in ids
# and drops them from free text, as it does for a CSV file. Headers are matched without them (see _norm).
SPACES = {"\xa0": " ", "\u2007": " ", "\u202f": " ", "\r\n": "\n", "\r": "\n"}
# An .xlsx is a zip of XML: its unpacked size bounds what openpyxl will parse and hold (shared strings are held
# whole). A province's workbook unpacks to a few MB; a zip bomb unpacks to far more than it weighs.
MAX_UNPACKED_BYTES = 500_000_000
# Rows a table sheet may have: the rows of a table, a few title rows and the two header rows.
MAX_SHEET_ROWS = MAX_ROWS + HEADER_SEARCH_ROWS + 2
SAVE_AS_XLSX_VI = "hãy mở tệp bằng Excel và lưu lại dưới dạng 'Excel Workbook (.xlsx)'"


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
    # A table a data folder may leave out (pins.csv) is written only when its sheet has rows.
    files = {sheet.table.file: _csv_text(sheet)[0].encode("utf-8") for sheet in sheets.values()
             if sheet.records or not sheet.table.may_be_absent}
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
        raise InputError(place, "the workbook does not exist", "check the file name",
                         problem_vi="không có sổ Excel này", fix_vi="hãy kiểm tra tên tệp")
    if problem is not None:
        raise InputError(place, problem, "give the path of an .xlsx workbook", problem_vi=path_problem_vi(problem),
                         fix_vi="hãy chỉ đúng đường dẫn của một sổ Excel .xlsx")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(place, f"the file is {size / 1e6:,.0f} MB, more than the limit of {MAX_FILE_BYTES / 1e6:,.0f} "
                                "MB for a workbook", "check that it is the right file: a province's workbook is a few MB",
                         problem_vi=f"tệp nặng {vi_number(round(size / 1e6))} MB, quá giới hạn "
                                    f"{vi_number(round(MAX_FILE_BYTES / 1e6))} MB cho một sổ Excel",
                         fix_vi="hãy kiểm tra lại có đúng tệp không: sổ Excel của một tỉnh chỉ nặng vài MB")
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)  # never more, whatever the file grew to since stat
    if not data:
        raise InputError(place, "the file is empty", "send the filled workbook again",
                         problem_vi="tệp trống", fix_vi="hãy gửi lại sổ Excel đã điền")
    if data.startswith(OLE2_MAGIC):
        raise InputError(place, "the file is an old Excel 97–2003 workbook (.xls) or a password-protected one, "
                                "not an .xlsx workbook", fix + " without a password",
                         problem_vi="tệp là sổ Excel 97–2003 (.xls) kiểu cũ hoặc sổ có đặt mật khẩu, không phải sổ "
                                    ".xlsx", fix_vi=SAVE_AS_XLSX_VI + " và không đặt mật khẩu")
    if not data.startswith(b"PK"):
        looks = " (it looks like a CSV or text file)" if _is_text(data) else ""
        looks_vi = " (có vẻ là tệp CSV hoặc tệp văn bản)" if looks else ""
        raise InputError(place, f"the file is not an .xlsx workbook{looks}", fix,
                         problem_vi=f"tệp không phải sổ Excel .xlsx{looks_vi}", fix_vi=SAVE_AS_XLSX_VI)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(place, "the file is damaged: it is not a complete .xlsx (zip) file", fix,
                         problem_vi="tệp bị hỏng: không phải tệp .xlsx (zip) đầy đủ", fix_vi=SAVE_AS_XLSX_VI)
    _check_unpacked_size(data, place, fix)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a zip that is not a workbook
        raise InputError(place, f"the file cannot be read as an .xlsx workbook ({type(err).__name__})", fix,
                         problem_vi=f"không đọc được tệp như một sổ Excel .xlsx ({type(err).__name__})",
                         fix_vi=SAVE_AS_XLSX_VI) from None


def _check_unpacked_size(data: bytes, place: Place, fix: str) -> None:
    """Refuse a workbook that would unpack to more than MAX_UNPACKED_BYTES, from the zip's directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise InputError(place, f"the file is damaged ({type(err).__name__})", fix,
                         problem_vi=f"tệp bị hỏng ({type(err).__name__})", fix_vi=SAVE_AS_XLSX_VI) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(place, f"the workbook unpacks to {unpacked / 1e6:,.0f} MB, more than the limit of "
                                f"{MAX_UNPACKED_BYTES / 1e6:,.0f} MB", "check that it is the right file; delete "
                                "what is not the tables (pictures, empty rows formatted to the bottom) and save again",
                         problem_vi=f"sổ Excel khi giải nén nặng {vi_number(round(unpacked / 1e6))} MB, quá giới hạn "
                                    f"{vi_number(round(MAX_UNPACKED_BYTES / 1e6))} MB",
                         fix_vi="hãy kiểm tra lại có đúng tệp không; xóa những gì không phải bảng số liệu (hình ảnh, "
                                "các hàng trống được định dạng tới cuối trang) rồi lưu lại")


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
                             f"(also '{found[name][0].title}')", "delete or rename one of them",
                             problem_vi=f"hai trang tính cùng chứa bảng '{name}' (trang kia là "
                                        f"'{found[name][0].title}')", fix_vi="hãy xóa hoặc đổi tên một trang")
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
            seen_vi = f" (sổ có các trang: {', '.join(others)})" if others else ""
            other = SHEET_TITLES["en" if book_lang == "vi" else "vi"][table.name]
            raise InputError(Place(_where(path, title)), f"the sheet is missing{seen}",
                             f"add the sheet '{title}' (or '{other}') as in the template",
                             problem_vi=f"thiếu trang tính{seen_vi}",
                             fix_vi=f"hãy thêm trang '{title}' (hoặc '{other}') như trong tệp mẫu")
        sheet, lang = found[table.name]
        sheets[table.name] = _read_sheet(sheet, table, lang, workbook.epoch, path)
    return sheets


def _sheet_rows(sheet, path: Path) -> list[list[Any]]:
    """The sheet's rows as lists without trailing empty cells, within the limits on rows and cell length."""
    declared = sheet.max_row  # the size the sheet's <dimension> states (Excel writes it), known before any row
    if declared is not None and declared > MAX_SHEET_ROWS:
        raise _too_many_rows(sheet, path, declared)
    try:
        sheet.reset_dimensions()  # some writers store a wrong size; read every row there is
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_SHEET_ROWS:  # rows are counted as they stream, so a wrong size cannot hide them
                raise _too_many_rows(sheet, path, None)
            rows.append(_trimmed(row, sheet, path, number))
        return rows
    except InputError:
        raise
    except Exception as err:
        raise InputError(Place(_where(path, sheet.title)), f"the sheet cannot be read ({type(err).__name__}): "
                         "the file is damaged", "open it in Excel and save it again as .xlsx",
                         problem_vi=f"không đọc được trang tính ({type(err).__name__}): tệp bị hỏng",
                         fix_vi="hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx") from None


def _too_many_rows(sheet, path: Path, declared: int | None) -> InputError:
    """The refusal of a sheet with more rows than a table may have: ``declared`` rows by its own account, or (None)
    found while reading."""
    rows = "has more rows" if declared is None else f"has {declared:,} rows, more"
    rows_vi = "có nhiều hàng hơn" if declared is None else f"có {vi_number(declared)} hàng, nhiều hơn"
    return InputError(Place(_where(path, sheet.title)), f"the sheet {rows} than the limit of {MAX_ROWS:,} rows for "
                      "one table (perhaps rows formatted down to the bottom of the sheet)",
                      "delete the rows below the data (select them, then Delete Sheet Rows) and save again",
                      problem_vi=f"trang tính {rows_vi} giới hạn {vi_number(MAX_ROWS)} hàng của một bảng (có thể do "
                                 "định dạng các hàng kéo xuống tận cuối trang)",
                      fix_vi="hãy xóa các hàng bên dưới số liệu (chọn các hàng đó, rồi Delete Sheet Rows) và lưu lại")


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
                             "shorten it", problem_vi=f"một ô dài {vi_number(len(value))} ký tự, quá giới hạn "
                                                      f"{vi_number(MAX_CELL_CHARS)} ký tự",
                             fix_vi="hãy rút ngắn nội dung ô")
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
                         "copy the header rows (1 and 2) from the template back into the sheet",
                         problem_vi="không tìm thấy hàng tiêu đề",
                         fix_vi="hãy chép lại các hàng tiêu đề (hàng 1 và 2) từ tệp mẫu vào trang tính")

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
                                 "restore the template's header and key for this column",
                                 problem_vi=f"tiêu đề ghi '{shown}' nhưng mã cột bên dưới ghi '{name}'",
                                 fix_vi="hãy khôi phục tiêu đề và mã cột của cột này theo tệp mẫu")
        elif label:
            if label not in known:
                choices = [column_label(table.name, c.name, lang) for c in table.columns]
                close = difflib.get_close_matches(shown, choices + list(names), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"the columns are: {', '.join(choices)}"
                hint_vi = f"có phải là '{close[0]}'?" if close else f"các cột là: {', '.join(choices)}"
                raise InputError(Place(where, header_row, display), "unknown column header",
                                 f"{hint} (rename it as in the template, or delete the column)",
                                 problem_vi="tiêu đề cột không đúng",
                                 fix_vi=f"{hint_vi} (hãy đổi tên như trong tệp mẫu, hoặc xóa cột)")
            name = known[label]
        else:
            filled = next((i for i, r in enumerate(rows[first_data:], start=first_data)
                           if position < len(r) and _text(r[position])), None)
            if filled is not None:
                raise InputError(Place(where, filled + 1, letter), "the column has values but no header",
                                 "give it a header from the template, or delete the values",
                                 problem_vi="cột có giá trị nhưng không có tiêu đề",
                                 fix_vi="hãy đặt tiêu đề theo tệp mẫu, hoặc xóa các giá trị")
            continue
        if name in labels:
            raise InputError(Place(where, header_row, display),
                             f"the column appears twice (also {labels[name]})", "keep one of them",
                             problem_vi=f"cột xuất hiện hai lần (cột kia: {labels[name]})",
                             fix_vi="hãy giữ lại một cột")
        mapping[position] = name
        labels[name] = display
    for column in table.columns:
        if column.name not in labels:
            if column.required:
                label = column_label(table.name, column.name, lang)
                raise InputError(Place(where, header_row, label), "required column is missing",
                                 f"add a column headed '{label}' with the key '{column.name}' under it",
                                 problem_vi="thiếu cột bắt buộc",
                                 fix_vi=f"hãy thêm cột có tiêu đề '{label}' và mã cột '{column.name}' ở hàng dưới")
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
    problem_vi, fix_vi = err.problem_vi or err.problem, err.fix_vi or err.fix
    for other in sheets.values():
        title, title_vi = f"sheet '{other.title}'", f"trang '{other.title}'"
        problem, fix = problem.replace(other.table.file, title), fix.replace(other.table.file, title)
        problem_vi, fix_vi = problem_vi.replace(other.table.file, title_vi), fix_vi.replace(other.table.file, title_vi)
    words = {"problem_vi": problem_vi, "fix_vi": fix_vi} if err.problem_vi or err.fix_vi else {}
    if sheet is None:
        return InputError(Place(str(path)), problem, fix, **words)
    row = err.place.row
    if row is not None:
        row = sheet.header_row if row == 1 else _csv_text(sheet)[1].get(row)
    column = err.place.column
    if column is not None:
        column = "/".join(sheet.labels.get(part, part) for part in column.split("/"))
    return InputError(Place(_where(path, sheet.title), row, column), problem, fix, **words)
