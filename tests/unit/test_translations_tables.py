"""Translation volume: total words, words by text type, words by language pair."""

import pandas as pd

from figures.chapters.translations import words_by_pair, words_by_type


def _translations(rows):
    return pd.DataFrame(rows, columns=["job_id", "delivered", "source_lang", "target_lang", "text_type", "words"])


ROWS = [
    ("T1", pd.Timestamp("2025-01-15"), "nl", "fr", "legal", 1000),
    ("T2", pd.Timestamp("2025-02-15"), "fr", "nl", "political", 2500),
    ("T3", pd.Timestamp("2025-03-15"), "nl", "fr", "general", 300),
    ("T4", pd.Timestamp("2025-04-15"), "de", "en", "legal", 45),
    ("T5", pd.Timestamp("2025-05-15"), "en", "nl", "legal", 7),
]


def test_words_by_type_then_total():
    table = words_by_type(_translations(ROWS))
    assert list(table.columns) == ["text_type", "words"]
    # legal 1000 + 45 + 7 = 1052; political 2500; general 300; total 3852.
    assert [tuple(r) for r in table.itertuples(index=False)] == [
        ("legal", 1052), ("political", 2500), ("general", 300), ("total", 3852)]


def test_a_type_without_translations_shows_zero():
    table = words_by_type(_translations([ROWS[0]]))
    assert table["words"].tolist() == [1000, 0, 0, 1000]


def test_words_by_pair():
    table = words_by_pair(_translations(ROWS))
    assert list(table.columns) == ["source_lang", "target_lang", "words"]
    # Pairs that occur, ordered by source then target in the order nl, fr, de, en.
    assert [tuple(r) for r in table.itertuples(index=False)] == [
        ("nl", "fr", 1300), ("fr", "nl", 2500), ("de", "en", 45), ("en", "nl", 7)]
    assert table["words"].sum() == 3852


def test_pair_direction_matters():
    rows = [("A", pd.Timestamp("2025-01-01"), "fr", "nl", "legal", 10),
            ("B", pd.Timestamp("2025-01-01"), "nl", "fr", "legal", 20)]
    table = words_by_pair(_translations(rows))
    assert [tuple(r) for r in table.itertuples(index=False)] == [("nl", "fr", 20), ("fr", "nl", 10)]
