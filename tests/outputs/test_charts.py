"""Tests of optimizer/charts.py: figures for a full, a single-unit and an empty result in both languages, the
units below target on a hand-computed case, the stacked seats chart's bars and family quotas, and layout."""

from __future__ import annotations

import dataclasses

import matplotlib
import numpy as np
import pandas as pd
import pytest
from chart_words import english_words
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from sample_plans import (
    YEARS,
    bundled_inputs,
    empty_allocation,
    greedy_allocation,
    single_unit_allocation,
)

from optimizer import encode
from optimizer.outputs import chart_style, charts, report, result_charts
from optimizer.words import names

SINGLE_UNIT = "my_loc"


@pytest.fixture(scope="module")
def inputs():
    return bundled_inputs()


@pytest.fixture(scope="module")
def plans(inputs):
    return {"greedy": greedy_allocation(inputs), "empty": empty_allocation(),
            "single_unit": single_unit_allocation(inputs, SINGLE_UNIT)}


def drawn(fig: Figure) -> Figure:
    """Lay out and render the figure, as saving it would, so drawing errors and overlaps show."""
    FigureCanvasAgg(fig).draw()
    return fig


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def by_gid(fig: Figure, prefix: str) -> dict:
    """Artists whose gid starts with ``prefix``, by gid."""
    return {a.get_gid(): a for a in fig.findobj(lambda a: str(a.get_gid() or "").startswith(prefix))}


# --- every chart, every kind of result, both languages -------------------------------------------------------


def chart(which: str, case: str, inputs, plans, lang: str) -> Figure:
    """The chart ``which`` of a full result (greedy), a single unit's result, an empty allocation, or a table
    without rows."""
    plan = plans["empty" if case == "no_rows" else case]
    years = () if case == "no_rows" else YEARS
    if which == "coverage":
        return result_charts.coverage_chart(report.cumulative_coverage(plan, inputs, years), inputs, lang=lang)
    if which == "seats":
        return result_charts.seats_chart(report.seats_by_course(plan, inputs, years), inputs, lang=lang)
    coverage = report.coverage_table(plan, inputs)
    if case == "single_unit":
        coverage = coverage[coverage["unit_id"] == SINGLE_UNIT]
    if case == "no_rows":
        coverage = coverage.iloc[0:0]
    return result_charts.coverage_by_unit_chart(coverage, inputs, lang=lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("case", ["greedy", "single_unit", "empty", "no_rows"])
@pytest.mark.parametrize("which", ["coverage", "seats", "coverage_by_unit"])
def test_every_chart_returns_a_drawable_figure_for_full_single_unit_and_empty_results_in_both_languages(
        inputs, plans, which, case, lang):
    """Each chart function gives a Figure that renders, titled in the requested language."""
    fig = drawn(chart(which, case, inputs, plans, lang))
    assert isinstance(fig, Figure)
    title = fig._suptitle.get_text()
    assert title and (any(c in title for c in "ốộậủỹ") if lang == "vi" else title.isascii())


@pytest.mark.parametrize("which", ["seats", "coverage_by_unit"])
def test_chart_of_a_table_without_rows_says_there_is_no_data(inputs, plans, which):
    """A table with no rows gives a figure that says so, in Vietnamese or English."""
    assert "Không có số liệu" in texts(drawn(chart(which, "no_rows", inputs, plans, "vi")))
    assert "No data" in texts(drawn(chart(which, "no_rows", inputs, plans, "en")))


# --- coverage against targets --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["greedy", "empty", "single_unit"])
def test_coverage_chart_returns_a_figure_with_one_panel_per_political_theory_family(inputs, plans, name):
    """Each allocation gives a drawable figure with a panel for Cao cấp and one for Trung cấp."""
    fig = drawn(result_charts.coverage_chart(report.cumulative_coverage(plans[name], inputs, YEARS), inputs))
    assert [ax.get_title() for ax in fig.axes] == ["Cao cấp lý luận chính trị", "Trung cấp lý luận chính trị"]


def test_coverage_chart_draws_a_share_line_and_a_target_line_per_tier(inputs, plans):
    """Per panel: 4 tiers × (plan line + dashed target line), with y ticks from 0 % to 100 %."""
    fig = drawn(result_charts.coverage_chart(report.cumulative_coverage(plans["greedy"], inputs, YEARS), inputs))
    for ax in fig.axes:
        styles = [line.get_linestyle() for line in ax.get_lines()]
        assert styles.count("-") == 4 and styles.count("--") == 4
        assert [t.get_text() for t in ax.get_xticklabels()] == ["2023", "2024", "2025"]
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] == "0%" and labels[-1] == "100%"


