"""Illustrative demand, made by a documented seeded rule, and large synthetic instances for the benchmark.

The plan publishes province totals only; no per-unit demand exists in public. ``nam_dinh_demand`` spreads the
plan's own structural counts (447, 3,212, 1,260 = 430 + 830, 3,679) and, where the plan gives no count, a stated
multiple of the period quota, over the sending units:

1. each family's pool (per block where the quota is split by block) is shared among the kinds of unit that send
   cadres to it (``KIND_SHARES``), then among the units of a kind by their size weight times a jitter in
   [0.75, 1.25] drawn from a hash of (seed, unit, family), so units are not all alike;
2. a district's pool that is not split by block goes 40 % to its party block and 60 % to its government;
3. each unit's count is split over the four priority tiers (``TIER_SHARES``, jittered the same way);
4. timing per tier (``TIER_TIMING``): serving leaders and key-post cadres must finish by 2025 (the 2025
   congresses), others later; key-post cadres in political theory are full-time only (seed 001), and 30 % of the
   other planned cadres in political theory are under the part-time age floor, so full-time only as well.

Every split uses the largest-remainder rule, so the totals are exact. The hash is SHA-256, so the output is the
same on every machine and every NumPy version.
"""


from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

TIERS = ("serving", "key_post", "leader_pool", "source_pool")
TIER_SHARES = {"serving": 0.15, "key_post": 0.25, "leader_pool": 0.30, "source_pool": 0.30}
# (earliest_year, deadline_year) by tier, relative to the plan's first year (2023 for the bundled data).
TIER_TIMING = {"serving": (0, 2), "key_post": (0, 2), "leader_pool": (0, 4), "source_pool": (1, 7)}
FULL_TIME_YOUNG_SHARE = 0.30
DISTRICT_PARTY_SHARE = 0.40
POLITICAL_THEORY = ("cao_cap", "trung_cap")

ALL_KINDS = {"district": 0.45, "department": 0.25, "party_committee": 0.12, "party_board": 0.10, "mass_org": 0.08}
LEADERS = {"district": 0.45, "department": 0.30, "party_committee": 0.10, "party_board": 0.10, "mass_org": 0.05}
DISTRICTS_ONLY = {"district": 1.0}
# Communes (the map since 2025) take the districts' place; a kind absent from the units leaves the shares unchanged.
PARTY_KINDS = {"district": 0.5, "commune": 0.5, "party_committee": 0.2, "party_board": 0.2, "mass_org": 0.1}
GOVERNMENT_KINDS = {"district": 0.6, "commune": 0.6, "department": 0.4}
KIND_BLOCK = {"department": "government", "party_committee": "party", "party_board": "party", "mass_org": "party"}

# Relative size of the district committees (thousands of inhabitants, rounded; Hải Hậu and Trực Ninh from 2022
# statistics, the others approximate and assumed). Other units weigh 1.
DISTRICT_SIZE = {"tp_nam_dinh": 240, "my_loc": 70, "vu_ban": 130, "y_yen": 230, "nam_truc": 190, "truc_ninh": 178,
                 "xuan_truong": 165, "giao_thuy": 185, "hai_hau": 333, "nghia_hung": 185}


@dataclass(frozen=True)
class FamilyPool:
    """How much demand a family has over the period, and who sends it."""

    family: str
    pools: dict[str, int]  # block ("all", "party", "government") -> cadres
    kinds: dict[str, float]  # kind -> share of the pool; for split blocks, PARTY_KINDS / GOVERNMENT_KINDS apply
    source: str


