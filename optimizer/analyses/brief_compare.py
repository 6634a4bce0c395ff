"""What changed between two scenarios, in the few lines the one-page brief has room for: total seats, covered
cadres per tier, the units that gain or lose most, and how many input figures differ.

``compared_lines`` turns a two-scenario ``Comparison`` (``compare``: the other scenario first, the one the brief is
about second) into (the other scenario's name, lines) for ``outputs.brief_content``.
"""


from __future__ import annotations

import pandas as pd

from ..outputs.brief_content import MOST_CHANGES, signed
from ..outputs.html_markup import number_text, percent_text
from ..outputs.pdf_labels import BRIEF
from .compare_tables import Comparison

MOST_UNITS = 4


def _tier_names(comparison: Comparison, lang: str) -> dict[str, str]:
    tiers = comparison.tiers
    shown = tiers["name"]
    if lang == "en" and "name_en" in tiers:
        shown = tiers["name_en"].where(tiers["name_en"].fillna("") != "", shown)
    return dict(zip(tiers["tier"], shown.fillna(tiers["tier"])))


def compared_lines(comparison: Comparison, lang: str = "vi") -> tuple[str, list[str]]:
    """(the other scenario's name, the lines saying how this one differs from it)."""
    words = BRIEF[lang]
    other, this = comparison.names[0], comparison.names[1]
    delta = f"delta_{this}"
    seats = comparison.seats
    lines = [words["compare_total"].format(this=number_text(seats[this].sum(), lang),
                                           delta=signed(int(seats[delta].sum()), lang), other=other)]
    tiers = _tier_names(comparison, lang)
    coverage = comparison.coverage
    for values in coverage.to_dict("records"):
        now, before = values[f"{this}_allocated"], values[f"{other}_allocated"]
        change = int(now) - int(before) if pd.notna(now) and pd.notna(before) else 0  # a tier of one scenario only
        if change:
            lines.append(words["compare_tier"].format(
                tier=tiers.get(values["tier"], values["tier"]), this=number_text(values[f"{this}_allocated"], lang),
                delta=signed(change, lang), share=percent_text(values[f"{this}_share"], lang)))
    units = comparison.unit_changes
    moved = units[units[delta] != 0].head(MOST_UNITS)
    if len(moved):
        names = dict(zip(comparison.units["unit_id"], comparison.units["name_en" if lang == "en" else "name"]))
        shown = ", ".join(f"{names.get(u) or u} {signed(int(d), lang)}" for u, d in zip(moved["unit_id"], moved[delta]))
        lines.append(words["compare_units"].format(units=shown))
    differences = comparison.input_changes
    count = int((differences["scenario"] == this).sum()) if "scenario" in differences else 0
    if count:
        lines.append(words["compare_inputs"].format(count=number_text(count, lang)))
    return other, lines[:MOST_CHANGES]
