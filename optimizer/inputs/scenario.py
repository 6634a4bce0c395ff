"""Scenario files: which data, which years, the operational limits, the solver settings, and the what-if changes.

A scenario may ``extends:`` another and then holds only its differences. Settings (data, years, release_limits,
solver, tier_order, frozen, reference) are inherited and overridden key by key; change lists (add_years, caps,
demand, units) accumulate, the parent's first. Every change is checked here for its shape and later, when it is
applied to the data (``overrides.py``), for its meaning; both name the scenario file and the key of the mistake.

A scenario file may come from someone else, so reading one is bounded and unsurprising:

* YAML typing is that of YAML 1.2's core schema: only true/false are booleans, integers are decimal (``030`` is
  thirty, as a person means, not YAML 1.1's octal 24), floats are ordinary, dates stay text. Plain (unquoted)
  values that YAML 1.1 readers type otherwise are refused with their key: yes/no/on/off/y/n, base-60 ``1:30``,
  ``0x``/``0o``/``0b`` numbers and numbers with ``_``; quoting them makes them text.
* A key given twice in one mapping is refused (YAML readers silently keep the last).
* Tags (``!!python/object``, ``!x``) and anchors/aliases (``&a``, ``*a``; a scenario has no need of them, and
  they make "billion laughs" bombs) are refused, as are files over MAX_FILE_BYTES, nesting deeper than MAX_DEPTH
  and ``extends`` chains longer than MAX_EXTENDS. These are checked on the parser's event stream, which is not
  recursive and does not expand aliases, before any value is built.
* The files a scenario names to be read (a demand ``replace``, ``frozen.actuals``, ``reference``) must resolve,
  symbolic links followed, inside the folder tree of the scenario file that names them or the data folder's tree;
  ``load_scenario(..., allow_outside_paths=True)`` (the command line's ``--allow-outside-paths``) lifts this.
  ``extends`` may name a scenario file anywhere (parents live in sibling folders), but only a .yaml/.yml file.
"""


from __future__ import annotations

import datetime
import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from ..errors import InputError, Place
from ..files import MISSING, not_a_file, not_a_folder
from . import schema

OWN_KEYS = {"name", "question", "extends"}
SETTING_KEYS = {"data", "years", "release_limits", "solver", "tier_order", "frozen", "reference"}
CHANGE_KEYS = ("add_years", "caps", "demand", "units")  # also the order in which changes are applied
KNOWN_KEYS = OWN_KEYS | SETTING_KEYS | set(CHANGE_KEYS)
SOLVER_KEYS = {"name", "time_limit_seconds", "seed"}
SOLVER_NAMES = ("highs", "cp_sat", "scip")
CAP_COLUMNS = ("seats_min", "seats_max", "classes_min", "classes_max")
DEMAND_SET_COLUMNS = ("count", "earliest_year", "deadline_year", "full_time_only")
UNIT_KEYS = {"unit_id", "name", "name_en", "kind", "share"}
MAX_SEED = 2**31 - 1  # the solvers take a 32-bit seed
MAX_TIME_LIMIT_SECONDS = 1_000_000.0  # about 11 days; more is a typing slip
LIMITS = {c.name: c.maximum for c in schema.CAPS.columns if c.maximum is not None}  # largest value of a quota column

# For each change list: the keys that select rows, and the operations (exactly one per change).
CHANGE_SHAPES = {
    "caps": ({"target", "block", "years", "from_year"}, {"set", "scale", "add_classes", "remove"}),
    "demand": ({"unit", "units", "family", "tier", "block"}, {"set", "scale", "replace"}),
    "units": ({"into", "date"}, {"merge", "split"}),
    "add_years": ({"years"}, {"copy_caps_from"}),
}


@dataclass(frozen=True)
class SolverSettings:
    name: str = "highs"  # a MathOpt solver that OR-Tools ships: highs, cp_sat or scip
    time_limit_seconds: float = 60.0
    seed: int = 0


@dataclass(frozen=True)
class Change:
    """One what-if change as written in a scenario file: where it is declared, what it selects and what it does."""

    file: str
    key: str  # e.g. "caps[0]"
    table: str  # caps | demand | units | add_years
    operation: str  # e.g. "set", "scale", "merge"
    spec: Mapping[str, Any]  # the validated YAML mapping, paths resolved

    def place(self, sub: str | None = None) -> Place:
        return Place(self.file, column=self.key if sub is None else f"{self.key}.{sub}")

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "key": self.key, "text": describe(self)}


@dataclass(frozen=True)
class Frozen:
    """Years already trained: their seats are the actual ones, read from ``file``, and are not optimised."""

    file: Path
    years: tuple[int, ...]


