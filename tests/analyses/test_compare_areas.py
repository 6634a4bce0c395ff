"""Comparing pooled and separate quotas of a merged province: coverage per former province, in the tables, the
CSVs and the workbook; a comparison of units without former provinces has no such sheet."""

from __future__ import annotations

import pytest
from tiny import cap, course, demand, unit, write_instance

from optimizer import api
from optimizer.analyses.compare import comparison_files, tidy_tables


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """u1 (former A) lists 4 cadres of tier t2, u2 (former B) 4 of t1, for 4 seats: pooled 0 / 4, separate 2 / 2."""
    root = tmp_path_factory.mktemp("areas")
    _, scenario = write_instance(
        root, units=[{**unit("u1"), "former_province": "A"}, {**unit("u2"), "former_province": "B"}],
        courses=[course("cc_tt", "full_time")], caps=[cap(2023, "cc_tt", seats_max=4), cap(2024, "cc_tt", seats_max=0)],
        demand=[demand("u1.a", "u1", 4, tier="t2"), demand("u2.a", "u2", 4, tier="t1")], name="pooled")
    separate = root / "separate.yaml"
    separate.write_text("extends: scenario.yaml\nname: separate\nseparate_quotas_by: former_province\n",
                        encoding="utf-8")
    out = []
    for path in (scenario.path, separate):
        out.append(root / path.stem)
        api.write(api.solve(path), out[-1])
    return out


def test_coverage_by_area_shows_what_each_former_province_gets_pooled_and_separate(folders):
    table = api.compare(folders).coverage_by_area
    got = {(a, t): (p, s) for a, t, p, s in zip(table["area"], table["tier"], table["pooled_allocated"],
                                                 table["separate_allocated"])}
    assert got == {("A", "t2"): (0, 2), ("B", "t1"): (4, 2)}


def test_the_workbook_and_csvs_carry_the_areas_and_the_setting_in_words(folders):
    comparison = api.compare(folders)
    assert b"A,t2,separate,4,2,0.5" in comparison_files(comparison)["coverage_by_area.csv"]
    sheet = api.comparison_sheet(comparison, "coverage_by_area")
    assert list(sheet.iloc[:, 0]) == ["Tỉnh cũ A", "Tỉnh cũ B"]
    changes = api.comparison_sheet(comparison, "input_changes", lang="en")
    assert ["one pool for the province", "former province"] in changes.iloc[:, 4:6].values.tolist()


def test_a_comparison_without_former_provinces_has_no_area_sheet(tmp_path):
    _, scenario = write_instance(tmp_path, courses=[course("cc_tt", "full_time")],
                                 caps=[cap(y, "cc_tt", seats_max=2) for y in (2023, 2024)],
                                 demand=[demand("u1.a", "u1", 2)])
    for name in ("one", "two"):
        api.write(api.solve(scenario.path), tmp_path / name)
    comparison = api.compare([tmp_path / "one", tmp_path / "two"])
    assert comparison.coverage_by_area.empty
    with pytest.raises(ValueError, match="no unit has a former province"):
        api.comparison_sheet(comparison, "coverage_by_area")
    assert "coverage_by_area" not in tidy_tables(comparison)
