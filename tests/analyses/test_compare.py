"""Tests of analyses/compare.py and its charts: hand-made result folders whose differences are known by hand.

Three small results over 3 units, 2 families (one course each), 2 tiers and 2 years:

* ``baseline``: the reference.
* ``more_tc``: the 2024 Trung cấp quota raised 20 -> 30, the second 2023 Cao cấp cap line's classes_max 1 -> 2,
  unit u1's Trung cấp demand doubled 6 -> 12, unit u3 removed, the district release limit cut 8 -> 4.
* ``tight``: the baseline's inputs, fewer seats, stopped by the time limit after two stages.

Seats (unit, family, year: baseline / more_tc / tight)::

    u1 cao_cap   2023: 4 / 4 / 2      u2 cao_cap   2023: 2 / 0 / 2      u3 cao_cap 2024: 3 / 0 / 0
    u1 trung_cap 2023: 0 / 5 / 0      u2 cao_cap   2024: 0 / 2 / 0
    u1 trung_cap 2024: 6 / 7 / 6      u2 trung_cap 2024: 2 / 4 / 0
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import matplotlib
import openpyxl
import pandas as pd
import pytest
from chart_words import english_words
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from optimizer.analyses.compare import (
    Comparison,
    ResultTables,
    compare,
    comparison_files,
    read_result,
    tidy_tables,
)
from optimizer.errors import InputError
from optimizer.outputs import charts

# --- hand-made result folders --------------------------------------------------------------------------------

UNITS = [["u1", "Huyện ủy Mỹ Lộc", "My Loc District Party Committee", "district"],
         ["u2", "Sở Nội vụ", "Department of Home Affairs", "department"],
         ["u3", "Đảng ủy Khối Các cơ quan tỉnh", "Provincial Agencies Party Committee", "party_committee"]]
FAMILIES = [["cao_cap", "Cao cấp lý luận chính trị", "Advanced political theory", "political_theory"],
            ["trung_cap", "Trung cấp lý luận chính trị", "Intermediate political theory", "political_theory"]]
COURSES = [["cc_tt", "Cao cấp LLCT hệ tập trung", "Advanced (full-time)", "cao_cap", "full_time", "8", "", ""],
           ["tc_ktt", "Trung cấp LLCT hệ không tập trung", "Intermediate (part-time)", "trung_cap", "part_time", "18",
            "40", "60"]]
# key_post is written first: the comparison must order tiers by rank, not by file order.
TIERS = [["key_post", "2", "Quy hoạch chức danh chủ chốt", "Planned for key posts"],
         ["serving", "1", "Đương chức chưa đạt chuẩn", "Serving leaders below the required standard"]]
CAPS = [["2023", "cao_cap", "all", "", "10", "", "", "true", "KH 98"],
        ["2023", "cao_cap", "all", "", "", "", "1", "", "KH 98 (lớp)"],
        ["2024", "cao_cap", "all", "", "10", "", "", "true", "KH 98"],
        ["2023", "trung_cap", "all", "", "20", "", "", "", "KH 98"],
        ["2024", "trung_cap", "all", "", "20", "", "", "", "KH 98"]]
DEMAND = {  # demand_id -> unit, family, tier, block, count
    "u1.cc": ("u1", "cao_cap", "serving", "party", 4),
    "u1.tc": ("u1", "trung_cap", "key_post", "party", 6),
    "u2.cc": ("u2", "cao_cap", "serving", "government", 2),
    "u2.tc": ("u2", "trung_cap", "key_post", "government", 4),
    "u3.cc": ("u3", "cao_cap", "key_post", "party", 3),
}
TARGETS = [["cao_cap", "serving", "2024", "1.0"], ["trung_cap", "key_post", "2024", "0.8"]]
LIMITS = {"district": 8, "department": 3, "party_committee": 4}
COURSE_FAMILY = {"cc_tt": "cao_cap", "tc_ktt": "trung_cap"}
BASELINE_STAGES = [("coverage[serving]", 6), ("coverage[key_post]", 11), ("fairness[serving]", 1000)]


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])


def write_result(folder: Path, name: str, assignments: list[tuple[str, int, str, int]], *, units=UNITS, caps=CAPS,
                 demand=DEMAND, limits=LIMITS, stages=BASELINE_STAGES, status="optimal", changes=(),
                 question="", rule_violations=None) -> Path:
    """A result folder as ``solve`` writes it; allocation, coverage and classes follow from the assignments."""
    summary = {"scenario": {"name": name, "question": question, "data": "../data", "years": [2023, 2024],
                            "release_limits": limits, "solver": {"name": "highs"}, "extends": [],
                            "changes": [dict(zip(("file", "key", "text"), c)) for c in changes], "frozen": None,
                            "reference": None},
               "status": status,
               "stages": [{"name": s, "value": v, "bound": float(v), "gap": 0.0, "optimal": True} for s, v in stages],
               "seats": sum(a[3] for a in assignments)}
    if rule_violations is not None:
        summary["rule_violations"] = rule_violations
    folder.mkdir(parents=True)
    (folder / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    write_csv(folder / "assignments.csv", ["demand_id", "year", "course_id", "seats"], [list(a) for a in assignments])
    allocation = [[year, *demand[d][:1], course, demand[d][2], demand[d][3], seats]
                  for d, year, course, seats in assignments]
    write_csv(folder / "allocation.csv", ["year", "unit_id", "course_id", "tier", "block", "seats"], allocation)
    coverage = []
    for d, (unit, family, tier, _, count) in demand.items():
        got = sum(a[3] for a in assignments if a[0] == d)
        coverage.append([unit, family, tier, count, got, round(got / count, 4)])
    write_csv(folder / "coverage.csv", ["unit_id", "family", "tier", "demand", "allocated", "share"], coverage)
    classes = [[2024, "tc_ktt", 1, sum(a[3] for a in assignments if a[1] == 2024 and a[2] == "tc_ktt")]]
    write_csv(folder / "classes.csv", ["year", "course_id", "classes", "seats"], classes)
    inputs = folder / "inputs"
    write_csv(inputs / "units.csv", ["unit_id", "name", "name_en", "kind"], units)
    write_csv(inputs / "families.csv", ["family", "name", "name_en", "group"], FAMILIES)
    write_csv(inputs / "courses.csv", ["course_id", "name", "name_en", "family", "mode", "duration_months",
                                       "class_size_min", "class_size_max"], COURSES)
    write_csv(inputs / "tiers.csv", ["tier", "rank", "name", "name_en"], TIERS)
    write_csv(inputs / "caps.csv", ["year", "target", "block", "seats_min", "seats_max", "classes_min", "classes_max",
                                    "provisional", "source"], caps)
    write_csv(inputs / "demand.csv", ["demand_id", "unit_id", "family", "tier", "block", "count", "earliest_year",
                                      "deadline_year", "full_time_only", "former_unit", "change_year"],
              [[d, *row, 2023, 2024, "false", "", ""] for d, row in demand.items()])
    write_csv(inputs / "targets.csv", ["family", "tier", "year", "target_share"], TARGETS)
    return folder


def baseline(tmp_path: Path) -> Path:
    return write_result(tmp_path / "baseline", "baseline", [
        ("u1.cc", 2023, "cc_tt", 4), ("u1.tc", 2024, "tc_ktt", 6), ("u2.cc", 2023, "cc_tt", 2),
        ("u2.tc", 2024, "tc_ktt", 2), ("u3.cc", 2024, "cc_tt", 3)])


def more_tc(tmp_path: Path) -> Path:
    caps = [list(row) for row in CAPS]
    caps[1][6] = "2"  # the second "2023 cao_cap all" line
    caps[4][4] = "30"  # 2024 trung_cap
    demand = {d: row for d, row in DEMAND.items() if row[0] != "u3"}
    demand["u1.tc"] = ("u1", "trung_cap", "key_post", "party", 12)
    return write_result(
        tmp_path / "more_tc", "more_tc",
        [("u1.cc", 2023, "cc_tt", 4), ("u1.tc", 2023, "tc_ktt", 5), ("u1.tc", 2024, "tc_ktt", 7),
         ("u2.cc", 2024, "cc_tt", 2), ("u2.tc", 2024, "tc_ktt", 4)],
        units=UNITS[:2], caps=caps, demand=demand, limits={**LIMITS, "district": 4},
        stages=[("coverage[serving]", 6), ("coverage[key_post]", 16), ("fairness[serving]", 1000),
                ("early_training", 9)],
        changes=[("caps.csv", "2024 trung_cap all", "seats_max: 30"), ("demand.csv", "u1 trung_cap", "count × 2"),
                 ("units.csv", "u3", "bỏ đơn vị u3")],
        question="Nếu tăng chỉ tiêu Trung cấp năm 2024?")


def tight(tmp_path: Path) -> Path:
    return write_result(tmp_path / "tight", "tight", [
        ("u1.cc", 2023, "cc_tt", 2), ("u2.cc", 2023, "cc_tt", 2), ("u1.tc", 2024, "tc_ktt", 6)],
        stages=[("coverage[serving]", 4), ("coverage[key_post]", 6)], status="time_limited")


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> list[Path]:
    """The three result folders, shared by the tests that only read them."""
    root = tmp_path_factory.mktemp("results")
    return [baseline(root), more_tc(root), tight(root)]


@pytest.fixture(scope="module")
def comparison(folders) -> Comparison:
    return compare([read_result(f) for f in folders])


@pytest.fixture(scope="module")
def files(comparison) -> dict[str, dict[str, bytes]]:
    """comparison_files in each language, rendered once."""
    return {lang: comparison_files(comparison, lang=lang) for lang in ("vi", "en")}


def rows(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in r) for r in frame.itertuples(index=False)]


# --- read_result ---------------------------------------------------------------------------------------------


def test_read_result_reads_every_table_with_ids_as_text_and_counts_as_integers(tmp_path):
    result = read_result(baseline(tmp_path))
    assert isinstance(result, ResultTables) and result.name == "baseline"
    assert result.allocation["seats"].dtype == "int64" and result.allocation["unit_id"].tolist()[0] == "u1"
    assert result.assignments["seats"].sum() == 17 and result.classes["classes"].dtype == "int64"
    assert set(result.inputs) == {"units", "families", "courses", "tiers", "caps", "demand", "targets"}
    caps = result.inputs["caps"]
    assert str(caps["seats_max"].dtype) == "Int64" and caps["seats_max"].isna().sum() == 1
    assert result.inputs["demand"]["count"].tolist() == [4, 6, 2, 4, 3]
    assert result.summary["status"] == "optimal"


def test_read_result_names_the_result_after_its_folder_when_the_summary_has_no_scenario_name(tmp_path):
    folder = baseline(tmp_path)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    del summary["scenario"]["name"]
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    assert read_result(folder).name == "baseline"


@pytest.mark.parametrize("file", ["allocation.csv", "summary.json", "coverage.csv", "inputs/units.csv",
                                  "inputs/caps.csv"])
def test_read_result_of_a_folder_missing_a_file_names_the_file_and_the_fix(tmp_path, file):
    folder = baseline(tmp_path)
    (folder / file).unlink()
    with pytest.raises(InputError) as err:
        read_result(folder)
    message = str(err.value)
    assert str(folder / file) in message and "run solve again" in message and "\n" not in message


def test_read_result_of_a_broken_file_names_the_file_row_and_column(tmp_path):
    folder = baseline(tmp_path)
    text = (folder / "allocation.csv").read_text(encoding="utf-8").replace(",4\n", ",four\n", 1)
    (folder / "allocation.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"allocation\.csv, row 2, column seats: 'four' is not a whole number"):
        read_result(folder)


def test_read_result_of_invalid_json_or_a_missing_column_raises_input_error(tmp_path):
    folder = baseline(tmp_path)
    (folder / "summary.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="summary.json.*not valid JSON"):
        read_result(folder)
    folder = more_tc(tmp_path)
    write_csv(folder / "classes.csv", ["year", "course_id", "seats"], [])
    with pytest.raises(InputError, match="classes.csv, row 1, column classes: required column is missing"):
        read_result(folder)


def test_read_result_of_a_missing_folder_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="the result folder does not exist"):
        read_result(tmp_path / "nowhere")


# --- compare -------------------------------------------------------------------------------------------------


def test_compare_needs_at_least_two_results(tmp_path):
    with pytest.raises(ValueError, match="at least two"):
        compare([read_result(baseline(tmp_path))])


def test_compare_disambiguates_repeated_scenario_names_with_the_folder_name(tmp_path):
    first = read_result(baseline(tmp_path))
    again = write_result(tmp_path / "rerun", "baseline", [("u1.cc", 2023, "cc_tt", 4)])
    comparison = compare([first, read_result(again)])
    assert comparison.names == ("baseline (baseline)", "baseline (rerun)")
    assert list(comparison.seats.columns[3:]) == ["baseline (baseline)", "baseline (rerun)",
                                                  "delta_baseline (rerun)"]


def test_compare_refuses_the_same_folder_twice(tmp_path):
    result = read_result(baseline(tmp_path))
    with pytest.raises(ValueError, match="more than once"):
        compare([result, result])


def test_scenarios_table_has_one_row_per_scenario_in_the_given_order(comparison, folders):
    assert rows(comparison.scenarios) == [
        ("baseline", "", "optimal", 17, "2023–2024", folders[0].as_posix()),
        ("more_tc", "Nếu tăng chỉ tiêu Trung cấp năm 2024?", "optimal", 22, "2023–2024", folders[1].as_posix()),
        ("tight", "", "time_limited", 10, "2023–2024", folders[2].as_posix())]


def test_seats_table_has_seats_per_unit_family_year_and_deltas_against_the_first(comparison):
    seats = comparison.seats
    assert list(seats.columns) == ["unit_id", "family", "year", "baseline", "more_tc", "tight", "delta_more_tc",
                                   "delta_tight"]
    assert rows(seats) == [
        ("u1", "cao_cap", 2023, 4, 4, 2, 0, -2),
        ("u1", "trung_cap", 2023, 0, 5, 0, 5, 0),
        ("u1", "trung_cap", 2024, 6, 7, 6, 1, 0),
        ("u2", "cao_cap", 2023, 2, 0, 2, -2, 0),
        ("u2", "cao_cap", 2024, 0, 2, 0, 2, 0),
        ("u2", "trung_cap", 2024, 2, 4, 0, 2, -2),
        ("u3", "cao_cap", 2024, 3, 0, 0, -3, -3)]
    assert all(seats[c].dtype == "int64" for c in seats.columns[2:])


def test_coverage_tables_sum_demand_and_seats_per_tier_in_rank_order(comparison):
    assert list(comparison.coverage.columns) == [
        "tier", "baseline_demand", "baseline_allocated", "baseline_share", "more_tc_demand", "more_tc_allocated",
        "more_tc_share", "tight_demand", "tight_allocated", "tight_share"]
    assert rows(comparison.coverage) == [("serving", 6, 6, 1.0, 6, 6, 1.0, 6, 4, 0.6667),
                                         ("key_post", 13, 11, 0.8462, 16, 16, 1.0, 13, 6, 0.4615)]
    assert rows(comparison.coverage_by_family) == [
        ("cao_cap", "serving", 6, 6, 1.0, 6, 6, 1.0, 6, 4, 0.6667),
        ("cao_cap", "key_post", 3, 3, 1.0, 0, 0, None, 3, 0, 0.0),
        ("trung_cap", "key_post", 10, 8, 0.8, 16, 16, 1.0, 10, 6, 0.6)]


def test_stages_table_lists_stages_in_first_seen_order_with_blanks_where_a_scenario_lacks_one(comparison):
    assert rows(comparison.stages) == [("coverage[serving]", 6, 6, 4), ("coverage[key_post]", 11, 16, 6),
                                       ("fairness[serving]", 1000, 1000, None), ("early_training", None, 9, None)]


def test_input_changes_list_the_declared_changes_and_every_computed_difference(comparison):
    assert rows(comparison.input_changes) == [
        ("more_tc", "changes", "2024 trung_cap all", "caps.csv", "", "seats_max: 30"),
        ("more_tc", "changes", "u1 trung_cap", "demand.csv", "", "count × 2"),
        ("more_tc", "changes", "u3", "units.csv", "", "bỏ đơn vị u3"),
        ("more_tc", "settings", "release_limits", "district", "8", "4"),
        ("more_tc", "units", "u3", "name", "Đảng ủy Khối Các cơ quan tỉnh", ""),
        ("more_tc", "caps", "2023 cao_cap all #2", "classes_max", "1", "2"),
        ("more_tc", "caps", "2024 trung_cap all", "seats_max", "20", "30"),
        ("more_tc", "demand", "u1 trung_cap key_post", "count", "6", "12"),
        ("more_tc", "demand", "u3 cao_cap key_post", "count", "3", "")]  # tight has the baseline's inputs


def test_input_changes_report_changed_tier_ranks_and_years(tmp_path):
    first = read_result(baseline(tmp_path))
    folder = tight(tmp_path)
    write_csv(folder / "inputs" / "tiers.csv", ["tier", "rank", "name", "name_en"],
              [["key_post", "1", "Quy hoạch", ""], ["serving", "2", "Đương chức", ""]])
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    summary["scenario"]["years"] = [2023]
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    changes = compare([first, read_result(folder)]).input_changes
    assert rows(changes) == [("tight", "settings", "years", "years", "2023–2024", "2023"),
                             ("tight", "tiers", "serving", "rank", "1", "2"),
                             ("tight", "tiers", "key_post", "rank", "2", "1")]


def test_unit_changes_are_sorted_by_largest_absolute_delta_then_unit_order(comparison):
    assert list(comparison.unit_changes.columns) == ["unit_id", "name", "kind", "baseline", "more_tc", "tight",
                                                     "delta_more_tc", "delta_tight"]
    assert rows(comparison.unit_changes) == [
        ("u1", "Huyện ủy Mỹ Lộc", "district", 10, 16, 8, 6, -2),
        ("u3", "Đảng ủy Khối Các cơ quan tỉnh", "party_committee", 3, 0, 0, -3, -3),
        ("u2", "Sở Nội vụ", "department", 4, 6, 2, 2, -2)]


def test_unit_changes_break_ties_by_unit_file_order(tmp_path):
    changes = compare([read_result(baseline(tmp_path)), read_result(tight(tmp_path))]).unit_changes
    assert changes["unit_id"].tolist() == ["u3", "u1", "u2"]  # |−3|, then u1 and u2 tied at |−2|
    assert changes["delta_tight"].tolist() == [-3, -2, -2]


def test_compare_of_results_without_seats_gives_empty_tables_with_the_right_columns(tmp_path):
    empty = [read_result(write_result(tmp_path / n, n, [], stages=[])) for n in ("a", "b")]
    comparison = compare(empty)
    assert comparison.seats.empty and list(comparison.seats.columns) == ["unit_id", "family", "year", "a", "b",
                                                                         "delta_b"]
    assert comparison.stages.empty and comparison.input_changes.empty
    assert rows(comparison.coverage) == [("serving", 6, 0, 0.0, 6, 0, 0.0), ("key_post", 13, 0, 0.0, 13, 0, 0.0)]
    assert comparison.unit_changes["delta_b"].tolist() == [0, 0, 0]


def test_rule_violations_table_counts_each_rule_per_scenario_and_leaves_unknown_counts_blank(tmp_path):
    solved = write_result(tmp_path / "solved", "solved", [("u1.cc", 2023, "cc_tt", 2)],
                          rule_violations={"class_size": 0, "release_limit": 0})
    naive = write_result(tmp_path / "naive", "naive", [("u1.cc", 2023, "cc_tt", 2)],
                         rule_violations={"class_size": 3, "release_limit": 1})
    old = write_result(tmp_path / "old", "old", [("u1.cc", 2023, "cc_tt", 2)])  # written before the counts existed
    comparison = compare([read_result(solved), read_result(naive), read_result(old)])
    table = comparison.rule_violations
    assert list(table.columns) == ["rule", "solved", "naive", "old"]
    assert table[["rule", "solved", "naive"]].values.tolist() == [["class_size", 0, 3], ["release_limit", 0, 1]]
    assert table["old"].isna().all()
    tidy = tidy_tables(comparison)["rule_violations"]
    assert list(tidy.columns) == ["rule", "scenario", "cases"] and len(tidy) == 2 * 3


# --- files ---------------------------------------------------------------------------------------------------

FILES = {"comparison.xlsx", "scenarios.csv", "input_changes.csv", "seats.csv", "coverage.csv",
         "coverage_by_family.csv", "stages.csv", "rule_violations.csv", "unit_changes.csv", "gains_losses.csv",
         "compare_coverage.png", "compare_coverage.svg", "compare_units.png", "compare_units.svg",
         "compare_gains_losses.png", "compare_gains_losses.svg"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_comparison_files_writes_every_file_non_empty_and_identical_on_two_calls(comparison, files, lang):
    assert set(files[lang]) == FILES | {"compare_units_3.png", "compare_units_3.svg", "compare_gains_losses_3.png",
                                        "compare_gains_losses_3.svg"}
    assert all(isinstance(data, bytes) and data for data in files[lang].values())
    assert comparison_files(comparison, lang=lang) == files[lang]


def test_comparison_files_of_two_scenarios_has_one_unit_chart(tmp_path):
    comparison = compare([read_result(baseline(tmp_path)), read_result(more_tc(tmp_path))])
    assert set(comparison_files(comparison)) == FILES


@pytest.mark.parametrize("lang, sheets, header, row, tier", [
    ("vi", ["Kịch bản", "Thay đổi đầu vào", "Số chỗ học", "Đáp ứng theo nhóm", "Đáp ứng theo loại hình",
            "Các bước tối ưu", "Vi phạm quy tắc", "Thay đổi theo đơn vị", "Được thêm – Bị bớt theo năm"], "Đơn vị",
     ["Huyện ủy Mỹ Lộc", "Cao cấp lý luận chính trị"], "Quy hoạch chức danh chủ chốt"),
    ("en", ["Scenarios", "Input changes", "Seats", "Coverage by tier", "Coverage by family", "Stages",
            "Rules broken", "Unit changes", "Gains and losses by year"], "Unit",
     ["My Loc District Party Committee", "Advanced political theory"], "Planned for key posts")])
def test_workbook_reads_back_with_a_sheet_per_table_and_numbers_as_numbers(files, lang, sheets, header, row, tier):
    book = openpyxl.load_workbook(io.BytesIO(files[lang]["comparison.xlsx"]))
    assert book.sheetnames == sheets
    seats = book[sheets[2]]
    assert seats["A1"].value == header and seats["D1"].value == "baseline"
    assert [c.value for c in seats[2]] == [*row, 2023, 4, 4, 2, 0, -2, "u1", "cao_cap"]
    coverage = book[sheets[3]]
    assert [c.value for c in coverage[3]][:4] == [tier, 13, 11, 0.8462]
    stages = book[sheets[5]]
    assert stages["D4"].value is None  # tight has no fairness stage: an empty cell, not 0


def test_workbook_headers_are_vietnamese_by_default(comparison):
    book = openpyxl.load_workbook(io.BytesIO(comparison_files(comparison)["comparison.xlsx"]))
    headers = [c.value for c in book["Thay đổi theo đơn vị"][1]]
    assert headers[:3] == ["Đơn vị", "Loại đơn vị", "baseline"]
    assert headers[-2:] == ["Chênh lệch tight so với baseline", "Mã đơn vị"]
    assert [c.value for c in book["Đáp ứng theo nhóm"][1]][1:4] == ["baseline: nhu cầu", "baseline: đã bố trí",
                                                                     "baseline: tỷ lệ"]


def test_csv_files_are_tidy_with_one_row_per_key_and_scenario(comparison, files):
    assert files["vi"]["seats.csv"] == files["en"]["seats.csv"]  # English column names in either language
    files = files["vi"]
    seats = pd.read_csv(io.BytesIO(files["seats.csv"]))
    assert list(seats.columns) == ["unit_id", "family", "year", "scenario", "seats", "delta"]
    assert seats.iloc[:3].values.tolist() == [["u1", "cao_cap", 2023, "baseline", 4, 0],
                                              ["u1", "cao_cap", 2023, "more_tc", 4, 0],
                                              ["u1", "cao_cap", 2023, "tight", 2, -2]]
    coverage = pd.read_csv(io.BytesIO(files["coverage.csv"]))
    assert list(coverage.columns) == ["tier", "scenario", "demand", "allocated", "share"]
    assert len(coverage) == 2 * 3
    stages = pd.read_csv(io.BytesIO(files["stages.csv"]))
    assert len(stages) == 3 + 4 + 2  # missing stage values are left out
    changes = pd.read_csv(io.BytesIO(files["input_changes.csv"]), keep_default_na=False)
    assert list(changes.columns) == ["scenario", "table", "subject", "column", "first", "this"]
    assert tidy_tables(comparison)["unit_changes"]["delta"].tolist()[:3] == [0, 6, -2]


# --- charts --------------------------------------------------------------------------------------------------


def drawn(fig: Figure) -> Figure:
    FigureCanvasAgg(fig).draw()
    return fig


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def single_unit(comparison: Comparison) -> pd.DataFrame:
    return comparison.unit_changes[comparison.unit_changes["unit_id"] == "u2"].reset_index(drop=True)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("case", ["normal", "single_unit", "empty"])
def test_coverage_comparison_chart_returns_a_figure_for_every_input(comparison, lang, case):
    coverage = {"normal": comparison.coverage, "single_unit": comparison.coverage.iloc[:1],
                "empty": comparison.coverage.iloc[:0]}[case]
    fig = drawn(charts.comparison_coverage_chart(coverage, comparison.tiers, list(comparison.names), lang=lang))
    assert isinstance(fig, Figure)
    bars = len(fig.axes[0].patches)
    assert bars == {"normal": 2 * 3, "single_unit": 3, "empty": 0}[case]
    if case == "empty":
        assert {"vi": "Không có số liệu", "en": "No data"}[lang] in texts(fig)


def test_coverage_comparison_chart_labels_tiers_by_rank_with_percentages_in_the_language(comparison):
    vi = drawn(charts.comparison_coverage_chart(comparison.coverage, comparison.tiers, list(comparison.names)))
    ticks = [t.get_text().replace("\n", " ") for t in vi.axes[0].get_xticklabels()]
    assert ticks == ["Đương chức chưa đạt chuẩn", "Quy hoạch chức danh chủ chốt"]
    assert "84,6%" in texts(vi) and "100%" in texts(vi)
    assert [t.get_text() for t in vi.legends[0].get_texts()] == ["baseline", "more_tc", "tight"]
    en = drawn(charts.comparison_coverage_chart(comparison.coverage, comparison.tiers, list(comparison.names),
                                                lang="en"))
    assert "84.6%" in texts(en) and "Planned for key posts" in texts(en)


@pytest.mark.parametrize("count", range(1, 8))
def test_coverage_comparison_chart_value_labels_do_not_overlap_for_one_to_seven_scenarios(comparison, count):
    names = [f"kịch bản {i}" for i in range(count)]
    coverage = comparison.coverage[["tier"]].copy()
    for i, name in enumerate(names):
        coverage[f"{name}_share"] = [1.0 - 0.013 * i, 0.8462 - 0.01 * i]
    fig = drawn(charts.comparison_coverage_chart(coverage, comparison.tiers, names))
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts]
    assert len(boxes) == 2 * count
    for i, a in enumerate(boxes):
        assert not any(a.overlaps(b) for b in boxes[i + 1:])
    legend, title = fig.legends[0].get_window_extent(renderer), fig._suptitle.get_window_extent(renderer)
    box = fig.axes[0].get_tightbbox(renderer)
    assert not legend.overlaps(box) and not title.overlaps(box)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("case", ["normal", "single_unit", "empty"])
def test_unit_change_chart_returns_a_figure_for_every_input(comparison, lang, case):
    table = {"normal": comparison.unit_changes, "single_unit": single_unit(comparison),
             "empty": comparison.unit_changes.iloc[:0]}[case]
    fig = drawn(charts.unit_change_chart(table, "more_tc", lang=lang))
    assert isinstance(fig, Figure)
    assert len(fig.axes[0].patches) == {"normal": 3, "single_unit": 1, "empty": 0}[case]
    if case == "empty":
        assert {"vi": "Không đơn vị nào thay đổi số chỗ học", "en": "No unit's seats change"}[lang] in texts(fig)


def test_unit_change_chart_puts_gains_on_top_and_colours_gains_and_losses_apart(comparison):
    fig = drawn(charts.unit_change_chart(comparison.unit_changes, "more_tc"))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Huyện ủy Mỹ Lộc", "Sở Nội vụ",
                                                            "Đảng ủy Khối Các cơ quan tỉnh"]
    assert [t.get_text() for t in ax.texts] == ["+6", "+2", "−3"]
    colours = [matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches]
    assert colours[0] == colours[1] != colours[2]


def test_unit_change_chart_shows_only_the_top_units_and_says_so(comparison):
    fig = drawn(charts.unit_change_chart(comparison.unit_changes, "more_tc", top=2, lang="en"))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["+6", "−3"]
    assert ax.get_title(loc="left").splitlines()[-1] == "2 of the 3 units with a change"


def test_unit_change_chart_keeps_the_largest_gains_and_losses_and_fills_a_short_side_from_the_other(comparison):
    """With top=2: more_tc has gains +6, +2 and a loss −3, so one of each; tight has only losses, so two losses."""
    assert [t.get_text() for t in drawn(charts.unit_change_chart(
        comparison.unit_changes, "more_tc", top=2)).axes[0].texts] == ["+6", "−3"]
    fig = drawn(charts.unit_change_chart(comparison.unit_changes, "tight", top=2))
    assert [t.get_text() for t in fig.axes[0].texts] == ["−2", "−3"]  # largest loss at the bottom
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Huyện ủy Mỹ Lộc", "Đảng ủy Khối Các cơ quan tỉnh"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Giảm so với kịch bản gốc (baseline)"]


def test_unit_change_chart_of_a_scenario_that_is_not_a_later_one_raises(comparison):
    with pytest.raises(ValueError, match="not a later scenario"):
        charts.unit_change_chart(comparison.unit_changes, "baseline")


def test_comparison_charts_leave_global_matplotlib_settings_untouched(comparison):
    before = dict(matplotlib.rcParams)
    comparison_files(comparison, lang="en")
    assert dict(matplotlib.rcParams) == before


# --- gains and losses, languages ------------------------------------------------------------------------------


def test_gains_losses_split_every_change_per_unit_year_and_family_largest_unit_first(comparison):
    table = comparison.gains_losses
    assert list(table.columns) == ["scenario", "unit_id", "year", "family", "first_seats", "seats", "gained", "lost"]
    assert rows(table) == [
        ("more_tc", "u1", 2023, "trung_cap", 0, 5, 5, 0),
        ("more_tc", "u1", 2024, "trung_cap", 6, 7, 1, 0),
        ("more_tc", "u2", 2023, "cao_cap", 2, 0, 0, 2),  # u2 loses in 2023 ...
        ("more_tc", "u2", 2024, "cao_cap", 0, 2, 2, 0),  # ... and gains in 2024: both shown, not the net 0
        ("more_tc", "u2", 2024, "trung_cap", 2, 4, 2, 0),
        ("more_tc", "u3", 2024, "cao_cap", 3, 0, 0, 3),
        ("tight", "u3", 2024, "cao_cap", 3, 0, 0, 3),  # largest change first: u3 (3), then u1 and u2 (2 each)
        ("tight", "u1", 2023, "cao_cap", 4, 2, 0, 2),
        ("tight", "u2", 2024, "trung_cap", 2, 0, 0, 2)]


def test_gains_minus_losses_sum_to_each_units_net_change(comparison):
    table = comparison.gains_losses
    net = (table["gained"] - table["lost"]).groupby([table["scenario"], table["unit_id"]]).sum()
    for name in comparison.names[1:]:
        deltas = comparison.unit_changes.set_index("unit_id")[f"delta_{name}"]
        assert net[name].reindex(deltas.index, fill_value=0).to_dict() == deltas.to_dict()
    assert ((table["gained"] == 0) | (table["lost"] == 0)).all() and (table[["gained", "lost"]] >= 0).all().all()


def gains_table(rows_: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows_, columns=["scenario", "unit_id", "year", "family", "first_seats", "seats", "gained",
                                        "lost"])


def test_gains_losses_chart_draws_a_unit_that_gains_one_family_and_loses_another_with_both_bars(comparison):
    table = gains_table([("more_tc", "u2", 2023, "cao_cap", 2, 0, 0, 2), ("more_tc", "u2", 2023, "trung_cap", 0, 3,
                                                                         3, 0),
                         ("more_tc", "u1", 2024, "trung_cap", 6, 7, 1, 0)])
    fig = drawn(charts.gains_losses_chart(table, comparison.units, "more_tc", "baseline", years=[2023, 2024]))
    first, second = fig.axes[:2]
    assert first.get_title() == "2023" and second.get_title() == "2024"
    assert [t.get_text() for t in first.get_yticklabels()] == ["Sở Nội vụ", "Huyện ủy Mỹ Lộc"]
    widths = sorted(p.get_width() for p in first.patches if p.get_width())
    assert widths == [-2, 3]  # u2 in 2023: three seats gained and two lost, not a net +1
    colours = {matplotlib.colors.to_hex(p.get_facecolor()) for p in first.patches if p.get_width()}
    assert colours == {charts.GAIN_COLOUR.lower(), charts.LOSS_COLOUR.lower()}
    assert sorted(t.get_text() for t in first.texts) == ["+3", "−2"] and [t.get_text() for t in second.texts] == ["+1"]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Được thêm so với kịch bản gốc (baseline)",
                                                                  "Bị bớt so với kịch bản gốc (baseline)"]


def test_gains_losses_chart_keeps_the_units_with_the_largest_change_on_top_and_says_how_many(comparison):
    fig = drawn(charts.gains_losses_chart(comparison.gains_losses, comparison.units, "tight", "baseline", top=2,
                                          lang="en"))
    assert [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()] == [
        "Provincial Agencies Party Committee", "My Loc District Party Committee"]
    assert "2 of the 3 units with a change" in fig.legends[0].get_title().get_text()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_gains_losses_chart_of_no_change_says_so(comparison, lang):
    fig = drawn(charts.gains_losses_chart(comparison.gains_losses.iloc[:0], comparison.units, "more_tc", "baseline",
                                          years=[2023], lang=lang))
    assert {"vi": "Không đơn vị nào thay đổi số chỗ học", "en": "No unit's seats change"}[lang] in texts(fig)


def comparison_figures(comparison: Comparison, lang: str) -> list[Figure]:
    questions = dict(zip(comparison.scenarios["scenario"], comparison.scenarios["question"]))
    return [drawn(fig) for fig in (
        charts.comparison_coverage_chart(comparison.coverage, comparison.tiers, list(comparison.names), lang=lang,
                                         questions=questions),
        charts.unit_change_chart(comparison.unit_changes, "more_tc", lang=lang, questions=questions),
        charts.gains_losses_chart(comparison.gains_losses, comparison.units, "more_tc", "baseline", lang=lang,
                                  questions=questions))]


def test_comparison_charts_speak_vietnamese_by_default_and_english_on_request(comparison):
    for fig in comparison_figures(comparison, "vi"):
        assert english_words(fig) == [], fig._suptitle.get_text()
    for fig in comparison_figures(comparison, "en"):
        assert english_words(fig), fig._suptitle.get_text()


def test_comparison_charts_name_scenarios_by_their_question_with_the_name_as_a_label(comparison):
    coverage, units, gains = comparison_figures(comparison, "vi")
    assert [t.get_text() for t in coverage.legends[0].get_texts()] == [
        "baseline", "Nếu tăng chỉ tiêu Trung cấp năm 2024? (more_tc)", "tight"]
    assert units.axes[0].get_title(loc="left").splitlines()[0] == (
        "Kịch bản: Nếu tăng chỉ tiêu Trung cấp năm 2024? (more_tc)")
    assert "So với kịch bản gốc: baseline" in gains.legends[0].get_title().get_text()


def test_english_word_scan_finds_english_in_a_vietnamese_chart(comparison):
    """The scan above can fail: an English title in an otherwise Vietnamese chart is found."""
    fig = comparison_figures(comparison, "vi")[0]
    fig.suptitle("Share of demand given a seat")
    assert english_words(drawn(fig)) == ["Share", "demand", "given", "of", "seat"]