@dataclass(frozen=True)
class Scenario:
    path: Path
    name: str
    question: str
    data_dir: Path
    years: tuple[int, ...]
    release_limits: Mapping[str, int]  # unit kind -> full-time seats in progress per unit and year
    solver: SolverSettings
    extends: tuple[str, ...] = ()  # the chain of parent files, nearest first
    changes: tuple[Change, ...] = ()
    tier_order: tuple[str, ...] = ()  # empty: the ranks of tiers.csv
    frozen: Frozen | None = None
    reference: Path | None = None  # a previous plan's assignments.csv

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
            "extends": list(self.extends),
            "changes": [change.as_dict() for change in self.changes],
            "tier_order": list(self.tier_order),
            "frozen": None if self.frozen is None else {"file": self.frozen.file.as_posix(),
                                                        "years": list(self.frozen.years)},
            "reference": None if self.reference is None else self.reference.as_posix(),
        }


def describe(change: Change) -> str:
    """One line saying what a change does, for summaries and comparisons."""
    spec = change.spec
    if change.table == "add_years":
        return f"add years {_years_text(spec['years'])} with the quota lines of {spec['copy_caps_from']}"
    if change.table == "units":
        when = spec["date"]
        if change.operation == "merge":
            return f"unit {spec['merge']} merges into {spec['into']} from {when}"
        parts = ", ".join(f"{u['unit_id']} ({u['share']:g})" for u in spec["into"])
        return f"unit {spec['split']} splits into {parts} from {when}"
    selector = ", ".join(f"{k}={_text(spec[k])}" for k in sorted(CHANGE_SHAPES[change.table][0]) if k in spec)
    action = {"set": lambda v: "set " + ", ".join(f"{k}={_text(x)}" for k, x in v.items()),
              "scale": lambda v: f"scale by {v:g}", "add_classes": lambda v: f"{v:+d} class(es) a year",
              "remove": lambda v: "remove the quota lines", "replace": lambda v: f"replace the rows with {v}"}
    return f"{change.table} [{selector or 'all rows'}]: {action[change.operation](spec[change.operation])}"


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "/".join(str(v) for v in value)
    return "blank" if value is None else str(value)


def _years_text(years) -> str:
    return ", ".join(str(y) for y in years)


# --- reading and resolving -------------------------------------------------------------------------------------

# Limits on what one scenario file may make the reader do. A scenario is a page of settings: the shipped ones are
# under 2 kB, nest 5 levels deep and extend one parent, so these leave ample room and still bound time and memory.
MAX_FILE_BYTES = 1_000_000  # per scenario file; larger is not a scenario (and would be slow to read)
MAX_DEPTH = 20  # nested mappings and lists; deeper nesting is a mistake or an attack on the reader
MAX_EXTENDS = 20  # parents in an 'extends' chain; each one is read, so the chain must end soon
MAX_KEY_TEXT = 60  # characters of a key shown in a message (a key could be a megabyte long)
MAX_DIGITS = 100  # of a plain integer; Python refuses to convert more than 4,300, and no setting needs 100


