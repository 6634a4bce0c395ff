"""The sheets of comparison.xlsx: a ``Comparison``'s tables as a planner reads them, in Vietnamese or English.

Every id the tables carry (units, families, courses, tiers, stages, rules, kinds, blocks) is shown by its name;
the ids stay in columns at the right of each sheet, for whoever needs to find a row in the CSVs. Scenarios are
named by their question, with the scenario's name beside it as a short label (the name also heads the columns of
figures per scenario, where a question would not fit).
"""


from __future__ import annotations

import re

import pandas as pd

from ..inputs.schema import BLOCK_LABELS, ID_PATTERN, KIND_LABELS, PROVINCIAL_AREA
from ..outputs.render import STATUS_LABELS
from ..outputs.report import stage_meaning
from ..words import check_lang, names
from .compare_tables import Comparison

# The sheets in workbook order: table name -> sheet name per language.
SHEETS = {
    "vi": {"scenarios": "Kịch bản", "input_changes": "Thay đổi đầu vào", "seats": "Số chỗ học",
           "coverage": "Đáp ứng theo nhóm", "coverage_by_family": "Đáp ứng theo loại hình",
           "coverage_by_area": "Đáp ứng theo tỉnh cũ",
           "stages": "Các bước tối ưu", "rule_violations": "Vi phạm quy tắc", "unit_changes": "Thay đổi theo đơn vị",
           "gains_losses": "Được thêm – Bị bớt theo năm"},
    "en": {"scenarios": "Scenarios", "input_changes": "Input changes", "seats": "Seats",
           "coverage": "Coverage by tier", "coverage_by_family": "Coverage by family",
           "coverage_by_area": "Coverage by former province",
           "stages": "Stages", "rule_violations": "Rules broken", "unit_changes": "Unit changes",
           "gains_losses": "Gains and losses by year"},
}
TABLES = tuple(SHEETS["vi"])

HEADERS = {
    "vi": {"question": "Câu hỏi của kịch bản", "label": "Tên ngắn của kịch bản", "status": "Trạng thái",
           "seats": "Tổng số chỗ học", "years": "Các năm", "folder": "Thư mục kết quả", "table": "Bảng",
           "subject": "Đối tượng", "column": "Nội dung", "first": "Giá trị ở kịch bản gốc ({first})",
           "this": "Giá trị ở kịch bản này", "subject_id": "Mã đối tượng", "column_id": "Mã cột",
           "unit": "Đơn vị", "unit_id": "Mã đơn vị", "family": "Loại hình đào tạo", "family_id": "Mã loại hình",
           "year": "Năm", "tier": "Nhóm đối tượng", "tier_id": "Mã nhóm", "area": "Khu vực", "stage": "Bước tối ưu",
           "stage_id": "Mã bước", "rule": "Quy tắc", "rule_id": "Mã quy tắc", "kind": "Loại đơn vị",
           "demand": "{scenario}: nhu cầu", "allocated": "{scenario}: đã bố trí", "share": "{scenario}: tỷ lệ",
           "delta": "Chênh lệch {scenario} so với {first}", "gained": "Được thêm (chỗ)", "lost": "Bị bớt (chỗ)",
           "net": "Thay đổi ròng (thêm − bớt)", "by_family": "{family}: thay đổi"},
    "en": {"question": "Question of the scenario", "label": "Short name of the scenario", "status": "Status",
           "seats": "Seats in total", "years": "Years", "folder": "Result folder", "table": "Table",
           "subject": "Subject", "column": "What", "first": "Value in the first scenario ({first})",
           "this": "Value in this scenario", "subject_id": "Subject id", "column_id": "Column id",
           "unit": "Unit", "unit_id": "Unit id", "family": "Family", "family_id": "Family id", "year": "Year",
           "tier": "Tier", "tier_id": "Tier id", "area": "Area", "stage": "Stage", "stage_id": "Stage id", "rule": "Rule",
           "rule_id": "Rule id", "kind": "Kind of unit",
           "demand": "{scenario}: demand", "allocated": "{scenario}: allocated", "share": "{scenario}: share",
           "delta": "{scenario} minus {first}", "gained": "Seats gained", "lost": "Seats lost",
           "net": "Net change (gained − lost)", "by_family": "{family}: change"},
}
# What the input-change rows are about: the table and the column, in words.
CHANGE_WORDS = {
    "vi": {"changes": "Thay đổi khai báo trong kịch bản", "settings": "Thiết lập", "units": "Đơn vị",
           "tiers": "Nhóm đối tượng", "caps": "Chỉ tiêu", "demand": "Nhu cầu (danh sách cán bộ)",
           "years": "Các năm kế hoạch", "release_limits": "Giới hạn cử đi học tập trung", "name": "Tên",
           "kind": "Loại đơn vị", "rank": "Thứ tự ưu tiên", "seats_min": "Số chỗ tối thiểu",
           "seats_max": "Số chỗ tối đa", "classes_min": "Số lớp tối thiểu", "classes_max": "Số lớp tối đa",
           "provisional": "Tạm giao", "count": "Số cán bộ", "line": "dòng {n}", "declared": "Khai báo ở {file}",
           "separate_quotas_by": "Chỉ tiêu giữ riêng theo", "former_province": "tỉnh cũ",
           "pooled": "dùng chung toàn tỉnh"},
    "en": {"changes": "Changes declared by the scenario", "settings": "Settings", "units": "Units",
           "tiers": "Tiers", "caps": "Quotas", "demand": "Demand (planning lists)", "years": "Plan years",
           "release_limits": "Full-time release limits", "name": "Name", "kind": "Kind of unit", "rank": "Rank",
           "seats_min": "Seats at least", "seats_max": "Seats at most", "classes_min": "Classes at least",
           "classes_max": "Classes at most", "provisional": "Provisional", "count": "Cadres listed",
           "line": "line {n}", "declared": "Declared in {file}",
           "separate_quotas_by": "Quotas kept separate by", "former_province": "former province",
           "pooled": "one pool for the province"},
}
AREA_WORDS = {"vi": {"area": "Tỉnh cũ {area}", "provincial": "Các đơn vị cấp tỉnh"},
              "en": {"area": "Former {area}", "provincial": "Provincial units"}}
