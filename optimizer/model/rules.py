"""The policy rules: which exist (``Rule``), and for each how it enters the model, how it explains a shortfall,
and what people call it. One function per rule, named as in the checker, the docs and the messages.

Some rules are eligibility filters (``timing``, ``full_time_only``, and ``seat_cap``'s ``quota_exists``): no
variable exists for a (demand row, year, course) triple they forbid. The others return their constraints as a
``Rows`` block: a table of constraints (name, lower, upper bound) and a table of terms (row, variable,
coefficient), built with merges and groupbys only, so building stays linear in the number of candidates and the
model can be handed to any solver. Beside each rule is its explanation: for a filter, the sentence for a short row
it leaves without any option; for constraint rows, the options where the plan has them tight.

The registries at the end (``BUILDING``, ``EXPLAINING``, ``LABELS``; ``checks.CHECKING`` for the checker) list
every rule once; ``registry.missing_parts`` tells what a rule lacks. The rules that hold what is already decided
(``frozen_years``, ``pinned``) live in ``rules_decided``.
"""


from __future__ import annotations

from enum import Enum

import numpy as np
import pandas as pd

from ..inputs.dataset import Inputs, unit_in_year
from ..inputs.scenario import Scenario
from ..inputs.schema import KIND_LABELS
from .quota_lines import cap_links
from .registry import (
    INF,
    Building,
    Evidence,
    Explaining,
    Labels,
    Rows,
    Space,
    reasons,
    years_text,
)
from .rules_area import separate_quotas, separate_quotas_bounds, separate_quotas_tight
from .rules_decided import frozen_years, frozen_years_tight, pinned, pinned_tight


class Rule(str, Enum):
    """Every policy rule, in the order the checker reports them and docs/MODEL.md lists them."""

    SEAT_CAP = "seat_cap"
    CLASS_SIZE = "class_size"
    DEMAND_LIMIT = "demand_limit"
    TIMING = "timing"
    FULL_TIME_ONLY = "full_time_only"
    RELEASE_LIMIT = "release_limit"
    FROZEN_YEARS = "frozen_years"
    PINNED = "pinned"
    SEPARATE_QUOTAS = "separate_quotas"

    def __str__(self) -> str:
        return self.value


def _links(frame: pd.DataFrame, caps: pd.DataFrame) -> pd.DataFrame:
    """Pairs (position in ``frame``, quota line) where the line covers the frame row's (year, course, block)."""
    links = cap_links(frame[["year", "course_id", "family", "block"]], caps)
    return links.rename(columns={"cap_row": "line", "var": "position"})


def _bound(series: pd.Series, missing: float) -> np.ndarray:
    return series.astype(float).fillna(missing).to_numpy()


# --- seat_cap ---------------------------------------------------------------------------------------------------