def _core_resolvers() -> dict:
    """Implicit types as YAML 1.2's core schema has them: null, true/false, decimal integers (``030`` is 30) and
    plain floats. No YAML 1.1 extras (yes/no/on/off booleans, base 60, 0x/0o/0b, ``1_000``, timestamps)."""
    rules = (
        ("tag:yaml.org,2002:null", r"~|null|Null|NULL|", "~nN"),
        ("tag:yaml.org,2002:bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
        ("tag:yaml.org,2002:int", r"[-+]?[0-9]+", "-+0123456789"),  # before float: '30' is an integer
        ("tag:yaml.org,2002:float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
         r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)", "-+.0123456789"),
    )
    table: dict = {}
    for tag, pattern, first in rules:
        for char in [*first, ""] if tag.endswith("null") else first:  # '' is where the empty scalar is looked up
            table.setdefault(char, []).append((tag, re.compile(rf"(?:{pattern})\Z")))
    return table


class _CoreLoader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core typing (see ``_core_resolvers``); tags are refused before it runs."""

    yaml_implicit_resolvers = _core_resolvers()


# PyYAML reads a leading zero as octal; the core schema, like a person, reads 030 as thirty.
_CoreLoader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(loader.construct_scalar(node), 10))

# Plain (unquoted) scalars that YAML 1.1 readers (PyYAML's safe_load, many editors' and tools' readers) type
# differently from the core schema, so the same file would mean two things. Each is refused with a fix: quote it
# (text) or write it as the core schema reads it. Leading zeros are the exception: 030 means thirty to a person,
# and the core schema agrees, so it is read as 30 rather than refused.
_YAML11_BOOLEANS = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"}
_AMBIGUOUS_NUMBERS = (
    (re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"),
     "a value with ':' such as 1:30 is a base-60 number (90) in some YAML readers and text in others",
     "write the number itself, or quote it if it is text"),
    (re.compile(r"[-+]?0(?:x[0-9a-fA-F_]+|o[0-7_]+|b[01_]+)"),
     "a number with a 0x, 0o or 0b prefix is read differently by different YAML readers",
     "write it in decimal digits, or quote it if it is text"),
    (re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?"),
     "a number with '_' in it is a number in some YAML readers and text in others",
     "write the digits without '_', or quote it if it is text"),
)


def _ambiguity(value: str) -> tuple[str, str] | None:
    """(problem, fix) when YAML 1.1 and the core schema read this plain scalar differently. Numbers are not
    quoted back: the file may not be a scenario at all (an ``extends`` gone astray), and its values stay private."""
    if len(value) > MAX_DIGITS and re.fullmatch(r"[-+]?[0-9]+", value):
        return f"the number has more than {MAX_DIGITS} digits", "write a number of ordinary size"
    if value in _YAML11_BOOLEANS:
        return (f"'{value}' is a boolean in some YAML readers and text in others",
                "write true/false, or quote it if it is text")
    for pattern, problem, fix in _AMBIGUOUS_NUMBERS:
        if pattern.fullmatch(value) and (pattern is not _AMBIGUOUS_NUMBERS[2][0] or "_" in value):
            return problem, fix
    return None


def _read_yaml(path: Path) -> dict:
    if (problem := not_a_file(path)) is not None:
        what = "does not exist" if problem == MISSING else problem
        raise InputError(Place(str(path)), f"the scenario file {what}", "check the path")
    text = _decoded(path, _bounded_bytes(path))
    try:
        _scan(text, path)  # bounded checks on the event stream, before anything is built from it
        raw = yaml.load(text, Loader=_CoreLoader)  # noqa: S506 - a safe loader: no tags get this far
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        raise InputError(Place(str(path), None if line is None else line + 1), "is not valid YAML",
                         "check indentation and colons") from None
    return _checked_keys(raw, path)


def _bounded_bytes(path: Path) -> bytes:
    with path.open("rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)  # never more, whatever the file claims to be
    if len(data) > MAX_FILE_BYTES:
        raise InputError(Place(str(path)), f"the file is larger than the limit of {MAX_FILE_BYTES:,} bytes for a "
                         "scenario", "keep a scenario to its settings and changes, and put tables in CSV files")
    return data


def _decoded(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:  # UTF-16, with or without byte-order mark
        raise InputError(Place(str(path)), "the file is UTF-16, not UTF-8", "save it again as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(Place(str(path), line), "the file is not UTF-8 (perhaps Windows-1258 or another legacy "
                         "code page)", "save it again as UTF-8 so Vietnamese letters survive") from None


@dataclass
class _Level:
    """One open mapping or list while scanning: its key path, and the keys seen (mapping) or next index (list)."""

    path: str
    is_mapping: bool
    keys: dict[str, int]  # key -> line it was first given on
    key: str | None = None  # the key whose value comes next (mapping)
    index: int = 0  # the index of the next item (list)


def _scan(text: str, path: Path) -> None:
    """Refuse, with the key path and line, what the loader must never see: tags, anchors and aliases, nesting
    deeper than MAX_DEPTH, a key given twice (YAML readers keep the last and drop the first without a word) and
    plain scalars that YAML readers type differently. PyYAML's parser is not recursive and aliases are events,
    not copies, so this pass is linear in the file whatever it holds."""
    stack: list[_Level] = []
    for event in yaml.parse(text, Loader=_CoreLoader):
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
        elif isinstance(event, yaml.NodeEvent):
            _scan_node(event, stack, path)


def _scan_node(event: yaml.NodeEvent, stack: list[_Level], path: Path) -> None:
    line = event.start_mark.line + 1
    parent = stack[-1] if stack else None
    if parent is not None and parent.is_mapping and parent.key is None:
        here = _scan_key(event, parent, path, line)
    else:
        here = _child_path(parent)
    place = Place(str(path), line, here or None)
    if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
        raise InputError(place, "anchors and aliases (&name, *name) are not allowed in a scenario file",
                         "write each value out in full")
    if event.tag is not None:
        raise InputError(place, "YAML tags (!name, !!type) are not allowed in a scenario file",
                         "remove the tag and write a plain value")
    if isinstance(event, yaml.ScalarEvent) and event.style is None and (found := _ambiguity(event.value)):
        raise InputError(place, *found)
    if isinstance(event, yaml.CollectionStartEvent):
        if len(stack) >= MAX_DEPTH:
            raise InputError(place, f"the file nests more than {MAX_DEPTH} levels of mappings and lists",
                             "flatten it: a scenario needs only a few levels")
        stack.append(_Level(here, isinstance(event, yaml.MappingStartEvent), {}))


def _child_path(parent: _Level | None) -> str:
    """The key path of the value that comes next in ``parent``, which then moves on to the one after it."""
    if parent is None:
        return ""
    if parent.is_mapping:
        key, parent.key = parent.key, None
        return f"{parent.path}.{key}" if parent.path else str(key)
    index, parent.index = parent.index, parent.index + 1
    return f"{parent.path}[{index}]"


def _scan_key(event: yaml.NodeEvent, parent: _Level, path: Path, line: int) -> str:
    """A mapping key: a plain scalar, given once. Returns its key path; its value comes next."""
    if not isinstance(event, yaml.ScalarEvent):
        raise InputError(Place(str(path), line, parent.path or None), "a key must be a word, not a list or mapping",
                         "write 'key: value'")
    name = " ".join(event.value.splitlines())  # one line in any message
    if len(name) > MAX_KEY_TEXT:
        name = name[:MAX_KEY_TEXT] + "…"
    here = f"{parent.path}.{name}" if parent.path else name
    if event.value in parent.keys:
        raise InputError(Place(str(path), line, here), f"the key is given twice (first on line "
                         f"{parent.keys[event.value]}), and YAML readers would silently keep only one",
                         "keep one of them")
    parent.keys[event.value] = line
    parent.key = name
    return here


def _hint(key: str, known) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1)
    return f"did you mean '{close[0]}'?" if close else f"use only: {', '.join(sorted(known))}"


def _near(path: Path, value: str) -> Path:
    """A path written in a scenario file, relative to that file."""
    return Path(os.path.normpath(path.parent / value))


def _checked_keys(raw: Any, path: Path) -> dict:
    if not isinstance(raw, dict):
        raise InputError(Place(str(path)), "is not a mapping of keys to values", "see scenarios/baseline.yaml")
    for key in raw:
        if key not in KNOWN_KEYS:
            raise InputError(Place(str(path), column=str(key)), "unknown key", _hint(str(key), KNOWN_KEYS))
    return raw


def _resolved(path: Path, chain: tuple[Path, ...], raw: dict) -> tuple[dict, list[tuple[Path, str, Any]], tuple[str, ...]]:
    """The settings of ``path`` (whose content is ``raw``) after its ``extends`` chain, its changes (file, key,
    spec) and the chain's files."""
    settings: dict[str, Any] = {}
    changes: list[tuple[Path, str, Any]] = []
    parents: tuple[str, ...] = ()
    if "extends" in raw:
        parent = raw["extends"]
        if not isinstance(parent, str):
            raise InputError(Place(str(path), column="extends"), "must be the path of another scenario file",
                             "write e.g. 'extends: baseline.yaml'")
        parent_path = _near(path, parent)
        if parent_path.resolve() in chain:
            names = " -> ".join(p.name for p in (*chain, parent_path.resolve()))
            raise InputError(Place(str(path), column="extends"), f"scenarios extend each other in a cycle ({names})",
                             "remove one of the 'extends' keys")
        if len(chain) > MAX_EXTENDS:  # chain holds the top file and its parents so far
            raise InputError(Place(str(path), column="extends"), f"the 'extends' chain is longer than the limit of "
                             f"{MAX_EXTENDS} parent files", "let a scenario extend a file nearer the baseline")
        if parent_path.suffix.lower() not in (".yaml", ".yml"):  # never read some other file as if it were one
            raise InputError(Place(str(path), column="extends"), "must name a scenario file (.yaml or .yml)",
                             "write e.g. 'extends: baseline.yaml'")
        if (problem := not_a_file(parent_path)) is not None:
            what = "does not exist" if problem == MISSING else problem
            raise InputError(Place(str(path), column="extends"), f"the scenario {parent_path} {what}",
                             "check the path (it is relative to this file)")
        settings, changes, grand = _resolved(parent_path, (*chain, parent_path.resolve()), _read_yaml(parent_path))
        parents = (parent_path.as_posix(), *grand)
    for key in SETTING_KEYS & set(raw):
        value = raw[key]
        if key in ("data", "reference") and isinstance(value, str):
            value = _near(path, value)
        if key == "frozen" and isinstance(value, dict) and isinstance(value.get("actuals"), str):
            value = {**value, "actuals": _near(path, value["actuals"])}
        if key in ("release_limits", "solver") and isinstance(value, dict) and isinstance(settings.get(key), dict):
            value = {**settings[key], **value}
        settings[key] = value
        settings[f"{key}@"] = path  # which file set it, for messages
    for table in CHANGE_KEYS:
        if table not in raw:
            continue
        items = raw[table]
        if not isinstance(items, list):
            raise InputError(Place(str(path), column=table), "must be a list of changes", "write each change as '- ...'")
        changes += [(path, f"{table}[{i}]", item) for i, item in enumerate(items)]
    return settings, changes, parents


def variant_scenario(base: str | Path, name: str, question: str = "", allow_outside_paths: bool = False,
                     **keys: Any) -> Scenario:
    """A what-if scenario built in Python rather than a file: it extends ``base`` with ``keys`` (the keys of a
    scenario file, e.g. ``caps=[{"target": "cao_cap_tt", "set": {"seats_max": 30}}]``). Messages and relative
    paths refer to a file ``<name>.yaml`` beside ``base``, which is never written."""
    base = Path(base)
    path = base.parent / f"{name}.yaml"
    raw = {"extends": base.name, "name": name, "question": question, **keys}
    return load_scenario(path, raw=raw, allow_outside_paths=allow_outside_paths)


def load_scenario(path: str | Path, raw: dict | None = None, allow_outside_paths: bool = False) -> Scenario:
    """The scenario at ``path`` (or ``raw``, as if read there) after its ``extends`` chain, checked for shape.
    The files it names for ``replace``, ``frozen.actuals`` and ``reference`` must lie in the folder tree of the
    scenario file that names them or in the data folder's tree, unless ``allow_outside_paths``."""
    path = Path(path)
    own = _read_yaml(path) if raw is None else _checked_keys(raw, path)
    settings, raw_changes, parents = _resolved(path, (path.resolve(),), own)
    for key in ("data", "years", "release_limits"):
        if key not in settings:
            raise InputError(Place(str(path), column=key), "required key is missing", "see scenarios/baseline.yaml")

    def where(key: str, sub: str | None = None) -> Place:
        return Place(str(settings.get(f"{key}@", path)), column=key if sub is None else f"{key}.{sub}")

    years = _year_list(settings["years"], where("years"))
    limits = settings["release_limits"]
    if not isinstance(limits, dict):
        raise InputError(where("release_limits"), "must map unit kinds to numbers",
                         f"use the kinds {', '.join(schema.UNIT_KINDS)}")
    for kind, value in limits.items():
        if kind not in schema.UNIT_KINDS:
            raise InputError(where("release_limits", kind), "unknown unit kind",
                             f"use one of: {', '.join(schema.UNIT_KINDS)}")
        _whole(value, where("release_limits", kind), "a release limit", maximum=schema.MAX_COUNT)
    data = settings["data"]
    if not isinstance(data, Path):
        raise InputError(where("data"), "must be a folder path", "write the path to a data folder")
    if (problem := not_a_folder(data)) is not None:
        raise InputError(where("data"), f"the data folder {data} {problem}",
                         "check the path (it is relative to this file)")
    scenario = Scenario(
        path=path,
        name=_name(own.get("name"), path),  # name and question are a file's own, never inherited
        question=str(own.get("question") or ""),
        data_dir=data,
        years=years,
        release_limits=MappingProxyType({str(k): int(v) for k, v in limits.items()}),
        solver=_solver(settings.get("solver"), where("solver")),
        extends=parents,
        changes=tuple(_change(Place(str(file), column=key), item) for file, key, item in raw_changes),
        tier_order=_tier_order(settings.get("tier_order"), where("tier_order")),
        frozen=_frozen(settings.get("frozen"), where("frozen")),
        reference=_reference(settings.get("reference"), where("reference")),
    )
    if not allow_outside_paths:
        for file, key, named in _named_files(scenario, settings):
            _check_inside(named, (Path(file).parent, data), Place(str(file), column=key))
    return scenario


def _named_files(scenario: Scenario, settings: dict) -> list[tuple[str, str, Path]]:
    """(scenario file, key, path) of every file a scenario names to be read besides its data folder."""
    named = [(str(change.file), f"{change.key}.replace", change.spec["replace"])
             for change in scenario.changes if change.operation == "replace"]
    if scenario.frozen is not None:
        named.append((str(settings["frozen@"]), "frozen.actuals", scenario.frozen.file))
    if scenario.reference is not None:
        named.append((str(settings["reference@"]), "reference", scenario.reference))
    return named


def _check_inside(named: Path, roots: tuple[Path, ...], place: Place) -> None:
    """A scenario from elsewhere must not make the program read, and quote from, any file the user can read:
    a named file must resolve (symbolic links followed) inside one of ``roots``."""
    target = named.resolve()
    if not any(target.is_relative_to(root.resolve()) for root in roots):
        raise InputError(place, f"the file {named.as_posix()} is outside the scenario file's folder and the data "
                         "folder", "move it there, or allow it with --allow-outside-paths (allow_outside_paths=True) "
                         "if you trust the scenario")


def _name(value: Any, path: Path) -> str:
    """A scenario's name, also the folder of its result in a batch: one line, no path separators."""
    if value is None or value == "":
        return path.stem
    name = str(value)
    usable = isinstance(value, (str, int)) and not isinstance(value, bool) and name.strip() not in (".", "..")
    if not usable or any(c in name for c in "/\\\n\r"):
        raise InputError(Place(str(path), column="name"), f"{value!r} is not a usable scenario name",
                         "write a one-line name without '/' or '\\', e.g. 'cut_full_time_advanced'")
    return name


def _whole(value: Any, place: Place, what: str, minimum: int = 0, maximum: int | None = None) -> int:
    if (isinstance(value, bool) or not isinstance(value, int) or value < minimum
            or (maximum is not None and value > maximum)):
        most = "" if maximum is None else f" and at most {maximum:,}"
        raise InputError(place, f"{what} must be a whole number of at least {minimum}{most}, not {value!r}",
                         "fix the value")
    return value


def _year(value: Any, place: Place) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not schema.MIN_YEAR <= value <= schema.MAX_YEAR:
        raise InputError(place, f"{value!r} is not a year between {schema.MIN_YEAR} and {schema.MAX_YEAR}",
                         "write a year such as 2024")
    return value


def _year_list(value: Any, place: Place) -> tuple[int, ...]:
    if not isinstance(value, list) or not value:
        raise InputError(place, "must be a list of years", "write e.g. [2023, 2024, 2025]")
    return tuple(sorted({_year(y, place) for y in value}))


def _solver(raw: Any, place: Place) -> SolverSettings:
    raw = raw or {}
    if not isinstance(raw, dict):
        raise InputError(place, "must be a mapping", "see scenarios/baseline.yaml")

    def at(key: str) -> Place:
        return Place(place.file, column=f"solver.{key}")

    for key in raw:
        if key not in SOLVER_KEYS:
            raise InputError(at(key), "unknown key", _hint(str(key), SOLVER_KEYS))
    limit = raw.get("time_limit_seconds", SolverSettings.time_limit_seconds)
    if (isinstance(limit, bool) or not isinstance(limit, (int, float))
            or not 0 < limit <= MAX_TIME_LIMIT_SECONDS):  # the chained comparison also rejects NaN and infinity
        raise InputError(at("time_limit_seconds"), f"must be a positive number of seconds, at most "
                         f"{MAX_TIME_LIMIT_SECONDS:,.0f}", "write e.g. 60")
    name = raw.get("name", SolverSettings.name)
    if name not in SOLVER_NAMES:
        raise InputError(at("name"), f"unknown solver {name!r}", f"use one of: {', '.join(SOLVER_NAMES)}")
    seed = _whole(raw.get("seed", 0), at("seed"), "seed", maximum=MAX_SEED)
    return SolverSettings(name=name, time_limit_seconds=float(limit), seed=seed)


def _tier_order(raw: Any, place: Place) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw or not all(isinstance(t, str) for t in raw) or len(set(raw)) != len(raw):
        raise InputError(place, "must list every tier once, most urgent first",
                         "write e.g. [key_post, serving, leader_pool, source_pool]")
    return tuple(raw)


def _frozen(raw: Any, place: Place) -> Frozen | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"actuals", "years"}:
        raise InputError(place, "must give 'actuals' (a CSV of seats used) and 'years' (the years it fixes)",
                         "write e.g. 'frozen: {actuals: inputs/actuals_2023.csv, years: [2023]}'")
    if not isinstance(raw["actuals"], Path):
        raise InputError(Place(place.file, column="frozen.actuals"), "must be a file path", "write the CSV's path")
    return Frozen(raw["actuals"], _year_list(raw["years"], Place(place.file, column="frozen.years")))


