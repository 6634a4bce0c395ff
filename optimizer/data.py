"""Load and validate the input tables of a data folder into a frozen ``Inputs`` object.

Everything that can be wrong with a file is caught here and reported as an ``InputError`` naming the file, the
row (the line number a spreadsheet or text editor shows) and the column. After this boundary the tables are
trusted: the model, checker and reports never re-validate.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema
from .errors import InputError, Place
from .paths import file_sha256, not_a_file, not_a_folder
from .plan_checks import DataWarning, plan_warnings

TRUE_WORDS = {"true", "1", "yes", "y", "có", "co", "x"}
FALSE_WORDS = {"false", "0", "no", "n", "không", "khong", ""}


@dataclass(frozen=True)
class Inputs:
    """The validated tables of one data folder. Treat the frames as read-only."""

    folder: Path
    units: pd.DataFrame  # index unit_id; name, name_en, kind, order
    families: pd.DataFrame  # index family
    courses: pd.DataFrame  # index course_id; span_years = years a course occupies
    caps: pd.DataFrame  # index cap_row (line in caps.csv)
    demand: pd.DataFrame  # index demand_id
    tiers: pd.DataFrame  # index tier, sorted by rank
    targets: pd.DataFrame
    plan_figures: pd.DataFrame  # index figure_id
    warnings: tuple[DataWarning, ...]
    file_hashes: tuple[tuple[str, str], ...]  # (file name, sha256) in a fixed order
    # Set by a scenario (``overrides.apply_scenario``): seats already used in frozen years, and a previous plan.
    actuals: pd.DataFrame | None = None  # demand_id, year, course_id, seats
    frozen_years: tuple[int, ...] = ()
    reference: pd.DataFrame | None = None  # demand_id, year, course_id, seats
    extra_hashes: tuple[tuple[str, str], ...] = field(default=())  # files a scenario read besides the data folder

    @property
    def plan_years(self) -> tuple[int, ...]:
        return tuple(sorted(int(y) for y in self.caps["year"].unique()))

    def course_families(self) -> pd.Series:
        return self.courses["family"]


def unit_in_year(unit_id, former_unit, change_year, year) -> np.ndarray:
    """The unit a seat counts for in ``year``: a merged or split row belongs to its former unit before the change."""
    change = pd.to_numeric(pd.Series(change_year, dtype=object), errors="coerce").to_numpy(float)
    before = np.asarray(year, dtype=float) < change  # NaN (no change) compares False
    return np.where(before, np.asarray(former_unit, dtype=object), np.asarray(unit_id, dtype=object))


def read_table_file(path: Path, table: schema.Table) -> pd.DataFrame:
    """Read one CSV that has the columns of ``table`` but lives anywhere (a scenario's extra files)."""
    return _read_table(path.parent, replace(table, file=path.name))


def load_inputs(folder: str | Path) -> Inputs:
    """Read every table of ``folder``, validate each and all together, and compute the plan's warnings."""
    folder = Path(folder)
    if (problem := not_a_folder(folder)) is not None:
        raise InputError(Place(str(folder)), f"the data folder {problem}", "check the 'data' path in the scenario")
    raw = {table.name: _read_table(folder, table) for table in schema.ALL_TABLES}
    hashes = tuple((t.file, file_sha256(folder / t.file)) for t in schema.ALL_TABLES)

    units = _index(raw["units"], schema.UNITS, folder)
    units["order"] = np.arange(len(units))
    families = _index(raw["families"], schema.FAMILIES, folder)
    courses = _index(raw["courses"], schema.COURSES, folder)
    tiers = _index(raw["tiers"], schema.TIERS, folder)
    demand = _index(raw["demand"], schema.DEMAND, folder)
    caps = raw["caps"].set_index("line", drop=False).rename_axis("cap_row")
    targets = raw["targets"]
    figures = _index(raw["plan_figures"], schema.PLAN_FIGURES, folder)

    _check_unique(targets, schema.TARGETS, folder)
    _check_courses(courses, families, folder)
    courses["span_years"] = -(-courses["duration_months"] // 12)
    _check_tiers(tiers, folder)
    tiers = tiers.sort_values("rank")
    _check_caps(caps, courses, families, folder)
    plan_years = sorted(int(y) for y in caps["year"].unique())
    _check_demand(demand, units, families, courses, tiers, plan_years, folder)
    _check_targets(targets, families, tiers, plan_years, folder)
    _check_figures(figures, courses, families, folder)

    frozen = Inputs(
        folder=folder,
        units=units,
        families=families,
        courses=courses,
        caps=caps,
        demand=demand,
        tiers=tiers,
        targets=targets,
        plan_figures=figures,
        warnings=(),
        file_hashes=hashes,
    )
    return Inputs(**{**frozen.__dict__, "warnings": plan_warnings(frozen)})


# --- reading -----------------------------------------------------------------------------------------------

# Limits on one input table, far above any real plan (the whole country has 3,321 communes; a province's tables
# have a few thousand rows of short cells). A file beyond them is a wrong export, a runaway formula or not a
# table at all; it is refused at once instead of taking minutes and gigabytes. Submission workbooks share them.
MAX_FILE_BYTES = 200_000_000  # one CSV file, checked with stat before it is opened
MAX_ROWS = 500_000  # data rows of one table, counted while the file streams
MAX_CELL_CHARS = 10_000  # characters of one cell (a name or a source note is at most a few hundred)
MAX_LINE_CHARS = 20 * MAX_CELL_CHARS  # one physical line: a dozen long cells, or Excel's trailing empty columns
CELL_FIX = "shorten it, or close a quote (\") left open (a quote inside a cell is written twice: \"\")"


class NotWholeNumber(ValueError):
    """A cell that is not a whole number, with the problem and fix to report at its place."""

    def __init__(self, problem: str, fix: str):
        super().__init__(problem)
        self.problem, self.fix = problem, fix


_PLAIN = re.compile(r"([+-]?)([0-9]+)")
_DOT_OR_COMMA_GROUPS = re.compile(r"([+-]?)([1-9][0-9]{0,2}(?P<sep>[.,])[0-9]{3}(?:(?P=sep)[0-9]{3})+)")
_SPACE_GROUPS = re.compile(r"([+-]?)([1-9][0-9]{0,2}(?:[ \u00a0\u202f\u2007][0-9]{3})+)")
_ONE_SEPARATOR = re.compile(r"([+-]?)([0-9]+)([.,])([0-9]+)")
_THOUSANDS_HEAD = re.compile(r"[1-9][0-9]{0,2}")  # what may stand before a thousands separator
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:nan|inf|infinity)", re.I)
WHOLE_FIX = "counts and years are whole numbers"


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
        raise NotWholeNumber(f"'{text}' is{reading or ' '}not a whole number", WHOLE_FIX)
    if _FLOAT.fullmatch(text):
        number = float(text)
        if math.isnan(number):
            raise NotWholeNumber(f"'{text}' is not a number", "write a number with digits only")
        if math.isinf(number):
            raise NotWholeNumber(f"'{text}' is not a finite number", "write an ordinary number")
        if not number.is_integer():
            raise NotWholeNumber(f"'{text}' is not a whole number", WHOLE_FIX)
        return int(number)
    raise NotWholeNumber(f"'{text}' is not a number", "write a number with digits only")


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
    return NotWholeNumber(f"'{text}' reads as {readings}", fix)


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(Place(str(path)), "the file is UTF-16, not UTF-8", "save it again as 'CSV UTF-8'")
    if b"\x00" in data:  # UTF-16 saved without a byte-order mark (or not a text file at all); valid UTF-8 to a decoder
        raise _nul_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _not_utf8(path, data[: err.start].count(b"\n") + 1) from None


def _nul_bytes(path: Path) -> InputError:
    return InputError(Place(str(path)), "the file has NUL bytes: it is UTF-16 or not a CSV text file",
                      "save it again as 'CSV UTF-8'")


def _not_utf8(path: Path, line: int) -> InputError:
    return InputError(Place(str(path), line), "the file is not UTF-8 (perhaps Windows-1258 or another legacy code "
                      "page)", "save it again as 'CSV UTF-8' so Vietnamese letters survive")


def check_file(path: Path, table: schema.Table) -> None:
    """A regular file within the size limit, checked before it is opened."""
    problem = not_a_file(path)
    if problem is not None:
        raise InputError(Place(str(path)), problem, f"put the {table.file} table there as a CSV file "
                                                    "(see data/README.md)")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(Place(str(path)), f"the file is {size / 1e6:,.0f} MB, more than the limit of "
                         f"{MAX_FILE_BYTES / 1e6:,.0f} MB for one table",
                         "check that it is the right file: a province's table is a few hundred kB")


class _Lines:
    """The physical lines of a CSV file for ``csv.reader``, decoded as they stream, each checked for NUL bytes
    and length, so memory stays bounded whatever the file holds. ``ended`` tells the reader asked past the
    last line, which only happens inside a quoted cell: a quote left open."""

    def __init__(self, path: Path, handle):
        self.path, self.ended, self.count = path, False, 0
        head = handle.read(65536)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(Place(str(path)), "the file is UTF-16, not UTF-8", "save it again as 'CSV UTF-8'")
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
                             f"{MAX_LINE_CHARS:,} characters", "check that the file is a CSV table; " + CELL_FIX)
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
                                     "close it, or write a quote inside a cell twice (\"\")")
                if not any(cell.strip() for cell in record):
                    continue
                _check_cell_lengths(path, start, record, header)
                if header is None:
                    header, header_line = record, start
                    continue
                if len(rows) == MAX_ROWS:
                    raise InputError(Place(str(path), start), f"the table has more than {MAX_ROWS:,} rows, the "
                                     "limit for one table", "check that it is the right file (the whole country "
                                     "has 3,321 communes)")
                rows.append(record)
                starts.append(start)
        except csv.Error as err:  # a cell past the csv module's own limit (131,072 characters), or worse
            raise InputError(Place(str(path), end + 1), f"the file cannot be read as CSV ({err})", CELL_FIX) from None
    if header is None:
        raise InputError(Place(str(path)), "the file is empty", "restore its header row and data (see data/README.md)")
    return header_line, header, rows, starts


