"""Files that are not what they seem (issue 20): a workbook with a DOCTYPE, a name that is a pipe, a device, a
folder or a link loop, YAML with tags or aliases, a catalogue with a placeholder the code does not fill. Each
is refused in one line naming the file (and the part, line or key), never as an "Internal error", and
nothing hangs or grows without bound."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from figures import safe_files

ROOT = Path(__file__).resolve().parents[2]


def figures(*args, cwd=None, env=None, timeout=120) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "FIGURES_ROOT"}
    return subprocess.run([sys.executable, "-m", "figures", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=dict(base, **(env or {})), cwd=cwd)


def _output(result) -> str:
    return result.stdout + result.stderr


# ---------------------------------------------------------------- a DOCTYPE in a workbook

LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1 if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
          + "]>")
EXTERNAL = '<!DOCTYPE foo [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


def _with_doctype(path: Path, doctype: str, part_prefix: str = "xl/worksheets/", entity: str = "&lol9;",
                  encoding: str = "utf-8") -> None:
    """Put `doctype` in the prolog of the first part whose name starts with `part_prefix`, and a reference to
    its entity in that part's first text (`<t>` or `<v>`)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = next(n for n in parts if n.startswith(part_prefix))
    xml = parts[name].decode("utf-8")
    declaration_end = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
    xml = xml[:declaration_end] + doctype + xml[declaration_end:]
    xml = xml.replace("<t>", f"<t>{entity}", 1) if "<t>" in xml else xml
    if encoding != "utf-8":
        xml = xml.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
    parts[name] = xml.encode(encoding)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


@pytest.mark.parametrize("doctype, prefix, entity, encoding", [
    (LAUGHS, "xl/worksheets/", "&lol9;", "utf-8"),              # billion laughs in the sheet
    (EXTERNAL, "xl/styles.xml", "&secret;", "utf-8"),            # an external entity in the styles
    (EXTERNAL, "xl/workbook.xml", "&secret;", "utf-8"),         # in the workbook part, before any sheet is read
    (LAUGHS, "xl/worksheets/", "&lol9;", "utf-16"),              # a part saved as UTF-16
])
def test_a_doctype_in_a_workbook_is_refused_in_one_line_naming_file_and_part(book, raw_dir, doctype, prefix,
                                                                             entity, encoding):
    folder = book.write(raw_dir)
    _with_doctype(folder / "staff.xlsx", doctype, prefix, entity, encoding)
    part = next(n for n in zipfile.ZipFile(folder / "staff.xlsx").namelist() if n.startswith(prefix))
    for command in ("validate", "compute"):
        extra = ["--processed-dir", raw_dir.parent / "out"] if command == "compute" else []
        result = figures(command, "--year", 2025, "--raw-dir", raw_dir, *extra)
        assert result.returncode == 1, _output(result)
        lines = [line for line in _output(result).splitlines() if "staff.xlsx" in line]
        assert lines == [f"error: staff.xlsx: found a DOCTYPE in its part {part} (an Excel workbook never has one: "
                         "it can declare entities that expand without end or read other files); expected a "
                         "workbook as Excel or LibreOffice saves it: open it there and save it again as .xlsx"]
        assert "Internal error" not in _output(result) and "root:" not in _output(result)
    assert not (raw_dir.parent / "out").exists()


def test_a_doctype_in_an_earlier_year_is_a_warning_of_the_later_one_not_a_crash(year_book, raw_dir, tmp_path):
    # 2024's workbooks are read for the comparison; one with a DOCTYPE makes 2024 invalid, said as a warning.
    year_book().write(raw_dir)
    earlier = raw_dir / "2024"
    shutil.copytree(raw_dir / "2025", earlier)
    _with_doctype(earlier / "budget.xlsx", LAUGHS)
    result = figures("compute", "--year", 2025, "--raw-dir", raw_dir, "--processed-dir", tmp_path / "out")
    assert result.returncode == 0, _output(result)
    assert "Internal error" not in _output(result)
    warnings = (tmp_path / "out" / "2025" / "warnings.json").read_text(encoding="utf-8")
    assert "invalid_earlier" in warnings and '"year": 2024' in warnings


