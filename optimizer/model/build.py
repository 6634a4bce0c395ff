"""Build the integer program from validated inputs and a scenario, as solver-neutral tables.

Decision: x[demand_id, year, course_id] = whole seats given to a demand row in a course starting that year.
Candidates (the triples that may get seats) are prepared with pandas first, through every rule's eligibility
filter; each rule with constraint rows then returns its block of rows (both from ``rules.BUILDING``); the stages
are objective vectors over the same variables. ``staged.py`` hands the result to a solver. See
docs/MODEL.md for the mathematics.
"""


from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..inputs.dataset import Inputs
from ..inputs.scenario import Scenario
from . import rules
from .objectives import (
    PER_MILLE,
    StageSpec,
    canonical_weights,
    stage_specs,
    unit_demand,
)
from .registry import INF, Rows, Space

INDEX = ["demand_id", "year", "course_id"]


@dataclass(frozen=True)
class LinearModel:
    candidates: pd.DataFrame  # variable i = candidate i
    class_vars: pd.DataFrame  # course_id, year, var
    variables: pd.DataFrame  # name, lower, upper (all integer)
    rows: Rows  # every constraint, row numbers global
    stages: tuple[tuple[StageSpec, pd.DataFrame], ...]  # objective as (var, coef)
    blocks: tuple[tuple[str, int, int], ...] = ()  # (rule, first row, number of rows) of each rule's block


def candidate_table(inputs: Inputs, scenario: Scenario) -> pd.DataFrame:
    """Every (demand row asking for seats, year, course of its family) that every eligibility filter keeps."""
    demand = inputs.demand[inputs.demand["count"] > 0].reset_index()
    courses = inputs.courses.reset_index()[["course_id", "family", "mode", "span_years"]]
    cand = demand.merge(courses, on="family").merge(pd.DataFrame({"year": list(scenario.years)}), how="cross")
    cand = cand[rules.eligible(cand, inputs, scenario)]
    cand = cand.sort_values(INDEX).reset_index(drop=True)
    cand.index = pd.MultiIndex.from_frame(cand[INDEX])
    return cand[INDEX + ["unit_id", "family", "tier", "block", "mode", "span_years", "count", "earliest_year",
                         "deadline_year", "full_time_only", "former_unit", "change_year"]]


def _class_grid(inputs: Inputs, scenario: Scenario, cand: pd.DataFrame, first_var: int) -> pd.DataFrame:
    courses = inputs.courses[inputs.courses["class_size_max"].notna()]
    grid = pd.MultiIndex.from_product([courses.index, list(scenario.years)], names=["course_id", "year"]).to_frame(
        index=False)
    eligible = cand.reset_index(drop=True).groupby(["course_id", "year"])["count"].sum()
    grid["class_size_min"] = grid["course_id"].map(courses["class_size_min"]).astype(int)
    grid["class_size_max"] = grid["course_id"].map(courses["class_size_max"]).astype(int)
    total = pd.MultiIndex.from_frame(grid[["course_id", "year"]]).map(lambda key: eligible.get(key, 0))
    # More classes than the eligible cadres could fill at the minimum size can never open.
    grid["upper"] = np.asarray(total, dtype=int) // grid["class_size_min"]
    grid["var"] = first_var + np.arange(len(grid))
    return grid


