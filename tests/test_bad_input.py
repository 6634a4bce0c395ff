"""Bad input end to end: every broken table and scenario file, run through the command line, is one line on
stderr naming the file (row, column or key) and the fix, exit status 2, no traceback, and nothing written.

The table catalogue is the loader's (``test_data.CASES``) and a few more; here each case goes through ``solve``
with a scenario that points at the broken copy of the bundled data. The scenario catalogue below covers the scenario file itself. Property
tests then generate random tiny instances: valid ones always solve and pass the checker, and one random
corruption of a valid one always fails with exit status 2.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import tiny
import yaml
from conftest import DataEditor
from hypothesis import given, settings
from hypothesis import strategies as st
from inputs.test_data import CASES as LOADER_CASES  # tests/inputs/test_data.py
from inputs.test_data import Expect, _windows_1258

from optimizer import api
from optimizer.cli import main
from optimizer.errors import Place
from optimizer.inputs import schema
from optimizer.model import checks
from optimizer.model.plan import Status

REPO = Path(__file__).resolve().parent.parent
BASELINE = REPO / "scenarios" / "baseline.yaml"


# --- helpers -------------------------------------------------------------------------------------------------


def run_cli(*argv: str) -> tuple[int, str, str]:
    """Run the command line in-process; its exit status, stdout and stderr. In English unless ``argv`` asks
    otherwise: these tests read the English words of each message (tests/test_messages.py reads the Vietnamese)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([*argv, *(() if "--lang" in argv else ("--lang", "en"))])
    return status, out.getvalue(), err.getvalue()


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` (hidden ones too), files by their SHA-256."""
    return {
        str(path.relative_to(root)): "<dir>" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
    }


def assert_bad_input(status: int, out: str, err: str, place: Place, phrase: str | None = None) -> str:
    """Exit 2 and exactly one stderr line 'bad input: <place>: <problem>; <fix>'; return the line."""
    assert "Traceback" not in out and "Traceback" not in err, err
    assert status == 2, err
    assert err.endswith("\n") and err.count("\n") == 1 and "\r" not in err, err
    line = err[:-1]
    prefix = f"bad input: {place}: "
    assert line.startswith(prefix), f"{line!r} does not start with {prefix!r}"
    problem, separator, fix = line[len(prefix):].rpartition("; ")
    assert separator and problem.strip() and fix.strip(), f"no 'problem; fix' in {line!r}"
    if phrase is not None:
        assert phrase in line, line
    return line


def solve_and_expect_failure(scenario: Path, out: Path, root: Path, place: Place, phrase: str | None) -> str:
    """``solve`` a broken scenario: one bad-input line, and nothing under ``root`` created, changed or removed
    (inputs, and the --out folder whether or not it already existed)."""
    before = snapshot(root)
    existed = out.exists()
    status, stdout, stderr = run_cli("solve", str(scenario), "--out", str(out))
    line = assert_bad_input(status, stdout, stderr, place, phrase)
    assert out.exists() == existed
    assert snapshot(root) == before
    return line


@pytest.fixture(scope="module")
def earlier_result(tmp_path_factory) -> Path:
    """A result folder from a successful solve of a tiny valid scenario, to be overwritten by failing runs."""
    root = tmp_path_factory.mktemp("earlier")
    _, scenario = tiny.write_instance(root / "in")
    status, _, err = run_cli("solve", str(scenario.path), "--out", str(root / "result"))
    assert status == 0, err
    return root / "result"


# --- the table catalogue, through the command line -------------------------------------------------------


# A few more broken tables, beyond the loader's catalogue, for items of the bad-input list it covers only in part.
EXTRA_CASES = []


def table_case(name: str):
    def register(make):
        EXTRA_CASES.append(pytest.param(make, id=name))
        return make

    return register


@table_case("demand_for_a_family_no_course_serves")
def _(e) -> Expect:
    line = e.append("families.csv", {"family": "luat", "name": "Cử nhân Luật", "group": "degree"})
    e.append("demand.csv", {**e.row("demand.csv", 2), "demand_id": "tp_nam_dinh.luat", "family": "luat"})
    return Expect("families.csv", line, "family", "no course serves family 'luat'")


@table_case("caps_year_after_2100")
def _(e):
    e.cell("caps.csv", 5, "year", 2101)
    return Expect("caps.csv", 5, "year", "'2101' is implausibly large")


@table_case("huge_seats_max")
def _(e):
    e.cell("caps.csv", 2, "seats_max", 10**12)
    return Expect("caps.csv", 2, "seats_max", "'1000000000000' is implausibly large")


@table_case("count_with_a_thousands_separator")
def _(e):
    e.cell("demand.csv", 16, "count", "1,000")
    return Expect("demand.csv", 16, "count", "'1,000' reads as 1000 (thousands separator) or as 1")


@table_case("course_name_starting_with_plus")
def _(e):
    e.cell("courses.csv", 3, "name", "+SUM(A1:A9)")
    return Expect("courses.csv", 3, "name", "starts like a spreadsheet formula")


@table_case("negative_class_size")
def _(e):
    e.cell("courses.csv", 3, "class_size_min", -40)
    return Expect("courses.csv", 3, "class_size_min", "'-40' is below 1")


@table_case("tier_rank_zero")
def _(e):
    e.cell("tiers.csv", 2, "rank", 0)
    return Expect("tiers.csv", 2, "rank", "'0' is below 1")


@table_case("blank_unit_kind")
def _(e):
    e.cell("units.csv", 5, "kind", "")
    return Expect("units.csv", 5, "kind", "is empty")


DATA_CASES = LOADER_CASES + EXTRA_CASES


def bundled_scenario(tmp_path: Path, data: Path) -> Path:
    """The baseline scenario, pointed at a (broken) copy of the bundled data."""
    raw = yaml.safe_load(BASELINE.read_text(encoding="utf-8"))
    raw.update(name="bad_input", data=str(data))
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


WITH_EARLIER_RESULT = {"utf16_file", "windows_1258_file", "misspelled_column", "duplicate_demand_id",
                       "fractional_count", "deadline_before_earliest_year", "tiers_with_the_same_rank",
                       "unit_name_starting_like_a_formula"}


@pytest.mark.parametrize("make", DATA_CASES)
def test_bad_table_through_solve_is_one_line_exit_2_and_writes_nothing(data_copy, edit, tmp_path, make):
    """Each broken table of the loader catalogue: exit 2, one line naming file (row, column) and fix, no
    --out folder, and the inputs byte for byte as they were."""
    expect = make(edit)
    scenario = bundled_scenario(tmp_path, data_copy)
    place = Place(str(data_copy / expect.file), expect.row, expect.column)
    solve_and_expect_failure(scenario, tmp_path / "out", tmp_path, place, expect.phrase)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("make", [p for p in DATA_CASES if p.id in WITH_EARLIER_RESULT])
def test_bad_table_leaves_an_earlier_result_folder_unchanged(data_copy, edit, tmp_path, earlier_result, make):
    """A failing solve into a folder that holds an earlier result leaves every byte of it in place."""
    expect = make(edit)
    shutil.copytree(earlier_result, tmp_path / "out")
    scenario = bundled_scenario(tmp_path, data_copy)
    place = Place(str(data_copy / expect.file), expect.row, expect.column)
    solve_and_expect_failure(scenario, tmp_path / "out", tmp_path, place, expect.phrase)


def test_every_earlier_result_case_is_in_the_table_catalogue():
    """The cases picked for the earlier-result test exist (a renamed case would silently drop out)."""
    assert WITH_EARLIER_RESULT <= {p.id for p in DATA_CASES}


# --- the scenario catalogue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wanted:
    """Where a scenario error must point (file in the instance folder, line, key) and a phrase of it."""

    phrase: str
    key: str | None = None
    row: int | None = None
    file: str = "case.yaml"


@pytest.fixture(scope="module")
def tiny_template(tmp_path_factory) -> Path:
    """A tiny valid instance (data/ and scenario.yaml), written and loaded once; tests work on copies."""
    folder = tmp_path_factory.mktemp("template") / "in"
    tiny.write_instance(folder)
    return folder


class ScenarioFolder:
    """A copy of the tiny valid instance (data/ and scenario.yaml) and the scenario file under test, case.yaml."""

    def __init__(self, folder: Path, template: Path):
        shutil.copytree(template, folder)
        self.folder = folder
        self.base = yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))
        self.path = folder / "case.yaml"

    def edited(self, **keys) -> dict:
        return {**self.base, **keys}

    def write(self, content: dict | list | str, name: str = "case.yaml") -> None:
        text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
        (self.folder / name).write_text(text, encoding="utf-8")

    def write_bytes(self, data: bytes) -> None:
        self.path.write_bytes(data)

    def text(self, **keys) -> str:
        return yaml.safe_dump(self.edited(**keys), allow_unicode=True, sort_keys=False)


SCENARIO_CASES = []


def scenario_case(name: str):
    def register(make):
        SCENARIO_CASES.append(pytest.param(make, id=name))
        return make

    return register


@scenario_case("yaml_list_not_a_mapping")
def _(s: ScenarioFolder) -> Wanted:
    s.write("- data: data\n- years: [2023, 2024]\n")
    return Wanted("is not a mapping of keys to values")


@scenario_case("yaml_plain_string_not_a_mapping")
def _(s):
    s.write("the 2023-2025 plan as written\n")
    return Wanted("is not a mapping of keys to values")


@scenario_case("yaml_empty_file")
def _(s):
    s.write("")
    return Wanted("is not a mapping of keys to values")


@scenario_case("yaml_only_comments")
def _(s):
    s.write("# Question: what if nothing is written?\n\n")
    return Wanted("is not a mapping of keys to values")


@scenario_case("yaml_invalid_syntax")
def _(s):
    s.write("name: broken\ndata: data\nyears: [2023, 2024\nrelease_limits:\n  district: 1\n")
    return Wanted("is not valid YAML", row=4)


@scenario_case("yaml_tab_indentation")
def _(s):
    s.write("name: tabs\nsolver:\n\tseed: 1\n")
    return Wanted("is not valid YAML", row=3)


@scenario_case("yaml_utf16")
def _(s):
    s.write_bytes(s.text(question="Phân bổ chỉ tiêu").encode("utf-16"))
    return Wanted("the file is UTF-16")


@scenario_case("yaml_utf16_without_byte_order_mark")
def _(s):
    s.write_bytes(s.text().encode("utf-16-le"))
    return Wanted("the file is UTF-16")


@scenario_case("yaml_windows_1258")
def _(s):
    text = s.text()
    s.write_bytes(_windows_1258(text + "question: Phân bổ chỉ tiêu\n"))
    return Wanted("perhaps Windows-1258", row=text.count("\n") + 1)


@scenario_case("unknown_key_did_you_mean")
def _(s):
    raw = s.edited()
    raw["yeras"] = raw.pop("years")
    s.write(raw)
    return Wanted("unknown key; did you mean 'years'?", key="yeras")


@scenario_case("missing_required_key")
def _(s):
    raw = s.edited()
    del raw["release_limits"]
    s.write(raw)
    return Wanted("required key is missing", key="release_limits")


@scenario_case("data_folder_missing")
def _(s):
    s.write(s.edited(data="no_such_data"))
    return Wanted("the data folder", key="data")


@scenario_case("years_not_a_list")
def _(s):
    s.write(s.edited(years=2023))
    return Wanted("must be a list of years", key="years")


@scenario_case("year_outside_the_data")
def _(s):
    s.write(s.edited(years=[2023, 2024, 2026]))
    return Wanted("year 2026 is outside the plan's years 2023–2024", key="years")


@scenario_case("year_out_of_range")
def _(s):
    s.write(s.edited(years=[1999, 2023]))
    return Wanted("1999 is not a year between 2000 and 2100", key="years")


@scenario_case("release_limit_negative")
def _(s):
    s.write(s.edited(release_limits={**s.base["release_limits"], "district": -1}))
    return Wanted("a release limit must be a whole number of at least 0", key="release_limits.district")


@scenario_case("release_limit_not_a_number")
def _(s):
    s.write(s.edited(release_limits={**s.base["release_limits"], "department": "three"}))
    return Wanted("not 'three'", key="release_limits.department")


@scenario_case("release_limit_huge")
def _(s):
    s.write(s.edited(release_limits={**s.base["release_limits"], "mass_org": 10**20}))
    return Wanted("at most 1,000,000", key="release_limits.mass_org")


@scenario_case("release_limit_unknown_unit_kind")
def _(s):
    s.write(s.edited(release_limits={**s.base["release_limits"], "hamlet": 2}))
    return Wanted("unknown unit kind", key="release_limits.hamlet")


@scenario_case("release_limit_missing_for_a_kind_in_the_data")
def _(s):
    s.write(s.edited(release_limits={k: v for k, v in s.base["release_limits"].items() if k != "mass_org"}))
    return Wanted("no release limit for units of kind 'mass_org'", key="release_limits")


@scenario_case("time_limit_zero")
def _(s):
    s.write(s.edited(solver={"time_limit_seconds": 0}))
    return Wanted("must be a positive number of seconds", key="solver.time_limit_seconds")


@scenario_case("time_limit_negative")
def _(s):
    s.write(s.edited(solver={"time_limit_seconds": -30}))
    return Wanted("must be a positive number of seconds", key="solver.time_limit_seconds")


@scenario_case("time_limit_infinite")
def _(s):
    s.write(s.text(solver={"time_limit_seconds": 60}).replace("time_limit_seconds: 60", "time_limit_seconds: .inf"))
    return Wanted("must be a positive number of seconds", key="solver.time_limit_seconds")


@scenario_case("seed_fractional")
def _(s):
    s.write(s.edited(solver={"seed": 1.5}))
    return Wanted("seed must be a whole number", key="solver.seed")


@scenario_case("seed_huge")
def _(s):
    s.write(s.edited(solver={"seed": 10**30}))
    return Wanted("at most 2,147,483,647", key="solver.seed")


@scenario_case("unknown_solver")
def _(s):
    s.write(s.edited(solver={"name": "gurobi"}))
    return Wanted("unknown solver 'gurobi'", key="solver.name")


@scenario_case("unknown_solver_method")
def _(s):
    s.write(s.edited(solver={"method": "simplex"}))
    return Wanted("unknown solver method 'simplex'", key="solver.method")


@scenario_case("extends_a_missing_file")
def _(s):
    s.write(s.edited(extends="no_such_parent.yaml"))
    return Wanted("does not exist", key="extends")


@scenario_case("extends_cycle")
def _(s):
    s.write(s.edited(extends="other.yaml"))
    s.write({"extends": "case.yaml", "name": "other"}, name="other.yaml")
    return Wanted("scenarios extend each other in a cycle", key="extends", file="other.yaml")


@scenario_case("caps_change_for_an_unknown_course")
def _(s):
    s.write(s.edited(caps=[{"target": "tieng_anh", "set": {"seats_max": 30}}]))
    return Wanted("unknown course or family 'tieng_anh'", key="caps[0].target")


@scenario_case("caps_change_negative_seats")
def _(s):
    s.write(s.edited(caps=[{"target": "cc_tt", "set": {"seats_max": -5}}]))
    return Wanted("seats_max must be a whole number of at least 0", key="caps[0].set.seats_max")


@scenario_case("caps_change_huge_seats")
def _(s):
    s.write(s.edited(caps=[{"target": "cc_pt", "set": {"seats_max": 10**15}}]))
    return Wanted("at most 1,000,000", key="caps[0].set.seats_max")


@scenario_case("caps_change_misspelled_operation")
def _(s):
    s.write(s.edited(caps=[{"target": "cc_tt", "sett": {"seats_max": 30}}]))
    return Wanted("did you mean 'set'?", key="caps[0].sett")


@scenario_case("caps_change_with_two_operations")
def _(s):
    s.write(s.edited(caps=[{"target": "cc_tt", "scale": 2, "remove": True}]))
    return Wanted("needs exactly one of", key="caps[0]")


@scenario_case("demand_change_negative_scale")
def _(s):
    s.write(s.edited(demand=[{"tier": "t1", "scale": -0.5}]))
    return Wanted("-0.5 is not a factor of zero or more", key="demand[0].scale")


@scenario_case("demand_change_for_an_unknown_unit")
def _(s):
    s.write(s.edited(demand=[{"unit": "ha_noi", "scale": 2}]))
    return Wanted("unknown unit 'ha_noi'", key="demand[0].units")


@scenario_case("demand_change_for_an_unknown_family")
def _(s):
    s.write(s.edited(demand=[{"family": "luat", "scale": 2}]))
    return Wanted("unknown family 'luat'", key="demand[0].family")


@scenario_case("demand_change_fractional_count")
def _(s):
    s.write(s.edited(demand=[{"unit": "u1", "set": {"count": 2.5}}]))
    return Wanted("count must be a whole number", key="demand[0].set.count")


@scenario_case("demand_replace_file_missing")
def _(s):
    s.write(s.edited(demand=[{"unit": "u1", "replace": "inputs/no_such_demand.csv"}]))
    return Wanted("does not exist", key="demand[0].replace")


@scenario_case("merge_into_an_unknown_unit")
def _(s):
    s.write(s.edited(units=[{"merge": "u1", "into": "ha_noi", "date": "2024-09-01"}]))
    return Wanted("unknown unit 'ha_noi'", key="units[0].into")


@scenario_case("merge_date_not_a_date")
def _(s):
    s.write(s.edited(units=[{"merge": "u1", "into": "u2", "date": "next autumn"}]))
    return Wanted("is not a date", key="units[0].date")


@scenario_case("split_shares_do_not_add_up")
def _(s):
    parts = [{"unit_id": "u1a", "name": "Unit 1a", "share": 0.5}, {"unit_id": "u1b", "name": "Unit 1b", "share": 0.4}]
    s.write(s.edited(units=[{"split": "u1", "into": parts, "date": "2024-01-01"}]))
    return Wanted("the shares do not add up to 1", key="units[0].into")


@scenario_case("split_unit_name_starting_like_a_formula")
def _(s):
    parts = [{"unit_id": "u1a", "name": "=HYPERLINK(\"http://x\")", "share": 0.5},
             {"unit_id": "u1b", "name": "Unit 1b", "share": 0.5}]
    s.write(s.edited(units=[{"split": "u1", "into": parts, "date": "2024-01-01"}]))
    return Wanted("starts like a spreadsheet formula", key="units[0].into[0].name")


@scenario_case("split_unit_id_with_diacritics")
def _(s):
    parts = [{"unit_id": "u1a", "name": "Unit 1a", "share": 0.5},
             {"unit_id": "hải_hậu", "name": "Hải Hậu", "share": 0.5}]
    s.write(s.edited(units=[{"split": "u1", "into": parts, "date": "2024-01-01"}]))
    return Wanted("'hải_hậu' is not a valid id", key="units[0].into[1].unit_id")


@scenario_case("tier_order_with_an_unknown_tier")
def _(s):
    s.write(s.edited(tier_order=["t2", "reserve"]))
    return Wanted("unknown tier 'reserve'", key="tier_order")


@scenario_case("frozen_actuals_missing")
def _(s):
    s.write(s.edited(frozen={"actuals": "inputs/actuals_2023.csv", "years": [2023]}))
    return Wanted("does not exist", key="frozen.actuals")


@scenario_case("add_years_from_a_year_without_caps")
def _(s):
    s.write(s.edited(add_years=[{"copy_caps_from": 2030, "years": [2025]}]))
    return Wanted("the data have no quota lines for 2030", key="add_years[0].copy_caps_from")


@scenario_case("name_with_a_path_separator")
def _(s):
    s.write(s.edited(name="../elsewhere"))
    return Wanted("is not a usable scenario name", key="name")


@pytest.mark.parametrize("make", SCENARIO_CASES)
def test_bad_scenario_through_solve_is_one_line_exit_2_and_writes_nothing(tmp_path, tiny_template, make):
    """Each broken scenario file: exit 2, one line naming the scenario file (and key or line) and the fix;
    no --out folder; the instance files unchanged."""
    s = ScenarioFolder(tmp_path / "in", tiny_template)
    wanted = make(s)
    place = Place(str(s.folder / wanted.file), wanted.row, wanted.key)
    solve_and_expect_failure(s.path, tmp_path / "out", tmp_path, place, wanted.phrase)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("make", SCENARIO_CASES)
def test_bad_scenario_through_validate_is_the_same_line(tmp_path, tiny_template, make):
    """``validate`` rejects each broken scenario file with the same kind of line and prints nothing on stdout."""
    s = ScenarioFolder(tmp_path / "in", tiny_template)
    wanted = make(s)
    before = snapshot(tmp_path)
    status, out, err = run_cli("validate", str(s.path))
    assert_bad_input(status, out, err, Place(str(s.folder / wanted.file), wanted.row, wanted.key), wanted.phrase)
    assert out == ""
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("make", [p for p in SCENARIO_CASES if p.id in {
    "yaml_utf16", "yaml_invalid_syntax", "extends_cycle", "caps_change_for_an_unknown_course", "seed_fractional"}])
def test_bad_scenario_leaves_an_earlier_result_folder_unchanged(tmp_path, tiny_template, earlier_result, make):
    """A broken scenario file leaves the result folder of an earlier run byte for byte as it was."""
    s = ScenarioFolder(tmp_path / "in", tiny_template)
    wanted = make(s)
    shutil.copytree(earlier_result, tmp_path / "out")
    place = Place(str(s.folder / wanted.file), wanted.row, wanted.key)
    solve_and_expect_failure(s.path, tmp_path / "out", tmp_path, place, wanted.phrase)


def test_the_untouched_scenario_folder_validates(tmp_path, tiny_template):
    """The scenario cases start from a valid instance, so each failure comes from its own edit."""
    s = ScenarioFolder(tmp_path / "in", tiny_template)
    s.write(s.base)
    status, _, err = run_cli("validate", str(s.path))
    assert status == 0, err


def test_catalogue_holds_at_least_40_distinct_bad_inputs():
    """At least 40 bad inputs in all, 12 or more of them scenario files, each under its own name."""
    names = [p.id for p in DATA_CASES] + [p.id for p in SCENARIO_CASES]
    assert len(SCENARIO_CASES) >= 12
    assert len(names) >= 40
    assert len(set(names)) == len(names), sorted(n for n in names if names.count(n) > 1)


# --- property-based: random tiny instances -----------------------------------------------------------------

YEAR_SETS = ((2023,), (2023, 2024))
TIERS = ("t1", "t2", "t3")
PROPERTY_SETTINGS = settings(max_examples=25, deadline=None, database=None)


@st.composite
def valid_instances(draw) -> dict:
    """A tiny valid instance: 2–5 units of random kinds, 1–2 years, one family with a full-time and a part-time
    course, 1–3 tiers in random rank order, seat caps 0–30, 1–2 demand rows per unit with counts 0–20. No
    seats_min, so giving no seats at all is always feasible."""
    years = draw(st.sampled_from(YEAR_SETS))
    units = [tiny.unit(f"u{i}", draw(st.sampled_from(schema.UNIT_KINDS))) for i in range(draw(st.integers(2, 5)))]
    tier_ids = TIERS[:draw(st.integers(1, len(TIERS)))]
    ranks = draw(st.permutations(range(1, len(tier_ids) + 1)))
    tiers = [{"tier": t, "rank": r, "name": f"Tier {t}"} for t, r in zip(tier_ids, ranks)]
    courses = [tiny.course("cc_tt", "full_time", months=draw(st.sampled_from((6, 12, 24)))),
               tiny.course("cc_pt", "part_time", size=draw(st.sampled_from((None, (5, 10), (40, 60)))))]
    caps = [tiny.cap(y, c, seats_max=draw(st.integers(0, 30))) for y in years for c in ("cc_tt", "cc_pt")]
    if draw(st.booleans()):  # a family line on top of the course lines
        caps += [tiny.cap(y, "cc", seats_max=draw(st.integers(0, 30))) for y in years]
    demand = []
    for u in units:
        for i in range(draw(st.integers(1, 2))):
            earliest = draw(st.sampled_from(years))
            deadline = draw(st.sampled_from([y for y in years if y >= earliest]))
            demand.append(tiny.demand(f"{u['unit_id']}.{i}", u["unit_id"], draw(st.integers(0, 20)),
                                      tier=draw(st.sampled_from(tier_ids)),
                                      block=draw(st.sampled_from(schema.BLOCKS)),
                                      earliest=earliest, deadline=deadline, full_time_only=draw(st.booleans())))
    release = {kind: draw(st.integers(0, 5)) for kind in schema.UNIT_KINDS}
    return {"units": units, "tiers": tiers, "courses": courses, "caps": caps, "demand": demand, "years": years,
            "release_limits": release}


@PROPERTY_SETTINGS
@given(instance=valid_instances())
def test_random_valid_instances_solve_and_pass_the_checker(instance):
    """Every generated valid instance solves to optimality and the solver-free checker finds no broken rule."""
    with tempfile.TemporaryDirectory() as folder:
        _, scenario = tiny.write_instance(Path(folder), **instance)
        result = api.solve(scenario.path)
        assert result.status is Status.OPTIMAL
        violations = checks.check_allocation(result.allocation, result.classes, result.inputs, result.scenario)
        assert violations.empty, violations.to_string()
        seats = result.allocation.groupby("demand_id")["seats"].sum()
        counts = result.inputs.demand["count"]
        assert (seats <= counts.reindex(seats.index)).all()


# Each corruption edits a valid instance's data folder and returns the file the message must name.


def tiny_rows(e: DataEditor, file: str) -> list[str]:
    """The data lines of a tiny table (no multi-line cells there, so one line per record)."""
    return [line for line in e.read_text(file).split("\n")[1:] if line]


def _demand_line(e: DataEditor, data) -> int:
    return data.draw(st.integers(2, len(tiny_rows(e, "demand.csv")) + 1), label="demand line")


def negative_count(e, data):
    e.cell("demand.csv", _demand_line(e, data), "count", -data.draw(st.integers(1, 100)))
    return "demand.csv"


def fractional_count(e, data):
    whole, tenths = data.draw(st.integers(0, 20)), data.draw(st.integers(1, 9))
    e.cell("demand.csv", _demand_line(e, data), "count", f"{whole}.{tenths}")
    return "demand.csv"


def nan_count(e, data):
    value = data.draw(st.sampled_from(["NaN", "nan", "inf", "-inf", "n/a"]))
    e.cell("demand.csv", _demand_line(e, data), "count", value)
    return "demand.csv"


def huge_count(e, data):
    e.cell("demand.csv", _demand_line(e, data), "count", data.draw(st.integers(schema.MAX_COUNT + 1, 10**30)))
    return "demand.csv"


def unknown_unit_in_demand(e, data):
    e.cell("demand.csv", _demand_line(e, data), "unit_id", data.draw(st.sampled_from(["ha_noi", "u9", "U1"])))
    return "demand.csv"


def deadline_before_earliest(e, data):
    line = _demand_line(e, data)
    e.cell("demand.csv", line, "earliest_year", 2024)
    e.cell("demand.csv", line, "deadline_year", 2023)
    return "demand.csv"


def duplicate_id(e, data):
    file = data.draw(st.sampled_from(["units.csv", "demand.csv", "tiers.csv", "courses.csv"]))
    line = data.draw(st.integers(2, len(tiny_rows(e, file)) + 1))
    row = e.row(file, line)
    if file == "tiers.csv":
        row["rank"] = "99"  # a repeated rank would be caught too, but this case is about the id
    e.append(file, row)
    return file


# The tables every instance has (pins.csv may be absent, and is in these instances).
PRESENT_TABLES = [table for table in schema.ALL_TABLES if not table.may_be_absent]


def deleted_required_column(e, data):
    table = data.draw(st.sampled_from(PRESENT_TABLES))
    e.drop_column(table.file, data.draw(st.sampled_from(table.required_columns)))
    return table.file


def misspelled_header(e, data):
    table = data.draw(st.sampled_from(PRESENT_TABLES))
    names = [c.name for c in table.columns]
    name = data.draw(st.sampled_from(names))
    typo = data.draw(st.sampled_from(["swap", "drop", "double", "upper"]))
    wrong = {"swap": name[1] + name[0] + name[2:], "drop": name[:-1], "double": name + name[-1],
             "upper": name.capitalize()}[typo]
    if wrong in names or wrong == name:
        wrong = name + "x"
    e.rename_column(table.file, name, wrong)
    return table.file


def formula_name(e, data):
    file = data.draw(st.sampled_from(["units.csv", "tiers.csv", "courses.csv"]))
    line = data.draw(st.integers(2, len(tiny_rows(e, file)) + 1))
    name = data.draw(st.sampled_from("=+@")) + data.draw(st.sampled_from(["SUM(A1:A9)", "1+1", "cmd"]))
    e.cell(file, line, "name", name)
    return file


def same_rank_tiers(e, data):
    rank = e.row("tiers.csv", 2)["rank"]
    e.append("tiers.csv", {"tier": "t9", "rank": rank, "name": "Tier nine"})
    return "tiers.csv"


def caps_min_above_max(e, data):
    line = data.draw(st.integers(2, len(tiny_rows(e, "caps.csv")) + 1))
    e.cell("caps.csv", line, "seats_min", int(e.row("caps.csv", line)["seats_max"]) + data.draw(st.integers(1, 50)))
    return "caps.csv"


def caps_unknown_target(e, data):
    line = data.draw(st.integers(2, len(tiny_rows(e, "caps.csv")) + 1))
    e.cell("caps.csv", line, "target", "tieng_anh")
    return "caps.csv"


def wrong_encoding(e, data):
    file = data.draw(st.sampled_from(["units.csv", "families.csv", "tiers.csv"]))
    text = e.read_text(file)
    if data.draw(st.booleans()):
        e.write_bytes(file, text.encode(data.draw(st.sampled_from(["utf-16", "utf-16-le", "utf-16-be"]))))
    else:
        e.write_bytes(file, _windows_1258(text.replace("Unit", "Đơn vị").replace("Tier", "Đối tượng")
                                          .replace("Cao cấp", "Cao cấp lý luận")))
    return file


def empty_file(e, data):
    file = data.draw(st.sampled_from([t.file for t in schema.ALL_TABLES]))
    e.write_bytes(file, data.draw(st.sampled_from([b"", b"\n", b"\n \n"])))
    return file


CORRUPTIONS = (negative_count, fractional_count, nan_count, huge_count, unknown_unit_in_demand,
               deadline_before_earliest, duplicate_id, deleted_required_column, misspelled_header, formula_name,
               same_rank_tiers, caps_min_above_max, caps_unknown_target, wrong_encoding, empty_file)


@PROPERTY_SETTINGS
@given(instance=valid_instances(), corrupt=st.sampled_from(CORRUPTIONS), data=st.data())
def test_random_broken_instances_fail_with_exit_2_and_write_nothing(instance, corrupt, data):
    """One random corruption of a valid instance: solve exits 2 with one line naming the broken file, writes no
    --out folder and changes no input file."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _, scenario = tiny.write_instance(root / "in", **instance)
        file = corrupt(DataEditor(root / "in" / "data"), data)
        before = snapshot(root)
        status, out, err = run_cli("solve", str(scenario.path), "--out", str(root / "out"))
        assert "Traceback" not in out + err
        assert status == 2, err
        assert err.count("\n") == 1 and err.startswith(f"bad input: {root / 'in' / 'data' / file}"), err
        problem, separator, fix = err.rstrip("\n").rpartition("; ")
        assert separator and problem and fix.strip(), err
        assert not (root / "out").exists()
        assert snapshot(root) == before
