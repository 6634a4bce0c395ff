"""Self-contained result folders: checksums, the resolved scenario, verify, and writes that are all or nothing."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from tiny import cap, demand, write_instance

from optimizer import api
from optimizer import files as folders
from optimizer.cli import main
from optimizer.errors import InputError
from optimizer.outputs.brief_pdf import render_brief
from optimizer.outputs.folder import CHECKSUM_FILE, SCENARIO_FILE


def tiny_scenario(folder: Path) -> Path:
    """A tiny instance and a what-if on it (extends, a cap change, a new tier order)."""
    write_instance(folder, caps=[cap(y, c, seats_max=3) for y in (2023, 2024) for c in ("cc_tt", "cc_pt")],
                   demand=[demand("u1.a", "u1", 4), demand("u2.a", "u2", 3, tier="t2"),
                           demand("u3.a", "u3", 2, full_time_only=True)])
    path = folder / "what_if.yaml"
    path.write_text(yaml.safe_dump({"extends": "scenario.yaml", "name": "what_if", "question": "Ít chỗ hơn?",
                                    "caps": [{"target": "cc_tt", "set": {"seats_max": 2}}],
                                    "tier_order": ["t2", "t1"]}), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("verify")
    result = api.solve(tiny_scenario(folder / "in"))
    return api.write(result, folder / "out")


def copy_of(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(folder, target)
    return target


def test_every_file_but_timing_is_listed_with_its_sha256(solved):
    listed = dict(reversed(line.split("  ", 1)) for line in (solved / CHECKSUM_FILE).read_text().splitlines())
    files = {p.relative_to(solved).as_posix() for p in solved.rglob("*") if p.is_file()}
    assert set(listed) == files - {CHECKSUM_FILE, "timing.json", folders.MANIFEST}
    assert listed["assignments.csv"] == hashlib.sha256((solved / "assignments.csv").read_bytes()).hexdigest()


def test_the_folder_records_the_resolved_scenario_and_the_software_versions(solved):
    scenario = yaml.safe_load((solved / SCENARIO_FILE).read_text(encoding="utf-8"))
    assert scenario["data"] == "inputs" and scenario["name"] == "what_if" and "extends" not in scenario
    assert scenario["solver"]["seed"] == 0
    versions = json.loads((solved / "summary.json").read_text(encoding="utf-8"))["versions"]
    assert {"python", "optimizer", "ortools", "pandas", "numpy"} <= set(versions)


def test_an_untouched_folder_verifies_even_when_moved_elsewhere_and_the_run_is_redone(solved, tmp_path):
    found = api.verify(copy_of(solved, tmp_path))
    assert found.ok, found.problems
    assert found.redone and found.files_checked >= 20


@pytest.mark.parametrize("name", ["assignments.csv", "inputs/demand.csv", "allocation.xlsx"])
def test_a_changed_file_is_named(solved, tmp_path, name):
    folder = copy_of(solved, tmp_path)
    path = folder / name
    path.write_bytes(path.read_bytes() + b"\n")  # even an invisible change is found
    found = api.verify(folder, redo=False)
    assert not found.ok
    assert any(p.file == name and "changed" in p.what for p in found.problems)


def test_a_seat_moved_in_the_plan_breaks_a_rule_or_a_stage_value_and_the_redo_disagrees(solved, tmp_path):
    folder = copy_of(solved, tmp_path)
    path = folder / "assignments.csv"
    lines = path.read_text().splitlines()
    demand_id, year, course, seats = lines[1].split(",")
    lines[1] = ",".join([demand_id, year, course, str(int(seats) + 5)])
    path.write_text("\n".join(lines) + "\n")
    found = api.verify(folder)
    files = {p.file for p in found.problems}
    assert {"assignments.csv"} <= files and "stages.csv" in files
    assert any("breaks" in p.what for p in found.problems)
    assert any("differs from the plan" in p.what for p in found.problems)


def test_a_missing_file_and_an_added_file_are_named(solved, tmp_path):
    folder = copy_of(solved, tmp_path)
    (folder / "coverage.csv").unlink()
    (folder / "extra.csv").write_text("a\n1\n")
    problems = {(p.file, p.what.split(" ")[0]) for p in api.verify(folder, redo=False).problems}
    assert ("coverage.csv", "missing") in problems and ("extra.csv", "not") in problems


def test_cli_verify_exits_0_for_a_good_folder_and_7_naming_the_file_for_a_changed_one(solved, tmp_path, capsys):
    assert main(["verify", str(solved), "--no-resolve", "--lang", "en"]) == 0
    assert "verified" in capsys.readouterr().out
    folder = copy_of(solved, tmp_path)
    (folder / "coverage.csv").write_text("tampered\n")
    assert main(["verify", str(folder), "--no-resolve", "--lang", "en"]) == 7
    assert f"{folder}/coverage.csv: changed" in capsys.readouterr().out


def test_a_folder_without_checksums_is_bad_input(solved, tmp_path):
    folder = copy_of(solved, tmp_path)
    (folder / CHECKSUM_FILE).unlink()
    with pytest.raises(InputError, match="no checksums"):
        api.verify(folder)


def test_report_adds_the_page_to_the_checksums_of_a_folder_that_verifies(solved, tmp_path):
    folder = copy_of(solved, tmp_path)
    api.report(folder)
    assert "report.html" in (folder / CHECKSUM_FILE).read_text()
    assert api.verify(folder, redo=False).ok


def test_report_refuses_a_folder_with_a_changed_file(solved, tmp_path):
    folder = copy_of(solved, tmp_path)
    (folder / "coverage.csv").write_text("tampered\n")
    with pytest.raises(InputError, match="coverage.csv"):
        api.report(folder)
    assert not (folder / "report.html").exists()


def test_a_baseline_folder_verifies_and_its_redo_matches(tmp_path):
    path = tiny_scenario(tmp_path / "in")
    folder = api.write_baseline(api.baseline("webster", path), tmp_path / "webster")
    found = api.verify(folder)
    assert found.ok, found.problems


# --- writes are all or nothing -------------------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("failure, status, phrase", [
    (OSError(errno.ENOSPC, "No space left on device"), 6, "No space left on device"),
    (KeyboardInterrupt(), 130, "interrupted"),
])
def test_a_run_that_fails_while_writing_leaves_the_previous_result_intact(solved, tmp_path, monkeypatch, capsys,
                                                                            failure, status, phrase):
    folder = copy_of(solved, tmp_path)
    before = tree(folder)
    scenario = tiny_scenario(tmp_path / "in")
    calls = []

    def fail_on_the_fifth_file(path, data):
        calls.append(path)
        if len(calls) == 5:
            raise failure
        Path(path).write_bytes(data)

    monkeypatch.setattr(folders, "_write_file", fail_on_the_fifth_file)
    assert main(["solve", str(scenario), "--out", str(folder), "--lang", "en"]) == status
    err = capsys.readouterr().err
    assert phrase in err and "Traceback" not in err
    assert tree(folder) == before
    assert [p.name for p in folder.parent.iterdir() if p.name.startswith(".")] == []  # no staging left behind


def test_inputs_are_never_modified_by_a_run(tmp_path):
    scenario = tiny_scenario(tmp_path / "in")
    before = tree(tmp_path / "in")
    assert main(["solve", str(scenario), "--out", str(tmp_path / "out")]) == 0
    assert tree(tmp_path / "in") == before


KILLED_RUN = """
import sys, time
from pathlib import Path
from optimizer import files
from optimizer.cli import main

