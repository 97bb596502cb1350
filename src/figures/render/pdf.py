"""The reader's PDF: WeasyPrint, in this process or in a process of its own.

A render of several languages writes each language's PDF while the kernels still run the next language's
notebooks, and the last language's while this process writes its reviewer pages and workbook. WeasyPrint
is Python through and through: in a thread of this process it would hold the interpreter lock that the
threads driving the kernels need (every cell waits on them), and the last PDF would leave the second core
idle. So `PdfWriter` writes them in one process of its own, started at the beginning of the render (it
imports WeasyPrint while the kernels start); the bytes are the same as written here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"
PDF_VARIANT = "pdf/ua-1"


def write_pdf(html: str, target: Path, date: dt.date | None = None) -> float:
    """The reader's document on A4 (WeasyPrint: no browser, no LaTeX), the same bytes for the same `date`;
    returns the seconds it took.

    The fonts embedded are subsets made by fontTools, which stamps the time of the subsetting into each
    (the `head` table) unless SOURCE_DATE_EPOCH says which time to write: the report's date.
    """
    from weasyprint import HTML

    start = time.perf_counter()
    day = date or dt.date.today()
    epoch = str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp()))
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        # Tagged PDF/UA-1: a structure tree, the document's language and title, for screen readers.
        HTML(string=html, base_url=str(TEMPLATES)).write_pdf(str(target), pdf_variant=PDF_VARIANT)
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return time.perf_counter() - start


class PdfWriter:
    """Writes PDFs one after the other, in a process of its own (`separate`) or in the calling thread."""

    def __init__(self, separate: bool = True):
        self.separate = separate
        self.process = None
        self.sender = ThreadPoolExecutor(max_workers=1) if separate else None

    def __enter__(self) -> "PdfWriter":
        if self.separate:
            # Started now: it imports WeasyPrint while the kernels start. Its own module, run with `-m`, so
            # that nothing of the caller's main module runs again there (as multiprocessing would).
            self.process = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE)
        return self

    def submit(self, html: str, target: Path, date: dt.date | None = None) -> Future:
        """Start writing `target`; the future's result() is the seconds it took (or raises what failed)."""
        if self.separate:
            return self.sender.submit(self._remote, html, target, date)
        done = Future()
        try:
            done.set_result(write_pdf(html, target, date))
        except Exception as error:
            done.set_exception(error)
        return done

    def _remote(self, html: str, target: Path, date: dt.date | None) -> float:
        job = {"html": html, "target": str(target), "date": date.isoformat() if date else None}
        try:
            self.process.stdin.write(json.dumps(job).encode("utf-8") + b"\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        except OSError:
            answer = b""
        if not answer:
            raise RuntimeError(f"the PDF process stopped before writing {target}")
        answer = json.loads(answer)
        if "error" in answer:
            raise RuntimeError(f"{target}: {answer['error']}")
        return answer["seconds"]

    def __exit__(self, *exc) -> None:
        if self.separate:
            self.sender.shutdown(wait=True, cancel_futures=True)
            if self.process is not None:
                try:
                    self.process.stdin.close()          # the process ends when it has nothing more to write
                except OSError:
                    pass
                try:
                    self.process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
                self.process.stdout.close()


def serve(requests=None, answers=None) -> None:
    """The PDF process: one job a line on stdin (JSON: html, target, date), one answer a line on stdout
    (the seconds it took, or the error), until stdin closes."""
    # Ctrl-C is the render's to handle (it stops and discards what is not complete); the terminal sends it
    # to this process too, which finishes the PDF it is writing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import weasyprint  # noqa: F401  # imported now, while the kernels start, not when the first PDF is due

    requests = requests or sys.stdin.buffer
    answers = answers or sys.stdout.buffer
    for line in requests:
        job = json.loads(line)
        try:
            date = dt.date.fromisoformat(job["date"]) if job["date"] else None
            answer = {"seconds": write_pdf(job["html"], Path(job["target"]), date)}
        except Exception as error:      # said to the render, which stops that language
            answer = {"error": f"{type(error).__name__}: {error}"}
        answers.write(json.dumps(answer).encode("utf-8") + b"\n")
        answers.flush()


if __name__ == "__main__":
    serve()
