"""The progress of a running job, shared by the steps that start one (solve, sensitivity)."""

from __future__ import annotations

from typing import Callable

import streamlit as st

from optimizer.app.jobs import Job
from optimizer.app.texts import t


@st.fragment(run_every=0.5)
def watch(job_key: str, cancel_key: str, lang: str, show: Callable[[Job, str], None]) -> None:
    """Redraw the job in ``st.session_state[job_key]`` twice a second while the rest of the page stays as it is:
    ``show`` draws its progress, and Cancel stops its worker process. When the job ends, the whole page is drawn
    again so that the step shows the outcome."""
    job: Job | None = st.session_state.get(job_key)
    if job is None or job.state != "running":
        return
    job.poll()
    if job.state != "running":
        st.rerun(scope="app")
    show(job, lang)
    if st.button(t("cancel_button", lang), key=cancel_key):
        job.cancel()
        st.rerun(scope="app")
