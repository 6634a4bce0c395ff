"""The scenario page's tables and the scenario keys they stand for, both ways, without Streamlit.

A planner edits tables of names (quota lines, release limits, tiers, pins, merges and splits); these functions turn
the edited tables into the keys of a scenario file that ``extends`` the scenario the planner started from, and a
scenario's keys back into the tables, so that a saved scenario opens with its edits in place. Ids stay in the right
columns or are found from names; a name nobody knows is refused with the table, row and column.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from optimizer import api
from optimizer.app.workspace import slug

QUOTA_KEY = ["year", "target", "block"]
QUOTA_COLUMNS = list(api.QUOTA_COLUMNS)
PIN_COLUMNS = ["unit_name", "course_name", "year", "seats", "at_least", "at_most", "note"]
MERGE_COLUMNS = ["unit_name", "into_name", "date"]
SPLIT_COLUMNS = ["unit_name", "date", "new_name", "share"]
BOUNDS = ("seats", "at_least", "at_most")

# Where a mistake in a table is said to be (the "file" of its place), by table.
TABLE_NAMES = {"quota": {"vi": "bảng chỉ tiêu", "en": "quota table"},
               "pins": {"vi": "bảng giữ cố định", "en": "pins table"},
               "merge": {"vi": "bảng sáp nhập", "en": "merge table"},
               "split": {"vi": "bảng chia tách", "en": "split table"},
               "tiers": {"vi": "bảng thứ tự ưu tiên", "en": "tier table"},
               "years": {"vi": "các năm", "en": "years"}}


def refused(table: str, row: int | None, column: str | None, en: tuple[str, str], vi: tuple[str, str],
            lang: str = "vi") -> api.InputError:
    """A mistake in one of the page's tables, said like the library's (``api.one_line``): (problem, fix) in
    English and in Vietnamese."""
    return api.InputError(api.Place(TABLE_NAMES[table][lang], row, column), en[0], en[1],
                          problem_vi=vi[0], fix_vi=vi[1])


def _value(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or (isinstance(value, str)
                                                                                  and not value.strip())


def by_name(names: Mapping[str, str]) -> dict[str, str]:
    """Ids by name (a name that two ids share keeps the first)."""
    found: dict[str, str] = {}
    for key, name in names.items():
        found.setdefault(name, key)
    return found


def relative(path: str | Path, folder: str | Path) -> str:
    """``path`` as a scenario file in ``folder`` names it (relative, with forward slashes)."""
    return Path(os.path.relpath(Path(path).resolve(), Path(folder).resolve())).as_posix()


# --- quota lines -------------------------------------------------------------------------------------------------


def _aligned(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The rows of two quota tables side by side, matched by year, course, block and their order among the lines
    sharing these (rows of only one table are left out: years added or dropped)."""
    def keyed(table: pd.DataFrame) -> pd.DataFrame:
        out = table[[*QUOTA_KEY, *QUOTA_COLUMNS]].reset_index(drop=True)
        out["position"] = np.arange(len(out))
        out["nth"] = out.groupby(QUOTA_KEY, sort=False).cumcount()
        for column in QUOTA_COLUMNS:
            out[column] = out[column].astype("Float64")
        return out
    return keyed(before).merge(keyed(after), on=[*QUOTA_KEY, "nth"], suffixes=("_old", "_new"), how="inner")


def _differs(old: pd.Series, new: pd.Series) -> pd.Series:
    return ~((old == new).fillna(False) | (old.isna() & new.isna())).astype(bool)


