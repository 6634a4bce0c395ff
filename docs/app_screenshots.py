"""Photograph every step of the web page at desktop and phone width into docs/images/app_<step>[_phone].png.

    .venv/bin/python docs/app_screenshots.py [--port 8599]

Serves the page headless on a fresh workspace with the baseline and one what-if solved (through the API), then
drives Chromium (the Debian package, through Playwright) step by step; the README shows two of the pictures."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from optimizer import api

ROOT = Path(__file__).resolve().parents[1]
STEPS = {"data": "1. Dữ liệu", "scenario": "2. Kịch bản", "solve": "3. Giải", "results": "4. Kết quả",
         "compare": "5. So sánh", "sensitivity": "6. Thêm một chỗ được gì"}
SIZES = {"": {"width": 1280, "height": 1000}, "_phone": {"width": 390, "height": 844}}


def settled(page) -> None:
    page.wait_for_timeout(500)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=240_000)
    page.wait_for_timeout(500)


def shoot(url: str, out: Path, suffix: str, viewport: dict) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        page = browser.new_page(viewport=viewport)
        page.goto(url)
        page.get_by_text("45 đơn vị").wait_for(timeout=240_000)
        for step, label in STEPS.items():
            if suffix:  # the phone hides the steps behind the sidebar's button
                page.locator("[data-testid='stExpandSidebarButton']").click()
            page.locator("section[data-testid='stSidebar']").get_by_text(label, exact=True).click()
            settled(page)
            if suffix:  # and keeps them open over the page until closed
                page.locator("[data-testid='stSidebarCollapseButton']").click()
            if step == "compare" and page.get_by_role("button", name="So sánh", exact=True).count():
                page.get_by_role("button", name="So sánh", exact=True).click()
                page.get_by_text("Đã so sánh").wait_for(timeout=240_000)
            settled(page)
            page.screenshot(path=str(out / f"app_{step}{suffix}.png"), full_page=True)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8599)
    args = parser.parse_args()
    workspace = Path(tempfile.mkdtemp()) / "workspace"
    for name in ("baseline", "cut_full_time_advanced"):
        api.write(api.solve(ROOT / "scenarios" / f"{name}.yaml"), workspace / "results" / name, html=True)
    server = subprocess.Popen([sys.executable, "-m", "optimizer", "app", "--headless", "--port", str(args.port),
                               "--workspace", str(workspace)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://localhost:{args.port}/"
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        for suffix, viewport in SIZES.items():
            shoot(url, ROOT / "docs" / "images", suffix, viewport)
    finally:
        server.terminate()
        server.wait(20)


if __name__ == "__main__":
    main()
