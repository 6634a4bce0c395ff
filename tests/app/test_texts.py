"""The page's words: both languages for every entry, with the same fields."""

from __future__ import annotations

import string

from optimizer.app.texts import WORDS, t


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_entry_has_both_languages_with_the_same_fields():
    for key, entry in WORDS.items():
        assert set(entry) == {"vi", "en"}, key
        assert fields(entry["vi"]) == fields(entry["en"]), key


def test_the_words_are_filled_in_the_language_asked_for():
    assert t("solving", "vi", name="baseline", seconds=3) == "Đang giải baseline… (3 giây)"
    assert t("solving", "en", name="baseline", seconds=3) == "Solving baseline… (3 s)"
