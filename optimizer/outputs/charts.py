"""Charts of the analyses (a comparison of scenarios, apportionment properties, sensitivity): tables in, a
matplotlib ``Figure`` out. The charts of every result folder are in ``result_charts``.

Figures are built with ``matplotlib.figure.Figure`` directly, never pyplot, so no global figure registry or
rcParams are touched and the functions are safe in a library, a test or a server. Fonts are passed per call:
DejaVu Sans (matplotlib's bundled default) has every Vietnamese diacritic, so labels render on any machine.
"""


from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from ..words import check_lang, names
from .chart_style import (
    FAMILY_SHADES,
    LABEL,
    SMALL,
    SUBTITLE,
    TEXT,
    THOUSANDS,
    TIER_COLOURS,
    TITLE,
    count_text,
    draw_message,
    percent_text,
    style_axes,
)

# --- coverage per unit against the targets -------------------------------------------------------------------



# --- scenario comparison -------------------------------------------------------------------------------------

GAIN_COLOUR, LOSS_COLOUR = "#009E73", "#D55E00"
TIER_WRAP = 22  # characters per line of a tier name under its group of bars
LEGEND_WRAP = 90  # characters per line of a scenario's question in a legend or a heading
UNIT_WRAP = 34  # characters per line of a unit name beside its bar




def _tier_labels(tiers: pd.DataFrame, lang: str) -> tuple[list[str], dict[str, str]]:
    """Tier ids in rank order and their display names, from a tiers table indexed by tier or with a tier column."""
    table = tiers.reset_index() if "tier" not in tiers.columns else tiers
    table = table.sort_values("rank", kind="stable") if "rank" in table.columns else table
    labels = names(table.set_index("tier"), lang) if "name" in table.columns else pd.Series(dtype=str)
    return table["tier"].astype(str).tolist(), {t: str(n) for t, n in labels.items()}


def scenario_label(name: str, questions: dict[str, str] | None, width: int = LEGEND_WRAP) -> str:
    """A scenario as people know it: its question, with its name in brackets as a short label; the name alone
    when it has no question. Wrapped to ``width`` characters a line."""
    question = (questions or {}).get(name, "").strip()
    text = f"{question} ({name})" if question else name
    return "\n".join(textwrap.wrap(text, width)) or name


def comparison_coverage_chart(coverage: pd.DataFrame, tiers: pd.DataFrame, scenarios: list[str],
                              lang: str = "vi", questions: dict[str, str] | None = None) -> Figure:
    """Share of demand covered per tier, one bar per scenario (``compare.Comparison.coverage``).

    Groups of bars are the tiers in rank order (tiers not in ``tiers`` come last), one bar per scenario in the
    given order with its percentage above it; a tier a scenario has no demand in gets no bar. The legend names
    each scenario by its question (``questions``: scenario name -> question) with the name as a short label.
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
    style_axes(ax)
    fig.suptitle(text["compare_coverage_title"], fontproperties=TITLE)
    if not shown or not scenarios:
        draw_message(ax, text["no_data"])
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
            ax.annotate(percent_text(share, lang), (xi, share * 100), xytext=(0, 3), textcoords="offset points",
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
    handles = [Patch(facecolor=TIER_COLOURS[i % len(TIER_COLOURS)], label=scenario_label(s, questions))
               for i, s in enumerate(scenarios)]
    long = any(h.get_label().count("\n") or len(h.get_label()) > 30 for h in handles)
    fig.legend(handles=handles, loc="outside lower center", ncols=1 if long else min(n, 4), prop=LABEL,
               frameon=False)
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


def unit_change_chart(unit_changes: pd.DataFrame, scenario: str, top: int = 15, lang: str = "vi",
                      questions: dict[str, str] | None = None) -> Figure:
    """Horizontal bars of the ``top`` units whose seats change most in ``scenario`` against the first scenario.

    ``unit_changes`` is ``compare.Comparison.unit_changes``. The largest gains and the largest losses are kept
    (half of ``top`` each, a side with fewer leaving its room to the other), drawn with gains on top (largest
    first) and losses below (largest at the bottom), each bar labelled with its change.
    Unit names come from ``name`` (``name_en`` for English when the table has it and it is not blank); the
    heading names both scenarios by their question (``questions``), with their names as short labels.
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
    style_axes(ax)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    fig.suptitle(text["unit_change_title"], fontproperties=TITLE)
    heading = _comparison_heading(scenario, first, questions, lang)
    if chosen.empty:
        ax.set_title(heading, fontproperties=SMALL, loc="left", color="#444444")
        draw_message(ax, text["no_change"])
        ax.set_xticks([])
        ax.set_yticks([])
        return fig
    if len(chosen) < len(changed):
        heading += "\n" + text["unit_change_note"].format(shown=len(chosen), total=len(changed))
    ax.set_title(heading, fontproperties=SMALL, loc="left", color="#444444")
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
    ax.xaxis.set_major_formatter(lambda v, _: _signed(round(v), lang))
    ax.set_xlabel(text["unit_change_x"].format(scenario=scenario, first=first), fontproperties=LABEL)
    handles = [Patch(facecolor=GAIN_COLOUR, label=text["gain"].format(first=first))] if (values > 0).any() else []
    if (values < 0).any():
        handles.append(Patch(facecolor=LOSS_COLOUR, label=text["loss"].format(first=first)))
    fig.legend(handles=handles, loc="outside lower center", ncols=2, prop=SMALL, frameon=False)
    return fig


