"""Charts of a result: tables in, a matplotlib ``Figure`` out.

Figures are built with ``matplotlib.figure.Figure`` directly, never pyplot, so no global figure registry or
rcParams are touched and the functions are safe in a library, a test or a server. Fonts are passed per call:
DejaVu Sans (matplotlib's bundled default) has every Vietnamese diacritic, so labels render on any machine.
"""


from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

from ..inputs.dataset import Inputs
from ..words import check_lang, names
from .report import course_quota

FONT = "DejaVu Sans"
TITLE = {"family": FONT, "size": 13, "weight": "bold"}
SUBTITLE = {"family": FONT, "size": 11}
LABEL = {"family": FONT, "size": 10}
SMALL = {"family": FONT, "size": 8}
SMALL_BOLD = {"family": FONT, "size": 8, "weight": "bold"}
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
        "no_group": "Không có loại hình {group} trong dữ liệu",
        "seats_title": "Số chỗ học lý luận chính trị và sau đại học theo năm, so với chỉ tiêu",
        "seats_y": "Số chỗ học",
        "quota": "Chỉ tiêu số chỗ của loại hình đào tạo",
        "seats_note": "Số trên cột: số chỗ đã bố trí / chỉ tiêu",
        "unused": "Chỉ tiêu chưa sử dụng",
        "over": "Vượt chỉ tiêu",
        "unit_title": "Tỷ lệ nhu cầu đào tạo {group} được bố trí chỗ học, theo đơn vị",
        "unit_x": "Tỷ lệ nhu cầu đã bố trí (cả giai đoạn)",
        "unit_note_target": ("Cả giai đoạn, mọi nhóm đối tượng. Mục tiêu của đơn vị: mục tiêu năm {year} của từng "
                             "nhóm đối tượng, bình quân theo nhu cầu của đơn vị"),
        "unit_note": "Cả giai đoạn, mọi nhóm đối tượng; targets.csv không có mục tiêu cho năm cuối kế hoạch",
        "met_target": "Đạt mục tiêu",
        "below_target": "Dưới mục tiêu",
        "unit_share": "Tỷ lệ đã bố trí",
        "unit_target": "Mục tiêu năm {year}",
        "groups": {"political_theory": "lý luận chính trị", "degree": "sau đại học", "refresher": "bồi dưỡng"},
        "compare_coverage_title": "Tỷ lệ nhu cầu được bố trí chỗ học theo nhóm đối tượng: so sánh các kịch bản",
        "compare_coverage_y": "Tỷ lệ nhu cầu đã bố trí",
        "tier": "Nhóm đối tượng",
        "unit_change_title": "Đơn vị tăng, giảm số chỗ học nhiều nhất: {scenario} so với {first}",
        "unit_change_x": "Chênh lệch số chỗ học ({scenario} − {first})",
        "unit_change_note": "{shown} trong số {total} đơn vị có thay đổi",
        "gain": "Tăng so với {first}",
        "loss": "Giảm so với {first}",
        "no_change": "Không đơn vị nào thay đổi số chỗ học",
        "properties_title": "Tính chất công bằng (Balinski–Young) của các phương án",
        "quota_panel": "Trường hợp đơn vị nhận số chỗ ngoài phần chia chính xác\n(làm tròn lên/xuống; theo loại hình và theo nhóm đối tượng)",
        "alabama_panel": "Nghịch lý Alabama: thêm 1 chỉ tiêu, đơn vị lại mất chỗ\n(mỗi ô chỉ tiêu, chỉ tiêu ±{span})",
        "not_a_method": "không áp dụng",
        "optimised": "{plan} (tối ưu hóa)",
        "sensitivity_title": "Thêm một chỗ học hoặc một lớp thì đáp ứng thêm bao nhiêu cán bộ?",
        "sensitivity_note": "Mỗi thanh: một chỉ tiêu (năm, khóa học hoặc loại hình, khối) được thêm; giải lại đến tối ưu. {shown} trong {total} phương án có tác dụng",
        "sensitivity_x": "Số cán bộ được đáp ứng thêm",
        "sensitivity_none": "Không chỉ tiêu nào, khi thêm một chỗ hay một lớp, đáp ứng thêm được cán bộ nào",
        "seat": "thêm 1 chỗ", "class": "thêm 1 lớp",
    },
    "en": {
        "coverage_title": "Political theory training: progress against targets",
        "coverage_y": "Share of demand given a seat (cumulative)",
        "year": "Start year",
        "allocated": "Allocated (cumulative)",
        "target": "Target",
        "no_data": "No data",
        "no_family": "No political theory family in the data",
        "no_group": "No {group} family in the data",
        "seats_title": "Political theory and postgraduate seats by year, against quotas",
        "seats_y": "Seats",
        "quota": "Seat quota of the course family",
        "seats_note": "Above each bar: seats allocated / quota",
        "unused": "Quota not used",
        "over": "Over the quota",
        "unit_title": "Share of {group} demand given a seat, by unit",
        "unit_x": "Share of demand given a seat (whole period)",
        "unit_note_target": "Whole period, all tiers. A unit's target: each tier's {year} target, weighted by the "
                            "unit's demand",
        "unit_note": "Whole period, all tiers; targets.csv gives no target for the last plan year",
        "met_target": "Target met",
        "below_target": "Below target",
        "unit_share": "Share given a seat",
        "unit_target": "{year} target",
        "groups": {"political_theory": "political theory", "degree": "postgraduate", "refresher": "refresher"},
        "compare_coverage_title": "Share of demand given a seat, by tier: scenarios compared",
        "compare_coverage_y": "Share of demand given a seat",
        "tier": "Tier",
        "unit_change_title": "Units with the largest gain and loss in seats: {scenario} against {first}",
        "unit_change_x": "Change in seats ({scenario} − {first})",
        "unit_change_note": "{shown} of the {total} units with a change",
        "gain": "More than in {first}",
        "loss": "Fewer than in {first}",
        "no_change": "No unit's seats change",
        "properties_title": "Fairness properties (Balinski–Young) of the plans",
        "quota_panel": "Cases of a unit outside its exact share rounded down or up\n(per family and per family × tier)",
        "alabama_panel": "Alabama paradoxes: one more seat, a unit loses one\n(every quota cell, quota ±{span})",
        "not_a_method": "not a method",
        "optimised": "{plan} (optimised)",
        "sensitivity_title": "What does one more seat or one more class buy?",
        "sensitivity_note": "Each bar: one quota (year, course or family, block) raised and re-solved to optimality. {shown} of {total} variants help",
        "sensitivity_x": "More cadres covered",
        "sensitivity_none": "No quota covers anyone more with one more seat or class",
        "seat": "one more seat", "class": "one more class",
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
            _message(ax, text["no_data"])
        _year_ticks(ax, years)
        ax.set_xlabel(text["year"], fontproperties=LABEL)
    if not families:  # valid data may plan no political theory: a note, without empty axes or a tier legend
        _message(axes[0], text["no_family"])
        axes[0].set_axis_off()
        fig.suptitle(text["coverage_title"], fontproperties=TITLE)
        return fig
    axes[0].set_ylim(0, 105)
    axes[0].set_yticks(np.arange(0, 101, 20))
    axes[0].yaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    axes[0].set_ylabel(text["coverage_y"], fontproperties=LABEL)
    for ax in axes:
        _style_axes(ax)
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
    _style_axes(ax)
    fig.suptitle(text["seats_title"], fontproperties=TITLE)
    if not families:
        _message(ax, text["no_data"])
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
        label = _count(total, lang) if np.isnan(quota) else f"{_count(total, lang)} / {_count(quota, lang)}"
        top = total if np.isnan(quota) else max(total, quota)
        ax.annotate(label, (xi, top), xytext=(0, 4), textcoords="offset points", ha="center", va="bottom",
                    fontproperties=SMALL_BOLD if over else SMALL, color=OVER_COLOUR if over else "black", zorder=5)


def _count(value: float, lang: str) -> str:
    return f"{int(round(value)):,}".replace(",", THOUSANDS[lang])


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


# --- coverage per unit against the targets -------------------------------------------------------------------

MET_COLOUR, BELOW_COLOUR = "#0072B2", "#D55E00"  # Okabe–Ito blue and vermillion
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
        _message(axes[0], text["no_data"] if wanted else text["no_group"].format(group=group_name))
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
        ax.annotate(f"{_percent(share / 100, lang)} ({_count(got, lang)}/{_count(need, lang)})", (end, yi),
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


# --- scenario comparison -------------------------------------------------------------------------------------

GAIN_COLOUR, LOSS_COLOUR = "#009E73", "#D55E00"
DECIMAL = {"vi": ",", "en": "."}
TIER_WRAP = 22  # characters per line of a tier name under its group of bars
UNIT_WRAP = 34  # characters per line of a unit name beside its bar


def _percent(share: float, lang: str) -> str:
    """A share as a percentage with at most one decimal; never "100%" for a share below 1, nor "0%" above 0."""
    value = round(share * 100, 1)
    if value >= 100 and share < 1:
        value = 99.9
    if value <= 0 < share:
        value = 0.1
    text = f"{value:.1f}".removesuffix(".0").replace(".", DECIMAL[lang])
    return f"{text}%"


def _tier_labels(tiers: pd.DataFrame, lang: str) -> tuple[list[str], dict[str, str]]:
    """Tier ids in rank order and their display names, from a tiers table indexed by tier or with a tier column."""
    table = tiers.reset_index() if "tier" not in tiers.columns else tiers
    table = table.sort_values("rank", kind="stable") if "rank" in table.columns else table
    labels = names(table.set_index("tier"), lang) if "name" in table.columns else pd.Series(dtype=str)
    return table["tier"].astype(str).tolist(), {t: str(n) for t, n in labels.items()}


def comparison_coverage_chart(coverage: pd.DataFrame, tiers: pd.DataFrame, scenarios: list[str],
                              lang: str = "vi") -> Figure:
    """Share of demand covered per tier, one bar per scenario (``compare.Comparison.coverage``).

    Groups of bars are the tiers in rank order (tiers not in ``tiers`` come last), one bar per scenario in the
    given order with its percentage above it; a tier a scenario has no demand in gets no bar.
    """
    lang = check_lang(lang)
    text = TEXT[lang]
    scenarios = list(scenarios)
    order, labels = _tier_labels(tiers, lang)
    present = [str(t) for t in coverage["tier"]] if "tier" in coverage.columns else []
    shown = [t for t in order if t in present] + [t for t in dict.fromkeys(present) if t not in order]
    n = max(1, len(scenarios))
    width = min(16.0, max(8.0, 2.0 + len(shown) * (0.8 + 0.38 * n)))
    fig = Figure(figsize=(width, 6.0), layout="constrained")
    ax = fig.subplots()
    _style_axes(ax)
    fig.suptitle(text["compare_coverage_title"], fontproperties=TITLE)
    if not shown or not scenarios:
        _message(ax, text["no_data"])
        ax.set_yticks([])
        ax.set_xticks([])
        return fig
    rows = coverage.assign(tier=coverage["tier"].astype(str)).drop_duplicates("tier").set_index("tier")
    bar = 0.8 / n
    rotate = n >= 4  # narrow bars: labels stand upright so neighbours never touch
    for i, scenario in enumerate(scenarios):
        column = f"{scenario}_share"
        shares = [float(rows.at[t, column]) if column in rows.columns and pd.notna(rows.at[t, column]) else np.nan
                  for t in shown]
        x = np.arange(len(shown)) - 0.4 + bar * (i + 0.5)
        heights = np.nan_to_num(np.array(shares)) * 100
        ax.bar(x, heights, width=bar * 0.9, color=TIER_COLOURS[i % len(TIER_COLOURS)], edgecolor="white",
               linewidth=0.5, label=scenario)
        for xi, share in zip(x, shares):
            if np.isnan(share):
                continue
            ax.annotate(_percent(share, lang), (xi, share * 100), xytext=(0, 3), textcoords="offset points",
                        ha="center", va="bottom", rotation=90 if rotate else 0, fontproperties=SMALL)
    ticks = ["\n".join(textwrap.wrap(labels.get(t, t), TIER_WRAP)) or t for t in shown]
    ax.set_xticks(np.arange(len(shown)), ticks)
    ax.set_xlim(-0.6, len(shown) - 0.4)
    ax.set_xlabel(text["tier"], fontproperties=LABEL)
    ax.set_ylim(0, 122 if rotate else 110)  # headroom for the value labels
    ax.set_yticks(np.arange(0, 101, 20))
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    ax.set_ylabel(text["compare_coverage_y"], fontproperties=LABEL)
    ax.grid(axis="x", visible=False)
    handles = [Patch(facecolor=TIER_COLOURS[i % len(TIER_COLOURS)], label=s) for i, s in enumerate(scenarios)]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(n, 4), prop=LABEL, frameon=False)
    return fig


def _scenario_columns(unit_changes: pd.DataFrame) -> list[str]:
    """The per-scenario seat columns of ``compare.Comparison.unit_changes`` (after the unit columns, before the
    deltas): with k later scenarios there are k + 1 seat columns and k delta columns."""
    columns = list(unit_changes.columns)
    start = 0
    while start < len(columns) and columns[start] in ("unit_id", "name", "name_en", "kind"):
        start += 1
    count = (len(columns) - start + 1) // 2
    return columns[start:start + count]


def _signed(value: int, lang: str) -> str:
    text = f"{abs(int(value)):,}".replace(",", THOUSANDS[lang])
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else "0"


def unit_change_chart(unit_changes: pd.DataFrame, scenario: str, top: int = 15, lang: str = "vi") -> Figure:
    """Horizontal bars of the ``top`` units whose seats change most in ``scenario`` against the first scenario.

    ``unit_changes`` is ``compare.Comparison.unit_changes``. The largest gains and the largest losses are kept
    (half of ``top`` each, a side with fewer leaving its room to the other), drawn with gains on top (largest
    first) and losses below (largest at the bottom), each bar labelled with its change.
    Unit names come from ``name`` (``name_en`` for English when the table has it and it is not blank).
    """
    lang = check_lang(lang)
    text = TEXT[lang]
    seats = _scenario_columns(unit_changes)
    if scenario not in seats[1:]:
        raise ValueError(f"{scenario!r} is not a later scenario of this table; use one of: {', '.join(seats[1:])}")
    if top < 1:
        raise ValueError(f"top must be at least 1, not {top}")
    first = seats[0]
    delta = unit_changes[f"delta_{scenario}"].astype("int64")
    changed = unit_changes[delta != 0].assign(_delta=delta[delta != 0])
    chosen = _largest_changes(changed, top)
    fig = Figure(figsize=(10.0, max(3.6, 2.0 + 0.42 * len(chosen))), layout="constrained")
    ax = fig.subplots()
    _style_axes(ax)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    fig.suptitle(text["unit_change_title"].format(scenario=scenario, first=first), fontproperties=TITLE)
    if chosen.empty:
        _message(ax, text["no_change"])
        ax.set_xticks([])
        ax.set_yticks([])
        return fig
    if len(chosen) < len(changed):
        ax.set_title(text["unit_change_note"].format(shown=len(chosen), total=len(changed)), fontproperties=SMALL,
                     loc="left", color="#444444")
    label = chosen["name"].astype(str)
    if lang == "en" and "name_en" in chosen.columns:
        english = chosen["name_en"].fillna("").astype(str)
        label = english.where(english.str.strip() != "", label)
    label = label.where(label.str.strip() != "", chosen["unit_id"].astype(str))
    values = chosen["_delta"].to_numpy()
    y = np.arange(len(chosen))
    colours = [GAIN_COLOUR if v > 0 else LOSS_COLOUR for v in values]
    ax.barh(y, values, height=0.65, color=colours)
    ax.axvline(0, color="#333333", linewidth=1.0)
    for yi, v in zip(y, values):
        ax.annotate(_signed(v, lang), (v, yi), xytext=(4 if v > 0 else -4, 0), textcoords="offset points",
                    ha="left" if v > 0 else "right", va="center", fontproperties=SMALL)
    ax.set_yticks(y, ["\n".join(textwrap.wrap(n, UNIT_WRAP)) or n for n in label])
    room = max(0.0, (2 - len(chosen)) / 2)  # a lone bar keeps the width of a bar among several
    ax.set_ylim(len(chosen) - 0.5 + room, -0.5 - room)  # first row on top
    low, high = min(0, int(values.min())), max(0, int(values.max()))
    pad = 0.18 * max(1, high - low)  # room for the value labels beyond the longest bars
    ax.set_xlim(low - (pad if low < 0 else pad * 0.3), high + (pad if high > 0 else pad * 0.3))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(lambda v, _: _signed(int(round(v)), lang))
    ax.set_xlabel(text["unit_change_x"].format(scenario=scenario, first=first), fontproperties=LABEL)
    handles = [Patch(facecolor=GAIN_COLOUR, label=text["gain"].format(first=first))] if (values > 0).any() else []
    if (values < 0).any():
        handles.append(Patch(facecolor=LOSS_COLOUR, label=text["loss"].format(first=first)))
    fig.legend(handles=handles, loc="outside lower center", ncols=2, prop=SMALL, frameon=False)
    return fig


def _largest_changes(changed: pd.DataFrame, top: int) -> pd.DataFrame:
    """Up to ``top`` rows: the largest gains and the largest losses, half each when both sides have enough (the
    gains get the odd one), the other side's surplus filling a side that has fewer; gains first, largest first,
    then losses, largest last. Ties keep the table's order."""
    gains = changed[changed["_delta"] > 0].sort_values("_delta", ascending=False, kind="stable")
    losses = changed[changed["_delta"] < 0].sort_values("_delta", kind="stable")
    take_gains = min(len(gains), max(top - len(losses), (top + 1) // 2))
    take_losses = min(len(losses), top - take_gains)
    shown_losses = losses.head(take_losses).sort_values("_delta", ascending=False, kind="stable")
    return pd.concat([gains.head(take_gains), shown_losses])


def properties_chart(summary: pd.DataFrame, span: int, lang: str = "vi") -> Figure:
    """Two bar panels, one bar per plan or method of ``properties.Properties.summary``: the cases outside the quota
    rule, and (methods only) the Alabama paradoxes found for quotas within ``span`` seats of each cell's."""
    lang = check_lang(lang)
    text = TEXT[lang]
    labels = [text["optimised"].format(plan=plan) if kind == "solve" else str(plan)
              for plan, kind in zip(summary["plan"], summary["kind"])]
    fig = Figure(figsize=(11.0, max(3.2, 1.6 + 0.45 * len(labels))), layout="constrained")
    left, right = fig.subplots(1, 2, sharey=True)
    fig.suptitle(text["properties_title"], fontproperties=TITLE)
    y = np.arange(len(labels))
    for ax, column, title, colour in ((left, "quota_violations", text["quota_panel"], FAMILY_SHADES[0][0]),
                                      (right, "house_paradoxes", text["alabama_panel"].format(span=span),
                                       FAMILY_SHADES[1][0])):
        _style_axes(ax)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        values = pd.to_numeric(summary[column], errors="coerce")
        ax.barh(y, values.fillna(0).to_numpy(), height=0.6, color=colour)
        for yi, v in zip(y, values):
            ax.annotate(text["not_a_method"] if pd.isna(v) else _count(v, lang), (0 if pd.isna(v) else v, yi),
                        xytext=(4, 0), textcoords="offset points", ha="left", va="center", fontproperties=SMALL,
                        color="#666666" if pd.isna(v) else "#222222")
        ax.set_title(title, fontproperties=LABEL, loc="left")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, max(1.0, float(values.max(skipna=True) if values.notna().any() else 1)) * 1.25)
    left.set_yticks(y, labels)
    left.set_ylim(len(labels) - 0.5, -0.5)
    return fig


def sensitivity_chart(table: pd.DataFrame, tiers: pd.DataFrame, top: int = 20, lang: str = "vi",
                      targets: dict[str, str] | None = None) -> Figure:
    """Horizontal bars, stacked by tier, of the cadres one more seat or class covers, for the ``top`` quota
    variants that help most (``sensitivity.sensitivity`` table; ``tiers`` indexed by tier, in rank order;
    ``targets`` the display names of courses and families, ids where missing)."""
    lang = check_lang(lang)
    text = TEXT[lang]
    gains = table[table["change"].isin(["one_more_seat", "one_more_class"]) & (table["delta_total"].fillna(0) > 0)]
    gains = gains.sort_values(["delta_total", "year", "target"], ascending=[False, True, True],
                              kind="stable").head(top)
    fig = Figure(figsize=(10.0, max(3.4, 1.8 + 0.4 * len(gains))), layout="constrained")
    ax = fig.subplots()
    _style_axes(ax)
    fig.suptitle(text["sensitivity_title"], fontproperties=TITLE)
    if gains.empty:
        _message(ax, text["sensitivity_none"])
        ax.set_xticks([])
        ax.set_yticks([])
        return fig
    helpful = int((table["delta_total"].fillna(0) > 0).sum())
    ax.set_title(text["sensitivity_note"].format(shown=len(gains), total=helpful), fontproperties=SMALL, loc="left",
                 color="#444444")
    y = np.arange(len(gains))
    left = np.zeros(len(gains))
    tier_names = _tier_labels(tiers.reset_index(), lang)[1] if len(tiers) else {}
    for number, tier in enumerate(tiers.index):
        column = f"delta[{tier}]"
        if column not in gains.columns:
            continue
        values = gains[column].fillna(0).clip(lower=0).to_numpy(dtype=float)
        if values.any():
            ax.barh(y, values, left=left, height=0.6, color=TIER_COLOURS[number % len(TIER_COLOURS)],
                    label=tier_names.get(tier, tier))
        left += values
    for yi, total in zip(y, gains["delta_total"]):
        ax.annotate(_count(int(total), lang), (float(left[yi]), yi), xytext=(4, 0), textcoords="offset points",
                    va="center", fontproperties=SMALL)
    kind = {"one_more_seat": text["seat"], "one_more_class": text["class"]}
    targets = targets or {}
    blocks = {"all": "", "party": "Khối Đảng" if lang == "vi" else "Party block",
              "government": "Khối Chính quyền" if lang == "vi" else "Government block"}
    labels = ["\n".join(textwrap.wrap(" · ".join(part for part in (targets.get(r.target, r.target), blocks.get(
        r.block, r.block), str(r.year)) if part) + f": {kind[r.change]}", 60)) for r in gains.itertuples()]
    ax.set_yticks(y, labels)
    ax.set_ylim(len(gains) - 0.5, -0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, float(left.max()) * 1.15 + 0.5)
    ax.set_xlabel(text["sensitivity_x"], fontproperties=LABEL)
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncols=4, prop=SMALL, frameon=False)
    return fig