NAM_DINH_POOLS = (
    FamilyPool("cao_cap", {"all": 400}, ALL_KINDS, "assumed: ≈1.5 × the 270 seats of 2023–2025"),
    FamilyPool("trung_cap", {"all": 1000}, ALL_KINDS, "Appendix 1 total (1,000) against 750 seats"),
    FamilyPool("thac_si", {"party": 60, "government": 90}, ALL_KINDS, "assumed: ≈1.4 × quota"),
    FamilyPool("tien_si", {"party": 20, "government": 40}, ALL_KINDS, "assumed: ≈1.3 × quota"),
    FamilyPool("qpan_dt2", {"all": 12}, LEADERS, "assumed: 1.5 × quota"),
    FamilyPool("bd_nuoc_ngoai", {"all": 25}, LEADERS, "assumed: ≈1.7 × quota"),
    FamilyPool("bd_ngoai_ngu", {"all": 25}, ALL_KINDS, "assumed: ≈1.7 × quota"),
    FamilyPool("cap_nhat_dt3", {"all": 600}, LEADERS, "assumed: ≈1.3 × quota"),
    FamilyPool("ld_cap_so", {"all": 90}, LEADERS, "assumed: 1.5 × quota"),
    FamilyPool("ld_cap_huyen", {"all": 447}, DISTRICTS_ONLY, "footnote 1: 447 district executive members"),
    FamilyPool("ld_cap_phong", {"party": 430, "government": 830}, ALL_KINDS, "footnote 2: 1,260 = 430 + 830"),
    FamilyPool("cap_uy_co_so", {"all": 3679}, DISTRICTS_ONLY, "Appendix 2 footnote 5: 3,679"),
    FamilyPool("can_bo_cap_xa", {"all": 3212}, DISTRICTS_ONLY, "footnote 1: 3,212 commune executive members"),
    FamilyPool("cv_cao_cap", {"party": 40, "government": 80}, ALL_KINDS, "assumed: ≈1.3 × quota"),
    FamilyPool("cv_chinh", {"party": 160, "government": 280}, ALL_KINDS, "assumed: ≈1.3 × quota"),
    FamilyPool("chuyen_vien", {"party": 80, "government": 180}, ALL_KINDS, "assumed: ≈1.3 × quota"),
    FamilyPool("vtvl", {"party": 400, "government": 4500}, ALL_KINDS, "assumed: ≈1.3 × quota"),
)

DEMAND_COLUMNS = ["demand_id", "unit_id", "family", "tier", "block", "count", "earliest_year", "deadline_year",
                  "full_time_only"]


