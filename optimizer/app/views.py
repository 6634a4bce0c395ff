"""What steps 4–6 of the page show, without Streamlit: result folders by their scenario's name and question,
numbers the Vietnamese way, the quota lines a person picks for the sensitivity run, its progress and its table
with names."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from optimizer import api

CHANGE_WORDS = {"vi": {"one_more_seat": "Thêm 1 chỗ", "one_seat_fewer": "Bớt 1 chỗ", "one_more_class": "Thêm 1 lớp"},
                "en": {"one_more_seat": "One more seat", "one_seat_fewer": "One seat fewer",
                       "one_more_class": "One more class"}}
YEAR_COLUMNS = ("Năm", "Year", "year")


def number(value, lang: str) -> str:
    """A whole number with thousands separators: 12.988 (vi), 12,988 (en); a dash for a blank."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)) or value is pd.NA:
        return "–"
    text = f"{int(value):,}"
    return text.replace(",", ".") if lang == "vi" else text


def percent(share, lang: str) -> str:
    """A share as a percentage with one decimal: 94,9% (vi), 94.9% (en); a dash for a blank."""
    if share is None or share is pd.NA or not math.isfinite(float(share)):
        return "–"
    text = f"{float(share) * 100:.1f}%"
    return text.replace(".", ",") if lang == "vi" else text


