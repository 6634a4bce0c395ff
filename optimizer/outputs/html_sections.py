"""The sections of the HTML report and what they show of a result folder: the scenario and its settings, the
headline numbers, the charts, the allocation and coverage tables, the explanations of short rows, the plan warnings,
the stage values and the folder's files, each a function from the folder's parsed content to HTML.

``report_sections`` gives the page's title and its sections in order; ``html_report`` puts them in the page.
"""


from __future__ import annotations

import base64
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs.schema import KIND_LABELS, UNIT_KINDS
from ..words import TOTAL_LABELS, said
from .folder import (
    ALLOCATION_FILE,
    CLASSES_FILE,
    COVERAGE_FILE,
    EXPLANATIONS_FILE,
    INPUT_TABLES,
    SUMMARY_FILE,
    TIMING_FILE,
    ResultFolder,
)
from .html_labels import LABELS
from .html_markup import (
    Cell,
    amount_text,
    collapsed,
    esc,
    gap_text,
    html_table,
    int_list,
    number_text,
    percent_text,
    years_text,
)
from .report import stage_meaning
from .result_charts import RESULT_CHARTS

# The files a page cannot do without; every other one only adds to it.
REQUIRED_FILES = (SUMMARY_FILE, ALLOCATION_FILE, COVERAGE_FILE, INPUT_TABLES["units"].path)
# The tables the page shows, by the name it uses for them, in the order they are read (the first problem is named).
SHOWN_TABLES = {"allocation": ALLOCATION_FILE, "coverage": COVERAGE_FILE, "classes": CLASSES_FILE,
                **{name: INPUT_TABLES[name].path for name in ("units", "tiers", "families", "courses", "targets",
                                                               "caps")},
                "explanations": EXPLANATIONS_FILE}
CHART_ORDER = tuple(chart.name for chart in RESULT_CHARTS)  # shown first, in this order; any other after, by name
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EPSILON = 1e-9  # a share equal to its target, up to floating-point noise, is not below it


@dataclass(frozen=True)
class ReportFolder:
    """What the page shows of a result folder, parsed; optional tables are None when their file is absent."""

    files: Mapping[str, bytes]
    summary: dict
    scenario: dict
    allocation: pd.DataFrame
    coverage: pd.DataFrame
    classes: pd.DataFrame | None
    units: pd.DataFrame
    tiers: pd.DataFrame | None
    families: pd.DataFrame | None
    courses: pd.DataFrame | None
    targets: pd.DataFrame | None
    caps: pd.DataFrame | None
    explanations: pd.DataFrame | None


def report_folder(content: ResultFolder) -> ReportFolder:
    """The parsed content the page needs; an ``InputError`` naming the first required file missing or broken."""
    summary = content.summary
    tables = {name: content.table(path) if path in REQUIRED_FILES else content.optional_table(path)
              for name, path in SHOWN_TABLES.items()}
    return ReportFolder(files=content.files, summary=summary, scenario=content.scenario, **tables)


def _labels(frame: pd.DataFrame | None, key: str, lang: str) -> dict[str, str]:
    """Display name per id of an input table, in file order; English falls back to the Vietnamese name."""
    if frame is None:
        return {}
    out: dict[str, str] = {}
    for ident, name, name_en in zip(frame[key], frame["name"], frame["name_en"]):
        if ident not in out:
            out[ident] = name_en if lang == "en" and name_en else (name or ident)
    return out


def _ordered(known: Iterable[str], seen: Iterable[str]) -> list[str]:
    """``known`` ids in their order, then any id only in ``seen``, in order of first appearance."""
    order = list(dict.fromkeys(known))
    present = set(order)
    for ident in seen:
        if ident not in present:
            present.add(ident)
            order.append(ident)
    return order


# --- sections -------------------------------------------------------------------------------------------------


def _status_line(status: str, words: dict[str, str]) -> str:
    if status == "optimal":
        return f'<span class="status-ok">{esc(words["status_optimal"])}</span>'
    if status == "time_limited":
        return f'<span class="status-warn">{esc(words["status_time_limited"])}</span>'
    if status == "baseline":
        return f'<span class="status-warn">{esc(words["status_baseline"])}</span>'
    if status == "elastic":
        return f'<span class="status-warn">{esc(words["status_elastic"])}</span>'
    return f'<span class="status-warn">{esc(status or "–")}</span>'


