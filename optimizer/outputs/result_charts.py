"""The charts of a result folder, and their registry (``RESULT_CHARTS``): tables in, a ``Figure`` out.

Each chart is one function of the plan's tables; ``RESULT_CHARTS`` names the file stem it is written under
and the table it draws, so adding a chart to every result folder is one function and one entry here.
"""


from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

from ..inputs.dataset import Inputs
from ..words import check_lang, names
from .chart_style import (
    BELOW_COLOUR,
    CHART_GROUPS,
    FAMILY_SHADES,
    LABEL,
    MET_COLOUR,
    SMALL,
    SMALL_BOLD,
    SUBTITLE,
    TEXT,
    THOUSANDS,
    TICK_SIZE,
    TIER_COLOURS,
    TITLE,
    count_text,
    draw_message,
    percent_text,
    style_axes,
)
from .report import course_quota

# --- coverage against targets --------------------------------------------------------------------------------


def _year_ticks(ax, years: list[int]) -> None:
    if years:
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_xlim(years[0] - 0.4, years[-1] + 0.4)
    else:
        ax.set_xticks([])  # nothing to place in time: no year axis rather than matplotlib's 0.0–1.0 default


def coverage_chart(cumulative: pd.DataFrame, inputs: Inputs, lang: str = "vi") -> Figure:
    """Cumulative coverage per tier against the targets, one panel per political-theory family.

    ``cumulative`` is ``report.cumulative_coverage``. Solid lines are the plan's shares, dashed lines with open
    markers the targets of targets.csv, in the tier's colour; the y axis runs from 0 to 100 %. Only the targets of
    the table's years are drawn (a later term's plan is not set against an earlier term's targets); a table with
    no rows shows the targets alone.
    """
    text = TEXT[check_lang(lang)]
    families = inputs.families.index[inputs.families["group"] == "political_theory"].tolist()
    fig = Figure(figsize=(5.0 * max(1, len(families)) + 1.0, 5.4), layout="constrained")
    axes = fig.subplots(1, max(1, len(families)), sharey=True, squeeze=False)[0]
    tier_names = names(inputs.tiers, lang)
    colours = {tier: TIER_COLOURS[i % len(TIER_COLOURS)] for i, tier in enumerate(inputs.tiers.index)}
    targets = inputs.targets
    if len(cumulative):
        targets = targets[targets["year"].astype("int64").isin(cumulative["year"].astype("int64"))]
    years = sorted({int(y) for y in cumulative["year"]} | {int(y) for y in targets["year"]})
    for ax, family in zip(axes, families):
        drawn = _coverage_panel(ax, cumulative, targets, family, colours)
        ax.set_title(names(inputs.families, lang)[family], fontproperties=SUBTITLE)
        if not drawn:
            draw_message(ax, text["no_data"])
        _year_ticks(ax, years)
        ax.set_xlabel(text["year"], fontproperties=LABEL)
    if not families:  # valid data may plan no political theory: a note, without empty axes or a tier legend
        draw_message(axes[0], text["no_family"])
        axes[0].set_axis_off()
        fig.suptitle(text["coverage_title"], fontproperties=TITLE)
        return fig
    axes[0].set_ylim(0, 105)
    axes[0].set_yticks(np.arange(0, 101, 20))
    axes[0].yaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    axes[0].set_ylabel(text["coverage_y"], fontproperties=LABEL)
    for ax in axes:
        style_axes(ax)
    handles = [Line2D([], [], color=colours[t], linewidth=2.5, label=tier_names[t]) for t in inputs.tiers.index]
    handles.append(Line2D([], [], color="#333333", linewidth=2, marker="o", label=text["allocated"]))
    if targets["family"].isin(families).any():
        handles.append(Line2D([], [], color="#333333", linewidth=1.2, linestyle="--", marker="D",
                              markerfacecolor="white", label=text["target"]))
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

OVER_COLOUR = "#D55E00"  # Okabe–Ito vermillion: seats beyond the quota
UNUSED_COLOUR = "#a0a0a0"  # grey hatching: quota left unused
FAMILY_WRAP = 9  # characters per line of a family name under its bar


