"""Data the loader accepts always gives a complete result folder.

Valid data may lack a great deal: a province may plan no political theory (or only refresher classes), a tier may
have no demand, a block no cadres, a year no quota, there may be one unit, one year, no course run in classes, no
targets. Each case below runs the whole ``solve --report`` in-process, then ``report``, ``explain`` and
``verify --no-resolve``: every command exits 0 and every file of a result folder is there. A property test then
drops random parts of a small instance and asks the same.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
from documented import documented_result_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiny import allocation, cap, course, demand, unit, write_instance

from optimizer.cli import main
from optimizer.inputs import schema
from optimizer.outputs import report, result_charts

RESULT_FILES = documented_result_files()  # solved with --report
INPUT_FILES = {table.file for table in schema.ALL_TABLES if not table.may_be_absent}  # no pins: no pins.csv

DEGREE = {"family": "ths", "name": "Thạc sĩ", "group": "degree"}
REFRESHER = {"family": "bd", "name": "Bồi dưỡng cấp xã", "group": "refresher"}
POLITICAL = {"family": "cc", "name": "Cao cấp", "group": "political_theory"}


def run(*argv: str) -> tuple[int, str]:
    """``main(argv)`` with its output captured: (exit status, stdout + stderr); in English unless ``argv`` asks
    otherwise, the words these tests read."""
    text = io.StringIO()
    with contextlib.redirect_stdout(text), contextlib.redirect_stderr(text):
        status = main([*argv, *(() if "--lang" in argv else ("--lang", "en"))])
    return status, text.getvalue()


def assert_complete_result(folder: Path, lang: str = "vi") -> None:
    """``solve --report`` of the scenario in ``folder`` exits 0 with every result file, and the folder reports,
    explains and verifies."""
    out = folder / "out"
    status, text = run("solve", str(folder / "scenario.yaml"), "--out", str(out), "--report", "--lang", lang)
    assert status == 0, text
    assert {p.name for p in out.iterdir()} == RESULT_FILES
    assert {p.name for p in (out / "inputs").iterdir()} == INPUT_FILES
    for name in RESULT_FILES - {"inputs"}:
        assert (out / name).stat().st_size > 0, name
    assert openpyxl.load_workbook(out / "allocation.xlsx").sheetnames
    for command in (["report", str(out), "--lang", lang], ["explain", str(out), "--lang", lang],
                    ["verify", str(out), "--no-resolve"]):
        status, text = run(*command)
        assert status == 0, f"{command[0]}: {text}"


# --- one test per thing valid data can lack -----------------------------------------------------------------


def test_no_political_theory_family(tmp_path):
    """Only a degree family: the political-theory charts are drawn empty with a note instead of crashing."""
    write_instance(tmp_path, families=[DEGREE], courses=[course("ths_tt", "full_time", family="ths")],
                   caps=[cap(y, "ths_tt", seats_max=3) for y in (2023, 2024)],
                   demand=[demand("u1.a", "u1", 3, family="ths"), demand("u2.a", "u2", 2, tier="t2", family="ths")])
    assert_complete_result(tmp_path, lang="en")


def test_only_refresher_classes(tmp_path):
    """Neither political theory nor degree families: every chart of the folder has nothing of its groups."""
    write_instance(tmp_path, families=[REFRESHER], courses=[course("bd_lop", "none", family="bd", size=(2, 6))],
                   caps=[cap(y, "bd_lop", seats_max=6, classes_max=1) for y in (2023, 2024)],
                   demand=[demand("u1.a", "u1", 4, family="bd"), demand("u3.a", "u3", 3, family="bd")])
    assert_complete_result(tmp_path)


def test_a_tier_with_no_demand(tmp_path):
    """tiers.csv lists two tiers, demand has only the second."""
    write_instance(tmp_path, families=[DEGREE], courses=[course("ths_tt", "full_time", family="ths")],
                   caps=[cap(y, "ths_tt", seats_max=2) for y in (2023, 2024)],
                   demand=[demand("u1.a", "u1", 3, tier="t2", family="ths"),
                           demand("u2.a", "u2", 1, tier="t2", family="ths")])
    assert_complete_result(tmp_path)


def test_a_block_absent(tmp_path):
    """Every demand row is of the government block; quotas are split by block, the party's never used."""
    write_instance(tmp_path, families=[DEGREE], courses=[course("ths_tt", "full_time", family="ths")],
                   caps=[cap(y, "ths_tt", block=b, seats_max=2) for y in (2023, 2024) for b in schema.BLOCKS],
                   demand=[demand("u1.a", "u1", 3, family="ths", block="government")])
    assert_complete_result(tmp_path)


