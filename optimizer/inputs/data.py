"""Load and validate the input tables of a data folder into a frozen ``Inputs`` object.

Everything that can be wrong with a file is caught here and reported as an ``InputError`` naming the file, the
row (the line number a spreadsheet or text editor shows) and the column. After this boundary the tables are
trusted: the model, checker and reports never re-validate.
"""


from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Place
from ..files import file_sha256, not_a_folder, path_problem_vi
from . import schema
from .cadres import demand_from_cadres, read_eligibility, same_demand
from .dataset import Inputs
from .pins import check_pins, file_table
from .pins import empty as empty_pins
from .plan_checks import plan_warnings
from .reading import bad_cell, check_unique, first_match, indexed, read_table


def load_inputs(folder: str | Path, regulation: str = schema.DEFAULT_REGULATION) -> Inputs:
    """Read every table of ``folder``, validate each and all together, and compute the plan's warnings.
    With cadres.csv the demand rows are derived from the people under ``regulation`` (``cadres``)."""
    folder = Path(folder)
    if (problem := not_a_folder(folder)) is not None:
        raise InputError(Place(str(folder)), f"the data folder {problem}", "check the 'data' path in the scenario",
                         problem_vi=f"thư mục dữ liệu {path_problem_vi(problem)}",
                         fix_vi="hãy kiểm tra đường dẫn 'data' trong kịch bản")
    has_cadres = (folder / schema.CADRES.file).exists()
    present = [t for t in (*schema.ALL_TABLES, schema.CADRES) if (not t.may_be_absent or (folder / t.file).exists())
               and not (t is schema.DEMAND and has_cadres and not (folder / t.file).exists())]
    raw = {table.name: read_table(folder, table) for table in present}
    hashes = tuple((t.file, file_sha256(folder / t.file)) for t in present)

    units = indexed(raw["units"], schema.UNITS, folder)
    units["order"] = np.arange(len(units))
    families = indexed(raw["families"], schema.FAMILIES, folder)
    courses = indexed(raw["courses"], schema.COURSES, folder)
    tiers = indexed(raw["tiers"], schema.TIERS, folder)
    people = eligibility = None
    if has_cadres:
        eligibility, hashed = read_eligibility(folder)
        hashes += (hashed,)
        derived, people = demand_from_cadres(raw["cadres"], eligibility, courses, units, families,
                                             tiers, regulation, folder)
        if "demand" in raw:
            same_demand(indexed(raw["demand"], schema.DEMAND, folder), derived, folder)
        demand = derived
    else:
        demand = indexed(raw["demand"], schema.DEMAND, folder)
    caps = raw["caps"].set_index("line", drop=False).rename_axis("cap_row")
    targets = raw["targets"]
    figures = indexed(raw["plan_figures"], schema.PLAN_FIGURES, folder)

    check_unique(targets, schema.TARGETS, folder)
    _check_courses(courses, families, folder)
    courses["span_years"] = -(-courses["duration_months"] // 12)
    _check_tiers(tiers, folder)
    tiers = tiers.sort_values("rank")
    _check_caps(caps, courses, families, folder)
    plan_years = sorted(int(y) for y in caps["year"].unique())
    # Derived rows carry the line of their first person, so a message names cadres.csv at that line.
    _check_demand(demand, units, families, courses, tiers, plan_years, folder,
                  replace(schema.DEMAND, file=schema.CADRES.file) if has_cadres else schema.DEMAND)
    _check_targets(targets, families, tiers, plan_years, folder)
    _check_figures(figures, courses, families, folder)
    pins = (file_table(raw["pins"], folder / schema.PINS.file) if "pins" in raw else empty_pins())
    check_pins(pins, units, courses, families, demand, tuple(plan_years))

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
        pins=pins if len(pins) else None,
        warnings=(),
        file_hashes=hashes,
        cadres=people,
        eligibility=eligibility,
        regulation=regulation,
    )
    return Inputs(**{**frozen.__dict__, "warnings": plan_warnings(frozen)})


# --- cross-table checks ------------------------------------------------------------------------------------

# What an id column names, in Vietnamese, for "unknown ..." (the column's name stays as the planner sees it).
NOUNS_VI = {"unit_id": "đơn vị", "family": "loại hình đào tạo", "tier": "nhóm đối tượng"}
SWAP_VI = "hãy đổi chỗ hoặc sửa lại hai giá trị"


