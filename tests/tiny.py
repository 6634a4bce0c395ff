"""Tiny hand-built instances: a few units, one family "cc" with a full-time and a part-time course, two tiers.

``write_instance`` writes the eight CSV files (and pins.csv when given pins) and a scenario YAML into a folder and loads them back through the
real loaders, so every tiny instance has passed the same validation as the bundled data. Rows are given as dicts;
the helpers ``unit``, ``course``, ``cap`` and ``demand`` fill in the columns a test does not care about.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import yaml

from optimizer.inputs import schema
from optimizer.inputs.data import load_inputs
from optimizer.inputs.dataset import Inputs
from optimizer.inputs.scenario import Scenario, load_scenario

YEARS = (2023, 2024)
GENEROUS_RELEASE = 1000
COLUMNS = ["demand_id", "year", "course_id", "seats"]


def unit(unit_id: str, kind: str = "district") -> dict:
    return {"unit_id": unit_id, "name": f"Unit {unit_id}", "kind": kind}


def course(course_id: str, mode: str, *, family: str = "cc", months: int = 12, size: tuple[int, int] | None = None
           ) -> dict:
    low, high = size if size else ("", "")
    return {"course_id": course_id, "name": f"Course {course_id}", "family": family, "mode": mode,
            "duration_months": months, "class_size_min": low, "class_size_max": high}


def cap(year: int, target: str, *, block: str = "all", seats_min=None, seats_max=None, classes_min=None,
        classes_max=None, source: str = "test") -> dict:
    return {"year": year, "target": target, "block": block, "seats_min": seats_min, "seats_max": seats_max,
            "classes_min": classes_min, "classes_max": classes_max, "source": source}


def demand(demand_id: str, unit_id: str, count: int, *, tier: str = "t1", family: str = "cc", block: str = "party",
           earliest: int = YEARS[0], deadline: int = YEARS[-1], full_time_only: bool = False) -> dict:
    return {"demand_id": demand_id, "unit_id": unit_id, "family": family, "tier": tier, "block": block,
            "count": count, "earliest_year": earliest, "deadline_year": deadline,
            "full_time_only": "true" if full_time_only else "false"}


DEFAULT_UNITS = [unit("u1", "district"), unit("u2", "department"), unit("u3", "mass_org")]
DEFAULT_FAMILIES = [{"family": "cc", "name": "Cao cấp", "group": "political_theory"}]
DEFAULT_COURSES = [course("cc_tt", "full_time"), course("cc_pt", "part_time", size=(40, 60))]
DEFAULT_CAPS = [cap(y, c, seats_max=100) for y in YEARS for c in ("cc_tt", "cc_pt")]
DEFAULT_DEMAND = [demand("u1.a", "u1", 3), demand("u2.a", "u2", 2, tier="t2")]
DEFAULT_TIERS = [{"tier": "t1", "rank": 1, "name": "Tier one"}, {"tier": "t2", "rank": 2, "name": "Tier two"}]


def _write_csv(path: Path, table: schema.Table, rows: list[dict]) -> None:
    names = [c.name for c in table.columns]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            unknown = set(row) - set(names)
            assert not unknown, f"{table.file} has no columns {unknown}"
            writer.writerow(["" if row.get(n) is None else row.get(n) for n in names])


def write_instance(folder: Path, *, units=None, families=None, courses=None, caps=None, demand=None, tiers=None,
                   targets=None, plan_figures=None, pins=None, years=YEARS, release_limits=None, time_limit: float = 30.0,
                   name: str = "tiny") -> tuple[Inputs, Scenario]:
    """Write a tiny data folder and scenario under ``folder``; return them loaded (scenario at folder/scenario.yaml)."""
    folder = Path(folder)
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    tables = {
        schema.UNITS: DEFAULT_UNITS if units is None else units,
        schema.FAMILIES: DEFAULT_FAMILIES if families is None else families,
        schema.COURSES: DEFAULT_COURSES if courses is None else courses,
        schema.CAPS: DEFAULT_CAPS if caps is None else caps,
        schema.DEMAND: DEFAULT_DEMAND if demand is None else demand,
        schema.TIERS: DEFAULT_TIERS if tiers is None else tiers,
        schema.TARGETS: targets or [],
        schema.PLAN_FIGURES: plan_figures or [],
    }
    if pins is not None:  # pins.csv may be absent from a data folder, and is unless asked for
        tables[schema.PINS] = pins
    for table, rows in tables.items():
        _write_csv(data / table.file, table, rows)
    limits = {kind: GENEROUS_RELEASE for kind in schema.UNIT_KINDS}
    limits.update(release_limits or {})
    scenario = {"name": name, "data": "data", "years": list(years), "release_limits": limits,
                "solver": {"name": "highs", "time_limit_seconds": time_limit, "seed": 0}}
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
    return load_inputs(data), load_scenario(path)


def allocation(rows: list[tuple[str, int, str, int]]) -> pd.DataFrame:
    """An allocation table from (demand_id, year, course_id, seats) tuples."""
    return pd.DataFrame.from_records(rows, columns=COLUMNS).astype({"year": "int64", "seats": "int64"})


def classes(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    """A class table from (course_id, year, classes) tuples (seats column left 0: the checker recounts them)."""
    frame = pd.DataFrame.from_records(rows, columns=["course_id", "year", "classes"])
    return frame.assign(seats=0).astype({"year": "int64", "classes": "int64", "seats": "int64"})


def seats_of(allocation_table: pd.DataFrame, **match) -> int:
    """Total seats of the allocation rows whose columns equal ``match`` (e.g. demand_id="u1.a", year=2023)."""
    mask = pd.Series(True, index=allocation_table.index)
    for column, value in match.items():
        mask &= allocation_table[column] == value
    return int(allocation_table.loc[mask, "seats"].sum())
