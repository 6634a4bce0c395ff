"""One province's input tables on the map since 2025: new Ninh Bình 2026–2030 as shipped, and the rule's parts."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

from optimizer.inputs.data import load_inputs
from optimizer.inputs.province import PROVINCIAL_UNITS, fit_classes, province_files, province_tables

REPO = Path(__file__).resolve().parents[2]
NINH_BINH = REPO / "data" / "ninh_binh_2026_2030"
PLAN = {name: pd.read_csv(REPO / "data" / "nam_dinh_2023_2025" / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("families", "courses", "caps")}


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return pd.read_csv(REPO / "data" / "vietnam_2025" / "communes.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def tables(communes) -> dict[str, pd.DataFrame]:
    return province_tables(communes, "Ninh Bình", 2026, 5, 2023, plan=PLAN)


def test_shipped_ninh_binh_folder_is_what_province_tables_regenerates_byte_for_byte(tables):
    """It ships data/ninh_binh_2026_2030 exactly as province_tables writes it (seed 2023, 2026–2030)."""
    for name, content in province_files(tables).items():
        assert content == (NINH_BINH / name).read_bytes(), name


def test_ninh_binh_units_are_its_129_communes_and_the_provincial_units(tables, communes):
    """Its communes are communes.csv's for Ninh Bình, by code, type and origin; then 28 provincial units."""
    units = tables["units"]
    mine = units[units["kind"] == "commune"]
    expected = communes[communes["province"] == "Ninh Bình"].sort_values("commune_code")
    assert len(mine) == 129 and len(units) == 129 + len(PROVINCIAL_UNITS)
    assert mine["code"].tolist() == expected["commune_code"].tolist()
    assert mine["unit_id"].tolist() == expected["codename"].tolist()
    assert mine["former_province"].value_counts().to_dict() == {"Nam Định": 57, "Ninh Bình": 39, "Hà Nam": 33}
    assert mine["name"].iloc[0] == "Đảng ủy phường Châu Sơn"
    assert units["unit_id"].is_unique


def test_ninh_binh_communes_match_the_installed_package(tables):
    """Every commune's code and official name agrees with vietnam-provinces."""
    pytest.importorskip("vietnam_provinces")
    spec = importlib.util.find_spec("vietnam_provinces")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "nested-divisions.json"
    (province,) = [p for p in json.loads(path.read_text(encoding="utf-8")) if p["codename"] == "ninh_binh"]
    package = {f"{w['code']:05d}": w["name"] for w in province["wards"]}
    mine = tables["units"][tables["units"]["kind"] == "commune"]
    names = mine["name"].str.removeprefix("Đảng ủy ").str[0].str.upper() + mine["name"].str[9:]
    assert dict(zip(mine["code"], names)) == package


def test_every_quota_line_is_assumed_and_says_its_rule(tables):
    """It marks each caps line assumed, with the scale in its source; district leaders become commune leaders."""
    caps = tables["caps"]
    assert (caps["assumed"] == "true").all()
    assert caps["source"].str.startswith("assumed: 404/175 former communes × ").sum() == len(caps) - 5
    assert (caps.loc[caps["target"] == "ld_cap_so", "source"].str.startswith("assumed: 28/35 provincial units")).all()
    assert "ld_cap_huyen" not in set(caps["target"]) and "ld_cap_huyen" not in set(tables["families"]["family"])
    assert sorted(caps["year"].unique()) == [2026, 2027, 2028, 2029, 2030]


def test_quotas_scale_98_kh_tu_by_the_former_communes(tables):
    """Intermediate theory: 250 a year × 404/175 = 577; 5 classes → 12 (5 full-time, 7 part-time)."""
    caps = tables["caps"].set_index(["year", "target", "block"])
    first = caps.loc[(2026, "trung_cap", "all")]
    assert first["seats_max"].min() == 577 and first["classes_max"].max() == 12
    assert caps.loc[(2030, "trung_cap_tt", "all"), "classes_max"] == 5
    assert caps.loc[(2030, "trung_cap_ktt", "all"), "classes_max"] == 7


