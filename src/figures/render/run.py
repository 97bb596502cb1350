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
import time
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from figures import paths, pipeline
from figures.atomic import discard, new_stage, swap_in
from figures.i18n import DEFAULT_LANG, Translator, check_complete, text
from figures.pipeline import Folders, InvalidData, Prepared, Reconciliation
from figures.problems import Problem
from figures.render import document, excel, manifest
from figures.render.execute import NotebookFailed, WarmKernel

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
                message_lang: str = DEFAULT_LANG, published_dir: Path = paths.PUBLISHED_DIR) -> Rendered:
    """Render `year` in every language of `langs`; raises InvalidData (nothing written) or RenderError."""
    timer = Timer()
    for lang in langs:
        check_complete(lang)  # a report is never rendered half in another language
    folders = Folders(raw=raw_dir, processed=processed_dir, published=published_dir)
    # Absolute once, here: papermill changes the working folder while a notebook runs.
    reports_dir, notebooks_dir = Path(reports_dir).absolute(), Path(notebooks_dir).absolute()
    notebooks = chapter_notebooks(notebooks_dir, message_lang)
    # The kernel starts (in its own process) while this one validates and computes.
    with WarmKernel(notebooks_dir) as kernel:
        with timer.step("validate"):
            validation = pipeline.validate(year, folders)
        if not validation.ok:
            raise InvalidData(validation)
        with timer.step("compute"):
            prepared = pipeline.prepare(year, folders, validation)
        with timer.step("reconcile"):
            reconciliation = pipeline.reconcile(prepared, folders)
        parameters = {"year": year, "raw_dir": paths.portable(folders.raw),
                      "processed_dir": paths.portable(folders.processed)}
        with timer.step("kernel start"):
            kernel.warm_up()
        steps = len(langs) * (len(notebooks) + 4)
        # While the kernel executes one language's notebooks, a second thread writes the
        # documents of the language before (the main thread mostly waits on the kernel).
        with tqdm(total=steps, unit="step", disable=None if progress is None else not progress) as bar, \
                ThreadPoolExecutor(max_workers=1) as writer:
            pending = {}
            try:
                for lang in langs:
                    job = _execute_language(year, lang, kernel, notebooks, parameters, reports_dir, timer, bar,
                                            message_lang)
                    pending[lang] = writer.submit(_write_language, job, prepared, reconciliation, bar)
            finally:
                # Languages already executed are finished and swapped in, even if a later one failed.
                wait(pending.values())
    done = {lang: future.result() for lang, future in pending.items()}
    return Rendered(year, {lang: folder for lang, (folder, _) in done.items()}, prepared.warnings,
                    {lang: fallbacks for lang, (_, fallbacks) in done.items()}, reconciliation)


@dataclass
class LanguageJob:
    """One language between execution and writing: its staged folder and executed notebooks."""

    year: int
    lang: str
    final: Path
    stage: Path
    executed: list[Path]
    timer: Timer
    parameters: dict


def _execute_language(year, lang, kernel, notebooks, parameters, reports_dir, timer, bar,
                      message_lang: str = DEFAULT_LANG) -> LanguageJob:
    """Execute every chapter notebook of one language into a staged folder."""
    final = paths.report_dir(year, lang, reports_dir)
    failed_dir = final.parent / f"{lang}-failed"
    t = Translator(lang)
    job = LanguageJob(year, lang, final, new_stage(final), [], Timer(dict(timer.seconds)), dict(parameters, lang=lang))
    (job.stage / "notebooks").mkdir()
    for notebook in notebooks:
        bar.set_description(f"{year} {lang} · {t('render.step_notebook', name=notebook.stem)}")
        output = job.stage / "notebooks" / notebook.name
        try:
            with job.timer.step(f"notebook {notebook.stem}"):
                kernel.execute(notebook, output, job.parameters)
        except NotebookFailed as failure:
            shutil.rmtree(failed_dir, ignore_errors=True)
            (failed_dir / "notebooks").mkdir(parents=True)
            kept = failed_dir / "notebooks" / notebook.name
            if output.exists():
                shutil.copy2(output, kept)
            discard(job.stage)
            key = "render.failed" if final.exists() else "render.failed_first"
            raise RenderError(text(key, message_lang, notebook=notebook.name, cell=failure.cell,
                                   error=failure.error, kept=kept, folder=final)) from None
        except BaseException:
            discard(job.stage)
            raise
        job.executed.append(output)
        bar.update(1)
    shutil.rmtree(failed_dir, ignore_errors=True)
    return job


def _write_language(job: LanguageJob, prepared: Prepared, reconciliation, bar) -> tuple[Path, list[str]]:
    """Write the reviewer's, reader's HTML, PDF, Excel and manifest of one language; swap it in.
    Returns the report folder and the data labels that fell back to Dutch."""
    try:
        fallbacks = _write_documents(job, prepared, reconciliation, bar)
    except BaseException:
        discard(job.stage)
        raise
    swap_in(job.stage, job.final)
    return job.final, fallbacks


def _write_documents(job: LanguageJob, prepared: Prepared, reconciliation, bar) -> list[str]:
    year, lang, stage, timer = job.year, job.lang, job.stage, job.timer
    t = Translator(lang)
    labels, fallbacks = prepared.labels(lang)
    with timer.step("reviewer html"):
        for executed in job.executed:
            executed.with_suffix(".html").write_text(document.reviewer_html(executed), encoding="utf-8")
    stem = f"figures-{year}-{lang}"
    bar.set_description(f"{year} {lang} · {t('render.step_html')}")
    with timer.step("reader html"):
        html = document.reader_html(job.executed, year, lang)
        (stage / f"{stem}.html").write_text(html, encoding="utf-8")
    bar.update(1)
    bar.set_description(f"{year} {lang} · {t('render.step_pdf')}")
    with timer.step("pdf"):
        document.write_pdf(html, stage / f"{stem}.pdf")
    bar.update(1)
    bar.set_description(f"{year} {lang} · {t('render.step_excel')}")
    with timer.step("excel"):
        excel.write_workbook(prepared.tables, labels, year, lang, stage / f"{stem}.xlsx")
    bar.update(1)
    manifest.write_manifest(stage / "manifest.json", {
        "note": t("manifest.note", year=year, language=t(f"label.lang.{lang}")),
        "year": year,
        "lang": lang,
        "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "parameters": job.parameters,
        "inputs": [{"file": name, "sha256": digest} for name, digest in prepared.hashes.items()],
        "packages": manifest.package_versions(),
        "git": manifest.git_commit(),
        "timings_seconds": timer.seconds,
        "validation_warnings": [p.as_dict(lang) for p in prepared.warnings],
        "label_fallbacks": fallbacks,
        "reconciliation": _reconciliation_record(reconciliation, lang),
        "outputs": sorted(str(p.relative_to(stage)) for p in stage.rglob("*") if p.is_file()),
    })
    bar.update(1)
    return fallbacks