def caps_changes(before: pd.DataFrame, after: pd.DataFrame, lang: str = "vi") -> list[dict]:
    """The ``caps`` changes that turn the quota table ``before`` into ``after`` (edited bounds): one
    ``{target, block, years: [y], set: {column: value}}`` per year, course and block edited; blank is None (no
    bound). A change selects every line of its year, course and block, so lines sharing them (one with seats,
    one with classes) must end with the same value in an edited column; otherwise the change would move the other
    line too, and it is refused with the row and column."""
    both = _aligned(before, after)
    edited = pd.DataFrame({c: _differs(both[f"{c}_old"], both[f"{c}_new"]) for c in QUOTA_COLUMNS})
    changes = []
    for (year, target, block), group in both[edited.any(axis=1)].groupby(QUOTA_KEY, sort=False):
        lines = both[(both["year"] == year) & (both["target"] == target) & (both["block"] == block)]
        values: dict[str, int | None] = {}
        for column in QUOTA_COLUMNS:
            if not edited.loc[lines.index, column].any():
                continue
            new = lines[f"{column}_new"]
            if new.nunique(dropna=False) > 1:
                row = int(lines.loc[edited.loc[lines.index, column], "position_new"].iloc[0]) + 1
                others = ", ".join("—" if pd.isna(v) else str(int(v)) for v in new)
                en = (f"this line shares its year, course and block with another line, and a change sets both "
                      f"({column}: {others})")
                vi = (f"dòng này trùng năm, khóa học và khối với một dòng khác, một thay đổi sẽ đặt cả hai dòng "
                      f"({column}: {others})")
                raise refused("quota", row, column, (en, f"give both lines the same {column}, or leave it"),
                              (vi, f"hãy ghi cùng một giá trị {column} cho cả hai dòng, hoặc giữ nguyên"), lang)
            values[column] = _value(new.iloc[0])
        changes.append({"target": str(target), "block": str(block), "years": [int(year)], "set": values})
    return changes


