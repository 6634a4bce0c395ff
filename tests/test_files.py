"""No command deletes or overwrites a file it did not write: every folder-writing command is refused, with every
byte kept, when --out is the data folder, a scenario folder or a folder with foreign files; the manifest, the
tidying of what a killed run left, and single files."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from test_bad_input import assert_bad_input
from tiny import write_instance

from optimizer import files
from optimizer import files as folders
from optimizer.cli import main
from optimizer.errors import InputError, Place

REPO = Path(__file__).resolve().parent.parent


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): "<dir>" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A tiny province: in/data (its tables), in/scenario.yaml, and a folder of a planner's own files."""
    write_instance(tmp_path / "in")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("the only copy of the units' lists", encoding="utf-8")
    (tmp_path / "mine" / "plan.xlsx").write_bytes(b"not ours")
    return tmp_path


def commands(w: Path, out: Path) -> dict[str, list[str]]:
    """Every command that writes a folder (or into one), with arguments that reach the writing."""
    scenario = str(w / "in" / "scenario.yaml")
    return {
        "solve": ["solve", scenario, "--out", str(out)],
        "compare": ["compare", str(w / "a"), str(w / "b"), "--out", str(out)],
        "sensitivity": ["sensitivity", scenario, "--out", str(out), "--workers", "1"],
        "baseline": ["baseline", "webster", scenario, "--out", str(out)],
        "properties": ["properties", scenario, "--plan", str(w / "a"), "--out", str(out)],
        "import": ["import", str(w / "book.xlsx"), "--out", str(out)],
        "generate_synthetic": ["generate", "--synthetic", "3", "--out", str(out)],
        "notices": ["notices", str(w / "a"), "--out", str(out)],
    }


TARGETS = {"data folder": lambda w: w / "in" / "data", "scenario folder": lambda w: w / "in",
           "foreign files": lambda w: w / "mine"}


@pytest.mark.parametrize("target", sorted(TARGETS))
@pytest.mark.parametrize("command", sorted(commands(Path("."), Path("."))))
def test_a_folder_writing_command_refuses_an_out_it_did_not_write_and_keeps_every_byte(workspace, command,
                                                                                        target, capsys):
    out = TARGETS[target](workspace)
    before = snapshot(workspace)
    status = main([*commands(workspace, out)[command], "--lang", "en"])
    captured = capsys.readouterr()
    assert_bad_input(status, captured.out, captured.err, Place(str(out), column="--out"),
                     "the folder holds files this program did not write")
    assert snapshot(workspace) == before


def test_baseline_all_refuses_a_method_folder_it_did_not_write(workspace, capsys):
    out = workspace / "methods"
    (out / "jefferson").mkdir(parents=True)
    (out / "jefferson" / "mine.csv").write_text("x", encoding="utf-8")
    before = snapshot(workspace)
    assert main(["baseline", "all", str(workspace / "in" / "scenario.yaml"), "--out", str(out), "--lang", "en"]) == 2
    assert "'mine.csv' was not written by this program" in capsys.readouterr().err
    assert snapshot(workspace) == before


def test_template_and_generate_never_overwrite_a_file_they_did_not_write(workspace, capsys):
    data = workspace / "in" / "data"
    (data / "mau_nhap_lieu.xlsx").write_bytes(b"a unit's filled workbook")
    before = snapshot(workspace)
    assert main(["template", str(data)]) == 2  # its Vietnamese name is the unit's file's
    assert main(["generate", "--units", str(data / "units.csv"), "--out", str(data), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("the file already exists and this program will not overwrite it") == 1
    assert f"dữ liệu sai: {data / 'mau_nhap_lieu.xlsx'}: tệp đã có và chương trình sẽ không ghi đè lên" in err
    assert snapshot(workspace) == before


def test_a_batch_solve_into_a_folder_with_foreign_files_keeps_every_one_of_them(workspace, capsys):
    before = snapshot(workspace / "mine")
    main(["solve", str(workspace / "in" / "scenario.yaml"), str(workspace / "in" / "scenario.yaml"), "--out",
          str(workspace / "mine")])
    capsys.readouterr()
    after = snapshot(workspace / "mine")
    assert {name: after[name] for name in before} == before


@pytest.mark.parametrize("out", ["file", "link"])
def test_an_out_that_is_a_file_or_a_link_is_refused(tmp_path, out):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "link")
    with pytest.raises(InputError, match="is a file, not a folder" if out == "file" else "is a link"):
        files.write_result_folder(tmp_path / out, {"a.csv": b"1"})
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x" and list((tmp_path / "elsewhere").iterdir()) == []


def test_an_empty_folder_may_be_used_and_is_then_ours(tmp_path):
    (tmp_path / "out").mkdir()
    files.write_result_folder(tmp_path / "out", {"a.csv": b"1"})
    files.write_result_folder(tmp_path / "out", {"b.csv": b"2"})
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [folders.MANIFEST, "b.csv"]


def test_the_manifest_lists_every_file_and_not_the_wall_clock_one(tmp_path):
    files.write_result_folder(tmp_path / "out", {"a.csv": b"1", "inputs/u.csv": b"2", "timing.json": b"{}"})
    lines = (tmp_path / "out" / folders.MANIFEST).read_text(encoding="utf-8").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines if not line.startswith("#"))
    assert listed == {"a.csv": hashlib.sha256(b"1").hexdigest(), "inputs/u.csv": hashlib.sha256(b"2").hexdigest(),
                      "timing.json": folders.ANY_CONTENT}
    (tmp_path / "out" / "timing.json").write_bytes(b'{"total_seconds": 3}')  # differs every run: still ours
    assert list(folders.foreign_files(tmp_path / "out")) == []


