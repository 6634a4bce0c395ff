"""Scenario files: which data, which years, the operational limits, the solver settings, and the what-if changes.

A scenario may ``extends:`` another and then holds only its differences. Settings (data, years, release_limits,
solver, tier_order, frozen, reference) are inherited and overridden key by key; change lists (the keys of
``changes.CHANGE_KINDS``) accumulate, the parent's first. Every change is checked here for its shape and later,
when it is applied to the data (``overrides``), for its meaning; both name the scenario file and the key of the
mistake.

A scenario file may come from someone else, so reading one is bounded and unsurprising:

* Each file is read as ``scenario_yaml`` says: YAML 1.2 core typing, no duplicate keys, tags, anchors or aliases,
  at most ``scenario_yaml.MAX_FILE_BYTES`` a file and ``MAX_DEPTH`` levels of nesting, checked before any value
  is built.
* ``extends`` chains longer than MAX_EXTENDS are refused.
* The files a scenario names to be read (a demand ``replace``, ``frozen.actuals``, ``reference``) must resolve,
  symbolic links followed, inside the folder tree of the scenario file that names them or the data folder's tree;
  ``load_scenario(..., allow_outside_paths=True)`` (the command line's ``--allow-outside-paths``) lifts this.
  ``extends`` may name a scenario file anywhere (parents live in sibling folders), but only a .yaml/.yml file.
"""


from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from ..errors import InputError, Place
from ..files import MISSING, not_a_file, not_a_folder, path_problem_vi
from . import scenario_fields as fields
from . import schema
from .changes import CHANGE_KEYS, Change, read_change
from .pins import Pin, read_entry
from .scenario_fields import BASELINE_VI, MISSING_KEY_VI, RELATIVE_VI, UNKNOWN_KEY_VI
from .scenario_yaml import read_yaml

OWN_KEYS = {"name", "question", "extends"}
SETTING_KEYS = {"data", "years", "release_limits", "solver", "tier_order", "frozen", "reference", "plan_from_year",
                "today", "regulation", "separate_quotas_by"}
KNOWN_KEYS = OWN_KEYS | SETTING_KEYS | set(CHANGE_KEYS) | {"pins"}
SOLVER_KEYS = {"method", "name", "time_limit_seconds", "seed"}
SOLVER_NAMES = ("highs", "cp_sat", "scip")
# lp_chain: each stage as an LP on one in-place HiGHS model, the integer program only where the LP's vertex is not
# a whole-number plan (model/lp_chain.py); mip: each stage as an integer program through MathOpt (solver.name).
SOLVER_METHODS = ("lp_chain", "mip")
MAX_SEED = 2**31 - 1  # the solvers take a 32-bit seed
MAX_TIME_LIMIT_SECONDS = 1_000_000.0  # about 11 days; more is a typing slip
# Parents in an 'extends' chain; each one is read, so the chain must end soon (the shipped ones extend one parent).
MAX_EXTENDS = 20


