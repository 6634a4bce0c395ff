"""The brief's lines on what changed against another scenario: seats, cadres covered per tier, units that moved."""

from __future__ import annotations

import shutil

import pytest
import yaml
from tiny import cap, demand, write_instance

from optimizer import api
from optimizer.analyses.brief_compare import compared_lines


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("brief_compare")
    _, scenario = write_instance(root / "in", caps=[cap(y, c, seats_max=3) for y in (2023, 2024)
                                                    for c in ("cc_tt", "cc_pt")],
                                 demand=[demand("u1.a", "u1", 4), demand("u2.a", "u2", 3, tier="t2")])
    cut = root / "in" / "cut.yaml"
    cut.write_text(yaml.safe_dump({"extends": "scenario.yaml", "name": "cut", "question": "Cắt?",
                                   "caps": [{"target": "cc_tt", "set": {"seats_max": 1}},
                                            {"target": "cc_pt", "set": {"seats_max": 1}}]}), encoding="utf-8")
    base = api.write(api.solve(scenario.path), root / "base")
    return base, api.write(api.solve(cut), root / "cut")


def test_the_lines_say_how_many_seats_and_cadres_the_scenario_gains_or_loses_against_the_other(folders):
    base, cut = folders
    other, lines = compared_lines(api.compare([base, cut]))
    assert other == "tiny"
    assert lines[0] == "Tổng số chỗ: 2 (−4 so với tiny)."  # 3 full-time seats a year cut to 1; no part-time class
    assert any(line.startswith("Tier one: ") and "(−" in line for line in lines)
    assert any(line.startswith("Đơn vị thay đổi nhiều nhất: Unit u1 −") for line in lines)
    assert any(line.startswith("Khác biệt về số liệu đầu vào:") for line in lines)


def test_a_scenario_compared_with_a_copy_of_itself_changes_nothing_but_says_its_total(folders, tmp_path):
    base, _ = folders
    copy = tmp_path / "copy"
    shutil.copytree(base, copy)
    other, lines = compared_lines(api.compare([base, copy]), lang="en")
    assert other == "tiny (base)" and lines == ["Seats: 6 (0 against tiny (base))."]
