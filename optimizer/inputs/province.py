"""Every input table for one province on the map since 1 July 2025, from its communes and plan 98-KH/TU's shape.

No province has published 2026–2030 seat figures (DOMAIN.md §6), so ``province_tables`` writes a plan of the same
shape as Nam Định's 98-KH/TU, scaled to the province, every quota line labelled assumed. The rule:

* **Units**: the province's communes (kind ``commune``, id = the commune's codename, e.g. ``xa_gia_vien``, with ``_<code>``
  appended where two communes of the province share it) and the
  provincial units after the 2025 reorganisation (``PROVINCIAL_UNITS``, assumed): the 4 party committees directly
  under the province (party agencies, People's Committee, military, police), the 13 departments and equivalent
  bodies, 5 party boards, the Fatherland Front and 5 mass organisations.
* **Families and courses**: Nam Định's, except the district leaders' training (``ld_cap_huyen``), which has no
  audience left: it becomes ``ld_cap_xa``, the training of commune key leaders (party secretary and deputy,
  People's Council, People's Committee and Front chairs: ``KEY_POSTS_PER_COMMUNE`` = 5 a commune), since the
  communes took over most of the districts' work.
* **Quotas**: each of 98-KH/TU's yearly lines (year k of the new plan takes the plan's year min(k, 3)) times the
  province's scale, rounded half up and at least 1 where the plan's line is positive: the number of former
  communes merged into the province's communes over Nam Định's 175 (``NAM_DINH_COMMUNES``, DOMAIN.md §5), a
  proxy for its cadres; department-level leader training (``ld_cap_so``) scales by provincial units over Nam
  Định's 35. Class counts scale the same way, then agree (``fit_classes``: the part-time intermediate classes are
  the total less the full-time ones, and enough to hold the least seats). ``assumed`` is true on every line,
  ``source`` states the rule.
* **Demand**: the seeded rule of ``synth`` on Nam Định's pools, scaled the same way and by years / 3, the
  districts' share going to the communes weighted by their former communes; ``ld_cap_xa``: 5 key posts a
  commune.
* **Tiers**: the four of DOMAIN.md §3, named for communes; **targets**: 100 % of tiers 1–2, 80 % of tier 3, 50 % of
  tier 4 by the last year, in even steps; **plan_figures**: the structural counts the rule uses.
"""


from __future__ import annotations

import unicodedata
from dataclasses import replace

import numpy as np
import pandas as pd

from . import synth

NAM_DINH_COMMUNES = 175
NAM_DINH_PROVINCIAL_UNITS = 35
KEY_POSTS_PER_COMMUNE = 5
PROVINCIAL_ONLY = ("ld_cap_so",)
TARGET_SHARES = {"serving": 1.0, "key_post": 1.0, "leader_pool": 0.8, "source_pool": 0.5}

