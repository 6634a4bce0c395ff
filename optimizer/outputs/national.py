"""The national run's own files: national.xlsx (Vietnamese labels, or English) and a bar chart of coverage by
province. Bytes only; the API writes them."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from .. import encode
from ..words import check_lang
from .chart_style import LABEL, TICK_SIZE, TIER_COLOURS, TITLE, style_axes

COVERAGE_FILE = "coverage_by_province.csv"
TOTALS_FILE = "totals_by_province.csv"
WORKBOOK_FILE = "national.xlsx"
CHART_FILE = "coverage_by_province.png"

HEADERS = {
    "vi": {"province_code": "Mã tỉnh", "province": "Tỉnh, thành phố", "family": "Mã loại lớp",
           "family_name": "Loại lớp", "tier": "Mã đối tượng", "tier_name": "Đối tượng", "demand": "Nhu cầu",
           "allocated": "Chỉ tiêu phân bổ", "share": "Tỷ lệ đáp ứng"},
    "en": {"province_code": "Province code", "province": "Province", "family": "Family code",
           "family_name": "Family", "tier": "Tier code", "tier_name": "Tier", "demand": "Demand",
           "allocated": "Seats allocated", "share": "Share covered"},
}
WORDS = {
    "vi": {"totals": "Theo tỉnh", "coverage": "Theo loại lớp, đối tượng", "total": "Tổng cộng",
           "title": "Tỷ lệ đáp ứng nhu cầu đào tạo theo tỉnh, thành phố", "axis": "Tỷ lệ đáp ứng (%)"},
    "en": {"totals": "By province", "coverage": "By family and tier", "total": "Total",
           "title": "Share of training demand covered, by province", "axis": "Share covered (%)"},
}


def _labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    return table.rename(columns=HEADERS[lang])


def workbook_bytes(coverage: pd.DataFrame, totals: pd.DataFrame, lang: str = "vi") -> bytes:
    """national.xlsx: the totals by province (last row the whole country) and coverage by family and tier."""
    words = WORDS[check_lang(lang)]
    totals = totals.copy()
    totals.loc[totals.index[-1], "province_code"] = words["total"]
    return encode.xlsx_bytes({words["totals"]: _labelled(totals, lang),
                              words["coverage"]: _labelled(coverage, lang)}, index=False)


def chart_bytes(totals: pd.DataFrame, lang: str = "vi") -> bytes:
    """A horizontal bar per province (file order, top to bottom): the share of its demand covered; PNG with fixed
    metadata, so the bytes are the same on every run."""
    words = WORDS[check_lang(lang)]
    rows = totals.iloc[:-1]
    figure = Figure(figsize=(8.0, max(2.5, 1.2 + 0.28 * len(rows))), layout="constrained")
    ax = figure.add_subplot()
    shares = rows["share"].fillna(0.0).to_numpy() * 100
    positions = range(len(rows))[::-1]
    ax.barh(list(positions), shares, color=TIER_COLOURS[0])
    ax.set_yticks(list(positions), rows["province"].tolist(), fontsize=TICK_SIZE)
    for y, share in zip(positions, shares):
        ax.text(share + 0.5, y, f"{share:.0f}", va="center", fontsize=TICK_SIZE)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0, max(100.0, float(shares.max(initial=0)) + 8))
    ax.set_xlabel(words["axis"], **LABEL)
    ax.set_title(words["title"], **TITLE)
    style_axes(ax)
    ax.grid(False)  # bars lie along x: the guide lines belong across them
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    return encode.png_bytes(figure)


def national_files(coverage: pd.DataFrame, totals: pd.DataFrame, lang: str = "vi") -> dict[str, bytes]:
    """The files the national run writes beside the provinces' result folders."""
    return {COVERAGE_FILE: encode.csv_bytes(coverage), TOTALS_FILE: encode.csv_bytes(totals),
            WORKBOOK_FILE: workbook_bytes(coverage, totals, lang), CHART_FILE: chart_bytes(totals, lang)}
