"""`figures render`: one year, one or more languages, every output, all or nothing per language.

The whole render is one coroutine on one event loop (`render_year` runs it; `_render` reads as its flow):
the kernels start (each in its own process, getting ready while this one imports, validates and computes),
the pipeline prepares the year (validate, refusing bad data; compute the tables, history and swings, and
write them) and reconciles it with the published figures when they exist; then N workers, one per kernel,
take the notebooks to run from one queue, in a task group: the first failure, or Ctrl-C, cancels the rest
by the structure itself. A language whose notebooks have all run has its documents written at once (reader's
HTML and Excel in threads, its PDF in a process of its own: figures.render.pdf) while the kernels run the
next; the reviewer's pages are a plain step after the kernels; then each language's manifest, and its
folder, built in a temporary folder, replaces reports/<year>/<lang>/. `render_year` returns what was made
(`Rendered`), which the command prints without reading any file back.

Only light modules are imported here: the kernels start before pandas and the rest are imported.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import signal
import threading
import time
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from figures import editions, paths, safe_files
from figures.atomic import Publication, foreign_files, locked
from figures.chapter_notebooks import ChapterNotebook, MissingNotebook, plan
from figures.i18n import DEFAULT_LANG, check_complete, text
from figures.render import manifest
from figures.render.execute import CELL_TIMEOUT, NotebookFailed
from figures.render.kernels import Kernel, default_kernels
from figures.render.pdf import pdf_pool, pdf_processes, started

__all__ = ["RenderError", "Rendered", "WorkItem", "render_year"]


class RenderError(Exception):
    """The render stopped; the message says why and what was kept."""


@dataclass
class Rendered:
    """What a render made: the report folder of each language, and what the command says about it."""

    year: int
    folders: dict[str, Path]
    warnings: list
    label_fallbacks: dict[str, list[str]]
    reconciliation: object | None


@dataclass
class Timer:
    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str):
        start = time.perf_counter()
        yield
        self.seconds[name] = round(self.seconds.get(name, 0) + time.perf_counter() - start, 3)


# One notebook to run in every language: a chapter's notebook (its `source`, run with its `parameters` beside
# the render's, written as `name`; the heaviest, by `charts`, handed out first).
WorkItem = ChapterNotebook


def chapter_notebooks(notebooks_dir: Path, message_lang: str = DEFAULT_LANG) -> list[WorkItem]:
    """The work items of a render: the notebook of each chapter, in report order (figures.chapter_notebooks:
    its own, or the template with the chapter as parameter). A folder without them is a RenderError."""
    try:
        return plan(notebooks_dir, message_lang)        # imports the chapters (and pandas)
    except MissingNotebook as error:
        raise RenderError(str(error)) from None


def render_year(year: int, langs: list[str], raw_dir: Path = paths.RAW_DIR,
                processed_dir: Path = paths.PROCESSED_DIR, reports_dir: Path = paths.REPORTS_DIR,
                notebooks_dir: Path = paths.NOTEBOOKS_DIR, progress: bool | None = None,
                message_lang: str = DEFAULT_LANG, published_dir: Path = paths.PUBLISHED_DIR,
                cell_timeout: float = CELL_TIMEOUT, date: dt.date | None = None,
                keys: dict[str, dict] | None = None, kernels: int | None = None,
                editions_dir: Path = paths.EDITIONS_DIR) -> Rendered:
    """Render `year` in every language of `langs`; raises InvalidData (nothing written) or RenderError, and
    KeyboardInterrupt for Ctrl-C (once everything is stopped and nothing of a language not complete is left).

    `date` is the date the report states (default today): given the same inputs, code and date, every
    output but the manifest's timings is the same to the byte, whichever kernel ran which notebook. `keys`
    are the render keys of the languages (figures.render.key), computed here when not given; each manifest
    records its language's. `kernels` is how many notebooks run side by side (default: one per core, two
    at most)."""
    for lang in langs:
        check_complete(lang)  # a report is never rendered half in another language
    notebooks_dir = Path(notebooks_dir).absolute()
    plan = Plan(year, list(langs), None, date or dt.date.today(), message_lang, cell_timeout, keys, notebooks_dir,
                dict(raw=raw_dir, processed=processed_dir, published=published_dir, reports=reports_dir,
                     editions=editions_dir), progress)
    return _run(_render(plan, kernels or default_kernels()))


@dataclass
class Plan:
    """What a render is asked to make, and what it learns on the way (the folders, the year prepared)."""

    year: int
    langs: list[str]
    items: list[WorkItem] | None      # the notebooks to run (known once the chapters are imported)
    date: dt.date
    message_lang: str
    cell_timeout: float
    keys: dict | None
    notebooks_dir: Path
    folder_args: dict
    progress: bool | None
    timer: Timer = field(default_factory=Timer)
    folders: object = None
    prepared: object = None
    reconciliation: object = None
    parameters: dict = field(default_factory=dict)
    summaries: dict = field(default_factory=dict)
    sign_offs: dict = field(default_factory=dict)
    bar: object = None


async def _render(plan: Plan, kernel_count: int) -> Rendered:
    """The whole render: validate -> compute (history, swings, written) -> reconcile -> execute -> documents
    -> publish."""
    timer = plan.timer
    async with AsyncExitStack() as stack:
        kernels = [await stack.enter_async_context(Kernel(plan.notebooks_dir)) for _ in range(kernel_count)]
        from figures.render import write   # pandas and the rest, imported while the kernels start

        if plan.items is None:
            plan.items = chapter_notebooks(plan.notebooks_dir, plan.message_lang)
        write.check_folders(plan)
        with timer.step("validate"):
            validation = write.validate(plan)
        with timer.step("compute"):
            write.prepare(plan, validation)
        with timer.step("reconcile"):
            write.reconcile(plan)
        with timer.step("kernel start"):
            async with asyncio.TaskGroup() as warm_up:
                for kernel in kernels:
                    warm_up.create_task(kernel.ready())
        bar = stack.enter_context(write.progress_bar(plan))
        pdfs = stack.enter_context(pdf_pool(pdf_processes(len(plan.langs))))
        for _ in range(pdf_processes(len(plan.langs))):
            pdfs.submit(started)        # the PDF processes start now, importing WeasyPrint while notebooks run
        plan.bar = bar
        jobs = await _execute_and_publish(plan, kernels, pdfs, write)
    return Rendered(plan.year, {lang: job.final for lang, job in jobs.items()}, plan.prepared.warnings,
                    {lang: job.fallbacks for lang, job in jobs.items()}, plan.reconciliation)


async def _execute_and_publish(plan: Plan, kernels: list, pdfs, write) -> dict[str, "LanguageJob"]:
    """Execute every notebook of every language; write each language's documents as soon as its notebooks
    have all run; once the kernels are done, the reviewer's pages; then publish each language complete. A
    language not complete (a notebook failed, Ctrl-C) is discarded, the others published."""
    jobs: dict[str, LanguageJob] = {}
    handed_on: list[LanguageJob] = []
    failure = None
    try:
        async with asyncio.TaskGroup() as documents:
            def complete(job: LanguageJob) -> None:
                handed_on.append(job)
                documents.create_task(write.documents(job, plan, pdfs))

            try:
                await execute_languages(plan, kernels, jobs, complete)
            except RenderError as error:     # a notebook failed: the languages already complete go on
                failure = error
            await _in_thread(write.reviewer_pages, handed_on, plan)
        for job in handed_on:
            job.fallbacks = write.finish(job, plan)
            job.publication.commit()
            job.published = True
    except BaseExceptionGroup as group:     # a language's documents failed: the first error, as raised
        raise _first(group) from None
    finally:
        for job in jobs.values():
            if not job.published:
                job.publication.abort()
    if failure is not None:
        raise failure
    return {job.lang: job for job in handed_on}


def _first(group: BaseExceptionGroup) -> BaseException:
    error = group.exceptions[0]
    return _first(error) if isinstance(error, BaseExceptionGroup) else error


async def _in_thread(function, *args):
    """`function(*args)` in a thread of the loop's executor; cancelled, it waits until the thread is done
    (which cannot be stopped, and may be writing into a folder about to be removed), then raises."""
    return await finished(asyncio.get_running_loop().run_in_executor(None, function, *args))


async def finished(future: asyncio.Future):
    """Await work done in a thread or a process; cancelled, wait until that work is done, then raise."""
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        await asyncio.wait([future])
        raise


# What a report folder holds: the files the render writes there (it replaces only such a folder).
REPORT_FILES = ("manifest.json", manifest.WARNINGS_FILE)
REPORT_SUFFIXES = (".html", ".pdf", ".xlsx")


def owns_report(relative: Path) -> bool:
    parts = relative.parts
    if len(parts) == 1:
        return parts[0] in REPORT_FILES or (parts[0].startswith("figures-") and relative.suffix in REPORT_SUFFIXES) \
            or parts[0] == editions.SIGNATURES_FILE
    return len(parts) == 2 and ((parts[0] == "notebooks" and relative.suffix in (".ipynb", ".html"))
                                or (parts[0] == editions.TABLES_DIR and relative.suffix == ".csv"))


def owns_failed(relative: Path) -> bool:
    """What a `<lang>-failed` folder holds: the executed notebook that failed."""
    return len(relative.parts) == 2 and relative.parts[0] == "notebooks" and relative.suffix == ".ipynb"


@dataclass
class LanguageJob:
    """One language between execution and publication: its publication (staged folder), executed notebooks."""

    year: int
    lang: str
    publication: Publication
    executed: list[Path | None]
    timer: Timer
    parameters: dict
    summary: str | None = None                  # the first cell of its reviewer notebooks
    sign_off: object = None                     # said at the top of its reviewer notebooks (figures.editions)
    pdf_seconds: float = 0.0                    # the seconds WeasyPrint took
    fallbacks: list[str] = field(default_factory=list)   # the data labels that fell back to Dutch
    published: bool = False

    @property
    def final(self) -> Path:
        return self.publication.final

    @property
    def stage(self) -> Path:
        return self.publication.stage


def schedule(langs: list[str], items: list[WorkItem]) -> list[tuple[str, int, WorkItem]]:
    """The order the notebooks are handed out in, to whichever kernel is free: every notebook of a language
    before the next language's (each language is written as soon as its last has run), within a language
    those that draw the most charts first (so that the kernels finish together, on short ones)."""
    order = sorted(range(len(items)), key=lambda i: -items[i].charts)      # stable: ties in order
    return [(lang, index, items[index]) for lang in langs for index in order]


class _Failed(Exception):
    """A notebook failed: in which language, at which place of the report, where its executed copy is."""

    def __init__(self, lang: str, index: int, item: WorkItem, output: Path, error: NotebookFailed):
        super().__init__(str(error))
        self.lang, self.index, self.item, self.output, self.error = lang, index, item, output, error


async def execute_languages(plan: Plan, kernels: list, jobs: dict, complete) -> None:
    """Run every work item of every language on `kernels`, one worker per kernel taking the next item from one
    queue; `jobs` gets each language's job as its first notebook starts, `complete(job)` is called as soon as
    a language's notebooks have all run. Each worker stops its kernel once it has nothing more to run. The
    first failure cancels the other workers (a task group); a notebook that failed is kept in
    `<lang>-failed/` and RenderError raised."""
    queue: asyncio.Queue = asyncio.Queue()
    for entry in schedule(plan.langs, plan.items):
        queue.put_nowait(entry)
    try:
        async with asyncio.TaskGroup() as workers:
            for kernel in kernels:
                workers.create_task(_work(kernel, queue, plan, jobs, complete))
    except BaseExceptionGroup as group:
        errors = _leaves(group)
        others = [e for e in errors if not isinstance(e, _Failed)]
        if others:
            raise others[0] from None
        failed = min(errors, key=lambda f: (plan.langs.index(f.lang), f.index))   # first in the report's order
        raise _failure(plan, failed) from None


def _leaves(group: BaseExceptionGroup) -> list[BaseException]:
    return [leaf for e in group.exceptions for leaf in (_leaves(e) if isinstance(e, BaseExceptionGroup) else [e])]


async def _work(kernel, queue: asyncio.Queue, plan: Plan, jobs: dict, complete) -> None:
    """One kernel's worker: the next notebook from `queue` until there is none."""
    try:
        while not queue.empty():
            lang, index, item = queue.get_nowait()
            job = jobs.get(lang) or jobs.setdefault(lang, _job(plan, lang))
            output = job.stage / "notebooks" / item.name
            if plan.bar is not None:
                plan.bar.set_description(f"{plan.year} {lang} · {text('render.step_notebook', lang, name=item.stem)}")
            with job.timer.step(f"notebook {item.stem}"):
                try:
                    await kernel.execute(item.source, output, dict(job.parameters, **item.parameters),
                                         plan.cell_timeout, job.summary)
                except NotebookFailed as error:
                    raise _Failed(lang, index, item, output, error) from None
            job.executed[index] = output
            if plan.bar is not None:
                plan.bar.update(1)
            if all(job.executed):
                _remove_failed(paths.report_dir(plan.year, lang, plan.folders.reports).parent / f"{lang}-failed")
                complete(job)
    finally:
        await kernel.stop()         # nothing more for it to run (or stopped): its process goes now


