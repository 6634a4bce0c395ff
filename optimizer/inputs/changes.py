"""What-if changes: one ``ChangeKind`` record per change key of a scenario file, in the registry ``CHANGE_KINDS``.

A record holds everything about its key: which keys of a change select rows, which operations it offers (exactly
one per change), the check of a change's shape as written (``check``), what it does to the input tables
(``apply``), a one-line description in Vietnamese and English (``describe``) and an example that both the messages
and the tests use. ``scenario`` reads change lists through ``CHANGE_KINDS`` and ``overrides`` applies them through
it, so a new key is a new record here (plus its row in README's table of keys and its refusal in
tests/inputs/test_changes.py).

A change is checked twice and both name the scenario file and the change's key (``caps[1].target``): its shape
when the scenario is read (``check``), its meaning when it meets the data (``apply``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd

from ..errors import Place
from ..files import not_a_file
from ..words import check_lang
from . import scenario_fields as fields
from . import schema
from .change_words import refused
from .data import check_demand_rows
from .dataset import Inputs
from .scenario_tables import file_hash, first_row, read_named_table, rounded, what


@dataclass(frozen=True)
class Change:
    """One what-if change as written in a scenario file: where it is declared, what it selects and what it does."""

    file: str
    key: str  # e.g. "caps[0]"
    table: str  # the key of its kind in CHANGE_KINDS, e.g. "caps"
    operation: str  # e.g. "set", "scale", "merge"
    spec: Mapping[str, Any]  # the validated YAML mapping, paths resolved

    @property
    def kind(self) -> ChangeKind:
        return CHANGE_KINDS[self.table]

    def place(self, sub: str | None = None) -> Place:
        return Place(self.file, column=self.key if sub is None else f"{self.key}.{sub}")

    def as_dict(self) -> dict[str, Any]:
        # Recorded in summary.json: the English text, as every earlier result has it, and the Vietnamese one.
        return {"file": self.file, "key": self.key, "text": describe(self, "en"), "text_vi": describe(self, "vi")}


Check = Callable[[dict, str, Callable[[str], Place], Path], None]  # (spec, operation, place of a sub-key, file)


@dataclass(frozen=True)
class ChangeKind:
    """One change key of a scenario file, declared once."""

    key: str  # the scenario key, e.g. "caps"
    selectors: frozenset[str]  # keys that choose the rows the change acts on
    operations: frozenset[str]  # what the change does: exactly one of them per change
    options: frozenset[str]  # further keys an operation takes (the new units and the date of a merge or split)
    check: Check  # the shape of a change as written; fills in spec (paths resolved, years sorted, ...)
    apply: Callable[[Inputs, Change], Inputs]  # the change applied to the input tables, checked against them
    describe: Callable[[Change, str], str]  # one line in "vi" or "en"
    example: Mapping[str, Any]  # a change of this kind on the bundled data, as a scenario file writes it
    tables: tuple[str, ...]  # the Inputs tables it may change
    reads: frozenset[str] = frozenset()  # operations whose value names a file to read

    @property
    def keys(self) -> frozenset[str]:
        """Every key a change of this kind may have."""
        return self.selectors | self.operations | self.options

    @property
    def written_example(self) -> str:
        """The example as a message's fix writes it, e.g. ``'- {tier: key_post, scale: 2}'``."""
        return f"'- {_flow(self.example)}'"


