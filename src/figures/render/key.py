"""The render key: everything a report of one year and one language is made from, as one SHA-256.

A report folder whose manifest holds the key of the render asked for is that render's output
already: `figures render` says so and starts nothing (`--force` renders anyway). The key is
computed from file contents, never dates, and with no heavy import (no pandas, no kernel), so
that an unchanged re-run is decided in a fraction of a second.

What goes in (each part is also kept in the manifest, to see which one changed):
- the year, the language, the date the report states and the folders as the notebooks see them;
- every workbook of the year and of the years before it (the comparison and the trends read them), each
  with its own SHA-256 (a render checks that the workbooks it read are these: `changed_while_read`), and
  the tables of earlier years that have no workbooks (read from their processed data);
- the published figures (every year: the trends use their errata) and the reference files;
- the published editions of the years before it (`figures publish`: the comparison reads the latest);
- the chapter notebooks (the template and the chapters' own: `chapter_notebooks.notebook_files`), the
  language's catalogue and the code of the `figures` package (its templates and style sheet included;
  the other catalogues are left out: a French wording does not change the Dutch report);
- the versions of Python and of the packages that shape figures and documents.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import figures
from figures import chapter_notebooks, paths, safe_files
from figures.atomic import locked, recover
from figures.digest import sha256
from figures.i18n import CATALOGUE_DIR
from figures.render.manifest import package_versions

PACKAGE_DIR = Path(figures.__file__).resolve().parent
# The catalogues the report is written from: the package's, or a translator's copy (FIGURES_CATALOGUES).
CATALOGUES = CATALOGUE_DIR


def tree_digest(files: list[Path], root: Path) -> str:
    """One SHA-256 of the files' names (relative to `root`) and contents, in name order."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode("utf-8", "backslashreplace") + b"\0")
        digest.update(sha256(path).encode() + b"\n")
    return digest.hexdigest()


# Files an office program or a file manager leaves beside the workbooks; none is read, so none is in the key
# (opening a workbook in Excel must not make the next render a full one, nor closing it).
BYSTANDERS = ("~$",            # Excel's lock file beside an open workbook (~$staff.xlsx)
              ".~lock.",       # LibreOffice's (.~lock.staff.xlsx#)
              ".DS_Store", "Thumbs.db", "desktop.ini")


def bystander(path: Path) -> bool:
    """True for a lock or folder-view file of an office program or a file manager."""
    return path.name.startswith(BYSTANDERS)


def file_hashes(files: list[Path], root: Path) -> dict[str, str]:
    """The SHA-256 of each file, by its name relative to `root` (a `/` path), in name order."""
    named = {path.relative_to(root).as_posix(): path for path in files}
    return {name: sha256(named[name]) for name in sorted(named)}


def changed_while_read(key: dict, year: int, read: dict[str, str], earlier: dict[int, dict[str, str]]) -> list[str]:
    """The workbooks (`<year>/<name>`) whose bytes a render read are not those of its key: changed (or
    added) between the key and the reading. `read` is the year's hashes by file name, `earlier` those of
    the earlier years its history was computed from."""
    known = key["parts"]["workbooks"]
    hashes = {f"{year}/{name}": digest for name, digest in read.items()}
    hashes.update({f"{y}/{name}": digest for y, found in earlier.items() for name, digest in found.items()})
    return sorted(name for name, digest in hashes.items() if known.get(name) != digest)


def _files(folder: Path, pattern: str = "*") -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts and not bystander(p)]


def _years(folder: Path, up_to: int) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if p.is_dir() and p.name.isdigit() and int(p.name) <= up_to]


