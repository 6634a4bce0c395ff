"""Step 6: what one more seat (one seat fewer, one more class) of chosen quota lines is worth, re-solved exactly in
a worker process with a progress bar and a Cancel button; the table with names and sensitivity.xlsx to download.
The run is written into the workspace's ``sensitivity/`` folder, as ``sensitivity --out`` writes it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from optimizer import api
from optimizer.app import views, work
from optimizer.app.jobs import Job
from optimizer.app.texts import t
from optimizer.app.watching import watch
from optimizer.app.workspace import Workspace

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Each worker process solves the scenario once before its variants: for a few lines one process is quicker.
FEW_LINES = 4


@st.cache_data(show_spinner=False, max_entries=8)
def _case_words(scenario: str, stamp: float, lang: str) -> tuple[dict, api.Vocabulary]:
    _, inputs = api.load(scenario)
    return views.quota_lines(api.quota_table(inputs, lang), lang), api.vocabulary(inputs, lang)


def start_run(scenario: str, workspace: Workspace, lang: str, changes: tuple[str, ...],
              lines: tuple[tuple[int, str, str], ...] | None) -> Job:
    """Start the sensitivity run of ``scenario`` (only ``lines`` when given) into a new folder of the workspace."""
    name = Path(scenario).stem
    out = workspace.new_path("sensitivity", name)
    workers = 1 if lines is not None and len(lines) <= FEW_LINES else 2
    return Job.start(name, work.sensitivity_run, scenario, str(out), changes, lang, workers, lines, daemon=False)


def show(lang: str, workspace: Workspace) -> None:
    st.header(t("step_sensitivity", lang))
    st.write(t("sens_intro", lang))
    scenario = st.session_state["scenario"]
    st.markdown(t("sens_scenario", lang, name=f"**{Path(scenario).stem}**"))
    try:
        lines, words = _case_words(scenario, Path(scenario).stat().st_mtime, lang)
    except (api.OptimizerError, OSError) as error:
        status = int(getattr(error, "exit_status", 2))
        st.error(api.failure_text(error, status, lang) if isinstance(error, api.OptimizerError) else str(error))
        return
    chosen = st.multiselect(t("sens_lines", lang), list(lines), format_func=lines.get, key="sens_lines",
                            help=t("sens_lines_help", lang), placeholder=t("sens_all_lines", lang))
    changes = st.multiselect(t("sens_changes", lang), list(views.CHANGE_WORDS[lang]), key="sens_changes",
                             default=["one_more_seat"], format_func=views.CHANGE_WORDS[lang].get,
                             placeholder=t("choose", lang))
    job: Job | None = st.session_state.get("sens_job")
    running = job is not None and job.poll().state == "running"
    if not running and st.button(t("sens_button", lang), type="primary", key="sens_run"):
        if not changes:
            st.warning(t("sens_need_change", lang))
        else:
            st.session_state["sens_job"] = start_run(scenario, workspace, lang, tuple(changes),
                                                     tuple(chosen) if chosen else None)
            st.rerun()
    watch("sens_job", "sens_cancel", lang, _progress)
    if job is not None and job.state != "running":
        _outcome(job, words, lang)


def _progress(job: Job, lang: str) -> None:
    fraction, last = views.progress_of(job.messages, lang)
    st.progress(min(1.0, fraction), text=t("sens_running", lang, name=job.label, seconds=job.seconds))
    st.caption(last or t("sens_base", lang))


def _outcome(job: Job, words: api.Vocabulary, lang: str) -> None:
    if job.state == "cancelled":
        st.warning(t("cancelled", lang))
        return
    if job.state == "failed":
        st.error(t("sens_failed", lang, error=job.error))
        return
    if isinstance(job.value, work.Failure):
        st.error(job.value.said(lang))
        return
    out = Path(job.value)
    table = pd.read_csv(out / "sensitivity.csv", encoding="utf-8-sig")
    for column in [c for c in table.columns if c.startswith("delta") or c == "quota_after"]:
        table[column] = table[column].astype("Int64")
    st.success(t("sens_done", lang, count=views.number(len(table), lang)))
    st.dataframe(views.as_text(views.sensitivity_view(table, words, lang)), hide_index=True, key="sens_table")
    st.download_button(t("download_sensitivity", lang), (out / "sensitivity.xlsx").read_bytes(),
                       file_name=f"{out.name}_sensitivity.xlsx", mime=XLSX, key="download_sensitivity",
                       on_click="ignore")
    chart = out / "sensitivity.png"
    if chart.is_file():
        st.image(str(chart))
