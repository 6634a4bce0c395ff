"""Step 1 on the page: the bundled data in use, the units' workbooks uploaded, every problem listed by unit and
cell, and nothing imported until they are all right."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from app_pages import page

from optimizer import api

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> list[Path]:
    """The 45 bundled units' workbooks, as the units would send them back unchanged."""
    return api.write_unit_templates(tmp_path_factory.mktemp("forms") / "forms")


def uploaded(paths: list[Path]) -> list[tuple[str, bytes, str]]:
    return [(p.name, p.read_bytes(), XLSX) for p in paths]


def test_the_bundled_data_is_in_use_at_first_with_its_size_in_vietnamese(workspace):
    at = page(workspace)
    assert not at.exception
    assert "45 đơn vị, 2.386 dòng nhu cầu" in at.info[0].value
    assert at.session_state["scenario"].endswith("scenarios/baseline.yaml")


def test_the_units_workbooks_uploaded_become_the_data_in_use(workspace, forms):
    at = page(workspace)
    at.radio(key="data_source").set_value("upload").run()
    at.file_uploader[0].set_value(uploaded(forms)).run()
    at.button(key="upload_read").click().run()
    assert not at.exception and not at.error
    assert "Đã nhập 45/45 đơn vị: 2.386 dòng nhu cầu" in at.success[0].value
    data = Path(at.session_state["data"])
    assert data.parent == workspace / "data" and (data / "demand.csv").is_file()
    scenario, inputs = api.load(at.session_state["scenario"])
    assert len(inputs.demand) == 2386 and scenario.years == (2023, 2024, 2025)
    assert len(at.dataframe[-1].value) == 45  # what each unit sent


def test_a_wrong_cell_is_listed_with_its_unit_and_cell_and_nothing_is_imported(workspace, forms, tmp_path):
    broken = tmp_path / forms[8].name
    book = openpyxl.load_workbook(forms[8])
    book["Nhu cầu"]["E7"] = "mười"
    book.save(broken)
    at = page(workspace)
    at.radio(key="data_source").set_value("upload").run()
    at.file_uploader[0].set_value(uploaded([*forms[:8], broken, *forms[9:]])).run()
    at.button(key="upload_read").click().run()
    assert at.error and "1 lỗi" in at.error[0].value
    problems = at.dataframe[0].value
    assert list(problems.columns[:4]) == ["Đơn vị", "Tệp", "Trang", "Ô"]
    assert problems.iloc[0]["Ô"] == "E7" and problems.iloc[0]["Tệp"] == broken.name
    assert problems.iloc[0]["Đơn vị"] == api.vocabulary(api.load(api.BUNDLED_DATA)[1]).units[
        api.load(api.BUNDLED_DATA)[1].units.index[8]]
    assert at.session_state["data"] == str(api.BUNDLED_DATA)
    assert not list((workspace / "data").iterdir())
    assert any(b.label.startswith("Tải báo cáo lỗi") for b in at.get("download_button"))


def test_the_page_speaks_english_on_the_switch(workspace):
    at = page(workspace, lang="en")
    assert "45 units, 2,386 demand rows" in at.info[0].value