def _flow(value: Any) -> str:
    """A value in YAML's one-line flow style, as a person would type it."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return str(value)


def read_change(file: str, table: str, index: int, item: Any) -> Change:
    """Item ``index`` of the change list ``table`` of a scenario file, checked for shape."""
    kind = CHANGE_KINDS[table]
    key = f"{table}[{index}]"
    place = Place(file, column=key)
    if not isinstance(item, dict):
        raise refused(place, "must be a mapping", f"write e.g. {kind.written_example}")
    for name in item:
        if name not in kind.keys:
            raise refused(Place(file, column=f"{key}.{name}"), "unknown key", fields.hint(str(name), kind.keys))
    chosen = sorted(kind.operations & set(item))
    if len(chosen) != 1:
        raise refused(place, f"needs exactly one of {', '.join(sorted(kind.operations))}, has {len(chosen)}",
                         f"write e.g. {kind.written_example}")
    operation = chosen[0]

    def at(name: str) -> Place:
        return Place(file, column=f"{key}.{name}")

    spec = dict(item)
    kind.check(spec, operation, at, Path(file))
    return Change(file=file, key=key, table=table, operation=operation, spec=MappingProxyType(spec))


def describe(change: Change, lang: str) -> str:
    """One line saying what a change does, in Vietnamese ("vi") or English ("en")."""
    return change.kind.describe(change, check_lang(lang))


def _text(value: Any, lang: str) -> str:
    if isinstance(value, (list, tuple)):
        return "/".join(str(v) for v in value)
    return {"vi": "để trống", "en": "blank"}[lang] if value is None else str(value)


def _describe_rows(change: Change, lang: str, words: Mapping[str, Mapping[str, str]]) -> str:
    """'caps [target=cao_cap_tt]: set seats_max=30': the rows a change selects and what it does to them."""
    spec, words = change.spec, words[lang]
    selected = ", ".join(f"{k}={_text(spec[k], lang)}" for k in sorted(change.kind.selectors) if k in spec)
    value = fields.as_written(spec["replace"], change.file) if change.operation == "replace" else spec[change.operation]
    if change.operation == "set":
        value = ", ".join(f"{k}={_text(x, lang)}" for k, x in value.items())
    return f"{words['table']} [{selected or words['all']}]: " + words[change.operation].format(value)


# --- add_years: new plan years with the quota lines of a year ----------------------------------------------------


def _check_add_years(spec: dict, operation: str, at, file: Path) -> None:
    fields.year(spec["copy_caps_from"], at("copy_caps_from"))
    if "years" not in spec:
        raise refused(at("years"), "required key is missing", "write the new years, e.g. [2026, 2027]")
    spec["years"] = fields.year_list(spec["years"], at("years"))


def add_years(inputs: Inputs, change: Change) -> Inputs:
    """Copy the quota lines of one year to new years (the horizon moves; the numbers stay as in that year)."""
    caps = inputs.caps
    source = change.spec["copy_caps_from"]
    template = caps[caps["year"] == source]
    if template.empty:
        raise refused(change.place("copy_caps_from"), f"the data have no quota lines for {source}",
                         "copy from a year that caps.csv covers")
    taken = [y for y in change.spec["years"] if (caps["year"] == y).any()]
    if taken:
        raise refused(change.place("years"), f"{taken[0]} already has quota lines",
                         "add only years the data do not cover, or change their quotas under 'caps'")
    copies = []
    next_line = int(caps["line"].max()) + 1
    for new_year in change.spec["years"]:
        copy = template.assign(year=new_year, source=template["source"] + f" (copied from {source})")
        copy["line"] = np.arange(next_line, next_line + len(copy))
        next_line += len(copy)
        copies.append(copy)
    out = pd.concat([caps, *copies])
    out["year"] = out["year"].astype("Int64")
    return replace(inputs, caps=out.set_index(out["line"].rename("cap_row")))


_ADD_YEARS_WORDS = {"vi": "thêm các năm {years} với các dòng chỉ tiêu của năm {source}",
                    "en": "add years {years} with the quota lines of {source}"}


def _describe_add_years(change: Change, lang: str) -> str:
    years = ", ".join(str(y) for y in change.spec["years"])
    return _ADD_YEARS_WORDS[lang].format(years=years, source=change.spec["copy_caps_from"])


ADD_YEARS = ChangeKind(
    key="add_years", selectors=frozenset(), operations=frozenset({"copy_caps_from"}), options=frozenset({"years"}),
    check=_check_add_years, apply=add_years, describe=_describe_add_years,
    example={"copy_caps_from": 2025, "years": [2026, 2027]}, tables=("caps",),
)


# --- caps: the quota lines of a course or family -----------------------------------------------------------------

CAP_COLUMNS = ("seats_min", "seats_max", "classes_min", "classes_max")
LIMITS = {c.name: c.maximum for c in schema.CAPS.columns if c.maximum is not None}  # largest value of a quota column


def _check_caps(spec: dict, operation: str, at, file: Path) -> None:
    if "target" not in spec:
        raise refused(at("target"), "required key is missing", "name the course or family, e.g. target: cao_cap_tt")
    fields.an_id(spec["target"], at("target"))
    if "block" in spec and spec["block"] not in schema.CAP_BLOCKS:
        raise refused(at("block"), f"unknown block {spec['block']!r}", f"use one of: {', '.join(schema.CAP_BLOCKS)}")
    if "years" in spec and "from_year" in spec:
        raise refused(at("from_year"), "give either years or from_year", "keep one of them")
    if "years" in spec:
        spec["years"] = fields.year_list(spec["years"], at("years"))
    if "from_year" in spec:
        fields.year(spec["from_year"], at("from_year"))
    value = spec[operation]
    if operation == "set":
        if not isinstance(value, dict) or not value:
            raise refused(at("set"), "must map quota columns to values", "write e.g. {seats_max: 30}")
        for column, number in value.items():
            if column not in CAP_COLUMNS:
                raise refused(at(f"set.{column}"), "unknown quota column", f"use one of: {', '.join(CAP_COLUMNS)}")
            if number is not None:
                fields.whole(number, at(f"set.{column}"), column, maximum=LIMITS[column])
        spec["set"] = MappingProxyType(dict(value))
    elif operation == "scale":
        fields.factor(value, at("scale"))
    elif operation == "add_classes":
        if isinstance(value, bool) or not isinstance(value, int) or value == 0 or abs(value) > schema.MAX_CLASSES:
            raise refused(at("add_classes"), f"{value!r} is not a whole number of classes", "write e.g. 1 or -1")
    elif value is not True:
        raise refused(at("remove"), "must be true", "write 'remove: true' or delete the key")


def selected_caps(caps: pd.DataFrame, spec: Mapping[str, Any]) -> pd.Series:
    """The quota lines a caps change selects: its target's, within its block, years and from_year if given."""
    chosen = caps["target"] == spec["target"]
    if "block" in spec:
        chosen &= caps["block"] == spec["block"]
    if "years" in spec:
        chosen &= caps["year"].isin(spec["years"])
    if "from_year" in spec:
        chosen &= caps["year"] >= spec["from_year"]
    return chosen


