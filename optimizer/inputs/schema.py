"""Input table definitions: file names, columns, types, allowed values and the labels people read.

Every input table is described here once; ``data.py`` parses and validates against these specs, and the
reports take their Vietnamese/English labels from here.
"""


from __future__ import annotations

from dataclasses import dataclass

# "district" is the map before 1 July 2025; "commune" (xã, phường, đặc khu) the one after it.
UNIT_KINDS = ("district", "commune", "party_committee", "department", "party_board", "mass_org")
DIVISION_TYPES = ("xã", "phường", "đặc khu")
MODES = ("full_time", "part_time", "none")
BLOCKS = ("party", "government")
CAP_BLOCKS = ("all", *BLOCKS)
FIGURE_KINDS = ("period_total", "structural", "class_plan", "audience")
# The party's regulations on political-theory training; a scenario's ``regulation:`` names the one in force.
REGULATIONS = ("57-QĐ/TW", "350-QĐ/TW")
DEFAULT_REGULATION = REGULATIONS[0]
# The unit columns a scenario may split its quota lines by (``separate_quotas_by``): the former province of a unit
# of a merged province; units without one (the new provincial units) form the area PROVINCIAL_AREA.
SEPARATE_QUOTAS_BY = ("former_province",)
PROVINCIAL_AREA = "cấp tỉnh"
STUDY_MODES = ("full_time", "part_time")
SEXES = ("female", "male")
ELIGIBILITY_STATUSES = ("in_force", "pending")  # pending: the regulation's own figure was not found; a stand-in

KIND_LABELS = {
    "vi": {
        "district": "Huyện ủy, Thành ủy",
        "commune": "Đảng ủy xã, phường, đặc khu",
        "party_committee": "Đảng ủy trực thuộc Tỉnh ủy",
        "department": "Sở, ban, ngành tỉnh",
        "party_board": "Các ban, cơ quan Tỉnh ủy",
        "mass_org": "MTTQ và các đoàn thể tỉnh",
    },
    "en": {
        "district": "District and city party committees",
        "commune": "Commune, ward and special-zone party committees",
        "party_committee": "Party committees under the province",
        "department": "Provincial departments",
        "party_board": "Provincial party boards",
        "mass_org": "Fatherland Front and mass organisations",
    },
}
MODE_LABELS = {
    "vi": {"full_time": "Tập trung", "part_time": "Không tập trung", "none": ""},
    "en": {"full_time": "Full-time", "part_time": "Part-time", "none": ""},
}
BLOCK_LABELS = {
    "vi": {"all": "Chung", "party": "Khối Đảng", "government": "Khối Chính quyền"},
    "en": {"all": "All", "party": "Party block", "government": "Government block"},
}


@dataclass(frozen=True)
class Column:
    """One column of an input table. ``kind`` is one of id, text, int, share, bool, choice."""

    name: str
    kind: str
    required: bool = True
    nullable: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Table:
    name: str
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    # A table whose file a data folder may leave out (it then has no rows): the planner's pins.
    may_be_absent: bool = False

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


# Counts above this are not plausible for one province and usually a typing slip (an extra zero, a pasted id).
MAX_COUNT = 1_000_000
MAX_CLASSES = 10_000
MIN_YEAR, MAX_YEAR = 2000, 2100
ID_PATTERN = r"[A-Za-z0-9_.\-]+"  # letters without diacritics, digits, '_', '-' or '.'
FORMULA_START = r"^[=+@]"  # text a spreadsheet would run as a formula

UNITS = Table(
    "units",
    "units.csv",
    (
        Column("unit_id", "id"),
        Column("name", "text"),
        Column("name_en", "text", required=False, nullable=True),
        Column("kind", "choice", choices=UNIT_KINDS),
        # Commune-level units since 2025: the statistics office's code and type, and where the unit came from.
        Column("code", "id", required=False, nullable=True),
        Column("division_type", "choice", required=False, nullable=True, choices=DIVISION_TYPES),
        Column("former_province", "text", required=False, nullable=True),
        Column("former_district", "text", required=False, nullable=True),
    ),
    key=("unit_id",),
)

FAMILIES = Table(
    "families",
    "families.csv",
    (
        Column("family", "id"),
        Column("name", "text"),
        Column("name_en", "text", required=False, nullable=True),
        Column("group", "choice", choices=("political_theory", "degree", "refresher")),
    ),
    key=("family",),
)

COURSES = Table(
    "courses",
    "courses.csv",
    (
        Column("course_id", "id"),
        Column("name", "text"),
        Column("name_en", "text", required=False, nullable=True),
        Column("family", "id"),
        Column("mode", "choice", choices=MODES),
        Column("duration_months", "int", minimum=1, maximum=120),
        Column("class_size_min", "int", nullable=True, minimum=1, maximum=MAX_COUNT),
        Column("class_size_max", "int", nullable=True, minimum=1, maximum=MAX_COUNT),
    ),
    key=("course_id",),
)

CAPS = Table(
    "caps",
    "caps.csv",
    (
        Column("year", "int", minimum=MIN_YEAR, maximum=MAX_YEAR),
        Column("target", "id"),
        Column("block", "choice", choices=CAP_BLOCKS),
        Column("seats_min", "int", nullable=True, minimum=0, maximum=MAX_COUNT),
        Column("seats_max", "int", nullable=True, minimum=0, maximum=MAX_COUNT),
        Column("classes_min", "int", nullable=True, minimum=0, maximum=MAX_CLASSES),
        Column("classes_max", "int", nullable=True, minimum=0, maximum=MAX_CLASSES),
        Column("provisional", "bool", required=False, nullable=True),
        # A quota no plan states, derived by a documented rule (a province's 2026–2030 quotas on the new map).
        Column("assumed", "bool", required=False, nullable=True),
        Column("source", "text"),
    ),
)

