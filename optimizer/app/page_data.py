"""Step 1: the data to allocate — a bundled data set, or the units' workbooks uploaded and checked (every
problem by unit, workbook, sheet and cell, with the report to send back), and the forms to send the units."""

from __future__ import annotations

import datetime
from pathlib import Path

import streamlit as st

from optimizer import api
from optimizer.app import intake_view
from optimizer.app.texts import t
from optimizer.app.workspace import Workspace


def _number(value: int, lang: str) -> str:
    return f"{value:,}".replace(",", ".") if lang == "vi" else f"{value:,}"


def show(lang: str, workspace: Workspace) -> None:
    st.header(t("step_data", lang))
    st.write(t("data_intro", lang))
    source = st.radio(t("data_source", lang), ["bundled", "upload"], horizontal=True, key="data_source",
                      format_func=lambda s: t(f"data_{s}", lang))
    if source == "bundled":
        _bundled(lang)
    else:
        _upload(lang, workspace)
    _in_use(lang)
    _templates(lang, workspace)


def _bundled(lang: str) -> None:
    folders = api.data_folders() + [p for p in Workspace(Path(st.session_state["workspace"])).data()]
    names = [str(p) for p in folders]
    current = st.session_state["data"]
    chosen = st.selectbox(t("data_folder", lang), names, index=names.index(current) if current in names else 0,
                          format_func=lambda p: Path(p).name, key="data_folder")
    if chosen != current and st.button(t("data_use", lang), key="data_use"):
        st.session_state["data"] = chosen
        st.session_state["scenario"] = str(api.SCENARIOS / "baseline.yaml") if Path(chosen) == api.BUNDLED_DATA \
            else st.session_state["scenario"]
        st.rerun()


def _in_use(lang: str) -> None:
    data = Path(st.session_state["data"])
    try:
        scenario, inputs = api.load(data)
    except api.OptimizerError as error:
        st.error(t("bad_input", lang, error=api.failure_text(error, error.exit_status, lang)))
        return
    size = intake_view.data_summary(inputs, lang)
    st.info(t("data_in_use", lang, name=data.name, first=scenario.years[0], last=scenario.years[-1],
              **{k: _number(v, lang) for k, v in size.items()}))
    if inputs.warnings:
        with st.expander(t("data_warnings", lang, count=len(inputs.warnings))):
            st.markdown("\n".join(f"- {w.text(lang)}" for w in inputs.warnings))


def _upload(lang: str, workspace: Workspace) -> None:
    files = st.file_uploader(t("upload_label", lang), type=["xlsx"], accept_multiple_files=True, key="uploads")
    allow_missing = st.checkbox(t("upload_missing_ok", lang), key="allow_missing")
    if files and st.button(t("upload_read", lang), type="primary", key="upload_read"):
        with st.spinner(t("upload_reading", lang, count=len(files))):
            st.session_state["intake"] = _import([(f.name, f.getvalue()) for f in files], workspace, lang,
                                                 allow_missing)
    outcome = st.session_state.get("intake")
    if outcome is not None:
        _show_intake(outcome, lang)


def _import(files: list[tuple[str, bytes]], workspace: Workspace, lang: str, allow_missing: bool) -> dict:
    """Keep the uploads, import them into a new data folder of the workspace and, when clean, make it the data
    in use with a scenario that solves it."""
    stamp = datetime.datetime.now().strftime("%Y%m%d_%H%M%S")
    uploads = intake_view.keep_uploads(files, workspace.new_path("uploads", f"nop_{stamp}"))
    out = workspace.new_path("data", f"don_vi_{stamp}")
    base = Path(st.session_state["data"]) if Path(st.session_state["data"]).parent != workspace.folder("data") \
        else api.BUNDLED_DATA
    try:
        intake, report = api.import_workbooks(uploads, out, data=base, report=uploads[0].parent / "bao_cao_loi.xlsx",
                                              lang=lang, allow_missing=allow_missing)
    except api.OptimizerError as error:
        return {"error": api.failure_text(error, error.exit_status, lang)}
    outcome = {"intake": intake, "report": str(report), "data": str(out) if intake.ok else None}
    if intake.ok:
        scenario_file = workspace.new_path("scenarios", out.name, ".yaml")
        raw = intake_view.imported_scenario(out, scenario_file, t("upload_question", lang, name=out.name))
        api.write_scenario(raw, scenario_file)
        st.session_state["data"], st.session_state["scenario"] = str(out), str(scenario_file)
        outcome["scenario"] = str(scenario_file)
    return outcome


def _show_intake(outcome: dict, lang: str) -> None:
    if "error" in outcome:
        st.error(outcome["error"])
        return
    intake = outcome["intake"]
    if intake.ok:
        sent = [r for r in intake.received if r.workbook]
        st.success(t("upload_done", lang, sent=len(sent), total=len(intake.received),
                     rows=_number(sum(r.rows for r in sent), lang), cadres=_number(sum(r.cadres for r in sent), lang),
                     name=Path(outcome["data"]).name, scenario=Path(outcome["scenario"]).stem))
    else:
        st.error(t("upload_problems", lang, errors=len(intake.errors)))
        st.download_button(t("upload_report_download", lang), Path(outcome["report"]).read_bytes(),
                           file_name=Path(outcome["report"]).name, key="report_download",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if intake.problems:
        st.subheader(t("problems_title", lang))
        st.dataframe(intake_view.problem_table(intake, lang), hide_index=True, use_container_width=True)
    st.subheader(t("received_title", lang))
    st.dataframe(intake_view.received_table(intake, lang), hide_index=True, use_container_width=True)


def _templates(lang: str, workspace: Workspace) -> None:
    st.subheader(t("templates_title", lang))
    st.caption(t("templates_intro", lang))
    data = Path(st.session_state["data"])
    if st.button(t("templates_make", lang), key="templates_make"):
        out = workspace.new_path("templates", f"mau_{data.name}")
        forms = api.write_unit_templates(out, data=data, lang=lang)
        st.session_state["templates"] = (str(out), len(forms))
    made = st.session_state.get("templates")
    if made is not None:
        folder, count = made
        st.download_button(t("templates_download", lang, count=count), api.zip_folder(folder),
                           file_name=f"{Path(folder).name}.zip", mime="application/zip", key="templates_download")
    one = workspace.folder("templates") / f"mau_nhap_lieu_{data.name}_{lang}.xlsx"

    def template_bytes() -> bytes:  # made when asked for: a workbook of 2,000 rows takes a second or two
        if not one.exists():
            api.write_template(one.parent, name=one.name, data=data, lang=lang)
        return one.read_bytes()

    st.download_button(t("template_one_download", lang), template_bytes, file_name=one.name,
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="template_one_download")
