"""Budget and subsidies: file order, totals exact to the cent."""

import pandas as pd

from figures.chapters.budget import budget_lines, group_total
from figures.numbers import to_cents, total_eur
from figures.chapters.subsidies import subsidies_table


def _budget(rows):
    frame = pd.DataFrame(rows, columns=["group", "code", "amount_eur"])
    frame["label_nl"] = frame["label_fr"] = "x"
    frame["label_en"] = None
    return frame


def test_total_is_exact_in_cents():
    # In floating point 0.1 + 0.2 is 0.30000000000000004; summed in cents it is 0.3.
    assert 0.1 + 0.2 != 0.3
    assert total_eur(pd.Series([0.1, 0.2])) == 0.3
    assert to_cents(pd.Series([0.1, 0.2, 1234.56])).tolist() == [10, 20, 123456]


def test_many_small_amounts_sum_exactly():
    # Ten times 0.1 is 1.0 exactly when summed in cents (0.9999999999999999 in floats).
    assert sum([0.1] * 10) != 1.0
    assert total_eur(pd.Series([0.1] * 10)) == 1.0


def test_large_amounts_keep_their_cents():
    # 4 639 816.01 + 33 077 089.99 = 37 716 906.00
    assert total_eur(pd.Series([4639816.01, 33077089.99])) == 37716906.00


def test_budget_lines_keep_file_order_within_each_group():
    table = budget_lines(_budget([("chancellery", "CH02", 2.0), ("chancellery", "CH01", 1.0),
                                  ("services", "SV09", 0.2), ("services", "SV01", 0.1)]))
    assert list(table.columns) == ["group", "code", "amount_eur"]
    assert table["code"].tolist() == ["CH02", "CH01", "SV09", "SV01"]
    assert table["amount_eur"].tolist() == [2.0, 1.0, 0.2, 0.1]


def test_budget_groups_are_not_mixed():
    table = budget_lines(_budget([("services", "SV01", 1.0), ("chancellery", "CH01", 2.0),
                                  ("services", "SV02", 3.0), ("chancellery", "CH02", 4.0)]))
    by_group = {g: t["code"].tolist() for g, t in table.groupby("group", sort=False)}
    assert by_group == {"chancellery": ["CH01", "CH02"], "services": ["SV01", "SV02"]} or \
        by_group == {"services": ["SV01", "SV02"], "chancellery": ["CH01", "CH02"]}
    # Each group's lines are contiguous: one table per group.
    groups = table["group"].tolist()
    assert groups in (["chancellery"] * 2 + ["services"] * 2, ["services"] * 2 + ["chancellery"] * 2)


def test_group_total_in_cents():
    budget = _budget([("services", "SV01", 0.2), ("services", "SV02", 1234.56), ("chancellery", "CH01", 0.1)])
    assert group_total(budget, "services") == 1234.76
    assert group_total(budget, "chancellery") == 0.1


def test_subsidies_in_file_order_then_total():
    subsidies = pd.DataFrame({"beneficiary": ["Vzw Z", "Vzw A", "Vzw M"], "activity_nl": ["a", "b", "c"],
                              "activity_fr": ["a", "b", "c"], "activity_en": [None, None, None],
                              "amount_eur": [0.1, 0.2, 1000.7]})
    table = subsidies_table(subsidies)
    assert list(table.columns) == ["beneficiary", "amount_eur"]
    assert table["beneficiary"].tolist() == ["Vzw Z", "Vzw A", "Vzw M", "total"]
    # 0.10 + 0.20 + 1000.70 = 1001.00 exactly.
    assert table["amount_eur"].tolist() == [0.1, 0.2, 1000.7, 1001.0]
