"""The benchmark's routes: each child's report, and the PuLP peer solving the same staged model."""

from __future__ import annotations

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
