"""One self-contained HTML page per result folder: what a person opens to read a plan.

``render_report`` turns a result folder's content ({relative path: bytes}, as ``read_folder`` gives it or as
``results.result_files`` renders it) into the bytes of one UTF-8 HTML page: the scenario and its settings, the
headline numbers, the charts, the allocation and coverage tables, the plan warnings and the stage values. The page
needs nothing else: the CSS is inline, the charts are embedded as ``data:`` URIs (PNG, or SVG when the folder has
one, shown through ``<img>`` so that nothing inside an SVG file can run or fetch), there is no JavaScript and no
external URL. It reads well on screen and prints on A4 landscape (table headers repeat on every page).

Every text taken from the files is escaped. The page is a pure function of the files: no clock, no locale, no
disk, so the same folder always gives byte-identical HTML. Labels are Vietnamese by default (``lang="en"``:
English), numbers written the local way (1.234 and 12,5% / 1,234 and 12.5%).
"""


from __future__ import annotations

import base64
import html
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..analyses.compare import parse_result_csv
from ..errors import InputError, Place
from ..files import not_a_folder
from ..inputs.schema import KIND_LABELS, UNIT_KINDS
from ..words import TOTAL_LABELS, check_lang

REPORT_FILE = "report.html"
TIMING_FILE = "timing.json"  # wall-clock seconds differ run to run: never shown, so the page does not either
SUMMARY_FILE = "summary.json"
REQUIRED_FILES = (SUMMARY_FILE, "allocation.csv", "coverage.csv", "inputs/units.csv")
FIX = "run solve again to write it"
CHART_ORDER = ("coverage", "coverage_units", "seats")  # charts shown first, in this order; any other after, by name
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EPSILON = 1e-9

# Column kinds: text, int (whole number, no blanks), float (number or blank). (name, kind, required)
_Col = tuple[str, str, bool]
TABLE_SPECS: dict[str, tuple[_Col, ...]] = {
    "allocation.csv": (("year", "int", True), ("unit_id", "text", True), ("course_id", "text", True),
                       ("tier", "text", False), ("block", "text", False), ("seats", "int", True)),
    "coverage.csv": (("unit_id", "text", True), ("family", "text", True), ("tier", "text", True),
                     ("demand", "int", True), ("allocated", "int", True), ("share", "float", False)),
    "classes.csv": (("year", "int", True), ("course_id", "text", True), ("classes", "int", True),
                    ("seats", "int", True)),
    "inputs/units.csv": (("unit_id", "text", True), ("name", "text", True), ("name_en", "text", False),
                         ("kind", "text", False)),
    "inputs/tiers.csv": (("tier", "text", True), ("rank", "float", True), ("name", "text", True),
                         ("name_en", "text", False)),
    "inputs/families.csv": (("family", "text", True), ("name", "text", True), ("name_en", "text", False)),
    "inputs/courses.csv": (("course_id", "text", True), ("name", "text", True), ("name_en", "text", False),
                           ("family", "text", False)),
    "inputs/targets.csv": (("family", "text", True), ("tier", "text", True), ("year", "int", True),
                           ("target_share", "float", True)),
    "inputs/caps.csv": (("year", "int", True), ("target", "text", True), ("seats_max", "float", False)),
}

LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Phân bổ chỉ tiêu đào tạo, bồi dưỡng cán bộ: kịch bản {name}",
        "report": "Báo cáo kết quả phân bổ",
        "question": "Câu hỏi",
        "status": "Trạng thái",
        "status_optimal": "Tối ưu: mọi bước tối ưu đều đã được chứng minh là tối ưu",
        "status_time_limited": "Dừng do hết thời gian: phương án hợp lệ nhưng chưa chứng minh được là tối ưu",
        "status_baseline": "Phương án đối chứng: chia theo tỷ lệ nhu cầu bằng phương pháp cổ điển, không tối ưu hóa",
        "status_elastic": "Không khả thi như đã ghi: phương án này nới một số quy tắc (xem bent_rules.csv)",
        "baseline_rules": "Quy tắc của mô hình mà phương án này vi phạm (số trường hợp, theo bộ kiểm tra):",
        "baseline_clean": "Phương án này không vi phạm quy tắc nào của mô hình.",
        "time_warning": "Cảnh báo: bộ giải dừng khi hết thời gian cho phép, nên phương án có thể chưa phải là tốt "
                        "nhất. Khoảng cách (gap) giữa giá trị tìm được và cận tốt nhất của từng bước:",
        "contents": "Mục lục",
        "settings": "Thiết lập của kịch bản",
        "data": "Thư mục dữ liệu",
        "years": "Các năm",
        "release_limits": "Giới hạn cử đi học tập trung",
        "release_note": "số cán bộ tối đa của mỗi đơn vị đang học các khóa tập trung trong cùng một năm",
        "kind": "Loại đơn vị",
        "limit": "Giới hạn",
        "solver": "Bộ giải",
        "solver_text": "{name}, giới hạn thời gian {time} giây, seed {seed}",
        "extends": "Kế thừa từ",
        "tier_order": "Thứ tự ưu tiên nhóm đối tượng",
        "changes": "Thay đổi của kịch bản",
        "no_changes": "Kịch bản không khai báo thay đổi nào về số liệu đầu vào.",
        "key": "Khóa",
        "file": "Tệp",
        "text": "Nội dung thay đổi",
        "frozen": "Các năm cố định theo thực tế",
        "frozen_text": "{years}, theo {file}",
        "reference": "Phương án tham chiếu",
        "input_hash": "Mã băm dữ liệu đầu vào",
        "headline": "Kết quả chính",
        "seats_total": "Tổng số chỗ học đã phân bổ",
        "seats_year": "năm {year}",
        "coverage_by_tier": "Mức đáp ứng nhu cầu theo nhóm đối tượng (mọi loại hình đào tạo, cả giai đoạn)",
        "tier": "Nhóm đối tượng",
        "demand": "Nhu cầu",
        "allocated": "Đã bố trí",
        "share": "Tỷ lệ đáp ứng",
        "below": "Đơn vị dưới mục tiêu năm {year}",
        "below_cases": "Số trường hợp dưới mục tiêu năm {year}",
        "below_count": "{rows} trường hợp (đơn vị × loại hình × nhóm đối tượng) ở {units} đơn vị có tỷ lệ đáp ứng "
                       "thấp hơn mục tiêu năm {year} (inputs/targets.csv).",
        "below_none": "Không có đơn vị nào dưới mục tiêu năm {year} (inputs/targets.csv).",
        "no_targets": "Không có mục tiêu (inputs/targets.csv) cho năm {year} hay năm trước đó để so sánh.",
        "unit": "Đơn vị",
        "family": "Loại hình đào tạo",
        "target": "Mục tiêu",
        "charts": "Biểu đồ",
        "figure": "Hình {number}.",
        "no_charts": "Thư mục kết quả không có biểu đồ.",
        "chart_coverage": "Tiến độ đáp ứng nhu cầu đào tạo lý luận chính trị theo nhóm đối tượng và năm (cộng dồn), "
                          "so với mục tiêu",
        "chart_coverage_units": "Tỷ lệ đáp ứng nhu cầu theo đơn vị",
        "chart_seats": "Số chỗ học lý luận chính trị và sau đại học theo năm và khóa học, so với chỉ tiêu của "
                       "từng khóa",
        "chart_other": "Biểu đồ {file}",
        "allocation": "Phân bổ chỗ học theo năm",
        "allocation_note": "Số chỗ học của các khóa bắt đầu trong năm, theo đơn vị (hàng) và khóa học (cột). "
                           "Cột gồm các khóa có chỉ tiêu hoặc có chỗ học trong năm.",
        "year_table": "Năm {year}",
        "classes": "Số lớp theo năm và khóa học",
        "course": "Khóa học",
        "year": "Năm",
        "class_count": "Số lớp",
        "seats": "Số chỗ học",
        "coverage": "Mức đáp ứng theo đơn vị, loại hình và nhóm đối tượng",
        "coverage_note": "Cả giai đoạn: nhu cầu, số chỗ đã bố trí và tỷ lệ đáp ứng. Dòng tô màu: dưới mục tiêu "
                         "năm {year}.",
        "coverage_note_plain": "Cả giai đoạn: nhu cầu, số chỗ đã bố trí và tỷ lệ đáp ứng.",
        "warnings": "Cảnh báo về số liệu kế hoạch",
        "why": "Vì sao đơn vị chưa được đủ chỗ",
        "why_intro": "Mỗi dòng nhu cầu còn thiếu được giải thích bằng quy tắc của mô hình đang bị chạm giới hạn trong phương án, kèm số liệu (explanations.csv). Số lý do theo quy tắc:",
        "why_unit": "{unit}: {rows} dòng nhu cầu còn thiếu {short} người",
        "why_none": "Mọi dòng nhu cầu đều được đáp ứng đủ.",
        "rule": "Quy tắc", "reasons": "Số lý do", "got": "Được / cần", "detail": "Giải thích",
        "code": "Mã",
        "subject": "Đối tượng",
        "message": "Nội dung",
        "no_warnings": "Không có cảnh báo.",
        "stages": "Các bước tối ưu",
        "stage": "Bước",
        "meaning": "Ý nghĩa",
        "value": "Giá trị",
        "bound": "Cận",
        "gap": "Khoảng cách",
        "optimal": "Tối ưu",
        "yes": "Có",
        "no": "Chưa",
        "no_stages": "Không có thông tin về các bước.",
        "stage_coverage": "Số chỗ cho nhóm: {tier}",
        "stage_fairness": "Công bằng giữa các đơn vị: {tier}",
        "stage_reference": "Số chỗ thay đổi so với phương án tham chiếu",
        "stage_early_training": "Đào tạo sớm",
        "stage_canonical": "Chọn một phương án cố định trong các phương án ngang nhau",
        "stage_fewest_classes": "Ít lớp nhất",
        "files": "Các tệp trong thư mục kết quả",
        "size": "Kích thước (byte)",
        "bad_chart": "Không đọc được tệp biểu đồ {file}.",
    },
    "en": {
        "title": "Cadre training quota allocation: scenario {name}",
        "report": "Allocation report",
        "question": "Question",
        "status": "Status",
        "status_optimal": "Optimal: every stage proven optimal",
        "status_time_limited": "Stopped at the time limit: the plan is valid but not proven optimal",
        "status_baseline": "Baseline: seats in proportion to need by a classic apportionment method, not optimised",
        "status_elastic": "Infeasible as written: this plan bends some rules (see bent_rules.csv)",
        "baseline_rules": "Rules of the model this plan breaks (cases, counted by the checker):",
        "baseline_clean": "This plan breaks none of the model's rules.",
        "time_warning": "Warning: the solver stopped at its time limit, so the plan may not be the best one. Each "
                        "stage's gap between the value found and the best bound:",
        "contents": "Contents",
        "settings": "Scenario settings",
        "data": "Data folder",
        "years": "Years",
        "release_limits": "Release limits",
        "release_note": "most cadres of a unit in full-time courses in the same year",
        "kind": "Kind of unit",
        "limit": "Limit",
        "solver": "Solver",
        "solver_text": "{name}, time limit {time} s, seed {seed}",
        "extends": "Extends",
        "tier_order": "Tier order",
        "changes": "Scenario changes",
        "no_changes": "The scenario declares no changes to the input tables.",
        "key": "Key",
        "file": "File",
        "text": "Change",
        "frozen": "Years frozen to actuals",
        "frozen_text": "{years}, from {file}",
        "reference": "Reference plan",
        "input_hash": "Hash of all inputs",
        "headline": "Headline numbers",
        "seats_total": "Seats allocated",
        "seats_year": "{year}",
        "coverage_by_tier": "Coverage of demand by tier (all families, whole period)",
        "tier": "Tier",
        "demand": "Demand",
        "allocated": "Allocated",
        "share": "Share",
        "below": "Units below the {year} target",
        "below_cases": "Cases below the {year} target",
        "below_count": "{rows} cases (unit × family × tier) in {units} units have a share below the {year} target "
                       "(inputs/targets.csv).",
        "below_none": "No unit is below the {year} target (inputs/targets.csv).",
        "no_targets": "No targets (inputs/targets.csv) for {year} or an earlier year to compare with.",
        "unit": "Unit",
        "family": "Family",
        "target": "Target",
        "charts": "Charts",
        "figure": "Figure {number}.",
        "no_charts": "The result folder has no charts.",
        "chart_coverage": "Cumulative coverage of political-theory demand by tier and year, against the targets",
        "chart_coverage_units": "Coverage of demand by unit",
        "chart_seats": "Political-theory and postgraduate seats by year and course, against each course's quota",
        "chart_other": "Chart {file}",
        "allocation": "Allocation by year",
        "allocation_note": "Seats in courses starting in the year, by unit (rows) and course (columns). The columns "
                           "are the courses with a quota or with seats that year.",
        "year_table": "Year {year}",
        "classes": "Classes by year and course",
        "course": "Course",
        "year": "Year",
        "class_count": "Classes",
        "seats": "Seats",
        "coverage": "Coverage by unit, family and tier",
        "coverage_note": "Whole period: demand, seats allocated and share. Shaded rows: below the {year} target.",
        "coverage_note_plain": "Whole period: demand, seats allocated and share.",
        "warnings": "Plan data warnings",
        "why": "Why units did not get every seat they asked for",
        "why_intro": "Each demand row left short is explained by the rules of the model that are at their limit in the plan, with their numbers (explanations.csv). Reasons by rule:",
        "why_unit": "{unit}: {rows} demand rows short by {short}",
        "why_none": "Every demand row is fully served.",
        "rule": "Rule", "reasons": "Reasons", "got": "Got / asked", "detail": "Explanation",
        "code": "Code",
        "subject": "Subject",
        "message": "Message",
        "no_warnings": "No warnings.",
        "stages": "Optimisation stages",
        "stage": "Stage",
        "meaning": "Meaning",
        "value": "Value",
        "bound": "Bound",
        "gap": "Gap",
        "optimal": "Optimal",
        "yes": "Yes",
        "no": "No",
        "no_stages": "No stage information.",
        "stage_coverage": "Seats for the tier: {tier}",
        "stage_fairness": "Fairness between units: {tier}",
        "stage_reference": "Seats moved from the reference plan",
        "stage_early_training": "Earlier training",
        "stage_canonical": "Tie-break to one fixed plan",
        "stage_fewest_classes": "Fewest classes",
        "files": "Files in the result folder",
        "size": "Size (bytes)",
        "bad_chart": "The chart file {file} cannot be read.",
    },
}

