"""A federal-scale year: time and memory of validate + compute, and of a render, at 80,000 staff.

Generates (seeded) a year far larger than the Chancellery's: 80,000 staff, 400,000
training rows (2.5 % of them by trainees who left, absent from the staff file:
one warning each), 100,000 translation jobs, 250 budget lines and 250
subsidies, the 2025 sample's other sources (meetings, campaigns). The workbooks are written
by a small XLSX writer of this file (one sheet, shared strings and cell
references as Excel writes them, dates as date cells): openpyxl would take
longer than what is measured. Then, each as the command a user runs, in its
own process:

- the workbooks read alone, with the reader `figures` reads them with (calamine, every sheet to Python
  values), in a process that imports nothing else: the floor of validate + compute;
- `figures compute --brief`: validate and compute (wall time, peak memory of that process), and its ratio
  to the reading alone;
- the same without the guard's look inside each part (figures.guard: what a reader that bounds its own
  allocations would let it skip; not safe on hostile workbooks): the share of the ratio that look costs;
- `figures render --lang nl --force`: everything, reader's documents included.

    .venv/bin/python benchmarks/federal.py [--staff 80000] [--training 400000] [--translations 100000]
                                           [--lines 250] [--seed 1] [--no-render] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import load_workbook

from figures.registry import DATE, REGISTRY

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
YEAR = 2025
EXCEL_EPOCH = dt.date(1899, 12, 30)

# ---------------------------------------------------------------- a minimal XLSX writer

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/>'
        '<Relationship Id="rId3" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'),
    # Style 1: a date (built-in number format 14), so that a reader sees a date cell.
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '</styleSheet>'),
}


def _cell(ref: str, value, strings: dict[str, int]) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="1"><v>{(value - EXCEL_EPOCH).days}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    index = strings.setdefault(str(value), len(strings))
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def _row(number: int, values, strings: dict[str, int]) -> str:
    # As Excel writes them: every row and cell says where it is, text goes to the shared strings.
    return (f'<row r="{number}">' + "".join(_cell(f"{letter}{number}", v, strings)
                                              for letter, v in zip(LETTERS, values)) + "</row>")


LETTERS = [chr(65 + i) for i in range(26)]


def write_xlsx(path: Path, sheet: str, header: list[str], rows) -> None:
    """One sheet named `sheet`: the header, then the rows (str, int, float, date or None per cell)."""
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in _PARTS.items():
            archive.writestr(name, content)
        archive.writestr("xl/workbook.xml", workbook)
        with archive.open("xl/worksheets/sheet1.xml", "w") as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            strings: dict[str, int] = {}
            chunk = [_row(1, header, strings)]
            for number, row in enumerate(rows, start=2):
                chunk.append(_row(number, row, strings))
                if len(chunk) >= 5000:
                    out.write("".join(chunk).encode("utf-8"))
                    chunk = []
            out.write(("".join(chunk) + "</sheetData></worksheet>").encode("utf-8"))
        archive.writestr("xl/sharedStrings.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(f"<si><t>{escape(text)}</t></si>" for text in strings) + "</sst>").encode("utf-8"))


# ---------------------------------------------------------------- the year


def _sample(name: str) -> tuple[list[str], list[list]]:
    """A source's header and rows as the committed 2025 sample workbook holds them."""
    rows = list(load_workbook(ROOT / "data" / "raw" / str(YEAR) / f"{name}.xlsx", read_only=True)[name]
                .iter_rows(values_only=True))
    return list(rows[0]), [[v.date() if isinstance(v, dt.datetime) else v for v in row] for row in rows[1:]]


