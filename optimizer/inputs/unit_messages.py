"""The words of the units' workbook import: what is wrong and how to fix it, in Vietnamese and English.

Each message is (what, fix); both are sent back to the unit, so they speak of sheets, cells, names and lists,
never of files, ids or programs.
"""

from __future__ import annotations

from .unit_forms import COLUMNS

MESSAGES = {
    "vi": {
        "unreadable": ("không đọc được tệp như một bảng tính Excel (.xlsx) ({detail})",
                       "mở tệp bằng Excel, lưu lại dạng Excel Workbook (.xlsx), không đặt mật khẩu, rồi gửi lại"),
        "no_sheet": ("tệp không có trang '{sheet}' (các trang: {sheets})",
                     "dùng đúng tệp mẫu đã gửi cho đơn vị; không đổi tên trang '{sheet}'"),
        "which_unit": ("không xác định được đơn vị gửi tệp này",
                       ("dùng tệp mẫu của đơn vị (tên đơn vị ở ô {form_cell} trang 'Nhu cầu'), hoặc chọn tên đơn vị ở cột "
                       "Đơn vị")),
        "twice": ("đơn vị đã gửi một tệp khác ({other}); chỉ nhận một tệp cho mỗi đơn vị",
                  "giữ tệp đúng, bỏ tệp kia khỏi thư mục rồi nhập lại"),
        "missing_unit": ("đơn vị chưa gửi tệp nhu cầu", "nhận tệp '{file}' của đơn vị rồi nhập lại"),
        "every_table": ("đây là tệp mẫu của mọi bảng (có trang 'Đơn vị'), không phải tệp nhu cầu của một đơn vị",
                        "nhập riêng tệp này bằng lệnh import TỆP --out THƯ_MỤC, hoặc bỏ nó khỏi thư mục"),
        "no_header": ("không tìm thấy hàng tiêu đề cột (Loại hình, Đối tượng, Khối, Số lượng...)",
                      "chép lại hàng tiêu đề (hàng {row}) từ tệp mẫu"),
        "no_column": ("thiếu cột '{column}'", "dùng tệp mẫu; không xóa cột"),
        "empty": ("trang '{sheet}' không có hàng nhu cầu nào",
                  "điền nhu cầu của đơn vị từ hàng {row}; đơn vị không có nhu cầu thì ghi số lượng 0"),
        "blank_name": ("ô trống ở cột '{column}'", "bấm vào ô và chọn trong danh sách"),
        "unknown_name": ("'{value}' không có trong danh sách '{column}'", "chọn trong danh sách{hint}"),
        "did_you_mean": ("; có phải '{name}'?", ""),
        "one_of": (": {names}", ""),
        "other_unit": ("hàng này ghi đơn vị '{value}', không phải đơn vị của tệp",
                       "chỉ ghi nhu cầu của đơn vị mình (để trống cột Đơn vị); đơn vị khác gửi tệp riêng"),
        "blank_number": ("ô trống ở cột '{column}'", "ghi một số nguyên"),
        "not_whole": ("'{value}' ở cột '{column}' không phải số nguyên",
                      "ghi bằng chữ số, không có phần thập phân, ví dụ 12 hoặc 2024"),
        "negative": ("số lượng âm ({value})", "ghi số cán bộ, từ 0 trở lên"),
        "too_many": ("số lượng {value} quá lớn (quá {high})", "kiểm tra lại: có thể thừa chữ số 0"),
        "year_outside": ("năm {value} ở cột '{column}' nằm ngoài khoảng {low}–{high} (kế hoạch {first}–{last})",
                         "ghi một năm từ {low} đến {high}"),
        "deadline_before": ("năm phải học xong {deadline} trước năm sớm nhất được cử học {earliest}",
                            "sửa một trong hai năm"),
        "yes_no": ("'{value}' ở cột 'Chỉ học tập trung' không phải có/không", "chọn có hoặc không; để trống là không"),
        "no_full_time": ("loại hình '{family}' không có hệ tập trung, nên không thể chỉ học tập trung",
                         "chọn 'không' ở cột 'Chỉ học tập trung'"),
        "duplicate": ("hàng này giống hệt hàng {row}", "xóa một trong hai hàng, hoặc cộng số lượng vào một hàng"),
        "merged": ("nhu cầu gộp của các đơn vị không hợp lệ: {problem}", "{fix}"),
    },
    "en": {
        "unreadable": ("the file cannot be read as an Excel workbook (.xlsx) ({detail})",
                       "open it in Excel, save it as an Excel Workbook (.xlsx) without a password, and send it again"),
        "no_sheet": ("the workbook has no sheet '{sheet}' (its sheets: {sheets})",
                     "use the form sent to the unit; do not rename the sheet '{sheet}'"),
        "which_unit": ("which unit sent this workbook cannot be told",
                       ("use the unit's own form (its name in cell {form_cell} of the sheet 'Demand'), or pick the unit's "
                       "name in the column Unit")),
        "twice": ("the unit also sent another workbook ({other}); one workbook per unit is read",
                  "keep the right one, move the other out of the folder and import again"),
        "missing_unit": ("the unit sent no demand workbook", "get the unit's workbook '{file}' and import again"),
        "every_table": ("this is the workbook of every table (it has a sheet 'Units'), not a unit's demand workbook",
                        "import it on its own with import FILE --out FOLDER, or move it out of the folder"),
        "no_header": ("no row of column headers (Family, Tier, Block, Count...) found",
                      "copy the header row (row {row}) back from the form"),
        "no_column": ("the column '{column}' is missing", "use the form; do not delete columns"),
        "empty": ("the sheet '{sheet}' has no demand rows",
                  "fill in the unit's demand from row {row}; a unit without demand writes a count of 0"),
        "blank_name": ("the cell of the column '{column}' is blank", "click the cell and pick from the list"),
        "unknown_name": ("'{value}' is not in the list of '{column}'", "pick from the list{hint}"),
        "did_you_mean": ("; did you mean '{name}'?", ""),
        "one_of": (": {names}", ""),
        "other_unit": ("the row names the unit '{value}', not the workbook's unit",
                       "list only your own unit's demand (leave Unit blank); other units send their own workbooks"),
        "blank_number": ("the cell of the column '{column}' is blank", "write a whole number"),
        "not_whole": ("'{value}' in the column '{column}' is not a whole number ({detail})",
                      "write digits without decimals, e.g. 12 or 2024"),
        "negative": ("a negative count ({value})", "write the number of cadres, 0 or more"),
        "too_many": ("the count {value} is too large (over {high})", "check it: perhaps an extra zero"),
        "year_outside": ("the year {value} in the column '{column}' lies outside {low}–{high} (plan {first}–{last})",
                         "write a year from {low} to {high}"),
        "deadline_before": ("the deadline {deadline} is before the earliest year {earliest}", "fix one of the years"),
        "yes_no": ("'{value}' in the column 'Full-time only' is not yes/no", "pick yes or no; blank means no"),
        "no_full_time": ("the family '{family}' has no full-time course, so it cannot be full-time only",
                         "pick 'no' in the column 'Full-time only'"),
        "duplicate": ("the row repeats row {row} exactly", "delete one of them, or add the counts into one row"),
        "merged": ("the units' demand together is not valid: {problem}", "{fix}"),
    },
}
for _key, _vi, _en, _ in COLUMNS:
    MESSAGES["vi"]["label_" + _key] = (_vi, "")
    MESSAGES["en"]["label_" + _key] = (_en, "")


def message(lang: str, key: str, **values) -> tuple[str, str]:
    """(what, fix) of the message ``key`` in ``lang`` with ``values`` filled in."""
    what, fix = MESSAGES[lang][key]
    return what.format(**values), fix.format(**values)
