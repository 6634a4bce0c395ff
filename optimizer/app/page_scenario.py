"""Step: scenario (being built)."""

from __future__ import annotations

import streamlit as st

from optimizer.app.texts import t
from optimizer.app.workspace import Workspace


def show(lang: str, workspace: Workspace) -> None:
    st.header(t("step_scenario", lang))
