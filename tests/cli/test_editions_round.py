"""The reviewer's round, as issue 22 says it is done, with the `figures` command and real renders:

render 2025 (nl, fr) and sign it; change one amount of subsidies.xlsx (in a copy of the workbooks) and one
French catalogue string, render again: `figures diff` lists exactly that amount, the totals and changes that
follow from it, and that string; the report is unsigned and `figures publish` refuses it; signed and
published it is edition-1; a further change, signed, is refused while a file of the report was edited after
signing, then published with a reason as edition-2, whose HTML and PDF carry the amendment note; edition-1
is byte for byte what it was. Then the latest edition is what `figures reconcile` and the next year's
comparison read.

Three renders in all (about a minute and a half on a loaded machine), made once for the module. The
transcribed published report of 2025 is left out (an empty --published-dir): the reconciliation of a
changed amount with it is another matter, tested elsewhere, and would add its own sentences to the diff.
Expected values are computed here from the workbooks, and the French words are the report's as printed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "src" / "figures" / "i18n"
DATE = "2026-01-15"
# The French catalogue string changed (note.subsidies), and how.
OLD_WORDS, NEW_WORDS = "Premier Ministre octroie un soutien", "Premier Ministre accorde un soutien"
REASON = "Le montant du Concours musical international Reine Elisabeth était erroné."


def figures(*args, cwd, catalogues: Path | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("FIGURES_ROOT", "FIGURES_CATALOGUES")}
    if catalogues is not None:
        env["FIGURES_CATALOGUES"] = str(catalogues)
    return subprocess.run([sys.executable, "-m", "figures", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=cwd)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _plain(value: str) -> str:
    """French no-break spaces (narrow and ordinary) as plain ones."""
    return value.replace("\u202f", " ").replace("\u00a0", " ")


def _amounts(raw: Path, year: int) -> list[tuple[int, str, str, float]]:
    """(row, beneficiary, beneficiary_fr, amount) of every subsidy of a year, read from its workbook."""
    sheet = load_workbook(raw / str(year) / "subsidies.xlsx")["subsidies"]
    header = [c.value for c in sheet[1]]
    at = {name: header.index(name) for name in ("beneficiary", "beneficiary_fr", "amount_eur")}
    return [(n, row[at["beneficiary"]], row[at["beneficiary_fr"]] or row[at["beneficiary"]], row[at["amount_eur"]])
            for n, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2) if row[0]]


def _set_amount(raw: Path, row: int, amount: int) -> str:
    """Change one subsidy's amount in raw/2025/subsidies.xlsx; returns the cell (e.g. I2)."""
    path = raw / "2025" / "subsidies.xlsx"
    book = load_workbook(path)
    sheet = book["subsidies"]
    column = [c.value for c in sheet[1]].index("amount_eur") + 1
    sheet.cell(row, column).value = amount
    book.save(path)
    return sheet.cell(row, column).coordinate


def money(value: float) -> str:
    """An amount as the French report prints it (thousands by a space, no cents when whole)."""
    return f"{round(value):,}".replace(",", " ") + " €"


def change(now: float, before: float) -> str:
    """A change from the year before as the French report prints it: +1 000 € (+2,5 %), or 0 €."""
    difference = now - before
    if difference == 0:
        return "0 €"
    sign = "+" if difference > 0 else "\u2212"
    percent = f"{abs(difference) / before * 100:.1f}".replace(".", ",")
    return f"{sign}{money(abs(difference))} ({sign}{percent} %)"


