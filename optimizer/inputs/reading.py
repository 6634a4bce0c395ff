"""Reading one CSV table the way a planner's file is written: encodings, separators, Vietnamese numbers.

Everything that can be wrong inside one file is caught here and reported as an ``InputError`` naming the file,
the row (the line number a spreadsheet or text editor shows) and the column; checks across tables are in
``data``. Numbers follow one rule, shared with the workbook intake: ``parse_whole_number``.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import math
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Place
from ..files import not_a_file, path_problem_vi
from . import schema

TRUE_WORDS = {"true", "1", "yes", "y", "có", "co", "x"}
FALSE_WORDS = {"false", "0", "no", "n", "không", "khong", ""}


def read_table_file(path: Path, table: schema.Table) -> pd.DataFrame:
    """Read one CSV that has the columns of ``table`` but lives anywhere (a scenario's extra files)."""
    return read_table(path.parent, replace(table, file=path.name))


# --- reading -----------------------------------------------------------------------------------------------

# Limits on one input table, far above any real plan (the whole country has 3,321 communes; a province's tables
# have a few thousand rows of short cells). A file beyond them is a wrong export, a runaway formula or not a
# table at all; it is refused at once instead of taking minutes and gigabytes. Submission workbooks share them.
MAX_FILE_BYTES = 200_000_000  # one CSV file, checked with stat before it is opened
MAX_ROWS = 500_000  # data rows of one table, counted while the file streams
MAX_CELL_CHARS = 10_000  # characters of one cell (a name or a source note is at most a few hundred)
MAX_LINE_CHARS = 20 * MAX_CELL_CHARS  # one physical line: a dozen long cells, or Excel's trailing empty columns
CELL_FIX = "shorten it, or close a quote (\") left open (a quote inside a cell is written twice: \"\")"
CELL_FIX_VI = ("hãy rút ngắn nội dung ô, hoặc đóng dấu ngoặc kép (\") còn để mở (dấu ngoặc kép trong một ô phải viết "
               "hai lần: \"\")")
SAVE_UTF8_VI = "hãy lưu lại dưới dạng 'CSV UTF-8'"


class NotWholeNumber(ValueError):
    """A cell that is not a whole number, with the problem and fix to report at its place (and in Vietnamese)."""

    def __init__(self, problem: str, fix: str, problem_vi: str = "", fix_vi: str = ""):
        super().__init__(problem)
        self.problem, self.fix, self.problem_vi, self.fix_vi = problem, fix, problem_vi, fix_vi


_PLAIN = re.compile(r"([+-]?)([0-9]+)")
_DOT_OR_COMMA_GROUPS = re.compile(r"([+-]?)([1-9][0-9]{0,2}(?P<sep>[.,])[0-9]{3}(?:(?P=sep)[0-9]{3})+)")
_SPACE_GROUPS = re.compile(r"([+-]?)([1-9][0-9]{0,2}(?:[ \u00a0\u202f\u2007][0-9]{3})+)")
_ONE_SEPARATOR = re.compile(r"([+-]?)([0-9]+)([.,])([0-9]+)")
_THOUSANDS_HEAD = re.compile(r"[1-9][0-9]{0,2}")  # what may stand before a thousands separator
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:nan|inf|infinity)", re.I)
WHOLE_FIX = "counts and years are whole numbers"
WHOLE_FIX_VI = "số lượng và năm phải là số nguyên, không có phần thập phân"
DIGITS_FIX_VI = "hãy ghi số bằng chữ số"


def vi_number(number: float) -> str:
    """A number as a Vietnamese reader writes it: 1.000.000 for a million, 12,5 for twelve and a half; a year or
    other number under 10,000 without a separator."""
    text = f"{number:,}" if abs(number) >= 10_000 else str(number)
    return text.translate({ord(","): ".", ord("."): ","})