def _stages(summary: dict) -> list[dict]:
    stages = summary.get("stages")
    return [s for s in stages if isinstance(s, dict)] if isinstance(stages, list) else []


def _title_section(folder: ReportFolder, lang: str, words: dict[str, str], tiers: dict[str, str]) -> str:
    scenario, summary = folder.scenario, folder.summary
    name = str(scenario.get("name") or "–")
    status = str(summary.get("status") or "")
    out = ["<header>", f'<p class="kicker">{esc(words["report"])}</p>',
           f"<h1>{esc(words['title'].format(name=name))}</h1>"]
    question = scenario.get("question")
    if question:
        out.append(f'<p class="question"><strong>{esc(words["question"])}:</strong> {esc(question)}</p>')
    out.append(f'<p><strong>{esc(words["status"])}:</strong> {_status_line(status, words)}</p>')
    if status == "time_limited":
        items = []
        for stage in _stages(summary):
            stage_name = str(stage.get("name", ""))
            mark = "" if stage.get("optimal") else " ⚠"
            items.append(f"<li><code>{esc(stage_name)}</code>: {esc(gap_text(stage.get('gap'), lang))}{mark}</li>")
        out.append(f'<div class="warning" role="alert"><p><strong>{esc(words["time_warning"])}</strong></p>'
                   f'<ul>{"".join(items)}</ul></div>')
    broken = summary.get("rule_violations")
    if status in ("baseline", "elastic") and isinstance(broken, dict):
        items = [f"<li><code>{esc(rule)}</code>: {esc(amount_text(count, lang))}</li>"
                 for rule, count in broken.items() if isinstance(count, int) and count > 0]
        text = (f'<p><strong>{esc(words["baseline_rules"])}</strong></p><ul>{"".join(items)}</ul>' if items
                else f'<p>{esc(words["baseline_clean"])}</p>')
        out.append(f'<div class="warning" role="note">{text}</div>')
    out.append("</header>")
    return "\n".join(out)


def _settings_section(folder: ReportFolder, lang: str, words: dict[str, str], tiers: dict[str, str]) -> str:
    scenario, summary = folder.scenario, folder.summary
    rows: list[tuple[str, str]] = []  # (label, HTML)
    if scenario.get("data"):
        rows.append((words["data"], f"<code>{esc(scenario['data'])}</code>"))
    years = int_list(scenario.get("years"))
    rows.append((words["years"], esc(years_text(years))))
    solver = scenario.get("solver")
    solver_parts = []
    if isinstance(solver, dict) and summary.get("status") != "baseline":  # a baseline runs no solver
        time = solver.get("time_limit_seconds")
        solver_parts.append(words["solver_text"].format(
            name=solver.get("name", "–"), time=amount_text(time, lang) if time is not None else "–",
            seed=solver.get("seed", "–")))
    if summary.get("solver"):
        solver_parts.append(str(summary["solver"]))
    if solver_parts:
        rows.append((words["solver"], esc("; ".join(solver_parts))))
    extends = scenario.get("extends")
    if isinstance(extends, list) and extends:
        rows.append((words["extends"], ", ".join(f"<code>{esc(e)}</code>" for e in extends)))
    tier_order = scenario.get("tier_order")
    if isinstance(tier_order, list) and tier_order:
        rows.append((words["tier_order"], esc(" → ".join(tiers.get(str(t), str(t)) for t in tier_order))))
    frozen = scenario.get("frozen")
    if isinstance(frozen, dict):
        text = words["frozen_text"].format(years=years_text(int_list(frozen.get("years"))),
                                           file=frozen.get("file", "–"))
        rows.append((words["frozen"], esc(text)))
    elif frozen:
        rows.append((words["frozen"], esc(frozen)))
    if scenario.get("reference"):
        rows.append((words["reference"], f"<code>{esc(scenario['reference'])}</code>"))
    if scenario.get("plan_from_year") is not None:
        rows.append((words["plan_from_year"], esc(scenario["plan_from_year"])))
    if summary.get("input_hash"):
        rows.append((words["input_hash"], f"<code>{esc(summary['input_hash'])}</code>"))
    out = ['<section id="settings">', f"<h2>{esc(words['settings'])}</h2>", '<dl class="settings">']
    out += [f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in rows]
    out.append("</dl>")

    if scenario.get("separate_quotas_by"):
        out.append(f'<p class="note">{esc(words["separate_quotas"])}</p>')
    limits = scenario.get("release_limits")
    if isinstance(limits, dict) and limits:
        kinds = KIND_LABELS[lang]
        out.append(f"<h3>{esc(words['release_limits'])}</h3>")
        out.append(f'<p class="note">{esc(words["release_note"])}</p>')
        order = _ordered([k for k in UNIT_KINDS if k in limits], [str(k) for k in limits])
        body = [([kinds.get(k, k), amount_text(limits[k], lang)], "") for k in order]
        out.append(html_table([words["kind"], words["limit"]], body, numeric=[1]))

    out.append(f"<h3>{esc(words['changes'])}</h3>")
    changes = scenario.get("changes")
    changes = [c for c in changes if isinstance(c, dict)] if isinstance(changes, list) else []
    if changes:
        body = [([str(c.get("key", "")), str(c.get("file", "")), said(c, "text", lang)], "") for c in changes]
        out.append(html_table([words["key"], words["file"], words["text"]], body))
    else:
        out.append(f"<p>{esc(words['no_changes'])}</p>")
    out.append("</section>")
    return "\n".join(out)


