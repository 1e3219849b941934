"""The apps depend one way (README, Layout): `catalog` knows nothing of the shop around it,
`legal` and `paperwork` serve everyone and use no shop app, no app reaches into `complaints`
or `privacy`, `newsletter` (consents) knows no shop app and `contact` only `newsletter`, and no
module imports another that imports it back."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("cestmoi", "legal", "paperwork", "catalog", "cart", "orders", "accounts")
APPS += ("fiscal", "complaints", "newsletter", "contact", "privacy")
# app → the project apps it must never import (anywhere, module level or inside functions).
FORBIDDEN = {
    "catalog": {
        "cart",
        "orders",
        "accounts",
        "complaints",
        "newsletter",
        "contact",
        "privacy",
        "paperwork",
        "fiscal",
    },
    "legal": {
        "catalog",
        "cart",
        "orders",
        "accounts",
        "complaints",
        "newsletter",
        "contact",
        "privacy",
        "paperwork",
        "fiscal",
    },
    "paperwork": {
        "legal",
        "catalog",
        "cart",
        "orders",
        "accounts",
        "complaints",
        "newsletter",
        "contact",
        "privacy",
        "fiscal",
    },
    "cart": {"orders", "accounts", "complaints", "newsletter", "contact", "privacy", "fiscal"},
    # orders queues the fiscal app's tasks by name (settings.ORDER_EVENT_TASKS), never imports it.
    "orders": {"accounts", "complaints", "privacy", "fiscal"},
    "fiscal": {"accounts", "complaints", "privacy"},
    "accounts": {"complaints", "privacy"},
    "newsletter": {
        "catalog",
        "cart",
        "orders",
        "accounts",
        "complaints",
        "contact",
        "privacy",
        "fiscal",
    },
    "contact": {"catalog", "cart", "orders", "accounts", "complaints", "privacy", "fiscal"},
}


def project_modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imports_of(name: str, path: Path, *, module_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text())
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                stem = package[: len(package) - node.level + 1]
                base = ".".join([*stem, base] if base else stem)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _closest_module(target: str, modules) -> str | None:
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def test_no_module_imports_one_that_imports_it_back():
    modules = project_modules()
    graph = {
        name: {
            found
            for target in imports_of(name, path, module_level_only=True)
            if (found := _closest_module(target, modules)) and found != name
        }
        for name, path in modules.items()
    }
    cycles, state = [], {}

    def visit(name, trail):
        state[name] = "open"
        for target in graph[name]:
            if state.get(target) == "open":
                cycles.append(" → ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in graph:
        if name not in state:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_apps_depend_one_way(app):
    wrong = []
    for name, path in project_modules().items():
        if name.split(".")[0] != app:
            continue
        for target in imports_of(name, path, module_level_only=False):
            if target.split(".")[0] in FORBIDDEN[app]:
                wrong.append(f"{name} imports {target}")
    assert wrong == []
