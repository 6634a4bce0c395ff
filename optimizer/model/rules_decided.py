"""The rules that hold what is already decided rather than what the plan's policy says: the years already trained
or past (``frozen_years``) and the planner's own decisions (``pinned``). Each builds its rows and explains
itself like the policy rules of ``rules``, which lists them in its registries.
"""


from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ..inputs import pins as pin_table
from ..inputs.dataset import unit_in_year
from .registry import INF, Evidence, Rows, Space, reasons

KEY = ["demand_id", "year", "course_id"]


def _no_rows(key: list[str]) -> Rows:
    return Rows.build(pd.DataFrame(columns=[*key, "name", "lower", "upper"]),
                      pd.DataFrame(columns=[*key, "var", "coef"]), key)


# --- frozen_years -----------------------------------------------------------------------------------------------


def frozen_years(space: Space) -> Rows:
    """frozen_years: in a fixed year every (demand row, course) gets exactly its given seats: the actuals table's
    in a frozen year, the reference plan's in a year before plan_from_year.

    Plan 98-KH/TU V (yearly review and adjustment of the plan): when the plan is revised mid-period, the years
    already trained are facts, and the years already past keep the adopted plan, not choices. A given seat that
    the other rules forbid outright becomes a row without variables, which ``solve`` reports as a conflict before
    solving.
    """
    fixed = space.inputs.fixed_years
    if not fixed:
        return _no_rows(KEY)
    cand = space.candidates
    in_fixed = np.flatnonzero(cand["year"].isin(fixed).to_numpy())
    terms = cand.iloc[in_fixed][KEY].reset_index(drop=True).assign(var=in_fixed, coef=1.0)
    given = space.inputs.fixed_seats()
    bounds = terms[KEY].merge(given, on=KEY, how="outer").fillna({"seats": 0})
    bounds = bounds.sort_values(KEY).reset_index(drop=True)
    bounds["name"] = ("frozen_years[" + bounds["demand_id"] + "," + bounds["year"].astype(int).astype(str) + ","
                      + bounds["course_id"] + "]")
    bounds["lower"] = bounds["upper"] = bounds["seats"].astype(float)
    return Rows.build(bounds, terms, KEY)


FROZEN_YEARS_TEXT = {
    "vi": {"actual": "năm {year} đã chốt theo số thực tế: dòng này có {seats} chỗ ở {course} năm đó",
           "past": ("năm {year} đã qua (kế hoạch lập lại từ năm {first}): giữ theo kế hoạch đã giao, dòng này có "
                    "{seats} chỗ ở {course} năm đó")},
    "en": {"actual": "{year} is frozen at the actual figures: this row has {seats} seats in {course} that year",
           "past": ("{year} is past (the plan is made again from {first}): it keeps the adopted plan, where this "
                    "row has {seats} seats in {course} that year")},
}


def frozen_years_tight(ev: Evidence) -> pd.DataFrame:
    """The option's year is fixed: its seats are the actuals or the adopted plan's, whatever the row is short of."""
    fixed = set(ev.inputs.fixed_years)
    if not fixed:
        return reasons([])
    given = ev.inputs.fixed_seats().groupby(KEY)["seats"].sum()
    text, mine = FROZEN_YEARS_TEXT[ev.lang], ev.mine
    return reasons([(i, True, text["actual" if int(year) in ev.inputs.frozen_years else "past"].format(
        year=int(year), course=ev.course(course_id), seats=int(given.get((demand_id, int(year), course_id), 0)),
        first=ev.scenario.plan_from_year))
        for i, (demand_id, year, course_id) in enumerate(zip(mine["demand_id"], mine["year"], mine["course_id"]))
        if int(year) in fixed])


# --- pinned -----------------------------------------------------------------------------------------------------


def pinned_cells(frame: pd.DataFrame, pins: pd.DataFrame) -> pd.DataFrame:
    """Pairs (pin, position): the frame row (demand row, year, course) is in the pin's cell, its unit in that year,
    its year, its course or the course's family. ``frame`` needs unit_id, former_unit, change_year, year,
    course_id and family."""
    cells = pd.DataFrame({"owner": unit_in_year(frame["unit_id"].to_numpy(), frame["former_unit"].to_numpy(),
                                                frame["change_year"].to_numpy(), frame["year"].to_numpy()),
                          "year": frame["year"].astype("int64").to_numpy(), "course_id": frame["course_id"].to_numpy(),
                          "family": frame["family"].to_numpy(), "position": np.arange(len(frame))})
    chosen = pins.reset_index(drop=True)[["unit_id", "course", "year"]].assign(pin=np.arange(len(pins)))
    chosen["year"] = chosen["year"].astype("int64")
    pairs = cells.merge(chosen, left_on=["owner", "year"], right_on=["unit_id", "year"])
    pairs = pairs[(pairs["course"] == pairs["course_id"]) | (pairs["course"] == pairs["family"])]
    return pairs[["pin", "position"]].sort_values(["pin", "position"]).reset_index(drop=True)