def _comparison_heading(scenario: str, first: str, questions: dict[str, str] | None, lang: str) -> str:
    """Which scenario is set against which, by their questions: two lines (or more, wrapped)."""
    text = TEXT[lang]
    return "\n".join((text["this_scenario"] + " " + scenario_label(scenario, questions, LEGEND_WRAP + 40),
                      text["first_scenario"] + " " + scenario_label(first, questions, LEGEND_WRAP + 40)))


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


def gains_losses_chart(gains_losses: pd.DataFrame, units: pd.DataFrame, scenario: str, first: str,
                       years: list[int] | None = None, top: int = 20, lang: str = "vi",
                       questions: dict[str, str] | None = None) -> Figure:
    """Diverging bars of the seats each unit gains (right) and loses (left) in ``scenario`` against ``first``, one
    panel per year side by side, for the ``top`` units with the largest change, largest on top.

    ``gains_losses`` is ``compare.Comparison.gains_losses`` (the rows of other scenarios are ignored); a unit's
    change is its seats gained plus lost over every year and family, so a unit that gains seats of one family and
    loses seats of another shows both bars. ``units`` gives the names (unit_id, name, name_en); ``years`` the
    panels (default: the years with a change).
    """
    lang = check_lang(lang)
    text = TEXT[lang]
    if top < 1:
        raise ValueError(f"top must be at least 1, not {top}")
    rows = gains_losses[gains_losses["scenario"] == scenario]
    per_year = rows.groupby(["unit_id", "year"], sort=False)[["gained", "lost"]].sum()
    gross = per_year.sum(axis=1).groupby(level="unit_id", sort=False).sum()  # in the table's order: largest first
    chosen = list(gross.index[:top])
    years = sorted({int(y) for y in (rows["year"] if years is None else years)})
    width = min(22.0, 4.2 + 2.6 * max(1, len(years)))
    fig = Figure(figsize=(width, max(3.8, 2.4 + 0.36 * len(chosen))), layout="constrained")
    axes = fig.subplots(1, max(1, len(years)), sharey=True, sharex=True, squeeze=False)[0]
    fig.suptitle(text["gains_title"], fontproperties=TITLE)
    heading = _comparison_heading(scenario, first, questions, lang)
    if chosen:
        heading += "\n" + text["gains_note"].format(shown=len(chosen), total=len(gross))
    unit_names = names(units.drop_duplicates("unit_id").set_index("unit_id"), lang)
    labels = ["\n".join(textwrap.wrap(str(unit_names.get(u, u)), UNIT_WRAP)) or u for u in chosen]
    y = np.arange(len(chosen))
    cells = per_year.reindex(pd.MultiIndex.from_product([chosen, years], names=["unit_id", "year"]), fill_value=0)
    reach = max(1, int(cells.to_numpy().max())) if len(cells) else 1
    for number, (ax, year) in enumerate(zip(axes, years or [None])):
        style_axes(ax)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        ax.axvline(0, color="#333333", linewidth=1.0)
        ax.set_title(str(year) if year is not None else "", fontproperties=SUBTITLE, fontweight="bold")
        if not chosen:
            draw_message(ax, text["no_change"])
            ax.set_xticks([])
            ax.set_yticks([])
            continue
        gained = cells["gained"].xs(year, level="year").reindex(chosen).to_numpy()
        lost = cells["lost"].xs(year, level="year").reindex(chosen).to_numpy()
        ax.barh(y, gained, height=0.65, color=GAIN_COLOUR)
        ax.barh(y, -lost, height=0.65, color=LOSS_COLOUR)
        for yi, up, down in zip(y, gained, lost):
            if up:
                ax.annotate(_signed(up, lang), (up, yi), xytext=(3, 0), textcoords="offset points", ha="left",
                            va="center", fontproperties=SMALL)
            if down:
                ax.annotate(_signed(-down, lang), (-down, yi), xytext=(-3, 0), textcoords="offset points",
                            ha="right", va="center", fontproperties=SMALL)
        ax.set_xlabel(text["gains_x"], fontproperties=LABEL)
        ax.tick_params(axis="y", length=0)
    if chosen:
        axes[0].set_yticks(y, labels)
        axes[0].set_ylim(len(chosen) - 0.5, -0.5)  # largest change on top
        pad = 0.5 * reach  # room for the value labels beyond the longest bars
        axes[0].set_xlim(-reach - pad, reach + pad)
        axes[0].xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True, symmetric=True))
        axes[0].xaxis.set_major_formatter(lambda v, _: _signed(round(v), lang))
    handles = [Patch(facecolor=GAIN_COLOUR, label=text["gained"].format(first=first)),
               Patch(facecolor=LOSS_COLOUR, label=text["lost"].format(first=first))] if chosen else []
    # The heading says which scenarios are compared; under the panels, above the colours.
    legend = fig.legend(handles=handles, loc="outside lower center", ncols=2, prop=SMALL, frameon=False,
                        title=heading, title_fontproperties=SMALL)
    legend.get_title().set_multialignment("left")
    return fig


