"""Sign-off and publication: who read which render, and the editions that were published.

A report folder (`reports/<year>/<lang>/`) is replaced by every render. This module keeps what must outlast it:

- **Sign-off** (`figures sign`): a line appended to `signatures.jsonl` in the report folder (who, when, the
  note, the render key signed and the SHA-256 of the manifest). The file is only ever appended to; a render
  copies it into the report it makes, so the sign-offs go on, but they name the key they signed: a report
  whose key no signature names is unsigned. The render signed is also kept beside the report, in
  `<lang>-signed/`, so that `figures diff` and the reviewer notebooks can say what changed since.
- **Integrity**: the manifest lists the SHA-256 of every file of the report (`output_sha256`); a file
  changed after the render (an edited PDF) no longer matches, and such a report is neither signed nor
  published.
- **Publication** (`figures publish`): a signed, intact report is copied into
  `published/<year>/<lang>/edition-N/`, never over an edition. Edition 2 and later are amendments: they
  need a reason, and their HTML and PDF carry an amendment note (what changed against the edition before,
  from `figures diff`, and why), added to the signed HTML, from which the PDF is made again.
- **The reference for the years after**: the figures of the latest edition of a year (its `tables/`) are
  the year's figures for the comparison and the trends of the next years (`published_figures`).

Nothing here is a cryptographic seal: the signatures file records who said "this one"; the hashes show a
file changed by accident or by hand, not one changed together with the manifest on purpose.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from figures import paths
from figures.atomic import discard, locked, new_stage
from figures.digest import sha256
from figures.i18n import LANGUAGES, text

SIGNATURES_FILE = "signatures.jsonl"
TABLES_DIR = "tables"
MANIFEST_FILE = "manifest.json"
EDITION_FILE = "edition.json"
EDITION = re.compile(r"edition-([1-9][0-9]*)")
SIGNED_SUFFIX = "-signed"


class Refused(Exception):
    """A sign-off or a publication refused, or a folder that is not a report: one line (catalogue key under
    `editions.refused.`), in the language asked for."""

    def __init__(self, reason: str, /, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params

    def render(self, lang: str) -> str:
        return text(f"editions.refused.{self.reason}", lang, **self.params)


# ---------------------------------------------------------------- what a render writes (its hooks)

def write_tables(tables: dict, folder: Path) -> None:
    """The figure tables of the report as computed (the CSV of data/processed/<year>/tables/), in the report's
    own `tables/`: what `figures diff` compares and the next year reads of a published edition."""
    from figures.compute import csv_ready
    from figures.registry import REGISTRY

    folder.mkdir(exist_ok=True)
    for name, table in tables.items():
        csv_ready(REGISTRY.tables[name], table).to_csv(folder / f"{name}.csv", index=False, na_rep="",
                                                       encoding="utf-8")


def output_hashes(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file under `folder` (the manifest's `output_sha256`), by relative path."""
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def carry_signatures(final: Path, stage: Path) -> None:
    """The sign-offs of the report in place, copied byte for byte into the report that replaces it."""
    signatures = Path(final) / SIGNATURES_FILE
    if signatures.is_file():
        shutil.copyfile(signatures, Path(stage) / SIGNATURES_FILE)


# ---------------------------------------------------------------- a report folder

def read_manifest(folder: Path) -> dict:
    """The manifest of a report folder (or of an edition); Refused when there is none."""
    try:
        manifest = json.loads((Path(folder) / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise Refused("not_a_report", folder=folder) from None
    if not isinstance(manifest, dict) or "render_key" not in manifest:
        raise Refused("not_a_report", folder=folder)
    return manifest


def render_key(manifest: dict) -> str:
    return (manifest.get("render_key") or {}).get("sha256", "")


def mismatches(folder: Path, manifest: dict) -> list[str]:
    """The files of the report that no longer match its manifest: changed, missing, or not in it (the
    signatures file aside). Refused for a report rendered before the manifest held the files' hashes."""
    folder = Path(folder)
    hashes = manifest.get("output_sha256")
    if not isinstance(hashes, dict):
        raise Refused("no_hashes", folder=folder)
    found = []
    for name, digest in hashes.items():
        path = folder / name
        if not path.is_file() or sha256(path) != digest:
            found.append(name)
    known = set(hashes) | {MANIFEST_FILE, SIGNATURES_FILE, EDITION_FILE}
    found += [p.relative_to(folder).as_posix() for p in sorted(folder.rglob("*"))
              if p.is_file() and p.relative_to(folder).as_posix() not in known]
    return found


def check_intact(folder: Path, manifest: dict) -> None:
    changed = mismatches(folder, manifest)
    if changed:
        raise Refused("tampered", folder=folder, file=changed[0], count=len(changed))


def signatures(folder: Path) -> list[dict]:
    """Every sign-off recorded in the report folder, oldest first (a line that is not one is skipped)."""
    path = Path(folder) / SIGNATURES_FILE
    if not path.is_file():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("render_key"), str):
            found.append(record)
    return found


def signed_for(folder: Path, manifest: dict) -> list[dict]:
    """The sign-offs of the render in `folder` (those naming its render key)."""
    key = render_key(manifest)
    return [s for s in signatures(folder) if s["render_key"] == key]


def copy_report(folder: Path, manifest: dict, target: Path) -> None:
    """Every file of a report that its manifest lists, the manifest and the signatures, byte for byte."""
    for name in [*manifest["output_sha256"], MANIFEST_FILE, SIGNATURES_FILE]:
        copied = Path(target) / name
        copied.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(folder) / name, copied)


