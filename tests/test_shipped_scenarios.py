"""Every scenario in scenarios/ solves to an optimal plan that passes the checker, and answers its own question.

The seven bundled solves take 30–150 s each, so they run once per session, two at a time in worker processes
(the machine's two cores); each writes its result folder, which the tests below read like a planner would.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from optimizer import api

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = REPO / "scenarios"
GOLDEN = Path(__file__).resolve().parent / "golden" / "shipped_results.json"
SHIPPED = ("baseline", "cut_full_time_advanced", "sixth_intermediate_class", "my_loc_merge", "replan_2024",
           "next_term_2026_2030", "stress_key_post_doubled", "nam_dinh_cadres")
# Scenarios on other data than the bundled 2023–2025 demand: not compared with the baseline.
OTHER_DATA = ("next_term_2026_2030", "nam_dinh_cadres")
# On the map since 2025, with assumed quotas: solved here (a few minutes, both at once), not in the golden record.
NEW_MAP = ("ninh_binh_2026_2030", "ninh_binh_separate_quotas")


def solve_into(scenario: Path, out: Path) -> tuple[str, str]:
    """Solve one scenario and write its folder (in a worker process); return (status, error message)."""
    try:
        result = api.solve(scenario)
        api.write(result, out)
        return result.status.value, ""
    except Exception as error:  # reported by the test, with the scenario's name
        return "failed", f"{type(error).__name__}: {error}"


@pytest.fixture(scope="session")
def results(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("shipped")
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(solve_into, SCENARIOS / f"{name}.yaml", root / name) for name in SHIPPED}
        outcomes = {name: future.result() for name, future in futures.items()}
    failed = {name: message for name, (status, message) in outcomes.items() if status != "optimal"}
    assert not failed, failed
    return {name: root / name for name in SHIPPED}


def solve_facts(scenario: Path) -> dict:
    """Solve one scenario (in a worker process; the solve runs the checker) and return what the tests read."""
    try:
        result = api.solve(scenario)
    except Exception as error:  # reported by the test, with the scenario's name
        return {"status": "failed", "error": f"{type(error).__name__}: {error}"}
    return {"status": result.status.value, "seats": int(result.allocation["seats"].sum()),
            "stages": [(stage.name, stage.value, stage.optimal) for stage in result.stages]}


@pytest.fixture(scope="module")
def new_map() -> dict[str, dict]:
    """Both Ninh Bình plans, solved at once (about 2 minutes each); files are not written, as the shipped
    scenarios' tests already cover writing and verifying folders."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(solve_facts, SCENARIOS / f"{name}.yaml") for name in NEW_MAP}
        return {name: future.result() for name, future in futures.items()}


def test_new_ninh_binh_pooled_and_separate_solve_to_checked_optima(new_map):
    for facts in new_map.values():
        assert facts["status"] == "optimal", facts.get("error")
        assert all(optimal for _, _, optimal in facts["stages"]) and facts["seats"] > 40_000


def test_keeping_the_former_provinces_quotas_apart_cannot_cover_more_of_the_most_urgent(new_map):
    """Every separate plan is a pooled plan, so the first stage (serving leaders' seats) is no higher."""
    pooled, separate = (new_map[name]["stages"][0] for name in NEW_MAP)
    assert pooled[0] == separate[0] == "coverage[serving]" and pooled[1] >= separate[1]


def table(results, name: str, file: str) -> pd.DataFrame:
    return pd.read_csv(results[name] / file, dtype={"unit_id": str, "course_id": str, "demand_id": str})


def summary(results, name: str) -> dict:
    return json.loads((results[name] / "summary.json").read_text(encoding="utf-8"))


def test_the_shipped_scenarios_are_exactly_these():
    assert sorted(p.stem for p in SCENARIOS.glob("*.yaml")) == sorted(SHIPPED + NEW_MAP)


