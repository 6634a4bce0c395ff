"""The map of Vietnam since 1 July 2025 (data/vietnam_2025): what the CSV files say agrees with the sources."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

MAP = Path(__file__).resolve().parents[2] / "data" / "vietnam_2025"


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return pd.read_csv(MAP / "communes.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def package_divisions() -> list[dict]:
    pytest.importorskip("vietnam_provinces")
    spec = importlib.util.find_spec("vietnam_provinces")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "nested-divisions.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_map_has_34_provinces_and_3321_communes_of_three_types(communes):
    """It lists the 3,321 communes of DOMAIN §6: 2,621 xã, 687 phường and 13 đặc khu in 34 provinces."""
    assert communes["province_code"].nunique() == 34
    assert communes["division_type"].value_counts().to_dict() == {"xã": 2621, "phường": 687, "đặc khu": 13}
    assert communes["commune_code"].is_unique


def test_communes_agree_with_the_package_names_codes_and_types(communes, package_divisions):
    """Every row has the installed package's province, name, code and type, and no commune is missing."""
    expected = pd.DataFrame([(f"{p['code']:02d}", p["name"], f"{w['code']:05d}", w["name"], w["codename"],
                              w["division_type"]) for p in package_divisions for w in p["wards"]],
                            columns=["province_code", "province", "commune_code", "commune", "codename",
                                     "division_type"]).sort_values(["province_code", "commune_code"])
    pd.testing.assert_frame_equal(communes[expected.columns].reset_index(drop=True), expected.reset_index(drop=True))


def test_new_ninh_binh_has_129_communes_from_its_three_former_provinces(communes):
    """Ninh Bình: 97 xã + 32 phường; 57 from Nam Định (8 phường), 33 from Hà Nam (16), 39 from Ninh Bình (8)."""
    ninh_binh = communes[communes["province"] == "Ninh Bình"]
    assert ninh_binh["division_type"].value_counts().to_dict() == {"xã": 97, "phường": 32}
    parts = ninh_binh.groupby("former_province")["division_type"].agg(
        total="size", phuong=lambda t: int((t == "phường").sum()))
    assert parts.to_dict("index") == {"Hà Nam": {"total": 33, "phuong": 16}, "Nam Định": {"total": 57, "phuong": 8},
                                      "Ninh Bình": {"total": 39, "phuong": 8}}


def test_every_commune_was_made_from_at_least_one_former_commune(communes):
    """Each has a former province, district and a positive count of predecessors (a weight for demand)."""
    assert (communes["predecessors"].astype(int) >= 1).all()
    assert (communes["former_province"] != "").all() and (communes["former_district"] != "").all()


def test_make_map_regenerates_both_files_byte_for_byte(tmp_path, monkeypatch):
    """The script rewrites communes.csv and provinces.csv exactly as shipped (deterministic, sorted by code)."""
    if importlib.util.find_spec("vietnamadminunits") is None:
        pytest.skip("vietnamadminunits is not installed")
    spec = importlib.util.spec_from_file_location("make_map", MAP / "make_map.py")
    make_map = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_map)
    provinces, rows = make_map.build()
    make_map.write(tmp_path / "communes.csv", make_map.COMMUNE_COLUMNS, rows)
    make_map.write(tmp_path / "provinces.csv", make_map.PROVINCE_COLUMNS, provinces)
    for name in ("communes.csv", "provinces.csv"):
        assert (tmp_path / name).read_bytes() == (MAP / name).read_bytes()
