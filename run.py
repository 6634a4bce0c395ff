#!/usr/bin/env python3
"""One entry point for a fresh machine: creates .venv if needed, then runs the optimiser or the tests.

    python3 run.py solve scenarios/baseline.yaml --out results/baseline   # the main job
    python3 run.py test                                                   # the whole test suite

Any other arguments are passed to ``python -m optimizer``. Only the standard library is used here, because
this file runs before anything is installed. The environment is rebuilt when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"


def _venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def _wanted_stamp() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


# Packages the tests read only for their data files, installed without their dependencies: vietnamadminunits
# (MIT) holds the old → new commune table that data/vietnam_2025/make_map.py reads as JSON; importing it would
# pull shapely and geopy, which nothing here uses.
DATA_ONLY = ["vietnamadminunits==1.0.4"]


def ensure_environment() -> Path:
    """Create the virtual environment and install the package with its test extras, once per pyproject."""
    python = _venv_python()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == _wanted_stamp():
        return python
    if not python.exists():
        print(f"Creating the virtual environment in {VENV} ...", file=sys.stderr, flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing dependencies (first run only, about a minute) ...", file=sys.stderr, flush=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", f"{ROOT}[test]"],
        check=True,
    )
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                    *DATA_ONLY], check=True)
    STAMP.write_text(_wanted_stamp())
    return python


# Programs the tests use to look at what a person sees: LibreOffice recalculates and prints the workbooks,
# poppler turns PDF pages into pictures and counts them, Chromium prints and photographs report.html.
SYSTEM_TOOLS = {"soffice": "libreoffice-calc-nogui", "pdftoppm": "poppler-utils", "chromium": "chromium"}
# The appendices are set in Times New Roman, and the printing tests count pages: where that font is absent,
# LibreOffice needs Liberation Serif, drawn to the same widths, or it falls back to a wider font.
SYSTEM_FONTS = {("Times New Roman", "Liberation Serif"): "fonts-liberation"}


def _has_font(families: tuple[str, ...]) -> bool:
    if shutil.which("fc-list") is None:
        return False
    return any(subprocess.run(["fc-list", family], capture_output=True, text=True).stdout.strip()
               for family in families)


def ensure_system_tools() -> None:
    """Install the programs in SYSTEM_TOOLS and the fonts in SYSTEM_FONTS that are missing, with apt-get where
    this machine allows it; else say how (the tests that need a missing program or font fail with the same
    advice)."""
    missing = sorted({package for program, package in SYSTEM_TOOLS.items() if shutil.which(program) is None}
                     | {package for families, package in SYSTEM_FONTS.items() if not _has_font(families)})
    if not missing:
        return
    install = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if shutil.which("apt-get") is None or (os.name != "posix" or (os.geteuid() != 0 and not shutil.which("sudo"))):
        print(f"The tests that render workbooks and pages need: {', '.join(missing)}; install them with your "
              f"package manager (Debian/Ubuntu: sudo {' '.join(install)})", file=sys.stderr, flush=True)
        return
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    print(f"Installing {', '.join(missing)} for the tests that render workbooks and pages (first run only) ...",
          file=sys.stderr, flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}}
    if subprocess.run([*prefix, "apt-get", "update", "-qq"], **quiet).returncode == 0:
        subprocess.run([*prefix, *install, "-qq"], **quiet)


def main(argv: list[str]) -> int:
    python = ensure_environment()
    if argv[:1] == ["test"]:
        ensure_system_tools()
        # One test process per core (pytest-xdist), a test file to one process so that its module fixtures (whole
        # provinces solved once) are built once; "-n 0" or any -n of the caller's own wins.
        spread = [] if any(a.startswith(("-n", "--numprocesses")) for a in argv[1:]) else [
            "-n", "auto", "--dist", "loadfile"]
        command = [str(python), "-m", "pytest", *spread, *argv[1:]]
    else:
        command = [str(python), "-m", "optimizer", *argv]
    return subprocess.call(command, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