def generate(folder: Path, staff: int, training: int, translations: int, lines: int, seed: int) -> dict[str, int]:
    """Write the year's workbooks into `folder`; returns the rows per source."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    days_in_year = [dt.date(YEAR, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    weekdays = [d for d in days_in_year if d.weekday() < 5]
    counts = {}

    ids = [f"P{i:07d}" for i in range(1, staff + 1)]

    def staff_rows():
        for staff_id in ids:
            age = rng.randint(19, 65)
            birth = dt.date(YEAR - age, 1, 1) + dt.timedelta(days=rng.randrange(365))
            yield staff_id, birth, rng.choice("FM"), rng.choice("ABCD")

    write_xlsx(folder / "staff.xlsx", "staff", REGISTRY.sources["staff"].column_names[:4], staff_rows())
    counts["staff"] = staff

    courses = [(f"C{i:05d}", f"Cursus {i}", rng.choice([0.5, 1, 1, 2, 3, 5])) for i in range(1, 2001)]
    leavers = [f"L{i:07d}" for i in range(1, max(1, training // 80) + 1)]

    def training_rows():
        for i in range(training):
            person = rng.choice(leavers) if i % 40 == 0 else rng.choice(ids)     # 2.5 % by trainees who left
            course_id, title, days = rng.choice(courses)
            yield person, course_id, title, rng.choice(weekdays), days

    write_xlsx(folder / "training.xlsx", "training", ["staff_id", "course_id", "course_title", "start_date", "days"],
               training_rows())
    counts["training"] = training

    pairs = [("nl", "fr"), ("fr", "nl"), ("nl", "de"), ("fr", "en"), ("en", "nl"), ("de", "fr")]

    def translation_rows():
        for i in range(1, translations + 1):
            source, target = rng.choice(pairs)
            yield (f"T{i:07d}", rng.choice(weekdays), source, target, rng.choice(["legal", "political", "general"]),
                   rng.randint(50, 20_000))

    write_xlsx(folder / "translations.xlsx", "translations",
               ["job_id", "delivered", "source_lang", "target_lang", "text_type", "words"], translation_rows())
    counts["translations"] = translations

    budget_header = ["group", "code", "label_nl", "label_fr", "label_de", "label_en", "amount_eur"]
    budget = [("chancellery" if i % 5 else "services", f"BL{i:04d}", f"Begrotingslijn {i}", f"Ligne budgétaire {i}",
               f"Haushaltslinie {i}", f"Budget line {i}", rng.randint(10_000, 40_000_000)) for i in range(1, lines + 1)]
    write_xlsx(folder / "budget.xlsx", "budget", budget_header, budget)
    counts["budget"] = lines

    subsidy_header = ["beneficiary", "activity_nl", "activity_fr", "amount_eur"]
    subsidies = [(f"Vereniging {i} vzw", f"Activiteit {i}", f"Activité {i}", rng.randint(1, 200) * 500)
                 for i in range(1, lines + 1)]
    write_xlsx(folder / "subsidies.xlsx", "subsidies", subsidy_header, subsidies)
    counts["subsidies"] = lines

    # The others as in 2025 (the meetings and campaigns do not grow with the staff; a new source neither, until
    # it is given rows of its own here).
    for name in [name for name in REGISTRY.sources if name not in counts]:
        header, rows = _sample(name)
        write_xlsx(folder / f"{name}.xlsx", name, header, rows)
        counts[name] = len(rows)
    return counts


# ---------------------------------------------------------------- timing


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    seconds, _, result = timed_cpu(command)
    return seconds, result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_cpu(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall time and CPU time (user + system, every thread) of the command's process: on a shared machine
    the CPU time moves less with the others' load than the wall time does."""
    cpu, start = _children_cpu(), time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return time.perf_counter() - start, _children_cpu() - cpu, result


def peak_of(command: list[str]) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """Wall time, CPU time and peak resident memory (MiB) of the command's process (the peak: the largest
    child this benchmark has waited for, and the command is its first child)."""
    seconds, cpu, result = timed_cpu(command)
    return seconds, cpu, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, result


