"""`figures render`: one year, one or more languages, every output, all or nothing per language.

Order of work: the pipeline prepares the year (validate, refusing bad data;
compute the tables and write them) and reconciles it once with the published
figures when they exist; then per language: execute the chapter notebooks
(one warm kernel for all; they show the tables just written), write the
reviewer's HTML of each, the reader's HTML, PDF and Excel, and the manifest.
Each language is built in a temporary folder that replaces
reports/<year>/<lang>/ only when complete. `render_year` returns what was
made (`Rendered`), which the command prints without reading any file back.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from figures import corrections, disclosure, editions, paths, pipeline, provenance, safe_files
from figures.atomic import ForeignFiles, Publication, foreign_files, locked, naming
from figures.compute import json_list, owns_processed
from figures.notebook import review_summary
from figures.problems import questions_figure
from figures.i18n import DEFAULT_LANG, Translator, check_complete, text
from figures.pipeline import Folders, InvalidData, Prepared, Reconciliation
from figures.problems import Message, Problem
from figures.render import document, excel, manifest
from figures.render import key as render_key
from figures.render.execute import CELL_TIMEOUT, NotebookFailed
from figures.render.kernels import KernelPool, default_kernels
from figures.render.pdf import PdfWriter, pdf_processes

__all__ = ["InvalidData", "RenderError", "Rendered", "render_year"]


class RenderError(Exception):
    """The render stopped; the message says why and what was kept."""


@dataclass
class Rendered:
    """What a render made: the report folder of each language, and what the command says about it."""

    year: int
    folders: dict[str, Path]
    warnings: list[Problem]
    label_fallbacks: dict[str, list[str]]
    reconciliation: Reconciliation | None


@dataclass
class Timer:
    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str):
        start = time.perf_counter()
        yield
        self.seconds[name] = round(self.seconds.get(name, 0) + time.perf_counter() - start, 3)


def chapter_notebooks(notebooks_dir: Path, message_lang: str = DEFAULT_LANG) -> list[Path]:
    """The numbered chapter notebooks (`NN_name.ipynb`), in order."""
    found = sorted(p for p in Path(notebooks_dir).glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise RenderError(text("render.missing_notebooks", message_lang, folder=notebooks_dir))
    for notebook in found:          # a pipe or a device by a notebook's name would hang the render
        safe_files.check_regular(notebook, safe_files.MAX_TEXT_BYTES)
    return found


def _reconciliation_record(reconciliation: Reconciliation | None, lang: str) -> dict:
    t = Translator(lang)
    if reconciliation is None:
        return {"status": "none", "note": t("manifest.no_published")}
    return reconciliation.record(lang, t("manifest.reconciliation_ok" if reconciliation.ok
                                         else "manifest.reconciliation_failed"))


def render_year(year: int, langs: list[str], raw_dir: Path = paths.RAW_DIR,
                processed_dir: Path = paths.PROCESSED_DIR, reports_dir: Path = paths.REPORTS_DIR,
                notebooks_dir: Path = paths.NOTEBOOKS_DIR, progress: bool | None = None,
                message_lang: str = DEFAULT_LANG, published_dir: Path = paths.PUBLISHED_DIR,
                cell_timeout: float = CELL_TIMEOUT, date: dt.date | None = None,
                keys: dict[str, dict] | None = None, kernels: int | None = None,
                pool: KernelPool | None = None, editions_dir: Path = paths.EDITIONS_DIR) -> Rendered:
    """Render `year` in every language of `langs`; raises InvalidData (nothing written) or RenderError.

    `date` is the date the report states (default today): given the same inputs, code and date, every
    output but the manifest's timings is the same to the byte, whichever kernel ran which notebook. `keys`
    are the render keys of the languages (figures.render.key), computed here when not given; each manifest
    records its language's. `kernels` is how many notebooks run side by side (default: one per core, two
    at most), in a pool of kernels started here unless one already started is given (`pool`)."""
    timer = Timer()
    date = date or dt.date.today()
    for lang in langs:
        check_complete(lang)  # a report is never rendered half in another language
    # Absolute once, here: papermill changes the working folder while a notebook runs.
    folders = Folders(raw=raw_dir, processed=processed_dir, published=published_dir, reports=reports_dir,
                      editions=editions_dir)
    folders.check_apart("raw", "processed", "reports")
    reports_dir, notebooks_dir = folders.reports, Path(notebooks_dir).absolute()
    # Every folder the render would replace is checked before anything is written.
    for final, owns in [(Path(folders.processed) / str(year), owns_processed)] + \
            [(paths.report_dir(year, lang, reports_dir), owns_report) for lang in langs]:
        foreign = foreign_files(final, owns)
        if foreign:
            raise ForeignFiles(final, foreign)
    notebooks = chapter_notebooks(notebooks_dir, message_lang)
    if keys is None:
        keys = render_key.keys(year, langs, date, folders.raw, folders.processed, folders.published, notebooks_dir,
                               folders.reference, folders.editions)
    # The kernels start (each in its own process) while this one validates and computes; `figures render`
    # starts them sooner, before its imports, and gives them as `pool`.
    with nullcontext(pool) if pool is not None else KernelPool(notebooks_dir, kernels or default_kernels()) as pool, \
            PdfWriter(pdf_processes(len(langs))) as pdfs:
        with timer.step("validate"):
            validation = pipeline.validate(year, folders)
        if not validation.ok:
            raise InvalidData(validation)
        with timer.step("compute"):
            prepared = pipeline.prepare(year, folders, validation)
        # Every output comes from this one reading, whose workbooks must be those of the key the manifest records.
        changed = render_key.changed_while_read(keys[langs[0]], year, prepared.hashes, prepared.earlier_inputs)
        if changed:
            raise RenderError(text("harden.changed_while_read", message_lang, files=", ".join(changed)))
        _proven(prepared, message_lang)     # the attack found every hidden cell protected, or nothing is written
        with timer.step("reconcile"):
            reconciliation = pipeline.reconcile(prepared, folders)
        # What each language's reviewer notebooks say at their top: the sign-off state, and the figures changed
        # since the last signed render (figures.editions).
        sign_offs = {lang: editions.SignOff.of(year, lang, reports_dir, prepared.tables) for lang in langs}
        # `inputs`: the notebooks show the tables computed from the workbooks read here, never a later reading.
        parameters = {"year": year, "raw_dir": paths.portable(folders.raw),
                      "processed_dir": paths.portable(folders.processed),
                      "inputs": pipeline.inputs_digest(prepared.hashes)}
        with timer.step("kernel start"):
            pool.warm_up()
        pdfs.start()        # now: starting earlier would take time from the kernels
        steps = len(langs) * (len(notebooks) + 4)
        # Two threads of this process write the documents of each language whose notebooks have all run (two
        # languages at a time, each waiting on its PDF, written in processes of their own: figures.render.pdf),
        # and a third the reviewer's page of each notebook executed, once the kernels are done.
        with tqdm(total=steps, unit="step", disable=None if progress is None else not progress) as bar, \
                ThreadPoolExecutor(max_workers=1) as writer, ThreadPoolExecutor(max_workers=2) as documents:
            pending = {}
            # The reviewer's pages wait for the kernels to be done: written meanwhile, they held the interpreter
            # lock that the threads driving the kernels need (0.7 s more for nl and fr, measured); after, they
            # take the time the last language's PDF leaves.
            kernels_done = threading.Event()
            pages = _Gated(writer, kernels_done)

            def finish(job: LanguageJob) -> None:
                job.date, job.raw_dir, job.key, job.pdfs = date, folders.raw, keys[job.lang], pdfs
                job.reference_dir = folders.reference
                pending[job.lang] = documents.submit(_write_language, job, prepared, reconciliation, bar)

            # The first cell of each reviewer's notebook: the figures validation questions (never in the reader's
            # documents, which show only the code cells' outputs).
            summaries = {lang: review_summary(prepared.warnings, year, lang) for lang in langs}
            try:
                _execute_languages(year, langs, pool, notebooks, parameters, reports_dir, timer, bar, message_lang,
                                   cell_timeout, pages, finish, kernels_done.set, summaries, sign_offs)
            finally:
                kernels_done.set()
                # Languages already executed are finished and swapped in, even if another one failed.
                wait(pending.values())
    done = {lang: future.result() for lang, future in pending.items()}
    return Rendered(year, {lang: folder for lang, (folder, _) in done.items()}, prepared.warnings,
                    {lang: fallbacks for lang, (_, fallbacks) in done.items()}, reconciliation)


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
    """One language between execution and writing: its publication (staged folder) and executed notebooks."""

    year: int
    lang: str
    publication: Publication
    executed: list[Path]
    timer: Timer
    parameters: dict
    date: dt.date | None = None         # the date the report states
    raw_dir: Path | None = None         # where the year's workbooks are
    reference_dir: Path = paths.REFERENCE_DIR   # where each year's provenance is declared
    key: dict | None = None             # the render key (figures.render.key)
    pdfs: PdfWriter | None = None       # where its PDF is written (else in the writing thread)
    reviewer: list = field(default_factory=list)    # the reviewer's pages being written (futures)
    pdf: Future | None = None           # its PDF being written
    handed_on: bool = False             # all its notebooks ran and its documents are being written
    sign_off: editions.SignOff | None = None    # said at the top of its reviewer notebooks

    def discard(self) -> None:
        """Remove the staged folder, once nothing writes into it any more (its reviewer's pages, its PDF)."""
        wait([*self.reviewer, *([self.pdf] if self.pdf is not None else [])])
        self.publication.abort()

    @property
    def final(self) -> Path:
        return self.publication.final

    @property
    def stage(self) -> Path:
        return self.publication.stage


def _charts_drawn(notebook: Path) -> int:
    """How many charts a notebook draws (its code's `chart(` calls): charts are most of a notebook's time."""
    return Path(notebook).read_text(encoding="utf-8").count("chart(")


class _Schedule:
    """The notebooks to run, handed out one at a time to whichever kernel is free: every notebook of a language
    before the next language's (each language is written as soon as its last has run), within a language
    those that draw the most charts first (so that the kernels finish together, on short ones); stopped at
    the first failure or at Ctrl-C."""

    def __init__(self, langs: list[str], notebooks: list[Path]):
        cost = {notebook: _charts_drawn(notebook) for notebook in notebooks}
        order = sorted(range(len(notebooks)), key=lambda i: -cost[notebooks[i]])      # stable: ties in order
        self.items = [(lang, index, notebooks[index]) for lang in langs for index in order]
        self.languages = list(langs)
        self.next_item = 0
        self.lock = threading.Lock()
        self.failures: list[tuple[str, int, Path, Path | None, BaseException]] = []   # lang, index, notebook, ...
        self.cancelled = False

    def take(self):
        """The next (lang, index, notebook) to run, or None when done or stopped."""
        with self.lock:
            if self.failures or self.cancelled or self.next_item >= len(self.items):
                return None
            self.next_item += 1
            return self.items[self.next_item - 1]

    def fail(self, lang: str, index: int, notebook: Path, output: Path, error: BaseException) -> None:
        with self.lock:
            self.failures.append((lang, index, notebook, output, error))

    def first_failure(self):
        """Of the notebooks that failed (two kernels may fail at once), the first in the report's order."""
        return min(self.failures, key=lambda f: (self.languages.index(f[0]), f[1])) if self.failures else None


def _execute_languages(year, langs, pool: KernelPool, notebooks, parameters, reports_dir, timer, bar,
                       message_lang: str, cell_timeout: float, writer, finish, on_idle=None,
                       summaries: dict[str, str] | None = None, sign_offs: dict | None = None) -> None:
    """Execute every chapter notebook of every language into each language's staged folder, the kernels of
    `pool` side by side, each taking the next notebook when it is free, the language's `summaries` (the
    reviewer's summary) its first cell. Each executed notebook's reviewer
    page is written by `writer` (an executor); each language whose notebooks have all run is handed to
    `finish`, at once; `on_idle` is called once the kernels are done, whatever the outcome. A notebook that
    fails stops the handing out; once the kernels are idle, the languages not complete are discarded, the
    failed notebook kept in `<lang>-failed/`, and RenderError raised."""
    schedule = _Schedule(langs, notebooks)
    jobs: dict[str, LanguageJob] = {}
    guard = threading.Lock()

    def job_of(lang: str) -> LanguageJob:
        with guard:
            if lang not in jobs:
                final = paths.report_dir(year, lang, reports_dir)
                # The timings list the notebooks in their order, whichever finished first.
                seconds = dict(timer.seconds, **{f"notebook {n.stem}": 0.0 for n in notebooks})
                job = LanguageJob(year, lang, Publication(final, owns_report), [None] * len(notebooks),
                                  Timer(seconds), dict(parameters, lang=lang))
                (job.stage / "notebooks").mkdir()
                job.sign_off = (sign_offs or {}).get(lang)
                jobs[lang] = job
            return jobs[lang]

    def work(kernel) -> None:
        try:
            run_notebooks(kernel)
        finally:
            pool.release(kernel)

    def run_notebooks(kernel) -> None:
        while (item := schedule.take()) is not None:
            lang, index, notebook = item
            output = None
            try:
                job = job_of(lang)
                output = job.stage / "notebooks" / notebook.name
                bar.set_description(f"{year} {lang} · {text('render.step_notebook', lang, name=notebook.stem)}")
                with job.timer.step(f"notebook {notebook.stem}"):
                    kernel.execute(notebook, output, job.parameters, cell_timeout, (summaries or {}).get(lang))
            except BaseException as error:
                schedule.fail(lang, index, notebook, output, error)
                return
            with guard:
                job.executed[index] = output
                job.reviewer.append(writer.submit(_reviewer_page, job, output))
                complete = all(job.executed)
            bar.update(1)
            if complete:
                try:
                    _remove_failed(paths.report_dir(year, lang, reports_dir).parent / f"{lang}-failed")
                    finish(job)
                    job.handed_on = True
                except BaseException as error:      # raised in the main thread, once the kernels are idle
                    schedule.fail(lang, index, notebook, None, error)
                    return

    threads = [threading.Thread(target=work, args=(kernel,), name=f"figures-kernel-{n}", daemon=True)
               for n, kernel in enumerate(pool.kernels)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    except BaseException:
        # Ctrl-C (or this thread stopped otherwise): nothing more is started, the cells running are interrupted,
        # and nothing of a language not complete is kept.
        schedule.cancelled = True
        pool.interrupt()
        for thread in threads:
            if thread.ident is not None:            # started (Ctrl-C may come while they are being started)
                thread.join(timeout=30)
        if on_idle:
            on_idle()
        _discard_not_handed_on(jobs)
        raise
    if on_idle:
        on_idle()
    failure = schedule.first_failure()
    if failure is None:
        return
    lang, _, notebook, output, error = failure
    if not isinstance(error, NotebookFailed):
        _discard_not_handed_on(jobs)
        raise error
    final = paths.report_dir(year, lang, reports_dir)
    kept = _keep_failed(output, final.parent / f"{lang}-failed", notebook.name)
    _discard_not_handed_on(jobs)
    key = "render.failed" if final.exists() else "render.failed_first"
    message = error.error.render(message_lang) if isinstance(error.error, Message) else error.error
    raise RenderError(text(key, message_lang, notebook=notebook.name, cell=error.cell, error=message, kept=kept,
                           folder=final)) from None


class _Gated:
    """An executor whose jobs start once `gate` is set."""

    def __init__(self, executor, gate: threading.Event):
        self.executor = executor
        self.gate = gate

    def submit(self, function, *args):
        return self.executor.submit(_when_open, self.gate, function, *args)


def _when_open(gate: threading.Event, function, *args):
    gate.wait()
    return function(*args)


def _discard_not_handed_on(jobs: dict[str, "LanguageJob"]) -> None:
    """Discard every language not handed on to be written (its notebooks did not all run, or handing it on
    failed); the main thread does it once the kernels are idle, when its reviewer pages can be waited for."""
    for job in jobs.values():
        if not job.handed_on:
            job.discard()


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


def _proven(prepared: Prepared, lang: str) -> None:
    """Stop the render when the attack (figures.attack) narrows a hidden cell more than its policy allows."""
    proof = (prepared.protection.proof if prepared.protection is not None else None) or {"ok": True}
    if proof.get("ok", True):
        return
    failed = [c for c in proof["cells"] if not c["ok"]]
    raise RenderError(text("disclosure.render_failed", lang, count=len(failed),
                           cells=", ".join(f"{c['table']} {c['row']} {c['column']} ({c['year']})" for c in failed)))


def _write_language(job: LanguageJob, prepared: Prepared, reconciliation, bar) -> tuple[Path, list[str]]:
    """Write the reviewer's, reader's HTML, PDF, Excel and manifest of one language; swap it in.
    Returns the report folder and the data labels that fell back to Dutch."""
    try:
        fallbacks = _write_documents(job, prepared, reconciliation, bar)
    except BaseException:
        job.discard()       # Ctrl-C can stop the PDF processes while its pages are still being written
        raise
    return job.publication.commit(), fallbacks


def _provenance(job: LanguageJob, prepared: Prepared) -> dict[int, str]:
    """Where the figures of every year the report shows come from (sample data, published, workbooks)."""
    return provenance.of_years(prepared.years or [job.year], prepared.history, job.reference_dir)


def _workbook_info(job: LanguageJob, prepared: Prepared, reconciliation: Reconciliation | None) -> list:
    """The workbook's info sheet: the colophon (where the figures come from, the date, the checks) and the
    corrections of the printed report, in the reader's words."""
    year, lang = job.year, job.lang
    kinds = _provenance(job, prepared)
    fixes = [c.sentence for c in corrections.corrections(prepared, reconciliation, lang, year)]
    summary = None if reconciliation is None else reconciliation.summary()
    return excel.about(year, lang, job.date or dt.date.today(),
                       [text("report.source", lang, year=year)] + document.provenance_lines(lang, kinds),
                       document.checked(year, lang, summary), fixes)


def _reviewer_page(job: LanguageJob, executed: Path) -> None:
    """The reviewer's HTML of one executed notebook, beside it (the sign-off state at its top)."""
    with job.timer.step("reviewer html"), naming(job.final / "notebooks" / executed.with_suffix(".html").name):
        if job.sign_off is not None:
            job.sign_off.annotate(executed)
        executed.with_suffix(".html").write_text(document.reviewer_html(executed), encoding="utf-8")


def _write_documents(job: LanguageJob, prepared: Prepared, reconciliation, bar) -> list[str]:
    year, lang, stage, timer = job.year, job.lang, job.stage, job.timer
    t = Translator(lang)
    labels, fallbacks = prepared.labels(lang)
    final = job.final
    stem = f"figures-{year}-{lang}"
    bar.set_description(f"{year} {lang} · {t('render.step_html')}")
    with timer.step("reader html"):
        kinds = _provenance(job, prepared)
        fixes = corrections.corrections(prepared, reconciliation, lang, year)
        html = document.reader_html(job.executed, year, lang, today=job.date, kinds=kinds,
                                    corrections=[c.sentence for c in fixes],
                                    summary=None if reconciliation is None else reconciliation.summary())
        with naming(final / f"{stem}.html"):
            (stage / f"{stem}.html").write_text(html, encoding="utf-8")
    bar.update(1)
    # The PDF is written (elsewhere) while this thread writes the workbook.
    pdfs = job.pdfs or PdfWriter(0)
    job.pdf = pdfs.submit(html, stage / f"{stem}.pdf", job.date)
    bar.set_description(f"{year} {lang} · {t('render.step_excel')}")
    with timer.step("excel"):
        with naming(final / f"{stem}.xlsx"):
            readers = {name: prepared.reader_table(name, lang, labels[name]).tables for name in prepared.tables}
            if len(prepared.years) >= 2:            # the trends of every year (the reader's table shows the last)
                from figures.chapters import trends

                readers["trends"] = trends.trends_table(trends.indicators(prepared.history), lang, recent=None).tables
            # Under each reader sheet's table, what the reader sees under it in the HTML and the PDF.
            notes = {name: [n for n in [disclosure.reader_note(readers[name], name, lang),
                                        provenance.table_notice(prepared, name, lang, kinds)] if n]
                     + [c.sentence for c in fixes if c.table == name] for name in prepared.tables}
            # The analysts' sheets as they may leave the service: hidden cells empty (figures.disclosure).
            published = {name: prepared.published(name) for name in prepared.tables}
            excel.write_workbook(published, readers, year, lang, stage / f"{stem}.xlsx", job.date,
                                 _workbook_info(job, prepared, reconciliation), labels=labels, notes=notes)
    bar.update(1)
    bar.set_description(f"{year} {lang} · {t('render.step_pdf')}")
    with naming(final / f"{stem}.pdf"):
        timer.seconds["pdf"] = round(job.pdf.result(), 3)  # the seconds WeasyPrint took
    bar.update(1)
    for page in job.reviewer:
        page.result()                                       # written meanwhile, by the other thread; errors raise
    # The figure tables the report shows, as computed (what `figures diff` and the next year read of it).
    editions.write_tables(prepared.tables, stage / editions.TABLES_DIR)
    described = [(p, p.as_dict(lang)) for p in prepared.warnings]
    warnings = [d for _, d in described]
    # The warnings that question a figure (a swing) apart from the routine ones; the file lists them all.
    questioned = [d for p, d in described if questions_figure(p)]
    routine = [(p, d) for p, d in described if not questions_figure(p)]
    with naming(final / manifest.WARNINGS_FILE):
        (stage / manifest.WARNINGS_FILE).write_text(json_list(warnings), encoding="utf-8")
    with naming(final / "manifest.json"):
        manifest.write_manifest(stage / "manifest.json", {
            "note": t("manifest.note", year=year, language=t(f"label.lang.{lang}")),
            "year": year,
            "lang": lang,
            "created": (job.date or dt.date.today()).isoformat(),
            # The manifest's timings: when this render ran and how long each step took (the only
            # part of any output that differs between two renders of the same inputs).
            "rendered_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "parameters": job.parameters,
            # What decides that a later render with the same key has nothing to do.
            "render_key": job.key,
            "inputs": [{"file": name, "sha256": digest} for name, digest in prepared.hashes.items()],
            "packages": manifest.package_versions(),
            "git": manifest.git_commit(),
            "timings_seconds": timer.seconds,
            "figures_to_check": questioned,
            "validation_warnings": manifest.warnings_summary([p for p, _ in routine], [d for _, d in routine]),
            "label_fallbacks": fallbacks,
            "reconciliation": _reconciliation_record(reconciliation, lang),
            # The disclosure policy and its version, the cells hidden and the attack's result (never a value).
            "disclosure": prepared.protection.record() if prepared.protection is not None else None,
            "outputs": sorted(str(p.relative_to(stage)) for p in stage.rglob("*") if p.is_file()),
            # Each of them with its SHA-256: a file changed after the render no longer matches (figures publish).
            "output_sha256": editions.output_hashes(stage),
        })
    # The sign-offs of the report in place go on with the new one (appended to, never rewritten): they name
    # the render key they signed, so the new render is not signed by them.
    editions.carry_signatures(final, stage)
    bar.update(1)
    return fallbacks
