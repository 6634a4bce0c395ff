"""Why a demand row got fewer seats than it asked for, in the model's own rule names, each backed by numbers.

A unit asks "why did we get 3 seats when we asked for 10?". ``explain`` answers for every demand row left short
(allocated < count): it lists the row's *options*, the (year, course) pairs that the per-row rules (``timing``,
``full_time_only``) allow and that a quota line with a seats_max covers, exactly as the model builds its
variables. Then:

* a row without any option is explained by the filters that leave it none (``timing``, ``full_time_only``,
  ``seat_cap``: a rule is named when the other two alone would leave an option, so it is the one in the way);
* for each option, the rules that stop one more seat there are checked in the order ``seat_cap``, ``class_size``,
  ``release_limit``, ``frozen_years`` and each one that is tight in the plan is reported with its numbers.
  In a plan that is optimal for the coverage stages a short row cannot have an option where one more seat fits
  (adding it raises the row's tier and lowers no other), so one of them should hold; where none does, the
  reason is ``priority`` (``binds`` False): the seats went to other rows by the order of the stages.

``binds`` is always computed from the plan's numbers, never set by hand. Pure functions, tables in and out.
"""


from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs.dataset import Inputs, unit_in_year
from ..inputs.scenario import Scenario
from ..inputs.schema import BLOCK_LABELS, KIND_LABELS
from ..words import check_lang, names
from . import rules

COLUMNS = ["demand_id", "unit_id", "family", "tier", "count", "allocated", "short", "year", "course_id", "rule",
           "detail", "binds"]
RULES = ("timing", "full_time_only", "seat_cap", "class_size", "release_limit", "frozen_years", "priority")
HARD_RULES = RULES[:-1]

RULE_LABELS = {
    "vi": {"timing": "không khóa nào kịp thời hạn", "full_time_only": "chỉ được học hệ tập trung",
           "seat_cap": "không còn chỉ tiêu", "class_size": "lớp đã đủ hoặc không mở thêm được lớp",
           "release_limit": "đơn vị đã cử tối đa số người học tập trung", "frozen_years": "năm đã chốt theo thực tế",
           "priority": "chỗ đã dành cho các dòng khác theo thứ tự ưu tiên"},
    "en": {"timing": "no course fits the deadline", "full_time_only": "full-time study only",
           "seat_cap": "no quota seats left", "class_size": "classes full or no further class can open",
           "release_limit": "the unit is at its full-time release limit", "frozen_years": "the year is frozen",
           "priority": "the seats went to other rows by priority"},
}

