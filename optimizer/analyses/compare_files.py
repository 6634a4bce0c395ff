"""A ``Comparison`` rendered to the bytes of its files: comparison.xlsx (a sheet per table, headers in Vietnamese
or English), a tidy CSV per table (one row per key and scenario, English column names) and the two charts
(coverage by tier; seats moved per unit). Nothing is written here; the same comparison gives the same bytes.
"""


from __future__ import annotations

import numpy as np
import pandas as pd

from .. import encode
from ..outputs import charts
from ..words import check_lang
from .compare_sheets import workbook_sheets
from .compare_tables import Comparison


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
        **({"coverage_by_area": _long(comparison.coverage_by_area, ["area", "tier"], names, share, None)}
           if len(comparison.coverage_by_area) else {}),
        "stages": stages[stages["value"].notna()].reset_index(drop=True),
        "rule_violations": _long(comparison.rule_violations, ["rule"], names, {"cases": "{scenario}"}, None),
        "unit_changes": _long(comparison.unit_changes, ["unit_id", "name", "kind"], names, {"seats": "{scenario}"},
                              "{scenario}"),
        "gains_losses": comparison.gains_losses,
    }


def _unit_chart_table(comparison: Comparison, lang: str) -> pd.DataFrame:
    table = comparison.unit_changes
    if lang != "en":
        return table
    english = table["unit_id"].map(comparison.units.set_index("unit_id")["name_en"]).fillna("")
    return pd.concat([table.iloc[:, :2], english.rename("name_en"), table.iloc[:, 2:]], axis=1)


def comparison_files(comparison: Comparison, lang: str = "vi") -> dict[str, bytes]:
    """The comparison rendered to bytes: comparison.xlsx (a sheet per table, in ``lang``), a tidy CSV per table
    (English column names), compare_coverage.png/.svg, and per later scenario against the first
    compare_units.png/.svg (net change per unit) and compare_gains_losses.png/.svg (seats gained and lost per unit
    and year); with more scenarios also compare_units_3.png and so on, numbered by the scenario's position."""
    lang = check_lang(lang)
    files = {"comparison.xlsx": encode.xlsx_bytes(workbook_sheets(comparison, lang), index=False)}
    for table, frame in tidy_tables(comparison).items():
        files[f"{table}.csv"] = encode.csv_bytes(frame)
    questions = dict(zip(comparison.scenarios["scenario"], comparison.scenarios["question"]))
    figures = {"compare_coverage": charts.comparison_coverage_chart(comparison.coverage, comparison.tiers,
                                                                    list(comparison.names), lang=lang,
                                                                    questions=questions)}
    units = _unit_chart_table(comparison, lang)
    years = sorted({int(y) for y in comparison.seats["year"]})
    first = comparison.names[0]
    for position, name in enumerate(comparison.names[1:], start=2):
        suffix = "" if position == 2 else f"_{position}"
        figures[f"compare_units{suffix}"] = charts.unit_change_chart(units, name, lang=lang, questions=questions)
        figures[f"compare_gains_losses{suffix}"] = charts.gains_losses_chart(
            comparison.gains_losses, comparison.units, name, first, years=years, lang=lang, questions=questions)
    for stem, figure in figures.items():
        files[f"{stem}.png"] = encode.png_bytes(figure)
        files[f"{stem}.svg"] = encode.svg_bytes(figure)
    return files
