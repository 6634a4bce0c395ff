"""Pins: a planner's decisions recorded as data, read and checked here, enforced by the model's rule ``pinned``.

A pin fixes a unit's seats in one course (or every course of a family) in one year: exactly ``seats``, or at
least ``at_least`` and/or at most ``at_most``; everything else is optimised around it. Pins come from the data
folder's optional ``pins.csv`` and from a scenario's ``pins:`` (a list of entries or the path of a CSV of the same
columns); a scenario's pins add to its parent's. All of them end up in one table, ``Inputs.pins``, in the columns
of ``schema.PINS`` plus where each was written (``file``, ``line``, ``key``), so that every message about a pin
names its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import Place
from . import scenario_fields as fields
from . import schema
from .change_words import refused

ENTRY_KEYS = ("unit", "course", "year", "seats", "at_least", "at_most", "note")
BOUND_KEYS = ("seats", "at_least", "at_most")
EXAMPLE = "'- {unit: tp_nam_dinh, course: cao_cap_tt, year: 2024, seats: 3}'"
# Inputs.pins: the columns of pins.csv, then where each pin was written.
PLACE_COLUMNS = ("file", "line", "key")
COLUMNS = (*(c.name for c in schema.PINS.columns), *PLACE_COLUMNS)


@dataclass(frozen=True)
class Pin:
    """One pin as a scenario file writes it (``pins[2]`` of ``file``), checked for shape."""

    file: str
    key: str
    unit: str
    course: str
    year: int
    seats: int | None = None
    at_least: int | None = None
    at_most: int | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        shown = {"unit": self.unit, "course": self.course, "year": self.year}
        shown.update({k: getattr(self, k) for k in BOUND_KEYS if getattr(self, k) is not None})
        return {**shown, **({"note": self.note} if self.note else {})}


def read_entry(file: str, index: int, item: Any) -> Pin:
    """Item ``index`` of a scenario's ``pins:`` list: unit, course, year and seats, or at_least and/or at_most."""
    key = f"pins[{index}]"

    def at(name: str | None = None) -> Place:
        return Place(file, column=key if name is None else f"{key}.{name}")

    if not isinstance(item, dict):
        raise refused(at(), "must be a mapping", f"write e.g. {EXAMPLE}")
    for name in item:
        if name not in ENTRY_KEYS:
            raise refused(at(str(name)), "unknown key", fields.hint(str(name), ENTRY_KEYS))
    for name in ("unit", "course", "year"):
        if name not in item:
            raise refused(at(name), "required key is missing", f"write e.g. {EXAMPLE}")
    bounds = {name: fields.whole(item[name], at(name), name, maximum=schema.MAX_COUNT)
              for name in BOUND_KEYS if name in item}
    _check_bounds(bounds, at)
    note = item.get("note", "")
    if not isinstance(note, str) or "\n" in note:
        raise refused(at("note"), "must be one line of text", "write why the decision was taken, in one line")
    return Pin(file=file, key=key, unit=fields.an_id(item["unit"], at("unit")),
               course=fields.an_id(item["course"], at("course")), year=fields.year(item["year"], at("year")),
               note=note.strip(), **bounds)


def _check_bounds(bounds: dict[str, int], at) -> None:
    """seats alone, or at_least and/or at_most with at_least ≤ at_most."""
    if not bounds:
        raise refused(at(), "says nothing about the seats", "give seats: N, or at_least and/or at_most")
    if "seats" in bounds and len(bounds) > 1:
        other = next(k for k in bounds if k != "seats")
        raise refused(at(other), "give either seats or at_least/at_most", f"keep seats or {other}")
    if bounds.get("at_least", 0) > bounds.get("at_most", schema.MAX_COUNT):
        raise refused(at("at_least"), f"at_least {bounds['at_least']} is greater than at_most "
                         f"{bounds['at_most']}", "swap or fix them")