@dataclass(frozen=True)
class SolverSettings:
    name: str = "highs"  # a MathOpt solver that OR-Tools ships: highs, cp_sat or scip
    method: str = "lp_chain"  # one of SOLVER_METHODS
    time_limit_seconds: float = 60.0
    seed: int = 0


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
    # The first year re-planned: earlier years not frozen at actuals keep the reference plan's seats (``past``).
    plan_from_year: int | None = None
    today: datetime.date | None = None  # the date the scenario says it is planned on (``today:``), if it says
    pins: tuple[Pin, ...] = ()  # the planner's decisions written in the scenario (and its parents)
    pin_files: tuple[Path, ...] = ()  # CSV files of pins it names
    # The regulation in force (``regulation:``): whose age floors judge the cadres of a folder with cadres.csv.
    regulation: str = schema.DEFAULT_REGULATION
    # ``separate_quotas_by: former_province``: each quota line is split among the areas the units came from, each
    # area keeping its part (model/rules_area.py); None: one pool for the province.
    separate_quotas_by: str | None = None

    @property
    def past_years(self) -> tuple[int, ...]:
        """The plan years before plan_from_year (the ones already past, not re-planned)."""
        return tuple(y for y in self.years if self.plan_from_year is not None and y < self.plan_from_year)

    def as_dict(self) -> dict[str, Any]:
        """The resolved settings, as recorded beside every result."""
        return {
            "name": self.name,
            "question": self.question,
            "data": self.data_dir.as_posix(),
            "years": list(self.years),
            "release_limits": dict(sorted(self.release_limits.items())),
            "solver": {"method": self.solver.method, "name": self.solver.name, "time_limit_seconds": self.solver.time_limit_seconds,
                       "seed": self.solver.seed},
            "extends": list(self.extends),
            "changes": [change.as_dict() for change in self.changes],
            "tier_order": list(self.tier_order),
            "frozen": None if self.frozen is None else {"file": self.frozen.file.as_posix(),
                                                        "years": list(self.frozen.years)},
            "reference": None if self.reference is None else self.reference.as_posix(),
            # Only when set, so that the record of a scenario without them stays as it was.
            **({"plan_from_year": self.plan_from_year} if self.plan_from_year is not None else {}),
            **({"today": self.today.isoformat()} if self.today is not None else {}),
            **({"regulation": self.regulation} if self.regulation != schema.DEFAULT_REGULATION else {}),
            **({"separate_quotas_by": self.separate_quotas_by} if self.separate_quotas_by else {}),
            **({"pins": [pin.as_dict() for pin in self.pins] + [p.as_posix() for p in self.pin_files]}
               if self.pins or self.pin_files else {}),
        }


# --- reading and resolving -------------------------------------------------------------------------------------


def _read_yaml(path: Path) -> dict:
    return _checked_keys(read_yaml(path), path)


def _checked_keys(raw: Any, path: Path) -> dict:
    if not isinstance(raw, dict):
        raise InputError(Place(str(path)), "is not a mapping of keys to values", "see scenarios/baseline.yaml",
                         problem_vi="không phải là các cặp khóa: giá trị", fix_vi=BASELINE_VI)
    for key in raw:
        if key not in KNOWN_KEYS:
            raise InputError(Place(str(path), column=str(key)), "unknown key", fields.hint(str(key), KNOWN_KEYS),
                             problem_vi=UNKNOWN_KEY_VI, fix_vi=fields.hint_vi(str(key), KNOWN_KEYS))
    return raw


RawChange = tuple[Path, str, int, Any]  # (file, change key, index in its list, the item as written)


