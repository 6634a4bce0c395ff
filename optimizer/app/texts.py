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
    "scn_intro": {"vi": "Bắt đầu từ kịch bản gốc, một kịch bản mẫu hoặc một kịch bản đã lưu, sửa các bảng dưới đây, "
                        "rồi lưu thành kịch bản mới để giải ở bước 3.",
                  "en": "Start from the baseline, a shipped what-if or a saved scenario, edit the tables below, then "
                        "save it as a new scenario to solve in step 3."},
    "scn_start": {"vi": "Bắt đầu từ", "en": "Start from"},
    "scn_saved_label": {"vi": "Đã lưu: {name} — {question}", "en": "Saved: {name} — {question}"},
    "scn_tab_quota": {"vi": "Chỉ tiêu", "en": "Quotas"},
    "scn_tab_release": {"vi": "Giới hạn cử đi học", "en": "Release limits"},
    "scn_tab_order": {"vi": "Ưu tiên và năm", "en": "Urgency and years"},
    "scn_tab_pins": {"vi": "Giữ cố định", "en": "Pins"},
    "scn_tab_units": {"vi": "Sáp nhập, chia tách", "en": "Merge, split"},
    "scn_tab_past": {"vi": "Năm đã qua", "en": "Past years"},
    "scn_quota_help": {"vi": "Sửa số ở các cột chỉ tiêu; để trống là không giới hạn. Mỗi ô sửa thành một thay đổi.",
                       "en": "Edit the numbers of the quota columns; blank means no bound. Each edited cell becomes "
                             "a change."},
    "scn_separate": {"vi": "Giữ riêng chỉ tiêu cho từng tỉnh cũ (không dùng chung toàn tỉnh)",
                     "en": "Keep each former province's part of the quotas (no single pool for the province)"},
    "scn_separate_help": {"vi": "Mỗi dòng chỉ tiêu chia cho các tỉnh cũ và các đơn vị cấp tỉnh theo tỉ lệ số cán "
                                "bộ trong danh sách; đơn vị của khu vực nào chỉ dùng phần của khu vực đó.",
                          "en": "Each quota line is shared among the former provinces and the provincial units in "
                                "proportion to their listed cadres; a unit uses only its area's part."},
    "col_year": {"vi": "Năm", "en": "Year"},
    "col_target": {"vi": "Khóa học", "en": "Course / family"},
    "col_block": {"vi": "Khối", "en": "Block"},
    "col_seats_min": {"vi": "Chỗ tối thiểu", "en": "Seats min"},
    "col_seats_max": {"vi": "Chỗ tối đa", "en": "Seats max"},
    "col_classes_min": {"vi": "Lớp tối thiểu", "en": "Classes min"},
    "col_classes_max": {"vi": "Lớp tối đa", "en": "Classes max"},
    "col_source": {"vi": "Nguồn", "en": "Source"},
    "col_id": {"vi": "Mã", "en": "Id"},
    "col_kind": {"vi": "Loại đơn vị", "en": "Kind of unit"},
    "col_limit": {"vi": "Số người học tập trung tối đa mỗi đơn vị", "en": "Most full-time students per unit"},
    "col_rank": {"vi": "Thứ tự (1 là cấp bách nhất)", "en": "Rank (1 most urgent)"},
    "col_tier": {"vi": "Nhóm cán bộ", "en": "Tier"},
    "col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "col_course": {"vi": "Khóa học", "en": "Course"},
    "col_exactly": {"vi": "Đúng bằng", "en": "Exactly"},
    "col_at_least": {"vi": "Ít nhất", "en": "At least"},
    "col_at_most": {"vi": "Nhiều nhất", "en": "At most"},
    "col_note": {"vi": "Ghi chú", "en": "Note"},
    "col_into": {"vi": "Sáp nhập vào", "en": "Merges into"},
    "col_date": {"vi": "Từ ngày", "en": "From"},
    "col_new_name": {"vi": "Tên đơn vị mới", "en": "New unit's name"},
    "col_share": {"vi": "Tỷ lệ (cộng lại bằng 1)", "en": "Share (adding up to 1)"},
    "scn_release_help": {"vi": "Số cán bộ mỗi đơn vị được cử đi học tập trung cùng lúc, theo loại đơn vị.",
                         "en": "Cadres a unit may release to full-time study at once, by kind of unit."},
    "scn_years": {"vi": "Các năm của kế hoạch", "en": "The plan's years"},
    "scn_add_years": {"vi": "Thêm năm mới (ví dụ 2026-2030)", "en": "Add new years (e.g. 2026-2030)"},
    "scn_copy_from": {"vi": "Chỉ tiêu năm mới lấy theo năm", "en": "New years copy the quotas of"},
    "scn_pins_help": {"vi": "Quyết định trước số chỗ của một đơn vị trong một khóa học và một năm; phần còn lại được "
                            "tối ưu quanh các quyết định này.",
                      "en": "Decide a unit's seats in a course and year beforehand; the rest is optimised around it."},
    "scn_merge": {"vi": "Sáp nhập đơn vị", "en": "Merge a unit"},
    "scn_split": {"vi": "Chia tách đơn vị (mỗi đơn vị mới một dòng)",
                  "en": "Split a unit (one row per new unit)"},
    "scn_reference": {"vi": "Phương án tham chiếu (kết quả đã giải)", "en": "Reference plan (a solved result)"},
    "scn_no_reference": {"vi": "Không dùng", "en": "None"},
    "scn_plan_from": {"vi": "Lập lại kế hoạch từ năm (các năm trước giữ như phương án tham chiếu)",
                      "en": "Re-plan from year (earlier years keep the reference plan's seats)"},
    "scn_no_results": {"vi": "Chưa có kết quả nào trong thư mục làm việc: hãy giải một kịch bản ở bước 3.",
                       "en": "No result in the workspace yet: solve a scenario in step 3."},
    "scn_changes": {"vi": "Các thay đổi (như lệnh validate ghi)", "en": "The changes (as validate says them)"},
    "scn_no_changes": {"vi": "Chưa có thay đổi nào so với kịch bản ban đầu.",
                       "en": "No change yet from the scenario you started from."},
    "scn_plan_warnings": {"vi": "Cảnh báo về số liệu kế hoạch ({count})", "en": "Plan warnings ({count})"},
    "scn_unexpected": {"vi": "Khi nạp lại, ô {column} của {target} năm {year} là {loaded}, không phải {edited} như "
                             "đã sửa; hãy sửa lại bảng.",
                       "en": "Loaded again, {column} of {target} {year} is {loaded}, not {edited} as edited; "
                             "edit the table again."},
    "scn_name": {"vi": "Tên kịch bản", "en": "Scenario name"},
    "scn_question": {"vi": "Câu hỏi của kịch bản", "en": "The scenario's question"},
    "scn_save": {"vi": "Lưu kịch bản", "en": "Save the scenario"},
    "scn_need_name": {"vi": "Hãy ghi tên kịch bản trước khi lưu.", "en": "Name the scenario before saving it."},
    "scn_saved": {"vi": "Đã lưu {path}. Bước 3 sẽ giải kịch bản này.",
                  "en": "Saved {path}. Step 3 will solve this scenario."},
    "scn_not_saved": {"vi": "Chưa lưu: hãy sửa lỗi ở trên.", "en": "Not saved: fix the mistake above."},
    "scn_download": {"vi": "Tải tệp kịch bản (.yaml)", "en": "Download the scenario file (.yaml)"},

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
    "coverage_area_title": {"vi": "Đáp ứng theo tỉnh cũ", "en": "Coverage by former province"},
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
    "see_results": {"vi": "Xem kết quả (bước 4)", "en": "See the results (step 4)"},
    "written_to": {"vi": "Thư mục kết quả: {path}", "en": "Result folder: {path}"},
    "no_scenario": {"vi": "Chưa có kịch bản: hãy chọn ở bước 2.", "en": "No scenario yet: choose one in step 2."},
}


def t(key: str, lang: str = "vi", **values) -> str:
    """The page's words for ``key`` in ``lang`` (English where a language is missing), filled with ``values``."""
    entry = WORDS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
