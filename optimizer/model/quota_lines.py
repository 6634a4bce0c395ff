"""Which quota lines a candidate's seats count towards: shared by the rules that bound seats per quota line
(``seat_cap`` in ``rules``, ``separate_quotas`` in ``rules_area``) and their explanations."""


from __future__ import annotations

import numpy as np
import pandas as pd


def cap_links(candidates: pd.DataFrame, caps: pd.DataFrame) -> pd.DataFrame:
    """Pairs (cap_row, var): the candidate's seats count towards that quota line (its course or family, its block)."""
    cand = pd.DataFrame({"year": candidates["year"].to_numpy(), "course_id": candidates["course_id"].to_numpy(),
                         "family": candidates["family"].to_numpy(), "block": candidates["block"].to_numpy(),
                         "var": np.arange(len(candidates))})
    caps = caps.reset_index(drop=True)[["line", "year", "target", "block"]].rename(
        columns={"line": "cap_row", "block": "cap_block"})
    by_course = cand.merge(caps, left_on=["year", "course_id"], right_on=["year", "target"])
    by_family = cand.merge(caps, left_on=["year", "family"], right_on=["year", "target"])
    links = pd.concat([by_course, by_family]).drop_duplicates(["cap_row", "var"])
    links = links[(links["cap_block"] == "all") | (links["cap_block"] == links["block"])]
    return links[["cap_row", "var"]].sort_values(["cap_row", "var"]).reset_index(drop=True)
