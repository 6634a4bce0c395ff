"""The comparison tables of solved scenarios: result folders in, a ``Comparison`` of pandas tables out.

``read_result`` reads one result folder (written by ``solve``) through ``outputs.folder`` into a ``ResultTables``;
``compare`` turns two or more of them into the tables of a ``Comparison`` (the first result is the reference every
delta is taken against): what each scenario changed in its inputs and settings, and what that did to the seats,
the coverage, the stage values and the rules broken. Every table comes out in a stable order taken from the input
files (units and families in file order of the first result, then any others; tiers by rank; years ascending;
scenarios in the given order), so the same folders always give the same tables.
"""


from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, Place
from ..inputs import schema
from ..outputs.folder import (
    ALLOCATION_FILE,
    ASSIGNMENTS_FILE,
    CLASSES_FILE,
    COVERAGE_FILE,
    INPUT_TABLES,
    REWRITE,
    read_folder,
)
from ..outputs.report import SHARE_DECIMALS

CAP_COLUMNS = ("seats_min", "seats_max", "classes_min", "classes_max", "provisional")
CHANGE_COLUMNS = ["scenario", "table", "subject", "column", "first", "this"]
SCENARIO_COLUMNS = ["scenario", "question", "status", "seats", "years", "folder"]
# The input tables a comparison looks at, in the order they are read (the first problem found is the one named).
COMPARED_INPUTS = ("units", "families", "courses", "tiers", "caps", "demand", "targets")


# --- reading a result folder ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultTables:
    """The files of one result folder. ``inputs`` maps units, families, courses, tiers, caps, demand and targets to
    the scenario's resolved input tables (after its overrides). Treat the frames as read-only."""

    name: str
    folder: Path
    summary: dict
    assignments: pd.DataFrame
    allocation: pd.DataFrame
    coverage: pd.DataFrame
    classes: pd.DataFrame
    inputs: dict[str, pd.DataFrame]


def _check_courses(allocation: pd.DataFrame, courses: pd.DataFrame, where: str) -> None:
    unknown = ~allocation["course_id"].isin(courses["course_id"])
    if unknown.any():
        position = int(np.flatnonzero(unknown.to_numpy())[0])
        raise InputError(Place(where, position + 2, "course_id"),
                         f"course {allocation['course_id'].iloc[position]!r} is not in "
                         f"{INPUT_TABLES['courses'].path}", REWRITE)


def read_result(folder: str | Path) -> ResultTables:
    """Read a result folder written by ``solve``: summary.json, the result CSVs and the resolved inputs/ tables.

    A missing or unreadable file raises ``InputError`` naming the file (and row and column where it can). The
    name is the summary's scenario name, else the folder name.
    """
    content = read_folder(folder)
    summary = content.summary
    tables = {key: content.table(name) for key, name in (("assignments", ASSIGNMENTS_FILE),
                                                         ("allocation", ALLOCATION_FILE),
                                                         ("coverage", COVERAGE_FILE), ("classes", CLASSES_FILE))}
    inputs = {key: content.table(INPUT_TABLES[key].path) for key in COMPARED_INPUTS}
    _check_courses(tables["allocation"], inputs["courses"], content.where(ALLOCATION_FILE))
    return ResultTables(name=content.name, folder=Path(folder), summary=summary, inputs=inputs, **tables)


