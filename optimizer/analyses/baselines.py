"""The classic apportionment methods run on the plan's data: what "seats in proportion to need" would give.

A baseline shares each year's quota of each course among the units the way a planner with a calculator would:

1. **Quota cells.** Each (year, course, block) gets a house ``H``: the tightest ``seats_max`` of the course's own
   quota lines; a course without its own seat line shares its family's line with its siblings (after the siblings'
   own lines), in proportion to their ``classes_max`` (the plan's "5 classes, 2 of them full-time" gives the
   full-time intermediate course 2/5 of 250), or equally when a sibling has no class limit (Hamilton's method).
2. **Weights.** A unit's weight in a cell is the number of its cadres still untrained on the planning lists of the
   course's family (and block) that are open that year (``earliest_year ≤ year ≤ deadline_year``).
3. **Tier by tier.** Tiers are served in rank order: if a tier's weights fit in the seats left, every unit gets
   them all; otherwise the seats left are apportioned among the units by the chosen method, a unit never getting
   more than its weight (a cap). Seats left after the last tier stay empty.
4. **Rows.** A unit's seats go to its rows of that tier that the course suits first (those the rules' eligibility
   filters keep, as in the model: full-time-only rows only in a full-time course, and the course ends by the row's
   deadline), then to its other rows, in file order.

Years run in order (a cadre trained once is no longer on the list); courses in the order of ``courses.csv``.
Frozen years keep their actuals. Ties follow the method's rule: the unit listed first in ``units.csv`` wins.

The methods see how many cadres each unit lists and nothing else: not class sizes, full-time-only rows, course
length or release limits. The solver-free checker counts every rule a baseline breaks, and that count is part of
the result (``violations.csv``, ``summary.json``).
"""


from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError, Place
from ..inputs.dataset import Inputs, unit_in_year
from ..inputs.scenario import Scenario
from ..model import checks, rules
from ..model.plan import Result, StageResult, Status
from . import apportionment

CELL_COLUMNS = ["year", "course_id", "block", "house"]
ROUND_COLUMNS = ["year", "course_id", "block", "tier", "unit_id", "weight", "seats"]
ASSIGNMENT_COLUMNS = ["demand_id", "year", "course_id", "seats"]


@dataclass(frozen=True)
class Baseline:
    """A baseline plan: ``result`` has the shape of a solver result (so every report works on it); ``cells`` the
    houses; ``rounds`` every apportionment the method made (year, course_id, block, tier, unit_id, weight, seats);
    ``violations`` the rules of the model it breaks (rule, subject, detail), from the solver-free checker."""

    method: str
    result: Result
    cells: pd.DataFrame
    rounds: pd.DataFrame
    violations: pd.DataFrame


def check_method(method: str) -> str:
    if method not in apportionment.METHODS:
        raise InputError(Place("baseline", column="METHOD"), f"unknown method '{method}'",
                         f"use one of {', '.join(apportionment.METHODS)} (or 'all')")
    return method


def _share_equally_or_by_classes(house: int, siblings: list[str], classes_max: dict[str, float]) -> dict[str, int]:
    weights = [classes_max.get(c, math.nan) for c in siblings]
    if any(math.isnan(w) or w <= 0 for w in weights):
        weights = [1] * len(siblings)
    shares = apportionment.apportion("hamilton", house, pd.Series([int(w) for w in weights], index=siblings))
    return {c: int(s) for c, s in shares.items()}


def quota_cells(inputs: Inputs, years: tuple[int, ...]) -> pd.DataFrame:
    """The house of every (year, course, block): see the module docstring, step 1."""
    caps, courses = inputs.caps, inputs.courses
    rows = []
    for year in years:
        lines = caps[(caps["year"] == year) & caps["seats_max"].notna()]
        classes_max = caps[(caps["year"] == year) & caps["classes_max"].notna()].groupby("target")["classes_max"].min()
        for family, members in courses.groupby("family", sort=False):
            own = lines[lines["target"].isin(members.index)]
            family_lines = lines[lines["target"] == family]
            houses: dict[tuple[str, str], int] = {}
            for (course_id, block), seats in own.groupby(["target", "block"], sort=False)["seats_max"].min().items():
                houses[(course_id, block)] = int(seats)
            without = [c for c in members.index if c not in set(own["target"])]
            if without:
                for block, seats in family_lines.groupby("block", sort=False)["seats_max"].min().items():
                    taken = sum(h for (c, b), h in houses.items() if b in (block, "all") and c != family)
                    left = max(0, int(seats) - taken)
                    for course_id, share in _share_equally_or_by_classes(left, without, classes_max.to_dict()).items():
                        houses[(course_id, block)] = share
            order = {c: i for i, c in enumerate(members.index)}
            for (course_id, block), house in sorted(houses.items(), key=lambda item: (order[item[0][0]], item[0][1])):
                rows.append((year, course_id, block, house))
    return pd.DataFrame(rows, columns=CELL_COLUMNS).astype({"year": "int64", "house": "int64"})


