"""The result folder's format, in one place: its file names, the columns of every CSV in it, the one reader of it
and its checksums.

A result folder is where a solve's plan lives between commands: ``solve`` writes it (``result_files``), and
``compare``, ``report``, ``verify`` and ``explain`` read it back, all through ``read_folder`` and ``ResultFolder``
here. The columns of the input copies under ``inputs/`` are derived from ``inputs.schema``, the data folder's own
contract, so they cannot drift from it; the columns of the result tables are declared here, once.

Every problem with a folder is an ``InputError`` of one line naming the file (and row and column where it can) and
the fix: solve again.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Place
from ..files import MANIFEST, file_sha256, not_a_folder
from ..inputs import schema

# --- file names ----------------------------------------------------------------------------------------------

SUMMARY_FILE = "summary.json"
TIMING_FILE = "timing.json"
REPORT_FILE = "report.html"
BRIEF_FILE = "tom_tat.pdf"  # the one-page brief for the Standing Committee
SCENARIO_FILE = "scenario.yaml"
CHECKSUM_FILE = "checksums.sha256"
WORKBOOK_FILE = "allocation.xlsx"
INPUTS_FOLDER = "inputs"

ASSIGNMENTS_FILE = "assignments.csv"
ALLOCATION_FILE = "allocation.csv"
COVERAGE_FILE = "coverage.csv"
CUMULATIVE_COVERAGE_FILE = "cumulative_coverage.csv"
SEATS_BY_COURSE_FILE = "seats_by_course.csv"
CLASSES_FILE = "classes.csv"
STAGES_FILE = "stages.csv"
VIOLATIONS_FILE = "violations.csv"
BENT_RULES_FILE = "bent_rules.csv"
EXPLANATIONS_FILE = "explanations.csv"
BASELINE_CELLS_FILE = "baseline_cells.csv"
BASELINE_ROUNDS_FILE = "baseline_rounds.csv"
NOMINATIONS_FILE = "nominations.csv"  # who takes each seat, when the data names its cadres
# A scenario's frozen actuals and reference plan, copied beside the input tables.
ACTUALS_FILE = f"{INPUTS_FOLDER}/actuals.csv"
REFERENCE_FILE = f"{INPUTS_FOLDER}/reference.csv"

# Wall-clock times differ run to run, and the checksums cannot list themselves; every other file is listed.
UNCHECKED = (TIMING_FILE, CHECKSUM_FILE, MANIFEST)

FIX = "run solve again to write it"
REWRITE = "run solve again to rewrite the result folder"
NO_FOLDER_FIX = "check the path, or run solve to write it"

# --- the columns of every CSV --------------------------------------------------------------------------------

# How a column's text is read: TEXT as written (ids, names, choices, and the true/false of the input copies, which
# compare shows as written), INT a whole number never blank (int64), OPTIONAL_INT a whole number or blank (Int64),
# NUMBER a number or blank (float64), BOOL True or False (bool).
TEXT, INT, OPTIONAL_INT, NUMBER, BOOL = "text", "int", "int?", "float", "bool"


@dataclass(frozen=True)
class Column:
    """One column of a result-folder CSV. A column that is not ``required`` may be missing from a folder written
    by an earlier version; it then reads as blank."""

    name: str
    kind: str = TEXT
    required: bool = True


@dataclass(frozen=True)
class CsvTable:
    """One CSV of a result folder: its path inside the folder (POSIX) and its columns, in file order."""

    path: str
    columns: tuple[Column, ...]


def _kind(column: schema.Column) -> str:
    if column.kind == "int":
        return OPTIONAL_INT if column.nullable else INT
    return NUMBER if column.kind == "share" else TEXT


def _copy_of(table: schema.Table, path: str) -> CsvTable:
    """A table of the data folder as the result folder keeps it: the same columns, read back as plain kinds
    (the values were validated when the run loaded them)."""
    return CsvTable(path, tuple(Column(c.name, _kind(c), c.required) for c in table.columns))


def _table(path: str, *columns: str | tuple[str, str]) -> CsvTable:
    """A result table; each column a name (text) or (name, kind)."""
    return CsvTable(path, tuple(Column(c) if isinstance(c, str) else Column(*c) for c in columns))


# The data folder's tables as the run used them, keyed by the schema's table name ("units", "demand", ...).
INPUT_TABLES: dict[str, CsvTable] = {t.name: _copy_of(t, f"{INPUTS_FOLDER}/{t.file}")
                                     for t in (*schema.ALL_TABLES, *schema.PEOPLE_TABLES)}

RESULT_TABLES: tuple[CsvTable, ...] = (
    # The plan itself has the shape of the data folder's assignments (actuals and reference plans share it).
    _copy_of(schema.ASSIGNMENTS, ASSIGNMENTS_FILE),
    _table(ALLOCATION_FILE, ("year", INT), "unit_id", "course_id", "tier", "block", ("seats", INT)),
    _table(COVERAGE_FILE, "unit_id", "family", "tier", ("demand", INT), ("allocated", INT), ("share", NUMBER)),
    _table(CUMULATIVE_COVERAGE_FILE, "family", "tier", ("year", INT), ("demand", INT), ("allocated_cumulative", INT),
           ("share", NUMBER), ("target_share", NUMBER)),
    _table(SEATS_BY_COURSE_FILE, ("year", INT), "course_id", ("seats", INT), ("quota", OPTIONAL_INT)),
    _table(CLASSES_FILE, ("year", INT), "course_id", ("classes", INT), ("seats", INT)),
    _table(STAGES_FILE, "stage", ("value", INT), ("bound", NUMBER), ("gap", NUMBER), ("optimal", BOOL)),
    _table(VIOLATIONS_FILE, "rule", "subject", "detail"),
    _table(EXPLANATIONS_FILE, "demand_id", "unit_id", "family", "tier", ("count", INT), ("allocated", INT),
           ("short", INT), ("year", OPTIONAL_INT), "course_id", "rule", "detail", ("binds", BOOL)),
    _table(BENT_RULES_FILE, "rule", "bound", ("value", INT), ("bent", INT)),
    _table(BASELINE_CELLS_FILE, ("year", INT), "course_id", "block", ("house", INT)),
    _table(BASELINE_ROUNDS_FILE, ("year", INT), "course_id", "block", "tier", "unit_id", ("weight", NUMBER),
           ("seats", INT)),
    _table(NOMINATIONS_FILE, "cadre_id", "name", "unit_id", "course_id", ("year", INT), "mode"),
)

# Every CSV a result folder may hold, by its path inside the folder.
TABLES: dict[str, CsvTable] = {t.path: t for t in (*RESULT_TABLES, *INPUT_TABLES.values(),
                                                   _copy_of(schema.ASSIGNMENTS, ACTUALS_FILE),
                                                   _copy_of(schema.ASSIGNMENTS, REFERENCE_FILE))}


# --- reading -------------------------------------------------------------------------------------------------


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())


def parse_csv(data: bytes, where: str, table: CsvTable) -> pd.DataFrame:
    """A result-folder CSV given as bytes (``where`` names it in messages), parsed to the kinds of its columns;
    columns not declared are kept as text."""
    place = Place(where)
    try:
        frame = pd.read_csv(io.BytesIO(bytes(data)), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(place, "the file is not UTF-8", FIX) from None
    except pd.errors.EmptyDataError:
        raise InputError(place, "the file is empty", FIX) from None
    except (pd.errors.ParserError, ValueError) as err:
        raise InputError(place, f"the file is not a readable CSV ({_one_line(err)})", FIX) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    for column in table.columns:
        if column.name not in frame.columns:
            if column.required:
                raise InputError(Place(where, 1, column.name), "required column is missing", FIX)
            frame[column.name] = ""
        frame[column.name] = _parse(frame[column.name], column.kind, where, column.name)
    return frame.reset_index(drop=True)


def _refuse_first(bad: pd.Series, text: pd.Series, what: str, where: str, column: str) -> None:
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        shown = text.iloc[position] or "blank"
        raise InputError(Place(where, position + 2, column), f"{shown!r} is not {what}", REWRITE)


def _parse(values: pd.Series, kind: str, where: str, column: str) -> pd.Series:
    text = values.astype(str).str.strip()
    if kind == TEXT:
        return text
    if kind == BOOL:
        lowered = text.str.lower()
        _refuse_first(~lowered.isin(("true", "false")), text, "True or False", where, column)
        return (lowered == "true").astype(bool)
    blank = text == ""
    numbers = pd.to_numeric(text.where(~blank), errors="coerce")
    bad = (~blank & numbers.isna()) | (blank & (kind == INT))
    if kind in (INT, OPTIONAL_INT):
        bad |= numbers.notna() & ((numbers % 1 != 0) | ~np.isfinite(numbers))
    _refuse_first(bad, text, "a number" if kind == NUMBER else "a whole number", where, column)
    if kind == INT:
        return numbers.astype("int64")
    if kind == OPTIONAL_INT:
        return numbers.astype("Int64")
    return numbers.astype("float64")


def parse_summary(data: bytes, where: str) -> dict:
    """summary.json given as bytes: a JSON object whose ``scenario`` (if any) is an object and ``stages`` a list."""
    place = Place(where)
    try:
        summary = json.loads(bytes(data).decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(place, "the file is not UTF-8", FIX) from None
    except json.JSONDecodeError as err:
        raise InputError(Place(where, err.lineno), f"is not valid JSON ({err.msg})", FIX) from None
    if not isinstance(summary, dict):
        raise InputError(place, "is not a JSON object", FIX)
    for key, kind in (("scenario", dict), ("stages", list)):
        if summary.get(key) is not None and not isinstance(summary[key], kind):
            raise InputError(Place(where, column=key), f"is not a JSON {'object' if kind is dict else 'list'}", FIX)
    return summary


@dataclass(frozen=True)
class _FilesOnDisk(Mapping[str, bytes]):
    """The files under a folder as {relative POSIX path: bytes}, each read only when asked for: a command reads
    the few files it needs, and a folder given by mistake (a home folder) is walked only if its listing is asked
    for, which the report does after finding the files it cannot do without."""

    root: Path

    def __getitem__(self, name: str) -> bytes:
        path = self.root / name
        if not path.is_file():
            raise KeyError(name)
        try:
            return path.read_bytes()
        except OSError as err:
            raise InputError(Place(str(path)), f"the file cannot be read ({_one_line(err)})", FIX) from None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (self.root / name).is_file()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file()))

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class ResultFolder:
    """A result folder's content: its files as {relative POSIX path: bytes}, read from disk as they are asked for
    (``read_folder``) or given whole (the files ``result_files`` has just rendered). ``root`` is the folder on
    disk, None for content not on disk; messages name a file by its full path when there is one.

    Tables come back parsed to the kinds of ``TABLES``; treat them as read-only.
    """

    files: Mapping[str, bytes]
    root: Path | None = None

    def where(self, name: str) -> str:
        """How messages name the file ``name`` of this folder."""
        return name if self.root is None else str(self.root / name)

    def data(self, name: str) -> bytes:
        """The bytes of file ``name``; an ``InputError`` if the folder has no such file."""
        data = self.files.get(name)
        if data is None:
            raise InputError(Place(self.where(name)), "the file is missing", FIX)
        return data

    def require(self, names: Iterable[str]) -> None:
        """An ``InputError`` naming the first of ``names`` that the folder lacks."""
        for name in names:
            if name not in self.files:
                raise InputError(Place(self.where(name)), "the file is missing", FIX)

    @cached_property
    def summary(self) -> dict:
        return parse_summary(self.data(SUMMARY_FILE), self.where(SUMMARY_FILE))

    @property
    def scenario(self) -> dict:
        """The summary's scenario settings ({} when it has none)."""
        scenario = self.summary.get("scenario")
        return scenario if isinstance(scenario, dict) else {}

    @property
    def name(self) -> str:
        """The scenario's name, else the folder's."""
        return str(self.scenario.get("name") or (self.root.name if self.root is not None else ""))

    def table(self, name: str) -> pd.DataFrame:
        """The CSV ``name`` (a key of ``TABLES``) parsed to its columns' kinds; an ``InputError`` if missing."""
        return parse_csv(self.data(name), self.where(name), TABLES[name])

    def optional_table(self, name: str) -> pd.DataFrame | None:
        """Like ``table``, but None when the folder has no such file."""
        return self.table(name) if name in self.files else None

    def plan(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The plan itself: assignments.csv and classes.csv."""
        return self.table(ASSIGNMENTS_FILE), self.table(CLASSES_FILE)


def read_folder(folder: str | Path) -> ResultFolder:
    """The result folder at ``folder``, its files read as they are asked for; an ``InputError`` if it is no folder."""
    folder = Path(folder)
    if (problem := not_a_folder(folder)) is not None:
        raise InputError(Place(str(folder)), f"the result folder {problem}", NO_FOLDER_FIX)
    return ResultFolder(_FilesOnDisk(folder), folder)


def read_plan(folder: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A result folder's plan: assignments.csv and classes.csv, parsed to their columns' kinds."""
    return read_folder(folder).plan()


# --- checksums -----------------------------------------------------------------------------------------------


def _checksum_line(name: str, digest: str) -> str:
    return f"{digest}  {name}\n"


def checksums(files: Mapping[str, bytes]) -> bytes:
    """SHA-256 of every file but ``UNCHECKED``, in ``sha256sum`` format (``sha256sum -c checksums.sha256``)."""
    lines = [_checksum_line(name, hashlib.sha256(data).hexdigest()) for name, data in sorted(files.items())
             if name not in UNCHECKED]
    return "".join(lines).encode("utf-8")


def with_checksum(sums: bytes, name: str, data: bytes) -> bytes:
    """The checksum file ``sums`` with the line of file ``name`` (new content ``data``) added or replaced, the
    lines kept in name order: what a file added to a finished folder (its report.html) needs."""
    lines = [line for line in sums.decode("utf-8").splitlines(keepends=True) if not line.endswith(f"  {name}\n")]
    lines.append(_checksum_line(name, hashlib.sha256(data).hexdigest()))
    return "".join(sorted(lines, key=lambda line: line.split("  ", 1)[1])).encode("utf-8")


def read_checksums(folder: Path) -> dict[str, str]:
    """The folder's checksum file as {file: SHA-256}; an ``InputError`` if it is missing or not in the format."""
    path = folder / CHECKSUM_FILE
    if not path.is_file():
        raise InputError(Place(str(path)), "the result folder has no checksums",
                         "it was written by an older version or by hand: solve the scenario again")
    listed = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name:
            raise InputError(Place(str(path), number), "the line is not '<sha256>  <file>'",
                             "the checksum file itself was changed: solve the scenario again")
        listed[name] = digest
    return listed


def checksum_problems(folder: Path) -> tuple[list[tuple[str, str]], int]:
    """(file, what is wrong) for every changed, missing or unlisted file, in name order, and the number of files
    the checksums list."""
    listed = read_checksums(folder)
    problems = []
    for name, digest in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            problems.append((name, "missing"))
        elif file_sha256(path) != digest:
            problems.append((name, "changed since the run wrote it (its SHA-256 differs)"))
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    for name in sorted(present - set(listed) - set(UNCHECKED)):
        problems.append((name, f"not written by the run (not in {CHECKSUM_FILE})"))
    return problems, len(listed)
