"""The LP chain gives the integer program's stage values and plan, by every path it can take."""

from __future__ import annotations

import dataclasses
import random
import time

import numpy as np
import pandas as pd
import pytest

from optimizer.model import lp_chain
from optimizer.model.build import build_model
from optimizer.model import staged
from optimizer.model.staged import solve
from tests import tiny

FAMILIES = [{"family": "cc", "name": "Cao cấp", "group": "political_theory"},
            {"family": "tc", "name": "Trung cấp", "group": "political_theory"}]
KINDS = ["district", "department", "mass_org", "party_board"]


def _random_instance(folder, seed: int):
    """Two political-theory families linked by tight release limits, classes, two or three tiers: the shapes where
    LP vertices can be fractional and the families' best fairness levels can exclude each other."""
    rng = random.Random(seed)
    years = (2023, 2024, 2025)
    units = [tiny.unit(f"u{i}", rng.choice(KINDS)) for i in range(rng.randint(3, 7))]
    courses = [tiny.course("cc_tt", "full_time", family="cc", months=rng.choice([12, 24])),
               tiny.course("cc_pt", "part_time", family="cc", months=24, size=(rng.randint(2, 4), rng.randint(5, 8))),
               tiny.course("tc_tt", "full_time", family="tc", size=(rng.randint(2, 3), rng.randint(4, 6))),
               tiny.course("tc_pt", "part_time", family="tc", months=12)]
    caps = []
    for year in years:
        caps.append(tiny.cap(year, "cc_tt", seats_max=rng.randint(1, 6)))
        caps.append(tiny.cap(year, "cc_pt", seats_max=rng.randint(2, 10), classes_max=rng.randint(1, 2)))
        caps.append(tiny.cap(year, "tc", seats_max=rng.randint(3, 12), classes_max=rng.randint(1, 3)))
    tiers = [{"tier": f"t{k}", "rank": k, "name": f"Tier {k}"} for k in range(1, rng.randint(2, 3) + 1)]
    demand = []
    for u in units:
        for family in ("cc", "tc"):
            for tier in tiers:
                if rng.random() < 0.75:
                    earliest = rng.choice(years[:2])
                    demand.append(tiny.demand(f"{u['unit_id']}.{family}.{tier['tier']}", u["unit_id"],
                                              rng.randint(1, 6), tier=tier["tier"], family=family,
                                              block=rng.choice(["party", "government"]), earliest=earliest,
                                              deadline=rng.choice([y for y in years if y >= earliest]),
                                              full_time_only=rng.random() < 0.2))
    limits = {kind: rng.randint(1, 2) for kind in KINDS}
    return tiny.write_instance(folder, units=units, families=FAMILIES, courses=courses, caps=caps, demand=demand,
                               tiers=tiers, years=years, release_limits=limits)


def _with_method(scenario, method: str):
    return dataclasses.replace(scenario, solver=dataclasses.replace(scenario.solver, method=method))


def _stage_values(result) -> list[tuple[str, int, bool]]:
    return [(stage.name, stage.value, stage.optimal) for stage in result.stages]


@pytest.fixture(scope="module")
def paths_taken():
    """How often each of the chain's less common paths ran over the random instances below."""
    return {"integer program": 0, "competing families": 0}


@pytest.mark.parametrize("seed", range(16))
def test_lp_chain_gives_the_integer_programs_stage_values_and_plan(tmp_path, seed, monkeypatch, paths_taken):
    inputs, scenario = _random_instance(tmp_path, seed)
    counted_ip, counted_walk = lp_chain._integer_program, lp_chain._two_families

    def integer_program(*args, **kwargs):
        paths_taken["integer program"] += 1
        return counted_ip(*args, **kwargs)

    def two_families(*args, **kwargs):
        paths_taken["competing families"] += 1
        return counted_walk(*args, **kwargs)

    monkeypatch.setattr(lp_chain, "_integer_program", integer_program)
    monkeypatch.setattr(lp_chain, "_two_families", two_families)
    chain = solve(inputs, _with_method(scenario, "lp_chain"))
    mip = solve(inputs, _with_method(scenario, "mip"))
    assert _stage_values(chain) == _stage_values(mip)
    assert all(optimal for _, _, optimal in _stage_values(chain))
    pd.testing.assert_frame_equal(chain.allocation, mip.allocation)
    pd.testing.assert_frame_equal(chain.classes, mip.classes)