CSS = """
:root { --ink: #1b1f24; --muted: #5a6270; --line: #c9ced6; --head: #e8eef5; --accent: #1f4e79;
        --warn: #9a4a00; --warn-bg: #fff3e0; --ok: #17643a; --below: #fbe3e0; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.45 "Segoe UI", Roboto, "Noto Sans", Arial,
       sans-serif; }
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
dl.settings dd { margin: 0; }
.big { font-size: 2.2em; font-weight: 700; color: var(--accent); line-height: 1.1; }
table { border-collapse: collapse; margin: .4em 0 1em; font-size: .9em; }
caption { text-align: left; font-weight: 600; padding: .2em 0; }
th, td { border: 1px solid var(--line); padding: 3px 7px; text-align: left; vertical-align: top; }
thead th { background: var(--head); vertical-align: bottom; }
.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.z { color: #b4bac3; }
tr.total th, tr.total td, td.total, th.total { font-weight: 700; background: #f3f5f8; }
tr.below td, tr.below th { background: var(--below); }
.wide { overflow-x: auto; max-width: 100%; }
table.grid { font-size: .78em; }
table.grid thead th { min-width: 4.5em; max-width: 8em; font-weight: 600; }
table.grid tbody th { font-weight: 400; white-space: nowrap; }
code { font: .9em Consolas, "DejaVu Sans Mono", monospace; }
figure { margin: 1em 0 1.6em; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; border: 1px solid #e1e4e8; }
figcaption { color: var(--muted); font-size: .92em; margin-top: .3em; }
footer { margin-top: 3em; color: var(--muted); font-size: .85em; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  .wide { overflow: visible; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  section.year + section.year { break-before: page; page-break-before: always; }
  table.grid { font-size: 6.5pt; }
  tr.below td, tr.below th, thead th, .warning { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".strip()


# --- reading --------------------------------------------------------------------------------------------------


def read_folder(folder: Path) -> dict[str, bytes]:
    """Every file under a result folder as {relative POSIX path: bytes}, in name order, without report.html.

    A missing folder, summary.json, allocation.csv, coverage.csv or inputs/units.csv raises ``InputError`` naming
    it (the other files are optional for the report).
    """
    folder = Path(folder)
    if (problem := not_a_folder(folder)) is not None:
        raise InputError(Place(str(folder)), f"the result folder {problem}", "check the path, or run solve to "
                                                                                  "write it")
    for name in REQUIRED_FILES:
        if not (folder / name).is_file():
            raise InputError(Place(str(folder / name)), "the file is missing", FIX)
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if name == REPORT_FILE or not path.is_file():
            continue
        try:
            files[name] = path.read_bytes()
        except OSError as err:
            raise InputError(Place(str(path)), f"cannot be read ({_one_line(err)})", FIX) from None
    return dict(sorted(files.items()))


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())


def _read_summary(files: Mapping[str, bytes]) -> dict:
    data = files.get(SUMMARY_FILE)
    if data is None:
        raise InputError(Place(SUMMARY_FILE), "the file is missing", FIX)
    try:
        summary = json.loads(bytes(data).decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(Place(SUMMARY_FILE), "the file is not UTF-8", FIX) from None
    except json.JSONDecodeError as err:
        raise InputError(Place(SUMMARY_FILE, err.lineno), f"is not valid JSON ({err.msg})", FIX) from None
    if not isinstance(summary, dict):
        raise InputError(Place(SUMMARY_FILE), "is not a JSON object", FIX)
    return summary


def _read_table(files: Mapping[str, bytes], name: str) -> pd.DataFrame | None:
    """One CSV of the folder with the columns of ``TABLE_SPECS``; None if an optional file is absent."""
    data = files.get(name)
    if data is None:
        if name in REQUIRED_FILES:
            raise InputError(Place(name), "the file is missing", FIX)
        return None
    return parse_result_csv(data, name, TABLE_SPECS[name])


@dataclass(frozen=True)
class _Folder:
    """The parsed content of a result folder; optional tables are None when their file is absent."""

    files: Mapping[str, bytes]
    summary: dict
    scenario: dict
    allocation: pd.DataFrame
    coverage: pd.DataFrame
    classes: pd.DataFrame | None
    units: pd.DataFrame
    tiers: pd.DataFrame | None
    families: pd.DataFrame | None
    courses: pd.DataFrame | None
    targets: pd.DataFrame | None
    caps: pd.DataFrame | None


def _folder(files: Mapping[str, bytes]) -> _Folder:
    summary = _read_summary(files)
    scenario = summary.get("scenario")
    tables = {name: _read_table(files, name) for name in TABLE_SPECS}
    return _Folder(files=files, summary=summary, scenario=scenario if isinstance(scenario, dict) else {},
                   allocation=tables["allocation.csv"], coverage=tables["coverage.csv"],
                   classes=tables["classes.csv"], units=tables["inputs/units.csv"], tiers=tables["inputs/tiers.csv"],
                   families=tables["inputs/families.csv"], courses=tables["inputs/courses.csv"],
                   targets=tables["inputs/targets.csv"], caps=tables["inputs/caps.csv"])


# --- formatting -----------------------------------------------------------------------------------------------


def _e(value: Any) -> str:
    """Any text from the data, escaped for HTML text and attribute values."""
    return html.escape(str(value), quote=True)


def _number(value: Any, lang: str) -> str:
    """A whole number with thousands separators: 1.234 (vi), 1,234 (en)."""
    text = f"{int(value):,}"
    return text.replace(",", ".") if lang == "vi" else text


def _decimal(value: float, digits: int, lang: str) -> str:
    text = f"{value:,.{digits}f}"
    return text.translate(str.maketrans({",": ".", ".": ","})) if lang == "vi" else text


def _amount(value: Any, lang: str) -> str:
    """A stage value or bound: whole numbers as such, others with up to three decimals; blank if missing."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return "" if value is None else str(value)
    if float(value).is_integer():
        return _number(value, lang)
    return _decimal(float(value), 3, lang).rstrip("0").rstrip(",.")


