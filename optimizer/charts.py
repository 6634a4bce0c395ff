"""Charts of a result: tables in, a matplotlib ``Figure`` out.

Figures are built with ``matplotlib.figure.Figure`` directly, never pyplot, so no global figure registry or
rcParams are touched and the functions are safe in a library, a test or a server. Fonts are passed per call:
DejaVu Sans (matplotlib's bundled default) has every Vietnamese diacritic, so labels render on any machine.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

from .data import Inputs
from .report import check_lang, names

FONT = "DejaVu Sans"
TITLE = {"family": FONT, "size": 13, "weight": "bold"}
SUBTITLE = {"family": FONT, "size": 11}
LABEL = {"family": FONT, "size": 10}
SMALL = {"family": FONT, "size": 8}
TICK_SIZE = 9
# Colour-blind-safe (Okabe–Ito) colours, one per tier in rank order.
TIER_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
# Per family a dark and a light shade, so a family's full-time and part-time courses read as one family.
FAMILY_SHADES = (("#1f4e79", "#7fa7d3"), ("#a33a00", "#f0a070"), ("#2e7d32", "#9ccc9c"), ("#6a3d9a", "#cab2d6"),
                 ("#8c6d00", "#e6c85c"), ("#555555", "#b0b0b0"))
CHART_GROUPS = ("political_theory", "degree")
THOUSANDS = {"vi": ".", "en": ","}  # 1.200 in Vietnamese, 1,200 in English

TEXT = {
    "vi": {
        "coverage_title": "Tiến độ đáp ứng nhu cầu đào tạo lý luận chính trị so với mục tiêu",
        "coverage_y": "Tỷ lệ nhu cầu đã bố trí (lũy kế)",
        "year": "Năm khai giảng",
        "allocated": "Đã bố trí (lũy kế)",
        "target": "Mục tiêu",
        "no_data": "Không có số liệu",
        "no_family": "Không có loại hình lý luận chính trị trong dữ liệu",
        "seats_title": "Số chỗ học lý luận chính trị và sau đại học theo năm, so với chỉ tiêu",
        "seats_y": "Số chỗ học",
        "quota": "Chỉ tiêu số chỗ của khóa",
        "no_quota": "không có chỉ tiêu số chỗ riêng",
    },
    "en": {
        "coverage_title": "Political theory training: progress against targets",
        "coverage_y": "Share of demand given a seat (cumulative)",
        "year": "Start year",
        "allocated": "Allocated (cumulative)",
        "target": "Target",
        "no_data": "No data",
        "no_family": "No political theory family in the data",
        "seats_title": "Political theory and postgraduate seats by year, against quotas",
        "seats_y": "Seats",
        "quota": "Course seat quota",
        "no_quota": "no seat quota of its own",
    },
}


def _style_axes(ax) -> None:
    ax.tick_params(labelsize=TICK_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)


def _message(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontproperties=LABEL, color="#666666")


# --- coverage against targets --------------------------------------------------------------------------------


def _year_ticks(ax, years: list[int]) -> None:
    if years:
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_xlim(years[0] - 0.4, years[-1] + 0.4)


def coverage_chart(cumulative: pd.DataFrame, inputs: Inputs, lang: str = "vi") -> Figure:
    """Cumulative coverage per tier against the targets, one panel per political-theory family.

    ``cumulative`` is ``report.cumulative_coverage``. Solid lines are the plan's shares, dashed lines with open
    markers the targets of targets.csv, in the tier's colour; the y axis runs from 0 to 100 %.
    """
    text = TEXT[check_lang(lang)]
    families = inputs.families.index[inputs.families["group"] == "political_theory"].tolist()
    fig = Figure(figsize=(5.0 * max(1, len(families)) + 1.0, 5.4), layout="constrained")
    axes = fig.subplots(1, max(1, len(families)), sharey=True, squeeze=False)[0]
    tier_names = names(inputs.tiers, lang)
    colours = {tier: TIER_COLOURS[i % len(TIER_COLOURS)] for i, tier in enumerate(inputs.tiers.index)}
    targets = inputs.targets
    years = sorted({int(y) for y in cumulative["year"]} | {int(y) for y in targets["year"]})
    for ax, family in zip(axes, families):
        drawn = _coverage_panel(ax, cumulative, targets, family, colours)
        ax.set_title(names(inputs.families, lang)[family], fontproperties=SUBTITLE)
        if not drawn:
            _message(ax, text["no_data"])
        _year_ticks(ax, years)
        ax.set_xlabel(text["year"], fontproperties=LABEL)
    if not families:
        _message(axes[0], text["no_family"])
    axes[0].set_ylim(0, 105)
    axes[0].set_yticks(np.arange(0, 101, 20))
    axes[0].yaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    axes[0].set_ylabel(text["coverage_y"], fontproperties=LABEL)
    for ax in axes:
        _style_axes(ax)
    handles = [Line2D([], [], color=colours[t], linewidth=2.5, label=tier_names[t]) for t in inputs.tiers.index]
    handles += [Line2D([], [], color="#333333", linewidth=2, marker="o", label=text["allocated"]),
                Line2D([], [], color="#333333", linewidth=1.2, linestyle="--", marker="D", markerfacecolor="white",
                       label=text["target"])]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, prop=SMALL, frameon=False)
    fig.suptitle(text["coverage_title"], fontproperties=TITLE)
    return fig


def _coverage_panel(ax, cumulative: pd.DataFrame, targets: pd.DataFrame, family: str, colours: dict) -> bool:
    """Draw one family's lines; return whether anything was drawn."""
    drawn = False
    for i, (tier, colour) in enumerate(colours.items()):
        # Tiers often share a value (same target, or all at 0 %): markers shrink with rank and later tiers are
        # drawn on top, so coinciding points show as concentric rings instead of hiding one another.
        size = max(3.0, 9.0 - 1.5 * i)
        shares = cumulative[(cumulative["family"] == family) & (cumulative["tier"] == tier)].sort_values("year")
        if len(shares):
            ax.plot(shares["year"].astype(int), shares["share"].astype(float) * 100, color=colour, linewidth=2.2,
                    marker="o", markersize=size, clip_on=False, zorder=3 + i)
            drawn = True
        goal = targets[(targets["family"] == family) & (targets["tier"] == tier)].sort_values("year")
        if len(goal):
            ax.plot(goal["year"].astype(int), goal["target_share"].astype(float) * 100, color=colour, linewidth=1.2,
                    linestyle="--", marker="D", markersize=size, markerfacecolor="white", markeredgewidth=1.4,
                    clip_on=False, zorder=2 + i)
            drawn = True
    return drawn