def test_a_result_folder_of_an_earlier_version_is_recognised_by_its_checksums(tmp_path):
    out = tmp_path / "old_result"
    out.mkdir()
    (out / "allocation.csv").write_bytes(b"seats")
    (out / "timing.json").write_bytes(b"{}")
    (out / "checksums.sha256").write_text(f"{hashlib.sha256(b'seats').hexdigest()}  allocation.csv\n")
    files.write_result_folder(out, {"allocation.csv": b"new seats"})
    assert (out / "allocation.csv").read_bytes() == b"new seats"
    (out / "allocation.csv").unlink()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / folders.MANIFEST).unlink()
    (out / "checksums.sha256").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="'notes.txt' was not written by this program"):
        files.write_result_folder(out, {"a.csv": b"1"})


def test_what_a_killed_run_left_beside_the_folder_is_tidied_by_the_next_run(tmp_path):
    out = tmp_path / "run"
    files.write_result_folder(out, {"a.csv": b"1"})
    dead = 2 ** 22 + 12345  # above the kernel's default pid_max: no such process
    half = tmp_path / f".run.new-{dead}-abc"
    half.mkdir()
    (half / "a.csv").write_bytes(b"half")
    alive = tmp_path / f".run.new-{os.getpid()}-xyz"  # a run still going on: left alone
    alive.mkdir()
    files.write_result_folder(out, {"a.csv": b"2"})
    assert not half.exists() and alive.exists()
    assert (out / "a.csv").read_bytes() == b"2"


def test_a_run_killed_between_its_two_renames_gets_its_previous_folder_back(tmp_path):
    out = tmp_path / "run"
    files.write_result_folder(out, {"a.csv": b"previous"})
    dead = 2 ** 22 + 12345
    os.replace(out, tmp_path / f".run.old-{dead}-abc")  # the kill fell after the first rename
    assert folders.recover_leftovers(out) == [tmp_path / f".run.old-{dead}-abc"]
    assert (out / "a.csv").read_bytes() == b"previous"


def test_report_does_not_replace_a_page_edited_by_hand(tmp_path, capsys):
    write_instance(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["solve", str(tmp_path / "in" / "scenario.yaml"), "--out", str(out), "--report"]) == 0
    assert main(["report", str(out)]) == 0  # its own page: replaced
    (out / "report.html").write_text("edited", encoding="utf-8")
    capsys.readouterr()
    assert main(["report", str(out), "--lang", "en"]) == 2
    assert "report.html: the file was changed after this program wrote it" in capsys.readouterr().err
    assert (out / "report.html").read_text(encoding="utf-8") == "edited"


def test_a_full_disk_names_the_folder(tmp_path, monkeypatch, capsys):
    import errno

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "_write_file", full)
    write_instance(tmp_path / "in")
    assert main(["solve", str(tmp_path / "in" / "scenario.yaml"), "--out", str(tmp_path / "out"), "--lang", "en"]) == 6
    err = capsys.readouterr().err
    assert f"{tmp_path / 'out'}: could not write the output (No space left on device); free disk space" in err
    assert not (tmp_path / "out").exists() and [p.name for p in tmp_path.iterdir()] == ["in"]


def test_a_half_written_single_file_of_a_killed_run_is_removed_by_the_next_write(tmp_path):
    dead = 2 ** 22 + 12345
    half = tmp_path / f".mau_nhap_lieu.xlsx.new-{dead}-abc"
    half.write_bytes(b"half")
    other = tmp_path / ".mau_nhap_lieu.xlsx.new-notours"
    other.write_bytes(b"somebody else's")
    files.write_file(tmp_path / "mau_nhap_lieu.xlsx", b"workbook")
    assert not half.exists() and other.read_bytes() == b"somebody else's"
    assert (tmp_path / "mau_nhap_lieu.xlsx").read_bytes() == b"workbook"


def test_a_huge_foreign_folder_is_refused_at_its_first_files_without_walking_it_all(tmp_path):
    out = tmp_path / "home"
    for i in range(300):
        (out / f"d{i:03}").mkdir(parents=True)
        (out / f"d{i:03}" / "f.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"'d000/f.txt' was not written by this program \(and 100\+ more\)"):
        folders.check_replaceable(out)


def test_a_link_inside_a_folder_of_ours_is_never_taken_for_one_of_its_files(tmp_path):
    out = tmp_path / "out"
    files.write_result_folder(out, {"a.csv": b"1"})
    (tmp_path / "precious").mkdir()
    (out / "a.csv").unlink()
    os.symlink(tmp_path / "precious", out / "a.csv")
    with pytest.raises(InputError, match="'a.csv' is not the file this program wrote"):
        files.write_result_folder(out, {"a.csv": b"2"})
    assert (tmp_path / "precious").is_dir()
