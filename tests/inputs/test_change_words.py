"""The Vietnamese words of the changes', pins' and settings' messages: matched whole, quoted values carried over,
and English kept where no words are known."""

import pytest

from optimizer.errors import Place
from optimizer.inputs.change_words import FIXES_VI, PROBLEMS_VI, refused, said_vi


@pytest.mark.parametrize(("english", "vietnamese"), [
    ("unknown unit 'vu_x'", "đơn vị 'vu_x' chưa được khai báo"),
    ("no quota line of 'cc' (block khoi_dang) in the selected years",
     "không có dòng chỉ tiêu nào của 'cc' (khối khoi_dang) trong các năm đã chọn"),
    ("no quota line of 'cc' in the selected years", "không có dòng chỉ tiêu nào của 'cc' trong các năm đã chọn"),
    ("the file /d/new.csv does not exist", "tệp /d/new.csv không tồn tại"),
    ("the file /d/x is a folder, not a file", "tệp /d/x là thư mục, không phải tệp"),
])
def test_a_problem_is_said_in_vietnamese_with_its_values_as_written(english, vietnamese):
    assert said_vi(english, PROBLEMS_VI) == vietnamese


def test_a_narrower_fix_wins_over_a_wider_one():
    assert said_vi("write e.g. 1 or -1", FIXES_VI) == "hãy ghi, ví dụ, 1 hoặc -1"
    assert said_vi("write e.g. {count: 3}", FIXES_VI) == "hãy ghi, ví dụ, {count: 3}"


def test_a_text_without_words_keeps_its_english_and_only_whole_texts_match():
    error = refused(Place("s.yaml", column="caps[0]"), "something new", "unknown key")
    assert (error.problem, error.fix, error.problem_vi, error.fix_vi) == ("something new", "unknown key", "", "")
    assert said_vi("unknown key, really", PROBLEMS_VI) == ""