def test_annotate_opens_no_workbook_with_a_doctype(book, raw_dir, tmp_path):
    # training.xlsx has a problem, so it would be annotated (opened with openpyxl, which expands entities), and
    # a DOCTYPE in a part the spreadsheet reader does not parse (the styles): refused before either opens it.
    book.set("training", 3, "days", 61)
    folder = book.write(raw_dir)
    _with_doctype(folder / "training.xlsx", '<!DOCTYPE s [<!ENTITY x "y">]>', "xl/styles.xml", "&x;")
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, "--annotate", tmp_path / "copies")
    assert result.returncode == 1, _output(result)
    assert "error: training.xlsx: found a DOCTYPE in its part xl/styles.xml" in result.stdout
    assert "Internal error" not in _output(result)
    assert not (tmp_path / "copies" / "training.xlsx").exists()


def test_a_doctype_after_comments_is_found_and_an_ordinary_prolog_is_not(tmp_path):
    assert safe_files._prolog_has_doctype(b'<?xml version="1.0"?>\n<!-- a note -->\n<!doctype x>\n<x/>')
    assert safe_files._prolog_has_doctype("\ufeff<!DOCTYPE x><x/>".encode("utf-16"))
    assert not safe_files._prolog_has_doctype(b'<?xml version="1.0"?>\n<worksheet><t>&lt;!DOCTYPE</t></worksheet>')
    assert not safe_files._prolog_has_doctype(b"\x89PNG\r\n\x1a\n<!DOCTYPE")     # an image part is no XML


# ---------------------------------------------------------------- names that are not regular files

def _make(path: Path, kind: str) -> str:
    """Put a `kind` in place of `path`; return what the message must say it is."""
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
        return "a named pipe (FIFO), not a file"
    if kind == "dev_zero":
        os.symlink("/dev/zero", path)
        return "a link to /dev/zero: a device, not a file"
    if kind == "folder":
        path.mkdir()
        return "a folder, not a file"
    if kind == "loop":
        os.symlink(path.name, path)
        return "a link that leads back to itself (a link loop)"
    if kind == "dangling":
        os.symlink("gone.xlsx", path)
        return "a link to gone.xlsx, which does not exist"
    if kind == "too_big":
        with open(path, "wb") as handle:            # sparse: no disk used
            handle.truncate(safe_files.MAX_WORKBOOK_BYTES + (1 << 20))
        return f"a file of {(safe_files.MAX_WORKBOOK_BYTES + (1 << 20)) / (1 << 20):,.1f} MB"
    raise ValueError(kind)


KINDS = ["fifo", "dev_zero", "folder", "loop", "dangling", "too_big"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_workbook_name_that_is_not_a_regular_file_says_what_it_is(book, raw_dir, kind):
    folder = book.write(raw_dir)
    said = _make(folder / "staff.xlsx", kind)
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, timeout=30)
    assert result.returncode == 1, _output(result)
    expected = "a regular file" if kind != "too_big" else \
        f"a file of at most {safe_files.MAX_WORKBOOK_BYTES / (1 << 20):,.1f} MB"
    assert f"error: staff.xlsx: found {said}; expected {expected}" in result.stdout.splitlines()
    assert "Internal error" not in _output(result)


def _project(tmp_path: Path) -> Path:
    """A copy of the project's reference files under tmp_path/root (FIGURES_ROOT)."""
    root = tmp_path / "root"
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    return root


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "folder", "loop"])
def test_a_reference_file_that_is_not_a_regular_file_is_named_not_waited_for(book, raw_dir, tmp_path, kind):
    root = _project(tmp_path)
    path = root / "data" / "reference" / "age_bands.yaml"
    said = _make(path, kind)
    book.write(raw_dir)
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, env={"FIGURES_ROOT": str(root)}, timeout=30)
    assert result.returncode == 1, _output(result)
    assert result.stderr.splitlines() == [f"error: {path}: found {said}; expected a regular file"]


def test_a_published_file_that_is_not_a_regular_file_is_named_not_taken_as_unpublished(book, raw_dir, tmp_path):
    book.write(raw_dir)
    processed, published = tmp_path / "processed", tmp_path / "published"
    published.mkdir()
    assert figures("compute", "--year", 2025, "--raw-dir", raw_dir, "--processed-dir", processed).returncode == 0
    said = _make(published / "2025.yaml", "dev_zero")
    result = figures("reconcile", "--year", 2025, "--raw-dir", raw_dir, "--processed-dir", processed,
                     "--published-dir", published, timeout=30)
    assert result.returncode == 1, _output(result)
    assert result.stderr.splitlines() == [f"error: {published / '2025.yaml'}: found {said}; expected a regular file"]


def test_a_text_file_beyond_its_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "2025.yaml"
    with open(path, "wb") as handle:
        handle.truncate(safe_files.MAX_TEXT_BYTES + 1)
    with pytest.raises(safe_files.FileRefused) as refused:
        safe_files.read_text(path)
    assert refused.value.message.render("en") == (
        f"{path}: found a file of 16.0 MB; expected a file of at most 16.0 MB")


