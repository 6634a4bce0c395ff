"""Words shared by every output: the report languages (Vietnamese first, English as an option) and names."""

from __future__ import annotations

import pandas as pd

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
