"""Scenario files: which data, which years, the operational limits and the solver settings of one run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from . import schema
from .errors import InputError, Place

KNOWN_KEYS = {"name", "question", "data", "years", "release_limits", "solver"}
SOLVER_KEYS = {"name", "time_limit_seconds", "seed"}
SOLVER_NAMES = ("highs", "cp_sat", "scip")


@dataclass(frozen=True)
class SolverSettings:
    name: str = "highs"  # a MathOpt solver that OR-Tools ships: highs, cp_sat or scip
    time_limit_seconds: float = 60.0
    seed: int = 0


@dataclass(frozen=True)
class Scenario:
    path: Path
    name: str
    question: str
    data_dir: Path
    years: tuple[int, ...]
    release_limits: Mapping[str, int]  # unit kind -> full-time seats in progress per unit and year
    solver: SolverSettings

    def as_dict(self) -> dict[str, Any]:
        """The resolved settings, as recorded beside every result."""
        return {
            "name": self.name,
            "question": self.question,
            "data": self.data_dir.as_posix(),
            "years": list(self.years),
            "release_limits": dict(sorted(self.release_limits.items())),
            "solver": {"name": self.solver.name, "time_limit_seconds": self.solver.time_limit_seconds,
                       "seed": self.solver.seed},
        }


def _whole(value: Any, place: Place, what: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(place, f"{what} must be a whole number of at least {minimum}, not {value!r}", "fix the value")
    return value


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    if not path.is_file():
        raise InputError(Place(str(path)), "the scenario file does not exist", "check the path")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(Place(str(path)), "the file is not UTF-8", "save it as UTF-8") from None
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        raise InputError(Place(str(path), None if line is None else line + 1), "is not valid YAML",
                         "check indentation and colons") from None
    if not isinstance(raw, dict):
        raise InputError(Place(str(path)), "is not a mapping of keys to values", "see scenarios/baseline.yaml")
    for key in raw:
        if key not in KNOWN_KEYS:
            raise InputError(Place(str(path), column=str(key)), "unknown key", f"use only: {', '.join(sorted(KNOWN_KEYS))}")
    for key in ("data", "years", "release_limits"):
        if key not in raw:
            raise InputError(Place(str(path), column=key), "required key is missing", "see scenarios/baseline.yaml")

    years = raw["years"]
    if not isinstance(years, list) or not years:
        raise InputError(Place(str(path), column="years"), "must be a list of years", "write e.g. [2023, 2024, 2025]")
    years = tuple(sorted({_whole(y, Place(str(path), column="years"), "a year", schema.MIN_YEAR) for y in years}))

    limits = raw["release_limits"]
    if not isinstance(limits, dict):
        raise InputError(Place(str(path), column="release_limits"), "must map unit kinds to numbers",
                         f"use the kinds {', '.join(schema.UNIT_KINDS)}")
    for kind, value in limits.items():
        place = Place(str(path), column=f"release_limits.{kind}")
        if kind not in schema.UNIT_KINDS:
            raise InputError(place, "unknown unit kind", f"use one of: {', '.join(schema.UNIT_KINDS)}")
        _whole(value, place, "a release limit")

    solver_raw = raw.get("solver") or {}
    if not isinstance(solver_raw, dict):
        raise InputError(Place(str(path), column="solver"), "must be a mapping", "see scenarios/baseline.yaml")
    for key in solver_raw:
        if key not in SOLVER_KEYS:
            raise InputError(Place(str(path), column=f"solver.{key}"), "unknown key",
                             f"use only: {', '.join(sorted(SOLVER_KEYS))}")
    limit = solver_raw.get("time_limit_seconds", SolverSettings.time_limit_seconds)
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or not limit > 0:  # `not >` also rejects NaN
        raise InputError(Place(str(path), column="solver.time_limit_seconds"), "must be a positive number of seconds",
                         "write e.g. 60")
    name = solver_raw.get("name", SolverSettings.name)
    if name not in SOLVER_NAMES:
        raise InputError(Place(str(path), column="solver.name"), f"unknown solver {name!r}",
                         f"use one of: {', '.join(SOLVER_NAMES)}")
    solver = SolverSettings(
        name=name,
        time_limit_seconds=float(limit),
        seed=_whole(solver_raw.get("seed", 0), Place(str(path), column="solver.seed"), "seed"),
    )
    data = raw["data"]
    if not isinstance(data, str):
        raise InputError(Place(str(path), column="data"), "must be a folder path", "write the path to a data folder")
    return Scenario(
        path=path,
        name=str(raw.get("name") or path.stem),
        question=str(raw.get("question") or ""),
        data_dir=(path.parent / data),
        years=years,
        release_limits=MappingProxyType({str(k): int(v) for k, v in limits.items()}),
        solver=solver,
    )


def check_scenario_against(scenario: Scenario, plan_years: tuple[int, ...], unit_kinds: set[str]) -> None:
    """The scenario must stay within the data's plan years and give a release limit for every kind of unit."""
    outside = [y for y in scenario.years if y not in plan_years]
    if outside:
        raise InputError(Place(str(scenario.path), column="years"),
                         f"year {outside[0]} is outside the plan's years {plan_years[0]}–{plan_years[-1]} (caps.csv)",
                         "remove the year or add caps for it")
    missing = sorted(unit_kinds - set(scenario.release_limits))
    if missing:
        raise InputError(Place(str(scenario.path), column="release_limits"),
                         f"no release limit for units of kind '{missing[0]}'", f"add 'release_limits.{missing[0]}: N'")
