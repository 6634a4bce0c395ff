"""The plan's own contradictions, found from the tables and reported as named warnings, never silently fixed.

Plan 98-KH/TU states several quotas twice (in its text and its appendices) and the two do not always agree. The
data keeps both versions (caps.csv holds what the model enforces, plan_figures.csv the other statements), and the
functions below compare them. Each warning has a stable code so that tests, documents and planners can name it.
"""


from __future__ import annotations

import pandas as pd

from .cadres import pending_rules
from .dataset import DataWarning, Inputs


def plan_warnings(inputs: Inputs) -> tuple[DataWarning, ...]:
    found: list[DataWarning] = []
    for check in (cap_rows_disagree, period_total_mismatch, class_plan_mismatch, class_capacity_mismatch,
                  structural_count_conflict, audience_mismatch, provisional_quota, assumed_quota,
                  pending_eligibility):
        found.extend(check(inputs))
    return tuple(found)


_VI_WHAT = {"seats": "chỗ", "classes": "lớp"}


def _span(years) -> str:
    years = sorted(int(y) for y in years)
    return f"{years[0]}" if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _sources(frame: pd.DataFrame) -> str:
    return "; ".join(dict.fromkeys(frame["source"]))


def effective_seat_limits(caps: pd.DataFrame) -> pd.DataFrame:
    """The tightest seat bounds per (year, target, block): what the model actually enforces."""
    return caps.groupby(["year", "target", "block"], sort=True).agg(
        seats_min=("seats_min", "max"), seats_max=("seats_max", "min")
    )


def cap_rows_disagree(inputs: Inputs) -> list[DataWarning]:
    """Two quota lines for the same year, target and block bound the same thing differently (text 250, appendix
    250–300)."""
    caps = inputs.caps
    out = []
    for bounds, what in ((["seats_min", "seats_max"], "seats"), (["classes_min", "classes_max"], "classes")):
        bounding = caps[caps[bounds].notna().any(axis=1)]
        for (target, block), group in bounding.groupby(["target", "block"], sort=True):
            distinct = group.groupby("year")[bounds].apply(lambda g: len(g.drop_duplicates()))
            years = distinct.index[distinct > 1]
            if len(years):
                rows = group[group["year"].isin(years)].drop_duplicates(bounds + ["source"])
                ranges = "; ".join(f"{_fmt_range(getattr(r, bounds[0]), getattr(r, bounds[1]))} ({r.source})"
                                   for r in rows.itertuples())
                out.append(DataWarning("cap_rows_disagree", f"{target}/{block} {_span(years)}",
                                       f"the plan gives different yearly {what}: {ranges}; all are enforced, so "
                                       f"the tightest holds",
                                       f"kế hoạch ghi số {_VI_WHAT[what]} mỗi năm khác nhau: {ranges}; mọi dòng đều "
                                       f"được áp dụng nên giới hạn chặt nhất có hiệu lực"))
    return out


def _fmt_range(low, high) -> str:
    low = None if pd.isna(low) else int(low)
    high = None if pd.isna(high) else int(high)
    if low is not None and high is not None:
        return f"{low}" if low == high else f"{low}–{high}"
    return f"≥{low}" if low is not None else f"≤{high}"


def period_total_mismatch(inputs: Inputs) -> list[DataWarning]:
    """A total stated for the whole period differs from the sum of the yearly quotas in caps.csv."""
    limits = effective_seat_limits(inputs.caps).reset_index()
    years = inputs.plan_years
    out = []
    for fig in inputs.plan_figures[inputs.plan_figures["kind"] == "period_total"].itertuples():
        rows = limits[(limits["target"] == fig.target) & (limits["block"] == fig.block)]
        if rows.empty and fig.block == "all":
            # The quota is split by block only: the whole is the sum of the blocks.
            rows = limits[limits["target"] == fig.target].groupby("year", as_index=False)["seats_max"].sum(min_count=1)
        yearly = rows.set_index("year")["seats_max"].reindex(years)
        total = int(yearly.fillna(0).sum())
        if total != fig.value:
            detail = " + ".join("–" if pd.isna(v) else str(int(v)) for v in yearly)
            out.append(DataWarning("period_total_mismatch", f"{fig.target}/{fig.block}",
                                   f"{fig.source} gives {fig.value} for the period, but the yearly quotas add up to "
                                   f"{detail} = {total}",
                                   f"{fig.source} ghi {fig.value} cho cả giai đoạn, nhưng chỉ tiêu các năm cộng lại "
                                   f"là {detail} = {total}"))
    return out


