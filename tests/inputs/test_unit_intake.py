"""The units' workbooks read back together: the bundled demand round-trips, and every seeded problem is listed at
its unit, workbook, sheet and cell."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from optimizer.errors import InputError
from optimizer.inputs.template import template_workbook
from optimizer.inputs.unit_forms import unit_forms
from optimizer.inputs.unit_intake import holds_workbooks, is_unit_form, read_unit_workbooks, workbook_paths

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "nam_dinh_2023_2025"
DEMAND = "Nhu cầu"


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> Path:
    """The 45 per-unit workbooks of the bundled data, as sent out (left unchanged by the tests)."""
    folder = tmp_path_factory.mktemp("forms")
    for name, data in unit_forms(BUNDLED).items():
        (folder / name).write_bytes(data)
    return folder


def copy_of(forms: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "received"
    shutil.copytree(forms, folder)
    return folder


def edit(path: Path, **cells) -> None:
    """Set cells of the demand sheet as a unit would in Excel (``E7=-3``); None clears a cell."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[DEMAND]
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    workbook.save(path)


def last_row(path: Path) -> int:
    sheet = openpyxl.load_workbook(path)[DEMAND]
    return max(cell.row for cell in sheet["B"] if cell.value is not None)


def csv_frame(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def clean(forms):
    return read_unit_workbooks([forms], BUNDLED)


def test_the_45_unchanged_workbooks_give_back_the_bundled_demand_modulo_order_and_derived_ids(clean):
    assert clean.ok and not clean.problems
    assert [r.rows for r in clean.received if r.rows == 0] == []
    ours = csv_frame(clean.files["demand.csv"])
    bundled = csv_frame((BUNDLED / "demand.csv").read_bytes())
    assert list(ours.columns) == list(bundled.columns)
    key = list(bundled.columns[1:])
    assert ours.drop(columns="demand_id").sort_values(key).reset_index(drop=True).equals(
        bundled.drop(columns="demand_id").sort_values(key).reset_index(drop=True))
    joined = bundled.merge(ours, on=key, suffixes=("", "_ours"))
    moved = joined[joined["demand_id"] != joined["demand_id_ours"]]
    assert len(moved) == 109 and (moved["demand_id"] + ".ft" == moved["demand_id_ours"]).all()
    for name in ("units.csv", "families.csv", "courses.csv", "caps.csv", "tiers.csv", "targets.csv"):
        assert clean.files[name] == (BUNDLED / name).read_bytes()
    assert sum(r.cadres for r in clean.received) == int(bundled["count"].astype(int).sum())


def test_a_unit_edits_adds_rows_with_names_or_codes_typed_without_accents(forms, tmp_path):
    folder = copy_of(forms, tmp_path)
    book = folder / "huyen_uy_y_yen.xlsx"
    row = last_row(book) + 1
    edit(book, E5=7, **{f"A{row}": None, f"B{row}": "cao cap ly luan chinh tri", f"C{row}": "key_post",
                        f"D{row}": "Đảng", f"E{row}": "4", f"F{row}": 2024, f"G{row}": "2025", f"H{row}": "Có"})
    found = read_unit_workbooks([folder], BUNDLED)
    assert found.ok, [p.line() for p in found.problems]
    demand = csv_frame(found.files["demand.csv"])
    mine = demand[demand["unit_id"] == "y_yen"]
    assert mine.iloc[0]["count"] == "7"
    assert mine.iloc[-1].to_dict() == {"demand_id": "y_yen.cao_cap.key_post.party.ft.2", "unit_id": "y_yen",
                                       "family": "cao_cap", "tier": "key_post", "block": "party", "count": "4",
                                       "earliest_year": "2024", "deadline_year": "2025", "full_time_only": "true"}


@pytest.fixture(scope="module")
def seeded(forms, tmp_path_factory):
    folder = copy_of(forms, tmp_path_factory.mktemp("seeded"))
    edit(folder / "huyen_uy_y_yen.xlsx", E5="mười", E6=-3)
    edit(folder / "huyen_uy_vu_ban.xlsx", C7="Cán bộ trẻ")
    edit(folder / "huyen_uy_my_loc.xlsx", F8=2031, E9=2.5)
    book = folder / "so_noi_vu.xlsx"
    edit(book, **{f"{c}{r}": None for r in range(5, last_row(book) + 1) for c in "ABCDEFGH"})
    book = folder / "so_tai_chinh.xlsx"
    copy = openpyxl.load_workbook(book)[DEMAND]
    row = last_row(book) + 1
    edit(book, **{f"{c}{row}": copy[f"{c}5"].value for c in "ABCDEFGH"})
    edit(folder / "so_xay_dung.xlsx", G5=2022, H6="có thể")
    (folder / "so_tu_phap.xlsx").unlink()
    (folder / "so_y_te.xlsx").write_text("unit,count\n", encoding="utf-8")
    renamed = openpyxl.load_workbook(folder / "so_cong_thuong.xlsx")
    renamed[DEMAND].title = "Sheet1"
    renamed.save(folder / "so_cong_thuong.xlsx")
    return read_unit_workbooks([folder], BUNDLED), row


def test_every_seeded_problem_is_listed_with_its_unit_sheet_and_cell(seeded):
    found, duplicate_row = seeded
    assert not found.ok and not found.files
    places = {(p.unit_id, Path(p.workbook).name, p.sheet, p.cell) for p in found.problems}
    assert places == {
        ("y_yen", "huyen_uy_y_yen.xlsx", DEMAND, "E5"),  # text in a number cell
        ("y_yen", "huyen_uy_y_yen.xlsx", DEMAND, "E6"),  # a negative count
        ("vu_ban", "huyen_uy_vu_ban.xlsx", DEMAND, "C7"),  # an unknown tier name
        ("my_loc", "huyen_uy_my_loc.xlsx", DEMAND, "F8"),  # a year outside the plan
        ("my_loc", "huyen_uy_my_loc.xlsx", DEMAND, "E9"),  # a fraction
        ("so_noi_vu", "so_noi_vu.xlsx", DEMAND, "A5"),  # an empty demand sheet
        ("so_tai_chinh", "so_tai_chinh.xlsx", DEMAND, f"A{duplicate_row}"),  # a duplicate row
        ("so_xay_dung", "so_xay_dung.xlsx", DEMAND, "G5"),  # the deadline before the earliest year
        ("so_xay_dung", "so_xay_dung.xlsx", DEMAND, "H6"),  # not yes/no
        ("so_tu_phap", "so_tu_phap.xlsx", None, None),  # no workbook
        ("so_y_te", "so_y_te.xlsx", None, None),  # not a workbook
        ("so_cong_thuong", "so_cong_thuong.xlsx", None, None),  # no demand sheet
    }
    assert all(p.unit for p in found.problems) and not any(p.warning for p in found.problems)
    text = {p.cell: p.line() for p in found.problems if p.unit_id in ("y_yen", "vu_ban", "my_loc")}
    assert "'mười'" in text["E5"] and "âm" in text["E6"] and "'Cán bộ trẻ'" in text["C7"] and "2031" in text["F8"]
    assert text["C7"].endswith("chọn trong danh sách: Đương chức chưa đạt chuẩn; Quy hoạch chức danh chủ chốt; "
                               "Quy hoạch chức danh lãnh đạo khác; Cán bộ nguồn khác")
    assert text["F8"].startswith(str(Path(found.workbooks[0]).parent))


def test_the_received_list_counts_problems_per_unit_and_names_who_sent_nothing(seeded):
    received = {r.unit_id: r for r in seeded[0].received}
    assert received["so_tu_phap"].workbook is None and received["so_tu_phap"].problems == 1
    assert received["y_yen"].problems == 2 and received["tp_nam_dinh"].problems == 0


def test_a_missing_unit_is_a_warning_with_allow_missing_and_the_rest_is_merged(forms, tmp_path):
    folder = copy_of(forms, tmp_path)
    (folder / "so_tu_phap.xlsx").unlink()
    found = read_unit_workbooks([folder], BUNDLED, allow_missing=True)
    assert found.ok and [p.unit_id for p in found.problems if p.warning] == ["so_tu_phap"]
    assert "so_tu_phap" not in set(csv_frame(found.files["demand.csv"])["unit_id"])
    assert not read_unit_workbooks([folder], BUNDLED).ok


def test_two_workbooks_of_one_unit_are_a_problem_and_a_list_of_files_is_read_like_a_folder(forms, tmp_path):
    folder = copy_of(forms, tmp_path)
    shutil.copy(folder / "so_noi_vu.xlsx", folder / "so_noi_vu (1).xlsx")
    found = read_unit_workbooks(sorted(folder.glob("*.xlsx")), BUNDLED)
    # "so_noi_vu (1).xlsx" sorts first, so the second workbook read is the one refused
    assert [(p.unit_id, Path(p.workbook).name) for p in found.problems] == [("so_noi_vu", "so_noi_vu.xlsx")]
    assert "so_noi_vu (1).xlsx" in found.problems[0].what


def test_a_row_of_another_unit_is_refused_where_it_stands(forms, tmp_path):
    folder = copy_of(forms, tmp_path)
    edit(folder / "so_noi_vu.xlsx", A6="Sở Tư pháp")
    found = read_unit_workbooks([folder], BUNDLED)
    assert [(p.unit_id, p.cell) for p in found.problems] == [("so_noi_vu", "A6")]


def test_problems_speak_english_on_request(forms, tmp_path):
    folder = copy_of(forms, tmp_path)
    edit(folder / "huyen_uy_y_yen.xlsx", E6=-3)
    found = read_unit_workbooks([folder], BUNDLED, lang="en")
    assert found.problems[0].line("en").endswith("(Huyện ủy Ý Yên): a negative count (-3); write the number of "
                                                 "cadres, 0 or more")


def test_a_folder_without_workbooks_or_a_missing_path_is_one_line_of_bad_input(tmp_path):
    with pytest.raises(InputError, match="no workbooks"):
        workbook_paths([tmp_path])
    with pytest.raises(InputError, match="no such workbook"):
        workbook_paths([tmp_path / "nowhere"])


def test_a_unit_form_is_told_from_the_workbook_of_every_table(forms, tmp_path):
    province = tmp_path / "mau_nhap_lieu.xlsx"
    province.write_bytes(template_workbook(None))
    assert is_unit_form(forms / "huyen_uy_y_yen.xlsx")
    assert not is_unit_form(province) and not is_unit_form(tmp_path / "nowhere.xlsx")


def test_solve_tells_a_folder_of_workbooks_from_data_and_scenario_folders(forms, tmp_path):
    assert holds_workbooks(forms) and holds_workbooks(forms / "huyen_uy_y_yen.xlsx")
    assert not holds_workbooks(BUNDLED) and not holds_workbooks(BUNDLED.parent.parent / "scenarios")
    imported = tmp_path / "imported"
    shutil.copytree(BUNDLED, imported)
    (imported / "import_report.xlsx").write_bytes(b"")
    assert not holds_workbooks(imported)


def test_the_workbook_of_every_table_among_unit_workbooks_is_one_problem_not_thousands(forms, tmp_path):
    folder = copy_of(forms, tmp_path)
    (folder / "mau_nhap_lieu.xlsx").write_bytes(template_workbook(BUNDLED))
    found = read_unit_workbooks([folder], BUNDLED)
    assert [(Path(p.workbook).name, p.sheet, p.cell) for p in found.problems] == [("mau_nhap_lieu.xlsx", None, None)]
    assert "mọi bảng" in found.problems[0].what


def test_a_workbook_whose_unit_cannot_be_told_says_so(forms, tmp_path):
    folder = copy_of(forms, tmp_path)
    book = folder / "so_noi_vu.xlsx"
    workbook = openpyxl.load_workbook(book)
    workbook[DEMAND].protection.sheet = False
    workbook[DEMAND]["B2"] = "Phòng khác"
    workbook.save(folder / "nhu_cau.xlsx")
    book.unlink()
    edit(folder / "nhu_cau.xlsx", **{f"A{row}": None for row in range(5, last_row(folder / "nhu_cau.xlsx") + 1)})
    found = read_unit_workbooks([folder], BUNDLED)
    lines = sorted(p.line() for p in found.problems)
    assert len(lines) == 2 and "B2" in lines[0] and "nhu_cau.xlsx: không xác định được đơn vị" in lines[0]
    assert "so_noi_vu.xlsx (Sở Nội vụ): đơn vị chưa gửi" in lines[1]