def _percent(share: float | None, lang: str) -> str:
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


def _gap(gap: Any, lang: str) -> str:
    if isinstance(gap, bool) or not isinstance(gap, (int, float)) or not math.isfinite(gap):
        return "–"
    if gap == 0:
        return "0%"
    value = gap * 100
    if value < 0.01:
        return ("<0,01%" if lang == "vi" else "<0.01%")
    return _decimal(value, 2, lang) + "%"


def _years_text(years: Sequence[int]) -> str:
    years = sorted({int(y) for y in years})
    if not years:
        return "–"
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def _int_list(value: Any) -> list[int]:
    if not isinstance(value, list):
        return []
    return [int(v) for v in value if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]


def _labels(frame: pd.DataFrame | None, key: str, lang: str) -> dict[str, str]:
    """Display name per id of an input table, in file order; English falls back to the Vietnamese name."""
    if frame is None:
        return {}
    out: dict[str, str] = {}
    for ident, name, name_en in zip(frame[key], frame["name"], frame["name_en"]):
        if ident not in out:
            out[ident] = name_en if lang == "en" and name_en else (name or ident)
    return out


def _ordered(known: Iterable[str], seen: Iterable[str]) -> list[str]:
    """``known`` ids in their order, then any id only in ``seen``, in order of first appearance."""
    order = list(dict.fromkeys(known))
    present = set(order)
    for ident in seen:
        if ident not in present:
            present.add(ident)
            order.append(ident)
    return order


# --- HTML pieces ----------------------------------------------------------------------------------------------

Cell = str | tuple[str, str]  # text (escaped here), or (text, CSS class)


def _cell(tag: str, cell: Cell, numeric: bool, scope: str = "") -> str:
    text, extra = (cell, "") if isinstance(cell, str) else cell
    classes = " ".join(c for c in ("n" if numeric else "", extra) if c)
    attributes = (f' scope="{scope}"' if scope else "") + (f' class="{classes}"' if classes else "")
    return f"<{tag}{attributes}>{_e(text)}</{tag}>"


def _table(head: Sequence[str], rows: Iterable[tuple[Sequence[Cell], str]], numeric: Iterable[int] = (),
           *, row_headers: bool = False, cls: str = "", foot: Sequence[Cell] | None = None,
           wide: bool = False) -> str:
    """A table: ``rows`` are (cells, row class); columns in ``numeric`` align right; ``foot`` a bold total row."""
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


# --- sections -------------------------------------------------------------------------------------------------


def _status_line(status: str, words: dict[str, str]) -> str:
    if status == "optimal":
        return f'<span class="status-ok">{_e(words["status_optimal"])}</span>'
    if status == "time_limited":
        return f'<span class="status-warn">{_e(words["status_time_limited"])}</span>'
    if status == "baseline":
        return f'<span class="status-warn">{_e(words["status_baseline"])}</span>'
    if status == "elastic":
        return f'<span class="status-warn">{_e(words["status_elastic"])}</span>'
    return f'<span class="status-warn">{_e(status or "–")}</span>'


