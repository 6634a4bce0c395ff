"""Solve the staged (lexicographic) program part by part and return a typed, checked ``Result``.

Each independent part goes by the scenario's ``solver.method``: the LP chain (``lp_chain.py``, the default: an LP
per stage on one HiGHS model, the integer program only where the LP cannot prove the stage) or integer programs
through OR-Tools MathOpt (``mip``: HiGHS, CP-SAT or SCIP). Both reach the same optimum (docs/MODEL.md).
"""


from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np
import pandas as pd

from ..background import map_in_processes
from ..errors import ExitStatus, InfeasibleError, OptimizerError
from ..inputs.dataset import Inputs
from ..inputs.scenario import Scenario, SolverSettings
from ..messages import Message
from ..words import LANGS, names, stage_meaning
from . import checks
from .build import LinearModel, build_model, with_quota_lines
from .diagnose import bound_text, conflicting_rules
from .lp_chain import LpInfeasible, LpTimeLimit, solve_part
from .objectives import StageSpec
from .plan import Progress, Result, StageResult, Status
from .rules import Rows
from .solver import solver_name, stage_solver

LARGE_PART = 5_000  # variables; a part this large may take long enough that its stages are announced


class TimeLimitError(OptimizerError):
    """No plan at all was found within the time limit."""

    exit_status = ExitStatus.TIME_LIMITED


def _stage_row(name: str, objective: pd.DataFrame, value: int, maximise: bool) -> Rows:
    """Fix a solved stage: its objective may not fall below (or rise above) the optimum found."""
    return Rows(np.array([f"stage[{name}]"], dtype=object), np.array([value if maximise else -np.inf], float),
                np.array([np.inf if maximise else value], float), np.zeros(len(objective), np.int64),
                objective["var"].to_numpy(np.int64), objective["coef"].to_numpy(float))


def component_labels(n_vars: int, rows: Rows) -> np.ndarray:
    """Label each variable with its connected component: variables linked through any constraint row.

    Every stage objective is a sum over variables, so the lexicographic optimum of the whole is the union of the
    lexicographic optima of independent components (each stage value is the sum of the components' values).
    Solving components apart is exact and much faster: most families share no rule with another.
    """
    labels = np.arange(n_vars)
    if len(rows.row) == 0:
        return labels
    order = np.argsort(rows.row, kind="stable")
    row, var = rows.row[order], rows.var[order]
    starts = np.r_[0, np.flatnonzero(np.diff(row)) + 1]
    first = np.repeat(var[starts], np.diff(np.r_[starts, len(row)]))
    while True:
        low = np.minimum(labels[first], labels[var])
        updated = labels.copy()
        np.minimum.at(updated, first, low)
        np.minimum.at(updated, var, low)
        updated = updated[updated]
        if np.array_equal(updated, labels):
            return labels
        labels = updated


@dataclass(frozen=True)
class Component:
    """One independent part of the model: its variables (global ids) and its rows (local variable ids)."""

    variables: np.ndarray
    rows: Rows
    row_ids: np.ndarray  # the model's numbers of its rows


def split_components(model: LinearModel) -> list[Component]:
    labels = component_labels(len(model.variables), model.rows)
    _, component_of_var = np.unique(labels, return_inverse=True)
    row_component = np.full(len(model.rows), -1)
    row_component[model.rows.row] = component_of_var[model.rows.var]
    parts = []
    for c in range(component_of_var.max() + 1 if len(component_of_var) else 0):
        members = np.flatnonzero(component_of_var == c)
        local = np.full(len(model.variables), -1)
        local[members] = np.arange(len(members))
        row_ids = np.flatnonzero(row_component == c)
        row_local = np.full(len(model.rows), -1)
        row_local[row_ids] = np.arange(len(row_ids))
        terms = np.isin(model.rows.row, row_ids)
        parts.append(Component(members, Rows(model.rows.names[row_ids], model.rows.lower[row_ids],
                                             model.rows.upper[row_ids], row_local[model.rows.row[terms]],
                                             local[model.rows.var[terms]], model.rows.coef[terms]), row_ids))
    return parts


def _empty_row_conflicts(model: LinearModel) -> list[str]:
    """Rows without any variable that still demand something (e.g. seats_min where nobody is eligible)."""
    has_terms = np.zeros(len(model.rows), dtype=bool)
    has_terms[model.rows.row] = True
    bad = ~has_terms & ((model.rows.lower > 0) | (model.rows.upper < 0))
    return [f"{model.rows.names[i]}: needs at least {model.rows.lower[i]:g}, but no eligible demand row can use it"
            for i in np.flatnonzero(bad)]


