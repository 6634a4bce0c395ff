"""The page itself (``streamlit run`` runs this file on every click): the language switch and the six steps in
the sidebar, the chosen step in the middle. What the steps share lives in ``st.session_state``:

``lang`` (vi/en), ``workspace`` (the folder of ``Workspace``), ``data`` (the data folder in use), ``scenario`` (the
scenario file to solve), ``job`` (the solve running or last run), ``result`` (the result folder last solved)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import streamlit as st

from optimizer import api
from optimizer.app import page_compare, page_data, page_results, page_scenario, page_sensitivity, page_solve
from optimizer.app.texts import t
from optimizer.app.workspace import Workspace

STEPS = {"data": page_data.show, "scenario": page_scenario.show, "solve": page_solve.show,
         "results": page_results.show, "compare": page_compare.show, "sensitivity": page_sensitivity.show}
LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def _arguments() -> argparse.Namespace:
    """What ``launch`` passes after ``--``: the workspace folder and the first language."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--workspace", default="workspace")
    parser.add_argument("--lang", choices=tuple(LANG_NAMES), default="vi")
    known, _ = parser.parse_known_args(sys.argv[1:])
    return known


def _defaults() -> None:
    state = st.session_state
    if "workspace" not in state or "lang" not in state:
        arguments = _arguments()
        state.setdefault("workspace", arguments.workspace)
        state.setdefault("lang", arguments.lang)
    state.setdefault("step", "data")
    state.setdefault("data", str(api.BUNDLED_DATA))
    state.setdefault("scenario", str(api.SCENARIOS / "baseline.yaml"))


def main() -> None:
    st.set_page_config(page_title="Phân bổ chỉ tiêu", page_icon="📋", layout="wide")
    _defaults()
    state = st.session_state
    with st.sidebar:
        st.markdown(f"**{t('title', state['lang'])}**")
        lang = st.radio(t("language", state["lang"]), list(LANG_NAMES), format_func=LANG_NAMES.get, key="lang",
                        horizontal=True)
        step = st.radio(t("steps", lang), list(STEPS), format_func=lambda s: t(f"step_{s}", lang), key="step")
        st.divider()
        st.caption(t("current_data", lang, name=Path(state["data"]).name))
        st.caption(t("current_scenario", lang, name=Path(state["scenario"]).stem))
        st.caption(t("workspace_at", lang, path=Path(state["workspace"]).resolve()))
    STEPS[step](lang, Workspace(Path(state["workspace"])))


main()
