"""The kernels a render runs its notebooks in: IPython kernels of this environment, started once, kept warm.

A `Kernel` is an async context manager on the render's event loop (jupyter_client's AsyncKernelManager): it
starts the kernel's process on entry (the process gets ready on its own while the render validates and
computes), `ready()` waits for it once and imports what every notebook needs, and one kernel client, started
once, runs every notebook given to it (figures.render.execute). On exit, whatever the outcome (a failure,
Ctrl-C), the kernel's process is stopped and its sockets removed. Only jupyter_client is imported here.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

# What every notebook imports, run once in each kernel; then the objects of those imports are frozen
# (gc.freeze): the collection the namespace reset between notebooks makes (IPython's reset) no longer walks
# them (figures.render.execute.RESET).
WARM_UP = "import pandas, pyarrow, matplotlib, figures.present, figures.charts, figures.notebook\n" \
          "import gc; gc.freeze(); del gc"

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


class Kernel:
    """One IPython kernel of this environment, kept alive across notebooks, and its one client."""

    def __init__(self, cwd: Path):
        self.cwd = Path(cwd)
        self.km: AsyncKernelManager | None = None
        self.kc = None
        self.sockets: str | None = None

    async def __aenter__(self) -> "Kernel":
        # IPC sockets in a private folder: no TCP port, nothing readable by other users. The folder
        # carries this process's id, so that the next render removes those of renders that were killed.
        remove_orphan_sockets()
        self.sockets = tempfile.mkdtemp(prefix=f"{SOCKETS_PREFIX}{os.getpid()}-")
        try:
            # Its connection file (which holds the kernel's key) in the same folder, not as a tmp*.json of the
            # temporary folder: a render killed with kill -9 leaves nothing the next one does not remove.
            self.km = AsyncKernelManager(kernel_name="python3", transport="ipc",
                                         ip=str(Path(self.sockets) / "kernel"),
                                         connection_file=str(Path(self.sockets) / "kernel.json"))
            # The kernel runs this interpreter, whatever kernelspecs the machine has.
            self.km.kernel_cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
            await self.km.start_kernel(cwd=str(self.cwd))
        except BaseException:
            await self.stop()
            raise
        return self

    async def ready(self) -> None:
        """Wait for the kernel (once) and import what every notebook needs."""
        if self.kc is not None:
            return
        kc = self.km.client()
        kc.start_channels(hb=False)         # the manager knows whether the process lives: no heartbeat thread
        self.kc = kc
        await kc.wait_for_ready(timeout=60)
        kc.allow_stdin = False
        reply = await kc.execute_interactive(WARM_UP, store_history=False, timeout=120,
                                             output_hook=lambda message: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")

    async def execute(self, notebook: Path, output: Path, parameters: dict, timeout: float | None = None,
                      summary: str | None = None) -> None:
        """Run `notebook` into `output`, `summary` its first cell (figures.render.execute.run_notebook)."""
        from figures.render import execute

        await self.ready()
        await execute.run_notebook(self, notebook, output, parameters,
                                   execute.CELL_TIMEOUT if timeout is None else timeout, summary)

    async def stop(self) -> None:
        """Stop the kernel's process and remove its sockets (again: nothing more)."""
        kc, km, self.kc, self.km = self.kc, self.km, None, None
        try:
            if kc is not None:
                kc.stop_channels()
            if km is not None and km.has_kernel:
                await km.shutdown_kernel(now=True)
        finally:
            if self.sockets is not None:
                shutil.rmtree(self.sockets, ignore_errors=True)
                self.sockets = None

    async def __aexit__(self, *exc) -> None:
        await self.stop()


# Two kernels on two cores: a render of nl and fr 9.1 s -> 7.9 s (--jobs 1 against 2, measured); a third
# was slower. Each kernel costs its imports (about 1 s of a core) and the memory of a year's tables.
DEFAULT_KERNELS = 2


def default_kernels() -> int:
    """One kernel per core, DEFAULT_KERNELS at most."""
    return max(1, min(DEFAULT_KERNELS, os.cpu_count() or 1))
