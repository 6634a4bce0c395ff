"""Hostile or surprising scenario files, end to end: each is one line on stderr naming the file, the key path (and
line) and the fix, exit status 2, no traceback, nothing written, in bounded time and memory.

The cases follow the scenario catalogue of ``test_bad_input``: duplicate keys, YAML 1.1 typing surprises, tags,
anchors and aliases, deep nesting, long ``extends`` chains, oversize files, files named outside the scenario's and
the data's folders, and files that are not tables of ours (whose content must never be quoted back).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_bad_input import (
    ScenarioFolder,
    Wanted,
    run_cli,
    snapshot,
    solve_and_expect_failure,
    tiny_template,  # noqa: F401 - a fixture
)

from optimizer import api
from optimizer.errors import InputError, Place
from optimizer.inputs import scenario as scenario_module
from optimizer.inputs import scenario_yaml

REPO = Path(__file__).resolve().parents[2]
SECRET = "root:x:0:0:root:/root:/bin/bash"  # a password file's first line: it must never reach a message
DEMAND_HEADER = "demand_id,unit_id,family,tier,block,count,earliest_year,deadline_year,full_time_only\n"
U1_DEMAND = DEMAND_HEADER + "u1.b,u1,cc,t1,party,4,2023,2024,false\n"
PLAN = "demand_id,year,course_id,seats\nu2.a,2023,cc_tt,1\n"


def elsewhere(s: ScenarioFolder, name: str, text: str) -> str:
    """Write a file beside the instance folder (outside its tree and the data's); its path as case.yaml names it."""
    outside = s.folder.parent / "elsewhere"
    outside.mkdir(exist_ok=True)
    (outside / name).write_text(text, encoding="utf-8")
    return f"../elsewhere/{name}"


def last_line(s: ScenarioFolder) -> int:
    """The number of the last line of case.yaml, where most cases write their mistake."""
    return s.path.read_text(encoding="utf-8").count("\n")


BAD_SCENARIOS = []


def bad_scenario(name: str):
    def register(make):
        BAD_SCENARIOS.append(pytest.param(make, id=name))
        return make

    return register


# --- a key given twice -------------------------------------------------------------------------------------


@bad_scenario("duplicate_top_level_key")
def _(s: ScenarioFolder) -> Wanted:
    text = s.text(caps=[{"target": "cc_tt", "set": {"seats_max": 30}}])
    s.write(text + "caps:\n  - {target: cc_pt, remove: true}\n")
    return Wanted("the key is given twice", key="caps", row=text.count("\n") + 1)


@bad_scenario("duplicate_key_inside_a_change")
def _(s):
    text = s.text()
    s.write(text + "caps:\n  - target: cc_tt\n    set:\n      seats_max: 30\n      seats_max: 40\n")
    return Wanted("the key is given twice (first on line", key="caps[0].set.seats_max", row=text.count("\n") + 5)


@bad_scenario("duplicate_key_in_solver_settings")
def _(s):
    s.write(s.text(solver=None).replace("solver: null\n", "solver: {seed: 1, name: highs, seed: 2}\n"))
    return Wanted("the key is given twice", key="solver.seed", row=last_line(s))


# --- YAML 1.1 surprises ------------------------------------------------------------------------------------


@bad_scenario("yes_as_a_boolean")
def _(s):
    s.write(s.text() + "demand:\n  - {unit: u1, set: {full_time_only: yes}}\n")
    return Wanted("'yes' is a boolean in some YAML readers and text in others; write true/false",
                  key="demand[0].set.full_time_only", row=last_line(s))


@bad_scenario("on_as_a_boolean")
def _(s):
    s.write(s.text() + "caps:\n  - target: cc_pt\n    remove: on\n")
    return Wanted("'on' is a boolean in some YAML readers", key="caps[0].remove", row=last_line(s))


@bad_scenario("base_60_time_limit")
def _(s):
    text = s.text(solver=None).replace("solver: null\n", "solver:\n")
    s.write(text + "  time_limit_seconds: 1:30\n")
    return Wanted("base-60 number", key="solver.time_limit_seconds", row=text.count("\n") + 1)


@bad_scenario("hexadecimal_seats")
def _(s):
    s.write(s.text() + "caps:\n  - {target: cc_tt, set: {seats_max: 0x1F}}\n")
    return Wanted("0x, 0o or 0b prefix", key="caps[0].set.seats_max", row=last_line(s))


@bad_scenario("underscore_in_a_number")
def _(s):
    s.write(s.text(solver=None).replace("solver: null\n", "solver: {seed: 1_000}\n"))
    return Wanted("a number with '_' in it", key="solver.seed", row=last_line(s))


# --- tags, anchors, aliases ----------------------------------------------------------------------------------


@bad_scenario("python_object_tag")
def _(s):
    s.write(s.text() + "question: !!python/object/apply:os.system ['echo owned > owned.txt']\n")
    return Wanted("YAML tags (!name, !!type) are not allowed", key="question", row=s.text().count("\n") + 1)


@bad_scenario("custom_tag")
def _(s):
    s.write(s.text() + "tier_order: !include tiers.yaml\n")
    return Wanted("YAML tags", key="tier_order", row=last_line(s))


@bad_scenario("anchor_and_alias")
def _(s):
    text = s.text(years=None).replace("years: null\n", "years: &plan [2023, 2024]\n")
    s.write(text + "add_years: []\ntier_order: *plan\n")
    return Wanted("anchors and aliases (&name, *name) are not allowed", key="years",
                  row=text.split("\n").index("years: &plan [2023, 2024]") + 1)


# --- bounded work --------------------------------------------------------------------------------------------


@bad_scenario("deeply_nested")
def _(s):
    s.write(s.text() + "question: " + "[" * 5000 + "]" * 5000 + "\n")
    return Wanted(f"nests more than {scenario_yaml.MAX_DEPTH} levels", key="question" + "[0]" * 19, row=last_line(s))


@bad_scenario("integer_of_5000_digits")
def _(s):
    s.write(s.text(solver=None).replace("solver: null\n", "solver: {seed: " + "9" * 5000 + "}\n"))
    return Wanted(f"more than {scenario_yaml.MAX_DIGITS} digits", key="solver.seed", row=last_line(s))


@bad_scenario("extends_chain_of_1000_files")
def _(s):
    s.write(s.edited(extends="p1.yaml"))
    for number in range(1, 1000):
        s.write({"extends": f"p{number + 1}.yaml"}, name=f"p{number}.yaml")
    s.write(s.base, name="p1000.yaml")
    return Wanted(f"longer than the limit of {scenario_module.MAX_EXTENDS} parent files", key="extends",
                  file=f"p{scenario_module.MAX_EXTENDS}.yaml")


@bad_scenario("oversize_file")
def _(s):
    s.write(s.text() + ("# " + "x" * 98 + "\n") * 11_000)
    return Wanted(f"larger than the limit of {scenario_yaml.MAX_FILE_BYTES:,} bytes")


@bad_scenario("extends_a_file_that_is_not_a_scenario")
def _(s):
    (s.folder / "notes.txt").write_text("password: hunter2\n", encoding="utf-8")
    s.write(s.edited(extends="notes.txt"))
    return Wanted("must name a scenario file (.yaml or .yml)", key="extends")


# --- files named outside the scenario's and the data's folders -----------------------------------------------


@bad_scenario("demand_replace_outside")
def _(s):
    s.write(s.edited(demand=[{"unit": "u1", "replace": elsewhere(s, "demand.csv", U1_DEMAND)}]))
    return Wanted("is outside the scenario file's folder and the data folder", key="demand[0].replace")


@bad_scenario("frozen_actuals_outside")
def _(s):
    s.write(s.edited(frozen={"actuals": elsewhere(s, "actuals.csv", PLAN), "years": [2023]}))
    return Wanted("--allow-outside-paths", key="frozen.actuals")


@bad_scenario("reference_outside_by_absolute_path")
def _(s):
    elsewhere(s, "plan.csv", PLAN)
    s.write(s.edited(reference=str(s.folder.parent / "elsewhere" / "plan.csv")))
    return Wanted("is outside the scenario file's folder", key="reference")


@bad_scenario("reference_through_a_symbolic_link_to_outside")
def _(s):
    target = s.folder.parent / "elsewhere" / "plan.csv"
    elsewhere(s, "plan.csv", PLAN)
    (s.folder / "plan.csv").symlink_to(target)
    s.write(s.edited(reference="plan.csv"))
    return Wanted("is outside the scenario file's folder", key="reference")


@bad_scenario("outside_path_named_by_a_parent")
def _(s):
    s.write({**s.base, "reference": elsewhere(s, "plan.csv", PLAN)}, name="parent.yaml")
    s.write({"extends": "parent.yaml", "name": "child"})
    return Wanted("is outside the scenario file's folder", key="reference", file="parent.yaml")


# --- files that are not tables of ours: named, never quoted ------------------------------------------------


@bad_scenario("reference_is_a_password_file")
def _(s):
    (s.folder / "passwd.csv").write_text(f"{SECRET}\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n", encoding="utf-8")
    s.write(s.edited(reference="passwd.csv"))
    return Wanted("its header is not that of a table of assignments (expected columns demand_id, year, course_id, "
                  "seats)", row=1, file="passwd.csv")


@bad_scenario("demand_replace_is_not_a_demand_table")
def _(s):
    (s.folder / "secret.csv").write_text(f"{SECRET}\n", encoding="utf-8")
    s.write(s.edited(demand=[{"unit": "u1", "replace": "secret.csv"}]))
    return Wanted("its header is not that of a table of demand", row=1, file="secret.csv")


@bad_scenario("frozen_actuals_with_a_foreign_header")
def _(s):
    (s.folder / "actuals.csv").write_text(f"\n{SECRET},token\nu1.a,2023\n", encoding="utf-8")
    s.write(s.edited(frozen={"actuals": "actuals.csv", "years": [2023]}))
    return Wanted("its header is not that of a table of assignments", row=2, file="actuals.csv")


@pytest.mark.parametrize("make", BAD_SCENARIOS)
def test_bad_scenario_is_one_line_naming_the_key_exit_2_and_writes_nothing(tmp_path, tiny_template, make):
    """Each case through ``solve``: exit 2, one line naming the file (line, key path) and the fix, no --out
    folder, nothing under the test's folder changed, quickly, and no content of a foreign file in the line."""
    s = ScenarioFolder(tmp_path / "in", tiny_template)
    wanted = make(s)
    started = time.perf_counter()
    place = Place(str(s.folder / wanted.file), wanted.row, wanted.key)
    line = solve_and_expect_failure(s.path, tmp_path / "out", tmp_path, place, wanted.phrase)
    assert time.perf_counter() - started < 20
    assert SECRET not in line and "hunter2" not in line
    assert not (tmp_path / "out").exists() and not (tmp_path / "in" / "owned.txt").exists()


def test_the_catalogue_has_at_least_20_cases_with_distinct_names():
    names = [p.id for p in BAD_SCENARIOS]
    assert len(names) >= 20 and len(set(names)) == len(names)


# --- what is read as a person means -------------------------------------------------------------------------


def test_a_leading_zero_is_decimal_030_is_thirty(tmp_path, tiny_template):
    """``seats_max: 030`` is 30 seats (YAML 1.1 readers would make it octal 24), and validate accepts it."""
    s = ScenarioFolder(tmp_path / "in", tiny_template)
    s.write(s.text() + "caps:\n  - {target: cc_tt, years: [2024], set: {seats_max: 030}}\n")
    scenario, inputs = api.load(s.path)
    assert dict(scenario.changes[0].spec["set"]) == {"seats_max": 30}
    caps = inputs.caps[inputs.caps["target"] == "cc_tt"].set_index("year")["seats_max"]
    assert caps.to_dict() == {2023: 100, 2024: 30}
    assert run_cli("validate", str(s.path))[0] == 0


# --- a billion laughs, in a bounded child process -----------------------------------------------------------

def _limit_memory() -> None:
    gigabytes = 4  # the program imports pandas and OR-Tools; an expanded bomb needs far more
    resource.setrlimit(resource.RLIMIT_AS, (gigabytes << 30, gigabytes << 30))


def test_billion_laughs_is_refused_within_seconds(tmp_path, tiny_template):
    """An alias bomb under ``question`` (whose text is built from the value) is refused at its first anchor: the
    program exits 2 with one line in a few seconds, far within the time and memory the expansion would take."""
    s = ScenarioFolder(tmp_path / "in", tiny_template)
    s.write(s.text() + "question: " + _bomb() + "\n")
    before = snapshot(tmp_path)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "optimizer", "solve", str(s.path), "--out", str(tmp_path / "out"),
                           "--lang", "en"],
                          capture_output=True, text=True, timeout=20, cwd=REPO, preexec_fn=_limit_memory,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert time.perf_counter() - started < 20
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "anchors and aliases" in done.stderr, done.stderr
    assert done.stderr.startswith(f"bad input: {s.path}, row ")
    assert snapshot(tmp_path) == before