def parse_whole_number(text: str) -> int:
    """The whole number a cell of a count or year column holds (``text`` already stripped), or ``NotWholeNumber``.

    Spreadsheets in a Vietnamese locale write 1.000 for a thousand and 1,5 for one and a half; in other
    locales it is the other way round. A number is never silently read as another, so the rule is:

    - plain digits, with an optional sign: the number (``2023``, ``-3``);
    - two or more groups of three digits after dots, commas or spaces: thousands (``1.234.567``,
      ``1,234,567``, ``1 234 567`` → 1234567); one group after a space or non-breaking space too (``1 000``);
    - a decimal point or comma followed by zeros only, other than exactly three: a whole number written as a
      decimal (``12.0``, ``2023.0``, ``12,0``, ``12,00`` → 12), as spreadsheets and numbers-as-text write them;
    - one separator followed by exactly three digits after one to three digits (``1.000``, ``12.500``,
      ``1,000``): ambiguous, thousands or decimals, so refused with both readings;
    - a separator followed by other digits (``1,5``, ``1.5``): refused, "'1,5' is 1.5, not a whole number";
    - a plain decimal or scientific number (``1e3``, ``1234.000``) is read as that number and must be whole;
      ``NaN`` and ``inf`` are refused; anything else (words, ``1_000``, other digit scripts) is not a number.
    """
    if match := _PLAIN.fullmatch(text):
        return _whole(match[1], match[2])
    if match := _DOT_OR_COMMA_GROUPS.fullmatch(text) or _SPACE_GROUPS.fullmatch(text):
        return _whole(match[1], re.sub("[^0-9]", "", match[2]))
    if match := _ONE_SEPARATOR.fullmatch(text):
        sign, whole, separator, fraction = match.groups()
        decimal = sign + whole + ("." + fraction.rstrip("0") if fraction.rstrip("0") else "")
        if len(fraction) == 3 and _THOUSANDS_HEAD.fullmatch(whole):
            raise _ambiguous(text, f"{sign}{whole}{fraction}", decimal, separator)
        if not fraction.rstrip("0"):
            return _whole(sign, whole)
        reading = "" if decimal == text else f" {decimal}, "  # 1,5 is shown as the 1.5 it would be read as
        raise NotWholeNumber(f"'{text}' is{reading or ' '}not a whole number", WHOLE_FIX,
                             f"'{text}' là số thập phân, không phải số nguyên", WHOLE_FIX_VI)
    if _FLOAT.fullmatch(text):
        number = float(text)
        if math.isnan(number):
            raise NotWholeNumber(f"'{text}' is not a number", "write a number with digits only",
                                 f"'{text}' không phải là số", DIGITS_FIX_VI)
        if math.isinf(number):
            raise NotWholeNumber(f"'{text}' is not a finite number", "write an ordinary number",
                                 f"'{text}' không phải là một số hữu hạn", "hãy ghi một số cụ thể")
        if not number.is_integer():
            raise NotWholeNumber(f"'{text}' is not a whole number", WHOLE_FIX,
                                 f"'{text}' không phải là số nguyên", WHOLE_FIX_VI)
        return int(number)
    raise NotWholeNumber(f"'{text}' is not a number", "write a number with digits only",
                         f"'{text}' không phải là số", DIGITS_FIX_VI)


def _whole(sign: str, digits: str) -> int:
    # Past 18 digits a number is above every maximum anyway; a stand-in keeps int() off a 10,000-digit cell.
    digits = digits.lstrip("0") or "0"
    value = int(digits) if len(digits) <= 18 else 10**19
    return -value if sign == "-" else value


def _ambiguous(text: str, thousands: str, decimal: str, separator: str) -> NotWholeNumber:
    if separator == ".":
        readings = f"{thousands} (Vietnamese thousands separator) or as {decimal} (decimal point)"
    else:
        readings = f"{thousands} (thousands separator) or as {decimal} (Vietnamese decimal comma)"
    whole = "." not in decimal
    fix = (f"write {thousands} or {decimal} without separators" if whole
           else f"write {thousands} without separators if that is meant ({decimal} is not a whole number)")
    decimal_vi = decimal.replace(".", ",")
    if separator == ".":
        readings_vi = f"{thousands} (dấu chấm ngăn cách hàng nghìn) hoặc {decimal_vi} (dấu chấm thập phân)"
    else:
        readings_vi = f"{thousands} (dấu phẩy ngăn cách hàng nghìn) hoặc {decimal_vi} (dấu phẩy thập phân)"
    fix_vi = (f"hãy ghi {thousands} hoặc {decimal} không có dấu ngăn cách" if whole
              else f"nếu là {thousands} thì hãy ghi không có dấu ngăn cách ({decimal_vi} không phải số nguyên)")
    return NotWholeNumber(f"'{text}' reads as {readings}", fix, f"'{text}' có thể hiểu là {readings_vi}", fix_vi)


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _utf16(path)
    if b"\x00" in data:  # UTF-16 saved without a byte-order mark (or not a text file at all); valid UTF-8 to a decoder
        raise _nul_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _not_utf8(path, data[: err.start].count(b"\n") + 1) from None


