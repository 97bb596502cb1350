"""Replace a folder all at once, so a failed run never leaves half an output behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


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
    """Put `stage` in the place of `final`.

    The previous `final` is moved aside before the new one takes its place and
    deleted only after, so a reader sees either the old folder or the new one.
    """
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


@contextmanager
def staged_dir(final: Path):
    """Yield an empty folder beside `final`; on success it replaces `final`, on error it is removed."""
    stage = new_stage(final)
    try:
        yield stage
    except BaseException:
        discard(stage)
        raise
    swap_in(stage, final)