def entries_table(pins: tuple[Pin, ...]) -> pd.DataFrame:
    """A scenario's pin entries in the columns of ``Inputs.pins``."""
    records = [{"unit_id": p.unit, "course": p.course, "year": p.year, "seats": p.seats, "at_least": p.at_least,
                "at_most": p.at_most, "note": p.note, "file": p.file, "line": None, "key": p.key} for p in pins]
    return normalised(pd.DataFrame.from_records(records, columns=list(COLUMNS)))


def file_table(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """pins.csv (a data folder's or a scenario's, as ``reading`` parsed it) in the columns of ``Inputs.pins``,
    each row's bounds checked for shape."""
    frame = frame.assign(file=str(path), key="")
    for row in frame.itertuples():
        bounds = {name: int(getattr(row, name)) for name in BOUND_KEYS if pd.notna(getattr(row, name))}
        _check_bounds(bounds, lambda name=None, line=int(row.line): Place(str(path), line, name or "seats"))
    return normalised(frame[list(COLUMNS)])


def normalised(table: pd.DataFrame) -> pd.DataFrame:
    table = table.reset_index(drop=True)
    for name in ("year", "seats", "at_least", "at_most", "line"):
        table[name] = pd.array(table[name], dtype="Int64")
    table["note"] = table["note"].fillna("").astype(str)
    return table


def empty() -> pd.DataFrame:
    return normalised(pd.DataFrame(columns=list(COLUMNS)))


def place(pin: pd.Series, column: str) -> Place:
    """Where a pin (a row of ``Inputs.pins``) wrote ``column``: a scenario's ``pins[2].unit`` or a CSV's cell."""
    if pin["key"]:
        return Place(pin["file"], column=f"{pin['key']}.{'unit' if column == 'unit_id' else column}")
    return Place(pin["file"], int(pin["line"]), column)


def bounds(pins: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each pin's least and most seats (the most NaN where only at_least is given)."""
    lower = pins["seats"].fillna(pins["at_least"]).fillna(0).astype("int64")
    upper = pins["seats"].fillna(pins["at_most"]).astype("Float64").astype(float)
    return lower, upper


def check_pins(pins: pd.DataFrame, units: pd.DataFrame, courses: pd.DataFrame, families: pd.DataFrame,
               demand: pd.DataFrame, years: tuple[int, ...]) -> None:
    """Every pin names a known unit, a course or family, a plan year, and a unit with cadres of that family."""
    if pins.empty:
        return
    for row in pins.itertuples(index=False):
        pin = pd.Series(row._asdict())
        if pin["unit_id"] not in units.index:
            raise refused(place(pin, "unit_id"), f"unknown unit '{pin['unit_id']}'", "use a unit_id from units.csv")
        if pin["course"] not in courses.index and pin["course"] not in families.index:
            raise refused(place(pin, "course"), f"unknown course or family '{pin['course']}'",
                             "use a course_id from courses.csv or a family from families.csv")
        if int(pin["year"]) not in years:
            raise refused(place(pin, "year"), f"{pin['year']} is not one of the plan's years "
                             f"{years[0]}–{years[-1]}", "pin a year the scenario plans")
    lower, _ = bounds(pins)
    family = pins["course"].map(courses["family"]).fillna(pins["course"])
    asks = demand[demand["count"] > 0]
    # A merged or split unit's rows count for its former unit before the change and for the new one after it.
    offered = set(zip(asks["unit_id"], asks["family"])) | set(zip(asks["former_unit"], asks["family"]))
    for i in pins.index[lower.to_numpy() > 0]:
        pin = pins.loc[i]
        if (pin["unit_id"], family[i]) not in offered:
            raise refused(place(pin, "seats" if pd.notna(pin["seats"]) else "at_least"),
                             f"{pin['unit_id']} has no cadres of the family '{family[i]}' in demand.csv, so no seats "
                             f"of '{pin['course']}' can go to it", "remove the pin or add the unit's demand")
