"""The kernels a render runs its notebooks in: IPython kernels of this environment, started once, kept warm.

Only jupyter_client is imported here, so that `figures render` starts its kernels (each in its own process)
before it imports pandas, papermill and the rest: they get ready while this process imports and validates.
Running a notebook in one is figures.render.execute.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

WARM_UP = "import pandas, pyarrow, matplotlib, figures.present, figures.charts, figures.notebook"


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


SOCKETS_PREFIX = "figures-kernel-"


def remove_orphan_sockets(folder: Path | None = None) -> list[Path]:
    """Remove the socket folders of renders whose process is gone (killed with kill -9, a power cut)."""
    removed = []
    for path in Path(folder or tempfile.gettempdir()).glob(f"{SOCKETS_PREFIX}*-*"):
        pid = path.name[len(SOCKETS_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or not path.is_dir() or path.stat().st_uid != os.getuid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        except PermissionError:   # alive, another user's
            pass
    return removed


class WarmKernel:
    """One IPython kernel of this environment, kept alive across notebooks."""

    def __init__(self, cwd: Path):
        self.cwd = Path(cwd)
        self.km = None

    def __enter__(self) -> "WarmKernel":
        # IPC sockets in a private folder: no TCP port, nothing readable by other users. The folder
        # carries this process's id, so that the next render removes those of renders that were killed.
        remove_orphan_sockets()
        self.sockets = tempfile.mkdtemp(prefix=f"{SOCKETS_PREFIX}{os.getpid()}-")
        # Its connection file (which holds the kernel's key) in the same folder, not as a tmp*.json of the
        # temporary folder: a render killed with kill -9 leaves nothing the next one does not remove.
        self.km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(Path(self.sockets) / "kernel"),
                                     connection_file=str(Path(self.sockets) / "kernel.json"))
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

    def execute(self, notebook: Path, output: Path, parameters: dict, timeout: float | None = None,
                summary: str | None = None) -> None:
        """Run `notebook` with papermill into `output`, `summary` its first cell
        (figures.render.execute.run_notebook)."""
        from figures.render import execute

        execute.run_notebook(self, notebook, output, parameters, execute.CELL_TIMEOUT if timeout is None else timeout,
                             summary)

    def interrupt(self) -> None:
        """Stop the cell running (as Ctrl-C in JupyterLab does): the notebook's execution ends with an error."""
        if self.km is not None:
            try:
                run_sync(self.km.interrupt_kernel)()
            except Exception:       # a kernel already gone is stopped enough
                pass

    def __exit__(self, *exc) -> None:
        if self.km is not None:
            run_sync(self.km.shutdown_kernel)(now=True)
            shutil.rmtree(self.sockets, ignore_errors=True)


# Two kernels on two cores: a render of nl and fr 9.1 s -> 7.9 s (--jobs 1 against 2, measured); a third
# was slower. Each kernel costs its imports (about 1 s of a core) and the memory of a year's tables.
DEFAULT_KERNELS = 2


def default_kernels() -> int:
    """One kernel per core, DEFAULT_KERNELS at most."""
    return max(1, min(DEFAULT_KERNELS, os.cpu_count() or 1))


class KernelPool:
    """`size` warm kernels, started together (each in its own process), for notebooks run side by side."""

    def __init__(self, cwd: Path, size: int = 1):
        self.kernels = [WarmKernel(cwd) for _ in range(max(1, size))]

    def __enter__(self) -> "KernelPool":
        try:
            for kernel in self.kernels:
                kernel.__enter__()
        except BaseException:
            self.__exit__()
            raise
        return self

    def warm_up(self) -> None:
        """Wait for every kernel and run its imports, all at once."""
        errors = []

        def warm(kernel):
            try:
                kernel.warm_up()
            except BaseException as error:      # raised in the caller's thread below
                errors.append(error)

        threads = [threading.Thread(target=warm, args=(k,), daemon=True) for k in self.kernels[1:]]
        for thread in threads:
            thread.start()
        warm(self.kernels[0])
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]

    def interrupt(self) -> None:
        for kernel in self.kernels:
            kernel.interrupt()

    def release(self, kernel: WarmKernel) -> None:
        """Shut a kernel down that has nothing more to run (while the others finish): its process is gone
        by the time the render ends."""
        kernel.__exit__()
        kernel.km = None

    def __exit__(self, *exc) -> None:
        for kernel in self.kernels:
            if kernel.km is not None:
                kernel.__exit__()
