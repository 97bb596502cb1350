"""Replace a folder all at once, only a folder the project wrote, and never lose both the old and the new.

A year's processed data (`data/processed/<year>/`) and a report
(`reports/<year>/<lang>/`) are built in a staging folder beside them and put
in place by renames at the end, so a reader sees either the old folder or the
new one. The guarantees:

- **Only our files.** An existing folder is replaced only when every file in
  it is one the project writes there (`owns`); otherwise the run stops naming
  the files it would have lost (`ForeignFiles`), before anything is written.
- **Crash-safe.** The swap is two renames (old folder aside, new one in). A
  run killed between them leaves the old folder under `.NAME.old-*`; the next
  run that publishes NAME puts it back first (`recover`) and removes its
  own debris (`.NAME.new-*` stages, `.NAME.old-*` copies). A lock on the
  parent folder keeps two runs from publishing the same folder at once.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path


class ForeignFiles(Exception):
    """A folder the project would replace holds files it did not write."""

    def __init__(self, folder: Path, files: list[Path]):
        super().__init__(f"{folder}: {', '.join(str(f) for f in files[:5])}")
        self.folder = folder
        self.files = files


@contextmanager
def naming(path: Path):
    """An OSError while writing `path` names it (a full disk raises one without a file name)."""
    try:
        yield
    except OSError as error:
        if error.filename is None:
            raise OSError(error.errno, error.strerror or str(error), str(path)) from error
        raise


def _debris(final: Path, kind: str) -> list[Path]:
    return sorted(final.parent.glob(f".{final.name}.{kind}-*"))


def foreign_files(final: Path, owns: Callable[[Path], bool]) -> list[Path]:
    """The files under `final` that `owns` (given the path relative to `final`) does not claim."""
    final = Path(final)
    if not final.is_dir():
        return [final] if final.exists() else []
    return [path for path in sorted(final.rglob("*"))
            if (path.is_file() or path.is_symlink()) and not owns(path.relative_to(final))]


def recover(final: Path) -> None:
    """Put back the previous folder a killed swap left aside, and remove stages and old copies."""
    final = Path(final)
    olds = _debris(final, "old")
    if not final.exists() and olds:
        olds.pop().rename(final)
    for path in olds + _debris(final, "new"):
        shutil.rmtree(path, ignore_errors=True)


def new_stage(final: Path) -> Path:
    """An empty folder beside `final` (same file system, so the swap is a rename)."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-", dir=final.parent))
    # mkdtemp makes the folder private (0700); the result should have the usual permissions.
    umask = os.umask(0)
    os.umask(umask)
    stage.chmod(0o777 & ~umask)
    return stage


def swap_in(stage: Path, final: Path) -> None:
    """Put `stage` in the place of `final`: the previous `final` is moved aside before the new one takes
    its place and deleted only after (a run killed in between leaves it for `recover`)."""
    final = Path(final)
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
        old.rmdir()
        final.rename(old)
    Path(stage).rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)


# ---------------------------------------------------------------- one publisher of a folder at a time

_held: dict[Path, list] = {}
_held_guard = threading.Lock()


@contextmanager
def locked(folder: Path):
    """An exclusive lock on `folder` (flock on the folder itself: no lock file is left behind). Re-entrant
    within the process: the languages of one render share their year's folder."""
    folder = Path(folder).absolute()
    folder.mkdir(parents=True, exist_ok=True)
    with _held_guard:
        entry = _held.get(folder)
        if entry is None:
            fd = os.open(folder, os.O_RDONLY)
            entry = _held[folder] = [fd, 0]
            take = True
        else:
            take = False
        entry[1] += 1
    if take:
        fcntl.flock(entry[0], fcntl.LOCK_EX)
    try:
        yield
    finally:
        with _held_guard:
            entry[1] -= 1
            if entry[1] == 0:
                del _held[folder]
                fcntl.flock(entry[0], fcntl.LOCK_UN)
                os.close(entry[0])


class Publication:
    """A folder being rebuilt: `stage` to write into, then `commit` (swap in) or `abort` (nothing changed).

    Opening it takes the lock of the parent folder, recovers what a killed run left, and refuses (with
    ForeignFiles) a folder holding files that `owns` does not claim.
    """

    def __init__(self, final: Path, owns: Callable[[Path], bool] | None = None):
        self.final = Path(final).absolute()
        self._lock = locked(self.final.parent)
        self._lock.__enter__()
        try:
            recover(self.final)
            if owns is not None:
                foreign = foreign_files(self.final, owns)
                if foreign:
                    raise ForeignFiles(self.final, foreign)
            self.stage = new_stage(self.final)
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        self.open = True

    def commit(self) -> Path:
        try:
            swap_in(self.stage, self.final)
        finally:
            self._close()
        return self.final

    def abort(self) -> None:
        discard(self.stage)
        self._close()

    def _close(self) -> None:
        if self.open:
            self.open = False
            self._lock.__exit__(None, None, None)


@contextmanager
def staged_dir(final: Path, owns: Callable[[Path], bool] | None = None):
    """Yield an empty folder beside `final`; on success it replaces `final`, on error it is removed."""
    publication = Publication(final, owns)
    try:
        yield publication.stage
    except BaseException:
        publication.abort()
        raise
    publication.commit()
