"""What the one-page brief says, taken from a result folder's files: the question, coverage by tier against the
target, what changed against the adopted plan (the scenario's reference) or the scenario's own changes, the units
furthest below target with the main reason, and the decisions the binding rules ask for.

Pure functions from the folder's content to a ``Brief`` of short texts and numbers; ``brief_pdf`` draws it. Lists
are cut to what one page holds (``MOST_*``): the brief names the largest items and counts the rest.
"""


from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs.schema import KIND_LABELS
from ..model.explain import RULE_LABELS
from ..words import name_map, said
from .folder import (
    ASSIGNMENTS_FILE,
    COVERAGE_FILE,
    CUMULATIVE_COVERAGE_FILE,
    EXPLANATIONS_FILE,
    INPUT_TABLES,
    REFERENCE_FILE,
    ResultFolder,
)
from .html_markup import number_text, years_text
from .pdf_labels import BRIEF

MOST_BELOW = 10 # units furthest below target named on the page
MOST_DECISIONS = 4
MOST_CHANGES = 6
MOST_TIERS = 7
EPSILON = 1e-9


@dataclass(frozen=True)
class TierLine:
    name: str
    demand: int
    allocated: int
    target: float | None  # the share the targets ask for, demand-weighted; None without targets
    short: int  # cadres still needed to meet the target


@dataclass(frozen=True)
class UnitGap:
    name: str
    short: int
    share: float
    target: float
    reason: str


@dataclass(frozen=True)
class Brief:
    lang: str
    name: str
    question: str
    years: str
    seats: int
    status: str
    target_year: int | None
    tiers: tuple[TierLine, ...]
    changes_title: str
    changes: tuple[str, ...]
    below: tuple[UnitGap, ...]
    below_more: int  # units below target not named
    decisions: tuple[str, ...]


def signed(value: int, lang: str) -> str:
    """+3, −2 (a true minus sign), 0."""
    if value > 0:
        return f"+{number_text(value, lang)}"
    return f"−{number_text(-value, lang)}" if value < 0 else "0"


def _names(content: ResultFolder, table: str, key: str, lang: str) -> dict[str, str]:
    return name_map(content.optional_table(INPUT_TABLES[table].path), key, lang)


def _target_year(content: ResultFolder, targets: pd.DataFrame | None) -> int | None:
    years = [int(y) for y in content.scenario.get("years") or [] if isinstance(y, (int, float))]
    if targets is None or not len(targets) or not years:
        return None
    before = targets.loc[targets["year"].astype(int) <= max(years), "year"]
    return int(before.max()) if len(before) else None


def _needed(target: pd.Series, demand: pd.Series) -> pd.Series:
    """Cadres a target share asks for: the share of the demand, rounded up (12.5 people means 13)."""
    return np.ceil(target.astype(float) * demand.astype(float) - EPSILON).astype("int64")


def _tier_lines(content: ResultFolder, year: int | None, tiers: dict[str, str]) -> tuple[TierLine, ...]:
    coverage = content.table(COVERAGE_FILE)
    cumulative = content.optional_table(CUMULATIVE_COVERAGE_FILE)
    if year is None or cumulative is None:
        totals = coverage.groupby("tier", sort=False)[["demand", "allocated"]].sum()
        order = [t for t in tiers if t in totals.index] + [t for t in totals.index if t not in tiers]
        return tuple(TierLine(tiers.get(t, t), int(totals.at[t, "demand"]), int(totals.at[t, "allocated"]), None, 0)
                     for t in order[:MOST_TIERS])
    rows = cumulative[(cumulative["year"] == year) & cumulative["target_share"].notna()].copy()
    rows["needed"] = _needed(rows["target_share"], rows["demand"])
    rows["short"] = (rows["needed"] - rows["allocated_cumulative"]).clip(lower=0)
    rows["wanted"] = rows["target_share"] * rows["demand"]
    totals = rows.groupby("tier", sort=False)[["demand", "allocated_cumulative", "wanted", "short"]].sum()
    order = [t for t in tiers if t in totals.index] + [t for t in totals.index if t not in tiers]
    return tuple(TierLine(tiers.get(t, t), int(totals.at[t, "demand"]), int(totals.at[t, "allocated_cumulative"]),
                          float(totals.at[t, "wanted"] / totals.at[t, "demand"]) if totals.at[t, "demand"] else None,
                          int(totals.at[t, "short"])) for t in order[:MOST_TIERS])


def _binding(content: ResultFolder) -> pd.DataFrame:
    """The binding reasons of explanations.csv, one row per (demand row, rule, course), with the row's shortfall."""
    table = content.optional_table(EXPLANATIONS_FILE)
    if table is None or not len(table):
        return pd.DataFrame(columns=["demand_id", "unit_id", "rule", "course_id", "year", "short"])
    table = table[table["binds"]]
    return table.drop_duplicates(["demand_id", "rule", "course_id", "year"])