TEXT = {
    "vi": {
        "block": " ({block})",
        "seat_cap": "cả {seats} chỗ của chỉ tiêu {target} năm {year}{block} (tối đa {max}) đã dành cho: {split}",
        "seat_cap_zero": "chỉ tiêu {target} năm {year}{block} là 0 chỗ",
        "class_full_max": ("{course} năm {year} đã đủ {n} lớp × {size} = {seats} học viên, và số lớp của {target} "
                           "đã là {total}, bằng mức tối đa {cmax} lớp"),
        "class_new": ("{course} năm {year}: {n} lớp đã đủ {seats} học viên (tối đa {size}/lớp); lớp thứ {next} cần "
                      "ít nhất {min} học viên/lớp, tức thêm {need} người, nhưng chỉ thêm được {usable} "
                      "({left} cán bộ đủ điều kiện chưa được cử, chỉ tiêu còn {room} chỗ)"),
        "class_none": ("{course} năm {year} chưa mở lớp nào; một lớp cần ít nhất {min} học viên, nhưng chỉ có thể "
                       "xếp {usable} người ({left} cán bộ đủ điều kiện chưa được cử, chỉ tiêu còn {room} chỗ)"),
        "release": ("{course} mở năm {year}, học tập trung {span} năm; {unit} đã có đủ số cán bộ đang học tập trung "
                    "mà loại đơn vị {kind} được phép: {years}"),
        "release_year": "năm {year}: {seats}/{limit} người",
        "frozen": "năm {year} đã chốt theo số thực tế: dòng này có {seats} chỗ ở {course} năm đó",
        "priority": ("không giới hạn nào ở trên đã chạm ở {course} năm {year}; {total} chỗ của khóa năm đó "
                     "dành cho: {split} ({before} chỗ cho nhóm xếp trước, {same} cho cùng nhóm, {after} cho nhóm "
                     "xếp sau); phần thiếu còn lại là do thứ tự ưu tiên của các bước bao phủ và công bằng"),
        "timing": ("hạn hoàn thành của dòng này là năm {deadline}: {courses}; các năm kế hoạch là {years} và dòng này "
                   "được cử từ năm {earliest}"),
        "timing_course": "{course} dài {span} năm, phải bắt đầu chậm nhất năm {latest}",
        "full_time_only": "dòng này chỉ được học hệ tập trung, nhưng {courses} không phải hệ tập trung",
        "seat_cap_none": "không dòng chỉ tiêu nào cấp chỗ cho {courses}",
        "course_years": "{course} năm {years}",
        "nobody": "chưa ai",
        "summary": "{unit}, {family}, nhóm {tier}{marks}: được {allocated}/{count} chỗ; thiếu {short} vì: {reasons}.",
        "full_time_mark": "chỉ học hệ tập trung",
        "at": " ở ",
        "and": ", ",
    },
    "en": {
        "block": " ({block})",
        "seat_cap": "all {seats} seats of the quota {target} {year}{block} (at most {max}) went to: {split}",
        "seat_cap_zero": "the quota {target} {year}{block} is 0 seats",
        "class_full_max": ("{course} {year} is full with {n} class(es) × {size} = {seats} students, and {target} "
                           "already has {total} class(es), its maximum of {cmax}"),
        "class_new": ("{course} {year}: its {n} class(es) are full with {seats} students (at most {size} a class); "
                      "class {next} needs at least {min} students a class, {need} more, but only {usable} can be "
                      "added ({left} eligible cadres not yet sent, {room} seats left in the quota)"),
        "class_none": ("{course} {year} has no class; a class needs at least {min} students, but only {usable} can "
                       "be placed ({left} eligible cadres not yet sent, {room} seats left in the quota)"),
        "release": ("{course} starting {year} is full-time study for {span} year(s); {unit} already has as many "
                    "cadres in full-time study as its kind ({kind}) allows: {years}"),
        "release_year": "{year}: {seats} of {limit}",
        "frozen": "{year} is frozen at the actual figures: this row has {seats} seats in {course} that year",
        "priority": ("no limit above is reached in {course} {year}; its {total} seats that year went to: "
                     "{split} ({before} to tiers ranked before, {same} to the same tier, {after} to tiers ranked "
                     "after); the rest of the shortfall comes from the order of the coverage and fairness stages"),
        "timing": ("this row must finish by {deadline}: {courses}; the plan's years are {years} and the row may start "
                   "from {earliest}"),
        "timing_course": "{course}: {span} year(s) long, must start by {latest}",
        "full_time_only": "this row may study full-time only, but {courses} is not full-time",
        "seat_cap_none": "no quota line gives seats to {courses}",
        "course_years": "{course} {years}",
        "nobody": "nobody",
        "summary": ("{unit}, {family}, {tier}{marks}: got {allocated} of {count} seats; {short} short because: "
                    "{reasons}."),
        "full_time_mark": "full-time only",
        "at": " in ",
        "and": ", ",
    },
}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _years_text(years) -> str:
    return ", ".join(str(int(y)) for y in sorted(set(years)))