# The reading alone, in a process of its own: an interpreter, the reader, every workbook's sheet as Python values.
READ_ALONE = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
"""


# `figures compute` with the guard's look inside each part left out (the zip's structure, sizes and formats are
# still checked): what a reader that bounds its own allocations (calamine's open issue tafia/calamine#693) would
# let the command skip. Not safe on hostile workbooks; it measures what the scan costs.
WITHOUT_SCAN = """
import sys
from figures import cli, guard
assert callable(guard._part_problem)        # renamed: this measures nothing, say so
guard._part_problem = lambda *_: (None, 0, {"strings": 0, "longest": 0})
sys.exit(cli.main(sys.argv[1:]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=80_000)
    parser.add_argument("--training", type=int, default=400_000)
    parser.add_argument("--translations", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=250, help="budget lines, and subsidies")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-render", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="write the year here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        raw, processed, reports, unpublished = (base / n for n in ("raw", "processed", "reports", "unpublished"))
        start = time.perf_counter()
        counts = generate(raw / str(YEAR), args.staff, args.training, args.translations, args.lines, args.seed)
        written = time.perf_counter() - start
        print(f"federal-scale year {YEAR}: " + ", ".join(f"{n} {c:,}" for n, c in counts.items()))
        print(f"  workbooks written:           {written:6.1f} s")
        figures = str(BIN / "figures")
        folders = ["--raw-dir", str(raw), "--processed-dir", str(processed)]
        reading, reading_cpu, _ = timed_cpu([sys.executable, "-c", READ_ALONE, str(raw / str(YEAR))])
        print(f"  read alone:                  {reading:6.1f} s   cpu {reading_cpu:5.1f} s   "
              f"(an interpreter and calamine, every sheet)")
        # --brief: the 10,000 warnings of the trainees who left are counted, not printed one by one.
        seconds, cpu, peak, result = peak_of([figures, "compute", "--year", str(YEAR), *folders, "--brief"])
        if result.returncode != 0:
            sys.exit(f"figures compute failed:\n{result.stdout}{result.stderr}")
        print(f"  validate + compute:          {seconds:6.1f} s   cpu {cpu:5.1f} s   peak {peak:5.0f} MiB   "
              f"(figures compute --brief)")
        print(f"  compute / read alone:        {seconds / reading:6.2f} x   cpu {cpu / reading_cpu:5.2f} x")
        unscanned, unscanned_cpu, result = timed_cpu([sys.executable, "-c", WITHOUT_SCAN, "compute", "--year",
                                                      str(YEAR), "--raw-dir", str(raw), "--processed-dir",
                                                      str(base / "processed-unscanned"), "--brief"])
        if result.returncode != 0:
            sys.exit(f"figures compute without the part scan failed:\n{result.stdout}{result.stderr}")
        print(f"  the same without part scan:  {unscanned:6.1f} s   cpu {unscanned_cpu:5.1f} s   "
              f"{unscanned / reading:5.2f} x   (the guard's look inside each part left out: not safe)")
        if not args.no_render:
            seconds, result = timed([figures, "render", "--year", str(YEAR), "--lang", "nl", *folders,
                                     "--reports-dir", str(reports), "--published-dir", str(unpublished),
                                     "--no-progress", "--force"])
            if result.returncode != 0:
                sys.exit(f"figures render failed:\n{result.stdout}{result.stderr}")
            manifest = reports / str(YEAR) / "nl" / "manifest.json"
            print(f"  render --lang nl:            {seconds:6.1f} s   (manifest {manifest.stat().st_size / 1e6:.1f} MB)")
            import json

            steps = json.loads(manifest.read_text(encoding="utf-8"))["timings_seconds"]
            slow = sorted(steps.items(), key=lambda item: -item[1])[:5]
            print("    slowest steps: " + ", ".join(f"{name} {s:.1f} s" for name, s in slow))
        if os.environ.get("FEDERAL_DEBUG"):
            print(result.stdout, result.stderr)


if __name__ == "__main__":
    main()