def _check_cell_lengths(path: Path, line: int, record: list[str], header: list[str] | None) -> None:
    if max(map(len, record)) <= MAX_CELL_CHARS:
        return
    position = next(i for i, cell in enumerate(record) if len(cell) > MAX_CELL_CHARS)
    column = header[position].strip() if header and position < len(header) else None
    raise InputError(Place(str(path), line, _one_line(column) if column else None),
                     f"a cell is {len(record[position]):,} characters long, more than the limit of "
                     f"{MAX_CELL_CHARS:,}", CELL_FIX)


def _read_table(folder: Path, table: schema.Table) -> pd.DataFrame:
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
                         "give the column a header, or delete the value")
    raise InputError(
        Place(str(path), line),
        f"has {len(record)} fields but the header has {width if len(record) < width else raw_width}",
        "check for a stray comma or a missing value",
    )


def _check_header(path: Path, line: int, header: list[str], raw_header: list[str], table: schema.Table) -> None:
    known = [c.name for c in table.columns]
    _check_separator(path, line, raw_header, known)
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        shown = _one_line(name)
        if name == "":
            raise InputError(Place(str(path), line, str(position)), "the column has no name in the header",
                             f"name it (the columns are: {', '.join(known)}) or delete the column")
        if (char := _invisible(name)) is not None:
            raise InputError(Place(str(path), line, _shown(shown)),
                             f"the column name contains an invisible character {char}", "retype the column name")
        if name in seen:
            raise InputError(Place(str(path), line, shown), "the column appears twice", "keep one of them")
        seen.add(name)
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the columns are: {', '.join(known)}"
            raise InputError(Place(str(path), line, shown), "unknown column", f"{hint}")
    for name in table.required_columns:
        if name not in seen:
            raise InputError(Place(str(path), line, name), "required column is missing", f"add a column named '{name}'")