BENT_STAGE = "bent"
BENT_COLUMNS = ["rule", "bound", "value", "bent"]


def elastic_model(model: LinearModel) -> LinearModel:
    """The model with every row of a soft rule (``checks.SOFT_RULES``) allowed to bend: a slack below and one
    above each, at a cost of one per seat or class, and a first stage ``bent`` that minimises their total. The
    other stages follow unchanged, so a feasible scenario gives its usual plan with nothing bent."""
    soft = np.flatnonzero([str(name).startswith(checks.SOFT_RULES) for name in model.rows.names])
    n, k = len(model.variables), len(soft)
    names = model.rows.names[soft].astype(str)
    slack = pd.DataFrame({"name": np.concatenate([np.char.add("bend_up:", names), np.char.add("bend_down:", names)]),
                          "lower": 0.0, "upper": np.inf})
    rows = model.rows
    widened = Rows(rows.names, rows.lower, rows.upper, np.concatenate([rows.row, soft, soft]),
                   np.concatenate([rows.var, n + np.arange(2 * k)]),
                   np.concatenate([rows.coef, np.ones(k), -np.ones(k)]))
    stage = (StageSpec(BENT_STAGE, BENT_STAGE, None, False), pd.DataFrame({"var": n + np.arange(2 * k), "coef": 1.0}))
    return replace(model, variables=pd.concat([model.variables, slack], ignore_index=True), rows=widened,
                   stages=(stage, *model.stages))


def _bent_table(model: LinearModel, values: np.ndarray, n_plain: int) -> pd.DataFrame:
    soft = np.flatnonzero([str(name).startswith(checks.SOFT_RULES) for name in model.rows.names])
    k = len(soft)
    amount = values[n_plain:n_plain + k] + values[n_plain + k:n_plain + 2 * k]
    bent = np.flatnonzero(amount > 0.5)
    rows = model.rows
    plain = np.isin(rows.var, np.arange(n_plain))
    activity = np.bincount(rows.row[plain], weights=rows.coef[plain] * values[rows.var[plain]], minlength=len(rows))
    return pd.DataFrame({"rule": rows.names[soft[bent]].astype(str),
                         "bound": [bound_text(rows.lower[i], rows.upper[i]) for i in soft[bent]],
                         "value": np.rint(activity[soft[bent]]).astype(np.int64),
                         "bent": np.rint(amount[bent]).astype(np.int64)}, columns=BENT_COLUMNS)


def solve(inputs: Inputs, scenario: Scenario, progress: Progress | None = None, workers: int = 1,
          elastic: bool = False, kinds: tuple[str, ...] | None = None) -> Result:
    """Build, solve every stage in order, check the result with the solver-free checker, and return it.

    ``workers``: how many independent parts are solved at once, in worker processes (1: one after another in
    this process). The plan does not depend on it: parts share no variable, each stage is solved to proven
    optimality, the canonical stage makes each part's optimum a single plan, and parts merge in a fixed order."""
    return solve_keeping_parts(inputs, scenario, progress, workers, elastic, kinds).result


@dataclass(frozen=True)
class Solved:
    """A checked result with the model it was solved from and each part's outcome, kept so that a what-if that
    moves only some quota lines' numbers re-solves only the parts those lines reach (``resolve``)."""

    result: Result
    model: LinearModel
    parts: tuple[Component, ...]
    outcomes: tuple[PartOutcome | None, ...]  # in the order of ``parts``; None for a part without rows


def solve_keeping_parts(inputs: Inputs, scenario: Scenario, progress: Progress | None = None, workers: int = 1,
                        elastic: bool = False, kinds: tuple[str, ...] | None = None) -> Solved:
    """``solve``, keeping what ``resolve`` needs."""
    started = time.perf_counter()
    model = build_model(inputs, scenario)
    n_plain = len(model.variables)
    if kinds is not None:  # only some stages, e.g. ("coverage",) when only the coverage values are wanted
        model = replace(model, stages=tuple(stage for stage in model.stages if stage[0].kind in kinds))
    if elastic:
        model = elastic_model(model)
    return _solve_model(model, inputs, scenario, progress, workers, elastic, n_plain, started)


