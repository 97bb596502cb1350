"""The synthetic sample must be reproducible and hit the published totals."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from figures.registry import REGISTRY
from figures.sample import build_sample, write_sample

REPO_ROOT = Path(__file__).resolve().parents[2]
RAW_DIR = REPO_ROOT / "data" / "raw" / "2025"
SOURCES = list(REGISTRY.sources)


@pytest.fixture(scope="module")
def sample():
    return build_sample()


def _cells(path):
    """Every sheet's name and cell values: the content, whatever zlib compressed it."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}


def test_write_sample_is_byte_identical(tmp_path):
    first = write_sample(tmp_path / "a")
    second = write_sample(tmp_path / "b")
    assert [p.name for p in first] == [f"{s}.xlsx" for s in SOURCES]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_committed_sample_has_the_generated_content(tmp_path):
    # Compared cell by cell, not byte by byte: the compressed bytes depend on the zlib build.
    for generated in write_sample(tmp_path):
        committed = RAW_DIR / generated.name
        assert _cells(generated) == _cells(committed), f"{committed} is stale: run python -m figures.sample"


def test_frames_have_contract_columns(sample):
    # Every column of the contract, optional ones too, in the contract's order.
    assert list(sample) == SOURCES
    for name, frame in sample.items():
        assert list(frame.columns) == REGISTRY.sources[name].column_names


def test_every_sample_workbook_is_tracked_by_git():
    # A new source's sample workbook must not be silently ignored (.gitignore keeps real years out of git).
    import shutil
    import subprocess

    if shutil.which("git") is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    for name in SOURCES:
        ignored = subprocess.run(["git", "check-ignore", "-q", f"data/raw/2025/{name}.xlsx"], cwd=REPO_ROOT)
        assert ignored.returncode == 1, f"data/raw/2025/{name}.xlsx is ignored by .gitignore"


def test_age_bands(sample):
    births = sample["staff"]["birth_date"].dt.date
    ref = dt.date(2025, 12, 31)
    ages = births.map(lambda b: ref.year - b.year - ((ref.month, ref.day) < (b.month, b.day)))
    assert ages.between(15, 75).all()
    assert ages.between(19, 29).sum() == 21
    assert ages.between(30, 40).sum() == 19
    assert ages.between(41, 51).sum() == 34
    assert ages.between(52, 65).sum() == 47
    assert len(ages) == 121
    # Edge cases are present: band edges, 1 Jan / 31 Dec birthdays, leap day.
    assert {19, 29, 30, 40, 41, 51, 52, 65} <= set(ages)
    assert any(b.month == 12 and b.day == 31 for b in births)
    assert any(b.month == 1 and b.day == 1 for b in births)
    assert dt.date(1988, 2, 29) in set(births)


def test_gender_by_level(sample):
    staff = sample["staff"]
    assert staff["staff_id"].is_unique
    counts = staff.groupby(["level", "gender"]).size().to_dict()
    assert counts == {
        ("A", "F"): 32, ("A", "M"): 24,
        ("B", "F"): 13, ("B", "M"): 11,
        ("C", "F"): 11, ("C", "M"): 5,
        ("D", "F"): 15, ("D", "M"): 10,
    }


def test_training(sample):
    training, staff = sample["training"], sample["staff"]
    assert training["days"].sum() == 395
    assert training["staff_id"].nunique() == 51
    assert training["course_id"].nunique() == 59
    assert training.groupby("course_id")["course_title"].nunique().eq(1).all()
    assert training["course_title"].nunique() == 59
    assert training["days"].between(0.5, 60).all()
    assert (training["days"] * 2 % 1 == 0).all()
    assert training["start_date"].dt.year.eq(2025).all()
    outsiders = set(training["staff_id"]) - set(staff["staff_id"])
    assert len(outsiders) == 2
    assert training.groupby("staff_id").size().max() > 1


def test_meetings(sample):
    meetings = sample["meetings"]
    counts = meetings.groupby(["body", "mode"]).size().to_dict()
    assert counts == {
        ("ministerraad", "meeting"): 44, ("ministerraad", "e_procedure"): 16,
        ("overlegcomite", "meeting"): 14, ("overlegcomite", "e_procedure"): 10,
        ("comite_a", "meeting"): 9,
        ("nvr", "meeting"): 7, ("nvr", "e_procedure"): 5,
        ("sciv", "meeting"): 16, ("sciv", "e_procedure"): 4,
        ("cciv", "meeting"): 11,
        ("cov", "meeting"): 10,
    }
    assert not meetings["body"].eq("sectorcomite_i").any()
    assert meetings["date"].dt.year.eq(2025).all()


