"""Notices to units: one A4 page per unit in the register of an official letter, with its seats by course and
year and, for the cadres it listed who are not fully covered, the reasons in short.

The header follows the administrative layout (the issuing body and its blank number on the left, the national
motto and a blank date on the right), then the title, "Kính gửi", the body, the table and "Nơi nhận"; the number,
date and signature are left for the planner. Pure functions from a result folder's content to PDF bytes: every
list is cut to the room the page has, so each notice is exactly one page, also for the unit with the most rows.
"""


from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from fpdf import FPDF

from ..model.explain import RULE_LABELS
from ..words import folded, name_map
from . import pdf_page as page
from .folder import ALLOCATION_FILE, EXPLANATIONS_FILE, INPUT_TABLES, ResultFolder
from .html_markup import number_text, years_text
from .pdf_labels import NOTICE

COMBINED = {"vi": "tat_ca_don_vi.pdf", "en": "all_units.pdf"}
FOOTER_TOP = 297 - page.MARGIN - 28  # mm: "Nơi nhận" and the signature block start here
TABLE_ROOM = 105.0  # mm the seat table may take; more rows get lower rows and a smaller font
ROW = 5.6
LOWEST_ROW = 4.2  # mm: a row at 7 pt, still read without a magnifier


@dataclass(frozen=True)
class Notice:
    unit_id: str
    unit: str
    file: str
    years: tuple[int, ...]
    seats: tuple[tuple[str, tuple[int, ...]], ...]  # (course name, seats per year), courses in file order
    short: tuple[str, ...]  # one line per (programme, tier) not fully covered


def file_stem(name: str) -> str:
    """A file name from a unit's name: without accents, lower case, words joined by '_' ("huyen_uy_my_loc")."""
    stem = re.sub(r"[^a-z0-9]+", "_", folded(name)).strip("_")
    return stem[:60].rstrip("_") or "don_vi"


def _short_lines(rows: pd.DataFrame, families: dict[str, str], tiers: dict[str, str], lang: str) -> tuple[str, ...]:
    """One line per (programme, tier) of a unit left short: got/listed, short, and the binding rules in words."""
    if not len(rows):
        return ()
    words = NOTICE[lang]
    binding = rows[rows["binds"]] if "binds" in rows else rows
    per_row = rows.drop_duplicates("demand_id")
    totals = per_row.groupby(["family", "tier"], sort=False)[["count", "allocated", "short"]].sum()
    family_order = {f: i for i, f in enumerate(families)}
    tier_order = {t: i for i, t in enumerate(tiers)}
    keys = sorted(totals.index, key=lambda k: (family_order.get(k[0], len(family_order)),
                                               tier_order.get(k[1], len(tier_order))))
    lines = []
    for family, tier in keys:
        chosen = binding[(binding["family"] == family) & (binding["tier"] == tier)]
        reasons = "; ".join(RULE_LABELS[lang].get(r, r) for r in dict.fromkeys(chosen["rule"])) or "–"
        got = totals.loc[(family, tier)]
        lines.append(words["short_line"].format(family=families.get(family, family), tier=tiers.get(tier, tier),
                                                allocated=number_text(got["allocated"], lang),
                                                count=number_text(got["count"], lang),
                                                short=number_text(got["short"], lang), reasons=reasons))
    return tuple(lines)


