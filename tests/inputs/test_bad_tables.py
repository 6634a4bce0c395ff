"""Input tables that are hard to read: numbers with separators, files that cannot be parsed as CSV, files past
the size limits, other separators, things that are not files, invisible characters and Excel's empty columns.

Each broken table goes through ``solve`` on a broken copy of the bundled data, as in ``test_bad_input``: exit 2,
one line naming the file (row, column) and the fix, and nothing under the test's folder changed. Then the
forms that ARE read (``1.000.000``, ``12,0``, NFD letters, trailing empty columns) and the limits' speed.
"""

from __future__ import annotations

import os
import threading
import time
import unicodedata
from pathlib import Path

import pytest
from test_bad_input import (
    assert_bad_input,
    bundled_scenario,
    run_cli,
    solve_and_expect_failure,
)
from test_data import Expect

from optimizer.errors import InputError, Place
from optimizer.inputs import reading
from optimizer.inputs.data import load_inputs
from optimizer.inputs.reading import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_LINE_CHARS,
    MAX_ROWS,
    parse_whole_number,
)

CASES = []


def case(name: str):
    def register(make):
        CASES.append(pytest.param(make, id=name))
        return make

    return register


# --- whole numbers with separators ----------------------------------------------------------------------------


@case("count_1.000_vietnamese_thousands_or_one")
def _(e) -> Expect:
    e.cell("demand.csv", 40, "count", "1.000")
    return Expect("demand.csv", 40, "count",
                  "'1.000' reads as 1000 (Vietnamese thousands separator) or as 1 (decimal point); "
                  "write 1000 or 1 without separators")


@case("count_12.500_thousands_or_a_fraction")
def _(e):
    e.cell("demand.csv", 41, "count", "12.500")
    return Expect("demand.csv", 41, "count", "'12.500' reads as 12500 (Vietnamese thousands separator) or as 12.5")


@case("count_1,000_thousands_or_vietnamese_decimal")
def _(e):
    e.cell("demand.csv", 42, "count", "1,000")
    return Expect("demand.csv", 42, "count", "'1,000' reads as 1000 (thousands separator) or as 1 (Vietnamese "
                                             "decimal comma)")


@case("count_1,5_decimal_comma")
def _(e):
    e.cell("demand.csv", 43, "count", "1,5")
    return Expect("demand.csv", 43, "count", "'1,5' is 1.5, not a whole number")


@case("duration_12,5_months")
def _(e):
    e.cell("courses.csv", 5, "duration_months", "12,5")
    return Expect("courses.csv", 5, "duration_months", "'12,5' is 12.5, not a whole number")


@case("year_2.023_with_a_separator")
def _(e):
    e.cell("caps.csv", 5, "year", "2.023")
    return Expect("caps.csv", 5, "year", "'2.023' reads as 2023 (Vietnamese thousands separator) or as 2.023")


@case("seats_max_1.200")
def _(e):
    e.cell("caps.csv", 6, "seats_max", "1.200")
    return Expect("caps.csv", 6, "seats_max", "'1.200' reads as 1200")


@case("plan_figure_value_1,000")
def _(e):
    line = e.line_of("plan_figures.csv", figure_id="trung_cap_total")
    e.cell("plan_figures.csv", line, "value", "1,000")
    return Expect("plan_figures.csv", line, "value", "'1,000' reads as 1000")


# --- CSV that cannot be parsed, and the limits ------------------------------------------------------------------


@case("quote_never_closed")
def _(e):
    e.set_raw_line("tiers.csv", 3, e.raw_line("tiers.csv", 3).replace(",Quy", ',"Quy'))
    return Expect("tiers.csv", 3, None, "a quote (\") opened in this row is never closed")


