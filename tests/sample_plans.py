"""Hand-made allocations over the bundled inputs, for the report, chart and export tests (no solver).

``greedy_allocation`` fills each course's seat quota year by year with eligible demand rows, most urgent tier
first; it is plausible (timing, full-time-only and course quotas summed over blocks respected) but it is
not the optimiser's plan.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from optimizer.inputs.data import load_inputs
from optimizer.inputs.dataset import Inputs

DATA = Path(__file__).resolve().parent.parent / "data" / "nam_dinh_2023_2025"
YEARS = (2023, 2024, 2025)
COLUMNS = ["demand_id", "year", "course_id", "seats"]


@lru_cache(maxsize=1)
def bundled_inputs() -> Inputs:
    return load_inputs(DATA)


def allocation(rows: list[tuple[str, int, str, int]]) -> pd.DataFrame:
    """An allocation table from (demand_id, year, course_id, seats) tuples, sorted as the solver returns it."""
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS).astype({"year": "int64", "seats": "int64"})
    return frame.sort_values(["demand_id", "year", "course_id"]).reset_index(drop=True)


def empty_allocation() -> pd.DataFrame:
    return allocation([])


def _budget(inputs: Inputs, course_id: str, year: int) -> int:
    """The course's own quota, else an even share of its family's quota (Trung cấp has only a family quota)."""
    caps = inputs.caps[(inputs.caps["year"] == year) & inputs.caps["seats_max"].notna()]
    own = caps[caps["target"] == course_id]
    if len(own):
        whole = own[own["block"] == "all"]
        return int(whole["seats_max"].min()) if len(whole) else int(own.groupby("block")["seats_max"].min().sum())
    family = inputs.courses.loc[course_id, "family"]
    family_caps = caps[caps["target"] == family]
    siblings = int((inputs.courses["family"] == family).sum())
    return int(family_caps["seats_max"].min()) // siblings if len(family_caps) else 0


def greedy_allocation(inputs: Inputs, years: tuple[int, ...] = YEARS, groups=("political_theory", "degree")
                      ) -> pd.DataFrame:
    """Fill every course of ``groups`` up to its quota, by tier rank, in a fixed order."""
    demand = inputs.demand.copy()
    demand["rank"] = demand["tier"].map(inputs.tiers["rank"])
    demand = demand.sort_values(["rank", "unit_id", "block"], kind="stable")
    left = demand["count"].astype(int).to_dict()
    family_group = inputs.families["group"]
    rows = []
    for year in years:
        for course_id, course in inputs.courses.iterrows():
            if family_group[course["family"]] not in groups:
                continue
            budget = _budget(inputs, course_id, year)
            eligible = demand[(demand["family"] == course["family"]) & (demand["earliest_year"] <= year)
                              & (year + int(course["span_years"]) - 1 <= demand["deadline_year"])
                              & (~demand["full_time_only"] | (course["mode"] == "full_time"))]
            for demand_id in eligible.index:
                take = min(budget, left[demand_id])
                if take > 0:
                    rows.append((demand_id, year, course_id, take))
                    left[demand_id] -= take
                    budget -= take
    return allocation(rows)


def single_unit_allocation(inputs: Inputs, unit_id: str = "my_loc") -> pd.DataFrame:
    """The greedy plan restricted to one unit's demand rows."""
    plan = greedy_allocation(inputs)
    return plan[plan["demand_id"].map(inputs.demand["unit_id"]) == unit_id].reset_index(drop=True)
