"""Excel workbooks for the units' submissions: a template to fill in, and a filled one read back as a data folder.

``template.template_workbook`` renders an .xlsx: an instructions sheet, then one sheet per input table in
``schema.ALL_TABLES`` order (optionally pre-filled from a data folder), and a hidden ``lists`` sheet that the
drop-down lists point to. ``intake.import_workbook`` reads a filled workbook back into the CSV files of a data folder and
checks them with ``data.load_inputs``. Both return bytes; neither writes a file.

Header scheme
-------------
Row 1 of a table sheet holds each column's label in the workbook's language (bold, e.g. "Mã đơn vị"); row 2,
the *key row*, holds the machine column name from ``schema`` (small grey text, e.g. ``unit_id``); data start in
row 3, and both header rows are frozen. On import a column is named by its key when the row under the header is
a key row (every filled cell in it is a column name of the table), and otherwise by its header, which may be the
Vietnamese label, the English label or the machine name (case, spacing and Unicode form do not matter). So a
sheet whose key row was deleted, or one built by hand with either kind of header, reads the same; a header
merged over two columns still reads because the key row names each column. When a column has both a known
label and a key and they disagree, the import refuses rather than guess. A few title rows above the header are
skipped (the header is the first of the first ten rows with at least two known headers).

What import forgives and what it refuses
----------------------------------------
Forgiven, because Excel does it without changing the meaning: numbers stored as text, whole floats (12.0),
leading/trailing and non-breaking spaces, decomposed Vietnamese letters (NFD), blank rows and empty columns
anywhere, merged header cells, a year typed as a date (or the year 2024 shown as the date 16/07/1905), Excel
TRUE/FALSE in yes/no columns, the Vietnamese or English label of a fixed choice ("Khối Đảng" for ``party``),
a missing or emptied optional sheet (``targets``, ``plan_figures``: written as a header-only CSV). Formulas count by the
value Excel saved with them. Optional columns that are blank in every row are left out of the CSV, as in the
bundled data. Refused, as a one-line ``InputError`` naming the workbook, sheet, Excel row and column header and
the fix: anything that ``load_inputs`` refuses (a fractional count, text in a number column, an unknown id...),
an unknown or repeated header, a missing required sheet or column, values under no header, and a file that is
not an .xlsx workbook. The input file is only read.

Drop-down lists (list validations) point to the hidden ``lists`` sheet. Fixed choices (block, kind of unit,
mode, family group, kind of figure) stop a wrong entry; ids (units, families, tiers, quota targets, taken from
the data folder) and yes/no columns only warn, so a new id can be typed and is checked on import.
"""


from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill

from . import schema

LANGS = ("vi", "en")
KEY_ROW = 2  # row of the machine column names under the labels
FIRST_DATA_ROW = 3
LISTS_SHEET = "lists"
OPTIONAL_TABLES = ("targets", "plan_figures", "pins")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted (password-protected) .xlsx

SHEET_TITLES = {
    "vi": {
        "instructions": "Hướng dẫn", "units": "Đơn vị", "families": "Loại hình đào tạo", "courses": "Khóa học",
        "caps": "Chỉ tiêu", "demand": "Nhu cầu", "tiers": "Đối tượng ưu tiên", "targets": "Mục tiêu",
        "plan_figures": "Số liệu kế hoạch",
        "pins": "Quyết định trước",
    },
    "en": {
        "instructions": "Instructions", "units": "Units", "families": "Training families", "courses": "Courses",
        "caps": "Quotas", "demand": "Demand", "tiers": "Priority tiers", "targets": "Targets",
        "plan_figures": "Plan figures",
        "pins": "Decided seats",
    },
}

