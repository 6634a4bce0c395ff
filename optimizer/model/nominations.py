"""Named nominations: who of a demand row's people takes which of its seats, and the check of each name.

When the data folder names its cadres (cadres.csv), a plan's seats go to people by a fixed rule (``nominate``):
within each demand row, the row's seats in order of year (then course_id) go to its people in order of deadline
year, then the oldest first (birth_year ascending), then cadre_id. So the seats that come first go to those who
must finish first and, among equals, to those nearest the end of their career, and the same plan always names the
same people. ``check_nominations`` re-reads the eligibility table and verifies every name, without the solver.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs.cadres import part_time_floor
from ..inputs.dataset import Inputs

NOMINATION_COLUMNS = ["cadre_id", "name", "unit_id", "course_id", "year", "mode"]
NOMINATION_RULE = "nomination"  # the rule column of its violations


def nominate(allocation: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
    """One row per seat of ``allocation`` (demand_id, year, course_id, seats) given to a named cadre
    (NOMINATION_COLUMNS), in the order of units.csv, then cadre_id; empty without cadres. Seats of a row beyond
    its people (a scenario change that raised a count) stay unnamed; the checker reports them."""
    if inputs.cadres is None:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "year" else object) for c in NOMINATION_COLUMNS})
    seats = allocation[allocation["seats"] > 0].sort_values(["demand_id", "year", "course_id"], kind="stable")
    seats = seats.loc[np.repeat(seats.index.to_numpy(), seats["seats"].to_numpy(dtype=np.int64))]
    seats = seats[["demand_id", "year", "course_id"]].reset_index(drop=True)
    seats["place"] = seats.groupby("demand_id").cumcount()
    people = inputs.cadres.reset_index().sort_values(["demand_id", "deadline_year", "birth_year", "cadre_id"],
                                                     kind="stable")
    people["place"] = people.groupby("demand_id").cumcount()
    named = seats.merge(people[["demand_id", "place", "cadre_id", "name", "unit_id"]], on=["demand_id", "place"])
    named["mode"] = named["course_id"].map(inputs.courses["mode"])
    named["order"] = named["unit_id"].map(inputs.units["order"])
    named = named.sort_values(["order", "cadre_id"], kind="stable")
    return named[NOMINATION_COLUMNS].astype({"year": "int64"}).reset_index(drop=True)


def check_nominations(nominations: pd.DataFrame, allocation: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
    """nomination: every named seat obeys the regulation in force and the person's own row.

    Regulation 57-QĐ/TW (2022), and 350-QĐ/TW (29/8/2025) which replaced it, admit a cadre to the part-time
    (không tập trung) trung cấp and cao cấp courses only from an age floor (57: trung cấp women 33 / men 35, cao
    cấp women 38 / men 40; 350: trung cấp women 28 / men 30) (DOMAIN.md §3, §6). Each nomination is checked
    against the eligibility table: a part-time course only for a person of at least the floor's age in the course
    year (year − birth_year); a course of the person's own family, in a year within their earliest and deadline
    years, for their own unit; no person named twice; and each demand row's seats all named (no more seats than
    people). Returns violations (rule, subject, detail), empty when every name holds."""
    found: list[tuple[str, str]] = []
    if inputs.cadres is None:
        return pd.DataFrame(found, columns=["subject", "detail"]).assign(rule=NOMINATION_RULE)[
            ["rule", "subject", "detail"]]
    people = inputs.cadres
    rows = nominations.merge(people.drop(columns=["name", "unit_id"]), left_on="cadre_id", right_index=True,
                             how="left", indicator=True)
    for r in rows[rows["_merge"] == "left_only"].itertuples():
        found.append((r.cadre_id, "no such cadre in cadres.csv"))
    rows = rows[rows["_merge"] == "both"].reset_index(drop=True)
    for cadre in nominations.loc[nominations["cadre_id"].duplicated(), "cadre_id"].unique():
        found.append((cadre, "named for more than one seat"))
    course_family = rows["course_id"].map(inputs.courses["family"])
    for r in rows[course_family != rows["family"]].itertuples():
        found.append((r.cadre_id, f"course {r.course_id} is not of the cadre's family {r.family}"))
    home = rows["unit_id"] != rows["cadre_id"].map(people["unit_id"])
    for r in rows[home].itertuples():
        found.append((r.cadre_id, f"named for unit {r.unit_id}, not the cadre's own"))
    span = rows["course_id"].map(inputs.courses["span_years"]).fillna(1)
    late = (rows["year"] < rows["earliest_year"]) | (rows["year"] + span - 1 > rows["deadline_year"])
    for r in rows[late].itertuples():
        found.append((r.cadre_id, f"a course starting {r.year} lies outside {r.earliest_year}–{r.deadline_year}"))
    part = rows["course_id"].map(inputs.courses["mode"]) == "part_time"
    floor = part_time_floor(rows, inputs.eligibility, inputs.regulation, "part_time")
    age = (rows["year"] - rows["birth_year"]).to_numpy(dtype=float)
    young = part.to_numpy() & ~np.isnan(floor) & (age < np.nan_to_num(floor))
    for position in np.flatnonzero(young):
        r = rows.iloc[position]
        detail = (f"aged {int(age[position])} in {r['year']}, below the part-time floor {int(floor[position])} of "
                  f"{inputs.regulation} for {r['family']}")
        found.append((r["cadre_id"], detail))
    seats = allocation.groupby("demand_id")["seats"].sum()
    named = nominations["cadre_id"].map(people["demand_id"]).value_counts()
    unnamed = seats - named.reindex(seats.index, fill_value=0)
    for demand_id, count in unnamed[unnamed > 0].items():
        found.append((demand_id, f"{count} seat(s) of the row name nobody (more seats than people)"))
    return pd.DataFrame(found, columns=["subject", "detail"]).assign(rule=NOMINATION_RULE)[
        ["rule", "subject", "detail"]]
