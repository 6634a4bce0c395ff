"""The data step's tables and files, without Streamlit: the units' uploaded workbooks kept as files, what each
unit sent and every problem as a table a planner reads, the scenario that solves an imported data folder, and a
summary of a data folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import pandas as pd

from optimizer import api

PROBLEM_COLUMNS = {
    "vi": {"unit": "Đơn vị", "workbook": "Tệp", "sheet": "Trang", "cell": "Ô", "what": "Vấn đề", "fix": "Cách sửa",
           "kind": "Loại"},
    "en": {"unit": "Unit", "workbook": "Workbook", "sheet": "Sheet", "cell": "Cell", "what": "Problem", "fix": "Fix",
           "kind": "Kind"},
}
RECEIVED_COLUMNS = {
    "vi": {"unit": "Đơn vị", "workbook": "Tệp đã gửi", "rows": "Số dòng", "cadres": "Số cán bộ",
           "problems": "Số vấn đề"},
    "en": {"unit": "Unit", "workbook": "Workbook sent", "rows": "Rows", "cadres": "Cadres", "problems": "Problems"},
}
KIND_WORDS = {"vi": ("lỗi", "cảnh báo"), "en": ("error", "warning")}


def keep_uploads(files: Iterable[tuple[str, bytes]], folder: Path) -> list[Path]:
    """Write uploaded workbooks (name, bytes) into the new folder ``folder`` under their own file names (only the
    last part of a name a browser sends; a name given twice gets a number), and return their paths."""
    folder.mkdir(parents=True, exist_ok=False)
    paths: list[Path] = []
    for name, data in files:
        plain = Path(name.replace("\\", "/")).name or "workbook.xlsx"
        path, number = folder / plain, 2
        while path.exists():
            path, number = folder / f"{Path(plain).stem}_{number}{Path(plain).suffix}", number + 1
        path.write_bytes(data)
        paths.append(path)
    return paths


def problem_table(intake, lang: str = "vi") -> pd.DataFrame:
    """Every problem of an import, one row each: unit, workbook, sheet, cell, what is wrong, the fix."""
    rows = [{"unit": p.unit, "workbook": Path(p.workbook).name, "sheet": p.sheet or "", "cell": p.cell or "",
             "what": p.what, "fix": p.fix, "kind": KIND_WORDS[lang][int(p.warning)]} for p in intake.problems]
    table = pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS[lang]))
    return table.rename(columns=PROBLEM_COLUMNS[lang])


def received_table(intake, lang: str = "vi") -> pd.DataFrame:
    """What each unit sent: its workbook (blank when nothing came), rows, cadres and problems."""
    rows = [{"unit": r.unit, "workbook": Path(r.workbook).name if r.workbook else "", "rows": r.rows,
             "cadres": r.cadres, "problems": r.problems} for r in intake.received]
    return pd.DataFrame(rows, columns=list(RECEIVED_COLUMNS[lang])).rename(columns=RECEIVED_COLUMNS[lang])


def relative(path: Path, start: Path) -> str:
    """``path`` as written in a file in the folder ``start`` (how scenario files name their data and parents)."""
    return Path(os.path.relpath(Path(path).resolve(), Path(start).resolve())).as_posix()


def imported_scenario(data: Path, scenario_file: Path, question: str) -> dict:
    """The scenario that solves an imported data folder with the bundled baseline's settings: it extends the
    baseline and names the new data folder, both relative to where the scenario file is written."""
    return {"extends": relative(api.SCENARIOS / "baseline.yaml", scenario_file.parent), "name": scenario_file.stem,
            "question": question, "data": relative(data, scenario_file.parent)}


def data_summary(inputs, lang: str = "vi") -> dict[str, int]:
    """How big a data folder is: units, courses, quota lines, demand rows, cadres listed."""
    return {"units": len(inputs.units), "courses": len(inputs.courses), "caps": len(inputs.caps),
            "rows": len(inputs.demand), "cadres": int(inputs.demand["count"].sum())}