def test_translations(sample):
    tr = sample["translations"]
    assert 950_000 <= tr["words"].sum() < 1_000_000
    assert 1_500 <= len(tr) <= 2_500
    assert tr["job_id"].is_unique
    assert tr["words"].between(50, 20_000).all()
    assert (tr["source_lang"] != tr["target_lang"]).all()
    langs = {"nl", "fr", "de", "en"}
    assert set(tr["source_lang"]) <= langs and set(tr["target_lang"]) <= langs
    assert set(tr["text_type"]) <= {"legal", "political", "general"}
    assert tr["delivered"].dt.year.eq(2025).all()


def test_budget(sample):
    budget = sample["budget"]
    assert budget["code"].is_unique
    assert list(zip(budget["group"], budget["amount_eur"])) == [
        ("chancellery", 4639816),
        ("chancellery", 127596),
        ("chancellery", 33077089),
        ("chancellery", 13077488),
        ("chancellery", 69484812),
        ("chancellery", 16731452),
        ("chancellery", 44561435),
        ("services", 384029),
        ("services", 297482),
        ("services", 2191293),
        ("services", 31304640),
        ("services", 61852),
    ]
    assert budget.loc[budget["group"] == "services", "amount_eur"].sum() == 34239296
    assert budget["label_nl"].iloc[0] == "Beleidsorganen van de eerste minister"
    assert budget["label_en"].iloc[-1] == "Federal Internal Audit (FIA)"


def test_subsidies(sample):
    subsidies = sample["subsidies"]
    assert list(zip(subsidies["beneficiary"], subsidies["amount_eur"])) == [
        ("Bal national vzw", 40000),
        ("Internationale Muziekwedstrijd Koningin Elisabeth", 22000),
        ("S.I. Brussels Promotion", 50000),
        ("Koning Boudewijnstichting – Prins Filipfonds", 30000),
        ("Belgisch Olympisch en Interfederaal Comité vzw", 25000),
    ]


@pytest.mark.parametrize("source", SOURCES)
def test_committed_workbooks_read_back(sample, source):
    frame = pd.read_excel(RAW_DIR / f"{source}.xlsx", sheet_name=source, engine="calamine")
    assert list(frame.columns) == REGISTRY.sources[source].column_names
    assert len(frame) == len(sample[source])


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_sample_years_are_plausible_year_on_year(tmp_path, year):
    # The demonstration must not teach readers false swings: no figure of a sample year moves from the year
    # before by more than the plausibility thresholds (data/reference/plausibility.yaml).
    from figures import pipeline

    folders = pipeline.Folders(processed=tmp_path / "processed")
    validation = pipeline.validate(year, folders)
    assert validation.ok
    swings = pipeline.swings(year, folders, validation)
    assert [p.found.render("en") for p in swings] == []


def test_a_source_that_declares_its_sample_rows_needs_no_builder(monkeypatch):
    """A new source's sample rows are declared with it (Source.sample): build_sample writes them for each year,
    dates as dates, and the other sources as before."""
    from types import SimpleNamespace

    from figures import sample as sample_module
    from figures.registry import DATE, INTEGER, TEXT, Column, Source

    rows = {2024: [("portal", dt.date(2024, 1, 31), 1200)], 2025: [("portal", dt.date(2025, 1, 31), 1500),
                                                                  ("portal", dt.date(2025, 2, 28), 900)]}
    website = Source("website", (Column("site", TEXT), Column("month", DATE), Column("visits", INTEGER)),
                     sample=lambda year: rows[year])
    sources = dict(REGISTRY.sources, website=website)
    monkeypatch.setattr(sample_module, "REGISTRY", SimpleNamespace(sources=sources))
    monkeypatch.setattr(sample_module, "SOURCES", list(sources))
    monkeypatch.setattr(sample_module, "COLUMNS", dict(sample_module.COLUMNS, website=["site", "month", "visits"]))
    monkeypatch.setattr(sample_module, "DATE_COLUMNS", sample_module.DATE_COLUMNS | {"month"})
    built = sample_module.build_sample(year=2025)
    assert built["website"].to_dict("list") == {"site": ["portal", "portal"],
                                               "month": [pd.Timestamp(2025, 1, 31), pd.Timestamp(2025, 2, 28)],
                                               "visits": [1500, 900]}
    assert built["staff"].equals(build_sample(year=2025)["staff"])
    assert sample_module.build_sample(year=2024)["website"]["visits"].tolist() == [1200]