# --- seats against quotas ------------------------------------------------------------------------------------


def _chart_courses(seats: pd.DataFrame, inputs: Inputs) -> list[str]:
    """Political-theory and degree courses present in the table, in file order."""
    groups = inputs.courses["family"].map(inputs.families["group"])
    wanted = inputs.courses.index[groups.isin(CHART_GROUPS)]
    present = set(seats["course_id"])
    return [c for c in wanted if c in present]


def _course_colours(courses: list[str], inputs: Inputs) -> dict[str, str]:
    families = list(dict.fromkeys(inputs.courses.loc[courses, "family"]))
    colours, used = {}, {f: 0 for f in families}
    for course in courses:
        family = inputs.courses.loc[course, "family"]
        shades = FAMILY_SHADES[families.index(family) % len(FAMILY_SHADES)]
        colours[course] = shades[min(used[family], len(shades) - 1)]
        used[family] += 1
    return colours


def seats_chart(seats_by_course: pd.DataFrame, inputs: Inputs, lang: str = "vi") -> Figure:
    """Seats per course and year for political-theory and degree courses, with each course's seat quota.

    ``seats_by_course`` is ``report.seats_by_course``. Each year is a group of bars, one per course (coloured by
    family, dark for the first course of a family, light for the second); a black line marks the course's quota.
    Courses are side by side rather than stacked so that each course's quota can be read against its own bar.
    """
    text = TEXT[check_lang(lang)]
    courses = _chart_courses(seats_by_course, inputs)
    fig = Figure(figsize=(10.5, 6.4), layout="constrained")
    ax = fig.subplots()
    _style_axes(ax)
    fig.suptitle(text["seats_title"], fontproperties=TITLE)
    table = seats_by_course[seats_by_course["course_id"].isin(courses)]
    years = sorted(int(y) for y in table["year"].unique())
    if not courses or not years:
        _message(ax, text["no_data"])
        ax.set_yticks([])
        return fig
    colours = _course_colours(courses, inputs)
    without_quota = _draw_bars(ax, table, courses, years, colours, THOUSANDS[lang])
    ax.set_xticks(np.arange(len(years)), [str(y) for y in years])
    ax.set_xlabel(text["year"], fontproperties=LABEL)
    ax.set_ylabel(text["seats_y"], fontproperties=LABEL)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(1.0, ax.get_ylim()[1] * 1.08))  # headroom for the value labels
    course_names = names(inputs.courses, lang)
    # Say in the legend which courses have no seat quota, so a bar without a quota mark is not read as a slip.
    labels = {c: f"{course_names[c]} – {text['no_quota']}" if c in without_quota else course_names[c] for c in courses}
    handles = [Patch(facecolor=colours[c], label=labels[c]) for c in courses]
    handles.append(Line2D([], [], color="black", linewidth=2.5, label=text["quota"]))
    fig.legend(handles=handles, loc="outside lower center", ncols=2, prop=SMALL, frameon=False)
    return fig


def _draw_bars(ax, table: pd.DataFrame, courses: list[str], years: list[int], colours: dict,
               thousands: str) -> set[str]:
    """Draw the bars, quota marks and value labels; return the courses that have no quota in any year."""
    width = 0.8 / len(courses)
    lookup = table.set_index(["year", "course_id"])
    with_quota: set[str] = set()
    for i, course in enumerate(courses):
        x = np.arange(len(years)) - 0.4 + width * (i + 0.5)
        seats = np.array([_value(lookup, y, course, "seats") for y in years], dtype=float)
        quota = np.array([_value(lookup, y, course, "quota") for y in years], dtype=float)
        ax.bar(x, np.nan_to_num(seats), width=width * 0.92, color=colours[course], edgecolor="white", linewidth=0.5)
        has = ~np.isnan(quota)
        if has.any():
            with_quota.add(course)
            ax.hlines(quota[has], x[has] - width * 0.5, x[has] + width * 0.5, colors="black", linewidth=2.5, zorder=3)
        for xi, s, q in zip(x, seats, quota):
            if np.isnan(s):
                continue
            top = s if np.isnan(q) else max(s, q)
            # Above the higher of bar and quota mark, so the label never sits on the mark.
            ax.annotate(f"{int(s):,}".replace(",", thousands), (xi, top), xytext=(0, 3), textcoords="offset points",
                        ha="center", va="bottom", fontproperties=SMALL)
    return set(courses) - with_quota


def _value(lookup: pd.DataFrame, year: int, course: str, column: str) -> float:
    if (year, course) not in lookup.index:
        return np.nan
    value = lookup.loc[(year, course), column]
    return np.nan if pd.isna(value) else float(value)
