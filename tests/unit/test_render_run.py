"""The render's own steps (render/run.py) with a stand-in kernel: all or nothing per language.

The real kernel, papermill and WeasyPrint run in the notebook layer (tests/notebooks); here a stub
kernel writes or fails notebooks instantly, so the bookkeeping around them is checked quickly: the
staging folder, the failed copy kept for the reviewer, the previous report left untouched, the
message naming the notebook and the cell, and the manifest's reconciliation record.
"""

from __future__ import annotations

from concurrent.futures import Future

import threading
import time

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from tqdm import tqdm

from figures.i18n import text
from figures.pipeline import Reconciliation
from figures.render import run
from figures.render.execute import NotebookFailed


class StubKernel:
    """Writes each executed notebook at once; raises NotebookFailed for `failing` (in `failing_lang`, or any)."""

    def __init__(self, failing: str | None = None, failing_lang: str | None = None, seconds: float = 0):
        self.failing = failing
        self.failing_lang = failing_lang
        self.seconds = seconds                  # how long a notebook takes (0: at once)
        self.ran: list[tuple[str, dict]] = []

    def execute(self, notebook, output, parameters, timeout=None, summary=None):
        self.ran.append((notebook.name, parameters))
        time.sleep(self.seconds)
        nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), output)
        if notebook.name == self.failing and self.failing_lang in (None, parameters["lang"]):
            raise NotebookFailed(notebook, "3 (In [2])", "ZeroDivisionError: division by zero")


class StubPool:
    def __init__(self, *kernels):
        self.kernels = list(kernels)
        self.interrupted = False

    def interrupt(self):
        self.interrupted = True

    def release(self, kernel):
        kernel.released = True


class StubWriter:
    """Records what would be written (the reviewer's pages), as done at once."""

    def __init__(self):
        self.submitted: list[tuple[str, tuple]] = []

    def submit(self, function, *args):
        self.submitted.append((function.__name__, args))
        done = Future()
        done.set_result(None)
        return done


def _notebooks(tmp_path, names=("01_staff", "02_training")):
    folder = tmp_path / "notebooks"
    folder.mkdir(exist_ok=True)
    for name in names:
        nbformat.write(new_notebook(), folder / f"{name}.ipynb")
    return folder


def _execute_all(tmp_path, kernels, reports, langs=("nl",), names=("01_staff", "02_training"), writer=None):
    """Execute `langs` on the stub kernels; returns the languages finished (their jobs), in order."""
    notebooks = run.chapter_notebooks(_notebooks(tmp_path, names))
    finished = []
    with tqdm(disable=True) as bar:
        run._execute_languages(2025, list(langs), StubPool(*kernels), notebooks, {"year": 2025}, reports,
                               run.Timer(), bar, "en", 600, writer or StubWriter(), finished.append)
    return finished


def _execute(tmp_path, kernel, reports):
    (job,) = _execute_all(tmp_path, [kernel], reports)
    return job


def test_chapter_notebooks_in_order_and_only_numbered_ones(tmp_path):
    folder = _notebooks(tmp_path, ("03_meetings", "01_staff", "scratch"))
    assert [p.name for p in run.chapter_notebooks(folder)] == ["01_staff.ipynb", "03_meetings.ipynb"]


def test_no_chapter_notebooks_is_a_render_error_naming_the_folder(tmp_path):
    with pytest.raises(run.RenderError, match=str(tmp_path)):
        run.chapter_notebooks(tmp_path)


def test_a_language_is_executed_into_a_stage_beside_its_report(tmp_path):
    kernel, reports = StubKernel(), tmp_path / "reports"
    job = _execute(tmp_path, kernel, reports)
    assert [name for name, _ in kernel.ran] == ["01_staff.ipynb", "02_training.ipynb"]
    assert all(parameters == {"year": 2025, "lang": "nl"} for _, parameters in kernel.ran)
    assert job.stage.parent == reports / "2025" and job.stage.name.startswith(".nl.new-")
    assert [p.name for p in job.executed] == ["01_staff.ipynb", "02_training.ipynb"]
    assert not job.final.exists()                       # swapped in only once its documents are written
    assert set(job.timer.seconds) == {"notebook 01_staff", "notebook 02_training"}
    job.publication.abort()