def _stages(summary: dict) -> list[dict]:
    stages = summary.get("stages")
    return [s for s in stages if isinstance(s, dict)] if isinstance(stages, list) else []


def _stage_meaning(name: str, tiers: dict[str, str], words: dict[str, str]) -> str:
    for kind in ("coverage", "fairness"):
        if name.startswith(f"{kind}[") and name.endswith("]"):
            tier = name[len(kind) + 1:-1]
            return words[f"stage_{kind}"].format(tier=tiers.get(tier, tier))
    return words.get(f"stage_{name}", "")


def _title_section(folder: _Folder, lang: str, words: dict[str, str], tiers: dict[str, str]) -> str:
    scenario, summary = folder.scenario, folder.summary
    name = str(scenario.get("name") or "–")
    status = str(summary.get("status") or "")
    out = ["<header>", f'<p class="kicker">{_e(words["report"])}</p>',
           f"<h1>{_e(words['title'].format(name=name))}</h1>"]
    question = scenario.get("question")
    if question:
        out.append(f'<p class="question"><strong>{_e(words["question"])}:</strong> {_e(question)}</p>')
    out.append(f'<p><strong>{_e(words["status"])}:</strong> {_status_line(status, words)}</p>')
    if status == "time_limited":
        items = []
        for stage in _stages(summary):
            stage_name = str(stage.get("name", ""))
            mark = "" if stage.get("optimal") else " ⚠"
            items.append(f"<li><code>{_e(stage_name)}</code>: {_e(_gap(stage.get('gap'), lang))}{mark}</li>")
        out.append(f'<div class="warning" role="alert"><p><strong>{_e(words["time_warning"])}</strong></p>'
                   f'<ul>{"".join(items)}</ul></div>')
    broken = summary.get("rule_violations")
    if status in ("baseline", "elastic") and isinstance(broken, dict):
        items = [f"<li><code>{_e(rule)}</code>: {_e(_amount(count, lang))}</li>"
                 for rule, count in broken.items() if isinstance(count, int) and count > 0]
        text = (f'<p><strong>{_e(words["baseline_rules"])}</strong></p><ul>{"".join(items)}</ul>' if items
                else f'<p>{_e(words["baseline_clean"])}</p>')
        out.append(f'<div class="warning" role="note">{text}</div>')
    out.append("</header>")
    return "\n".join(out)


def _settings_section(folder: _Folder, lang: str, words: dict[str, str], tiers: dict[str, str]) -> str:
    scenario, summary = folder.scenario, folder.summary
    rows: list[tuple[str, str]] = []  # (label, HTML)
    if scenario.get("data"):
        rows.append((words["data"], f"<code>{_e(scenario['data'])}</code>"))
    years = _int_list(scenario.get("years"))
    rows.append((words["years"], _e(_years_text(years))))
    solver = scenario.get("solver")
    solver_parts = []
    if isinstance(solver, dict) and summary.get("status") != "baseline":  # a baseline runs no solver
        time = solver.get("time_limit_seconds")
        solver_parts.append(words["solver_text"].format(
            name=solver.get("name", "–"), time=_amount(time, lang) if time is not None else "–",
            seed=solver.get("seed", "–")))
    if summary.get("solver"):
        solver_parts.append(str(summary["solver"]))
    if solver_parts:
        rows.append((words["solver"], _e("; ".join(solver_parts))))
    extends = scenario.get("extends")
    if isinstance(extends, list) and extends:
        rows.append((words["extends"], ", ".join(f"<code>{_e(e)}</code>" for e in extends)))
    tier_order = scenario.get("tier_order")
    if isinstance(tier_order, list) and tier_order:
        rows.append((words["tier_order"], _e(" → ".join(tiers.get(str(t), str(t)) for t in tier_order))))
    frozen = scenario.get("frozen")
    if isinstance(frozen, dict):
        text = words["frozen_text"].format(years=_years_text(_int_list(frozen.get("years"))),
                                           file=frozen.get("file", "–"))
        rows.append((words["frozen"], _e(text)))
    elif frozen:
        rows.append((words["frozen"], _e(frozen)))
    if scenario.get("reference"):
        rows.append((words["reference"], f"<code>{_e(scenario['reference'])}</code>"))
    if summary.get("input_hash"):
        rows.append((words["input_hash"], f"<code>{_e(summary['input_hash'])}</code>"))
    out = ['<section id="settings">', f"<h2>{_e(words['settings'])}</h2>", '<dl class="settings">']
    out += [f"<dt>{_e(label)}</dt><dd>{value}</dd>" for label, value in rows]
    out.append("</dl>")

    limits = scenario.get("release_limits")
    if isinstance(limits, dict) and limits:
        kinds = KIND_LABELS[lang]
        out.append(f"<h3>{_e(words['release_limits'])}</h3>")
        out.append(f'<p class="note">{_e(words["release_note"])}</p>')
        order = _ordered([k for k in UNIT_KINDS if k in limits], [str(k) for k in limits])
        body = [([kinds.get(k, k), _amount(limits[k], lang)], "") for k in order]
        out.append(_table([words["kind"], words["limit"]], body, numeric=[1]))

    out.append(f"<h3>{_e(words['changes'])}</h3>")
    changes = scenario.get("changes")
    changes = [c for c in changes if isinstance(c, dict)] if isinstance(changes, list) else []
    if changes:
        body = [([str(c.get("key", "")), str(c.get("file", "")), str(c.get("text", ""))], "") for c in changes]
        out.append(_table([words["key"], words["file"], words["text"]], body))
    else:
        out.append(f"<p>{_e(words['no_changes'])}</p>")
    out.append("</section>")
    return "\n".join(out)


def _last_year(folder: _Folder) -> int | None:
    years = _int_list(folder.scenario.get("years"))
    if years:
        return max(years)
    if len(folder.allocation):
        return int(folder.allocation["year"].max())
    return None


