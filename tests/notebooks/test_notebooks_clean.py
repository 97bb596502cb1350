"""The committed chapter notebooks are clean and thin.

Clean: no outputs, no execution counts (the executed copies live in reports/).
Parameterised: exactly one cell tagged `parameters` (papermill injects after
it) that sets year = 2025 and the language. Thin: the code only imports from
the `figures` package and does no reading or plotting of its own.
"""

from __future__ import annotations

import ast

import nbformat
import pytest

from render_support import NOTEBOOKS

PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
IDS = [p.name for p in PATHS]
LANGUAGES = ("nl", "fr", "de", "en")


def _read(path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _code(notebook) -> list:
    return [c for c in notebook.cells if c.cell_type == "code"]


def _tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def test_the_notebooks_are_the_template_and_the_chapters_own():
    """notebooks/ holds the template (chapter.ipynb), whose `chapter` parameter names a chapter, and the own
    notebooks of the chapters that have cells of their own (named after the chapter): nothing a render would
    not run, so that an analyst never edits a notebook that shows nothing."""
    from figures.chapter_notebooks import TEMPLATE
    from figures.registry import REGISTRY

    chapters = [c.name for c in REGISTRY.chapters]
    assert TEMPLATE in IDS
    assert [n for n in IDS if n != TEMPLATE and n.removesuffix(".ipynb") not in chapters] == [], IDS
    (cell,) = [c for c in _read(NOTEBOOKS / TEMPLATE).cells if "parameters" in _tags(c)]
    default = next(ast.literal_eval(n.value) for n in ast.parse(cell.source).body if n.targets[0].id == "chapter")
    assert default in chapters


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_valid_nbformat_4(path):
    notebook = _read(path)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_committed_without_outputs_or_execution_counts(path):
    notebook = _read(path)
    dirty = [n for n, c in enumerate(notebook.cells, 1)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs or execution counts"
    assert not [n for n, c in enumerate(notebook.cells, 1) if c.get("attachments")], path.name


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_one_parameters_cell_with_year_2025_and_lang(path):
    notebook = _read(path)
    tagged = [c for c in notebook.cells if "parameters" in _tags(c)]
    assert len(tagged) == 1, f"{path.name}: {len(tagged)} cells tagged parameters"
    cell = tagged[0]
    assert cell.cell_type == "code"
    assert not [c for c in notebook.cells if "injected-parameters" in _tags(c)], f"{path.name}: an injected cell"
    values = {}
    for node in ast.parse(cell.source).body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, f"{path.name}: not a plain assignment"
        values[node.targets[0].id] = ast.literal_eval(node.value)
    assert values.get("year") == 2025, values
    assert values.get("lang") in LANGUAGES, values
    # The parameters come before any other code, so papermill's values override the defaults.
    assert _code(notebook)[0] is cell, f"{path.name}: code before the parameters cell"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_code_imports_only_from_figures(path):
    notebook = _read(path)
    imported = []
    for cell in _code(notebook):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Import):
                imported += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                imported.append("." * node.level + (node.module or ""))
            elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
                imported.append("__import__")
    outside = [name for name in imported if name.split(".")[0] != "figures"]
    assert imported, f"{path.name}: imports nothing from figures"
    assert not outside, f"{path.name}: imports {outside}"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_code_is_thin(path):
    notebook = _read(path)
    for number, cell in enumerate(notebook.cells, 1):
        if cell.cell_type != "code":
            continue
        for banned in ("open(", "read_excel", "read_csv", "read_parquet", "plt.", "pyplot", "get_ipython"):
            assert banned not in cell.source, f"{path.name}, cell {number}: {banned!r} in\n{cell.source}"
        # No shell commands or magics either.
        assert not [l for l in cell.source.splitlines() if l.lstrip().startswith(("!", "%"))], \
            f"{path.name}, cell {number}: a shell command or magic"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_every_markdown_cell_is_a_catalogue_text_and_holds_the_english_one(path):
    """The explanations come from the catalogues (a render writes them in the report's language): each
    markdown cell names its entries, which every catalogue has, and holds the English text exactly, so
    that the notebook an analyst opens says what the catalogue says."""
    from figures.i18n import has, text
    from figures.render.execute import prose_keys

    for number, cell in enumerate(_read(path).cells, start=1):
        if cell.cell_type != "markdown":
            continue
        keys = prose_keys(cell)
        assert keys, f"{path.name}, cell {number}: a markdown cell names no catalogue entry"
        missing = [(k, lang) for k in keys for lang in LANGUAGES if not has(k, lang)]
        assert not missing, f"{path.name}, cell {number}: {missing}"
        assert cell.source == "\n\n".join(text(k, "en") for k in keys), \
            f"{path.name}, cell {number}: differs from the English catalogue ({', '.join(keys)})"