def test_a_failed_notebook_keeps_its_copy_and_the_previous_report(tmp_path):
    reports = tmp_path / "reports"
    previous = reports / "2025" / "nl"
    previous.mkdir(parents=True)
    (previous / "figures-2025-nl.pdf").write_bytes(b"%PDF- the previous report")
    with pytest.raises(run.RenderError) as raised:
        _execute(tmp_path, StubKernel(failing="02_training.ipynb"), reports)
    message = str(raised.value)
    kept = reports / "2025" / "nl-failed" / "notebooks" / "02_training.ipynb"
    for part in ("02_training.ipynb", "3 (In [2])", "ZeroDivisionError: division by zero", str(kept), str(previous)):
        assert part in message, part
    assert kept.is_file()
    assert (previous / "figures-2025-nl.pdf").read_bytes() == b"%PDF- the previous report"
    assert sorted(p.name for p in (reports / "2025").iterdir()) == ["nl", "nl-failed"]     # no stage left


def test_a_later_good_render_removes_the_failed_copy(tmp_path):
    reports = tmp_path / "reports"
    (reports / "2025" / "nl-failed" / "notebooks").mkdir(parents=True)
    job = _execute(tmp_path, StubKernel(), reports)
    assert not (reports / "2025" / "nl-failed").exists()
    job.publication.abort()


def test_writing_a_language_that_fails_leaves_no_stage(tmp_path):
    class Broken:
        def labels(self, lang):
            raise RuntimeError("a label function failed")

    job = _execute(tmp_path, StubKernel(), tmp_path / "reports")
    with pytest.raises(RuntimeError), tqdm(disable=True) as bar:
        run._write_language(job, Broken(), None, bar)
    assert not job.stage.exists() and not job.final.exists()


def test_the_manifest_records_the_reconciliation_or_its_absence(tmp_path):
    assert run._reconciliation_record(None, "nl") == {
        "status": "none", "note": text("manifest.no_published", "nl")}
    result = pd.DataFrame([
        {"table": "age_bands", "row": "52-65", "column": "percent", "published": 49, "computed": 39,
         "status": "erratum", "note": {"nl": "afgerond 39 %", "en": "rounded 39 %"}},
        {"table": "training", "row": "", "column": "training_days", "published": 395, "computed": 395,
         "status": "match", "note": {}}])
    record = run._reconciliation_record(Reconciliation(tmp_path / "2025.yaml", result), "en")
    assert record["status"] == "ok" and record["counts"] == {"erratum": 1, "match": 1}
    assert record["errata"] == [{"table": "age_bands", "row": "52-65", "column": "percent", "published": "49",
                                 "computed": "39", "status": "erratum", "note": "rounded 39 %"}]
    assert record["differences"] == []
    result.loc[1, ["computed", "status"]] = [394, "difference"]
    record = run._reconciliation_record(Reconciliation(tmp_path / "2025.yaml", result), "en")
    assert record["status"] == "failed" and len(record["differences"]) == 1


def test_timer_adds_up_the_time_of_a_step():
    timer = run.Timer()
    with timer.step("pdf"):
        pass
    with timer.step("pdf"):
        pass
    assert set(timer.seconds) == {"pdf"} and timer.seconds["pdf"] >= 0


# ---------------------------------------------------------------- kernels side by side

def test_two_kernels_share_out_the_notebooks_and_each_language_is_finished_once_complete(tmp_path):
    names = ("01_staff", "02_training", "03_meetings")
    # Each notebook takes 0.2 s: while one kernel runs one, the other takes the next.
    first, second, writer = StubKernel(seconds=0.2), StubKernel(seconds=0.2), StubWriter()
    jobs = _execute_all(tmp_path, [first, second], tmp_path / "reports", ("nl", "fr"), names, writer)
    ran = sorted((p["lang"], name) for name, p in first.ran + second.ran)
    # Shared out: neither kernel ran all six (nor none), each ran at least two.
    assert len(first.ran) >= 2 and len(second.ran) >= 2, (first.ran, second.ran)
    # Every notebook of every language ran once, on one kernel or the other.
    assert ran == sorted((lang, f"{n}.ipynb") for lang in ("nl", "fr") for n in names)
    assert [job.lang for job in jobs] == ["nl", "fr"] or [job.lang for job in jobs] == ["fr", "nl"]
    for job in jobs:
        # In the notebooks' order, whichever kernel finished first; a reviewer's page for each.
        assert [p.name for p in job.executed] == [f"{n}.ipynb" for n in names]
        assert list(job.timer.seconds) == [f"notebook {n}" for n in names]
        job.publication.abort()
    pages = [args[1].name for name, args in writer.submitted if name == "_reviewer_page"]
    assert sorted(pages) == sorted(f"{n}.ipynb" for n in names for _ in range(2))


