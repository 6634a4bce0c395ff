"""The page's tests each get a workspace folder of their own."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def workspace(tmp_path) -> Path:
    return tmp_path / "workspace"
