"""The result folder's files: every documented file, charts in PNG and SVG, the settings sheet, the HTML report."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
import yaml
from documented import documented_result_files
from tiny import cap, demand, write_instance

from optimizer import encode
from optimizer import api
from optimizer.model import checks
from optimizer.outputs.folder import REPORT_FILE
from optimizer.outputs.render import result_files, settings_table, stages_table

# Without report.html (asked for), the manifest (written with the folder) and the inputs/ tables (checked below).
DOCUMENTED = documented_result_files() - {"report.html", ".optimizer-written", "inputs"}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("results")
    write_instance(folder, caps=[cap(y, "cc_tt", seats_max=4) for y in (2023, 2024)],
                   demand=[demand("u1.a", "u1", 5), demand("u2.a", "u2", 3, tier="t2")])
    path = folder / "cut.yaml"
    path.write_text(yaml.safe_dump({"extends": "scenario.yaml", "name": "cut", "question": "Cắt còn 3 chỗ?",
                                    "caps": [{"target": "cc_tt", "set": {"seats_max": 3}}]}), encoding="utf-8")
    return api.solve(path)


def test_result_files_are_the_documented_ones_plus_the_inputs(result):
    files = result_files(result)
    assert {name for name in files if not name.startswith("inputs/")} == DOCUMENTED
    assert "inputs/caps.csv" in files and all(isinstance(data, bytes) and data for data in files.values())


def test_a_solved_plan_breaks_no_rule_and_says_so_in_violations_csv_and_the_summary(result):
    files = result_files(result)
    assert files["violations.csv"] == encode.CSV_BOM + b"rule,subject,detail\n"
    counts = json.loads(files["summary.json"])["rule_violations"]
    assert set(counts) == set(checks.CHECKS) and set(counts.values()) == {0}


def test_the_html_report_is_written_only_when_asked(result):
    assert REPORT_FILE not in result_files(result)
    page = result_files(result, html=True)[REPORT_FILE].decode("utf-8")
    assert "Cắt còn 3 chỗ?" in page and "https://" not in page


def test_settings_table_names_the_scenario_its_changes_and_limits(result):
    table = settings_table(result)
    values = dict(zip(table["setting"], table["value"]))
    assert values["Kịch bản"] == "cut" and values["Trạng thái lời giải"].startswith("tối ưu")
    assert any(k.startswith("Thay đổi caps[0]") and "seats_max=3" in str(v) for k, v in values.items())
    assert any(k.startswith("Full-time release limit") for k in settings_table(result, "en")["setting"])


def test_the_workbook_carries_the_settings_and_stage_values(result):
    book = openpyxl.load_workbook(io.BytesIO(result_files(result)["allocation.xlsx"]))
    sheet = book["Thông số"]
    text = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert "cut" in text and set(stages_table(result)["stage"]) <= text
    # each stage said in words beside its id, with the tier's name
    tier = result.inputs.tiers["name"].iloc[0]
    assert {f"Số chỗ cho nhóm: {tier}", f"Công bằng giữa các đơn vị: {tier}", "Ít lớp nhất", "Ý nghĩa"} <= text


def test_two_renderings_are_byte_identical(result):
    first, second = result_files(result), result_files(result)
    assert {k: v for k, v in first.items() if k != "timing.json"} == {k: v for k, v in second.items()
                                                                      if k != "timing.json"}


def test_charts_drawn_in_a_second_process_give_the_same_files_in_the_same_order(result):
    here, apart = result_files(result), result_files(result, apart=True)
    assert list(apart) == list(here)
    assert {k: v for k, v in apart.items() if k != "timing.json"} == {k: v for k, v in here.items()
                                                                      if k != "timing.json"}


def test_the_html_report_explains_why_short_rows_got_no_more_seats(result):
    files = result_files(result, html=True)
    explanations = files["explanations.csv"].decode("utf-8")
    assert "seat_cap" in explanations
    page = files[REPORT_FILE].decode("utf-8")
    assert 'id="why"' in page and "Vì sao đơn vị chưa được đủ chỗ" in page and "<details>" in page


# --- decided cells: pins and past years --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    """A re-plan with a reference plan and a pin, planned on a date in 2024: 2023 keeps the reference."""
    folder = tmp_path_factory.mktemp("decided")
    write_instance(folder, caps=[cap(y, "cc_tt", seats_max=4) for y in (2023, 2024)],
                   demand=[demand("u1.a", "u1", 5), demand("u2.a", "u2", 3, tier="t2")])
    (folder / "plan.csv").write_text("demand_id,year,course_id,seats\nu2.a,2023,cc_tt,3\n", encoding="utf-8")
    path = folder / "replan.yaml"
    path.write_text(yaml.safe_dump({"extends": "scenario.yaml", "name": "replan", "reference": "plan.csv",
                                    "today": "2024-03-01",
                                    "pins": [{"unit": "u1", "course": "cc_tt", "year": 2024, "at_most": 2}]}),
                    encoding="utf-8")
    return api.solve(path), folder


def test_the_resolved_plan_from_year_and_the_pins_are_written_so_that_a_re_solve_redoes_the_plan(decided, tmp_path):
    result, _ = decided
    files = result_files(result)
    written = yaml.safe_load(files["scenario.yaml"])
    assert written["plan_from_year"] == 2024 and "pins" not in written and "today" not in written
    assert files["inputs/pins.csv"].decode("utf-8-sig").splitlines() == [
        "unit_id,course,year,seats,at_least,at_most,note", "u1,cc_tt,2024,,,2,"]
    summary = json.loads(files["summary.json"])
    assert summary["scenario"]["plan_from_year"] == 2024 and "past_years_kept" in [w["code"] for w in
                                                                                    summary["warnings"]]
    out = api.write(result, tmp_path / "replan")
    again = api.solve(out / "scenario.yaml")
    assert again.allocation.equals(result.allocation) and again.inputs.past_years == (2023,)


def test_the_settings_sheet_says_from_which_year_the_plan_is_made_again_and_how_many_pins_it_keeps(decided):
    table = settings_table(decided[0]).set_index("setting")["value"]
    assert table["Lập lại kế hoạch từ năm"] == "2024 (các năm trước giữ theo kế hoạch tham chiếu)"
    assert table["Số chỗ đã quyết định trước (pinned)"] == "1 quyết định"


def test_a_result_without_pins_has_no_pins_csv(result):
    assert "inputs/pins.csv" not in result_files(result)
