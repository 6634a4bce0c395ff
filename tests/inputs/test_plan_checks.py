"""The plan's own contradictions: each named warning fires on the bundled data and stays quiet once the data agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer import api
from optimizer.inputs import plan_checks
from optimizer.inputs.data import load_inputs
from optimizer.inputs.plan_checks import (
    audience_mismatch,
    cap_rows_disagree,
    class_capacity_mismatch,
    class_plan_mismatch,
    period_total_mismatch,
    provisional_quota,
    structural_count_conflict,
)

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "data" / "nam_dinh_2023_2025"


@pytest.fixture(scope="module")
def bundled():
    return load_inputs(BUNDLED)


def _by_subject(warnings) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for warning in warnings:
        found.setdefault(warning.subject, []).append(warning.message)
    return found


# --- on the bundled data -------------------------------------------------------------------------------------


def test_bundled_data_carries_every_named_warning(bundled):
    """It attaches to the loaded inputs one or more warnings of each kind the plan's contradictions produce."""
    codes = {w.code for w in bundled.warnings}
    assert codes == {"cap_rows_disagree", "period_total_mismatch", "class_plan_mismatch",
                     "structural_count_conflict", "audience_mismatch", "provisional_quota"}
    assert bundled.warnings == plan_checks.plan_warnings(bundled)


def test_warnings_print_as_one_line_with_their_code(bundled):
    """It prints each warning on one line, starting with its code."""
    for warning in bundled.warnings:
        text = str(warning)
        assert text.startswith(f"warning [{warning.code}] {warning.subject}: ") and "\n" not in text


def test_trung_cap_cap_rows_disagree(bundled):
    """It flags the two intermediate-theory quota lines per year (≤250 in the text, 250–300 in Appendix 1)."""
    found = _by_subject(cap_rows_disagree(bundled))
    assert list(found) == ["trung_cap/all 2023–2025"]
    (message,) = found["trung_cap/all 2023–2025"]
    assert "≤250" in message and "250–300" in message


@pytest.mark.parametrize(
    ("subject", "stated", "summed"),
    [("trung_cap/all", 1000, "250 + 250 + 250 = 750"),
     ("cap_uy_co_so/all", 2500, "3000 + 0 + 0 = 3000"),
     ("ld_cap_phong/all", 800, "270 + 270 + 270 = 810"),
     ("cv_chinh/all", 350, "130 + 70 + 130 = 330")],
)
def test_period_totals_that_disagree_with_the_yearly_quotas(bundled, subject, stated, summed):
    """It flags each period total the plan states that the yearly quotas do not add up to."""
    messages = _by_subject(period_total_mismatch(bundled)).get(subject, [])
    assert any(f"gives {stated} for the period" in m and m.endswith(summed) for m in messages), messages


def test_period_totals_that_agree_are_not_flagged(bundled):
    """It stays quiet on the stated totals the quotas do add up to (cap_uy_co_so 3000, ld_cap_phong 810, qpan 8)."""
    messages = [w.message for w in period_total_mismatch(bundled)]
    assert not any("gives 3000 for the period" in m for m in messages)
    assert not any("gives 810 for the period" in m for m in messages)
    assert "qpan_dt2/all" not in _by_subject(period_total_mismatch(bundled))


def test_can_bo_cap_xa_class_plan_mismatch(bundled):
    """It flags 12 classes for 1,200 commune officials when a class holds 70–80."""
    found = _by_subject(class_plan_mismatch(bundled))
    assert list(found) == ["can_bo_cap_xa"]
    assert "12 classes for 1200 people" in found["can_bo_cap_xa"][0] and "840–960" in found["can_bo_cap_xa"][0]


def test_commune_committee_members_counted_twice(bundled):
    """It flags the commune committee members counted as 3,212 and as 3,000."""
    found = _by_subject(structural_count_conflict(bundled))
    assert list(found) == ["uy_vien_bch_cap_xa"]
    assert "3,212" in found["uy_vien_bch_cap_xa"][0] and "3,000" in found["uy_vien_bch_cap_xa"][0]


def test_qpan_audience_mismatch(bundled):
    """It flags the defence-and-security quota given to audience 1 in the text and audience 2 in the appendix."""
    found = _by_subject(audience_mismatch(bundled))
    assert list(found) == ["qpan_dt2"]
    assert "Đối tượng 1" in found["qpan_dt2"][0] and "Đối tượng 2" in found["qpan_dt2"][0]