def _target_year(folder: _Folder) -> int | None:
    """The year whose targets apply: the scenario's last year, or the latest target year before it."""
    last = _last_year(folder)
    if folder.targets is None or last is None or not len(folder.targets):
        return None
    years = folder.targets.loc[folder.targets["year"] <= last, "year"]
    return int(years.max()) if len(years) else None


def _below_target(folder: _Folder) -> tuple[int | None, pd.Series]:
    """(target year, per coverage row the target share it falls short of, NaN where it meets it or has none).

    A row is below target when allocated / demand < target share, compared exactly (not on the rounded share).
    """
    year = _target_year(folder)
    coverage = folder.coverage
    shortfall = pd.Series(np.nan, index=coverage.index, dtype="float64")
    if year is None:
        return None, shortfall
    targets = folder.targets[folder.targets["year"] == year]
    lookup = {(f, t): float(s) for f, t, s in zip(targets["family"], targets["tier"], targets["target_share"])
              if math.isfinite(float(s))}
    for index, family, tier, demand, allocated in zip(coverage.index, coverage["family"], coverage["tier"],
                                                      coverage["demand"], coverage["allocated"]):
        target = lookup.get((family, tier))
        if target is not None and demand > 0 and allocated < target * demand - EPSILON:
            shortfall[index] = target
    return year, shortfall


def _share(row_share: float, allocated: int, demand: int) -> float | None:
    if math.isfinite(row_share):
        return row_share
    return allocated / demand if demand > 0 else None


def _headline_section(folder: _Folder, lang: str, words: dict[str, str], names: dict[str, dict[str, str]],
                      below: tuple[int | None, pd.Series]) -> str:
    allocation, coverage = folder.allocation, folder.coverage
    seats = folder.summary.get("seats")
    if isinstance(seats, bool) or not isinstance(seats, (int, float)):
        seats = int(allocation["seats"].sum())
    by_year = allocation.groupby("year")["seats"].sum()
    out = ['<section id="headline">', f"<h2>{_e(words['headline'])}</h2>",
           f'<p>{_e(words["seats_total"])}</p><p class="big">{_e(_number(seats, lang))}</p>']
    if len(by_year):
        parts = [f"{words['seats_year'].format(year=int(y))}: {_number(s, lang)}" for y, s in by_year.items()]
        out.append(f'<p class="note">{_e("; ".join(parts))}</p>')

    tier_names = names["tier"]
    order = _ordered(tier_names, coverage["tier"])
    totals = coverage.groupby("tier")[["demand", "allocated"]].sum()
    year, shortfall = below
    short = shortfall.notna().groupby(coverage["tier"]).sum()
    body = []
    for tier in order:
        if tier not in totals.index:
            continue
        demand, allocated = int(totals.at[tier, "demand"]), int(totals.at[tier, "allocated"])
        cells = [tier_names.get(tier, tier), _number(demand, lang), _number(allocated, lang),
                 _percent(allocated / demand if demand else None, lang)]
        body.append((cells + ([_number(short.get(tier, 0), lang)] if year is not None else []), ""))
    demand, allocated = int(coverage["demand"].sum()), int(coverage["allocated"].sum())
    foot = [TOTAL_LABELS[lang], _number(demand, lang), _number(allocated, lang),
            _percent(allocated / demand if demand else None, lang)]
    head = [words["tier"], words["demand"], words["allocated"], words["share"]]
    if year is not None:
        foot.append(_number(int(shortfall.notna().sum()), lang))
        head.append(words["below_cases"].format(year=year))
    out.append(f"<h3>{_e(words['coverage_by_tier'])}</h3>")
    out.append(_table(head, body, range(1, len(head)), row_headers=True, foot=foot))

    last = _last_year(folder)
    out.append(f'<h3 id="below">{_e(words["below"].format(year=year if year is not None else last or "–"))}</h3>')
    if year is None:
        out.append(f"<p>{_e(words['no_targets'].format(year=last if last is not None else '–'))}</p>")
    else:
        rows = coverage[shortfall.notna()]
        if not len(rows):
            out.append(f"<p>{_e(words['below_none'].format(year=year))}</p>")
        else:
            count = words["below_count"].format(rows=_number(len(rows), lang),
                                                units=_number(rows["unit_id"].nunique(), lang), year=year)
            out.append(f"<p><strong>{_e(count)}</strong></p>")
            body = []
            for index, row in rows.iterrows():
                body.append(([names["unit"].get(row["unit_id"], row["unit_id"]),
                              names["family"].get(row["family"], row["family"]),
                              tier_names.get(row["tier"], row["tier"]),
                              _number(row["demand"], lang), _number(row["allocated"], lang),
                              _percent(_share(row["share"], row["allocated"], row["demand"]), lang),
                              _percent(shortfall[index], lang)], ""))
            out.append(_table([words["unit"], words["family"], words["tier"], words["demand"], words["allocated"],
                               words["share"], words["target"]], body, [3, 4, 5, 6], wide=True))
    out.append("</section>")
    return "\n".join(out)


def _chart_names(files: Mapping[str, bytes]) -> list[str]:
    """Chart stems at the top of the folder: the known ones in CHART_ORDER, then any other by name."""
    stems = {name.rsplit(".", 1)[0] for name in files
             if "/" not in name and name.lower().endswith((".png", ".svg"))}
    return [s for s in CHART_ORDER if s in stems] + sorted(stems - set(CHART_ORDER))


def _image(files: Mapping[str, bytes], stem: str) -> tuple[str, str] | None:
    """(file name, data: URI) of a chart: the SVG if there is a readable one, else the PNG."""
    svg = files.get(f"{stem}.svg")
    if svg is not None and b"<svg" in bytes(svg[:4096]):
        return f"{stem}.svg", "data:image/svg+xml;base64," + base64.b64encode(bytes(svg)).decode("ascii")
    png = files.get(f"{stem}.png")
    if png is not None and bytes(png[:8]) == PNG_MAGIC:
        return f"{stem}.png", "data:image/png;base64," + base64.b64encode(bytes(png)).decode("ascii")
    return None


