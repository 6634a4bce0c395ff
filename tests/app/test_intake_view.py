"""The data step's files and tables: uploads kept under their own names, the scenario of an imported folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from optimizer import api
from optimizer.app import intake_view


def test_uploads_keep_their_own_names_and_a_name_twice_gets_a_number(tmp_path):
    paths = intake_view.keep_uploads([("a.xlsx", b"1"), ("C:\\Users\\x\\a.xlsx", b"2"), ("../b.xlsx", b"3")],
                                     tmp_path / "up")
    assert [p.name for p in paths] == ["a.xlsx", "a_2.xlsx", "b.xlsx"]
    assert [p.read_bytes() for p in paths] == [b"1", b"2", b"3"]
    assert all(p.parent == tmp_path / "up" for p in paths)


def test_an_imported_folder_is_solved_by_a_scenario_that_extends_the_baseline_and_names_it(tmp_path):
    data = tmp_path / "ws" / "data" / "imported"
    shutil.copytree(api.BUNDLED_DATA, data)
    file = tmp_path / "ws" / "scenarios" / "imported.yaml"
    file.parent.mkdir(parents=True)
    raw = intake_view.imported_scenario(data, file, "Câu hỏi")
    assert raw["data"] == "../data/imported" and raw["extends"].endswith("scenarios/baseline.yaml")
    api.write_scenario(raw, file)
    scenario, inputs = api.load(file)
    assert Path(scenario.data_dir).resolve() == data.resolve()
    assert scenario.release_limits == api.load(api.SCENARIOS / "baseline.yaml")[0].release_limits
    assert intake_view.data_summary(inputs)["units"] == 45
