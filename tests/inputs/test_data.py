"""The loader: the bundled data, its regeneration, and a catalogue of bad inputs that must each be an InputError."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from optimizer.errors import InputError
from optimizer.inputs import schema, synth
from optimizer.inputs.data import load_inputs

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "data" / "nam_dinh_2023_2025"


@pytest.fixture(scope="module")
def bundled():
    return load_inputs(BUNDLED)


# --- the bundled data --------------------------------------------------------------------------------------


def test_bundled_data_loads_with_the_expected_table_sizes(bundled):
    """It loads the bundled data with 45 units, 19 courses, 90 quota lines and 4 tiers."""
    assert len(bundled.units) == 45
    assert len(bundled.courses) == 19
    assert len(bundled.caps) == 90
    assert len(bundled.tiers) == 4
    assert bundled.plan_years == (2023, 2024, 2025)


def test_bundled_tiers_are_sorted_by_rank(bundled):
    """It orders the tiers by rank, most urgent first."""
    assert list(bundled.tiers.index) == ["serving", "key_post", "leader_pool", "source_pool"]
    assert list(bundled.tiers["rank"]) == [1, 2, 3, 4]


def test_bundled_cap_rows_are_indexed_by_their_file_line(bundled):
    """It indexes quota lines by their line in caps.csv, so messages and reports can point at them."""
    assert bundled.caps.index.min() == 2 and bundled.caps.index.max() == 91
    first = bundled.caps.loc[2]
    assert (first["year"], first["target"], first["seats_max"]) == (2023, "cao_cap", 90)


@pytest.mark.parametrize(
    ("family", "total"),
    [("ld_cap_phong", 1260), ("cap_uy_co_so", 3679), ("can_bo_cap_xa", 3212), ("ld_cap_huyen", 447),
     ("trung_cap", 1000)],
)
def test_bundled_demand_totals_equal_the_plans_structural_counts(bundled, family, total):
    """It carries, per family, exactly the demand the plan's own counts give."""
    assert int(bundled.demand.loc[bundled.demand["family"] == family, "count"].sum()) == total


def test_bundled_division_leader_demand_splits_by_block_as_the_plan_says(bundled):
    """It splits the 1,260 division leaders into 430 in the party block and 830 in government."""
    by_block = bundled.demand[bundled.demand["family"] == "ld_cap_phong"].groupby("block")["count"].sum()
    assert by_block.to_dict() == {"government": 830, "party": 430}


@pytest.mark.parametrize(("family", "seats"), [("cao_cap", 270), ("trung_cap", 750)])
def test_bundled_political_theory_demand_exceeds_the_period_seats(bundled, family, seats):
    """It holds more political-theory demand than the period's seats, so the allocation has to choose."""
    yearly = bundled.caps[(bundled.caps["target"] == family) & (bundled.caps["block"] == "all")]
    period_seats = int(yearly.groupby("year")["seats_max"].min().sum())
    assert period_seats == seats
    assert int(bundled.demand.loc[bundled.demand["family"] == family, "count"].sum()) > seats


def test_bundled_demand_is_what_synth_regenerates_byte_for_byte(tmp_path):
    """It ships the demand table that synth.nam_dinh_demand regenerates from units.csv, byte for byte."""
    units = pd.read_csv(BUNDLED / "units.csv").set_index("unit_id")
    regenerated = tmp_path / "demand.csv"
    synth.write_csv(synth.nam_dinh_demand(units), regenerated)
    assert regenerated.read_bytes() == (BUNDLED / "demand.csv").read_bytes()


def test_loader_records_the_hash_of_every_input_file(bundled):
    """It records the SHA-256 of each input file, in the schema's order (pins.csv only where the folder has one)."""
    expected = tuple((t.file, hashlib.sha256((BUNDLED / t.file).read_bytes()).hexdigest()) for t in schema.ALL_TABLES
                     if (BUNDLED / t.file).exists())
    assert not (BUNDLED / schema.PINS.file).exists() and len(expected) == len(schema.ALL_TABLES) - 1
    assert bundled.file_hashes == expected


def test_loader_never_modifies_input_files(data_copy):
    """It leaves every file of the data folder byte-for-byte as it found them."""

    def digests() -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(data_copy.iterdir())}

    before = digests()
    load_inputs(data_copy)
    assert digests() == before


