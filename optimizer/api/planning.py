"""What the planner's web page reads besides what the command line does: the names a person picks from, the quota
lines as a table of names, the shipped what-ifs, a result folder's headline, a scenario written as the file the
command line runs, and a folder as one zip file.

Every function here reads only, except ``write_scenario`` (one new file, never over another's) — the page keeps
its files under its own workspace folder.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import pandas as pd
import yaml

from ..errors import InputError, Place
from ..files import write_file
from ..inputs.dataset import Inputs
from ..inputs.scenario import load_scenario
from ..inputs.schema import BLOCK_LABELS, KIND_LABELS, MODE_LABELS
from ..outputs.folder import read_plan
from ..words import check_lang, names

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"  # the shipped scenarios beside the package
DATA = Path(__file__).resolve().parents[2] / "data"
# A scenario the page writes starts with this line, so that it knows its own files from a person's.
PAGE_MARK = "# Written by the planner's page (python3 run.py app)"


@dataclass(frozen=True)
class Vocabulary:
    """The names a person reads and picks, by id, in one language; ``tiers`` in order of urgency."""

    units: dict[str, str]
    unit_kinds: dict[str, str]  # unit id -> its kind (district, department, …)
    kinds: dict[str, str]  # kind -> its name
    courses: dict[str, str]
    families: dict[str, str]
    tiers: dict[str, str]
    blocks: dict[str, str]
    modes: dict[str, str]

    @property
    def targets(self) -> dict[str, str]:
        """A quota line's target (a course or a whole family) by name; a family reads as itself, a course too."""
        return {**self.families, **self.courses}


def vocabulary(inputs: Inputs, lang: str = "vi") -> Vocabulary:
    lang = check_lang(lang)
    tiers = inputs.tiers.sort_values("rank") if "rank" in inputs.tiers else inputs.tiers
    return Vocabulary(
        units=names(inputs.units, lang).to_dict(),
        unit_kinds=inputs.units["kind"].astype(str).to_dict(),
        kinds={kind: KIND_LABELS[lang].get(kind, kind) for kind in sorted(set(inputs.units["kind"].astype(str)))},
        courses=names(inputs.courses, lang).to_dict(),
        families=names(inputs.families, lang).to_dict(),
        tiers=names(tiers, lang).to_dict(),
        blocks=dict(BLOCK_LABELS[lang]),
        modes={k: v for k, v in MODE_LABELS[lang].items() if v},
    )


QUOTA_COLUMNS = ["seats_min", "seats_max", "classes_min", "classes_max"]


def quota_table(inputs: Inputs, lang: str = "vi") -> pd.DataFrame:
    """The quota lines (caps.csv after the scenario's changes) as a person reads them: year, what (course or
    family name), block name, the four bounds (blank: no bound) and the source; ids in the last columns."""
    words = vocabulary(inputs, lang)
    caps = inputs.caps.reset_index() if "target" not in inputs.caps.columns else inputs.caps.copy()
    table = pd.DataFrame({
        "year": caps["year"].astype(int),
        "target_name": caps["target"].map(words.targets).fillna(caps["target"]),
        "block_name": caps["block"].map(words.blocks).fillna(caps["block"]),
        **{column: caps[column].astype("Int64") for column in QUOTA_COLUMNS},
        "source": caps.get("source", pd.Series("", index=caps.index)).fillna("").astype(str),
        "target": caps["target"].astype(str),
        "block": caps["block"].astype(str),
    })
    return table.sort_values(["year", "target", "block"], kind="stable").reset_index(drop=True)


def shipped_scenarios(folder: str | Path = SCENARIOS) -> pd.DataFrame:
    """The scenario files of ``folder`` (default: the shipped ones) with their name and question, baseline first."""
    rows = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # a file that does not read is not offered; loading it would name the problem
        if isinstance(raw, dict):
            rows.append({"name": str(raw.get("name", path.stem)), "question": str(raw.get("question", "")),
                         "file": path, "extends": raw.get("extends")})
    table = pd.DataFrame(rows, columns=["name", "question", "file", "extends"])
    return table.sort_values("extends", key=lambda s: s.notna(), kind="stable").reset_index(drop=True)


def scenario_title(path: str | Path) -> tuple[str, str]:
    """A scenario file's name and question as written in it (its parents' are not read): for lists on the page;
    the file name and no question when it does not read."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return path.stem, ""
    if not isinstance(raw, dict):
        return path.stem, ""
    return str(raw.get("name") or path.stem), str(raw.get("question") or "")


def data_folders(folder: str | Path = DATA) -> list[Path]:
    """The bundled data folders (each holds units.csv and caps.csv)."""
    return sorted(p for p in Path(folder).iterdir() if (p / "units.csv").is_file() and (p / "caps.csv").is_file())


def scenario_text(raw: Mapping[str, Any]) -> str:
    """A scenario as the YAML file the command line reads: the page's mark, the question as a comment, then the
    keys in the order people write them (extends, name, question, data, years, …, the change lists)."""
    order = ["extends", "name", "question", "data", "years", "release_limits", "separate_quotas_by", "tier_order",
             "caps", "demand", "units", "add_years", "pins", "reference", "plan_from_year", "today", "frozen", "solver"]
    keys = sorted(raw, key=lambda k: order.index(k) if k in order else len(order))
    body = yaml.safe_dump({k: raw[k] for k in keys}, allow_unicode=True, sort_keys=False, width=120)
    question = str(raw.get("question", "")).replace("\n", " ")
    return f"{PAGE_MARK}\n# Question: {question}\n{body}"


def write_scenario(raw: Mapping[str, Any], path: str | Path, replace_own: bool = True) -> Path:
    """Write ``raw`` as a scenario file at ``path`` after checking that it loads (a scenario the command line would
    refuse is refused here, with the same message). An existing file is replaced only when this page wrote it."""
    path = Path(path)
    text = scenario_text(raw)
    load_scenario(path, raw=yaml.safe_load(text))  # raises InputError naming the key at fault
    own = path.is_file() and path.read_text(encoding="utf-8", errors="replace").startswith(PAGE_MARK)
    if path.exists() and not (own and replace_own):
        raise InputError(Place(str(path)), "a file of that name exists and was not written by this page",
                         "choose another name", problem_vi="đã có một tệp cùng tên không do trang này ghi",
                         fix_vi="hãy chọn tên khác")
    write_file(path, text.encode("utf-8"), own_file=own)
    return path


def headline(folder: str | Path) -> dict[str, Any]:
    """A result folder's status and numbers for the page's first lines: status, seats, cadres covered per tier
    against listed demand, classes, seconds, stage values (from summary.json and the plan's files)."""
    folder = Path(folder)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assignments, classes = read_plan(folder)
    return {"status": summary.get("status"), "scenario": summary.get("scenario", {}), "summary": summary,
            "seats": int(assignments["seats"].sum()), "classes": int(classes["classes"].sum())
            if "classes" in classes else len(classes)}


def zip_folder(folder: str | Path) -> bytes:
    """The folder as a zip file, byte-identical for identical files (sorted names, a fixed date)."""
    folder = Path(folder)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", (2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
