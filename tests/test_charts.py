"""Tests of optimizer/charts.py: figures for a full, an empty and a single-unit allocation, drawn without overlap."""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from optimizer import charts, report
from sample_plans import YEARS, bundled_inputs, empty_allocation, greedy_allocation, single_unit_allocation


@pytest.fixture(scope="module")
def inputs():
    return bundled_inputs()


@pytest.fixture(scope="module")
def plans(inputs):
    return {"greedy": greedy_allocation(inputs), "empty": empty_allocation(),
            "single_unit": single_unit_allocation(inputs)}


def drawn(fig: Figure) -> Figure:
    """Lay out and render the figure, as saving it would, so drawing errors and overlaps show."""
    FigureCanvasAgg(fig).draw()
    return fig


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


@pytest.mark.parametrize("name", ["greedy", "empty", "single_unit"])
def test_coverage_chart_returns_a_figure_with_one_panel_per_political_theory_family(inputs, plans, name):
    """Each allocation gives a drawable figure with a panel for Cao cấp and one for Trung cấp."""
    fig = drawn(charts.coverage_chart(report.cumulative_coverage(plans[name], inputs, YEARS), inputs))
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in fig.axes] == ["Cao cấp lý luận chính trị", "Trung cấp lý luận chính trị"]


@pytest.mark.parametrize("name", ["greedy", "empty", "single_unit"])
def test_seats_chart_returns_a_figure_for_every_allocation(inputs, plans, name):
    """Each allocation gives a drawable figure with one axes."""
    fig = drawn(charts.seats_chart(report.seats_by_course(plans[name], inputs, YEARS), inputs))
    assert isinstance(fig, Figure) and len(fig.axes) == 1


def test_coverage_chart_draws_a_share_line_and_a_target_line_per_tier(inputs, plans):
    """Per panel: 4 tiers × (plan line + dashed target line), with y ticks from 0 % to 100 %."""
    fig = drawn(charts.coverage_chart(report.cumulative_coverage(plans["greedy"], inputs, YEARS), inputs))
    for ax in fig.axes:
        styles = [line.get_linestyle() for line in ax.get_lines()]
        assert styles.count("-") == 4 and styles.count("--") == 4
        assert [t.get_text() for t in ax.get_xticklabels()] == ["2023", "2024", "2025"]
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] == "0%" and labels[-1] == "100%"


def test_coverage_chart_labels_are_vietnamese_by_default_and_english_on_request(inputs, plans):
    """Title, tier names and axis labels follow lang."""
    cumulative = report.cumulative_coverage(plans["greedy"], inputs, YEARS)
    vi = texts(drawn(charts.coverage_chart(cumulative, inputs)))
    en = texts(drawn(charts.coverage_chart(cumulative, inputs, lang="en")))
    assert "Đương chức chưa đạt chuẩn" in vi and "Mục tiêu" in vi and "Năm khai giảng" in vi
    assert "Serving leaders below the required standard" in en and "Target" in en
    assert not any("Mục tiêu" in t for t in en)


def test_seats_chart_has_a_bar_per_course_and_year_and_a_quota_mark_per_course_with_a_quota(inputs, plans):
    """6 political-theory and degree courses × 3 years of bars; the 4 courses with a seat quota get quota marks."""
    fig = drawn(charts.seats_chart(report.seats_by_course(plans["greedy"], inputs, YEARS), inputs))
    ax = fig.axes[0]
    assert len(ax.patches) == 6 * 3
    assert len(ax.collections) == 4  # one hlines collection per course with a quota
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[0] == "Cao cấp LLCT hệ tập trung"
    assert any(label.startswith("Trung cấp LLCT hệ tập trung") and "không có chỉ tiêu" in label for label in legend)


def test_seats_chart_of_a_table_without_rows_shows_a_message(inputs):
    """A table with no rows gives a figure that says there is no data."""
    table = report.seats_by_course(empty_allocation(), inputs, ())
    assert "Không có số liệu" in texts(drawn(charts.seats_chart(table, inputs)))


@pytest.mark.parametrize("which", ["coverage", "seats"])
def test_chart_legend_and_title_do_not_overlap_the_plot(inputs, plans, which):
    """After layout the legend and the title sit outside every axes."""
    if which == "coverage":
        fig = charts.coverage_chart(report.cumulative_coverage(plans["greedy"], inputs, YEARS), inputs)
    else:
        fig = charts.seats_chart(report.seats_by_course(plans["greedy"], inputs, YEARS), inputs)
    drawn(fig)
    renderer = fig.canvas.get_renderer()
    legend = fig.legends[0].get_window_extent(renderer)
    title = fig._suptitle.get_window_extent(renderer)
    for ax in fig.axes:
        box = ax.get_tightbbox(renderer)
        assert not legend.overlaps(box) and not title.overlaps(box)


def test_seats_chart_value_labels_do_not_overlap_each_other(inputs, plans):
    """The seat counts written above neighbouring bars do not collide."""
    fig = drawn(charts.seats_chart(report.seats_by_course(plans["greedy"], inputs, YEARS), inputs))
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts]
    assert boxes
    for i, a in enumerate(boxes):
        assert not any(a.overlaps(b) for b in boxes[i + 1:])


def test_charts_leave_global_matplotlib_settings_untouched(inputs, plans):
    """Building both charts changes no rcParams."""
    before = dict(matplotlib.rcParams)
    charts.coverage_chart(report.cumulative_coverage(plans["greedy"], inputs, YEARS), inputs)
    charts.seats_chart(report.seats_by_course(plans["greedy"], inputs, YEARS), inputs)
    assert dict(matplotlib.rcParams) == before
