"""One self-contained HTML page per result folder: what a person opens to read a plan.

``render_report`` turns a result folder's content ({relative path: bytes}, as ``read_folder`` gives it or as
``result_files`` renders it) into the bytes of one UTF-8 HTML page: the scenario and its settings, the
headline numbers, the charts, the allocation and coverage tables, the plan warnings and the stage values. The page
needs nothing else: the CSS is inline, the charts are embedded as ``data:`` URIs (PNG, or SVG when the folder has
one, shown through ``<img>`` so that nothing inside an SVG file can run or fetch), there is no JavaScript and no
external URL. The summary and the charts come first; the long tables come last, each folded in a ``<details>``
element that opens on a click. It reads on a phone (the viewport follows the screen, tables scroll sideways in
their own box) and prints on a handful of A4 landscape pages: folded tables stay folded on paper.

Every text taken from the files is escaped. The page is a pure function of the files: no clock, no locale, no
disk, so the same folder always gives byte-identical HTML. Labels are Vietnamese by default (``lang="en"``:
English), numbers written the local way (1.234 and 12,5% / 1,234 and 12.5%).

This module owns the page's skeleton and style sheet; what the page says is in ``html_sections`` (its content),
``html_markup`` (escaping, numbers, tables) and ``html_labels`` (the words in both languages).
"""


from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..words import check_lang
from . import folder as result_folder
from .folder import REPORT_FILE, ResultFolder
from .html_markup import esc
from .html_sections import REQUIRED_FILES, report_sections

CSS = """
:root { --ink: #1b1f24; --muted: #5a6270; --line: #c9ced6; --head: #e8eef5; --accent: #1f4e79;
        --warn: #9a4a00; --warn-bg: #fff3e0; --ok: #17643a; --below: #fbe3e0; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.45 "Segoe UI", Roboto, "Noto Sans", Arial,
       sans-serif; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.65em; margin: 0 0 .25em; color: var(--accent); }
h2 { font-size: 1.3em; color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: .15em;
     margin: 2em 0 .6em; }
h3 { font-size: 1.05em; margin: 1.4em 0 .4em; }
p { margin: .4em 0; }
.kicker { color: var(--muted); text-transform: uppercase; letter-spacing: .06em; font-size: .8em; margin: 0; }
.question { font-size: 1.1em; font-style: italic; }
.status-ok { color: var(--ok); font-weight: 600; }
.status-warn { color: var(--warn); font-weight: 600; }
.warning { border: 2px solid var(--warn); background: var(--warn-bg); padding: .6em 1em; margin: 1em 0; }
.warning ul { margin: .3em 0 0; }
.note { color: var(--muted); font-size: .9em; }
nav ol { columns: 2; margin: .3em 0; }
nav a { color: var(--accent); }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: .25em 1.2em; margin: .5em 0; }
dl.settings dt { font-weight: 600; }
dl.settings dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.big { font-size: 2.2em; font-weight: 700; color: var(--accent); line-height: 1.1; }
table { border-collapse: collapse; margin: .4em 0 1em; font-size: .9em; }
caption { text-align: left; font-weight: 600; padding: .2em 0; }
th, td { border: 1px solid var(--line); padding: 3px 7px; text-align: left; vertical-align: top; }
thead th { background: var(--head); vertical-align: bottom; white-space: normal; overflow-wrap: break-word;
           hyphens: auto; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n, tfoot .n { white-space: nowrap; }
td.z { color: #b4bac3; }
tr.total th, tr.total td, td.total, th.total { font-weight: 700; background: #f3f5f8; }
tr.below td, tr.below th { background: var(--below); }
/* Tables scroll sideways inside their box; the page itself never gets wider than the screen. */
.wide { overflow-x: auto; max-width: 100%; -webkit-overflow-scrolling: touch; }
.wide > table { margin-bottom: .4em; }
table.grid { font-size: .78em; }
table.grid thead th { min-width: 4.2em; max-width: 7.5em; font-weight: 600; line-height: 1.25; }
table.grid tbody th { font-weight: 400; white-space: nowrap; }
details.long { margin: .5em 0 1em; }
details.long > summary { cursor: pointer; color: var(--accent); font-weight: 600; padding: .3em 0; }
details.long > summary h3 { display: inline; font-size: 1em; margin: 0; }
details details > summary { cursor: pointer; padding: .15em 0; }
.details-start { margin-top: 3em; border-top: 3px double var(--line); padding-top: .6em; }
code { font: .9em Consolas, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
figure { margin: 1em 0 1.6em; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; border: 1px solid #e1e4e8; }
figcaption { color: var(--muted); font-size: .92em; margin-top: .3em; }
footer { margin-top: 3em; color: var(--muted); font-size: .85em; }
@media (max-width: 700px) {
  body { font-size: 14px; }
  main { padding: 14px 12px 32px; }
  h1 { font-size: 1.35em; }
  h2 { font-size: 1.15em; margin-top: 1.5em; }
  nav ol { columns: 1; padding-left: 1.4em; }
  dl.settings { grid-template-columns: 1fr; gap: 0; }
  dl.settings dd { margin-bottom: .5em; }
  .big { font-size: 1.8em; }
  th, td { padding: 3px 5px; }
}
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { font-size: 9.5pt; }
  main { max-width: none; padding: 0; }
  nav, .details-start .note { display: none; }
  h2 { margin-top: 1.2em; }
  .wide { overflow: visible; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  /* A folded table stays folded on paper: its title line says it is there. */
  details:not([open]) > :not(summary) { display: none; }
  details > summary { list-style: none; }
  details.long > summary { color: var(--muted); font-weight: 400; font-size: .9em; }
  figure img { max-height: 150mm; width: auto; }
  table.grid { font-size: 6.5pt; }
  tr.below td, tr.below th, thead th, .warning { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".strip()




def read_folder(folder: Path) -> dict[str, bytes]:
    """Every file under a result folder as {relative POSIX path: bytes}, in name order, without report.html.

    A missing folder, summary.json, allocation.csv, coverage.csv or inputs/units.csv raises ``InputError`` naming
    it (the other files are optional for the report).
    """
    content = result_folder.read_folder(folder)
    content.require(REQUIRED_FILES)
    return {name: content.data(name) for name in sorted(content.files) if name != REPORT_FILE}


def render_report(files: Mapping[str, bytes], lang: str = "vi") -> bytes:
    """One self-contained HTML page (UTF-8 bytes) for a result folder's content {relative path: bytes}.

    Needs summary.json, allocation.csv, coverage.csv and inputs/units.csv (else ``InputError`` naming the file);
    uses inputs/tiers.csv, families.csv, courses.csv, targets.csv, caps.csv, classes.csv, explanations.csv and the
    charts (coverage, coverage_units, seats, then any other .png/.svg at the top of the folder) when present. Reads
    and writes nothing; the same files always give the same bytes.
    """
    lang = check_lang(lang)
    title, sections = report_sections(ResultFolder(files), lang)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        *sections,
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts).encode("utf-8")
