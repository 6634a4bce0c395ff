"""Result tables for people: the solver's allocation turned into tables by unit, course, family and year.

Pure functions, table in and table out; nothing here writes files. Every table comes out in
a stable order taken from the input files (unit order, course order, family order, tier rank), never from hash
or solver order, so two runs with the same plan produce byte-identical reports.
"""


from __future__ import annotations


import numpy as np
import pandas as pd

from ..inputs.dataset import Inputs, unit_in_year
from ..inputs.schema import BLOCKS
from ..words import TOTAL_LABELS, UNIT_HEADER, check_lang, names, stage_meaning  # noqa: F401 (re-exported)

SHARE_DECIMALS = 4

ALLOCATION_COLUMNS = ["year", "unit_id", "course_id", "tier", "block", "seats"]
COVERAGE_COLUMNS = ["unit_id", "family", "tier", "demand", "allocated", "share"]
CUMULATIVE_COLUMNS = ["family", "tier", "year", "demand", "allocated_cumulative", "share", "target_share"]
SEATS_BY_COURSE_COLUMNS = ["year", "course_id", "seats", "quota"]


# --- helpers -------------------------------------------------------------------------------------------------


def _positions(index: pd.Index) -> pd.Series:
    """Position of each key in an input table (its file order)."""
    return pd.Series(np.arange(len(index)), index=index)


def _with_demand(allocation: pd.DataFrame, inputs: Inputs, unit_that_year: bool = False) -> pd.DataFrame:
    """Allocation rows with the unit, family, tier and block of their demand row.

    ``unit_that_year``: the unit the seat counts for in its year (a merged unit's early seats stay its own);
    otherwise the row's unit at the end of the horizon, which owns its demand.
    """
    unknown = ~allocation["demand_id"].isin(inputs.demand.index)
    if unknown.any():
        raise ValueError(f"allocation names demand rows that are not in the inputs, e.g. "
                         f"{allocation.loc[unknown, 'demand_id'].iloc[0]!r}")
    rows = allocation[["demand_id", "year", "course_id", "seats"]].merge(
        inputs.demand[["unit_id", "family", "tier", "block"]], left_on="demand_id", right_index=True, how="left")
    rows["year"] = rows["year"].astype("int64")
    rows["seats"] = rows["seats"].astype("int64")
    if unit_that_year:
        changed = inputs.demand[["former_unit", "change_year"]].reindex(rows["demand_id"])
        rows["unit_id"] = unit_in_year(rows["unit_id"], changed["former_unit"], changed["change_year"], rows["year"])
    return rows


def _sorted(frame: pd.DataFrame, keys: dict[str, pd.Series | None]) -> pd.DataFrame:
    """Sort by columns in the given order; a column with a Series sorts by that mapping (file order, rank)."""
    order = pd.DataFrame(index=frame.index)
    for column, mapping in keys.items():
        order[column] = frame[column] if mapping is None else frame[column].map(mapping)
    ranked = order.sort_values(list(keys), kind="stable").index
    return frame.loc[ranked].reset_index(drop=True)


def _share(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator.astype(float) / denominator.astype(float)).round(SHARE_DECIMALS)


def _block_order() -> pd.Series:
    return pd.Series(np.arange(len(BLOCKS)), index=list(BLOCKS))


# --- tables --------------------------------------------------------------------------------------------------


