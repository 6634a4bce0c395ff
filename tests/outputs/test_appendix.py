"""Tests of optimizer/outputs/appendix.py: the appendices' columns from the data, the same columns every year,
the quota row, and totals as formulas whose stored values add up."""

from __future__ import annotations

import re

import pytest
import tiny
from sample_plans import YEARS, bundled_inputs, greedy_allocation

from optimizer.outputs import appendix

# Units of three kinds listed out of kind order; a political-theory family with a full-time and a part-time course
# (part-time listed first), a second one with a family quota only, and a degree split by block. cc_tt has a
# quota in 2023 only.
UNITS = [tiny.unit("d1", "district"), tiny.unit("s1", "department"), tiny.unit("d2", "district"),
         tiny.unit("m1", "mass_org"), tiny.unit("s2", "department")]
FAMILIES = [
    {"family": "cc", "name": "Cao cấp lý luận chính trị", "name_en": "Advanced political theory",
     "group": "political_theory"},
    {"family": "tc", "name": "Trung cấp lý luận chính trị", "name_en": "Intermediate political theory",
     "group": "political_theory"},
    {"family": "ths", "name": "Thạc sĩ", "name_en": "Master's degree", "group": "degree"},
    {"family": "bd", "name": "Bồi dưỡng ngoại ngữ", "name_en": "Foreign language", "group": "refresher"},
]
COURSES = [tiny.course("cc_ktt", "part_time"), tiny.course("cc_tt", "full_time"),
           tiny.course("ths", "none", family="ths"), tiny.course("tc_tt", "full_time", family="tc"),
           tiny.course("tc_ktt", "part_time", family="tc"), tiny.course("bd", "none", family="bd")]
CAPS = [tiny.cap(2023, "cc_tt", seats_max=2)] + [row for y in tiny.YEARS for row in (
    tiny.cap(y, "cc_ktt", seats_max=3), tiny.cap(y, "tc", seats_max=4), tiny.cap(y, "bd", seats_max=0 if y == 2024 else 5),
    tiny.cap(y, "ths", block="party", seats_max=1), tiny.cap(y, "ths", block="government", seats_max=2))]
DEMAND = [row for u in ("d1", "s1", "d2", "s2") for row in (
    tiny.demand(f"{u}.cc", u, 3, family="cc"), tiny.demand(f"{u}.tc", u, 2, family="tc", tier="t2"),
    tiny.demand(f"{u}.ths.p", u, 1, family="ths"), tiny.demand(f"{u}.ths.g", u, 2, family="ths", block="government"),
    tiny.demand(f"{u}.bd", u, 2, family="bd"))]
PLAN = [("d1.cc", 2023, "cc_tt", 2), ("d1.cc", 2024, "cc_ktt", 1), ("s1.cc", 2023, "cc_ktt", 3),
        ("d2.tc", 2023, "tc_tt", 2), ("s2.tc", 2024, "tc_ktt", 2), ("d2.ths.p", 2023, "ths", 1),
        ("s2.ths.g", 2023, "ths", 2), ("s1.ths.g", 2024, "ths", 1), ("d1.bd", 2023, "bd", 2)]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    loaded, _ = tiny.write_instance(tmp_path_factory.mktemp("appendix"), units=UNITS, families=FAMILIES,
                                    courses=COURSES, caps=CAPS, demand=DEMAND)
    return loaded


@pytest.fixture(scope="module")
def sheets(inputs):
    return {s.name: s for s in appendix.appendix_sheets(tiny.allocation(PLAN), inputs, tiny.YEARS)}


def headers(sheet) -> list[tuple[str, str]]:
    return [(c.family_label, c.label) for c in sheet.appendix.columns]


def row(sheet, label: str) -> int:
    return next(i for i, r in enumerate(sheet.rows) if r.label == label)


def test_each_appendix_has_a_sheet_per_year_and_one_for_the_period(sheets):
    assert list(sheets) == ["PL1 2023", "PL1 2024", "PL1 2023–2024", "PL2 2023", "PL2 2024", "PL2 2023–2024"]
    assert sheets["PL1 2023"].heading.startswith("PHỤ LỤC 1. ") and sheets["PL1 2023"].heading.endswith("NĂM 2023")
    assert sheets["PL2 2023–2024"].heading.endswith("GIAI ĐOẠN 2023–2024")


