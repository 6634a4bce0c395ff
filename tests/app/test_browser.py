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

import openpyxl
import pytest

from optimizer import api

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="the browser test needs Chromium: sudo apt-get install "
                                "chromium (python3 run.py test installs it where apt-get may run)")
playwright_api = pytest.importorskip("playwright.sync_api")
sync_playwright, PlaywrightTimeout = playwright_api.sync_playwright, playwright_api.TimeoutError
LONG = 240_000  # milliseconds: a solve on a busy machine
EDITOR = 10_000  # milliseconds for a cell's editor to open


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
    settled(page)


def settled(page) -> None:
    """Wait until the page has finished redrawing (Streamlit's running indicator is gone), as a person waits
    before clicking into a table that is being redrawn."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=LONG)
    page.wait_for_timeout(300)


def edit_cell(page, row: int, column: int, value: str) -> None:
    """Type ``value`` into a cell of the page's first editable table, as a person does: click its first cell,
    arrow keys to the cell (the grid scrolls), Enter, type into the cell's editor once it is open, Enter."""
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(state="visible", timeout=LONG)
    grid.scroll_into_view_if_needed()  # the cell's editor opens only where the cell is on the screen
    settled(page)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + 35 + 17)  # the first row, below the header (35 px rows)
    for _ in range(row):
        page.keyboard.press("ArrowDown")
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)
    page.keyboard.press("Enter")
    editor = page.locator(".gdg-input").first  # the grid's cell editor, opened by Enter
    editor.wait_for(state="visible", timeout=EDITOR)
    editor.fill(value)
    editor.press("Enter")


def edit_until_shown(page, row: int, column: int, value: str, shown: str) -> None:
    """Edit the cell until the page shows ``shown``. On a busy machine the grid may redraw between the keys, and
    the edit is lost; a person then types it again, and so does this."""
    for attempt in range(3):
        try:
            edit_cell(page, row, column, value)
            page.get_by_text(shown).wait_for(timeout=EDITOR * 6)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            settled(page)


def solve(page, name: str) -> None:
    step(page, "3. Giải")
    page.get_by_role("button", name="Giải", exact=True).click()
    page.get_by_text(f"{name}: tối ưu, đã phân bổ").wait_for(timeout=LONG)


def test_a_planner_uploads_solves_changes_a_quota_compares_and_downloads_the_workbook(served, forms, tmp_path):
    url, workspace = served
    quotas = api.quota_table(api.load(api.SCENARIOS / "baseline.yaml")[1])
    row = int(quotas.index[(quotas["year"] == 2024) & (quotas["target"] == "cao_cap_tt")][0])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1280, "height": 1200}, accept_downloads=True)
        page.goto(url)
        # 1. The units' workbooks, uploaded all at once.
        page.get_by_text("Bảng tính của các đơn vị").click()
        page.locator("input[type=file]").set_input_files([str(p) for p in forms])
        page.get_by_role("button", name="Đọc và kiểm tra").click()
        page.get_by_text("Đã nhập 45/45 đơn vị").wait_for(timeout=LONG)
        imported = api.scenario_title(next((workspace / "scenarios").glob("*.yaml")))[0]
        # 3. Solved as they came: the plan to compare with.
        solve(page, imported)
        # 2. The centre cuts full-time advanced seats to 30 in 2024: one cell of the quota table.
        step(page, "2. Kịch bản")
        page.get_by_label("Tên kịch bản").fill("Giảm cao cấp tập trung 2024")
        page.get_by_label("Tên kịch bản").press("Enter")
        page.get_by_label("Câu hỏi của kịch bản").fill("Trung ương giảm cao cấp tập trung năm 2024 còn 30")
        page.get_by_label("Câu hỏi của kịch bản").press("Enter")
        settled(page)
        edit_until_shown(page, row, 3, "30", "seats_max=30")  # year, course, seats min, seats max
        page.get_by_role("button", name="Lưu kịch bản").click()
        page.get_by_text("Đã lưu").first.wait_for(timeout=LONG)
        solve(page, "Giảm cao cấp tập trung 2024")
        # 5. Side by side with the plan as the units sent it.
        step(page, "5. So sánh")
        page.get_by_role("button", name="So sánh", exact=True).click()
        page.get_by_text("Đã so sánh").wait_for(timeout=LONG)
        page.get_by_text("Được thêm – Bị bớt theo năm").first.wait_for(timeout=LONG)
        # 4. The allocation workbook, downloaded.
        step(page, "4. Kết quả")
        page.get_by_role("tab", name="Tải về").click()
        with page.expect_download(timeout=LONG) as download:
            page.get_by_role("button", name="Bảng phân bổ (allocation.xlsx)").click()
        saved = tmp_path / "allocation.xlsx"
        download.value.save_as(saved)
        browser.close()
    folder = next(p for p in (workspace / "results").iterdir() if p.name.startswith("giam_cao_cap"))
    sheet = openpyxl.load_workbook(saved, data_only=True)["PL1 2024"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if "Tập trung" in r)
    full_time = header.index("Tập trung")
    total = next(r for r in rows if r[1] == "Tổng cộng toàn tỉnh")
    units = [r for r in rows if isinstance(r[0], int)]
    assignments = api.read_plan(folder)[0]
    planned = assignments.loc[(assignments["year"] == 2024) & (assignments["course_id"] == "cao_cap_tt"), "seats"]
    assert total[full_time] == sum(r[full_time] for r in units) == int(planned.sum()) <= 30
    assert next(r for r in rows if r[1] == "Chỉ tiêu được giao")[full_time] == 30