def _links(frame: pd.DataFrame, caps: pd.DataFrame) -> pd.DataFrame:
    """Pairs (position in ``frame``, quota line) where the line covers the frame row's (year, course, block).

    ``frame`` needs year, course_id, family (the course's) and block; as ``rules.cap_links``.
    """
    links = rules.cap_links(frame[["year", "course_id", "family", "block"]], caps)
    return links.rename(columns={"cap_row": "line", "var": "position"})


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
    text = TEXT[lang]
    years = [int(y) for y in scenario.years]
    allocation = allocation[["demand_id", "year", "course_id", "seats"]].astype({"year": "int64", "seats": "int64"})
    course_names, unit_names = names(inputs.courses, lang), names(inputs.units, lang)
    tier_names = names(inputs.tiers, lang)
    target_names = pd.concat([names(inputs.families, lang), course_names])
    target_names = target_names[~target_names.index.duplicated(keep="last")]
    blocks = BLOCK_LABELS[lang]

    def block_text(block: str) -> str:
        return "" if block == "all" else text["block"].format(block=blocks.get(block, block))

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
    caps = inputs.caps[inputs.caps["year"].isin(years)]
    seat_lines = caps[caps["seats_max"].notna()].reset_index(drop=True)
    class_lines = caps[caps["classes_max"].notna()].reset_index(drop=True)

    # --- options of every short row (all units: the leftover cadres of a course count every unit's rows) -------
    grid = short.merge(courses, on="family").merge(pd.DataFrame({"year": years}), how="cross")
    grid["timing_ok"] = rules.timing(grid).astype(bool).to_numpy()
    grid["full_time_ok"] = rules.full_time_only(grid).astype(bool).to_numpy()
    grid["quota_ok"] = rules.quota_exists(grid, caps) if len(grid) else np.zeros(0, dtype=bool)
    grid["option"] = grid["timing_ok"] & grid["full_time_ok"] & grid["quota_ok"]
    options = grid[grid["option"]].reset_index(drop=True)

    wanted = short if unit is None else short[short["unit_id"] == unit]
    out: list[pd.DataFrame] = []

    # --- rows without any option ---------------------------------------------------------------------------
    has_option = set(options["demand_id"])
    closed = grid[grid["demand_id"].isin(wanted["demand_id"]) & ~grid["demand_id"].isin(has_option)]
    records = []
    filters = {"timing": "timing_ok", "full_time_only": "full_time_ok", "seat_cap": "quota_ok"}
    for demand_id, cells in closed.groupby("demand_id", sort=False):
        row = cells.iloc[0]
        found = []
        for rule, column in filters.items():
            others = cells[[c for c in filters.values() if c != column]].all(axis=1) & ~cells[column]
            if others.any():
                found.append((rule, cells[others]))
        if not found:  # no filter alone is in the way: name every one that removes something
            found = [(rule, cells[~cells[column]]) for rule, column in filters.items() if (~cells[column]).any()]
        binds = not bool(cells["option"].any())
        for rule, blocked in found:
            records.append({"demand_id": demand_id, "year": pd.NA, "course_id": pd.NA, "rule": rule, "binds": binds,
                            "detail": _sentence(_no_option_text(rule, row, blocked, years, text, course_names,
                                                                block_text))})
    if records:
        out.append(pd.DataFrame.from_records(records))

    # --- options: which rule stops one more seat -----------------------------------------------------------
    mine = options[options["demand_id"].isin(wanted["demand_id"])].reset_index(drop=True)
    if len(mine):
        out.append(_option_reasons(mine, options, allocation, classes, inputs, scenario, seat_lines, class_lines,
                                   courses, lang, text, course_names, unit_names, tier_names, target_names,
                                   block_text))

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


def _no_option_text(rule: str, row, blocked: pd.DataFrame, years: list[int], text: dict, course_names: pd.Series,
                    block_text) -> str:
    """The sentence for a row without options: what ``rule`` removes, with its numbers."""
    if rule == "timing":
        by_span = blocked.drop_duplicates("course_id").groupby("span_years", sort=True)["course_id"].apply(list)
        parts = [text["timing_course"].format(course=", ".join(course_names.get(c, c) for c in ids), span=int(span),
                                              latest=int(row.deadline_year) - int(span) + 1)
                 for span, ids in by_span.items()]
        return text["timing"].format(deadline=int(row.deadline_year), courses=text["and"].join(parts),
                                     years=_years_text(years), earliest=int(row.earliest_year))
    if rule == "full_time_only":
        shown = [course_names.get(c, c) for c in blocked["course_id"].drop_duplicates()]
        return text["full_time_only"].format(courses=text["and"].join(shown))
    per_course = blocked.groupby("course_id", sort=False)["year"].apply(list)
    shown = [text["course_years"].format(course=course_names.get(c, c), years=_years_text(ys))
             for c, ys in per_course.items()]
    return text["seat_cap_none"].format(courses=text["and"].join(shown) + block_text(row.block))


def _split_text(parts: pd.DataFrame, tier_names: pd.Series, text: dict) -> str:
    """'Tier A 31, Tier B 9' from rows (tier, seats) in tier rank order."""
    parts = parts[parts["seats"] > 0]
    if parts.empty:
        return text["nobody"]
    return ", ".join(f"{tier_names.get(t, t)} {int(s)}" for t, s in zip(parts["tier"], parts["seats"]))