DEMAND = Table(
    "demand",
    "demand.csv",
    (
        Column("demand_id", "id"),
        Column("unit_id", "id"),
        Column("family", "id"),
        Column("tier", "id"),
        Column("block", "choice", choices=BLOCKS),
        Column("count", "int", minimum=0, maximum=MAX_COUNT),
        Column("earliest_year", "int", minimum=MIN_YEAR, maximum=MAX_YEAR),
        Column("deadline_year", "int", minimum=MIN_YEAR, maximum=MAX_YEAR),
        Column("full_time_only", "bool"),
        # Set by a scenario's unit merge or split: seats starting before change_year count for former_unit.
        Column("former_unit", "id", required=False, nullable=True),
        Column("change_year", "int", required=False, nullable=True, minimum=MIN_YEAR, maximum=MAX_YEAR),
    ),
    key=("demand_id",),
)

TIERS = Table(
    "tiers",
    "tiers.csv",
    (
        Column("tier", "id"),
        Column("rank", "int", minimum=1, maximum=100),
        Column("name", "text"),
        Column("name_en", "text", required=False, nullable=True),
    ),
    key=("tier",),
)

TARGETS = Table(
    "targets",
    "targets.csv",
    (
        Column("family", "id"),
        Column("tier", "id"),
        Column("year", "int", minimum=MIN_YEAR, maximum=MAX_YEAR),
        Column("target_share", "share"),
        Column("source", "text", required=False, nullable=True),
    ),
    key=("family", "tier", "year"),
)

PLAN_FIGURES = Table(
    "plan_figures",
    "plan_figures.csv",
    (
        Column("figure_id", "id"),
        Column("kind", "choice", choices=FIGURE_KINDS),
        Column("target", "id"),
        Column("block", "choice", choices=CAP_BLOCKS),
        Column("value", "int", nullable=True, minimum=0, maximum=MAX_COUNT),
        Column("classes", "int", nullable=True, minimum=1, maximum=MAX_CLASSES),
        Column("audience", "text", nullable=True),
        Column("source", "text"),
    ),
    key=("figure_id",),
)

# Seats given to demand rows: a result's assignments.csv, a scenario's frozen actuals or its reference plan.
ASSIGNMENTS = Table(
    "assignments",
    "assignments.csv",
    (
        Column("demand_id", "id"),
        Column("year", "int", minimum=MIN_YEAR, maximum=MAX_YEAR),
        Column("course_id", "id"),
        Column("seats", "int", minimum=0, maximum=MAX_COUNT),
    ),
    key=("demand_id", "year", "course_id"),
)

# A planner's decisions, fixed before the rest is optimised (rule ``pinned``): a unit's seats in a course or family
# in one year, exactly ``seats`` or within [at_least, at_most]. Also a scenario's ``pins:``.
PINS = Table(
    "pins",
    "pins.csv",
    (
        Column("unit_id", "id"),
        Column("course", "id"),
        Column("year", "int", minimum=MIN_YEAR, maximum=MAX_YEAR),
        Column("seats", "int", required=False, nullable=True, minimum=0, maximum=MAX_COUNT),
        Column("at_least", "int", required=False, nullable=True, minimum=0, maximum=MAX_COUNT),
        Column("at_most", "int", required=False, nullable=True, minimum=0, maximum=MAX_COUNT),
        Column("note", "text", required=False, nullable=True),
    ),
    may_be_absent=True,
)

# Who may study a family in a mode under a regulation (DOMAIN.md §3, §6): the age floor and the other conditions.
# The package ships one (optimizer/inputs/eligibility.csv); a data folder's own eligibility.csv replaces it.
ELIGIBILITY = Table(
    "eligibility",
    "eligibility.csv",
    (
        Column("regulation", "choice", choices=REGULATIONS),
        Column("family", "id"),
        Column("mode", "choice", choices=STUDY_MODES),
        Column("sex", "choice", choices=SEXES),
        Column("min_age", "int", nullable=True, minimum=15, maximum=80),
        Column("status", "choice", choices=ELIGIBILITY_STATUSES),
        Column("conditions", "text", required=False, nullable=True),
        Column("source", "text"),
    ),
    key=("regulation", "family", "mode", "sex"),
    may_be_absent=True,
)

# The people behind the demand (synthetic in the shipped example): a data folder holds cadres.csv or demand.csv;
# the demand rows are then derived from the people (``cadres.demand_from_cadres``).
CADRES = Table(
    "cadres",
    "cadres.csv",
    (
        Column("cadre_id", "id"),
        Column("unit_id", "id"),
        Column("name", "text"),
        Column("sex", "choice", choices=SEXES),
        Column("birth_year", "int", minimum=1930, maximum=MAX_YEAR),
        Column("tier", "id"),
        Column("family", "id"),
        Column("block", "choice", choices=BLOCKS),
        Column("earliest_year", "int", minimum=MIN_YEAR, maximum=MAX_YEAR),
        Column("deadline_year", "int", minimum=MIN_YEAR, maximum=MAX_YEAR),
        Column("current_post", "text", required=False, nullable=True),
    ),
    key=("cadre_id",),
    may_be_absent=True,
)

ALL_TABLES = (UNITS, FAMILIES, COURSES, CAPS, DEMAND, TIERS, TARGETS, PLAN_FIGURES, PINS)
# Tables of named cadres, outside the units' workbooks (template, import): read by ``cadres``, copied into results.
PEOPLE_TABLES = (ELIGIBILITY, CADRES)
