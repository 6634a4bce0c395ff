"""Why a demand row got fewer seats than it asked for, in the model's own rule names, each backed by numbers.

A unit asks "why did we get 3 seats when we asked for 10?". ``explain`` answers for every demand row left short
(allocated < count): it lists the row's *options*, the (year, course) pairs that every rule's eligibility filter
keeps (``rules.BUILDING``), exactly as the model builds its variables. Then each rule explains itself
(``rules.EXPLAINING``), rules that only filter first, then those with constraint rows (``rules.FILTERS_FIRST``):

* a row without any option is explained by the filters that leave it none (a filter is named when the others
  alone would leave an option, so it is the one in the way; when none is alone, every filter that removes one);
* for each option, every rule with constraint rows reports whether the plan has them tight, with its numbers.
  In a plan that is optimal for the coverage stages a short row cannot have an option where one more seat fits
  (adding it raises the row's tier and lowers no other), so one of them should hold; where none does, the
  reason is ``priority`` (``binds`` False): the seats went to other rows by the order of the stages.

``binds`` is always computed from the plan's numbers, never set by hand. Pure functions, tables in and out.
"""


from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs.dataset import Inputs
from ..inputs.scenario import Scenario
from ..inputs.schema import BLOCK_LABELS
from ..words import check_lang, names
from .registry import WORDS, Evidence, years_text
from .rules import BUILDING, EXPLAINING, FILTERS_FIRST, LABELS

COLUMNS = ["demand_id", "unit_id", "family", "tier", "count", "allocated", "short", "year", "course_id", "rule",
           "detail", "binds"]
# Not a rule: the reason left when no rule is tight, the order of the stages.
PRIORITY = "priority"
HARD_RULES = tuple(rule.value for rule in FILTERS_FIRST)
RULES = (*HARD_RULES, PRIORITY)

RULE_LABELS = {
    "vi": {**{rule.value: label.vi for rule, label in LABELS.items()},
           PRIORITY: "chỗ đã dành cho các dòng khác theo thứ tự ưu tiên"},
    "en": {**{rule.value: label.en for rule, label in LABELS.items()},
           PRIORITY: "the seats went to other rows by priority"},
}

TEXT = {
    "vi": {
        **WORDS["vi"],
        "priority": ("không giới hạn nào ở trên đã chạm ở {course} năm {year}; {total} chỗ của khóa năm đó "
                     "dành cho: {split} ({before} chỗ cho nhóm xếp trước, {same} cho cùng nhóm, {after} cho nhóm "
                     "xếp sau); phần thiếu còn lại là do thứ tự ưu tiên của các bước bao phủ và công bằng"),
        "summary": "{unit}, {family}, nhóm {tier}{marks}: được {allocated}/{count} chỗ; thiếu {short} vì: {reasons}.",
        "full_time_mark": "chỉ học hệ tập trung",
        "at": " ở ",
    },
    "en": {
        **WORDS["en"],
        "priority": ("no limit above is reached in {course} {year}; its {total} seats that year went to: "
                     "{split} ({before} to tiers ranked before, {same} to the same tier, {after} to tiers ranked "
                     "after); the rest of the shortfall comes from the order of the coverage and fairness stages"),
        "summary": ("{unit}, {family}, {tier}{marks}: got {allocated} of {count} seats; {short} short because: "
                    "{reasons}."),
        "full_time_mark": "full-time only",
        "at": " in ",
    },
}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(COLUMNS, [
        "str", "str", "str", "str", "int64", "int64", "int64", "Int64", "str", "str", "str", "bool"])})