def _utf16(path: Path) -> InputError:
    return InputError(Place(str(path)), "the file is UTF-16, not UTF-8", "save it again as 'CSV UTF-8'",
                      problem_vi="tệp được lưu theo bảng mã UTF-16, không phải UTF-8", fix_vi=SAVE_UTF8_VI)


def _nul_bytes(path: Path) -> InputError:
    return InputError(Place(str(path)), "the file has NUL bytes: it is UTF-16 or not a CSV text file",
                      "save it again as 'CSV UTF-8'", fix_vi=SAVE_UTF8_VI,
                      problem_vi="tệp có byte NUL: tệp được lưu theo bảng mã UTF-16 hoặc không phải tệp văn bản CSV")


def _not_utf8(path: Path, line: int) -> InputError:
    return InputError(Place(str(path), line), "the file is not UTF-8 (perhaps Windows-1258 or another legacy code "
                      "page)", "save it again as 'CSV UTF-8' so Vietnamese letters survive",
                      problem_vi="tệp không phải UTF-8 (có thể là bảng mã Windows-1258 hoặc một bảng mã cũ khác)",
                      fix_vi=SAVE_UTF8_VI + " để giữ nguyên chữ tiếng Việt")


def check_file(path: Path, table: schema.Table) -> None:
    """A regular file within the size limit, checked before it is opened."""
    problem = not_a_file(path)
    if problem is not None:
        raise InputError(Place(str(path)), problem, f"put the {table.file} table there as a CSV file "
                                                    "(see data/README.md)", problem_vi=path_problem_vi(problem),
                         fix_vi=f"hãy đặt bảng {table.file} vào đó dưới dạng tệp CSV (xem data/README.md)")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(Place(str(path)), f"the file is {size / 1e6:,.0f} MB, more than the limit of "
                         f"{MAX_FILE_BYTES / 1e6:,.0f} MB for one table",
                         "check that it is the right file: a province's table is a few hundred kB",
                         problem_vi=f"tệp nặng {vi_number(round(size / 1e6))} MB, quá giới hạn "
                                    f"{vi_number(round(MAX_FILE_BYTES / 1e6))} MB cho một bảng",
                         fix_vi="hãy kiểm tra lại có đúng tệp không: bảng số liệu của một tỉnh chỉ vài trăm kB")


class _Lines:
    """The physical lines of a CSV file for ``csv.reader``, decoded as they stream, each checked for NUL bytes
    and length, so memory stays bounded whatever the file holds. ``ended`` tells the reader asked past the
    last line, which only happens inside a quoted cell: a quote left open."""

    def __init__(self, path: Path, handle):
        self.path, self.ended, self.count = path, False, 0
        head = handle.read(65536)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise _utf16(path)
        if b"\x00" in head:  # UTF-16 without a byte-order mark: caught before its bytes fail as UTF-8
            raise _nul_bytes(path)
        handle.seek(0)
        self.text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")

    def __iter__(self):
        return self

    def __next__(self) -> str:
        try:
            line = self.text.readline(MAX_LINE_CHARS + 1)
        except UnicodeDecodeError:
            raise _undecodable(self.path) from None
        if not line:
            self.ended = True
            raise StopIteration
        self.count += 1
        if "\x00" in line:
            raise _nul_bytes(self.path)
        if len(line) > MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise InputError(Place(str(self.path), self.count), f"the line is longer than the limit of "
                             f"{MAX_LINE_CHARS:,} characters", "check that the file is a CSV table; " + CELL_FIX,
                             problem_vi=f"dòng dài hơn giới hạn {vi_number(MAX_LINE_CHARS)} ký tự",
                             fix_vi="hãy kiểm tra lại tệp có phải bảng CSV không; " + CELL_FIX_VI)
        return line


