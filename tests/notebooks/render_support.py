"""Helpers of the notebook layer's tests (imported by conftest.py and the test modules).

They run the `figures` command as a user does (a subprocess of this
interpreter, `python -m figures`), extract the text of a PDF with pypdf
(WeasyPrint compresses its content streams, so the PDF bytes cannot be
searched), snapshot folders and build a tiny valid year with the
`YearBook` of tests/conftest.py.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
NOTEBOOKS = ROOT / "notebooks"
RAW_2025 = ROOT / "data" / "raw" / "2025"
LANGS = ("nl", "fr", "de", "en")


def run_figures(*args, cwd=None, timeout: int = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m figures ARGS` with the project's defaults (FIGURES_ROOT unset) and `env` added, output
    captured."""
    environment = {k: v for k, v in os.environ.items() if k != "FIGURES_ROOT"} | (env or {})
    return subprocess.run([sys.executable, "-m", "figures", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=environment, cwd=cwd)


def plain_spaces(value: str) -> str:
    """Babel writes narrow (U+202F) and ordinary (U+00A0) no-break spaces in French; compare with plain ones."""
    return value.replace("\u202f", " ").replace("\u00a0", " ")


def flat(value: str) -> str:
    """Plain spaces, every run of white space (line breaks of the extracted PDF text included) as one space."""
    return " ".join(plain_spaces(value).split())


def pdf_text(path: Path) -> str:
    """The text of a PDF, page by page (pypdf, a pinned test dependency: WeasyPrint compresses its
    content streams, so the PDF bytes cannot be searched)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def chapter_notebook_names() -> list[str]:
    """The executed notebooks a render writes (01_staff.ipynb, ...: one per chapter, figures.chapter_notebooks)."""
    from figures.chapter_notebooks import plan

    return [p.name for p in plan(NOTEBOOKS)]


def copy_notebooks(target: Path) -> Path:
    """A copy of the committed notebooks (only the .ipynb files) in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for notebook in NOTEBOOKS.glob("*.ipynb"):
        shutil.copy2(notebook, target / notebook.name)
    return target


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder` with its bytes (folders map to None)."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def root_conftest():
    """tests/conftest.py, loaded under its own module name.

    Every conftest.py of the suite is imported as `conftest`, so `import
    conftest` is ambiguous; module-scoped fixtures cannot use the
    function-scoped `book` fixture either.
    """
    name = "figures_tests_root_conftest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, TESTS / "conftest.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def year_book_class():
    """`YearBook` of tests/conftest.py."""
    return root_conftest().YearBook


@dataclass
class Render:
    result: subprocess.CompletedProcess
    reports: Path      # <reports-dir>/2025
    processed: Path    # <processed-dir>/2025
    processed_dir: Path
    langs: tuple[str, ...]

    def folder(self, lang: str) -> Path:
        return self.reports / lang

    def output(self) -> str:
        return self.result.stdout + self.result.stderr




def page_fill(html: str) -> list[tuple[float, bool]]:
    """Each page of the reader's PDF as WeasyPrint lays it out: how far down its text area the content reaches
    (0 to 1), and whether the page starts a chapter (holds an `h2.chapter`). Margin boxes (the running title,
    the page number) are not content."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    templates = ROOT / "src" / "figures" / "render" / "templates"
    document = HTML(string=html, base_url=str(templates)).render()

    def content(box):
        if isinstance(box, boxes.MarginBox):
            return
        yield box
        for child in getattr(box, "children", None) or []:
            yield from content(child)

    pages = []
    for page in document.pages:
        area = page._page_box
        top, bottom, starts = area.content_box_y(), area.content_box_y(), False
        for box in content(area):
            if isinstance(box, (boxes.TextBox, boxes.ReplacedBox)):
                bottom = max(bottom, box.position_y + box.margin_height())
            if box.element_tag == "h2" and "chapter" in (box.element.get("class") or "") if box.element is not None \
                    else False:
                starts = True
        pages.append(((bottom - top) / area.height, starts))
    return pages


def overprinted(pdf_path) -> list[str]:
    """Pairs of characters printed on each other, page by page: each glyph's box, shrunk by a quarter of its
    width on each side and a fifth of its height (neighbours in a word touch, lines 2.75 pt apart do not),
    must not meet another's."""
    import pdfplumber

    found = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            boxes = sorted((c["top"] + (c["bottom"] - c["top"]) / 5, c["bottom"] - (c["bottom"] - c["top"]) / 5,
                            c["x0"] + (c["x1"] - c["x0"]) / 4, c["x1"] - (c["x1"] - c["x0"]) / 4, c["text"])
                           for c in page.chars if c["text"].strip())
            for i, (top, bottom, left, right, char) in enumerate(boxes):
                for other in boxes[i + 1:]:
                    if other[0] >= bottom:
                        break
                    if other[2] < right and left < other[3]:
                        found.append(f"page {number}: {char!r} at ({left:.0f}, {top:.0f}) on {other[4]!r}")
    return found


# The page's horizontal extent, whether html or body clips what sticks out (a page that hides its overflow
# would pass a scrollWidth check while cutting text off), every element outside the viewport that is not
# inside a box scrolling on its own, and every such box that does scroll: with what it holds and whether
# a keyboard can reach it. An element moved wholly off-screen on purpose (the skip link) is not counted.
HORIZONTAL_EXTENT = """() => {
  const width = document.documentElement.clientWidth, out = [], boxes = [];
  const outside = r => r.right > width + 0.5 || r.left < -0.5;
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || !outside(r) || r.right <= 0) continue;
    let box = e.parentElement, scrolled = false;
    for (; box; box = box.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
        scrolled = !outside(box.getBoundingClientRect());
        break;
      }
    }
    if (!scrolled) out.push(`${e.tagName.toLowerCase()}.${e.className}: ${Math.round(r.left)}-${Math.round(r.right)} px`);
  }
  for (const e of document.body.querySelectorAll('*')) {
    if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
      boxes.push({tables: e.querySelectorAll('table').length, children: e.children.length,
                  tabindex: e.getAttribute('tabindex'), name: e.getAttribute('aria-label') || ''});
  }
  const clip = [document.documentElement, document.body].map(e => getComputedStyle(e).overflowX)
                                                        .filter(o => o === 'hidden' || o === 'clip');
  return {page: document.documentElement.scrollWidth, body: document.body.scrollWidth, width, clip,
          out: out.slice(0, 10), boxes};
}"""