def _resolved(path: Path, chain: tuple[Path, ...], raw: dict) -> tuple[dict, list[RawChange], tuple[str, ...]]:
    """The settings of ``path`` (whose content is ``raw``) after its ``extends`` chain, its changes as written
    and the chain's files."""
    settings: dict[str, Any] = {}
    changes: list[RawChange] = []
    parents: tuple[str, ...] = ()
    if "extends" in raw:
        parent = raw["extends"]
        if not isinstance(parent, str):
            raise InputError(Place(str(path), column="extends"), "must be the path of another scenario file",
                             "write e.g. 'extends: baseline.yaml'", problem_vi="phải là đường dẫn của một tệp kịch "
                             "bản khác", fix_vi="hãy ghi, ví dụ, 'extends: baseline.yaml'")
        parent_path = fields.near(path, parent)
        if parent_path.resolve() in chain:
            names = " -> ".join(p.name for p in (*chain, parent_path.resolve()))
            raise InputError(Place(str(path), column="extends"), f"scenarios extend each other in a cycle ({names})",
                             "remove one of the 'extends' keys",
                             problem_vi=f"các kịch bản kế thừa lẫn nhau thành vòng ({names})",
                             fix_vi="hãy bỏ một trong các khóa 'extends'")
        if len(chain) > MAX_EXTENDS:  # chain holds the top file and its parents so far
            raise InputError(Place(str(path), column="extends"), f"the 'extends' chain is longer than the limit of "
                             f"{MAX_EXTENDS} parent files", "let a scenario extend a file nearer the baseline",
                             problem_vi=f"chuỗi 'extends' dài quá giới hạn {MAX_EXTENDS} tệp kế thừa",
                             fix_vi="hãy cho kịch bản kế thừa một tệp gần kịch bản gốc hơn")
        if parent_path.suffix.lower() not in (".yaml", ".yml"):  # never read some other file as if it were one
            raise InputError(Place(str(path), column="extends"), "must name a scenario file (.yaml or .yml)",
                             "write e.g. 'extends: baseline.yaml'", problem_vi="phải là tên một tệp kịch bản (.yaml "
                             "hoặc .yml)", fix_vi="hãy ghi, ví dụ, 'extends: baseline.yaml'")
        if (problem := not_a_file(parent_path)) is not None:
            what = "does not exist" if problem == MISSING else problem
            raise InputError(Place(str(path), column="extends"), f"the scenario {parent_path} {what}",
                             "check the path (it is relative to this file)",
                             problem_vi=f"tệp kịch bản {parent_path} {path_problem_vi(what)}", fix_vi=RELATIVE_VI)
        settings, changes, grand = _resolved(parent_path, (*chain, parent_path.resolve()), _read_yaml(parent_path))
        parents = (parent_path.as_posix(), *grand)
    for key in SETTING_KEYS & set(raw):
        value = raw[key]
        if key in ("data", "reference") and isinstance(value, str):
            value = fields.near(path, value)
        if key == "frozen" and isinstance(value, dict) and isinstance(value.get("actuals"), str):
            value = {**value, "actuals": fields.near(path, value["actuals"])}
        if key in ("release_limits", "solver") and isinstance(value, dict) and isinstance(settings.get(key), dict):
            value = {**settings[key], **value}
        settings[key] = value
        settings[f"{key}@"] = path  # which file set it, for messages
    if "pins" in raw:
        value = raw["pins"]
        if isinstance(value, str):
            value = fields.near(path, value)
        elif not isinstance(value, list):
            raise InputError(Place(str(path), column="pins"), "must be a list of pins or the path of a pins CSV",
                             "write each pin as '- {unit: ..., course: ..., year: ..., seats: N}'",
                             problem_vi="phải là danh sách các quyết định giữ cố định hoặc đường dẫn một tệp CSV",
                             fix_vi="hãy ghi mỗi quyết định thành '- {unit: ..., course: ..., year: ..., seats: N}'")
        settings["pins"] = [*settings.get("pins", []), (path, value)]  # a parent's first
    for table in CHANGE_KEYS:
        if table not in raw:
            continue
        items = raw[table]
        if not isinstance(items, list):
            raise InputError(Place(str(path), column=table), "must be a list of changes", "write each change as '- ...'",
                             problem_vi="phải là danh sách các thay đổi", fix_vi="hãy ghi mỗi thay đổi thành '- ...'")
        changes += [(path, table, i, item) for i, item in enumerate(items)]
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


# The settings of a data folder solved without a scenario file: those of the bundled baseline
# (scenarios/baseline.yaml), which every shipped scenario extends. The release limits are assumed (DOMAIN.md §3: a
# unit cannot release too many cadres to full-time study at once); the result's scenario.yaml records them, so
# that a planner can change them there and solve again.
DEFAULT_SETTINGS: Mapping[str, Any] = MappingProxyType({
    "release_limits": MappingProxyType({"district": 8, "party_committee": 4, "department": 3, "party_board": 2,
                                        "mass_org": 2}),
    "solver": MappingProxyType({"method": "lp_chain", "name": "highs", "time_limit_seconds": 120, "seed": 0}),
})
DEFAULTS_FILE = "(defaults)"  # the scenario "file" of a data folder solved without one; never written


def default_scenario(data_dir: str | Path, years: tuple[int, ...]) -> Scenario:
    """The scenario of the data folder ``data_dir`` solved without a scenario file: the years of its quota lines
    (``years``), and ``DEFAULT_SETTINGS``. Named after the folder."""
    data_dir = Path(data_dir)
    raw = {"name": data_dir.resolve().name or "data", "data": str(data_dir.resolve()), "years": list(years),
           "release_limits": dict(DEFAULT_SETTINGS["release_limits"]), "solver": dict(DEFAULT_SETTINGS["solver"])}
    return load_scenario(data_dir / DEFAULTS_FILE, raw=raw)


def is_defaults(scenario: Scenario) -> bool:
    """Whether the scenario is a data folder's defaults rather than a file (``default_scenario``)."""
    return scenario.path.name == DEFAULTS_FILE


