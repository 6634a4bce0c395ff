"""The units' filled demand workbooks read back together: every problem of every workbook, or one data folder.

``read_unit_workbooks`` reads many workbooks (the per-unit forms of ``unit_forms``, or any workbook with a demand
sheet under the same headers) against a base data folder, which gives the units, families, tiers and the plan's
years and every table but demand. It never stops at the first problem: each one is a ``Problem`` naming the unit,
the workbook, the sheet, the Excel cell (C7), what is wrong and the fix, in Vietnamese or English. Units of
units.csv that sent no workbook are problems too (warnings with ``allow_missing``). Only when nothing but
warnings is found are the files of a data folder given: the base folder's tables and a demand.csv merged in the
order of units.csv, each unit's rows in its workbook's order, with ids from ``unit_forms.derived_ids``.

Cells take names or codes: a unit, family or tier by its id, Vietnamese or English name, typed with or without
accents, case or extra spaces (``words.folded``); a block by its code or name ("Khối Đảng", "Đảng", party);
yes/no as có/không, yes/no, true/false or Excel's TRUE/FALSE, blank meaning no. Numbers follow the CSV rule
(``reading.parse_whole_number``). A blank unit cell means the workbook's own unit, which is read from the cell
``unit_forms.UNIT_CELL``, else from the rows, else from the file name the form was given.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.utils import get_column_letter

from ..errors import InputError, Place
from ..files import not_a_file, not_a_folder, path_problem_vi
from ..words import folded
from . import schema
from .case import is_data_folder, load_case
from .data import load_inputs
from .dataset import Inputs
from .intake import _cell_text, _clean, _open_workbook, _sheet_rows
from .reading import FALSE_WORDS, TRUE_WORDS, NotWholeNumber, parse_whole_number
from .scenario import Scenario
from .submissions import COLUMN_LABELS, SHEET_TITLES
from .unit_forms import COLUMNS, FIRST_ROW, HEADER_ROW, KEYS, SHEETS, UNIT_CELL, YES_NO, derived_ids, form_file_names
from .unit_messages import message

HEADER_SEARCH_ROWS = 10
REQUIRED = ("family", "tier", "block", "count", "earliest_year", "deadline_year")
NAMED = ("unit", "family", "tier", "block")
REPORT_NAMES = ("import_report.xlsx",)
DEMAND_COLUMNS = [c.name for c in schema.DEMAND.columns if c.required]
INT_COLUMNS = {c.name: c for c in schema.DEMAND.columns if c.kind == "int"}
BOOL_COLUMN = next(c for c in schema.DEMAND.columns if c.name == "full_time_only")


@dataclass(frozen=True)
class Problem:
    """One problem of one workbook (or a unit's missing workbook), placed as a planner finds it."""

    unit_id: str | None
    unit: str  # the unit's name, "" when the workbook's unit is unknown
    workbook: str  # the file as given; for a missing workbook, the file name the unit's form has
    sheet: str | None
    cell: str | None  # "C7", "A4"... or None for the whole workbook or sheet
    what: str
    fix: str
    warning: bool = False

    def line(self, lang: str = "vi") -> str:
        """The problem on one line, e.g. ``y_yen.xlsx, trang 'Nhu cầu', ô E7 (Huyện ủy Ý Yên): ...; ...``."""
        words = {"vi": ("trang", "ô", "cảnh báo"), "en": ("sheet", "cell", "warning")}[lang]
        parts = [self.workbook]
        if self.sheet:
            parts.append(f"{words[0]} '{self.sheet}'")
        if self.cell:
            parts.append(f"{words[1]} {self.cell}")
        who = f" ({self.unit})" if self.unit else ""
        flag = f"{words[2]}: " if self.warning else ""
        return f"{', '.join(parts)}{who}: {flag}{self.what}; {self.fix}"


@dataclass(frozen=True)
class Received:
    """What one unit of units.csv sent: its workbook (None when none came), rows, cadres, problems."""

    unit_id: str
    unit: str
    workbook: str | None
    rows: int
    cadres: int
    problems: int


@dataclass(frozen=True)
class Intake:
    problems: tuple[Problem, ...]
    received: tuple[Received, ...]
    files: Mapping[str, bytes] = field(default_factory=dict)  # the data folder's CSVs; empty unless ok
    workbooks: tuple[str, ...] = ()
    lang: str = "vi"

    @property
    def ok(self) -> bool:
        return not any(not p.warning for p in self.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.warning)


def workbook_paths(paths: Sequence[str | Path]) -> list[Path]:
    """The workbooks named: files as given, folders as their .xlsx files in name order (without Excel's lock
    files ~$… and the import's own reports)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() == ".xlsx" and p.is_file()
                            and not p.name.startswith(("~$", ".")) and not p.name.endswith(REPORT_NAMES))
            if not inside:
                raise InputError(Place(str(path)), "the folder has no workbooks (*.xlsx)",
                                 "name the folder of the units' filled workbooks, or the workbooks themselves")
            found += inside
        elif path.exists() or path.is_symlink():
            if (problem := not_a_file(path)) is not None:  # a pipe or a device is never opened
                raise InputError(Place(str(path)), f"the workbook {problem}", "give the path of an .xlsx workbook",
                                 problem_vi=f"sổ Excel {path_problem_vi(problem)}",
                                 fix_vi="hãy ghi đường dẫn của một tệp .xlsx")
            found.append(path)  # what it is, if not a workbook, is that workbook's problem
        else:
            raise InputError(Place(str(path)), "no such workbook or folder", "check the path")
    return list(dict.fromkeys(found))


class _Names:
    """Names or ids typed in a cell -> the id, matched without accents, case or extra spaces."""

    def __init__(self, table: pd.DataFrame, extra: Mapping[str, str] | None = None):
        self.by_key: dict[str, str | None] = {}
        self.shown: list[str] = []
        for row in table.index:
            for text in [row, *(table.loc[row, c] for c in ("name", "name_en") if c in table.columns)]:
                if isinstance(text, str) and text:
                    key = folded(text)
                    self.by_key[key] = row if self.by_key.get(key, row) == row else None  # None: two rows share it
            self.shown.append(str(table.loc[row, "name"]) if "name" in table.columns else str(row))
        for text, code in (extra or {}).items():
            self.by_key.setdefault(folded(text), code)

    def find(self, text: str) -> str | None:
        return self.by_key.get(folded(text))

    def closest(self, text: str) -> str | None:
        close = difflib.get_close_matches(folded(text), [folded(s) for s in self.shown], n=1, cutoff=0.6)
        return next((s for s in self.shown if close and folded(s) == close[0]), None)


def _block_names() -> dict[str, str]:
    names = {}
    for lang in schema.BLOCK_LABELS:
        for block in schema.BLOCKS:
            label = schema.BLOCK_LABELS[lang][block]
            names[label] = block
            names[label.replace("Khối ", "").replace(" block", "")] = block
    return names


def _header_words() -> dict[str, str]:
    """Every header a column of the demand sheet may have -> its key: the form's labels in both languages, the
    keys, and the province template's labels and keys (Mã đơn vị, unit_id...)."""
    words = {}
    for key, vi, en, _ in COLUMNS:
        for text in (vi, en, key):
            words[folded(text)] = key
    aliases = {"unit_id": "unit", "demand_id": "demand_id"}
    for column, (vi, en) in COLUMN_LABELS["demand"].items():
        for text in (vi, en, column):
            words.setdefault(folded(text), aliases.get(column, column))
    return words


HEADERS = _header_words()
DEMAND_TITLES = {folded(t) for t in (SHEETS["vi"]["demand"], SHEETS["en"]["demand"], "demand", "demand.csv")}
UNITS_TITLES = {folded(SHEET_TITLES[lang]["units"]) for lang in SHEET_TITLES}


class _Book:
    """One workbook being read: its problems and its rows, with the unit it belongs to."""

    def __init__(self, path: Path, lang: str):
        self.path, self.lang = path, lang
        self.name = str(path)
        self.unit_id: str | None = None
        self.unit = ""
        self.sheet: str | None = None
        self.epoch = None  # the workbook's date system, for a year typed into a date cell
        self.readable = False
        self.filled_rows = 0
        self.problems: list[tuple[str | None, str | None, str, str]] = []  # (sheet, cell, what, fix)
        self.records: list[dict[str, Any]] = []
        self.rows: list[int] = []

    def problem(self, cell: str | None, key: str, whole_book: bool = False, **values) -> None:
        """Note a problem at ``cell`` of the demand sheet (None: the sheet as a whole, or with ``whole_book`` the
        workbook as a whole)."""
        what, fix = message(self.lang, key, **values)
        self.problems.append((None if whole_book else self.sheet, cell, what, fix))


def read_unit_workbooks(paths: Sequence[str | Path], base: str | Path, lang: str = "vi",
                        allow_missing: bool = False) -> Intake:
    """Read the units' workbooks (files, or folders of .xlsx) against the base data folder; see the module."""
    if lang not in YES_NO:
        raise ValueError(f"unknown language {lang!r}")
    base = Path(base)
    if (problem := not_a_folder(base)) is not None:
        raise InputError(Place(str(base), column="--data"), f"the base data folder {problem}",
                         "give the data folder whose units, families and tiers the workbooks use")
    inputs = load_inputs(base)
    found = workbook_paths(paths)
    units = _Names(inputs.units)
    lookups = {"unit": units, "family": _Names(inputs.families), "tier": _Names(inputs.tiers),
               "block": _Names(pd.DataFrame(index=list(schema.BLOCKS)), _block_names())}
    file_names = form_file_names(inputs.units)
    by_file = {name.lower(): unit_id for unit_id, name in file_names.items()}
    books = [_read_book(path, inputs, lookups, by_file, lang) for path in found]

    problems: list[Problem] = []
    first_book: dict[str, _Book] = {}
    unit_names = inputs.units["name"].to_dict()
    for book in books:
        if book.unit_id is not None:
            if book.unit_id in first_book:
                book.problem(None, "twice", whole_book=True, other=first_book[book.unit_id].name)
            else:
                first_book[book.unit_id] = book
        problems += [Problem(book.unit_id, book.unit, book.name, sheet, cell, what, fix)
                     for sheet, cell, what, fix in book.problems]
    received = []
    for unit_id, name in unit_names.items():
        book = first_book.get(unit_id)
        if book is None:
            what, fix = message(lang, "missing_unit", file=file_names[unit_id])
            problems.append(Problem(unit_id, name, file_names[unit_id], None, None, what, fix, warning=allow_missing))
        count = sum(1 for p in problems if p.unit_id == unit_id and not p.warning)
        received.append(Received(unit_id, name, book.name if book else None, len(book.records) if book else 0,
                                 sum(r["count"] for r in book.records if isinstance(r.get("count"), int))
                                 if book else 0, count))
    intake = Intake(tuple(problems), tuple(received), {}, tuple(map(str, found)), lang)
    if not intake.ok:
        return intake
    files = _data_files(base, [first_book[u] for u in unit_names if u in first_book])
    try:
        _check_loads(files)
    except InputError as error:  # a rule of the loader the rows above do not check: named, not swallowed
        what, fix = message(lang, "merged", problem=error.problem, fix=error.fix)
        return Intake((*problems, Problem(None, "", "demand.csv", None, None, what, fix)), intake.received, {},
                      intake.workbooks, lang)
    return Intake(intake.problems, intake.received, files, intake.workbooks, lang)


def _data_files(base: Path, books: list[_Book]) -> dict[str, bytes]:
    """The base folder's tables and the merged demand.csv."""
    files = {t.file: (base / t.file).read_bytes() for t in schema.ALL_TABLES if (base / t.file).is_file()}
    records = [record for book in books for record in book.records]
    demand = pd.DataFrame(records, columns=DEMAND_COLUMNS[1:])
    demand.insert(0, "demand_id", derived_ids(demand) if len(demand) else pd.Series(dtype=str))
    demand["full_time_only"] = demand["full_time_only"].map({True: "true", False: "false"})
    files["demand.csv"] = demand.to_csv(index=False, lineterminator="\n").encode("utf-8")
    return files


def _check_loads(files: Mapping[str, bytes]) -> Inputs:
    with tempfile.TemporaryDirectory(prefix="unit-intake-") as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        return load_inputs(folder)


# --- one workbook ------------------------------------------------------------------------------------------------


def _read_book(path: Path, inputs: Inputs, lookups: Mapping[str, _Names], by_file: Mapping[str, str],
               lang: str) -> _Book:
    book = _Book(path, lang)
    book.unit_id = by_file.get(path.name.lower())
    try:
        workbook = _open_workbook(path)
    except InputError as error:
        book.problem(None, "unreadable", whole_book=True, detail=error.problem)
        _name_unit(book, inputs)
        return book
    book.readable, book.epoch = True, workbook.epoch
    try:
        titles = {folded(_clean(s.title)) for s in workbook.worksheets}
        sheet = next((s for s in workbook.worksheets if folded(_clean(s.title)) in DEMAND_TITLES), None)
        if titles & UNITS_TITLES:
            book.problem(None, "every_table", whole_book=True)
        elif sheet is None:
            book.problem(None, "no_sheet", whole_book=True, sheet=SHEETS[lang]["demand"],
                         sheets=", ".join(workbook.sheetnames))
        else:
            book.sheet = sheet.title
            try:
                rows = _sheet_rows(sheet, path)
            except InputError as error:
                book.problem(None, "unreadable", detail=error.problem)
            else:
                _read_rows(book, rows, inputs, lookups)
    finally:
        workbook.close()
    _name_unit(book, inputs)
    return book


def _name_unit(book: _Book, inputs: Inputs) -> None:
    if book.unit_id is not None:
        book.unit = str(inputs.units.loc[book.unit_id, "name"])
    elif book.readable and not any(sheet is None for sheet, *_ in book.problems):
        book.problem(None, "which_unit", whole_book=True, form_cell=UNIT_CELL)


def _cell(row: list[Any], position: int | None) -> Any:
    return row[position] if position is not None and position < len(row) else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not _clean(value))


