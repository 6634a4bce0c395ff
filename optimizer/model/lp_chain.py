"""The LP chain: every stage of one independent part solved as a linear program on one in-place HiGHS model.

Why it is exact (docs/MODEL.md, "The fast route"):

* A stage's LP relaxation bounds its integer optimum. When the LP's vertex, rounded (seats) and completed (the
  derived columns: classes, fairness levels, seats moved), is a whole-number plan that meets every row and reaches
  the bound, it is an optimal plan, proven. Otherwise the stage falls back to the integer program (MathOpt/HiGHS)
  on the same bounds and rows, so nothing rests on the relaxation being tight.
* A stage proven at the LP's own value is fixed by complementary slackness: a column with a nonzero reduced cost
  is fixed where it sits, a row with a nonzero dual is fixed at its active side. With any optimal dual, those
  conditions describe exactly the LP's optimal face, whose whole-number points are the stage's optimal plans.
  The model stays sparse (no dense objective row) and the next LP starts from this one's basis. A stage proven
  otherwise is fixed as before, by a row ``value ≥ optimum`` (or ``≤``).
* Fairness is searched instead of relaxed: the level z of a family and tier matters only through the whole-seat
  thresholds ``seats(unit) ≥ ceil(z · demand(unit) / 1000)``. Each family's largest feasible z is found by
  bisection over 0…1000 with feasibility checks; when the largest levels of all the part's families hold together
  they are the stage's unique optimum, and the stage is fixed as those thresholds (the same plans as
  ``Σ z ≥ optimum``, since no family can exceed its own largest level). Two families that compete are settled by
  walking the corners of their staircase of levels (``_two_families``).

After every stage the values of the stages before are recomputed from the plan; a difference would be a defect of
the fixing, and re-fixes every stage by its objective row before the stage is solved again.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from collections.abc import Callable

import highspy
import numpy as np
import pandas as pd

from ..background import call_interruptibly
from ..inputs.scenario import SolverSettings
from .plan import StageResult
from .rules import Rows
from .solver import MathOptSolver, StageSolution, row_major_terms

SEAT_PREFIX = "x["
INTEGRAL = 1e-6  # a column value this close to a whole number is that number
DUAL_ZERO = 1e-7  # HiGHS' dual feasibility tolerance: smaller reduced costs and duals are zero
PER_MILLE = 1000
INF = highspy.kHighsInf
NO_OBJECTIVE = pd.DataFrame({"var": [0], "coef": [0.0]})  # a feasibility check
IPM_COLUMNS = 20_000  # from this many columns, a stage's LP starts by the interior point method


class LpInfeasible(Exception):
    """The stage's LP relaxation has no solution, so neither has its integer program."""


class LpTimeLimit(Exception):
    """The time limit ended a stage before any plan was found."""


