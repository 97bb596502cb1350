"""figures.editions on small report folders written here: integrity against the manifest, sign-off (appended,
naming the render key), publication (never over an edition, refusals, the amendment note), and the latest
edition as the earlier year's figures. The end-to-end case, with real renders, is tests/cli/test_editions_round.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from figures import editions, pipeline
from figures.render import key as render_key

HTML = ('<!DOCTYPE html><html lang="en"><head><title>Figures 2025</title></head><body>'
        '<header class="title-page"><h1>Figures 2025</h1><nav aria-labelledby="contents-title">'
        '<h2 id="contents-title">Contents</h2><ol><li><a href="#subsidies">Subsidies</a></li></ol></nav></header>\n'
        '<main id="content">\n<section class="chapter"><h2 class="chapter" id="subsidies">Subsidies</h2>'
        '<p class="note">{note}</p></section>\n</main></body></html>')
SUBSIDIES = "beneficiary,amount_eur\nVzw A,{amount}.00\ntotal,{amount}.00\n"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_report(reports: Path, key: str, note: str = "The subsidies of 2025.", amount: int = 40000,
                 year: int = 2025, lang: str = "en") -> Path:
    """A report folder as a render leaves it: its files and a manifest with their SHA-256 (computed here)."""
    folder = reports / str(year) / lang
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    files = {f"figures-{year}-{lang}.html": HTML.format(note=note).encode(),
             f"figures-{year}-{lang}.xlsx": b"a workbook",
             "tables/subsidies.csv": SUBSIDIES.format(amount=amount).encode()}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    manifest = {"year": year, "lang": lang, "created": "2026-01-15", "render_key": {"sha256": key, "parts": {}},
                "outputs": sorted(files), "output_sha256": {n: _sha(d) for n, d in sorted(files.items())}}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_an_intact_report_matches_its_manifest_and_every_edited_added_or_removed_file_is_named(tmp_path):
    folder = write_report(tmp_path, "k1")
    manifest = editions.read_manifest(folder)
    assert editions.mismatches(folder, manifest) == []
    (folder / "figures-2025-en.xlsx").write_bytes(b"a workbook, edited")
    (folder / "tables" / "subsidies.csv").unlink()
    (folder / "notes.txt").write_text("mine")
    assert editions.mismatches(folder, manifest) == ["figures-2025-en.xlsx", "tables/subsidies.csv", "notes.txt"]
    with pytest.raises(editions.Refused) as refused:
        editions.check_intact(folder, manifest)
    assert refused.value.params["file"] == "figures-2025-en.xlsx" and refused.value.params["count"] == 3


def test_a_report_rendered_before_the_hashes_cannot_be_checked(tmp_path):
    folder = write_report(tmp_path, "k1")
    manifest = editions.read_manifest(folder)
    del manifest["output_sha256"]
    with pytest.raises(editions.Refused) as refused:
        editions.mismatches(folder, manifest)
    assert refused.value.reason == "no_hashes"


def test_a_sign_off_is_appended_names_the_render_key_and_keeps_the_signed_render(tmp_path):
    folder = write_report(tmp_path, "k1")
    record, before = editions.sign(2025, "en", tmp_path, "Anne", "read twice",
                                   now=dt.datetime(2026, 1, 16, 9, 30, tzinfo=dt.timezone.utc))
    assert before is False
    assert record == {"signed_by": "Anne", "note": "read twice", "signed_at": "2026-01-16T09:30:00+00:00",
                      "year": 2025, "lang": "en", "render_key": "k1",
                      "manifest_sha256": _sha((folder / "manifest.json").read_bytes())}
    first = (folder / "signatures.jsonl").read_bytes()
    assert [json.loads(line) for line in first.decode().splitlines()] == [record]
    _, before = editions.sign(2025, "en", tmp_path, "Bert")
    assert before is True
    second = (folder / "signatures.jsonl").read_bytes()
    assert second.startswith(first) and len(second.decode().splitlines()) == 2     # appended, not rewritten
    kept = editions.signed_dir(2025, "en", tmp_path)
    assert kept == tmp_path / "2025" / "en-signed"
    assert (kept / "figures-2025-en.html").read_bytes() == (folder / "figures-2025-en.html").read_bytes()
    assert (kept / "tables" / "subsidies.csv").is_file() and (kept / "manifest.json").is_file()
    # A new render (another key) is not signed by them.
    assert len(editions.signed_for(folder, editions.read_manifest(folder))) == 2
    write_report(tmp_path, "k2")
    assert editions.signed_for(folder, editions.read_manifest(folder)) == []


def test_a_report_edited_after_the_render_is_not_signed(tmp_path):
    folder = write_report(tmp_path, "k1")
    (folder / "figures-2025-en.html").write_text("edited by hand", encoding="utf-8")
    with pytest.raises(editions.Refused) as refused:
        editions.sign(2025, "en", tmp_path, "Anne")
    assert refused.value.reason == "tampered"
    assert not (folder / "signatures.jsonl").exists()


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_publication_refuses_unsigned_and_tampered_reports_and_never_overwrites_an_edition(tmp_path):
    reports, published = tmp_path / "reports", tmp_path / "published"
    folder = write_report(reports, "k1")
    with pytest.raises(editions.Refused) as refused:
        editions.publish(2025, "en", reports, published)
    assert refused.value.reason == "unsigned" and not published.exists()
    editions.sign(2025, "en", reports, "Anne")
    (folder / "figures-2025-en.xlsx").write_bytes(b"changed after signing")
    with pytest.raises(editions.Refused) as refused:
        editions.publish(2025, "en", reports, published)
    assert refused.value.reason == "tampered" and refused.value.params["file"] == "figures-2025-en.xlsx"
    (folder / "figures-2025-en.xlsx").write_bytes(b"a workbook")
    first = editions.publish(2025, "en", reports, published, date=dt.date(2026, 1, 20))
    assert first.number == 1 and first.folder == published / "2025" / "en" / "edition-1" and first.amendment == []
    copied = _tree(first.folder)
    # Every file of the report, byte for byte, and the edition's record.
    assert {n: d for n, d in copied.items() if n != "edition.json"} == _tree(folder)
    record = json.loads(copied["edition.json"])
    assert (record["edition"], record["published"], record["render_key"], record["replaces"]) == \
        (1, "2026-01-20", "k1", None)
    assert [s["signed_by"] for s in record["signatures"]] == ["Anne"]
    with pytest.raises(editions.Refused) as refused:
        editions.publish(2025, "en", reports, published)
    assert refused.value.reason == "already_published"
    # A new render, signed: an amendment, which needs a reason.
    write_report(reports, "k2", note="The subsidies granted in 2025.", amount=41000)
    editions.sign(2025, "en", reports, "Anne")
    with pytest.raises(editions.Refused) as refused:
        editions.publish(2025, "en", reports, published, reason="  ")
    assert refused.value.reason == "reason_needed"
    assert _tree(first.folder) == copied and not (published / "2025" / "en" / "edition-2").exists()


def test_an_amendment_carries_its_note_in_the_html_and_the_pdf(tmp_path):
    from pypdf import PdfReader

    reports, published = tmp_path / "reports", tmp_path / "published"
    write_report(reports, "k1")
    editions.sign(2025, "en", reports, "Anne")
    first = editions.publish(2025, "en", reports, published, date=dt.date(2026, 1, 20))
    before = _tree(first.folder)
    folder = write_report(reports, "k2", note="The subsidies granted in 2025.")
    editions.sign(2025, "en", reports, "Anne")
    second = editions.publish(2025, "en", reports, published, reason="A wrong word.", date=dt.date(2026, 2, 3))
    assert second.number == 2
    assert second.amendment == [
        "This is edition 2 of this report, published on 3\u00a0February 2026. It replaces edition 1, published on "
        "20\u00a0January 2026.",
        "Why: A wrong word.",
        "What changed against edition 1:",
        "“The subsidies granted in 2025.” (was “The subsidies of 2025.”)"]
    html = (second.folder / "figures-2025-en.html").read_text(encoding="utf-8")
    assert '<h2 class="chapter" id="amendment">Amendment</h2>' in html and "Why: A wrong word." in html
    assert html != (folder / "figures-2025-en.html").read_text(encoding="utf-8")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(second.folder / "figures-2025-en.pdf").pages).split())
    assert "Amendment" in text and "Why: A wrong word." in text and "replaces edition 1" in text
    record = json.loads((second.folder / "edition.json").read_text(encoding="utf-8"))
    assert record["replaces"] == 1 and record["reason"] == "A wrong word."
    assert record["files"]["figures-2025-en.html"] == _sha(html.encode())
    assert _tree(first.folder) == before                    # edition 1 as it was


def _edition(editions_dir: Path, year: int, lang: str, number: int, amount: int, published_at: str) -> Path:
    folder = editions_dir / str(year) / lang / f"edition-{number}"
    (folder / "tables").mkdir(parents=True)
    (folder / "tables" / "subsidies.csv").write_text(SUBSIDIES.format(amount=amount), encoding="utf-8")
    (folder / "edition.json").write_text(json.dumps({"edition": number, "lang": lang, "published": "2025-03-01",
                                                     "published_at": published_at}), encoding="utf-8")
    return folder


def test_the_latest_edition_of_an_earlier_year_gives_its_figures(tmp_path):
    published = tmp_path / "published"
    _edition(published, 2024, "nl", 1, 100, "2025-03-01T10:00:00+00:00")
    latest = _edition(published, 2024, "fr", 2, 120, "2025-04-01T10:00:00+00:00")
    (latest.parent / ".edition-3.new-x").mkdir()       # a publication killed half way is no edition
    assert editions.years(published) == [2024]
    assert editions.latest(2024, published) == latest
    assert editions.latest(2024, published, "nl") == published / "2024" / "nl" / "edition-1"
    folders = pipeline.Folders(raw=tmp_path / "raw", processed=tmp_path / "processed",
                               published=tmp_path / "none", editions=published)
    figures, problems = pipeline._year_figures(2024, folders)
    assert problems == []
    assert sorted(zip(figures["row"], figures["column"], figures["value"], figures["source"])) == [
        ("Vzw A", "amount_eur", 120.0, "published"), ("total", "amount_eur", 120.0, "published")]


def test_an_edition_of_an_earlier_year_changes_the_render_key_and_one_of_the_year_itself_does_not(tmp_path):
    published = tmp_path / "published"
    args = (2025, ["nl"], dt.date(2026, 1, 15), tmp_path / "raw", tmp_path / "processed", tmp_path / "none",
            tmp_path / "notebooks", tmp_path / "reference")
    before = render_key.keys(*args, editions=published)["nl"]["sha256"]
    _edition(published, 2025, "nl", 1, 100, "2026-03-01T10:00:00+00:00")
    assert render_key.keys(*args, editions=published)["nl"]["sha256"] == before
    _edition(published, 2024, "nl", 1, 100, "2025-03-01T10:00:00+00:00")
    assert render_key.keys(*args, editions=published)["nl"]["sha256"] != before
