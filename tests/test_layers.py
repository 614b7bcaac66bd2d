"""The layering of the house, read from the source with ``ast`` (no import is executed).

Dependencies point one way:

    qms.lib ← qms.agencies ← qms.api ← documents ← audits ← qms.monitoring ← qms ← qms.devdata

A module may import its own layer and the layers to its left, never one to its right, and no
two modules may import each other, directly or through others. Imports inside functions count:
they are how an upward dependency hides. Migrations are left out: they are history.
"""

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("qms", "documents", "audits")

# Most specific prefix first: everything in the project package that is not one of its
# apps (urls, the cross-app pages, settings) is the "qms" layer.
LAYERS = [
    ("qms.lib", 0),
    ("qms.agencies", 1),
    ("qms.api", 2),
    ("documents", 3),
    ("audits", 4),
    ("qms.monitoring", 5),
    ("qms.devdata", 7),
    ("qms", 6),
]
LAYER_NAMES = {rank: prefix for prefix, rank in LAYERS}


def layer_of(module: str) -> int:
    for prefix, rank in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return rank
    raise ValueError(module)


@cache
def project_modules() -> dict[str, Path]:
    """Every module of the apps by dotted name; a package is named by its ``__init__``."""
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            modules[".".join(parts)] = path
    return modules


def imported_modules(name: str, path: Path, source: str | None = None) -> set[str]:
    """The project modules that ``name`` imports, anywhere in its body."""
    modules = project_modules()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    tree = ast.parse(path.read_text() if source is None else source, filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # "from pkg import name" imports the module pkg.name when there is one.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


@cache
def import_graph() -> dict[str, set[str]]:
    return {name: imported_modules(name, path) for name, path in project_modules().items()}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{source} ({LAYER_NAMES[layer_of(source)]}) imports {target} "
        f"({LAYER_NAMES[layer_of(target)]})"
        for source, targets in graph.items()
        for target in targets
        if layer_of(target) > layer_of(source)
    )


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_points_up_a_layer():
    assert upward_imports(import_graph()) == []


def test_no_modules_import_each_other():
    assert cycles(import_graph()) == []


def test_the_walk_sees_an_upward_import_inside_a_function_and_the_cycle_it_closes():
    # The two checks above must be able to fail: plant an import of audits.models inside a
    # function of qms.lib.text (read from a string; no file changes) and both report it.
    path = ROOT / "qms" / "lib" / "text.py"
    planted = path.read_text() + "\n\ndef _planted():\n    from audits.models import Action\n"
    graph = dict(import_graph())
    graph["qms.lib.text"] = imported_modules("qms.lib.text", path, planted)
    assert "qms.lib.text (qms.lib) imports audits.models (audits)" in upward_imports(graph)
    assert any("qms.lib.text" in group for group in cycles(graph))