def _option_reasons(mine: pd.DataFrame, options: pd.DataFrame, allocation: pd.DataFrame, classes: pd.DataFrame,
                    inputs: Inputs, scenario: Scenario, seat_lines: pd.DataFrame, class_lines: pd.DataFrame,
                    courses: pd.DataFrame, lang: str, text: dict, course_names: pd.Series, unit_names: pd.Series,
                    tier_names: pd.Series, target_names: pd.Series, block_text) -> pd.DataFrame:
    """Reason rows for the options ``mine`` (one per option and binding rule, or one ``priority`` row)."""
    years = [int(y) for y in scenario.years]
    tier_rank = inputs.tiers["rank"]
    course_info = courses.set_index("course_id")
    reasons: dict[int, list[tuple[str, bool, str]]] = {i: [] for i in range(len(mine))}

    # The plan, row by row with its demand row's unit, tier and block and its course's family, mode and span.
    plan = allocation.merge(inputs.demand[["unit_id", "tier", "block", "former_unit", "change_year"]],
                            left_on="demand_id", right_index=True, how="left")
    plan["family"] = plan["course_id"].map(course_info["family"])
    plan["mode"] = plan["course_id"].map(course_info["mode"])
    plan["span_years"] = plan["course_id"].map(course_info["span_years"])
    plan["tier_rank"] = plan["tier"].map(tier_rank)

    # seat_cap: a quota line covering the option is used up (seats = seats_max).
    line_info = seat_lines.set_index("line")
    linked = _links(plan, seat_lines).merge(plan[["seats", "tier", "tier_rank"]], left_on="position",
                                            right_index=True)
    line_seats = linked.groupby("line")["seats"].sum()
    line_split = linked.groupby(["line", "tier", "tier_rank"], as_index=False)["seats"].sum().sort_values(
        ["line", "tier_rank"])
    split_of_line = {line: _split_text(part, tier_names, text) for line, part in line_split.groupby("line")}
    option_links = _links(mine, seat_lines)
    option_links["seats"] = option_links["line"].map(line_seats).fillna(0).astype("int64")
    option_links["seats_max"] = option_links["line"].map(line_info["seats_max"]).astype("int64")
    option_links["full"] = option_links["seats"] >= option_links["seats_max"]
    line_text = {}
    for line, row in line_info.iterrows():
        seats, most = int(line_seats.get(line, 0)), int(row["seats_max"])
        line_text[line] = text["seat_cap_zero" if most == 0 else "seat_cap"].format(
            target=target_names.get(row["target"], row["target"]), year=int(row["year"]),
            block=block_text(row["block"]), seats=seats, max=most, split=split_of_line.get(line, text["nobody"]))
    full = option_links[option_links["full"]]
    for i, group in full.groupby("position", sort=True):
        reasons[i].append(("seat_cap", bool(group["full"].all()), "; ".join(line_text[k] for k in group["line"])))

    # class_size, per (course, year) of a course with classes: the classes are full and no class can be added.
    seats_cy = plan.groupby(["course_id", "year"])["seats"].sum()
    n_classes = (classes.groupby(["course_id", "year"])["classes"].sum() if len(classes)
                 else pd.Series(dtype="int64"))
    with_classes = course_info[course_info["class_size_max"].notna()]
    class_limits = _class_limits(class_lines, n_classes, with_classes)
    at_max = class_limits[class_limits["total"] >= class_limits["classes_max"]].drop_duplicates(["course_id", "year"])
    at_max = at_max.set_index(["course_id", "year"])
    free = options.assign(left=options["count"] - options["allocated"])
    slack = _block_slack(free.groupby(["course_id", "year", "block"])["left"].sum(), seat_lines, line_seats,
                         course_info)
    class_reason: dict[tuple[str, int], tuple[bool, str]] = {}
    for course_id, year in mine[["course_id", "year"]].drop_duplicates().itertuples(index=False):
        if course_id not in with_classes.index:
            continue
        year = int(year)
        size_min = int(with_classes.at[course_id, "class_size_min"])
        size_max = int(with_classes.at[course_id, "class_size_max"])
        n, seats = int(n_classes.get((course_id, year), 0)), int(seats_cy.get((course_id, year), 0))
        if seats < n * size_max or (n == 0 and seats > 0):  # room in a class, or no class count given
            continue
        name = course_names.get(course_id, course_id)
        if (course_id, year) in at_max.index:
            limit = at_max.loc[(course_id, year)]
            class_reason[(course_id, year)] = (int(limit["total"]) >= int(limit["classes_max"]), text[
                "class_full_max"].format(course=name, year=year, n=n, size=size_max, seats=seats,
                                         target=target_names.get(limit["target"], limit["target"]),
                                         total=int(limit["total"]), cmax=int(limit["classes_max"])))
            continue
        need = max(1, (n + 1) * size_min - seats)
        left, room, usable = slack.get((course_id, year), (0, 0, 0))
        if usable < need:
            class_reason[(course_id, year)] = (True, text["class_none" if n == 0 else "class_new"].format(
                course=name, year=year, n=n, size=size_max, seats=seats, next=n + 1, min=size_min, need=need,
                usable=usable, left=left, room=room))
    for i, (course_id, year) in enumerate(zip(mine["course_id"], mine["year"])):
        found = class_reason.get((course_id, int(year)))
        if found:
            reasons[i].append(("class_size", *found))

    # release_limit: in some year the full-time course keeps the cadre away, that year's unit is at its limit.
    in_progress = _in_progress(plan, years).groupby(["unit_id", "busy_year"])["seats"].sum()
    full_time = mine[mine["mode"] == "full_time"].assign(position=lambda f: f.index)
    if len(full_time):
        busy = _in_progress(full_time.assign(seats=0), years)
        busy = busy.join(full_time[["position", "year", "span_years", "course_id"]], on="origin")
        keys = pd.MultiIndex.from_arrays([busy["unit_id"], busy["busy_year"]])
        busy["count"] = in_progress.reindex(keys, fill_value=0).to_numpy().astype("int64")
        kinds = busy["unit_id"].map(inputs.units["kind"])
        busy["kind"] = kinds.to_numpy()
        busy["limit"] = kinds.map(dict(scenario.release_limits)).astype("int64").to_numpy()
        hits = busy[busy["count"] >= busy["limit"]]
        kind_labels = KIND_LABELS[lang]
        for i, group in hits.groupby("position", sort=True):
            owner, kind = group["unit_id"].iloc[0], group["kind"].iloc[0]
            listed = "; ".join(text["release_year"].format(year=int(y), seats=int(s), limit=int(lim))
                               + ("" if u == owner else f" ({unit_names.get(u, u)})")
                               for u, y, s, lim in zip(group["unit_id"], group["busy_year"], group["count"],
                                                       group["limit"]))
            course_id = group["course_id"].iloc[0]
            detail = text["release"].format(course=course_names.get(course_id, course_id),
                                            year=int(group["year"].iloc[0]), span=int(group["span_years"].iloc[0]),
                                            unit=unit_names.get(owner, owner), kind=kind_labels.get(kind, kind),
                                            years=listed)
            reasons[i].append(("release_limit", bool((group["count"] >= group["limit"]).all()), detail))

    # frozen_years: the option's year is fixed at the actuals.
    frozen = {int(y) for y in (inputs.frozen_years or ())}
    if frozen:
        actual = (inputs.actuals.groupby(["demand_id", "year", "course_id"])["seats"].sum()
                  if inputs.actuals is not None else pd.Series(dtype="int64"))
        for i, (demand_id, year, course_id) in enumerate(zip(mine["demand_id"], mine["year"], mine["course_id"])):
            if int(year) in frozen:
                reasons[i].append(("frozen_years", int(year) in frozen, text["frozen"].format(
                    year=int(year), course=course_names.get(course_id, course_id),
                    seats=int(actual.get((demand_id, int(year), course_id), 0)))))

    # priority: no rule above is tight; the seats of the course that year went to other rows.
    open_options = [i for i, found in reasons.items() if not found]
    if open_options:
        by_tier = plan.groupby(["course_id", "year", "tier", "tier_rank"], as_index=False)["seats"].sum()
        by_tier = by_tier.sort_values(["course_id", "year", "tier_rank"])
        groups = {(c, int(y)): part for (c, y), part in by_tier.groupby(["course_id", "year"])}
        empty = by_tier.iloc[:0]
        for i in open_options:
            option = mine.iloc[i]
            here = groups.get((option["course_id"], int(option["year"])), empty)
            rank = tier_rank[option["tier"]]
            reasons[i].append(("priority", False, text["priority"].format(
                course=course_names.get(option["course_id"], option["course_id"]), year=int(option["year"]),
                total=int(here["seats"].sum()), split=_split_text(here, tier_names, text),
                before=int(here.loc[here["tier_rank"] < rank, "seats"].sum()),
                same=int(here.loc[here["tier_rank"] == rank, "seats"].sum()),
                after=int(here.loc[here["tier_rank"] > rank, "seats"].sum()))))

    records = [(i, rule, binds, _sentence(detail)) for i, found in reasons.items() for rule, binds, detail in found]
    table = pd.DataFrame.from_records(records, columns=["position", "rule", "binds", "detail"])
    return table.join(mine[["demand_id", "year", "course_id"]], on="position").drop(columns="position")


