"""The reader's PDF: WeasyPrint, in processes of their own.

A render of several languages writes each language's PDF as soon as its notebooks have run, while the
kernels run the next language's, and the last language's while this process writes its reviewer pages and
workbook. WeasyPrint is Python through and through: in this process it would hold the interpreter lock
that the event loop driving the kernels needs (every cell waits on it), and the last PDF would leave the
second core idle. So the render writes them in a process pool (`pdf_pool`: two processes, for two cores),
started once the kernels are ready (they import WeasyPrint while the first notebooks run) and run below the
kernels' priority: a PDF takes the time the kernels leave, then the whole machine once they are done. The
bytes are the same as written here.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
PDF_VARIANT = "pdf/ua-1"
# How much lower the PDF processes run than the kernels (os.nice).
NICENESS = 10


def write_pdf(html: str, target: Path, date: dt.date | None = None, wanted=None) -> float:
    """The reader's document on A4 (WeasyPrint: no browser, no LaTeX), the same bytes for the same `date`;
    returns the seconds it took. With `wanted`, the file is written only if `wanted()` still says so once
    the PDF is made (a PDF process whose render was killed writes nothing).

    The fonts embedded are subsets made by fontTools, which stamps the time of the subsetting into each
    (the `head` table) unless SOURCE_DATE_EPOCH says which time to write: the report's date.
    """
    from weasyprint import HTML

    from figures.render.pdftags import complete_tags

    start = time.perf_counter()
    day = date or dt.date.today()
    epoch = str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp()))
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        # Tagged PDF/UA-1: a structure tree, the document's language and title, for screen readers.
        data = HTML(string=html, base_url=str(TEMPLATES)).write_pdf(pdf_variant=PDF_VARIANT)
        # What WeasyPrint's tags leave out (artifacts, header scopes, figures): completed in memory.
        data = complete_tags(data)
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    if wanted is None or wanted():
        Path(target).write_bytes(data)
    return time.perf_counter() - start


def pdf_processes(languages: int) -> int:
    """How many PDF processes a render of `languages` languages starts: one per language and core, two at
    most (the last PDF is written while the render writes the reviewer's pages)."""
    return max(1, min(2, languages, os.cpu_count() or 1))


def pdf_pool(processes: int) -> ProcessPoolExecutor:
    """`processes` processes that write PDFs (`write_in_pool`); each, as it starts, imports WeasyPrint, lowers
    its priority and leaves Ctrl-C to the render (`_start_process`). They are forked (the render starts them
    before any thread of its own: figures.render.run), which needs no helper process of multiprocessing (a
    spawned pool's resource tracker would outlive the render) and no second import of the render's modules."""
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_process, initargs=(os.getpid(),))


# prctl(2)'s option: the signal the kernel sends this process when its parent dies.
PR_SET_PDEATHSIG = 1


def _die_with(render: int) -> None:
    """Stop when the render's process ends, whatever ends it. A render stopped by kill -9 cannot shut its pool,
    and a waiting pool process, which holds the pool's pipe open itself, would wait forever (found by the
    kill -9 tests: two pool processes left an hour later). On Linux the kernel kills this process when its
    parent dies (prctl PR_SET_PDEATHSIG); a render already gone before that is noticed by its pid."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):       # not Linux: the pool is shut by the render on every other way out
        pass
    if os.getppid() != render:
        os.kill(os.getpid(), signal.SIGKILL)     # as the kernel would have, had the render died a moment later


def _start_process(render: int) -> None:
    _die_with(render)
    # Ctrl-C is the render's to handle (it cancels, and waits for the PDF being written); the terminal sends
    # it to this process too.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Below the kernels: while they run, a PDF takes the time they leave; after them, it has the machine.
    os.nice(NICENESS)
    import weasyprint  # noqa: F401  # imported now, while the notebooks run, not when the first PDF is due
    import figures.render.pdftags  # noqa: F401  # and pikepdf with it


def started() -> None:
    """Nothing: a job that makes the pool start a process (which then imports WeasyPrint)."""


def write_in_pool(html: str, target: str, date: dt.date | None) -> float:
    """`write_pdf` in a PDF process: a process whose render was killed (its parent gone) writes nothing."""
    parent = multiprocessing.parent_process()
    return write_pdf(html, Path(target), date, wanted=lambda: parent is None or parent.is_alive())
