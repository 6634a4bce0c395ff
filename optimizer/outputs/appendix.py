"""The plan's two appendices as tables of cells: Appendix 1 (training: degrees and political theory) and
Appendix 2 (refresher courses), by unit, for one year or the whole period.

The columns come from the data: the families of the appendix's groups (families.csv order inside each group),
each family's courses (full-time, part-time, then the rest), a family's total column before its courses when it
has several, and a column per block (Khối Đảng, Khối Chính quyền) wherever caps.csv states a block's own quota
for the family or its courses in any year. So every year shows the same columns, and a column without a quota
that year simply has an empty quota cell.

Rows: a group row per kind of unit (I, II, …) holding the kind's subtotals, its units (1, 2, …) in units.csv
order, the province total and the quota row. Totals and subtotals are formulas (``=SUM(...)``) so that a hand
edit of a seat updates them; the whole-period sheet adds up the year sheets' cells by formula. Every formula
cell also carries its value (``values``), which the writer stores as the cell's cached result.

Pure: tables in, frozen descriptions out; ``appendix_sheet`` writes them.
"""


from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from ..inputs.dataset import Inputs
from ..inputs.schema import BLOCK_LABELS, BLOCKS, KIND_LABELS, MODE_LABELS, MODES, UNIT_KINDS
from ..words import TOTAL_LABELS, UNIT_HEADER, check_lang, names
from . import report

