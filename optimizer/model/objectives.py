"""The lexicographic objective: stages solved in order, each fixed at its optimum before the next.

1. coverage[tier], tiers in rank order: maximise the seats given to the tier (the most urgent first).
2. fairness[tier], tiers in rank order: maximise Σ over families of z(family, tier), where z is the largest whole
   per-mille share that every unit with demand in that family and tier receives (shortage shared evenly).
   reference (only when the scenario names a previous plan): minimise the seats moved, Σ |x − r|, so that a
   re-plan keeps every unit's seats where the stages above allow. It is the last stage that expresses policy;
   the ones below only break ties.
3. early_training: minimise Σ seats × (year − first year): among equally good plans, train cadres sooner.
4. canonical: minimise Σ seats × w(row, year, course), with w a fixed pseudo-random weight in [1, 2^16] per
   triple. It decides between plans that are equal on every stage above, so that the optimum is one plan, not
   whichever the solver meets first, and identical files come out of every run.
5. fewest_classes: minimise the number of classes opened. Once the seats are settled, each course and year needs
   a smallest number of classes that seats its students; overlapping class-size ranges (45 seats fit 1 or 2
   classes of 20–50) would otherwise leave the count to chance.

Each stage's value can be recomputed from an allocation table alone by ``stage_value`` (used by the checker).
"""


from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

PER_MILLE = 1000
CANONICAL_RANGE = 2**16


@dataclass(frozen=True)
class StageSpec:
    name: str  # e.g. "coverage[serving]"
    kind: str  # coverage | fairness | early_training | canonical
    tier: str | None
    maximise: bool


def stage_specs(tiers_by_rank: list[str], reference: bool = False) -> list[StageSpec]:
    stages = [StageSpec(f"coverage[{t}]", "coverage", t, True) for t in tiers_by_rank]
    stages += [StageSpec(f"fairness[{t}]", "fairness", t, True) for t in tiers_by_rank]
    if reference:
        stages.append(StageSpec("reference", "reference", None, False))
    stages += [StageSpec("early_training", "early_training", None, False),
               StageSpec("canonical", "canonical", None, False),
               StageSpec("fewest_classes", "fewest_classes", None, False)]
    return stages


def canonical_weights(demand_ids, years, course_ids) -> np.ndarray:
    """w(row, year, course) in [1, 2^16], from SHA-256 of the triple: fixed forever, machine-independent."""
    out = np.empty(len(demand_ids), dtype=np.int64)
    for i, key in enumerate(zip(demand_ids, years, course_ids)):
        digest = hashlib.sha256(f"{key[0]}|{int(key[1])}|{key[2]}".encode()).digest()
        out[i] = 1 + int.from_bytes(digest[:4], "big") % CANONICAL_RANGE
    return out


def unit_demand(demand: pd.DataFrame, tier: str) -> pd.Series:
    """Demand per (unit_id, family) for one tier, over units with positive demand."""
    rows = demand[(demand["tier"] == tier) & (demand["count"] > 0)]
    return rows.groupby(["unit_id", "family"])["count"].sum().astype(int)


def fairness_levels(allocated: pd.Series, demand: pd.Series) -> pd.Series:
    """z(family) = min over units of floor(1000 · allocated / demand): the share every unit is sure to get."""
    allocated = allocated.reindex(demand.index, fill_value=0)
    per_unit = (PER_MILLE * allocated.to_numpy()) // demand.to_numpy()
    return pd.Series(per_unit, index=demand.index).groupby(level="family").min()


def seats_moved(allocation: pd.DataFrame, reference: pd.DataFrame) -> int:
    """Σ |seats − reference seats| over every (demand_id, year, course_id) either plan names."""
    key = ["demand_id", "year", "course_id"]
    both = allocation[key + ["seats"]].merge(reference[key + ["seats"]], on=key, how="outer",
                                             suffixes=("", "_reference")).fillna(0)
    return int((both["seats"] - both["seats_reference"]).abs().sum())


def stage_value(spec: StageSpec, allocation: pd.DataFrame, demand: pd.DataFrame, first_year: int,
                classes: pd.DataFrame | None = None, reference: pd.DataFrame | None = None) -> int:
    """Recompute a stage's value from an allocation (demand_id, year, course_id, seats), the demand table, the
    class counts (course_id, year, classes) and, for the reference stage, the reference plan."""
    if spec.kind == "fewest_classes":
        return 0 if classes is None or classes.empty else int(classes["classes"].sum())
    if spec.kind == "reference":
        return seats_moved(allocation, reference)
    rows = allocation.merge(demand[["unit_id", "family", "tier"]], left_on="demand_id", right_index=True)
    if spec.kind == "coverage":
        return int(rows.loc[rows["tier"] == spec.tier, "seats"].sum())
    if spec.kind == "fairness":
        need = unit_demand(demand, spec.tier)
        got = rows[rows["tier"] == spec.tier].groupby(["unit_id", "family"])["seats"].sum()
        return int(fairness_levels(got, need).sum()) if len(need) else 0
    if spec.kind == "early_training":
        return int(((rows["year"] - first_year) * rows["seats"]).sum())
    weights = canonical_weights(rows["demand_id"].to_numpy(), rows["year"].to_numpy(), rows["course_id"].to_numpy())
    return int((weights * rows["seats"].to_numpy()).sum())
