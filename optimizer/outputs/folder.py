"""The result folder's format: the names of its files and their checksums.

A result folder is the one place a solve's plan lives between commands: ``compare``, ``report`` and ``verify``
read what ``solve`` wrote. Its file names and its ``checksums.sha256`` are defined here, once.
"""

from __future__ import annotations

import hashlib

from ..files import MANIFEST

TIMING_FILE = "timing.json"
REPORT_FILE = "report.html"
SCENARIO_FILE = "scenario.yaml"
CHECKSUM_FILE = "checksums.sha256"
# Wall-clock times differ run to run, and the checksums cannot list themselves; every other file is listed.
UNCHECKED = (TIMING_FILE, CHECKSUM_FILE, MANIFEST)


def checksums(files: dict[str, bytes]) -> bytes:
    """SHA-256 of every file but ``UNCHECKED``, in ``sha256sum`` format (``sha256sum -c checksums.sha256``)."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
             if name not in UNCHECKED]
    return "".join(lines).encode("utf-8")
