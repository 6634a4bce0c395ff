"""Tests of outputs/html_report.py: a hand-made result folder (as bytes) rendered to one HTML page.

Three units (one with a name full of HTML), two families with one course each, two tiers (tiers.csv lists them
against rank order) and two years, 2023–2024. Coverage against the 2024 targets::

    unit  family     tier      demand  allocated  share   2024 target
    u1    cao_cap    serving        4          4   100%   100%
    u1    trung_cap  serving     1234       1234   100%   100%
    u1    trung_cap  key_post       8          1  12.5%    50%   below
    u2    cao_cap    serving        4          2    50%   100%   below
    u3    cao_cap    key_post       4          3    75%    50%
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from pdf_folders import stressed_folder
from pypdf import PdfReader

from optimizer import encode
from optimizer.errors import InputError
from optimizer.outputs.html_report import read_folder, render_report

NASTY = 'Sở <script>alert("x")</script> & "Bình"'
UNITS = [["u1", "Huyện ủy Mỹ Lộc", "My Loc District Party Committee", "district"],
         ["u2", NASTY, "Department <b>B</b>", "department"],
         ["u3", "Ban Tổ chức Tỉnh ủy", "Provincial Organisation Commission", "party_board"]]
TIERS = [["key_post", "2", "Quy hoạch chức danh chủ chốt", "Planned for key posts"],
         ["serving", "1", "Đương chức chưa đạt chuẩn", "Serving leaders below standard"]]
FAMILIES = [["cao_cap", "Cao cấp lý luận chính trị", "Advanced political theory", "political_theory"],
            ["trung_cap", "Trung cấp lý luận chính trị", "Intermediate political theory", "political_theory"]]
COURSES = [["cao_cap_tt", "Cao cấp LLCT hệ tập trung", "Advanced (full-time)", "cao_cap", "full_time", "8", "", ""],
           ["trung_cap_ktt", "Trung cấp LLCT không tập trung", "Intermediate (part-time)", "trung_cap",
            "part_time", "18", "40", "60"]]
TARGETS = [["cao_cap", "serving", "2023", "0.5"], ["cao_cap", "serving", "2024", "1.0"],
           ["cao_cap", "key_post", "2023", "0.25"], ["cao_cap", "key_post", "2024", "0.5"],
           ["trung_cap", "serving", "2023", "0.5"], ["trung_cap", "serving", "2024", "1.0"],
           ["trung_cap", "key_post", "2023", "0.9"], ["trung_cap", "key_post", "2024", "0.5"]]
COVERAGE = [["u1", "cao_cap", "serving", "4", "4", "1.0"],
            ["u1", "trung_cap", "serving", "1234", "1234", "1.0"],
            ["u1", "trung_cap", "key_post", "8", "1", "0.125"],
            ["u2", "cao_cap", "serving", "4", "2", "0.5"],
            ["u3", "cao_cap", "key_post", "4", "3", "0.75"]]
ALLOCATION = [["2023", "u1", "cao_cap_tt", "serving", "party", "4"],
              ["2023", "u1", "trung_cap_ktt", "serving", "party", "1000"],
              ["2023", "u2", "cao_cap_tt", "serving", "government", "2"],
              ["2024", "u1", "trung_cap_ktt", "serving", "party", "234"],
              ["2024", "u1", "trung_cap_ktt", "key_post", "party", "1"],
              ["2024", "u3", "cao_cap_tt", "key_post", "party", "3"]]
CLASSES = [["2023", "trung_cap_ktt", "17", "1000"], ["2024", "trung_cap_ktt", "5", "235"]]
CHANGE_TEXT = "caps [target=cao_cap_tt]: set seats_max=30"
WARNING_MESSAGE = "Phụ lục 1 gives 1000 for the period, but the yearly quotas add up to 750"


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _png() -> bytes:
    fig = Figure(figsize=(1, 1))
    fig.add_subplot().plot([0, 1], [0, 1])
    return encode.png_bytes(fig)


def _svg() -> bytes:
    fig = Figure(figsize=(1, 1))
    fig.add_subplot().bar([0, 1], [1, 2])
    return encode.svg_bytes(fig)


def _summary(status: str = "optimal") -> dict:
    stages = [{"name": "coverage[serving]", "value": 1240, "bound": 1240.0, "gap": 0.0, "optimal": True},
              {"name": "coverage[key_post]", "value": 4, "bound": 4.0, "gap": 0.0, "optimal": True},
              {"name": "canonical", "value": 123456, "bound": 121936.0, "gap": 0.012466, "optimal": False}]
    if status == "optimal":
        stages[-1] = {"name": "canonical", "value": 123456, "bound": 123456.0, "gap": 0.0, "optimal": True}
    return {
        "scenario": {"name": "cut_cao_cap", "question": "Nếu giảm chỉ tiêu Cao cấp thì sao?",
                     "data": "data/nam_dinh_2023_2025", "years": [2023, 2024],
                     "release_limits": {"department": 3, "district": 8, "party_board": 2},
                     "solver": {"name": "highs", "time_limit_seconds": 120.0, "seed": 0},
                     "extends": ["scenarios/baseline.yaml"],
                     "changes": [{"file": "scenarios/cut_cao_cap.yaml", "key": "caps[0]", "text": CHANGE_TEXT}],
                     "tier_order": [], "frozen": {"file": "inputs/actuals_2023.csv", "years": [2023]},
                     "reference": "results/baseline/assignments.csv", "plan_from_year": 2024},
        "status": status,
        "stages": stages,
        "solver": "OR-Tools 9.15 MathOpt/highs",
        "input_hash": "ab" * 32,
        "seats": 1244,
        "warnings": [{"code": "period_total_mismatch", "subject": "trung_cap/all", "message": WARNING_MESSAGE}],
    }


def fake_files(status: str = "optimal") -> dict[str, bytes]:
    """The content of a small result folder, as ``read_folder`` would give it."""
    png = _png()
    return {
        "summary.json": encode.json_bytes(_summary(status)),
        "allocation.csv": _csv(["year", "unit_id", "course_id", "tier", "block", "seats"], ALLOCATION),
        "coverage.csv": _csv(["unit_id", "family", "tier", "demand", "allocated", "share"], COVERAGE),
        "classes.csv": _csv(["year", "course_id", "classes", "seats"], CLASSES),
        "inputs/units.csv": _csv(["unit_id", "name", "name_en", "kind"], UNITS),
        "inputs/tiers.csv": _csv(["tier", "rank", "name", "name_en"], TIERS),
        "inputs/families.csv": _csv(["family", "name", "name_en", "group"], FAMILIES),
        "inputs/courses.csv": _csv(["course_id", "name", "name_en", "family", "mode", "duration_months",
                                    "class_size_min", "class_size_max"], COURSES),
        "inputs/targets.csv": _csv(["family", "tier", "year", "target_share", "source"],
                                   [row + ["assumed"] for row in TARGETS]),
        "seats.png": png,
        "coverage.png": png,
        "coverage_units.png": png,
        "coverage_units.svg": _svg(),
        "allocation.xlsx": b"PK\x03\x04 not really a workbook",
    }


# --- a small HTML reader -------------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Every table of a page as rows of cell texts, with the id of the innermost section around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[str] = []
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.sections.append(attrs.get("id") or (self.sections[-1] if self.sections else ""))
        elif tag == "table":
            self.tables.append((self.sections[-1] if self.sections else "", []))
        elif tag == "tr":
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "section":
            self.sections.pop()
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(page: str) -> list[tuple[str, list[list[str]]]]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def table_in(page: str, section: str) -> list[list[str]]:
    found = [rows for where, rows in tables(page) if where == section]
    assert found, f"no table in section {section!r}"
    return found[0]


def section(page: str, ident: str) -> str:
    start = page.index(f'id="{ident}"')
    return page[start:page.index("</section>", start)]


def below_list(page: str) -> str:
    """The headline's list of units below target: from its heading to the end of the headline section."""
    start = page.index('id="below"')
    return page[start:page.index("</section>", start)]


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return fake_files()


