"""The house style shared by every chart: fonts, colours, the vi/en words, and small drawing helpers.

DejaVu Sans (matplotlib's bundled default) has every Vietnamese diacritic, so labels render on any machine;
the colours are the Okabe–Ito palette, readable with colour-blindness.
"""


from __future__ import annotations

FONT = "DejaVu Sans"
TITLE = {"family": FONT, "size": 13, "weight": "bold"}
SUBTITLE = {"family": FONT, "size": 11}
LABEL = {"family": FONT, "size": 10}
SMALL = {"family": FONT, "size": 8}
SMALL_BOLD = {"family": FONT, "size": 8, "weight": "bold"}
TICK_SIZE = 9
# Colour-blind-safe (Okabe–Ito) colours, one per tier in rank order.
TIER_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
# Per family a dark and a light shade, so a family's full-time and part-time courses read as one family.
FAMILY_SHADES = (("#1f4e79", "#7fa7d3"), ("#a33a00", "#f0a070"), ("#2e7d32", "#9ccc9c"), ("#6a3d9a", "#cab2d6"),
                 ("#8c6d00", "#e6c85c"), ("#555555", "#b0b0b0"))
CHART_GROUPS = ("political_theory", "degree")
THOUSANDS = {"vi": ".", "en": ","}  # 1.200 in Vietnamese, 1,200 in English