@case("cell_over_the_csv_modules_field_limit")
def _(e):
    fields = e.raw_line("units.csv", 5).split(",")
    fields[1] = '"' + ("x" * 99 + "\n") * 1500 + '"'  # 150,000 characters over 1,500 lines
    e.set_raw_line("units.csv", 5, ",".join(fields))
    return Expect("units.csv", 5, None, "cannot be read as CSV (field larger than field limit")


@case("cell_over_the_cell_limit")
def _(e):
    e.cell("units.csv", 7, "name", "x" * (MAX_CELL_CHARS + 10_000))
    return Expect("units.csv", 7, "name", "a cell is 20,000 characters long, more than the limit of 10,000")


@case("line_over_the_line_limit")
def _(e):
    e.cell("units.csv", 8, "name_en", "y" * (MAX_LINE_CHARS + 50_000))
    return Expect("units.csv", 8, None, "the line is longer than the limit of 200,000 characters")


@case("more_rows_than_the_limit")
def _(e):
    lines = e.read_text("demand.csv").split("\n")
    e.write_bytes("demand.csv", (lines[0] + "\n" + (lines[1] + "\n") * (MAX_ROWS + 1)).encode())
    return Expect("demand.csv", MAX_ROWS + 2, None, "the table has more than 500,000 rows")


# --- other separators, things that are not files -----------------------------------------------------------------


@case("semicolon_separated")
def _(e):
    e.write_bytes("units.csv", e.read_text("units.csv").replace(",", ";").encode())
    return Expect("units.csv", 1, None, "the file is separated by semicolons (;); save it as 'CSV UTF-8 (comma "
                                        "delimited)'")


@case("tab_separated")
def _(e):
    e.write_bytes("tiers.csv", e.read_text("tiers.csv").replace(",", "\t").encode())
    return Expect("tiers.csv", 1, None, "the file is separated by tabs")


@case("folder_instead_of_a_file")
def _(e):
    (e.folder / "tiers.csv").unlink()
    (e.folder / "tiers.csv").mkdir()
    return Expect("tiers.csv", None, None, "is a folder, not a file")


@case("device_instead_of_a_file")
def _(e):
    (e.folder / "families.csv").unlink()
    (e.folder / "families.csv").symlink_to("/dev/null")
    return Expect("families.csv", None, None, "is a device, not a file")


# --- invisible characters ------------------------------------------------------------------------------------------


@case("zero_width_space_in_a_unit_id")
def _(e):
    e.cell("demand.csv", 30, "unit_id", "my_loc\u200b")
    return Expect("demand.csv", 30, "unit_id", "'my_loc<U+200B>' contains an invisible character U+200B ZERO "
                                               "WIDTH SPACE")


@case("byte_order_mark_inside_a_tier_id")
def _(e):
    e.cell("tiers.csv", 3, "tier", "\ufeffkey_post")
    return Expect("tiers.csv", 3, "tier", "invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE")


@case("soft_hyphen_in_a_family_id")
def _(e):
    e.cell("families.csv", 2, "family", "cao\u00adcap")
    return Expect("families.csv", 2, "family", "invisible character U+00AD SOFT HYPHEN")


@case("word_joiner_in_a_course_id")
def _(e):
    e.cell("courses.csv", 4, "course_id", "x\u2060y")
    return Expect("courses.csv", 4, "course_id", "invisible character U+2060 WORD JOINER")


@case("zero_width_space_in_a_choice")
def _(e):
    e.cell("demand.csv", 31, "block", "party\u200b")
    return Expect("demand.csv", 31, "block", "invisible character U+200B")


@case("zero_width_non_joiner_in_a_yes_no_cell")
def _(e):
    e.cell("demand.csv", 32, "full_time_only", "true\u200c")
    return Expect("demand.csv", 32, "full_time_only", "invisible character U+200C ZERO WIDTH NON-JOINER")


@case("zero_width_space_in_a_count")
def _(e):
    e.cell("demand.csv", 33, "count", "1\u200b2")
    return Expect("demand.csv", 33, "count", "invisible character U+200B")


