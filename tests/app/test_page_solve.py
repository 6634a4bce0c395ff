"""Step 3 on the page: solve with progress stage by stage, Cancel that stops the solver, the status and numbers,
and for an infeasible scenario the rules in conflict and the least-bending plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_pages import ROOT, page, until

from optimizer import api


def test_a_solve_shows_its_status_and_seats_and_writes_a_result_folder_that_verifies(workspace):
    at = page(workspace, step="solve")
    at.button(key="solve").click().run()
    until(at, lambda at: at.success or at.error)
    assert not at.error and not at.exception
    line = at.success[0].value
    assert line.startswith("baseline: tối ưu, đã phân bổ 13.018 chỗ, đã kiểm tra lại mọi quy tắc")
    folder = Path(at.session_state["result"])
    assert folder.parent == workspace / "results"
    assert int(api.read_plan(folder)[0]["seats"].sum()) == 13018
    assert not api.verify(folder, redo=False).problems
    assert [m.label for m in at.metric][0] == "Đương chức chưa đạt chuẩn"  # cadres covered per tier, most urgent first
    assert at.metric[0].value == "2.427 / 2.427"
    assert "Phân bổ chỉ tiêu đào tạo, bồi dưỡng 2023–2025" in at.markdown[1].value  # the scenario by its question
    at.button(key="to_results").click().run()
    assert at.session_state["step"] == "results"


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    folder = api.write_synthetic(600, tmp_path_factory.mktemp("large") / "large", years=5)
    return next(folder.glob("*.yaml"))


def test_cancel_stops_the_solve_and_nothing_is_written(workspace, large):
    at = page(workspace, step="solve", scenario=str(large))
    at.button(key="solve").click().run()
    until(at, lambda at: at.session_state["job"].messages, seconds=120)
    job = at.session_state["job"]
    assert job.state == "running" and at.button(key="cancel")
    at.button(key="cancel").click().run()
    assert job.state == "cancelled" and not job.process.is_alive()
    assert at.warning[0].value == "Đã dừng. Không có gì được ghi."
    assert not list((workspace / "results").iterdir())


def test_an_infeasible_scenario_shows_the_conflict_and_offers_the_least_bending_plan(workspace, tmp_path):
    impossible = tmp_path / "impossible.yaml"
    impossible.write_text(f"extends: {ROOT / 'scenarios' / 'baseline.yaml'}\nname: impossible\nquestion: q\n"
                          "release_limits: {district: 1, party_committee: 1, department: 1, party_board: 1, "
                          "mass_org: 1}\ncaps:\n  - target: cao_cap_tt\n    set: {seats_min: 40}\n", encoding="utf-8")
    at = page(workspace, step="solve", scenario=str(impossible))
    at.button(key="solve").click().run()
    until(at, lambda at: at.error)
    assert at.error[0].value.startswith("không khả thi")
    at.button(key="elastic").click().run()
    until(at, lambda at: at.success)
    assert "nới" in at.success[0].value or "elastic" in at.success[0].value
    assert len(at.dataframe[0].value) >= 1  # the rules that bent
