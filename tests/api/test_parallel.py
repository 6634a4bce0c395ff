"""National runs and batches: every province solved into an ordinary result folder, the national files beside
them, the same bytes for any number of jobs, and nothing written when something fails."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest
from tiny import YEARS, cap, demand, write_instance

from optimizer import api
from optimizer.analyses import batch
from optimizer.api import parallel
from optimizer.cli import main
from optimizer.files import VOLATILE
from optimizer.model.plan import Status


def fake_country(root: Path, provinces: int = 3) -> Path:
    """A country folder of tiny provinces (each its own folder, name and demand)."""
    rows = ["province_code,province,scenario"]
    for number in range(1, provinces + 1):
        slug = f"tinh_{number}"
        caps = [cap(year, course, seats_max=number if course == "cc_tt" else 100) for year in YEARS
                for course in ("cc_tt", "cc_pt")]
        write_instance(root / slug, name=slug, caps=caps,
                       demand=[demand("u1.a", "u1", 3 + number), demand("u2.a", "u2", 9 - number, tier="t2")])
        rows.append(f"{number:02d},Tỉnh số {number},{slug}/scenario.yaml")
    (root / "provinces.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in VOLATILE}


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    root = tmp_path_factory.mktemp("national")
    country = fake_country(root / "country")
    serial = main(["country", str(country), "--out", str(root / "serial")])
    parallel = main(["country", str(country), "--out", str(root / "parallel"), "--jobs", "2"])
    return root, serial, parallel


def test_a_national_run_gives_the_same_bytes_with_one_job_or_two(national):
    root, serial, parallel = national
    assert serial == parallel == 0
    one, two = contents(root / "serial"), contents(root / "parallel")
    assert one == two
    assert {"tinh_1/allocation.xlsx", "tinh_3/allocation.xlsx", "national.xlsx", "coverage_by_province.png",
            "coverage_by_province.csv", "totals_by_province.csv"} <= set(one)


def test_each_province_folder_is_an_ordinary_result_folder_that_verifies(national):
    root, _, _ = national
    assert api.verify(root / "serial" / "tinh_2", redo=False).ok


def test_the_national_workbook_speaks_vietnamese_and_ends_with_the_country_total(national):
    root, _, _ = national
    sheet = openpyxl.load_workbook(root / "serial" / "national.xlsx")["Theo tỉnh"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Mã tỉnh", "Tỉnh, thành phố", "Nhu cầu", "Chỉ tiêu phân bổ", "Tỷ lệ đáp ứng")
    assert [r[1] for r in rows[1:4]] == ["Tỉnh số 1", "Tỉnh số 2", "Tỉnh số 3"]
    assert rows[-1][0] == "Tổng cộng" and rows[-1][2] == rows[1][2] + rows[2][2] + rows[3][2]


def test_a_national_run_refuses_a_folder_holding_other_files_before_solving(tmp_path, capsys):
    country = fake_country(tmp_path / "country", provinces=1)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["country", str(country), "--out", str(tmp_path / "out")]) == 2
    assert "notes.txt" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["notes.txt"]


def test_a_failing_province_writes_nothing_and_names_its_scenario(tmp_path, capsys):
    (tmp_path / "country" / "xa").mkdir(parents=True)
    (tmp_path / "country" / "xa" / "scenario.yaml").write_text("name: xa\ndata: .\nyears: [2023]\n", "utf-8")
    (tmp_path / "country" / "provinces.csv").write_text("province_code,province,scenario\n01,Xa,xa/scenario.yaml\n",
                                                        encoding="utf-8")
    assert main(["country", str(tmp_path / "country"), "--out", str(tmp_path / "out"), "--lang", "en"]) == 2
    assert "xa/scenario.yaml" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("table, problem", [
    ("province_code,province\n01,A\n", "column scenario: the column is missing"),
    ("province_code,province,scenario\n01,A,../x.yaml\n", "row 2, column scenario: '../x.yaml' is not a path"),
    ("province_code,province,scenario\n01,A,a/s.yaml\n", "no such scenario file"),
])
def test_a_bad_provinces_table_is_refused_naming_the_row_and_column(tmp_path, capsys, table, problem):
    (tmp_path / "provinces.csv").write_text(table, encoding="utf-8")
    assert main(["country", str(tmp_path), "--out", str(tmp_path / "out"), "--lang", "en"]) == 2
    assert problem in capsys.readouterr().err


def test_a_repeated_province_code_is_refused(tmp_path, capsys):
    for slug in ("a", "b"):
        (tmp_path / slug).mkdir()
        (tmp_path / slug / "scenario.yaml").write_text("name: x\n", encoding="utf-8")
    (tmp_path / "provinces.csv").write_text("province_code,province,scenario\n01,A,a/scenario.yaml\n"
                                            "01,B,b/scenario.yaml\n", encoding="utf-8")
    assert main(["country", str(tmp_path), "--out", str(tmp_path / "out"), "--lang", "en"]) == 2
    assert "row 3, column province_code: '01' is also on row 2" in capsys.readouterr().err


def test_a_national_run_on_a_dask_cluster_writes_the_same_bytes(national, tmp_path):
    distributed = pytest.importorskip("distributed", reason="the optional extra 'cluster' (dask) is not installed")
    root, _, _ = national
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        api.country(root / "country", tmp_path / "dask", scheduler=c.scheduler_address)
    assert contents(tmp_path / "dask") == contents(root / "serial")


def test_a_batch_writes_one_folder_per_scenario_and_refuses_a_repeated_name(tmp_path, capsys):
    for name in ("mot", "hai"):
        write_instance(tmp_path / name, name=name)
    folders = api.run_batch([tmp_path / "mot" / "scenario.yaml", tmp_path / "hai" / "scenario.yaml"],
                            tmp_path / "out", jobs=2)
    assert [f.name for f in folders] == ["mot", "hai"] and api.verify(folders[1], redo=False).ok
    write_instance(tmp_path / "again", name="mot")
    assert main(["batch", str(tmp_path / "mot" / "scenario.yaml"), str(tmp_path / "again" / "scenario.yaml"),
                 "--out", str(tmp_path / "twice")]) == 2
    assert not (tmp_path / "twice").exists()
    said = capsys.readouterr().err
    assert "tên 'mot' đã được dùng ở" in said and "hãy đặt cho mỗi kịch bản trong loạt một tên riêng" in said


def test_a_missing_provinces_table_is_named_in_vietnamese_by_default(tmp_path, capsys):
    assert main(["country", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "thư mục không có provinces.csv" in capsys.readouterr().err


def test_an_interrupted_national_run_writes_nothing(tmp_path, monkeypatch):
    country = fake_country(tmp_path / "country", provinces=1)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(parallel, "solve_all", interrupted)
    assert main(["country", str(country), "--out", str(tmp_path / "out")]) == 130
    assert not (tmp_path / "out").exists()


def test_a_province_stopped_by_the_time_limit_is_named_and_the_run_ends_with_status_4(tmp_path, monkeypatch, capsys):
    """The national run writes everything (each plan is checked), but says which plans are not proven optimal."""
    country = fake_country(tmp_path / "country", provinces=2)
    real_solve = batch.solve

    def stopped_for_the_second(inputs, scenario):
        result = real_solve(inputs, scenario)
        return dataclasses.replace(result, status=Status.TIME_LIMITED) if scenario.name == "tinh_2" else result

    monkeypatch.setattr(batch, "solve", stopped_for_the_second)  # one job: the provinces are solved here
    assert main(["country", str(country), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 4
    said = capsys.readouterr().err
    assert "1 tỉnh dừng ở giới hạn thời gian" in said and "Tỉnh số 2" in said and "Tỉnh số 1" not in said
    assert (tmp_path / "out" / "national.xlsx").is_file()
