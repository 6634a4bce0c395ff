"""What a solve returns: its ``Status``, one ``StageResult`` per objective stage, and the ``Result``.

Leaf types: the solver, the checker, the outputs and the analyses all speak of a plan in these terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable

import pandas as pd

from ..inputs.dataset import Inputs
from ..inputs.scenario import Scenario

Progress = Callable[[str], None]


class Status(str, Enum):
    OPTIMAL = "optimal"
    TIME_LIMITED = "time_limited"
    ELASTIC = "elastic"  # infeasible as written: the plan bends the rules listed in Result.bent
    BASELINE = "baseline"  # not optimised: a classic apportionment method's plan (baselines.py)


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
    # The rules the plan breaks (rule, subject, detail): empty for a solve, whose plan the checker has passed;
    # a baseline's are counted here, since baselines do not know the model's rules.
    violations: pd.DataFrame | None = None
    workers: int = 1  # parts solved at once; recorded in timing.json only, since the plan is the same for any
    bent: pd.DataFrame | None = None  # elastic solves: rule, bound, value, bent (rows that had to give way)
