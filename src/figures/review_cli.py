"""The reviewer's commands of `figures`: `diff`, `sign` and `publish` (figures.diff, figures.editions).

Kept apart from cli.py, which only adds them to its parser (`add_commands`) and its table of commands
(`COMMANDS`). Exit codes:

- `figures diff`: 0 when nothing a reader sees changed (no figure, sentence or chart), 1 when something did,
  2 for a usage error (a folder that is not a report, two reports of different years or languages, no
  signed render or edition to compare with, an HTML page that would replace a file it did not write);
- `figures sign`, `figures publish`: 0 done, 1 refused (one line saying why: no report, a file that no
  longer matches the manifest, not signed, already published, an amendment without a reason), 2 a usage
  error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from figures import paths
from figures.i18n import text

EXIT_OK, EXIT_CHANGED, EXIT_REFUSED, EXIT_USAGE = 0, 1, 1, 2


def _name(lang: str):
    def check(value: str) -> str:
        if not value.strip():
            raise argparse.ArgumentTypeError(text("editions.refused.empty_name", lang))
        return value.strip()
    return check


def add_commands(commands, lang: str, year_type, lang_type, date_type) -> None:
    """`diff`, `sign` and `publish` on the subparsers of the `figures` command."""

    def h(key: str) -> str:
        return text(f"editions.help.{key}", lang)

    def common(sub, year_required: bool = True) -> None:
        sub.set_defaults(message_lang=lang)
        sub.add_argument("--year", type=year_type, required=year_required, help=h("year"))
        sub.add_argument("--lang", dest="report_lang", type=lang_type, required=year_required, metavar="LANG",
                         default=None, help=h("lang"))
        sub.add_argument("--reports-dir", type=Path, default=paths.REPORTS_DIR, help=h("reports_dir"))

    diff = commands.add_parser("diff", help=h("diff"), description=h("diff"))
    diff.add_argument("folders", nargs="*", type=Path, metavar="FOLDER", help=h("folders"))
    common(diff, year_required=False)
    diff.add_argument("--editions-dir", type=Path, default=paths.EDITIONS_DIR, help=h("editions_dir"))
    diff.add_argument("--against", choices=("signed", "published"), default="signed", help=h("against"))
    diff.add_argument("--html", type=Path, default=None, metavar="FILE", help=h("html"))
    diff.add_argument("--no-pages", action="store_true", help=h("no_pages"))

    sign = commands.add_parser("sign", help=h("sign"), description=h("sign"))
    common(sign)
    sign.add_argument("--as", dest="signer", type=_name(lang), required=True, metavar="NAME", help=h("as"))
    sign.add_argument("--note", default=None, help=h("note"))

    publish = commands.add_parser("publish", help=h("publish"), description=h("publish"))
    common(publish)
    publish.add_argument("--editions-dir", type=Path, default=paths.EDITIONS_DIR, help=h("editions_dir"))
    publish.add_argument("--reason", default=None, help=h("reason"))
    publish.add_argument("--date", type=date_type, default=None, metavar="YYYY-MM-DD", help=h("date"))


def _error(lang: str, line: str) -> None:
    print(f"{text('cli.error', lang)}: {line}", file=sys.stderr)


def run_diff(args) -> int:
    from figures import diff, editions

    lang = args.message_lang
    if len(args.folders) == 2:
        a, b = args.folders
    elif not args.folders and args.year is not None and args.report_lang is not None:
        b = paths.report_dir(args.year, args.report_lang, args.reports_dir)
        if args.against == "signed":
            a = editions.signed_dir(args.year, args.report_lang, args.reports_dir)
            if not a.is_dir():
                _error(lang, text("editions.refused.never_signed", lang, year=args.year, lang=args.report_lang,
                                  folder=a))
                return EXIT_USAGE
        else:
            a = editions.latest(args.year, args.editions_dir, args.report_lang)
            if a is None:
                _error(lang, text("editions.refused.never_published", lang, year=args.year, lang=args.report_lang,
                                  folder=Path(args.editions_dir) / str(args.year) / args.report_lang))
                return EXIT_USAGE
    else:
        _error(lang, text("editions.refused.diff_usage", lang))
        return EXIT_USAGE
    try:
        result = diff.compare_reports(a, b, pages=not args.no_pages)
        page = diff.write_page(result, args.html or diff.default_page(b))
    except editions.Refused as refused:
        _error(lang, refused.render(lang))
        return EXIT_USAGE
    except diff.NotOurs as not_ours:
        _error(lang, text("editions.refused.page_not_ours", lang, path=not_ours.path))
        return EXIT_USAGE
    for line in diff.lines(result):
        print(line)
    print(text("editions.diff.page_written", result.lang, path=page))
    return EXIT_CHANGED if result.visible else EXIT_OK


def run_sign(args) -> int:
    from figures import editions

    lang = args.message_lang
    try:
        record, before = editions.sign(args.year, args.report_lang, args.reports_dir, args.signer, args.note)
    except editions.Refused as refused:
        _error(lang, refused.render(lang))
        return EXIT_REFUSED
    print(text("editions.signed_also" if before else "editions.signed", lang, year=args.year,
               language=args.report_lang, name=record["signed_by"], key=record["render_key"][:12],
               folder=paths.report_dir(args.year, args.report_lang, args.reports_dir)))
    return EXIT_OK


def run_publish(args) -> int:
    from figures import editions

    lang = args.message_lang
    try:
        published = editions.publish(args.year, args.report_lang, args.reports_dir, args.editions_dir, args.reason,
                                     args.date)
    except editions.Refused as refused:
        _error(lang, refused.render(lang))
        return EXIT_REFUSED
    print(text("editions.published" if published.number == 1 else "editions.amended", lang, year=args.year,
               language=args.report_lang, edition=published.number, folder=published.folder))
    for line in published.amendment:
        print("  " + line)
    return EXIT_OK


def print_edition_reconciliation(year: int, tables: dict, editions_dir: Path, lang: str) -> int | None:
    """`figures reconcile`: the computed tables of `year` against its latest published edition (the figures its
    readers have); None when the year has no edition, else 0 when every figure is as published, 1 if not."""
    from figures import editions
    from figures.cli import format_table

    folder = editions.latest(year, editions_dir)
    if folder is None:
        return None
    record = editions.edition_record(folder)
    changes = editions.figure_changes(year, editions.read_tables(folder / editions.TABLES_DIR), tables)
    if changes:
        import pandas as pd

        shown = pd.DataFrame([[t, r, c, "" if old is None else f"{old:g}", "" if new is None else f"{new:g}"]
                              for t, r, c, old, new in changes])
        print(format_table(shown, [text(f"reconcile.{k}", lang) for k in ("table", "row", "column", "published",
                                                                          "computed")]))
    print(text("editions.reconciled" if not changes else "editions.reconciled_differences", lang, year=year,
               edition=record["edition"], language=record["lang"], date=record["published"],
               count=len(changes), folder=folder))
    return 1 if changes else 0