def test_coverage_chart_sets_a_plan_only_against_the_targets_of_its_own_years(inputs, plans):
    """A later term's plan (2026–2028) is not drawn beside the 2023–2025 targets: no target line, no legend entry."""
    cumulative = report.cumulative_coverage(plans["greedy"], inputs, YEARS)
    later = cumulative.assign(year=cumulative["year"] + 3, target_share=np.nan)
    fig = drawn(result_charts.coverage_chart(later, inputs))
    for ax in fig.axes:
        assert [line.get_linestyle() for line in ax.get_lines()].count("--") == 0
        assert [t.get_text() for t in ax.get_xticklabels()] == ["2026", "2027", "2028"]
    assert "Mục tiêu" not in [t.get_text() for t in fig.legends[0].get_texts()]


def test_coverage_chart_labels_are_vietnamese_by_default_and_english_on_request(inputs, plans):
    """Title, tier names and axis labels follow lang."""
    cumulative = report.cumulative_coverage(plans["greedy"], inputs, YEARS)
    vi = texts(drawn(result_charts.coverage_chart(cumulative, inputs)))
    en = texts(drawn(result_charts.coverage_chart(cumulative, inputs, lang="en")))
    assert "Đương chức chưa đạt chuẩn" in vi and "Mục tiêu" in vi and "Năm khai giảng" in vi
    assert "Serving leaders below the required standard" in en and "Target" in en
    assert not any("Mục tiêu" in t for t in en)


# --- coverage per unit against targets -----------------------------------------------------------------------

# A hand-made coverage table. The 2025 targets are serving 1.0, key_post 1.0, leader_pool 0.8, source_pool 0.5.
#   cao_cap:   tp_nam_dinh 3/4 = 75 % against (2·1.0 + 2·0.5)/4 = 75 %  -> on target (equal is not below)
#              my_loc      3/5 = 60 % against 0.8                      -> below
#              vu_ban      1/1 = 100 % against 1.0                     -> on target
#   trung_cap: y_yen       3/4 = 75 % against 1.0                      -> below
#              nam_truc    5/10 = 50 % against 0.5                     -> on target
#   thac_si (a degree family) is left out of the political-theory chart.
HAND = [("tp_nam_dinh", "cao_cap", "serving", 2, 2), ("tp_nam_dinh", "cao_cap", "source_pool", 2, 1),
        ("my_loc", "cao_cap", "leader_pool", 5, 3), ("vu_ban", "cao_cap", "key_post", 1, 1),
        ("y_yen", "trung_cap", "serving", 4, 3), ("nam_truc", "trung_cap", "source_pool", 10, 5),
        ("tp_nam_dinh", "thac_si", "serving", 3, 0)]
HAND_TARGETS = {"cao_cap": {"tp_nam_dinh": 75.0, "my_loc": 80.0, "vu_ban": 100.0},
                "trung_cap": {"y_yen": 100.0, "nam_truc": 50.0}}
HAND_BELOW = {("cao_cap", "my_loc"), ("trung_cap", "y_yen")}


@pytest.fixture(scope="module")
def hand_coverage():
    table = pd.DataFrame.from_records(HAND, columns=["unit_id", "family", "tier", "demand", "allocated"])
    return table.assign(share=(table["allocated"] / table["demand"]).round(4))