@pytest.fixture(scope="module")
def page(files) -> str:
    return render_report(files).decode("utf-8")


# --- content -------------------------------------------------------------------------------------------------


def test_page_is_html_in_vietnamese_with_the_scenario_name_question_and_status(page):
    assert page.startswith("<!DOCTYPE html>\n")
    assert '<html lang="vi">' in page
    assert '<meta charset="utf-8">' in page
    assert "cut_cao_cap" in page.split("</title>")[0]
    assert "Nếu giảm chỉ tiêu Cao cấp thì sao?" in page
    assert '<span class="status-ok">Tối ưu' in page.split("</header>")[0]
    assert 'class="warning"' not in page  # optimal: no time-limit warning


def test_every_chart_in_the_files_is_embedded_in_order_with_a_caption(page):
    images = re.findall(r'<img src="data:(image/[a-z+]+);base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == page.count("<img") == 3  # coverage, coverage_units, seats
    assert [kind for kind, _ in images] == ["image/png", "image/svg+xml", "image/png"]
    assert base64.b64decode(images[1][1]) == fake_files()["coverage_units.svg"]  # the SVG is preferred
    assert page.index('id="chart-coverage"') < page.index('id="chart-coverage_units"') < page.index(
        'id="chart-seats"')
    assert page.count("<figcaption>") == 3
    for name in ("coverage.png", "coverage_units.svg", "seats.png"):
        assert f"(<code>{name}</code>)</figcaption>" in page


def test_charts_that_are_absent_are_not_shown_and_an_unknown_chart_is_shown_last(files):
    some = {k: v for k, v in files.items() if not k.startswith(("coverage_units", "seats"))}
    some["extra_chart.png"] = files["coverage.png"]
    page = render_report(some).decode()
    assert page.count("<img") == 2
    assert page.index('id="chart-coverage"') < page.index('id="chart-extra_chart"')
    none = {k: v for k, v in files.items() if not k.endswith((".png", ".svg"))}
    page = render_report(none).decode()
    assert "<img" not in page and "không có biểu đồ" in page


def test_settings_show_data_years_limits_solver_changes_frozen_and_reference(page):
    settings = section(page, "settings")
    for text in ("data/nam_dinh_2023_2025", "<dd>2023–2024</dd>", "highs, giới hạn thời gian 120 giây, seed 0",
                 "OR-Tools 9.15 MathOpt/highs", "scenarios/baseline.yaml", "inputs/actuals_2023.csv",
                 "results/baseline/assignments.csv",
                 "<dt>Lập lại kế hoạch từ năm (các năm trước giữ nguyên)</dt><dd>2024</dd>"):
        assert text in settings, text
    limits = table_in(page, "settings")
    assert limits[1:] == [["Huyện ủy, Thành ủy", "8"], ["Sở, ban, ngành tỉnh", "3"],
                          ["Các ban, cơ quan Tỉnh ủy", "2"]]
    changes = [rows for where, rows in tables(page) if where == "settings"][1]
    assert changes[1] == ["caps[0]", "scenarios/cut_cao_cap.yaml", CHANGE_TEXT]


def test_headline_gives_seats_and_coverage_per_tier_in_rank_order(page):
    headline = section(page, "headline")
    assert '<p class="big">1.244</p>' in headline
    rows = table_in(page, "headline")
    assert rows[1] == ["Đương chức chưa đạt chuẩn", "1.242", "1.240", "99,8%", "1"]  # rank 1 first
    assert rows[2] == ["Quy hoạch chức danh chủ chốt", "12", "4", "33,3%", "1"]
    assert rows[3] == ["Tổng cộng", "1.254", "1.244", "99,2%", "2"]


def test_a_unit_below_target_is_listed_and_one_above_is_not(page):
    listed = below_list(page)
    assert "2 trường hợp" in listed and "2 đơn vị" in listed
    assert "&lt;script&gt;" in listed  # u2: 50% against 100%
    assert "Huyện ủy Mỹ Lộc" in listed  # u1 trung_cap key_post: 12,5% against 50%
    assert "Ban Tổ chức Tỉnh ủy" not in listed  # u3: 75% against 50%
    rows = [rows for where, rows in tables(page) if where == "headline"][1]
    assert rows[1] == ["Huyện ủy Mỹ Lộc", "Trung cấp lý luận chính trị", "Quy hoạch chức danh chủ chốt", "8", "1",
                       "12,5%", "50%"]
    assert len(rows) == 3  # header and two cases; a share equal to its target is not below


def test_targets_of_the_last_year_are_used(files):
    changed = dict(files)
    summary = _summary()
    summary["scenario"]["years"] = [2023]
    changed["summary.json"] = encode.json_bytes(summary)
    listed = below_list(render_report(changed).decode())
    assert "mục tiêu năm 2023" in listed
    assert "Ban Tổ chức Tỉnh ủy" not in listed  # 75% against 25%
    assert "Huyện ủy Mỹ Lộc" in listed  # 12,5% against 90%


def test_each_year_has_an_allocation_table_with_unit_and_course_totals(page):
    grids = {where: rows for where, rows in tables(page) if where.startswith("year-")}
    assert list(grids) == ["year-2023", "year-2024"]
    first = grids["year-2023"]
    assert first[0] == ["Đơn vị", "Cao cấp LLCT hệ tập trung", "Trung cấp LLCT không tập trung", "Tổng cộng"]
    assert [row[0] for row in first[1:]] == ["Huyện ủy Mỹ Lộc", NASTY, "Ban Tổ chức Tỉnh ủy", "Tổng cộng"]
    assert first[1] == ["Huyện ủy Mỹ Lộc", "4", "1.000", "1.004"]
    assert first[-1] == ["Tổng cộng", "6", "1.000", "1.006"]
    second = grids["year-2024"]
    assert second[0][1:] == ["Cao cấp LLCT hệ tập trung", "Trung cấp LLCT không tập trung", "Tổng cộng"]
    assert second[-1] == ["Tổng cộng", "3", "235", "238"]


def test_coverage_table_lists_every_row_with_names_and_marks_rows_below_target(page):
    rows = table_in(page, "coverage")
    assert rows[0] == ["Đơn vị", "Loại hình đào tạo", "Nhóm đối tượng", "Nhu cầu", "Đã bố trí", "Tỷ lệ đáp ứng"]
    assert len(rows) == 1 + len(COVERAGE) + 1  # header, rows, total
    assert rows[2] == ["Huyện ủy Mỹ Lộc", "Trung cấp lý luận chính trị", "Đương chức chưa đạt chuẩn", "1.234",
                       "1.234", "100%"]
    assert section(page, "coverage").count('<tr class="below">') == 2
    classes = [rows for where, rows in tables(page) if where == "allocation" and rows[0][0] == "Năm"]
    assert classes == [[["Năm", "Khóa học", "Số lớp", "Số chỗ học"],
                        ["2023", "Trung cấp LLCT không tập trung", "17", "1.000"],
                        ["2024", "Trung cấp LLCT không tập trung", "5", "235"]]]


def test_warnings_and_stages_appear(page):
    assert table_in(page, "warnings")[1] == ["period_total_mismatch", "trung_cap/all", WARNING_MESSAGE]
    stages = table_in(page, "stages")
    assert [row[0] for row in stages[1:]] == ["coverage[serving]", "coverage[key_post]", "canonical"]
    assert stages[1] == ["coverage[serving]", "Số chỗ cho nhóm: Đương chức chưa đạt chuẩn", "1.240", "1.240", "0%",
                         "Có"]
    assert stages[3][2:4] == ["123.456", "123.456"]


def test_time_limited_plan_shows_a_warning_with_each_stage_gap(files):
    changed = dict(files)
    changed["summary.json"] = encode.json_bytes(_summary("time_limited"))
    page = render_report(changed).decode()
    header = page.split("</header>")[0]
    assert 'class="warning"' in header and "hết thời gian" in header
    assert "<code>canonical</code>: 1,25%" in header
    assert "<code>coverage[serving]</code>: 0%" in header
    assert table_in(page, "stages")[3][4:] == ["1,25%", "Chưa"]


def test_unit_names_and_all_data_text_are_escaped(files):
    changed = dict(files)
    summary = _summary()
    summary["warnings"][0]["message"] = "<img src=x onerror=alert(1)>"
    summary["scenario"]["question"] = "</title><script>alert(2)</script>"
    changed["summary.json"] = encode.json_bytes(summary)
    page = render_report(changed).decode()
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Bình&quot;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert page.count("<img") == 3 and page.count("</title>") == 1


def test_no_external_url_and_no_script(page):
    assert not re.search(r'(?:src|href)\s*=\s*["\']?\s*(?:https?:|//|ftp:)', page, re.IGNORECASE)
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page.lower() and "<link" not in page.lower() and "@import" not in page
    assert all(ref.startswith(("#", "data:")) for ref in re.findall(r'(?:src|href)="([^"]*)"', page))


def test_same_files_give_byte_identical_html_whatever_their_order(files):
    first = render_report(files)
    assert render_report(files) == first
    assert render_report(dict(reversed(list(files.items())))) == first
    assert render_report(fake_files()) == first


def test_timing_is_not_in_the_page(files):
    with_timing = dict(files, **{"timing.json": b'{"total_seconds": 12.3}\n'})
    assert render_report(with_timing) == render_report(files)


def test_english_labels_and_number_format(files):
    page = render_report(files, lang="en").decode()
    assert '<html lang="en">' in page
    assert "Seats allocated" in page and "Tổng số chỗ học" not in page
    assert '<p class="big">1,244</p>' in page
    rows = table_in(page, "headline")
    assert rows[1] == ["Serving leaders below standard", "1,242", "1,240", "99.8%", "1"]
    assert rows[-1][0] == "Total"
    listed = below_list(page)
    assert "Department &lt;b&gt;B&lt;/b&gt;" in listed and "12.5%" in listed
    assert table_in(page, "year-2023")[0] == ["Unit", "Advanced (full-time)", "Intermediate (part-time)", "Total"]
    with pytest.raises(ValueError):
        render_report(files, lang="fr")


def test_missing_optional_inputs_fall_back_to_ids(files):
    bare = {k: v for k, v in files.items() if k in ("summary.json", "allocation.csv", "coverage.csv",
                                                     "inputs/units.csv")}
    page = render_report(bare).decode()
    assert table_in(page, "year-2023")[0] == ["Đơn vị", "cao_cap_tt", "trung_cap_ktt", "Tổng cộng"]
    assert "Không có mục tiêu" in page and '<tr class="below">' not in section(page, "coverage")


@pytest.mark.parametrize("missing", ["summary.json", "coverage.csv", "allocation.csv", "inputs/units.csv"])
def test_render_without_a_required_file_names_it(files, missing):
    with pytest.raises(InputError) as err:
        render_report({k: v for k, v in files.items() if k != missing})
    assert missing in str(err.value) and "\n" not in str(err.value)


def test_a_broken_number_is_an_input_error_naming_file_row_and_column(files):
    broken = dict(files)
    broken["coverage.csv"] = files["coverage.csv"].replace(b",1234,1234,", b",1234,lots,")
    with pytest.raises(InputError, match=r"coverage\.csv, row 3, column allocated"):
        render_report(broken)


# --- read_folder ---------------------------------------------------------------------------------------------


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_read_folder_reads_every_file_except_the_report(tmp_path, files):
    _write(tmp_path, files)
    (tmp_path / "report.html").write_bytes(b"<html>old</html>")
    read = read_folder(tmp_path)
    assert read == dict(sorted(files.items()))
    assert render_report(read) == render_report(files)


def test_read_folder_without_summary_raises_input_error_naming_the_file(tmp_path, files):
    _write(tmp_path, {k: v for k, v in files.items() if k != "summary.json"})
    with pytest.raises(InputError) as err:
        read_folder(tmp_path)
    message = str(err.value)
    assert "summary.json" in message and "run solve again" in message and "\n" not in message


def test_read_folder_without_units_or_a_folder_raises(tmp_path, files):
    _write(tmp_path, {k: v for k, v in files.items() if k != "inputs/units.csv"})
    with pytest.raises(InputError, match=r"inputs/units\.csv"):
        read_folder(tmp_path)
    with pytest.raises(InputError, match="does not exist"):
        read_folder(tmp_path / "nowhere")


# --- layout: summary first, long tables folded, phone and print ---------------------------------------------------


def test_the_summary_and_charts_come_first_and_the_long_tables_last(page):
    order = ["headline", "charts", "warnings", "stages", "settings", "details", "allocation", "coverage", "files"]
    positions = [page.index(f'id="{ident}"') for ident in order]
    assert positions == sorted(positions)
    nav = page[page.index("<nav"):page.index("</nav>")]
    assert nav.index("#headline") < nav.index("#charts") < nav.index("#allocation") < nav.index("#files")


def test_long_tables_are_folded_and_the_headline_table_is_not(page):
    for ident in ("year-2023", "year-2024", "coverage", "files"):
        part = section(page, ident)
        assert part.count('<details class="long">') == 1 and part.index("<details") < part.index("<table")
    assert "<summary><h3>Năm 2023: 3 đơn vị × 2 khóa học</h3></summary>" in page
    listed = below_list(page)
    assert listed.index('<details class="long"><summary>Danh sách 2 trường hợp') < listed.index("<table")
    headline = section(page, "headline")
    assert headline.index("<table") < headline.index("<details")  # coverage by tier stays open


def test_the_page_fits_a_phone_tables_scroll_in_their_own_box_and_headers_wrap(page):
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert page.count("<table") == page.count('<div class="wide">\n<table')
    css = page[page.index("<style>"):page.index("</style>")]
    assert "@media (max-width: 700px)" in css and ".wide { overflow-x: auto;" in css
    head_rule = css[css.index("thead th {"):css.index("}", css.index("thead th {"))]
    assert "white-space: normal" in head_rule
    assert not re.search(r"^\.n \{[^}]*nowrap", css, re.MULTILINE)  # numbers keep to one line in cells, not in headers


def test_folded_tables_stay_folded_in_print(page):
    css = page[page.index("<style>"):page.index("</style>")]
    printed = css[css.index("@media print"):]
    assert "details:not([open]) > :not(summary) { display: none; }" in printed
    assert "nav, .details-start .note { display: none; }" in printed


def chromium_pages(html: bytes, tmp_path) -> int:
    source, printed = tmp_path / "page.html", tmp_path / "page.pdf"
    source.write_bytes(html)
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={printed}",
                    source.as_uri()], capture_output=True, timeout=300, check=False)
    return len(PdfReader(printed).pages)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs a headless chromium to print")