def test_cao_cap_quota_is_provisional(bundled):
    """It flags the advanced-theory quotas as provisional planning figures for 2023–2025."""
    found = _by_subject(provisional_quota(bundled))
    assert "cao_cap" in found
    assert set(found) <= {"cao_cap", "cao_cap_tt", "cao_cap_ktt"}
    assert "2023–2025" in found["cao_cap"][0]


def test_bundled_class_limits_can_seat_their_seat_limits(bundled):
    """It finds no quota line whose class limits contradict its own seat limits in the bundled data."""
    assert class_capacity_mismatch(bundled) == []


# --- where the data agree (edited copies), each check returns nothing -----------------------------------------


def test_cap_rows_that_agree_are_not_flagged(data_copy, edit):
    """It stays quiet once the Appendix 1 line for intermediate theory says the same as the text (≤250)."""
    for year in ("2023", "2024", "2025"):
        line = edit.line_of("caps.csv", year=year, target="trung_cap", seats_min="250")
        edit.cell("caps.csv", line, "seats_min", "")
        edit.cell("caps.csv", line, "seats_max", 250)
    assert cap_rows_disagree(load_inputs(data_copy)) == []


def test_cap_rows_disagreeing_on_classes_are_flagged(data_copy, edit):
    """It flags two lines for the same year that give different class limits."""
    edit.append("caps.csv", {"year": 2024, "target": "can_bo_cap_xa", "block": "all", "classes_min": 12,
                             "classes_max": 15, "source": "test"})
    found = _by_subject(cap_rows_disagree(load_inputs(data_copy)))
    assert "can_bo_cap_xa/all 2024" in found and "classes" in found["can_bo_cap_xa/all 2024"][0]


def test_period_totals_that_add_up_are_not_flagged(data_copy, edit):
    """It stays quiet when each stated total equals the yearly quotas, including one summed over both blocks."""
    edit.write_bytes("plan_figures.csv", (
        "figure_id,kind,target,block,value,classes,audience,source\n"
        "trung_cap_total,period_total,trung_cap,all,750,,,test\n"
        "ld_cap_phong_total,period_total,ld_cap_phong,all,810,,,test\n"
        "ld_cap_phong_party,period_total,ld_cap_phong,party,210,,,test\n"
    ).encode())
    assert period_total_mismatch(load_inputs(data_copy)) == []


def test_class_plan_that_fits_the_class_sizes_is_not_flagged(data_copy, edit):
    """It stays quiet when 12 classes of 70–80 are planned for 960 people, the upper edge."""
    line = edit.line_of("plan_figures.csv", figure_id="can_bo_cap_xa_classes")
    edit.cell("plan_figures.csv", line, "value", 960)
    assert class_plan_mismatch(load_inputs(data_copy)) == []


def test_class_plan_just_outside_the_class_sizes_is_flagged(data_copy, edit):
    """It flags 12 classes for 839 people, one below twelve classes of 70."""
    line = edit.line_of("plan_figures.csv", figure_id="can_bo_cap_xa_classes")
    edit.cell("plan_figures.csv", line, "value", 839)
    assert [w.subject for w in class_plan_mismatch(load_inputs(data_copy))] == ["can_bo_cap_xa"]


@pytest.mark.parametrize(
    ("column", "value", "phrase"),
    [("seats_min", 121, "at most 2 classes × 60 = 120 seats, below the minimum of 121"),
     ("seats_max", 79, "at least 2 classes × 40 = 80 students, above the maximum of 79")],
)
def test_class_limits_that_cannot_seat_the_seat_limits_are_flagged(data_copy, edit, column, value, phrase):
    """It flags a quota line whose two full-time classes cannot hold its seat limits."""
    line = edit.line_of("caps.csv", year="2023", target="trung_cap_tt")
    edit.cell("caps.csv", line, column, value)
    found = _by_subject(class_capacity_mismatch(load_inputs(data_copy)))
    assert list(found) == ["trung_cap_tt 2023"] and phrase in found["trung_cap_tt 2023"][0]


def test_class_limits_that_just_seat_the_seat_limits_are_not_flagged(data_copy, edit):
    """It stays quiet at the edges: two classes of 40–60 seat at least 120 and at most 80 exactly."""
    edit.cell("caps.csv", edit.line_of("caps.csv", year="2023", target="trung_cap_tt"), "seats_min", 120)
    edit.cell("caps.csv", edit.line_of("caps.csv", year="2024", target="trung_cap_tt"), "seats_max", 80)
    assert class_capacity_mismatch(load_inputs(data_copy)) == []