def _chart_families(seats: pd.DataFrame, inputs: Inputs, years: list[int]) -> dict[str, list[str]]:
    """Political-theory and degree families (file order) with their courses present in the table, full-time
    first, then part-time, then the rest (file order within each). A family with a quota line of its own but no
    course in the table is kept with no courses, so a quota nobody uses still shows."""
    groups = inputs.families["group"]
    present = set(seats["course_id"])
    mode_rank = {"full_time": 0, "part_time": 1}
    caps = inputs.caps
    family_lines = set(caps.loc[caps["year"].isin(years) & caps["seats_max"].notna(), "target"])
    chosen = {}
    for family in inputs.families.index[groups.isin(CHART_GROUPS)]:
        courses = inputs.courses[(inputs.courses["family"] == family) & inputs.courses.index.isin(present)]
        order = sorted(range(len(courses)), key=lambda i: (mode_rank.get(courses["mode"].iloc[i], 2), i))
        if len(courses) or family in family_lines:
            chosen[family] = [courses.index[i] for i in order]
    return chosen


def _family_shades(families: list[str], inputs: Inputs) -> dict[str, tuple[str, str]]:
    """A family's dark and light shade, by its place among all chart families (stable whatever is present)."""
    groups = inputs.families["group"]
    every = list(inputs.families.index[groups.isin(CHART_GROUPS)])
    return {f: FAMILY_SHADES[every.index(f) % len(FAMILY_SHADES)] for f in families}


def _course_shade(course: str, courses: list[str], shades: tuple[str, str], inputs: Inputs) -> str:
    """Full-time courses take the family's dark shade, part-time ones the light shade; a course of another mode
    takes the dark shade if it is its family's first course in the chart, else the light one."""
    mode = inputs.courses.loc[course, "mode"]
    if mode == "full_time":
        return shades[0]
    if mode == "part_time":
        return shades[1]
    return shades[0] if courses.index(course) == 0 else shades[1]


def _family_quota(seats_by_course: pd.DataFrame, inputs: Inputs, family: str, year: int) -> int | None:
    """The seat quota of a course family in ``year``: the family's own seats_max line in caps.csv if it has one
    (``report.course_quota`` rules: the tightest block-'all' line, else the blocks' tightest lines summed), else
    the sum of the quotas of its courses in ``seats_by_course``; None when neither exists. (A course no quota line
    covers gets no seats, so leaving it out of the sum loses nothing.)"""
    own = course_quota(inputs, family, year)
    if own is not None:
        return own
    courses = inputs.courses.index[inputs.courses["family"] == family]
    rows = seats_by_course[(seats_by_course["year"] == year) & seats_by_course["course_id"].isin(courses)]
    quotas = rows["quota"].dropna()
    return int(quotas.sum()) if len(quotas) else None


def seats_chart(seats_by_course: pd.DataFrame, inputs: Inputs, lang: str = "vi") -> Figure:
    """Seats per year for the political-theory and degree families, each family one stacked bar against its quota.

    ``seats_by_course`` is ``report.seats_by_course``. Each year is a group of bars, one per family (file order);
    a family's courses are stacked, full-time in the family's dark shade below part-time in its light shade. A
    black line across the bar marks the family's quota (``_family_quota``): quota left unused shows as a grey
    hatched box between the bar's top and the line, seats beyond it as a vermillion hatched box, and the label
    above the bar gives "seats / quota" (vermillion when over). The family's name is written under its bar.
    """
    lang = check_lang(lang)
    text = TEXT[lang]
    table = seats_by_course.assign(year=seats_by_course["year"].astype("int64"))
    years = sorted(int(y) for y in table["year"].unique())
    families = _chart_families(table, inputs, years) if years else {}
    n_bars = len(years) * max(1, len(families))
    fig = Figure(figsize=(min(20.0, max(10.5, 2.5 + 0.75 * n_bars)), 6.8), layout="constrained")
    ax = fig.subplots()
    style_axes(ax)
    fig.suptitle(text["seats_title"], fontproperties=TITLE)
    if not families:
        draw_message(ax, text["no_data"])
        ax.set_xticks([])
        ax.set_yticks([])
        return fig
    shades = _family_shades(list(families), inputs)
    width = 0.8 / len(families)
    lookup = table.set_index(["year", "course_id"])["seats"]
    flags = {"unused": False, "over": False}
    centres, family_labels = [], []
    family_names = names(inputs.families, lang)
    for j, (family, courses) in enumerate(families.items()):
        x = np.arange(len(years)) - 0.4 + width * (j + 0.5)
        centres += list(x)
        label = "\n".join(textwrap.wrap(family_names[family], FAMILY_WRAP, break_long_words=False)) or family
        family_labels += [label] * len(years)
        bottom = np.zeros(len(years))
        for course in courses:
            seats = np.array([float(lookup.get((y, course), 0)) for y in years])
            bars = ax.bar(x, seats, bottom=bottom, width=width * 0.8, color=_course_shade(
                course, courses, shades[family], inputs), edgecolor="white", linewidth=0.6, zorder=2)
            for bar, year in zip(bars, years):
                bar.set_gid(f"seats-{course}-{year}")
            bottom += seats
        quotas = [_family_quota(table, inputs, family, y) for y in years]
        _quota_marks(ax, family, x, bottom, quotas, width * 0.8, years, flags, lang)
    _year_axis(ax, years, centres, family_labels)
    ax.set_ylabel(text["seats_y"], fontproperties=LABEL)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(lambda v, _: f"{int(v):,}".replace(",", THOUSANDS[lang]))
    ax.set_ylim(0, max(1.0, ax.get_ylim()[1] * 1.1))  # headroom for the value labels
    ax.set_xlim(-0.5, len(years) - 0.5)
    ax.grid(axis="x", visible=False)
    fig.legend(handles=_seats_legend(families, shades, flags, inputs, lang), loc="outside lower center", ncols=3,
               prop=SMALL, frameon=False, title=text["seats_note"], title_fontproperties=SMALL)
    return fig