@case("zero_width_space_in_a_header")
def _(e):
    e.rename_column("demand.csv", "count", "\u200bcount")
    return Expect("demand.csv", 1, "<U+200B>count", "the column name contains an invisible character U+200B")


# --- empty header names ---------------------------------------------------------------------------------------------


@case("empty_header_name_between_columns")
def _(e):
    e.rename_column("tiers.csv", "name", "")
    return Expect("tiers.csv", 1, "3", "the column has no name in the header")


@case("value_under_a_trailing_empty_header")
def _(e):
    lines = e.read_text("units.csv").rstrip("\n").split("\n")
    lines = [line + ",," for line in lines]
    lines[9] += "ghi chú"
    e.write_bytes("units.csv", ("\n".join(lines) + "\n").encode())
    return Expect("units.csv", 10, None, "field 6 has a value but its column has no header")


def test_catalogue_holds_at_least_25_distinct_cases():
    names = [p.id for p in CASES]
    assert len(names) >= 25 and len(set(names)) == len(names)


@pytest.mark.parametrize("make", CASES)
def test_hard_table_through_solve_is_one_line_exit_2_and_writes_nothing(data_copy, edit, tmp_path, make):
    """Each hard table: exit 2, one line naming file (row, column), the problem and the fix; no --out folder;
    every input byte as it was."""
    expect = make(edit)
    scenario = bundled_scenario(tmp_path, data_copy)
    place = Place(str(data_copy / expect.file), expect.row, expect.column)
    solve_and_expect_failure(scenario, tmp_path / "out", tmp_path, place, expect.phrase)
    assert not (tmp_path / "out").exists()


def test_a_named_pipe_is_reported_and_never_opened(data_copy, tmp_path):
    """A FIFO where tiers.csv should be: named as a pipe, at once (opening it would wait for a writer forever)."""
    fifo = data_copy / "tiers.csv"
    fifo.unlink()
    os.mkfifo(fifo)
    scenario = bundled_scenario(tmp_path, data_copy)
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(result=run_cli("solve", str(scenario), "--out",
                                                                           str(tmp_path / "out"))), daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "the loader opened the named pipe and waits on it"
    assert_bad_input(*outcome["result"], Place(str(fifo)), "is a named pipe (FIFO), not a file")
    assert not (tmp_path / "out").exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(data_copy, tmp_path):
    """A caps.csv one byte over the limit (a sparse file: no disk used) is refused from its size alone."""
    path = data_copy / "caps.csv"
    with path.open("r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    before = path.stat()
    scenario = bundled_scenario(tmp_path, data_copy)
    started = time.monotonic()
    status, out, err = run_cli("solve", str(scenario), "--out", str(tmp_path / "out"))
    assert time.monotonic() - started < 30
    assert_bad_input(status, out, err, Place(str(path)), "the file is 200 MB, more than the limit of 200 MB")
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert not (tmp_path / "out").exists()


def test_a_million_row_demand_table_is_refused_within_seconds(data_copy):
    """A demand.csv of a million rows stops at the row limit: seconds, not the minutes a full parse takes."""
    lines = (data_copy / "demand.csv").read_text(encoding="utf-8").split("\n")
    (data_copy / "demand.csv").write_text(lines[0] + "\n" + (lines[1] + "\n") * 1_000_000, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(InputError, match="more than 500,000 rows") as caught:
        load_inputs(data_copy)
    assert time.monotonic() - started < 30
    assert caught.value.place.row == MAX_ROWS + 2


# --- what is read ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "number"), [
    ("2023", 2023), ("-3", -3), ("+5", 5), ("1.234.567", 1234567), ("1,234,567", 1234567), ("1 000", 1000),
    ("1\u00a0000", 1000), ("1\u202f234\u202f567", 1234567), ("12.0", 12), ("2023.0", 2023), ("12,0", 12),
    ("12,00", 12), ("1234.000", 1234), ("0.000", 0), ("1e3", 1000),
])
def test_whole_number_rule_reads(text, number):
    assert parse_whole_number(text) == number