def _reason(unit_rows: pd.DataFrame, courses: dict[str, str], lang: str) -> str:
    """The rule that holds back most of a unit's shortfall, and its course: one phrase."""
    per_row = unit_rows.drop_duplicates(["demand_id", "rule", "course_id"])
    if not len(per_row):
        return BRIEF[lang]["no_reason"]
    weight = per_row.groupby("rule", sort=False)["short"].sum()
    rule = str(weight.sort_values(ascending=False, kind="stable").index[0])
    course_weight = per_row[per_row["rule"] == rule].groupby("course_id", sort=False)["short"].sum()
    course = str(course_weight.sort_values(ascending=False, kind="stable").index[0])
    phrase = RULE_LABELS[lang].get(rule, rule)
    return f"{phrase} ({courses.get(course, course)})" if course else phrase


def _below(content: ResultFolder, year: int | None, targets: pd.DataFrame | None, units: dict[str, str],
           courses: dict[str, str], binding: pd.DataFrame, lang: str) -> tuple[tuple[UnitGap, ...], int]:
    if year is None or targets is None:
        return (), 0
    coverage = content.table(COVERAGE_FILE)
    wanted = targets[targets["year"].astype(int) == year][["family", "tier", "target_share"]]
    rows = coverage.merge(wanted, on=["family", "tier"], how="inner")
    rows = rows[rows["target_share"].notna() & (rows["demand"] > 0)].copy()
    rows["short"] = (_needed(rows["target_share"], rows["demand"]) - rows["allocated"]).clip(lower=0)
    rows["wanted"] = rows["target_share"] * rows["demand"]
    per_unit = rows.groupby("unit_id", sort=False)[["demand", "allocated", "wanted", "short"]].sum()
    # Below target as a whole (a unit ahead in one programme and behind in another may still be on target),
    # ranked by the cadres it would take to meet every target.
    per_unit = per_unit[(per_unit["short"] > 0) & (per_unit["allocated"] < per_unit["wanted"] - EPSILON)]
    order = {u: i for i, u in enumerate(units)}
    per_unit = per_unit.assign(order=per_unit.index.map(lambda u: order.get(u, len(order))))
    per_unit = per_unit.sort_values(["short", "order"], ascending=[False, True], kind="stable")
    gaps = []
    for unit_id, row in per_unit.head(MOST_BELOW).iterrows():
        reason = _reason(binding[binding["unit_id"] == unit_id], courses, lang)
        gaps.append(UnitGap(units.get(unit_id, unit_id), int(row["short"]), float(row["allocated"] / row["demand"]),
                            float(row["wanted"] / row["demand"]), reason))
    return tuple(gaps), max(0, len(per_unit) - MOST_BELOW)


def _reference_changes(content: ResultFolder, units: dict[str, str], tiers: dict[str, str],
                       lang: str) -> tuple[str, ...]:
    words = BRIEF[lang]
    keys = ["demand_id", "year", "course_id"]
    plan = content.table(ASSIGNMENTS_FILE).groupby(keys)["seats"].sum()
    reference = content.table(REFERENCE_FILE).groupby(keys)["seats"].sum()
    both = pd.concat([plan.rename("plan"), reference.rename("reference")], axis=1).fillna(0).astype("int64")
    moved = int((both["plan"] - both["reference"]).clip(lower=0).sum())
    demand = content.table(INPUT_TABLES["demand"].path).set_index("demand_id")[["unit_id", "tier"]]
    rows = both.reset_index().merge(demand, left_on="demand_id", right_index=True, how="left")
    rows["delta"] = rows["plan"] - rows["reference"]
    by_unit = rows.groupby("unit_id", sort=False)["delta"].sum()
    by_unit = by_unit[by_unit != 0]
    order = {u: i for i, u in enumerate(units)}
    ranked = sorted(by_unit.items(), key=lambda item: (-abs(item[1]), order.get(item[0], len(order))))
    lines = [words["reference_total"].format(plan=number_text(both["plan"].sum(), lang),
                                             reference=number_text(both["reference"].sum(), lang),
                                             moved=number_text(moved, lang), units=number_text(len(by_unit), lang))]
    by_tier = rows.groupby("tier", sort=False)[["plan", "delta"]].sum()
    for tier in [t for t in tiers if t in by_tier.index]:
        if by_tier.at[tier, "delta"] != 0:
            lines.append(words["reference_tier"].format(tier=tiers[tier], plan=number_text(by_tier.at[tier, "plan"],
                                                                                            lang),
                                                        delta=signed(int(by_tier.at[tier, "delta"]), lang)))
    if ranked:
        shown = ", ".join(f"{units.get(u, u)} {signed(int(d), lang)}" for u, d in ranked[:4])
        lines.append(words["reference_units"].format(units=shown))
    return tuple(lines[:MOST_CHANGES])


