"""verify on a result folder whose data name their cadres: nominations.csv is checked name by name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from optimizer import api
from optimizer.outputs.folder import CHECKSUM_FILE, NOMINATIONS_FILE, with_checksum

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    return api.write(api.solve(REPO / "scenarios" / "nam_dinh_cadres.yaml"), tmp_path_factory.mktemp("n") / "out")


def test_the_folder_names_every_seat_once_in_its_csv_and_workbook_and_verifies(solved):
    named = pd.read_csv(solved / NOMINATIONS_FILE)
    seats = pd.read_csv(solved / "assignments.csv")["seats"].sum()
    assert len(named) == seats and named["cadre_id"].is_unique
    assert (solved / "inputs" / "cadres.csv").is_file() and (solved / "inputs" / "eligibility.csv").is_file()
    sheet = load_workbook(solved / "allocation.xlsx")["Danh sách cử đi học"]
    assert sheet.cell(3, 3).value == "Họ và tên" and sheet.max_row == 3 + seats
    found = api.verify(solved, redo=False)
    assert found.ok, found.problems


def test_a_young_cadre_moved_to_a_part_time_course_by_hand_is_named(solved, tmp_path):
    folder = tmp_path / "copy"
    shutil.copytree(solved, folder)
    named = pd.read_csv(folder / NOMINATIONS_FILE, dtype=str, keep_default_na=False)
    people = pd.read_csv(folder / "inputs" / "cadres.csv").set_index("cadre_id")
    full = named[named["mode"] == "full_time"]
    young = full[(full["year"].astype(int) - full["cadre_id"].map(people["birth_year"])) < 33].index[0]
    named.loc[young, ["course_id", "mode"]] = [named.loc[young, "course_id"].replace("_tt", "_ktt"), "part_time"]
    data = named.to_csv(index=False).encode("utf-8")
    (folder / NOMINATIONS_FILE).write_bytes(data)
    sums = (folder / CHECKSUM_FILE).read_bytes()
    (folder / CHECKSUM_FILE).write_bytes(with_checksum(sums, NOMINATIONS_FILE, data))
    found = api.verify(folder, redo=False)
    assert not found.ok
    assert any(p.file == NOMINATIONS_FILE and "below the part-time floor" in p.what for p in found.problems)