# (Vietnamese, English) label of every column of every input table.
COLUMN_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "units": {
        "unit_id": ("Mã đơn vị", "Unit id"), "name": ("Tên đơn vị", "Unit name"),
        "name_en": ("Tên tiếng Anh", "English name"), "kind": ("Loại đơn vị", "Kind of unit"),
        "code": ("Mã hành chính", "Administrative code"), "division_type": ("Loại xã", "Commune type"),
        "former_province": ("Tỉnh cũ", "Former province"), "former_district": ("Huyện cũ", "Former district"),
    },
    "families": {
        "family": ("Mã loại hình", "Family id"), "name": ("Tên loại hình đào tạo", "Family name"),
        "name_en": ("Tên tiếng Anh", "English name"), "group": ("Nhóm", "Group"),
    },
    "courses": {
        "course_id": ("Mã khóa học", "Course id"), "name": ("Tên khóa học", "Course name"),
        "name_en": ("Tên tiếng Anh", "English name"), "family": ("Mã loại hình", "Family id"),
        "mode": ("Hình thức học", "Mode"), "duration_months": ("Thời gian học (tháng)", "Duration (months)"),
        "class_size_min": ("Sĩ số lớp tối thiểu", "Minimum class size"),
        "class_size_max": ("Sĩ số lớp tối đa", "Maximum class size"),
    },
    "caps": {
        "year": ("Năm", "Year"), "target": ("Khóa học hoặc loại hình", "Course or family"),
        "block": ("Khối", "Block"), "seats_min": ("Chỉ tiêu tối thiểu", "Minimum seats"),
        "seats_max": ("Chỉ tiêu tối đa", "Maximum seats"), "classes_min": ("Số lớp tối thiểu", "Minimum classes"),
        "classes_max": ("Số lớp tối đa", "Maximum classes"), "provisional": ("Tạm giao", "Provisional"),
        "assumed": ("Giả định", "Assumed"), "source": ("Căn cứ", "Source"),
    },
    "demand": {
        "demand_id": ("Mã dòng nhu cầu", "Demand id"), "unit_id": ("Mã đơn vị", "Unit id"),
        "family": ("Mã loại hình", "Family id"), "tier": ("Mã đối tượng", "Tier id"), "block": ("Khối", "Block"),
        "count": ("Số lượng", "Count"), "earliest_year": ("Năm sớm nhất được cử học", "Earliest year"),
        "deadline_year": ("Năm phải học xong", "Deadline year"),
        "full_time_only": ("Chỉ học tập trung", "Full-time only"),
        "former_unit": ("Mã đơn vị cũ", "Former unit id"), "change_year": ("Năm đổi đơn vị", "Year of the change"),
    },
    "tiers": {
        "tier": ("Mã đối tượng", "Tier id"), "rank": ("Thứ tự ưu tiên", "Rank"),
        "name": ("Tên đối tượng", "Tier name"), "name_en": ("Tên tiếng Anh", "English name"),
    },
    "targets": {
        "family": ("Mã loại hình", "Family id"), "tier": ("Mã đối tượng", "Tier id"), "year": ("Năm", "Year"),
        "target_share": ("Tỷ lệ mục tiêu", "Target share"), "source": ("Căn cứ", "Source"),
    },
    "plan_figures": {
        "figure_id": ("Mã số liệu", "Figure id"), "kind": ("Loại số liệu", "Kind of figure"),
        "target": ("Khóa học, loại hình hoặc nhóm", "Course, family or group"), "block": ("Khối", "Block"),
        "value": ("Giá trị", "Value"), "classes": ("Số lớp", "Classes"), "audience": ("Đối tượng học", "Audience"),
        "source": ("Căn cứ", "Source"),
    },
    "pins": {
        "unit_id": ("Mã đơn vị", "Unit id"), "course": ("Khóa học hoặc loại hình", "Course or family"),
        "year": ("Năm", "Year"), "seats": ("Số chỗ", "Seats"), "at_least": ("Ít nhất", "At least"),
        "at_most": ("Nhiều nhất", "At most"), "note": ("Lý do", "Reason"),
    },
}

TABLE_NOTES = {
    "vi": {
        "units": "Các đơn vị cử cán bộ đi học, mỗi hàng một đơn vị.",
        "families": "Các loại hình đào tạo, bồi dưỡng của kế hoạch.",
        "courses": "Các khóa học (hệ tập trung, không tập trung) của từng loại hình, thời gian học và sĩ số lớp.",
        "caps": "Chỉ tiêu kế hoạch giao mỗi năm cho một khóa học hoặc loại hình.",
        "demand": "Nhu cầu của đơn vị: mỗi hàng là số cán bộ của một đơn vị, loại hình, đối tượng, khối cần đi học "
                  "trong cùng khoảng năm.",
        "tiers": "Các đối tượng ưu tiên; thứ tự 1 là cấp bách nhất.",
        "targets": "Tỷ lệ nhu cầu cần đáp ứng luỹ kế đến mỗi năm (chỉ dùng cho biểu đồ). Trang này có thể để trống "
                   "hoặc xóa.",
        "plan_figures": "Các số liệu khác kế hoạch nêu (tổng cả giai đoạn, số lớp, đối tượng). Trang này có thể để "
                        "trống hoặc xóa.",
        "pins": "Số chỗ đã quyết định trước cho một đơn vị ở một khóa học (hoặc loại hình) trong một năm: ghi đúng "
                "số chỗ, hoặc ít nhất/nhiều nhất; phần còn lại được tối ưu. Trang này có thể để trống hoặc xóa.",
    },
    "en": {
        "units": "The units that send cadres to training, one row per unit.",
        "families": "The kinds of training of the plan.",
        "courses": "The courses (full-time, part-time) of each family, their duration and class sizes.",
        "caps": "The plan's quota for a course or family in one year.",
        "demand": "Each row is the number of cadres of one unit, family, tier and block who must be trained within "
                  "the same years.",
        "tiers": "The priority tiers; rank 1 is the most urgent.",
        "targets": "The share of demand to be covered by each year, cumulative (used for charts only). This sheet "
                   "may be left empty or deleted.",
        "plan_figures": "Other figures the plan states (period totals, classes, audiences). This sheet may be left "
                        "empty or deleted.",
        "pins": "Seats already decided for a unit in a course (or family) and year: exactly, or at least/at most; "
                "the rest is optimised. This sheet may be left empty or deleted.",
    },
}

