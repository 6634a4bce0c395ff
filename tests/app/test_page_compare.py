"""Step 5 of the page: two result folders compared, by name, with the seats each unit gained and lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_pages import page
from streamlit.runtime.memory_media_file_storage import _calculate_file_id
from tiny import cap, course, demand, unit, write_instance

from optimizer import api

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("workspace")
    for name in ("baseline", "cut_full_time_advanced"):
        api.write(api.solve(SCENARIOS / f"{name}.yaml"), root / "results" / name)
    return root


def test_two_results_compared_show_units_that_gained_and_lost_by_name(workspace):
    at = page(workspace, step="compare")
    chosen = at.multiselect(key="compare_folders").value
    assert [Path(f).name for f in chosen] == ["baseline", "cut_full_time_advanced"]  # the baseline is the base
    at.button(key="compare").click().run()
    assert not at.exception and "gốc: baseline" in at.success[0].value
    gains = next(d.value for d in at.dataframe if "Được thêm (chỗ)" in d.value.columns)
    seats = gains[["Được thêm (chỗ)", "Bị bớt (chỗ)"]].apply(lambda c: c.str.replace(".", "").astype(int))
    gained = gains[seats["Được thêm (chỗ)"] > seats["Bị bớt (chỗ)"]]
    lost = gains[seats["Được thêm (chỗ)"] < seats["Bị bớt (chỗ)"]]
    assert gains.columns[0] == "Tên ngắn của kịch bản"  # the short name, not the long question
    assert len(gained) and len(lost)
    units = set(api.vocabulary(api.load(SCENARIOS / "baseline.yaml")[1]).units.values())
    assert set(gains["Đơn vị"]) <= units  # names, not ids
    assert "Thành ủy Nam Định" in set(gained["Đơn vị"]) | set(lost["Đơn vị"])

    written = [p for p in (workspace / "compare").iterdir() if p.is_dir()]
    assert [p.name for p in written] == ["cut_full_time_advanced_vs_baseline"]
    assert (written[0] / "compare_gains_losses.png").is_file()
    xlsx = (written[0] / "comparison.xlsx").read_bytes()
    button = next(b for b in at.get("download_button") if b.key == "download_comparison")
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert _calculate_file_id(xlsx, mime, f"{written[0].name}.xlsx") in button.proto.url

    # Narrowed to one unit by name.
    at.multiselect(key="gains_units").set_value(["Thành ủy Nam Định"]).run()
    narrowed = next(d.value for d in at.dataframe if "Được thêm (chỗ)" in d.value.columns)
    assert set(narrowed["Đơn vị"]) == {"Thành ủy Nam Định"}

    # A brief of the scenario against the base, written into the workspace and offered for download.
    at.button(key="brief_1").click().run()
    briefs = sorted((workspace / "compare").glob("tom_tat_*.pdf"))
    assert [p.name for p in briefs] == ["tom_tat_cut_full_time_advanced_vs_baseline.pdf"]
    assert briefs[0].read_bytes().startswith(b"%PDF")
    assert any(b.key == "download_brief_1" for b in at.get("download_button"))


def test_one_result_is_not_enough_to_compare(tmp_path, workspace):
    lonely = tmp_path / "results"
    lonely.mkdir()
    (lonely / "baseline").symlink_to(workspace / "results" / "baseline")
    at = page(tmp_path, step="compare")
    assert not at.exception and at.info and not at.button


def test_pooled_and_separate_quotas_compared_show_each_former_province(tmp_path):
    """A merged province's two plans (tiny: u1 from former A, u2 from former B): the page adds the table of
    coverage by former province, which a province without them (above) does not show."""
    _, scenario = write_instance(
        tmp_path / "in", units=[{**unit("u1"), "former_province": "A"}, {**unit("u2"), "former_province": "B"}],
        courses=[course("cc_tt", "full_time")], caps=[cap(2023, "cc_tt", seats_max=4), cap(2024, "cc_tt", seats_max=0)],
        demand=[demand("u1.a", "u1", 4, tier="t2"), demand("u2.a", "u2", 4, tier="t1")], name="chung")
    separate = scenario.path.parent / "rieng.yaml"
    separate.write_text("extends: scenario.yaml\nname: rieng\nseparate_quotas_by: former_province\n", "utf-8")
    for path in (scenario.path, separate):
        api.write(api.solve(path), tmp_path / "results" / path.stem.replace("scenario", "chung"))
    at = page(tmp_path, step="compare")
    at.multiselect(key="compare_folders").set_value([str(tmp_path / "results" / n) for n in ("chung", "rieng")]).run()
    at.button(key="compare").click().run()
    assert not at.exception
    areas = next(d.value for d in at.dataframe if "Khu vực" in d.value.columns)
    assert set(areas["Khu vực"]) == {"Tỉnh cũ A", "Tỉnh cũ B"}
