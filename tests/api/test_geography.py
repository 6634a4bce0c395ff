"""generate --country: one data folder and scenario per province of the 2025 map, in the layout the runner reads."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from optimizer import api
from optimizer.api import geography
from optimizer.errors import InputError

REPO = Path(__file__).resolve().parents[2]
TABLES = ("units", "families", "courses", "caps", "demand", "tiers", "targets", "plan_figures")


@pytest.fixture
def two_provinces(tmp_path, monkeypatch) -> Path:
    """The map cut down to Ninh Bình and Lai Châu, so the test writes two provinces, not 34."""
    folder = tmp_path / "map"
    folder.mkdir()
    for name in ("communes.csv", "provinces.csv"):
        table = pd.read_csv(geography.MAP / name, dtype=str, keep_default_na=False)
        table[table["province"].isin(["Ninh Bình", "Lai Châu"])].to_csv(folder / name, index=False)
    monkeypatch.setattr(geography, "MAP", folder)
    return folder


def test_country_layout_is_an_index_and_one_folder_per_province(two_provinces, tmp_path):
    """It writes provinces.csv (province_code, province, scenario) and <slug>/ with the tables and scenario.yaml."""
    out = api.write_country(tmp_path / "country")
    index = pd.read_csv(out / "provinces.csv", dtype=str)
    assert index.columns.tolist() == ["province_code", "province", "scenario"]
    assert index.to_dict("records") == [
        {"province_code": "12", "province": "Lai Châu", "scenario": "lai_chau/scenario.yaml"},
        {"province_code": "37", "province": "Ninh Bình", "scenario": "ninh_binh/scenario.yaml"}]
    for slug in ("lai_chau", "ninh_binh"):
        assert sorted(p.name for p in (out / slug).iterdir()) == sorted([f"{t}.csv" for t in TABLES]
                                                                          + ["scenario.yaml"])
    scenario, inputs = api.load(out / "ninh_binh" / "scenario.yaml")
    assert list(scenario.years) == list(range(2026, 2031))
    assert "assumed_quota" in {w.code for w in inputs.warnings}
    # 20 minutes, not the default minute: a busy machine must not stop a province early
    assert scenario.solver.time_limit_seconds == 1200 and scenario.solver.method == "lp_chain"


def test_country_ninh_binh_folder_is_the_shipped_one(two_provinces):
    """With the defaults (5 years from 2026, seed 2023) its Ninh Bình tables are data/ninh_binh_2026_2030's."""
    files = geography.country_files()
    for table in TABLES:
        assert files[f"ninh_binh/{table}.csv"] == (REPO / "data" / "ninh_binh_2026_2030" / f"{table}.csv").read_bytes()


def test_country_refuses_a_folder_it_did_not_write(two_provinces, tmp_path):
    """It writes nothing over a folder holding someone else's files."""
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(InputError):
        api.write_country(tmp_path / "mine")
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]
