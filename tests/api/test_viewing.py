"""What the results, comparison and sensitivity pages read of a result folder (``api.viewing``)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from optimizer import api

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("viewing") / "baseline"
    return api.write(api.solve(SCENARIOS / "baseline.yaml"), out)


def test_the_appendix_tables_are_the_workbooks_sheets_cell_for_cell(folder):
    tables = api.appendix_tables(folder, 2024, "vi")
    assert [t.name for t in tables] == ["PL1 2024", "PL2 2024"]
    book = openpyxl.load_workbook(folder / "allocation.xlsx", data_only=True)  # formulas carry their values
    for shown in tables:
        sheet = book[shown.name]
        total_row = shown.kinds.index("total")
        unit_rows = [i for i, kind in enumerate(shown.kinds) if kind == "unit"]
        names = [sheet.cell(row=r, column=2).value for r in range(1, sheet.max_row + 1)]
        for row in unit_rows[:5]:
            at = names.index(shown.table.iloc[row, 1]) + 1
            cells = [sheet.cell(row=at, column=3 + c).value for c in range(shown.table.shape[1] - 3)]
            assert [int(v or 0) for v in cells] == [int(v) for v in shown.table.iloc[row, 2:-1]]
        assert shown.table.iloc[total_row, -1] == shown.table.iloc[unit_rows, -1].sum()


def test_the_whole_period_adds_up_the_years(folder):
    period = api.appendix_tables(folder, None, "en")
    assert [t.name for t in period] == ["App1 2023–2025", "App2 2023–2025"]
    seats = pd.read_csv(folder / "assignments.csv", encoding="utf-8-sig")["seats"].sum()
    assert sum(int(t.table.iloc[t.kinds.index("total"), -1]) for t in period) == seats
    years = [api.appendix_tables(folder, year, "en") for year in api.result_years(folder)]
    assert sum(int(t.table.iloc[t.kinds.index("total"), -1]) for found in years for t in found) == seats


def test_the_overview_has_every_tier_with_its_target_and_the_units_below(folder):
    overview = api.result_overview(folder, "vi")
    assert overview["status"] == "optimal" and overview["target_year"] == 2025
    tiers = overview["tiers"]
    assert tiers["allocated"].sum() == pd.read_csv(folder / "coverage.csv", encoding="utf-8-sig")["allocated"].sum()
    assert (tiers["short"] >= 0).all() and tiers["target"].notna().all()
    below = overview["below"]
    assert len(below) and (below["share"] < below["target"]).all()


def test_short_units_are_named_most_short_first_and_coverage_carries_names(folder):
    units = api.short_units(folder, "vi")
    assert units and all(not name.islower() for name in units.values())
    coverage = api.target_coverage(folder, "en")
    assert {"family_id", "tier_id"} <= set(coverage.columns)
    assert (coverage["family"] != coverage["family_id"]).any()


def test_charts_and_the_brief_picture(folder, tmp_path):
    assert [p.name for p in api.chart_files(folder)] == sorted(p.name for p in folder.glob("*.png"))
    picture = api.brief_picture(folder)
    assert picture is None or picture.startswith(b"\x89PNG")
    assert api.brief_picture(tmp_path) is None
