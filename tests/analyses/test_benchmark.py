"""The benchmark's routes: each child's report, and the PuLP peer solving the same staged model."""

from __future__ import annotations

import io

import pandas as pd

from optimizer.analyses import benchmark, peer
from tests import tiny


def test_each_route_reports_the_same_proven_stage_values_on_a_tiny_instance(tmp_path):
    tiny.write_instance(tmp_path)
    scenario = str(tmp_path / "scenario.yaml")
    chain = benchmark.solve_by_route(scenario, "lp_chain", 30.0)
    mip = benchmark.solve_by_route(scenario, "mip", 30.0)
    pulp = peer.solve_with_pulp(scenario, 30.0)
    assert chain["finished"] and mip["finished"] and pulp["finished"]
    values = [(stage["name"], stage["value"]) for stage in chain["stages"]]
    assert len(values) == 7 and values == [(stage["name"], stage["value"]) for stage in mip["stages"]]
    assert values == [(stage["name"], stage["value"]) for stage in pulp["stages"]]
    assert chain["peak_mb"] > 0 and pulp["peak_mb"] > 0


def test_a_peer_cut_short_by_its_time_limit_is_reported_unfinished(tmp_path):
    tiny.write_instance(tmp_path)
    assert not peer.solve_with_pulp(str(tmp_path / "scenario.yaml"), 0.0)["finished"]


def _fake_child(route, scenario, time_limit):
    seconds = {"lp_chain": 2.0, "mip": 30.0, "pulp": time_limit}[route]
    stages = [{"name": "coverage[t1]", "value": 5, "proven": route != "pulp"}]
    return {"seconds": seconds, "stages": stages, "finished": route != "pulp", "peak_mb": 100.0}


def test_each_timed_run_comes_with_its_figures_and_the_ratios_as_lines(monkeypatch, tmp_path):
    monkeypatch.setattr(benchmark, "_child", _fake_child)
    monkeypatch.setattr(benchmark.peer, "pulp", object())  # as if installed
    reports = list(benchmark._compare("200 units", 200, tmp_path / "scenario.yaml", benchmark.ROUTES, 60.0))
    runs = [r.run for r in reports if r.run is not None]
    assert [(r["route"], r["seconds"], r["proven"], r["finished"]) for r in runs] == [
        ("lp_chain", 2.0, 1, True), ("mip", 30.0, 1, True), ("pulp", 60.0, 0, False)]
    lines = [r.line for r in reports if r.run is None]
    assert "mip / lp_chain = 15.0×;" in lines[0] and "pulp / lp_chain = 30.0× at least" in lines[1]


def test_benchmark_files_hold_every_run_and_the_growth_chart(monkeypatch, tmp_path):
    monkeypatch.setattr(benchmark, "_child", _fake_child)
    monkeypatch.setattr(benchmark.peer, "pulp", object())
    runs = [{"instance": "bundled", "units": None, "route": "lp_chain", "seconds": 1.5, "peak_mb": 300,
             "stages": 11, "proven": 11, "finished": True}]
    for units in (200, 1000):
        runs += [r.run for r in benchmark._compare(f"{units} units", units, tmp_path / "s.yaml", benchmark.ROUTES, 60.0)
                 if r.run is not None]
    files = benchmark.benchmark_files(runs)
    assert set(files) == {"benchmark.csv", "growth.png", "growth.svg"}
    table = pd.read_csv(io.BytesIO(files["benchmark.csv"]))
    assert list(table.columns) == benchmark.RUN_COLUMNS and len(table) == 7
    assert files["growth.png"].startswith(b"\x89PNG") and b"stopped unfinished" in files["growth.svg"]
