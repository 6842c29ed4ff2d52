"""The one-way flow (parsers -> segment -> checks/classify -> review -> reports -> cli), checked on the source:
no library module imports the report layer or the CLI, the report layer never imports the CLI, and no two
modules import each other, directly or round a longer loop (imports inside functions count: a lazy import is
still a dependency). `lint-imports` (import-linter, .importlinter) checks the full layer order in CI as well."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "scenarioreview"


def _module_name(path: Path) -> str:
    parts = ["scenarioreview", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(p for p in SRC.rglob("*.py") if p.name != "__main__.py")
NAMES = {_module_name(p) for p in MODULES}


def _imports(path: Path, known: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """Absolute dotted names this module imports from the package. ``from .pkg import mod`` names the
    submodule when it is one of ``known``, otherwise the package it was taken from."""
    own = _module_name(path).split(".")
    pkg = own if path.name == "__init__.py" else own[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = pkg[: len(pkg) - node.level + 1] if node.level else []
            name = ".".join([*base, *(node.module.split(".") if node.module else [])])
            out.update(f"{name}.{a.name}" if f"{name}.{a.name}" in known else name for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {n for n in out if n.startswith("scenarioreview")}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_import_runs_upward(path: Path) -> None:
    own = _layer(_module_name(path))
    forbidden = {"cli"} if own == "reports" else set() if own == "cli" else {"cli", "reports"}
    bad = sorted(m for m in _imports(path) if _layer(m) in forbidden)
    assert not bad, f"{path.relative_to(SRC)} imports {bad}"


def test_the_walker_sees_imports() -> None:
    """The check above can fail: the CLI does import the report layer."""
    assert any(_layer(m) == "reports" for m in _imports(SRC / "cli" / "review.py"))


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            nxt = next((w for w in successors if w not in index or w in on_stack), None)
            if nxt is not None and nxt not in index:
                index[nxt] = low[nxt] = len(index)
                stack.append(nxt)
                on_stack.add(nxt)
                work.append((nxt, iter(sorted(graph.get(nxt, ())))))
            elif nxt is not None:
                low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == node:
                            break
                    if len(component) > 1:
                        cycles.append(sorted(component))
    return cycles


def test_no_import_cycle() -> None:
    graph = {_module_name(p): _imports(p, NAMES) & NAMES - {_module_name(p)} for p in MODULES}
    cycles = import_cycles(graph)
    assert not cycles, "modules importing each other: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_the_cycle_check_can_fail() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e", "d"}, "f": {"d"}, "g": {"f"}}
    assert import_cycles(graph) == [["a", "b", "c"]]
    assert import_cycles({"x": {"y"}, "y": {"x"}, "z": {"x"}}) == [["x", "y"]]
    # the walker resolves `from . import documents` to the submodule, so the CLI's registration is seen
    assert "scenarioreview.cli.documents" in _imports(SRC / "cli" / "__init__.py", NAMES)
