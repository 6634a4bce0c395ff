"""Step 4: a result folder of the workspace as a planner reads it: the status and headline numbers, the allocation
in the appendix layout (PL1/PL2 of allocation.xlsx) for a year or the whole period, coverage against the targets,
the units below target and why, the charts, the one-page brief, and the files to download."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from optimizer import api
from optimizer.app import views
from optimizer.app.texts import t
from optimizer.app.workspace import Workspace

BOLD_ROWS = ("group", "total", "quota")


def _stamp(folder: Path) -> float:
    """Changes when the folder is written again (a cache key)."""
    return (folder / "summary.json").stat().st_mtime


@st.cache_data(show_spinner=False, max_entries=16)
def _appendix(folder: str, stamp: float, year: int | None, lang: str) -> list[api.AppendixTable]:
    return api.appendix_tables(folder, year, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _overview(folder: str, stamp: float, lang: str) -> dict:
    return {**api.result_overview(folder, lang), "classes": api.headline(folder)["classes"]}


@st.cache_data(show_spinner=False, max_entries=64)
def _why(folder: str, stamp: float, unit: str | None, lang: str) -> pd.DataFrame:
    table, sentences = api.explain_folder(folder, unit, lang)
    return views.explanation_rows(table, sentences, api.short_units(folder, lang), lang)


@st.cache_data(show_spinner=False, max_entries=8)
def _picture(pdf: str, stamp: float) -> bytes | None:
    return api.brief_picture(pdf)


@st.cache_data(show_spinner=False, max_entries=4)
def _zip(folder: str, stamp: float, names: tuple[str, ...]) -> bytes:
    return api.zip_folder(folder)


def show(lang: str, workspace: Workspace) -> None:
    st.header(t("step_results", lang))
    folders = views.ordered_results(workspace.results(), st.session_state.get("result"))
    if not folders:
        st.info(t("no_results", lang))
        return
    last = st.session_state.get("result")
    if last and Path(last) in folders and st.session_state.get("results_last") != last:
        # A new solve: show it, whatever was picked before.
        st.session_state["results_last"] = last
        st.session_state["results_folder"] = Path(last)
    folder = st.selectbox(t("result_which", lang), folders, format_func=views.folder_label, key="results_folder")
    folder = Path(folder)
    try:
        overview = _overview(str(folder), _stamp(folder), lang)
    except api.OptimizerError as error:
        st.error(t("read_failed", lang, error=api.failure_text(error, int(error.exit_status), lang)))
        return
    _headline(overview, lang)
    tabs = st.tabs([t("appendix_title", lang), t("targets_title", lang), t("why_title", lang),
                    t("charts_title", lang), t("brief_title", lang), t("downloads_title", lang)])
    with tabs[0]:
        _appendix_part(folder, lang)
    with tabs[1]:
        _targets_part(folder, lang)
    with tabs[2]:
        _why_part(folder, overview, lang)
    with tabs[3]:
        for chart in api.chart_files(folder):
            st.image(str(chart), caption=chart.name)
    with tabs[4]:
        _brief_part(folder, lang)
    with tabs[5]:
        _downloads(folder, lang)


def _headline(overview: dict, lang: str) -> None:
    say = st.success if overview["status"] == "optimal" else st.warning  # a time-limited or bent plan
    say(t("result_status", lang, name=overview["name"], status=api.status_words(overview["status"], lang),
          seats=views.number(overview["seats"], lang), classes=views.number(overview["classes"], lang),
          years=overview["years"]))
    st.caption(overview["question"])
    tiers = overview["tiers"]
    if len(tiers):
        columns = st.columns(len(tiers))
        for column, row in zip(columns, tiers.itertuples(index=False)):
            column.metric(row.tier, f"{views.number(row.allocated, lang)} / {views.number(row.demand, lang)}",
                          help=f"{t('share', lang)}: {views.percent(row.share, lang)}; "
                               f"{t('target_share', lang)}: {views.percent(row.target, lang)}")
        year = overview["target_year"]
        st.markdown(f"**{t('tiers_title', lang, year=year if year is not None else '–')}**")
        shown = tiers.rename(columns={"tier": t("tier", lang), "demand": t("demand", lang),
                                      "allocated": t("covered", lang), "share": t("share", lang),
                                      "target": t("target_share", lang), "short": t("short", lang)})
        st.dataframe(views.formatted(shown, lang, shares=(t("share", lang), t("target_share", lang))),
                     hide_index=True, key="tiers_table")


def _appendix_part(folder: Path, lang: str) -> None:
    years = api.result_years(folder)
    when = st.radio(t("appendix_when", lang), [None, *years], horizontal=True, key="appendix_year",
                    format_func=lambda y: t("whole_period", lang) if y is None else str(y))
    for sheet in _appendix(str(folder), _stamp(folder), when, lang):
        st.markdown(f"**{sheet.name}**: {sheet.heading}")
        kinds = list(sheet.kinds)
        values = [c for c in sheet.table.columns[2:]]
        styled = (sheet.table.style
                  .format(lambda v: views.number(v, lang) if pd.notna(v) else "", subset=values)
                  .apply(lambda row, kinds=kinds:
                         ["font-weight: bold" if kinds[row.name] in BOLD_ROWS else ""] * len(row),
                         axis=1))
        st.dataframe(styled, hide_index=True, key=f"appendix_{sheet.name}",
                     column_config={column: st.column_config.TextColumn(pinned=True)
                                    for column in sheet.table.columns[:2]})


def _targets_part(folder: Path, lang: str) -> None:
    table = api.target_coverage(folder, lang)
    shown = table.drop(columns=["family_id", "tier_id"]).rename(columns={
        "family": t("family", lang), "tier": t("tier", lang), "year": t("year", lang), "demand": t("demand", lang),
        "allocated_cumulative": t("covered_so_far", lang), "share": t("share", lang),
        "target_share": t("target_share", lang)})
    st.dataframe(views.formatted(shown, lang, shares=(t("share", lang), t("target_share", lang))),
                 hide_index=True, key="targets_table")


def _why_part(folder: Path, overview: dict, lang: str) -> None:
    year = overview["target_year"]
    if year is not None and len(overview["below"]):
        st.markdown(f"**{t('below_title', lang, year=year)}**")
        below = overview["below"].rename(columns={"unit": t("unit", lang), "short": t("short", lang),
                                                  "share": t("share", lang), "target": t("target_share", lang),
                                                  "reason": t("reason", lang)})
        st.dataframe(views.formatted(below, lang, shares=(t("share", lang), t("target_share", lang))),
                     hide_index=True, key="below_table")
        if overview["below_more"]:
            st.caption(t("below_more", lang, count=views.number(overview["below_more"], lang)))
    units = api.short_units(folder, lang)
    if not units:
        st.info(t("why_none", lang))
        return
    unit = st.selectbox(t("why_unit", lang), [None, *units], key="why_unit",
                        format_func=lambda u: t("all_units", lang) if u is None else units[u])
    st.dataframe(_why(str(folder), _stamp(folder), unit, lang), hide_index=True, key="why_table",
                 column_config={views.REASON_HEADERS[lang][1]: st.column_config.TextColumn(width="large")})


def _brief_part(folder: Path, lang: str) -> None:
    pdf = folder / "tom_tat.pdf"
    if not pdf.is_file():
        st.info(t("brief_missing", lang))
        return
    picture = _picture(str(pdf), pdf.stat().st_mtime)
    if picture is None:
        st.info(t("brief_no_picture", lang))
    else:
        st.image(picture, width=700)
    st.download_button(t("download_brief", lang), pdf.read_bytes(), file_name=f"tom_tat_{folder.name}.pdf",
                       mime="application/pdf", key="brief_pdf_page", on_click="ignore")


def _downloads(folder: Path, lang: str) -> None:
    files = [("allocation.xlsx", "download_workbook",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
             ("tom_tat.pdf", "download_brief", "application/pdf")]
    for name, words, mime in files:
        path = folder / name
        if path.is_file():
            st.download_button(t(words, lang), path.read_bytes(), file_name=f"{folder.name}_{name}", mime=mime,
                               key=f"download_{name}", on_click="ignore")
    report = folder / "report.html"
    if not report.is_file() and st.button(t("make_report", lang), key="make_report"):
        try:
            api.report(folder, lang)
        except api.OptimizerError as error:
            st.error(api.failure_text(error, int(error.exit_status), lang))
    if report.is_file():
        st.download_button(t("download_report", lang), report.read_bytes(), file_name=f"{folder.name}_report.html",
                           mime="text/html", key="download_report.html", on_click="ignore")
    names = tuple(sorted(p.name for p in folder.rglob("*") if p.is_file()))
    st.download_button(t("download_zip", lang), _zip(str(folder), _stamp(folder), names),
                       file_name=f"{folder.name}.zip", mime="application/zip", key="download_zip", on_click="ignore")
    if st.button(t("verify_button", lang), key="verify"):
        found = api.verify(folder, redo=False)
        if found.ok:
            st.success(t("verify_ok", lang))
        else:
            st.error(t("verify_bad", lang, problems="; ".join(f"{p.file}: {p.what}" for p in found.problems[:5])))