def build_model(inputs: Inputs, scenario: Scenario) -> LinearModel:
    cand = candidate_table(inputs, scenario)
    n = len(cand)
    class_vars = _class_grid(inputs, scenario, cand, first_var=n)
    space = Space(candidates=cand, class_vars=class_vars, inputs=inputs, scenario=scenario)
    built = [rule for rule in rules.Rule if rules.BUILDING[rule].rows is not None]
    blocks = [rules.BUILDING[rule].rows(space) for rule in built]

    tiers = list(inputs.tiers.index)
    z_vars, fairness_blocks, objectives = [], [], {}
    next_var = n + len(class_vars)
    for tier in tiers:
        rows, z = _fairness_rows(space, tier, next_var)
        fairness_blocks.append(rows)
        z_vars.append(z)
        next_var += len(z)
        objectives[f"fairness[{tier}]"] = pd.DataFrame({"var": z["var"], "coef": 1.0})
    for tier in tiers:
        chosen = np.flatnonzero(cand["tier"].to_numpy() == tier)
        objectives[f"coverage[{tier}]"] = pd.DataFrame({"var": chosen, "coef": 1.0})
    offsets = (cand["year"] - scenario.years[0]).to_numpy()
    objectives["early_training"] = pd.DataFrame({"var": np.flatnonzero(offsets > 0),
                                                 "coef": offsets[offsets > 0].astype(float)})
    weights = canonical_weights(cand["demand_id"].to_numpy(), cand["year"].to_numpy(), cand["course_id"].to_numpy())
    objectives["canonical"] = pd.DataFrame({"var": np.arange(n), "coef": weights.astype(float)})
    objectives["fewest_classes"] = pd.DataFrame({"var": class_vars["var"].to_numpy(), "coef": 1.0})

    z_all = pd.concat(z_vars, ignore_index=True) if z_vars else pd.DataFrame(columns=["name", "var"])
    variables = pd.concat([
        pd.DataFrame({"name": ["x[" + "|".join(map(str, k)) + "]" for k in cand.index], "lower": 0.0,
                      "upper": cand["count"].astype(float).to_numpy()}),
        pd.DataFrame({"name": "classes[" + class_vars["course_id"] + "," + class_vars["year"].astype(str) + "]",
                      "lower": 0.0, "upper": class_vars["upper"].astype(float)}),
        pd.DataFrame({"name": z_all["name"], "lower": 0.0, "upper": float(PER_MILLE)}),
    ], ignore_index=True)
    has_reference = inputs.reference is not None
    if has_reference:
        distance_vars, distance_rows, objectives["reference"] = _reference_distance(cand, inputs.reference,
                                                                                    len(variables))
        variables = pd.concat([variables, distance_vars], ignore_index=True)
        fairness_blocks.append(distance_rows)
    stages = tuple((spec, objectives[spec.name]) for spec in stage_specs(tiers, reference=has_reference))
    starts = np.cumsum([0] + [len(block) for block in blocks])
    return LinearModel(candidates=cand, class_vars=class_vars, variables=variables,
                       rows=Rows.concat(blocks + fairness_blocks), stages=stages,
                       blocks=tuple((rule.value, int(start), len(block)) for rule, start, block in
                                    zip(built, starts, blocks)))


def with_quota_lines(model: LinearModel, base: Inputs, inputs: Inputs, scenario: Scenario) -> LinearModel | None:
    """``model`` (built from ``base``) as ``build_model(inputs, scenario)`` would build it, where ``inputs`` differ
    from ``base`` only in the numbers of quota lines: the quota rules' bounds are recomputed, nothing else.

    ``None`` when the difference is more than that (a line added or removed, a limit set where there was none, or
    any other table changed), so that the caller builds the whole model instead. A line's seats_max being set or
    not decides which candidates exist (``rules.quota_exists``); its value and the other limits only bound rows.
    """
    limits = ["seats_min", "seats_max", "classes_min", "classes_max"]
    old, new = base.caps, inputs.caps
    key = ["year", "target", "block"]
    same_shape = (old.index.equals(new.index) and old[key].equals(new[key])
                  and old[limits].isna().equals(new[limits].isna()))
    others = all(getattr(base, name) is getattr(inputs, name) for name in
                 ("units", "courses", "families", "tiers", "demand", "actuals", "reference", "pins"))
    if not (same_shape and others and base.fixed_years == inputs.fixed_years):
        return None
    space = Space(candidates=model.candidates, class_vars=model.class_vars, inputs=inputs, scenario=scenario)
    lower, upper = model.rows.lower.copy(), model.rows.upper.copy()
    block_of = {rule: (start, count) for rule, start, count in model.blocks}
    for rule, bounds_of in rules.QUOTA_BOUNDS.items():
        start, count = block_of[rule.value]
        bounds = bounds_of(space)
        if len(bounds) != count:
            return None
        lower[start:start + count] = bounds["lower"].to_numpy(float)
        upper[start:start + count] = bounds["upper"].to_numpy(float)
    return replace(model, rows=replace(model.rows, lower=lower, upper=upper))


