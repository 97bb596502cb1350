"""A swing reaches whoever renders: the render prints it by itself before the count of the routine warnings,
the manifest keeps it apart, each reviewer's notebook lists it in its first cell, and the reader's documents
are not made different by it.

The year: tests/conftest.py's `write_swing_years` (2024, then the tiny 2025 with four swings worked out there
by hand), with one routine warning added to 2025 (a trainee not in staff.xlsx). Rendered once, in Dutch, the
command's messages in Dutch too (FIGURES_LANG=nl).
"""

from __future__ import annotations

import json

import nbformat
import pytest

from render_support import chapter_notebook_names, plain_spaces, root_conftest, run_figures

# Written by hand from the Dutch catalogue (the swings of `write_swing_years`).
BUDGET = ("budget.xlsx: Begroting, Beleidsorganen: gestegen van 2.000.000 € in 2024 tot 4.639.816 € in 2025 "
          "(+132,0%); verwacht: een stijging van hoogstens 40% ten opzichte van het jaar ervoor: staat er in "
          "budget.xlsx een rij dubbel, of een verkeerd getypte waarde (een cijfer te veel)? Zo niet, dan is de "
          "stijging echt en hoeft er niets te veranderen")
LEGAL = ("translations.xlsx: Vertaalde woorden per teksttype, Juridisch: gedaald van 20.900 in 2024 tot 1.045 in "
         "2025 (−95,0%); verwacht: een daling van hoogstens 50% ten opzichte van het jaar ervoor: is "
         "translations.xlsx volledig, elke rij tot het einde van het jaar? Zo ja, dan is de daling echt en hoeft "
         "er niets te veranderen")


@pytest.fixture(scope="module")
def swing_render(tmp_path_factory):
    base = tmp_path_factory.mktemp("swings")
    conftest = root_conftest()
    raw, published = conftest.write_swing_years(base / "raw"), base / "published"
    conftest.YearBook().set("training", 2, "staff_id", "GONE").write(raw)      # a trainee who left: routine
    published.mkdir()
    args = ("render", "--year", 2025, "--lang", "nl", "--raw-dir", raw, "--published-dir", published,
            "--reports-dir", base / "reports", "--processed-dir", base / "processed", "--no-progress")
    first = run_figures(*args, cwd=base, env={"FIGURES_LANG": "nl"})
    if first.returncode != 0:
        pytest.fail(f"the render failed (exit {first.returncode}):\n{first.stdout}\n{first.stderr}", pytrace=False)
    again = run_figures(*args, cwd=base, env={"FIGURES_LANG": "nl"})
    return first, again, base / "reports" / "2025" / "nl"


def _figures_to_check(stderr: str) -> list[str]:
    """The lines from the heading of the figures to check to the count of the routine warnings."""
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("2025: na te kijken cijfers"))
    end = next(i for i, line in enumerate(lines) if line.startswith("2025: andere validatiewaarschuwingen"))
    return lines[start:end + 1]


def test_the_render_prints_each_swing_before_the_count_of_routine_warnings(swing_render):
    first, again, _ = swing_render
    for result in (first, again):           # again: the report in place is unchanged, its swings said again
        shown = _figures_to_check(result.stderr)
        assert shown[0] == ("2025: na te kijken cijfers voor het verslag verschijnt: 4 (de documenten voor de "
                            "lezer markeren ze niet; elk notitieboek somt ze eerst op in zijn cellen voor het "
                            "nazicht):")
        assert f"waarschuwing: {BUDGET}" in shown and f"waarschuwing: {LEGAL}" in shown
        assert len(shown) == 6 and all(line.startswith("waarschuwing: ") for line in shown[1:5])
        assert shown[5].startswith("2025: andere validatiewaarschuwingen: 1 (routine; ")
    assert "ongewijzigd" in again.stdout


def test_the_manifest_keeps_the_swings_apart(swing_render):
    _, _, folder = swing_render
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    said = [item["message"] for item in manifest["figures_to_check"]]
    assert len(said) == 4 and BUDGET in said and LEGAL in said
    routine = manifest["validation_warnings"]
    assert routine["count"] == 1
    assert [(k["file"], k["found"], k["count"]) for k in routine["kinds"]] == [
        ("training.xlsx", "found.unknown_staff", 1)]
    # The file beside it lists every warning, the swings too.
    assert len(json.loads((folder / routine["all"]).read_text(encoding="utf-8"))) == 5


def test_each_reviewers_notebook_lists_the_swings_in_its_first_cell(swing_render):
    _, _, folder = swing_render
    notebooks = sorted((folder / "notebooks").glob("*.ipynb"))
    assert [p.name for p in notebooks] == chapter_notebook_names()      # one per chapter
    for path in notebooks:
        first = nbformat.read(path, as_version=4).cells[0]
        assert first.cell_type == "markdown", path.name
        lines = first.source.splitlines()
        assert lines[0] == "## Voor het nazicht: na te kijken cijfers (4)", path.name
        assert f"- {BUDGET}" in lines and f"- {LEGAL}" in lines, path.name
        assert lines[-1].startswith("Andere validatiewaarschuwingen: 1 (routine; ")


def test_the_readers_documents_do_not_flag_a_swing(swing_render):
    from render_support import pdf_text

    _, _, folder = swing_render
    html = plain_spaces((folder / "figures-2025-nl.html").read_text(encoding="utf-8"))
    pdf = plain_spaces(pdf_text(folder / "figures-2025-nl.pdf"))
    for text in (html, pdf):
        assert "gestegen van" not in text and "gedaald van" not in text and "na te kijken" not in text
    # The reader's table shows the figures and their change, as for any year.
    assert "4.639.816 €" in html and "2.000.000 €" in html
