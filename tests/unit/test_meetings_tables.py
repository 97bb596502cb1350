"""Meetings per body: every body, in reference order; NA (not applicable) is not 0."""

import re
from pathlib import Path

import pandas as pd

from figures import reference as config
from figures.reference import Body
from figures.chapters.meetings import meetings_by_body

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"

# The contract's bodies reference list, in order: (code, uses e-procedures).
CONTRACT_BODIES = [("ministerraad", True), ("overlegcomite", True), ("comite_a", False),
                   ("sectorcomite_i", False), ("nvr", True), ("sciv", True), ("cciv", False), ("cov", False)]
BODIES = [Body(code, e) for code, e in CONTRACT_BODIES]


def _meetings(rows):
    return pd.DataFrame(rows, columns=["body", "date", "mode"])


def _rows(table):
    return [(r.body, r.meetings, None if pd.isna(r.e_procedures) else r.e_procedures)
            for r in table.itertuples(index=False)]


def test_reference_list_matches_the_contract():
    assert [(b.code, b.e_procedure) for b in config.bodies(REFERENCE_DIR)] == CONTRACT_BODIES


def test_every_body_in_reference_order_even_without_rows():
    table = meetings_by_body(_meetings([]), BODIES)
    assert list(table.columns) == ["body", "meetings", "e_procedures"]
    assert _rows(table) == [
        ("ministerraad", 0, 0), ("overlegcomite", 0, 0), ("comite_a", 0, None), ("sectorcomite_i", 0, None),
        ("nvr", 0, 0), ("sciv", 0, 0), ("cciv", 0, None), ("cov", 0, None),
    ]


def test_meetings_and_e_procedures_are_separate_counts():
    day = pd.Timestamp("2025-03-01")
    rows = ([("cov", day, "meeting")] * 2 + [("ministerraad", day, "meeting")]
            + [("ministerraad", day, "e_procedure")] * 3 + [("sciv", day, "e_procedure")])
    table = meetings_by_body(_meetings(rows), BODIES)
    assert _rows(table) == [
        # A body may hold more e-procedures than sittings.
        ("ministerraad", 1, 3), ("overlegcomite", 0, 0), ("comite_a", 0, None), ("sectorcomite_i", 0, None),
        ("nvr", 0, 0), ("sciv", 0, 1), ("cciv", 0, None), ("cov", 2, None),
    ]


def test_not_applicable_is_missing_and_zero_is_zero():
    table = meetings_by_body(_meetings([("comite_a", pd.Timestamp("2025-01-01"), "meeting")]), BODIES).set_index("body")
    # comite_a holds no e-procedures: not applicable, an empty value, not 0.
    assert pd.isna(table.loc["comite_a", "e_procedures"])
    # nvr uses e-procedures and held none this year: a real zero.
    assert table.loc["nvr", "e_procedures"] == 0
    assert not pd.isna(table.loc["nvr", "e_procedures"])
    assert table.loc["sectorcomite_i", "meetings"] == 0


def test_order_follows_the_reference_list_not_the_data():
    day = pd.Timestamp("2025-03-01")
    bodies = [Body("b", False), Body("a", True)]
    table = meetings_by_body(_meetings([("a", day, "meeting"), ("b", day, "meeting")]), bodies)
    assert table["body"].tolist() == ["b", "a"]


def test_a_body_without_meetings_the_year_before_shows_slash_there_as_this_year():
    # The meetings table prints "/" for 0; the year before's column does the same (it printed "/" then).
    import pandas as pd

    from figures import present
    from figures.chapters.meetings import meetings_table

    table = pd.DataFrame({"body": ["ministerraad", "comite_i"], "meetings": [44, 0],
                          "e_procedures": pd.array([16, pd.NA], dtype="Int64")})
    changes = pd.DataFrame({"table": ["meetings", "meetings"], "row": ["ministerraad", "comite_i"],
                            "column": ["meetings", "meetings"], "previous": [46.0, 0.0], "value": [44.0, 0.0],
                            "change": [-2.0, 0.0], "change_pct": [-4.3, None]})
    html = str(meetings_table(table, ["Ministerraad", "Sectorcomité I"], "nl",
                              comparison=present.Comparison(changes, 2025, "nl")))
    row = html.split("Sectorcomité I")[1].split("</tr>")[0]
    assert re.findall(r">([^<]*)</td>", row) == ["/", "/", "/", "0"]
    assert ">46<" in html
