"""A what-if re-solved from a solved case (``staged.resolve``) gives what a whole solve of it gives, and solves only
the parts its changes reach."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optimizer.errors import InfeasibleError
from optimizer.inputs.case import load_case
from optimizer.inputs.scenario import variant_scenario
from optimizer.model import staged
from optimizer.model.build import build_model, with_quota_lines
from optimizer.model.staged import resolve, solve, solve_keeping_parts
from tests import tiny
from tests.model.test_lp_chain import _random_instance


def _what_if(scenario, **keys):
    """The what-if extending ``scenario`` with ``keys`` (a scenario file's keys), loaded in full from its files."""
    return load_case(variant_scenario(scenario.path, "what_if", **keys))


def _own_changes(inputs, solved_scenario, scenario):
    for change in scenario.changes[len(solved_scenario.changes):]:
        inputs = change.kind.apply(inputs, change)
    return inputs


def _same_result(a, b) -> None:
    assert [(s.name, s.value, s.optimal) for s in a.stages] == [(s.name, s.value, s.optimal) for s in b.stages]
    pd.testing.assert_frame_equal(a.allocation, b.allocation)
    pd.testing.assert_frame_equal(a.classes, b.classes)


@pytest.fixture
def counted_parts(monkeypatch):
    """How many parts each solve below hands to the solver."""
    calls = []
    solve_one_part = staged.solve_one_part

    def counting(*args, **kwargs):
        calls.append(len(args[0]))
        return solve_one_part(*args, **kwargs)

    monkeypatch.setattr(staged, "solve_one_part", counting)
    return calls


@pytest.mark.parametrize("seed", range(6))
def test_a_quota_number_changed_resolves_to_the_whole_solves_plan_in_every_stage(tmp_path, seed):
    inputs, scenario = _random_instance(tmp_path, seed)
    solved = solve_keeping_parts(inputs, scenario)
    caps = [{"target": "cc_tt", "years": [2024], "set": {"seats_max": int(inputs.caps.loc[
        (inputs.caps["target"] == "cc_tt") & (inputs.caps["year"] == 2024), "seats_max"].iloc[0]) + 1}},
            {"target": "tc", "years": [2023], "add_classes": 1}]
    variant, variant_inputs = _what_if(scenario, caps=caps)
    again = resolve(solved, _own_changes(inputs, scenario, variant), variant)
    _same_result(again, solve(variant_inputs, variant))


def _two_parts(folder):
    """Two families sharing no rule (release limits generous): two independent parts. The part-time course has a
    seat line and a separate line holding only its class limit."""
    return tiny.write_instance(
        folder, families=[*tiny.DEFAULT_FAMILIES, {"family": "dd", "name": "DD", "group": "degree"}],
        courses=[tiny.course("cc_tt", "full_time"), tiny.course("cc_pt", "part_time", size=(2, 3)),
                 tiny.course("dd_x", "none", family="dd")],
        caps=[*[tiny.cap(y, "cc_tt", seats_max=2) for y in tiny.YEARS],
              *[tiny.cap(y, "cc_pt", seats_max=6) for y in tiny.YEARS],
              *[tiny.cap(y, "cc_pt", classes_max=1) for y in tiny.YEARS],
              *[tiny.cap(y, "dd_x", seats_max=2) for y in tiny.YEARS]],
        demand=[tiny.demand("u1.a", "u1", 5), tiny.demand("u2.a", "u2", 6, tier="t2"),
                tiny.demand("u1.d", "u1", 3, family="dd")])


def test_only_the_parts_a_changed_line_reaches_are_solved_again(tmp_path, counted_parts):
    inputs, scenario = _two_parts(tmp_path)
    solved = solve_keeping_parts(inputs, scenario)
    assert len(counted_parts) == 2
    variant, variant_inputs = _what_if(scenario, caps=[{"target": "dd_x", "years": [2023], "set": {"seats_max": 3}}])
    again = resolve(solved, _own_changes(inputs, scenario, variant), variant)
    assert len(counted_parts) == 3  # the degree part only
    _same_result(again, solve(variant_inputs, variant))


def test_a_line_that_gains_a_seat_limit_is_rebuilt_and_still_solves_only_its_part(tmp_path, counted_parts):
    inputs, scenario = _two_parts(tmp_path)
    solved = solve_keeping_parts(inputs, scenario)
    # Both cc_pt lines of 2023 get seats_max 5, the class line one it never had: one row more in the cc part.
    variant, variant_inputs = _what_if(scenario, caps=[{"target": "cc_pt", "years": [2023], "set": {"seats_max": 5}}])
    own = _own_changes(inputs, scenario, variant)
    assert with_quota_lines(solved.model, inputs, own, variant) is None
    again = resolve(solved, own, variant)
    assert len(counted_parts) == 3
    _same_result(again, solve(variant_inputs, variant))


def test_moved_quota_numbers_give_the_rows_a_whole_build_gives(tmp_path):
    inputs, scenario = _two_parts(tmp_path)
    model = build_model(inputs, scenario)
    variant, variant_inputs = _what_if(scenario, caps=[{"target": "cc_pt", "years": [2024], "add_classes": 2},
                                                       {"target": "cc_tt", "set": {"seats_max": 1}}])
    moved = with_quota_lines(model, inputs, _own_changes(inputs, scenario, variant), variant)
    built = build_model(variant_inputs, variant)
    for key in ("names", "lower", "upper", "row", "var", "coef"):
        assert np.array_equal(getattr(moved.rows, key), getattr(built.rows, key)), key
    assert not np.array_equal(moved.rows.upper, model.rows.upper)


def test_an_infeasible_what_if_names_the_same_conflict_as_a_whole_solve(tmp_path):
    inputs, scenario = _two_parts(tmp_path)
    solved = solve_keeping_parts(inputs, scenario)
    caps = [{"target": "dd_x", "years": [2023], "set": {"seats_min": 2, "seats_max": 2}},
            {"target": "dd_x", "years": [2024], "set": {"seats_min": 2, "seats_max": 2}}]
    variant, variant_inputs = _what_if(scenario, caps=caps)  # 4 seats wanted, u1.d asks for 3
    with pytest.raises(InfeasibleError) as whole:
        solve(variant_inputs, variant)
    with pytest.raises(InfeasibleError) as again:
        resolve(solved, _own_changes(inputs, scenario, variant), variant)
    assert str(again.value) == str(whole.value)
