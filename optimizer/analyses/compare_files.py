"""A ``Comparison`` rendered to the bytes of its files: comparison.xlsx (a sheet per table, headers in Vietnamese
or English), a tidy CSV per table (one row per key and scenario, English column names) and the two charts
(coverage by tier; seats moved per unit). Nothing is written here; the same comparison gives the same bytes.
"""


from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .. import encode
from ..outputs import charts
from ..words import check_lang
from .compare_tables import Comparison

# The comparison tables in the order of the workbook's sheets.
TABLES = ("scenarios", "input_changes", "seats", "coverage", "coverage_by_family", "stages", "rule_violations",
          "unit_changes")


SHEETS = {
    "vi": {"scenarios": "Kịch bản", "input_changes": "Thay đổi đầu vào", "seats": "Số chỗ học",
           "coverage": "Đáp ứng theo nhóm", "coverage_by_family": "Đáp ứng theo loại hình",
           "stages": "Các bước tối ưu", "rule_violations": "Vi phạm quy tắc", "unit_changes": "Thay đổi theo đơn vị"},
    "en": {"scenarios": "Scenarios", "input_changes": "Input changes", "seats": "Seats",
           "coverage": "Coverage by tier", "coverage_by_family": "Coverage by family",
           "stages": "Stages", "rule_violations": "Rules broken", "unit_changes": "Unit changes"},
}
HEADERS = {
    "vi": {"scenario": "Kịch bản", "question": "Câu hỏi", "status": "Trạng thái", "seats": "Tổng số chỗ học",
           "years": "Các năm", "folder": "Thư mục kết quả", "table": "Bảng", "subject": "Đối tượng",
           "column": "Cột", "first": "Giá trị ở kịch bản gốc ({first})", "this": "Giá trị ở kịch bản này",
           "unit_id": "Mã đơn vị", "family": "Loại hình đào tạo", "year": "Năm", "tier": "Nhóm đối tượng",
           "stage": "Bước tối ưu", "rule": "Quy tắc", "name": "Đơn vị", "kind": "Loại đơn vị",
           "demand": "{scenario}: nhu cầu", "allocated": "{scenario}: đã bố trí", "share": "{scenario}: tỷ lệ",
           "delta": "Chênh lệch {scenario} so với {first}"},
    "en": {"scenario": "Scenario", "question": "Question", "status": "Status", "seats": "Seats in total",
           "years": "Years", "folder": "Result folder", "table": "Table", "subject": "Subject",
           "column": "Column", "first": "Value in the first scenario ({first})", "this": "Value in this scenario",
           "unit_id": "Unit id", "family": "Family", "year": "Year", "tier": "Tier", "stage": "Stage", "rule": "Rule",
           "name": "Unit", "kind": "Kind of unit",
           "demand": "{scenario}: demand", "allocated": "{scenario}: allocated", "share": "{scenario}: share",
           "delta": "{scenario} minus {first}"},
}


def _headers(columns: Iterable[str], names: tuple[str, ...], lang: str) -> list[str]:
    """Readable headers: fixed columns translated, scenario columns named after their scenario."""
    words = HEADERS[lang]
    per_scenario = {n: n for n in names}
    for n in names:
        for part in ("demand", "allocated", "share"):
            per_scenario[f"{n}_{part}"] = words[part].format(scenario=n)
    for n in names[1:]:
        per_scenario[f"delta_{n}"] = words["delta"].format(scenario=n, first=names[0])
    headers = []
    for column in columns:
        if column in per_scenario:
            headers.append(per_scenario[column])
        else:
            headers.append(words.get(column, column).format(first=names[0]))
    return headers


def workbook_sheets(comparison: Comparison, lang: str = "vi") -> dict[str, pd.DataFrame]:
    """The comparison tables with sheet names and headers in ``lang`` (the workbook's content)."""
    lang = check_lang(lang)
    sheets = {}
    for table in TABLES:
        frame = getattr(comparison, table).copy()
        frame.columns = _headers(frame.columns, comparison.names, lang)
        sheets[SHEETS[lang][table]] = frame
    return sheets