def test_a_catalogue_that_is_a_pipe_is_named(book, raw_dir, tmp_path):
    catalogues = tmp_path / "catalogues"
    shutil.copytree(ROOT / "src" / "figures" / "i18n", catalogues, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    said = _make(catalogues / "fr.yaml", "fifo")
    book.write(raw_dir)
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, "--lang", "fr",
                     env={"FIGURES_CATALOGUES": str(catalogues)}, timeout=30)
    assert result.returncode == 1, _output(result)
    line = result.stderr.replace("\u202f", " ").replace("\u00a0", " ")
    assert line.splitlines() == [
        f"erreur: {catalogues / 'fr.yaml'} : trouvé un tube nommé (FIFO), pas un fichier ; attendu un fichier ordinaire"]


def test_a_notebook_that_is_a_pipe_stops_the_render_at_once(book, raw_dir, tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _make(notebooks / "chapter.ipynb", "fifo")
    book.write(raw_dir)
    result = figures("render", "--year", 2025, "--raw-dir", raw_dir, "--processed-dir", tmp_path / "processed",
                     "--reports-dir", tmp_path / "reports", "--notebooks-dir", notebooks, "--no-progress",
                     timeout=60)
    assert result.returncode == 1, _output(result)
    assert result.stderr.splitlines()[-1] == (
        f"error: {notebooks / 'chapter.ipynb'}: found a named pipe (FIFO), not a file; expected a regular file")


# ---------------------------------------------------------------- YAML: plain YAML only

BOMB = "\n".join(["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                 + [f"{chr(98 + n)}: &{chr(98 + n)} [" + ", ".join([f"*{chr(97 + n)}"] * 9) + "]" for n in range(9)])
PLAIN = "expected plain YAML (mappings, lists, text and numbers), without tags, anchors or aliases"


def test_a_published_file_with_a_python_tag_is_refused_naming_file_and_line_and_runs_nothing(book, raw_dir,
                                                                                            tmp_path):
    book.write(raw_dir)
    processed, published = tmp_path / "processed", tmp_path / "published"
    published.mkdir()
    assert figures("compute", "--year", 2025, "--raw-dir", raw_dir, "--processed-dir", processed).returncode == 0
    pwned = tmp_path / "pwned"
    (published / "2025.yaml").write_text(
        f'year: 2025\nsource: printed report\ntables: !!python/object/apply:os.system ["touch {pwned}"]\n',
        encoding="utf-8")
    result = figures("reconcile", "--year", 2025, "--processed-dir", processed, "--published-dir", published)
    assert result.returncode == 1, _output(result)
    assert result.stderr.splitlines() == [
        f"error: {published / '2025.yaml'}: found the tag tag:yaml.org,2002:python/object/apply:os.system on line 3; "
        + PLAIN]
    assert not pwned.exists()


def test_an_alias_bomb_is_refused_at_its_first_anchor_before_it_grows(book, raw_dir, tmp_path):
    root = _project(tmp_path)
    path = root / "data" / "reference" / "bodies.yaml"
    path.write_text(BOMB + "\n", encoding="utf-8")
    book.write(raw_dir)
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, env={"FIGURES_ROOT": str(root)}, timeout=30)
    assert result.returncode == 1, _output(result)
    assert result.stderr.splitlines() == [f"error: {path}: found an anchor or alias (a) on line 1; " + PLAIN]


@pytest.mark.parametrize("content, found", [
    ("default:\n  - {from: 19, to: 29\n", "text that is not valid YAML on line 3 (did not find expected ',' or '}')"),
    ("default: [1]\nnote: caf\xe9\n", "text that is not UTF-8 (line 2)"),
])
def test_a_reference_file_that_is_not_yaml_or_not_utf8_names_the_line(book, raw_dir, tmp_path, content, found):
    root = _project(tmp_path)
    path = root / "data" / "reference" / "age_bands.yaml"
    path.write_bytes(content.encode("latin-1"))
    book.write(raw_dir)
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, env={"FIGURES_ROOT": str(root)})
    assert result.returncode == 1, _output(result)
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {path}: found {found}; expected "), line


def _catalogues(tmp_path: Path) -> Path:
    catalogues = tmp_path / "catalogues"
    shutil.copytree(ROOT / "src" / "figures" / "i18n", catalogues, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return catalogues


def test_a_catalogue_of_the_messages_with_an_alias_is_refused_in_one_line(book, raw_dir, tmp_path):
    # The English catalogue gives the command's own messages (and its help): the refusal comes from the
    # package's catalogue, since the broken one cannot say it.
    catalogues = _catalogues(tmp_path)
    path = catalogues / "en.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "extra: &x {a: 1}\nmore: *x\n", encoding="utf-8")
    lines = path.read_text(encoding="utf-8").count("\n") - 1
    book.write(raw_dir)
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, env={"FIGURES_CATALOGUES": str(catalogues)})
    assert result.returncode == 1, _output(result)
    assert result.stderr.splitlines() == [f"error: {path}: found an anchor or alias (x) on line {lines}; " + PLAIN]


# ---------------------------------------------------------------- a catalogue's placeholders

@pytest.mark.parametrize("lang, key, line, found", [
    # A translator's copy of a report language: refused before the report is rendered.
    ("de", "report.title", '  title: "Zahlen {jahr}"\n',
     "the text of report.title has the placeholder {jahr}, which the code does not fill (the Dutch text of "
     "report.title has {year})"),
    # The Dutch catalogue itself is checked against the package's.
    ("nl", "report.title", '  title: "Cijfers {jaar}"\n',
     "the text of report.title has the placeholder {jaar}, which the code does not fill (the Dutch text of "
     "report.title has {year})"),
    ("de", "report.title", '  title: "Zahlen {year"\n',
     "the text of report.title is not a valid template (expected '}' before end of string); a placeholder is a "
     "name between braces, as in the Dutch catalogue"),
])
def test_a_catalogue_with_a_placeholder_the_code_does_not_fill_names_the_key(book, raw_dir, tmp_path, lang, key,
                                                                             line, found):
    catalogues = _catalogues(tmp_path)
    path = catalogues / f"{lang}.yaml"
    text = path.read_text(encoding="utf-8")
    original = next(t for t in text.splitlines(keepends=True) if t.startswith("  title: ") and "{year}" in t)
    path.write_text(text.replace(original, line, 1), encoding="utf-8")
    book.write(raw_dir)
    result = figures("render", "--year", 2025, "--lang", lang, "--raw-dir", raw_dir, "--processed-dir",
                     tmp_path / "processed", "--reports-dir", tmp_path / "reports", "--no-progress",
                     env={"FIGURES_CATALOGUES": str(catalogues)})
    assert result.returncode == 1, _output(result)
    assert result.stderr.splitlines() == [f"error: {path}: {found}"]
    assert not (tmp_path / "reports").exists() and not (tmp_path / "processed").exists()


# ---------------------------------------------------------------- the clerk's folder is never written

def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("where", ["raw", "raw/2025", "raw/2025/copies", "link"])
def test_annotated_copies_never_go_into_the_folder_of_the_workbooks(book, raw_dir, tmp_path, where):
    # The clerk put the corrected copies back in the year folder, and --annotate is pointed there (or at the
    # raw folder, a folder inside it, a link to it): refused before anything is read or written, exit 2.
    book.set("staff", 2, "gender", "V")
    book.write(raw_dir)
    if where == "link":
        os.symlink(raw_dir, tmp_path / "link")
    before = _snapshot(raw_dir)
    target = tmp_path / where
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, "--annotate", target)
    assert result.returncode == 2, _output(result)
    assert result.stderr.splitlines() == [
        f"error: {target} is the folder of the workbooks, {raw_dir}, or inside it: annotated copies go to a folder "
        "apart, and no file of the workbooks' folder is ever written. Choose another folder; nothing was written."]
    assert _snapshot(raw_dir) == before