def test_loader_never_modifies_input_files_it_rejects(data_copy, edit):
    """It leaves the files untouched even when it rejects them."""
    edit.cell("demand.csv", 5, "count", "mười")
    before = {p.name: p.read_bytes() for p in data_copy.iterdir()}
    with pytest.raises(InputError):
        load_inputs(data_copy)
    assert {p.name: p.read_bytes() for p in data_copy.iterdir()} == before


def test_loader_accepts_an_untouched_copy(data_copy):
    """It loads the copy the bad-input tests start from, so each of their failures comes from its one edit."""
    assert len(load_inputs(data_copy).demand) == len(load_inputs(BUNDLED).demand)


def test_loader_skips_blank_lines_but_keeps_line_numbers(data_copy, edit):
    """It ignores blank lines and still reports later rows by their line in the file."""
    fields = edit.raw_line("demand.csv", 6).split(",")
    fields[5] = "-1"
    edit.set_raw_line("demand.csv", 6, ",".join(fields))
    edit.set_raw_line("demand.csv", 3, edit.raw_line("demand.csv", 3) + "\n\n")  # two blank lines after line 3
    with pytest.raises(InputError) as caught:
        load_inputs(data_copy)
    assert (caught.value.place.row, caught.value.place.column) == (8, "count")


def test_loader_accepts_an_optional_column_left_out(data_copy, edit):
    """It accepts units.csv without the optional name_en column."""
    edit.drop_column("units.csv", "name_en")
    inputs = load_inputs(data_copy)
    assert inputs.units["name_en"].isna().all()


def test_loader_reads_a_utf8_file_with_byte_order_mark(data_copy):
    """It reads a file saved as 'CSV UTF-8' by a spreadsheet, byte-order mark included."""
    path = data_copy / "units.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_inputs(data_copy).units.loc["y_yen", "name"] == "Huyện ủy Ý Yên"


def test_loader_reads_vietnamese_and_english_booleans(data_copy, edit):
    """It reads 'có' and 'không' (any case) as true and false."""
    line = edit.line_of("demand.csv", demand_id="tp_nam_dinh.cao_cap.key_post.party")
    edit.cell("demand.csv", line, "full_time_only", "Có")
    edit.cell("demand.csv", line + 1, "full_time_only", "KHÔNG")
    demand = load_inputs(data_copy).demand
    assert demand.loc["tp_nam_dinh.cao_cap.key_post.party", "full_time_only"]
    assert not demand.loc["tp_nam_dinh.cao_cap.leader_pool.party.ft", "full_time_only"]


# --- a catalogue of bad inputs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """Where the error must point, and a phrase its message must contain."""

    file: str
    row: int | None
    column: str | None
    phrase: str


CASES = []


def case(name: str):
    def register(make):
        CASES.append(pytest.param(make, id=name))
        return make

    return register


@case("missing_file")
def _(e) -> Expect:
    (e.folder / "tiers.csv").unlink()
    return Expect("tiers.csv", None, None, "the file is missing")


@case("empty_file")
def _(e):
    e.write_bytes("families.csv", b"")
    return Expect("families.csv", None, None, "the file is empty")


@case("only_blank_lines")
def _(e):
    e.write_bytes("courses.csv", b"\n  \n,,,\n")
    return Expect("courses.csv", None, None, "the file is empty")


@case("header_only_caps")
def _(e):
    e.write_bytes("caps.csv", (e.folder / "caps.csv").read_bytes().split(b"\n")[0] + b"\n")
    return Expect("caps.csv", None, None, "has no rows")


@case("missing_required_column")
def _(e):
    e.drop_column("units.csv", "kind")
    return Expect("units.csv", 1, "kind", "required column is missing")


@case("misspelled_column")
def _(e):
    e.rename_column("demand.csv", "deadline_year", "deadline_yaer")
    return Expect("demand.csv", 1, "deadline_yaer", "did you mean 'deadline_year'?")


@case("unknown_column")
def _(e):
    e.rename_column("tiers.csv", "name_en", "ghi_chu")
    return Expect("tiers.csv", 1, "ghi_chu", "the columns are: tier, rank, name, name_en")


@case("duplicated_column")
def _(e):
    lines = e.read_text("tiers.csv").rstrip("\n").split("\n")
    lines = [lines[0] + ",rank"] + [line + ",9" for line in lines[1:]]
    e.write_bytes("tiers.csv", ("\n".join(lines) + "\n").encode())
    return Expect("tiers.csv", 1, "rank", "the column appears twice")


@case("utf16_file")
def _(e):
    e.write_bytes("units.csv", e.read_text("units.csv").encode("utf-16"))
    return Expect("units.csv", None, None, "UTF-16")