def _job(plan: Plan, lang: str) -> LanguageJob:
    final = paths.report_dir(plan.year, lang, plan.folders.reports)
    # The timings list the notebooks in their order, whichever finished first.
    seconds = dict(plan.timer.seconds, **{f"notebook {item.stem}": 0.0 for item in plan.items})
    job = LanguageJob(plan.year, lang, Publication(final, owns_report), [None] * len(plan.items), Timer(seconds),
                      dict(plan.parameters, lang=lang), plan.summaries.get(lang), plan.sign_offs.get(lang))
    (job.stage / "notebooks").mkdir()
    return job


def _failure(plan: Plan, failed: _Failed) -> RenderError:
    """The message of a notebook that failed, its executed copy kept for the reviewer."""
    from figures.problems import Message

    lang, error = failed.lang, failed.error
    final = paths.report_dir(plan.year, lang, plan.folders.reports)
    kept = _keep_failed(failed.output, final.parent / f"{lang}-failed", failed.item.name)
    key = "render.failed" if final.exists() else "render.failed_first"
    message = error.error.render(plan.message_lang) if isinstance(error.error, Message) else error.error
    return RenderError(text(key, plan.message_lang, notebook=failed.item.name, cell=error.cell, error=message,
                            kept=kept, folder=final))


def _remove_failed(failed_dir: Path) -> None:
    """Remove the copy an earlier failed render kept, if it holds only what the render keeps there."""
    with locked(failed_dir.parent):
        if failed_dir.is_dir() and not foreign_files(failed_dir, owns_failed):
            shutil.rmtree(failed_dir, ignore_errors=True)


def _keep_failed(output: Path, failed_dir: Path, name: str) -> Path:
    """Keep the executed notebook that failed in `<lang>-failed/notebooks/`, for the reviewer."""
    _remove_failed(failed_dir)
    (failed_dir / "notebooks").mkdir(parents=True, exist_ok=True)
    kept = failed_dir / "notebooks" / name
    if output.exists():
        shutil.copy2(output, kept)
    return kept


def _run(main):
    """Run the coroutine `main` on a new event loop; Ctrl-C cancels it (the kernels stopped, the PDF being
    written waited for, the staged folders removed, by the async context managers and `finally`s on the way
    out), then raises KeyboardInterrupt. A second Ctrl-C while it cleans up is ignored."""
    async def cancellable():
        task, loop = asyncio.current_task(), asyncio.get_running_loop()

        def ctrl_c(signum, frame):
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            loop.call_soon_threadsafe(task.cancel)

        own = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, ctrl_c) if own else None
        try:
            return await main
        finally:
            if own and signal.getsignal(signal.SIGINT) is ctrl_c:
                signal.signal(signal.SIGINT, previous)

    try:
        return asyncio.run(cancellable())
    except asyncio.CancelledError:
        raise KeyboardInterrupt from None
