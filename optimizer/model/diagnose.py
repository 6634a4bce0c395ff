"""Why no allocation exists: a minimal set of named rules in conflict, and how far the least-bending plan bends.

Two views of an infeasible part of the model:

* ``minimal_conflict``: every rule row gets an enforcement literal in a CP-SAT model without objective; solved
  under the assumption that all literals hold, CP-SAT returns a set of them that cannot hold together (a core).
  The core is then shrunk one rule at a time (a rule stays only if the others become feasible without it) until
  it is minimal: drop any one rule of it and the rest can all hold. Each rule is shown with what it needs and
  what its seats or classes can reach at most.
* ``bent_rules``: the part solved again with an elastic slack on every rule row (each row may be violated at a
  cost of one per seat or class), minimising the total slack; the rows that keep a positive slack are the rules
  that bend, and by how much.

Fairness rows are never the cause (level 0 always satisfies them) and are left firm.
"""


from __future__ import annotations

import numpy as np
import pandas as pd
from ortools.sat.python import cp_model

from ..background import call_interruptibly
from ..inputs.scenario import Scenario
from .rules import Rows
from .solver import least_total

MAX_SHOWN = 8


def bound_text(lower: float, upper: float) -> str:
    if np.isfinite(lower) and np.isfinite(upper):
        return f"{lower:g}…{upper:g}" if lower != upper else f"= {lower:g}"
    return f"≥ {lower:g}" if np.isfinite(lower) else f"≤ {upper:g}"


def bent_rules(variables: pd.DataFrame, rows: Rows, scenario: Scenario) -> pd.DataFrame:
    """Rows that must be violated in the least-violation plan: name, bound, violation (seats or classes)."""
    elastic = np.array([not str(name).startswith("fairness") for name in rows.names])
    rows_elastic = np.flatnonzero(elastic)
    n = len(variables)
    k = len(rows_elastic)
    # Slack pairs: below (adds to the row) and above (subtracts), two extra variables per elastic row.
    slack_vars = pd.DataFrame({"lower": 0.0, "upper": np.inf, "name": ""}, index=range(2 * k))
    all_vars = pd.concat([variables[["lower", "upper"]], slack_vars[["lower", "upper"]]], ignore_index=True)
    extra_row = np.concatenate([rows_elastic, rows_elastic])
    extra_var = n + np.arange(2 * k)
    extra_coef = np.concatenate([np.ones(k), -np.ones(k)])
    widened = Rows(rows.names, rows.lower, rows.upper, np.concatenate([rows.row, extra_row]),
                   np.concatenate([rows.var, extra_var]), np.concatenate([rows.coef, extra_coef]))
    objective = pd.DataFrame({"var": extra_var, "coef": 1.0})
    values = least_total(all_vars, widened, objective, scenario.solver)
    if values is None:
        return pd.DataFrame(columns=["rule", "bound", "violation"])
    slack = values[n:n + k] + values[n + k:]
    bent = np.flatnonzero(slack > 0.5)
    rows_bent = rows_elastic[bent]
    table = pd.DataFrame({"rule": rows.names[rows_bent],
                          "bound": [bound_text(rows.lower[i], rows.upper[i]) for i in rows_bent],
                          "violation": np.rint(slack[bent]).astype(int)})
    return table.sort_values(["violation", "rule"], ascending=[False, True]).reset_index(drop=True)


CONFLICT_COLUMNS = ["rule", "bound", "reach", "text"]


def _reach(rows: Rows, variables: pd.DataFrame, index: int) -> tuple[float, float]:
    """The least and the most a row's sum can be, from its variables' bounds alone."""
    mine = rows.row == index
    coef, var = rows.coef[mine], rows.var[mine]
    low, high = variables["lower"].to_numpy()[var], variables["upper"].to_numpy()[var]
    return (float(np.sum(np.where(coef > 0, coef * low, coef * high))),
            float(np.sum(np.where(coef > 0, coef * high, coef * low))))


def _conflict_text(name: str, lower: float, upper: float, reach: tuple[float, float]) -> str:
    low, high = reach
    if np.isfinite(lower) and high < lower:
        return f"{name}: needs at least {lower:g}, but at most {high:g} is possible"
    if np.isfinite(upper) and low > upper:
        return f"{name}: allows at most {upper:g}, but at least {low:g} is forced"
    return f"{name}: {bound_text(lower, upper)} (on its own it could be {low:g}…{high:g})"