real, written = files._write_file, []

def write_then_hang(path, data):
    real(path, data)
    written.append(path)
    if len(written) == 3:
        Path(sys.argv[3]).write_text("writing")  # tell the test the run is half-way through its files
        time.sleep(600)

files._write_file = write_then_hang
main(["solve", sys.argv[1], "--out", sys.argv[2]])
"""


def test_a_run_killed_while_writing_leaves_the_previous_result_intact(solved, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = copy_of(solved, tmp_path)
    before = tree(folder)
    flag = tmp_path / "half_way"
    run = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(tiny_scenario(tmp_path / "in")), str(folder),
                            str(flag)], cwd=Path(__file__).resolve().parents[2])
    try:
        for _ in range(1200):
            if flag.exists() or run.poll() is not None:
                break
            time.sleep(0.1)
        assert flag.exists(), "the run never reached its files"
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
    assert tree(folder) == before
    assert api.verify(folder, redo=False).ok


# --- every file a planner reads follows from the plan ----------------------------------------------------------


def resum(folder: Path) -> None:
    """Update checksums.sha256 by hand after an edit, as somebody hiding the edit would."""
    lines = []
    for line in (folder / CHECKSUM_FILE).read_text(encoding="utf-8").splitlines():
        _, name = line.split("  ", 1)
        lines.append(f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n")
    (folder / CHECKSUM_FILE).write_text("".join(lines), encoding="utf-8")


def add_seats(path: Path, seats: int) -> None:
    """Add seats by hand to the first row of a CSV whose last column is the seat count."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    head, _, count = lines[1].rstrip("\n").rpartition(",")
    lines[1] = f"{head},{int(count) + seats}\n"
    path.write_text("".join(lines), encoding="utf-8")


