"""The one-page brief (tom_tat.pdf) for the provincial Standing Committee: a ``Brief`` drawn on one A4 page.

Four numbered parts under the question: coverage by tier against the target (a small chart beside the numbers),
what changed, the units furthest below target with the main reason, and the decisions asked for. Every part has
a fixed most number of lines and every line is cut to its width, so the page holds for any number of units and
any length of name; the tests count the pages of a 200-unit folder with long names.
"""


from __future__ import annotations

import io

from fpdf import FPDF
from matplotlib.figure import Figure

from . import pdf_page as page
from .brief_content import Brief, UnitGap, brief_content
from .chart_style import FONT, TIER_COLOURS
from .folder import ResultFolder
from .html_markup import number_text, percent_text
from .pdf_labels import BRIEF

CHART_WIDTH = 58.0  # mm, beside the table of numbers
LINE = 4.8  # mm per line of body text
MOST_CHANGE_LINES = 7
MOST_DECISION_LINES = 9


def coverage_chart(brief: Brief, width_mm: float, height_mm: float) -> bytes:
    """Horizontal bars, top to bottom in the order of the table beside: the share of each tier's demand covered,
    with the target as a black tick."""
    figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4))
    axes = figure.add_axes((0.03, 0.16, 0.93, 0.82))
    tiers = list(reversed(brief.tiers))
    positions = range(len(tiers))
    shares = [t.allocated / t.demand * 100 if t.demand else 0 for t in tiers]
    colours = [TIER_COLOURS[(len(tiers) - 1 - i) % len(TIER_COLOURS)] for i in positions]
    axes.barh(list(positions), shares, color=colours, height=0.62)
    for position, tier in zip(positions, tiers):
        if tier.target is not None:
            axes.plot([tier.target * 100] * 2, [position - 0.42, position + 0.42], color="black", linewidth=1.6)
    axes.set_xlim(0, 105)
    axes.set_yticks(list(positions))
    axes.set_yticklabels([])  # the tiers are named in the table beside, in the same order
    axes.set_xticks([0, 50, 100])
    axes.set_xticklabels(["0%", "50%", "100%"], fontsize=5.6, family=FONT)
    axes.tick_params(length=2, pad=1.5)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=220, metadata={"Software": None})
    return buffer.getvalue()


def _header(pdf: FPDF, brief: Brief) -> None:
    words = BRIEF[brief.lang]
    page.write_line(pdf, words["kicker"], 4.5, size=7.5, color=page.MUTED)
    pdf.set_text_color(*page.ACCENT)
    page.write_wrapped(pdf, words["title"], 6.5, 2, size=12, style="B")
    pdf.set_text_color(*page.INK)
    page.write_line(pdf, words["subtitle"].format(name=brief.name, years=brief.years,
                                                  seats=number_text(brief.seats, brief.lang), status=brief.status),
                    5, size=9, color=page.MUTED)
    pdf.ln(1.5)
    page.write_line(pdf, f"{words['question']}:", 5, size=10, style="B")
    page.write_wrapped(pdf, brief.question, LINE, 3, size=10, style="I")


def _coverage(pdf: FPDF, brief: Brief) -> None:
    words, lang = BRIEF[brief.lang], brief.lang
    targets = brief.target_year is not None
    page.heading(pdf, words["coverage"].format(year=brief.target_year) if targets else words["coverage_plain"])
    table_width = pdf.w - pdf.l_margin - pdf.r_margin - CHART_WIDTH - 3
    columns = [page.Column(words["tier"], table_width - 65), page.Column(words["got"], 23, "R"),
               page.Column(words["share"], 13, "R")]
    if targets:
        columns += [page.Column(words["target"], 16, "R"), page.Column(words["gap"], 13, "R")]
    else:
        columns[0] = page.Column(words["tier"], table_width - 37)
    rows = []
    for tier in brief.tiers:
        row = [tier.name, f"{number_text(tier.allocated, lang)} / {number_text(tier.demand, lang)}",
               percent_text(tier.allocated / tier.demand if tier.demand else None, lang)]
        if targets:
            row += [percent_text(tier.target, lang), number_text(tier.short, lang) if tier.short else words["met"]]
        rows.append(row)
    top = pdf.get_y()
    page.table(pdf, columns, rows, height=5.2, size=8, header_lines=2)
    bottom = pdf.get_y()
    height = max(bottom - top, 24.0)
    chart = coverage_chart(brief, CHART_WIDTH, height)
    pdf.image(io.BytesIO(chart), x=pdf.w - pdf.r_margin - CHART_WIDTH, y=top, w=CHART_WIDTH, h=height)
    pdf.set_y(max(bottom, top + height) + 0.8)
    if targets:
        pdf.set_text_color(*page.MUTED)
        page.write_wrapped(pdf, words["coverage_note"], 3.6, 2, size=7.5)
        pdf.set_text_color(*page.INK)