RULE_NAMES = {
    "vi": {"seat_cap": "Chỉ tiêu số chỗ", "class_size": "Sĩ số và số lớp",
           "demand_limit": "Không quá số cán bộ trong danh sách", "timing": "Học trong thời hạn",
           "full_time_only": "Chỉ học hệ tập trung", "release_limit": "Giới hạn cử đi học tập trung",
           "frozen_years": "Năm đã chốt theo số thực hiện", "pinned": "Số chỗ đã quyết định trước",
           "separate_quotas": "Phần chỉ tiêu riêng của từng tỉnh cũ"},
    "en": {"seat_cap": "Seat quotas", "class_size": "Class sizes and numbers of classes",
           "demand_limit": "No more seats than cadres listed", "timing": "Training within its time",
           "full_time_only": "Full-time study only", "release_limit": "Full-time release limits",
           "frozen_years": "Years frozen at the actual seats", "pinned": "Seats decided by the planner",
           "separate_quotas": "Each former province's part of the quotas"},
}
ID = re.compile(rf"(?<![\w.\-]){ID_PATTERN}(?![\w.\-])")  # a whole word that may be an id
TRUTH = {"vi": {"True": "có", "False": "không", "true": "có", "false": "không"},
         "en": {"True": "yes", "False": "no", "true": "yes", "false": "no"}}


class _Labels:
    """The display names of a comparison's ids in one language."""

    def __init__(self, comparison: Comparison, lang: str) -> None:
        self.lang = lang
        self.units = names(comparison.units.set_index("unit_id"), lang).to_dict()
        self.families = names(comparison.families.set_index("family"), lang).to_dict()
        self.tiers = names(comparison.tiers.set_index("tier"), lang).to_dict()
        self.targets = {**names(comparison.courses.set_index("course_id"), lang).to_dict(), **self.families}
        table = comparison.scenarios.set_index("scenario")["question"]
        self.questions = {n: str(table.get(n) or "") or n for n in comparison.names}

    def named(self, text: str) -> str:
        """``text`` with every id of a unit, course, family or tier in it replaced by its name (the sentence a
        scenario's change was recorded with names what it changes by id)."""
        known = {**self.tiers, **self.families, **self.targets, **self.units}

        def name(found: re.Match) -> str:
            word = found.group(0)
            bare = word.rstrip(".")  # an id that ends a sentence keeps its full stop
            return known[bare] + word[len(bare):] if bare in known else word

        return ID.sub(name, text)

    def of(self, kind: str, ids: pd.Series) -> pd.Series:
        """The names of ``ids`` (units, families, tiers, targets, questions); an unknown id shows as itself."""
        return ids.map(getattr(self, kind)).fillna(ids).astype(str)


def _per_scenario(columns, names: tuple[str, ...], words: dict) -> dict[str, str]:
    """Headers of the columns of figures per scenario (seats, demand, allocated, share, deltas)."""
    headers = {n: n for n in names}
    for n in names:
        for part in ("demand", "allocated", "share"):
            headers[f"{n}_{part}"] = words[part].format(scenario=n)
    for n in names[1:]:
        headers[f"delta_{n}"] = words["delta"].format(scenario=n, first=names[0])
    return {c: headers[c] for c in columns if c in headers}