@dataclass
class _Part:
    """One part's model as solved so far: the HiGHS model and a copy of its bounds and matrix in numpy."""

    highs: highspy.Highs
    names: np.ndarray  # column names
    seat: np.ndarray  # bool per column: a seat variable (the others are derived from seats)
    col_lo: np.ndarray
    col_hi: np.ndarray
    row_names: list
    row_lo: np.ndarray
    row_hi: np.ndarray
    row: np.ndarray
    var: np.ndarray
    coef: np.ndarray
    settings: SolverSettings
    lp_solves: int = 0
    mip_solves: int = 0

    def add_row(self, name: str, lower: float, upper: float, var: np.ndarray, coef: np.ndarray) -> None:
        self.highs.addRow(lower, upper, len(var), var.astype(np.int32), coef.astype(float))
        index = len(self.row_lo)
        self.row_names.append(name)
        self.row_lo = np.r_[self.row_lo, lower]
        self.row_hi = np.r_[self.row_hi, upper]
        self.row = np.r_[self.row, np.full(len(var), index)]
        self.var = np.r_[self.var, var]
        self.coef = np.r_[self.coef, coef]

    def set_col_bounds(self, cols: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        if len(cols):
            self.col_lo[cols], self.col_hi[cols] = lo, hi
            self.highs.changeColsBounds(len(cols), cols.astype(np.int32), self.col_lo[cols], self.col_hi[cols])

    def set_row_bounds(self, rows: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        if len(rows):
            self.row_lo[rows], self.row_hi[rows] = lo, hi
            self.highs.changeRowsBounds(len(rows), rows.astype(np.int32), self.row_lo[rows], self.row_hi[rows])

    def activity(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.row, weights=self.coef * values[self.var], minlength=len(self.row_lo))

    def holds(self, values: np.ndarray) -> bool:
        """Every bound and row met by a whole-number plan (the data are whole numbers, so exactly)."""
        act = self.activity(values)
        return bool(np.all(values >= self.col_lo - INTEGRAL) and np.all(values <= self.col_hi + INTEGRAL)
                    and np.all(act >= self.row_lo - INTEGRAL) and np.all(act <= self.row_hi + INTEGRAL))

    def as_tables(self, variables: pd.DataFrame) -> tuple[pd.DataFrame, Rows]:
        """The model with today's bounds, for the integer program of a fallback."""
        return (variables.assign(lower=self.col_lo, upper=self.col_hi),
                Rows(np.array(self.row_names, dtype=object), self.row_lo.copy(), self.row_hi.copy(), self.row,
                     self.var, self.coef))


def _silent_highs() -> highspy.Highs:
    """A HiGHS model that prints nothing. The Python wrapper prints HiGHS' banner to the process's standard output
    as it is built, before any option can be set, so that moment goes to the null device."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            highs = highspy.Highs()
            highs.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return highs


def _new_part(variables: pd.DataFrame, rows: Rows, settings: SolverSettings, fairness_columns: np.ndarray) -> _Part:
    row, var, coef = row_major_terms(rows)
    n, m = len(variables), len(rows)
    col_lo = variables["lower"].to_numpy(float).copy()
    col_hi = variables["upper"].to_numpy(float).copy()
    col_hi[fairness_columns] = 0.0  # levels enter as thresholds on the rows (module docstring)
    highs = _silent_highs()
    highs.setOptionValue("random_seed", int(settings.seed))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_, lp.col_upper_ = col_lo, np.minimum(col_hi, INF)
    lp.row_lower_ = np.maximum(rows.lower.astype(float), -INF)
    lp.row_upper_ = np.minimum(rows.upper.astype(float), INF)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
    lp.a_matrix_.start_ = np.r_[0, np.cumsum(np.bincount(row, minlength=m))].astype(np.int32)
    lp.a_matrix_.index_ = var.astype(np.int32)
    lp.a_matrix_.value_ = coef
    highs.passModel(lp)
    names = variables["name"].to_numpy(dtype=object).astype(str)
    return _Part(highs, names, np.char.startswith(names, SEAT_PREFIX), col_lo, col_hi, list(rows.names),
                 rows.lower.astype(float).copy(), rows.upper.astype(float).copy(), row, var, coef, settings)


def _costs(part: _Part, objective: pd.DataFrame) -> np.ndarray:
    costs = np.zeros(len(part.col_lo))
    np.add.at(costs, objective["var"].to_numpy(np.int64), objective["coef"].to_numpy(float))
    return costs


def _run_lp(part: _Part, costs: np.ndarray, maximise: bool, seconds: float,
            new_objective: bool = False) -> highspy.HighsModelStatus:
    highs = part.highs
    # After a new objective the last basis is far from optimal: interior point with crossover (a vertex, for the
    # duals) beats the simplex method at scale. After bound changes the dual simplex method restarts from the basis.
    highs.setOptionValue("solver", "ipm" if new_objective and len(costs) >= IPM_COLUMNS else "simplex")
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize)
    n = len(costs)
    highs.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
    highs.setOptionValue("time_limit", max(0.5, float(seconds)))
    part.lp_solves += 1
    # HiGHS stops only through a Python callback polled during the solve, which would slow every LP; an interrupt
    # leaves the solve's thread behind instead, as with MathOpt (background.py).
    call_interruptibly(highs.run)
    return highs.getModelStatus()


def _completed(part: _Part, lp_values: np.ndarray, costs: np.ndarray, maximise: bool) -> np.ndarray | None:
    """The LP's vertex as a whole-number plan, or None: seats must already be whole; every derived column (classes,
    fairness levels, seats moved) takes a whole value its rows allow, the best one for the objective, and the
    plan must meet every row."""
    values = np.rint(lp_values)
    if np.any(np.abs(lp_values[part.seat] - values[part.seat]) > INTEGRAL):
        return None
    derived = ~part.seat
    if not derived.any():
        return values if part.holds(values) else None
    # Each derived column is bounded by the rows in which it is the only derived term, the seats being fixed.
    lo, hi = part.col_lo.copy(), part.col_hi.copy()
    is_derived_term = derived[part.var]
    per_row = np.bincount(part.row[is_derived_term], minlength=len(part.row_lo))
    seat_act = np.bincount(part.row[~is_derived_term], weights=part.coef[~is_derived_term] * values[
        part.var[~is_derived_term]], minlength=len(part.row_lo))
    single = is_derived_term & (per_row[part.row] == 1)
    r, j, a = part.row[single], part.var[single], part.coef[single]
    low_q = (part.row_lo[r] - seat_act[r]) / a
    high_q = (part.row_hi[r] - seat_act[r]) / a
    col_min = np.where(a > 0, low_q, high_q)
    col_max = np.where(a > 0, high_q, low_q)
    with np.errstate(invalid="ignore"):
        np.maximum.at(lo, j, np.ceil(np.nan_to_num(col_min, nan=-np.inf, neginf=-np.inf) - INTEGRAL))
        np.minimum.at(hi, j, np.floor(np.nan_to_num(col_max, nan=np.inf, posinf=np.inf) + INTEGRAL))
    if np.any(lo[derived] > hi[derived]):
        return None
    wants_high = (costs > 0) == maximise
    best = np.where(wants_high, hi, lo)
    in_objective = costs != 0
    for choice in (np.clip(values, lo, hi), hi, lo):
        trial = values.copy()
        trial[derived] = np.where(in_objective, best, choice)[derived]
        if np.all(np.isfinite(trial)) and part.holds(trial):
            return trial
    return None


def _fix_by_slackness(part: _Part, plan: np.ndarray) -> bool:
    """Fix the LP's optimal face (module docstring); False, changing nothing, when the duals do not say it
    cleanly (a column with a reduced cost away from its bounds), so that the caller fixes the stage by a row."""
    solution = part.highs.getSolution()
    col_dual = np.asarray(solution.col_dual)
    row_dual = np.asarray(solution.row_dual)
    cols = np.flatnonzero(np.abs(col_dual) > DUAL_ZERO)
    at_lo = np.abs(plan[cols] - part.col_lo[cols]) <= INTEGRAL
    at_hi = np.abs(plan[cols] - part.col_hi[cols]) <= INTEGRAL
    if not np.all(at_lo | at_hi):
        return False
    rows = np.flatnonzero(np.abs(row_dual[: len(part.row_lo)]) > DUAL_ZERO)
    act = part.activity(plan)[rows]
    row_at_lo = np.abs(act - part.row_lo[rows]) <= INTEGRAL
    row_at_hi = np.abs(act - part.row_hi[rows]) <= INTEGRAL
    if not np.all(row_at_lo | row_at_hi):
        return False
    part.set_col_bounds(cols, plan[cols], plan[cols])
    level = np.where(row_at_lo, part.row_lo[rows], part.row_hi[rows])
    part.set_row_bounds(rows, level, level)
    return True


def _fix_by_row(part: _Part, name: str, objective: pd.DataFrame, maximise: bool, value: int) -> None:
    coefs = objective.groupby("var", sort=True)["coef"].sum()
    var, coef = coefs.index.to_numpy(np.int64), coefs.to_numpy(float)
    part.add_row(f"stage[{name}]", float(value) if maximise else -INF, INF if maximise else float(value), var, coef)


def _integer_program(part: _Part, variables: pd.DataFrame, objective: pd.DataFrame, maximise: bool,
                     hint: np.ndarray | None, seconds: float) -> StageSolution:
    part.mip_solves += 1
    now_variables, now_rows = part.as_tables(variables)
    return MathOptSolver(part.settings).solve_stage(now_variables, now_rows, objective, maximise, hint, seconds)


def _near_vertex(part: _Part, variables: pd.DataFrame, lp_values: np.ndarray, objective: pd.DataFrame,
                 maximise: bool, seconds: float) -> np.ndarray | None:
    """A whole plan found by the integer program near the LP's vertex, or None: every seat column keeps its whole
    LP value except the fractional ones and those sharing a row with a fractional column (a class count that no
    whole number fits counts as fractional). It is a search, not a proof: the caller accepts its plan as optimal
    only at the LP's bound, and runs the full integer program otherwise."""
    rounded = np.rint(lp_values)
    fractional = np.abs(lp_values - rounded) > INTEGRAL
    if not fractional.any():
        return None
    free = fractional | ~part.seat
    free[part.var[np.isin(part.row, np.unique(part.row[fractional[part.var]]))]] = True
    part.mip_solves += 1
    now_variables, now_rows = part.as_tables(variables)
    now_variables = now_variables.assign(lower=np.where(free, part.col_lo, rounded),
                                         upper=np.where(free, part.col_hi, rounded))
    found = MathOptSolver(part.settings).solve_stage(now_variables, now_rows, objective, maximise, None, seconds)
    return found.values


@dataclass(frozen=True)
class _Solved:
    plan: np.ndarray
    value: int
    bound: float
    optimal: bool
    by_thresholds: bool = False  # a fairness stage fixed as thresholds: its level columns stay 0


def _value(plan: np.ndarray, costs: np.ndarray) -> int:
    return int(round(float(np.dot(plan, costs))))


def _solve_stage(part: _Part, variables: pd.DataFrame, name: str, objective: pd.DataFrame, maximise: bool,
                 previous: np.ndarray | None, seconds: float, hint: np.ndarray | None = None) -> _Solved:
    """One stage: the LP, then a whole plan at its bound if one is at hand (the completed vertex, the last stage's
    plan, the caller's ``hint``, a search near the vertex), else the integer program."""
    costs = _costs(part, objective)
    status = _run_lp(part, costs, maximise, seconds, True)
    plan = None
    if status == highspy.HighsModelStatus.kOptimal:
        lp_values = np.asarray(part.highs.getSolution().col_value)
        bound = part.highs.getInfo().objective_function_value
        whole_bound = np.floor(bound + INTEGRAL) if maximise else np.ceil(bound - INTEGRAL)
        plan = _completed(part, lp_values, costs, maximise)
        if plan is None:
            # A known whole plan that meets every row and reaches the LP's bound is optimal, whatever found it.
            plan = next((known for known in (previous, hint) if known is not None and part.holds(known)
                         and _value(known, costs) == whole_bound), None)
        if plan is None:
            plan = _near_vertex(part, variables, lp_values, objective, maximise, seconds)
        if plan is not None and _value(plan, costs) == whole_bound:
            value = _value(plan, costs)
            if abs(bound - value) > INTEGRAL or not _fix_by_slackness(part, plan):
                _fix_by_row(part, name, objective, maximise, value)
            return _Solved(plan, value, float(value), True)
    elif status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        raise LpInfeasible(name)
    elif status == highspy.HighsModelStatus.kTimeLimit:
        if previous is None:
            raise LpTimeLimit(name)
        return _Solved(previous, _value(previous, costs), float("nan"), False)
    found = _integer_program(part, variables, objective, maximise, plan if plan is not None else previous, seconds)
    if found.infeasible:
        raise LpInfeasible(name)
    if found.values is None:
        if previous is None:
            raise LpTimeLimit(name)
        return _Solved(previous, _value(previous, costs), found.bound, False)
    value = _value(found.values, costs)
    if found.optimal:
        _fix_by_row(part, name, objective, maximise, value)
    return _Solved(found.values, value, float(value) if found.optimal else found.bound, found.optimal)


# --- fairness --------------------------------------------------------------------------------------------------


_LP_ONLY, _WHOLE = "lp", "whole"


def _feasible(part: _Part, variables: pd.DataFrame, seconds: float, how: str = _WHOLE) -> np.ndarray | bool:
    """Whether the rows as they stand admit a plan. ``_WHOLE``: a whole-number plan, or False when there is none
    (the integer program decides where the LP's vertex is not whole). ``_LP_ONLY``: a whole-number plan when the
    LP's vertex is one, True when the LP has only fractional plans, False when it has none (then neither has the
    integer program)."""
    if np.any(part.row_lo > part.row_hi + INTEGRAL):  # a threshold above a row fixed by an earlier stage
        return False
    costs = np.zeros(len(part.col_lo))
    status = _run_lp(part, costs, True, seconds)
    if status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return False
    if status == highspy.HighsModelStatus.kTimeLimit:
        raise LpTimeLimit("fairness")
    if status == highspy.HighsModelStatus.kOptimal:
        lp_values = np.asarray(part.highs.getSolution().col_value)
        plan = _completed(part, lp_values, costs, True)
        if plan is not None:
            return plan
        if how == _LP_ONLY:
            return True
        plan = _near_vertex(part, variables, lp_values, NO_OBJECTIVE, True, seconds)
        if plan is not None:
            return plan
    found = _integer_program(part, variables, NO_OBJECTIVE, True, None, seconds)
    if found.values is None and not found.infeasible:
        raise LpTimeLimit("fairness")
    return False if found.values is None else found.values


def _level(part: _Part, plan: np.ndarray, rows: np.ndarray, demand: np.ndarray) -> int:
    """The family's level in a plan: min over its units of floor(1000 · seats / demand), at most 1000."""
    seats_per_mille = part.activity(plan)[rows]  # the level column is 0, so the row is 1000 · seats
    return int(min(PER_MILLE, np.min(np.floor((seats_per_mille + INTEGRAL) / demand))))


def _seats_needed(level: int, demand: np.ndarray) -> np.ndarray:
    """ceil(level · demand / 1000): the seats each unit needs for the family to reach ``level``."""
    return -(-(level * demand.astype(np.int64)) // PER_MILLE)


def _lowest_alike(level: int, demand: np.ndarray) -> int:
    """The lowest level that needs the same seats as ``level``: every level in between is decided with it."""
    seats = _seats_needed(level, demand)
    return int(np.max(np.where(seats > 0, (PER_MILLE * (seats - 1)) // demand + 1, 0)))


def _highest_alike(level: int, demand: np.ndarray) -> int:
    """The highest level that needs the same seats as ``level``."""
    return int(min(PER_MILLE, np.min((PER_MILLE * _seats_needed(level, demand)) // demand)))


def _largest_level(part: _Part, variables: pd.DataFrame, rows: np.ndarray, demand: np.ndarray, plan: np.ndarray,
                   deadline: float) -> tuple[int, np.ndarray]:
    """The largest level the family can reach with the rows as they stand, and a whole plan that reaches it.

    Bisection by the LP first: an LP without a plan proves a level out of reach, a whole vertex proves it reached,
    a fractional one leaves it open. The integer program then decides only the levels the LP left open, the
    highest first (it is most often the answer)."""
    reached, high = _level(part, plan, rows, demand), PER_MILLE

    def check(level: int, how: str) -> np.ndarray | bool:
        _require(part, rows, demand, level)
        return _feasible(part, variables, deadline - time.monotonic(), how)

    allowed = reached  # the largest level known to have an LP plan
    while allowed < high:
        middle = max(_lowest_alike((allowed + high + 1) // 2, demand), allowed + 1)
        found = check(middle, _LP_ONLY)
        if found is False:
            high = middle - 1
            continue
        allowed = _highest_alike(middle, demand)
        if found is not True:
            plan, reached = found, max(middle, _level(part, found, rows, demand))
            allowed = max(allowed, reached)
    first = True
    while reached < high:
        middle = high if first else max(_lowest_alike((reached + high + 1) // 2, demand), reached + 1)
        first = False
        found = check(middle, _WHOLE)
        if found is False:
            high = _lowest_alike(middle, demand) - 1
        else:
            plan, reached = found, max(middle, _level(part, found, rows, demand))
    _require(part, rows, demand, 0)
    return reached, plan


def _fairness_stage(part: _Part, variables: pd.DataFrame, name: str, objective: pd.DataFrame, previous: np.ndarray,
                    deadline: float) -> _Solved:
    levels = objective["var"].to_numpy(np.int64)
    families = []
    for column in levels:
        terms = part.var == column
        families.append((part.row[terms], (-part.coef[terms]).astype(np.int64)))
    plan, best, plans = previous, [], []
    for rows, demand in families:
        level, plan = _largest_level(part, variables, rows, demand, plan, deadline)
        best.append(level)
        plans.append(plan)
    for (rows, demand), level in zip(families, best):
        _require(part, rows, demand, level)
    together = plan if len(families) == 1 else _feasible(part, variables, deadline - time.monotonic())
    if together is not False:
        return _Solved(together, int(sum(best)), float(sum(best)), True, by_thresholds=True)
    for rows, demand in families:
        _require(part, rows, demand, 0)
    if len(families) == 2:
        return _two_families(part, families, levels, best, plans, name, objective, variables, deadline)
    # More than two families competing (the model has at most two linked today): the stage's integer program with
    # its level columns, fixed as on the ``mip`` route.
    for column in levels:
        part.set_col_bounds(np.array([column]), np.array([0.0]), np.array([float(PER_MILLE)]))
    hint = previous.copy()
    for (rows, demand), column in zip(families, levels):
        hint[column] = _level(part, previous, rows, demand)
    return _solve_stage(part, variables, name, objective, True, hint, deadline - time.monotonic())


def _require(part: _Part, rows: np.ndarray, demand: np.ndarray, level: int) -> None:
    """Every unit of the family gets the seats the level needs (0: the family's rows ask for nothing)."""
    part.set_row_bounds(rows, PER_MILLE * _seats_needed(level, demand).astype(float), part.row_hi[rows])


def _two_families(part: _Part, families: list, levels: np.ndarray, best: list[int], plans: list[np.ndarray],
                  name: str, objective: pd.DataFrame, variables: pd.DataFrame, deadline: float) -> _Solved:
    """The stage for two families whose best levels exclude each other, by walking their frontier.

    The pairs of levels (a, b) the plans can reach form a staircase: b(a), the best level of B when A has a, falls
    as a rises. Every pair with the largest sum is a corner of it, so the walk goes from corner to corner, A from
    its best level down: the lowest level of B above the last corner's, then the best A with it, then the best B
    with that A. It stops once even B's best level with the current A could not reach the largest sum. A single
    corner with the largest sum is the stage's only optimum, fixed as thresholds; several are fixed as the
    ``mip`` route fixes the stage, by its level columns and the row ``Σ z ≥ optimum``."""
    (rows_a, demand_a), (rows_b, demand_b) = families
    _require(part, rows_a, demand_a, best[0])
    b, plan = _largest_level(part, variables, rows_b, demand_b, plans[0], deadline)
    corners = [(best[0], b, plan)]
    while True:
        higher_b = _highest_alike(b, demand_b) + 1
        if higher_b > best[1]:
            break
        _require(part, rows_a, demand_a, 0)
        _require(part, rows_b, demand_b, higher_b)
        a, plan = _largest_level(part, variables, rows_a, demand_a, plans[1], deadline)
        if a + best[1] < max(x + y for x, y, _ in corners):
            break
        _require(part, rows_b, demand_b, 0)
        _require(part, rows_a, demand_a, a)
        b, plan = _largest_level(part, variables, rows_b, demand_b, plan, deadline)
        corners.append((a, b, plan))
    _require(part, rows_a, demand_a, 0)
    _require(part, rows_b, demand_b, 0)
    value = max(a + b for a, b, _ in corners)
    optimal = [(a, b, plan) for a, b, plan in corners if a + b == value]
    a, b, plan = optimal[0]
    if len(optimal) == 1:
        _require(part, rows_a, demand_a, a)
        _require(part, rows_b, demand_b, b)
        return _Solved(plan, value, float(value), True, by_thresholds=True)
    part.set_col_bounds(levels, np.zeros(2), np.full(2, float(PER_MILLE)))
    plan = plan.copy()
    plan[levels] = [a, b]
    _fix_by_row(part, name, objective, True, value)
    return _Solved(plan, value, float(value), True)


# --- the part --------------------------------------------------------------------------------------------------


def _moved(plan: np.ndarray, done: list) -> list[int]:
    """The earlier stages whose value the plan does not keep (a fixing that failed to hold them)."""
    return [k for k, (costs, _, value, _) in enumerate(done)
            if costs is not None and _value(plan, costs) != value]


def solve_part(variables: pd.DataFrame, rows: Rows, objectives: list, settings: SolverSettings, deadline: float,
               on_stage: Callable[[str], None] | None = None,
               hint: np.ndarray | None = None) -> tuple[np.ndarray, list[StageResult], str | None, tuple[int, int]]:
    """Every stage of one part in order: the plan, the stage results, the name of the first stage the time limit
    left unsolved (None when all ran), and how many LPs and integer programs it took. ``hint``: a whole plan that
    may still be optimal (the plan of a case that differs only in some bounds), tried at each stage's LP bound.

    Raises ``LpInfeasible`` when the first stage has no plan, ``LpTimeLimit`` when no plan is found in time."""
    fairness_columns = np.unique(np.concatenate([objective["var"].to_numpy(np.int64) for spec, objective in
                                                 objectives if spec.kind == "fairness"] or [np.zeros(0, np.int64)]))
    part = _new_part(variables, rows, settings, fairness_columns)
    plan: np.ndarray | None = None
    results: list[StageResult] = []
    done: list = []  # per stage: costs (None when fixed as thresholds), sense, value, how to fix it by a row
    for spec, objective in objectives:
        if deadline - time.monotonic() <= 0 and plan is not None:
            return plan, results, spec.name, (part.lp_solves, part.mip_solves)
        if on_stage is not None:
            on_stage(spec.name)
        started = time.perf_counter()
        try:
            if spec.kind == "fairness" and plan is not None:
                solved = _fairness_stage(part, variables, spec.name, objective, plan, deadline)
            else:
                solved = _solve_stage(part, variables, spec.name, objective, spec.maximise, plan,
                                      deadline - time.monotonic(), hint)
        except LpTimeLimit:
            if plan is None:
                raise
            # The last plan keeps every stage fixed so far: the part stops here, reported as time-limited.
            return plan, results, spec.name, (part.lp_solves, part.mip_solves)
        moved = _moved(solved.plan, done)
        if moved:  # fix those stages by their rows and solve this one again; a second miss is a defect
            for k in moved:
                _fix_by_row(part, *done[k][3])
            solved = _solve_stage(part, variables, spec.name, objective, spec.maximise, plan,
                                  deadline - time.monotonic())
            if _moved(solved.plan, done):
                raise AssertionError(f"stage {spec.name} moved the value of an earlier stage")
        plan = solved.plan
        costs = None if solved.by_thresholds else _costs(part, objective)
        done.append((costs, spec.maximise, solved.value, (spec.name, objective, spec.maximise, solved.value)))
        results.append(StageResult(spec.name, solved.value, solved.bound, solved.optimal,
                                   time.perf_counter() - started))
    return plan, results, None, (part.lp_solves, part.mip_solves)