def test_a_copy_the_clerk_corrected_is_never_replaced(book, raw_dir, tmp_path):
    from openpyxl import load_workbook

    book.set("staff", 2, "gender", "V")
    book.write(raw_dir)
    copies = tmp_path / "copies"
    assert figures("validate", "--year", 2025, "--raw-dir", raw_dir, "--annotate", copies).returncode == 1
    assert figures("validate", "--year", 2025, "--raw-dir", raw_dir, "--annotate", copies).returncode == 1  # ours
    workbook = load_workbook(copies / "staff.xlsx")           # the clerk corrects the copy and saves it
    workbook["staff"]["C2"] = "F"
    workbook.save(copies / "staff.xlsx")
    corrected = (copies / "staff.xlsx").read_bytes()
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir, "--annotate", copies)
    assert result.returncode == 1, _output(result)
    assert result.stderr.splitlines() == [
        f"error: {copies / 'staff.xlsx'} has changed since figures wrote it (corrections by the clerk?): it is not "
        "replaced. Move it or choose another folder; nothing was written."]
    assert (copies / "staff.xlsx").read_bytes() == corrected


@pytest.mark.parametrize("damage, reason", [
    (lambda path: path.write_bytes(b"not a workbook at all"),
     "a file that is not an Excel workbook (Cannot detect file format)"),
    (lambda path: path.unlink(), "no such file in {folder}"),
    (lambda path: _with_doctype(path, LAUGHS), "a DOCTYPE in its part xl/worksheets/sheet1.xml"),
])
def test_new_year_from_an_unreadable_workbook_says_which_and_writes_nothing(year_book, raw_dir, damage, reason):
    year_book(2031).write(raw_dir)
    damage(raw_dir / "2031" / "budget.xlsx")
    result = figures("new-year", "--year", 2032, "--from", 2031, "--raw-dir", raw_dir)
    assert result.returncode == 1, _output(result)
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: budget.xlsx of 2031 cannot be read: {reason.format(folder=raw_dir / '2031')}")
    assert line.endswith(". Its group, code, label_nl, label_fr, label_de, label_en cannot be carried over. "
                         "Nothing was written.")
    assert not (raw_dir / "2032").exists()


