"""What README documents of a result folder, for tests that check a folder holds exactly that."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def documented_result_files() -> set[str]:
    """The files of README's "Result folder" table: ``x.png/.svg`` names both; ``inputs/*.csv`` is the folder.
    A file whose row begins "only when" (nominations.csv: only for data that name their cadres) is left out."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Result folder"):]
    section = section[:section.index("\n### ", 1)]
    names = set()
    for cell, content in re.findall(r"^\| `([^`]+)` \| (.*)$", section, re.M):
        if content.startswith("only when"):
            continue
        stem, dot, extensions = cell.partition(".")
        if "/" in extensions:  # coverage.png/.svg
            names |= {f"{stem}.{ext.lstrip('.')}" for ext in extensions.split("/")}
        else:
            names.add(cell.split("/")[0] if cell.startswith("inputs/") else cell)
    return names