def test_training_columns_put_degrees_first_split_by_block_and_families_of_several_courses_get_a_total(sheets):
    """Degrees before political theory as in the plan; Thạc sĩ split because caps.csv gives each block a quota;
    a family of two courses has a total column before its full-time and part-time columns."""
    assert headers(sheets["PL1 2023"]) == [
        ("Thạc sĩ", "Khối Đảng"), ("Thạc sĩ", "Khối Chính quyền"),
        ("Cao cấp lý luận chính trị", "Tổng số"), ("Cao cấp lý luận chính trị", "Tập trung"),
        ("Cao cấp lý luận chính trị", "Không tập trung"),
        ("Trung cấp lý luận chính trị", "Tổng số"), ("Trung cấp lý luận chính trị", "Tập trung"),
        ("Trung cấp lý luận chính trị", "Không tập trung")]
    assert sheets["PL1 2023"].appendix.groups == ("degree", "political_theory")
    assert sheets["PL1 2023"].appendix.header_rows == 3 and sheets["PL2 2023"].appendix.header_rows == 2
    assert headers(sheets["PL2 2023"]) == [("Bồi dưỡng ngoại ngữ", "")]  # one column: no second header


def test_every_year_and_the_period_have_the_same_columns_and_rows(sheets):
    """cc_tt has a quota in 2023 only and no seats in 2024: its column stays, with an empty quota cell."""
    for number in (1, 2):
        shown = [s for name, s in sheets.items() if name.startswith(f"PL{number}")]
        assert len({tuple(headers(s)) for s in shown}) == 1
        assert len({tuple(r.label for r in s.rows) for s in shown}) == 1
    quota = sheets["PL1 2024"].values[row(sheets["PL1 2024"], "Chỉ tiêu được giao")]
    assert quota[3] is None and sheets["PL1 2023"].values[row(sheets["PL1 2023"], "Chỉ tiêu được giao")][3] == 2


def test_quota_row_gives_each_columns_quota_a_zero_where_the_plan_leaves_it_blank_and_none_without_a_line(sheets):
    """Block quotas 1 and 2, the family total's quota of Trung cấp (4) but none for its modes, cc_ktt's 3 and the
    family total none (no family line); the refresher's quota of 0 in 2024 is 0; the total column has none."""
    quota = sheets["PL1 2023"].values[-1]
    assert list(quota) == [1, 2, None, 2, 3, 4, None, None, None]
    assert sheets["PL2 2024"].values[-1] == (0, None) and sheets["PL2 2023"].values[-1] == (5, None)
    period = sheets["PL1 2023–2024"]
    assert list(period.values[-1]) == [2, 4, None, 2, 6, 8, None, None, None]
    assert period.formulas[-1][3] == "='PL1 2023'!F15+'PL1 2024'!F15"  # cc_tt: 2023's quota plus 2024's empty cell


def test_units_are_grouped_by_kind_with_roman_group_rows_then_the_total_and_the_quota(sheets):
    rows = sheets["PL1 2023"].rows
    assert [r.kind for r in rows] == ["group", "unit", "unit", "group", "unit", "unit", "group", "unit", "total",
                                      "quota"]
    assert [r.number for r in rows] == ["I", 1, 2, "II", 1, 2, "III", 1, None, None]
    assert [r.unit_id for r in rows if r.kind == "unit"] == ["d1", "d2", "s1", "s2", "m1"]
    assert rows[0].label == "Huyện ủy, Thành ủy" and rows[-2].label == "Tổng cộng toàn tỉnh"


def test_seats_are_numbers_and_totals_are_formulas_over_the_right_ranges(sheets):
    """Body rows start at row 6 under three header rows: d1 is row 7; the family total adds its two courses, the
    row total the course columns only (not the family totals), a group row its units, the province its groups."""
    sheet = sheets["PL1 2023"]
    d1 = row(sheet, "Unit d1")
    assert sheet.appendix.first_row == 6 and sheet.coordinate(d1, 0) == "C7"
    assert sheet.formulas[d1][:2] == (None, None) and sheet.values[d1][:2] == (0, 0)
    assert sheet.values[d1][3:5] == (2, 0) and sheet.formulas[d1][3:5] == (None, None)
    assert sheet.formulas[d1][2] == "=SUM(F7:G7)" and sheet.values[d1][2] == 2
    assert sheet.formulas[d1][-1] == "=SUM(C7:D7,F7:G7,I7:J7)" and sheet.values[d1][-1] == 2
    assert sheet.formulas[0][0] == "=SUM(C7:C8)" and sheet.formulas[3][0] == "=SUM(C10:C11)"
    assert sheet.formulas[row(sheet, "Tổng cộng toàn tỉnh")][0] == "=SUM(C6,C9,C12)"


