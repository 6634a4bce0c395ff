"""What the program says while it works, in Vietnamese by default and in English with --lang en."""

from __future__ import annotations

import pickle
import string
from pathlib import Path

import pytest
from test_bad_input import run_cli
from test_cli import scenario_path

from optimizer import api
from optimizer.cli import main
from optimizer.errors import ExitStatus, InfeasibleError, InputError, Place
from optimizer.inputs.data import load_inputs
from optimizer.messages import (
    PHRASES,
    Message,
    failure_text,
    in_language,
    phrase,
    place_text,
    status_words,
)

REPO = Path(__file__).resolve().parent.parent


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(PHRASES))
def test_every_phrase_is_said_in_both_languages_with_the_same_values(key):
    assert set(PHRASES[key]) == {"vi", "en"}
    assert fields(PHRASES[key]["vi"]) == fields(PHRASES[key]["en"])


def test_a_phrase_missing_a_language_is_caught_by_the_field_check():
    assert fields("stage {number}: {value:,}") != fields("giai đoạn {number}")


def test_numbers_follow_each_languages_habit():
    values = dict(name="a", status="ok", seats=12988, out="r", seconds=1.84)
    assert phrase("solved", "en", **values) == "a: ok, 12,988 seats allocated, checked; wrote r/ (1.8 s)"
    assert phrase("solved", "vi", **values) == "a: ok, đã phân bổ 12.988 chỗ, đã kiểm tra; đã ghi r/ (1,8 giây)"


def test_a_value_given_in_both_languages_is_taken_in_the_asked_one():
    meaning = {"vi": "Đào tạo sớm", "en": "Earlier training"}
    message = Message("stage_done", number=1, total=2, name="early_training", meaning=meaning, value=5, bound=5,
                      seconds=0.25)
    assert message.text("vi").startswith("giai đoạn 1/2 Đào tạo sớm (early_training): 5")
    assert "Earlier" not in message.text("vi")


def test_a_message_reads_as_its_english_text_and_survives_a_process_boundary():
    message = Message("part_solved", number=1, total=3, size=1500, seconds=2.0)
    assert message == "part 1/3 (1,500 variables) solved in 2.0 s"
    again = pickle.loads(pickle.dumps(message))
    assert again.text("vi") == message.text("vi") == "phần 1/3 (1.500 biến) đã giải xong trong 2,0 giây"
    assert in_language("plain text", "vi") == "plain text"


def test_a_bad_input_line_keeps_its_english_form_and_has_a_vietnamese_frame():
    error = InputError(Place("demand.csv", 7, "count"), "'x' is not a number", "write digits",
                       problem_vi="'x' không phải là số", fix_vi="hãy ghi bằng chữ số")
    assert failure_text(error, ExitStatus.BAD_INPUT, "en") == (
        "bad input: demand.csv, row 7, column count: 'x' is not a number; write digits")
    assert failure_text(error, ExitStatus.BAD_INPUT, "vi") == (
        "dữ liệu sai: demand.csv, dòng 7, cột count: 'x' không phải là số; hãy ghi bằng chữ số")
    assert place_text(Place("a.yaml", column="caps[0].set"), "vi") == "a.yaml, khóa caps[0].set"
    assert failure_text(InfeasibleError("x"), ExitStatus.INFEASIBLE, "vi") == "không khả thi: x"
    assert status_words("time_limited", "vi") == "dừng ở giới hạn thời gian"


def test_every_plan_warning_of_the_bundled_plan_has_vietnamese_words():
    warnings = load_inputs(REPO / "data" / "nam_dinh_2023_2025").warnings
    assert warnings and all(w.message_vi and w.text("vi") == w.message_vi for w in warnings)
    assert all(w.text("en") == w.message for w in warnings)


def test_solve_speaks_vietnamese_by_default_and_english_when_asked(tmp_path):
    status, out, err = run_cli("solve", str(scenario_path(tmp_path / "in")), "--out", str(tmp_path / "vi"),
                               "--lang", "vi")
    assert status == 0, err
    assert "tối ưu, đã phân bổ" in out and "đã ghi" in out
    assert err.startswith("đang giải tiny") and "  giai đoạn 1/" in err and "đã kiểm tra" in err
    for english in ("solving", "stage ", "seats allocated", "checked:"):
        assert english not in out + err
    status, out, err = run_cli("solve", str(scenario_path(tmp_path / "in2")), "--out", str(tmp_path / "en"))
    assert status == 0 and "optimal" in out and "stage 1/" in err and "giai đoạn" not in err


def test_the_default_language_is_vietnamese(tmp_path, capsys):
    assert main(["validate", str(scenario_path(tmp_path / "in"))]) == 0
    assert ": hợp lệ — " in capsys.readouterr().out


def test_validate_says_the_plan_warnings_in_vietnamese(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    assert main(["validate", "scenarios/baseline.yaml"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith("cảnh báo [") for line in lines[:-1]) and len(lines) > 1
    assert "the plan" not in "\n".join(lines)


def test_bad_input_is_one_vietnamese_line_by_default(tmp_path):
    path = scenario_path(tmp_path / "in")
    path.write_text(path.read_text(encoding="utf-8") + "yeras: [2023]\n", encoding="utf-8")
    status, out, err = run_cli("validate", str(path), "--lang", "vi")
    assert status == 2 and out == ""
    assert err == f"dữ liệu sai: {path}, khóa yeras: khóa không xác định; có phải là 'years'?\n"


def test_every_warning_of_a_replan_has_vietnamese_words_too():
    _, inputs = api.variant(REPO / "scenarios" / "replan_2024.yaml", "replan_2025", plan_from_year=2025)
    codes = {w.code for w in inputs.warnings}
    assert "past_years_kept" in codes
    assert all(w.message_vi and w.text("vi") != w.text("en") for w in inputs.warnings)
