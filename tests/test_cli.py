"""The command line on tiny instances: exit statuses, the result folder's files, and one-line errors that leave
existing folders alone. ``validate`` runs on the bundled scenario (no solve)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from documented import documented_result_files
from pypdf import PdfReader
from tiny import cap, demand, write_instance

from optimizer import files
from optimizer import files as folders
from optimizer.api import geography
from optimizer.cli import main
from optimizer.inputs.data import load_inputs
from optimizer.inputs.scenario import DEFAULT_SETTINGS

REPO = Path(__file__).resolve().parent.parent
RESULT_FILES = documented_result_files() - {"report.html"}


def scenario_path(folder: Path, **tables) -> Path:
    _, scenario = write_instance(folder, **tables)
    return scenario.path


def infeasible_scenario(folder: Path) -> Path:
    """A seats_min of 5 for 3 eligible cadres."""
    return scenario_path(folder, years=(2023,), caps=[cap(2023, "cc_tt", seats_min=5, seats_max=10)],
                         demand=[demand("u1.a", "u1", 3, deadline=2023)])


def break_cell(path: Path, line: int, column: str, value: str) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    records[line - 1][records[0].index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)


def error_lines(text: str) -> list[str]:
    """stderr lines other than the progress messages (which are indented, or start with 'solving')."""
    return [line for line in text.splitlines() if line and not line.startswith(("  ", "solving "))]


def test_solve_writes_every_result_file_and_exits_0(tmp_path, capsys):
    """A feasible tiny scenario exits 0 and writes exactly the documented files."""
    out = tmp_path / "out"
    status = main(["solve", str(scenario_path(tmp_path / "in")), "--out", str(out), "--lang", "en"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert {p.name for p in out.iterdir()} == RESULT_FILES
    assert "optimal" in captured.out
    assert error_lines(captured.err) == []


def test_solve_of_a_data_folder_uses_the_defaults_and_writes_them_into_the_results_scenario(tmp_path, capsys):
    """No scenario file: the years of the quotas and the baseline's settings, recorded so that the planner can edit
    them and solve the result's scenario.yaml again to the same plan."""
    write_instance(tmp_path / "in")
    data = tmp_path / "in" / "data"
    out = tmp_path / "out"
    assert main(["solve", str(data), "--out", str(out)]) == 0, capsys.readouterr().err
    written = (out / "scenario.yaml").read_text(encoding="utf-8")
    settings = yaml.safe_load(written)
    assert settings["name"] == "data" and settings["years"] == [2023, 2024]
    assert settings["release_limits"] == dict(sorted(DEFAULT_SETTINGS["release_limits"].items()))
    assert settings["solver"]["method"] == "lp_chain" and "without a scenario file" in written
    again = tmp_path / "again"
    assert main(["solve", str(out / "scenario.yaml"), "--out", str(again)]) == 0
    assert (again / "assignments.csv").read_bytes() == (out / "assignments.csv").read_bytes()
    assert main(["validate", str(data)]) == 0


