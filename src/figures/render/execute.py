"""Execute the chapter notebooks with papermill, in warm kernels.

Starting a kernel and importing pandas and matplotlib is most of the time of
a papermill run (about 3 s of 3.4 s measured here), so a render starts its
kernels once (`KernelPool`: one per core, two at most by default) and runs
every notebook, in every language, in them. Each notebook gets a first cell
that empties the namespace (as `%reset -f` would) and closes figures, so it
sees nothing of the notebook before it, only already imported modules. That
cell is removed from the executed notebook afterwards and the execution
counts are renumbered from 1, so the reviewer's copy reads as a fresh run,
whichever kernel ran it. Its markdown cells are written in the report's
language first (`in_language`: each names its catalogue entries in its
metadata), so the executed notebook reads in one language throughout.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError

from figures.i18n import text
from figures.problems import msg

RESET_TAG = "figures-reset"
# What `%reset -f` does for a notebook's code, without its full garbage collection (127 ms a notebook,
# measured, against 4 ms): the names the notebook before defined, the outputs it kept (Out, _1, _), its
# inputs' variables (_i1; like %reset, the input history In stays), its `from __future__` flags; and the
# figures pyplot holds are closed. tests/notebooks/test_kernel_reset.py checks it.
RESET = """def _figures_reset(ip=get_ipython()):
    import sys
    hook = ip.displayhook
    for n in range(1, max(hook.prompt_count, ip.execution_count) + 1):
        for name in (f"_{n}", f"_i{n}"):
            ip.user_ns_hidden.pop(name, None)
            ip.user_ns.pop(name, None)
    hook._, hook.__, hook.___ = "", "", ""
    ip.history_manager.reset(new_session=False)
    names = ip.user_ns
    for name in [n for n in names if n not in ip.user_ns_hidden]:
        del names[name]
    names.update({"_": "", "__": "", "___": ""})
    ip.compile.reset_compiler_flags()
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
_figures_reset()"""


# A markdown cell's metadata naming the catalogue entries it says (joined by a blank line):
# {"figures": {"text": ["notebook_text.staff.intro", "notebook_text.thin"]}}. The committed notebooks hold the
# English text (a test keeps it equal to the catalogue); a render writes the report's language.
PROSE_METADATA = "figures"


def prose_keys(cell) -> list[str]:
    """The catalogue keys of a markdown cell's text (none for a cell that names none)."""
    if cell.get("cell_type") != "markdown":
        return []
    keys = cell.get("metadata", {}).get(PROSE_METADATA, {}).get("text", [])
    return [keys] if isinstance(keys, str) else list(keys)


def in_language(notebook: nbformat.NotebookNode, lang: str) -> None:
    """Write every markdown cell that names its catalogue entries in `lang` (the explanations, the reviewer's
    headings): an executed notebook reads in the report's language throughout."""
    for cell in notebook.cells:
        keys = prose_keys(cell)
        if keys:
            cell.source = "\n\n".join(text(key, lang) for key in keys)


class NotebookFailed(Exception):
    """A cell of a notebook raised: which notebook, which cell, what error."""

    def __init__(self, notebook: Path, cell: int, error: str):
        super().__init__(f"{notebook.name}, cell {cell}: {error}")
        self.notebook = notebook
        self.cell = cell
        self.error = error


# The first cell of a reviewer's notebook, which the render adds: the reviewer's summary (figures to check).
SUMMARY_TAG = "figures-summary"
# Cells added to the executed notebook (papermill's parameters and red error banners, the render's summary).
ADDED_TAGS = {"injected-parameters", "papermill-error-cell-tag", SUMMARY_TAG}


# What papermill and nbclient record of when things ran: the manifest keeps the timings, the executed
# notebook stays the same from one render to the next.
TIME_KEYS = ("start_time", "end_time", "duration")


def _without_times(notebook: nbformat.NotebookNode) -> None:
    """Remove the times of the run from an executed notebook, and give papermill's parameters cell a fixed id
    (nbformat mints a random one)."""
    for key in TIME_KEYS:
        notebook.metadata.get("papermill", {}).pop(key, None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        for key in TIME_KEYS:
            cell.metadata.get("papermill", {}).pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []) and "parameters" not in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"


INJECTED_HEADER = "# Parameters"


def _one_parameters_cell(notebook: nbformat.NotebookNode) -> None:
    """One parameters cell that tells the truth: papermill adds the values of the run in a cell after the
    notebook's own (whose defaults, `year = 2025`, would stand beside them); the run's values replace the
    defaults in the notebook's cell, and papermill's cell goes."""
    cells = notebook.cells
    own = next((i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])), None)
    injected = next((i for i, c in enumerate(cells) if "injected-parameters" in c.metadata.get("tags", [])), None)
    if own is None or injected is None:
        return
    values = cells[injected].source
    if values.startswith(INJECTED_HEADER):
        values = values[len(INJECTED_HEADER):].lstrip("\n")
    cell = cells[own]
    cell.source = "# Parameters of this run (the notebook's defaults are in notebooks/" + \
        Path(notebook.metadata.get("papermill", {}).get("input_path", "")).name + ")\n" + values
    cell.metadata["tags"] = ["parameters", "injected-parameters"]
    cell.execution_count = cells[injected].execution_count
    cell.outputs = cells[injected].outputs
    del cells[injected]


