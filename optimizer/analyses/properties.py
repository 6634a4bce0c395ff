"""Balinski–Young fairness properties of plans and of the apportionment methods, on the plan's data.

* **Quota rule, for any plan** (a solve or a baseline): within each family, a unit's exact share of the seats
  the plan gives the family is ``q = seats_f · demand_u / demand_f`` (its cadres on the family's planning lists,
  counted for the unit that owns them at the end); the plan satisfies quota for the unit if its seats lie in
  ``[floor(q), ceil(q)]``. Checked for the whole family and for each tier of it.
* **House monotonicity, for the methods:** every quota cell of a method's baseline is apportioned again with
  ``house ± 1 … span`` seats (same weights, tier by tier as in ``baselines``); a unit that has fewer seats at
  ``h + 1`` than at ``h`` is an Alabama paradox.
* **Population monotonicity, between two plans of one rule** (two solves, or two baselines of one method) on
  different demand, in each family both plans give the same number of seats: unit A's demand grew by a factor
  at least B's, yet A lost seats while B gained some.

The quota rule is measured over the whole period, so even Hamilton's baseline, which keeps to quota in each
yearly cell, can miss it: caps (nobody gets more than it asked), tiers and the years add up differently.

Pure functions from tables to tables; ``cli properties`` writes them.
"""


from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from .. import encode
from ..inputs.dataset import Inputs
from ..inputs.scenario import Scenario
from ..messages import Message
from ..outputs import charts
from ..outputs.folder import ASSIGNMENTS_FILE, INPUT_TABLES, read_folder
from ..words import check_lang
from . import apportionment, baselines

QUOTA_COLUMNS = ["plan", "level", "family", "tier", "unit_id", "demand", "seats", "quota", "floor", "ceiling"]
HOUSE_COLUMNS = ["method", "year", "course_id", "block", "house", "unit_id", "seats_before", "seats_after"]
POPULATION_COLUMNS = ["plan_before", "plan_after", "family", "unit_id", "demand_before", "demand_after",
                      "seats_before", "seats_after", "gainers", "example_gainer"]
SUMMARY_COLUMNS = ["plan", "kind", "seats", "quota_violations", "cells_checked", "houses_checked", "house_paradoxes"]


@dataclass(frozen=True)
class Plan:
    """What the properties need of a plan: its name, kind ("solve" or "method:<name>"), its assignments (demand_id,
    year, course_id, seats) and its demand table (index demand_id; unit_id, family, tier, count)."""

    name: str
    kind: str
    assignments: pd.DataFrame
    demand: pd.DataFrame


def plan_of_folder(folder: str | Path) -> Plan:
    """A result folder (of ``solve`` or ``baseline``) as a ``Plan``: its assignments and its demand table; the
    kind is the baseline's method when the folder holds a baseline."""
    content = read_folder(folder)
    solver = str(content.summary.get("solver") or "")
    kind = (f"method:{solver.split(':', 1)[1].strip()}" if content.summary.get("status") == "baseline"
            and ":" in solver else "solve")
    return Plan(content.name, kind, content.table(ASSIGNMENTS_FILE),
                content.table(INPUT_TABLES["demand"].path).set_index("demand_id"))


def quota_table(plan: Plan) -> pd.DataFrame:
    """Every unit's demand, seats and exact quota, per family (tier "") and per family × tier (QUOTA_COLUMNS)."""
    demand = plan.demand
    seats = plan.assignments.groupby("demand_id")["seats"].sum()
    rows = demand[["unit_id", "family", "tier", "count"]].assign(seats=seats.reindex(demand.index, fill_value=0))
    parts = []
    for level, keys in (("family", ["family"]), ("family_tier", ["family", "tier"])):
        per_unit = rows.groupby(keys + ["unit_id"], sort=False)[["count", "seats"]].sum().reset_index()
        totals = per_unit.groupby(keys, sort=False)[["count", "seats"]].transform("sum")
        quota = [Fraction(int(s) * int(d), int(t)) if t else Fraction(0)
                 for s, d, t in zip(totals["seats"], per_unit["count"], totals["count"])]
        part = per_unit.rename(columns={"count": "demand"}).assign(
            plan=plan.name, level=level, quota=[float(q) for q in quota],
            floor=[math.floor(q) for q in quota], ceiling=[math.ceil(q) for q in quota])
        if level == "family":
            part["tier"] = ""
        parts.append(part[QUOTA_COLUMNS])
    table = pd.concat(parts, ignore_index=True)
    return table.astype({"demand": "int64", "seats": "int64", "floor": "int64", "ceiling": "int64"})