def _undecodable(path: Path) -> InputError:
    """The error for the first bytes of ``path`` that are not UTF-8, found by a second, chunked pass (the
    streaming decoder reads ahead, so it cannot say on which line it failed)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as err:
                before = err.object[: err.start]
                return _nul_bytes(path) if b"\x00" in before else _not_utf8(path, line + before.count(b"\n"))
            line += chunk.count(b"\n")
    return _not_utf8(path, line)  # the file ends inside a character


def _read_records(path: Path) -> tuple[int, list[str], list[list[str]], list[int]]:
    """The header's line and cells, then the non-blank records and the line each starts on, within the limits."""
    with path.open("rb") as handle:
        lines = _Lines(path, handle)
        reader = csv.reader(lines)
        header: list[str] | None = None
        header_line = 0
        rows, starts = [], []
        end = 0  # the line the previous record ended on; a record with a multi-line cell starts on the line after
        try:
            for record in reader:
                start, end = end + 1, reader.line_num
                if lines.ended:
                    raise InputError(Place(str(path), start), "a quote (\") opened in this row is never closed",
                                     "close it, or write a quote inside a cell twice (\"\")",
                                     problem_vi="dấu ngoặc kép (\") mở ở dòng này không được đóng lại",
                                     fix_vi="hãy đóng dấu ngoặc kép, hoặc viết hai lần (\"\") nếu đó là dấu ngoặc "
                                            "kép trong ô")
                if not any(cell.strip() for cell in record):
                    continue
                _check_cell_lengths(path, start, record, header)
                if header is None:
                    header, header_line = record, start
                    continue
                if len(rows) == MAX_ROWS:
                    raise InputError(Place(str(path), start), f"the table has more than {MAX_ROWS:,} rows, the "
                                     "limit for one table", "check that it is the right file (the whole country "
                                     "has 3,321 communes)",
                                     problem_vi=f"bảng có hơn {vi_number(MAX_ROWS)} dòng, quá giới hạn cho một bảng",
                                     fix_vi="hãy kiểm tra lại có đúng tệp không (cả nước chỉ có 3.321 xã, phường)")
                rows.append(record)
                starts.append(start)
        except csv.Error as err:  # a cell past the csv module's own limit (131,072 characters), or worse
            detail = "có ô dài quá giới hạn của trình đọc CSV" if "field limit" in str(err) else str(err)
            raise InputError(Place(str(path), end + 1), f"the file cannot be read as CSV ({err})", CELL_FIX,
                             problem_vi=f"không đọc được tệp dưới dạng CSV ({detail})", fix_vi=CELL_FIX_VI) from None
    if header is None:
        raise InputError(Place(str(path)), "the file is empty", "restore its header row and data (see data/README.md)",
                         problem_vi="tệp trống", fix_vi="hãy khôi phục dòng tiêu đề và số liệu (xem data/README.md)")
    return header_line, header, rows, starts


def _check_cell_lengths(path: Path, line: int, record: list[str], header: list[str] | None) -> None:
    if max(map(len, record)) <= MAX_CELL_CHARS:
        return
    position = next(i for i, cell in enumerate(record) if len(cell) > MAX_CELL_CHARS)
    column = header[position].strip() if header and position < len(header) else None
    raise InputError(Place(str(path), line, _one_line(column) if column else None),
                     f"a cell is {len(record[position]):,} characters long, more than the limit of "
                     f"{MAX_CELL_CHARS:,}", CELL_FIX, fix_vi=CELL_FIX_VI,
                     problem_vi=f"một ô dài {vi_number(len(record[position]))} ký tự, quá giới hạn "
                                f"{vi_number(MAX_CELL_CHARS)} ký tự")


def read_table(folder: Path, table: schema.Table) -> pd.DataFrame:
    """Read one CSV as text, check its header, and parse every column to its type."""
    path = folder / table.file
    check_file(path, table)
    header_line, raw_header, rows, lines = _read_records(path)
    header = [_nfc(cell).strip() for cell in raw_header]
    while header and header[-1] == "":  # Excel saves the empty columns right of a table as trailing commas
        header.pop()
    _check_header(path, header_line, header, raw_header, table)
    width = len(header)
    for position, (record, line) in enumerate(zip(rows, lines)):
        rows[position] = _fitted(path, line, record, width, len(raw_header))
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame["line"] = lines
    for column in table.columns:
        if column.name not in frame.columns:
            frame[column.name] = ""
        frame[column.name] = _parse_column(frame, column, path)
    return frame[[c.name for c in table.columns] + ["line"]]