# --- comparison ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """The comparison tables; ``names`` are the scenario names used in column names, the first the reference.

    * ``scenarios``: scenario, question, status, seats, years ("2023–2025"), folder.
    * ``input_changes``: scenario, table (changes, settings, units, tiers, caps, demand), subject, column, first,
      this: each scenario's declared changes (summary.json; table "changes", subject = key, column = file, this =
      text), then every difference of a later scenario's settings and resolved inputs from the first's, as text.
    * ``seats``: unit_id, family, year, one column of seats per scenario, ``delta_<scenario>`` per later one.
    * ``coverage`` (tier) and ``coverage_by_family`` (family, tier): ``<scenario>_demand``,
      ``<scenario>_allocated``, ``<scenario>_share`` per scenario (share NaN where there is no demand).
    * ``coverage_by_area`` (area, tier), as ``coverage``, per former province of the units (``former_province``;
      ``schema.PROVINCIAL_AREA`` for units without one): how pooled and separate quotas treat each area. Empty
      where no unit has a former province.
    * ``stages``: stage, one column per scenario with the stage value (missing where the scenario has no such stage).
    * ``rule_violations``: rule, one column per scenario with the number of cases the checker found broken (0 for
      a solve; a baseline's from its summary.json), missing where the folder does not say.
    * ``unit_changes``: unit_id, name, kind, seats per scenario, ``delta_<scenario>`` per later one; largest
      absolute delta first.
    * ``gains_losses``: scenario, unit_id, year, family, first_seats, seats, gained, lost: per later scenario each
      (unit, year, family) whose seats differ from the first's; ``gained`` and ``lost`` are the seats more or fewer
      (each >= 0, one of them 0), so they sum per unit and year to the net change. Per scenario in the given order,
      units by their gross change (gained + lost over every year and family) largest first, then unit order; years
      ascending, families in order.
    * ``tiers`` (tier, rank, name, name_en), ``units`` (unit_id, name, name_en, kind), ``families`` (family, name,
      name_en) and ``courses`` (course_id, name, name_en, family): the names the workbook and charts show.
    """

    names: tuple[str, ...]
    scenarios: pd.DataFrame
    input_changes: pd.DataFrame
    seats: pd.DataFrame
    coverage: pd.DataFrame
    coverage_by_family: pd.DataFrame
    coverage_by_area: pd.DataFrame
    stages: pd.DataFrame
    rule_violations: pd.DataFrame
    unit_changes: pd.DataFrame
    gains_losses: pd.DataFrame
    tiers: pd.DataFrame
    units: pd.DataFrame
    families: pd.DataFrame
    courses: pd.DataFrame


def _names(results: Sequence[ResultTables]) -> list[str]:
    """Scenario names, each unique: a repeated name gets its folder's name (or path) in brackets."""
    names = [r.name for r in results]
    for label in (lambda r: r.folder.name, lambda r: r.folder.as_posix()):
        repeated = {n for n in names if names.count(n) > 1}
        if not repeated:
            break
        names = [f"{n} ({label(r)})" if n in repeated else n for n, r in zip(names, results)]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"the same result folder is given more than once ({repeated[0]}); give each folder once")
    return names


RESERVED = {"unit_id", "family", "year", "tier", "stage", "name", "name_en", "kind"}


def _check_names(names: list[str]) -> None:
    clash = [n for n in names if n in RESERVED or n.startswith("delta_") and n[6:] in names]
    if clash:
        raise ValueError(f"scenario name {clash[0]!r} would clash with a column of the comparison tables; "
                         "give the scenario another name")


def _first_seen(groups: Iterable[Iterable[str]]) -> dict[str, int]:
    order: dict[str, int] = {}
    for group in groups:
        for key in group:
            if key not in order:
                order[key] = len(order)
    return order


def _with_extras(order: dict[str, int], extras: Iterable[str]) -> dict[str, int]:
    order = dict(order)
    for key in sorted(set(extras) - set(order)):
        order[key] = len(order)
    return order


def _unit_order(results: Sequence[ResultTables]) -> dict[str, int]:
    order = _first_seen(r.inputs["units"]["unit_id"] for r in results)
    extras = [u for r in results for frame in (r.allocation, r.coverage, r.inputs["demand"]) for u in frame["unit_id"]]
    return _with_extras(order, extras)


def _family_order(results: Sequence[ResultTables]) -> dict[str, int]:
    order = _first_seen(r.inputs["families"]["family"] for r in results)
    extras = [f for r in results for frame in (r.inputs["courses"], r.coverage, r.inputs["demand"])
              for f in frame["family"]]
    return _with_extras(order, extras)


def _tiers(results: Sequence[ResultTables]) -> pd.DataFrame:
    """Every tier of any result: rank and names from the first result that has it, ordered by rank, then first seen."""
    rows: dict[str, tuple] = {}
    for r in results:
        tiers = r.inputs["tiers"].sort_values("rank", kind="stable")
        for tier, rank, name, name_en in tiers[["tier", "rank", "name", "name_en"]].itertuples(index=False):
            rows.setdefault(tier, (tier, int(rank), name, name_en, len(rows)))
    last = max((row[1] for row in rows.values()), default=0)
    extras = {t for r in results for frame in (r.allocation, r.coverage, r.inputs["demand"]) for t in frame["tier"]}
    for tier in sorted(extras - set(rows)):
        rows[tier] = (tier, last + 1, tier, "", len(rows))
    table = pd.DataFrame(list(rows.values()), columns=["tier", "rank", "name", "name_en", "seen"])
    table = table.sort_values(["rank", "seen"], kind="stable").drop(columns="seen").reset_index(drop=True)
    return table.astype({"tier": "str", "rank": "int64", "name": "str", "name_en": "str"})


