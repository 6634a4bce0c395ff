"""The national tables: each province's plan summed by family and tier, side by side (pure, tables to tables)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..inputs.country import Province
from .batch import SUMMARY_COLUMNS

COVERAGE_COLUMNS = ["province_code", "province", "family", "family_name", "tier", "tier_name", "demand",
                    "allocated", "share"]
TOTAL_COLUMNS = ["province_code", "province", "demand", "allocated", "share"]


def _share(allocated: pd.Series, demand: pd.Series) -> pd.Series:
    return (allocated / demand.where(demand > 0)).round(4)


def coverage_by_province(provinces: Sequence[Province], summaries: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Per (province, family, tier): demand, seats over the horizon and their share, provinces in file order."""
    parts = [summary[SUMMARY_COLUMNS].assign(province_code=p.code, province=p.name)
             for p, summary in zip(provinces, summaries)]
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COVERAGE_COLUMNS)
    table["share"] = _share(table["allocated"], table["demand"])
    return table[COVERAGE_COLUMNS]


def province_totals(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per province: demand, seats and share over every family and tier, plus a last row for the country."""
    table = coverage.groupby(["province_code", "province"], sort=False)[["demand", "allocated"]].sum().reset_index()
    country = pd.DataFrame([{"province_code": "", "province": "", "demand": table["demand"].sum(),
                             "allocated": table["allocated"].sum()}])
    table = pd.concat([table, country], ignore_index=True)
    table["share"] = _share(table["allocated"], table["demand"])
    return table[TOTAL_COLUMNS]
