"""Write tests/fixtures/review/contract/*.json: the report.json a small batch gets through the CLI (review,
then an expert-score import), normalised as tests/test_review_contract.py normalises it.

The committed files were made by the code BEFORE the typed review level (commit a7a36a0), so the test pins
the ``scenarioreview.review/1`` bytes across that refactor:
    git worktree add /tmp/pre a7a36a0 && PYTHONPATH=/tmp/pre/src python3 scripts/pin_review_contract.py
Regenerate only for an intended contract change (keys are only ever added).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_review_contract import EXPECTED, build_outputs

    import scenarioreview

    print(f"code: {Path(scenarioreview.__file__).parent}")
    with tempfile.TemporaryDirectory() as tmp:
        texts = build_outputs(Path(tmp))
    EXPECTED.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (EXPECTED / name).write_text(text, encoding="utf-8")
        print(f"{EXPECTED / name}: {len(text):,} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
