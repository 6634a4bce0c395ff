"""Solver-free checker: re-verifies every rule of the model on an allocation table, with plain pandas.

It shares no code with the model builder (it takes from ``rules`` only the names of the rules and which of them
an elastic solve may bend): each ``<rule>`` function below re-reads the input tables and returns the violations it
finds as a table (empty when the rule holds). ``CHECKING`` lists them, one per ``Rule``; ``check_allocation`` runs
them in the order of ``Rule`` (then, when the data names its cadres, ``nominations.check_nominations`` on the
plan's named seats), and ``check_result`` after every solve, which also recomputes every stage value from the
allocation and raises ``CheckFailure`` on any disagreement.
"""


from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CheckFailure
from ..inputs.dataset import Inputs, unit_in_year
from ..inputs.scenario import Scenario
from .nominations import check_nominations, nominate
from .objectives import stage_specs, stage_value
from .plan import Result
from .rules import BUILDING, Rule
from .rules_area import quota_parts, unit_areas

VIOLATION_COLUMNS = ["rule", "subject", "detail"]


def _violations(rule: Rule, subjects, details) -> pd.DataFrame:
    return pd.DataFrame({"rule": rule.value, "subject": list(subjects), "detail": list(details)},
                        columns=VIOLATION_COLUMNS)