def test_coverage_by_unit_chart_marks_exactly_the_units_below_their_target(inputs, hand_coverage):
    """Vermillion bars for the units below target, blue for the others (on target counts as met)."""
    fig = drawn(result_charts.coverage_by_unit_chart(hand_coverage, inputs))
    bars = by_gid(fig, "unit-")
    assert set(bars) == {f"unit-{f}-{u}" for f, units in HAND_TARGETS.items() for u in units}
    for family, units in HAND_TARGETS.items():
        for unit in units:
            colour = to_hex(bars[f"unit-{family}-{unit}"].get_facecolor())
            expected = chart_style.BELOW_COLOUR if (family, unit) in HAND_BELOW else chart_style.MET_COLOUR
            assert colour.lower() == expected.lower(), (family, unit)


def test_coverage_by_unit_chart_bars_are_shares_sorted_lowest_first_with_the_demand_weighted_target(
        inputs, hand_coverage):
    """One panel per political-theory family; bar lengths are Σseats/Σdemand, lowest on top; the target ticks
    sit at the hand-computed demand-weighted 2025 targets."""
    fig = drawn(result_charts.coverage_by_unit_chart(hand_coverage, inputs))
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in axes] == ["Cao cấp lý luận chính trị", "Trung cấp lý luận chính trị"]
    names = charts.names(inputs.units)
    assert [t.get_text() for t in axes[0].get_yticklabels()] == [names[u] for u in ("my_loc", "tp_nam_dinh", "vu_ban")]
    bars = by_gid(fig, "unit-")
    assert bars["unit-cao_cap-tp_nam_dinh"].get_width() == pytest.approx(75.0)
    assert bars["unit-trung_cap-nam_truc"].get_width() == pytest.approx(50.0)
    for ax, (family, expected) in zip(axes, HAND_TARGETS.items()):
        ticks = by_gid(fig, f"target-{family}")[f"target-{family}"]
        order = [t.get_text() for t in ax.get_yticklabels()]
        found = {order[int(y)]: x for x, y in zip(ticks.get_xdata(), ticks.get_ydata())}
        assert found == pytest.approx({names[u]: v for u, v in expected.items()})


def test_coverage_by_unit_chart_legend_names_the_below_target_colour_in_either_language(inputs, hand_coverage):
    """The legend has "Dưới mục tiêu" (vi, the default) or "Below target" (en), and the units' names follow lang."""
    vi = drawn(result_charts.coverage_by_unit_chart(hand_coverage, inputs))
    en = drawn(result_charts.coverage_by_unit_chart(hand_coverage, inputs, lang="en"))
    assert "Dưới mục tiêu" in [t.get_text() for t in vi.legends[0].get_texts()]
    assert "Below target" in [t.get_text() for t in en.legends[0].get_texts()]
    assert "Huyện ủy Mỹ Lộc" in texts(vi) and "My Loc District Party Committee" in texts(en)


def test_coverage_by_unit_chart_without_targets_draws_no_target_and_no_unit_below(inputs, hand_coverage):
    """With an empty targets table every bar has the plain colour and there is no target tick."""
    no_targets = dataclasses.replace(inputs, targets=inputs.targets.iloc[0:0])
    fig = drawn(result_charts.coverage_by_unit_chart(hand_coverage, no_targets, lang="en"))
    assert not by_gid(fig, "target-")
    assert {to_hex(b.get_facecolor()) for b in by_gid(fig, "unit-").values()} == {chart_style.MET_COLOUR.lower()}
    assert "Below target" not in [t.get_text() for t in fig.legends[0].get_texts()]


