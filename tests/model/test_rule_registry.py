"""The rule registry: every Rule has a builder or filter, a checker, an explanation, labels in both languages and
its row in docs/MODEL.md; and the completeness check does report a part that is missing."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tiny import cap, course, demand, write_instance

from optimizer.model import checks, explain, rules
from optimizer.model.registry import Building, Explaining, Labels, Registries, documented_rules, missing_parts
from optimizer.model.rules import Rule

REPO = Path(__file__).resolve().parents[2]
MODEL_MD = (REPO / "docs" / "MODEL.md").read_text(encoding="utf-8")
REGISTRIES = Registries(building=rules.BUILDING, checking=checks.CHECKING, explaining=rules.EXPLAINING,
                        labels=rules.LABELS)


def without(registry: dict, rule: Rule) -> dict:
    return {key: value for key, value in registry.items() if key is not rule}


@pytest.mark.parametrize("rule", list(Rule), ids=str)
def test_every_rule_has_every_part(rule):
    """A builder or filter, a checker, its explanations, both labels and its row in docs/MODEL.md."""
    missing = missing_parts(rule, REGISTRIES, MODEL_MD)
    assert not missing, f"rule {rule.value} lacks " + "; ".join(missing)


@pytest.mark.parametrize("rule", list(Rule), ids=str)
def test_every_part_carries_the_name_of_its_rule(rule):
    """The builder (or, for a pure filter, the filter) and the checker are named as the rule; the explanations
    start with its name."""
    building, explaining = rules.BUILDING.get(rule, Building()), rules.EXPLAINING.get(rule, Explaining())
    parts = [building.rows or building.keep, checks.CHECKING.get(rule)]
    assert [part.__name__ for part in parts if part] == [rule.value for part in parts if part]
    assert all(part.__name__.startswith(rule.value + "_") for part in (explaining.removed, explaining.tight) if part)


def test_the_registries_hold_no_rule_outside_the_enum():
    """No registry has an entry for a rule that does not exist (missing entries are missing_parts' to name)."""
    for registry in dataclasses.astuple(REGISTRIES):
        assert set(registry) <= set(Rule)


def test_the_checker_and_the_docs_list_the_rules_in_the_order_of_the_enum():
    """The order reaches summary.json and violations.csv, so it is the enum's, as in the docs' table."""
    assert checks.CHECKS == tuple(rule.value for rule in Rule)
    assert documented_rules(MODEL_MD) == [rule.value for rule in Rule]


def test_explanations_name_the_filters_first_then_the_rules_with_rows():
    """Pure filters, then rules with rows, each group in enum order, then priority (the order explanations.csv
    and the summary sentences keep)."""
    shipped = ["timing", "full_time_only", "seat_cap", "class_size", "demand_limit", "release_limit", "frozen_years"]
    assert [rule for rule in explain.RULES if rule in shipped] == shipped
    assert explain.RULES[-1] == "priority"


@pytest.mark.parametrize("rule", list(Rule), ids=str)
def test_every_rule_has_an_accepting_and_a_flagging_checker_test(rule):
    """tests/model/test_checks.py holds a test_<rule>_accepts_… and a test_<rule>_flags_… for the rule."""
    tree = ast.parse((Path(__file__).resolve().parent / "test_checks.py").read_text(encoding="utf-8"))
    tests = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    for verb in ("accepts", "flags"):
        assert any(name.startswith(f"test_{rule.value}_{verb}_") for name in tests), (
            f"tests/model/test_checks.py has no test_{rule.value}_{verb}_… test")


def test_eligible_keeps_exactly_what_every_filter_keeps(tmp_path):
    """Each filter removes something from the cross product of rows, courses and years; eligible is their and."""
    inputs, scenario = write_instance(
        tmp_path, courses=[course("cc_tt", "full_time"), course("cc_long", "full_time", months=24),
                           course("cc_pt", "part_time")],
        caps=[cap(2023, "cc_tt", seats_max=5), cap(2024, "cc_long", seats_max=5), cap(2024, "cc_pt", seats_max=5)],
        demand=[demand("u1.a", "u1", 3), demand("u1.b", "u1", 3, full_time_only=True),
                demand("u2.a", "u2", 3, earliest=2024)])
    courses = inputs.courses.reset_index()[["course_id", "family", "mode", "span_years"]]
    grid = inputs.demand.reset_index().merge(courses, on="family").merge(pd.DataFrame({"year": scenario.years}),
                                                                         how="cross")
    kept = {rule: building.keep(grid, inputs, scenario) for rule, building in rules.BUILDING.items() if building.keep}
    assert all(0 < kept[rule].sum() < len(grid) for rule in (Rule.SEAT_CAP, Rule.TIMING, Rule.FULL_TIME_ONLY))
    eligible = rules.eligible(grid, inputs, scenario)
    assert np.array_equal(eligible, np.logical_and.reduce(list(kept.values())))
    assert sorted(map(tuple, grid.loc[eligible, ["demand_id", "year", "course_id"]].to_numpy())) == [
        ("u1.a", 2023, "cc_tt"), ("u1.a", 2024, "cc_pt"), ("u1.b", 2023, "cc_tt"), ("u2.a", 2024, "cc_pt")]


# --- the completeness check reports what is missing ------------------------------------------------------------


@pytest.mark.parametrize(("registries", "missing"), [
    (dataclasses.replace(REGISTRIES, building=without(rules.BUILDING, Rule.TIMING)),
     "a constraint builder or an eligibility filter (rules.BUILDING)"),
    (dataclasses.replace(REGISTRIES, building={**rules.BUILDING, Rule.TIMING: Building()}),
     "a constraint builder or an eligibility filter (rules.BUILDING)"),
    (dataclasses.replace(REGISTRIES, checking=without(checks.CHECKING, Rule.TIMING)), "a checker (checks.CHECKING)"),
    (dataclasses.replace(REGISTRIES, explaining=without(rules.EXPLAINING, Rule.TIMING)),
     "an explanation (rules.EXPLAINING)"),
    (dataclasses.replace(REGISTRIES, explaining={**rules.EXPLAINING, Rule.TIMING: Explaining()}),
     "an explanation of what its filter removes (Explaining.removed)"),
    (dataclasses.replace(REGISTRIES, labels={**rules.LABELS, Rule.TIMING: Labels(vi="", en="no course in time")}),
     "a label in vi (rules.LABELS)"),
    (dataclasses.replace(REGISTRIES, labels=without(rules.LABELS, Rule.TIMING)), "a label in en (rules.LABELS)"),
], ids=["no building", "neither rows nor filter", "no checker", "no explanation", "filter unexplained",
        "no vi label", "no labels"])
def test_a_missing_part_is_reported(registries, missing):
    """A registry copy without one part of timing makes the check name that part, and only for timing."""
    found = missing_parts(Rule.TIMING, registries, MODEL_MD)
    assert missing in found
    assert missing_parts(Rule.SEAT_CAP, registries, MODEL_MD) == []


def test_constraint_rows_without_an_explanation_of_when_they_are_tight_are_reported():
    """A rule with rows needs Explaining.tight; a filter's explanation does not stand in for it."""
    registries = dataclasses.replace(REGISTRIES, explaining={
        **rules.EXPLAINING, Rule.RELEASE_LIMIT: Explaining(removed=rules.timing_removed)})
    assert missing_parts(Rule.RELEASE_LIMIT, registries, MODEL_MD) == [
        "an explanation of when its rows are tight (Explaining.tight)"]


def test_a_rule_missing_from_the_rules_table_of_model_md_is_reported():
    """Without its row in the rules table, the rule is reported, though the page still names it elsewhere."""
    row = next(line for line in MODEL_MD.splitlines() if line.startswith("| `timing` |"))
    assert missing_parts(Rule.TIMING, REGISTRIES, MODEL_MD.replace(row + "\n", "")) == [
        "a row `timing` in the rules table of docs/MODEL.md"]
    # Named elsewhere on the page is not enough: the row belongs in the rules table.
    assert "`timing`" in MODEL_MD.replace(row + "\n", "")
