"""The policy rules of the model, one function each, named as in the checker, the docs and the messages.

Two rules decide which (demand row, year, course) triples may receive seats at all (``timing``,
``full_time_only``): no variable exists for a triple they forbid. The other four return their constraints as a
``Rows`` block: a table of constraints (name, lower, upper bound) and a table of terms (row, variable,
coefficient), built with merges and groupbys only, so building stays linear in the number of candidates and the
model can be handed to any solver.
"""


from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs.dataset import Inputs, unit_in_year
from ..inputs.scenario import Scenario

INF = float("inf")


@dataclass(frozen=True)
class Rows:
    """A block of linear constraints lb ≤ Σ coef·var ≤ ub; ``row`` numbers are local to the block."""

    names: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    row: np.ndarray
    var: np.ndarray
    coef: np.ndarray

    @staticmethod
    def build(bounds: pd.DataFrame, terms: pd.DataFrame, key: list[str]) -> Rows:
        """``bounds``: one row per constraint (key columns, name, lower, upper); ``terms``: key columns, var, coef."""
        bounds = bounds.reset_index(drop=True)
        row_of = bounds[key].assign(row=np.arange(len(bounds)))
        joined = terms.merge(row_of, on=key, how="inner")
        return Rows(bounds["name"].to_numpy(dtype=object), bounds["lower"].to_numpy(float),
                    bounds["upper"].to_numpy(float), joined["row"].to_numpy(np.int64),
                    joined["var"].to_numpy(np.int64), joined["coef"].to_numpy(float))

    def __len__(self) -> int:
        return len(self.names)

    @staticmethod
    def concat(blocks: list[Rows]) -> Rows:
        """One block from several, row numbers shifted so that they stay distinct."""
        offsets = np.cumsum([0] + [len(b) for b in blocks])
        return Rows(np.concatenate([b.names for b in blocks]), np.concatenate([b.lower for b in blocks]),
                    np.concatenate([b.upper for b in blocks]),
                    np.concatenate([b.row + off for b, off in zip(blocks, offsets)]),
                    np.concatenate([b.var for b in blocks]), np.concatenate([b.coef for b in blocks]))


@dataclass(frozen=True)
class Space:
    """What the rules build on: the candidate triples (variable i = candidate i) and the class-count variables."""

    candidates: pd.DataFrame  # index (demand_id, year, course_id); column var
    class_vars: pd.DataFrame  # course_id, year, var, class_size_min, class_size_max, upper
    inputs: Inputs
    scenario: Scenario


# --- eligibility: which triples exist ------------------------------------------------------------------------


def timing(candidates: pd.DataFrame) -> pd.Series:
    """timing: a row gets seats only in years y with earliest_year ≤ y and y + span − 1 ≤ deadline_year.

    span = ceil(duration_months / 12): training must finish by the deadline. Plan 98-KH/TU I.1 (cadres planned
    for the 2025–2030 term); seed 001 (cadres planned for key posts are trained before they take office).
    """
    last_year = candidates["year"] + candidates["span_years"] - 1
    return (candidates["year"] >= candidates["earliest_year"]) & (last_year <= candidates["deadline_year"])


def full_time_only(candidates: pd.DataFrame) -> pd.Series:
    """full_time_only: rows so marked get full-time courses only.

    Seed 001: cadres planned for key posts "nhất thiết phải cử đi đào tạo tập trung"; Regulation 57-QĐ/TW as
    restated by provinces (seed 004): part-time study only above an age floor, so younger cadres study full-time.
    """
    return ~candidates["full_time_only"] | (candidates["mode"] == "full_time")


# --- constraints ---------------------------------------------------------------------------------------------


def cap_links(candidates: pd.DataFrame, caps: pd.DataFrame) -> pd.DataFrame:
    """Pairs (cap_row, var): the candidate's seats count towards that quota line (its course or family, its block)."""
    cand = pd.DataFrame({"year": candidates["year"].to_numpy(), "course_id": candidates["course_id"].to_numpy(),
                         "family": candidates["family"].to_numpy(), "block": candidates["block"].to_numpy(),
                         "var": np.arange(len(candidates))})
    caps = caps.reset_index(drop=True)[["line", "year", "target", "block"]].rename(
        columns={"line": "cap_row", "block": "cap_block"})
    by_course = cand.merge(caps, left_on=["year", "course_id"], right_on=["year", "target"])
    by_family = cand.merge(caps, left_on=["year", "family"], right_on=["year", "target"])
    links = pd.concat([by_course, by_family]).drop_duplicates(["cap_row", "var"])
    links = links[(links["cap_block"] == "all") | (links["cap_block"] == links["block"])]
    return links[["cap_row", "var"]].sort_values(["cap_row", "var"]).reset_index(drop=True)