def resolve(solved: Solved, inputs: Inputs, scenario: Scenario) -> Result:
    """The checked result of ``scenario`` on ``inputs``, a what-if of the solved case: the model is rebuilt (or,
    where only quota lines' numbers differ, its row bounds are moved: ``build.with_quota_lines``), and a part whose
    variables and rows are the same as before keeps its outcome. Each part's optimum depends only on its own rows,
    and the canonical stage makes it a single plan, so the result is the one a whole solve gives. A part that did
    change is solved again with its old plan as a hint, optimal still wherever it fits and reaches the bound."""
    started = time.perf_counter()
    before = solved.result.scenario
    kinds = tuple(dict.fromkeys(spec.kind for spec, _ in solved.model.stages))
    if solved.result.bent is not None or before.solver != scenario.solver or before.years != scenario.years:
        return solve(inputs, scenario, workers=1, elastic=solved.result.bent is not None, kinds=kinds)
    same_settings = all(getattr(before, key) == getattr(scenario, key) for key in
                        ("data_dir", "release_limits", "tier_order", "frozen", "reference"))
    model = with_quota_lines(solved.model, solved.result.inputs, inputs, scenario) if same_settings else None
    if model is not None:
        changed = np.flatnonzero((model.rows.lower != solved.model.rows.lower)
                                 | (model.rows.upper != solved.model.rows.upper))
        parts = tuple(replace(part, rows=replace(part.rows, lower=model.rows.lower[part.row_ids],
                                                 upper=model.rows.upper[part.row_ids]))
                      if np.isin(part.row_ids, changed).any() else part for part in solved.parts)
    else:
        model = build_model(inputs, scenario)
        model = replace(model, stages=tuple(stage for stage in model.stages if stage[0].kind in kinds))
        parts = tuple(split_components(model))
        if not model.variables.equals(solved.model.variables):
            return _solve_model(model, inputs, scenario, None, 1, False, len(model.variables), started, parts).result
    old = {part.variables.tobytes(): (part, outcome) for part, outcome in zip(solved.parts, solved.outcomes)}
    known, hints = {}, {}
    for index, part in enumerate(parts):
        part_before, outcome = old.get(part.variables.tobytes(), (None, None))
        if outcome is None:
            continue
        if _same_rows(part.rows, part_before.rows):
            known[index] = outcome
        else:
            hints[index] = outcome.solution
    return _solve_model(model, inputs, scenario, None, 1, False, len(model.variables), started, parts, known,
                        hints).result


def _same_rows(a: Rows, b: Rows) -> bool:
    return all(np.array_equal(getattr(a, key), getattr(b, key)) for key in ("names", "lower", "upper", "row", "var",
                                                                            "coef"))


