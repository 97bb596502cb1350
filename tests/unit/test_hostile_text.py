"""Text that is not what it seems (issue 20): a right-to-left override or a zero-width space in a name is a
warning and is removed from every output; one text typed composed and decomposed is one value."""

from __future__ import annotations

import json
import sys
import unicodedata

import pandas as pd

from figures import invisible

RLO = "\u202e"


def test_the_list_of_format_characters_is_unicodes():
    listed = {c for c in map(chr, range(sys.maxunicode + 1)) if invisible._FORMAT.match(c)}
    assert listed == {c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.category(c) == "Cf"}


def test_a_right_to_left_override_in_a_name_is_a_warning_and_removed(book, run_validation):
    book.set("subsidies", 2, "beneficiary", f"Vzw {RLO}TLUAFED")
    book.set("campaigns", 3, "campaign_nl", "Expo\u200b-video's")        # a zero-width space
    validation = run_validation(book)
    assert validation.ok
    lines = [p.describe("en") for p in validation.warnings]
    assert lines == [
        "subsidies.xlsx, sheet subsidies, cell A2, column beneficiary: found text with 1 invisible format "
        "character(s) (U+202E), such as a right-to-left override; expected text without invisible format "
        "characters: they are removed from every output; type the text again to be sure it reads as meant",
        "campaigns.xlsx, sheet campaigns, cell B3, column campaign_nl: found text with 1 invisible format "
        "character(s) (U+200B), such as a right-to-left override; expected text without invisible format "
        "characters: they are removed from every output; type the text again to be sure it reads as meant"]
    assert validation.frames["subsidies"].at[2, "beneficiary"] == "Vzw TLUAFED"
    assert validation.frames["campaigns"].at[3, "campaign_nl"] == "Expo-video's"


def test_a_name_of_format_characters_only_is_an_empty_cell(book, run_validation):
    book.set("subsidies", 3, "beneficiary", "\u200b\u200b")
    lines = [p.describe("en") for p in run_validation(book).errors]
    assert lines == ["subsidies.xlsx, sheet subsidies, cell A3, column beneficiary: found an empty cell; "
                     "expected a value (this column is required)"]


def test_the_computed_tables_hold_the_name_without_the_override(book, raw_dir, tmp_path):
    from figures import pipeline

    book.set("subsidies", 2, "beneficiary", f"Vzw {RLO}TLUAFED")
    book.write(raw_dir)
    pipeline.prepare(2025, pipeline.Folders(raw=raw_dir, processed=tmp_path / "processed"))
    folder = tmp_path / "processed" / "2025"
    written = "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.csv"))
    assert RLO not in written and "Vzw TLUAFED" in written
    assert "U+202E" in json.dumps(json.loads((folder / "warnings.json").read_text(encoding="utf-8")))
    clean = pd.read_parquet(folder / "clean" / "subsidies.parquet")
    assert clean["beneficiary"].tolist()[0] == "Vzw TLUAFED"


def test_one_id_typed_composed_and_decomposed_is_a_duplicate(book, run_validation):
    book.set("staff", 2, "staff_id", "S\u00e901")                   # é composed
    book.set("staff", 3, "staff_id", "Se\u030101")                  # e and a combining acute accent
    lines = [p.describe("en") for p in run_validation(book).errors]
    assert lines == ["staff.xlsx, sheet staff, cell A3, column staff_id: found a duplicate of A2; "
                     "expected a value that appears once"]


def test_a_name_typed_decomposed_is_written_composed(book, run_validation):
    book.set("subsidies", 2, "beneficiary", "Vzw Cafe\u0301")
    validation = run_validation(book)
    assert validation.ok and validation.warnings == []
    assert validation.frames["subsidies"].at[2, "beneficiary"] == "Vzw Caf\u00e9"


# ---------------------------------------------------------------- long names

LONG = ("Vereniging voor de bevordering van het immaterieel erfgoed en de volkscultuur " * 70)[:5000]


def test_a_name_longer_than_a_page_holds_is_a_warning_naming_the_cell(book, run_validation):
    book.set("budget", 2, "label_nl", LONG)
    validation = run_validation(book)
    assert validation.ok
    assert [p.describe("en") for p in validation.warnings] == [
        "budget.xlsx, sheet budget, cell C2, column label_nl: found a text of 5000 characters; expected at most 200 "
        "characters: the reader's documents shorten it (the Excel workbook keeps it whole)"]
    assert validation.frames["budget"].at[2, "label_nl"] == LONG            # read whole


def test_a_long_name_is_shortened_at_a_word_with_an_ellipsis():
    from figures.long_text import shorten

    assert shorten("Vzw A") == "Vzw A"
    # 200 characters at most: the phrase (78 characters with its space) twice, then the third one's words that
    # end before the 200th character ("immaterieel" would end at 206), then "…": 195 characters.
    phrase = "Vereniging voor de bevordering van het immaterieel erfgoed en de volkscultuur "
    assert shorten(LONG) == phrase * 2 + "Vereniging voor de bevordering van het…"
    assert shorten("X" * 5000) == "X" * 199 + "…"


def test_a_table_breaks_a_run_of_letters_longer_than_any_word():
    from figures import present

    html = present.table("t", ["name", "amount"], [["X" * 65, "1"], ["Bundesverwaltungsgerichtsentscheid", "2"]]).html
    assert "X" * 30 + "<wbr>" + "X" * 30 + "<wbr>" + "X" * 5 + "<" in html
    assert "Bundesverwaltungsgerichtsentsc<wbr>heid" in html                  # 34 letters: may break once


# ---------------------------------------------------------------- many years

def test_a_long_axis_names_every_third_year_counted_back_from_the_last():
    from figures.chapters.trends import _every

    axis = list(range(2011, 2026))                      # 15 years, 6 labels at most: every third year
    assert [y for y, named in zip(axis, _every(axis, axis, 6)) if named] == [2013, 2016, 2019, 2022, 2025]
    # A series of the last three years only, on that axis: its labels are as far apart (2025 alone).
    assert _every([2023, 2024, 2025], axis, 6) == [False, False, True]
    assert _every([2024, 2025], [2024, 2025], 6) == [True, True]    # a short axis: every year