def test_coverage_by_unit_chart_of_the_full_plan_has_a_bar_per_unit_with_demand(inputs, plans):
    """45 units with political-theory demand: 45 bars in each of the two panels."""
    coverage = report.coverage_table(plans["greedy"], inputs)
    fig = drawn(result_charts.coverage_by_unit_chart(coverage, inputs))
    for family in ("cao_cap", "trung_cap"):
        assert len(by_gid(fig, f"unit-{family}-")) == coverage.loc[coverage["family"] == family, "unit_id"].nunique()


def test_coverage_by_unit_chart_shows_the_families_of_the_chosen_group_and_refuses_an_unknown_group(inputs, plans):
    """group="degree" gives a panel for Thạc sĩ and one for Tiến sĩ; a group no family has is a ValueError."""
    coverage = report.coverage_table(plans["greedy"], inputs)
    fig = drawn(result_charts.coverage_by_unit_chart(coverage, inputs, group="degree"))
    assert [ax.get_title() for ax in fig.axes if ax.get_visible()] == ["Thạc sĩ", "Tiến sĩ"]
    with pytest.raises(ValueError, match="no family of group 'diploma'"):
        result_charts.coverage_by_unit_chart(coverage, inputs, group="diploma")


# --- seats against quotas ------------------------------------------------------------------------------------

# The bundled plan's family quotas, by hand from caps.csv: Cao cấp 90 (its own line), Trung cấp 250 (the tighter of
# its own lines 250 and 300), Thạc sĩ 15 + 20 and Tiến sĩ 5 + 10 (each block's line, summed).
FAMILY_QUOTAS = {"cao_cap": 90, "trung_cap": 250, "thac_si": 35, "tien_si": 15}
STACKS = {"cao_cap": ["cao_cap_tt", "cao_cap_ktt"], "trung_cap": ["trung_cap_tt", "trung_cap_ktt"],
          "thac_si": ["thac_si"], "tien_si": ["tien_si"]}


def quota_lines(fig: Figure) -> dict[str, list[tuple[float, float]]]:
    """Per family: (bar centre, quota) of each quota line."""
    return {gid.removeprefix("quota-"): [((s[0][0] + s[1][0]) / 2, s[0][1]) for s in lines.get_segments()]
            for gid, lines in by_gid(fig, "quota-").items()}


def test_seats_chart_stacks_each_familys_courses_with_bar_heights_equal_to_the_seats(inputs, plans):
    """One bar segment per (course, year), its height the table's seats; full-time at the bottom, part-time on it."""
    table = report.seats_by_course(plans["greedy"], inputs, YEARS)
    fig = drawn(result_charts.seats_chart(table, inputs))
    bars = by_gid(fig, "seats-")
    seats = table.set_index(["year", "course_id"])["seats"]
    assert len(bars) == sum(len(c) for c in STACKS.values()) * len(YEARS)
    for year in YEARS:
        for courses in STACKS.values():
            bottom = 0.0
            for course in courses:
                bar = bars[f"seats-{course}-{year}"]
                assert bar.get_height() == seats.get((year, course), 0)
                assert bar.get_y() == pytest.approx(bottom)
                bottom += bar.get_height()


def test_seats_chart_marks_each_familys_quota_per_year(inputs, plans):
    """A quota line per family and year at the hand-computed family quota, centred on the family's bar."""
    fig = drawn(result_charts.seats_chart(report.seats_by_course(plans["greedy"], inputs, YEARS), inputs))
    lines, bars = quota_lines(fig), by_gid(fig, "seats-")
    assert {family: [q for _, q in marks] for family, marks in lines.items()} == {
        family: [quota] * len(YEARS) for family, quota in FAMILY_QUOTAS.items()}
    for family, marks in lines.items():
        for (x, _), year in zip(marks, YEARS):
            bar = bars[f"seats-{STACKS[family][0]}-{year}"]
            assert x == pytest.approx(bar.get_x() + bar.get_width() / 2)