def apportion_with_caps(method: str, house: int, weights: pd.Series) -> pd.Series:
    """``house`` seats among ``weights`` by ``method``, nobody above its weight; every seat given if weights allow.

    Adams, Dean and Huntington–Hill give every unit a first seat; when the house is smaller than the number of
    units, the first seats go to the largest weights (ties: the unit listed first), the limit of their rule.
    """
    weights = weights[weights > 0]
    if int(weights.sum()) <= house:
        return weights.astype("int64")
    if method in ("adams", "dean", "huntington_hill") and house < len(weights):
        order = np.argsort(-weights.to_numpy(), kind="stable")[:house]
        seats = pd.Series(0, index=weights.index, dtype="int64")
        seats.iloc[order] = 1
        return seats
    return apportionment.apportion(method, house, weights, caps=weights)


def cell_seats(method: str, house: int, tier_weights: pd.DataFrame, tiers: list[str]) -> pd.DataFrame:
    """One cell's seats, tier by tier (step 3): ``tier_weights`` has tier, unit_id, weight (units in tie order);
    returns the same rows with ``seats``."""
    out = tier_weights.assign(seats=0).astype({"seats": "int64"})
    left = house
    for tier in tiers:
        at = out.index[out["tier"] == tier]
        if left <= 0 or not len(at):
            continue
        weights = pd.Series(out.loc[at, "weight"].to_numpy(), index=out.loc[at, "unit_id"].to_numpy())
        given = apportion_with_caps(method, left, weights).reindex(weights.index, fill_value=0)
        out.loc[at, "seats"] = given.to_numpy()
        left -= int(given.sum())
    return out


def _to_rows(seats: pd.DataFrame, open_rows: pd.DataFrame) -> pd.Series:
    """Step 4: each unit's seats of a tier spread over its rows, suitable rows first, then file order."""
    rows = open_rows.merge(seats[["tier", "unit_id", "seats"]], left_on=["tier", "party"],
                           right_on=["tier", "unit_id"], how="inner", suffixes=("", "_unit"))
    rows = rows.sort_values(["party", "tier", "suits", "position"], ascending=[True, True, False, True], kind="stable")
    before = rows.groupby(["party", "tier"], sort=False)["remaining"].cumsum() - rows["remaining"]
    take = np.clip(rows["seats"] - before, 0, rows["remaining"])
    return pd.Series(take.to_numpy(dtype="int64"), index=rows["demand_id"].to_numpy())