@pytest.mark.parametrize(("text", "problem"), [
    ("1.000", "'1.000' reads as 1000 (Vietnamese thousands separator) or as 1 (decimal point)"),
    ("12.500", "'12.500' reads as 12500 (Vietnamese thousands separator) or as 12.5 (decimal point)"),
    ("1,000", "'1,000' reads as 1000 (thousands separator) or as 1 (Vietnamese decimal comma)"),
    ("1,5", "'1,5' is 1.5, not a whole number"), ("1.5", "'1.5' is not a whole number"),
    ("12.50", "'12.50' is 12.5, not a whole number"), ("1.234.56", "'1.234.56' is not a number"),
    ("1_000", "'1_000' is not a number"), ("١٢", "'١٢' is not a number"), ("NaN", "'NaN' is not a number"),
    ("inf", "'inf' is not a finite number"),
])
def test_whole_number_rule_refuses(text, problem):
    with pytest.raises(reading.NotWholeNumber) as caught:
        parse_whole_number(text)
    assert caught.value.problem == problem


def test_counts_and_years_with_unambiguous_separators_are_read(data_copy, edit):
    edit.cell("demand.csv", 40, "count", "1.000.000")
    edit.cell("demand.csv", 41, "count", "12,0")
    edit.cell("demand.csv", 42, "count", "1 000")
    edit.cell("demand.csv", 43, "count", "\u00a07\u00a0")
    edit.cell("demand.csv", 44, "earliest_year", "2023,0")
    ids = [edit.row("demand.csv", line)["demand_id"] for line in (40, 41, 42, 43, 44)]
    demand = load_inputs(data_copy).demand
    assert [int(demand.loc[i, "count"]) for i in ids[:4]] == [1_000_000, 12, 1000, 7]
    assert int(demand.loc[ids[4], "earliest_year"]) == 2023


def test_decomposed_letters_read_as_composed(data_copy, edit):
    """A name typed in NFD (as Mac and some web pages give it) is read in NFC, equal to the same name typed here."""
    line = edit.line_of("units.csv", unit_id="y_yen")
    edit.cell("units.csv", line, "name", unicodedata.normalize("NFD", "Huyện ủy Ý Yên"))
    edit.cell("tiers.csv", 2, "name", unicodedata.normalize("NFD", "Đương chức chưa đạt chuẩn"))
    inputs = load_inputs(data_copy)
    assert inputs.units.loc["y_yen", "name"] == "Huyện ủy Ý Yên"
    assert unicodedata.is_normalized("NFC", inputs.tiers.loc["serving", "name"])


def test_invisible_characters_are_dropped_from_free_text(data_copy, edit):
    """Names are read by people and never matched: invisible characters in them are dropped, not refused."""
    line = edit.line_of("units.csv", unit_id="y_yen")
    edit.cell("units.csv", line, "name", "Huyện\u200b ủy Ý\u00ad Yên\ufeff")
    assert load_inputs(data_copy).units.loc["y_yen", "name"] == "Huyện ủy Ý Yên"


def test_trailing_empty_columns_from_excel_are_ignored(data_copy, edit):
    """Excel saves the empty columns right of a table as trailing commas, header included: they are ignored."""
    for file in ("units.csv", "demand.csv"):
        lines = edit.read_text(file).rstrip("\n").split("\n")
        edit.write_bytes(file, ("\n".join(line + ",,," for line in lines) + "\n").encode())
    inputs = load_inputs(data_copy)
    assert inputs.units.loc["y_yen", "name"] == "Huyện ủy Ý Yên"
    assert len(inputs.demand) == len(load_inputs(Path(__file__).resolve().parents[2] / "data"
                                                 / "nam_dinh_2023_2025").demand)