def _quota_marks(ax, family: str, x: np.ndarray, totals: np.ndarray, quotas: list[int | None], width: float,
                 years: list[int], flags: dict, lang: str) -> None:
    """The family's quota lines (one LineCollection, gid quota-<family>), the unused or excess box of each bar,
    and the "seats / quota" label above the higher of bar and line."""
    has = np.array([q is not None for q in quotas])
    values = np.array([np.nan if q is None else float(q) for q in quotas])
    if has.any():
        lines = ax.hlines(values[has], x[has] - width * 0.62, x[has] + width * 0.62, colors="black", linewidth=2.5,
                          zorder=4)
        lines.set_gid(f"quota-{family}")
    for xi, total, quota, year in zip(x, totals, values, years):
        over = not np.isnan(quota) and total > quota
        if not np.isnan(quota) and total != quota:
            low, high = sorted((total, quota))
            box = ax.bar(xi, high - low, bottom=low, width=width, fill=False, linewidth=0.8, zorder=3,
                         edgecolor=OVER_COLOUR if over else UNUSED_COLOUR, hatch="xxx" if over else "//")[0]
            box.set_gid(f"{'over' if over else 'unused'}-{family}-{year}")
            flags["over" if over else "unused"] = True
        label = count_text(total, lang) if np.isnan(quota) else f"{count_text(total, lang)} / {count_text(quota, lang)}"
        top = total if np.isnan(quota) else max(total, quota)
        ax.annotate(label, (xi, top), xytext=(0, 4), textcoords="offset points", ha="center", va="bottom",
                    fontproperties=SMALL_BOLD if over else SMALL, color=OVER_COLOUR if over else "black", zorder=5)




def _year_axis(ax, years: list[int], centres: list[float], family_labels: list[str]) -> None:
    """Family names under each bar; the years below them (a secondary axis), with a thin rule between years."""
    ax.set_xticks(centres, family_labels, fontproperties=SMALL)
    ax.tick_params(axis="x", length=0, pad=4)
    lines = max(label.count("\n") + 1 for label in family_labels)
    years_axis = ax.secondary_xaxis("bottom")
    years_axis.set_xticks(np.arange(len(years)), [str(y) for y in years])
    years_axis.tick_params(axis="x", length=0, pad=8 + 10 * lines, labelsize=TICK_SIZE + 2)
    for label in years_axis.get_xticklabels():
        label.set_fontweight("bold")
    years_axis.spines["bottom"].set_visible(False)
    for boundary in np.arange(0.5, len(years) - 0.5):
        ax.axvline(boundary, color="#cccccc", linewidth=0.8, zorder=1)


def _seats_legend(families: dict[str, list[str]], shades: dict, flags: dict, inputs: Inputs, lang: str) -> list:
    text = TEXT[lang]
    course_names = names(inputs.courses, lang)
    handles = [Patch(facecolor=_course_shade(c, courses, shades[f], inputs), label=course_names[c])
               for f, courses in families.items() for c in courses]
    handles.append(Line2D([], [], color="black", linewidth=2.5, label=text["quota"]))
    if flags["unused"]:
        handles.append(Patch(fill=False, edgecolor=UNUSED_COLOUR, hatch="//", label=text["unused"]))
    if flags["over"]:
        handles.append(Patch(fill=False, edgecolor=OVER_COLOUR, hatch="xxx", label=text["over"]))
    return handles