def _bomb() -> str:
    """Nine levels of nine aliases each: 9**9 (387 million) strings once expanded, a few hundred bytes written."""
    levels = ['&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"&{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")]
    return "[" + ", ".join(levels) + "]"


# --- allowed with the keyword -------------------------------------------------------------------------------


def test_files_outside_are_read_when_allowed(tmp_path, tiny_template):
    """``allow_outside_paths=True`` (``--allow-outside-paths``) reads a replace, actuals and reference file
    outside both folders; without it the same scenario is refused."""
    s = ScenarioFolder(tmp_path / "in", tiny_template)
    s.write(s.edited(demand=[{"unit": "u1", "replace": elsewhere(s, "demand.csv", U1_DEMAND)}],
                     frozen={"actuals": elsewhere(s, "actuals.csv", PLAN), "years": [2023]},
                     reference=elsewhere(s, "plan.csv", PLAN)))
    with pytest.raises(InputError) as refused:
        api.load(s.path)
    assert refused.value.place.column == "demand[0].replace"
    scenario, inputs = api.load(s.path, allow_outside_paths=True)
    assert "u1.b" in inputs.demand.index and "u1.a" not in inputs.demand.index
    assert inputs.actuals is not None and inputs.reference is not None
    assert scenario.frozen.file.name == "actuals.csv"