def notices(content: ResultFolder, lang: str = "vi") -> tuple[Notice, ...]:
    """One notice per unit with seats or listed demand, in units.csv order."""
    units = content.table(INPUT_TABLES["units"].path)
    courses = content.optional_table(INPUT_TABLES["courses"].path)
    tier_table = content.optional_table(INPUT_TABLES["tiers"].path)
    if tier_table is not None:
        tier_table = tier_table.sort_values("rank", kind="stable")
    unit_names, course_names = name_map(units, "unit_id", lang), name_map(courses, "course_id", lang)
    families = name_map(content.optional_table(INPUT_TABLES["families"].path), "family", lang)
    tiers = name_map(tier_table, "tier", lang)
    allocation = content.table(ALLOCATION_FILE)
    explanations = content.optional_table(EXPLANATIONS_FILE)
    demand = content.optional_table(INPUT_TABLES["demand"].path)
    years = sorted({int(y) for y in content.scenario.get("years") or []} | set(allocation["year"].astype(int)))
    grid = allocation.groupby(["unit_id", "course_id", "year"])["seats"].sum()
    course_order = list(course_names) + sorted(set(allocation["course_id"]) - set(course_names))
    listed = set(demand["unit_id"]) if demand is not None else set()
    chosen = [u for u in units["unit_id"] if u in listed or u in set(allocation["unit_id"])]
    width = len(str(len(chosen)))
    found = []
    for number, unit_id in enumerate(chosen, start=1):
        name = unit_names.get(unit_id, unit_id)
        mine = grid[grid.index.get_level_values("unit_id") == unit_id] if len(grid) else grid
        rows = []
        for course in course_order:
            values = tuple(int(mine.get((unit_id, course, year), 0)) for year in years)
            if any(values):
                rows.append((course_names.get(course, course), values))
        short = _short_lines(explanations[explanations["unit_id"] == unit_id], families, tiers, lang) \
            if explanations is not None else ()
        found.append(Notice(unit_id, name, f"{number:0{width}d}_{file_stem(name)}.pdf", tuple(years), tuple(rows),
                            short))
    return tuple(found)


def _letterhead(pdf: FPDF, lang: str, province: str, year: int) -> None:
    words = NOTICE[lang]
    left, right = 78.0, pdf.w - pdf.l_margin - pdf.r_margin - 82.0
    top = pdf.get_y()
    page.write_line(pdf, words["party"].format(province=province.upper()), 5, size=9.5, align="C", width=left)
    page.write_line(pdf, words["office"], 5, size=9.5, style="B", align="C", width=left)
    middle = pdf.l_margin + left / 2
    pdf.set_draw_color(*page.INK)
    pdf.set_line_width(0.3)
    pdf.line(middle - 10, pdf.get_y() + 0.5, middle + 10, pdf.get_y() + 0.5)
    pdf.ln(2)
    page.write_line(pdf, words["number"], 5, size=9, align="C", width=left)
    x = pdf.l_margin + left + 2
    pdf.set_y(top)
    page.write_line(pdf, words["state"], 5, size=10, style="B", align="C", width=right, x=x)
    centre = x + right / 2
    pdf.line(centre - 28, pdf.get_y() + 0.5, centre + 28, pdf.get_y() + 0.5)
    pdf.ln(7)
    page.write_line(pdf, words["date"].format(place=words["place_blank"], year=year), 5, size=9, style="I",
                    align="C", width=right, x=x)
    pdf.ln(6)


