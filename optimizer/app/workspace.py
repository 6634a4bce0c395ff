"""Where the page keeps what it makes: one folder (default ``workspace/`` in the current folder) holding
``scenarios/`` (the what-ifs saved from the page, files the command line runs unchanged), ``data/`` (data folders
imported from units' workbooks), ``uploads/`` (the workbooks as uploaded), ``results/`` (result folders, the same
as ``solve --out`` writes), ``compare/`` and ``sensitivity/``. Nothing outside it is ever written, and a name
already taken gets a number rather than replacing what is there."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

KINDS = ("scenarios", "data", "uploads", "templates", "results", "compare", "sensitivity")


def slug(text: str, fallback: str = "phuong_an") -> str:
    """A file name from what a person typed: ASCII letters, digits and underscores (Vietnamese accents dropped,
    đ as d)."""
    plain = unicodedata.normalize("NFKD", str(text).replace("đ", "d").replace("Đ", "D"))
    plain = plain.encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")
    return plain[:60] or fallback


@dataclass(frozen=True)
class Workspace:
    root: Path

    def folder(self, kind: str) -> Path:
        if kind not in KINDS:
            raise ValueError(f"unknown workspace folder {kind!r}; use one of {', '.join(KINDS)}")
        path = self.root / kind
        path.mkdir(parents=True, exist_ok=True)
        return path

    def new_path(self, kind: str, name: str, suffix: str = "") -> Path:
        """A path in ``kind`` named after ``name`` that nothing occupies yet (``name``, ``name_2``, …)."""
        base = slug(name)
        folder = self.folder(kind)
        for number in range(1, 10_000):
            path = folder / (f"{base}{suffix}" if number == 1 else f"{base}_{number}{suffix}")
            if not path.exists():
                return path
        raise RuntimeError(f"no free name for {name!r} in {folder}")

    def results(self) -> list[Path]:
        """The result folders, newest first (those whose summary.json exists: complete ones)."""
        found = [p for p in self.folder("results").iterdir() if (p / "summary.json").is_file()]
        return sorted(found, key=lambda p: (-p.stat().st_mtime, p.name))

    def scenarios(self) -> list[Path]:
        return sorted(self.folder("scenarios").glob("*.yaml"))

    def data(self) -> list[Path]:
        return sorted(p for p in self.folder("data").iterdir() if (p / "units.csv").is_file())
