"""Side-by-side comparison of solved scenarios: result folders in, comparison tables and files out.

``read_result`` reads one result folder (written by ``solve``) into a ``ResultTables``; ``compare`` turns two or
more of them into the tables of a ``Comparison`` (the first result is the reference every delta is taken
against); ``comparison_files`` renders those tables to bytes (a workbook, tidy CSVs and two charts) without
writing anything. Every table comes out in a stable order taken from the input files (units and families in file
order of the first result, then any others; tiers by rank; years ascending; scenarios in the given order), so
the same folders always give byte-identical files.
"""


from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import encode
from ..errors import InputError, Place
from ..files import not_a_folder
from ..inputs import schema
from ..outputs import charts
from ..outputs.report import SHARE_DECIMALS
from ..words import check_lang

FIX = "run solve again to write it"
REWRITE = "run solve again to rewrite the result folder"

# Column kinds: text, int (whole number, no blanks), int? (whole number or blank), float (number or blank).
# A column marked optional may be absent from the file; it is then added as blank.
_Col = tuple[str, str, bool]  # name, kind, required

RESULT_FILES: dict[str, tuple[str, tuple[_Col, ...]]] = {
    "assignments": ("assignments.csv", (("demand_id", "text", True), ("year", "int", True),
                                        ("course_id", "text", True), ("seats", "int", True))),
    "allocation": ("allocation.csv", (("year", "int", True), ("unit_id", "text", True), ("course_id", "text", True),
                                      ("tier", "text", True), ("block", "text", True), ("seats", "int", True))),
    "coverage": ("coverage.csv", (("unit_id", "text", True), ("family", "text", True), ("tier", "text", True),
                                  ("demand", "int", True), ("allocated", "int", True), ("share", "float", True))),
    "classes": ("classes.csv", (("year", "int", True), ("course_id", "text", True), ("classes", "int", True),
                                ("seats", "int", True))),
}
INPUT_FILES: dict[str, tuple[str, tuple[_Col, ...]]] = {
    "units": ("units.csv", (("unit_id", "text", True), ("name", "text", True), ("name_en", "text", False),
                            ("kind", "text", True))),
    "families": ("families.csv", (("family", "text", True), ("name", "text", True), ("name_en", "text", False),
                                  ("group", "text", True))),
    "courses": ("courses.csv", (("course_id", "text", True), ("name", "text", True), ("name_en", "text", False),
                                ("family", "text", True), ("mode", "text", True), ("duration_months", "int", True),
                                ("class_size_min", "int?", True), ("class_size_max", "int?", True))),
    "tiers": ("tiers.csv", (("tier", "text", True), ("rank", "int", True), ("name", "text", True),
                            ("name_en", "text", False))),
    "caps": ("caps.csv", (("year", "int", True), ("target", "text", True), ("block", "text", True),
                          ("seats_min", "int?", True), ("seats_max", "int?", True), ("classes_min", "int?", True),
                          ("classes_max", "int?", True), ("provisional", "text", False), ("source", "text", False))),
    "demand": ("demand.csv", (("demand_id", "text", True), ("unit_id", "text", True), ("family", "text", True),
                              ("tier", "text", True), ("block", "text", True), ("count", "int", True),
                              ("earliest_year", "int", True), ("deadline_year", "int", True),
                              ("full_time_only", "text", True), ("former_unit", "text", False),
                              ("change_year", "int?", False))),
    "targets": ("targets.csv", (("family", "text", True), ("tier", "text", True), ("year", "int", True),
                                ("target_share", "float", True), ("source", "text", False))),
}
INPUTS_FOLDER = "inputs"
SUMMARY_FILE = "summary.json"

TABLES = ("scenarios", "input_changes", "seats", "coverage", "coverage_by_family", "stages", "rule_violations",
          "unit_changes")
CAP_COLUMNS = ("seats_min", "seats_max", "classes_min", "classes_max", "provisional")
CHANGE_COLUMNS = ["scenario", "table", "subject", "column", "first", "this"]
SCENARIO_COLUMNS = ["scenario", "question", "status", "seats", "years", "folder"]


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


def _read_csv(path: Path, columns: tuple[_Col, ...]) -> pd.DataFrame:
    """One CSV of a result folder, ids as text and counts as int64; any problem is an InputError naming the file."""
    place = Place(str(path))
    if not path.is_file():
        raise InputError(place, "the file is missing", FIX)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(place, f"the file cannot be read ({_one_line(err)})", FIX) from None
    return parse_result_csv(data, str(path), columns)