def _fitted(path: Path, line: int, record: list[str], width: int, raw_width: int) -> list[str]:
    """The record cut to the named columns: the empty cells Excel writes under unnamed trailing columns go."""
    if len(record) == width:
        return record
    if width < len(record) <= raw_width:
        extra = next((i for i in range(width, len(record)) if record[i].strip()), None)
        if extra is None:
            return record[:width]
        raise InputError(Place(str(path), line), f"field {extra + 1} has a value but its column has no header",
                         "give the column a header, or delete the value",
                         problem_vi=f"ô thứ {extra + 1} có giá trị nhưng cột của nó không có tên ở dòng tiêu đề",
                         fix_vi="hãy đặt tên cho cột, hoặc xóa giá trị")
    header_width = width if len(record) < width else raw_width
    raise InputError(
        Place(str(path), line),
        f"has {len(record)} fields but the header has {header_width}",
        "check for a stray comma or a missing value",
        problem_vi=f"dòng có {len(record)} ô nhưng dòng tiêu đề có {header_width} cột",
        fix_vi="hãy kiểm tra xem có dấu phẩy thừa hoặc ô bị thiếu không",
    )


def _check_header(path: Path, line: int, header: list[str], raw_header: list[str], table: schema.Table) -> None:
    known = [c.name for c in table.columns]
    _check_separator(path, line, raw_header, known)
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        shown = _one_line(name)
        if name == "":
            raise InputError(Place(str(path), line, str(position)), "the column has no name in the header",
                             f"name it (the columns are: {', '.join(known)}) or delete the column",
                             problem_vi="cột không có tên ở dòng tiêu đề",
                             fix_vi=f"hãy đặt tên cho cột (các cột là: {', '.join(known)}) hoặc xóa cột")
        if (char := _invisible(name)) is not None:
            raise InputError(Place(str(path), line, _shown(shown)),
                             f"the column name contains an invisible character {char}", "retype the column name",
                             problem_vi=f"tên cột có ký tự ẩn {char}", fix_vi="hãy gõ lại tên cột")
        if name in seen:
            raise InputError(Place(str(path), line, shown), "the column appears twice", "keep one of them",
                             problem_vi="cột xuất hiện hai lần", fix_vi="hãy giữ lại một cột")
        seen.add(name)
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the columns are: {', '.join(known)}"
            hint_vi = f"có phải là '{close[0]}'?" if close else f"các cột của bảng là: {', '.join(known)}"
            raise InputError(Place(str(path), line, shown), "unknown column", f"{hint}",
                             problem_vi="tên cột không đúng", fix_vi=hint_vi)
    for name in table.required_columns:
        if name not in seen:
            raise InputError(Place(str(path), line, name), "required column is missing", f"add a column named '{name}'",
                             problem_vi="thiếu cột bắt buộc", fix_vi=f"hãy thêm cột có tên '{name}'")


SEPARATORS = {";": "semicolons (;)", "\t": "tabs"}
SEPARATORS_VI = {";": "dấu chấm phẩy (;)", "\t": "dấu tab"}


def _check_separator(path: Path, line: int, raw_header: list[str], known: list[str]) -> None:
    """Refuse a file separated by semicolons (Excel's 'CSV' in a Vietnamese locale) or tabs, rather than read
    it: such a file also writes decimals with a comma (0,8), which a comma-separated reader must not meet."""
    if all(cell.strip() in known for cell in raw_header):
        return
    joined = ",".join(raw_header)
    for separator, name in SEPARATORS.items():
        if sum(part.strip() in known for part in joined.split(separator)) >= 2:
            raise InputError(Place(str(path), line), f"the file is separated by {name}",
                             "save it as 'CSV UTF-8 (comma delimited)'",
                             problem_vi=f"tệp dùng {SEPARATORS_VI[separator]} để ngăn cách các cột",
                             fix_vi=SAVE_UTF8_VI + " (ngăn cách bằng dấu phẩy)")