def _reference(raw: Any, place: Place) -> Path | None:
    if raw is None:
        return None
    if not isinstance(raw, Path):
        raise InputError(place, "must be the path of a previous result folder or its assignments.csv",
                         "write e.g. 'reference: ../results/baseline'")
    return raw / "assignments.csv" if raw.suffix.lower() != ".csv" else raw


# --- the shape of each change --------------------------------------------------------------------------------


def _change(place: Place, item: Any) -> Change:
    file, key = place.file, place.column
    table = key.split("[")[0]
    selectors, operations = CHANGE_SHAPES[table]
    if not isinstance(item, dict):
        raise InputError(place, "must be a mapping", f"write e.g. {EXAMPLES[table]}")
    for name in item:
        if name not in selectors | operations:
            raise InputError(Place(file, column=f"{key}.{name}"), "unknown key", _hint(str(name), selectors | operations))
    chosen = sorted(operations & set(item))
    if len(chosen) != 1:
        raise InputError(place, f"needs exactly one of {', '.join(sorted(operations))}, has {len(chosen)}",
                         f"write e.g. {EXAMPLES[table]}")
    operation = chosen[0]

    def at(name: str) -> Place:
        return Place(file, column=f"{key}.{name}")

    spec = dict(item)
    check = _CHECKS[table]
    check(spec, operation, at, Path(file))
    return Change(file=file, key=key, table=table, operation=operation, spec=MappingProxyType(spec))


