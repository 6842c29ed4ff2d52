#!/usr/bin/env bash
# The README's test command: install the package with test dependencies (CPU torch pinned), run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q torch==2.13.0
python3 -m pip install -q -e ".[test]" torch==2.13.0
lint-imports  # the one-way layers (.importlinter): fails the run on an upward import
python3 -m pytest -q "$@"
