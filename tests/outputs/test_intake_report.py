"""import_report.xlsx: a summary of who sent what, and one sheet of problems per unit to send back."""

from __future__ import annotations

import io

import openpyxl

from optimizer.inputs.unit_intake import Intake, Problem, Received
from optimizer.outputs.intake_report import intake_report, is_intake_report


def intake(problems=(), lang="vi") -> Intake:
    received = (Received("a", "Huyện ủy Ý Yên", "in/huyen_uy_y_yen.xlsx", 3, 12, 2),
                Received("b", "Sở Tư pháp", None, 0, 0, 1),
                Received("c", "Sở Nội vụ", "in/so_noi_vu.xlsx", 4, 9, 0))
    return Intake(tuple(problems), received, {}, ("in/huyen_uy_y_yen.xlsx", "in/so_noi_vu.xlsx"), lang)


PROBLEMS = (Problem("a", "Huyện ủy Ý Yên", "in/huyen_uy_y_yen.xlsx", "Nhu cầu", "E5", "'mười' không phải số nguyên",
                    "ghi bằng chữ số"),
            Problem("a", "Huyện ủy Ý Yên", "in/huyen_uy_y_yen.xlsx", "Nhu cầu", "C7", "'x' không có trong danh sách",
                    "chọn trong danh sách"),
            Problem("b", "Sở Tư pháp", "so_tu_phap.xlsx", None, None, "đơn vị chưa gửi tệp nhu cầu", "nhận tệp"),
            Problem(None, "", "in/la.xlsx", None, None, "không xác định được đơn vị", "dùng tệp mẫu"))


def test_the_report_has_a_summary_and_one_sheet_per_unit_with_problems():
    book = openpyxl.load_workbook(io.BytesIO(intake_report(intake(PROBLEMS))))
    assert book.sheetnames == ["Tổng hợp", "Huyện ủy Ý Yên", "Sở Tư pháp", "Không rõ đơn vị"]
    rows = [[c.value for c in row] for row in book["Huyện ủy Ý Yên"].iter_rows(min_row=5)]
    assert rows == [[1, "huyen_uy_y_yen.xlsx", "Nhu cầu", "E5", "'mười' không phải số nguyên.", "Ghi bằng chữ số."],
                    [2, "huyen_uy_y_yen.xlsx", "Nhu cầu", "C7", "'x' không có trong danh sách.",
                     "Chọn trong danh sách."]]
    summary = {row[1]: row[3:] for row in book["Tổng hợp"].iter_rows(min_row=6, values_only=True)}
    assert summary == {"Huyện ủy Ý Yên": ("Có 2 lỗi", 3, 12, "Huyện ủy Ý Yên"),
                       "Sở Tư pháp": ("Chưa gửi", 0, 0, "Sở Tư pháp"), "Sở Nội vụ": ("Hợp lệ", 4, 9, None)}


def test_a_clean_import_lists_who_sent_what_on_the_summary_only_in_either_language():
    book = openpyxl.load_workbook(io.BytesIO(intake_report(intake(lang="en"))))
    assert book.sheetnames == ["Summary"]
    assert "merged (7 rows, 21 cadres)" in book["Summary"]["A3"].value


def test_the_report_is_byte_identical_and_known_as_ours():
    data = intake_report(intake(PROBLEMS))
    assert data == intake_report(intake(PROBLEMS)) and is_intake_report(data)
    assert not is_intake_report(b"PK not a zip") and not is_intake_report(b"")
