"""explain: every short demand row gets the rules that stop one more seat, with numbers, each checked to bind.

One tiny instance per reason, solved for real; then the bundled scenario, where every short row must be explained
and every hard rule named must be tight in the plan (re-derived here with the checker's own helpers)."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
import yaml
from tiny import allocation, cap, course, demand, unit, write_instance

from optimizer import api
from optimizer.model import checks
from optimizer.model.explain import COLUMNS, HARD_RULES, explain, summary_sentences
from optimizer.model.plan import Status
from optimizer.model.staged import solve

ONE_YEAR = (2023,)
BASELINE = "scenarios/baseline.yaml"


def solved(tmp_path, **tables):
    inputs, scenario = write_instance(tmp_path, **tables)
    result = solve(inputs, scenario)
    assert result.status is Status.OPTIMAL
    return result


def explained(result, **options) -> pd.DataFrame:
    return explain(result.allocation, result.classes, result.inputs, result.scenario, **options)


def reasons_of(table: pd.DataFrame, demand_id: str, rule: str) -> pd.DataFrame:
    return table[(table["demand_id"] == demand_id) & (table["rule"] == rule)]


# --- seat_cap -----------------------------------------------------------------------------------------------------


@pytest.fixture
def tiered(tmp_path):
    """Six seats for two rows of five: the tier-one row takes five, the tier-two row gets one and is 4 short."""
    return solved(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_tt", seats_max=6)],
                  demand=[demand("u1.a", "u1", 5, deadline=2023), demand("u2.a", "u2", 5, tier="t2", deadline=2023)])


def test_seat_cap_names_the_full_quota_line_and_where_its_seats_went(tiered):
    table = explained(tiered)
    assert list(table.columns) == COLUMNS
    assert set(table["demand_id"]) == {"u2.a"}  # u1.a got all it asked for: nothing to explain
    row = reasons_of(table, "u2.a", "seat_cap").iloc[0]
    assert (row["count"], row["allocated"], row["short"], row["year"], row["course_id"]) == (5, 1, 4, 2023, "cc_tt")
    assert bool(row["binds"])
    assert "6 chỗ" in row["detail"] and "Course cc_tt" in row["detail"]
    assert "Tier one 5, Tier two 1" in row["detail"]
    assert set(table["rule"]) == {"seat_cap"}


def test_seat_cap_shortage_shared_in_one_tier_explains_both_rows(tmp_path):
    """Demand 5 + 5 in one tier for 6 seats: fairness gives 3 and 3, and both rows are short by seat_cap."""
    result = solved(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_tt", seats_max=6)],
                    demand=[demand("u1.a", "u1", 5, deadline=2023), demand("u2.a", "u2", 5, deadline=2023)])
    table = explained(result)
    assert sorted(table["demand_id"]) == ["u1.a", "u2.a"]
    assert (table["rule"] == "seat_cap").all() and table["binds"].all()
    assert table["detail"].str.contains("Tier one 6").all()


# --- rows without any option ----------------------------------------------------------------------------------


def test_timing_explains_a_row_whose_deadline_no_course_can_meet(tmp_path):
    """Both courses take 24 months; a row due in 2023 would have had to start by 2022, before the plan begins."""
    result = solved(tmp_path, years=ONE_YEAR,
                    courses=[course("cc_tt", "full_time", months=24), course("cc_pt", "part_time", months=24)],
                    caps=[cap(2023, "cc_tt", seats_max=10), cap(2023, "cc_pt", seats_max=100)],
                    demand=[demand("u1.a", "u1", 3, deadline=2023)])
    table = explained(result)
    assert list(table["rule"]) == ["timing"]
    row = table.iloc[0]
    assert bool(row["binds"]) and pd.isna(row["year"]) and pd.isna(row["course_id"])
    assert "2022" in row["detail"] and "2023" in row["detail"] and "2 năm" in row["detail"]


def test_timing_alone_is_named_when_the_course_without_quota_would_not_fit_either(tmp_path):
    """cc_tt has no quota line, but a quota would not help: it is too long as well. Only timing is in the way."""
    result = solved(tmp_path, years=ONE_YEAR,
                    courses=[course("cc_tt", "full_time", months=24), course("cc_pt", "part_time", months=24)],
                    caps=[cap(2023, "cc_pt", seats_max=100)], demand=[demand("u1.a", "u1", 3, deadline=2023)])
    assert list(explained(result)["rule"]) == ["timing"]


def test_full_time_only_explains_a_row_when_only_a_part_time_course_has_seats(tmp_path):
    result = solved(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_pt", seats_max=100)],
                    demand=[demand("u1.ft", "u1", 5, deadline=2023, full_time_only=True)])
    table = explained(result)
    row = reasons_of(table, "u1.ft", "full_time_only").iloc[0]
    assert bool(row["binds"]) and "Course cc_pt" in row["detail"]
    # The full-time course has no quota line at all, which is the other way out that is closed.
    cap_row = reasons_of(table, "u1.ft", "seat_cap").iloc[0]
    assert bool(cap_row["binds"]) and "Course cc_tt" in cap_row["detail"] and "2023" in cap_row["detail"]
    assert set(table["rule"]) == {"full_time_only", "seat_cap"}


# --- class_size ---------------------------------------------------------------------------------------------------


def test_class_size_at_classes_max(tmp_path):
    """One class of 40–60 allowed, 70 eligible: 60 seats, 10 short, because the only class is full."""
    result = solved(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_pt", seats_max=200, classes_max=1)],
                    demand=[demand("u1.a", "u1", 70, deadline=2023)])
    table = explained(result)
    row = reasons_of(table, "u1.a", "class_size").iloc[0]
    assert (row["short"], row["course_id"]) == (10, "cc_pt") and bool(row["binds"])
    assert "1 lớp × 60 = 60" in row["detail"] and "tối đa 1 lớp" in row["detail"]
    assert set(table["rule"]) == {"class_size"}


def test_class_size_when_a_second_class_could_not_be_filled(tmp_path):
    """No class limit, 70 eligible: one class of 60; a second needs 80 in all, 20 more, but only 10 are left."""
    result = solved(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_pt", seats_max=200)],
                    demand=[demand("u1.a", "u1", 70, deadline=2023)])
    table = explained(result, lang="en")
    row = reasons_of(table, "u1.a", "class_size").iloc[0]
    assert row["allocated"] == 60 and bool(row["binds"])
    assert "at least 40" in row["detail"] and "20 more" in row["detail"] and "only 10 can be added" in row["detail"]


def test_class_size_when_too_few_are_eligible_for_a_first_class(tmp_path):
    """30 eligible cadres cannot fill a class of 40: no class, 30 short."""
    result = solved(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_pt", seats_max=100)],
                    demand=[demand("u1.a", "u1", 30, deadline=2023)])
    row = reasons_of(explained(result), "u1.a", "class_size").iloc[0]
    assert row["short"] == 30 and bool(row["binds"])
    assert "chưa mở lớp" in row["detail"] and "40" in row["detail"] and "30" in row["detail"]


# --- release_limit ------------------------------------------------------------------------------------------------


def test_release_limit_when_the_unit_already_has_its_limit_in_full_time_study(tmp_path):
    result = solved(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_tt", seats_max=100)],
                    demand=[demand("u1.ft", "u1", 2, deadline=2023, full_time_only=True)],
                    release_limits={"district": 1})
    table = explained(result)
    row = reasons_of(table, "u1.ft", "release_limit").iloc[0]
    assert (row["allocated"], row["short"]) == (1, 1) and bool(row["binds"])
    assert "Unit u1" in row["detail"] and "1/1" in row["detail"]
    assert set(table["rule"]) == {"release_limit"}


def scenario_with(tmp_path, extra: dict, **tables):
    """A tiny instance whose scenario also carries ``extra`` keys (frozen, units, …), loaded through the API."""
    write_instance(tmp_path, **tables)
    path = tmp_path / "what_if.yaml"
    path.write_text(yaml.safe_dump({"extends": "scenario.yaml", **extra}), encoding="utf-8")
    return api.load(path)


def test_release_limit_counts_a_seat_for_the_unit_of_that_year_after_a_merge(tmp_path):
    """u2 merges into u1 in 2024: the u2 row's 2023 option is blocked by u2's own limit, its 2024 one by u1's."""
    case = scenario_with(tmp_path, {"units": [{"merge": "u2", "into": "u1", "date": 2024}]},
                         units=[unit("u1", "district"), unit("u2", "district")], release_limits={"district": 1},
                         caps=[cap(y, "cc_tt", seats_max=10) for y in (2023, 2024)],
                         demand=[demand("u1.a", "u1", 5), demand("u2.a", "u2", 5)])
    result = api.solve(case)
    rows = reasons_of(explained(result, lang="en"), "u2.a", "release_limit").set_index("year")
    assert rows["binds"].all()
    assert "Unit u2" in rows.at[2023, "detail"] and "2023: 1 of 1" in rows.at[2023, "detail"]
    assert "Unit u1" in rows.at[2024, "detail"] and "2024: 1 of 1" in rows.at[2024, "detail"]