def _select_caps(caps: pd.DataFrame, change: Change) -> pd.Series:
    spec = change.spec
    if not (chosen := selected_caps(caps, spec)).any():
        where = "" if "block" not in spec else f" (block {spec['block']})"
        raise refused(change.place("target"), f"no quota line of '{spec['target']}'{where} in the selected years",
                         "use a target and years that caps.csv has")
    return chosen


def change_caps(inputs: Inputs, change: Change) -> Inputs:
    """set: write quota columns; scale: multiply seat bounds; add_classes: ±n classes (and their seats); remove."""
    target = change.spec["target"]
    if target not in inputs.courses.index and target not in inputs.families.index:
        raise refused(change.place("target"), f"unknown course or family '{target}'",
                         "use a course_id from courses.csv or a family from families.csv")
    chosen = _select_caps(inputs.caps, change)
    caps = inputs.caps.copy()
    operation, value = change.operation, change.spec[change.operation]
    if operation == "remove":
        return replace(inputs, caps=caps[~chosen])
    if operation == "set":
        for column, number in value.items():
            caps.loc[chosen, column] = pd.NA if number is None else number
    elif operation == "scale":
        if caps.loc[chosen, ["seats_min", "seats_max"]].isna().all(axis=None):
            raise refused(change.place("scale"), f"the quota lines of '{target}' limit classes, not seats",
                             "use add_classes or set classes_min/classes_max")
        for column in ("seats_min", "seats_max"):
            caps.loc[chosen, column] = rounded(caps.loc[chosen, column] * value)
    else:
        has_classes = chosen & (caps["classes_min"].notna() | caps["classes_max"].notna())
        if not has_classes.any():
            raise refused(change.place("add_classes"), f"the quota lines of '{target}' set no number of classes",
                             "use set or scale for seats")
        # A line that gives both seats and classes ("5 classes / 250 students") keeps its seats per class.
        per_class = caps["seats_max"].astype(float) / caps["classes_max"].astype(float)
        both = has_classes & caps["seats_max"].notna() & caps["classes_max"].notna() & (caps["classes_max"] > 0)
        caps.loc[both, "seats_max"] = rounded(caps.loc[both, "seats_max"] + value * per_class[both])
        for column in ("classes_min", "classes_max"):
            present = has_classes & caps[column].notna()
            caps.loc[present, column] = caps.loc[present, column] + value
    for column in schema.CAPS.columns:
        if column.kind == "int":
            caps[column.name] = caps[column.name].astype("Int64")
    _check_changed_caps(caps[chosen], change)
    return replace(inputs, caps=caps)


