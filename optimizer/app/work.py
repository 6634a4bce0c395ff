"""The functions a job runs in its worker process. Each turns the library's known failures into a ``Failure``
value in both languages, because an exception object may not survive the trip back between processes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .. import api


@dataclass(frozen=True)
class Failure:
    """A run that ended without a plan: the exit status the command line would give and its one line."""

    status: int
    label: str  # bad input, infeasible, …
    text: dict[str, str]  # the line in each language

    def said(self, lang: str) -> str:
        return self.text.get(lang) or self.text["en"]


@dataclass(frozen=True)
class Solved:
    """A result folder written: its status (optimal, time_limited, elastic), seats, seconds; what bent, if any."""

    folder: str
    name: str
    status: str
    seats: int
    seconds: float
    bent: list[dict] = field(default_factory=list)


def failure(error: api.OptimizerError) -> Failure:
    status = int(error.exit_status)
    return Failure(status, api.exit_label(status), {lang: api.failure_text(error, status, lang) for lang in api.LANGS})


def solve_scenario(scenario: str, out: str, lang: str = "vi", elastic: bool = False,
                   progress: Callable[[Any], None] | None = None) -> Solved | Failure:
    """Load, solve, check and write the result folder ``out`` (with report.html), as ``solve --out`` does."""
    try:
        api.check_out(out)
        case = api.load(scenario)
        result = api.solve(case, progress=progress, elastic=elastic)
        api.write(result, out, lang=lang, html=True)
    except api.OptimizerError as error:
        return failure(error)
    bent = result.bent.to_dict("records") if result.bent is not None else []
    return Solved(str(Path(out)), case[0].name, result.status.value, int(result.allocation["seats"].sum()),
                  float(result.seconds), bent)


def sensitivity_run(scenario: str, out: str, changes: tuple[str, ...], lang: str = "vi", workers: int = 2,
                    lines: tuple[tuple[int, str, str], ...] | None = None,
                    progress: Callable[[Any], None] | None = None) -> str | Failure:
    """What one more seat is worth (``sensitivity``), written to ``out``; ``progress`` gets (done, total, what).
    ``lines``: only these quota lines, (year, target, block) (None: all)."""
    try:
        api.check_out(out)
        table = api.sensitivity(scenario, workers=workers, changes=changes, lines=lines,
                                step=(lambda done, total, what: progress((done, total, what))) if progress else None)
        api.write_sensitivity(table, scenario, out, lang=lang)
    except api.OptimizerError as error:
        return failure(error)
    return str(Path(out))