UNIT_ROW = 0.25  # inches per unit bar
UNIT_PANEL_WIDTH = 7.4  # inches per family panel (unit names included)
MIN_UNIT_ROWS = 4  # a panel is at least this many bars high


def _unit_shares(coverage: pd.DataFrame, inputs: Inputs, families: list[str], year: int | None) -> pd.DataFrame:
    """Per (family, unit): demand, allocated and share over all tiers, the unit's target and whether it is below.

    The target is the demand-weighted mean of the family's tier targets in ``year`` (a tier without a target
    counts as 0, i.e. it requires nothing); it is NaN when targets.csv gives the family no target that year.
    A unit is below target when its seats are fewer than target × demand.
    """
    rows = coverage[coverage["family"].isin(families) & (coverage["demand"] > 0)]
    targets = inputs.targets
    if year is None:
        goal = pd.Series(np.nan, index=rows.index)
    else:
        chosen = targets[targets["year"].astype("Int64") == year]
        shares = chosen.groupby(["family", "tier"])["target_share"].max()
        with_target = set(chosen["family"])
        keys = pd.MultiIndex.from_frame(rows[["family", "tier"]])
        goal = pd.Series(shares.reindex(keys).to_numpy(dtype=float), index=rows.index).fillna(0.0)
        goal = goal.where(rows["family"].isin(with_target))
    rows = rows.assign(required=rows["demand"].astype(float) * goal)
    table = rows.groupby(["family", "unit_id"], sort=False).agg(
        demand=("demand", "sum"), allocated=("allocated", "sum"), required=("required", lambda s: s.sum(min_count=1)))
    table = table.reset_index()
    table["share"] = table["allocated"] / table["demand"]
    table["target"] = table["required"] / table["demand"]
    table["below"] = table["target"].notna() & (table["allocated"] < table["required"] - 1e-9)
    return table.drop(columns="required")


