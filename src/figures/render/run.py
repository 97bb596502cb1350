"""`figures render`: one year, one or more languages, every output, all or nothing per language.

Order of work: validate (refuse bad data), compute the tables, reconcile with
the published figures when they exist, then per language: execute the
chapter notebooks (one warm kernel for all), write the reviewer's HTML of each,
the reader's HTML, PDF and Excel, and the manifest. Each language is built in
a temporary folder that replaces reports/<year>/<lang>/ only when complete.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
import warnings
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from figures import config, paths
from figures.atomic import discard, new_stage, swap_in
from figures.compute import clean_frames, compute_tables, write_outputs
from figures.i18n import DEFAULT_LANG, Translator, check_complete, text
from figures.labels import LabelFallback, data_labels, row_labels
from figures.reconcile import ERRATUM, labels_for, read_published, reconcile, unexplained
from figures.render import document, excel, manifest
from figures.render.execute import NotebookFailed, WarmKernel
from figures.validate import Validation, validate_year


class RenderError(Exception):
    """The render stopped; the message says why and what was kept."""


class InvalidData(RenderError):
    def __init__(self, validation: Validation):
        super().__init__("invalid data")
        self.validation = validation


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


def _reconciliation(year: int, tables, clean, lang: str) -> dict:
    path = paths.published_file(year)
    t = Translator(lang)
    if not path.is_file():
        return {"status": "none", "note": t("manifest.no_published")}
    result = reconcile(read_published(path), tables, labels_for(clean, config.bodies()), lang)
    differences = unexplained(result)
    return {
        "status": "failed" if len(differences) else "ok",
        "note": t("manifest.reconciliation_failed" if len(differences) else "manifest.reconciliation_ok"),
        "counts": {k: int(v) for k, v in result["status"].value_counts().items()},
        "errata": result[result["status"] == ERRATUM].astype(str).to_dict("records"),
        "differences": differences.astype(str).to_dict("records"),
    }


def _label_fallbacks(clean, lang: str) -> tuple[dict, list[str]]:
    """The data labels of budget and subsidies in `lang`, and the fallbacks to Dutch that were needed."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LabelFallback)
        found = {"budget": data_labels(clean["budget"], "code", "label", lang),
                 "subsidies": row_labels(clean["subsidies"], "beneficiary", "activity", lang)}
    return found, [str(w.message) for w in caught if issubclass(w.category, LabelFallback)]


def render_year(year: int, langs: list[str], raw_dir: Path = paths.RAW_DIR,
                processed_dir: Path = paths.PROCESSED_DIR, reports_dir: Path = paths.REPORTS_DIR,
                notebooks_dir: Path = paths.NOTEBOOKS_DIR, progress: bool | None = None,
                message_lang: str = DEFAULT_LANG) -> dict[str, Path]:
    """Render `year` in every language of `langs`; return the report folder of each."""
    timer = Timer()
    for lang in langs:
        check_complete(lang)  # a report is never rendered half in another language
    notebooks = chapter_notebooks(notebooks_dir, message_lang)
    # The kernel starts (in its own process) while this one validates and computes.
    with WarmKernel(notebooks_dir) as kernel:
        with timer.step("validate"):
            validation = validate_year(year, raw_dir)
        if not validation.ok:
            raise InvalidData(validation)
        with timer.step("compute"):
            clean = clean_frames(validation)
            tables = compute_tables(clean, year)
            write_outputs(tables, clean, year, processed_dir, validation.inputs)
        parameters = {"year": year, "raw_dir": paths.portable(raw_dir), "processed_dir": paths.portable(processed_dir)}
        inputs = [{"file": name, "sha256": digest} for name, digest in validation.inputs.items()]
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
                    pending[lang] = writer.submit(_write_language, job, tables, clean, validation, inputs, bar)
            finally:
                # Languages already executed are finished and swapped in, even if a later one failed.
                wait(pending.values())
    return {lang: future.result() for lang, future in pending.items()}


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


def _write_language(job: LanguageJob, tables, clean, validation, inputs, bar) -> Path:
    """Write the reviewer's, reader's HTML, PDF, Excel and manifest of one language; swap it in."""
    try:
        _write_documents(job, tables, clean, validation, inputs, bar)
    except BaseException:
        discard(job.stage)
        raise
    swap_in(job.stage, job.final)
    return job.final


def _write_documents(job: LanguageJob, tables, clean, validation, inputs, bar) -> None:
    year, lang, stage, timer = job.year, job.lang, job.stage, job.timer
    t = Translator(lang)
    with timer.step("reconcile"):
        reconciliation = _reconciliation(year, tables, clean, lang)
    labels_, fallbacks = _label_fallbacks(clean, lang)
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
        excel.write_workbook(tables, labels_, year, lang, stage / f"{stem}.xlsx")
    bar.update(1)
    manifest.write_manifest(stage / "manifest.json", {
        "note": t("manifest.note", year=year, language=t(f"label.lang.{lang}")),
        "year": year,
        "lang": lang,
        "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "parameters": job.parameters,
        "inputs": inputs,
        "packages": manifest.package_versions(),
        "git": manifest.git_commit(),
        "timings_seconds": timer.seconds,
        "validation_warnings": [p.as_dict(lang) for p in validation.warnings],
        "label_fallbacks": fallbacks,
        "reconciliation": reconciliation,
        "outputs": sorted(str(p.relative_to(stage)) for p in stage.rglob("*") if p.is_file()),
    })
    bar.update(1)
