"""One case to solve: a scenario file (or a what-if built in Python) and its data, loaded and checked together."""

from __future__ import annotations

import datetime
from pathlib import Path

from .data import load_inputs
from .dataset import Inputs
from .overrides import apply_scenario
from .scenario import (
    Scenario,
    check_scenario_against,
    check_separation,
    default_scenario,
    load_scenario,
    variant_scenario,
)

DATA_FILES = ("units.csv", "caps.csv", "demand.csv")  # a folder holding these is a data folder
PEOPLE_FILE = "cadres.csv"  # ... or holding cadres.csv instead of demand.csv


def is_data_folder(path: str | Path) -> bool:
    """Whether ``path`` is a data folder (its CSV tables) rather than a scenario file or a folder of them."""
    path = Path(path)
    needed = [name for name in DATA_FILES if name != "demand.csv" or not (path / PEOPLE_FILE).is_file()]
    return path.is_dir() and all((path / name).is_file() for name in needed)


def load_case(scenario: str | Path | Scenario, allow_outside_paths: bool = False,
              today: datetime.date | None = None) -> tuple[Scenario, Inputs]:
    """The scenario after ``extends``, and its data after the scenario's changes, validated together.
    ``allow_outside_paths`` lets a scenario file name files to read outside its folder and the data folder.
    A data folder instead of a scenario is solved with the defaults (``scenario.default_scenario``): the years of
    its quota lines and the bundled baseline's settings. ``today``: the date the scenario is planned on, for its
    default plan_from_year (None: the computer's date)."""
    if not isinstance(scenario, Scenario) and is_data_folder(scenario):
        inputs = load_inputs(Path(scenario))
        scenario = default_scenario(scenario, inputs.plan_years)
        check_scenario_against(scenario, inputs.plan_years, set(inputs.units["kind"]))
        return scenario, inputs
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario, allow_outside_paths=allow_outside_paths, today=today)
    inputs = apply_scenario(load_inputs(scenario.data_dir, regulation=scenario.regulation), scenario)
    check_scenario_against(scenario, inputs.plan_years, set(inputs.units["kind"]))
    check_separation(scenario, inputs.units)
    return scenario, inputs


def load_variant(base: str | Path, name: str, question: str = "", **keys) -> tuple[Scenario, Inputs]:
    """A what-if built in Python, loaded like a file that extends ``base`` with ``keys``, e.g.
    ``load_variant("scenarios/baseline.yaml", "cut", caps=[{"target": "cao_cap_tt", "set": {"seats_max": 30}}])``.
    """
    return load_case(variant_scenario(base, name, question, **keys))