def _read_rows(book: _Book, rows: list[list[Any]], inputs: Inputs, lookups: Mapping[str, _Names]) -> None:
    header_index = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [HEADERS.get(folded(_clean(str(v)))) for v in row if not _blank(v)]
        if sum(k is not None for k in keys) >= 2:
            header_index = index
            break
    unit_cell = _cell(rows[1], 1) if len(rows) > 1 else None  # B2 of the form
    if isinstance(unit_cell, str) and (found := lookups["unit"].find(unit_cell)) is not None:
        book.unit_id = found
    if header_index is None:
        book.problem(f"A{HEADER_ROW}", "no_header", row=HEADER_ROW)
        return
    positions: dict[str, int] = {}
    for position, value in enumerate(rows[header_index]):
        key = HEADERS.get(folded(_clean(str(value)))) if not _blank(value) else None
        if key is not None and key in KEYS:
            positions.setdefault(key, position)
    header_row = header_index + 1
    for key in REQUIRED:
        if key not in positions:
            book.problem(f"{get_column_letter(len(positions) + 1)}{header_row}", "no_column",
                         column=message(book.lang, "label_" + key)[0])
    if any(key not in positions for key in REQUIRED):
        return
    if book.unit_id is None:  # a workbook without the form's unit cell: its rows say which unit sent it
        for row in rows[header_index + 1:]:
            if isinstance(text := _cell(row, positions.get("unit")), str) and lookups["unit"].find(text):
                book.unit_id = lookups["unit"].find(text)
                break
    full_time = set(inputs.courses.loc[inputs.courses["mode"] == "full_time", "family"])
    first, last = inputs.plan_years[0], inputs.plan_years[-1]
    seen: dict[tuple, int] = {}
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        cells = {key: _cell(row, position) for key, position in positions.items()}
        if all(_blank(cells[key]) for key in positions if key != "unit"):
            continue  # blank rows, and the unit's own name alone in a row left empty
        if all(isinstance(cells.get(k), str) and HEADERS.get(folded(_clean(cells[k]))) == k for k in REQUIRED):
            continue  # the province template's grey row of keys
        excel_row = index + 1
        book.filled_rows += 1
        record = _record(book, cells, positions, excel_row, lookups, full_time, first, last)
        if record is None:
            continue
        key = tuple(record.values())
        if key in seen:
            book.problem(f"A{excel_row}", "duplicate", row=seen[key])
        else:
            seen[key] = excel_row
        book.records.append(record)
        book.rows.append(excel_row)
    if not book.filled_rows:
        first_row = max(FIRST_ROW, header_row + 1)
        book.problem(f"A{first_row}", "empty", sheet=book.sheet, row=first_row)


