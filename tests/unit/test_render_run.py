"""The render's own steps (render/run.py) with a stand-in kernel: all or nothing per language.

The real kernel, nbclient and WeasyPrint run in the notebook layer (tests/notebooks); here a stub
kernel writes or fails notebooks at once (or after a pause, on the event loop), so the bookkeeping around
them is checked quickly: the staging folder, the failed copy kept for the reviewer, the previous report left
untouched, the message naming the notebook and the cell, the kernels stopped, Ctrl-C.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import time
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from figures.i18n import text
from figures.pipeline import Reconciliation
from figures.render import run, write
from figures.render.execute import NotebookFailed


class StubKernel:
    """Writes each executed notebook at once; raises NotebookFailed for `failing` (in `failing_lang`, or any)."""

    def __init__(self, failing: str | None = None, failing_lang: str | None = None, seconds: float = 0):
        self.failing = failing
        self.failing_lang = failing_lang
        self.seconds = seconds                  # how long a notebook takes (0: at once)
        self.ran: list[tuple[str, dict]] = []
        self.stopped = False

    async def execute(self, notebook, output, parameters, timeout=None, summary=None):
        self.ran.append((notebook.name, parameters))
        await asyncio.sleep(self.seconds)
        nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), output)
        if notebook.name == self.failing and self.failing_lang in (None, parameters["lang"]):
            raise NotebookFailed(notebook, "3 (In [2])", "ZeroDivisionError: division by zero")

    async def stop(self):
        self.stopped = True


def _notebooks(tmp_path, names=("01_staff", "02_training")):
    folder = tmp_path / "notebooks"
    folder.mkdir(exist_ok=True)
    for name in names:
        nbformat.write(new_notebook(), folder / f"{name}.ipynb")
    return folder


def _plan(tmp_path, reports, langs=("nl",), names=("01_staff", "02_training"), folder=None, charts=None):
    folder = folder or _notebooks(tmp_path, names)
    items = [run.WorkItem(name, folder / f"{name}.ipynb", f"{name}.ipynb", charts=(charts or {}).get(name, 0))
             for name in names]
    plan = run.Plan(2025, list(langs), items, dt.date(2026, 12, 1), "en", 600, None, folder, {}, False)
    plan.folders = SimpleNamespace(reports=reports)
    plan.parameters = {"year": 2025}
    return plan


def _execute_all(tmp_path, kernels, reports, langs=("nl",), names=("01_staff", "02_training"), folder=None,
                 complete=None, charts=None):
    """Execute `langs` on the stub kernels; returns the languages finished (their jobs), in order."""
    plan = _plan(tmp_path, reports, langs, names, folder, charts)
    finished, jobs = [], {}
    try:
        asyncio.run(run.execute_languages(plan, kernels, jobs, complete or finished.append))
    except BaseException:
        for job in jobs.values():
            job.publication.abort()     # as the render does with every language not published
        raise
    return finished


def _execute(tmp_path, kernel, reports):
    (job,) = _execute_all(tmp_path, [kernel], reports)
    return job


def test_the_work_items_are_the_chapters_notebooks_in_report_order(tmp_path):
    # The template runs every chapter without a notebook of its own, under the chapter's place and name.
    folder = _notebooks(tmp_path, ("chapter", "trends", "scratch"))
    items = run.chapter_notebooks(folder)
    assert [i.name for i in items][:3] == ["01_staff.ipynb", "02_training.ipynb", "03_meetings.ipynb"]
    assert items[0].source == folder / "chapter.ipynb" and items[0].parameters == {"chapter": "staff"}
    assert items[-1].source == folder / "trends.ipynb" and items[-1].parameters == {}
    assert "scratch.ipynb" not in {i.source.name for i in items}


def test_no_chapter_notebooks_is_a_render_error_naming_the_folder(tmp_path):
    with pytest.raises(run.RenderError, match=str(tmp_path)) as raised:
        run.chapter_notebooks(tmp_path, "fr")
    assert str(raised.value) == text("render.missing_notebooks", "fr", folder=tmp_path)


def test_a_language_is_executed_into_a_stage_beside_its_report(tmp_path):
    kernel, reports = StubKernel(), tmp_path / "reports"
    job = _execute(tmp_path, kernel, reports)
    assert [name for name, _ in kernel.ran] == ["01_staff.ipynb", "02_training.ipynb"]
    assert all(parameters == {"year": 2025, "lang": "nl"} for _, parameters in kernel.ran)
    assert job.stage.parent == reports / "2025" and job.stage.name.startswith(".nl.new-")
    assert [p.name for p in job.executed] == ["01_staff.ipynb", "02_training.ipynb"]
    assert not job.final.exists()                       # swapped in only once its documents are written
    assert set(job.timer.seconds) == {"notebook 01_staff", "notebook 02_training"}
    assert kernel.stopped                               # its worker stopped it, with nothing more to run
    job.publication.abort()


def test_a_work_item_runs_its_source_under_its_own_name_with_its_own_parameters(tmp_path):
    # One template notebook run as two chapters (issue 19): the executed copy is named after the item.
    folder = _notebooks(tmp_path, ("01_staff",))
    plan = _plan(tmp_path, tmp_path / "reports", folder=folder)
    template = folder / "01_staff.ipynb"
    plan.items = [run.WorkItem("staff", template, "01_staff.ipynb", {"chapter": "staff"}),
                  run.WorkItem("training", template, "02_training.ipynb", {"chapter": "training"})]
    kernel, finished = StubKernel(), []
    asyncio.run(run.execute_languages(plan, [kernel], {}, finished.append))
    assert [p["chapter"] for _, p in kernel.ran] == ["staff", "training"]
    (job,) = finished
    assert [p.name for p in job.executed] == ["01_staff.ipynb", "02_training.ipynb"]
    assert job.parameters == {"year": 2025, "lang": "nl"}          # the manifest's: the render's parameters
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


def test_the_manifest_records_the_reconciliation_or_its_absence(tmp_path):
    assert write._reconciliation_record(None, "nl") == {
        "status": "none", "note": text("manifest.no_published", "nl")}
    result = pd.DataFrame([
        {"table": "age_bands", "row": "52-65", "column": "percent", "published": 49, "computed": 39,
         "status": "erratum", "note": {"nl": "afgerond 39 %", "en": "rounded 39 %"}},
        {"table": "training", "row": "", "column": "training_days", "published": 395, "computed": 395,
         "status": "match", "note": {}}])
    record = write._reconciliation_record(Reconciliation(tmp_path / "2025.yaml", result), "en")
    assert record["status"] == "ok" and record["counts"] == {"erratum": 1, "match": 1}
    assert record["errata"] == [{"table": "age_bands", "row": "52-65", "column": "percent", "published": "49",
                                 "computed": "39", "status": "erratum", "note": "rounded 39 %"}]
    assert record["differences"] == []
    result.loc[1, ["computed", "status"]] = [394, "difference"]
    record = write._reconciliation_record(Reconciliation(tmp_path / "2025.yaml", result), "en")
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
    first, second = StubKernel(seconds=0.2), StubKernel(seconds=0.2)
    jobs = _execute_all(tmp_path, [first, second], tmp_path / "reports", ("nl", "fr"), names)
    ran = sorted((p["lang"], name) for name, p in first.ran + second.ran)
    # Shared out: each kernel ran three of the six (side by side, in 0.6 s, not 1.2 s one after the other).
    assert len(first.ran) == 3 and len(second.ran) == 3, (first.ran, second.ran)
    # Every notebook of every language ran once, on one kernel or the other.
    assert ran == sorted((lang, f"{n}.ipynb") for lang in ("nl", "fr") for n in names)
    assert [job.lang for job in jobs] == ["nl", "fr"]
    for job in jobs:
        # In the notebooks' order, whichever kernel finished first.
        assert [p.name for p in job.executed] == [f"{n}.ipynb" for n in names]
        assert list(job.timer.seconds) == [f"notebook {n}" for n in names]
        job.publication.abort()


def test_a_failure_in_the_second_language_keeps_the_first_and_discards_the_second(tmp_path):
    reports = tmp_path / "reports"
    kernel, finished = StubKernel(failing="02_training.ipynb", failing_lang="fr"), []
    with pytest.raises(run.RenderError) as raised:
        _execute_all(tmp_path, [kernel], reports, ("nl", "fr"), complete=finished.append)
    assert "02_training.ipynb" in str(raised.value)
    (nl,) = finished                                      # nl ran completely: handed on to be written
    assert nl.lang == "nl"
    assert (reports / "2025" / "fr-failed" / "notebooks" / "02_training.ipynb").is_file()


def test_after_a_failure_no_further_notebook_is_started_and_the_other_kernel_is_stopped(tmp_path):
    failing, other = StubKernel(failing="01_staff.ipynb"), StubKernel(seconds=5)
    start = time.perf_counter()
    with pytest.raises(run.RenderError):
        _execute_all(tmp_path, [failing, other], tmp_path / "reports", ("nl", "fr"))
    assert [name for name, _ in failing.ran] == ["01_staff.ipynb"]
    assert len(other.ran) == 1 and other.stopped         # cancelled in its first notebook, its kernel stopped
    assert time.perf_counter() - start < 4                # not waited for


def _render_interrupted(tmp_path, kernels, reports):
    """The execution and publication of nl as the render runs them (run._run: Ctrl-C cancels), with stub
    documents."""
    plan = _plan(tmp_path, reports)
    stub_write = SimpleNamespace(documents=lambda job, plan, pdfs: asyncio.sleep(0),
                                 reviewer_pages=lambda jobs, plan: None, finish=lambda job, plan: [])
    return run._run(run._execute_and_publish(plan, kernels, None, stub_write))


@pytest.mark.parametrize("delay", [0, 0.2])
def test_ctrl_c_interrupts_the_kernels_and_keeps_no_stage(tmp_path, delay):
    # Ctrl-C while a notebook runs; with `delay`, the kernel's worker gets to it 0.2 s late (issue 19: the
    # threads' version failed every time its worker was delayed so).
    reports = tmp_path / "reports"

    class Interrupted(StubKernel):
        async def execute(self, notebook, output, parameters, timeout=None, summary=None):
            await asyncio.sleep(delay)
            self.ran.append((notebook.name, parameters))
            signal.raise_signal(signal.SIGINT)            # Ctrl-C, while the notebook runs
            await asyncio.sleep(30)

    kernels = [Interrupted(), Interrupted()]
    previous = signal.getsignal(signal.SIGINT)
    start = time.perf_counter()
    try:
        with pytest.raises(KeyboardInterrupt):
            _render_interrupted(tmp_path, kernels, reports)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN      # a second Ctrl-C: ignored while cleaning up
    finally:
        signal.signal(signal.SIGINT, previous)
    assert time.perf_counter() - start < 10
    assert all(kernel.stopped for kernel in kernels)
    assert not (reports / "2025" / "nl-failed").exists()          # an interruption is not a failed notebook
    assert list((reports / "2025").iterdir()) == []               # no stage left


def test_within_a_language_the_notebooks_that_draw_most_charts_run_first(tmp_path):
    names = ("01_staff", "02_training", "03_trends")
    kernel = StubKernel()
    finished = _execute_all(tmp_path, [kernel], tmp_path / "reports", ("nl", "fr"), names=names,
                            charts={"03_trends": 2, "02_training": 1})
    order = [(p["lang"], name) for name, p in kernel.ran]
    assert order == [(lang, f"{n}.ipynb") for lang in ("nl", "fr") for n in ("03_trends", "02_training", "01_staff")]
    for job in finished:        # the report keeps the notebooks' order
        assert [p.name for p in job.executed] == ["01_staff.ipynb", "02_training.ipynb", "03_trends.ipynb"]
        job.publication.abort()


def test_a_language_that_cannot_be_handed_on_is_discarded_and_its_error_raised(tmp_path):
    def broken_finish(job):
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        _execute_all(tmp_path, [StubKernel()], tmp_path / "reports", complete=broken_finish)
    assert list((tmp_path / "reports" / "2025").iterdir()) == []        # no stage left


def test_a_language_whose_documents_fail_waits_for_the_work_under_way_and_leaves_no_stage(tmp_path):
    reports, written = tmp_path / "reports", []
    plan = _plan(tmp_path, reports)

    async def documents(job, plan, pdfs):
        def late_page():                               # a thread still writing when the language fails
            time.sleep(0.3)
            (job.stage / "notebooks" / "late.html").write_text("page", encoding="utf-8")
            written.append(True)

        async with asyncio.TaskGroup() as both:
            both.create_task(run._in_thread(late_page))
            await asyncio.sleep(0.05)                  # the thread is writing
            raise RuntimeError("a label function failed")

    stub_write = SimpleNamespace(documents=documents, reviewer_pages=lambda jobs, plan: None,
                                 finish=lambda job, plan: [])
    with pytest.raises(RuntimeError, match="a label function failed"):
        run._run(run._execute_and_publish(plan, [StubKernel()], None, stub_write))
    assert written == [True]
    assert list((reports / "2025").iterdir()) == []                     # nothing left behind


def test_a_pdf_no_longer_wanted_is_not_written(tmp_path):
    # A PDF process whose render was killed makes the PDF and writes nothing into the stage it had.
    from figures.render.pdf import write_pdf

    page = "<html lang='en'><head><title>t</title></head><body><p>figures</p></body></html>"
    write_pdf(page, tmp_path / "kept.pdf", wanted=lambda: True)
    write_pdf(page, tmp_path / "dropped.pdf", wanted=lambda: False)
    assert (tmp_path / "kept.pdf").read_bytes().startswith(b"%PDF-")
    assert not (tmp_path / "dropped.pdf").exists()
