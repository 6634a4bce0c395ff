"""What every policy rule provides, what each part is given, and the check that no rule lacks a part.

A rule (``rules.Rule``) has five parts, each kept in a registry keyed by the rule:

* **building** (``rules.BUILDING``): how it enters the model, as constraint rows over the candidates, as an
  eligibility filter that removes candidates before any variable exists, or both;
* **checking** (``checks.CHECKING``): the solver-free restatement that finds its violations in a plan;
* **explaining** (``rules.EXPLAINING``): the sentence, with the plan's numbers, when it is what keeps a short
  demand row from one more seat (a filter: it left the row no option; constraint rows: they are tight);
* **labels** (``rules.LABELS``): its short name in Vietnamese and English;
* its row in the rules table of docs/MODEL.md.

``missing_parts`` lists what a rule lacks; tests/model/test_rule_registry.py runs it for every rule, so a new rule
cannot ship half-made. This module also holds what the parts are given and return (``Space``, ``Rows``,
``Evidence``): it sits below ``rules``, ``checks`` and ``explain`` so that all of them can name those types.
"""


from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

import numpy as np
import pandas as pd

from ..inputs.dataset import Inputs
from ..inputs.scenario import Scenario
from ..inputs.schema import BLOCK_LABELS

INF = float("inf")
LANGS = ("vi", "en")


@dataclass(frozen=True)
class Rows:
    """A block of linear constraints lb ≤ Σ coef·var ≤ ub; ``row`` numbers are local to the block."""

    names: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    row: np.ndarray
    var: np.ndarray
    coef: np.ndarray

    @staticmethod
    def build(bounds: pd.DataFrame, terms: pd.DataFrame, key: list[str]) -> Rows:
        """``bounds``: one row per constraint (key columns, name, lower, upper); ``terms``: key columns, var, coef."""
        bounds = bounds.reset_index(drop=True)
        row_of = bounds[key].assign(row=np.arange(len(bounds)))
        joined = terms.merge(row_of, on=key, how="inner")
        return Rows(bounds["name"].to_numpy(dtype=object), bounds["lower"].to_numpy(float),
                    bounds["upper"].to_numpy(float), joined["row"].to_numpy(np.int64),
                    joined["var"].to_numpy(np.int64), joined["coef"].to_numpy(float))

    def __len__(self) -> int:
        return len(self.names)

    @staticmethod
    def concat(blocks: list[Rows]) -> Rows:
        """One block from several, row numbers shifted so that they stay distinct."""
        offsets = np.cumsum([0] + [len(b) for b in blocks])
        return Rows(np.concatenate([b.names for b in blocks]), np.concatenate([b.lower for b in blocks]),
                    np.concatenate([b.upper for b in blocks]),
                    np.concatenate([b.row + off for b, off in zip(blocks, offsets)]),
                    np.concatenate([b.var for b in blocks]), np.concatenate([b.coef for b in blocks]))


@dataclass(frozen=True)
class Space:
    """What the rules build on: the candidate triples (variable i = candidate i) and the class-count variables."""

    candidates: pd.DataFrame  # index (demand_id, year, course_id); column var
    class_vars: pd.DataFrame  # course_id, year, var, class_size_min, class_size_max, upper
    inputs: Inputs
    scenario: Scenario


# Words shared by the explanations of several rules and by the sentences that combine them.
WORDS = {
    "vi": {"block": " ({block})", "course_years": "{course} năm {years}", "nobody": "chưa ai", "and": ", "},
    "en": {"block": " ({block})", "course_years": "{course} {years}", "nobody": "nobody", "and": ", "},
}


def years_text(years: Iterable) -> str:
    return ", ".join(str(int(y)) for y in sorted(set(years)))


@dataclass(frozen=True)
class Evidence:
    """What an explanation sees: the plan, the options of the short demand rows, and names in one language.

    ``plan``: the allocation with each row's unit_id, tier, tier_rank, block, former_unit, change_year and its
    course's family, mode, span_years (positions 0…n−1). ``options``: every short row's options, all units (the
    cadres still free for a course count every unit's rows); ``mine``: the options to explain, positions
    0…n−1, the ``position`` an explanation reports. ``courses``: courses.csv by course_id with course_order.
    ``seat_lines`` / ``class_lines``: the plan years' quota lines with a seats_max / a classes_max.
    """

    plan: pd.DataFrame
    classes: pd.DataFrame
    options: pd.DataFrame
    mine: pd.DataFrame
    inputs: Inputs
    scenario: Scenario
    courses: pd.DataFrame
    seat_lines: pd.DataFrame
    class_lines: pd.DataFrame
    lang: str
    course_names: pd.Series
    unit_names: pd.Series
    tier_names: pd.Series
    target_names: pd.Series  # families and courses, a course's name winning

    @property
    def words(self) -> dict[str, str]:
        return WORDS[self.lang]

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.scenario.years]

    def course(self, course_id: str) -> str:
        return self.course_names.get(course_id, course_id)

    def unit(self, unit_id: str) -> str:
        return self.unit_names.get(unit_id, unit_id)

    def target(self, target: str) -> str:
        return self.target_names.get(target, target)

    def block(self, block: str) -> str:
        """" (Party block)" after a quota or course of one block; nothing for a line of every block."""
        return "" if block == "all" else self.words["block"].format(block=BLOCK_LABELS[self.lang].get(block, block))

    def split(self, parts: pd.DataFrame) -> str:
        """'Tier A 31, Tier B 9' from rows (tier, seats) in tier rank order."""
        parts = parts[parts["seats"] > 0]
        if parts.empty:
            return self.words["nobody"]
        return ", ".join(f"{self.tier_names.get(t, t)} {int(s)}" for t, s in zip(parts["tier"], parts["seats"]))