def _one_line(text: str) -> str:
    """A cell or header as it can be quoted in a one-line message (spreadsheets allow line breaks in a cell)."""
    return " ".join(part.strip() for part in text.splitlines()) if text else text


def _nfc(text: str) -> str:
    """Text in Unicode NFC, so a letter typed decomposed (NFD, as some Mac and web sources give) matches."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _invisible(text: str) -> str | None:
    """The first invisible format character (Unicode category Cf: zero-width space, BOM, soft hyphen...) in
    ``text`` as 'U+200B ZERO WIDTH SPACE', or None."""
    if text.isascii():
        return None
    for char in text:
        if unicodedata.category(char) == "Cf":
            return f"U+{ord(char):04X} {unicodedata.name(char, 'FORMAT CHARACTER')}"
    return None


def without_invisible(text: str) -> str:
    """Text without invisible format characters (Unicode category Cf: U+200B, U+FEFF, U+00AD...)."""
    return text if text.isascii() else "".join(c for c in text if unicodedata.category(c) != "Cf")


def _shown(text: str) -> str:
    """Text with its invisible characters written as <U+200B>, so a message shows what cannot be seen."""
    if text.isascii():
        return text
    return "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) == "Cf" else c for c in text)


def _parse_column(frame: pd.DataFrame, column: schema.Column, path: Path) -> pd.Series:
    text = frame[column.name].astype(str).map(_nfc)
    if column.kind == "text":
        # Free text is read by people, never matched: invisible characters pasted with it are dropped.
        text = text.map(without_invisible)
    text = text.str.strip()
    blank = text == ""

    def fail(mask: pd.Series, problem: str, fix: str, problem_vi: str, fix_vi: str) -> None:
        if mask.any():
            position = int(np.flatnonzero(mask.to_numpy())[0])
            values = {"value": _shown(_one_line(text.iloc[position])), "char": _invisible(text.iloc[position])}
            raise InputError(
                Place(str(path), int(frame["line"].iloc[position]), column.name), problem.format(**values), fix,
                problem_vi=problem_vi.format(**values), fix_vi=fix_vi,
            )

    # An id, choice, yes/no or number with an invisible character would differ from the same text typed clean.
    fail(text.map(_invisible).notna(), "'{value}' contains an invisible character {char}",
         "retype the value (such characters come with text pasted from web pages or documents)",
         "'{value}' có ký tự ẩn {char}",
         "hãy gõ lại giá trị (ký tự ẩn thường lẫn vào khi dán chữ chép từ trang web hoặc văn bản)")
    if not column.nullable and column.kind != "bool":
        fail(blank, "is empty", "fill it in", "ô bị bỏ trống", "hãy điền giá trị vào ô")
    if column.kind == "id":
        fail(~blank & ~text.str.fullmatch(schema.ID_PATTERN), "'{value}' is not a valid id",
             "use letters without diacritics, digits, '_', '-' or '.'", "'{value}' không phải là mã hợp lệ",
             "mã chỉ gồm chữ cái không dấu, chữ số, '_', '-' hoặc '.'")
        return text.where(~blank, None)
    if column.kind == "text":
        fail(text.str.match(schema.FORMULA_START), "'{value}' starts like a spreadsheet formula",
             "remove the leading =, + or @", "'{value}' bắt đầu giống một công thức bảng tính",
             "hãy bỏ dấu =, + hoặc @ ở đầu")
        return text.where(~blank, None)
    if column.kind == "choice":
        fail(~blank & ~text.isin(column.choices), "'{value}' is not allowed", f"use one of: {', '.join(column.choices)}",
             "'{value}' không phải giá trị được phép", f"hãy dùng một trong các giá trị: {', '.join(column.choices)}")
        return text.where(~blank, None)
    if column.kind == "bool":
        lowered = text.str.lower()
        fail(~lowered.isin(TRUE_WORDS | FALSE_WORDS), "'{value}' is not true or false", "write true or false",
             "'{value}' không phải là có hoặc không", "hãy ghi có hoặc không (true hoặc false)")
        return lowered.isin(TRUE_WORDS)
    if column.kind == "int":
        return _whole_column(text, blank, column, frame, path)
    number = pd.to_numeric(text.where(~blank, None), errors="coerce")
    fail(~blank & number.isna(), "'{value}' is not a number", "write a number with digits only",
         "'{value}' không phải là số", "hãy ghi tỷ lệ bằng chữ số, dùng dấu chấm thập phân, ví dụ 0.8")
    fail(~blank & ~np.isfinite(number.fillna(0)), "'{value}' is not a finite number", "write an ordinary number",
         "'{value}' không phải là một số hữu hạn", "hãy ghi một số cụ thể")
    fail(~blank & ((number < 0) | (number > 1)), "'{value}' is not a share between 0 and 1",
         "write a fraction such as 0.8 for 80%", "'{value}' không phải tỷ lệ trong khoảng từ 0 đến 1",
         "hãy ghi tỷ lệ dưới dạng số thập phân với dấu chấm, ví dụ 0.8 cho 80%")
    return number.astype(float)


def _whole_column(text: pd.Series, blank: pd.Series, column: schema.Column, frame: pd.DataFrame,
                  path: Path) -> pd.Series:
    """A count or year column by ``parse_whole_number``, each distinct cell parsed once, in the file's order
    (so the first bad cell is the one reported)."""
    numbers: dict[str, int] = {}
    for value in pd.unique(text[~blank].to_numpy()):
        try:
            number = numbers[value] = parse_whole_number(value)
        except NotWholeNumber as err:
            problem, fix, problem_vi, fix_vi = err.problem, err.fix, err.problem_vi, err.fix_vi
        else:
            problem = fix = None
            if column.minimum is not None and number < column.minimum:
                word = "negative" if column.minimum == 0 else f"below {column.minimum}"
                problem, fix = f"'{value}' is {word}", f"use a value of at least {column.minimum}"
                word_vi = "là số âm" if column.minimum == 0 else f"nhỏ hơn {column.minimum}"
                problem_vi, fix_vi = f"'{value}' {word_vi}", f"hãy ghi giá trị từ {column.minimum} trở lên"
            elif column.maximum is not None and number > column.maximum:
                problem, fix = f"'{value}' is implausibly large", f"use a value of at most {column.maximum:,}"
                problem_vi = f"'{value}' lớn bất thường"
                fix_vi = f"hãy ghi giá trị không quá {vi_number(column.maximum)}"
        if problem is not None:
            position = int(np.flatnonzero((text == value).to_numpy())[0])
            shown = _one_line(value)
            raise InputError(Place(str(path), int(frame["line"].iloc[position]), column.name),
                             problem.replace(f"'{value}'", f"'{shown}'"), fix,
                             problem_vi=problem_vi.replace(f"'{value}'", f"'{shown}'"), fix_vi=fix_vi)
    return text.map(numbers).astype("Int64")


def indexed(frame: pd.DataFrame, table: schema.Table, folder: Path) -> pd.DataFrame:
    check_unique(frame, table, folder)
    return frame.set_index(list(table.key), drop=True)


def check_unique(frame: pd.DataFrame, table: schema.Table, folder: Path) -> None:
    duplicated = frame.duplicated(list(table.key), keep="first")
    if duplicated.any():
        row = frame[duplicated].iloc[0]
        key = ", ".join(str(row[k]) for k in table.key)
        raise InputError(Place(str(folder / table.file), int(row["line"]), "/".join(table.key)),
                         f"'{key}' appears more than once", "keep one row per key",
                         problem_vi=f"'{key}' xuất hiện nhiều lần", fix_vi="hãy chỉ giữ một dòng cho mỗi mã")


def bad_cell(folder: Path, table: schema.Table, row: pd.Series, column: str, problem: str, fix: str,
             problem_vi: str = "", fix_vi: str = "") -> InputError:
    """The error for one cell of a table, in English and (where given) Vietnamese."""
    return InputError(Place(str(folder / table.file), int(row["line"]), column), problem, fix, problem_vi=problem_vi,
                      fix_vi=fix_vi)


def first_match(mask: pd.Series, frame: pd.DataFrame) -> pd.Series | None:
    return frame[mask.to_numpy()].iloc[0] if mask.any() else None