def signed_dir(year: int, lang: str, reports_dir: Path = paths.REPORTS_DIR) -> Path:
    """Where the last signed render of a year and language is kept: `<reports>/<year>/<lang>-signed/`."""
    return Path(reports_dir) / str(year) / f"{lang}{SIGNED_SUFFIX}"


# ---------------------------------------------------------------- sign

def sign(year: int, lang: str, reports_dir: Path, name: str, note: str | None = None,
         now: dt.datetime | None = None) -> tuple[dict, bool]:
    """Record that `name` signed the report of `year` in `lang` as it is now; returns the record and whether
    the report was already signed by someone (for the same render key). Refused for a folder that is not a
    report or whose files no longer match its manifest."""
    from figures.atomic import Publication
    from figures.render.run import owns_report

    folder = paths.report_dir(year, lang, reports_dir).absolute()
    if not folder.is_dir():
        raise Refused("no_report", year=year, lang=lang, folder=folder)
    with locked(folder.parent):          # no render swaps the folder while it is signed
        manifest = read_manifest(folder)
        check_intact(folder, manifest)
        before = signed_for(folder, manifest)
        record = {
            "signed_by": name,
            "note": note or "",
            "signed_at": (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds"),
            "year": year,
            "lang": lang,
            "render_key": render_key(manifest),
            "manifest_sha256": sha256(folder / MANIFEST_FILE),
        }
        line = json.dumps(record, ensure_ascii=False) + "\n"
        descriptor = os.open(folder / SIGNATURES_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        try:
            os.write(descriptor, line.encode("utf-8", "backslashreplace"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        # The render signed, kept beside the report: what the next render is compared with.
        kept = signed_dir(year, lang, reports_dir).absolute()
        publication = Publication(kept, owns_report)
        try:
            copy_report(folder, manifest, publication.stage)
        except BaseException:
            publication.abort()
            raise
        publication.commit()
    return record, bool(before)


# ---------------------------------------------------------------- the sign-off in the reviewer notebooks

@dataclass
class SignOff:
    """The sign-off state of a year and language when a render starts, and the figures changed since the last
    signed render (the render's tables against those of `<lang>-signed/`), for the reviewer notebooks."""

    year: int
    lang: str
    signed: list[dict] = field(default_factory=list)   # the sign-offs of the last signed render
    changes: list[tuple] = field(default_factory=list)  # (table, row, column, signed, now)

    @classmethod
    def of(cls, year: int, lang: str, reports_dir: Path, tables: dict) -> "SignOff":
        kept = signed_dir(year, lang, reports_dir)
        try:
            manifest = read_manifest(kept)
        except Refused:
            return cls(year, lang)
        key = render_key(manifest)
        report = paths.report_dir(year, lang, reports_dir)
        signed = [s for s in signatures(report) if s["render_key"] == key] or \
            [s for s in signatures(kept) if s["render_key"] == key]
        return cls(year, lang, signed, figure_changes(year, read_tables(kept / TABLES_DIR), tables))

    def markdown(self, chapter: str) -> str:
        """What the top of a chapter's reviewer notebook says, in the report's language."""
        from figures.i18n import formats
        from figures.registry import REGISTRY

        lang = self.lang
        language = text(f"label.lang.{lang}", lang)
        lines = [text("editions.sign_off.heading", lang), "", text("editions.sign_off.new_render", lang)]
        if not self.signed:
            lines += ["", text("editions.sign_off.never", lang, year=self.year, language=language)]
            return "\n".join(lines)
        last = self.signed[-1]
        try:
            date = formats.date(dt.date.fromisoformat(last["signed_at"][:10]), lang)
        except ValueError:
            date = last["signed_at"]
        lines += ["", text("editions.sign_off.last", lang, year=self.year, language=language,
                           name=last["signed_by"], date=date, key=last["render_key"][:12])]
        if last.get("note"):
            lines += ["", text("editions.sign_off.note", lang, note=last["note"])]
        names = {t.name for t in REGISTRY.chapter(chapter).tables} if _has_chapter(chapter) else set()
        mine = [c for c in self.changes if c[0] in names]
        if not names:
            return "\n".join(lines)
        if not mine:
            lines += ["", text("editions.sign_off.no_changes", lang)]
            return "\n".join(lines)
        lines += ["", text("editions.sign_off.changes", lang, count=len(mine)), ""]
        headers = [text(f"editions.sign_off.column.{c}", lang) for c in ("table", "row", "column", "signed", "now")]
        lines += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]

        def shown(value) -> str:
            return "–" if value is None else formats.number(value, lang)

        for table, row, column, old, new in mine:
            title = text(f"table.{table}.title", lang) if _has(f"table.{table}.title", lang) else table
            header = text(f"table.{table}.{column}", lang) if _has(f"table.{table}.{column}", lang) else column
            cells = [title, row or "–", header, shown(old), shown(new)]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines)

    def annotate(self, executed: Path) -> None:
        """Put the sign-off state at the top of an executed chapter notebook (a markdown cell for the
        reviewer, after the chapter's title), replacing the file at once (the reader's document may be
        reading it meanwhile: it takes no markdown cell, so either version gives the same)."""
        from figures.render.document import chapter_name

        notebook = json.loads(Path(executed).read_text(encoding="utf-8"))
        cell = {"cell_type": "markdown", "id": "sign-off", "metadata": {"tags": ["sign-off"]},
                "source": self.markdown(chapter_name(Path(executed)))}
        cells = notebook.get("cells", [])
        at = 1 if cells and cells[0].get("cell_type") == "markdown" else 0
        cells.insert(at, cell)
        partial = Path(executed).with_name(f".{Path(executed).name}.sign-off")
        partial.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(partial, executed)


def _has(key: str, lang: str) -> bool:
    from figures.i18n import has

    return has(key, lang)


def _has_chapter(chapter: str) -> bool:
    from figures.registry import REGISTRY

    return any(c.name == chapter for c in REGISTRY.chapters)


def figure_changes(year: int, before: dict, after: dict) -> list[tuple]:
    """(table, row, column, before, after) for every figure of the tables (with their printed totals) whose
    value differs, in the order of `after`'s tables, then the figures that are gone."""
    from figures import history

    if not before:
        return []
    old = history.computed_figures(year, before)
    new = history.computed_figures(year, after)
    keys = ["table", "row", "column"]
    both = new[keys + ["value"]].merge(old[keys + ["value"]].rename(columns={"value": "before"}), on=keys,
                                       how="outer", sort=False)
    changes = []
    for row in both.itertuples(index=False):
        a = None if _missing(row.before) else float(row.before)
        b = None if _missing(row.value) else float(row.value)
        if (a is None) != (b is None) or (a is not None and abs(a - b) >= 0.005):
            changes.append((row.table, row.row, row.column, a, b))
    return changes


def _missing(value) -> bool:
    return value is None or value != value      # NaN


def read_tables(folder: Path) -> dict:
    """The figure tables in a report's (or an edition's) `tables/`, typed as the processed tables are."""
    from figures.compute import _read_table
    from figures.registry import REGISTRY

    folder = Path(folder)
    return {name: _read_table(spec, folder / f"{name}.csv") for name, spec in REGISTRY.tables.items()
            if (folder / f"{name}.csv").is_file()}


# ---------------------------------------------------------------- the published editions

def edition_dir(year: int, lang: str, number: int, editions_dir: Path = paths.EDITIONS_DIR) -> Path:
    return Path(editions_dir) / str(year) / lang / f"edition-{number}"


def editions_of(year: int, lang: str, editions_dir: Path = paths.EDITIONS_DIR) -> list[tuple[int, Path]]:
    """The complete editions of a year in a language (those with their edition.json), by number."""
    folder = Path(editions_dir) / str(year) / lang
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = EDITION.fullmatch(path.name)
        if match and (path / EDITION_FILE).is_file():
            found.append((int(match.group(1)), path))
    return sorted(found)


def edition_record(folder: Path) -> dict:
    return json.loads((Path(folder) / EDITION_FILE).read_text(encoding="utf-8"))


def years(editions_dir: Path = paths.EDITIONS_DIR) -> list[int]:
    """The years with at least one published edition."""
    folder = Path(editions_dir)
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name)
                  and any(editions_of(int(p.name), lang, folder) for lang in LANGUAGES))


