"""Load and validate the input tables of a data folder into a frozen ``Inputs`` object.

Everything that can be wrong with a file is caught here and reported as an ``InputError`` naming the file, the
row (the line number a spreadsheet or text editor shows) and the column. After this boundary the tables are
trusted: the model, checker and reports never re-validate.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema
from .errors import InputError, Place
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
    if not folder.is_dir():
        raise InputError(Place(str(folder)), "the data folder does not exist", "check the 'data' path in the scenario")
    raw = {table.name: _read_table(folder, table) for table in schema.ALL_TABLES}
    hashes = tuple((t.file, hashlib.sha256((folder / t.file).read_bytes()).hexdigest()) for t in schema.ALL_TABLES)

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


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(Place(str(path)), "the file is UTF-16, not UTF-8", "save it again as 'CSV UTF-8'")
    if b"\x00" in data:  # UTF-16 saved without a byte-order mark (or not a text file at all); valid UTF-8 to a decoder
        raise InputError(Place(str(path)), "the file has NUL bytes: it is UTF-16 or not a CSV text file",
                         "save it again as 'CSV UTF-8'")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            Place(str(path), line),
            "the file is not UTF-8 (perhaps Windows-1258 or another legacy code page)",
            "save it again as 'CSV UTF-8' so Vietnamese letters survive",
        ) from None


def _read_table(folder: Path, table: schema.Table) -> pd.DataFrame:
    """Read one CSV as text, check its header, and parse every column to its type."""
    path = folder / table.file
    if not path.is_file():
        raise InputError(Place(str(path)), "the file is missing", f"add {table.file} to the data folder (see data/README.md)")
    text = _decode(path, path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, lines = [], []
    header: list[str] | None = None
    end = 0  # the line the previous record ended on; a record with a multi-line cell starts on the line after
    for record in reader:
        start, end = end + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [cell.strip() for cell in record]
            continue
        rows.append(record)
        lines.append(start)
    if header is None:
        raise InputError(Place(str(path)), "the file is empty", "restore its header row and data (see data/README.md)")
    _check_header(path, header, table)
    width = len(header)
    for record, line in zip(rows, lines):
        if len(record) != width:
            raise InputError(
                Place(str(path), line),
                f"has {len(record)} fields but the header has {width}",
                "check for a stray comma or a missing value",
            )
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame["line"] = lines
    for column in table.columns:
        if column.name not in frame.columns:
            frame[column.name] = ""
        frame[column.name] = _parse_column(frame, column, path)
    return frame[[c.name for c in table.columns] + ["line"]]


def _check_header(path: Path, header: list[str], table: schema.Table) -> None:
    known = [c.name for c in table.columns]
    seen: set[str] = set()
    for name in header:
        shown = _one_line(name)
        if name in seen:
            raise InputError(Place(str(path), 1, shown), "the column appears twice", "keep one of them")
        seen.add(name)
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the columns are: {', '.join(known)}"
            raise InputError(Place(str(path), 1, shown), "unknown column", f"{hint}")
    for name in table.required_columns:
        if name not in seen:
            raise InputError(Place(str(path), 1, name), "required column is missing", f"add a column named '{name}'")


def _one_line(text: str) -> str:
    """A cell or header as it can be quoted in a one-line message (spreadsheets allow line breaks in a cell)."""
    return " ".join(part.strip() for part in text.splitlines()) if text else text


def _parse_column(frame: pd.DataFrame, column: schema.Column, path: Path) -> pd.Series:
    text = frame[column.name].astype(str).str.strip()
    blank = text == ""

    def fail(mask: pd.Series, problem: str, fix: str) -> None:
        if mask.any():
            position = int(np.flatnonzero(mask.to_numpy())[0])
            value = _one_line(text.iloc[position])
            raise InputError(
                Place(str(path), int(frame["line"].iloc[position]), column.name), problem.format(value=value), fix
            )

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
    number = pd.to_numeric(text.where(~blank, None), errors="coerce")
    fail(~blank & number.isna(), "'{value}' is not a number", "write a number with digits only")
    fail(~blank & ~np.isfinite(number.fillna(0)), "'{value}' is not a finite number", "write an ordinary number")
    if column.kind == "share":
        fail(~blank & ((number < 0) | (number > 1)), "'{value}' is not a share between 0 and 1",
             "write a fraction such as 0.8 for 80%")
        return number.astype(float)
    fail(~blank & (number % 1 != 0), "'{value}' is not a whole number", "counts and years are whole numbers")
    if column.minimum is not None:
        word = "negative" if column.minimum == 0 else f"below {column.minimum}"
        fail(~blank & (number < column.minimum), "'{value}' is " + word, f"use a value of at least {column.minimum}")
    if column.maximum is not None:
        fail(~blank & (number > column.maximum), "'{value}' is implausibly large",
             f"use a value of at most {column.maximum:,}")
    return number.astype("Int64")


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
