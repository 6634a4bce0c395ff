"""Tests of the result tables in optimizer/report.py, on hand-made allocations over the bundled inputs and a tiny
instance (the appendix tables of allocation.xlsx)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
import tiny
from sample_plans import (
    YEARS,
    allocation,
    bundled_inputs,
    empty_allocation,
    greedy_allocation,
)

from optimizer.outputs import report

LEADER_POOL = {  # tp_nam_dinh, cao_cap, leader_pool: demand.csv lines 4, 5, 10, 11 (1 + 2 + 1 + 3 = 7 cadres)
    "party_ft": "tp_nam_dinh.cao_cap.leader_pool.party.ft",
    "party": "tp_nam_dinh.cao_cap.leader_pool.party",
    "government_ft": "tp_nam_dinh.cao_cap.leader_pool.government.ft",
    "government": "tp_nam_dinh.cao_cap.leader_pool.government",
}


@pytest.fixture(scope="module")
def inputs():
    return bundled_inputs()


@pytest.fixture(scope="module")
def plan(inputs):
    return greedy_allocation(inputs)


def with_caps(inputs, *rows):
    """The inputs with extra caps rows (year, target, block, seats_max)."""
    extra = pd.DataFrame([{"year": y, "target": t, "block": b, "seats_min": pd.NA, "seats_max": m,
                           "classes_min": pd.NA, "classes_max": pd.NA, "provisional": False, "assumed": False,
                           "source": "test", "line": 1000 + i} for i, (y, t, b, m) in enumerate(rows)])
    caps = pd.concat([inputs.caps, extra.astype(inputs.caps.dtypes.to_dict())], ignore_index=True)
    return dataclasses.replace(inputs, caps=caps)


# --- allocation_table ----------------------------------------------------------------------------------------


def test_allocation_table_sums_demand_rows_of_the_same_unit_course_tier_and_block(inputs):
    """Two demand rows of one unit, tier and block in the same course and year become one row with their sum."""
    plan = allocation([(LEADER_POOL["party_ft"], 2023, "cao_cap_tt", 1), (LEADER_POOL["party"], 2023, "cao_cap_tt", 2)])
    table = report.allocation_table(plan, inputs)
    assert table.to_dict("records") == [{"year": 2023, "unit_id": "tp_nam_dinh", "course_id": "cao_cap_tt",
                                         "tier": "leader_pool", "block": "party", "seats": 3}]


def test_allocation_table_orders_by_year_unit_course_tier_and_block(inputs):
    """Rows come in year, unit file order, course file order, tier rank and party-before-government order."""
    plan = allocation([
        ("vu_ban.cao_cap.serving.party", 2023, "cao_cap_ktt", 1),
        ("tp_nam_dinh.cao_cap.leader_pool.government", 2023, "cao_cap_ktt", 1),
        ("tp_nam_dinh.cao_cap.serving.government", 2023, "cao_cap_ktt", 1),
        ("tp_nam_dinh.cao_cap.serving.party", 2023, "cao_cap_ktt", 1),
        ("tp_nam_dinh.cao_cap.serving.party", 2023, "cao_cap_tt", 1),
        ("my_loc.cao_cap.serving.government", 2023, "cao_cap_tt", 1),
        ("tp_nam_dinh.cao_cap.serving.party", 2024, "cao_cap_tt", 1),
    ])
    table = report.allocation_table(plan, inputs)
    assert list(table.columns) == ["year", "unit_id", "course_id", "tier", "block", "seats"]
    assert list(zip(table["year"], table["unit_id"], table["course_id"], table["tier"], table["block"])) == [
        (2023, "tp_nam_dinh", "cao_cap_tt", "serving", "party"),
        (2023, "tp_nam_dinh", "cao_cap_ktt", "serving", "party"),
        (2023, "tp_nam_dinh", "cao_cap_ktt", "serving", "government"),
        (2023, "tp_nam_dinh", "cao_cap_ktt", "leader_pool", "government"),
        (2023, "my_loc", "cao_cap_tt", "serving", "government"),
        (2023, "vu_ban", "cao_cap_ktt", "serving", "party"),
        (2024, "tp_nam_dinh", "cao_cap_tt", "serving", "party"),
    ]


def test_allocation_table_keeps_every_seat_of_a_larger_plan(inputs, plan):
    """The table's seats add up to the allocation's seats, with no zero rows."""
    table = report.allocation_table(plan, inputs)
    assert table["seats"].sum() == plan["seats"].sum()
    assert (table["seats"] > 0).all()


def test_allocation_table_of_an_empty_allocation_is_empty_with_the_columns(inputs):
    """An empty allocation gives an empty table that still has its columns."""
    table = report.allocation_table(empty_allocation(), inputs)
    assert table.empty and list(table.columns) == report.ALLOCATION_COLUMNS


def test_allocation_table_rejects_a_demand_id_not_in_the_inputs(inputs):
    """A demand_id the inputs do not know is an error, not a silently dropped row."""
    with pytest.raises(ValueError, match="no_such_row"):
        report.allocation_table(allocation([("no_such_row", 2023, "cao_cap_tt", 1)]), inputs)


# --- coverage_table ------------------------------------------------------------------------------------------


def test_coverage_share_is_seats_over_demand_on_a_hand_computed_case(inputs):
    """tp_nam_dinh's cao_cap leader_pool has 7 cadres; 1 + 2 seats in two years cover 3/7 = 0.4286."""
    plan = allocation([(LEADER_POOL["party_ft"], 2023, "cao_cap_tt", 1),
                       (LEADER_POOL["government"], 2024, "cao_cap_ktt", 2)])
    table = report.coverage_table(plan, inputs).set_index(["unit_id", "family", "tier"])
    row = table.loc[("tp_nam_dinh", "cao_cap", "leader_pool")]
    assert (row["demand"], row["allocated"], row["share"]) == (7, 3, 0.4286)
    assert table.loc[("tp_nam_dinh", "cao_cap", "serving"), "allocated"] == 0