COLUMN_NOTES = {
    "vi": {
        ("demand", "count"): "Số cán bộ.",
        ("demand", "earliest_year"): "Năm sớm nhất có thể cử đi học.",
        ("demand", "deadline_year"): "Năm phải học xong.",
        ("demand", "full_time_only"): "'có' nếu chỉ được học hệ tập trung.",
        ("demand", "former_unit"): "Chỉ điền khi đơn vị sáp nhập hoặc chia tách; điền cùng năm đổi đơn vị.",
        ("demand", "change_year"): "Từ năm này cán bộ thuộc đơn vị mới; điền cùng mã đơn vị cũ.",
        ("courses", "class_size_min"): "Để trống cả hai cột sĩ số nếu học theo suất cá nhân, không theo lớp.",
        ("caps", "target"): "Mã khóa học hoặc mã loại hình.",
        ("caps", "provisional"): "'có' nếu chỉ tiêu còn phụ thuộc Trung ương.",
        ("caps", "assumed"): "'có' nếu chỉ tiêu chưa được ban hành, do quy tắc ghi ở cột Căn cứ suy ra.",
        ("tiers", "rank"): "1 là cấp bách nhất; mỗi đối tượng một thứ tự.",
    },
    "en": {
        ("demand", "count"): "Number of cadres.",
        ("demand", "earliest_year"): "The first year they can start.",
        ("demand", "deadline_year"): "The year their training must be finished.",
        ("demand", "full_time_only"): "true for cadres who may only study full-time.",
        ("demand", "former_unit"): "Only for a merged or split unit; fill in with the year of the change.",
        ("demand", "change_year"): "From this year the cadres belong to the new unit; fill in with the former unit.",
        ("courses", "class_size_min"): "Leave both class sizes blank for individual seats (no classes).",
        ("caps", "target"): "A course id or a family id.",
        ("caps", "provisional"): "true when the quota depends on the centre.",
        ("caps", "assumed"): "true when no plan states the quota: derived by the rule in the source column.",
        ("tiers", "rank"): "1 is the most urgent; one rank per tier.",
    },
}

# Id columns whose values must be ids of another table: (table, column) -> the tables that list them.
REFERENCES = {
    ("demand", "unit_id"): ("units",), ("demand", "former_unit"): ("units",),
    ("demand", "family"): ("families",), ("courses", "family"): ("families",), ("targets", "family"): ("families",),
    ("demand", "tier"): ("tiers",), ("targets", "tier"): ("tiers",),
    ("caps", "target"): ("courses", "families"),
    ("pins", "unit_id"): ("units",), ("pins", "course"): ("courses", "families"),
}
CHOICE_LABELS = {
    lang: {**schema.KIND_LABELS[lang], **schema.MODE_LABELS[lang], **schema.BLOCK_LABELS[lang]} for lang in LANGS
}
BOOL_WORDS = {"vi": ("có", "không"), "en": ("true", "false")}

