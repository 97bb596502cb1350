"""manifest.json: package versions, the git commit and the file itself."""

from __future__ import annotations

import json
import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

import pytest

import figures
from figures.render import manifest


def test_package_versions_name_python_the_project_and_every_package():
    versions = manifest.package_versions()
    assert versions["python"] == platform.python_version()
    assert versions["figures"] == figures.__version__
    for name in manifest.PACKAGES:
        assert versions[name] == metadata.version(name), name


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_commit_and_whether_the_tree_had_changes(tmp_path):
    def git(*args):
        return subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    (tmp_path / "a.txt").write_text("a")
    git("add", "a.txt")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "a")
    head = git("rev-parse", "HEAD").strip()
    assert manifest.git_commit(tmp_path) == {"commit": head, "dirty": False}
    (tmp_path / "a.txt").write_text("changed")
    assert manifest.git_commit(tmp_path) == {"commit": head, "dirty": True}


def test_no_git_commit_outside_a_repository(tmp_path):
    assert manifest.git_commit(tmp_path) is None


def test_write_manifest_keeps_non_ascii_and_writes_paths_as_text(tmp_path):
    target = tmp_path / "manifest.json"
    manifest.write_manifest(target, {"note": "Coördinatiecomité – 4.639.816 €", "path": Path("data/raw")})
    raw = target.read_text(encoding="utf-8")
    assert "Coördinatiecomité – 4.639.816 €" in raw and raw.endswith("\n")
    assert json.loads(raw) == {"note": "Coördinatiecomité – 4.639.816 €", "path": "data/raw"}