def scenario_of(folder: str | Path) -> dict:
    """A result folder's scenario settings (name, question, years) from its summary.json ({} if unreadable)."""
    try:
        summary = json.loads((Path(folder) / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    scenario = summary.get("scenario") if isinstance(summary, dict) else None
    return scenario if isinstance(scenario, dict) else {}


def folder_label(folder: str | Path) -> str:
    """How a person picks a result folder: the scenario's name and question, the folder's name in brackets."""
    scenario = scenario_of(folder)
    name = str(scenario.get("name") or Path(folder).name)
    question = str(scenario.get("question") or "").strip()
    shown = f"{name}: {question}" if question else name
    return shown if Path(folder).name == name else f"{shown} [{Path(folder).name}]"


def ordered_results(folders: list[Path], chosen: str | None) -> list[Path]:
    """The workspace's result folders newest first, the one last solved (``chosen``) first of all."""
    if chosen and Path(chosen) in folders:
        return [Path(chosen)] + [f for f in folders if f != Path(chosen)]
    return list(folders)


def formatted(frame: pd.DataFrame, lang: str, shares: tuple[str, ...] = ()) -> pd.DataFrame:
    """A table for the eye: whole numbers with separators (not years), ``shares`` as percentages, text as it is."""
    shown = frame.copy()
    for column in shown.columns:
        if column in shares:
            shown[column] = shown[column].map(lambda v: percent(v, lang))
        elif pd.api.types.is_integer_dtype(shown[column]) and column not in YEAR_COLUMNS:
            shown[column] = shown[column].map(lambda v: number(v, lang) if pd.notna(v) else "")
    return shown


def quota_lines(quotas: pd.DataFrame, lang: str) -> dict[tuple[int, str, str], str]:
    """The quota lines a sensitivity run can move (those with a seat or class maximum), by (year, target, block):
    "2023 · Cao cấp LLCT hệ tập trung · Chung (≤ 40 chỗ)"."""
    lines = quotas[quotas["seats_max"].notna() | quotas["classes_max"].notna()]
    words = {"vi": ("chỗ", "lớp"), "en": ("seats", "classes")}[lang if lang in ("vi", "en") else "en"]
    found: dict[tuple[int, str, str], str] = {}
    for row in lines.itertuples(index=False):
        key = (int(row.year), str(row.target), str(row.block))
        bounds = []
        if pd.notna(row.seats_max):
            bounds.append(f"≤ {number(row.seats_max, lang)} {words[0]}")
        if pd.notna(row.classes_max):
            bounds.append(f"≤ {number(row.classes_max, lang)} {words[1]}")
        label = f"{row.year} · {row.target_name} · {row.block_name} ({', '.join(bounds)})"
        found[key] = label if key not in found else found[key].rstrip(")") + f"; {', '.join(bounds)})"
    return found


def progress_of(messages: list, lang: str) -> tuple[float, str]:
    """How far a sensitivity run is, from the (done, total, what) tuples it reported, and its last words."""
    for message in reversed(messages):
        if isinstance(message, tuple) and len(message) == 3:
            done, total, what = message
            return (done / total if total else 0.0), f"{done}/{total} · {api.in_language(what, lang)}"
    return 0.0, ""


def sensitivity_view(table: pd.DataFrame, words: api.Vocabulary, lang: str) -> pd.DataFrame:
    """The sensitivity table with names: year, course or family, block, change in words, cadres covered more in
    all and per tier, the quotas, status and note; the ids in the last column."""
    tiers = [c for c in table.columns if c.startswith("delta[")]
    headers = {"vi": ("Năm", "Khóa học / loại hình", "Khối", "Thay đổi", "Chỉ tiêu hiện tại", "Chỉ tiêu mới",
                      "Kết quả giải", "Ghi chú", "Tổng số cán bộ đáp ứng thêm", "Đáp ứng thêm: {}", "Mã"),
               "en": ("Year", "Course / family", "Block", "Change", "Quota now", "New quota", "Solve status",
                      "Note", "More cadres covered in all", "More covered: {}", "Id")}[lang]
    shown = pd.DataFrame({
        headers[0]: table["year"].astype(int),
        headers[1]: table["target"].map(lambda t: words.targets.get(t, t)),
        headers[2]: table["block"].map(lambda b: words.blocks.get(b, b)),
        headers[3]: table["change"].map(lambda c: CHANGE_WORDS[lang].get(c, c)),
        headers[8]: table["delta_total"],
        **{headers[9].format(words.tiers.get(c[6:-1], c[6:-1])): table[c] for c in tiers},
        headers[4]: table["quota_before"], headers[5]: table["quota_after"],
        headers[6]: table["status"].map(lambda s: api.status_words(str(s), lang)),
        headers[7]: table["note"].astype("string").fillna(""),
        headers[10]: table["target"].astype(str) + "/" + table["block"].astype(str),
    })
    return shown



REASON_HEADERS = {"vi": ("Đơn vị", "Lý do", "Mã đơn vị"), "en": ("Unit", "Reason", "Unit id")}


def explanation_rows(table: pd.DataFrame, sentences: list[str], units: dict[str, str], lang: str) -> pd.DataFrame:
    """``api.explain_folder``'s answer as rows a person reads: the unit's name and the sentence of each short demand
    row (one sentence per demand row, in the table's order), the unit's id last."""
    ids = table.drop_duplicates("demand_id")["unit_id"].astype(str).tolist()
    head = REASON_HEADERS[lang]
    return pd.DataFrame({head[0]: [units.get(u, u) for u in ids], head[1]: sentences, head[2]: ids})


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns mixing numbers and words (a change's old and new values) as text, blanks empty: the page's tables
    hold one kind per column."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].dtype == object:
            shown[column] = shown[column].map(lambda v: "" if v is None or pd.isna(v) else str(v))
    return shown


def scenario_first(frame: pd.DataFrame, names: list[str], questions: list[str], lang: str) -> pd.DataFrame:
    """A comparison sheet for the screen: the scenario's short name first instead of its long question (the
    scenarios table shows the questions), numbers the Vietnamese way, shares as percentages."""
    words = [c for c in frame.columns if len(frame) and not pd.api.types.is_numeric_dtype(frame[c])]
    drop = [c for c in words if set(frame[c].astype(str)) <= set(map(str, questions))]
    named = [c for c in words if set(frame[c].astype(str)) <= set(names)]
    shown = frame.drop(columns=drop)[named + [c for c in frame.columns if c not in drop and c not in named]]
    shares = tuple(c for c in shown.columns if pd.api.types.is_float_dtype(shown[c]))
    return formatted(as_text(shown), lang, shares=shares)
