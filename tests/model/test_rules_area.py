"""Quotas kept separate by former province: each area's part of a line by largest remainders of its listed cadres,
and a solve that keeps every part (where the pooled plan would not), explained by the part that is used up."""

from __future__ import annotations

import dataclasses

import pytest
from pypdf import PdfReader
from tiny import cap, course, demand, seats_of, unit, write_instance

from optimizer import api
from optimizer.errors import InputError
from optimizer.model.explain import explain
from optimizer.model.rules_area import quota_parts, unit_areas
from optimizer.model.staged import solve
from optimizer.outputs.render import settings_table

COURSES = [course("cc_tt", "full_time")]


def areas_unit(unit_id: str, area: str | None) -> dict:
    return {**unit(unit_id), "former_province": area}


def separated(inputs, scenario):
    return inputs, dataclasses.replace(scenario, separate_quotas_by="former_province")


def parts_of(tmp_path, units, caps, rows) -> dict[tuple[int, str], int]:
    inputs, scenario = separated(*write_instance(tmp_path, units=units, courses=COURSES, caps=caps, demand=rows))
    parts = quota_parts(inputs, scenario)
    return {(int(line), area): int(part) for line, area, part in zip(parts["year"], parts["area"], parts["part"])}


def test_unit_areas_puts_units_without_a_former_province_in_the_provincial_area(tmp_path):
    inputs, _ = write_instance(tmp_path, units=[areas_unit("u1", "Hà Nam"), areas_unit("u2", None)],
                               courses=COURSES, caps=[cap(2023, "cc_tt", seats_max=1)],
                               demand=[demand("u1.a", "u1", 1)])
    assert unit_areas(inputs.units, "former_province").to_dict() == {"u1": "Hà Nam", "u2": "cấp tỉnh"}


def test_quota_parts_share_a_line_by_largest_remainders_of_listed_cadres(tmp_path):
    """7 seats for 5, 3 and 2 cadres: 3.5, 2.1, 1.4 → 3, 2, 1 and the seat left to the largest remainder (0.5)."""
    parts = parts_of(tmp_path, [areas_unit("u1", "A"), areas_unit("u2", "B"), areas_unit("u3", None)],
                     [cap(2023, "cc_tt", seats_max=7)],
                     [demand("u1.a", "u1", 5), demand("u2.a", "u2", 3), demand("u3.a", "u3", 2)])
    assert parts == {(2023, "A"): 4, (2023, "B"): 2, (2023, "cấp tỉnh"): 1}


def test_quota_parts_break_a_tie_for_the_area_first_in_alphabetical_order(tmp_path):
    parts = parts_of(tmp_path, [areas_unit("u1", "Nam Định"), areas_unit("u2", "Hà Nam")],
                     [cap(2023, "cc_tt", seats_max=3)], [demand("u1.a", "u1", 1), demand("u2.a", "u2", 1)])
    assert parts == {(2023, "Hà Nam"): 2, (2023, "Nam Định"): 1}


def test_quota_parts_count_only_cadres_whose_window_holds_the_year(tmp_path):
    """u2's cadres may start in 2024 only: the 2023 line is all u1's area's, the 2024 line is shared."""
    parts = parts_of(tmp_path, [areas_unit("u1", "A"), areas_unit("u2", "B")],
                     [cap(2023, "cc_tt", seats_max=4), cap(2024, "cc_tt", seats_max=4)],
                     [demand("u1.a", "u1", 2), demand("u2.a", "u2", 2, earliest=2024)])
    assert parts == {(2023, "A"): 4, (2023, "B"): 0, (2024, "A"): 2, (2024, "B"): 2}


def test_quota_parts_are_empty_where_quotas_are_pooled(tmp_path):
    inputs, scenario = write_instance(tmp_path, units=[areas_unit("u1", "A")], courses=COURSES,
                                      caps=[cap(2023, "cc_tt", seats_max=4)], demand=[demand("u1.a", "u1", 2)])
    assert quota_parts(inputs, scenario).empty


@pytest.fixture(scope="module")
def two_areas(tmp_path_factory):
    """4 seats of cc_tt in 2023; u1 (area A) lists 4 less urgent cadres (t2), u2 (area B) 4 most urgent (t1)."""
    return write_instance(tmp_path_factory.mktemp("areas"), units=[areas_unit("u1", "A"), areas_unit("u2", "B")],
                          courses=COURSES, caps=[cap(2023, "cc_tt", seats_max=4), cap(2024, "cc_tt", seats_max=0)],
                          demand=[demand("u1.a", "u1", 4, tier="t2"), demand("u2.a", "u2", 4, tier="t1")])


