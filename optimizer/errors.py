"""Typed errors and the exit statuses they map to. The library raises these; only the command line turns them
into a one-line message and an exit status, both taken from here.

Exit statuses: 0 done (optimal), 1 unexpected error, 2 bad input, 3 infeasible scenario, 4 time limit reached
(a checked plan is written but not proven optimal, or no plan was found), 5 checker failure (a bug), 6 a file
could not be read or written (disk full, permissions; no result folder was changed), 7 a result folder does not
verify, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitStatus(IntEnum):
    DONE = 0
    ERROR = 1
    BAD_INPUT = 2
    INFEASIBLE = 3
    TIME_LIMITED = 4
    CHECKER_FAILURE = 5
    FILE_ERROR = 6
    NOT_VERIFIED = 7
    INTERRUPTED = 130  # 128 + SIGINT, as shells report it
    TERMINATED = 143  # 128 + SIGTERM


# The word a message starts with, and a batch's status column shows, for a run that ended with the status.
EXIT_LABELS = {ExitStatus.BAD_INPUT: "bad input", ExitStatus.INFEASIBLE: "infeasible",
               ExitStatus.TIME_LIMITED: "time limit", ExitStatus.CHECKER_FAILURE: "checker failure"}


def exit_label(status: int) -> str:
    return EXIT_LABELS.get(status, "error")


PLACE_WORDS = {"row": "row", "column": "column", "key": "key", "option": "option"}


@dataclass(frozen=True)
class Place:
    """Where a problem is: a file, and optionally a row (1-based line in the file) and a column (or, in a YAML
    scenario file, a key path such as ``caps[0].set``)."""

    file: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        return self.said(PLACE_WORDS)

    def said(self, words: dict[str, str]) -> str:
        """The place in the words of a language (``PLACE_WORDS``: row, column, key, option)."""
        parts = [self.file]
        if self.row is not None:
            parts.append(f"{words['row']} {self.row}")
        if self.column is not None:
            parts.append(f"{words[self.column_kind()]} {self.column}")
        return ", ".join(parts)

    def column_kind(self) -> str:
        """What ``column`` names: a command-line option, a key of a YAML scenario, or a table's column."""
        column = self.column or ""
        return "option" if column.startswith("--") else "key" if self.file.endswith((".yaml", ".yml")) else "column"


class OptimizerError(Exception):
    """Base class for every error the library raises on purpose."""

    exit_status = ExitStatus.ERROR


class InputError(OptimizerError):
    """Bad input: names the place, the problem and the fix, on one line."""

    exit_status = ExitStatus.BAD_INPUT

    def __init__(self, place: Place, problem: str, fix: str, *, problem_vi: str = "", fix_vi: str = ""):
        self.place, self.problem, self.fix = place, problem, fix
        # The same in Vietnamese, where the message has been translated (the command line falls back to English).
        self.problem_vi, self.fix_vi = problem_vi, fix_vi
        super().__init__(f"{place}: {problem}; {fix}")


class InfeasibleError(OptimizerError):
    """The scenario's rules cannot all hold at once."""

    exit_status = ExitStatus.INFEASIBLE


class CheckFailure(OptimizerError):
    """The solver-free checker found a rule broken or a stage value it cannot reproduce: a bug, never data."""

    exit_status = ExitStatus.CHECKER_FAILURE


class OutputError(OptimizerError):
    """The result could not be written (disk full, no permission); the previous result folder is untouched."""

    exit_status = ExitStatus.FILE_ERROR


class VerifyError(OptimizerError):
    """A result folder does not verify: a file was changed, a rule is broken, or a re-solve gives another plan."""

    exit_status = ExitStatus.NOT_VERIFIED


class Terminated(KeyboardInterrupt):
    """SIGTERM: raised where Ctrl-C (KeyboardInterrupt) would be, so a run stops the same way, tidying as it goes."""