def suited_rows(cells: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> dict[int, np.ndarray]:
    """Per quota cell (its position in ``cells``), the demand rows its course and year suit (step 4): those every
    rule's eligibility filter keeps, the same filters that decide which seats the model may give."""
    courses = inputs.courses[["family", "mode", "span_years"]]
    pairs = (cells[["year", "course_id", "block"]].rename(columns={"block": "cell_block"})
             .assign(cell=np.arange(len(cells))).join(courses, on="course_id")
             .merge(inputs.demand.reset_index(), on="family"))
    pairs = pairs[(pairs["cell_block"] == "all") | (pairs["cell_block"] == pairs["block"])]
    kept = pairs[rules.eligible(pairs, inputs, scenario)]
    return {int(cell): ids.to_numpy() for cell, ids in kept.groupby("cell")["demand_id"]}


def baseline(method: str, inputs: Inputs, scenario: Scenario) -> Baseline:
    """The plan ``method`` gives on this scenario's data (module docstring), checked by the solver-free checker."""
    started = time.perf_counter()
    check_method(method)
    years = tuple(scenario.years)
    demand = inputs.demand
    tiers = list(inputs.tiers.index)
    unit_order = {u: i for i, u in enumerate(inputs.units.index)}
    remaining = demand["count"].astype("int64").copy()
    given = []
    if inputs.fixed_years:
        frozen = inputs.fixed_seats()[ASSIGNMENT_COLUMNS]
        given.append(frozen)
        remaining = remaining.sub(frozen.groupby("demand_id")["seats"].sum(), fill_value=0).astype("int64")
    cells = quota_cells(inputs, years)
    rounds = []
    position = pd.Series(np.arange(len(demand)), index=demand.index)
    suited = suited_rows(cells, inputs, scenario)
    for number, cell in enumerate(cells.itertuples(index=False)):
        if cell.year in inputs.fixed_years:
            continue
        course = inputs.courses.loc[cell.course_id]
        listed = ((demand["family"] == course["family"]) & ((cell.block == "all") | (demand["block"] == cell.block))
                  & (demand["earliest_year"] <= cell.year) & (cell.year <= demand["deadline_year"])
                  & (remaining > 0))
        open_rows = demand.loc[listed, ["tier", "unit_id", "former_unit", "change_year"]].copy()
        open_rows["party"] = unit_in_year(open_rows["unit_id"], open_rows["former_unit"], open_rows["change_year"],
                                          cell.year)
        open_rows["remaining"] = remaining[listed]
        open_rows["position"] = position[listed]
        open_rows["suits"] = open_rows.index.isin(suited.get(number, ()))
        open_rows = open_rows.rename_axis("demand_id").reset_index()
        weights = open_rows.groupby(["tier", "party"], sort=False)["remaining"].sum().rename("weight").reset_index()
        weights = weights.rename(columns={"party": "unit_id"})
        weights = weights.assign(_t=weights["tier"].map({t: i for i, t in enumerate(tiers)}),
                                 _u=weights["unit_id"].map(unit_order).fillna(len(unit_order)))
        weights = weights.sort_values(["_t", "_u", "unit_id"]).drop(columns=["_t", "_u"]).reset_index(drop=True)
        seats = cell_seats(method, int(cell.house), weights, tiers)
        rounds.append(seats.assign(year=cell.year, course_id=cell.course_id, block=cell.block))
        taken = _to_rows(seats, open_rows)
        taken = taken[taken > 0]
        if len(taken):
            remaining = remaining.sub(taken.groupby(level=0).sum(), fill_value=0).astype("int64")
            given.append(pd.DataFrame({"demand_id": taken.index, "year": cell.year, "course_id": cell.course_id,
                                       "seats": taken.to_numpy()}))
    allocation = _allocation(given, demand, inputs.courses)
    classes = _classes(allocation, inputs, years)
    violations = checks.check_allocation(allocation, classes, inputs, scenario)
    values = checks.recomputed_stage_values(allocation, inputs, scenario, classes)
    stages = tuple(StageResult(name, value, math.nan, False, 0.0) for name, value in values.items())
    named = dataclasses.replace(scenario, name=f"{scenario.name}-{method}")
    result = Result(scenario=named, inputs=inputs, status=Status.BASELINE, allocation=allocation, classes=classes,
                    stages=stages, solver=f"apportionment: {method}", model_size={"quota_cells": len(cells)},
                    build_seconds=0.0, seconds=time.perf_counter() - started, violations=violations)
    round_table = (pd.concat(rounds, ignore_index=True)[ROUND_COLUMNS] if rounds
                   else pd.DataFrame(columns=ROUND_COLUMNS))
    return Baseline(method=method, result=result, cells=cells, rounds=round_table, violations=violations)


def _allocation(given: list[pd.DataFrame], demand: pd.DataFrame, courses: pd.DataFrame) -> pd.DataFrame:
    if not given:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("year", "seats") else object)
                             for c in ASSIGNMENT_COLUMNS})
    allocation = pd.concat(given, ignore_index=True).groupby(["demand_id", "year", "course_id"], as_index=False,
                                                             sort=False)["seats"].sum()
    allocation = allocation[allocation["seats"] > 0]
    order = pd.DataFrame({"_d": allocation["demand_id"].map({d: i for i, d in enumerate(demand.index)}),
                          "_c": allocation["course_id"].map({c: i for i, c in enumerate(courses.index)}),
                          "year": allocation["year"]})
    allocation = allocation.loc[order.sort_values(["_d", "year", "_c"], kind="stable").index]
    return allocation.astype({"year": "int64", "seats": "int64"}).reset_index(drop=True)[ASSIGNMENT_COLUMNS]


def _classes(allocation: pd.DataFrame, inputs: Inputs, years: tuple[int, ...]) -> pd.DataFrame:
    """As many classes as the seats need at the largest class size (a planner opens no class it cannot fill up)."""
    with_classes = inputs.courses[inputs.courses["class_size_max"].notna()]
    seats = allocation.groupby(["course_id", "year"])["seats"].sum()
    grid = pd.MultiIndex.from_product([with_classes.index, years], names=["course_id", "year"])
    table = seats.reindex(grid, fill_value=0).rename("seats").reset_index()
    size = table["course_id"].map(with_classes["class_size_max"]).astype("int64")
    table["classes"] = -(-table["seats"] // size)
    table = table.astype({"year": "int64", "seats": "int64", "classes": "int64"})
    return table.sort_values(["year", "course_id"]).reset_index(drop=True)[["course_id", "year", "classes", "seats"]]


METHOD_LABELS = {
    "vi": {"hamilton": "phương pháp Hamilton (số dư lớn nhất)", "jefferson": "phương pháp Jefferson (D'Hondt)",
           "webster": "phương pháp Webster (Sainte-Laguë)", "huntington_hill": "phương pháp Huntington–Hill",
           "adams": "phương pháp Adams", "dean": "phương pháp Dean"},
    "en": {"hamilton": "Hamilton's method (largest remainder)", "jefferson": "Jefferson's method (D'Hondt)",
           "webster": "Webster's method (Sainte-Laguë)", "huntington_hill": "Huntington–Hill's method",
           "adams": "Adams's method", "dean": "Dean's method"},
}
