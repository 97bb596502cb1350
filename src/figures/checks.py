"""Consistency checks computed with the tables: the figures must agree with each other.

They guard the computation (and any hand edit of a table): the same headcount
in both staff tables, totals equal to the sum of their parts, percentages that
sum to exactly 100. Each check names itself by a catalogue key so notebooks
can show them to reviewers in the report's language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from figures.tables.money import to_cents


@dataclass(frozen=True)
class Check:
    key: str
    ok: bool
    left: object
    right: object


def _total_row(table: pd.DataFrame, key_column: str) -> pd.Series:
    return table.loc[table[key_column] == "total"].iloc[0]


def consistency_checks(tables: dict[str, pd.DataFrame]) -> list[Check]:
    """All checks, passed or not, in a fixed order."""
    return (staff_checks(tables["age_bands"], tables["gender_by_level"])
            + translation_checks(tables["translations_by_type"], tables["translations_by_pair"])
            + subsidies_checks(tables["subsidies"]))


def staff_checks(ages: pd.DataFrame, gender: pd.DataFrame) -> list[Check]:
    """The two staff tables agree: same headcount, totals of levels, percentages summing to 100."""
    checks = []
    gender_total = _total_row(gender, "level")
    levels = gender[gender["level"] != "total"]
    headcount = int(ages["staff"].sum())
    checks.append(Check("check.headcount", headcount == int(gender_total["total"]), headcount, int(gender_total["total"])))
    parts = levels[["women", "men", "x"]].sum(axis=1)
    row_sums = (parts == levels["total"]).all()
    checks.append(Check("check.level_rows", bool(row_sums), [int(v) for v in parts], [int(v) for v in levels["total"]]))
    column_sums = levels[["women", "men", "x", "total"]].sum()
    same = all(int(column_sums[c]) == int(gender_total[c]) for c in column_sums.index)
    checks.append(Check("check.level_columns", same, [int(v) for v in column_sums],
                        [int(v) for v in gender_total[["women", "men", "x", "total"]]]))
    percent = int(ages["percent"].sum())
    checks.append(Check("check.percent_sum", percent == (100 if headcount else 0), percent, 100 if headcount else 0))
    return checks


def translation_checks(by_type: pd.DataFrame, by_pair: pd.DataFrame) -> list[Check]:
    """Words by text type and by language pair both add up to the total."""
    checks = []
    words_total = int(_total_row(by_type, "text_type")["words"])
    parts = int(by_type.loc[by_type["text_type"] != "total", "words"].sum())
    checks.append(Check("check.words_by_type", parts == words_total, parts, words_total))
    pairs = int(by_pair["words"].sum())
    checks.append(Check("check.words_by_pair", pairs == words_total, pairs, words_total))
    return checks


def subsidies_checks(subsidies: pd.DataFrame) -> list[Check]:
    """The subsidies total row is the sum of the subsidies."""
    rows = subsidies[subsidies["beneficiary"] != "total"]
    total = _total_row(subsidies, "beneficiary")["amount_eur"]
    sums = int(to_cents(rows["amount_eur"]).sum()) == int(round(total * 100))
    return [Check("check.subsidies_total", sums, float(rows["amount_eur"].sum()), float(total))]
