"""The page's workspace: names from what people type, never an occupied path, complete result folders only."""

from __future__ import annotations

import pytest

from optimizer.app.workspace import Workspace, slug


def test_a_vietnamese_name_becomes_a_plain_file_name():
    assert slug("Cắt chỉ tiêu Cao cấp tập trung còn 30 – năm 2025!") == "cat_chi_tieu_cao_cap_tap_trung_con_30_nam_2025"
    assert slug("Đảng ủy") == "dang_uy"
    assert slug("???") == "phuong_an"


def test_a_new_path_never_takes_an_occupied_name(tmp_path):
    space = Workspace(tmp_path)
    first = space.new_path("results", "baseline")
    first.mkdir()
    second = space.new_path("results", "baseline")
    assert (first.name, second.name) == ("baseline", "baseline_2")
    assert space.new_path("scenarios", "cắt", ".yaml").name == "cat.yaml"


def test_only_complete_result_folders_are_listed(tmp_path):
    space = Workspace(tmp_path)
    (space.folder("results") / "done").mkdir()
    (space.folder("results") / "done" / "summary.json").write_text("{}")
    (space.folder("results") / "half").mkdir()
    assert [p.name for p in space.results()] == ["done"]


def test_an_unknown_kind_of_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown workspace folder"):
        Workspace(tmp_path).folder("elsewhere")
