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

    # --- scenario (page_scenario) ---------------------------------------------------------------------------

    # --- results (page_results) -----------------------------------------------------------------------------
    "no_results": {"vi": "Chưa có kết quả nào trong thư mục làm việc: hãy giải một kịch bản ở bước 3.",
                   "en": "No results in the workspace yet: solve a scenario in step 3."},
    "result_which": {"vi": "Kết quả cần xem", "en": "Result to show"},
    "result_status": {"vi": "{name}: {status}. Đã phân bổ {seats} chỗ học, {classes} lớp ({years}).",
                      "en": "{name}: {status}. {seats} seats allocated, {classes} classes ({years})."},
    "seats": {"vi": "Số chỗ học", "en": "Seats"},
    "classes": {"vi": "Số lớp", "en": "Classes"},
    "covered": {"vi": "Cán bộ được đáp ứng", "en": "Cadres covered"},
    "tiers_title": {"vi": "Đáp ứng theo nhóm cán bộ (so với nhu cầu và mục tiêu năm {year})",
                    "en": "Coverage by tier (against demand and the {year} targets)"},
    "tier": {"vi": "Nhóm cán bộ", "en": "Tier"},
    "demand": {"vi": "Nhu cầu", "en": "Demand"},
    "share": {"vi": "Tỷ lệ", "en": "Share"},
    "target_share": {"vi": "Mục tiêu", "en": "Target"},
    "short": {"vi": "Còn thiếu so với mục tiêu", "en": "Short of the target"},
    "appendix_title": {"vi": "Phân bổ chỉ tiêu theo mẫu phụ lục", "en": "Allocation in the appendix layout"},
    "appendix_when": {"vi": "Năm", "en": "Year"},
    "whole_period": {"vi": "Cả giai đoạn", "en": "Whole period"},
    "targets_title": {"vi": "Đáp ứng lũy kế so với mục tiêu", "en": "Cumulative coverage against the targets"},
    "family": {"vi": "Loại hình đào tạo", "en": "Family"},
    "year": {"vi": "Năm", "en": "Year"},
    "covered_so_far": {"vi": "Đã đáp ứng (lũy kế)", "en": "Covered so far"},
    "below_title": {"vi": "Các đơn vị chưa đạt mục tiêu năm {year}", "en": "Units below the {year} target"},
    "below_more": {"vi": "… và {count} đơn vị khác.", "en": "… and {count} more units."},
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "reason": {"vi": "Lý do chính", "en": "Main reason"},
    "why_title": {"vi": "Vì sao chưa được thêm chỗ", "en": "Why no more seats"},
    "why_unit": {"vi": "Xem lý do của đơn vị", "en": "Reasons for the unit"},
    "all_units": {"vi": "(tất cả đơn vị)", "en": "(all units)"},
    "why_none": {"vi": "Không có dòng nhu cầu nào thiếu chỗ.", "en": "No demand row is short of seats."},
    "charts_title": {"vi": "Biểu đồ", "en": "Charts"},
    "brief_title": {"vi": "Tóm tắt một trang (tom_tat.pdf)", "en": "One-page brief (tom_tat.pdf)"},
    "brief_missing": {"vi": "Thư mục kết quả không có tom_tat.pdf.", "en": "The result folder has no tom_tat.pdf."},
    "brief_no_picture": {"vi": "Không vẽ được trang tóm tắt trên máy này; hãy tải tệp về để xem.",
                         "en": "The brief's page cannot be drawn on this computer; download the file to read it."},
    "downloads_title": {"vi": "Tải về", "en": "Downloads"},
    "download_workbook": {"vi": "Bảng phân bổ (allocation.xlsx)", "en": "Allocation workbook (allocation.xlsx)"},
    "download_brief": {"vi": "Tóm tắt một trang (tom_tat.pdf)", "en": "One-page brief (tom_tat.pdf)"},
    "download_report": {"vi": "Báo cáo (report.html)", "en": "Report (report.html)"},
    "make_report": {"vi": "Lập báo cáo (report.html)", "en": "Write the report (report.html)"},
    "download_zip": {"vi": "Cả thư mục kết quả (.zip)", "en": "The whole result folder (.zip)"},
    "verify_button": {"vi": "Kiểm tra lại", "en": "Check again"},
    "verify_ok": {"vi": "Đã kiểm tra lại: các tệp không bị sửa, mọi quy tắc đều được tuân thủ.",
                  "en": "Checked again: the files are unchanged and every rule holds."},
    "verify_bad": {"vi": "Kiểm tra lại thấy vấn đề: {problems}", "en": "The check found problems: {problems}"},
    "read_failed": {"vi": "Không đọc được thư mục kết quả: {error}", "en": "The result folder cannot be read: {error}"},

    # --- compare (page_compare) -----------------------------------------------------------------------------
    "choose": {"vi": "Chọn…", "en": "Choose…"},
    "compare_intro": {"vi": "Chọn hai kết quả trở lên; kết quả đầu tiên là gốc để so sánh (thường là kịch bản gốc).",
                      "en": "Choose two results or more; the first is the base of the comparison (usually the "
                            "baseline)."},
    "compare_which": {"vi": "Các kết quả cần so sánh", "en": "Results to compare"},
    "compare_need_two": {"vi": "Cần ít nhất hai kết quả.", "en": "Choose at least two results."},
    "compare_button": {"vi": "So sánh", "en": "Compare"},
    "comparing": {"vi": "Đang so sánh…", "en": "Comparing…"},
    "compared": {"vi": "Đã so sánh {names} (gốc: {base}).", "en": "Compared {names} (base: {base})."},
    "changes_title": {"vi": "Mỗi kịch bản đã thay đổi gì", "en": "What each scenario changed"},
    "gains_title": {"vi": "Được thêm – Bị bớt theo năm", "en": "Gains and losses by year"},
    "gains_unit": {"vi": "Lọc theo đơn vị", "en": "Filter by unit"},
    "coverage_title": {"vi": "Đáp ứng theo nhóm cán bộ", "en": "Coverage by tier"},
    "scenarios_title": {"vi": "Các kịch bản", "en": "Scenarios"},
    "download_comparison": {"vi": "Bảng so sánh (comparison.xlsx)", "en": "Comparison workbook (comparison.xlsx)"},
    "brief_against": {"vi": "Lập tóm tắt của {name} so với {base}", "en": "Write the brief of {name} against {base}"},
    "download_brief_against": {"vi": "Tải tóm tắt {name} (PDF)", "en": "Download the brief of {name} (PDF)"},

    # --- sensitivity (page_sensitivity) ---------------------------------------------------------------------
    "sens_intro": {"vi": "Chọn các dòng chỉ tiêu và thay đổi cần thử: mỗi thay đổi được giải lại chính xác và cho "
                         "biết số cán bộ mỗi nhóm được đáp ứng thêm (hoặc bớt).",
                   "en": "Choose quota lines and the changes to try: each change is solved again exactly and tells "
                         "how many more (or fewer) cadres of each tier are covered."},
    "sens_scenario": {"vi": "Kịch bản: {name}", "en": "Scenario: {name}"},
    "sens_lines": {"vi": "Các dòng chỉ tiêu (năm · khóa học · khối)", "en": "Quota lines (year · course · block)"},
    "sens_lines_help": {"vi": "Để trống: thử mọi dòng chỉ tiêu (lâu hơn).",
                        "en": "Leave empty to try every quota line (takes longer)."},
    "sens_all_lines": {"vi": "Mọi dòng chỉ tiêu", "en": "Every quota line"},
    "sens_changes": {"vi": "Thay đổi cần thử", "en": "Changes to try"},
    "sens_button": {"vi": "Tính", "en": "Run"},
    "sens_need_change": {"vi": "Hãy chọn ít nhất một thay đổi.", "en": "Choose at least one change."},
    "sens_running": {"vi": "Đang tính {name}… ({seconds:.0f} giây)", "en": "Running {name}… ({seconds:.0f} s)"},
    "sens_base": {"vi": "Đang giải kịch bản trước khi thử các thay đổi…",
                  "en": "Solving the scenario before trying the changes…"},
    "sens_done": {"vi": "Đã tính xong {count} thay đổi.", "en": "{count} changes solved."},
    "download_sensitivity": {"vi": "Bảng độ nhạy (sensitivity.xlsx)", "en": "Sensitivity workbook (sensitivity.xlsx)"},
    "sens_failed": {"vi": "Không tính được: {error}", "en": "The run failed: {error}"},

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
    "see_results": {"vi": "Xem kết quả ở bước 4.", "en": "See the results in step 4."},
    "no_scenario": {"vi": "Chưa có kịch bản: hãy chọn ở bước 2.", "en": "No scenario yet: choose one in step 2."},
}


def t(key: str, lang: str = "vi", **values) -> str:
    """The page's words for ``key`` in ``lang`` (English where a language is missing), filled with ``values``."""
    entry = WORDS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
