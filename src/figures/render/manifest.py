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
PACKAGES = ("pandas", "numpy", "pyarrow", "python-calamine", "openpyxl", "pandera", "PyYAML", "babel", "matplotlib",
            "papermill", "nbformat", "nbclient", "nbconvert", "ipykernel", "Jinja2", "weasyprint")


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


def write_manifest(target: Path, content: dict) -> None:
    """UTF-8 JSON; a folder name that is not UTF-8 (kept by Python as lone surrogates) is written as its
    JSON escape (\\udce9), so the file stays valid."""
    text = json.dumps(content, indent=2, ensure_ascii=False, default=str) + "\n"
    target.write_bytes(text.encode("utf-8", "backslashreplace"))