@case("utf16_file_without_byte_order_mark")
def _(e):
    e.write_bytes("tiers.csv", e.read_text("tiers.csv").encode("utf-16-le"))
    return Expect("tiers.csv", None, None, "UTF-16")


def _windows_1258(text: str) -> bytes:
    """Encode Vietnamese as Windows-1258 does: letters like â, ơ, đ precomposed, the five tones as combining marks."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
            out.append((base + "".join(p for p in parts if p in tones)).encode("cp1258"))
    return b"".join(out)


@case("windows_1258_file")
def _(e):
    e.write_bytes("units.csv", _windows_1258(e.read_text("units.csv")))
    return Expect("units.csv", 2, None, "not UTF-8")


@case("cp1252_bytes_in_one_row")
def _(e):
    e.write_bytes("units.csv", (e.folder / "units.csv").read_bytes() + "cafe,Café,Café,mass_org\n".encode("cp1252"))
    return Expect("units.csv", 47, None, "not UTF-8")


@case("too_many_fields")
def _(e):
    e.set_raw_line("demand.csv", 10, e.raw_line("demand.csv", 10) + ",extra")
    return Expect("demand.csv", 10, None, "has 10 fields but the header has 9")


@case("too_few_fields")
def _(e):
    e.set_raw_line("caps.csv", 8, e.raw_line("caps.csv", 8).split(",", 1)[1])
    return Expect("caps.csv", 8, None, "fields but the header has 9")


@case("duplicate_unit_id")
def _(e):
    line = e.append("units.csv", {"unit_id": "my_loc", "name": "Huyện ủy Mỹ Lộc (bản sao)", "kind": "district"})
    return Expect("units.csv", line, "unit_id", "'my_loc' appears more than once")


@case("duplicate_demand_id")
def _(e):
    line = e.append("demand.csv", e.row("demand.csv", 2))
    return Expect("demand.csv", line, "demand_id", "appears more than once")


@case("duplicate_target_key")
def _(e):
    line = e.append("targets.csv", e.row("targets.csv", 2))
    return Expect("targets.csv", line, "family/tier/year", "'cao_cap, serving, 2023' appears more than once")


@case("negative_count")
def _(e):
    e.cell("demand.csv", 7, "count", "-3")
    return Expect("demand.csv", 7, "count", "'-3' is negative")


@case("fractional_count")
def _(e):
    e.cell("demand.csv", 8, "count", "2.5")
    return Expect("demand.csv", 8, "count", "'2.5' is not a whole number")


@case("count_in_words")
def _(e):
    e.cell("demand.csv", 9, "count", "mười")
    return Expect("demand.csv", 9, "count", "'mười' is not a number")


@case("nan_text")
def _(e):
    e.cell("demand.csv", 11, "count", "NaN")
    return Expect("demand.csv", 11, "count", "'NaN' is not a number")


@case("infinite_count")
def _(e):
    e.cell("demand.csv", 12, "count", "inf")
    return Expect("demand.csv", 12, "count", "'inf' is not a finite number")


@case("huge_count")
def _(e):
    e.cell("demand.csv", 13, "count", 10**9)
    return Expect("demand.csv", 13, "count", "'1000000000' is implausibly large")


@case("blank_count")
def _(e):
    e.cell("demand.csv", 14, "count", "")
    return Expect("demand.csv", 14, "count", "is empty")


@case("year_before_2000")
def _(e):
    e.cell("caps.csv", 3, "year", 1999)
    return Expect("caps.csv", 3, "year", "'1999' is below 2000")


@case("id_with_diacritics")
def _(e):
    e.cell("units.csv", 10, "unit_id", "hải_hậu")
    return Expect("units.csv", 10, "unit_id", "'hải_hậu' is not a valid id")


@case("blank_unit_name")
def _(e):
    e.cell("units.csv", 6, "name", " ")
    return Expect("units.csv", 6, "name", "is empty")


@case("unknown_unit_in_demand")
def _(e):
    e.cell("demand.csv", 20, "unit_id", "ha_noi")
    return Expect("demand.csv", 20, "unit_id", "unknown unit_id 'ha_noi'")


@case("unknown_family_in_demand")
def _(e):
    e.cell("demand.csv", 21, "family", "cao_capp")
    return Expect("demand.csv", 21, "family", "unknown family 'cao_capp'")


@case("unknown_family_in_courses")
def _(e):
    e.cell("courses.csv", 4, "family", "trung_capp")
    return Expect("courses.csv", 4, "family", "unknown family 'trung_capp'")


@case("unknown_tier_in_demand")
def _(e):
    e.cell("demand.csv", 22, "tier", "reserve")
    return Expect("demand.csv", 22, "tier", "unknown tier 'reserve'")


@case("unknown_tier_in_targets")
def _(e):
    e.cell("targets.csv", 5, "tier", "reserve")
    return Expect("targets.csv", 5, "tier", "unknown tier 'reserve'")


@case("unknown_block_in_demand")
def _(e):
    e.cell("demand.csv", 23, "block", "all")
    return Expect("demand.csv", 23, "block", "'all' is not allowed")


@case("deadline_before_earliest_year")
def _(e):
    e.cell("demand.csv", 24, "earliest_year", 2025)
    e.cell("demand.csv", 24, "deadline_year", 2024)
    return Expect("demand.csv", 24, "deadline_year", "deadline 2024 is before the earliest year 2025")


@case("demand_years_after_the_plan")
def _(e):
    e.cell("demand.csv", 25, "earliest_year", 2026)
    e.cell("demand.csv", 25, "deadline_year", 2028)
    return Expect("demand.csv", 25, "earliest_year", "lie outside the plan's years 2023–2025")


@case("demand_years_before_the_plan")
def _(e):
    e.cell("demand.csv", 26, "earliest_year", 2020)
    e.cell("demand.csv", 26, "deadline_year", 2022)
    return Expect("demand.csv", 26, "earliest_year", "lie outside the plan's years 2023–2025")


@case("caps_target_unknown")
def _(e):
    e.cell("caps.csv", 15, "target", "tieng_anh")
    return Expect("caps.csv", 15, "target", "unknown course or family 'tieng_anh'")


@case("caps_seats_min_above_seats_max")
def _(e):
    line = e.line_of("caps.csv", year="2024", target="trung_cap", seats_min="250")
    e.cell("caps.csv", line, "seats_min", 400)
    return Expect("caps.csv", line, "seats_min", "seats_min 400 is greater than seats_max 300")


@case("caps_classes_min_above_classes_max")
def _(e):
    line = e.line_of("caps.csv", year="2025", target="can_bo_cap_xa", classes_min="10")
    e.cell("caps.csv", line, "classes_min", 20)
    return Expect("caps.csv", line, "classes_min", "classes_min 20 is greater than classes_max 15")


@case("classes_limited_for_one_block")
def _(e):
    line = e.line_of("caps.csv", year="2023", target="ld_cap_phong", block="party")
    e.cell("caps.csv", line, "classes_max", 3)
    return Expect("caps.csv", line, "block", "classes are limited for one block only")


@case("class_limits_for_a_course_without_classes")
def _(e):
    line = e.line_of("caps.csv", year="2023", target="qpan_dt2")
    e.cell("caps.csv", line, "classes_max", 1)
    return Expect("caps.csv", line, "classes_max", "'qpan_dt2' has no classes")


@case("cap_row_that_limits_nothing")
def _(e):
    line = e.line_of("caps.csv", year="2024", target="bd_ngoai_ngu")
    e.cell("caps.csv", line, "seats_max", "")
    return Expect("caps.csv", line, "seats_max", "the row limits nothing")


@case("course_with_only_class_size_min")
def _(e):
    line = e.line_of("courses.csv", course_id="ld_cap_so")
    e.cell("courses.csv", line, "class_size_min", 30)
    return Expect("courses.csv", line, "class_size_max", "only one class size bound is given")


@case("course_with_only_class_size_max")
def _(e):
    line = e.line_of("courses.csv", course_id="ld_cap_so")
    e.cell("courses.csv", line, "class_size_max", 50)
    return Expect("courses.csv", line, "class_size_min", "only one class size bound is given")


@case("class_size_min_above_class_size_max")
def _(e):
    line = e.line_of("courses.csv", course_id="trung_cap_tt")
    e.cell("courses.csv", line, "class_size_min", 70)
    return Expect("courses.csv", line, "class_size_min", "class_size_min is greater than class_size_max")


@case("zero_month_course")
def _(e):
    e.cell("courses.csv", 9, "duration_months", 0)
    return Expect("courses.csv", 9, "duration_months", "'0' is below 1")


@case("tiers_with_the_same_rank")
def _(e):
    e.cell("tiers.csv", 4, "rank", 2)
    return Expect("tiers.csv", 4, "rank", "rank 2 is used by two tiers")


@case("unknown_unit_kind")
def _(e):
    e.cell("units.csv", 12, "kind", "hamlet")
    return Expect("units.csv", 12, "kind", "'hamlet' is not allowed")


@case("unit_name_starting_like_a_formula")
def _(e):
    e.cell("units.csv", 8, "name", '=HYPERLINK("http://x","Huyện ủy")')
    return Expect("units.csv", 8, "name", "starts like a spreadsheet formula")


@case("full_time_only_without_a_full_time_course")
def _(e):
    line = e.line_of("demand.csv", family="thac_si")
    e.cell("demand.csv", line, "full_time_only", "true")
    return Expect("demand.csv", line, "full_time_only", "family 'thac_si' has no full-time course")


@case("target_share_above_one")
def _(e):
    e.cell("targets.csv", 30, "target_share", 1.5)
    return Expect("targets.csv", 30, "target_share", "'1.5' is not a share between 0 and 1")


@case("target_share_as_percent_text")
def _(e):
    e.cell("targets.csv", 31, "target_share", "80%")
    return Expect("targets.csv", 31, "target_share", "'80%' is not a number")


@case("target_year_outside_the_plan")
def _(e):
    e.cell("targets.csv", 40, "year", 2026)
    return Expect("targets.csv", 40, "year", "year 2026 is outside the plan's years 2023–2025")


@case("family_no_course_serves")
def _(e):
    line = e.append("families.csv", {"family": "luat", "name": "Cử nhân Luật", "group": "degree"})
    return Expect("families.csv", line, "family", "no course serves family 'luat'")


@case("unknown_family_group")
def _(e):
    e.cell("families.csv", 3, "group", "theory")
    return Expect("families.csv", 3, "group", "'theory' is not allowed")


@case("bad_boolean_in_demand")
def _(e):
    e.cell("demand.csv", 30, "full_time_only", "maybe")
    return Expect("demand.csv", 30, "full_time_only", "'maybe' is not true or false")


@case("bad_boolean_in_caps")
def _(e):
    e.cell("caps.csv", 2, "provisional", "maybe")
    return Expect("caps.csv", 2, "provisional", "'maybe' is not true or false")


@case("plan_figure_for_an_unknown_course")
def _(e):
    line = e.line_of("plan_figures.csv", figure_id="trung_cap_total")
    e.cell("plan_figures.csv", line, "target", "trung_capp")
    return Expect("plan_figures.csv", line, "target", "unknown course or family 'trung_capp'")


@case("multi_line_cell_in_a_number_column")
def _(e):
    fields = e.raw_line("demand.csv", 15).split(",")
    fields[5] = '"1\n2"'  # a cell typed with Alt+Enter in a spreadsheet
    e.set_raw_line("demand.csv", 15, ",".join(fields))
    return Expect("demand.csv", 15, "count", "is not a number")


@case("multi_line_record_with_an_extra_field")
def _(e):
    e.set_raw_line("caps.csv", 12, e.raw_line("caps.csv", 12) + ',"ghi chú\ndòng hai"')
    return Expect("caps.csv", 12, None, "has 10 fields but the header has 9")


@case("multi_line_header_cell")
def _(e):
    e.set_raw_line("tiers.csv", 1, 'tier,rank,"name\n(tiếng Việt)",name_en')
    return Expect("tiers.csv", 1, "name (tiếng Việt)", "unknown column")


def test_catalogue_holds_at_least_25_distinct_bad_inputs():
    """It keeps the bad-input catalogue at 25 cases or more, each under its own name."""
    names = [p.id for p in CASES]
    assert len(names) >= 25 and len(set(names)) == len(names)


@pytest.mark.parametrize("make", CASES)
def test_bad_input_is_an_input_error_naming_file_row_and_column(data_copy, edit, make):
    """It rejects each bad input with a one-line InputError naming the file, the row and the column."""
    expect = make(edit)
    with pytest.raises(InputError) as caught:
        load_inputs(data_copy)
    error = caught.value
    message = str(error)
    assert Path(error.place.file).name == expect.file
    assert expect.file in message
    assert error.place.row == expect.row, message
    if expect.column is not None:
        assert error.place.column == expect.column, message
    if expect.row is not None:
        assert f"row {expect.row}" in message
    assert expect.phrase in message
    assert "\n" not in message and "\r" not in message, message
    assert error.problem and error.fix


def test_missing_data_folder_is_an_input_error(tmp_path):
    """It rejects a data folder that does not exist, naming it."""
    with pytest.raises(InputError) as caught:
        load_inputs(tmp_path / "no_such_folder")
    assert "no_such_folder" in str(caught.value) and "does not exist" in str(caught.value)