def _solve_model(model: LinearModel, inputs: Inputs, scenario: Scenario, progress: Progress | None, workers: int,
                 elastic: bool, n_plain: int, started: float, components: tuple[Component, ...] | None = None,
                 known: dict[int, PartOutcome] | None = None, hints: dict[int, np.ndarray] | None = None) -> Solved:
    """Solve ``model`` part by part (``known``: outcomes of parts, by their index, that need no solving; ``hints``:
    plans that may still be optimal, by part), then check."""
    say = progress or (lambda message: None)
    empty = _empty_row_conflicts(model)
    if empty:
        raise InfeasibleError(f"scenario {scenario.name} is infeasible: " + "; ".join(empty[:5]))
    components = tuple(split_components(model)) if components is None else components
    known = known or {}
    build_seconds = time.perf_counter() - started
    say(Message("model_size", seats=len(model.candidates), variables=len(model.variables), rows=len(model.rows),
                parts=len(components), seconds=build_seconds))
    values = np.zeros(len(model.variables))
    totals = {spec.name: [0, 0.0, True, 0.0] for spec, _ in model.stages}  # value, bound, optimal, seconds
    skipped: set[str] = set()  # stages some part could not reach before the time limit
    # The elastic model's slack columns are not derived from seats, so the LP chain could not complete its vertices.
    job = Job(scenario.name, replace(scenario.solver, method="mip") if elastic else scenario.solver)
    deadline = time.monotonic() - (time.perf_counter() - started) + scenario.solver.time_limit_seconds
    # Small parts first: they take fractions of a second, so a time limit falls on the largest part, which then
    # keeps the best plan of the stages it finished instead of leaving the small parts unsolved.
    ordered = sorted(range(len(components)),
                     key=lambda i: (len(components[i].variables), int(components[i].variables[0])))
    tasks = []
    for index in ordered:
        part = components[index]
        if len(part.rows) == 0:
            # Variables no rule touches: the constant of the reference distance (fixed bounds) or, in principle,
            # a seat no quota line limits. Each stays at its lower bound and adds that to the stage values.
            values[part.variables] = model.variables["lower"].to_numpy()[part.variables]
            for spec, objective in model.stages:
                mine = objective[np.isin(objective["var"].to_numpy(), part.variables)]
                totals[spec.name][0] += int(round(float(np.dot(values[mine["var"].to_numpy()], mine["coef"]))))
                totals[spec.name][1] += float(np.dot(values[mine["var"].to_numpy()], mine["coef"]))
            continue
        if index not in known:
            tasks.append((index, part, part_arguments(model, part, job, deadline) + ((hints or {}).get(index),)))

    def announce(number: int, part, outcome: PartOutcome) -> None:
        if outcome.seconds >= 1.0:
            say(Message("part_solved", number=number, total=len(tasks), size=len(part.variables),
                        seconds=outcome.seconds))

    solved = dict(known)
    solved.update(zip([index for index, _, _ in tasks],
                      _run_parts([(part, arguments) for _, part, arguments in tasks], workers, announce, say)))
    # Merged in the fixed order of the parts, whichever worker finished first: the same plan and the same sums.
    for index in ordered:
        if index not in solved:
            continue
        outcome = solved[index]
        values[components[index].variables] = outcome.solution
        skipped.update(outcome.skipped)
        for name, value, bound, optimal, seconds in outcome.stages:
            total = totals[name]
            total[0] += value
            total[1] += bound
            total[2] &= optimal
            total[3] += seconds

    # A stage that some part never reached has no value for the whole plan: it is left out, and the status says so.
    results = tuple(StageResult(name, v, b, ok, sec) for name, (v, b, ok, sec) in totals.items() if name not in skipped)
    if skipped:
        say(Message("stages_skipped", stages=", ".join(n for n in totals if n in skipped)))
    tier_names = {lang: dict(zip(inputs.tiers.index, names(inputs.tiers, lang))) for lang in LANGS}
    for number, stage in enumerate(results, start=1):
        meaning = {lang: stage_meaning(stage.name, tier_names[lang], lang) or stage.name for lang in LANGS}
        say(Message("stage_done" if stage.optimal else "stage_open", number=number, total=len(results),
                    name=stage.name, meaning=meaning, value=stage.value, bound=stage.bound, seconds=stage.seconds))
    allocation, classes = extract_plan(model, values)
    done = not skipped and all(stage.optimal for stage in results)
    bent = _bent_table(model, values, n_plain) if elastic else None
    status = Status.OPTIMAL if done else Status.TIME_LIMITED
    if bent is not None and len(bent):
        status = Status.ELASTIC
    result = Result(
        scenario=scenario, inputs=inputs, status=status,
        allocation=allocation, classes=classes, stages=results, solver=solver_name(job.solver),
        model_size={"seat_variables": len(model.candidates), "variables": len(model.variables),
                    "constraints": len(model.rows), "nonzeros": len(model.rows.coef), "parts": len(components)},
        build_seconds=build_seconds, seconds=time.perf_counter() - started, workers=workers, bent=bent,
    )
    broken = checks.check_result(result, bendable=checks.SOFT_RULES if elastic else ())
    if elastic:
        result = replace(result, violations=broken)
    say(Message("checked", rules=", ".join(checks.CHECKS)))
    return Solved(result, model, components, tuple(solved.get(i) for i in range(len(components))))


def part_arguments(model: LinearModel, part: Component, job: Job, deadline: float) -> tuple:
    """What ``solve_one_part`` needs of one part: its variables, rows and stage objectives in local numbers."""
    local = np.full(len(model.variables), -1)
    local[part.variables] = np.arange(len(part.variables))
    objectives = []
    for spec, objective in model.stages:
        mine = objective[np.isin(objective["var"].to_numpy(), part.variables)]
        if not mine.empty:
            objectives.append((spec, mine.assign(var=local[mine["var"].to_numpy()])))
    return (model.variables.iloc[part.variables].reset_index(drop=True), part.rows, objectives,
            tuple(spec.name for spec, _ in model.stages), job, deadline)


@dataclass(frozen=True)
class Job:
    """What solving a part needs of the scenario (a scenario itself holds read-only mappings that cannot be sent
    to a worker process)."""

    name: str
    solver: SolverSettings