def _check_changed_caps(caps: pd.DataFrame, change: Change) -> None:
    for low, high in (("seats_min", "seats_max"), ("classes_min", "classes_max")):
        negative = (caps[low] < 0).fillna(False) | (caps[high] < 0).fillna(False)
        inverted = (caps[low] > caps[high]).fillna(False)
        for mask, problem in ((negative, "a negative number"), (inverted, f"{low} above {high}")):
            if (row := first_row(mask, caps)) is not None:
                raise refused(change.place(change.operation),
                                 f"leaves {row['target']} {row['year']} with {problem} "
                                 f"({low} {row[low]}, {high} {row[high]})", "change the values")
    empty = caps[["seats_min", "seats_max", "classes_min", "classes_max"]].isna().all(axis=1)
    if (row := first_row(empty, caps)) is not None:
        raise refused(change.place(change.operation), f"leaves the {row['year']} line of {row['target']} "
                         "limiting nothing", "use 'remove: true' to drop a quota line")


_CAPS_WORDS = {
    "vi": {"table": "chỉ tiêu", "all": "mọi dòng", "set": "đặt {}", "scale": "nhân với {:g}",
           "add_classes": "{:+d} lớp mỗi năm", "remove": "bỏ các dòng chỉ tiêu"},
    "en": {"table": "caps", "all": "all rows", "set": "set {}", "scale": "scale by {:g}",
           "add_classes": "{:+d} class(es) a year", "remove": "remove the quota lines"},
}

CAPS = ChangeKind(
    key="caps", selectors=frozenset({"target", "block", "years", "from_year"}),
    operations=frozenset({"set", "scale", "add_classes", "remove"}), options=frozenset(),
    check=_check_caps, apply=change_caps, describe=partial(_describe_rows, words=_CAPS_WORDS),
    example={"target": "cao_cap_tt", "set": {"seats_max": 30}}, tables=("caps",),
)


# --- demand: the planning lists ------------------------------------------------------------------------------------

DEMAND_SET_COLUMNS = ("count", "earliest_year", "deadline_year", "full_time_only")


def _check_demand(spec: dict, operation: str, at, file: Path) -> None:
    if "unit" in spec and "units" in spec:
        raise refused(at("units"), "give either unit or units", "keep one of them")
    if "units" in spec:
        if not isinstance(spec["units"], list) or not spec["units"]:
            raise refused(at("units"), "must be a list of unit ids", "write e.g. [my_loc, vu_ban]")
        spec["units"] = tuple(fields.an_id(u, at("units")) for u in spec["units"])
    if "unit" in spec:
        spec["units"] = (fields.an_id(spec.pop("unit"), at("unit")),)
    for name in ("family", "tier"):
        if name in spec:
            fields.an_id(spec[name], at(name))
    if "block" in spec and spec["block"] not in schema.BLOCKS:
        raise refused(at("block"), f"unknown block {spec['block']!r}", f"use one of: {', '.join(schema.BLOCKS)}")
    value = spec[operation]
    if operation == "scale":
        fields.factor(value, at("scale"))
    elif operation == "set":
        if not isinstance(value, dict) or not value:
            raise refused(at("set"), "must map demand columns to values", "write e.g. {count: 3}")
        for column, item in value.items():
            if column not in DEMAND_SET_COLUMNS:
                raise refused(at(f"set.{column}"), "unknown demand column",
                                 f"use one of: {', '.join(DEMAND_SET_COLUMNS)}")
            if column == "full_time_only":
                if not isinstance(item, bool):
                    raise refused(at(f"set.{column}"), f"{item!r} is not true or false", "write true or false")
            elif column == "count":
                fields.whole(item, at(f"set.{column}"), "count", maximum=schema.MAX_COUNT)
            else:
                fields.year(item, at(f"set.{column}"))
        spec["set"] = MappingProxyType(dict(value))
    else:
        if not isinstance(value, str) or not value:
            raise refused(at("replace"), "must be the path of a demand CSV", "write e.g. inputs/demand_new.csv")
        spec["replace"] = fields.near(file, value)