def test_the_random_instances_reach_the_integer_program_and_competing_families(paths_taken):
    # Runs after the parametrised test above: the comparison is worth most where the chain leaves the LP.
    assert paths_taken["integer program"] > 0
    assert paths_taken["competing families"] > 0


def test_the_seats_a_level_needs_are_whole_seats_rounded_up():
    demand = np.array([3, 7, 1000])
    assert lp_chain._seats_needed(0, demand).tolist() == [0, 0, 0]
    assert lp_chain._seats_needed(334, demand).tolist() == [2, 3, 334]
    assert lp_chain._seats_needed(1000, demand).tolist() == demand.tolist()


def test_levels_needing_the_same_seats_are_decided_together():
    demand = np.array([3, 4])
    # 1000·k/3 and 1000·k/4: seats change at 1, 251, 334, 501, 667, 751.
    assert lp_chain._lowest_alike(300, demand) == 251
    assert lp_chain._highest_alike(300, demand) == 333
    assert lp_chain._lowest_alike(334, demand) == 334
    assert lp_chain._highest_alike(1000, demand) == 1000
    for level in range(0, 1001, 7):
        seats = lp_chain._seats_needed(level, demand).tolist()
        assert lp_chain._seats_needed(lp_chain._lowest_alike(level, demand), demand).tolist() == seats
        assert lp_chain._seats_needed(lp_chain._highest_alike(level, demand), demand).tolist() == seats
        if lp_chain._lowest_alike(level, demand) > 0:
            assert lp_chain._seats_needed(lp_chain._lowest_alike(level, demand) - 1, demand).tolist() != seats


def _part_of(tmp_path):
    inputs, scenario = tiny.write_instance(tmp_path, courses=[tiny.course("cc_tt", "full_time"),
                                                              tiny.course("cc_pt", "part_time", size=(2, 3))],
                                           caps=[tiny.cap(y, c, seats_max=5) for y in tiny.YEARS
                                                 for c in ("cc_tt", "cc_pt")])
    model = build_model(inputs, scenario)
    return model, lp_chain._new_part(model.variables, model.rows, scenario.solver, np.zeros(0, np.int64))


def test_a_vertex_with_a_fractional_seat_is_not_taken_as_a_plan(tmp_path):
    model, part = _part_of(tmp_path)
    values = np.zeros(len(model.variables))
    values[0] = 0.5
    assert lp_chain._completed(part, values, np.zeros(len(values)), True) is None


def test_class_counts_of_a_whole_seat_vertex_are_completed_to_the_fewest_that_seat_them(tmp_path):
    model, part = _part_of(tmp_path)
    seats = model.candidates.reset_index(drop=True)
    part_time = np.flatnonzero((seats["course_id"] == "cc_pt") & (seats["year"] == 2023))[:1]
    values = np.zeros(len(model.variables))
    values[part_time] = 3.0  # u1.a: 3 seats in the part-time course, classes of 2–3
    grid = model.class_vars
    column = int(grid.loc[(grid["course_id"] == "cc_pt") & (grid["year"] == 2023), "var"].iloc[0])
    values[column] = 1.4  # the LP's fractional class count
    costs = np.zeros(len(values))
    costs[grid["var"].to_numpy()] = 1.0
    plan = lp_chain._completed(part, values, costs, False)
    assert plan is not None and plan[column] == 1.0
    values[part_time] = 7.0  # more than the demand row's 3 cadres: no plan
    assert lp_chain._completed(part, values, costs, False) is None


