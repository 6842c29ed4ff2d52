"""Functions in src/ read in one screen: none is over 60 lines unless its signature carries a one-line reason,
``# long: <reason>``. Complexity is ruff's C901 (max 15, pyproject.toml); a function allowed to exceed it says
``# long: <reason>  # noqa: C901`` on its def line, and a bare ``noqa: C901`` without a reason fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
MAX_LINES = 60
_REASON = re.compile(r"#\s*long:\s*\S")
_NOQA_C901 = re.compile(r"noqa:[^#\n]*\bC901\b")


def _signature_lines(lines: list[str], fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """The def line through the line before the body: where a reason for the function's shape is written."""
    return lines[fn.lineno - 1 : max(fn.lineno, fn.body[0].lineno - 1)]


def shape_problems(source: str, name: str) -> list[str]:
    """Each function of ``source`` that is too long without a reason, or silences C901 without one."""
    lines = source.splitlines()
    out = []
    for fn in ast.walk(ast.parse(source)):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        signature = "\n".join(_signature_lines(lines, fn))
        has_reason = _REASON.search(signature) is not None
        length = (fn.end_lineno or fn.lineno) - fn.lineno + 1
        if length > MAX_LINES and not has_reason:
            out.append(f"{name}:{fn.lineno} {fn.name} is {length} lines (> {MAX_LINES}) without '# long: <reason>'")
        if _NOQA_C901.search(signature) and not has_reason:
            out.append(f"{name}:{fn.lineno} {fn.name} silences C901 without '# long: <reason>'")
    return out


def test_functions_in_src_are_short_or_say_why() -> None:
    problems = [p for path in sorted(SRC.rglob("*.py"))
                for p in shape_problems(path.read_text(encoding="utf-8"), str(path.relative_to(SRC)))]
    assert not problems, "\n".join(problems)


def test_the_check_can_fail() -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_LINES))
    assert shape_problems(f"def f() -> None:\n{body}", "m.py") == [
        f"m.py:1 f is {MAX_LINES + 1} lines (> {MAX_LINES}) without '# long: <reason>'"]
    assert shape_problems(f"def f(  # long: one table of rules, read top to bottom\n) -> None:\n{body}", "m.py") == []
    assert shape_problems(f"def f() -> None:\n{''.join(body.splitlines(keepends=True)[1:])}", "m.py") == []
    assert shape_problems("def g(a):  # noqa: C901\n    return a\n", "m.py") == [
        "m.py:1 g silences C901 without '# long: <reason>'"]
    assert shape_problems("def g(a):  # long: a flat dispatch  # noqa: C901\n    return a\n", "m.py") == []
