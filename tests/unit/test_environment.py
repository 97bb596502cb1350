"""pyproject.toml, environment.yml and requirements.lock name the same pinned dependencies."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _normalise(requirement: str) -> str:
    name, _, version = requirement.partition("==")
    return f"{re.sub(r'[-_.]+', '-', name.strip().lower())}=={version.strip()}"


def _pyproject() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    return {_normalise(r) for r in requirements}


def test_every_dependency_is_pinned():
    assert all("==" in r for r in _pyproject())


def test_environment_yml_lists_the_same_dependencies():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert {_normalise(r) for r in pip if not r.startswith("-e")} == _pyproject()


def test_lock_file_agrees_with_pyproject():
    lock = {_normalise(line) for line in (ROOT / "requirements.lock").read_text().splitlines()
            if line and not line.startswith("#")}
    # JupyterLab lives in its own environment (make lab), so it is not in the lock.
    wanted = {r for r in _pyproject() if not r.startswith("jupyterlab==")}
    assert wanted <= lock


def test_lab_lock_pins_the_same_jupyterlab():
    lab = {_normalise(line) for line in (ROOT / "requirements-lab.lock").read_text().splitlines()
           if line and not line.startswith("#")}
    assert {r for r in _pyproject() if r.startswith("jupyterlab==")} <= lab


def test_no_two_test_modules_share_a_name():
    # pytest imports test modules by their file name (no __init__.py): two of one name stop the collection.
    from collections import Counter
    from pathlib import Path

    names = Counter(p.name for p in (Path(__file__).resolve().parents[1]).rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
