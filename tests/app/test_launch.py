"""Starting the page: the command line's 'app', the server it starts, and its answer on localhost."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from optimizer.app import launch


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def test_the_command_serves_the_page_on_localhost_at_the_port_asked_for(tmp_path):
    command = launch.command(port=8765, headless=True, workspace=tmp_path, lang="en")
    assert command[command.index("--server.port") + 1] == "8765"
    assert command[command.index("--server.headless") + 1] == "true"
    assert command[command.index("--server.address") + 1] == "localhost"
    assert command[-4:] == ["--workspace", str(tmp_path.resolve()), "--lang", "en"]
    assert launch.command()[launch.command().index("--server.headless") + 1] == "false"  # opens the browser


def test_app_serves_headless_and_answers_until_stopped(tmp_path):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "optimizer", "app", "--headless", "--port", str(port),
                               "--workspace", str(tmp_path / "ws")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline, answer = time.monotonic() + 60, None
        while time.monotonic() < deadline and answer is None:
            try:
                answer = urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2).read()
            except OSError:
                time.sleep(0.5)
        assert answer == b"ok"
        assert b"<html" in urllib.request.urlopen(f"http://localhost:{port}/", timeout=5).read().lower()
    finally:
        server.terminate()
        server.wait(10)