def coverage_by_unit_chart(coverage: pd.DataFrame, inputs: Inputs, lang: str = "vi",
                           group: str = "political_theory") -> Figure:
    """Each unit's share of its demand given a seat over the whole horizon, one panel per family of ``group``.

    ``coverage`` is ``report.coverage_table``. Per family, units with demand are horizontal bars (all tiers
    together: seats / demand), sorted from the lowest share at the top, each labelled "share (seats/demand)". A
    black tick marks the unit's target: the family's tier targets for the last plan year weighted by the unit's
    demand per tier (no tick without targets). Bars of units below their target are vermillion, the others blue.
    Data without a family of ``group`` (valid: a province may plan no political theory) gives an empty chart that
    says so; a ``group`` that is not a group of families.csv at all is a ValueError.
    """
    lang = check_lang(lang)
    text = TEXT[lang]
    groups = inputs.families["group"]
    # A group the data may legitimately lack (valid data need not have political theory) gets an empty chart
    # with a note, so a result folder is still written; only a name that is no group at all is an error.
    if group not in set(groups) and group not in text["groups"]:
        raise ValueError(f"no family of group {group!r}; use one of: {', '.join(dict.fromkeys(groups))}")
    group_name = text["groups"].get(group, group)
    year = inputs.plan_years[-1] if len(inputs.plan_years) else None
    if year is not None and not (inputs.targets["year"].astype("Int64") == year).any():
        year = None
    wanted = list(inputs.families.index[groups == group])
    table = _unit_shares(coverage, inputs, wanted, year)
    families = [f for f in wanted if (table["family"] == f).any()]
    rows = max([int((table["family"] == f).sum()) for f in families] or [0])
    ncols = min(2, max(1, len(families)))
    nrows = -(-max(1, len(families)) // ncols)
    height = 1.8 + nrows * (0.9 + UNIT_ROW * max(rows, MIN_UNIT_ROWS))
    fig = Figure(figsize=(UNIT_PANEL_WIDTH * ncols + 0.6, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    fig.suptitle(text["unit_title"].format(group=group_name), fontproperties=TITLE)
    has_target = bool(table["target"].notna().any())
    note = text["unit_note_target"].format(year=year) if has_target else text["unit_note"]
    if not families:
        draw_message(axes[0], text["no_data"] if wanted else text["no_group"].format(group=group_name))
        for ax in axes:
            ax.set_xticks([])
            ax.set_yticks([])
            ax.spines[:].set_visible(False)
        return fig
    family_names, unit_names = names(inputs.families, lang), names(inputs.units, lang)
    for ax, family in zip(axes, families):
        _unit_panel(ax, table[table["family"] == family], family, inputs, unit_names, rows, lang)
        ax.set_title(family_names[family], fontproperties=SUBTITLE)
    for ax in axes[len(families):]:
        ax.set_visible(False)
    below = bool(table["below"].any())
    handles = [Patch(facecolor=MET_COLOUR, label=text["met_target"] if has_target else text["unit_share"])]
    if below:
        handles.append(Patch(facecolor=BELOW_COLOUR, label=text["below_target"]))
    if has_target:
        handles.append(Line2D([], [], color="black", linestyle="none", marker="|", markersize=12,
                              markeredgewidth=2.2, label=text["unit_target"].format(year=year)))
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), prop=SMALL, frameon=False,
               title=note, title_fontproperties=SMALL)
    return fig


def _unit_panel(ax, part: pd.DataFrame, family: str, inputs: Inputs, unit_names: pd.Series, rows: int,
                lang: str) -> None:
    """One family's bars, lowest share on top (ties in unit file order), with target ticks and value labels."""
    order = inputs.units["order"].reindex(part["unit_id"]).to_numpy()
    part = part.assign(_order=order).sort_values(["share", "_order"], kind="stable")
    y = np.arange(len(part))
    shares = part["share"].to_numpy(dtype=float) * 100
    colours = [BELOW_COLOUR if b else MET_COLOUR for b in part["below"]]
    bars = ax.barh(y, shares, height=0.7, color=colours, zorder=2)
    for bar, unit in zip(bars, part["unit_id"]):
        bar.set_gid(f"unit-{family}-{unit}")
    targets = part["target"].to_numpy(dtype=float) * 100
    has = ~np.isnan(targets)
    if has.any():
        ticks, = ax.plot(targets[has], y[has], linestyle="none", marker="|", markersize=14, markeredgewidth=2.2,
                         color="black", zorder=4, clip_on=False)
        ticks.set_gid(f"target-{family}")
    # The label takes the bar's colour when the unit is below target, so a unit with no seat (no bar) shows too.
    for yi, share, target, got, need, below in zip(y, shares, targets, part["allocated"], part["demand"],
                                                  part["below"]):
        end = share if np.isnan(target) else max(share, target)
        ax.annotate(f"{percent_text(share / 100, lang)} ({count_text(got, lang)}/{count_text(need, lang)})", (end, yi),
                    xytext=(5, 0), textcoords="offset points", ha="left", va="center",
                    fontproperties=SMALL_BOLD if below else SMALL, color=BELOW_COLOUR if below else "black")
    ax.set_yticks(y, [unit_names.get(u, u) for u in part["unit_id"]])
    # Every panel has room for the longest one's bars (at least MIN_UNIT_ROWS), so bars keep one height; bars
    # start at the top, except in a figure of a few units, where they are centred.
    extra = max(rows, MIN_UNIT_ROWS) - len(part)
    top = extra / 2 if rows <= MIN_UNIT_ROWS else 0.0
    ax.set_ylim(len(part) - 0.5 + extra - top, -0.5 - top)  # lowest share on top
    ax.set_xlim(0, 135)  # room for the labels beyond 100 %
    ax.set_xticks(np.arange(0, 101, 20))
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    ax.set_xlabel(TEXT[lang]["unit_x"], fontproperties=LABEL)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.tick_params(axis="y", length=0, labelsize=TICK_SIZE - 0.5)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)


@dataclass(frozen=True)
class ResultChart:
    """A chart of every result folder: written as ``<name>.png`` and ``<name>.svg``, drawn from the plan
    table ``table`` (a key of the plan's tables: coverage, cumulative_coverage, seats_by_course)."""

    name: str
    table: str
    draw: Callable[..., Figure]  # (table, inputs, lang=...)
    # A chart whose text grows with the number of units (seconds to lay out at a province's size, more at scale):
    # the result folder's writer draws it in a process of its own while it writes the other files.
    grows_with_units: bool = False


RESULT_CHARTS = (
    ResultChart("coverage", "cumulative_coverage", coverage_chart),
    ResultChart("coverage_units", "coverage", coverage_by_unit_chart, grows_with_units=True),
    ResultChart("seats", "seats_by_course", seats_chart),
)


def result_charts(tables: Mapping[str, pd.DataFrame], inputs: Inputs, lang: str = "vi",
                  charts: tuple[ResultChart, ...] | None = None) -> dict[str, Figure]:
    """The ``charts`` (None: every chart of ``RESULT_CHARTS``) drawn from the plan's ``tables``, by file stem, in
    registry order."""
    return {chart.name: chart.draw(tables[chart.table], inputs, lang=lang)
            for chart in (RESULT_CHARTS if charts is None else charts)}
