"""The page as Streamlit's headless test runs it, in a workspace of its own (imported by the page's tests)."""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

import optimizer.app

PAGE = Path(optimizer.app.__file__).resolve().parent / "main.py"
ROOT = Path(__file__).resolve().parents[2]


def page(workspace: Path, step: str = "data", lang: str = "vi", **state) -> AppTest:
    """The page at ``step``, first run done, its files kept in ``workspace``."""
    at = AppTest.from_file(str(PAGE), default_timeout=180)
    at.session_state["workspace"] = str(workspace)
    at.session_state["step"] = step
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def until(at: AppTest, done, seconds: float = 300.0) -> AppTest:
    """Rerun the page (as its progress fragment does twice a second) until ``done(at)`` or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while not done(at):
        if time.monotonic() > deadline:
            raise AssertionError(f"the page did not get there in {seconds:.0f} s: {[e.value for e in at.main]!r}")
        time.sleep(0.5)
        at.run()
    return at