@pytest.mark.parametrize("name", SHIPPED + NEW_MAP)
def test_each_scenario_starts_with_its_question(name):
    text = (SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Question: ") and text.splitlines()[0].endswith("?")
    scenario, _ = api.load(SCENARIOS / f"{name}.yaml")
    assert scenario.name == name and scenario.question


@pytest.mark.parametrize("name", SHIPPED)
def test_each_scenario_solves_to_a_checked_optimal_plan(results, name):
    facts = summary(results, name)
    assert facts["status"] == "optimal" and all(stage["optimal"] for stage in facts["stages"])
    assert "frozen_years" in facts["checked_rules"] and facts["seats"] > 0


def test_cut_full_time_advanced_gives_at_most_30_full_time_seats_a_year(results):
    seats = table(results, "cut_full_time_advanced", "allocation.csv")
    per_year = seats[seats["course_id"] == "cao_cap_tt"].groupby("year")["seats"].sum()
    base = table(results, "baseline", "allocation.csv")
    assert per_year.max() <= 30 and base[base["course_id"] == "cao_cap_tt"].groupby("year")["seats"].sum().max() == 40


def test_sixth_intermediate_class_opens_six_classes_from_2024(results):
    classes = table(results, "sixth_intermediate_class", "classes.csv")
    intermediate = classes[classes["course_id"].str.startswith("trung_cap")].groupby("year")["classes"].sum()
    assert intermediate.to_dict() == {2023: 5, 2024: 6, 2025: 6}


def test_my_loc_keeps_its_2023_seats_and_the_city_takes_over_from_2024(results):
    seats = table(results, "my_loc_merge", "allocation.csv")
    my_loc = seats[seats["unit_id"] == "my_loc"]
    assert set(my_loc["year"]) == {2023}
    coverage = table(results, "my_loc_merge", "coverage.csv")
    assert "my_loc" not in set(coverage["unit_id"])  # its demand is the city's now
    demand = table(results, "my_loc_merge", "inputs/demand.csv")
    assert set(demand.loc[demand["former_unit"] == "my_loc", "unit_id"]) == {"tp_nam_dinh"}


def test_replan_keeps_2023_at_the_actuals_and_moves_few_seats(results):
    plan = table(results, "replan_2024", "assignments.csv")
    actuals = pd.read_csv(SCENARIOS / "inputs" / "replan_2024" / "actuals_2023.csv")
    key = ["demand_id", "year", "course_id"]
    first_year = plan[plan["year"] == 2023].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(first_year[key + ["seats"]], actuals.sort_values(key).reset_index(drop=True),
                                  check_dtype=False)
    moved = {s["name"]: s["value"] for s in summary(results, "replan_2024")["stages"]}["reference"]
    assert 4 <= moved <= 20  # the 4 seats the actuals changed, and a few to use them again later


def test_next_term_plans_2026_to_2030_with_the_new_list(results):
    seats = table(results, "next_term_2026_2030", "allocation.csv")
    assert set(seats["year"]) == {2026, 2027, 2028, 2029, 2030}
    assert summary(results, "next_term_2026_2030")["scenario"]["years"] == [2026, 2027, 2028, 2029, 2030]


def test_stress_doubles_key_post_demand_and_lowers_its_share(results):
    base = table(results, "baseline", "coverage.csv").groupby("tier")[["demand", "allocated"]].sum()
    stress = table(results, "stress_key_post_doubled", "coverage.csv").groupby("tier")[["demand", "allocated"]].sum()
    assert stress.loc["key_post", "demand"] == 2 * base.loc["key_post", "demand"]
    assert stress.loc["key_post", "allocated"] / stress.loc["key_post", "demand"] < \
        base.loc["key_post", "allocated"] / base.loc["key_post", "demand"]


def test_nam_dinh_cadres_names_a_cadre_for_every_seat(results):
    named = table(results, "nam_dinh_cadres", "nominations.csv")
    seats = table(results, "nam_dinh_cadres", "assignments.csv")["seats"].sum()
    assert len(named) == seats and named["cadre_id"].is_unique and named["name"].str.startswith("Cán bộ mẫu").all()


def test_all_shipped_results_compare_against_the_baseline(results):
    comparison = api.compare([results[name] for name in SHIPPED if name not in OTHER_DATA])
    assert list(comparison.stages.columns[1:]) == [n for n in SHIPPED if n not in OTHER_DATA]
    changed = comparison.input_changes
    assert {"cut_full_time_advanced", "sixth_intermediate_class", "my_loc_merge"} <= set(changed["scenario"])


def test_the_baseline_solved_with_two_workers_is_byte_identical_to_one_worker(results, tmp_path):
    again = api.write(api.solve(SCENARIOS / "baseline.yaml", workers=2), tmp_path / "two_workers")
    one = {p.relative_to(results["baseline"]).as_posix(): p.read_bytes()
           for p in results["baseline"].rglob("*") if p.is_file()}
    two = {p.relative_to(again).as_posix(): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert set(one) == set(two)
    differing = sorted(name for name in one if one[name] != two[name])
    assert differing == ["timing.json"]  # wall-clock seconds and the worker count only


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_result_folder_verifies_from_its_own_files(results, name):
    found = api.verify(results[name], redo=False)
    assert found.ok, found.problems


def test_a_replanned_folder_with_frozen_actuals_and_a_reference_redoes_to_the_same_plan(results):
    found = api.verify(results["replan_2024"], redo=True)
    assert found.ok and found.redone, found.problems


# A result folder records where its data were (summary.json, scenario.yaml, the workbook's settings sheet) and
# an input hash that covers that path; the record is kept free of this checkout's location by writing both as
# words (and leaving out the height of a settings row that shows the path), so it holds on any clone. Every
# other byte is compared as written.
SUMMED = ("checksums.sha256", ".optimizer-written")


def _placeholders(folder: Path) -> list[tuple[bytes, bytes]]:
    recorded = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return [(str(REPO).encode("utf-8"), b"<repo>"), (recorded["input_hash"].encode("ascii"), b"<input_hash>")]


def _free_of_path_length(sheet: bytes) -> bytes:
    """A sheet's rows that show the checkout's path without their height: a longer path wraps onto more lines."""
    def row(match: re.Match) -> bytes:
        if b"<repo>" not in match.group(0):
            return match.group(0)
        return re.sub(rb' ht="[^"]*"| customHeight="1"', b"", match.group(1)) + match.group(2)

    return re.sub(rb"(<row [^>]*>)(.*?</row>)", row, sheet, flags=re.S)


def normalized_digest(folder: Path, name: str) -> str:
    """SHA-256 of a result file with the checkout's path and the input hash written as words (inside the
    workbook's parts too); a checksum list gets the same digests of the files it lists."""
    data = (folder / name).read_bytes()
    words = _placeholders(folder)

    def plain(raw: bytes) -> bytes:
        for old, new in words:
            raw = raw.replace(old, new)
        return raw

    if name.endswith(".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            data = b"".join(member.encode("utf-8") + b"\0" + _free_of_path_length(plain(book.read(member))) + b"\0"
                            for member in sorted(book.namelist()))
    elif name in SUMMED:
        lines = []
        for line in data.decode("utf-8").splitlines(keepends=True):
            digest, separator, listed = line.partition("  ")
            listed_name = listed.rstrip("\n")
            if separator and len(digest) == 64 and digest != "-" * 64 and (folder / listed_name).is_file():
                digest = normalized_digest(folder, listed_name)
            lines.append(digest + separator + listed)
        data = "".join(lines).encode("utf-8")
    return hashlib.sha256(plain(data)).hexdigest()


@pytest.mark.parametrize("name", SHIPPED)
def test_each_result_folder_has_a_one_page_brief_that_answers_its_question(results, name):
    brief = PdfReader(results[name] / "tom_tat.pdf")
    assert len(brief.pages) == 1
    text = " ".join(brief.pages[0].extract_text().split())
    assert " ".join(api.load(SCENARIOS / f"{name}.yaml")[0].question.split())[:40] in text
    against = "2. Thay đổi so với kế hoạch đã giao" if name == "replan_2024" else "2. Thay đổi của kịch bản"
    assert against in text and "4. Đề nghị Ban Thường vụ cho ý kiến" in text


def folder_digests(folder: Path) -> dict[str, str]:
    """Every file of a result folder but timing.json (wall-clock seconds differ run to run), by normalized digest."""
    return {path.relative_to(folder).as_posix(): normalized_digest(folder, path.relative_to(folder).as_posix())
            for path in sorted(folder.rglob("*")) if path.is_file() and path.name != "timing.json"}


def test_every_shipped_result_folder_is_byte_identical_to_the_recorded_one(results):
    """The seven result folders, file by file, against tests/golden/shipped_results.json.

    A change meant to alter the outputs updates the record on purpose: run this test with
    OPTIMIZER_UPDATE_GOLDEN=1, then read the diff of the record and of the result folders before committing."""
    found = {name: folder_digests(results[name]) for name in SHIPPED}
    if os.environ.get("OPTIMIZER_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changed = {name: sorted(file for file in set(recorded[name]) | set(found[name])
                            if recorded[name].get(file) != found[name].get(file)) for name in SHIPPED}
    assert sorted(recorded) == sorted(SHIPPED)
    assert not any(changed.values()), {name: files for name, files in changed.items() if files}
