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
        "compare_coverage_title": "Tỷ lệ nhu cầu được bố trí chỗ học theo nhóm đối tượng: so sánh các kịch bản",
        "compare_coverage_y": "Tỷ lệ nhu cầu đã bố trí",
        "tier": "Nhóm đối tượng",
        "unit_change_title": "Đơn vị tăng, giảm số chỗ học nhiều nhất: {scenario} so với {first}",
        "unit_change_x": "Chênh lệch số chỗ học ({scenario} − {first})",
        "unit_change_note": "{shown} trong số {total} đơn vị có thay đổi",
        "gain": "Tăng so với {first}",
        "loss": "Giảm so với {first}",
        "no_change": "Không đơn vị nào thay đổi số chỗ học",
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
        "compare_coverage_title": "Share of demand given a seat, by tier: scenarios compared",
        "compare_coverage_y": "Share of demand given a seat",
        "tier": "Tier",
        "unit_change_title": "Units with the largest gain and loss in seats: {scenario} against {first}",
        "unit_change_x": "Change in seats ({scenario} − {first})",
        "unit_change_note": "{shown} of the {total} units with a change",
        "gain": "More than in {first}",
        "loss": "Fewer than in {first}",
        "no_change": "No unit's seats change",
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
