"""The worker's solve: a result folder like 'solve --out', the library's failures as values in both languages,
and a cancelled solve that leaves nothing behind."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from app_pages import ROOT
from tiny import cap, course, demand, write_instance

from optimizer import api
from optimizer.app import work
from optimizer.app.jobs import Job


def test_a_solve_writes_the_result_folder_the_command_line_writes(tmp_path):
    out = tmp_path / "baseline"
    solved = work.solve_scenario(str(ROOT / "scenarios" / "baseline.yaml"), str(out), "vi")
    assert isinstance(solved, work.Solved) and solved.status == "optimal"
    assert solved.seats == int(api.read_plan(out)[0]["seats"].sum())
    assert (out / "report.html").is_file() and (out / "tom_tat.pdf").is_file()
    assert not api.verify(out, redo=False).problems


def test_bad_input_comes_back_as_one_line_in_each_language(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"extends: {ROOT / 'scenarios' / 'baseline.yaml'}\nname: bad\ncaps:\n  - target: khong_co\n"
                   "    set: {seats_max: 3}\n", encoding="utf-8")
    failed = work.solve_scenario(str(bad), str(tmp_path / "out"), "vi")
    assert isinstance(failed, work.Failure) and failed.status == 2
    assert failed.said("vi").startswith("dữ liệu sai") and failed.said("en").startswith("bad input")
    assert "khong_co" in failed.said("vi")
    assert not (tmp_path / "out").exists()


@pytest.fixture
def impossible(tmp_path) -> Path:
    """Three full-time seats must be filled, but the unit may release only one cadre (a tiny instance: the
    diagnosis and the least-bending plan take a second, not minutes as on the whole province)."""
    write_instance(tmp_path / "impossible", years=(2023,), courses=[course("cc_tt", "full_time")],
                   caps=[cap(2023, "cc_tt", seats_min=3, seats_max=10)], demand=[demand("u1.a", "u1", 5)],
                   release_limits={"district": 1}, name="impossible")
    return tmp_path / "impossible" / "scenario.yaml"


def test_an_infeasible_scenario_names_the_rules_in_conflict_and_the_elastic_plan_bends_them(impossible, tmp_path):
    failed = work.solve_scenario(str(impossible), str(tmp_path / "out"), "vi")
    assert isinstance(failed, work.Failure) and failed.status == int(api.ExitStatus.INFEASIBLE)
    assert "release_limit[u1,2023]" in failed.said("en") and "seat_cap[cc_tt,all,2023]" in failed.said("vi")
    bent = work.solve_scenario(str(impossible), str(tmp_path / "elastic"), "vi", elastic=True)
    assert isinstance(bent, work.Solved) and bent.status == "elastic" and bent.bent
    assert (tmp_path / "elastic" / "bent_rules.csv").is_file()


def test_cancelling_a_solve_stops_the_solver_and_writes_nothing(tmp_path):
    big = api.write_synthetic(600, tmp_path / "big", years=5)
    scenario = next(big.glob("*.yaml")) if big.is_dir() else big
    out = tmp_path / "out"
    job = Job.start("big", work.solve_scenario, str(scenario), str(out), "vi")
    deadline = time.monotonic() + 120
    while not job.poll().messages and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job.messages, "the solve reported no progress"
    job.cancel()
    assert job.state == "cancelled" and not job.process.is_alive()
    time.sleep(0.5)
    assert not out.exists()