def test_pooled_quotas_go_to_the_most_urgent_cadres_whatever_their_area(two_areas):
    result = solve(*two_areas)
    assert (seats_of(result.allocation, demand_id="u1.a"), seats_of(result.allocation, demand_id="u2.a")) == (0, 4)


def test_separate_quotas_give_each_area_its_part_and_explain_the_shortfall(two_areas):
    """Each area lists half the cadres, so each gets 2 seats; u2's short row is explained by B's used part."""
    inputs, scenario = separated(*two_areas)
    result = solve(inputs, scenario)  # solve runs the checker, separate_quotas included
    assert (seats_of(result.allocation, demand_id="u1.a"), seats_of(result.allocation, demand_id="u2.a")) == (2, 2)
    said = explain(result.allocation, result.classes, inputs, scenario, lang="en")
    u2 = " ".join(said.loc[said["demand_id"] == "u2.a", "detail"])
    assert "part of former B in the quota Course cc_tt 2023, 2 of 4 seats" in u2


def test_the_setting_is_read_from_a_scenario_and_an_unknown_column_is_refused(two_areas, tmp_path):
    _, scenario = two_areas
    good = scenario.path.parent / "separate.yaml"
    good.write_text("extends: scenario.yaml\nname: separate\nseparate_quotas_by: former_province\n", encoding="utf-8")
    assert api.load(good)[0].separate_quotas_by == "former_province"
    assert api.load(good)[0].as_dict()["separate_quotas_by"] == "former_province"
    bad = scenario.path.parent / "bad.yaml"
    bad.write_text("extends: scenario.yaml\nname: bad\nseparate_quotas_by: district\n", encoding="utf-8")
    with pytest.raises(InputError, match="separate_quotas_by.*cannot split quotas by 'district'"):
        api.load(bad)


def test_separate_quotas_without_any_former_province_are_refused_naming_the_key(tmp_path):
    """Units without a former province leave nothing to keep separate: one line naming the key and the fix."""
    _, scenario = write_instance(tmp_path, units=[unit("u1")], courses=COURSES,
                                 caps=[cap(y, "cc_tt", seats_max=2) for y in (2023, 2024)],
                                 demand=[demand("u1.a", "u1", 2)])
    path = tmp_path / "separate.yaml"
    path.write_text("extends: scenario.yaml\nname: separate\nseparate_quotas_by: former_province\n", encoding="utf-8")
    with pytest.raises(InputError, match="separate_quotas_by: no unit in units.csv has a former_province"):
        api.load(path)


def test_the_settings_sheet_says_the_quotas_are_kept_separate(two_areas):
    separate = settings_table(solve(*separated(*two_areas)), lang="en")
    pooled = settings_table(solve(*two_areas), lang="en")
    row = "Quotas kept separate per former province (in proportion to listed cadres)"
    assert dict(separate.itertuples(index=False))[row] == "yes (column former_province of units.csv)"
    assert row not in set(pooled.iloc[:, 0])


def test_a_separate_result_folder_redoes_its_run_with_the_quotas_kept_apart(two_areas, tmp_path):
    """The folder's own scenario.yaml keeps the setting, so verify (which solves it again) finds the same plan."""
    inputs, scenario = separated(*two_areas)
    folder = api.write(solve(inputs, scenario), tmp_path / "separate")
    assert "separate_quotas_by: former_province" in (folder / "scenario.yaml").read_text(encoding="utf-8")
    found = api.verify(folder)
    assert found.ok and found.redone and "separate_quotas" in found.rules_checked


def test_the_brief_and_the_report_say_the_quotas_are_kept_separate(two_areas, tmp_path):
    folder = api.write(solve(*separated(*two_areas)), tmp_path / "separate", html=True)
    text = " ".join(PdfReader(folder / "tom_tat.pdf").pages[0].extract_text().split())
    assert "Mỗi tỉnh cũ (và các đơn vị cấp tỉnh) giữ riêng phần chỉ tiêu của mình" in text
    assert "Chỉ tiêu giữ riêng cho từng tỉnh cũ" in (folder / "report.html").read_text(encoding="utf-8")
    pooled = api.write(solve(*two_areas), tmp_path / "pooled")
    assert "giữ riêng" not in " ".join(PdfReader(pooled / "tom_tat.pdf").pages[0].extract_text().split())


def test_validate_and_the_page_list_the_separation_among_the_scenario_s_changes(two_areas):
    inputs, scenario = separated(*two_areas)
    said = api.validation_lines(scenario, inputs, lang="vi")
    assert any(line.startswith("giữ riêng chỉ tiêu theo former_province: mỗi tỉnh cũ") for line in said)
    pooled_inputs, pooled = two_areas
    assert not any("separate_quotas" in line for line in api.validation_lines(pooled, pooled_inputs, lang="vi"))
