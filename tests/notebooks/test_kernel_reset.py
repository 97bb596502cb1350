"""One warm kernel runs every notebook of a render: each must start as in a fresh kernel, seeing nothing of
the notebook before it (its variables, its outputs), as `%reset -f` would leave it (which keeps the input
history, `In`: code, not values)."""

from __future__ import annotations

import asyncio

import nbformat
from figures.render.kernels import Kernel


def _notebook(*sources: str) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell('year = 2025\nlang = "nl"', metadata={"tags": ["parameters"]})]
    notebook.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    return notebook


CHECK = """import re
leaks = [name for name in ("leftover", "pd", "shown") if name in globals()]
leaks += [name for name in globals() if re.fullmatch(r"_\\d+", name)]
assert not leaks, leaks
assert not Out and _ == "", (Out, _)
assert year == 2025 and lang == "fr"
"""


def test_a_notebook_sees_nothing_of_the_one_before(tmp_path):
    first, second = tmp_path / "01_first.ipynb", tmp_path / "02_second.ipynb"
    # The first notebook leaves a name, a module, an output (Out, _3) and inputs; it sees them itself.
    nbformat.write(_notebook("leftover = 1\nimport pandas as pd", "shown = 6 * 7\nshown",
                             "assert leftover == 1 and Out and _ == 42"), first)
    nbformat.write(_notebook(CHECK), second)
    async def both():
        async with Kernel(tmp_path) as kernel:
            await kernel.execute(first, tmp_path / "out-1.ipynb", {"year": 2025, "lang": "nl"})
            await kernel.execute(second, tmp_path / "out-2.ipynb", {"year": 2025, "lang": "fr"})

    asyncio.run(both())
    executed = nbformat.read(tmp_path / "out-2.ipynb", as_version=4)
    assert not [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
