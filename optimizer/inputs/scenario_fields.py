"""Checks of single values written in a scenario file (years, whole numbers, ids, factors, dates, paths), shared
by the settings (``scenario``) and the what-if changes (``changes``) so both word their messages alike."""

from __future__ import annotations

import datetime
import difflib
import os
from pathlib import Path
from typing import Any

from ..errors import InputError, Place
from . import schema


def hint(key: str, known) -> str:
    """The fix for an unknown key: the closest known one, or all of them."""
    close = difflib.get_close_matches(key, sorted(known), n=1)
    return f"did you mean '{close[0]}'?" if close else f"use only: {', '.join(sorted(known))}"


def hint_vi(key: str, known) -> str:
    """``hint`` in Vietnamese."""
    close = difflib.get_close_matches(key, sorted(known), n=1)
    return f"có phải là '{close[0]}'?" if close else f"chỉ dùng các khóa: {', '.join(sorted(known))}"


# Words many scenario messages share, in Vietnamese.
UNKNOWN_KEY_VI = "khóa không xác định"
MISSING_KEY_VI = "thiếu khóa bắt buộc"
BASELINE_VI = "hãy xem kịch bản mẫu scenarios/baseline.yaml"
RELATIVE_VI = "hãy kiểm tra đường dẫn (tính từ thư mục của tệp kịch bản này)"
MAPPING_VI = "phải là các cặp khóa: giá trị"

# The things ``whole`` is asked to check, in Vietnamese; a key or column name (seats_max, count) stays as written.
WHAT_VI = {"a release limit": "giới hạn số cán bộ được cử đi học tập trung"}


def near(path: Path, value: str) -> Path:
    """A path written in a scenario file, relative to that file."""
    return Path(os.path.normpath(path.parent / value))


def as_written(path: Path, file: str | Path) -> str:
    """``path`` (read by ``near``) relative to the scenario file again, as its author wrote it: the words that
    describe a change must not depend on where the checkout lies or where the program was started."""
    return Path(os.path.relpath(Path(path).resolve(), Path(file).resolve().parent)).as_posix()


def whole(value: Any, place: Place, what: str, minimum: int = 0, maximum: int | None = None) -> int:
    if (isinstance(value, bool) or not isinstance(value, int) or value < minimum
            or (maximum is not None and value > maximum)):
        most = "" if maximum is None else f" and at most {maximum:,}"
        most_vi = "" if maximum is None else f" đến {maximum:,}".replace(",", ".")
        raise InputError(place, f"{what} must be a whole number of at least {minimum}{most}, not {value!r}",
                         "fix the value", fix_vi="hãy sửa lại giá trị",
                         problem_vi=f"{WHAT_VI.get(what, what)} phải là số nguyên từ {minimum}{most_vi}"
                                    f"{'' if most_vi else ' trở lên'}, không phải {value!r}")
    return value


def year(value: Any, place: Place) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not schema.MIN_YEAR <= value <= schema.MAX_YEAR:
        raise InputError(place, f"{value!r} is not a year between {schema.MIN_YEAR} and {schema.MAX_YEAR}",
                         "write a year such as 2024", fix_vi="hãy ghi một năm, ví dụ 2024",
                         problem_vi=f"{value!r} không phải là năm trong khoảng {schema.MIN_YEAR}–{schema.MAX_YEAR}")
    return value


def year_list(value: Any, place: Place) -> tuple[int, ...]:
    if not isinstance(value, list) or not value:
        raise InputError(place, "must be a list of years", "write e.g. [2023, 2024, 2025]",
                         problem_vi="phải là một danh sách các năm", fix_vi="hãy ghi, ví dụ, [2023, 2024, 2025]")
    return tuple(sorted({year(y, place) for y in value}))


def an_id(value: Any, place: Place) -> str:
    if not isinstance(value, str) or not value:
        raise InputError(place, f"{value!r} is not an id", "write an id as it appears in the data tables",
                         problem_vi=f"{value!r} không phải là mã", fix_vi="hãy ghi mã đúng như trong các bảng số liệu")
    return value


def factor(value: Any, place: Place) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1e6:
        raise InputError(place, f"{value!r} is not a factor of zero or more", "write e.g. 0.75 or 2",
                         problem_vi=f"{value!r} không phải là hệ số từ 0 trở lên", fix_vi="hãy ghi, ví dụ, 0.75 hoặc 2")
    return float(value)


def effective_year(value: Any, place: Place) -> int:
    """A merge or split takes effect for seats starting in the year of its date (the model's step is a year)."""
    if isinstance(value, str):
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                value = datetime.datetime.strptime(value.strip(), pattern).date()
                break
            except ValueError:
                continue
        else:
            raise InputError(place, f"{value!r} is not a date", "write it as 2024-09-01 or 01/09/2024",
                             problem_vi=f"{value!r} không phải là ngày tháng",
                             fix_vi="hãy ghi ngày theo dạng 2024-09-01 hoặc 01/09/2024")
    if isinstance(value, datetime.date):
        return year(value.year, place)
    return year(value, place)