def first_seat_cell(folder: Path):
    """(sheet, coordinate, value) of the first whole-number seat cell of the first year sheet."""
    from openpyxl import load_workbook

    sheet = load_workbook(folder / "allocation.xlsx").worksheets[0]
    for row in sheet.iter_rows(min_row=5):
        for cell in row[2:]:
            if isinstance(cell.value, int) and cell.value > 0:
                return sheet.title, cell.coordinate, cell.value
    raise AssertionError("no seat cell")


def test_a_seat_changed_by_hand_in_the_workbook_does_not_verify_even_without_redo(solved, tmp_path):
    from openpyxl import load_workbook

    folder = copy_of(solved, tmp_path)
    title, coordinate, value = first_seat_cell(folder)
    book = load_workbook(folder / "allocation.xlsx")
    book[title][coordinate] = value + 1
    book.save(folder / "allocation.xlsx")
    resum(folder)
    found = api.verify(folder, redo=False)
    assert [p.file for p in found.problems] == ["allocation.xlsx"]
    assert f"sheet '{title}': {coordinate} is {value + 1}, the plan gives {value}" in found.problems[0].what


def province_total_cell(sheet):
    """The first formula cell of the province total row."""
    row = next(r for r in sheet.iter_rows() if r[1].value == "Tổng cộng toàn tỉnh")
    return next(c for c in row[2:] if isinstance(c.value, str) and c.value.startswith("="))


def test_a_total_whose_formula_was_narrowed_by_hand_does_not_verify(solved, tmp_path):
    """The province total made to leave out a group: the formula differs from the one the plan gives."""
    folder = copy_of(solved, tmp_path)
    book = load_workbook(folder / "allocation.xlsx")
    cell = province_total_cell(book.worksheets[0])
    written, narrowed = cell.value, cell.value.split(",")[0] + ")"
    cell.value = narrowed
    book.save(folder / "allocation.xlsx")
    resum(folder)
    found = api.verify(folder, redo=False)
    assert [p.file for p in found.problems] == ["allocation.xlsx"]
    assert f"{cell.coordinate} is {narrowed!r}, the plan gives {written!r}" in found.problems[0].what


def test_a_stored_result_changed_in_the_file_does_not_verify_and_one_left_out_does(solved, tmp_path):
    """A total's stored result edited in the file's XML is found; a workbook saved again by a program that keeps
    no results (openpyxl) still verifies, its formulas being the plan's."""
    folder = copy_of(solved, tmp_path)
    path = folder / "allocation.xlsx"
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb"(<c r=\"(C\d+)\"[^>]*><f>[^<]*</f><v>)(\d+)(</v>)",
                                 lambda m: m.group(1) + str(int(m.group(3)) + 7).encode() + m.group(4), content,
                                 count=1)
            target.writestr(entry, content)
    path.write_bytes(out.getvalue())
    resum(folder)
    found = api.verify(folder, redo=False)
    assert [p.file for p in found.problems] == ["allocation.xlsx"]
    assert "(stored result) is" in found.problems[0].what
    load_workbook(path).save(path)  # no stored results at all now
    resum(folder)
    assert api.verify(folder, redo=False).ok


def test_a_seat_added_to_the_allocation_table_does_not_verify_without_redo(solved, tmp_path):
    folder = copy_of(solved, tmp_path)
    add_seats(folder / "allocation.csv", 1)
    resum(folder)
    found = api.verify(folder, redo=False)
    assert [p.file for p in found.problems] == ["allocation.csv"]


def test_a_seat_added_over_a_quota_in_the_assignments_does_not_verify_without_redo(solved, tmp_path):
    folder = copy_of(solved, tmp_path)
    add_seats(folder / "assignments.csv", 5)
    resum(folder)
    found = api.verify(folder, redo=False)
    files = {p.file for p in found.problems}
    assert "assignments.csv" in files  # the checker names the broken rule
    assert any("seat_cap" in p.what or "demand_limit" in p.what for p in found.problems)
    assert "allocation.csv" in files  # and the tables no longer follow from it


