"""English left in a chart meant to be Vietnamese: the words of a figure's texts that read as English."""

from __future__ import annotations

import re

import matplotlib
from matplotlib.figure import Figure

# Words of the English chart texts; none is a Vietnamese word. A word joined by "_" (a scenario's short name such
# as more_tc) is one token, so names given on purpose do not count.
ENGLISH = {"the", "of", "and", "by", "in", "seats", "seat", "share", "target", "targets", "tier", "tiers", "year",
           "years", "unit", "units", "scenario", "scenarios", "gained", "lost", "gain", "loss", "change", "more",
           "fewer", "against", "data", "quota", "quotas", "allocated", "demand", "first", "method", "plan", "plans",
           "optimised", "class", "classes", "cadres", "covered", "whole", "period", "one", "no", "start", "given",
           "political", "theory", "full", "part", "time", "block", "party", "government", "largest", "with", "what",
           "cases", "paradoxes", "rounding", "remainder", "below", "met", "above", "each", "over", "not", "used"}


def figure_texts(fig: Figure) -> list[str]:
    """Every non-empty text of the figure: titles, axis labels, tick labels, value labels, legend entries."""
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def english_words(fig: Figure) -> list[str]:
    """The English words in the figure's texts, sorted; empty for a chart fully in Vietnamese."""
    tokens = re.findall(r"[A-Za-z_']+", " ".join(figure_texts(fig)))
    return sorted({t for t in tokens if t.lower() in ENGLISH})