def test_commune_demand_follows_former_communes(tables, communes):
    """A commune made of more former communes has, by the seeded rule, more cadres in commune training."""
    demand = tables["demand"]
    units = tables["units"].set_index("unit_id")
    counts = demand[demand["family"] == "can_bo_cap_xa"].groupby("unit_id")["count"].sum()
    assert set(units.loc[counts.index, "kind"]) == {"commune"}
    mine = communes[communes["province"] == "Ninh Bình"].set_index("codename")
    former = mine.loc[counts.index, "predecessors"].astype(int)
    by_size = counts.groupby(former.to_numpy()).mean()
    assert by_size.loc[by_size.index.max()] > 2 * by_size.loc[by_size.index.min()]
    assert demand.loc[demand["family"] == "ld_cap_xa", "count"].sum() == 5 * 129


def test_shipped_ninh_binh_folder_loads_with_the_assumed_quota_warning():
    """It passes the loader's checks and carries the assumed_quota warning."""
    inputs = load_inputs(NINH_BINH)
    assert "assumed_quota" in {w.code for w in inputs.warnings}


def test_an_unknown_province_is_refused(communes):
    """It names the province it did not find."""
    with pytest.raises(ValueError, match="Atlantis"):
        province_tables(communes, "Atlantis", 2026, 5, 1, plan=PLAN)


def test_communes_with_the_same_codename_in_one_province_get_their_code_appended(communes):
    """Two communes of one province spelt alike without diacritics keep distinct ids: codename_code."""
    twins = communes[communes.duplicated(["province_code", "codename"], keep=False)]
    province = twins["province"].iloc[0]
    units = province_tables(communes, province, 2026, 1, 1, plan=PLAN)["units"]
    assert units["unit_id"].is_unique
    first = twins[twins["province"] == province].iloc[0]
    assert f"{first['codename']}_{first['commune_code']}" in set(units["unit_id"])


def intermediate(caps: pd.DataFrame, year: int = 2026) -> dict[str, tuple]:
    lines = caps[(caps["year"] == year) & caps["target"].str.startswith("trung_cap") & caps["classes_max"].notna()]
    return {target: int(n) for target, n in zip(lines["target"], lines["classes_max"])}


def test_a_small_province_gets_part_time_classes_that_hold_its_least_intermediate_seats(communes):
    """Điện Biên (129/175): rounded alone, 2 × 129/175 → 1 full-time and 3 × 129/175 → 2 part-time classes hold at
    most 180 of the 184 seats it must fill; the part-time count is the total (4) less the full-time one."""
    caps = province_tables(communes, "Điện Biên", 2026, 5, 2023, plan=PLAN)["caps"]
    assert intermediate(caps) == {"trung_cap": 4, "trung_cap_tt": 1, "trung_cap_ktt": 3}
    least = caps.loc[(caps["year"] == 2026) & (caps["target"] == "trung_cap"), "seats_min"].max()
    assert least == 184 and 4 * 60 >= least


def test_fit_classes_adds_part_time_classes_until_the_least_seats_fit():
    """A total of 2 classes of at most 60 cannot hold 150 seats: the part-time course gets a third, the total too."""
    courses = PLAN["courses"]
    caps = pd.DataFrame({"year": [2026] * 4, "target": ["trung_cap", "trung_cap", "trung_cap_tt", "trung_cap_ktt"],
                         "seats_min": pd.array([None, 150, None, None], dtype="Int64"),
                         "seats_max": pd.array([150, 180, None, None], dtype="Int64"),
                         "classes_min": pd.array([None, None, 1, 1], dtype="Int64"),
                         "classes_max": pd.array([2, None, 1, 1], dtype="Int64")})
    assert intermediate(fit_classes(caps, courses)) == {"trung_cap": 3, "trung_cap_tt": 1, "trung_cap_ktt": 2}