def test_seats_chart_falls_back_to_the_sum_of_the_courses_quotas_without_a_family_line(inputs, plans):
    """Without Cao cấp's own line its quota is the sum of its courses' quotas in the table (here 30 + 50)."""
    no_family_line = dataclasses.replace(inputs, caps=inputs.caps[inputs.caps["target"] != "cao_cap"])
    table = report.seats_by_course(plans["greedy"], no_family_line, YEARS)
    table.loc[table["course_id"] == "cao_cap_tt", "quota"] = 30
    lines = quota_lines(drawn(result_charts.seats_chart(table, no_family_line)))
    assert [q for _, q in lines["cao_cap"]] == [80] * len(YEARS)


def test_seats_chart_shows_and_labels_use_above_and_below_the_quota(inputs, plans):
    """Seats over the quota get a box from the quota up to the total, seats under it a box up to the quota, and
    each bar is labelled "seats / quota"; the legend names both boxes."""
    table = report.seats_by_course(plans["greedy"], inputs, YEARS)
    table.loc[(table["year"] == 2023) & (table["course_id"] == "cao_cap_tt"), "seats"] = 60  # 60 + 50 = 110 > 90
    table.loc[(table["year"] == 2024) & (table["course_id"] == "trung_cap_ktt"), "seats"] = 100  # 125 + 100 < 250
    fig = drawn(result_charts.seats_chart(table, inputs, lang="en"))
    over, unused = by_gid(fig, "over-"), by_gid(fig, "unused-")
    assert list(over) == ["over-cao_cap-2023"] and list(unused) == ["unused-trung_cap-2024"]
    assert (over["over-cao_cap-2023"].get_y(), over["over-cao_cap-2023"].get_height()) == (90, 20)
    assert (unused["unused-trung_cap-2024"].get_y(), unused["unused-trung_cap-2024"].get_height()) == (225, 25)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "110 / 90" in labels and "225 / 250" in labels and labels.count("35 / 35") == len(YEARS)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Over the quota" in legend and "Quota not used" in legend


def test_seats_chart_legend_names_the_courses_and_the_family_quota_in_either_language(inputs, plans):
    """Course names in the legend in stacking order, then the quota line; the year and family labels follow lang."""
    table = report.seats_by_course(plans["greedy"], inputs, YEARS)
    vi, en = drawn(result_charts.seats_chart(table, inputs)), drawn(result_charts.seats_chart(table, inputs, lang="en"))
    legend = [t.get_text() for t in vi.legends[0].get_texts()]
    names = charts.names(inputs.courses)
    assert legend[:6] == [names[c] for courses in STACKS.values() for c in courses]
    assert legend[6] == "Chỉ tiêu số chỗ của loại hình đào tạo"
    assert "Seat quota of the course family" in [t.get_text() for t in en.legends[0].get_texts()]
    assert {"2023", "2024", "2025"} <= set(texts(vi))
    assert "Thạc sĩ" in texts(vi) and "Master's\ndegree" in texts(en)


# --- layout and global state ---------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["coverage", "seats", "coverage_by_unit"])
def test_chart_legend_and_title_do_not_overlap_the_plot(inputs, plans, which):
    """After layout the legend and the title sit outside every axes."""
    fig = drawn(chart(which, "greedy", inputs, plans, "vi"))
    renderer = fig.canvas.get_renderer()
    legend = fig.legends[0].get_window_extent(renderer)
    title = fig._suptitle.get_window_extent(renderer)
    for ax in fig.axes:
        if ax.get_visible():
            box = ax.get_tightbbox(renderer)
            assert not legend.overlaps(box) and not title.overlaps(box)


def test_seats_chart_value_labels_do_not_overlap_each_other(inputs, plans):
    """The "seats / quota" labels above neighbouring bars do not collide."""
    fig = drawn(result_charts.seats_chart(report.seats_by_course(plans["greedy"], inputs, YEARS), inputs))
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts]
    assert boxes
    for i, a in enumerate(boxes):
        assert not any(a.overlaps(b) for b in boxes[i + 1:])