def test_structural_counts_that_agree_are_not_flagged(data_copy, edit):
    """It stays quiet once Appendix 2 counts the commune committee members as 3,212 like footnote 1."""
    line = edit.line_of("plan_figures.csv", figure_id="commune_committee_members_fn5")
    edit.cell("plan_figures.csv", line, "value", 3212)
    assert structural_count_conflict(load_inputs(data_copy)) == []


def test_audiences_that_agree_are_not_flagged(data_copy, edit):
    """It stays quiet once the text and the appendix give the defence quota to the same audience."""
    line = edit.line_of("plan_figures.csv", figure_id="qpan_audience_text")
    edit.cell("plan_figures.csv", line, "audience", "Đối tượng 2")
    assert audience_mismatch(load_inputs(data_copy)) == []


def test_quotas_no_longer_provisional_are_not_flagged(data_copy, edit):
    """It stays quiet once no quota line is marked provisional."""
    for year in ("2023", "2024", "2025"):
        for target in ("cao_cap", "cao_cap_tt", "cao_cap_ktt"):
            edit.cell("caps.csv", edit.line_of("caps.csv", year=year, target=target), "provisional", "false")
    assert provisional_quota(load_inputs(data_copy)) == []


def test_caps_without_a_provisional_column_have_no_provisional_quota(data_copy, edit):
    """It reads a caps.csv without the optional provisional column as nothing provisional."""
    edit.drop_column("caps.csv", "provisional")
    assert provisional_quota(load_inputs(data_copy)) == []


def test_one_provisional_line_is_flagged_for_its_year_only(data_copy, edit):
    """It names the single year of a lone provisional quota line."""
    for year in ("2023", "2024", "2025"):
        for target in ("cao_cap", "cao_cap_tt", "cao_cap_ktt"):
            edit.cell("caps.csv", edit.line_of("caps.csv", year=year, target=target), "provisional", "")
    edit.cell("caps.csv", edit.line_of("caps.csv", year="2024", target="thac_si", block="party"), "provisional", "có")
    found = _by_subject(provisional_quota(load_inputs(data_copy)))
    assert list(found) == ["thac_si"] and found["thac_si"][0].startswith("2024 quotas")


# --- assumed quotas (a province's plan on the map since 2025) -------------------------------------------------

NINH_BINH = REPO / "data" / "ninh_binh_2026_2030"


def test_bundled_nam_dinh_quotas_are_published_not_assumed(bundled):
    """It stays quiet on 98-KH/TU's own lines, which carry no assumed column."""
    assert plan_checks.assumed_quota(bundled) == []


def test_assumed_ninh_binh_quotas_are_flagged_with_their_rule():
    """It names how many lines are assumed, the years, and the scaling rule written in their source."""
    (warning,) = plan_checks.assumed_quota(load_inputs(NINH_BINH))
    assert warning.code == "assumed_quota"
    assert "150 quota lines for 2026–2030 are assumed" in warning.message
    assert "404/175 former communes" in warning.message and "28/35 provincial units" in warning.message


def test_lines_marked_assumed_are_flagged_even_without_a_stated_rule(data_copy, edit):
    """It counts the lines marked assumed (here the nine advanced-theory lines) and their years."""
    edit.rename_column("caps.csv", "provisional", "assumed")
    (warning,) = plan_checks.assumed_quota(load_inputs(data_copy))
    assert warning.message.startswith("9 quota lines for 2023–2025 are assumed, not published;")


def test_named_cadres_judged_by_a_pending_age_floor_are_warned_about_in_both_languages(bundled):
    """Under 350-QĐ/TW the advanced part-time floor is 57's stand-in (status pending): the loader says so."""
    _, judged = api.variant(api.SCENARIOS / "nam_dinh_cadres.yaml", "under_350", regulation="350-QĐ/TW")
    (warning,) = plan_checks.pending_eligibility(judged)
    assert warning.code == "pending_eligibility" and "cao_cap part-time women 38 / men 40" in warning.message
    assert "cao_cap không tập trung nữ 38 / nam 40" in warning.message_vi
    assert "pending_eligibility" in {w.code for w in judged.warnings}
    _, in_force = api.variant(api.SCENARIOS / "nam_dinh_cadres.yaml", "under_57")
    assert plan_checks.pending_eligibility(in_force) == []
    assert plan_checks.pending_eligibility(bundled) == []