@dataclass(frozen=True)
class PartOutcome:
    solution: np.ndarray
    stages: tuple[tuple[str, int, float, bool, float], ...]  # name, value, bound, optimal, seconds
    skipped: tuple[str, ...]
    seconds: float


def solve_one_part(variables: pd.DataFrame, rows: Rows, objectives: list, stage_names: tuple[str, ...], job: Job,
                   deadline: float, hint: np.ndarray | None = None,
                   on_stage: Callable[[str], None] | None = None) -> PartOutcome:
    """Every stage of one independent part, in order, each optimum fixed before the next (runs in a worker).
    ``on_stage`` hears each stage's name as it starts (in this process only); ``hint``: a whole plan that may still
    be optimal, for the LP chain to try."""
    part_start = time.perf_counter()
    if job.solver.method == "lp_chain":
        return _solve_part_by_lp_chain(variables, rows, objectives, stage_names, job, deadline, on_stage, hint)
    solver = stage_solver(job.solver)
    fixed: list[Rows] = [rows]
    previous: np.ndarray | None = None
    solution = np.zeros(len(variables))
    stages, skipped = [], ()
    for spec, mine in objectives:
        remaining = deadline - time.monotonic()
        if remaining <= 0 and previous is not None:  # a part with no plan yet still gets a short first try
            skipped = stage_names[stage_names.index(spec.name):]
            break
        stage_start = time.perf_counter()
        if on_stage is not None:
            on_stage(spec.name)
        # The last stage's plan stays feasible once its value is fixed: a ready incumbent for this stage.
        found = solver.solve_stage(variables, Rows.concat(fixed), mine, spec.maximise, previous, remaining)
        if found.infeasible:
            raise InfeasibleError(conflicting_rules(variables, rows, job))
        if found.values is None:
            raise TimeLimitError(f"no plan found within {job.solver.time_limit_seconds:g} s "
                                 f"(stage {spec.name}); raise solver.time_limit_seconds in the scenario")
        solution = found.values
        value = int(round(float(np.dot(solution[mine["var"].to_numpy()], mine["coef"].to_numpy()))))
        bound = float(value) if found.optimal else found.bound
        optimal = found.optimal
        stages.append((spec.name, value, bound, optimal, time.perf_counter() - stage_start))
        previous = solution
        fixed.append(_stage_row(spec.name, mine, value, spec.maximise))
    return PartOutcome(solution, tuple(stages), tuple(skipped), time.perf_counter() - part_start)


def _solve_part_by_lp_chain(variables: pd.DataFrame, rows: Rows, objectives: list, stage_names: tuple[str, ...],
                            job: Job, deadline: float, on_stage: Callable[[str], None] | None,
                            hint: np.ndarray | None) -> PartOutcome:
    part_start = time.perf_counter()
    try:
        solution, stages, stopped, _ = solve_part(variables, rows, objectives, job.solver, deadline, on_stage, hint)
    except LpInfeasible:
        raise InfeasibleError(conflicting_rules(variables, rows, job)) from None
    except LpTimeLimit as stage:
        raise TimeLimitError(f"no plan found within {job.solver.time_limit_seconds:g} s (stage {stage}); "
                             "raise solver.time_limit_seconds in the scenario") from None
    skipped = () if stopped is None else stage_names[stage_names.index(stopped):]
    return PartOutcome(solution, tuple((s.name, s.value, s.bound, s.optimal, s.seconds) for s in stages),
                        tuple(skipped), time.perf_counter() - part_start)


def _run_parts(tasks: list, workers: int, announce, say: Progress) -> list[PartOutcome]:
    """Solve the parts one after another, or ``workers`` at a time in worker processes; results in task order.

    One after another, a large part tells as each of its stages starts, so a long solve shows where it is."""
    if workers <= 1 or len(tasks) <= 1:
        outcomes = []
        for number, (part, arguments) in enumerate(tasks, start=1):
            on_stage = None
            if len(part.variables) >= LARGE_PART:
                def on_stage(name: str, number: int = number, size: int = len(part.variables)) -> None:
                    say(Message("part_stage", number=number, total=len(tasks), size=size, name=name))
            outcomes.append(solve_one_part(*arguments, on_stage=on_stage))
            announce(number, part, outcomes[-1])
        return outcomes
    return map_in_processes(solve_one_part, [arguments for _, arguments in tasks], workers,
                            on_done=lambda index, outcome: announce(index + 1, tasks[index][0], outcome))


def extract_plan(model: LinearModel, values: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
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