def _last_year(folder: ReportFolder) -> int | None:
    years = int_list(folder.scenario.get("years"))
    if years:
        return max(years)
    if len(folder.allocation):
        return int(folder.allocation["year"].max())
    return None


def _target_year(folder: ReportFolder) -> int | None:
    """The year whose targets apply: the scenario's last year, or the latest target year before it."""
    last = _last_year(folder)
    if folder.targets is None or last is None or not len(folder.targets):
        return None
    years = folder.targets.loc[folder.targets["year"] <= last, "year"]
    return int(years.max()) if len(years) else None


def _below_target(folder: ReportFolder) -> tuple[int | None, pd.Series]:
    """(target year, per coverage row the target share it falls short of, NaN where it meets it or has none).

    A row is below target when allocated / demand < target share, compared exactly (not on the rounded share).
    """
    year = _target_year(folder)
    coverage = folder.coverage
    shortfall = pd.Series(np.nan, index=coverage.index, dtype="float64")
    if year is None:
        return None, shortfall
    targets = folder.targets[folder.targets["year"] == year]
    lookup = {(f, t): float(s) for f, t, s in zip(targets["family"], targets["tier"], targets["target_share"])
              if math.isfinite(float(s))}
    for index, family, tier, demand, allocated in zip(coverage.index, coverage["family"], coverage["tier"],
                                                      coverage["demand"], coverage["allocated"]):
        target = lookup.get((family, tier))
        if target is not None and demand > 0 and allocated < target * demand - EPSILON:
            shortfall[index] = target
    return year, shortfall


def _share(row_share: float, allocated: int, demand: int) -> float | None:
    if math.isfinite(row_share):
        return row_share
    return allocated / demand if demand > 0 else None