def _sheet(front: dict[str, pd.Series], figures: pd.DataFrame, ids: dict[str, pd.Series],
           headers: dict[str, str]) -> pd.DataFrame:
    """Names first, then the figures (headed by ``headers``), then the ids."""
    parts = {**front, **{headers.get(c, c): figures[c] for c in figures.columns}, **ids}
    return pd.DataFrame(parts, index=figures.index).reset_index(drop=True)


def _scenarios(c: Comparison, labels: _Labels, words: dict) -> pd.DataFrame:
    table = c.scenarios
    status = table["status"].map(STATUS_LABELS[labels.lang]).fillna(table["status"])
    return pd.DataFrame({words["question"]: labels.of("questions", table["scenario"]),
                         words["label"]: table["scenario"], words["status"]: status,
                         words["seats"]: table["seats"], words["years"]: table["years"],
                         words["folder"]: table["folder"]})


def _subject(table: str, subject: str, column: str, labels: _Labels) -> str:
    """An input change's subject in words: the unit, tier, quota line (year · course or family · block) or
    planning list (unit · family · tier) it is about."""
    words = CHANGE_WORDS[labels.lang]
    parts = subject.split(" ")
    if table == "changes":
        return words["declared"].format(file=column) if column else ""
    if table == "settings":
        return words.get(subject, subject)
    if table == "units":
        return labels.units.get(subject, subject)
    if table == "tiers":
        return labels.tiers.get(subject, subject)
    if table == "caps" and len(parts) in (3, 4):
        line = [parts[0], labels.targets.get(parts[1], parts[1]), BLOCK_LABELS[labels.lang].get(parts[2], parts[2])]
        if len(parts) == 4:
            line.append(words["line"].format(n=parts[3].lstrip("#")))
        return " · ".join(line)
    if table == "demand" and len(parts) == 3:
        return " · ".join((labels.units.get(parts[0], parts[0]), labels.families.get(parts[1], parts[1]),
                           labels.tiers.get(parts[2], parts[2])))
    return subject


def _value(table: str, column: str, value: str, lang: str) -> str | int:
    """An input's value as the sheet shows it: a kind of unit or yes/no in words, a whole number as a number (so a
    spreadsheet does not flag it as a number stored as text)."""
    if table == "units" and column == "kind":
        return KIND_LABELS[lang].get(value, value)
    if column == "separate_quotas_by":
        return CHANGE_WORDS[lang].get(value or "pooled", value)
    if value.isdigit() or value[:1] == "-" and value[1:].isdigit():
        return int(value)
    return TRUTH[lang].get(value, value)


def _input_changes(c: Comparison, labels: _Labels, words: dict) -> pd.DataFrame:
    table, lang = c.input_changes, labels.lang
    change = CHANGE_WORDS[lang]
    rows = list(table[["table", "subject", "column", "first", "this"]].itertuples(index=False, name=None))
    subjects = [_subject(t, s, col, labels) for t, s, col, _, _ in rows]
    # A declared change is its own sentence (its key and file stay in the id columns); a release limit names a kind
    # of unit; anything else a column.
    what = ["" if t == "changes" else KIND_LABELS[lang].get(col, col) if s == "release_limits"
            else change.get(col, col) for t, s, col, _, _ in rows]
    this = [labels.named(b) if t == "changes" else _value(t, col, b, lang) for t, _, col, _, b in rows]
    return pd.DataFrame({
        words["question"]: labels.of("questions", table["scenario"]),
        words["table"]: table["table"].map(change).fillna(table["table"]),
        words["subject"]: subjects, words["column"]: what,
        words["first"].format(first=c.names[0]): [_value(t, col, a, lang) for t, _, col, a, _ in rows],
        words["this"]: this,
        words["label"]: table["scenario"], words["subject_id"]: table["subject"], words["column_id"]: table["column"],
    })


def _gains_losses(c: Comparison, labels: _Labels, words: dict) -> pd.DataFrame:
    """One row per later scenario, unit and year with a change: seats gained, lost, the net change and the change
    in each family (in the order of ``Comparison.gains_losses``)."""
    long = c.gains_losses
    keys = ["scenario", "unit_id", "year"]
    change = long.assign(change=long["gained"] - long["lost"])
    families = [f for f in c.families["family"] if (long["family"] == f).any()]
    families += [f for f in dict.fromkeys(long["family"]) if f not in families]
    wide = change.pivot_table(index=keys, columns="family", values="change", aggfunc="sum", sort=False)
    totals = long.groupby(keys, sort=False)[["gained", "lost"]].sum()
    table = totals.join(wide.reindex(columns=families)).reset_index()
    front = {words["question"]: labels.of("questions", table["scenario"]),
             words["unit"]: labels.of("units", table["unit_id"]), words["year"]: table["year"].astype("int64"),
             words["gained"]: table["gained"].astype("int64"), words["lost"]: table["lost"].astype("int64"),
             words["net"]: (table["gained"] - table["lost"]).astype("int64")}
    for family in families:  # a family that did not change in that unit and year is blank, not 0
        front[words["by_family"].format(family=labels.families.get(family, family))] = table[family].astype("Int64")
    ids = {words["label"]: table["scenario"], words["unit_id"]: table["unit_id"]}
    return pd.DataFrame({**front, **ids})