# (unit_id, name with {level} for "tỉnh"/"thành phố", English name, kind): after the 2025 reorganisation, assumed.
PROVINCIAL_UNITS = (
    ("dang_uy_co_quan_dang", "Đảng ủy các cơ quan Đảng {level}", "Party Agencies Party Committee", "party_committee"),
    ("dang_uy_ubnd", "Đảng ủy Ủy ban nhân dân {level}", "People's Committee Party Committee", "party_committee"),
    ("dang_uy_quan_su", "Đảng ủy Quân sự {level}", "Military Party Committee", "party_committee"),
    ("dang_uy_cong_an", "Đảng ủy Công an {level}", "Police Party Committee", "party_committee"),
    ("van_phong_ubnd", "Văn phòng UBND {level}", "Office of the People's Committee", "department"),
    ("thanh_tra", "Thanh tra {level}", "Inspectorate", "department"),
    ("so_noi_vu", "Sở Nội vụ", "Department of Home Affairs", "department"),
    ("so_tu_phap", "Sở Tư pháp", "Department of Justice", "department"),
    ("so_tai_chinh", "Sở Tài chính", "Department of Finance", "department"),
    ("so_cong_thuong", "Sở Công Thương", "Department of Industry and Trade", "department"),
    ("so_nong_nghiep_moi_truong", "Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment",
     "department"),
    ("so_xay_dung", "Sở Xây dựng", "Department of Construction", "department"),
    ("so_khoa_hoc", "Sở Khoa học và Công nghệ", "Department of Science and Technology", "department"),
    ("so_van_hoa", "Sở Văn hóa, Thể thao và Du lịch", "Department of Culture, Sports and Tourism", "department"),
    ("so_giao_duc", "Sở Giáo dục và Đào tạo", "Department of Education and Training", "department"),
    ("so_y_te", "Sở Y tế", "Department of Health", "department"),
    ("so_dan_toc_ton_giao", "Sở Dân tộc và Tôn giáo", "Department of Ethnic and Religious Affairs", "department"),
    ("ban_to_chuc", "Ban Tổ chức {level} ủy", "Organisation Commission", "party_board"),
    ("ban_tuyen_giao_dan_van", "Ban Tuyên giáo và Dân vận {level} ủy", "Propaganda and Mass Mobilisation Commission",
     "party_board"),
    ("ban_noi_chinh", "Ban Nội chính {level} ủy", "Internal Affairs Commission", "party_board"),
    ("uy_ban_kiem_tra", "Ủy ban Kiểm tra {level} ủy", "Inspection Commission", "party_board"),
    ("van_phong_tinh_uy", "Văn phòng {level} ủy", "Office of the Party Committee", "party_board"),
    ("mttq", "Ủy ban MTTQ Việt Nam {level}", "Fatherland Front Committee", "mass_org"),
    ("doan_thanh_nien", "Đoàn TNCS Hồ Chí Minh {level}", "Youth Union", "mass_org"),
    ("hoi_lhpn", "Hội Liên hiệp Phụ nữ {level}", "Women's Union", "mass_org"),
    ("hoi_nong_dan", "Hội Nông dân {level}", "Farmers' Union", "mass_org"),
    ("hoi_ccb", "Hội Cựu chiến binh {level}", "Veterans' Association", "mass_org"),
    ("lien_doan_ld", "Liên đoàn Lao động {level}", "Labour Federation", "mass_org"),
)

COMMUNE_LEADERS = ("ld_cap_xa", "Bồi dưỡng lãnh đạo chủ chốt cấp xã", "Commune key leader training")
TIER_NAMES = (
    ("serving", 1, "Đương chức chưa đạt chuẩn (cả lãnh đạo cấp xã)", "Serving leaders below standard (incl. communes)"),
    ("key_post", 2, "Quy hoạch chức danh chủ chốt (cả chủ chốt cấp xã)", "Planned for key posts (incl. communes)"),
    ("leader_pool", 3, "Quy hoạch chức danh lãnh đạo khác (cả cấp xã)", "Planned for other leadership posts"),
    ("source_pool", 4, "Cán bộ nguồn khác", "Other eligible cadres"),
)
UNIT_COLUMNS = ["unit_id", "name", "name_en", "kind", "code", "division_type", "former_province", "former_district"]


