"""Write communes.csv and provinces.csv: Vietnam's map since 1 July 2025 (34 provinces, 3,321 communes).

Names, statistics-office codes and types come from the PyPI package ``vietnam-provinces`` (2025.10.1); which
former communes each new one was made from comes from ``vietnamadminunits`` (1.0.4, its converter table). Both
packages are read as JSON files located with ``importlib.util.find_spec``, never imported (importing
``vietnamadminunits`` needs shapely). Run from anywhere:

    python data/vietnam_2025/make_map.py

``predecessors`` counts the former communes (wards, townships) merged into the new one, wholly or in part (a
former commune split among several new ones counts for each). ``former_province`` and ``former_district`` are
the most common among the predecessors; ties go to the first by former key (province_district_ward, sorted).
The output is sorted by province and commune code and is the same on every run.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent


def package_json(package: str, name: str) -> dict | list:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{package} is not installed: pip install {package} --no-deps")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / name
    return json.loads(path.read_text(encoding="utf-8"))


def name_key(name: str) -> str:
    name = unicodedata.normalize("NFC", name).casefold().replace("–", "-").replace("—", "-")
    return " ".join(name.replace("-", " - ").split())


def predecessors_by_name() -> tuple[dict[tuple[str, str], list[str]], dict[str, tuple[str, str]]]:
    """(province code, commune name) -> sorted former keys province_district_ward; and code -> that key.

    Joined on the name within the province: the two packages' ward codes differ for about a hundred communes
    (one of them keeps a predecessor's code); where the names are spelt differently (thuỷ / thủy), the code.
    """
    converter = package_json("vietnamadminunits", "converter_2025.json")
    parser = package_json("vietnamadminunits", "parser_from_2025.json")
    code_of, by_code = {}, {}
    for table in ("DICT_PROVINCE_WARD_NO_ACCENTED", "DICT_PROVINCE_WARD_ACCENTED"):
        for province_key, wards in parser[table].items():
            for ward_key, ward in wards.items():
                code_of[province_key, ward_key] = (parser["DICT_PROVINCE"][province_key]["provinceCode"],
                                                   name_key(ward["ward"]))
                by_code[ward["wardCode"]] = code_of[province_key, ward_key]
    former: dict[tuple[str, str], set[str]] = defaultdict(set)
    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            former[code_of[province_key, ward_key]].update(old_keys)
    for province_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in divided.items():
            for target in targets:
                former[code_of[province_key, target["newWardKey"]]].add(old_key)
    return {code: sorted(keys) for code, keys in former.items()}, by_code


def former_names() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    legacy = package_json("vietnamadminunits", "parser_legacy.json")
    provinces = {key: p["provinceShort"] for key, p in legacy["DICT_PROVINCE"].items()}
    districts = {(pk, dk): d["district"] for pk, ds in legacy["DICT_PROVINCE_DISTRICT"].items() for dk, d in ds.items()}
    return provinces, districts


def most_common(values: list[str]) -> str:
    """The most frequent value; ties go to the one seen first (values come in sorted-key order)."""
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def build() -> tuple[list[list], list[list]]:
    divisions = package_json("vietnam_provinces", "nested-divisions.json")
    former, by_code = predecessors_by_name()
    province_names, district_names = former_names()
    communes, provinces = [], []
    for province in sorted(divisions, key=lambda p: p["code"]):
        province_code = f"{province['code']:02d}"
        wards = sorted(province["wards"], key=lambda w: w["code"])
        provinces.append([province_code, province["name"], province["codename"], province["division_type"],
                          len(wards), sum(w["division_type"] == "xã" for w in wards),
                          sum(w["division_type"] == "phường" for w in wards),
                          sum(w["division_type"] == "đặc khu" for w in wards)])
        for ward in wards:
            code = f"{ward['code']:05d}"
            key = (province_code, name_key(ward["name"]))
            keys = former.pop(key if key in former else by_code[code])
            parts = [key.split("_") for key in keys]
            communes.append([province_code, province["name"], code, ward["name"], ward["codename"],
                             ward["division_type"],
                             most_common([province_names[p[0]] for p in parts]) if parts else "",
                             most_common([district_names[p[0], p[1]] for p in parts]) if parts else "",
                             len(keys)])
    if former:
        raise SystemExit(f"communes of the converter not in vietnam-provinces: {sorted(former)[:5]}")
    return provinces, communes


def write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


PROVINCE_COLUMNS = ["province_code", "province", "codename", "division_type", "communes", "xa", "phuong", "dac_khu"]
COMMUNE_COLUMNS = ["province_code", "province", "commune_code", "commune", "codename", "division_type",
                   "former_province", "former_district", "predecessors"]

if __name__ == "__main__":
    provinces, communes = build()
    write(HERE / "provinces.csv", PROVINCE_COLUMNS, provinces)
    write(HERE / "communes.csv", COMMUNE_COLUMNS, communes)
    print(f"{len(provinces)} provinces, {len(communes)} communes")
