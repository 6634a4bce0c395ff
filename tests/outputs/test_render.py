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