def test_a_year_without_any_quota(tmp_path):
    """The middle year of three has only zero quotas (a blank appendix cell is a quota of 0)."""
    years = (2023, 2024, 2025)
    write_instance(tmp_path, years=years, families=[DEGREE], courses=[course("ths_tt", "full_time", family="ths")],
                   caps=[cap(y, "ths_tt", seats_max=0 if y == 2024 else 2) for y in years],
                   demand=[demand("u1.a", "u1", 5, family="ths", deadline=2025)])
    assert_complete_result(tmp_path)


def test_a_single_unit(tmp_path):
    write_instance(tmp_path, units=[unit("u1")], families=[DEGREE],
                   courses=[course("ths_tt", "full_time", family="ths")],
                   caps=[cap(y, "ths_tt", seats_max=2) for y in (2023, 2024)],
                   demand=[demand("u1.a", "u1", 3, family="ths")])
    assert_complete_result(tmp_path)


def test_a_single_year(tmp_path):
    write_instance(tmp_path, years=(2023,), families=[DEGREE], courses=[course("ths_tt", "full_time", family="ths")],
                   caps=[cap(2023, "ths_tt", seats_max=2)],
                   demand=[demand("u1.a", "u1", 3, family="ths", deadline=2023)])
    assert_complete_result(tmp_path)


def test_no_course_run_in_classes(tmp_path):
    """No course has a class size: classes.csv has no rows."""
    write_instance(tmp_path, families=[DEGREE, REFRESHER],
                   courses=[course("ths_tt", "full_time", family="ths"), course("bd_ca_nhan", "none", family="bd")],
                   caps=[cap(y, c, seats_max=2) for y in (2023, 2024) for c in ("ths_tt", "bd_ca_nhan")],
                   demand=[demand("u1.a", "u1", 3, family="ths"), demand("u2.a", "u2", 2, family="bd")])
    assert_complete_result(tmp_path)


def test_no_targets_rows(tmp_path):
    """targets.csv is only its header (the charts' targets are optional)."""
    write_instance(tmp_path, targets=[], families=[REFRESHER], courses=[course("bd_lop", "none", family="bd")],
                   caps=[cap(y, "bd_lop", seats_max=2) for y in (2023, 2024)],
                   demand=[demand("u1.a", "u1", 3, family="bd")])
    assert_complete_result(tmp_path)


def test_no_demand_at_all(tmp_path):
    """demand.csv is only its header: nothing to allocate, every table and chart empty."""
    write_instance(tmp_path, families=[DEGREE], courses=[course("ths_tt", "full_time", family="ths")],
                   caps=[cap(y, "ths_tt", seats_max=2) for y in (2023, 2024)], demand=[])
    assert_complete_result(tmp_path)


@pytest.mark.parametrize("lang, note", [("vi", "Không có loại hình lý luận chính trị trong dữ liệu"),
                                        ("en", "No political theory family in the data")])
def test_unit_chart_without_the_group_says_so_in_its_language(tmp_path, lang, note):
    inputs, _ = write_instance(tmp_path, families=[DEGREE], courses=[course("ths_tt", "full_time", family="ths")],
                               caps=[cap(2023, "ths_tt", seats_max=2)], years=(2023,),
                               demand=[demand("u1.a", "u1", 3, family="ths", deadline=2023)])
    coverage = report.coverage_table(allocation([]), inputs)
    fig = result_charts.coverage_by_unit_chart(coverage, inputs, lang=lang)
    assert note in [t.get_text() for ax in fig.axes for t in ax.texts]
    with pytest.raises(ValueError, match="no family of group 'diploma'"):
        result_charts.coverage_by_unit_chart(coverage, inputs, lang=lang, group="diploma")


def test_coverage_chart_without_political_theory_is_a_note_without_empty_axes_or_legend(tmp_path):
    inputs, _ = write_instance(tmp_path, families=[DEGREE], courses=[course("ths_tt", "full_time", family="ths")],
                               caps=[cap(2023, "ths_tt", seats_max=2)], years=(2023,),
                               demand=[demand("u1.a", "u1", 3, family="ths", deadline=2023)])
    cumulative = report.cumulative_coverage(allocation([]), inputs, (2023,))
    fig = result_charts.coverage_chart(cumulative, inputs, lang="vi")
    assert [t.get_text() for t in fig.axes[0].texts] == ["Không có loại hình lý luận chính trị trong dữ liệu"]
    assert not fig.axes[0].axison and fig.legends == []


