"""What the program tells a person while it works (progress, results, warnings), in Vietnamese or English.

A ``Message`` is a string (its English text, so that a log or a test reads it as before) that also remembers its
key and values, so the command line can say it in the planner's language: ``message.text("vi")``. Numbers follow
each language's habit: 12,988 in English, 12.988 in Vietnamese; 1.5 s, 1,5 giây.

Every phrase lives in ``PHRASES``, one entry per key with both languages, so a missing translation is a test
failure rather than a mixed-language screen.
"""

from __future__ import annotations

import string
from typing import Any

from .errors import InputError, Place, exit_label
from .words import LANGS, check_lang

PHRASES: dict[str, dict[str, str]] = {
    # --- a solve ------------------------------------------------------------------------------------------------
    "solving": {
        "en": "solving {name}: {rows:,} demand rows, {units:,} units, years {first}–{last} ({warnings} plan warnings; "
              "see 'validate')",
        "vi": "đang giải {name}: {rows:,} dòng nhu cầu, {units:,} đơn vị, các năm {first}–{last} ({warnings} cảnh báo "
              "về số liệu kế hoạch; xem lệnh 'validate')"},
    "model_size": {
        "en": "model: {seats:,} seat variables, {variables:,} variables, {rows:,} constraints in {parts:,} "
              "independent parts ({seconds:.1f} s)",
        "vi": "mô hình: {seats:,} biến số chỗ, {variables:,} biến, {rows:,} ràng buộc, chia thành {parts:,} phần độc "
              "lập ({seconds:.1f} giây)"},
    "part_solved": {
        "en": "part {number}/{total} ({size:,} variables) solved in {seconds:.1f} s",
        "vi": "phần {number}/{total} ({size:,} biến) đã giải xong trong {seconds:.1f} giây"},
    "part_stage": {
        "en": "part {number}/{total} ({size:,} variables): solving {name}",
        "vi": "phần {number}/{total} ({size:,} biến): đang giải giai đoạn {name}"},
    "stages_skipped": {
        "en": "time limit reached: stages not run for every part: {stages}",
        "vi": "đã hết thời gian giới hạn: các giai đoạn chưa chạy xong cho mọi phần: {stages}"},
    "stage_done": {
        "en": "stage {number}/{total} {meaning} ({name}): {value:,} ({seconds:.1f} s)",
        "vi": "giai đoạn {number}/{total} {meaning} ({name}): {value:,} ({seconds:.1f} giây)"},
    "stage_open": {
        "en": "stage {number}/{total} {meaning} ({name}): {value:,} (not proven optimal, bound {bound:,.0f}) "
              "({seconds:.1f} s)",
        "vi": "giai đoạn {number}/{total} {meaning} ({name}): {value:,} (chưa chứng minh tối ưu, cận {bound:,.0f}) "
              "({seconds:.1f} giây)"},
    "checked": {
        "en": "checked: every rule holds and every stage value recomputes ({rules})",
        "vi": "đã kiểm tra lại không dùng bộ giải: mọi quy tắc đều được tuân thủ và giá trị mọi giai đoạn tính lại "
              "khớp ({rules})"},
    "solved": {
        "en": "{name}: {status}, {seats:,} seats allocated, checked; wrote {out}/ ({seconds:.1f} s)",
        "vi": "{name}: {status}, đã phân bổ {seats:,} chỗ, đã kiểm tra; đã ghi {out}/ ({seconds:.1f} giây)"},
    "status_optimal": {"en": "optimal", "vi": "tối ưu"},
    "status_time_limited": {"en": "time_limited", "vi": "dừng ở giới hạn thời gian"},
    "time_limit_warning": {
        "en": "warning: the time limit ({limit:g} s) was reached before every stage was proven optimal; see "
              "summary.json for each stage's bound and gap",
        "vi": "cảnh báo: đã hết thời gian giới hạn ({limit:g} giây) trước khi mọi giai đoạn được chứng minh tối ưu; "
              "xem cận và khoảng cách của từng giai đoạn trong summary.json"},
    "bent": {
        "en": "bent: {rule} {bound}: {value} (by {by})",
        "vi": "nới: {rule} {bound}: {value} (nới {by})"},
    "elastic": {
        "en": "{name}: infeasible as written; wrote {out}/ with a plan that bends {rules} rule(s) by {total} in all "
              "(bent_rules.csv)",
        "vi": "{name}: không thể thỏa mãn mọi quy tắc như đã ghi; đã ghi {out}/ với phương án nới {rules} quy tắc, "
              "tổng cộng {total} (bent_rules.csv)"},
    # --- a batch --------------------------------------------------------------------------------------------------
    "batch_header": {"en": "{scenario:<32} {status:<16} {seconds:>8}  result",
                     "vi": "{scenario:<32} {status:<16} {seconds:>8}  kết quả"},
    "batch_done": {"en": "{solved} of {total} scenarios solved", "vi": "đã giải {solved}/{total} kịch bản"},
    "batch_limited": {"en": "; {count} stopped at the time limit", "vi": "; {count} dừng ở giới hạn thời gian"},
    "batch_failed": {"en": "; failed: {names}", "vi": "; lỗi: {names}"},
    "batch_solving": {"en": "solving {file}", "vi": "đang giải {file}"},
    "batch_outcome": {"en": "{name}: {status} ({seconds:.1f} s)", "vi": "{name}: {status} ({seconds:.1f} giây)"},
    "seats_count": {"en": "{seats:,} seats", "vi": "{seats:,} chỗ"},
    # --- validate ---------------------------------------------------------------------------------------------------
    "change": {"en": "change {key} ({file}): {text}", "vi": "thay đổi {key} ({file}): {text}"},
    "frozen": {
        "en": "frozen: years {years} fixed at {file} ({rows} rows, {seats:,} seats)",
        "vi": "năm đã chốt: {years} giữ theo {file} ({rows} dòng, {seats:,} chỗ)"},
    "reference": {
        "en": "reference: {file} ({seats:,} seats); the plan moves as few of them as the coverage and fairness stages "
              "allow",
        "vi": "phương án tham chiếu: {file} ({seats:,} chỗ); phương án mới thay đổi ít chỗ nhất mà các giai đoạn độ "
              "phủ và công bằng cho phép"},
    "plan_from_year": {"en": "plan_from_year: {year}{kept}", "vi": "lập lại kế hoạch từ năm {year}{kept}"},
    "past_kept": {"en": "; {years} keep the reference plan", "vi": "; các năm {years} giữ theo phương án tham chiếu"},
    "country_time_limited": {
        "en": "{count} province(s) stopped at the time limit, their plans checked but not proven optimal: "
              "{provinces}; raise solver.time_limit_seconds in their scenarios",
        "vi": "{count} tỉnh dừng ở giới hạn thời gian, phương án đã kiểm tra nhưng chưa chứng minh tối ưu: "
              "{provinces}; hãy tăng solver.time_limit_seconds trong kịch bản của các tỉnh đó"},
    "separate_quotas": {
        "en": "separate_quotas_by: {by}: each former province (and the provincial units) keeps its part of every "
              "quota line, in proportion to its listed cadres (rule separate_quotas)",
        "vi": "giữ riêng chỉ tiêu theo {by}: mỗi tỉnh cũ (và các đơn vị cấp tỉnh) giữ phần của mình trong mỗi dòng "
              "chỉ tiêu, theo tỉ lệ số cán bộ trong danh sách (quy tắc separate_quotas)"},
    "pins": {"en": "pins: {count} decided cell(s), kept as written (rule pinned)",
             "vi": "quyết định trước: {count} ô đã chốt, giữ đúng như đã ghi (quy tắc pinned)"},
    "valid": {
        "en": "{file}: valid — {units} units, {courses} courses, {caps} quota lines, {rows} demand rows "
              "({cadres:,} cadres), years {first}–{last}, {warnings} plan warnings",
        "vi": "{file}: hợp lệ — {units} đơn vị, {courses} khóa học, {caps} dòng chỉ tiêu, {rows} dòng nhu cầu "
              "({cadres:,} cán bộ), các năm {first}–{last}, {warnings} cảnh báo về số liệu kế hoạch"},
    "warning": {"en": "warning [{code}] {subject}: {message}", "vi": "cảnh báo [{code}] {subject}: {message}"},
    # --- verify -----------------------------------------------------------------------------------------------------
    "verify_checksums": {"en": "checksums: {files} files, {problems} problem(s)",
                         "vi": "mã kiểm tra: {files} tệp, {problems} vấn đề"},
    "verify_rules": {
        "en": "rules: {rules} checked on {seats:,} seats; stage values recomputed",
        "vi": "quy tắc: đã kiểm tra {rules} quy tắc trên {seats:,} chỗ; đã tính lại giá trị các giai đoạn"},
    "verify_tables": {"en": "tables and workbook: recomputed from the plan, {problems} problem(s)",
                      "vi": "các bảng và sổ Excel: tính lại từ phương án, {problems} vấn đề"},
    "verify_redo_baseline": {"en": "redoing the baseline ({method})",
                             "vi": "đang làm lại phương án chia theo tỷ lệ ({method})"},
    "verify_redo": {"en": "solving again (this takes as long as the original solve)",
                    "vi": "đang giải lại (mất thời gian như lần giải ban đầu)"},
    "verified": {
        "en": "{folder}: verified — {files} files unchanged, {rules} rules hold, stage values recompute{redone}",
        "vi": "{folder}: đã xác minh — {files} tệp không đổi, {rules} quy tắc được tuân thủ, giá trị các giai đoạn "
              "tính lại khớp{redone}"},
    "verified_redone": {"en": "; run redone and compared", "vi": "; đã chạy lại và so sánh"},
    "not_verified": {"en": "{folder}: does NOT verify — {problems} problem(s) listed above",
                     "vi": "{folder}: KHÔNG xác minh được — {problems} vấn đề liệt kê ở trên"},
    "note": {"en": "note: {text}", "vi": "lưu ý: {text}"},
    # --- other commands ---------------------------------------------------------------------------------------------
    "explained": {
        "en": "{rows} demand rows short in {units} unit(s); every reason names the rule that binds, checked against "
              "the plan ({binding} of {reasons} reasons bind)",
        "vi": "{rows} dòng nhu cầu còn thiếu chỗ ở {units} đơn vị; mỗi lý do nêu quy tắc ràng buộc, đã đối chiếu với "
              "phương án ({binding}/{reasons} lý do đang ràng buộc)"},
    "wrote": {"en": "wrote {path}", "vi": "đã ghi {path}"},
    "compared": {"en": "compared {count} results; wrote {out}/", "vi": "đã so sánh {count} kết quả; đã ghi {out}/"},
    "baseline_done": {
        "en": "{prefix}{name}: {seats:,} seats; rules broken: {broken}; wrote {out}/ ({seconds:.1f} s)",
        "vi": "{prefix}{name}: {seats:,} chỗ; quy tắc bị vi phạm: {broken}; đã ghi {out}/ ({seconds:.1f} giây)"},
    "none": {"en": "none", "vi": "không có"},
    "properties_method": {"en": "[{number}/{total}] {method}: baseline and houses ±{span}",
                          "vi": "[{number}/{total}] {method}: phương án chia và chỉ tiêu ±{span}"},
    "population": {
        "en": "population paradoxes between {plan} and the other plans: {units} units",
        "vi": "nghịch lý dân số giữa {plan} và các phương án khác: {units} đơn vị"},
    "sensitivity_none": {"en": "no single extra seat or class covers anyone more",
                         "vi": "không có chỗ hay lớp thêm nào giúp đào tạo thêm người"},
    "sensitivity_done": {"en": "{count} variants solved; wrote {out}/",
                         "vi": "đã giải {count} phương án biến thể; đã ghi {out}/"},
    "variants_start": {"en": "solving the variants", "vi": "đang giải các phương án biến thể"},
    "variant_done": {"en": "{what} {change}", "vi": "{what} {change}"},
    "variant_timed": {"en": "{what} {change} ({seconds:.0f} s)", "vi": "{what} {change} ({seconds:.0f} giây)"},
    "synthetic": {"en": "wrote a synthetic instance of {units} units × {years} years to {out}/",
                  "vi": "đã ghi một bộ dữ liệu tổng hợp {units} đơn vị × {years} năm vào {out}/"},
    # --- units' workbooks ------------------------------------------------------------------------------------------
    "unit_templates": {"en": "wrote {count} unit workbooks to {out}/ (e.g. {example})",
                       "vi": "đã ghi {count} sổ nhập liệu của các đơn vị vào {out}/ (ví dụ {example})"},
    "template_note": {
        "en": "note: without --data the sheets are empty and only fixed choices (block, kind, mode, yes/no) have "
              "drop-down lists; give --data FOLDER for lists of its units, families and tiers",
        "vi": "lưu ý: không có --data thì các trang để trống và chỉ các lựa chọn cố định (khối, loại đơn vị, hình "
              "thức, có/không) có danh sách chọn; thêm --data THƯ_MỤC để có danh sách đơn vị, loại khóa và nhóm"},
    "template_prefilled": {"en": " (pre-filled from {data}{blank})", "vi": " (điền sẵn từ {data}{blank})"},
    "template_blank": {"en": "; blank: {tables}", "vi": "; để trống: {tables}"},
    "imported_one": {"en": "read {file}: {tables} tables, valid; wrote {out}/",
                     "vi": "đã đọc {file}: {tables} bảng, hợp lệ; đã ghi {out}/"},
    "received": {
        "en": "{sent} of {total} units sent a workbook, {rows:,} demand rows ({cadres:,} cadres)",
        "vi": "{sent}/{total} đơn vị đã gửi sổ, {rows:,} dòng nhu cầu ({cadres:,} cán bộ)"},
    "read_received": {"en": "read {what}", "vi": "đã đọc: {what}"},
    "imported_many": {"en": "read {count} workbooks: {received}, valid; wrote {out}/ (with {report})",
                      "vi": "đã đọc {count} sổ: {received}, hợp lệ; đã ghi {out}/ (kèm {report})"},
    "import_problems": {
        "en": "bad input: {errors} problem(s): {books} workbook(s) with problems, {missing} unit(s) without a "
              "workbook; {warnings} warning(s); nothing was imported{where}",
        "vi": "dữ liệu sai: {errors} vấn đề: {books} sổ có vấn đề, {missing} đơn vị chưa gửi sổ; {warnings} cảnh "
              "báo; chưa nhập dữ liệu nào{where}"},
    "import_report_at": {"en": "; the report for the units is {path}", "vi": "; báo cáo gửi lại các đơn vị: {path}"},
    # --- pages for people -------------------------------------------------------------------------------------------
    "brief_written": {"en": "wrote {path} (one A4 page)", "vi": "đã ghi {path} (một trang A4)"},
    "notices_written": {
        "en": "wrote {count} notices (one A4 page per unit) and one file with them all to {out}/",
        "vi": "đã ghi {count} thông báo (mỗi đơn vị một trang A4) và một tệp gộp tất cả vào {out}/"},
    # --- how a run ends ---------------------------------------------------------------------------------------------
    "interrupted": {"en": "interrupted; no result folder was changed",
                    "vi": "đã ngắt (Ctrl-C); không thư mục kết quả nào bị thay đổi"},
    "terminated": {"en": "terminated; no result folder was changed",
                   "vi": "đã bị dừng; không thư mục kết quả nào bị thay đổi"},
    "file_error": {
        "en": "file error:{where}: {problem}; check the file and its permissions (no result folder was changed)",
        "vi": "lỗi tệp:{where}: {problem}; kiểm tra tệp và quyền truy cập (không thư mục kết quả nào bị thay đổi)"},
}