def _scenario_changes(content: ResultFolder, lang: str) -> tuple[str, ...]:
    changes = content.scenario.get("changes")
    texts = [said(c, "text", lang) for c in changes if isinstance(c, dict)] if isinstance(changes, list) else []
    texts = [t for t in texts if t]
    if content.scenario.get("frozen"):
        frozen = content.scenario["frozen"]
        years = frozen.get("years") if isinstance(frozen, dict) else None
        texts.append(BRIEF[lang]["frozen"].format(years=years_text([int(y) for y in years or []])))
    if content.scenario.get("separate_quotas_by"):
        texts.insert(0, BRIEF[lang]["separate"])
    return tuple(texts[:MOST_CHANGES]) or (BRIEF[lang]["no_changes"],)


def _decisions(content: ResultFolder, binding: pd.DataFrame, courses: dict[str, str], lang: str) -> tuple[str, ...]:
    words = BRIEF[lang]
    found = []
    status = content.summary.get("status")
    if status == "time_limited":
        found.append(words["decision_time"])
    broken = content.summary.get("rule_violations")
    if status in ("baseline", "elastic") and isinstance(broken, dict):
        rules = [f"{RULE_LABELS[lang].get(rule, rule)} ({number_text(count, lang)})" for rule, count in broken.items()
                 if isinstance(count, int) and count > 0]
        if rules:
            found.append(words["decision_broken"].format(rules="; ".join(rules)))
    rows = binding.drop_duplicates(["demand_id", "rule", "course_id"]) if len(binding) else binding

    def by_course(rule: str, most: int, template: str) -> None:
        chosen = binding[binding["rule"] == rule]
        if not len(chosen):
            return
        people = rows[rows["rule"] == rule].groupby("course_id", sort=False)["short"].sum()
        for course, count in people.sort_values(ascending=False, kind="stable").head(most).items():
            years = chosen.loc[chosen["course_id"] == course, "year"].dropna().astype(int).tolist()
            found.append(template.format(course=courses.get(course, course), years=years_text(years),
                                         people=words["people"].format(n=number_text(count, lang))))

    by_course("seat_cap", 2, words["decision_quota"])
    by_course("class_size", 1, words["decision_class"])
    release = rows[rows["rule"] == "release_limit"] if len(rows) else rows
    if len(release):
        units = content.table(INPUT_TABLES["units"].path).set_index("unit_id")["kind"]
        kinds = list(dict.fromkeys(units.reindex(release["unit_id"]).dropna()))
        people = int(release.drop_duplicates("demand_id")["short"].sum())
        found.append(words["decision_release"].format(
            kinds=", ".join(KIND_LABELS[lang].get(k, k) for k in kinds),
            people=words["people"].format(n=number_text(people, lang)),
            units=number_text(release["unit_id"].nunique(), lang)))
    if not found:
        found.append(words["decision_none"] if content.optional_table(EXPLANATIONS_FILE) is not None
                     else words["decision_more"])
    return tuple(found[:MOST_DECISIONS])


def brief_content(content: ResultFolder, lang: str = "vi", compared: tuple[str, Sequence[str]] | None = None) -> Brief:
    """The brief of a result folder; ``compared`` (the other scenario's name, lines) replaces the section on what
    changed with lines comparing it to another scenario (``analyses.brief_compare``)."""
    words = BRIEF[lang]
    scenario, summary = content.scenario, content.summary
    tiers = _names(content, "tiers", "tier", lang)
    tier_table = content.optional_table(INPUT_TABLES["tiers"].path)
    if tier_table is not None:  # rank order, not file order
        tiers = {t: tiers[t] for t in tier_table.sort_values("rank", kind="stable")["tier"]}
    units = _names(content, "units", "unit_id", lang)
    courses = _names(content, "courses", "course_id", lang)
    targets = content.optional_table(INPUT_TABLES["targets"].path)
    year = _target_year(content, targets)
    binding = _binding(content)
    below, more = _below(content, year, targets, units, courses, binding, lang)
    if compared is not None:
        title, changes = words["changes_compare"].format(other=compared[0]), tuple(compared[1])[:MOST_CHANGES]
    elif REFERENCE_FILE in content.files:
        title, changes = words["changes_reference"], _reference_changes(content, units, tiers, lang)
    else:
        title, changes = words["changes_scenario"], _scenario_changes(content, lang)
    seats = summary.get("seats")
    if not isinstance(seats, int) or isinstance(seats, bool):
        seats = int(content.table(ASSIGNMENTS_FILE)["seats"].sum())
    years = [int(y) for y in scenario.get("years") or [] if isinstance(y, (int, float)) and math.isfinite(y)]
    status = str(summary.get("status") or "")
    return Brief(lang=lang, name=content.name, question=str(scenario.get("question") or words["no_question"]),
                 years=years_text(years), seats=seats, status=words["status"].get(status, status),
                 target_year=year, tiers=_tier_lines(content, year, tiers), changes_title=title, changes=changes,
                 below=below, below_more=more, decisions=_decisions(content, binding, courses, lang))