@dataclass
class Round:
    base: Path
    reports: Path
    editions: Path
    raw: dict[str, Path]
    catalogues: Path
    steps: dict[str, subprocess.CompletedProcess] = field(default_factory=dict)
    trees: dict[str, dict[str, bytes]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    diffs: dict[str, object] = field(default_factory=dict)      # figures.diff's result, when the CLI ran
    published_after_refusal: bool | None = None

    def run(self, name: str, *args, catalogues: Path | None = None) -> subprocess.CompletedProcess:
        self.steps[name] = figures(*args, cwd=self.base, catalogues=catalogues)
        return self.steps[name]

    def render(self, name: str, raw: str, *langs: str, catalogues: Path | None = None):
        result = self.run(name, "render", "--year", 2025, "--lang", *langs, "--raw-dir", self.raw[raw],
                          "--reports-dir", self.reports, "--processed-dir", self.base / "processed",
                          "--published-dir", self.base / "no-published", "--editions-dir", self.editions,
                          "--date", DATE, "--no-progress", catalogues=catalogues)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    def report(self, lang: str) -> Path:
        return self.reports / "2025" / lang


@pytest.fixture(scope="module")
def done(tmp_path_factory) -> Round:
    base = tmp_path_factory.mktemp("editions")
    (base / "no-published").mkdir()
    raw = {name: base / f"raw-{name}" for name in ("first", "second", "third", "later")}
    shutil.copytree(ROOT / "data" / "raw", raw["first"], ignore=shutil.ignore_patterns("README.md"))
    catalogues = base / "catalogues"
    shutil.copytree(CATALOGUES, catalogues, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    french = (catalogues / "fr.yaml").read_text(encoding="utf-8")
    assert french.count(OLD_WORDS) == 1
    (catalogues / "fr.yaml").write_text(french.replace(OLD_WORDS, NEW_WORDS), encoding="utf-8")
    state = Round(base, base / "reports", base / "published", raw, catalogues)
    r = state.run

    # 1. Render, sign, and nothing to see against the render just signed.
    state.render("render 1", "first", "nl", "fr")
    r("sign nl", "sign", "--year", 2025, "--lang", "nl", "--as", "Anne Lecteur", "--reports-dir", state.reports)
    r("sign fr", "sign", "--year", 2025, "--lang", "fr", "--as", "Anne Lecteur", "--note", "chiffres vérifiés",
      "--reports-dir", state.reports)
    r("diff unchanged", "diff", "--year", 2025, "--lang", "fr", "--reports-dir", state.reports, "--no-pages")
    state.files["signatures fr"] = (state.report("fr") / "signatures.jsonl").read_bytes()
    state.files["manifest fr"] = (state.report("fr") / "manifest.json").read_bytes()

    # 2. One amount (a copy of the workbooks) and one French string changed; render again.
    shutil.copytree(raw["first"], raw["second"])
    first = _amounts(raw["first"], 2025)[0]
    state.cells["first"] = _set_amount(raw["second"], first[0], round(first[3]) + 1000)
    state.render("render 2", "second", "nl", "fr", catalogues=catalogues)
    r("diff fr", "diff", "--year", 2025, "--lang", "fr", "--reports-dir", state.reports)
    r("diff nl", "diff", "--year", 2025, "--lang", "nl", "--reports-dir", state.reports, "--no-pages")
    from figures.diff import compare_reports

    for lang in ("fr", "nl"):       # what the command printed, as data (the signed render is replaced later)
        state.diffs[lang] = compare_reports(state.reports / "2025" / f"{lang}-signed", state.report(lang),
                                            pages=False)
    r("publish unsigned", "publish", "--year", 2025, "--lang", "fr", "--reports-dir", state.reports,
      "--editions-dir", state.editions)
    state.published_after_refusal = state.editions.exists()
    carried = state.report("fr") / "signatures.jsonl"
    state.files["signatures fr after render"] = carried.read_bytes() if carried.is_file() else b""
    r("sign fr again", "sign", "--year", 2025, "--lang", "fr", "--as", "Anne Lecteur", "--reports-dir", state.reports)
    r("publish 1", "publish", "--year", 2025, "--lang", "fr", "--reports-dir", state.reports,
      "--editions-dir", state.editions, "--date", "2026-01-20")
    state.trees["edition 1"] = _tree(state.editions / "2025" / "fr" / "edition-1")

    # 3. A further change, signed; a file edited after signing; then published with a reason.
    shutil.copytree(raw["second"], raw["third"])
    second = _amounts(raw["third"], 2025)[1]
    state.cells["second"] = _set_amount(raw["third"], second[0], round(second[3]) + 1000)
    state.render("render 3", "third", "fr", catalogues=catalogues)
    r("sign fr third", "sign", "--year", 2025, "--lang", "fr", "--as", "Bert Relecteur", "--reports-dir",
      state.reports)
    pdf = state.report("fr") / "figures-2025-fr.pdf"
    signed_pdf = pdf.read_bytes()
    pdf.write_bytes(signed_pdf + b"%% edited after signing\n")
    r("publish tampered", "publish", "--year", 2025, "--lang", "fr", "--reports-dir", state.reports,
      "--editions-dir", state.editions, "--reason", REASON)
    state.trees["editions after tampered"] = _tree(state.editions)
    pdf.write_bytes(signed_pdf)
    r("publish no reason", "publish", "--year", 2025, "--lang", "fr", "--reports-dir", state.reports,
      "--editions-dir", state.editions)
    r("publish 2", "publish", "--year", 2025, "--lang", "fr", "--reports-dir", state.reports,
      "--editions-dir", state.editions, "--reason", REASON, "--date", "2026-02-03")

    # 4. The latest edition as the reference: the tables of the third workbooks reconcile with edition 2; a
    # later change to the workbooks, not published, does not.
    r("reconcile third", "reconcile", "--year", 2025, "--processed-dir", base / "processed", "--published-dir",
      base / "no-published", "--editions-dir", state.editions)
    shutil.copytree(raw["third"], raw["later"])
    third = _amounts(raw["later"], 2025)[2]
    state.cells["later"] = _set_amount(raw["later"], third[0], round(third[3]) + 5000)
    r("compute later", "compute", "--year", 2025, "--raw-dir", raw["later"], "--processed-dir", base / "later")
    r("reconcile later", "reconcile", "--year", 2025, "--processed-dir", base / "later", "--published-dir",
      base / "no-published", "--editions-dir", state.editions)
    return state


def _ok(state: Round, *names: str) -> None:
    for name in names:
        result = state.steps[name]
        assert result.returncode == 0, f"{name}: {result.stdout}{result.stderr}"


def _refused(state: Round, name: str, words: str) -> str:
    """A refusal: exit 1, one line on stderr (saying `words`), nothing on stdout, no traceback."""
    result = state.steps[name]
    assert result.returncode == 1, f"{name}: {result.stdout}{result.stderr}"
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr, result.stderr
    return result.stderr


# ---------------------------------------------------------------- sign, and diff against the signed render

def test_a_sign_off_names_the_render_and_nothing_changed_since(done):
    _ok(done, "sign nl", "sign fr")
    assert "2025 fr: signed by Anne Lecteur" in done.steps["sign fr"].stdout
    [signature] = [json.loads(line) for line in done.files["signatures fr"].decode().splitlines()]
    first_manifest = json.loads(done.files["manifest fr"])
    assert signature["render_key"] == first_manifest["render_key"]["sha256"]
    assert (signature["signed_by"], signature["note"]) == ("Anne Lecteur", "chiffres vérifiés")
    unchanged = done.steps["diff unchanged"]
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    assert "Rien de ce que voit un lecteur n’a changé." in unchanged.stdout


def _french_expected(done: Round) -> set[tuple]:
    """The French figures that change with one amount, computed from the workbooks."""
    row, _, name_fr, amount = _amounts(done.raw["first"], 2025)[0]
    before_year = {b: a for _, b, _, a in _amounts(done.raw["first"], 2024)}
    total = sum(a for *_, a in _amounts(done.raw["first"], 2025))
    total_before = sum(before_year.values())
    table, trends = "Subsides octroyés", "Indicateurs 2023–2025"
    beneficiary = _amounts(done.raw["first"], 2025)[0][1]
    return {
        (table, name_fr, "Montants octroyés", money(amount), money(amount + 1000)),
        (table, name_fr, "Écart", change(amount, before_year[beneficiary]),
         change(amount + 1000, before_year[beneficiary])),
        (table, "Total", "Montants octroyés", money(total), money(total + 1000)),
        (table, "Total", "Écart", change(total, total_before), change(total + 1000, total_before)),
        (trends, "Subsides octroyés", "2025", money(total), money(total + 1000)),
    }


def test_diff_lists_exactly_the_amount_what_follows_from_it_and_the_french_string(done):
    from figures.diff import CellChange

    result = done.steps["diff fr"]
    assert result.returncode == 1, result.stdout + result.stderr
    changes = done.diffs["fr"]
    found = {(c.table, c.row, c.column, _plain(c.old), _plain(c.new)) for c in changes.documents.figures}
    assert found == _french_expected(done)
    assert len(changes.documents.figures) == 5
    [text] = changes.documents.texts
    assert OLD_WORDS in text.old and text.new == text.old.replace(OLD_WORDS, NEW_WORDS)
    # The charts that draw the amount: the subsidies and the trend of the subsidies granted.
    assert sorted(new.title for _, new in changes.documents.charts) == ["Subside par bénéficiaire",
                                                                        "Subsides octroyés"]
    # The workbook whose hash changed, and the one cell that differs (both copies are at hand).
    [workbook] = changes.inputs
    row, _, _, amount = _amounts(done.raw["first"], 2025)[0]
    assert workbook.file == "subsidies.xlsx" and workbook.cells == [
        CellChange("subsidies", done.cells["first"], "amount_eur", str(round(amount)), str(round(amount) + 1000))]
    assert {part for part, _, _ in changes.key_changes} == {"folders", "workbooks", "catalogue"}
    assert changes.warnings_appeared == [] and changes.warnings_gone == []
    # The terminal says the same, in French, and ends with what a reader sees.
    out = _plain(result.stdout)
    for table, row_name, column, old, new in _french_expected(done):
        assert f"{table}, {row_name}, {column} : {new} (au lieu de {old})" in out, out
    assert "Chiffres modifiés : 5" in out and "Phrases modifiées : 1" in out
    assert f"feuille subsidies, cellule {done.cells['first']}, colonne amount_eur" in out
    assert "le catalogue de la langue" in out and "Un lecteur voit une différence." in out


def test_the_diff_page_beside_the_report_marks_the_changed_cells_and_shows_the_changed_pages(done):
    page = done.reports / "2025" / "fr-diff.html"
    assert f"Page HTML : {page}" in _plain(done.steps["diff fr"].stdout)
    html = _plain(page.read_text(encoding="utf-8"))
    assert html.count('class="num changed"') == 5
    assert "<del>167 000 €</del>" not in html or "<ins>" in html
    row, _, name_fr, amount = _amounts(done.raw["first"], 2025)[0]
    assert f"<del>{money(amount)}</del> <span class=\"visually-hidden\">après: </span><ins>{money(amount + 1000)}</ins>" \
        in html.replace("après : ", "après: ")
    # The pages of the PDF that changed, before and after, as images.
    assert "Pages du PDF modifiées" in html and html.count('src="data:image/png;base64,') >= 2


def test_the_french_string_does_not_reach_the_dutch_report(done):
    assert done.steps["diff nl"].returncode == 1
    changes = done.diffs["nl"]
    assert len(changes.documents.figures) == 5 and changes.documents.texts == []
    assert {part for part, _, _ in changes.key_changes} == {"folders", "workbooks"}


# ---------------------------------------------------------------- publish

def test_a_render_after_the_sign_off_is_unsigned_and_publish_refuses_it(done):
    _refused(done, "publish unsigned", "is not signed")
    assert done.published_after_refusal is False
    # The sign-offs went on with the new report, appended to, never rewritten; none names the new render.
    assert done.files["signatures fr after render"] == done.files["signatures fr"]


def test_signed_and_published_it_is_edition_1_a_copy_of_the_report(done):
    _ok(done, "sign fr again", "publish 1")
    edition = done.editions / "2025" / "fr" / "edition-1"
    assert f"published as edition 1 in {edition}" in done.steps["publish 1"].stdout
    record = json.loads(done.trees["edition 1"]["edition.json"])
    assert (record["edition"], record["published"], record["replaces"]) == (1, "2026-01-20", None)
    manifest = json.loads(done.trees["edition 1"]["manifest.json"])
    assert record["render_key"] == manifest["render_key"]["sha256"]
    # Every file the manifest lists, as its SHA-256 says.
    import hashlib

    for name, digest in manifest["output_sha256"].items():
        assert hashlib.sha256(done.trees["edition 1"][name]).hexdigest() == digest, name
    assert "tables/subsidies.csv" in manifest["output_sha256"]


def test_publish_refuses_a_report_whose_file_was_edited_after_signing(done):
    _refused(done, "publish tampered", "figures-2025-fr.pdf")
    assert "no longer matches its manifest" in done.steps["publish tampered"].stderr
    assert set(done.trees["editions after tampered"]) == {f"2025/fr/edition-1/{n}" for n in done.trees["edition 1"]}


def test_a_further_change_is_an_amendment_with_its_reason_and_note_in_html_and_pdf(done):
    from pypdf import PdfReader

    _refused(done, "publish no reason", "--reason")
    _ok(done, "sign fr third", "publish 2")
    edition = done.editions / "2025" / "fr" / "edition-2"
    record = json.loads((edition / "edition.json").read_text(encoding="utf-8"))
    assert (record["edition"], record["replaces"], record["reason"]) == (2, 1, REASON)
    assert [s["signed_by"] for s in record["signatures"]] == ["Bert Relecteur"]
    row, _, name_fr, amount = _amounts(done.raw["second"], 2025)[1]
    total = sum(a for *_, a in _amounts(done.raw["second"], 2025))
    expected = [
        "Ceci est l’édition 2 de ce rapport, publiée le 3 février 2026. Elle remplace l’édition 1, publiée le "
        "20 janvier 2026.",
        f"Motif : {REASON}",
        "Ce qui a changé par rapport à l’édition 1 :",
        f"Subsides octroyés, {name_fr}, Montants octroyés : {money(amount + 1000)} (au lieu de {money(amount)})",
    ]
    lines = [_plain(line) for line in record["amendment"]]
    assert lines[:4] == expected
    assert f"Subsides octroyés, Total, Montants octroyés : {money(total + 1000)} (au lieu de {money(total)})" in lines
    assert len(lines) == 3 + 5      # the amount, its change, the total, its change, the trend: no sentence
    html = _plain((edition / "figures-2025-fr.html").read_text(encoding="utf-8"))
    assert '<h2 class="chapter" id="amendment">Modification</h2>' in html
    for line in expected:
        assert line in html, line
    pdf = " ".join(_plain(" ".join(p.extract_text() for p in PdfReader(edition / "figures-2025-fr.pdf").pages)).split())
    assert "Modification" in pdf and f"Motif : {REASON}" in pdf and "remplace l’édition 1" in pdf
    assert money(amount + 1000) + " (au lieu de " + money(amount) + ")" in pdf
    # The documents the reviewer signed, but the note: the report's HTML is the edition's without it.
    signed = _plain((done.report("fr") / "figures-2025-fr.html").read_text(encoding="utf-8"))
    assert signed != html and len(html) > len(signed)


def test_edition_1_is_byte_for_byte_what_it_was(done):
    _ok(done, "publish 2")
    assert _tree(done.editions / "2025" / "fr" / "edition-1") == done.trees["edition 1"]


# ---------------------------------------------------------------- the latest edition as the reference

def test_reconcile_compares_the_computed_figures_with_the_latest_edition(done):
    _ok(done, "reconcile third", "compute later")
    assert "chaque chiffre" not in done.steps["reconcile third"].stdout      # messages in English by default
    assert "2025: every figure as published in edition 2 (fr, 2026-02-03)." in done.steps["reconcile third"].stdout
    later = done.steps["reconcile later"]
    assert later.returncode == 1, later.stdout + later.stderr
    assert "2025: 5 figure(s) differ from edition 2" in later.stdout or "differ from edition 2" in later.stdout
    row, beneficiary, _, amount = _amounts(done.raw["third"], 2025)[2]
    assert f"{beneficiary}" in later.stdout and f"{amount + 5000:g}" in later.stdout


def test_the_next_year_compares_with_the_latest_edition_not_with_the_workbooks(done):
    from figures import compute, pipeline

    folders = pipeline.Folders(raw=done.raw["later"], processed=done.base / "later",
                               published=done.base / "no-published", editions=done.editions)
    this_year = compute.read_tables(2025, done.base / "later")       # as if 2026 had 2025's figures
    _, changes, problems = pipeline.history_of(2026, folders, this_year)
    assert problems == []
    total = changes[(changes["table"] == "subsidies") & (changes["row"] == "total")].iloc[0]
    published = sum(a for *_, a in _amounts(done.raw["third"], 2025))      # edition 2: the third workbooks
    assert total["previous"] == published
    assert total["value"] == published + 5000                             # the later workbooks, not published