def minimal_conflict(variables: pd.DataFrame, rows: Rows, scenario: Scenario, seconds: float = 30.0) -> pd.DataFrame:
    """A minimal set of rule rows that cannot all hold (CONFLICT_COLUMNS); empty if none is found in time.

    Every rule row has an enforcement literal; CP-SAT, solved under all of them as assumptions (one worker and no
    objective, as assumptions require), gives a core, which is shrunk until dropping any one rule makes the
    rest feasible.
    """
    big = 10**9
    model = cp_model.CpModel()
    lower = np.clip(variables["lower"].to_numpy(), -big, big)
    upper = np.clip(np.where(np.isfinite(variables["upper"]), variables["upper"], big), -big, big)
    x = [model.new_int_var(int(lo), int(hi), "") for lo, hi in zip(lower, upper)]
    firm = np.array([str(name).startswith(("fairness", "stage[")) for name in rows.names])
    order = np.argsort(rows.row, kind="stable")
    starts = np.searchsorted(rows.row[order], np.arange(len(rows.names) + 1))
    literals, candidates = [], []
    for index in range(len(rows.names)):
        if firm[index]:
            continue
        terms = order[starts[index]:starts[index + 1]]
        if not np.allclose(rows.coef[terms], np.rint(rows.coef[terms])):
            continue  # only whole-number rows can be stated to CP-SAT exactly; every rule row is one
        expr = sum(int(round(c)) * x[v] for c, v in zip(rows.coef[terms], rows.var[terms]))
        lo = int(np.ceil(rows.lower[index])) if np.isfinite(rows.lower[index]) else -big * 1000
        hi = int(np.floor(rows.upper[index])) if np.isfinite(rows.upper[index]) else big * 1000
        literal = model.new_bool_var(str(rows.names[index]))
        model.add_linear_constraint(expr, lo, hi).only_enforce_if(literal)
        literals.append(literal)
        candidates.append(index)
    position = {literal.index: k for k, literal in enumerate(literals)}

    def core_of(subset: list[int]) -> list[int] | None:
        """The core (positions into ``literals``) if the rules of ``subset`` cannot all hold, else None."""
        model.clear_assumptions()
        model.add_assumptions([literals[k] for k in subset])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.random_seed = scenario.solver.seed
        # CP-SAT's own Ctrl-C handler, installed from a worker thread, leaves SIGINT at the system default when
        # it is done, so a later Ctrl-C would kill the process with no tidying; call_interruptibly stops it.
        solver.parameters.catch_sigint_signal = False
        if call_interruptibly(solver.solve, model, stop=solver.stop_search) != cp_model.INFEASIBLE:
            return None
        core = [position[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in position]
        return sorted(core) or list(subset)

    current = core_of(list(range(len(literals))))
    if current is None:
        return pd.DataFrame(columns=CONFLICT_COLUMNS)
    for k in list(current):
        if k not in current:
            continue
        smaller = core_of([c for c in current if c != k])
        if smaller is not None:
            current = smaller
    rows_found = [candidates[k] for k in current]
    table = pd.DataFrame({"rule": [str(rows.names[i]) for i in rows_found],
                          "bound": [bound_text(rows.lower[i], rows.upper[i]) for i in rows_found]})
    reach = [_reach(rows, variables, i) for i in rows_found]
    table["reach"] = [f"{lo:g}…{hi:g}" for lo, hi in reach]
    table["text"] = [_conflict_text(str(rows.names[i]), rows.lower[i], rows.upper[i], r)
                     for i, r in zip(rows_found, reach)]
    return table.sort_values("rule").reset_index(drop=True)


def conflicting_rules(variables: pd.DataFrame, rows: Rows, scenario: Scenario) -> str:
    conflict = minimal_conflict(variables, rows, scenario,
                                seconds=max(1.0, min(60.0, scenario.solver.time_limit_seconds)))
    table = bent_rules(variables, rows, scenario)
    if table.empty and conflict.empty:
        return (f"scenario {scenario.name} is infeasible, but the rules in conflict were not found within the time "
                f"limit; run 'validate' and read the plan warnings")
    parts = []
    if not conflict.empty:
        head = ("this rule cannot hold: " if len(conflict) == 1 else
                f"these {len(conflict)} rules cannot all hold (drop any one and the rest can): ")
        parts.append(head + "; ".join(conflict["text"].head(MAX_SHOWN))
                     + (f"; and {len(conflict) - MAX_SHOWN} more" if len(conflict) > MAX_SHOWN else ""))
    if not table.empty:
        shown = "; ".join(f"{r.rule} {r.bound}, bent by {r.violation}" for r in table.head(MAX_SHOWN).itertuples())
        more = f"; and {len(table) - MAX_SHOWN} more" if len(table) > MAX_SHOWN else ""
        parts.append(f"the least-bending plan must break: {shown}{more}")
    named = [*conflict["rule"], *table["rule"]]
    pinned = any(str(name).startswith("pinned[") for name in named)
    return (f"scenario {scenario.name} is infeasible; " + " — ".join(parts)
            + " (fix the caps, classes or release limits named, or the demand behind them"
            + (", or the pins named (pinned[unit,course,year])" if pinned else "") + ")")