REASON_COLUMNS = ["position", "binds", "detail"]


def reasons(records: list[tuple[int, bool, str]]) -> pd.DataFrame:
    """An explanation's answer: one row per option of ``Evidence.mine`` that the rule stops (REASON_COLUMNS)."""
    return pd.DataFrame.from_records(records, columns=REASON_COLUMNS).astype({"position": "int64", "binds": "bool"})


Keep = Callable[[pd.DataFrame, Inputs, Scenario], np.ndarray]
Build = Callable[[Space], Rows]
Removed = Callable[[pd.Series, pd.DataFrame, Evidence], str]
Tight = Callable[[Evidence], pd.DataFrame]
Check = Callable[[pd.DataFrame, pd.DataFrame, Inputs, Scenario], pd.DataFrame]


@dataclass(frozen=True)
class Building:
    """How a rule enters the model: ``rows`` builds its constraint rows over the candidates; ``keep`` is an
    eligibility filter, True for the candidates (demand row, year, course) that may exist at all. A rule has one
    or both (seat_cap bounds each quota line and drops what no quota line covers). ``bends``: an elastic solve
    may give the rule's rows a slack.

    A filter sees every column of the demand row and the candidate's year, course_id, family, mode and
    span_years; anything else (a course's column, a scenario setting) it looks up in the inputs or the scenario,
    so the model, ``explain`` and the baselines can all call it on their own candidate tables."""

    rows: Build | None = None
    keep: Keep | None = None
    bends: bool = False

    @property
    def kind(self) -> str:
        """"constraint", "filter" or "constraint and filter"."""
        return " and ".join(name for name, part in (("constraint", self.rows), ("filter", self.keep)) if part)


@dataclass(frozen=True)
class Explaining:
    """``removed(row, blocked, evidence)``, for a filter: the sentence for a short demand row left without any
    option, naming the candidates the filter removes (``blocked``, one per removed (course, year)).
    ``tight(evidence)``, for constraint rows: the options of ``evidence.mine`` where the rule stops one more seat,
    as ``reasons``."""

    removed: Removed | None = None
    tight: Tight | None = None


@dataclass(frozen=True)
class Labels:
    """A rule's short name for people: what stands in the way, in Vietnamese and English."""

    vi: str
    en: str

    def of(self, lang: str) -> str:
        return getattr(self, lang)


@dataclass(frozen=True)
class Registries:
    building: Mapping[Enum, Building]
    checking: Mapping[Enum, Check]
    explaining: Mapping[Enum, Explaining]
    labels: Mapping[Enum, Labels]


def documented_rules(model_md: str) -> list[str]:
    """The rule names in the first column of the table under docs/MODEL.md's "## Rules" heading, in order."""
    found, in_section = [], False
    for line in model_md.splitlines():
        if line.startswith("## "):
            in_section = line.startswith("## Rules")
        elif in_section and (cell := re.match(r"\|\s*`([a-z_]+)`\s*\|", line)):
            found.append(cell.group(1))
    return found


def missing_parts(rule: Enum, registries: Registries, model_md: str) -> list[str]:
    """What ``rule`` lacks among its parts (the module docstring); empty when it has them all."""
    missing = []
    building = registries.building.get(rule)
    if building is None or (building.rows is None and building.keep is None):
        missing.append("a constraint builder or an eligibility filter (rules.BUILDING)")
    if rule not in registries.checking:
        missing.append("a checker (checks.CHECKING)")
    explaining = registries.explaining.get(rule)
    if explaining is None:
        missing.append("an explanation (rules.EXPLAINING)")
    elif building is not None:
        if building.keep is not None and explaining.removed is None:
            missing.append("an explanation of what its filter removes (Explaining.removed)")
        if building.rows is not None and explaining.tight is None:
            missing.append("an explanation of when its rows are tight (Explaining.tight)")
    labels = registries.labels.get(rule)
    missing += [f"a label in {lang} (rules.LABELS)" for lang in LANGS if labels is None or not labels.of(lang).strip()]
    if rule.value not in documented_rules(model_md):
        missing.append(f"a row `{rule.value}` in the rules table of docs/MODEL.md")
    return missing
