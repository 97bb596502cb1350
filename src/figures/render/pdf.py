"""The reader's PDF: WeasyPrint, in this process or in a process of its own.

A render of several languages writes each language's PDF as soon as its notebooks have run, while the
kernels run the next language's, and the last language's while this process writes its reviewer pages and
workbook. WeasyPrint is Python through and through: in a thread of this process it would hold the
interpreter lock that the threads driving the kernels need (every cell waits on them), and the last PDF
would leave the second core idle. So `PdfWriter` writes them in processes of their own (two, for two
cores), started once the kernels are ready (they import WeasyPrint while the first notebooks run) and run
below the kernels' priority: a PDF takes the time the kernels leave, then the whole machine once they are
done. The bytes are the same as written here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import signal
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
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


class PdfWriter:
    """Writes PDFs in `processes` processes of their own (each one PDF at a time), or with 0 in the calling
    thread."""

    def __init__(self, processes: int = 1):
        self.processes: list[subprocess.Popen] = []
        self.count = processes
        self.idle: queue.Queue = queue.Queue()
        self.sender = ThreadPoolExecutor(max_workers=processes) if processes else None

    def __enter__(self) -> "PdfWriter":
        return self

    def start(self) -> None:
        """Start the processes (each imports WeasyPrint meanwhile), if not yet started."""
        while len(self.processes) < self.count:
            # This module run with `-m`: nothing of the caller's main module runs again there (as it would
            # with multiprocessing).
            process = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE)
            self.processes.append(process)
            self.idle.put(process)

    def submit(self, html: str, target: Path, date: dt.date | None = None) -> Future:
        """Start writing `target`; the future's result() is the seconds it took (or raises what failed)."""
        if self.sender is not None:
            self.start()
            return self.sender.submit(self._remote, html, target, date)
        done = Future()
        try:
            done.set_result(write_pdf(html, target, date))
        except Exception as error:
            done.set_exception(error)
        return done

    def _remote(self, html: str, target: Path, date: dt.date | None) -> float:
        job = {"html": html, "target": str(target), "date": date.isoformat() if date else None}
        process = self.idle.get()
        try:
            process.stdin.write(json.dumps(job).encode("utf-8") + b"\n")
            process.stdin.flush()
            answer = process.stdout.readline()
        except OSError:
            answer = b""
        finally:
            self.idle.put(process)
        if not answer:
            raise RuntimeError(f"the PDF process stopped before writing {target}")
        answer = json.loads(answer)
        if "error" in answer:
            raise RuntimeError(f"{target}: {answer['error']}")
        return answer["seconds"]

    def __exit__(self, *exc) -> None:
        if self.sender is not None:
            self.sender.shutdown(wait=True, cancel_futures=True)
        # Every job has been answered (its PDF written and closed): the processes have nothing left to do, and
        # are stopped rather than left to tear their interpreter down (0.15 s at the end of every render).
        for process in self.processes:
            process.kill()
        for process in self.processes:
            process.wait()
            process.stdin.close()
            process.stdout.close()


def serve(requests=None, answers=None) -> None:
    """The PDF process: one job a line on stdin (JSON: html, target, date), one answer a line on stdout
    (the seconds it took, or the error), until stdin closes."""
    # Ctrl-C is the render's to handle (it stops and discards what is not complete); the terminal sends it
    # to this process too, which finishes the PDF it is writing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Below the kernels: while they run, a PDF takes the time they leave; after them, it has the machine.
    os.nice(NICENESS)
    import weasyprint  # noqa: F401  # imported now, while the kernels start, not when the first PDF is due
    import figures.render.pdftags  # noqa: F401  # and pikepdf with it

    requests = requests or sys.stdin.buffer
    answers = answers or sys.stdout.buffer
    render = os.getppid()           # a render killed with kill -9 leaves this process to another parent

    def wanted() -> bool:
        return os.getppid() == render

    for line in requests:
        job = json.loads(line)
        try:
            date = dt.date.fromisoformat(job["date"]) if job["date"] else None
            answer = {"seconds": write_pdf(job["html"], Path(job["target"]), date, wanted)}
        except Exception as error:      # said to the render, which stops that language
            answer = {"error": f"{type(error).__name__}: {error}"}
        answers.write(json.dumps(answer).encode("utf-8") + b"\n")
        answers.flush()


if __name__ == "__main__":
    serve()