def load_scenario(path: str | Path, raw: dict | None = None, allow_outside_paths: bool = False,
                  today: datetime.date | None = None) -> Scenario:
    """The scenario at ``path`` (or ``raw``, as if read there) after its ``extends`` chain, checked for shape.
    The files it names for ``replace``, ``frozen.actuals`` and ``reference`` must lie in the folder tree of the
    scenario file that names them or in the data folder's tree, unless ``allow_outside_paths``. ``today``: the
    date a scenario with a reference plan and no plan_from_year is re-planned on (None: the computer's date;
    a scenario's own ``today:`` wins)."""
    path = Path(path)
    own = _read_yaml(path) if raw is None else _checked_keys(raw, path)
    settings, raw_changes, parents = _resolved(path, (path.resolve(),), own)
    for key in ("data", "years", "release_limits"):
        if key not in settings:
            raise InputError(Place(str(path), column=key), "required key is missing", "see scenarios/baseline.yaml",
                             problem_vi=MISSING_KEY_VI, fix_vi=BASELINE_VI)

    def where(key: str, sub: str | None = None) -> Place:
        return Place(str(settings.get(f"{key}@", path)), column=key if sub is None else f"{key}.{sub}")

    years = fields.year_list(settings["years"], where("years"))
    limits = settings["release_limits"]
    if not isinstance(limits, dict):
        raise InputError(where("release_limits"), "must map unit kinds to numbers",
                         f"use the kinds {', '.join(schema.UNIT_KINDS)}", problem_vi="phải ghi một số cho mỗi loại "
                         "đơn vị", fix_vi=f"hãy dùng các loại đơn vị: {', '.join(schema.UNIT_KINDS)}")
    for kind, value in limits.items():
        if kind not in schema.UNIT_KINDS:
            raise InputError(where("release_limits", kind), "unknown unit kind",
                             f"use one of: {', '.join(schema.UNIT_KINDS)}", problem_vi="loại đơn vị không xác định",
                             fix_vi=f"hãy dùng một trong các loại: {', '.join(schema.UNIT_KINDS)}")
        fields.whole(value, where("release_limits", kind), "a release limit", maximum=schema.MAX_COUNT)
    data = settings["data"]
    if not isinstance(data, Path):
        raise InputError(where("data"), "must be a folder path", "write the path to a data folder",
                         problem_vi="phải là đường dẫn thư mục", fix_vi="hãy ghi đường dẫn tới thư mục dữ liệu")
    if (problem := not_a_folder(data)) is not None:
        raise InputError(where("data"), f"the data folder {data} {problem}",
                         "check the path (it is relative to this file)",
                         problem_vi=f"thư mục dữ liệu {data} {path_problem_vi(problem)}", fix_vi=RELATIVE_VI)
    scenario = Scenario(
        path=path,
        name=_name(own.get("name"), path),  # name and question are a file's own, never inherited
        question=str(own.get("question") or ""),
        data_dir=data,
        years=years,
        release_limits=MappingProxyType({str(k): int(v) for k, v in limits.items()}),
        solver=_solver(settings.get("solver"), where("solver")),
        extends=parents,
        changes=tuple(read_change(str(file), table, i, item) for file, table, i, item in raw_changes),
        tier_order=_tier_order(settings.get("tier_order"), where("tier_order")),
        frozen=_frozen(settings.get("frozen"), where("frozen")),
        reference=_reference(settings.get("reference"), where("reference")),
        **_pins(settings.get("pins", [])),
        **_past(settings, years, where, today),
        regulation=_regulation(settings.get("regulation", schema.DEFAULT_REGULATION), where("regulation")),
        separate_quotas_by=_separate_by(settings.get("separate_quotas_by"), where("separate_quotas_by")),
    )
    if not allow_outside_paths:
        for file, key, named in _named_files(scenario, settings):
            _check_inside(named, (Path(file).parent, data), Place(str(file), column=key))
    return scenario


def _named_files(scenario: Scenario, settings: dict) -> list[tuple[str, str, Path]]:
    """(scenario file, key, path) of every file a scenario names to be read besides its data folder."""
    named = [(str(change.file), f"{change.key}.{change.operation}", change.spec[change.operation])
             for change in scenario.changes if change.operation in change.kind.reads]
    if scenario.frozen is not None:
        named.append((str(settings["frozen@"]), "frozen.actuals", scenario.frozen.file))
    if scenario.reference is not None:
        named.append((str(settings["reference@"]), "reference", scenario.reference))
    named += [(str(file), "pins", value) for file, value in settings.get("pins", []) if isinstance(value, Path)]
    return named


