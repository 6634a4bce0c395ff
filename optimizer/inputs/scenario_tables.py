"""Tables from files a scenario names (a demand ``replace``, frozen actuals, a reference plan), and the small
frame helpers that the what-if changes (``changes``) and the scenario's other settings (``overrides``) share."""


from __future__ import annotations

import csv
import difflib
import hashlib
import io
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Place
from ..files import MISSING
from . import schema
from .reading import _decode, check_file, read_table_file


def what(problem: str) -> str:
    """A ``files.not_a_file`` problem as the end of a sentence about a named file."""
    return "does not exist" if problem == MISSING else problem


def read_named_table(path: Path, table: schema.Table) -> pd.DataFrame:
    """A table from a file a scenario names. Its header must be ours before anything else is read: the file may
    be any file at all, and the table reader's messages quote headers and cells, which must not leak a stranger's
    file (a password file's first line, a key) into a message."""
    check_file(path, table)  # a named pipe or a huge file is refused before it is opened
    text = _decode(path, path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next((record for record in reader if any(cell.strip() for cell in record)), None)
    known = [c.name for c in table.columns]
    unknown = [i for i, cell in enumerate(header or []) if cell.strip() not in known]
    if header is not None and unknown:
        close = difflib.get_close_matches(header[unknown[0]].strip(), known, n=1)
        fix = f"rename column {unknown[0] + 1} to '{close[0]}'" if close else "name a file with these columns"
        fix_vi = (f"hãy đổi tên cột thứ {unknown[0] + 1} thành '{close[0]}'" if close
                  else "hãy chỉ tới một tệp có các cột này")
        raise InputError(Place(str(path), reader.line_num), f"its header is not that of a table of {table.name} "
                         f"(expected columns {', '.join(known)})", fix,
                         problem_vi=f"dòng tiêu đề không phải của một bảng {table.file} (cần các cột "
                         f"{', '.join(known)})", fix_vi=fix_vi)
    return read_table_file(path, table)


def file_hash(path: Path) -> tuple[str, str]:
    """(path, sha256) of a file a scenario read, recorded beside the data folder's own hashes."""
    return path.as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()


def first_row(mask: pd.Series, frame: pd.DataFrame) -> pd.Series | None:
    """The first row of ``frame`` where ``mask`` holds, for a message that names it; None when there is none."""
    return frame[mask.to_numpy()].iloc[0] if mask.any() else None


def rounded(values: pd.Series) -> pd.Series:
    """Whole seats or cadres, halves rounded up (never banker's rounding: 2.5 → 3)."""
    return np.floor(values.astype(float) + 0.5).astype("Int64")