def latest(year: int, editions_dir: Path = paths.EDITIONS_DIR, lang: str | None = None) -> Path | None:
    """The latest edition of a year (in `lang`, or in any language: the one published last; the figures are
    the same in every language), or None."""
    candidates = []
    for language in ([lang] if lang else LANGUAGES):
        for number, path in editions_of(year, language, editions_dir):
            record = edition_record(path)
            candidates.append((record.get("published_at", ""), number, -LANGUAGES.index(language), path))
    return max(candidates)[3] if candidates else None


def published_figures(year: int, editions_dir: Path = paths.EDITIONS_DIR):
    """The figures of the latest edition of `year` (history's long table, source `published`), or None when
    the year has no edition."""
    from figures import history

    folder = latest(year, editions_dir)
    if folder is None:
        return None
    tables = read_tables(folder / TABLES_DIR)
    if not tables:
        return None
    figures = history.computed_figures(year, tables)
    figures["source"] = history.PUBLISHED
    return figures


@dataclass
class Publication:
    """What `publish` made: the edition's number and folder, and the amendment note's lines (edition 2 on)."""

    number: int
    folder: Path
    amendment: list[str]


def publish(year: int, lang: str, reports_dir: Path = paths.REPORTS_DIR,
            editions_dir: Path = paths.EDITIONS_DIR, reason: str | None = None, date: dt.date | None = None,
            now: dt.datetime | None = None) -> Publication:
    """Copy the signed report of `year` in `lang` into the next edition folder; Refused (nothing written) when
    the report is not there, no longer matches its manifest, is not signed, is the edition already published,
    or is an amendment without a reason."""
    folder = paths.report_dir(year, lang, reports_dir).absolute()
    if not folder.is_dir():
        raise Refused("no_report", year=year, lang=lang, folder=folder)
    date = date or dt.date.today()
    with locked(folder.parent):
        manifest = read_manifest(folder)
        check_intact(folder, manifest)
        signed = signed_for(folder, manifest)
        if not signed:
            raise Refused("unsigned", year=year, lang=lang, key=render_key(manifest)[:12])
        parent = (Path(editions_dir) / str(year) / lang).absolute()
        with locked(parent):
            for debris in parent.glob(".edition-*.new-*"):      # a publication killed half way
                shutil.rmtree(debris, ignore_errors=True)
            existing = editions_of(year, lang, Path(editions_dir).absolute())
            number = existing[-1][0] + 1 if existing else 1
            final = parent / f"edition-{number}"
            if final.exists():
                raise Refused("edition_exists", folder=final)
            previous = existing[-1][1] if existing else None
            if previous is not None:
                before = edition_record(previous)
                if before.get("render_key") == render_key(manifest):
                    raise Refused("already_published", edition=before["edition"], folder=previous)
                if not (reason or "").strip():
                    raise Refused("reason_needed", edition=number, previous=before["edition"])
            stage = new_stage(final)
            try:
                amendment = _fill_edition(stage, folder, manifest, lang, number, previous, reason, date)
                files = output_hashes(stage)
                record = {
                    "edition": number,
                    "year": year,
                    "lang": lang,
                    "published": date.isoformat(),
                    "published_at": (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds"),
                    "render_key": render_key(manifest),
                    "reason": (reason or "").strip(),
                    "replaces": None if previous is None else edition_record(previous)["edition"],
                    "signatures": signed,
                    "amendment": amendment,
                    "files": files,
                }
                (stage / EDITION_FILE).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n",
                                                  encoding="utf-8")
                stage.rename(final)     # onto no folder (checked under the lock): never over an edition
            except BaseException:
                discard(stage)
                raise
    return Publication(number, final, amendment)


def _fill_edition(stage: Path, report: Path, manifest: dict, lang: str, number: int, previous: Path | None,
                  reason: str | None, date: dt.date) -> list[str]:
    """Copy the report's files into `stage`, byte for byte; for an amendment, its HTML and PDF with the
    amendment note (the note's lines are returned)."""
    copy_report(report, manifest, stage)
    if previous is None:
        return []
    from figures import diff
    from figures.render import document
    from figures.render.pdf import write_pdf

    html_name = next(n for n in manifest["output_sha256"] if "/" not in n and n.endswith(".html"))
    before = edition_record(previous)
    changes = diff.compare_documents(previous / html_name, report / html_name)
    lines = diff.amendment_lines(changes, lang, number, before["edition"], date,
                                 dt.date.fromisoformat(before["published"]), reason.strip())
    html = document.with_amendment((report / html_name).read_text(encoding="utf-8"),
                                   text("editions.amendment.title", lang), lines)
    (stage / html_name).write_text(html, encoding="utf-8")
    stated = dt.date.fromisoformat(manifest["created"]) if manifest.get("created") else date
    write_pdf(html, stage / html_name.replace(".html", ".pdf"), stated)
    return lines
