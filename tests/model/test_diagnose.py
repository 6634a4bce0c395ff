"""Infeasible scenarios: a minimal set of named rules in conflict, with their numbers, and the least bending."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tiny import cap, course, demand, write_instance

from optimizer import api
from optimizer.errors import InfeasibleError
from optimizer.model.build import build_model
from optimizer.model.diagnose import minimal_conflict

CASES = {
    # A seats_min above the eligible cadres: the quota line alone.
    "seats_min_above_demand": (dict(years=(2023,), caps=[cap(2023, "cc_tt", seats_min=5, seats_max=10)],
                                    demand=[demand("u1.a", "u1", 3, deadline=2023)]),
                               ["seat_cap[cc_tt,all,2023]"]),
    # Three full-time seats must be filled, but the only unit may release one cadre: both rules, neither alone.
    "release_limit_against_seats_min": (dict(years=(2023,), courses=[course("cc_tt", "full_time")],
                                             caps=[cap(2023, "cc_tt", seats_min=3, seats_max=10)],
                                             demand=[demand("u1.a", "u1", 5)], release_limits={"district": 1}),
                                        ["release_limit[u1,2023]", "seat_cap[cc_tt,all,2023]"]),
    # Two classes of at least 40 must open, but only 50 cadres are eligible.
    "two_classes_for_fifty_cadres": (dict(years=(2023,), courses=[course("cc_pt", "part_time", size=(40, 60))],
                                          caps=[cap(2023, "cc_pt", seats_max=200), cap(2023, "cc_pt", classes_min=2)],
                                          demand=[demand("u1.a", "u1", 50)]),
                                     ["class_size[cc_pt,2023]"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_an_infeasible_case_gives_its_expected_minimal_rule_set(tmp_path, name):
    tables, expected = CASES[name]
    inputs, scenario = write_instance(tmp_path, **tables)
    model = build_model(inputs, scenario)
    conflict = minimal_conflict(model.variables, model.rows, scenario)
    assert conflict["rule"].tolist() == expected


def test_the_message_states_what_each_rule_needs_and_what_is_possible(tmp_path):
    inputs, scenario = write_instance(tmp_path, **CASES["seats_min_above_demand"][0])
    with pytest.raises(InfeasibleError) as caught:
        api.solve((scenario, inputs))
    message = str(caught.value)
    assert "this rule cannot hold: seat_cap[cc_tt,all,2023]: needs at least 5, but at most 3 is possible" in message
    assert "bent by 2" in message and "\n" not in message


def test_a_feasible_model_has_no_conflict(tmp_path):
    inputs, scenario = write_instance(tmp_path)
    model = build_model(inputs, scenario)
    assert minimal_conflict(model.variables, model.rows, scenario).empty


# --- elastic: a plan anyway, and exactly what bent --------------------------------------------------------------


def test_elastic_solve_of_an_infeasible_case_bends_the_cheapest_rules_and_says_by_how_much(tmp_path):
    inputs, scenario = write_instance(tmp_path, **CASES["release_limit_against_seats_min"][0])
    result = api.solve((scenario, inputs), elastic=True)
    assert result.status.value == "elastic"
    assert result.bent.values.tolist() == [["release_limit[u1,2023]", "≤ 1", 3, 2]]
    assert result.violations["rule"].tolist() == ["release_limit"]  # the checker sees the same bend
    assert {s.name: s.value for s in result.stages}["bent"] == 2


def test_elastic_solve_of_a_feasible_case_bends_nothing_and_gives_the_usual_plan(tmp_path):
    inputs, scenario = write_instance(tmp_path)
    usual, elastic = api.solve((scenario, inputs)), api.solve((scenario, inputs), elastic=True)
    assert elastic.status.value == "optimal" and elastic.bent.empty
    assert elastic.allocation.equals(usual.allocation)


def test_cli_elastic_writes_the_bending_plan_with_bent_rules_and_exits_3(tmp_path, capsys):
    from optimizer.cli import main

    _, scenario = write_instance(tmp_path / "in", **CASES["release_limit_against_seats_min"][0])
    out = tmp_path / "out"
    assert main(["solve", str(scenario.path), "--out", str(out), "--elastic", "--lang", "en"]) == 3
    assert "bends 1 rule(s) by 2" in capsys.readouterr().out
    assert (out / "bent_rules.csv").read_text().splitlines()[1] == '"release_limit[u1,2023]",≤ 1,3,2'
    assert api.verify(out).ok


def test_ctrl_c_after_a_diagnosis_still_stops_the_run_the_python_way(tmp_path):
    """After the conflict search (CP-SAT in a worker thread) a Ctrl-C is still a KeyboardInterrupt, which the
    command line turns into its tidy exit, not a kill. Run in a child process: a kill would end this one."""
    tables, _ = CASES["seats_min_above_demand"]
    write_instance(tmp_path, **tables)
    script = ("import signal, sys\n"
              "from optimizer import api\n"
              "from optimizer.errors import InfeasibleError\n"
              "try:\n"
              f"    api.solve({str(tmp_path / 'scenario.yaml')!r})\n"
              "except InfeasibleError:\n"
              "    pass\n"
              "try:\n"
              "    signal.raise_signal(signal.SIGINT)\n"
              "except KeyboardInterrupt:\n"
              "    print('KeyboardInterrupt')\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[2])
    assert (run.returncode, run.stdout.strip()) == (0, "KeyboardInterrupt"), run.stderr[-2000:]