EXAMPLES = {
    "caps": "'- {target: cao_cap_tt, set: {seats_max: 30}}'",
    "demand": "'- {tier: key_post, scale: 2}'",
    "units": "'- {merge: my_loc, into: tp_nam_dinh, date: 2024-09-01}'",
    "add_years": "'- {copy_caps_from: 2025, years: [2026, 2027]}'",
}


def _id(value: Any, place: Place) -> str:
    if not isinstance(value, str) or not value:
        raise InputError(place, f"{value!r} is not an id", "write an id as it appears in the data tables")
    return value


def _number(value: Any, place: Place) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1e6:
        raise InputError(place, f"{value!r} is not a factor of zero or more", "write e.g. 0.75 or 2")
    return float(value)


def _check_caps(spec: dict, operation: str, at, file: Path) -> None:
    if "target" not in spec:
        raise InputError(at("target"), "required key is missing", "name the course or family, e.g. target: cao_cap_tt")
    _id(spec["target"], at("target"))
    if "block" in spec and spec["block"] not in schema.CAP_BLOCKS:
        raise InputError(at("block"), f"unknown block {spec['block']!r}", f"use one of: {', '.join(schema.CAP_BLOCKS)}")
    if "years" in spec and "from_year" in spec:
        raise InputError(at("from_year"), "give either years or from_year", "keep one of them")
    if "years" in spec:
        spec["years"] = _year_list(spec["years"], at("years"))
    if "from_year" in spec:
        _year(spec["from_year"], at("from_year"))
    value = spec[operation]
    if operation == "set":
        if not isinstance(value, dict) or not value:
            raise InputError(at("set"), "must map quota columns to values", "write e.g. {seats_max: 30}")
        for column, number in value.items():
            if column not in CAP_COLUMNS:
                raise InputError(at(f"set.{column}"), "unknown quota column", f"use one of: {', '.join(CAP_COLUMNS)}")
            if number is not None:
                _whole(number, at(f"set.{column}"), column, maximum=LIMITS[column])
        spec["set"] = MappingProxyType(dict(value))
    elif operation == "scale":
        _number(value, at("scale"))
    elif operation == "add_classes":
        if isinstance(value, bool) or not isinstance(value, int) or value == 0 or abs(value) > schema.MAX_CLASSES:
            raise InputError(at("add_classes"), f"{value!r} is not a whole number of classes", "write e.g. 1 or -1")
    elif value is not True:
        raise InputError(at("remove"), "must be true", "write 'remove: true' or delete the key")