def _select_demand(demand: pd.DataFrame, inputs: Inputs, change: Change) -> pd.Series:
    spec = change.spec
    chosen = pd.Series(True, index=demand.index)
    for key, column, known, where in (("family", "family", inputs.families.index, "families.csv"),
                                      ("tier", "tier", inputs.tiers.index, "tiers.csv")):
        if key in spec:
            if spec[key] not in known:
                raise refused(change.place(key), f"unknown {key} '{spec[key]}'", f"use one listed in {where}")
            chosen &= demand[column] == spec[key]
    if "units" in spec:
        unknown = [u for u in spec["units"] if u not in inputs.units.index]
        if unknown:
            raise refused(change.place("units"), f"unknown unit '{unknown[0]}'", "use a unit_id from units.csv")
        chosen &= demand["unit_id"].isin(spec["units"])
    if "block" in spec:
        chosen &= demand["block"] == spec["block"]
    return chosen


def change_demand(inputs: Inputs, change: Change) -> Inputs:
    """scale or set the selected demand rows, or replace them with the rows of another demand file."""
    chosen = _select_demand(inputs.demand, inputs, change)
    operation, value = change.operation, change.spec[change.operation]
    if operation != "replace" and not chosen.any():
        raise refused(change.place(), "selects no demand rows", "check unit, family, tier and block")
    demand = inputs.demand.copy()
    if operation == "scale":
        demand.loc[chosen, "count"] = rounded(demand.loc[chosen, "count"] * value)
    elif operation == "set":
        for column, item in value.items():
            demand.loc[chosen, column] = item
        inverted = chosen & (demand["deadline_year"] < demand["earliest_year"])
        if inverted.any():
            raise refused(change.place("set"), f"leaves {demand.index[inverted.to_numpy()][0]} with a deadline "
                             "before its earliest year", "change the years")
    else:
        return _replace_demand(inputs, change, chosen, value)
    return replace(inputs, demand=demand)


def _replace_demand(inputs: Inputs, change: Change, chosen: pd.Series, path: Path) -> Inputs:
    """The rows a change selects give way to the rows of the file it names, which must stay inside its selection."""
    if (problem := not_a_file(path)) is not None:
        raise refused(change.place("replace"), f"the file {path} {what(problem)}",
                         "check the path (it is relative to the scenario file)")
    new = read_named_table(path, schema.DEMAND)
    plan_years = sorted(int(y) for y in inputs.caps["year"].unique())
    check_demand_rows(new, inputs.units, inputs.families, inputs.courses, inputs.tiers, plan_years, path)
    outside = ~_select_demand(new, inputs, change)
    if (row := first_row(outside, new)) is not None:
        raise refused(Place(str(path), int(row["line"]), "unit_id"),
                         "the row is not one of the rows this change replaces",
                         f"keep only rows that {change.key} selects, or widen its selection")
    new = new.set_index("demand_id")
    kept = inputs.demand[~chosen]
    clash = new.index.intersection(kept.index)
    if len(clash):
        raise refused(Place(str(path), int(new.loc[clash[0], "line"]), "demand_id"),
                         f"'{clash[0]}' is also a row that stays", "give the new rows their own ids")
    if new.index.has_duplicates:
        first = new.index[new.index.duplicated()][0]
        raise refused(Place(str(path), int(new.loc[first, "line"].max()), "demand_id"),
                         f"'{first}' appears more than once", "keep one row per id")
    return replace(inputs, demand=pd.concat([kept, new]), extra_hashes=(*inputs.extra_hashes, file_hash(path)))


