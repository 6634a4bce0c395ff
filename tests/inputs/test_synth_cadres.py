"""The synthetic people behind the shipped example: rebuilt byte for byte, and giving back the same demand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from optimizer.inputs.data import load_inputs
from optimizer.inputs.synth_cadres import example_folder

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "scenarios" / "inputs" / "nam_dinh_cadres"
BUNDLED = REPO / "data" / "nam_dinh_2023_2025"


def test_the_shipped_example_is_what_the_generator_makes():
    files = example_folder(BUNDLED)
    assert sorted(files) == sorted(p.name for p in EXAMPLE.iterdir())
    for name, data in files.items():
        assert (EXAMPLE / name).read_bytes() == data, name


def test_the_people_are_clearly_fake_and_give_back_the_bundled_political_theory_demand():
    people = pd.read_csv(EXAMPLE / "cadres.csv")
    assert people["name"].str.fullmatch(r"Cán bộ mẫu \d{4}").all() and people["cadre_id"].is_unique
    derived = load_inputs(EXAMPLE).demand
    bundled = pd.read_csv(BUNDLED / "demand.csv")
    bundled = bundled[bundled["family"].isin(["cao_cap", "trung_cap"])]
    key = ["unit_id", "family", "tier", "block", "earliest_year", "deadline_year", "full_time_only"]
    assert derived.groupby(key)["count"].sum().to_dict() == bundled.groupby(key)["count"].sum().to_dict()


def test_another_seed_draws_other_people():
    assert example_folder(BUNDLED, seed=1)["cadres.csv"] != example_folder(BUNDLED)["cadres.csv"]
