"""The README's Layout block is the package map a newcomer reads first: every module and sub-package of
src/scenarioreview is named in it, and it names no module that no longer exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "scenarioreview"


def _layout_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("### Layout")
    return readme[start : readme.index("\n### ", start + 1)]


def test_every_module_and_subpackage_is_on_the_map() -> None:
    block = _layout_block()
    modules = [p for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    packages = [p for p in PACKAGE.rglob("*") if p.is_dir() and p.name not in ("__pycache__", "templates")]
    assert len(modules) > 50 and len(packages) >= 8  # the walk found the tree
    missing = [str(p.relative_to(PACKAGE)) for p in modules if p.name not in block]
    missing += [f"{p.relative_to(PACKAGE)}/" for p in packages if f"{p.name}/" not in block]
    assert not missing, f"README Layout does not name: {missing}"


def test_the_map_names_no_module_that_is_gone() -> None:
    names = {p.name for p in PACKAGE.rglob("*.py")}
    mentioned = set(re.findall(r"(?<![\w/])([a-z_]+\.py)\b", _layout_block())) - {"setup.py"}
    gone = sorted(m for m in mentioned if m not in names)
    assert not gone, f"README Layout names modules that do not exist: {gone}"