def _record(book: _Book, cells: Mapping[str, Any], positions: Mapping[str, int], excel_row: int,
            lookups: Mapping[str, _Names], full_time: set[str], first: int, last: int) -> dict[str, Any] | None:
    """The row as a demand record (unit_id, family, tier, block, count, years, full_time_only), or None after
    naming each of its problems."""
    def where(key: str) -> str:
        return f"{get_column_letter(positions[key] + 1)}{excel_row}"

    record: dict[str, Any] = {}
    ok = True
    for key in NAMED:
        value = cells.get(key)
        column = message(book.lang, "label_" + key)[0]
        if key == "unit" and _blank(value):
            record["unit_id"] = book.unit_id
            continue
        if _blank(value):
            book.problem(where(key), "blank_name", column=column)
            ok = False
            continue
        text = _clean(str(value))
        found = lookups[key].find(text)
        if found is None:
            close = lookups[key].closest(text)
            shown = lookups[key].shown
            hint = (message(book.lang, "did_you_mean", name=close)[0] if close
                    else message(book.lang, "one_of", names="; ".join(shown))[0] if len(shown) <= 6 else "")
            book.problem(where(key), "unknown_name", value=text, column=column, hint=hint)
            ok = False
        elif key == "unit" and book.unit_id is not None and found != book.unit_id:
            book.problem(where(key), "other_unit", value=text)
            ok = False
        record["unit_id" if key == "unit" else key] = found
    for key in ("count", "earliest_year", "deadline_year"):
        number = _whole(book, cells.get(key), key, where(key), first, last)
        ok = ok and number is not None
        record[key] = number
    flag = cells.get("full_time_only")
    text = _cell_text(flag, BOOL_COLUMN, book.epoch).casefold()
    if text in TRUE_WORDS:
        record["full_time_only"] = True
    elif text in FALSE_WORDS:
        record["full_time_only"] = False
    else:
        book.problem(where("full_time_only"), "yes_no", value=_clean(str(flag)))
        ok = False
    if not ok:
        return None
    if record["deadline_year"] < record["earliest_year"]:
        book.problem(where("deadline_year"), "deadline_before", deadline=record["deadline_year"],
                     earliest=record["earliest_year"])
        return None
    if record["full_time_only"] and record["family"] not in full_time:
        book.problem(where("full_time_only"), "no_full_time", family=cells.get("family"))
        return None
    return record


