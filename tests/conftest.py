"""Shared fixtures: a private copy of the bundled data, small CSV editors, and a guard on the repository's inputs.

Tests edit only the copy in ``tmp_path``; the session guard fails the run if any file under ``data/`` or
``scenarios/`` in the repository changed while the tests ran.
"""

from __future__ import annotations

import csv
import hashlib
import multiprocessing
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "nam_dinh_2023_2025"
SCENARIOS = REPO / "scenarios"


def _hash_tree(*folders: Path) -> dict[str, str]:
    return {
        str(path.relative_to(REPO)): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def repository_inputs_untouched():
    """Fail the session if any test wrote to the repository's data or scenario files."""
    before = _hash_tree(BUNDLED.parent, SCENARIOS)
    yield
    after = _hash_tree(BUNDLED.parent, SCENARIOS)
    assert after == before, "a test modified the repository's input files"


@pytest.fixture
def children_started_here():
    """A function listing the child processes started during this test that are still alive. Processes alive
    before it are not its own: joblib keeps the workers of an earlier test in the same process for minutes, by
    design, and the suite's processes run tests one after another."""
    before = {process.pid for process in multiprocessing.active_children()}
    return lambda: [process for process in multiprocessing.active_children() if process.pid not in before]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/nam_dinh_2023_2025 in the test's own temporary folder."""
    folder = tmp_path / "nam_dinh_2023_2025"
    shutil.copytree(BUNDLED, folder)
    return folder


# --- CSV editing (csv module, UTF-8, "\n" line endings like the bundled files) ---------------------------------


def read_records(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_records(path: Path, records: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)


def _check_one_line_per_record(path: Path, records: list[list[str]]) -> None:
    # The helpers address rows by file line, which equals the record's position only without multi-line cells.
    assert not any("\n" in cell or "\r" in cell for record in records for cell in record), (
        f"{path.name} has a multi-line cell; address it by hand"
    )


def line_of(folder: Path, file: str, **match: str) -> int:
    """The file line (header = 1) of the first record whose named cells equal ``match``."""
    path = folder / file
    header, *rows = read_records(path)
    _check_one_line_per_record(path, rows)
    for number, record in enumerate(rows, start=2):
        if all(record[header.index(k)] == v for k, v in match.items()):
            return number
    raise LookupError(f"no row of {file} has {match}")


def edit_cell(folder: Path, file: str, line: int, column: str, value: object) -> None:
    """Set one cell, addressed by file line (header = 1) and column name."""
    path = folder / file
    records = read_records(path)
    _check_one_line_per_record(path, records)
    assert line >= 2, "line 1 is the header"
    records[line - 1][records[0].index(column)] = str(value)
    write_records(path, records)


def append_row(folder: Path, file: str, values: dict[str, object] | list[object]) -> int:
    """Append one record (a dict by column name, missing columns blank, or a full list); return its file line."""
    path = folder / file
    records = read_records(path)
    _check_one_line_per_record(path, records)
    if isinstance(values, dict):
        unknown = set(values) - set(records[0])
        assert not unknown, f"{file} has no columns {unknown}"
        row = [str(values.get(name, "")) for name in records[0]]
    else:
        row = [str(v) for v in values]
    records.append(row)
    write_records(path, records)
    return len(records)


def drop_column(folder: Path, file: str, column: str) -> None:
    """Remove one column, header and cells."""
    path = folder / file
    records = read_records(path)
    position = records[0].index(column)
    write_records(path, [[cell for i, cell in enumerate(record) if i != position] for record in records])


def rename_column(folder: Path, file: str, old: str, new: str) -> None:
    """Rename one header cell."""
    path = folder / file
    records = read_records(path)
    records[0][records[0].index(old)] = new
    write_records(path, records)


def set_raw_line(folder: Path, file: str, line: int, text: str) -> None:
    """Replace one physical line of the file (header = 1) by ``text``, bypassing CSV quoting."""
    path = folder / file
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = text
    path.write_text("\n".join(lines), encoding="utf-8", newline="")


def row_dict(folder: Path, file: str, line: int) -> dict[str, str]:
    """The record at a file line, as a dict by column name."""
    header, *rows = read_records(folder / file)
    return dict(zip(header, rows[line - 2]))


class DataEditor:
    """The CSV editors above, bound to one data folder."""

    def __init__(self, folder: Path):
        self.folder = folder

    def line_of(self, file: str, **match: str) -> int:
        return line_of(self.folder, file, **match)

    def cell(self, file: str, line: int, column: str, value: object) -> None:
        edit_cell(self.folder, file, line, column, value)

    def append(self, file: str, values: dict[str, object] | list[object]) -> int:
        return append_row(self.folder, file, values)

    def drop_column(self, file: str, column: str) -> None:
        drop_column(self.folder, file, column)

    def rename_column(self, file: str, old: str, new: str) -> None:
        rename_column(self.folder, file, old, new)

    def raw_line(self, file: str, line: int) -> str:
        return (self.folder / file).read_text(encoding="utf-8").split("\n")[line - 1]

    def set_raw_line(self, file: str, line: int, text: str) -> None:
        set_raw_line(self.folder, file, line, text)

    def row(self, file: str, line: int) -> dict[str, str]:
        return row_dict(self.folder, file, line)

    def write_bytes(self, file: str, data: bytes) -> None:
        (self.folder / file).write_bytes(data)

    def read_text(self, file: str) -> str:
        return (self.folder / file).read_text(encoding="utf-8")


@pytest.fixture
def edit(data_copy: Path) -> DataEditor:
    """Editors for the cells, rows and columns of ``data_copy``."""
    return DataEditor(data_copy)


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A folder of its own for the web page's files (tests/app)."""
    return tmp_path / "workspace"