def _headline_section(folder: ReportFolder, lang: str, words: dict[str, str], names: dict[str, dict[str, str]],
                      below: tuple[int | None, pd.Series]) -> str:
    allocation, coverage = folder.allocation, folder.coverage
    seats = folder.summary.get("seats")
    if isinstance(seats, bool) or not isinstance(seats, (int, float)):
        seats = int(allocation["seats"].sum())
    by_year = allocation.groupby("year")["seats"].sum()
    out = ['<section id="headline">', f"<h2>{esc(words['headline'])}</h2>",
           f'<p>{esc(words["seats_total"])}</p><p class="big">{esc(number_text(seats, lang))}</p>']
    if len(by_year):
        parts = [f"{words['seats_year'].format(year=int(y))}: {number_text(s, lang)}" for y, s in by_year.items()]
        out.append(f'<p class="note">{esc("; ".join(parts))}</p>')

    tier_names = names["tier"]
    order = _ordered(tier_names, coverage["tier"])
    totals = coverage.groupby("tier")[["demand", "allocated"]].sum()
    year, shortfall = below
    short = shortfall.notna().groupby(coverage["tier"]).sum()
    body = []
    for tier in order:
        if tier not in totals.index:
            continue
        demand, allocated = int(totals.at[tier, "demand"]), int(totals.at[tier, "allocated"])
        cells = [tier_names.get(tier, tier), number_text(demand, lang), number_text(allocated, lang),
                 percent_text(allocated / demand if demand else None, lang)]
        body.append((cells + ([number_text(short.get(tier, 0), lang)] if year is not None else []), ""))
    demand, allocated = int(coverage["demand"].sum()), int(coverage["allocated"].sum())
    foot = [TOTAL_LABELS[lang], number_text(demand, lang), number_text(allocated, lang),
            percent_text(allocated / demand if demand else None, lang)]
    head = [words["tier"], words["demand"], words["allocated"], words["share"]]
    if year is not None:
        foot.append(number_text(int(shortfall.notna().sum()), lang))
        head.append(words["below_cases"].format(year=year))
    out.append(f"<h3>{esc(words['coverage_by_tier'])}</h3>")
    out.append(html_table(head, body, range(1, len(head)), row_headers=True, foot=foot))

    last = _last_year(folder)
    out.append(f'<h3 id="below">{esc(words["below"].format(year=year if year is not None else last or "–"))}</h3>')
    if year is None:
        out.append(f"<p>{esc(words['no_targets'].format(year=last if last is not None else '–'))}</p>")
    else:
        rows = coverage[shortfall.notna()]
        if not len(rows):
            out.append(f"<p>{esc(words['below_none'].format(year=year))}</p>")
        else:
            count = words["below_count"].format(rows=number_text(len(rows), lang),
                                                units=number_text(rows["unit_id"].nunique(), lang), year=year)
            out.append(f"<p><strong>{esc(count)}</strong></p>")
            body = []
            for index, row in rows.iterrows():
                body.append(([names["unit"].get(row["unit_id"], row["unit_id"]),
                              names["family"].get(row["family"], row["family"]),
                              tier_names.get(row["tier"], row["tier"]),
                              number_text(row["demand"], lang), number_text(row["allocated"], lang),
                              percent_text(_share(row["share"], row["allocated"], row["demand"]), lang),
                              percent_text(shortfall[index], lang)], ""))
            out.append(collapsed(words["below_table"].format(rows=number_text(len(rows), lang)), html_table(
                [words["unit"], words["family"], words["tier"], words["demand"], words["allocated"], words["share"],
                 words["target"]], body, [3, 4, 5, 6])))
    out.append("</section>")
    return "\n".join(out)


def _chart_names(files: Mapping[str, bytes]) -> list[str]:
    """Chart stems at the top of the folder: the known ones in CHART_ORDER, then any other by name."""
    stems = {name.rsplit(".", 1)[0] for name in files
             if "/" not in name and name.lower().endswith((".png", ".svg"))}
    return [s for s in CHART_ORDER if s in stems] + sorted(stems - set(CHART_ORDER))


def _image(files: Mapping[str, bytes], stem: str) -> tuple[str, str] | None:
    """(file name, data: URI) of a chart: the SVG if there is a readable one, else the PNG."""
    svg = files.get(f"{stem}.svg")
    if svg is not None and b"<svg" in bytes(svg[:4096]):
        return f"{stem}.svg", "data:image/svg+xml;base64," + base64.b64encode(bytes(svg)).decode("ascii")
    png = files.get(f"{stem}.png")
    if png is not None and bytes(png[:8]) == PNG_MAGIC:
        return f"{stem}.png", "data:image/png;base64," + base64.b64encode(bytes(png)).decode("ascii")
    return None


