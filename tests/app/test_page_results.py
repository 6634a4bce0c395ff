"""Step 4 of the page: a result folder's status, appendix tables, reasons and downloads."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from app_pages import page
from streamlit.runtime.memory_media_file_storage import _calculate_file_id
from streamlit.testing.v1 import AppTest

from optimizer import api

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("workspace")
    api.write(api.solve(SCENARIOS / "baseline.yaml"), root / "results" / "baseline")
    return root


def carries(button, data: bytes, mime: str, name: str) -> bool:
    """The download button serves these bytes (its media file's id is a hash of the bytes, type and name)."""
    return _calculate_file_id(data, mime, name) in button.proto.url


def test_the_page_says_the_status_and_the_appendix_totals_are_the_seats_of_the_plan(workspace):
    at = page(workspace, step="results")
    assert not at.exception
    assert "baseline" in at.success[0].value and "tối ưu" in at.success[0].value
    seats = pd.read_csv(workspace / "results" / "baseline" / "assignments.csv", encoding="utf-8-sig")["seats"].sum()
    assert f"{seats:,}".replace(",", ".") in at.success[0].value
    appendix = [d.value for d in at.dataframe if "Tổng cộng" in d.value.columns]
    assert len(appendix) == 2  # PL1 and PL2 of the whole period
    province = sum(int(t.loc[t["Đơn vị"] == "Tổng cộng toàn tỉnh", "Tổng cộng"].iloc[0]) for t in appendix)
    assert province == seats
    units = sum(int(t.loc[t["TT"].str.isdigit(), "Tổng cộng"].sum()) for t in appendix)
    assert units == seats

    at.radio(key="appendix_year").set_value(2024).run()
    year = [d.value for d in at.dataframe if "Tổng cộng" in d.value.columns]
    plan = pd.read_csv(workspace / "results" / "baseline" / "assignments.csv", encoding="utf-8-sig")
    assert sum(int(t.loc[t["Đơn vị"] == "Tổng cộng toàn tỉnh", "Tổng cộng"].iloc[0]) for t in year) == \
        plan.loc[plan["year"] == 2024, "seats"].sum()


def reasons(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Lý do" in d.value.columns)


def test_the_reasons_narrow_to_the_unit_chosen_by_name(workspace):
    at = page(workspace, step="results")
    everyone = reasons(at)
    assert everyone["Đơn vị"].nunique() > 1
    units = api.short_units(workspace / "results" / "baseline")
    unit_id, name = next(iter(units.items()))
    chooser = at.selectbox(key="why_unit")
    assert name in chooser.options  # picked by name
    chooser.set_value(unit_id).run()
    narrowed = reasons(at)
    assert set(narrowed["Đơn vị"]) == {name} and 0 < len(narrowed) < len(everyone)
    assert narrowed["Lý do"].str.startswith(name).all()


def test_each_download_carries_the_bytes_of_its_file_and_the_zip_every_file(workspace):
    folder = workspace / "results" / "baseline"
    at = page(workspace, step="results")
    workbook = at.get("download_button")
    by_key = {b.key: b for b in workbook}
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert carries(by_key["download_allocation.xlsx"], (folder / "allocation.xlsx").read_bytes(), xlsx,
                   "baseline_allocation.xlsx")
    assert carries(by_key["download_tom_tat.pdf"], (folder / "tom_tat.pdf").read_bytes(), "application/pdf",
                   "baseline_tom_tat.pdf")
    assert not carries(by_key["download_tom_tat.pdf"], (folder / "allocation.xlsx").read_bytes(),
                       "application/pdf", "baseline_tom_tat.pdf")
    zipped = api.zip_folder(folder)
    assert carries(by_key["download_zip"], zipped, "application/zip", "baseline.zip")
    inside = {n.split("/", 1)[1] for n in zipfile.ZipFile(io.BytesIO(zipped)).namelist()}
    assert inside == {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}

    # No report.html yet: the button writes it into the folder, then it downloads.
    assert "download_report.html" not in by_key
    at.button(key="make_report").click().run()
    assert (folder / "report.html").is_file()
    report = next(b for b in at.get("download_button") if b.key == "download_report.html")
    assert carries(report, (folder / "report.html").read_bytes(), "text/html", "baseline_report.html")


def test_check_again_finds_the_folder_unchanged(workspace):
    at = page(workspace, step="results")
    at.button(key="verify").click().run()
    assert any("Đã kiểm tra lại" in s.value for s in at.success)


def test_an_empty_workspace_points_to_the_solve_step(tmp_path):
    at = page(tmp_path, step="results")
    assert not at.exception and "bước 3" in at.info[0].value


def test_the_result_last_solved_is_shown_first_even_when_older(workspace, tmp_path):
    older, newer = tmp_path / "results" / "older", tmp_path / "results" / "newer"
    shutil.copytree(workspace / "results" / "baseline", older)
    shutil.copytree(workspace / "results" / "baseline", newer)
    os.utime(older, (1, 1))  # written long ago
    at = page(tmp_path, step="results")
    assert Path(at.selectbox(key="results_folder").value) == newer  # newest first
    at.session_state["result"] = str(older)
    at.run()
    assert Path(at.selectbox(key="results_folder").value) == older
    assert "baseline" in at.selectbox(key="results_folder").options[0]  # by the scenario's name