def apply_caps(table: pd.DataFrame, caps: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The quota table after ``caps`` changes that set bounds (the ones this page writes), the way back."""
    out = table.copy()
    for change in caps:
        if "set" not in change:
            continue
        chosen = api.selected_caps(out, change)
        for column, value in change["set"].items():
            out.loc[chosen, column] = pd.NA if value is None else value
    return out


def unexpected_cells(edited: pd.DataFrame, loaded: pd.DataFrame) -> pd.DataFrame:
    """The quota cells where the scenario as loaded differs from the table as edited (none: only the edited cells
    changed): year, target, block, column, edited, loaded."""
    both = _aligned(edited, loaded)
    rows = [{"year": int(row["year"]), "target": row["target"], "block": row["block"], "column": column,
             "edited": row[f"{column}_old"], "loaded": row[f"{column}_new"]}
            for column in QUOTA_COLUMNS
            for _, row in both[_differs(both[f"{column}_old"], both[f"{column}_new"])].iterrows()]
    return pd.DataFrame(rows, columns=[*QUOTA_KEY, "column", "edited", "loaded"])


# --- release limits, tiers, years -----------------------------------------------------------------------------------


def release_table(limits: Mapping[str, int], kinds: Mapping[str, str]) -> pd.DataFrame:
    """One row per kind of unit: its name, its release limit, its id."""
    ids = [k for k in kinds if k in limits]
    return pd.DataFrame({"kind_name": [kinds[k] for k in ids], "limit": [int(limits[k]) for k in ids],
                         "kind": ids})


def release_changes(before: Mapping[str, int], table: pd.DataFrame) -> dict[str, int]:
    """The release limits the table changes (a scenario's limits override its parent's kind by kind)."""
    return {str(row.kind): int(row.limit) for row in table.itertuples()
            if not pd.isna(row.limit) and int(row.limit) != int(before.get(row.kind, -1))}


def tier_table(order: Sequence[str], tiers: Mapping[str, str]) -> pd.DataFrame:
    """The tiers in ``order`` of urgency (1 the most urgent): rank, name, id."""
    return pd.DataFrame({"rank": range(1, len(order) + 1), "tier_name": [tiers[t] for t in order],
                         "tier": list(order)})


def tier_order(table: pd.DataFrame, before: Sequence[str], lang: str = "vi") -> list[str] | None:
    """The new order of urgency from the ranks the planner gave (each rank once), or None when unchanged."""
    ranks = table["rank"]
    if ranks.isna().any() or ranks.duplicated().any():
        row = int(ranks[ranks.isna() | ranks.duplicated()].index[0]) + 1
        raise refused("tiers", row, "rank", ("each tier needs its own rank", "number the tiers 1, 2, 3, …"),
                      ("mỗi nhóm cán bộ cần một thứ tự riêng", "hãy đánh số các nhóm 1, 2, 3, …"), lang)
    order = [str(t) for t in table.sort_values("rank", kind="stable")["tier"]]
    return None if order == list(before) else order


def years_keys(before: Sequence[int], chosen: Sequence[int], added: Sequence[int], copy_from: int | None,
               lang: str = "vi") -> dict[str, Any]:
    """The ``years`` (and ``add_years``) keys: the plan years kept plus new years with the quota lines of
    ``copy_from``; nothing when the years are those of the parent."""
    added = sorted({int(y) for y in added} - set(before))
    years = sorted({int(y) for y in chosen} | set(added))
    if not years:
        raise refused("years", None, None, ("no year is chosen", "keep at least one year"),
                      ("chưa chọn năm nào", "hãy giữ ít nhất một năm"), lang)
    keys: dict[str, Any] = {}
    if added:
        keys["add_years"] = [{"copy_caps_from": int(copy_from if copy_from is not None else max(before)),
                              "years": added}]
    if years != sorted(before):
        keys["years"] = years
    return keys


def parse_years(text: str, lang: str = "vi") -> list[int]:
    """Years typed as '2026, 2027' or '2026-2030'."""
    years: list[int] = []
    for part in str(text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        bounds = part.replace("–", "-").split("-")
        try:
            first, last = int(bounds[0]), int(bounds[-1])
        except ValueError:
            raise refused("years", None, None, (f"'{part}' is not a year", "write e.g. 2026, 2027 or 2026-2030"),
                          (f"'{part}' không phải là năm", "hãy ghi, ví dụ, 2026, 2027 hoặc 2026-2030"), lang) from None
        years += list(range(first, last + 1))
    return sorted(set(years))


# --- pins ---------------------------------------------------------------------------------------------------------


def pins_table(pins: Sequence[Mapping[str, Any]], units: Mapping[str, str],
               targets: Mapping[str, str]) -> pd.DataFrame:
    """A scenario's ``pins:`` list as the table the planner edits (names, not ids)."""
    rows = [{"unit_name": units.get(p["unit"], p["unit"]), "course_name": targets.get(p["course"], p["course"]),
             "year": int(p["year"]), **{k: p.get(k) for k in BOUNDS}, "note": p.get("note", "")} for p in pins]
    table = pd.DataFrame(rows, columns=PIN_COLUMNS)
    for column in ("year", *BOUNDS):
        table[column] = table[column].astype("Int64")
    table["note"] = table["note"].astype("string")
    return table


def pins_list(table: pd.DataFrame, units: Mapping[str, str], targets: Mapping[str, str],
              lang: str = "vi") -> list[dict]:
    """The ``pins:`` list of the pins table: unit and course by name, a year, exactly and/or at least/at most."""
    unit_ids, target_ids = by_name(units), by_name(targets)
    pins = []
    for i, row in enumerate(table.reset_index(drop=True).to_dict("records"), start=1):
        if all(_blank(row.get(c)) for c in PIN_COLUMNS):
            continue  # a row added and left empty
        for column, known, what in (("unit_name", unit_ids, ("unit", "đơn vị")),
                                    ("course_name", target_ids, ("course", "khóa học"))):
            if _blank(row.get(column)) or row[column] not in known:
                raise refused("pins", i, column, (f"choose a {what[0]} from the list", f"choose a {what[0]}"),
                              (f"hãy chọn {what[1]} trong danh sách", f"hãy chọn {what[1]}"), lang)
        if _blank(row.get("year")):
            raise refused("pins", i, "year", ("the year is missing", "write the year"),
                          ("thiếu năm", "hãy ghi năm"), lang)
        bounds = {k: int(row[k]) for k in BOUNDS if not _blank(row.get(k))}
        if not bounds:
            raise refused("pins", i, "seats", ("the pin gives no number of seats",
                                               "write exactly, at least or at most"),
                          ("chưa ghi số chỗ", "hãy ghi số chỗ đúng bằng, ít nhất hoặc nhiều nhất"), lang)
        pin = {"unit": unit_ids[row["unit_name"]], "course": target_ids[row["course_name"]], "year": int(row["year"]),
               **bounds}
        if not _blank(row.get("note")):
            pin["note"] = str(row["note"]).strip()
        pins.append(pin)
    return pins


# --- merges and splits ---------------------------------------------------------------------------------------------


def _date(value: Any) -> str:
    if isinstance(value, (datetime.date, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def units_tables(changes: Sequence[Mapping[str, Any]], units: Mapping[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A scenario's ``units:`` list as the merge table and the split table (one row per new unit)."""
    merges, splits = [], []
    for change in changes:
        date = datetime.date.fromisoformat(str(change["date"]))
        if "merge" in change:
            merges.append({"unit_name": units.get(change["merge"], change["merge"]),
                           "into_name": units.get(change["into"], change["into"]), "date": date})
        else:
            splits += [{"unit_name": units.get(change["split"], change["split"]), "date": date,
                        "new_name": part["name"], "share": float(part["share"])} for part in change["into"]]
    merge = pd.DataFrame(merges, columns=MERGE_COLUMNS)
    split = pd.DataFrame(splits, columns=SPLIT_COLUMNS).astype({"share": "float"})
    return merge, split


def units_list(merges: pd.DataFrame, splits: pd.DataFrame, units: Mapping[str, str],
               lang: str = "vi") -> list[dict]:
    """The ``units:`` list: each merge row, then each unit split (its rows grouped by unit and date) into new
    units named by the planner (their ids made from the names)."""
    ids = by_name(units)
    changes = []

    def unit(table: str, i: int, column: str, name: Any) -> str:
        if _blank(name) or name not in ids:
            raise refused(table, i, column, ("choose a unit from the list", "choose a unit"),
                          ("hãy chọn đơn vị trong danh sách", "hãy chọn đơn vị"), lang)
        return ids[name]

    def date(table: str, i: int, value: Any) -> str:
        if _blank(value):
            raise refused(table, i, "date", ("the date is missing", "write the date it takes effect"),
                          ("thiếu ngày", "hãy ghi ngày có hiệu lực"), lang)
        return _date(value)

    for i, row in enumerate(merges.reset_index(drop=True).to_dict("records"), start=1):
        if all(_blank(row.get(c)) for c in MERGE_COLUMNS):
            continue
        changes.append({"merge": unit("merge", i, "unit_name", row.get("unit_name")),
                        "into": unit("merge", i, "into_name", row.get("into_name")),
                        "date": date("merge", i, row.get("date"))})
    groups: dict[tuple[str, str], list[dict]] = {}
    for i, row in enumerate(splits.reset_index(drop=True).to_dict("records"), start=1):
        if all(_blank(row.get(c)) for c in SPLIT_COLUMNS):
            continue
        key = (unit("split", i, "unit_name", row.get("unit_name")), date("split", i, row.get("date")))
        if _blank(row.get("new_name")):
            raise refused("split", i, "new_name", ("the new unit has no name", "write its name"),
                          ("đơn vị mới chưa có tên", "hãy ghi tên đơn vị mới"), lang)
        if _blank(row.get("share")):
            raise refused("split", i, "share", ("the share is missing", "write e.g. 0.6"),
                          ("thiếu tỷ lệ", "hãy ghi, ví dụ, 0.6"), lang)
        name = str(row["new_name"]).strip()
        groups.setdefault(key, []).append({"unit_id": slug(name, "don_vi_moi"), "name": name,
                                           "share": float(row["share"])})
    changes += [{"split": old, "into": parts, "date": when} for (old, when), parts in groups.items()]
    return changes


# --- the whole file -------------------------------------------------------------------------------------------------


def scenario_keys(extends: str, name: str, question: str, data: str | None = None,
                  **edits: Any) -> dict[str, Any]:
    """The keys of the scenario file: what it extends, its name and question, the data folder when not the
    parent's, and the edits that are not empty."""
    raw: dict[str, Any] = {"extends": extends, "name": name, "question": question}
    if data:
        raw["data"] = data
    raw.update({key: value for key, value in edits.items() if value not in (None, [], {}, "")})
    return raw