# The word a failed run's message starts with, by exit label (``errors.exit_label``).
EXIT_WORDS = {"vi": {"bad input": "dữ liệu sai", "infeasible": "không khả thi", "time limit": "giới hạn thời gian",
                     "checker failure": "kiểm tra thất bại", "error": "lỗi"}}
# A run's status (``Status`` values and exit labels) in Vietnamese.
STATUS_WORDS = {"vi": {"optimal": "tối ưu", "time_limited": "dừng ở giới hạn thời gian", "elastic": "đã nới quy tắc",
                       "baseline": "chia theo tỷ lệ", **EXIT_WORDS["vi"]}}
# The words of a place (``errors.Place``) in Vietnamese.
PLACE_WORDS = {"vi": {"row": "dòng", "column": "cột", "key": "khóa", "option": "tùy chọn"}}


class _Formatter(string.Formatter):
    """``str.format`` with each language's number habits: Vietnamese swaps the thousands and decimal marks."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        text = format(value, format_spec)
        if self.lang == "vi" and isinstance(value, (int, float)) and not isinstance(value, bool):
            text = text.translate({ord(","): ".", ord("."): ","})
        return text


def phrase(key: str, lang: str = "en", /, **values: Any) -> str:
    """The phrase ``key`` in ``lang`` with its values filled in; a value given in both languages (a mapping with
    the keys ``vi`` and ``en``, e.g. a stage's meaning) is taken in ``lang``."""
    chosen = {name: value[lang] if isinstance(value, dict) and set(value) == set(LANGS) else value
              for name, value in values.items()}
    return _Formatter(check_lang(lang)).format(PHRASES[key][lang], **chosen)


class Message(str):
    """A phrase that reads as its English text and can be said in another language (``text``)."""

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, /, **values: Any) -> Message:
        self = super().__new__(cls, phrase(key, "en", **values))
        self.key, self.values = key, values
        return self

    def text(self, lang: str = "en") -> str:
        return phrase(self.key, lang, **self.values)

    def __reduce__(self):
        return _rebuild, (self.key, self.values)


