"""Why no allocation exists: the named rules that must bend, and by how much.

The infeasible part of the model is solved again with an elastic slack on every rule row (each row may be
violated at a cost of one per seat or class), minimising the total slack. The rows that keep a positive slack at
the optimum are the rules in conflict; the slack is how far apart they are. Fairness rows are never the cause
(level 0 always satisfies them) and are left firm.
"""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
from ortools.math_opt.python import mathopt

from .rules import Rows
from .scenario import Scenario

MAX_SHOWN = 8


def _bound_text(lower: float, upper: float) -> str:
    if np.isfinite(lower) and np.isfinite(upper):
        return f"{lower:g}…{upper:g}" if lower != upper else f"= {lower:g}"
    return f"≥ {lower:g}" if np.isfinite(lower) else f"≤ {upper:g}"


def bent_rules(variables: pd.DataFrame, rows: Rows, scenario: Scenario) -> pd.DataFrame:
    """Rows that must be violated in the least-violation plan: name, bound, violation (seats or classes)."""
    from .solve import SOLVERS, model_proto  # solve imports this module lazily; avoid a cycle at import

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
    proto = model_proto(all_vars, widened, objective, maximise=False)
    params = mathopt.SolveParameters(time_limit=datetime.timedelta(seconds=scenario.solver.time_limit_seconds),
                                     random_seed=scenario.solver.seed)
    outcome = mathopt.solve(mathopt.Model.from_model_proto(proto), SOLVERS["highs"], params=params)
    if not outcome.has_primal_feasible_solution():
        return pd.DataFrame(columns=["rule", "bound", "violation"])
    found = outcome.variable_values()
    values = np.array([found[v] for v in sorted(found, key=lambda v: v.id)])
    slack = values[n:n + k] + values[n + k:]
    bent = np.flatnonzero(slack > 0.5)
    rows_bent = rows_elastic[bent]
    table = pd.DataFrame({"rule": rows.names[rows_bent],
                          "bound": [_bound_text(rows.lower[i], rows.upper[i]) for i in rows_bent],
                          "violation": np.rint(slack[bent]).astype(int)})
    return table.sort_values(["violation", "rule"], ascending=[False, True]).reset_index(drop=True)


def conflicting_rules(variables: pd.DataFrame, rows: Rows, scenario: Scenario) -> str:
    table = bent_rules(variables, rows, scenario)
    if table.empty:
        return (f"scenario {scenario.name} is infeasible, but the rules in conflict were not found within the time "
                f"limit; run 'validate' and read the plan warnings")
    shown = "; ".join(f"{r.rule} {r.bound}, bent by {r.violation}" for r in table.head(MAX_SHOWN).itertuples())
    more = f"; and {len(table) - MAX_SHOWN} more" if len(table) > MAX_SHOWN else ""
    return (f"scenario {scenario.name} is infeasible; the least-bending plan must break: {shown}{more} "
            f"(fix the caps, classes or release limits named, or the demand behind them)")