SEPARATORS = {";": "semicolons (;)", "\t": "tabs"}


def _check_separator(path: Path, line: int, raw_header: list[str], known: list[str]) -> None:
    """Refuse a file separated by semicolons (Excel's 'CSV' in a Vietnamese locale) or tabs, rather than read
    it: such a file also writes decimals with a comma (0,8), which a comma-separated reader must not meet."""
    if all(cell.strip() in known for cell in raw_header):
        return
    joined = ",".join(raw_header)
    for separator, name in SEPARATORS.items():
        if sum(part.strip() in known for part in joined.split(separator)) >= 2:
            raise InputError(Place(str(path), line), f"the file is separated by {name}",
                             "save it as 'CSV UTF-8 (comma delimited)'")


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

    def fail(mask: pd.Series, problem: str, fix: str) -> None:
        if mask.any():
            position = int(np.flatnonzero(mask.to_numpy())[0])
            value = _shown(_one_line(text.iloc[position]))
            raise InputError(
                Place(str(path), int(frame["line"].iloc[position]), column.name),
                problem.format(value=value, char=_invisible(text.iloc[position])), fix
            )

    # An id, choice, yes/no or number with an invisible character would differ from the same text typed clean.
    fail(text.map(_invisible).notna(), "'{value}' contains an invisible character {char}",
         "retype the value (such characters come with text pasted from web pages or documents)")
    if not column.nullable and column.kind != "bool":
        fail(blank, "is empty", "fill it in")
    if column.kind == "id":
        fail(~blank & ~text.str.fullmatch(schema.ID_PATTERN), "'{value}' is not a valid id",
             "use letters without diacritics, digits, '_', '-' or '.'")
        return text.where(~blank, None)
    if column.kind == "text":
        fail(text.str.match(schema.FORMULA_START), "'{value}' starts like a spreadsheet formula",
             "remove the leading =, + or @")
        return text.where(~blank, None)
    if column.kind == "choice":
        fail(~blank & ~text.isin(column.choices), "'{value}' is not allowed", f"use one of: {', '.join(column.choices)}")
        return text.where(~blank, None)
    if column.kind == "bool":
        lowered = text.str.lower()
        fail(~lowered.isin(TRUE_WORDS | FALSE_WORDS), "'{value}' is not true or false", "write true or false")
        return lowered.isin(TRUE_WORDS)
    if column.kind == "int":
        return _whole_column(text, blank, column, frame, path)
    number = pd.to_numeric(text.where(~blank, None), errors="coerce")
    fail(~blank & number.isna(), "'{value}' is not a number", "write a number with digits only")
    fail(~blank & ~np.isfinite(number.fillna(0)), "'{value}' is not a finite number", "write an ordinary number")
    fail(~blank & ((number < 0) | (number > 1)), "'{value}' is not a share between 0 and 1",
         "write a fraction such as 0.8 for 80%")
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
            problem, fix = err.problem, err.fix
        else:
            problem = fix = None
            if column.minimum is not None and number < column.minimum:
                word = "negative" if column.minimum == 0 else f"below {column.minimum}"
                problem, fix = f"'{value}' is {word}", f"use a value of at least {column.minimum}"
            elif column.maximum is not None and number > column.maximum:
                problem, fix = f"'{value}' is implausibly large", f"use a value of at most {column.maximum:,}"
        if problem is not None:
            position = int(np.flatnonzero((text == value).to_numpy())[0])
            shown = _one_line(value)
            raise InputError(Place(str(path), int(frame["line"].iloc[position]), column.name),
                             problem.replace(f"'{value}'", f"'{shown}'"), fix)
    return text.map(numbers).astype("Int64")


