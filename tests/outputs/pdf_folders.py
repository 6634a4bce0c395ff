"""Result folders made by hand (as {path: bytes}) for the printed pages: any number of units, names as long as a
test likes, every unit short of its target and every rule binding somewhere, so that lists are as long as they get.

Only the files the brief and the notices read are made; the numbers are consistent with each other (allocated never
above demand, explanations for every short row) but come from no solve.
"""

from __future__ import annotations

import csv
import io
import json

YEARS = (2023, 2024, 2025)
TIERS = [("serving", 1, "Đương chức chưa đạt chuẩn"), ("key_post", 2, "Quy hoạch chức danh chủ chốt"),
         ("leader_pool", 3, "Quy hoạch chức danh lãnh đạo khác"), ("source_pool", 4, "Cán bộ nguồn khác")]
FAMILIES = [("cao_cap", "Cao cấp lý luận chính trị"), ("trung_cap", "Trung cấp lý luận chính trị")]
RULES = ("seat_cap", "class_size", "release_limit", "timing")


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def long_name(number: int, length: int) -> str:
    base = f"Đảng ủy Khối doanh nghiệp và các cơ quan hành chính sự nghiệp số {number} của tỉnh "
    return (base * (length // len(base) + 1))[:length].strip()


def stressed_folder(units: int = 200, name_length: int = 150, courses: int = 6, reference: bool = False,
                    question_words: int = 120, spread: bool = False) -> dict[str, bytes]:
    """A folder of ``units`` units named ``name_length`` characters long, ``courses`` courses in two families.
    Unit n gets n % 5 seats per (family, tier), all on the family's first course in 2023; with ``spread`` also one
    seat on each other course of the family (so a unit has a seat line per course)."""
    unit_ids = [f"u{n:03d}" for n in range(units)]
    course_ids = [f"c{n:02d}" for n in range(courses)]
    course_family = {c: FAMILIES[n % len(FAMILIES)][0] for n, c in enumerate(course_ids)}
    kinds = ("district", "department", "mass_org", "party_board", "party_committee")
    files = {
        "inputs/units.csv": _csv(["unit_id", "name", "name_en", "kind"],
                                 [[u, long_name(n, name_length), f"Unit {n} " * (name_length // 7),
                                   kinds[n % len(kinds)]] for n, u in enumerate(unit_ids)]),
        "inputs/tiers.csv": _csv(["tier", "rank", "name", "name_en"], [[t, r, n, t] for t, r, n in TIERS]),
        "inputs/families.csv": _csv(["family", "name", "name_en", "group"],
                                    [[f, n, f, "political_theory"] for f, n in FAMILIES]),
        "inputs/courses.csv": _csv(["course_id", "name", "name_en", "family", "mode", "duration_months",
                                    "class_size_min", "class_size_max"],
                                   [[c, f"Khóa {c} " + "rất dài " * 12, c, course_family[c], "part_time", 12, 40, 60]
                                    for c in course_ids]),
        "inputs/targets.csv": _csv(["family", "tier", "year", "target_share", "source"],
                                   [[f, t, y, round(0.9 * (y - 2022) / 3, 3), "test"]
                                    for f, _ in FAMILIES for t, _, _ in TIERS for y in YEARS]),
    }
    demand, coverage, explanations, allocation, assignments = [], [], [], [], []
    for n, u in enumerate(unit_ids):
        for f, _ in FAMILIES:
            for t, _, _ in TIERS:
                demand_id = f"{u}.{f}.{t}"
                count = 10 + n % 7
                got = n % 5
                demand.append([demand_id, u, f, t, "party", count, 2023, 2025, "false"])
                coverage.append([u, f, t, count, got, round(got / count, 4)])
                for number, c in enumerate(c for c in course_ids if course_family[c] == f):
                    year = YEARS[number % len(YEARS)]
                    seats = got if number == 0 else int(spread and got > 0)
                    if seats:
                        allocation.append([year, u, c, t, "party", seats])
                        assignments.append([demand_id, year, c, seats])
                    for rule in RULES:
                        explanations.append([demand_id, u, f, t, count, got, count - got, year, c, rule,
                                             "chi tiết " * 20, "True"])
    files["inputs/demand.csv"] = _csv(["demand_id", "unit_id", "family", "tier", "block", "count", "earliest_year",
                                       "deadline_year", "full_time_only"], demand)
    files["coverage.csv"] = _csv(["unit_id", "family", "tier", "demand", "allocated", "share"], coverage)
    files["explanations.csv"] = _csv(["demand_id", "unit_id", "family", "tier", "count", "allocated", "short", "year",
                                      "course_id", "rule", "detail", "binds"], explanations)
    files["allocation.csv"] = _csv(["year", "unit_id", "course_id", "tier", "block", "seats"], allocation)
    files["assignments.csv"] = _csv(["demand_id", "year", "course_id", "seats"], assignments)
    cumulative = []
    for f, _ in FAMILIES:
        for t, _, _ in TIERS:
            rows = [r for r in coverage if r[1] == f and r[2] == t]
            need, got = sum(r[3] for r in rows), sum(r[4] for r in rows)
            for y in YEARS:
                cumulative.append([f, t, y, need, got, round(got / need, 4), round(0.9 * (y - 2022) / 3, 3)])
    files["cumulative_coverage.csv"] = _csv(["family", "tier", "year", "demand", "allocated_cumulative", "share",
                                             "target_share"], cumulative)
    if reference:
        moved = [[d, y, c, s + (1 if i % 3 == 0 else 0)] for i, (d, y, c, s) in enumerate(assignments)]
        files["inputs/reference.csv"] = _csv(["demand_id", "year", "course_id", "seats"], moved)
    question = " ".join(["Nếu cắt giảm chỉ tiêu thì các đơn vị nào bị ảnh hưởng nhiều nhất"] * (question_words // 12))
    changes = [{"key": "caps", "file": "x.yaml", "text": f"thay đổi số {n} " + "rất dài " * 30} for n in range(12)]
    files["summary.json"] = json.dumps({
        "scenario": {"name": "stress_" + "x" * 80, "question": question, "years": list(YEARS), "changes": changes},
        "status": "time_limited", "seats": sum(r[3] for r in assignments)}, ensure_ascii=False).encode("utf-8")
    return files