def _ascii(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def province_units(communes: pd.DataFrame, level: str) -> pd.DataFrame:
    """The communes' party committees (sorted by code), then the provincial units."""
    # The name after its type ("Xã ", "Phường ", "Đặc khu "): the type is the division_type, lower case.
    rest = pd.Series([name[len(kind) + 1:] for name, kind in zip(communes["commune"], communes["division_type"])],
                     index=communes.index)
    english = communes["division_type"].map({"xã": "Commune", "phường": "Ward", "đặc khu": "Special Zone"})
    # A few provinces have two communes spelt alike without diacritics (Cẩm Giang, Cẩm Giàng): both get the code.
    twin = communes["codename"].duplicated(keep=False)
    unit_id = communes["codename"].where(~twin, communes["codename"] + "_" + communes["commune_code"])
    units = pd.DataFrame({
        "unit_id": unit_id, "name": "Đảng ủy " + communes["division_type"] + " " + rest,
        "name_en": rest.map(_ascii) + " " + english + " Party Committee", "kind": "commune",
        "code": communes["commune_code"], "division_type": communes["division_type"],
        "former_province": communes["former_province"], "former_district": communes["former_district"]})
    provincial = pd.DataFrame([(uid, name.format(level=level), en, kind, "", "", "", "")
                               for uid, name, en, kind in PROVINCIAL_UNITS], columns=UNIT_COLUMNS)
    return pd.concat([units[UNIT_COLUMNS], provincial], ignore_index=True)


def _round(values) -> np.ndarray:
    return np.floor(np.asarray(values, dtype=float) + 0.5)


def province_caps(plan_caps: pd.DataFrame, first_year: int, years: int, scale: tuple[int, int],
                  provincial: tuple[int, int]) -> pd.DataFrame:
    """98-KH/TU's yearly lines for the new plan's years, scaled (module docstring), all labelled assumed."""
    plan_years = plan_caps["year"].astype(int)
    rows = []
    for k in range(years):
        shape = plan_caps[plan_years == plan_years.min() + min(k, 2)].copy()
        shape["year"] = first_year + k
        rows.append(shape)
    caps = pd.concat(rows, ignore_index=True)
    caps["target"] = caps["target"].replace({"ld_cap_huyen": COMMUNE_LEADERS[0]})
    only_provincial = caps["target"].isin(PROVINCIAL_ONLY)
    factor = np.where(only_provincial, provincial[0] / provincial[1], scale[0] / scale[1])
    for column in ("seats_min", "seats_max", "classes_min", "classes_max"):
        value = pd.to_numeric(caps[column], errors="coerce")
        scaled = np.maximum(_round(value * factor), np.where(value > 0, 1, 0))
        caps[column] = pd.array(np.where(value.isna(), np.nan, scaled), dtype="Int64")
    caps["assumed"] = "true"
    rule = np.where(only_provincial, f"{provincial[0]}/{provincial[1]} provincial units",
                    f"{scale[0]}/{scale[1]} former communes")
    caps["source"] = "assumed: " + rule + " × " + caps["source"].astype(str)
    columns = ["year", "target", "block", "seats_min", "seats_max", "classes_min", "classes_max", "provisional",
               "assumed", "source"]
    return caps[columns]


def fit_classes(caps: pd.DataFrame, courses: pd.DataFrame) -> pd.DataFrame:
    """The scaled class counts made to agree, year by year: where a family's line caps its classes (98-KH/TU: 5
    intermediate classes) and its courses have exact counts (2 full-time; "5 classes less the 2 full-time" part-
    time), the last course takes the total less the others (at least 1); then while those classes cannot hold the
    family's least seats (seats_min), the last course gets one more class, and the total with it. Rounding each
    count on its own can break both (a province at 129/175: 4 classes in all, 1 + 2 by course, 180 seats at most
    for at least 184)."""
    caps = caps.copy()
    family_of = courses.set_index("course_id")["family"]
    size_max = pd.to_numeric(courses.set_index("course_id")["class_size_max"], errors="coerce")
    exact = caps["classes_min"].notna() & (caps["classes_min"] == caps["classes_max"]) & caps["target"].isin(
        family_of.index)
    for (year, family), lines in caps[exact].groupby([caps["year"], caps["target"].map(family_of)], sort=False):
        totals = caps.index[(caps["year"] == year) & (caps["target"] == family) & caps["classes_max"].notna()]
        counts = lines["classes_max"].astype(int).to_dict()
        last = lines.index[-1]
        if len(totals):
            counts[last] = max(1, int(caps.loc[totals[0], "classes_max"]) - sum(n for i, n in counts.items()
                                                                                if i != last))
        least = pd.to_numeric(caps.loc[(caps["year"] == year) & (caps["target"] == family), "seats_min"]).max()
        room = sum(n * size_max[caps.at[i, "target"]] for i, n in counts.items())
        while pd.notna(least) and room < least:
            counts[last] += 1
            room += size_max[caps.at[last, "target"]]
        for i, n in counts.items():
            caps.loc[i, ["classes_min", "classes_max"]] = n
        if len(totals):
            caps.loc[totals, "classes_max"] = sum(counts.values())
    return caps


def province_tables(communes: pd.DataFrame, province: str, first_year: int, years: int, seed: int, *,
                    plan: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every input table (file stem -> table) for ``province`` (its name or code) from ``communes`` (the rows of
    data/vietnam_2025/communes.csv, as text) and ``plan``, Nam Định's families, courses and caps (98-KH/TU)."""
    mine = communes[(communes["province"] == province) | (communes["province_code"] == province)]
    if mine.empty:
        raise ValueError(f"no communes for province {province!r}")
    mine = mine.sort_values("commune_code")
    level = "thành phố" if mine["province"].iloc[0].startswith("Thành phố") else "tỉnh"
    units = province_units(mine, level)
    former = int(mine["predecessors"].astype(int).sum())
    scale = former / NAM_DINH_COMMUNES
    provincial = len(PROVINCIAL_UNITS) / NAM_DINH_PROVINCIAL_UNITS

    families = plan["families"].copy()
    huyen = families["family"] == "ld_cap_huyen"
    families.loc[huyen, ["family", "name", "name_en"]] = COMMUNE_LEADERS
    courses = plan["courses"].copy()
    huyen = courses["course_id"] == "ld_cap_huyen"
    courses.loc[huyen, ["course_id", "family"]] = COMMUNE_LEADERS[0]
    courses.loc[huyen, ["name", "name_en"]] = ("BD lãnh đạo chủ chốt cấp xã", "Commune key leader training")

    caps = fit_classes(province_caps(plan["caps"], first_year, years, (former, NAM_DINH_COMMUNES),
                                     (len(PROVINCIAL_UNITS), NAM_DINH_PROVINCIAL_UNITS)), courses)

    key_posts = KEY_POSTS_PER_COMMUNE * len(mine)
    pools = []
    for pool in synth.NAM_DINH_POOLS:
        kinds = {("commune" if k == "district" else k): v for k, v in pool.kinds.items()}
        if pool.family == "ld_cap_huyen":
            pools.append(synth.FamilyPool(COMMUNE_LEADERS[0], {"all": key_posts}, {"commune": 1.0},
                                          f"assumed: {KEY_POSTS_PER_COMMUNE} key posts a commune"))
            continue
        factor = (provincial if pool.family in PROVINCIAL_ONLY else scale) * years / 3
        pools.append(replace(pool, kinds=kinds,
                             pools={b: int(_round(n * factor)) for b, n in pool.pools.items()}))
    sized = units.set_index("unit_id")
    sized["size"] = pd.Series(mine["predecessors"].astype(float).to_numpy(), index=units["unit_id"].iloc[:len(mine)])
    demand = synth.demand_rows(sized, pools, first_year=first_year, seed=seed)

    tiers = pd.DataFrame(TIER_NAMES, columns=["tier", "rank", "name", "name_en"])
    last = first_year + years - 1
    targets = pd.DataFrame([(f, t, first_year + k, round(share * (k + 1) / years, 3),
                             f"assumed: even progress to the {last} share (data/README.md)")
                            for f in families["family"] for t, share in TARGET_SHARES.items() for k in range(years)],
                           columns=["family", "tier", "year", "target_share", "source"])
    figures = pd.DataFrame([
        ("communes", "structural", "don_vi_cap_xa", "all", len(mine), "", "", "data/vietnam_2025/communes.csv"),
        ("former_communes", "structural", "don_vi_cap_xa_cu", "all", former, "", "",
         "data/vietnam_2025/communes.csv (predecessors)"),
        ("commune_key_posts", "structural", COMMUNE_LEADERS[0], "all", key_posts, "", "",
         f"assumed: {KEY_POSTS_PER_COMMUNE} key posts a commune"),
        ("party_committees_under_province", "structural", "dang_bo_truc_thuoc", "all", len(mine) + 4, "", "",
         "assumed: the communes' and 4 provincial party committees (DOMAIN.md §6)"),
    ], columns=["figure_id", "kind", "target", "block", "value", "classes", "audience", "source"])
    return {"units": units, "families": families, "courses": courses, "caps": caps, "demand": demand,
            "tiers": tiers, "targets": targets, "plan_figures": figures}


def province_files(tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """The data folder's files (name -> UTF-8 CSV bytes, "\\n" line ends) for the tables of ``province_tables``."""
    return {f"{name}.csv": frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
            for name, frame in tables.items()}