def quota_exists(candidates: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> np.ndarray:
    """seat_cap's filter: True where some quota line with a seats_max covers the candidate's (year, course, block)."""
    caps = inputs.caps
    links = cap_links(candidates, caps[caps["year"].isin(scenario.years) & caps["seats_max"].notna()])
    covered = np.zeros(len(candidates), dtype=bool)
    covered[links["var"].to_numpy()] = True
    return covered


def seat_cap(space: Space) -> Rows:
    """seat_cap: seats in each (year, target, block) lie within [seats_min, seats_max].

    Plan 98-KH/TU II.1 (political theory), Appendix 1 (degrees, political theory) and Appendix 2 (refresher
    courses). A (year, course, block) that no quota line covers gets no seats (``quota_exists``).
    """
    bounds = seat_cap_bounds(space)
    caps = space.inputs.caps
    terms = cap_links(space.candidates, caps[caps["line"].isin(bounds["cap_row"])]).assign(coef=1.0)
    return Rows.build(bounds, terms, ["cap_row"])


def seat_cap_bounds(space: Space) -> pd.DataFrame:
    """seat_cap's rows in order (cap_row, name, lower, upper): one per quota line of the years with a seat limit."""
    caps = space.inputs.caps
    caps = caps[caps["year"].isin(space.scenario.years) & (caps["seats_min"].notna() | caps["seats_max"].notna())]
    return pd.DataFrame({
        "cap_row": caps["line"].to_numpy(),
        "name": ("seat_cap[" + caps["target"] + "," + caps["block"] + "," + caps["year"].astype(str) + "]").to_numpy(),
        "lower": _bound(caps["seats_min"], 0.0),
        "upper": _bound(caps["seats_max"], INF),
    })


SEAT_CAP_TEXT = {
    "vi": {"full": "cả {seats} chỗ của chỉ tiêu {target} năm {year}{block} (tối đa {max}) đã dành cho: {split}",
           "zero": "chỉ tiêu {target} năm {year}{block} là 0 chỗ",
           "none": "không dòng chỉ tiêu nào cấp chỗ cho {courses}"},
    "en": {"full": "all {seats} seats of the quota {target} {year}{block} (at most {max}) went to: {split}",
           "zero": "the quota {target} {year}{block} is 0 seats",
           "none": "no quota line gives seats to {courses}"},
}


def _plan_on_lines(ev: Evidence) -> pd.DataFrame:
    """The plan's seats on each quota line with a seats_max: line, position, seats, tier, tier_rank."""
    return _links(ev.plan, ev.seat_lines).merge(ev.plan[["seats", "tier", "tier_rank"]], left_on="position",
                                                right_index=True)


def seat_cap_removed(row: pd.Series, blocked: pd.DataFrame, ev: Evidence) -> str:
    """No quota line gives seats to the row's courses in the years its other rules allow."""
    per_course = blocked.groupby("course_id", sort=False)["year"].apply(list)
    shown = [ev.words["course_years"].format(course=ev.course(c), years=years_text(ys))
             for c, ys in per_course.items()]
    return SEAT_CAP_TEXT[ev.lang]["none"].format(courses=ev.words["and"].join(shown) + ev.block(row["block"]))


def seat_cap_tight(ev: Evidence) -> pd.DataFrame:
    """A quota line covering the option is used up (seats = seats_max); the text says where its seats went."""
    text, lines = SEAT_CAP_TEXT[ev.lang], ev.seat_lines.set_index("line")
    on_lines = _plan_on_lines(ev)
    line_seats = on_lines.groupby("line")["seats"].sum()
    links = _links(ev.mine, ev.seat_lines)
    links["seats"] = links["line"].map(line_seats).fillna(0).astype("int64")
    links["seats_max"] = links["line"].map(lines["seats_max"]).astype("int64")
    links["full"] = links["seats"] >= links["seats_max"]
    full = links[links["full"]]
    split = on_lines[on_lines["line"].isin(full["line"])].groupby(["line", "tier", "tier_rank"], as_index=False)[
        "seats"].sum().sort_values(["line", "tier_rank"])
    split_of_line = {line: ev.split(part) for line, part in split.groupby("line")}
    said = {}
    for line in full["line"].unique():
        quota, seats = lines.loc[line], int(line_seats.get(line, 0))
        most = int(quota["seats_max"])
        said[line] = text["zero" if most == 0 else "full"].format(
            target=ev.target(quota["target"]), year=int(quota["year"]), block=ev.block(quota["block"]), seats=seats,
            max=most, split=split_of_line.get(line, ev.words["nobody"]))
    return reasons([(int(i), bool(group["full"].all()), "; ".join(said[k] for k in group["line"]))
                    for i, group in full.groupby("position", sort=True)])


# --- class_size -------------------------------------------------------------------------------------------------


def class_size(space: Space) -> Rows:
    """class_size: where a course has classes, classes_min ≤ classes ≤ classes_max and
    classes·class_size_min ≤ seats ≤ classes·class_size_max in each year.

    Plan 98-KH/TU II.1 (5 intermediate classes a year, 2 of them full-time), II.4 and II.6 (classes of the refresher
    courses), Appendix 2 footnote 6 (10–15 classes of 70–80 a year).
    """
    grid = space.class_vars
    cand = space.candidates
    seats = pd.DataFrame({"course_id": cand["course_id"].to_numpy(), "year": cand["year"].to_numpy(),
                          "var": np.arange(len(cand)), "coef": 1.0})
    terms = []
    for side, size_column in (("min", "class_size_min"), ("max", "class_size_max")):
        per_class = grid.assign(side=side, coef=-grid[size_column].astype(float))[["course_id", "year", "side", "var",
                                                                                     "coef"]]
        terms.append(pd.concat([seats.assign(side=side), per_class]))
    caps = _class_lines(space)
    courses = space.inputs.courses.reset_index()[["course_id", "family"]]
    by_course = caps.merge(courses, left_on="target", right_on="course_id")
    by_family = caps.merge(courses, left_on="target", right_on="family")
    chosen = pd.concat([by_course, by_family]).drop_duplicates(["line", "course_id"])
    class_terms = chosen.merge(grid[["course_id", "year", "var"]], on=["course_id", "year"])
    terms.append(pd.DataFrame({"course_id": class_terms["line"].astype(str).to_numpy(),
                               "year": class_terms["year"].to_numpy(), "side": "classes",
                               "var": class_terms["var"].to_numpy(), "coef": 1.0}))
    terms = pd.concat(terms, ignore_index=True)
    terms["course_id"] = terms["course_id"].astype(str)
    return Rows.build(class_size_bounds(space), terms, ["course_id", "year", "side"])


# The rules whose rows' bounds are the numbers of the quota lines (caps.csv), each with the function that gives those
# bounds in the order of its rows: a what-if that only changes those numbers keeps every row and term.
QUOTA_BOUNDS = {}


def _class_lines(space: Space) -> pd.DataFrame:
    caps = space.inputs.caps
    return caps[caps["year"].isin(space.scenario.years) & (caps["classes_min"].notna() | caps["classes_max"].notna())]


def class_size_bounds(space: Space) -> pd.DataFrame:
    """class_size's rows in order (course_id, year, side, name, lower, upper): each course and year with classes
    twice (side min: seats ≥ classes·size_min; side max: seats ≤ classes·size_max), then each quota line with a
    class limit (side classes; its line number in course_id)."""
    grid = space.class_vars
    sides = [grid[["course_id", "year"]].assign(side=side, lower=lower, upper=upper,
                                                 name="class_size[" + grid["course_id"] + "," + grid["year"].astype(str)
                                                 + "]")
             for side, lower, upper in (("min", 0.0, INF), ("max", -INF, 0.0))]
    caps = _class_lines(space)
    sides.append(pd.DataFrame({
        "course_id": caps["line"].astype(str).to_numpy(), "year": caps["year"].to_numpy(), "side": "classes",
        "lower": _bound(caps["classes_min"], 0.0), "upper": _bound(caps["classes_max"], INF),
        "name": ("class_size[" + caps["target"] + "," + caps["year"].astype(str) + "]").to_numpy()}))
    bounds = pd.concat(sides, ignore_index=True)
    bounds["course_id"] = bounds["course_id"].astype(str)
    return bounds


QUOTA_BOUNDS.update({Rule.SEAT_CAP: seat_cap_bounds, Rule.CLASS_SIZE: class_size_bounds,
                     Rule.SEPARATE_QUOTAS: separate_quotas_bounds})


CLASS_SIZE_TEXT = {
    "vi": {
        "full_max": ("{course} năm {year} đã đủ {n} lớp × {size} = {seats} học viên, và số lớp của {target} "
                     "đã là {total}, bằng mức tối đa {cmax} lớp"),
        "new": ("{course} năm {year}: {n} lớp đã đủ {seats} học viên (tối đa {size}/lớp); lớp thứ {next} cần "
                "ít nhất {min} học viên/lớp, tức thêm {need} người, nhưng chỉ thêm được {usable} "
                "({left} cán bộ đủ điều kiện chưa được cử, chỉ tiêu còn {room} chỗ)"),
        "none": ("{course} năm {year} chưa mở lớp nào; một lớp cần ít nhất {min} học viên, nhưng chỉ có thể "
                 "xếp {usable} người ({left} cán bộ đủ điều kiện chưa được cử, chỉ tiêu còn {room} chỗ)"),
    },
    "en": {
        "full_max": ("{course} {year} is full with {n} class(es) × {size} = {seats} students, and {target} "
                     "already has {total} class(es), its maximum of {cmax}"),
        "new": ("{course} {year}: its {n} class(es) are full with {seats} students (at most {size} a class); "
                "class {next} needs at least {min} students a class, {need} more, but only {usable} can be "
                "added ({left} eligible cadres not yet sent, {room} seats left in the quota)"),
        "none": ("{course} {year} has no class; a class needs at least {min} students, but only {usable} can "
                 "be placed ({left} eligible cadres not yet sent, {room} seats left in the quota)"),
    },
}


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


def _block_slack(ev: Evidence) -> dict[tuple[str, int], tuple[int, int, int]]:
    """Per (course, year): cadres still free to join, seats left in its quota lines, and how many of the free
    cadres those seats admit (per block, then across blocks where a line covers every block)."""
    free = ev.options.assign(left=ev.options["count"] - ev.options["allocated"])
    free_cyb = free.groupby(["course_id", "year", "block"])["left"].sum()
    if free_cyb.empty:
        return {}
    line_seats = _plan_on_lines(ev).groupby("line")["seats"].sum()
    lines = ev.seat_lines.set_index("line")
    frame = free_cyb.rename("left").reset_index()
    frame["family"] = frame["course_id"].map(ev.courses["family"])
    links = _links(frame, ev.seat_lines)
    links["slack"] = (links["line"].map(lines["seats_max"]).astype("int64")
                      - links["line"].map(line_seats).fillna(0).astype("int64")).clip(lower=0)
    links["all_blocks"] = links["line"].map(lines["block"]) == "all"
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


def class_size_tight(ev: Evidence) -> pd.DataFrame:
    """The option's course and year has full classes, and no further class can open: the line's classes_max is
    reached, or the eligible cadres and quota seats left cannot fill one more class to its minimum."""
    text, courses = CLASS_SIZE_TEXT[ev.lang], ev.courses
    seats_cy = ev.plan.groupby(["course_id", "year"])["seats"].sum()
    n_classes = (ev.classes.groupby(["course_id", "year"])["classes"].sum() if len(ev.classes)
                 else pd.Series(dtype="int64"))
    with_classes = courses[courses["class_size_max"].notna()]
    limits = _class_limits(ev.class_lines, n_classes, with_classes)
    at_max = limits[limits["total"] >= limits["classes_max"]].drop_duplicates(["course_id", "year"])
    at_max = at_max.set_index(["course_id", "year"])
    slack = _block_slack(ev)
    found: dict[tuple[str, int], tuple[bool, str]] = {}
    for course_id, year in ev.mine[["course_id", "year"]].drop_duplicates().itertuples(index=False):
        if course_id not in with_classes.index:
            continue
        year = int(year)
        size_min = int(with_classes.at[course_id, "class_size_min"])
        size_max = int(with_classes.at[course_id, "class_size_max"])
        n, seats = int(n_classes.get((course_id, year), 0)), int(seats_cy.get((course_id, year), 0))
        if seats < n * size_max or (n == 0 and seats > 0):  # room in a class, or no class count given
            continue
        name = ev.course(course_id)
        if (course_id, year) in at_max.index:
            limit = at_max.loc[(course_id, year)]
            found[(course_id, year)] = (int(limit["total"]) >= int(limit["classes_max"]), text["full_max"].format(
                course=name, year=year, n=n, size=size_max, seats=seats, target=ev.target(limit["target"]),
                total=int(limit["total"]), cmax=int(limit["classes_max"])))
            continue
        need = max(1, (n + 1) * size_min - seats)
        left, room, usable = slack.get((course_id, year), (0, 0, 0))
        if usable < need:
            found[(course_id, year)] = (True, text["none" if n == 0 else "new"].format(
                course=name, year=year, n=n, size=size_max, seats=seats, next=n + 1, min=size_min, need=need,
                usable=usable, left=left, room=room))
    keys = zip(ev.mine["course_id"], ev.mine["year"].astype(int))
    return reasons([(i, *found[key]) for i, key in enumerate(keys) if key in found])


# --- demand_limit -----------------------------------------------------------------------------------------------


def demand_limit(space: Space) -> Rows:
    """demand_limit: a demand row gets at most `count` seats over the horizon.

    Plan 98-KH/TU IV.1: units propose candidates from their planning lists; seats beyond a unit's list are unusable.
    """
    cand = space.candidates
    terms = pd.DataFrame({"demand_id": cand["demand_id"].to_numpy(), "var": np.arange(len(cand)), "coef": 1.0})
    per_row = terms.groupby("demand_id").size()
    # A row with a single candidate is already bounded by its variable's upper bound.
    several = per_row.index[per_row.to_numpy() > 1]
    counts = space.inputs.demand["count"].reindex(several).astype(float).to_numpy()
    bounds = pd.DataFrame({"demand_id": several, "name": "demand_limit[" + several + "]", "lower": -INF,
                           "upper": counts})
    return Rows.build(bounds, terms, ["demand_id"])


def demand_limit_tight(ev: Evidence) -> pd.DataFrame:
    """Never: a short row has fewer seats than its count, so its own limit is not what stops one more."""
    return reasons([])


# --- timing -----------------------------------------------------------------------------------------------------


def timing(candidates: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> np.ndarray:
    """timing: a row gets seats only in years y with earliest_year ≤ y and y + span − 1 ≤ deadline_year.

    span = ceil(duration_months / 12): training must finish by the deadline. Plan 98-KH/TU I.1 (cadres planned
    for the 2025–2030 term); seed 001 (cadres planned for key posts are trained before they take office).
    """
    last_year = candidates["year"] + candidates["span_years"] - 1
    return ((candidates["year"] >= candidates["earliest_year"]) & (last_year <= candidates["deadline_year"])).to_numpy(
        bool)


TIMING_TEXT = {
    "vi": {"row": ("hạn hoàn thành của dòng này là năm {deadline}: {courses}; các năm kế hoạch là {years} và dòng "
                   "này được cử từ năm {earliest}"),
           "course": "{course} dài {span} năm, phải bắt đầu chậm nhất năm {latest}"},
    "en": {"row": ("this row must finish by {deadline}: {courses}; the plan's years are {years} and the row may "
                   "start from {earliest}"),
           "course": "{course}: {span} year(s) long, must start by {latest}"},
}


def timing_removed(row: pd.Series, blocked: pd.DataFrame, ev: Evidence) -> str:
    """No course of the row's family, started in a plan year, ends by its deadline: each with its latest start."""
    text = TIMING_TEXT[ev.lang]
    deadline = int(row["deadline_year"])
    by_span = blocked.drop_duplicates("course_id").groupby("span_years", sort=True)["course_id"].apply(list)
    parts = [text["course"].format(course=", ".join(ev.course(c) for c in ids), span=int(span),
                                   latest=deadline - int(span) + 1) for span, ids in by_span.items()]
    return text["row"].format(deadline=deadline, courses=ev.words["and"].join(parts), years=years_text(ev.years),
                              earliest=int(row["earliest_year"]))


# --- full_time_only ---------------------------------------------------------------------------------------------


def full_time_only(candidates: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> np.ndarray:
    """full_time_only: rows so marked get full-time courses only.

    Seed 001: cadres planned for key posts "nhất thiết phải cử đi đào tạo tập trung"; Regulation 57-QĐ/TW as
    restated by provinces (seed 004): part-time study only above an age floor, so younger cadres study full-time.
    """
    return (~candidates["full_time_only"] | (candidates["mode"] == "full_time")).to_numpy(bool)


FULL_TIME_ONLY_TEXT = {"vi": "dòng này chỉ được học hệ tập trung, nhưng {courses} không phải hệ tập trung",
                       "en": "this row may study full-time only, but {courses} is not full-time"}


def full_time_only_removed(row: pd.Series, blocked: pd.DataFrame, ev: Evidence) -> str:
    """The row may study full-time only, and the courses left to it are not full-time."""
    shown = [ev.course(c) for c in blocked["course_id"].drop_duplicates()]
    return FULL_TIME_ONLY_TEXT[ev.lang].format(courses=ev.words["and"].join(shown))


# --- release_limit ----------------------------------------------------------------------------------------------


def in_progress(candidates: pd.DataFrame, years: tuple[int, ...]) -> pd.DataFrame:
    """Full-time candidates repeated for every plan year their course keeps the cadre away: (var, unit_id, year).

    The unit is the one the cadre belongs to in that year (a merged or split unit's rows change hands).
    """
    full_time = np.flatnonzero(candidates["mode"].to_numpy() == "full_time")
    spans = candidates["span_years"].to_numpy()[full_time].astype(int)
    repeated = np.repeat(full_time, spans)
    offsets = np.arange(len(repeated)) - np.repeat(np.cumsum(spans) - spans, spans)
    busy_year = candidates["year"].to_numpy()[repeated] + offsets
    owner = unit_in_year(candidates["unit_id"].to_numpy()[repeated], candidates["former_unit"].to_numpy()[repeated],
                         candidates["change_year"].to_numpy()[repeated], busy_year)
    frame = pd.DataFrame({"var": repeated, "unit_id": owner, "year": busy_year})
    return frame[frame["year"].isin(years)]


def release_limit(space: Space) -> Rows:
    """release_limit: per unit and year, full-time seats in progress ≤ the limit for the unit's kind.

    DOMAIN.md §3 operational limits (assumed; a setting of the scenario): a unit cannot release too many of its
    cadres to full-time study in the same year.
    """
    busy = in_progress(space.candidates, space.scenario.years).assign(coef=1.0)
    keys = busy[["unit_id", "year"]].drop_duplicates().sort_values(["unit_id", "year"])
    kinds = keys["unit_id"].map(space.inputs.units["kind"])
    bounds = keys.assign(name="release_limit[" + keys["unit_id"] + "," + keys["year"].astype(str) + "]",
                         lower=-INF, upper=kinds.map(space.scenario.release_limits).astype(float))
    return Rows.build(bounds, busy, ["unit_id", "year"])


RELEASE_LIMIT_TEXT = {
    "vi": {"unit": ("{course} mở năm {year}, học tập trung {span} năm; {unit} đã có đủ số cán bộ đang học tập trung "
                    "mà loại đơn vị {kind} được phép: {years}"),
           "year": "năm {year}: {seats}/{limit} người"},
    "en": {"unit": ("{course} starting {year} is full-time study for {span} year(s); {unit} already has as many "
                    "cadres in full-time study as its kind ({kind}) allows: {years}"),
           "year": "{year}: {seats} of {limit}"},
}


def release_limit_tight(ev: Evidence) -> pd.DataFrame:
    """In some year the full-time option keeps the cadre away, that year's unit already has its limit in
    full-time study (every such year is listed, under its unit)."""
    text, kind_labels = RELEASE_LIMIT_TEXT[ev.lang], KIND_LABELS[ev.lang]
    years = tuple(ev.scenario.years)
    plan_busy = in_progress(ev.plan, years)
    taken = plan_busy.assign(seats=ev.plan["seats"].to_numpy()[plan_busy["var"].to_numpy()])
    taken = taken.groupby(["unit_id", "year"])["seats"].sum()
    busy = in_progress(ev.mine, years).rename(columns={"var": "position", "year": "busy_year"})
    busy = busy.join(ev.mine[["year", "span_years", "course_id"]], on="position")
    keys = pd.MultiIndex.from_arrays([busy["unit_id"], busy["busy_year"]])
    busy["count"] = taken.reindex(keys, fill_value=0).to_numpy().astype("int64")
    kinds = busy["unit_id"].map(ev.inputs.units["kind"])
    busy["kind"] = kinds.to_numpy()
    busy["limit"] = kinds.map(dict(ev.scenario.release_limits)).astype("int64").to_numpy()
    records = []
    for i, group in busy[busy["count"] >= busy["limit"]].groupby("position", sort=True):
        owner, kind = group["unit_id"].iloc[0], group["kind"].iloc[0]
        listed = "; ".join(text["year"].format(year=int(y), seats=int(s), limit=int(lim))
                           + ("" if u == owner else f" ({ev.unit(u)})")
                           for u, y, s, lim in zip(group["unit_id"], group["busy_year"], group["count"],
                                                   group["limit"]))
        detail = text["unit"].format(course=ev.course(group["course_id"].iloc[0]), year=int(group["year"].iloc[0]),
                                     span=int(group["span_years"].iloc[0]), unit=ev.unit(owner),
                                     kind=kind_labels.get(kind, kind), years=listed)
        records.append((int(i), bool((group["count"] >= group["limit"]).all()), detail))
    return reasons(records)


# --- the registries: every rule once, with all its parts --------------------------------------------------------


BUILDING = {
    Rule.SEAT_CAP: Building(rows=seat_cap, keep=quota_exists, bends=True),
    Rule.CLASS_SIZE: Building(rows=class_size, bends=True),
    Rule.DEMAND_LIMIT: Building(rows=demand_limit),
    Rule.TIMING: Building(keep=timing),
    Rule.FULL_TIME_ONLY: Building(keep=full_time_only),
    Rule.RELEASE_LIMIT: Building(rows=release_limit, bends=True),
    Rule.FROZEN_YEARS: Building(rows=frozen_years),
    Rule.PINNED: Building(rows=pinned),
    Rule.SEPARATE_QUOTAS: Building(rows=separate_quotas),
}

EXPLAINING = {
    Rule.SEAT_CAP: Explaining(removed=seat_cap_removed, tight=seat_cap_tight),
    Rule.CLASS_SIZE: Explaining(tight=class_size_tight),
    Rule.DEMAND_LIMIT: Explaining(tight=demand_limit_tight),
    Rule.TIMING: Explaining(removed=timing_removed),
    Rule.FULL_TIME_ONLY: Explaining(removed=full_time_only_removed),
    Rule.RELEASE_LIMIT: Explaining(tight=release_limit_tight),
    Rule.FROZEN_YEARS: Explaining(tight=frozen_years_tight),
    Rule.PINNED: Explaining(tight=pinned_tight),
    Rule.SEPARATE_QUOTAS: Explaining(tight=separate_quotas_tight),
}

LABELS = {
    Rule.SEAT_CAP: Labels(vi="không còn chỉ tiêu", en="no quota seats left"),
    Rule.CLASS_SIZE: Labels(vi="lớp đã đủ hoặc không mở thêm được lớp", en="classes full or no further class can open"),
    Rule.DEMAND_LIMIT: Labels(vi="dòng đã nhận đủ số người trong danh sách", en="the row has all the seats it lists"),
    Rule.TIMING: Labels(vi="không khóa nào kịp thời hạn", en="no course fits the deadline"),
    Rule.FULL_TIME_ONLY: Labels(vi="chỉ được học hệ tập trung", en="full-time study only"),
    Rule.RELEASE_LIMIT: Labels(vi="đơn vị đã cử tối đa số người học tập trung",
                               en="the unit is at its full-time release limit"),
    Rule.FROZEN_YEARS: Labels(vi="năm đã chốt theo thực tế hoặc đã qua", en="the year is frozen or past"),
    Rule.PINNED: Labels(vi="số chỗ đã được quyết định trước", en="seats decided by the planner"),
    Rule.SEPARATE_QUOTAS: Labels(vi="phần chỉ tiêu của tỉnh cũ đã hết", en="the former province's part is used up"),
}

# Pure filters first: they test a row's own columns, so seat_cap's filter joins fewer candidates to the quota
# lines; and a short row's reasons are named in this order (what removed its options, then what is tight). The
# lists derived at import skip a rule without an entry, so that tests/model/test_rule_registry.py can name what it lacks.
FILTERS_FIRST = tuple(sorted(Rule, key=lambda rule: rule in BUILDING and BUILDING[rule].rows is not None))


def eligible(candidates: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> np.ndarray:
    """True for the candidates (demand row, year, course) that every rule's eligibility filter keeps.

    ``candidates`` needs the demand row's columns and the course's (course_id, family, mode, span_years) and year.
    """
    keep = np.ones(len(candidates), dtype=bool)
    for rule in FILTERS_FIRST:
        test = BUILDING[rule].keep
        if test is not None and keep.any():
            survivors = np.flatnonzero(keep)
            keep[survivors] = test(candidates.iloc[survivors], inputs, scenario)
    return keep