def _index(frame: pd.DataFrame, table: schema.Table, folder: Path) -> pd.DataFrame:
    _check_unique(frame, table, folder)
    return frame.set_index(list(table.key), drop=True)


def _check_unique(frame: pd.DataFrame, table: schema.Table, folder: Path) -> None:
    duplicated = frame.duplicated(list(table.key), keep="first")
    if duplicated.any():
        row = frame[duplicated].iloc[0]
        key = ", ".join(str(row[k]) for k in table.key)
        raise InputError(Place(str(folder / table.file), int(row["line"]), "/".join(table.key)),
                         f"'{key}' appears more than once", "keep one row per key")


def _bad(folder: Path, table: schema.Table, row: pd.Series, column: str, problem: str, fix: str) -> InputError:
    return InputError(Place(str(folder / table.file), int(row["line"]), column), problem, fix)


def _first(mask: pd.Series, frame: pd.DataFrame) -> pd.Series | None:
    return frame[mask.to_numpy()].iloc[0] if mask.any() else None


# --- cross-table checks ------------------------------------------------------------------------------------


def _check_courses(courses: pd.DataFrame, families: pd.DataFrame, folder: Path) -> None:
    table = schema.COURSES
    if (row := _first(~courses["family"].isin(families.index), courses)) is not None:
        raise _bad(folder, table, row, "family", f"unknown family '{row['family']}'", "add it to families.csv or fix the id")
    one_blank = courses["class_size_min"].isna() != courses["class_size_max"].isna()
    if (row := _first(one_blank, courses)) is not None:
        blank = "class_size_max" if pd.isna(row["class_size_max"]) else "class_size_min"
        raise _bad(folder, table, row, blank, "only one class size bound is given",
                   "give both class_size_min and class_size_max, or leave both blank for individual seats")
    inverted = courses["class_size_min"].fillna(0) > courses["class_size_max"].fillna(0)
    if (row := _first(inverted, courses)) is not None:
        raise _bad(folder, table, row, "class_size_min", "class_size_min is greater than class_size_max", "swap or fix them")
    unserved = families.index.difference(courses["family"].unique())
    if len(unserved):
        row = families.loc[unserved[0]]
        raise _bad(folder, schema.FAMILIES, row, "family", f"no course serves family '{unserved[0]}'",
                   "add a course for it in courses.csv or remove the family")