def test_an_untouched_folder_verifies_without_redo_with_its_tables_and_workbook_recomputed(solved, capsys):
    assert main(["verify", str(solved), "--no-resolve", "--lang", "en"]) == 0
    assert "tables and workbook: recomputed from the plan, 0 problem(s)" in capsys.readouterr().err


def test_a_stage_value_changed_by_hand_is_named_and_one_that_is_no_number_is_bad_input(solved, tmp_path):
    folder = copy_of(solved, tmp_path)
    lines = (folder / "stages.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    stage, value, rest = lines[1].split(",", 2)
    (folder / "stages.csv").write_text("".join([lines[0], f"{stage},{int(value) + 1},{rest}", *lines[2:]]),
                                       encoding="utf-8")
    resum(folder)
    found = api.verify(folder, redo=False)
    assert [str(p) for p in found.problems] == [f"stages.csv: {stage} is {int(value) + 1}, the plan gives {value}"]
    (folder / "stages.csv").write_text("".join([lines[0], f"{stage},lots,{rest}", *lines[2:]]), encoding="utf-8")
    resum(folder)
    with pytest.raises(InputError) as err:
        api.verify(folder, redo=False)
    assert str(err.value) == (f"{folder / 'stages.csv'}, row 2, column value: 'lots' is not a whole number; "
                              "run solve again to rewrite the result folder")


def test_a_folder_written_before_csvs_had_a_byte_order_mark_still_verifies(solved, tmp_path):
    """CSV files without the mark (as written before it was added), checksums to match: the same tables."""
    from optimizer import encode
    from optimizer.outputs.folder import checksums

    old = copy_of(solved, tmp_path)
    files = {p.relative_to(old).as_posix(): p.read_bytes() for p in old.rglob("*") if p.is_file()}
    for name, data in files.items():
        if name.endswith(".csv"):
            assert data.startswith(encode.CSV_BOM), name
            (old / name).write_bytes(data.removeprefix(encode.CSV_BOM))
    stripped = {name: (old / name).read_bytes() for name in files if name != CHECKSUM_FILE}
    (old / CHECKSUM_FILE).write_bytes(checksums(stripped))
    found = api.verify(old)
    assert found.ok, [str(p) for p in found.problems]


def test_a_brief_that_does_not_follow_from_the_folder_does_not_verify_without_redo(solved, tmp_path):
    folder = copy_of(solved, tmp_path)
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    summary = json.loads(files["summary.json"])
    summary["scenario"]["question"] = "Một câu hỏi khác?"
    files["summary.json"] = json.dumps(summary).encode("utf-8")
    (folder / "tom_tat.pdf").write_bytes(render_brief(files))
    resum(folder)
    found = api.verify(folder, redo=False)
    assert [p.file for p in found.problems] == ["tom_tat.pdf"]
    assert api.verify(solved, redo=False).ok


def test_a_folder_with_pins_and_past_years_verifies_and_its_redo_keeps_them(tmp_path):
    """The scenario's pins (copied to inputs/pins.csv) and its plan_from_year, resolved from its date, bring the
    same plan and the same explanations when the folder is solved again, whatever the date then."""
    folder = tmp_path / "in"
    write_instance(folder, caps=[cap(y, "cc_tt", seats_max=4) for y in (2023, 2024)],
                   demand=[demand("u1.a", "u1", 5), demand("u2.a", "u2", 3, tier="t2")])
    (folder / "plan.csv").write_text("demand_id,year,course_id,seats\nu2.a,2023,cc_tt,3\n", encoding="utf-8")
    path = folder / "replan.yaml"
    path.write_text(yaml.safe_dump({"extends": "scenario.yaml", "name": "replan", "reference": "plan.csv",
                                    "today": "2024-03-01", "pins": [{"unit": "u1", "course": "cc_tt", "year": 2024,
                                                                     "at_most": 2, "note": "giữ người"}]}),
                    encoding="utf-8")
    out = api.write(api.solve(path), tmp_path / "out")
    verification = api.verify(out)
    assert verification.problems == () and verification.redone
    assert "pinned" in verification.rules_checked
