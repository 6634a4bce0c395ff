"""Apply a scenario's what-if changes to the validated tables of its data folder: tables in, tables out.

Changes are applied in a fixed order (add_years, caps, demand, units; each list in file order, a parent's
before its child's), then the tier order, then the frozen actuals and the reference plan are read. Every
mistake names the scenario file and the change's key, e.g. ``scenarios/x.yaml, key caps[1].target``.
"""


from __future__ import annotations

import csv
import difflib
import hashlib
import io
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Place
from ..files import MISSING, not_a_file
from . import schema
from .data import check_demand_rows
from .dataset import Inputs
from .plan_checks import plan_warnings
from .reading import _decode, check_file, read_table_file
from .scenario import CHANGE_KEYS, Change, Scenario


def apply_scenario(inputs: Inputs, scenario: Scenario) -> Inputs:
    """The inputs as the scenario sees them. Returns ``inputs`` unchanged when the scenario changes nothing."""
    caps, demand, units, tiers = inputs.caps, inputs.demand, inputs.units, inputs.tiers
    ordered = sorted(scenario.changes, key=lambda c: CHANGE_KEYS.index(c.table))  # stable: file order kept
    extra: list[tuple[str, str]] = []
    for change in ordered:
        if change.table == "add_years":
            caps = add_years(caps, change)
        elif change.table == "caps":
            caps = change_caps(caps, inputs.courses, inputs.families, change)
        elif change.table == "demand":
            demand, read = change_demand(demand, inputs, units, tiers, caps, change)
            extra += read
        elif change.operation == "merge":
            demand = merge_unit(demand, units, change)
        else:
            units, demand = split_unit(units, demand, change)
    if scenario.tier_order:
        tiers = reorder_tiers(tiers, scenario)
    if not scenario.changes and not scenario.tier_order and scenario.frozen is None and scenario.reference is None:
        return inputs
    changed = replace(inputs, caps=caps, demand=demand, units=units, tiers=tiers)
    actuals, frozen_years, reference = None, (), None
    if scenario.frozen is not None:
        actuals = _plan_file(scenario.frozen.file, changed, Place(str(scenario.path), column="frozen.actuals"))
        frozen_years = scenario.frozen.years
        outside = [y for y in frozen_years if y not in scenario.years]
        if outside:
            raise InputError(Place(str(scenario.path), column="frozen.years"),
                             f"year {outside[0]} is not one of the scenario's years", "freeze only years it plans")
        if (row := _first(~actuals["year"].isin(frozen_years), actuals)) is not None:
            raise InputError(Place(str(scenario.frozen.file), int(row["line"]), "year"),
                             f"year {row['year']} is not a frozen year", "list it under frozen.years or remove the row")
        actuals = _seats_table(actuals)
        extra.append(_hash(scenario.frozen.file))
    if scenario.reference is not None:
        reference = _plan_file(scenario.reference, changed, Place(str(scenario.path), column="reference"))
        # A previous plan may reach beyond this one's horizon; only the years planned here can stay put.
        reference = _seats_table(reference[reference["year"].isin(scenario.years)])
        extra.append(_hash(scenario.reference))
    changed = replace(changed, actuals=actuals, frozen_years=frozen_years, reference=reference,
                      extra_hashes=tuple(extra), warnings=())
    return replace(changed, warnings=plan_warnings(changed))


def _what(problem: str) -> str:
    return "does not exist" if problem == MISSING else problem


