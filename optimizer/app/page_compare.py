"""Step 5: two or more result folders side by side, the first as the base: what each scenario changed, the seats
each unit gained and lost per year, coverage per tier, the charts, comparison.xlsx and a brief against the base.
The comparison is written into the workspace's ``compare/`` folder, as ``compare --out`` writes it."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from optimizer import api
from optimizer.app import views
from optimizer.app.texts import t
from optimizer.app.workspace import Workspace

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def compare_folders(folders: list[str], workspace: Workspace, lang: str) -> dict:
    """Compare ``folders`` (the first is the base) and write the comparison into the workspace; what the page
    keeps of it: the folder written, the compared folders and the comparison itself."""
    comparison = api.compare(folders)
    out = workspace.new_path("compare", "_vs_".join(comparison.names[1:]) + "_vs_" + comparison.names[0])
    api.write_comparison(comparison, out, lang=lang)
    return {"out": str(out), "folders": list(folders), "comparison": comparison, "lang": lang}


def show(lang: str, workspace: Workspace) -> None:
    st.header(t("step_compare", lang))
    st.write(t("compare_intro", lang))
    folders = views.ordered_results(workspace.results(), None)
    if len(folders) < 2:
        st.info(t("compare_need_two", lang))
        return
    # The base first: the baseline when there is one, else the oldest result.
    base = next((f for f in folders if views.scenario_of(f).get("name") == "baseline"), folders[-1])
    last = st.session_state.get("result")
    other = Path(last) if last and Path(last) in folders and Path(last) != base else next(
        f for f in folders if f != base)
    chosen = st.multiselect(t("compare_which", lang), [str(f) for f in folders], default=[str(base), str(other)],
                            format_func=lambda f: views.folder_label(f), key="compare_folders",
                            placeholder=t("choose", lang))
    if len(chosen) < 2:
        st.warning(t("compare_need_two", lang))
    elif st.button(t("compare_button", lang), type="primary", key="compare"):
        with st.spinner(t("comparing", lang)):
            try:
                st.session_state["comparison"] = compare_folders(chosen, workspace, lang)
            except api.OptimizerError as error:
                st.error(api.failure_text(error, int(error.exit_status), lang))
    done = st.session_state.get("comparison")
    if done is not None and Path(done["out"]).is_dir():
        _shown(done, workspace, lang)


def _shown(done: dict, workspace: Workspace, lang: str) -> None:
    comparison, out = done["comparison"], Path(done["out"])
    names = comparison.names
    st.success(t("compared", lang, names=", ".join(names), base=names[0]))
    st.subheader(t("scenarios_title", lang))
    scenarios = api.comparison_sheet(comparison, "scenarios", lang)
    st.dataframe(views.formatted(views.as_text(scenarios), lang), hide_index=True, key="compare_scenarios")
    questions = list(comparison.scenarios["question"].astype(str))

    def sheet(table: str):
        return views.scenario_first(api.comparison_sheet(comparison, table, lang), list(names), questions, lang)

    st.subheader(t("changes_title", lang))
    st.dataframe(sheet("input_changes"), hide_index=True, key="compare_changes")
    st.subheader(t("gains_title", lang))
    gains = sheet("gains_losses")
    unit_column = gains.columns[1]
    units = sorted(set(gains[unit_column]))
    picked = st.multiselect(t("gains_unit", lang), units, key="gains_units", placeholder=t("choose", lang))
    st.dataframe(gains[gains[unit_column].isin(picked)] if picked else gains, hide_index=True, key="compare_gains")
    st.subheader(t("coverage_title", lang))
    st.dataframe(sheet("coverage"), hide_index=True, key="compare_coverage")
    if len(comparison.coverage_by_area):  # a merged province: what each former province gets in each scenario
        st.subheader(t("coverage_area_title", lang))
        st.dataframe(sheet("coverage_by_area"), hide_index=True, key="compare_coverage_area")
    st.subheader(t("charts_title", lang))
    for chart in api.chart_files(out, "compare_"):
        st.image(str(chart), caption=chart.name)
    st.subheader(t("downloads_title", lang))
    st.download_button(t("download_comparison", lang), (out / "comparison.xlsx").read_bytes(),
                       file_name=f"{out.name}.xlsx", mime=XLSX, key="download_comparison", on_click="ignore")
    base = done["folders"][0]
    for position, (folder, name) in enumerate(zip(done["folders"][1:], names[1:]), start=1):
        briefs = done.setdefault("briefs", {})
        if folder not in briefs and st.button(t("brief_against", lang, name=name, base=names[0]),
                                              key=f"brief_{position}"):
            path = workspace.new_path("compare", f"tom_tat_{name}_vs_{names[0]}", ".pdf")
            briefs[folder] = str(api.brief(folder, path, compare=base, lang=lang))
        if folder in briefs:
            st.download_button(t("download_brief_against", lang, name=name), Path(briefs[folder]).read_bytes(),
                               file_name=Path(briefs[folder]).name, mime="application/pdf",
                               key=f"download_brief_{position}", on_click="ignore")
