"""The peer a data analyst would write: the same staged model in PuLP, every stage an integer program for CBC.

It reads the model this project builds (the same variables, rows and stage objectives), so the comparison is of the
solving, not of the formulation. Each stage is solved to an absolute gap below one and fixed by a row before the
next, as the integer-program route does. ``pulp`` is optional (the ``bench`` extra); the benchmark runs this module
in a child process: ``python -m optimizer.analyses.peer SCENARIO TIME_LIMIT`` prints one JSON line.
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np

from ..errors import OptimizerError
from ..inputs.case import load_case
from ..model.build import build_model

try:
    import pulp
except ImportError:  # the optional bench extra is not installed
    pulp = None


def peak_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def solve_with_pulp(scenario_path: str, time_limit: float) -> dict:
    """Every stage by PuLP + CBC; the values, whether each was proven, and the seconds (building included)."""
    if pulp is None:
        raise OptimizerError("the peer needs PuLP: pip install -e '.[bench]'")
    started = time.perf_counter()
    scenario, inputs = load_case(scenario_path, allow_outside_paths=True)
    model = build_model(inputs, scenario)
    lower = model.variables["lower"].to_numpy()
    upper = model.variables["upper"].to_numpy()
    x = [pulp.LpVariable(f"v{i}", lowBound=lower[i], upBound=None if np.isinf(upper[i]) else upper[i],
                         cat="Integer") for i in range(len(lower))]
    problem = pulp.LpProblem("quota_allocation", pulp.LpMaximize)
    rows = model.rows
    order = np.argsort(rows.row, kind="stable")
    starts = np.r_[0, np.cumsum(np.bincount(rows.row, minlength=len(rows)))]
    for r in range(len(rows)):
        terms = order[starts[r]:starts[r + 1]]
        expression = pulp.lpSum(rows.coef[t] * x[rows.var[t]] for t in terms)
        if np.isfinite(rows.lower[r]):
            problem += expression >= rows.lower[r]
        if np.isfinite(rows.upper[r]):
            problem += expression <= rows.upper[r]
    stages, deadline = [], time.monotonic() + time_limit
    for spec, objective in model.stages:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        expression = pulp.lpSum(c * x[v] for v, c in zip(objective["var"], objective["coef"]))
        problem.sense = pulp.LpMaximize if spec.maximise else pulp.LpMinimize
        problem.setObjective(expression)
        stage_start = time.perf_counter()
        problem.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=max(1, int(remaining)), gapRel=0, gapAbs=0.5))
        value = pulp.value(expression)
        # CBC stopped by its time limit still reports the status "Optimal"; the solution status tells them apart.
        proven = problem.sol_status == pulp.LpSolutionOptimal
        stages.append({"name": spec.name, "value": None if value is None else int(round(value)), "proven": proven,
                       "seconds": round(time.perf_counter() - stage_start, 2)})
        if value is None or not proven:
            break
        problem += (expression >= round(value)) if spec.maximise else (expression <= round(value))
    return {"stages": stages, "seconds": time.perf_counter() - started, "peak_mb": peak_mb(),
            "finished": len(stages) == len(model.stages) and all(s["proven"] for s in stages)}


if __name__ == "__main__":
    print(json.dumps(solve_with_pulp(sys.argv[1], float(sys.argv[2]))))