def quota_exists(candidates: pd.DataFrame, caps: pd.DataFrame) -> np.ndarray:
    """True where some quota line with a seats_max covers the candidate's (year, course, block)."""
    links = cap_links(candidates, caps[caps["seats_max"].notna()])
    covered = np.zeros(len(candidates), dtype=bool)
    covered[links["var"].to_numpy()] = True
    return covered


def _bound(series: pd.Series, missing: float) -> np.ndarray:
    return series.astype(float).fillna(missing).to_numpy()


def seat_cap(space: Space) -> Rows:
    """seat_cap: seats in each (year, target, block) lie within [seats_min, seats_max].

    Plan 98-KH/TU II.1 (political theory), Appendix 1 (degrees, political theory) and Appendix 2 (refresher
    courses). A (year, course, block) that no quota line covers gets no seats (``quota_exists``).
    """
    caps = space.inputs.caps
    caps = caps[caps["year"].isin(space.scenario.years) & (caps["seats_min"].notna() | caps["seats_max"].notna())]
    bounds = pd.DataFrame({
        "cap_row": caps["line"].to_numpy(),
        "name": ("seat_cap[" + caps["target"] + "," + caps["block"] + "," + caps["year"].astype(str) + "]").to_numpy(),
        "lower": _bound(caps["seats_min"], 0.0),
        "upper": _bound(caps["seats_max"], INF),
    })
    terms = cap_links(space.candidates, caps).assign(coef=1.0)
    return Rows.build(bounds, terms, ["cap_row"])


def class_size(space: Space) -> Rows:
    """class_size: where a course has classes, classes_min ≤ classes ≤ classes_max and
    classes·class_size_min ≤ seats ≤ classes·class_size_max in each year.

    Plan 98-KH/TU II.1 (5 intermediate classes a year, 2 of them full-time), II.4 and II.6 (classes of the refresher
    courses), Appendix 2 footnote 6 (10–15 classes of 70–80 a year).
    """
    grid = space.class_vars
    cand = space.candidates
    seats = pd.DataFrame({"course_id": cand["course_id"].to_numpy(), "year": cand["year"].to_numpy(),
                          "var": np.arange(len(cand)), "coef": 1.0})
    sides = []
    for side, size_column, lower, upper in (("min", "class_size_min", 0.0, INF), ("max", "class_size_max", -INF, 0.0)):
        bounds = grid[["course_id", "year"]].assign(
            side=side, lower=lower, upper=upper,
            name="class_size[" + grid["course_id"] + "," + grid["year"].astype(str) + "]")
        per_class = grid.assign(side=side, coef=-grid[size_column].astype(float))[["course_id", "year", "side", "var",
                                                                                     "coef"]]
        sides.append((bounds, pd.concat([seats.assign(side=side), per_class])))

    caps = space.inputs.caps
    caps = caps[caps["year"].isin(space.scenario.years) & (caps["classes_min"].notna() | caps["classes_max"].notna())]
    courses = space.inputs.courses.reset_index()[["course_id", "family"]]
    by_course = caps.merge(courses, left_on="target", right_on="course_id")
    by_family = caps.merge(courses, left_on="target", right_on="family")
    chosen = pd.concat([by_course, by_family]).drop_duplicates(["line", "course_id"])
    class_terms = chosen.merge(grid[["course_id", "year", "var"]], on=["course_id", "year"])
    caps_bounds = pd.DataFrame({
        "course_id": caps["line"].astype(str).to_numpy(), "year": caps["year"].to_numpy(), "side": "classes",
        "lower": _bound(caps["classes_min"], 0.0), "upper": _bound(caps["classes_max"], INF),
        "name": ("class_size[" + caps["target"] + "," + caps["year"].astype(str) + "]").to_numpy()})
    caps_terms = pd.DataFrame({"course_id": class_terms["line"].astype(str).to_numpy(),
                               "year": class_terms["year"].to_numpy(), "side": "classes",
                               "var": class_terms["var"].to_numpy(), "coef": 1.0})
    sides.append((caps_bounds, caps_terms))
    bounds = pd.concat([b for b, _ in sides], ignore_index=True)
    terms = pd.concat([t for _, t in sides], ignore_index=True)
    bounds["course_id"] = bounds["course_id"].astype(str)
    terms["course_id"] = terms["course_id"].astype(str)
    return Rows.build(bounds, terms, ["course_id", "year", "side"])


