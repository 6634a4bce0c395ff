"""Solve the staged (lexicographic) program with an OR-Tools MathOpt solver and return a typed, checked ``Result``.

HiGHS is the default: the model is a transportation problem with side constraints, where an LP-based
branch-and-cut proves each stage optimal in well under a second; CP-SAT (also through MathOpt) is a setting.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from enum import Enum
from typing import Callable

import numpy as np
import ortools
import pandas as pd
from ortools.math_opt import model_pb2, sparse_containers_pb2
from ortools.math_opt.python import mathopt

from . import checks
from .data import Inputs
from .errors import InfeasibleError, OptimizerError
from .model import LinearModel, build_model
from .rules import Rows
from .scenario import Scenario

Progress = Callable[[str], None]
SOLVERS = {"highs": mathopt.SolverType.HIGHS, "cp_sat": mathopt.SolverType.CP_SAT, "scip": mathopt.SolverType.GSCIP}


class Status(str, Enum):
    OPTIMAL = "optimal"
    TIME_LIMITED = "time_limited"


@dataclass(frozen=True)
class StageResult:
    name: str
    value: int
    bound: float
    optimal: bool
    seconds: float

    @property
    def gap(self) -> float:
        """Relative distance between the value found and the best bound (0 when proven optimal)."""
        return 0.0 if self.optimal else abs(self.bound - self.value) / max(1.0, abs(self.bound))


@dataclass(frozen=True)
class Result:
    scenario: Scenario
    inputs: Inputs
    status: Status
    allocation: pd.DataFrame  # demand_id, year, course_id, seats: nonzero rows in a stable order
    classes: pd.DataFrame  # course_id, year, classes, seats
    stages: tuple[StageResult, ...]
    solver: str
    model_size: dict
    build_seconds: float
    seconds: float


class TimeLimitError(OptimizerError):
    """No plan at all was found within the time limit."""

    exit_status = 4


def solver_name(scenario: Scenario) -> str:
    return f"OR-Tools {ortools.__version__} MathOpt/{scenario.solver.name}"


def model_proto(model: LinearModel, extra: list[Rows], objective: pd.DataFrame, maximise: bool) -> model_pb2.ModelProto:
    """The MathOpt model: every variable integer, rows in order, the matrix row-major as MathOpt requires.

    Names stay in ``LinearModel`` (MathOpt wants them unique, and two quota lines may share one).
    """
    rows = model.rows if not extra else _concat(model.rows, extra)
    proto = model_pb2.ModelProto(name="quota_allocation")
    n = len(model.variables)
    proto.variables.ids.extend(range(n))
    proto.variables.lower_bounds.extend(model.variables["lower"].tolist())
    proto.variables.upper_bounds.extend(model.variables["upper"].tolist())
    proto.variables.integers.extend([True] * n)
    proto.linear_constraints.ids.extend(range(len(rows)))
    proto.linear_constraints.lower_bounds.extend(rows.lower.tolist())
    proto.linear_constraints.upper_bounds.extend(rows.upper.tolist())
    matrix = pd.DataFrame({"row": rows.row, "var": rows.var, "coef": rows.coef})
    matrix = matrix.groupby(["row", "var"], sort=True)["coef"].sum()
    matrix = matrix[matrix != 0]
    proto.linear_constraint_matrix.row_ids.extend(matrix.index.get_level_values(0).tolist())
    proto.linear_constraint_matrix.column_ids.extend(matrix.index.get_level_values(1).tolist())
    proto.linear_constraint_matrix.coefficients.extend(matrix.tolist())
    obj = objective.groupby("var", sort=True)["coef"].sum()
    proto.objective.maximize = maximise
    proto.objective.linear_coefficients.CopyFrom(sparse_containers_pb2.SparseDoubleVectorProto(
        ids=obj.index.tolist(), values=obj.tolist()))
    return proto


def _concat(rows: Rows, extra: list[Rows]) -> Rows:
    blocks = [rows, *extra]
    offsets = np.cumsum([0] + [len(b) for b in blocks])
    return Rows(np.concatenate([b.names for b in blocks]), np.concatenate([b.lower for b in blocks]),
                np.concatenate([b.upper for b in blocks]),
                np.concatenate([b.row + off for b, off in zip(blocks, offsets)]),
                np.concatenate([b.var for b in blocks]), np.concatenate([b.coef for b in blocks]))


def _stage_row(name: str, objective: pd.DataFrame, value: int, maximise: bool) -> Rows:
    """Fix a solved stage: its objective may not fall below (or rise above) the optimum found."""
    return Rows(np.array([f"stage[{name}]"], dtype=object), np.array([value if maximise else -np.inf], float),
                np.array([np.inf if maximise else value], float), np.zeros(len(objective), np.int64),
                objective["var"].to_numpy(np.int64), objective["coef"].to_numpy(float))


def _parameters(scenario: Scenario, seconds: float) -> mathopt.SolveParameters:
    # Objectives are whole numbers, so an absolute gap below 1 proves the optimum; the default relative gap would not.
    return mathopt.SolveParameters(time_limit=datetime.timedelta(seconds=max(0.5, seconds)),
                                   relative_gap_tolerance=0.0, absolute_gap_tolerance=0.5,
                                   random_seed=scenario.solver.seed)


def solve(inputs: Inputs, scenario: Scenario, progress: Progress | None = None) -> Result:
    """Build, solve every stage in order, check the result with the solver-free checker, and return it."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    model = build_model(inputs, scenario)
    build_seconds = time.perf_counter() - started
    say(f"model: {len(model.candidates):,} seat variables, {len(model.variables):,} variables, "
        f"{len(model.rows):,} constraints ({build_seconds:.1f} s)")
    solver_type = SOLVERS[scenario.solver.name]
    fixed: list[Rows] = []
    results: list[StageResult] = []
    values: np.ndarray | None = None
    for number, (spec, objective) in enumerate(model.stages, start=1):
        remaining = scenario.solver.time_limit_seconds - (time.perf_counter() - started)
        if remaining <= 0 and results:
            say(f"stage {number}/{len(model.stages)} {spec.name}: skipped, time limit reached")
            break
        stage_start = time.perf_counter()
        math_model = mathopt.Model.from_model_proto(model_proto(model, fixed, objective, spec.maximise))
        outcome = mathopt.solve(math_model, solver_type, params=_parameters(scenario, remaining))
        seconds = time.perf_counter() - stage_start
        reason = outcome.termination.reason
        if reason in (mathopt.TerminationReason.INFEASIBLE, mathopt.TerminationReason.INFEASIBLE_OR_UNBOUNDED):
            from .diagnose import conflicting_rules  # only needed on the unhappy path

            raise InfeasibleError(conflicting_rules(model, scenario))
        if not outcome.has_primal_feasible_solution():
            raise TimeLimitError(f"no plan found within {scenario.solver.time_limit_seconds:g} s (stage {spec.name}); "
                                 f"raise solver.time_limit_seconds in the scenario")
        by_id = {var.id: value for var, value in outcome.variable_values().items()}
        values = np.rint(np.array([by_id[i] for i in range(len(model.variables))]))
        value = int(round(float(np.dot(values[objective["var"].to_numpy()], objective["coef"].to_numpy()))))
        optimal = reason == mathopt.TerminationReason.OPTIMAL
        bound = float(outcome.termination.objective_bounds.dual_bound)
        results.append(StageResult(spec.name, value, value if optimal else bound, optimal, seconds))
        say(f"stage {number}/{len(model.stages)} {spec.name}: {value:,}"
            f"{'' if optimal else f' (time limit, bound {bound:,.0f})'} ({seconds:.1f} s)")
        fixed.append(_stage_row(spec.name, objective, value, spec.maximise))

    allocation, classes = _extract(model, values)
    complete = len(results) == len(model.stages) and all(stage.optimal for stage in results)
    result = Result(
        scenario=scenario, inputs=inputs, status=Status.OPTIMAL if complete else Status.TIME_LIMITED,
        allocation=allocation, classes=classes, stages=tuple(results), solver=solver_name(scenario),
        model_size={"seat_variables": len(model.candidates), "variables": len(model.variables),
                    "constraints": len(model.rows), "nonzeros": len(model.rows.coef)},
        build_seconds=build_seconds, seconds=time.perf_counter() - started,
    )
    checks.check_result(result)
    say(f"checked: every rule holds and every stage value recomputes ({', '.join(checks.CHECKS)})")
    return result


def _extract(model: LinearModel, values: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    cand = model.candidates
    seats = values[: len(cand)].astype(np.int64)
    allocation = cand.reset_index(drop=True)[["demand_id", "year", "course_id"]].assign(seats=seats)
    allocation = allocation[allocation["seats"] > 0].reset_index(drop=True)
    grid = model.class_vars
    classes = grid[["course_id", "year"]].assign(classes=values[grid["var"].to_numpy()].astype(np.int64))
    per_course = allocation.groupby(["course_id", "year"])["seats"].sum()
    keys = pd.MultiIndex.from_frame(classes[["course_id", "year"]])
    classes["seats"] = per_course.reindex(keys, fill_value=0).to_numpy().astype(np.int64)
    return allocation, classes.sort_values(["year", "course_id"]).reset_index(drop=True)
