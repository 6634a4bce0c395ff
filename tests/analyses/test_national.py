"""The national tables: provinces in file order, shares of summed demand, the country's total last."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from optimizer.analyses import national
from optimizer.inputs.country import Province


def summary(seats: int) -> pd.DataFrame:
    return pd.DataFrame({"family": ["cc", "tc"], "family_name": ["Cao cấp", "Trung cấp"], "tier": ["t1", "t1"],
                         "tier_name": ["T1", "T1"], "demand": [100, 0], "allocated": [seats, 0]})


PROVINCES = [Province("02", "Hà Nam", Path("b.yaml"), "ha_nam"), Province("01", "Nam Định", Path("a.yaml"), "nam_dinh")]


def test_coverage_keeps_the_provinces_in_file_order_and_leaves_a_share_of_no_demand_empty():
    coverage = national.coverage_by_province(PROVINCES, [summary(40), summary(90)])
    assert coverage["province"].tolist() == ["Hà Nam", "Hà Nam", "Nam Định", "Nam Định"]
    assert coverage["share"].iloc[0] == 0.4 and pd.isna(coverage["share"].iloc[1])


def test_totals_sum_each_province_and_end_with_the_whole_country():
    totals = national.province_totals(national.coverage_by_province(PROVINCES, [summary(40), summary(90)]))
    assert totals["allocated"].tolist() == [40, 90, 130]
    assert totals["demand"].tolist() == [100, 100, 200]
    assert totals["share"].tolist() == [0.4, 0.9, 0.65]
    assert totals["province_code"].iloc[-1] == ""
