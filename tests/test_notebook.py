"""notebooks/what_if.ipynb runs top to bottom in a fresh kernel of this Python and shows its charts.

The notebook is read into memory and executed there (the repository file is never written), with the working
directory set to notebooks/ as when a planner opens it. It solves two scenarios, so the test takes about a
minute. The kernel is pinned to ``sys.executable``: a kernel spec for this interpreter is written to a temporary
folder that JUPYTER_PATH puts first, so a "python3" kernel installed elsewhere on the machine is never picked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import ipykernel.kernelspec
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "what_if.ipynb"
CHARTS = 4  # coverage, seats, comparison coverage, unit changes


def _pin_kernel_to_this_python(folder: Path, monkeypatch) -> None:
    ipykernel.kernelspec.write_kernel_spec(folder / "kernels" / "python3")  # argv[0] = sys.executable
    monkeypatch.setenv("JUPYTER_PATH", str(folder))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(folder / "runtime"))  # connection files stay in the test's folder
    # The kernel imports optimizer from this checkout, whether installed (editable) or only on PYTHONPATH.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    assert KernelSpecManager().get_kernel_spec("python3").argv[0] == sys.executable


def _text(output) -> str:
    if output.output_type == "stream":
        return output.text
    return "".join(str(output.get("data", {}).get(kind, "")) for kind in ("text/plain", "text/html"))


def test_what_if_notebook_runs_and_shows_its_charts(tmp_path, monkeypatch):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), (
        "save notebooks/what_if.ipynb without outputs")
    _pin_kernel_to_this_python(tmp_path / "jupyter", monkeypatch)

    client = NotebookClient(notebook, kernel_name="python3", timeout=600, allow_errors=False,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    nbformat.write(notebook, tmp_path / NOTEBOOK.name)  # the executed copy, for a look after a failure

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    errors = [output for cell in code for output in cell.outputs if output.output_type == "error"]
    assert not errors, errors
    images = [output for cell in code for output in cell.outputs if "image/png" in output.get("data", {})]
    assert len(images) >= CHARTS, f"{len(images)} images in the executed notebook, expected {CHARTS}"
    compared = [cell for cell in code if "api.compare(" in cell.source]
    assert compared, "no cell calls api.compare"
    assert any("sixth_class" in _text(output) for cell in compared for output in cell.outputs)