def _check_inside(named: Path, roots: tuple[Path, ...], place: Place) -> None:
    """A scenario from elsewhere must not make the program read, and quote from, any file the user can read:
    a named file must resolve (symbolic links followed) inside one of ``roots``."""
    target = named.resolve()
    if not any(target.is_relative_to(root.resolve()) for root in roots):
        raise InputError(place, f"the file {named.as_posix()} is outside the scenario file's folder and the data "
                         "folder", "move it there, or allow it with --allow-outside-paths (allow_outside_paths=True) "
                         "if you trust the scenario", problem_vi=f"tệp {named.as_posix()} nằm ngoài thư mục của tệp "
                         "kịch bản và thư mục dữ liệu", fix_vi="hãy chuyển tệp vào một trong hai thư mục đó, hoặc cho "
                         "phép bằng --allow-outside-paths (allow_outside_paths=True) nếu tin cậy kịch bản này")


def _name(value: Any, path: Path) -> str:
    """A scenario's name, also the folder of its result in a batch: one line, no path separators."""
    if value is None or value == "":
        return path.stem
    name = str(value)
    usable = isinstance(value, (str, int)) and not isinstance(value, bool) and name.strip() not in (".", "..")
    if not usable or any(c in name for c in "/\\\n\r"):
        raise InputError(Place(str(path), column="name"), f"{value!r} is not a usable scenario name",
                         "write a one-line name without '/' or '\\', e.g. 'cut_full_time_advanced'",
                         problem_vi=f"{value!r} không dùng được làm tên kịch bản",
                         fix_vi="hãy ghi tên trên một dòng, không có '/' hay '\\', ví dụ 'cut_full_time_advanced'")
    return name


def _solver(raw: Any, place: Place) -> SolverSettings:
    raw = raw or {}
    if not isinstance(raw, dict):
        raise InputError(place, "must be a mapping", "see scenarios/baseline.yaml",
                         problem_vi=fields.MAPPING_VI, fix_vi=BASELINE_VI)

    def at(key: str) -> Place:
        return Place(place.file, column=f"solver.{key}")

    for key in raw:
        if key not in SOLVER_KEYS:
            raise InputError(at(key), "unknown key", fields.hint(str(key), SOLVER_KEYS), problem_vi=UNKNOWN_KEY_VI,
                             fix_vi=fields.hint_vi(str(key), SOLVER_KEYS))
    limit = raw.get("time_limit_seconds", SolverSettings.time_limit_seconds)
    if (isinstance(limit, bool) or not isinstance(limit, (int, float))
            or not 0 < limit <= MAX_TIME_LIMIT_SECONDS):  # the chained comparison also rejects NaN and infinity
        raise InputError(at("time_limit_seconds"), f"must be a positive number of seconds, at most "
                         f"{MAX_TIME_LIMIT_SECONDS:,.0f}", "write e.g. 60", problem_vi=f"phải là số giây lớn hơn 0, tối đa "
                         f"{MAX_TIME_LIMIT_SECONDS:,.0f}".replace(",", "."), fix_vi="hãy ghi, ví dụ, 60")
    name = raw.get("name", SolverSettings.name)
    if name not in SOLVER_NAMES:
        raise InputError(at("name"), f"unknown solver {name!r}", f"use one of: {', '.join(SOLVER_NAMES)}",
                         problem_vi=f"không có bộ giải {name!r}", fix_vi=f"hãy dùng một trong: {', '.join(SOLVER_NAMES)}")
    method = raw.get("method", SolverSettings.method)
    if method not in SOLVER_METHODS:
        raise InputError(at("method"), f"unknown solver method {method!r}", f"use one of: {', '.join(SOLVER_METHODS)}",
                         problem_vi=f"không có phương pháp giải {method!r}",
                         fix_vi=f"hãy dùng một trong: {', '.join(SOLVER_METHODS)}")
    seed = fields.whole(raw.get("seed", 0), at("seed"), "seed", maximum=MAX_SEED)
    return SolverSettings(name=name, method=method, time_limit_seconds=float(limit), seed=seed)