def explain(allocation: pd.DataFrame, classes: pd.DataFrame, inputs: Inputs, scenario: Scenario,
            unit: str | None = None, lang: str = "vi") -> pd.DataFrame:
    """One row per reason a short demand row got no more seats (columns ``COLUMNS``).

    ``allocation``: demand_id, year, course_id, seats (``Result.allocation``); ``classes``: course_id, year,
    classes (``Result.classes``). ``unit``: only that unit's rows. ``lang``: "vi" or "en" for ``detail``.
    Ordered by unit (units.csv order), demand row (demand.csv order), year, course (courses.csv order), rule.
    """
    lang = check_lang(lang)
    if unit is not None and unit not in inputs.units.index:
        raise ValueError(f"unknown unit {unit!r}; use a unit_id of units.csv")
    years = [int(y) for y in scenario.years]
    allocation = allocation[["demand_id", "year", "course_id", "seats"]].astype({"year": "int64", "seats": "int64"})

    # --- the demand rows and what they got -------------------------------------------------------------------
    demand = inputs.demand.reset_index()
    demand["count"] = demand["count"].astype("int64")
    demand["allocated"] = demand["demand_id"].map(allocation.groupby("demand_id")["seats"].sum()).fillna(0).astype(
        "int64")
    demand["short"] = demand["count"] - demand["allocated"]
    demand["row_order"] = np.arange(len(demand))
    short = demand[demand["short"] > 0].reset_index(drop=True)
    if short.empty:
        return _empty()

    courses = inputs.courses.reset_index()[["course_id", "family", "mode", "span_years", "class_size_min",
                                            "class_size_max"]]
    courses["course_order"] = np.arange(len(courses))

    # --- options of every short row (all units: the leftover cadres of a course count every unit's rows) -------
    grid = short.merge(courses, on="family").merge(pd.DataFrame({"year": years}), how="cross")
    filters = [rule for rule in FILTERS_FIRST if BUILDING[rule].keep is not None]
    kept = pd.DataFrame({rule.value: BUILDING[rule].keep(grid, inputs, scenario) if len(grid)
                         else np.zeros(0, dtype=bool) for rule in filters}, index=grid.index)
    grid["option"] = kept.all(axis=1)
    options = grid[grid["option"]].reset_index(drop=True)

    wanted = short if unit is None else short[short["unit_id"] == unit]
    mine = options[options["demand_id"].isin(wanted["demand_id"])].reset_index(drop=True)
    evidence = _evidence(allocation, classes, options, mine, inputs, scenario, courses, lang)
    out: list[pd.DataFrame] = []

    # --- rows without any option ---------------------------------------------------------------------------
    has_option = set(options["demand_id"])
    closed = grid[grid["demand_id"].isin(wanted["demand_id"]) & ~grid["demand_id"].isin(has_option)]
    records = []
    for demand_id, cells in closed.groupby("demand_id", sort=False):
        row, ok = cells.iloc[0], kept.loc[cells.index]
        found = []
        for rule in filters:
            alone = ok.drop(columns=rule.value).all(axis=1) & ~ok[rule.value]
            if alone.any():
                found.append((rule, cells[alone]))
        if not found:  # no filter alone is in the way: name every one that removes something
            found = [(rule, cells[~ok[rule.value]]) for rule in filters if (~ok[rule.value]).any()]
        binds = not bool(cells["option"].any())
        for rule, blocked in found:
            records.append({"demand_id": demand_id, "year": pd.NA, "course_id": pd.NA, "rule": rule.value,
                            "binds": binds, "detail": _sentence(EXPLAINING[rule].removed(row, blocked, evidence))})
    if records:
        out.append(pd.DataFrame.from_records(records))

    # --- options: which rule stops one more seat -----------------------------------------------------------
    if len(mine):
        out.append(_option_reasons(evidence, text=TEXT[lang]))

    if not out:
        return _empty()
    table = pd.concat(out, ignore_index=True)
    table = table.merge(wanted[["demand_id", "unit_id", "family", "tier", "count", "allocated", "short",
                                "row_order"]], on="demand_id", how="left")
    table["unit_order"] = table["unit_id"].map(inputs.units["order"])
    table["course_order"] = table["course_id"].map(courses.set_index("course_id")["course_order"])
    table["rule_order"] = table["rule"].map({r: i for i, r in enumerate(RULES)})
    table["year"] = pd.array(table["year"], dtype="Int64")
    table = table.sort_values(["unit_order", "row_order", "year", "course_order", "rule_order"], kind="stable",
                              na_position="first")
    table = table[COLUMNS].reset_index(drop=True)
    return table.astype({"count": "int64", "allocated": "int64", "short": "int64", "binds": "bool",
                         "year": "Int64", "course_id": "str"})


def _evidence(allocation: pd.DataFrame, classes: pd.DataFrame, options: pd.DataFrame, mine: pd.DataFrame,
              inputs: Inputs, scenario: Scenario, courses: pd.DataFrame, lang: str) -> Evidence:
    """What the rules' explanations see (``registry.Evidence``): the plan with each row's unit, tier and block and
    its course's family, mode and span; the quota lines; the names in ``lang``."""
    course_info = courses.set_index("course_id")
    plan = allocation.merge(inputs.demand[["unit_id", "tier", "block", "former_unit", "change_year"]],
                            left_on="demand_id", right_index=True, how="left").reset_index(drop=True)
    plan["family"] = plan["course_id"].map(course_info["family"])
    plan["mode"] = plan["course_id"].map(course_info["mode"])
    plan["span_years"] = plan["course_id"].map(course_info["span_years"])
    plan["tier_rank"] = plan["tier"].map(inputs.tiers["rank"])
    caps = inputs.caps[inputs.caps["year"].isin(scenario.years)]
    course_names = names(inputs.courses, lang)
    target_names = pd.concat([names(inputs.families, lang), course_names])
    return Evidence(plan=plan, classes=classes, options=options, mine=mine, inputs=inputs, scenario=scenario,
                    courses=course_info, seat_lines=caps[caps["seats_max"].notna()].reset_index(drop=True),
                    class_lines=caps[caps["classes_max"].notna()].reset_index(drop=True), lang=lang,
                    course_names=course_names, unit_names=names(inputs.units, lang),
                    tier_names=names(inputs.tiers, lang),
                    target_names=target_names[~target_names.index.duplicated(keep="last")])