def _charts_section(folder: ReportFolder, words: dict[str, str]) -> str:
    out = ['<section id="charts">', f"<h2>{esc(words['charts'])}</h2>"]
    stems = _chart_names(folder.files)
    if not stems:
        out.append(f"<p>{esc(words['no_charts'])}</p>")
    number = 0
    for stem in stems:
        image = _image(folder.files, stem)
        if image is None:
            present = next(n for n in (f"{stem}.svg", f"{stem}.png") if n in folder.files)
            out.append(f'<p class="note">{esc(words["bad_chart"].format(file=present))}</p>')
            continue
        number += 1
        name, uri = image
        caption = words.get(f"chart_{stem}") or words["chart_other"].format(file=name)
        out.append(f'<figure id="chart-{esc(stem)}"><img src="{uri}" alt="{esc(caption)}">'
                   f"<figcaption><strong>{esc(words['figure'].format(number=number))}</strong> {esc(caption)} "
                   f"(<code>{esc(name)}</code>)</figcaption></figure>")
    out.append("</section>")
    return "\n".join(out)


def _quota_courses(folder: ReportFolder, year: int) -> set[str]:
    """Courses that a positive seat quota of ``year`` covers, directly or through their family (as the workbook)."""
    if folder.caps is None or folder.courses is None:
        return set()
    caps = folder.caps
    targets = set(caps.loc[(caps["year"] == year) & (caps["seats_max"].fillna(0) > 0), "target"])
    courses = folder.courses
    chosen = courses["course_id"].isin(targets) | courses["family"].isin(targets)
    return set(courses.loc[chosen, "course_id"])


def _allocation_section(folder: ReportFolder, lang: str, words: dict[str, str],
                        names: dict[str, dict[str, str]]) -> str:
    allocation = folder.allocation
    total = TOTAL_LABELS[lang]
    years = sorted(set(int_list(folder.scenario.get("years"))) | {int(y) for y in allocation["year"]})
    units = _ordered(folder.units["unit_id"], allocation["unit_id"])
    course_order = _ordered(names["course"], allocation["course_id"])
    out = ['<section id="allocation">', f"<h2>{esc(words['allocation'])}</h2>",
           f'<p class="note">{esc(words["allocation_note"])}</p>']
    for year in years:
        rows = allocation[allocation["year"] == year]
        grid = rows.groupby(["unit_id", "course_id"])["seats"].sum()
        shown = set(rows["course_id"]) | _quota_courses(folder, year)
        courses = [c for c in course_order if c in shown]
        head = [words["unit"], *(names["course"].get(c, c) for c in courses), total]
        body = []
        for unit in units:
            values = [int(grid.get((unit, c), 0)) for c in courses]
            cells: list[Cell] = [names["unit"].get(unit, unit)]
            cells += [(number_text(v, lang), "z") if v == 0 else number_text(v, lang) for v in values]
            cells.append((number_text(sum(values), lang), "total"))
            body.append((cells, ""))
        column_totals = [int(rows.loc[rows["course_id"] == c, "seats"].sum()) for c in courses]
        foot = [total, *(number_text(v, lang) for v in column_totals), number_text(int(rows["seats"].sum()), lang)]
        title = (f"{words['year_table'].format(year=year)}: "
                 f"{words['year_rows'].format(units=len(units), courses=len(courses))}")
        out.append(f'<section class="year" id="year-{year}">')
        out.append(collapsed(title, html_table(head, body, range(1, len(head)), row_headers=True, cls="grid",
                                               foot=foot), heading="h3"))
        out.append("</section>")

    if folder.classes is not None and len(folder.classes):
        classes = folder.classes.copy()
        position = {c: i for i, c in enumerate(course_order)}
        classes["_order"] = classes["course_id"].map(lambda c: position.get(c, len(position)))
        classes = classes.sort_values(["year", "_order"], kind="stable")
        body = [([str(int(r.year)), names["course"].get(r.course_id, r.course_id), number_text(r.classes, lang),
                  number_text(r.seats, lang)], "") for r in classes.itertuples(index=False)]
        out.append(f'<h3 id="classes">{esc(words["classes"])}</h3>')
        out.append(html_table([words["year"], words["course"], words["class_count"], words["seats"]], body, [2, 3]))
    out.append("</section>")
    return "\n".join(out)


