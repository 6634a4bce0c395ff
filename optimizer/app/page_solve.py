"""Step 3: solve the chosen scenario in a worker process, stage by stage, with a Cancel button that stops it."""

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


def start_solve(scenario: str, workspace: Workspace, lang: str, elastic: bool = False) -> Job:
    """Start solving ``scenario`` into a new result folder of the workspace (named after the scenario)."""
    name = Path(scenario).stem + ("_elastic" if elastic else "")
    out = workspace.new_path("results", name)
    return Job.start(name, work.solve_scenario, scenario, str(out), lang, elastic)


def stage_fraction(messages: list) -> tuple[float, str | None]:
    """How far the solve is (the last stage reported of all stages) and the last message."""
    for message in reversed(messages):
        values = getattr(message, "values", {})
        if "number" in values and "total" in values and values["total"]:
            return values["number"] / values["total"], message
    return 0.0, (messages[-1] if messages else None)


def show(lang: str, workspace: Workspace) -> None:
    st.header(t("step_solve", lang))
    st.write(t("solve_intro", lang))
    scenario = st.session_state["scenario"]
    name, question = api.scenario_title(scenario)
    st.markdown(f"**{t('solve_which', lang)}:** {question or name} (`{name}`)")
    job: Job | None = st.session_state.get("job")
    running = job is not None and job.poll().state == "running"
    if not running and st.button(t("solve_button", lang), type="primary", key="solve"):
        st.session_state["job"] = start_solve(scenario, workspace, lang)
        st.rerun()
    watch("job", "cancel", lang, _progress)
    if job is not None and job.state != "running":
        _outcome(job, lang, workspace)


def _progress(job: Job, lang: str) -> None:
    fraction, last = stage_fraction(job.messages)
    st.progress(fraction, text=t("solving", lang, name=job.label, seconds=job.seconds))
    if job.messages:
        st.code("\n".join(api.in_language(m, lang) for m in job.messages[-14:]), language=None)


def _outcome(job: Job, lang: str, workspace: Workspace) -> None:
    if job.state == "cancelled":
        st.warning(t("cancelled", lang))
        return
    if job.state == "failed":
        st.error(t("worker_failed", lang, error=job.error))
        return
    value = job.value
    if isinstance(value, work.Failure):
        st.error(value.said(lang))
        if value.status == int(api.ExitStatus.INFEASIBLE):
            st.info(t("elastic_offer", lang))
            if st.button(t("elastic_button", lang), key="elastic"):
                st.session_state["job"] = start_solve(st.session_state["scenario"], workspace, lang, elastic=True)
                st.rerun()
        return
    st.session_state["result"] = value.folder
    seats = f"{value.seats:,}".replace(",", ".") if lang == "vi" else f"{value.seats:,}"
    seconds = f"{value.seconds:.1f}".replace(".", ",") if lang == "vi" else f"{value.seconds:.1f}"
    st.success(t("solved", lang, name=value.name, status=api.status_words(value.status, lang), seats=seats,
                 seconds=seconds))
    tiers = api.result_overview(value.folder, lang)["tiers"]
    for column, row in zip(st.columns(max(len(tiers), 1)), tiers.itertuples(index=False)):
        # Cadres covered of those listed, per tier in order of urgency: the plan's headline.
        column.metric(row.tier, f"{views.number(row.allocated, lang)} / {views.number(row.demand, lang)}",
                      help=views.percent(row.share, lang))
    if value.bent:
        st.subheader(t("bent_title", lang))
        st.dataframe(pd.DataFrame(value.bent), hide_index=True)
    st.caption(t("written_to", lang, path=value.folder))
    st.button(t("see_results", lang), key="to_results", on_click=_go, args=("results",), type="primary")


def _go(step: str) -> None:
    st.session_state["step"] = step
