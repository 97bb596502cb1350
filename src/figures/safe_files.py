"""Every file the project reads is a regular file of bounded size, checked before it is opened.

A name in a shared folder may be anything: a named pipe (FIFO), which blocks
whoever opens it until someone writes; a link to /dev/zero, which never ends;
a folder; a link to itself; a dangling link. `refusal` says what a path is
when it is not a regular file, and `read_bytes`/`read_text` read a file only
when it is one of at most `limit` bytes: the check is made before the file is
opened, again on the file opened (it may have been replaced meanwhile; it is
opened without waiting, so a pipe swapped in cannot block), and the reading
stops at the limit. What is refused raises `FileRefused`, whose `message` is
one sentence naming the file, in any language.

Workbooks also must not carry a DOCTYPE (`doctype_part`): an .xlsx part never
has one, and one with entities is how "billion laughs" and external-entity
attacks are made.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import zipfile
from pathlib import Path

from figures.problems import Message, Problem, msg

# A workbook as saved (compressed): a federal-scale year's largest is about 20 MB.
MAX_WORKBOOK_BYTES = 256 << 20
# A text file: a YAML reference file, a catalogue, a published-figures file, a README.
MAX_TEXT_BYTES = 16 << 20


class FileRefused(Exception):
    """A file that is not read: not a regular file, too large, not text, or a hostile workbook."""

    def __init__(self, path: Path | str, found: Message, expected: Message):
        super().__init__(f"{path}: {found.key}")
        self.path = Path(path)
        self.found = found
        self.expected = expected

    @property
    def message(self) -> Message:
        """One sentence: the file, what it is, what was expected."""
        return msg("harden.file_refused", path=str(self.path), found=self.found, expected=self.expected)

    def problem(self, file: str, order=(0, 0, 0)) -> Problem:
        """The refusal as a validation problem of `file` (a workbook's name)."""
        return Problem(file, found=self.found, expected=self.expected, order=order)


def refusal(path: Path | str) -> Message | None:
    """What `path` is when it is not a regular file (a pipe, a device, a folder, a link loop, a dangling link,
    nothing at all); None for a regular file, or a link to one."""
    path = Path(path)
    try:
        own = os.lstat(path)
    except FileNotFoundError:
        return msg("harden.found.missing")
    except OSError as error:
        return msg("harden.found.unreadable", reason=error.strerror or str(error))
    try:
        target = os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return msg("harden.found.link_loop")
        if isinstance(error, FileNotFoundError):
            return msg("harden.found.dangling_link", target=os.readlink(path))
        return msg("harden.found.unreadable", reason=error.strerror or str(error))
    return _kind(target.st_mode, os.readlink(path) if stat.S_ISLNK(own.st_mode) else None)


def _kind(mode: int, link: str | None) -> Message | None:
    if stat.S_ISREG(mode):
        return None
    kind = ("folder" if stat.S_ISDIR(mode) else "fifo" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
            else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special")
    found = msg(f"harden.found.{kind}")
    return msg("harden.found.link_to", target=link, what=found) if link is not None else found


def _too_big(size: int, limit: int) -> tuple[Message, Message]:
    return (msg("harden.found.too_big", size=_megabytes(size)),
            msg("harden.expected.at_most", limit=_megabytes(limit)))


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):,.1f}"


def check_regular(path: Path | str, limit: int) -> None:
    """Raise FileRefused unless `path` is a regular file of at most `limit` bytes (nothing is opened)."""
    found = refusal(path)
    if found is not None:
        raise FileRefused(path, found, msg("harden.expected.regular_file"))
    size = os.stat(path).st_size
    if size > limit:
        raise FileRefused(path, *_too_big(size, limit))


def read_bytes(path: Path | str, limit: int) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes (else FileRefused), read once."""
    check_regular(path, limit)
    try:
        # Without waiting: a pipe put in the file's place since the check does not block the open.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise FileRefused(path, msg("harden.found.unreadable", reason=error.strerror or str(error)),
                          msg("harden.expected.regular_file")) from None
    with os.fdopen(descriptor, "rb") as handle:
        opened = os.fstat(handle.fileno())
        found = _kind(opened.st_mode, None)
        if found is not None:
            raise FileRefused(path, found, msg("harden.expected.regular_file"))
        os.set_blocking(handle.fileno(), True)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(path, *_too_big(max(len(data), opened.st_size), limit))
    return data


def read_text(path: Path | str, limit: int = MAX_TEXT_BYTES) -> str:
    """The UTF-8 text of `path` (a regular file of at most `limit` bytes), else FileRefused naming the line."""
    data = read_bytes(path, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise FileRefused(path, msg("harden.found.not_utf8", line=line), msg("harden.expected.utf8")) from None


# ---------------------------------------------------------------- workbooks: no DOCTYPE

# How much of a part's start is looked at for its prolog (what comes before the first element).
PROLOG_BYTES = 64 << 10
_DECLARATION = re.compile(r"<\?.*?\?>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _prolog_has_doctype(head: bytes) -> bool:
    """True when the XML that starts with `head` declares a DOCTYPE (or its prolog does not end in `head`)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in (b"<\x00", b"\x00<"):
        encoding = "utf-16-le" if head.startswith(b"\xff\xfe") or head[:2] == b"<\x00" else "utf-16-be"
        text = head[: len(head) // 2 * 2].decode(encoding, "ignore")
    else:
        text = head.decode("utf-8", "ignore")
    text = text.lstrip("\ufeff")
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        rest = text[position:position + 9]
        if rest.upper().startswith("<!DOCTYPE") or rest.startswith("<!ENTITY"):
            return True
        for pattern in (_DECLARATION, _COMMENT):
            found = pattern.match(text, position)
            if found:
                position = found.end()
                break
        else:
            # The first element (no DOCTYPE can follow it), text that is not XML, or a prolog longer than the
            # part read: only the last one is suspect.
            return position >= len(text) and len(head) >= PROLOG_BYTES


def doctype_part(data: bytes) -> str | None:
    """The name of the first part of the workbook `data` (a zip of XML parts) whose prolog holds a DOCTYPE;
    None when none does (or when `data` is not a zip: the reader then says it is not a workbook)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with archive:
        for info in infos:
            if info.is_dir():
                continue
            try:
                with archive.open(info) as part:
                    head = part.read(PROLOG_BYTES)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
                continue            # an encrypted or damaged part: the reader says the file cannot be read
            if _prolog_has_doctype(head):
                return info.filename
    return None


def doctype_refusal(path: Path | str, data: bytes) -> FileRefused | None:
    """FileRefused for a workbook whose bytes `data` carry a DOCTYPE, naming the file and the part."""
    part = doctype_part(data)
    if part is None:
        return None
    return FileRefused(path, msg("harden.found.doctype", part=part), msg("harden.expected.no_doctype"))


def read_workbook(path: Path | str, limit: int = MAX_WORKBOOK_BYTES) -> bytes:
    """The bytes of a workbook to open with any reader (calamine, openpyxl): a regular file of bounded size
    without a DOCTYPE in any part; else FileRefused."""
    data = read_bytes(path, limit)
    refused = doctype_refusal(path, data)
    if refused is not None:
        raise refused
    return data


# An Office file saved with a password is not a zip but an OLE compound file holding the encrypted package
# (as is an .xls of before 2007).
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def password_protected(data: bytes) -> bool:
    """True for a workbook saved with a password to open it (its encryption streams are named in the file)."""
    return data.startswith(OLE) and ("EncryptionInfo".encode("utf-16-le") in data
                                      or "EncryptedPackage".encode("utf-16-le") in data)
