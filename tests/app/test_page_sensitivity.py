"""Step 6 of the page: the sensitivity of chosen quota lines in a worker process, with progress and Cancel."""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.runtime.memory_media_file_storage import _calculate_file_id
from streamlit.testing.v1 import AppTest

MAIN = Path(__file__).resolve().parents[2] / "optimizer" / "app" / "main.py"
LINE = (2023, "cao_cap_tt", "all")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page(workspace: Path) -> AppTest:
    at = AppTest.from_file(str(MAIN), default_timeout=120)
    at.session_state["workspace"] = str(workspace)
    at.session_state["step"] = "sensitivity"
    return at.run()


def start(at: AppTest, changes: list[str]) -> AppTest:
    at.multiselect(key="sens_lines").set_value([LINE])
    at.multiselect(key="sens_changes").set_value(changes)
    return at.button(key="sens_run").click().run()


def test_one_chosen_line_gives_only_that_lines_rows_named_and_its_workbook(tmp_path):
    at = page(tmp_path)
    lines = at.multiselect(key="sens_lines")
    assert "2023 · Cao cấp LLCT hệ tập trung · Chung (≤ 40 chỗ)" in lines.options  # chosen by name
    start(at, ["one_more_seat", "one_seat_fewer"])
    job = at.session_state["sens_job"]
    job.wait(300)
    at.run()
    assert not at.exception and job.state == "done", job.error
    table = next(d.value for d in at.dataframe if "Thay đổi" in d.value.columns)
    assert set(table["Khóa học / loại hình"]) == {"Cao cấp LLCT hệ tập trung"} and set(table["Năm"]) == {2023}
    assert sorted(table["Thay đổi"]) == ["Bớt 1 chỗ", "Thêm 1 chỗ"]
    assert sorted(table["Chỉ tiêu mới"].astype(int)) == [39, 41]
    folder = Path(job.value)
    assert folder.parent == tmp_path / "sensitivity"
    button = next(b for b in at.get("download_button") if b.key == "download_sensitivity")
    assert _calculate_file_id((folder / "sensitivity.xlsx").read_bytes(), XLSX,
                              f"{folder.name}_sensitivity.xlsx") in button.proto.url


def test_cancel_stops_the_worker_and_writes_nothing(tmp_path):
    at = page(tmp_path)
    start(at, ["one_more_seat"])
    job = at.session_state["sens_job"]
    assert job.state == "running" and job.process.is_alive()
    time.sleep(1)
    at.run()
    at.button(key="sens_cancel").click().run()
    assert job.state == "cancelled" and not job.process.is_alive()
    assert any("Đã dừng" in w.value for w in at.warning)
    assert not any((tmp_path / "sensitivity").iterdir())