def _plan_label(plan: str, kind: str, text: dict) -> str:
    """A plan of the properties chart in words: an optimised plan with its scenario's name, a classic method by its
    name and what it rounds by; any other plan by its name."""
    if kind == "solve":
        return text["optimised"].format(plan=plan)
    method = kind.removeprefix("method:")
    if kind.startswith("method:") and method in text["methods"]:
        return text["method"].format(method=text["methods"][method])
    return plan


def properties_chart(summary: pd.DataFrame, span: int, lang: str = "vi") -> Figure:
    """Two bar panels, one bar per plan or method of ``properties.Properties.summary``: the cases outside the quota
    rule, and (methods only) the Alabama paradoxes found for quotas within ``span`` seats of each cell's."""
    lang = check_lang(lang)
    text = TEXT[lang]
    labels = [_plan_label(str(plan), str(kind), text) for plan, kind in zip(summary["plan"], summary["kind"])]
    repeated = {label for label in labels if labels.count(label) > 1}  # two plans of one method: say which
    labels = [f"{label} ({plan})" if label in repeated else label for label, plan in zip(labels, summary["plan"])]
    fig = Figure(figsize=(11.0, max(3.2, 1.6 + 0.45 * len(labels))), layout="constrained")
    left, right = fig.subplots(1, 2, sharey=True)
    fig.suptitle(text["properties_title"], fontproperties=TITLE)
    y = np.arange(len(labels))
    for ax, column, title, colour in ((left, "quota_violations", text["quota_panel"], FAMILY_SHADES[0][0]),
                                      (right, "house_paradoxes", text["alabama_panel"].format(span=span),
                                       FAMILY_SHADES[1][0])):
        style_axes(ax)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color="#dddddd", linewidth=0.8)
        values = pd.to_numeric(summary[column], errors="coerce")
        ax.barh(y, values.fillna(0).to_numpy(), height=0.6, color=colour)
        for yi, v in zip(y, values):
            ax.annotate(text["not_a_method"] if pd.isna(v) else count_text(v, lang), (0 if pd.isna(v) else v, yi),
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
    style_axes(ax)
    fig.suptitle(text["sensitivity_title"], fontproperties=TITLE)
    if gains.empty:
        draw_message(ax, text["sensitivity_none"])
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
        ax.annotate(count_text(int(total), lang), (float(left[yi]), yi), xytext=(4, 0), textcoords="offset points",
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


# --- benchmark: how the solve grows ----------------------------------------------------------------------------

ROUTE_STYLE = {"lp_chain": ("#0072B2", "o", "LP chain (this project)"),
               "mip": ("#D55E00", "s", "integer programs (MathOpt)"),
               "pulp": ("#009E73", "^", "PuLP + CBC peer")}


def growth_chart(runs: pd.DataFrame) -> Figure:
    """Solve time and peak memory against the number of units, log–log, one line per route
    (``benchmark.benchmark_files``: the synthetic runs, those with a number of units). A run that did not finish
    is drawn hollow at the time it was stopped: the route needs at least that long. A developer's chart, in
    English like the README that shows it."""
    sized = runs[runs["units"].notna()].astype({"units": "int64"})
    fig = Figure(figsize=(10.0, 4.6), layout="constrained")
    axes = fig.subplots(1, 2)
    fig.suptitle("How the solve grows with the number of units (5 years, every stage)", fontproperties=TITLE)
    for ax, column, label, unit in ((axes[0], "seconds", "seconds (load, build, every stage, check)", "s"),
                                    (axes[1], "peak_mb", "peak memory (MB)", "MB")):
        style_axes(ax)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("units", fontproperties=LABEL)
        ax.set_ylabel(label, fontproperties=LABEL)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        for route, (colour, marker, name) in ROUTE_STYLE.items():
            mine = sized[sized["route"] == route].sort_values("units")
            done = mine[mine["finished"].astype(bool)]
            if len(done):
                ax.plot(done["units"], done[column], color=colour, marker=marker, label=name)
            for row in done.itertuples():
                ax.annotate(f"{getattr(row, column):,.0f} {unit}", (row.units, getattr(row, column)),
                            xytext=(5, -11), textcoords="offset points", fontproperties=SMALL, color=colour)
            stopped = mine[~mine["finished"].astype(bool)]
            if len(stopped):
                ax.scatter(stopped["units"], stopped[column], facecolors="none", edgecolors=colour, marker=marker,
                           label=f"{name}: stopped unfinished", zorder=3)
            for row in stopped.itertuples():
                ax.annotate(f"≥ {getattr(row, column):,.0f} {unit}" if column == "seconds" else
                            f"{getattr(row, column):,.0f} {unit}", (row.units, getattr(row, column)),
                            # routes stopped at the same size are labelled one above the other
                            xytext=(-5, 4 + 11 * list(ROUTE_STYLE).index(route)), textcoords="offset points",
                            ha="right", fontproperties=SMALL,
                            color=colour)
        ticks = sorted(sized["units"].unique())
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{t:,}" for t in ticks])
        ax.minorticks_off()
        ax.margins(x=0.08, y=0.15)
    if len(sized):
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=min(3, len(labels)), prop=SMALL, frameon=False)
    else:
        for ax in axes:
            draw_message(ax, "no synthetic runs")
    return fig
