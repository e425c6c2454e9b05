"""The catalog's modules import one another without a cycle, and search needs no models.

A module that many import imports few (docs/STYLE.md): catalog/search.py holds search
expressions that catalog/models.py builds on, so it must not reach back for the models.
Imports inside functions count too: they hide a cycle from Python, not from a reader.
"""

import ast
import subprocess
import sys
from pathlib import Path

CATALOG = Path(__file__).resolve().parent.parent / "catalog"


def module_name(path):
    parts = path.relative_to(CATALOG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path, modules):
    """The catalog modules one file imports, at module level or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # `from catalog import views` imports catalog.views; `from catalog.models import X`
            # imports catalog.models.
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(name for name in names if name in modules)
    return found


def import_graph():
    paths = [path for path in CATALOG.rglob("*.py") if "migrations" not in path.parts]
    modules = {module_name(path): path for path in paths}
    return {name: imported_modules(path, modules) - {name} for name, path in modules.items()}


def cycles(graph):
    """Every cycle found by a depth-first walk, as lists of modules."""
    found, state = [], {}

    def visit(module, path):
        state[module] = "open"
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                found.append([*path[path.index(imported) :], imported])
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


def test_the_import_graph_is_read_from_the_code():
    graph = import_graph()
    assert "catalog.search" in graph["catalog.models"]
    assert "catalog.models" in graph["catalog.views"]


def test_no_catalog_module_imports_itself_back():
    assert cycles(import_graph()) == []


def test_search_imports_no_models():
    assert not {"catalog.models", "catalog.views"} & import_graph()["catalog.search"]
    program = "import sys, catalog.search; print(sorted(m for m in sys.modules if 'catalog' in m))"
    imported = subprocess.run(
        [sys.executable, "-c", program],
        cwd=CATALOG.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert imported.stdout.strip() == "['catalog', 'catalog.search']"
