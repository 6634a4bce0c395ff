"""Quota allocation optimiser for provincial cadre training plans.

The public API is ``optimizer.api`` (also importable from here): load a scenario, solve it, write its result
folder, and ask questions of result folders. The subpackages, each with a small face of its own:

- ``inputs``: files in, a frozen ``Scenario`` and validated ``Inputs`` out;
- ``model``: the staged integer program, its rules, the solver adapter and the solver-free checker;
- ``outputs``: a ``Result`` out as tables, charts, the workbook, the HTML page and the result folder;
- ``analyses``: comparisons, baselines, apportionment properties, sensitivity and verification.
"""

from importlib import import_module as _import_module
from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("optimizer")
except _metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["Result", "Status", "__version__", "baseline", "compare", "explain_folder", "load", "report", "solve",
           "solve_many", "tables", "variant", "verify", "write", "write_baseline", "write_comparison"]


def __getattr__(name: str):
    # The API pulls in pandas, OR-Tools and matplotlib (about 2 s); loading it on first use keeps
    # `import optimizer.errors` and the command line's --help instant.
    if name in __all__:
        return getattr(_import_module(".api", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