def allocation_table(allocation: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
    """Seats per (year, unit, course, tier, block), summed over demand rows; nonzero rows only.

    Ordered by year, unit (file order), course (file order), tier rank, block (party before government).
    """
    rows = _with_demand(allocation, inputs, unit_that_year=True)
    keys = ["year", "unit_id", "course_id", "tier", "block"]
    table = rows.groupby(keys, as_index=False, sort=False)["seats"].sum()
    table = table[table["seats"] > 0]
    table = _sorted(table, {"year": None, "unit_id": inputs.units["order"],
                            "course_id": _positions(inputs.courses.index), "tier": inputs.tiers["rank"],
                            "block": _block_order()})
    return table[ALLOCATION_COLUMNS].astype({"year": "int64", "seats": "int64"})


def coverage_table(allocation: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
    """Per (unit, family, tier) with positive demand: demand, seats over all years, and their share.

    Ordered by unit (file order), family (file order), tier rank.
    """
    keys = ["unit_id", "family", "tier"]
    demand = inputs.demand.groupby(keys)["count"].sum().astype("int64")
    demand = demand[demand > 0]
    seats = _with_demand(allocation, inputs).groupby(keys)["seats"].sum()
    table = demand.rename("demand").reset_index()
    table["allocated"] = seats.reindex(demand.index, fill_value=0).to_numpy().astype("int64")
    table["share"] = _share(table["allocated"], table["demand"])
    table = _sorted(table, {"unit_id": inputs.units["order"], "family": _positions(inputs.families.index),
                            "tier": inputs.tiers["rank"]})
    return table[COVERAGE_COLUMNS]


def cumulative_coverage(allocation: pd.DataFrame, inputs: Inputs, years: tuple[int, ...]) -> pd.DataFrame:
    """Per (family, tier, year): the share of the whole demand covered by courses starting in that year or earlier.

    The denominator is the (family, tier)'s total demand, not the part due by that year, because the targets in
    targets.csv are shares of the whole demand (even progress towards the final share). ``target_share`` is NaN
    where targets.csv gives none.
    """
    keys = ["family", "tier"]
    demand = inputs.demand.groupby(keys)["count"].sum().astype("int64")
    demand = demand[demand > 0]
    rows = _with_demand(allocation, inputs)
    parts = []
    for year in sorted(int(y) for y in years):
        started = rows[rows["year"] <= year].groupby(keys)["seats"].sum()
        part = demand.rename("demand").reset_index()
        part["year"] = year
        part["allocated_cumulative"] = started.reindex(demand.index, fill_value=0).to_numpy().astype("int64")
        parts.append(part)
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            CUMULATIVE_COLUMNS, ["str", "str", "int64", "int64", "int64", "float64", "float64"])})
    table = pd.concat(parts, ignore_index=True)
    table["share"] = _share(table["allocated_cumulative"], table["demand"])
    targets = inputs.targets[["family", "tier", "year", "target_share"]].astype({"year": "int64"})
    table = table.merge(targets, on=["family", "tier", "year"], how="left")
    table = _sorted(table, {"family": _positions(inputs.families.index), "tier": inputs.tiers["rank"], "year": None})
    return table[CUMULATIVE_COLUMNS].astype({"year": "int64", "target_share": "float64"})


def course_quotas(inputs: Inputs) -> dict[tuple[str, int], int]:
    """The seat quota that caps.csv states for exactly each target (a course, or a family's own line) and year.

    The tightest seats_max of the target's block-'all' rows; failing those, the sum over blocks of each block's
    tightest row. Quotas on a whole family (e.g. Trung cấp 250–300) are not a course's quota: look a course up by
    its own id. Targets and years without a seats_max line are absent.
    """
    caps = inputs.caps[inputs.caps["seats_max"].notna()]
    caps = caps.assign(year=caps["year"].astype("int64"), seats_max=caps["seats_max"].astype("int64"))
    whole = caps[caps["block"] == "all"].groupby(["target", "year"])["seats_max"].min()
    by_block = (caps[caps["block"] != "all"].groupby(["target", "year", "block"])["seats_max"].min()
                .groupby(level=["target", "year"]).sum())
    quotas = whole.combine_first(by_block)
    return {(str(target), int(year)): int(value) for (target, year), value in quotas.items()}


def course_quota(inputs: Inputs, course_id: str, year: int) -> int | None:
    """The seat quota that caps.csv states for exactly this course in ``year``, or None (``course_quotas``)."""
    return course_quotas(inputs).get((course_id, int(year)))


