"""Training figures: days = sum of days, staff trained = distinct people, types = distinct courses."""

import pandas as pd

from figures.chapters.training import training_summary


def _training(rows):
    return pd.DataFrame(rows, columns=["participant", "course_id", "course_title", "start_date", "days"])


def test_sums_days_and_counts_distinct_people_and_courses():
    table = training_summary(_training([
        (1, "C1", "Excel", pd.Timestamp("2025-02-03"), 1.0),
        (1, "C2", "Writing", pd.Timestamp("2025-03-04"), 0.5),
        (2, "C1", "Excel", pd.Timestamp("2025-02-03"), 2.0),
        (3, "C3", "GDPR", pd.Timestamp("2025-11-30"), 1.5),
    ]))
    assert list(table.columns) == ["training_days", "staff_trained", "training_types"]
    assert len(table) == 1
    row = table.iloc[0]
    # 1 + 0.5 + 2 + 1.5 = 5 days; people 1, 2, 3; courses C1, C2, C3.
    assert row["training_days"] == 5
    assert row["staff_trained"] == 3
    assert row["training_types"] == 3


def test_half_days_are_kept():
    table = training_summary(_training([(1, "C1", "t", pd.Timestamp("2025-01-02"), 0.5),
                                        (1, "C1", "t", pd.Timestamp("2025-01-09"), 1.0)]))
    assert table.iloc[0]["training_days"] == 1.5
    # One person following one course twice is one person and one course.
    assert table.iloc[0]["staff_trained"] == 1
    assert table.iloc[0]["training_types"] == 1


def test_same_title_different_course_ids_are_different_types():
    table = training_summary(_training([(1, "C1", "Excel", pd.Timestamp("2025-01-02"), 1.0),
                                        (2, "C9", "Excel", pd.Timestamp("2025-01-09"), 1.0)]))
    assert table.iloc[0]["training_types"] == 2


def test_no_training_at_all():
    table = training_summary(_training([]))
    assert table.iloc[0].tolist() == [0, 0, 0]