def _regulation(raw: Any, place: Place) -> str:
    """The regulation in force: one of ``schema.REGULATIONS``, written as its number (57-QĐ/TW)."""
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if text not in schema.REGULATIONS:
        choices = ", ".join(schema.REGULATIONS)
        raise InputError(place, f"unknown regulation '{text}'", f"use one of: {choices}",
                         problem_vi=f"quy định '{text}' không xác định", fix_vi=f"hãy dùng một trong: {choices}")
    return text


def _separate_by(raw: Any, place: Place) -> str | None:
    """The unit column whose values split every quota line (``schema.SEPARATE_QUOTAS_BY``), or None (pooled)."""
    if raw is None or raw is False or raw == "":
        return None
    if raw not in schema.SEPARATE_QUOTAS_BY:
        choices = ", ".join(schema.SEPARATE_QUOTAS_BY)
        raise InputError(place, f"cannot split quotas by '{raw}'", f"use {choices}, or leave the key out (one pool)",
                         problem_vi=f"không chia chỉ tiêu theo '{raw}' được",
                         fix_vi=f"hãy dùng {choices}, hoặc bỏ khóa này (chung một nguồn chỉ tiêu)")
    return str(raw)


def _tier_order(raw: Any, place: Place) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw or not all(isinstance(t, str) for t in raw) or len(set(raw)) != len(raw):
        raise InputError(place, "must list every tier once, most urgent first",
                         "write e.g. [key_post, serving, leader_pool, source_pool]",
                         problem_vi="phải liệt kê mỗi nhóm đối tượng một lần, nhóm cần ưu tiên nhất trước",
                         fix_vi="hãy ghi, ví dụ, [key_post, serving, leader_pool, source_pool]")
    return tuple(raw)


def _frozen(raw: Any, place: Place) -> Frozen | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"actuals", "years"}:
        raise InputError(place, "must give 'actuals' (a CSV of seats used) and 'years' (the years it fixes)",
                         "write e.g. 'frozen: {actuals: inputs/actuals_2023.csv, years: [2023]}'",
                         problem_vi="phải ghi 'actuals' (tệp CSV số chỗ đã cử đi học) và 'years' (các năm giữ theo số "
                         "thực hiện)", fix_vi="hãy ghi, ví dụ, 'frozen: {actuals: inputs/actuals_2023.csv, years: "
                         "[2023]}'")
    if not isinstance(raw["actuals"], Path):
        raise InputError(Place(place.file, column="frozen.actuals"), "must be a file path", "write the CSV's path",
                         problem_vi="phải là đường dẫn tệp", fix_vi="hãy ghi đường dẫn của tệp CSV")
    return Frozen(raw["actuals"], fields.year_list(raw["years"], Place(place.file, column="frozen.years")))


def _pins(written: list[tuple[Path, Any]]) -> dict[str, tuple]:
    """The pin entries (checked for shape) and pin files of a scenario and its parents, a parent's first."""
    entries, files = [], []
    for file, value in written:
        if isinstance(value, Path):
            files.append(value)
        else:
            entries += [read_entry(str(file), i, item) for i, item in enumerate(value)]
    return {"pins": tuple(entries), "pin_files": tuple(files)}


def plan_date(written: datetime.date | None, today: datetime.date | None) -> datetime.date:
    """The date a scenario is planned on: its own ``today:``, else the one the caller passed, else the clock's."""
    return written or today or datetime.date.today()


