"""Words shared by every output: the report languages (Vietnamese first, English as an option) and names."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

import pandas as pd

# Strings in pandas' own storage whether or not pyarrow is installed (the web page's Streamlit brings it): with
# Arrow storage pandas cannot join on an empty key column, and the files written must not depend on what else the
# machine has installed. This is the lowest module that uses pandas, so every table is made after it.
pd.set_option("mode.string_storage", "python")

LANGS = ("vi", "en")
TOTAL_LABELS = {"vi": "Tổng cộng", "en": "Total"}
UNIT_HEADER = {"vi": "Đơn vị", "en": "Unit"}


# --- labels --------------------------------------------------------------------------------------------------


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported report language, else raise ValueError."""
    if lang not in LANGS:
        raise ValueError(f"unknown report language {lang!r}; use one of: {', '.join(LANGS)}")
    return lang


def names(table: pd.DataFrame, lang: str = "vi") -> pd.Series:
    """Display names of an input table's rows (units, courses, families, tiers) in ``lang``.

    English falls back to the Vietnamese name where ``name_en`` is blank, because the column is optional.
    """
    if check_lang(lang) == "en" and "name_en" in table.columns:
        english = table["name_en"]
        return english.where(english.notna() & (english.astype(str) != ""), table["name"]).astype(str)
    return table["name"].astype(str)


def said(entry: Mapping, key: str, lang: str = "vi") -> str:
    """A text a result file records in English under ``key`` and in Vietnamese under ``key_vi`` (a plan warning's
    message, a change's text), in ``lang``; English where the Vietnamese is missing (older folders)."""
    english = entry.get(key)
    chosen = entry.get(f"{key}_vi") if check_lang(lang) == "vi" else None
    return str(chosen or english or "")


def name_map(frame: pd.DataFrame | None, key: str, lang: str = "vi") -> dict[str, str]:
    """Display names by id from a table read as plain columns (a result folder's copy of units.csv, courses.csv,
    …): ``name``, or ``name_en`` in English where it is filled, else the id itself; empty without the table."""
    if frame is None:
        return {}
    shown = frame["name"]
    if check_lang(lang) == "en" and "name_en" in frame:
        shown = frame["name_en"].where(frame["name_en"] != "", shown)
    return dict(zip(frame[key], shown.where(shown != "", frame[key])))


# --- the stages of a solve -----------------------------------------------------------------------------------

STAGE_WORDS = {
    "vi": {"coverage": "Số chỗ cho nhóm: {tier}", "fairness": "Công bằng giữa các đơn vị: {tier}",
           "reference": "Số chỗ thay đổi so với phương án tham chiếu", "early_training": "Đào tạo sớm",
           "canonical": "Chọn một phương án cố định trong các phương án ngang nhau", "fewest_classes": "Ít lớp nhất"},
    "en": {"coverage": "Seats for the tier: {tier}", "fairness": "Fairness between units: {tier}",
           "reference": "Seats moved from the reference plan", "early_training": "Earlier training",
           "canonical": "One fixed plan among equally good ones", "fewest_classes": "Fewest classes"},
}


def stage_meaning(name: str, tier_names: Mapping[str, str], lang: str = "vi") -> str:
    """A stage of the solve in words (``coverage[key_post]``: "Số chỗ cho nhóm: <the tier's name>"); empty for a
    stage these words do not know."""
    words = STAGE_WORDS[check_lang(lang)]
    for kind in ("coverage", "fairness"):
        if name.startswith(f"{kind}[") and name.endswith("]"):
            tier = name[len(kind) + 1:-1]
            return words[kind].format(tier=tier_names.get(tier, tier))
    return words.get(name, "")


# --- matching what people type ---------------------------------------------------------------------------------


def folded(text: str) -> str:
    """``text`` as people may type it: without accents (đ as d), case or extra spaces, so that "huyen uy y yen"
    finds "Huyện ủy Ý Yên"."""
    plain = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def matching_rows(table: pd.DataFrame, text: str) -> list[str]:
    """The ids (index) of ``table``'s rows that ``text`` names: its id, or else its name or English name, matched
    without accents, case or extra spaces (``folded``); several where the text fits several names."""
    if text in table.index:
        return [text]
    wanted = folded(text)
    found = [row for row in table.index if folded(row) == wanted]
    for column in ("name", "name_en"):
        if column in table.columns:
            found += [row for row, name in table[column].items()
                      if isinstance(name, str) and name and folded(name) == wanted and row not in found]
    return found
