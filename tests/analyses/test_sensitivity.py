"""What one more seat is worth: exact re-solves per quota line, checked against explicit what-if solves."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from tiny import cap, course, demand, write_instance

from optimizer import api
from optimizer.analyses import sensitivity as module
from optimizer.analyses.sensitivity import sensitivity, sensitivity_files
from optimizer.cli import main
from optimizer.inputs.case import load_variant
from optimizer.model.staged import solve

BASELINE = Path(__file__).resolve().parents[2] / "scenarios" / "baseline.yaml"


def small(folder):
    """Full-time 3 seats and part-time 6 seats in one class of 2–3: tier t1 asks 2, tier t2 asks 8."""
    _, scenario = write_instance(folder, years=(2023,),
                                 courses=[course("cc_tt", "full_time"), course("cc_pt", "part_time", size=(2, 3))],
                                 caps=[cap(2023, "cc_tt", seats_max=3), cap(2023, "cc_pt", seats_max=6),
                                       cap(2023, "cc_pt", classes_max=1)],
                                 demand=[demand("u1.a", "u1", 2), demand("u2.a", "u2", 8, tier="t2")])
    return scenario.path


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    return sensitivity(small(tmp_path_factory.mktemp("sens")), workers=2)


def test_one_more_seat_covers_one_more_cadre_only_where_the_seats_are_the_limit(table):
    rows = {(r.target, r.change): (r.delta_total, r.quota_after) for r in table.itertuples()}
    assert rows[("cc_tt", "one_more_seat")] == (1, 4) and rows[("cc_tt", "one_seat_fewer")] == (-1, 2)
    # The part-time course is held by its one class of at most 3, not by its 6 seats.
    assert rows[("cc_pt", "one_more_seat")][0] == 0 and rows[("cc_pt", "one_seat_fewer")][0] == 0
    assert rows[("cc_pt", "one_more_class")][0] == 3


def test_each_number_matches_an_explicit_what_if_solved_in_full(tmp_path, table):
    path = small(tmp_path / "in")
    base = {s.name: s.value for s in api.solve(path).stages}
    for row in table.itertuples():
        variant = tmp_path / f"v{row.Index}.yaml"
        where = {"target": row.target, "block": row.block, "years": [int(row.year)]}
        caps = ([{**where, "add_classes": 1}] if row.change == "one_more_class" else
                [{**where, "set": {"seats_max": int(row.quota_after)}}])
        variant.write_text(yaml.safe_dump({"extends": str(path), "name": "v", "caps": caps}), encoding="utf-8")
        again = {s.name: s.value for s in api.solve(variant).stages}
        assert table.at[row.Index, "delta[t1]"] == again["coverage[t1]"] - base["coverage[t1]"]
        assert table.at[row.Index, "delta[t2]"] == again["coverage[t2]"] - base["coverage[t2]"]


def test_a_change_the_data_refuses_is_reported_not_solved(tmp_path):
    _, scenario = write_instance(tmp_path, years=(2023,), caps=[cap(2023, "cc_tt", seats_min=3, seats_max=3),
                                                               cap(2023, "cc_pt", seats_max=5)],
                                 demand=[demand("u1.a", "u1", 9)])
    result = sensitivity(scenario.path, workers=1, changes=("one_seat_fewer",))
    refused = result[result["target"] == "cc_tt"].iloc[0]
    assert refused["status"] == "refused" and pd_isna(refused["delta_total"]) and "seats_min" in refused["note"]


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_files_and_cli(tmp_path, table, capsys):
    inputs, _ = write_instance(tmp_path / "x")
    files = sensitivity_files(table, inputs.tiers, lang="en")
    assert set(files) == {"sensitivity.csv", "sensitivity.xlsx", "sensitivity.png", "sensitivity.svg"}
    assert b",one_more_class," in files["sensitivity.csv"] and b"'" not in files["sensitivity.csv"]
    book = openpyxl.load_workbook(io.BytesIO(sensitivity_files(table, inputs.tiers)["sensitivity.xlsx"]))
    assert "thêm 1 lớp" in [c.value for c in book["Độ nhạy"]["D"]]
    assert main(["sensitivity", str(small(tmp_path / "cli")), "--out", str(tmp_path / "out"), "--workers", "1",
                 "--changes", "one_more_class"]) == 0
    assert "cc_pt" in capsys.readouterr().out and (tmp_path / "out" / "sensitivity.png").is_file()


def test_bundled_variants_solved_from_the_scenarios_plan_equal_variants_loaded_and_solved_in_full():
    """A sample of the bundled plan's variants of every change, including lines that share their quota key with a
    class-only line (so that one seat more adds a seat limit there and the model is rebuilt)."""
    path = str(BASELINE)
    base = module._solved_base(path)
    todo = module.variants(base.result.inputs, base.result.scenario)
    sample = [v for v in todo if v.target == "can_bo_cap_xa" and v.year == 2024]
    sample += [v for v in todo if v.change == "one_more_class"][:2] + todo[:6:2] + todo[-4:-1:2]
    assert {v.change for v in sample} == set(module.CHANGES) and len(sample) >= 8
    for variant in sample:
        status, coverage, note = module._solve_variant(base, path, variant)
        scenario, inputs = load_variant(path, f"sensitivity {variant.change}", caps=list(variant.caps))
        whole = solve(inputs, scenario, kinds=("coverage",))
        assert (status, coverage, note) == (whole.status.value, module._coverage(whole), ""), variant


def test_chosen_lines_keep_only_their_rows_with_the_numbers_of_the_full_run(table, tmp_path):
    chosen = sensitivity(small(tmp_path), workers=1, lines=[(2023, "cc_pt", "all")])
    assert set(chosen["target"]) == {"cc_pt"} and len(chosen)
    expected = table[table["target"] == "cc_pt"].reset_index(drop=True)
    pd.testing.assert_frame_equal(chosen.reset_index(drop=True), expected)


def test_a_line_the_scenario_has_not_gives_no_rows(tmp_path):
    assert sensitivity(small(tmp_path), workers=1, lines=[(2023, "no_such_course", "all")]).empty


def test_a_second_run_on_edited_data_solves_the_edited_scenario_in_reused_workers(tmp_path):
    """Worker processes outlive a run, and each keeps its solved scenario: a run must not reuse the last one's.
    With the part-time quota cut from 6 to 1 seat, one more full-time seat covers one more cadre, not three."""
    path = small(tmp_path)
    sensitivity(path, workers=2, changes=("one_more_seat",))
    caps = path.parent / "data" / "caps.csv"
    lines = caps.read_text(encoding="utf-8").splitlines()
    lines = [line.replace("2023,cc_pt,all,,6,", "2023,cc_pt,all,,1,") for line in lines]
    caps.write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = sensitivity(path, workers=2, changes=("one_more_seat",))
    assert again.equals(sensitivity(path, workers=1, changes=("one_more_seat",)))
    assert {r.target: r.quota_before for r in again.itertuples()}["cc_pt"] == 1


def test_variants_solved_on_a_dask_cluster_give_the_same_table(tmp_path, table):
    """The same runner as batches and the national run: a (local) Dask cluster gives the same numbers."""
    distributed = pytest.importorskip("distributed", reason="the optional extra 'cluster' (dask) is not installed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        on_cluster = sensitivity(small(tmp_path), workers=2, scheduler=c.scheduler_address)
    assert on_cluster.equals(table)
