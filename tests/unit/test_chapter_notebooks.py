"""The chapter order is a declaration (the trends last by rule) and the chapters without cells of their own
are shown by one template notebook: what a render runs, and the names it gives the executed notebooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from figures import chapter_notebooks, registry
from figures.registry import LAST, Chapter, Registry, in_report_order

ROOT = Path(__file__).resolve().parents[2]


def test_the_report_order_and_the_executed_names_are_those_of_the_published_report():
    # The order of the 2025 report's chapters (published/2025), the trends last.
    # (A chapter added after the campaigns comes between them and the trends.)
    planned = chapter_notebooks.plan(ROOT / "notebooks")
    names = [p.name for p in planned]
    assert names[:7] == ["01_staff.ipynb", "02_training.ipynb", "03_meetings.ipynb", "04_translations.ipynb",
                         "05_budget.ipynb", "06_subsidies.ipynb", "07_campaigns.ipynb"]
    assert names[-1] == f"{len(planned):02d}_trends.ipynb"
    own = {p.chapter: p.source.name for p in planned if p.source.name != "chapter.ipynb"}
    assert own == {"meetings": "meetings.ipynb", "trends": "trends.ipynb"}
    assert [p.parameters for p in planned if p.chapter in own] == [{}, {}]
    assert {p.chapter: p.parameters for p in planned[:7] if p.chapter not in own} == {
        name: {"chapter": name} for name in ("staff", "training", "translations", "budget", "subsidies", "campaigns")}


def _next_number() -> int:
    """The number after the last chapter's but the trends' (8 while the campaigns, 7, are the last)."""
    return max(c.number for c in registry.REGISTRY.chapters if c.number != LAST) + 1


def _registry_with(monkeypatch, *extra: Chapter) -> None:
    chapters = in_report_order(list(registry.REGISTRY.chapters) + list(extra))
    fake = Registry()
    fake.__dict__["chapters"] = chapters            # the cached property, as if found in figures.chapters
    monkeypatch.setattr(registry, "REGISTRY", fake)


def test_a_new_chapter_takes_the_next_number_and_the_trends_stay_last(tmp_path, monkeypatch):
    (tmp_path / "chapter.ipynb").write_text("{}")
    (tmp_path / "trends.ipynb").write_text("{}")
    count = len(registry.REGISTRY.chapters)          # 8 in the 2025 report: annex 08, trends 09
    _registry_with(monkeypatch, Chapter("annex", _next_number()))
    planned = chapter_notebooks.plan(tmp_path)
    assert [p.name for p in planned][-2:] == [f"{count:02d}_annex.ipynb", f"{count + 1:02d}_trends.ipynb"]
    annex = planned[-2]
    assert (annex.source, annex.parameters) == (tmp_path / "chapter.ipynb", {"chapter": "annex"})
    assert planned[-1].source == tmp_path / "trends.ipynb"


def test_chapter_numbers_order_the_chapters_whatever_gaps_there_are(monkeypatch, tmp_path):
    (tmp_path / "chapter.ipynb").write_text("{}")
    count = len(registry.REGISTRY.chapters)
    _registry_with(monkeypatch, Chapter("appendix", _next_number() + 30), Chapter("annex", _next_number() + 4))
    assert [p.name for p in chapter_notebooks.plan(tmp_path)][-3:] == [
        f"{count:02d}_annex.ipynb", f"{count + 1:02d}_appendix.ipynb", f"{count + 2:02d}_trends.ipynb"]


def test_a_number_past_last_or_twice_is_refused():
    with pytest.raises(ValueError, match="above LAST"):
        in_report_order([Chapter("a", 1), Chapter("b", LAST + 1)])
    with pytest.raises(ValueError, match="chapter number 3 twice"):
        in_report_order([Chapter("a", 3), Chapter("b", 3)])


def test_without_the_template_the_plan_names_the_folder(tmp_path):
    (tmp_path / "meetings.ipynb").write_text("{}")
    with pytest.raises(chapter_notebooks.MissingNotebook, match=str(tmp_path)):
        chapter_notebooks.plan(tmp_path)


def test_the_files_a_render_may_run_are_the_template_and_the_chapters_own(tmp_path):
    for name in ("chapter.ipynb", "meetings.ipynb", "scratch.ipynb", "01_staff.ipynb"):
        (tmp_path / name).write_text("{}")
    assert [p.name for p in chapter_notebooks.notebook_files(tmp_path)] == ["chapter.ipynb", "meetings.ipynb"]


def test_a_chapter_is_named_after_its_module(tmp_path, monkeypatch):
    package = tmp_path / "fake_chapters"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "website.py").write_text("from figures.registry import Chapter\nCHAPTER = Chapter('site', 8)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "CHAPTER_PACKAGE", "fake_chapters")
    with pytest.raises(ValueError, match="fake_chapters.website declares the chapter site"):
        Registry().chapters


def test_each_notebook_counts_the_charts_it_draws():
    # By hand: staff charts its age bands and its levels by gender, training none, the meetings one (its
    # notebook's report.chart), translations, budget, subsidies and campaigns one each, the trends ten (its
    # notebook's ten trend_chart calls): the render hands out the heaviest first. (A chapter added since
    # counts its own; these are the published report's.)
    charts = {p.chapter: p.charts for p in chapter_notebooks.plan(ROOT / "notebooks")}
    expected = {"staff": 2, "training": 0, "meetings": 1, "translations": 1, "budget": 1, "subsidies": 1,
                "campaigns": 1, "trends": 10}
    assert {name: charts.get(name) for name in expected} == expected


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_a_template_chapter_has_its_title_once(lang):
    # The template's report.heading gives the chapter's title: the introduction it shows below is prose
    # only (with a heading of its own the analyst read "Personeel" twice).
    from figures.i18n import has, text

    for planned in chapter_notebooks.plan(ROOT / "notebooks"):
        key = f"notebook_text.{planned.chapter}.intro"
        if planned.parameters.get("chapter") and has(key, lang):
            assert not text(key, lang).lstrip().startswith("#"), key
