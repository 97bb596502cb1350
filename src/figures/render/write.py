"""The render's steps around the kernels (figures.render.run): the year prepared, each language's documents.

Imported by the render once its kernels have started (pandas, openpyxl and the rest load meanwhile).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from tqdm import tqdm

from figures import corrections, disclosure, editions, paths, pipeline, provenance
from figures.atomic import ForeignFiles, foreign_files, naming
from figures.compute import json_list, owns_processed
from figures.i18n import Translator, text
from figures.notebook import review_summary
from figures.pipeline import Folders, InvalidData, Reconciliation
from figures.problems import questions_figure
from figures.render import document, excel, manifest
from figures.render import key as render_key
from figures.render.pdf import write_in_pool
from figures.render.run import LanguageJob, Plan, RenderError, finished, owns_report


def check_folders(plan: Plan) -> None:
    """The folders made absolute once, kept apart; every folder the render would replace checked before
    anything is written; the render keys computed when not given."""
    plan.folders = folders = Folders(**plan.folder_args)
    folders.check_apart("raw", "processed", "reports")
    for final, owns in [(Path(folders.processed) / str(plan.year), owns_processed)] + \
            [(paths.report_dir(plan.year, lang, folders.reports), owns_report) for lang in plan.langs]:
        foreign = foreign_files(final, owns)
        if foreign:
            raise ForeignFiles(final, foreign)
    if plan.keys is None:
        plan.keys = render_key.keys(plan.year, plan.langs, plan.date, folders.raw, folders.processed,
                                    folders.published, plan.notebooks_dir, folders.reference, folders.editions)


def validate(plan: Plan):
    validation = pipeline.validate(plan.year, plan.folders)
    if not validation.ok:
        raise InvalidData(validation)
    return validation


def prepare(plan: Plan, validation) -> None:
    """Compute the year's tables (with history and swings) and write them; then what every notebook of a
    language is given: the parameters, the reviewer's summary and sign-off state."""
    year, folders = plan.year, plan.folders
    plan.prepared = prepared = pipeline.prepare(year, folders, validation)
    # Every output comes from this one reading, whose workbooks must be those of the key the manifest records.
    changed = render_key.changed_while_read(plan.keys[plan.langs[0]], year, prepared.hashes, prepared.earlier_inputs)
    if changed:
        raise RenderError(text("harden.changed_while_read", plan.message_lang, files=", ".join(changed)))
    _proven(prepared, plan.message_lang)     # the attack found every hidden cell protected, or nothing is written
    # `inputs`: the notebooks show the tables computed from the workbooks read here, never a later reading.
    plan.parameters = {"year": year, "raw_dir": paths.portable(folders.raw),
                       "processed_dir": paths.portable(folders.processed),
                       "inputs": pipeline.inputs_digest(prepared.hashes)}
    # The first cell of each reviewer's notebook: the figures validation questions (never in the reader's
    # documents, which show only the code cells' outputs); and the sign-off state, with the figures changed
    # since the last signed render (figures.editions).
    plan.summaries = {lang: review_summary(prepared.warnings, year, lang) for lang in plan.langs}
    plan.sign_offs = {lang: editions.SignOff.of(year, lang, folders.reports, prepared.tables) for lang in plan.langs}


def reconcile(plan: Plan) -> None:
    plan.reconciliation = pipeline.reconcile(plan.prepared, plan.folders)


class ProgressBar(tqdm):
    """tqdm's bar without its monitor thread (which outlives a disabled bar)."""

    monitor_interval = 0


def progress_bar(plan: Plan) -> tqdm:
    steps = len(plan.langs) * (len(plan.items) + 4)
    return ProgressBar(total=steps, unit="step", disable=None if plan.progress is None else not plan.progress)


def _proven(prepared, lang: str) -> None:
    """Stop the render when the attack (figures.attack) narrows a hidden cell more than its policy allows."""
    proof = (prepared.protection.proof if prepared.protection is not None else None) or {"ok": True}
    if proof.get("ok", True):
        return
    failed = [c for c in proof["cells"] if not c["ok"]]
    raise RenderError(text("disclosure.render_failed", lang, count=len(failed),
                           cells=", ".join(f"{c['table']} {c['row']} {c['column']} ({c['year']})" for c in failed)))


def _describe(plan: Plan, lang: str, key: str) -> None:
    plan.bar.set_description(f"{plan.year} {lang} · {text(key, lang)}")


async def documents(job: LanguageJob, plan: Plan, pdfs) -> None:
    """The reader's HTML, then its PDF (in a process of `pdfs`) while the workbook is written (in a thread)."""
    loop = asyncio.get_running_loop()
    html = await finished(loop.run_in_executor(None, reader_html, job, plan))
    pdf = job.stage / f"figures-{job.year}-{job.lang}.pdf"

    async def write_pdf() -> None:
        with naming(job.final / pdf.name):
            job.pdf_seconds = await finished(loop.run_in_executor(pdfs, write_in_pool, html, str(pdf), plan.date))

    async with asyncio.TaskGroup() as both:
        both.create_task(write_pdf())
        both.create_task(finished(loop.run_in_executor(None, workbook, job, plan)))


def reader_html(job: LanguageJob, plan: Plan) -> str:
    year, lang, prepared, reconciliation = job.year, job.lang, plan.prepared, plan.reconciliation
    stem = f"figures-{year}-{lang}"
    _describe(plan, lang, "render.step_html")
    with job.timer.step("reader html"):
        kinds = _provenance(job, plan)
        fixes = corrections.corrections(prepared, reconciliation, lang, year)
        html = document.reader_html(job.executed, year, lang, today=plan.date, kinds=kinds,
                                    corrections=[c.sentence for c in fixes],
                                    summary=None if reconciliation is None else reconciliation.summary())
        with naming(job.final / f"{stem}.html"):
            (job.stage / f"{stem}.html").write_text(html, encoding="utf-8")
    plan.bar.update(1)
    return html