def _check_tiers(tiers: pd.DataFrame, folder: Path) -> None:
    if (row := _first(tiers["rank"].duplicated(), tiers)) is not None:
        raise _bad(folder, schema.TIERS, row, "rank", f"rank {row['rank']} is used by two tiers",
                   "give every tier its own rank (1 = most urgent)")


def _check_caps(caps: pd.DataFrame, courses: pd.DataFrame, families: pd.DataFrame, folder: Path) -> None:
    table = schema.CAPS
    if caps.empty:
        raise InputError(Place(str(folder / table.file)), "has no rows", "add the plan's quota lines")
    known = ~caps["target"].isin(courses.index) & ~caps["target"].isin(families.index)
    if (row := _first(known, caps)) is not None:
        raise _bad(folder, table, row, "target", f"unknown course or family '{row['target']}'",
                   "use a course_id from courses.csv or a family from families.csv")
    for low, high in (("seats_min", "seats_max"), ("classes_min", "classes_max")):
        inverted = caps[low].notna() & caps[high].notna() & (caps[low] > caps[high]).fillna(False)
        if (row := _first(inverted, caps)) is not None:
            raise _bad(folder, table, row, low, f"{low} {row[low]} is greater than {high} {row[high]}", "swap or fix them")
    has_classes = caps["classes_min"].notna() | caps["classes_max"].notna()
    if (row := _first(has_classes & (caps["block"] != "all"), caps)) is not None:
        raise _bad(folder, table, row, "block", "classes are limited for one block only",
                   "class limits apply to whole classes: use block 'all'")
    with_classes = courses[courses["class_size_max"].notna()]
    class_targets = set(with_classes.index) | set(with_classes["family"])
    if (row := _first(has_classes & ~caps["target"].isin(class_targets), caps)) is not None:
        raise _bad(folder, table, row, "classes_max", f"'{row['target']}' has no classes (no class size in courses.csv)",
                   "leave the class columns blank or give the course a class size")
    empty = caps[["seats_min", "seats_max", "classes_min", "classes_max"]].isna().all(axis=1)
    if (row := _first(empty, caps)) is not None:
        raise _bad(folder, table, row, "seats_max", "the row limits nothing", "give at least one bound or delete the row")