def test_stored_values_add_up_and_count_every_seat_in_its_block(sheets):
    for name in ("PL1 2023", "PL1 2024", "PL1 2023–2024"):
        sheet = sheets[name]
        groups = [i for i, r in enumerate(sheet.rows) if r.kind == "group"]
        total = row(sheet, "Tổng cộng toàn tỉnh")
        for start, end in zip(groups, [*groups[1:], total]):
            assert list(sheet.values[start]) == [sum(col) for col in zip(*sheet.values[start + 1:end])]
        assert list(sheet.values[total]) == [sum(col) for col in zip(*(sheet.values[g] for g in groups))]
    s2 = row(sheets["PL1 2023"], "Unit s2")
    assert sheets["PL1 2023"].values[s2][:2] == (0, 2)  # Thạc sĩ for the government block
    seats = sum(s for _, y, c, s in PLAN if c != "bd")
    assert sheets["PL1 2023–2024"].values[row(sheets["PL1 2023–2024"], "Tổng cộng toàn tỉnh")][-1] == seats


def test_period_cells_add_up_the_year_sheets_by_formula(sheets):
    period = sheets["PL1 2023–2024"]
    d1 = row(period, "Unit d1")
    assert period.formulas[d1][3] == "='PL1 2023'!F7+'PL1 2024'!F7"
    assert period.values[d1][3:5] == (2, 1)
    assert period.formulas[d1][2] == "=SUM(F7:G7)"  # totals stay sums inside the sheet


def test_bundled_appendices_split_by_block_exactly_where_caps_csv_does():
    inputs = bundled_inputs()
    split = {c.family for a in appendix.appendices(inputs) for c in a.columns if c.block != "all"}
    expected = set(inputs.caps.loc[inputs.caps["block"] != "all", "target"])
    assert split == expected == {"thac_si", "tien_si", "ld_cap_phong", "cv_cao_cap", "cv_chinh", "chuyen_vien",
                                 "vtvl"}
    first, second = appendix.appendices(inputs)
    assert [c.family for c in first.columns][:4] == ["thac_si", "thac_si", "tien_si", "tien_si"]
    assert len(second.columns) == 18  # the 18 number columns of the plan's Appendix 2


def test_bundled_quota_rows_match_the_plans_appendices():
    """Appendix 2 of 2024: cấp phòng 70 + 200, chuyên viên cao cấp 10 + 20, the blank cells 0."""
    inputs = bundled_inputs()
    sheets = {s.name: s for s in appendix.appendix_sheets(greedy_allocation(inputs), inputs, YEARS)}
    second = sheets["PL2 2024"]
    quota = dict(zip([(c.family, c.block) for c in second.appendix.columns], second.values[-1]))
    assert (quota[("ld_cap_phong", "party")], quota[("ld_cap_phong", "government")]) == (70, 200)
    assert (quota[("cv_cao_cap", "party")], quota[("cv_cao_cap", "government")]) == (10, 20)
    assert quota[("cap_uy_co_so", "all")] == 0 and quota[("cv_chinh", "party")] == 0
    first = sheets["PL1 2023–2025"]
    quota = dict(zip([(c.family, c.course, c.block) for c in first.appendix.columns], first.values[-1]))
    assert quota[("thac_si", "thac_si", "party")] == 45 and quota[("cao_cap", None, "all")] == 270


def test_english_labels(inputs):
    sheets = appendix.appendix_sheets(tiny.allocation(PLAN), inputs, tiny.YEARS, lang="en")
    assert [s.name for s in sheets][:3] == ["App1 2023", "App1 2024", "App1 2023–2024"]
    first = sheets[0]
    assert first.heading == "APPENDIX 1. TRAINING QUOTAS BY UNIT, 2023"
    assert headers(first)[:3] == [("Master's degree", "Party block"), ("Master's degree", "Government block"),
                                  ("Advanced political theory", "Total")]
    assert [r.label for r in first.rows][-2:] == ["Province total", "Quota"]


def test_no_years_no_sheets_and_a_single_year_has_no_period_sheet(inputs):
    assert appendix.appendix_sheets(tiny.allocation(PLAN), inputs, ()) == []
    assert [s.name for s in appendix.appendix_sheets(tiny.allocation(PLAN), inputs, (2024,))] == ["PL1 2024",
                                                                                                 "PL2 2024"]


def test_every_formula_names_cells_of_the_sheet_or_of_year_sheets(sheets):
    names = set(sheets)
    for sheet in sheets.values():
        for formula in (f for r in sheet.formulas for f in r if f):
            assert formula.startswith("=")
            assert set(re.findall(r"'([^']+)'!", formula)) <= names


def test_roman_numbers_the_groups():
    assert [appendix.roman(n) for n in (1, 2, 3, 4, 5, 9, 14)] == ["I", "II", "III", "IV", "V", "IX", "XIV"]
