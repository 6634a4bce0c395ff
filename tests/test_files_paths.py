"""A folder, named pipe or device where a file is expected (and the other way round) is named as what it is,
never as "missing", and a named pipe is never opened (it would wait for a writer forever)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_bad_input import assert_bad_input, run_cli

from optimizer.errors import Place
from optimizer.files import not_a_file, not_a_folder


def test_not_a_file_names_what_the_path_is(tmp_path):
    (tmp_path / "file.csv").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe")
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling")
    assert not_a_file(tmp_path / "file.csv") is None
    assert not_a_file(tmp_path / "folder") == "is a folder, not a file"
    assert not_a_file(tmp_path / "pipe") == "is a named pipe (FIFO), not a file"
    assert not_a_file(Path("/dev/null")) == "is a device, not a file"
    assert not_a_file(tmp_path / "dangling") == "is a link to a file that does not exist"
    assert not_a_file(tmp_path / "absent") == "the file is missing"


def test_not_a_folder_names_what_the_path_is(tmp_path):
    (tmp_path / "file.csv").write_text("x", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    assert not_a_folder(tmp_path) is None
    assert not_a_folder(tmp_path / "file.csv") == "is a file, not a folder"
    assert not_a_folder(tmp_path / "pipe") == "is a named pipe (FIFO), not a folder"
    assert not_a_folder(tmp_path / "absent") == "does not exist"


@pytest.fixture
def odd_paths(tmp_path) -> Path:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("argv, target, phrase", [
    (["validate", "{p}/pipe.yaml"], "pipe.yaml", "the scenario file is a named pipe (FIFO), not a file"),
    (["solve", "{p}/pipe.yaml", "--out", "{p}/out"], "pipe.yaml", "the scenario file is a named pipe (FIFO)"),
    (["validate", "{p}/folder.yaml"], "folder.yaml", "the scenario file is a folder, not a file"),
    (["verify", "{p}/file"], "file", "the result folder is a file, not a folder"),
    (["verify", "{p}/pipe.yaml"], "pipe.yaml", "the result folder is a named pipe (FIFO), not a folder"),
    (["report", "{p}/file"], "file", "the result folder is a file, not a folder"),
    (["compare", "{p}/file", "{p}/file", "--out", "{p}/out"], "file", "the result folder is a file, not a folder"),
    (["explain", "{p}/pipe.yaml"], "pipe.yaml", "the result folder is a named pipe (FIFO), not a folder"),
    (["import", "{p}/pipe.yaml", "--out", "{p}/out"], "pipe.yaml", "named pipe"),
])
def test_a_command_names_a_path_of_the_wrong_kind_in_one_line(odd_paths, argv, target, phrase):
    status, out, err = run_cli(*[a.format(p=odd_paths) for a in argv])
    assert_bad_input(status, out, err, Place(str(odd_paths / target)), phrase)
    assert not (odd_paths / "out").exists()