def workbook_sheets(comparison: Comparison, lang: str = "vi") -> dict[str, pd.DataFrame]:
    """The comparison tables as the sheets of comparison.xlsx in ``lang``: names instead of ids (the ids in
    columns at the right), scenarios by their question, headers in words."""
    lang = check_lang(lang)
    c, words, labels = comparison, HEADERS[lang], _Labels(comparison, lang)

    def head(frame: pd.DataFrame, skip: list[str]) -> dict[str, str]:
        return _per_scenario(frame.columns.drop(skip), c.names, words)

    seats, cover, by_family, by_area = c.seats, c.coverage, c.coverage_by_family, c.coverage_by_area
    stage_names = [stage_meaning(s, labels.tiers, lang) or s for s in c.stages["stage"]]
    units = c.unit_changes
    sheets = {
        "scenarios": _scenarios(c, labels, words),
        "input_changes": _input_changes(c, labels, words),
        "seats": _sheet({words["unit"]: labels.of("units", seats["unit_id"]),
                         words["family"]: labels.of("families", seats["family"]), words["year"]: seats["year"]},
                        seats.drop(columns=["unit_id", "family", "year"]), {words["unit_id"]: seats["unit_id"],
                                                                            words["family_id"]: seats["family"]},
                        head(seats, ["unit_id", "family", "year"])),
        "coverage": _sheet({words["tier"]: labels.of("tiers", cover["tier"])}, cover.drop(columns="tier"),
                           {words["tier_id"]: cover["tier"]}, head(cover, ["tier"])),
        "coverage_by_family": _sheet({words["family"]: labels.of("families", by_family["family"]),
                                      words["tier"]: labels.of("tiers", by_family["tier"])},
                                     by_family.drop(columns=["family", "tier"]),
                                     {words["family_id"]: by_family["family"], words["tier_id"]: by_family["tier"]},
                                     head(by_family, ["family", "tier"])),
        "coverage_by_area": _sheet({words["area"]: _area_names(by_area["area"], lang),
                                    words["tier"]: labels.of("tiers", by_area["tier"])},
                                   by_area.drop(columns=["area", "tier"]), {words["tier_id"]: by_area["tier"]},
                                   head(by_area, ["area", "tier"])),
        "stages": _sheet({words["stage"]: pd.Series(stage_names, index=c.stages.index, dtype="str")},
                         c.stages.drop(columns="stage"), {words["stage_id"]: c.stages["stage"]},
                         head(c.stages, ["stage"])),
        "rule_violations": _sheet({words["rule"]: c.rule_violations["rule"].map(RULE_NAMES[lang]).fillna(
            c.rule_violations["rule"])}, c.rule_violations.drop(columns="rule"),
            {words["rule_id"]: c.rule_violations["rule"]}, head(c.rule_violations, ["rule"])),
        "unit_changes": _sheet({words["unit"]: labels.of("units", units["unit_id"]),
                                words["kind"]: units["kind"].map(KIND_LABELS[lang]).fillna(units["kind"])},
                               units.drop(columns=["unit_id", "name", "kind"]), {words["unit_id"]: units["unit_id"]},
                               head(units, ["unit_id", "name", "kind"])),
        "gains_losses": _gains_losses(c, labels, words),
    }
    # Former provinces only where the units have them (a merged province), so other comparisons keep their sheets.
    return {SHEETS[lang][table]: sheets[table] for table in TABLES if table != "coverage_by_area" or len(by_area)}


def _area_names(areas: pd.Series, lang: str) -> pd.Series:
    """"Hà Nam" → "Tỉnh cũ Hà Nam" / "Former Hà Nam"; the provincial units by name."""
    words = AREA_WORDS[lang]
    return areas.map(lambda area: words["provincial"] if area == PROVINCIAL_AREA else words["area"].format(area=area))


def sheet(comparison: Comparison, table: str, lang: str = "vi") -> pd.DataFrame:
    """One sheet of comparison.xlsx (``table``: one of ``TABLES``), as the workbook shows it."""
    if table not in TABLES:
        raise ValueError(f"unknown comparison table {table!r}; use one of: {', '.join(TABLES)}")
    sheets = workbook_sheets(comparison, lang)
    if SHEETS[check_lang(lang)][table] not in sheets:
        raise ValueError(f"the comparison has no {table!r}: no unit has a former province")
    return sheets[SHEETS[lang][table]]
