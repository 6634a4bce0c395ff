"""Tests of optimizer/outputs/appendix_sheet.py: the appendix sheets as written (headers, formulas with stored
results, print setup) and as LibreOffice calculates and prints them.

The LibreOffice tests need ``soffice`` and ``pdftotext``; without them they fail and say how to install them."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from sample_plans import YEARS, bundled_inputs, greedy_allocation

from optimizer.outputs import appendix, appendix_sheet, workbook
from optimizer.outputs.appendix import Row

INSTALL = "LibreOffice and poppler are needed to render the workbook: apt-get install libreoffice-calc-nogui poppler-utils"
APPENDIX_SHEETS = ["PL1 2023", "PL1 2024", "PL1 2025", "PL1 2023–2025", "PL2 2023", "PL2 2024", "PL2 2025",
                   "PL2 2023–2025"]
MAX_PAGES_PER_SHEET = 2
TIMES_FONTS = ("Times New Roman", "Liberation Serif")  # Liberation Serif is drawn to Times New Roman's widths
INSTALL_FONT = ("the appendices are set in Times New Roman, which this machine draws in {found}, wider, so pages "
                "would not count true: apt-get install fonts-liberation (Liberation Serif, of the same widths)")


@pytest.fixture(scope="module")
def inputs():
    return bundled_inputs()


@pytest.fixture(scope="module")
def plan(inputs):
    return greedy_allocation(inputs, groups=("political_theory", "degree", "refresher"))


@pytest.fixture(scope="module")
def data(inputs, plan) -> bytes:
    return workbook.allocation_workbook(plan, inputs, YEARS)


@pytest.fixture(scope="module")
def book(data):
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def sheets(inputs, plan):
    return {s.name: s for s in appendix.appendix_sheets(plan, inputs, YEARS)}


# --- as written ------------------------------------------------------------------------------------------------


def test_header_merges_groups_families_and_spans_tt_unit_and_total_over_every_header_row(book):
    sheet = book["PL1 2023"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A3:A5", "B3:B5", "C3:F3", "G3:L3", "C4:D4", "E4:F4", "G4:I4", "J4:L4", "M3:M5"} <= merged
    assert [sheet.cell(5, c).value for c in range(3, 13)] == [
        "Khối Đảng", "Khối Chính quyền", "Khối Đảng", "Khối Chính quyền", "Tổng số", "Tập trung", "Không tập trung",
        "Tổng số", "Tập trung", "Không tập trung"]
    second = book["PL2 2023"]
    assert "C3:C4" in {str(r) for r in second.merged_cells.ranges}  # a family of one column spans both rows
    assert second["I3"].value.startswith("Bồi dưỡng lãnh đạo quản lý cấp phòng")
    assert (second["I4"].value, second["J4"].value) == ("Khối Đảng", "Khối Chính quyền")
    for cell in (sheet["C3"], sheet["C5"], second["C3"]):
        assert cell.font.b and cell.alignment.wrap_text and cell.alignment.horizontal == "center"


def test_totals_are_formulas_and_their_stored_results_are_the_sheets_values(data, sheets):
    written = openpyxl.load_workbook(io.BytesIO(data))
    stored = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    for name, sheet in sheets.items():
        for r, (values, formulas) in enumerate(zip(sheet.values, sheet.formulas)):
            for c, (value, formula) in enumerate(zip(values, formulas)):
                coordinate = sheet.coordinate(r, c)
                assert written[name][coordinate].value == (formula if formula is not None else value)
                assert stored[name][coordinate].value == value


def test_seats_and_quotas_are_numbers_shown_blank_when_zero(book):
    sheet = book["PL2 2024"]
    quota = {sheet.cell(4, c).value or sheet.cell(3, c).value: sheet.cell(sheet.max_row, c) for c in range(3, 21)}
    blank = quota["Bồi dưỡng cấp ủy cơ sở"]  # the plan's blank cell of 2024: a quota of 0
    assert blank.value == 0 and blank.number_format == appendix_sheet.SEAT_FORMAT
    for row in sheet.iter_rows(min_row=5, min_col=3):
        for cell in row:
            assert cell.value is None or isinstance(cell.value, int) or cell.value.startswith("=")


def test_every_appendix_sheet_prints_a4_landscape_at_a_scale_that_keeps_text_at_9_points_or_more(book):
    for name in APPENDIX_SHEETS:
        sheet = book[name]
        setup = sheet.page_setup
        assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4) and setup.orientation == "landscape"
        assert not sheet.sheet_properties.pageSetUpPr.fitToPage  # manual breaks hold in Excel too
        assert min(appendix_sheet.effective_font_sizes(sheet)) >= appendix_sheet.MIN_PRINTED_SIZE
        header_rows = 3 if name.startswith("PL1") else 2
        assert sheet.print_title_rows == f"$3:${2 + header_rows}"
        assert sheet.freeze_panes == f"C{3 + header_rows}"


def test_columns_fit_the_printed_width_at_the_print_scale_in_both_languages(book, inputs, plan):
    """In English the headers' long words would not fit whole: they are cut rather than widen the table."""
    english = openpyxl.load_workbook(io.BytesIO(workbook.allocation_workbook(plan, inputs, YEARS, lang="en")))
    for sheet in [book[name] for name in APPENDIX_SHEETS] + english.worksheets[:len(APPENDIX_SHEETS)]:
        width = sum(sheet.column_dimensions[chr(64 + c)].width for c in range(1, sheet.max_column + 1))
        printed = width * appendix_sheet.POINTS_PER_WIDTH * sheet.page_setup.scale / 100
        assert printed <= appendix_sheet.printable_width()