def test_a_200_unit_report_prints_on_a_handful_of_pages_because_long_tables_stay_folded(tmp_path):
    files = stressed_folder(units=200, name_length=60)
    html = render_report(files)
    folded = chromium_pages(html, tmp_path)
    opened = chromium_pages(html.replace(b'<details class="long">', b'<details class="long" open>'), tmp_path)
    assert folded <= 8 and opened > 40


def test_the_warnings_and_changes_are_said_in_the_pages_language(files):
    summary = json.loads(files["summary.json"])
    summary["warnings"][0]["message_vi"] = "Phụ lục 1 ghi 1000 cho cả giai đoạn"
    summary["scenario"]["changes"] = [{"file": "a.yaml", "key": "caps[0]", "text": "caps of 2023 set",
                                       "text_vi": "chỉ tiêu năm 2023 được đặt"}]
    files = {**files, "summary.json": json.dumps(summary).encode("utf-8")}
    vietnamese, english = render_report(files, lang="vi").decode(), render_report(files, lang="en").decode()
    assert table_in(vietnamese, "warnings")[1][2] == "Phụ lục 1 ghi 1000 cho cả giai đoạn"
    assert table_in(english, "warnings")[1][2] == WARNING_MESSAGE
    assert "chỉ tiêu năm 2023 được đặt" in vietnamese and "caps of 2023 set" not in vietnamese
    assert "caps of 2023 set" in english
