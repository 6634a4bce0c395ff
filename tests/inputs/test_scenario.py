"""Scenario files: the baseline loads, and every malformed scenario is an InputError naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from optimizer.errors import InputError
from optimizer.inputs import scenario as scenario_module
from optimizer.inputs import scenario_yaml, schema
from optimizer.inputs.scenario import (
    SolverSettings,
    check_scenario_against,
    load_scenario,
)

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "data" / "nam_dinh_2023_2025"
SCENARIOS = REPO / "scenarios"

BASELINE = SCENARIOS / "baseline.yaml"


def _baseline() -> dict:
    return yaml.safe_load(BASELINE.read_text(encoding="utf-8"))


def _write(tmp_path: Path, content: dict | list | str) -> Path:
    path = tmp_path / "scenario.yaml"
    text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def _edited(**changes) -> dict:
    raw = _baseline()
    raw["data"] = str(BUNDLED)
    for key, value in changes.items():
        if value is _DROP:
            raw.pop(key)
        else:
            raw[key] = value
    return raw


_DROP = object()


def _rejects(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert path.name in message and "\n" not in message
    return caught.value


# --- the baseline --------------------------------------------------------------------------------------------


def test_baseline_loads_with_plan_years_and_a_release_limit_per_kind():
    """It loads the baseline with the years 2023–2025 and release limits for the five kinds of unit it has."""
    scenario = load_scenario(BASELINE)
    assert scenario.name == "baseline"
    assert scenario.years == (2023, 2024, 2025)
    assert set(scenario.release_limits) == set(schema.UNIT_KINDS) - {"commune"}
    assert dict(scenario.release_limits) == {"district": 8, "party_committee": 4, "department": 3,
                                             "party_board": 2, "mass_org": 2}
    assert scenario.solver.time_limit_seconds == 120.0


def test_baseline_data_path_resolves_to_the_bundled_data():
    """It resolves the data path relative to the scenario file, onto the bundled folder."""
    assert load_scenario(BASELINE).data_dir.resolve() == BUNDLED.resolve()


def test_baseline_agrees_with_the_bundled_data():
    """It passes the cross-check against the bundled plan years and unit kinds."""
    from optimizer.inputs.data import load_inputs

    inputs = load_inputs(BUNDLED)
    check_scenario_against(load_scenario(BASELINE), inputs.plan_years, set(inputs.units["kind"]))


def test_scenario_without_solver_settings_takes_the_defaults(tmp_path):
    """It fills in the default solver settings when the scenario gives none."""
    scenario = load_scenario(_write(tmp_path, _edited(solver=_DROP)))
    assert scenario.solver == SolverSettings()
    assert (scenario.solver.time_limit_seconds, scenario.solver.seed) == (60.0, 0)


def test_scenario_years_are_sorted_and_deduplicated(tmp_path):
    """It reads the years as a sorted set."""
    assert load_scenario(_write(tmp_path, _edited(years=[2025, 2023, 2025]))).years == (2023, 2025)


def test_release_limits_cannot_be_changed_after_loading():
    """It hands out the release limits read-only, so a run cannot alter its recorded settings."""
    scenario = load_scenario(BASELINE)
    with pytest.raises(TypeError):
        scenario.release_limits["district"] = 99  # type: ignore[index]


# --- malformed scenarios -----------------------------------------------------------------------------------


def test_missing_scenario_file_is_rejected(tmp_path):
    """It rejects a scenario path that does not exist."""
    error = _rejects(tmp_path / "nowhere.yaml")
    assert "does not exist" in error.problem


def test_scenario_that_is_a_list_is_rejected(tmp_path):
    """It rejects a scenario whose top level is a YAML list, not a mapping."""
    error = _rejects(_write(tmp_path, "- data: ../data\n- years: [2023]\n"))
    assert "not a mapping" in error.problem


def test_empty_scenario_is_rejected(tmp_path):
    """It rejects an empty scenario file."""
    assert "not a mapping" in _rejects(_write(tmp_path, "")).problem


def test_invalid_yaml_is_rejected_with_its_line(tmp_path):
    """It rejects a scenario that is not valid YAML and names the line of the fault."""
    error = _rejects(_write(tmp_path, "name: x\ndata: ../data\nyears: [2023, 2024\nrelease_limits:\n  district: 1\n"))
    assert error.problem == "is not valid YAML"
    assert error.place.row is not None and 3 <= error.place.row <= 5


def test_scenario_in_a_legacy_code_page_is_rejected(tmp_path):
    """It rejects a scenario saved in Windows-1252 instead of UTF-8."""
    path = tmp_path / "scenario.yaml"
    path.write_bytes("name: café\ndata: x\nyears: [2023]\nrelease_limits: {}\n".encode("cp1252"))
    assert "not UTF-8" in _rejects(path).problem


def test_unknown_key_is_rejected(tmp_path):
    """It rejects a top-level key it does not know, naming the key."""
    error = _rejects(_write(tmp_path, _edited(release_limit={"district": 1})))
    assert (error.place.column, error.problem) == ("release_limit", "unknown key")


@pytest.mark.parametrize("key", ["data", "years", "release_limits"])
def test_missing_required_key_is_rejected(tmp_path, key):
    """It rejects a scenario without data, years or release_limits, naming the key."""
    error = _rejects(_write(tmp_path, _edited(**{key: _DROP})))
    assert (error.place.column, error.problem) == (key, "required key is missing")


@pytest.mark.parametrize("years", [2023, "2023-2025", [], {"from": 2023}])
def test_years_that_are_not_a_list_are_rejected(tmp_path, years):
    """It rejects years given as a number, a string, an empty list or a mapping."""
    error = _rejects(_write(tmp_path, _edited(years=years)))
    assert (error.place.column, error.problem) == ("years", "must be a list of years")


@pytest.mark.parametrize("year", ["2024", 2024.5, 1999, True])
def test_a_year_that_is_not_a_whole_year_is_rejected(tmp_path, year):
    """It rejects a year written as text, a fraction, before 2000 or as a boolean."""
    error = _rejects(_write(tmp_path, _edited(years=[2023, year])))
    assert error.place.column == "years"


def test_release_limits_that_are_not_a_mapping_are_rejected(tmp_path):
    """It rejects release limits given as a list."""
    error = _rejects(_write(tmp_path, _edited(release_limits=[8, 4, 3, 2, 2])))
    assert error.place.column == "release_limits"


def test_unknown_unit_kind_in_release_limits_is_rejected(tmp_path):
    """It rejects a release limit for a kind of unit the schema does not have."""
    limits = {**_baseline()["release_limits"], "hamlet": 1}
    error = _rejects(_write(tmp_path, _edited(release_limits=limits)))
    assert (error.place.column, error.problem) == ("release_limits.hamlet", "unknown unit kind")


@pytest.mark.parametrize("value", [-1, 2.5, "three", None])
def test_bad_release_limit_is_rejected(tmp_path, value):
    """It rejects a negative, fractional, textual or blank release limit."""
    limits = {**_baseline()["release_limits"], "department": value}
    error = _rejects(_write(tmp_path, _edited(release_limits=limits)))
    assert error.place.column == "release_limits.department"
    assert "whole number of at least 0" in error.problem


def test_zero_release_limit_is_accepted(tmp_path):
    """It accepts a release limit of zero (a kind of unit that releases nobody full-time)."""
    limits = {**_baseline()["release_limits"], "mass_org": 0}
    assert load_scenario(_write(tmp_path, _edited(release_limits=limits))).release_limits["mass_org"] == 0


def test_unknown_solver_key_is_rejected(tmp_path):
    """It rejects a solver setting it does not know, naming it."""
    error = _rejects(_write(tmp_path, _edited(solver={"time_limit": 60})))
    assert (error.place.column, error.problem) == ("solver.time_limit", "unknown key")


def test_solver_that_is_not_a_mapping_is_rejected(tmp_path):
    """It rejects solver settings given as a plain value."""
    assert _rejects(_write(tmp_path, _edited(solver=60))).place.column == "solver"


@pytest.mark.parametrize("limit", [0, -5, "60", True, float("nan")])
def test_time_limit_that_is_not_positive_is_rejected(tmp_path, limit):
    """It rejects a time limit that is zero, negative, text, a boolean or not a number."""
    error = _rejects(_write(tmp_path, _edited(solver={"time_limit_seconds": limit})))
    assert error.place.column == "solver.time_limit_seconds"


@pytest.mark.parametrize("seed", [-1, 1.5, "0"])
def test_bad_seed_is_rejected(tmp_path, seed):
    """It rejects a negative, fractional or textual seed."""
    assert _rejects(_write(tmp_path, _edited(solver={"seed": seed}))).place.column == "solver.seed"


def test_unknown_solver_name_is_rejected(tmp_path):
    """It rejects a solver it cannot run, naming solver.name."""
    error = _rejects(_write(tmp_path, _edited(solver={"name": "gurobi"})))
    assert error.place.column == "solver.name" and "gurobi" in error.problem


def test_data_that_is_not_a_path_is_rejected(tmp_path):
    """It rejects a data entry that is not a folder path."""
    assert _rejects(_write(tmp_path, _edited(data=["a", "b"]))).place.column == "data"


# --- against the data ------------------------------------------------------------------------------------------


def test_a_year_outside_the_plan_is_rejected_against_the_data(tmp_path):
    """It rejects a scenario year that caps.csv does not cover, naming the file and 'years'."""
    scenario = load_scenario(_write(tmp_path, _edited(years=[2023, 2024, 2025, 2026])))
    with pytest.raises(InputError) as caught:
        check_scenario_against(scenario, (2023, 2024, 2025), set(schema.UNIT_KINDS))
    assert caught.value.place.column == "years"
    assert "2026" in caught.value.problem and "scenario.yaml" in str(caught.value)


def test_a_kind_without_a_release_limit_is_rejected_against_the_data(tmp_path):
    """It rejects a scenario that gives no release limit for a kind of unit the data has."""
    limits = {k: v for k, v in _baseline()["release_limits"].items() if k != "party_board"}
    scenario = load_scenario(_write(tmp_path, _edited(release_limits=limits)))
    with pytest.raises(InputError) as caught:
        check_scenario_against(scenario, (2023, 2024, 2025), set(schema.UNIT_KINDS) - {"commune"})
    assert caught.value.place.column == "release_limits"
    assert "party_board" in caught.value.problem and "scenario.yaml" in str(caught.value)


def test_a_missing_limit_for_a_kind_the_data_lacks_is_accepted(tmp_path):
    """It accepts a scenario without a limit for a kind of unit that the data does not have."""
    limits = {k: v for k, v in _baseline()["release_limits"].items() if k != "party_board"}
    scenario = load_scenario(_write(tmp_path, _edited(release_limits=limits)))
    check_scenario_against(scenario, (2023, 2024, 2025), set(schema.UNIT_KINDS) - {"party_board", "commune"})


# --- reading: YAML 1.2 core typing, and the paths a scenario may name (regression guards) --------------------


def test_yaml_is_read_with_core_typing(tmp_path):
    """Quoted look-alikes stay text, 030 is thirty, 1e3 a number, and a date stays text the loader parses."""
    text = yaml.safe_dump(_edited(name=_DROP, question=_DROP, solver=_DROP), allow_unicode=True, sort_keys=False)
    text += ("name: \"1:30\"\nquestion: 'yes'\nsolver: {time_limit_seconds: 1e3, seed: 030}\n"
             "units:\n  - {merge: u1, into: u2, date: 2024-09-01}\n")
    scenario = load_scenario(_write(tmp_path, text))
    assert (scenario.name, scenario.question) == ("1:30", "yes")
    assert (scenario.solver.time_limit_seconds, scenario.solver.seed) == (1000.0, 30)
    assert (scenario.changes[0].spec["date"], scenario.changes[0].spec["year"]) == ("2024-09-01", 2024)


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_scenario_loads_without_permission_for_outside_paths(path):
    """The shipped scenarios name files only under scenarios/ (their parents' data folder aside)."""
    load_scenario(path)


def test_a_result_folders_own_scenario_loads(tmp_path):
    """A result folder's scenario.yaml names its own inputs/ (data, actuals, reference): all inside its folder."""
    (tmp_path / "inputs").mkdir()
    path = _write(tmp_path, {"name": "x", "data": "inputs", "years": [2023], "release_limits": {"district": 1},
                             "frozen": {"actuals": "inputs/actuals.csv", "years": [2023]},
                             "reference": "inputs/reference.csv"})
    scenario = load_scenario(path)
    assert scenario.reference == tmp_path / "inputs" / "reference.csv"


def test_a_parent_in_a_sibling_folder_may_name_files_in_its_own_folder(tmp_path):
    """Each file in an ``extends`` chain may name files in its own folder tree; the data folder's tree is open
    to all of them."""
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "mine").mkdir()
    parent = _edited(reference="inputs/plan.csv", frozen={"actuals": str(BUNDLED / "demand.csv"), "years": [2023]})
    (tmp_path / "scenarios" / "base.yaml").write_text(yaml.safe_dump(parent), encoding="utf-8")
    child = tmp_path / "mine" / "child.yaml"
    child.write_text(yaml.safe_dump({"extends": "../scenarios/base.yaml",
                                     "demand": [{"unit": "u1", "replace": "new/demand.csv"}]}), encoding="utf-8")
    scenario = load_scenario(child)
    assert scenario.reference == tmp_path / "scenarios" / "inputs" / "plan.csv"
    assert scenario.changes[0].spec["replace"] == tmp_path / "mine" / "new" / "demand.csv"
    with pytest.raises(InputError) as caught:
        load_scenario(tmp_path / "scenarios" / "base.yaml", raw={**parent, "reference": "../mine/plan.csv"})
    assert caught.value.place.column == "reference"