def parts(year: int, date: str, raw: Path, processed: Path, reference: Path, published: Path,
          notebooks: Path, editions: Path | None = None) -> dict:
    """The render's inputs that every language shares, part by part (each a SHA-256 or a small value)."""
    raw, processed, reference, published = map(Path, (raw, processed, reference, published))
    workbooks = [f for d in _years(raw, year) for f in _files(d)]
    # An earlier year without workbooks is read from its processed tables (with workbooks, from those).
    earlier = [f for d in _years(processed, year - 1) if not (raw / d.name).is_dir() for f in _files(d / "tables")]
    reference_files = [f for f in _files(reference) if published not in f.parents]
    code = [f for f in _files(PACKAGE_DIR) if not (f.parent == PACKAGE_DIR / "i18n" and f.suffix == ".yaml")]
    return {
        "year": year,
        "date": date,
        "folders": {"raw_dir": paths.portable(raw), "processed_dir": paths.portable(processed)},
        "workbooks": file_hashes(workbooks, raw),
        "earlier_tables": tree_digest(earlier, processed),
        "published": tree_digest(_files(published, "*.yaml"), published),
        "reference": tree_digest(reference_files, reference),
        # Regular files only (anything else by a notebook's name is refused by the render, never read here).
        "notebooks": tree_digest(chapter_notebooks.notebook_files(notebooks), Path(notebooks)),
        "code": tree_digest(code, PACKAGE_DIR),
        "packages": package_versions(),
        # The editions of the years before, which the comparison and the trends read (figures.editions).
        "editions": tree_digest([f for d in _years(editions, year - 1) for f in _files(d)], Path(editions))
        if editions is not None else tree_digest([], Path(".")),
    }


def render_key(key_parts: dict) -> dict:
    """The key as the manifest records it: its SHA-256 and its parts."""
    sha = hashlib.sha256(json.dumps(key_parts, sort_keys=True).encode("utf-8", "backslashreplace")).hexdigest()
    return {"sha256": sha, "parts": key_parts}


def is_rendered(report_dir: Path, key: dict, processed_year: Path) -> bool:
    """True when `report_dir` holds the complete output of a render with this key: its manifest records the
    key, every file the manifest lists is there, the reconciliation did not fail (such a render is never
    done), and the year's processed tables are in place."""
    try:
        manifest = json.loads(safe_files.read_text(Path(report_dir) / "manifest.json"))
    except (OSError, ValueError, safe_files.FileRefused):
        return False
    if not isinstance(manifest, dict) or (manifest.get("render_key") or {}).get("sha256") != key["sha256"]:
        return False
    if (manifest.get("reconciliation") or {}).get("status") == "failed":
        return False
    outputs = manifest.get("outputs") or []
    return (bool(outputs) and all((Path(report_dir) / name).is_file() for name in outputs)
            and (Path(processed_year) / "tables").is_dir())


def unchanged(report_dir: Path, key: dict, processed_year: Path) -> bool:
    """`is_rendered`, decided while no render publishes into the same folders (their locks); when it is, what
    a killed run left beside the report and the processed year (a stage, a folder moved aside) is tidied as
    the next render would. Nothing is created: a folder that does not exist is not rendered."""
    report_dir, processed_year = Path(report_dir).absolute(), Path(processed_year).absolute()
    if not (report_dir.parent.is_dir() and processed_year.parent.is_dir()):
        return False
    with locked(processed_year.parent), locked(report_dir.parent):     # in the order a render takes them
        recover(processed_year)
        recover(report_dir)
        return is_rendered(report_dir, key, processed_year)


def keys(year: int, langs: list[str], date, raw: Path, processed: Path, published: Path, notebooks: Path,
         reference: Path = paths.REFERENCE_DIR, editions: Path = paths.EDITIONS_DIR) -> dict[str, dict]:
    """The render key of each language: the shared parts, its language and its catalogue (folders made
    absolute as `pipeline.Folders` makes them)."""
    raw, processed, published, notebooks, reference, editions = (
        Path(os.path.abspath(p)) for p in (raw, processed, published, notebooks, reference, editions))
    shared = parts(year, date.isoformat(), raw, processed, reference, published, notebooks, editions)
    # A catalogue that is not a regular file has no hash here: the render refuses it when it reads it.
    return {lang: render_key(dict(shared, lang=lang, catalogue=sha256(CATALOGUES / f"{lang}.yaml")
                                  if (CATALOGUES / f"{lang}.yaml").is_file() else None))
            for lang in langs}
