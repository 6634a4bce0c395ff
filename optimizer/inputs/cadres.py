"""Eligibility as data, and the demand rows derived from named cadres.

The eligibility table (``schema.ELIGIBILITY``; the package's ``eligibility.csv`` unless a data folder carries its
own) says, per regulation, family, mode and sex, the age from which a cadre may study part-time (DOMAIN.md §3, §6:
Regulation 57-QĐ/TW and, from 29/8/2025, 350-QĐ/TW). A scenario's ``regulation:`` names the one in force.

When a data folder holds ``cadres.csv`` (one row a person) the demand rows are derived from it
(``demand_from_cadres``): people of the same unit, family, tier, block, earliest and deadline year and full-time
flag form one row, ``count`` of them. A person is full-time only when, in their ``earliest_year``, their age
(``earliest_year − birth_year``) is below the part-time floor of the regulation in force for their family and sex,
and their family has a full-time course. The age is taken in the earliest year on purpose: a person who reaches the
floor later is still counted full-time only, so every seat the plan may give the row suits every person in it.
A person who can take no course of their family (below the part-time floor and no full-time course, or the
reverse) is refused, naming the row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Place
from ..files import file_sha256
from . import schema
from .reading import bad_cell, check_unique, first_match, read_table

PACKAGE_FOLDER = Path(__file__).parent  # the package's eligibility.csv
DEMAND_COLUMNS = [c.name for c in schema.DEMAND.columns]


def read_eligibility(folder: Path) -> tuple[pd.DataFrame, tuple[str, str]]:
    """The eligibility table a data folder runs under: its own eligibility.csv, else the package's; and the
    (file, sha256) pair the input hash records."""
    own = (folder / schema.ELIGIBILITY.file).exists()
    where = folder if own else PACKAGE_FOLDER
    table = read_table(where, schema.ELIGIBILITY)
    check_unique(table, schema.ELIGIBILITY, where)
    name = schema.ELIGIBILITY.file if own else f"(package) {schema.ELIGIBILITY.file}"
    return table.reset_index(drop=True), (name, file_sha256(where / schema.ELIGIBILITY.file))


def part_time_floor(frame: pd.DataFrame, eligibility: pd.DataFrame, regulation: str, mode: str) -> np.ndarray:
    """The ``mode`` age floor of ``regulation`` for each row of ``frame`` (columns family, sex); NaN where the
    regulation sets none (no row, or a blank min_age)."""
    rules = eligibility[(eligibility["regulation"] == regulation) & (eligibility["mode"] == mode)]
    rules = rules.drop_duplicates(["family", "sex"])[["family", "sex", "min_age"]]
    found = frame[["family", "sex"]].reset_index(drop=True).merge(rules, on=["family", "sex"], how="left")
    return pd.to_numeric(found["min_age"], errors="coerce").to_numpy(dtype=float)


def pending_rules(eligibility: pd.DataFrame, regulation: str, families) -> pd.DataFrame:
    """The rows of ``regulation`` for ``families`` whose figure is a stand-in (status pending)."""
    mine = eligibility[(eligibility["regulation"] == regulation) & eligibility["family"].isin(list(families))]
    return mine[mine["status"] == "pending"]


def demand_from_cadres(cadres: pd.DataFrame, eligibility: pd.DataFrame, courses: pd.DataFrame, units: pd.DataFrame,
                       families: pd.DataFrame, tiers: pd.DataFrame, regulation: str,
                       folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The demand rows (``schema.DEMAND``'s columns plus the line of each row's first person, indexed by
    demand_id) and the people (indexed by cadre_id) with the demand_id of their row and full_time_only.

    demand_id: ``unit.family.tier.block``, ``.ft`` for full-time-only people, then ``.earliest-deadline``; rows in
    the order of their first person in cadres.csv."""
    table = schema.CADRES
    check_unique(cadres, table, folder)
    for column, index, where in (("unit_id", units.index, "units.csv"), ("family", families.index, "families.csv"),
                                 ("tier", tiers.index, "tiers.csv")):
        if (row := first_match(~cadres[column].isin(index), cadres)) is not None:
            raise bad_cell(folder, table, row, column, f"unknown {column} '{row[column]}'",
                           f"use one listed in {where}", f"mã '{row[column]}' chưa được khai báo",
                           f"hãy dùng một mã có trong {where}")
    if (row := first_match(cadres["deadline_year"] < cadres["earliest_year"], cadres)) is not None:
        raise bad_cell(folder, table, row, "deadline_year",
                       f"deadline {row['deadline_year']} is before the earliest year {row['earliest_year']}",
                       "fix one of them", f"năm hạn chót {row['deadline_year']} trước năm sớm nhất "
                       f"{row['earliest_year']}", "hãy sửa một trong hai năm")
    people = cadres.reset_index(drop=True).copy()
    age = (people["earliest_year"] - people["birth_year"]).to_numpy(dtype=float)
    offered = {mode: people["family"].isin(set(courses.loc[courses["mode"] == mode, "family"])).to_numpy(dtype=bool)
               for mode in ("full_time", "part_time", "none")}
    able = {}
    for mode in schema.STUDY_MODES:
        floor = part_time_floor(people, eligibility, regulation, mode)
        able[mode] = offered[mode] & (np.isnan(floor) | (age >= np.nan_to_num(floor)))
    people["full_time_only"] = able["full_time"] & ~able["part_time"] & ~offered["none"]
    part_floor = part_time_floor(people, eligibility, regulation, "part_time")
    neither = ~able["full_time"] & ~able["part_time"] & ~offered["none"]
    if (row := first_match(pd.Series(neither), people)) is not None:
        position = int(np.flatnonzero(neither)[0])
        floor = part_floor[position]
        why = (f"aged {int(age[position])} in {row['earliest_year']}, below the part-time floor {int(floor)} of "
               f"{regulation}, and family '{row['family']}' has no full-time course" if not np.isnan(floor)
               else f"no course of family '{row['family']}' admits a cadre aged {int(age[position])}")
        raise bad_cell(folder, table, row, "birth_year", f"cadre '{row['cadre_id']}' can take no course: {why}",
                       "check the birth year and family, or remove the cadre",
                       f"cán bộ '{row['cadre_id']}' không đủ điều kiện học khóa nào của loại hình '{row['family']}' "
                       f"theo {regulation}", "hãy kiểm tra năm sinh và loại hình, hoặc bỏ cán bộ này")
    part_only = able["part_time"] & ~able["full_time"] & offered["full_time"] & ~offered["none"]
    if (row := first_match(pd.Series(part_only), people)) is not None:
        raise bad_cell(folder, table, row, "birth_year",
                       f"cadre '{row['cadre_id']}' may study part-time only, which a demand row cannot say",
                       "check the birth year, or the full-time rows of the eligibility table",
                       f"cán bộ '{row['cadre_id']}' chỉ được học không tập trung", "hãy kiểm tra năm sinh")
    ft = np.where(people["full_time_only"], ".ft", "")
    people["demand_id"] = (people["unit_id"] + "." + people["family"] + "." + people["tier"] + "." + people["block"]
                           + ft + "." + people["earliest_year"].astype(str) + "-"
                           + people["deadline_year"].astype(str))
    grouped = people.groupby("demand_id", sort=False)
    demand = grouped[["unit_id", "family", "tier", "block", "earliest_year", "deadline_year", "full_time_only",
                      "line"]].first()
    demand["count"] = grouped.size().astype("int64")
    demand["former_unit"] = None
    demand["change_year"] = pd.array([pd.NA] * len(demand), dtype="Int64")
    demand["full_time_only"] = demand["full_time_only"].astype(bool)
    demand = demand[[c for c in DEMAND_COLUMNS if c != "demand_id"] + ["line"]]
    return demand, people.set_index("cadre_id")


def same_demand(written: pd.DataFrame, derived: pd.DataFrame, folder: Path) -> None:
    """A folder with both demand.csv and cadres.csv (a result folder's inputs/ has both): demand.csv must be
    exactly what the people give, else which one holds is ambiguous and both are refused."""
    columns = ["unit_id", "family", "tier", "block", "count", "earliest_year", "deadline_year", "full_time_only"]
    left = written[columns].sort_index()
    right = derived[columns].reindex(left.index)
    differs = (left.astype(str) != right.astype(str)).any(axis=1) | ~left.index.isin(derived.index)
    if len(left) != len(derived) or differs.any():
        row = written.loc[differs[differs].index[0]] if differs.any() else None
        line = int(row["line"]) if row is not None else None
        raise InputError(Place(str(folder / schema.DEMAND.file), line),
                         "the folder holds both demand.csv and cadres.csv, and they give different demand rows",
                         "keep one of them: cadres.csv (the people) or demand.csv (the counts)",
                         problem_vi="thư mục có cả demand.csv và cadres.csv nhưng hai bảng cho nhu cầu khác nhau",
                         fix_vi="hãy chỉ giữ một trong hai: cadres.csv (danh sách cán bộ) hoặc demand.csv (số lượng)")
