"""Pins are read from a scenario's list, a CSV it names and the data folder's pins.csv into one table; a bad pin
is refused in one line naming the file and the key or line and column."""

from __future__ import annotations

import pytest
import yaml
from tiny import demand, write_instance

from optimizer import api
from optimizer.errors import InputError

GOOD = {"unit": "u1", "course": "cc_tt", "year": 2023, "seats": 1}


def loaded(tmp_path, pins, **tables):
    write_instance(tmp_path, **tables)
    path = tmp_path / "pinned.yaml"
    path.write_text(yaml.safe_dump({"extends": "scenario.yaml", "pins": pins}), encoding="utf-8")
    return api.load(path)


def test_pins_from_a_list_a_csv_and_the_data_folder_make_one_table_with_their_places(tmp_path):
    (tmp_path / "more.csv").write_text("unit_id,course,year,at_most\nu2,cc,2024,1\n", encoding="utf-8")
    write_instance(tmp_path, pins=[{"unit_id": "u1", "course": "cc_pt", "year": 2024, "at_least": 1}])
    parent = tmp_path / "parent.yaml"
    parent.write_text(yaml.safe_dump({"extends": "scenario.yaml", "pins": [GOOD]}), encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text(yaml.safe_dump({"extends": "parent.yaml", "pins": "more.csv"}), encoding="utf-8")
    scenario, inputs = api.load(child)
    table = inputs.pins
    assert list(zip(table["unit_id"], table["course"], table["year"])) == [
        ("u1", "cc_pt", 2024), ("u1", "cc_tt", 2023), ("u2", "cc", 2024)]
    assert list(table["key"]) == ["", "pins[0]", ""] and list(table["line"].fillna(0)) == [2, 0, 2]
    assert scenario.as_dict()["pins"] == [GOOD, (tmp_path / "more.csv").as_posix()]
    assert inputs.extra_hashes[-1][0].endswith("more.csv")  # the file it read is in the input hash


def test_a_scenario_without_pins_records_no_pins_key():
    scenario, inputs = api.load("scenarios/baseline.yaml")
    assert inputs.pins is None and "pins" not in scenario.as_dict()


@pytest.mark.parametrize(("pin", "message"), [
    ({**GOOD, "unit": "nobody"}, r"pins\[0\]\.unit: unknown unit 'nobody'; use a unit_id from units\.csv"),
    ({**GOOD, "course": "xx"}, r"pins\[0\]\.course: unknown course or family 'xx'"),
    ({**GOOD, "year": 2030}, r"pins\[0\]\.year: 2030 is not one of the plan's years 2023–2024"),
    ({"unit": "u1", "course": "cc", "year": 2023, "at_least": 3, "at_most": 2},
     r"pins\[0\]\.at_least: at_least 3 is greater than at_most 2; swap or fix them"),
    ({**GOOD, "at_most": 2}, r"pins\[0\]\.at_most: give either seats or at_least/at_most"),
    ({"unit": "u1", "course": "cc", "year": 2023}, r"pins\[0\]: says nothing about the seats"),
    ({**GOOD, "seats": -1}, r"pins\[0\]\.seats: seats must be a whole number of at least 0"),
    ({**GOOD, "unit_id": "u1"}, r"pins\[0\]\.unit_id: unknown key; did you mean 'unit'\?"),
    ({"course": "cc", "year": 2023, "seats": 1}, r"pins\[0\]\.unit: required key is missing"),
    ({**GOOD, "unit": "u3"}, r"pins\[0\]\.seats: u3 has no cadres of the family 'cc' in demand\.csv"),
], ids=["unknown unit", "unknown course", "year outside", "at_least above at_most", "seats and a bound",
        "no bound", "negative", "misspelt key", "no unit", "no cadres of the family"])
def test_a_bad_pin_is_refused_naming_the_scenario_and_its_key(tmp_path, pin, message):
    with pytest.raises(InputError, match="pinned.yaml, key " + message):
        loaded(tmp_path, [pin])


def test_pins_that_are_not_a_list_or_a_path_are_refused(tmp_path):
    with pytest.raises(InputError, match=r"key pins: must be a list of pins or the path of a pins CSV"):
        loaded(tmp_path, {"unit": "u1"})


def test_a_bad_row_of_the_data_folders_pins_csv_names_its_line_and_column(tmp_path):
    with pytest.raises(InputError, match=r"pins\.csv, row 3, column unit_id: unknown unit 'nobody'"):
        write_instance(tmp_path, pins=[{"unit_id": "u1", "course": "cc", "year": 2023, "seats": 1},
                                       {"unit_id": "nobody", "course": "cc", "year": 2023, "seats": 1}])


def test_a_pins_csv_row_with_at_least_above_at_most_names_its_line(tmp_path):
    with pytest.raises(InputError, match=r"pins\.csv, row 2, column at_least: at_least 2 is greater than at_most 1"):
        write_instance(tmp_path, pins=[{"unit_id": "u1", "course": "cc", "year": 2023, "at_least": 2,
                                        "at_most": 1}])


def test_a_pin_for_a_merged_units_former_owner_is_accepted(tmp_path):
    """u2's rows belong to u1 after a merge; a pin of u2 before the merge still names a unit with cadres."""
    write_instance(tmp_path, demand=[demand("u2.a", "u2", 2)])
    path = tmp_path / "merge.yaml"
    path.write_text(yaml.safe_dump({"extends": "scenario.yaml", "units": [{"merge": "u2", "into": "u1",
                                                                           "date": 2024}],
                                    "pins": [{"unit": "u2", "course": "cc", "year": 2023, "seats": 1}]}),
                    encoding="utf-8")
    assert len(api.load(path)[1].pins) == 1
