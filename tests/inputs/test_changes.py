"""What-if change kinds, one record per key: each kind's example applies and changes what it should, and a bad
value of each kind is refused with its message, word for word."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import yaml

from optimizer.errors import InputError
from optimizer.inputs.case import load_case, load_variant
from optimizer.inputs.changes import CHANGE_KEYS, CHANGE_KINDS, describe
from optimizer.inputs.dataset import Inputs
from optimizer.inputs.scenario import KNOWN_KEYS

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "scenarios" / "baseline.yaml"
KINDS = sorted(CHANGE_KINDS)
TABLES = ("units", "families", "courses", "caps", "demand", "tiers", "targets", "plan_figures")

# For each kind: a change with one bad value, and the key, problem and fix of its message.
REFUSALS = {
    "add_years": ({"copy_caps_from": 2025, "years": [1999]},
                  "add_years[0].years", "1999 is not a year between 2000 and 2100", "write a year such as 2024"),
    "caps": ({"target": "cao_cap_tt", "set": {"seats_max": -1}}, "caps[0].set.seats_max",
             "seats_max must be a whole number of at least 0 and at most 1,000,000, not -1", "fix the value"),
    "demand": ({"tier": "key_post", "scale": "double"},
               "demand[0].scale", "'double' is not a factor of zero or more", "write e.g. 0.75 or 2"),
    "units": ({"merge": "my_loc", "into": "tp_nam_dinh", "date": "next autumn"},
              "units[0].date", "'next autumn' is not a date", "write it as 2024-09-01 or 01/09/2024"),
}


@pytest.fixture(scope="module")
def baseline() -> Inputs:
    return load_case(BASELINE)[1]


def _changed(before: Inputs, after: Inputs) -> set[str]:
    return {name for name in TABLES if not getattr(before, name).equals(getattr(after, name))}


def test_the_registry_holds_every_change_key_once_in_the_order_of_application():
    """The kinds are the change keys a scenario file accepts, keyed by their own key, applied in registry order."""
    assert CHANGE_KEYS == tuple(CHANGE_KINDS) == ("add_years", "caps", "demand", "units")
    assert set(CHANGE_KEYS) <= KNOWN_KEYS
    for key, kind in CHANGE_KINDS.items():
        assert kind.key == key and kind.operations
        assert not (kind.selectors & kind.operations or kind.selectors & kind.options or kind.operations & kind.options)
        assert set(kind.tables) <= set(TABLES) and kind.reads <= kind.operations


@pytest.mark.parametrize("key", KINDS)
def test_the_example_applies_and_changes_only_the_kinds_tables(baseline, key):
    """A kind's example is valid YAML, loads on the bundled data and changes some of its tables and no other."""
    kind = CHANGE_KINDS[key]
    example = yaml.safe_load(yaml.safe_dump(dict(kind.example)))
    assert example == kind.example and (len(kind.operations & set(example)) == 1)
    scenario, inputs = load_variant(BASELINE, f"example_{key}", **{key: [example]})
    changed = _changed(baseline, inputs)
    assert changed and changed <= set(kind.tables), changed
    assert [c.table for c in scenario.changes] == [key]


@pytest.mark.parametrize("key", KINDS)
def test_a_bad_value_is_refused_with_its_message(key):
    """A change with one bad value is refused at its key, with the message and fix it has always had."""
    change, column, problem, fix = REFUSALS[key]
    with pytest.raises(InputError) as caught:
        load_variant(BASELINE, f"bad_{key}", **{key: [change]})
    error = caught.value
    assert (error.place.column, error.problem, error.fix) == (column, problem, fix)
    assert error.place.file.endswith(f"bad_{key}.yaml") and "\n" not in str(error)


@pytest.mark.parametrize("key", KINDS)
def test_a_change_that_is_not_a_mapping_is_shown_the_kinds_example(key):
    """The fix of a malformed change writes out the kind's example as a scenario file would."""
    with pytest.raises(InputError) as caught:
        load_variant(BASELINE, "not_a_mapping", **{key: ["oops"]})
    assert (caught.value.place.column, caught.value.problem) == (f"{key}[0]", "must be a mapping")
    assert caught.value.fix == f"write e.g. {CHANGE_KINDS[key].written_example}"


@pytest.mark.parametrize("key, written", [
    ("caps", "'- {target: cao_cap_tt, set: {seats_max: 30}}'"),
    ("demand", "'- {tier: key_post, scale: 2}'"),
    ("units", "'- {merge: my_loc, into: tp_nam_dinh, date: 2024-09-01}'"),
    ("add_years", "'- {copy_caps_from: 2025, years: [2026, 2027]}'"),
])
def test_the_examples_in_messages_are_written_as_before(key, written):
    """The examples that messages quote have not changed a character."""
    assert CHANGE_KINDS[key].written_example == written


def test_an_unknown_key_in_a_change_is_refused_with_the_closest_one():
    """It names the unknown key and suggests the closest key of the kind."""
    with pytest.raises(InputError) as caught:
        load_variant(BASELINE, "typo", demand=[{"tierr": "key_post", "scale": 2}])
    assert (caught.value.place.column, caught.value.problem, caught.value.fix) == \
        ("demand[0].tierr", "unknown key", "did you mean 'tier'?")


@pytest.mark.parametrize("key", KINDS)
def test_the_example_is_described_in_one_line_in_each_language(key):
    """Each kind says what its example does in Vietnamese and in English; the record keeps the English line."""
    scenario, _ = load_variant(BASELINE, f"words_{key}", **{key: [dict(CHANGE_KINDS[key].example)]})
    change = scenario.changes[0]
    vi, en = describe(change, "vi"), describe(change, "en")
    assert vi and en and vi != en and "\n" not in vi + en
    assert change.as_dict()["text"] == en


def test_the_shipped_changes_read_as_before():
    """The lines recorded beside every result for the shipped what-ifs have not changed."""
    texts = {}
    for path in sorted((REPO / "scenarios").glob("*.yaml")):
        scenario, _ = load_variant(path, f"again_{path.stem}")
        texts.update({f"{path.stem} {c.key}": c.as_dict()["text"] for c in scenario.changes})
    assert texts == {
        "cut_full_time_advanced caps[0]": "caps [target=cao_cap_tt]: set seats_max=30",
        "my_loc_merge units[0]": "unit my_loc merges into tp_nam_dinh from 2024-09-01",
        "next_term_2026_2030 add_years[0]": "add years 2026, 2027, 2028, 2029, 2030 with the quota lines of 2025",
        # the file as the scenario names it, wherever the checkout lies (the words go into the brief's PDF)
        "next_term_2026_2030 demand[0]": "demand [all rows]: replace the rows with "
                                         "inputs/next_term_2026_2030/demand.csv",
        "sixth_intermediate_class caps[0]": "caps [from_year=2024, target=trung_cap]: +1 class(es) a year",
        "sixth_intermediate_class caps[1]": "caps [from_year=2024, target=trung_cap_ktt]: +1 class(es) a year",
        "stress_key_post_doubled demand[0]": "demand [tier=key_post]: scale by 2",
    }


def test_every_kind_is_documented_in_the_table_of_keys():
    """README's table of what-if keys has a row for every kind."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for key in CHANGE_KINDS:
        assert f"| `{key}: [" in readme, key


def test_a_frame_comparison_sees_a_change(baseline):
    """The comparison the example test relies on notices a changed cell."""
    caps = baseline.caps.copy()
    caps.iloc[0, caps.columns.get_loc("seats_max")] = pd.NA
    assert _changed(baseline, replace(baseline, caps=caps)) == {"caps"}
