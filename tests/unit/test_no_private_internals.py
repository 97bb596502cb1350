"""No private internals (issue 19): nothing in `figures` calls, reads, assigns or overrides an underscore
attribute of another library's object (matplotlib, pandas, jupyter_client, nbclient, IPython, ...).

A static scan of src/figures with `ast`. What counts:

- `x._name` (read, call or assignment) where `x` is anything but `self`/`cls` or a module of `figures`
  itself: the scan cannot know `x`'s type, so an underscore attribute on any other object is suspect
  (`fig._get_renderer()`, `label._figures_bar = patch`, `legend._ncols`);
- `getattr(x, "_name")`, `setattr(x, "_name", ...)`, `hasattr(x, "_name")` and `x.__dict__`: the same,
  spelt otherwise;
- `Library.name = ...` where `Library` is imported from another library: a patch of it, public or not;
- in a class with a base from another library, `self._name` or `def _name` where the base has `_name`:
  a call to, or an override of, that library's private method.

Underscore names of the project's own objects (`self._lock`, `charts._clean`) are the project's business.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "figures"

# Underscore names that are a library's documented, public API: the allow-list. Each with where it is
# documented; nothing else goes here.
PUBLIC = {
    ("os", "_exit"),    # https://docs.python.org/3/library/os.html#os._exit
}


def _own_modules(tree: ast.Module) -> set[str]:
    """Names bound to a module of `figures` (import figures.x as y, from figures import x)."""
    own = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            own |= {(a.asname or a.name.split(".")[0]) for a in node.names if a.name.split(".")[0] == "figures"}
        elif isinstance(node, ast.ImportFrom) and (node.level > 0 or (node.module or "").split(".")[0] == "figures"):
            own |= {a.asname or a.name for a in node.names}
    return own


def _foreign_imports(tree: ast.Module) -> dict[str, str]:
    """Names bound to another library's object: name -> dotted path (for resolving a class's bases)."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] != "figures":
                    found[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module.split(".")[0] != "figures":
            for a in node.names:
                found[a.asname or a.name] = f"{node.module}.{a.name}"
    return found


def _resolve(dotted: str):
    """The object at a dotted path (module, then attributes), or None."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            target = getattr(target, name, None)
        return target
    return None


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    return None


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def findings(path: Path) -> list[str]:
    """Each place in `path` that reaches another library's private attribute, as `line: what`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own, foreign, found = _own_modules(tree), _foreign_imports(tree), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            base = node.value.id if isinstance(node.value, ast.Name) else None
            if isinstance(node.ctx, ast.Store) and base in foreign:
                found.append(f"{node.lineno}: {ast.unparse(node)} patched")
            elif node.attr == "__dict__" and base not in ("self", "cls"):
                found.append(f"{node.lineno}: {ast.unparse(node)}")
            elif _private(node.attr) and base not in ("self", "cls") and base not in own \
                    and (foreign.get(base), node.attr) not in PUBLIC:
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("getattr", "setattr", "hasattr", "delattr") and len(node.args) >= 2 \
                and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str) \
                and _private(node.args[1].value):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.ClassDef):
            bases = [_resolve(foreign[d.split(".")[0]] + d[len(d.split(".")[0]):])
                     for d in map(_dotted, node.bases) if d and d.split(".")[0] in foreign]
            bases = [b for b in bases if isinstance(b, type)]
            if not bases:
                continue
            for inner in ast.walk(node):
                name = None
                if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) and _private(inner.name):
                    name = inner.name
                elif isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) \
                        and inner.value.id == "self" and _private(inner.attr):
                    name = inner.attr
                if name and any(hasattr(b, name) for b in bases):
                    found.append(f"{inner.lineno}: {name} of {', '.join(b.__name__ for b in bases)}")
    return sorted(found, key=lambda f: int(f.split(":")[0]))


FILES = sorted(str(p.relative_to(SOURCE)) for p in SOURCE.rglob("*.py"))


@pytest.mark.parametrize("name", FILES)
def test_no_private_attribute_of_another_library(name):
    assert findings(SOURCE / name) == []


def test_the_scan_finds_each_kind_of_private_use(tmp_path):
    # Hand-written: each line one kind the scan must find, and the project's own underscores it must not.
    source = tmp_path / "example.py"
    source.write_text(
        "import os\n"
        "from figures import charts\n"
        "from jupyter_client.manager import KernelManager\n"
        "renderer = fig._get_renderer()\n"                      # 4: a private method called
        "label._figures_bar = patch\n"                          # 5: state hung on another object
        "wanted = getattr(legend, '_ncols', 1)\n"               # 6: the same, spelt with getattr
        "fits = fig.__dict__.get('fits')\n"                     # 7: an object's attributes reached into
        "value = charts._clean(2.0)\n"                          # the project's own: not a finding
        "os._exit(1)\n"                                         # documented public: not a finding
        "class Manager(KernelManager):\n"
        "    def _launch_kernel(self, command, **kw):\n"        # 11: a private method overridden
        "        self._mine = 1\n"                              # the class's own (the base has none)
        "        return self._async_pre_start_kernel()\n"      # 13: a private method of the base called
        "from matplotlib.textpath import TextToPath\n"
        "TextToPath.get_text_width_height_descent = measure\n",  # 15: another library patched
        encoding="utf-8")
    assert [f.split(":")[0] for f in findings(source)] == ["4", "5", "6", "7", "11", "13", "15"]
