"""Why no allocation exists: a small set of named rules that cannot hold together.

Every named constraint of the model gets an enforcement literal; CP-SAT, solved without an objective under the
assumption that all literals are true, returns a set of them that is already infeasible; a deletion pass then
drops every member the conflict does not need, so the set printed is minimal.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from .model import BuiltModel
from .scenario import Scenario

MAX_SHOWN = 8


def minimal_conflict(built: BuiltModel, scenario: Scenario) -> list[str]:
    """Names of a minimal set of constraints (rule instances) that cannot all hold."""
    model = built.space.model.clone()
    model.clear_objective()
    model.clear_hints()
    proto = model.proto
    literals: dict[int, str] = {}
    for constraint in list(proto.constraints):
        if not constraint.name or constraint.name.startswith("fairness"):
            continue
        literal = model.new_bool_var(constraint.name)
        constraint.enforcement_literal.append(literal.index)
        literals[literal.index] = constraint.name

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = scenario.solver.seed
    solver.parameters.max_time_in_seconds = max(5.0, scenario.solver.time_limit_seconds / 4)

    def infeasible(chosen: list[int]) -> bool:
        model.clear_assumptions()
        model.add_assumptions(chosen)
        return solver.solve(model) == cp_model.INFEASIBLE

    everything = sorted(literals)
    if not infeasible(everything):
        return []
    core = sorted(solver.sufficient_assumptions_for_infeasibility())
    for literal in list(core):
        trial = [other for other in core if other != literal]
        if trial and infeasible(trial):
            core = trial
    return [literals[i] for i in core]


def conflicting_rules(built: BuiltModel, scenario: Scenario) -> str:
    names = minimal_conflict(built, scenario)
    if not names:
        return (f"scenario {scenario.name} is infeasible, but no conflicting set of rules was found within the time "
                f"limit; run 'validate' and read the plan warnings")
    shown = "; ".join(names[:MAX_SHOWN]) + (f"; and {len(names) - MAX_SHOWN} more" if len(names) > MAX_SHOWN else "")
    return (f"scenario {scenario.name} is infeasible: these rules cannot all hold: {shown} "
            f"(each demand row is also limited to its count and to the years and courses that timing and "
            f"full_time_only allow)")
