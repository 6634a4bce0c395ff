"""The rule of a merged province whose former provinces keep their own quotas (``separate_quotas``).

Since 1 July 2025 three provinces may be one (DOMAIN.md §6: new Ninh Bình is Nam Định, Hà Nam and old Ninh Bình).
Whether the communes of the former provinces draw on one pool of seats or each former province keeps its part is
a planner's question, and the scenario setting ``separate_quotas_by: former_province`` asks it: every quota line
with a seats_max is split into one part per *area* (a former province; the provincial units, which have none,
form the area ``schema.PROVINCIAL_AREA``), and an area's units take at most its part. The line itself still holds
(``seat_cap``); classes stay the province's (a class mixes areas).

The parts (``quota_parts``): a line's seats_max shared in proportion to each area's listed cadres who could take
it (demand rows of the line's family and block whose window [earliest_year, deadline_year] holds the line's
year), by largest remainders (Hamilton), ties to the area first in alphabetical order. A cadre's area is that of
the unit of their demand row. Like a block's quota in the plan's appendices, a part is a fixed number of seats.
"""


from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs.dataset import Inputs
from ..inputs.scenario import Scenario
from ..inputs.schema import PROVINCIAL_AREA
from .quota_lines import cap_links
from .registry import Evidence, Rows, Space, reasons

PART_COLUMNS = ["line", "year", "target", "block", "area", "seats_max", "cadres", "part"]


def unit_areas(units: pd.DataFrame, by: str) -> pd.Series:
    """unit_id → area: the unit's value in the column ``by``, or PROVINCIAL_AREA where it has none."""
    if by not in units.columns:
        return pd.Series(PROVINCIAL_AREA, index=units.index, dtype=object)
    values = units[by].astype("string").str.strip()
    return values.where(values.notna() & (values != ""), PROVINCIAL_AREA).astype(object)


def quota_parts(inputs: Inputs, scenario: Scenario) -> pd.DataFrame:
    """Every area's part of each quota line with a seats_max in the plan years (PART_COLUMNS; ``cadres``: the
    area's listed cadres who could take the line), by line then area; empty when quotas are pooled."""
    by = scenario.separate_quotas_by
    caps = inputs.caps
    caps = caps[caps["year"].isin(scenario.years) & caps["seats_max"].notna()] if by else caps.iloc[:0]
    if caps.empty:
        return pd.DataFrame({column: pd.Series(dtype="int64" if column in ("line", "year", "seats_max", "cadres",
                                                                             "part") else object)
                             for column in PART_COLUMNS})
    areas = unit_areas(inputs.units, by)
    lines = pd.DataFrame({"line": caps["line"].to_numpy(), "year": caps["year"].astype("int64").to_numpy(),
                          "target": caps["target"].to_numpy(), "block": caps["block"].to_numpy(),
                          "family": caps["target"].map(inputs.courses["family"]).fillna(caps["target"]).to_numpy(),
                          "seats_max": caps["seats_max"].astype("int64").to_numpy()})
    demand = inputs.demand
    cadres = pd.DataFrame({"family": demand["family"].to_numpy(), "row_block": demand["block"].to_numpy(),
                           "area": demand["unit_id"].map(areas).to_numpy(), "count": demand["count"].to_numpy(),
                           "earliest": demand["earliest_year"].to_numpy(),
                           "deadline": demand["deadline_year"].to_numpy()})
    pairs = lines.merge(cadres, on="family")
    pairs = pairs[((pairs["block"] == "all") | (pairs["block"] == pairs["row_block"]))
                  & (pairs["earliest"] <= pairs["year"]) & (pairs["year"] <= pairs["deadline"])]
    listed = pairs.groupby(["line", "area"])["count"].sum()
    grid = lines.merge(pd.DataFrame({"area": np.sort(areas.unique())}), how="cross")
    grid["cadres"] = listed.reindex(pd.MultiIndex.from_frame(grid[["line", "area"]]), fill_value=0).to_numpy(
        dtype=np.int64)
    grid["part"] = _largest_remainders(grid)
    return grid[PART_COLUMNS].sort_values(["line", "area"]).reset_index(drop=True)


def _largest_remainders(grid: pd.DataFrame) -> np.ndarray:
    """Hamilton's method per line, in whole numbers: seats_max·cadres // total, then one more seat for the largest
    remainders (ties: the area first in alphabetical order). A line nobody could take gives every part 0."""
    total = grid.groupby("line")["cadres"].transform("sum").to_numpy(dtype=np.int64)
    share = grid["seats_max"].to_numpy(dtype=np.int64) * grid["cadres"].to_numpy(dtype=np.int64)
    safe = np.maximum(total, 1)
    floor, remainder = share // safe, share % safe
    ranked = grid.assign(floor=floor, remainder=remainder, order=np.arange(len(grid)))
    ranked = ranked.sort_values(["line", "remainder", "area"], ascending=[True, False, True])
    left = (ranked["seats_max"] - ranked.groupby("line")["floor"].transform("sum")).to_numpy()
    rank = ranked.groupby("line").cumcount().to_numpy()
    extra = pd.Series((rank < left) & (total[ranked["order"].to_numpy()] > 0), index=ranked["order"].to_numpy())
    return np.where(total > 0, floor + extra.sort_index().to_numpy(dtype=np.int64), 0)