def quota_violations(plan: Plan) -> pd.DataFrame:
    """The rows of ``quota_table`` whose seats lie outside [floor, ceiling] of the exact quota."""
    table = quota_table(plan)
    outside = (table["seats"] < table["floor"]) | (table["seats"] > table["ceiling"])
    return table[outside].reset_index(drop=True)


def _cell_totals(method: str, house: int, tier_weights: list[pd.Series]) -> pd.Series:
    """Seats per unit in one cell at ``house``, tier by tier as ``baselines.cell_seats`` does it."""
    total = pd.Series(0, index=pd.Index([], dtype=object), dtype="int64")
    left = house
    for weights in tier_weights:
        if left <= 0:
            break
        given = baselines.apportion_with_caps(method, left, weights)
        total = total.add(given, fill_value=0).astype("int64")
        left -= int(given.sum())
    return total


def house_paradoxes(plan: baselines.Baseline, tiers: list[str], span: int = 10) -> tuple[pd.DataFrame, int, int]:
    """Alabama paradoxes of a baseline's method on its own cells, for houses within ``span`` of each cell's house.

    Returns (paradoxes in HOUSE_COLUMNS, cells checked, houses checked)."""
    rows, cells, houses = [], 0, 0
    rank = {t: i for i, t in enumerate(tiers)}
    house_of = plan.cells.set_index(["year", "course_id", "block"])["house"]
    for key, group in plan.rounds.groupby(["year", "course_id", "block"], sort=False):
        group = group[group["weight"] > 0]
        if group.empty:
            continue
        cells += 1
        tier_weights = [pd.Series(g["weight"].to_numpy(), index=g["unit_id"].to_numpy())
                        for _, g in sorted(group.groupby("tier", sort=False), key=lambda item: rank[item[0]])]
        house = int(house_of[key])
        before = None
        for h in range(max(0, house - span), house + span + 1):
            now = _cell_totals(plan.method, h, tier_weights)
            houses += 1
            if before is not None:
                lost = now.reindex(before.index, fill_value=0) < before
                for unit_id in before.index[lost.to_numpy()]:
                    rows.append((plan.method, *key, h - 1, unit_id, int(before[unit_id]), int(now.get(unit_id, 0))))
            before = now
    return pd.DataFrame(rows, columns=HOUSE_COLUMNS), cells, houses


def population_paradoxes(before: Plan, after: Plan) -> pd.DataFrame:
    """Units whose demand grew at least as fast as another's yet lost seats while that one gained, per family in
    which both plans give the same number of seats (the fixed house Balinski and Young's property assumes)."""
    a, b = quota_table(before), quota_table(after)
    a, b = a[a["level"] == "family"], b[b["level"] == "family"]
    both = a.merge(b, on=["family", "unit_id"], suffixes=("_before", "_after"))
    rows = []
    for family, group in both.groupby("family", sort=False):
        if a.loc[a["family"] == family, "seats"].sum() != b.loc[b["family"] == family, "seats"].sum():
            continue
        group = group[group["demand_before"] > 0]
        growth = [Fraction(int(x), int(y)) for x, y in zip(group["demand_after"], group["demand_before"])]
        gained = (group["seats_after"] > group["seats_before"]).to_numpy()
        for i, row in enumerate(group.itertuples()):
            if not row.seats_after < row.seats_before:
                continue
            others = [j for j in np.flatnonzero(gained) if growth[j] <= growth[i]]
            if others:
                rows.append((before.name, after.name, family, row.unit_id, row.demand_before, row.demand_after,
                             row.seats_before, row.seats_after, len(others), group["unit_id"].iloc[others[0]]))
    return pd.DataFrame(rows, columns=POPULATION_COLUMNS)