def check_demand_rows(demand, units, families, courses, tiers, plan_years, path: Path) -> None:
    """The cross-table checks of demand rows read from ``path`` (a data folder's or a scenario's demand file)."""
    _check_demand(demand, units, families, courses, tiers, plan_years, path.parent, replace(schema.DEMAND,
                                                                                          file=path.name))


def _check_demand(demand, units, families, courses, tiers, plan_years, folder, table=schema.DEMAND) -> None:
    for column, index, where in (("unit_id", units.index, "units.csv"), ("family", families.index, "families.csv"),
                                 ("tier", tiers.index, "tiers.csv")):
        if (row := _first(~demand[column].isin(index), demand)) is not None:
            raise _bad(folder, table, row, column, f"unknown {column} '{row[column]}'", f"use one listed in {where}")
    former = demand["former_unit"]
    if (row := _first(former.notna() & ~former.isin(units.index), demand)) is not None:
        raise _bad(folder, table, row, "former_unit", f"unknown unit '{row['former_unit']}'", "use one in units.csv")
    if (row := _first(former.isna() != demand["change_year"].isna(), demand)) is not None:
        raise _bad(folder, table, row, "change_year", "former_unit and change_year go together",
                   "fill in both or leave both blank")
    if (row := _first(demand["deadline_year"] < demand["earliest_year"], demand)) is not None:
        raise _bad(folder, table, row, "deadline_year",
                   f"deadline {row['deadline_year']} is before the earliest year {row['earliest_year']}", "fix one of them")
    first, last = plan_years[0], plan_years[-1]
    outside = (demand["earliest_year"] > last) | (demand["deadline_year"] < first)
    if (row := _first(outside, demand)) is not None:
        raise _bad(folder, table, row, "earliest_year",
                   f"years {row['earliest_year']}–{row['deadline_year']} lie outside the plan's years {first}–{last}",
                   "fix the years or add caps for them")
    full_time_families = set(courses.loc[courses["mode"] == "full_time", "family"])
    no_full_time = demand["full_time_only"] & ~demand["family"].isin(full_time_families)
    if (row := _first(no_full_time, demand)) is not None:
        raise _bad(folder, table, row, "full_time_only", f"family '{row['family']}' has no full-time course",
                   "set full_time_only to false for this row")


def _check_targets(targets, families, tiers, plan_years, folder) -> None:
    table = schema.TARGETS
    for column, index, where in (("family", families.index, "families.csv"), ("tier", tiers.index, "tiers.csv")):
        if (row := _first(~targets[column].isin(index), targets)) is not None:
            raise _bad(folder, table, row, column, f"unknown {column} '{row[column]}'", f"use one listed in {where}")
    if (row := _first(~targets["year"].isin(plan_years), targets)) is not None:
        raise _bad(folder, table, row, "year", f"year {row['year']} is outside the plan's years "
                   f"{plan_years[0]}–{plan_years[-1]}", "use a year that caps.csv covers")


def _check_figures(figures, courses, families, folder) -> None:
    # Structural counts name groups of people, not courses, so only the other kinds must name a course or family.
    not_structural = figures["kind"] != "structural"
    unknown = not_structural & ~figures["target"].isin(courses.index) & ~figures["target"].isin(families.index)
    if (row := _first(unknown, figures)) is not None:
        raise _bad(folder, schema.PLAN_FIGURES, row, "target", f"unknown course or family '{row['target']}'",
                   "use a course_id or family")