def test_coverage_table_has_one_row_per_group_with_positive_demand_in_file_order(inputs):
    """Every (unit, family, tier) with demand appears once, in unit, family and tier-rank order."""
    table = report.coverage_table(empty_allocation(), inputs)
    demand = inputs.demand.groupby(["unit_id", "family", "tier"])["count"].sum()
    assert len(table) == int((demand > 0).sum())
    assert (table["demand"] > 0).all() and (table["allocated"] == 0).all()
    order = pd.DataFrame({"unit": table["unit_id"].map(inputs.units["order"]),
                          "family": table["family"].map({f: i for i, f in enumerate(inputs.families.index)}),
                          "tier": table["tier"].map(inputs.tiers["rank"])})
    assert order.apply(tuple, axis=1).is_monotonic_increasing


# --- cumulative_coverage -------------------------------------------------------------------------------------


def test_cumulative_coverage_counts_courses_started_by_each_year(inputs):
    """Seats count from their start year on: 1 in 2023, still 1 in 2024, 1 + 3 in 2025, over a demand of 5."""
    rows = ["tp_nam_dinh.cao_cap.serving.party", "tp_nam_dinh.cao_cap.serving.government"]  # 2 + 3 cadres
    small = dataclasses.replace(inputs, demand=inputs.demand.loc[rows])
    plan = allocation([(rows[0], 2023, "cao_cap_tt", 1), (rows[1], 2025, "cao_cap_ktt", 3)])
    table = report.cumulative_coverage(plan, small, YEARS)
    assert list(table.columns) == report.CUMULATIVE_COLUMNS
    assert table[["family", "tier"]].drop_duplicates().values.tolist() == [["cao_cap", "serving"]]
    assert table["year"].tolist() == [2023, 2024, 2025]
    assert table["demand"].tolist() == [5, 5, 5]
    assert table["allocated_cumulative"].tolist() == [1, 1, 4]
    assert table["share"].tolist() == [0.2, 0.2, 0.8]
    assert table["target_share"].tolist() == [0.333, 0.667, 1.0]  # targets.csv, cao_cap serving


def test_cumulative_coverage_target_share_is_nan_where_targets_give_none(inputs):
    """A (family, tier, year) without a target row gets NaN, the others keep theirs."""
    targets = inputs.targets
    missing = (targets["family"] == "cao_cap") & (targets["tier"] == "serving") & (targets["year"] == 2023)
    trimmed = dataclasses.replace(inputs, targets=targets[~missing])
    table = report.cumulative_coverage(empty_allocation(), trimmed, YEARS).set_index(["family", "tier", "year"])
    assert np.isnan(table.loc[("cao_cap", "serving", 2023), "target_share"])
    assert table.loc[("cao_cap", "serving", 2024), "target_share"] == 0.667