def _bullets(pdf: FPDF, items: tuple[str, ...], budget: int, per_item: int, size: float = 9.5) -> None:
    """Items as bullet paragraphs, each at most ``per_item`` lines, all together at most ``budget`` lines."""
    width = pdf.w - pdf.l_margin - pdf.r_margin - 5
    used = 0
    pdf.set_font(page.FONT, "", size)
    for item in items:
        left = budget - used
        if left <= 0:
            break
        wrapped = page.lines(pdf, item, width, min(per_item, left))
        for number, line in enumerate(wrapped):
            pdf.set_x(pdf.l_margin)
            pdf.cell(5, LINE, "•" if number == 0 else "")
            pdf.cell(width, LINE, line, new_x="LMARGIN", new_y="NEXT")
        used += len(wrapped)


def _below(pdf: FPDF, brief: Brief) -> None:
    words, lang = BRIEF[brief.lang], brief.lang
    page.heading(pdf, words["below"].format(year=brief.target_year) if brief.target_year is not None
                 else words["below_plain"])
    if brief.target_year is None:
        page.write_line(pdf, words["no_targets"], LINE, size=9.5)
        return
    if not brief.below:
        page.write_line(pdf, words["below_none"], LINE, size=9.5)
        return
    width = pdf.w - pdf.l_margin - pdf.r_margin
    columns = [page.Column(words["unit"], 60), page.Column(words["share"], 14, "R"),
               page.Column(words["target"], 15, "R"), page.Column(words["short_people"], 18, "R"),
               page.Column(words["reason"], width - 107)]
    rows = [_gap_row(gap, lang) for gap in brief.below]
    page.table(pdf, columns, rows, height=5.0, size=8.5, header_lines=2)
    if brief.below_more:
        page.write_line(pdf, words["below_more"].format(count=number_text(brief.below_more, lang)), 4.2, size=7.5,
                        color=page.MUTED)


def _gap_row(gap: UnitGap, lang: str) -> list[str]:
    return [gap.name, percent_text(gap.share, lang), percent_text(gap.target, lang), number_text(gap.short, lang),
            gap.reason]


def draw_brief(brief: Brief) -> bytes:
    """The brief as the bytes of a one-page A4 PDF, the same bytes for the same brief."""
    words = BRIEF[brief.lang]
    pdf = page.new_page(words["title"], brief.lang)
    _header(pdf, brief)
    _coverage(pdf, brief)
    page.heading(pdf, brief.changes_title)
    _bullets(pdf, brief.changes, MOST_CHANGE_LINES, 2)
    _below(pdf, brief)
    page.heading(pdf, words["decisions"])
    _bullets(pdf, brief.decisions, MOST_DECISION_LINES, 3)
    pdf.set_y(pdf.h - page.MARGIN - 8)
    pdf.set_draw_color(*page.RULE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(0.8)
    page.write_wrapped(pdf, words["footer"].format(name=brief.name), 3.4, 2, size=6.8)
    return page.pdf_bytes(pdf)


def render_brief(files, lang: str = "vi", compared: tuple[str, list[str]] | None = None) -> bytes:
    """tom_tat.pdf for a result folder's content {relative path: bytes} (``brief_content``, ``draw_brief``)."""
    content = files if isinstance(files, ResultFolder) else ResultFolder(files)
    return draw_brief(brief_content(content, lang=lang, compared=compared))