def _charts_section(folder: _Folder, words: dict[str, str]) -> str:
    out = ['<section id="charts">', f"<h2>{_e(words['charts'])}</h2>"]
    stems = _chart_names(folder.files)
    if not stems:
        out.append(f"<p>{_e(words['no_charts'])}</p>")
    number = 0
    for stem in stems:
        image = _image(folder.files, stem)
        if image is None:
            present = next(n for n in (f"{stem}.svg", f"{stem}.png") if n in folder.files)
            out.append(f'<p class="note">{_e(words["bad_chart"].format(file=present))}</p>')
            continue
        number += 1
        name, uri = image
        caption = words.get(f"chart_{stem}") or words["chart_other"].format(file=name)
        out.append(f'<figure id="chart-{_e(stem)}"><img src="{uri}" alt="{_e(caption)}">'
                   f"<figcaption><strong>{_e(words['figure'].format(number=number))}</strong> {_e(caption)} "
                   f"(<code>{_e(name)}</code>)</figcaption></figure>")
    out.append("</section>")
    return "\n".join(out)


def _quota_courses(folder: _Folder, year: int) -> set[str]:
    """Courses that a positive seat quota of ``year`` covers, directly or through their family (as the workbook)."""
    if folder.caps is None or folder.courses is None:
        return set()
    caps = folder.caps
    targets = set(caps.loc[(caps["year"] == year) & (caps["seats_max"].fillna(0) > 0), "target"])
    courses = folder.courses
    chosen = courses["course_id"].isin(targets) | courses["family"].isin(targets)
    return set(courses.loc[chosen, "course_id"])


def _allocation_section(folder: _Folder, lang: str, words: dict[str, str], names: dict[str, dict[str, str]]) -> str:
    allocation = folder.allocation
    total = TOTAL_LABELS[lang]
    years = sorted(set(_int_list(folder.scenario.get("years"))) | {int(y) for y in allocation["year"]})
    units = _ordered(folder.units["unit_id"], allocation["unit_id"])
    course_order = _ordered(names["course"], allocation["course_id"])
    out = ['<section id="allocation">', f"<h2>{_e(words['allocation'])}</h2>",
           f'<p class="note">{_e(words["allocation_note"])}</p>']
    for year in years:
        rows = allocation[allocation["year"] == year]
        grid = rows.groupby(["unit_id", "course_id"])["seats"].sum()
        shown = set(rows["course_id"]) | _quota_courses(folder, year)
        courses = [c for c in course_order if c in shown]
        head = [words["unit"], *(names["course"].get(c, c) for c in courses), total]
        body = []
        for unit in units:
            values = [int(grid.get((unit, c), 0)) for c in courses]
            cells: list[Cell] = [names["unit"].get(unit, unit)]
            cells += [(_number(v, lang), "z") if v == 0 else _number(v, lang) for v in values]
            cells.append((_number(sum(values), lang), "total"))
            body.append((cells, ""))
        column_totals = [int(rows.loc[rows["course_id"] == c, "seats"].sum()) for c in courses]
        foot = [total, *(_number(v, lang) for v in column_totals), _number(int(rows["seats"].sum()), lang)]
        out.append(f'<section class="year" id="year-{year}">')
        out.append(f"<h3>{_e(words['year_table'].format(year=year))}</h3>")
        out.append(_table(head, body, range(1, len(head)), row_headers=True, cls="grid", foot=foot, wide=True))
        out.append("</section>")

    if folder.classes is not None and len(folder.classes):
        classes = folder.classes.copy()
        position = {c: i for i, c in enumerate(course_order)}
        classes["_order"] = classes["course_id"].map(lambda c: position.get(c, len(position)))
        classes = classes.sort_values(["year", "_order"], kind="stable")
        body = [([str(int(r.year)), names["course"].get(r.course_id, r.course_id), _number(r.classes, lang),
                  _number(r.seats, lang)], "") for r in classes.itertuples(index=False)]
        out.append(f'<h3 id="classes">{_e(words["classes"])}</h3>')
        out.append(_table([words["year"], words["course"], words["class_count"], words["seats"]], body, [2, 3]))
    out.append("</section>")
    return "\n".join(out)


def _coverage_section(folder: _Folder, lang: str, words: dict[str, str], names: dict[str, dict[str, str]],
                      below: tuple[int | None, pd.Series]) -> str:
    year, shortfall = below
    coverage = folder.coverage
    note = words["coverage_note"].format(year=year) if year is not None else words["coverage_note_plain"]
    out = ['<section id="coverage">', f"<h2>{_e(words['coverage'])}</h2>", f'<p class="note">{_e(note)}</p>']
    body = []
    for index, row in coverage.iterrows():
        body.append(([names["unit"].get(row["unit_id"], row["unit_id"]),
                      names["family"].get(row["family"], row["family"]),
                      names["tier"].get(row["tier"], row["tier"]),
                      _number(row["demand"], lang), _number(row["allocated"], lang),
                      _percent(_share(row["share"], row["allocated"], row["demand"]), lang)],
                     "below" if pd.notna(shortfall[index]) else ""))
    foot = [TOTAL_LABELS[lang], "", "", _number(coverage["demand"].sum(), lang),
            _number(coverage["allocated"].sum(), lang),
            _percent(coverage["allocated"].sum() / coverage["demand"].sum() if coverage["demand"].sum() else None,
                     lang)]
    out.append(_table([words["unit"], words["family"], words["tier"], words["demand"], words["allocated"],
                       words["share"]], body, [3, 4, 5], foot=foot, wide=True))
    out.append("</section>")
    return "\n".join(out)