def _whole(book: _Book, value: Any, key: str, cell: str, first: int, last: int) -> int | None:
    column = message(book.lang, "label_" + key)[0]
    if _blank(value):
        book.problem(cell, "blank_number", column=column)
        return None
    text = _cell_text(value, INT_COLUMNS[key], book.epoch)
    try:
        number = parse_whole_number(text)
    except NotWholeNumber as error:
        book.problem(cell, "not_whole", value=text, column=column, detail=error.problem)
        return None
    low, high = {"count": (0, schema.MAX_COUNT), "earliest_year": (first, last),
                 "deadline_year": (first, schema.MAX_YEAR)}[key]
    if low <= number <= high:
        return number
    if key == "count":
        book.problem(cell, "negative" if number < 0 else "too_many", value=number, high=schema.MAX_COUNT)
    else:
        book.problem(cell, "year_outside", value=number, column=column, low=low, high=high, first=first, last=last)
    return None


# --- what a workbook is, and solving from workbooks ----------------------------------------------------------------


def sheet_names(path: Path) -> list[str]:
    """The sheet names of an .xlsx from its zip directory, without parsing the sheets; [] if it is no .xlsx."""
    try:
        with zipfile.ZipFile(path) as archive:
            book = archive.read("xl/workbook.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, OSError, UnicodeDecodeError):
        return []
    entities = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}
    found = re.findall(r"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"", book)
    return [re.sub(r"&\w+;", lambda m: entities.get(m.group(0), m.group(0)), name) for name in found]


def is_unit_form(path: str | Path) -> bool:
    """Whether ``path`` is a unit's demand workbook (a demand sheet without the province template's table of
    units) rather than a workbook of every table (``template`` without --per-unit)."""
    titles = {folded(_clean(name)) for name in sheet_names(Path(path))}
    return bool(titles & DEMAND_TITLES) and not titles & UNITS_TITLES


def holds_workbooks(path: str | Path) -> bool:
    """Whether ``path`` is an .xlsx file, or a folder of .xlsx workbooks that is neither a data folder (an
    import's own folder holds its report) nor a folder of scenario files."""
    path = Path(path)
    if path.is_file():
        return path.suffix.lower() == ".xlsx"
    if not path.is_dir() or is_data_folder(path):
        return False
    names = [p.name for p in path.iterdir()]
    suffixes = {Path(name).suffix.lower() for name in names}
    return any(name.lower().endswith(".xlsx") and not name.endswith(REPORT_NAMES) for name in names) \
        and not suffixes & {".yaml", ".yml"}


def intake_case(intake: Intake, source: str | Path) -> tuple[Scenario, Inputs]:
    """The data folder of a clean ``Intake`` loaded with the defaults of a data folder (``case.load_case``),
    named after ``source`` (the folder of workbooks) and recording it as the data's origin."""
    source = Path(source)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", source.resolve().name).strip("_.") or "workbooks"
    with tempfile.TemporaryDirectory(prefix="unit-intake-") as parent:
        folder = Path(parent) / name
        folder.mkdir()
        for file, data in intake.files.items():
            (folder / file).write_bytes(data)
        scenario, inputs = load_case(folder)
    return dataclasses.replace(scenario, data_dir=source), inputs
