"""What the scenario page needs besides the page's reads (``planning``): a scenario given as keys, loaded as if it
were the file it will be saved as; the lines ``validate`` prints for it; a scenario file's own keys; and a
reference plan copied beside the scenario that uses it (a scenario may read only files in its own folder tree).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError, OptimizerError, Place
from ..files import write_file
from ..inputs.case import load_case
from ..inputs.changes import describe, selected_caps  # noqa: F401  (the page selects quota lines as a change does)
from ..inputs.dataset import Inputs
from ..inputs.past import replan_warnings
from ..inputs.scenario import Scenario, load_scenario
from ..inputs.scenario_yaml import read_yaml
from ..messages import failure_text, phrase
from ..model.build import candidate_table
from ..model.rules_decided import check_reach
from ..outputs.folder import ASSIGNMENTS_FILE


def preview(raw: Mapping[str, Any], path: str | Path, allow_outside_paths: bool = False) -> tuple[Scenario, Inputs]:
    """The scenario ``raw`` loaded as if it were the file ``path`` (not written), with its data after its changes,
    checked as ``validate`` checks it (pins against the cadres who could take them included)."""
    scenario = load_scenario(Path(path), raw=dict(raw), allow_outside_paths=allow_outside_paths)
    scenario, inputs = load_case(scenario)
    if inputs.pins is not None:
        check_reach(candidate_table(inputs, scenario), inputs.pins)
    return scenario, inputs


def validation_lines(scenario: Scenario, inputs: Inputs, lang: str = "vi", warnings: bool = True) -> list[str]:
    """The lines ``validate`` prints for a loaded scenario, in ``lang``: the plan warnings (unless not
    ``warnings``), one line per change, the frozen years, the reference plan, plan_from_year, the pins and the
    re-planning warnings."""
    lines = [phrase("warning", lang, code=w.code, subject=w.subject, message=w.text(lang))
             for w in (inputs.warnings if warnings else ())]
    lines += [phrase("change", lang, key=c.key, file=c.file, text=describe(c, lang)) for c in scenario.changes]
    if scenario.frozen is not None:
        lines.append(phrase("frozen", lang, years=", ".join(map(str, scenario.frozen.years)),
                            file=scenario.frozen.file, rows=len(inputs.actuals),
                            seats=int(inputs.actuals["seats"].sum())))
    if scenario.reference is not None:
        lines.append(phrase("reference", lang, file=scenario.reference, seats=int(inputs.reference["seats"].sum())))
    if scenario.plan_from_year is not None:
        kept = phrase("past_kept", lang, years=", ".join(map(str, inputs.past_years))) if inputs.past_years else ""
        lines.append(phrase("plan_from_year", lang, year=scenario.plan_from_year, kept=kept))
    if inputs.pins is not None:
        lines.append(phrase("pins", lang, count=len(inputs.pins)))
    if scenario.separate_quotas_by:
        lines.append(phrase("separate_quotas", lang, by=scenario.separate_quotas_by))
    return lines + list(replan_warnings(scenario, None, lang))


def own_keys(path: str | Path) -> dict[str, Any]:
    """The keys a scenario file writes itself (not its parents'), read as the command line reads them."""
    raw = read_yaml(Path(path))
    if not isinstance(raw, dict):
        raise InputError(Place(str(path)), "is not a mapping of keys to values", "see scenarios/baseline.yaml",
                         problem_vi="không phải là các cặp khóa: giá trị", fix_vi="hãy xem scenarios/baseline.yaml")
    return raw


def copy_reference(folder: str | Path, path: str | Path) -> Path:
    """Copy a result folder's plan (assignments.csv) to ``path`` (beside the scenario that names it)."""
    source = Path(folder) / ASSIGNMENTS_FILE
    if not source.is_file():
        raise InputError(Place(str(folder)), f"has no {ASSIGNMENTS_FILE}", "choose a complete result folder",
                         problem_vi=f"không có tệp {ASSIGNMENTS_FILE}", fix_vi="hãy chọn một thư mục kết quả đầy đủ")
    write_file(Path(path), source.read_bytes(), own_file=Path(path).is_file())
    return Path(path)


def one_line(error: Exception, lang: str = "vi") -> str:
    """A refusal as the one line the command line ends with, in ``lang`` (never a traceback)."""
    status = int(error.exit_status) if isinstance(error, OptimizerError) else 1
    return failure_text(error, status, lang)
