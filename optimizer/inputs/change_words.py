"""The messages of the what-if changes (``changes``), the pins (``pins``) and the scenario's other settings
(``overrides``) in Vietnamese: each English problem and fix, matched whole, and the
Vietnamese that says it, with the ids, values and paths it quotes carried over as written."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import InputError, Place
from ..files import path_problem_vi
from .scenario_fields import MAPPING_VI, MISSING_KEY_VI, RELATIVE_VI, UNKNOWN_KEY_VI

Words = list[tuple[re.Pattern, str | Callable[[re.Match], str]]]


def _table(pairs: list[tuple[str, str | Callable[[re.Match], str]]]) -> Words:
    return [(re.compile(english), vietnamese) for english, vietnamese in pairs]


# First match wins: a narrower English text comes before a wider one.
PROBLEMS_VI = _table([
    (r"must be a mapping", MAPPING_VI),
    (r"unknown key", UNKNOWN_KEY_VI),
    (r"required key is missing", MISSING_KEY_VI),
    (r"needs exactly one of (.*), has (\d+)", r"cần đúng một thao tác trong số \1, hiện có \2"),
    (r"the data have no quota lines for (.*)", r"số liệu không có dòng chỉ tiêu nào của năm \1"),
    (r"(.*) already has quota lines", r"năm \1 đã có dòng chỉ tiêu"),
    (r"unknown block (.*)", r"khối \1 không xác định"),
    (r"give either years or from_year", "chỉ ghi một trong hai khóa years hoặc from_year"),
    (r"must map quota columns to values", "phải ghi giá trị cho các cột chỉ tiêu"),
    (r"unknown quota column", "cột chỉ tiêu không xác định"),
    (r"(.*) is not a whole number of classes", r"\1 không phải là số lớp nguyên khác 0"),
    (r"must be true", "chỉ được ghi true"),
    (r"no quota line of '(.*)' \(block (.*)\) in the selected years",
     r"không có dòng chỉ tiêu nào của '\1' (khối \2) trong các năm đã chọn"),
    (r"no quota line of '(.*)' in the selected years", r"không có dòng chỉ tiêu nào của '\1' trong các năm đã chọn"),
    (r"unknown course or family '(.*)'", r"khóa học hoặc loại hình đào tạo '\1' chưa được khai báo"),
    (r"the quota lines of '(.*)' limit classes, not seats",
     r"các dòng chỉ tiêu của '\1' giới hạn số lớp, không giới hạn số chỗ"),
    (r"the quota lines of '(.*)' set no number of classes", r"các dòng chỉ tiêu của '\1' không ghi số lớp"),
    (r"leaves (\S+) (\d+) with a negative number \((.*)\)", r"làm cho \1 năm \2 có số âm (\3)"),
    (r"leaves (\S+) (\d+) with (\S+) above (\S+) \((.*)\)", r"làm cho \1 năm \2 có \3 lớn hơn \4 (\5)"),
    (r"leaves the (\d+) line of (.*) limiting nothing",
     r"làm cho dòng chỉ tiêu năm \1 của \2 không còn giới hạn gì"),
    (r"give either unit or units", "chỉ ghi một trong hai khóa unit hoặc units"),
    (r"must be a list of unit ids", "phải là danh sách mã đơn vị"),
    (r"must map demand columns to values", "phải ghi giá trị cho các cột nhu cầu"),
    (r"unknown demand column", "cột nhu cầu không xác định"),
    (r"(.*) is not true or false", r"\1 không phải là true hoặc false"),
    (r"must be the path of a demand CSV", "phải là đường dẫn của một tệp CSV nhu cầu"),
    (r"unknown family '(.*)'", r"loại hình đào tạo '\1' chưa được khai báo"),
    (r"unknown tier '(.*)'", r"nhóm đối tượng '\1' chưa được khai báo"),
    (r"unknown unit '(.*)'", r"đơn vị '\1' chưa được khai báo"),
    (r"selects no demand rows", "không chọn được dòng nhu cầu nào"),
    (r"leaves (.*) with a deadline before its earliest year", r"làm cho \1 có năm hạn cuối sớm hơn năm sớm nhất"),
    (r"the file (.*?) (does not exist|is .*|cannot be examined .*)",
     lambda m: f"tệp {m[1]} {path_problem_vi(m[2])}"),
    (r"the row is not one of the rows this change replaces", "dòng này không thuộc các dòng mà thay đổi này thay thế"),
    (r"'(.*)' is also a row that stays", r"'\1' trùng mã với một dòng được giữ lại"),
    (r"'(.*)' appears more than once", r"'\1' xuất hiện nhiều lần"),
    (r"must list at least two new units", "phải liệt kê ít nhất hai đơn vị mới"),
    (r"the shares do not add up to 1", "tổng các tỷ lệ (share) không bằng 1"),
    (r"(.*) is not a valid id", r"\1 không phải là mã hợp lệ"),
    (r"(.*) is not a one-line name", r"\1 không phải là tên viết trên một dòng"),
    (r"(.*) starts like a spreadsheet formula", r"\1 bắt đầu giống một công thức bảng tính"),
    (r"(.*) is not a share between 0 and 1", r"\1 không phải là tỷ lệ lớn hơn 0 và không quá 1"),
    (r"unknown unit kind (.*)", r"loại đơn vị \1 không xác định"),
    (r"the unit's rows were already merged or split by an earlier change",
     "các dòng của đơn vị này đã được sáp nhập hoặc chia tách ở một thay đổi trước"),
    (r"a unit cannot merge into itself", "một đơn vị không thể sáp nhập vào chính nó"),
    (r"unit '(.*)' already exists", r"đơn vị '\1' đã có"),
    # overrides
    (r"year (\d+) is not one of the scenario's years", r"năm \1 không thuộc các năm của kịch bản"),
    (r"year (\S+) is not a frozen year", r"năm \1 không thuộc các năm giữ theo số thực hiện (frozen.years)"),
    (r"tier '(.*)' is missing", r"thiếu nhóm đối tượng '\1'"),
    (r"the row appears twice", "dòng này bị lặp lại"),
    (r"unknown demand row '(.*)'", r"không có dòng nhu cầu '\1'"),
    (r"unknown course '(.*)'", r"khóa học '\1' chưa được khai báo"),
    (r"course '(.*)' does not serve the row's family", r"khóa học '\1' không thuộc loại hình đào tạo của dòng này"),
    # pins
    (r"must be one line of text", "phải là văn bản viết trên một dòng"),
    (r"says nothing about the seats", "chưa ghi số chỗ"),
    (r"give either seats or at_least/at_most", "chỉ ghi seats, hoặc at_least/at_most"),
    (r"at_least (\S+) is greater than at_most (\S+)", r"at_least \1 lớn hơn at_most \2"),
    (r"(\S+) is not one of the plan's years (.*)", r"\1 không thuộc các năm của kế hoạch \2"),
    (r"(\S+) has no cadres of the family '(.*)' in demand\.csv, so no seats of '(.*)' can go to it",
     r"\1 không có cán bộ thuộc loại hình đào tạo '\2' trong demand.csv, nên không nhận được chỗ của '\3'"),
])

FIXES_VI = _table([
    (r"did you mean '(.*)'\?", r"có phải là '\1'?"),
    (r"use only: (.*)", r"chỉ dùng các khóa: \1"),
    (r"write e\.g\. 1 or -1", "hãy ghi, ví dụ, 1 hoặc -1"),
    (r"write e\.g\. (.*)", r"hãy ghi, ví dụ, \1"),
    (r"write the new years, e\.g\. (.*)", r"hãy ghi các năm mới, ví dụ \1"),
    (r"copy from a year that caps\.csv covers", "hãy sao chép từ một năm có trong caps.csv"),
    (r"add only years the data do not cover, or change their quotas under 'caps'",
     "chỉ thêm các năm chưa có trong số liệu, hoặc sửa chỉ tiêu của các năm đó trong 'caps'"),
    (r"name the course or family, e\.g\. target: (.*)", r"hãy ghi khóa học hoặc loại hình đào tạo, ví dụ target: \1"),
    (r"use one of: (.*)", r"hãy dùng một trong: \1"),
    (r"keep one of them", "hãy giữ lại một trong hai"),
    (r"write 'remove: true' or delete the key", "hãy ghi 'remove: true' hoặc xóa khóa này"),
    (r"use a target and years that caps\.csv has", "hãy dùng mã và các năm có trong caps.csv"),
    (r"use a course_id from courses\.csv or a family from families\.csv",
     "hãy dùng một mã course_id trong courses.csv hoặc một mã family trong families.csv"),
    (r"use add_classes or set classes_min/classes_max", "hãy dùng add_classes hoặc đặt classes_min/classes_max"),
    (r"use set or scale for seats", "hãy dùng set hoặc scale cho số chỗ"),
    (r"change the values", "hãy sửa các giá trị"),
    (r"use 'remove: true' to drop a quota line", "hãy dùng 'remove: true' để bỏ dòng chỉ tiêu"),
    (r"write true or false", "hãy ghi true hoặc false"),
    (r"use one listed in (.*)", r"hãy dùng một mã có trong \1"),
    (r"use a unit_id from units\.csv", "hãy dùng một mã unit_id trong units.csv"),
    (r"check unit, family, tier and block", "hãy kiểm tra unit, family, tier và block"),
    (r"change the years", "hãy sửa các năm"),
    (r"check the path \(it is relative to the scenario file\)", RELATIVE_VI),
    (r"keep only rows that (.*) selects, or widen its selection",
     r"chỉ giữ các dòng mà \1 chọn, hoặc mở rộng phạm vi chọn của thay đổi"),
    (r"give the new rows their own ids", "hãy đặt mã riêng cho các dòng mới"),
    (r"keep one row per id", "mỗi mã chỉ giữ một dòng"),
    (r"write the date it takes effect, e\.g\. (.*)", r"hãy ghi ngày có hiệu lực, ví dụ \1"),
    (r"name the unit\(s\) it becomes", "hãy ghi (các) đơn vị sau khi thay đổi"),
    (r"write unit_id, name, kind and share for each", "hãy ghi unit_id, name, kind và share cho mỗi đơn vị"),
    (r"write unit_id, name, kind and share", "hãy ghi unit_id, name, kind và share"),
    (r"fix the shares", "hãy sửa các tỷ lệ"),
    (r"add '(.*)'", r"hãy thêm '\1'"),
    (r"use letters without diacritics, digits, '_', '-' or '\.'", "hãy dùng chữ không dấu, chữ số, '_', '-' hoặc '.'"),
    (r"write the unit's name", "hãy ghi tên đơn vị"),
    (r"remove the leading =, \+ or @", "hãy bỏ dấu =, + hoặc @ ở đầu"),
    (r"merge or split each unit once per scenario", "mỗi đơn vị chỉ sáp nhập hoặc chia tách một lần trong một kịch bản"),
    (r"name another unit", "hãy ghi một đơn vị khác"),
    (r"give the new unit its own id", "hãy đặt mã riêng cho đơn vị mới"),
    # overrides
    (r"freeze only years it plans", "chỉ giữ theo số thực hiện những năm mà kịch bản lập kế hoạch"),
    (r"list it under frozen\.years or remove the row", "hãy ghi năm này vào frozen.years hoặc bỏ dòng này"),
    (r"check the path \(it is relative to the scenario\)", RELATIVE_VI),
    (r"use the tiers of tiers\.csv: (.*)", r"hãy dùng các nhóm đối tượng trong tiers.csv: \1"),
    (r"list every tier once", "hãy liệt kê mỗi nhóm đối tượng một lần"),
    (r"keep one row per demand_id, year and course_id", "mỗi bộ demand_id, year, course_id chỉ giữ một dòng"),
    (r"use the demand_id of a row of this scenario's demand",
     "hãy dùng demand_id của một dòng nhu cầu trong kịch bản này"),
    (r"use a course_id from courses\.csv", "hãy dùng một mã course_id trong courses.csv"),
    (r"fix the course or the row", "hãy sửa khóa học hoặc dòng này"),
    # pins
    (r"write why the decision was taken, in one line", "hãy ghi lý do của quyết định trên một dòng"),
    (r"give seats: N, or at_least and/or at_most", "hãy ghi seats: N, hoặc at_least và/hoặc at_most"),
    (r"keep seats or (.*)", r"hãy giữ seats hoặc \1"),
    (r"swap or fix them", "hãy đổi chỗ hoặc sửa hai số này"),
    (r"pin a year the scenario plans", "hãy chọn một năm mà kịch bản lập kế hoạch"),
    (r"remove the pin or add the unit's demand", "hãy bỏ quyết định giữ cố định này hoặc bổ sung nhu cầu của đơn vị"),
])


def said_vi(text: str, table: Words) -> str:
    """``text`` in Vietnamese by ``table``; "" (the English is shown) when the table has no words for it."""
    for english, vietnamese in table:
        if (match := english.fullmatch(text)) is not None:
            return vietnamese(match) if callable(vietnamese) else match.expand(vietnamese)
    return ""


def refused(place: Place, problem: str, fix: str) -> InputError:
    """The bad-input error of a change, a pin or a setting, with its Vietnamese words."""
    return InputError(place, problem, fix, problem_vi=said_vi(problem, PROBLEMS_VI), fix_vi=said_vi(fix, FIXES_VI))