def _past(settings: dict, years: tuple[int, ...], where, today: datetime.date | None) -> dict[str, Any]:
    """plan_from_year as written, or (with a reference plan) this year, within the scenario's years; and today."""
    written = settings.get("today")
    if written is not None:
        try:
            written = datetime.date.fromisoformat(str(written).strip())
        except ValueError:
            raise InputError(where("today"), f"{written!r} is not a date", "write it as 2024-09-01",
                             problem_vi=f"{written!r} không phải là ngày tháng",
                             fix_vi="hãy ghi theo dạng 2024-09-01") from None
    first = settings.get("plan_from_year")
    if first is not None:
        first = fields.year(first, where("plan_from_year"))
        if not years[0] <= first <= years[-1]:
            raise InputError(where("plan_from_year"), f"{first} is not one of the scenario's years "
                             f"{years[0]}–{years[-1]}", "give the first year to plan again",
                             problem_vi=f"{first} không thuộc các năm của kịch bản {years[0]}–{years[-1]}",
                             fix_vi="hãy ghi năm đầu tiên cần lập lại kế hoạch")
    elif settings.get("reference") is not None:
        # A reference plan was adopted earlier: the years already past keep it unless the scenario says otherwise.
        first = min(max(plan_date(written, today).year, years[0]), years[-1])
    frozen = settings.get("frozen")
    actual = set(frozen.get("years") or []) if isinstance(frozen, dict) and isinstance(frozen.get("years"), list) \
        else set()
    unfixed = [y for y in years if first is not None and y < first and y not in actual]
    if unfixed and settings.get("reference") is None:
        raise InputError(where("plan_from_year"), f"the years before {first} ({unfixed[0]}) need the adopted plan "
                         "to stay at", "add 'reference:' (the adopted plan's assignments.csv), or freeze them at "
                         "actuals under 'frozen:'", problem_vi=f"các năm trước {first} ({unfixed[0]}) cần giữ theo kế "
                         "hoạch đã được thông qua", fix_vi="hãy thêm 'reference:' (tệp assignments.csv của kế hoạch "
                         "đã thông qua), hoặc giữ các năm đó theo số thực hiện trong 'frozen:'")
    return {"plan_from_year": first, "today": written}


def _reference(raw: Any, place: Place) -> Path | None:
    if raw is None:
        return None
    if not isinstance(raw, Path):
        raise InputError(place, "must be the path of a previous result folder or its assignments.csv",
                         "write e.g. 'reference: ../results/baseline'", problem_vi="phải là đường dẫn tới thư mục kết "
                         "quả của lần chạy trước hoặc tệp assignments.csv trong đó",
                         fix_vi="hãy ghi, ví dụ, 'reference: ../results/baseline'")
    return raw / "assignments.csv" if raw.suffix.lower() != ".csv" else raw


def check_scenario_against(scenario: Scenario, plan_years: tuple[int, ...], unit_kinds: set[str]) -> None:
    """The scenario must stay within the data's plan years and give a release limit for every kind of unit."""
    outside = [y for y in scenario.years if y not in plan_years]
    if outside:
        raise InputError(Place(str(scenario.path), column="years"),
                         f"year {outside[0]} is outside the plan's years {plan_years[0]}–{plan_years[-1]} (caps.csv)",
                         "remove the year or add caps for it", problem_vi=f"năm {outside[0]} nằm ngoài các năm của kế "
                         f"hoạch {plan_years[0]}–{plan_years[-1]} (caps.csv)",
                         fix_vi="hãy bỏ năm này hoặc bổ sung chỉ tiêu của năm đó vào caps.csv")
    missing = sorted(unit_kinds - set(scenario.release_limits))
    if missing:
        raise InputError(Place(str(scenario.path), column="release_limits"),
                         f"no release limit for units of kind '{missing[0]}'", f"add 'release_limits.{missing[0]}: N'",
                         problem_vi=f"chưa có giới hạn số cán bộ được cử đi học tập trung cho loại đơn vị "
                         f"'{missing[0]}'", fix_vi=f"hãy thêm 'release_limits.{missing[0]}: N'")


def check_separation(scenario: Scenario, units) -> None:
    """Quotas kept separate by a unit column need units that have a value there (``separate_quotas_by``)."""
    by = scenario.separate_quotas_by
    if by is None:
        return
    values = units[by].astype("string").str.strip() if by in units.columns else None
    if values is None or not (values.notna() & (values != "")).any():
        raise InputError(Place(str(scenario.path), column="separate_quotas_by"),
                         f"no unit in units.csv has a {by}, so there is nothing to keep separate",
                         f"fill the column {by} of units.csv, or leave the key out (one pool)",
                         problem_vi=f"không đơn vị nào trong units.csv có {by}, nên không có gì để giữ riêng",
                         fix_vi=f"hãy điền cột {by} trong units.csv, hoặc bỏ khóa này (chung một nguồn chỉ tiêu)")
