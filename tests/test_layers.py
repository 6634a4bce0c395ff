"""The package's layers hold and no modules import each other in a loop (the contracts in pyproject.toml)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """Run import-linter on the ``optimizer`` package found under ``root`` with the repository's contracts."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    script = ("import sys; from importlinter.cli import lint_imports; "
              f"sys.exit(lint_imports(config_filename={str(REPO / 'pyproject.toml')!r}, no_cache=True))")
    return subprocess.run([sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True)


def test_the_package_keeps_its_layers_and_has_no_import_loops():
    run = lint_imports(REPO)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 kept, 0 broken" in run.stdout


def copy_with(tmp_path: Path, module: str, line: str) -> Path:
    shutil.copytree(REPO / "optimizer", tmp_path / "optimizer", ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "optimizer" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return tmp_path


def test_an_upward_import_breaks_the_layers(tmp_path):
    run = lint_imports(copy_with(tmp_path, "inputs/schema.py", "from ..outputs import report  # upward"))
    assert run.returncode != 0 and "optimizer.inputs.schema -> optimizer.outputs.report" in run.stdout


def test_the_web_page_may_not_reach_past_the_api(tmp_path):
    run = lint_imports(copy_with(tmp_path, "app/workspace.py", "from optimizer.model import plan  # past the API"))
    assert run.returncode != 0 and "The web page speaks only to the API BROKEN" in run.stdout


def test_an_import_loop_inside_a_layer_is_refused(tmp_path):
    # result_charts already imports chart_style; the reverse import closes a loop between two outputs modules
    run = lint_imports(copy_with(tmp_path, "outputs/chart_style.py", "from . import result_charts  # loop"))
    assert run.returncode != 0 and "No import loops" in run.stdout


MAX_MODULE_LINES = 600  # past this a module holds more than one thing that changes on its own


def modules() -> list[Path]:
    return sorted((REPO / "optimizer").rglob("*.py"))


def test_no_module_is_longer_than_600_lines():
    long = {path.relative_to(REPO).as_posix(): n for path in modules()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"split these by what changes together: {long}"


def imports_inside_functions(source: str) -> list[int]:
    """Lines of import statements inside a function body (the layers hold only when imports are visible)."""
    return sorted(node.lineno for function in ast.walk(ast.parse(source))
                  if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
                  for node in ast.walk(function) if isinstance(node, (ast.Import, ast.ImportFrom)))


def test_modules_import_at_the_top_only():
    found = {path.relative_to(REPO).as_posix(): lines for path in modules()
             if (lines := imports_inside_functions(path.read_text(encoding="utf-8")))}
    assert not found


def test_an_import_inside_a_function_is_found():
    assert imports_inside_functions("import os\n\ndef f():\n    from . import api\n    return api\n") == [4]
    assert imports_inside_functions("import os\n\ndef f():\n    return os\n") == []
