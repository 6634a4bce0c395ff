"""The one-page brief (tom_tat.pdf): one A4 page whatever the folder holds, the same bytes every time, and the
numbers a Standing Committee reads (coverage against target, units furthest below it with a reason, what changed,
the decisions the binding rules ask for)."""

from __future__ import annotations

import io
import json

import pytest
from fpdf import FPDF
from pdf_folders import stressed_folder
from pypdf import PdfReader

from optimizer.outputs import pdf_page
from optimizer.outputs.brief_content import MOST_BELOW, brief_content
from optimizer.outputs.brief_pdf import render_brief
from optimizer.outputs.folder import ResultFolder


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def page_text(data: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


@pytest.fixture(scope="module")
def stressed() -> dict[str, bytes]:
    return stressed_folder(units=200, name_length=150)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("reference", [False, True])
def test_a_200_unit_folder_with_long_names_and_a_long_question_prints_on_one_a4_page(lang, reference):
    data = render_brief(stressed_folder(units=200, name_length=150, reference=reference), lang=lang)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)


def test_a_list_drawn_without_the_brief_s_limits_does_spill_onto_a_second_page():
    # The page count is a real test: the same rows without cutting do not fit one page.
    pdf = pdf_page.new_page("x", "vi")
    for number in range(80):
        pdf.cell(0, 5, f"dòng {number}", new_x="LMARGIN", new_y="NEXT")
    assert pages(pdf_page.pdf_bytes(pdf)) == 2


def test_two_builds_of_the_brief_are_byte_identical(stressed):
    assert render_brief(stressed) == render_brief(dict(stressed))
    assert b"/CreationDate (D:20000101" in render_brief(stressed)


def test_the_units_furthest_below_target_come_first_and_the_rest_are_counted(stressed):
    brief = brief_content(ResultFolder(stressed))
    shorts = [gap.short for gap in brief.below]
    assert len(brief.below) == MOST_BELOW and shorts == sorted(shorts, reverse=True)
    assert all(gap.share < gap.target for gap in brief.below)
    assert brief.below_more > 0 and brief.below[0].reason.startswith("không còn chỉ tiêu")


def test_a_unit_on_target_is_not_listed_and_a_unit_below_it_is():
    files = stressed_folder(units=3)
    # Every unit at its full demand: nobody is below target.
    coverage = files["coverage.csv"].decode("utf-8").splitlines()
    rows = [line.split(",") for line in coverage[1:]]
    files["coverage.csv"] = ("\n".join([coverage[0]] + [",".join(r[:4] + [r[3], "1.0"]) for r in rows]) + "\n"
                             ).encode("utf-8")
    assert brief_content(ResultFolder(files)).below == ()
    assert len(brief_content(ResultFolder(stressed_folder(units=3))).below) == 3


def test_without_targets_the_brief_says_there_is_nothing_to_compare_with():
    files = stressed_folder(units=3)
    del files["inputs/targets.csv"]
    brief = brief_content(ResultFolder(files))
    assert brief.target_year is None and brief.below == () and all(t.target is None for t in brief.tiers)
    assert "Không có mục tiêu" in page_text(render_brief(files))


def test_against_the_reference_plan_the_brief_counts_the_seats_moved():
    files = stressed_folder(units=3, reference=True)
    brief = brief_content(ResultFolder(files))
    # The reference has one seat more on every third row of the plan: nothing moved, seats were dropped.
    plan = sum(int(line.rsplit(",", 1)[1]) for line in files["assignments.csv"].decode().splitlines()[1:])
    extra = len(files["inputs/reference.csv"].decode().splitlines()[1:][::3])
    assert brief.changes_title.startswith("2. Thay đổi so với kế hoạch đã giao")
    assert brief.changes[0].startswith(f"Tổng số chỗ: {plan} (kế hoạch đã giao: {plan + extra}); 0 chỗ đổi")
    assert any(line.startswith("Đơn vị thay đổi nhiều nhất") and "−" in line for line in brief.changes)


def test_without_a_reference_the_brief_lists_the_scenario_s_own_changes():
    brief = brief_content(ResultFolder(stressed_folder(units=3)))
    assert brief.changes_title.startswith("2. Thay đổi của kịch bản") and brief.changes[0].startswith("thay đổi số 0")


def test_the_decisions_name_the_binding_quota_the_classes_and_the_release_limit(stressed):
    decisions = brief_content(ResultFolder(stressed)).decisions
    assert decisions[0].startswith("Bộ giải dừng do hết thời gian")  # the folder says time_limited
    assert any("đã dùng hết" in d for d in decisions) and any("mở thêm lớp" in d for d in decisions)


def test_a_plan_that_leaves_nobody_short_asks_for_no_decision():
    files = stressed_folder(units=3)
    files["explanations.csv"] = files["explanations.csv"].splitlines()[0] + b"\n"
    summary = json.loads(files["summary.json"])
    summary["status"] = "optimal"
    files["summary.json"] = json.dumps(summary).encode()
    assert brief_content(ResultFolder(files)).decisions == (
        "Không có quy tắc nào giữ lại người trong danh sách: phương án đáp ứng đủ nhu cầu.",)


def test_the_page_reads_the_question_headings_and_vietnamese_names(stressed):
    text = page_text(render_brief(stressed_folder(units=5, name_length=40)))
    for words in ("Câu hỏi đặt ra", "1. Mức đáp ứng nhu cầu", "3. Các đơn vị thấp nhất", "4. Đề nghị Ban Thường vụ",
                  "Đương chức chưa đạt chuẩn"):
        assert words in text
    english = page_text(render_brief(stressed_folder(units=5), lang="en"))
    assert "4. Decisions asked of the Standing Committee" in english


def test_fit_cuts_a_line_to_its_width_with_an_ellipsis():
    pdf = FPDF()
    pdf.add_font(pdf_page.FONT, "", pdf_page.FONT_DIR / pdf_page.FONT_FILES[""])
    pdf.set_font(pdf_page.FONT, "", 10)
    cut = pdf_page.fit(pdf, "Huyện ủy " * 40, 50)
    assert cut.endswith("…") and pdf.get_string_width(cut) <= 50
    assert pdf_page.fit(pdf, "Huyện ủy Ý Yên", 50) == "Huyện ủy Ý Yên"


def test_a_baseline_that_breaks_rules_puts_them_first_among_the_decisions():
    files = stressed_folder(units=3)
    summary = json.loads(files["summary.json"])
    summary.update(status="baseline", rule_violations={"seat_cap": 0, "class_size": 4, "release_limit": 2})
    files["summary.json"] = json.dumps(summary).encode()
    decisions = brief_content(ResultFolder(files)).decisions
    assert decisions[0] == ("Phương án này không giữ được mọi quy tắc (số trường hợp, violations.csv): lớp đã đủ "
                            "hoặc không mở thêm được lớp (4); đơn vị đã cử tối đa số người học tập trung (2).")