def workbook(job: LanguageJob, plan: Plan) -> None:
    year, lang, prepared, reconciliation = job.year, job.lang, plan.prepared, plan.reconciliation
    stem = f"figures-{year}-{lang}"
    labels, job.fallbacks = prepared.labels(lang)
    kinds = _provenance(job, plan)
    fixes = corrections.corrections(prepared, reconciliation, lang, year)
    _describe(plan, lang, "render.step_excel")
    with job.timer.step("excel"):
        with naming(job.final / f"{stem}.xlsx"):
            readers = {name: prepared.reader_table(name, lang, labels[name]).tables for name in prepared.tables}
            if len(prepared.years) >= 2:            # the trends of every year (the reader's table shows the last)
                from figures.chapters import trends

                readers["trends"] = trends.trends_table(prepared.trend_indicators(), lang, recent=None).tables
            # Under each reader sheet's table, what the reader sees under it in the HTML and the PDF.
            notes = {name: [n for n in [disclosure.reader_note(readers[name], name, lang),
                                        provenance.table_notice(prepared, name, lang, kinds),
                                        provenance.printed_notice(year, name, lang, kinds, reconciliation)] if n]
                     + [c.sentence for c in fixes if c.table == name] for name in prepared.tables}
            if "trends" in readers:
                notes["trends"] = [sentence for _, sentence in trends.notices(prepared, lang, kinds, reconciliation)]
            # The analysts' sheets as they may leave the service: hidden cells empty (figures.disclosure).
            published = {name: prepared.published(name) for name in prepared.tables}
            excel.write_workbook(published, readers, year, lang, job.stage / f"{stem}.xlsx", plan.date,
                                 _workbook_info(job, plan), labels=labels, notes=notes)
    plan.bar.update(1)


def reviewer_pages(jobs: list[LanguageJob], plan: Plan) -> None:
    """The reviewer's HTML of every executed notebook, beside it (the sign-off state at its top)."""
    for job in jobs:
        for executed in job.executed:
            with job.timer.step("reviewer html"), \
                    naming(job.final / "notebooks" / executed.with_suffix(".html").name):
                if job.sign_off is not None:
                    job.sign_off.annotate(executed)
                executed.with_suffix(".html").write_text(document.reviewer_html(executed), encoding="utf-8")


def _reconciliation_record(reconciliation: Reconciliation | None, lang: str) -> dict:
    t = Translator(lang)
    if reconciliation is None:
        return {"status": "none", "note": t("manifest.no_published")}
    return reconciliation.record(lang, t("manifest.reconciliation_ok" if reconciliation.ok
                                         else "manifest.reconciliation_failed"))


def _provenance(job: LanguageJob, plan: Plan) -> dict[int, str]:
    """Where the figures of every year the report shows come from (sample data, published, workbooks)."""
    prepared = plan.prepared
    return provenance.of_years(prepared.years or [job.year], prepared.history, plan.folders.reference)


def _workbook_info(job: LanguageJob, plan: Plan) -> list:
    """The workbook's info sheet: the colophon (where the figures come from, the date, the checks) and the
    corrections of the printed report, in the reader's words."""
    year, lang, reconciliation = job.year, job.lang, plan.reconciliation
    kinds = _provenance(job, plan)
    fixes = [c.sentence for c in corrections.corrections(plan.prepared, reconciliation, lang, year)]
    summary = None if reconciliation is None else reconciliation.summary()
    return excel.about(year, lang, plan.date, [text("report.source", lang, year=year)]
                       + document.provenance_lines(lang, kinds), document.checked(year, lang, summary), fixes)


def finish(job: LanguageJob, plan: Plan) -> list[str]:
    """The figure tables, the warnings and the manifest of a language whose documents are written; returns
    the data labels that fell back to Dutch."""
    year, lang, stage, timer, prepared = job.year, job.lang, job.stage, job.timer, plan.prepared
    t = Translator(lang)
    final = job.final
    timer.seconds["pdf"] = round(job.pdf_seconds, 3)
    plan.bar.update(1)
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
            "created": plan.date.isoformat(),
            # The manifest's timings: when this render ran and how long each step took (the only
            # part of any output that differs between two renders of the same inputs).
            "rendered_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "parameters": job.parameters,
            # What decides that a later render with the same key has nothing to do.
            "render_key": plan.keys[lang],
            "inputs": [{"file": name, "sha256": digest} for name, digest in prepared.hashes.items()],
            "packages": manifest.package_versions(),
            "git": manifest.git_commit(),
            "timings_seconds": timer.seconds,
            "figures_to_check": questioned,
            "validation_warnings": manifest.warnings_summary([p for p, _ in routine], [d for _, d in routine]),
            "label_fallbacks": job.fallbacks,
            "reconciliation": _reconciliation_record(plan.reconciliation, lang),
            # The disclosure policy and its version, the cells hidden and the attack's result (never a value).
            "disclosure": prepared.protection.record() if prepared.protection is not None else None,
            "outputs": sorted(str(p.relative_to(stage)) for p in stage.rglob("*") if p.is_file()),
            # Each of them with its SHA-256: a file changed after the render no longer matches (figures publish).
            "output_sha256": editions.output_hashes(stage),
        })
    # The sign-offs of the report in place go on with the new one (appended to, never rewritten): they name
    # the render key they signed, so the new render is not signed by them.
    editions.carry_signatures(final, stage)
    plan.bar.update(1)
    return job.fallbacks
