"""Start the page's server: ``python3 run.py app [--port N] [--headless] [--workspace DIR]``.

Streamlit serves the page on localhost only; without ``--headless`` it opens the browser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PAGE = Path(__file__).resolve().parent / "main.py"
DEFAULT_PORT = 8501


def command(port: int = DEFAULT_PORT, headless: bool = False, workspace: str | Path = "workspace",
            lang: str = "vi") -> list[str]:
    """The command that serves the page (a list for ``subprocess``)."""
    return [sys.executable, "-m", "streamlit", "run", str(PAGE),
            "--server.port", str(port), "--server.address", "localhost",
            "--server.headless", "true" if headless else "false",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            "--server.maxUploadSize", "50", "--theme.base", "light",
            "--client.toolbarMode", "minimal",
            "--", "--workspace", str(Path(workspace).resolve()), "--lang", lang]


def serve(port: int = DEFAULT_PORT, headless: bool = False, workspace: str | Path = "workspace",
          lang: str = "vi") -> int:
    """Serve until interrupted (Ctrl-C); the server's exit status."""
    try:
        return subprocess.run(command(port, headless, workspace, lang)).returncode
    except KeyboardInterrupt:
        return 130