def _class_limits(class_lines: pd.DataFrame, n_classes: pd.Series, with_classes: pd.DataFrame) -> pd.DataFrame:
    """Per (classes_max line, course it limits): the line's target, year, classes_max and classes in the plan."""
    columns = ["course_id", "year", "target", "classes_max", "total"]
    if class_lines.empty or with_classes.empty:
        return pd.DataFrame(columns=columns)
    limited = with_classes.reset_index()[["course_id", "family"]]
    by_course = class_lines.merge(limited, left_on="target", right_on="course_id")
    by_family = class_lines.merge(limited, left_on="target", right_on="family")
    pairs = pd.concat([by_course, by_family]).drop_duplicates(["line", "course_id"])
    keys = pd.MultiIndex.from_arrays([pairs["course_id"], pairs["year"]])
    pairs["classes"] = n_classes.reindex(keys, fill_value=0).to_numpy()
    pairs["total"] = pairs.groupby("line")["classes"].transform("sum")
    return pairs[columns].reset_index(drop=True)


def _block_slack(free_cyb: pd.Series, seat_lines: pd.DataFrame, line_seats: pd.Series,
                 course_info: pd.DataFrame) -> dict[tuple[str, int], tuple[int, int, int]]:
    """Per (course, year): cadres still free to join, seats left in its quota lines, and how many of the free
    cadres those seats admit (per block, then across blocks where a line covers every block)."""
    if free_cyb.empty:
        return {}
    frame = free_cyb.rename("left").reset_index()
    frame["family"] = frame["course_id"].map(course_info["family"])
    links = _links(frame, seat_lines)
    links["slack"] = (links["line"].map(seat_lines.set_index("line")["seats_max"]).astype("int64")
                      - links["line"].map(line_seats).fillna(0).astype("int64")).clip(lower=0)
    links["all_blocks"] = links["line"].map(seat_lines.set_index("line")["block"]) == "all"
    frame["room"] = links.groupby("position")["slack"].min().reindex(frame.index).fillna(0).astype("int64")
    frame["usable"] = np.minimum(frame["left"], frame["room"])
    shared = links[links["all_blocks"]].join(frame[["course_id", "year"]], on="position")
    shared_room = shared.groupby(["course_id", "year"])["slack"].min()
    result = {}
    for (course_id, year), group in frame.groupby(["course_id", "year"]):
        room = int(shared_room.get((course_id, year), group["room"].sum()))
        usable = min(int(group["usable"].sum()), room)
        result[(course_id, int(year))] = (int(group["left"].sum()), room, usable)
    return result


def _in_progress(plan: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Full-time seats repeated over every plan year they keep the cadre away, under that year's unit
    (``origin``: the label of the row in ``plan``)."""
    full = plan[plan["mode"] == "full_time"]
    if full.empty:
        return pd.DataFrame({"origin": pd.Series(dtype="int64"), "unit_id": pd.Series(dtype="str"),
                             "busy_year": pd.Series(dtype="int64"), "seats": pd.Series(dtype="int64")})
    spans = full["span_years"].astype(int).to_numpy()
    repeated = full.loc[full.index.repeat(spans)]
    repeated = repeated.assign(origin=repeated.index).reset_index(drop=True)
    offsets = np.arange(len(repeated)) - np.repeat(np.cumsum(spans) - spans, spans)
    repeated["busy_year"] = repeated["year"].to_numpy() + offsets
    repeated["unit_id"] = unit_in_year(repeated["unit_id"], repeated["former_unit"], repeated["change_year"],
                                       repeated["busy_year"])
    return repeated[repeated["busy_year"].isin(years)][["origin", "unit_id", "busy_year", "seats"]]


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
            where = text["and"].join(text["course_years"].format(course=course_names.get(c, c), years=_years_text(ys))
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
