"""Step 3 on the page: solve with progress stage by stage, Cancel that stops the solver, the status and numbers,
and for an infeasible scenario the rules in conflict and the least-bending plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_pages import page, until
from tiny import cap, course, demand, write_instance

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
    # Three full-time seats must be filled, but the unit may release only one cadre.
    write_instance(tmp_path / "impossible", years=(2023,), courses=[course("cc_tt", "full_time")],
                   caps=[cap(2023, "cc_tt", seats_min=3, seats_max=10)], demand=[demand("u1.a", "u1", 5)],
                   release_limits={"district": 1}, name="impossible")
    at = page(workspace, step="solve", scenario=str(tmp_path / "impossible" / "scenario.yaml"))
    at.button(key="solve").click().run()
    until(at, lambda at: at.error)
    assert at.error[0].value.startswith("không khả thi") and "release_limit[u1,2023]" in at.error[0].value
    at.button(key="elastic").click().run()
    until(at, lambda at: at.success)
    assert "nới" in at.success[0].value or "elastic" in at.success[0].value
    assert at.dataframe[0].value["rule"].tolist() == ["release_limit[u1,2023]"]  # the rule that bent
