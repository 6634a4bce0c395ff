"""The whole country on the map since 1 July 2025: one data folder and scenario per province.

``write_country`` writes, under one folder::

    provinces.csv               province_code, province, scenario (the path of its scenario.yaml, relative)
    <province slug>/            units.csv, families.csv, ... as ``inputs.province.province_tables`` makes them,
        scenario.yaml           data: ., years, release_limits (as for new Ninh Bình)

The slug is the province's codename from data/vietnam_2025/provinces.csv (``ninh_binh``, ``ha_noi``). Every
quota is assumed (98-KH/TU's shape scaled by each province's former communes) and the demand is illustrative.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..files import check_replaceable, write_result_folder
from ..inputs.province import province_files, province_tables
from ..inputs.unit_forms import BUNDLED_DATA

MAP = BUNDLED_DATA.parent / "vietnam_2025"
PLAN_TABLES = ("families", "courses", "caps")
TIME_LIMIT_SECONDS = 1200
RELEASE_LIMITS = {"commune": 3, "party_committee": 4, "department": 3, "party_board": 2, "mass_org": 2}


def _scenario_yaml(slug: str, province: str, year_list: list[int], seed: int) -> bytes:
    span = f"{year_list[0]}–{year_list[-1]}"
    limits = "".join(f"  {kind}: {n}\n" for kind, n in RELEASE_LIMITS.items())
    return (f"# Question: how could {province} share {span} training quotas among its communes and provincial units?\n"
            f"# Quotas assumed (98-KH/TU scaled by former communes) and demand illustrative, seed {seed}.\n"
            f"name: {slug}_{year_list[0]}_{year_list[-1]}\n"
            f"question: \"Phân bổ chỉ tiêu đào tạo, bồi dưỡng {span} của {province}, chỉ tiêu giả định\"\n"
            f"data: .\nyears: [{', '.join(map(str, year_list))}]\nrelease_limits:\n{limits}"
            # A province's fairness stages may need minutes on a busy machine (Huế: 271 s with one job, 2026), and a
            # plan stopped by the clock would depend on the machine's speed: a national run is a batch job, so the
            # limit is a safety net, not a budget.
            f"solver:\n  time_limit_seconds: {TIME_LIMIT_SECONDS}\n"
            ).encode()


def country_files(years: int = 5, first_year: int = 2026, seed: int = 2023) -> dict[str, bytes]:
    """The files of ``write_country`` (relative path -> bytes), in province-code order."""
    communes = pd.read_csv(MAP / "communes.csv", dtype=str, keep_default_na=False)
    provinces = pd.read_csv(MAP / "provinces.csv", dtype=str, keep_default_na=False).sort_values("province_code")
    plan = {name: pd.read_csv(BUNDLED_DATA / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in PLAN_TABLES}
    year_list = list(range(first_year, first_year + years))
    files: dict[str, bytes] = {}
    for row in provinces.itertuples():
        tables = province_tables(communes, row.province_code, first_year, years, seed, plan=plan)
        for name, content in province_files(tables).items():
            files[f"{row.codename}/{name}"] = content
        files[f"{row.codename}/scenario.yaml"] = _scenario_yaml(row.codename, row.province, year_list, seed)
    index = provinces.assign(scenario=provinces["codename"] + "/scenario.yaml")
    files["provinces.csv"] = index[["province_code", "province", "scenario"]].to_csv(
        index=False, lineterminator="\n").encode("utf-8")
    return files


def write_country(out: str | Path, years: int = 5, first_year: int = 2026, seed: int = 2023) -> Path:
    """Write every province's data folder and scenario (module docstring) as the folder ``out``, all or nothing."""
    check_replaceable(out)
    write_result_folder(Path(out), country_files(years=years, first_year=first_year, seed=seed))
    return Path(out)