# --- seats_by_course -----------------------------------------------------------------------------------------


def test_seats_by_course_takes_the_tightest_all_block_quota_and_else_sums_the_blocks(inputs):
    """cao_cap_tt's quota is the smaller of two 'all' rows; thac_si's is party 15 + government 20 = 35."""
    tighter = with_caps(inputs, (2023, "cao_cap_tt", "all", 30))
    table = report.seats_by_course(empty_allocation(), tighter, (2023,)).set_index("course_id")
    assert table.loc["cao_cap_tt", "quota"] == 30
    assert table.loc["cao_cap_ktt", "quota"] == 50
    assert table.loc["thac_si", "quota"] == 35
    overriding = with_caps(inputs, (2023, "thac_si", "all", 25))
    assert report.seats_by_course(empty_allocation(), overriding, (2023,)).set_index("course_id").loc[
        "thac_si", "quota"] == 25


def test_seats_by_course_lists_courses_with_seats_but_no_course_quota(inputs):
    """trung_cap_tt has only a family quota: it appears when it has seats, with a missing quota."""
    plan = allocation([("tp_nam_dinh.trung_cap.serving.party", 2023, "trung_cap_tt", 4),
                       ("tp_nam_dinh.trung_cap.key_post.party", 2023, "trung_cap_tt", 7)])
    table = report.seats_by_course(plan, inputs, YEARS)
    assert list(table.columns) == ["year", "course_id", "seats", "quota"]
    row = table[(table["year"] == 2023) & (table["course_id"] == "trung_cap_tt")].iloc[0]
    assert row["seats"] == 11 and pd.isna(row["quota"])
    assert not ((table["year"] == 2024) & (table["course_id"] == "trung_cap_tt")).any()
    # Every course with a quota is listed in every year, with its seats (0 here).
    assert table[(table["year"] == 2025) & (table["course_id"] == "tien_si")]["seats"].tolist() == [0]


# --- yearly_sheet --------------------------------------------------------------------------------------------


def test_yearly_sheet_totals_equal_the_sum_of_seats(inputs, plan):
    """The grand total is the year's seats, and the total row and column add up their cells."""
    sheet = report.yearly_sheet(plan, inputs, 2024)
    total = "Tổng cộng"
    body = sheet.drop(index=total, columns=total)
    assert sheet.loc[total, total] == plan.loc[plan["year"] == 2024, "seats"].sum()
    assert (sheet.loc[total].drop(total) == body.sum(axis=0)).all()
    assert (sheet[total].drop(total) == body.sum(axis=1)).all()
    assert sheet.index[-1] == total and sheet.columns[-1] == total


def test_yearly_sheet_lists_every_unit_in_file_order_with_vietnamese_names(inputs):
    """Rows are all units, by their Vietnamese names, in units.csv order; no seats means 0."""
    sheet = report.yearly_sheet(empty_allocation(), inputs, 2023)
    assert sheet.index.name == "Đơn vị"
    assert list(sheet.index[:-1]) == inputs.units["name"].tolist()
    assert sheet.index[0] == "Thành ủy Nam Định"
    assert (sheet.to_numpy() == 0).all()
    assert all(dtype == np.int64 for dtype in sheet.dtypes)


def test_yearly_sheet_shows_courses_with_a_quota_that_year_or_with_seats(inputs):
    """BD cấp ủy cơ sở has a quota in 2023 only (0 later), so it is a column in 2023 and not in 2025."""
    name = inputs.courses.loc["cap_uy_co_so", "name"]
    assert name in report.yearly_sheet(empty_allocation(), inputs, 2023).columns
    assert name not in report.yearly_sheet(empty_allocation(), inputs, 2025).columns
    # Trung cấp courses have only a family quota, which still counts.
    assert inputs.courses.loc["trung_cap_tt", "name"] in report.yearly_sheet(empty_allocation(), inputs, 2025).columns


def test_yearly_sheet_in_english_uses_english_names_and_total_label(inputs, plan):
    """lang='en' labels units, courses and totals in English."""
    sheet = report.yearly_sheet(plan, inputs, 2023, lang="en")
    assert sheet.index.name == "Unit" and sheet.index[-1] == "Total" and sheet.columns[-1] == "Total"
    assert "Nam Dinh City Party Committee" in sheet.index
    assert "Advanced political theory (full-time)" in sheet.columns