def _tidy(output: Path, source: Path) -> str | None:
    """Drop the reset cell, renumber executions from 1; return where a cell failed: `6 (In [5])`.

    The number is the cell's position (from 1) in the notebook as written,
    which is what an analyst finds in JupyterLab (the cells papermill added
    are not counted), then its execution count in the kept executed notebook.
    """
    notebook = nbformat.read(output, as_version=4)
    notebook.cells = [c for c in notebook.cells if RESET_TAG not in c.metadata.get("tags", [])]
    _without_times(notebook)
    # papermill records the input as given (here the whole notebook with the reset cell) and the
    # staging path; the reviewer needs the notebook's own path and the name in the report.
    record = notebook.metadata.get("papermill", {})
    record["input_path"] = str(source)
    record["output_path"] = f"notebooks/{output.name}"
    _one_parameters_cell(notebook)
    failed, count, number = None, 0, 0
    for cell in notebook.cells:
        tags = set(cell.metadata.get("tags", []))
        if "parameters" in tags or not ADDED_TAGS & tags:
            number += 1
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
            for item in cell.outputs:
                if "execution_count" in item:
                    item.execution_count = count
        if failed is None and any(o.get("output_type") == "error" for o in cell.outputs):
            # A cell whose kernel died before it said its number would have been the next one.
            failed = f"{number} (In [{count if cell.get('execution_count') is not None else count + 1}])"
    nbformat.write(notebook, output)
    return failed


# A cell that runs longer than this (seconds) stops the render; `figures render --cell-timeout` changes it.
CELL_TIMEOUT = 600


class KernelStopped(Exception):
    """The kernel died, or a cell ran past its timeout: the notebook as far as it got, and the cell running."""

    def __init__(self, notebook: nbformat.NotebookNode, cell_index: int | None, error: Exception):
        super().__init__(str(error))
        self.notebook = notebook
        self.cell_index = cell_index
        self.error = error


class FiguresEngine(NBClientEngine):
    """papermill's nbclient engine, which also says which cell was running when the kernel died or a cell
    timed out (papermill itself only raises nbclient's error, and writes nothing)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        try:
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        except (DeadKernelError, CellTimeoutError) as error:
            # The last cell papermill started (it marks the cell completed on the way out, even so).
            started = [i for i, cell in enumerate(nb_man.nb.cells)
                       if cell.metadata.get("papermill", {}).get("start_time")]
            raise KernelStopped(nb_man.nb, started[-1] if started else None, error) from None


papermill_engines.register(FIGURES_ENGINE := "figures", FiguresEngine)


def run_notebook(kernel, notebook: Path, output: Path, parameters: dict, timeout: float = CELL_TIMEOUT,
                 summary: str | None = None) -> None:
    """Run `notebook` with papermill in `kernel` (a warm one) into `output`; raise NotebookFailed naming the cell, also when the
    kernel dies or a cell runs longer than `timeout` seconds (the notebook as far as it got is kept). `summary`
    (Markdown: the reviewer's summary, figures.notebook.review_summary) is the executed notebook's first cell."""
    kernel.warm_up()
    source = nbformat.read(notebook, as_version=4)
    if parameters.get("lang"):
        in_language(source, parameters["lang"])
    source.cells.insert(0, nbformat.v4.new_code_cell(RESET, metadata={"tags": [RESET_TAG]}))
    if summary:
        source.cells.insert(0, nbformat.v4.new_markdown_cell(summary, metadata={"tags": [SUMMARY_TAG]},
                                                             id=SUMMARY_TAG))
    try:
        papermill.execute_notebook(source, str(output), parameters=parameters, km=kernel.km,
                                   kernel_name="python3", progress_bar=False, cwd=str(kernel.cwd),
                                   request_save_on_cell_execute=False, log_output=False,
                                   engine_name=FIGURES_ENGINE, execution_timeout=timeout)
    except PapermillExecutionError as error:
        cell = _tidy(output, notebook) if output.exists() else None
        raise NotebookFailed(notebook, cell or error.cell_index, f"{error.ename}: {error.evalue}") from None
    except KernelStopped as stopped:
        if stopped.cell_index is not None:      # mark the cell, as papermill marks a cell that raised
            stopped.notebook.cells[stopped.cell_index].outputs.append(nbformat.v4.new_output(
                "error", ename=type(stopped.error).__name__, evalue=str(stopped.error), traceback=[]))
        nbformat.write(stopped.notebook, output)
        cell = _tidy(output, notebook)
        what = msg("render.cell_timeout", seconds=f"{timeout:g}") if isinstance(stopped.error, CellTimeoutError) \
            else msg("render.kernel_died")
        raise NotebookFailed(notebook, cell or "?", what) from None
    _tidy(output, notebook)