def parse_result_csv(data: bytes, where: str, columns: tuple[_Col, ...]) -> pd.DataFrame:
    """A result-folder CSV given as bytes (``where`` names it in messages), parsed to the column kinds."""
    place = Place(where)
    try:
        frame = pd.read_csv(io.BytesIO(bytes(data)), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(place, "the file is not UTF-8", FIX) from None
    except pd.errors.EmptyDataError:
        raise InputError(place, "the file is empty", FIX) from None
    except (pd.errors.ParserError, ValueError) as err:
        raise InputError(place, f"the file is not a readable CSV ({_one_line(err)})", FIX) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    for name, kind, required in columns:
        if name not in frame.columns:
            if required:
                raise InputError(Place(where, 1, name), "required column is missing", FIX)
            frame[name] = ""
        frame[name] = _parse(frame[name], kind, where, name)
    return frame.reset_index(drop=True)


def _parse(values: pd.Series, kind: str, where: str, column: str) -> pd.Series:
    text = values.astype(str).str.strip()
    if kind == "text":
        return text
    blank = text == ""
    numbers = pd.to_numeric(text.where(~blank), errors="coerce")
    bad = (~blank & numbers.isna()) | (blank & (kind == "int"))
    if kind in ("int", "int?"):
        bad |= numbers.notna() & ((numbers % 1 != 0) | ~np.isfinite(numbers))
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        shown = text.iloc[position] or "blank"
        what = "a number" if kind == "float" else "a whole number"
        raise InputError(Place(where, position + 2, column), f"{shown!r} is not {what}", REWRITE)
    if kind == "int":
        return numbers.astype("int64")
    if kind == "int?":
        return numbers.astype("Int64")
    return numbers.astype("float64")


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())


def _read_summary(path: Path) -> dict:
    place = Place(str(path))
    if not path.is_file():
        raise InputError(place, "the file is missing", FIX)
    try:
        summary = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(place, "the file is not UTF-8", FIX) from None
    except json.JSONDecodeError as err:
        raise InputError(Place(str(path), err.lineno), f"is not valid JSON ({err.msg})", FIX) from None
    except OSError as err:
        raise InputError(place, f"cannot be read ({_one_line(err)})", FIX) from None
    if not isinstance(summary, dict):
        raise InputError(place, "is not a JSON object", FIX)
    for key, kind in (("scenario", dict), ("stages", list)):
        if summary.get(key) is not None and not isinstance(summary[key], kind):
            raise InputError(Place(str(path), column=key), f"is not a JSON {'object' if kind is dict else 'list'}",
                             FIX)
    return summary


def _check_courses(allocation: pd.DataFrame, courses: pd.DataFrame, path: Path) -> None:
    unknown = ~allocation["course_id"].isin(courses["course_id"])
    if unknown.any():
        position = int(np.flatnonzero(unknown.to_numpy())[0])
        raise InputError(Place(str(path), position + 2, "course_id"),
                         f"course {allocation['course_id'].iloc[position]!r} is not in {INPUTS_FOLDER}/courses.csv",
                         REWRITE)


