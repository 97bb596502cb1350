"""Execute the chapter notebooks with papermill, in one warm kernel.

Starting a kernel and importing pandas and matplotlib is most of the time of
a papermill run (about 3 s of 3.4 s measured here), so a render starts one
kernel and runs every notebook, in every language, in it. Before each
notebook the kernel's namespace is reset (`%reset -f`) and figures closed, so
a notebook sees nothing of the one before it, only the already imported
modules; it is executed by papermill as usual (parameters injected, outputs
and errors recorded in the executed notebook).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import papermill
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.exceptions import PapermillExecutionError

RESET = "get_ipython().run_line_magic('reset', '-f')\nimport matplotlib\nmatplotlib.pyplot.close('all') if 'matplotlib.pyplot' in __import__('sys').modules else None"
WARM_UP = "import pandas, matplotlib, figures.present, figures.charts, figures.notebook"


class NotebookFailed(Exception):
    """A cell of a notebook raised: which notebook, which cell, what error."""

    def __init__(self, notebook: Path, cell: int, error: str):
        super().__init__(f"{notebook.name}, cell {cell}: {error}")
        self.notebook = notebook
        self.cell = cell
        self.error = error


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
        run_sync(self.km.start_kernel)(cwd=str(self.cwd))
        self.run(WARM_UP)
        return self

    def run(self, code: str) -> None:
        """Run `code` in the kernel, outside any notebook."""
        # A fresh client each time: papermill's own client leaves the event loop
        # that an older client's channels were bound to.
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
        self.run(RESET)
        try:
            papermill.execute_notebook(str(notebook), str(output), parameters=parameters, km=self.km,
                                       request_save_on_cell_execute=False,
                                       kernel_name="python3", progress_bar=False, cwd=str(self.cwd),
                                       log_output=False)
        except PapermillExecutionError as error:
            raise NotebookFailed(notebook, error.exec_count or error.cell_index, f"{error.ename}: {error.evalue}") from None

    def __exit__(self, *exc) -> None:
        if self.km is not None:
            run_sync(self.km.shutdown_kernel)(now=True)
            shutil.rmtree(self.sockets, ignore_errors=True)