def test_charts_leave_global_matplotlib_settings_untouched(inputs, plans):
    """Building every chart changes no rcParams."""
    before = dict(matplotlib.rcParams)
    for which in ("coverage", "seats", "coverage_by_unit"):
        drawn(chart(which, "greedy", inputs, plans, "vi"))
    assert dict(matplotlib.rcParams) == before


# --- every chart in the planner's language -------------------------------------------------------------------


def sensitivity_table() -> pd.DataFrame:
    """Three quota variants that each cover someone more: a course with a block, a family, one class."""
    return pd.DataFrame({
        "year": [2023, 2024, 2025], "target": ["cao_cap_tt", "trung_cap", "trung_cap_ktt"],
        "block": ["party", "all", "government"], "change": ["one_more_seat", "one_more_seat", "one_more_class"],
        "delta[serving]": [1, 0, 0], "delta[key_post]": [0, 1, 20], "delta_total": [1, 1, 20]})


def properties_summary() -> pd.DataFrame:
    return pd.DataFrame({"plan": ["baseline", "baseline-hamilton", "baseline-webster"],
                         "kind": ["solve", "method:hamilton", "method:webster"],
                         "quota_violations": [12, 3, 4], "house_paradoxes": [pd.NA, 2, 0]})


def every_chart(inputs, plans, lang: str) -> dict[str, Figure]:
    """Every chart a planner gets in a result folder, a sensitivity and a properties report, drawn in ``lang``."""
    figures = {which: chart(which, "greedy", inputs, plans, lang) for which in ("coverage", "seats",
                                                                                 "coverage_by_unit")}
    figures["coverage_by_unit_without_targets"] = result_charts.coverage_by_unit_chart(
        report.coverage_table(plans["greedy"], inputs), dataclasses.replace(inputs, targets=inputs.targets.iloc[:0]),
        lang=lang)
    targets = {**names(inputs.courses, lang), **names(inputs.families, lang)}
    figures["sensitivity"] = charts.sensitivity_chart(sensitivity_table(), inputs.tiers, lang=lang, targets=targets)
    figures["sensitivity_none"] = charts.sensitivity_chart(sensitivity_table().iloc[:0], inputs.tiers, lang=lang)
    figures["properties"] = charts.properties_chart(properties_summary(), span=3, lang=lang)
    return {name: drawn(fig) for name, fig in figures.items()}


def test_every_chart_speaks_vietnamese_by_default_with_no_english_word_left(inputs, plans):
    """Titles, axis labels, legends, notes and value labels of every chart: no English word in Vietnamese."""
    for name, fig in every_chart(inputs, plans, "vi").items():
        assert english_words(fig) == [], name


def test_every_chart_speaks_english_on_request(inputs, plans):
    for name, fig in every_chart(inputs, plans, "en").items():
        assert english_words(fig), name


def test_properties_chart_names_the_classic_methods_and_the_optimised_plan(inputs, plans):
    vi = every_chart(inputs, plans, "vi")["properties"]
    assert [t.get_text() for t in vi.axes[0].get_yticklabels()] == [
        "Phương án tối ưu hóa (baseline)", "Phương pháp Hamilton (phần dư lớn nhất)",
        "Phương pháp Webster (Sainte-Laguë, làm tròn gần nhất)"]
    twice = properties_summary().assign(kind=["solve", "method:hamilton", "method:hamilton"])
    labels = [t.get_text() for t in drawn(charts.properties_chart(twice, span=3, lang="en")).axes[0].get_yticklabels()]
    assert labels[1:] == ["Hamilton method (largest remainder) (baseline-hamilton)",
                          "Hamilton method (largest remainder) (baseline-webster)"]


def test_chart_bytes_are_the_same_on_every_drawing(inputs, plans):
    first = {name: encode.png_bytes(fig) for name, fig in every_chart(inputs, plans, "vi").items()}
    again = {name: encode.png_bytes(fig) for name, fig in every_chart(inputs, plans, "vi").items()}
    assert first == again
