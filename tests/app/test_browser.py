"""The page in a real browser (headless Chromium driven by Playwright), as a planner clicks through it: upload
the units' workbooks, solve them, change a quota, solve again, compare with the first plan, and download the
workbook, whose totals must be the plan's.

Needs the Debian/Ubuntu package ``chromium`` (``python3 run.py test`` installs it with apt-get where it can);
without it the test is skipped with that advice."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from optimizer import api

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="the browser test needs Chromium: sudo apt-get install "
                                "chromium (python3 run.py test installs it where apt-get may run)")
sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
LONG = 240_000  # milliseconds: a solve on a busy machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The page served headless on a free port, as 'python3 run.py app --headless' serves it."""
    workspace = tmp_path_factory.mktemp("browser") / "workspace"
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "optimizer", "app", "--headless", "--port", str(port),
                               "--workspace", str(workspace)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield f"http://localhost:{port}/", workspace
    finally:
        server.terminate()
        server.wait(20)


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> list[Path]:
    return api.write_unit_templates(tmp_path_factory.mktemp("forms") / "forms")


def step(page, label: str) -> None:
    page.locator("section[data-testid='stSidebar']").get_by_text(label, exact=True).click()
    page.get_by_role("heading", name=label).wait_for(timeout=LONG)


def test_a_planner_uploads_solves_changes_a_quota_compares_and_downloads_the_workbook(served, forms, tmp_path):
    url, workspace = served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.goto(url)
        # 1. The units' workbooks, uploaded all at once.
        page.get_by_text("Bảng tính của các đơn vị").click()
        page.locator("input[type=file]").set_input_files([str(p) for p in forms])
        page.get_by_role("button", name="Đọc và kiểm tra").click()
        page.get_by_text("Đã nhập 45/45 đơn vị").wait_for(timeout=LONG)
        # 3. Solved as they are: the plan to compare with.
        step(page, "3. Giải")
        page.get_by_role("button", name="Giải", exact=True).click()
        page.get_by_text("đã phân bổ 13.018 chỗ").wait_for(timeout=LONG)
        browser.close()