# --- frozen_years, priority ---------------------------------------------------------------------------------------


def test_frozen_years_explains_an_option_fixed_at_the_actuals(tmp_path):
    """2023 is frozen at 1 seat though its quota has room; 2024's single seat is used: 2 of 5."""
    (tmp_path / "actuals.csv").write_text("demand_id,year,course_id,seats\nu1.a,2023,cc_tt,1\n", encoding="utf-8")
    case = scenario_with(tmp_path, {"frozen": {"actuals": "actuals.csv", "years": [2023]}},
                         caps=[cap(2023, "cc_tt", seats_max=10), cap(2024, "cc_tt", seats_max=1)],
                         demand=[demand("u1.a", "u1", 5)])
    table = explained(api.solve(case))
    frozen = reasons_of(table, "u1.a", "frozen_years")
    assert list(frozen["year"]) == [2023] and frozen["binds"].all() and "1 chỗ" in frozen["detail"].iloc[0]
    assert list(reasons_of(table, "u1.a", "seat_cap")["year"]) == [2024]
    assert "priority" not in set(table["rule"])


def test_priority_is_the_reason_only_where_no_rule_is_tight(tmp_path):
    """A hand-made plan that leaves quota unused is not optimal: its short row gets priority, binds False."""
    inputs, scenario = write_instance(tmp_path, years=ONE_YEAR, caps=[cap(2023, "cc_tt", seats_max=10)],
                                      demand=[demand("u1.a", "u1", 5, deadline=2023)])
    table = explain(allocation([("u1.a", 2023, "cc_tt", 2)]), pd.DataFrame(columns=["course_id", "year", "classes"]),
                    inputs, scenario)
    assert list(table["rule"]) == ["priority"] and not table["binds"].any()
    assert "2 chỗ" in table["detail"].iloc[0] and "Tier one 2" in table["detail"].iloc[0]