def _check_courses(courses: pd.DataFrame, families: pd.DataFrame, folder: Path) -> None:
    table = schema.COURSES
    if (row := first_match(~courses["family"].isin(families.index), courses)) is not None:
        raise bad_cell(folder, table, row, "family",
                       f"unknown family '{row['family']}'", "add it to families.csv or fix the id",
                       f"loại hình đào tạo '{row['family']}' chưa được khai báo",
                       "hãy thêm loại hình này vào families.csv hoặc sửa lại mã")
    one_blank = courses["class_size_min"].isna() != courses["class_size_max"].isna()
    if (row := first_match(one_blank, courses)) is not None:
        blank = "class_size_max" if pd.isna(row["class_size_max"]) else "class_size_min"
        raise bad_cell(folder, table, row, blank, "only one class size bound is given",
                   "give both class_size_min and class_size_max, or leave both blank for individual seats",
                   "chỉ ghi một trong hai giới hạn sĩ số lớp",
                   "hãy ghi cả class_size_min và class_size_max, hoặc để trống cả hai nếu khóa học không tổ chức "
                   "theo lớp")
    inverted = courses["class_size_min"].fillna(0) > courses["class_size_max"].fillna(0)
    if (row := first_match(inverted, courses)) is not None:
        raise bad_cell(folder, table, row, "class_size_min",
                       "class_size_min is greater than class_size_max", "swap or fix them",
                       "class_size_min lớn hơn class_size_max", SWAP_VI)
    unserved = families.index.difference(courses["family"].unique())
    if len(unserved):
        row = families.loc[unserved[0]]
        raise bad_cell(folder, schema.FAMILIES, row, "family", f"no course serves family '{unserved[0]}'",
                   "add a course for it in courses.csv or remove the family",
                   f"không có khóa học nào thuộc loại hình '{unserved[0]}'",
                   "hãy thêm một khóa học thuộc loại hình này vào courses.csv, hoặc bỏ loại hình")


def _check_tiers(tiers: pd.DataFrame, folder: Path) -> None:
    if (row := first_match(tiers["rank"].duplicated(), tiers)) is not None:
        raise bad_cell(folder, schema.TIERS, row, "rank", f"rank {row['rank']} is used by two tiers",
                   "give every tier its own rank (1 = most urgent)",
                   f"thứ tự ưu tiên {row['rank']} bị trùng ở hai nhóm đối tượng",
                   "mỗi nhóm đối tượng cần một thứ tự riêng (1 = ưu tiên nhất)")


def _check_caps(caps: pd.DataFrame, courses: pd.DataFrame, families: pd.DataFrame, folder: Path) -> None:
    table = schema.CAPS
    if caps.empty:
        raise InputError(Place(str(folder / table.file)), "has no rows", "add the plan's quota lines",
                         problem_vi="bảng không có dòng nào", fix_vi="hãy thêm các dòng chỉ tiêu của kế hoạch")
    known = ~caps["target"].isin(courses.index) & ~caps["target"].isin(families.index)
    if (row := first_match(known, caps)) is not None:
        raise bad_cell(folder, table, row, "target", f"unknown course or family '{row['target']}'",
                   "use a course_id from courses.csv or a family from families.csv",
                   f"khóa học hoặc loại hình đào tạo '{row['target']}' chưa được khai báo",
                   "hãy dùng một mã khóa học (course_id) trong courses.csv hoặc một mã loại hình (family) trong "
                   "families.csv")
    for low, high in (("seats_min", "seats_max"), ("classes_min", "classes_max")):
        inverted = caps[low].notna() & caps[high].notna() & (caps[low] > caps[high]).fillna(False)
        if (row := first_match(inverted, caps)) is not None:
            raise bad_cell(folder, table, row, low,
                           f"{low} {row[low]} is greater than {high} {row[high]}", "swap or fix them",
                           f"{low} {row[low]} lớn hơn {high} {row[high]}", SWAP_VI)
    has_classes = caps["classes_min"].notna() | caps["classes_max"].notna()
    if (row := first_match(has_classes & (caps["block"] != "all"), caps)) is not None:
        raise bad_cell(folder, table, row, "block", "classes are limited for one block only",
                   "class limits apply to whole classes: use block 'all'",
                   "số lớp được giới hạn cho riêng một khối",
                   "giới hạn số lớp áp dụng cho cả lớp học chung của các khối: hãy ghi block là 'all'")
    with_classes = courses[courses["class_size_max"].notna()]
    class_targets = set(with_classes.index) | set(with_classes["family"])
    if (row := first_match(has_classes & ~caps["target"].isin(class_targets), caps)) is not None:
        raise bad_cell(folder, table, row, "classes_max",
                       f"'{row['target']}' has no classes (no class size in courses.csv)",
                   "leave the class columns blank or give the course a class size",
                   f"'{row['target']}' không tổ chức theo lớp (courses.csv không ghi sĩ số lớp)",
                   "hãy để trống các cột số lớp, hoặc ghi sĩ số lớp cho khóa học")
    empty = caps[["seats_min", "seats_max", "classes_min", "classes_max"]].isna().all(axis=1)
    if (row := first_match(empty, caps)) is not None:
        raise bad_cell(folder, table, row, "seats_max",
                       "the row limits nothing", "give at least one bound or delete the row",
                       "dòng này không giới hạn gì", "hãy ghi ít nhất một giới hạn, hoặc xóa dòng")


