"""Execute the chapter notebooks with papermill, in one warm kernel.

Starting a kernel and importing pandas and matplotlib is most of the time of
a papermill run (about 3 s of 3.4 s measured here), so a render starts one
kernel and runs every notebook, in every language, in it. Each notebook gets a
first cell that resets the namespace (`%reset -f`) and closes figures, so it
sees nothing of the notebook before it, only already imported modules. That
cell is removed from the executed notebook afterwards and the execution
counts are renumbered from 1, so the reviewer's copy reads as a fresh run.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from queue import Empty
from pathlib import Path

import nbformat
import papermill
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.exceptions import PapermillExecutionError

RESET_TAG = "figures-reset"
RESET = """get_ipython().run_line_magic("reset", "-f")
import sys as _sys
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
del _sys"""
WARM_UP = "import pandas, pyarrow, matplotlib, figures.present, figures.charts, figures.notebook"


class NotebookFailed(Exception):
    """A cell of a notebook raised: which notebook, which cell, what error."""

    def __init__(self, notebook: Path, cell: int, error: str):
        super().__init__(f"{notebook.name}, cell {cell}: {error}")
        self.notebook = notebook
        self.cell = cell
        self.error = error


# Cells that papermill adds to the executed notebook (parameters, red error banners).
ADDED_TAGS = {"injected-parameters", "papermill-error-cell-tag"}


def _tidy(output: Path, source: Path) -> str | None:
    """Drop the reset cell, renumber executions from 1; return where a cell failed: `6 (In [5])`.

    The number is the cell's position (from 1) in the notebook as written,
    which is what an analyst finds in JupyterLab (the cells papermill added
    are not counted), then its execution count in the kept executed notebook.
    """
    notebook = nbformat.read(output, as_version=4)
    notebook.cells = [c for c in notebook.cells if RESET_TAG not in c.metadata.get("tags", [])]
    # papermill records the input as given (here the whole notebook with the reset cell) and the
    # staging path; the reviewer needs the notebook's own path and the name in the report.
    record = notebook.metadata.get("papermill", {})
    record["input_path"] = str(source)
    record["output_path"] = f"notebooks/{output.name}"
    failed, count, number = None, 0, 0
    for cell in notebook.cells:
        if not ADDED_TAGS & set(cell.metadata.get("tags", [])):
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
            failed = f"{number} (In [{count}])"
    nbformat.write(notebook, output)
    return failed


class ReadyClient(AsyncKernelClient):
    """A kernel client that is ready 0.2 s sooner.

    jupyter_client's `wait_for_ready` ends by draining IOPub until 0.2 s pass
    without a message, on every client; papermill makes one client per
    notebook. Here the drain stops after 10 ms of silence: a late status
    message of the kernel_info request is ignored by nbclient anyway (it only
    reads messages whose parent is its own request).
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else 60)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # IOPub is connected once it carries the kernel's status for that request
                    await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError("Kernel didn't respond in time")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=0.01)
            except Empty:
                break


def _quick_client_fits() -> bool:
    """ReadyClient uses two internals of jupyter_client (pinned in requirements.lock); should an
    upgrade drop them, the standard client is used, 0.2 s slower per notebook."""
    return all(hasattr(AsyncKernelClient, name) for name in ("_async_is_alive", "_handle_kernel_info_reply"))


class WarmKernel:
    """One IPython kernel of this environment, kept alive across notebooks."""

    def __init__(self, cwd: Path):
        self.cwd = Path(cwd)
        self.km = None

    def __enter__(self) -> "WarmKernel":
        # IPC sockets in a private folder: no TCP port, nothing readable by other users.
        self.sockets = tempfile.mkdtemp(prefix="figures-kernel-")
        self.km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(Path(self.sockets) / "kernel"))
        # The kernel runs this interpreter, whatever kernelspecs the machine has.
        self.km.kernel_cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        if _quick_client_fits():
            self.km.client_class = f"{__name__}.ReadyClient"
        run_sync(self.km.start_kernel)(cwd=str(self.cwd))
        self.warm = False
        return self

    def warm_up(self) -> None:
        """Wait for the kernel and import what every notebook needs (once)."""
        if not self.warm:
            self._run(WARM_UP)
            self.warm = True

    def _run(self, code: str) -> None:
        client = self.km.client()
        client.start_channels()
        try:
            run_sync(client.wait_for_ready)(timeout=60)
            reply = run_sync(client.execute_interactive)(code, store_history=False, timeout=120,
                                                         output_hook=lambda message: None)
        finally:
            client.stop_channels()
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")

    def execute(self, notebook: Path, output: Path, parameters: dict) -> None:
        """Run `notebook` with papermill into `output`; raise NotebookFailed naming the cell."""
        self.warm_up()
        source = nbformat.read(notebook, as_version=4)
        source.cells.insert(0, nbformat.v4.new_code_cell(RESET, metadata={"tags": [RESET_TAG]}))
        try:
            papermill.execute_notebook(source, str(output), parameters=parameters, km=self.km,
                                       kernel_name="python3", progress_bar=False, cwd=str(self.cwd),
                                       request_save_on_cell_execute=False, log_output=False)
        except PapermillExecutionError as error:
            cell = _tidy(output, notebook) if output.exists() else None
            raise NotebookFailed(notebook, cell or error.cell_index, f"{error.ename}: {error.evalue}") from None
        _tidy(output, notebook)

    def __exit__(self, *exc) -> None:
        if self.km is not None:
            run_sync(self.km.shutdown_kernel)(now=True)
            shutil.rmtree(self.sockets, ignore_errors=True)