def test_no_column_is_narrower_than_the_longest_word_of_its_own_header(book):
    sheet = book["PL2 2023"]
    for column in range(3, sheet.max_column + 1):
        letter = chr(64 + column)
        label = sheet.cell(4, column).value or sheet.cell(3, column).value
        longest = max(label.split(), key=len)
        assert sheet.column_dimensions[letter].width >= appendix_sheet.text_width(longest, bold=True)


def test_row_breaks_never_strand_the_total_or_quota_row_nor_end_a_page_with_a_group_row(book):
    for name in APPENDIX_SHEETS:
        sheet = book[name]
        labels = {row[0].row: (row[0].value, row[1].value) for row in sheet.iter_rows(min_row=5, max_col=2)}
        for brk in sheet.row_breaks.brk:
            last, following = labels[brk.id], labels[brk.id + 1]
            assert following[1] not in ("Tổng cộng toàn tỉnh", "Chỉ tiêu được giao")
            assert not (isinstance(last[0], str) and re.fullmatch("[IVXLC]+", last[0]))
        assert len(sheet.row_breaks.brk) <= MAX_PAGES_PER_SHEET - 1


def rows(groups: list[int]) -> list[Row]:
    found = []
    for number, size in enumerate(groups, start=1):
        found.append(Row("group", appendix.roman(number), f"group {number}"))
        found += [Row("unit", i, f"unit {number}.{i}") for i in range(1, size + 1)]
    return [*found, Row("total", None, "total"), Row("quota", None, "quota")]


def page_of(units_per_page: int) -> tuple[float, int]:
    """(header height, scale) that leave room for exactly ``units_per_page`` rows of 10 points on a page."""
    room = appendix_sheet.printable_height() * appendix_sheet.PAGE_SAFETY
    return room - 10 * units_per_page - 1, 100


def test_page_breaks_fall_between_groups_when_that_costs_no_page():
    """Groups of 5, 5, 8 and 4 rows (with their group rows), 14 rows a page: breaking after the second group
    gives two pages (12 and 14 rows) without splitting a group."""
    table = rows([4, 4, 7, 3])
    header, scale = page_of(14)
    starts = appendix_sheet.page_breaks(table, [10.0] * len(table), header, 0.0, scale)
    assert starts == [10] and table[10].kind == "group"


def test_page_breaks_split_a_group_rather_than_add_a_page_and_keep_the_total_with_units():
    """One group of 20 units with its total and quota (23 rows), 12 rows a page: one break inside the group, the
    second page starting with a unit; with room for exactly the first 22 rows on a page, the break does not
    leave the quota row, nor the total and quota rows, alone."""
    table = rows([20])
    header, scale = page_of(12)
    starts = appendix_sheet.page_breaks(table, [10.0] * len(table), header, 0.0, scale)
    assert len(starts) == 1 and table[starts[0]].kind == "unit" and table[starts[0] - 1].kind != "group"
    header, scale = page_of(22)
    starts = appendix_sheet.page_breaks(table, [10.0] * len(table), header, 0.0, scale)
    assert len(starts) == 1 and table[starts[0]].kind == "unit" and starts[0] <= len(table) - 3


def test_page_breaks_leave_a_table_that_fits_on_one_page_unbroken():
    table = rows([3, 2])
    header, scale = page_of(40)
    assert appendix_sheet.page_breaks(table, [10.0] * len(table), header, 0.0, scale) == []


# --- as LibreOffice calculates and prints them -----------------------------------------------------------------


def office_program() -> str:
    """The soffice program; without it (or without pdftotext) the test fails, saying what to install. So it does
    without a font drawn to Times New Roman's widths: LibreOffice would print in a wider one, on more pages."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None or shutil.which("pdftotext") is None:
        pytest.fail(INSTALL, pytrace=False)
    if times_font() not in TIMES_FONTS:
        pytest.fail(INSTALL_FONT.format(found=times_font()), pytrace=False)
    return found


def times_font() -> str:
    """The family fontconfig gives LibreOffice for the appendices' Times New Roman."""
    matched = subprocess.run(["fc-match", "--format=%{family[0]}", appendix_sheet.FONT_NAME], capture_output=True,
                             text=True)
    return matched.stdout.strip()


def test_without_a_font_of_times_widths_the_rendering_tests_fail_saying_what_to_install(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: subprocess.CompletedProcess(args, 0,
                                                                                              "DejaVu Serif", ""))
    with pytest.raises(pytest.fail.Exception, match="DejaVu Serif.*apt-get install fonts-liberation"):
        office_program()