def test_a_failure_in_the_second_language_keeps_the_first_and_discards_the_second(tmp_path):
    reports = tmp_path / "reports"
    finished = []
    notebooks = run.chapter_notebooks(_notebooks(tmp_path))
    kernel = StubKernel(failing="02_training.ipynb", failing_lang="fr")
    with pytest.raises(run.RenderError) as raised, tqdm(disable=True) as bar:
        run._execute_languages(2025, ["nl", "fr"], StubPool(kernel), notebooks, {"year": 2025}, reports,
                               run.Timer(), bar, "en", 600, StubWriter(), finished.append)
    assert "02_training.ipynb" in str(raised.value)
    (nl,) = finished                                      # nl ran completely: handed on to be written
    assert nl.lang == "nl" and nl.stage.is_dir()
    assert (reports / "2025" / "fr-failed" / "notebooks" / "02_training.ipynb").is_file()
    assert not any(p.name.startswith(".fr.new-") for p in (reports / "2025").iterdir())     # fr's stage gone
    nl.publication.abort()


def test_after_a_failure_no_further_notebook_is_started(tmp_path):
    kernel = StubKernel(failing="01_staff.ipynb")
    with pytest.raises(run.RenderError):
        _execute_all(tmp_path, [kernel], tmp_path / "reports", ("nl", "fr"))
    assert [name for name, _ in kernel.ran] == ["01_staff.ipynb"]


def test_ctrl_c_interrupts_the_kernels_and_keeps_no_stage(tmp_path, monkeypatch):
    reports = tmp_path / "reports"

    class Interrupted(StubKernel):
        def execute(self, notebook, output, parameters, timeout=None, summary=None):
            super().execute(notebook, output, parameters, timeout)
            raise NotebookFailed(notebook, "1 (In [1])", "KeyboardInterrupt")

    join, pressed = threading.Thread.join, []

    def ctrl_c(self, timeout=None):               # the main thread waits: Ctrl-C arrives there, once
        if not pressed:
            pressed.append(True)
            raise KeyboardInterrupt
        return join(self, timeout)

    monkeypatch.setattr(threading.Thread, "join", ctrl_c, raising=True)
    pool = StubPool(Interrupted())
    notebooks = run.chapter_notebooks(_notebooks(tmp_path))
    with pytest.raises(KeyboardInterrupt), tqdm(disable=True) as bar:
        run._execute_languages(2025, ["nl"], pool, notebooks, {"year": 2025}, reports, run.Timer(), bar, "en",
                               600, StubWriter(), lambda job: None)
    monkeypatch.undo()
    assert pool.interrupted
    assert not (reports / "2025" / "nl-failed").exists()          # an interruption is not a failed notebook
    assert list((reports / "2025").iterdir()) == []               # no stage left


def test_within_a_language_the_notebooks_that_draw_most_charts_run_first(tmp_path):
    folder = _notebooks(tmp_path, ("01_staff", "02_training", "03_trends"))
    nbformat.write(new_notebook(cells=[new_code_cell('report.chart("a")\nreport.chart("b")')]),
                   folder / "03_trends.ipynb")
    nbformat.write(new_notebook(cells=[new_code_cell('report.chart("c")')]), folder / "02_training.ipynb")
    kernel, finished = StubKernel(), []
    with tqdm(disable=True) as bar:
        run._execute_languages(2025, ["nl", "fr"], StubPool(kernel), run.chapter_notebooks(folder), {"year": 2025},
                               tmp_path / "reports", run.Timer(), bar, "en", 600, StubWriter(), finished.append)
    order = [(p["lang"], name) for name, p in kernel.ran]
    assert order == [(lang, f"{n}.ipynb") for lang in ("nl", "fr") for n in ("03_trends", "02_training", "01_staff")]
    for job in finished:        # the report keeps the notebooks' order
        assert [p.name for p in job.executed] == ["01_staff.ipynb", "02_training.ipynb", "03_trends.ipynb"]
        job.publication.abort()