def check_demand_rows(demand, units, families, courses, tiers, plan_years, path: Path) -> None:
    """The cross-table checks of demand rows read from ``path`` (a data folder's or a scenario's demand file)."""
    _check_demand(demand, units, families, courses, tiers, plan_years, path.parent, replace(schema.DEMAND,
                                                                                          file=path.name))


def _check_demand(demand, units, families, courses, tiers, plan_years, folder, table=schema.DEMAND) -> None:
    for column, index, where in (("unit_id", units.index, "units.csv"), ("family", families.index, "families.csv"),
                                 ("tier", tiers.index, "tiers.csv")):
        if (row := first_match(~demand[column].isin(index), demand)) is not None:
            raise bad_cell(folder, table, row, column,
                           f"unknown {column} '{row[column]}'", f"use one listed in {where}",
                           f"{NOUNS_VI[column]} '{row[column]}' chưa được khai báo",
                           f"hãy dùng một mã có trong {where}")
    former = demand["former_unit"]
    if (row := first_match(former.notna() & ~former.isin(units.index), demand)) is not None:
        raise bad_cell(folder, table, row, "former_unit",
                       f"unknown unit '{row['former_unit']}'", "use one in units.csv",
                       f"đơn vị '{row['former_unit']}' chưa được khai báo", "hãy dùng một đơn vị có trong units.csv")
    if (row := first_match(former.isna() != demand["change_year"].isna(), demand)) is not None:
        raise bad_cell(folder, table, row, "change_year", "former_unit and change_year go together",
                   "fill in both or leave both blank", "former_unit và change_year phải đi cùng nhau",
                   "hãy điền cả hai, hoặc để trống cả hai")
    if (row := first_match(demand["deadline_year"] < demand["earliest_year"], demand)) is not None:
        raise bad_cell(folder, table, row, "deadline_year",
                   f"deadline {row['deadline_year']} is before the earliest year {row['earliest_year']}",
                   "fix one of them",
                   f"năm hạn chót {row['deadline_year']} trước năm sớm nhất {row['earliest_year']}",
                   "hãy sửa một trong hai năm")
    first, last = plan_years[0], plan_years[-1]
    outside = (demand["earliest_year"] > last) | (demand["deadline_year"] < first)
    if (row := first_match(outside, demand)) is not None:
        raise bad_cell(folder, table, row, "earliest_year",
                   f"years {row['earliest_year']}–{row['deadline_year']} lie outside the plan's years {first}–{last}",
                   "fix the years or add caps for them",
                   f"các năm {row['earliest_year']}–{row['deadline_year']} nằm ngoài các năm của kế hoạch "
                   f"{first}–{last}",
                   "hãy sửa các năm, hoặc thêm chỉ tiêu (caps.csv) cho các năm đó")
    full_time_families = set(courses.loc[courses["mode"] == "full_time", "family"])
    no_full_time = demand["full_time_only"] & ~demand["family"].isin(full_time_families)
    if (row := first_match(no_full_time, demand)) is not None:
        raise bad_cell(folder, table, row, "full_time_only", f"family '{row['family']}' has no full-time course",
                   "set full_time_only to false for this row",
                   f"loại hình '{row['family']}' không có khóa học tập trung",
                   "hãy ghi full_time_only là false (không) cho dòng này")


def _check_targets(targets, families, tiers, plan_years, folder) -> None:
    table = schema.TARGETS
    for column, index, where in (("family", families.index, "families.csv"), ("tier", tiers.index, "tiers.csv")):
        if (row := first_match(~targets[column].isin(index), targets)) is not None:
            raise bad_cell(folder, table, row, column,
                           f"unknown {column} '{row[column]}'", f"use one listed in {where}",
                           f"{NOUNS_VI[column]} '{row[column]}' chưa được khai báo",
                           f"hãy dùng một mã có trong {where}")
    if (row := first_match(~targets["year"].isin(plan_years), targets)) is not None:
        raise bad_cell(folder, table, row, "year", f"year {row['year']} is outside the plan's years "
                   f"{plan_years[0]}–{plan_years[-1]}", "use a year that caps.csv covers",
                   f"năm {row['year']} nằm ngoài các năm của kế hoạch {plan_years[0]}–{plan_years[-1]}",
                   "hãy dùng một năm có trong caps.csv")


def _check_figures(figures, courses, families, folder) -> None:
    # Structural counts name groups of people, not courses, so only the other kinds must name a course or family.
    not_structural = figures["kind"] != "structural"
    unknown = not_structural & ~figures["target"].isin(courses.index) & ~figures["target"].isin(families.index)
    if (row := first_match(unknown, figures)) is not None:
        raise bad_cell(folder, schema.PLAN_FIGURES, row, "target", f"unknown course or family '{row['target']}'",
                   "use a course_id or family", f"khóa học hoặc loại hình đào tạo '{row['target']}' chưa được khai báo",
                   "hãy dùng một mã khóa học (course_id) hoặc mã loại hình (family)")
