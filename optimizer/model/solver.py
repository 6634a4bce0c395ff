"""The solver adapter: the staged model handed to OR-Tools MathOpt (HiGHS by default, CP-SAT or SCIP).

Only this module knows MathOpt's model format and parameters; the solve driver sees variables, rows and objectives.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol

import importlib.metadata
import numpy as np
import ortools
import pandas as pd
from ortools.math_opt import model_pb2, sparse_containers_pb2
from ortools.math_opt.python import mathopt
from ortools.util.python.solve_interrupter import SolveInterrupter

from ..background import call_interruptibly
from ..inputs.scenario import Scenario, SolverSettings
from .rules import Rows

SOLVERS = {"highs": mathopt.SolverType.HIGHS, "cp_sat": mathopt.SolverType.CP_SAT, "scip": mathopt.SolverType.GSCIP}


def solver_name(settings: SolverSettings) -> str:
    mip = f"OR-Tools {ortools.__version__} MathOpt/{settings.name}"
    if settings.method == "lp_chain":
        return f"HiGHS {importlib.metadata.version('highspy')} (lp_chain) + {mip}"
    return mip


def row_major_terms(rows: Rows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The matrix row-major (as MathOpt and HiGHS take it), repeated (row, column) terms summed, zeros dropped."""
    terms = pd.DataFrame({"row": rows.row, "var": rows.var, "coef": rows.coef})
    terms = terms.groupby(["row", "var"], sort=True)["coef"].sum()
    terms = terms[terms != 0]
    return (terms.index.get_level_values(0).to_numpy(np.int64), terms.index.get_level_values(1).to_numpy(np.int64),
            terms.to_numpy(float))


def model_proto(variables: pd.DataFrame, rows: Rows, objective: pd.DataFrame, maximise: bool) -> model_pb2.ModelProto:
    """The MathOpt model: every variable integer, rows in order, the matrix row-major as MathOpt requires.

    Names stay in ``LinearModel`` (MathOpt wants them unique, and two quota lines may share one).
    """
    proto = model_pb2.ModelProto(name="quota_allocation")
    n = len(variables)
    proto.variables.ids.extend(range(n))
    proto.variables.lower_bounds.extend(variables["lower"].tolist())
    proto.variables.upper_bounds.extend(variables["upper"].tolist())
    proto.variables.integers.extend([True] * n)
    proto.linear_constraints.ids.extend(range(len(rows)))
    proto.linear_constraints.lower_bounds.extend(rows.lower.tolist())
    proto.linear_constraints.upper_bounds.extend(rows.upper.tolist())
    row, var, coef = row_major_terms(rows)
    proto.linear_constraint_matrix.row_ids.extend(row.tolist())
    proto.linear_constraint_matrix.column_ids.extend(var.tolist())
    proto.linear_constraint_matrix.coefficients.extend(coef.tolist())
    obj = objective.groupby("var", sort=True)["coef"].sum()
    proto.objective.maximize = maximise
    proto.objective.linear_coefficients.CopyFrom(sparse_containers_pb2.SparseDoubleVectorProto(
        ids=obj.index.tolist(), values=obj.tolist()))
    return proto


def _parameters(settings: SolverSettings, seconds: float) -> mathopt.SolveParameters:
    # Objectives are whole numbers, so an absolute gap below 1 proves the optimum; the default relative gap would not.
    return mathopt.SolveParameters(time_limit=datetime.timedelta(seconds=max(0.5, seconds)),
                                   relative_gap_tolerance=0.0, absolute_gap_tolerance=0.5,
                                   random_seed=settings.seed)


def _solve_stopping_when_asked(math_model, solver_type, params, hint) -> mathopt.SolveResult:
    """``mathopt.solve``, with Ctrl-C and SIGTERM acted on at once instead of after the solve (``background``)."""
    interrupter = SolveInterrupter()
    return call_interruptibly(mathopt.solve, math_model, solver_type, params=params, model_params=hint,
                              interrupter=interrupter, stop=interrupter.interrupt)


@dataclass(frozen=True)
class StageSolution:
    """What one stage's solve found: a plan (rounded to whole seats) or none, and how good it is known to be."""

    values: np.ndarray | None  # one value per variable, in variable order; None when no plan was found in time
    optimal: bool
    bound: float  # the best bound proven on the objective (equal to its value when optimal)
    infeasible: bool = False


class StageSolver(Protocol):
    """The one thing the staged solve asks of a solver: the best plan of one stage's integer program.

    The LP chain (``lp_chain.py``) calls it for the integer programs it cannot avoid; another library would be
    added beside ``MathOptSolver``. The rules, the stages and the checker do not change."""

    def solve_stage(self, variables: pd.DataFrame, rows: Rows, objective: pd.DataFrame, maximise: bool,
                    hint: np.ndarray | None, seconds: float) -> StageSolution: ...


@dataclass(frozen=True)
class MathOptSolver:
    """OR-Tools MathOpt with the solver named in the scenario's ``solver.name`` (HiGHS, CP-SAT or SCIP)."""

    settings: SolverSettings

    def solve_stage(self, variables: pd.DataFrame, rows: Rows, objective: pd.DataFrame, maximise: bool,
                    hint: np.ndarray | None, seconds: float) -> StageSolution:
        math_model = mathopt.Model.from_model_proto(model_proto(variables, rows, objective, maximise))
        model_hint = None
        if hint is not None:
            model_hint = mathopt.ModelSolveParameters(solution_hints=[mathopt.SolutionHint(variable_values=dict(
                zip(math_model.variables(), hint.tolist())))])
        outcome = _solve_stopping_when_asked(math_model, SOLVERS[self.settings.name],
                                             _parameters(self.settings, seconds), model_hint)
        reason = outcome.termination.reason
        if reason in (mathopt.TerminationReason.INFEASIBLE, mathopt.TerminationReason.INFEASIBLE_OR_UNBOUNDED):
            return StageSolution(None, False, float("nan"), infeasible=True)
        if not outcome.has_primal_feasible_solution():
            return StageSolution(None, False, float("nan"))
        found = outcome.variable_values()
        values = np.rint(np.array([found[v] for v in sorted(found, key=lambda v: v.id)]))
        optimal = reason == mathopt.TerminationReason.OPTIMAL
        return StageSolution(values, optimal, float(outcome.termination.objective_bounds.dual_bound))


def least_total(variables: pd.DataFrame, rows: Rows, objective: pd.DataFrame,
                settings: SolverSettings) -> np.ndarray | None:
    """The values of a plan minimising ``objective`` by HiGHS with its default gaps (the least-bending plan of an
    infeasible scenario, ``diagnose.bent_rules``), or None when none is found within the time limit."""
    proto = model_proto(variables, rows, objective, maximise=False)
    params = mathopt.SolveParameters(time_limit=datetime.timedelta(seconds=settings.time_limit_seconds),
                                     random_seed=settings.seed)
    outcome = call_interruptibly(mathopt.solve, mathopt.Model.from_model_proto(proto), SOLVERS["highs"], params=params)
    if not outcome.has_primal_feasible_solution():
        return None
    found = outcome.variable_values()
    return np.array([found[v] for v in sorted(found, key=lambda v: v.id)])


def stage_solver(settings: SolverSettings) -> StageSolver:
    """The adapter that solves stages with ``settings`` (every name in ``SOLVERS`` goes through MathOpt today)."""
    return MathOptSolver(settings)