def _warnings_section(folder: _Folder, words: dict[str, str]) -> str:
    warnings = folder.summary.get("warnings")
    warnings = [w for w in warnings if isinstance(w, dict)] if isinstance(warnings, list) else []
    out = ['<section id="warnings">', f"<h2>{_e(words['warnings'])}</h2>"]
    if warnings:
        body = [([str(w.get("code", "")), str(w.get("subject", "")), str(w.get("message", ""))], "")
                for w in warnings]
        out.append(_table([words["code"], words["subject"], words["message"]], body))
    else:
        out.append(f"<p>{_e(words['no_warnings'])}</p>")
    out.append("</section>")
    return "\n".join(out)


def _why_section(folder: _Folder, lang: str, words: dict[str, str], names: dict[str, dict[str, str]]) -> str:
    """The explanations of short rows (explanations.csv), a summary by rule and a collapsible list per unit."""
    data = folder.files.get("explanations.csv")
    if data is None:
        return ""
    table = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    out = ['<section id="why">', f"<h2>{_e(words['why'])}</h2>"]
    if table.empty:
        out += [f"<p>{_e(words['why_none'])}</p>", "</section>"]
        return "\n".join(out)
    out.append(f"<p>{_e(words['why_intro'])}</p>")
    counts = table["rule"].value_counts()
    out.append(_table([words["rule"], words["reasons"]],
                      [([rule, _number(n, lang)], "") for rule, n in counts.items()], [1]))
    rows = table.drop_duplicates("demand_id")
    for unit_id, group in table.groupby("unit_id", sort=False):
        unit_rows = rows[rows["unit_id"] == unit_id]
        title = words["why_unit"].format(unit=names["unit"].get(unit_id, unit_id), rows=len(unit_rows),
                                         short=_number(unit_rows["short"].astype(int).sum(), lang))
        body = [([names["family"].get(r.family, r.family), names["tier"].get(r.tier, r.tier),
                  f"{r.allocated}/{r.count}", r.rule, r.detail], "") for r in group.itertuples()]
        out.append(f"<details><summary>{_e(title)}</summary>"
                   + _table([words["family"], words["tier"], words["got"], words["rule"], words["detail"]], body)
                   + "</details>")
    out.append("</section>")
    return "\n".join(out)


def _stages_section(folder: _Folder, lang: str, words: dict[str, str], tiers: dict[str, str]) -> str:
    stages = _stages(folder.summary)
    out = ['<section id="stages">', f"<h2>{_e(words['stages'])}</h2>"]
    if stages:
        body = []
        for stage in stages:
            name = str(stage.get("name", ""))
            optimal = stage.get("optimal")
            body.append(([name, _stage_meaning(name, tiers, words), _amount(stage.get("value"), lang),
                          _amount(stage.get("bound"), lang), _gap(stage.get("gap"), lang),
                          words["yes"] if optimal else words["no"]], "" if optimal else "below"))
        out.append(_table([words["stage"], words["meaning"], words["value"], words["bound"], words["gap"],
                           words["optimal"]], body, [2, 3, 4]))
    else:
        out.append(f"<p>{_e(words['no_stages'])}</p>")
    out.append("</section>")
    return "\n".join(out)


def _files_section(folder: _Folder, lang: str, words: dict[str, str]) -> str:
    body = [([name, _number(len(data), lang)], "") for name, data in sorted(folder.files.items())
            if name != TIMING_FILE]
    return "\n".join(['<section id="files">', f"<h2>{_e(words['files'])}</h2>",
                      _table([words["file"], words["size"]], body, [1]), "</section>"])


def _nav(words: dict[str, str], has_classes: bool, has_why: bool = False) -> str:
    entries = [("settings", words["settings"]), ("headline", words["headline"]), ("charts", words["charts"]),
               ("allocation", words["allocation"])]
    if has_classes:
        entries.append(("classes", words["classes"]))
    entries += [("coverage", words["coverage"])]
    if has_why:
        entries.append(("why", words["why"]))
    entries += [("warnings", words["warnings"]), ("stages", words["stages"]), ("files", words["files"])]
    items = "".join(f'<li><a href="#{anchor}">{_e(label)}</a></li>' for anchor, label in entries)
    return f'<nav aria-label="{_e(words["contents"])}"><h2>{_e(words["contents"])}</h2><ol>{items}</ol></nav>'


# --- the page -------------------------------------------------------------------------------------------------


def render_report(files: Mapping[str, bytes], lang: str = "vi") -> bytes:
    """One self-contained HTML page (UTF-8 bytes) for a result folder's content {relative path: bytes}.

    Needs summary.json, allocation.csv, coverage.csv and inputs/units.csv (else ``InputError`` naming the file);
    uses inputs/tiers.csv, families.csv, courses.csv, targets.csv, caps.csv, classes.csv and the charts
    (coverage, coverage_units, seats, then any other .png/.svg at the top of the folder) when present. Reads and
    writes nothing; the same files always give the same bytes.
    """
    lang = check_lang(lang)
    words = LABELS[lang]
    folder = _folder(files)
    tiers = folder.tiers
    if tiers is not None:
        tiers = tiers.sort_values("rank", kind="stable")
    names = {"unit": _labels(folder.units, "unit_id", lang), "tier": _labels(tiers, "tier", lang),
             "family": _labels(folder.families, "family", lang), "course": _labels(folder.courses, "course_id", lang)}
    below = _below_target(folder)
    name = str(folder.scenario.get("name") or "–")
    has_classes = folder.classes is not None and len(folder.classes) > 0
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(words['title'].format(name=name))}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        _title_section(folder, lang, words, names["tier"]),
        _nav(words, has_classes, "explanations.csv" in files),
        _settings_section(folder, lang, words, names["tier"]),
        _headline_section(folder, lang, words, names, below),
        _charts_section(folder, words),
        _allocation_section(folder, lang, words, names),
        _coverage_section(folder, lang, words, names, below),
        _why_section(folder, lang, words, names),
        _warnings_section(folder, words),
        _stages_section(folder, lang, words, names["tier"]),
        _files_section(folder, lang, words),
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts).encode("utf-8")
