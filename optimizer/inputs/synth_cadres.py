"""Clearly fake people behind a demand table, for examples and tests: never real cadres.

``cadres_from_demand`` expands each demand row into ``count`` people named "Cán bộ mẫu 0001", … (cadre_id
``cb00001``, …), numbered in the order of the rows. Each gets a sex and an age drawn from a SHA-256 hash of
(seed, number), so the output is the same on every machine:

* sex: female or male, even odds;
* age in the row's earliest year: where the regulation sets a part-time age floor for the family and sex, a
  full-time-only row's people are 1–8 years below it and the others 0–15 years above it (so the demand derived
  back from the people, ``cadres.demand_from_cadres``, has the same rows and counts); elsewhere 30–54.

``example_folder`` makes the shipped example scenarios/inputs/nam_dinh_cadres/ from the bundled data folder:
its political-theory part (families cao_cap and trung_cap, their courses, quota lines, targets and figures), with
cadres.csv instead of demand.csv. A test rebuilds it and compares it byte for byte.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from .. import encode
from . import schema
from .cadres import part_time_floor, read_eligibility

POLITICAL_THEORY = ("cao_cap", "trung_cap")
BELOW_FLOOR, ABOVE_FLOOR = 8, 16  # ages drawn 1..8 under the floor, 0..15 over it
NO_FLOOR_AGES = (30, 25)  # 30..54 where no floor applies


def _draws(seed: int, count: int) -> np.ndarray:
    """Two whole numbers per person from SHA-256 of (seed, number): (count, 2)."""
    out = np.empty((count, 2), dtype=np.int64)
    for number in range(count):
        digest = hashlib.sha256(f"{seed}:{number + 1}".encode()).digest()
        out[number] = (int.from_bytes(digest[:4], "big"), int.from_bytes(digest[4:8], "big"))
    return out


def cadres_from_demand(demand: pd.DataFrame, eligibility: pd.DataFrame, regulation: str,
                       seed: int = 2023) -> pd.DataFrame:
    """``schema.CADRES``'s columns, one row per person of ``demand`` (demand.csv's columns)."""
    rows = demand.reset_index(drop=True)
    people = rows.loc[np.repeat(rows.index.to_numpy(), rows["count"].to_numpy(dtype=np.int64))].reset_index(drop=True)
    draws = _draws(seed, len(people))
    numbers = np.arange(1, len(people) + 1)
    people["cadre_id"] = [f"cb{n:05d}" for n in numbers]
    people["name"] = [f"Cán bộ mẫu {n:04d}" for n in numbers]
    people["sex"] = np.where(draws[:, 0] % 2 == 0, "female", "male")
    floor = part_time_floor(people, eligibility, regulation, "part_time")
    young = people["full_time_only"].astype(bool).to_numpy()
    age = np.where(np.isnan(floor), NO_FLOOR_AGES[0] + draws[:, 1] % NO_FLOOR_AGES[1],
                   np.where(young, np.nan_to_num(floor) - 1 - draws[:, 1] % BELOW_FLOOR,
                            np.nan_to_num(floor) + draws[:, 1] % ABOVE_FLOOR))
    people["birth_year"] = (people["earliest_year"] - age).astype("int64")
    people["current_post"] = ""
    return people[[c.name for c in schema.CADRES.columns]]


def _copy(folder: Path, table: schema.Table, keep) -> bytes:
    frame = pd.read_csv(folder / table.file, dtype=str, keep_default_na=False)
    return encode.csv_bytes(frame[keep(frame)].reset_index(drop=True))


def example_folder(source: str | Path, regulation: str = schema.DEFAULT_REGULATION,
                   seed: int = 2023) -> dict[str, bytes]:
    """The files of the shipped example (file name → bytes): ``source``'s political-theory tables, and
    cadres.csv made from its demand.csv."""
    source = Path(source)
    families = set(POLITICAL_THEORY)
    courses = pd.read_csv(source / schema.COURSES.file, dtype=str, keep_default_na=False)
    targets = families | set(courses.loc[courses["family"].isin(families), "course_id"])
    files = {
        schema.UNITS.file: (source / schema.UNITS.file).read_bytes(),
        schema.TIERS.file: (source / schema.TIERS.file).read_bytes(),
        schema.FAMILIES.file: _copy(source, schema.FAMILIES, lambda f: f["family"].isin(families)),
        schema.COURSES.file: _copy(source, schema.COURSES, lambda f: f["family"].isin(families)),
        schema.CAPS.file: _copy(source, schema.CAPS, lambda f: f["target"].isin(targets)),
        schema.TARGETS.file: _copy(source, schema.TARGETS, lambda f: f["family"].isin(families)),
        schema.PLAN_FIGURES.file: _copy(source, schema.PLAN_FIGURES,
                                        lambda f: f["target"].isin(targets) & (f["kind"] != "structural")),
    }
    demand = pd.read_csv(source / schema.DEMAND.file, keep_default_na=False)
    demand = demand[demand["family"].isin(families)]
    demand["full_time_only"] = demand["full_time_only"].astype(str).str.lower() == "true"
    eligibility, _ = read_eligibility(source)
    files[schema.CADRES.file] = encode.csv_bytes(cadres_from_demand(demand, eligibility, regulation, seed))
    return files
