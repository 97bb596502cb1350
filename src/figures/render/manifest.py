"""manifest.json: what a report was made from and how, so that anyone can check or redo it."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import figures
from figures import paths

# The packages whose versions shape the figures and the documents.
PACKAGES = ("pandas", "numpy", "pyarrow", "python-calamine", "openpyxl", "PyYAML", "babel", "matplotlib",
            "papermill", "nbformat", "nbclient", "nbconvert", "ipykernel", "Jinja2", "weasyprint",
            "scipy")


def package_versions() -> dict[str, str]:
    versions = {"python": sys.version.split()[0], "figures": figures.__version__}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_commit(root: Path = paths.ROOT) -> dict | None:
    """The commit of the project and whether the work tree had changes; None outside git."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return {"commit": commit.stdout.strip(), "dirty": bool(status.stdout.strip())}


# The warnings of a render: every one in this file of the report folder, the manifest holds their count per
# kind and the first few (a year with 10,000 trainees who left made a manifest of 3.6 MB).
WARNINGS_FILE = "validation-warnings.json"
FIRST_WARNINGS = 10


def warnings_summary(problems: list, described: list[dict]) -> dict:
    """The manifest's account of the validation warnings: how many, how many of each kind (severity, file,
    column, what was found), the first `FIRST_WARNINGS` as `described`, and where the others are."""
    kinds: dict[tuple, int] = {}
    for problem in problems:
        kind = (problem.severity, problem.file, problem.column, problem.found.key if problem.found else None)
        kinds[kind] = kinds.get(kind, 0) + 1
    return {
        "count": len(problems),
        "kinds": [{"severity": severity, "file": file, "column": column, "found": found, "count": count}
                  for (severity, file, column, found), count in kinds.items()],
        "first": described[:FIRST_WARNINGS],
        "all": WARNINGS_FILE,
    }


def write_manifest(target: Path, content: dict) -> None:
    """UTF-8 JSON; a folder name that is not UTF-8 (kept by Python as lone surrogates) is written as its
    JSON escape (\\udce9), so the file stays valid."""
    text = json.dumps(content, indent=2, ensure_ascii=False, default=str) + "\n"
    target.write_bytes(text.encode("utf-8", "backslashreplace"))
