"""The page's words, Vietnamese and English side by side: one table, one function. A test checks that every
entry has both languages with the same fields. Terminal phrases (progress, statuses, errors) come from the
library's phrase book through ``api`` and are not repeated here."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # --- the frame ---------------------------------------------------------------------------------------
    "title": {"vi": "Phân bổ chỉ tiêu đào tạo, bồi dưỡng cán bộ", "en": "Cadre training quota allocation"},
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "steps": {"vi": "Các bước", "en": "Steps"},
    "step_data": {"vi": "1. Dữ liệu", "en": "1. Data"},
    "step_scenario": {"vi": "2. Kịch bản", "en": "2. Scenario"},
    "step_solve": {"vi": "3. Giải", "en": "3. Solve"},
    "step_results": {"vi": "4. Kết quả", "en": "4. Results"},
    "step_compare": {"vi": "5. So sánh", "en": "5. Compare"},
    "step_sensitivity": {"vi": "6. Thêm một chỗ được gì", "en": "6. What one more seat is worth"},
    "workspace_at": {"vi": "Các tệp được lưu trong: {path}", "en": "Files are kept in: {path}"},
    "current_data": {"vi": "Dữ liệu: {name}", "en": "Data: {name}"},
    "current_scenario": {"vi": "Kịch bản: {name}", "en": "Scenario: {name}"},
    # --- data (page_data) -----------------------------------------------------------------------------------
    "data_intro": {"vi": "Chọn số liệu để phân bổ: số liệu có sẵn của tỉnh, hoặc bảng tính nhu cầu do các đơn vị "
                         "gửi về.",
                   "en": "Choose the data to allocate: the province's bundled data, or the demand workbooks the "
                         "units sent back."},
    "data_source": {"vi": "Nguồn số liệu", "en": "Data source"},
    "data_bundled": {"vi": "Số liệu có sẵn", "en": "Bundled data"},
    "data_upload": {"vi": "Bảng tính của các đơn vị", "en": "Units' workbooks"},
    "data_folder": {"vi": "Bộ số liệu", "en": "Data set"},
    "data_use": {"vi": "Dùng bộ số liệu này", "en": "Use this data set"},
    "data_in_use": {"vi": "Đang dùng: {name} — {units} đơn vị, {rows} dòng nhu cầu ({cadres} cán bộ), {caps} dòng "
                          "chỉ tiêu, các năm {first}–{last}.",
                    "en": "In use: {name} — {units} units, {rows} demand rows ({cadres} cadres), {caps} quota "
                          "lines, years {first}–{last}."},
    "data_warnings": {"vi": "Lưu ý về số liệu kế hoạch ({count})", "en": "Notes on the plan's figures ({count})"},
    "templates_title": {"vi": "Mẫu gửi các đơn vị", "en": "Forms for the units"},
    "templates_intro": {"vi": "Mỗi đơn vị một bảng tính, đã điền sẵn danh sách của đơn vị; gửi cho các đơn vị "
                              "điền rồi tải lên ở đây.",
                        "en": "One workbook per unit, pre-filled with its list; send them to the units, then upload "
                              "them here."},
    "templates_make": {"vi": "Tạo mẫu cho các đơn vị", "en": "Make the units' forms"},
    "templates_download": {"vi": "Tải các mẫu (tệp zip, {count} bảng tính)",
                           "en": "Download the forms (zip, {count} workbooks)"},
    "template_one_download": {"vi": "Tải mẫu nhập toàn bộ số liệu (một bảng tính)",
                              "en": "Download the template of every table (one workbook)"},
    "upload_label": {"vi": "Tải lên các bảng tính (.xlsx) các đơn vị đã điền — chọn nhiều tệp một lần",
                     "en": "Upload the filled workbooks (.xlsx) — several files at once"},
    "upload_missing_ok": {"vi": "Cho phép thiếu đơn vị (đơn vị chưa gửi chỉ là cảnh báo)",
                          "en": "Allow missing units (a unit that sent nothing is only a warning)"},
    "upload_read": {"vi": "Đọc và kiểm tra", "en": "Read and check"},
    "upload_reading": {"vi": "Đang đọc {count} bảng tính…", "en": "Reading {count} workbooks…"},
    "upload_problems": {"vi": "Có {errors} lỗi trong các bảng tính; chưa nhập gì. Sửa theo bảng dưới đây (hoặc gửi "
                              "báo cáo cho các đơn vị) rồi tải lên lại.",
                        "en": "{errors} problems in the workbooks; nothing was imported. Fix them as the table "
                              "says (or send the report to the units), then upload again."},
    "upload_report_download": {"vi": "Tải báo cáo lỗi (Excel, mỗi đơn vị một trang)",
                               "en": "Download the problem report (Excel, one sheet per unit)"},
    "upload_done": {"vi": "Đã nhập {sent}/{total} đơn vị: {rows} dòng nhu cầu, {cadres} cán bộ. Bộ số liệu mới: "
                          "{name}; kịch bản để giải: {scenario}.",
                    "en": "Imported {sent}/{total} units: {rows} demand rows, {cadres} cadres. New data set: "
                          "{name}; scenario to solve: {scenario}."},
    "upload_question": {"vi": "Phân bổ chỉ tiêu theo nhu cầu các đơn vị gửi về ({name})",
                        "en": "Allocation on the demand the units sent ({name})"},
    "received_title": {"vi": "Các đơn vị đã gửi", "en": "What each unit sent"},
    "problems_title": {"vi": "Các vấn đề", "en": "Problems"},
    "bad_input": {"vi": "Không dùng được: {error}", "en": "Cannot be used: {error}"},

    # --- scenario (page_scenario) ---------------------------------------------------------------------------

    # --- results (page_results) -----------------------------------------------------------------------------

    # --- compare (page_compare) -----------------------------------------------------------------------------

    # --- sensitivity (page_sensitivity) ---------------------------------------------------------------------

    # --- solve -----------------------------------------------------------------------------------------------
    "solve_intro": {"vi": "Giải kịch bản đang chọn: máy tính tìm phương án phân bổ tốt nhất theo thứ tự ưu tiên "
                          "của kế hoạch, rồi kiểm tra lại mọi quy tắc.",
                    "en": "Solve the chosen scenario: the computer finds the best allocation in the plan's order of "
                          "priorities, then checks every rule again."},
    "solve_which": {"vi": "Kịch bản cần giải", "en": "Scenario to solve"},
    "solve_button": {"vi": "Giải", "en": "Solve"},
    "cancel_button": {"vi": "Dừng", "en": "Cancel"},
    "solving": {"vi": "Đang giải {name}… ({seconds:.0f} giây)", "en": "Solving {name}… ({seconds:.0f} s)"},
    "cancelled": {"vi": "Đã dừng. Không có gì được ghi.", "en": "Cancelled. Nothing was written."},
    "solved": {"vi": "{name}: {status}, đã phân bổ {seats} chỗ, đã kiểm tra lại mọi quy tắc ({seconds} giây).",
               "en": "{name}: {status}, {seats} seats allocated, every rule checked ({seconds} s)."},
    "elastic_offer": {"vi": "Các quy tắc không thể cùng thỏa mãn. Có thể giải theo phương án \"nới ít nhất\": chỉ "
                            "tiêu, số lớp và giới hạn cử đi học được phép vượt, mỗi chỗ vượt tính một điểm phạt.",
                      "en": "The rules cannot all hold. You can solve for the least-bending plan: quotas, classes "
                            "and release limits may be exceeded at a cost of one per seat."},
    "elastic_button": {"vi": "Giải phương án nới ít nhất", "en": "Solve the least-bending plan"},
    "bent_title": {"vi": "Các quy tắc phải nới", "en": "Rules that had to bend"},
    "worker_failed": {"vi": "Lỗi khi giải: {error}", "en": "The solve failed: {error}"},
    "see_results": {"vi": "Xem kết quả (bước 4)", "en": "See the results (step 4)"},
    "written_to": {"vi": "Thư mục kết quả: {path}", "en": "Result folder: {path}"},
    "no_scenario": {"vi": "Chưa có kịch bản: hãy chọn ở bước 2.", "en": "No scenario yet: choose one in step 2."},
}


def t(key: str, lang: str = "vi", **values) -> str:
    """The page's words for ``key`` in ``lang`` (English where a language is missing), filled with ``values``."""
    entry = WORDS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