def _seat_table(pdf: FPDF, notice: Notice, lang: str) -> None:
    words = NOTICE[lang]
    if not notice.seats:
        page.write_line(pdf, words["no_seats"], ROW, size=10, style="I")
        return
    width = pdf.w - pdf.l_margin - pdf.r_margin
    year_width = 17.0
    columns = [page.Column(words["number_col"], 10, "C"),
               page.Column(words["course"], width - 10 - year_width * (len(notice.years) + 1))]
    columns += [page.Column(str(year), year_width, "R") for year in notice.years]
    columns.append(page.Column(words["total_col"], year_width, "R"))
    seats = list(notice.seats)
    most = int(TABLE_ROOM // LOWEST_ROW) - 2  # the header and the total take a row each
    if len(seats) > most:  # more courses than a page holds: the last ones share one line
        rest = seats[most - 1:]
        seats = seats[:most - 1] + [(words["other_courses"].format(count=len(rest)),
                                     tuple(sum(values[i] for _, values in rest) for i in range(len(notice.years))))]
    body = [[str(n), name, *(number_text(v, lang) if v else "–" for v in values), number_text(sum(values), lang)]
            for n, (name, values) in enumerate(seats, start=1)]
    totals = [sum(values[i] for _, values in notice.seats) for i in range(len(notice.years))]
    body.append(["", words["total"], *(number_text(v, lang) for v in totals), number_text(sum(totals), lang)])
    height = max(LOWEST_ROW, min(ROW, TABLE_ROOM / (len(body) + 1)))
    page.table(pdf, columns, body, height=height, size=min(9.5, height * 1.7), bold_last=True)


def _footer(pdf: FPDF, lang: str) -> None:
    words = NOTICE[lang]
    pdf.set_y(FOOTER_TOP)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    page.write_line(pdf, words["recipients"], 4.5, size=9, style="BI", width=half)
    for line in words["recipient_lines"]:
        page.write_line(pdf, line, 4.2, size=8.5, width=half)
    pdf.set_y(FOOTER_TOP)
    page.write_line(pdf, words["sign"], 5, size=10, style="B", align="C", width=half, x=pdf.l_margin + half)


def draw_notice(pdf: FPDF, notice: Notice, lang: str, name: str, province: str | None) -> None:
    """One notice on the current page of ``pdf``."""
    words = NOTICE[lang]
    years = years_text(notice.years)
    _letterhead(pdf, lang, province or words["province_blank"], notice.years[-1] if notice.years else 0)
    page.write_line(pdf, words["title"], 7, size=13, style="B", align="C")
    page.write_wrapped(pdf, words["about"].format(years=years, unit=notice.unit), 5.2, 2, size=10.5, style="B",
                       align="C")
    pdf.ln(3)
    page.write_line(pdf, words["to"].format(unit=notice.unit), 6, size=11, align="C")
    pdf.ln(2)
    page.write_wrapped(pdf, words["intro"].format(years=years, name=name, unit=notice.unit), 5.2, 3, size=10)
    pdf.ln(1.5)
    _seat_table(pdf, notice, lang)
    pdf.ln(3)
    room = int((FOOTER_TOP - 13 - pdf.get_y()) // 4.6)  # lines left above the request and the footer
    if notice.short:
        page.write_line(pdf, words["short"], 5, size=9.5, style="B")
        room -= 1
        shown = notice.short if len(notice.short) <= room else notice.short[:max(room - 1, 0)]
        pdf.set_font(page.FONT, "", 8.8)
        for line in shown:
            page.write_line(pdf, f"- {line}", 4.6, size=8.8)
        if len(shown) < len(notice.short):
            page.write_line(pdf, words["short_more"].format(count=len(notice.short) - len(shown)), 4.6, size=8.8,
                            style="I")
    else:
        page.write_line(pdf, words["short_none"], 5, size=9.5)
    pdf.ln(1.5)
    page.write_wrapped(pdf, words["request"].format(unit=notice.unit), 5, 2, size=10)
    _footer(pdf, lang)


def notice_files(content: ResultFolder, lang: str = "vi", province: str | None = None, combined: bool = True,
                 step: Callable[[int, int, str], None] | None = None) -> dict[str, bytes]:
    """{file name: PDF bytes}: one single-page PDF per unit and, with ``combined``, one with every notice.
    ``step`` hears of each notice as it is drawn (about half a second each: the fonts are read for every file)."""
    name = content.name
    found = notices(content, lang)
    files = {}
    for number, notice in enumerate(found, start=1):
        pdf = page.new_page(NOTICE[lang]["title"] + " " + notice.unit, lang)
        draw_notice(pdf, notice, lang, name, province)
        files[notice.file] = page.pdf_bytes(pdf)
        if step is not None:
            step(number, len(found), notice.file)
    if combined and found:
        pdf = page.new_page(NOTICE[lang]["title"], lang)
        for number, notice in enumerate(found):
            if number:
                page.add_page(pdf)
            draw_notice(pdf, notice, lang, name, province)
        files[COMBINED[lang]] = page.pdf_bytes(pdf)
    return files