def enrich(allocation: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
    """Allocation rows (demand_id, year, course_id, seats) with the attributes of their row, course and unit."""
    rows = allocation.merge(inputs.demand, left_on="demand_id", right_index=True, how="left")
    courses = inputs.courses.rename(columns={"family": "course_family"})[["course_family", "mode", "span_years"]]
    rows = rows.merge(courses, left_on="course_id", right_index=True, how="left")
    rows["kind"] = rows["unit_id"].map(inputs.units["kind"])
    return rows


def _line_seats(rows: pd.DataFrame, caps: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """Seats on each quota line (indexed like ``caps``), and which rows some line with a seats_max covers.

    A row counts towards a line of its year whose target is its course or its course's family, in the line's block
    or in a line for all blocks; matched by merges, so the cost grows with rows plus lines, not their product."""
    lines = caps.reset_index(drop=True)[["year", "target", "block", "seats_max"]]
    lines = lines.rename(columns={"block": "line_block"})
    lines["line"] = np.arange(len(lines))
    found = rows[["year", "course_id", "course_family", "block", "seats"]].reset_index(drop=True)
    found["position"] = np.arange(len(found))
    pairs = pd.concat([found.merge(lines, left_on=["year", "course_id"], right_on=["year", "target"]),
                       found.merge(lines, left_on=["year", "course_family"], right_on=["year", "target"])])
    pairs = pairs.drop_duplicates(["line", "position"])
    pairs = pairs[(pairs["line_block"] == "all") | (pairs["line_block"] == pairs["block"])]
    seats = pairs.groupby("line")["seats"].sum().reindex(np.arange(len(lines)), fill_value=0)
    covered = np.zeros(len(found), dtype=bool)
    covered[pairs.loc[pairs["seats_max"].notna(), "position"].to_numpy(dtype=np.int64)] = True
    return seats, covered


def _beyond_limits(caps: pd.DataFrame, counts: np.ndarray, what: str, subject, note) -> tuple[list, list]:
    """(subjects, details) of the quota lines whose count of ``what`` (seats or classes) is above the line's
    ``<what>_max`` or below its ``<what>_min``; ``subject(line)`` names the line, ``note(line)`` ends the detail."""
    subjects, details = [], []
    for cap, n in zip(caps.itertuples(), counts):
        most, least = getattr(cap, f"{what}_max"), getattr(cap, f"{what}_min")
        if pd.notna(most) and n > most:
            subjects.append(subject(cap)), details.append(f"{n} {what} > {what}_max {most}{note(cap)}")
        if pd.notna(least) and n < least:
            subjects.append(subject(cap)), details.append(f"{n} {what} < {what}_min {least}{note(cap)}")
    return subjects, details


def seat_cap(rows: pd.DataFrame, classes: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> pd.DataFrame:
    """seat_cap: seats of each quota line within [seats_min, seats_max]; no seats where no quota line applies."""
    caps = inputs.caps[inputs.caps["year"].isin(scenario.years)]
    line_seats, covered = _line_seats(rows, caps)
    subjects, details = _beyond_limits(caps, line_seats.to_numpy(dtype=np.int64), "seats",
                                       lambda cap: f"{cap.target}/{cap.block}/{cap.year}",
                                       lambda cap: f" ({cap.source})")
    for row in rows[~covered].itertuples():
        subjects.append(f"{row.course_id}/{row.block}/{row.year}")
        details.append(f"{row.seats} seats for {row.demand_id} where no quota line gives seats")
    return _violations(Rule.SEAT_CAP, subjects, details)


def class_size(rows: pd.DataFrame, classes: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> pd.DataFrame:
    """class_size: whole classes within the class limits, and each class filled within its size range."""
    courses = inputs.courses
    with_classes = courses[courses["class_size_max"].notna()]
    seats = rows.groupby(["course_id", "year"])["seats"].sum()
    declared = (classes.set_index(["course_id", "year"])["classes"] if len(classes)
                else pd.Series(dtype="int64", index=pd.MultiIndex.from_tuples([], names=["course_id", "year"])))
    grid = pd.MultiIndex.from_product([with_classes.index, list(scenario.years)], names=["course_id", "year"])
    table = grid.to_frame(index=False)
    table["seats"] = seats.reindex(grid, fill_value=0).to_numpy(dtype=np.int64)
    table["classes"] = declared.reindex(grid).to_numpy(dtype=float)
    table["size_min"] = table["course_id"].map(with_classes["class_size_min"]).astype(int)
    table["size_max"] = table["course_id"].map(with_classes["class_size_max"]).astype(int)
    table["low"], table["high"] = table["classes"] * table["size_min"], table["classes"] * table["size_max"]
    missing = table["classes"].isna()
    misfit = ~missing & ((table["seats"] < table["low"]) | (table["seats"] > table["high"]))
    subjects, details = [], []
    for row in table[missing | misfit].itertuples():
        subjects.append(f"{row.course_id}/{row.year}")
        if pd.isna(row.classes):
            details.append("no class count given for a course with classes")
        else:
            details.append(f"{row.seats} seats do not fit {int(row.classes)} classes of {row.size_min}–{row.size_max} "
                           f"({int(row.low)}–{int(row.high)})")
    stray = declared[~declared.index.get_level_values("course_id").isin(with_classes.index) & (declared > 0)]
    for course_id, year in stray.index:
        subjects.append(f"{course_id}/{year}"), details.append("classes declared for a course without classes")
    caps = inputs.caps[inputs.caps["year"].isin(scenario.years)]
    caps = caps[caps["classes_min"].notna() | caps["classes_max"].notna()].reset_index(drop=True)
    if len(caps):
        # A line counts the classes of its course, or of every course of its family that has classes.
        members = pd.concat([pd.DataFrame({"target": with_classes.index, "course_id": with_classes.index}),
                             pd.DataFrame({"target": with_classes["family"].to_numpy(),
                                           "course_id": with_classes.index})]).drop_duplicates()
        counted = (caps[["year", "target"]].assign(line=np.arange(len(caps))).merge(members, on="target")
                   .merge(declared.rename("classes").reset_index(), on=["course_id", "year"]))
        per_line = counted.groupby("line")["classes"].sum().reindex(np.arange(len(caps)), fill_value=0)
        beyond = _beyond_limits(caps, per_line.to_numpy(dtype=np.int64), "classes",
                                lambda cap: f"{cap.target}/{cap.year}", lambda cap: "")
        subjects += beyond[0]
        details += beyond[1]
    return _violations(Rule.CLASS_SIZE, subjects, details)


def demand_limit(rows: pd.DataFrame, classes: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> pd.DataFrame:
    """demand_limit: a demand row gets at most `count` seats over the horizon (and only whole, positive seats)."""
    unknown = rows[rows["unit_id"].isna()]
    bad = rows[(rows["seats"] <= 0) | (rows["seats"] % 1 != 0)]
    total = rows.dropna(subset=["unit_id"]).groupby("demand_id")["seats"].sum()
    over = total[total > inputs.demand["count"].reindex(total.index)]
    return pd.concat([
        _violations(Rule.DEMAND_LIMIT, unknown["demand_id"],
                    ["seats for a demand row that does not exist"] * len(unknown)),
        _violations(Rule.DEMAND_LIMIT, bad["demand_id"], [f"{s} is not a positive whole number of seats"
                                                          for s in bad["seats"]]),
        _violations(Rule.DEMAND_LIMIT, over.index,
                    [f"{s} seats > count {inputs.demand.at[d, 'count']}" for d, s in over.items()]),
    ], ignore_index=True)


def timing(rows: pd.DataFrame, classes: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> pd.DataFrame:
    """timing: seats only in plan years y with earliest_year ≤ y and y + span − 1 ≤ deadline_year."""
    finish = rows["year"] + rows["span_years"] - 1
    bad = rows[(rows["year"] < rows["earliest_year"]) | (finish > rows["deadline_year"])
               | ~rows["year"].isin(scenario.years)]
    return _violations(Rule.TIMING, bad["demand_id"] + "/" + bad["year"].astype(str) + "/" + bad["course_id"],
                       [f"course starting {r.year} ends {r.year + r.span_years - 1}; row allows "
                        f"{r.earliest_year}–{r.deadline_year} within plan years" for r in bad.itertuples()])


def full_time_only(rows: pd.DataFrame, classes: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> pd.DataFrame:
    """full_time_only: such rows only in full-time courses; every row only in courses of its own family."""
    part_time = rows[rows["full_time_only"].astype(bool) & (rows["mode"] != "full_time")]
    wrong_family = rows[rows["course_family"] != rows["family"]]
    return pd.concat([
        _violations(Rule.FULL_TIME_ONLY, part_time["demand_id"] + "/" + part_time["course_id"],
                    ["a full-time-only row placed in a course that is not full-time"] * len(part_time)),
        _violations(Rule.FULL_TIME_ONLY, wrong_family["demand_id"] + "/" + wrong_family["course_id"],
                    [f"row of family {r.family} placed in a course of family {r.course_family}"
                     for r in wrong_family.itertuples()]),
    ], ignore_index=True)


def release_limit(rows: pd.DataFrame, classes: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> pd.DataFrame:
    """release_limit: full-time seats in progress per unit and year ≤ the limit of the unit's kind."""
    full = rows[rows["mode"] == "full_time"]
    busy = pd.concat([full.assign(busy_year=full["year"] + k) for k in range(int(full["span_years"].max()))]
                     if len(full) else [full.assign(busy_year=full["year"])])
    busy = busy[(busy["busy_year"] < busy["year"] + busy["span_years"]) & busy["busy_year"].isin(scenario.years)]
    busy = busy.assign(unit_id=unit_in_year(busy["unit_id"], busy["former_unit"], busy["change_year"],
                                            busy["busy_year"]))
    per_unit = busy.groupby(["unit_id", "busy_year"])["seats"].sum()
    limits = pd.Series([scenario.release_limits[inputs.units.at[u, "kind"]] for u, _ in per_unit.index],
                       index=per_unit.index, dtype="int64")
    over = per_unit[per_unit > limits]
    return _violations(Rule.RELEASE_LIMIT, [f"{u}/{y}" for u, y in over.index],
                       [f"{s} full-time seats > limit {limits[k]}" for k, s in over.items()])


def frozen_years(rows: pd.DataFrame, classes: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> pd.DataFrame:
    """frozen_years: in each fixed year the seats equal the given ones (actuals; the reference plan in a year
    before plan_from_year), triple by triple."""
    if not inputs.fixed_years:
        return _violations(Rule.FROZEN_YEARS, [], [])
    key = ["demand_id", "year", "course_id"]
    planned = rows.loc[rows["year"].isin(inputs.fixed_years), key + ["seats"]]
    given = inputs.fixed_seats()
    both = planned.merge(given[key + ["seats"]], on=key, how="outer", suffixes=("", "_actual")).fillna(0)
    wrong = both[both["seats"] != both["seats_actual"]]
    source = {y: "the actuals" if y in inputs.frozen_years else "the reference plan" for y in inputs.fixed_years}
    return _violations(Rule.FROZEN_YEARS, wrong["demand_id"] + "/" + wrong["year"].astype(int).astype(str) + "/"
                       + wrong["course_id"], [f"{int(r.seats)} seats, but {source[int(r.year)]} say "
                                              f"{int(r.seats_actual)}" for r in wrong.itertuples()])


def pinned(rows: pd.DataFrame, classes: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> pd.DataFrame:
    """pinned: each pin's seats (its unit's in that year, in its course or any course of its family) within the
    pin: exactly ``seats``, or at least ``at_least`` and at most ``at_most``."""
    pins = inputs.pins
    if pins is None or pins.empty:
        return _violations(Rule.PINNED, [], [])
    owner = unit_in_year(rows["unit_id"], rows["former_unit"], rows["change_year"], rows["year"])
    held = pd.DataFrame({"unit_id": owner, "year": rows["year"].astype("int64").to_numpy(),
                         "seats": rows["seats"].to_numpy()})
    per_course = held.assign(course=rows["course_id"].to_numpy()).groupby(["unit_id", "year", "course"])["seats"].sum()
    per_family = held.assign(course=rows["course_family"].to_numpy()).groupby(["unit_id", "year", "course"])[
        "seats"].sum()
    subjects, details = [], []
    for pin in pins.itertuples(index=False):
        at = (pin.unit_id, int(pin.year), pin.course)
        seats = int(per_course.get(at, 0) if pin.course in inputs.courses.index else per_family.get(at, 0))
        least = pin.seats if pd.notna(pin.seats) else (pin.at_least if pd.notna(pin.at_least) else 0)
        most = pin.seats if pd.notna(pin.seats) else pin.at_most
        where = pin.key or f"{pin.file}:{pin.line}"
        if seats < least or (pd.notna(most) and seats > most):
            said = (f"exactly {pin.seats}" if pd.notna(pin.seats) else
                    " and ".join(f"{word} {value}" for word, value in (("at least", pin.at_least),
                                                                        ("at most", pin.at_most)) if pd.notna(value)))
            subjects.append(f"{pin.unit_id}/{pin.course}/{pin.year}")
            details.append(f"{seats} seats, but the pin ({where}) says {said}")
    return _violations(Rule.PINNED, subjects, details)


def separate_quotas(rows: pd.DataFrame, classes: pd.DataFrame, inputs: Inputs, scenario: Scenario) -> pd.DataFrame:
    """separate_quotas: where quotas are split by area, each area's seats on a quota line are at most its part."""
    parts = quota_parts(inputs, scenario)
    if parts.empty:
        return _violations(Rule.SEPARATE_QUOTAS, [], [])
    found = pd.DataFrame({"year": rows["year"].astype("int64").to_numpy(), "course_id": rows["course_id"].to_numpy(),
                          "family": rows["course_family"].to_numpy(), "block": rows["block"].to_numpy(),
                          "area": rows["unit_id"].map(unit_areas(inputs.units, scenario.separate_quotas_by)).to_numpy(),
                          "seats": rows["seats"].to_numpy(), "position": np.arange(len(rows))})
    lines = parts[["line", "year", "target", "block", "area", "part"]].rename(columns={"block": "line_block"})
    on_line = pd.concat([found.merge(lines, left_on=["year", "course_id", "area"], right_on=["year", "target", "area"]),
                         found.merge(lines, left_on=["year", "family", "area"], right_on=["year", "target", "area"])])
    # A row counts once on a line, also where its course and its family have the same name.
    on_line = on_line.drop_duplicates(["line", "position"])
    on_line = on_line[(on_line["line_block"] == "all") | (on_line["line_block"] == on_line["block"])]
    seats = on_line.groupby(["line", "area"])["seats"].sum()
    held = parts.assign(seats=seats.reindex(pd.MultiIndex.from_frame(parts[["line", "area"]]), fill_value=0)
                        .to_numpy(dtype=np.int64))
    over = held[held["seats"] > held["part"]]
    return _violations(Rule.SEPARATE_QUOTAS,
                       over["target"] + "/" + over["block"] + "/" + over["year"].astype(str) + "/" + over["area"],
                       [f"{int(r.seats)} seats > the area's part {int(r.part)} of {int(r.seats_max)}"
                        for r in over.itertuples()])


CHECKING = {
    Rule.SEAT_CAP: seat_cap,
    Rule.CLASS_SIZE: class_size,
    Rule.DEMAND_LIMIT: demand_limit,
    Rule.TIMING: timing,
    Rule.FULL_TIME_ONLY: full_time_only,
    Rule.RELEASE_LIMIT: release_limit,
    Rule.FROZEN_YEARS: frozen_years,
    Rule.PINNED: pinned,
    Rule.SEPARATE_QUOTAS: separate_quotas,
}
# The names of the checked rules, in the order their violations are reported (summary.json "checked_rules").
CHECKS = tuple(rule.value for rule in Rule)


def check_allocation(allocation: pd.DataFrame, classes: pd.DataFrame, inputs: Inputs,
                     scenario: Scenario) -> pd.DataFrame:
    """Every rule's violations, in one table (empty when the allocation obeys every rule)."""
    rows = enrich(allocation, inputs)
    found = [CHECKING[rule](rows, classes, inputs, scenario) for rule in Rule]
    if inputs.cadres is not None:  # named cadres: the plan's seats given to them must suit each one
        found.append(check_nominations(nominate(allocation, inputs), allocation, inputs))
    return pd.concat(found, ignore_index=True)


def recomputed_stage_values(allocation: pd.DataFrame, inputs: Inputs, scenario: Scenario,
                            classes: pd.DataFrame | None = None,
                            names: tuple[str, ...] | None = None) -> dict[str, int]:
    """Every stage's value (or only the stages ``names``) recomputed from the allocation."""
    specs = stage_specs(list(inputs.tiers.index), reference=inputs.reference is not None)
    return {spec.name: stage_value(spec, allocation, inputs.demand, scenario.years[0], classes, inputs.reference)
            for spec in specs if names is None or spec.name in names}


# Rules an elastic solve may bend (a quota, a class, a release limit); the others hold in every plan. A tuple of
# names, so that a row name can be tested with str.startswith.
SOFT_RULES = tuple(rule.value for rule in Rule if rule in BUILDING and BUILDING[rule].bends)


def check_result(result: Result, bendable: tuple[str, ...] = ()) -> pd.DataFrame:
    """Raise CheckFailure if any rule is broken (other than the ``bendable`` ones, which an elastic solve may
    bend) or any reported stage value does not recompute; return the bent rules' violations."""
    violations = check_allocation(result.allocation, result.classes, result.inputs, result.scenario)
    bent = violations["rule"].isin(bendable)
    problems = [f"{v.rule}[{v.subject}]: {v.detail}" for v in violations[~bent].itertuples()]
    recomputed = recomputed_stage_values(result.allocation, result.inputs, result.scenario, result.classes,
                                         tuple(stage.name for stage in result.stages))
    maximised = {spec.name: spec.maximise for spec in stage_specs(list(result.inputs.tiers.index),
                                                                  reference=result.inputs.reference is not None)}
    for stage in result.stages:
        if stage.name not in recomputed:  # the elastic stage: its slack lives in the model, not the plan
            continue
        value = recomputed[stage.name]
        if stage.optimal and value != stage.value:
            problems.append(f"{stage.name}: solver reports {stage.value}, allocation gives {value}")
        if not stage.optimal and (value < stage.value if maximised[stage.name] else value > stage.value):
            problems.append(f"{stage.name}: allocation gives {value}, worse than the fixed {stage.value}")
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise CheckFailure(f"the checker found {len(problems)} problem(s) in the solver's plan (a bug): {shown}")
    return violations[bent].reset_index(drop=True)
