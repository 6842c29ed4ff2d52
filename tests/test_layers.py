"""The one-way flow (parsers -> segment -> checks/classify -> review -> reports -> cli), checked on the source:
no library module imports the report layer or the CLI, and the report layer never imports the CLI.
`lint-imports` (import-linter, .importlinter) checks the full layer order in CI as well."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "scenarioreview"


def _imports(path: Path) -> set[str]:
    """Absolute dotted names this module imports from the package."""
    pkg = ["scenarioreview", *path.relative_to(SRC).with_suffix("").parts[:-1]]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = pkg[: len(pkg) - node.level + 1] if node.level else []
            name = ".".join([*base, *(node.module.split(".") if node.module else [])])
            out.add(name)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {n for n in out if n.startswith("scenarioreview")}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


MODULES = sorted(p for p in SRC.rglob("*.py") if p.name != "__main__.py")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_import_runs_upward(path: Path) -> None:
    own = _layer("scenarioreview." + ".".join(path.relative_to(SRC).with_suffix("").parts))
    forbidden = {"cli"} if own == "reports" else set() if own == "cli" else {"cli", "reports"}
    bad = sorted(m for m in _imports(path) if _layer(m) in forbidden)
    assert not bad, f"{path.relative_to(SRC)} imports {bad}"


def test_the_walker_sees_imports() -> None:
    """The check above can fail: the CLI does import the report layer."""
    assert any(_layer(m) == "reports" for m in _imports(SRC / "cli" / "review.py"))