def _read_named_table(path: Path, table: schema.Table) -> pd.DataFrame:
    """A table from a file a scenario names. Its header must be ours before anything else is read: the file may
    be any file at all, and the table reader's messages quote headers and cells, which must not leak a stranger's
    file (a password file's first line, a key) into a message."""
    check_file(path, table)  # a named pipe or a huge file is refused before it is opened
    text = _decode(path, path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next((record for record in reader if any(cell.strip() for cell in record)), None)
    known = [c.name for c in table.columns]
    unknown = [i for i, cell in enumerate(header or []) if cell.strip() not in known]
    if header is not None and unknown:
        close = difflib.get_close_matches(header[unknown[0]].strip(), known, n=1)
        fix = f"rename column {unknown[0] + 1} to '{close[0]}'" if close else "name a file with these columns"
        raise InputError(Place(str(path), reader.line_num), f"its header is not that of a table of {table.name} "
                         f"(expected columns {', '.join(known)})", fix)
    return read_table_file(path, table)


def _hash(path: Path) -> tuple[str, str]:
    return path.as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()


def _first(mask: pd.Series, frame: pd.DataFrame) -> pd.Series | None:
    return frame[mask.to_numpy()].iloc[0] if mask.any() else None


def _round(values: pd.Series) -> pd.Series:
    """Whole seats or cadres, halves rounded up (never banker's rounding: 2.5 → 3)."""
    return np.floor(values.astype(float) + 0.5).astype("Int64")


# --- quotas ----------------------------------------------------------------------------------------------------


def add_years(caps: pd.DataFrame, change: Change) -> pd.DataFrame:
    """Copy the quota lines of one year to new years (the horizon moves; the numbers stay as in that year)."""
    source = change.spec["copy_caps_from"]
    template = caps[caps["year"] == source]
    if template.empty:
        raise InputError(change.place("copy_caps_from"), f"the data have no quota lines for {source}",
                         "copy from a year that caps.csv covers")
    taken = [y for y in change.spec["years"] if (caps["year"] == y).any()]
    if taken:
        raise InputError(change.place("years"), f"{taken[0]} already has quota lines",
                         "add only years the data do not cover, or change their quotas under 'caps'")
    copies = []
    next_line = int(caps["line"].max()) + 1
    for year in change.spec["years"]:
        copy = template.assign(year=year, source=template["source"] + f" (copied from {source})")
        copy["line"] = np.arange(next_line, next_line + len(copy))
        next_line += len(copy)
        copies.append(copy)
    out = pd.concat([caps, *copies])
    out["year"] = out["year"].astype("Int64")
    return out.set_index(out["line"].rename("cap_row"))


def _select_caps(caps: pd.DataFrame, change: Change) -> pd.Series:
    spec = change.spec
    chosen = caps["target"] == spec["target"]
    if "block" in spec:
        chosen &= caps["block"] == spec["block"]
    if "years" in spec:
        chosen &= caps["year"].isin(spec["years"])
    if "from_year" in spec:
        chosen &= caps["year"] >= spec["from_year"]
    if not chosen.any():
        where = "" if "block" not in spec else f" (block {spec['block']})"
        raise InputError(change.place("target"), f"no quota line of '{spec['target']}'{where} in the selected years",
                         "use a target and years that caps.csv has")
    return chosen


def change_caps(caps: pd.DataFrame, courses: pd.DataFrame, families: pd.DataFrame, change: Change) -> pd.DataFrame:
    """set: write quota columns; scale: multiply seat bounds; add_classes: ±n classes (and their seats); remove."""
    target = change.spec["target"]
    if target not in courses.index and target not in families.index:
        raise InputError(change.place("target"), f"unknown course or family '{target}'",
                         "use a course_id from courses.csv or a family from families.csv")
    chosen = _select_caps(caps, change)
    caps = caps.copy()
    operation, value = change.operation, change.spec[change.operation]
    if operation == "remove":
        return caps[~chosen]
    if operation == "set":
        for column, number in value.items():
            caps.loc[chosen, column] = pd.NA if number is None else number
    elif operation == "scale":
        if caps.loc[chosen, ["seats_min", "seats_max"]].isna().all(axis=None):
            raise InputError(change.place("scale"), f"the quota lines of '{target}' limit classes, not seats",
                             "use add_classes or set classes_min/classes_max")
        for column in ("seats_min", "seats_max"):
            caps.loc[chosen, column] = _round(caps.loc[chosen, column] * value)
    else:
        has_classes = chosen & (caps["classes_min"].notna() | caps["classes_max"].notna())
        if not has_classes.any():
            raise InputError(change.place("add_classes"), f"the quota lines of '{target}' set no number of classes",
                             "use set or scale for seats")
        # A line that gives both seats and classes ("5 classes / 250 students") keeps its seats per class.
        per_class = caps["seats_max"].astype(float) / caps["classes_max"].astype(float)
        both = has_classes & caps["seats_max"].notna() & caps["classes_max"].notna() & (caps["classes_max"] > 0)
        caps.loc[both, "seats_max"] = _round(caps.loc[both, "seats_max"] + value * per_class[both])
        for column in ("classes_min", "classes_max"):
            present = has_classes & caps[column].notna()
            caps.loc[present, column] = caps.loc[present, column] + value
    for column in schema.CAPS.columns:
        if column.kind == "int":
            caps[column.name] = caps[column.name].astype("Int64")
    _check_changed_caps(caps[chosen], change)
    return caps


def _check_changed_caps(caps: pd.DataFrame, change: Change) -> None:
    for low, high in (("seats_min", "seats_max"), ("classes_min", "classes_max")):
        negative = (caps[low] < 0).fillna(False) | (caps[high] < 0).fillna(False)
        inverted = (caps[low] > caps[high]).fillna(False)
        for mask, problem in ((negative, "a negative number"), (inverted, f"{low} above {high}")):
            if (row := _first(mask, caps)) is not None:
                raise InputError(change.place(change.operation),
                                 f"leaves {row['target']} {row['year']} with {problem} "
                                 f"({low} {row[low]}, {high} {row[high]})", "change the values")
    empty = caps[["seats_min", "seats_max", "classes_min", "classes_max"]].isna().all(axis=1)
    if (row := _first(empty, caps)) is not None:
        raise InputError(change.place(change.operation), f"leaves the {row['year']} line of {row['target']} "
                         "limiting nothing", "use 'remove: true' to drop a quota line")


# --- demand ----------------------------------------------------------------------------------------------------


def _select_demand(demand: pd.DataFrame, inputs: Inputs, units: pd.DataFrame, tiers: pd.DataFrame,
                   change: Change) -> pd.Series:
    spec = change.spec
    chosen = pd.Series(True, index=demand.index)
    for key, column, known, where in (("family", "family", inputs.families.index, "families.csv"),
                                      ("tier", "tier", tiers.index, "tiers.csv")):
        if key in spec:
            if spec[key] not in known:
                raise InputError(change.place(key), f"unknown {key} '{spec[key]}'", f"use one listed in {where}")
            chosen &= demand[column] == spec[key]
    if "units" in spec:
        unknown = [u for u in spec["units"] if u not in units.index]
        if unknown:
            raise InputError(change.place("units"), f"unknown unit '{unknown[0]}'", "use a unit_id from units.csv")
        chosen &= demand["unit_id"].isin(spec["units"])
    if "block" in spec:
        chosen &= demand["block"] == spec["block"]
    return chosen


def change_demand(demand: pd.DataFrame, inputs: Inputs, units: pd.DataFrame, tiers: pd.DataFrame,
                  caps: pd.DataFrame, change: Change) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """scale or set the selected demand rows, or replace them with the rows of another demand file."""
    chosen = _select_demand(demand, inputs, units, tiers, change)
    operation, value = change.operation, change.spec[change.operation]
    if operation != "replace" and not chosen.any():
        raise InputError(change.place(), "selects no demand rows", "check unit, family, tier and block")
    demand = demand.copy()
    if operation == "scale":
        demand.loc[chosen, "count"] = _round(demand.loc[chosen, "count"] * value)
    elif operation == "set":
        for column, item in value.items():
            demand.loc[chosen, column] = item
        inverted = chosen & (demand["deadline_year"] < demand["earliest_year"])
        if inverted.any():
            raise InputError(change.place("set"), f"leaves {demand.index[inverted.to_numpy()][0]} with a deadline "
                             "before its earliest year", "change the years")
    else:
        path = value
        if (problem := not_a_file(path)) is not None:
            raise InputError(change.place("replace"), f"the file {path} {_what(problem)}",
                             "check the path (it is relative to the scenario file)")
        new = _read_named_table(path, schema.DEMAND)
        plan_years = sorted(int(y) for y in caps["year"].unique())
        check_demand_rows(new, units, inputs.families, inputs.courses, tiers, plan_years, path)
        outside = ~_select_demand(new, inputs, units, tiers, change)
        if (row := _first(outside, new)) is not None:
            raise InputError(Place(str(path), int(row["line"]), "unit_id"),
                             "the row is not one of the rows this change replaces",
                             f"keep only rows that {change.key} selects, or widen its selection")
        new = new.set_index("demand_id")
        kept = demand[~chosen]
        clash = new.index.intersection(kept.index)
        if len(clash):
            raise InputError(Place(str(path), int(new.loc[clash[0], "line"]), "demand_id"),
                             f"'{clash[0]}' is also a row that stays", "give the new rows their own ids")
        if new.index.has_duplicates:
            first = new.index[new.index.duplicated()][0]
            raise InputError(Place(str(path), int(new.loc[first, "line"].max()), "demand_id"),
                             f"'{first}' appears more than once", "keep one row per id")
        demand = pd.concat([kept, new])
        return demand, [_hash(path)]
    return demand, []


# --- units -----------------------------------------------------------------------------------------------------


def _known_unit(units: pd.DataFrame, unit: str, change: Change, key: str) -> None:
    if unit not in units.index:
        raise InputError(change.place(key), f"unknown unit '{unit}'", "use a unit_id from units.csv")


def _not_yet_changed(demand: pd.DataFrame, rows: pd.Series, change: Change, key: str) -> None:
    if demand.loc[rows, "former_unit"].notna().any():
        raise InputError(change.place(key), "the unit's rows were already merged or split by an earlier change",
                         "merge or split each unit once per scenario")


def merge_unit(demand: pd.DataFrame, units: pd.DataFrame, change: Change) -> pd.DataFrame:
    """From the year of the date, the merged unit's demand belongs to the unit it joins; earlier seats stay its own."""
    old, new = change.spec["merge"], change.spec["into"]
    _known_unit(units, old, change, "merge")
    _known_unit(units, new, change, "into")
    if old == new:
        raise InputError(change.place("into"), "a unit cannot merge into itself", "name another unit")
    rows = demand["unit_id"] == old
    _not_yet_changed(demand, rows, change, "merge")
    demand = demand.copy()
    demand.loc[rows, "former_unit"] = old
    demand.loc[rows, "change_year"] = change.spec["year"]
    demand.loc[rows, "unit_id"] = new
    demand["change_year"] = demand["change_year"].astype("Int64")
    return demand


def split_unit(units: pd.DataFrame, demand: pd.DataFrame, change: Change) -> tuple[pd.DataFrame, pd.DataFrame]:
    """From the year of the date, the unit becomes several; each of its demand rows is shared out by the given
    shares (largest remainder, ties to the first listed unit), and earlier seats stay the old unit's."""
    old, parts = change.spec["split"], change.spec["into"]
    _known_unit(units, old, change, "split")
    for i, part in enumerate(parts):
        if part["unit_id"] in units.index:
            raise InputError(change.place(f"into[{i}].unit_id"), f"unit '{part['unit_id']}' already exists",
                             "give the new unit its own id")
    added = pd.DataFrame({"name": [p["name"] for p in parts],
                          "name_en": [p.get("name_en", p["name"]) for p in parts],
                          "kind": [p.get("kind", units.loc[old, "kind"]) for p in parts]},
                         index=pd.Index([p["unit_id"] for p in parts], name=units.index.name))
    position = units.index.get_loc(old) + 1
    units = pd.concat([units.iloc[:position], added, units.iloc[position:]])
    units["order"] = np.arange(len(units))
    rows = demand["unit_id"] == old
    _not_yet_changed(demand, rows, change, "split")
    shares = np.array([p["share"] for p in parts], dtype=float)
    source = demand[rows]
    counts = _largest_remainder(source["count"].astype(int).to_numpy(), shares)
    pieces = []
    for j, part in enumerate(parts):
        piece = source.assign(unit_id=part["unit_id"], former_unit=old, change_year=change.spec["year"],
                              count=counts[:, j])
        piece.index = source.index + "@" + part["unit_id"]
        pieces.append(piece)
    demand = pd.concat([demand[~rows], *pieces])
    demand["count"] = demand["count"].astype("Int64")
    demand["change_year"] = demand["change_year"].astype("Int64")
    return units, demand


def _largest_remainder(counts: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Each count split by the shares into whole parts that add up to it (Hamilton's method per row)."""
    exact = counts[:, None] * shares[None, :]
    whole = np.floor(exact + 1e-9).astype(int)
    left = counts - whole.sum(axis=1)
    order = np.argsort(-(exact - whole), axis=1, kind="stable")
    for i in np.flatnonzero(left):
        whole[i, order[i, : left[i]]] += 1
    return whole


# --- tiers, frozen years and the reference plan --------------------------------------------------------------


def reorder_tiers(tiers: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """tier_order lists every tier once, most urgent first; ranks follow it."""
    order = list(scenario.tier_order)
    place = Place(str(scenario.path), column="tier_order")
    unknown = [t for t in order if t not in tiers.index]
    if unknown:
        raise InputError(place, f"unknown tier '{unknown[0]}'", f"use the tiers of tiers.csv: {', '.join(tiers.index)}")
    missing = [t for t in tiers.index if t not in order]
    if missing:
        raise InputError(place, f"tier '{missing[0]}' is missing", "list every tier once")
    tiers = tiers.loc[order].copy()
    tiers["rank"] = pd.array(np.arange(1, len(order) + 1), dtype="Int64")
    return tiers


def _plan_file(path: Path, inputs: Inputs, place: Place) -> pd.DataFrame:
    """Seats per (demand row, year, course) from a CSV: frozen actuals or a reference plan."""
    if (problem := not_a_file(path)) is not None:
        raise InputError(place, f"the file {path} {_what(problem)}", "check the path (it is relative to the scenario)")
    table = _read_named_table(path, schema.ASSIGNMENTS)
    duplicated = table.duplicated(list(schema.ASSIGNMENTS.key))
    if (row := _first(duplicated, table)) is not None:
        raise InputError(Place(str(path), int(row["line"]), "demand_id"), "the row appears twice",
                         "keep one row per demand_id, year and course_id")
    if (row := _first(~table["demand_id"].isin(inputs.demand.index), table)) is not None:
        raise InputError(Place(str(path), int(row["line"]), "demand_id"), f"unknown demand row '{row['demand_id']}'",
                         "use the demand_id of a row of this scenario's demand")
    if (row := _first(~table["course_id"].isin(inputs.courses.index), table)) is not None:
        raise InputError(Place(str(path), int(row["line"]), "course_id"), f"unknown course '{row['course_id']}'",
                         "use a course_id from courses.csv")
    family = table["demand_id"].map(inputs.demand["family"])
    wrong = family != table["course_id"].map(inputs.courses["family"])
    if (row := _first(wrong, table)) is not None:
        raise InputError(Place(str(path), int(row["line"]), "course_id"),
                         f"course '{row['course_id']}' does not serve the row's family", "fix the course or the row")
    return table


def _seats_table(table: pd.DataFrame) -> pd.DataFrame:
    table = table[table["seats"] > 0]
    return table[["demand_id", "year", "course_id", "seats"]].astype(
        {"year": "int64", "seats": "int64"}).sort_values(["demand_id", "year", "course_id"]).reset_index(drop=True)