_DEMAND_WORDS = {
    "vi": {"table": "nhu cầu", "all": "mọi dòng", "set": "đặt {}", "scale": "nhân với {:g}",
           "replace": "thay các dòng bằng {}"},
    "en": {"table": "demand", "all": "all rows", "set": "set {}", "scale": "scale by {:g}",
           "replace": "replace the rows with {}"},
}

DEMAND = ChangeKind(
    key="demand", selectors=frozenset({"unit", "units", "family", "tier", "block"}),
    operations=frozenset({"set", "scale", "replace"}), options=frozenset(),
    check=_check_demand, apply=change_demand, describe=partial(_describe_rows, words=_DEMAND_WORDS),
    example={"tier": "key_post", "scale": 2}, tables=("demand",), reads=frozenset({"replace"}),
)


# --- units: a unit merges into another or splits into several from a date ------------------------------------------

UNIT_KEYS = {"unit_id", "name", "name_en", "kind", "share"}


def _check_units(spec: dict, operation: str, at, file: Path) -> None:
    if "date" not in spec:
        raise refused(at("date"), "required key is missing", "write the date it takes effect, e.g. 2024-09-01")
    spec["year"] = fields.effective_year(spec["date"], at("date"))
    spec["date"] = str(spec["date"])
    fields.an_id(spec[operation], at(operation))
    if "into" not in spec:
        raise refused(at("into"), "required key is missing", "name the unit(s) it becomes")
    if operation == "merge":
        fields.an_id(spec["into"], at("into"))
        return
    parts = spec["into"]
    if not isinstance(parts, list) or len(parts) < 2:
        raise refused(at("into"), "must list at least two new units", "write unit_id, name, kind and share for each")
    spec["into"] = tuple(_new_unit(part, f"into[{i}]", at) for i, part in enumerate(parts))
    if abs(sum(p["share"] for p in spec["into"]) - 1) > 1e-9:
        raise refused(at("into"), "the shares do not add up to 1", "fix the shares")


def _new_unit(part: Any, here: str, at) -> Mapping[str, Any]:
    """One of the units a split makes: an id, a one-line name (and English name), a share and perhaps a kind."""
    if not isinstance(part, dict):
        raise refused(at(here), "must be a mapping", "write unit_id, name, kind and share")
    for name in part:
        if name not in UNIT_KEYS:
            raise refused(at(f"{here}.{name}"), "unknown key", f"use only: {', '.join(sorted(UNIT_KEYS))}")
    for name in ("unit_id", "name", "share"):
        if name not in part:
            raise refused(at(f"{here}.{name}"), "required key is missing", f"add '{name}'")
    if not isinstance(part["unit_id"], str) or not re.fullmatch(schema.ID_PATTERN, part["unit_id"]):
        raise refused(at(f"{here}.unit_id"), f"{part['unit_id']!r} is not a valid id",
                         "use letters without diacritics, digits, '_', '-' or '.'")
    for name in ("name", "name_en"):
        text = part.get(name, "x")
        if not isinstance(text, str) or not text.strip() or "\n" in text or "\r" in text:
            raise refused(at(f"{here}.{name}"), f"{text!r} is not a one-line name", "write the unit's name")
        if re.match(schema.FORMULA_START, text.strip()):
            raise refused(at(f"{here}.{name}"), f"{text!r} starts like a spreadsheet formula",
                             "remove the leading =, + or @")
    share = part["share"]
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share <= 1:
        raise refused(at(f"{here}.share"), f"{share!r} is not a share between 0 and 1", "write e.g. 0.6")
    if "kind" in part and part["kind"] not in schema.UNIT_KINDS:
        raise refused(at(f"{here}.kind"), f"unknown unit kind {part['kind']!r}",
                         f"use one of: {', '.join(schema.UNIT_KINDS)}")
    return MappingProxyType(dict(part))