def test_explain_finds_a_unit_by_its_name_typed_without_accents_and_names_a_close_one_when_unknown(tmp_path, capsys):
    units = [{"unit_id": "y_yen", "name": "Huyện ủy Ý Yên", "kind": "district"},
             {"unit_id": "so_y_te", "name": "Sở Y tế", "kind": "department"}]
    _, scenario = write_instance(tmp_path / "in", units=units, caps=[cap(y, "cc_tt", seats_max=1) for y in (2023, 2024)],
                                 demand=[demand("y_yen.a", "y_yen", 3), demand("so_y_te.a", "so_y_te", 3, tier="t2")])
    out = tmp_path / "out"
    assert main(["solve", str(scenario.path), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["explain", str(out), "--unit", "huyen uy y yen"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Huyện ủy Ý Yên,") and "Sở Y tế" not in shown
    assert main(["explain", str(out), "--unit", "Huyen uy Y Yen cu"]) == 2
    assert "did you mean 'Huyện ủy Ý Yên'?" in capsys.readouterr().err


def test_solve_of_a_folder_with_neither_data_nor_scenarios_exits_2(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["solve", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 2
    assert "no scenario files" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_solve_with_bad_input_exits_2_with_one_line_naming_file_row_and_column(tmp_path, capsys):
    """A non-number in demand.csv is one stderr line naming the file, row and column; no traceback, no folder."""
    path = scenario_path(tmp_path / "in")
    break_cell(path.parent / "data" / "demand.csv", 3, "count", "many")
    out = tmp_path / "out"
    status = main(["solve", str(path), "--out", str(out), "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("bad input: ")
    assert "demand.csv, row 3, column count: 'many' is not a number" in err
    assert not out.exists()


def test_solve_with_a_pin_the_units_cadres_cannot_take_exits_2_naming_the_pin(tmp_path, capsys):
    """A pin of 5 seats for a unit with 3 eligible cadres: one stderr line naming the scenario's pins[0].seats."""
    path = scenario_path(tmp_path / "in")
    path.write_text(path.read_text(encoding="utf-8") + "pins:\n- {unit: u1, course: cc, year: 2023, seats: 5}\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    status = main(["solve", str(path), "--out", str(out), "--lang", "en"])
    err = capsys.readouterr().err
    [line] = error_lines(err)
    assert status == 2 and not out.exists() and "Traceback" not in err
    assert line.startswith(f"bad input: {path}, key pins[0].seats: u1 can have at most 3 seats of cc in 2023")
    assert main(["validate", str(path), "--lang", "en"]) == 2  # found without solving
    assert capsys.readouterr().err == err.splitlines(keepends=True)[-1]


def test_solve_of_an_infeasible_scenario_exits_3_without_an_output_folder(tmp_path, capsys):
    """An infeasible scenario exits 3 with one error line naming the bent rule, and writes no folder."""
    out = tmp_path / "out"
    status = main(["solve", str(infeasible_scenario(tmp_path / "in")), "--out", str(out), "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 3
    assert "Traceback" not in err
    [line] = error_lines(err)
    assert line.startswith("infeasible: ") and "seat_cap[cc_tt,all,2023]" in line
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["in"]


@pytest.mark.parametrize("failure", ["bad_input", "infeasible"])
def test_a_failed_solve_leaves_an_existing_output_folder_untouched(tmp_path, capsys, failure):
    """When a new run fails, the previous result folder keeps exactly its files and contents."""
    out = tmp_path / "out"
    files.write_result_folder(out, {"allocation.csv": b"previous result\n"})
    if failure == "infeasible":
        path, expected = infeasible_scenario(tmp_path / "in"), 3
    else:
        path, expected = scenario_path(tmp_path / "in"), 2
        break_cell(path.parent / "data" / "units.csv", 2, "kind", "village")
    status = main(["solve", str(path), "--out", str(out)])
    capsys.readouterr()
    assert status == expected
    assert sorted(p.name for p in out.iterdir()) == [folders.MANIFEST, "allocation.csv"]
    assert (out / "allocation.csv").read_text(encoding="utf-8") == "previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


def test_a_successful_solve_replaces_an_existing_output_folder(tmp_path, capsys):
    """A successful run replaces the old folder: stale files of the earlier run are gone, the new files are there."""
    out = tmp_path / "out"
    files.write_result_folder(out, {"stale.txt": b"old"})
    assert main(["solve", str(scenario_path(tmp_path / "in")), "--out", str(out)]) == 0
    capsys.readouterr()
    assert {p.name for p in out.iterdir()} == RESULT_FILES


def test_solve_refuses_an_output_folder_with_a_file_it_did_not_write_before_solving(tmp_path, capsys):
    """A planner's own file in the output folder: exit 2 naming it, before any solving, and the file is kept."""
    out = tmp_path / "out"
    files.write_result_folder(out, {"allocation.csv": b"earlier run\n"})
    (out / "notes.docx").write_bytes(b"the planner's notes")
    assert main(["solve", str(scenario_path(tmp_path / "in")), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "'notes.docx' không do chương trình này ghi" in err and "đang giải" not in err
    assert (out / "notes.docx").read_bytes() == b"the planner's notes"
    assert (out / "allocation.csv").read_bytes() == b"earlier run\n"


def test_solve_refuses_to_replace_a_result_file_edited_by_hand(tmp_path, capsys):
    """A workbook edited after the run wrote it would be lost by the next run: refused, the edit kept."""
    out = tmp_path / "out"
    path = scenario_path(tmp_path / "in")
    assert main(["solve", str(path), "--out", str(out)]) == 0
    (out / "allocation.xlsx").write_bytes(b"edited in Excel")
    capsys.readouterr()
    assert main(["solve", str(path), "--out", str(out)]) == 2
    assert "'allocation.xlsx' đã bị sửa sau khi chương trình này ghi" in capsys.readouterr().err
    assert (out / "allocation.xlsx").read_bytes() == b"edited in Excel"


def test_validate_prints_the_plan_warnings_of_the_baseline_and_exits_0(monkeypatch, capsys):
    """validate on the bundled scenario prints each plan warning, then a summary line, and exits 0."""
    monkeypatch.chdir(REPO)
    status = main(["validate", "scenarios/baseline.yaml", "--lang", "en"])
    captured = capsys.readouterr()
    warnings = load_inputs(REPO / "data" / "nam_dinh_2023_2025").warnings
    assert status == 0
    assert len(warnings) > 0
    lines = captured.out.splitlines()
    assert lines[:-1] == [str(w) for w in warnings]
    assert lines[-1].startswith("scenarios/baseline.yaml: valid") and f"{len(warnings)} plan warnings" in lines[-1]
    assert captured.err == ""


def test_validate_warns_in_one_vietnamese_line_when_a_what_if_re_plans_years_already_past(tmp_path, capsys):
    """A quota change in a scenario planned in 2026 whose years (2023–2024) are past and that has no reference
    plan: validate still exits 0, with one warning line suggesting reference: and plan_from_year:."""
    path = scenario_path(tmp_path / "in")
    path.write_text(path.read_text(encoding="utf-8") + "today: '2026-01-05'\ncaps:\n- {target: cc_tt, set: "
                    "{seats_max: 3}}\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    warned = [line for line in capsys.readouterr().out.splitlines() if line.startswith("cảnh báo:")]
    assert len(warned) == 1 and "đều đã qua (ngày lập 2026-01-05)" in warned[0] and "'plan_from_year:'" in warned[0]


def test_validate_of_a_scenario_with_an_unknown_key_exits_2(tmp_path, capsys):
    """A misspelt scenario key is bad input: exit 2 and one stderr line naming the file and the key."""
    path = scenario_path(tmp_path / "in")
    path.write_text(path.read_text(encoding="utf-8") + "yeras: [2023]\n", encoding="utf-8")
    status = main(["validate", str(path), "--lang", "en"])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err == f"bad input: {path}, key yeras: unknown key; did you mean 'years'?\n"
    assert captured.out == ""


def test_validate_of_a_scenario_with_a_year_outside_the_plan_exits_2(tmp_path, capsys):
    """A scenario year that caps.csv does not cover is bad input, named on one line."""
    path = scenario_path(tmp_path / "in")
    text = path.read_text(encoding="utf-8").replace("- 2024", "- 2024\n- 2026")
    assert "2026" in text
    path.write_text(text, encoding="utf-8")
    status = main(["validate", str(path), "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "year 2026 is outside the plan's years 2023–2024" in err


def test_report_writes_a_self_contained_page_into_a_result_folder(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["solve", str(scenario_path(tmp_path / "in")), "--out", str(out)]) == 0
    assert main(["report", str(out), "--lang", "en"]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "report.html" in capsys.readouterr().out


def test_solve_with_report_writes_the_page_too(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["solve", str(scenario_path(tmp_path / "in")), "--out", str(out), "--report"]) == 0
    assert (out / "report.html").is_file()


def test_report_on_a_folder_that_is_not_a_result_exits_2(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bad input: ") and "summary.json" in err and err.count("\n") == 1


def test_baseline_writes_the_files_of_solve_plus_its_own_and_names_the_rules_it_breaks(tmp_path, capsys):
    path = scenario_path(tmp_path / "in", demand=[demand("u1.a", "u1", 3, full_time_only=True)],
                         caps=[cap(y, c, seats_max=2) for y in (2023, 2024) for c in ("cc_tt", "cc_pt")])
    status = main(["baseline", "webster", str(path), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert {p.name for p in (tmp_path / "out").iterdir()} == RESULT_FILES - {"explanations.csv"} | {
        "baseline_cells.csv", "baseline_rounds.csv"}
    assert "tiny-webster" in captured.out and "full_time_only" in captured.out


def test_baseline_all_writes_one_folder_per_method(tmp_path, capsys):
    status = main(["baseline", "all", str(scenario_path(tmp_path / "in")), "--out", str(tmp_path / "out")])
    assert status == 0, capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        ["hamilton", "jefferson", "webster", "huntington_hill", "adams", "dean"])


def test_baseline_with_an_unknown_method_exits_2_and_writes_nothing(tmp_path, capsys):
    status = main(["baseline", "borda", str(scenario_path(tmp_path / "in")), "--out", str(tmp_path / "out"),
                   "--lang", "en"])
    assert status == 2
    assert error_lines(capsys.readouterr().err) == [
        "bad input: baseline, column METHOD: unknown method 'borda'; use one of hamilton, jefferson, webster, "
        "huntington_hill, adams, dean (or 'all')"]
    assert not (tmp_path / "out").exists()


def test_properties_measures_a_solved_plan_and_the_methods(tmp_path, capsys):
    path = scenario_path(tmp_path / "in")
    assert main(["solve", str(path), "--out", str(tmp_path / "solved")]) == 0
    status = main(["properties", str(path), "--plan", str(tmp_path / "solved"), "--methods", "hamilton,adams",
                   "--span", "2", "--out", str(tmp_path / "props"), "--lang", "en"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert {"properties.xlsx", "properties.png", "quota_rule.csv"} <= {p.name for p in (tmp_path / "props").iterdir()}
    assert "tiny-hamilton" in captured.out and "tiny-adams" in captured.out


def test_template_then_import_gives_back_a_data_folder_that_loads_like_the_original(tmp_path, capsys):
    data = REPO / "data" / "nam_dinh_2023_2025"
    assert main(["template", str(tmp_path / "tpl"), "--data", str(data)]) == 0
    workbook = tmp_path / "tpl" / "mau_nhap_lieu.xlsx"
    assert workbook.is_file()
    assert main(["import", str(workbook), "--out", str(tmp_path / "back")]) == 0
    assert (tmp_path / "back" / "demand.csv").read_bytes() == (data / "demand.csv").read_bytes()
    assert load_inputs(tmp_path / "back").demand.equals(load_inputs(data).demand)
    assert "hợp lệ" in capsys.readouterr().out


def test_import_of_a_file_that_is_not_a_workbook_exits_2_and_writes_nothing(tmp_path, capsys):
    fake = tmp_path / "nhu_cau.xlsx"
    fake.write_text("unit_id,count\nu1,3\n", encoding="utf-8")
    assert main(["import", str(fake), "--out", str(tmp_path / "back")]) == 2
    lines = error_lines(capsys.readouterr().err)
    assert len(lines) == 1 and "nhu_cau.xlsx" in lines[0] and "không phải sổ Excel .xlsx" in lines[0]
    assert not (tmp_path / "back").exists()


def test_a_solve_cut_short_by_its_time_limit_says_so_writes_a_checked_plan_and_exits_4(tmp_path, capsys):
    """With a time limit that is already over after the first stage, each part keeps its first plan only."""
    _, scenario = write_instance(tmp_path / "in", time_limit=0.001)
    out = tmp_path / "out"
    assert main(["solve", str(scenario.path), "--out", str(out), "--lang", "en"]) == 4
    captured = capsys.readouterr()
    assert "time_limited" in captured.out and "time limit" in error_lines(captured.err)[0]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "time_limited"
    assert [stage["name"] for stage in summary["stages"]] == ["coverage[t1]"]
    assert all({"bound", "gap", "optimal"} <= set(stage) for stage in summary["stages"])
    assert summary["rule_violations"] == {rule: 0 for rule in summary["checked_rules"]}


# --- units' workbooks: template --per-unit, import of many, solve on a folder of them ------------------------------


def unit_forms_of_tiny(tmp_path: Path) -> tuple[Path, Path]:
    """A tiny data folder whose three units all have demand, and the folder of their per-unit workbooks."""
    rows = [demand("u1.a", "u1", 3), demand("u2.a", "u2", 2, tier="t2"), demand("u3.a", "u3", 1)]
    write_instance(tmp_path / "in", demand=rows)
    data, forms = tmp_path / "in" / "data", tmp_path / "forms"
    assert main(["template", "--per-unit", str(forms), "--data", str(data)]) == 0
    return data, forms


def set_cell(path: Path, coordinate: str, value) -> None:
    workbook = openpyxl.load_workbook(path)
    workbook["Nhu cầu"][coordinate] = value
    workbook.save(path)


def test_template_per_unit_writes_one_workbook_per_unit_named_after_it(tmp_path, capsys):
    _, forms = unit_forms_of_tiny(tmp_path)
    assert sorted(p.name for p in forms.glob("*.xlsx")) == ["unit_u1.xlsx", "unit_u2.xlsx", "unit_u3.xlsx"]
    assert "đã ghi 3 sổ nhập liệu" in capsys.readouterr().out
    assert main(["template", "--per-unit", str(tmp_path / "other"), "--blank", "demand"]) == 2


def test_import_of_a_folder_of_unit_workbooks_writes_the_data_folder_with_its_report(tmp_path, capsys):
    data, forms = unit_forms_of_tiny(tmp_path)
    capsys.readouterr()
    assert main(["import", str(forms), "--out", str(tmp_path / "back"), "--data", str(data)]) == 0
    assert "3/3 đơn vị đã gửi sổ, 3 dòng nhu cầu (6 cán bộ), hợp lệ" in capsys.readouterr().out
    back = load_inputs(tmp_path / "back")
    assert list(back.demand.index) == ["u1.cc.t1.party", "u2.cc.t2.party", "u3.cc.t1.party"]
    assert (tmp_path / "back" / "import_report.xlsx").is_file()


def test_import_with_problems_lists_every_one_exits_2_and_writes_only_the_report_beside_out(tmp_path, capsys):
    data, forms = unit_forms_of_tiny(tmp_path)
    set_cell(forms / "unit_u1.xlsx", "E5", "ba")
    set_cell(forms / "unit_u2.xlsx", "C5", "Tier nine")
    (forms / "unit_u3.xlsx").unlink()
    capsys.readouterr()
    out = tmp_path / "back"
    for _ in range(2):  # the second run replaces the first run's report
        assert main(["import", str(forms), "--out", str(out), "--data", str(data)]) == 2
        captured = capsys.readouterr()
        lines = captured.out.splitlines()
        assert len(lines) == 3
        assert "unit_u1.xlsx, trang 'Nhu cầu', ô E5 (Unit u1): 'ba'" in lines[0]
        assert "unit_u2.xlsx, trang 'Nhu cầu', ô C5 (Unit u2): 'Tier nine'" in lines[1]
        assert "unit_u3.xlsx (Unit u3): đơn vị chưa gửi tệp nhu cầu" in lines[2]
        assert "dữ liệu sai: 3 vấn đề" in captured.err and "back_import_report.xlsx" in captured.err
        assert not out.exists() and (tmp_path / "back_import_report.xlsx").is_file()
    (tmp_path / "mine.xlsx").write_bytes(b"a planner's own file")
    assert main(["import", str(forms), "--out", str(out), "--data", str(data), "--report",
                 str(tmp_path / "mine.xlsx")]) == 2
    assert "sẽ không ghi đè" in capsys.readouterr().err
    assert (tmp_path / "mine.xlsx").read_bytes() == b"a planner's own file"
    assert main(["import", str(forms), "--out", str(out), "--data", str(data), "--allow-missing"]) == 2


def test_solve_on_a_folder_of_unit_workbooks_imports_them_and_solves_with_the_defaults(tmp_path, capsys):
    data, forms = unit_forms_of_tiny(tmp_path)
    assert main(["solve", str(forms), "--data", str(data), "--out", str(tmp_path / "res")]) == 0
    assert "forms: tối ưu" in capsys.readouterr().out
    assert (tmp_path / "res" / "allocation.csv").is_file()
    assert f"data folder {forms.as_posix()}" in (tmp_path / "res" / "scenario.yaml").read_text(encoding="utf-8")
    set_cell(forms / "unit_u1.xlsx", "F5", 2031)
    assert main(["solve", str(forms), "--data", str(data), "--out", str(tmp_path / "res2")]) == 2
    assert "ô F5" in capsys.readouterr().out and not (tmp_path / "res2").exists()


def pdf_pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def test_brief_writes_one_page_never_over_an_existing_file_and_compares_with_another_folder(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["solve", str(scenario_path(tmp_path / "in")), "--out", str(out)]) == 0
    assert pdf_pages(out / "tom_tat.pdf") == 1
    brief = tmp_path / "brief.pdf"
    assert main(["brief", str(out), "--out", str(brief)]) == 0
    assert brief.read_bytes() == (out / "tom_tat.pdf").read_bytes()
    brief.write_bytes(b"a planner's own file")
    assert main(["brief", str(out), "--out", str(brief), "--lang", "en"]) == 2
    assert brief.read_bytes() == b"a planner's own file"
    other = tmp_path / "other"
    assert main(["solve", str(scenario_path(tmp_path / "in2")), "--out", str(other)]) == 0
    compared = tmp_path / "compared.pdf"
    assert main(["brief", str(out), "--compare", str(other), "--out", str(compared)]) == 0
    assert pdf_pages(compared) == 1 and compared.read_bytes() != brief.read_bytes()
    (tmp_path / "empty").mkdir()
    capsys.readouterr()
    assert main(["brief", str(tmp_path / "empty"), "--out", str(tmp_path / "x.pdf")]) == 2
    assert "summary.json" in capsys.readouterr().err and not (tmp_path / "x.pdf").exists()


def test_notices_writes_one_page_per_unit_and_refuses_a_folder_with_a_file_it_did_not_write(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["solve", str(scenario_path(tmp_path / "in")), "--out", str(out)]) == 0
    notices = tmp_path / "notices"
    assert main(["notices", str(out), "--out", str(notices), "--province", "Nam Định"]) == 0
    written = sorted(p.name for p in notices.iterdir())
    # u3 lists no cadres and gets no seats: no notice for it
    assert written == [".optimizer-written", "1_unit_u1.pdf", "2_unit_u2.pdf", "tat_ca_don_vi.pdf"]
    assert all(pdf_pages(notices / name) == 1 for name in written if name[0].isdigit())
    assert pdf_pages(notices / "tat_ca_don_vi.pdf") == 2
    assert main(["notices", str(out), "--out", str(notices)]) == 0  # its own folder may be replaced
    (notices / "ghi_chu.txt").write_text("notes", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in notices.iterdir()}
    assert main(["notices", str(out), "--out", str(notices), "--lang", "en"]) == 2
    assert "ghi_chu.txt" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in notices.iterdir()} == before


def test_generate_country_writes_the_index_and_province_folders(tmp_path, monkeypatch, capsys):
    """generate --country writes provinces.csv and one folder per province (here the map cut to one province)."""
    folder = tmp_path / "map"
    folder.mkdir()
    for name in ("communes.csv", "provinces.csv"):
        table = pd.read_csv(geography.MAP / name, dtype=str, keep_default_na=False)
        table[table["province"] == "Lai Châu"].to_csv(folder / name, index=False)
    monkeypatch.setattr(geography, "MAP", folder)
    assert main(["generate", "--country", "--years", "2", "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "provinces.csv").read_text(encoding="utf-8").splitlines()[1] == \
        "12,Lai Châu,lai_chau/scenario.yaml"
    assert "years: [2026, 2027]" in (tmp_path / "out" / "lai_chau" / "scenario.yaml").read_text(encoding="utf-8")
