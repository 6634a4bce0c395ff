"""What the planner's web page shows of result folders (steps 4–6): the plan's appendix tables as the workbook
lays them out, the headline of a folder (coverage per tier against the targets, the units furthest below), the
cumulative coverage against the targets with names, the charts of a folder and a picture of the brief's page.

Every function here only reads (the brief's picture is drawn by ``pdftoppm`` into memory).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..inputs.case import load_case
from ..outputs import appendix as _appendix
from ..outputs.brief_content import brief_content
from ..outputs.folder import (
    BRIEF_FILE,
    CUMULATIVE_COVERAGE_FILE,
    EXPLANATIONS_FILE,
    INPUT_TABLES,
    SCENARIO_FILE,
    read_folder,
)
from ..words import check_lang, name_map

PICTURE_SECONDS = 30


@dataclass(frozen=True)
class AppendixTable:
    """One appendix sheet as a table: ``table`` has TT, the unit's name, one column per course (and block) and the
    row total; ``kinds`` says each row's kind (group, unit, total, quota) and ``unit_ids`` the unit of unit rows."""

    name: str  # the workbook's sheet name: PL1 2023, PL2 2023–2025
    heading: str
    table: pd.DataFrame
    kinds: tuple[str, ...]
    unit_ids: tuple[str | None, ...]


def _column_label(column: _appendix.Column) -> str:
    return f"{column.family_label}: {column.label}" if column.label else column.family_label


def appendix_tables(folder: str | Path, year: int | None = None, lang: str = "vi") -> list[AppendixTable]:
    """The appendix sheets of a result folder (the PL1/PL2 sheets of allocation.xlsx) for ``year``, or for the
    whole period when ``year`` is None: units by name in their groups with subtotals, the province total and the
    quota row; columns are the courses, split by block where the quotas split."""
    lang = check_lang(lang)
    folder = Path(folder)
    scenario, inputs = load_case(folder / SCENARIO_FILE)
    assignments, _ = read_folder(folder).plan()
    years = tuple(scenario.years)
    sheets = _appendix.appendix_sheets(assignments, inputs, years, lang)
    # A sheet's name is the appendix and when: "PL1 2023", "PL1 2023–2025"; a single year is the period.
    when = str(year) if year is not None or len(years) < 2 else f"{min(years)}–{max(years)}"
    wanted = [s for s in sheets if s.name.split(" ", 1)[-1] == when or (year is None and len(years) == 1)]
    found = []
    for sheet in wanted:
        labels = sheet.labels
        headers = [_column_label(c) for c in sheet.appendix.columns] + [labels["total_column"]]
        seen: dict[str, int] = {}
        unique = []
        for header in headers:  # a column label must be unique in a table
            seen[header] = seen.get(header, 0) + 1
            unique.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
        values = pd.DataFrame(list(sheet.values), columns=unique).astype("Int64")
        front = pd.DataFrame({labels["number"]: ["" if r.number is None else str(r.number) for r in sheet.rows],
                              labels["unit"]: [r.label for r in sheet.rows]})
        found.append(AppendixTable(sheet.name, sheet.heading, pd.concat([front, values], axis=1),
                                   tuple(r.kind for r in sheet.rows), tuple(r.unit_id for r in sheet.rows)))
    return found


def result_years(folder: str | Path) -> list[int]:
    """The scenario's years of a result folder."""
    return [int(y) for y in read_folder(folder).scenario.get("years") or []]


def result_overview(folder: str | Path, lang: str = "vi") -> dict:
    """A result folder's headline as the brief says it: name, question, status, seats, the year the targets are
    judged in, per tier (demand, covered, share, target share, cadres short) and the units furthest below target
    with the rule holding most of them back (``below_more``: how many more are below)."""
    lang = check_lang(lang)
    content = read_folder(folder)
    brief = brief_content(content, lang)
    tiers = pd.DataFrame([{"tier": line.name, "demand": line.demand, "allocated": line.allocated,
                           "share": line.allocated / line.demand if line.demand else None,
                           "target": line.target, "short": line.short} for line in brief.tiers])
    below = pd.DataFrame([{"unit": gap.name, "short": gap.short, "share": gap.share, "target": gap.target,
                           "reason": gap.reason} for gap in brief.below],
                         columns=["unit", "short", "share", "target", "reason"])
    return {"name": brief.name, "question": brief.question, "years": brief.years, "seats": brief.seats,
            "status": str(content.summary.get("status") or ""), "target_year": brief.target_year, "tiers": tiers,
            "below": below, "below_more": brief.below_more}


def target_coverage(folder: str | Path, lang: str = "vi") -> pd.DataFrame:
    """cumulative_coverage.csv with names: per family, tier and year the demand, the cadres covered so far, the
    share and the target share (blank where the plan sets none)."""
    lang = check_lang(lang)
    content = read_folder(folder)
    table = content.optional_table(CUMULATIVE_COVERAGE_FILE)
    if table is None:
        return pd.DataFrame(columns=["family", "tier", "year", "demand", "allocated_cumulative", "share",
                                     "target_share", "family_id", "tier_id"])
    families = name_map(content.optional_table(INPUT_TABLES["families"].path), "family", lang)
    tiers = name_map(content.optional_table(INPUT_TABLES["tiers"].path), "tier", lang)
    shown = table.assign(family_id=table["family"], tier_id=table["tier"],
                         family=table["family"].map(lambda f: families.get(f, f)),
                         tier=table["tier"].map(lambda t: tiers.get(t, t)))
    return shown.reset_index(drop=True)


def short_units(folder: str | Path, lang: str = "vi") -> dict[str, str]:
    """The units with demand rows short of seats (explanations.csv), by name, most cadres short first."""
    content = read_folder(folder)
    table = content.optional_table(EXPLANATIONS_FILE)
    if table is None or not len(table):
        return {}
    units = name_map(content.optional_table(INPUT_TABLES["units"].path), "unit_id", lang)
    short = table.drop_duplicates("demand_id").groupby("unit_id", sort=False)["short"].sum()
    order = short.sort_values(ascending=False, kind="stable").index
    return {str(u): units.get(u, u) for u in order}


def chart_files(folder: str | Path, prefix: str = "") -> list[Path]:
    """The charts (PNG) at the top of a folder whose names start with ``prefix``, by name."""
    return sorted(p for p in Path(folder).glob(f"{prefix}*.png") if p.is_file())


def brief_picture(folder_or_pdf: str | Path, dpi: int = 80) -> bytes | None:
    """The first page of the brief (tom_tat.pdf of a result folder, or a PDF file) as PNG bytes, drawn by
    ``pdftoppm`` when the computer has it; None without it or without the file."""
    path = Path(folder_or_pdf)
    path = path / BRIEF_FILE if path.is_dir() else path
    program = shutil.which("pdftoppm")
    if program is None or not path.is_file():
        return None
    done = subprocess.run([program, "-png", "-r", str(int(dpi)), "-singlefile", "-f", "1", "-l", "1", str(path)],
                          capture_output=True, timeout=PICTURE_SECONDS, check=False)
    return done.stdout if done.returncode == 0 and done.stdout.startswith(b"\x89PNG") else None
