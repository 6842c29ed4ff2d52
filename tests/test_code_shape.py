"""Functions in src/ read in one screen: none is over 60 lines unless its signature carries a one-line reason,
``# long: <reason>``. Complexity is ruff's C901 (max 15, pyproject.toml); a function allowed to exceed it says
``# long: <reason>  # noqa: C901`` on its def line, and a bare ``noqa: C901`` without a reason fails here.

Length is measured on the code as ``ruff format`` lays it out (a formatted copy in a temporary folder), so
the verdict is the same before and after the tree is formatted: a call split one argument per line counts
as the lines a reader scrolls through."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
MAX_LINES = 60
_REASON = re.compile(r"#\s*long:\s*\S")
_NOQA_C901 = re.compile(r"noqa:[^#\n]*\bC901\b")

Function = ast.FunctionDef | ast.AsyncFunctionDef


def _functions(source: str) -> list[Function]:
    return [n for n in ast.walk(ast.parse(source)) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _signature(lines: list[str], fn: Function) -> str:
    """The def line through the line before the body: where a reason for the function's shape is written."""
    return "\n".join(lines[fn.lineno - 1 : max(fn.lineno, fn.body[0].lineno - 1)])


def shape_problems(source: str, name: str, formatted: str | None = None) -> list[str]:
    """Each function of ``source`` that is too long without a reason, or silences C901 without one. Lengths
    come from ``formatted`` (the same module after ``ruff format``) when given."""
    lines = source.splitlines()
    functions = _functions(source)
    measured = _functions(formatted) if formatted is not None else functions
    assert [f.name for f in measured] == [f.name for f in functions], (
        f"{name}: formatting changed the functions"
    )
    out = []
    for fn, laid_out in zip(functions, measured, strict=True):
        has_reason = _REASON.search(_signature(lines, fn)) is not None
        length = (laid_out.end_lineno or laid_out.lineno) - laid_out.lineno + 1
        if length > MAX_LINES and not has_reason:
            out.append(
                f"{name}:{fn.lineno} {fn.name} is {length} lines (> {MAX_LINES}) without '# long: <reason>'"
            )
        if _NOQA_C901.search(_signature(lines, fn)) and not has_reason:
            out.append(f"{name}:{fn.lineno} {fn.name} silences C901 without '# long: <reason>'")
    return out


def test_functions_in_src_are_short_or_say_why(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "ruff", "format", "-q", "--config", str(ROOT / "pyproject.toml"), str(copy)],
        check=True,
    )
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        problems += shape_problems(
            path.read_text(encoding="utf-8"), str(rel), (copy / rel).read_text(encoding="utf-8")
        )
    assert not problems, "\n".join(problems)


def test_the_check_can_fail() -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_LINES))
    assert shape_problems(f"def f() -> None:\n{body}", "m.py") == [
        f"m.py:1 f is {MAX_LINES + 1} lines (> {MAX_LINES}) without '# long: <reason>'"
    ]
    assert (
        shape_problems(f"def f(  # long: one table of rules, read top to bottom\n) -> None:\n{body}", "m.py")
        == []
    )
    shorter = "".join(body.splitlines(keepends=True)[1:])
    assert shape_problems(f"def f() -> None:\n{shorter}", "m.py") == []
    # measured as formatted: one line in the source, but many once laid out
    assert shape_problems(f"def f() -> None:\n{shorter}", "m.py", f"def f() -> None:\n{body}") != []
    assert shape_problems("def g(a):  # noqa: C901\n    return a\n", "m.py") == [
        "m.py:1 g silences C901 without '# long: <reason>'"
    ]
    assert shape_problems("def g(a):  # long: a flat dispatch  # noqa: C901\n    return a\n", "m.py") == []