def _check_demand(spec: dict, operation: str, at, file: Path) -> None:
    if "unit" in spec and "units" in spec:
        raise InputError(at("units"), "give either unit or units", "keep one of them")
    if "units" in spec:
        if not isinstance(spec["units"], list) or not spec["units"]:
            raise InputError(at("units"), "must be a list of unit ids", "write e.g. [my_loc, vu_ban]")
        spec["units"] = tuple(_id(u, at("units")) for u in spec["units"])
    if "unit" in spec:
        spec["units"] = (_id(spec.pop("unit"), at("unit")),)
    for name in ("family", "tier"):
        if name in spec:
            _id(spec[name], at(name))
    if "block" in spec and spec["block"] not in schema.BLOCKS:
        raise InputError(at("block"), f"unknown block {spec['block']!r}", f"use one of: {', '.join(schema.BLOCKS)}")
    value = spec[operation]
    if operation == "scale":
        _number(value, at("scale"))
    elif operation == "set":
        if not isinstance(value, dict) or not value:
            raise InputError(at("set"), "must map demand columns to values", "write e.g. {count: 3}")
        for column, item in value.items():
            if column not in DEMAND_SET_COLUMNS:
                raise InputError(at(f"set.{column}"), "unknown demand column",
                                 f"use one of: {', '.join(DEMAND_SET_COLUMNS)}")
            if column == "full_time_only":
                if not isinstance(item, bool):
                    raise InputError(at(f"set.{column}"), f"{item!r} is not true or false", "write true or false")
            elif column == "count":
                _whole(item, at(f"set.{column}"), "count", maximum=schema.MAX_COUNT)
            else:
                _year(item, at(f"set.{column}"))
        spec["set"] = MappingProxyType(dict(value))
    else:
        if not isinstance(value, str) or not value:
            raise InputError(at("replace"), "must be the path of a demand CSV", "write e.g. inputs/demand_new.csv")
        spec["replace"] = _near(file, value)