def test_the_reading_limits_are_documented_constants():
    """The limits exist, are modest, and the docstring of the module that keeps each names it."""
    assert scenario_yaml.MAX_FILE_BYTES == 1_000_000 and scenario_yaml.MAX_DEPTH == 20
    assert scenario_module.MAX_EXTENDS == 20
    for module, names in ((scenario_yaml, ("MAX_FILE_BYTES", "MAX_DEPTH")),
                          (scenario_module, ("MAX_FILE_BYTES", "MAX_DEPTH", "MAX_EXTENDS", "allow_outside_paths"))):
        for name in names:
            assert name in module.__doc__


def test_the_regulation_in_force_defaults_to_57_and_may_name_350(tmp_path):
    assert load_scenario(BASELINE).regulation == "57-QĐ/TW"
    assert "regulation" not in load_scenario(BASELINE).as_dict()
    chosen = load_scenario(_write(tmp_path, _edited(regulation="350-QĐ/TW")))
    assert chosen.regulation == "350-QĐ/TW" and chosen.as_dict()["regulation"] == "350-QĐ/TW"


def test_an_unknown_regulation_is_refused_in_one_line_naming_the_choices(tmp_path):
    error = _rejects(_write(tmp_path, _edited(regulation="351-QĐ/TW")))
    text = str(error)
    assert "\n" not in text and "regulation" in text and "351-QĐ/TW" in text
    assert "57-QĐ/TW, 350-QĐ/TW" in text