def _coverage_section(folder: ReportFolder, lang: str, words: dict[str, str], names: dict[str, dict[str, str]],
                      below: tuple[int | None, pd.Series]) -> str:
    year, shortfall = below
    coverage = folder.coverage
    note = words["coverage_note"].format(year=year) if year is not None else words["coverage_note_plain"]
    out = ['<section id="coverage">', f"<h2>{esc(words['coverage'])}</h2>", f'<p class="note">{esc(note)}</p>']
    body = []
    for index, row in coverage.iterrows():
        body.append(([names["unit"].get(row["unit_id"], row["unit_id"]),
                      names["family"].get(row["family"], row["family"]),
                      names["tier"].get(row["tier"], row["tier"]),
                      number_text(row["demand"], lang), number_text(row["allocated"], lang),
                      percent_text(_share(row["share"], row["allocated"], row["demand"]), lang)],
                     "below" if pd.notna(shortfall[index]) else ""))
    foot = [TOTAL_LABELS[lang], "", "", number_text(coverage["demand"].sum(), lang),
            number_text(coverage["allocated"].sum(), lang),
            percent_text(coverage["allocated"].sum() / coverage["demand"].sum() if coverage["demand"].sum() else None,
                         lang)]
    out.append(collapsed(words["open_table"].format(rows=number_text(len(body), lang)), html_table(
        [words["unit"], words["family"], words["tier"], words["demand"], words["allocated"], words["share"]], body,
        [3, 4, 5], foot=foot)))
    out.append("</section>")
    return "\n".join(out)


def _warnings_section(folder: ReportFolder, words: dict[str, str], lang: str) -> str:
    warnings = folder.summary.get("warnings")
    warnings = [w for w in warnings if isinstance(w, dict)] if isinstance(warnings, list) else []
    out = ['<section id="warnings">', f"<h2>{esc(words['warnings'])}</h2>"]
    if warnings:
        body = [([str(w.get("code", "")), str(w.get("subject", "")), said(w, "message", lang)], "")
                for w in warnings]
        out.append(html_table([words["code"], words["subject"], words["message"]], body))
    else:
        out.append(f"<p>{esc(words['no_warnings'])}</p>")
    out.append("</section>")
    return "\n".join(out)


def _why_section(folder: ReportFolder, lang: str, words: dict[str, str], names: dict[str, dict[str, str]]) -> str:
    """The explanations of short rows (explanations.csv), a summary by rule and a collapsible list per unit."""
    table = folder.explanations
    if table is None:
        return ""
    out = ['<section id="why">', f"<h2>{esc(words['why'])}</h2>"]
    if table.empty:
        out += [f"<p>{esc(words['why_none'])}</p>", "</section>"]
        return "\n".join(out)
    out.append(f"<p>{esc(words['why_intro'])}</p>")
    counts = table["rule"].value_counts()
    out.append(html_table([words["rule"], words["reasons"]],
                          [([rule, number_text(n, lang)], "") for rule, n in counts.items()], [1]))
    rows = table.drop_duplicates("demand_id")
    per_unit = []
    for unit_id, group in table.groupby("unit_id", sort=False):
        unit_rows = rows[rows["unit_id"] == unit_id]
        title = words["why_unit"].format(unit=names["unit"].get(unit_id, unit_id), rows=len(unit_rows),
                                         short=number_text(unit_rows["short"].astype(int).sum(), lang))
        body = [([names["family"].get(r.family, r.family), names["tier"].get(r.tier, r.tier),
                  f"{r.allocated}/{r.count}", r.rule, r.detail], "") for r in group.itertuples()]
        per_unit.append(f"<details><summary>{esc(title)}</summary>"
                        + html_table([words["family"], words["tier"], words["got"], words["rule"], words["detail"]],
                                     body)
                        + "</details>")
    out.append(collapsed(words["why_units"].format(units=number_text(len(per_unit), lang)), "\n".join(per_unit)))
    out.append("</section>")
    return "\n".join(out)


