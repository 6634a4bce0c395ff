"""A solved ``Result`` rendered as the files of a result folder (name -> bytes); nothing is written here.

Every file is a pure function of the inputs and the scenario, so two runs give byte-identical folders. The one
exception is ``timing.json``: wall-clock seconds differ run to run, so they live there and nowhere else.
"""


from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import platform
from collections.abc import Mapping
from importlib import metadata

import pandas as pd
import yaml

from .. import encode, words
from ..background import Apart
from ..inputs import schema
from ..inputs.changes import describe as describe_change
from ..inputs.dataset import Inputs
from ..inputs.scenario import is_defaults
from ..model import checks
from ..model.explain import explain
from ..model.nominations import nominate
from ..model.plan import Result, Status
from . import report, workbook
from . import result_charts as charts_registry
from .brief_pdf import render_brief
from .folder import (
    ACTUALS_FILE,
    ALLOCATION_FILE,
    ASSIGNMENTS_FILE,
    BENT_RULES_FILE,
    BRIEF_FILE,
    CHECKSUM_FILE,
    CLASSES_FILE,
    EXPLANATIONS_FILE,
    INPUTS_FOLDER,
    NOMINATIONS_FILE,
    REFERENCE_FILE,
    REPORT_FILE,
    SCENARIO_FILE,
    STAGES_FILE,
    SUMMARY_FILE,
    TIMING_FILE,
    VIOLATIONS_FILE,
    WORKBOOK_FILE,
    checksums,
)
from .html_report import render_report
from .result_charts import ResultChart, result_charts

APART_FROM_UNITS = 15  # the bundled province has 45 units: its per-unit chart takes about 4 s to draw