TEXT = {
    "vi": {
        "title": "HƯỚNG DẪN ĐIỀN VÀ GỬI SỐ LIỆU",
        "rules": (
            "1. Mỗi trang tính là một bảng số liệu; các trang và các cột được mô tả trong bảng dưới đây.",
            "2. Hàng 1 là tên cột. Hàng 2 (chữ nhỏ màu xám) là mã cột để chương trình đọc: không sửa, không xóa "
            "hàng 2. Số liệu điền từ hàng 3, mỗi hàng một dòng số liệu; hàng trống được bỏ qua.",
            "3. Không đổi tên trang tính, không thêm cột. Cột không bắt buộc có thể để trống.",
            "4. Mã (các cột 'Mã ...') chỉ gồm chữ thường không dấu a–z, chữ số, dấu '_', '-' hoặc '.', không có "
            "dấu cách; ví dụ: tp_nam_dinh.",
            "5. Năm và số lượng là số nguyên (ví dụ 2024, 12): không có phần thập phân, không có dấu chấm hay "
            "dấu phẩy phân cách hàng nghìn.",
            "6. Cột có/không: ghi 'có' hoặc 'không' (hoặc true/false); ô để trống được hiểu là 'không'.",
            "7. Cột có danh sách chọn: bấm vào ô và chọn trong danh sách.",
            "8. Gửi lại: lưu tệp dạng Excel Workbook (.xlsx), không lưu thành .xls hay .csv, và gửi về cơ quan "
            "tổng hợp. Tệp được nhập bằng lệnh 'import' của chương trình; nếu có lỗi, chương trình báo tên trang, "
            "số hàng và tên cột cần sửa.",
        ),
        "headers": ("Trang tính", "Cột", "Mã cột", "Bắt buộc", "Cách ghi, giá trị hợp lệ"),
        "yes": "Có", "no": "Không",
        "optional_sheet": "(không bắt buộc)",
        "id": "Mã: chữ thường không dấu a–z, chữ số, '_', '-', '.'; không có dấu cách",
        "ref": "phải có trong trang {sheets}", "or": " hoặc ",
        "text": "Chữ (có dấu); không bắt đầu bằng =, + hoặc @",
        "int": "Số nguyên từ {low} đến {high}", "int_low": "Số nguyên từ {low} trở lên",
        "year": "Năm: số nguyên 4 chữ số ({low}–{high})",
        "share": "Tỷ lệ từ 0 đến 1, ví dụ 0,8 là 80%",
        "bool": "có/không (hoặc true/false); để trống là không",
        "choice": "Một trong: {choices}",
        "blank": "có thể để trống",
        "list_title": "Chọn trong danh sách", "list_stop": "Giá trị không có trong danh sách.",
        "list_warn": "Giá trị không có trong danh sách; vẫn giữ nếu chắc chắn là mã mới.",
    },
    "en": {
        "title": "HOW TO FILL IN AND SEND BACK THIS WORKBOOK",
        "rules": (
            "1. Each sheet is one table; the sheets and their columns are described in the table below.",
            "2. Row 1 holds the column names. Row 2 (small grey text) holds the column keys the program reads: do "
            "not change or delete row 2. Data start in row 3, one record per row; blank rows are skipped.",
            "3. Do not rename the sheets or add columns. Optional columns may be left blank.",
            "4. Ids (the '... id' columns) use plain ASCII lowercase letters a–z, digits, '_', '-' or '.', without "
            "spaces; for example tp_nam_dinh.",
            "5. Years and counts are whole numbers (e.g. 2024, 12): no decimals, no thousands separators.",
            "6. Yes/no columns: write true or false (or có/không); a blank cell means false.",
            "7. Columns with a drop-down list: click the cell and pick a value from the list.",
            "8. Sending it back: save the file as an Excel Workbook (.xlsx), not .xls or .csv, and send it to the "
            "province. It is read with the program's 'import' command, which names the sheet, row and column of any "
            "problem.",
        ),
        "headers": ("Sheet", "Column", "Key", "Required", "How to fill in, allowed values"),
        "yes": "Yes", "no": "No",
        "optional_sheet": "(optional)",
        "id": "Id: plain ASCII lowercase letters a–z, digits, '_', '-', '.'; no spaces",
        "ref": "must be listed in the sheet {sheets}", "or": " or ",
        "text": "Text; must not start with =, + or @",
        "int": "Whole number from {low} to {high}", "int_low": "Whole number of at least {low}",
        "year": "Year: a four-digit whole number ({low}–{high})",
        "share": "Share between 0 and 1, e.g. 0.8 for 80%",
        "bool": "true/false (or có/không); blank means false",
        "choice": "One of: {choices}",
        "blank": "may be left blank",
        "list_title": "Pick from the list", "list_stop": "The value is not in the list.",
        "list_warn": "The value is not in the list; keep it only if it is a new id.",
    },
}

BOLD = Font(bold=True)
KEY_FONT = Font(size=8, italic=True, color="808080")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
KEY_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


def _table(name: str) -> schema.Table:
    return next(t for t in schema.ALL_TABLES if t.name == name)


def column_label(table: str, column: str, lang: str = "vi") -> str:
    """The header people read for a column of an input table (the machine name for a column not yet labelled)."""
    vi, en = COLUMN_LABELS.get(table, {}).get(column, (column, column))
    return vi if _check_lang(lang) == "vi" else en


def _is_year(column: schema.Column) -> bool:
    return column.kind == "int" and (column.name == "year" or column.name.endswith("_year"))