def test_two_families_tied_at_the_optimum_keep_both_pairs_open_as_the_integer_program_does(tmp_path, monkeypatch):
    # One full-time seat a year for the unit: the advanced or the intermediate cadre goes, (1000, 0) or (0, 1000).
    inputs, scenario = tiny.write_instance(
        tmp_path, units=[tiny.unit("u1", "district")], families=FAMILIES, years=(2023,),
        courses=[tiny.course("cc_tt", "full_time", family="cc"), tiny.course("tc_tt", "full_time", family="tc")],
        caps=[tiny.cap(2023, "cc_tt", seats_max=1), tiny.cap(2023, "tc_tt", seats_max=1)],
        demand=[tiny.demand("u1.cc", "u1", 1, family="cc", earliest=2023, deadline=2023),
                tiny.demand("u1.tc", "u1", 1, family="tc", earliest=2023, deadline=2023)],
        release_limits={"district": 1})
    walked = []
    walk = lp_chain._two_families

    def two_families(*args, **kwargs):
        walked.append(walk(*args, **kwargs))
        return walked[-1]

    monkeypatch.setattr(lp_chain, "_two_families", two_families)
    chain = solve(inputs, _with_method(scenario, "lp_chain"))
    mip = solve(inputs, _with_method(scenario, "mip"))
    assert len(walked) == 1 and not walked[0].by_thresholds  # a tie: fixed by the level columns and a row
    assert ("fairness[t1]", 1000, True) in _stage_values(chain)
    assert _stage_values(chain) == _stage_values(mip)
    pd.testing.assert_frame_equal(chain.allocation, mip.allocation)


def test_a_time_limit_inside_a_later_stage_keeps_the_plan_of_the_stages_before(tmp_path, monkeypatch):
    inputs, scenario = _random_instance(tmp_path, 0)

    def out_of_time(*args, **kwargs):
        raise lp_chain.LpTimeLimit("fairness")

    monkeypatch.setattr(lp_chain, "_fairness_stage", out_of_time)
    result = solve(inputs, _with_method(scenario, "lp_chain"))
    assert result.status.value == "time_limited"
    assert [stage.name for stage in result.stages] == [f"coverage[{t}]" for t in inputs.tiers.index]
    assert all(stage.optimal for stage in result.stages) and len(result.allocation) > 0


def test_a_hint_that_fits_and_reaches_each_stages_bound_replaces_the_search_near_the_vertex(tmp_path, monkeypatch):
    """Coverage stages of the random instances' parts, solved cold and then with their own plan as a hint: the same
    values; where the cold solve found its plans by searching near the vertex (at the LP's bound), the hinted one
    needs no integer program at all."""
    calls = {"near": 0, "full": 0}
    near, full = lp_chain._near_vertex, lp_chain._integer_program

    def counted(kind, function):
        def run(*args, **kwargs):
            calls[kind] += 1
            return function(*args, **kwargs)
        return run

    monkeypatch.setattr(lp_chain, "_near_vertex", counted("near", near))
    monkeypatch.setattr(lp_chain, "_integer_program", counted("full", full))
    replaced = 0
    for seed in range(16):
        inputs, scenario = _random_instance(tmp_path / str(seed), seed)
        model = build_model(inputs, scenario)
        model = dataclasses.replace(model, stages=tuple(s for s in model.stages if s[0].kind == "coverage"))
        for part in staged.split_components(model):
            variables, rows, objectives, *_ = staged.part_arguments(model, part, None, 0.0)
            deadline = time.monotonic() + 60
            calls.update(near=0, full=0)
            plan, cold, _, _ = lp_chain.solve_part(variables, rows, objectives, scenario.solver, deadline)
            cold_calls = dict(calls)
            calls.update(near=0, full=0)
            _, hinted, _, _ = lp_chain.solve_part(variables, rows, objectives, scenario.solver, deadline, hint=plan)
            assert [(s.name, s.value, s.optimal) for s in hinted] == [(s.name, s.value, s.optimal) for s in cold]
            if cold_calls["near"] > 0 and cold_calls["full"] == 0:
                assert calls == {"near": 0, "full": 0}
                replaced += 1
    assert replaced > 0


def test_a_hint_that_breaks_a_row_is_not_taken(tmp_path):
    model, part = _part_of(tmp_path)
    objective = pd.DataFrame({"var": np.arange(len(model.candidates)), "coef": 1.0})
    too_many = np.asarray(model.variables["upper"], dtype=float) * 0 + 50  # far over every quota line
    solved = lp_chain._solve_stage(part, model.variables, "coverage", objective, True, None, 60, hint=too_many)
    assert part.holds(solved.plan) and not np.array_equal(solved.plan, too_many)