def demand_limit(space: Space) -> Rows:
    """demand_limit: a demand row gets at most `count` seats over the horizon.

    Plan 98-KH/TU IV.1: units propose candidates from their planning lists; seats beyond a unit's list are unusable.
    """
    cand = space.candidates
    terms = pd.DataFrame({"demand_id": cand["demand_id"].to_numpy(), "var": np.arange(len(cand)), "coef": 1.0})
    per_row = terms.groupby("demand_id").size()
    # A row with a single candidate is already bounded by its variable's upper bound.
    several = per_row.index[per_row.to_numpy() > 1]
    counts = space.inputs.demand["count"].reindex(several).astype(float).to_numpy()
    bounds = pd.DataFrame({"demand_id": several, "name": "demand_limit[" + several + "]", "lower": -INF,
                           "upper": counts})
    return Rows.build(bounds, terms, ["demand_id"])


def in_progress(candidates: pd.DataFrame, years: tuple[int, ...]) -> pd.DataFrame:
    """Full-time candidates repeated for every plan year their course keeps the cadre away: (var, unit_id, year).

    The unit is the one the cadre belongs to in that year (a merged or split unit's rows change hands).
    """
    full_time = np.flatnonzero(candidates["mode"].to_numpy() == "full_time")
    spans = candidates["span_years"].to_numpy()[full_time].astype(int)
    repeated = np.repeat(full_time, spans)
    offsets = np.arange(len(repeated)) - np.repeat(np.cumsum(spans) - spans, spans)
    busy_year = candidates["year"].to_numpy()[repeated] + offsets
    owner = unit_in_year(candidates["unit_id"].to_numpy()[repeated], candidates["former_unit"].to_numpy()[repeated],
                         candidates["change_year"].to_numpy()[repeated], busy_year)
    frame = pd.DataFrame({"var": repeated, "unit_id": owner, "year": busy_year})
    return frame[frame["year"].isin(years)]


def release_limit(space: Space) -> Rows:
    """release_limit: per unit and year, full-time seats in progress ≤ the limit for the unit's kind.

    DOMAIN.md §3 operational limits (assumed; a setting of the scenario): a unit cannot release too many of its
    cadres to full-time study in the same year.
    """
    busy = in_progress(space.candidates, space.scenario.years).assign(coef=1.0)
    keys = busy[["unit_id", "year"]].drop_duplicates().sort_values(["unit_id", "year"])
    kinds = keys["unit_id"].map(space.inputs.units["kind"])
    bounds = keys.assign(name="release_limit[" + keys["unit_id"] + "," + keys["year"].astype(str) + "]",
                         lower=-INF, upper=kinds.map(space.scenario.release_limits).astype(float))
    return Rows.build(bounds, busy, ["unit_id", "year"])


def frozen_years(space: Space) -> Rows:
    """frozen_years: in a frozen year every (demand row, course) gets exactly the seats of the actuals table.

    Plan 98-KH/TU V (yearly review and adjustment of the plan): when the plan is revised mid-period, the years
    already trained are facts, not choices. An actual that the other rules forbid outright becomes a row without
    variables, which ``solve`` reports as a conflict before solving.
    """
    frozen = space.inputs.frozen_years
    key = ["demand_id", "year", "course_id"]
    if not frozen:
        return Rows.build(pd.DataFrame(columns=[*key, "name", "lower", "upper"]),
                          pd.DataFrame(columns=[*key, "var", "coef"]), key)
    cand = space.candidates
    in_frozen = np.flatnonzero(cand["year"].isin(frozen).to_numpy())
    terms = cand.iloc[in_frozen][key].reset_index(drop=True).assign(var=in_frozen, coef=1.0)
    actual = space.inputs.actuals[key + ["seats"]]
    bounds = terms[key].merge(actual, on=key, how="outer").fillna({"seats": 0})
    bounds = bounds.sort_values(key).reset_index(drop=True)
    bounds["name"] = ("frozen_years[" + bounds["demand_id"] + "," + bounds["year"].astype(int).astype(str) + ","
                      + bounds["course_id"] + "]")
    bounds["lower"] = bounds["upper"] = bounds["seats"].astype(float)
    return Rows.build(bounds, terms, key)


CONSTRAINT_RULES = (seat_cap, class_size, demand_limit, release_limit, frozen_years)