def _stages_section(folder: ReportFolder, lang: str, words: dict[str, str], tiers: dict[str, str]) -> str:
    stages = _stages(folder.summary)
    out = ['<section id="stages">', f"<h2>{esc(words['stages'])}</h2>"]
    if stages:
        body = []
        for stage in stages:
            name = str(stage.get("name", ""))
            optimal = stage.get("optimal")
            body.append(([name, stage_meaning(name, tiers, lang), amount_text(stage.get("value"), lang),
                          amount_text(stage.get("bound"), lang), gap_text(stage.get("gap"), lang),
                          words["yes"] if optimal else words["no"]], "" if optimal else "below"))
        out.append(html_table([words["stage"], words["meaning"], words["value"], words["bound"], words["gap"],
                               words["optimal"]], body, [2, 3, 4]))
    else:
        out.append(f"<p>{esc(words['no_stages'])}</p>")
    out.append("</section>")
    return "\n".join(out)


def _files_section(folder: ReportFolder, lang: str, words: dict[str, str]) -> str:
    # Wall-clock seconds differ run to run: listing timing.json would make the page differ too.
    body = [([name, number_text(len(data), lang)], "") for name, data in sorted(folder.files.items())
            if name != TIMING_FILE]
    return "\n".join(['<section id="files">', f"<h2>{esc(words['files'])}</h2>",
                      collapsed(words["open_table"].format(rows=number_text(len(body), lang)),
                                html_table([words["file"], words["size"]], body, [1])), "</section>"])


def _nav(words: dict[str, str], has_classes: bool, has_why: bool = False) -> str:
    entries = [("headline", words["headline"]), ("charts", words["charts"])]
    if has_why:
        entries.append(("why", words["why"]))
    entries += [("warnings", words["warnings"]), ("stages", words["stages"]), ("settings", words["settings"]),
                ("allocation", words["allocation"])]
    if has_classes:
        entries.append(("classes", words["classes"]))
    entries += [("coverage", words["coverage"]), ("files", words["files"])]
    items = "".join(f'<li><a href="#{anchor}">{esc(label)}</a></li>' for anchor, label in entries)
    return f'<nav aria-label="{esc(words["contents"])}"><h2>{esc(words["contents"])}</h2><ol>{items}</ol></nav>'


def _details_note(words: dict[str, str]) -> str:
    """Where the long tables begin: they come last and folded, after what a reader needs first."""
    return (f'<div class="details-start" id="details"><p class="kicker">{esc(words["details"])}</p>'
            f'<p class="note">{esc(words["details_note"])}</p></div>')


def report_sections(content: ResultFolder, lang: str) -> tuple[str, list[str]]:
    """The page's title and the HTML of its sections, in order, for a result folder's content."""
    words = LABELS[lang]
    folder = report_folder(content)
    tiers = folder.tiers
    if tiers is not None:
        tiers = tiers.sort_values("rank", kind="stable")
    names = {"unit": _labels(folder.units, "unit_id", lang), "tier": _labels(tiers, "tier", lang),
             "family": _labels(folder.families, "family", lang), "course": _labels(folder.courses, "course_id", lang)}
    below = _below_target(folder)
    name = str(folder.scenario.get("name") or "–")
    has_classes = folder.classes is not None and len(folder.classes) > 0
    return words["title"].format(name=name), [
        # What a reader needs first: the summary and the charts; the long tables come last, folded.
        _title_section(folder, lang, words, names["tier"]),
        _nav(words, has_classes, folder.explanations is not None),
        _headline_section(folder, lang, words, names, below),
        _charts_section(folder, words),
        _why_section(folder, lang, words, names),
        _warnings_section(folder, words, lang),
        _stages_section(folder, lang, words, names["tier"]),
        _settings_section(folder, lang, words, names["tier"]),
        _details_note(words),
        _allocation_section(folder, lang, words, names),
        _coverage_section(folder, lang, words, names, below),
        _files_section(folder, lang, words),
    ]
