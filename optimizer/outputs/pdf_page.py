"""A4 pages for people who print: the one-page brief and the notices to units, drawn with fpdf2.

DejaVu Sans (the font matplotlib ships, so it is on every machine that draws the charts) has every Vietnamese
diacritic. The bytes are the same on every run: the creation date is fixed and fpdf2 derives the file's /ID from
the content and that date. Every text line is cut to the width it has (``fit``), so a long unit name can never push
a page onto a second one; the callers cap their lists for the same reason.
"""


from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import matplotlib
from fpdf import FPDF

FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf",
              "BI": "DejaVuSans-BoldOblique.ttf"}
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)
MARGIN = 15.0  # mm on every side
ELLIPSIS = "…"
INK, MUTED, ACCENT, RULE = (27, 31, 36), (90, 98, 112), (31, 78, 121), (201, 206, 214)


def text(value: object) -> str:
    """Text as the page writes it: NFC (a decomposed accent would print as two glyphs), on one line (the blanks
    left for a letter's number and date are kept)."""
    return re.sub(r"[\r\n\t\v\f]+", " ", unicodedata.normalize("NFC", str(value))).strip()


def new_page(title: str, lang: str) -> FPDF:
    """A document with the house font and fixed metadata, one A4 portrait page started."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    # A page break the layout did not plan would make a second page: the tests count pages, so it must show.
    pdf.set_auto_page_break(True, margin=MARGIN)
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, FONT_DIR / name)
    pdf.set_title(text(title))
    pdf.set_lang(lang)
    pdf.set_creator("optimizer")
    pdf.add_page()
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*INK)
    return pdf


def add_page(pdf: FPDF) -> None:
    pdf.add_page()
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*INK)


def pdf_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def fit(pdf: FPDF, value: object, width: float) -> str:
    """``value`` cut (with an ellipsis) to fit ``width`` mm in the current font."""
    line = text(value)
    if pdf.get_string_width(line) <= width:
        return line
    low, high = 0, len(line)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if pdf.get_string_width(line[:middle].rstrip() + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    return line[:low].rstrip() + ELLIPSIS


def lines(pdf: FPDF, value: object, width: float, most: int) -> list[str]:
    """``value`` wrapped to ``width`` mm, at most ``most`` lines (the last cut with an ellipsis if it goes on)."""
    wrapped = pdf.multi_cell(width, 5, text(value), dry_run=True, output="LINES")
    if len(wrapped) <= most:
        return wrapped
    return wrapped[:most - 1] + [fit(pdf, " ".join(wrapped[most - 1:]), width)]


def write_line(pdf: FPDF, value: object, height: float, *, size: float = 10, style: str = "", align: str = "L",
               width: float | None = None, x: float | None = None, color: tuple[int, int, int] = INK) -> None:
    """One line of text at the cursor (or at ``x``), cut to ``width`` (default: to the right margin)."""
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*color)
    if x is not None:
        pdf.set_x(x)
    width = width if width is not None else pdf.w - pdf.r_margin - pdf.get_x()
    pdf.cell(width, height, fit(pdf, value, width), align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)


def write_wrapped(pdf: FPDF, value: object, height: float, most: int, *, size: float = 10, style: str = "",
                  indent: float = 0.0, align: str = "L") -> int:
    """A paragraph wrapped to the margins, at most ``most`` lines; returns the lines written."""
    pdf.set_font(FONT, style, size)
    width = pdf.w - pdf.l_margin - pdf.r_margin - indent
    written = lines(pdf, value, width, most)
    for line in written:
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(width, height, line, align=align, new_x="LMARGIN", new_y="NEXT")
    return len(written)


def heading(pdf: FPDF, value: object, size: float = 11.5) -> None:
    pdf.ln(2.5)
    write_line(pdf, value, 6.5, size=size, style="B", color=ACCENT)
    y = pdf.get_y()
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.4)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.ln(1.5)


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # mm
    align: str = "L"  # L, C or R


def table(pdf: FPDF, columns: Sequence[Column], rows: Sequence[Sequence[object]], *, height: float = 5.5,
          size: float = 9, bold_last: bool = False, header_lines: int = 1) -> None:
    """A ruled table at the cursor: a grey header row (wrapped to ``header_lines``), then ``rows``, each cell cut
    to its column; ``bold_last`` sets the last row in bold (a total)."""
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    pdf.set_fill_color(232, 238, 245)
    pdf.set_font(FONT, "B", size)
    top = pdf.get_y()
    tall = height * header_lines
    x = pdf.l_margin
    for column in columns:
        pdf.rect(x, top, column.width, tall, style="DF")
        wrapped = lines(pdf, column.header, column.width - 1.5, header_lines)
        start = top + (tall - len(wrapped) * height * 0.8) / 2
        for number, line in enumerate(wrapped):
            pdf.set_xy(x + 0.75, start + number * height * 0.8)
            pdf.cell(column.width - 1.5, height * 0.8, line, align=column.align if column.align != "L" else "C")
        x += column.width
    pdf.set_xy(pdf.l_margin, top + tall)
    for number, row in enumerate(rows):
        last = bold_last and number == len(rows) - 1
        pdf.set_font(FONT, "B" if last else "", size)
        for column, value in zip(columns, row):
            pdf.cell(column.width, height, fit(pdf, value, column.width - 1.5), border=1, align=column.align)
        pdf.ln(height)
