"""The national run's workbook and chart: Vietnamese labels by default, the same bytes on every run."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd

from optimizer.analyses import national
from optimizer.inputs.country import Province
from optimizer.outputs.national import chart_bytes, national_files, workbook_bytes


def tables():
    provinces = [Province(f"{n:02d}", f"Tỉnh {n}", Path("s.yaml"), f"t{n}") for n in (1, 2, 3)]
    summaries = [pd.DataFrame({"family": ["cc"], "family_name": ["Cao cấp"], "tier": ["t1"], "tier_name": ["T1"],
                               "demand": [100], "allocated": [seats]}) for seats in (30, 60, 90)]
    coverage = national.coverage_by_province(provinces, summaries)
    return coverage, national.province_totals(coverage)


def test_the_chart_and_workbook_are_the_same_bytes_on_every_run():
    assert national_files(*tables()) == national_files(*tables())
    assert chart_bytes(tables()[1]).startswith(b"\x89PNG")


def test_the_workbook_labels_the_total_row_in_the_language_asked():
    coverage, totals = tables()
    vi = openpyxl.load_workbook(io.BytesIO(workbook_bytes(coverage, totals)))
    en = openpyxl.load_workbook(io.BytesIO(workbook_bytes(coverage, totals, lang="en")))
    assert vi.sheetnames == ["Theo tỉnh", "Theo loại lớp, đối tượng"]
    assert [row[0] for row in vi["Theo tỉnh"].iter_rows(values_only=True)][-1] == "Tổng cộng"
    assert [row[0] for row in en["By province"].iter_rows(values_only=True)][-1] == "Total"
