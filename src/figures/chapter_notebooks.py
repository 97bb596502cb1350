"""Which notebook shows each chapter: the plan of the notebooks a render runs.

A chapter whose notebook only shows its tables (a heading; per table its method, note, table and chart; the
reviewer's cells) is shown by the one template, `notebooks/chapter.ipynb`, run with the parameter
`chapter`. A chapter with cells of its own (the meetings' raw table, the trends' charts) has its own notebook,
`notebooks/<chapter>.ipynb`, which the render runs instead. Either way the executed notebook is named by the
chapter's place in the report: `01_staff.ipynb`, ... (`Registry.notebook_name`).

    plan(notebooks_dir) -> [ChapterNotebook(chapter, source, name, parameters, charts), ...]   in report order

This module imports no chapter (nor pandas) until `plan` is called: the render key
(`figures.render.key`) hashes `notebook_files` to decide an unchanged re-run in a fraction of a second.
"""

from __future__ import annotations

import os
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path

from figures import safe_files

# The notebook of every chapter without one of its own.
TEMPLATE = "chapter.ipynb"


class MissingNotebook(Exception):
    """The template (or the folder) is not there: the message names the folder."""


@dataclass(frozen=True)
class ChapterNotebook:
    """One chapter's notebook in a render: the notebook run (`source`), the executed file's `name` in
    reports/<year>/<lang>/notebooks/, and the parameters it needs beyond the render's own (year, lang, ...)."""

    chapter: str
    source: Path
    name: str
    parameters: dict = field(default_factory=dict, hash=False)
    # How many charts it draws (most of a notebook's time: the render hands out the heaviest first): the
    # chapter's tables with a chart when run from the template, its `chart(` calls when it has its own.
    charts: int = 0

    @property
    def stem(self) -> str:
        """The executed notebook's name without `.ipynb` (`01_staff`)."""
        return Path(self.name).stem


def chapter_names() -> list[str]:
    """The names of the chapter modules (a chapter is named after its module), without importing them."""
    import figures.chapters

    return sorted(info.name for info in pkgutil.iter_modules(figures.chapters.__path__))


def own_notebook(notebooks_dir: Path, chapter: str) -> Path | None:
    """A chapter's own notebook, `<chapter>.ipynb`, if the folder holds one (of any kind: a pipe or a device by
    that name is refused by `plan`, not passed over)."""
    path = Path(notebooks_dir) / f"{chapter}.ipynb"
    return path if os.path.lexists(path) else None


def notebook_files(notebooks_dir: Path) -> list[Path]:
    """Every notebook a render of `notebooks_dir` may run: the template and the chapters' own (an analyst's
    other notebooks in the folder are none of them)."""
    names = [TEMPLATE] + [f"{chapter}.ipynb" for chapter in chapter_names()]
    return [Path(notebooks_dir) / name for name in names if (Path(notebooks_dir) / name).is_file()]


def plan(notebooks_dir: Path, message_lang: str | None = None) -> list[ChapterNotebook]:
    """The notebook of every chapter of the registry, in report order: its own, or the template with
    `chapter` as parameter. Raises MissingNotebook (its message in `message_lang`, default Dutch) when a
    chapter has neither."""
    from figures.i18n import DEFAULT_LANG, text
    from figures.registry import REGISTRY

    notebooks_dir = Path(notebooks_dir)
    template = notebooks_dir / TEMPLATE
    planned = []
    for chapter in REGISTRY.chapters:
        own = own_notebook(notebooks_dir, chapter.name)
        if own is None and not os.path.lexists(template):
            raise MissingNotebook(text("render.missing_notebooks", message_lang or DEFAULT_LANG, folder=notebooks_dir))
        source = own or template
        # A pipe or a device by a notebook's name would hang the render.
        safe_files.check_regular(source, safe_files.MAX_TEXT_BYTES)
        charts = source.read_text(encoding="utf-8").count("chart(") if own \
            else sum(table.chart is not None for table in chapter.tables)
        planned.append(ChapterNotebook(chapter.name, source, REGISTRY.notebook_name(chapter.name),
                                       {} if own else {"chapter": chapter.name}, charts))
    return planned
