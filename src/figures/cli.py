"""The `figures` command: validate, compute, reconcile and render one year.

Exit codes: 0 done, 1 bad data (or unexplained differences), 2 usage error.
A data error is reported as text, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from figures import paths, review_cli
from figures.reference import ConfigError
from figures.i18n import CLERK_LANGS, DEFAULT_LANG, LANGUAGES, CatalogueError, MissingTranslation, text
from figures.i18n import unsupported as unsupported_language

MIN_YEAR, MAX_YEAR = 2000, 2100
EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C


class DataError(Exception):
    """A problem with the user's data or folders, reported as one message."""


def _message_lang() -> str:
    """The language of messages and help: FIGURES_LANG when it names a catalogue, else English."""
    lang = os.environ.get("FIGURES_LANG", DEFAULT_LANG)
    return lang if lang in LANGUAGES else DEFAULT_LANG


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        year = None
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        raise argparse.ArgumentTypeError(text("cli.bad_year", _message_lang(), value=value, lo=MIN_YEAR, hi=MAX_YEAR))
    return year


class UnsupportedLanguage(Exception):
    """A --lang outside the catalogues: one line that lists the supported ones, not argparse's usage."""

    def __init__(self, lang: str):
        super().__init__(lang)
        self.lang = lang


def _lang(value: str) -> str:
    # In any case ("NL" is nl). Raised past argparse on purpose (it is not an ArgumentTypeError): main()
    # prints it as one line.
    lang = value.strip().lower()
    if lang not in LANGUAGES:
        raise UnsupportedLanguage(value)
    return lang


def _langs(value: str) -> list[str]:
    """The report languages of one word of the command line: `nl`, `NL` or `nl,fr` (split on commas)."""
    return [_lang(part) for part in value.split(",") if part.strip()] or [_lang(value)]


def _each_once(groups: list[list[str]]) -> list[str]:
    """`--lang nl,fr de nl` as the languages it names, each once, in the order first named."""
    return list(dict.fromkeys(lang for group in groups for lang in group))


# The default time a notebook cell may run (seconds); kept here so `--help` needs no heavy import.
CELL_TIMEOUT = 600