def test_report_rejects_an_unknown_language(inputs):
    """A language other than vi or en is an error rather than a silent fallback."""
    with pytest.raises(ValueError, match="fr"):
        report.yearly_sheet(empty_allocation(), inputs, 2023, lang="fr")


# --- coverage_sheet (allocation.xlsx) ----------------------------------------------------------------

# A tiny instance with units of three kinds (listed out of kind order), two political-theory families with a
# full-time and a part-time course (cc listed part-time first) and a degree course without a mode.
APPENDIX_UNITS = [tiny.unit("d1", "district"), tiny.unit("s1", "department"), tiny.unit("d2", "district"),
                  tiny.unit("m1", "mass_org"), tiny.unit("s2", "department")]
APPENDIX_FAMILIES = [
    {"family": "cc", "name": "Cao cấp lý luận chính trị", "name_en": "Advanced political theory",
     "group": "political_theory"},
    {"family": "tc", "name": "Trung cấp lý luận chính trị", "name_en": "Intermediate political theory",
     "group": "political_theory"},
    {"family": "ths", "name": "Thạc sĩ", "name_en": "Master's degree", "group": "degree"},
]
APPENDIX_COURSES = [tiny.course("cc_ktt", "part_time"), tiny.course("cc_tt", "full_time"),
                    tiny.course("ths_qlc", "none", family="ths"), tiny.course("tc_tt", "full_time", family="tc"),
                    tiny.course("tc_ktt", "part_time", family="tc")]
APPENDIX_CAPS = [row for y in tiny.YEARS for row in (
    tiny.cap(y, "cc_tt", seats_max=2), tiny.cap(y, "cc_ktt", seats_max=3), tiny.cap(y, "tc", seats_max=4),
    tiny.cap(y, "ths_qlc", block="party", seats_max=1), tiny.cap(y, "ths_qlc", block="government", seats_max=1))]
APPENDIX_DEMAND = [row for u in ("d1", "s1", "d2", "s2") for row in (
    tiny.demand(f"{u}.cc", u, 3, family="cc"), tiny.demand(f"{u}.tc", u, 2, family="tc", tier="t2"),
    tiny.demand(f"{u}.ths.p", u, 1, family="ths"), tiny.demand(f"{u}.ths.g", u, 1, family="ths", block="government"))]

@pytest.fixture(scope="module")
def appendix_inputs(tmp_path_factory):
    inputs, _ = tiny.write_instance(tmp_path_factory.mktemp("appendix"), units=APPENDIX_UNITS,
                                    families=APPENDIX_FAMILIES, courses=APPENDIX_COURSES, caps=APPENDIX_CAPS,
                                    demand=APPENDIX_DEMAND)
    return inputs


@pytest.fixture(scope="module")
def appendix_plan():
    return tiny.allocation([("d1.cc", 2023, "cc_tt", 2), ("d1.cc", 2024, "cc_ktt", 1), ("s1.cc", 2023, "cc_ktt", 3),
                            ("d2.tc", 2023, "tc_tt", 2), ("s2.tc", 2024, "tc_ktt", 2), ("d2.ths.p", 2023, "ths_qlc", 1),
                            ("s2.ths.g", 2023, "ths_qlc", 1), ("s1.ths.g", 2024, "ths_qlc", 1)])


def test_coverage_sheet_names_units_families_and_tiers_with_headers_in_the_language(appendix_inputs,
                                                                                     appendix_plan):
    """One row per (unit, family, tier) with demand, the names people read, and the share as a number."""
    sheet = report.coverage_sheet(appendix_plan, appendix_inputs)
    assert list(sheet.columns) == ["Đơn vị", "Loại hình đào tạo", "Đối tượng", "Nhu cầu", "Được phân bổ",
                                   "Tỷ lệ đáp ứng"]
    first = sheet.iloc[0].tolist()
    assert first == ["Unit d1", "Cao cấp lý luận chính trị", "Tier one", 3, 3, 1.0]
    assert len(sheet) == len(report.coverage_table(appendix_plan, appendix_inputs))
    english = report.coverage_sheet(appendix_plan, appendix_inputs, lang="en")
    assert list(english.columns)[-1] == "Share covered" and english.iloc[0, 1] == "Advanced political theory"


