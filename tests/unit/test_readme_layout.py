"""The README's layout section names every module of the package (the chapters by their folder), as they are."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
LAYOUT = README[README.index("## Layout"):]


def test_every_module_of_the_package_is_in_the_layout():
    package = ROOT / "src" / "figures"
    modules = [p.name for p in [*package.glob("*.py"), *(package / "render").glob("*.py")]
               if p.stem not in ("__init__", "__main__")]
    assert [m for m in modules if m not in LAYOUT] == []


def test_the_chapters_folder_and_every_catalogue_is_in_the_layout():
    # The chapters are one line (`chapters/`, one module per chapter): a new chapter changes no README.
    assert "chapters/" in LAYOUT and "one module per chapter" in LAYOUT
    catalogues = [p.name for p in (ROOT / "src" / "figures" / "i18n").glob("*.yaml")]
    assert [c for c in catalogues if c not in LAYOUT] == []