def _known_unit(units: pd.DataFrame, unit: str, change: Change, key: str) -> None:
    if unit not in units.index:
        raise refused(change.place(key), f"unknown unit '{unit}'", "use a unit_id from units.csv")


def _not_yet_changed(demand: pd.DataFrame, rows: pd.Series, change: Change, key: str) -> None:
    if demand.loc[rows, "former_unit"].notna().any():
        raise refused(change.place(key), "the unit's rows were already merged or split by an earlier change",
                         "merge or split each unit once per scenario")


def change_units(inputs: Inputs, change: Change) -> Inputs:
    return merge_unit(inputs, change) if change.operation == "merge" else split_unit(inputs, change)


def merge_unit(inputs: Inputs, change: Change) -> Inputs:
    """From the year of the date, the merged unit's demand belongs to the unit it joins; earlier seats stay its own."""
    old, new = change.spec["merge"], change.spec["into"]
    _known_unit(inputs.units, old, change, "merge")
    _known_unit(inputs.units, new, change, "into")
    if old == new:
        raise refused(change.place("into"), "a unit cannot merge into itself", "name another unit")
    rows = inputs.demand["unit_id"] == old
    _not_yet_changed(inputs.demand, rows, change, "merge")
    demand = inputs.demand.copy()
    demand.loc[rows, "former_unit"] = old
    demand.loc[rows, "change_year"] = change.spec["year"]
    demand.loc[rows, "unit_id"] = new
    demand["change_year"] = demand["change_year"].astype("Int64")
    return replace(inputs, demand=demand)


def split_unit(inputs: Inputs, change: Change) -> Inputs:
    """From the year of the date, the unit becomes several; each of its demand rows is shared out by the given
    shares (largest remainder, ties to the first listed unit), and earlier seats stay the old unit's."""
    units, demand = inputs.units, inputs.demand
    old, parts = change.spec["split"], change.spec["into"]
    _known_unit(units, old, change, "split")
    for i, part in enumerate(parts):
        if part["unit_id"] in units.index:
            raise refused(change.place(f"into[{i}].unit_id"), f"unit '{part['unit_id']}' already exists",
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
    return replace(inputs, units=units, demand=demand)


def _largest_remainder(counts: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Each count split by the shares into whole parts that add up to it (Hamilton's method per row)."""
    exact = counts[:, None] * shares[None, :]
    whole = np.floor(exact + 1e-9).astype(int)
    left = counts - whole.sum(axis=1)
    order = np.argsort(-(exact - whole), axis=1, kind="stable")
    for i in np.flatnonzero(left):
        whole[i, order[i, : left[i]]] += 1
    return whole


_UNITS_WORDS = {"vi": {"merge": "đơn vị {unit} sáp nhập vào {into} từ {date}",
                       "split": "đơn vị {unit} tách thành {into} từ {date}"},
                "en": {"merge": "unit {unit} merges into {into} from {date}",
                       "split": "unit {unit} splits into {into} from {date}"}}


def _describe_units(change: Change, lang: str) -> str:
    spec = change.spec
    into = spec["into"]
    if change.operation == "split":
        into = ", ".join(f"{u['unit_id']} ({u['share']:g})" for u in into)
    return _UNITS_WORDS[lang][change.operation].format(unit=spec[change.operation], into=into, date=spec["date"])


UNITS = ChangeKind(
    key="units", selectors=frozenset(), operations=frozenset({"merge", "split"}), options=frozenset({"into", "date"}),
    check=_check_units, apply=change_units, describe=_describe_units,
    example={"merge": "my_loc", "into": "tp_nam_dinh", "date": "2024-09-01"}, tables=("demand", "units"),
)


# --- the registry ---------------------------------------------------------------------------------------------------

# Every change key of a scenario file, in the order in which changes are applied (each list in file order, a
# parent's before its child's): new years first, so that quota changes may reach them.
CHANGE_KINDS: Mapping[str, ChangeKind] = MappingProxyType({kind.key: kind
                                                          for kind in (ADD_YEARS, CAPS, DEMAND, UNITS)})
CHANGE_KEYS = tuple(CHANGE_KINDS)