def read_result(folder: str | Path) -> ResultTables:
    """Read a result folder written by ``solve``: summary.json, the result CSVs and the resolved inputs/ tables.

    A missing or unreadable file raises ``InputError`` naming the file (and row and column where it can). The
    name is the summary's scenario name, else the folder name.
    """
    folder = Path(folder)
    if (problem := not_a_folder(folder)) is not None:
        raise InputError(Place(str(folder)), f"the result folder {problem}",
                         "check the path, or run solve to write it")
    summary = _read_summary(folder / SUMMARY_FILE)
    tables = {key: _read_csv(folder / file, columns) for key, (file, columns) in RESULT_FILES.items()}
    inputs = {key: _read_csv(folder / INPUTS_FOLDER / file, columns) for key, (file, columns) in INPUT_FILES.items()}
    _check_courses(tables["allocation"], inputs["courses"], folder / RESULT_FILES["allocation"][0])
    scenario = summary.get("scenario") or {}
    name = str(scenario.get("name") or folder.name)
    return ResultTables(name=name, folder=folder, summary=summary, inputs=inputs, **tables)


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
    * ``stages``: stage, one column per scenario with the stage value (missing where the scenario has no such stage).
    * ``rule_violations``: rule, one column per scenario with the number of cases the checker found broken (0 for
      a solve; a baseline's from its summary.json), missing where the folder does not say.
    * ``unit_changes``: unit_id, name, kind, seats per scenario, ``delta_<scenario>`` per later one; largest
      absolute delta first.
    * ``tiers`` (tier, rank, name, name_en) and ``units`` (unit_id, name, name_en, kind): labels for the charts.
    """

    names: tuple[str, ...]
    scenarios: pd.DataFrame
    input_changes: pd.DataFrame
    seats: pd.DataFrame
    coverage: pd.DataFrame
    coverage_by_family: pd.DataFrame
    stages: pd.DataFrame
    rule_violations: pd.DataFrame
    unit_changes: pd.DataFrame
    tiers: pd.DataFrame
    units: pd.DataFrame


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


def _coverage(results: Sequence[ResultTables], names: list[str], keys: list[str], orders: dict) -> pd.DataFrame:
    columns = {k: "str" for k in keys}
    for name in names:
        columns.update({f"{name}_demand": "int64", f"{name}_allocated": "int64", f"{name}_share": "float64"})
    parts = {name: r.coverage.groupby(keys, sort=False)[["demand", "allocated"]].sum()
             for name, r in zip(names, results)}
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
    return Comparison(
        names=tuple(names),
        scenarios=_scenarios_table(results, names),
        input_changes=_input_changes(results, names, unit_order, family_order, tiers),
        seats=_seats(results, names, unit_order, family_order),
        coverage=_coverage(results, names, ["tier"], {"tier": tier_order}),
        coverage_by_family=_coverage(results, names, ["family", "tier"], {"family": family_order, "tier": tier_order}),
        stages=_stages(results, names),
        rule_violations=_rule_violations(results, names),
        unit_changes=_unit_changes(results, names, units, unit_order),
        tiers=tiers,
        units=units,
    )


# --- files ---------------------------------------------------------------------------------------------------


SHEETS = {
    "vi": {"scenarios": "Kịch bản", "input_changes": "Thay đổi đầu vào", "seats": "Số chỗ học",
           "coverage": "Đáp ứng theo nhóm", "coverage_by_family": "Đáp ứng theo loại hình",
           "stages": "Các bước tối ưu", "rule_violations": "Vi phạm quy tắc", "unit_changes": "Thay đổi theo đơn vị"},
    "en": {"scenarios": "Scenarios", "input_changes": "Input changes", "seats": "Seats",
           "coverage": "Coverage by tier", "coverage_by_family": "Coverage by family",
           "stages": "Stages", "rule_violations": "Rules broken", "unit_changes": "Unit changes"},
}
HEADERS = {
    "vi": {"scenario": "Kịch bản", "question": "Câu hỏi", "status": "Trạng thái", "seats": "Tổng số chỗ học",
           "years": "Các năm", "folder": "Thư mục kết quả", "table": "Bảng", "subject": "Đối tượng",
           "column": "Cột", "first": "Giá trị ở kịch bản gốc ({first})", "this": "Giá trị ở kịch bản này",
           "unit_id": "Mã đơn vị", "family": "Loại hình đào tạo", "year": "Năm", "tier": "Nhóm đối tượng",
           "stage": "Bước tối ưu", "rule": "Quy tắc", "name": "Đơn vị", "kind": "Loại đơn vị",
           "demand": "{scenario}: nhu cầu", "allocated": "{scenario}: đã bố trí", "share": "{scenario}: tỷ lệ",
           "delta": "Chênh lệch {scenario} so với {first}"},
    "en": {"scenario": "Scenario", "question": "Question", "status": "Status", "seats": "Seats in total",
           "years": "Years", "folder": "Result folder", "table": "Table", "subject": "Subject",
           "column": "Column", "first": "Value in the first scenario ({first})", "this": "Value in this scenario",
           "unit_id": "Unit id", "family": "Family", "year": "Year", "tier": "Tier", "stage": "Stage", "rule": "Rule",
           "name": "Unit", "kind": "Kind of unit",
           "demand": "{scenario}: demand", "allocated": "{scenario}: allocated", "share": "{scenario}: share",
           "delta": "{scenario} minus {first}"},
}


def _headers(columns: Iterable[str], names: tuple[str, ...], lang: str) -> list[str]:
    """Readable headers: fixed columns translated, scenario columns named after their scenario."""
    words = HEADERS[lang]
    per_scenario = {n: n for n in names}
    for n in names:
        for part in ("demand", "allocated", "share"):
            per_scenario[f"{n}_{part}"] = words[part].format(scenario=n)
    for n in names[1:]:
        per_scenario[f"delta_{n}"] = words["delta"].format(scenario=n, first=names[0])
    headers = []
    for column in columns:
        if column in per_scenario:
            headers.append(per_scenario[column])
        else:
            headers.append(words.get(column, column).format(first=names[0]))
    return headers


def workbook_sheets(comparison: Comparison, lang: str = "vi") -> dict[str, pd.DataFrame]:
    """The comparison tables with sheet names and headers in ``lang`` (the workbook's content)."""
    lang = check_lang(lang)
    sheets = {}
    for table in TABLES:
        frame = getattr(comparison, table).copy()
        frame.columns = _headers(frame.columns, comparison.names, lang)
        sheets[SHEETS[lang][table]] = frame
    return sheets


def _long(frame: pd.DataFrame, keys: list[str], names: tuple[str, ...], columns: dict[str, str],
          delta: str | None) -> pd.DataFrame:
    """A wide table as a tidy one: one row per key and scenario. ``columns`` maps the tidy column to a pattern of
    the wide column ("{scenario}" or "{scenario}_share"); ``delta`` adds a column of the difference to the first."""
    parts = []
    for name in names:
        part = frame[keys].copy()
        part.insert(len(keys), "scenario", name)
        for column, pattern in columns.items():
            part[column] = frame[pattern.format(scenario=name)]
        if delta is not None:
            part["delta"] = frame[delta.format(scenario=name)] - frame[delta.format(scenario=names[0])]
        part["_scenario"] = names.index(name)
        part["_row"] = np.arange(len(part))
        parts.append(part)
    long = pd.concat(parts, ignore_index=True).sort_values(["_row", "_scenario"], kind="stable")
    return long.drop(columns=["_row", "_scenario"]).reset_index(drop=True)


def tidy_tables(comparison: Comparison) -> dict[str, pd.DataFrame]:
    """Each comparison table in long form (one row per key and scenario, English column names), for the CSVs."""
    names = comparison.names
    share = {"demand": "{scenario}_demand", "allocated": "{scenario}_allocated", "share": "{scenario}_share"}
    stages = _long(comparison.stages, ["stage"], names, {"value": "{scenario}"}, None)
    return {
        "scenarios": comparison.scenarios,
        "input_changes": comparison.input_changes,
        "seats": _long(comparison.seats, ["unit_id", "family", "year"], names, {"seats": "{scenario}"}, "{scenario}"),
        "coverage": _long(comparison.coverage, ["tier"], names, share, None),
        "coverage_by_family": _long(comparison.coverage_by_family, ["family", "tier"], names, share, None),
        "stages": stages[stages["value"].notna()].reset_index(drop=True),
        "rule_violations": _long(comparison.rule_violations, ["rule"], names, {"cases": "{scenario}"}, None),
        "unit_changes": _long(comparison.unit_changes, ["unit_id", "name", "kind"], names, {"seats": "{scenario}"},
                              "{scenario}"),
    }


def _unit_chart_table(comparison: Comparison, lang: str) -> pd.DataFrame:
    table = comparison.unit_changes
    if lang != "en":
        return table
    english = table["unit_id"].map(comparison.units.set_index("unit_id")["name_en"]).fillna("")
    return pd.concat([table.iloc[:, :2], english.rename("name_en"), table.iloc[:, 2:]], axis=1)


def comparison_files(comparison: Comparison, lang: str = "vi") -> dict[str, bytes]:
    """The comparison rendered to bytes: comparison.xlsx (a sheet per table, in ``lang``), a tidy CSV per table
    (English column names), compare_coverage.png/.svg and compare_units.png/.svg (the second scenario against the
    first; with more scenarios also compare_units_3.png/.svg and so on, numbered by the scenario's position)."""
    lang = check_lang(lang)
    files = {"comparison.xlsx": encode.xlsx_bytes(workbook_sheets(comparison, lang), index=False)}
    for table, frame in tidy_tables(comparison).items():
        files[f"{table}.csv"] = encode.csv_bytes(frame)
    figures = {"compare_coverage": charts.comparison_coverage_chart(comparison.coverage, comparison.tiers,
                                                                    list(comparison.names), lang=lang)}
    units = _unit_chart_table(comparison, lang)
    for position, name in enumerate(comparison.names[1:], start=2):
        stem = "compare_units" if position == 2 else f"compare_units_{position}"
        figures[stem] = charts.unit_change_chart(units, name, lang=lang)
    for stem, figure in figures.items():
        files[f"{stem}.png"] = encode.png_bytes(figure)
        files[f"{stem}.svg"] = encode.svg_bytes(figure)
    return files