def _effective_year(value: Any, place: Place) -> int:
    """A merge or split takes effect for seats starting in the year of its date (the model's step is a year)."""
    if isinstance(value, str):
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                value = datetime.datetime.strptime(value.strip(), pattern).date()
                break
            except ValueError:
                continue
        else:
            raise InputError(place, f"{value!r} is not a date", "write it as 2024-09-01 or 01/09/2024")
    if isinstance(value, datetime.date):
        return _year(value.year, place)
    return _year(value, place)


def _check_units(spec: dict, operation: str, at, file: Path) -> None:
    if "date" not in spec:
        raise InputError(at("date"), "required key is missing", "write the date it takes effect, e.g. 2024-09-01")
    spec["year"] = _effective_year(spec["date"], at("date"))
    spec["date"] = str(spec["date"])
    _id(spec[operation], at(operation))
    if "into" not in spec:
        raise InputError(at("into"), "required key is missing", "name the unit(s) it becomes")
    if operation == "merge":
        _id(spec["into"], at("into"))
        return
    parts = spec["into"]
    if not isinstance(parts, list) or len(parts) < 2:
        raise InputError(at("into"), "must list at least two new units", "write unit_id, name, kind and share for each")
    cleaned = []
    for i, part in enumerate(parts):
        here = f"into[{i}]"
        if not isinstance(part, dict):
            raise InputError(at(here), "must be a mapping", "write unit_id, name, kind and share")
        for name in part:
            if name not in UNIT_KEYS:
                raise InputError(at(f"{here}.{name}"), "unknown key", f"use only: {', '.join(sorted(UNIT_KEYS))}")
        for name in ("unit_id", "name", "share"):
            if name not in part:
                raise InputError(at(f"{here}.{name}"), "required key is missing", f"add '{name}'")
        if not isinstance(part["unit_id"], str) or not re.fullmatch(schema.ID_PATTERN, part["unit_id"]):
            raise InputError(at(f"{here}.unit_id"), f"{part['unit_id']!r} is not a valid id",
                             "use letters without diacritics, digits, '_', '-' or '.'")
        for name in ("name", "name_en"):
            text = part.get(name, "x")
            if not isinstance(text, str) or not text.strip() or "\n" in text or "\r" in text:
                raise InputError(at(f"{here}.{name}"), f"{text!r} is not a one-line name", "write the unit's name")
            if re.match(schema.FORMULA_START, text.strip()):
                raise InputError(at(f"{here}.{name}"), f"{text!r} starts like a spreadsheet formula",
                                 "remove the leading =, + or @")
        share = part["share"]
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 < share <= 1:
            raise InputError(at(f"{here}.share"), f"{share!r} is not a share between 0 and 1", "write e.g. 0.6")
        if "kind" in part and part["kind"] not in schema.UNIT_KINDS:
            raise InputError(at(f"{here}.kind"), f"unknown unit kind {part['kind']!r}",
                             f"use one of: {', '.join(schema.UNIT_KINDS)}")
        cleaned.append(MappingProxyType(dict(part)))
    if abs(sum(p["share"] for p in cleaned) - 1) > 1e-9:
        raise InputError(at("into"), "the shares do not add up to 1", "fix the shares")
    spec["into"] = tuple(cleaned)


def _check_add_years(spec: dict, operation: str, at, file: Path) -> None:
    _year(spec["copy_caps_from"], at("copy_caps_from"))
    if "years" not in spec:
        raise InputError(at("years"), "required key is missing", "write the new years, e.g. [2026, 2027]")
    spec["years"] = _year_list(spec["years"], at("years"))


_CHECKS = {"caps": _check_caps, "demand": _check_demand, "units": _check_units, "add_years": _check_add_years}


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