# --- filtering, languages, sentences ------------------------------------------------------------------------------


def test_unit_filter_keeps_only_that_units_rows(tiered):
    assert set(explained(tiered, unit="u2")["demand_id"]) == {"u2.a"}
    assert explained(tiered, unit="u1").empty
    assert list(explained(tiered, unit="u1").columns) == COLUMNS
    with pytest.raises(ValueError, match="unknown unit"):
        explained(tiered, unit="nowhere")


def test_summary_sentences_in_both_languages(tiered):
    vi = summary_sentences(explained(tiered), tiered.inputs)
    assert vi == ["Unit u2, Cao cấp, nhóm Tier two (Khối Đảng): được 1/5 chỗ; thiếu 4 vì: không còn chỉ tiêu "
                  "(seat_cap) ở Course cc_tt năm 2023."]
    en = summary_sentences(explained(tiered, lang="en"), tiered.inputs, lang="en")
    assert en == ["Unit u2, Cao cấp, Tier two (Party block): got 1 of 5 seats; 4 short because: no quota seats left "
                  "(seat_cap) in Course cc_tt 2023."]
    detail = explained(tiered, lang="en")["detail"].iloc[0]
    assert detail.startswith("All 6 seats of the quota Course cc_tt 2023 (at most 6) went to: Tier one 5, Tier two 1")
    with pytest.raises(ValueError):
        explained(tiered, lang="fr")