def _units(results: Sequence[ResultTables], order: dict[str, int]) -> pd.DataFrame:
    """unit_id, name, name_en, kind of every unit, from the first result whose units.csv has it."""
    known: dict[str, tuple] = {}
    for r in results:
        for unit, name, name_en, kind in r.inputs["units"][["unit_id", "name", "name_en", "kind"]].itertuples(
                index=False):
            known.setdefault(unit, (unit, name or unit, name_en, kind))
    rows = [known.get(u, (u, u, "", "")) for u in sorted(order, key=order.get)]
    return pd.DataFrame(rows, columns=["unit_id", "name", "name_en", "kind"], dtype="str")


def _labels(results: Sequence[ResultTables], table: str, key: str, order: dict[str, int] | None,
            extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """key, name, name_en (and ``extra`` columns) of every row of an input table of any result, names from the first
    result that has the row (the id where it has no name); in ``order`` when given, else first seen."""
    columns = [key, "name", "name_en", *extra]
    known: dict[str, tuple] = {}
    for r in results:
        frame = r.inputs[table].reindex(columns=columns).fillna("")
        for row in frame.itertuples(index=False):
            known.setdefault(row[0], (row[0], row[1] or row[0], *row[2:]))
    keys = sorted(order, key=order.get) if order is not None else list(known)
    rows = [known.get(k, (k, k, "", *("" for _ in extra))) for k in keys]
    return pd.DataFrame(rows, columns=columns, dtype="str")


def _sort(frame: pd.DataFrame, keys: dict[str, dict | None]) -> pd.DataFrame:
    order = pd.DataFrame(index=frame.index)
    for column, mapping in keys.items():
        order[column] = frame[column] if mapping is None else frame[column].map(mapping)
    return frame.loc[order.sort_values(list(keys), kind="stable").index].reset_index(drop=True)


def _wide(parts: list[pd.Series], names: list[str], keys: list[str]) -> pd.DataFrame:
    """Per-scenario Series with a (multi-)index of ``keys`` side by side, one int64 column per scenario, 0 if absent."""
    index = None
    for part in parts:
        index = part.index if index is None else index.union(part.index, sort=False)
    columns = {name: part.reindex(index, fill_value=0).astype("int64") for name, part in zip(names, parts)}
    table = pd.DataFrame(columns, index=index)
    table.index.names = keys
    return table.reset_index()


def _empty(columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def _years_text(years: Any) -> str:
    if not isinstance(years, (list, tuple)) or not years:
        return ""
    try:
        years = sorted({int(y) for y in years})
    except (TypeError, ValueError):
        return ", ".join(str(y) for y in years)
    if len(years) == 1:
        return str(years[0])
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def _scenario(r: ResultTables) -> dict:
    scenario = r.summary.get("scenario")
    return scenario if isinstance(scenario, dict) else {}


def _scenarios_table(results: Sequence[ResultTables], names: list[str]) -> pd.DataFrame:
    rows = []
    for name, r in zip(names, results):
        seats = r.summary.get("seats")
        if isinstance(seats, bool) or not isinstance(seats, (int, float)):
            seats = int(r.allocation["seats"].sum())
        scenario = _scenario(r)
        rows.append((name, str(scenario.get("question") or ""), str(r.summary.get("status") or ""), int(seats),
                     _years_text(scenario.get("years")), r.folder.as_posix()))
    return pd.DataFrame(rows, columns=SCENARIO_COLUMNS).astype({"seats": "int64"})


# --- input changes -------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _declared_changes(r: ResultTables) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for change in _scenario(r).get("changes") or []:
        if isinstance(change, dict):
            rows.append(("changes", _text(change.get("key")), _text(change.get("file")), "",
                         _text(change.get("text"))))
        else:
            rows.append(("changes", "", "", "", _text(change)))
    return rows


def _settings_changes(first: ResultTables, this: ResultTables) -> list[tuple]:
    rows = []
    a, b = _scenario(first), _scenario(this)
    years_a, years_b = _years_text(a.get("years")), _years_text(b.get("years"))
    if years_a != years_b:
        rows.append(("settings", "years", "years", years_a, years_b))
    limits_a, limits_b = a.get("release_limits") or {}, b.get("release_limits") or {}
    kinds = [k for k in schema.UNIT_KINDS if k in limits_a or k in limits_b]
    kinds += sorted((set(limits_a) | set(limits_b)) - set(kinds))
    for kind in kinds:
        va, vb = _text(limits_a.get(kind)), _text(limits_b.get(kind))
        if va != vb:
            rows.append(("settings", "release_limits", kind, va, vb))
    split_a, split_b = _text(a.get("separate_quotas_by")), _text(b.get("separate_quotas_by"))
    if split_a != split_b:
        rows.append(("settings", "separate_quotas_by", "separate_quotas_by", split_a, split_b))
    return rows


def _unit_changes_of_inputs(first: ResultTables, this: ResultTables, order: dict[str, int]) -> list[tuple]:
    a = first.inputs["units"].drop_duplicates("unit_id").set_index("unit_id")
    b = this.inputs["units"].drop_duplicates("unit_id").set_index("unit_id")
    rows = []
    for unit in sorted(set(a.index) | set(b.index), key=order.get):
        if unit not in b.index:
            rows.append(("units", unit, "name", a.at[unit, "name"], ""))
        elif unit not in a.index:
            rows.append(("units", unit, "name", "", b.at[unit, "name"]))
        else:
            for column in ("name", "kind"):
                if a.at[unit, column] != b.at[unit, column]:
                    rows.append(("units", unit, column, a.at[unit, column], b.at[unit, column]))
    return rows


def _tier_changes(first: ResultTables, this: ResultTables, tiers: pd.DataFrame) -> list[tuple]:
    a = first.inputs["tiers"].drop_duplicates("tier").set_index("tier")["rank"]
    b = this.inputs["tiers"].drop_duplicates("tier").set_index("tier")["rank"]
    rows = []
    for tier in tiers["tier"]:
        va, vb = _text(a.get(tier)), _text(b.get(tier))
        if va != vb:
            rows.append(("tiers", tier, "rank", va, vb))
    return rows


def _keyed_caps(caps: pd.DataFrame) -> dict[tuple, dict[str, str]]:
    """Cap rows by (year, target, block, n), n = 1, 2, ... for the lines with that year, target and block, in file
    order; each as the text of the compared columns."""
    n = caps.groupby(["year", "target", "block"], sort=False).cumcount() + 1
    return {(int(year), target, block, int(k)): {c: _text(v) for c, v in zip(CAP_COLUMNS, values)}
            for year, target, block, k, *values in zip(caps["year"], caps["target"], caps["block"], n,
                                                       *(caps[c] for c in CAP_COLUMNS))}


def _cap_changes(first: ResultTables, this: ResultTables) -> list[tuple]:
    a, b = _keyed_caps(first.inputs["caps"]), _keyed_caps(this.inputs["caps"])
    keys = ["year", "target", "block"]
    lines = pd.concat([first.inputs["caps"].groupby(keys).size(), this.inputs["caps"].groupby(keys).size()],
                      axis=1).max(axis=1)
    rows = []
    for key in list(a) + [k for k in b if k not in a]:
        year, target, block, n = key
        subject = f"{year} {target} {block}"
        if lines.get((year, target, block), 1) > 1:  # the key is on several lines: say which one
            subject += f" #{n}"
        for column in CAP_COLUMNS:
            va = a[key][column] if key in a else ""
            vb = b[key][column] if key in b else ""
            if va != vb:
                rows.append(("caps", subject, column, va, vb))
    return rows


def _demand_changes(first: ResultTables, this: ResultTables, units: dict, families: dict, tiers: dict) -> list[tuple]:
    keys = ["unit_id", "family", "tier"]
    a = first.inputs["demand"].groupby(keys)["count"].sum()
    b = this.inputs["demand"].groupby(keys)["count"].sum()
    index = sorted(set(a.index) | set(b.index), key=lambda k: (units.get(k[0]), families.get(k[1]), tiers.get(k[2])))
    rows = []
    for key in index:
        va, vb = _text(a.get(key)), _text(b.get(key))
        if va != vb:
            rows.append(("demand", " ".join(key), "count", va, vb))
    return rows


def _input_changes(results: Sequence[ResultTables], names: list[str], units: dict, families: dict,
                   tiers: pd.DataFrame) -> pd.DataFrame:
    tier_order = {t: i for i, t in enumerate(tiers["tier"])}
    first = results[0]
    rows = [(names[0], *row) for row in _declared_changes(first)]
    for name, this in zip(names[1:], results[1:]):
        found = (_declared_changes(this) + _settings_changes(first, this)
                 + _unit_changes_of_inputs(first, this, units) + _tier_changes(first, this, tiers)
                 + _cap_changes(first, this) + _demand_changes(first, this, units, families, tier_order))
        rows += [(name, *row) for row in found]
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS, dtype="str")


# --- result tables -------------------------------------------------------------------------------------------


def _add_deltas(table: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    for name in names[1:]:
        table[f"delta_{name}"] = (table[name] - table[names[0]]).astype("int64")
    return table


def _seats(results: Sequence[ResultTables], names: list[str], units: dict, families: dict) -> pd.DataFrame:
    keys = ["unit_id", "family", "year"]
    parts = []
    for r in results:
        family = r.allocation["course_id"].map(r.inputs["courses"].drop_duplicates("course_id")
                                                .set_index("course_id")["family"])
        parts.append(r.allocation.assign(family=family).groupby(keys, sort=False)["seats"].sum())
    if not any(len(p) for p in parts):
        return _empty({"unit_id": "str", "family": "str", "year": "int64", **{n: "int64" for n in names},
                       **{f"delta_{n}": "int64" for n in names[1:]}})
    table = _wide(parts, names, keys)
    table = table[(table[names] != 0).any(axis=1)].astype({"year": "int64"})
    table = _sort(table, {"unit_id": units, "family": families, "year": None})
    return _add_deltas(table, names)


def _coverage(results: Sequence[ResultTables], names: list[str], keys: list[str], orders: dict,
              tables: Sequence[pd.DataFrame] | None = None) -> pd.DataFrame:
    """Demand, seats and share per ``keys`` and scenario, from each result's coverage (or ``tables``)."""
    columns = {k: "str" for k in keys}
    for name in names:
        columns.update({f"{name}_demand": "int64", f"{name}_allocated": "int64", f"{name}_share": "float64"})
    tables = [r.coverage for r in results] if tables is None else tables
    parts = {name: table.groupby(keys, sort=False)[["demand", "allocated"]].sum()
             for name, table in zip(names, tables)}
    if not any(len(p) for p in parts.values()):
        return _empty(columns)
    index = None
    for part in parts.values():
        index = part.index if index is None else index.union(part.index, sort=False)
    table = pd.DataFrame(index=index)
    for name, part in parts.items():
        part = part.reindex(index, fill_value=0).astype("int64")
        table[f"{name}_demand"] = part["demand"]
        table[f"{name}_allocated"] = part["allocated"]
        demand = part["demand"].astype(float).where(part["demand"] > 0)
        table[f"{name}_share"] = (part["allocated"].astype(float) / demand).round(SHARE_DECIMALS)
    table.index.names = keys
    table = _sort(table.reset_index(), orders)
    return table[list(columns)].astype(columns)


def _area_coverage(results: Sequence[ResultTables], names: list[str], tier_order: dict) -> pd.DataFrame:
    """``coverage`` per former province and tier (``Comparison.coverage_by_area``)."""
    areas = {}
    for r in results:
        units = r.inputs["units"].drop_duplicates("unit_id").set_index("unit_id")
        if "former_province" in units.columns:
            areas.update(units["former_province"].fillna("").astype(str).str.strip().to_dict())
    if not any(areas.values()):
        return _coverage(results, names, ["area", "tier"], {}, [r.coverage.iloc[:0].assign(area="") for r in results])
    area_of = {unit: area or schema.PROVINCIAL_AREA for unit, area in areas.items()}
    tables = [r.coverage.assign(area=r.coverage["unit_id"].map(area_of).fillna(schema.PROVINCIAL_AREA))
              for r in results]
    named = sorted(set(area_of.values()) - {schema.PROVINCIAL_AREA}) + [schema.PROVINCIAL_AREA]
    return _coverage(results, names, ["area", "tier"], {"area": {a: i for i, a in enumerate(named)},
                                                         "tier": tier_order}, tables)


def _stages(results: Sequence[ResultTables], names: list[str]) -> pd.DataFrame:
    values: dict[str, dict[str, Any]] = {}
    for name, r in zip(names, results):
        for stage in r.summary.get("stages") or []:
            if isinstance(stage, dict) and stage.get("name") is not None:
                value = stage.get("value")
                ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
                values.setdefault(str(stage["name"]), {})[name] = round(value) if ok else pd.NA
    table = pd.DataFrame({"stage": pd.Series(list(values), dtype="str")})
    for name in names:
        table[name] = pd.array([values[s].get(name, pd.NA) for s in values], dtype="Int64")
    return table


def _rule_violations(results: Sequence[ResultTables], names: list[str]) -> pd.DataFrame:
    counts: dict[str, dict[str, Any]] = {}
    for name, r in zip(names, results):
        found = r.summary.get("rule_violations")
        for rule, count in (found.items() if isinstance(found, dict) else []):
            ok = isinstance(count, int) and not isinstance(count, bool) and count >= 0
            counts.setdefault(str(rule), {})[name] = count if ok else pd.NA
    table = pd.DataFrame({"rule": pd.Series(list(counts), dtype="str")})
    for name in names:
        table[name] = pd.array([counts[rule].get(name, pd.NA) for rule in counts], dtype="Int64")
    return table


def _unit_changes(results: Sequence[ResultTables], names: list[str], units: pd.DataFrame,
                  order: dict[str, int]) -> pd.DataFrame:
    table = units[["unit_id", "name", "kind"]].copy()
    for name, r in zip(names, results):
        seats = r.allocation.groupby("unit_id")["seats"].sum()
        table[name] = table["unit_id"].map(seats).fillna(0).astype("int64")
    table = _add_deltas(table, names)
    deltas = [f"delta_{n}" for n in names[1:]]
    largest = table[deltas].abs().max(axis=1) if deltas else pd.Series(0, index=table.index)
    ranked = pd.DataFrame({"largest": -largest, "order": table["unit_id"].map(order)})
    return table.loc[ranked.sort_values(["largest", "order"], kind="stable").index].reset_index(drop=True)


GAINS_COLUMNS = {"scenario": "str", "unit_id": "str", "year": "int64", "family": "str", "first_seats": "int64",
                 "seats": "int64", "gained": "int64", "lost": "int64"}


def _gains_losses(seats: pd.DataFrame, names: list[str], units: dict, families: dict) -> pd.DataFrame:
    """The seats table's nonzero deltas, one row per later scenario, unit, year and family, split into seats gained
    and seats lost; ordered as ``Comparison`` says."""
    parts = []
    for number, name in enumerate(names[1:]):
        delta = seats[f"delta_{name}"]
        moved = seats[delta != 0]
        part = pd.DataFrame({"scenario": name, "unit_id": moved["unit_id"], "year": moved["year"],
                             "family": moved["family"], "first_seats": moved[names[0]], "seats": moved[name],
                             "gained": delta[delta != 0].clip(lower=0), "lost": (-delta[delta != 0]).clip(lower=0)})
        gross = part.groupby("unit_id")[["gained", "lost"]].transform("sum").sum(axis=1)
        parts.append(part.assign(_scenario=number, _gross=-gross, _unit=part["unit_id"].map(units),
                                 _family=part["family"].map(families)))
    if not parts or not any(len(p) for p in parts):
        return _empty(GAINS_COLUMNS)
    table = pd.concat(parts, ignore_index=True)
    table = table.sort_values(["_scenario", "_gross", "_unit", "year", "_family"], kind="stable")
    return table[list(GAINS_COLUMNS)].astype(GAINS_COLUMNS).reset_index(drop=True)


def compare(results: Sequence[ResultTables]) -> Comparison:
    """Compare two or more results; the first is the reference that every ``delta_<scenario>`` is taken against.

    Scenario names that repeat get their folder's name in brackets ("baseline (run2)"). Raises ValueError for
    fewer than two results, the same folder twice, or a scenario name that would clash with a column name.
    """
    results = list(results)
    if len(results) < 2:
        raise ValueError(f"a comparison needs at least two result folders, got {len(results)}")
    names = _names(results)
    _check_names(names)
    unit_order, family_order = _unit_order(results), _family_order(results)
    tiers = _tiers(results)
    tier_order = {t: i for i, t in enumerate(tiers["tier"])}
    units = _units(results, unit_order)
    seats = _seats(results, names, unit_order, family_order)
    return Comparison(
        names=tuple(names),
        scenarios=_scenarios_table(results, names),
        input_changes=_input_changes(results, names, unit_order, family_order, tiers),
        seats=seats,
        coverage=_coverage(results, names, ["tier"], {"tier": tier_order}),
        coverage_by_family=_coverage(results, names, ["family", "tier"], {"family": family_order, "tier": tier_order}),
        coverage_by_area=_area_coverage(results, names, tier_order),
        stages=_stages(results, names),
        rule_violations=_rule_violations(results, names),
        unit_changes=_unit_changes(results, names, units, unit_order),
        gains_losses=_gains_losses(seats, names, unit_order, family_order),
        tiers=tiers,
        units=units,
        families=_labels(results, "families", "family", family_order),
        courses=_labels(results, "courses", "course_id", None, ("family",)),
    )
