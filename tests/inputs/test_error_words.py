"""Bad input in the planner's language: each broken table and scenario file of the catalogues, run through the
command line with --lang vi, is one line "dữ liệu sai: <file>, dòng N, cột X: <problem>; <fix>" whose problem and
fix are said in Vietnamese; with --lang en it is the English line the catalogues check.

The catalogues are those of ``test_data`` and ``test_bad_input`` (broken tables and scenario files),
``test_bad_tables`` (tables that are hard to read) and ``test_bad_scenarios`` (hostile scenario files). A problem
found by the reader of tables, the cross-table checks, the scenario file's YAML or a single value in it has
Vietnamese words; the cases listed in ``VIETNAMESE_SCENARIO_CASES`` are checked for them (today every scenario case
of the catalogues), a case added later keeps at least the Vietnamese frame until it is listed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from test_bad_input import (
    DATA_CASES,
    SCENARIO_CASES,
    ScenarioFolder,
    assert_bad_input,
    bundled_scenario,
    run_cli,
    tiny_template,  # noqa: F401 - a fixture
)
from test_bad_scenarios import BAD_SCENARIOS
from test_bad_tables import CASES as HARD_TABLE_CASES
from test_submissions import edited, set_cell, small_data, small_template  # noqa: F401 - fixtures

from optimizer.errors import ExitStatus, InputError, Place
from optimizer.files import check_replaceable, not_a_file, not_a_folder, path_problem_vi, write_file
from optimizer.inputs import schema
from optimizer.inputs.data import load_inputs
from optimizer.inputs.intake import import_workbook
from optimizer.inputs.reading import NotWholeNumber, parse_whole_number, vi_number
from optimizer.inputs.scenario_fields import hint, hint_vi
from optimizer.messages import failure_text, place_text

VIETNAMESE_LETTERS = re.compile("[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]",
                                re.IGNORECASE)
# Words any English problem or fix of ours has one of; none is a Vietnamese word written without marks.
ENGLISH_WORDS = re.compile(
    r"\b(the|is|are|not|must|write|use|check|with|has|have|give|add|fix|fill|keep|save|than|more|unknown|missing|"
    r"empty|number|whole|allowed|file|folder|row|column|value|only|of|or|and|for|should|cannot|does|be|it)\b",
    re.IGNORECASE)
# What a message quotes as the planner wrote it: file names, column names and (in quotes) values.
CODES = re.compile(r"'[^']*'|\b(" + "|".join(sorted(
    {re.escape(c.name) for t in schema.ALL_TABLES for c in t.columns} | {re.escape(t.file) for t in schema.ALL_TABLES},
    key=len, reverse=True)) + r")\b")

# A file's path as written or resolved: its folder names are the planner's (or the temporary folder's), not words.
PATHS = re.compile(r"(?<!\S)/\S+")

# The scenario cases whose words are Vietnamese: a problem in the YAML itself or in a single value (a year, a whole
# number, a factor, a date), said by ``scenario_yaml`` and ``scenario_fields``; one in the settings, the what-if
# changes, the pins or a file the scenario names, said by ``scenario``, ``change_words`` and ``scenario_tables``.
VIETNAMESE_SCENARIO_CASES = {
    "yaml_invalid_syntax", "yaml_tab_indentation", "yaml_utf16", "yaml_utf16_without_byte_order_mark",
    "yaml_windows_1258", "years_not_a_list", "year_out_of_range", "release_limit_negative",
    "release_limit_not_a_number", "release_limit_huge", "seed_fractional", "seed_huge", "caps_change_negative_seats",
    "caps_change_huge_seats", "demand_change_negative_scale", "demand_change_fractional_count",
    "merge_date_not_a_date",
    # test_bad_scenarios
    "duplicate_top_level_key", "duplicate_key_inside_a_change", "duplicate_key_in_solver_settings",
    "yes_as_a_boolean", "on_as_a_boolean", "base_60_time_limit", "hexadecimal_seats", "underscore_in_a_number",
    "python_object_tag", "custom_tag", "anchor_and_alias", "deeply_nested", "integer_of_5000_digits",
    "oversize_file",
    # the settings (scenario), the what-if changes (changes, change_words), pins and the files a scenario names
    "yaml_list_not_a_mapping", "yaml_plain_string_not_a_mapping", "yaml_empty_file", "yaml_only_comments",
    "unknown_key_did_you_mean", "missing_required_key", "data_folder_missing", "year_outside_the_data",
    "release_limit_unknown_unit_kind", "release_limit_missing_for_a_kind_in_the_data", "time_limit_zero",
    "time_limit_negative", "time_limit_infinite", "unknown_solver", "unknown_solver_method", "extends_a_missing_file",
    "extends_cycle", "caps_change_for_an_unknown_course", "caps_change_misspelled_operation",
    "caps_change_with_two_operations", "demand_change_for_an_unknown_unit", "demand_change_for_an_unknown_family",
    "demand_replace_file_missing", "merge_into_an_unknown_unit", "split_shares_do_not_add_up",
    "split_unit_name_starting_like_a_formula", "split_unit_id_with_diacritics", "tier_order_with_an_unknown_tier",
    "frozen_actuals_missing", "add_years_from_a_year_without_caps", "name_with_a_path_separator",
    # test_bad_scenarios
    "extends_chain_of_1000_files", "extends_a_file_that_is_not_a_scenario", "demand_replace_outside",
    "frozen_actuals_outside", "reference_outside_by_absolute_path", "reference_through_a_symbolic_link_to_outside",
    "outside_path_named_by_a_parent", "reference_is_a_password_file", "demand_replace_is_not_a_demand_table",
    "frozen_actuals_with_a_foreign_header",
}


def is_vietnamese(text: str) -> bool:
    """Whether a problem or fix is said in Vietnamese: Vietnamese letters, and no English word outside the codes
    and values it quotes."""
    words = PATHS.sub(" ", CODES.sub(" ", text))
    return bool(VIETNAMESE_LETTERS.search(words)) and not ENGLISH_WORDS.search(words)


def vietnamese_line(status: int, out: str, err: str, place: Place, *, words: bool = True) -> str:
    """Exit 2 and one stderr line 'dữ liệu sai: <place in Vietnamese>: <problem>; <fix>', both said in Vietnamese
    when ``words``; the line."""
    assert "Traceback" not in out + err, err
    assert status == ExitStatus.BAD_INPUT, err
    assert err.endswith("\n") and err.count("\n") == 1, err
    prefix = f"dữ liệu sai: {place_text(place, 'vi')}: "
    assert err.startswith(prefix), f"{err!r} does not start with {prefix!r}"
    problem, separator, fix = err[len(prefix):-1].rpartition("; ")
    assert separator and problem.strip() and fix.strip(), err
    if words:
        assert is_vietnamese(problem) and is_vietnamese(fix), err
    return err[:-1]


def test_the_check_tells_vietnamese_from_english_beside_codes_and_values():
    assert is_vietnamese("'maybe' không phải là có hoặc không")
    assert is_vietnamese("các cột của bảng là: tier, rank, name, name_en")
    assert not is_vietnamese("'maybe' is not true or false")
    assert not is_vietnamese("unknown column")  # no Vietnamese letter
    assert not is_vietnamese("tệp trống; check the file")  # one English word is enough
    assert is_vietnamese("tệp /tmp/pytest-of-root/in/the_data.csv không tồn tại")  # a path quotes folder names
    assert not is_vietnamese("tệp /tmp/a.csv is missing")


# --- the catalogues through the command line -------------------------------------------------------------------


@pytest.mark.parametrize("make", DATA_CASES + HARD_TABLE_CASES)
def test_a_broken_table_is_one_vietnamese_line_and_its_english_line_is_unchanged(data_copy, edit, tmp_path, make):
    expect = make(edit)
    scenario = bundled_scenario(tmp_path, data_copy)
    place = Place(str(data_copy / expect.file), expect.row, expect.column)
    vietnamese_line(*run_cli("validate", str(scenario), "--lang", "vi"), place)
    status, out, err = run_cli("validate", str(scenario), "--lang", "en")
    assert_bad_input(status, out, err, place, expect.phrase)


@pytest.mark.parametrize("make", SCENARIO_CASES + BAD_SCENARIOS)
def test_a_broken_scenario_is_one_line_in_the_vietnamese_frame(tmp_path, tiny_template, make, request):  # noqa: F811
    """Every broken scenario: the Vietnamese frame and place; its words too where its module says them."""
    s = ScenarioFolder(tmp_path / "in", tiny_template)
    wanted = make(s)
    place = Place(str(s.folder / wanted.file), wanted.row, wanted.key)
    case = request.node.callspec.id
    vietnamese_line(*run_cli("validate", str(s.path), "--lang", "vi"), place,
                    words=case in VIETNAMESE_SCENARIO_CASES)
    status, out, err = run_cli("validate", str(s.path), "--lang", "en")
    assert_bad_input(status, out, err, place, wanted.phrase)


def test_every_case_said_in_vietnamese_is_in_a_catalogue():
    """A renamed case would silently drop out of the words check."""
    assert VIETNAMESE_SCENARIO_CASES <= {p.id for p in SCENARIO_CASES + BAD_SCENARIOS}


# --- the rules behind many messages ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1,5", "2.5", "12.500", "1.000", "1,000", "2.023", "NaN", "inf", "1e-3", "mười",
                                  "1_000", "12%"])
def test_every_refusal_of_the_whole_number_rule_has_vietnamese_words(text):
    with pytest.raises(NotWholeNumber) as caught:
        parse_whole_number(text)
    assert is_vietnamese(caught.value.problem_vi) and is_vietnamese(caught.value.fix_vi), caught.value.problem_vi
    assert not is_vietnamese(caught.value.problem)


def test_a_number_read_two_ways_is_shown_with_vietnamese_decimals():
    with pytest.raises(NotWholeNumber) as caught:
        parse_whole_number("12.500")
    assert caught.value.problem_vi == ("'12.500' có thể hiểu là 12500 (dấu chấm ngăn cách hàng nghìn) hoặc 12,5 "
                                       "(dấu chấm thập phân)")
    assert caught.value.problem == ("'12.500' reads as 12500 (Vietnamese thousands separator) or as 12.5 (decimal "
                                    "point)")
    assert (vi_number(1_000_000), vi_number(2100), vi_number(12.5)) == ("1.000.000", "2100", "12,5")


def test_what_a_path_is_instead_of_a_file_or_folder_is_said_in_vietnamese(tmp_path):
    (tmp_path / "a.csv").write_text("x\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link").symlink_to(tmp_path / "gone")
    found = {not_a_file(tmp_path), not_a_file(tmp_path / "missing"), not_a_file(tmp_path / "pipe"),
             not_a_file(tmp_path / "link"), not_a_file(Path("/dev/null")), not_a_folder(tmp_path / "a.csv"),
             not_a_folder(tmp_path / "missing"), not_a_folder(tmp_path / "pipe")}
    for problem in found:
        assert is_vietnamese(path_problem_vi(problem)), problem
    assert path_problem_vi("is a folder, not a file") == "là thư mục, không phải tệp"
    assert path_problem_vi("something new") == "something new"  # an unknown problem keeps its words


def test_a_missing_data_folder_is_said_in_vietnamese(tmp_path):
    with pytest.raises(InputError) as caught:
        load_inputs(tmp_path / "no_such_folder")
    assert (caught.value.problem_vi, caught.value.fix_vi) == (
        "thư mục dữ liệu không tồn tại", "hãy kiểm tra đường dẫn 'data' trong kịch bản")


def test_the_fix_for_an_unknown_key_is_said_in_both_languages():
    assert (hint("yeras", {"years", "data"}), hint_vi("yeras", {"years", "data"})) == (
        "did you mean 'years'?", "có phải là 'years'?")
    assert hint_vi("zzz", {"years", "data"}) == "chỉ dùng các khóa: data, years"
    assert is_vietnamese(hint_vi("zzz", {"years", "data"}))


def test_output_folders_and_files_refused_are_said_in_vietnamese(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "plan.xlsx").write_bytes(b"x")
    for refuse in (lambda: check_replaceable(tmp_path / "out"), lambda: check_replaceable(tmp_path / "plan.xlsx"),
                   lambda: write_file(tmp_path / "plan.xlsx", b"y")):
        with pytest.raises(InputError) as caught:
            refuse()
        line = failure_text(caught.value, ExitStatus.BAD_INPUT, "vi")
        assert line.startswith("dữ liệu sai: ") and is_vietnamese(caught.value.problem_vi), line
        assert is_vietnamese(caught.value.fix_vi), line


# --- workbooks ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"unit_id,name\nx,y\n", b"", b"PK\x03\x04 truncated"], ids=["csv", "empty", "zip"])
def test_a_file_that_is_not_a_workbook_is_refused_in_vietnamese(tmp_path, content):
    path = tmp_path / "submission.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        import_workbook(path)
    assert is_vietnamese(caught.value.problem_vi) and is_vietnamese(caught.value.fix_vi), caught.value.problem_vi


def test_a_workbook_problem_found_by_the_loader_keeps_its_vietnamese_words_at_its_sheet(small_template, tmp_path):  # noqa: F811
    path = edited(small_template, tmp_path, lambda book: set_cell(book, "family", 5, "luat"))
    with pytest.raises(InputError) as caught:
        import_workbook(path)
    error = caught.value
    assert error.place == Place(f"{path}, sheet Nhu cầu", 5, "Mã loại hình (C)")
    assert error.fix == "use one listed in sheet 'Loại hình đào tạo'"
    assert (error.problem_vi, error.fix_vi) == ("loại hình đào tạo 'luat' chưa được khai báo",
                                                "hãy dùng một mã có trong trang 'Loại hình đào tạo'")
