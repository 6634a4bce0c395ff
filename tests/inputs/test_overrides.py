"""What-if changes, each kind on a tiny instance: what it does to the tables, and how a mistake in it is named."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from tiny import YEARS, cap, course, demand, write_instance

from optimizer import api
from optimizer.errors import InputError

CLASS_COURSES = [course("cc_tt", "full_time"), course("cc_pt", "part_time", size=(40, 60))]
CLASS_CAPS = [cap(y, "cc_tt", seats_max=40) for y in YEARS] + [
    cap(y, "cc_pt", seats_max=120, classes_min=1, classes_max=2) for y in YEARS] + [
    cap(y, "cc", seats_max=150) for y in YEARS]
DEMAND = [demand("u1.a", "u1", 5), demand("u1.b", "u1", 3, tier="t2"), demand("u2.a", "u2", 4),
          demand("u3.a", "u3", 7, tier="t2")]


@pytest.fixture
def base(tmp_path: Path) -> Path:
    write_instance(tmp_path, courses=CLASS_COURSES, caps=CLASS_CAPS, demand=DEMAND)
    return tmp_path / "scenario.yaml"


def child(base: Path, name: str = "child", **changes) -> Path:
    path = base.parent / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"extends": base.name, "name": name, **changes}, sort_keys=False,
                                   allow_unicode=True), encoding="utf-8")
    return path


def caps_of(inputs, target: str) -> pd.DataFrame:
    return inputs.caps[inputs.caps["target"] == target].sort_values("year")


def rejected(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        api.load(path)
    assert "\n" not in str(caught.value)
    return caught.value


# --- quotas --------------------------------------------------------------------------------------------------


def test_caps_set_changes_only_the_selected_years(base):
    _, inputs = api.load(child(base, caps=[{"target": "cc_tt", "years": [2024], "set": {"seats_max": 30}}]))
    assert caps_of(inputs, "cc_tt")["seats_max"].tolist() == [40, 30]
    assert caps_of(inputs, "cc_pt")["seats_max"].tolist() == [120, 120]


def test_caps_scale_multiplies_seat_bounds_and_rounds_halves_up(base):
    _, inputs = api.load(child(base, caps=[{"target": "cc", "scale": 0.5}, {"target": "cc_tt", "scale": 0.0125}]))
    assert caps_of(inputs, "cc")["seats_max"].tolist() == [75, 75]
    assert caps_of(inputs, "cc_tt")["seats_max"].tolist() == [1, 1]  # 40 × 0.0125 = 0.5 → 1


def test_add_classes_adds_the_class_and_its_seats_from_a_year_on(base):
    _, inputs = api.load(child(base, caps=[{"target": "cc_pt", "from_year": 2024, "add_classes": 1}]))
    lines = caps_of(inputs, "cc_pt")
    assert lines["classes_max"].tolist() == [2, 3] and lines["classes_min"].tolist() == [1, 2]
    assert lines["seats_max"].tolist() == [120, 180]  # 60 seats a class, as the line had


def test_removing_a_class_below_zero_is_rejected(base):
    error = rejected(child(base, caps=[{"target": "cc_pt", "add_classes": -2}]))
    assert error.place.column == "caps[0].add_classes" and "negative" in error.problem


def test_caps_remove_drops_the_lines(base):
    _, inputs = api.load(child(base, caps=[{"target": "cc", "remove": True}]))
    assert caps_of(inputs, "cc").empty and len(caps_of(inputs, "cc_tt")) == 2


def test_caps_change_of_an_unknown_target_names_the_file_and_key(base):
    error = rejected(child(base, caps=[{"target": "cao_cap_xx", "scale": 2}]))
    assert error.place.file.endswith("child.yaml") and error.place.column == "caps[0].target"
    assert "key caps[0].target" in str(error)


def test_caps_set_that_inverts_the_bounds_is_rejected(base):
    error = rejected(child(base, caps=[{"target": "cc_pt", "set": {"classes_min": 3}}]))
    assert error.place.column == "caps[0].set" and "classes_min above classes_max" in error.problem


def test_caps_change_selecting_no_line_is_rejected(base):
    assert rejected(child(base, caps=[{"target": "cc_tt", "block": "party", "scale": 2}])).place.column == \
        "caps[0].target"


@pytest.mark.parametrize("change, key", [
    ({"target": "cc_tt"}, "caps[0]"),
    ({"target": "cc_tt", "set": {"seats_max": 1}, "scale": 2}, "caps[0]"),
    ({"target": "cc_tt", "sett": {"seats_max": 1}}, "caps[0].sett"),
    ({"target": "cc_tt", "set": {"seats": 1}}, "caps[0].set.seats"),
    ({"target": "cc_tt", "set": {"seats_max": -1}}, "caps[0].set.seats_max"),
    ({"target": "cc_tt", "scale": "half"}, "caps[0].scale"),
    ({"target": "cc_tt", "years": [1999], "scale": 2}, "caps[0].years"),
    ({"target": "cc_tt", "add_classes": 0}, "caps[0].add_classes"),
    ({"target": "cc_tt", "remove": "yes"}, "caps[0].remove"),
])
def test_malformed_caps_change_is_rejected_at_its_key(base, change, key):
    assert rejected(child(base, caps=[change])).place.column == key


# --- demand --------------------------------------------------------------------------------------------------


def test_demand_scale_by_tier(base):
    _, inputs = api.load(child(base, demand=[{"tier": "t2", "scale": 2}]))
    assert inputs.demand["count"].to_dict() == {"u1.a": 5, "u1.b": 6, "u2.a": 4, "u3.a": 14}


def test_demand_set_for_one_unit_and_family(base):
    _, inputs = api.load(child(base, demand=[{"unit": "u1", "family": "cc", "set": {"count": 1}}]))
    assert inputs.demand["count"].to_dict() == {"u1.a": 1, "u1.b": 1, "u2.a": 4, "u3.a": 7}


def test_demand_replace_swaps_the_selected_units_rows(base):
    replacement = base.parent / "u1_new.csv"
    replacement.write_text("demand_id,unit_id,family,tier,block,count,earliest_year,deadline_year,full_time_only\n"
                           "u1.new,u1,cc,t1,party,9,2023,2024,false\n", encoding="utf-8")
    _, inputs = api.load(child(base, demand=[{"units": ["u1"], "replace": "u1_new.csv"}]))
    assert inputs.demand["count"].to_dict() == {"u2.a": 4, "u3.a": 7, "u1.new": 9}
    assert inputs.extra_hashes and inputs.extra_hashes[0][0].endswith("u1_new.csv")


def test_demand_replace_with_a_row_outside_the_selection_names_the_file_row(base):
    replacement = base.parent / "wrong.csv"
    replacement.write_text("demand_id,unit_id,family,tier,block,count,earliest_year,deadline_year,full_time_only\n"
                           "u2.new,u2,cc,t1,party,9,2023,2024,false\n", encoding="utf-8")
    error = rejected(child(base, demand=[{"unit": "u1", "replace": "wrong.csv"}]))
    assert error.place.file.endswith("wrong.csv") and error.place.row == 2


def test_demand_change_for_an_unknown_unit_is_rejected(base):
    error = rejected(child(base, demand=[{"unit": "u9", "scale": 2}]))
    assert error.place.column == "demand[0].units" and "u9" in error.problem


def test_demand_change_selecting_nothing_is_rejected(base):
    assert rejected(child(base, demand=[{"unit": "u3", "tier": "t1", "scale": 2}])).place.column == "demand[0]"


# --- units ---------------------------------------------------------------------------------------------------


def test_merge_moves_the_demand_and_keeps_earlier_seats_with_the_old_unit(base):
    _, inputs = api.load(child(base, units=[{"merge": "u2", "into": "u1", "date": "2024-09-01"}]))
    moved = inputs.demand.loc["u2.a"]
    assert (moved["unit_id"], moved["former_unit"], int(moved["change_year"])) == ("u1", "u2", 2024)
    assert "u2" in inputs.units.index  # it still owns its 2023 seats


def test_split_shares_each_row_by_largest_remainder(base):
    parts = [{"unit_id": "u3n", "name": "North", "share": 0.6}, {"unit_id": "u3s", "name": "South", "share": 0.4,
                                                                   "kind": "department"}]
    _, inputs = api.load(child(base, units=[{"split": "u3", "into": parts, "date": 2024}]))
    assert inputs.demand.loc["u3.a@u3n", "count"] == 4 and inputs.demand.loc["u3.a@u3s", "count"] == 3  # 4.2 / 2.8
    assert "u3.a" not in inputs.demand.index
    assert list(inputs.units.index) == ["u1", "u2", "u3", "u3n", "u3s"]
    assert inputs.units.loc["u3n", "kind"] == "mass_org" and inputs.units.loc["u3s", "kind"] == "department"


def test_split_shares_must_add_up_to_one(base):
    parts = [{"unit_id": "a", "name": "A", "share": 0.5}, {"unit_id": "b", "name": "B", "share": 0.4}]
    assert rejected(child(base, units=[{"split": "u3", "into": parts, "date": 2024}])).place.column == "units[0].into"


def test_merge_into_an_unknown_unit_is_rejected(base):
    assert rejected(child(base, units=[{"merge": "u2", "into": "zz", "date": 2024}])).place.column == "units[0].into"


def test_merging_a_unit_twice_is_rejected(base):
    twice = [{"merge": "u2", "into": "u1", "date": 2024}, {"merge": "u1", "into": "u3", "date": 2024}]
    assert rejected(child(base, units=twice)).place.column == "units[1].merge"


# --- tiers and years -----------------------------------------------------------------------------------------


def test_tier_order_reranks_the_tiers(base):
    _, inputs = api.load(child(base, tier_order=["t2", "t1"]))
    assert list(inputs.tiers.index) == ["t2", "t1"] and inputs.tiers["rank"].tolist() == [1, 2]


def test_tier_order_missing_a_tier_is_rejected(base):
    assert "t2" in rejected(child(base, tier_order=["t1"])).problem


def test_add_years_copies_a_years_quota_lines(base):
    scenario, inputs = api.load(child(base, add_years=[{"copy_caps_from": 2024, "years": [2025, 2026]}],
                                      years=[2024, 2025, 2026]))
    assert inputs.plan_years == (2023, 2024, 2025, 2026) and scenario.years == (2024, 2025, 2026)
    assert caps_of(inputs, "cc_pt")["seats_max"].tolist() == [120, 120, 120, 120]
    assert inputs.caps.index.is_unique


def test_add_years_that_exist_is_rejected(base):
    error = rejected(child(base, add_years=[{"copy_caps_from": 2023, "years": [2024]}]))
    assert error.place.column == "add_years[0].years"


# --- extends -------------------------------------------------------------------------------------------------


def test_extends_chain_accumulates_changes_and_overrides_settings(base):
    middle = child(base, "middle", caps=[{"target": "cc_tt", "set": {"seats_max": 30}}],
                   release_limits={"district": 2})
    last = child(middle, "last", demand=[{"tier": "t2", "scale": 2}], release_limits={"department": 1})
    scenario, inputs = api.load(last)
    assert scenario.name == "last" and [Path(p).name for p in scenario.extends] == ["middle.yaml", "scenario.yaml"]
    assert [c.key for c in scenario.changes] == ["caps[0]", "demand[0]"]
    assert [Path(c.file).name for c in scenario.changes] == ["middle.yaml", "last.yaml"]
    assert scenario.release_limits["district"] == 2 and scenario.release_limits["department"] == 1
    assert scenario.release_limits["mass_org"] == 1000  # inherited from the base
    assert caps_of(inputs, "cc_tt")["seats_max"].tolist() == [30, 30] and inputs.demand.loc["u3.a", "count"] == 14


def test_a_cycle_of_extends_is_rejected(base):
    first = base.parent / "a.yaml"
    second = base.parent / "b.yaml"
    first.write_text("extends: b.yaml\n", encoding="utf-8")
    second.write_text("extends: a.yaml\n", encoding="utf-8")
    error = rejected(first)
    assert error.place.column == "extends" and "cycle" in error.problem


def test_extending_a_missing_file_is_rejected(base):
    path = base.parent / "orphan.yaml"
    path.write_text("extends: nowhere.yaml\n", encoding="utf-8")
    assert "nowhere.yaml" in rejected(path).problem


def test_a_scenario_without_changes_loads_the_data_unchanged(base):
    plain = api.load(base)[1]
    again = api.load(child(base))[1]
    pd.testing.assert_frame_equal(plain.caps, again.caps)
    pd.testing.assert_frame_equal(plain.demand, again.demand)


def test_every_change_has_a_one_line_description(base):
    scenario, _ = api.load(child(base, caps=[{"target": "cc_pt", "from_year": 2024, "add_classes": 1}],
                                 demand=[{"tier": "t2", "scale": 2}],
                                 units=[{"merge": "u2", "into": "u1", "date": "2024-09-01"}]))
    texts = [c["text"] for c in scenario.as_dict()["changes"]]
    assert texts == ["caps [from_year=2024, target=cc_pt]: +1 class(es) a year", "demand [tier=t2]: scale by 2",
                     "unit u2 merges into u1 from 2024-09-01"]
