"""Typed errors. The library raises these; only the CLI turns them into a one-line message and an exit status."""


from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """Where a problem is: a file, and optionally a row (1-based line in the file) and a column (or, in a YAML
    scenario file, a key path such as ``caps[0].set``)."""

    file: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            label = ("option" if self.column.startswith("--") else "key" if self.file.endswith((".yaml", ".yml"))
                     else "column")
            parts.append(f"{label} {self.column}")
        return ", ".join(parts)


class OptimizerError(Exception):
    """Base class for every error the library raises on purpose."""

    exit_status = 1


class InputError(OptimizerError):
    """Bad input: names the place, the problem and the fix, on one line."""

    exit_status = 2

    def __init__(self, place: Place, problem: str, fix: str):
        self.place, self.problem, self.fix = place, problem, fix
        super().__init__(f"{place}: {problem}; {fix}")


class InfeasibleError(OptimizerError):
    """The scenario's rules cannot all hold at once."""

    exit_status = 3


class CheckFailure(OptimizerError):
    """The solver-free checker found a rule broken or a stage value it cannot reproduce: a bug, never data."""

    exit_status = 5


class OutputError(OptimizerError):
    """The result could not be written (disk full, no permission); the previous result folder is untouched."""

    exit_status = 6


class VerifyError(OptimizerError):
    """A result folder does not verify: a file was changed, a rule is broken, or a re-solve gives another plan."""

    exit_status = 7


class Terminated(KeyboardInterrupt):
    """SIGTERM: raised where Ctrl-C (KeyboardInterrupt) would be, so a run stops the same way, tidying as it goes."""
