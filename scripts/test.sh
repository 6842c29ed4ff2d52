#!/usr/bin/env bash
# The README's test command: install the package with test dependencies (CPU torch pinned), run the gates, then
# every test. The gates run first (seconds, not minutes); each one that fails is named and fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q torch==2.13.0
python3 -m pip install -q -e ".[test]" torch==2.13.0

failed=()
gate() {  # gate NAME CMD...: run CMD, remember NAME if it fails, go on so one run shows every failing gate
  echo "== $1"
  "${@:2}" || failed+=("$1")
}
gate "ruff check" ruff check src tests
gate "ruff format" ruff format --check src tests
gate "mypy --strict (src/, pyproject [tool.mypy])" mypy
# lint-imports reads the importable package: point it at this tree, whatever else is installed
gate "lint-imports (one-way layers, .importlinter)" env PYTHONPATH="src${PYTHONPATH:+:$PYTHONPATH}" lint-imports
if ((${#failed[@]})); then
  printf 'gate failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
python3 -m pytest -q "$@"
