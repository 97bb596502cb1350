"""Disclosure control (issue 21): the policies, primary and secondary suppression, the attack, the year before.

Every expected cell and interval below is worked out by hand in the comments; none comes from the code.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from figures import attack, disclosure, history, present
from figures.i18n import LANGUAGES, text
from figures.registry import REGISTRY

G = "gender_by_level"


def gender(rows: dict[str, tuple[int, int, int]]) -> pd.DataFrame:
    """A gender table from women, men and x per level, with its totals (as staff.gender_by_level makes it)."""
    table = pd.DataFrame([{"level": level, "women": w, "men": m, "x": x, "total": w + m + x}
                          for level, (w, m, x) in rows.items()])
    total = {"level": "total", **{c: int(table[c].sum()) for c in ("women", "men", "x", "total")}}
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def figures(year: int = 2026, **tables) -> pd.DataFrame:
    return history.computed_figures(year, tables)


def training(days, people, courses) -> pd.DataFrame:
    return pd.DataFrame({"training_days": [days], "staff_trained": [people], "training_types": [courses]})


# ---------------------------------------------------------------- the policies

def test_every_table_declares_a_policy_and_an_exempt_one_its_reason_in_every_language():
    missing = [name for name, spec in REGISTRY.tables.items() if spec.disclosure is None]
    assert missing == []
    exempt = {name: p.exempt for name, p in disclosure.policies().items() if not p.protected}
    # Meetings, words and euros are not people; a campaign's audience is measured, not counted from persons.
    # (A new source's exempt table joins them: the set is the report's tables at least.)
    assert set(exempt) >= {"meetings", "translations_by_type", "translations_by_pair", "budget", "subsidies",
                           "campaigns"}
    for lang in LANGUAGES:
        assert all(text(key, lang) for key in exempt.values())
    assert set(disclosure.protected_policies()) == {"age_bands", "gender_by_level", "training"}


def test_the_sign_of_a_hidden_cell_is_the_same_in_every_language():
    assert {text(disclosure.SIGN, lang) for lang in LANGUAGES} == {"[c]"}


# ---------------------------------------------------------------- primary suppression

def test_primary_hides_counts_from_one_to_five_and_the_figures_computed_from_so_few_people():
    found = disclosure.primary(figures(**{G: gender({"A": (30, 20, 0), "B": (10, 2, 0), "C": (8, 9, 1),
                                                     "D": (40, 4, 0)})},
                                       training=training(7.5, 3, 2)))
    # B men 2, D men 4, C x 1, the x total 1; 0 identifies nobody (A x, B x, D x shown); the training days and
    # course types of 3 people go with their count.
    assert found == {(G, "B", "men"), (G, "D", "men"), (G, "C", "x"), (G, "total", "x"),
                     ("training", "", "staff_trained"),
                     ("training", "", "training_days"), ("training", "", "training_types")}


def test_five_people_are_hidden_six_are_enough():
    # The printed 2025 report's 5 men of level C are a small count; six people are not.
    found = disclosure.primary(figures(**{G: gender({"A": (6, 6, 0), "B": (6, 6, 0), "C": (6, 5, 0),
                                                     "D": (6, 6, 0)})}, training=training(1, 6, 1)))
    assert found == {(G, "C", "men")}
    found = disclosure.primary(figures(**{G: gender({"A": (6, 6, 0), "B": (6, 6, 0), "C": (6, 6, 0),
                                                     "D": (6, 6, 0)})}, training=training(1, 6, 1)))
    assert found == set()


# ---------------------------------------------------------------- secondary suppression

FOUR_LEVELS = {"A": (30, 20, 0), "B": (10, 2, 0), "C": (8, 9, 0), "D": (40, 6, 0)}


def test_secondary_hides_the_fewest_cells_then_the_smallest():
    # B men (2) alone would be 12 - 10 - 0. The fewest further cells: a rectangle of four, B men with B women
    # and the women and men of another level (a column of zeros cannot help: its total 0 pins each of them).
    # Of levels A (30 + 20), C (8 + 9) and D (40 + 6), C is the smallest: B women, C women, C men. Moving
    # +t on B men and C women, -t on B women and C men keeps every sum: t from -2 to 9, B men 0 to 11.
    pattern = disclosure.pattern(figures(**{G: gender(FOUR_LEVELS)}))
    assert pattern == {(G, "B", "men"): "primary", (G, "B", "women"): "secondary", (G, "C", "women"): "secondary",
                       (G, "C", "men"): "secondary"}


def test_the_attack_works_back_a_cell_hidden_without_secondary_cells():
    # Primary suppression alone: B men = 12 - 10 - 0 = 2 exactly; the proof fails.
    year = figures(**{G: gender(FOUR_LEVELS)})
    protection = disclosure.Protection(2026, {2026: {(G, "B", "men"): "primary"}})
    proof = attack.prove(protection, {2026: year}, None)
    assert not proof["ok"]
    assert [(c["low"], c["high"]) for c in proof["cells"]] == [(2.0, 2.0)]


def test_the_attack_on_the_chosen_pattern_finds_the_hand_computed_intervals():
    # t from -2 to 9 (above): B men 0-11, B women 1-12, C women 6-17, C men 0-11.
    year = figures(**{G: gender(FOUR_LEVELS)})
    protection = disclosure.Protection(2026, {2026: disclosure.pattern(year)})
    proof = attack.prove(protection, {2026: year}, None)
    found = {(c["row"], c["column"]): (c["low"], c["high"]) for c in proof["cells"]}
    assert found == {("B", "men"): (0, 11), ("B", "women"): (1, 12), ("C", "women"): (6, 17), ("C", "men"): (0, 11)}
    assert proof["ok"] and proof["narrowest"]["width"] == 11


def test_the_attack_counts_what_the_layout_says_the_x_column_printed_means_someone_is_x():
    # X: C 1, nobody else: the column is printed, so its total is at least 1. With the x cells of C and the
    # total and C men and the total men hidden, x_C = x_total and C men + x_C = 17 - 8 = 9 ... the bound of 1
    # is in every interval of x: never below 1.
    year = figures(**{G: gender({"A": (30, 20, 0), "B": (10, 12, 0), "C": (8, 8, 1), "D": (40, 6, 0)})})
    pattern = disclosure.pattern(year)
    proof = attack.prove(disclosure.Protection(2026, {2026: pattern}), {2026: year}, None)
    lows = {(c["row"], c["column"]): c["low"] for c in proof["cells"]}
    assert lows[("C", "x")] == 1 and lows[("total", "x")] == 1 and proof["ok"]


def test_a_small_age_band_hides_its_percentage_and_another_band_with_it():
    # Bands 3, 40, 30, 50 (123): 3 is hidden, and it would be 123 - 120: the smallest other band (30) goes
    # with it; both percentages follow their counts; the total row (123, 100 %) stays.
    ages = pd.DataFrame({"band": ["19-29", "30-40", "41-51", "52-65"], "staff": [3, 40, 30, 50],
                         "percent": [2, 33, 24, 41]})
    pattern = disclosure.pattern(figures(age_bands=ages))
    assert pattern == {("age_bands", "19-29", "staff"): "primary", ("age_bands", "19-29", "percent"): "derived",
                       ("age_bands", "41-51", "staff"): "secondary", ("age_bands", "41-51", "percent"): "derived"}


def test_the_attack_reads_a_printed_percentage_as_the_interval_it_rounds_from():
    # Bands 3 and 30 hidden but their percentages printed (2 % and 24 % of 123): 100 c / 123 within 1 of 2
    # gives 123 < 100 c < 369, c 2 or 3; within 1 of 24, 2829 < 100 c' < 3075, c' 29 or 30; and c + c' = 123 -
    # 40 - 50 = 33: only 3 + 30. The band of 3 is worked back exactly: the proof fails.
    ages = pd.DataFrame({"band": ["19-29", "30-40", "41-51", "52-65"], "staff": [3, 40, 30, 50],
                         "percent": [2, 33, 24, 41]})
    year = figures(age_bands=ages)
    hidden = {("age_bands", "19-29", "staff"): "primary", ("age_bands", "41-51", "staff"): "secondary"}
    proof = attack.prove(disclosure.Protection(2026, {2026: hidden}), {2026: year}, None)
    found = {c["row"]: (c["low"], c["high"]) for c in proof["cells"]}
    assert found["19-29"] == (3, 3) and found["41-51"] == (30, 30) and not proof["ok"]


def test_a_cell_in_no_printed_sum_is_protected_alone():
    # Training: three numbers, no sum between them: hidden, each could be anything from 0 up.
    year = figures(training=training(7.5, 3, 2))
    pattern = disclosure.pattern(year)
    proof = attack.prove(disclosure.Protection(2026, {2026: pattern}), {2026: year}, None)
    assert {c["column"]: (c["low"], c["high"]) for c in proof["cells"]} == {
        "training_days": (0, None), "staff_trained": (0, None), "training_types": (0, None)}


def test_the_same_figures_give_the_same_pattern_in_the_same_order():
    year = figures(**{G: gender(FOUR_LEVELS)}, training=training(7.5, 3, 2))
    assert list(disclosure.pattern(year).items()) == list(disclosure.pattern(year.copy()).items())


# ---------------------------------------------------------------- the year before and the trends

def _changes(before: pd.DataFrame, now: pd.DataFrame) -> pd.DataFrame:
    return history.changes(now, before)


def test_a_change_beside_a_hidden_figure_is_hidden_in_either_year():
    before = figures(2025, training=training(395, 51, 59))
    now = figures(2026, training=training(7.5, 3, 2))
    protection = disclosure.Protection(2026, {2026: disclosure.pattern(now)})
    comparison = present.Comparison(_changes(before, now), 2025, "en", protection=protection)
    cells = comparison.cells("training", "", ("staff_trained",), {"staff_trained": "count"})
    # The year before's 51 is printed (its own report did); the change (-48) would give this year's 3.
    assert [str(c) for c in cells] == ["51", "[c]"]
    # The other way round: last year hidden, this year shown: last year's sign, and its change hidden.
    protection = disclosure.Protection(2026, {2025: disclosure.pattern(now)})
    comparison = present.Comparison(_changes(now, before), 2025, "en", protection=protection)
    assert [str(c) for c in comparison.cells("training", "", ("staff_trained",), {"staff_trained": "count"})] == \
        ["[c]", "[c]"]


def test_the_attack_works_back_a_hidden_figure_from_a_printed_change():
    # If the change were printed (a reader adds it to last year's 51): 51 - 48 = 3, an interval of width 0.
    before = figures(2025, **{G: gender({"A": (30, 20, 0), "B": (10, 12, 0), "C": (8, 9, 0), "D": (40, 6, 0)})})
    now = figures(2026, **{G: gender(FOUR_LEVELS)})
    hidden = disclosure.pattern(now)
    changes = _changes(before, now)
    protection = disclosure.Protection(2026, {2026: hidden})
    assert attack.prove(protection, {2025: before, 2026: now}, changes)["ok"]
    models = {y: disclosure.model(f) for y, f in ((2025, before), (2026, now))}
    leaked = [((G, "B", "men"), -10.0)]     # B men 12 -> 2, as a printed change would say
    found = attack.intervals(models, {2025: set(), 2026: {k for k, v in hidden.items() if v != "derived"}}, {},
                             leaked, 2026)
    assert found[(2026, (G, "B", "men"))] == (2, 2)


SUBSIDY = pd.DataFrame({"beneficiary": ["Vzw A"], "amount_eur": [100.0]})


def test_a_trend_indicator_computed_from_a_hidden_figure_is_withheld():
    before = figures(2025, age_bands=pd.DataFrame({"band": ["19-29"], "staff": [125], "percent": [100]}),
                     **{G: gender({"A": (30, 20, 0), "B": (10, 12, 0), "C": (8, 9, 0), "D": (40, 6, 0)})},
                     training=training(300, 50, 40), subsidies=SUBSIDY)
    now = figures(2026, age_bands=pd.DataFrame({"band": ["19-29"], "staff": [125], "percent": [100]}),
                  **{G: gender(FOUR_LEVELS)}, training=training(7.5, 3, 2), subsidies=SUBSIDY)
    full = pd.concat([before, now], ignore_index=True)
    protection = disclosure.protect(2026, full, _changes(before, now), "/nonexistent", now)
    # Women of B (hidden) give the share of women at level B; women of C (hidden) that of C; the training days
    # (hidden) per staff member. The headcount, A and D are computed from shown figures only.
    assert protection.indicators == {(2026, "women_B"), (2026, "women_C"), (2026, "training_days_per_staff")}


def test_a_trend_chart_draws_no_line_through_a_withheld_year():
    # Women's share of level C over three years, 2024 withheld: the line stops at 2023 and starts again at
    # 2025 (nothing drawn where the reader is given no value); level A, every year shown, is one line.
    from figures.chapters import trends

    rows = [(year, code, value) for year, a, c in ((2023, 50.0, 60.0), (2024, 52.0, present.Hidden()),
                                                   (2025, 54.0, 64.0))
            for code, value in (("women_A", a), ("women_B", 40.0), ("women_C", c), ("women_D", 30.0))]
    table = pd.DataFrame(rows, columns=["year", "indicator", "value"]).astype({"value": object})
    fig = trends.trend_chart(disclosure.drawn(table), "women", "en")
    lines = [line for line in fig.axes[0].get_lines() if len(line.get_xdata()) == 3]
    ys = [[None if math.isnan(y) else y for y in line.get_ydata()] for line in lines]
    assert ys[0] == [50.0, 52.0, 54.0]
    assert ys[2] == [60.0, None, 64.0]


# ---------------------------------------------------------------- a year published as printed

def test_a_year_published_as_printed_hides_nothing_and_lists_what_the_policy_would_hide(tmp_path):
    (tmp_path / "disclosure.yaml").write_text(
        "as_published:\n  2026:\n    reason:\n      nl: gedrukt\n      fr: imprimé\n      de: gedruckt\n"
        "      en: printed\n", encoding="utf-8")
    year = figures(**{G: gender(FOUR_LEVELS)})
    protection = disclosure.protect(2026, None, None, tmp_path, year)
    assert protection.hidden == {} and protection.reason["en"] == "printed"
    assert protection.at_risk == {(G, "B", "men"): "primary", (G, "B", "women"): "secondary",
                                  (G, "C", "women"): "secondary", (G, "C", "men"): "secondary"}
    assert protection.proof["ok"] and protection.proof["cells"] == []


def test_2025_is_declared_published_as_printed_with_its_reason_in_every_language():
    from figures import paths

    declared = disclosure.as_published(paths.REFERENCE_DIR)
    assert set(declared) == {2025}
    assert set(declared[2025]) == set(LANGUAGES) and all(declared[2025].values())


def test_a_declaration_without_a_reason_is_refused(tmp_path):
    (tmp_path / "disclosure.yaml").write_text("as_published:\n  2026: yes\n", encoding="utf-8")
    with pytest.raises(ValueError, match="disclosure.yaml.*2026"):
        disclosure.as_published(tmp_path)


# ---------------------------------------------------------------- what leaves the service

def test_the_published_table_empties_each_hidden_cell_and_names_it():
    table = gender(FOUR_LEVELS)
    mask = disclosure.Mask({("B", "men"), ("B", "women")})
    out = disclosure.published_table(G, table, mask)
    b = out[out["level"] == "B"].iloc[0]
    assert b["men"] is None and b["women"] is None and b["total"] == 12 and b["hidden"] == "women men"
    assert table.loc[table["level"] == "B", "men"].iloc[0] == 2        # the analysts' table is left whole


def test_the_manifest_record_holds_no_value_of_a_hidden_cell():
    year = figures(**{G: gender(FOUR_LEVELS)})
    protection = disclosure.Protection(2026, {2026: disclosure.pattern(year)})
    protection.proof = attack.prove(protection, {2026: year}, None)
    record = protection.record()
    assert record["version"] == disclosure.VERSION and record["policies"]["meetings"] == {
        "exempt": "disclosure.exempt.meetings"}
    assert record["hidden"]["primary"] == 1 and record["hidden"]["secondary"] == 3
    assert all("value" not in cell for cell in record["proof"]["intervals"])
    assert "value" not in record["proof"]["narrowest"]
    assert not math.isnan(record["proof"]["narrowest"]["width"])


def test_the_reviewer_sees_what_a_year_published_as_printed_would_have_hidden(book, raw_dir, tmp_path):
    """The tiny year of tests/conftest.py is 2025, declared published as printed: its reader's tables show
    every count; the reviewer's view says why and lists the small cells with their values (hand counts:
    level C is one person of gender X; three people trained)."""
    from figures import pipeline
    from figures.notebook import Report

    book.write(raw_dir)
    prepared = pipeline.prepare(2025, pipeline.Folders(raw=raw_dir, processed=tmp_path / "p",
                                                       published=tmp_path / "none"))
    report = Report(prepared, "en")
    assert prepared.protection.hidden == {}
    assert "[c]" not in report.table("gender_by_level").html
    at_risk = prepared.protection.at_risk
    assert {(G, "C", "x"), (G, "total", "x"), (G, "A", "women"), ("training", "", "staff_trained"),
            ("age_bands", "52-65", "staff")} <= {k for k, v in at_risk.items() if v == "primary"}
    html = report.disclosure("staff").html
    assert "2025 is published as printed: the 2025 annual report was printed" in html
    assert "<td class=\"label\" style=\"text-align: left\">C</td><td class=\"label\" style=\"text-align: left\">x" \
           "</td><td class=\"label\" style=\"text-align: left\">primary (too few people)</td>" in html