def _option_reasons(ev: Evidence, text: dict) -> pd.DataFrame:
    """Reason rows for the options ``ev.mine``: one per option and tight rule, or one ``priority`` row."""
    found = [EXPLAINING[rule].tight(ev).assign(rule=rule.value) for rule in FILTERS_FIRST
             if BUILDING[rule].rows is not None]
    table = pd.concat(found, ignore_index=True)
    open_options = np.setdiff1d(np.arange(len(ev.mine)), table["position"].to_numpy())
    if len(open_options):
        table = pd.concat([table, _priority(ev, open_options, text)], ignore_index=True)
    table["detail"] = table["detail"].map(_sentence)
    table = table.join(ev.mine[["demand_id", "year", "course_id"]], on="position")
    return table[["rule", "binds", "detail", "demand_id", "year", "course_id"]]


def _priority(ev: Evidence, open_options: np.ndarray, text: dict) -> pd.DataFrame:
    """No rule is tight at these options: the seats of the course that year went to other rows, by tier."""
    plan, tier_rank = ev.plan, ev.inputs.tiers["rank"]
    by_tier = plan.groupby(["course_id", "year", "tier", "tier_rank"], as_index=False)["seats"].sum()
    by_tier = by_tier.sort_values(["course_id", "year", "tier_rank"])
    groups = {(c, int(y)): part for (c, y), part in by_tier.groupby(["course_id", "year"])}
    empty = by_tier.iloc[:0]
    records = []
    for i in open_options:
        option = ev.mine.iloc[i]
        here = groups.get((option["course_id"], int(option["year"])), empty)
        rank = tier_rank[option["tier"]]
        records.append((int(i), False, text["priority"].format(
            course=ev.course(option["course_id"]), year=int(option["year"]), total=int(here["seats"].sum()),
            split=ev.split(here), before=int(here.loc[here["tier_rank"] < rank, "seats"].sum()),
            same=int(here.loc[here["tier_rank"] == rank, "seats"].sum()),
            after=int(here.loc[here["tier_rank"] > rank, "seats"].sum()))))
    return pd.DataFrame.from_records(records, columns=["position", "binds", "detail"]).assign(rule=PRIORITY)


def summary_sentences(table: pd.DataFrame, inputs: Inputs, lang: str = "vi") -> list[str]:
    """One sentence per short demand row of an ``explain`` table, combining its reasons, in ``lang``.

    e.g. "Huyện ủy Mỹ Lộc, Cao cấp lý luận chính trị, nhóm Quy hoạch chức danh chủ chốt (Khối Đảng, chỉ học hệ tập
    trung): được 3/10 chỗ; thiếu 7 vì: không còn chỉ tiêu (seat_cap) ở Cao cấp LLCT hệ tập trung năm 2023, 2024."
    Names come from ``inputs`` (``name_en`` for English where given); the block and the full-time-only mark tell
    apart rows of one unit, family and tier.
    """
    lang = check_lang(lang)
    text, labels = TEXT[lang], RULE_LABELS[lang]
    unit_names, family_names = names(inputs.units, lang), names(inputs.families, lang)
    tier_names, course_names = names(inputs.tiers, lang), names(inputs.courses, lang)
    blocks = BLOCK_LABELS[lang]
    rows: dict[str, dict] = {}
    for record in table.itertuples(index=False):
        row = rows.setdefault(record.demand_id, {"first": record, "rules": {}})
        found = row["rules"].setdefault(record.rule, {"where": {}, "details": []})
        if pd.isna(record.course_id):
            found["details"].append(record.detail.rstrip("."))
        else:
            found["where"].setdefault(record.course_id, []).append(int(record.year))
    sentences = []
    for demand_id, row in rows.items():
        first = row["first"]
        parts = []
        for rule in RULES:
            found = row["rules"].get(rule)
            if found is None:
                continue
            label = f"{labels[rule]} ({rule})"
            where = text["and"].join(text["course_years"].format(course=course_names.get(c, c), years=years_text(ys))
                                     for c, ys in found["where"].items())
            details = "; ".join(d[:1].lower() + d[1:] for d in found["details"])
            parts.append(label + (text["at"] + where if where else "") + (": " + details if details else ""))
        marks = []
        if demand_id in inputs.demand.index:
            block = inputs.demand.at[demand_id, "block"]
            marks.append(blocks.get(block, block))
            if bool(inputs.demand.at[demand_id, "full_time_only"]):
                marks.append(text["full_time_mark"])
        sentences.append(text["summary"].format(
            unit=unit_names.get(first.unit_id, first.unit_id), family=family_names.get(first.family, first.family),
            tier=tier_names.get(first.tier, first.tier), marks=f" ({', '.join(marks)})" if marks else "",
            allocated=int(first.allocated), count=int(first.count), short=int(first.short),
            reasons="; ".join(parts)))
    return sentences