def _long(frame: pd.DataFrame, keys: list[str], names: tuple[str, ...], columns: dict[str, str],
          delta: str | None) -> pd.DataFrame:
    """A wide table as a tidy one: one row per key and scenario. ``columns`` maps the tidy column to a pattern of
    the wide column ("{scenario}" or "{scenario}_share"); ``delta`` adds a column of the difference to the first."""
    parts = []
    for name in names:
        part = frame[keys].copy()
        part.insert(len(keys), "scenario", name)
        for column, pattern in columns.items():
            part[column] = frame[pattern.format(scenario=name)]
        if delta is not None:
            part["delta"] = frame[delta.format(scenario=name)] - frame[delta.format(scenario=names[0])]
        part["_scenario"] = names.index(name)
        part["_row"] = np.arange(len(part))
        parts.append(part)
    long = pd.concat(parts, ignore_index=True).sort_values(["_row", "_scenario"], kind="stable")
    return long.drop(columns=["_row", "_scenario"]).reset_index(drop=True)


def tidy_tables(comparison: Comparison) -> dict[str, pd.DataFrame]:
    """Each comparison table in long form (one row per key and scenario, English column names), for the CSVs."""
    names = comparison.names
    share = {"demand": "{scenario}_demand", "allocated": "{scenario}_allocated", "share": "{scenario}_share"}
    stages = _long(comparison.stages, ["stage"], names, {"value": "{scenario}"}, None)
    return {
        "scenarios": comparison.scenarios,
        "input_changes": comparison.input_changes,
        "seats": _long(comparison.seats, ["unit_id", "family", "year"], names, {"seats": "{scenario}"}, "{scenario}"),
        "coverage": _long(comparison.coverage, ["tier"], names, share, None),
        "coverage_by_family": _long(comparison.coverage_by_family, ["family", "tier"], names, share, None),
        "stages": stages[stages["value"].notna()].reset_index(drop=True),
        "rule_violations": _long(comparison.rule_violations, ["rule"], names, {"cases": "{scenario}"}, None),
        "unit_changes": _long(comparison.unit_changes, ["unit_id", "name", "kind"], names, {"seats": "{scenario}"},
                              "{scenario}"),
    }


def _unit_chart_table(comparison: Comparison, lang: str) -> pd.DataFrame:
    table = comparison.unit_changes
    if lang != "en":
        return table
    english = table["unit_id"].map(comparison.units.set_index("unit_id")["name_en"]).fillna("")
    return pd.concat([table.iloc[:, :2], english.rename("name_en"), table.iloc[:, 2:]], axis=1)


def comparison_files(comparison: Comparison, lang: str = "vi") -> dict[str, bytes]:
    """The comparison rendered to bytes: comparison.xlsx (a sheet per table, in ``lang``), a tidy CSV per table
    (English column names), compare_coverage.png/.svg and compare_units.png/.svg (the second scenario against the
    first; with more scenarios also compare_units_3.png/.svg and so on, numbered by the scenario's position)."""
    lang = check_lang(lang)
    files = {"comparison.xlsx": encode.xlsx_bytes(workbook_sheets(comparison, lang), index=False)}
    for table, frame in tidy_tables(comparison).items():
        files[f"{table}.csv"] = encode.csv_bytes(frame)
    figures = {"compare_coverage": charts.comparison_coverage_chart(comparison.coverage, comparison.tiers,
                                                                    list(comparison.names), lang=lang)}
    units = _unit_chart_table(comparison, lang)
    for position, name in enumerate(comparison.names[1:], start=2):
        stem = "compare_units" if position == 2 else f"compare_units_{position}"
        figures[stem] = charts.unit_change_chart(units, name, lang=lang)
    for stem, figure in figures.items():
        files[f"{stem}.png"] = encode.png_bytes(figure)
        files[f"{stem}.svg"] = encode.svg_bytes(figure)
    return files