def _date(value: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(text("cli.bad_date", _message_lang(), value=value)) from None


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(text("cli.bad_seconds", _message_lang(), value=value))
    return seconds


def _count(value: str) -> int:
    if not value.strip().isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(text("cli.bad_count", _message_lang(), value=value))
    return int(value)


def _parser() -> argparse.ArgumentParser:
    lang = _message_lang()

    def h(key: str) -> str:
        return text(f"cli.help.{key}", lang)

    parser = argparse.ArgumentParser(prog="figures", description=h("description"))
    parser.add_argument("--debug", action="store_true", help=h("debug"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, message_lang: bool = True) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=h(name), description=h(name))
        sub.set_defaults(message_lang=lang, named_lang=None)
        sub.add_argument("--year", type=_year, required=True, help=h("year"))
        sub.add_argument("--raw-dir", type=Path, default=paths.RAW_DIR, help=h("raw_dir"))
        if message_lang:
            # Kept apart from the default: a language named (--lang, or FIGURES_LANG) is the annotated copies'.
            sub.add_argument("--lang", dest="named_lang", type=_lang, default=None, help=h("message_lang"))
        sub.add_argument("--brief", action="store_true", help=h(f"brief_{'reconcile' if name == 'reconcile' else 'problems'}"))
        sub.add_argument("--editions-dir", type=Path, default=paths.EDITIONS_DIR, help=text("editions.help.editions_dir", lang))
        return sub

    validate = command("validate")
    validate.add_argument("--annotate", type=Path, default=None, metavar="DIR", help=h("annotate"))
    new_year = commands.add_parser("new-year", help=h("new_year"), description=h("new_year"))
    new_year.set_defaults(message_lang=lang)
    new_year.add_argument("--year", type=_year, required=True, help=h("year"))
    new_year.add_argument("--from", dest="previous", type=_year, default=None, metavar="YEAR", help=h("from_year"))
    new_year.add_argument("--raw-dir", type=Path, default=paths.RAW_DIR, help=h("raw_dir"))
    new_year.add_argument("--lang", dest="message_lang", type=_lang, default=lang, help=h("message_lang"))
    compute = command("compute")
    compute.add_argument("--processed-dir", type=Path, default=paths.PROCESSED_DIR, help=h("processed_dir"))
    reconcile = command("reconcile")
    reconcile.add_argument("--processed-dir", type=Path, default=paths.PROCESSED_DIR, help=h("processed_dir"))
    reconcile.add_argument("--published-dir", type=Path, default=paths.PUBLISHED_DIR, help=h("published_dir"))
    history = commands.add_parser("history", help=h("history"), description=h("history"))
    history.set_defaults(message_lang=lang)
    history.add_argument("--raw-dir", type=Path, default=paths.RAW_DIR, help=h("raw_dir"))
    history.add_argument("--processed-dir", type=Path, default=paths.PROCESSED_DIR, help=h("processed_dir"))
    history.add_argument("--published-dir", type=Path, default=paths.PUBLISHED_DIR, help=h("published_dir"))
    history.add_argument("--lang", dest="message_lang", type=_lang, default=lang, help=h("message_lang"))
    history.add_argument("--editions-dir", type=Path, default=paths.EDITIONS_DIR, help=text("editions.help.editions_dir", lang))
    render = command("render", message_lang=False)
    render.add_argument("--lang", dest="langs", nargs="+", type=_langs, default=[["nl"]], metavar="LANG",
                        help=h("langs"))
    render.add_argument("--processed-dir", type=Path, default=paths.PROCESSED_DIR, help=h("processed_dir"))
    render.add_argument("--published-dir", type=Path, default=paths.PUBLISHED_DIR, help=h("published_dir"))
    render.add_argument("--reports-dir", type=Path, default=paths.REPORTS_DIR, help=h("reports_dir"))
    render.add_argument("--notebooks-dir", type=Path, default=paths.NOTEBOOKS_DIR, help=h("notebooks_dir"))
    render.add_argument("--no-progress", action="store_true", help=h("no_progress"))
    render.add_argument("--force", action="store_true", help=h("force"))
    render.add_argument("--cell-timeout", type=_seconds, default=CELL_TIMEOUT, metavar="SECONDS",
                        help=h("cell_timeout"))
    render.add_argument("--date", type=_date, default=None, metavar="YYYY-MM-DD", help=h("date"))
    render.add_argument("--jobs", type=_count, default=None, metavar="N", help=h("jobs"))
    # The reviewer's commands: diff, sign, publish (figures.review_cli).
    review_cli.add_commands(commands, lang, _year, _lang, _date)
    return parser


# With --brief, of many cells with the same problem in one column (last year's dates, a column
# of text), this many are listed and the rest counted.
SHOWN_PER_COLUMN = 5


def _print_problems(problems, lang: str, stream, brief: bool = False) -> None:
    """Every problem, one per line (with --brief, a long run of the same problem in one column is cut short)."""
    from figures.problems import questions_figure

    seen: dict[tuple, int] = {}
    for problem in problems:
        group = (problem.severity, problem.file, problem.column, problem.expected)
        # A warning that questions a figure (a swing) is always shown: it is never a run of cells.
        seen[group] = seen.get(group, 0) + (0 if questions_figure(problem) else 1)
        if not brief or seen[group] <= SHOWN_PER_COLUMN:
            print(f"{text('cli.' + problem.severity, lang)}: {problem.describe(lang)}", file=stream)
    for (severity, file, column, expected), count in seen.items():
        if brief and count > SHOWN_PER_COLUMN:
            key = "cli.more_problems" if column else "cli.more_problems_no_column"
            print(f"{text('cli.' + severity, lang)}: " + text(key, lang, count=count - SHOWN_PER_COLUMN, file=file,
                                                              column=column,
                                                              expected=expected.render(lang) if expected else "-"),
                  file=stream)
    if not brief and any(count > SHOWN_PER_COLUMN for count in seen.values()):
        print(text("cli.brief_hint", lang, count=len(problems), shown=SHOWN_PER_COLUMN), file=stream)


def _folders(args):
    """The folders of a command, made absolute once (relative to the working folder)."""
    from figures.pipeline import Folders

    return Folders(raw=args.raw_dir, processed=getattr(args, "processed_dir", paths.PROCESSED_DIR),
                   published=getattr(args, "published_dir", paths.PUBLISHED_DIR),
                   reports=getattr(args, "reports_dir", paths.REPORTS_DIR),
                   editions=getattr(args, "editions_dir", paths.EDITIONS_DIR))


def _validated(args):
    from figures import pipeline

    return pipeline.validate(args.year, _folders(args))


def _report_validation(result, args, stream) -> bool:
    """Print the problems of a validation, and the summary when it failed; True when valid."""
    _print_problems(result.problems, args.message_lang, stream, args.brief)
    if not result.ok:
        print(text("cli.invalid", args.message_lang, year=args.year, errors=len(result.errors),
                   warnings=len(result.warnings)), file=stream)
    return result.ok


def run_validate(args) -> int:
    from figures import pipeline

    if args.annotate is not None:
        from figures.annotate import in_raw_folder

        if in_raw_folder(args.annotate, args.raw_dir):       # the clerk's folder is never written
            print(f"{text('cli.error', args.message_lang)}: " + text(
                "harden.annotate_in_raw", args.message_lang, folder=args.annotate, raw=args.raw_dir), file=sys.stderr)
            return EXIT_USAGE

    result = _validated(args)
    # The year against the one before: a figure that moved more than its threshold is a warning, shown for
    # every chapter whose workbooks are valid, while another workbook has errors too.
    result.problems += pipeline.swings(args.year, _folders(args), result)
    ok = _report_validation(result, args, sys.stdout)
    if args.annotate is not None and result.problems:
        _annotate(result, args)
    if not ok:
        return EXIT_DATA
    print(text("cli.valid", args.message_lang, year=args.year, count=len(result.inputs), warnings=len(result.warnings)))
    return EXIT_OK


def _annotate(result, args) -> None:
    """Annotated copies of the workbooks with problems, for the clerk (the originals stay as they are)."""
    from figures.annotate import NotACopy, annotate

    lang = args.message_lang
    folder = paths.raw_year_dir(args.year, args.raw_dir)
    # The clerks' languages, Dutch and French, unless a language is named (--lang, FIGURES_LANG).
    named = getattr(args, "named_lang", None) or (lang if os.environ.get("FIGURES_LANG") == lang else None)
    try:
        written = annotate(result.problems, folder, args.annotate, (named,) if named else CLERK_LANGS)
    except NotACopy as refused:
        raise DataError(text("harden.annotate_changed" if refused.changed else "cli.annotate_not_ours", lang,
                             path=refused.path)) from None
    if written:
        print(text("cli.annotated", lang, folder=args.annotate, files=", ".join(p.name for p in written)))


def run_compute(args) -> int:
    from figures import pipeline

    result = _validated(args)
    lang = args.message_lang
    if not _report_validation(result, args, sys.stderr):
        return EXIT_DATA
    # Not reconciled: `figures reconcile` does that, and a render prepares the year again.
    pipeline.prepare(args.year, _folders(args), result, reconciled=False)
    print(text("cli.computed", lang, year=args.year, tables=paths.tables_dir(args.year, args.processed_dir),
               clean=paths.clean_dir(args.year, args.processed_dir)))
    return EXIT_OK


def _cut(value, width: int = 36) -> str:
    value = str(value)
    return value if len(value) <= width else value[: width - 1] + "…"


def format_table(frame, headers: list[str]) -> str:
    """A plain fixed-width text table (long labels cut to keep it readable in a terminal)."""
    rows = [[_cut(v) for v in row] for row in frame.itertuples(index=False)]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def _print_reconciliation(reconciliation, year: int, lang: str, brief: bool) -> None:
    """The reconciliation table (with --brief only errata and differences), the errata notes and the summary."""
    from figures.reconcile import APPROXIMATE, MATCH, MISSING

    result = reconciliation.in_language(lang)
    shown = result.drop(columns="note").copy()
    if brief:
        shown = shown[~shown["status"].isin([MATCH, APPROXIMATE])]
    shown["status"] = shown["status"].map(lambda s: text(f"reconcile.{s}", lang))
    shown["computed"] = shown["computed"].map(
        lambda v: text("reconcile.missing", lang) if isinstance(v, str) and v == MISSING else v)
    headers = [text(f"reconcile.{c}", lang) for c in shown.columns]
    print(format_table(shown, headers))
    for note in result.loc[result["note"] != "", ["table", "row", "column", "note"]].itertuples(index=False):
        print(f"{text('reconcile.note', lang)} ({note.table}, {note.row}, {note.column}): {note.note}")
    print(text("cli.reconciled", lang, year=year, **reconciliation.summary()))


def run_reconcile(args) -> int:
    from figures import compute, pipeline

    lang = args.message_lang
    folders = _folders(args)
    published_path = paths.published_file(args.year, folders.published)
    from figures import editions

    edition = editions.latest(args.year, folders.editions)
    # Anything by the published file's name that is not a regular file is refused when read.
    if not os.path.lexists(published_path) and edition is None:
        # Before the year's report is published there is nothing to compare: not a failure.
        print(text("cli.no_published_notice", lang, year=args.year, path=published_path))
        return EXIT_OK
    if compute.missing_tables(args.year, folders.processed):
        raise DataError(text("cli.no_tables", lang, year=args.year,
                             folder=paths.tables_dir(args.year, folders.processed)))
    prepared = pipeline.load(args.year, folders)
    code = EXIT_OK
    if os.path.lexists(published_path):          # not a regular file: refused, naming it, when read
        reconciliation = pipeline.reconcile(prepared, folders)
        _print_reconciliation(reconciliation, args.year, lang, args.brief)
        code = EXIT_OK if reconciliation.ok else EXIT_DATA
    # A year published with `figures publish`: its figures against the latest edition's.
    if review_cli.print_edition_reconciliation(args.year, prepared.tables, folders.editions, lang):
        code = EXIT_DATA
    return code


def run_render(args) -> int:
    import datetime as dt

    from figures.render import key

    lang = args.message_lang
    # The folders' names go into the notebooks and the manifest (UTF-8): one that is not UTF-8 is refused here.
    for folder in (args.raw_dir, args.processed_dir, args.reports_dir, args.published_dir, args.notebooks_dir):
        try:
            os.fsencode(os.path.abspath(folder)).decode("utf-8")
        except UnicodeDecodeError:
            shown = os.fsencode(os.path.abspath(folder)).decode("utf-8", "backslashreplace")    # proc\xfd
            print(f"{text('cli.error', lang)}: " + text("harden.path_not_utf8", lang, path=shown), file=sys.stderr)
            return EXIT_USAGE
    # Decided before the heavy imports: a language whose report in place has this render's key is done.
    date = args.date or dt.date.today()
    keys = key.keys(args.year, args.langs, date, args.raw_dir, args.processed_dir, args.published_dir,
                    args.notebooks_dir, editions=args.editions_dir)
    langs = []
    for report_lang in args.langs:
        folder = paths.report_dir(args.year, report_lang, args.reports_dir)
        if not args.force and key.unchanged(folder, keys[report_lang], Path(args.processed_dir) / str(args.year)):
            print(text("render.unchanged", lang, year=args.year, language=report_lang, folder=folder))
        else:
            langs.append(report_lang)
    if not langs:
        # The report in place was made from these inputs: its figures to check are said again, from the
        # warnings of the processed year it was made from.
        from figures.problems import Problem

        kept = Path(args.processed_dir) / str(args.year) / "warnings.json"    # compute.WARNINGS_FILE (no pandas)
        if kept.is_file():
            warnings = [Problem.from_dict(p) for p in json.loads(kept.read_text(encoding="utf-8"))]
            _print_figures_to_check(warnings, args.year, lang)
        _print_unchanged_reconciliation(paths.report_dir(args.year, args.langs[0], args.reports_dir), args)
        return EXIT_OK

    # The render starts its kernels (each in its own process) before it imports pandas and the rest: they get
    # ready while this process imports, validates and computes (figures.render.run).
    from figures.render.run import RenderError, render_year

    try:
        rendered = render_year(args.year, langs, args.raw_dir, args.processed_dir, args.reports_dir,
                               args.notebooks_dir, progress=False if args.no_progress else None,
                               message_lang=lang, published_dir=args.published_dir,
                               cell_timeout=args.cell_timeout, date=date, keys=keys, kernels=args.jobs,
                               editions_dir=args.editions_dir)
    except RenderError as error:
        raise DataError(str(error)) from None
    except Exception as error:
        from figures.pipeline import InvalidData

        if not isinstance(error, InvalidData):
            raise
        _report_validation(error.validation, args, sys.stderr)
        return EXIT_DATA
    for report_lang, folder in rendered.folders.items():
        for fallback in rendered.label_fallbacks[report_lang]:
            print(f"{text('cli.warning', lang)}: {fallback}", file=sys.stderr)
        print(text("render.done", lang, year=args.year, language=report_lang, folder=folder))
    _print_figures_to_check(rendered.warnings, args.year, lang)
    if rendered.reconciliation is None:
        print(text("cli.no_published_notice", lang, year=args.year,
                   path=paths.published_file(args.year, _folders(args).published)))
        return EXIT_OK
    # The reconciliation the render made (and wrote into each manifest): errata and differences only.
    _print_reconciliation(rendered.reconciliation, args.year, lang, brief=True)
    return EXIT_OK if rendered.reconciliation.ok else EXIT_DATA


def _print_figures_to_check(warnings, year: int, lang: str) -> None:
    """Every warning that questions a figure (a swing), each by itself, then the count of the routine ones."""
    from figures.problems import questions_figure

    questioned = [w for w in warnings if questions_figure(w)]
    routine = len(warnings) - len(questioned)
    if questioned:
        print(text("swing.render_heading", lang, year=year, count=len(questioned)), file=sys.stderr)
        for problem in questioned:
            print(f"{text('cli.warning', lang)}: {problem.describe(lang)}", file=sys.stderr)
    if routine:
        print(text("swing.render_routine" if questioned else "cli.render_warnings", lang, year=year, count=routine),
              file=sys.stderr)


def _print_unchanged_reconciliation(report_dir: Path, args) -> None:
    """The last line of the render that made the report in place: its reconciliation, from its manifest."""
    lang = args.message_lang
    record = json.loads((report_dir / "manifest.json").read_text(encoding="utf-8")).get("reconciliation") or {}
    if "summary" in record:
        print(text("cli.reconciled", lang, year=args.year, **record["summary"]))
    elif record.get("status") == "none":
        print(text("cli.no_published_notice", lang, year=args.year,
                   path=paths.published_file(args.year, args.published_dir)))


def run_new_year(args) -> int:
    from figures.templates import PreviousUnreadable, TemplateExists, write_templates

    lang = args.message_lang
    if args.previous is not None and not paths.raw_year_dir(args.previous, args.raw_dir).is_dir():
        raise DataError(text("cli.no_previous_year", lang, year=args.previous,
                             folder=paths.raw_year_dir(args.previous, args.raw_dir)))
    try:
        written = write_templates(args.year, args.raw_dir, args.previous)
    except TemplateExists as exists:
        if exists.what is not None:
            raise DataError(text("harden.template_in_the_way", lang, path=exists.path,
                                 what=exists.what.render(lang))) from None
        raise DataError(text("cli.template_exists", lang, path=exists.path)) from None
    except PreviousUnreadable as unreadable:
        problem = unreadable.problem
        reason = problem.found.render(lang) if problem.found is not None else problem.describe(lang)
        raise DataError(text("harden.previous_unreadable", lang, file=unreadable.source.file_name,
                             year=unreadable.year, reason=reason,
                             columns=", ".join(unreadable.source.carried))) from None
    for path in written:
        print(path)
    print(text("cli.templates_written", lang, year=args.year, count=len(written),
               folder=paths.raw_year_dir(args.year, args.raw_dir)))
    return EXIT_OK


def run_history(args) -> int:
    from figures import history, pipeline

    lang = args.message_lang
    folders = _folders(args)
    frame, problems = pipeline.all_history(folders)
    for problem in problems:
        print(f"{text('cli.warning', lang)}: {problem.describe(lang)}", file=sys.stderr)
    csv_path = Path(folders.processed) / "history.csv"
    from figures import safe_files

    if os.path.lexists(csv_path) and safe_files.read_text(csv_path, safe_files.MAX_WORKBOOK_BYTES).split("\n", 1)[0] \
            != ",".join(history.COLUMNS):
        raise DataError(text("cli.not_our_history", lang, path=csv_path))
    Path(folders.processed).mkdir(parents=True, exist_ok=True)
    history.write(frame, Path(folders.processed))
    years = sorted(int(y) for y in frame["year"].unique()) if not frame.empty else []
    print(text("cli.history_written", lang, count=len(frame), years=", ".join(map(str, years)) or "-",
               csv=csv_path, parquet=csv_path.with_suffix(".parquet")))
    return EXIT_OK


COMMANDS = {"new-year": run_new_year, "history": run_history, "validate": run_validate, "compute": run_compute, "reconcile": run_reconcile, "render": run_render}

# The reviewer's commands (figures.review_cli).
COMMANDS.update({"diff": review_cli.run_diff, "sign": review_cli.run_sign, "publish": review_cli.run_publish})


# Set when Ctrl-C arrives: a KeyboardInterrupt raised inside an import (an extension module's initialisation)
# comes out as another error (ImportError: initialization failed), which is the interruption all the same.
_INTERRUPTED = False


def _interrupt_once() -> None:
    """Ctrl-C stops the run once (KeyboardInterrupt); a second signal while it cleans up is ignored, so that the
    clean-up finishes. While the render's event loop runs, the render takes Ctrl-C over the same way, by
    cancelling its task (figures.render.run)."""
    import signal

    def stop(signum, frame):
        global _INTERRUPTED
        _INTERRUPTED = True
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    if threading_main():
        signal.signal(signal.SIGINT, stop)


def threading_main() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


OPTIONS = {"raw": "--raw-dir", "processed": "--processed-dir", "reports": "--reports-dir"}


def main(argv: list[str] | None = None) -> int:
    _interrupt_once()       # first: Ctrl-C while the command starts is an interruption too
    try:
        return _main(argv)
    except KeyboardInterrupt:   # before the command's language is known
        print(text("cli.interrupted", _message_lang()), file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv: list[str] | None) -> int:
    from figures.atomic import ForeignFiles
    from figures.safe_files import FileRefused

    # A folder or file name that is not UTF-8 (a disk written by another system) is shown escaped, never an
    # error of its own.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        args = _parser().parse_args(argv)
    except UnsupportedLanguage as unsupported:
        lang = _message_lang()
        print(f"{text('cli.error', lang)}: {unsupported_language(unsupported.lang, lang)}", file=sys.stderr)
        return EXIT_USAGE
    except CatalogueError as error:     # the catalogue of the messages themselves cannot be used
        print(error.line(_message_lang()), file=sys.stderr)
        return EXIT_DATA
    if getattr(args, "named_lang", None) is not None:
        args.message_lang = args.named_lang
    lang = args.message_lang
    if hasattr(args, "langs"):
        args.langs = _each_once(args.langs)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:  # the output was piped into `head` or a pager that closed
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print(text("cli.interrupted", lang), file=sys.stderr)
        return EXIT_INTERRUPTED
    except paths.FoldersOverlap as overlap:
        (first, a), (second, b) = overlap.first, overlap.second
        print(f"{text('cli.error', lang)}: " + text("cli.folders_overlap", lang, first=a, first_option=OPTIONS[first],
                                                      second=b, second_option=OPTIONS[second]), file=sys.stderr)
        return EXIT_USAGE
    except ForeignFiles as foreign:
        shown = ", ".join(str(f.relative_to(foreign.folder)) if f != foreign.folder else str(f)
                          for f in foreign.files[:5]) + (" …" if len(foreign.files) > 5 else "")
        print(f"{text('cli.error', lang)}: " + text("cli.foreign_files", lang, folder=foreign.folder,
                                                      count=len(foreign.files), files=shown), file=sys.stderr)
        return EXIT_USAGE
    except (DataError, MissingTranslation) as error:
        # A catalogue without a key is the report's data missing, not a bug: name the key.
        print(f"{text('cli.error', args.message_lang)}: {error}", file=sys.stderr)
        return EXIT_DATA
    except OSError as error:  # a folder that cannot be written (permissions, a full disk)
        print(f"{text('cli.error', args.message_lang)}: "
              + text("cli.cannot_write", args.message_lang, path=error.filename or "-", reason=error.strerror or error),
              file=sys.stderr)
        return EXIT_DATA
    except ConfigError as error:
        print(f"{text('cli.error', args.message_lang)}: {error.message.render(args.message_lang)}", file=sys.stderr)
        return EXIT_DATA
    except CatalogueError as error:     # a catalogue that is not plain YAML, or fills a placeholder the code does not
        print(error.line(args.message_lang), file=sys.stderr)
        return EXIT_DATA
    except FileRefused as refused:      # a file that is not a regular file of bounded size, or not plain YAML
        print(f"{text('cli.error', args.message_lang)}: {refused.message.render(args.message_lang)}", file=sys.stderr)
        return EXIT_DATA
    except Exception as error:  # a bug, not bad data: one line unless --debug
        if _INTERRUPTED:        # Ctrl-C, come out of an import as another error
            print(text("cli.interrupted", lang), file=sys.stderr)
            return EXIT_INTERRUPTED
        if args.debug:
            raise
        print(text("cli.internal", args.message_lang, error=f"{type(error).__name__}: {error}"), file=sys.stderr)
        return EXIT_DATA


def run() -> None:
    """The console script: `main`, then the exit code (see __main__.py for Ctrl-C)."""
    sys.exit(main())


if __name__ == "__main__":
    run()