def _rebuild(key: str, values: dict[str, Any]) -> Message:
    return Message(key, **values)


def in_language(message: Any, lang: str) -> str:
    """A message as a person reads it: a ``Message`` in ``lang``, anything else as its text."""
    return message.text(lang) if isinstance(message, Message) else str(message)


def status_words(status: str, lang: str = "en") -> str:
    """A run's status (``optimal``, ``time_limited``, ``bad input``, …) as a person reads it in ``lang``."""
    return status if check_lang(lang) == "en" else STATUS_WORDS[lang].get(status, status)


def place_text(place: Place, lang: str = "en") -> str:
    """Where a problem is, in ``lang``: "demand.csv, dòng 7, cột count"."""
    if check_lang(lang) == "en":
        return str(place)
    return place.said(PLACE_WORDS[lang])


def failure_text(error: Exception, status: int, lang: str = "en") -> str:
    """The one line a failed run ends with: what kind of failure, where, what is wrong and the fix, in ``lang``
    (a message not yet translated keeps its English words inside the Vietnamese frame)."""
    label = exit_label(status)
    if check_lang(lang) == "en":
        return f"{label}: {error}"
    word = EXIT_WORDS[lang].get(label, label)
    if isinstance(error, InputError):
        problem = error.problem_vi or error.problem
        fix = error.fix_vi or error.fix
        return f"{word}: {place_text(error.place, lang)}: {problem}; {fix}"
    return f"{word}: {error}"