@dataclass(frozen=True)
class Properties:
    """The report's tables: ``summary`` (one row per plan and method), ``quota`` (units outside their quota),
    ``house`` (Alabama paradoxes of the methods), ``population`` (between the first plan and each other)."""

    summary: pd.DataFrame
    quota: pd.DataFrame
    house: pd.DataFrame
    population: pd.DataFrame


def _named(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The parts as one table with the unit's name right after its id."""
    at = columns.index("unit_id") + 1
    columns = columns[:at] + ["name"] + columns[at:]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def plan_of_baseline(plan: baselines.Baseline) -> Plan:
    result = plan.result
    return Plan(result.scenario.name, f"method:{plan.method}", result.allocation, result.inputs.demand)


def _same_demand(a: Plan, b: Plan) -> bool:
    columns = ["unit_id", "family", "count"]
    return a.demand[columns].sort_index().equals(b.demand[columns].sort_index())


def properties(plans: list[Plan], inputs: Inputs, scenario: Scenario, methods: tuple[str, ...] = apportionment.METHODS,
               span: int = 10, progress=None) -> Properties:
    """The properties of ``plans`` and of each method's baseline on the scenario (see the module docstring)."""
    say = progress or (lambda message: None)
    tiers = list(inputs.tiers.index)
    summary, quota, house = [], [], []
    for plan in plans:
        found = quota_violations(plan)
        quota.append(found)
        summary.append((plan.name, plan.kind, int(plan.assignments["seats"].sum()), len(found), pd.NA, pd.NA, pd.NA))
    for number, method in enumerate(methods, start=1):
        say(Message("properties_method", number=number, total=len(methods), method=method, span=span))
        plan = baselines.baseline(method, inputs, scenario)
        found = quota_violations(plan_of_baseline(plan))
        paradoxes, cells, houses = house_paradoxes(plan, tiers, span)
        quota.append(found)
        house.append(paradoxes)
        summary.append((plan.result.scenario.name, f"method:{method}", int(plan.result.allocation["seats"].sum()),
                        len(found), cells, houses, len(paradoxes)))
    # Population monotonicity compares one rule on two demands: plans of different kinds, or on the same demand,
    # differ by their rule, not by a change of population.
    population = [population_paradoxes(plans[0], other) for other in plans[1:]
                  if other.kind == plans[0].kind and not _same_demand(plans[0], other)]
    names = inputs.units["name"]
    quota = [q.assign(name=q["unit_id"].map(names).fillna("")) for q in quota]
    house = [h.assign(name=h["unit_id"].map(names).fillna("")) for h in house]
    frame = pd.DataFrame(summary, columns=SUMMARY_COLUMNS)
    for column in ("cells_checked", "houses_checked", "house_paradoxes"):
        frame[column] = frame[column].astype("Int64")
    return Properties(
        summary=frame,
        quota=_named(quota, QUOTA_COLUMNS),
        house=_named(house, HOUSE_COLUMNS),
        population=(pd.concat(population, ignore_index=True) if population
                    else pd.DataFrame(columns=POPULATION_COLUMNS)),
    )


SHEETS = {"vi": {"summary": "Tổng hợp", "quota": "Quy tắc phần chia", "house": "Nghịch lý Alabama",
                 "population": "Nghịch lý nhu cầu"},
          "en": {"summary": "Summary", "quota": "Quota rule", "house": "Alabama paradoxes",
                 "population": "Population paradoxes"}}
HEADERS = {
    "vi": {"plan": "Phương án", "kind": "Loại", "seats": "Tổng số chỗ học",
           "quota_violations": "Số trường hợp ngoài phần chia", "cells_checked": "Số ô chỉ tiêu đã xét",
           "houses_checked": "Số mức chỉ tiêu đã thử", "house_paradoxes": "Số nghịch lý Alabama",
           "level": "Cấp xét", "family": "Loại hình đào tạo", "tier": "Nhóm đối tượng", "unit_id": "Mã đơn vị",
           "name": "Đơn vị", "demand": "Nhu cầu", "quota": "Phần chia chính xác", "floor": "Làm tròn xuống", "ceiling": "Làm tròn lên",
           "method": "Phương pháp", "year": "Năm", "course_id": "Khóa học", "block": "Khối",
           "house": "Chỉ tiêu (h)", "house.seats_before": "Số chỗ với chỉ tiêu h",
           "house.seats_after": "Số chỗ với chỉ tiêu h + 1", "plan_before": "Phương án trước",
           "plan_after": "Phương án sau", "demand_before": "Nhu cầu trước", "demand_after": "Nhu cầu sau",
           "population.seats_before": "Số chỗ trước", "population.seats_after": "Số chỗ sau",
           "gainers": "Số đơn vị nhu cầu tăng chậm hơn mà được thêm chỗ", "example_gainer": "Ví dụ một đơn vị như vậy"},
    "en": {"plan": "Plan", "kind": "Kind", "seats": "Seats in total", "quota_violations": "Cases outside the quota",
           "cells_checked": "Quota cells checked", "houses_checked": "Quotas tried",
           "house_paradoxes": "Alabama paradoxes", "level": "Level", "family": "Family", "tier": "Tier",
           "unit_id": "Unit id", "name": "Unit", "demand": "Demand", "quota": "Exact share", "floor": "Rounded down",
           "ceiling": "Rounded up", "method": "Method", "year": "Year", "course_id": "Course", "block": "Block",
           "house": "Quota (h)", "house.seats_before": "Seats at quota h", "house.seats_after": "Seats at quota h + 1",
           "plan_before": "Plan before", "plan_after": "Plan after", "demand_before": "Demand before",
           "demand_after": "Demand after", "population.seats_before": "Seats before",
           "population.seats_after": "Seats after", "gainers": "Units with slower-growing demand that gained",
           "example_gainer": "One such unit"},
}


VALUES = {"vi": {"solve": "tối ưu hóa", "method": "phương pháp {method}", "family": "loại hình",
                 "family_tier": "loại hình × nhóm đối tượng"},
          "en": {"solve": "optimised", "method": "method {method}", "family": "family",
                 "family_tier": "family × tier"}}


def properties_files(report: Properties, span: int, lang: str = "vi") -> dict[str, bytes]:
    """The report as files: a tidy CSV per table (English columns), properties.xlsx (sheets and headers in
    ``lang``) and properties.png/.svg (``charts.properties_chart``)."""
    lang = check_lang(lang)
    tables = {"summary": report.summary, "quota": report.quota, "house": report.house,
              "population": report.population}
    files = {f"{name}.csv": encode.csv_bytes(frame) for name, frame in
             {"properties_summary": report.summary, "quota_rule": report.quota, "house_paradoxes": report.house,
              "population_paradoxes": report.population}.items()}
    sheets = {}
    values = VALUES[lang]
    for name, frame in tables.items():
        frame = frame.copy()
        for column in ("kind", "level"):
            if column in frame.columns:
                frame[column] = [values.get(v, values["method"].format(method=str(v).split(":", 1)[-1])
                                            if str(v).startswith("method:") else v) for v in frame[column]]
        headers = HEADERS[lang]
        sheets[SHEETS[lang][name]] = frame.set_axis([headers.get(f"{name}.{c}", headers.get(c, c))
                                                     for c in frame.columns], axis=1)
    files["properties.xlsx"] = encode.xlsx_bytes(sheets, index=False)
    figure = charts.properties_chart(report.summary, span, lang=lang)
    files["properties.png"] = encode.png_bytes(figure)
    files["properties.svg"] = encode.svg_bytes(figure)
    return files