# --- random small valid instances ---------------------------------------------------------------------------

# Each family with its courses: (family row, courses with a class size, the same courses without one).
FAMILIES = {
    "cc": (POLITICAL, [course("cc_tt", "full_time"), course("cc_pt", "part_time", size=(2, 4))],
           [course("cc_tt", "full_time"), course("cc_pt", "part_time")]),
    "ths": (DEGREE, [course("ths_tt", "full_time", family="ths")], [course("ths_tt", "full_time", family="ths")]),
    "bd": (REFRESHER, [course("bd_lop", "none", family="bd", size=(2, 6))], [course("bd_lop", "none", family="bd")]),
}
FULL_TIME_FAMILIES = ("cc", "ths")
TIERS = [{"tier": f"t{i}", "rank": i, "name": f"Tier {i}"} for i in (1, 2, 3)]


@st.composite
def instances(draw) -> dict:
    """Tables for ``write_instance``, with random parts left out; ``may_be_infeasible`` when a seats_min is set."""
    chosen = draw(st.lists(st.sampled_from(sorted(FAMILIES)), min_size=1, max_size=3, unique=True))
    in_classes = draw(st.booleans())
    first = 2023
    years = tuple(range(first, first + draw(st.integers(1, 3))))
    without_quota = draw(st.sets(st.sampled_from(years), max_size=len(years)))
    kinds = draw(st.lists(st.sampled_from(schema.UNIT_KINDS), min_size=1, max_size=3))
    units = [unit(f"u{i}", kind) for i, kind in enumerate(kinds, start=1)]
    tiers = draw(st.lists(st.sampled_from([t["tier"] for t in TIERS]), min_size=1, max_size=3, unique=True))
    blocks = draw(st.lists(st.sampled_from(schema.BLOCKS), min_size=1, max_size=2, unique=True))
    courses = [c for f in chosen for c in FAMILIES[f][1 if in_classes else 2]]
    caps, may_be_infeasible = [], False
    for year in years:
        for c in courses:
            seats = 0 if year in without_quota else draw(st.integers(0, 6))
            block = draw(st.sampled_from(("all", *blocks)))
            low = draw(st.one_of(st.none(), st.integers(1, seats))) if seats else None
            may_be_infeasible |= low is not None
            row = cap(year, c["course_id"], block=block, seats_max=seats, seats_min=low)
            if in_classes and c["class_size_max"] != "" and block == "all" and draw(st.booleans()):
                row["classes_max"] = draw(st.integers(0, 2))
            caps.append(row)
        for family in chosen:  # a quota line of a whole family, over its courses' own lines
            if draw(st.booleans()):
                caps.append(cap(year, family, seats_max=0 if year in without_quota else draw(st.integers(0, 6))))
    rows = []
    for number in range(draw(st.integers(0, 5))):
        family = draw(st.sampled_from(chosen))
        start = draw(st.sampled_from(years))
        end = draw(st.sampled_from([y for y in years if y >= start]))
        rows.append(demand(f"d{number}", draw(st.sampled_from(units))["unit_id"], draw(st.integers(0, 5)),
                           tier=draw(st.sampled_from(tiers)), family=family, block=draw(st.sampled_from(blocks)),
                           earliest=start, deadline=end,
                           full_time_only=family in FULL_TIME_FAMILIES and draw(st.booleans())))
    targets = []
    if draw(st.booleans()):
        targets = [{"family": f, "tier": t, "year": years[-1], "target_share": 0.5} for f in chosen for t in tiers]
    return {"tables": {"families": [FAMILIES[f][0] for f in chosen], "courses": courses, "caps": caps,
                       "demand": rows, "units": units, "tiers": TIERS, "targets": targets, "years": years},
            "may_be_infeasible": may_be_infeasible}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_valid_instance_gives_a_complete_result_folder(instance):
    """Exit 0 with every file written and the folder verifying; or, only when some quota has a floor that
    demand cannot fill, exit 3 (infeasible) with one error line and no folder."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_instance(folder, **instance["tables"])
        out = folder / "out"
        status, text = run("solve", str(folder / "scenario.yaml"), "--out", str(out), "--report")
        if status == 3 and instance["may_be_infeasible"]:
            assert "infeasible: " in text and "Traceback" not in text
            assert not out.exists()
            return
        assert status == 0, text
        assert {p.name for p in out.iterdir()} == RESULT_FILES
        assert {p.name for p in (out / "inputs").iterdir()} == INPUT_FILES
        status, text = run("verify", str(out), "--no-resolve")
        assert status == 0, text