def _class_size_range(inputs: Inputs, target: str) -> tuple[int, int] | None:
    courses = inputs.courses
    chosen = courses[(courses.index == target) | (courses["family"] == target)].dropna(subset=["class_size_max"])
    if chosen.empty:
        return None
    return int(chosen["class_size_min"].min()), int(chosen["class_size_max"].max())


def class_plan_mismatch(inputs: Inputs) -> list[DataWarning]:
    """A stated 'N classes / M people' implies a class size outside the course's class size range."""
    out = []
    for fig in inputs.plan_figures[inputs.plan_figures["kind"] == "class_plan"].itertuples():
        sizes = _class_size_range(inputs, fig.target)
        if sizes is None or pd.isna(fig.classes) or pd.isna(fig.value):
            continue
        low, high = sizes
        if not (fig.classes * low <= fig.value <= fig.classes * high):
            out.append(DataWarning("class_plan_mismatch", fig.target,
                                   f"{fig.source} plans {fig.classes} classes for {fig.value} people "
                                   f"(≈{fig.value / fig.classes:.0f} a class), but classes hold {low}–{high}, "
                                   f"i.e. {fig.classes * low}–{fig.classes * high} people",
                                   f"{fig.source} dự kiến {fig.classes} lớp cho {fig.value} người "
                                   f"(≈{fig.value / fig.classes:.0f} người/lớp), nhưng mỗi lớp {low}–{high} người, "
                                   f"tức {fig.classes * low}–{fig.classes * high} người"))
    return out


def class_capacity_mismatch(inputs: Inputs) -> list[DataWarning]:
    """A cap's class limits cannot seat its seat limits (too few classes, or too many to fill)."""
    out = []
    caps = inputs.caps
    rows = caps[caps["classes_max"].notna() | caps["classes_min"].notna()]
    for row in rows.itertuples():
        sizes = _class_size_range(inputs, row.target)
        if sizes is None:
            continue
        low, high = sizes
        if pd.notna(row.classes_max) and pd.notna(row.seats_min) and row.classes_max * high < row.seats_min:
            out.append(DataWarning("class_capacity_mismatch", f"{row.target} {row.year}",
                                   f"at most {row.classes_max} classes × {high} = {row.classes_max * high} seats, "
                                   f"below the minimum of {row.seats_min} ({row.source})",
                                   f"tối đa {row.classes_max} lớp × {high} = {row.classes_max * high} chỗ, ít hơn "
                                   f"mức tối thiểu {row.seats_min} ({row.source})"))
        if pd.notna(row.classes_min) and pd.notna(row.seats_max) and row.classes_min * low > row.seats_max:
            out.append(DataWarning("class_capacity_mismatch", f"{row.target} {row.year}",
                                   f"at least {row.classes_min} classes × {low} = {row.classes_min * low} students, "
                                   f"above the maximum of {row.seats_max} ({row.source})",
                                   f"ít nhất {row.classes_min} lớp × {low} = {row.classes_min * low} học viên, vượt "
                                   f"mức tối đa {row.seats_max} ({row.source})"))
    return out


def structural_count_conflict(inputs: Inputs) -> list[DataWarning]:
    """The same group of cadres is counted differently in two places of the plan."""
    figs = inputs.plan_figures[inputs.plan_figures["kind"] == "structural"]
    out = []
    for target, group in figs.groupby("target", sort=True):
        if group["value"].nunique() > 1:
            values = "; ".join(f"{int(r.value):,} ({r.source})" for r in group.itertuples())
            out.append(DataWarning("structural_count_conflict", target, f"the plan counts this group as {values}",
                                   f"kế hoạch ghi số người của nhóm này là {values}"))
    return out