# --- the bundled scenario -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    result = api.solve(BASELINE)
    started = time.perf_counter()
    table = explain(result.allocation, result.classes, result.inputs, result.scenario)
    return result, table, time.perf_counter() - started


def test_bundled_every_short_row_is_explained_quickly(bundled):
    result, table, seconds = bundled
    assert seconds < 10
    got = result.allocation.groupby("demand_id")["seats"].sum()
    demand = result.inputs.demand
    short = set(demand.index[demand["count"] > got.reindex(demand.index, fill_value=0)])
    assert set(table["demand_id"]) == short
    hard = table[table["rule"].isin(HARD_RULES)]
    assert hard["binds"].all()
    # An optimal plan leaves no short row where nothing but priority is in the way.
    only_priority = table.groupby("demand_id")["rule"].agg(lambda rules: set(rules) == {"priority"})
    assert not only_priority.any()
    assert len(summary_sentences(table, result.inputs)) == len(short)


def _covers(rows: pd.DataFrame, line) -> np.ndarray:
    """The rows a quota line counts: its year, its course or family, its block (or all blocks)."""
    return ((rows["year"] == line.year) & ((rows["course_id"] == line.target) | (rows["course_family"] == line.target))
            & ((line.block == "all") | (rows["block"] == line.block))).to_numpy()


def test_bundled_seat_cap_and_class_size_reasons_recompute_with_the_checker(bundled):
    """Each seat_cap option is covered by a quota line whose seats (summed over the rows it covers) equal its maximum;
    each class_size option is a course whose classes are full (seats = classes × class_size_max)."""
    result, table, _ = bundled
    rows = checks.enrich(result.allocation, result.inputs)
    caps = result.inputs.caps
    caps = caps[caps["year"].isin(result.scenario.years) & caps["seats_max"].notna()]
    options = table[table["rule"] == "seat_cap"].merge(result.inputs.demand[["block"]], left_on="demand_id",
                                                        right_index=True)
    options = options.drop_duplicates(["year", "course_id", "block"]).reset_index(drop=True)
    options["course_family"] = options["course_id"].map(result.inputs.courses["family"])
    options["year"] = options["year"].astype("int64")
    covered = pd.Series(False, index=options.index)
    for line in caps.itertuples():
        if int(rows.loc[_covers(rows, line), "seats"].sum()) >= line.seats_max:
            covered |= _covers(options, line)
    assert covered.all(), options[~covered]
    sizes = result.inputs.courses["class_size_max"]
    classes = result.classes.set_index(["course_id", "year"])
    seats = result.allocation.groupby(["course_id", "year"])["seats"].sum()
    for option in table[table["rule"] == "class_size"].drop_duplicates(["year", "course_id"]).itertuples():
        key = (option.course_id, int(option.year))
        assert seats.get(key, 0) == classes.at[key, "classes"] * sizes[option.course_id], option


def test_bundled_release_limit_reasons_recompute_from_the_plan(bundled):
    """Each release_limit option occupies a year in which the unit of that year has its limit of full-time seats."""
    result, table, _ = bundled
    rows = checks.enrich(result.allocation, result.inputs)
    full = rows[rows["mode"] == "full_time"]
    busy = pd.concat([full.assign(busy_year=full["year"] + k) for k in range(int(full["span_years"].max()))])
    busy = busy[busy["busy_year"] < busy["year"] + busy["span_years"]]
    busy["owner"] = [former if pd.notna(change) and y < change else u for u, former, change, y in
                     zip(busy["unit_id"], busy["former_unit"], busy["change_year"], busy["busy_year"])]
    in_progress = busy.groupby(["owner", "busy_year"])["seats"].sum()
    limits = result.scenario.release_limits
    demand, courses, kinds = result.inputs.demand, result.inputs.courses, result.inputs.units["kind"]
    for option in table[table["rule"] == "release_limit"].itertuples():
        row = demand.loc[option.demand_id]
        span = int(courses.at[option.course_id, "span_years"])
        tight = []
        for year in range(int(option.year), int(option.year) + span):
            owner = row["former_unit"] if pd.notna(row["change_year"]) and year < row["change_year"] else row["unit_id"]
            tight.append(in_progress.get((owner, year), 0) >= limits[kinds[owner]])
        assert any(tight), option
