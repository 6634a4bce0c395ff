"""Years already past: what a scenario's plan_from_year keeps of the adopted plan, and what re-plans a past year.

A scenario with a reference plan (the one adopted earlier) re-plans only from ``plan_from_year`` (by default the
year of the date it is planned on): the years before it keep the reference plan's seats, unless frozen at actuals
(``frozen:``). ``past_warnings`` records that in the plan warnings of every result; ``replan_warnings`` are the
lines ``validate`` prints when a what-if would change a year already past as if it could still be planned.
"""

from __future__ import annotations

import datetime

from .changes import Change
from .dataset import DataWarning, Inputs
from .scenario import Scenario, plan_date


def _span(years) -> str:
    years = sorted(int(y) for y in years)
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def past_warnings(inputs: Inputs, scenario: Scenario) -> tuple[DataWarning, ...]:
    """One warning when years are fixed at the reference plan: they are past, not re-planned."""
    if not inputs.past_years or inputs.reference is None:
        return ()
    kept = inputs.reference[inputs.reference["year"].isin(inputs.past_years)]
    seats = int(kept["seats"].sum())
    seats_vi = f"{seats:,}".replace(",", ".")  # Vietnamese thousands mark
    return (DataWarning("past_years_kept", _span(inputs.past_years),
                        f"years before plan_from_year {scenario.plan_from_year} are past: they keep the "
                        f"{seats:,} seats of the reference plan and are not re-planned; set "
                        f"plan_from_year to re-plan them",
                        f"các năm trước năm lập lại kế hoạch {scenario.plan_from_year} đã qua: giữ nguyên "
                        f"{seats_vi} chỗ của phương án tham chiếu, không lập lại; sửa plan_from_year nếu muốn lập "
                        f"lại các năm đó"),)


def change_years(change: Change, years: tuple[int, ...]) -> tuple[int, ...]:
    """The plan years whose seats a change can move: a quota change its selected years, a merge or split the
    years from its date, a demand change every year (a row may be trained in any of them)."""
    spec = change.spec
    if change.table == "add_years":
        return tuple(spec["years"])
    if change.table == "caps" and "years" in spec:
        return tuple(y for y in years if y in spec["years"])
    if change.table == "caps" and "from_year" in spec:
        return tuple(y for y in years if y >= spec["from_year"])
    if change.table == "units":
        return tuple(y for y in years if y >= spec["year"])
    return tuple(years)


REPLAN_TEXT = {
    "vi": {"change": ("cảnh báo: thay đổi {key} ({file}) làm thay đổi cả năm {years}, là năm đã qua (ngày lập "
                      "{today}) mà chưa cố định; thêm 'reference:' (kế hoạch đã giao) và 'plan_from_year: {first}' để "
                      "giữ nguyên các năm đã qua"),
           "all": ("cảnh báo: mọi năm của kịch bản ({years}) đều đã qua (ngày lập {today}) nhưng kịch bản không có "
                   "kế hoạch tham chiếu, nên các thay đổi lập lại cả các năm đã thực hiện; thêm 'reference:' (kế "
                   "hoạch đã giao) và 'plan_from_year:' (năm bắt đầu lập lại)")},
    "en": {"change": ("warning: change {key} ({file}) also changes {years}, a year already past ({today}) and not "
                      "fixed; add 'reference:' (the adopted plan) and 'plan_from_year: {first}' to keep past years"),
           "all": ("warning: every year of the scenario ({years}) is already past ({today}) but it has no reference "
                   "plan, so its changes re-plan years already trained; add 'reference:' (the adopted plan) and "
                   "'plan_from_year:' (the first year to plan again)")},
}


def replan_warnings(scenario: Scenario, today: datetime.date | None = None, lang: str = "vi") -> list[str]:
    """One line per way the scenario's changes would re-plan a year already past: a change reaching a past year
    that nothing fixes (actuals, or the reference plan before plan_from_year), or a what-if without a reference
    plan whose years are all past. ``today``: the date to judge by (None: the computer's; the scenario's
    ``today:`` wins)."""
    if not scenario.changes:
        return []
    text, date = REPLAN_TEXT[lang], plan_date(scenario.today, today)
    fixed = set(scenario.frozen.years if scenario.frozen is not None else ())
    if scenario.reference is not None:
        fixed |= set(scenario.past_years)
    past = [y for y in scenario.years if y < date.year and y not in fixed]
    if not past:
        return []
    if scenario.reference is None and all(y < date.year for y in scenario.years):
        return [text["all"].format(years=_span(scenario.years), today=date.isoformat())]
    first = min(max(date.year, scenario.years[0]), scenario.years[-1])
    found = []
    for change in scenario.changes:
        touched = [y for y in change_years(change, scenario.years) if y in past]
        if touched:
            found.append(text["change"].format(key=change.key, file=change.file, years=", ".join(map(str, touched)),
                                               today=date.isoformat(), first=first))
    return found
