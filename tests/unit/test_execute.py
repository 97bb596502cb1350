"""Executing notebooks (render/execute.py): what the reviewer's executed copy looks like after the run.

The warm kernel itself runs in the notebook layer (tests/notebooks); here the tidying of an executed
notebook is checked on hand-built ones: the render's reset cell removed, executions numbered from 1 as
in a fresh run, papermill's record pointing at the notebook and its place in the report, and a failed
cell named as an analyst finds it in JupyterLab.
"""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from figures.render import execute, kernels


def _executed(tmp_path, failing: bool = False):
    cells = [
        new_code_cell(execute.RESET, metadata={"tags": [execute.RESET_TAG]}, execution_count=1),
        new_markdown_cell("# Staff"),
        new_code_cell("year = 2025", metadata={"tags": ["parameters"]}, execution_count=2),
        new_code_cell("# Parameters\nyear = 2024", metadata={"tags": ["injected-parameters"]}, execution_count=3),
        new_code_cell("report = open_report(year, lang)", execution_count=4,
                      outputs=[new_output("execute_result", data={"text/plain": "x"}, execution_count=4)]),
        new_code_cell("1/0" if failing else "report.table('age_bands')", execution_count=5,
                      outputs=[new_output("error", ename="ZeroDivisionError", evalue="division by zero",
                                          traceback=[])] if failing else []),
        new_code_cell("report.chart('age_bands')", execution_count=None),
    ]
    notebook = new_notebook(cells=cells)
    notebook.metadata["papermill"] = {"input_path": "<the notebook given>", "output_path": "/tmp/stage/x.ipynb"}
    path = tmp_path / "01_staff.ipynb"
    nbformat.write(notebook, path)
    return path


def test_the_reset_cell_goes_and_executions_count_from_1(tmp_path):
    path = _executed(tmp_path)
    assert execute._tidy(path, tmp_path / "notebooks" / "01_staff.ipynb") is None
    notebook = nbformat.read(path, as_version=4)
    assert not any(execute.RESET_TAG in c.metadata.get("tags", []) for c in notebook.cells)
    counts = [c.execution_count for c in notebook.cells if c.cell_type == "code"]
    assert counts == [1, 2, 3, None]                             # one parameters cell (see below)
    assert notebook.cells[2].outputs[0].execution_count == 2      # the output follows its cell


def test_papermill_record_names_the_notebook_and_its_place_in_the_report(tmp_path):
    path = _executed(tmp_path)
    source = tmp_path / "notebooks" / "01_staff.ipynb"
    execute._tidy(path, source)
    record = nbformat.read(path, as_version=4).metadata["papermill"]
    assert record["input_path"] == str(source)
    assert record["output_path"] == "notebooks/01_staff.ipynb"


def test_a_failed_cell_is_named_by_its_place_in_the_notebook_and_its_execution_count(tmp_path):
    # As written, the notebook is: 1 markdown, 2 parameters, 3 open_report, 4 the failing cell (the injected
    # parameters cell is papermill's, the reset cell the render's: neither counts). Executed and tidied, it
    # is In [3]: the reset cell gone, the parameters (with the run's values) 1, open_report 2.
    path = _executed(tmp_path, failing=True)
    assert execute._tidy(path, tmp_path / "01_staff.ipynb") == "4 (In [3])"


def test_one_parameters_cell_with_the_values_of_the_run(tmp_path):
    path = _executed(tmp_path)
    execute._tidy(path, tmp_path / "notebooks" / "01_staff.ipynb")
    notebook = nbformat.read(path, as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and not [c for c in notebook.cells
                                     if c.metadata.get("tags") == ["injected-parameters"]]
    (cell,) = tagged
    assert cell.source.endswith("year = 2024") and "year = 2025" not in cell.source   # the run's, not the default
    assert "notebooks/01_staff.ipynb" in cell.source.splitlines()[0]


def test_the_render_uses_no_private_attribute_of_jupyter_client_nbclient_ipython_or_matplotlib():
    # Issue 19: no override or call of another package's internals (an upgrade would break them silently).
    # Every attribute the render's modules, and the reset cell run in the kernel, reach is a public one.
    import ast
    from pathlib import Path

    import figures.render

    folder = Path(figures.render.__file__).parent
    sources = {name: (folder / f"{name}.py").read_text(encoding="utf-8")
               for name in ("kernels", "execute", "run", "pdf", "write")}
    sources["RESET"] = execute.RESET
    private = []
    for name, source in sources.items():
        for node in ast.walk(ast.parse(source)):
            names = [node.attr] if isinstance(node, ast.Attribute) else \
                [a.name for a in node.names] if isinstance(node, ast.ImportFrom) else []
            private += [(name, node.lineno, n) for n in names if n.startswith("_") and not n.endswith("__")]
    assert private == []


def test_socket_folders_of_killed_renders_are_removed(tmp_path):
    import os

    dead = tmp_path / f"{kernels.SOCKETS_PREFIX}999999999-abc"    # no such process
    alive = tmp_path / f"{kernels.SOCKETS_PREFIX}{os.getpid()}-def"
    other = tmp_path / "figures-kernel-notes"
    for folder in (dead, alive, other):
        folder.mkdir()
    assert kernels.remove_orphan_sockets(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name])


def test_markdown_cells_are_written_in_the_report_language():
    """A markdown cell that names its catalogue entries says them in the report's language, joined by a blank
    line; a cell that names none is left as it is."""
    notebook = new_notebook(cells=[
        new_markdown_cell("# Staff", metadata={"figures": {"text": ["chapter.staff"]}}),
        new_markdown_cell("Two", metadata={"figures": {"text": ["chapter.staff", "chapter.training"]}}),
        new_markdown_cell("Left as it is"),
        new_code_cell("report.heading('staff')", metadata={"figures": {"text": ["chapter.budget"]}}),
    ])
    execute.in_language(notebook, "nl")
    assert [c.source for c in notebook.cells] == ["Personeel", "Personeel\n\nOpleidingen", "Left as it is",
                                                  "report.heading('staff')"]
    execute.in_language(notebook, "fr")
    assert notebook.cells[1].source == "Personnel\n\nFormations"