TEXT = {
    "vi": {
        "coverage_title": "Tiến độ đáp ứng nhu cầu đào tạo lý luận chính trị so với mục tiêu",
        "coverage_y": "Tỷ lệ nhu cầu đã bố trí (lũy kế)",
        "year": "Năm khai giảng",
        "allocated": "Đã bố trí (lũy kế)",
        "target": "Mục tiêu",
        "no_data": "Không có số liệu",
        "no_family": "Không có loại hình lý luận chính trị trong dữ liệu",
        "no_group": "Không có loại hình {group} trong dữ liệu",
        "seats_title": "Số chỗ học lý luận chính trị và sau đại học theo năm, so với chỉ tiêu",
        "seats_y": "Số chỗ học",
        "quota": "Chỉ tiêu số chỗ của loại hình đào tạo",
        "seats_note": "Số trên cột: số chỗ đã bố trí / chỉ tiêu",
        "unused": "Chỉ tiêu chưa sử dụng",
        "over": "Vượt chỉ tiêu",
        "unit_title": "Tỷ lệ nhu cầu đào tạo {group} được bố trí chỗ học, theo đơn vị",
        "unit_x": "Tỷ lệ nhu cầu đã bố trí (cả giai đoạn)",
        "unit_note_target": ("Cả giai đoạn, mọi nhóm đối tượng. Mục tiêu của đơn vị: mục tiêu năm {year} của từng "
                             "nhóm đối tượng, bình quân theo nhu cầu của đơn vị"),
        "unit_note": "Cả giai đoạn, mọi nhóm đối tượng; bảng mục tiêu không có mục tiêu cho năm cuối kế hoạch",
        "met_target": "Đạt mục tiêu",
        "below_target": "Dưới mục tiêu",
        "unit_share": "Tỷ lệ đã bố trí",
        "unit_target": "Mục tiêu năm {year}",
        "groups": {"political_theory": "lý luận chính trị", "degree": "sau đại học", "refresher": "bồi dưỡng"},
        "compare_coverage_title": "Tỷ lệ nhu cầu được bố trí chỗ học theo nhóm đối tượng: so sánh các kịch bản",
        "compare_coverage_y": "Tỷ lệ nhu cầu đã bố trí",
        "tier": "Nhóm đối tượng",
        "unit_change_title": "Đơn vị tăng, giảm số chỗ học nhiều nhất (cả giai đoạn)",
        "unit_change_x": "Chênh lệch số chỗ học so với kịch bản gốc ({scenario} − {first})",
        "unit_change_note": "{shown} trong số {total} đơn vị có thay đổi",
        "this_scenario": "Kịch bản:",
        "first_scenario": "So với kịch bản gốc:",
        "gain": "Tăng so với kịch bản gốc ({first})",
        "loss": "Giảm so với kịch bản gốc ({first})",
        "gains_title": "Số chỗ học mỗi đơn vị được thêm và bị bớt, theo năm",
        "gains_note": ("{shown} trong số {total} đơn vị có thay đổi, đơn vị thay đổi nhiều nhất (thêm + bớt) ở "
                       "trên; tính theo từng loại hình đào tạo"),
        "gains_x": "Số chỗ học",
        "gained": "Được thêm so với kịch bản gốc ({first})",
        "lost": "Bị bớt so với kịch bản gốc ({first})",
        "no_change": "Không đơn vị nào thay đổi số chỗ học",
        "properties_title": "Tính chất công bằng (Balinski–Young) của các phương án",
        "quota_panel": "Trường hợp đơn vị nhận số chỗ ngoài phần chia chính xác\n(làm tròn lên/xuống; theo loại hình và theo nhóm đối tượng)",
        "alabama_panel": "Nghịch lý Alabama: thêm 1 chỉ tiêu, đơn vị lại mất chỗ\n(mỗi ô chỉ tiêu, chỉ tiêu ±{span})",
        "not_a_method": "không áp dụng",
        "optimised": "Phương án tối ưu hóa ({plan})",
        "method": "Phương pháp {method}",
        "methods": {"hamilton": "Hamilton (phần dư lớn nhất)", "jefferson": "Jefferson (D'Hondt, làm tròn xuống)",
                    "webster": "Webster (Sainte-Laguë, làm tròn gần nhất)",
                    "huntington_hill": "Huntington–Hill (trung bình nhân)", "adams": "Adams (làm tròn lên)",
                    "dean": "Dean (trung bình điều hòa)"},
        "sensitivity_title": "Thêm một chỗ học hoặc một lớp thì đáp ứng thêm bao nhiêu cán bộ?",
        "sensitivity_note": "Mỗi thanh: một chỉ tiêu (năm, khóa học hoặc loại hình, khối) được thêm; giải lại đến tối ưu. {shown} trong {total} phương án có tác dụng",
        "sensitivity_x": "Số cán bộ được đáp ứng thêm",
        "sensitivity_none": "Không chỉ tiêu nào, khi thêm một chỗ hay một lớp, đáp ứng thêm được cán bộ nào",
        "seat": "thêm 1 chỗ", "class": "thêm 1 lớp",
    },
    "en": {
        "coverage_title": "Political theory training: progress against targets",
        "coverage_y": "Share of demand given a seat (cumulative)",
        "year": "Start year",
        "allocated": "Allocated (cumulative)",
        "target": "Target",
        "no_data": "No data",
        "no_family": "No political theory family in the data",
        "no_group": "No {group} family in the data",
        "seats_title": "Political theory and postgraduate seats by year, against quotas",
        "seats_y": "Seats",
        "quota": "Seat quota of the course family",
        "seats_note": "Above each bar: seats allocated / quota",
        "unused": "Quota not used",
        "over": "Over the quota",
        "unit_title": "Share of {group} demand given a seat, by unit",
        "unit_x": "Share of demand given a seat (whole period)",
        "unit_note_target": "Whole period, all tiers. A unit's target: each tier's {year} target, weighted by the "
                            "unit's demand",
        "unit_note": "Whole period, all tiers; targets.csv gives no target for the last plan year",
        "met_target": "Target met",
        "below_target": "Below target",
        "unit_share": "Share given a seat",
        "unit_target": "{year} target",
        "groups": {"political_theory": "political theory", "degree": "postgraduate", "refresher": "refresher"},
        "compare_coverage_title": "Share of demand given a seat, by tier: scenarios compared",
        "compare_coverage_y": "Share of demand given a seat",
        "tier": "Tier",
        "unit_change_title": "Units with the largest gain and loss in seats (whole period)",
        "unit_change_x": "Change in seats against the first scenario ({scenario} − {first})",
        "unit_change_note": "{shown} of the {total} units with a change",
        "this_scenario": "Scenario:",
        "first_scenario": "Against the first scenario:",
        "gain": "More than in the first scenario ({first})",
        "loss": "Fewer than in the first scenario ({first})",
        "gains_title": "Seats each unit gains and loses, by year",
        "gains_note": ("{shown} of the {total} units with a change, the largest change (gained + lost) on top; "
                       "counted per course family"),
        "gains_x": "Seats",
        "gained": "Gained against the first scenario ({first})",
        "lost": "Lost against the first scenario ({first})",
        "no_change": "No unit's seats change",
        "properties_title": "Fairness properties (Balinski–Young) of the plans",
        "quota_panel": "Cases of a unit outside its exact share rounded down or up\n(per family and per family × tier)",
        "alabama_panel": "Alabama paradoxes: one more seat, a unit loses one\n(every quota cell, quota ±{span})",
        "not_a_method": "not a method",
        "optimised": "Optimised plan ({plan})",
        "method": "{method}",
        "methods": {"hamilton": "Hamilton method (largest remainder)",
                    "jefferson": "Jefferson method (D'Hondt, rounding down)",
                    "webster": "Webster method (Sainte-Laguë, rounding to nearest)",
                    "huntington_hill": "Huntington–Hill method (geometric mean)",
                    "adams": "Adams method (rounding up)", "dean": "Dean method (harmonic mean)"},
        "sensitivity_title": "What does one more seat or one more class buy?",
        "sensitivity_note": "Each bar: one quota (year, course or family, block) raised and re-solved to optimality. {shown} of {total} variants help",
        "sensitivity_x": "More cadres covered",
        "sensitivity_none": "No quota covers anyone more with one more seat or class",
        "seat": "one more seat", "class": "one more class",
    },
}


def style_axes(ax) -> None:
    ax.tick_params(labelsize=TICK_SIZE)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)


def draw_message(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontproperties=LABEL, color="#666666")


MET_COLOUR, BELOW_COLOUR = "#0072B2", "#D55E00"  # Okabe–Ito blue and vermillion
DECIMAL = {"vi": ",", "en": "."}


def percent_text(share: float, lang: str) -> str:
    """A share as a percentage with at most one decimal; never "100%" for a share below 1, nor "0%" above 0."""
    value = round(share * 100, 1)
    if value >= 100 and share < 1:
        value = 99.9
    if value <= 0 < share:
        value = 0.1
    text = f"{value:.1f}".removesuffix(".0").replace(".", DECIMAL[lang])
    return f"{text}%"


def count_text(value: float, lang: str) -> str:
    return f"{int(round(value)):,}".replace(",", THOUSANDS[lang])