def audience_mismatch(inputs: Inputs) -> list[DataWarning]:
    """The same quota is assigned to different audiences in the text and in the appendix."""
    figs = inputs.plan_figures[inputs.plan_figures["kind"] == "audience"]
    out = []
    for target, group in figs.groupby("target", sort=True):
        if group["audience"].nunique() > 1:
            said = "; ".join(f"'{r.audience}' ({r.source})" for r in group.itertuples())
            out.append(DataWarning("audience_mismatch", target, f"the plan gives this quota to {said}",
                                   f"kế hoạch giao chỉ tiêu này cho {said}"))
    return out


def provisional_quota(inputs: Inputs) -> list[DataWarning]:
    """Quota lines the plan calls provisional: the real number depends on what the centre assigns."""
    caps = inputs.caps
    rows = caps[caps["provisional"].fillna(False).astype(bool)]
    out = []
    for target, group in rows.groupby("target", sort=True):
        out.append(DataWarning("provisional_quota", target,
                               f"{_span(group['year'])} quotas are planning figures ({_sources(group)}); "
                               f"re-run with the quota the centre assigns",
                               f"chỉ tiêu {_span(group['year'])} là số dự kiến ({_sources(group)}); chạy lại khi "
                               f"Trung ương giao chỉ tiêu chính thức"))
    return out


def assumed_quota(inputs: Inputs) -> list[DataWarning]:
    """Quota lines no plan states: derived by a rule (written in their source), so the plan rests on assumptions."""
    caps = inputs.caps
    if "assumed" not in caps.columns:
        return []
    rows = caps[caps["assumed"].fillna(False).astype(bool)]
    if rows.empty:
        return []
    rules = "; ".join(dict.fromkeys(rows["source"].str.extract(r"^assumed: (.*?) × ", expand=False).dropna()))
    rule = f" (scaled by {rules})" if rules else ""
    vi_rules = rules.replace("former communes", "xã cũ").replace("provincial units", "đơn vị cấp tỉnh")
    vi_rule = f" (nhân theo {vi_rules})" if rules else ""
    return [DataWarning("assumed_quota", "caps",
                        f"{len(rows)} quota lines for {_span(rows['year'])} are assumed, not published{rule}; "
                        f"replace them with the province's figures when it sets them",
                        f"{len(rows)} dòng chỉ tiêu {_span(rows['year'])} là giả định, chưa được ban hành{vi_rule}; "
                        f"thay bằng số tỉnh giao khi có")]


def pending_eligibility(inputs: Inputs) -> list[DataWarning]:
    """Named cadres judged by an age floor the regulation in force was not found to state (eligibility.csv,
    status pending): another regulation's figure stands in, and who may study part-time rests on it."""
    if inputs.cadres is None or inputs.eligibility is None:
        return []
    rules = pending_rules(inputs.eligibility, inputs.regulation, inputs.cadres["family"].unique())
    if rules.empty:
        return []
    sexes = {"female": ("women", "nữ"), "male": ("men", "nam")}
    floors = rules.groupby(["family", "mode"], sort=True)
    en = "; ".join(f"{family} {mode.replace('_', '-')} " + " / ".join(
        f"{sexes[r.sex][0]} {r.min_age}" for r in group.itertuples()) for (family, mode), group in floors)
    vi = "; ".join(f"{family} {'không tập trung' if mode == 'part_time' else 'tập trung'} " + " / ".join(
        f"{sexes[r.sex][1]} {r.min_age}" for r in group.itertuples()) for (family, mode), group in floors)
    return [DataWarning("pending_eligibility", "eligibility",
                        f"{inputs.regulation}'s own age floor was not found for {en}: a stand-in value judges the "
                        f"named cadres (eligibility.csv, status pending); check it against the regulation's text",
                        f"chưa tìm thấy tuổi tối thiểu của {inputs.regulation} cho {vi}: đang dùng giá trị thay thế "
                        f"để xét danh sách cán bộ (eligibility.csv, trạng thái pending); hãy đối chiếu văn bản "
                        f"quy định")]
