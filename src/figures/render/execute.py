"""Execute the chapter notebooks in warm kernels: nbclient's async API, papermill's parameters and records.

Starting a kernel and importing pandas and matplotlib is most of the time of
a papermill run (about 3 s of 3.4 s measured here), so a render starts its
kernels once (figures.render.kernels: one per core, two at most by default)
and runs every notebook, in every language, in them, on one event loop. Each
notebook gets a first cell that empties the namespace (IPython's reset, as
`%reset -f`) and closes figures, so it sees nothing of the notebook before
it, only already imported modules. That cell is removed from the executed
notebook afterwards and the execution counts are renumbered from 1, so the
reviewer's copy reads as a fresh run, whichever kernel ran it. Its markdown
cells are written in the report's language first (`in_language`: each names
its catalogue entries in its metadata), so the executed notebook reads in
one language throughout.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from papermill.engines import NotebookExecutionManager
from papermill.exceptions import PapermillExecutionError
from papermill.execute import prepare_notebook_metadata, raise_for_execution_errors, remove_error_markers
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from figures.i18n import text
from figures.problems import msg

RESET_TAG = "figures-reset"
# What `%reset -f` does (IPython's public `reset`: the names the notebook before defined, the outputs it kept,
# Out, _1, _), with the figures pyplot holds closed, and the last outputs `_`, `__`, `___` empty as in a fresh
# kernel (the reset removes them). IPython's reset makes a garbage collection, which the kernel's warm-up made
# cheap by freezing the objects of its imports (figures.render.kernels.WARM_UP).
# tests/notebooks/test_kernel_reset.py checks it.
RESET = '''__import__("matplotlib.pyplot").pyplot.close("all")
get_ipython().reset(new_session=False)
get_ipython().user_ns.update({"_": "", "__": "", "___": ""})'''


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


KERNEL_NAME = "python3"
# A cell that runs longer than this (seconds) stops the render; `figures render --cell-timeout` changes it.
CELL_TIMEOUT = 600


async def run_notebook(kernel, notebook: Path, output: Path, parameters: dict, timeout: float = CELL_TIMEOUT,
                       summary: str | None = None) -> None:
    """Run `notebook` in `kernel` (a ready one: figures.render.kernels.Kernel) into `output`, with papermill's
    parameters and records, by nbclient's async API on the kernel's one client; raise NotebookFailed naming the
    cell, also when the kernel dies or a cell runs longer than `timeout` seconds (the notebook as far as it got
    is kept). `summary` (Markdown: the reviewer's summary, figures.notebook.review_summary) is the executed
    notebook's first cell."""
    source = nbformat.read(notebook, as_version=4)
    if parameters.get("lang"):
        in_language(source, parameters["lang"])
    source.cells.insert(0, nbformat.v4.new_code_cell(RESET, metadata={"tags": [RESET_TAG]}))
    if summary:
        source.cells.insert(0, nbformat.v4.new_markdown_cell(summary, metadata={"tags": [SUMMARY_TAG]},
                                                             id=SUMMARY_TAG))
    # What papermill.execute_notebook does before it runs a notebook, by its own functions.
    nb = parameterize_notebook(load_notebook_node(source), parameters, kernel_name=KERNEL_NAME)
    nb = remove_error_markers(prepare_notebook_metadata(nb, str(notebook), str(output)))
    records = NotebookExecutionManager(nb, progress_bar=False)
    client = NotebookClient(nb, km=kernel.km, timeout=timeout, startup_timeout=60, kernel_name=KERNEL_NAME,
                            raise_on_iopub_timeout=True)
    client.kc = kernel.kc       # started and ready: nbclient neither starts a kernel nor waits for one
    records.notebook_start()
    index = None
    try:
        for index, cell in enumerate(nb.cells):
            try:
                records.cell_start(cell, index)
                await client.async_execute_cell(cell, index)
            except CellExecutionError as error:
                records.cell_exception(nb.cells[index], cell_index=index, exception=error)
                break
            finally:
                records.cell_complete(nb.cells[index], cell_index=index)
        reply = await client.async_wait_for_reply(kernel.kc.kernel_info())
        nb.metadata["language_info"] = reply["content"]["language_info"]
        client.set_widgets_metadata()
    except (DeadKernelError, CellTimeoutError) as error:
        if asyncio.current_task().cancelling():
            # The render is cancelled (Ctrl-C, another notebook failed): nbclient takes the cancellation of
            # the cell it awaits for its kernel's death. Not a notebook that failed.
            raise asyncio.CancelledError from None
        records.notebook_complete()
        if index is not None:               # mark the cell, as papermill marks a cell that raised
            nb.cells[index].outputs.append(nbformat.v4.new_output(
                "error", ename=type(error).__name__, evalue=str(error), traceback=[]))
        nbformat.write(nb, output)
        cell = _tidy(output, notebook)
        what = msg("render.cell_timeout", seconds=f"{timeout:g}") if isinstance(error, CellTimeoutError) \
            else msg("render.kernel_died")
        raise NotebookFailed(notebook, cell or "?", what) from None
    records.notebook_complete()
    try:
        raise_for_execution_errors(nb, str(output))       # writes the notebook, with papermill's red banners
    except PapermillExecutionError as error:
        cell = _tidy(output, notebook) if output.exists() else None
        raise NotebookFailed(notebook, cell or error.cell_index, f"{error.ename}: {error.evalue}") from None
    nbformat.write(nb, output)
    _tidy(output, notebook)