def _reference_distance(cand: pd.DataFrame, reference: pd.DataFrame,
                        first_var: int) -> tuple[pd.DataFrame, Rows, pd.DataFrame]:
    """Σ |x − r| over every (row, year, course): seats moved away from the reference plan r.

    Where r = 0 the distance is x itself. Where r > 0 a variable d ≥ |x − r| (two rows) stands for it. Reference
    seats this scenario cannot give at all (no candidate) are moved whatever happens: a constant, carried by
    one variable fixed at that value so that the stage value is the whole distance.
    """
    key = ["demand_id", "year", "course_id"]
    r = pd.Series(0.0, index=cand.index)
    ref = reference.set_index(key)["seats"].astype(float)
    matched = ref.index.intersection(cand.index)
    r.loc[matched] = ref.loc[matched]
    positive = np.flatnonzero(r.to_numpy() > 0)
    d_vars = first_var + np.arange(len(positive))
    unreachable = float(ref.drop(matched).sum())
    constant_var = first_var + len(positive)
    variables = pd.DataFrame({
        "name": [f"moved[{k}]" for k in positive.tolist()] + ["moved_unreachable"],
        "lower": np.r_[np.zeros(len(positive)), unreachable],
        "upper": np.r_[np.maximum(cand["count"].to_numpy(float)[positive], r.to_numpy()[positive]), unreachable]})
    r_pos = r.to_numpy()[positive]
    names = np.array([f"reference[{'|'.join(map(str, cand.index[k]))}]" for k in positive], dtype=object)
    n = len(positive)
    local = np.arange(n)
    rows = Rows(np.r_[names, names], np.r_[-r_pos, r_pos], np.full(2 * n, INF),
                np.r_[local, local, n + local, n + local], np.r_[d_vars, positive, d_vars, positive],
                np.r_[np.ones(n), -np.ones(n), np.ones(n), np.ones(n)])
    zero = np.flatnonzero(r.to_numpy() == 0)
    objective = pd.DataFrame({"var": np.r_[zero, d_vars, constant_var], "coef": 1.0})
    return variables, rows, objective


def _fairness_rows(space: Space, tier: str, first_var: int) -> tuple[Rows, pd.DataFrame]:
    """1000 · allocated(unit, family, tier) ≥ z(family, tier) · demand(unit, family, tier), for every unit."""
    need = unit_demand(space.inputs.demand, tier).rename("need").reset_index()
    families = np.sort(need["family"].unique())
    z = pd.DataFrame({"family": families, "var": first_var + np.arange(len(families)),
                      "name": [f"fairness_level[{f},{tier}]" for f in families]})
    bounds = need.assign(name="fairness[" + tier + "][" + need["unit_id"] + "," + need["family"] + "]",
                         lower=0.0, upper=INF)
    cand = space.candidates
    in_tier = np.flatnonzero(cand["tier"].to_numpy() == tier)
    seats = pd.DataFrame({"unit_id": cand["unit_id"].to_numpy()[in_tier], "family": cand["family"].to_numpy()[in_tier],
                          "var": in_tier, "coef": float(PER_MILLE)})
    levels = need.merge(z, on="family")[["unit_id", "family", "var", "need"]]
    levels = levels.assign(coef=-levels["need"].astype(float)).drop(columns="need")
    return Rows.build(bounds, pd.concat([seats, levels], ignore_index=True), ["unit_id", "family"]), z
