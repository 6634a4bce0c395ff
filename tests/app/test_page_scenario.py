"""Step 2 of the planner's page: start from a scenario, edit a table, read the change list, save; a bad edit saves
nothing; the saved file solves and validates on the command line as the same keys do through the API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from optimizer import api

MAIN = Path(__file__).resolve().parents[2] / "optimizer" / "app" / "main.py"
REPO = MAIN.parents[2]
CUT = [{"target": "cao_cap_tt", "block": "all", "years": [2024], "set": {"seats_max": 30}}]


@pytest.fixture(scope="module")
def quota():
    return api.quota_table(api.load(api.SCENARIOS / "baseline.yaml")[1], "vi")


def row(quota, year: int, target: str) -> int:
    return int(quota.index[(quota["year"] == year) & (quota["target"] == target)][0])


def page(workspace: Path) -> AppTest:
    at = AppTest.from_file(str(MAIN), default_timeout=120)
    at.session_state["workspace"] = str(workspace)
    at.session_state["step"] = "scenario"
    at.run()
    assert not at.exception and not at.error
    return at


def edit(at: AppTest, key: str, edited_rows=None, added_rows=None) -> AppTest:
    at.session_state[key] = {"edited_rows": edited_rows or {}, "added_rows": added_rows or [], "deleted_rows": []}
    return at.run()


def said(at: AppTest) -> str:
    return "\n".join(c.value for c in at.code)


@pytest.fixture(scope="module")
def saved(tmp_path_factory, quota):
    """The planner's question: the centre cut the advanced full-time quota to 30 next year (2024)."""
    workspace = tmp_path_factory.mktemp("workspace")
    at = page(workspace)
    edit(at, "scn_quota_baseline", {row(quota, 2024, "cao_cap_tt"): {"seats_max": 30}})
    shown = said(at)
    at.text_input(key="scn_name_baseline").input("Giảm cao cấp tập trung").run()
    at.text_input(key="scn_question_baseline").input("Trung ương giảm chỉ tiêu cao cấp LLCT hệ tập trung còn 30").run()
    at.button(key="scn_save").click().run()
    return at, workspace, shown


def test_an_edited_quota_cell_is_said_in_vietnamese_and_saved_as_a_scenario_step_3_solves(saved):
    at, workspace, shown = saved
    assert "thay đổi caps[0]" in shown and "đặt seats_max=30" in shown and "target=cao_cap_tt" in shown
    path = workspace / "scenarios" / "giam_cao_cap_tap_trung.yaml"
    assert path.is_file() and at.session_state["scenario"] == str(path)
    assert at.success and "Đã lưu" in at.success[0].value
    keys = api.own_keys(path)
    assert keys["caps"] == CUT and keys["extends"].endswith("scenarios/baseline.yaml") and "data" not in keys
    # the saved file opens again with its edit: the same change is said, now against the file it extends
    assert at.session_state["scn_start"] == str(path.resolve())
    assert "đặt seats_max=30" in said(at) and not at.exception


def test_seats_min_above_seats_max_is_one_line_and_nothing_is_saved(tmp_path, quota):
    at = page(tmp_path)
    edit(at, "scn_quota_baseline", {row(quota, 2024, "cao_cap_tt"): {"seats_min": 50}})
    assert len(at.error) == 1 and "\n" not in at.error[0].value
    assert "dữ liệu sai" in at.error[0].value and "seats_min" in at.error[0].value
    at.text_input(key="scn_name_baseline").input("sai").run()
    at.button(key="scn_save").click().run()
    assert "Chưa lưu" in "".join(e.value for e in at.error)
    assert not list((tmp_path / "scenarios").glob("*.yaml")) and not at.exception


def test_a_pin_beyond_the_cadres_who_could_take_it_is_refused_in_one_line(tmp_path):
    at = page(tmp_path)
    edit(at, "scn_pins_baseline", added_rows=[{"unit_name": "Huyện ủy Mỹ Lộc", "course_name": "Tiến sĩ",
                                               "year": 2024, "seats": 400}])
    assert len(at.error) == 1 and "\n" not in at.error[0].value
    assert at.error[0].value.startswith("dữ liệu sai") and "pins[0].seats" in at.error[0].value
    assert "400" in at.error[0].value and not at.exception
    edit(at, "scn_pins_baseline", added_rows=[{"unit_name": "Huyện ủy Mỹ Lộc", "course_name": "Tiến sĩ",
                                               "year": 2024, "seats": 1}])
    assert not at.error and "quyết định trước: 1 ô đã chốt" in said(at)


def test_the_saved_file_solves_and_validates_on_the_command_line_as_the_same_keys_do_in_the_api(saved, tmp_path):
    at, workspace, _ = saved
    path = workspace / "scenarios" / "giam_cao_cap_tap_trung.yaml"
    run = subprocess.run([sys.executable, "-m", "optimizer", "solve", str(path), "--out", str(tmp_path / "cli")],
                         check=False, cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    result = api.solve(api.variant(api.SCENARIOS / "baseline.yaml", "cut", caps=CUT))
    api.write(result, tmp_path / "api")
    assert (tmp_path / "cli" / "assignments.csv").read_bytes() == (tmp_path / "api" / "assignments.csv").read_bytes()
    check = subprocess.run([sys.executable, "-m", "optimizer", "validate", str(path.resolve()), "--lang", "vi"],
                           check=False, cwd=REPO, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    changes = [line for line in check.stdout.splitlines() if line.startswith("thay đổi")]
    assert changes and all(line in said(at) for line in changes)


def test_the_merged_province_can_keep_each_former_provinces_quotas_and_saves_the_setting(tmp_path):
    """Starting from new Ninh Bình the page offers the pooled-or-separate choice; ticked, the file says so."""
    at = AppTest.from_file(str(MAIN), default_timeout=240)
    at.session_state["workspace"] = str(tmp_path)
    at.session_state["step"] = "scenario"
    at.session_state["scn_start"] = str((api.SCENARIOS / "ninh_binh_2026_2030.yaml").resolve())
    at.run()
    assert not at.exception and not at.error
    box = at.checkbox(key="scn_separate_ninh_binh_2026_2030")
    assert box.value is False and "tỉnh cũ" in box.label
    box.check().run()
    at.text_input(key="scn_name_ninh_binh_2026_2030").input("Giữ riêng theo tỉnh cũ").run()
    at.button(key="scn_save").click().run()
    keys = api.own_keys(tmp_path / "scenarios" / "giu_rieng_theo_tinh_cu.yaml")
    assert keys["separate_quotas_by"] == "former_province" and not at.exception


def test_a_province_without_former_provinces_offers_no_such_choice(tmp_path):
    at = page(tmp_path)
    assert not [box for box in at.checkbox if box.key and box.key.startswith("scn_separate")]