def test_new_year_checks_every_name_before_writing_any(raw_dir):
    # A dangling link named like one of the workbooks (in another case): nothing written, the link named.
    folder = raw_dir / "2032"
    folder.mkdir(parents=True)
    os.symlink("elsewhere/Translations.xlsx", folder / "TRANSLATIONS.xlsx")
    result = figures("new-year", "--year", 2032, "--raw-dir", raw_dir)
    assert result.returncode == 1, _output(result)
    assert result.stderr.splitlines() == [
        f"error: {folder / 'TRANSLATIONS.xlsx'} is in the way (a link to elsewhere/Translations.xlsx, which does "
        "not exist): figures overwrites nothing. Nothing was written."]
    assert sorted(p.name for p in folder.iterdir()) == ["TRANSLATIONS.xlsx"]


# ---------------------------------------------------------------- left from the first round

def _encrypted_workbook() -> bytes:
    """A compound file as Excel saves a workbook with a password to open it: an OLE container (format 3, 512-byte
    sectors) holding the streams EncryptionInfo and EncryptedPackage (their content here is filler)."""
    import struct

    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    streams = [("EncryptionInfo", b"\x04\x00\x04\x00" + b"\0" * 4092), ("EncryptedPackage", b"\x01" * 4096)]
    fat = [fat_sector, end]                              # sector 0: the FAT, sector 1: the directory
    starts = []
    for _, data in streams:
        count = len(data) // 512
        starts.append(len(fat))
        fat += [len(fat) + n + 1 for n in range(count - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)

    def entry(name, kind, left, right, child, start, size):
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, left, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, free, free, 1, end, 0)
                 + entry(streams[0][0], 2, free, 2, free, starts[0], len(streams[0][1]))
                 + entry(streams[1][0], 2, free, free, free, starts[1], len(streams[1][1]))
                 + b"\0" * 128)
    return header + struct.pack("<128I", *fat) + directory + b"".join(data for _, data in streams)


def test_a_workbook_with_a_password_says_so_and_how_to_save_it(book, raw_dir):
    folder = book.write(raw_dir)
    (folder / "budget.xlsx").write_bytes(_encrypted_workbook())
    result = figures("validate", "--year", 2025, "--raw-dir", raw_dir)
    assert result.returncode == 1, _output(result)
    assert "error: budget.xlsx: found a workbook protected by a password (it cannot be read without it); expected " \
           "the workbook saved without a password (Excel: File, Info, Protect Workbook, Encrypt with Password, then " \
           "an empty password)" in result.stdout.splitlines()


def test_a_render_into_a_folder_whose_name_is_not_utf8_says_so(book, raw_dir, tmp_path):
    book.write(raw_dir)
    processed = os.fsdecode(os.fsencode(str(tmp_path)) + b"/proc\xfd")
    result = figures("render", "--year", 2025, "--raw-dir", raw_dir, "--processed-dir", processed, "--reports-dir",
                     tmp_path / "reports", "--no-progress")
    assert result.returncode == 2, _output(result)
    assert result.stderr.splitlines() == [
        f"error: {tmp_path}/proc\\xfd: a folder name that is not UTF-8 (written by another system); a render writes "
        "the names of its folders into its notebooks and manifest, in UTF-8. Rename the folder or choose another "
        "one; nothing was written."]
    assert not os.path.lexists(processed) and not (tmp_path / "reports").exists()
