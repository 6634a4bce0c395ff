"""``Inputs``: the validated tables of one plan, indexed by their keys, and who a unit is in a given year."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class DataWarning:
    """Something in the plan's figures that looks wrong but may be meant (``plan_checks``); never blocks a solve."""

    code: str
    subject: str
    message: str  # English
    message_vi: str = ""  # the same in Vietnamese, for the planner's screens and files

    def __str__(self) -> str:
        return f"warning [{self.code}] {self.subject}: {self.message}"

    def text(self, lang: str = "vi") -> str:
        """The message in ``lang`` (Vietnamese falls back to English where a check has no Vietnamese words)."""
        return self.message_vi or self.message if lang == "vi" else self.message


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
    # The planner's pins (``pins``): pins.csv's rows and the scenario's, in pins.COLUMNS; None: no pins at all.
    pins: pd.DataFrame | None = None
    # Years before the scenario's plan_from_year not frozen at actuals: fixed at the reference plan.
    past_years: tuple[int, ...] = ()
    # A folder with cadres.csv: the people (index cadre_id; demand_id, full_time_only and cadres.csv's columns),
    # the eligibility table they were judged by and the regulation in force. None / None without cadres.csv.
    cadres: pd.DataFrame | None = None
    eligibility: pd.DataFrame | None = None
    regulation: str = "57-QĐ/TW"

    @property
    def plan_years(self) -> tuple[int, ...]:
        return tuple(sorted(int(y) for y in self.caps["year"].unique()))

    def course_families(self) -> pd.Series:
        return self.courses["family"]

    @property
    def fixed_years(self) -> tuple[int, ...]:
        """The years whose seats are given, not optimised: frozen at actuals, or past and kept at the reference."""
        return tuple(sorted(set(self.frozen_years) | set(self.past_years)))

    def fixed_seats(self) -> pd.DataFrame:
        """The seats of the fixed years (demand_id, year, course_id, seats): the actuals of the frozen years and
        the reference plan's in the past years."""
        parts = [table[table["year"].isin(years)][["demand_id", "year", "course_id", "seats"]]
                 for table, years in ((self.actuals, self.frozen_years), (self.reference, self.past_years))
                 if table is not None and years]
        if not parts:
            return pd.DataFrame({"demand_id": pd.Series(dtype=object), "year": pd.Series(dtype="int64"),
                                 "course_id": pd.Series(dtype=object), "seats": pd.Series(dtype="int64")})
        return pd.concat(parts, ignore_index=True)


def unit_in_year(unit_id, former_unit, change_year, year) -> np.ndarray:
    """The unit a seat counts for in ``year``: a merged or split row belongs to its former unit before the change."""
    change = pd.to_numeric(pd.Series(change_year, dtype=object), errors="coerce").to_numpy(float)
    before = np.asarray(year, dtype=float) < change  # NaN (no change) compares False
    return np.where(before, np.asarray(former_unit, dtype=object), np.asarray(unit_id, dtype=object))