def test_without_libreoffice_the_rendering_tests_fail_saying_what_to_install(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="apt-get install libreoffice-calc-nogui poppler-utils"):
        office_program()


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> tuple[str, Path]:
    """The soffice program and a profile folder of its own (so that runs do not share LibreOffice's lock)."""
    return office_program(), tmp_path_factory.mktemp("office-profile")


def convert(office: tuple[str, Path], source: Path, to: str) -> Path:
    """``source`` converted by LibreOffice (which calculates every formula on the way) into ``to``."""
    program, profile = office
    out = source.parent / f"{to}-out"
    subprocess.run([program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to,
                    "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=300)
    return out / f"{source.stem}.{to}"


@pytest.fixture(scope="module")
def recalculated(office, data, tmp_path_factory):
    """The workbook with one seat of the first district in PL1 2023 (Cao cấp, full-time) raised by 5 by hand,
    saved by openpyxl (which keeps no results) and recalculated by LibreOffice; and the same untouched."""
    folder = tmp_path_factory.mktemp("recalculated")
    untouched = folder / "untouched.xlsx"
    untouched.write_bytes(data)
    edited = openpyxl.load_workbook(io.BytesIO(data))
    edited["PL1 2023"]["H7"] = edited["PL1 2023"]["H7"].value + 5
    edited.save(folder / "edited.xlsx")
    return (openpyxl.load_workbook(convert(office, folder / "edited.xlsx", "xlsx"), data_only=True),
            openpyxl.load_workbook(convert(office, untouched, "xlsx"), data_only=True))


def test_libreoffice_calculates_every_formula_to_the_stored_result(recalculated, data):
    stored = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    _, calculated = recalculated
    for name in APPENDIX_SHEETS:
        mine = [[c.value for c in row] for row in stored[name].iter_rows()]
        theirs = [[c.value for c in row] for row in calculated[name].iter_rows()]
        assert theirs == mine, name


def test_a_seat_edited_by_hand_updates_the_family_row_and_group_totals_the_province_and_the_period(recalculated):
    """H7 (Cao cấp full-time of the first district) +5: its family total G7 and row total M7, the district group
    row 6, the province total and the period sheet's cell and totals all move by 5; the quota row does not."""
    edited, untouched = recalculated
    first, period = edited["PL1 2023"], edited["PL1 2023–2025"]
    before, before_period = untouched["PL1 2023"], untouched["PL1 2023–2025"]
    total = next(r for r in range(6, first.max_row + 1) if first.cell(r, 2).value == "Tổng cộng toàn tỉnh")
    for coordinate in ("H7", "G7", "M7", "H6", "G6", "M6", f"H{total}", f"M{total}"):
        assert first[coordinate].value == before[coordinate].value + 5, coordinate
        assert period[coordinate].value == before_period[coordinate].value + 5, coordinate
    assert first[f"H{total + 1}"].value == before[f"H{total + 1}"].value
    assert edited["PL1 2024"]["H7"].value == untouched["PL1 2024"]["H7"].value


@pytest.fixture(scope="module")
def pdf(office, data, tmp_path_factory) -> Path:
    """The workbook printed to PDF by LibreOffice."""
    source = tmp_path_factory.mktemp("printed") / "allocation.xlsx"
    source.write_bytes(data)
    return convert(office, source, "pdf")


@pytest.fixture(scope="module")
def printed(pdf) -> list[str]:
    """The text of each printed page."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")


def pages_of(printed: list[str], sheet: str) -> list[str]:
    return [page for page in printed if re.search(rf"{re.escape(sheet)} – trang \d+", page)]


def test_each_appendix_sheet_prints_on_at_most_two_pages_with_the_total_and_quota_beside_units(printed, inputs):
    last_unit = inputs.units["name"].iloc[-1]
    for name in APPENDIX_SHEETS:
        pages = pages_of(printed, name)
        assert 1 <= len(pages) <= MAX_PAGES_PER_SHEET, name
        closing = pages[-1]
        assert "Tổng cộng toàn tỉnh" in closing and "Chỉ tiêu được giao" in closing and last_unit in closing
        assert all(re.search(r"^\s*TT\s", page, re.MULTILINE) for page in pages)  # the header on every page


def test_printed_appendix_pages_are_landscape_a4_with_text_of_9_points_or_more(pdf):
    """Measured in the PDF: every word on the appendix pages is at least 9 points tall as printed."""
    words = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout
    pages = words.split("<page ")[1:]
    appendix_pages = [p for p in pages if re.search(r"PL[12] [0-9–]+</word>", p)]
    assert len(appendix_pages) <= MAX_PAGES_PER_SHEET * len(APPENDIX_SHEETS)
    for page in appendix_pages:
        width, height = (float(v) for v in re.match(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        assert (round(width), round(height)) == (842, 595)
        heights = [float(b) - float(a) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"',
                                                                page)]
        # A word's box is the font's full height (about 1.15 em for Times): 9 pt text gives boxes over 10 pt.
        assert min(heights) >= 9 * 1.1