def _area_links(frame: pd.DataFrame, inputs: Inputs, scenario: Scenario, parts: pd.DataFrame) -> pd.DataFrame:
    """Pairs (line, area, var) where the frame row (a candidate, or a row of the plan) counts towards the line, in
    the area of its unit; ``frame`` needs unit_id, year, course_id, family and block."""
    lines = inputs.caps[inputs.caps["line"].isin(parts["line"].unique())]
    links = cap_links(frame, lines).rename(columns={"cap_row": "line"})
    areas = unit_areas(inputs.units, scenario.separate_quotas_by)
    links["area"] = frame["unit_id"].map(areas).to_numpy()[links["var"].to_numpy()]
    return links[["line", "area", "var"]]


def _bounds(parts: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """The rows (line, area, name, lower, upper) of the parts that some linked candidate can use, in order."""
    used = links[["line", "area"]].drop_duplicates()
    bounds = parts.merge(used, on=["line", "area"]).sort_values(["line", "area"]).reset_index(drop=True)
    name = ("separate_quotas[" + bounds["target"] + "," + bounds["block"] + "," + bounds["year"].astype(str) + ","
            + bounds["area"].str.replace(" ", "_") + "]")
    return bounds.assign(name=name, lower=0.0, upper=bounds["part"].astype(float))[
        ["line", "area", "name", "lower", "upper"]]


def separate_quotas_bounds(space: Space) -> pd.DataFrame:
    """separate_quotas' rows in order (line, area, name, lower, upper): the parts that some candidate can use."""
    parts = quota_parts(space.inputs, space.scenario)
    return _bounds(parts, _area_links(space.candidates, space.inputs, space.scenario, parts))


def separate_quotas(space: Space) -> Rows:
    """separate_quotas: with ``separate_quotas_by: former_province``, the seats that an area's units take on a
    quota line are at most the area's part of the line (module docstring: parts in proportion to listed cadres).

    Resolution 1674/NQ-UBTVQH15 (new Ninh Bình from three provinces; DOMAIN.md §6) read with Plan 98-KH/TU
    Appendix 1 and 2 (quotas by line, split by block): a what-if that gives each former province its part of
    every line, as the appendices give each block its part, instead of one pool for the merged province.
    """
    parts = quota_parts(space.inputs, space.scenario)
    links = _area_links(space.candidates, space.inputs, space.scenario, parts)
    return Rows.build(_bounds(parts, links), links.assign(coef=1.0), ["line", "area"])


AREA_TEXT = {
    "vi": {"area": "tỉnh cũ {area}", PROVINCIAL_AREA: "các đơn vị cấp tỉnh",
           "full": ("phần của {area} trong chỉ tiêu {target} năm {year}{block} là {part} trên {max} chỗ (theo tỉ lệ "
                    "số cán bộ trong danh sách) và đã dùng hết")},
    "en": {"area": "former {area}", PROVINCIAL_AREA: "the provincial units",
           "full": ("the part of {area} in the quota {target} {year}{block}, {part} of {max} seats (in proportion "
                    "to its listed cadres), is used up")},
}


def area_name(area: str, lang: str) -> str:
    """"tỉnh cũ Hà Nam" / "former Hà Nam"; the provincial units by name."""
    text = AREA_TEXT[lang]
    return text[PROVINCIAL_AREA] if area == PROVINCIAL_AREA else text["area"].format(area=area)


def separate_quotas_tight(ev: Evidence) -> pd.DataFrame:
    """The option's area has used its whole part of a quota line covering the option (seats = part)."""
    parts = quota_parts(ev.inputs, ev.scenario)
    if parts.empty or ev.mine.empty:
        return reasons([])
    plan = ev.plan.reset_index(drop=True)
    held = _area_links(plan, ev.inputs, ev.scenario, parts)
    held["seats"] = plan["seats"].to_numpy()[held["var"].to_numpy()]
    used = held.groupby(["line", "area"])["seats"].sum()
    parts = parts.set_index(["line", "area"])
    mine = _area_links(ev.mine.reset_index(drop=True), ev.inputs, ev.scenario, parts.reset_index())
    key = pd.MultiIndex.from_frame(mine[["line", "area"]])
    mine["used"] = used.reindex(key, fill_value=0).to_numpy()
    mine["part"] = parts["part"].reindex(key).to_numpy()
    full = mine[mine["used"] >= mine["part"]]
    text, found = AREA_TEXT[ev.lang], {}
    for position, line, area in zip(full["var"], full["line"], full["area"]):
        part = parts.loc[(line, area)]
        found.setdefault(int(position), []).append(text["full"].format(
            area=area_name(area, ev.lang), target=ev.target(part["target"]), year=int(part["year"]),
            block=ev.block(part["block"]), part=int(part["part"]), max=int(part["seats_max"])))
    return reasons([(position, True, "; ".join(said)) for position, said in sorted(found.items())])