def seats_by_course(allocation: pd.DataFrame, inputs: Inputs, years: tuple[int, ...]) -> pd.DataFrame:
    """Seats and quota per (year, course), for every course with a quota or seats in that year.

    ``quota`` is ``course_quota`` as a nullable integer (missing where the plan gives the course no seat quota of
    its own). Ordered by year, then course file order.
    """
    seats = allocation.groupby([allocation["year"].astype("int64"), "course_id"])["seats"].sum()
    records = []
    quotas = course_quotas(inputs)
    for year in sorted(int(y) for y in years):
        for course_id in inputs.courses.index:
            quota = quotas.get((course_id, year))
            got = int(seats.get((year, course_id), 0))
            if quota is not None or got > 0:
                records.append((year, course_id, got, quota))
    table = pd.DataFrame.from_records(records, columns=SEATS_BY_COURSE_COLUMNS)
    return table.astype({"year": "int64", "course_id": "str", "seats": "int64", "quota": "Int64"})


def _courses_with_quota(inputs: Inputs, year: int) -> set[str]:
    """Courses that some positive seat quota of ``year`` covers, directly or through their family."""
    caps = inputs.caps
    targets = set(caps.loc[(caps["year"] == year) & (caps["seats_max"].fillna(0) > 0), "target"])
    courses = inputs.courses
    return set(courses.index[courses.index.isin(targets) | courses["family"].isin(targets)])


def yearly_sheet(allocation: pd.DataFrame, inputs: Inputs, year: int, lang: str = "vi") -> pd.DataFrame:
    """Seats starting in ``year``: one row per unit (all units, file order) × one column per course, with totals.

    Columns are the course names of courses with a positive quota that year (directly or through their family)
    or with seats, in file order, then a total column; the last row is the total row. The index holds the unit
    names and is named "Đơn vị" / "Unit"; the total row and column are labelled "Tổng cộng" / "Total".
    """
    total = TOTAL_LABELS[check_lang(lang)]
    rows = allocation[allocation["year"].astype("int64") == int(year)]
    grid = _with_demand(rows, inputs, unit_that_year=True)
    grid = grid.groupby(["unit_id", "course_id"])["seats"].sum().unstack(fill_value=0)
    shown = _courses_with_quota(inputs, int(year)) | set(grid.columns)
    courses = [c for c in inputs.courses.index if c in shown]
    grid = grid.reindex(index=inputs.units.index, columns=courses, fill_value=0).fillna(0).astype("int64")
    grid[total] = grid.sum(axis=1)
    grid.loc[total] = grid.sum(axis=0)
    unit_names, course_names = names(inputs.units, lang), names(inputs.courses, lang)
    grid.index = [unit_names.get(u, u) for u in grid.index]
    grid.columns = [course_names.get(c, c) for c in grid.columns]
    grid.index.name = UNIT_HEADER[lang]
    return grid.astype("int64")


# --- the coverage sheet of allocation.xlsx ---------------------------------------------------------------------

COVERAGE_HEADERS = {
    "vi": {"unit_id": "Đơn vị", "family": "Loại hình đào tạo", "tier": "Đối tượng", "demand": "Nhu cầu",
           "allocated": "Được phân bổ", "share": "Tỷ lệ đáp ứng"},
    "en": {"unit_id": "Unit", "family": "Programme", "tier": "Group of cadres", "demand": "Demand",
           "allocated": "Allocated", "share": "Share covered"},
}

def coverage_sheet(allocation: pd.DataFrame, inputs: Inputs, lang: str = "vi") -> pd.DataFrame:
    """``coverage_table`` for people: unit, family and tier names, demand, allocated and share, headers in ``lang``."""
    lang = check_lang(lang)
    table = coverage_table(allocation, inputs)
    out = pd.DataFrame({
        "unit_id": table["unit_id"].map(names(inputs.units, lang)).fillna(table["unit_id"]),
        "family": table["family"].map(names(inputs.families, lang)).fillna(table["family"]),
        "tier": table["tier"].map(names(inputs.tiers, lang)).fillna(table["tier"]),
        "demand": table["demand"], "allocated": table["allocated"], "share": table["share"]})
    return out.rename(columns=COVERAGE_HEADERS[lang])

