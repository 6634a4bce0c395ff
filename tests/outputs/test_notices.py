"""Notices to units: one A4 page per unit in the layout of an official letter, also for the unit with the most
rows, the same bytes every time, and files named from the units' names."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pdf_folders import stressed_folder
from pypdf import PdfReader

from optimizer.outputs import pdf_page
from optimizer.outputs.folder import ResultFolder
from optimizer.outputs.notices import COMBINED, draw_notice, file_stem, notice_files, notices


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def text(data: bytes, page: int = 0) -> str:
    return " ".join(PdfReader(io.BytesIO(data)).pages[page].extract_text().split())


@pytest.fixture(scope="module")
def crowded() -> ResultFolder:
    # 30 courses and long names: the unit with the most rows has a seat line per course and 8 short lines.
    return ResultFolder(stressed_folder(units=12, name_length=160, courses=30, spread=True))


def test_every_notice_is_exactly_one_page_also_for_the_unit_with_the_most_rows(crowded):
    files = notice_files(crowded)
    found = notices(crowded)
    most = max(found, key=lambda n: len(n.seats) + len(n.short))
    assert len(most.seats) >= 10 and len(most.short) == 8
    assert {name: pages(data) for name, data in files.items() if name != COMBINED["vi"]} == \
        {notice.file: 1 for notice in found}
    assert pages(files[COMBINED["vi"]]) == len(found)


def test_a_notice_with_more_short_rows_than_room_says_how_many_are_left_out():
    folder = ResultFolder(stressed_folder(units=2, name_length=40, courses=40, spread=True))
    notice = notices(folder)[1]  # unit 1 has seats on all 40 courses
    crowded = replace(notice, short=tuple(f"Dòng thiếu số {n}" for n in range(40)))
    pdf = pdf_page.new_page("x", "vi")
    draw_notice(pdf, crowded, "vi", "stress", None)
    data = pdf_page.pdf_bytes(pdf)
    assert pages(data) == 1
    page = text(data)
    assert "trường hợp khác (chi tiết trong explanations.csv)" in page and "Dòng thiếu số 0" in page
    assert "Dòng thiếu số 39" not in page
    assert "Các khóa khác (" in page  # 40 course lines do not fit: the last ones share one


def test_two_builds_of_the_notices_are_byte_identical(crowded):
    assert notice_files(crowded) == notice_files(ResultFolder(dict(crowded.files)))


def test_a_notice_reads_as_an_official_letter_to_its_unit():
    folder = ResultFolder(stressed_folder(units=3, name_length=30))
    unit = notices(folder)[1].unit
    page = text(notice_files(folder, province="Nam Định")[notices(folder)[1].file])
    for words in ("TỈNH ỦY NAM ĐỊNH", "BAN TỔ CHỨC", "ĐẢNG CỘNG SẢN VIỆT NAM",
                  "THÔNG BÁO", f"Kính gửi: {unit}", "Tổng cộng", "Nơi nhận:", "T/M BAN TỔ CHỨC"):
        assert words in page
    blank = text(notice_files(folder)[notices(folder)[1].file])
    assert "TỈNH ỦY ........" in blank  # the province is left for the planner when not given
    english = notice_files(folder, lang="en")
    assert "COMMUNIST PARTY OF VIET NAM" in text(english[notices(folder, "en")[0].file])
    assert "CỘNG HÒA" not in page  # a Party body's letter, not a State office's


def test_notices_are_named_from_the_unit_names_numbered_in_file_order(crowded):
    found = notices(crowded)
    assert [n.file[:2] for n in found] == [f"{i:02d}" for i in range(1, len(found) + 1)]
    assert len({n.file for n in found}) == len(found)
    assert file_stem("Huyện ủy Ý Yên") == "huyen_uy_y_yen"
    assert file_stem("Sở Lao động, Thương binh và Xã hội") == "so_lao_dong_thuong_binh_va_xa_hoi"
    assert file_stem("***") == "don_vi"


def test_a_unit_s_seats_are_its_own_by_year_and_course():
    folder = ResultFolder(stressed_folder(units=4))
    by_unit = {n.unit_id: n for n in notices(folder)}
    # stressed_folder gives unit n (n % 5) seats on the first course of each family for each tier, in 2023.
    assert sum(sum(values) for _, values in by_unit["u003"].seats) == 3 * 4 * 2
    assert by_unit["u000"].seats == ()
    assert "không được phân bổ chỉ tiêu nào" in text(notice_files(folder, combined=False)[by_unit["u000"].file])
