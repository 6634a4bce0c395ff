"""Apply a scenario to the validated tables of its data folder: tables in, tables out.

The what-if changes are applied first, through their kinds (``changes.CHANGE_KINDS``, in its order; each list in
file order, a parent's before its child's), then the tier order, then the frozen actuals and the reference plan
are read. Every mistake names the scenario file and the change's key, e.g. ``scenarios/x.yaml, key caps[1].target``.
"""


from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Place
from ..files import not_a_file
from . import pins, schema
from .change_words import refused
from .changes import CHANGE_KEYS
from .dataset import Inputs
from .past import past_warnings
from .plan_checks import plan_warnings
from .scenario import Scenario
from .scenario_tables import file_hash, first_row, read_named_table, what

# The rank of each change key in the order of application.
_ORDER = {key: rank for rank, key in enumerate(CHANGE_KEYS)}


def apply_scenario(inputs: Inputs, scenario: Scenario) -> Inputs:
    """The inputs as the scenario sees them. Returns ``inputs`` unchanged when the scenario changes nothing."""
    if (not scenario.changes and not scenario.tier_order and scenario.frozen is None and scenario.reference is None
            and inputs.pins is None and not scenario.pins and not scenario.pin_files):
        return inputs
    changed = replace(inputs, extra_hashes=())  # from here on: the files this scenario reads
    for change in sorted(scenario.changes, key=lambda c: _ORDER[c.table]):  # stable: file order kept
        changed = change.kind.apply(changed, change)
    if scenario.tier_order:
        changed = replace(changed, tiers=reorder_tiers(changed.tiers, scenario))
    actuals, frozen_years, reference = None, (), None
    extra = list(changed.extra_hashes)
    if scenario.frozen is not None:
        actuals = _plan_file(scenario.frozen.file, changed, Place(str(scenario.path), column="frozen.actuals"))
        frozen_years = scenario.frozen.years
        outside = [y for y in frozen_years if y not in scenario.years]
        if outside:
            raise refused(Place(str(scenario.path), column="frozen.years"),
                             f"year {outside[0]} is not one of the scenario's years", "freeze only years it plans")
        if (row := first_row(~actuals["year"].isin(frozen_years), actuals)) is not None:
            raise refused(Place(str(scenario.frozen.file), int(row["line"]), "year"),
                             f"year {row['year']} is not a frozen year", "list it under frozen.years or remove the row")
        actuals = _seats_table(actuals)
        extra.append(file_hash(scenario.frozen.file))
    if scenario.reference is not None:
        reference = _plan_file(scenario.reference, changed, Place(str(scenario.path), column="reference"))
        # A previous plan may reach beyond this one's horizon; only the years planned here can stay put.
        reference = _seats_table(reference[reference["year"].isin(scenario.years)])
        extra.append(file_hash(scenario.reference))
    past = tuple(y for y in scenario.past_years if y not in frozen_years) if reference is not None else ()
    pinned = _pins(changed, scenario, extra)
    changed = replace(changed, actuals=actuals, frozen_years=frozen_years, reference=reference, past_years=past,
                      pins=pinned, extra_hashes=tuple(extra), warnings=())
    return replace(changed, warnings=plan_warnings(changed) + past_warnings(changed, scenario))


def _pins(inputs: Inputs, scenario: Scenario, extra: list) -> pd.DataFrame | None:
    """The data folder's pins, then the scenario's entries and files, checked against the data the scenario
    sees (its units after merges and splits, its years); None when there are none."""
    tables = [] if inputs.pins is None else [inputs.pins]
    tables.append(pins.entries_table(scenario.pins))
    for path in scenario.pin_files:
        if (problem := not_a_file(path)) is not None:
            raise refused(Place(str(scenario.path), column="pins"), f"the file {path} {what(problem)}",
                             "check the path (it is relative to the scenario)")
        tables.append(pins.file_table(read_named_table(path, schema.PINS), path))
        extra.append(file_hash(path))
    table = pins.normalised(pd.concat([t for t in tables if len(t)] or [pins.empty()], ignore_index=True))
    pins.check_pins(table, inputs.units, inputs.courses, inputs.families, inputs.demand, scenario.years)
    return table if len(table) else None


# --- tiers, frozen years and the reference plan --------------------------------------------------------------


def reorder_tiers(tiers: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """tier_order lists every tier once, most urgent first; ranks follow it."""
    order = list(scenario.tier_order)
    place = Place(str(scenario.path), column="tier_order")
    unknown = [t for t in order if t not in tiers.index]
    if unknown:
        raise refused(place, f"unknown tier '{unknown[0]}'", f"use the tiers of tiers.csv: {', '.join(tiers.index)}")
    missing = [t for t in tiers.index if t not in order]
    if missing:
        raise refused(place, f"tier '{missing[0]}' is missing", "list every tier once")
    tiers = tiers.loc[order].copy()
    tiers["rank"] = pd.array(np.arange(1, len(order) + 1), dtype="Int64")
    return tiers


def _plan_file(path: Path, inputs: Inputs, place: Place) -> pd.DataFrame:
    """Seats per (demand row, year, course) from a CSV: frozen actuals or a reference plan."""
    if (problem := not_a_file(path)) is not None:
        raise refused(place, f"the file {path} {what(problem)}", "check the path (it is relative to the scenario)")
    table = read_named_table(path, schema.ASSIGNMENTS)
    duplicated = table.duplicated(list(schema.ASSIGNMENTS.key))
    if (row := first_row(duplicated, table)) is not None:
        raise refused(Place(str(path), int(row["line"]), "demand_id"), "the row appears twice",
                         "keep one row per demand_id, year and course_id")
    if (row := first_row(~table["demand_id"].isin(inputs.demand.index), table)) is not None:
        raise refused(Place(str(path), int(row["line"]), "demand_id"), f"unknown demand row '{row['demand_id']}'",
                         "use the demand_id of a row of this scenario's demand")
    if (row := first_row(~table["course_id"].isin(inputs.courses.index), table)) is not None:
        raise refused(Place(str(path), int(row["line"]), "course_id"), f"unknown course '{row['course_id']}'",
                         "use a course_id from courses.csv")
    family = table["demand_id"].map(inputs.demand["family"])
    wrong = family != table["course_id"].map(inputs.courses["family"])
    if (row := first_row(wrong, table)) is not None:
        raise refused(Place(str(path), int(row["line"]), "course_id"),
                         f"course '{row['course_id']}' does not serve the row's family", "fix the course or the row")
    return table


def _seats_table(table: pd.DataFrame) -> pd.DataFrame:
    table = table[table["seats"] > 0]
    return table[["demand_id", "year", "course_id", "seats"]].astype(
        {"year": "int64", "seats": "int64"}).sort_values(["demand_id", "year", "course_id"]).reset_index(drop=True)