def pin_name(pins: pd.DataFrame) -> pd.Series:
    return "pinned[" + pins["unit_id"] + "," + pins["course"] + "," + pins["year"].astype(str) + "]"


def pinned(space: Space) -> Rows:
    """pinned: a planner's decision recorded in the scenario or the data folder's pins.csv: a unit's seats in a
    course (or every course of a family) in one year are exactly ``seats``, or at least ``at_least`` and/or at
    most ``at_most``; the model optimises everything else around it.

    Plan 98-KH/TU V (the plan is reviewed and adjusted): some choices are made by the province, not by the
    model (a cadre already nominated, a unit that cannot send anyone this year). A pin asking for more seats than
    the unit's eligible cadres could ever take is refused before building, naming the pin.
    """
    pins = space.inputs.pins
    if pins is None or pins.empty:
        return _no_rows(["pin"])
    pins = pins.reset_index(drop=True)
    pairs = pinned_cells(space.candidates.reset_index(drop=True), pins)
    check_reach(space.candidates, pins, pairs)
    lower, upper = pin_table.bounds(pins)
    bounds = pd.DataFrame({"pin": np.arange(len(pins)), "name": pin_name(pins).to_numpy(),
                           "lower": lower.astype(float).to_numpy(), "upper": upper.fillna(INF).to_numpy()})
    terms = pd.DataFrame({"pin": pairs["pin"].to_numpy(), "var": pairs["position"].to_numpy(), "coef": 1.0})
    return Rows.build(bounds, terms, ["pin"])


def check_reach(candidates: pd.DataFrame, pins: pd.DataFrame, pairs: pd.DataFrame | None = None) -> None:
    """Refuse, naming it, a pin asking for more seats than the unit's eligible cadres could take that year (the
    candidates every filter kept: timing, full_time_only, a quota line); ``pairs``: ``pinned_cells`` if known."""
    if pins is None or pins.empty:
        return
    pins = pins.reset_index(drop=True)
    pairs = pinned_cells(candidates.reset_index(drop=True), pins) if pairs is None else pairs
    lower, _ = pin_table.bounds(pins)
    # A demand row gives a pin at most its count, whichever of the pin's courses it takes.
    rows = pairs.assign(demand_id=candidates["demand_id"].to_numpy()[pairs["position"].to_numpy()],
                        count=candidates["count"].to_numpy(float)[pairs["position"].to_numpy()])
    most = rows.drop_duplicates(["pin", "demand_id"]).groupby("pin")["count"].sum().reindex(np.arange(len(pins)),
                                                                                             fill_value=0)
    short = np.flatnonzero(lower.to_numpy() > most.to_numpy())
    if len(short):
        pin = pins.loc[short[0]]
        raise InputError(pin_table.place(pin, "seats" if pd.notna(pin["seats"]) else "at_least"),
                         f"{pin['unit_id']} can have at most {int(most[short[0]])} seats of {pin['course']} in "
                         f"{pin['year']} (its cadres of that family whose timing, full-time rule and quota lines "
                         f"allow it), not {int(lower[short[0]])}", "lower the pin, or change the demand or the quota")


PINNED_TEXT = {
    "vi": {"exact": "đúng {n} chỗ", "most": "nhiều nhất {n} chỗ", "least": "ít nhất {n} chỗ",
           "own": "kế hoạch đã quyết định {bound} {course} năm {year} cho {unit}{note}, và số đó đã được dùng hết",
           "other": ("{seats} chỗ {course} năm {year} đã quyết định trước cho {unit} ({bound}{note}), và chỉ tiêu "
                     "{target} năm đó đã dùng hết")},
    "en": {"exact": "exactly {n} seats", "most": "at most {n} seats", "least": "at least {n} seats",
           "own": "the planner decided {bound} of {course} {year} for {unit}{note}, and they are used",
           "other": ("{seats} seats of {course} {year} are decided for {unit} ({bound}{note}), and the quota "
                     "{target} is used up that year")},
}


