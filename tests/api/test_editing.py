"""The scenario page's reads and writes in the API (``optimizer.api.editing``)."""

from __future__ import annotations

import pytest

from optimizer import api

CUT = {"target": "cao_cap_tt", "block": "all", "years": [2024], "set": {"seats_max": 30}}


def keys(**more):
    return {"extends": str(api.SCENARIOS / "baseline.yaml"), "name": "edited", **more}


def test_preview_loads_keys_as_the_file_they_will_be_and_says_each_change(tmp_path):
    scenario, inputs = api.preview(keys(caps=[CUT]), tmp_path / "edited.yaml")
    lines = api.validation_lines(scenario, inputs, "en", warnings=False)
    assert lines[0] == (f"change caps[0] ({tmp_path / 'edited.yaml'}): caps [block=all, target=cao_cap_tt, "
                        "years=2024]: set seats_max=30")
    assert not (tmp_path / "edited.yaml").exists()
    everything = api.validation_lines(scenario, inputs, "vi")
    assert len(everything) == len(lines) + len(inputs.warnings) and everything[0].startswith("cảnh báo [")


def test_preview_refuses_a_pin_beyond_the_cadres_who_could_take_it(tmp_path):
    pin = {"unit": "my_loc", "course": "tien_si", "year": 2024, "seats": 400}
    with pytest.raises(api.InputError) as refused:
        api.preview(keys(pins=[pin]), tmp_path / "pinned.yaml")
    assert "pins[0].seats" in api.one_line(refused.value, "vi")
    scenario, inputs = api.preview(keys(pins=[{**pin, "seats": 1}]), tmp_path / "pinned.yaml")
    assert api.validation_lines(scenario, inputs, "en", warnings=False)[0].startswith("pins: 1 decided cell")


def test_own_keys_are_the_files_own_and_a_copied_reference_is_the_plan(tmp_path):
    assert api.own_keys(api.SCENARIOS / "cut_full_time_advanced.yaml")["extends"] == "baseline.yaml"
    folder = tmp_path / "result"
    folder.mkdir()
    with pytest.raises(api.InputError, match="assignments.csv"):
        api.copy_reference(folder, tmp_path / "x_reference.csv")
    (folder / "assignments.csv").write_text("demand_id,course,year,seats\n", encoding="utf-8")
    copy = api.copy_reference(folder, tmp_path / "x_reference.csv")
    assert copy.read_bytes() == (folder / "assignments.csv").read_bytes()


def test_one_line_says_any_error_without_a_traceback():
    assert api.one_line(ValueError("odd cell"), "en") == "error: odd cell"
