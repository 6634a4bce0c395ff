"""The public API and batch solving: the same path the CLI and the notebook take, on tiny scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from tiny import cap, demand, write_instance

from optimizer import api
from optimizer.cli import main
from optimizer.errors import InputError


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A folder of three scenarios: two that solve and one whose change names an unknown course."""
    write_instance(tmp_path, caps=[cap(y, "cc_tt", seats_max=4) for y in (2023, 2024)],
                   demand=[demand("u1.a", "u1", 5), demand("u2.a", "u2", 3, tier="t2")])
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name, extra in (("a_base", {}), ("b_broken", {"caps": [{"target": "nope", "scale": 2}]}),
                        ("c_cut", {"caps": [{"target": "cc_tt", "set": {"seats_max": 2}}]})):
        (folder / f"{name}.yaml").write_text(yaml.safe_dump({"extends": "../scenario.yaml", "name": name, **extra}),
                                             encoding="utf-8")
    return folder


def test_load_returns_the_scenario_and_its_changed_inputs(batch):
    scenario, inputs = api.load(batch / "c_cut.yaml")
    assert scenario.name == "c_cut" and set(inputs.caps["seats_max"]) == {2}


def test_solve_accepts_a_path_or_a_loaded_pair_and_gives_the_same_plan(batch):
    by_path = api.solve(batch / "a_base.yaml")
    by_pair = api.solve(api.load(batch / "a_base.yaml"))
    pd.testing.assert_frame_equal(by_path.allocation, by_pair.allocation)


def test_tables_are_dataframes_of_the_result(batch):
    tables = api.tables(api.solve(batch / "a_base.yaml"))
    assert {"allocation", "coverage", "assignments", "classes", "stages"} <= set(tables)
    assert all(isinstance(t, pd.DataFrame) for t in tables.values())
    assert tables["allocation"]["seats"].sum() == 8  # 4 seats a year for 5 + 3 cadres


def test_scenario_files_takes_a_folders_yaml_files_in_name_order(batch):
    assert [p.name for p in api.scenario_files([batch])] == ["a_base.yaml", "b_broken.yaml", "c_cut.yaml"]


def test_scenario_files_rejects_a_missing_path(tmp_path):
    with pytest.raises(InputError):
        api.scenario_files([tmp_path / "missing.yaml"])


def test_solve_many_goes_on_after_a_failing_scenario_and_reports_it(batch, tmp_path):
    steps = []
    outcomes = api.solve_many([batch], tmp_path / "out", step=lambda done, total, what: steps.append((done, total)))
    assert [(o.name, o.status, o.exit_status) for o in outcomes] == [
        ("a_base", "optimal", 0), ("b_broken", "bad input", 2), ("c_cut", "optimal", 0)]
    assert "caps[0].target" in outcomes[1].message and outcomes[1].folder is None
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a_base", "c_cut"]
    assert steps[0] == (0, 3) and steps[-1] == (3, 3)
    summary = json.loads((tmp_path / "out" / "c_cut" / "summary.json").read_text(encoding="utf-8"))
    assert summary["scenario"]["changes"][0]["key"] == "caps[0]"


def test_solve_many_drawing_charts_in_one_process_apart_writes_the_same_folders(batch, tmp_path, monkeypatch,
                                                                                 children_started_here):
    from optimizer.outputs import render

    here = api.solve_many([batch], tmp_path / "here")
    monkeypatch.setattr(render, "APART_FROM_UNITS", 1)  # the tiny scenarios' charts too
    spawned = []
    start = render.Apart.__init__

    def counted(self, *args, **kwargs):
        spawned.append(1)
        start(self, *args, **kwargs)

    monkeypatch.setattr(render.Apart, "__init__", counted)
    apart = api.solve_many([batch], tmp_path / "apart", apart=True)
    assert [o.status for o in apart] == [o.status for o in here] and len(spawned) == 1
    for name in ("a_base", "c_cut"):
        for file in sorted((tmp_path / "here" / name).rglob("*")):
            if file.is_file() and file.name != "timing.json":
                twin = tmp_path / "apart" / name / file.relative_to(tmp_path / "here" / name)
                assert twin.read_bytes() == file.read_bytes(), file.name
    assert children_started_here() == []


def test_cli_batch_prints_a_table_and_exits_with_the_failures_status(batch, tmp_path, capsys):
    status = main(["solve", str(batch), "--out", str(tmp_path / "out"), "--lang", "en"])
    captured = capsys.readouterr()
    assert status == 2
    assert "2 of 3 scenarios solved; failed: b_broken" in captured.out
    assert "[####################] 3/3" in captured.err


def test_result_folder_holds_the_inputs_as_the_scenario_changed_them(batch, tmp_path):
    folder = api.write(api.solve(batch / "c_cut.yaml"), tmp_path / "c_cut")
    caps = pd.read_csv(folder / "inputs" / "caps.csv")
    assert set(caps["seats_max"]) == {2}
    assert sorted(p.name for p in (folder / "inputs").iterdir()) == sorted(
        ["units.csv", "families.csv", "courses.csv", "caps.csv", "demand.csv", "tiers.csv", "targets.csv",
         "plan_figures.csv"])


def test_compare_of_two_solved_scenarios_through_the_cli(batch, tmp_path, capsys):
    """solve two scenarios, then compare: the comparison folder has its workbook, tables and charts, and the
    seat difference of the cut scenario is the 4 seats of 2023 and 2024 it takes away (4 → 2 a year)."""
    main(["solve", str(batch / "a_base.yaml"), str(batch / "c_cut.yaml"), "--out", str(tmp_path / "out")])
    status = main(["compare", str(tmp_path / "out" / "a_base"), str(tmp_path / "out" / "c_cut"),
                   "--out", str(tmp_path / "cmp")])
    assert status == 0
    written = {p.name for p in (tmp_path / "cmp").iterdir()}
    assert {"comparison.xlsx", "seats.csv", "stages.csv", "compare_coverage.png", "compare_units.png",
            "compare_gains_losses.png", "gains_losses.csv"} <= written
    comparison = api.compare([tmp_path / "out" / "a_base", tmp_path / "out" / "c_cut"])
    assert int(comparison.seats["delta_c_cut"].sum()) == -4
    out = capsys.readouterr().out
    assert "đã so sánh 2 kết quả" in out
    assert "Số chỗ cho nhóm:" in out and "Mã bước" in out  # the stages in words, their ids at the right


def test_variant_builds_a_what_if_in_python_without_writing_a_file(batch):
    scenario, inputs = api.variant(batch / "a_base.yaml", "cut_in_python", "what if 3 seats?",
                                   caps=[{"target": "cc_tt", "set": {"seats_max": 3}}])
    assert scenario.name == "cut_in_python" and scenario.question == "what if 3 seats?"
    assert set(inputs.caps["seats_max"]) == {3}
    assert not (batch / "cut_in_python.yaml").exists()
    result = api.solve((scenario, inputs))
    assert int(result.allocation["seats"].sum()) == 6


def test_variant_with_a_bad_key_names_it(batch):
    with pytest.raises(InputError) as caught:
        api.variant(batch / "a_base.yaml", "typo", capz=[])
    assert caught.value.place.column == "capz" and "caps" in str(caught.value)