def input_hash(result: Result) -> str:
    """SHA-256 over every input table's hash and the resolved scenario settings."""
    digest = hashlib.sha256()
    for name, file_hash in result.inputs.file_hashes + result.inputs.extra_hashes:
        digest.update(f"{name}:{file_hash}\n".encode())
    digest.update(json.dumps(result.scenario.as_dict(), sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def _finite(number: float, digits: int) -> float | None:
    """Rounded, or None where there is no number (a baseline's stages have no solver bound)."""
    return round(number, digits) if math.isfinite(number) else None


def summary(result: Result) -> dict:
    return {
        "scenario": result.scenario.as_dict(),
        "status": result.status.value,
        "stages": [{"name": s.name, "value": s.value, "bound": _finite(s.bound, 3), "gap": _finite(s.gap, 6),
                    "optimal": s.optimal} for s in result.stages],
        "solver": result.solver,
        "model_size": result.model_size,
        "input_hash": input_hash(result),
        "versions": versions(),
        "input_files": dict(result.inputs.file_hashes),
        "scenario_files": dict(result.inputs.extra_hashes),
        "seats": int(result.allocation["seats"].sum()),
        "checked_rules": list(checks.CHECKS),
        "rule_violations": rule_violation_counts(result),
        "warnings": [{"code": w.code, "subject": w.subject, "message": w.message, "message_vi": w.message_vi}
                     for w in result.inputs.warnings],
        "wall_clock_seconds": f"see {TIMING_FILE}",
    }


def violations_table(result: Result) -> pd.DataFrame:
    """The rules the plan breaks (rule, subject, detail): none for a solve (its plan passed the checker)."""
    if result.violations is None:
        return pd.DataFrame(columns=checks.VIOLATION_COLUMNS)
    return result.violations[checks.VIOLATION_COLUMNS].reset_index(drop=True)


def rule_violation_counts(result: Result) -> dict[str, int]:
    counts = violations_table(result)["rule"].value_counts()
    return {rule: int(counts.get(rule, 0)) for rule in checks.CHECKS}


def versions() -> dict[str, str]:
    """The software that made the result, so it can be redone a year later with the same versions."""
    found = {"python": platform.python_version()}
    for package in ("optimizer", "ortools", "pandas", "numpy", "matplotlib", "openpyxl", "pyyaml", "fpdf2"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def resolved_scenario(result: Result) -> bytes:
    """The scenario as this run used it, pointing at the folder's own copies of the inputs: after ``extends`` and
    every change (already applied to inputs/*.csv), so ``solve`` or ``verify`` on it redoes the run."""
    scenario = result.scenario
    settings = {"name": scenario.name, "question": scenario.question, "data": "inputs",
                "years": list(scenario.years), "release_limits": dict(sorted(scenario.release_limits.items())),
                "solver": {"method": scenario.solver.method, "name": scenario.solver.name,
                           "time_limit_seconds": scenario.solver.time_limit_seconds, "seed": scenario.solver.seed}}
    if result.inputs.actuals is not None and result.inputs.frozen_years:
        settings["frozen"] = {"actuals": ACTUALS_FILE, "years": list(result.inputs.frozen_years)}
    if result.inputs.reference is not None:
        settings["reference"] = REFERENCE_FILE
    if scenario.plan_from_year is not None:  # resolved (perhaps from the date), so a re-run keeps the same years
        settings["plan_from_year"] = scenario.plan_from_year
    if scenario.regulation != schema.DEFAULT_REGULATION:
        settings["regulation"] = scenario.regulation
    if scenario.separate_quotas_by:
        settings["separate_quotas_by"] = scenario.separate_quotas_by
    if is_defaults(scenario):
        header = (f"# The data folder {scenario.data_dir.as_posix()} as solved without a scenario file: the years of "
                  f"its quotas and the default settings.\n# Change them here (e.g. release_limits) and solve this "
                  f"file again; solve or verify it to redo the run from this folder alone.\n")
    else:
        chain = " → ".join([scenario.path.as_posix(), *scenario.extends])
        header = (f"# The scenario {scenario.name} as solved: {chain}, with its changes applied to inputs/.\n"
                  f"# Solve or verify this file to redo the run from this folder alone.\n")
    body = yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, width=1000)
    return (header + body).encode("utf-8")


def timing(result: Result) -> dict:
    return {"total_seconds": round(result.seconds, 3), "build_seconds": round(result.build_seconds, 3),
            "workers": result.workers,
            "stages": {s.name: round(s.seconds, 3) for s in result.stages}}


def input_tables(inputs: Inputs) -> dict[str, pd.DataFrame]:
    """The input tables as this run used them (after the scenario's changes), in the columns of the data files."""
    frames = {"units": inputs.units, "families": inputs.families, "courses": inputs.courses, "caps": inputs.caps,
              "demand": inputs.demand, "tiers": inputs.tiers, "targets": inputs.targets,
              "plan_figures": inputs.plan_figures, "pins": inputs.pins, "cadres": inputs.cadres,
              "eligibility": inputs.eligibility}
    tables = {}
    for table in (*schema.ALL_TABLES, *schema.PEOPLE_TABLES):
        frame = frames[table.name]
        if frame is None or (table.may_be_absent and frame.empty):  # the scenario's pins are copied here too
            continue
        if table.key and frame.index.names == list(table.key):
            frame = frame.reset_index()
        tables[table.file] = frame[[c.name for c in table.columns]]
    if inputs.actuals is not None:
        tables[ACTUALS_FILE.rpartition("/")[2]] = inputs.actuals
    if inputs.reference is not None:
        tables[REFERENCE_FILE.rpartition("/")[2]] = inputs.reference
    return tables


SETTING_LABELS = {
    "vi": {"name": "Kịch bản", "question": "Câu hỏi", "status": "Trạng thái lời giải", "data": "Thư mục dữ liệu",
           "years": "Các năm kế hoạch", "release": "Giới hạn cử đi học tập trung mỗi năm: {kind}",
           "separate": "Chỉ tiêu giữ riêng theo tỉnh cũ (theo tỉ lệ số cán bộ trong danh sách)",
           "separate_text": "có (cột {by} của units.csv)",
           "solver": "Bộ giải", "time_limit": "Giới hạn thời gian (giây)", "seed": "Hạt giống ngẫu nhiên",
           "change": "Thay đổi {key} ({file})", "frozen": "Năm đã thực hiện (cố định)", "reference": "Kế hoạch tham chiếu",
           "extends": "Kế thừa kịch bản", "input_hash": "Mã băm dữ liệu đầu vào", "seats": "Tổng số chỗ học được phân bổ",
           "plan_from": "Lập lại kế hoạch từ năm", "plan_from_text": "{year} (các năm trước giữ theo {kept})",
           "kept_actuals": "số thực tế", "kept_reference": "kế hoạch tham chiếu",
           "pins": "Số chỗ đã quyết định trước (pinned)", "pins_text": "{n} quyết định",
           "regulation": "Quy định về tiêu chuẩn cử đi học (tuổi học không tập trung)",
           "cadres": "Danh sách cán bộ (cadres.csv)", "cadres_text": "{n} người"},
    "en": {"name": "Scenario", "question": "Question", "status": "Solution status", "data": "Data folder",
           "years": "Plan years", "release": "Full-time release limit per year: {kind}",
           "separate": "Quotas kept separate per former province (in proportion to listed cadres)",
           "separate_text": "yes (column {by} of units.csv)", "solver": "Solver",
           "time_limit": "Time limit (seconds)", "seed": "Random seed", "change": "Change {key} ({file})",
           "frozen": "Years already trained (frozen)", "reference": "Reference plan", "extends": "Extends",
           "input_hash": "Hash of the inputs", "seats": "Seats allocated",
           "plan_from": "Re-planned from", "plan_from_text": "{year} (earlier years keep {kept})",
           "kept_actuals": "the actuals", "kept_reference": "the reference plan",
           "pins": "Seats decided by the planner (pinned)", "pins_text": "{n} decision(s)",
           "regulation": "Regulation in force (part-time age floors)",
           "cadres": "Named cadres (cadres.csv)", "cadres_text": "{n} people"},
}


STATUS_LABELS = {"vi": {"optimal": "tối ưu (đã chứng minh ở mọi bước)", "time_limited": "dừng do hết thời gian",
                        "baseline": "phương án đối chứng theo phương pháp chia cổ điển (không tối ưu hóa)",
                        "elastic": "không khả thi như đã ghi: phương án nới các quy tắc trong bent_rules.csv"},
                 "en": {"optimal": "optimal (proven in every stage)", "time_limited": "stopped at the time limit",
                        "baseline": "a classic apportionment baseline (not optimised)",
                        "elastic": "infeasible as written: the plan bends the rules in bent_rules.csv"}}


def settings_table(result: Result, lang: str = "vi") -> pd.DataFrame:
    """The run's settings as (setting, value) rows for people: the settings sheet of the workbook."""
    label = SETTING_LABELS[words.check_lang(lang)]
    scenario = result.scenario
    rows = [(label["name"], scenario.name), (label["question"], scenario.question),
            (label["status"], STATUS_LABELS[lang][result.status.value]), (label["seats"], int(result.allocation["seats"].sum())),
            (label["data"], scenario.data_dir.as_posix()), (label["years"], ", ".join(map(str, scenario.years)))]
    rows += [(label["extends"], parent) for parent in scenario.extends]
    kinds = schema.KIND_LABELS[lang]
    rows += [(label["release"].format(kind=kinds[kind]), scenario.release_limits[kind])
             for kind in schema.UNIT_KINDS if kind in scenario.release_limits]
    if scenario.separate_quotas_by:
        rows.append((label["separate"], label["separate_text"].format(by=scenario.separate_quotas_by)))
    rows += [(label["change"].format(key=c.key, file=c.file), describe_change(c, lang)) for c in scenario.changes]
    if scenario.frozen is not None:
        rows.append((label["frozen"], f"{', '.join(map(str, scenario.frozen.years))}: {scenario.frozen.file.as_posix()}"))
    if scenario.reference is not None:
        rows.append((label["reference"], scenario.reference.as_posix()))
    if scenario.plan_from_year is not None:
        kept = [label["kept_actuals"]] * bool(result.inputs.frozen_years) + [label["kept_reference"]] * bool(
            result.inputs.past_years)
        text = (label["plan_from_text"].format(year=scenario.plan_from_year, kept=", ".join(kept)) if kept
                else str(scenario.plan_from_year))
        rows.append((label["plan_from"], text))
    if result.inputs.pins is not None and len(result.inputs.pins):
        rows.append((label["pins"], label["pins_text"].format(n=len(result.inputs.pins))))
    if result.inputs.cadres is not None:
        rows += [(label["cadres"], label["cadres_text"].format(n=len(result.inputs.cadres))),
                 (label["regulation"], result.inputs.regulation)]
    rows += [(label["solver"], result.solver), (label["time_limit"], scenario.solver.time_limit_seconds),
             (label["seed"], scenario.solver.seed), (label["input_hash"], input_hash(result))]
    return pd.DataFrame(rows, columns=["setting", "value"])


def stages_table(result: Result) -> pd.DataFrame:
    return pd.DataFrame([{"stage": s.name, "value": s.value, "bound": _finite(s.bound, 3), "gap": _finite(s.gap, 6),
                          "optimal": s.optimal} for s in result.stages],
                        columns=["stage", "value", "bound", "gap", "optimal"])


def chart_files(tables: Mapping[str, pd.DataFrame], inputs: Inputs, lang: str = "vi",
                charts: tuple[ResultChart, ...] | None = None) -> dict[str, bytes]:
    """``<stem>.png`` and ``<stem>.svg`` of each of the ``charts`` (None: all), drawn from the plan's ``tables``."""
    files = {}
    for stem, figure in result_charts(tables, inputs, lang=lang, charts=charts).items():
        files[f"{stem}.png"] = encode.png_bytes(figure)
        files[f"{stem}.svg"] = encode.svg_bytes(figure)
    return files


def _plan_tables(result: Result) -> dict[str, pd.DataFrame]:
    inputs, years, allocation = result.inputs, result.scenario.years, result.allocation
    return {"coverage": report.coverage_table(allocation, inputs),
            "cumulative_coverage": report.cumulative_coverage(allocation, inputs, years),
            "seats_by_course": report.seats_by_course(allocation, inputs, years)}


def _plan_files(result: Result, tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    return {
        ALLOCATION_FILE: encode.csv_bytes(report.allocation_table(result.allocation, result.inputs)),
        ASSIGNMENTS_FILE: encode.csv_bytes(result.allocation),
        **{f"{name}.csv": encode.csv_bytes(table) for name, table in tables.items()},
        CLASSES_FILE: encode.csv_bytes(result.classes[["year", "course_id", "classes", "seats"]]),
        STAGES_FILE: encode.csv_bytes(stages_table(result)),
        VIOLATIONS_FILE: encode.csv_bytes(violations_table(result)),
        **({BENT_RULES_FILE: encode.csv_bytes(result.bent)} if result.bent is not None else {}),
        **({NOMINATIONS_FILE: encode.csv_bytes(nominate(result.allocation, result.inputs))}
           if result.inputs.cadres is not None else {}),
    }


def plan_files(result: Result) -> dict[str, bytes]:
    """The language-free CSVs that hold the plan itself (what ``verify`` compares after a re-solve)."""
    return _plan_files(result, _plan_tables(result))


def explanations(result: Result, lang: str = "vi") -> pd.DataFrame:
    """Why each demand row left short got no more: the binding rules, with their numbers (``explain.explain``)."""
    return explain(result.allocation, result.classes, result.inputs, result.scenario, lang=lang)


def draw_apart(inputs: Inputs) -> bool:
    """Whether drawing the charts that grow with the units in a second process pays: a spare core, and units
    enough that their charts take longer than starting that process (about a second)."""
    return (os.cpu_count() or 1) > 1 and len(inputs.units) >= APART_FROM_UNITS


def drawing_process() -> Apart:
    """A second process for ``result_files(..., apart=...)``, started now so that it imports while the caller
    loads and solves; use it as a context manager around both (and around further results to draw)."""
    return Apart(warm=__name__)


def result_files(result: Result, lang: str = "vi", html: bool = False,
                 apart: bool | Apart = False) -> dict[str, bytes]:
    """Every output file of ``solve``, rendered to bytes; with ``html`` also the self-contained report.html.
    ``apart`` (True, or a ``drawing_process``): the charts that grow with the number of units are drawn in a
    second process meanwhile, to the same bytes (``draw_apart`` says when it pays)."""
    tables = _plan_tables(result)
    every = charts_registry.RESULT_CHARTS  # read now: a test may add a chart to the registry
    heavy = tuple(chart for chart in every if chart.grows_with_units and apart)
    if not heavy:
        return _result_files(result, tables, every, None, lang, html)
    # A process the caller gave stays the caller's to end (it may draw the next result's charts too).
    with contextlib.nullcontext(apart) if isinstance(apart, Apart) else Apart() as process:
        process.start(chart_files, {chart.table: tables[chart.table] for chart in heavy}, result.inputs, lang,
                      heavy)
        return _result_files(result, tables, tuple(chart for chart in every if chart not in heavy), process, lang,
                             html)


def _result_files(result: Result, tables: dict[str, pd.DataFrame], here: tuple[ResultChart, ...],
                  apart: Apart | None, lang: str, html: bool) -> dict[str, bytes]:
    """``result_files``, drawing the charts ``here`` in this process and the others' files from ``apart``."""
    inputs, years, allocation = result.inputs, result.scenario.years, result.allocation
    settings, stages = settings_table(result, lang), stages_table(result)
    # The workbook says what each stage means beside its id (the CSV keeps the ids only).
    tier_names = words.names(inputs.tiers, lang).to_dict()
    stages.insert(1, "meaning", [report.stage_meaning(name, tier_names, lang) for name in stages["stage"]])
    explained = explanations(result, lang) if result.status is not Status.BASELINE else None
    files = {
        **_plan_files(result, tables),
        **({EXPLANATIONS_FILE: encode.csv_bytes(explained)} if explained is not None else {}),
        WORKBOOK_FILE: workbook.allocation_workbook(allocation, inputs, years, lang=lang, settings=settings,
                                                    stages=stages, explanations=explained),
        SUMMARY_FILE: encode.json_bytes(summary(result)),
        TIMING_FILE: encode.json_bytes(timing(result)),
        SCENARIO_FILE: resolved_scenario(result),
        **{f"{INPUTS_FOLDER}/{name}": encode.csv_bytes(table) for name, table in input_tables(inputs).items()},
    }
    drawn = chart_files(tables, inputs, lang, here)
    if apart is not None:
        drawn.update(apart.result())
    # In registry order, whichever process drew them, so that the checksum file lists them the same way.
    files.update({f"{chart.name}.{kind}": drawn[f"{chart.name}.{kind}"] for chart in charts_registry.RESULT_CHARTS
                  for kind in ("png", "svg")})
    files[BRIEF_FILE] = render_brief(files, lang=lang)
    if html:
        files[REPORT_FILE] = render_report(files, lang=lang)
    files[CHECKSUM_FILE] = checksums(files)
    return files