def _pin_words(pin: pd.Series, ev: Evidence) -> dict[str, str]:
    text = PINNED_TEXT[ev.lang]
    if pd.notna(pin["seats"]):
        bound = text["exact"].format(n=int(pin["seats"]))
    else:
        bound = ", ".join(text[word].format(n=int(pin[column])) for word, column in (("least", "at_least"),
                                                                                     ("most", "at_most"))
                          if pd.notna(pin[column]))
    # The pin is named by what it says and why, not where it was written: a result folder keeps every pin in its
    # own inputs/pins.csv, and a re-solve from there must explain the plan in the same words.
    return {"bound": bound, "course": ev.target(pin["course"]), "year": int(pin["year"]),
            "unit": ev.unit(pin["unit_id"]), "note": pin["note"]}


def _full_quota(ev: Evidence) -> pd.DataFrame:
    """Pairs (position in ``ev.mine``, quota target) where a line with a seats_max covering the option is used up."""
    lines = ev.seat_lines.assign(line=np.arange(len(ev.seat_lines)))[["line", "year", "target", "block", "seats_max"]]
    plan = ev.plan.assign(year=ev.plan["year"].astype("int64"))
    on_line = pd.concat([plan.merge(lines, left_on=["year", "course_id"], right_on=["year", "target"]),
                         plan.merge(lines, left_on=["year", "family"], right_on=["year", "target"])])
    on_line = on_line[(on_line["block_y"] == "all") | (on_line["block_y"] == on_line["block_x"])]
    used = on_line.groupby("line")["seats"].sum().reindex(lines["line"], fill_value=0).to_numpy()
    full = lines[used >= lines["seats_max"].astype(float).to_numpy()]
    mine = ev.mine.assign(position=np.arange(len(ev.mine)), year=ev.mine["year"].astype("int64"))
    covered = pd.concat([mine.merge(full, left_on=["year", "course_id"], right_on=["year", "target"]),
                         mine.merge(full, left_on=["year", "family"], right_on=["year", "target"])])
    covered = covered[(covered["block_y"] == "all") | (covered["block_y"] == covered["block_x"])]
    return covered[["position", "target"]].drop_duplicates("position")


def pinned_tight(ev: Evidence) -> pd.DataFrame:
    """The option lies in a pin's cell whose seats are at the pin's most: the decision stops one more. Or seats
    of the option's course and year are pinned to another unit and the quota there is used up: the decision
    gave them to that unit (binds: the quota is full; the pinned unit's seats are where the option's went)."""
    pins = ev.inputs.pins
    if pins is None or pins.empty or ev.mine.empty:
        return reasons([])
    pins = pins.reset_index(drop=True)
    lower, upper = pin_table.bounds(pins)
    held = pinned_cells(ev.plan, pins).assign(seats=lambda p: ev.plan["seats"].to_numpy()[p["position"].to_numpy()])
    used = held.groupby("pin")["seats"].sum().reindex(np.arange(len(pins)), fill_value=0).to_numpy()
    at_most = upper.notna().to_numpy() & (used >= upper.fillna(0).to_numpy())
    mine = ev.mine.assign(family=ev.mine["course_id"].map(ev.courses["family"]))
    own = pinned_cells(mine, pins)
    text = PINNED_TEXT[ev.lang]
    found: dict[int, list[str]] = {}
    for position, k in zip(own["position"], own["pin"]):
        if at_most[k]:
            words = _pin_words(pins.loc[k], ev)
            found.setdefault(int(position), []).append(text["own"].format(
                **{**words, "note": f" ({words['note']})" if words["note"] else ""}))
    # Pins of other units that hold seats of the option's course (or family) that year, where the quota is full.
    holding = pins.assign(pin=np.arange(len(pins)), used=used)[(lower.to_numpy() > 0) & (used > 0)]
    full = _full_quota(ev)
    if len(holding) and len(full):
        options = mine.assign(position=np.arange(len(mine)), year=mine["year"].astype("int64")).merge(
            full, on="position")
        options = options.assign(owner=unit_in_year(options["unit_id"].to_numpy(), options["former_unit"].to_numpy(),
                                                    options["change_year"].to_numpy(), options["year"].to_numpy()))
        holding = holding.assign(year=holding["year"].astype("int64"))
        pairs = pd.concat([options.merge(holding, left_on=["year", "course_id"], right_on=["year", "course"]),
                           options.merge(holding, left_on=["year", "family"], right_on=["year", "course"])])
        pairs = pairs[pairs["owner"] != pairs["unit_id_y"]].drop_duplicates(["position", "pin"])
        for position, k, target in zip(pairs["position"], pairs["pin"], pairs["target"]):
            words = _pin_words(pins.loc[k], ev)
            found.setdefault(int(position), []).append(text["other"].format(
                seats=int(used[k]), target=ev.target(target),
                **{**words, "note": f"; {words['note']}" if words["note"] else ""}))
    return reasons([(position, True, "; ".join(said)) for position, said in sorted(found.items())])
