"""How the HTML report writes things: text escaped for HTML, numbers the local way (1.234 and 12,5% in Vietnamese,
1,234 and 12.5% in English), and tables with their header, body, total row and alignment.

Pure functions from values to HTML text; the sections of the page (``html_sections``) are built from them.
"""


from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any


def esc(value: Any) -> str:
    """Any text from the data, escaped for HTML text and attribute values."""
    return html.escape(str(value), quote=True)


def number_text(value: Any, lang: str) -> str:
    """A whole number with thousands separators: 1.234 (vi), 1,234 (en)."""
    text = f"{int(value):,}"
    return text.replace(",", ".") if lang == "vi" else text


def decimal_text(value: float, digits: int, lang: str) -> str:
    text = f"{value:,.{digits}f}"
    return text.translate(str.maketrans({",": ".", ".": ","})) if lang == "vi" else text


def amount_text(value: Any, lang: str) -> str:
    """A stage value or bound: whole numbers as such, others with up to three decimals; blank if missing."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return "" if value is None else str(value)
    if float(value).is_integer():
        return number_text(value, lang)
    return decimal_text(float(value), 3, lang).rstrip("0").rstrip(",.")


def percent_text(share: float | None, lang: str) -> str:
    """A share as a percentage with at most one decimal; never 100% for a share below 1, nor 0% above 0."""
    if share is None or not math.isfinite(share):
        return "–"
    value = round(share * 100, 1)
    if value >= 100 and share < 1:
        value = 99.9
    if value <= 0 < share:
        value = 0.1
    text = f"{value:.1f}".removesuffix(".0")
    return (text.replace(".", ",") if lang == "vi" else text) + "%"


def gap_text(gap: Any, lang: str) -> str:
    if isinstance(gap, bool) or not isinstance(gap, (int, float)) or not math.isfinite(gap):
        return "–"
    if gap == 0:
        return "0%"
    value = gap * 100
    if value < 0.01:
        return ("<0,01%" if lang == "vi" else "<0.01%")
    return decimal_text(value, 2, lang) + "%"


def years_text(years: Sequence[int]) -> str:
    """Years as a range where they follow each other (2023–2025), else listed; "–" for none."""
    years = sorted({int(y) for y in years})
    if not years:
        return "–"
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def int_list(value: Any) -> list[int]:
    """The whole numbers of a JSON list (a summary's years), skipping anything else."""
    if not isinstance(value, list):
        return []
    return [int(v) for v in value if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]


Cell = str | tuple[str, str]  # text (escaped here), or (text, CSS class)


def _cell(tag: str, cell: Cell, numeric: bool, scope: str = "") -> str:
    text, extra = (cell, "") if isinstance(cell, str) else cell
    classes = " ".join(c for c in ("n" if numeric else "", extra) if c)
    attributes = (f' scope="{scope}"' if scope else "") + (f' class="{classes}"' if classes else "")
    return f"<{tag}{attributes}>{esc(text)}</{tag}>"


def html_table(head: Sequence[str], rows: Iterable[tuple[Sequence[Cell], str]], numeric: Iterable[int] = (),
               *, row_headers: bool = False, cls: str = "", foot: Sequence[Cell] | None = None,
               wide: bool = True) -> str:
    """A table: ``rows`` are (cells, row class); columns in ``numeric`` align right; ``foot`` a bold total row.
    ``wide``: inside a box that scrolls sideways, so a wide table never widens the page (on a phone)."""
    numeric = set(numeric)
    lines = [f'<table class="{cls}">' if cls else "<table>", "<thead><tr>"]
    lines += [_cell("th", h, i in numeric, "col") for i, h in enumerate(head)]
    lines.append("</tr></thead>")
    lines.append("<tbody>")
    for cells, row_class in rows:
        parts = [f'<tr class="{row_class}">' if row_class else "<tr>"]
        for i, cell in enumerate(cells):
            header = row_headers and i == 0
            parts.append(_cell("th" if header else "td", cell, i in numeric, "row" if header else ""))
        parts.append("</tr>")
        lines.append("".join(parts))
    lines.append("</tbody>")
    if foot is not None:
        parts = ['<tfoot><tr class="total">']
        for i, cell in enumerate(foot):
            header = row_headers and i == 0
            parts.append(_cell("th" if header else "td", cell, i in numeric, "row" if header else ""))
        parts.append("</tr></tfoot>")
        lines.append("".join(parts))
    lines.append("</table>")
    body = "\n".join(lines)
    return f'<div class="wide">\n{body}\n</div>' if wide else body



def collapsed(summary: str, body: str, heading: str = "") -> str:
    """``body`` (HTML) folded away under a one-line ``summary`` (text) that opens it: long tables stay out of the
    way on screen and out of print. ``heading`` ("h3") makes the summary a heading of the page's outline."""
    label = f"<{heading}>{esc(summary)}</{heading}>" if heading else esc(summary)
    return f'<details class="long"><summary>{label}</summary>\n{body}\n</details>'