# Which family groups (families.csv ``group``) each appendix shows, in the order the plan prints them.
APPENDIX_GROUPS = {1: ("degree", "political_theory"), 2: ("refresher",)}
GROUP_LABELS = {
    "vi": {"degree": "Chuyên môn", "political_theory": "Lý luận chính trị", "refresher": "Bồi dưỡng"},
    "en": {"degree": "Degrees", "political_theory": "Political theory", "refresher": "Refresher training"},
}
TEXT = {
    "vi": {"sheet": "PL{number} {when}", "year": "NĂM {year}", "period": "GIAI ĐOẠN {period}",
           "heading": {1: "PHỤ LỤC 1. PHÂN BỔ CHỈ TIÊU ĐÀO TẠO CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC {when}",
                       2: "PHỤ LỤC 2. PHÂN BỔ CHỈ TIÊU BỒI DƯỠNG CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC {when}"},
           "number": "TT", "unit": UNIT_HEADER["vi"], "total_column": TOTAL_LABELS["vi"], "family_total": "Tổng số",
           "total": "Tổng cộng toàn tỉnh", "quota": "Chỉ tiêu được giao", "note": "Đơn vị tính: người"},
    "en": {"sheet": "App{number} {when}", "year": "{year}", "period": "{period}",
           "heading": {1: "APPENDIX 1. TRAINING QUOTAS BY UNIT, {when}",
                       2: "APPENDIX 2. REFRESHER TRAINING QUOTAS BY UNIT, {when}"},
           "number": "No.", "unit": UNIT_HEADER["en"], "total_column": TOTAL_LABELS["en"], "family_total": "Total",
           "total": "Province total", "quota": "Quota", "note": "Unit: persons"},
}
ROW_KINDS = ("group", "unit", "total", "quota")
FIRST_VALUE_COLUMN = 3  # after TT and the unit's name
TITLE_ROWS = 2  # the heading, then the note (unit: persons)
ROMAN = (("M", 1000), ("CM", 900), ("D", 500), ("CD", 400), ("C", 100), ("XC", 90), ("L", 50), ("XL", 40),
         ("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def roman(number: int) -> str:
    """Roman numeral of a positive number: the plan's appendices number the groups of units I, II, III, …"""
    text = ""
    for letters, value in ROMAN:
        count, number = divmod(number, value)
        text += letters * count
    return text


@dataclass(frozen=True)
class Column:
    """A value column: a course (in one block, or "all"), or the family's total over its courses (course None)."""
    group: str
    family: str
    course: str | None
    block: str
    family_label: str
    label: str  # the second header row; "" when the family has this one column


@dataclass(frozen=True)
class Appendix:
    number: int
    groups: tuple[str, ...]  # the groups that have families, in the plan's order
    columns: tuple[Column, ...]

    @property
    def header_rows(self) -> int:
        """Family over course/block; a group row above them when the appendix has several groups."""
        return 3 if len(self.groups) > 1 else 2

    @property
    def first_row(self) -> int:
        return TITLE_ROWS + self.header_rows + 1

    @property
    def total_column(self) -> int:
        """1-based sheet column of the row total (after the value columns)."""
        return FIRST_VALUE_COLUMN + len(self.columns)


@dataclass(frozen=True)
class Row:
    kind: str  # one of ROW_KINDS
    number: str | int | None  # I, II, … for groups, 1, 2, … for units
    label: str
    unit_kind: str | None = None
    unit_id: str | None = None


@dataclass(frozen=True)
class AppendixSheet:
    """One sheet: ``values[r][c]`` and ``formulas[r][c]`` for body row r and value column c (the last c is the
    row total). A formula cell's value is the formula's result; a cell with neither is empty."""
    name: str
    heading: str
    note: str
    appendix: Appendix
    rows: tuple[Row, ...]
    values: tuple[tuple[int | None, ...], ...]
    formulas: tuple[tuple[str | None, ...], ...]
    labels: Mapping[str, str]
    group_labels: Mapping[str, str]

    def coordinate(self, row: int, column: int) -> str:
        """The sheet coordinate of body row ``row`` and value column ``column`` (both 0-based)."""
        return f"{get_column_letter(FIRST_VALUE_COLUMN + column)}{self.appendix.first_row + row}"


def _ordered_courses(inputs: Inputs, family: str) -> list[str]:
    courses = inputs.courses[inputs.courses["family"] == family]
    mode_rank = courses["mode"].map({m: i for i, m in enumerate(MODES)}).fillna(len(MODES))
    file_rank = pd.Series(np.arange(len(courses)), index=courses.index)
    return list(pd.DataFrame({"mode": mode_rank, "file": file_rank}).sort_values(["mode", "file"]).index)


def _split_families(inputs: Inputs) -> set[str]:
    """Families whose quota caps.csv states per block (for the family or one of its courses) in some year."""
    caps = inputs.caps[inputs.caps["block"] != "all"]
    family_of = inputs.courses["family"]
    targets = caps["target"].map(lambda t: family_of.get(t, t))
    return set(targets)


def appendices(inputs: Inputs, lang: str = "vi") -> tuple[Appendix, ...]:
    """The appendices that have families in the data, with their columns (see the module docstring)."""
    lang = check_lang(lang)
    family_names, course_names = names(inputs.families, lang), names(inputs.courses, lang)
    split = _split_families(inputs)
    found = []
    for number, groups in APPENDIX_GROUPS.items():
        columns: list[Column] = []
        shown: list[str] = []
        for group in groups:
            for family in inputs.families.index[inputs.families["group"] == group]:
                courses = _ordered_courses(inputs, family)
                if not courses:
                    continue
                blocks = BLOCKS if family in split else ("all",)
                modes = inputs.courses.loc[courses, "mode"]
                shared = modes.duplicated(keep=False) | (modes == "none")
                single = len(courses) * len(blocks) == 1
                label = family_names.get(family, family)
                if len(courses) > 1:
                    columns.append(Column(group, family, None, "all", label, TEXT[lang]["family_total"]))
                for course in courses:
                    course_label = "" if len(courses) == 1 else (
                        course_names[course] if shared[course] else MODE_LABELS[lang].get(modes[course], ""))
                    for block in blocks:
                        parts = [course_label, "" if block == "all" else BLOCK_LABELS[lang][block]]
                        columns.append(Column(group, family, course, block, label,
                                              "" if single else ", ".join(p for p in parts if p)))
                if group not in shown:
                    shown.append(group)
        if columns:
            found.append(Appendix(number, tuple(shown), tuple(columns)))
    return tuple(found)


def _quota_table(inputs: Inputs) -> tuple[dict[tuple[str, int], int], dict[tuple[str, int, str], int]]:
    """Quotas by (target, year) (``report.course_quotas``) and by (target, year, block): the tightest seats_max."""
    caps = inputs.caps[inputs.caps["seats_max"].notna() & (inputs.caps["block"] != "all")]
    by_block = caps.groupby(["target", caps["year"].astype("int64"), "block"])["seats_max"].min()
    return report.course_quotas(inputs), {(str(t), int(y), str(b)): int(v) for (t, y, b), v in by_block.items()}


def column_quotas(inputs: Inputs, appendix: Appendix, year: int) -> list[int | None]:
    """The quota of each column in ``year`` as caps.csv states it (0 where the plan leaves the cell blank; None
    where no quota line covers the column): a course's own line, else, for a family's only course, the family's."""
    whole, by_block = _quota_table(inputs)
    quotas = []
    for column in appendix.columns:
        if column.course is None:
            quotas.append(whole.get((column.family, int(year))))
            continue
        only = (inputs.courses["family"] == column.family).sum() == 1
        targets = [column.course] + ([column.family] if only and column.family != column.course else [])
        found = None
        for target in targets:
            found = (whole.get((target, int(year))) if column.block == "all"
                     else by_block.get((target, int(year), column.block)))
            if found is not None:
                break
        quotas.append(found)
    return quotas


def _groups(inputs: Inputs) -> list[str]:
    present = inputs.units["kind"].drop_duplicates().tolist()
    return [k for k in UNIT_KINDS if k in present] + [k for k in present if k not in UNIT_KINDS]


def _rows(inputs: Inputs, lang: str) -> tuple[Row, ...]:
    labels, unit_names = TEXT[lang], names(inputs.units, lang)
    rows = []
    for position, kind in enumerate(_groups(inputs), start=1):
        rows.append(Row("group", roman(position), KIND_LABELS[lang].get(kind, kind), kind))
        members = inputs.units.index[inputs.units["kind"] == kind]
        rows += [Row("unit", count, unit_names[u], kind, u) for count, u in enumerate(members, start=1)]
    return (*rows, Row("total", None, labels["total"]), Row("quota", None, labels["quota"]))


def _seats(table: pd.DataFrame, inputs: Inputs, appendix: Appendix, year: int) -> pd.DataFrame:
    """Seats starting in ``year`` per unit (every unit, file order) × leaf column (0-based positions)."""
    rows = table[table["year"] == int(year)]
    leaves = [(i, c) for i, c in enumerate(appendix.columns) if c.course is not None]
    grid = pd.DataFrame(0, index=inputs.units.index, columns=[i for i, _ in leaves], dtype="int64")
    by_course = rows.groupby(["unit_id", "course_id", "block"])["seats"].sum()
    for position, column in leaves:
        chosen = by_course.xs(column.course, level="course_id") if column.course in set(
            by_course.index.get_level_values("course_id")) else pd.Series(dtype="int64")
        if column.block != "all" and len(chosen):
            chosen = chosen[chosen.index.get_level_values("block") == column.block]
        per_unit = chosen.groupby(level="unit_id").sum() if len(chosen) else pd.Series(dtype="int64")
        unknown = per_unit.index.difference(inputs.units.index)
        if len(unknown):
            raise ValueError(f"seats count for units that are not in units.csv, e.g. {unknown[0]!r}")
        grid[position] = per_unit.reindex(inputs.units.index, fill_value=0).astype("int64")
    return grid


def _ranges(columns: Sequence[int], row: int) -> str:
    """Runs of adjacent sheet columns (1-based) in ``row`` as ranges: C7:E7,G7."""
    runs: list[list[int]] = []
    for number in columns:
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ",".join(f"{get_column_letter(r[0])}{row}" + (f":{get_column_letter(r[-1])}{row}" if len(r) > 1 else "")
                    for r in runs)


def _sheet(name: str, heading: str, appendix: Appendix, rows: tuple[Row, ...], unit_cells, quota_cells,
           lang: str) -> AppendixSheet:
    """The sheet around its unit and quota cells: family totals, row totals, group and province rows.

    ``unit_cells(unit_id, leaf)`` gives a unit's (value, formula) in a course column; ``quota_cells(column)`` the
    quota row's (value, formula) for a value column."""
    width = len(appendix.columns) + 1  # the row total last
    letters = [get_column_letter(FIRST_VALUE_COLUMN + i) for i in range(width)]
    leaves = [i for i, c in enumerate(appendix.columns) if c.course is not None]
    members = {i: [j for j in leaves if appendix.columns[j].family == c.family]
               for i, c in enumerate(appendix.columns) if c.course is None}
    first = appendix.first_row
    values: list[list[int | None]] = [[None] * width for _ in rows]
    formulas: list[list[str | None]] = [[None] * width for _ in rows]
    for index, row in enumerate(rows):
        at = first + index
        if row.kind == "unit":
            for leaf in leaves:
                values[index][leaf], formulas[index][leaf] = unit_cells(row.unit_id, leaf)
            for total, parts in members.items():
                values[index][total] = sum(values[index][j] for j in parts)
                formulas[index][total] = f"=SUM({letters[parts[0]]}{at}:{letters[parts[-1]]}{at})"
            values[index][-1] = sum(values[index][j] for j in leaves)
            formulas[index][-1] = f"=SUM({_ranges([FIRST_VALUE_COLUMN + j for j in leaves], at)})"
        elif row.kind == "quota":
            for column in range(width - 1):
                values[index][column], formulas[index][column] = quota_cells(column)
    # A group row adds up its units: the rows up to the next group row (or the total row).
    groups = [i for i, r in enumerate(rows) if r.kind == "group"]
    total_row = next(i for i, r in enumerate(rows) if r.kind == "total")
    for start, end in zip(groups, [*groups[1:], total_row]):
        for c in range(width):
            values[start][c] = sum(values[r][c] for r in range(start + 1, end))
            formulas[start][c] = f"=SUM({letters[c]}{first + start + 1}:{letters[c]}{first + end - 1})"
    for c in range(width):
        values[total_row][c] = sum(values[g][c] for g in groups)
        formulas[total_row][c] = f"=SUM({','.join(f'{letters[c]}{first + g}' for g in groups)})"
    return AppendixSheet(name, heading, TEXT[lang]["note"], appendix, rows, tuple(map(tuple, values)),
                         tuple(map(tuple, formulas)), TEXT[lang], GROUP_LABELS[lang])


def _period_text(years: Sequence[int]) -> str:
    first, last = min(years), max(years)
    return f"{first}–{last}" if first != last else f"{first}"


def appendix_sheets(allocation: pd.DataFrame, inputs: Inputs, years: Sequence[int], lang: str = "vi"
                    ) -> list[AppendixSheet]:
    """Every appendix sheet: for each appendix, one sheet per year, then the whole period (its cells add up the
    year sheets' cells; none for a single year). ``allocation`` is the plan (demand_id, year, course_id, seats)."""
    lang = check_lang(lang)
    text = TEXT[lang]
    years = sorted(int(y) for y in years)
    if not years:
        return []
    table = report.allocation_table(allocation, inputs)
    rows = _rows(inputs, lang)
    sheets = []
    for appendix in appendices(inputs, lang):
        per_year = []
        for year in years:
            seats = _seats(table, inputs, appendix, year)
            quotas = column_quotas(inputs, appendix, year)
            when = text["year"].format(year=year)
            sheet = _sheet(text["sheet"].format(number=appendix.number, when=year),
                           text["heading"][appendix.number].format(when=when), appendix, rows,
                           lambda unit, leaf, s=seats: (int(s.at[unit, leaf]), None),
                           lambda column, q=quotas: (q[column], None), lang)
            per_year.append(sheet)
        sheets += per_year
        if len(years) == 1:
            continue  # the period is the year
        period = text["period"].format(period=_period_text(years))
        sheets.append(_period_sheet(text["sheet"].format(number=appendix.number, when=_period_text(years)),
                                    text["heading"][appendix.number].format(when=period), per_year, lang))
    return sheets


def _period_sheet(name: str, heading: str, per_year: list[AppendixSheet], lang: str) -> AppendixSheet:
    """The whole period: each unit's and quota cell the sum of the same cell in the year sheets, by formula."""
    rows = per_year[0].rows
    unit_row = {r.unit_id: i for i, r in enumerate(rows) if r.kind == "unit"}
    quota_row = len(rows) - 1

    def across(index: int, column: int) -> str:
        return "=" + "+".join(f"{_quoted(s.name)}!{s.coordinate(index, column)}" for s in per_year)

    def unit_cells(unit: str, leaf: int) -> tuple[int, str]:
        index = unit_row[unit]
        return sum(s.values[index][leaf] for s in per_year), across(index, leaf)

    def quota_cells(column: int) -> tuple[int | None, str | None]:
        found = [s.values[quota_row][column] for s in per_year if s.values[quota_row][column] is not None]
        return (sum(found), across(quota_row, column)) if found else (None, None)

    return _sheet(name, heading, per_year[0].appendix, rows, unit_cells, quota_cells, lang)


def _quoted(sheet_name: str) -> str:
    return "'" + sheet_name.replace("'", "''") + "'"
