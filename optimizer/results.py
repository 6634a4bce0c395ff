"""A solved ``Result`` rendered as the files of a result folder (name -> bytes); nothing is written here.

Every file is a pure function of the inputs and the scenario, so two runs give byte-identical folders. The one
exception is ``timing.json``: wall-clock seconds differ run to run, so they live there and nowhere else.
"""

from __future__ import annotations

import hashlib
import json

import pandas as pd

from . import charts, checks, export, report, schema
from .data import Inputs
from .solve import Result

TIMING_FILE = "timing.json"


def input_hash(result: Result) -> str:
    """SHA-256 over every input table's hash and the resolved scenario settings."""
    digest = hashlib.sha256()
    for name, file_hash in result.inputs.file_hashes + result.inputs.extra_hashes:
        digest.update(f"{name}:{file_hash}\n".encode())
    digest.update(json.dumps(result.scenario.as_dict(), sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def summary(result: Result) -> dict:
    return {
        "scenario": result.scenario.as_dict(),
        "status": result.status.value,
        "stages": [{"name": s.name, "value": s.value, "bound": round(s.bound, 3), "gap": round(s.gap, 6),
                    "optimal": s.optimal} for s in result.stages],
        "solver": result.solver,
        "model_size": result.model_size,
        "input_hash": input_hash(result),
        "input_files": dict(result.inputs.file_hashes),
        "scenario_files": dict(result.inputs.extra_hashes),
        "seats": int(result.allocation["seats"].sum()),
        "checked_rules": list(checks.CHECKS),
        "warnings": [{"code": w.code, "subject": w.subject, "message": w.message} for w in result.inputs.warnings],
        "wall_clock_seconds": f"see {TIMING_FILE}",
    }


def timing(result: Result) -> dict:
    return {"total_seconds": round(result.seconds, 3), "build_seconds": round(result.build_seconds, 3),
            "stages": {s.name: round(s.seconds, 3) for s in result.stages}}


def input_tables(inputs: Inputs) -> dict[str, pd.DataFrame]:
    """The input tables as this run used them (after the scenario's changes), in the columns of the data files."""
    frames = {"units": inputs.units, "families": inputs.families, "courses": inputs.courses, "caps": inputs.caps,
              "demand": inputs.demand, "tiers": inputs.tiers, "targets": inputs.targets,
              "plan_figures": inputs.plan_figures}
    tables = {}
    for table in schema.ALL_TABLES:
        frame = frames[table.name]
        if table.key and frame.index.names == list(table.key):
            frame = frame.reset_index()
        tables[table.file] = frame[[c.name for c in table.columns]]
    if inputs.actuals is not None:
        tables["actuals.csv"] = inputs.actuals
    if inputs.reference is not None:
        tables["reference.csv"] = inputs.reference
    return tables


def result_files(result: Result, lang: str = "vi") -> dict[str, bytes]:
    """Every output file of ``solve``, rendered to bytes."""
    inputs, years, allocation = result.inputs, result.scenario.years, result.allocation
    cumulative = report.cumulative_coverage(allocation, inputs, years)
    seats = report.seats_by_course(allocation, inputs, years)
    coverage_figure = charts.coverage_chart(cumulative, inputs, lang=lang)
    seats_figure = charts.seats_chart(seats, inputs, lang=lang)
    return {
        "allocation.csv": export.csv_bytes(report.allocation_table(allocation, inputs)),
        "assignments.csv": export.csv_bytes(allocation),
        "coverage.csv": export.csv_bytes(report.coverage_table(allocation, inputs)),
        "classes.csv": export.csv_bytes(result.classes[["year", "course_id", "classes", "seats"]]),
        "allocation.xlsx": export.allocation_workbook(allocation, inputs, years, lang=lang),
        "summary.json": export.json_bytes(summary(result)),
        "coverage.png": export.png_bytes(coverage_figure),
        "seats.png": export.png_bytes(seats_figure),
        TIMING_FILE: export.json_bytes(timing(result)),
        **{f"inputs/{name}": export.csv_bytes(table) for name, table in input_tables(inputs).items()},
    }