def test_the_reviewer_pages_wait_until_the_kernels_are_done(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    gate, ran = threading.Event(), []
    with ThreadPoolExecutor(max_workers=1) as executor:
        page = run._Gated(executor, gate).submit(ran.append, "page")
        assert not page.done() and ran == []                   # still waiting
        gate.set()
        page.result(timeout=5)
    assert ran == ["page"]


@pytest.mark.parametrize("failing", [None, "02_training.ipynb"])
def test_on_idle_is_called_once_the_kernels_are_done_whatever_the_outcome(tmp_path, failing):
    idle = []
    notebooks = run.chapter_notebooks(_notebooks(tmp_path))
    kernel = StubKernel(failing=failing)
    with tqdm(disable=True) as bar:
        try:
            run._execute_languages(2025, ["nl"], StubPool(kernel), notebooks, {"year": 2025}, tmp_path / "reports",
                                   run.Timer(), bar, "en", 600, StubWriter(), lambda job: job.publication.abort(),
                                   on_idle=lambda: idle.append(len(kernel.ran)))
        except run.RenderError:
            assert failing
    assert idle == [2]                                         # once, after the last notebook that ran


def test_ctrl_c_while_the_kernels_threads_are_being_started(tmp_path, monkeypatch):
    start, started = threading.Thread.start, []

    def start_once(self):                           # the first kernel's thread starts, then Ctrl-C
        if started:
            raise KeyboardInterrupt
        started.append(self)
        start(self)

    monkeypatch.setattr(threading.Thread, "start", start_once)
    notebooks = run.chapter_notebooks(_notebooks(tmp_path))
    pool = StubPool(StubKernel(), StubKernel())
    with pytest.raises(KeyboardInterrupt), tqdm(disable=True) as bar:
        run._execute_languages(2025, ["nl"], pool, notebooks, {"year": 2025}, tmp_path / "reports", run.Timer(), bar,
                               "en", 600, StubWriter(), lambda job: job.publication.abort())
    monkeypatch.undo()
    assert pool.interrupted
    assert not (tmp_path / "reports" / "2025").exists() or not any((tmp_path / "reports" / "2025").iterdir())


def test_a_language_that_cannot_be_handed_on_is_discarded_and_its_error_raised(tmp_path):
    def broken_finish(job):
        raise OSError("disk full")

    notebooks = run.chapter_notebooks(_notebooks(tmp_path))
    with pytest.raises(OSError, match="disk full"), tqdm(disable=True) as bar:
        run._execute_languages(2025, ["nl"], StubPool(StubKernel()), notebooks, {"year": 2025}, tmp_path / "reports",
                               run.Timer(), bar, "en", 600, StubWriter(), broken_finish)
    assert list((tmp_path / "reports" / "2025").iterdir()) == []        # no stage left


def test_a_pdf_no_longer_wanted_is_not_written(tmp_path):
    # A PDF process whose render was killed makes the PDF and writes nothing into the stage it had.
    from figures.render.pdf import write_pdf

    page = "<html lang='en'><head><title>t</title></head><body><p>figures</p></body></html>"
    write_pdf(page, tmp_path / "kept.pdf", wanted=lambda: True)
    write_pdf(page, tmp_path / "dropped.pdf", wanted=lambda: False)
    assert (tmp_path / "kept.pdf").read_bytes().startswith(b"%PDF-")
    assert not (tmp_path / "dropped.pdf").exists()


def test_a_language_that_fails_while_its_reviewer_pages_are_written_waits_for_them_before_removing_its_stage(
        tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    class Broken:
        def labels(self, lang):
            raise RuntimeError("a label function failed")

    job = _execute(tmp_path, StubKernel(), tmp_path / "reports")
    written = []

    def late_page():                                   # a page still being written when the language fails
        time.sleep(0.3)
        (job.stage / "notebooks" / "late.html").write_text("page", encoding="utf-8")
        written.append(True)

    with ThreadPoolExecutor(max_workers=1) as pages:
        job.reviewer = [pages.submit(late_page)]
        with pytest.raises(RuntimeError), tqdm(disable=True) as bar:
            run._write_language(job, Broken(), None, bar)
    assert written == [True]
    assert not job.stage.exists() and not job.final.exists()       # nothing left behind
