"""Many independent scenarios solved at once: in local worker processes (joblib's loky) or on a Dask cluster.

One code path for both: joblib's ``Parallel``, whose backend is loky by default and Dask's when a scheduler address
is given (``joblib.parallel_config(backend="dask")`` inside a ``distributed.Client``). Workers receive plain data
(a scenario path and a few words), because solver models do not pickle, and send back the finished files of the
result folder as bytes. The caller writes them in scenario order, so the output does not depend on the number of
workers or on which finished first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import joblib
import pandas as pd

from ..errors import ExitStatus, InputError, OptimizerError, Place, exit_label
from ..inputs.case import load_case
from ..messages import failure_text
from ..model.plan import Status
from ..model.staged import solve
from ..outputs.render import result_files
from ..outputs.report import coverage_table

try:  # the optional extra ``cluster``: only a run given --scheduler needs it
    import distributed
except ImportError:  # pragma: no cover - depends on what is installed
    distributed = None

# Demand, seats and share by (family, tier) of one plan: what the national tables join.
SUMMARY_COLUMNS = ["family", "family_name", "tier", "tier_name", "demand", "allocated"]


@dataclass(frozen=True)
class Solved:
    """One scenario of a batch, as a worker hands it back: its result folder's files, or why there are none."""

    path: str
    name: str
    status: str  # optimal | time_limited | bad input | infeasible | ...
    exit_status: int
    message: str  # the failure's one line, in the language asked, without its leading word ("" when solved)
    seats: int = 0
    files: dict[str, bytes] = field(default_factory=dict)
    summary: pd.DataFrame | None = None  # SUMMARY_COLUMNS; None when it failed

    @property
    def ok(self) -> bool:
        return self.exit_status in (ExitStatus.DONE, ExitStatus.TIME_LIMITED)


def _summary(result) -> pd.DataFrame:
    inputs = result.inputs
    table = coverage_table(result.allocation, inputs)
    table = table.groupby(["family", "tier"], sort=False)[["demand", "allocated"]].sum().reset_index()
    table["family_name"] = table["family"].map(inputs.families["name"])
    table["tier_name"] = table["tier"].map(inputs.tiers["name"])
    return table[SUMMARY_COLUMNS]


def solve_to_files(path: str, lang: str = "vi", html: bool = False, allow_outside_paths: bool = False) -> Solved:
    """Load, solve and render one scenario (run in a worker): a failure comes back as data, not as an exception,
    so one bad scenario neither stops the others nor needs its exception to pickle."""
    try:
        scenario, inputs = load_case(path, allow_outside_paths=allow_outside_paths)
        result = solve(inputs, scenario)
        files = result_files(result, lang=lang, html=html)
        exit_status = ExitStatus.DONE if result.status is Status.OPTIMAL else ExitStatus.TIME_LIMITED
        return Solved(path, scenario.name, result.status.value, int(exit_status), "",
                      int(result.allocation["seats"].sum()), files, _summary(result))
    except OptimizerError as error:
        # The line without its leading word ("bad input: "), which whoever reports the failure adds.
        line = failure_text(error, error.exit_status, lang).split(": ", 1)[-1]
        return Solved(path, "", exit_label(error.exit_status), int(error.exit_status), line)


def check_scheduler(scheduler: str | None) -> None:
    """Refuse a scheduler address when the optional Dask extra is missing, before any work."""
    if scheduler is not None and distributed is None:
        raise InputError(Place("--scheduler"), "Dask's distributed package is not installed",
                         "install the extra: pip install 'optimizer[cluster]', or leave out --scheduler",
                         problem_vi="chưa cài gói distributed của Dask",
                         fix_vi="hãy cài phần bổ sung: pip install 'optimizer[cluster]', hoặc bỏ --scheduler")


def run_parallel(function: Callable[..., Any], tasks: Sequence[tuple], jobs: int = 1, scheduler: str | None = None,
                 on_done: Callable[[int, Any], None] | None = None) -> list[Any]:
    """``function(*task)`` for every task, ``jobs`` at a time in local processes, or on the Dask cluster whose
    scheduler listens at ``scheduler`` ("tcp://host:8786"); the values in task order, ``on_done(index, value)``
    as each arrives (in task order). An error or interrupt stops the pool (loky ends its workers)."""
    check_scheduler(scheduler)
    calls = (joblib.delayed(function)(*task) for task in tasks)
    values: list[Any] = []

    def collect(parallel: joblib.Parallel) -> list[Any]:
        for index, value in enumerate(parallel(calls)):
            values.append(value)
            if on_done is not None:
                on_done(index, value)
        return values

    if scheduler is None:
        with joblib.parallel_config(backend="loky", n_jobs=jobs):
            return collect(joblib.Parallel(return_as="generator"))
    with distributed.Client(scheduler) as client, joblib.parallel_config(backend="dask"):
        _check_one_thread(client, scheduler)
        return collect(joblib.Parallel(return_as="generator"))


def _check_one_thread(client, scheduler: str) -> None:
    """Refuse workers that run several tasks as threads of one process: matplotlib's drawing state is global, so
    two plans drawn at once in one process may give other bytes (seen in coverage.svg)."""
    threads = sorted({n for n in client.nthreads().values() if n > 1})
    if threads:
        raise InputError(Place(scheduler, column="--scheduler"), f"the cluster's workers run {threads[-1]} threads "
                         "each, and plans drawn at once in one process may differ in their files",
                         "start the workers with one thread each: dask worker ADDRESS --nthreads 1 --nworkers N",
                         problem_vi=f"mỗi worker của cụm máy chạy {threads[-1]} luồng, mà các phương án vẽ cùng lúc "
                         "trong một tiến trình có thể cho tệp khác nhau",
                         fix_vi="hãy chạy mỗi worker một luồng: dask worker ADDRESS --nthreads 1 --nworkers N")


def solve_all(paths: Sequence[str], jobs: int = 1, scheduler: str | None = None, lang: str = "vi",
              html: bool = False, allow_outside_paths: bool = False,
              on_done: Callable[[int, Solved], None] | None = None) -> list[Solved]:
    """``solve_to_files`` for every scenario path, in path order (``run_parallel``)."""
    tasks = [(str(path), lang, html, allow_outside_paths) for path in paths]
    return run_parallel(solve_to_files, tasks, jobs=jobs, scheduler=scheduler, on_done=on_done)
