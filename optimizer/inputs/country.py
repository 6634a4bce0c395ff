"""A country folder: ``provinces.csv`` (province_code, province, scenario) naming one scenario per province, each
in its own folder (``<slug>/scenario.yaml`` beside that province's data tables)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

from ..errors import InputError, Place

PROVINCES_FILE = "provinces.csv"
PROVINCE_COLUMNS = ["province_code", "province", "scenario"]


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    scenario: Path  # the scenario file
    slug: str  # the folder its result goes to, under the national output


def read_provinces(folder: str | Path) -> tuple[Province, ...]:
    """The provinces of a country folder, in file order; refuses a missing column, an empty or repeated code or
    slug, and a scenario path that leaves the folder or names no file."""
    folder = Path(folder)
    path = folder / PROVINCES_FILE
    if not path.is_file():
        raise InputError(Place(str(folder)), f"the folder has no {PROVINCES_FILE}",
                         "give a country folder (written by generate --country), with one row per province",
                         problem_vi=f"thư mục không có {PROVINCES_FILE}",
                         fix_vi="hãy chọn thư mục cả nước (do generate --country ghi), mỗi tỉnh một dòng")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in PROVINCE_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(Place(str(path), column=missing[0]), "the column is missing",
                         f"add the columns {', '.join(PROVINCE_COLUMNS)}", problem_vi="thiếu cột này",
                         fix_vi=f"hãy thêm các cột {', '.join(PROVINCE_COLUMNS)}")
    if table.empty:
        raise InputError(Place(str(path)), "the file lists no province", "add one row per province",
                         problem_vi="tệp không có tỉnh nào", fix_vi="hãy thêm mỗi tỉnh một dòng")
    provinces, seen = [], {}
    for row, (code, name, scenario) in enumerate(table[PROVINCE_COLUMNS].itertuples(index=False), start=2):
        relative = PurePosixPath(scenario.strip())
        if not scenario.strip() or relative.is_absolute() or ".." in relative.parts:
            raise InputError(Place(str(path), row, "scenario"), f"'{scenario}' is not a path inside the folder",
                             "give the scenario's path relative to the country folder, e.g. ha_noi/scenario.yaml",
                             problem_vi=f"'{scenario}' không phải đường dẫn trong thư mục",
                             fix_vi="hãy ghi đường dẫn kịch bản tính từ thư mục cả nước, ví dụ ha_noi/scenario.yaml")
        file = folder.joinpath(*relative.parts)
        if not file.is_file():
            raise InputError(Place(str(path), row, "scenario"), f"no such scenario file: {file}", "check the path",
                             problem_vi=f"không có tệp kịch bản {file}", fix_vi="hãy kiểm tra đường dẫn")
        slug = relative.parts[0] if len(relative.parts) > 1 else relative.stem
        for column, key in (("province_code", code.strip()), ("scenario", slug)):
            if not key:
                raise InputError(Place(str(path), row, column), "the cell is empty", "fill it in",
                                 problem_vi="ô đang trống", fix_vi="hãy điền vào")
            if (column, key) in seen:
                raise InputError(Place(str(path), row, column), f"'{key}' is also on row {seen[column, key]}",
                                 "give each province its own code and folder",
                                 problem_vi=f"'{key}' trùng với dòng {seen[column, key]}",
                                 fix_vi="mỗi tỉnh cần mã và thư mục riêng")
            seen[column, key] = row
        provinces.append(Province(code.strip(), name.strip(), file, slug))
    return tuple(provinces)