def stable_uniform(*key: object) -> float:
    """A number in [0, 1) fixed by ``key``: the same on every machine, Python and NumPy version."""
    digest = hashlib.sha256("|".join(map(str, key)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into whole parts proportional to ``weights`` (Hamilton); ties go to the earlier weight."""
    weights = np.asarray(weights, dtype=float)
    if total == 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=int)
    exact = total * weights / weights.sum()
    parts = np.floor(exact).astype(int)
    remainder = exact - parts
    order = np.lexsort((np.arange(len(weights)), -remainder))
    parts[order[: total - parts.sum()]] += 1
    return parts


def _unit_weights(units: pd.DataFrame, kinds: dict[str, float], family: str, seed: int) -> pd.Series:
    chosen = units[units["kind"].isin(kinds)]
    if "size" in chosen.columns:  # a size column of the units (communes: former communes merged) replaces the table
        size = chosen["size"].fillna(1.0).astype(float)
    else:
        size = chosen.index.to_series().map(DISTRICT_SIZE).fillna(1.0).astype(float)
    size = size / size.groupby(chosen["kind"]).transform("mean")
    jitter = chosen.index.to_series().map(lambda u: 0.75 + 0.5 * stable_uniform(seed, u, family))
    per_kind = chosen["kind"].map(kinds) / chosen.groupby("kind")["kind"].transform("size")
    return per_kind * size * jitter


def _unit_block_counts(units: pd.DataFrame, pool: FamilyPool, seed: int) -> list[tuple[str, str, int]]:
    """(unit_id, block, count) for one family."""
    out = []
    for block, total in pool.pools.items():
        if block == "all":
            kinds = pool.kinds
        else:
            base = PARTY_KINDS if block == "party" else GOVERNMENT_KINDS
            kinds = {k: v for k, v in base.items() if k in pool.kinds}
        weights = _unit_weights(units, kinds, pool.family, seed)
        counts = largest_remainder(total, weights.to_numpy())
        for unit_id, count in zip(weights.index, counts):
            kind = units.at[unit_id, "kind"]
            if block != "all":
                out.append((unit_id, block, int(count)))
            elif kind in ("district", "commune"):
                party, government = largest_remainder(int(count), np.array([DISTRICT_PARTY_SHARE,
                                                                               1 - DISTRICT_PARTY_SHARE]))
                out += [(unit_id, "party", int(party)), (unit_id, "government", int(government))]
            else:
                out.append((unit_id, KIND_BLOCK[kind], int(count)))
    return out


def demand_rows(units: pd.DataFrame, pools, first_year: int, seed: int) -> pd.DataFrame:
    """Spread each family pool over units, blocks, tiers and timing, by the rule in this module's docstring."""
    records = []
    for pool in pools:
        for unit_id, block, count in _unit_block_counts(units, pool, seed):
            jitter = np.array([TIER_SHARES[t] * (0.75 + 0.5 * stable_uniform(seed, unit_id, pool.family, block, t))
                               for t in TIERS])
            for tier, n in zip(TIERS, largest_remainder(count, jitter)):
                earliest, deadline = (first_year + offset for offset in TIER_TIMING[tier])
                is_theory = pool.family in POLITICAL_THEORY
                if is_theory and tier == "key_post":
                    parts = {True: int(n)}
                elif is_theory and tier in ("leader_pool", "source_pool"):
                    young, rest = largest_remainder(int(n), np.array([FULL_TIME_YOUNG_SHARE, 1 - FULL_TIME_YOUNG_SHARE]))
                    parts = {True: int(young), False: int(rest)}
                else:
                    parts = {False: int(n)}
                for full_time_only, part in parts.items():
                    if part == 0:
                        continue
                    suffix = ".ft" if full_time_only and tier != "key_post" else ""
                    records.append((f"{unit_id}.{pool.family}.{tier}.{block}{suffix}", unit_id, pool.family, tier,
                                    block, part, earliest, deadline, "true" if full_time_only else "false"))
    return pd.DataFrame(records, columns=DEMAND_COLUMNS)


def nam_dinh_demand(units: pd.DataFrame, seed: int = 2023, first_year: int = 2023, years: int = 3) -> pd.DataFrame:
    """The bundled illustrative demand table for Nam Định 2023–2025 (data/nam_dinh_2023_2025/demand.csv).

    Another horizon (e.g. the 2026–2030 term) scales every pool by years / 3, halves rounded up, so a longer
    term has proportionally longer planning lists; the default reproduces the bundled table exactly.
    """
    pools = NAM_DINH_POOLS
    if years != 3:
        pools = tuple(replace(pool, pools={block: int(np.floor(n * years / 3 + 0.5)) for block, n in pool.pools.items()})
                      for pool in NAM_DINH_POOLS)
    return demand_rows(units, pools, first_year=first_year, seed=seed)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


# --- large synthetic instances (benchmark) --------------------------------------------------------------------

SYNTHETIC_KINDS = (("district", 0.22), ("party_committee", 0.11), ("department", 0.40), ("party_board", 0.14),
                   ("mass_org", 0.13))
BUNDLED_UNITS = 45  # the Nam Định quotas are scaled by units / 45


def synthetic_instance(n_units: int, years: int = 5, seed: int = 2023, first_year: int = 2023) -> dict[str, bytes]:
    """A data folder (file name -> bytes) with ``n_units`` units, the political-theory courses and 4 tiers.

    Quotas are the plan's (90 advanced, 5 intermediate classes a year) scaled by n_units / 45; demand is about
    1.4 × the seats over the horizon, spread by the same rule as the bundled data. Includes scenario.yaml.
    """
    kinds = largest_remainder(n_units, np.array([share for _, share in SYNTHETIC_KINDS]))
    unit_kinds = [kind for (kind, _), count in zip(SYNTHETIC_KINDS, kinds) for _ in range(count)]
    units = pd.DataFrame({"unit_id": [f"u{i:05d}" for i in range(n_units)],
                          "name": [f"Đơn vị {i + 1}" for i in range(n_units)],
                          "name_en": [f"Unit {i + 1}" for i in range(n_units)], "kind": unit_kinds})
    scale = n_units / BUNDLED_UNITS
    year_list = list(range(first_year, first_year + years))
    advanced_ft, advanced_pt = round(40 * scale), round(50 * scale)
    ft_classes, pt_classes = max(1, round(2 * scale)), max(1, round(3 * scale))
    caps = []
    for year in year_list:
        caps += [(year, "cao_cap_tt", "all", "", advanced_ft, "", "", "synthetic: 40 × scale"),
                 (year, "cao_cap_ktt", "all", "", advanced_pt, "", max(1, round(scale)), "synthetic: 50 × scale"),
                 (year, "trung_cap", "all", "", (ft_classes + pt_classes) * 50, "", "", "synthetic: 50 a class"),
                 (year, "trung_cap_tt", "all", "", "", ft_classes, ft_classes, "synthetic: 2 × scale classes"),
                 (year, "trung_cap_ktt", "all", "", "", pt_classes, pt_classes, "synthetic: 3 × scale classes")]
    seats = years * (advanced_ft + advanced_pt + (ft_classes + pt_classes) * 50)
    advanced_share = (advanced_ft + advanced_pt) / (advanced_ft + advanced_pt + (ft_classes + pt_classes) * 50)
    pools = (FamilyPool("cao_cap", {"all": round(1.4 * seats * advanced_share)}, ALL_KINDS, "synthetic"),
             FamilyPool("trung_cap", {"all": round(1.4 * seats * (1 - advanced_share))}, ALL_KINDS, "synthetic"))
    demand = demand_rows(units.set_index("unit_id"), pools, first_year=first_year, seed=seed)
    tiers = pd.DataFrame({"tier": TIERS, "rank": [1, 2, 3, 4], "name": TIERS, "name_en": TIERS})
    families = pd.DataFrame({"family": ["cao_cap", "trung_cap"], "name": ["Cao cấp LLCT", "Trung cấp LLCT"],
                             "name_en": ["Advanced", "Intermediate"], "group": "political_theory"})
    courses = pd.DataFrame({
        "course_id": ["cao_cap_tt", "cao_cap_ktt", "trung_cap_tt", "trung_cap_ktt"],
        "name": ["Cao cấp LLCT tập trung", "Cao cấp LLCT không tập trung", "Trung cấp LLCT tập trung",
                 "Trung cấp LLCT không tập trung"],
        "name_en": ["Advanced full-time", "Advanced part-time", "Intermediate full-time", "Intermediate part-time"],
        "family": ["cao_cap", "cao_cap", "trung_cap", "trung_cap"],
        "mode": ["full_time", "part_time", "full_time", "part_time"], "duration_months": [8, 24, 6, 18],
        "class_size_min": ["", 40, 40, 40], "class_size_max": ["", 60, 60, 60]})
    cap_columns = ["year", "target", "block", "seats_min", "seats_max", "classes_min", "classes_max", "source"]
    targets = pd.DataFrame([(f, t, y, 1.0 if t in ("serving", "key_post") else 0.5, "synthetic")
                            for f in families["family"] for t in TIERS for y in year_list],
                           columns=["family", "tier", "year", "target_share", "source"])
    figures = pd.DataFrame(columns=["figure_id", "kind", "target", "block", "value", "classes", "audience", "source"])
    scenario = (f"# Synthetic instance: {n_units} units, {years} years, seed {seed} (benchmark)\n"
                f"name: synthetic_{n_units}x{years}\ndata: .\nyears: {year_list}\nrelease_limits:\n"
                "  district: 8\n  party_committee: 4\n  department: 3\n  party_board: 2\n  mass_org: 2\n"
                "solver:\n  name: highs\n  time_limit_seconds: 600\n  seed: 0\n")

    def csv(frame: pd.DataFrame) -> bytes:
        return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")

    return {"units.csv": csv(units), "families.csv": csv(families), "courses.csv": csv(courses),
            "caps.csv": csv(pd.DataFrame(caps, columns=cap_columns)), "demand.csv": csv(demand),
            "tiers.csv": csv(tiers), "targets.csv": csv(targets), "plan_figures.csv": csv(figures),
            "scenario.yaml": scenario.encode("utf-8")}
