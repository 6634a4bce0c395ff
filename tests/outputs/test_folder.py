"""Tests of optimizer/outputs/folder.py: the result folder's one column contract, its one reader and its checksums.

A tiny solve and a tiny baseline are written as real result folders; the reader must take every CSV of them, and
refuse a broken one with a one-line message naming the file, row, column and the fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tiny import cap, demand, write_instance

from optimizer import api, encode
from optimizer.analyses.compare import read_result
from optimizer.analyses.properties import plan_of_folder
from optimizer.errors import InputError
from optimizer.inputs import schema
from optimizer.outputs.folder import (
    BOOL,
    CHECKSUM_FILE,
    INPUT_TABLES,
    INT,
    NUMBER,
    OPTIONAL_INT,
    REPORT_FILE,
    SUMMARY_FILE,
    TABLES,
    TEXT,
    ResultFolder,
    checksum_problems,
    checksums,
    read_folder,
    with_checksum,
)
from optimizer.outputs.html_report import render_report


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """A solved what-if (its scenario has changes, so inputs/ differs from the data) and a baseline, written."""
    root = tmp_path_factory.mktemp("folder")
    write_instance(root, caps=[cap(y, "cc_tt", seats_max=4) for y in (2023, 2024)],
                   demand=[demand("u1.a", "u1", 5), demand("u2.a", "u2", 3, tier="t2")])
    path = root / "cut.yaml"
    path.write_text(yaml.safe_dump({"extends": "scenario.yaml", "name": "cut",
                                    "caps": [{"target": "cc_tt", "set": {"seats_max": 3}}]}), encoding="utf-8")
    solved = api.write(api.solve(path), root / "solved")
    baseline = api.write_baseline(api.baseline("webster", root / "scenario.yaml"), root / "baseline")
    return {"solved": solved, "baseline": baseline}


def csv_names(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.csv"))


# --- the contract --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["solved", "baseline"])
def test_every_csv_written_is_declared_with_exactly_its_columns_in_order(folders, which):
    """... and starts with the UTF-8 byte-order mark, so that Excel on Windows opens it with its Vietnamese."""
    folder = folders[which]
    assert csv_names(folder)
    for name in csv_names(folder):
        assert (folder / name).read_bytes().startswith(encode.CSV_BOM), name
        header = (folder / name).read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert name in TABLES, name
        assert header == [c.name for c in TABLES[name].columns], name


def test_the_input_copies_have_the_columns_the_schema_declares():
    kinds = {"id": {TEXT}, "text": {TEXT}, "choice": {TEXT}, "bool": {TEXT}, "share": {NUMBER},
             "int": {INT, OPTIONAL_INT}}
    every = (*schema.ALL_TABLES, *schema.PEOPLE_TABLES)
    assert set(INPUT_TABLES) == {table.name for table in every}
    for table in every:
        copy = INPUT_TABLES[table.name]
        assert copy.path == f"inputs/{table.file}"
        assert [(c.name, c.required) for c in copy.columns] == [(c.name, c.required) for c in table.columns]
        for ours, theirs in zip(copy.columns, table.columns):
            assert ours.kind in kinds[theirs.kind], (table.name, ours.name)
            assert (ours.kind == OPTIONAL_INT) == (theirs.kind == "int" and theirs.nullable), (table.name, ours.name)


def test_the_plan_has_the_shape_of_the_schemas_assignments():
    assert [c.name for c in TABLES["assignments.csv"].columns] == [c.name for c in schema.ASSIGNMENTS.columns]


# --- the reader ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["solved", "baseline"])
def test_the_reader_takes_every_csv_of_a_written_folder_to_its_kinds(folders, which):
    content = read_folder(folders[which])
    for name in csv_names(folders[which]):
        table = content.table(name)
        for column in TABLES[name].columns:
            dtype = str(table[column.name].dtype)
            assert dtype == {INT: "int64", OPTIONAL_INT: "Int64", NUMBER: "float64", BOOL: "bool"}.get(
                column.kind, dtype), (name, column.name)
    assert content.name == ("cut" if which == "solved" else "tiny-webster")
    assert content.summary["status"] == ("optimal" if which == "solved" else "baseline")
    assignments, classes = content.plan()
    assert assignments["seats"].sum() == content.summary["seats"] and "classes" in classes


def test_the_reader_gives_typed_columns_where_the_old_readers_disagreed(folders):
    content = read_folder(folders["solved"])
    assert str(content.table("inputs/tiers.csv")["rank"].dtype) == "int64"
    assert str(content.table("inputs/caps.csv")["seats_max"].dtype) == "Int64"
    assert content.table("stages.csv")["optimal"].all()


def test_an_optional_column_an_older_folder_lacks_reads_as_blank():
    content = ResultFolder({"inputs/targets.csv": b"family,tier,year,target_share\ncc,t1,2024,0.5\n"})
    targets = content.table("inputs/targets.csv")
    assert targets["source"].tolist() == [""] and targets["year"].tolist() == [2024]


@pytest.mark.parametrize("data, message", [
    (b"tier,rank,name,name_en\nt1,1,A,\nt2,x,B,\n",
     "inputs/tiers.csv, row 3, column rank: 'x' is not a whole number; run solve again to rewrite the result folder"),
    (b"tier,rank,name,name_en\nt1,1.5,A,\n",
     "inputs/tiers.csv, row 2, column rank: '1.5' is not a whole number; run solve again to rewrite the result "
     "folder"),
    (b"tier,rank,name_en\nt1,1,A\n",
     "inputs/tiers.csv, row 1, column name: required column is missing; run solve again to write it"),
    (b"", "inputs/tiers.csv: the file is empty; run solve again to write it"),
    (b"\xff\xfe\x00t", "inputs/tiers.csv: the file is not UTF-8; run solve again to write it"),
])
def test_a_bad_csv_is_refused_in_one_line_naming_file_row_column_and_fix(data, message):
    with pytest.raises(InputError) as err:
        ResultFolder({"inputs/tiers.csv": data}).table("inputs/tiers.csv")
    assert str(err.value) == message


def test_a_stage_that_is_neither_optimal_nor_not_is_refused():
    data = b"stage,value,bound,gap,optimal\ncanonical,3,3.0,0.0,maybe\n"
    with pytest.raises(InputError, match=r"stages\.csv, row 2, column optimal: 'maybe' is not True or False"):
        ResultFolder({"stages.csv": data}).table("stages.csv")


def test_a_missing_file_is_named_by_its_full_path_on_disk_and_by_its_name_in_memory(folders, tmp_path):
    with pytest.raises(InputError) as err:
        ResultFolder({}).table("coverage.csv")
    assert str(err.value) == "coverage.csv: the file is missing; run solve again to write it"
    with pytest.raises(InputError) as err:
        read_folder(folders["solved"]).table("bent_rules.csv")
    assert str(err.value).startswith(f"{folders['solved'] / 'bent_rules.csv'}: the file is missing")
    assert read_folder(folders["solved"]).optional_table("bent_rules.csv") is None
    with pytest.raises(InputError, match="the result folder does not exist; check the path, or run solve"):
        read_folder(tmp_path / "nowhere")


@pytest.mark.parametrize("text, message", [
    ("{not json", "summary.json, row 1: is not valid JSON"),
    ("[1, 2]", "summary.json: is not a JSON object"),
    ('{"scenario": "x"}', "summary.json, column scenario: is not a JSON object"),
    ('{"stages": {}}', "summary.json, column stages: is not a JSON list"),
])
def test_a_bad_summary_is_refused(text, message):
    with pytest.raises(InputError) as err:
        _ = ResultFolder({SUMMARY_FILE: text.encode()}).summary
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_compare_and_the_report_refuse_a_fractional_tier_rank_alike(folders, tmp_path):
    """One contract: the two readers that once disagreed on tiers.rank now say the same."""
    folder = tmp_path / "copy"
    files = {name: (folders["solved"] / name).read_bytes() for name in csv_names(folders["solved"])}
    files[SUMMARY_FILE] = (folders["solved"] / SUMMARY_FILE).read_bytes()
    tiers = files["inputs/tiers.csv"].decode().splitlines()
    tiers[1] = tiers[1].replace(",1,", ",1.5,", 1)
    files["inputs/tiers.csv"] = ("\n".join(tiers) + "\n").encode()
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    problem = "inputs/tiers.csv, row 2, column rank: '1.5' is not a whole number"
    with pytest.raises(InputError, match=problem):
        read_result(folder)
    with pytest.raises(InputError, match=problem):
        render_report(files)


@pytest.mark.parametrize("which, kind", [("solved", "solve"), ("baseline", "method:webster")])
def test_a_folder_read_as_a_plan_has_its_kind_assignments_and_demand(folders, which, kind):
    plan = plan_of_folder(folders[which])
    tables = read_result(folders[which])
    assert (plan.name, plan.kind) == (tables.name, kind)
    assert plan.assignments.equals(tables.assignments)
    assert plan.demand.equals(tables.inputs["demand"].set_index("demand_id"))


# --- checksums -----------------------------------------------------------------------------------------------


def test_checksums_list_every_file_but_the_unchecked_and_a_page_added_later_joins_in_order():
    files = {"b.csv": b"b", "a.csv": b"a", "timing.json": b"{}"}
    sums = checksums(files)
    assert [line.split("  ")[1] for line in sums.decode().splitlines()] == ["a.csv", "b.csv"]
    with_page = with_checksum(sums, REPORT_FILE, b"<html>")
    assert with_page == checksums({**files, REPORT_FILE: b"<html>"})
    assert with_checksum(with_page, REPORT_FILE, b"<html>new") == checksums({**files, REPORT_FILE: b"<html>new"})


def test_checksum_problems_name_a_changed_a_missing_and_an_added_file(folders, tmp_path):
    folder = tmp_path / "copy"
    folder.mkdir()
    files = {"a.csv": b"a\n", "b.csv": b"b\n", "c.csv": b"c\n"}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / CHECKSUM_FILE).write_bytes(checksums(files))
    assert checksum_problems(folder) == ([], 3)
    (folder / "a.csv").write_bytes(b"a\n\n")
    (folder / "b.csv").unlink()
    (folder / "d.csv").write_bytes(b"d\n")
    problems, count = checksum_problems(folder)
    assert count == 3 and [name for name, _ in problems] == ["a.csv", "b.csv", "d.csv"]
    assert [what.split(" ")[0] for _, what in problems] == ["changed", "missing", "not"]


def test_a_written_folder_has_no_checksum_problem(folders):
    assert checksum_problems(folders["solved"])[0] == []
